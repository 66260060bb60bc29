/* ld-store-web.c: the patient web pages' tables (0030-patient-web.sql)
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Accounts, their links to patients, sign-in codes, web sessions and the
 * desk's link codes. Codes and tokens arrive here already hashed; the
 * rules about them (expiry, tries, cool-down) are server/web/'s.
 */

#define G_LOG_DOMAIN "ld-store"

#include "config.h"

#include "ld-store-private.h"
#include "ld-store-web.h"
#include "ld-time.h"

void
ld_web_code_row_clear (LdWebCodeRow *row)
{
  g_clear_pointer (&row->code_hash, g_free);
}

void
ld_web_session_row_clear (LdWebSessionRow *row)
{
  g_clear_pointer (&row->account_id, g_free);
  g_clear_pointer (&row->email, g_free);
  g_clear_pointer (&row->phone, g_free);
  g_clear_pointer (&row->csrf, g_free);
  g_clear_pointer (&row->cart, g_free);
}

static gboolean
set_not_found (const char  *what,
               GError     **error)
{
  g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND, "There is no such %s.", what);
  return FALSE;
}

/* Runs @stmt, bound, to its end. */
static gboolean
run_done (LdDbStmt  *stmt,
          GError   **error)
{
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_web_ensure_actor:
 * @store: a store, inside a write transaction
 * @error: return location for an %LD_STORE_ERROR
 *
 * Web bookings are made by a users row of their own, disabled (it has no
 * password: nobody signs in as it), named "patient (web)" in the audit
 * trail. It is written the first time it is needed.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_web_ensure_actor (LdStore  *store,
                           GError  **error)
{
  static const char sql[] =
    "INSERT INTO users (id, username, display_name, roles, password_hash, disabled,"
    "                   created_at, updated_at)"
    " VALUES (?1, ?2, ?2, 1, '!', 1, ?3, ?3) ON CONFLICT (id) DO NOTHING";
  g_autofree char *now = ld_time_format_rfc3339 (g_get_real_time ());
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, LD_STORE_WEB_ACTOR_ID);
  ld_db_bind_text (stmt, 2, LD_STORE_WEB_ACTOR_NAME);
  ld_db_bind_text (stmt, 3, now);
  return run_done (stmt, error);
}

gboolean
ld_store_web_code_get (LdStore       *store,
                       const char    *address,
                       LdWebCodeRow  *out_row,
                       GError       **error)
{
  static const char sql[] =
    "SELECT code_hash, expires_us, tries, cool_until_us, created_us FROM web_sign_in_codes"
    " WHERE address = ?1";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, address);
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return FALSE;
  if (step == LD_DB_DONE)
    return set_not_found ("sign-in code", error);
  out_row->code_hash = ld_db_column_dup_text (stmt, 0);
  out_row->expires_us = ld_db_column_int64 (stmt, 1);
  out_row->tries = ld_db_column_int64 (stmt, 2);
  out_row->cool_until_us = ld_db_column_int64 (stmt, 3);
  out_row->created_us = ld_db_column_int64 (stmt, 4);
  return ld_db_step_done (stmt, error);
}

gboolean
ld_store_web_code_put (LdStore             *store,
                       const char          *address,
                       const LdWebCodeRow  *row,
                       GError             **error)
{
  static const char sql[] =
    "INSERT INTO web_sign_in_codes (address, code_hash, expires_us, tries, cool_until_us,"
    "                               created_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    " ON CONFLICT (address) DO UPDATE SET code_hash = EXCLUDED.code_hash,"
    "   expires_us = EXCLUDED.expires_us, tries = EXCLUDED.tries,"
    "   cool_until_us = EXCLUDED.cool_until_us, created_us = EXCLUDED.created_us";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, address);
  ld_db_bind_text (stmt, 2, row->code_hash);
  ld_db_bind_int64 (stmt, 3, row->expires_us);
  ld_db_bind_int64 (stmt, 4, row->tries);
  ld_db_bind_int64 (stmt, 5, row->cool_until_us);
  ld_db_bind_int64 (stmt, 6, row->created_us);
  return run_done (stmt, error);
}

