/* ld-cache.c: the client's encrypted local copy of the server's records
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SQLite database per server and user, under the user's data
 * directory (not the cache directory: it holds the outbox, work not yet
 * sent), encrypted page by page (ld-sqlite-crypt.c) under a key sealed
 * with the user's password (ld-cache-key.c).
 *
 * Nothing here touches SQLite on the caller's thread. Writes run in order
 * on the writer's thread, each in one transaction; reads for the lists run
 * on the reader's thread. Every write transaction raises a version, and
 * computes for each list that watches the records it touches where rows
 * left and arrived (counted in the state before and after the change, in
 * the same transaction), so a list applies exact items-changed signals
 * without ever reading itself whole. The batch is told on the caller's
 * main context once committed.
 */

#define G_LOG_DOMAIN "ld-cache"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "ld-cache-private.h"
#include "ld-cache-resources.h"
#include "ld-json.h"
#include "ld-patient-rules.h"
#include "ld-sqlite-crypt.h"
#include "ld-sqlite-migrate.h"

#define MIGRATIONS_PATH "/org/labdesk/Labdesk/cache/migrations"
#define DB_NAME "cache.db"
#define KEY_NAME "cache.key"
/* Past this many records of one write, a list is recounted rather than
 * followed row by row (the first sync writes pages of a thousand). */
#define FOLLOW_LIMIT 64
/* The reader serves searches over a million patients: keep their index
 * pages decrypted in memory. */
#define READER_CACHE_KIB 65536

/* What the worker threads share with the object: never the object
 * itself, so that it is only ever finalized on the caller's thread. */
typedef struct
{
  char         *db_path;
  char         *key_path;
  GMainContext *context;
  GWeakRef      cache;
  /* Writer's thread only: the views lists watch → how many lists do. */
  GHashTable   *views;
} CacheState;

struct _LdCache
{
  GObject        parent_instance;

  CacheState    *state;
  LdCacheWorker *writer;
  LdCacheWorker *reader;
  gint64         last_seq;
  gint64         version;
  gboolean       closed;
};

G_DEFINE_FINAL_TYPE (LdCache, ld_cache, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
state_free (CacheState *state)
{
  g_free (state->db_path);
  g_free (state->key_path);
  g_main_context_unref (state->context);
  g_weak_ref_clear (&state->cache);
  g_clear_pointer (&state->views, g_hash_table_unref);
}

static CacheState *
state_ref (CacheState *state)
{
  return g_atomic_rc_box_acquire (state);
}

static void
state_unref (CacheState *state)
{
  g_atomic_rc_box_release_full (state, (GDestroyNotify) state_free);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CacheState, state_unref)

static void
batch_free (LdCacheBatch *batch)
{
  g_clear_pointer (&batch->ops, g_hash_table_unref);
  g_clear_pointer (&batch->entities, g_hash_table_unref);
  g_free (batch);
}

static void
ld_cache_dispose (GObject *object)
{
  ld_cache_close (LD_CACHE (object));

  G_OBJECT_CLASS (ld_cache_parent_class)->dispose (object);
}

static void
ld_cache_finalize (GObject *object)
{
  LdCache *self = (LdCache *) object;

  g_clear_pointer (&self->state, state_unref);

  G_OBJECT_CLASS (ld_cache_parent_class)->finalize (object);
}

static void
ld_cache_class_init (LdCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ld_cache_dispose;
  object_class->finalize = ld_cache_finalize;

  /**
   * LdCache::changed:
   * @self: the cache
   * @batch: (type gpointer): the #LdCacheBatch of one committed write
   */
  signals [CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
ld_cache_init (LdCache *self)
{
}

/**
 * ld_cache_close:
 * @self: a cache
 *
 * Lets the work already asked for finish, closes both connections and
 * forgets the key. Blocks until then; the cache is of no further use.
 */
void
ld_cache_close (LdCache *self)
{
  g_return_if_fail (LD_IS_CACHE (self));

  if (self->closed)
    return;
  self->closed = TRUE;

  g_clear_pointer (&self->reader, ld_cache_worker_free);
  g_clear_pointer (&self->writer, ld_cache_worker_free);
  if (self->state != NULL)
    ld_sqlite_crypt_forget_key (self->state->db_path);
}

static char *
file_safe (const char *text)
{
  GString *safe = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '.' || *p == '_')
        g_string_append_c (safe, g_ascii_tolower (*p));
      else
        g_string_append_printf (safe, "-%02x", (guchar) *p);
    }
  return g_string_free (safe, FALSE);
}

/**
 * ld_cache_dir_for:
 * @data_dir: (nullable): where caches live; %NULL for the user's data
 *   directory ($XDG_DATA_HOME/labdesk)
 * @server_uri: the server, such as "http://192.168.1.10:8080"
 * @username: the user, as typed (case is ignored)
 *
 * Returns: (transfer full): the directory of that user's cache of that server
 */
char *
ld_cache_dir_for (const char *data_dir,
                  const char *server_uri,
                  const char *username)
{
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;
  g_autofree char *lower = NULL;

  g_return_val_if_fail (server_uri != NULL, NULL);
  g_return_val_if_fail (username != NULL, NULL);

  server = file_safe (server_uri);
  lower = g_utf8_strdown (username, -1);
  user = file_safe (lower);

  if (data_dir == NULL)
    return g_build_filename (g_get_user_data_dir (), "labdesk", server, user, NULL);
  return g_build_filename (data_dir, server, user, NULL);
}

/**
 * ld_cache_exists:
 * @dir: a cache's directory
 *
 * Returns: whether a cache was made there (so an offline sign-in can work)
 */
gboolean
ld_cache_exists (const char *dir)
{
  g_autofree char *key = g_build_filename (dir, KEY_NAME, NULL);

  return g_file_test (key, G_FILE_TEST_EXISTS);
}

static gboolean
migrate (LdSqlite  *db,
         GError   **error)
{
  g_autoptr(GError) local = NULL;
  gint64 current = 0;

  /* Named, so a static link keeps the resource (and its registration). */
  (void) ld_cache_get_resource ();
  if (ld_sqlite_migrate (db, MIGRATIONS_PATH, &local))
    return TRUE;

  /* The desk reads this one: say it in the user's language. */
  if (g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_TOO_NEW) &&
      ld_sqlite_get_user_version (db, &current, NULL))
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_TOO_NEW,
                   /* Translators: two schema numbers, such as 7 and 5. */
                   _("The local data was made by a newer Labdesk (schema %d, this one knows %d)."),
                      (int) current, (int) ld_sqlite_migrations_latest (MIGRATIONS_PATH));
      return FALSE;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

