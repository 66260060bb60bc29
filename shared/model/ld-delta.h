/* ld-delta.h: delta checks, a result against the patient's previous one
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-json.h"

G_BEGIN_DECLS

#define LD_DELTA_MAX_ABSOLUTE 1000000.0
#define LD_DELTA_MAX_PERCENT  1000.0
#define LD_DELTA_MAX_WINDOW_DAYS 3650

typedef enum
{
  LD_DELTA_ABSOLUTE,
  LD_DELTA_PERCENT,
} LdDeltaType;

/**
 * LdDeltaCheck:
 * @active: whether the test has a delta check
 * @type: whether @limit is in the test's unit or a percentage of the
 *   previous value
 * @limit: the largest change that is not flagged
 * @window_days: how far back, from the sample's collection, a previous
 *   result counts
 *
 * A catalogue test's delta check, as "delta_check" in its JSON.
 */
typedef struct
{
  gboolean    active;
  LdDeltaType type;
  double      limit;
  gint64      window_days;
} LdDeltaCheck;

/**
 * LdDeltaPrevious:
 * @result_id: the previous verified result
 * @value: its value as reported
 * @numeric_value: the same as a number
 * @collected_us: its sample's collection, microseconds since the epoch
 *
 * The result a new one is compared with.
 */
typedef struct
{
  const char *result_id;
  const char *value;
  double      numeric_value;
  gint64      collected_us;
} LdDeltaPrevious;

const char *ld_delta_type_to_string (LdDeltaType          type);
void        ld_delta_check_read     (LdDeltaCheck        *check,
                                     LdJsonReader        *reader,
                                     const char          *name);
void        ld_delta_check_to_json  (const LdDeltaCheck  *check,
                                     JsonBuilder         *builder,
                                     const char          *name);
gboolean    ld_delta_exceeds        (const LdDeltaCheck  *check,
                                     gint64               decimals,
                                     double               previous,
                                     double               current);
JsonNode   *ld_delta_flag           (const LdDeltaCheck    *check,
                                     gint64                 decimals,
                                     const LdDeltaPrevious *previous,
                                     double                 current);

G_END_DECLS
