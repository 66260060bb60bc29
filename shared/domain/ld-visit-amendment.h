/* ld-visit-amendment.h: one amendment of a signed visit, as the API shows it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-appointment.h"

G_BEGIN_DECLS

/**
 * LdVisitAmendment:
 * @version: the visit's version it replaced
 * @reason: (nullable): why the visit was amended
 * @amended_by: (nullable): who amended it
 * @amended_by_name: (nullable): their display name, as read
 * @amended_us: when; 0 when not known
 * @was: (nullable): the visit as it was before, without its amendments
 *
 * A signed visit is amended, never overwritten: each amendment keeps
 * the record it replaced.
 */
typedef struct
{
  gint64   version;
  char    *reason;
  char    *amended_by;
  char    *amended_by_name;
  gint64   amended_us;
  LdVisit *was;
} LdVisitAmendment;

LdVisitAmendment *ld_visit_amendment_new         (void);
void              ld_visit_amendment_free        (LdVisitAmendment       *amendment);
void              ld_visit_amendment_to_json     (const LdVisitAmendment *amendment,
                                                  JsonBuilder            *builder);
LdVisitAmendment *ld_visit_amendment_read_object (JsonObject             *object);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdVisitAmendment, ld_visit_amendment_free)

G_END_DECLS
