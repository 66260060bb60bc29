/* test-gui-keyboard.c: the desk's story with the keyboard alone
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real key events, sent through XTest (xdotool) to the real window under
 * Xvfb, as a person at the desk types them: sign in, find the patient by
 * typing anywhere, Enter to open them, Ctrl+B to book, the test's code and
 * Enter into the cart, Ctrl+Enter to book, the cash tendered and Enter,
 * Escape from the booking page and from the paid order, Ctrl+? for the
 * shortcuts and Escape to close them, Ctrl+Shift+Q to sign out; then
 * another user's sign-in, Tab into the page and Ctrl+1…4 between
 * workspaces. No mouse, no call into the widgets; the outcome is checked
 * on the server and in where the cursor is.
 */

#include "config.h"

#include <gdk/x11/gdkx.h>

#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ui/desk/ld-booking-page.h"
#include "ui/desk/ld-desk-workspace.h"
#include "ui/desk/ld-order-page.h"
#include "ui/ld-home-page.h"
#include "ui/ld-login-page.h"
#include "ui/desk/ld-patient-page.h"
#include "ui/desk/ld-payment-dialog.h"

typedef struct
{
  LdTestGui *gui;
  char      *window_id;
} Keys;

/* xdotool with these arguments, to the window (`%s` is its X id). */
static void
xdotool (Keys       *keys,
         const char *format,
         ...)
{
  g_autofree char *args = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list ap;

  va_start (ap, format);
  args = g_strdup_vprintf (format, ap);
  va_end (ap);
  command = g_strdup_printf ("xdotool %s", args);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  ld_test_gui_spin_idle ();
}

static void
press (Keys       *keys,
       const char *key)
{
  xdotool (keys, "key --clearmodifiers --window %s %s", keys->window_id, key);
}

static void
type (Keys       *keys,
      const char *text)
{
  xdotool (keys, "type --clearmodifiers --delay 30 --window %s '%s'", keys->window_id, text);
}

typedef struct
{
  GtkWidget *workspace;
  GType      type;
} TopIs;

static gboolean
top_is (gpointer data)
{
  TopIs *want = data;
  GtkWidget *top = ld_desk_workspace_get_top (LD_DESK_WORKSPACE (want->workspace));

  return want->type == G_TYPE_NONE ? top == NULL
                                   : top != NULL && G_TYPE_CHECK_INSTANCE_TYPE (top, want->type);
}

static void
wait_top (GtkWidget *workspace,
          GType      type)
{
  TopIs want = { workspace, type };

  ld_test_gui_spin_until (top_is, &want,
                          type == G_TYPE_NONE ? "the desk's sections" : g_type_name (type));
}

static gboolean
has_keyboard (gpointer data)
{
  return gtk_window_is_active (GTK_WINDOW (data));
}

typedef struct
{
  LdTestServer *server;
  const char   *token;
  const char   *path;
  gint64        asked_us;
} PaidOrder;

/* The patient has one order, and it is paid. */
static gboolean
order_is_paid (gpointer data)
{
  PaidOrder *paid = data;
  g_autoptr(LdTestResponse) orders = NULL;
  JsonArray *items;

  /* Asked ten times a second, not at every turn of the main loop. */
  if (g_get_monotonic_time () - paid->asked_us < G_USEC_PER_SEC / 10)
    return FALSE;
  paid->asked_us = g_get_monotonic_time ();
  orders = ld_test_get (paid->server, paid->path, paid->token);
  ld_test_assert_status (orders, 200);
  items = json_object_get_array_member (ld_test_response_object (orders), "items");
  return json_array_get_length (items) == 1 &&
         g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                   "payment_state"), "paid") == 0;
}

/* The order page is on top, its Take Payment no longer usable, and the
 * window's cursor is on a control of it that can be used. */
static gboolean
cursor_on_paid_order (gpointer data)
{
  GtkWidget *workspace = data;
  GtkWidget *top = ld_desk_workspace_get_top (LD_DESK_WORKSPACE (workspace));
  GtkWidget *pay;
  GtkWidget *focus;

  if (top == NULL || !LD_IS_ORDER_PAGE (top))
    return FALSE;
  pay = ld_test_gui_child (top, LD_TYPE_ORDER_PAGE, "pay_button");
  focus = gtk_root_get_focus (gtk_widget_get_root (workspace));
  return !gtk_widget_is_sensitive (pay) && focus != NULL && gtk_widget_is_sensitive (focus) &&
         gtk_widget_is_ancestor (focus, top);
}

