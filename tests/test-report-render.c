/* test-report-render.c: reports and receipts rendered to PDF and read back
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ld-test-reports.h"

/* Exercises "प्र" (a conjunct) and "ि" (a vowel sign drawn before its
 * consonant), the two things a broken shaping or text extraction gets
 * wrong. */
#define DEVANAGARI_NAME "प्रिया देशपांडे"

static char *
render_report (LdReportFixture   *fx,
               const LdLabReport *report,
               LdReportPaper      paper,
               const char        *name)
{
  g_autoptr(LdReportDocument) document = NULL;

  document = ld_report_renderer_layout_lab_report (fx->renderer, report, paper);
  return ld_test_write_pdf (document, fx->dir, name);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” is not in the document, which begins:\n%.1500s", needle, haystack);
}

static void
test_report_has_every_item (LdReportFixture *fx,
                            gconstpointer    data)
{
  g_autoptr(LdLabReport) report = ld_test_report_new (DEVANAGARI_NAME, 0);
  g_autofree char *pdf = render_report (fx, report, LD_REPORT_PAPER_A4, "report.pdf");
  g_autofree char *text = ld_test_pdf_text (pdf, 0);
  g_autofree char *raw = ld_test_run_tool ("pdftotext", "-raw", "-enc", "UTF-8", pdf, "-", NULL);
  g_autofree char *fonts = ld_test_run_tool ("pdffonts", pdf, NULL);
  const char *items[] = {
    /* The lab: name, address, contact. */
    "Sunrise Diagnostics", "14 MG Road, Shivajinagar, Pune 411005", "+91 20 2553 0199",
    "reports@sunrise-diagnostics.in", "Laboratory report",
    /* The patient, with two identifiers, sex, age and birth date. */
    "P000123", "91-4417-2280-6613", "ABHA ID", "Female / 34 years", "12 Mar 1992",
    /* Requesting doctor, order, samples with specimen and times. */
    "Dr Asha Rao, MD (Medicine)", "O2611-000123", "S26112100017", "S26112100018",
    "Venous blood, EDTA (lavender)", "Serum, Clot activator (red)",
    "20 Nov 2026, 09:00", "20 Nov 2026, 09:40",
    /* Results by panel: name, value, unit, interval, flag. */
    "Complete blood count", "Biochemistry", "Haemoglobin", "10.8", "g/dL", "12.0 – 15.0",
    "Low", "High", "Critical high", "Abnormal", "No reference interval",
    "Triglycerides", "1162", "< 150", "Positive", "<3.0", "µIU/mL",
    /* Comments; who verified and released, and when. */
    "Critical value telephoned to Dr Asha Rao", "Mild microcytic anaemia",
    "Meera Kulkarni, MSc (technologist), 20 Nov 2026, 13:45",
    "Dr Vikram Joshi, MD (Pathology), 20 Nov 2026, 14:05",
    LD_TEST_VERIFY_URL, "K7QX2M9P", "Page 1 of 1", "End of report",
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    assert_contains (text, items[i]);

  /* The name comes back as it went in, in the patient block and in the
   * footer, in every mode of pdftotext (the words of a Devanagari name
   * are drawn whole, see ld-report-block.c). */
  g_assert_cmpuint (ld_test_count (raw, DEVANAGARI_NAME), ==, 2);
  g_assert_cmpuint (ld_test_count (text, DEVANAGARI_NAME), ==, 2);
  g_assert_cmpuint (ld_test_pdf_n_pages (pdf), ==, 1);
  g_assert_null (strstr (text, "Preview, not released"));

  /* The fonts are the ones named, not whatever fontconfig fell back to,
   * and the build's copies without hints (ld-report-fonts.c). */
  assert_contains (fonts, "NotoSansUnhinted-Regular");
  assert_contains (fonts, "NotoSansUnhinted-Bold");
  assert_contains (fonts, "NotoSansDevanagariUnhinted-Regular");
  g_assert_null (strstr (fonts, "NotoSans-"));
}

/* An open-ended interval prints "≤ 200" or "≥ 40". Noto Sans has neither
 * sign; the build borrows them from Noto Sans Math
 * (tools/make-report-font), so the report embeds no other family for them
 * (it was DejaVu Sans, hints and all, in every lipid profile). */
static void
test_open_interval_signs_are_noto (LdReportFixture *fx,
                                   gconstpointer    data)
{
  g_autoptr(LdLabReport) report = ld_test_report_new ("Asha Verma", 0);
  LdReportPanel *panel = g_ptr_array_index (report->panels, 0);
  LdReportResult *first = g_ptr_array_index (panel->results, 0);
  LdReportResult *second = g_ptr_array_index (panel->results, 1);
  g_autofree char *pdf = NULL;
  g_autofree char *fonts = NULL;
  g_autofree char *text = NULL;

  g_free (first->reference);
  first->reference = g_strdup ("\u2264 200");
  g_free (second->reference);
  second->reference = g_strdup ("\u2265 40");
  pdf = render_report (fx, report, LD_REPORT_PAPER_A4, "open-intervals.pdf");
  fonts = ld_test_run_tool ("pdffonts", pdf, NULL);
  text = ld_test_pdf_text (pdf, 0);

  assert_contains (text, "\u2264 200");
  assert_contains (text, "\u2265 40");
  assert_contains (fonts, "NotoSansUnhinted-Regular");
  if (strstr (fonts, "DejaVu") != NULL)
    g_error ("A sign of the intervals came from another family:\n%s", fonts);
}

/* Without the unhinted copies a report is still set in Noto, the
 * system's: a server started from elsewhere than its build or install
 * prints the same reports. The copies are looked for once a process, so
 * this runs in a process of its own. */
static void
test_report_without_unhinted_fonts (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(LdLabReport) report = ld_test_report_new (DEVANAGARI_NAME, 0);
      LdReportFixture fx;
      g_autofree char *empty = NULL;
      g_autofree char *pdf = NULL;
      g_autofree char *fonts = NULL;
      g_autofree char *text = NULL;

      empty = g_dir_make_tmp ("labdesk-no-fonts-XXXXXX", NULL);
      g_assert_nonnull (empty);
      g_setenv ("LABDESK_FONTDIR", empty, TRUE);
      ld_report_fixture_setup (&fx, NULL);

      pdf = render_report (&fx, report, LD_REPORT_PAPER_A4, "system-fonts.pdf");
      fonts = ld_test_run_tool ("pdffonts", pdf, NULL);
      text = ld_test_pdf_text (pdf, 0);
      assert_contains (fonts, "NotoSans-Regular");
      assert_contains (fonts, "NotoSansDevanagari-Regular");
      g_assert_null (strstr (fonts, "Unhinted"));
      g_assert_cmpuint (ld_test_count (text, DEVANAGARI_NAME), ==, 2);
      ld_report_fixture_teardown (&fx, NULL);
      g_assert_cmpint (g_rmdir (empty), ==, 0);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Wherever the line happens to end, the printed verification code is
 * whole on one line: the sentence beside the QR code is tried with
 * addresses of every length for a few dozen characters. */
static void
test_verification_code_is_whole (LdReportFixture *fx,
                                 gconstpointer    data)
{
  const char *code = "96Q8-CX22-QN79";

  for (guint pad = 0; pad < 30; pad++)
    {
      g_autoptr(LdLabReport) report = ld_test_report_new ("Anita Deshpande", 0);
      g_autofree char *pdf = NULL;
      g_autofree char *raw = NULL;
      g_autofree char *line = g_strdup_printf ("%s).", code);
      g_autofree char *padding = g_strnfill (pad, 'x');

      g_free (report->verification_code);
      report->verification_code = g_strdup (code);
      g_free (report->verification_url);
      report->verification_url =
        g_strdup_printf ("https://lab.example.in/%s/verify/%s", padding, code);
      pdf = render_report (fx, report, LD_REPORT_PAPER_A4, "code.pdf");
      raw = ld_test_run_tool ("pdftotext", "-raw", "-enc", "UTF-8", pdf, "-", NULL);
      assert_contains (raw, line);
    }
}

static void
test_report_sets_abnormal_apart (LdReportFixture *fx,
                                 gconstpointer    data)
{
  g_autoptr(LdLabReport) report = ld_test_report_new ("Anita Deshpande", 0);
  g_autofree char *pdf = render_report (fx, report, LD_REPORT_PAPER_A4, "report.pdf");
  g_autofree char *xml = ld_test_pdf_xml (pdf);

  /* Abnormal and critical values and their flags are bold... */
  assert_contains (xml, "<b>10.8</b>");
  assert_contains (xml, "<b>1162</b>");
  assert_contains (xml, "<b>Positive</b>");
  assert_contains (xml, "<b>Low</b>");
  assert_contains (xml, "<b>Critical high</b>");
  /* ...normal ones are not. */
  assert_contains (xml, ">7.6<");
  g_assert_null (strstr (xml, "<b>7.6</b>"));
  g_assert_null (strstr (xml, "<b>3.41</b>"));
  g_assert_null (strstr (xml, "<b>&lt;3.0</b>"));

  /* Each text is drawn once (pdftotext hides a text drawn twice over
   * itself; pdftohtml does not). */
  g_assert_cmpuint (ld_test_count (xml, "<b>10.8</b>"), ==, 1);
  g_assert_cmpuint (ld_test_count (xml, ">Haemoglobin<"), ==, 1);
  g_assert_cmpuint (ld_test_count (xml, ">Total leucocyte count<"), ==, 1);
  g_assert_cmpuint (ld_test_count (xml, ">Triglycerides<"), ==, 1);
}

static void
test_report_pages_count_themselves (LdReportFixture *fx,
                                    gconstpointer    data)
{
  g_autoptr(LdLabReport) report = ld_test_report_new ("Anita Deshpande", 70);
  g_autofree char *pdf = render_report (fx, report, LD_REPORT_PAPER_A4, "long.pdf");
  g_autofree char *all = ld_test_pdf_text (pdf, 0);
  guint n_pages = ld_test_pdf_n_pages (pdf);

  g_assert_cmpuint (n_pages, >=, 3);

  for (guint page = 1; page <= n_pages; page++)
    {
      g_autofree char *text = ld_test_pdf_text (pdf, page);
      g_autofree char *mark = g_strdup_printf ("Page %u of %u", page, n_pages);

      assert_contains (text, mark);
      g_assert_cmpuint (ld_test_count (text, "Page "), ==, 1);
      assert_contains (text, "Anita Deshpande");
      assert_contains (text, "MRN P000123");
      assert_contains (text, "Sunrise Diagnostics");
      if (page > 1 && page < n_pages)
        {
          /* Results run on: the column headings and the panel come again. */
          assert_contains (text, "Reference interval");
          assert_contains (text, "Extended panel (continued)");
        }
    }

  /* Nothing is lost or doubled at a page break. */
  for (guint i = 1; i <= 70; i++)
    {
      static const char *names[] = {
        "Haemoglobin", "Total leucocyte count", "Red blood cell count", "Haematocrit (PCV)",
        "Mean corpuscular volume", "concentration", "Platelet count", "(Westergren)",
      };
      g_autofree char *row = g_strdup_printf ("%s %03u", names[(i - 1) % 8], i);

      g_assert_cmpuint (ld_test_count (all, row), ==, 1);
    }
}

static void
test_corrected_report_shows_old_values (LdReportFixture *fx,
                                        gconstpointer    data)
{
  g_autoptr(LdLabReport) report = ld_test_report_new ("Anita Deshpande", 0);
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *first = NULL;

  ld_test_report_correct (report);

  pdf = render_report (fx, report, LD_REPORT_PAPER_A4, "corrected.pdf");
  text = ld_test_pdf_text (pdf, 0);
  first = ld_test_pdf_text (pdf, 1);

  assert_contains (first, "Corrected report");
  assert_contains (first, "Version 2, replacing version 1");
  assert_contains (text, "This report replaces version 1.");
  assert_contains (text, "Haematocrit was entered from the wrong analyser run.");
  assert_contains (text, "Previously reported: 39.3 %. Reason for the amendment: "
                         "transcription error");
  assert_contains (text, "33.9");
  assert_contains (text, "Amended");
  assert_contains (text, "Report version 2");
}

static void
test_paper_sizes (LdReportFixture *fx,
                  gconstpointer    data)
{
  g_autoptr(LdLabReport) report = ld_test_report_new ("Anita Deshpande", 0);
  g_autoptr(LdReceipt) receipt = ld_test_receipt_new (0);
  g_autoptr(LdReportDocument) letter_receipt = NULL;
  g_autofree char *a4 = render_report (fx, report, LD_REPORT_PAPER_A4, "a4.pdf");
  g_autofree char *letter = render_report (fx, report, LD_REPORT_PAPER_LETTER, "letter.pdf");
  g_autofree char *receipt_pdf = NULL;
  g_autofree char *a4_info = ld_test_run_tool ("pdfinfo", a4, NULL);
  g_autofree char *letter_info = ld_test_run_tool ("pdfinfo", letter, NULL);
  g_autofree char *receipt_info = NULL;
  double width;
  double height;

  letter_receipt =
    ld_report_renderer_layout_receipt (fx->renderer, receipt, LD_REPORT_PAPER_LETTER);
  receipt_pdf = ld_test_write_pdf (letter_receipt, fx->dir, "receipt.pdf");
  receipt_info = ld_test_run_tool ("pdfinfo", receipt_pdf, NULL);

  assert_contains (a4_info, "595.276 x 841.89 pts (A4)");
  assert_contains (letter_info, "612 x 792 pts (letter)");
  assert_contains (receipt_info, "612 x 792 pts (letter)");

  ld_report_document_get_page_size (letter_receipt, &width, &height);
  g_assert_cmpfloat_with_epsilon (width, 612, 0.001);
  g_assert_cmpfloat_with_epsilon (height, 792, 0.001);
}

static void
test_same_report_same_bytes (LdReportFixture *fx,
                             gconstpointer    data)
{
  g_autoptr(LdLabReport) report = ld_test_report_new (DEVANAGARI_NAME, 0);
  g_autoptr(LdReportRenderer) other = ld_report_renderer_new ();
  g_autoptr(LdReportDocument) one = NULL;
  g_autoptr(LdReportDocument) two = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *info = NULL;

  /* A released version rendered again must hash the same, or the stored
   * SHA-256 could not vouch for what is served. */
  one = ld_report_renderer_layout_lab_report (fx->renderer, report, LD_REPORT_PAPER_A4);
  two = ld_report_renderer_layout_lab_report (other, report, LD_REPORT_PAPER_A4);
  first = ld_report_document_to_pdf (one, &error);
  g_assert_no_error (error);
  again = ld_report_document_to_pdf (one, &error);
  g_assert_no_error (error);
  second = ld_report_document_to_pdf (two, &error);
  g_assert_no_error (error);

  g_assert_true (g_bytes_equal (first, again));
  g_assert_true (g_bytes_equal (first, second));

  /* The creation date is the release time, not the time of writing. */
  path = ld_test_write_pdf (one, fx->dir, "dated.pdf");
  info = ld_test_run_tool ("pdfinfo", "-isodates", path, NULL);
  assert_contains (info, "2026-11-20T08:35:00");
}

static void
test_page_renders_as_image (LdReportFixture *fx,
                            gconstpointer    data)
{
  g_autoptr(LdLabReport) report = ld_test_report_new ("Anita Deshpande", 0);
  g_autoptr(LdReportDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *png = g_build_filename (fx->dir, "preview.png", NULL);
  cairo_surface_t *surface;
  guint32 *pixels;
  gboolean inked = FALSE;
  int stride;

  document = ld_report_renderer_layout_lab_report (fx->renderer, report, LD_REPORT_PAPER_A4);
  surface = ld_report_document_render_page (document, 0, 96);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 794);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 1123);

  /* Something is drawn where the lab's name is: the top-left of the text. */
  pixels = (guint32 *) cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface) / 4;
  for (int y = 53; y < 75 && !inked; y++)
    for (int x = 53; x < 250 && !inked; x++)
      inked = (pixels[y * stride + x] & 0xffffff) < 0x404040;
  g_assert_true (inked);
  cairo_surface_destroy (surface);

  g_assert_true (ld_report_document_write_png (document, 0, 50, png, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
}

static void
test_receipt_totals (LdReportFixture *fx,
                     gconstpointer    data)
{
  g_autoptr(LdReceipt) receipt = ld_test_receipt_new (100000);
  g_autoptr(LdReportDocument) document = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  const char *items[] = {
    "Sunrise Diagnostics", "14 MG Road, Shivajinagar, Pune 411005", "Receipt",
    "Anita Deshpande", "P000123", "O2611-000123", "20 Nov 2026, 09:00",
    "Complete blood count", "350.00", "Lipid profile", "600.00",
    "Included in Lipid profile", "Thyroid stimulating hormone", "450.00",
    "Subtotal", "1,400.00", "Discount (Senior citizen, 10%)", "-140.00",
    "Home collection", "100.00", "Tax", "20.00", "Total", "₹1,380.00",
    "UPI", "UTR 433912775120", "1,000.00", "Paid", "Balance due", "₹380.00",
    "Scan with any UPI app to pay ₹380.00", "sunrise.lab@okhdfc", "Page 1 of 1",
  };

  document = ld_report_renderer_layout_receipt (fx->renderer, receipt, LD_REPORT_PAPER_A4);
  pdf = ld_test_write_pdf (document, fx->dir, "receipt.pdf");
  text = ld_test_pdf_text (pdf, 0);

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    assert_contains (text, items[i]);
}

static void
test_settled_receipt_has_no_upi_code (LdReportFixture *fx,
                                      gconstpointer    data)
{
  g_autoptr(LdReceipt) receipt = ld_test_receipt_new (138000);
  g_autoptr(LdReceipt) no_upi = ld_test_receipt_new (0);
  g_autoptr(LdReportDocument) paid = NULL;
  g_autoptr(LdReportDocument) unconfigured = NULL;
  g_autofree char *paid_pdf = NULL;
  g_autofree char *unconfigured_pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *codes = NULL;

  paid = ld_report_renderer_layout_receipt (fx->renderer, receipt, LD_REPORT_PAPER_A4);
  paid_pdf = ld_test_write_pdf (paid, fx->dir, "paid.pdf");
  text = ld_test_pdf_text (paid_pdf, 0);
  assert_contains (text, "Balance due");
  assert_contains (text, "₹0.00");
  g_assert_null (strstr (text, "Scan with any UPI app"));
  codes = ld_test_scan_page (fx, paid, 1, 100);
  g_assert_cmpstr (codes, ==, "");

  /* A lab without a UPI address gets no code, whatever is owed. */
  g_clear_pointer (&no_upi->lab->upi_id, g_free);
  unconfigured = ld_report_renderer_layout_receipt (fx->renderer, no_upi, LD_REPORT_PAPER_A4);
  unconfigured_pdf = ld_test_write_pdf (unconfigured, fx->dir, "unconfigured.pdf");
  g_clear_pointer (&text, g_free);
  text = ld_test_pdf_text (unconfigured_pdf, 0);
  assert_contains (text, "₹1,380.00");
  g_assert_null (strstr (text, "Scan with any UPI app"));
}

static void
test_money_and_time_formats (void)
{
  const struct
  {
    gint64      paise;
    const char *text;
  } money[] = {
    { 0, "0.00" },
    { 5, "0.05" },
    { 2000, "20.00" },
    { 99999, "999.99" },
    { 100000, "1,000.00" },
    { 12345678, "1,23,456.78" },
    { 1234567800, "1,23,45,678.00" },
    { -14000, "-140.00" },
    { G_MAXINT64, "92,23,37,20,36,85,47,758.07" },
    { G_MININT64, "-92,23,37,20,36,85,47,758.08" },
  };
  g_autofree char *rupees = ld_report_format_rupees (-250);
  g_autofree char *kolkata = ld_report_format_time (LD_TEST_COLLECTED_US, "Asia/Kolkata");
  g_autofree char *utc = ld_report_format_time (LD_TEST_COLLECTED_US, "UTC");
  g_autofree char *unknown = ld_report_format_time (0, "Asia/Kolkata");

  for (guint i = 0; i < G_N_ELEMENTS (money); i++)
    {
      g_autofree char *text = ld_report_format_money (money[i].paise);

      g_assert_cmpstr (text, ==, money[i].text);
    }
  g_assert_cmpstr (rupees, ==, "-₹2.50");
  {
    g_autofree char *small = ld_report_format_count (999);
    g_autofree char *lakh = ld_report_format_count (123456);
    g_autofree char *crore = ld_report_format_count (10000000);
    g_autofree char *least = ld_report_format_count (G_MININT64);

    g_assert_cmpstr (small, ==, "999");
    g_assert_cmpstr (lakh, ==, "1,23,456");
    g_assert_cmpstr (crore, ==, "1,00,00,000");
    g_assert_cmpstr (least, ==, "-92,23,37,20,36,85,47,75,808");
  }
  g_assert_cmpstr (kolkata, ==, "20 Nov 2026, 09:00");
  g_assert_cmpstr (utc, ==, "20 Nov 2026, 03:30");
  g_assert_null (unknown);
}

static void
test_upi_uri_is_escaped (void)
{
  g_autofree char *uri =
    ld_report_upi_uri ("sunrise.lab@okhdfc", "Sunrise & Sons Lab", 38050, "Order O2611-000123 #1");
  g_autofree char *plain = ld_report_upi_uri ("lab@upi", NULL, 100, NULL);

  g_assert_cmpstr (uri, ==, "upi://pay?pa=sunrise.lab@okhdfc&pn=Sunrise%20%26%20Sons%20Lab"
                            "&am=380.50&cu=INR&tn=Order%20O2611-000123%20%231");
  g_assert_cmpstr (plain, ==, "upi://pay?pa=lab@upi&am=1.00&cu=INR");
  g_assert_null (ld_report_upi_uri ("lab@upi", "Lab", 0, NULL));
  g_assert_null (ld_report_upi_uri ("lab@upi", "Lab", -100, NULL));
  g_assert_null (ld_report_upi_uri ("", "Lab", 100, NULL));
  g_assert_null (ld_report_upi_uri (NULL, "Lab", 100, NULL));
}

/* Writes the page as @dir/@name, checked to be an A4 page at 100 dpi. */
static void
write_screenshot (const char *pdf,
                  guint       page,
                  const char *dir,
                  const char *name)
{
  static const guint8 png_signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree char *png = ld_test_pdf_to_png (pdf, page, 100);
  g_autofree char *target = g_build_filename (dir, name, NULL);
  g_autofree char *out = ld_test_run_tool ("mv", png, target, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  gsize length = 0;

  g_file_get_contents (target, &bytes, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 24);
  g_assert_cmpmem (bytes, sizeof png_signature, png_signature, sizeof png_signature);
  /* The header's width and height, big-endian: 210 × 297 mm, rounded up. */
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (bytes + 16)), ==, 827);
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (bytes + 20)), ==, 1170);
}

