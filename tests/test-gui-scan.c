/* test-gui-scan.c: a number scanned into the window's search opens its
 * record even when this computer's cache does not hold it yet
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk signs in and its first sync brings Asha Rao; then its sync is
 * stopped, as a desk whose feed has not yet caught up, so what another
 * desk makes over HTTP afterwards is on the server and, for certain, not
 * in this cache. Scanning its number must ask the server, keep the
 * answer in the cache and open the page.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-orders.h"
#include "ld-test-server.h"
#include "store/ld-cache.h"
#include "store/ld-cache-find.h"
#include "store/ld-sync.h"
#include "ui/desk/ld-desk-workspace.h"
#include "ui/desk/ld-order-page.h"
#include "ui/desk/ld-patient-page.h"
#include "ui/ld-window.h"

typedef struct
{
  LdOrderFixture  orders;
  LdTestGui      *gui;
  GtkWidget      *desk;
} Fixture;

typedef struct
{
  gboolean  done;
  char     *id;
} Found;

static void
on_found_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Found *found = user_data;

  found->id = ld_cache_find_number_finish (LD_CACHE (source), result, NULL);
  found->done = TRUE;
}

static gboolean
found_done (gpointer data)
{
  return ((Found *) data)->done;
}

/* The id the desk's cache holds for @number, or NULL. */
static char *
cached_id (Fixture          *fx,
           LdIdentifierKind  kind,
           const char       *number)
{
  LdCache *cache = ld_session_get_cache (ld_context_get_session (fx->gui->context));
  Found found = { FALSE, NULL };

  ld_cache_find_number_async (cache, kind, number, NULL, on_found_cb, &found);
  ld_test_gui_spin_until (found_done, &found, "a look in the desk's cache");
  return found.id;
}

