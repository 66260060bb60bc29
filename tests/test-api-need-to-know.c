/* test-api-need-to-know.c: a doctor reads their own patients' results, and
 * breaks the glass for anyone else's
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 15, item 1. Doctor A (the demo's) prescribes; doctor B, made by
 * the administrator here, is not the patient's doctor: refused on every
 * read of the patient's clinical records and given none of them in the
 * feed, until B breaks the glass with a reason, which opens them for
 * break_glass_minutes, is audited and is listed to administrators.
 */

#include "config.h"

#include "ld-test-documents.h"
#include "ld-test-orders.h"
#include "ld-test-snapshot.h"
#include "ld-time.h"

typedef LdLabFixture Fixture;

#define PATIENT "{\"name\": \"Farida Khan\", \"sex\": \"female\", \"age_years\": 67}"
#define NOT_THEIRS "You are not this patient's doctor. Break the glass to read their results."
#define REASON "Covering the ward for Dr. Mehta tonight; the patient is breathless."

/* A second doctor; returns their token, and their id in @out_id. */
static char *
add_doctor (Fixture     *fx,
            const char  *username,
            char       **out_id)
{
  g_autofree char *body = g_strdup_printf ("{\"username\": \"%s\", \"display_name\": \"Dr. %s\","
                                           " \"roles\": [\"doctor\"],"
                                           " \"password\": \"%s-secret-words\"}",
                                           username, username, username);
  g_autofree char *password = g_strdup_printf ("%s-secret-words", username);
  g_autoptr(LdTestResponse) made = ld_lab_post (fx->lab, fx->lab->admin, "/api/v1/users", body);

  ld_test_assert_status (made, 201);
  *out_id = g_strdup (ld_test_response_get_string (made, "user.id"));
  return ld_test_login (fx->lab->server, username, password);
}

/* Every read of the order's patient's clinical records. */
static GPtrArray *
clinical_paths (Fixture    *fx,
                const char *order_id)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *number = ld_test_order_number (fx->lab, order_id);

  g_ptr_array_add (paths, g_strdup_printf ("/api/v1/orders/%s", order_id));
  g_ptr_array_add (paths, g_strdup_printf ("/api/v1/orders/by-number/%s", number));
  g_ptr_array_add (paths, g_strdup_printf ("/api/v1/orders/%s/results", order_id));
  g_ptr_array_add (paths, g_strdup_printf ("/api/v1/orders/%s/samples", order_id));
  g_ptr_array_add (paths, g_strdup_printf ("/api/v1/orders/%s/reports", order_id));
  g_ptr_array_add (paths, g_strdup_printf ("/api/v1/orders/%s/report.pdf", order_id));
  g_ptr_array_add (paths, g_strdup_printf ("/api/v1/patients/%s/results?test=K", fx->patient_id));
  g_ptr_array_add (paths, g_strdup_printf ("/api/v1/patients/%s/results", fx->patient_id));
  g_ptr_array_add (paths, g_strdup_printf ("/api/v1/orders?patient_id=%s", fx->patient_id));
  return paths;
}

static void
assert_reads (Fixture    *fx,
              GPtrArray  *paths,
              const char *token,
              gboolean    allowed)
{
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr(LdTestResponse) resp = ld_test_get (fx->lab->server, path, token);

      g_test_message ("%s: %u", path, resp->status);
      if (allowed)
        {
          ld_test_assert_status (resp, 200);
          continue;
        }
      ld_test_assert_error (resp, 403, "forbidden");
      g_assert_cmpstr (ld_test_response_get_string (resp, "error.message"), ==, NOT_THEIRS);
    }
}

/* Refused reads change nothing, and are not audited as reads. */
static void
assert_refused_unchanged (Fixture    *fx,
                          GPtrArray  *paths,
                          const char *token)
{
  g_autofree char *snapshot = ld_test_snapshot_database (fx->lab->server);

  assert_reads (fx, paths, token, FALSE);
  ld_test_assert_unchanged (fx->lab->server, snapshot);
}

/* How many records of the clinical kinds @token's feed holds about the
 * patient's order @order_id, replayed from 0, and through a snapshot. */