/* Renders the pictures of docs/screenshots/ (pdftoppm at 100 dpi) from the
 * same sample data, as A4 pages: into LD_REPORT_SCREENSHOTS_DIR when it is
 * set (to renew them), else into the test's own directory. */
static void
test_write_screenshots (LdReportFixture *fx,
                        gconstpointer    data)
{
  const char *out = g_getenv ("LD_REPORT_SCREENSHOTS_DIR") ?: fx->dir;
  g_autoptr(LdLabReport) report = ld_test_report_new (DEVANAGARI_NAME, 0);
  g_autoptr(LdLabReport) corrected = ld_test_report_new ("Anita Deshpande", 40);
  g_autoptr(LdReceipt) receipt = ld_test_receipt_new (100000);
  g_autoptr(LdLabelSet) labels = ld_test_labels_new (7);
  g_autoptr(LdReportDocument) receipt_doc = NULL;
  g_autoptr(LdReportDocument) sheet = NULL;
  g_autofree char *report_pdf = NULL;
  g_autofree char *corrected_pdf = NULL;
  g_autofree char *receipt_pdf = NULL;
  g_autofree char *sheet_pdf = NULL;

  ld_test_report_correct (corrected);

  receipt_doc = ld_report_renderer_layout_receipt (fx->renderer, receipt, LD_REPORT_PAPER_A4);
  sheet = ld_report_renderer_layout_labels (fx->renderer, labels, LD_LABEL_LAYOUT_A4_SHEET);
  report_pdf = render_report (fx, report, LD_REPORT_PAPER_A4, "report.pdf");
  corrected_pdf = render_report (fx, corrected, LD_REPORT_PAPER_A4, "corrected.pdf");
  receipt_pdf = ld_test_write_pdf (receipt_doc, fx->dir, "receipt.pdf");
  sheet_pdf = ld_test_write_pdf (sheet, fx->dir, "sheet.pdf");

  write_screenshot (report_pdf, 1, out, "report-one-page.png");
  write_screenshot (corrected_pdf, 1, out, "report-corrected-page-1.png");
  write_screenshot (corrected_pdf, 2, out, "report-corrected-page-2.png");
  write_screenshot (receipt_pdf, 1, out, "receipt.png");
  write_screenshot (sheet_pdf, 1, out, "labels-a4-sheet.png");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ld_report_test_add ("/report/render/verification-code-is-whole", test_verification_code_is_whole);
  ld_report_test_add ("/report/render/has-every-item", test_report_has_every_item);
  g_test_add_func ("/report/render/without-unhinted-fonts", test_report_without_unhinted_fonts);
  ld_report_test_add ("/report/render/open-interval-signs-are-noto",
                      test_open_interval_signs_are_noto);
  ld_report_test_add ("/report/render/sets-abnormal-apart", test_report_sets_abnormal_apart);
  ld_report_test_add ("/report/render/pages-count-themselves", test_report_pages_count_themselves);
  ld_report_test_add ("/report/render/corrected-shows-old-values",
                      test_corrected_report_shows_old_values);
  ld_report_test_add ("/report/render/paper-sizes", test_paper_sizes);
  ld_report_test_add ("/report/render/same-report-same-bytes", test_same_report_same_bytes);
  ld_report_test_add ("/report/render/page-renders-as-image", test_page_renders_as_image);
  ld_report_test_add ("/report/receipt/totals", test_receipt_totals);
  ld_report_test_add ("/report/receipt/settled-has-no-upi-code",
                      test_settled_receipt_has_no_upi_code);
  ld_report_test_add ("/report/render/write-screenshots", test_write_screenshots);
  g_test_add_func ("/report/format/money-and-time", test_money_and_time_formats);
  g_test_add_func ("/report/format/upi-uri-is-escaped", test_upi_uri_is_escaped);

  return g_test_run ();
}
