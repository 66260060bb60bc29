/* ld-auto-verify.h: the rules that verify a plainly normal result (CLSI AUTO10)
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-delta.h"
#include "ld-json.h"
#include "ld-result.h"

G_BEGIN_DECLS

/**
 * LdAutoRule:
 * @LD_AUTO_RULE_NONE: no rule stopped it: the result passes
 * @LD_AUTO_RULE_RANGE: the value lies within its reference interval
 * @LD_AUTO_RULE_CRITICAL: the value is not critical (always applies)
 * @LD_AUTO_RULE_DELTA: the delta check against the previous result passed
 * @LD_AUTO_RULE_FLAGS: the instrument raised no flag
 * @LD_AUTO_RULE_SAMPLE: the sample is accepted: received or stored
 * @LD_AUTO_RULE_INSTRUMENT: the value came from an instrument
 *
 * One rule of a test's auto-verification, in the order they are tried;
 * each is a bit of #LdAutoVerifyConfig's `rules`.
 */
typedef enum
{
  LD_AUTO_RULE_NONE       = 0,
  LD_AUTO_RULE_RANGE      = 1 << 0,
  LD_AUTO_RULE_CRITICAL   = 1 << 1,
  LD_AUTO_RULE_DELTA      = 1 << 2,
  LD_AUTO_RULE_FLAGS      = 1 << 3,
  LD_AUTO_RULE_SAMPLE     = 1 << 4,
  LD_AUTO_RULE_INSTRUMENT = 1 << 5,
} LdAutoRule;

#define LD_AUTO_RULE_ALL 0x3f

/**
 * LdAutoVerifyConfig:
 * @test_code: the catalogue test
 * @enabled: whether its results are verified by the rules (off by default)
 * @rules: the #LdAutoRule bits that apply
 * @version: the rule set's version: 0 until first saved, then one more
 *   each time the administrator saves it
 *
 * A test's auto-verification, as the administrator chose it.
 */
typedef struct
{
  char    *test_code;
  gboolean enabled;
  guint    rules;
  gint64   version;
} LdAutoVerifyConfig;

/**
 * LdAutoVerifyInput:
 * @result: the submitted result, flagged: its value, reference range and
 *   critical limits as copied in, and its source and instrument flags
 * @delta_check: (nullable): its test's delta check
 * @decimals: its test's decimals
 * @previous: (nullable): the patient's previous verified result of the
 *   test within the delta window, in the test's unit
 * @sample_state: (nullable): the state of the sample it was measured on
 *
 * Everything the rules look at; nothing is read from elsewhere.
 */
typedef struct
{
  const LdResult        *result;
  const LdDeltaCheck    *delta_check;
  gint64                 decimals;
  const LdDeltaPrevious *previous;
  const char            *sample_state;
} LdAutoVerifyInput;

const char         *ld_auto_rule_to_string       (LdAutoRule                rule);
LdAutoVerifyConfig *ld_auto_verify_config_new    (const char               *test_code);
void                ld_auto_verify_config_free   (LdAutoVerifyConfig       *config);
void                ld_auto_verify_config_read   (LdAutoVerifyConfig       *config,
                                                  LdJsonReader             *reader);
void                ld_auto_verify_config_to_json (const LdAutoVerifyConfig *config,
                                                   JsonBuilder              *builder);
void                ld_auto_verify_config_body_write (const LdAutoVerifyConfig *config,
                                                      JsonBuilder              *builder);
char               *ld_auto_verify_config_dup_name (const LdAutoVerifyConfig *config);
LdAutoRule          ld_auto_verify_evaluate      (const LdAutoVerifyConfig *config,
                                                  const LdAutoVerifyInput  *input);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAutoVerifyConfig, ld_auto_verify_config_free)

G_END_DECLS
