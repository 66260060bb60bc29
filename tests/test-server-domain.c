/* test-server-domain.c: the server's rules, without HTTP or storage
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "domain/ld-assignment.h"
#include "domain/ld-audit.h"
#include "domain/ld-digest.h"
#include "domain/ld-lab-state.h"
#include "domain/ld-login-policy.h"
#include "domain/ld-password.h"
#include "domain/ld-permissions.h"
#include "ld-pricing.h"
#include "ld-sample.h"
#include "ld-states.h"
#include "domain/ld-user-rules.h"
#include "ld-patient-rules.h"

#define SEC G_USEC_PER_SEC

static void
test_lock_after_max_failures (void)
{
  g_autoptr(LdSettings) settings = ld_settings_new ();
  gint64 failures = 0, locked_until = 0, now = 1000 * SEC;

  settings->login_max_failures = 3;
  settings->login_lock_seconds = 60;

  g_assert_false (ld_login_register_failure (settings, failures, now, &failures, &locked_until));
  g_assert_false (ld_login_register_failure (settings, failures, now, &failures, &locked_until));
  g_assert_cmpint (failures, ==, 2);
  g_assert_true (ld_login_register_failure (settings, failures, now, &failures, &locked_until));
  g_assert_cmpint (failures, ==, 0);
  g_assert_cmpint (locked_until, ==, now + 60 * SEC);

  g_assert_true (ld_login_is_locked (locked_until, now + 59 * SEC));
  g_assert_false (ld_login_is_locked (locked_until, now + 60 * SEC));
}

static void
test_session_expiry (void)
{
  g_autoptr(LdSettings) settings = ld_settings_new ();
  gint64 created = 1000 * SEC;

  settings->session_idle_seconds = 100;
  settings->session_absolute_seconds = 1000;

  /* Idle: measured from the last use. */
  g_assert_false (ld_session_is_expired (settings, created, created, created + 99 * SEC));
  g_assert_true (ld_session_is_expired (settings, created, created, created + 100 * SEC));
  /* Absolute: measured from the start, however busy the session is. */
  g_assert_false (
    ld_session_is_expired (settings, created, created + 950 * SEC, created + 999 * SEC));
  g_assert_true (
    ld_session_is_expired (settings, created, created + 990 * SEC, created + 1000 * SEC));
  g_assert_cmpint (ld_session_expires_at (settings, created, created + 950 * SEC), ==,
                   created + 1000 * SEC);
}

static void
test_permission_table (void)
{
  const LdPermission *users = ld_permissions_lookup ("POST", "/api/v1/users");
  const LdPermission *health = ld_permissions_lookup ("GET", "/health");
  const LdPermission *table;
  guint n;

  g_assert_nonnull (users);
  g_assert_true (ld_permission_allows (users, LD_ROLE_ADMIN | LD_ROLE_DOCTOR));
  g_assert_false (ld_permission_allows (users, LD_ROLE_DOCTOR | LD_ROLE_RECEPTION));
  g_assert_true (health->is_public);
  g_assert_null (ld_permissions_lookup ("DELETE", "/api/v1/users"));

  /* No row is both public and role-restricted, and none allows nobody. */
  table = ld_permissions_get_table (&n);
  for (guint i = 0; i < n; i++)
    g_assert_true (table[i].is_public != (table[i].roles != LD_ROLE_NONE));
}

static void
test_username_rules (void)
{
  const char *reason = NULL;

  g_assert_true (ld_user_rules_check_username ("dr.mehta", &reason));
  g_assert_true (ld_user_rules_check_username ("tech_2", &reason));
  g_assert_false (ld_user_rules_check_username ("x", &reason));
  g_assert_false (ld_user_rules_check_username ("Admin", &reason));
  g_assert_false (ld_user_rules_check_username ("-admin", &reason));
  g_assert_false (ld_user_rules_check_username ("a b", &reason));
  g_assert_false (ld_user_rules_check_username ("ऋषि", &reason));
  g_assert_nonnull (reason);
}

