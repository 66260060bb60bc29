/* ld-service-web-session.c: signing in to the patient pages with a code by e-mail or SMS
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A patient asks for a code for an address: an e-mail address or, where
 * [sms] sends "sign-in-code", a mobile number (E.164). Six digits go to
 * it through the notification outbox (template "sign-in-code", by e-mail
 * or SMS), valid ten minutes.
 * The answer is the same whether the address is known or not: nobody
 * learns from the page who has an account. Five wrong tries end the code
 * and start a cool-down, in which no code is sent or accepted. The right
 * code, once, makes the address's account (on its first sign-in) and a
 * web session: a random token in an HttpOnly cookie, kept only as its
 * hash, with its own CSRF token, ending after 30 idle minutes or 12 hours.
 * These sessions live in their own table: a staff token is never one, nor
 * is one ever a staff token.
 */

#define G_LOG_DOMAIN "ld-web"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "ld-patient-rules.h"
#include "ld-record-id.h"
#include "ld-service-web-session.h"
#include "ld-time.h"
#include "../domain/ld-password.h"
#include "../notify/ld-mime.h"
#include "../notify/ld-sms-number.h"
#include "../store/ld-store-notifications.h"

#define SIGN_IN_TEMPLATE "sign-in-code"

/* Touching last_seen on every page would make every read a write. */
#define TOUCH_INTERVAL_US (60 * G_USEC_PER_SEC)

/**
 * ld_web_normalize_email:
 * @text: an address as typed
 *
 * Returns: (transfer full) (nullable): the address trimmed and in lower
 *   case, or %NULL if it is not an e-mail address
 */
char *
ld_web_normalize_email (const char *text)
{
  g_autofree char *email = NULL;

  if (text == NULL)
    return NULL;
  email = g_utf8_strdown (text, -1);
  g_strstrip (email);
  if (strlen (email) > 254 || !ld_mime_address_is_valid (email))
    return NULL;
  return g_steal_pointer (&email);
}

/**
 * ld_web_normalize_mobile:
 * @text: a mobile number as typed ("98450 11111", "+91 98450-11111",
 *   "098450 11111")
 *
 * Only an Indian mobile number is one, as the desk tells it
 * (ld_patient_phone_display(): ten digits from 6 to 9 after the country
 * code, not a landline's area code and number, "080 4000 1234"), written
 * with digits, spaces and "+-()." alone.
 *
 * Returns: (transfer full) (nullable): the number in E.164
 *   ("+919845011111"), or %NULL if it is not an Indian mobile number
 */
char *
ld_web_normalize_mobile (const char *text)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *number = NULL;

  if (text == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0' || strlen (trimmed) > 32 ||
      trimmed[strspn (trimmed, "0123456789 +-().")] != '\0')
    return NULL;
  /* A mobile number is shown as two groups of five digits. */
  shown = ld_patient_phone_display (trimmed);
  if (strlen (shown) != 11 || shown[5] != ' ')
    return NULL;
  number = ld_sms_number_e164 (trimmed);
  if (number == NULL || !g_str_has_prefix (number, "+91") || strlen (number) != 13 ||
      number[3] < '6' || number[3] > '9')
    return NULL;
  return g_steal_pointer (&number);
}

/**
 * ld_web_address_is_phone:
 * @address: an address from ld_web_normalize_email() or
 *   ld_web_normalize_mobile()
 *
 * Returns: whether @address is a mobile number (an e-mail address has "@")
 */
gboolean
ld_web_address_is_phone (const char *address)
{
  g_return_val_if_fail (address != NULL, FALSE);

  return strchr (address, '@') == NULL;
}

/**
 * ld_service_web_codes_by_sms:
 * @store: the server's store
 *
 * Returns: whether sign-in codes may go by SMS: [sms] is configured with
 *   a registered template id for "sign-in-code"
 */
gboolean
ld_service_web_codes_by_sms (LdStore *store)
{
  g_return_val_if_fail (store != NULL, FALSE);

  return ld_store_notifications_sends_sms (store, SIGN_IN_TEMPLATE);
}

/* Codes are six digits: the address salts the hash. */
static char *
hash_code (const char *address,
           const char *code)
{
  g_autofree char *salted = g_strdup_printf ("%s\n%s", address, code);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, salted, -1);
}

typedef struct
{
  const char *address;
  const char *language;
  gboolean    code_in_log;
} SendCode;

