/* test-gui-login.c: the real window signing in against the real server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-http.h"
#include "ld-test-server.h"
#include "ld-context.h"
#include "ui/ld-home-page.h"
#include "ui/ld-login-page.h"
#include "ui/common/ld-status-indicator.h"
#include "ui/ld-window.h"

#define TIMEOUT_US (20 * G_USEC_PER_SEC)

typedef gboolean (*Condition) (gpointer data);

/* Spins the main context until @condition holds, failing after a timeout. */
static void
spin_until (Condition    condition,
            gpointer     data,
            const char  *what)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_US;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static GtkWidget *
child (GtkWidget  *widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (widget, type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

typedef struct
{
  LdTestServer *server;
  LdContext    *context;
  LdWindow     *window;
  GtkWidget    *login_page;
  GtkWidget    *home_page;
} Fixture;

static void
open_window (Fixture    *fx,
             const char *server_uri)
{
  fx->context = ld_context_new (server_uri);
  fx->window = ld_window_new (NULL, fx->context);
  fx->login_page = child (GTK_WIDGET (fx->window), LD_TYPE_WINDOW, "login_page");
  fx->home_page = child (GTK_WIDGET (fx->window), LD_TYPE_WINDOW, "home_page");
  gtk_window_present (GTK_WINDOW (fx->window));
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->server = ld_test_server_new ();
  open_window (fx, ld_test_server_get_uri (fx->server));
}

static gboolean
object_is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* GTK owns a toplevel; hold a reference of our own so that its
 * finalization can be asserted after gtk_window_destroy(). A request in
 * flight (the sign-out's DELETE) keeps the API client alive after the
 * context; waiting for it lets the request reach this test's server
 * rather than fail against the next test's. */
static void
close_window (Fixture *fx)
{
  gpointer api_client = ld_context_get_api_client (fx->context);

  g_object_add_weak_pointer (G_OBJECT (api_client), &api_client);
  g_object_ref (fx->window);
  gtk_window_destroy (GTK_WINDOW (fx->window));
  g_assert_finalize_object (fx->window);
  g_assert_finalize_object (fx->context);
  spin_until (object_is_gone, &api_client, "the API client's last request");
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  close_window (fx);
  g_clear_pointer (&fx->server, ld_test_server_free);
}

static void
type_credentials (Fixture    *fx,
                  const char *username,
                  const char *password)
{
  gtk_editable_set_text (GTK_EDITABLE (child (fx->login_page, LD_TYPE_LOGIN_PAGE, "username_row")),
                         username);
  gtk_editable_set_text (GTK_EDITABLE (child (fx->login_page, LD_TYPE_LOGIN_PAGE, "password_row")),
                         password);
  g_assert_true (gtk_widget_activate_action (fx->login_page, "login.sign-in", NULL));
}

static gboolean
error_is_shown (gpointer data)
{
  Fixture *fx = data;
  GtkWidget *label = child (fx->login_page, LD_TYPE_LOGIN_PAGE, "error_label");

  return gtk_widget_get_visible (label) && *gtk_label_get_text (GTK_LABEL (label)) != '\0';
}

static gboolean
signed_in (gpointer data)
{
  Fixture *fx = data;

  return ld_context_get_user (fx->context) != NULL;
}

/* The page the window shows ("sign-in" or "home"); mapped state would
 * count both pages during the crossfade. */
static const char *
visible_page (Fixture *fx)
{
  return gtk_stack_get_visible_child_name (
    GTK_STACK (child (GTK_WIDGET (fx->window), LD_TYPE_WINDOW, "stack")));
}

static const char *
error_text (Fixture *fx)
{
  return gtk_label_get_text (GTK_LABEL (child (fx->login_page, LD_TYPE_LOGIN_PAGE, "error_label")));
}

static void
test_wrong_password_shows_server_message (Fixture       *fx,
                                          gconstpointer  data)
{
  type_credentials (fx, "technician", "not-the-password");
  spin_until (error_is_shown, fx, "the error message");

  g_assert_cmpstr (error_text (fx), ==, "The user name or password is wrong.");
  g_assert_null (ld_context_get_user (fx->context));
  g_assert_cmpstr (visible_page (fx), ==, "sign-in");
}

static void
test_sign_in_shows_user_and_roles (Fixture       *fx,
                                   gconstpointer  data)
{
  GtkWidget *name_label = child (fx->home_page, LD_TYPE_HOME_PAGE, "name_label");
  GtkWidget *roles_label = child (fx->home_page, LD_TYPE_HOME_PAGE, "roles_label");
  GtkStack *workspaces = GTK_STACK (child (fx->home_page, LD_TYPE_HOME_PAGE, "workspaces"));

  type_credentials (fx, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  spin_until (signed_in, fx, "the sign-in");

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (name_label)), ==, "Ravi Kumar");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (roles_label)), ==, "Technician");
  g_assert_true (gtk_stack_page_get_visible (
    gtk_stack_get_page (workspaces, gtk_stack_get_child_by_name (workspaces, "laboratory"))));
  g_assert_false (gtk_stack_page_get_visible (
    gtk_stack_get_page (workspaces, gtk_stack_get_child_by_name (workspaces, "administration"))));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (workspaces), ==, "laboratory");
  g_assert_cmpstr (visible_page (fx), ==, "home");

  /* Signing out returns to the log-in page and forgets the user. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.sign-out", NULL));
  g_assert_null (ld_context_get_user (fx->context));
  g_assert_cmpstr (visible_page (fx), ==, "sign-in");
}

static void
test_unreachable_server_is_explained (void)
{
  Fixture fx = { 0 };

  /* Port 1 on loopback: nothing listens there. */
  open_window (&fx, "http://127.0.0.1:1");
  type_credentials (&fx, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  spin_until (error_is_shown, &fx, "the error message");

  g_assert_nonnull (
    strstr (error_text (&fx), "Cannot reach the Labdesk server at http://127.0.0.1:1"));

  close_window (&fx);
}