/* How many keys one statement makes: a cache of 100,000 patients re-keys
 * in a few hundred short steps. */
#define PHONE_KEYS_BATCH 500

/* Makes the phone keys a migration cleared (0009-phone-keys.sql), with the
 * rule the server uses, so that every number is found as it is typed.
 * Each batch starts after the last row the one before read: a patient
 * with no phone keeps a NULL key, and starting again from the first NULL
 * key read every such patient once a batch, a time growing with the
 * square of the cache where many patients have no phone. */
static gboolean
fill_phone_keys (LdSqlite  *db,
                 GError   **error)
{
  static const char select_sql[] =
    "SELECT rowid, id, json_extract (record, '$.phone') FROM patients"
    " WHERE rowid > ?2 AND phone_national IS NULL"
    " AND json_extract (record, '$.phone') IS NOT NULL ORDER BY rowid LIMIT ?1";
  static const char update_sql[] = "UPDATE patients SET phone_national = ?2 WHERE id = ?1";
  gint64 after_rowid = G_MININT64;

  for (;;)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
      g_auto(LdSqliteTransaction) txn = { 0 };
      LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, select_sql, error);
      LdSqliteStep step;

      if (stmt == NULL)
        return FALSE;
      ld_sqlite_bind_int64 (stmt, 1, PHONE_KEYS_BATCH);
      ld_sqlite_bind_int64 (stmt, 2, after_rowid);
      while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
        {
          after_rowid = ld_sqlite_column_int64 (stmt, 0);
          g_ptr_array_add (rows, ld_sqlite_column_dup_text (stmt, 1));
          g_ptr_array_add (rows, ld_patient_phone_national (ld_sqlite_column_text (stmt, 2)));
        }
      if (step == LD_SQLITE_ERROR)
        return FALSE;
      if (rows->len == 0)
        return TRUE;

      if (!ld_sqlite_transaction_begin (&txn, db, error))
        return FALSE;
      for (guint i = 0; i < rows->len; i += 2)
        {
          /* A number with no digits keys as "": not NULL, so not again. */
          const char *national = g_ptr_array_index (rows, i + 1);

          stmt = ld_sqlite_prepare_cached (db, update_sql, error);
          if (stmt == NULL)
            return FALSE;
          ld_sqlite_bind_text (stmt, 1, g_ptr_array_index (rows, i));
          ld_sqlite_bind_text (stmt, 2, national != NULL ? national : "");
          if (!ld_sqlite_step_done (stmt, error))
            return FALSE;
        }
      if (!ld_sqlite_transaction_commit (&txn, error))
        return FALSE;
    }
}

