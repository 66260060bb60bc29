/* test-gui-doctor-alerts.c: a critical value reaches the doctor, in the
 * real window against the real server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A technician's verification of a critical value (over HTTP) raises the
 * alert in the doctor's window at once and a desktop notification, and
 * results-ready is told too; the banner stays through Escape and a
 * sign-out, and goes only when the doctor says they have read the value,
 * which the server records. Results-ready notifications turned off stay
 * off at the next sign-in. Released, the order's results page shows the
 * values, prints the server's kept report, clinical notes on it, and
 * opens it in Labdesk's own viewer.
 * (Apart from test-gui-doctor.c: one process with both stories passes
 * GLib's first block of quarks, whose growth leaks the old block.)
 */

#include "config.h"

#include <adwaita.h>

#include "ld-pdf-view.h"
#include "ld-test-client.h"
#include "ld-test-doctor.h"
#include "ld-test-documents.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-lab.h"
#include "ld-test-reports.h"
#include "ui/doctor/ld-doctor-order-page.h"
#include "ui/doctor/ld-doctor-workspace.h"
#include "ui/doctor/ld-prescribe-page.h"
#include "ui/ld-window.h"

#define PATIENT LD_TEST_DOCTOR_PATIENT

static gboolean
has_document (gpointer data)
{
  return ld_pdf_view_get_document (data) != NULL;
}

#define NOTES LD_TEST_DOCTOR_NOTES

/* A critical value. */

typedef struct
{
  GtkWidget *banner;
  gint64     seen_us;
} Banner;

static gboolean
banner_is_shown (gpointer data)
{
  Banner *banner = data;

  if (gtk_widget_get_visible (banner->banner) && banner->seen_us == 0)
    banner->seen_us = g_get_monotonic_time ();
  return banner->seen_us != 0;
}

static gboolean
banner_is_gone (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static void
on_notified_cb (GtkWidget     *workspace,
                const char    *id,
                GNotification *notification,
                GPtrArray     *told)
{
  g_ptr_array_add (told, g_strdup (id));
}

typedef struct
{
  GPtrArray  *told;
  const char *id;
} Told;

static gboolean
was_told (gpointer data)
{
  Told *told = data;

  for (guint i = 0; i < told->told->len; i++)
    if (g_str_equal (g_ptr_array_index (told->told, i), told->id))
      return TRUE;
  return FALSE;
}

static GtkWidget *
banner_of (GtkWidget *workspace)
{
  return ld_test_gui_child (workspace, LD_TYPE_DOCTOR_WORKSPACE, "alert_banner");
}

static gboolean
signed_out (gpointer data)
{
  return ld_context_get_session (((LdTestGui *) data)->context) == NULL;
}

static void
sign_out (LdTestGui *gui)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.sign-out", NULL));
  ld_test_gui_spin_until (signed_out, gui, "the sign-out");
}

