/* ld-admin-call.c: what the administration pages share about a call to the server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Administration works online: each change goes to the server at once,
 * through client/store's typed calls (ld-admin-calls.h), and the page
 * shows what the server answered. A page may be closed while its call is
 * under way, so the reply holds a weak reference and is dropped when the
 * page has gone.
 */

#define G_LOG_DOMAIN "ld-admin-call"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "ld-admin-call.h"
#include "ld-time.h"

typedef struct
{
  GWeakRef    widget;
  LdAdminDone done;
} Hold;

/**
 * ld_admin_hold:
 * @widget: the page making a call
 * @done: called with the result while @widget is still shown
 *
 * Pass the result with ld_admin_done_cb() as the callback of one of
 * client/store's `_async` calls: the page's reply is dropped when the
 * page has gone.
 *
 * Returns: (transfer full): the user data for ld_admin_done_cb()
 */
gpointer
ld_admin_hold (GtkWidget   *widget,
               LdAdminDone  done)
{
  Hold *hold;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (done != NULL, NULL);

  hold = g_new0 (Hold, 1);
  g_weak_ref_init (&hold->widget, widget);
  hold->done = done;
  return hold;
}

/**
 * ld_admin_done_cb:
 * @source: the API client
 * @result: the call's result
 * @user_data: (transfer full): from ld_admin_hold()
 */
void
ld_admin_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Hold *hold = user_data;
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&hold->widget);

  if (widget != NULL && gtk_widget_get_root (widget) != NULL)
    hold->done (widget, LD_API_CLIENT (source), result);
  g_weak_ref_clear (&hold->widget);
  g_free (hold);
}

/**
 * ld_admin_format_time:
 * @at: (nullable): a time as the server writes it (RFC 3339)
 *
 * Returns: (transfer full): @at in the local time zone and words, as the
 *   administration's lists show times; @at as it is if it is not a time
 */
char *
ld_admin_format_time (const char *at)
{
  gint64 usec;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (at == NULL || !ld_time_parse_rfc3339 (at, &usec) ||
      (utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC)) == NULL)
    return g_strdup (at ? at : "");
  local = g_date_time_to_local (utc);
  /* Translators: a local date and time in the administration's lists (strftime). */
  return g_date_time_format (local, _("%d %b %Y %H:%M:%S"));
}

/**
 * ld_admin_copy_text:
 * @widget: a widget on the display
 * @text: what to put on the clipboard
 */
void
ld_admin_copy_text (GtkWidget  *widget,
                    const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (text != NULL);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

/**
 * ld_admin_say:
 * @label: a page's status line
 * @text: (nullable): what to say; %NULL hides the line
 */
void
ld_admin_say (GtkLabel   *label,
              const char *text)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

/**
 * ld_admin_say_error:
 * @label: a page's status line
 * @error: (nullable): why a call failed; %NULL (or %G_IO_ERROR_INVALID_DATA)
 *   for an answer that could not be read
 */
void
ld_admin_say_error (GtkLabel     *label,
                    const GError *error)
{
  g_autofree char *text = NULL;

  g_return_if_fail (GTK_IS_LABEL (label));

  /* client/store says an answer it could not read as G_IO_ERROR_INVALID_DATA. */
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    text = ld_error_text_describe (error);
  else
    text = g_strdup (_("The server's answer could not be read."));
  ld_admin_say (label, text);
}
