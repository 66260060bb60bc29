/* test-gui-lab-preview.c: the signatory previews the report before release
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An order is entered and verified over HTTP. The signatory signs in to
 * the real window, scans the order, opens its verification and presses
 * Preview Report (Ctrl+Shift+P): the server's preview opens in a window
 * of its own, drawn by poppler, on page 1, and its text says the
 * patient's name and the values, with "PREVIEW — NOT RELEASED" across
 * the page. Nothing is released by looking: the order is still verified
 * on the server, with no report version. Release after it issues the
 * report, without the mark; the preview is then no longer offered.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-json.h"
#include "ld-pdf-view.h"
#include "ld-test-documents.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-lab.h"
#include "ld-test-reports.h"
#include "ld-window.h"
#include "ui/ld-home-page.h"
#include "ui/lab/ld-lab-order-page.h"
#include "ui/lab/ld-lab-workspace.h"
#include "ui/lab/ld-verify-page.h"

#define PATIENT "{\"name\": \"Farida Qureshi\", \"sex\": \"female\", \"age_years\": 47}"

static gboolean
is_sensitive (gpointer data)
{
  return gtk_widget_is_sensitive (data);
}

static gboolean
is_insensitive (gpointer data)
{
  return !gtk_widget_is_sensitive (data);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static gboolean
has_document (gpointer data)
{
  return ld_pdf_view_get_document (data) != NULL;
}

static char *
dup_lab_state (LdLab      *lab,
               const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(LdTestResponse) order = ld_test_get (lab->server, path, lab->technician);

  ld_test_assert_status (order, 200);
  return g_strdup (ld_test_response_get_string (order, "order.lab_state"));
}

static guint
count_versions (LdLab      *lab,
                const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/reports", order_id);
  g_autoptr(LdTestResponse) reports = ld_test_get (lab->server, path, lab->technician);

  ld_test_assert_status (reports, 200);
  return json_array_get_length (
    json_object_get_array_member (ld_test_response_object (reports), "items"));
}

/* What poppler reads on a page. */
static char *
dup_page_text (PopplerDocument *document,
               int              page_number)
{
  PopplerPage *page = poppler_document_get_page (document, page_number);
  g_autofree char *text = poppler_page_get_text (page);

  g_object_unref (page);
  return g_steal_pointer (&text);
}

/* The document the view shows, written out and read back by pdftotext
 * in the order it was drawn (-raw), so the slanted mark reads as one line
 * of letters; white space squeezed out. */