/* The shortcuts window, if one is among GTK's toplevels. */
static GtkWindow *
shortcuts_window (void)
{
  GListModel *tops = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr(GtkWindow) top = g_list_model_get_item (tops, i);

      if (GTK_IS_SHORTCUTS_WINDOW (top))
        return top;
    }
  return NULL;
}

static gboolean
shortcuts_shown (gpointer data)
{
  GtkWindow *shortcuts = shortcuts_window ();

  return shortcuts != NULL && gtk_widget_get_mapped (GTK_WIDGET (shortcuts)) &&
         gtk_window_is_active (shortcuts);
}

/* Whether the group titled @title is shown in @root (the window filters
 * its groups by the workspace in front). */
static gboolean
group_shown (GtkWidget  *root,
             const char *title)
{
  if (GTK_IS_SHORTCUTS_GROUP (root))
    {
      g_autofree char *group_title = NULL;

      g_object_get (root, "title", &group_title, NULL);
      if (g_strcmp0 (group_title, title) == 0)
        return gtk_widget_get_visible (root);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (group_shown (child, title))
      return TRUE;
  return FALSE;
}

static gboolean
shortcuts_gone (gpointer data)
{
  return shortcuts_window () == NULL;
}

/* Every window GTK holds is shown: none is kept hidden, which GTK 4.8's
 * AT-SPI bridge can hand a screen reader with no path (a critical). */
static void
assert_no_hidden_window (void)
{
  GListModel *tops = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr(GtkWidget) top = g_list_model_get_item (tops, i);

      if (!gtk_widget_get_visible (top))
        g_error ("a hidden %s is kept among the windows", G_OBJECT_TYPE_NAME (top));
    }
}

static gboolean
signed_out (gpointer data)
{
  return ld_context_get_session (((LdTestGui *) data)->context) == NULL;
}

static gboolean
signed_in (gpointer data)
{
  return ld_context_get_session (((LdTestGui *) data)->context) != NULL;
}

