/* ld-store-notify.c: hearing other processes' commits to the change feed
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Several server processes on one PostgreSQL each push the feed's newest
 * seq to their own WebSocket listeners (ld-events.c), after their own
 * requests. A change committed by another process must wake them too: a
 * transaction that appends to the feed sends NOTIFY on one channel
 * (ld_store_transaction_commit()), which PostgreSQL delivers at its
 * commit, and each process keeps one connection that LISTENs on it,
 * watched on the server's main context. A notification carries nothing:
 * the listener reads the head itself, so many commits may share one wake.
 *
 * A lost connection is opened again every second; reopened, it wakes the
 * listener once, for the commits it may have missed meanwhile. SQLite has
 * one process, which announces its own commits: no notifier there.
 */

#define G_LOG_DOMAIN "ld-store"

#include "config.h"

#include <glib-unix.h>
#include <libpq-fe.h>

#include "ld-db-pg.h"
#include "ld-store-private.h"

#define RECONNECT_SECONDS 1

struct _LdStoreNotifier
{
  char              *location;
  GMainContext      *context;
  LdStoreNotifyFunc  func;
  gpointer           user_data;
  PGconn            *conn;
  GSource           *watch;
  GSource           *reconnect;
};

static gboolean connect_and_listen (LdStoreNotifier *self);

static void
drop_source (GSource **source)
{
  if (*source == NULL)
    return;

  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
disconnect (LdStoreNotifier *self)
{
  drop_source (&self->watch);
  g_clear_pointer (&self->conn, PQfinish);
}

static gboolean
on_reconnect_cb (gpointer user_data)
{
  LdStoreNotifier *self = user_data;

  if (!connect_and_listen (self))
    return G_SOURCE_CONTINUE;

  g_clear_pointer (&self->reconnect, g_source_unref);
  self->func (self->user_data);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (LdStoreNotifier *self)
{
  if (self->reconnect != NULL)
    return;

  self->reconnect = g_timeout_source_new_seconds (RECONNECT_SECONDS);
  g_source_set_callback (self->reconnect, on_reconnect_cb, self, NULL);
  g_source_attach (self->reconnect, self->context);
}

static gboolean
on_socket_ready_cb (int           fd,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  LdStoreNotifier *self = user_data;
  gboolean heard = FALSE;
  PGnotify *notify;

  if (!PQconsumeInput (self->conn))
    {
      g_warning ("change notifications: the connection was lost: %s",
                 PQerrorMessage (self->conn));
      g_clear_pointer (&self->watch, g_source_unref);
      g_clear_pointer (&self->conn, PQfinish);
      schedule_reconnect (self);
      return G_SOURCE_REMOVE;
    }

  while ((notify = PQnotifies (self->conn)) != NULL)
    {
      heard = TRUE;
      PQfreemem (notify);
    }
  if (heard)
    self->func (self->user_data);
  return G_SOURCE_CONTINUE;
}

/* Blocks for the connection; at start, and once a second while the
 * database is away. */
static gboolean
connect_and_listen (LdStoreNotifier *self)
{
  PGresult *result;
  gboolean listening;

  /* Before the URI, which may set its own: a database host that does not
   * answer holds the main loop for this long at the most. */
  static const char * const keywords[] = { "connect_timeout", "dbname", NULL };
  const char * const values[] = { LD_DB_PG_CONNECT_TIMEOUT_SECONDS, self->location, NULL };

  self->conn = PQconnectdbParams (keywords, values, TRUE);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_debug ("change notifications: connect: %s", PQerrorMessage (self->conn));
      g_clear_pointer (&self->conn, PQfinish);
      return FALSE;
    }

  result = PQexec (self->conn, "LISTEN " LD_STORE_CHANGES_CHANNEL);
  listening = PQresultStatus (result) == PGRES_COMMAND_OK;
  PQclear (result);
  if (!listening)
    {
      g_warning ("change notifications: LISTEN failed: %s", PQerrorMessage (self->conn));
      g_clear_pointer (&self->conn, PQfinish);
      return FALSE;
    }

  self->watch = g_unix_fd_source_new (PQsocket (self->conn), G_IO_IN | G_IO_ERR | G_IO_HUP);
  g_source_set_callback (self->watch, G_SOURCE_FUNC (on_socket_ready_cb), self, NULL);
  g_source_attach (self->watch, self->context);
  return TRUE;
}

/**
 * ld_store_notifier_new:
 * @store: the server's store
 * @func: called on the thread-default main context when another commit
 *   (this process's or another's) may have moved the change feed
 * @user_data: for @func
 *
 * Returns: (transfer full) (nullable): a notifier listening on its own
 *   connection, or %NULL on SQLite, where nothing else writes
 */
LdStoreNotifier *
ld_store_notifier_new (LdStore           *store,
                       LdStoreNotifyFunc  func,
                       gpointer           user_data)
{
  LdStoreNotifier *self;

  g_return_val_if_fail (store != NULL && func != NULL, NULL);

  if (ld_db_get_backend (store->db) != LD_DB_POSTGRESQL)
    return NULL;

  self = g_new0 (LdStoreNotifier, 1);
  self->location = g_strdup (store->location);
  self->context = g_main_context_ref_thread_default ();
  self->func = func;
  self->user_data = user_data;
  /* Serving without it only delays other processes' changes until this
   * process's next request; keep trying. */
  if (!connect_and_listen (self))
    {
      g_warning ("change notifications: cannot listen yet; trying again every second");
      schedule_reconnect (self);
    }
  return self;
}

void
ld_store_notifier_free (LdStoreNotifier *self)
{
  if (self == NULL)
    return;

  drop_source (&self->reconnect);
  disconnect (self);
  g_main_context_unref (self->context);
  g_free (self->location);
  g_free (self);
}