static void
test_critical_alert (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = ld_lab_new_patient (lab, PATIENT);
  g_autofree char *order_id = ld_lab_order_in_lab (lab, patient_id,
                                                   "\"items\": [\"HB\", \"K\"],"
                                                   " \"clinical_notes\": \"" NOTES "\"");
  g_autofree char *pdf =
    g_build_filename (ld_test_server_get_tmpdir (lab->server), "doctor-printed-report.pdf", NULL);
  g_autofree char *printed = NULL;
  g_autoptr(LdTestResponse) released = NULL;
  GtkWidget *page;
  g_autoptr(GPtrArray) told = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LdTestResponse) entered = NULL;
  g_autoptr(LdTestResponse) verified = NULL;
  g_autoptr(LdTestResponse) alerts = NULL;
  g_autofree char *alert_path = NULL;
  g_autofree char *expected_id = NULL;
  Banner banner = { NULL, 0 };
  LdTestGui *gui;
  GtkWidget *workspace;
  gint64 verified_us;
  JsonObject *alert;

  entered = ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "13.1", "K", "6.8", NULL);
  ld_test_assert_status (entered, 200);

  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  workspace = ld_test_doctor_sign_in (gui);
  g_signal_connect (workspace, "notified", G_CALLBACK (on_notified_cb), told);
  banner.banner = banner_of (workspace);
  g_assert_false (gtk_widget_get_visible (banner.banner));

  /* Verified by the second technician: the doctor's window says so. */
  verified = ld_lab_verify (lab, lab->sunita, order_id, "HB", "K", NULL);
  ld_test_assert_status (verified, 200);
  verified_us = g_get_monotonic_time ();
  ld_test_gui_spin_until (banner_is_shown, &banner, "the critical alert's banner");
  g_test_message ("alert visible %.1f ms after the verification's answer",
                  (banner.seen_us - verified_us) / 1000.0);
  /* A generous multiple of the 250 ms budget, for a shared machine. */
  g_assert_cmpint (banner.seen_us - verified_us, <, 2500 * 1000);
  ld_test_gui_wait_text (banner.banner, "Potassium 6.8 mmol/L: Critical high");
  ld_test_gui_wait_text (banner.banner, "Critical result for Farhan Qureshi");

  alerts = ld_test_get (lab->server, "/api/v1/doctors/me/alerts", lab->doctor);
  ld_test_assert_status (alerts, 200);
  alert =
    json_array_get_object_element (json_object_get_array_member (ld_test_response_object (alerts),
                                                                 "items"),
                                   0);
  expected_id = g_strdup_printf ("alert-%s", json_object_get_string_member (alert, "id"));
  {
    Told alert_told = { told, expected_id };
    g_autofree char *ready_id = g_strdup_printf ("verified-%s", order_id);
    Told ready_told = { told, ready_id };

    g_assert_true (was_told (&alert_told));
    /* Every value verified: results ready, told too. */
    ld_test_gui_spin_until (was_told, &ready_told, "the results-ready notification");
    g_assert_cmpuint (told->len, ==, 2);
  }
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "doctor-alert");

  /* The doctor turns results-ready notifications off (not critical ones). */
  g_assert_true (gtk_widget_activate_action (workspace, "doctor.notify-results", NULL));
  {
    gboolean notify = TRUE;

    g_object_get (workspace, "notify-results", &notify, NULL);
    g_assert_false (notify);
  }

  /* Escape goes back, not past the value. */
  gtk_widget_activate_action (workspace, "doctor.back", NULL);
  ld_test_gui_spin_idle ();
  g_assert_true (gtk_widget_get_visible (banner.banner));

  /* Signed out and in again, unread: still there. */
  sign_out (gui);
  workspace = ld_test_doctor_sign_in (gui);
  g_signal_connect (workspace, "notified", G_CALLBACK (on_notified_cb), told);
  {
    gboolean notify = TRUE;

    /* Kept for this doctor on this computer. */
    g_object_get (workspace, "notify-results", &notify, NULL);
    g_assert_false (notify);
  }
  banner.banner = banner_of (workspace);
  banner.seen_us = 0;
  ld_test_gui_spin_until (banner_is_shown, &banner, "the unread alert after signing in again");
  ld_test_gui_wait_text (banner.banner, "Potassium 6.8 mmol/L: Critical high");

  /* Read: the server records it, and the banner goes. */
  ld_test_gui_click (ld_test_gui_child (workspace, LD_TYPE_DOCTOR_WORKSPACE, "alert_button"));
  ld_test_gui_spin_until (banner_is_gone, banner.banner, "the banner to go");
  alert_path = g_strdup_printf ("/api/v1/doctors/me/alerts?state=all");
  {
    g_autoptr(LdTestResponse) all = ld_test_get (lab->server, alert_path, lab->doctor);
    JsonObject *read;

    ld_test_assert_status (all, 200);
    read =
      json_array_get_object_element (json_object_get_array_member (ld_test_response_object (all),
                                                                   "items"),
                                     0);
    g_assert_cmpstr (json_object_get_string_member (read, "acknowledged_by"), ==, lab->doctor_id);
  }

  /* Released: the order's results, and the server's kept report printed
   * with the doctor's clinical notes on it. */
  released = ld_lab_release (lab, lab->signatory, order_id);
  ld_test_assert_status (released, 201);
  g_assert_true (gtk_widget_activate_action (workspace, "doctor.open-order", "s", order_id));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_DOCTOR_ORDER_PAGE);
  ld_test_gui_wait_text (page, "6.8 mmol/L · interval 3.5–5.1 · Critical high");
  ld_test_gui_wait_text (page, "13.1 g/dL · interval ");
  ld_test_gui_wait_text (page, "Lab: Report released");
  ld_test_gui_wait_text (page, "Clinical notes: " NOTES);
  /* Released, with the notifications turned off: not told; the alert
   * told once at the second sign-in is the only other. */
  for (guint i = 0; i < told->len; i++)
    g_assert_false (g_str_has_prefix (g_ptr_array_index (told, i), "reported-"));
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "doctor-order-results");
  ld_doctor_order_page_set_export_path (LD_DOCTOR_ORDER_PAGE (page), pdf);
  g_assert_true (gtk_widget_activate_action (page, "doctor-order.print-report", NULL));
  ld_test_gui_wait_text (page, "The report was sent to the printer.");
  printed = ld_test_pdf_text (pdf, 0);
  g_assert_nonnull (strstr (printed, "Breathless on exertion"));
  g_assert_nonnull (strstr (printed, "6.8"));

  /* Ctrl+O: the same kept report in Labdesk's own viewer, its hash
   * checked; Escape closes it. */
  g_assert_true (gtk_widget_activate_action (page, "doctor-order.open-report", NULL));
  {
    GtkWindow *viewer = ld_test_gui_wait_dialog (GTK_WINDOW (gui->window), ADW_TYPE_WINDOW);
    GtkWidget *view = ld_test_gui_wait_type (GTK_WIDGET (viewer), LD_TYPE_PDF_VIEW);
    PopplerPage *first;
    g_autofree char *shown = NULL;

    ld_test_gui_spin_until (has_document, view, "the report's pages");
    first = poppler_document_get_page (ld_pdf_view_get_document (LD_PDF_VIEW (view)), 0);
    shown = poppler_page_get_text (first);
    g_object_unref (first);
    ld_test_assert_contains (shown, "Breathless on exertion");
    ld_test_assert_contains (shown, "6.8");
    ld_test_gui_wait_text (page, "The report is open in its own window.");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "window.close", NULL));
  }

  ld_test_gui_close (gui);
  ld_lab_free (lab);
}

int
main (int   argc,
      char *argv[])
{
  return ld_test_doctor_main (&argc, &argv, FALSE, "/gui/doctor/critical-alert",
                              test_critical_alert);
}
