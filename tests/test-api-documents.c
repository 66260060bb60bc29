/* test-api-documents.c: reports, receipts and labels served as PDFs
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One server for the binary, every role signed in once; the PDFs are read
 * back with pdftotext, pdftoppm and zbarimg, as a person and a scanner
 * would read them.
 */

#include "config.h"

#include "ld-report-format.h"
#include "ld-test-documents.h"
#include "ld-test-orders.h"
#include "ld-test-reports.h"

#define ANITA                                                                                                        \
  "{\"name\": \"अनीता देशपांडे\", \"sex\": \"female\", \"date_of_birth\": \"1984-03-21\"," \
  " \"national_id\": \"91-4417-2280-6613\", \"phone\": \"+91 98220 41177\"}"

/* One server for the binary, and one patient: a second registration of
 * the same person would be refused as a likely duplicate. */
typedef struct
{
  LdLab *lab;
  char  *patient_id;
} Suite;

static gint64
count (LdLab      *lab,
       const char *sql)
{
  return ld_test_server_query_int (lab->server, sql);
}

/* Every write leaves an audit event, a row or a higher version. */
static gint64
count_writes (LdLab *lab)
{
  return count (
    lab, "SELECT (SELECT count(*) FROM audit_events) + (SELECT count(*) FROM reports)"
         " + (SELECT count(*) FROM report_pdfs) + (SELECT coalesce(max(version), 0) FROM settings)"
         " + (SELECT coalesce(sum(version), 0) FROM results)"
         " + (SELECT coalesce(sum(version), 0) FROM orders)");
}

static gint64
count_audit (LdLab      *lab,
             const char *action)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT count(*) FROM audit_events WHERE action = '%s'", action);

  return count (lab, sql);
}

static void
assert_lacks (const char *haystack,
              const char *needle)
{
  if (strstr (haystack, needle) != NULL)
    g_error ("“%s” should not be in:\n%s", needle, haystack);
}

/* The text in reading order: the layout mode splits Devanagari words at
 * glyph gaps, so names are looked for here. */
static char *
pdf_raw_text (const char *pdf)
{
  return ld_test_run_tool ("pdftotext", "-raw", "-enc", "UTF-8", pdf, "-", NULL);
}

/* @text without its white space: pdftotext reads text drawn on a slant,
 * as a watermark is, one letter a line. */
static char *
squeeze (const char *text)
{
  GString *squeezed = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (squeezed, *p);
  return g_string_free (squeezed, FALSE);
}

/* The codes zbarimg finds on @page of @pdf at 200 dpi. */
static char *
scan_pdf (const char *pdf,
          guint       page)
{
  g_autofree char *png = ld_test_pdf_to_png (pdf, page, 200);

  return ld_test_scan_codes (png);
}

static void
setup_lab (LdLab *lab)
{
  ld_test_patch_settings (lab, "\"public_base_url\": \"" LD_TEST_PUBLIC_URL "/\","
                               " \"lab_upi_id\": \"sunrise.lab@okhdfc\","
                               " \"lab_registration\": \"NABL accredited, certificate MC-4417\"");
}

/* An edit of the catalogue after the order was made. */
static void
rename_haemoglobin (LdLab *lab)
{
  g_autoptr(LdTestResponse) catalog = ld_test_get (lab->server, "/api/v1/catalog", lab->admin);
  JsonArray *tests = json_object_get_array_member (ld_test_response_object (catalog), "tests");
  g_autofree char *body = NULL;
  g_autoptr(LdTestResponse) renamed = NULL;

  for (guint i = 0; i < json_array_get_length (tests); i++)
    {
      JsonObject *test = json_array_get_object_element (tests, i);

      if (g_str_equal (json_object_get_string_member (test, "code"), "HB"))
        body =
          g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"name\": \"Hemoglobin (Hb)\"}",
                           json_object_get_int_member (test, "version"));
    }
  g_assert_nonnull (body);
  renamed = ld_test_send_json (lab->server, "PATCH", "/api/v1/catalog/tests/HB", lab->admin, body);
  ld_test_assert_status (renamed, 200);
}

/* The whole life of a report: released, read, amended, read again, and
 * every version still served exactly as it was issued. */
