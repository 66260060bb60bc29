/* test-report-input.c: the renderer meets missing, empty, broken and absurd input
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-test-reports.h"

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” is not in the document, which begins:\n%.1500s", needle, haystack);
}

/* Writes the document and checks that every page says its own 'Page N of M'. */
static char *
write_and_check_pages (LdReportFixture  *fx,
                       LdReportDocument *document,
                       const char       *name)
{
  g_autofree char *pdf = ld_test_write_pdf (document, fx->dir, name);
  guint n_pages = ld_test_pdf_n_pages (pdf);

  g_assert_cmpuint (n_pages, ==, ld_report_document_get_n_pages (document));
  for (guint page = 1; page <= n_pages; page++)
    {
      g_autofree char *text = ld_test_pdf_text (pdf, page);
      g_autofree char *mark = g_strdup_printf ("Page %u of %u", page, n_pages);

      assert_contains (text, mark);
    }
  return ld_test_pdf_text (pdf, 0);
}

static void
test_preconditions (LdReportFixture *fx,
                    gconstpointer    data)
{
  g_autoptr(LdLabReport) report = ld_test_report_new ("Anita Deshpande", 0);
  g_autoptr(LdReportDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdLabelSet) labels = ld_label_set_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 10, 10);
  cairo_t *cr = cairo_create (surface);

  g_test_expect_message ("ld-report-render", G_LOG_LEVEL_CRITICAL, "*report != NULL*");
  g_assert_null (ld_report_renderer_layout_lab_report (fx->renderer, NULL, LD_REPORT_PAPER_A4));
  g_test_assert_expected_messages ();

  g_test_expect_message ("ld-report-render", G_LOG_LEVEL_CRITICAL, "*LD_IS_REPORT_RENDERER*");
  g_assert_null (ld_report_renderer_layout_lab_report (NULL, report, LD_REPORT_PAPER_A4));
  g_test_assert_expected_messages ();

  g_test_expect_message ("ld-receipt-render", G_LOG_LEVEL_CRITICAL, "*receipt != NULL*");
  g_assert_null (ld_report_renderer_layout_receipt (fx->renderer, NULL, LD_REPORT_PAPER_A4));
  g_test_assert_expected_messages ();

  g_test_expect_message ("ld-label-render", G_LOG_LEVEL_CRITICAL, "*labels != NULL*");
  g_assert_null (ld_report_renderer_layout_labels (fx->renderer, NULL, LD_LABEL_LAYOUT_ROLL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("ld-report-renderer", G_LOG_LEVEL_CRITICAL, "*font < LD_REPORT_N_FONTS*");
  g_assert_null (ld_report_renderer_text (fx->renderer, LD_REPORT_N_FONTS, "x", 0, 0));
  g_test_assert_expected_messages ();

  g_test_expect_message ("ld-report-data", G_LOG_LEVEL_CRITICAL, "*panel != NULL*");
  g_assert_null (ld_report_panel_add_result (NULL, "x", "1", NULL, NULL, LD_REPORT_FLAG_NONE));
  g_test_assert_expected_messages ();

  document = ld_report_renderer_layout_lab_report (fx->renderer, report, LD_REPORT_PAPER_A4);
  g_assert_cmpuint (ld_report_document_get_n_pages (document), ==, 1);

  g_test_expect_message ("ld-report-document", G_LOG_LEVEL_CRITICAL, "*page < *");
  ld_report_document_draw_page (document, cr, 1);
  g_test_assert_expected_messages ();

  g_test_expect_message ("ld-report-document", G_LOG_LEVEL_CRITICAL, "*cr != NULL*");
  ld_report_document_draw_page (document, NULL, 0);
  g_test_assert_expected_messages ();

  g_test_expect_message ("ld-report-output", G_LOG_LEVEL_CRITICAL, "*dpi > 0*");
  g_assert_null (ld_report_document_render_page (document, 0, 0));
  g_test_assert_expected_messages ();

  g_test_expect_message ("ld-report-output", G_LOG_LEVEL_CRITICAL, "*page < *");
  g_assert_false (ld_report_document_write_png (document, 7, 72, "x.png", &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  /* A file that cannot be written is an error, not a critical. */
  g_assert_false (ld_report_document_write_pdf (document, "/nonexistent/dir/report.pdf", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_empty_report (LdReportFixture *fx,
                   gconstpointer    data)
{
  g_autoptr(LdLabReport) empty = ld_lab_report_new ();
  g_autoptr(LdLabReport) bare = ld_lab_report_new ();
  g_autoptr(LdReportDocument) document = NULL;
  g_autoptr(LdReportDocument) bare_document = NULL;
  g_autofree char *text = NULL;
  g_autofree char *bare_text = NULL;

  /* Every field missing: the page says so rather than leave gaps. */
  document = ld_report_renderer_layout_lab_report (fx->renderer, empty, LD_REPORT_PAPER_A4);
  text = write_and_check_pages (fx, document, "empty.pdf");
  assert_contains (text, "There are no results on this report.");
  assert_contains (text, "Laboratory report");
  assert_contains (text, "Preview, not released");
  assert_contains (text, "MRN —");

  /* Even the lab, patient and lists themselves. */
  g_clear_pointer (&bare->lab, ld_report_lab_free);
  g_clear_pointer (&bare->patient, ld_report_patient_free);
  g_clear_pointer (&bare->samples, g_ptr_array_unref);
  g_clear_pointer (&bare->panels, g_ptr_array_unref);
  bare_document = ld_report_renderer_layout_lab_report (fx->renderer, bare,
                                                        LD_REPORT_PAPER_LETTER);
  bare_text = write_and_check_pages (fx, bare_document, "bare.pdf");
  assert_contains (bare_text, "There are no results on this report.");
}

static void
test_empty_panel_and_values (LdReportFixture *fx,
                             gconstpointer    data)
{
  g_autoptr(LdLabReport) report = ld_test_report_new ("Anita Deshpande", 0);
  g_autoptr(LdReportDocument) document = NULL;
  LdReportPanel *panel;
  g_autofree char *text = NULL;

  ld_lab_report_add_panel (report, "Serology");
  panel = ld_lab_report_add_panel (report, NULL);
  ld_report_panel_add_result (panel, NULL, NULL, NULL, NULL, LD_REPORT_FLAG_CRITICAL_LOW);
  ld_report_panel_add_result (panel, "", "", "", "", LD_REPORT_FLAG_NONE);
  g_clear_pointer (&report->verification_url, g_free);
  g_clear_pointer (&report->released_by, g_free);
  report->verified_us = 0;

  document = ld_report_renderer_layout_lab_report (fx->renderer, report, LD_REPORT_PAPER_A4);
  text = write_and_check_pages (fx, document, "gaps.pdf");
  assert_contains (text, "Serology");
  assert_contains (text, "No results in this group");
  assert_contains (text, "Critical low");
  assert_contains (text, "Meera Kulkarni, MSc (technologist)");
  g_assert_null (strstr (text, "Check that this report is genuine"));
}

static void
test_absurd_text_is_kept_in_bounds (LdReportFixture *fx,
                                    gconstpointer    data)
{
  g_autoptr(LdLabReport) report = ld_test_report_new ("x", 0);
  g_autoptr(LdReportDocument) document = NULL;
  g_autoptr(GString) comment = g_string_new ("FIRSTWORD");
  g_autoptr(GString) result_comment = g_string_new ("Titre rising");
  LdReportPanel *panel = g_ptr_array_index (report->panels, 0);
  LdReportResult *result;
  g_autofree char *text = NULL;
  guint n_pages;

  /* Names far beyond any real one, with no place to break them: cut. */
  g_free (report->patient->name);
  report->patient->name = g_strnfill (100000, 'A');
  g_free (report->doctor);
  report->doctor = g_strnfill (20000, 'D');

  /* A report comment and a result's comment each longer than a page: they
   * run on to the next page, cut between lines, with nothing lost. */
  for (guint i = 0; i < 500; i++)
    g_string_append (comment, " interpretation");
  g_string_append (comment, " LASTWORD");
  g_free (report->comments);
  report->comments = g_string_free (g_steal_pointer (&comment), FALSE);
  for (guint i = 0; i < 3000; i++)
    g_string_append (result_comment, " again");
  g_string_append (result_comment, " ENDOFCOMMENT");
  result = ld_report_panel_add_result (panel, "Antibody titre", "1:80", NULL, "< 1:40",
                                       LD_REPORT_FLAG_HIGH);
  result->comment = g_string_free (g_steal_pointer (&result_comment), FALSE);

  document = ld_report_renderer_layout_lab_report (fx->renderer, report, LD_REPORT_PAPER_A4);
  n_pages = ld_report_document_get_n_pages (document);
  g_assert_cmpuint (n_pages, >=, 3);
  g_assert_cmpuint (n_pages, <=, 12);

  text = write_and_check_pages (fx, document, "absurd.pdf");
  assert_contains (text, "FIRSTWORD");
  assert_contains (text, "LASTWORD");
  assert_contains (text, "Antibody titre");
  assert_contains (text, "Titre rising again");
  assert_contains (text, "ENDOFCOMMENT");
  assert_contains (text, "1:80");
  assert_contains (text, "End of report");
  /* The name is cut, with an ellipsis, long before its 100,000th letter. */
  assert_contains (text, "AAA…");
}

static void
test_broken_utf8_and_zone (LdReportFixture *fx,
                           gconstpointer    data)
{
  g_autoptr(LdLabReport) report = ld_test_report_new ("x", 0);
  g_autoptr(LdReportDocument) document = NULL;
  g_autofree char *text = NULL;
  g_autofree char *local = ld_report_format_time (LD_TEST_RELEASED_US, NULL);
  g_autofree char *released = NULL;

  g_free (report->patient->name);
  report->patient->name = g_strdup ("Ravi \xff\xfe Kumar");
  g_free (report->lab->time_zone);
  report->lab->time_zone = g_strdup ("Mars/Olympus_Mons");

  document = ld_report_renderer_layout_lab_report (fx->renderer, report, LD_REPORT_PAPER_A4);
  text = write_and_check_pages (fx, document, "broken.pdf");
  assert_contains (text, "Ravi");
  assert_contains (text, "Kumar");

  /* An unknown zone falls back to the machine's own. */
  released = g_strdup_printf ("Dr Vikram Joshi, MD (Pathology), %s", local);
  assert_contains (text, released);
}

static void
test_logo (LdReportFixture *fx,
           gconstpointer    data)
{
  g_autoptr(LdLabReport) report = ld_test_report_new ("Anita Deshpande", 0);
  g_autoptr(LdReportDocument) with_logo = NULL;
  g_autoptr(LdReportDocument) broken_logo = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *images = NULL;
  g_autofree char *broken_pdf = NULL;
  g_autofree char *broken_images = NULL;

  report->lab->logo_png = ld_test_logo_png ();
  with_logo = ld_report_renderer_layout_lab_report (fx->renderer, report, LD_REPORT_PAPER_A4);
  pdf = ld_test_write_pdf (with_logo, fx->dir, "logo.pdf");
  images = ld_test_run_tool ("pdfimages", "-list", pdf, NULL);
  assert_contains (images, " 120    60 ");

  /* Not a PNG: the page goes without a logo. */
  g_bytes_unref (report->lab->logo_png);
  report->lab->logo_png = g_bytes_new_static ("\x89PNG\r\n\x1a\nnot really", 18);
  broken_logo = ld_report_renderer_layout_lab_report (fx->renderer, report, LD_REPORT_PAPER_A4);
  broken_pdf = ld_test_write_pdf (broken_logo, fx->dir, "broken-logo.pdf");
  broken_images = ld_test_run_tool ("pdfimages", "-list", broken_pdf, NULL);
  g_assert_null (strstr (broken_images, " 120    60 "));
}

static void
test_huge_verification_url (LdReportFixture *fx,
                            gconstpointer    data)
{
  g_autoptr(LdLabReport) report = ld_test_report_new ("Anita Deshpande", 0);
  g_autoptr(LdReportDocument) document = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *png = NULL;
  g_autofree char *codes = NULL;
  g_autofree char *tail = g_strnfill (5000, 'q');

  /* Too long for any QR code: the address is printed, without a code. */
  g_free (report->verification_url);
  report->verification_url = g_strconcat ("https://lab.example.in/verify/", tail, NULL);

  document = ld_report_renderer_layout_lab_report (fx->renderer, report, LD_REPORT_PAPER_A4);
  text = write_and_check_pages (fx, document, "long-url.pdf");
  assert_contains (text, "https://lab.example.in/verify/");
  assert_contains (text, "qqqq (code K7QX2M9P).");
  pdf = g_build_filename (fx->dir, "long-url.pdf", NULL);
  png = ld_test_pdf_to_png (pdf, 1, 100);
  codes = ld_test_scan_codes (png);
  g_assert_cmpstr (codes, ==, "");
}

static void
test_bad_labels (LdReportFixture *fx,
                 gconstpointer    data)
{
  g_autoptr(LdLabelSet) labels = ld_label_set_new ();
  g_autoptr(LdLabelSet) none = ld_label_set_new ();
  g_autoptr(LdLabelSet) bare = ld_label_set_new ();
  g_autoptr(LdReportDocument) document = NULL;
  g_autoptr(LdReportDocument) empty = NULL;
  g_autoptr(LdReportDocument) bare_document = NULL;
  LdLabel *label;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *png = NULL;
  g_autofree char *codes = NULL;

  g_ptr_array_add (labels->labels, ld_label_new ());
  label = ld_label_new ();
  label->accession = g_strdup ("नमूना-1");
  label->patient_name = g_strnfill (5000, 'N');
  g_ptr_array_add (labels->labels, label);
  label = ld_label_new ();
  label->accession = g_strdup ("S26112100099");
  label->patient_name = g_strdup ("Ravi \xff Kumar");
  g_ptr_array_add (labels->labels, label);

  document = ld_report_renderer_layout_labels (fx->renderer, labels, LD_LABEL_LAYOUT_ROLL);
  g_assert_cmpuint (ld_report_document_get_n_pages (document), ==, 3);
  pdf = ld_test_write_pdf (document, fx->dir, "bad-labels.pdf");
  text = ld_test_pdf_text (pdf, 0);
  assert_contains (text, "नमूना-1");
  assert_contains (text, "NNNN");
  /* Both labels without an MRN say so, the long name notwithstanding. */
  g_assert_nonnull (strstr (strstr (text, "MRN —") + 1, "MRN —"));

  /* The labels that cannot carry a barcode have none; the good one does. */
  png = ld_test_pdf_to_png (pdf, 3, 300);
  codes = ld_test_scan_codes (png);
  g_assert_cmpstr (codes, ==, "CODE-128:S26112100099\n");

  empty = ld_report_renderer_layout_labels (fx->renderer, none, LD_LABEL_LAYOUT_A4_SHEET);
  g_assert_cmpuint (ld_report_document_get_n_pages (empty), ==, 1);
  g_free (ld_test_write_pdf (empty, fx->dir, "no-labels.pdf"));

  g_clear_pointer (&bare->labels, g_ptr_array_unref);
  bare_document = ld_report_renderer_layout_labels (fx->renderer, bare, LD_LABEL_LAYOUT_ROLL);
  g_assert_cmpuint (ld_report_document_get_n_pages (bare_document), ==, 1);
}

static void
test_receipt_extremes (LdReportFixture *fx,
                       gconstpointer    data)
{
  g_autoptr(LdReceipt) empty = ld_receipt_new ();
  g_autoptr(LdReceipt) extreme = ld_test_receipt_new (0);
  g_autoptr(LdReportDocument) empty_document = NULL;
  g_autoptr(LdReportDocument) extreme_document = NULL;
  g_autofree char *empty_text = NULL;
  g_autofree char *extreme_text = NULL;

  empty_document = ld_report_renderer_layout_receipt (fx->renderer, empty, LD_REPORT_PAPER_A4);
  empty_text = write_and_check_pages (fx, empty_document, "empty-receipt.pdf");
  assert_contains (empty_text, "No items");
  assert_contains (empty_text, "No payments yet");

  /* Amounts at the ends of gint64 format without overflow; a lab name
   * with every reserved character still makes a UPI code. */
  extreme->discount_paise = G_MININT64;
  extreme->total_paise = G_MAXINT64;
  extreme->balance_paise = G_MAXINT64;
  g_free (extreme->lab->name);
  extreme->lab->name = g_strdup ("Lab & Co; ?=#%/+ \"Ünïcode\"");
  for (guint i = 0; i < 120; i++)
    g_ptr_array_add (extreme->payments,
                     ld_receipt_payment_new ("Cash", NULL, -1, LD_TEST_COLLECTED_US));

  extreme_document = ld_report_renderer_layout_receipt (fx->renderer, extreme,
                                                        LD_REPORT_PAPER_A4);
  g_assert_cmpuint (ld_report_document_get_n_pages (extreme_document), >=, 2);
  extreme_text = write_and_check_pages (fx, extreme_document, "extreme-receipt.pdf");
  assert_contains (extreme_text, "₹92,23,37,20,36,85,47,758.07");
  assert_contains (extreme_text, "-0.01");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ld_report_test_add ("/report/input/preconditions", test_preconditions);
  ld_report_test_add ("/report/input/empty-report", test_empty_report);
  ld_report_test_add ("/report/input/empty-panel-and-values", test_empty_panel_and_values);
  ld_report_test_add ("/report/input/absurd-text-is-kept-in-bounds",
                      test_absurd_text_is_kept_in_bounds);
  ld_report_test_add ("/report/input/broken-utf8-and-zone", test_broken_utf8_and_zone);
  ld_report_test_add ("/report/input/logo", test_logo);
  ld_report_test_add ("/report/input/huge-verification-url", test_huge_verification_url);
  ld_report_test_add ("/report/input/bad-labels", test_bad_labels);
  ld_report_test_add ("/report/input/receipt-extremes", test_receipt_extremes);

  return g_test_run ();
}