static const char *
connection_text (Fixture *fx)
{
  GtkWidget *bin = child (GTK_WIDGET (fx->window), LD_TYPE_WINDOW, "status_bin");
  GtkWidget *indicator = adw_bin_get_child (ADW_BIN (bin));

  return indicator ? ld_status_indicator_get_text (LD_STATUS_INDICATOR (indicator)) : "";
}

static gboolean
shows_online (gpointer data)
{
  return g_str_equal (connection_text (data), "Online");
}

/* A signed-in session owns the user's cache; signing out closes it and
 * lets the whole session go, so nothing of the user stays in memory. */
static void
test_sign_in_opens_session_sign_out_closes_it (Fixture       *fx,
                                               gconstpointer  data)
{
  gpointer session;
  gpointer cache;

  type_credentials (fx, "reception", LD_TEST_RECEPTION_PASSWORD);
  spin_until (signed_in, fx, "the sign-in");

  session = ld_context_get_session (fx->context);
  cache = ld_session_get_cache (session);
  g_assert_nonnull (cache);
  g_assert_nonnull (ld_session_get_outbox (session));
  g_assert_false (ld_session_get_signed_in_offline (session));
  g_assert_true (g_file_test (ld_cache_get_path (cache), G_FILE_TEST_EXISTS));
  spin_until (shows_online, fx, "the header saying online");

  g_object_add_weak_pointer (G_OBJECT (session), &session);
  g_object_add_weak_pointer (G_OBJECT (cache), &cache);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.sign-out", NULL));
  g_assert_null (ld_context_get_session (fx->context));
  g_assert_cmpstr (visible_page (fx), ==, "sign-in");
  spin_until (object_is_gone, &session, "the session to be released");
  spin_until (object_is_gone, &cache, "the cache to be released");
}

