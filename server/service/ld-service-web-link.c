/* ld-service-web-link.c: a patient record joins a web account by a desk code
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk issues a one-time code for a patient (POST
 * /api/v1/patients/{id}/web-link-code, audited), printed or read out to
 * the patient; typed at /my/link, it joins that record to the account, as
 * the patient's own or a family member's. A record joins an account only
 * by such a proof the lab controls. Codes are kept only as hashes, last
 * 14 days and work once.
 *
 * Or the patient registers anew on the page (/my/register): the desk's
 * registration with the desk's likely-duplicate check; a likely duplicate
 * is still registered, but parked for the desk to review and merge, and
 * is never joined to the record it resembles.
 */

#define G_LOG_DOMAIN "ld-service"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "ld-service-patients.h"
#include "ld-service-web-link.h"
#include "ld-time.h"
#include "../store/ld-store-web.h"

#define LINK_CODE_LIFETIME_US (14 * G_TIME_SPAN_DAY)
/* No 0/O, 1/I/L: read out over a counter, they are confused. */
#define LINK_ALPHABET "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#define LINK_SYMBOLS  10

/**
 * ld_service_web_link_code_normalize:
 * @text: (nullable): a code as typed
 *
 * "k7qm 3xpd-w2" as typed becomes "K7QM3XPDW2".
 *
 * Returns: (transfer full) (nullable): the code, or %NULL if @text cannot be one
 */
char *
ld_service_web_link_code_normalize (const char *text)
{
  g_autoptr(GString) code = g_string_new (NULL);

  if (text == NULL)
    return NULL;
  for (const char *p = text; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == ' ' || c == '-')
        continue;
      if (strchr (LINK_ALPHABET, c) == NULL || c == '\0')
        return NULL;
      g_string_append_c (code, c);
    }
  if (code->len != LINK_SYMBOLS)
    return NULL;
  return g_string_free (g_steal_pointer (&code), FALSE);
}

static char *
hash_link_code (const char *code)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, code, -1);
}

typedef struct
{
  const char *code_hash;
  const char *account_id;
  const char *relation;
  gboolean    linked;
} Link;

static gboolean
link_patient (LdServiceContext  *ctx,
              gpointer           data,
              GError           **error)
{
  Link *link = data;
  g_autoptr(GError) local = NULL;
  gint64 now_us = ld_time_now ();
  g_autofree char *patient_id =
    ld_store_web_link_code_take (ctx->store, link->code_hash, link->account_id, now_us, &local);

  link->linked = FALSE;
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (patient_id == NULL)
    return ld_service_audit (ctx, "web.link.refuse", "web_account", link->account_id, NULL,
                             error);
  link->linked = TRUE;
  return ld_store_web_link (ctx->store, link->account_id, patient_id, link->relation,
                            "desk-code", FALSE, now_us, error) &&
         ld_service_audit (ctx, "web.link", "patient", patient_id, link->account_id, error);
}

typedef struct
{
  const char *account_id;
  LdPatient  *patient;
  const char *relation;
  gboolean    parked;
} WebRegister;

static gboolean
register_patient (LdServiceContext  *ctx,
                  gpointer           data,
                  GError           **error)
{
  WebRegister *reg = data;
  g_autoptr(GPtrArray) duplicates = NULL;
  const char *patient_id = ld_patient_get_id (reg->patient);

  if (!ld_service_patients_register_in (ctx, reg->patient, LD_SERVICE_DUPLICATES_PARK,
                                        &duplicates, error))
    return FALSE;
  reg->parked = duplicates->len > 0;
  return ld_store_web_link (ctx->store, reg->account_id, patient_id, reg->relation, "registered",
                            reg->parked, ld_time_now (), error) &&
         ld_service_audit (ctx, "web.register", "patient", patient_id,
                           reg->parked ? "needs the desk's review: a likely duplicate" : NULL,
                           error);
}

typedef struct
{
  const char *patient_id;
  GPtrArray  *accounts;
} ReadAccounts;

static gboolean
read_accounts (LdServiceContext  *ctx,
               gpointer           data,
               GError           **error)
{
  ReadAccounts *read = data;
  g_autoptr(LdPatient) patient = ld_store_patients_get (ctx->store, read->patient_id, error);

  if (patient == NULL)
    return FALSE;
  g_clear_pointer (&read->accounts, g_ptr_array_unref);
  read->accounts = ld_store_web_patient_accounts (ctx->store, read->patient_id, error);
  return read->accounts != NULL &&
         ld_service_audit (ctx, "patient.read", "patient", read->patient_id, "web accounts",
                           error);
}

typedef struct
{
  const char *patient_id;
  char       *code;
  gint64      expires_us;
} IssueCode;