static void
test_passwords (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *generated = ld_password_generate ();
  g_autofree char *hash = NULL;
  const char *reason;

  g_assert_true (ld_password_init (&error));
  g_assert_cmpuint (strlen (generated), ==, 16);
  g_assert_true (ld_password_is_acceptable (generated, &reason));
  g_assert_false (ld_password_is_acceptable ("short", &reason));

  hash = ld_password_hash (generated, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_true (ld_password_verify (hash, generated));
  g_assert_false (ld_password_verify (hash, "not the password"));
  g_assert_false (ld_password_verify (NULL, generated));
}

static void
test_tokens (void)
{
  g_autofree char *a = ld_token_generate ();
  g_autofree char *b = ld_token_generate ();
  g_autofree char *hash = ld_token_hash (a);

  /* 32 bytes in unpadded base64url are 43 characters. */
  g_assert_cmpuint (strlen (a), ==, 43);
  g_assert_cmpstr (a, !=, b);
  g_assert_cmpuint (strlen (hash), ==, 64);
  g_assert_null (strstr (hash, a));
}

static void
test_audit_hash_covers_every_field (void)
{
  g_autoptr(LdAuditEvent) event = ld_audit_event_new ();
  g_autofree char *original = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *renamed = NULL;

  event->seq = 3;
  event->at = g_strdup ("2026-11-22T10:00:00.000Z");
  event->username = g_strdup ("admin");
  event->action = g_strdup ("user.update");
  event->entity = g_strdup ("user");
  event->entity_id = g_strdup ("abc");
  event->prev_hash = g_strdup (LD_AUDIT_GENESIS_HASH);
  original = ld_audit_event_compute_hash (event, NULL, 0);

  /* Moving text from one field to its neighbour must change the hash. */
  g_free (event->entity);
  g_free (event->entity_id);
  event->entity = g_strdup ("usera");
  event->entity_id = g_strdup ("bc");
  moved = ld_audit_event_compute_hash (event, NULL, 0);
  g_assert_cmpstr (original, !=, moved);

  g_free (event->username);
  event->username = g_strdup ("mallory");
  renamed = ld_audit_event_compute_hash (event, NULL, 0);
  g_assert_cmpstr (moved, !=, renamed);
}

/* The chain's hashes are kept: every event ever written must hash the
 * same tomorrow. These are the values the first keyed chain wrote
 * (HMAC-SHA-256 and SHA-256 over the length-prefixed fields). */
static void
test_audit_hash_is_stable (void)
{
  g_autoptr(LdAuditEvent) event = ld_audit_event_new ();
  g_autofree char *keyed = NULL;
  g_autofree char *unkeyed = NULL;
  guint8 key[32];

  for (guint i = 0; i < sizeof key; i++)
    key[i] = (guint8) i;
  event->seq = 1234567890123;
  event->at = g_strdup ("2026-11-29T11:30:00.000Z");
  event->user_id = g_strdup ("u-1");
  event->username = g_strdup ("sunita");
  event->action = g_strdup ("result.verify");
  event->entity = g_strdup ("order");
  event->entity_id = g_strdup ("o-42");
  event->client = NULL;
  event->detail = g_strdup ("O2611-000042 — सत्यापित");
  event->prev_hash = g_strdup (LD_AUDIT_GENESIS_HASH);

  keyed = ld_audit_event_compute_hash (event, key, sizeof key);
  unkeyed = ld_audit_event_compute_hash (event, NULL, 0);
  g_assert_cmpstr (keyed, ==, "a1fe2728c34c99ed7a526c1d5ec852462287f69ca6d6cc13195e6ea4b15afc66");
  g_assert_cmpstr (unkeyed, ==, "da28e91bfaa945d5d14cdbf854df5281edf004373c1f74f6366bd0ee82e8feee");
}

static void
test_settings_values (void)
{
  const LdSettingSpec *spec = ld_settings_lookup_spec ("login_max_failures");
  g_autoptr(JsonNode) good = json_node_init_int (json_node_alloc (), 7);
  g_autoptr(JsonNode) too_big = json_node_init_int (json_node_alloc (), 100000);
  g_autoptr(JsonNode) text = json_node_init_string (json_node_alloc (), "7");
  g_autofree char *stored = NULL;
  g_autoptr(LdSettings) settings = ld_settings_new ();
  const char *reason;

  g_assert_nonnull (spec);
  g_assert_true (ld_settings_parse_value (spec, good, &stored, &reason));
  g_assert_cmpstr (stored, ==, "7");
  g_assert_false (ld_settings_parse_value (spec, too_big, &stored, &reason));
  g_assert_cmpstr (reason, ==, "is out of range");
  g_assert_false (ld_settings_parse_value (spec, text, &stored, &reason));
  g_assert_null (ld_settings_lookup_spec ("no_such_setting"));

  /* A stored row out of range keeps the default rather than a bad value. */
  g_assert_false (ld_settings_set_text (settings, "login_max_failures", "0"));
  g_assert_cmpint (settings->login_max_failures, ==, 5);
  g_assert_true (ld_settings_set_text (settings, "login_max_failures", "9"));
  g_assert_cmpint (settings->login_max_failures, ==, 9);
}

static LdCatalogTest *
make_test (const char *code,
           gint64      price)
{
  LdCatalogTest *test = ld_catalog_test_new ();

  test->code = g_strdup (code);
  test->name = g_strdup (code);
  test->specimen = g_strdup ("serum");
  test->container = g_strdup ("plain");
  test->price_paise = price;
  return test;
}

static LdCatalogPanel *
make_panel (const char         *code,
            gint64              price,
            const char * const *tests)
{
  LdCatalogPanel *panel = ld_catalog_panel_new ();

  panel->code = g_strdup (code);
  panel->name = g_strdup (code);
  panel->price_paise = price;
  panel->tests = g_strdupv ((GStrv) tests);
  return panel;
}

/* Prices @entries and answers "CODE:charged[:cover] …" and the subtotal. */
static char *
price (const LdCartEntry *entries,
       guint              n,
       GHashTable        *tests_by_code)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_order_item_free);
  g_autoptr(GPtrArray) tests = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_order_test_free);
  GString *text = g_string_new (NULL);
  gint64 subtotal = 0;

  ld_pricing_price_cart (entries, n, tests_by_code, items, tests, &subtotal);
  for (guint i = 0; i < items->len; i++)
    {
      const LdOrderItem *item = g_ptr_array_index (items, i);

      g_string_append_printf (text, "%s:%" G_GINT64_FORMAT "%s%s ", item->code, item->charged_paise,
                              item->covered_by ? ":" : "",
                              item->covered_by ? item->covered_by : "");
    }
  g_string_append_printf (text, "= %" G_GINT64_FORMAT " (%u tests)", subtotal, tests->len);
  return g_string_free (text, FALSE);
}

