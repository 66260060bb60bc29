/* test-gui-print.c: the desk prints receipts, labels and kept reports
 *
 * Everything goes through GtkPrintOperation, exported to a PDF the way
 * "Save as PDF" does, and is read back with pdftotext, pdftoppm and
 * zbarimg. Receipts and labels are drawn on the desk by the same rules as
 * the server's documents, so they must agree with them; a released
 * report is the server's kept PDF drawn by poppler, which must say what
 * the server's copy says and is refused when its bytes are not those
 * listed.
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ld-error.h"
#include "ld-pdf-view.h"
#include "ld-print-labels.h"
#include "ld-print-operation.h"
#include "ld-print-pdf.h"
#include "ld-report-format.h"
#include "ld-test-documents.h"
#include "ld-test-reports.h"

#define TIMEOUT_US (120 * G_USEC_PER_SEC)

#define RAVI                                                                            \
  "{\"name\": \"Ravi Kulkarni\", \"sex\": \"male\", \"date_of_birth\": \"1971-04-12\"," \
  " \"phone\": \"+91 98123 45670\"}"
#define MEERA                                         \
  "{\"name\": \"Meera Pillai\", \"sex\": \"female\"," \
  " \"date_of_birth\": \"1990-06-15\", \"phone\": \"+91 98450 22222\"}"
#define ANITA                                            \
  "{\"name\": \"Anita Deshpande\", \"sex\": \"female\"," \
  " \"date_of_birth\": \"1984-02-09\", \"phone\": \"+91 98220 11223\"}"

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Printed;

static void
printed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Printed *printed = user_data;

  printed->ok = ld_print_receipt_finish (result, &printed->error);
  printed->done = TRUE;
}

static void
labels_printed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Printed *printed = user_data;

  printed->ok = ld_print_labels_finish (result, &printed->error);
  printed->done = TRUE;
}

/* Spins the main context until *@done; the limit only guards against a
 * hang. */
static void
wait_done (const gboolean *done,
           const char     *what)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_US;

  while (!*done)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
wait_printed (Printed *printed)
{
  wait_done (&printed->done, "the print to finish");
}

static void
assert_same_amount (const char *desk,
                    const char *server,
                    const char *caption)
{
  g_assert_cmpint (ld_test_receipt_amount (desk, caption), ==,
                   ld_test_receipt_amount (server, caption));
}

/* Cash with change, then a part refund: the printed receipt adds up and
 * says what the server's receipt says. */
