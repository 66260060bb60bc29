/* ld-auto-verify.c: the rules that verify a plainly normal result (CLSI AUTO10)
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pure function of the result and what it is compared with: the server
 * gathers the inputs inside the submitting transaction and asks here
 * whether every rule the administrator chose passes, or which one stopped
 * it. A critical value always waits for a person, who telephones it.
 */

#define G_LOG_DOMAIN "ld-auto-verify"

#include "config.h"

#include "ld-auto-verify.h"
#include "ld-flag.h"
#include "ld-result-flow.h"
#include "ld-states.h"

static const struct
{
  LdAutoRule  rule;
  const char *name;
} rules[] = {
  { LD_AUTO_RULE_RANGE, "range" },   { LD_AUTO_RULE_CRITICAL, "critical" },
  { LD_AUTO_RULE_DELTA, "delta" },   { LD_AUTO_RULE_FLAGS, "flags" },
  { LD_AUTO_RULE_SAMPLE, "sample" }, { LD_AUTO_RULE_INSTRUMENT, "instrument" },
};

/**
 * ld_auto_rule_to_string:
 * @rule: one rule
 *
 * Returns: its name on the wire, such as "delta"; "none" for none
 */
const char *
ld_auto_rule_to_string (LdAutoRule rule)
{
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if (rules[i].rule == rule)
      return rules[i].name;
  return "none";
}

LdAutoVerifyConfig *
ld_auto_verify_config_new (const char *test_code)
{
  LdAutoVerifyConfig *config = g_new0 (LdAutoVerifyConfig, 1);

  config->test_code = g_strdup (test_code);
  /* Off, with every rule chosen, until the administrator says otherwise. */
  config->rules = LD_AUTO_RULE_ALL;
  return config;
}

void
ld_auto_verify_config_free (LdAutoVerifyConfig *config)
{
  if (config == NULL)
    return;

  g_free (config->test_code);
  g_free (config);
}

static gboolean
rule_from_string (const char *name,
                  LdAutoRule *out_rule)
{
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if (g_strcmp0 (rules[i].name, name) == 0)
      {
        *out_rule = rules[i].rule;
        return TRUE;
      }
  return FALSE;
}

/**
 * ld_auto_verify_config_read:
 * @config: the configuration, changed by the valid members
 * @reader: {"enabled": bool, "rules": ["range", …], "version": n}
 *
 * Reads the administrator's choice; `version` is the caller's. Problems go
 * to @reader: an unknown or repeated rule, or a rule set without
 * "critical" (a critical value needs a person's telephone call).
 */
void
ld_auto_verify_config_read (LdAutoVerifyConfig *config,
                            LdJsonReader       *reader)
{
  g_auto(GStrv) names = NULL;
  gboolean enabled;
  guint chosen = 0;

  g_return_if_fail (config != NULL && reader != NULL);

  if (ld_json_reader_get_bool (reader, "enabled", LD_JSON_REQUIRED, &enabled))
    config->enabled = enabled;
  if (!ld_json_reader_get_strv (reader, "rules", LD_JSON_REQUIRED, &names))
    return;

  for (guint i = 0; names[i] != NULL; i++)
    {
      LdAutoRule rule;

      if (!rule_from_string (names[i], &rule))
        {
          ld_json_reader_add_error (reader, "rules",
                                    "must name only range, critical, delta, flags, sample and "
                                    "instrument");
          return;
        }
      if ((chosen & rule) != 0)
        {
          ld_json_reader_add_error (reader, "rules", "names a rule twice");
          return;
        }
      chosen |= rule;
    }
  if ((chosen & LD_AUTO_RULE_CRITICAL) == 0)
    {
      ld_json_reader_add_error (reader, "rules",
                                "must include critical: a critical value is telephoned by a "
                                "person");
      return;
    }
  config->rules = chosen;
}

static void
add_rule_names (const LdAutoVerifyConfig *config,
                GString                  *out,
                const char               *separator)
{
  gboolean first = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if ((config->rules & rules[i].rule) != 0)
      {
        g_string_append_printf (out, "%s%s", first ? "" : separator, rules[i].name);
        first = FALSE;
      }
}

/**
 * ld_auto_verify_config_to_json:
 * @config: a configuration
 * @builder: a builder where a value is expected
 *
 * Writes {"test_code", "enabled", "rules", "rule_set", "version"}.
 */
static void
add_rules (const LdAutoVerifyConfig *config,
           JsonBuilder              *builder)
{
  json_builder_set_member_name (builder, "rules");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if ((config->rules & rules[i].rule) != 0)
      json_builder_add_string_value (builder, rules[i].name);
  json_builder_end_array (builder);
}

void
ld_auto_verify_config_to_json (const LdAutoVerifyConfig *config,
                               JsonBuilder              *builder)
{
  g_autofree char *name = ld_auto_verify_config_dup_name (config);

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "test_code", config->test_code);
  ld_json_builder_add_bool (builder, "enabled", config->enabled);
  add_rules (config, builder);
  ld_json_builder_add_string (builder, "rule_set", name);
  ld_json_builder_add_int (builder, "version", config->version);
  json_builder_end_object (builder);
}

