/* ld-db-pg-queue.h: statements that wait to travel with the next one
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

typedef struct _LdDbPgQueue LdDbPgQueue;

/* A statement to send: text without parameters, or a prepared one by
 * name with its values (as PQexecPrepared() takes them). */
typedef struct
{
  const char         *text;
  const char         *name;
  int                 n_params;
  const char * const *values;
  const int          *lengths;
  const int          *formats;
} LdDbPgStatement;

LdDbPgQueue   *ld_db_pg_queue_new              (void);
void           ld_db_pg_queue_free             (LdDbPgQueue        *queue);

guint          ld_db_pg_queue_length           (LdDbPgQueue        *queue);
void           ld_db_pg_queue_truncate         (LdDbPgQueue        *queue,
                                                guint               length);
void           ld_db_pg_queue_add_text         (LdDbPgQueue        *queue,
                                                char               *text);
void           ld_db_pg_queue_add_prepared     (LdDbPgQueue        *queue,
                                                const char         *name,
                                                int                 n_params,
                                                char              **values,
                                                int                *lengths,
                                                int                *formats);
char          *ld_db_pg_queue_take_text        (LdDbPgQueue        *queue,
                                                const char         *last);
gboolean       ld_db_pg_queue_send             (LdDbPgQueue        *queue,
                                                PGconn             *conn,
                                                const LdDbPgStatement *lasts,
                                                guint               n_lasts,
                                                PGresult          **out_answers,
                                                PGresult          **out_failure,
                                                gboolean           *out_broken);

G_END_DECLS