static void
test_receipt_export (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = ld_lab_new_patient (lab, RAVI);
  g_autofree char *order_id =
    ld_lab_prescribe (lab, patient_id, "\"items\": [\"CBC\", \"LIPID\", \"CHOL\"]");
  g_autofree char *order_path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(LdTestResponse) before = ld_test_get (lab->server, order_path, lab->desk);
  gint64           total = ld_test_response_get_int (before, "order.total_paise");
  gint64           tendered = (total / 10000 + 1) * 10000;
  g_autofree char *pay_body =
    g_strdup_printf ("{\"method\": \"cash\", \"tendered_paise\": %" G_GINT64_FORMAT "}", tendered);
  g_autoptr(LdTestResponse) paid =
               ld_lab_order_post (lab, lab->desk, order_id, "payments", pay_body);
  g_autoptr(LdTestResponse) refunded =
      ld_lab_order_post (lab, lab->desk, order_id, "refunds",
                         "{\"method\": \"upi\", \"amount_paise\": 12000,"
                         " \"reference\": \"UPI-77\", \"reason\": \"Cholesterol not needed\"}");
  g_autoptr(LdTestResponse) order = NULL;
  g_autoptr(LdTestResponse) settings = NULL;
  g_autoptr(LdTestResponse) server_receipt = NULL;
  g_autofree char *server_pdf = NULL;
  g_autofree char *server_text = NULL;
  g_autofree char *desk_pdf = NULL;
  g_autofree char *desk_text = NULL;
  g_autofree char *change = ld_report_format_money (tendered - total);
  g_autofree char *total_text = ld_report_format_rupees (total);
  GtkWidget *window;
  Printed printed = { 0 };

  ld_test_assert_status (paid, 201);
  ld_test_assert_status (refunded, 201);
  ld_test_patch_settings (lab, "\"lab_name\": \"Sunrise Diagnostics\"");
  order = ld_test_get (lab->server, order_path, lab->desk);
  settings = ld_test_get (lab->server, "/api/v1/settings", lab->admin);
  ld_test_assert_status (order, 200);
  ld_test_assert_status (settings, 200);

  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), "Desk");
  gtk_window_present (GTK_WINDOW (window));
  /* Text measured on GTK's font map before the first renderer is made,
   * as the desk's screens do: the map has listed its fonts by then. */
  {
    g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (window, "Desk");
    int width = 0;

    pango_layout_get_pixel_size (layout, &width, NULL);
    g_assert_cmpint (width, >, 0);
  }

  desk_pdf = g_build_filename (ld_test_server_get_tmpdir (lab->server), "desk-receipt.pdf", NULL);
  ld_print_receipt_async (GTK_WINDOW (window),
                          json_object_get_object_member (ld_test_response_object (order), "order"),
                          ld_test_response_object (settings), "Asha Rao", desk_pdf, NULL,
                          printed_cb, &printed);
  /* Never done before the call returns: the callback is asynchronous. */
  g_assert_false (printed.done);
  wait_printed (&printed);
  g_assert_no_error (printed.error);
  g_assert_true (printed.ok);

  desk_text = ld_test_pdf_text (desk_pdf, 0);
  server_receipt = ld_test_get_document (lab, lab->desk, order_id, "receipt.pdf");
  server_pdf = ld_test_save_body (lab, server_receipt, "server-receipt.pdf");
  server_text = ld_test_pdf_text (server_pdf, 0);

  /* It adds up. */
  g_assert_cmpint (ld_test_receipt_amount (desk_text, "Total"), ==, total);
  g_assert_cmpint (ld_test_receipt_amount (desk_text, "Paid"), ==, total);
  g_assert_cmpint (ld_test_receipt_amount (desk_text, "Refunded"), ==, -12000);
  g_assert_cmpint (ld_test_receipt_amount (desk_text, "Net paid"), ==, total - 12000);
  g_assert_cmpint (ld_test_receipt_amount (desk_text, "Balance due"), ==, 0);
  ld_test_assert_contains (desk_text, total_text);
  ld_test_assert_contains (desk_text, "Sunrise Diagnostics");
  ld_test_assert_contains (desk_text, "Ravi Kulkarni");
  ld_test_assert_contains (desk_text, "Refund (UPI)");
  ld_test_assert_contains (desk_text, "UPI-77");
  ld_test_assert_contains (desk_text, "Reason: Cholesterol not needed");
  ld_test_assert_contains (desk_text, change);
  ld_test_assert_contains (desk_text, "Cashier");
  ld_test_assert_contains (desk_text, "Asha Rao");

  /* Both are set in the report fonts without hints (ld-report-fonts.c),
   * the desk's too, though its font map had listed the fonts for the
   * window before the first renderer added them. */
  {
    g_autofree char *desk_fonts = ld_test_run_tool ("pdffonts", desk_pdf, NULL);
    g_autofree char *server_fonts = ld_test_run_tool ("pdffonts", server_pdf, NULL);

    ld_test_assert_contains (desk_fonts, "NotoSansUnhinted-Regular");
    ld_test_assert_contains (server_fonts, "NotoSansUnhinted-Regular");
    g_assert_null (strstr (desk_fonts, "NotoSans-"));
    g_assert_null (strstr (server_fonts, "NotoSans-"));
  }

  /* And says what the server's receipt says. */
  for (guint i = 0; i < 6; i++)
    {
      const char *captions[] = {
        "Subtotal", "Total", "Paid", "Refunded", "Net paid", "Balance due"
      };

      assert_same_amount (desk_text, server_text, captions[i]);
    }
  {
    g_autofree char *number =
      g_strdup_printf ("%s/2", ld_test_response_get_string (order, "order.number"));

    ld_test_assert_contains (desk_text, number);
    ld_test_assert_contains (server_text, number);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  ld_lab_free (lab);
}

