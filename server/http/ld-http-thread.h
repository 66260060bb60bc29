/* ld-http-thread.h: libsoup on a thread of its own
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _LdHttpThread LdHttpThread;

/* Work handed to the other thread; its data is freed by the GDestroyNotify
 * given with it, whether the work ran or was dropped at the end. */
typedef void (*LdHttpThreadFunc) (gpointer data);

LdHttpThread *ld_http_thread_new         (void);
void          ld_http_thread_free        (LdHttpThread     *self);
GMainContext *ld_http_thread_get_context (LdHttpThread     *self);
void          ld_http_thread_start       (LdHttpThread     *self);
void          ld_http_thread_to_io       (LdHttpThread     *self,
                                          LdHttpThreadFunc  func,
                                          gpointer          data,
                                          GDestroyNotify    data_free);
void          ld_http_thread_to_main     (LdHttpThread     *self,
                                          LdHttpThreadFunc  func,
                                          gpointer          data,
                                          GDestroyNotify    data_free);
void          ld_http_thread_run_on_io   (LdHttpThread     *self,
                                          LdHttpThreadFunc  func,
                                          gpointer          data);
void          ld_http_thread_release     (LdHttpThread     *self,
                                          SoupServerMessage *msg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdHttpThread, ld_http_thread_free)

G_END_DECLS
