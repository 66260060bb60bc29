/* ld-seed-demo.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo's story: two years of a small lab played through the real API
 * (ld-seed-demo-client.c) in a few seconds. Each visit is a list of steps
 * — register, book, pay, collect, receive, enter, verify, release, refund,
 * amend, acknowledge — with the time it happens at; all visits' steps are
 * run in time order with the server's clock (ld_time_now()) set to each
 * step's time, so every record, audit event and kept report carries the
 * time the story says and the audit chain runs forward in time.
 *
 * The plan is fixed (a seeded GRand) and placed relative to today, so a
 * demo made today has today's work in every payment and lab state.
 */

#define G_LOG_DOMAIN "ld-seed"

#include "config.h"

#include <math.h>
#include <libsoup/soup.h>

#include "ld-json.h"
#include "ld-seed.h"
#include "ld-seed-demo-private.h"
#include "ld-time.h"
#include "store/ld-store-web.h"

#define DEMO_SEED 20261123
#define N_PATIENTS 600
#define HISTORY_DAYS 90

/* clang-format off */
static const LdDemoTrend trends[] = {
  { { (char *) "Lakshmi Iyer", (char *) "female", (char *) "1961-04-12", -1, (char *) "+91 98450 70001",
      (char *) "lakshmi.iyer@example.com", (char *) "14, 4th Block, Jayanagar, Bengaluru 560011", NULL },
    { "GLUF", "HBA1C" }, { { "GLUF", 135, 210, 142 }, { "HBA1C", 7.1, 9.2, 7.4 } },
    "Type 2 diabetes, on metformin 1 g BD; review control.", 9, 432 },
  { { (char *) "सुरेश यादव", (char *) "male", (char *) "1956-09-30", -1, (char *) "98860 70002",
      NULL, NULL, (char *) "91-7002-4411-2093" },
    { "KFT" }, { { "K", 4.6, 5.3, 5.9 }, { "CREA", 1.4, 1.9, 2.6 }, { "UREA", 38, 52, 74 } },
    "CKD stage 3, on ramipril; watch potassium and creatinine.", 21, 6.7 },
  { { (char *) "Meera Pillai", (char *) "female", (char *) "1979-01-22", -1, (char *) "+91 98450 70003",
      (char *) "meera.pillai@example.com", NULL, NULL },
    { "TSH", "FT4" }, { { "TSH", 9.8, 4.2, 2.1 }, { "FT4", 0.7, 1.0, 1.2 } },
    "Hypothyroid, levothyroxine 50 mcg; titrating the dose.", 0, 0 },
  { { (char *) "Fatima Sheikh", (char *) "female", (char *) "1990-07-07", -1, (char *) "98860 70004",
      NULL, (char *) "77, Frazer Town, Bengaluru 560005", NULL },
    { "CBC", "FERR" }, { { "HB", 8.9, 11.1, 12.8 }, { "FERR", 6, 18, 42 } },
    "Iron deficiency anaemia, oral iron since last visit.", 2, 6.6 },
  { { (char *) "Venkatesh Gowda", (char *) "male", NULL, 63, (char *) "+91 99100 70005",
      NULL, NULL, NULL },
    { "GLUF", "HBA1C", "CREA" }, { { "HBA1C", 6.6, 6.9, 6.7 }, { "GLUF", 112, 124, 118 }, { "CREA", 1.0, 1.1, 1.2 } },
    "Diabetes, well controlled; yearly kidney check.", 0, 0 },
  { { (char *) "Rajesh Kulkarni", (char *) "male", (char *) "1968-03-03", -1, (char *) "98450 70006",
      (char *) "rajesh.k@example.com", NULL, NULL },
    { "LIPID" }, { { "LDL", 168, 121, 92 }, { "CHOL", 246, 201, 172 }, { "TG", 210, 170, 138 } },
    "Dyslipidaemia, atorvastatin 20 mg started.", 0, 0 },
  { { (char *) "सावित्री राव", (char *) "female", NULL, 78, (char *) "+91 98450 70007",
      NULL, (char *) "9, Basavanagudi, Bengaluru 560004", NULL },
    { "HB", "CREA", "GLUR" }, { { "HB", 11.6, 10.9, 10.1 }, { "CREA", 1.0, 1.2, 1.4 }, { "GLUR", 118, 126, 131 } },
    "Elderly, fatigue; monitoring haemoglobin and kidney function.", 0, 0 },
  { { (char *) "John Smith", (char *) "male", (char *) "1972-11-15", -1, (char *) "+44 7700 900123",
      (char *) "john.smith@example.co.uk", NULL, NULL },
    { "VITD", "TSH" }, { { "VITD", 11.5, 27, 41 }, { "TSH", 2.2, 2.4, 2.3 } },
    "Vitamin D deficiency, cholecalciferol 60,000 IU weekly.", 0, 0 },
};
/* clang-format on */

