/* test-gui-print.c: the desk prints a receipt through GtkPrintOperation
 *
 * The receipt is exported to a PDF the way "Save as PDF" does, read back
 * with pdftotext and held against the server's own receipt document of
 * the same order: the same rule fills both, so they must agree.
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ld-print-labels.h"
#include "ld-print-operation.h"
#include "ld-report-format.h"
#include "ld-test-documents.h"
#include "ld-test-reports.h"

#define TIMEOUT_US (120 * G_USEC_PER_SEC)

#define RAVI "{\"name\": \"Ravi Kulkarni\", \"sex\": \"male\", \"date_of_birth\": \"1971-04-12\"," \
             " \"phone\": \"+91 98123 45670\"}"

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

/* Spins the main context until the print has finished; the limit only
 * guards against a hang. */
static void
wait_printed (Printed *printed)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_US;

  while (!printed->done)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for the receipt to print");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
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
  g_autofree char *order_id = ld_lab_prescribe (lab, patient_id, "\"items\": [\"CBC\", \"LIPID\", \"CHOL\"]");
  g_autofree char *order_path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(LdTestResponse) before = ld_test_get (lab->server, order_path, lab->desk);
  gint64 total = ld_test_response_get_int (before, "order.total_paise");
  gint64 tendered = (total / 10000 + 1) * 10000;
  g_autofree char *pay_body = g_strdup_printf ("{\"method\": \"cash\", \"tendered_paise\": %" G_GINT64_FORMAT "}",
                                               tendered);
  g_autoptr(LdTestResponse) paid = ld_lab_order_post (lab, lab->desk, order_id, "payments", pay_body);
  g_autoptr(LdTestResponse) refunded = ld_lab_order_post (lab, lab->desk, order_id, "refunds",
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

  /* And says what the server's receipt says. */
  for (guint i = 0; i < 6; i++)
    {
      const char *captions[] = { "Subtotal", "Total", "Paid", "Refunded", "Net paid", "Balance due" };

      assert_same_amount (desk_text, server_text, captions[i]);
    }
  {
    g_autofree char *number = g_strdup_printf ("%s/2", ld_test_response_get_string (order, "order.number"));

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
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = ld_lab_new_patient (lab, RAVI);
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
  ld_lab_free (collected->lab);
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
  return json_object_get_string_member (json_array_get_object_element (collected_samples (collected), i),
                                        "accession");
}

static char *
print_labels (Collected     *collected,
              LdLabelLayout  layout,
              guint          first_position,
              const char    *name)
{
  g_autofree char *pdf = g_build_filename (ld_test_server_get_tmpdir (collected->lab->server), name, NULL);
  Printed printed = { 0 };

  ld_print_labels_async (GTK_WINDOW (collected->window),
                         json_object_get_object_member (ld_test_response_object (collected->order), "order"),
                         json_object_get_object_member (ld_test_response_object (collected->patient), "patient"),
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

  server_labels = ld_test_get_document (collected.lab, collected.lab->technician, collected.order_id,
                                        "labels.pdf");
  ld_test_assert_status (server_labels, 200);
  server_pdf = ld_test_save_body (collected.lab, server_labels, "server-labels.pdf");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *png = ld_test_pdf_to_png (pdf, i + 1, 300);
      g_autofree char *codes = ld_test_scan_codes (png);
      g_autofree char *expected = g_strdup_printf ("CODE-128:%s\n", collected_accession (&collected, i));
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
      g_autofree char *expected = g_strdup_printf ("CODE-128:%s\n", collected_accession (&collected, i));

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

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/gui/print/receipt-export", test_receipt_export);
  g_test_add_func ("/gui/print/receipt-cancelled", test_receipt_cancelled);
  g_test_add_func ("/gui/print/labels-roll", test_labels_roll);
  g_test_add_func ("/gui/print/labels-sheet-position", test_labels_sheet_position);
  g_test_add_func ("/gui/print/labels-none", test_labels_none);
  return g_test_run ();
}