gboolean
ld_store_web_code_delete (LdStore     *store,
                          const char  *address,
                          GError     **error)
{
  LdDbStmt *stmt =
    ld_store_prepare (store, "DELETE FROM web_sign_in_codes WHERE address = ?1", error);

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, address);
  return run_done (stmt, error);
}

/* The one text column of the one row @stmt selects, or NULL (no error) if none. */
static char *
dup_one_text (LdDbStmt  *stmt,
              GError   **error)
{
  g_autofree char *text = NULL;
  LdDbStep step = ld_db_step (stmt, error);

  if (step != LD_DB_ROW)
    return NULL;
  text = ld_db_column_dup_text (stmt, 0);
  if (!ld_db_step_done (stmt, error))
    return NULL;
  return g_steal_pointer (&text);
}

/**
 * ld_store_web_account_find:
 * @store: a store
 * @email: (nullable): an account's e-mail address, or %NULL to find by @phone
 * @phone: (nullable): its mobile number (E.164), when @email is %NULL
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): the account's id; %NULL, with
 *   @error unset, when no account has @email (or @phone)
 */
char *
ld_store_web_account_find (LdStore     *store,
                           const char  *email,
                           const char  *phone,
                           GError     **error)
{
  LdDbStmt *stmt;

  g_return_val_if_fail ((email == NULL) != (phone == NULL), NULL);

  stmt = ld_store_prepare (store,
                           email != NULL ? "SELECT id FROM web_accounts WHERE email = ?1"
                                         : "SELECT id FROM web_accounts WHERE phone = ?1",
                           error);
  if (stmt == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, email != NULL ? email : phone);
  return dup_one_text (stmt, error);
}

/**
 * ld_store_web_account_insert:
 * @email: (nullable): the account's e-mail address
 * @phone: (nullable): its mobile number (E.164); one of the two is given
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_web_account_insert (LdStore     *store,
                             const char  *id,
                             const char  *email,
                             const char  *phone,
                             gint64       now_us,
                             GError     **error)
{
  static const char sql[] =
    "INSERT INTO web_accounts (id, email, phone, created_us) VALUES (?1, ?2, ?3, ?4)";
  LdDbStmt *stmt;

  g_return_val_if_fail (email != NULL || phone != NULL, FALSE);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, id);
  ld_db_bind_text (stmt, 2, email);
  ld_db_bind_text (stmt, 3, phone);
  ld_db_bind_int64 (stmt, 4, now_us);
  return run_done (stmt, error);
}

gboolean
ld_store_web_session_insert (LdStore     *store,
                             const char  *token_hash,
                             const char  *account_id,
                             const char  *csrf,
                             gint64       now_us,
                             GError     **error)
{
  static const char sql[] =
    "INSERT INTO web_sessions (token_hash, account_id, csrf, created_us, last_seen_us)"
    " VALUES (?1, ?2, ?3, ?4, ?4)";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, token_hash);
  ld_db_bind_text (stmt, 2, account_id);
  ld_db_bind_text (stmt, 3, csrf);
  ld_db_bind_int64 (stmt, 4, now_us);
  return run_done (stmt, error);
}

gboolean
ld_store_web_session_get (LdStore          *store,
                          const char       *token_hash,
                          LdWebSessionRow  *out_row,
                          GError          **error)
{
  static const char sql[] =
    "SELECT s.account_id, a.email, a.phone, s.csrf, s.cart, s.created_us, s.last_seen_us"
    " FROM web_sessions s JOIN web_accounts a ON a.id = s.account_id WHERE s.token_hash = ?1";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, token_hash);
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return FALSE;
  if (step == LD_DB_DONE)
    return set_not_found ("web session", error);
  out_row->account_id = ld_db_column_dup_text (stmt, 0);
  out_row->email = ld_db_column_dup_text (stmt, 1);
  out_row->phone = ld_db_column_dup_text (stmt, 2);
  out_row->csrf = ld_db_column_dup_text (stmt, 3);
  out_row->cart = ld_db_column_dup_text (stmt, 4);
  out_row->created_us = ld_db_column_int64 (stmt, 5);
  out_row->last_seen_us = ld_db_column_int64 (stmt, 6);
  return ld_db_step_done (stmt, error);
}

gboolean
ld_store_web_session_touch (LdStore     *store,
                            const char  *token_hash,
                            gint64       now_us,
                            GError     **error)
{
  LdDbStmt *stmt = ld_store_prepare (store, "UPDATE web_sessions SET last_seen_us = ?1"
                                            " WHERE token_hash = ?2", error);

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_int64 (stmt, 1, now_us);
  ld_db_bind_text (stmt, 2, token_hash);
  return run_done (stmt, error);
}

gboolean
ld_store_web_session_set_cart (LdStore     *store,
                               const char  *token_hash,
                               const char  *cart,
                               GError     **error)
{
  LdDbStmt *stmt = ld_store_prepare (store, "UPDATE web_sessions SET cart = ?1"
                                            " WHERE token_hash = ?2", error);

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, cart);
  ld_db_bind_text (stmt, 2, token_hash);
  return run_done (stmt, error);
}

gboolean
ld_store_web_session_delete (LdStore     *store,
                             const char  *token_hash,
                             GError     **error)
{
  LdDbStmt *stmt =
    ld_store_prepare (store, "DELETE FROM web_sessions WHERE token_hash = ?1", error);

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, token_hash);
  return run_done (stmt, error);
}

gboolean
ld_store_web_sessions_delete_for (LdStore     *store,
                                  const char  *account_id,
                                  GError     **error)
{
  LdDbStmt *stmt =
    ld_store_prepare (store, "DELETE FROM web_sessions WHERE account_id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, account_id);
  return run_done (stmt, error);
}

/* Every first column @stmt selects, as strings. */
static GPtrArray *
collect_texts (LdDbStmt  *stmt,
               GError   **error)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  LdDbStep step;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (texts, ld_db_column_dup_text (stmt, 0));
  if (step == LD_DB_ERROR)
    return NULL;
  return g_steal_pointer (&texts);
}