static void
test_report_versions (gconstpointer data)
{
  const Suite *suite = data;
  LdLab *lab = suite->lab;
  const char *patient_id = suite->patient_id;
  g_autofree char *order_id = ld_test_order_released (lab, patient_id);
  g_autofree char *number = ld_test_order_number (lab, order_id);
  g_autoptr(JsonObject) v1 = ld_test_report_version (lab, order_id, 1);
  g_autoptr(LdTestResponse) first = ld_test_get_document (lab, lab->desk, order_id, "report.pdf");
  g_autofree char *first_path = ld_test_save_body (lab, first, "v1.pdf");
  g_autofree char *first_sha = ld_test_body_sha256 (first);
  g_autofree char *text = ld_test_pdf_text (first_path, 0);
  g_autofree char *raw = pdf_raw_text (first_path);
  g_autofree char *codes = scan_pdf (first_path, 1);
  g_autofree char *expected_qr = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *disposition = NULL;
  g_autofree char *amend = NULL;
  g_autoptr(LdTestResponse) results = NULL;
  g_autoptr(LdTestResponse) amended = NULL;
  g_autoptr(LdTestResponse) latest = NULL;
  g_autoptr(LdTestResponse) again = NULL;
  g_autoptr(LdTestResponse) by_doctor = NULL;
  g_autofree char *latest_path = NULL;
  g_autofree char *latest_text = NULL;
  g_autofree char *again_path = NULL;
  g_autofree char *again_text = NULL;
  g_autoptr(JsonObject) v2 = NULL;
  gint64 reads_before = count_audit (lab, "report.read");

  /* What was served is what was stored, byte for byte. */
  g_assert_cmpstr (first_sha, ==, json_object_get_string_member (v1, "pdf_sha256"));
  etag = g_strdup_printf ("\"%s\"", first_sha);
  g_assert_cmpstr (soup_message_headers_get_one (first->headers, "ETag"), ==, etag);
  disposition = g_strdup_printf ("inline; filename=\"%s-report-v1.pdf\"", number);
  g_assert_cmpstr (soup_message_headers_get_one (first->headers, "Content-Disposition"), ==,
                   disposition);
  g_assert_cmpint (count (lab, "SELECT count(*) FROM report_pdfs"), >=, 1);

  /* What a doctor needs to trust it at a glance. */
  ld_test_assert_contains (raw, "अनीता देशपांडे");
  ld_test_assert_contains (text, "91-4417-2280-6613");
  ld_test_assert_contains (text, number);
  ld_test_assert_contains (text, "Laboratory report");
  ld_test_assert_contains (text, "Complete blood count");
  ld_test_assert_contains (text, "Haematology");
  ld_test_assert_contains (text, "Biochemistry");
  ld_test_assert_contains (text, "Haemoglobin");
  ld_test_assert_contains (text, "10.8");
  ld_test_assert_contains (text, "Low");
  ld_test_assert_contains (text, "Potassium");
  ld_test_assert_contains (text, "6.8");
  ld_test_assert_contains (text, "Critical high");
  ld_test_assert_contains (text, "Dr. Arjun Mehta");
  ld_test_assert_contains (text, "NABL accredited");
  ld_test_assert_contains (text, "Page 1 of 1");
  assert_lacks (text, "Corrected report");
  assert_lacks (text, "Preview");
  g_assert_cmpuint (ld_test_pdf_n_pages (first_path), ==, 1);

  /* The QR code opens this version's verification page. */
  expected_qr = g_strdup_printf ("QR-Code:%s/verify/%s\n", LD_TEST_PUBLIC_URL,
                                 json_object_get_string_member (v1, "verification_code"));
  g_assert_cmpstr (codes, ==, expected_qr);

  /* Reading it was audited; a doctor reads it too. */
  by_doctor = ld_test_get_document (lab, lab->doctor, order_id, "report.pdf?version=1");
  ld_test_assert_status (by_doctor, 200);
  g_assert_cmpint (count_audit (lab, "report.read"), ==, reads_before + 1);

  /* An amendment makes version 2; the lab's name changes too. */
  results = ld_lab_get_results (lab, lab->technician, order_id);
  amend =
    g_strdup_printf ("{\"reason\": \"Analyser recalibrated; measured again\","
                     " \"results\": [{\"test_code\": \"HB\", \"version\": %" G_GINT64_FORMAT ","
                     " \"value\": \"11.6\"}]}",
                     json_object_get_int_member (ld_lab_find_result (results, "items", "HB"),
                                                 "version"));
  rename_haemoglobin (lab);
  amended = ld_lab_order_post (lab, lab->signatory, order_id, "amendments", amend);
  ld_test_assert_status (amended, 201);
  ld_test_patch_settings (lab, "\"lab_name\": \"Sunrise Diagnostics, Pune\"");

  v2 = ld_test_report_version (lab, order_id, 2);
  latest = ld_test_get_document (lab, lab->desk, order_id, "report.pdf");
  latest_path = ld_test_save_body (lab, latest, "v2.pdf");
  latest_text = ld_test_pdf_text (latest_path, 0);
  {
    g_autofree char *latest_sha = ld_test_body_sha256 (latest);

    g_assert_cmpstr (latest_sha, ==, json_object_get_string_member (v2, "pdf_sha256"));
    g_assert_cmpstr (latest_sha, !=, first_sha);
  }
  ld_test_assert_contains (latest_text, "Corrected report");
  ld_test_assert_contains (latest_text, "11.6");
  ld_test_assert_contains (latest_text, "Previously reported: 10.8 g/dL (Low)");
  ld_test_assert_contains (latest_text, "Analyser recalibrated");
  ld_test_assert_contains (latest_text, "Page 1 of 1");
  /* The order copied its tests' names; the catalogue's new one is not on it. */
  ld_test_assert_contains (latest_text, "Haemoglobin");
  g_assert_null (strstr (latest_text, "Hemoglobin (Hb)"));
  /* Issued before the rename: the letterhead is the one of its day. */
  assert_lacks (latest_text, "Sunrise Diagnostics, Pune");

  /* Version 1 is still version 1: same bytes, old value, no correction. */
  again = ld_test_get_document (lab, lab->desk, order_id, "report.pdf?version=1");
  again_path = ld_test_save_body (lab, again, "v1-again.pdf");
  again_text = ld_test_pdf_text (again_path, 0);
  {
    g_autofree char *again_sha = ld_test_body_sha256 (again);

    g_assert_cmpstr (again_sha, ==, first_sha);
  }
  ld_test_assert_contains (again_text, "10.8");
  assert_lacks (again_text, "11.6");
  assert_lacks (again_text, "Corrected report");

  /* The public check of version 1 says a correction replaces it. */
  {
    g_autofree char *path =
      g_strdup_printf ("/verify/%s", json_object_get_string_member (v1, "verification_code"));
    const char * const accept[] = { "Accept", "application/json", NULL };
    g_autoptr(LdTestResponse) check = ld_test_request_with_headers (lab->server, "GET", path, NULL,
                                                                     NULL, NULL, 0, accept);

    ld_test_assert_status (check, 200);
    g_assert_true (json_object_get_boolean_member (ld_test_response_object (check), "genuine"));
    g_assert_cmpstr (ld_test_response_get_string (check, "order_number"), ==, number);
    g_assert_cmpint (ld_test_response_get_int (check, "version"), ==, 1);
    g_assert_true (json_object_get_boolean_member (ld_test_response_object (check), "superseded"));
    g_assert_cmpint (ld_test_response_get_int (check, "latest_version"), ==, 2);
    g_assert_cmpstr (ld_test_response_get_string (check, "patient_initials"), ==, "अ. दे.");
    g_assert_cmpstr (ld_test_response_get_string (check, "pdf_sha256"), ==, first_sha);
    assert_lacks (check->body, "अनीता");
    assert_lacks (check->body, "देशपांडे");
    assert_lacks (check->body, "91-4417");
    assert_lacks (check->body, "P0");
  }
}