/**
 * ld_cache_read_position:
 * @db: a worker's connection
 * @out: (out caller-allocates): where the cache stands
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_cache_read_position (LdSqlite         *db,
                        LdCachePosition  *out,
                        GError          **error)
{
  LdSqliteStmt *stmt =
    ld_sqlite_prepare_cached (db, "SELECT last_seq, version FROM sync_state", error);

  if (stmt == NULL || ld_sqlite_step (stmt, error) != LD_SQLITE_ROW)
    return FALSE;
  out->last_seq = ld_sqlite_column_int64 (stmt, 0);
  out->version = ld_sqlite_column_int64 (stmt, 1);
  return ld_sqlite_step_done (stmt, error);
}

typedef struct
{
  CacheState *state;
  char       *password;
  /* The user's escrow secret, from an online sign-in, or NULL. */
  GBytes     *escrow;
  gboolean    create;
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  state_unref (job->state);
  if (job->password != NULL)
    sodium_memzero (job->password, strlen (job->password));
  g_free (job->password);
  g_clear_pointer (&job->escrow, g_bytes_unref);
  g_free (job);
}

static gboolean
unlock_or_create (OpenJob  *job,
                  GError  **error)
{
  guint8 *key = sodium_malloc (LD_SQLITE_CRYPT_KEY_BYTES);
  g_autoptr(GError) local = NULL;
  gboolean ok;

  ok = ld_cache_key_file_unlock_escrowed (job->state->key_path, job->password, job->escrow, key,
                                          &local);
  if (!ok && job->create && g_error_matches (local, LD_CACHE_ERROR, LD_CACHE_ERROR_NO_CACHE))
    {
      /* A database left without its key cannot be read by anyone. */
      g_unlink (job->state->db_path);
      g_clear_error (&local);
      ok = ld_cache_key_file_create_escrowed (job->state->key_path, job->password, job->escrow,
                                              key, &local);
    }

  if (ok && ld_sqlite_crypt_register (&local))
    ld_sqlite_crypt_set_key (job->state->db_path, key);
  sodium_free (key);

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static gboolean
open_connection (LdSqlite          **db,
                 const char         *path,
                 LdSqliteOpenFlags   flags,
                 GError            **error)
{
  *db =
    ld_sqlite_open_full (path, flags, LD_SQLITE_CRYPT_VFS, LD_SQLITE_CRYPT_RESERVE_BYTES, error);
  /* Temporary files would be written in the clear; the VFS refuses them. */
  return *db != NULL && ld_sqlite_exec (*db, "PRAGMA temp_store = MEMORY", error);
}

static gpointer
open_writer_job (LdSqlite **db,
                 gpointer   data,
                 GError   **error)
{
  OpenJob *job = data;
  g_autofree char *dir = g_path_get_dirname (job->state->db_path);
  LdCachePosition *position = g_new0 (LdCachePosition, 1);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                           _("The folder for the local data could not be made."));
      g_free (position);
      return NULL;
    }

  if (!unlock_or_create (job, error) ||
      !open_connection (db, job->state->db_path, LD_SQLITE_OPEN_DEFAULT, error) ||
      !migrate (*db, error) ||
      !fill_phone_keys (*db, error) ||
      !ld_cache_read_position (*db, position, error))
    {
      g_clear_pointer (db, ld_sqlite_close);
      g_free (position);
      return NULL;
    }
  return position;
}

static gpointer
open_reader_job (LdSqlite **db,
                 gpointer   data,
                 GError   **error)
{
  CacheState *state = data;
  g_autofree char *cache_size = g_strdup_printf ("PRAGMA cache_size = -%d", READER_CACHE_KIB);

  if (!open_connection (db, state->db_path, LD_SQLITE_OPEN_READONLY, error) ||
      !ld_sqlite_exec (*db, cache_size, error))
    {
      g_clear_pointer (db, ld_sqlite_close);
      return NULL;
    }
  return GINT_TO_POINTER (TRUE);
}

static void
on_reader_open_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (ld_cache_worker_run_finish (result, &error) == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_object_ref (g_task_get_task_data (task)), g_object_unref);
}

