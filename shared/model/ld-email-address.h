/* ld-email-address.h: whether a person's e-mail address is one, one rule
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest address kept for a patient or a user, in characters. */
#define LD_EMAIL_ADDRESS_MAX_CHARS 200

gboolean ld_email_address_check (const char  *address,
                                 const char **out_reason);

G_END_DECLS
