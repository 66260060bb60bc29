/* ld-client-helper.c: the client's data layer as a process of its own
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For tests that kill the client: test-client-kill runs this, SIGKILLs it
 * in the middle of sending its outbox, and runs it again.
 *
 *   ld-client-helper queue N SERVER_URI CACHE_DIR
 *     signs in as reception, queues N registrations ("Killed 000" …)
 *     without sending them, and exits;
 *   ld-client-helper send SERVER_URI CACHE_DIR
 *     signs in, syncs and sends the outbox; exits once it is empty.
 */

#include "config.h"

#include <stdio.h>

#include "ld-json.h"
#include "ld-cache.h"
#include "ld-cache-outbox.h"
#include "ld-outbox.h"
#include "ld-sync.h"

#define PASSWORD "reception-demo"

typedef struct
{
  GMainLoop    *loop;
  LdApiClient  *api;
  LdCache      *cache;
  LdOutbox     *outbox;
  LdSync       *sync;
  guint         to_queue;
  guint         queued;
  guint         look_source;
  /* Set once the answer is printed: a look still under way then meets a
   * closed cache, which is no failure. */
  gboolean      done;
  int           status;
} Helper;

static void
fail (Helper       *helper,
      const char   *what,
      const GError *error)
{
  g_printerr ("ld-client-helper: %s: %s\n", what, error->message);
  helper->status = 1;
  g_main_loop_quit (helper->loop);
}

static void queue_next (Helper *helper);

static void
on_queued_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Helper *helper = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ld_outbox_submit_finish (LD_OUTBOX (source), result, &error);

  if (answer == NULL)
    {
      fail (helper, "queue", error);
      return;
    }
  helper->queued++;
  queue_next (helper);
}

static void
queue_next (Helper *helper)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) params = NULL;

  if (helper->queued == helper->to_queue)
    {
      g_print ("queued %u\n", helper->queued);
      g_main_loop_quit (helper->loop);
      return;
    }

  text = g_strdup_printf ("{\"name\": \"Killed %03u\", \"sex\": \"male\", \"age_years\": 50}",
                          helper->queued);
  params = ld_json_parse_object (text, -1, NULL);
  ld_outbox_submit_async (helper->outbox, LD_OUTBOX_ACTION_PATIENT_REGISTER, params, NULL,
                          on_queued_cb, helper);
}

static void
on_listed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Helper *helper = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = ld_cache_outbox_list_finish (LD_CACHE (source), result, &error);

  if (helper->done)
    return;
  if (items == NULL)
    fail (helper, "outbox", error);
  else if (items->len == 0 && !ld_outbox_get_sending (helper->outbox))
    {
      g_print ("empty\n");
      helper->done = TRUE;
      g_clear_handle_id (&helper->look_source, g_source_remove);
      g_main_loop_quit (helper->loop);
    }
}

static gboolean
look_cb (gpointer user_data)
{
  Helper *helper = user_data;

  ld_cache_outbox_list_async (helper->cache, FALSE, NULL, on_listed_cb, helper);
  return G_SOURCE_CONTINUE;
}

static void
on_cache_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Helper *helper = user_data;
  g_autoptr(GError) error = NULL;

  helper->cache = ld_cache_open_finish (result, &error);
  if (helper->cache == NULL)
    {
      fail (helper, "cache", error);
      return;
    }

  helper->outbox = ld_outbox_new (helper->api, helper->cache);
  if (helper->to_queue > 0)
    {
      /* An outbox sends what is queued at once when it can: queue with the
       * server out of reach (a closed port), as a desk offline does. */
      ld_api_client_set_base_uri (helper->api, "http://127.0.0.1:1");
      queue_next (helper);
      return;
    }

  helper->sync = ld_sync_new (helper->api, helper->cache, helper->outbox);
  ld_sync_start (helper->sync);
  g_print ("sending\n");
  helper->look_source = g_timeout_add (50, look_cb, helper);
}

static void
on_signed_in_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Helper *helper = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdUser) user = ld_api_client_sign_in_finish (helper->api, result, &error);
  const char *dir = g_object_get_data (G_OBJECT (helper->api), "dir");

  if (user == NULL)
    {
      fail (helper, "sign-in", error);
      return;
    }
  ld_cache_open_async (dir, PASSWORD, TRUE, NULL, on_cache_cb, helper);
}

int
main (int   argc,
      char *argv[])
{
  Helper helper = {
    NULL,
  };
  const char *uri;
  const char *dir;

  if (argc == 5 && g_str_equal (argv[1], "queue"))
    {
      helper.to_queue = g_ascii_strtoull (argv[2], NULL, 10);
      uri = argv[3];
      dir = argv[4];
    }
  else if (argc == 4 && g_str_equal (argv[1], "send"))
    {
      uri = argv[2];
      dir = argv[3];
    }
  else
    {
      g_printerr ("usage: ld-client-helper queue N SERVER_URI CACHE_DIR\n"
                  "       ld-client-helper send SERVER_URI CACHE_DIR\n");
      return 2;
    }

  /* Lines reach the test as they are printed. */
  setvbuf (stdout, NULL, _IOLBF, 0);

  helper.loop = g_main_loop_new (NULL, FALSE);
  helper.api = ld_api_client_new (uri);
  g_object_set_data_full (G_OBJECT (helper.api), "dir", g_strdup (dir), g_free);
  ld_api_client_sign_in_async (helper.api, "reception", PASSWORD, NULL, on_signed_in_cb, &helper);
  g_main_loop_run (helper.loop);

  g_clear_handle_id (&helper.look_source, g_source_remove);
  helper.done = TRUE;
  if (helper.sync != NULL)
    ld_sync_stop (helper.sync);
  g_clear_object (&helper.sync);
  g_clear_object (&helper.outbox);
  if (helper.cache != NULL)
    ld_cache_close (helper.cache);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&helper.cache);
  g_clear_object (&helper.api);
  g_main_loop_unref (helper.loop);
  return helper.status;
}