static guint
count_in_feed (GHashTable *feed,
               const char *order_id)
{
  static const char * const kinds[] = { "order", "result", "sample", "report", "alert", NULL };
  GHashTableIter iter;
  gpointer key, value;
  guint n = 0;

  g_hash_table_iter_init (&iter, feed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (key, "\n", 2);
      JsonObject *record;

      if (!g_strv_contains (kinds, parts[0]) || !JSON_NODE_HOLDS_OBJECT ((JsonNode *) value))
        continue;
      record = json_node_get_object (value);
      if (g_str_equal (parts[0], "order")
            ? g_str_equal (parts[1], order_id)
            : g_strcmp0 (json_object_get_string_member_with_default (record, "order_id", ""),
                         order_id) == 0)
        n++;
    }
  return n;
}

static gboolean
feed_has (GHashTable *feed,
          const char *entity,
          const char *id)
{
  g_autofree char *key = g_strconcat (entity, "\n", id, NULL);

  return g_hash_table_contains (feed, key);
}

static char *
break_glass_path (Fixture *fx)
{
  return g_strdup_printf ("/api/v1/patients/%s/break-glass", fx->patient_id);
}

static LdTestResponse *
break_glass (Fixture    *fx,
             const char *token,
             const char *body)
{
  g_autofree char *path = break_glass_path (fx);

  return ld_lab_post (fx->lab, token, path, body);
}

/* As if the grant had run out: the server's clock is not ours to move,
 * its database is. */
static void
expire_grants (Fixture *fx)
{
  g_autofree char *sql =
    g_strdup_printf ("UPDATE break_glass SET until_us = %" G_GINT64_FORMAT, g_get_real_time () - 1);

  ld_test_sql_exec (fx->lab->server, sql);
}

/* A released order of the first doctor's, and a second doctor. */
typedef struct
{
  char      *order_id;
  char      *other_id;
  char      *other;
  GPtrArray *paths;
} Scene;

static void
scene_init (Scene   *scene,
            Fixture *fx)
{
  scene->order_id = ld_test_order_released (fx->lab, fx->patient_id);
  scene->other = add_doctor (fx, "kapoor", &scene->other_id);
  scene->paths = clinical_paths (fx, scene->order_id);
}

static void
scene_clear (Scene *scene)
{
  g_free (scene->order_id);
  g_free (scene->other_id);
  g_free (scene->other);
  g_ptr_array_unref (scene->paths);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scene, scene_clear)

/* The first doctor reads everything of their patient; the second is
 * refused every read, with the message, and nothing changes; the feed and
 * its snapshot give the second none of those records, but the patient's
 * own record; other roles read as before. */
static void
test_other_doctor_refused (Fixture       *fx,
                           gconstpointer  data)
{
  g_auto(Scene) scene = {
    NULL,
  };
  g_autoptr(GHashTable) mine = NULL;
  g_autoptr(GHashTable) theirs = NULL;
  g_autoptr(GHashTable) snapshot = NULL;
  g_autoptr(LdTestResponse) patient = NULL;
  g_autoptr(LdTestResponse) all = NULL;
  g_autofree char *patient_path = g_strdup_printf ("/api/v1/patients/%s", fx->patient_id);
  const char *order_id, *other;

  scene_init (&scene, fx);
  order_id = scene.order_id;
  other = scene.other;
  assert_reads (fx, scene.paths, fx->lab->doctor, TRUE);
  assert_reads (fx, scene.paths, fx->lab->technician, TRUE);
  assert_refused_unchanged (fx, scene.paths, other);

  /* Demographics stay open: doctors prescribe for new patients. */
  patient = ld_test_get (fx->lab->server, patient_path, other);
  ld_test_assert_status (patient, 200);
  /* The lab's whole list is not a doctor's. */
  all = ld_test_get (fx->lab->server, "/api/v1/orders", other);
  ld_test_assert_error (all, 403, "forbidden");

  mine = ld_test_replay_feed (fx->lab->server, fx->lab->doctor);
  theirs = ld_test_replay_feed (fx->lab->server, other);
  snapshot = ld_test_read_snapshot (fx->lab->server, other);
  /* The order, its three samples at least, ten results, the report, the alert. */
  g_assert_cmpuint (count_in_feed (mine, order_id), >=, 15);
  g_assert_cmpuint (count_in_feed (theirs, order_id), ==, 0);
  g_assert_cmpuint (count_in_feed (snapshot, order_id), ==, 0);
  g_assert_true (feed_has (theirs, "patient", fx->patient_id));
  g_assert_true (feed_has (snapshot, "patient", fx->patient_id));
}

