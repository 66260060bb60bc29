/* ld-json-out.h: writes JSON into a JsonBuilder, or straight to text
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deep enough for any tree ld_json_parse() accepts (LD_JSON_MAX_DEPTH),
 * inside a record inside a page inside an answer. */
#define LD_JSON_OUT_MAX_DEPTH 40

/**
 * LdJsonOutDoubles:
 * @LD_JSON_OUT_DOUBLES_17_DIGITS: as json-glib writes them, 17 significant
 *   digits (4.1 is 4.0999999999999996): what the API has always answered
 * @LD_JSON_OUT_DOUBLES_SHORTEST: the fewest decimals that read back as the
 *   same double (4.1), as FHIR's decimals need
 */
typedef enum
{
  LD_JSON_OUT_DOUBLES_17_DIGITS,
  LD_JSON_OUT_DOUBLES_SHORTEST,
} LdJsonOutDoubles;

/**
 * LdJsonOut:
 *
 * Where a record writes itself. Stack-allocated; the fields are private.
 */
typedef struct
{
  /*< private >*/
  JsonBuilder *builder;
  GString     *text;
  guint        depth;
  LdJsonOutDoubles doubles;
  /* ld_json_out_name() wrote the next value's name already. */
  gboolean     named;
  /* Per open container: whether it holds a value yet (a comma is due). */
  gboolean     has_value[LD_JSON_OUT_MAX_DEPTH];
} LdJsonOut;

void         ld_json_out_init_builder (LdJsonOut    *out,
                                       JsonBuilder  *builder);
void         ld_json_out_init_text    (LdJsonOut    *out);
char        *ld_json_out_end_text     (LdJsonOut    *out);
JsonBuilder *ld_json_out_get_builder  (LdJsonOut    *out);

void         ld_json_out_name         (LdJsonOut    *out,
                                       const char   *name);
void         ld_json_out_begin_object (LdJsonOut    *out,
                                       const char   *name);
void         ld_json_out_end_object   (LdJsonOut    *out);
void         ld_json_out_begin_array  (LdJsonOut    *out,
                                       const char   *name);
void         ld_json_out_end_array    (LdJsonOut    *out);
void         ld_json_out_string       (LdJsonOut    *out,
                                       const char   *name,
                                       const char   *value);
void         ld_json_out_int          (LdJsonOut    *out,
                                       const char   *name,
                                       gint64        value);
void         ld_json_out_bool         (LdJsonOut    *out,
                                       const char   *name,
                                       gboolean      value);
void         ld_json_out_null         (LdJsonOut    *out,
                                       const char   *name);
void         ld_json_out_double       (LdJsonOut    *out,
                                       const char   *name,
                                       double        value);
void         ld_json_out_node         (LdJsonOut    *out,
                                       const char   *name,
                                       JsonNode     *node);
void         ld_json_out_set_doubles  (LdJsonOut    *out,
                                       LdJsonOutDoubles doubles);

G_END_DECLS
