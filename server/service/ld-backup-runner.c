/* ld-backup-runner.c: backups taken over HTTP, in the background
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `POST /api/v1/backups` copies the database as `labdesk-server backup`
 * does and checks the copy the same way (ld_store_backup_and_check():
 * SQLite's online backup, or on PostgreSQL a pg_dump archive, with the
 * audit key and the copy's own sealed head beside it), on a GTask thread
 * with its own read-only connection, so the server goes on answering and writing meanwhile. One
 * runs at a time. Its row in `backups` is written on the server's thread:
 * at the start by the request, at the end by the task's callback, which
 * also audits the end and applies the retention setting (backup_keep).
 */

#define G_LOG_DOMAIN "ld-backup-runner"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ld-backup-runner.h"
#include "ld-service.h"

#include "ld-settings.h"
#include "ld-time.h"

/* The files of one copy: ld_store_backup_and_check()'s, those SQLite
 * leaves beside a WAL database opened for the check, and the part of a
 * PostgreSQL dump a server stopped while writing. */
static const char * const copy_suffixes[] = { "", ".audit-key", ".audit-head", "-wal", "-shm",
                                              ".partial" };

typedef struct _Job Job;

struct _LdBackupRunner
{
  LdStore *store;
  char    *db_path;
  char    *key_path;
  char    *head_path;
  char    *backup_dir;
  /* The backup under way, if any; only the server's thread touches it. */
  Job     *running;
};

/* One backup. The worker fills in the outcome, then signals @finished. */
struct _Job
{
  gatomicrefcount  ref_count;
  LdBackupRunner  *runner;
  LdBackup        *backup;
  char            *path;
  char            *db_path;
  char            *key_path;
  char            *head_path;
  char            *user_id;
  char            *username;
  char            *client;
  GMutex           lock;
  GCond            finished_cond;
  gboolean         finished;
};

static Job *
job_ref (Job *job)
{
  g_atomic_ref_count_inc (&job->ref_count);
  return job;
}

static void
job_unref (Job *job)
{
  if (!g_atomic_ref_count_dec (&job->ref_count))
    return;

  ld_backup_free (job->backup);
  g_free (job->path);
  g_free (job->db_path);
  g_free (job->key_path);
  g_free (job->head_path);
  g_free (job->user_id);
  g_free (job->username);
  g_free (job->client);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->finished_cond);
  g_free (job);
}

static void
remove_copy (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (copy_suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, copy_suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT)
        g_warning ("backup: %s could not be removed: %s", file, g_strerror (errno));
    }
}

/* Runs on the worker thread; @job->backup is its own until it signals. */
static void
back_up_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Job *job = task_data;
  LdBackup *backup = job->backup;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = NULL;
  g_autofree char *dir = g_path_get_dirname (job->path);
  g_autofree char *problem = NULL;
  GStatBuf info;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    problem = g_strdup_printf ("The backup directory could not be made: %s.",
                               g_strerror (errno));
  else if ((store = ld_store_open_reader (job->db_path, &error)) == NULL ||
           !ld_store_load_audit_seal (store, job->key_path, job->head_path, FALSE, &error) ||
           !ld_store_backup_and_check (store, job->path, &problem, &error))
    problem = g_strdup (error->message);

  /* Not a warning: a full disk or a wrong folder is the lab's to fix,
   * recorded, audited and shown to the administrator, not a fault of
   * the program. */
  if (problem != NULL)
    g_message ("backup %s failed: %s", job->path, problem);
  if (g_stat (job->path, &info) == 0)
    backup->size_bytes = info.st_size;

  g_mutex_lock (&job->lock);
  g_free (backup->state);
  backup->state = g_strdup (problem == NULL ? "passed" : "failed");
  backup->problem = g_steal_pointer (&problem);
  backup->finished_us = ld_time_now ();
  job->finished = TRUE;
  g_cond_broadcast (&job->finished_cond);
  g_mutex_unlock (&job->lock);

  g_task_return_boolean (task, TRUE);
}

/* The finish is audited as its start was: as the user who started it,
 * from their address. */