static gboolean
asha_cached (gpointer data)
{
  Fixture *fx = data;
  LdCache *cache = ld_session_get_cache (ld_context_get_session (fx->gui->context));
  g_autofree char *id = NULL;

  if (ld_cache_get_last_seq (cache) == 0)
    return FALSE;
  id = cached_id (fx, LD_IDENTIFIER_MRN, "P000001");
  return g_strcmp0 (id, fx->orders.patient_id) == 0;
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  ld_order_fixture_setup (&fx->orders, data);
  fx->gui = ld_test_gui_open (ld_test_server_get_uri (fx->orders.server));
  ld_test_gui_sign_in (fx->gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  fx->desk = ld_test_gui_workspace (fx->gui, "front-desk");
  g_assert_true (LD_IS_DESK_WORKSPACE (fx->desk));
  ld_test_gui_spin_until (asha_cached, fx, "the first sync to bring Asha Rao");
  ld_sync_stop (ld_session_get_sync (ld_context_get_session (fx->gui->context)));
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ld_test_gui_close (fx->gui);
  ld_order_fixture_teardown (&fx->orders, data);
}

static void
scan (Fixture    *fx,
      const char *text)
{
  GtkWidget *entry =
    ld_test_gui_child (GTK_WIDGET (fx->gui->window), LD_TYPE_WINDOW, "search_entry");

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  ld_test_gui_type (entry, text);
  ld_test_gui_enter (entry);
}

static gboolean
order_page_on_top (gpointer data)
{
  return LD_IS_ORDER_PAGE (ld_desk_workspace_get_top (LD_DESK_WORKSPACE (data)));
}

static gboolean
patient_page_on_top (gpointer data)
{
  return LD_IS_PATIENT_PAGE (ld_desk_workspace_get_top (LD_DESK_WORKSPACE (data)));
}

/* An order another desk made a moment ago, scanned from its form. */
static void
test_order_not_yet_synced (Fixture       *fx,
                           gconstpointer  data)
{
  g_autofree char *id = ld_test_create_order_ok (&fx->orders, "\"items\": [\"HB\", \"LIPID\"]");
  g_autoptr(LdTestResponse) order = ld_test_get_order (&fx->orders, id);
  const char *number = ld_test_response_get_string (order, "order.number");
  g_autofree char *before = cached_id (fx, LD_IDENTIFIER_ORDER, number);
  g_autofree char *after = NULL;
  g_autofree char *lower = g_ascii_strdown (number, -1);
  GtkWidget *page;

  g_autofree char *reads_sql =
    g_strdup_printf ("SELECT count(*) FROM audit_events WHERE action = 'order.read'"
                     " AND username = 'reception' AND entity_id = '%s'", id);
  gint64 reads = ld_test_server_query_int (fx->orders.server, reads_sql);

  g_assert_null (before);
  /* As a person types it, in lower case. */
  scan (fx, lower);
  ld_test_gui_spin_until (order_page_on_top, fx->desk, "the scanned order's page");
  page = ld_desk_workspace_get_top (LD_DESK_WORKSPACE (fx->desk));
  ld_test_gui_wait_text (page, number);
  ld_test_gui_wait_text (page, "Asha Rao");

  /* Kept in the cache: it opens like any record from now on. */
  after = cached_id (fx, LD_IDENTIFIER_ORDER, number);
  g_assert_cmpstr (after, ==, id);
  /* The server was asked by the desk's user: its read is audited. */
  g_assert_cmpint (ld_test_server_query_int (fx->orders.server, reads_sql), ==, reads + 1);
}

/* A patient registered at another desk, their MRN read off a card. */
static void
test_mrn_not_yet_synced (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(LdTestResponse) made =
      ld_test_send_json (fx->orders.server, "POST", "/api/v1/patients", fx->orders.admin,
                         "{\"name\": \"Nikhil Joshi\", \"sex\": \"male\", \"age_years\": 52}");
  const char      *mrn;
  const char      *id;
  g_autofree char *kept = NULL;
  GtkWidget *page;

  ld_test_assert_status (made, 201);
  mrn = ld_test_response_get_string (made, "patient.mrn");
  id = ld_test_response_get_string (made, "patient.id");
  g_assert_null (cached_id (fx, LD_IDENTIFIER_MRN, mrn));

  scan (fx, mrn);
  ld_test_gui_spin_until (patient_page_on_top, fx->desk, "the scanned patient's page");
  page = ld_desk_workspace_get_top (LD_DESK_WORKSPACE (fx->desk));
  g_assert_cmpstr (ld_patient_page_get_patient_id (LD_PATIENT_PAGE (page)), ==, id);
  ld_test_gui_wait_text (page, "Nikhil Joshi");
  kept = cached_id (fx, LD_IDENTIFIER_MRN, mrn);
  g_assert_cmpstr (kept, ==, id);
}

/* A number nobody has: the toast says so, and nothing opens. */
static void
test_unknown_number (Fixture       *fx,
                     gconstpointer  data)
{
  scan (fx, "O2611-999999");
  ld_test_gui_wait_text (GTK_WIDGET (fx->gui->window),
                         "Nothing is numbered O2611-999999, on this computer or on the server.");
  g_assert_null (ld_desk_workspace_get_top (LD_DESK_WORKSPACE (fx->desk)));
  g_assert_null (cached_id (fx, LD_IDENTIFIER_ORDER, "O2611-999999"));
}

/* The server gone: the toast says the number is not here and the server
 * cannot be asked, and nothing opens. */
static void
test_offline (Fixture       *fx,
              gconstpointer  data)
{
  g_autofree char *id = ld_test_create_order_ok (&fx->orders, "\"items\": [\"HB\"]");
  g_autoptr(LdTestResponse) order = ld_test_get_order (&fx->orders, id);
  const char *number = ld_test_response_get_string (order, "order.number");
  LdApiClient *client = ld_session_get_api_client (ld_context_get_session (fx->gui->context));
  g_autofree char *uri = g_strdup (ld_api_client_get_base_uri (client));
  g_autofree char *text = NULL;

  /* Nothing listens on port 9 of loopback: the server is away. */
  ld_api_client_set_base_uri (client, "http://127.0.0.1:9");
  scan (fx, number);
  text = g_strdup_printf ("%s is not in this computer’s data, and the server cannot be asked "
                          "while offline.", number);
  ld_test_gui_wait_text (GTK_WIDGET (fx->gui->window), text);
  g_assert_false (ld_api_client_get_online (client));
  g_assert_null (ld_desk_workspace_get_top (LD_DESK_WORKSPACE (fx->desk)));

  /* Nothing was kept: the cache still does not hold the number. */
  ld_api_client_set_base_uri (client, uri);
  g_assert_null (cached_id (fx, LD_IDENTIFIER_ORDER, number));
}

int
main (int   argc,
      char *argv[])
{
  ld_test_gui_init (&argc, &argv);

  g_test_add ("/gui/scan/order-not-yet-synced", Fixture, NULL, fixture_setup,
              test_order_not_yet_synced, fixture_teardown);
  g_test_add ("/gui/scan/mrn-not-yet-synced", Fixture, NULL, fixture_setup, test_mrn_not_yet_synced,
              fixture_teardown);
  g_test_add ("/gui/scan/unknown-number", Fixture, NULL, fixture_setup, test_unknown_number,
              fixture_teardown);
  g_test_add ("/gui/scan/offline", Fixture, NULL, fixture_setup, test_offline, fixture_teardown);

  return g_test_run ();
}
