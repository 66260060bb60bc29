/* ld-test-reports.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ld-test-reports.h"

typedef struct
{
  const char   *name;
  const char   *value;
  const char   *unit;
  const char   *reference;
  LdReportFlag  flag;
} SampleResult;

/* A real order's mix: a blood count with a low haemoglobin, a liver panel,
 * a lipid panel with a critical triglyceride, a thyroid test. */
/* clang-format off */
static const SampleResult blood_count[] = {
  { "Haemoglobin", "10.8", "g/dL", "12.0 \u2013 15.0", LD_REPORT_FLAG_LOW },
  { "Total leucocyte count", "7.6", "10^3/\u00b5L", "4.0 \u2013 10.0", LD_REPORT_FLAG_NONE },
  { "Red blood cell count", "4.12", "10^6/\u00b5L", "3.80 \u2013 4.80", LD_REPORT_FLAG_NONE },
  { "Haematocrit (PCV)", "33.9", "%", "36.0 \u2013 46.0", LD_REPORT_FLAG_LOW },
  { "Mean corpuscular volume", "82.3", "fL", "83.0 \u2013 101.0", LD_REPORT_FLAG_LOW },
  { "Mean corpuscular haemoglobin concentration", "31.9", "g/dL", "31.5 \u2013 34.5",
    LD_REPORT_FLAG_NONE },
  { "Platelet count", "245", "10^3/\u00b5L", "150 \u2013 410", LD_REPORT_FLAG_NONE },
  { "Erythrocyte sedimentation rate (Westergren)", "28", "mm/h", "0 \u2013 20",
    LD_REPORT_FLAG_HIGH },
};
/* clang-format on */

/* clang-format off */
static const SampleResult chemistry[] = {
  { "Glucose, fasting", "96", "mg/dL", "70 \u2013 100", LD_REPORT_FLAG_NONE },
  { "Creatinine", "0.82", "mg/dL", "0.51 \u2013 0.95", LD_REPORT_FLAG_NONE },
  { "Triglycerides", "1162", "mg/dL", "< 150", LD_REPORT_FLAG_CRITICAL_HIGH },
  { "Thyroid stimulating hormone", "3.41", "\u00b5IU/mL", "0.27 \u2013 4.20", LD_REPORT_FLAG_NONE },
  { "Urine glucose (test strip)", "Positive", NULL, "Negative", LD_REPORT_FLAG_ABNORMAL },
  { "25-hydroxyvitamin D", "<3.0", "ng/mL", NULL, LD_REPORT_FLAG_NO_REFERENCE },
};
/* clang-format on */

void
ld_report_fixture_setup (LdReportFixture *fx,
                         gconstpointer    data)
{
  g_autoptr(GError) error = NULL;

  fx->renderer = ld_report_renderer_new ();
  fx->dir = g_dir_make_tmp ("labdesk-report-XXXXXX", &error);
  g_assert_no_error (error);
}

void
ld_report_fixture_teardown (LdReportFixture *fx,
                            gconstpointer    data)
{
  g_autoptr(GDir) dir = g_dir_open (fx->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fx->dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (fx->dir), ==, 0);
  g_clear_pointer (&fx->dir, g_free);
  g_assert_finalize_object (fx->renderer);
}

LdReportLab *
ld_test_report_lab (void)
{
  LdReportLab *lab = ld_report_lab_new ();

  lab->name = g_strdup ("Sunrise Diagnostics");
  lab->address = g_strdup ("14 MG Road, Shivajinagar, Pune 411005");
  lab->phone = g_strdup ("+91 20 2553 0199");
  lab->email = g_strdup ("reports@sunrise-diagnostics.in");
  lab->website = g_strdup ("sunrise-diagnostics.in");
  lab->registration = g_strdup ("NABL accredited, certificate MC-4417");
  lab->upi_id = g_strdup ("sunrise.lab@okhdfc");
  lab->time_zone = g_strdup ("Asia/Kolkata");
  return lab;
}

static void
add_results (LdReportPanel      *panel,
             const SampleResult *results,
             guint               n)
{
  for (guint i = 0; i < n; i++)
    ld_report_panel_add_result (panel, results[i].name, results[i].value, results[i].unit,
                                results[i].reference, results[i].flag);
}

/* n_results 0 gives the one-page sample order; more gives that many rows,
 * the sample's rows over and over, numbered so each can be found. */
