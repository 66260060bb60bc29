/* ld-instrument-message.c: the neutral shape of what an analyzer said. */
#include "ld-instrument-message.h"

LdInstrumentResult *
ld_instrument_result_new (void)
{
  return g_new0 (LdInstrumentResult, 1);
}

void
ld_instrument_result_free (LdInstrumentResult *result)
{
  if (result == NULL)
    return;
  g_free (result->accession);
  g_free (result->instrument_code);
  g_free (result->value);
  g_free (result->units);
  g_free (result->reference_range);
  g_free (result->flags);
  g_free (result->status);
  g_free (result->observed_at);
  g_free (result->comment);
  g_free (result);
}

LdInstrumentMessage *
ld_instrument_message_new (void)
{
  LdInstrumentMessage *message = g_new0 (LdInstrumentMessage, 1);

  message->results = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_instrument_result_free);
  message->queries = g_ptr_array_new_with_free_func (g_free);
  return message;
}

void
ld_instrument_message_free (LdInstrumentMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->message_id);
  g_free (message->sender);
  g_ptr_array_unref (message->results);
  g_ptr_array_unref (message->queries);
  g_free (message->raw);
  g_free (message);
}

void
ld_instrument_order_free (LdInstrumentOrder *order)
{
  if (order == NULL)
    return;
  g_free (order->instrument_code);
  g_free (order->name);
  g_free (order);
}