static char *
dup_raw_text (PopplerDocument *document,
              const char      *dir)
{
  g_autofree char *path = g_build_filename (dir, "shown-preview.pdf", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GString *out = g_string_new (NULL);

  g_assert_true (poppler_document_save (document, uri, &error));
  g_assert_no_error (error);
  text = ld_test_run_tool ("pdftotext", "-raw", "-enc", "UTF-8", path, "-", NULL);
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static void
test_preview_then_release (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = ld_lab_new_patient (lab, PATIENT);
  g_autofree char *order_id =
    ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\", \"GLUF\"]");
  g_autofree char *number = ld_test_order_number (lab, order_id);
  g_autofree char *pdf =
    g_build_filename (ld_test_server_get_tmpdir (lab->server), "released-report.pdf", NULL);
  g_autoptr(LdTestResponse) entered = NULL;
  g_autoptr(LdTestResponse) verified = NULL;
  g_autofree char *state = NULL;
  g_autofree char *text = NULL;
  g_autofree char *squeezed = NULL;
  g_autofree char *released_text = NULL;
  GtkWidget *workspace;
  GtkWidget *search;
  GtkWidget *order_page;
  GtkWidget *page;
  GtkWidget *button;
  GtkWidget *view;
  GtkWindow *preview;
  PopplerDocument *document;
  LdTestGui *gui;

  entered = ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "10.8", "GLUF", "131", NULL);
  ld_test_assert_status (entered, 200);
  verified = ld_lab_verify (lab, lab->sunita, order_id, "HB", "GLUF", NULL);
  ld_test_assert_status (verified, 200);

  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  ld_test_gui_sign_in (gui, "pathologist", LD_TEST_PATHOLOGIST_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "laboratory");
  gtk_stack_set_visible_child_name (
    GTK_STACK (
      ld_test_gui_child (ld_test_gui_child (GTK_WIDGET (gui->window), LD_TYPE_WINDOW, "home_page"),
                         LD_TYPE_HOME_PAGE, "workspaces")),
    "laboratory");
  ld_test_gui_wait_page_title (GTK_STACK (
                                 ld_test_gui_child (workspace, LD_TYPE_LAB_WORKSPACE, "tabs")),
                               "completed", "Completed 1");

  /* The scanner reads the order; Ctrl+Shift+V opens its verification. */
  search = ld_test_gui_child (GTK_WIDGET (gui->window), LD_TYPE_WINDOW, "search_entry");
  ld_test_gui_type (search, number);
  ld_test_gui_enter (search);
  order_page = ld_test_gui_wait_type (workspace, LD_TYPE_LAB_ORDER_PAGE);
  ld_test_gui_spin_until (is_sensitive, ld_test_gui_find_action (order_page, "lab-order.verify"),
                          "Verify to be offered");
  g_assert_true (gtk_widget_activate_action (order_page, "lab-order.verify", NULL));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_VERIFY_PAGE);
  ld_test_gui_wait_text (page, "Haemoglobin (HB)");

  /* Preview Report, as its shortcut does: the preview in its own window. */
  button = ld_test_gui_find_action (page, "verify.preview-report");
  g_assert_nonnull (button);
  ld_test_gui_spin_until (is_sensitive, button, "Preview Report to be offered");
  g_assert_true (gtk_widget_activate_action (page, "verify.preview-report", NULL));
  preview = ld_test_gui_wait_dialog (GTK_WINDOW (gui->window), ADW_TYPE_WINDOW);
  g_assert_cmpstr (gtk_window_get_title (preview), ==, "Report Preview, Not Released");
  view = ld_test_gui_wait_type (GTK_WIDGET (preview), LD_TYPE_PDF_VIEW);
  ld_test_gui_spin_until (has_document, view, "the preview's pages");
  g_assert_cmpint (ld_pdf_view_get_page (LD_PDF_VIEW (view)), ==, 0);
  ld_test_gui_wait_text (view, "Page 1 of 1");
  ld_test_gui_wait_text (page, "The preview is open in its own window");

  /* Page 1 as poppler reads it: the patient, the values, the mark. */
  document = ld_pdf_view_get_document (LD_PDF_VIEW (view));
  text = dup_page_text (document, 0);
  squeezed = dup_raw_text (document, ld_test_server_get_tmpdir (lab->server));
  ld_test_assert_contains (text, "Farida Qureshi");
  ld_test_assert_contains (text, number);
  ld_test_assert_contains (text, "10.8");
  ld_test_assert_contains (text, "131");
  ld_test_assert_contains (text, "Preview, not released");
  ld_test_assert_contains (squeezed, "PREVIEW—NOTRELEASED");
  ld_test_assert_contains (text, "Kavita Rao");
  ld_test_gui_screenshot (GTK_WIDGET (preview), "lab-report-preview");

  /* Looking released nothing. */
  state = dup_lab_state (lab, order_id);
  g_assert_cmpstr (state, ==, "verified");
  g_assert_cmpuint (count_versions (lab, order_id), ==, 0);

  /* Escape closes the preview; Release issues the report, unmarked. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preview), "window.close", NULL));
  ld_verify_page_set_export_path (LD_VERIFY_PAGE (page), pdf);
  ld_test_gui_spin_until (is_sensitive, ld_test_gui_find_action (page, "verify.release"),
                          "Release to be offered");
  g_assert_true (gtk_widget_activate_action (page, "verify.release", NULL));
  ld_test_gui_spin_until (file_exists, pdf, "the released report");
  g_assert_cmpuint (count_versions (lab, order_id), ==, 1);
  released_text = ld_test_report_text (lab, order_id, "kept-report.pdf");
  ld_test_assert_contains (released_text, "Farida Qureshi");
  ld_test_assert_contains (released_text, "10.8");
  g_assert_null (strstr (released_text, "Preview"));
  /* A released report is printed, no longer previewed. */
  ld_test_gui_spin_until (is_insensitive, button, "Preview Report to be withdrawn");

  ld_test_gui_close (gui);
  ld_lab_free (lab);
}

int
main (int   argc,
      char *argv[])
{
  ld_test_gui_init (&argc, &argv);
  g_test_add_func ("/gui/lab/preview-then-release", test_preview_then_release);
  return g_test_run ();
}
