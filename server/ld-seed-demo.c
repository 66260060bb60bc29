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

#define DEMO_SEED 20261123
#define N_PATIENTS 600
#define HISTORY_DAYS 90
#define TREND_MONTHS 24
#define MINUTE ((gint64) 60 * G_USEC_PER_SEC)

typedef enum
{
  PAY_NONE,             /* pending: never paid (expires after two days) */
  PAY_CASH,
  PAY_CARD,
  PAY_UPI,
  PAY_ONLINE,           /* a gateway attempt the desk records as succeeded */
  PAY_ONLINE_WAITING,   /* a gateway attempt still in flight */
  PAY_FAILED,           /* a gateway attempt that failed; nothing since */
  PAY_FAILED_THEN_CASH,
  PAY_FAILED_THEN_COD,
  PAY_COD,              /* cash on collection, taken at collection */
  PAY_CANCELLED,        /* the desk cancels it unpaid */
} Pay;

typedef enum
{
  LAB_NONE,       /* not collected */
  LAB_COLLECTED,  /* samples collected, not received */
  LAB_RECEIVED,
  LAB_DRAFT,      /* some values saved, not submitted: in process */
  LAB_ENTERED,    /* every value submitted, none verified: resulted */
  LAB_VERIFIED,
  LAB_REPORTED,
} Lab;

typedef enum
{
  REFUND_NONE,
  REFUND_PART,    /* the last item (a single test) refunded; the bench cancels it */
  REFUND_FULL,    /* all given back before collection, then cancelled */
} Refund;

/* A patient followed for two years: tests every month with a drift. */
typedef struct
{
  const char *code;
  double      start;
  double      middle;
  double      end;
} Drift;

typedef struct
{
  LdDemoPerson  person;
  const char   *items[3];
  Drift         drifts[3];
  const char   *notes;
  /* One month's value of @drifts[0] is critical. */
  guint         critical_month;
  double        critical_value;
} Trend;

typedef struct
{
  guint        patient;
  LdDemoActor  booker;
  const char  *items[5];
  const char  *priority;
  const char  *notes;
  gboolean     for_doctor;
  gint64       created_us;
  gint64       slot_us;        /* home collection's slot start, or 0 */
  Pay          pay;
  Lab          lab;
  Refund       refund;
  gboolean     reject_once;
  gboolean     amend;
  gboolean     acknowledge;
  const Trend *trend;
  guint        month;
  /* A value placed on purpose (a critical today), or NULL. */
  const char  *forced_code;
  const char  *forced_value;
  /* Offsets of the lab's steps from collection, scaled for today. */
  double       pace;

  /* What the server answered. */
  char        *id;
  gint64       version;
  gint64       balance_paise;
  gint64       paid_paise;
  gint64       last_item_paise;
  char        *paid_method;
  LdDemoActor  bench;
  JsonArray   *samples;
  JsonArray   *results;
} Visit;

typedef enum
{
  STEP_REGISTER,
  STEP_CREATE,
  STEP_PAY,
  STEP_REFUND,
  STEP_COLLECT,
  STEP_RECEIVE,
  STEP_ENTER,
  STEP_VERIFY,
  STEP_RELEASE,
  STEP_ACKNOWLEDGE,
  STEP_AMEND,
} StepKind;

typedef struct
{
  gint64   at;
  guint    seq;
  StepKind kind;
  guint    index;
} Step;

typedef struct
{
  LdDemoClient *client;
  LdDemoValues *values;
  GRand        *rand;
  gint64        now_us;
  gint64        today_us;
  GArray       *people;    /* LdDemoPerson */
  GPtrArray    *patient_ids;
  GArray       *registered_us;
  GArray       *visits;    /* Visit */
  GArray       *steps;     /* Step */
  guint         n_released;
} Demo;

static const Trend trends[] = {
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

/* What a desk books most, as catalogue codes. */
static const char * const menu[][5] = {
  { "CBC" }, { "GLUF", "HBA1C" }, { "LIPID" }, { "THY" }, { "KFT" }, { "LFT" },
  { "CBC", "ESR", "CRP" }, { "URINE" }, { "VITD", "B12" }, { "GLUF", "GLUPP" }, { "HB" },
  { "TSH" }, { "COAG" }, { "ABORH" }, { "CBC", "LFT", "KFT", "LIPID" }, { "FERR", "HB" },
  { "ELEC" }, { "CRP" }, { "GLUR" }, { "CBC", "URINE" },
};

static const char * const notes[] = {
  "Fever for 3 days; rule out infection.",
  "Pre-operative work-up, cataract surgery next week.",
  "Known hypertensive; annual review.",
  "Fatigue and weight gain; check thyroid.",
  "On warfarin; INR monitoring.",
  "Follow-up after antibiotics.",
};

static gint64
local_day_start (gint64 now_us,
                 int    days_ago)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now),
                                                         g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) day = g_date_time_add_days (midnight, -days_ago);

  return g_date_time_to_unix (day) * G_USEC_PER_SEC;
}

static void
visit_clear (gpointer data)
{
  Visit *visit = data;

  g_free (visit->id);
  g_free (visit->paid_method);
  g_clear_pointer (&visit->samples, json_array_unref);
  g_clear_pointer (&visit->results, json_array_unref);
}

static void
add_step (Demo     *demo,
          StepKind  kind,
          guint     index,
          gint64    at)
{
  Step step = { at, demo->steps->len, kind, index };

  g_array_append_val (demo->steps, step);
}