/* A test is charged once: dearer panels first, whatever the cart's order. */
static void
test_pricing_charges_each_test_once (void)
{
  g_autoptr(GHashTable) by_code = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) ld_catalog_test_free);
  g_autoptr(LdCatalogPanel) big =
               make_panel ("BIG", 1000, (const char * const[]){ "A", "B", "C", NULL });
  g_autoptr(LdCatalogPanel) part =
               make_panel ("PART", 500, (const char * const[]){ "C", "D", NULL });
  g_autoptr(LdCatalogPanel) inside =
               make_panel ("IN", 300, (const char * const[]){ "A", "B", NULL });
  const char      *codes[] = { "A", "B", "C", "D" };
  gint64           prices[] = { 400, 400, 300, 350 };
  g_autofree char *forward = NULL;
  g_autofree char *backward = NULL;
  g_autofree char *covered = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    g_hash_table_insert (by_code, (gpointer) codes[i], make_test (codes[i], prices[i]));

  {
    LdCartEntry cart[] = { { NULL, part },
                           { NULL, big },
                           { g_hash_table_lookup (by_code, "A"), NULL } };
    LdCartEntry reversed[] = { { g_hash_table_lookup (by_code, "A"), NULL },
                               { NULL, big },
                               { NULL, part } };
    LdCartEntry nested[] = { { NULL, inside }, { NULL, big } };

    forward = price (cart, G_N_ELEMENTS (cart), by_code);
    backward = price (reversed, G_N_ELEMENTS (reversed), by_code);
    covered = price (nested, G_N_ELEMENTS (nested), by_code);
  }

  /* PART loses C's 3.00 to BIG; A alone is inside BIG. */
  g_assert_cmpstr (forward, ==, "PART:200 BIG:1000 A:0:BIG = 1200 (4 tests)");
  g_assert_cmpstr (backward, ==, "A:0:BIG BIG:1000 PART:200 = 1200 (4 tests)");
  g_assert_cmpstr (covered, ==, "IN:0:BIG BIG:1000 = 1000 (3 tests)");
}

