/* test-gui-doctor-history.c: a patient's cumulative results and a trend, as a doctor reads them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A young woman has two years of monthly haemoglobin and fasting glucose,
 * prescribed by the doctor and taken through the lab over HTTP: each
 * order is collected, its samples' collection dated back to its month in
 * the test database (so the server flags each value for her age on that
 * date: she turns 18 half-way, and her haemoglobin interval changes from
 * the child's 11.5–15.5 to the woman's 12–15), entered by one technician
 * and verified by another, one critical glucose with its telephone call.
 * One report is released and its haemoglobin amended.
 *
 * The doctor signs in to the real window, opens the patient's
 * prescription and presses Ctrl+H (doctor.history-of-shown): every cell of the table is checked against what
 * the server answers for the patient's results (value, flag in words,
 * "corrected" after the amendment), abnormal values in bold and normal
 * ones not, the dates across newest first, each test under its
 * department. Enter on haemoglobin draws its trend: its points are the
 * server's values at their dates with the same flags as marks, and the
 * band at each point is the interval the server copied into that result.
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "ld-json.h"
#include "ld-test-documents.h"
#include "ld-test-gui.h"
#include "ld-test-history.h"
#include "ld-test-http.h"
#include "ld-test-lab.h"
#include "ld-time.h"
#include "ui/common/ld-chart.h"
#include "ui/doctor/ld-history-page.h"
#include "ui/doctor/ld-prescribe-page.h"

#define N_MONTHS 24

/* Haemoglobin by month, oldest first: 11.8 is normal for her at 17 and
 * low at 18; 6.5 is critical. */
/* clang-format off */
static const char * const hb_values[N_MONTHS] = {
  "12.9", "11.8", "13.4", "11.2", "12.6", "13.1", "12.2", "6.5", "13.8", "12.4", "14.1", "12.8",
  "11.8", "13.0", "12.5", "15.6", "13.3", "12.1", "11.4", "13.6", "12.9", "13.2", "12.7", "13.5",
};
/* clang-format on */
/* clang-format off */
static const char * const glu_values[N_MONTHS] = {
  "92", "88", "104", "95", "97", "91", "86", "131", "94", "98", "90", "89",
  "99", "420", "93", "96", "112", "87", "94", "95", "92", "100", "93", "90",
};
/* clang-format on */
/* The month whose report is released and amended (HB 12.9 → 10.9). */
#define AMENDED_MONTH 20
#define AMENDED_VALUE "10.9"

/* Her date of birth: she turns 18 twelve months before this month. */
static char *
dup_birth_date (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) day = g_date_time_new_utc (g_date_time_get_year (now),
                                                   g_date_time_get_month (now), 1, 0, 0, 0);
  g_autoptr(GDateTime) born = g_date_time_add_years (day, -19);

  return g_date_time_format (born, "%Y-%m-%d");
}

static void
amend (LdLab      *lab,
       const char *order_id)
{
  g_autoptr(LdTestResponse) released = ld_lab_release (lab, lab->signatory, order_id);
  g_autoptr(LdTestResponse) current = NULL;
  g_autoptr(LdTestResponse) amended = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/amendments", order_id);

  ld_test_assert_status (released, 201);
  current = ld_lab_get_results (lab, lab->technician, order_id);
  body = g_strdup_printf ("{\"reason\": \"Clotted sample; measured again\", \"results\": "
                          "[{\"test_code\": \"HB\", \"version\": %" G_GINT64_FORMAT ", "
                          "\"value\": \"" AMENDED_VALUE "\"}]}",
                          json_object_get_int_member (ld_lab_find_result (current, "items", "HB"),
                                                      "version"));
  amended = ld_lab_post (lab, lab->signatory, path, body);
  ld_test_assert_status (amended, 201);
}

static char *
seed_history (LdLab *lab)
{
  g_autofree char *born = dup_birth_date ();
  g_autofree char *patient_json =
    g_strdup_printf ("{\"name\": \"Asha Verma\", \"sex\": \"female\", "
                     "\"date_of_birth\": \"%s\"}",
                     born);
  char *patient_id = ld_lab_new_patient (lab, patient_json);

  for (guint m = 0; m < N_MONTHS; m++)
    {
      g_autofree char *order_id =
        ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\", \"GLUF\"]");
      g_autoptr(LdTestResponse) saved = NULL;
      g_autoptr(LdTestResponse) verified = NULL;

      ld_test_history_date (lab, order_id, ld_test_history_month_us (m, N_MONTHS));
      saved = ld_lab_save (lab, lab->technician, order_id, TRUE,
                           "HB", hb_values[m], "GLUF", glu_values[m], NULL);
      ld_test_assert_status (saved, 200);
      verified = ld_lab_verify (lab, lab->sunita, order_id, "HB", "GLUF", NULL);
      ld_test_assert_status (verified, 200);
      if (m == AMENDED_MONTH)
        amend (lab, order_id);
    }
  return patient_id;
}