/* The receipt the desk hands over: items, total, payments, balance, and
 * a UPI code to pay what is still due. */
static void
test_receipt (gconstpointer data)
{
  const Suite     *suite = data;
  LdLab           *lab = suite->lab;
  const char      *patient_id = suite->patient_id;
  g_autofree char *order_id =
    ld_lab_prescribe (lab, patient_id, "\"items\": [\"CBC\", \"LIPID\", \"CHOL\"]");
  g_autofree char *number = ld_test_order_number (lab, order_id);
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(LdTestResponse) order = ld_test_get (lab->server, path, lab->desk);
  gint64 total = ld_test_response_get_int (order, "order.total_paise");
  g_autofree char *total_text = ld_report_format_money (total);
  g_autofree char *upi = NULL;
  g_autofree char *amount =
    g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", total / 100, (int) (total % 100));
  gint64 reads_before;

  ld_test_patch_settings (lab, "\"lab_name\": \"Sunrise Diagnostics\"");
  reads_before = count_audit (lab, "receipt.read");
  {
    g_autoptr(LdTestResponse) unpaid =
                 ld_test_get_document (lab, lab->desk, order_id, "receipt.pdf");
    g_autofree char *pdf = ld_test_save_body (lab, unpaid, "receipt-unpaid.pdf");
    g_autofree char *text = ld_test_pdf_text (pdf, 0);
    g_autofree char *raw = pdf_raw_text (pdf);
    g_autofree char *codes = scan_pdf (pdf, 1);
    g_autoptr(LdTestResponse) repeat =
                 ld_test_get_document (lab, lab->admin, order_id, "receipt.pdf");
    g_autofree char *sha = ld_test_body_sha256 (unpaid);
    g_autofree char *repeat_sha = ld_test_body_sha256 (repeat);
    g_autofree char *disposition = g_strdup_printf ("inline; filename=\"%s-receipt.pdf\"", number);

    ld_test_assert_contains (raw, "अनीता देशपांडे");
    ld_test_assert_contains (text, number);
    ld_test_assert_contains (text, "Complete blood count");
    ld_test_assert_contains (text, "Lipid profile");
    ld_test_assert_contains (text, "Included in Lipid profile");
    ld_test_assert_contains (text, total_text);
    ld_test_assert_contains (text, "Balance due");
    upi = g_strdup_printf ("QR-Code:upi://pay?pa=sunrise.lab@okhdfc&pn=Sunrise%%20Diagnostics"
                           "&am=%s&cu=INR&tn=%s\n", amount, number);
    g_assert_cmpstr (codes, ==, upi);
    g_assert_cmpstr (soup_message_headers_get_one (unpaid->headers, "Content-Disposition"), ==,
                     disposition);
    /* The same order in the same state prints the same receipt. */
    g_assert_cmpstr (sha, ==, repeat_sha);
  }

  ld_lab_pay (lab, order_id);
  {
    g_autoptr(LdTestResponse) paid = ld_test_get_document (lab, lab->desk, order_id, "receipt.pdf");
    g_autofree char *pdf = ld_test_save_body (lab, paid, "receipt-paid.pdf");
    g_autofree char *text = ld_test_pdf_text (pdf, 0);
    g_autofree char *codes = scan_pdf (pdf, 1);

    ld_test_assert_contains (text, "Card");
    ld_test_assert_contains (text, "T-42");
    ld_test_assert_contains (text, total_text);
    ld_test_assert_contains (text, "0.00");
    /* Nothing due: no payment code. */
    g_assert_cmpstr (codes, ==, "");
  }
  g_assert_cmpint (count_audit (lab, "receipt.read"), ==, reads_before + 3);

  /* A discount the desk gave, with its reason. */
  {
    g_autofree char *body =
      g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"THY\"], \"discount\":"
                       " {\"kind\": \"percent\", \"value\": 10, \"reason\": \"Senior citizen\"}}",
                       patient_id);
    g_autoptr(LdTestResponse) made = ld_lab_post (lab, lab->desk, "/api/v1/orders", body);
    g_autoptr(LdTestResponse) receipt = NULL;
    g_autofree char *pdf = NULL;
    g_autofree char *text = NULL;
    g_autofree char *discount = NULL;

    ld_test_assert_status (made, 201);
    receipt = ld_test_get_document (lab, lab->desk, ld_test_response_get_string (made, "order.id"),
                                    "receipt.pdf");
    pdf = ld_test_save_body (lab, receipt, "receipt-discount.pdf");
    text = ld_test_pdf_text (pdf, 0);
    discount = ld_report_format_money (-ld_test_response_get_int (made, "order.discount_paise"));
    ld_test_assert_contains (text, "Discount (Senior citizen, 10%)");
    ld_test_assert_contains (text, discount);
  }
}

/* After cash with change and a part refund, the receipt adds up: total
 * less paid is the balance, paid less refunded is net paid, and it says
 * why the money went back, who took it, and the receipt's number. */