static void
on_writer_open_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LdCache *self = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree LdCachePosition *position = ld_cache_worker_run_finish (result, &error);
  GCancellable *cancellable;

  if (position == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->last_seq = position->last_seq;
  self->version = position->version;
  self->reader = ld_cache_worker_new ("ld-cache-reader");
  cancellable = g_task_get_cancellable (task);
  ld_cache_worker_run_async (self->reader, NULL, ld_cache_open_async, open_reader_job,
                             state_ref (self->state), (GDestroyNotify) state_unref, NULL,
                             cancellable, on_reader_open_cb, g_steal_pointer (&task));
}

/**
 * ld_cache_open_async:
 * @dir: the cache's directory (see ld_cache_dir_for())
 * @password: the user's password, which opens the cache's key
 * @create: whether to make a new cache when there is none (after the
 *   server accepted this password); %FALSE for an offline sign-in
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Opens (or makes) the encrypted cache: Argon2id over the password, the
 * key, the database and its migrations, all on the cache's own threads.
 * Opening proves the password, so it is also the offline sign-in.
 */
void
ld_cache_open_async (const char          *dir,
                     const char          *password,
                     gboolean             create,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  ld_cache_open_escrowed_async (dir, password, NULL, create, cancellable, callback, user_data);
}

/**
 * ld_cache_open_escrowed_async:
 * @dir: the cache's directory (see ld_cache_dir_for())
 * @password: the password the server has just accepted
 * @escrow: (nullable): the user's escrow secret from that sign-in (the
 *   answer's "cache_secret", 32 bytes)
 * @create: whether to make a new cache when there is none
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * As ld_cache_open_async(), for an online sign-in: when @password does
 * not open the key (an administrator reset it), @escrow does, and the
 * key is sealed again under @password; the key is sealed under @escrow
 * too, for the next reset.
 */
void
ld_cache_open_escrowed_async (const char          *dir,
                              const char          *password,
                              GBytes              *escrow,
                              gboolean             create,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  LdCache *self;
  OpenJob *job;
  GTask *task;

  g_return_if_fail (dir != NULL);
  g_return_if_fail (password != NULL);

  if (sodium_init () < 0)
    g_error ("libsodium cannot start");

  self = g_object_new (LD_TYPE_CACHE, NULL);
  self->state = g_atomic_rc_box_new0 (CacheState);
  self->state->db_path = g_build_filename (dir, DB_NAME, NULL);
  self->state->key_path = g_build_filename (dir, KEY_NAME, NULL);
  self->state->context = g_main_context_ref_thread_default ();
  self->state->views =
    g_hash_table_new_full (NULL, NULL, (GDestroyNotify) ld_cache_view_unref, NULL);
  g_weak_ref_init (&self->state->cache, self);
  self->writer = ld_cache_worker_new ("ld-cache-writer");

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_cache_open_escrowed_async);
  g_task_set_task_data (task, self, g_object_unref);

  job = g_new0 (OpenJob, 1);
  job->state = state_ref (self->state);
  job->password = g_strdup (password);
  job->escrow = escrow ? g_bytes_ref (escrow) : NULL;
  job->create = create;
  ld_cache_worker_run_async (self->writer, NULL, ld_cache_open_async, open_writer_job, job,
                             (GDestroyNotify) open_job_free, g_free, cancellable,
                             on_writer_open_cb, task);
}

/**
 * ld_cache_open_finish:
 * @result: the result
 * @error: return location for an %LD_CACHE_ERROR (a wrong password, no
 *   cache for an offline sign-in) or %LD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): the open cache
 */
LdCache *
ld_cache_open_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
ld_cache_get_path (LdCache *self)
{
  g_return_val_if_fail (LD_IS_CACHE (self), NULL);

  return self->state->db_path;
}

/**
 * ld_cache_get_last_seq:
 * @self: a cache
 *
 * Returns: the last change of the feed applied, as of the last batch told
 */
gint64
ld_cache_get_last_seq (LdCache *self)
{
  g_return_val_if_fail (LD_IS_CACHE (self), 0);

  return self->last_seq;
}

gint64
ld_cache_get_version (LdCache *self)
{
  g_return_val_if_fail (LD_IS_CACHE (self), 0);

  return self->version;
}

/* Jobs: the caller's task completes on the caller's context with what the
 * worker's job returned. */
static void
on_job_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gpointer value = ld_cache_worker_run_finish (result, &error);

  if (value == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, value, g_task_get_task_data (task));
}

