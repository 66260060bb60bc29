/* ld-service-instruments.c: analyzers configured, their messages stored, unmatched results resolved
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 34. A message from an instrument is stored in one transaction:
 * the message itself (once per sender and message id), its values as
 * drafts on the samples it names (through the entry service, by the
 * rules a person's save follows, as the actor "instrument <name>"), and
 * what could not be placed in the unmatched list. Any failure stores
 * none of it. Nothing an instrument sends is submitted, verified or
 * released by arriving.
 */

#define G_LOG_DOMAIN "ld-service-instruments"

#include "config.h"

#include <math.h>

#include "ld-service-instruments.h"
#include "ld-service-entry.h"
#include "ld-service-appointments.h"
#include "ld-command.h"
#include "ld-json.h"
#include "ld-result-body.h"
#include "ld-time.h"
#include "../store/ld-store-results.h"
#include "../store/ld-store-samples.h"

/* The most unmatched results a message may add: an analyzer's run is far
 * fewer; more is a misconfigured instrument flooding the list. */
#define MAX_RESULTS_PER_MESSAGE 1000

static gboolean
check_codes (LdServiceContext    *ctx,
             const LdInstrument  *instrument,
             GError             **error)
{
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < instrument->codes->len; i++)
    {
      const LdInstrumentCode *code = g_ptr_array_index (instrument->codes, i);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(LdCatalogTest) test =
                   ld_store_catalog_get_test (ctx->store, code->test_code, &local_error);

      if (test != NULL)
        continue;
      if (!g_error_matches (local_error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_hash_table_insert (fields, g_strdup_printf ("codes[%u].test_code", i),
                           g_strdup ("is not a test in the catalogue"));
    }
  if (g_hash_table_size (fields) == 0)
    return TRUE;

  g_propagate_error (error, ld_api_error_new_fields (LD_API_ERROR_VALIDATION_FAILED, fields,
                                                     "The instrument maps to unknown tests."));
  return FALSE;
}

static gboolean
add_instrument (LdServiceContext  *ctx,
                gpointer           data,
                GError           **error)
{
  LdInstrument *instrument = data;
  g_autoptr(GError) insert_error = NULL;

  if (!check_codes (ctx, instrument, error))
    return FALSE;
  if (!ld_store_instruments_insert (ctx->store, instrument, ctx->now_us, &insert_error))
    return ld_service_error_taken (insert_error, "name",
                                   "Another instrument already has this name.", error);

  return ld_service_audit (ctx, "instrument.create", "instrument", instrument->id,
                           instrument->name, error);
}

/**
 * ld_service_instruments_add:
 * @ctx: an administrator
 * @instrument: the instrument as read (ld_instrument_read()); its id and
 *   version are set
 * @error: return location for a #GError (validation_failed naming
 *   `codes[i].test_code` for a test not in the catalogue, conflict naming
 *   `name` when it is taken)
 *
 * Returns: (transfer none) (nullable): @instrument, stored
 */
LdInstrument *
ld_service_instruments_add (LdServiceContext  *ctx,
                            LdInstrument      *instrument,
                            GError           **error)
{
  g_return_val_if_fail (ctx != NULL && instrument != NULL, NULL);

  return ld_service_run (ctx, add_instrument, instrument, error) ? instrument : NULL;
}

typedef struct
{
  LdInstrument *instrument;
  gint64        expected_version;
} Edit;

static gboolean
edit_instrument (LdServiceContext  *ctx,
                 gpointer           data,
                 GError           **error)
{
  Edit *edit = data;
  g_autoptr(LdInstrument) stored = NULL;
  g_autoptr(GError) update_error = NULL;

  if ((stored = ld_store_instruments_get (ctx->store, edit->instrument->id, error)) == NULL ||
      !check_codes (ctx, edit->instrument, error))
    return FALSE;
  if (!ld_store_instruments_update (ctx->store, edit->instrument, edit->expected_version,
                                    ctx->now_us, &update_error))
    {
      if (g_error_matches (update_error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT))
        {
          g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                               "Someone changed this instrument since you opened it.");
          return FALSE;
        }
      return ld_service_error_taken (update_error, "name",
                                     "Another instrument already has this name.", error);
    }

  return ld_service_audit (ctx, "instrument.update", "instrument", edit->instrument->id,
                           edit->instrument->name, error);
}

