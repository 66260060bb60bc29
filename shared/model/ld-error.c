/* ld-error.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-error"

#include "config.h"

#include "ld-error.h"

/* LD_API_ERROR is an extended error so that validation failures carry their
 * per-field messages with them, from the validator to the wire and back. */
typedef struct
{
  GHashTable *fields;
} LdApiErrorPrivate;

static void
ld_api_error_private_init (LdApiErrorPrivate *priv)
{
  priv->fields = NULL;
}

static void
ld_api_error_private_copy (const LdApiErrorPrivate *src,
                           LdApiErrorPrivate       *dest)
{
  dest->fields = src->fields ? g_hash_table_ref (src->fields) : NULL;
}

static void
ld_api_error_private_clear (LdApiErrorPrivate *priv)
{
  g_clear_pointer (&priv->fields, g_hash_table_unref);
}

G_DEFINE_EXTENDED_ERROR (LdApiError, ld_api_error)
G_DEFINE_QUARK (ld - store - error - quark, ld_store_error)

static const struct
{
  LdApiError  code;
  const char *string;
  guint       status;
} error_table[] = {
  { LD_API_ERROR_BAD_REQUEST, "bad_request", 400 },
  { LD_API_ERROR_VALIDATION_FAILED, "validation_failed", 422 },
  { LD_API_ERROR_UNAUTHORIZED, "unauthorized", 401 },
  { LD_API_ERROR_FORBIDDEN, "forbidden", 403 },
  { LD_API_ERROR_NOT_FOUND, "not_found", 404 },
  { LD_API_ERROR_METHOD_NOT_ALLOWED, "method_not_allowed", 405 },
  { LD_API_ERROR_CONFLICT, "conflict", 409 },
  { LD_API_ERROR_GONE, "gone", 410 },
  { LD_API_ERROR_PAYLOAD_TOO_LARGE, "payload_too_large", 413 },
  { LD_API_ERROR_RATE_LIMITED, "rate_limited", 429 },
  { LD_API_ERROR_UNAVAILABLE, "unavailable", 503 },
  { LD_API_ERROR_INTERNAL, "internal", 500 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (error_table) == LD_API_ERROR_LAST + 1);

/**
 * ld_api_error_to_code:
 * @code: an #LdApiError
 *
 * Returns: (transfer none): the wire string, such as `validation_failed`
 */
const char *
ld_api_error_to_code (LdApiError code)
{
  g_return_val_if_fail ((guint) code <= LD_API_ERROR_LAST, "internal");

  return error_table[code].string;
}

/**
 * ld_api_error_to_status:
 * @code: an #LdApiError
 *
 * Returns: the HTTP status that goes with @code
 */
guint
ld_api_error_to_status (LdApiError code)
{
  g_return_val_if_fail ((guint) code <= LD_API_ERROR_LAST, 500);

  return error_table[code].status;
}

/**
 * ld_api_error_from_code:
 * @code_string: a wire code
 * @out_code: (out): where to store the code
 *
 * Returns: %TRUE if @code_string is a known code
 */
gboolean
ld_api_error_from_code (const char *code_string,
                        LdApiError *out_code)
{
  g_return_val_if_fail (out_code != NULL, FALSE);

  if (code_string == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
    {
      if (g_str_equal (error_table[i].string, code_string))
        {
          *out_code = error_table[i].code;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * ld_api_error_get_fields:
 * @error: a #GError in the %LD_API_ERROR domain
 *
 * Returns: (transfer none) (nullable): field name → message, or %NULL
 */
GHashTable *
ld_api_error_get_fields (const GError *error)
{
  LdApiErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  priv = ld_api_error_get_private (error);
  return priv ? priv->fields : NULL;
}

/**
 * ld_api_error_set_field:
 * @error: a #GError in the %LD_API_ERROR domain
 * @field: the field's wire name
 * @message: what is wrong with it, such as "is in the future"
 *
 * Adds or replaces one field message.
 */
void
ld_api_error_set_field (GError     *error,
                        const char *field,
                        const char *message)
{
  LdApiErrorPrivate *priv;

  g_return_if_fail (error != NULL);
  g_return_if_fail (field != NULL);
  g_return_if_fail (message != NULL);

  priv = ld_api_error_get_private (error);
  g_return_if_fail (priv != NULL);

  if (priv->fields == NULL)
    priv->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_replace (priv->fields, g_strdup (field), g_strdup (message));
}

/**
 * ld_api_error_new_fields:
 * @code: an #LdApiError
 * @fields: (nullable): field name → message, copied
 * @message: the sentence for the person at the desk
 *
 * Returns: (transfer full): a new #GError carrying @fields
 */
GError *
ld_api_error_new_fields (LdApiError  code,
                         GHashTable *fields,
                         const char *message)
{
  GError *error = g_error_new_literal (LD_API_ERROR, code, message);

  if (fields != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, fields);
      while (g_hash_table_iter_next (&iter, &key, &value))
        ld_api_error_set_field (error, key, value);
    }

  return error;
}
