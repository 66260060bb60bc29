/* ld-admin-outbox-page.c: messages to patients, for the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outbox of one day (today unless another is typed), in every state
 * or one: each message's order, what it was about, how it fared and to
 * whom. A failed or given-up message can be retried, one not yet sent
 * cancelled; the list is read again after each. The server is asked at
 * once (client/store/ld-notify-calls.c): the outbox is the server's.
 */

#define G_LOG_DOMAIN "ld-admin-outbox-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-notify-text.h"
#include "ld-admin-call.h"
#include "ld-admin-outbox-page.h"
#include "store/ld-notify-calls.h"

struct _LdAdminOutboxPage
{
  AdwBin        parent_instance;

  LdSession    *session;

  GtkEntry     *day_entry;
  GtkDropDown  *state_dropdown;
  GtkLabel     *status_label;
  GtkListBox   *list;
};

G_DEFINE_FINAL_TYPE (LdAdminOutboxPage, ld_admin_outbox_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* The dropdown's rows, in the .ui's order; the first is every state. */
static const char * const states[] = { NULL,       "waiting",  "sent",     "failed",
                                       "given_up", "withheld", "cancelled" };

static void load (LdAdminOutboxPage *self);

static GtkWidget *
add_button (GtkWidget    *row,
            const char   *mnemonic,
            const char   *action,
            const char   *id,
            const char   *accessible)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return button;
}

static GtkWidget *
build_row (const LdNotifyItem *item)
{
  g_autofree char *line =
    ld_notify_text_describe (item->state, item->last_error,
                             item->sent_us > 0 ? item->sent_us : item->created_us);
  /* Translators: an outbox row: the order's number, what the message was
   * about, and how it fared, such as "O2611-000123 · Report ready — E-mailed 10:42". */
  g_autofree char *title =
    g_strdup_printf (_("%s · %s — %s"), item->order_number ? item->order_number : "",
                        ld_notify_text_template (item->template_name), line);
  GtkWidget *row = adw_action_row_new ();
  gboolean   stopped =
    g_strcmp0 (item->state, "failed") == 0 || g_strcmp0 (item->state, "given_up") == 0;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), item->recipient ? item->recipient : "");
  gtk_widget_set_name (row, item->id);
  if (stopped)
    add_button (row, _("_Retry"), "outbox.retry", item->id, _("Send this message again"));
  if (stopped || g_strcmp0 (item->state, "waiting") == 0)
    add_button (row, _("_Cancel"), "outbox.cancel", item->id, _("Do not send this message"));
  return row;
}

static void
on_list_read (GtkWidget    *widget,
              LdApiClient  *client,
              GAsyncResult *result)
{
  LdAdminOutboxPage *self = LD_ADMIN_OUTBOX_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = ld_notify_list_finish (client, result, &error);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  if (items == NULL)
    {
      ld_admin_say_error (self->status_label, error);
      return;
    }
  if (items->len == 0)
    ld_admin_say (self->status_label, _("No messages that day in that state."));
  else
    ld_admin_say (self->status_label, NULL);
  for (guint i = 0; i < items->len; i++)
    gtk_list_box_append (self->list, build_row (g_ptr_array_index (items, i)));
}

static void
load (LdAdminOutboxPage *self)
{
  g_autofree char *day =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->day_entry))));
  guint selected = gtk_drop_down_get_selected (self->state_dropdown);

  if (*day == '\0')
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_free (day);
      day = g_date_time_format (now, "%Y-%m-%d");
      gtk_editable_set_text (GTK_EDITABLE (self->day_entry), day);
    }
  ld_notify_list_day_async (ld_session_get_api_client (self->session), day,
                            selected < G_N_ELEMENTS (states) ? states[selected] : NULL, NULL,
                            ld_admin_done_cb, ld_admin_hold (GTK_WIDGET (self), on_list_read));
}

static void
on_filter_changed_cb (LdAdminOutboxPage *self)
{
  if (self->session != NULL)
    load (self);
}

static void
on_acted (GtkWidget    *widget,
          LdApiClient  *client,
          GAsyncResult *result)
{
  LdAdminOutboxPage *self = LD_ADMIN_OUTBOX_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!ld_notify_act_finish (client, result, &error))
    ld_admin_say_error (self->status_label, error);
  load (self);
}

static void
act_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  LdAdminOutboxPage *self = LD_ADMIN_OUTBOX_PAGE (widget);

  ld_notify_act_async (ld_session_get_api_client (self->session),
                       g_variant_get_string (parameter, NULL),
                       action_name + strlen ("outbox."), NULL, ld_admin_done_cb,
                       ld_admin_hold (widget, on_acted));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  load (LD_ADMIN_OUTBOX_PAGE (widget));
}

static void
ld_admin_outbox_page_constructed (GObject *object)
{
  G_OBJECT_CLASS (ld_admin_outbox_page_parent_class)->constructed (object);

  load (LD_ADMIN_OUTBOX_PAGE (object));
}

static void
ld_admin_outbox_page_dispose (GObject *object)
{
  LdAdminOutboxPage *self = (LdAdminOutboxPage *) object;

  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_ADMIN_OUTBOX_PAGE);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_admin_outbox_page_parent_class)->dispose (object);
}

static void
ld_admin_outbox_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  LdAdminOutboxPage *self = LD_ADMIN_OUTBOX_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_admin_outbox_page_class_init (LdAdminOutboxPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_admin_outbox_page_constructed;
  object_class->dispose = ld_admin_outbox_page_dispose;
  object_class->set_property = ld_admin_outbox_page_set_property;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/admin/ld-admin-outbox-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdAdminOutboxPage, day_entry);
  gtk_widget_class_bind_template_child (widget_class, LdAdminOutboxPage, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LdAdminOutboxPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminOutboxPage, list);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_install_action (widget_class, "outbox.retry", "s", act_action);
  gtk_widget_class_install_action (widget_class, "outbox.cancel", "s", act_action);
  gtk_widget_class_install_action (widget_class, "outbox.refresh", NULL, refresh_action);
}

static void
ld_admin_outbox_page_init (LdAdminOutboxPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_admin_outbox_page_new:
 * @session: the administrator's session
 *
 * Returns: (transfer full): the page, reading today's outbox
 */
GtkWidget *
ld_admin_outbox_page_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_ADMIN_OUTBOX_PAGE, "session", session, NULL);
}