/* Without a reason, or with one too short: 422 naming it, nothing opened.
 * With one: 201, the patient's results open to that doctor for the set
 * time, audited with the reason, listed to administrators; once the
 * grant has run out, refused again. */
static void
test_break_glass_opens_for_a_while (Fixture       *fx,
                                    gconstpointer  data)
{
  g_auto(Scene) scene = {
    NULL,
  };
  g_autoptr(LdTestResponse) granted = NULL;
  g_autoptr(LdTestResponse) list = NULL;
  g_autoptr(LdTestResponse) by_other_doctor = NULL;
  g_autoptr(GHashTable) feed = NULL;
  g_autoptr(GHashTable) closed = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *list_path = NULL;
  const char * const refused[] = { "{}", "{\"reason\": \"\"}", "{\"reason\": \"   \"}",
                                   "{\"reason\": \"urgent\"}", "{\"reason\": null}", NULL };
  JsonObject *grant;
  JsonArray *items;
  gint64 at_us, until_us, position;
  const char *order_id, *other_id, *other;
  GPtrArray *paths;

  scene_init (&scene, fx);
  order_id = scene.order_id;
  other_id = scene.other_id;
  other = scene.other;
  paths = scene.paths;
  for (guint i = 0; refused[i] != NULL; i++)
    {
      g_autofree char *snap = ld_test_snapshot_database (fx->lab->server);
      g_autoptr(LdTestResponse) resp = break_glass (fx, other, refused[i]);

      g_test_message ("%s", refused[i]);
      ld_test_assert_error (resp, 422, "validation_failed");
      g_assert_nonnull (ld_test_response_get_field_error (resp, "reason"));
      ld_test_assert_unchanged (fx->lab->server, snap);
    }
  assert_reads (fx, paths, other, FALSE);

  ld_test_patch_settings (fx->lab, "\"break_glass_minutes\": 15");
  /* Where the second doctor's client stands before the glass is broken. */
  {
    g_autoptr(LdTestResponse) head =
                 ld_test_get (fx->lab->server, "/api/v1/changes?since=0&limit=1", other);

    ld_test_assert_status (head, 200);
    position = ld_test_response_get_int (head, "last_seq");
  }
  granted = break_glass (fx, other, "{\"reason\": \"  " REASON "  \"}");
  ld_test_assert_status (granted, 201);
  g_assert_cmpstr (ld_test_response_get_string (granted, "break_glass.reason"), ==, REASON);
  g_assert_cmpstr (ld_test_response_get_string (granted, "break_glass.doctor.id"), ==, other_id);
  g_assert_cmpstr (ld_test_response_get_string (granted, "break_glass.patient.id"), ==,
                   fx->patient_id);
  g_assert_true (
    ld_time_parse_rfc3339 (ld_test_response_get_string (granted, "break_glass.at"), &at_us));
  g_assert_true (
    ld_time_parse_rfc3339 (ld_test_response_get_string (granted, "break_glass.until"), &until_us));
  g_assert_cmpint (until_us - at_us, ==, 15 * G_TIME_SPAN_MINUTE);

  assert_reads (fx, paths, other, TRUE);
  feed = ld_test_replay_feed (fx->lab->server, other);
  g_assert_true (feed_has (feed, "order", order_id));
  g_assert_cmpuint (count_in_feed (feed, order_id), >=, 14);
  /* A client following the feed from its position is sent the patient's
   * records too: the order, its samples, its ten results and the report. */
  {
    g_autofree char *since =
      g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=1000", position);
    g_autoptr(LdTestResponse) later = ld_test_get (fx->lab->server, since, other);
    JsonArray *changes;
    guint n_order = 0;

    ld_test_assert_status (later, 200);
    changes = json_object_get_array_member (ld_test_response_object (later), "changes");
    for (guint i = 0; i < json_array_get_length (changes); i++)
      {
        JsonObject *change = json_array_get_object_element (changes, i);
        JsonObject *record = json_object_get_object_member (change, "record");

        n_order += g_str_equal (json_object_get_string_member (change, "id"), order_id) ||
                   g_strcmp0 (json_object_get_string_member_with_default (record, "order_id", ""),
                              order_id) == 0;
      }
    g_assert_cmpuint (n_order, >=, 14);
  }
  /* Sent to that doctor alone: the first doctor's feed does not grow. */
  {
    g_autofree char *since = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT, position);
    g_autoptr(LdTestResponse) first = ld_test_get (fx->lab->server, since, fx->lab->doctor);

    ld_test_assert_status (first, 200);
    g_assert_cmpuint (json_array_get_length (
                        json_object_get_array_member (ld_test_response_object (first), "changes")),
                      <=, 1);
  }

  sql = g_strdup_printf ("SELECT count(*) FROM audit_events WHERE action = 'patient.break_glass'"
                         " AND user_id = '%s' AND entity_id = '%s' AND detail = '%s'",
                         other_id, fx->patient_id, REASON);
  g_assert_cmpint (ld_test_server_query_int (fx->lab->server, sql), ==, 1);

  list = ld_test_get (fx->lab->server, "/api/v1/break-glass", fx->lab->admin);
  ld_test_assert_status (list, 200);
  items = json_object_get_array_member (ld_test_response_object (list), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  grant = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (grant, "doctor"),
                                                  "id"),
                   ==, other_id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (grant, "doctor"),
                                                  "name"),
                   ==, "Dr. kapoor");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (grant, "patient"),
                                                  "name"),
                   ==, "Farida Khan");
  g_assert_cmpstr (json_object_get_string_member (grant, "reason"), ==, REASON);
  g_assert_cmpstr (json_object_get_string_member (grant, "until"), ==,
                   ld_test_response_get_string (granted, "break_glass.until"));
  list_path = g_strdup_printf ("/api/v1/break-glass?doctor_id=%s", fx->lab->doctor_id);
  by_other_doctor = ld_test_get (fx->lab->server, list_path, fx->lab->admin);
  ld_test_assert_status (by_other_doctor, 200);
  g_assert_cmpuint (json_array_get_length (
                      json_object_get_array_member (ld_test_response_object (by_other_doctor),
                                                    "items")),
                    ==, 0);

  expire_grants (fx);
  assert_refused_unchanged (fx, paths, other);
  closed = ld_test_replay_feed (fx->lab->server, other);
  g_assert_cmpuint (count_in_feed (closed, order_id), ==, 0);
}

