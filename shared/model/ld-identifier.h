/* ld-identifier.h: the human numbers a scanner or a person types
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * LdIdentifierKind:
 * @LD_IDENTIFIER_NONE: not one of Labdesk's numbers
 * @LD_IDENTIFIER_MRN: a patient's MRN, `P000123`
 * @LD_IDENTIFIER_ORDER: an order number, `O2611-000123`
 * @LD_IDENTIFIER_ACCESSION: a sample's accession, `S26112100017`
 */
typedef enum
{
  LD_IDENTIFIER_NONE,
  LD_IDENTIFIER_MRN,
  LD_IDENTIFIER_ORDER,
  LD_IDENTIFIER_ACCESSION,
} LdIdentifierKind;

LdIdentifierKind  ld_identifier_parse  (const char  *text,
                                        char       **out_number);
const char       *ld_identifier_entity (LdIdentifierKind kind);

G_END_DECLS