/**
 * ld_store_web_account_patients:
 *
 * Returns: (transfer full) (element-type utf8): the ids of the patients
 *   linked to @account_id, self first
 */
GPtrArray *
ld_store_web_account_patients (LdStore     *store,
                               const char  *account_id,
                               GError     **error)
{
  static const char sql[] =
    "SELECT patient_id FROM web_account_patients WHERE account_id = ?1"
    " ORDER BY relation DESC, linked_us";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, account_id);
  return collect_texts (stmt, error);
}

/**
 * ld_store_web_link:
 * @needs_review: a registration on the page that looks like a patient
 *   already registered, parked for the desk (0033-web-registration.sql)
 *
 * Returns: %TRUE on success (also when the link was there already)
 */
gboolean
ld_store_web_link (LdStore     *store,
                   const char  *account_id,
                   const char  *patient_id,
                   const char  *relation,
                   const char  *linked_by,
                   gboolean     needs_review,
                   gint64       now_us,
                   GError     **error)
{
  static const char sql[] =
    "INSERT INTO web_account_patients (account_id, patient_id, relation, linked_by, linked_us,"
    " needs_review) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    " ON CONFLICT (account_id, patient_id) DO NOTHING";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, account_id);
  ld_db_bind_text (stmt, 2, patient_id);
  ld_db_bind_text (stmt, 3, relation);
  ld_db_bind_text (stmt, 4, linked_by);
  ld_db_bind_int64 (stmt, 5, now_us);
  ld_db_bind_int64 (stmt, 6, needs_review ? 1 : 0);
  return run_done (stmt, error);
}

void
ld_web_account_link_free (LdWebAccountLink *link)
{
  g_free (link->account_id);
  g_free (link->email);
  g_free (link->phone);
  g_free (link->relation);
  g_free (link->linked_by);
  g_free (link);
}

/**
 * ld_store_web_patient_accounts:
 * @store: a store
 * @patient_id: a patient
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type LdWebAccountLink): the web
 *   accounts @patient_id is linked to, oldest link first
 */