/* The server's answer for the patient's results of one test, newest
 * first, as the doctor may read them. */
static LdTestResponse *
get_results (LdLab      *lab,
             const char *patient_id,
             const char *code)
{
  g_autofree char *path =
    g_strdup_printf ("/api/v1/patients/%s/results?test=%s&limit=50", patient_id, code);
  LdTestResponse *resp = ld_test_get (lab->server, path, lab->doctor);

  ld_test_assert_status (resp, 200);
  return resp;
}

static JsonArray *
items_of (LdTestResponse *resp)
{
  return json_object_get_array_member (json_node_get_object (resp->json), "items");
}

static const char *
flag_words (const char *flag)
{
  if (g_strcmp0 (flag, "low") == 0)
    return "low";
  if (g_strcmp0 (flag, "high") == 0)
    return "high";
  if (g_strcmp0 (flag, "critical_low") == 0)
    return "critical low";
  if (g_strcmp0 (flag, "critical_high") == 0)
    return "critical high";
  g_assert_cmpstr (flag, ==, "normal");
  return NULL;
}

static gboolean
was_amended (JsonObject *result)
{
  return json_array_get_length (json_object_get_array_member (result, "amendments")) > 0;
}

/* What a cell must say, worked out from the server's record. */
static char *
expected_cell (JsonObject *result)
{
  const char *value = json_object_get_string_member (result, "value");
  const char *flag = flag_words (json_object_get_string_member (result, "flag"));
  g_autoptr(GString) text = g_string_new (value);

  if (flag != NULL)
    g_string_append_printf (text, " %s", flag);
  if (was_amended (result))
    g_string_append (text, " (corrected)");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gint64
collected_us_of (JsonObject *result)
{
  gint64 us = 0;

  g_assert_true (
    ld_time_parse_rfc3339 (json_object_get_string_member (result, "collected_at"), &us));
  return us;
}

static char *
date_text (gint64 us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, "%-d %b %Y");
}

static gboolean
page_has_all_columns (gpointer data)
{
  GtkWidget *page = data;
  GtkLabel *dates;
  g_auto(GStrv) columns = NULL;

  if (!ld_history_page_get_loaded (LD_HISTORY_PAGE (page)))
    return FALSE;
  dates = GTK_LABEL (ld_test_gui_child (page, LD_TYPE_HISTORY_PAGE, "dates_label"));
  columns = g_strsplit (gtk_label_get_text (dates), "\t", -1);
  return g_strv_length (columns) == N_MONTHS && ld_test_gui_find_named (page, "GLUF") != NULL &&
         ld_test_gui_find_named (page, "HB") != NULL;
}

static gboolean
page_amended (gpointer data)
{
  GtkWidget *cells = ld_test_gui_find_named (data, "cells-HB");

  return cells != NULL && strstr (gtk_label_get_text (GTK_LABEL (cells)), "(corrected)") != NULL;
}

/* The cache's whole table, not the server's: the page's fallback (one
 * request) may answer before the first sync brings the results and the
 * catalogue's departments; the cache's table then takes its place. */
static gboolean
page_complete_from_cache (gpointer data)
{
  GtkWidget *note = ld_test_gui_child (data, LD_TYPE_HISTORY_PAGE, "server_note");

  return !gtk_widget_get_visible (note) && page_has_all_columns (data) && page_amended (data);
}

/* Every cell of a test's row against the server's records, and bold
 * exactly where the value is out of its interval. */
