/* ld-seed-demo-private.h: the parts of `labdesk-server demo`
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-config.h"

G_BEGIN_DECLS

/* Who does a step: the demo's users (server/ld-seed.c), signed in once. */
typedef enum
{
  LD_DEMO_ADMIN,
  LD_DEMO_RECEPTION,
  LD_DEMO_DOCTOR,
  LD_DEMO_TECHNICIAN,
  LD_DEMO_SUNITA,
  /* The authorised signatory, who releases and amends reports. */
  LD_DEMO_PATHOLOGIST,
  LD_DEMO_N_ACTORS
} LdDemoActor;

typedef struct _LdDemoClient LdDemoClient;

/* ld-seed-demo-client.c: the real server, in a thread of this process on
 * a loopback port, and a client of its HTTP API. */
LdDemoClient *ld_demo_client_start     (const LdConfig  *config,
                                        GError         **error);
gboolean      ld_demo_client_stop      (LdDemoClient    *self,
                                        GError         **error);
gboolean      ld_demo_client_sign_in   (LdDemoClient    *self,
                                        LdDemoActor      actor,
                                        const char      *username,
                                        const char      *password,
                                        GError         **error);
const char   *ld_demo_client_user_id   (LdDemoClient    *self,
                                        LdDemoActor      actor);
JsonObject   *ld_demo_client_call      (LdDemoClient    *self,
                                        LdDemoActor      actor,
                                        const char      *method,
                                        const char      *path,
                                        JsonBuilder     *body,
                                        guint            expected_status,
                                        GError         **error);
gboolean      ld_demo_client_expire_orders (LdDemoClient *self,
                                        GError         **error);
guint         ld_demo_client_get_n_calls (LdDemoClient  *self);

/* Reads a member of an answer of our own server, with no critical when it
 * is missing or of another type. */
JsonObject   *ld_demo_object           (JsonObject      *object,
                                        const char      *name);
JsonArray    *ld_demo_array            (JsonObject      *object,
                                        const char      *name);
const char   *ld_demo_string           (JsonObject      *object,
                                        const char      *name);
gint64        ld_demo_int              (JsonObject      *object,
                                        const char      *name);

/* ld-seed-demo-values.c */
typedef struct _LdDemoValues LdDemoValues;

LdDemoValues *ld_demo_values_new       (JsonObject      *catalog);
void          ld_demo_values_free      (LdDemoValues    *self);
char         *ld_demo_values_make      (LdDemoValues    *self,
                                        GRand           *rand,
                                        const char      *test_code,
                                        const char      *sex,
                                        double           level,
                                        int              abnormal_percent);
gboolean      ld_demo_values_is_numeric (LdDemoValues   *self,
                                        const char      *test_code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdDemoValues, ld_demo_values_free)

/* ld-seed-demo-people.c */
typedef struct
{
  char  *name;
  char  *sex;
  char  *date_of_birth;
  gint64 age_years;
  char  *phone;
  char  *email;
  char  *address;
  char  *national_id;
} LdDemoPerson;

void          ld_demo_person_make      (LdDemoPerson    *person,
                                        GRand           *rand,
                                        guint            index,
                                        gint64           today_year);
void          ld_demo_person_clear     (LdDemoPerson    *person);
JsonBuilder  *ld_demo_person_to_json   (const LdDemoPerson *person,
                                        gboolean            allow_duplicate);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdDemoPerson, ld_demo_person_clear)

/* ld-seed-demo.c: the story's plan */
#define LD_DEMO_MINUTE ((gint64) 60 * G_USEC_PER_SEC)
#define LD_DEMO_TREND_MONTHS 24

typedef enum
{
  LD_DEMO_PAY_NONE,             /* pending: never paid (expires after two days) */
  LD_DEMO_PAY_CASH,
  LD_DEMO_PAY_CARD,
  LD_DEMO_PAY_UPI,
  LD_DEMO_PAY_ONLINE,           /* a gateway attempt the desk records as succeeded */
  LD_DEMO_PAY_ONLINE_WAITING,   /* a gateway attempt still in flight */
  LD_DEMO_PAY_FAILED,           /* a gateway attempt that failed; nothing since */
  LD_DEMO_PAY_FAILED_THEN_CASH,
  LD_DEMO_PAY_FAILED_THEN_COD,
  LD_DEMO_PAY_COD,              /* cash on collection, taken at collection */
  LD_DEMO_PAY_CANCELLED,        /* the desk cancels it unpaid */
} LdDemoPay;

