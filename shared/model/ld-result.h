/* ld-result.h: a test's result, its amendments after release
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-json-out.h"

#include "ld-alert.h"

G_BEGIN_DECLS

/* A change made after release: the old value is kept and shown on the
 * corrected report. */
typedef struct
{
  char   *old_value;
  char   *old_flag;
  char   *old_comment;
  char   *new_value;
  char   *new_flag;
  char   *new_comment;
  char   *reason;
  char   *amended_by;
  char   *amended_at;
  gint64  report_version;
  /* Issue 18, signing: "amendment", or "returned" for a verified value
   * sent back for re-entry (no new value, no report version). */
  char   *kind;
} LdResultAmendment;

/**
 * LdResult:
 *
 * One ordered test's result. The unit, the reference band (a
 * `reference_ranges` element of the catalogue, with a "text" member) and
 * the critical limits are copied at entry, so a catalogue edit never
 * changes a reported flag. The `*_us` times are microseconds since the
 * epoch, 0 until the step happens: collected and received are those of the
 * sample the value was measured on. @delta is the delta flag of
 * ld_delta_flag(), or %NULL; a new value clears it.
 */
typedef struct
{
  char      *id;
  char      *order_id;
  char      *order_number;
  char      *test_code;
  char      *test_name;
  char      *state;
  char      *value;
  gboolean   has_numeric_value;
  double     numeric_value;
  char      *unit;
  JsonNode  *reference_range;
  gboolean   has_critical_low;
  double     critical_low;
  gboolean   has_critical_high;
  double     critical_high;
  char      *flag;
  JsonNode  *delta;
  char      *comment;
  char      *cancel_reason;
  char      *sample_id;
  char      *entered_by;
  char      *entered_at;
  char      *verified_by;
  char      *verified_at;
  char      *released_at;
  gint64     collected_us;
  gint64     received_us;
  gint64     entered_us;
  gint64     verified_us;
  gint64     released_us;
  gint64     version;
  GPtrArray *amendments;
  /* Issue 18, signing: the telephone call a critical value was verified with. */
  LdCriticalCall *critical_call;
  /* Issue 34: "typed", or the name of the instrument that sent the value
   * (NULL for a result nobody entered), with that instrument's own flags
   * and time of measurement as it sent them. */
  char      *source;
  char      *instrument_flags;
  char      *observed_at;
} LdResult;

LdResultAmendment *ld_result_amendment_new  (void);
void               ld_result_amendment_free (LdResultAmendment *amendment);

gint64             ld_result_age_on         (const char        *date_of_birth,
                                             gint64             age_years,
                                             const char        *on_date);
LdResult          *ld_result_new            (void);
void               ld_result_free           (LdResult          *result);
void               ld_result_set_value      (LdResult          *result,
                                             const char        *value,
                                             gboolean           has_numeric_value,
                                             double             numeric_value,
                                             const char        *flag);
void               ld_result_write_json     (const LdResult    *result,
                                             LdJsonOut         *out);
void               ld_result_to_json        (const LdResult    *result,
                                             JsonBuilder       *builder);
JsonNode          *ld_result_to_node        (const LdResult    *result);

const char        *ld_result_get_range_text (const LdResult    *result);
const char        *ld_result_get_delta_previous_value (const LdResult *result);
double             ld_result_get_delta_change (const LdResult *result,
                                               gint64         *out_previous_collected_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdResultAmendment, ld_result_amendment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdResult, ld_result_free)

G_END_DECLS