static void
check_row (GtkWidget  *page,
           LdLab      *lab,
           const char *patient_id,
           const char *code)
{
  g_autoptr(LdTestResponse) resp = get_results (lab, patient_id, code);
  JsonArray *items = items_of (resp);
  g_autofree char *cells_name = g_strdup_printf ("cells-%s", code);
  GtkLabel *cells = GTK_LABEL (ld_test_gui_find_named (page, cells_name));
  g_auto(GStrv) texts = g_strsplit (gtk_label_get_text (cells), "\t", -1);
  const char *markup = gtk_label_get_label (cells);
  GtkLabel *dates = GTK_LABEL (ld_test_gui_child (page, LD_TYPE_HISTORY_PAGE, "dates_label"));
  g_auto(GStrv) columns = g_strsplit (gtk_label_get_text (dates), "\t", -1);

  g_assert_cmpuint (json_array_get_length (items), ==, N_MONTHS);
  g_assert_cmpuint (g_strv_length (texts), ==, N_MONTHS);
  for (guint i = 0; i < N_MONTHS; i++)
    {
      JsonObject *result = json_array_get_object_element (items, i);
      g_autofree char *expected = expected_cell (result);
      g_autofree char *bold = g_strdup_printf ("<b>%s</b>", expected);
      g_autofree char *date = date_text (collected_us_of (result));
      gboolean abnormal = flag_words (json_object_get_string_member (result, "flag")) != NULL;

      /* The server's newest first is the page's left to right. */
      g_assert_cmpstr (columns[i], ==, date);
      g_assert_cmpstr (texts[i], ==, expected);
      if (abnormal)
        g_assert_nonnull (strstr (markup, bold));
      else
        g_assert_null (strstr (markup, bold));
    }
}

static void
check_trend (LdChart    *chart,
             LdLab      *lab,
             const char *patient_id)
{
  g_autoptr(LdTestResponse) resp = get_results (lab, patient_id, "HB");
  JsonArray *items = items_of (resp);
  guint n_steps = 0;
  const LdChartBandStep *band = ld_chart_get_band (chart, &n_steps);
  g_autofree char *summary = ld_chart_dup_summary (chart);
  guint n_low = 0, n_high = 0, n_critical = 0;

  g_assert_cmpuint (ld_chart_get_n_series (chart), ==, 1);
  g_assert_cmpuint (ld_chart_get_n_points (chart, 0), ==, N_MONTHS);
  /* The band steps once: where she turned 18. */
  g_assert_cmpuint (n_steps, ==, 2);
  for (guint i = 0; i < N_MONTHS; i++)
    {
      /* The chart runs oldest first. */
      JsonObject *result = json_array_get_object_element (items, N_MONTHS - 1 - i);
      JsonObject *range = json_object_get_object_member (result, "reference_range");
      const char *flag = json_object_get_string_member (result, "flag");
      LdChartPoint point;
      const LdChartBandStep *step = NULL;

      g_assert_true (ld_chart_get_point (chart, 0, i, &point));
      g_assert_cmpfloat (point.x, ==, collected_us_of (result) / G_USEC_PER_SEC);
      g_assert_cmpfloat (point.y, ==, json_object_get_double_member (result, "numeric_value"));
      n_low += g_str_equal (flag, "low");
      n_high += g_str_equal (flag, "high");
      n_critical += g_str_equal (flag, "critical_low");
      g_assert_cmpint (point.mark, ==,
                       g_str_equal (flag, "low")            ? LD_CHART_MARK_LOW
                       : g_str_equal (flag, "high")         ? LD_CHART_MARK_HIGH
                       : g_str_equal (flag, "critical_low") ? LD_CHART_MARK_CRITICAL_LOW
                                                            : LD_CHART_MARK_NONE);
      /* The band in force at this point is the interval of its result. */
      for (guint s = 0; s < n_steps; s++)
        if (band[s].x <= point.x)
          step = &band[s];
      g_assert_nonnull (step);
      g_assert_cmpfloat (step->low, ==, json_object_get_double_member (range, "low"));
      g_assert_cmpfloat (step->high, ==, json_object_get_double_member (range, "high"));
    }
  /* The data says what the test meant it to: 11.8 normal at 17, low at
   * 18; one critical; the amended value low. */
  g_assert_cmpfloat (band[0].low, ==, 11.5);
  g_assert_cmpfloat (band[1].low, ==, 12.0);
  g_assert_cmpuint (n_critical, ==, 1);
  g_assert_cmpuint (n_low, ==, 4);
  g_assert_cmpuint (n_high, ==, 1);
  {
    g_autofree char *counts =
      g_strdup_printf ("; %u low, %u high, %u critical.", n_low, n_high, n_critical);

    ld_test_assert_contains (summary, "Haemoglobin, 24 values from ");
    ld_test_assert_contains (summary, counts);
    ld_test_assert_contains (summary, "Reference band 12–15.");
  }
}

