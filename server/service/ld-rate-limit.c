/* ld-rate-limit.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fixed window per key (a client's address): at most N uses per window,
 * then refusals until the window ends. Cheap and coarse, which is what a
 * public endpoint whose secrets cannot be guessed anyway needs: it keeps
 * one client from making the server do unbounded work. Where several
 * server processes share the database, the windows are kept in it
 * (ld_rate_limit_take_in()), so a client gets one allowance in all.
 */

#define G_LOG_DOMAIN "ld-rate-limit"

#include "config.h"

#include "ld-rate-limit.h"

/* Beyond this many clients, windows that have ended are dropped. */
#define PRUNE_ABOVE 4096

typedef struct
{
  gint64 window_start_us;
  guint  used;
} Window;

struct _LdRateLimit
{
  GMutex      lock;
  GHashTable *windows;
  guint       max_per_window;
  gint64      window_us;
};

/**
 * ld_rate_limit_new:
 * @max_per_window: uses a key may make in a window
 * @window_us: the window's length, in microseconds
 *
 * Returns: (transfer full): a limit, safe to use from several threads
 */
LdRateLimit *
ld_rate_limit_new (guint  max_per_window,
                   gint64 window_us)
{
  LdRateLimit *self;

  g_return_val_if_fail (max_per_window > 0 && window_us > 0, NULL);

  self = g_new0 (LdRateLimit, 1);
  g_mutex_init (&self->lock);
  self->windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->max_per_window = max_per_window;
  self->window_us = window_us;
  return self;
}

void
ld_rate_limit_free (LdRateLimit *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->windows, g_hash_table_unref);
  g_mutex_clear (&self->lock);
  g_free (self);
}

static void
prune (LdRateLimit *self,
       gint64       now_us)
{
  GHashTableIter iter;
  Window *window;

  g_hash_table_iter_init (&iter, self->windows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &window))
    if (now_us - window->window_start_us >= self->window_us)
      g_hash_table_iter_remove (&iter);
}

/**
 * ld_rate_limit_take:
 * @self: a limit
 * @key: who asks, such as a client's address
 * @now_us: the time, monotonic microseconds
 * @out_retry_after_s: (out) (optional): when refused, the seconds until
 *   the window ends
 *
 * Returns: %TRUE if @key may go on, and counts the use
 */
gboolean
ld_rate_limit_take (LdRateLimit *self,
                    const char  *key,
                    gint64       now_us,
                    gint64      *out_retry_after_s)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Window *window;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  window = g_hash_table_lookup (self->windows, key);
  if (window == NULL || now_us - window->window_start_us >= self->window_us)
    {
      if (window == NULL && g_hash_table_size (self->windows) >= PRUNE_ABOVE)
        prune (self, now_us);
      if (window == NULL)
        {
          window = g_new0 (Window, 1);
          g_hash_table_insert (self->windows, g_strdup (key), window);
        }
      window->window_start_us = now_us;
      window->used = 0;
    }

  if (window->used >= self->max_per_window)
    {
      if (out_retry_after_s != NULL)
        *out_retry_after_s = MAX (1, (window->window_start_us + self->window_us - now_us
                                      + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
      return FALSE;
    }

  window->used++;
  return TRUE;
}

/**
 * ld_rate_limit_take_in:
 * @self: a limit, whose numbers apply
 * @store: the server's store, on the calling thread, outside a transaction
 * @scope: what is limited, such as "verify", which keeps apart the
 *   windows of several limits in one store
 * @key: who asks, such as a client's address
 * @out_retry_after_s: (out) (optional): as ld_rate_limit_take()
 *
 * As ld_rate_limit_take(), counted in @store when other processes serve
 * it too (ld_store_rates_are_shared()), else in memory. A store that
 * cannot count falls back to this process's own count: the limit guards
 * against floods, and a client of one process still meets it.
 *
 * Returns: %TRUE if @key may go on, and counts the use
 */
gboolean
ld_rate_limit_take_in (LdRateLimit *self,
                       LdStore     *store,
                       const char  *scope,
                       const char  *key,
                       gint64      *out_retry_after_s)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *shared_key = NULL;
  gboolean allowed;
  gint64 retry_after_s;

  g_return_val_if_fail (self != NULL && store != NULL, FALSE);
  g_return_val_if_fail (scope != NULL && key != NULL, FALSE);

  if (!ld_store_rates_are_shared (store))
    return ld_rate_limit_take (self, key, g_get_monotonic_time (), out_retry_after_s);

  shared_key = g_strconcat (scope, " ", key, NULL);
  if (!ld_store_rates_take (store, shared_key, self->max_per_window, self->window_us,
                            g_get_real_time (), &allowed, &retry_after_s, &error))
    {
      g_warning ("rate limit %s: counting in this process only: %s", scope, error->message);
      return ld_rate_limit_take (self, key, g_get_monotonic_time (), out_retry_after_s);
    }

  if (!allowed && out_retry_after_s != NULL)
    *out_retry_after_s = retry_after_s;
  return allowed;
}
