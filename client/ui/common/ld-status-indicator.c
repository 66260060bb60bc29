/* ld-status-indicator.c: where the session stands, always in view
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Offline is a state, not an error: the header says in words whether
 * the client is online, offline with N actions waiting, sending, or has
 * N refused; it opens the outbox's list, where a refused item is
 * corrected and sent again, or discarded.
 */

#define G_LOG_DOMAIN "ld-status-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-error.h"
#include "ld-error-text.h"
#include "ld-outbox-edit-dialog.h"
#include "ld-outbox-entry.h"
#include "ld-status-indicator.h"

struct _LdStatusIndicator
{
  AdwBin         parent_instance;

  LdSession     *session;
  char          *text;

  GtkMenuButton *button;
  GtkPopover    *popover;
  GtkImage      *icon;
  GtkLabel      *label;
  GtkLabel      *summary_label;
  GtkStack      *list_stack;
  GtkListBox    *entries_box;
};

G_DEFINE_FINAL_TYPE (LdStatusIndicator, ld_status_indicator, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* One sentence for the header: the connection, then the queue. */
static char *
describe_state (LdStatusIndicator *self,
                const char       **icon_name)
{
  LdOutbox *outbox = ld_session_get_outbox (self->session);
  guint n_waiting = 0, n_refused = 0;
  gboolean sending = FALSE;
  g_autoptr(GString) text = g_string_new (NULL);

  g_object_get (outbox,
                "n-waiting", &n_waiting,
                "n-refused", &n_refused,
                "sending", &sending,
                NULL);

  switch (ld_session_get_connection (self->session))
    {
    case LD_CONNECTION_ONLINE:
      *icon_name = "network-idle-symbolic";
      g_string_append (text, _("Online"));
      break;

    case LD_CONNECTION_SYNCING:
      {
        double progress = -1;

        *icon_name = "network-transmit-receive-symbolic";
        g_object_get (self->session, "sync-progress", &progress, NULL);
        if (progress >= 0)
          /* Translators: the first download of the lab's data, in percent. */
          g_string_append_printf (text, _("Updating, %d%%"), (int) (progress * 100));
        else
          g_string_append (text, _("Updating"));
      }
      break;

    case LD_CONNECTION_SERVER_BUSY:
      *icon_name = "network-error-symbolic";
      g_string_append (text, _("Server busy"));
      break;

    case LD_CONNECTION_SESSION_ENDED:
      *icon_name = "network-error-symbolic";
      g_string_append (text, _("Session ended"));
      break;

    case LD_CONNECTION_OFFLINE:
    default:
      *icon_name = "network-offline-symbolic";
      g_string_append (text, ld_session_get_signed_in_offline (self->session)
                               ? _("Signed in offline") : _("Offline"));
      break;
    }

  if (sending)
    {
      *icon_name = "network-transmit-symbolic";
      /* Translators: the work waiting here is being sent to the server now. */
      g_string_append_printf (text, " · %s", _("sending"));
    }
  if (n_waiting > 0)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u waiting", "%u waiting",
                                                 n_waiting), n_waiting);
    }
  if (n_refused > 0)
    {
      *icon_name = "dialog-warning-symbolic";
      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u refused", "%u refused",
                                                 n_refused), n_refused);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_state (LdStatusIndicator *self)
{
  const char *icon_name = NULL;
  g_autofree char *text = describe_state (self, &icon_name);
  guint            n =
    g_list_model_get_n_items (ld_outbox_get_entries (ld_session_get_outbox (self->session)));

  if (g_strcmp0 (text, self->text) != 0)
    {
      g_free (self->text);
      self->text = g_steal_pointer (&text);
      gtk_label_set_text (self->label, self->text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, self->text, -1);
    }
  gtk_image_set_from_icon_name (self->icon, icon_name);
  if (strcmp (icon_name, "dialog-warning-symbolic") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->button), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->button), "warning");

  gtk_label_set_text (self->summary_label, self->text);
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
}

/* A row: what the action was, on what, and where it stands, in words. */
static void
fill_row (AdwActionRow  *row,
          LdOutboxEntry *entry)
{
  g_autofree char *title = ld_outbox_edit_dialog_describe_entry (entry);
  g_autofree char *when = g_date_time_format (ld_outbox_entry_get_created (entry), "%H:%M");
  g_autofree char *subtitle = NULL;
  GtkWidget *correct = g_object_get_data (G_OBJECT (row), "correct");
  GtkWidget *discard = g_object_get_data (G_OBJECT (row), "discard");
  gboolean refused = ld_outbox_entry_get_state (entry) == LD_OUTBOX_ENTRY_REFUSED;

  switch (ld_outbox_entry_get_state (entry))
    {
    case LD_OUTBOX_ENTRY_SENDING:
      /* Translators: %s is the time the action was done here. */
      subtitle = g_strdup_printf (_("Done at %s · sending now"), when);
      break;

    case LD_OUTBOX_ENTRY_REFUSED:
      {
        g_autoptr(GError) error = NULL;
        LdApiError code = LD_API_ERROR_INTERNAL;
        g_autofree char *reason = NULL;

        ld_api_error_from_code (ld_outbox_entry_get_error_code (entry), &code);
        error = g_error_new_literal (LD_API_ERROR, code,
                                     ld_outbox_entry_get_error_message (entry)
                                       ? ld_outbox_entry_get_error_message (entry) : "");
        reason = ld_error_text_describe (error);
        /* Translators: when the action was done, and why the server refused it. */
        subtitle = g_strdup_printf (_("Done at %s · refused: %s"), when, reason);
      }
      break;

    case LD_OUTBOX_ENTRY_WAITING:
    default:
      if (ld_outbox_entry_get_blocked (entry))
        subtitle = g_strdup_printf (_("Done at %s · waiting behind a refused item"), when);
      else if (ld_outbox_entry_get_attempts (entry) > 0)
        subtitle =
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Done at %s · waiting, %u attempt so far",
                                        "Done at %s · waiting, %u attempts so far",
                                        ld_outbox_entry_get_attempts (entry)),
                           when, ld_outbox_entry_get_attempts (entry));
      else
        subtitle = g_strdup_printf (_("Done at %s · waiting"), when);
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
  gtk_widget_set_visible (correct, refused);
  gtk_widget_set_visible (discard, refused);
}

