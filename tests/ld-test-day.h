/* ld-test-day.h: one lab's day through every request, for the query-plan
 * tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-test-lab.h"

G_BEGIN_DECLS

/* The lab a day ran in, and what it made that the plans' checks name. */
typedef struct
{
  LdLab *lab;
  char  *patient_id;
  char  *released_id;
  char  *released_number;
  char  *admin_id;
  /* A walk-in, seen and written up. */
  char  *appointment_id;
  /* The released order's newest report, and the code printed on it. */
  char  *report_id;
  char  *verification_code;
} LdTestDay;

/* Starts a lab and drives one server through every request a lab day
 * makes, then the minute's sweeps. */
void         ld_test_day_run                  (LdTestDay          *day);
void         ld_test_day_clear                (LdTestDay          *day);

G_END_DECLS
