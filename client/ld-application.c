/* ld-application.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-application.h"
#include "ld-context.h"
#include "ld-renderer.h"
#include "ui/ld-window.h"

struct _LdApplication
{
  AdwApplication  parent_instance;

  char           *server_uri;
  LdContext      *context;
};

G_DEFINE_FINAL_TYPE (LdApplication, ld_application, ADW_TYPE_APPLICATION)

/* LABDESK_BENCH_MARKS set: the first frame drawn says when, on the
 * monotonic clock, so bench/bench-client.c can time the start. */
static void
on_first_frame_cb (GdkFrameClock *clock,
                   GtkWidget     *window)
{
  g_printerr ("labdesk-bench-mark first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (clock, on_first_frame_cb, window);
}

static void
on_window_map_cb (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_first_frame_cb), window);
}

static int
ld_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  LdApplication *self = LD_APPLICATION (application);
  const char *server = NULL;

  if (g_variant_dict_lookup (options, "server", "&s", &server))
    self->server_uri = g_strdup (server);

  return G_APPLICATION_CLASS (ld_application_parent_class)
    ->handle_local_options (application, options);
}

static void
ld_application_startup (GApplication *application)
{
  G_APPLICATION_CLASS (ld_application_parent_class)->startup (application);

  /* Before the first window is realized: its renderer is chosen then. */
  ld_renderer_prefer_cairo_on_software_gl (gdk_display_get_default ());
}

static void
ld_application_activate (GApplication *application)
{
  LdApplication *self = LD_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      if (self->context == NULL)
        self->context = ld_context_new (self->server_uri);
      window = GTK_WINDOW (ld_window_new (self, self->context));
      if (g_getenv ("LABDESK_BENCH_MARKS") != NULL)
        g_signal_connect (window, "map", G_CALLBACK (on_window_map_cb), NULL);
    }

  gtk_window_present (window);
}

static void
ld_application_finalize (GObject *object)
{
  LdApplication *self = (LdApplication *) object;

  g_clear_pointer (&self->server_uri, g_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ld_application_parent_class)->finalize (object);
}

static void
ld_application_class_init (LdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = ld_application_finalize;
  app_class->startup = ld_application_startup;
  app_class->activate = ld_application_activate;
  app_class->handle_local_options = ld_application_handle_local_options;
}

static void
ld_application_init (LdApplication *self)
{
  static const GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, NULL,
      N_("The Labdesk server to use, such as http://127.0.0.1:8080"), N_("URL") },
      G_OPTION_ENTRY_NULL };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  ld_application_add_actions (self);
}

LdApplication *
ld_application_new (void)
{
  return g_object_new (LD_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/labdesk/Labdesk",
                       NULL);
}
