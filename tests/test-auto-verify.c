/* test-auto-verify.c: the auto-verification rules, each alone, and the
 * administrator's rule set as JSON
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-auto-verify.h"
#include "ld-error.h"

static const LdDeltaCheck absolute_1 = { TRUE, LD_DELTA_ABSOLUTE, 1.0, 30 };

/* Potassium 4.2 in 3.5–5.1 (critical 2.8, 6.2) from an analyzer, no flag,
 * on a received sample, 0.2 from the previous 4.0: it passes every rule. */
typedef struct
{
  LdResult          *result;
  LdDeltaPrevious    previous;
  LdAutoVerifyInput  input;
  LdAutoVerifyConfig *config;
} Case;

static void
case_init (Case *c)
{
  LdResult *result = ld_result_new ();

  result->test_code = g_strdup ("K");
  result->state = g_strdup ("entered");
  result->value = g_strdup ("4.2");
  result->has_numeric_value = TRUE;
  result->numeric_value = 4.2;
  result->reference_range = json_from_string ("{\"low\": 3.5, \"high\": 5.1}", NULL);
  result->has_critical_low = TRUE;
  result->critical_low = 2.8;
  result->has_critical_high = TRUE;
  result->critical_high = 6.2;
  result->flag = g_strdup ("normal");
  result->source = g_strdup ("Cobas c311");

  c->result = result;
  c->previous = (LdDeltaPrevious){ "p1", "4.0", 4.0, 1 };
  c->input = (LdAutoVerifyInput){ result, &absolute_1, 1, &c->previous, "received" };
  c->config = ld_auto_verify_config_new ("K");
  c->config->enabled = TRUE;
}

static void
case_clear (Case *c)
{
  ld_result_free (c->result);
  ld_auto_verify_config_free (c->config);
}

static void
set_value (LdResult   *result,
           double      value,
           const char *flag)
{
  result->numeric_value = value;
  g_free (result->flag);
  result->flag = g_strdup (flag);
}

static void
test_all_pass (void)
{
  Case c;

  case_init (&c);
  g_assert_cmpint (ld_auto_verify_evaluate (c.config, &c.input), ==, LD_AUTO_RULE_NONE);
  /* HL7's "N" is no flag; neither is a stored sample unaccepted. */
  c.result->instrument_flags = g_strdup ("N");
  c.input.sample_state = "stored";
  g_assert_cmpint (ld_auto_verify_evaluate (c.config, &c.input), ==, LD_AUTO_RULE_NONE);
  /* No previous result: there is no change to flag. */
  c.input.previous = NULL;
  g_assert_cmpint (ld_auto_verify_evaluate (c.config, &c.input), ==, LD_AUTO_RULE_NONE);
  /* On a limit is within it. */
  set_value (c.result, 5.1, "normal");
  g_assert_cmpint (ld_auto_verify_evaluate (c.config, &c.input), ==, LD_AUTO_RULE_NONE);
  case_clear (&c);
}

/* Each rule alone stops it; with that rule not chosen, it passes. */
static void
test_each_rule_alone (void)
{
  static const LdAutoRule each[] = { LD_AUTO_RULE_RANGE, LD_AUTO_RULE_DELTA, LD_AUTO_RULE_FLAGS,
                                     LD_AUTO_RULE_SAMPLE, LD_AUTO_RULE_INSTRUMENT };

  for (guint i = 0; i < G_N_ELEMENTS (each); i++)
    {
      Case c;

      case_init (&c);
      switch (each[i])
        {
        case LD_AUTO_RULE_RANGE:
          set_value (c.result, 5.2, "high");
          c.previous.numeric_value = 5.0;
          break;
        case LD_AUTO_RULE_DELTA:
          c.previous.numeric_value = 3.1;
          break;
        case LD_AUTO_RULE_FLAGS:
          c.result->instrument_flags = g_strdup ("H,A");
          break;
        case LD_AUTO_RULE_SAMPLE:
          c.input.sample_state = "disposed";
          break;
        case LD_AUTO_RULE_INSTRUMENT:
          g_free (c.result->source);
          c.result->source = g_strdup ("typed");
          break;
        default:
          g_assert_not_reached ();
        }
      g_assert_cmpstr (ld_auto_rule_to_string (ld_auto_verify_evaluate (c.config, &c.input)), ==,
                       ld_auto_rule_to_string (each[i]));
      c.config->rules &= ~each[i];
      g_assert_cmpint (ld_auto_verify_evaluate (c.config, &c.input), ==, LD_AUTO_RULE_NONE);
      case_clear (&c);
    }
}

/* A critical value stops it, even where the range rule is not chosen, and
 * by the limits even if the flag were not set. */
static void
test_critical (void)
{
  Case c;

  case_init (&c);
  c.config->rules = LD_AUTO_RULE_CRITICAL;
  set_value (c.result, 6.8, "critical_high");
  c.previous.numeric_value = 6.5;
  g_assert_cmpint (ld_auto_verify_evaluate (c.config, &c.input), ==, LD_AUTO_RULE_CRITICAL);
  set_value (c.result, 6.2, "high");
  g_assert_cmpint (ld_auto_verify_evaluate (c.config, &c.input), ==, LD_AUTO_RULE_CRITICAL);
  /* Not even an empty rule set skips it. */
  c.config->rules = 0;
  g_assert_cmpint (ld_auto_verify_evaluate (c.config, &c.input), ==, LD_AUTO_RULE_CRITICAL);
  set_value (c.result, 6.1, "high");
  g_assert_cmpint (ld_auto_verify_evaluate (c.config, &c.input), ==, LD_AUTO_RULE_NONE);
  case_clear (&c);
}