/* A cancelled print never reaches the printer and says so. */
static void
test_receipt_cancelled (void)
{
  g_autoptr(JsonObject) order = json_object_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *dir = g_dir_make_tmp ("ld-print-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "never.pdf", NULL);
  Printed printed = { 0 };

  json_object_set_string_member (order, "number", "O2611-000009");
  json_object_set_int_member (order, "total_paise", 50000);
  json_object_set_int_member (order, "balance_paise", 50000);
  ld_print_receipt_async (NULL, order, NULL, NULL, pdf, cancellable, printed_cb, &printed);
  g_cancellable_cancel (cancellable);
  wait_printed (&printed);
  g_assert_error (printed.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (printed.ok);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_error (&printed.error);
  g_rmdir (dir);
}

typedef struct
{
  LdLab       *lab;
  LdApiClient *client;
  char        *order_id;
  char        *ravi_id;
  GtkWidget   *window;
} Fixture;

static void
report_printed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Printed *printed = user_data;

  printed->ok = ld_print_report_finish (result, &printed->error);
  printed->done = TRUE;
}

static Fixture *the_fixture;

/* One released order for the whole binary: releasing is the slow part. */
static Fixture *
get_fixture (void)
{
  if (the_fixture == NULL)
    {
      g_autofree char *patient_id = NULL;
      Fixture *fx = g_new0 (Fixture, 1);

      fx->lab = ld_lab_new ();
      ld_test_patch_settings (fx->lab, "\"lab_name\": \"Sunrise Diagnostics\", "
                                       "\"public_base_url\": \"" LD_TEST_PUBLIC_URL "\"");
      patient_id = ld_lab_new_patient (fx->lab, ANITA);
      fx->order_id = ld_test_order_released (fx->lab, patient_id);
      fx->ravi_id = ld_lab_new_patient (fx->lab, RAVI);
      fx->client = ld_api_client_new (ld_test_server_get_uri (fx->lab->server));
      ld_api_client_set_token (fx->client, fx->lab->desk);
      fx->window = gtk_window_new ();
      gtk_window_set_title (GTK_WINDOW (fx->window), "Desk");
      gtk_window_present (GTK_WINDOW (fx->window));
      the_fixture = fx;
    }
  return the_fixture;
}

static void
free_fixture (void)
{
  Fixture *fx = g_steal_pointer (&the_fixture);

  if (fx == NULL)
    return;
  gtk_window_destroy (GTK_WINDOW (fx->window));
  g_assert_finalize_object (fx->client);
  ld_lab_free (fx->lab);
  g_free (fx->order_id);
  g_free (fx->ravi_id);
  g_free (fx);
}

static char *
export_path (Fixture    *fx,
             const char *name)
{
  return g_build_filename (ld_test_server_get_tmpdir (fx->lab->server), name, NULL);
}

/* A collected order as the bench holds it: the order, the patient's
 * record and the samples, each as the server gives them. */
typedef struct
{
  LdLab          *lab;
  char           *order_id;
  LdTestResponse *order;
  LdTestResponse *patient;
  LdTestResponse *samples;
  GtkWidget      *window;
} Collected;

static void
collected_init (Collected *collected)
{
  LdLab *lab = get_fixture ()->lab;
  const char *patient_id = get_fixture ()->ravi_id;
  g_autofree char *patient_path = g_strdup_printf ("/api/v1/patients/%s", patient_id);
  g_autofree char *order_path = NULL;
  g_autofree char *samples_path = NULL;

  collected->lab = lab;
  collected->order_id = ld_lab_order_in_lab (lab, patient_id, LD_TEST_SAMPLE_ITEMS);
  order_path = g_strdup_printf ("/api/v1/orders/%s", collected->order_id);
  samples_path = g_strdup_printf ("/api/v1/orders/%s/samples", collected->order_id);
  collected->order = ld_test_get (lab->server, order_path, lab->technician);
  collected->patient = ld_test_get (lab->server, patient_path, lab->technician);
  collected->samples = ld_test_get (lab->server, samples_path, lab->technician);
  ld_test_assert_status (collected->order, 200);
  ld_test_assert_status (collected->patient, 200);
  ld_test_assert_status (collected->samples, 200);

  collected->window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (collected->window), "Bench");
  gtk_window_present (GTK_WINDOW (collected->window));
}

static void
collected_clear (Collected *collected)
{
  gtk_window_destroy (GTK_WINDOW (collected->window));
  ld_test_response_free (collected->order);
  ld_test_response_free (collected->patient);
  ld_test_response_free (collected->samples);
  g_free (collected->order_id);
}

static JsonArray *
collected_samples (Collected *collected)
{
  return json_object_get_array_member (ld_test_response_object (collected->samples), "items");
}

static const char *
collected_accession (Collected *collected,
                     guint      i)
{
  JsonObject *sample = json_array_get_object_element (collected_samples (collected), i);

  return json_object_get_string_member (sample, "accession");
}

static char *
print_labels (Collected     *collected,
              LdLabelLayout  layout,
              guint          first_position,
              const char    *name)
{
  const char *dir = ld_test_server_get_tmpdir (collected->lab->server);
  g_autofree char *pdf = g_build_filename (dir, name, NULL);
  JsonObject      *order =
    json_object_get_object_member (ld_test_response_object (collected->order), "order");
  JsonObject *patient =
    json_object_get_object_member (ld_test_response_object (collected->patient), "patient");
  Printed printed = { 0 };

  ld_print_labels_async (GTK_WINDOW (collected->window), order, patient,
                         collected_samples (collected), NULL, layout, first_position, pdf, NULL,
                         labels_printed_cb, &printed);
  g_assert_false (printed.done);
  wait_printed (&printed);
  g_assert_no_error (printed.error);
  g_assert_true (printed.ok);
  return g_steal_pointer (&pdf);
}

/* The first page's size in points, as pdfinfo reads it. */
static void
assert_page_size (const char *pdf,
                  double      width,
                  double      height)
{
  g_autofree char *info = ld_test_run_tool ("pdfinfo", pdf, NULL);
  const char *line = strstr (info, "Page size:");
  char *end = NULL;

  g_assert_nonnull (line);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (line + strlen ("Page size:"), &end), width, 0.5);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (end + strlen (" x "), NULL), height, 0.5);
}

/* A roll: one 50 × 25 mm page per tube, the print dialog's paper being
 * the label's own; each barcode scans back as its sample's accession,
 * and the label says what the server's label says. */
