/* main.c: labdesk-server serve | init | demo | backup | check | render | migrate | mail-test
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "labdesk-server"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <sys/resource.h>

#include "ld-config.h"
#include "ld-log.h"
#include "ld-migrate.h"
#include "ld-report-fonts.h"
#include "ld-seed.h"
#include "ld-server.h"
#include "ld-service.h"
#include "documents/ld-documents.h"
#include "notify/ld-mail-test.h"
#include "notify/ld-notify-sender.h"
#include "domain/ld-password.h"
#include "store/ld-store-orders.h"
#include "web/ld-web.h"

/* How long a shutdown waits for requests under way before closing. */
#define SHUTDOWN_GRACE_US (10 * G_USEC_PER_SEC)

typedef struct
{
  char     *db_path;
  char     *config_path;
  char     *listen;
  gboolean  verbose;
  LdConfig *config;
  /* The database as printed and logged: never a URI's password. */
  char     *shown_db;
} Options;

static void
options_clear (Options *options)
{
  g_clear_pointer (&options->db_path, g_free);
  g_clear_pointer (&options->config_path, g_free);
  g_clear_pointer (&options->listen, g_free);
  g_clear_pointer (&options->shown_db, g_free);
  g_clear_pointer (&options->config, ld_config_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static int
fail (const char   *what,
      const GError *error)
{
  g_printerr ("labdesk-server: %s: %s\n", what, error->message);
  return 1;
}

/* Parses the options every sub-command shares, then builds the
 * configuration: defaults, then the file, then the command line. */
static gboolean
parse_options (const char          *command,
               const char          *parameter,
               int                 *argc,
               char              ***argv,
               Options             *options,
               const GOptionEntry  *extra_entries,
               GError             **error)
{
  const GOptionEntry common[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &options->db_path,
      "The database: a SQLite file, or a PostgreSQL connection URI, postgresql://… "
      "(overrides the configuration)", "FILE|URI" },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &options->config_path,
      "A configuration file (GKeyFile, group [server])", "FILE" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &options->verbose, "Log debug messages", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autofree char *summary = g_strdup_printf ("labdesk-server %s", command);

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, common, NULL);
  if (extra_entries != NULL)
    g_option_context_add_main_entries (context, extra_entries, NULL);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;

  ld_log_init (options->verbose);

  options->config = ld_config_new ();
  if (options->config_path != NULL &&
      !ld_config_load_file (options->config, options->config_path, error))
    return FALSE;
  if (options->db_path != NULL)
    {
      g_free (options->config->db_path);
      options->config->db_path = g_strdup (options->db_path);
    }
  if (options->listen != NULL && !ld_config_set_listen (options->config, options->listen, error))
    return FALSE;
  options->shown_db = ld_store_location_dup_shown (options->config->db_path);

  return TRUE;
}

typedef struct
{
  LdServer  *server;
  GMainLoop *loop;
  gint64     shutdown_started;
} ServeState;

static gboolean
on_drain_tick_cb (gpointer user_data)
{
  ServeState *state = user_data;

  if (ld_server_get_in_flight (state->server) > 0 &&
      g_get_monotonic_time () - state->shutdown_started < SHUTDOWN_GRACE_US)
    return G_SOURCE_CONTINUE;

  if (ld_server_get_in_flight (state->server) > 0)
    g_warning ("shutdown: closing with %u requests unfinished",
               ld_server_get_in_flight (state->server));

  ld_server_disconnect (state->server);
  g_main_loop_quit (state->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_shutdown_signal_cb (gpointer user_data)
{
  ServeState *state = user_data;

  if (state->shutdown_started != 0)
    return G_SOURCE_CONTINUE;

  g_message ("shutdown requested; requests under way: %u",
             ld_server_get_in_flight (state->server));
  state->shutdown_started = g_get_monotonic_time ();
  ld_server_stop_accepting (state->server);
  g_timeout_add (20, on_drain_tick_cb, state);
  return G_SOURCE_CONTINUE;
}

/* Each connection is a file descriptor, and Debian's soft limit of 1024
 * would run out with a thousand clients; the hard limit is the
 * administrator's to set. */
static void
raise_open_file_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max)
    return;

  limit.rlim_cur = limit.rlim_max;
  if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
    g_message ("could not raise the open-file limit: %s", g_strerror (errno));
}

static int
run_serve (int    argc,
           char **argv)
{
  g_auto(Options) options = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LdServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(LdNotifySender) sender = NULL;
  g_autofree char *uri = NULL;
  ServeState state = { 0 };
  g_autofree char *backup_dir = NULL;
  gboolean demo_codes = FALSE;
  guint sigint_id, sigterm_id;

  const GOptionEntry serve_entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &options.listen,
      "Address and port to listen on (default 127.0.0.1:8080)", "HOST:PORT" },
    { "backup-dir", 0, 0, G_OPTION_ARG_FILENAME, &backup_dir,
      "Where backups started over HTTP are written (overrides the configuration)", "DIR" },
    { "demo-codes", 0, 0, G_OPTION_ARG_NONE, &demo_codes,
      "DEMO ONLY: also log the patient pages' sign-in codes (there is no mail server)", NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_options ("serve", NULL, &argc, &argv, &options, serve_entries, &error))
    return fail ("serve", error);
  if (backup_dir != NULL)
    {
      g_free (options.config->backup_dir);
      options.config->backup_dir = g_steal_pointer (&backup_dir);
    }

  ld_web_set_code_in_log (demo_codes);
  raise_open_file_limit ();
  /* Before the readers' threads set their first report. */
  ld_report_fonts_register ();

  server = ld_server_new (options.config, &error);
  if (server == NULL)
    return fail (options.shown_db, error);
  if (!ld_server_listen (server, &error))
    return fail ("listen", error);

  /* Before the first request rather than inside the first release. */
  ld_documents_warm_up ();

  /* Without [mail] (or [sms]) the outbox's messages wait until it is configured. */
  if ((options.config->mail != NULL || options.config->sms != NULL) &&
      (sender = ld_notify_sender_start (options.config, &error)) == NULL)
    return fail ("mail", error);

  uri = ld_server_dup_uri (server);
  g_message ("listening uri=%s db=%s tls=%s", uri, options.shown_db,
             options.config->tls_certificate ? "on" : "off");
  /* A line on stdout for scripts and tests that start us on port 0. */
  printf ("listening on %s\n", uri);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  state.server = server;
  state.loop = loop;
  sigint_id = g_unix_signal_add (SIGINT, on_shutdown_signal_cb, &state);
  sigterm_id = g_unix_signal_add (SIGTERM, on_shutdown_signal_cb, &state);

  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_pointer (&sender, ld_notify_sender_stop);

  /* Closing connections finishes in callbacks; let them run so nothing
   * is left half-closed when the process ends. */
  g_clear_object (&server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_message ("stopped");
  return 0;
}

/* Opens (creating and migrating) with the audit key and head the
 * configuration names. */
static LdStore *
open_sealed (Options  *options,
             GError  **error)
{
  return ld_store_open_sealed (options->config->db_path, options->config->audit_key_path,
                               options->config->audit_head_path, error);
}

/* For a database that is only read or copied: without a key, the keyed
 * part of the chain cannot be checked, which check then says. */
static gboolean
load_seal_if_any (LdStore        *store,
                  const LdConfig *config,
                  GError        **error)
{
  g_autoptr(GError) local = NULL;

  if (ld_store_load_audit_seal (store, config->audit_key_path, config->audit_head_path, FALSE,
                                &local))
    return TRUE;
  if (g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

static int
run_init (int    argc,
          char **argv)
{
  g_auto(Options) options = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = NULL;
  g_autofree char *password = NULL;

  if (!parse_options ("init", NULL, &argc, &argv, &options, NULL, &error))
    return fail ("init", error);

  store = open_sealed (&options, &error);
  if (store == NULL)
    return fail (options.shown_db, error);
  if (!ld_seed_first_admin (store, "admin", "Administrator", &password, &error))
    return fail ("init", error);

  printf ("Created %s with the first administrator.\n\n"
          "  user name: admin\n"
          "  password:  %s\n\n"
          "This password is shown once. Sign in and change it, then create the lab's users.\n",
          options.shown_db, password);
  return 0;
}

static int
run_demo (int    argc,
          char **argv)
{
  g_auto(Options) options = { NULL };
  g_autoptr(GError) error = NULL;
  gboolean bare = FALSE;
  int n_patients = 600;
  const GOptionEntry demo_entries[] = {
    { "patients", 0, 0, G_OPTION_ARG_INT, &n_patients,
      "Patients in all (default and least 600: the story's); those past 600 are registered "
      "today with an order paid in cash, for trying a larger lab (100,000 takes minutes)", "N" },
    { "bare", 0, 0, G_OPTION_ARG_NONE, &bare,
      "Only the demo users, lab details and catalogue: no patients or orders (quick, for "
      "tests; its lab charges a flat tax of 20.00 an order, so that totals show tax)",
      NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_options ("demo", NULL, &argc, &argv, &options, demo_entries, &error))
    return fail ("demo", error);
  /* Refused before anything is written: fewer would not be what was asked. */
  if (n_patients < 600)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--patients must be at least 600, the story's patients (got %d)", n_patients);
      return fail ("demo", error);
    }
  /* The demo's server answers some 5,500 requests; a line for each is noise. */
  ld_log_set_quiet (TRUE);

  if (bare)
    {
      g_autoptr(LdStore) store = open_sealed (&options, &error);

      if (store == NULL || !ld_seed_demo (store, LD_SEED_TEST_TAX, &error))
        return fail ("demo", error);
    }
  else if (!ld_seed_demo_story (options.config, (guint) n_patients, &error))
    return fail ("demo", error);

  printf ("Created the demo database %s.\n"
          "Demo users (DEMO ONLY, never for real patients): admin/admin-demo, "
          "reception/reception-demo, doctor/doctor-demo, technician/technician-demo, "
          "sunita/sunita-demo\n", options.shown_db);
  return 0;
}

static int
run_backup (int    argc,
            char **argv)
{
  g_auto(Options) options = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = NULL;
  g_autofree char *problem = NULL;

  if (!parse_options ("backup", "FILE", &argc, &argv, &options, NULL, &error))
    return fail ("backup", error);
  if (argc != 2)
    {
      g_printerr ("Usage: labdesk-server backup [--db FILE] [--config FILE] BACKUP-FILE\n");
      return 2;
    }
  if (g_file_test (argv[1], G_FILE_TEST_EXISTS))
    {
      g_printerr ("labdesk-server: backup: %s already exists; choose a new file name.\n", argv[1]);
      return 1;
    }

  store = ld_store_open_existing (options.config->db_path, FALSE, &error);
  if (store == NULL || !load_seal_if_any (store, options.config, &error))
    return fail (options.shown_db, error);
  if (!ld_store_backup_and_check (store, argv[1], &problem, &error))
    return fail ("backup", error);
  if (problem != NULL && ld_store_location_is_postgresql (options.config->db_path))
    {
      g_printerr ("labdesk-server: %s\nThe dump %s is kept: restore it into an empty database "
                  "and run “labdesk-server check” on that for the details.\n",
                  problem, argv[1]);
      return 1;
    }
  if (problem != NULL)
    {
      g_printerr ("labdesk-server: %s\nRun “labdesk-server check --db %s” for the details.\n",
                  problem, argv[1]);
      return 1;
    }

  printf ("Backup written to %s and checked.\n"
          "Keep the files %s.audit-key and %s.audit-head with it: a restored copy is checked "
          "with them.\n", argv[1], argv[1], argv[1]);
  if (ld_store_location_is_postgresql (options.config->db_path))
    printf ("It is a pg_dump archive: restore it into an empty database with pg_restore "
            "(see the README, “On PostgreSQL”).\n");
  return 0;
}

/* One line naming what the walk found, and where. */
static void
print_audit_report (LdStore             *store,
                    const LdAuditReport *report)
{
  LdAuditFilter filter = { .before_seq = report->at_seq + 1, .limit = 1 };
  g_autoptr(GPtrArray) events = NULL;
  LdAuditEvent *event = NULL;
  g_autofree char *where = NULL;

  if (report->at_seq > 0 && report->at_seq <= report->last_seq)
    events = ld_store_audit_list (store, &filter, NULL);
  if (events != NULL && events->len > 0)
    event = g_ptr_array_index (events, 0);
  where = g_strdup_printf ("at event %" G_GINT64_FORMAT " (%s %s %s)", report->at_seq,
                           event ? event->at : "?", event ? event->action : "?",
                           event && event->entity_id ? event->entity_id : "");

  switch (report->verdict)
    {
    case LD_AUDIT_VERDICT_OK:
      printf ("audit chain: ok (%" G_GINT64_FORMAT " events)\n", report->n_events);
      if (report->head_seq > 0 && report->head_seq < report->last_seq)
        printf ("audit head: sealed at event %" G_GINT64_FORMAT "; the %" G_GINT64_FORMAT
                " newer events are past it (a commit under way, or the last before a crash)\n",
                report->head_seq, report->last_seq - report->head_seq);
      else if (report->head_seq > 0)
        printf ("audit head: sealed at event %" G_GINT64_FORMAT "\n", report->head_seq);
      else if (report->keyed_from == 0 && report->n_events > 0)
        printf ("audit head: none yet; the chain is not keyed yet (it will be from the next "
                "event)\n");
      break;
    case LD_AUDIT_VERDICT_BROKEN_LINK:
      printf ("audit chain: BROKEN %s: broken link: an event before it was removed or one was "
              "inserted\n", where);
      break;
    case LD_AUDIT_VERDICT_HASH_MISMATCH:
      printf ("audit chain: BROKEN %s: hash mismatch: the event was altered\n", where);
      break;
    case LD_AUDIT_VERDICT_MAC_MISMATCH:
      printf ("audit chain: BROKEN %s: MAC mismatch: the event was altered or rewritten "
              "without the key\n", where);
      break;
    case LD_AUDIT_VERDICT_TRUNCATED:
      printf ("audit chain: BROKEN: truncated head: events %" G_GINT64_FORMAT " to %"
              G_GINT64_FORMAT " are missing (the sealed head names event %" G_GINT64_FORMAT
              "; the database ends at %" G_GINT64_FORMAT ")\n",
              report->last_seq + 1, report->head_seq, report->head_seq, report->last_seq);
      break;
    case LD_AUDIT_VERDICT_NO_HEAD:
      printf ("audit chain: BROKEN: no head file: the chain has keyed events but its head file "
              "is missing; the newest events may have been removed\n");
      break;
    case LD_AUDIT_VERDICT_BAD_HEAD:
      printf ("audit chain: BROKEN: bad head file: it was not sealed with this audit key\n");
      break;
    case LD_AUDIT_VERDICT_NO_KEY:
      printf ("audit chain: CANNOT CHECK the keyed events from event %" G_GINT64_FORMAT
              ": the audit key is missing (give its file as audit-key in --config)\n",
              report->at_seq);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The counters kept with the orders (ld-store-counters.c): written again
 * first when @recount, then held to a recount. Only on the schema this
 * server knows: an older database has not got them all yet. */
static gboolean
check_counters (LdStore   *store,
                gint64     schema,
                gboolean   recount,
                gboolean  *out_ok,
                GError   **error)
{
  g_autofree char *problems = NULL;

  *out_ok = TRUE;
  if (schema != ld_store_get_latest_schema_for (store))
    {
      if (recount)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "The database's schema is not this server's; start the server once "
                               "(it migrates the database), then recount.");
          return FALSE;
        }
      printf ("counters: not checked (the server brings them with its schema when it starts)\n");
      return TRUE;
    }
  if (recount)
    {
      if (!ld_store_counters_recount (store, error))
        return FALSE;
      g_message ("check: the counters kept with the orders and the outbox were written again "
                 "from them");
    }
  if (!ld_store_counters_check (store, &problems, error))
    return FALSE;
  if (problems == NULL)
    {
      printf (recount ? "counters: written again from their rows, ok\n" : "counters: ok\n");
      return TRUE;
    }
  printf ("counters: OUT OF STEP with their rows\n%s"
          "Run “labdesk-server check --recount” with the same options to write them again "
          "from their rows.\n",
          problems);
  *out_ok = FALSE;
  return TRUE;
}

static int
run_check (int    argc,
           char **argv)
{
  g_auto(Options) options = { NULL };
  gboolean recount = FALSE;
  const GOptionEntry entries[] = {
    { "recount", 0, 0, G_OPTION_ARG_NONE, &recount,
      "Write the counters kept with the orders (technicians' loads, the worklist's completed "
      "orders by day) again from the orders, then check",
      NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = NULL;
  g_autofree char *problems = NULL;
  LdAuditReport report;
  gint64 schema;
  gboolean counters_ok;
  int status = 0;

  if (!parse_options ("check", NULL, &argc, &argv, &options, entries, &error))
    return fail ("check", error);

  /* Read-only unless asked to recount: a check changes nothing. */
  store = ld_store_open_existing (options.config->db_path, !recount, &error);
  if (store == NULL)
    return fail (options.shown_db, error);

  if (!ld_store_get_schema (store, &schema, &error) ||
      !ld_store_check_integrity (store, &problems, &error))
    return fail ("check", error);
  printf ("schema: %" G_GINT64_FORMAT " (this server knows %" G_GINT64_FORMAT ")\n",
          schema, ld_store_get_latest_schema_for (store));
  if (problems != NULL)
    {
      printf ("database: DAMAGED\n%s", problems);
      status = 1;
    }
  else
    printf ("database: ok\n");

  /* Counters are not written from a damaged database's orders. */
  if (recount && problems != NULL)
    {
      printf ("counters: not written again, as the database is damaged\n");
      recount = FALSE;
    }
  if (!check_counters (store, schema, recount, &counters_ok, &error))
    return fail ("check", error);
  if (!counters_ok)
    status = 1;

  if (!load_seal_if_any (store, options.config, &error) ||
      !ld_store_audit_verify (store, &report, &error))
    return fail ("check", error);
  print_audit_report (store, &report);
  if (report.verdict != LD_AUDIT_VERDICT_OK)
    status = 1;

  return status;
}

typedef struct
{
  char     *order_number;
  char     *what;
  char     *out_path;
  char     *layout;
  gint64    version;
} RenderOptions;

static void
render_options_clear (RenderOptions *options)
{
  g_clear_pointer (&options->order_number, g_free);
  g_clear_pointer (&options->what, g_free);
  g_clear_pointer (&options->out_path, g_free);
  g_clear_pointer (&options->layout, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RenderOptions, render_options_clear)

/* The document @options asks for, as render_document() reads it. */
typedef struct
{
  const RenderOptions *options;
  LdLabelLayout        layout;
  GBytes              *pdf;
} Render;

/* A read of a patient's data from the command line is audited like one
 * over HTTP (through the service runner), as the operator of the
 * server's account. */
static gboolean
render_audited (LdServiceContext  *ctx,
                gpointer           data,
                GError           **error)
{
  Render *render = data;
  const RenderOptions *options = render->options;
  LdStore *store = ctx->store;
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(LdSettings) settings = NULL;
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(LdReportVersion) report = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *detail = NULL;

  if ((stored = ld_store_settings_load (store, NULL, error)) == NULL)
    return FALSE;
  settings = ld_settings_new_from_table (stored);

  order = ld_store_orders_find_number (store, options->order_number, &local);
  if (order == NULL && g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND, "There is no order %s.",
                   options->order_number);
      return FALSE;
    }
  if (order == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  if (g_str_equal (options->what, "report"))
    {
      pdf = ld_documents_stored_report (store, order, options->version, &report, error);
      if (pdf == NULL)
        return FALSE;
      detail = g_strdup_printf ("%s version %" G_GINT64_FORMAT, order->number, report->version);
      if (!ld_service_audit (ctx, "report.read", "report", report->id, detail, error))
        return FALSE;
    }
  else if (g_str_equal (options->what, "receipt"))
    {
      pdf = ld_documents_receipt_pdf (store, settings, order, error);
      if (pdf == NULL ||
          !ld_service_audit (ctx, "receipt.read", "order", order->id, order->number, error))
        return FALSE;
    }
  else
    {
      pdf =
        ld_documents_labels_pdf (store, order, render->layout, 0,
                                 render->layout == LD_LABEL_LAYOUT_ROLL ? LD_LABEL_DEFAULT_DPI : 0,
                                 error);
      if (pdf == NULL ||
          !ld_service_audit (ctx, "labels.read", "order", order->id, order->number, error))
        return FALSE;
    }

  g_clear_pointer (&render->pdf, g_bytes_unref);
  render->pdf = g_steal_pointer (&pdf);
  return TRUE;
}

/* The document @options asks for, read and audited in one transaction. */
static GBytes *
render_document (LdStore              *store,
                 const RenderOptions  *options,
                 LdLabelLayout         layout,
                 GError              **error)
{
  g_autoptr(LdServiceContext) ctx =
               ld_service_context_new (store, NULL, "labdesk-server render", NULL, "command line");
  Render render = { options, layout, NULL };

  if (!ld_service_run (ctx, render_audited, &render, error))
    {
      g_clear_pointer (&render.pdf, g_bytes_unref);
      return NULL;
    }

  return render.pdf;
}

static int
run_render (int    argc,
            char **argv)
{
  g_auto(Options) options = { NULL };
  g_auto(RenderOptions) render = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = NULL;
  g_autoptr(GBytes) pdf = NULL;
  static const char * const documents[] = { "report", "receipt", "labels", NULL };
  LdLabelLayout             layout = LD_LABEL_LAYOUT_ROLL;
  gint64                    schema = 0;
  const GOptionEntry        render_entries[] = {
           { "order", 0, 0, G_OPTION_ARG_STRING, &render.order_number, "The order's number", "NUMBER" },
           { "what", 0, 0, G_OPTION_ARG_STRING, &render.what, "report, receipt or labels", "WHAT" },
           { "out", 0, 0, G_OPTION_ARG_FILENAME, &render.out_path, "The PDF file to write", "FILE.pdf" },
           { "version", 0, 0, G_OPTION_ARG_INT64, &render.version,
             "A report's version (default: the latest)", "N" },
           { "layout", 0, 0, G_OPTION_ARG_STRING, &render.layout,
             "Labels: roll (one per page, the default) or sheet (A4)", "LAYOUT" },
           G_OPTION_ENTRY_NULL
  };

  if (!parse_options ("render", NULL, &argc, &argv, &options, render_entries, &error))
    return fail ("render", error);
  if (argc != 1 || render.order_number == NULL || render.what == NULL || render.out_path == NULL ||
      !g_strv_contains (documents, render.what))
    {
      g_printerr ("Usage: labdesk-server render [--db FILE] [--config FILE] --order NUMBER "
                  "--what report|receipt|labels --out FILE.pdf [--version N] "
                  "[--layout roll|sheet]\n");
      return 2;
    }
  if (render.version < 0 || (render.version > 0 && !g_str_equal (render.what, "report")))
    {
      g_printerr ("labdesk-server: render: --version takes a report's version, 1 or more.\n");
      return 2;
    }
  if (render.layout != NULL &&
      (!g_str_equal (render.what, "labels") ||
       (!g_str_equal (render.layout, "roll") && !g_str_equal (render.layout, "sheet"))))
    {
      g_printerr ("labdesk-server: render: --layout is roll or sheet, for labels.\n");
      return 2;
    }
  if (g_strcmp0 (render.layout, "sheet") == 0)
    layout = LD_LABEL_LAYOUT_A4_SHEET;

  store = ld_store_open_existing (options.config->db_path, FALSE, &error);
  if (store == NULL || !ld_store_get_schema (store, &schema, &error))
    return fail (options.shown_db, error);
  /* It audits what it reads, so it needs the key (made by serve or init). */
  if (schema >= ld_store_get_latest_schema_for (store) &&
      !ld_store_load_audit_seal (store, options.config->audit_key_path,
                                 options.config->audit_head_path, FALSE, &error))
    return fail ("render", error);
  if (schema < ld_store_get_latest_schema_for (store))
    {
      g_printerr ("labdesk-server: render: the database is at schema %" G_GINT64_FORMAT
                  " and this server needs %" G_GINT64_FORMAT "; start the server once to "
                  "bring it up to date.\n", schema, ld_store_get_latest_schema_for (store));
      return 1;
    }

  pdf = render_document (store, &render, layout, &error);
  if (pdf == NULL)
    return fail ("render", error);
  if (!g_file_set_contents (render.out_path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf),
                            &error))
    return fail ("render", error);

  printf ("Wrote %s (%zu bytes).\n", render.out_path, g_bytes_get_size (pdf));
  return 0;
}

static int
run_migrate (int    argc,
             char **argv)
{
  g_auto(Options) options = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *from_path = NULL;
  const GOptionEntry migrate_entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from_path,
      "The lab's SQLite database to copy (its audit key and head beside it); stop its server "
      "first", "FILE" },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_options ("migrate", NULL, &argc, &argv, &options, migrate_entries, &error))
    return fail ("migrate", error);
  if (argc != 1 || from_path == NULL)
    {
      g_printerr ("Usage: labdesk-server migrate --from FILE --db postgresql://… "
                  "--config FILE\n");
      return 2;
    }

  if (!ld_migrate_to_postgresql (from_path, options.config, &error))
    return fail ("migrate", error);
  return 0;
}

static void
print_usage (void)
{
  g_printerr ("Usage: labdesk-server COMMAND [OPTIONS]\n\n"
              "Commands:\n"
              "  serve    Serve the API (default 127.0.0.1:8080)\n"
              "  init     Create a database and its first administrator\n"
              "  demo     Create a database with demo users and data\n"
              "  backup   Copy the database to FILE while the server runs (PostgreSQL: pg_dump)\n"
              "  check    Check the database, its counters and the audit chain\n"
              "  render   Write an order's report, receipt or labels as a PDF\n"
              "  migrate  Copy a SQLite database (--from FILE) into an empty PostgreSQL one, "
              "and check the copy\n"
              "  mail-test  Send one e-mail (--to ADDRESS) through [mail] and print the reply\n\n"
              "Every command takes --db FILE and --config FILE; see COMMAND --help.\n");
}

static int
run_mail_test (int    argc,
               char **argv)
{
  g_auto(Options) options = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char   *to = NULL;
  g_autofree char   *reply = NULL;
  const GOptionEntry entries[] = { { "to", 0, 0, G_OPTION_ARG_STRING, &to,
                                     "The address to send the test message to", "ADDRESS" },
                                   G_OPTION_ENTRY_NULL };

  if (!parse_options ("mail-test", NULL, &argc, &argv, &options, entries, &error))
    return fail ("mail-test", error);
  if (to == NULL)
    {
      g_printerr ("Usage: labdesk-server mail-test --config FILE --to ADDRESS\n");
      return 2;
    }
  if (!ld_mail_test_send (options.config->mail, to, &reply, &error))
    {
      if (reply != NULL)
        printf ("%s\n", reply);
      return fail ("mail-test", error);
    }
  printf ("%s\n", reply != NULL ? reply : "accepted");
  return 0;
}

int
main (int    argc,
      char **argv)
{
  static const struct
  {
    const char *name;
    int (*run) (int argc, char **argv);
  } commands[] = {
    { "serve", run_serve },     { "init", run_init },           { "demo", run_demo },
    { "backup", run_backup },   { "check", run_check },         { "render", run_render },
    { "migrate", run_migrate }, { "mail-test", run_mail_test },
  };
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");

  if (!ld_password_init (&error))
    return fail ("start", error);

  if (argc < 2)
    {
      print_usage ();
      return 2;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_usage ();
      return 0;
    }

  g_printerr ("labdesk-server: unknown command “%s”\n", argv[1]);
  print_usage ();
  return 2;
}