static void
run_job (LdCache             *self,
         LdCacheWorker       *worker,
         gpointer             source_tag,
         LdCacheJobFunc       func,
         gpointer             data,
         GDestroyNotify       data_free,
         GDestroyNotify       result_free,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  /* Not data: how to free a result nobody took. */
  g_task_set_task_data (task, result_free, NULL);

  if (self->closed)
    {
      if (data_free != NULL)
        data_free (data);
      g_task_return_new_error (task, LD_CACHE_ERROR, LD_CACHE_ERROR_CLOSED,
                               _("The local data is closed."));
      g_object_unref (task);
      return;
    }

  ld_cache_worker_run_async (worker, NULL, source_tag, func, data, data_free, result_free,
                             cancellable, on_job_done_cb, task);
}

void
ld_cache_read_async (LdCache             *self,
                     gpointer             source_tag,
                     LdCacheJobFunc       func,
                     gpointer             data,
                     GDestroyNotify       data_free,
                     GDestroyNotify       result_free,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  run_job (self, self->reader, source_tag, func, data, data_free, result_free, cancellable,
           callback, user_data);
}

/**
 * ld_cache_wait_reads:
 * @self: a cache
 * @end_time: the latest time to return at, on the monotonic clock
 *
 * Blocks until the reads asked for so far have been done and their
 * answers queued on the main context (at the default priority, so they
 * are called back before a redraw's lower priority), or until @end_time.
 *
 * Returns: whether every read had been done
 */
gboolean
ld_cache_wait_reads (LdCache *self,
                     gint64   end_time)
{
  g_return_val_if_fail (LD_IS_CACHE (self), TRUE);

  return self->reader == NULL || ld_cache_worker_wait_idle (self->reader, end_time);
}

gpointer
ld_cache_read_finish (LdCache       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ld_cache_touch (GPtrArray  *touched,
                const char *entity,
                const char *id)
{
  LdCacheTouched *record = g_new0 (LdCacheTouched, 1);

  record->entity = g_strdup (entity);
  record->id = g_strdup (id);
  g_ptr_array_add (touched, record);
}

static void
touched_free (LdCacheTouched *record)
{
  g_free (record->entity);
  g_free (record->id);
  g_free (record);
}

typedef struct
{
  CacheState              *state;
  const LdCacheWriteClass *klass;
  GPtrArray               *touched;
  gpointer                 data;
  GDestroyNotify           data_free;
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  state_unref (job->state);
  g_ptr_array_unref (job->touched);
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_free (job);
}

/* Where one record of a watched view was, or is. */
typedef struct
{
  char           *id;
  gboolean        found;
  LdCacheViewKey  key;
  gint64          position;
} Place;

static void
place_clear (Place *place)
{
  g_free (place->id);
  ld_cache_view_key_clear (&place->key);
}

/* What one view must learn from this write: where each touched record
 * was before it, or that it is recounted. */
typedef struct
{
  LdCacheView *view;
  GArray      *before;
  gboolean     recount;
} Watch;

static void
watch_free (Watch *watch)
{
  g_clear_pointer (&watch->before, g_array_unref);
  g_free (watch);
}

static gboolean
find_places (LdSqlite      *db,
             LdCacheView   *view,
             GPtrArray     *ids,
             GArray        *places,
             GError       **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      Place place = {
        g_strdup (g_ptr_array_index (ids, i)),
      };

      g_array_append_val (places, place);
      if (!ld_cache_view_locate (view, db, place.id, &g_array_index (places, Place, i).key,
                                 &g_array_index (places, Place, i).found, error))
        return FALSE;
      if (g_array_index (places, Place, i).found &&
          !ld_cache_view_count (view, db, &g_array_index (places, Place, i).key,
                                &g_array_index (places, Place, i).position, error))
        return FALSE;
    }
  return TRUE;
}

/* The distinct ids of @entity among the touched records. */
static GPtrArray *
ids_of (GPtrArray  *touched,
        const char *entity)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *ids = g_ptr_array_new ();

  for (guint i = 0; i < touched->len; i++)
    {
      LdCacheTouched *record = g_ptr_array_index (touched, i);

      if (g_str_equal (record->entity, entity) && g_hash_table_add (seen, record->id))
        g_ptr_array_add (ids, record->id);
    }
  return ids;
}