GPtrArray *
ld_store_web_patient_accounts (LdStore     *store,
                               const char  *patient_id,
                               GError     **error)
{
  static const char sql[] =
    "SELECT a.id, a.email, a.phone, w.relation, w.linked_by, w.linked_us, w.needs_review"
    " FROM web_account_patients w JOIN web_accounts a ON a.id = w.account_id"
    " WHERE w.patient_id = ?1 ORDER BY w.linked_us, a.id";
  g_autoptr(GPtrArray) links =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_web_account_link_free);
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, patient_id);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      LdWebAccountLink *link = g_new0 (LdWebAccountLink, 1);

      link->account_id = ld_db_column_dup_text (stmt, 0);
      link->email = ld_db_column_dup_text (stmt, 1);
      link->phone = ld_db_column_dup_text (stmt, 2);
      link->relation = ld_db_column_dup_text (stmt, 3);
      link->linked_by = ld_db_column_dup_text (stmt, 4);
      link->linked_us = ld_db_column_int64 (stmt, 5);
      link->needs_review = ld_db_column_int64 (stmt, 6) != 0;
      g_ptr_array_add (links, link);
    }
  if (step == LD_DB_ERROR)
    return NULL;
  return g_steal_pointer (&links);
}

gboolean
ld_store_web_link_code_insert (LdStore     *store,
                               const char  *code_hash,
                               const char  *patient_id,
                               const char  *issued_by,
                               gint64       now_us,
                               gint64       expires_us,
                               GError     **error)
{
  static const char sql[] =
    "INSERT INTO web_link_codes (code_hash, patient_id, issued_by, created_us, expires_us)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, code_hash);
  ld_db_bind_text (stmt, 2, patient_id);
  ld_db_bind_text (stmt, 3, issued_by);
  ld_db_bind_int64 (stmt, 4, now_us);
  ld_db_bind_int64 (stmt, 5, expires_us);
  return run_done (stmt, error);
}

/**
 * ld_store_web_link_code_take:
 * @store: a store, inside a write transaction
 *
 * Uses up the code whose hash is @code_hash, if it is unused and has not
 * expired, for @account_id.
 *
 * Returns: (transfer full) (nullable): its patient's id; %NULL, with
 *   @error unset, when there is no such usable code
 */
char *
ld_store_web_link_code_take (LdStore     *store,
                             const char  *code_hash,
                             const char  *account_id,
                             gint64       now_us,
                             GError     **error)
{
  static const char sql[] =
    "UPDATE web_link_codes SET used_us = ?3, used_by = ?2"
    " WHERE code_hash = ?1 AND used_us IS NULL AND expires_us > ?3 RETURNING patient_id";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, code_hash);
  ld_db_bind_text (stmt, 2, account_id);
  ld_db_bind_int64 (stmt, 3, now_us);
  return dup_one_text (stmt, error);
}

/**
 * ld_store_web_account_order_ids:
 *
 * Returns: (transfer full) (element-type utf8): the ids of the orders of
 *   every patient linked to @account_id, newest first
 */
GPtrArray *
ld_store_web_account_order_ids (LdStore     *store,
                                const char  *account_id,
                                guint        limit,
                                GError     **error)
{
  static const char sql[] =
    "SELECT o.id FROM orders o JOIN web_account_patients w ON w.patient_id = o.patient_id"
    " WHERE w.account_id = ?1 ORDER BY o.created_us DESC, o.id LIMIT ?2";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, account_id);
  ld_db_bind_int64 (stmt, 2, limit);
  return collect_texts (stmt, error);
}

/**
 * ld_store_web_seed_demo_account:
 * @store: a demo database's store
 * @email: the address of a demo patient
 * @error: return location for an %LD_STORE_ERROR
 *
 * The demo's patient who can sign in to the patient pages: an account for
 * @email, linked to the patient(s) registered with it.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_web_seed_demo_account (LdStore     *store,
                                const char  *email,
                                GError     **error)
{
  static const char link_sql[] =
    "INSERT INTO web_account_patients (account_id, patient_id, relation, linked_by, linked_us)"
    " SELECT ?1, id, 'self', 'desk-code', ?2 FROM patients WHERE email = ?3";
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autofree char *id = g_uuid_string_random ();
  gint64 now_us = g_get_real_time ();
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && email != NULL, FALSE);

  if (!ld_store_transaction_begin (&txn, store, error) ||
      !ld_store_web_account_insert (store, id, email, NULL, now_us, error) ||
      (stmt = ld_store_prepare (store, link_sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, id);
  ld_db_bind_int64 (stmt, 2, now_us);
  ld_db_bind_text (stmt, 3, email);
  return run_done (stmt, error) && ld_store_transaction_commit (&txn, error);
}