/**
 * ld_service_instruments_edit:
 * @ctx: an administrator
 * @instrument: the instrument as it is to be, with its id
 * @expected_version: the version the administrator edited
 * @error: return location for a #GError (not found, conflict when
 *   stale, as ld_service_instruments_add() otherwise)
 *
 * Returns: (transfer none) (nullable): @instrument, stored, its version raised
 */
LdInstrument *
ld_service_instruments_edit (LdServiceContext  *ctx,
                             LdInstrument      *instrument,
                             gint64             expected_version,
                             GError           **error)
{
  Edit edit = { instrument, expected_version };

  g_return_val_if_fail (ctx != NULL && instrument != NULL && instrument->id != NULL, NULL);

  return ld_service_run (ctx, edit_instrument, &edit, error) ? instrument : NULL;
}

/* The value in the catalogue's unit: a number times the map's factor,
 * written with the test's decimals; anything else as sent. */
static char *
convert_value (const LdInstrumentCode *code,
               const LdCatalogTest    *test,
               const char             *value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *format = NULL;
  char *end = NULL;
  double number;

  if (value == NULL || !code->has_factor)
    return g_strdup (value);
  number = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0' || !isfinite (number))
    return g_strdup (value);

  format = g_strdup_printf ("%%.%" G_GINT64_FORMAT "f", CLAMP (test->decimals, 0, 6));
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, number * code->factor));
}

/* The values of one message for one order. */
typedef struct
{
  char      *order_id;
  GPtrArray *items;
  GPtrArray *flags;
  GPtrArray *observed_at;
} OrderDrafts;

static void
order_drafts_free (OrderDrafts *drafts)
{
  g_free (drafts->order_id);
  g_ptr_array_unref (drafts->items);
  g_ptr_array_unref (drafts->flags);
  g_ptr_array_unref (drafts->observed_at);
  g_free (drafts);
}

static OrderDrafts *
find_drafts (GPtrArray  *orders,
             const char *order_id)
{
  OrderDrafts *drafts;

  for (guint i = 0; i < orders->len; i++)
    if (g_strcmp0 (((OrderDrafts *) g_ptr_array_index (orders, i))->order_id, order_id) == 0)
      return g_ptr_array_index (orders, i);

  drafts = g_new0 (OrderDrafts, 1);
  drafts->order_id = g_strdup (order_id);
  drafts->items = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_result_entry_free);
  drafts->flags = g_ptr_array_new_with_free_func (g_free);
  drafts->observed_at = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (orders, drafts);
  return drafts;
}

static void
add_draft (OrderDrafts              *drafts,
           const char               *test_code,
           char                     *value,
           const LdInstrumentResult *sent)
{
  /* The same test twice in one message: the later value is the one kept. */
  for (guint i = 0; i < drafts->items->len; i++)
    {
      LdResultEntry *entry = g_ptr_array_index (drafts->items, i);

      if (g_strcmp0 (entry->test_code, test_code) != 0)
        continue;
      g_free (entry->value);
      entry->value = value;
      g_free (g_ptr_array_index (drafts->flags, i));
      drafts->flags->pdata[i] = g_strdup (sent->flags);
      g_free (g_ptr_array_index (drafts->observed_at, i));
      drafts->observed_at->pdata[i] = g_strdup (sent->observed_at);
      return;
    }

  g_ptr_array_add (drafts->items, ld_result_entry_new (test_code, 0, NULL, NULL));
  ((LdResultEntry *) g_ptr_array_index (drafts->items, drafts->items->len - 1))->value = value;
  g_ptr_array_add (drafts->flags, g_strdup (sent->flags));
  g_ptr_array_add (drafts->observed_at, g_strdup (sent->observed_at));
}

