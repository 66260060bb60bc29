/* ld-audit-check.c: the audit chain's check, run in the background for
 * the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `labdesk-server check` walks the whole chain, which takes seconds over
 * millions of events: over HTTP it runs on a GTask thread with its own
 * read-only connection and the server's audit key and head, while the
 * administrator's screen asks how far it has got. One check runs at a
 * time; the latest is kept until the next starts.
 */

#define G_LOG_DOMAIN "ld-audit-check"

#include "config.h"

#include "ld-audit-check.h"

#include "ld-json.h"
#include "ld-time.h"
#include "../store/ld-store.h"

typedef enum
{
  JOB_RUNNING,
  JOB_PASSED,
  JOB_FAILED,
} JobState;

static const char * const job_states[] = { "running", "passed", "failed" };

/* One check. The worker thread writes its outcome under @lock; the
 * server's thread reads it from there. */
typedef struct
{
  gatomicrefcount  ref_count;
  GMutex           lock;
  GCond            finished_cond;
  char            *id;
  char            *db_path;
  char            *key_path;
  char            *head_path;
  GCancellable    *cancellable;
  gint             checked;
  char            *started_at;
  /* Under @lock: */
  JobState         state;
  char            *finished_at;
  LdAuditReport    report;
  char            *error_message;
} Job;

struct _LdAuditCheck
{
  char *db_path;
  char *key_path;
  char *head_path;
  Job  *latest;
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

  g_mutex_clear (&job->lock);
  g_cond_clear (&job->finished_cond);
  g_free (job->id);
  g_free (job->db_path);
  g_free (job->key_path);
  g_free (job->head_path);
  g_clear_object (&job->cancellable);
  g_free (job->started_at);
  g_free (job->finished_at);
  g_free (job->error_message);
  g_free (job);
}

/* The same walk as `labdesk-server check`'s audit part, with the keys the
 * server itself seals with. */
static void
check_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = ld_store_open_reader (job->db_path, &error);
  LdAuditReport report = { LD_AUDIT_VERDICT_OK, 0 };
  gboolean ran;

  ran = store != NULL &&
        ld_store_load_audit_seal (store, job->key_path, job->head_path, FALSE, &error) &&
        ld_store_audit_verify_full (store, &job->checked, cancellable, &report, &error);
  if (!ran)
    g_warning ("the audit check %s could not run: %s", job->id, error->message);

  g_mutex_lock (&job->lock);
  job->report = report;
  if (ran)
    g_atomic_int_set (&job->checked, (gint) MIN (report.n_events, G_MAXINT));
  job->state = ran && report.verdict == LD_AUDIT_VERDICT_OK ? JOB_PASSED : JOB_FAILED;
  if (!ran)
    job->error_message = g_strdup ("The check could not read the database or the audit key.");
  job->finished_at = ld_time_format_rfc3339 (ld_time_now ());
  g_cond_broadcast (&job->finished_cond);
  g_mutex_unlock (&job->lock);

  g_task_return_boolean (task, ran);
}

/**
 * ld_audit_check_new:
 * @db_path: the server's database
 * @key_path: its audit key
 * @head_path: its sealed audit head
 *
 * Returns: (transfer full): a check that has not run yet
 */
LdAuditCheck *
ld_audit_check_new (const char *db_path,
                    const char *key_path,
                    const char *head_path)
{
  LdAuditCheck *self = g_new0 (LdAuditCheck, 1);

  self->db_path = g_strdup (db_path);
  self->key_path = g_strdup (key_path);
  self->head_path = g_strdup (head_path);
  return self;
}

/* A check under way is stopped, and waited for: its thread reads the
 * database, which may be removed once the server is gone. */
void
ld_audit_check_free (LdAuditCheck *self)
{
  if (self == NULL)
    return;

  if (self->latest != NULL)
    {
      Job *job = self->latest;

      g_cancellable_cancel (job->cancellable);
      g_mutex_lock (&job->lock);
      while (job->state == JOB_RUNNING)
        g_cond_wait (&job->finished_cond, &job->lock);
      g_mutex_unlock (&job->lock);
      job_unref (job);
    }
  g_free (self->db_path);
  g_free (self->key_path);
  g_free (self->head_path);
  g_free (self);
}

/**
 * ld_audit_check_is_running:
 * @self: a check
 *
 * Returns: %TRUE if a check is under way, which ld_audit_check_start()
 *   would not start again
 */
gboolean
ld_audit_check_is_running (LdAuditCheck *self)
{
  gboolean running;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->latest == NULL)
    return FALSE;

  g_mutex_lock (&self->latest->lock);
  running = self->latest->state == JOB_RUNNING;
  g_mutex_unlock (&self->latest->lock);
  return running;
}

/**
 * ld_audit_check_start:
 * @self: a check
 *
 * Starts a check unless one is running.
 *
 * Returns: %TRUE if this started one, %FALSE if one was running already
 */
