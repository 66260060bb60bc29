/* ld-test-mail.h: a real SMTP server for tests, and what it received
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Starts tests/ld-test-smtp.py on a loopback port, keeping each message it
 * accepts in @mail_dir; @out_port gets its port. Stop it with
 * ld_test_smtp_stop(). */
GSubprocess *ld_test_smtp_start          (const char  *mail_dir,
                                          char       **out_port);
void         ld_test_smtp_stop           (GSubprocess *smtp);
/* The kept messages' files, in the order they were taken. */
GPtrArray   *ld_test_mail_list           (const char  *mail_dir);
/* Waits for @count kept messages and fails if there are more. */
void         ld_test_mail_wait           (const char  *mail_dir,
                                          guint        count);
/* Every kept message read back by Python's email package
 * (tests/ld-test-mail-read.py); one object per message. */
JsonArray   *ld_test_mail_read           (const char  *mail_dir);
/* Runs tests/ld-test-mail-read.py on @files; a JSON array. */
JsonArray   *ld_test_mail_read_files     (GPtrArray   *files);

G_END_DECLS