static void
on_entry_notify_cb (AdwActionRow  *row,
                    GParamSpec    *pspec,
                    LdOutboxEntry *entry)
{
  fill_row (row, entry);
}

static void
on_correct_clicked_cb (GtkButton         *button,
                       LdStatusIndicator *self)
{
  LdOutboxEntry *entry = g_object_get_data (G_OBJECT (button), "entry");
  GtkWindow *dialog;

  gtk_popover_popdown (self->popover);
  dialog = ld_outbox_edit_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                      self->session, entry);
  gtk_window_present (dialog);
}

static void
on_discard_clicked_cb (GtkButton         *button,
                       LdStatusIndicator *self)
{
  LdOutboxEntry *entry = g_object_get_data (G_OBJECT (button), "entry");

  gtk_popover_popdown (self->popover);
  ld_outbox_edit_dialog_confirm_discard (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         self->session, entry);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  LdStatusIndicator *self = user_data;
  LdOutboxEntry *entry = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *correct = gtk_button_new_with_mnemonic (_("_Correct…"));
  GtkWidget *discard = gtk_button_new_with_mnemonic (_("_Discard"));

  gtk_widget_set_valign (correct, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (discard, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (discard, "destructive-action");
  g_object_set_data_full (G_OBJECT (correct), "entry", g_object_ref (entry), g_object_unref);
  g_object_set_data_full (G_OBJECT (discard), "entry", g_object_ref (entry), g_object_unref);
  g_signal_connect_object (correct, "clicked", G_CALLBACK (on_correct_clicked_cb), self, 0);
  g_signal_connect_object (discard, "clicked", G_CALLBACK (on_discard_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), correct);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), discard);
  g_object_set_data (G_OBJECT (row), "correct", correct);
  g_object_set_data (G_OBJECT (row), "discard", discard);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);

  fill_row (ADW_ACTION_ROW (row), entry);
  g_signal_connect_object (entry, "notify", G_CALLBACK (on_entry_notify_cb), row,
                           G_CONNECT_SWAPPED);
  return row;
}

static void
ld_status_indicator_constructed (GObject *object)
{
  LdStatusIndicator *self = (LdStatusIndicator *) object;
  LdOutbox          *outbox;
  GListModel        *entries;
  const char        *watched[] = {
           "notify::n-waiting",
           "notify::n-refused",
           "notify::sending",
  };

  G_OBJECT_CLASS (ld_status_indicator_parent_class)->constructed (object);

  g_assert (self->session != NULL);

  outbox = ld_session_get_outbox (self->session);
  for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
    g_signal_connect_object (outbox, watched[i], G_CALLBACK (update_state), self,
                             G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::connection", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::sync-progress", G_CALLBACK (update_state),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::signed-in-offline", G_CALLBACK (update_state),
                           self, G_CONNECT_SWAPPED);

  entries = ld_outbox_get_entries (outbox);
  gtk_list_box_bind_model (self->entries_box, entries, create_row, self, NULL);
  g_signal_connect_object (entries, "items-changed", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  update_state (self);
}

static void
ld_status_indicator_dispose (GObject *object)
{
  LdStatusIndicator *self = (LdStatusIndicator *) object;

  if (self->entries_box != NULL)
    gtk_list_box_bind_model (self->entries_box, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_STATUS_INDICATOR);
  g_clear_object (&self->session);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (ld_status_indicator_parent_class)->dispose (object);
}

static void
ld_status_indicator_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LdStatusIndicator *self = LD_STATUS_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_status_indicator_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LdStatusIndicator *self = LD_STATUS_INDICATOR (object);

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
ld_status_indicator_class_init (LdStatusIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_status_indicator_constructed;
  object_class->dispose = ld_status_indicator_dispose;
  object_class->get_property = ld_status_indicator_get_property;
  object_class->set_property = ld_status_indicator_set_property;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/common/ld-status-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, LdStatusIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, LdStatusIndicator, popover);
  gtk_widget_class_bind_template_child (widget_class, LdStatusIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, LdStatusIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, LdStatusIndicator, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LdStatusIndicator, list_stack);
  gtk_widget_class_bind_template_child (widget_class, LdStatusIndicator, entries_box);
}

static void
ld_status_indicator_init (LdStatusIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_status_indicator_new:
 * @session: the signed-in session it tells about
 *
 * Returns: (transfer full): a new indicator
 */
GtkWidget *
ld_status_indicator_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_STATUS_INDICATOR, "session", session, NULL);
}

/**
 * ld_status_indicator_get_text:
 *
 * Returns: (transfer none): what the indicator says now
 */
const char *
ld_status_indicator_get_text (LdStatusIndicator *self)
{
  g_return_val_if_fail (LD_IS_STATUS_INDICATOR (self), NULL);

  return self->text;
}

/**
 * ld_status_indicator_popup:
 *
 * Opens the list of waiting and refused work (Ctrl+Shift+O).
 */
void
ld_status_indicator_popup (LdStatusIndicator *self)
{
  g_return_if_fail (LD_IS_STATUS_INDICATOR (self));

  gtk_menu_button_popup (self->button);
}