/* What a desk books most, as catalogue codes. */
static const char * const menu[][5] = {
  { "CBC" },
  { "GLUF", "HBA1C" },
  { "LIPID" },
  { "THY" },
  { "KFT" },
  { "LFT" },
  { "CBC", "ESR", "CRP" },
  { "URINE" },
  { "VITD", "B12" },
  { "GLUF", "GLUPP" },
  { "HB" },
  { "TSH" },
  { "COAG" },
  { "ABORH" },
  { "CBC", "LFT", "KFT", "LIPID" },
  { "FERR", "HB" },
  { "ELEC" },
  { "CRP" },
  { "GLUR" },
  { "CBC", "URINE" },
};

/* clang-format off */
static const char * const notes[] = {
  "Fever for 3 days; rule out infection.",
  "Pre-operative work-up, cataract surgery next week.",
  "Known hypertensive; annual review.",
  "Fatigue and weight gain; check thyroid.",
  "On warfarin; INR monitoring.",
  "Follow-up after antibiotics.",
};
/* clang-format on */

static gint64
local_day_start (gint64 now_us,
                 int    days_ago)
{
  g_autoptr(GDateTime) now = ld_time_local_from_unix (now_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) midnight =
               g_date_time_new (g_date_time_get_timezone (now), g_date_time_get_year (now),
                                g_date_time_get_month (now), g_date_time_get_day_of_month (now),
                                0, 0, 0);
  g_autoptr(GDateTime) day = g_date_time_add_days (midnight, -days_ago);

  return g_date_time_to_unix (day) * G_USEC_PER_SEC;
}

static void
visit_clear (gpointer data)
{
  LdDemoVisit *visit = data;

  g_free (visit->id);
  g_clear_pointer (&visit->rand, g_rand_free);
  g_free (visit->paid_method);
  g_clear_pointer (&visit->samples, json_array_unref);
  g_clear_pointer (&visit->results, json_array_unref);
}

static void
add_step (LdDemo        *demo,
          LdDemoStepKind kind,
          guint          index,
          gint64         at)
{
  LdDemoStep step = { at, demo->steps->len, kind, index };

  g_array_append_val (demo->steps, step);
}

