/* ld-service-edit.h: a request's changes, applied inside the change
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-service.h"

G_BEGIN_DECLS

/**
 * LdServiceEditFunc:
 * @ctx: who edits, inside the running change
 * @record: the record as read in the change, to be changed in place
 * @data: the caller's
 * @error: return location for the refusal, such as
 *   %LD_API_ERROR_VALIDATION_FAILED
 *
 * Applies what the caller was asked to change to @record. An update
 * reads the record first, in its transaction, and only then the asked
 * changes, so that a missing record is refused before a bad change; the
 * caller (for HTTP, the handler, which alone knows the body) says how
 * the change applies through this.
 *
 * Returns: %TRUE when @record was changed as asked
 */
typedef gboolean (*LdServiceEditFunc) (LdServiceContext  *ctx,
                                       gpointer           record,
                                       gpointer           data,
                                       GError           **error);

G_END_DECLS
