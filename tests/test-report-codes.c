/* test-report-codes.c: barcodes and QR codes that a scanner reads back
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-test-reports.h"

/* The receipt's balance (₹380.00) in the sample, paid to the sample lab. */
#define SAMPLE_UPI_URI                                       \
  "upi://pay?pa=sunrise.lab@okhdfc&pn=Sunrise%20Diagnostics" \
  "&am=380.00&cu=INR&tn=O2611-000123"

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static GStrv
sorted_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add (kept, g_strdup (lines[i]));
  g_ptr_array_sort (kept, compare_strings);
  g_ptr_array_add (kept, NULL);
  return (GStrv) g_ptr_array_steal (kept, NULL);
}

static void
test_roll_label_barcode_scans (LdReportFixture *fx,
                               gconstpointer    data)
{
  g_autoptr(LdLabelSet) labels = ld_test_labels_new (3);
  g_autoptr(LdReportDocument) roll = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  double width;
  double height;

  roll = ld_report_renderer_layout_labels (fx->renderer, labels, LD_LABEL_LAYOUT_ROLL);
  g_assert_cmpuint (ld_report_document_get_n_pages (roll), ==, 3);
  ld_report_document_get_page_size (roll, &width, &height);
  g_assert_cmpfloat_with_epsilon (width * 25.4 / 72, 50, 0.01);
  g_assert_cmpfloat_with_epsilon (height * 25.4 / 72, 25, 0.01);

  pdf = ld_test_write_pdf (roll, fx->dir, "roll.pdf");
  g_assert_cmpuint (ld_test_pdf_n_pages (pdf), ==, 3);

  /* Each page is its own sample's label. */
  for (guint page = 1; page <= 3; page++)
    {
      g_autofree char *png = ld_test_pdf_to_png (pdf, page, 300);
      g_autofree char *codes = ld_test_scan_codes (png);
      g_autofree char *expected = g_strdup_printf ("CODE-128:S261121%05u\n", 16 + page);

      g_assert_cmpstr (codes, ==, expected);
    }

  /* The label says who and what, and when it was collected. */
  text = ld_test_pdf_text (pdf, 1);
  g_assert_nonnull (strstr (text, "Anita Deshpande"));
  g_assert_nonnull (strstr (text, "MRN P000123"));
  g_assert_nonnull (strstr (text, "F 34y"));
  g_assert_nonnull (strstr (text, "S26112100017"));
  g_assert_nonnull (strstr (text, "Venous blood"));
  g_assert_nonnull (strstr (text, "EDTA (lavender)"));
  g_assert_nonnull (strstr (text, "20 Nov 2026, 09:00"));
}

static void
test_sheet_barcodes_scan (LdReportFixture *fx,
                          gconstpointer    data)
{
  g_autoptr(LdLabelSet) labels = ld_test_labels_new (46);
  g_autoptr(LdReportDocument) sheet = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *png = NULL;
  g_autofree char *codes = NULL;
  g_auto(GStrv) lines = NULL;
  double width;
  double height;

  /* 46 labels: a full sheet of 44 and two on the next. */
  sheet = ld_report_renderer_layout_labels (fx->renderer, labels, LD_LABEL_LAYOUT_A4_SHEET);
  g_assert_cmpuint (ld_report_document_get_n_pages (sheet), ==, 2);
  ld_report_document_get_page_size (sheet, &width, &height);
  g_assert_cmpfloat_with_epsilon (width, 595.276, 0.001);
  g_assert_cmpfloat_with_epsilon (height, 841.89, 0.001);

  pdf = ld_test_write_pdf (sheet, fx->dir, "sheet.pdf");
  png = ld_test_pdf_to_png (pdf, 2, 300);
  codes = ld_test_scan_codes (png);
  lines = sorted_lines (codes);

  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_cmpstr (lines[0], ==, "CODE-128:S26112100061");
  g_assert_cmpstr (lines[1], ==, "CODE-128:S26112100062");
}

static void
test_label_image_scans (LdReportFixture *fx,
                        gconstpointer    data)
{
  g_autoptr(LdLabelSet) labels = ld_test_labels_new (1);
  g_autoptr(LdReportDocument) roll = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *png = g_build_filename (fx->dir, "label.png", NULL);
  g_autofree char *low = g_build_filename (fx->dir, "label-203.png", NULL);
  g_autofree char *codes = NULL;
  g_autofree char *low_codes = NULL;

  /* Drawn straight into an image (a preview, or a raster label printer):
   * bars snapped to whole pixels, at 300 dpi and at a thermal printer's
   * 203. */
  roll = ld_report_renderer_layout_labels (fx->renderer, labels, LD_LABEL_LAYOUT_ROLL);
  g_assert_true (ld_report_document_write_png (roll, 0, 300, png, &error));
  g_assert_no_error (error);
  g_assert_true (ld_report_document_write_png (roll, 0, 203, low, &error));
  g_assert_no_error (error);

  codes = ld_test_scan_codes (png);
  low_codes = ld_test_scan_codes (low);
  g_assert_cmpstr (codes, ==, "CODE-128:S26112100017\n");
  g_assert_cmpstr (low_codes, ==, "CODE-128:S26112100017\n");
}

