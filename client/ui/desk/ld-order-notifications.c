/* ld-order-notifications.c: an order's messages to its patient, at the desk
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A line per message the server wrote for the order ("E-mailed 10:42",
 * "E-mail failed: mailbox full"), with Resend on those no longer on their
 * way. It reads the server at once (ld-notify-calls.c): what was sent is
 * the server's to say, and a resend is a new message, audited there. It
 * reads again when the order changes (a stage adds a message), after a
 * resend, and when the person asks.
 */

#define G_LOG_DOMAIN "ld-order-notifications"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-order-notifications.h"
#include "common/ld-notify-text.h"
#include "store/ld-notify-calls.h"
#include "store/ld-order-follow.h"
#include "ui/common/ld-error-text.h"

struct _LdOrderNotifications
{
  AdwBin         parent_instance;

  LdSession     *session;
  char          *order_id;
  LdOrderFollow *follow;
  /* The widget's life, and the list read in flight. */
  GCancellable  *cancellable;
  GCancellable  *read_cancellable;
  /* What the rows show, so a read that finds the same leaves them (and
   * the button under the pointer) alone. */
  char          *shown;

  AdwPreferencesGroup *group;
  GtkListBox          *list;
};

G_DEFINE_FINAL_TYPE (LdOrderNotifications, ld_order_notifications, ADW_TYPE_BIN)

static GtkWidget *
build_row (const LdNotifyItem *item)
{
  g_autofree char *line =
    ld_notify_text_describe (item->state, item->last_error,
                             item->sent_us > 0 ? item->sent_us : item->created_us);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), ld_notify_text_template (item->template_name));
  gtk_widget_set_name (row, item->id);
  if (g_strcmp0 (item->state, "waiting") != 0 && g_strcmp0 (item->state, "sending") != 0 &&
      g_strcmp0 (item->state, "withheld") != 0)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("Re_send"));
      /* Translators: %s is what the message was about, such as "Report ready". */
      g_autofree char *name =
        g_strdup_printf (_("Resend “%s”"), ld_notify_text_template (item->template_name));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "notifications.resend");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", item->id);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static void
show_line (LdOrderNotifications *self,
           const char           *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_list_box_append (self->list, row);
}

static void
clear (LdOrderNotifications *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
}

static void
on_list_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LdOrderNotifications) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = ld_notify_list_finish (LD_API_CLIENT (source), result, &error);

  g_autoptr(GString) shown = g_string_new (NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->session == NULL)
    return;
  if (items == NULL)
    {
      g_clear_pointer (&self->shown, g_free);
      clear (self);
      show_line (self, ld_error_text_title (error));
      return;
    }
  for (guint i = 0; i < items->len; i++)
    {
      const LdNotifyItem *item = g_ptr_array_index (items, i);

      g_string_append_printf (shown, "%s %s %s %" G_GINT64_FORMAT "\n", item->id, item->state,
                              item->last_error ? item->last_error : "", item->sent_us);
    }
  if (g_strcmp0 (self->shown, shown->str) == 0)
    return;
  g_free (self->shown);
  self->shown = g_string_free (g_steal_pointer (&shown), FALSE);
  clear (self);
  if (items->len == 0)
    show_line (self, _("No messages for this order"));
  for (guint i = 0; i < items->len; i++)
    gtk_list_box_append (self->list, build_row (g_ptr_array_index (items, i)));
}

static void
reload (LdOrderNotifications *self)
{
  if (self->session == NULL || self->order_id == NULL)
    return;
  g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  self->read_cancellable = g_cancellable_new ();
  ld_notify_list_for_order_async (ld_session_get_api_client (self->session), self->order_id,
                                  self->read_cancellable, on_list_read_cb, g_object_ref (self));
}

static void
on_resent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LdOrderNotifications) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ld_notify_act_finish (LD_API_CLIENT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_preferences_group_set_description (self->group, ld_error_text_title (error));
    }
  else
    adw_preferences_group_set_description (self->group, _("Sent again"));
  reload (self);
}

static void
resend_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LdOrderNotifications *self = LD_ORDER_NOTIFICATIONS (widget);

  if (self->session == NULL)
    return;
  adw_preferences_group_set_description (self->group, NULL);
  ld_notify_act_async (ld_session_get_api_client (self->session),
                       g_variant_get_string (parameter, NULL), "resend", self->cancellable,
                       on_resent_cb, g_object_ref (self));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  reload (LD_ORDER_NOTIFICATIONS (widget));
}

/**
 * ld_order_notifications_set_order:
 * @self: the widget
 * @session: the desk's session
 * @order_id: the order whose messages to show
 *
 * Shows @order_id's messages, read from the server now and again when the
 * order changes.
 */
void
ld_order_notifications_set_order (LdOrderNotifications *self,
                                  LdSession            *session,
                                  const char           *order_id)
{
  g_return_if_fail (LD_IS_ORDER_NOTIFICATIONS (self));
  g_return_if_fail (LD_IS_SESSION (session) && order_id != NULL);

  g_set_object (&self->session, session);
  g_free (self->order_id);
  self->order_id = g_strdup (order_id);
  g_clear_object (&self->follow);
  self->follow = ld_order_follow_new (session, order_id);
  g_signal_connect_object (self->follow, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  reload (self);
}

static void
ld_order_notifications_dispose (GObject *object)
{
  LdOrderNotifications *self = (LdOrderNotifications *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  g_clear_object (&self->follow);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_ORDER_NOTIFICATIONS);

  G_OBJECT_CLASS (ld_order_notifications_parent_class)->dispose (object);
}

static void
ld_order_notifications_finalize (GObject *object)
{
  LdOrderNotifications *self = (LdOrderNotifications *) object;

  g_free (self->order_id);
  g_free (self->shown);

  G_OBJECT_CLASS (ld_order_notifications_parent_class)->finalize (object);
}

static void
ld_order_notifications_class_init (LdOrderNotificationsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_order_notifications_dispose;
  object_class->finalize = ld_order_notifications_finalize;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/desk/ld-order-notifications.ui");
  gtk_widget_class_bind_template_child (widget_class, LdOrderNotifications, group);
  gtk_widget_class_bind_template_child (widget_class, LdOrderNotifications, list);
  gtk_widget_class_install_action (widget_class, "notifications.resend", "s", resend_action);
  gtk_widget_class_install_action (widget_class, "notifications.refresh", NULL, refresh_action);
}

static void
ld_order_notifications_init (LdOrderNotifications *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
