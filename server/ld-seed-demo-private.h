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
guint         ld_demo_client_get_last_status (LdDemoClient *self);
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
  char   *name;
  char   *sex;
  char   *date_of_birth;
  gint64  age_years;
  char   *phone;
  char   *email;
  char   *address;
  char   *national_id;
} LdDemoPerson;

void          ld_demo_person_make      (LdDemoPerson    *person,
                                        GRand           *rand,
                                        guint            index,
                                        gint64           today_year);
void          ld_demo_person_clear     (LdDemoPerson    *person);
JsonBuilder  *ld_demo_person_to_json   (const LdDemoPerson *person);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdDemoPerson, ld_demo_person_clear)

G_END_DECLS
