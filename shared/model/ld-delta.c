/* ld-delta.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The delta rule, in one place for the server and the client: a value
 * whose change from the patient's previous verified value of the test is
 * more than the test's limit is flagged. Both values are compared as
 * reported, in whole units of the test's last decimal, so a change exactly
 * at the limit is not flagged (as a value on a reference limit is normal).
 * A percent limit is a share of the previous value; from a previous value
 * of zero any change is flagged, and no change is not.
 */

#define G_LOG_DOMAIN "ld-delta"

#include "config.h"

#include <math.h>

#include "ld-delta.h"
#include "ld-time.h"

/* Far below one unit of the last decimal: it absorbs the binary error of
 * a limit such as 0.3, never a real unit of change. */
#define RELATIVE_SLACK 1e-9

static const char * const type_names[] = { "absolute", "percent" };

const char *
ld_delta_type_to_string (LdDeltaType type)
{
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (type_names), "absolute");

  return type_names[type];
}

/**
 * ld_delta_check_read:
 * @check: the test's delta check, changed only by a valid member
 * @reader: a catalogue test as JSON
 * @name: the member, "delta_check"
 *
 * Reads {"type": "absolute" | "percent", "limit": n, "window_days": n}, or
 * null for none, if the member is present; problems go to @reader.
 */
void
ld_delta_check_read (LdDeltaCheck *check,
                     LdJsonReader *reader,
                     const char   *name)
{
  g_autoptr(LdJsonReader) member = NULL;
  g_autofree char *type = NULL;
  LdDeltaCheck read = { TRUE, LD_DELTA_ABSOLUTE, 0, 0 };
  gboolean complete;

  g_return_if_fail (check != NULL && reader != NULL && name != NULL);

  if (!ld_json_reader_has (reader, name))
    return;
  member = ld_json_reader_get_object (reader, name, LD_JSON_NULLABLE);
  if (member == NULL)
    {
      /* Present and not an object: null (the reader gives no node), or
       * a mistyped member the reader has named. */
      if (ld_json_reader_get_node (reader, name, LD_JSON_NULLABLE) == NULL)
        *check = (LdDeltaCheck){ FALSE, LD_DELTA_ABSOLUTE, 0, 0 };
      return;
    }

  complete = ld_json_reader_get_string (member, "type", LD_JSON_REQUIRED, &type);
  complete &= ld_json_reader_get_number (member, "limit", LD_JSON_REQUIRED, &read.limit);
  complete &= ld_json_reader_get_int (member, "window_days", LD_JSON_REQUIRED, &read.window_days);
  if (complete)
    {
      if (g_str_equal (type, "percent"))
        read.type = LD_DELTA_PERCENT;
      else if (!g_str_equal (type, "absolute"))
        ld_json_reader_add_error (member, "type", "must be absolute or percent");
      if (read.limit <= 0)
        ld_json_reader_add_error (member, "limit", "must be above 0");
      else if (read.type == LD_DELTA_PERCENT && read.limit > LD_DELTA_MAX_PERCENT)
        ld_json_reader_add_error (member, "limit", "must be at most 1000 percent");
      else if (read.type == LD_DELTA_ABSOLUTE && read.limit > LD_DELTA_MAX_ABSOLUTE)
        ld_json_reader_add_error (member, "limit", "must be at most 1000000");
      if (read.window_days < 1 || read.window_days > LD_DELTA_MAX_WINDOW_DAYS)
        ld_json_reader_add_error (member, "window_days", "must be from 1 to 3650");
      *check = read;
    }
  ld_json_reader_end_object (reader, name, g_steal_pointer (&member));
}

/* "type", "limit" and "window_days", in the object @builder is in. */
static void
add_check_members (const LdDeltaCheck *check,
                   JsonBuilder        *builder)
{
  ld_json_builder_add_string (builder, "type", ld_delta_type_to_string (check->type));
  json_builder_set_member_name (builder, "limit");
  json_builder_add_double_value (builder, check->limit);
  ld_json_builder_add_int (builder, "window_days", check->window_days);
}

/**
 * ld_delta_check_to_json:
 * @check: a delta check
 * @builder: a builder inside an object
 * @name: the member to write
 *
 * Writes the check as ld_delta_check_read() reads it, or null for none.
 */
void
ld_delta_check_to_json (const LdDeltaCheck *check,
                        JsonBuilder        *builder,
                        const char         *name)
{
  g_return_if_fail (check != NULL && builder != NULL && name != NULL);

  json_builder_set_member_name (builder, name);
  if (!check->active)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  add_check_members (check, builder);
  json_builder_end_object (builder);
}

static double
unit_scale (gint64 decimals)
{
  double scale = 1;

  for (gint64 i = 0; i < decimals; i++)
    scale *= 10;
  return scale;
}

/**
 * ld_delta_exceeds:
 * @check: an active delta check
 * @decimals: the test's decimals, 0 to 6
 * @previous: the previous verified value, as reported
 * @current: the new value, as reported
 *
 * Returns: %TRUE when the change is more than the limit
 */
gboolean
ld_delta_exceeds (const LdDeltaCheck *check,
                  gint64              decimals,
                  double              previous,
                  double              current)
{
  double scale;
  double change;

  g_return_val_if_fail (check != NULL && check->active, FALSE);
  g_return_val_if_fail (decimals >= 0 && decimals <= 6, FALSE);

  scale = unit_scale (decimals);
  change = fabs (round (current * scale) - round (previous * scale));
  if (check->type == LD_DELTA_ABSOLUTE)
    return change > check->limit * scale * (1 + RELATIVE_SLACK);

  return change * 100 > check->limit * fabs (round (previous * scale)) * (1 + RELATIVE_SLACK);
}

/**
 * ld_delta_flag:
 * @check: the test's delta check
 * @decimals: the test's decimals
 * @previous: the patient's previous verified result of the test
 * @current: the new value, as reported
 *
 * Returns: (transfer full) (nullable): the delta flag a result carries,
 *   {"previous_result_id", "previous_value", "previous_collected_at",
 *   "difference" (new minus previous, in the test's unit), "percent" (of
 *   the previous value, to one decimal; null from zero), "type", "limit",
 *   "window_days"}; %NULL when the change is within the limit
 */
JsonNode *
ld_delta_flag (const LdDeltaCheck    *check,
               gint64                 decimals,
               const LdDeltaPrevious *previous,
               double                 current)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *collected_at = NULL;
  double scale, previous_units, change_units;

  g_return_val_if_fail (check != NULL && previous != NULL, NULL);

  if (!check->active || !ld_delta_exceeds (check, decimals, previous->numeric_value, current))
    return NULL;

  scale = unit_scale (decimals);
  previous_units = round (previous->numeric_value * scale);
  change_units = round (current * scale) - previous_units;
  collected_at = ld_time_format_rfc3339 (previous->collected_us);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "previous_result_id", previous->result_id);
  ld_json_builder_add_string (builder, "previous_value", previous->value);
  ld_json_builder_add_string (builder, "previous_collected_at", collected_at);
  json_builder_set_member_name (builder, "difference");
  json_builder_add_double_value (builder, change_units / scale);
  json_builder_set_member_name (builder, "percent");
  if (previous_units != 0)
    json_builder_add_double_value (builder,
                                   round (change_units * 1000 / fabs (previous_units)) / 10);
  else
    json_builder_add_null_value (builder);
  add_check_members (check, builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
