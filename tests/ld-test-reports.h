/* ld-test-reports.h: sample documents, and reading PDFs back with poppler and zbar
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-report.h"

G_BEGIN_DECLS

/* Times of the sample order, UTC: collected 20 Nov 2026 03:30 (09:00 in
 * Kolkata), released the same day 08:35 (14:05 in Kolkata). */
#define LD_TEST_COLLECTED_US (G_GINT64_CONSTANT (1795145400) * G_USEC_PER_SEC)
#define LD_TEST_RELEASED_US  (G_GINT64_CONSTANT (1795163700) * G_USEC_PER_SEC)

#define LD_TEST_VERIFY_URL   "https://lab.example.in/verify/K7QX2M9P"

typedef struct
{
  LdReportRenderer *renderer;
  char             *dir;
} LdReportFixture;

/* Adds a test that runs with a renderer and a temporary directory. */
#define ld_report_test_add(path, func) \
  g_test_add (path, LdReportFixture, NULL, ld_report_fixture_setup, func, \
              ld_report_fixture_teardown)

void         ld_report_fixture_setup    (LdReportFixture *fx,
                                         gconstpointer    data);
void         ld_report_fixture_teardown (LdReportFixture *fx,
                                         gconstpointer    data);

LdReportLab *ld_test_report_lab         (void);
LdLabReport *ld_test_report_new         (const char   *patient_name,
                                         guint         n_results);
void         ld_test_report_correct     (LdLabReport  *report);
LdReceipt   *ld_test_receipt_new        (gint64        paid_paise);
LdLabelSet  *ld_test_labels_new         (guint         n_labels);
GBytes      *ld_test_logo_png           (void);

char        *ld_test_write_pdf          (LdReportDocument *document,
                                         const char   *dir,
                                         const char   *name);
char        *ld_test_run_tool           (const char   *first_arg,
                                         ...) G_GNUC_NULL_TERMINATED;
char        *ld_test_pdf_text           (const char   *pdf,
                                         guint         page);
char        *ld_test_pdf_to_png         (const char   *pdf,
                                         guint         page,
                                         guint         dpi);
char        *ld_test_scan_codes         (const char   *png);
char        *ld_test_scan_page          (LdReportFixture  *fx,
                                         LdReportDocument *document,
                                         guint         page,
                                         guint         dpi);
char        *ld_test_pdf_xml            (const char   *pdf);
guint        ld_test_pdf_n_pages        (const char   *pdf);
guint        ld_test_count              (const char   *haystack,
                                         const char   *needle);

G_END_DECLS