/* An alert goes to its order's doctor alone: not to another doctor, even
 * one who broke the glass for the patient; each doctor's feed holds only
 * their own alerts. */
static void
test_alerts_stay_with_their_doctor (Fixture       *fx,
                                    gconstpointer  data)
{
  g_autofree char *order_id = ld_test_order_resulted (fx->lab, fx->patient_id);
  g_autofree char *other_id = NULL;
  g_autofree char *other = add_doctor (fx, "kapoor", &other_id);
  g_autofree char *second_patient =
    ld_lab_new_patient (fx->lab, "{\"name\": \"Ravi Menon\","
                                 " \"sex\": \"male\", \"age_years\": 71}");
  g_autofree char *first_doctor = g_steal_pointer (&fx->lab->doctor);
  g_autofree char *other_order = NULL;
  g_autoptr(LdTestResponse) granted = NULL;
  g_autoptr(GHashTable) mine = NULL;
  g_autoptr(GHashTable) theirs = NULL;
  g_autoptr(GHashTable) admins = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint n_mine = 0, n_theirs = 0;

  /* The second doctor's own patient, with a critical potassium too. */
  fx->lab->doctor = g_strdup (other);
  other_order = ld_test_order_resulted (fx->lab, second_patient);
  g_free (fx->lab->doctor);
  fx->lab->doctor = g_steal_pointer (&first_doctor);

  granted = break_glass (fx, other, "{\"reason\": \"" REASON "\"}");
  ld_test_assert_status (granted, 201);

  mine = ld_test_replay_feed (fx->lab->server, fx->lab->doctor);
  theirs = ld_test_replay_feed (fx->lab->server, other);
  admins = ld_test_replay_feed (fx->lab->server, fx->lab->admin);

  g_hash_table_iter_init (&iter, admins);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonObject *alert;

      if (!g_str_has_prefix (key, "alert\n"))
        continue;
      alert = json_node_get_object (value);
      if (g_str_equal (json_object_get_string_member (alert, "order_id"), order_id))
        {
          n_mine++;
          g_assert_true (g_hash_table_contains (mine, key));
          g_assert_false (g_hash_table_contains (theirs, key));
        }
      else if (g_str_equal (json_object_get_string_member (alert, "order_id"), other_order))
        {
          n_theirs++;
          g_assert_true (g_hash_table_contains (theirs, key));
          g_assert_false (g_hash_table_contains (mine, key));
        }
    }
  g_assert_cmpuint (n_mine, ==, 1);
  g_assert_cmpuint (n_theirs, ==, 1);
  /* The results the glass opened are there; the alert is not. */
  g_assert_true (feed_has (theirs, "order", order_id));
  /* And the first doctor has none of the second's patient. */
  g_assert_cmpuint (count_in_feed (mine, other_order), ==, 0);
}