static int
compare_steps (gconstpointer a,
               gconstpointer b)
{
  const LdDemoStep *x = a, *y = b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* A patient registered before @at (not one of the followed patients);
 * with @recent, half the time one of the last registered. */
static guint
pick_patient (LdDemo   *demo,
              gint64    at,
              gboolean  recent)
{
  guint n = G_N_ELEMENTS (trends);

  while (n < demo->registered_us->len &&
         g_array_index (demo->registered_us, gint64, n) < at - 5 * LD_DEMO_MINUTE)
    n++;
  if (n <= G_N_ELEMENTS (trends) + 1)
    return G_N_ELEMENTS (trends);
  if (recent && g_rand_boolean (demo->rand))
    return g_rand_int_range (demo->rand, MAX ((int) G_N_ELEMENTS (trends), (int) n - 6), n);
  return g_rand_int_range (demo->rand, G_N_ELEMENTS (trends), n);
}

static LdDemoVisit *
add_visit (LdDemo *demo,
           guint   patient,
           gint64  created_us)
{
  LdDemoVisit visit = { 0 };

  visit.patient = patient;
  visit.booker = LD_DEMO_RECEPTION;
  visit.priority = "routine";
  visit.created_us = created_us;
  visit.pay = LD_DEMO_PAY_CASH;
  visit.lab = LD_DEMO_LAB_REPORTED;
  visit.pace = 1.0;
  /* Each visit draws its values from a generator of its own, so that a
   * visit's results do not depend on how the day's steps interleave. */
  visit.rand = g_rand_new_with_seed (DEMO_SEED + demo->visits->len);
  g_array_append_val (demo->visits, visit);
  return &g_array_index (demo->visits, LdDemoVisit, demo->visits->len - 1);
}

/* The steps of one visit, in minutes after it is booked (home visits
 * are collected in their slot). */
static void
plan_steps (LdDemo *demo,
            guint   index)
{
  LdDemoVisit *visit = &g_array_index (demo->visits, LdDemoVisit, index);
  gint64 t = visit->created_us;
  double pace = visit->pace;
  gint64 collected;

  add_step (demo, LD_DEMO_STEP_CREATE, index, t);
  if (visit->pay != LD_DEMO_PAY_NONE)
    add_step (demo, LD_DEMO_STEP_PAY, index, t + 3 * LD_DEMO_MINUTE * pace);
  if (visit->refund != LD_DEMO_REFUND_NONE)
    add_step (demo, LD_DEMO_STEP_REFUND, index, t + 6 * LD_DEMO_MINUTE * pace);
  if (visit->lab == LD_DEMO_LAB_NONE)
    return;

  collected =
    visit->slot_us != 0 ? visit->slot_us + 25 * LD_DEMO_MINUTE : t + 15 * LD_DEMO_MINUTE * pace;
  add_step (demo, LD_DEMO_STEP_COLLECT, index, collected);
  if (visit->lab >= LD_DEMO_LAB_RECEIVED)
    add_step (demo, LD_DEMO_STEP_RECEIVE, index, collected + 30 * LD_DEMO_MINUTE * pace);
  if (visit->lab >= LD_DEMO_LAB_DRAFT)
    add_step (demo, LD_DEMO_STEP_ENTER, index,
              collected + (100 + g_rand_int_range (demo->rand, 0, 60)) * LD_DEMO_MINUTE * pace);
  if (visit->lab >= LD_DEMO_LAB_VERIFIED)
    add_step (demo, LD_DEMO_STEP_VERIFY, index, collected + 190 * LD_DEMO_MINUTE * pace);
  if (visit->lab >= LD_DEMO_LAB_VERIFIED && visit->acknowledge)
    add_step (demo, LD_DEMO_STEP_ACKNOWLEDGE, index, collected + 260 * LD_DEMO_MINUTE * pace);
  if (visit->lab >= LD_DEMO_LAB_REPORTED)
    add_step (demo, LD_DEMO_STEP_RELEASE, index, collected + 215 * LD_DEMO_MINUTE * pace);
  if (visit->amend)
    add_step (demo, LD_DEMO_STEP_AMEND, index, collected + 30 * 60 * LD_DEMO_MINUTE);
}

/* Two years of monthly visits for each followed patient, booked by the
 * doctor (a prescription) or by the desk for the doctor. */
static void
plan_trends (LdDemo *demo)
{
  for (guint p = 0; p < G_N_ELEMENTS (trends); p++)
    for (guint month = 0; month < LD_DEMO_TREND_MONTHS; month++)
      {
        g_autoptr(GDateTime) today =
                     ld_time_local_from_unix (demo->today_us / G_USEC_PER_SEC);
        g_autoptr(GDateTime) first =
                     g_date_time_new (g_date_time_get_timezone (today),
                                      g_date_time_get_year (today),
                                      g_date_time_get_month (today), 1, 9, 0, 0);
        g_autoptr(GDateTime) then =
                     g_date_time_add_months (first, (int) month - LD_DEMO_TREND_MONTHS);
        g_autoptr(GDateTime) day =
                     g_date_time_add_minutes (then, (p * 3 + month % 3) * 24 * 60 + p * 11);
        LdDemoVisit *visit = add_visit (demo, p, g_date_time_to_unix (day) * G_USEC_PER_SEC);

        for (guint i = 0; i < G_N_ELEMENTS (trends[p].items); i++)
          visit->items[i] = trends[p].items[i];
        visit->trend = &trends[p];
        visit->month = month;
        visit->for_doctor = TRUE;
        visit->booker = month % 2 == 0 ? LD_DEMO_DOCTOR : LD_DEMO_RECEPTION;
        visit->notes = visit->booker == LD_DEMO_DOCTOR ? trends[p].notes : NULL;
        visit->pay = month % 3 == 0   ? LD_DEMO_PAY_UPI
                     : month % 3 == 1 ? LD_DEMO_PAY_CASH
                                      : LD_DEMO_PAY_CARD;
        /* The doctor has acknowledged every critical value but the
         * newest. */
        visit->acknowledge = month == trends[p].critical_month && trends[p].critical_value > 0 &&
                             month + 6 < LD_DEMO_TREND_MONTHS;
      }
}

/* About three months of everyday work before today. */
static void
plan_history (LdDemo *demo)
{
  guint n_amended = 0;

  for (int days_ago = HISTORY_DAYS; days_ago >= 1; days_ago--)
    {
      gint64 day = local_day_start (demo->now_us, days_ago);
      g_autoptr(GDateTime) when = ld_time_local_from_unix (day / G_USEC_PER_SEC);
      gboolean sunday = g_date_time_get_day_of_week (when) == 7;
      int n = sunday ? 1 : g_rand_int_range (demo->rand, 3, 7);

      for (int i = 0; i < n; i++)
        {
          gint64 at = day + (8 * 60 + g_rand_int_range (demo->rand, 0, 9 * 60)) * LD_DEMO_MINUTE;
          LdDemoVisit *visit = add_visit (demo, pick_patient (demo, at, TRUE), at);
          int roll = g_rand_int_range (demo->rand, 0, 100);
          int kind = g_rand_int_range (demo->rand, 0, 100);
          guint m = g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (menu));

          for (guint k = 0; k < G_N_ELEMENTS (menu[m]); k++)
            visit->items[k] = menu[m][k];
          visit->priority = kind < 80 ? "routine" : kind < 95 ? "urgent" : "stat";
          visit->pay = roll < 38   ? LD_DEMO_PAY_CASH
                       : roll < 66 ? LD_DEMO_PAY_UPI
                       : roll < 80 ? LD_DEMO_PAY_CARD
                       : roll < 88 ? LD_DEMO_PAY_ONLINE
                       : roll < 92 ? LD_DEMO_PAY_COD
                       : roll < 94 ? LD_DEMO_PAY_FAILED_THEN_CASH
                       : roll < 97 ? LD_DEMO_PAY_NONE
                                   : LD_DEMO_PAY_CANCELLED;
          if (visit->pay == LD_DEMO_PAY_NONE || visit->pay == LD_DEMO_PAY_CANCELLED)
            visit->lab = LD_DEMO_LAB_NONE;

          kind = g_rand_int_range (demo->rand, 0, 100);
          if (kind < 20)
            {
              visit->booker = LD_DEMO_DOCTOR;
              visit->notes = notes[g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (notes))];
            }
          else if (kind < 35)
            visit->for_doctor = TRUE;

          kind = g_rand_int_range (demo->rand, 0, 100);
          if (visit->lab == LD_DEMO_LAB_REPORTED && kind < 3 && visit->items[1] == NULL &&
              visit->pay != LD_DEMO_PAY_COD)
            {
              visit->items[1] = "ESR";
              visit->refund = LD_DEMO_REFUND_PART;
            }
          else if (visit->lab == LD_DEMO_LAB_REPORTED && kind < 5 && visit->pay != LD_DEMO_PAY_COD)
            {
              visit->refund = LD_DEMO_REFUND_FULL;
              visit->lab = LD_DEMO_LAB_NONE;
            }
          else if (visit->lab == LD_DEMO_LAB_REPORTED && kind < 8)
            visit->reject_once = TRUE;
          else if (visit->lab == LD_DEMO_LAB_REPORTED && kind < 12 && visit->pay != LD_DEMO_PAY_COD)
            {
              /* Booked the evening before, collected at home. */
              visit->created_us = day - 5 * 60 * LD_DEMO_MINUTE;
              visit->slot_us = day + 7 * 60 * LD_DEMO_MINUTE;
              visit->patient = pick_patient (demo, visit->created_us, TRUE);
            }
          if (visit->lab == LD_DEMO_LAB_REPORTED && n_amended < 3 && days_ago % 29 == 5 && i == 0 &&
              visit->refund == LD_DEMO_REFUND_NONE)
            {
              visit->amend = TRUE;
              n_amended++;
            }
        }
    }
}

