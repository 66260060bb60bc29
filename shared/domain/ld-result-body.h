/* ld-result-body.h: the bodies of the lab's result commands, one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-alert.h"
#include "ld-json.h"

G_BEGIN_DECLS

/* How many results one request may change: more than any order holds. */
#define LD_RESULT_MAX_ITEMS         200
/* The longest comment on one result. */
#define LD_RESULT_MAX_COMMENT_CHARS 1000
/* The longest reason for cancelling, sending back or amending a result. */
#define LD_RESULT_MAX_REASON_CHARS  500

/* What a "results" element of an entry, verification or amendment names. */
typedef enum
{
  LD_RESULT_ITEM_NO_VALUE,      /* test_code, version and a verifier's critical_call */
  LD_RESULT_ITEM_VALUE_OR_NULL, /* and a value, null clearing a draft */
  LD_RESULT_ITEM_VALUE,         /* and a value */
} LdResultItemValue;

/**
 * LdResultEntry:
 * @test_code: the test
 * @version: the version of its result the client saw
 * @value: (nullable): the value; %NULL or empty clears a draft
 * @has_comment: whether the comment is named (%NULL or empty clearing it)
 * @comment: (nullable): the comment
 * @abnormal: for a text result, whether it is abnormal
 * @critical_call: (nullable): at verification, the telephone call that
 *   told of a critical value
 *
 * One element of a body's "results".
 */
typedef struct
{
  char           *test_code;
  gint64          version;
  char           *value;
  gboolean        has_comment;
  char           *comment;
  gboolean        abnormal;
  LdCriticalCall *critical_call;
} LdResultEntry;

/**
 * LdResultSave:
 * @submit: whether the values are submitted for verification
 * @entries: (element-type LdResultEntry): the results, in order
 *
 * A save of results (POST /api/v1/orders/{id}/results).
 */
typedef struct
{
  gboolean   submit;
  GPtrArray *entries;
} LdResultSave;

LdResultEntry *
ld_result_entry_new (const char *test_code, gint64 version, const char *value, const char *comment);
void ld_result_entry_free (LdResultEntry *entry);

void           ld_result_items_write      (JsonBuilder         *builder,
                                           GPtrArray           *entries,
                                           LdResultItemValue    value_mode);
GPtrArray     *ld_result_items_read       (LdJsonReader        *reader,
                                           LdResultItemValue    value_mode);

char          *ld_result_item_field       (guint                index,
                                           const char          *member);
gboolean       ld_result_item_field_index (const char          *field,
                                           guint               *index);

LdResultSave  *ld_result_save_new         (void);
void           ld_result_save_free        (LdResultSave        *save);
void           ld_result_save_body_write  (JsonBuilder         *builder,
                                           const LdResultSave  *save);
void           ld_result_save_body_read   (LdJsonReader        *reader,
                                           LdResultSave        *save);
const LdResultEntry *ld_result_save_find  (const LdResultSave  *save,
                                           const char          *test_code);

void       ld_result_change_body_write  (JsonBuilder   *builder,
                                         gint64         version,
                                         const char    *reason);
void       ld_result_change_body_read   (LdJsonReader  *reader,
                                         gint64        *out_version,
                                         char         **out_reason);
void       ld_result_verify_body_write  (JsonBuilder   *builder,
                                         GPtrArray     *entries,
                                         const char    *interpretation);
GPtrArray *ld_result_verify_body_read   (LdJsonReader  *reader,
                                         char         **out_interpretation);
void       ld_report_release_body_write (JsonBuilder   *builder,
                                         gint64         version,
                                         const char    *interpretation);
void       ld_report_release_body_read  (LdJsonReader  *reader,
                                         gint64        *out_version,
                                         char         **out_interpretation);
void       ld_result_amend_body_write   (JsonBuilder   *builder,
                                         const char    *reason,
                                         GPtrArray     *entries);
GPtrArray *ld_result_amend_body_read    (LdJsonReader  *reader,
                                         char         **out_reason);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdResultEntry, ld_result_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdResultSave, ld_result_save_free)

G_END_DECLS
