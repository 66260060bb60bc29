/* ld-test-lab.h: orders taken through the laboratory, for tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-test-http.h"

G_BEGIN_DECLS

/* One server per test binary, with every demo role signed in once. */
typedef struct
{
  LdTestServer *server;
  char         *admin;
  char         *desk;
  char         *doctor;
  char         *technician;
  char         *sunita;
  char         *doctor_id;
  char         *technician_id;
  char         *sunita_id;
  /* The demo's authorised signatory, who releases and amends reports. */
  char         *signatory;
  char         *signatory_id;
} LdLab;

/* A fixture of one lab and one patient, registered from the JSON the
 * test passes as its data. */
typedef struct
{
  LdLab *lab;
  char  *patient_id;
} LdLabFixture;

const char     *ld_lab_token_of         (LdLab         *lab,
                                         const char    *user_id);
void            ld_lab_fixture_setup    (LdLabFixture  *fx,
                                         gconstpointer  patient_json);
void            ld_lab_fixture_teardown (LdLabFixture  *fx,
                                         gconstpointer  data);

LdLab          *ld_lab_new              (void);
LdLab          *ld_lab_new_on           (LdTestServer *server);
void            ld_lab_free             (LdLab        *lab);

char           *ld_lab_user_id          (LdLab        *lab,
                                         const char   *token);
char           *ld_lab_new_patient      (LdLab        *lab,
                                         const char   *json);
void            ld_test_park_web_registration (LdTestServer *server,
                                               const char   *patient_id,
                                               const char   *email);
LdTestResponse *ld_lab_post             (LdLab        *lab,
                                         const char   *token,
                                         const char   *path,
                                         const char   *json);
LdTestResponse *ld_lab_order_post       (LdLab        *lab,
                                         const char   *token,
                                         const char   *order_id,
                                         const char   *action,
                                         const char   *json);
char           *ld_lab_prescribe        (LdLab        *lab,
                                         const char   *patient_id,
                                         const char   *items_json);
void            ld_lab_pay              (LdLab        *lab,
                                         const char   *order_id);
LdTestResponse *ld_lab_collect          (LdLab        *lab,
                                         const char   *order_id);
void            ld_lab_receive_all      (LdLab        *lab,
                                         const char   *order_id);
char           *ld_lab_order_in_lab     (LdLab        *lab,
                                         const char   *patient_id,
                                         const char   *items_json);
gint64          ld_lab_order_version    (LdLab        *lab,
                                         const char   *order_id);
LdTestResponse *ld_lab_get_results      (LdLab        *lab,
                                         const char   *token,
                                         const char   *order_id);
char           *ld_lab_accession_for    (LdLab        *lab,
                                         const char   *order_id,
                                         const char   *test_code);
char           *ld_lab_mllp_send        (LdLab        *lab,
                                         gint64        port,
                                         const char   *text);
JsonObject     *ld_lab_find_result      (LdTestResponse *resp,
                                         const char     *list,
                                         const char     *test_code);
char           *ld_lab_results_body     (LdLab        *lab,
                                         const char   *order_id,
                                         gboolean      submit,
                                         ...) G_GNUC_NULL_TERMINATED;
char           *ld_lab_verify_body      (LdLab        *lab,
                                         const char   *order_id,
                                         ...) G_GNUC_NULL_TERMINATED;
void            ld_lab_add_critical_call (JsonBuilder *builder,
                                         JsonObject   *result);
char           *ld_lab_release_body     (LdLab        *lab,
                                         const char   *order_id);
/* ld_lab_results_body() / ld_lab_verify_body(), sent by @token. */
#define ld_lab_save(lab, token, order_id, ...)             \
  ld_lab_send_body ((lab), (token), (order_id), "results", \
                    ld_lab_results_body ((lab), (order_id), __VA_ARGS__))
#define ld_lab_verify(lab, token, order_id, ...)          \
  ld_lab_send_body ((lab), (token), (order_id), "verify", \
                    ld_lab_verify_body ((lab), (order_id), __VA_ARGS__))
LdTestResponse *ld_lab_send_body (LdLab      *lab,
                                  const char *token,
                                  const char *order_id,
                                  const char *action,
                                  char       *body);
LdTestResponse *ld_lab_refused (LdLab      *lab,
                                const char *token,
                                const char *order_id,
                                const char *action,
                                const char *body,
                                guint       status,
                                const char *code);
LdTestResponse *ld_lab_release (LdLab *lab, const char *token, const char *order_id);

G_END_DECLS