static GPtrArray *
watch_before (CacheState  *state,
              LdSqlite    *db,
              WriteJob    *job,
              GError     **error)
{
  GPtrArray *watches = g_ptr_array_new_with_free_func ((GDestroyNotify) watch_free);
  GHashTableIter iter;
  gpointer view;

  g_hash_table_iter_init (&iter, state->views);
  while (g_hash_table_iter_next (&iter, &view, NULL))
    {
      g_autoptr(GPtrArray) ids = ids_of (job->touched, ld_cache_view_get_entity (view));
      gboolean wide = FALSE;
      Watch *watch;

      for (guint i = 0; i < job->touched->len && !wide; i++)
        wide =
          ld_cache_view_recounts_for (view, ((LdCacheTouched *) g_ptr_array_index (job->touched, i))
                                              ->entity);
      if (ids->len == 0 && !job->klass->touches_all && !wide)
        continue;

      watch = g_new0 (Watch, 1);
      watch->view = view;
      watch->before = g_array_new (FALSE, TRUE, sizeof (Place));
      g_array_set_clear_func (watch->before, (GDestroyNotify) place_clear);
      watch->recount = job->klass->touches_all || wide || ids->len > FOLLOW_LIMIT;
      g_ptr_array_add (watches, watch);

      if (!watch->recount && !find_places (db, view, ids, watch->before, error))
        {
          g_ptr_array_unref (watches);
          return NULL;
        }
    }
  return watches;
}

static int
compare_positions_down (gconstpointer a,
                        gconstpointer b)
{
  gint64 pa = (*(Place * const *) a)->position;
  gint64 pb = (*(Place * const *) b)->position;

  return pa < pb ? 1 : pa > pb ? -1 : 0;
}

static int
compare_positions_up (gconstpointer a,
                      gconstpointer b)
{
  return -compare_positions_down (a, b);
}

static gboolean
same_key (const LdCacheViewKey *a,
          const LdCacheViewKey *b)
{
  return a->n1 == b->n1 && a->n2 == b->n2 && g_strcmp0 (a->text, b->text) == 0 &&
         g_strcmp0 (a->id, b->id) == 0;
}

static void
add_op (GArray *ops,
        gint64  position,
        guint   removed,
        guint   added)
{
  LdCacheOp op = { position, removed, added };

  g_array_append_val (ops, op);
}

/* Removals first, from the bottom up, at their places before the write;
 * then arrivals from the top down, at their places after it: each op is
 * then exact for the list as the ops before it left it. A record that
 * stayed where it was is one "changed in place". */
static GArray *
watch_after (LdSqlite  *db,
             Watch     *watch,
             GError   **error)
{
  g_autoptr(GArray) ops = g_array_new (FALSE, FALSE, sizeof (LdCacheOp));
  g_autoptr(GArray) after = g_array_new (FALSE, TRUE, sizeof (Place));
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  g_autoptr(GPtrArray) come = g_ptr_array_new ();
  g_autoptr(GPtrArray) stay = g_ptr_array_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  g_array_set_clear_func (after, (GDestroyNotify) place_clear);

  if (watch->recount)
    {
      gint64 count;

      if (!ld_cache_view_count (watch->view, db, NULL, &count, error))
        return NULL;
      add_op (ops, 0, G_MAXUINT, count);
      return g_steal_pointer (&ops);
    }

  for (guint i = 0; i < watch->before->len; i++)
    g_ptr_array_add (ids, g_array_index (watch->before, Place, i).id);
  if (!find_places (db, watch->view, ids, after, error))
    return NULL;

  for (guint i = 0; i < watch->before->len; i++)
    {
      Place *was = &g_array_index (watch->before, Place, i);
      Place *is = &g_array_index (after, Place, i);

      if (was->found && is->found && same_key (&was->key, &is->key))
        g_ptr_array_add (stay, is);
      else
        {
          if (was->found)
            g_ptr_array_add (gone, was);
          if (is->found)
            g_ptr_array_add (come, is);
        }
    }

  g_ptr_array_sort (gone, compare_positions_down);
  g_ptr_array_sort (come, compare_positions_up);
  for (guint i = 0; i < gone->len; i++)
    add_op (ops, ((Place *) g_ptr_array_index (gone, i))->position, 1, 0);
  for (guint i = 0; i < come->len; i++)
    add_op (ops, ((Place *) g_ptr_array_index (come, i))->position, 0, 1);
  for (guint i = 0; i < stay->len; i++)
    add_op (ops, ((Place *) g_ptr_array_index (stay, i))->position, 1, 1);

  return g_steal_pointer (&ops);
}

typedef struct
{
  CacheState   *state;
  LdCacheBatch *batch;
} Telling;

static void
telling_free (Telling *telling)
{
  state_unref (telling->state);
  g_clear_pointer (&telling->batch, batch_free);
  g_free (telling);
}