static void
test_pricing_discount_and_tax (void)
{
  g_autoptr(LdSettings) settings = ld_settings_new ();
  LdOrderMoney money = { 33333, 0, 9900, 0, 0 };
  gint64 discount = -1;

  settings->discount_max_percent = 10;
  g_assert_null (ld_pricing_discount (33333, LD_DISCOUNT_PERCENT, 10, settings, &discount));
  g_assert_cmpint (discount, ==, 3333);
  g_assert_nonnull (ld_pricing_discount (33333, LD_DISCOUNT_AMOUNT, 3334, settings, &discount));
  g_assert_cmpint (discount, ==, 0);
  g_assert_nonnull (ld_pricing_discount (100, LD_DISCOUNT_AMOUNT, 101, settings, &discount));
  g_assert_null (ld_pricing_discount (0, LD_DISCOUNT_NONE, 0, settings, &discount));

  money.discount = 3333;
  settings->tax_flat_paise = 2000;
  settings->tax_percent_bp = 1800;
  ld_pricing_totals (&money, settings);
  /* 18 % of 399.00 is 71.82; plus the flat 20.00. */
  g_assert_cmpint (money.tax, ==, 2000 + 7182);
  g_assert_cmpint (money.total, ==, 33333 - 3333 + 9900 + 9182);
}

static void
test_assignment_least_work_then_turns (void)
{
  LdTechnicianLoad loads[] = {
    { "tech-c", 2, 100 },
    { "tech-a", 1, 300 },
    { "tech-b", 1, 200 },
    { "tech-d", 5, 0 },
  };
  LdTechnicianLoad fresh[] = {
    { "tech-b", 0, 0 },
    { "tech-a", 0, 0 },
  };

  g_assert_null (ld_assignment_choose (NULL, 0));
  /* Least work wins; between equals, who waited longest. */
  g_assert_cmpstr (ld_assignment_choose (loads, G_N_ELEMENTS (loads))->user_id, ==, "tech-b");
  loads[2].open_orders = 2;
  g_assert_cmpstr (ld_assignment_choose (loads, G_N_ELEMENTS (loads))->user_id, ==, "tech-a");
  /* Nobody ever assigned: the id decides, the same way every time. */
  g_assert_cmpstr (ld_assignment_choose (fresh, G_N_ELEMENTS (fresh))->user_id, ==, "tech-a");
  g_assert_cmpstr (ld_assignment_choose (fresh, 1)->user_id, ==, "tech-b");
}

static void
test_lab_state_moves (void)
{
  static const char * const states[] = {
    "ordered",  "collected", "in_process", "resulted",
    "verified", "reported",  "cancelled",  "expired",
  };
  /* The only moves there are; every other pair is refused. */
  static const char * const allowed[] = {
    "ordered>collected", "ordered>cancelled", "ordered>expired", "collected>in_process",
    "in_process>resulted", "resulted>verified", "verified>reported",
    /* Every test cancelled in the lab, before any was verified. */
    "collected>cancelled", "in_process>cancelled", "resulted>cancelled",
    /* A verified result sent back for re-entry, before release. */
    "resulted>in_process", "verified>in_process", NULL,
  };
  g_autoptr(LdOrder) order = ld_order_new ();

  order->number = g_strdup ("O2611-000001");
  for (guint f = 0; f < G_N_ELEMENTS (states); f++)
    for (guint t = 0; t < G_N_ELEMENTS (states); t++)
      {
        g_autofree char *move = g_strdup_printf ("%s>%s", states[f], states[t]);
        g_autoptr(GError) error = NULL;
        gboolean ok;

        g_free (order->lab_state);
        order->lab_state = g_strdup (states[f]);
        ok = ld_lab_state_check_move (order, states[t], &error);
        g_assert_cmpint (ok, ==, g_strv_contains (allowed, move));
        if (!ok)
          {
            g_assert_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT);
            g_assert_nonnull (strstr (error->message, "O2611-000001"));
          }
      }
}

