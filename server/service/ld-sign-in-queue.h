/* ld-sign-in-queue.h: who may have a password checked, and in what order
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "../store/ld-store.h"

G_BEGIN_DECLS

typedef struct _LdSignInQueue LdSignInQueue;

/* Called on the server's thread when @job's turn comes; the caller ends
 * the job with ld_sign_in_queue_done(), at once or later. */
typedef void (*LdSignInStartFunc) (gpointer job,
                                   gpointer user_data);

/**
 * LdSignInLimits:
 * @max_running: checks at once (the password threads)
 * @max_waiting: checks queued behind them, from every address
 * @reserved_for_known: of those, the places only an address that has
 *   signed in before may take, so a flood from new addresses cannot keep
 *   a desk out
 * @max_per_address: checks one address may have queued or running
 * @per_address_per_minute: sign-ins one address may start in a minute
 */
typedef struct
{
  guint max_running;
  guint max_waiting;
  guint reserved_for_known;
  guint max_per_address;
  guint per_address_per_minute;
} LdSignInLimits;

LdSignInQueue *
ld_sign_in_queue_new (const LdSignInLimits *limits, LdSignInStartFunc start, gpointer user_data);
void     ld_sign_in_queue_free (LdSignInQueue *self);
gboolean ld_sign_in_queue_push (LdSignInQueue *self,
                                LdStore       *store,
                                const char    *address,
                                const char    *username,
                                gpointer       job,
                                gint64        *out_retry_after_s,
                                GError       **error);
void     ld_sign_in_queue_done (LdSignInQueue *self,
                                const char    *address,
                                const char    *username,
                                gboolean       signed_in);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdSignInQueue, ld_sign_in_queue_free)

G_END_DECLS