typedef struct
{
  LdDemoPay         pay;
  LdDemoLab         lab;
  LdDemoRefund      refund;
  const char *priority;
  LdDemoActor booker;
  /* Home collection: slot day (0 today, 1 tomorrow…; -1, -2 overdue) or
   * G_MININT for the lab. */
  int         slot_day;
  const char *items[3];
} TodayVisit;

#define LAB_COLLECTION G_MININT

/* Today's work in every payment and lab state the desk and bench meet. */
/* clang-format off */
static const TodayVisit today_visits[] = {
  { LD_DEMO_PAY_NONE, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "CBC" } },
  { LD_DEMO_PAY_NONE, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "urgent", LD_DEMO_DOCTOR, LAB_COLLECTION, { "GLUF", "HBA1C" } },
  { LD_DEMO_PAY_NONE, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_DOCTOR, LAB_COLLECTION, { "THY" } },
  { LD_DEMO_PAY_CASH, LD_DEMO_LAB_REPORTED, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "LIPID" } },
  { LD_DEMO_PAY_CASH, LD_DEMO_LAB_REPORTED, LD_DEMO_REFUND_NONE, "stat", LD_DEMO_RECEPTION, LAB_COLLECTION, { "ELEC" } },
  { LD_DEMO_PAY_UPI, LD_DEMO_LAB_REPORTED, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_DOCTOR, LAB_COLLECTION, { "CBC", "ESR" } },
  { LD_DEMO_PAY_CARD, LD_DEMO_LAB_VERIFIED, LD_DEMO_REFUND_NONE, "urgent", LD_DEMO_RECEPTION, LAB_COLLECTION, { "KFT" } },
  { LD_DEMO_PAY_CARD, LD_DEMO_LAB_VERIFIED, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_SUNITA, LAB_COLLECTION, { "TSH" } },
  { LD_DEMO_PAY_UPI, LD_DEMO_LAB_ENTERED, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "LFT" } },
  { LD_DEMO_PAY_UPI, LD_DEMO_LAB_ENTERED, LD_DEMO_REFUND_NONE, "stat", LD_DEMO_DOCTOR, LAB_COLLECTION, { "COAG" } },
  { LD_DEMO_PAY_CASH, LD_DEMO_LAB_ENTERED, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "URINE" } },
  { LD_DEMO_PAY_ONLINE, LD_DEMO_LAB_DRAFT, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "CBC", "LFT", "KFT" } },
  { LD_DEMO_PAY_ONLINE, LD_DEMO_LAB_DRAFT, LD_DEMO_REFUND_NONE, "urgent", LD_DEMO_RECEPTION, LAB_COLLECTION, { "LIPID", "GLUF" } },
  { LD_DEMO_PAY_CASH, LD_DEMO_LAB_RECEIVED, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "VITD", "B12" } },
  { LD_DEMO_PAY_UPI, LD_DEMO_LAB_RECEIVED, LD_DEMO_REFUND_NONE, "urgent", LD_DEMO_SUNITA, LAB_COLLECTION, { "CRP" } },
  { LD_DEMO_PAY_UPI, LD_DEMO_LAB_COLLECTED, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "HBA1C" } },
  { LD_DEMO_PAY_CARD, LD_DEMO_LAB_COLLECTED, LD_DEMO_REFUND_NONE, "stat", LD_DEMO_RECEPTION, LAB_COLLECTION, { "GLUR", "K" } },
  { LD_DEMO_PAY_CARD, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "stat", LD_DEMO_RECEPTION, LAB_COLLECTION, { "CBC", "CRP" } },
  { LD_DEMO_PAY_CASH, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "THY" } },
  { LD_DEMO_PAY_UPI, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "urgent", LD_DEMO_DOCTOR, LAB_COLLECTION, { "FERR", "HB" } },
  { LD_DEMO_PAY_COD, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "GLUF", "GLUPP" } },
  { LD_DEMO_PAY_COD, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_SUNITA, LAB_COLLECTION, { "ABORH" } },
  { LD_DEMO_PAY_COD, LD_DEMO_LAB_ENTERED, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "UREA", "CREA" } },
  { LD_DEMO_PAY_FAILED, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "LIPID" } },
  { LD_DEMO_PAY_FAILED, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "urgent", LD_DEMO_RECEPTION, LAB_COLLECTION, { "CBC" } },
  { LD_DEMO_PAY_FAILED_THEN_CASH, LD_DEMO_LAB_COLLECTED, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "TSH" } },
  { LD_DEMO_PAY_FAILED_THEN_COD, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "VITD" } },
  { LD_DEMO_PAY_ONLINE_WAITING, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "KFT" } },
  { LD_DEMO_PAY_CANCELLED, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "HB" } },
  { LD_DEMO_PAY_CANCELLED, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_DOCTOR, LAB_COLLECTION, { "LFT" } },
  { LD_DEMO_PAY_CASH, LD_DEMO_LAB_ENTERED, LD_DEMO_REFUND_PART, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "CBC", "ESR" } },
  { LD_DEMO_PAY_UPI, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_PART, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "GLUF", "CRP" } },
  { LD_DEMO_PAY_CARD, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_FULL, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "THY" } },
  /* Home collection: today, the next days, and overdue. */
  { LD_DEMO_PAY_UPI, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_RECEPTION, 0, { "CBC", "GLUF" } },
  { LD_DEMO_PAY_COD, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_RECEPTION, 0, { "LIPID" } },
  { LD_DEMO_PAY_CARD, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_RECEPTION, 1, { "KFT" } },
  { LD_DEMO_PAY_NONE, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_DOCTOR, 2, { "HBA1C" } },
  { LD_DEMO_PAY_COD, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "urgent", LD_DEMO_RECEPTION, 3, { "CBC", "CRP" } },
  { LD_DEMO_PAY_UPI, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_RECEPTION, -1, { "TSH" } },
  { LD_DEMO_PAY_CASH, LD_DEMO_LAB_NONE, LD_DEMO_REFUND_NONE, "routine", LD_DEMO_SUNITA, -2, { "VITD" } },
};
/* clang-format on */

