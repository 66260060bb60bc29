/* test-api-results-input.c: bad input to every result, report and alert endpoint
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Malformed and oversized bodies, wrong types, unknown members and query
 * parameters, unknown ids and another role's calls, each answered with the
 * documented error and each leaving every row of the database as it was.
 */

#include "config.h"

#include "ld-test-lab.h"
#include "ld-test-snapshot.h"

#define NO_SUCH_ID "00000000-0000-4000-8000-000000000000"

/* A database with one order in each of the states the endpoints act on. */
typedef struct
{
  LdLab *lab;
  char  *patient_id;
  char  *order_id;
  char  *result_id;
  char  *alert_id;
} World;

typedef enum
{
  AS_TECHNICIAN,
  AS_DOCTOR,
  AS_ADMIN,
  AS_DESK,
  AS_SIGNATORY,
} Who;

typedef struct
{
  const char *method;
  /* "{order}", "{result}", "{alert}" and "{patient}" stand for the world's. */
  const char *path;
  Who         allowed;
  Who         refused;
  /* A body of the right shape for the endpoint, and one of wrong types. */
  const char *body;
  const char *wrong_body;
  const char *wrong_fields[4];
} Endpoint;

/* clang-format off */
static const Endpoint writes[] = {
  { "POST", "/api/v1/orders/{order}/results", AS_TECHNICIAN, AS_DESK,
    "{\"results\": [{\"test_code\": \"K\", \"version\": 1, \"value\": \"4\"}]}",
    "{\"submit\": \"yes\", \"results\": [{\"test_code\": 5, \"version\": \"1\", \"value\": 4.5}]}",
    { "submit", "results[0].test_code", "results[0].version", "results[0].value" } },
  { "POST", "/api/v1/orders/{order}/verify", AS_TECHNICIAN, AS_DOCTOR,
    "{\"results\": [{\"test_code\": \"K\", \"version\": 1}]}",
    "{\"results\": [5, {\"test_code\": [\"K\"], \"version\": 1.5}]}",
    { "results[0]", "results[1].test_code", "results[1].version", NULL } },
  { "POST", "/api/v1/orders/{order}/release", AS_SIGNATORY, AS_DOCTOR,
    "{\"version\": 1}",
    "{\"version\": \"1\"}",
    { "version", NULL } },
  { "POST", "/api/v1/orders/{order}/amendments", AS_SIGNATORY, AS_DESK,
    "{\"reason\": \"r\", \"results\": [{\"test_code\": \"K\", \"version\": 1, \"value\": \"4\"}]}",
    "{\"reason\": 5, \"results\": {\"test_code\": \"K\"}}",
    { "reason", "results", NULL } },
  { "POST", "/api/v1/results/{result}/cancel", AS_TECHNICIAN, AS_DOCTOR,
    "{\"version\": 1, \"reason\": \"r\"}",
    "{\"version\": true, \"reason\": [\"r\"]}",
    { "version", "reason", NULL } },
  { "POST", "/api/v1/alerts/{alert}/acknowledge", AS_DOCTOR, AS_TECHNICIAN,
    "{\"version\": 1}",
    "{\"version\": null}",
    { "version", NULL } },
};
/* clang-format on */

static const char *
token_of (World *world,
          Who    who)
{
  switch (who)
    {
    case AS_TECHNICIAN:
      return world->lab->technician;
    case AS_DOCTOR:
      return world->lab->doctor;
    case AS_ADMIN:
      return world->lab->admin;
    case AS_SIGNATORY:
      return world->lab->signatory;
    case AS_DESK:
    default:
      return world->lab->desk;
    }
}

static char *
fill (World      *world,
      const char *pattern,
      gboolean    known_ids)
{
  g_autoptr(GString) path = g_string_new (pattern);

  g_string_replace (path, "{order}", known_ids ? world->order_id : NO_SUCH_ID, 0);
  g_string_replace (path, "{result}", known_ids ? world->result_id : NO_SUCH_ID, 0);
  g_string_replace (path, "{alert}", known_ids ? world->alert_id : NO_SUCH_ID, 0);
  g_string_replace (path, "{patient}", known_ids ? world->patient_id : NO_SUCH_ID, 0);
  return g_string_free (g_steal_pointer (&path), FALSE);
}