static gboolean
send_code (LdServiceContext  *ctx,
           gpointer           data,
           GError           **error)
{
  SendCode *send = data;
  g_auto(LdWebCodeRow) row = { NULL };
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonObject) facts = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *code = NULL;
  g_autofree char *facts_text = NULL;
  g_autofree char *id = ld_record_id_new ();
  LdNotification notification = { 0 };
  gint64 now_us = ld_time_now ();

  if (ld_store_web_code_get (ctx->store, send->address, &row, &local) &&
      row.cool_until_us > now_us)
    return TRUE; /* cooling down: no code, and the same answer */
  if (local != NULL && !g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  ld_web_code_row_clear (&row);

  code = g_strdup_printf ("%06u", randombytes_uniform (1000000));
  row.code_hash = hash_code (send->address, code);
  row.expires_us = now_us + LD_WEB_CODE_LIFETIME_US;
  row.created_us = now_us;
  if (!ld_store_web_code_put (ctx->store, send->address, &row, error))
    return FALSE;

  json_object_set_string_member (facts, "code", code);
  json_node_set_object (root, facts);
  facts_text = ld_json_to_string (root);
  notification.id = id;
  notification.channel = (char *) (ld_web_address_is_phone (send->address) ? "sms" : "email");
  notification.template_name = (char *) SIGN_IN_TEMPLATE;
  notification.language = (char *) send->language;
  notification.facts = facts_text;
  notification.recipient = (char *) send->address;
  notification.next_attempt_us = now_us;
  notification.created_us = now_us;
  if (!ld_store_notifications_add (ctx->store, &notification, error))
    return FALSE;

  /* The demo has no mail server: its patient reads the code here. */
  if (send->code_in_log)
    g_message ("DEMO ONLY: the sign-in code for %s is %s", send->address, code);
  return ld_service_audit (ctx, "web.code.send", "web_account", NULL, NULL, error);
}

/**
 * ld_service_web_send_code:
 * @ctx: the request's service context
 * @address: a normalized e-mail address or mobile number
 * @language: "en" or "hi", the message's language
 * @code_in_log: whether to log the code too (the demo only)
 * @error: return location for a #GError
 *
 * Sends a new code to @address, by e-mail or SMS, unless it is cooling
 * down. A mobile number where codes do not go by SMS is refused with
 * %LD_API_ERROR_VALIDATION_FAILED.
 *
 * Returns: %TRUE on success, whether or not a code was sent
 */
gboolean
ld_service_web_send_code (LdServiceContext *ctx,
                          const char       *address,
                          const char       *language,
                          gboolean          code_in_log,
                          GError          **error)
{
  SendCode send = { address, language, code_in_log };

  g_return_val_if_fail (ctx != NULL && address != NULL && language != NULL, FALSE);

  if (ld_web_address_is_phone (address) && !ld_service_web_codes_by_sms (ctx->store))
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                           "Sign-in codes are not sent by SMS here.");
      return FALSE;
    }
  return ld_service_run (ctx, send_code, &send, error);
}

typedef struct
{
  const char  *address;
  const char  *code;
  LdWebSignIn  result;
  char        *token;
} CheckCode;

static gboolean
start_session (LdServiceContext  *ctx,
               CheckCode         *check,
               gint64             now_us,
               GError           **error)
{
  gboolean by_phone = ld_web_address_is_phone (check->address);
  const char *email = by_phone ? NULL : check->address;
  const char *phone = by_phone ? check->address : NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *account_id = ld_store_web_account_find (ctx->store, email, phone, &local);
  g_autofree char *token = ld_token_generate ();
  g_autofree char *token_hash = ld_token_hash (token);
  g_autofree char *csrf = ld_token_generate ();

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (account_id == NULL)
    {
      account_id = g_uuid_string_random ();
      if (!ld_store_web_account_insert (ctx->store, account_id, email, phone, now_us, error) ||
          !ld_service_audit (ctx, "web.account.create", "web_account", account_id, NULL, error))
        return FALSE;
    }
  if (!ld_store_web_session_insert (ctx->store, token_hash, account_id, csrf, now_us, error) ||
      !ld_service_audit (ctx, "web.sign-in", "web_account", account_id, NULL, error))
    return FALSE;

  g_free (check->token);
  check->token = g_steal_pointer (&token);
  return TRUE;
}