/* Today's visits between the lab's opening (or six hours ago) and now;
 * each visit's lab steps are squeezed so that the last is done by now. */
static void
plan_today (LdDemo *demo)
{
  gint64 end = demo->now_us - 2 * LD_DEMO_MINUTE;
  gint64 start = MAX (demo->today_us, MIN (demo->today_us + 8 * 60 * LD_DEMO_MINUTE,
                                           end - 6 * 60 * LD_DEMO_MINUTE));
  guint  n = G_N_ELEMENTS (today_visits);

  for (guint i = 0; i < n; i++)
    {
      const TodayVisit *plan = &today_visits[i];
      gint64 at = start + (end - start) * 6 / 10 * i / n;
      LdDemoVisit *visit = add_visit (demo, pick_patient (demo, at, FALSE), at);

      for (guint k = 0; k < G_N_ELEMENTS (plan->items); k++)
        visit->items[k] = plan->items[k];
      visit->pay = plan->pay;
      visit->lab = plan->lab;
      visit->refund = plan->refund;
      visit->priority = plan->priority;
      visit->booker = plan->booker;
      visit->for_doctor = i % 4 == 1;
      if (visit->booker == LD_DEMO_DOCTOR)
        visit->notes = notes[i % G_N_ELEMENTS (notes)];
      /* The lab's steps after collection take up to 260 minutes at
       * full pace. */
      visit->pace = MIN (1.0, (double) (end - at - 20 * LD_DEMO_MINUTE) / (260.0 * LD_DEMO_MINUTE));
      visit->pace = MAX (visit->pace, 0.001);

      if (plan->slot_day != LAB_COLLECTION)
        {
          gint64 slot_day = local_day_start (demo->now_us, -plan->slot_day);

          /* Booked the day before the slot at the latest, as the rule
           * wants; an overdue slot has passed uncollected. */
          visit->created_us = MIN (at, slot_day - 5 * 60 * LD_DEMO_MINUTE);
          visit->slot_us = slot_day + (plan->slot_day == 0 ? 16 : 10) * 60 * LD_DEMO_MINUTE;
          visit->pace = 1.0;
          visit->patient = pick_patient (demo, visit->created_us, FALSE);
        }
      /* A stat potassium far too high for the doctor's patient: the alert
       * stays unacknowledged. */
      if (i == 4)
        {
          visit->for_doctor = TRUE;
          visit->forced_code = "K";
          visit->forced_value = "6.9";
        }
    }

  /* Two booked a little over two days ago and never paid: the expiry
   * (48 hours, the lab's setting) came today. */
  for (guint i = 0; i < 2; i++)
    {
      gint64 at = demo->now_us - (49 + i) * 60 * LD_DEMO_MINUTE;
      LdDemoVisit *visit = add_visit (demo, pick_patient (demo, at, FALSE), at);

      visit->items[0] = i == 0 ? "CBC" : "LIPID";
      visit->pay = LD_DEMO_PAY_NONE;
      visit->lab = LD_DEMO_LAB_NONE;
    }
}

