/* ld-icd10-popover.h: the lab's ICD-10 codes offered as the doctor types one
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_ICD10_POPOVER (ld_icd10_popover_get_type ())

G_DECLARE_FINAL_TYPE (LdIcd10Popover, ld_icd10_popover, LD, ICD10_POPOVER, GtkPopover)

GtkWidget *ld_icd10_popover_new (LdSession *session,
                                 GtkEntry  *entry);

G_END_DECLS