static gboolean
tell_batch_cb (gpointer user_data)
{
  Telling *telling = user_data;
  g_autoptr(LdCache) self = g_weak_ref_get (&telling->state->cache);

  if (self != NULL)
    {
      self->last_seq = telling->batch->last_seq;
      self->version = telling->batch->version;
      g_signal_emit (self, signals [CHANGED], 0, telling->batch);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
bump_version (LdSqlite  *db,
              LdCachePosition  *out,
              GError   **error)
{
  LdSqliteStmt *stmt =
    ld_sqlite_prepare_cached (db, "UPDATE sync_state SET version = version + 1", error);

  return stmt != NULL && ld_sqlite_step_done (stmt, error) &&
         ld_cache_read_position (db, out, error);
}

typedef struct
{
  gpointer        result;
  GDestroyNotify  result_free;
} WriteResult;

static void
write_result_free (WriteResult *result)
{
  if (result->result != NULL && result->result_free != NULL)
    result->result_free (result->result);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WriteResult, write_result_free)

static gpointer
write_job (LdSqlite **db,
           gpointer   data,
           GError   **error)
{
  WriteJob *job = data;
  g_auto(LdSqliteTransaction) txn = { NULL };
  g_autoptr(GPtrArray) watches = NULL;
  g_autoptr(WriteResult) result = g_new0 (WriteResult, 1);
  LdCacheBatch *batch;
  LdCachePosition position;

  result->result_free = job->klass->result_free;

  if (job->klass->prepare != NULL && !job->klass->prepare (job->data, job->touched, error))
    return NULL;

  if (!ld_sqlite_transaction_begin (&txn, *db, error) ||
      (watches = watch_before (job->state, *db, job, error)) == NULL ||
      !job->klass->apply (*db, job->data, &result->result, error) ||
      !bump_version (*db, &position, error))
    return NULL;

  batch = g_new0 (LdCacheBatch, 1);
  batch->version = position.version;
  batch->last_seq = position.last_seq;
  batch->ops = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) ld_cache_view_unref,
                                      (GDestroyNotify) g_array_unref);
  if (!job->klass->touches_all)
    {
      batch->entities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < job->touched->len; i++)
        g_hash_table_add (batch->entities,
                          g_strdup (
                            ((LdCacheTouched *) g_ptr_array_index (job->touched, i))->entity));
    }
  for (guint i = 0; i < watches->len; i++)
    {
      Watch *watch = g_ptr_array_index (watches, i);
      GArray *ops = watch_after (*db, watch, error);

      if (ops == NULL)
        {
          batch_free (batch);
          return NULL;
        }
      g_hash_table_insert (batch->ops, ld_cache_view_ref (watch->view), ops);
    }

  if (!ld_sqlite_transaction_commit (&txn, error))
    {
      batch_free (batch);
      return NULL;
    }

  {
    Telling *telling = g_new0 (Telling, 1);
    g_autoptr(GSource) source = g_idle_source_new ();

    telling->state = state_ref (job->state);
    telling->batch = batch;
    /* A source, not g_main_context_invoke(): that runs the callback right
     * here, on this thread, whenever the UI thread does not own its
     * context at the moment (between two iterations, or blocked), and the
     * lists' signals would reach widgets off the UI thread. */
    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, tell_batch_cb, telling, (GDestroyNotify) telling_free);
    g_source_set_static_name (source, "[ld-cache] tell batch");
    g_source_attach (source, job->state->context);
  }
  return g_steal_pointer (&result);
}

/**
 * ld_cache_batch_touches:
 * @batch: the batch an #LdCache::changed handler was given
 * @entity: a kind of record, as the change feed names it
 *
 * Returns: %TRUE if the write @batch tells of may have changed a record
 *   of @entity: it wrote one, or it changed every kind at once
 */
gboolean
ld_cache_batch_touches (const LdCacheBatch *batch,
                        const char         *entity)
{
  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (entity != NULL, FALSE);

  return batch->entities == NULL || g_hash_table_contains (batch->entities, entity);
}

/**
 * ld_cache_write_async:
 * @self: a cache
 * @klass: what the write does
 * @touched: (nullable) (transfer full) (element-type LdCacheTouched): the
 *   records it changes, if known before @klass->prepare runs
 * @data: (transfer full): for @klass's functions
 * @data_free: (nullable): frees @data
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Runs one write transaction on the writer's thread, after every write
 * asked for before it.
 */