LdLabReport *
ld_test_report_new (const char *patient_name,
                    guint       n_results)
{
  LdLabReport *report = ld_lab_report_new ();
  LdReportPatient *patient = report->patient;
  LdReportPanel *panel;

  ld_report_lab_free (report->lab);
  report->lab = ld_test_report_lab ();

  patient->name = g_strdup (patient_name);
  patient->mrn = g_strdup ("P000123");
  patient->second_id_label = g_strdup ("ABHA ID");
  patient->second_id = g_strdup ("91-4417-2280-6613");
  patient->sex = g_strdup ("Female");
  patient->age = g_strdup ("34 years");
  patient->date_of_birth = g_strdup ("12 Mar 1992");

  report->doctor = g_strdup ("Dr Asha Rao, MD (Medicine)");
  report->order_number = g_strdup ("O2611-000123");
  g_ptr_array_add (report->samples,
                   ld_report_sample_new ("S26112100017", "Venous blood", "EDTA (lavender)",
                                         LD_TEST_COLLECTED_US,
                                         LD_TEST_COLLECTED_US + (gint64) 40 * 60 * G_USEC_PER_SEC));
  g_ptr_array_add (report->samples,
                   ld_report_sample_new ("S26112100018", "Serum", "Clot activator (red)",
                                         LD_TEST_COLLECTED_US,
                                         LD_TEST_COLLECTED_US + (gint64) 40 * 60 * G_USEC_PER_SEC));

  if (n_results == 0)
    {
      LdReportResult *result;

      panel = ld_lab_report_add_panel (report, "Complete blood count");
      add_results (panel, blood_count, G_N_ELEMENTS (blood_count));
      panel = ld_lab_report_add_panel (report, "Biochemistry");
      add_results (panel, chemistry, G_N_ELEMENTS (chemistry));
      result = g_ptr_array_index (panel->results, 2);
      result->comment = g_strdup ("Sample lipaemic. Critical value telephoned to Dr Asha Rao "
                                  "at 13:40 and read back.");
    }
  else
    {
      panel = ld_lab_report_add_panel (report, "Extended panel");
      for (guint i = 0; i < n_results; i++)
        {
          const SampleResult *row = &blood_count[i % G_N_ELEMENTS (blood_count)];
          g_autofree char *name = g_strdup_printf ("%s %03u", row->name, i + 1);

          ld_report_panel_add_result (panel, name, row->value, row->unit, row->reference,
                                      row->flag);
        }
    }

  report->comments = g_strdup ("Mild microcytic anaemia; iron studies are suggested. "
                               "Results relate only to the samples tested.");
  report->verified_by = g_strdup ("Meera Kulkarni, MSc (technologist)");
  report->verified_us = LD_TEST_RELEASED_US - (gint64) 20 * 60 * G_USEC_PER_SEC;
  report->released_by = g_strdup ("Dr Vikram Joshi, MD (Pathology)");
  report->released_us = LD_TEST_RELEASED_US;
  report->verification_code = g_strdup ("K7QX2M9P");
  report->verification_url = g_strdup (LD_TEST_VERIFY_URL);
  return report;
}

/* Makes @report version 2, correcting the fourth result of its first panel
 * (the haematocrit in the sample order). */
void
ld_test_report_correct (LdLabReport *report)
{
  LdReportPanel *panel = g_ptr_array_index (report->panels, 0);
  LdReportResult *result = g_ptr_array_index (panel->results, 3);

  report->version = 2;
  report->corrected = TRUE;
  report->correction_note = g_strdup ("Haematocrit was entered from the wrong analyser run.");
  result->previous_value = g_strdup ("39.3 %");
  result->amendment_reason = g_strdup ("transcription error");
}

LdReceipt *
ld_test_receipt_new (gint64 paid_paise)
{
  LdReceipt *receipt = ld_receipt_new ();

  ld_report_lab_free (receipt->lab);
  receipt->lab = ld_test_report_lab ();
  receipt->patient->name = g_strdup ("Anita Deshpande");
  receipt->patient->mrn = g_strdup ("P000123");
  receipt->order_number = g_strdup ("O2611-000123");
  receipt->issued_us = LD_TEST_COLLECTED_US;

  g_ptr_array_add (receipt->items, ld_receipt_item_new ("Complete blood count", NULL, 35000));
  g_ptr_array_add (receipt->items, ld_receipt_item_new ("Lipid profile", NULL, 60000));
  g_ptr_array_add (receipt->items,
                   ld_receipt_item_new ("Triglycerides", "Included in Lipid profile", 0));
  g_ptr_array_add (receipt->items,
                   ld_receipt_item_new ("Thyroid stimulating hormone", NULL, 45000));
  receipt->subtotal_paise = 140000;
  receipt->discount_label = g_strdup ("Senior citizen, 10%");
  receipt->discount_paise = 14000;
  receipt->fee_label = g_strdup ("Home collection");
  receipt->fee_paise = 10000;
  receipt->tax_label = g_strdup ("Tax");
  receipt->tax_paise = 2000;
  receipt->total_paise = 138000;

  if (paid_paise > 0)
    g_ptr_array_add (receipt->payments,
                     ld_receipt_payment_new ("UPI", "UTR 433912775120", paid_paise,
                                             LD_TEST_COLLECTED_US));
  receipt->paid_paise = paid_paise;
  receipt->balance_paise = receipt->total_paise - paid_paise;
  return receipt;
}

