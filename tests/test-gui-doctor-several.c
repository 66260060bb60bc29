/* test-gui-doctor-several.c: several critical values wait for the doctor,
 * in the real window against the real server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three critical potassium values verified over HTTP, the second and
 * third while the first is on the banner: the banner counts them ("3
 * critical values to read") and keeps the first in view (the others
 * queue behind it, none lost, each told as a desktop notification); they
 * are all there after a sign-out and sign-in; each acknowledgement reaches
 * the server for that alert alone, and the next one follows, oldest first.
 * The banner is never made visible before its labels hold the alert it
 * shows (issue 15: one frame drawn with another alert's text).
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-client.h"
#include "ld-test-doctor.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-lab.h"
#include "ui/doctor/ld-doctor-workspace.h"

#define N_ALERTS 3

typedef struct
{
  GtkLabel *heading;
  GtkLabel *detail;
  guint     shown;
  guint     shown_empty;
} Watch;

/* The banner turned visible: its labels must already say which alert. */
static void
on_banner_visible_cb (GtkWidget  *banner,
                      GParamSpec *pspec,
                      Watch      *watch)
{
  if (!gtk_widget_get_visible (banner))
    return;
  watch->shown++;
  if (*gtk_label_get_text (watch->heading) == '\0' || *gtk_label_get_text (watch->detail) == '\0')
    watch->shown_empty++;
}

static void
on_notified_cb (GtkWidget     *workspace,
                const char    *id,
                GNotification *notification,
                GHashTable    *told)
{
  if (g_str_has_prefix (id, "alert-"))
    g_hash_table_add (told, g_strdup (id));
}

static gboolean
all_told (gpointer data)
{
  return g_hash_table_size (data) == N_ALERTS;
}

