/* ld-sample.h: a sample, its accession and its chain of custody
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-json-out.h"

G_BEGIN_DECLS

/* One hand a sample passed through. */
typedef struct
{
  char *event;
  char *at;
  char *user_id;
  /* Who, as the bench's timeline names them; the server fills it in. */
  char *user_name;
  char *location;
  char *note;
} LdCustodyEvent;

/* A value measured on a sample before it was rejected: it no longer
 * counts, but stays in the sample's history. */
typedef struct
{
  char *test_code;
  char *state;
  char *value;
  char *unit;
  char *flag;
  char *entered_by;
  char *entered_at;
} LdRejectedResult;

typedef struct
{
  char      *id;
  char      *order_id;
  char      *accession;
  char      *specimen;
  char      *container;
  char      *state;
  char      *collected_by;
  char      *collected_at;
  char      *received_by;
  char      *received_at;
  char      *reject_reason;
  char      *location;
  char      *replaces_sample_id;
  gint64     version;
  GStrv      test_codes;
  GPtrArray *custody;
  GPtrArray *rejected_results;
} LdSample;

LdCustodyEvent *ld_custody_event_new (const char *event,
                                      const char *at,
                                      const char *user_id,
                                      const char *location,
                                      const char *note);
void            ld_custody_event_free (LdCustodyEvent *event);
void            ld_rejected_result_free (LdRejectedResult *result);
gboolean        ld_sample_state_is_live (const char *state);
gboolean        ld_sample_can_move (const char *state, const char *event, const char **out_state);
GStrv           ld_sample_label_codes (const char           *const *sample_codes,
                                       const char           *const *test_codes,
                                       const char           *const *item_codes);
LdSample       *ld_sample_new (void);
void            ld_sample_free (LdSample *sample);
void            ld_sample_write_json (const LdSample *sample, LdJsonOut *out);
void            ld_sample_to_json (const LdSample *sample, JsonBuilder *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdSample, ld_sample_free)

G_END_DECLS