static int
compare_steps (gconstpointer a,
               gconstpointer b)
{
  const Step *x = a, *y = b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* A patient registered before @at (not one of the followed patients). */
static guint
pick_patient (Demo   *demo,
              gint64  at)
{
  guint n = G_N_ELEMENTS (trends);

  while (n < demo->registered_us->len && g_array_index (demo->registered_us, gint64, n) < at - 5 * MINUTE)
    n++;
  if (n <= G_N_ELEMENTS (trends) + 1)
    return G_N_ELEMENTS (trends);
  /* Half are patients registered that day or just before. */
  if (g_rand_boolean (demo->rand))
    return g_rand_int_range (demo->rand, MAX ((int) G_N_ELEMENTS (trends), (int) n - 6), n);
  return g_rand_int_range (demo->rand, G_N_ELEMENTS (trends), n);
}

static Visit *
add_visit (Demo   *demo,
           guint   patient,
           gint64  created_us)
{
  Visit visit = { 0 };

  visit.patient = patient;
  visit.booker = LD_DEMO_RECEPTION;
  visit.priority = "routine";
  visit.created_us = created_us;
  visit.pay = PAY_CASH;
  visit.lab = LAB_REPORTED;
  visit.pace = 1.0;
  g_array_append_val (demo->visits, visit);
  return &g_array_index (demo->visits, Visit, demo->visits->len - 1);
}

/* The steps of one visit, in minutes after it is booked (home visits
 * are collected in their slot). */
static void
plan_steps (Demo  *demo,
            guint  index)
{
  Visit *visit = &g_array_index (demo->visits, Visit, index);
  gint64 t = visit->created_us;
  double pace = visit->pace;
  gint64 collected;

  add_step (demo, STEP_CREATE, index, t);
  if (visit->pay != PAY_NONE)
    add_step (demo, STEP_PAY, index, t + 3 * MINUTE * pace);
  if (visit->refund != REFUND_NONE)
    add_step (demo, STEP_REFUND, index, t + 6 * MINUTE * pace);
  if (visit->lab == LAB_NONE)
    return;

  collected = visit->slot_us != 0 ? visit->slot_us + 25 * MINUTE : t + 15 * MINUTE * pace;
  add_step (demo, STEP_COLLECT, index, collected);
  if (visit->lab >= LAB_RECEIVED)
    add_step (demo, STEP_RECEIVE, index, collected + 30 * MINUTE * pace);
  if (visit->lab >= LAB_DRAFT)
    add_step (demo, STEP_ENTER, index, collected + (100 + g_rand_int_range (demo->rand, 0, 60)) * MINUTE * pace);
  if (visit->lab >= LAB_VERIFIED)
    add_step (demo, STEP_VERIFY, index, collected + 190 * MINUTE * pace);
  if (visit->lab >= LAB_VERIFIED && visit->acknowledge)
    add_step (demo, STEP_ACKNOWLEDGE, index, collected + 260 * MINUTE * pace);
  if (visit->lab >= LAB_REPORTED)
    add_step (demo, STEP_RELEASE, index, collected + 215 * MINUTE * pace);
  if (visit->amend)
    add_step (demo, STEP_AMEND, index, collected + 30 * 60 * MINUTE);
}

/* Two years of monthly visits for each followed patient, booked by the
 * doctor (a prescription) or by the desk for the doctor. */
static void
plan_trends (Demo *demo)
{
  for (guint p = 0; p < G_N_ELEMENTS (trends); p++)
    for (guint month = 0; month < TREND_MONTHS; month++)
      {
        g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (demo->today_us / G_USEC_PER_SEC);
        g_autoptr(GDateTime) first = g_date_time_new_local (g_date_time_get_year (today),
                                                            g_date_time_get_month (today), 1, 9, 0, 0);
        g_autoptr(GDateTime) then = g_date_time_add_months (first, (int) month - TREND_MONTHS);
        g_autoptr(GDateTime) day = g_date_time_add_minutes (then, (p * 3 + month % 3) * 24 * 60 + p * 11);
        Visit *visit = add_visit (demo, p, g_date_time_to_unix (day) * G_USEC_PER_SEC);

        for (guint i = 0; i < G_N_ELEMENTS (trends[p].items); i++)
          visit->items[i] = trends[p].items[i];
        visit->trend = &trends[p];
        visit->month = month;
        visit->for_doctor = TRUE;
        visit->booker = month % 2 == 0 ? LD_DEMO_DOCTOR : LD_DEMO_RECEPTION;
        visit->notes = visit->booker == LD_DEMO_DOCTOR ? trends[p].notes : NULL;
        visit->pay = month % 3 == 0 ? PAY_UPI : month % 3 == 1 ? PAY_CASH : PAY_CARD;
        /* Every critical is acknowledged but the newest two. */
        visit->acknowledge = month + 6 < TREND_MONTHS;
      }
}

/* About three months of everyday work before today. */
static void
plan_history (Demo *demo)
{
  guint n_amended = 0;

  for (int days_ago = HISTORY_DAYS; days_ago >= 1; days_ago--)
    {
      gint64 day = local_day_start (demo->now_us, days_ago);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (day / G_USEC_PER_SEC);
      gboolean sunday = g_date_time_get_day_of_week (when) == 7;
      int n = sunday ? 1 : g_rand_int_range (demo->rand, 3, 7);

      for (int i = 0; i < n; i++)
        {
          gint64 at = day + (8 * 60 + g_rand_int_range (demo->rand, 0, 9 * 60)) * MINUTE;
          Visit *visit = add_visit (demo, pick_patient (demo, at), at);
          int roll = g_rand_int_range (demo->rand, 0, 100);
          int kind = g_rand_int_range (demo->rand, 0, 100);
          guint m = g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (menu));

          for (guint k = 0; k < G_N_ELEMENTS (menu[m]); k++)
            visit->items[k] = menu[m][k];
          visit->priority = kind < 80 ? "routine" : kind < 95 ? "urgent" : "stat";
          visit->pay = roll < 38 ? PAY_CASH : roll < 66 ? PAY_UPI : roll < 80 ? PAY_CARD
                     : roll < 88 ? PAY_ONLINE : roll < 92 ? PAY_COD : roll < 94 ? PAY_FAILED_THEN_CASH
                     : roll < 97 ? PAY_NONE : PAY_CANCELLED;
          if (visit->pay == PAY_NONE || visit->pay == PAY_CANCELLED)
            visit->lab = LAB_NONE;

          kind = g_rand_int_range (demo->rand, 0, 100);
          if (kind < 20)
            {
              visit->booker = LD_DEMO_DOCTOR;
              visit->notes = notes[g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (notes))];
            }
          else if (kind < 35)
            visit->for_doctor = TRUE;

          kind = g_rand_int_range (demo->rand, 0, 100);
          if (visit->lab == LAB_REPORTED && kind < 3 && visit->items[1] == NULL &&
              visit->pay != PAY_COD)
            {
              visit->items[1] = "ESR";
              visit->refund = REFUND_PART;
            }
          else if (visit->lab == LAB_REPORTED && kind < 5 && visit->pay != PAY_COD)
            {
              visit->refund = REFUND_FULL;
              visit->lab = LAB_NONE;
            }
          else if (visit->lab == LAB_REPORTED && kind < 8)
            visit->reject_once = TRUE;
          else if (visit->lab == LAB_REPORTED && kind < 12 && visit->pay != PAY_COD)
            {
              /* Booked the evening before, collected at home. */
              visit->created_us = day - 5 * 60 * MINUTE;
              visit->slot_us = day + 7 * 60 * MINUTE;
              visit->patient = pick_patient (demo, visit->created_us);
            }
          if (visit->lab == LAB_REPORTED && n_amended < 3 && days_ago % 29 == 5 && i == 0 &&
              visit->refund == REFUND_NONE)
            {
              visit->amend = TRUE;
              n_amended++;
            }
        }
    }
}