/* Sends a request and asserts its error, and that nothing changed. */
static void
assert_refused (World      *world,
                const char *method,
                const char *path,
                const char *token,
                const char *content_type,
                const char *body,
                gssize      length,
                guint       status,
                const char *code,
                const char *field)
{
  g_autofree char *snapshot = ld_test_snapshot_database (world->lab->server);
  g_autoptr(LdTestResponse) resp = ld_test_request (world->lab->server, method, path, token,
                                                     content_type, body, length);

  g_test_message ("%s %s, expecting %u", method, path, status);
  ld_test_assert_error (resp, status, code);
  if (field != NULL && ld_test_response_get_field_error (resp, field) == NULL)
    g_error ("%s %s: no error for %s in %s", method, path, field, resp->body);
  ld_test_assert_unchanged (world->lab->server, snapshot);
}

static void
test_unreadable_bodies (gconstpointer data)
{
  World *world = (World *) data;
  static const struct
  {
    const char *content_type;
    const char *body;
    gssize      length;
  } cases[] = {
    { "application/json", "{\"results\": ", -1 },
    { "application/json", "[{\"test_code\": \"K\"}]", -1 },
    { "application/json", "\"K\"", -1 },
    { "application/json", "", 0 },
    { "application/json", "{\"reason\": \"\xc3\x28\"}", -1 },
    { "application/json", "{\"version\": 1}{\"version\": 2}", -1 },
    { "text/plain", "{\"version\": 1}", -1 },
  };

  for (guint e = 0; e < G_N_ELEMENTS (writes); e++)
    {
      g_autofree char *path = fill (world, writes[e].path, TRUE);

      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        assert_refused (world, writes[e].method, path, token_of (world, writes[e].allowed),
                        cases[i].content_type, cases[i].body, cases[i].length, 400, "bad_request",
                        NULL);
    }
}

static void
test_wrong_types_and_unknown_members (gconstpointer data)
{
  World *world = (World *) data;

  for (guint e = 0; e < G_N_ELEMENTS (writes); e++)
    {
      const Endpoint *endpoint = &writes[e];
      g_autofree char *path = fill (world, endpoint->path, TRUE);
      const char *token = token_of (world, endpoint->allowed);
      g_autoptr(GString) unknown = g_string_new (endpoint->body);
      g_autoptr(LdTestResponse) resp = NULL;
      g_autofree char *snapshot = ld_test_snapshot_database (world->lab->server);

      /* Every wrong member is named at once. */
      resp =
        ld_test_send_json (world->lab->server, endpoint->method, path, token, endpoint->wrong_body);
      g_test_message ("%s %s, wrong types", endpoint->method, endpoint->path);
      ld_test_assert_error (resp, 422, "validation_failed");
      for (guint f = 0;
           f < G_N_ELEMENTS (endpoint->wrong_fields) && endpoint->wrong_fields[f] != NULL; f++)
        if (ld_test_response_get_field_error (resp, endpoint->wrong_fields[f]) == NULL)
          g_error ("%s: %s not named in %s", endpoint->path, endpoint->wrong_fields[f], resp->body);
      ld_test_assert_unchanged (world->lab->server, snapshot);

      g_string_replace (unknown, "{", "{\"colour\": \"red\", ", 1);
      assert_refused (world, endpoint->method, path, token, "application/json", unknown->str, -1,
                      400, "bad_request", "colour");
    }

  /* Members unknown inside a list element are named with their place. */
  {
    g_autofree char *path = fill (world, writes[0].path, TRUE);

    assert_refused (
      world, "POST", path, world->lab->technician, "application/json",
      "{\"results\": [{\"test_code\": \"K\", \"version\": 1, \"value\": \"4\", \"unit\": \"mg\"}]}",
      -1, 400, "bad_request", "results[0].unit");
    assert_refused (world, "POST", path, world->lab->technician, "application/json",
                    "{\"results\": []}", -1, 422, "validation_failed", "results");
    assert_refused (world, "POST", path, world->lab->technician, "application/json",
                    "{\"results\": [{\"test_code\": \"K\", \"version\": 1, \"value\": \"4\"},"
                    " {\"test_code\": \"K\", \"version\": 1, \"value\": \"5\"}]}", -1,
                    422, "validation_failed", "results[1].test_code");
    assert_refused (world, "POST", path, world->lab->technician, "application/json",
                    "{\"results\": [{\"test_code\": \"NOPE\", \"version\": 1, \"value\": \"4\"}]}",
                    -1, 422, "validation_failed", "results[0].test_code");
    assert_refused (world, "POST", path, world->lab->technician, "application/json",
                    "{\"results\": [{\"test_code\": \"K\", \"version\": 1}]}", -1,
                    422, "validation_failed", "results[0].value");
  }
}