LdLabelSet *
ld_test_labels_new (guint n_labels)
{
  const char *specimens[][2] = {
    { "Venous blood", "EDTA (lavender)" },
    { "Serum", "Clot activator (red)" },
    { "Urine", "Sterile container" },
  };
  LdLabelSet *set = ld_label_set_new ();

  set->time_zone = g_strdup ("Asia/Kolkata");
  for (guint i = 0; i < n_labels; i++)
    {
      LdLabel *label = ld_label_new ();

      label->accession = g_strdup_printf ("S261121%05u", 17 + i);
      label->patient_name = g_strdup ("Anita Deshpande");
      label->mrn = g_strdup ("P000123");
      label->sex_age = g_strdup ("F 34y");
      label->specimen = g_strdup (specimens[i % G_N_ELEMENTS (specimens)][0]);
      label->container = g_strdup (specimens[i % G_N_ELEMENTS (specimens)][1]);
      label->order_number = g_strdup ("O2611-000123");
      label->collected_us = LD_TEST_COLLECTED_US;
      g_ptr_array_add (set->labels, label);
    }
  return set;
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A lab's logo: a 120 × 60 PNG with a blue disc. */
GBytes *
ld_test_logo_png (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 120, 60);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GByteArray) png = g_byte_array_new ();

  cairo_set_source_rgb (cr, 0.1, 0.3, 0.6);
  cairo_arc (cr, 30, 30, 25, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_png, png), ==,
                   CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

char *
ld_test_write_pdf (LdReportDocument *document,
                   const char       *dir,
                   const char       *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (ld_report_document_write_pdf (document, path, &error));
  g_assert_no_error (error);
  return path;
}

/* Runs a tool and gives back what it printed; it must succeed. */
char *
ld_test_run_tool (const char *first_arg,
                  ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;
  va_list args;

  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", first_arg, err);
  return out;
}

/* pdftotext keeps the page's layout, so a table row stays one line. */
char *
ld_test_pdf_text (const char *pdf,
                  guint       page)
{
  g_autofree char *first = g_strdup_printf ("%u", page);

  if (page == 0)
    return ld_test_run_tool ("pdftotext", "-layout", "-enc", "UTF-8", pdf, "-", NULL);
  return ld_test_run_tool ("pdftotext", "-layout", "-enc", "UTF-8", "-f", first, "-l", first,
                           pdf, "-", NULL);
}

char *
ld_test_pdf_to_png (const char *pdf,
                    guint       page,
                    guint       dpi)
{
  g_autofree char *number = g_strdup_printf ("%u", page);
  g_autofree char *resolution = g_strdup_printf ("%u", dpi);
  g_autofree char *stem = g_strdup_printf ("%s-%u-%u", pdf, page, dpi);
  g_autofree char *out = NULL;

  out = ld_test_run_tool ("pdftoppm", "-png", "-singlefile", "-r", resolution,
                          "-f", number, "-l", number, pdf, stem, NULL);
  return g_strconcat (stem, ".png", NULL);
}

/* Every code zbarimg finds, one "TYPE:data" a line; "" when none. */
char *
ld_test_scan_codes (const char *png)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "zbarimg", "--quiet", png, NULL };
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  return out;
}

/* Writes @document as a PDF, rasterises @page (counted from 1) with
 * pdftoppm and scans it with zbarimg. */
char *
ld_test_scan_page (LdReportFixture  *fx,
                   LdReportDocument *document,
                   guint             page,
                   guint             dpi)
{
  g_autofree char *name = g_strdup_printf ("scan-%p.pdf", (void *) document);
  g_autofree char *pdf = ld_test_write_pdf (document, fx->dir, name);
  g_autofree char *png = ld_test_pdf_to_png (pdf, page, dpi);

  return ld_test_scan_codes (png);
}

/* pdftohtml's XML marks bold text <b>, which is how a test sees that an
 * abnormal value is set apart. */
char *
ld_test_pdf_xml (const char *pdf)
{
  return ld_test_run_tool ("pdftohtml", "-xml", "-i", "-q", "-stdout", pdf, NULL);
}

/* How many times @needle stands in @haystack. */
guint
ld_test_count (const char *haystack,
               const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

guint
ld_test_pdf_n_pages (const char *pdf)
{
  g_autofree char *info = ld_test_run_tool ("pdfinfo", pdf, NULL);
  const char *pages = strstr (info, "\nPages:");

  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("\nPages:"), NULL, 10);
}