/**
 * ld_auto_verify_config_body_write:
 * @config: a configuration, with the version last read
 * @builder: a builder where a value is expected
 *
 * Writes the administrator's save, {"enabled", "rules", "version"}: the
 * body ld_auto_verify_config_read() reads.
 */
void
ld_auto_verify_config_body_write (const LdAutoVerifyConfig *config,
                                  JsonBuilder              *builder)
{
  json_builder_begin_object (builder);
  ld_json_builder_add_bool (builder, "enabled", config->enabled);
  add_rules (config, builder);
  ld_json_builder_add_int (builder, "version", config->version);
  json_builder_end_object (builder);
}

/**
 * ld_auto_verify_config_dup_name:
 * @config: a configuration
 *
 * Returns: (transfer full): the rule set as the audit trail names it,
 *   such as "rules v3: range, critical, delta, flags, sample, instrument"
 */
char *
ld_auto_verify_config_dup_name (const LdAutoVerifyConfig *config)
{
  GString *name = g_string_new (NULL);

  g_string_append_printf (name, "rules v%" G_GINT64_FORMAT ": ", config->version);
  add_rule_names (config, name, ", ");
  return g_string_free (name, FALSE);
}

static gboolean
within_range (const LdResult *result)
{
  JsonObject *range;
  double low, high;
  gboolean has_low, has_high;

  /* A choice is within its interval when it is one of the normal ones. */
  if (!result->has_numeric_value)
    return g_strcmp0 (result->flag, "normal") == 0;
  if (result->reference_range == NULL || !JSON_NODE_HOLDS_OBJECT (result->reference_range))
    return FALSE;

  range = json_node_get_object (result->reference_range);
  has_low = ld_result_range_get_limit (range, "low", &low);
  has_high = ld_result_range_get_limit (range, "high", &high);
  return (has_low || has_high) && (!has_low || result->numeric_value >= low) &&
         (!has_high || result->numeric_value <= high);
}

static gboolean
not_critical (const LdResult *result)
{
  if (ld_result_is_critical (result->flag))
    return FALSE;
  if (!result->has_numeric_value)
    return TRUE;
  return !(result->has_critical_low && result->numeric_value <= result->critical_low) &&
         !(result->has_critical_high && result->numeric_value >= result->critical_high);
}

static gboolean
delta_passes (const LdAutoVerifyInput *input)
{
  if (input->delta_check == NULL || !input->delta_check->active)
    return TRUE;
  /* With nothing to compare with there is no change to flag. */
  if (input->previous == NULL || !input->result->has_numeric_value)
    return TRUE;
  return !ld_delta_exceeds (input->delta_check, input->decimals, input->previous->numeric_value,
                            input->result->numeric_value);
}

/* HL7's "N" (normal) is no flag; anything else an analyzer says is. */
static gboolean
no_instrument_flag (const LdResult *result)
{
  const char *flags = result->instrument_flags;

  return flags == NULL || flags[0] == '\0' || g_str_equal (flags, "N");
}

static gboolean
sample_accepted (const char *state)
{
  LdSampleState known = ld_sample_state_parse (state);

  return known == LD_SAMPLE_STATE_RECEIVED || known == LD_SAMPLE_STATE_STORED;
}

static gboolean
from_instrument (const LdResult *result)
{
  return result->source != NULL && result->source[0] != '\0' &&
         !g_str_equal (result->source, "typed");
}

static gboolean
rule_passes (LdAutoRule               rule,
             const LdAutoVerifyInput *input)
{
  switch (rule)
    {
    case LD_AUTO_RULE_RANGE:
      return within_range (input->result);
    case LD_AUTO_RULE_CRITICAL:
      return not_critical (input->result);
    case LD_AUTO_RULE_DELTA:
      return delta_passes (input);
    case LD_AUTO_RULE_FLAGS:
      return no_instrument_flag (input->result);
    case LD_AUTO_RULE_SAMPLE:
      return sample_accepted (input->sample_state);
    case LD_AUTO_RULE_INSTRUMENT:
      return from_instrument (input->result);
    case LD_AUTO_RULE_NONE:
    default:
      return TRUE;
    }
}

/**
 * ld_auto_verify_evaluate:
 * @config: the test's rule set, enabled
 * @input: the result and what it is compared with
 *
 * Tries the chosen rules in order, "critical" always among them.
 *
 * Returns: %LD_AUTO_RULE_NONE when every rule passes, else the first rule
 *   that stopped it
 */
LdAutoRule
ld_auto_verify_evaluate (const LdAutoVerifyConfig *config,
                         const LdAutoVerifyInput  *input)
{
  g_return_val_if_fail (config != NULL && input != NULL && input->result != NULL,
                        LD_AUTO_RULE_CRITICAL);

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      LdAutoRule rule = rules[i].rule;

      if ((config->rules & rule) == 0 && rule != LD_AUTO_RULE_CRITICAL)
        continue;
      if (!rule_passes (rule, input))
        return rule;
    }
  return LD_AUTO_RULE_NONE;
}