static gboolean
chart_has_focus (gpointer data)
{
  return gtk_widget_has_focus (data);
}

static void
test_history_and_trend (void)
{
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient_id = seed_history (lab);
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkWidget *page;
  GtkWidget *row;
  LdChart *chart;
  g_autofree char *texts = NULL;

  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  /* A doctor's desk screen, for the screenshots. */
  gtk_window_set_default_size (GTK_WINDOW (gui->window), 1200, 820);
  ld_test_gui_sign_in (gui, "doctor", LD_TEST_DOCTOR_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "doctor");
  /* On the patient's prescription, Ctrl+H: her cumulative results. */
  g_assert_true (gtk_widget_activate_action (workspace, "doctor.prescribe", "s", patient_id));
  ld_test_gui_wait_type (workspace, LD_TYPE_PRESCRIBE_PAGE);
  g_assert_true (gtk_widget_activate_action (workspace, "doctor.history-of-shown", NULL));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_HISTORY_PAGE);

  /* The feed brings the results in as the page watches. */
  ld_test_gui_spin_until (page_has_all_columns, page, "every month's column");
  ld_test_gui_spin_until (page_amended, page, "the amendment");
  ld_test_gui_spin_until (page_complete_from_cache, page, "the cache's table");
  ld_test_gui_wait_text (page, "Cumulative results: Asha Verma");
  texts = ld_test_gui_label_texts (page);
  ld_test_assert_contains (texts, "Haematology");
  ld_test_assert_contains (texts, "Biochemistry");
  check_row (page, lab, patient_id, "HB");
  check_row (page, lab, patient_id, "GLUF");
  /* Haematology comes before biochemistry, as on the report. */
  g_assert_true (strstr (texts, "Haematology") < strstr (texts, "Biochemistry"));
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "doctor-history");

  /* Enter on haemoglobin: its trend, and the chart takes the keys. */
  row = ld_test_gui_find_named (page, "HB");
  gtk_widget_grab_focus (row);
  g_assert_true (gtk_widget_activate (row));
  chart = ld_history_page_get_chart (LD_HISTORY_PAGE (page));
  g_assert_cmpstr (ld_history_page_get_trend_test (LD_HISTORY_PAGE (page)), ==, "HB");
  ld_test_gui_spin_until (chart_has_focus, chart, "the chart to take the focus");
  check_trend (chart, lab, patient_id);
  ld_test_gui_wait_text (page, "Haemoglobin (g/dL) over time");
  /* The newest value at the cursor; Left walks back to the amended one. */
  {
    g_autoptr(LdTestResponse) resp = get_results (lab, patient_id, "HB");
    JsonObject *newest = json_array_get_object_element (items_of (resp), 0);
    JsonObject *amended =
      json_array_get_object_element (items_of (resp), N_MONTHS - 1 - AMENDED_MONTH);
    g_autofree char *newest_date = date_text (collected_us_of (newest));
    g_autofree char *amended_date = date_text (collected_us_of (amended));
    g_autofree char *expected =
      g_strdup_printf ("%s: %s g/dL", newest_date, json_object_get_string_member (newest, "value"));
    g_autofree char *cursor = ld_chart_dup_cursor_text (chart);

    g_assert_cmpstr (cursor, ==, expected);
    for (guint i = N_MONTHS - 1; i > AMENDED_MONTH; i--)
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chart), "chart.previous", NULL));
    g_clear_pointer (&cursor, g_free);
    g_clear_pointer (&expected, g_free);
    cursor = ld_chart_dup_cursor_text (chart);
    expected =
      g_strdup_printf ("%s: " AMENDED_VALUE " g/dL, low, corrected from 12.9", amended_date);
    g_assert_cmpstr (cursor, ==, expected);
  }
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "doctor-trend");

  ld_test_gui_close (gui);
  ld_lab_free (lab);
}

int
main (int   argc,
      char *argv[])
{
  /* Dates are checked as the page shows them, in one zone everywhere. */
  g_setenv ("TZ", "Asia/Kolkata", TRUE);
  ld_test_gui_init (&argc, &argv);

  g_test_add_func ("/gui/doctor/history-and-trend", test_history_and_trend);

  return g_test_run ();
}