static void
test_oversized_bodies (gconstpointer data)
{
  World *world = (World *) data;
  gsize size = 1024 * 1024 + 64;
  g_autofree char *body = g_malloc (size + 1);

  /* Valid JSON, only too long. */
  memset (body, ' ', size);
  body[0] = '{';
  body[size - 1] = '}';
  body[size] = '\0';

  for (guint e = 0; e < G_N_ELEMENTS (writes); e++)
    {
      g_autofree char *path = fill (world, writes[e].path, TRUE);

      assert_refused (world, writes[e].method, path, token_of (world, writes[e].allowed),
                      "application/json", body, size, 413, "payload_too_large", NULL);
    }
}

static void
test_unknown_ids_and_other_roles (gconstpointer data)
{
  World *world = (World *) data;

  for (guint e = 0; e < G_N_ELEMENTS (writes); e++)
    {
      g_autofree char *unknown = fill (world, writes[e].path, FALSE);
      g_autofree char *path = fill (world, writes[e].path, TRUE);

      assert_refused (world, writes[e].method, unknown, token_of (world, writes[e].allowed),
                      "application/json", writes[e].body, -1, 404, "not_found", NULL);
      assert_refused (world, writes[e].method, path, token_of (world, writes[e].refused),
                      "application/json", writes[e].body, -1, 403, "forbidden", NULL);
      assert_refused (world, writes[e].method, path, NULL, "application/json", writes[e].body, -1,
                      401, "unauthorized", NULL);
    }
}

