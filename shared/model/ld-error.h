/* ld-error.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * LdApiError:
 * @LD_API_ERROR_BAD_REQUEST: the request could not be read (malformed JSON, unknown field)
 * @LD_API_ERROR_VALIDATION_FAILED: a field's value is not acceptable; see the field errors
 * @LD_API_ERROR_UNAUTHORIZED: no valid session
 * @LD_API_ERROR_FORBIDDEN: the user's roles do not allow this
 * @LD_API_ERROR_NOT_FOUND: no such record or path
 * @LD_API_ERROR_METHOD_NOT_ALLOWED: the path exists but not with this method
 * @LD_API_ERROR_CONFLICT: stale version or an impossible state change
 * @LD_API_ERROR_GONE: the record existed but is no longer available
 * @LD_API_ERROR_PAYLOAD_TOO_LARGE: the body is over the limit
 * @LD_API_ERROR_RATE_LIMITED: too many attempts; try later
 * @LD_API_ERROR_UNAVAILABLE: the server or its database cannot serve now
 * @LD_API_ERROR_INTERNAL: a bug or an unexpected failure
 *
 * The wire error codes, one to one. ld_api_error_to_code() and
 * ld_api_error_to_status() read the one table both programs use.
 */
typedef enum
{
  LD_API_ERROR_BAD_REQUEST,
  LD_API_ERROR_VALIDATION_FAILED,
  LD_API_ERROR_UNAUTHORIZED,
  LD_API_ERROR_FORBIDDEN,
  LD_API_ERROR_NOT_FOUND,
  LD_API_ERROR_METHOD_NOT_ALLOWED,
  LD_API_ERROR_CONFLICT,
  LD_API_ERROR_GONE,
  LD_API_ERROR_PAYLOAD_TOO_LARGE,
  LD_API_ERROR_RATE_LIMITED,
  LD_API_ERROR_UNAVAILABLE,
  LD_API_ERROR_INTERNAL,
} LdApiError;

#define LD_API_ERROR_LAST LD_API_ERROR_INTERNAL

/**
 * LdStoreError:
 * @LD_STORE_ERROR_NOT_FOUND: no such row
 * @LD_STORE_ERROR_CONFLICT: a stale version or a conditional update that matched nothing
 * @LD_STORE_ERROR_CONSTRAINT: a unique or foreign key constraint failed
 * @LD_STORE_ERROR_BUSY: the database stayed locked past the busy timeout
 * @LD_STORE_ERROR_CORRUPT: the file is damaged or not a database
 * @LD_STORE_ERROR_TOO_NEW: the schema is newer than this program knows
 * @LD_STORE_ERROR_IO: disk full, permissions or another I/O failure
 * @LD_STORE_ERROR_RETRY: the transaction lost a race with another writer
 *   (PostgreSQL's serialization failure or deadlock) and was rolled back;
 *   running it again from its start may succeed
 */
typedef enum
{
  LD_STORE_ERROR_NOT_FOUND,
  LD_STORE_ERROR_CONFLICT,
  LD_STORE_ERROR_CONSTRAINT,
  LD_STORE_ERROR_BUSY,
  LD_STORE_ERROR_CORRUPT,
  LD_STORE_ERROR_TOO_NEW,
  LD_STORE_ERROR_IO,
  LD_STORE_ERROR_RETRY,
} LdStoreError;

#define LD_API_ERROR (ld_api_error_quark ())
#define LD_STORE_ERROR (ld_store_error_quark ())

GQuark        ld_api_error_quark       (void);
GQuark        ld_store_error_quark     (void);

const char   *ld_api_error_to_code     (LdApiError   code);
guint         ld_api_error_to_status   (LdApiError   code);
gboolean      ld_api_error_from_code   (const char  *code_string,
                                        LdApiError  *out_code);

GHashTable   *ld_api_error_get_fields  (const GError *error);
void          ld_api_error_set_field   (GError      *error,
                                        const char  *field,
                                        const char  *message);
GError       *ld_api_error_new_fields  (LdApiError   code,
                                        GHashTable  *fields,
                                        const char  *message);

G_END_DECLS