static void
test_desk_story_by_keyboard (void)
{
  g_autoptr(LdTestServer) server = ld_test_server_new ();
  g_autofree char *admin = ld_test_login (server, "admin", LD_TEST_ADMIN_PASSWORD);
  g_autoptr(LdTestResponse) registered = NULL;
  g_autofree char *path = NULL;
  Keys             keys = {
                NULL,
  };
  PaidOrder paid = {
    NULL,
  };
  GtkWidget *workspace;
  GtkWindow *dialog;

  registered = ld_test_send_json (server, "POST", "/api/v1/patients", admin,
                                  "{\"name\": \"Keshav Kulkarni\", \"sex\": \"male\","
                                  " \"age_years\": 58, \"phone\": \"9845012345\"}");
  ld_test_assert_status (registered, 201);

  keys.gui = ld_test_gui_open (ld_test_server_get_uri (server));
  ld_test_gui_spin_until ((LdTestGuiCondition) gtk_widget_get_mapped, keys.gui->window,
                          "the window");
  keys.window_id = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (
    gtk_native_get_surface (GTK_NATIVE (keys.gui->window))));
  xdotool (&keys, "windowfocus --sync %s", keys.window_id);
  ld_test_gui_spin_until (has_keyboard, keys.gui->window, "the window to have the keyboard");

  /* Sign in: the cursor starts in the user name. */
  type (&keys, "reception");
  press (&keys, "Tab");
  type (&keys, LD_TEST_RECEPTION_PASSWORD);
  press (&keys, "Return");
  ld_test_gui_spin_until (signed_in, keys.gui, "the sign-in");
  workspace = ld_test_gui_workspace (keys.gui, "front-desk");

  /* Typing anywhere finds the patient; Enter opens them. */
  type (&keys, "keshav");
  ld_test_gui_wait_text (workspace, "Keshav Kulkarni");
  press (&keys, "Return");
  wait_top (workspace, LD_TYPE_PATIENT_PAGE);

  /* Ctrl+B books: the code typed and Enter fill the cart; Ctrl+Enter
   * books and the payment follows. */
  press (&keys, "ctrl+b");
  wait_top (workspace, LD_TYPE_BOOKING_PAGE);
  /* Escape leaves the booking page, though the cursor is in its
   * catalogue search (issue 35, item 8); Ctrl+B books again. */
  press (&keys, "Escape");
  wait_top (workspace, LD_TYPE_PATIENT_PAGE);
  press (&keys, "ctrl+b");
  wait_top (workspace, LD_TYPE_BOOKING_PAGE);
  type (&keys, "GLUF");
  ld_test_gui_wait_text (workspace, "GLUF");
  press (&keys, "Return");
  ld_test_gui_wait_text (workspace, "Glucose");
  press (&keys, "ctrl+Return");
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (keys.gui->window), LD_TYPE_PAYMENT_DIALOG);
  ld_test_gui_spin_until (has_keyboard, dialog, "the payment dialog to have the keyboard");

  /* Cash: the amount tendered, and Enter takes it. */
  g_free (keys.window_id);
  keys.window_id = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (
                                             gtk_native_get_surface (GTK_NATIVE (dialog))));
  type (&keys, "1000");
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "Change to give");
  /* (That row's title is there from the start: Enter takes the cash once
   * the dialog has read its order, a read of its own.) */
  ld_test_gui_wait_action (GTK_WIDGET (dialog), "payment.take");
  ld_test_gui_screenshot (GTK_WIDGET (dialog), "desk-keyboard-cash");
  press (&keys, "Return");

  /* On the server: the patient's order, paid in cash. */
  path = g_strdup_printf ("/api/v1/orders?patient_id=%s",
                          ld_test_response_get_string (registered, "patient.id"));
  paid.server = server;
  paid.token = admin;
  paid.path = path;
  ld_test_gui_spin_until (order_is_paid, &paid, "the order paid on the server");

  /* The window has the keyboard again; Ctrl+Shift+Q signs out. */
  g_free (keys.window_id);
  keys.window_id = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (
    gtk_native_get_surface (GTK_NATIVE (keys.gui->window))));
  xdotool (&keys, "windowfocus --sync %s", keys.window_id);
  ld_test_gui_spin_until (has_keyboard, keys.gui->window, "the window to have the keyboard back");

  /* Paid, Take Payment cannot be pressed again, and the cursor it had
   * is on the order page still: Escape goes back (issue 35, item 8). */
  ld_test_gui_spin_until (cursor_on_paid_order, workspace, "the cursor on the paid order");
  press (&keys, "Escape");
  wait_top (workspace, LD_TYPE_PATIENT_PAGE);

  /* Ctrl+? shows the shortcuts; Escape closes them, and nothing stays
   * behind hidden. */
  assert_no_hidden_window ();
  press (&keys, "ctrl+question");
  ld_test_gui_spin_until (shortcuts_shown, NULL, "the shortcuts window");
  ld_test_gui_screenshot (GTK_WIDGET (shortcuts_window ()), "shortcuts");
  /* The desk's keys and the general ones; not the lab's. */
  g_assert_true (group_shown (GTK_WIDGET (shortcuts_window ()), "Front desk"));
  g_assert_true (group_shown (GTK_WIDGET (shortcuts_window ()), "General"));
  g_assert_false (group_shown (GTK_WIDGET (shortcuts_window ()), "Laboratory: the worklist"));
  g_free (keys.window_id);
  keys.window_id = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (
    gtk_native_get_surface (GTK_NATIVE (shortcuts_window ()))));
  press (&keys, "Escape");
  ld_test_gui_spin_until (shortcuts_gone, NULL, "the shortcuts window closed");
  assert_no_hidden_window ();

  g_free (keys.window_id);
  keys.window_id = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (
    gtk_native_get_surface (GTK_NATIVE (keys.gui->window))));
  xdotool (&keys, "windowfocus --sync %s", keys.window_id);
  ld_test_gui_spin_until (has_keyboard, keys.gui->window, "the window to have the keyboard again");
  press (&keys, "ctrl+shift+q");
  ld_test_gui_spin_until (signed_out, keys.gui, "the sign-out");

  g_free (keys.window_id);
  ld_test_gui_close (keys.gui);
}

static gboolean
workspace_is (gpointer data)
{
  const char **want = data;
  LdTestGui   *gui = (LdTestGui *) want[0];
  LdHomePage  *home =
    LD_HOME_PAGE (ld_test_gui_child (GTK_WIDGET (gui->window), LD_TYPE_WINDOW, "home_page"));
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (gui->window));

  return g_strcmp0 (ld_home_page_get_workspace_name (home), want[1]) == 0 && focus != NULL &&
         gtk_widget_is_ancestor (focus, GTK_WIDGET (ld_home_page_get_workspace (home)));
}