/**
 * ld_unmatched_result_to_json:
 * @unmatched: an unmatched result
 *
 * The record as `GET /api/v1/unmatched-results` and the change feed
 * (entity `unmatched_result`) show it.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
ld_unmatched_result_to_json (const LdUnmatchedResult *unmatched)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *received = ld_time_format_rfc3339 (unmatched->received_us);
  g_autofree char *resolved =
    unmatched->resolved_us > 0 ? ld_time_format_rfc3339 (unmatched->resolved_us) : NULL;

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "id", unmatched->id);
  ld_json_builder_add_string (builder, "instrument_id", unmatched->instrument_id);
  ld_json_builder_add_string (builder, "instrument", unmatched->instrument_name);
  ld_json_builder_add_string (builder, "accession", unmatched->accession);
  ld_json_builder_add_string (builder, "instrument_code", unmatched->instrument_code);
  ld_json_builder_add_string (builder, "value", unmatched->value);
  ld_json_builder_add_string (builder, "units", unmatched->units);
  ld_json_builder_add_string (builder, "flags", unmatched->flags);
  ld_json_builder_add_string (builder, "observed_at", unmatched->observed_at);
  ld_json_builder_add_string (builder, "reason", unmatched->reason);
  ld_json_builder_add_string (builder, "received_at", received);
  ld_json_builder_add_string (builder, "resolution", unmatched->resolution);
  ld_json_builder_add_string (builder, "resolution_note", unmatched->resolution_note);
  ld_json_builder_add_string (builder, "resolved_by", unmatched->resolved_by);
  ld_json_builder_add_string (builder, "resolved_at", resolved);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Puts the unmatched result, as stored now, in the change feed: the
 * lab's Unmatched pages follow it. */
static gboolean
publish_unmatched (LdServiceContext  *ctx,
                   const char        *id,
                   GError           **error)
{
  g_autoptr(LdUnmatchedResult) stored = ld_store_unmatched_get (ctx->store, id, error);
  g_autoptr(JsonNode) record = NULL;

  if (stored == NULL)
    return FALSE;
  record = ld_unmatched_result_to_json (stored);
  return ld_service_record_change (ctx, "unmatched_result", id,
                                   ld_command_get_info (LD_COMMAND_UNMATCHED_RESOLVE)->roles,
                                   record, error);
}

static gboolean
hold_unmatched (LdServiceContext          *ctx,
                const char                *instrument_id,
                gint64                     message_row,
                const LdInstrumentResult  *sent,
                const char                *reason,
                GError                   **error)
{
  g_autoptr(LdUnmatchedResult) unmatched = ld_unmatched_result_new ();

  unmatched->instrument_id = g_strdup (instrument_id);
  unmatched->accession = g_strdup (sent->accession);
  unmatched->instrument_code = g_strdup (sent->instrument_code);
  unmatched->value = g_strdup (sent->value);
  unmatched->units = g_strdup (sent->units);
  unmatched->flags = g_strdup (sent->flags);
  unmatched->observed_at = g_strdup (sent->observed_at);
  unmatched->reason = g_strdup (reason);
  unmatched->received_us = ctx->now_us;
  return ld_store_unmatched_insert (ctx->store, unmatched, message_row, error) &&
         publish_unmatched (ctx, unmatched->id, error);
}

/* The sample an accession names, or NULL (no error) when there is none. */
static LdSample *
find_sample (LdServiceContext  *ctx,
             const char        *accession,
             GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  LdSample *sample;

  if (accession == NULL || *accession == '\0')
    return NULL;
  sample = ld_store_samples_find (ctx->store, NULL, accession, &local_error);
  if (sample == NULL && !g_error_matches (local_error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));
  return sample;
}