static void
plan_people (LdDemo *demo)
{
  g_autoptr(GDateTime) today = ld_time_local_from_unix (demo->now_us / G_USEC_PER_SEC);
  gint64 followed_from = local_day_start (demo->now_us, 366 * 2 + 40) + 9 * 60 * LD_DEMO_MINUTE;
  g_autoptr(GRand) rand = g_rand_new_with_seed (DEMO_SEED);
  guint n_others = N_PATIENTS - G_N_ELEMENTS (trends);

  for (guint i = 0; i < N_PATIENTS; i++)
    {
      LdDemoPerson person;
      gint64 at;

      if (i < G_N_ELEMENTS (trends))
        {
          const LdDemoPerson *fixed = &trends[i].person;

          person = (LdDemoPerson){
            g_strdup (fixed->name),          g_strdup (fixed->sex),
            g_strdup (fixed->date_of_birth), fixed->age_years,
            g_strdup (fixed->phone),         g_strdup (fixed->email),
            g_strdup (fixed->address),       g_strdup (fixed->national_id),
          };
          at = followed_from + i * 7 * LD_DEMO_MINUTE;
        }
      else
        {
          guint k = i - G_N_ELEMENTS (trends);

          /* Over the days before today, in the desk's hours: the same
           * days and hours whenever the demo is made. */
          ld_demo_person_make (&person, rand, i, g_date_time_get_year (today));
          at = local_day_start (demo->now_us,
                                HISTORY_DAYS + 20 - (int) (k * (HISTORY_DAYS + 20) / n_others)) +
               (8 * 60 + 30 + (k % 40) * 13) * LD_DEMO_MINUTE;
        }
      g_array_append_val (demo->people, person);
      g_array_append_val (demo->registered_us, at);
      g_ptr_array_add (demo->patient_ids, NULL);
      add_step (demo, LD_DEMO_STEP_REGISTER, i, at);
    }
}