static gboolean
banner_is_gone (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static gboolean
signed_out (gpointer data)
{
  return ld_context_get_session (((LdTestGui *) data)->context) == NULL;
}

static char *
order_number (LdLab      *lab,
              const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(LdTestResponse) resp = ld_test_get (lab->server, path, lab->doctor);

  ld_test_assert_status (resp, 200);
  return g_strdup (ld_test_response_get_string (resp, "order.number"));
}

/* The server's open alerts of the doctor, as order numbers. */
static GPtrArray *
open_alerts (LdLab *lab)
{
  g_autoptr(LdTestResponse) resp =
               ld_test_get (lab->server, "/api/v1/doctors/me/alerts", lab->doctor);
  GPtrArray *numbers = g_ptr_array_new_with_free_func (g_free);
  JsonArray *items;

  ld_test_assert_status (resp, 200);
  items = json_object_get_array_member (ld_test_response_object (resp), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_ptr_array_add (numbers,
                     g_strdup (
                       json_object_get_string_member (json_array_get_object_element (items, i),
                                                      "order_number")));
  return numbers;
}

static gboolean
holds (GPtrArray  *numbers,
       const char *number)
{
  for (guint i = 0; i < numbers->len; i++)
    if (g_str_equal (g_ptr_array_index (numbers, i), number))
      return TRUE;
  return FALSE;
}

static GtkWidget *
watch_banner (GtkWidget *workspace,
              Watch     *watch)
{
  GtkWidget *banner = ld_test_gui_child (workspace, LD_TYPE_DOCTOR_WORKSPACE, "alert_banner");

  watch->heading =
    GTK_LABEL (ld_test_gui_child (workspace, LD_TYPE_DOCTOR_WORKSPACE, "alert_heading"));
  watch->detail =
    GTK_LABEL (ld_test_gui_child (workspace, LD_TYPE_DOCTOR_WORKSPACE, "alert_detail"));
  g_signal_connect (banner, "notify::visible", G_CALLBACK (on_banner_visible_cb), watch);
  return banner;
}

static void
test_several_alerts (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = ld_lab_new_patient (lab, LD_TEST_DOCTOR_PATIENT);
  g_autoptr(GHashTable) told = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  char *order_ids[N_ALERTS];
  char *numbers[N_ALERTS];
  Watch watch = { 0 };
  GtkWidget *workspace;
  GtkWidget *banner;
  LdTestGui *gui;

  for (guint i = 0; i < N_ALERTS; i++)
    {
      g_autoptr(LdTestResponse) entered = NULL;

      order_ids[i] = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"K\"]");
      numbers[i] = order_number (lab, order_ids[i]);
      entered = ld_lab_save (lab, lab->technician, order_ids[i], TRUE, "K", "6.8", NULL);
      ld_test_assert_status (entered, 200);
    }

  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  gtk_window_set_default_size (GTK_WINDOW (gui->window), 1200, 820);
  workspace = ld_test_doctor_sign_in (gui);
  g_signal_connect (workspace, "notified", G_CALLBACK (on_notified_cb), told);
  banner = watch_banner (workspace, &watch);
  g_assert_false (gtk_widget_get_visible (banner));

  /* The first, alone. */
  {
    g_autoptr(LdTestResponse) verified = ld_lab_verify (lab, lab->sunita, order_ids[0], "K", NULL);

    ld_test_assert_status (verified, 200);
  }
  ld_test_gui_wait_text (banner, "1 critical value to read");
  ld_test_gui_wait_text (banner, numbers[0]);

  /* Two more while the first is read: counted, queued behind it. */
  for (guint i = 1; i < N_ALERTS; i++)
    {
      g_autoptr(LdTestResponse) verified =
                   ld_lab_verify (lab, lab->sunita, order_ids[i], "K", NULL);

      ld_test_assert_status (verified, 200);
    }
  ld_test_gui_wait_text (banner, "3 critical values to read");
  ld_test_gui_wait_text (banner, numbers[0]);
  ld_test_gui_spin_until (all_told, told, "a notification for each alert");
  {
    g_autoptr(GPtrArray) open = open_alerts (lab);

    g_assert_cmpuint (open->len, ==, N_ALERTS);
  }
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "doctor-alerts-several");

  /* Signed out and in again: all three still wait. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.sign-out", NULL));
  ld_test_gui_spin_until (signed_out, gui, "the sign-out");
  workspace = ld_test_doctor_sign_in (gui);
  banner = watch_banner (workspace, &watch);
  ld_test_gui_wait_text (banner, "3 critical values to read");
  ld_test_gui_wait_text (banner, numbers[0]);

  /* Each read on its own, oldest first; the server records each. */
  for (guint i = 0; i < N_ALERTS; i++)
    {
      GtkWidget *button = ld_test_gui_child (workspace, LD_TYPE_DOCTOR_WORKSPACE, "alert_button");

      ld_test_gui_wait_text (banner, numbers[i]);
      ld_test_gui_spin_until ((LdTestGuiCondition) gtk_widget_is_sensitive, button,
                              "the alert ready to acknowledge");
      ld_test_gui_click (button);
      if (i + 1 < N_ALERTS)
        {
          g_autofree char *count = NULL;

          count = g_strdup_printf (N_ALERTS - i - 1 == 1 ? "%u critical value to read"
                                                         : "%u critical values to read",
                                   N_ALERTS - i - 1);
          ld_test_gui_wait_text (banner, count);
          ld_test_gui_wait_text (banner, numbers[i + 1]);
        }
      else
        ld_test_gui_spin_until (banner_is_gone, banner, "the banner to go");
      {
        g_autoptr(GPtrArray) open = open_alerts (lab);

        g_assert_cmpuint (open->len, ==, N_ALERTS - i - 1);
        g_assert_false (holds (open, numbers[i]));
        for (guint j = i + 1; j < N_ALERTS; j++)
          g_assert_true (holds (open, numbers[j]));
      }
    }

  g_test_message ("banner shown %u times, %u of them before its labels were filled",
                  watch.shown, watch.shown_empty);
  g_assert_cmpuint (watch.shown, >, 0);
  g_assert_cmpuint (watch.shown_empty, ==, 0);

  ld_test_gui_close (gui);
  for (guint i = 0; i < N_ALERTS; i++)
    {
      g_free (order_ids[i]);
      g_free (numbers[i]);
    }
  ld_lab_free (lab);
}

int
main (int   argc,
      char *argv[])
{
  return ld_test_doctor_main (&argc, &argv, FALSE, "/gui/doctor/several-alerts",
                              test_several_alerts);
}
