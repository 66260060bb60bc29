/* test-gui-admin-audit.c: the administrator filters the audit log by
 * action, checks the chain and reads the break-the-glass list, in the real
 * window against the real server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-server.h"
#include "ui/admin/ld-admin-audit-page.h"
#include "ui/admin/ld-admin-workspace.h"
#include "ui/ld-window.h"

typedef struct
{
  LdTestFixture  http;
  LdTestGui     *gui;
  GtkWidget     *admin;
  GtkWidget     *page;
} Fixture;

static void
setup (Fixture       *fx,
       gconstpointer  data)
{
  ld_test_fixture_setup (&fx->http, data);
  fx->gui = ld_test_gui_open (ld_test_server_get_uri (fx->http.server));
  ld_test_gui_sign_in (fx->gui, "admin", LD_TEST_ADMIN_PASSWORD);
  fx->admin = ld_test_gui_workspace (fx->gui, "administration");
  g_assert_true (LD_IS_ADMIN_WORKSPACE (fx->admin));
}

static void
teardown (Fixture       *fx,
          gconstpointer  data)
{
  ld_test_gui_close (fx->gui);
  ld_test_fixture_teardown (&fx->http, data);
}

static GtkWidget *
show_audit (Fixture *fx)
{
  /* Alt+4. */
  g_assert_true (gtk_widget_activate_action (fx->admin, "admin.show-section", "s", "audit"));
  return ld_test_gui_wait_type (fx->admin, LD_TYPE_ADMIN_AUDIT_PAGE);
}

static char *
create_patient (Fixture    *fx,
                const char *token,
                const char *name)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", \"sex\": \"female\","
                                           " \"age_years\": 52}", name);
  g_autoptr(LdTestResponse) resp = ld_test_send_json (fx->http.server, "POST", "/api/v1/patients",
                                                      token, body);

  ld_test_assert_status (resp, 201);
  return g_strdup (ld_test_response_get_string (resp, "patient.id"));
}

typedef struct
{
  GtkWidget *list;
  guint      n;
  const char *prefix;
} Rows;

/* The list holds exactly @n rows, each titled from @prefix. */
static gboolean
rows_are (gpointer data)
{
  Rows *rows = data;
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (rows->list); row != NULL;
       row = gtk_widget_get_next_sibling (row), n++)
    if (!g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                           rows->prefix))
      return FALSE;
  return n == rows->n;
}

/* Filtered to one action, the log shows as many events as the server
 * counts for it, each of that action. */
static void
test_action_filter (Fixture       *fx,
                    gconstpointer  data)
{
  g_autofree char *desk = ld_test_login (fx->http.server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autofree char *id = create_patient (fx, desk, "Kamala Iyer");
  g_autofree char *path = g_strdup_printf ("/api/v1/patients/%s", id);
  g_autoptr(LdTestResponse) truth = NULL;
  GtkWidget *page = show_audit (fx);
  g_autofree char *count = NULL;
  GtkWidget *action;
  Rows rows;

  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(LdTestResponse) read = ld_test_get (fx->http.server, path, desk);

      ld_test_assert_status (read, 200);
    }
  truth =
    ld_test_get (fx->http.server, "/api/v1/audit?action=patient.read&limit=500", fx->http.admin);
  ld_test_assert_status (truth, 200);

  action = ld_test_gui_child (page, LD_TYPE_ADMIN_AUDIT_PAGE, "action_filter");
  ld_test_gui_type (action, "patient.read");
  ld_test_gui_enter (action);

  rows.list = ld_test_gui_child (page, LD_TYPE_ADMIN_AUDIT_PAGE, "list");
  rows.n =
    json_array_get_length (json_object_get_array_member (ld_test_response_object (truth), "items"));
  rows.prefix = "patient.read by ";
  g_assert_cmpuint (rows.n, >=, 7);
  ld_test_gui_spin_until (rows_are, &rows, "the patient.read events alone");
  count = g_strdup_printf ("%u events", rows.n);
  ld_test_gui_wait_text (page, count);
}

static gboolean
chain_check_ended (gpointer data)
{
  const char *text = gtk_label_get_text (GTK_LABEL (data));

  return g_str_has_prefix (text, "Chain intact") ||
         g_str_has_prefix (text, "The check could not") || g_str_has_prefix (text, "Chain broken");
}

/* Check the Chain (Ctrl+K) says the chain is intact, with the number of
 * events the server checked. The click is a button's, which GTK fires a
 * moment after it is pressed: the check has ended when the label says
 * how it ended, not when the button is sensitive again. */
static void
test_chain_check (Fixture       *fx,
                  gconstpointer  data)
{
  GtkWidget *page = show_audit (fx);
  GtkLabel *label = GTK_LABEL (ld_test_gui_child (page, LD_TYPE_ADMIN_AUDIT_PAGE, "chain_label"));
  g_autoptr(LdTestResponse) check = NULL;
  g_autofree char *expected = NULL;

  ld_test_gui_wait_action (page, "audit.check-chain");
  ld_test_gui_click (ld_test_gui_find_action (page, "audit.check-chain"));
  ld_test_gui_spin_until (chain_check_ended, label, "the check to end");
  g_assert_true (gtk_widget_is_sensitive (ld_test_gui_find_action (page, "audit.check-chain")));

  check = ld_test_get (fx->http.server, "/api/v1/audit/check", fx->http.admin);
  ld_test_assert_status (check, 200);
  g_assert_cmpstr (ld_test_response_get_string (check, "state"), ==, "passed");
  expected = g_strdup_printf ("Chain intact: %" G_GINT64_FORMAT " events checked, none altered "
                              "or removed.", ld_test_response_get_int (check, "events_checked"));
  g_assert_cmpstr (gtk_label_get_text (label), ==, expected);
  ld_test_gui_spin_idle ();
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), "admin-audit-check");
}

