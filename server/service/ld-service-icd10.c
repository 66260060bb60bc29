/* ld-service-icd10.c: the lab's ICD-10 code list
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No list ships (Debian has none to give): the administrator imports the
 * lab's whole list at once, and once one is loaded a visit's code must be
 * in it. Doctors search it by the start of a code or by the words of a
 * title.
 */

#define G_LOG_DOMAIN "ld-service-icd10"

#include "config.h"

#include <string.h>

#include "ld-service-icd10.h"
#include "ld-refuse.h"

typedef struct
{
  const char      *source;
  GPtrArray       *codes;
  LdIcd10ListInfo *info;
} Import;

static gboolean
import_list (LdServiceContext  *ctx,
             gpointer           data,
             GError           **error)
{
  Import *import = data;
  g_autofree char *detail =
    g_strdup_printf ("%u codes from %s", import->codes->len, import->source);

  ld_icd10_list_info_clear (import->info);
  return ld_store_icd10_replace (ctx->store, import->source, import->codes,
                                 ctx->actor ? ld_user_get_id (ctx->actor) : NULL, ctx->now_us,
                                 error) &&
         ld_service_audit (ctx, "icd10.import", "icd10", NULL, detail, error) &&
         ld_store_icd10_get_info (ctx->store, import->info, error);
}

/**
 * ld_service_icd10_import:
 * @ctx: the administrator
 * @source: where the list comes from
 * @codes: (element-type LdIcd10Code): the whole list, read by
 *   ld_icd10_list_read()
 * @out_info: (out caller-allocates): the list as loaded
 * @error: return location for a #GError
 *
 * Replaces the list in one transaction, audited as "icd10.import" with
 * the count and the source.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_icd10_import (LdServiceContext  *ctx,
                         const char        *source,
                         GPtrArray         *codes,
                         LdIcd10ListInfo   *out_info,
                         GError           **error)
{
  Import import = { source, codes, out_info };

  g_return_val_if_fail (ctx != NULL && source != NULL && codes != NULL, FALSE);
  g_return_val_if_fail (out_info != NULL, FALSE);

  memset (out_info, 0, sizeof *out_info);
  if (!ld_service_run (ctx, import_list, &import, error))
    {
      ld_icd10_list_info_clear (out_info);
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_service_icd10_search:
 * @store: a store
 * @query: what the doctor typed
 * @limit: the most codes to answer
 * @error: return location for an %LD_STORE_ERROR
 *
 * The codes that start with @query (in any case), by code, then those
 * whose title has a word starting with each word of @query, by code.
 *
 * Returns: (transfer full) (element-type LdIcd10Code) (nullable): at most
 *   @limit codes
 */
GPtrArray *
ld_service_icd10_search (LdStore     *store,
                         const char  *query,
                         guint        limit,
                         GError     **error)
{
  g_autoptr(GPtrArray) found =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_icd10_code_free);
  g_autoptr(GHashTable) skip = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *prefix = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (store != NULL && query != NULL, NULL);

  prefix = ld_icd10_code_prefix (query);
  if (prefix != NULL && !ld_store_icd10_by_code (store, prefix, limit, found, error))
    return NULL;
  for (guint i = 0; i < found->len; i++)
    g_hash_table_add (skip, ((LdIcd10Code *) g_ptr_array_index (found, i))->code);

  words = ld_icd10_title_words (query);
  if (found->len < limit && words[0] != NULL &&
      !ld_store_icd10_by_words (store, (const char * const *) words, limit - found->len, skip,
                                found, error))
    return NULL;

  return g_steal_pointer (&found);
}

/**
 * ld_service_icd10_check_code:
 * @store: a store
 * @code: a visit's code, of the ICD-10 shape already
 * @error: return location for a #GError: VALIDATION_FAILED naming
 *   "icd10" when a list is loaded and @code is not in it
 *
 * Without a list, any code of the shape is taken.
 *
 * Returns: %TRUE when the code may be written
 */
gboolean
ld_service_icd10_check_code (LdStore     *store,
                             const char  *code,
                             GError     **error)
{
  g_auto(LdIcd10ListInfo) info = { 0 };
  gboolean contains = FALSE;

  g_return_val_if_fail (store != NULL && code != NULL, FALSE);

  if (!ld_store_icd10_get_info (store, &info, error))
    return FALSE;
  if (info.count == 0)
    return TRUE;
  if (!ld_store_icd10_contains (store, code, &contains, error))
    return FALSE;
  if (!contains)
    return ld_refuse_field (error, "icd10", "is not in the lab's ICD-10 list",
                            "This ICD-10 code is not in the lab's list.");
  return TRUE;
}
