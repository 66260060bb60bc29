/* test-report-devanagari.c: a name in Devanagari comes back out of every
 * PDF we draw exactly as it went in
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-cash-report.h"
#include "ld-test-reports.h"

/* Conjuncts (क्ष, त्र, श्र, द्व), a vowel sign drawn before its consonant
 * (ि), signs above and below (े, ु), nasal and length marks: what shaping
 * and extraction get wrong. "दे" is the one that broke: the font sets the
 * sign े a twentieth of an em before the next consonant, and pdftotext
 * read "देशपांडे" as "दे शपांडे". */
/* clang-format off */
static const char * const names[] = {
  "अनिल कुमार शर्मा",
  "श्रीमती प्रिया द्विवेदी",
  "क्षितिज त्रिपाठी",
  "प्रिया देशपांडे",
  "सुरेश देसाई",
  "केशव देशमुख",
};
/* clang-format on */

/* pdftotext's default mode, the one a person or a search index uses. */
static void
assert_name_extracts (LdReportFixture  *fx,
                      LdReportDocument *document,
                      const char       *file,
                      const char       *name,
                      guint             times)
{
  g_autofree char *pdf = ld_test_write_pdf (document, fx->dir, file);
  g_autofree char *text = ld_test_run_tool ("pdftotext", "-enc", "UTF-8", pdf, "-", NULL);

  if (ld_test_count (text, name) != times)
    g_error ("%s: “%s” should come back %u times; the text is:\n%.3000s", file, name, times,
             text);
}

static void
test_report (LdReportFixture *fx,
             gconstpointer    data)
{
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(LdLabReport) report = ld_test_report_new (names[i], 40);
      g_autoptr(LdReportDocument) document = NULL;
      guint n_pages;

      document = ld_report_renderer_layout_lab_report (fx->renderer, report, LD_REPORT_PAPER_A4);
      n_pages = ld_report_document_get_n_pages (document);
      g_assert_cmpuint (n_pages, >=, 2);
      /* The patient block, and the footer of every page (and the
       * patient header of every page after the first). */
      assert_name_extracts (fx, document, "report.pdf", names[i], 1 + n_pages + (n_pages - 1));
    }
}

static void
test_receipt (LdReportFixture *fx,
              gconstpointer    data)
{
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(LdReceipt) receipt = ld_test_receipt_new (50000);
      g_autoptr(LdReportDocument) document = NULL;

      g_free (receipt->patient->name);
      receipt->patient->name = g_strdup (names[i]);
      document = ld_report_renderer_layout_receipt (fx->renderer, receipt, LD_REPORT_PAPER_A4);
      /* The patient block and the footer. */
      assert_name_extracts (fx, document, "receipt.pdf", names[i], 2);
    }
}

static void
test_labels (LdReportFixture *fx,
             gconstpointer    data)
{
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(LdLabelSet) set = ld_test_labels_new (2);
      g_autoptr(LdReportDocument) roll = NULL;
      g_autoptr(LdReportDocument) sheet = NULL;

      for (guint l = 0; l < set->labels->len; l++)
        {
          LdLabel *label = g_ptr_array_index (set->labels, l);

          g_free (label->patient_name);
          label->patient_name = g_strdup (names[i]);
        }
      roll = ld_report_renderer_layout_labels (fx->renderer, set, LD_LABEL_LAYOUT_ROLL);
      assert_name_extracts (fx, roll, "roll.pdf", names[i], 2);
      sheet = ld_report_renderer_layout_labels (fx->renderer, set, LD_LABEL_LAYOUT_A4_SHEET);
      assert_name_extracts (fx, sheet, "sheet.pdf", names[i], 2);
    }
}

static void
test_cash_report (LdReportFixture *fx,
                  gconstpointer    data)
{
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(LdCashReport) report = ld_cash_report_new ();
      g_autoptr(LdReportDocument) document = NULL;
      LdCashEntry *entry = g_new0 (LdCashEntry, 1);

      report->lab->name = g_strdup ("Sunrise Diagnostics");
      report->date = g_strdup ("2026-11-20");
      entry->at_us = LD_TEST_COLLECTED_US;
      entry->method = g_strdup ("cash");
      entry->amount_paise = 35000;
      entry->order_number = g_strdup ("O2611-000123");
      entry->patient_name = g_strdup (names[i]);
      entry->patient_mrn = g_strdup ("P000123");
      entry->user = g_strdup ("Front desk");
      g_ptr_array_add (report->entries, entry);
      report->received_paise = report->net_paise = 35000;

      document = ld_report_renderer_layout_cash_report (fx->renderer, report,
                                                        LD_REPORT_PAPER_A4);
      assert_name_extracts (fx, document, "cash.pdf", names[i], 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ld_report_test_add ("/report/devanagari/report", test_report);
  ld_report_test_add ("/report/devanagari/receipt", test_receipt);
  ld_report_test_add ("/report/devanagari/labels", test_labels);
  ld_report_test_add ("/report/devanagari/cash-report", test_cash_report);

  return g_test_run ();
}