static gboolean
audit (LdServiceContext  *ctx,
       Job               *job,
       const char        *action,
       const char        *entity_id,
       const char        *detail,
       GError           **error)
{
  return ld_service_audit_as (ctx, job->user_id, job->username, action, "backup", entity_id,
                              detail, error);
}

typedef struct
{
  Job       *job;
  GPtrArray *expired;
} Finish;

/* The backups beyond the retention setting go with their files, the rows
 * in the transaction that records the one that passed. */
static gboolean
expire_old (LdServiceContext  *ctx,
            Finish            *finish,
            GError           **error)
{
  g_autoptr(GHashTable) stored = ld_store_settings_load (ctx->store, NULL, error);
  g_autoptr(LdSettings) settings = NULL;

  if (stored == NULL)
    return FALSE;
  settings = ld_settings_new_from_table (stored);
  g_clear_pointer (&finish->expired, g_ptr_array_unref);
  finish->expired = ld_store_backups_list_expired (ctx->store, settings->backup_keep, error);
  if (finish->expired == NULL)
    return FALSE;

  for (guint i = 0; i < finish->expired->len; i++)
    {
      LdBackup *old = g_ptr_array_index (finish->expired, i);

      if (!ld_store_backups_delete (ctx->store, old->id, error) ||
          !audit (ctx, finish->job, "backup.remove", old->id, old->file_name, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
finish_backup (LdServiceContext  *ctx,
               gpointer           data,
               GError           **error)
{
  Finish *finish = data;
  LdBackup *backup = finish->job->backup;

  return ld_store_backups_finish (ctx->store, backup, error) &&
         audit (ctx, finish->job, "backup.finish", backup->id, backup->state, error) &&
         (!g_str_equal (backup->state, "passed") || expire_old (ctx, finish, error));
}

static void
record_finish (LdBackupRunner *self,
               Job            *job)
{
  g_autoptr(LdServiceContext) ctx =
               ld_service_context_new (self->store, NULL, NULL, NULL, job->client);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) expired = NULL;
  LdBackup *backup = job->backup;
  Finish finish = { job, NULL };
  gboolean recorded;

  recorded = ld_service_run (ctx, finish_backup, &finish, &error);
  expired = g_steal_pointer (&finish.expired);
  if (!recorded)
    {
      g_warning ("backup %s: its outcome could not be recorded: %s", backup->file_name,
                 error->message);
      return;
    }

  for (guint i = 0; expired != NULL && i < expired->len; i++)
    {
      LdBackup *old = g_ptr_array_index (expired, i);
      g_autofree char *path = g_build_filename (self->backup_dir, old->file_name, NULL);

      remove_copy (path);
    }
}

static void
on_backup_done_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Job *job = user_data;
  LdBackupRunner *self = job->runner;

  /* The runner is gone when the server stopped first. */
  if (self != NULL)
    {
      g_assert (self->running == job);
      self->running = NULL;
      job->runner = NULL;
      record_finish (self, job);
      job_unref (job);
    }
  job_unref (job);
}

/**
 * ld_backup_runner_new:
 * @store: the server's store, used on its thread only
 * @db_path: the database
 * @key_path: (nullable): its audit key, %NULL beside it
 * @head_path: (nullable): its sealed audit head, %NULL beside it
 * @backup_dir: (nullable): where copies go; %NULL: backups not configured
 *
 * A backup left running when the server last stopped is marked failed.
 *
 * Returns: (transfer full): a runner
 */
LdBackupRunner *
ld_backup_runner_new (LdStore    *store,
                      const char *db_path,
                      const char *key_path,
                      const char *head_path,
                      const char *backup_dir)
{
  LdBackupRunner *self = g_new0 (LdBackupRunner, 1);
  g_autoptr(GError) error = NULL;

  self->store = store;
  self->db_path = g_strdup (db_path);
  self->key_path = g_strdup (key_path);
  self->head_path = g_strdup (head_path);
  self->backup_dir = g_strdup (backup_dir);

  if (!ld_store_backups_fail_unfinished (store, ld_time_now (), &error))
    g_warning ("backups left unfinished could not be marked: %s", error->message);
  return self;
}

/* A backup under way is waited for: its thread reads the database and
 * writes into the backup directory, which may be removed once the server
 * is gone. Its outcome is then recorded here, as the main loop would have:
 * a copy made and checked before a SIGTERM was called failed at the next
 * start. (Only a server killed mid-backup leaves its row to be marked
 * failed then.) */
void
ld_backup_runner_free (LdBackupRunner *self)
{
  if (self == NULL)
    return;

  if (self->running != NULL)
    {
      Job *job = g_steal_pointer (&self->running);

      g_mutex_lock (&job->lock);
      while (!job->finished)
        g_cond_wait (&job->finished_cond, &job->lock);
      g_mutex_unlock (&job->lock);
      job->runner = NULL;
      record_finish (self, job);
      job_unref (job);
    }
  g_free (self->db_path);
  g_free (self->key_path);
  g_free (self->head_path);
  g_free (self->backup_dir);
  g_free (self);
}

/**
 * ld_backup_runner_get_dir:
 * @self: a runner
 *
 * Returns: (nullable): the backup directory, %NULL if none is configured
 */
const char *
ld_backup_runner_get_dir (LdBackupRunner *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->backup_dir;
}

/**
 * ld_backup_runner_get_running:
 * @self: a runner
 *
 * Returns: (nullable): the id of the backup under way, if any
 */
const char *
ld_backup_runner_get_running (LdBackupRunner *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->running != NULL ? self->running->backup->id : NULL;
}

/**
 * ld_backup_runner_prepare:
 * @self: a runner with a backup directory
 *
 * Names a new backup by the UTC time, to the millisecond, so that names
 * sort as the backups were taken: `labdesk-…Z.db`, or `.dump` on
 * PostgreSQL.
 *
 * Returns: (transfer full): the backup's row, to be added with
 *   ld_store_backups_add() before ld_backup_runner_start()
 */
LdBackup *
ld_backup_runner_prepare (LdBackupRunner *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  LdBackup *backup;

  g_return_val_if_fail (self != NULL && self->backup_dir != NULL, NULL);

  backup = g_new0 (LdBackup, 1);
  backup->id = g_uuid_string_random ();
  backup->started_us = ld_time_now ();
  backup->size_bytes = -1;
  backup->state = g_strdup ("running");
  now = g_date_time_new_from_unix_utc (backup->started_us / G_USEC_PER_SEC);
  stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  /* A pg_dump archive is no database file, and is not named like one. */
  backup->file_name =
    g_strdup_printf ("labdesk-%s.%03dZ.%s", stamp,
                     (int) (backup->started_us % G_USEC_PER_SEC / 1000),
                     ld_store_location_is_postgresql (self->db_path) ? "dump" : "db");
  return backup;
}

/**
 * ld_backup_runner_start:
 * @self: a runner with nothing running
 * @backup: a backup from ld_backup_runner_prepare(), its row committed
 * @starter: who started it
 *
 * Starts the copy and its check on a worker thread; the row is filled in,
 * on this thread, when they end.
 */
void
ld_backup_runner_start (LdBackupRunner         *self,
                        const LdBackup         *backup,
                        const LdBackupStarter  *starter)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (self != NULL && self->running == NULL && self->backup_dir != NULL);
  g_return_if_fail (backup != NULL && starter != NULL);

  job = g_new0 (Job, 1);
  g_atomic_ref_count_init (&job->ref_count);
  g_mutex_init (&job->lock);
  g_cond_init (&job->finished_cond);
  job->runner = self;
  job->backup = ld_backup_copy (backup);
  job->path = g_build_filename (self->backup_dir, backup->file_name, NULL);
  job->db_path = g_strdup (self->db_path);
  job->key_path = g_strdup (self->key_path);
  job->head_path = g_strdup (self->head_path);
  job->user_id = g_strdup (starter->user_id);
  job->username = g_strdup (starter->username);
  job->client = g_strdup (starter->client);
  self->running = job;

  /* One reference for the runner, one for the callback, one for the thread. */
  job_ref (job);
  task = g_task_new (NULL, NULL, on_backup_done_cb, job_ref (job));
  g_task_set_source_tag (task, ld_backup_runner_start);
  g_task_set_task_data (task, job, (GDestroyNotify) job_unref);
  g_task_run_in_thread (task, back_up_in_thread);
}