/* Reads: unknown or bad query parameters, unknown ids, other roles. */
static void
test_bad_reads (gconstpointer data)
{
  World *world = (World *) data;
  static const struct
  {
    const char *path;
    Who         who;
    guint       status;
    const char *code;
    const char *field;
  } cases[] = {
    { "/api/v1/orders/{order}/results?limit=5", AS_TECHNICIAN, 400, "bad_request", "limit" },
    { "/api/v1/orders/" NO_SUCH_ID "/results", AS_TECHNICIAN, 404, "not_found", NULL },
    { "/api/v1/orders/{order}/results", AS_DESK, 403, "forbidden", NULL },
    { "/api/v1/orders/{order}/reports?version=1", AS_DESK, 400, "bad_request", "version" },
    { "/api/v1/orders/" NO_SUCH_ID "/reports", AS_DESK, 404, "not_found", NULL },
    { "/api/v1/patients/{patient}/results?test=", AS_DOCTOR, 422, "validation_failed", "test" },
    { "/api/v1/patients/{patient}/results?limit=0", AS_DOCTOR, 422, "validation_failed", "limit" },
    { "/api/v1/patients/{patient}/results?test=NOPE", AS_DOCTOR, 422, "validation_failed", "test" },
    { "/api/v1/patients/{patient}/results?test=K&limit=0", AS_DOCTOR, 422, "validation_failed",
      "limit" },
    { "/api/v1/patients/{patient}/results?test=K&after=yesterday", AS_DOCTOR, 422,
      "validation_failed", "after" },
    { "/api/v1/patients/{patient}/results?test=K&from=2026-01-01", AS_DOCTOR, 400, "bad_request",
      "from" },
    { "/api/v1/patients/" NO_SUCH_ID "/results?test=K", AS_DOCTOR, 404, "not_found", NULL },
    { "/api/v1/patients/{patient}/results?test=K", AS_DESK, 403, "forbidden", NULL },
    { "/api/v1/doctors/me/alerts?state=closed", AS_DOCTOR, 422, "validation_failed", "state" },
    { "/api/v1/doctors/me/alerts?after=2026-11-22T10:00:00.000Z_x", AS_DOCTOR, 422,
      "validation_failed", "after" },
    { "/api/v1/doctors/me/alerts?doctor=me", AS_DOCTOR, 400, "bad_request", "doctor" },
    { "/api/v1/doctors/me/alerts", AS_TECHNICIAN, 403, "forbidden", NULL },
    { "/api/v1/alerts?limit=1000", AS_ADMIN, 422, "validation_failed", "limit" },
    { "/api/v1/alerts", AS_DOCTOR, 403, "forbidden", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = fill (world, cases[i].path, TRUE);

      assert_refused (world, "GET", path, token_of (world, cases[i].who), NULL, NULL, 0,
                      cases[i].status, cases[i].code, cases[i].field);
    }
}

static World *
make_world (void)
{
  World *world = g_new0 (World, 1);
  g_autoptr(LdTestResponse) entered = NULL;
  g_autoptr(LdTestResponse) verified = NULL;
  g_autoptr(LdTestResponse) alerts = NULL;
  JsonArray *items;

  world->lab = ld_lab_new ();
  world->patient_id =
    ld_lab_new_patient (world->lab,
                        "{\"name\": \"Lata Iyer\", \"sex\": \"female\", \"age_years\": 70}");
  world->order_id =
    ld_lab_order_in_lab (world->lab, world->patient_id, "\"items\": [\"K\", \"NA\"]");
  entered =
    ld_lab_save (world->lab, world->lab->technician, world->order_id, TRUE, "K", "7.0", NULL);
  ld_test_assert_status (entered, 200);
  verified = ld_lab_verify (world->lab, world->lab->sunita, world->order_id, "K", NULL);
  ld_test_assert_status (verified, 200);
  world->result_id =
    g_strdup (json_object_get_string_member (ld_lab_find_result (verified, "results", "NA"), "id"));
  alerts = ld_test_get (world->lab->server, "/api/v1/doctors/me/alerts", world->lab->doctor);
  items = json_object_get_array_member (ld_test_response_object (alerts), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  world->alert_id =
    g_strdup (json_object_get_string_member (json_array_get_object_element (items, 0), "id"));
  return world;
}

static void
free_world (World *world)
{
  g_free (world->patient_id);
  g_free (world->order_id);
  g_free (world->result_id);
  g_free (world->alert_id);
  ld_lab_free (world->lab);
  g_free (world);
}

int
main (int   argc,
      char *argv[])
{
  World *world;
  int status;

  g_test_init (&argc, &argv, NULL);
  world = make_world ();

  g_test_add_data_func ("/results-input/unreadable-bodies", world, test_unreadable_bodies);
  g_test_add_data_func ("/results-input/wrong-types-and-unknown-members", world,
                        test_wrong_types_and_unknown_members);
  g_test_add_data_func ("/results-input/oversized-bodies", world, test_oversized_bodies);
  g_test_add_data_func ("/results-input/unknown-ids-and-other-roles", world,
                        test_unknown_ids_and_other_roles);
  g_test_add_data_func ("/results-input/bad-reads", world, test_bad_reads);

  status = g_test_run ();
  free_world (world);
  return status;
}
