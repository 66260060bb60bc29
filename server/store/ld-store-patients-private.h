/* ld-store-patients-private.h: what the patient files share
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-store-private.h"

G_BEGIN_DECLS

/* A patient as every query reads it; see ld_store_patients_collect(). */
#define LD_PATIENT_COLUMNS \
  "p.id, p.mrn, p.name, p.sex, p.date_of_birth, p.age_years, p.phone, p.email, p.address," \
  " p.national_id, p.version, p.created_at, p.updated_at, p.email_do_not_send," \
  " p.phone_do_not_send"

GPtrArray *ld_store_patients_collect    (LdDbStmt      *stmt,
                                         GError       **error);
gboolean   ld_store_patients_index_name (LdStore       *store,
                                         const char    *patient_id,
                                         const char    *old_name_fold,
                                         const char    *new_name_fold,
                                         GError       **error);
gboolean   ld_store_patients_fill_phone_national (LdStore  *store,
                                                  GError  **error);

G_END_DECLS
