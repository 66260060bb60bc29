/* ld-store-web.h: the patient web pages' tables (0030-patient-web.sql,
 * 0041-web-sign-in-by-sms.sql)
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-store.h"

G_BEGIN_DECLS

/* The users row that web bookings are made by and audited as. */
#define LD_STORE_WEB_ACTOR_ID "patient-web"
#define LD_STORE_WEB_ACTOR_NAME "patient (web)"

typedef struct
{
  char   *code_hash;
  gint64  expires_us;
  gint64  tries;
  gint64  cool_until_us;
  gint64  created_us;
} LdWebCodeRow;

/* One web account a patient is linked to, as the desk sees it. */
typedef struct
{
  char     *account_id;
  char     *email;
  char     *phone;
  char     *relation;  /* "self" or "family" */
  char     *linked_by; /* "desk-code" or "registered" */
  gint64    linked_us;
  gboolean  needs_review;
} LdWebAccountLink;

/* An account has an e-mail address, a mobile number (E.164), or both. */
typedef struct
{
  char   *account_id;
  char   *email; /* (nullable) */
  char   *phone; /* (nullable) */
  char   *csrf;
  char   *cart;
  gint64  created_us;
  gint64  last_seen_us;
} LdWebSessionRow;

void       ld_web_code_row_clear            (LdWebCodeRow    *row);
void       ld_web_session_row_clear         (LdWebSessionRow *row);

gboolean   ld_store_web_ensure_actor        (LdStore         *store,
                                             GError         **error);
gboolean
ld_store_web_code_get (LdStore *store, const char *address, LdWebCodeRow *out_row, GError **error);
gboolean ld_store_web_code_put (LdStore            *store,
                                const char         *address,
                                const LdWebCodeRow *row,
                                GError            **error);
gboolean ld_store_web_code_delete (LdStore *store, const char *address, GError **error);
char *
ld_store_web_account_find (LdStore *store, const char *email, const char *phone, GError **error);
gboolean ld_store_web_account_insert (LdStore    *store,
                                      const char *id,
                                      const char *email,
                                      const char *phone,
                                      gint64      now_us,
                                      GError    **error);
gboolean ld_store_web_session_insert (LdStore    *store,
                                      const char *token_hash,
                                      const char *account_id,
                                      const char *csrf,
                                      gint64      now_us,
                                      GError    **error);
gboolean ld_store_web_session_get (LdStore         *store,
                                   const char      *token_hash,
                                   LdWebSessionRow *out_row,
                                   GError         **error);
gboolean
ld_store_web_session_touch (LdStore *store, const char *token_hash, gint64 now_us, GError **error);
gboolean ld_store_web_session_set_cart (LdStore    *store,
                                        const char *token_hash,
                                        const char *cart,
                                        GError    **error);
gboolean ld_store_web_session_delete (LdStore *store, const char *token_hash, GError **error);
gboolean ld_store_web_sessions_delete_for (LdStore *store, const char *account_id, GError **error);
GPtrArray *ld_store_web_account_patients (LdStore *store, const char *account_id, GError **error);
gboolean   ld_store_web_link (LdStore    *store,
                              const char *account_id,
                              const char *patient_id,
                              const char *relation,
                              const char *linked_by,
                              gboolean    needs_review,
                              gint64      now_us,
                              GError    **error);
void       ld_web_account_link_free (LdWebAccountLink *link);
GPtrArray *ld_store_web_patient_accounts (LdStore *store, const char *patient_id, GError **error);
gboolean   ld_store_web_link_code_insert (LdStore    *store,
                                          const char *code_hash,
                                          const char *patient_id,
                                          const char *issued_by,
                                          gint64      now_us,
                                          gint64      expires_us,
                                          GError    **error);
char      *ld_store_web_link_code_take (LdStore    *store,
                                        const char *code_hash,
                                        const char *account_id,
                                        gint64      now_us,
                                        GError    **error);
GPtrArray *ld_store_web_account_order_ids (LdStore    *store,
                                           const char *account_id,
                                           guint       limit,
                                           GError    **error);
gboolean   ld_store_web_seed_demo_account (LdStore *store, const char *email, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdWebAccountLink, ld_web_account_link_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdWebCodeRow, ld_web_code_row_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdWebSessionRow, ld_web_session_row_clear)

GPtrArray *ld_store_web_review_parked       (LdStore         *store,
                                             GError         **error);
gboolean   ld_store_web_review_state        (LdStore         *store,
                                             const char      *patient_id,
                                             gboolean        *out_parked,
                                             char           **out_merged_into,
                                             GError         **error);
gboolean   ld_store_web_review_clear        (LdStore         *store,
                                             const char      *patient_id,
                                             GError         **error);
gboolean   ld_store_web_review_merge        (LdStore         *store,
                                             const char      *patient_id,
                                             const char      *into_id,
                                             GPtrArray      **out_order_ids,
                                             GError         **error);

G_END_DECLS
