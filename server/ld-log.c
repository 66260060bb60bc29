/* ld-log.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-log"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ld-log.h"
#include "ld-time.h"

static gboolean log_verbose;
static gboolean log_quiet;

static const char *
level_name (GLogLevelFlags level)
{
  if (level & G_LOG_LEVEL_ERROR)
    return "error";
  if (level & G_LOG_LEVEL_CRITICAL)
    return "critical";
  if (level & G_LOG_LEVEL_WARNING)
    return "warning";
  if (level & G_LOG_LEVEL_MESSAGE)
    return "notice";
  if (level & G_LOG_LEVEL_INFO)
    return "info";
  return "debug";
}

/* libsoup 3.2 makes a request body's stream with the Content-Length as
 * sent, and GObject warns when it is negative. ld-server.c answers that
 * request 400 and closes its connection, so the warning says nothing an
 * operator must act on: it is written as a debug line. */
static gboolean
is_negative_length_warning (const char *domain,
                            const char *message)
{
  return g_strcmp0 (domain, "GLib-GObject") == 0 && g_str_has_prefix (message, "value \"-") &&
         strstr (message, "for property 'content-length'") != NULL;
}

/* One line per event, "time level domain message", so that journald,
 * grep and a log shipper all read it. Messages never carry patient data:
 * handlers log ids, routes and codes only. */
static GLogWriterOutput
write_line (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  g_autofree char *now = NULL;
  const char *domain = "labdesk";
  const char *message = "";

  if ((level & G_LOG_LEVEL_DEBUG) && !log_verbose)
    return G_LOG_WRITER_HANDLED;
  if ((level & G_LOG_LEVEL_INFO) && log_quiet && !log_verbose)
    return G_LOG_WRITER_HANDLED;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN") && fields[i].length < 0)
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
        message = fields[i].value;
    }

  if ((level & G_LOG_LEVEL_WARNING) && is_negative_length_warning (domain, message))
    {
      if (!log_verbose)
        return G_LOG_WRITER_HANDLED;
      level = G_LOG_LEVEL_DEBUG;
    }

  if (g_log_writer_is_journald (fileno (stderr)))
    return g_log_writer_journald (level, fields, n_fields, user_data);

  now = ld_time_format_rfc3339 (g_get_real_time ());
  fprintf (stderr, "%s %s %s %s\n", now, level_name (level), domain, message);
  fflush (stderr);

  return G_LOG_WRITER_HANDLED;
}

/**
 * ld_log_init:
 * @verbose: whether to write debug messages too
 *
 * Sends every log message to stderr as one structured line, or to the
 * journal when stderr is connected to it.
 */
void
ld_log_init (gboolean verbose)
{
  log_verbose = verbose || g_getenv ("G_MESSAGES_DEBUG") != NULL;
  g_log_set_writer_func (write_line, NULL, NULL);
}

/**
 * ld_log_set_quiet:
 * @quiet: whether to leave out info messages (such as one line per
 *   request) unless verbose
 *
 * For commands that run the server inside themselves, such as `demo`,
 * whose thousands of requests are not the reader's business.
 */
void
ld_log_set_quiet (gboolean quiet)
{
  log_quiet = quiet;
}