/* Where one value goes: a draft on its order, or the unmatched list. */
static gboolean
place_result (LdServiceContext          *ctx,
              const LdInstrument        *instrument,
              gint64                     message_row,
              const LdInstrumentResult  *sent,
              GPtrArray                 *orders,
              LdDelivered               *delivered,
              GError                   **error)
{
  const LdInstrumentCode *code = ld_instrument_find_code (instrument, sent->instrument_code);
  g_autoptr(LdSample) sample = NULL;
  g_autoptr(LdCatalogTest) test = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *reason = NULL;

  if (code == NULL)
    reason = "unmapped-code";
  else if ((sample = find_sample (ctx, sent->accession, &local_error)) == NULL)
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      reason = "unknown-accession";
    }
  else if (sample->test_codes == NULL ||
           !g_strv_contains ((const char * const *) sample->test_codes, code->test_code))
    reason = "not-ordered";

  if (reason != NULL)
    {
      delivered->unmatched++;
      return hold_unmatched (ctx, instrument->id, message_row, sent, reason, error);
    }

  if ((test = ld_store_catalog_get_test (ctx->store, code->test_code, error)) == NULL)
    return FALSE;
  add_draft (find_drafts (orders, sample->order_id), code->test_code,
             convert_value (code, test, sent->value), sent);
  delivered->drafts++;
  return TRUE;
}

/* Each item's version is its result's as read in this transaction. */
static gboolean
save_drafts (LdServiceContext    *ctx,
             const LdInstrument  *instrument,
             OrderDrafts         *drafts,
             GError             **error)
{
  g_autoptr(GPtrArray) results = ld_store_results_for_order (ctx->store, drafts->order_id, error);
  LdEntrySource source = { instrument->name, drafts->flags, drafts->observed_at };
  LdResultsChange change = { NULL };
  gboolean ok;

  if (results == NULL)
    return FALSE;
  for (guint i = 0; i < drafts->items->len; i++)
    {
      LdResultEntry *entry = g_ptr_array_index (drafts->items, i);
      LdResult *result = ld_service_find_result (results, entry->test_code);

      entry->version = result ? result->version : 1;
    }

  ok = ld_service_save_drafts_from (ctx, drafts->order_id, drafts->items, &source, &change, error);
  ld_results_change_clear (&change);
  return ok;
}

typedef struct
{
  const char          *instrument_id;
  LdInstrumentMessage *message;
  LdDelivered         *delivered;
} Delivery;

static gboolean
deliver (LdServiceContext  *ctx,
         gpointer           data,
         GError           **error)
{
  Delivery *delivery = data;
  LdInstrumentMessage *message = delivery->message;
  g_autoptr(LdInstrument) instrument = NULL;
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) order_drafts_free);
  g_autofree char *summary = NULL;
  gint64 row;

  *delivery->delivered = (LdDelivered){ FALSE, 0, 0 };
  if (message->results->len > MAX_RESULTS_PER_MESSAGE)
    {
      g_set_error (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                   "The message has more than %u results.", MAX_RESULTS_PER_MESSAGE);
      return FALSE;
    }
  if ((instrument = ld_store_instruments_get (ctx->store, delivery->instrument_id, error)) == NULL)
    return FALSE;

  summary = g_strdup_printf ("%s from %s: %u results", message->message_id, message->sender,
                             message->results->len);
  if (!ld_store_instrument_messages_add (ctx->store, instrument->id, message->sender,
                                         message->message_id,
                                         message->raw ? message->raw : "", summary, ctx->now_us,
                                         &row, error))
    return FALSE;
  if (row == 0)
    {
      delivery->delivered->duplicate = TRUE;
      return TRUE;
    }

  for (guint i = 0; i < message->results->len; i++)
    if (!place_result (ctx, instrument, row, g_ptr_array_index (message->results, i), orders,
                       delivery->delivered, error))
      return FALSE;
  for (guint i = 0; i < orders->len; i++)
    if (!save_drafts (ctx, instrument, g_ptr_array_index (orders, i), error))
      return FALSE;

  g_clear_pointer (&summary, g_free);
  summary = g_strdup_printf ("%s: %u drafts, %u unmatched", message->message_id,
                             delivery->delivered->drafts, delivery->delivered->unmatched);
  return ld_store_instrument_messages_set_summary (ctx->store, row, summary, error) &&
         ld_service_audit (ctx, "instrument.message", "instrument", instrument->id, summary,
                           error);
}