static void
test_labels_roll (void)
{
  Collected collected;
  g_autofree char *pdf = NULL;
  g_autoptr(LdTestResponse) server_labels = NULL;
  g_autofree char *server_pdf = NULL;
  guint n;

  collected_init (&collected);
  n = json_array_get_length (collected_samples (&collected));
  g_assert_cmpuint (n, ==, 3);
  pdf = print_labels (&collected, LD_LABEL_LAYOUT_ROLL, 0, "labels-roll.pdf");
  g_assert_cmpuint (ld_test_pdf_n_pages (pdf), ==, n);
  assert_page_size (pdf, 50.0 * 72 / 25.4, 25.0 * 72 / 25.4);

  server_labels = ld_test_get_document (collected.lab, collected.lab->technician,
                                        collected.order_id, "labels.pdf");
  ld_test_assert_status (server_labels, 200);
  server_pdf = ld_test_save_body (collected.lab, server_labels, "server-labels.pdf");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *png = ld_test_pdf_to_png (pdf, i + 1, 300);
      g_autofree char *codes = ld_test_scan_codes (png);
      g_autofree char *expected =
        g_strdup_printf ("CODE-128:%s\n", collected_accession (&collected, i));
      g_autofree char *text = ld_test_pdf_text (pdf, i + 1);
      g_autofree char *server_text = ld_test_pdf_text (server_pdf, i + 1);

      g_assert_cmpstr (codes, ==, expected);
      ld_test_assert_contains (text, "Ravi Kulkarni");
      ld_test_assert_contains (text, "M 55y");
      g_assert_cmpstr (text, ==, server_text);
    }
  collected_clear (&collected);
}

/* Where a word of a PDF page is, in points from the top left, as
 * pdftotext -bbox finds it. */
static void
find_word (const char *pdf,
           const char *word,
           double     *x,
           double     *y)
{
  g_autofree char *html = ld_test_run_tool ("pdftotext", "-bbox", pdf, "-", NULL);
  g_autofree char *needle = g_strdup_printf (">%s</word>", word);
  const char *found = strstr (html, needle);
  const char *start;

  g_assert_nonnull (found);
  start = g_strrstr_len (html, found - html, "<word ");
  g_assert_nonnull (start);
  *x = g_ascii_strtod (strstr (start, "xMin=\"") + strlen ("xMin=\""), NULL);
  *y = g_ascii_strtod (strstr (start, "yMin=\"") + strlen ("yMin=\""), NULL);
}

/* A part-used A4 sheet fed again: the labels start at the sixth position
 * (row 2, column 2) and follow along the row, each scanning back. */
static void
test_labels_sheet_position (void)
{
  Collected collected;
  g_autofree char *pdf = NULL;
  g_autofree char *png = NULL;
  g_autofree char *codes = NULL;
  double label_w = 50.0 * 72 / 25.4;
  double label_h = 25.0 * 72 / 25.4;
  double left = (595.28 - 4 * label_w) / 2;
  double top = (841.89 - 11 * label_h) / 2;

  collected_init (&collected);
  pdf = print_labels (&collected, LD_LABEL_LAYOUT_A4_SHEET, 5, "labels-sheet.pdf");
  g_assert_cmpuint (ld_test_pdf_n_pages (pdf), ==, 1);
  assert_page_size (pdf, 595.28, 841.89);

  for (guint i = 0; i < 3; i++)
    {
      guint slot = 5 + i;
      double x, y;

      find_word (pdf, collected_accession (&collected, i), &x, &y);
      g_assert_cmpfloat (x, >=, left + (slot % 4) * label_w);
      g_assert_cmpfloat (x, <, left + (slot % 4 + 1) * label_w);
      g_assert_cmpfloat (y, >=, top + (slot / 4) * label_h);
      g_assert_cmpfloat (y, <, top + (slot / 4 + 1) * label_h);
    }

  png = ld_test_pdf_to_png (pdf, 1, 300);
  codes = ld_test_scan_codes (png);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *expected =
        g_strdup_printf ("CODE-128:%s\n", collected_accession (&collected, i));

      ld_test_assert_contains (codes, expected);
    }
  collected_clear (&collected);
}