typedef struct
{
  Pay         pay;
  Lab         lab;
  Refund      refund;
  const char *priority;
  LdDemoActor booker;
  /* Home collection: slot day (0 today, 1 tomorrow…; -1, -2 overdue) or
   * G_MININT for the lab. */
  int         slot_day;
  const char *items[3];
} TodayVisit;

#define LAB_COLLECTION G_MININT

/* Today's work in every payment and lab state the desk and bench meet. */
static const TodayVisit today_visits[] = {
  { PAY_NONE, LAB_NONE, REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "CBC" } },
  { PAY_NONE, LAB_NONE, REFUND_NONE, "urgent", LD_DEMO_DOCTOR, LAB_COLLECTION, { "GLUF", "HBA1C" } },
  { PAY_NONE, LAB_NONE, REFUND_NONE, "routine", LD_DEMO_DOCTOR, LAB_COLLECTION, { "THY" } },
  { PAY_CASH, LAB_REPORTED, REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "LIPID" } },
  { PAY_CASH, LAB_REPORTED, REFUND_NONE, "stat", LD_DEMO_RECEPTION, LAB_COLLECTION, { "ELEC" } },
  { PAY_UPI, LAB_REPORTED, REFUND_NONE, "routine", LD_DEMO_DOCTOR, LAB_COLLECTION, { "CBC", "ESR" } },
  { PAY_CARD, LAB_VERIFIED, REFUND_NONE, "urgent", LD_DEMO_RECEPTION, LAB_COLLECTION, { "KFT" } },
  { PAY_CARD, LAB_VERIFIED, REFUND_NONE, "routine", LD_DEMO_SUNITA, LAB_COLLECTION, { "TSH" } },
  { PAY_UPI, LAB_ENTERED, REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "LFT" } },
  { PAY_UPI, LAB_ENTERED, REFUND_NONE, "stat", LD_DEMO_DOCTOR, LAB_COLLECTION, { "COAG" } },
  { PAY_CASH, LAB_ENTERED, REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "URINE" } },
  { PAY_ONLINE, LAB_DRAFT, REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "CBC", "LFT", "KFT" } },
  { PAY_ONLINE, LAB_DRAFT, REFUND_NONE, "urgent", LD_DEMO_RECEPTION, LAB_COLLECTION, { "LIPID", "GLUF" } },
  { PAY_CASH, LAB_RECEIVED, REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "VITD", "B12" } },
  { PAY_UPI, LAB_RECEIVED, REFUND_NONE, "urgent", LD_DEMO_SUNITA, LAB_COLLECTION, { "CRP" } },
  { PAY_UPI, LAB_COLLECTED, REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "HBA1C" } },
  { PAY_CARD, LAB_COLLECTED, REFUND_NONE, "stat", LD_DEMO_RECEPTION, LAB_COLLECTION, { "GLUR", "K" } },
  { PAY_CARD, LAB_NONE, REFUND_NONE, "stat", LD_DEMO_RECEPTION, LAB_COLLECTION, { "CBC", "CRP" } },
  { PAY_CASH, LAB_NONE, REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "THY" } },
  { PAY_UPI, LAB_NONE, REFUND_NONE, "urgent", LD_DEMO_DOCTOR, LAB_COLLECTION, { "FERR", "HB" } },
  { PAY_COD, LAB_NONE, REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "GLUF", "GLUPP" } },
  { PAY_COD, LAB_NONE, REFUND_NONE, "routine", LD_DEMO_SUNITA, LAB_COLLECTION, { "ABORH" } },
  { PAY_COD, LAB_ENTERED, REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "UREA", "CREA" } },
  { PAY_FAILED, LAB_NONE, REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "LIPID" } },
  { PAY_FAILED, LAB_NONE, REFUND_NONE, "urgent", LD_DEMO_RECEPTION, LAB_COLLECTION, { "CBC" } },
  { PAY_FAILED_THEN_CASH, LAB_COLLECTED, REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "TSH" } },
  { PAY_FAILED_THEN_COD, LAB_NONE, REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "VITD" } },
  { PAY_ONLINE_WAITING, LAB_NONE, REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "KFT" } },
  { PAY_CANCELLED, LAB_NONE, REFUND_NONE, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "HB" } },
  { PAY_CANCELLED, LAB_NONE, REFUND_NONE, "routine", LD_DEMO_DOCTOR, LAB_COLLECTION, { "LFT" } },
  { PAY_CASH, LAB_ENTERED, REFUND_PART, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "CBC", "ESR" } },
  { PAY_UPI, LAB_NONE, REFUND_PART, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "GLUF", "CRP" } },
  { PAY_CARD, LAB_NONE, REFUND_FULL, "routine", LD_DEMO_RECEPTION, LAB_COLLECTION, { "THY" } },
  /* Home collection: today, the next days, and overdue. */
  { PAY_UPI, LAB_NONE, REFUND_NONE, "routine", LD_DEMO_RECEPTION, 0, { "CBC", "GLUF" } },
  { PAY_COD, LAB_NONE, REFUND_NONE, "routine", LD_DEMO_RECEPTION, 0, { "LIPID" } },
  { PAY_CARD, LAB_NONE, REFUND_NONE, "routine", LD_DEMO_RECEPTION, 1, { "KFT" } },
  { PAY_NONE, LAB_NONE, REFUND_NONE, "routine", LD_DEMO_DOCTOR, 2, { "HBA1C" } },
  { PAY_COD, LAB_NONE, REFUND_NONE, "urgent", LD_DEMO_RECEPTION, 3, { "CBC", "CRP" } },
  { PAY_UPI, LAB_NONE, REFUND_NONE, "routine", LD_DEMO_RECEPTION, -1, { "TSH" } },
  { PAY_CASH, LAB_NONE, REFUND_NONE, "routine", LD_DEMO_SUNITA, -2, { "VITD" } },
};

