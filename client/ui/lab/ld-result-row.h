/* ld-result-row.h: one result's editor in a grid, flagged as it is typed
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ld-catalog.h"
#include "ld-patient.h"
#include "ld-result.h"
#include "store/ld-lab-calls.h"

G_BEGIN_DECLS

typedef struct _LdResultRow LdResultRow;

typedef void (*LdResultRowFunc) (LdResultRow *row,
                                 gpointer     user_data);

/* The columns of a row in its grid: the title, the value, the unit, the
 * reference interval, the flag, the previous result and the comment;
 * problems on the line below. */
enum
{
  LD_RESULT_ROW_TITLE,
  LD_RESULT_ROW_VALUE,
  LD_RESULT_ROW_UNIT,
  LD_RESULT_ROW_RANGE,
  LD_RESULT_ROW_FLAG,
  LD_RESULT_ROW_PREVIOUS,
  LD_RESULT_ROW_COMMENT,
};

struct _LdResultRow
{
  GtkGrid         *grid;
  char            *code;
  char            *key;
  char            *subject;
  LdCatalogTest   *test;
  LdPatient       *patient;
  GtkWidget       *value;
  GtkEntry        *comment;
  GtkLabel        *title;
  GtkLabel        *unit;
  GtkLabel        *range;
  GtkLabel        *flag;
  GtkLabel        *previous;
  GtkLabel        *error;
  /* The result's version as last seen, and the one a draft in flight
   * was typed over (-1 when none is). */
  gint64           version;
  gint64           sent_version;
  gint64           collected_us;
  gboolean         dirty;
  gboolean         filled;
  LdResultRowFunc  changed;
  LdResultRowFunc  next;
  gpointer         user_data;
};

LdResultRow *ld_result_row_new            (GtkGrid         *grid,
                                           int              line,
                                           const char      *code,
                                           const char      *key,
                                           const char      *title,
                                           const char      *subject,
                                           LdResultRowFunc  changed,
                                           LdResultRowFunc  next,
                                           gpointer         user_data);
void         ld_result_row_free           (LdResultRow     *row);
void         ld_result_row_remove         (LdResultRow     *row);
gboolean     ld_result_row_set_test       (LdResultRow     *row,
                                           const LdCatalogTest *test);
void         ld_result_row_set_patient    (LdResultRow     *row,
                                           LdPatient       *patient);
char        *ld_result_row_dup_text       (LdResultRow     *row);
void         ld_result_row_show_flag      (LdResultRow     *row);
void         ld_result_row_show_previous  (LdResultRow     *row,
                                           const LdResult  *result);
void         ld_result_row_show_error     (LdResultRow     *row,
                                           const char      *message);
void         ld_result_row_follow         (LdResultRow     *row,
                                           const LdResult  *result);
gboolean     ld_result_row_is_awaiting    (LdResultRow     *row);
LdResultEntry *ld_result_row_take_entry (LdResultRow     *row,
                                         gboolean         submit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdResultRow, ld_result_row_free)

G_END_DECLS