static void
test_receipt_refund (gconstpointer data)
{
  const Suite     *suite = data;
  LdLab           *lab = suite->lab;
  g_autofree char *order_id =
    ld_lab_prescribe (lab, suite->patient_id, "\"items\": [\"CBC\", \"THY\"]");
  g_autofree char *number = ld_test_order_number (lab, order_id);
  g_autofree char *desk_id = ld_lab_user_id (lab, lab->desk);
  g_autofree char *user_path = g_strdup_printf ("/api/v1/users/%s", desk_id);
  g_autoptr(LdTestResponse) user = ld_test_get (lab->server, user_path, lab->admin);
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(LdTestResponse) order = ld_test_get (lab->server, path, lab->desk);
  gint64           total = ld_test_response_get_int (order, "order.total_paise");
  gint64           tendered = (total / 10000 + 1) * 10000;
  gint64           refund = 7000;
  g_autofree char *pay_body =
    g_strdup_printf ("{\"method\": \"cash\", \"tendered_paise\": %" G_GINT64_FORMAT "}", tendered);
  g_autofree char *refund_body =
    g_strdup_printf ("{\"method\": \"cash\", \"amount_paise\": %" G_GINT64_FORMAT ","
                     " \"reason\": \"ESR not done\"}",
                     refund);
  g_autoptr(LdTestResponse) paid =
               ld_lab_order_post (lab, lab->desk, order_id, "payments", pay_body);
  g_autoptr(LdTestResponse) refunded =
               ld_lab_order_post (lab, lab->desk, order_id, "refunds", refund_body);
  g_autoptr(LdTestResponse) receipt = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *receipt_number = g_strdup_printf ("%s/2", number);
  g_autofree char *tendered_text = ld_report_format_money (tendered);
  g_autofree char *change_text = ld_report_format_money (tendered - total);

  ld_test_assert_status (paid, 201);
  ld_test_assert_status (refunded, 201);
  receipt = ld_test_get_document (lab, lab->desk, order_id, "receipt.pdf");
  pdf = ld_test_save_body (lab, receipt, "receipt-refund.pdf");
  text = ld_test_pdf_text (pdf, 0);

  g_assert_cmpint (ld_test_receipt_amount (text, "Total"), ==, total);
  g_assert_cmpint (ld_test_receipt_amount (text, "Paid"), ==, total);
  g_assert_cmpint (ld_test_receipt_amount (text, "Refunded"), ==, -refund);
  g_assert_cmpint (ld_test_receipt_amount (text, "Net paid"), ==, total - refund);
  g_assert_cmpint (ld_test_receipt_amount (text, "Balance due"), ==, 0);
  g_assert_cmpint (ld_test_receipt_amount (text, "Total") - ld_test_receipt_amount (text, "Paid"),
                   ==, ld_test_receipt_amount (text, "Balance due"));
  g_assert_cmpint (ld_test_receipt_amount (text, "Paid") +
                     ld_test_receipt_amount (text, "Refunded"),
                   ==, ld_test_receipt_amount (text, "Net paid"));
  ld_test_assert_contains (text, "Reason: ESR not done");
  ld_test_assert_contains (text, "Refund (Cash)");
  ld_test_assert_contains (text, tendered_text);
  ld_test_assert_contains (text, change_text);
  ld_test_assert_contains (text, receipt_number);
  ld_test_assert_contains (text, "Cashier");
  ld_test_assert_contains (text, ld_test_response_get_string (user, "user.display_name"));
}

/* Cash promised on collection is owed: the receipt says so in words and
 * counts nothing as paid. */
static void
test_receipt_cod (gconstpointer data)
{
  const Suite *suite = data;
  LdLab *lab = suite->lab;
  g_autofree char *order_id = ld_lab_prescribe (lab, suite->patient_id, "\"items\": [\"THY\"]");
  g_autoptr(LdTestResponse) promised =
               ld_lab_order_post (lab, lab->desk, order_id, "payments", "{\"method\": \"cod\"}");
  gint64           total = ld_test_response_get_int (promised, "order.total_paise");
  g_autofree char *rupees = ld_report_format_rupees (total);
  g_autofree char *words = g_strdup_printf ("Cash on collection: %s", rupees);
  g_autoptr(LdTestResponse) receipt = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;

  ld_test_assert_status (promised, 201);
  receipt = ld_test_get_document (lab, lab->desk, order_id, "receipt.pdf");
  pdf = ld_test_save_body (lab, receipt, "receipt-cod.pdf");
  text = ld_test_pdf_text (pdf, 0);
  ld_test_assert_contains (text, words);
  g_assert_cmpint (ld_test_receipt_amount (text, "Paid"), ==, 0);
  g_assert_cmpint (ld_test_receipt_amount (text, "Balance due"), ==, total);
}