/* An order with no sample in use has nothing to label, and says so. */
static void
test_labels_none (void)
{
  g_autoptr(JsonObject) order = json_object_new ();
  g_autoptr(JsonArray) samples = json_array_new ();
  g_autoptr(JsonObject) rejected = json_object_new ();
  g_autofree char *dir = g_dir_make_tmp ("ld-print-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "never.pdf", NULL);
  Printed printed = { 0 };

  json_object_set_string_member (order, "number", "O2611-000009");
  json_object_set_string_member (rejected, "accession", "S26112300009");
  json_object_set_string_member (rejected, "state", "recollection_requested");
  json_array_add_object_element (samples, json_object_ref (rejected));
  ld_print_labels_async (NULL, order, NULL, samples, NULL, LD_LABEL_LAYOUT_ROLL, 0, pdf, NULL,
                         labels_printed_cb, &printed);
  g_assert_false (printed.done);
  wait_printed (&printed);
  g_assert_error (printed.error, LD_PRINT_ERROR, LD_PRINT_ERROR_NOTHING);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_error (&printed.error);
  g_rmdir (dir);
}

static void
print_report (Fixture      *fx,
              LdApiClient  *client,
              gint64        version,
              const char   *sha256,
              const char   *pdf,
              GCancellable *cancellable,
              Printed      *printed)
{
  ld_print_report_async (GTK_WINDOW (fx->window), client, fx->order_id, version, sha256, pdf,
                         cancellable, report_printed_cb, printed);
  /* Never done before the call returns: the callback is asynchronous. */
  g_assert_false (printed->done);
  wait_printed (printed);
}

/* Every word of @expected is in @text: the printed copy says what the
 * server's copy says. Compatibility forms are folded (NFKC): drawn again
 * through Cairo, a ligature such as "ﬂ" reads back as one letter. */
static void
assert_same_words (const char *text,
                   const char *expected)
{
  g_autofree char *expected_folded = g_utf8_normalize (expected, -1, G_NORMALIZE_ALL_COMPOSE);
  g_autofree char *text_folded = g_utf8_normalize (text, -1, G_NORMALIZE_ALL_COMPOSE);
  g_auto(GStrv) words = g_strsplit_set (expected_folded, " \n\f", -1);
  g_auto(GStrv) printed = g_strsplit_set (text_folded, " \n\f", -1);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = 0;

  for (guint i = 0; printed[i] != NULL; i++)
    g_hash_table_add (seen, printed[i]);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (!g_hash_table_contains (seen, words[i]))
        g_error ("“%s” of the server's report is not on the printed one:\n%s", words[i], text);
      n++;
    }
  g_assert_cmpuint (n, >, 50);
}

/* The newest version, looked up by the printer itself: the printed pages
 * say what the server's kept PDF says, and the QR code still opens this
 * version's verification page. */
static void
test_report_export (void)
{
  Fixture *fx = get_fixture ();
  g_autofree char *pdf = export_path (fx, "desk-report.pdf");
  g_autoptr(JsonObject) v1 = ld_test_report_version (fx->lab, fx->order_id, 1);
  g_autoptr(LdTestResponse) kept =
               ld_test_get_document (fx->lab, fx->lab->desk, fx->order_id, "report.pdf?version=1");
  g_autofree char *kept_path = ld_test_save_body (fx->lab, kept, "kept-report.pdf");
  g_autofree char *kept_text = ld_test_pdf_text (kept_path, 0);
  g_autofree char *text = NULL;
  g_autofree char *png = NULL;
  g_autofree char *codes = NULL;
  g_autofree char *expected_qr = NULL;
  const char *code = json_object_get_string_member (v1, "verification_code");
  Printed printed = { 0 };

  print_report (fx, fx->client, 0, NULL, pdf, NULL, &printed);
  g_assert_no_error (printed.error);
  g_assert_true (printed.ok);

  g_assert_cmpuint (ld_test_pdf_n_pages (pdf), ==, ld_test_pdf_n_pages (kept_path));
  text = ld_test_pdf_text (pdf, 0);
  ld_test_assert_contains (text, "Anita Deshpande");
  ld_test_assert_contains (text, "Sunrise Diagnostics");
  ld_test_assert_contains (text, "Haemoglobin");
  ld_test_assert_contains (text, "10.8");
  ld_test_assert_contains (text, "Potassium");
  ld_test_assert_contains (text, "Critical high");
  ld_test_assert_contains (text, code);
  assert_same_words (text, kept_text);

  png = ld_test_pdf_to_png (pdf, 1, 300);
  codes = ld_test_scan_codes (png);
  expected_qr = g_strdup_printf ("QR-Code:%s/verify/%s\n", LD_TEST_PUBLIC_URL, code);
  g_assert_cmpstr (codes, ==, expected_qr);
}

/* Bytes whose SHA-256 is not the listed one never reach the paper. */
static void
test_report_mismatch_refused (void)
{
  Fixture *fx = get_fixture ();
  g_autofree char *pdf = export_path (fx, "never-mismatch.pdf");
  Printed printed = { 0 };

  print_report (fx, fx->client, 1,
                "0000000000000000000000000000000000000000000000000000000000000000", pdf, NULL,
                &printed);
  g_assert_error (printed.error, LD_PRINT_ERROR, LD_PRINT_ERROR_MISMATCH);
  ld_test_assert_contains (printed.error->message, "fingerprint");
  g_assert_false (printed.ok);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_error (&printed.error);
}

/* A version the order does not have: asked by number with its hash, the
 * server says 404; asked without, the printer finds it is not listed. */