static gboolean
check_code (LdServiceContext  *ctx,
            gpointer           data,
            GError           **error)
{
  CheckCode *check = data;
  g_auto(LdWebCodeRow) row = { NULL };
  g_autoptr(GError) local = NULL;
  g_autofree char *hash = NULL;
  gint64 now_us = ld_time_now ();

  g_clear_pointer (&check->token, g_free);
  check->result = LD_WEB_SIGN_IN_WRONG;
  if (!ld_store_web_code_get (ctx->store, check->address, &row, &local))
    {
      if (!g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      return TRUE;
    }
  if (row.cool_until_us > now_us)
    {
      check->result = LD_WEB_SIGN_IN_COOLING;
      return TRUE;
    }
  if (*row.code_hash == '\0')
    return TRUE;
  if (row.expires_us <= now_us)
    {
      check->result = LD_WEB_SIGN_IN_EXPIRED;
      return ld_store_web_code_delete (ctx->store, check->address, error);
    }

  hash = hash_code (check->address, check->code);
  if (strlen (hash) != strlen (row.code_hash) ||
      sodium_memcmp (hash, row.code_hash, strlen (hash)) != 0)
    {
      row.tries++;
      if (row.tries >= LD_WEB_CODE_MAX_TRIES)
        {
          /* The code is spent: the next one comes after the cool-down. */
          g_free (row.code_hash);
          row.code_hash = g_strdup ("");
          row.cool_until_us = now_us + LD_WEB_CODE_COOL_DOWN_US;
          check->result = LD_WEB_SIGN_IN_COOLING;
        }
      return ld_store_web_code_put (ctx->store, check->address, &row, error) &&
             ld_service_audit (ctx, "web.sign-in.refuse", "web_account", NULL, NULL, error);
    }

  check->result = LD_WEB_SIGN_IN_OK;
  return ld_store_web_code_delete (ctx->store, check->address, error) &&
         start_session (ctx, check, now_us, error);
}

/**
 * ld_service_web_check_code:
 * @ctx: the request's service context
 * @address: a normalized e-mail address or mobile number
 * @code: the code as typed
 * @out_result: (out): what came of it
 * @out_token: (out) (transfer full) (nullable): on %LD_WEB_SIGN_IN_OK, the
 *   new session's token, for its cookie
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success, whatever the result
 */
gboolean
ld_service_web_check_code (LdServiceContext *ctx,
                           const char       *address,
                           const char       *code,
                           LdWebSignIn      *out_result,
                           char            **out_token,
                           GError          **error)
{
  CheckCode check = { address, code, LD_WEB_SIGN_IN_WRONG, NULL };

  g_return_val_if_fail (ctx != NULL && address != NULL && code != NULL, FALSE);

  if (!ld_service_run (ctx, check_code, &check, error))
    {
      g_free (check.token);
      return FALSE;
    }
  *out_result = check.result;
  *out_token = check.token;
  return TRUE;
}

/**
 * ld_service_web_session_check:
 * @store: a store
 * @token_hash: the hash of the cookie's token
 * @out_row: (out caller-allocates): the session, when live
 *
 * A session idle for 30 minutes or begun 12 hours ago has ended, and is
 * deleted. Errors count as no session.
 *
 * Returns: %TRUE if the session is live
 */
gboolean
ld_service_web_session_check (LdStore         *store,
                      const char      *token_hash,
                      LdWebSessionRow *out_row)
{
  g_autoptr(GError) error = NULL;
  gint64 now_us = ld_time_now ();

  if (!ld_store_web_session_get (store, token_hash, out_row, &error))
    return FALSE;
  if (now_us - out_row->last_seen_us > LD_WEB_SESSION_IDLE_US ||
      now_us - out_row->created_us > LD_WEB_SESSION_MAX_US)
    {
      ld_web_session_row_clear (out_row);
      if (!ld_store_web_session_delete (store, token_hash, &error))
        g_warning ("Could not end a web session: %s", error->message);
      return FALSE;
    }
  if (now_us - out_row->last_seen_us > TOUCH_INTERVAL_US &&
      !ld_store_web_session_touch (store, token_hash, now_us, &error))
    g_warning ("Could not touch a web session: %s", error->message);
  return TRUE;
}

typedef struct
{
  const char *token_hash;
  const char *account_id;
  gboolean    everywhere;
} SignOut;

static gboolean
sign_out (LdServiceContext  *ctx,
          gpointer           data,
          GError           **error)
{
  SignOut *out = data;

  if (out->everywhere
        ? !ld_store_web_sessions_delete_for (ctx->store, out->account_id, error)
        : !ld_store_web_session_delete (ctx->store, out->token_hash, error))
    return FALSE;
  return ld_service_audit (ctx, out->everywhere ? "web.sign-out-everywhere" : "web.sign-out",
                           "web_account", out->account_id, NULL, error);
}

gboolean
ld_service_web_sign_out (LdServiceContext *ctx,
                         const char       *token_hash,
                         const char       *account_id,
                         gboolean          everywhere,
                         GError          **error)
{
  SignOut out = { token_hash, account_id, everywhere };

  return ld_service_run (ctx, sign_out, &out, error);
}