/* The first rule that fails is named, in the order range, critical, … */
static void
test_first_rule (void)
{
  Case c;

  case_init (&c);
  set_value (c.result, 6.8, "critical_high");
  c.result->instrument_flags = g_strdup ("HH");
  g_assert_cmpint (ld_auto_verify_evaluate (c.config, &c.input), ==, LD_AUTO_RULE_RANGE);
  c.config->rules &= ~LD_AUTO_RULE_RANGE;
  g_assert_cmpint (ld_auto_verify_evaluate (c.config, &c.input), ==, LD_AUTO_RULE_CRITICAL);
  case_clear (&c);
}

/* A choice is in range when it is a normal one; no range, not within. */
static void
test_range_without_numbers (void)
{
  Case c;

  case_init (&c);
  c.result->has_numeric_value = FALSE;
  g_assert_cmpint (ld_auto_verify_evaluate (c.config, &c.input), ==, LD_AUTO_RULE_NONE);
  set_value (c.result, 0, "abnormal");
  g_assert_cmpint (ld_auto_verify_evaluate (c.config, &c.input), ==, LD_AUTO_RULE_RANGE);
  c.result->has_numeric_value = TRUE;
  set_value (c.result, 4.2, "no_reference_interval");
  g_clear_pointer (&c.result->reference_range, json_node_unref);
  g_assert_cmpint (ld_auto_verify_evaluate (c.config, &c.input), ==, LD_AUTO_RULE_RANGE);
  case_clear (&c);
}

static gboolean
read_config (LdAutoVerifyConfig  *config,
             const char          *json,
             GError             **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (json_node_get_object (node));

  ld_auto_verify_config_read (config, reader);
  return ld_json_reader_finish (reader, error);
}

static void
test_config_json (void)
{
  g_autoptr(LdAutoVerifyConfig) config = ld_auto_verify_config_new ("K");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;

  g_assert_false (config->enabled);
  g_assert_cmpuint (config->rules, ==, LD_AUTO_RULE_ALL);

  g_assert_true (
    read_config (config, "{\"enabled\": true, \"rules\": [\"sample\", \"critical\"]}", &error));
  g_assert_no_error (error);
  g_assert_true (config->enabled);
  config->version = 3;
  name = ld_auto_verify_config_dup_name (config);
  g_assert_cmpstr (name, ==, "rules v3: critical, sample");

  ld_auto_verify_config_to_json (config, builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"test_code\":\"K\",\"enabled\":true,\"rules\":[\"critical\",\"sample\"],"
                   "\"rule_set\":\"rules v3: critical, sample\",\"version\":3}");

  /* The administrator's save, as the client writes it: what the server
   * reads back, with nothing it would refuse as unknown. */
  {
    g_autoptr(JsonBuilder) body = json_builder_new ();
    g_autoptr(JsonNode) body_root = NULL;
    g_autofree char *body_text = NULL;
    g_autoptr(LdAutoVerifyConfig) back = ld_auto_verify_config_new ("K");
    g_autoptr(LdJsonReader) reader = NULL;
    gint64 version = 0;

    ld_auto_verify_config_body_write (config, body);
    body_root = json_builder_get_root (body);
    body_text = json_to_string (body_root, FALSE);
    g_assert_cmpstr (body_text, ==,
                     "{\"enabled\":true,\"rules\":[\"critical\",\"sample\"],\"version\":3}");
    /* As the server reads it: the version apart, then the rules. */
    reader = ld_json_reader_new (json_node_get_object (body_root));
    ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &version);
    ld_auto_verify_config_read (back, reader);
    g_assert_true (ld_json_reader_finish (reader, &error));
    g_assert_no_error (error);
    g_assert_cmpint (version, ==, 3);
    g_assert_true (back->enabled);
    g_assert_cmpuint (back->rules, ==, config->rules);
  }

  g_assert_false (read_config (config, "{\"enabled\": true, \"rules\": [\"range\"]}", &error));
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED);
  g_clear_error (&error);
  g_assert_false (
    read_config (config, "{\"enabled\": true, \"rules\": [\"critical\", \"colour\"]}", &error));
  g_clear_error (&error);
  g_assert_false (
    read_config (config, "{\"enabled\": true, \"rules\": [\"critical\", \"critical\"]}", &error));
  g_clear_error (&error);
  /* A refused rule set changes nothing. */
  g_assert_cmpuint (config->rules, ==, LD_AUTO_RULE_CRITICAL | LD_AUTO_RULE_SAMPLE);
  g_assert_false (read_config (config, "{\"rules\": [\"critical\"]}", &error));
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/auto-verify/all-pass", test_all_pass);
  g_test_add_func ("/auto-verify/each-rule-alone", test_each_rule_alone);
  g_test_add_func ("/auto-verify/critical", test_critical);
  g_test_add_func ("/auto-verify/first-rule", test_first_rule);
  g_test_add_func ("/auto-verify/range-without-numbers", test_range_without_numbers);
  g_test_add_func ("/auto-verify/config-json", test_config_json);

  return g_test_run ();
}