/**
 * ld_service_instruments_deliver:
 * @ctx: the instrument's context: no user, the actor name
 *   "instrument <name>", on the store's thread
 * @instrument_id: the instrument it came from
 * @message: the message, checked and complete
 * @out_delivered: (out caller-allocates): what was stored
 * @error: return location for a #GError
 *
 * Stores one message whole, or nothing of it.
 *
 * Returns: %TRUE once committed (or found stored before)
 */
gboolean
ld_service_instruments_deliver (LdServiceContext     *ctx,
                                const char           *instrument_id,
                                LdInstrumentMessage  *message,
                                LdDelivered          *out_delivered,
                                GError              **error)
{
  Delivery delivery = { instrument_id, message, out_delivered };

  g_return_val_if_fail (ctx != NULL && ctx->actor_name != NULL, FALSE);
  g_return_val_if_fail (instrument_id != NULL && message != NULL && out_delivered != NULL, FALSE);
  g_return_val_if_fail (message->sender != NULL && message->message_id != NULL, FALSE);

  return ld_service_run (ctx, deliver, &delivery, error);
}

/**
 * ld_service_instruments_ordered:
 * @ctx: the instrument's context
 * @instrument_id: the instrument asking
 * @accession: the sample it asks about
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND when no
 *   sample has this accession)
 *
 * Reads, without writing, what is ordered on a sample that this
 * instrument has a code for (host query).
 *
 * Returns: (transfer full) (element-type LdInstrumentOrder) (nullable):
 *   the tests, in the instrument's codes
 */
GPtrArray *
ld_service_instruments_ordered (LdServiceContext  *ctx,
                                const char        *instrument_id,
                                const char        *accession,
                                GError           **error)
{
  g_autoptr(LdInstrument) instrument = NULL;
  g_autoptr(LdSample) sample = NULL;
  g_autoptr(GPtrArray) orders = NULL;

  g_return_val_if_fail (ctx != NULL && instrument_id != NULL && accession != NULL, NULL);

  if ((instrument = ld_store_instruments_get (ctx->store, instrument_id, error)) == NULL ||
      (sample = ld_store_samples_find (ctx->store, NULL, accession, error)) == NULL)
    return NULL;

  orders = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_instrument_order_free);
  for (guint i = 0; sample->test_codes != NULL && sample->test_codes[i] != NULL; i++)
    for (guint j = 0; j < instrument->codes->len; j++)
      {
        const LdInstrumentCode *code = g_ptr_array_index (instrument->codes, j);
        g_autoptr(LdCatalogTest) test = NULL;
        LdInstrumentOrder *order;

        if (g_strcmp0 (code->test_code, sample->test_codes[i]) != 0)
          continue;
        test = ld_store_catalog_get_test (ctx->store, code->test_code, NULL);
        order = g_new0 (LdInstrumentOrder, 1);
        order->instrument_code = g_strdup (code->instrument_code);
        order->name = g_strdup (test ? test->name : code->test_code);
        g_ptr_array_add (orders, order);
        break;
      }
  return g_steal_pointer (&orders);
}

typedef struct
{
  const char                  *id;
  const LdUnmatchedResolution *resolution;
  LdUnmatchedResult           *unmatched;
} Resolve;

static gboolean
attach (LdServiceContext   *ctx,
        LdUnmatchedResult  *unmatched,
        const char         *accession,
        const char         *test_code,
        GError            **error)
{
  g_autoptr(LdInstrument) instrument = NULL;
  g_autoptr(LdSample) sample = NULL;
  g_autoptr(LdCatalogTest) test = NULL;
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) order_drafts_free);
  LdInstrumentResult sent = { 0 };
  const LdInstrumentCode *code;
  g_autoptr(LdInstrumentCode) as_sent = ld_instrument_code_new (NULL, test_code);
  g_autoptr(GError) local_error = NULL;

  if ((instrument = ld_store_instruments_get (ctx->store, unmatched->instrument_id, error)) ==
      NULL)
    return FALSE;
  sample = find_sample (ctx, accession, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (sample == NULL)
    {
      GError *refused = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                                             "No sample has this accession.");

      ld_api_error_set_field (refused, "accession", "names no sample");
      g_propagate_error (error, refused);
      return FALSE;
    }
  if (sample->test_codes == NULL ||
      !g_strv_contains ((const char * const *) sample->test_codes, test_code))
    {
      GError *refused = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                                             "This test is not ordered on this sample.");

      ld_api_error_set_field (refused, "test_code", "is not ordered on this sample");
      g_propagate_error (error, refused);
      return FALSE;
    }
  if ((test = ld_store_catalog_get_test (ctx->store, test_code, error)) == NULL)
    return FALSE;

  /* Converted as the map says when the map has the code for this test. */
  code = ld_instrument_find_code (instrument, unmatched->instrument_code);
  if (code == NULL || g_strcmp0 (code->test_code, test_code) != 0)
    code = as_sent;
  sent.flags = unmatched->flags;
  sent.observed_at = unmatched->observed_at;
  add_draft (find_drafts (orders, sample->order_id), test_code,
             convert_value (code, test, unmatched->value), &sent);

  unmatched->resolution_note = g_strdup_printf ("%s %s", accession, test_code);
  return save_drafts (ctx, instrument, g_ptr_array_index (orders, 0), error);
}