typedef enum
{
  LD_DEMO_LAB_NONE,       /* not collected */
  LD_DEMO_LAB_COLLECTED,  /* samples collected, not received */
  LD_DEMO_LAB_RECEIVED,
  LD_DEMO_LAB_DRAFT,      /* some values saved, not submitted: in process */
  LD_DEMO_LAB_ENTERED,    /* every value submitted, none verified: resulted */
  LD_DEMO_LAB_VERIFIED,
  LD_DEMO_LAB_REPORTED,
} LdDemoLab;

typedef enum
{
  LD_DEMO_REFUND_NONE,
  LD_DEMO_REFUND_PART,    /* the last item (a single test) refunded; the bench cancels it */
  LD_DEMO_REFUND_FULL,    /* all given back before collection, then cancelled */
} LdDemoRefund;

/* A patient followed for two years: tests every month with a drift. */
typedef struct
{
  const char *code;
  double      start;
  double      middle;
  double      end;
} LdDemoDrift;

typedef struct
{
  LdDemoPerson person;
  const char  *items[3];
  LdDemoDrift  drifts[3];
  const char  *notes;
  /* One month's value of @drifts[0] is critical. */
  guint        critical_month;
  double       critical_value;
} LdDemoTrend;

typedef struct
{
  guint              patient;
  LdDemoActor        booker;
  const char        *items[5];
  const char        *priority;
  const char        *notes;
  gboolean           for_doctor;
  gint64             created_us;
  gint64             slot_us;        /* home collection's slot start, or 0 */
  LdDemoPay          pay;
  LdDemoLab          lab;
  LdDemoRefund       refund;
  gboolean           reject_once;
  gboolean           amend;
  gboolean           acknowledge;
  const LdDemoTrend *trend;
  guint              month;
  /* A value placed on purpose (a critical today), or NULL. */
  const char        *forced_code;
  const char        *forced_value;
  GRand             *rand;
  /* Offsets of the lab's steps from collection, scaled for today. */
  double             pace;

  /* What the server answered. */
  char              *id;
  gint64             version;
  gint64             balance_paise;
  gint64             paid_paise;
  gint64             last_item_paise;
  char              *paid_method;
  LdDemoActor        bench;
  JsonArray         *samples;
  JsonArray         *results;
} LdDemoVisit;

typedef enum
{
  LD_DEMO_STEP_REGISTER,
  LD_DEMO_STEP_CREATE,
  LD_DEMO_STEP_PAY,
  LD_DEMO_STEP_REFUND,
  LD_DEMO_STEP_COLLECT,
  LD_DEMO_STEP_RECEIVE,
  LD_DEMO_STEP_ENTER,
  LD_DEMO_STEP_VERIFY,
  LD_DEMO_STEP_RELEASE,
  LD_DEMO_STEP_ACKNOWLEDGE,
  LD_DEMO_STEP_AMEND,
} LdDemoStepKind;

typedef struct
{
  gint64         at;
  guint          seq;
  LdDemoStepKind kind;
  guint          index;
} LdDemoStep;

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
  GArray       *visits;    /* LdDemoVisit */
  GArray       *steps;     /* LdDemoStep */
  guint         n_released;
} LdDemo;

/* ld-seed-demo-crowd.c */
gboolean ld_demo_crowd_register (LdDemoClient *client,
                                 GRand        *rand,
                                 guint         first_index,
                                 guint         n_patients,
                                 gint64        today_year,
                                 GError      **error);

/* ld-seed-demo-steps.c */
gboolean      ld_demo_run_step         (LdDemo            *demo,
                                        const LdDemoStep  *step,
                                        GError           **error);

G_END_DECLS
