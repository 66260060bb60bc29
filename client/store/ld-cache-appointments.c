/* ld-cache-appointments.c: a day's appointments, from the cache
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The feed brings every move of an appointment (entity "appointment");
 * ld-cache-apply.c files each under its day and doctor (migration 0010).
 * Here a day is read back on the reader's thread, one doctor's or every
 * doctor's, as an index range, and put in the queue's order by the
 * shared rule (shared/domain/ld-appointment-queue.c), the one the
 * server's queue uses. A clinic's day is at most a few thousand
 * appointments, so it is read whole rather than paged: the desk's and the
 * doctor's screens read it again on each batch that touches an
 * appointment (ld_cache_batch_has_appointments()), and work offline.
 */

#define G_LOG_DOMAIN "ld-cache-appointments"

#include "config.h"

#include "ld-appointment-queue.h"
#include "ld-cache-appointments.h"
#include "ld-cache-private.h"
#include "ld-json.h"

typedef struct
{
  char *day;
  char *doctor_id;
} DayQuery;

static void
day_query_free (DayQuery *query)
{
  g_free (query->day);
  g_free (query->doctor_id);
  g_free (query);
}

static const char one_doctor_sql[] =
  "SELECT record FROM appointments WHERE day = ?1 AND doctor_id = ?2";
static const char every_doctor_sql[] = "SELECT record FROM appointments WHERE day = ?1";

static gpointer
day_job (LdSqlite **db,
         gpointer   data,
         GError   **error)
{
  DayQuery *query = data;
  g_autoptr(GPtrArray) appointments =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_appointment_free);
  LdSqliteStmt *stmt =
    ld_sqlite_prepare_cached (*db, query->doctor_id ? one_doctor_sql : every_doctor_sql, error);
  LdSqliteStep step;

  if (stmt == NULL)
    return NULL;
  ld_sqlite_bind_text (stmt, 1, query->day);
  if (query->doctor_id != NULL)
    ld_sqlite_bind_text (stmt, 2, query->doctor_id);
  while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
    {
      g_autofree char *text = ld_sqlite_column_dup_text (stmt, 0);
      g_autoptr(JsonNode) node = text ? ld_json_parse (text, -1, NULL) : NULL;

      /* The writer stored it from an object: anything else is a damaged
       * file, skipped rather than hiding the whole day. */
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (appointments, ld_appointment_read_object (json_node_get_object (node)));
    }
  if (step == LD_SQLITE_ERROR)
    return NULL;
  ld_appointment_queue_order (appointments);
  return g_steal_pointer (&appointments);
}

/**
 * ld_cache_appointments_day_async:
 * @self: a cache
 * @day: a local date, "2026-12-01"
 * @doctor_id: (nullable): one doctor, or %NULL for every doctor
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Reads the live appointments of @day (cancelled ones and no-shows left
 * out) from the cache, on its reader's thread, in queue order:
 * appointments at their slot's time, walk-ins between them at the time
 * they checked in (ld_appointment_queue_order()). With every doctor, their
 * queues are interleaved by that same order; group by
 * #LdAppointment.doctor_id to show them apart.
 */
void
ld_cache_appointments_day_async (LdCache             *self,
                                 const char          *day,
                                 const char          *doctor_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  DayQuery *query;

  g_return_if_fail (LD_IS_CACHE (self));
  g_return_if_fail (day != NULL);

  query = g_new0 (DayQuery, 1);
  query->day = g_strdup (day);
  query->doctor_id = g_strdup (doctor_id);
  ld_cache_read_async (self, ld_cache_appointments_day_async, day_job, query,
                       (GDestroyNotify) day_query_free, (GDestroyNotify) g_ptr_array_unref,
                       cancellable, callback, user_data);
}

/**
 * ld_cache_appointments_day_finish:
 * @self: a cache
 * @result: the result
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer container) (element-type LdAppointment): the day's
 *   appointments in queue order (perhaps none), or %NULL on error
 */
GPtrArray *
ld_cache_appointments_day_finish (LdCache       *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return ld_cache_read_finish (self, result, error);
}

/**
 * ld_cache_batch_has_appointments:
 * @batch: the batch an #LdCache::changed handler was given
 *
 * Returns: %TRUE if the write it tells of may have changed an
 *   appointment: a day read before it is then out of date
 */
gboolean
ld_cache_batch_has_appointments (const LdCacheBatch *batch)
{
  g_return_val_if_fail (batch != NULL, FALSE);

  return ld_cache_batch_touches (batch, "appointment");
}
