/* ld-visit-text.h: a visit in words: its amendments, a past visit read-only
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ld-appointment.h"

G_BEGIN_DECLS

/* The visit's texts, in the form's order: complaint, findings, diagnosis,
 * ICD-10 code, advice, follow-up date (LdVisitField). */
#define LD_VISIT_TEXT_N LD_VISIT_FIELD_N

const char *ld_visit_text_vital_title         (LdVital        vital);
const char *ld_visit_text_member              (guint          index);
char       *ld_visit_text_format_vital        (double         value,
                                               LdVital        vital);
char       *ld_visit_text_describe_amendments (const LdVisit *visit);
char       *ld_visit_text_describe            (const LdVisit *visit,
                                               const char    *day,
                                               const char    *doctor_name);

G_END_DECLS