static void
person_clear (gpointer data)
{
  ld_demo_person_clear (data);
}

static gboolean
sign_in_all (LdDemo  *demo,
             GError **error)
{
  static const struct
  {
    LdDemoActor actor;
    const char *username;
  } actors[] = {
    { LD_DEMO_ADMIN, "admin" },   { LD_DEMO_RECEPTION, "reception" },
    { LD_DEMO_DOCTOR, "doctor" }, { LD_DEMO_TECHNICIAN, "technician" },
    { LD_DEMO_SUNITA, "sunita" }, { LD_DEMO_PATHOLOGIST, "pathologist" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actors); i++)
    {
      const char *password = ld_seed_demo_password (actors[i].username);

      if (!ld_demo_client_sign_in (demo->client, actors[i].actor, actors[i].username, password,
                                   error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
play (LdDemo  *demo,
      GError **error)
{
  g_autoptr(JsonObject) catalog = NULL;
  int last_day = G_MININT;

  demo->steps = g_array_new (FALSE, FALSE, sizeof (LdDemoStep));
  plan_people (demo);

  /* Sign in as the story starts, so that the audit log runs forward. */
  ld_time_set_now (g_array_index (demo->steps, LdDemoStep, 0).at - LD_DEMO_MINUTE);
  if (!sign_in_all (demo, error))
    return FALSE;
  catalog = ld_demo_client_call (demo->client, LD_DEMO_ADMIN, "GET", "/api/v1/catalog", NULL,
                                 SOUP_STATUS_OK, error);
  if (catalog == NULL)
    return FALSE;
  demo->values = ld_demo_values_new (catalog);

  plan_trends (demo);
  plan_history (demo);
  plan_today (demo);
  for (guint i = 0; i < demo->visits->len; i++)
    plan_steps (demo, i);
  g_array_sort (demo->steps, compare_steps);

  for (guint i = 0; i < demo->steps->len; i++)
    {
      const LdDemoStep *step = &g_array_index (demo->steps, LdDemoStep, i);
      int day = (int) (step->at / (24 * 60 * LD_DEMO_MINUTE));

      if (step->at >= demo->now_us)
        continue;
      ld_time_set_now (step->at);
      /* The server's minute check, once a day of the story: unpaid orders
       * expire two days after they were made. */
      if (day != last_day && !ld_demo_client_expire_orders (demo->client, error))
        return FALSE;
      last_day = day;
      if (!ld_demo_run_step (demo, step, error))
        {
          g_prefix_error (error, "demo step %u (kind %d): ", i, step->kind);
          return FALSE;
        }
    }

  ld_time_set_now (demo->now_us);
  return ld_demo_client_expire_orders (demo->client, error);
}

/**
 * ld_seed_demo_story:
 * @config: the server's configuration, naming a new database
 * @n_patients: the patients wanted; those past the story's 600 are
 *   registered today, each with an order paid in cash (ld-seed-demo-crowd.c)
 * @error: return location for an error
 *
 * Makes the demo database: the demo users, lab details and catalogue
 * (ld_seed_demo()), then 600 patients and two years of the lab's work
 * through the real API, ending with today's work in every state.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_seed_demo_story (const LdConfig *config,
                    guint           n_patients,
                    GError        **error)
{
  LdDemo demo = { 0 };
  gboolean ok;

  g_return_val_if_fail (config != NULL, FALSE);

  demo.now_us = g_get_real_time ();
  demo.today_us = local_day_start (demo.now_us, 0);
  demo.rand = g_rand_new_with_seed (DEMO_SEED);
  demo.people = g_array_new (FALSE, TRUE, sizeof (LdDemoPerson));
  g_array_set_clear_func (demo.people, person_clear);
  demo.patient_ids = g_ptr_array_new_with_free_func (g_free);
  demo.registered_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  demo.visits = g_array_new (FALSE, TRUE, sizeof (LdDemoVisit));
  g_array_set_clear_func (demo.visits, visit_clear);

  /* The users and catalogue exist before the story's first day. */
  ld_time_set_now (local_day_start (demo.now_us, 366 * 2 + 41));
  {
    g_autoptr(LdStore) store = ld_store_open_sealed (config->db_path, config->audit_key_path,
                                                      config->audit_head_path, error);

    ok = store != NULL && ld_seed_demo (store, NULL, error);
  }

  if (ok)
    demo.client = ld_demo_client_start (config, error);
  ok = demo.client != NULL && play (&demo, error);
  if (ok && n_patients > N_PATIENTS)
    {
      g_autoptr(GDateTime) today = ld_time_local_from_unix (demo.now_us / G_USEC_PER_SEC);

      ok = ld_demo_crowd_register (demo.client, demo.rand, N_PATIENTS, n_patients - N_PATIENTS,
                                   g_date_time_get_year (today), error);
    }
  ld_time_set_now (0);
  if (demo.client != NULL)
    {
      g_debug ("demo: %u calls, %u reports released", ld_demo_client_get_n_calls (demo.client),
               demo.n_released);
      ok = ld_demo_client_stop (demo.client, ok ? error : NULL) && ok;
    }
  /* The patient pages' demo patient (tools/run-demo prints the address). */
  if (ok)
    {
      g_autoptr(LdStore) store = ld_store_open_sealed (config->db_path, config->audit_key_path,
                                                        config->audit_head_path, error);

      ok = store != NULL && ld_store_web_seed_demo_account (store, LD_SEED_DEMO_WEB_EMAIL, error);
    }

  g_clear_pointer (&demo.values, ld_demo_values_free);
  g_clear_pointer (&demo.steps, g_array_unref);
  g_array_unref (demo.visits);
  g_array_unref (demo.registered_us);
  g_ptr_array_unref (demo.patient_ids);
  g_array_unref (demo.people);
  g_rand_free (demo.rand);
  return ok;
}