/* A doctor breaks the glass; the administrator sees the grant, with its
 * reason, in the audit section's second view. */
static void
test_break_glass_listed (Fixture       *fx,
                         gconstpointer  data)
{
  g_autofree char *desk = ld_test_login (fx->http.server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autofree char *doctor = ld_test_login (fx->http.server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  g_autofree char *id = create_patient (fx, desk, "Sunita Menon");
  g_autofree char *path = g_strdup_printf ("/api/v1/patients/%s/break-glass", id);
  const char *reason = "Covering the ward tonight; the patient is breathless.";
  g_autofree char *body = g_strdup_printf ("{\"reason\": \"%s\"}", reason);
  g_autofree char *quoted = g_strdup_printf ("“%s”", reason);
  g_autoptr(LdTestResponse) grant = ld_test_send_json (fx->http.server, "POST", path, doctor, body);
  GtkWidget *page = show_audit (fx);
  GtkStack *views = GTK_STACK (ld_test_gui_child (page, LD_TYPE_ADMIN_AUDIT_PAGE, "views"));
  GtkWidget *list = ld_test_gui_child (page, LD_TYPE_ADMIN_AUDIT_PAGE, "break_glass_list");
  GtkWidget *row;

  ld_test_assert_status (grant, 201);
  gtk_stack_set_visible_child_name (views, "break-glass");
  ld_test_gui_spin_until ((LdTestGuiCondition) gtk_widget_get_first_child, list, "the grants");
  row = gtk_widget_get_first_child (list);
  g_assert_nonnull (
    strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), " opened Sunita Menon ("));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), quoted));
  g_assert_null (gtk_widget_get_next_sibling (row));
  ld_test_gui_spin_idle ();
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), "admin-break-glass");
}

static guint
count_rows (gpointer list)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

static gboolean
has_more_row (gpointer list)
{
  return ld_test_gui_find_named (list, "break-glass-more") != NULL;
}

static gboolean
shows_all_grants (gpointer list)
{
  return count_rows (list) == 101 && !has_more_row (list);
}

/* More grants than a page: the first hundred, then "Show Older Grants"
 * (activated as Enter does) brings the last one, and the row goes. */
static void
test_break_glass_paged (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *desk = ld_test_login (fx->http.server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autofree char *doctor = ld_test_login (fx->http.server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  GtkWidget *page;
  GtkWidget *list;

  for (guint i = 0; i < 101; i++)
    {
      g_autofree char *name = g_strdup_printf ("Grant Patient %u", i);
      g_autofree char *id = create_patient (fx, desk, name);
      g_autofree char *path = g_strdup_printf ("/api/v1/patients/%s/break-glass", id);
      g_autoptr(LdTestResponse) grant = ld_test_send_json (fx->http.server, "POST", path, doctor,
                                                            "{\"reason\": \"Covering the ward"
                                                            " tonight, seen in casualty.\"}");

      ld_test_assert_status (grant, 201);
      /* The window lives meanwhile, as it would: it sees the server
       * close its idle connections instead of finding them dead. */
      ld_test_gui_spin_idle ();
    }
  page = show_audit (fx);
  list = ld_test_gui_child (page, LD_TYPE_ADMIN_AUDIT_PAGE, "break_glass_list");
  gtk_stack_set_visible_child_name (GTK_STACK (
                                      ld_test_gui_child (page, LD_TYPE_ADMIN_AUDIT_PAGE, "views")),
                                    "break-glass");
  ld_test_gui_spin_until (has_more_row, list, "the first page of grants");
  g_assert_cmpuint (count_rows (list), ==, 100 + 1);
  g_assert_nonnull (
    strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_widget_get_first_child (list))),
            "Grant Patient 100"));
  g_signal_emit_by_name (ld_test_gui_find_named (list, "break-glass-more"), "activate");
  ld_test_gui_spin_until (shows_all_grants, list, "every grant, the older page after");
  g_assert_nonnull (
    strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_widget_get_last_child (list))),
            "Grant Patient 0 ("));
}

int
main (int   argc,
      char *argv[])
{
  ld_test_gui_init (&argc, &argv);

  g_test_add ("/gui/admin/audit/action-filter", Fixture, NULL, setup, test_action_filter, teardown);
  g_test_add ("/gui/admin/audit/chain-check", Fixture, NULL, setup, test_chain_check, teardown);
  g_test_add ("/gui/admin/audit/break-glass-listed", Fixture, NULL, setup, test_break_glass_listed,
              teardown);
  g_test_add ("/gui/admin/audit/break-glass-paged", Fixture, NULL, setup, test_break_glass_paged,
              teardown);

  return g_test_run ();
}