void
ld_cache_write_async (LdCache                 *self,
                      const LdCacheWriteClass *klass,
                      GPtrArray               *touched,
                      gpointer                 data,
                      GDestroyNotify           data_free,
                      GCancellable            *cancellable,
                      GAsyncReadyCallback      callback,
                      gpointer                 user_data)
{
  WriteJob *job = g_new0 (WriteJob, 1);

  job->state = state_ref (self->state);
  job->klass = klass;
  job->touched = touched ? touched : g_ptr_array_new ();
  g_ptr_array_set_free_func (job->touched, (GDestroyNotify) touched_free);
  job->data = data;
  job->data_free = data_free;

  run_job (self, self->writer, klass->source_tag, write_job, job, (GDestroyNotify) write_job_free,
           (GDestroyNotify) write_result_free, cancellable, callback, user_data);
}

/**
 * ld_cache_write_finish:
 * @self: a cache
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): what @klass->apply gave, or
 *   GINT_TO_POINTER (TRUE) when it gave nothing; %NULL on error
 */
gpointer
ld_cache_write_finish (LdCache       *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  WriteResult *written;
  gpointer value;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  written = g_task_propagate_pointer (G_TASK (result), error);
  if (written == NULL)
    return NULL;
  value = written->result ? g_steal_pointer (&written->result) : GINT_TO_POINTER (TRUE);
  write_result_free (written);
  return value;
}

/* Lists. */

typedef struct
{
  CacheState  *state;
  LdCacheView *view;
  gboolean     watch;
} WatchJob;

static void
watch_job_free (WatchJob *job)
{
  state_unref (job->state);
  ld_cache_view_unref (job->view);
  g_free (job);
}

/* On the writer's thread, so the count and the version belong to the same
 * state as every batch that follows. */
static gpointer
watch_job (LdSqlite **db,
           gpointer   data,
           GError   **error)
{
  WatchJob *job = data;
  LdCachePosition position;
  gint64 *answer;

  if (!job->watch)
    {
      guint watchers = GPOINTER_TO_UINT (g_hash_table_lookup (job->state->views, job->view));

      /* Two lists may show one view. */
      if (watchers > 1)
        g_hash_table_insert (job->state->views, ld_cache_view_ref (job->view),
                             GUINT_TO_POINTER (watchers - 1));
      else
        g_hash_table_remove (job->state->views, job->view);
      return GINT_TO_POINTER (TRUE);
    }

  answer = g_new0 (gint64, 2);
  if (!ld_cache_read_position (*db, &position, error) ||
      !ld_cache_view_count (job->view, *db, NULL, &answer[0], error))
    {
      g_free (answer);
      return NULL;
    }
  answer[1] = position.version;
  g_hash_table_insert (job->state->views, ld_cache_view_ref (job->view),
                       GUINT_TO_POINTER (
                         GPOINTER_TO_UINT (g_hash_table_lookup (job->state->views, job->view)) +
                         1));
  return answer;
}

/**
 * ld_cache_watch_async:
 * @self: a cache
 * @view: a view to follow
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * From the state this answers for, every #LdCache::changed batch carries
 * @view's changes. Undo with ld_cache_unwatch().
 */
void
ld_cache_watch_async (LdCache             *self,
                      LdCacheView         *view,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  WatchJob *job = g_new0 (WatchJob, 1);

  g_return_if_fail (LD_IS_CACHE (self));

  job->state = state_ref (self->state);
  job->view = ld_cache_view_ref (view);
  job->watch = TRUE;
  run_job (self, self->writer, ld_cache_watch_async, watch_job, job,
           (GDestroyNotify) watch_job_free, g_free, cancellable, callback, user_data);
}

gboolean
ld_cache_watch_finish (LdCache       *self,
                       GAsyncResult  *result,
                       gint64        *out_count,
                       gint64        *out_version,
                       GError       **error)
{
  g_autofree gint64 *answer = ld_cache_read_finish (self, result, error);

  if (answer == NULL)
    return FALSE;
  *out_count = answer[0];
  *out_version = answer[1];
  return TRUE;
}

void
ld_cache_unwatch (LdCache     *self,
                  LdCacheView *view)
{
  WatchJob *job;

  g_return_if_fail (LD_IS_CACHE (self));

  if (self->closed)
    return;

  job = g_new0 (WatchJob, 1);
  job->state = state_ref (self->state);
  job->view = ld_cache_view_ref (view);
  ld_cache_worker_run_async (self->writer, NULL, ld_cache_unwatch, watch_job, job,
                             (GDestroyNotify) watch_job_free, NULL, NULL, NULL, NULL);
}