static void
test_report_not_found (void)
{
  Fixture *fx = get_fixture ();
  g_autofree char *pdf = export_path (fx, "never-missing.pdf");
  g_autoptr(JsonObject) v1 = ld_test_report_version (fx->lab, fx->order_id, 1);
  const char *sha = json_object_get_string_member (v1, "pdf_sha256");
  Printed by_server = { 0 };
  Printed by_list = { 0 };

  print_report (fx, fx->client, 7, sha, pdf, NULL, &by_server);
  g_assert_error (by_server.error, LD_API_ERROR, LD_API_ERROR_NOT_FOUND);
  ld_test_assert_contains (by_server.error->message, "not found");
  print_report (fx, fx->client, 7, NULL, pdf, NULL, &by_list);
  g_assert_error (by_list.error, LD_API_ERROR, LD_API_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_error (&by_server.error);
  g_clear_error (&by_list.error);
}

/* A server that is away is said in words, with its address. */
static void
test_report_server_away (void)
{
  Fixture *fx = get_fixture ();
  g_autofree char *pdf = export_path (fx, "never-away.pdf");
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(LdApiClient) away = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;
  Printed printed = { 0 };

  /* A port that was just free and is closed again: nothing listens. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  uri = g_strdup_printf ("http://127.0.0.1:%u", port);
  away = ld_api_client_new (uri);
  ld_api_client_set_token (away, fx->lab->desk);

  print_report (fx, away, 0, NULL, pdf, NULL, &printed);
  g_assert_error (printed.error, LD_API_ERROR, LD_API_ERROR_UNAVAILABLE);
  ld_test_assert_contains (printed.error->message, uri);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_error (&printed.error);
}

/* Cancelled while fetching: nothing is printed, and it says so. */
static void
test_report_cancelled (void)
{
  Fixture *fx = get_fixture ();
  g_autofree char *pdf = export_path (fx, "never-cancelled.pdf");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Printed printed = { 0 };

  ld_print_report_async (GTK_WINDOW (fx->window), fx->client, fx->order_id, 0, NULL, pdf,
                         cancellable, report_printed_cb, &printed);
  g_cancellable_cancel (cancellable);
  wait_printed (&printed);
  g_assert_error (printed.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_error (&printed.error);
}

typedef struct
{
  gboolean   done;
  GtkWindow *window;
  GError    *error;
} Opened;

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Opened *opened = user_data;

  opened->window = ld_pdf_view_open_report_finish (result, &opened->error);
  opened->done = TRUE;
}

static void
pdf_printed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Printed *printed = user_data;

  printed->ok = ld_print_pdf_finish (result, &printed->error);
  printed->done = TRUE;
}

/* The first widget of @type under @widget, depth first. */
static GtkWidget *
find_child (GtkWidget *widget,
            GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_child (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The label that says which page is shown. */
static const char *
page_label_text (GtkWidget *view)
{
  GtkWidget *center = find_child (view, GTK_TYPE_CENTER_BOX);
  GtkWidget *label = find_child (center, GTK_TYPE_LABEL);

  return gtk_label_get_text (GTK_LABEL (label));
}

/* "Open" on a released report: its own window shows the kept PDF, and
 * its Print gives the same pages as the server's. */
static void
test_report_view (void)
{
  Fixture *fx = get_fixture ();
  g_autofree char *pdf = export_path (fx, "view-report.pdf");
  g_autoptr(LdTestResponse) kept =
               ld_test_get_document (fx->lab, fx->lab->desk, fx->order_id, "report.pdf");
  g_autofree char *kept_path = ld_test_save_body (fx->lab, kept, "kept-for-view.pdf");
  g_autofree char *kept_text = ld_test_pdf_text (kept_path, 0);
  g_autofree char *text = NULL;
  Opened opened = { 0 };
  Printed printed = { 0 };
  GtkWidget *view;

  ld_pdf_view_open_report_async (GTK_WINDOW (fx->window), fx->client, fx->order_id, 0, NULL, NULL,
                                 opened_cb, &opened);
  wait_done (&opened.done, "the report to open");
  g_assert_no_error (opened.error);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (opened.window)));
  g_assert_true (gtk_window_get_transient_for (opened.window) == GTK_WINDOW (fx->window));

  view = find_child (GTK_WIDGET (opened.window), LD_TYPE_PDF_VIEW);
  g_assert_nonnull (view);
  g_assert_cmpint (poppler_document_get_n_pages (ld_pdf_view_get_document (LD_PDF_VIEW (view))),
                   ==, 1);
  g_assert_cmpstr (page_label_text (view), ==, "Page 1 of 1");

  ld_pdf_view_print_async (LD_PDF_VIEW (view), pdf, NULL, pdf_printed_cb, &printed);
  wait_printed (&printed);
  g_assert_no_error (printed.error);
  text = ld_test_pdf_text (pdf, 0);
  assert_same_words (text, kept_text);

  gtk_window_destroy (opened.window);
  g_object_unref (opened.window);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A PDF of @n_pages pages, each saying its number, for turning pages. */
static PopplerDocument *
new_pages_document (guint n_pages)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) error = NULL;
  PopplerDocument *document;

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, 200, 100);
  cr = cairo_create (surface);
  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *text = g_strdup_printf ("Page %u", i + 1);

      cairo_move_to (cr, 20, 50);
      cairo_show_text (cr, text);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);

  data = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
  document = poppler_document_new_from_bytes (data, NULL, &error);
  g_assert_no_error (error);
  return document;
}

/* Draws @widget as the screen would and counts its white pixels and its
 * dark ones (ink). */