/* Bad input to both endpoints is refused in the documented shape, and
 * changes nothing; so is every role but doctor breaking the glass, and
 * every role but admin reading the list. */
static void
test_bad_input (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *path = break_glass_path (fx);
  g_autofree char *long_reason = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *unknown_patient = NULL;
  GString *text = g_string_new ("{\"reason\": \"");
  static const char invalid_utf8[] = "{\"reason\": \"Covering the ward \xff\xfe tonight\"}";
  const struct
  {
    const char *body;
    guint       status;
    const char *code;
    const char *field;
  } bodies[] = {
    { "{\"reason\": 42}", 422, "validation_failed", "reason" },
    { "{\"reason\": [\"" REASON "\"]}", 422, "validation_failed", "reason" },
    { "{\"reason\": \"" REASON "\", \"minutes\": 600}", 400, "bad_request", "minutes" },
    { "[\"" REASON "\"]", 400, "bad_request", NULL },
    { "{\"reason\": \"" REASON "\"", 400, "bad_request", NULL },
    { "{\"reason\": \"Covering\\u0000the ward tonight\"}", 400, "bad_request", "reason" },
  };
  const struct
  {
    const char *path;
    guint       status;
    const char *code;
    const char *field;
  } queries[] = {
    { "/api/v1/break-glass?from=22-11-2026", 422, "validation_failed", "from" },
    { "/api/v1/break-glass?to=2026-02-30", 422, "validation_failed", "to" },
    { "/api/v1/break-glass?limit=0", 422, "validation_failed", "limit" },
    { "/api/v1/break-glass?limit=501", 422, "validation_failed", "limit" },
    { "/api/v1/break-glass?before=12_not-a-uuid", 422, "validation_failed", "before" },
    { "/api/v1/break-glass?colour=red", 400, "bad_request", "colour" },
  };
  const char *others[] = { fx->lab->desk, fx->lab->technician, fx->lab->admin, fx->lab->signatory };
  g_autofree char *snapshot = ld_test_snapshot_database (fx->lab->server);

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(LdTestResponse) resp = ld_lab_post (fx->lab, fx->lab->doctor, path, bodies[i].body);

      g_test_message ("%s", bodies[i].body);
      ld_test_assert_error (resp, bodies[i].status, bodies[i].code);
      if (bodies[i].field != NULL)
        g_assert_nonnull (ld_test_response_get_field_error (resp, bodies[i].field));
    }

  for (guint i = 0; i <= 500; i++)
    g_string_append_c (text, 'a' + i % 26);
  g_string_append (text, "\"}");
  long_reason = g_string_free (text, FALSE);
  {
    g_autoptr(LdTestResponse) resp = ld_lab_post (fx->lab, fx->lab->doctor, path, long_reason);

    ld_test_assert_error (resp, 422, "validation_failed");
    g_assert_cmpstr (ld_test_response_get_field_error (resp, "reason"), ==,
                     "must be 10 to 500 characters long");
  }
  {
    g_autoptr(LdTestResponse) resp =
                 ld_test_request (fx->lab->server, "POST", path, fx->lab->doctor,
                                  "application/json", invalid_utf8, -1);

    ld_test_assert_error (resp, 400, "bad_request");
  }
  {
    gsize size = 2 * 1024 * 1024;

    huge = g_malloc (size + 1);
    memset (huge, ' ', size);
    huge[size] = '\0';
    memcpy (huge, "{\"reason\": \"", 12);
    memcpy (huge + size - 2, "\"}", 2);
    {
      g_autoptr(LdTestResponse) resp = ld_lab_post (fx->lab, fx->lab->doctor, path, huge);

      ld_test_assert_error (resp, 413, "payload_too_large");
    }
  }
  unknown_patient =
    g_strdup_printf ("/api/v1/patients/%s/break-glass", "6c1f0e3e-8d55-4b8e-9a55-0f1e2d3c4b5a");
  {
    g_autoptr(LdTestResponse) resp = ld_lab_post (fx->lab, fx->lab->doctor, unknown_patient,
                                                   "{\"reason\": \"" REASON "\"}");

    ld_test_assert_error (resp, 404, "not_found");
  }
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autoptr(LdTestResponse) resp =
                   ld_lab_post (fx->lab, others[i], path, "{\"reason\": \"" REASON "\"}");

      ld_test_assert_error (resp, 403, "forbidden");
    }
  {
    g_autoptr(LdTestResponse) by_doctor =
                 ld_test_get (fx->lab->server, "/api/v1/break-glass", fx->lab->doctor);
    g_autoptr(LdTestResponse) by_desk =
                 ld_test_get (fx->lab->server, "/api/v1/break-glass", fx->lab->desk);

    ld_test_assert_error (by_doctor, 403, "forbidden");
    ld_test_assert_error (by_desk, 403, "forbidden");
  }
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(LdTestResponse) resp =
                   ld_test_get (fx->lab->server, queries[i].path, fx->lab->admin);

      g_test_message ("%s", queries[i].path);
      ld_test_assert_error (resp, queries[i].status, queries[i].code);
      g_assert_nonnull (ld_test_response_get_field_error (resp, queries[i].field));
    }

  ld_test_assert_unchanged (fx->lab->server, snapshot);
  g_assert_cmpint (ld_test_server_query_int (fx->lab->server, "SELECT count(*) FROM break_glass"),
                   ==, 0);
}