/* One label per sample, each barcode reading back as its accession. */
static void
test_labels (gconstpointer data)
{
  const Suite *suite = data;
  LdLab *lab = suite->lab;
  const char *patient_id = suite->patient_id;
  g_autofree char *order_id = ld_lab_order_in_lab (lab, patient_id, LD_TEST_SAMPLE_ITEMS);
  g_autofree char *samples_path = g_strdup_printf ("/api/v1/orders/%s/samples", order_id);
  g_autoptr(LdTestResponse) samples = ld_test_get (lab->server, samples_path, lab->technician);
  JsonArray *items = json_object_get_array_member (ld_test_response_object (samples), "items");
  g_autoptr(LdTestResponse) roll =
               ld_test_get_document (lab, lab->technician, order_id, "labels.pdf?layout=roll");
  g_autoptr(LdTestResponse) sheet =
               ld_test_get_document (lab, lab->admin, order_id, "labels.pdf?layout=sheet");
  g_autoptr(LdTestResponse) plain =
               ld_test_get_document (lab, lab->technician, order_id, "labels.pdf");
  g_autofree char *roll_pdf = ld_test_save_body (lab, roll, "labels-roll.pdf");
  g_autofree char *sheet_pdf = ld_test_save_body (lab, sheet, "labels-sheet.pdf");
  g_autofree char *sheet_codes = scan_pdf (sheet_pdf, 1);
  g_autofree char *sheet_text = pdf_raw_text (sheet_pdf);
  guint n = json_array_get_length (items);

  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (ld_test_pdf_n_pages (roll_pdf), ==, n);
  g_assert_cmpuint (ld_test_pdf_n_pages (sheet_pdf), ==, 1);
  /* A roll is the default. */
  g_assert_cmpuint (plain->length, ==, roll->length);
  ld_test_assert_contains (sheet_text, "अनीता देशपांडे");
  ld_test_assert_contains (sheet_text, "F 42y");

  for (guint i = 0; i < n; i++)
    {
      const char *accession =
        json_object_get_string_member (json_array_get_object_element (items, i), "accession");
      g_autofree char *expected = g_strdup_printf ("CODE-128:%s\n", accession);
      g_autofree char *page_codes = scan_pdf (roll_pdf, i + 1);

      g_assert_cmpstr (page_codes, ==, expected);
      ld_test_assert_contains (sheet_codes, expected);
    }
  g_assert_cmpint (count_audit (lab, "labels.read"), >=, 3);
}

static void
render_ok (const char * const *args)
{
  g_autofree char *stderr_text = NULL;

  if (ld_test_run_server_command (args, NULL, &stderr_text) != 0)
    g_error ("labdesk-server render failed: %s", stderr_text);
}

/* `labdesk-server render` writes what the endpoints serve. */
static void
test_render_command (gconstpointer data)
{
  const Suite *suite = data;
  LdLab *lab = suite->lab;
  const char *patient_id = suite->patient_id;
  g_autofree char *order_id = ld_test_order_released (lab, patient_id);
  g_autofree char *resulted_id = ld_test_order_resulted (lab, patient_id);
  g_autofree char *number = ld_test_order_number (lab, order_id);
  g_autofree char *resulted_number = ld_test_order_number (lab, resulted_id);
  const char *db = ld_test_server_get_db_path (lab->server);
  /* On PostgreSQL it names the audit key, which SQLite finds beside the database. */
  const char *config = ld_test_server_get_config_path (lab->server);
  const char *dir = ld_test_server_get_tmpdir (lab->server);
  g_autofree char *out = g_build_filename (dir, "rendered.pdf", NULL);
  g_autoptr(LdTestResponse) served = ld_test_get_document (lab, lab->desk, order_id, "report.pdf");
  gint64 reads_before = count_audit (lab, "report.read");

  {
    const char * const args[] = { "render", "--db", db, "--config", config, "--order", number,
                                  "--what", "report", "--out", out, NULL };
    g_autofree char *written = NULL;
    gsize length = 0;

    render_ok (args);
    g_assert_true (g_file_get_contents (out, &written, &length, NULL));
    g_assert_cmpuint (length, ==, served->length);
    g_assert_true (memcmp (written, served->body, length) == 0);
    g_assert_cmpint (count_audit (lab, "report.read"), ==, reads_before + 1);
  }

  {
    const char * const args[] = { "render", "--db", db, "--config", config, "--order", number,
                                  "--what", "report", "--version", "1", "--out", out, NULL };

    render_ok (args);
  }

  {
    g_autofree char *sheet = g_build_filename (dir, "rendered-labels.pdf", NULL);
    const char * const args[] = { "render", "--db", db, "--config", config, "--order", number,
                                  "--what", "labels", "--layout", "sheet", "--out", sheet, NULL };
    g_autofree char *codes = NULL;
    g_auto(GStrv) lines = NULL;

    render_ok (args);
    codes = scan_pdf (sheet, 1);
    lines = g_strsplit (codes, "\n", -1);
    /* Three tubes, and the empty string after the last line. */
    g_assert_cmpuint (g_strv_length (lines), ==, 3 + 1);
    ld_test_assert_contains (codes, "CODE-128:S");
  }

  {
    g_autofree char   *receipt = g_build_filename (dir, "rendered-receipt.pdf", NULL);
    const char * const args[] = { "render", "--db",   db,        "--config", config,  "--order",
                                  number,   "--what", "receipt", "--out",    receipt, NULL };
    g_autoptr(LdTestResponse) via_http =
                 ld_test_get_document (lab, lab->desk, order_id, "receipt.pdf");
    g_autofree char *written = NULL;
    gsize length = 0;

    render_ok (args);
    g_assert_true (g_file_get_contents (receipt, &written, &length, NULL));
    g_assert_cmpuint (length, ==, via_http->length);
    g_assert_true (memcmp (written, via_http->body, length) == 0);
  }

  /* Refusals: clear on stderr, a non-zero status, no file, no event. */
  {
    g_autofree char *nothing = g_build_filename (dir, "never.pdf", NULL);
    const struct
    {
      const char *what;
      const char *order;
      const char *extra;
      const char *extra_value;
      int         status;
      const char *message;
    } cases[] = {
      { "report", "O9999-999999", NULL, NULL, 1, "There is no order O9999-999999." },
      { "report", resulted_number, NULL, NULL, 1, "its report is not released yet" },
      { "report", number, "--version", "7", 1, "has no report version 7; its latest is version 1" },
      { "poster", number, NULL, NULL, 2, "Usage:" },
      { "report", number, "--layout", "sheet", 2, "--layout is roll or sheet, for labels" },
      { "labels", number, "--layout", "fan", 2, "--layout is roll or sheet, for labels" },
      { "receipt", number, "--version", "2", 2, "--version takes a report's version" },
    };
    gint64 writes_before = count_writes (lab);

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        const char *args[14] = { "render", "--db", db, "--config", config,
                                 "--order", cases[i].order, "--what", cases[i].what,
                                 "--out", nothing, NULL };
        g_autofree char *stderr_text = NULL;

        if (cases[i].extra != NULL)
          {
            args[11] = cases[i].extra;
            args[12] = cases[i].extra_value;
          }
        g_assert_cmpint (ld_test_run_server_command (args, NULL, &stderr_text), ==,
                         cases[i].status);
        ld_test_assert_contains (stderr_text, cases[i].message);
        g_assert_false (g_file_test (nothing, G_FILE_TEST_EXISTS));
      }
    g_assert_cmpint (count_writes (lab), ==, writes_before);
  }
}