/* The lab is holding an order while it is collected, in process or
 * resulted; an unknown name is not a state, so it is nowhere. */
static void
test_lab_state_in_lab (void)
{
  const char * const *names = ld_state_names (LD_TYPE_LAB_STATE);

  g_assert_cmpint (g_strv_length ((GStrv) names), ==, 8);
  for (guint i = 0; names[i] != NULL; i++)
    {
      gboolean expected = g_str_equal (names[i], "collected") ||
                          g_str_equal (names[i], "in_process") ||
                          g_str_equal (names[i], "resulted");

      g_assert_cmpint (ld_lab_state_is_in_lab (names[i]), ==, expected);
    }
  g_assert_false (ld_lab_state_is_in_lab (NULL));
  g_assert_false (ld_lab_state_is_in_lab ("in process"));
  g_assert_cmpstr (ld_lab_state_for_results (0, 0, 0, 2), ==, "cancelled");
  g_assert_cmpstr (ld_lab_state_for_results (1, 1, 0, 0), ==, "in_process");
  g_assert_cmpstr (ld_lab_state_for_results (0, 1, 1, 0), ==, "resulted");
  g_assert_cmpstr (ld_lab_state_for_results (0, 0, 2, 1), ==, "verified");
}

/* Every wire name reads as its own value and back, the same string;
 * NULL, a misspelling or another machine's name reads as UNKNOWN, which
 * is in no wire table. */
#define ASSERT_PARSE_ROUND_TRIP(TYPE, parse, wire, unknown)      \
  G_STMT_START                                                   \
  {                                                              \
    const char * const *names = ld_state_names (TYPE);           \
                                                                 \
    for (int i = 0; names[i] != NULL; i++)                       \
      {                                                          \
        g_assert_cmpint (parse (names[i]), ==, i);               \
        g_assert_cmpstr (wire (parse (names[i])), ==, names[i]); \
      }                                                          \
    g_assert_cmpint (parse (NULL), ==, unknown);                 \
    g_assert_cmpint (parse (""), ==, unknown);                   \
    g_assert_cmpint (parse ("no_such_state"), ==, unknown);      \
    g_assert_cmpint (unknown, <, 0);                             \
  }                                                              \
  G_STMT_END

