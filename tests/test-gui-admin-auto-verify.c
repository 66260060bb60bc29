/* test-gui-admin-auto-verify.c: the administrator chooses a test's
 * auto-verification in the test editor
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real client against the real server, under Xvfb. The administrator
 * opens haemoglobin in the catalogue, turns auto-verification on and the
 * delta and instrument rules off from the keyboard, and saves: the server
 * then holds exactly those rules, and the test, unchanged, is not saved
 * again; opened again, the editor shows them. Without the server the
 * switches cannot be changed, and the group says why.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-a11y.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-orders.h"
#include "ld-test-server.h"
#include "ui/admin/ld-admin-catalog-page.h"
#include "ui/admin/ld-admin-test-page.h"

typedef struct
{
  LdOrderFixture  orders;
  LdTestGui      *gui;
  GtkWidget      *admin;
} Fixture;

static const char * const rule_names[] = { "range", "delta", "flags", "sample", "instrument" };

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  ld_order_fixture_setup (&fx->orders, data);
  fx->gui = ld_test_gui_open (ld_test_server_get_uri (fx->orders.server));
  ld_test_gui_sign_in (fx->gui, "admin", LD_TEST_ADMIN_PASSWORD);
  fx->admin = ld_test_gui_workspace (fx->gui, "administration");
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ld_test_gui_close (fx->gui);
  ld_order_fixture_teardown (&fx->orders, data);
}

static GtkWidget *
rule_switch (GtkWidget  *page,
             const char *rule)
{
  g_autofree char *name = g_strconcat ("auto-rule-", rule, NULL);
  GtkWidget *widget = ld_test_gui_find_named (page, name);

  g_assert_true (GTK_IS_SWITCH (widget));
  return widget;
}

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
is_shown (gpointer data)
{
  return gtk_widget_is_visible (data);
}

static gboolean
editor_gone (gpointer data)
{
  return ld_test_gui_find_type (data, LD_TYPE_ADMIN_TEST_PAGE) == NULL;
}

static gboolean
is_offline (gpointer data)
{
  return !ld_session_get_online (data);
}

/* Opens @code in the editor and waits until its rules are read. */
static GtkWidget *
open_test (Fixture    *fx,
           const char *code)
{
  GtkWidget *catalogue;
  GtkWidget *row;
  GtkWidget *page;

  g_assert_true (gtk_widget_activate_action (fx->admin, "admin.show-section", "s", "catalogue"));
  catalogue = ld_test_gui_wait_type (fx->admin, LD_TYPE_ADMIN_CATALOG_PAGE);
  row = ld_test_gui_wait_named (catalogue, code);
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  page = ld_test_gui_wait_type (fx->admin, LD_TYPE_ADMIN_TEST_PAGE);
  ld_test_gui_wait_named (page, "range-1");
  ld_test_gui_spin_until (is_sensitive, ld_test_gui_find_named (page, "auto-verification"),
                          "the auto-verification to be read");
  return page;
}

/* A person tabs to the switch and presses Space. */
static void
toggle_by_keyboard (GtkWidget *toggle)
{
  gboolean before = gtk_switch_get_active (GTK_SWITCH (toggle));

  g_assert_true (gtk_widget_grab_focus (toggle));
  g_assert_true (gtk_widget_has_focus (toggle));
  g_assert_true (gtk_widget_activate (toggle));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)) != before);
}

/* Scrolls the page's form so that the auto-verification group shows. */
static void
scroll_to_group (GtkWidget *page)
{
  GtkScrolledWindow *scrolled =
    GTK_SCROLLED_WINDOW (ld_test_gui_find_type (page, GTK_TYPE_SCROLLED_WINDOW));
  GtkWidget *toggle = ld_test_gui_find_named (page, "auto-verification");
  GtkWidget *group = gtk_widget_get_ancestor (toggle, ADW_TYPE_PREFERENCES_GROUP);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  graphene_point_t top;

  ld_test_gui_spin_idle ();
  g_assert_true (gtk_widget_compute_point (group, gtk_scrolled_window_get_child (scrolled),
                                           &GRAPHENE_POINT_INIT (0, 0), &top));
  gtk_adjustment_set_value (adjustment, top.y - 12);
  ld_test_gui_spin_idle ();
}

typedef struct
{
  Fixture    *fx;
  const char *path;
} Read;

static gboolean
rules_saved (gpointer data)
{
  Read *read = data;
  g_autoptr(LdTestResponse) resp =
               ld_test_get (read->fx->orders.server, read->path, read->fx->orders.admin);

  return ld_test_response_get_int (resp, "auto_verification.version") == 1;
}

static gint64
test_version (Fixture    *fx,
              const char *code)
{
  g_autoptr(LdTestResponse) resp =
               ld_test_get (fx->orders.server, "/api/v1/catalog", fx->orders.admin);
  JsonArray *tests = json_object_get_array_member (ld_test_response_object (resp), "tests");

  for (guint i = 0; i < json_array_get_length (tests); i++)
    {
      JsonObject *test = json_array_get_object_element (tests, i);

      if (g_str_equal (json_object_get_string_member (test, "code"), code))
        return json_object_get_int_member (test, "version");
    }
  g_assert_not_reached ();
}

