/* ld-json.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * LdJsonFlags:
 * @LD_JSON_OPTIONAL: the member may be absent
 * @LD_JSON_REQUIRED: the member must be present
 * @LD_JSON_NULLABLE: the member may be JSON null (reported as absent)
 * @LD_JSON_NON_EMPTY: a string must not be empty or blank
 */
typedef enum
{
  LD_JSON_OPTIONAL  = 0,
  LD_JSON_REQUIRED  = 1 << 0,
  LD_JSON_NULLABLE  = 1 << 1,
  LD_JSON_NON_EMPTY = 1 << 2,
} LdJsonFlags;

typedef struct _LdJsonReader LdJsonReader;

JsonNode     *ld_json_parse               (const char    *data,
                                           gssize         length,
                                           GError       **error);
JsonObject   *ld_json_parse_object        (const char    *data,
                                           gssize         length,
                                           GError       **error);
char         *ld_json_to_string           (JsonNode      *node);
char         *ld_json_builder_to_string   (JsonBuilder   *builder);
JsonObject   *ld_json_builder_dup_object  (JsonBuilder   *builder);
void          ld_json_builder_add_string  (JsonBuilder   *builder,
                                           const char    *name,
                                           const char    *value);
void          ld_json_builder_add_int     (JsonBuilder   *builder,
                                           const char    *name,
                                           gint64         value);
void          ld_json_builder_add_bool    (JsonBuilder   *builder,
                                           const char    *name,
                                           gboolean       value);

const char   *ld_json_object_get_string   (JsonObject    *object,
                                           const char    *name);

LdJsonReader *ld_json_reader_new (JsonObject *object);
void          ld_json_reader_free (LdJsonReader *reader);
LdJsonReader *ld_json_reader_get_object (LdJsonReader *reader, const char *name, LdJsonFlags flags);
void      ld_json_reader_end_object (LdJsonReader *reader, const char *name, LdJsonReader *child);
void      ld_json_reader_note_unknown (LdJsonReader       *reader,
                                       const char         *name,
                                       JsonObject         *object,
                                       const char      *const *known);
gboolean  ld_json_reader_has (LdJsonReader *reader, const char *name);
JsonNode *ld_json_reader_get_node (LdJsonReader *reader, const char *name, LdJsonFlags flags);
gboolean  ld_json_reader_get_string (LdJsonReader *reader,
                                     const char   *name,
                                     LdJsonFlags   flags,
                                     char        **out_value);
void      ld_json_reader_get_text (LdJsonReader *reader,
                                   const char   *name,
                                   LdJsonFlags   flags,
                                   gsize         max_chars,
                                   char        **out_value);
gboolean  ld_json_reader_get_int (LdJsonReader *reader,
                                  const char   *name,
                                  LdJsonFlags   flags,
                                  gint64       *out_value);
gboolean  ld_json_reader_get_number (LdJsonReader *reader,
                                     const char   *name,
                                     LdJsonFlags   flags,
                                     double       *out_value);
gboolean  ld_json_reader_get_bool (LdJsonReader *reader,
                                   const char   *name,
                                   LdJsonFlags   flags,
                                   gboolean     *out_value);
gboolean  ld_json_reader_get_strv (LdJsonReader *reader,
                                   const char   *name,
                                   LdJsonFlags   flags,
                                   GStrv        *out_value);
void      ld_json_reader_add_error (LdJsonReader *reader, const char *name, const char *message);
gboolean  ld_json_reader_finish (LdJsonReader *reader, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdJsonReader, ld_json_reader_free)

G_END_DECLS
