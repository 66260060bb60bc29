/* ld-audit.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-audit"

#include "config.h"

#include "ld-audit.h"
#include "ld-text.h"

#include <sodium.h>
#include <string.h>

LdAuditEvent *
ld_audit_event_new (void)
{
  return g_new0 (LdAuditEvent, 1);
}

void
ld_audit_event_free (LdAuditEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->at);
  g_free (event->user_id);
  g_free (event->username);
  g_free (event->action);
  g_free (event->entity);
  g_free (event->entity_id);
  g_free (event->client);
  g_free (event->detail);
  g_free (event->prev_hash);
  g_free (event->hash);
  g_free (event);
}

/* What the trail keeps of any one field: enough for every real name, id,
 * address and note, never an attacker's megabyte. */
#define MAX_FIELD_BYTES 256

/**
 * ld_audit_clamp_text:
 * @text: (nullable): a value from outside, such as a user name tried
 * @max_bytes: the most to keep, at least 8
 *
 * Returns: (transfer full) (nullable): @text, or its first whole UTF-8
 *   characters within @max_bytes followed by "…" when it is longer;
 *   invalid UTF-8 is replaced first
 */
char *
ld_audit_clamp_text (const char *text,
                     gsize       max_bytes)
{
  static const char ellipsis[] = "…";
  g_autofree char *valid = NULL;
  GString *clamped;
  const char *end;

  g_return_val_if_fail (max_bytes >= 8, NULL);

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  if (strlen (valid) <= max_bytes)
    return g_steal_pointer (&valid);

  end = g_utf8_find_prev_char (valid, valid + max_bytes - strlen (ellipsis) + 1);
  clamped = g_string_new_len (valid, end - valid);
  g_string_append (clamped, ellipsis);
  return g_string_free (clamped, FALSE);
}

/**
 * ld_audit_event_clamp:
 * @event: an event about to be appended
 *
 * Bounds the fields that carry what a client sent, so that no request can
 * write more than a few hundred bytes into the permanent, hash-chained
 * trail.
 */
void
ld_audit_event_clamp (LdAuditEvent *event)
{
  char **fields[] = { &event->username, &event->entity_id, &event->client, &event->detail };

  g_return_if_fail (event != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (*fields[i] != NULL && strlen (*fields[i]) > MAX_FIELD_BYTES)
      {
        char *clamped = ld_audit_clamp_text (*fields[i], MAX_FIELD_BYTES);

        g_free (*fields[i]);
        *fields[i] = clamped;
      }
}

static void
append_field (GString    *message,
              const char *value)
{
  gsize length;

  /* Each field is length-prefixed, so moving text from one field to the
   * next changes the hash; a NULL differs from an empty string. */
  if (value == NULL)
    {
      g_string_append_len (message, "-1:", 3);
      return;
    }

  length = strlen (value);
  ld_text_append_int (message, (gint64) length);
  g_string_append_c (message, ':');
  g_string_append_len (message, value, length);
}

static GString *
build_message (const LdAuditEvent *event)
{
  GString *message = g_string_sized_new (256);
  g_autoptr(GString) seq = g_string_sized_new (24);

  ld_text_append_int (seq, event->seq);

  append_field (message, event->prev_hash);
  append_field (message, seq->str);
  append_field (message, event->at);
  append_field (message, event->user_id);
  append_field (message, event->username);
  append_field (message, event->action);
  append_field (message, event->entity);
  append_field (message, event->entity_id);
  append_field (message, event->client);
  append_field (message, event->detail);
  return message;
}

/**
 * ld_audit_event_compute_hash:
 * @event: an event with every field but @hash set
 * @key: (nullable) (array length=key_length): the chain's secret key, or
 *   %NULL for an event of the unkeyed chain older databases began with
 * @key_length: the length of @key
 *
 * Over the same fields, with @key this is HMAC-SHA-256, which nobody
 * without the key can recompute after changing an event; without it,
 * plain SHA-256. libsodium's, without GLib's allocations: the writer
 * hashes every event it appends.
 *
 * Returns: (transfer full): the hash in hex that chains @event to the one
 *   before it
 */
char *
ld_audit_event_compute_hash (const LdAuditEvent *event,
                             const guint8       *key,
                             gsize               key_length)
{
  g_autoptr(GString) message = NULL;
  guint8 digest[crypto_auth_hmacsha256_BYTES];
  char hex[2 * crypto_auth_hmacsha256_BYTES + 1];

  G_STATIC_ASSERT (crypto_hash_sha256_BYTES == crypto_auth_hmacsha256_BYTES);
  g_return_val_if_fail (event != NULL, NULL);

  message = build_message (event);
  if (key == NULL)
    {
      crypto_hash_sha256 (digest, (const guint8 *) message->str, message->len);
    }
  else
    {
      crypto_auth_hmacsha256_state state;

      crypto_auth_hmacsha256_init (&state, key, key_length);
      crypto_auth_hmacsha256_update (&state, (const guint8 *) message->str, message->len);
      crypto_auth_hmacsha256_final (&state, digest);
      sodium_memzero (&state, sizeof state);
    }

  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  return g_strdup (hex);
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
ld_audit_event_to_json (const LdAuditEvent *event,
                        JsonBuilder        *builder)
{
  g_return_if_fail (event != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, event->seq);
  add_nullable_string (builder, "at", event->at);
  add_nullable_string (builder, "user_id", event->user_id);
  add_nullable_string (builder, "username", event->username);
  add_nullable_string (builder, "action", event->action);
  add_nullable_string (builder, "entity", event->entity);
  add_nullable_string (builder, "entity_id", event->entity_id);
  add_nullable_string (builder, "client", event->client);
  add_nullable_string (builder, "detail", event->detail);
  add_nullable_string (builder, "hash", event->hash);
  json_builder_end_object (builder);
}