static void
assert_refused (LdLab      *lab,
                const char *token,
                const char *order_id,
                const char *document,
                guint       status,
                const char *code)
{
  g_autoptr(LdTestResponse) resp = ld_test_get_document (lab, token, order_id, document);

  ld_test_assert_error (resp, status, code);
}

/* Every refusal answers the error shape and writes nothing. */
static void
test_refusals (gconstpointer data)
{
  const Suite *suite = data;
  LdLab *lab = suite->lab;
  const char *patient_id = suite->patient_id;
  g_autofree char *released = ld_test_order_released (lab, patient_id);
  g_autofree char *resulted = ld_test_order_resulted (lab, patient_id);
  g_autofree char *uncollected = ld_lab_prescribe (lab, patient_id, "\"items\": [\"HB\"]");
  g_autofree char *entered = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"GLUF\"]");
  g_autoptr(LdTestResponse) saved =
               ld_lab_save (lab, lab->technician, entered, TRUE, "GLUF", "96", NULL);
  const char *no_such = "0b1c2d3e-0000-4000-8000-000000000000";
  gint64 writes_before = count_writes (lab);

  ld_test_assert_status (saved, 200);
  /* Unknown orders and versions. */
  assert_refused (lab, lab->desk, no_such, "report.pdf", 404, "not_found");
  assert_refused (lab, lab->desk, "not-an-id", "receipt.pdf", 404, "not_found");
  assert_refused (lab, lab->technician, no_such, "labels.pdf", 404, "not_found");
  assert_refused (lab, lab->desk, released, "report.pdf?version=2", 404, "not_found");
  /* Not released yet, not collected yet. */
  assert_refused (lab, lab->desk, resulted, "report.pdf", 409, "conflict");
  assert_refused (lab, lab->desk, resulted, "report.pdf?version=1", 409, "conflict");
  assert_refused (lab, lab->technician, uncollected, "labels.pdf", 409, "conflict");
  /* Only a verified order's report is previewed: not one still being
   * verified, not one released; by the bench, not the desk or a doctor. */
  assert_refused (lab, lab->technician, no_such, "report-preview.pdf", 404, "not_found");
  assert_refused (lab, lab->technician, released, "report-preview.pdf", 409, "conflict");
  assert_refused (lab, lab->signatory, uncollected, "report-preview.pdf", 409, "conflict");
  assert_refused (lab, lab->technician, entered, "report-preview.pdf", 409, "conflict");
  assert_refused (lab, lab->desk, resulted, "report-preview.pdf", 403, "forbidden");
  assert_refused (lab, lab->doctor, resulted, "report-preview.pdf", 403, "forbidden");
  assert_refused (lab, NULL, resulted, "report-preview.pdf", 401, "unauthorized");
  assert_refused (lab, lab->technician, resulted, "report-preview.pdf?version=1", 400,
                  "bad_request");
  /* Bad query values and unknown query fields. */
  assert_refused (lab, lab->desk, released, "report.pdf?version=0", 422, "validation_failed");
  assert_refused (lab, lab->desk, released, "report.pdf?version=one", 422, "validation_failed");
  assert_refused (lab, lab->desk, released, "report.pdf?version=-1", 422, "validation_failed");
  assert_refused (lab, lab->desk, released, "report.pdf?version=99999999999999999999", 422,
                  "validation_failed");
  assert_refused (lab, lab->technician, released, "labels.pdf?layout=fan", 422,
                  "validation_failed");
  assert_refused (lab, lab->desk, released, "report.pdf?paper=letter", 400, "bad_request");
  assert_refused (lab, lab->desk, released, "receipt.pdf?version=1", 400, "bad_request");
  assert_refused (lab, lab->technician, released, "labels.pdf?layout=roll&copies=2", 400,
                  "bad_request");
  /* Roles and sign-in. */
  assert_refused (lab, lab->doctor, released, "receipt.pdf", 403, "forbidden");
  assert_refused (lab, lab->technician, released, "receipt.pdf", 403, "forbidden");
  assert_refused (lab, lab->desk, released, "labels.pdf", 403, "forbidden");
  assert_refused (lab, lab->doctor, released, "labels.pdf", 403, "forbidden");
  assert_refused (lab, NULL, released, "report.pdf", 401, "unauthorized");
  assert_refused (lab, "not-a-token", released, "receipt.pdf", 401, "unauthorized");
  /* Other methods. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/report.pdf", released);
    g_autoptr(LdTestResponse) post = ld_test_send_json (lab->server, "POST", path, lab->desk, "{}");

    ld_test_assert_error (post, 405, "method_not_allowed");
  }

  g_assert_cmpint (count_writes (lab), ==, writes_before);

  /* A version released before PDFs were kept (schema 10) is gone, and
   * says so; the versions after it are served. */
  {
    g_autofree char *old = ld_test_order_released (lab, patient_id);
    g_autofree char *forget =
      g_strdup_printf ("DELETE FROM report_pdfs WHERE report_id IN"
                       " (SELECT id FROM reports WHERE order_id = '%s');"
                       "UPDATE reports SET pdf_sha256 = NULL WHERE order_id = '%s'",
                       old, old);

    ld_test_sql_exec (lab->server, forget);
    writes_before = count_writes (lab);
    assert_refused (lab, lab->desk, old, "report.pdf", 410, "gone");
    g_assert_cmpint (count_writes (lab), ==, writes_before);
  }
}