/* With the server away, the password that opens the user's cache signs
 * them in offline, marked as such; a wrong one does not. */
static void
test_offline_sign_in_opens_the_cache (Fixture       *fx,
                                      gconstpointer  data)
{
  LdSession *session;

  type_credentials (fx, "reception", LD_TEST_RECEPTION_PASSWORD);
  spin_until (signed_in, fx, "the online sign-in");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.sign-out", NULL));

  g_clear_pointer (&fx->server, ld_test_server_free);

  type_credentials (fx, "reception", "not-the-password");
  spin_until (error_is_shown, fx, "the wrong password refused offline");
  g_assert_null (ld_context_get_session (fx->context));
  g_assert_cmpstr (visible_page (fx), ==, "sign-in");

  type_credentials (fx, "reception", LD_TEST_RECEPTION_PASSWORD);
  spin_until (signed_in, fx, "the offline sign-in");
  session = ld_context_get_session (fx->context);
  g_assert_true (ld_session_get_signed_in_offline (session));
  g_assert_cmpstr (ld_user_get_username (ld_session_get_user (session)), ==, "reception");
  g_assert_cmpstr (connection_text (fx), ==, "Signed in offline");
  g_assert_cmpstr (visible_page (fx), ==, "home");

  /* Signing out cancels the sync's tries of the absent server; each
   * cancelled call lets go of the session as it completes. */
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &session);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.sign-out", NULL));
  spin_until (object_is_gone, &session, "the offline session to be released");
}

static gboolean
back_at_sign_in (gpointer data)
{
  Fixture *fx = data;

  return ld_context_get_session (fx->context) == NULL && error_is_shown (fx);
}

static void
on_request_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(JsonNode) answer =
               ld_api_client_request_finish (LD_API_CLIENT (source), result, NULL, NULL);
}

/* The server ends the session (here: signed out from elsewhere); the next
 * call the client makes finds out, and the window returns to sign-in
 * saying the work is kept. */
static void
test_session_ended_by_server_returns_to_sign_in (Fixture       *fx,
                                                 gconstpointer  data)
{
  LdApiClient *api_client = ld_context_get_api_client (fx->context);
  g_autoptr(LdTestResponse) response = NULL;

  type_credentials (fx, "reception", LD_TEST_RECEPTION_PASSWORD);
  spin_until (signed_in, fx, "the sign-in");

  response = ld_test_request (fx->server, "DELETE", "/api/v1/sessions/current",
                              ld_api_client_get_token (api_client), NULL, NULL, 0);
  g_assert_cmpint (response->status, ==, 204);

  ld_api_client_request_async (api_client, "GET", "/api/v1/sessions/current", NULL, NULL, NULL,
                               on_request_cb, NULL);
  spin_until (back_at_sign_in, fx, "the return to sign-in");
  g_assert_cmpstr (visible_page (fx), ==, "sign-in");
  g_assert_nonnull (strstr (error_text (fx), "unsent work is kept"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("labdesk-gui-login-XXXXXX", NULL);

  /* Each run's caches in a directory of its own. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/gui/login/wrong-password-shows-server-message", test_wrong_password_shows_server_message);
  ADD ("/gui/login/sign-in-shows-user-and-roles", test_sign_in_shows_user_and_roles);
  ADD ("/gui/login/sign-in-opens-session-sign-out-closes-it",
       test_sign_in_opens_session_sign_out_closes_it);
  ADD ("/gui/login/offline-sign-in-opens-the-cache", test_offline_sign_in_opens_the_cache);
  ADD ("/gui/login/session-ended-by-server-returns-to-sign-in",
       test_session_ended_by_server_returns_to_sign_in);
#undef ADD
  g_test_add_func ("/gui/login/unreachable-server-is-explained",
                   test_unreachable_server_is_explained);

  {
    int status = g_test_run ();

    ld_test_remove_tree (data_home);
    return status;
  }
}