/* break_glass_minutes: 5 to 1440, 60 unless set. */
static void
test_setting_range (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(LdTestResponse) settings =
               ld_test_get (fx->lab->server, "/api/v1/settings", fx->lab->doctor);
  const char * const bad[] = { "4", "1441", "\"60\"", "6.5", NULL };

  ld_test_assert_status (settings, 200);
  g_assert_cmpint (ld_test_response_get_int (settings, "break_glass_minutes"), ==, 60);
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autofree char *body =
        g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"break_glass_minutes\": %s}",
                         ld_test_response_get_int (settings, "version"), bad[i]);
      g_autoptr(LdTestResponse) resp =
                   ld_test_send_json (fx->lab->server, "PATCH", "/api/v1/settings", fx->lab->admin,
                                      body);

      ld_test_assert_error (resp, 422, "validation_failed");
      g_assert_nonnull (ld_test_response_get_field_error (resp, "break_glass_minutes"));
    }
  ld_test_patch_settings (fx->lab, "\"break_glass_minutes\": 1440");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, PATIENT, ld_lab_fixture_setup, func, ld_lab_fixture_teardown)
  ADD ("/server/need-to-know/other-doctor-refused", test_other_doctor_refused);
  ADD ("/server/need-to-know/break-glass-opens-for-a-while", test_break_glass_opens_for_a_while);
  ADD ("/server/need-to-know/alerts-stay-with-their-doctor", test_alerts_stay_with_their_doctor);
  ADD ("/server/need-to-know/bad-input", test_bad_input);
  ADD ("/server/need-to-know/setting-range", test_setting_range);
#undef ADD

  return g_test_run ();
}