static void
test_state_parse (void)
{
  ASSERT_PARSE_ROUND_TRIP (LD_TYPE_LAB_STATE, ld_lab_state_parse, ld_lab_state_wire,
                           LD_LAB_STATE_UNKNOWN);
  ASSERT_PARSE_ROUND_TRIP (LD_TYPE_PAYMENT_STATE, ld_payment_state_parse, ld_payment_state_wire,
                           LD_PAYMENT_STATE_UNKNOWN);
  ASSERT_PARSE_ROUND_TRIP (LD_TYPE_RESULT_STATE, ld_result_state_parse, ld_result_state_wire,
                           LD_RESULT_STATE_UNKNOWN);
  ASSERT_PARSE_ROUND_TRIP (LD_TYPE_SAMPLE_STATE, ld_sample_state_parse, ld_sample_state_wire,
                           LD_SAMPLE_STATE_UNKNOWN);
  ASSERT_PARSE_ROUND_TRIP (LD_TYPE_APPOINTMENT_STATE, ld_appointment_state_parse,
                           ld_appointment_state_wire, LD_APPOINTMENT_STATE_UNKNOWN);

  /* The wire names themselves, pinned: they are the API's and the
   * databases' words, so changing one is a migration, not a refactor. */
  g_assert_cmpint (ld_lab_state_parse ("in_process"), ==, LD_LAB_STATE_IN_PROCESS);
  g_assert_cmpint (ld_lab_state_parse ("reported"), ==, LD_LAB_STATE_REPORTED);
  g_assert_cmpint (ld_lab_state_parse ("in process"), ==, LD_LAB_STATE_UNKNOWN);
  g_assert_cmpint (ld_lab_state_parse ("Reported"), ==, LD_LAB_STATE_UNKNOWN);
  g_assert_cmpint (ld_lab_state_parse ("released"), ==, LD_LAB_STATE_UNKNOWN);
  g_assert_cmpstr (ld_lab_state_wire (LD_LAB_STATE_EXPIRED), ==, "expired");
  g_assert_cmpint (ld_payment_state_parse ("cod_pending"), ==, LD_PAYMENT_STATE_COD_PENDING);
  g_assert_cmpint (ld_payment_state_parse ("ordered"), ==, LD_PAYMENT_STATE_UNKNOWN);
  g_assert_cmpstr (ld_payment_state_wire (LD_PAYMENT_STATE_PARTLY_REFUNDED), ==,
                   "partly_refunded");
  g_assert_cmpint (ld_result_state_parse ("entered"), ==, LD_RESULT_STATE_ENTERED);
  g_assert_cmpint (ld_result_state_parse ("reported"), ==, LD_RESULT_STATE_UNKNOWN);
  g_assert_cmpstr (ld_result_state_wire (LD_RESULT_STATE_AMENDED), ==, "amended");
  g_assert_cmpint (ld_sample_state_parse ("recollection_requested"), ==,
                   LD_SAMPLE_STATE_RECOLLECTION_REQUESTED);
  g_assert_cmpint (ld_sample_state_parse ("pending"), ==, LD_SAMPLE_STATE_UNKNOWN);
  g_assert_cmpstr (ld_sample_state_wire (LD_SAMPLE_STATE_COLLECTED), ==, "collected");
  g_assert_cmpint (ld_appointment_state_parse ("no_show"), ==, LD_APPOINTMENT_STATE_NO_SHOW);
  g_assert_cmpstr (ld_appointment_state_wire (LD_APPOINTMENT_STATE_CHECKED_IN), ==,
                   "checked_in");

  /* UNKNOWN is no value of the type: the lists of names do not grow. */
  g_assert_cmpint (g_strv_length ((GStrv) ld_state_names (LD_TYPE_LAB_STATE)), ==, 8);
  g_assert_cmpint (g_strv_length ((GStrv) ld_state_names (LD_TYPE_RESULT_STATE)), ==, 6);
  g_assert_cmpint (g_strv_length ((GStrv) ld_state_names (LD_TYPE_SAMPLE_STATE)), ==, 6);
}

/* Every custody event against every sample state: only these move it. */
static void
test_sample_custody_moves (void)
{
  static const char * const allowed[] = {
    "received:collected>received", "rejected:collected>recollection_requested",
    "rejected:received>recollection_requested", "stored:received>stored",
    "disposed:received>disposed", "disposed:stored>disposed",
    "disposed:recollection_requested>disposed", "disposed:rejected>disposed", NULL,
  };
  const char * const *states = ld_state_names (LD_TYPE_SAMPLE_STATE);
  guint n_moves = 0;

  for (guint e = 0; states[e] != NULL; e++)
    for (guint f = 0; states[f] != NULL; f++)
      {
        const char *to = NULL;

        if (ld_sample_can_move (states[f], states[e], &to))
          {
            g_autofree char *move = g_strdup_printf ("%s:%s>%s", states[e], states[f], to);

            g_assert_true (g_strv_contains (allowed, move));
            n_moves++;
          }
        else
          g_assert_null (to);
      }
  g_assert_cmpuint (n_moves, ==, g_strv_length ((GStrv) allowed));
  g_assert_false (ld_sample_can_move ("received", "thrown_away", NULL));
  g_assert_false (ld_sample_can_move (NULL, "received", NULL));
}