static gboolean
resolve (LdServiceContext  *ctx,
         gpointer           data,
         GError           **error)
{
  Resolve *resolve = data;
  const LdUnmatchedResolution *resolution = resolve->resolution;
  LdUnmatchedResult *unmatched;
  g_autoptr(GError) update_error = NULL;
  LdCommandTarget target = { NULL };
  LdActor actor;

  if ((resolve->unmatched = ld_store_unmatched_get (ctx->store, resolve->id, error)) == NULL)
    return FALSE;
  unmatched = resolve->unmatched;
  ld_service_actor_of (ctx, &actor);
  target.unmatched_id = unmatched->id;
  target.unmatched_resolved = unmatched->resolved_us != 0;
  if (!ld_command_check (LD_COMMAND_UNMATCHED_RESOLVE, &actor, &target, error))
    return FALSE;

  g_free (unmatched->resolution);
  g_clear_pointer (&unmatched->resolution_note, g_free);
  if (g_strcmp0 (resolution->action, "attach") == 0)
    {
      unmatched->resolution = g_strdup ("attached");
      if (!attach (ctx, unmatched, resolution->accession, resolution->test_code, error))
        return FALSE;
    }
  else
    {
      unmatched->resolution = g_strdup ("discarded");
      unmatched->resolution_note = g_strdup (resolution->reason);
    }
  unmatched->resolved_by = g_strdup (ld_user_get_id (ctx->actor));
  unmatched->resolved_us = ctx->now_us;

  if (!ld_store_unmatched_resolve (ctx->store, unmatched, &update_error))
    {
      if (g_error_matches (update_error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT))
        g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_CONFLICT, update_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&update_error));
      return FALSE;
    }

  return ld_service_audit (ctx,
                           g_strcmp0 (unmatched->resolution, "attached") == 0
                             ? "instrument.unmatched_attach"
                             : "instrument.unmatched_discard",
                           "instrument_unmatched", unmatched->id, unmatched->resolution_note,
                           error) &&
         publish_unmatched (ctx, unmatched->id, error);
}

/**
 * ld_service_unmatched_resolve:
 * @ctx: a technician
 * @id: the unmatched result
 * @resolution: attach it (to an accession and test, as a draft) or
 *   discard it (with a reason); read and checked by the caller
 * @error: return location for a #GError (not found; conflict when it is
 *   resolved already; validation_failed naming `accession` or `test_code`)
 *
 * Returns: (transfer full) (nullable): the unmatched result, resolved
 */
LdUnmatchedResult *
ld_service_unmatched_resolve (LdServiceContext             *ctx,
                              const char                   *id,
                              const LdUnmatchedResolution  *resolution,
                              GError                      **error)
{
  Resolve data = { id, resolution, NULL };

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL && id != NULL, NULL);
  g_return_val_if_fail (resolution != NULL && resolution->action != NULL, NULL);

  if (!ld_service_run (ctx, resolve, &data, error))
    {
      g_clear_pointer (&data.unmatched, ld_unmatched_result_free);
      return NULL;
    }
  return data.unmatched;
}
