/* ld-appointment-reminders.c: tomorrow's appointments, reminded the day before
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every minute, beside the orders' expiry, the patients of tomorrow's
 * booked appointments (the lab's day) are sent a reminder: the day and
 * time, the doctor, the lab's address and phone. Not before
 * LD_REMINDER_FROM_HOUR in the morning, so that nobody's phone rings at
 * midnight. Each appointment is reminded once per slot: a rescheduled one
 * again for its new time, a cancelled one not at all. With several
 * processes on PostgreSQL one sweeps at a time (ld_store_take_sweep_turn()),
 * and the outbox's unique index keeps a second reminder out besides.
 */

#define G_LOG_DOMAIN "ld-appointment-reminders"

#include "config.h"

#include "ld-appointment-reminders.h"
#include "ld-time.h"
#include "service/ld-service-notify-appointments.h"

/* Appointments reminded per transaction. */
#define SWEEP_BATCH 100

typedef struct
{
  const char *day;
  guint       looked_at;
  gboolean    my_turn;
} ReminderBatch;

static gboolean
remind_batch (LdServiceContext  *ctx,
              gpointer           data,
              GError           **error)
{
  ReminderBatch *batch = data;

  batch->looked_at = 0;
  if (!ld_store_take_sweep_turn (ctx->store, &batch->my_turn, error))
    return FALSE;
  /* Another server process is sweeping now; the next minute's timer
   * tries again. */
  if (!batch->my_turn)
    return TRUE;

  return ld_service_remind_appointments (ctx, batch->day, SWEEP_BATCH, &batch->looked_at, error);
}

/**
 * ld_appointment_reminders_sweep:
 * @store: the store
 * @now_us: now
 * @out_reminded: (out) (optional): how many appointments were looked at
 * @error: return location for an %LD_STORE_ERROR
 *
 * Writes the reminders of tomorrow's appointments not reminded yet at
 * their slot, in batches, as the system; from LD_REMINDER_FROM_HOUR of
 * the lab's day only.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_appointment_reminders_sweep (LdStore  *store,
                                gint64    now_us,
                                guint    *out_reminded,
                                GError  **error)
{
  g_autoptr(GDateTime) now = ld_time_local_from_unix (now_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autoptr(LdServiceContext) ctx = NULL;
  g_autofree char *day = NULL;
  guint reminded = 0;

  g_return_val_if_fail (store != NULL, FALSE);

  if (g_date_time_get_hour (now) >= LD_REMINDER_FROM_HOUR)
    {
      tomorrow = g_date_time_add_days (now, 1);
      day = g_date_time_format (tomorrow, "%Y-%m-%d");
      ctx = ld_service_context_new (store, NULL, "system", NULL, NULL);
      ctx->now_us = now_us;
      for (;;)
        {
          ReminderBatch batch = { day, 0, FALSE };

          if (!ld_service_run (ctx, remind_batch, &batch, error))
            return FALSE;
          reminded += batch.looked_at;
          if (!batch.my_turn || batch.looked_at < SWEEP_BATCH)
            break;
        }
    }

  if (out_reminded != NULL)
    *out_reminded = reminded;
  return TRUE;
}