/* Takes @starts. */
static char *
joined (GPtrArray *starts)
{
  g_autoptr(GPtrArray) owned = starts;

  g_ptr_array_add (owned, NULL);
  return g_strjoinv ("|", (char **) owned->pdata);
}

/* The keys names are indexed under, on the server (with whole words) and
 * in the client's cache (without): by characters, each once. */
static void
test_name_word_starts (void)
{
  g_autofree char *server = joined (ld_patient_name_word_starts ("amit kumar ku", 3, TRUE));
  g_autofree char *client = joined (ld_patient_name_word_starts ("amit kumar ku", 3, FALSE));
  g_autofree char *devanagari = joined (ld_patient_name_word_starts ("सुनीता", 3, TRUE));
  g_autofree char *spaces = joined (ld_patient_name_word_starts ("li  wu", 3, TRUE));

  g_assert_cmpstr (server, ==, "a|am|ami|amit|k|ku|kum|kumar");
  g_assert_cmpstr (client, ==, "a|am|ami|k|ku|kum");
  g_assert_cmpstr (devanagari, ==, "स|सु|सुन|सुनीता");
  g_assert_cmpstr (spaces, ==, "l|li|w|wu");
}

/* A report's fingerprint: the same hex as GLib's SHA-256 (which the desk
 * compares it with, and which earlier releases kept) at every length
 * around the digest's 64-byte blocks, a known answer, and a report's size. */
static void
test_digest_sha256 (void)
{
  static const gsize sizes[] = { 0, 1, 55, 56, 63, 64, 65, 119, 128, 4096, 40000 };
  g_autoptr(GBytes) abc = g_bytes_new_static ("abc", 3);
  g_autofree char *abc_hex = ld_digest_sha256_hex (abc);

  g_assert_cmpstr (abc_hex, ==,
                   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree guint8 *data = g_malloc (MAX (sizes[i], 1));
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *ours = NULL;
      g_autofree char *glib = NULL;

      for (gsize j = 0; j < sizes[i]; j++)
        data[j] = (guint8) g_test_rand_int ();
      bytes = g_bytes_new (data, sizes[i]);
      ours = ld_digest_sha256_hex (bytes);
      glib = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
      g_assert_cmpstr (ours, ==, glib);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/domain/lock-after-max-failures", test_lock_after_max_failures);
  g_test_add_func ("/server/domain/session-expiry", test_session_expiry);
  g_test_add_func ("/server/domain/permission-table", test_permission_table);
  g_test_add_func ("/server/domain/username-rules", test_username_rules);
  g_test_add_func ("/server/domain/passwords", test_passwords);
  g_test_add_func ("/server/domain/tokens", test_tokens);
  g_test_add_func ("/server/domain/digest-sha256", test_digest_sha256);
  g_test_add_func ("/server/domain/audit-hash-is-stable", test_audit_hash_is_stable);
  g_test_add_func ("/server/domain/audit-hash-covers-every-field",
                   test_audit_hash_covers_every_field);
  g_test_add_func ("/server/domain/settings-values", test_settings_values);
  g_test_add_func ("/server/domain/pricing-each-test-once", test_pricing_charges_each_test_once);
  g_test_add_func ("/server/domain/assignment-least-work-then-turns",
                   test_assignment_least_work_then_turns);
  g_test_add_func ("/server/domain/lab-state-moves", test_lab_state_moves);
  g_test_add_func ("/server/domain/lab-state-in-lab", test_lab_state_in_lab);
  g_test_add_func ("/server/domain/state-parse", test_state_parse);
  g_test_add_func ("/server/domain/sample-custody-moves", test_sample_custody_moves);
  g_test_add_func ("/server/domain/pricing-discount-and-tax", test_pricing_discount_and_tax);
  g_test_add_func ("/server/domain/name-word-starts", test_name_word_starts);

  return g_test_run ();
}