static void
test_report_qr_scans (LdReportFixture *fx,
                      gconstpointer    data)
{
  g_autoptr(LdLabReport) report = ld_test_report_new ("Anita Deshpande", 0);
  g_autoptr(LdReportDocument) document = NULL;
  g_autofree char *codes = NULL;

  g_autofree char *pdf = NULL;
  g_autofree char *images = NULL;
  /* A screen's, a first proof's, a printer's. */
  const guint dpis[] = { 96, 150, 300 };

  document = ld_report_renderer_layout_lab_report (fx->renderer, report, LD_REPORT_PAPER_A4);
  pdf = ld_test_write_pdf (document, fx->dir, "qr.pdf");
  for (guint i = 0; i < G_N_ELEMENTS (dpis); i++)
    {
      g_autofree char *png = ld_test_pdf_to_png (pdf, 1, dpis[i]);

      g_free (codes);
      codes = ld_test_scan_codes (png);
      g_test_message ("%u dpi: %s", dpis[i], codes);
      g_assert_cmpstr (codes, ==, "QR-Code:" LD_TEST_VERIFY_URL "\n");
    }

  /* The code is one stencil (an image mask, one bit a pixel, the black
   * painted through it) of 8 pixels a module (29 modules: version 3),
   * never smoothed. */
  images = ld_test_run_tool ("pdfimages", "-list", pdf, NULL);
  if (strstr (images, "stencil   232   232  -       1   1  image  no ") == NULL)
    g_error ("The QR code is not one sharp black-and-white image:\n%s", images);
}

static void
test_receipt_upi_qr_scans (LdReportFixture *fx,
                           gconstpointer    data)
{
  g_autoptr(LdReceipt) receipt = ld_test_receipt_new (100000);
  g_autoptr(LdReportDocument) document = NULL;
  g_autofree char *codes = NULL;

  document = ld_report_renderer_layout_receipt (fx->renderer, receipt, LD_REPORT_PAPER_A4);
  codes = ld_test_scan_page (fx, document, 1, 150);

  g_assert_cmpstr (codes, ==, "QR-Code:" SAMPLE_UPI_URI "\n");
}

static void
test_codes_refuse_bad_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdReportCode) code = NULL;
  g_autofree char *huge = g_strnfill (8000, 'x');

  code = ld_report_code_new_code128 ("", &error);
  g_assert_null (code);
  g_assert_error (error, LD_REPORT_ERROR, LD_REPORT_ERROR_ENCODE);
  g_clear_error (&error);

  code = ld_report_code_new_code128 (NULL, &error);
  g_assert_null (code);
  g_assert_error (error, LD_REPORT_ERROR, LD_REPORT_ERROR_ENCODE);
  g_clear_error (&error);

  /* Code 128 carries Latin-1 at most. */
  code = ld_report_code_new_code128 ("नमूना", &error);
  g_assert_null (code);
  g_assert_error (error, LD_REPORT_ERROR, LD_REPORT_ERROR_ENCODE);
  g_clear_error (&error);

  code = ld_report_code_new_qr (huge, &error);
  g_assert_null (code);
  g_assert_error (error, LD_REPORT_ERROR, LD_REPORT_ERROR_ENCODE);
  g_clear_error (&error);

  code = ld_report_code_new_qr ("", &error);
  g_assert_null (code);
  g_assert_error (error, LD_REPORT_ERROR, LD_REPORT_ERROR_ENCODE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ld_report_test_add ("/report/codes/roll-label-barcode-scans", test_roll_label_barcode_scans);
  ld_report_test_add ("/report/codes/sheet-barcodes-scan", test_sheet_barcodes_scan);
  ld_report_test_add ("/report/codes/label-image-scans", test_label_image_scans);
  ld_report_test_add ("/report/codes/report-qr-scans", test_report_qr_scans);
  ld_report_test_add ("/report/codes/receipt-upi-qr-scans", test_receipt_upi_qr_scans);
  g_test_add_func ("/report/codes/refuse-bad-text", test_codes_refuse_bad_text);

  return g_test_run ();
}