/* The report before release, as it will print: the verified values,
 * marked as a preview on every page, and nothing kept or released. */
static void
test_report_preview (gconstpointer data)
{
  const Suite *suite = data;
  LdLab *lab = suite->lab;
  g_autofree char *order_id = ld_test_order_resulted (lab, suite->patient_id);
  g_autofree char *number = ld_test_order_number (lab, order_id);
  g_autofree char *disposition = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *codes = NULL;
  g_autofree char *signed_text = NULL;
  g_autofree char *released_text = NULL;
  g_autoptr(LdTestResponse) preview = NULL;
  g_autoptr(LdTestResponse) by_signatory = NULL;
  g_autoptr(LdTestResponse) released = NULL;
  g_autoptr(LdTestResponse) versions = NULL;
  gint64 previews_before = count_audit (lab, "report.preview");
  gint64 reports_before = count (lab, "SELECT count(*) FROM reports");
  gint64 pdfs_before = count (lab, "SELECT count(*) FROM report_pdfs");
  gint64 order_version = ld_lab_order_version (lab, order_id);
  guint n_pages;

  preview = ld_test_get_document (lab, lab->technician, order_id, "report-preview.pdf");
  ld_test_assert_status (preview, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (preview->headers, NULL), ==,
                   "application/pdf");
  disposition = g_strdup_printf ("inline; filename=\"%s-report-preview.pdf\"", number);
  g_assert_cmpstr (soup_message_headers_get_one (preview->headers, "Content-Disposition"), ==,
                   disposition);
  /* Not a kept document: nothing for a cache to trust. */
  g_assert_null (soup_message_headers_get_one (preview->headers, "ETag"));

  path = ld_test_save_body (lab, preview, "preview.pdf");
  text = ld_test_pdf_text (path, 0);
  raw = pdf_raw_text (path);
  n_pages = ld_test_pdf_n_pages (path);
  /* The mark across every page, and under the title on every page. */
  g_assert_cmpuint (n_pages, >=, 1);
  {
    g_autofree char *squeezed = squeeze (raw);

    g_assert_cmpuint (ld_test_count (squeezed, "PREVIEW—NOTRELEASED"), ==, n_pages);
  }
  g_assert_cmpuint (ld_test_count (text, "Preview, not released"), ==, n_pages);
  /* What the report will say: patient, order, values, flags, verifier. */
  ld_test_assert_contains (raw, "अनीता देशपांडे");
  ld_test_assert_contains (text, number);
  ld_test_assert_contains (text, "Laboratory report");
  ld_test_assert_contains (text, "Complete blood count");
  ld_test_assert_contains (text, "10.8");
  ld_test_assert_contains (text, "Low");
  ld_test_assert_contains (text, "Potassium");
  ld_test_assert_contains (text, "6.8");
  ld_test_assert_contains (text, "Critical high");
  ld_test_assert_contains (text, "Sunita");
  /* Nothing to verify it by: no code, no QR code. */
  assert_lacks (text, "verification code");
  assert_lacks (text, "Check that this report is genuine");
  codes = scan_pdf (path, 1);
  g_assert_cmpstr (codes, ==, "");

  /* Ravi may not sign; the signatory sees her name where it will print. */
  assert_lacks (text, "Kavita");
  by_signatory = ld_test_get_document (lab, lab->signatory, order_id, "report-preview.pdf");
  ld_test_assert_status (by_signatory, 200);
  {
    g_autofree char *signed_path = ld_test_save_body (lab, by_signatory, "preview-signed.pdf");

    signed_text = ld_test_pdf_text (signed_path, 0);
  }
  ld_test_assert_contains (signed_text, "Kavita Rao");
  ld_test_assert_contains (signed_text, "Preview, not released");

  /* Read and audited, never kept, never released. */
  g_assert_cmpint (count_audit (lab, "report.preview"), ==, previews_before + 2);
  g_assert_cmpint (count (lab, "SELECT count(*) FROM reports"), ==, reports_before);
  g_assert_cmpint (count (lab, "SELECT count(*) FROM report_pdfs"), ==, pdfs_before);
  g_assert_cmpint (ld_lab_order_version (lab, order_id), ==, order_version);
  path = (g_free (path), g_strdup_printf ("/api/v1/orders/%s/reports", order_id));
  versions = ld_test_get (lab->server, path, lab->technician);
  ld_test_assert_status (versions, 200);
  g_assert_cmpuint (json_array_get_length (
                      json_object_get_array_member (ld_test_response_object (versions), "items")),
                    ==, 0);

  /* Released, the report says what the preview said, without the mark;
   * the preview is then refused (the report is the kept PDF). */
  released = ld_lab_release (lab, lab->signatory, order_id);
  ld_test_assert_status (released, 201);
  released_text = ld_test_report_text (lab, order_id, "after-preview.pdf");
  ld_test_assert_contains (released_text, "10.8");
  ld_test_assert_contains (released_text, "Critical high");
  ld_test_assert_contains (released_text, "Kavita Rao");
  assert_lacks (released_text, "PREVIEW");
  assert_lacks (released_text, "Preview");
  assert_refused (lab, lab->signatory, order_id, "report-preview.pdf", 409, "conflict");
}