static void
count_pixels (GtkWidget *widget,
              guint     *out_white,
              guint     *out_dark)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);

  *out_white = 0;
  *out_dark = 0;
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      /* Premultiplied B, G, R, A in memory. */
      const guchar *p = pixels + i * 4;

      if (p[3] == 255 && p[0] == 255 && p[1] == 255 && p[2] == 255)
        (*out_white)++;
      else if (p[3] == 255 && p[0] < 100 && p[1] < 100 && p[2] < 100)
        (*out_dark)++;
    }
}

/* Page Down and Page Up, and the buttons' actions, turn the pages; each
 * stops at its end, and the label follows. */
static void
test_view_pages (void)
{
  Fixture *fx = get_fixture ();
  PopplerDocument *document = new_pages_document (3);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = ld_pdf_view_new ();

  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (fx->window));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (page_label_text (view), ==, "");

  ld_pdf_view_set_document (LD_PDF_VIEW (view), document);
  g_object_unref (document);
  g_assert_cmpstr (page_label_text (view), ==, "Page 1 of 3");

  /* The page is on screen: white paper, and its text in ink. */
  {
    GtkWidget *area = find_child (view, GTK_TYPE_DRAWING_AREA);
    gint64 deadline = g_get_monotonic_time () + TIMEOUT_US;
    guint white = 0;
    guint dark = 0;

    while (gtk_widget_get_width (area) == 0)
      {
        if (g_get_monotonic_time () > deadline)
          g_error ("timed out waiting for the view to be laid out");
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
    count_pixels (area, &white, &dark);
    g_assert_cmpuint (white, >,
                      (guint) (gtk_widget_get_width (area) * gtk_widget_get_height (area)) / 5);
    g_assert_cmpuint (dark, >, 20);
  }

  /* What a screen reader says for the controls that show no text. */
  {
    GtkWidget *center = find_child (view, GTK_TYPE_CENTER_BOX);
    GtkWidget *previous = find_child (center, GTK_TYPE_BUTTON);
    GtkWidget *next = gtk_widget_get_last_child (gtk_widget_get_parent (previous));
    GtkWidget *page = find_child (view, GTK_TYPE_DRAWING_AREA);

    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (previous), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                         "Previous page");
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (next), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                         "Next page");
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (page), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                         "Page of the document");
  }

  gtk_widget_activate_action (view, "pdf-view.previous-page", NULL);
  g_assert_cmpint (ld_pdf_view_get_page (LD_PDF_VIEW (view)), ==, 0);
  gtk_widget_activate_action (view, "pdf-view.next-page", NULL);
  gtk_widget_activate_action (view, "pdf-view.next-page", NULL);
  g_assert_cmpstr (page_label_text (view), ==, "Page 3 of 3");
  gtk_widget_activate_action (view, "pdf-view.next-page", NULL);
  g_assert_cmpint (ld_pdf_view_get_page (LD_PDF_VIEW (view)), ==, 2);
  gtk_widget_activate_action (view, "pdf-view.previous-page", NULL);
  g_assert_cmpstr (page_label_text (view), ==, "Page 2 of 3");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The print dialog, once it is up: found among the toplevels by its type
 * name (GtkPrintUnixDialog's header is not in gtk4.pc). */
static GtkWidget *
wait_print_dialog (void)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_US;

  for (;;)
    {
      GListModel *tops = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
        {
          GtkWidget *top = g_list_model_get_item (tops, i);
          gboolean found = g_str_equal (G_OBJECT_TYPE_NAME (top), "GtkPrintUnixDialog") &&
                           gtk_widget_get_mapped (top);

          /* GTK's list of toplevels holds the dialog while it is up. */
          g_object_unref (top);
          if (found)
            return top;
        }
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for the print dialog");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* The dialog's paper in millimetres; then the person closes it, which is
 * a cancel. */
static void
assert_dialog_paper (Printed *printed,
                     double   width_mm,
                     double   height_mm)
{
  GtkWidget *dialog = wait_print_dialog ();
  g_autoptr(GtkPageSetup) setup = NULL;

  g_object_get (dialog, "page-setup", &setup, NULL);
  g_assert_cmpfloat_with_epsilon (gtk_page_setup_get_paper_width (setup, GTK_UNIT_MM),
                                  width_mm, 0.5);
  g_assert_cmpfloat_with_epsilon (gtk_page_setup_get_paper_height (setup, GTK_UNIT_MM),
                                  height_mm, 0.5);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  wait_printed (printed);
  g_assert_error (printed->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&printed->error);
}

/* The print dialog opens on the document's paper: a label roll's
 * 50 × 25 mm, a receipt on the lab's Letter, the kept report's A4. */
static void
test_dialog_defaults (void)
{
  Fixture *fx = get_fixture ();
  Collected collected;
  g_autoptr(JsonObject) settings = json_object_new ();
  g_autoptr(JsonObject) order = json_object_new ();
  Printed labels = { 0 };
  Printed receipt = { 0 };
  Printed report = { 0 };

  collected_init (&collected);
  ld_print_labels_async (GTK_WINDOW (collected.window),
                         json_object_get_object_member (ld_test_response_object (collected.order),
                                                        "order"),
                         NULL, collected_samples (&collected), NULL, LD_LABEL_LAYOUT_ROLL, 0,
                         NULL, NULL, labels_printed_cb, &labels);
  assert_dialog_paper (&labels, 50, 25);

  json_object_set_string_member (settings, "report_paper", "letter");
  json_object_set_string_member (order, "number", "O2611-000009");
  json_object_set_int_member (order, "total_paise", 50000);
  json_object_set_int_member (order, "balance_paise", 50000);
  ld_print_receipt_async (GTK_WINDOW (collected.window), order, settings, NULL, NULL, NULL,
                          printed_cb, &receipt);
  assert_dialog_paper (&receipt, 215.9, 279.4);

  ld_print_report_async (GTK_WINDOW (fx->window), fx->client, fx->order_id, 0, NULL, NULL, NULL,
                         report_printed_cb, &report);
  assert_dialog_paper (&report, 210, 297);
  collected_clear (&collected);
}

/* After an amendment, each version prints as it was issued: version 1
 * asked for by number, and the corrected version 2 as the newest, each
 * with its own verification code. */
static void
test_report_versions (void)
{
  Fixture *fx = get_fixture ();
  g_autofree char *patient_id = ld_lab_new_patient (fx->lab, MEERA);
  g_autofree char *order_id = ld_test_order_released (fx->lab, patient_id);
  g_autoptr(LdTestResponse) results = ld_lab_get_results (fx->lab, fx->lab->technician, order_id);
  JsonObject *haemoglobin = ld_lab_find_result (results, "items", "HB");
  g_autofree char *amend = g_strdup_printf ("{\"reason\": \"Analyser recalibrated;"
                                            " measured again\","
                                            " \"results\": [{\"test_code\": \"HB\","
                                            " \"version\": %" G_GINT64_FORMAT ","
                                            " \"value\": \"11.6\"}]}",
                                            json_object_get_int_member (haemoglobin, "version"));
  g_autoptr(LdTestResponse) amended =
               ld_lab_order_post (fx->lab, fx->lab->signatory, order_id, "amendments", amend);
  g_autoptr(JsonObject) v1 = NULL;
  g_autoptr(JsonObject) v2 = NULL;
  g_autofree char *first_pdf = export_path (fx, "meera-v1.pdf");
  g_autofree char *latest_pdf = export_path (fx, "meera-latest.pdf");
  g_autofree char *first_text = NULL;
  g_autofree char *latest_text = NULL;
  Printed first = { 0 };
  Printed latest = { 0 };

  ld_test_assert_status (amended, 201);
  v1 = ld_test_report_version (fx->lab, order_id, 1);
  v2 = ld_test_report_version (fx->lab, order_id, 2);

  ld_print_report_async (GTK_WINDOW (fx->window), fx->client, order_id, 1, NULL, first_pdf, NULL,
                         report_printed_cb, &first);
  wait_printed (&first);
  g_assert_no_error (first.error);
  ld_print_report_async (GTK_WINDOW (fx->window), fx->client, order_id, 0, NULL, latest_pdf, NULL,
                         report_printed_cb, &latest);
  wait_printed (&latest);
  g_assert_no_error (latest.error);

  first_text = ld_test_pdf_text (first_pdf, 0);
  latest_text = ld_test_pdf_text (latest_pdf, 0);
  ld_test_assert_contains (first_text, "Meera Pillai");
  ld_test_assert_contains (first_text, json_object_get_string_member (v1, "verification_code"));
  g_assert_null (strstr (first_text, "Corrected report"));
  ld_test_assert_contains (latest_text, json_object_get_string_member (v2, "verification_code"));
  ld_test_assert_contains (latest_text, "Corrected report");
  ld_test_assert_contains (latest_text, "11.6");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* GTK's in-process accessibility context, so the tests read the names
   * a screen reader would be given, with no accessibility bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/gui/print/receipt-export", test_receipt_export);
  g_test_add_func ("/gui/print/receipt-cancelled", test_receipt_cancelled);
  g_test_add_func ("/gui/print/labels-roll", test_labels_roll);
  g_test_add_func ("/gui/print/labels-sheet-position", test_labels_sheet_position);
  g_test_add_func ("/gui/print/labels-none", test_labels_none);
  g_test_add_func ("/gui/print/report-export", test_report_export);
  g_test_add_func ("/gui/print/report-mismatch-refused", test_report_mismatch_refused);
  g_test_add_func ("/gui/print/report-not-found", test_report_not_found);
  g_test_add_func ("/gui/print/report-server-away", test_report_server_away);
  g_test_add_func ("/gui/print/report-cancelled", test_report_cancelled);
  g_test_add_func ("/gui/print/report-versions", test_report_versions);
  g_test_add_func ("/gui/print/report-view", test_report_view);
  g_test_add_func ("/gui/print/view-pages", test_view_pages);
  g_test_add_func ("/gui/print/dialog-defaults", test_dialog_defaults);
  status = g_test_run ();
  free_fixture ();
  return status;
}