gboolean
ld_audit_check_start (LdAuditCheck *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->latest != NULL)
    {
      gboolean running;

      g_mutex_lock (&self->latest->lock);
      running = self->latest->state == JOB_RUNNING;
      g_mutex_unlock (&self->latest->lock);
      if (running)
        return FALSE;
      g_clear_pointer (&self->latest, job_unref);
    }

  job = g_new0 (Job, 1);
  g_atomic_ref_count_init (&job->ref_count);
  g_mutex_init (&job->lock);
  g_cond_init (&job->finished_cond);
  job->id = g_uuid_string_random ();
  job->db_path = g_strdup (self->db_path);
  job->key_path = g_strdup (self->key_path);
  job->head_path = g_strdup (self->head_path);
  job->cancellable = g_cancellable_new ();
  job->started_at = ld_time_format_rfc3339 (ld_time_now ());
  job->state = JOB_RUNNING;
  self->latest = job;

  task = g_task_new (NULL, job->cancellable, NULL, NULL);
  g_task_set_source_tag (task, ld_audit_check_start);
  g_task_set_task_data (task, job_ref (job), (GDestroyNotify) job_unref);
  g_task_run_in_thread (task, check_in_thread);
  return TRUE;
}

static const char *
verdict_problem (LdAuditVerdict verdict)
{
  switch (verdict)
    {
    case LD_AUDIT_VERDICT_BROKEN_LINK:
      return "broken_link";
    case LD_AUDIT_VERDICT_HASH_MISMATCH:
      return "hash_mismatch";
    case LD_AUDIT_VERDICT_MAC_MISMATCH:
      return "mac_mismatch";
    case LD_AUDIT_VERDICT_TRUNCATED:
      return "truncated";
    case LD_AUDIT_VERDICT_NO_HEAD:
      return "no_head";
    case LD_AUDIT_VERDICT_BAD_HEAD:
      return "bad_head";
    case LD_AUDIT_VERDICT_NO_KEY:
      return "no_key";
    case LD_AUDIT_VERDICT_OK:
    default:
      g_assert_not_reached ();
    }
}

static const char *
verdict_message (LdAuditVerdict verdict)
{
  switch (verdict)
    {
    case LD_AUDIT_VERDICT_BROKEN_LINK:
      return "An event before this one was removed, or one was inserted.";
    case LD_AUDIT_VERDICT_HASH_MISMATCH:
      return "This event was altered.";
    case LD_AUDIT_VERDICT_MAC_MISMATCH:
      return "This event was altered or rewritten without the key.";
    case LD_AUDIT_VERDICT_TRUNCATED:
      return "The newest events were removed: the sealed head names a later event.";
    case LD_AUDIT_VERDICT_NO_HEAD:
      return "The chain has keyed events but its head file is missing.";
    case LD_AUDIT_VERDICT_BAD_HEAD:
      return "The head file was not sealed with this audit key.";
    case LD_AUDIT_VERDICT_NO_KEY:
      return "The audit key is missing, so keyed events cannot be checked.";
    case LD_AUDIT_VERDICT_OK:
    default:
      g_assert_not_reached ();
    }
}

/**
 * ld_audit_check_write_latest:
 * @self: a check
 * @builder: where to write the latest check as a JSON object
 *
 * Returns: %FALSE (and writes nothing) if no check has run
 */
gboolean
ld_audit_check_write_latest (LdAuditCheck *self,
                             JsonBuilder  *builder)
{
  Job *job;

  g_return_val_if_fail (self != NULL && builder != NULL, FALSE);

  job = self->latest;
  if (job == NULL)
    return FALSE;

  g_mutex_lock (&job->lock);
  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "id", job->id);
  ld_json_builder_add_string (builder, "state", job_states[job->state]);
  ld_json_builder_add_int (builder, "events_checked", g_atomic_int_get (&job->checked));
  ld_json_builder_add_string (builder, "started_at", job->started_at);
  ld_json_builder_add_string (builder, "finished_at", job->finished_at);
  json_builder_set_member_name (builder, "broken");
  if (job->state == JOB_FAILED && job->error_message == NULL)
    {
      json_builder_begin_object (builder);
      if (job->report.at_seq > 0)
        ld_json_builder_add_int (builder, "seq", job->report.at_seq);
      else
        {
          json_builder_set_member_name (builder, "seq");
          json_builder_add_null_value (builder);
        }
      ld_json_builder_add_string (builder, "problem", verdict_problem (job->report.verdict));
      ld_json_builder_add_string (builder, "message", verdict_message (job->report.verdict));
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  ld_json_builder_add_string (builder, "error", job->error_message);
  json_builder_end_object (builder);
  g_mutex_unlock (&job->lock);
  return TRUE;
}