/* The settings documents need, each validated. */
static void
test_settings (gconstpointer data)
{
  LdLab *lab = ((const Suite *) data)->lab;
  const struct
  {
    const char *member;
    const char *field;
  } bad[] = {
    { "\"lab_upi_id\": \"sunrise.lab\"", "lab_upi_id" },
    { "\"lab_upi_id\": \"a@b@c\"", "lab_upi_id" },
    { "\"lab_upi_id\": \"pay me@okhdfc\"", "lab_upi_id" },
    { "\"public_base_url\": \"lab.example.in\"", "public_base_url" },
    { "\"public_base_url\": \"ftp://lab.example.in\"", "public_base_url" },
    { "\"public_base_url\": \"https://lab.example.in/?x=1\"", "public_base_url" },
    { "\"public_base_url\": \"https://user@lab.example.in\"", "public_base_url" },
    { "\"report_paper\": \"a5\"", "report_paper" },
    { "\"report_paper\": 4", "report_paper" },
    { "\"lab_logo_png\": \"not base64!\"", "lab_logo_png" },
    /* "GIF89a" in base64: not a PNG. */
    { "\"lab_logo_png\": \"R0lGODlhAQABAAAAACw=\"", "lab_logo_png" },
  };
  g_autoptr(LdTestResponse) current = ld_test_get (lab->server, "/api/v1/settings", lab->admin);
  gint64 version = ld_test_response_get_int (current, "version");
  gint64 writes_before = count_writes (lab);

  g_assert_cmpstr (ld_test_response_get_string (current, "report_paper"), ==, "a4");
  g_assert_cmpstr (ld_test_response_get_string (current, "public_base_url"), ==,
                   LD_TEST_PUBLIC_URL "/");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *body =
        g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", %s}", version, bad[i].member);
      g_autoptr(LdTestResponse) resp =
                   ld_test_send_json (lab->server, "PATCH", "/api/v1/settings", lab->admin, body);

      ld_test_assert_error (resp, 422, "validation_failed");
      g_assert_nonnull (ld_test_response_get_field_error (resp, bad[i].field));
    }
  g_assert_cmpint (count_writes (lab), ==, writes_before);
}

/* A small PNG, base64-encoded, as an administrator uploads a logo. */
static char *
make_logo (void)
{
  g_autoptr(GBytes) png = ld_test_logo_png ();

  return g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
}

/* A logo, US Letter paper and no public address: a version is issued with
 * the settings of its day. */
static void
test_logo_letter_no_address (gconstpointer data)
{
  const Suite *suite = data;
  LdLab *lab = suite->lab;
  const char *patient_id = suite->patient_id;
  g_autofree char *logo = make_logo ();
  g_autofree char *members =
    g_strdup_printf ("\"lab_logo_png\": \"%s\", \"report_paper\": \"letter\","
                     " \"public_base_url\": \"\"",
                     logo);
  g_autofree char *order_id = NULL;
  g_autoptr(JsonObject) v1 = NULL;
  g_autoptr(LdTestResponse) report = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *info = NULL;
  g_autofree char *images = NULL;
  g_autofree char *codes = NULL;
  g_autofree char *text = NULL;

  ld_test_patch_settings (lab, members);
  order_id = ld_test_order_released (lab, patient_id);
  ld_test_patch_settings (lab, "\"lab_logo_png\": \"\", \"report_paper\": \"a4\","
                               " \"public_base_url\": \"" LD_TEST_PUBLIC_URL "/\"");

  v1 = ld_test_report_version (lab, order_id, 1);
  report = ld_test_get_document (lab, lab->desk, order_id, "report.pdf");
  pdf = ld_test_save_body (lab, report, "letter.pdf");
  info = ld_test_run_tool ("pdfinfo", pdf, NULL);
  images = ld_test_run_tool ("pdfimages", "-list", pdf, NULL);
  codes = scan_pdf (pdf, 1);
  text = ld_test_pdf_text (pdf, 0);

  ld_test_assert_contains (info, "612 x 792 pts (letter)");
  ld_test_assert_contains (images, " 120    60 ");
  /* Nowhere to send a phone: no QR code, but the code is printed. */
  g_assert_cmpstr (codes, ==, "");
  ld_test_assert_contains (text, json_object_get_string_member (v1, "verification_code"));
}

int
main (int   argc,
      char *argv[])
{
  Suite suite;
  int status;

  g_test_init (&argc, &argv, NULL);
  suite.lab = ld_lab_new ();
  suite.patient_id = ld_lab_new_patient (suite.lab, ANITA);
  setup_lab (suite.lab);

  g_test_add_data_func ("/documents/report-versions", &suite, test_report_versions);
  g_test_add_data_func ("/documents/receipt", &suite, test_receipt);
  g_test_add_data_func ("/documents/receipt-refund", &suite, test_receipt_refund);
  g_test_add_data_func ("/documents/receipt-cod", &suite, test_receipt_cod);
  g_test_add_data_func ("/documents/labels", &suite, test_labels);
  g_test_add_data_func ("/documents/render-command", &suite, test_render_command);
  g_test_add_data_func ("/documents/report-preview", &suite, test_report_preview);
  g_test_add_data_func ("/documents/refusals", &suite, test_refusals);
  g_test_add_data_func ("/documents/settings", &suite, test_settings);
  g_test_add_data_func ("/documents/logo-letter-no-address", &suite, test_logo_letter_no_address);

  status = g_test_run ();
  g_free (suite.patient_id);
  ld_lab_free (suite.lab);
  return status;
}