static void
test_choose_rules (Fixture       *fx,
                   gconstpointer  data)
{
  const char *path = "/api/v1/catalog/tests/HB/auto-verification";
  Read read = { fx, path };
  g_autoptr(LdTestResponse) resp = NULL;
  GtkWidget *page = open_test (fx, "HB");
  GtkWidget *enabled = ld_test_gui_find_named (page, "auto-verification");
  GtkWidget *save = ld_test_gui_find_action (page, "test.save");
  gint64 version = test_version (fx, "HB");
  g_autofree char *texts = NULL;
  JsonObject *config;
  JsonArray *rules;

  /* Never configured: off, with every rule; nothing to save yet. The
   * critical rule has no switch: the group says it always applies. */
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (enabled)));
  for (guint i = 0; i < G_N_ELEMENTS (rule_names); i++)
    {
      GtkWidget *toggle = rule_switch (page, rule_names[i]);

      g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
      ld_test_a11y_assert_named (toggle, rule_names[i]);
    }
  ld_test_a11y_assert_named (enabled, "the auto-verification switch");
  g_assert_null (ld_test_gui_find_named (page, "auto-rule-critical"));
  texts = ld_test_gui_label_texts (page);
  g_assert_nonnull (strstr (texts, "A critical value always waits for a person"));
  g_assert_false (gtk_widget_is_sensitive (save));

  toggle_by_keyboard (enabled);
  toggle_by_keyboard (rule_switch (page, "delta"));
  toggle_by_keyboard (rule_switch (page, "instrument"));
  g_assert_true (gtk_widget_is_sensitive (save));
  scroll_to_group (page);
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), "admin-auto-verification");

  /* Ctrl+S, as the button's tooltip says. */
  g_assert_true (gtk_widget_activate_action (page, "test.save", NULL));
  ld_test_gui_spin_until (rules_saved, &read, "the rules on the server");
  resp = ld_test_get (fx->orders.server, path, fx->orders.admin);
  ld_test_assert_status (resp, 200);
  config = json_object_get_object_member (ld_test_response_object (resp), "auto_verification");
  g_assert_true (json_object_get_boolean_member (config, "enabled"));
  rules = json_object_get_array_member (config, "rules");
  g_assert_cmpuint (json_array_get_length (rules), ==, 4);
  g_assert_cmpstr (json_array_get_string_element (rules, 0), ==, "range");
  g_assert_cmpstr (json_array_get_string_element (rules, 1), ==, "critical");
  g_assert_cmpstr (json_array_get_string_element (rules, 2), ==, "flags");
  g_assert_cmpstr (json_array_get_string_element (rules, 3), ==, "sample");
  g_assert_cmpstr (json_object_get_string_member (config, "rule_set"), ==,
                   "rules v1: range, critical, flags, sample");
  /* Only the rules changed: the test itself was not saved again. */
  g_assert_cmpint (test_version (fx, "HB"), ==, version);
  g_assert_cmpint (ld_test_server_query_int (fx->orders.server,
                                             "SELECT COUNT(*) FROM audit_events WHERE action ="
                                             " 'catalog.auto_verification'"),
                   ==, 1);

  /* Saved, the editor goes back to the catalogue; opened again, it
   * shows the rules as saved. */
  ld_test_gui_spin_until (editor_gone, fx->admin, "the editor to close");
  page = open_test (fx, "HB");
  g_assert_true (
    gtk_switch_get_active (GTK_SWITCH (ld_test_gui_find_named (page, "auto-verification"))));
  for (guint i = 0; i < G_N_ELEMENTS (rule_names); i++)
    g_assert_true (
      gtk_switch_get_active (GTK_SWITCH (rule_switch (page, rule_names[i]))) ==
      (!g_str_equal (rule_names[i], "delta") && !g_str_equal (rule_names[i], "instrument")));
  g_assert_false (gtk_widget_is_sensitive (ld_test_gui_find_action (page, "test.save")));
}

/* Without the server the rules cannot be changed, and the group says why. */
static void
test_offline (Fixture       *fx,
              gconstpointer  data)
{
  GtkWidget *page = open_test (fx, "HB");
  GtkWidget *note = ld_test_gui_find_named (page, "auto-verification-note");
  LdSession *session = ld_context_get_session (fx->gui->context);

  g_assert_false (gtk_widget_is_visible (note));
  g_clear_pointer (&fx->orders.server, ld_test_server_free);
  ld_test_gui_spin_until (is_offline, session, "the session to go offline");
  ld_test_gui_spin_until (is_shown, note, "the offline words");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (note)), ==,
                   "Auto-verification is kept on the server: it can be changed when the server "
                   "can be reached.");
  ld_test_gui_spin_until (is_insensitive, ld_test_gui_find_named (page, "auto-verification"),
                          "the switch to be off limits");
  for (guint i = 0; i < G_N_ELEMENTS (rule_names); i++)
    g_assert_false (gtk_widget_is_sensitive (rule_switch (page, rule_names[i])));
}

int
main (int    argc,
      char **argv)
{
  /* The in-memory accessibility backend, so that the switches' names
   * can be checked. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  ld_test_gui_init (&argc, &argv);

  g_test_add ("/gui/admin/auto-verify/choose-rules", Fixture, NULL, fixture_setup,
              test_choose_rules, fixture_teardown);
  g_test_add ("/gui/admin/auto-verify/offline", Fixture, NULL, fixture_setup, test_offline,
              fixture_teardown);

  return g_test_run ();
}