static gboolean
issue_code (LdServiceContext  *ctx,
            gpointer           data,
            GError           **error)
{
  IssueCode *issue = data;
  g_autoptr(LdPatient) patient = NULL;
  g_autoptr(GString) code = g_string_new (NULL);
  g_autofree char *hash = NULL;
  gint64 now_us = ld_time_now ();

  patient = ld_store_patients_get (ctx->store, issue->patient_id, error);
  if (patient == NULL)
    return FALSE;
  for (guint i = 0; i < LINK_SYMBOLS; i++)
    g_string_append_c (code, LINK_ALPHABET[randombytes_uniform (sizeof LINK_ALPHABET - 1)]);
  hash = hash_link_code (code->str);
  issue->expires_us = now_us + LINK_CODE_LIFETIME_US;
  if (!ld_store_web_link_code_insert (ctx->store, hash, issue->patient_id,
                                      ld_user_get_id (ctx->actor), now_us, issue->expires_us,
                                      error) ||
      !ld_service_audit (ctx, "patient.web-link-code", "patient", issue->patient_id, NULL,
                         error))
    return FALSE;

  g_free (issue->code);
  /* Shown in groups, as on the receipt: K7QM-3XPD-W2. */
  g_string_insert_c (code, 8, '-');
  g_string_insert_c (code, 4, '-');
  issue->code = g_string_free (g_steal_pointer (&code), FALSE);
  return TRUE;
}


/**
 * ld_service_web_link_patient:
 * @ctx: the page's service context
 * @account_id: the signed-in account
 * @code: a code as ld_service_web_link_code_normalize() gives it
 * @relation: "self" or "family"
 * @out_linked: (out): whether the code joined a record (a wrong, used or
 *   expired code is refused and audited, and is not an error)
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success, linked or not
 */
gboolean
ld_service_web_link_patient (LdServiceContext  *ctx,
                             const char        *account_id,
                             const char        *code,
                             const char        *relation,
                             gboolean          *out_linked,
                             GError           **error)
{
  g_autofree char *hash = hash_link_code (code);
  Link link = { hash, account_id, relation, FALSE };

  g_return_val_if_fail (ctx != NULL && account_id != NULL && code != NULL, FALSE);

  if (!ld_service_run (ctx, link_patient, &link, error))
    return FALSE;
  *out_linked = link.linked;
  return TRUE;
}

/**
 * ld_service_web_register_patient:
 * @ctx: the page's service context, whose actor is "patient (web)"
 * @account_id: the signed-in account
 * @patient: the patient as the page read them, with a new id
 * @relation: "self" or "family"
 * @out_parked: (out): whether the patient looks registered already, so
 *   that the record waits for the desk's review
 * @error: return location for a #GError
 *
 * Registers @patient as the desk does and links the record to the
 * account; a likely duplicate is parked, never joined.
 *
 * Returns: %TRUE once registered and linked
 */
gboolean
ld_service_web_register_patient (LdServiceContext  *ctx,
                                 const char        *account_id,
                                 LdPatient         *patient,
                                 const char        *relation,
                                 gboolean          *out_parked,
                                 GError           **error)
{
  WebRegister reg = { account_id, patient, relation, FALSE };

  g_return_val_if_fail (ctx != NULL && account_id != NULL && patient != NULL, FALSE);
  g_return_val_if_fail (out_parked != NULL, FALSE);

  if (!ld_service_run (ctx, register_patient, &reg, error))
    return FALSE;
  *out_parked = reg.parked;
  return TRUE;
}

/**
 * ld_service_web_read_patient_accounts:
 * @ctx: the desk's service context
 * @patient_id: the patient
 * @error: return location for a #GError; %LD_STORE_ERROR_NOT_FOUND for
 *   an unknown patient
 *
 * The web accounts the patient is linked to, read as the patient is
 * (audited as `patient.read`).
 *
 * Returns: (transfer full) (element-type LdWebAccountLink) (nullable):
 *   the links, oldest first
 */
GPtrArray *
ld_service_web_read_patient_accounts (LdServiceContext  *ctx,
                                      const char        *patient_id,
                                      GError           **error)
{
  ReadAccounts read = { patient_id, NULL };

  g_return_val_if_fail (ctx != NULL && patient_id != NULL, NULL);

  if (!ld_service_run (ctx, read_accounts, &read, error))
    {
      g_clear_pointer (&read.accounts, g_ptr_array_unref);
      return NULL;
    }
  return read.accounts;
}

/**
 * ld_service_web_issue_link_code:
 * @ctx: the desk's service context
 * @patient_id: the patient
 * @out_code: (out) (transfer full): the code, grouped as printed (K7QM-3XPD-W2)
 * @out_expires_us: (out): when it stops working
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_web_issue_link_code (LdServiceContext  *ctx,
                                const char        *patient_id,
                                char             **out_code,
                                gint64            *out_expires_us,
                                GError           **error)
{
  IssueCode issue = { patient_id, NULL, 0 };

  g_return_val_if_fail (ctx != NULL && patient_id != NULL, FALSE);

  if (!ld_service_run (ctx, issue_code, &issue, error))
    {
      g_free (issue.code);
      return FALSE;
    }
  *out_code = issue.code;
  *out_expires_us = issue.expires_us;
  return TRUE;
}
