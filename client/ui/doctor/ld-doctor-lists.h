/* ld-doctor-lists.h: the doctor's sections: patients, orders and alerts
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "store/ld-cache-record.h"
#include "ld-alert.h"

G_BEGIN_DECLS

typedef enum
{
  LD_DOCTOR_LIST_PATIENTS,
  LD_DOCTOR_LIST_ORDERS,
  LD_DOCTOR_LIST_ALERTS,
} LdDoctorListKind;

GtkWidget *ld_doctor_list_new        (LdDoctorListKind  kind,
                                      const char       *name,
                                      const char       *accessible_label,
                                      const char       *placeholder);
void       ld_doctor_list_set_model  (GtkWidget        *list,
                                      GListModel       *model);
char      *ld_doctor_alert_describe  (const LdAlert    *alert);
GtkWidget *ld_doctor_row_new         (const char       *first_name,
                                      ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