/* Today's visits between the lab's opening (or six hours ago) and now;
 * each visit's lab steps are squeezed so that the last is done by now. */
static void
plan_today (Demo *demo)
{
  gint64 end = demo->now_us - 2 * MINUTE;
  gint64 start = MAX (demo->today_us, MIN (demo->today_us + 8 * 60 * MINUTE, end - 6 * 60 * MINUTE));
  guint n = G_N_ELEMENTS (today_visits);

  for (guint i = 0; i < n; i++)
    {
      const TodayVisit *plan = &today_visits[i];
      gint64 at = start + (end - start) * 6 / 10 * i / n;
      Visit *visit = add_visit (demo, pick_patient (demo, at), at);

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
      visit->pace = MIN (1.0, (double) (end - at - 20 * MINUTE) / (260.0 * MINUTE));
      visit->pace = MAX (visit->pace, 0.001);

      if (plan->slot_day != LAB_COLLECTION)
        {
          gint64 slot_day = local_day_start (demo->now_us, -plan->slot_day);

          /* Booked the day before the slot at the latest, as the rule
           * wants; an overdue slot has passed uncollected. */
          visit->created_us = MIN (at, slot_day - 5 * 60 * MINUTE);
          visit->slot_us = slot_day + (plan->slot_day == 0 ? 16 : 10) * 60 * MINUTE;
          visit->pace = 1.0;
          visit->patient = pick_patient (demo, visit->created_us);
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

  /* Two booked two days ago and never paid: expired by this morning. */
  for (guint i = 0; i < 2; i++)
    {
      gint64 at = local_day_start (demo->now_us, 3) + (10 + i * 3) * 60 * MINUTE;
      Visit *visit = add_visit (demo, pick_patient (demo, at), at);

      visit->items[0] = i == 0 ? "CBC" : "LIPID";
      visit->pay = PAY_NONE;
      visit->lab = LAB_NONE;
    }
}

/* ---- Running the steps ---- */

static JsonObject *
call (Demo         *demo,
      LdDemoActor   actor,
      const char   *method,
      JsonBuilder  *body,
      guint         status,
      GError      **error,
      const char   *path_format,
      ...) G_GNUC_PRINTF (7, 8);

static JsonObject *
call (Demo         *demo,
      LdDemoActor   actor,
      const char   *method,
      JsonBuilder  *body,
      guint         status,
      GError      **error,
      const char   *path_format,
      ...)
{
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, path_format);
  path = g_strdup_vprintf (path_format, args);
  va_end (args);

  return ld_demo_client_call (demo->client, actor, method, path, body, status, error);
}

static JsonBuilder *
begin_body (void)
{
  JsonBuilder *body = json_builder_new ();

  json_builder_begin_object (body);
  return body;
}

static JsonBuilder *
end_body (JsonBuilder *body)
{
  json_builder_end_object (body);
  return body;
}

/* Keeps what the server answered of the order: its version, what is due
 * and which technician holds it. */
static void
note_order (Demo       *demo,
            Visit      *visit,
            JsonObject *answer)
{
  JsonObject *order = ld_demo_object (answer, "order");
  const char *technician;

  if (order == NULL)
    return;
  visit->version = ld_demo_int (order, "version");
  visit->balance_paise = ld_demo_int (order, "balance_paise");
  visit->paid_paise = ld_demo_int (order, "paid_paise");
  technician = ld_demo_string (order, "technician_id");
  if (technician != NULL)
    visit->bench = g_strcmp0 (technician, ld_demo_client_user_id (demo->client, LD_DEMO_SUNITA)) == 0
                     ? LD_DEMO_SUNITA : LD_DEMO_TECHNICIAN;
  if (ld_demo_array (answer, "results") != NULL)
    {
      g_clear_pointer (&visit->results, json_array_unref);
      visit->results = json_array_ref (ld_demo_array (answer, "results"));
    }
}

static gboolean
step_register (Demo    *demo,
               guint    index,
               GError **error)
{
  LdDemoPerson *person = &g_array_index (demo->people, LdDemoPerson, index);
  LdDemoActor desk = index % 5 == 4 ? LD_DEMO_SUNITA : LD_DEMO_RECEPTION;
  g_autoptr(JsonBuilder) body = ld_demo_person_to_json (person);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) local = NULL;

  answer = call (demo, desk, "POST", body, SOUP_STATUS_CREATED, &local, "/api/v1/patients");
  /* Shown a likely duplicate (the same name and birth date), the desk
   * sees that it is someone else and registers anyway. */
  if (answer == NULL && ld_demo_client_get_last_status (demo->client) == SOUP_STATUS_CONFLICT)
    {
      g_autoptr(JsonBuilder) again = ld_demo_person_to_json (person);
      g_autoptr(JsonNode) root = json_builder_get_root (again);

      json_object_set_boolean_member (json_node_get_object (root), "allow_duplicate", TRUE);
      g_clear_object (&again);
      again = json_builder_new ();
      json_builder_add_value (again, g_steal_pointer (&root));
      g_clear_error (&local);
      answer = call (demo, desk, "POST", again, SOUP_STATUS_CREATED, &local, "/api/v1/patients");
    }
  if (answer == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  g_ptr_array_index (demo->patient_ids, index) =
    g_strdup (ld_demo_string (ld_demo_object (answer, "patient"), "id"));
  return TRUE;
}

static gboolean
step_create (Demo    *demo,
             Visit   *visit,
             GError **error)
{
  LdDemoPerson *person = &g_array_index (demo->people, LdDemoPerson, visit->patient);
  g_autoptr(JsonBuilder) body = begin_body ();
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *items;

  ld_json_builder_add_string (body, "patient_id", g_ptr_array_index (demo->patient_ids, visit->patient));
  json_builder_set_member_name (body, "items");
  json_builder_begin_array (body);
  for (guint i = 0; i < G_N_ELEMENTS (visit->items) && visit->items[i] != NULL; i++)
    json_builder_add_string_value (body, visit->items[i]);
  json_builder_end_array (body);
  ld_json_builder_add_string (body, "priority", visit->priority);
  if (visit->notes != NULL)
    ld_json_builder_add_string (body, "clinical_notes", visit->notes);
  if (visit->for_doctor && visit->booker != LD_DEMO_DOCTOR)
    ld_json_builder_add_string (body, "doctor_id", ld_demo_client_user_id (demo->client, LD_DEMO_DOCTOR));
  if (visit->slot_us != 0)
    {
      g_autofree char *start = ld_time_format_rfc3339 (visit->slot_us);
      g_autofree char *end = ld_time_format_rfc3339 (visit->slot_us + 2 * 60 * MINUTE);

      ld_json_builder_add_string (body, "collection", "home");
      json_builder_set_member_name (body, "home_visit");
      json_builder_begin_object (body);
      ld_json_builder_add_string (body, "address", person->address ? person->address
                                                   : "22, Indiranagar 2nd Stage, Bengaluru 560038");
      ld_json_builder_add_string (body, "slot_start", start);
      ld_json_builder_add_string (body, "slot_end", end);
      json_builder_end_object (body);
    }

  answer = call (demo, visit->booker, "POST", end_body (body), SOUP_STATUS_CREATED, error, "/api/v1/orders");
  if (answer == NULL)
    return FALSE;

  visit->id = g_strdup (ld_demo_string (ld_demo_object (answer, "order"), "id"));
  items = ld_demo_array (ld_demo_object (answer, "order"), "items");
  if (items != NULL && json_array_get_length (items) > 0)
    visit->last_item_paise = ld_demo_int (json_array_get_object_element (items, json_array_get_length (items) - 1),
                                          "charged_paise");
  note_order (demo, visit, answer);
  return TRUE;
}

static gboolean
pay (Demo        *demo,
     Visit       *visit,
     const char  *method,
     GError     **error)
{
  g_autoptr(JsonBuilder) body = begin_body ();
  g_autoptr(JsonObject) answer = NULL;
  LdDemoActor desk = visit->patient % 3 == 0 ? LD_DEMO_SUNITA : LD_DEMO_RECEPTION;

  ld_json_builder_add_string (body, "method", method);
  if (g_str_equal (method, "cash"))
    ld_json_builder_add_int (body, "tendered_paise", (visit->balance_paise + 9999) / 10000 * 10000);
  else if (g_str_equal (method, "card"))
    {
      g_autofree char *reference = g_strdup_printf ("TID%08u", g_rand_int_range (demo->rand, 0, 100000000));

      ld_json_builder_add_string (body, "reference", reference);
    }
  else if (g_str_equal (method, "upi"))
    {
      g_autofree char *reference = g_strdup_printf ("4%011u", g_rand_int_range (demo->rand, 0, G_MAXINT));

      ld_json_builder_add_string (body, "reference", reference);
    }

  answer = call (demo, desk, "POST", end_body (body), SOUP_STATUS_CREATED, error,
                 "/api/v1/orders/%s/payments", visit->id);
  if (answer == NULL)
    return FALSE;
  note_order (demo, visit, answer);

  if (g_str_equal (method, "online"))
    {
      JsonObject *payment = ld_demo_object (answer, "payment");
      gboolean fails = visit->pay == PAY_FAILED || visit->pay == PAY_FAILED_THEN_CASH ||
                       visit->pay == PAY_FAILED_THEN_COD;
      g_autoptr(JsonBuilder) outcome = NULL;
      g_autoptr(JsonObject) decided = NULL;

      if (visit->pay == PAY_ONLINE_WAITING)
        return TRUE;

      /* The gateway's callback does not come in the demo; the desk
       * records what the patient's phone shows. */
      outcome = begin_body ();
      ld_json_builder_add_int (outcome, "version", ld_demo_int (payment, "version"));
      ld_json_builder_add_string (outcome, "status", fails ? "failed" : "succeeded");
      if (fails)
        ld_json_builder_add_string (outcome, "failure_reason", "Declined by the bank");
      else
        {
          g_autofree char *reference = g_strdup_printf ("pay_DEMO%08u", g_rand_int_range (demo->rand, 0, 100000000));

          ld_json_builder_add_string (outcome, "reference", reference);
        }
      decided = call (demo, desk, "PATCH", end_body (outcome), SOUP_STATUS_OK, error,
                      "/api/v1/payments/%s", ld_demo_string (payment, "id"));
      if (decided == NULL)
        return FALSE;
      note_order (demo, visit, decided);
    }
  if (!g_str_equal (method, "cod"))
    {
      g_free (visit->paid_method);
      visit->paid_method = g_strdup (method);
    }
  return TRUE;
}

static gboolean
cancel_order (Demo        *demo,
              Visit       *visit,
              const char  *reason,
              GError     **error)
{
  g_autoptr(JsonBuilder) body = begin_body ();
  g_autoptr(JsonObject) answer = NULL;

  ld_json_builder_add_int (body, "version", visit->version);
  ld_json_builder_add_string (body, "reason", reason);
  answer = call (demo, LD_DEMO_RECEPTION, "POST", end_body (body), SOUP_STATUS_OK, error,
                 "/api/v1/orders/%s/cancel", visit->id);
  if (answer != NULL)
    note_order (demo, visit, answer);
  return answer != NULL;
}

static gboolean
step_pay (Demo    *demo,
          Visit   *visit,
          GError **error)
{
  switch (visit->pay)
    {
    case PAY_NONE:
      return TRUE;
    case PAY_CASH:
      return pay (demo, visit, "cash", error);
    case PAY_CARD:
      return pay (demo, visit, "card", error);
    case PAY_UPI:
      return pay (demo, visit, "upi", error);
    case PAY_ONLINE:
    case PAY_ONLINE_WAITING:
    case PAY_FAILED:
      return pay (demo, visit, "online", error);
    case PAY_FAILED_THEN_CASH:
      return pay (demo, visit, "online", error) && pay (demo, visit, "cash", error);
    case PAY_FAILED_THEN_COD:
      return pay (demo, visit, "online", error) && pay (demo, visit, "cod", error);
    case PAY_COD:
      return pay (demo, visit, "cod", error);
    case PAY_CANCELLED:
      return cancel_order (demo, visit, "Patient left without paying", error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
step_refund (Demo    *demo,
             Visit   *visit,
             GError **error)
{
  g_autoptr(JsonBuilder) body = begin_body ();
  g_autoptr(JsonObject) answer = NULL;
  gboolean full = visit->refund == REFUND_FULL;
  const char *last = visit->items[1] ? visit->items[1] : visit->items[0];
  g_autofree char *reason = full ? g_strdup ("Patient will have the tests done at the hospital")
                                 : g_strdup_printf ("%s not wanted after all", last);

  ld_json_builder_add_string (body, "method", visit->paid_method);
  ld_json_builder_add_int (body, "amount_paise", full ? visit->paid_paise : visit->last_item_paise);
  ld_json_builder_add_string (body, "reason", reason);
  if (!g_str_equal (visit->paid_method, "cash"))
    ld_json_builder_add_string (body, "reference", "RFND-DEMO");
  answer = call (demo, LD_DEMO_RECEPTION, "POST", end_body (body), SOUP_STATUS_CREATED, error,
                 "/api/v1/orders/%s/refunds", visit->id);
  if (answer == NULL)
    return FALSE;
  note_order (demo, visit, answer);

  return !full || cancel_order (demo, visit, "Refunded in full before collection", error);
}

static gboolean
collect (Demo    *demo,
         Visit   *visit,
         GError **error)
{
  g_autoptr(JsonBuilder) body = begin_body ();
  g_autoptr(JsonObject) answer = NULL;

  ld_json_builder_add_string (body, "location", visit->slot_us != 0 ? "Home visit" : "Collection room 1");
  if (visit->pay == PAY_COD || visit->pay == PAY_FAILED_THEN_COD)
    {
      if (visit->balance_paise > 0)
        {
          json_builder_set_member_name (body, "payment");
          json_builder_begin_object (body);
          ld_json_builder_add_string (body, "method", "cash");
          ld_json_builder_add_int (body, "tendered_paise", (visit->balance_paise + 9999) / 10000 * 10000);
          json_builder_end_object (body);
          g_free (visit->paid_method);
          visit->paid_method = g_strdup ("cash");
        }
    }

  answer = call (demo, visit->bench, "POST", end_body (body), SOUP_STATUS_CREATED, error,
                 "/api/v1/orders/%s/collect", visit->id);
  if (answer == NULL)
    return FALSE;

  note_order (demo, visit, answer);
  g_clear_pointer (&visit->samples, json_array_unref);
  visit->samples = json_array_ref (ld_demo_array (answer, "samples"));
  return TRUE;
}

static gboolean
custody (Demo        *demo,
         Visit       *visit,
         JsonObject  *sample,
         const char  *event,
         GError     **error)
{
  g_autoptr(JsonBuilder) body = begin_body ();
  g_autoptr(JsonObject) answer = NULL;

  ld_json_builder_add_int (body, "version", ld_demo_int (sample, "version"));
  ld_json_builder_add_string (body, "event", event);
  if (g_str_equal (event, "rejected"))
    ld_json_builder_add_string (body, "reason", "Haemolysed sample");
  else
    ld_json_builder_add_string (body, "location", "Main lab");
  answer = call (demo, visit->bench, "POST", end_body (body), SOUP_STATUS_OK, error,
                 "/api/v1/samples/%s/custody", ld_demo_string (sample, "id"));
  return answer != NULL;
}

/* Every sample is received; one the bench rejects first is collected again
 * and the new one received. */
static gboolean
step_receive (Demo    *demo,
              Visit   *visit,
              GError **error)
{
  g_autoptr(JsonArray) first = json_array_ref (visit->samples);

  for (guint i = 0; i < json_array_get_length (first); i++)
    if (!custody (demo, visit, json_array_get_object_element (first, i),
                  visit->reject_once && i == 0 ? "rejected" : "received", error))
      return FALSE;
  if (!visit->reject_once)
    return TRUE;

  if (!collect (demo, visit, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (visit->samples); i++)
    if (!custody (demo, visit, json_array_get_object_element (visit->samples, i), "received", error))
      return FALSE;
  return TRUE;
}

static double
drift_level (const Visit *visit,
             const char  *code)
{
  const Trend *trend = visit->trend;

  if (trend == NULL)
    return NAN;
  for (guint i = 0; i < G_N_ELEMENTS (trend->drifts) && trend->drifts[i].code != NULL; i++)
    {
      const Drift *drift = &trend->drifts[i];
      double half = (TREND_MONTHS - 1) / 2.0;
      double m = visit->month;

      if (!g_str_equal (drift->code, code))
        continue;
      if (i == 0 && trend->critical_value > 0 && visit->month == trend->critical_month)
        return trend->critical_value;
      return m <= half ? drift->start + (drift->middle - drift->start) * m / half
                       : drift->middle + (drift->end - drift->middle) * (m - half) / half;
    }
  return NAN;
}

static char *
value_for (Demo        *demo,
           Visit       *visit,
           const char  *code)
{
  LdDemoPerson *person = &g_array_index (demo->people, LdDemoPerson, visit->patient);

  if (visit->forced_code != NULL && g_str_equal (visit->forced_code, code))
    return g_strdup (visit->forced_value);
  if (!isnan (drift_level (visit, code)) && visit->trend->critical_value > 0 &&
      visit->month == visit->trend->critical_month && g_str_equal (visit->trend->drifts[0].code, code))
    return ld_demo_values_make (demo->values, demo->rand, code, person->sex, drift_level (visit, code), 0);
  return ld_demo_values_make (demo->values, demo->rand, code, person->sex, drift_level (visit, code), 12);
}

/* The bench enters every value in one run and submits it (or, for an
 * order still in process, saves half as drafts); a test refunded at the
 * desk is cancelled first. */
static gboolean
step_enter (Demo    *demo,
            Visit   *visit,
            GError **error)
{
  g_autoptr(JsonObject) listed = NULL;
  g_autoptr(JsonBuilder) body = begin_body ();
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *results;
  guint n_values;

  listed = call (demo, visit->bench, "GET", NULL, SOUP_STATUS_OK, error, "/api/v1/orders/%s/results", visit->id);
  if (listed == NULL)
    return FALSE;
  results = ld_demo_array (listed, "items");

  if (visit->refund == REFUND_PART)
    for (guint i = 0; i < json_array_get_length (results); i++)
      {
        JsonObject *result = json_array_get_object_element (results, i);
        g_autoptr(JsonBuilder) cancel = NULL;
        g_autoptr(JsonObject) cancelled = NULL;

        if (!g_str_equal (ld_demo_string (result, "test_code"), visit->items[1]))
          continue;
        cancel = begin_body ();
        ld_json_builder_add_int (cancel, "version", ld_demo_int (result, "version"));
        ld_json_builder_add_string (cancel, "reason", "Refunded at the desk: not wanted");
        cancelled = call (demo, visit->bench, "POST", end_body (cancel), SOUP_STATUS_OK, error,
                          "/api/v1/results/%s/cancel", ld_demo_string (result, "id"));
        if (cancelled == NULL)
          return FALSE;
        note_order (demo, visit, cancelled);
        results = visit->results;
      }

  n_values = visit->lab == LAB_DRAFT ? (json_array_get_length (results) + 1) / 2 : G_MAXUINT;
  ld_json_builder_add_bool (body, "submit", visit->lab != LAB_DRAFT);
  json_builder_set_member_name (body, "results");
  json_builder_begin_array (body);
  for (guint i = 0; i < json_array_get_length (results) && i < n_values; i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      const char *code = ld_demo_string (result, "test_code");
      g_autofree char *value = NULL;

      if (!g_str_equal (ld_demo_string (result, "state"), "pending"))
        continue;
      value = value_for (demo, visit, code);
      json_builder_begin_object (body);
      ld_json_builder_add_string (body, "test_code", code);
      ld_json_builder_add_int (body, "version", ld_demo_int (result, "version"));
      ld_json_builder_add_string (body, "value", value);
      json_builder_end_object (body);
    }
  json_builder_end_array (body);

  answer = call (demo, visit->bench, "POST", end_body (body), SOUP_STATUS_OK, error,
                 "/api/v1/orders/%s/results", visit->id);
  if (answer == NULL)
    return FALSE;
  note_order (demo, visit, answer);
  return TRUE;
}

/* A second technician checks and verifies every entered value. */
static gboolean
step_verify (Demo    *demo,
             Visit   *visit,
             GError **error)
{
  g_autoptr(JsonBuilder) body = begin_body ();
  g_autoptr(JsonObject) answer = NULL;
  LdDemoActor checker = visit->bench == LD_DEMO_SUNITA ? LD_DEMO_TECHNICIAN : LD_DEMO_SUNITA;

  json_builder_set_member_name (body, "results");
  json_builder_begin_array (body);
  for (guint i = 0; i < json_array_get_length (visit->results); i++)
    {
      JsonObject *result = json_array_get_object_element (visit->results, i);

      if (!g_str_equal (ld_demo_string (result, "state"), "entered"))
        continue;
      json_builder_begin_object (body);
      ld_json_builder_add_string (body, "test_code", ld_demo_string (result, "test_code"));
      ld_json_builder_add_int (body, "version", ld_demo_int (result, "version"));
      json_builder_end_object (body);
    }
  json_builder_end_array (body);

  answer = call (demo, checker, "POST", end_body (body), SOUP_STATUS_OK, error,
                 "/api/v1/orders/%s/verify", visit->id);
  if (answer == NULL)
    return FALSE;
  note_order (demo, visit, answer);
  return TRUE;
}

/* Release renders the report and keeps its PDF, as at the bench. */
static gboolean
step_release (Demo    *demo,
              Visit   *visit,
              GError **error)
{
  g_autoptr(JsonBuilder) body = begin_body ();
  g_autoptr(JsonObject) answer = NULL;

  ld_json_builder_add_int (body, "version", visit->version);
  answer = call (demo, visit->bench, "POST", end_body (body), SOUP_STATUS_CREATED, error,
                 "/api/v1/orders/%s/release", visit->id);
  if (answer == NULL)
    return FALSE;
  note_order (demo, visit, answer);
  demo->n_released++;
  return TRUE;
}

/* The doctor reads the critical values of this order and says so. */
static gboolean
step_acknowledge (Demo    *demo,
                  Visit   *visit,
                  GError **error)
{
  LdDemoActor reader = visit->for_doctor || visit->booker == LD_DEMO_DOCTOR ? LD_DEMO_DOCTOR : LD_DEMO_ADMIN;
  g_autoptr(JsonObject) open = NULL;
  JsonArray *alerts;

  open = call (demo, reader, "GET", NULL, SOUP_STATUS_OK, error, reader == LD_DEMO_DOCTOR
               ? "/api/v1/doctors/me/alerts?limit=200" : "/api/v1/alerts?limit=200");
  if (open == NULL)
    return FALSE;

  alerts = ld_demo_array (open, "items");
  for (guint i = 0; alerts != NULL && i < json_array_get_length (alerts); i++)
    {
      JsonObject *alert = json_array_get_object_element (alerts, i);
      g_autoptr(JsonBuilder) body = NULL;
      g_autoptr(JsonObject) answer = NULL;

      if (g_strcmp0 (ld_demo_string (alert, "order_id"), visit->id) != 0)
        continue;
      body = begin_body ();
      ld_json_builder_add_int (body, "version", ld_demo_int (alert, "version"));
      answer = call (demo, reader, "POST", end_body (body), SOUP_STATUS_OK, error,
                     "/api/v1/alerts/%s/acknowledge", ld_demo_string (alert, "id"));
      if (answer == NULL)
        return FALSE;
    }
  return TRUE;
}

/* A day later the lab finds a value was wrong and corrects the report:
 * version 2, marked corrected, with the old value shown. */
static gboolean
step_amend (Demo    *demo,
            Visit   *visit,
            GError **error)
{
  g_autoptr(JsonBuilder) body = begin_body ();
  g_autoptr(JsonObject) answer = NULL;

  for (guint i = 0; i < json_array_get_length (visit->results); i++)
    {
      JsonObject *result = json_array_get_object_element (visit->results, i);
      const char *code = ld_demo_string (result, "test_code");
      g_autofree char *value = NULL;

      if (!g_str_equal (ld_demo_string (result, "state"), "released") ||
          !ld_demo_values_is_numeric (demo->values, code))
        continue;
      value = value_for (demo, visit, code);
      if (g_strcmp0 (value, ld_demo_string (result, "value")) == 0)
        continue;

      ld_json_builder_add_string (body, "reason", "Transcription error: corrected from the analyser printout");
      json_builder_set_member_name (body, "results");
      json_builder_begin_array (body);
      json_builder_begin_object (body);
      ld_json_builder_add_string (body, "test_code", code);
      ld_json_builder_add_int (body, "version", ld_demo_int (result, "version"));
      ld_json_builder_add_string (body, "value", value);
      json_builder_end_object (body);
      json_builder_end_array (body);
      answer = call (demo, visit->bench, "POST", end_body (body), SOUP_STATUS_CREATED, error,
                     "/api/v1/orders/%s/amendments", visit->id);
      return answer != NULL;
    }
  return TRUE;
}

static gboolean
run_step (Demo        *demo,
          const Step  *step,
          GError     **error)
{
  Visit *visit = step->kind == STEP_REGISTER ? NULL : &g_array_index (demo->visits, Visit, step->index);

  switch (step->kind)
    {
    case STEP_REGISTER:
      return step_register (demo, step->index, error);
    case STEP_CREATE:
      return step_create (demo, visit, error);
    case STEP_PAY:
      return step_pay (demo, visit, error);
    case STEP_REFUND:
      return step_refund (demo, visit, error);
    case STEP_COLLECT:
      return collect (demo, visit, error);
    case STEP_RECEIVE:
      return step_receive (demo, visit, error);
    case STEP_ENTER:
      return step_enter (demo, visit, error);
    case STEP_VERIFY:
      return step_verify (demo, visit, error);
    case STEP_RELEASE:
      return step_release (demo, visit, error);
    case STEP_ACKNOWLEDGE:
      return step_acknowledge (demo, visit, error);
    case STEP_AMEND:
      return step_amend (demo, visit, error);
    default:
      g_assert_not_reached ();
    }
}

static void
plan_people (Demo *demo)
{
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (demo->now_us / G_USEC_PER_SEC);
  gint64 followed_from = local_day_start (demo->now_us, 366 * 2 + 40) + 9 * 60 * MINUTE;
  gint64 others_from = local_day_start (demo->now_us, HISTORY_DAYS + 20) + 9 * 60 * MINUTE;
  gint64 others_until = demo->now_us - 30 * MINUTE;

  for (guint i = 0; i < N_PATIENTS; i++)
    {
      LdDemoPerson person;
      gint64 at;

      if (i < G_N_ELEMENTS (trends))
        {
          const LdDemoPerson *fixed = &trends[i].person;

          person = (LdDemoPerson) {
            g_strdup (fixed->name), g_strdup (fixed->sex), g_strdup (fixed->date_of_birth),
            fixed->age_years, g_strdup (fixed->phone), g_strdup (fixed->email),
            g_strdup (fixed->address), g_strdup (fixed->national_id),
          };
          at = followed_from + i * 7 * MINUTE;
        }
      else
        {
          ld_demo_person_make (&person, demo->rand, i, g_date_time_get_year (today));
          at = others_from + (others_until - others_from) * (i - G_N_ELEMENTS (trends)) /
                             (N_PATIENTS - G_N_ELEMENTS (trends));
        }
      g_array_append_val (demo->people, person);
      g_array_append_val (demo->registered_us, at);
      g_ptr_array_add (demo->patient_ids, NULL);
      add_step (demo, STEP_REGISTER, i, at);
    }
}

static void
person_clear (gpointer data)
{
  ld_demo_person_clear (data);
}

static gboolean
sign_in_all (Demo    *demo,
             GError **error)
{
  static const struct
  {
    LdDemoActor actor;
    const char *username;
  } actors[] = {
    { LD_DEMO_ADMIN, "admin" },           { LD_DEMO_RECEPTION, "reception" },
    { LD_DEMO_DOCTOR, "doctor" },         { LD_DEMO_TECHNICIAN, "technician" },
    { LD_DEMO_SUNITA, "sunita" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actors); i++)
    {
      const char *password = ld_seed_demo_password (actors[i].username);

      if (!ld_demo_client_sign_in (demo->client, actors[i].actor, actors[i].username, password, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
play (Demo    *demo,
      GError **error)
{
  g_autoptr(JsonObject) catalog = NULL;
  int last_day = G_MININT;

  demo->steps = g_array_new (FALSE, FALSE, sizeof (Step));
  plan_people (demo);

  /* Sign in as the story starts, so that the audit log runs forward. */
  ld_time_set_now (g_array_index (demo->steps, Step, 0).at - MINUTE);
  if (!sign_in_all (demo, error))
    return FALSE;
  catalog = call (demo, LD_DEMO_ADMIN, "GET", NULL, SOUP_STATUS_OK, error, "/api/v1/catalog");
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
      const Step *step = &g_array_index (demo->steps, Step, i);
      int day = (int) (step->at / (24 * 60 * MINUTE));

      if (step->at >= demo->now_us)
        continue;
      ld_time_set_now (step->at);
      /* The server's minute check, once a day of the story: unpaid orders
       * expire two days after they were made. */
      if (day != last_day && !ld_demo_client_expire_orders (demo->client, error))
        return FALSE;
      last_day = day;
      if (!run_step (demo, step, error))
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
 * @error: return location for an error
 *
 * Makes the demo database: the demo users, lab details and catalogue
 * (ld_seed_demo()), then 600 patients and two years of the lab's work
 * through the real API, ending with today's work in every state.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_seed_demo_story (const LdConfig  *config,
                    GError         **error)
{
  Demo demo = { 0 };
  gboolean ok;

  g_return_val_if_fail (config != NULL, FALSE);

  demo.now_us = g_get_real_time ();
  demo.today_us = local_day_start (demo.now_us, 0);
  demo.rand = g_rand_new_with_seed (DEMO_SEED);
  demo.people = g_array_new (FALSE, TRUE, sizeof (LdDemoPerson));
  g_array_set_clear_func (demo.people, person_clear);
  demo.patient_ids = g_ptr_array_new_with_free_func (g_free);
  demo.registered_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  demo.visits = g_array_new (FALSE, TRUE, sizeof (Visit));
  g_array_set_clear_func (demo.visits, visit_clear);

  /* The users and catalogue exist before the story's first day. */
  ld_time_set_now (local_day_start (demo.now_us, 366 * 2 + 41));
  {
    g_autoptr(LdStore) store = ld_store_open_sealed (config->db_path, config->audit_key_path,
                                                     config->audit_head_path, error);

    ok = store != NULL && ld_seed_demo (store, error);
  }

  if (ok)
    demo.client = ld_demo_client_start (config, error);
  ok = demo.client != NULL && play (&demo, error);
  ld_time_set_now (0);
  if (demo.client != NULL)
    {
      g_debug ("demo: %u calls, %u reports released", ld_demo_client_get_n_calls (demo.client),
               demo.n_released);
      ok = ld_demo_client_stop (demo.client, ok ? error : NULL) && ok;
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