static void
wait_workspace (LdTestGui  *gui,
                const char *name)
{
  const char *want[] = { (const char *) gui, name };

  ld_test_gui_spin_until (workspace_is, want, name);
}

/* The sign-in page fills in the last user name and starts in the
 * password then: Shift+Tab back to the name, which is typed over. */
static void
sign_in_by_keys (Keys       *keys,
                 const char *username,
                 const char *password)
{
  GtkWidget *login =
    ld_test_gui_child (GTK_WIDGET (keys->gui->window), LD_TYPE_WINDOW, "login_page");
  GtkWidget *name_row = ld_test_gui_child (login, LD_TYPE_LOGIN_PAGE, "username_row");

  if (*gtk_editable_get_text (GTK_EDITABLE (name_row)) != '\0')
    press (keys, "shift+Tab");
  press (keys, "ctrl+a");
  type (keys, username);
  press (keys, "Tab");
  type (keys, password);
  press (keys, "Return");
}

/* Signed out and signed in again as someone else, by keyboard: Tab
 * reaches the sidebar and the workspace, not only the header, and
 * Ctrl+1, Ctrl+2 bring the user's first and second workspace to the
 * front with the cursor in it (issue 35, item 9). */
static void
test_second_user_by_keyboard (void)
{
  g_autoptr(LdTestServer) server = ld_test_server_new ();
  g_autofree char *admin = ld_test_login (server, "admin", LD_TEST_ADMIN_PASSWORD);
  g_autoptr(LdTestResponse) created = NULL;
  Keys keys = {
    NULL,
  };
  GtkWidget *home;
  gboolean reached = FALSE;

  created = ld_test_send_json (server, "POST", "/api/v1/users", admin,
                               "{\"username\": \"meera\", \"display_name\": \"Meera Nair\","
                               " \"roles\": [\"reception\", \"technician\"],"
                               " \"password\": \"meera-keyboard-2026\"}");
  ld_test_assert_status (created, 201);

  keys.gui = ld_test_gui_open (ld_test_server_get_uri (server));
  ld_test_gui_spin_until ((LdTestGuiCondition) gtk_widget_get_mapped, keys.gui->window,
                          "the window");
  keys.window_id = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (
    gtk_native_get_surface (GTK_NATIVE (keys.gui->window))));
  xdotool (&keys, "windowfocus --sync %s", keys.window_id);
  ld_test_gui_spin_until (has_keyboard, keys.gui->window, "the window to have the keyboard");
  home = ld_test_gui_child (GTK_WIDGET (keys.gui->window), LD_TYPE_WINDOW, "home_page");

  sign_in_by_keys (&keys, "reception", LD_TEST_RECEPTION_PASSWORD);
  ld_test_gui_spin_until (signed_in, keys.gui, "the first sign-in");
  ld_test_gui_workspace (keys.gui, "front-desk");
  press (&keys, "ctrl+shift+q");
  ld_test_gui_spin_until (signed_out, keys.gui, "the sign-out");

  sign_in_by_keys (&keys, "meera", "meera-keyboard-2026");
  ld_test_gui_spin_until (signed_in, keys.gui, "the second sign-in");
  ld_test_gui_workspace (keys.gui, "front-desk");

  /* From the search, Tab goes on past the header into the page. */
  for (guint i = 0; i < 12 && !reached; i++)
    {
      GtkWidget *focus;

      press (&keys, "Tab");
      focus = gtk_root_get_focus (GTK_ROOT (keys.gui->window));
      reached = focus != NULL && gtk_widget_is_ancestor (focus, home);
    }
  g_assert_true (reached);

  press (&keys, "ctrl+2");
  wait_workspace (keys.gui, "laboratory");
  press (&keys, "ctrl+1");
  wait_workspace (keys.gui, "front-desk");

  g_free (keys.window_id);
  ld_test_gui_close (keys.gui);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("labdesk-keyboard-XXXXXX", NULL);

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  ld_test_gui_init (&argc, &argv);
  g_test_add_func ("/gui/keyboard/desk-story", test_desk_story_by_keyboard);
  g_test_add_func ("/gui/keyboard/second-user", test_second_user_by_keyboard);
  return g_test_run ();
}
