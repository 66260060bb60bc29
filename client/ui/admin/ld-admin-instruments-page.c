/* ld-admin-instruments-page.c: each analyzer's connection and last message, for the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 34. One row per instrument, by name: its name and state in words
 * (listening, connected, stopped, failed and why), its protocol,
 * address and port, how many codes its map holds, and the last message
 * it sent with its time. The server is asked again every two seconds
 * while the page is shown (and with F5), so that an analyzer connecting
 * or sending shows within moments.
 *
 * Below the list, a form adds an instrument (Ctrl+N empties it) or,
 * after Enter on a row, changes that one; Ctrl+S saves. The code map is
 * typed one line a code: the analyzer's code, the catalogue's test code,
 * then the unit and the factor when the value is converted ("-" for no
 * unit). The server judges the values and names the field it refuses.
 */

#define G_LOG_DOMAIN "ld-admin-instruments-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-admin-call.h"
#include "ld-admin-instruments-page.h"
#include "store/ld-instrument-calls.h"

/* How often the state is asked after while shown. */
#define REFRESH_SECONDS 2

/* The protocol row's items, in the template's order. */
enum
{
  PROTOCOL_HL7,
  PROTOCOL_ASTM,
};

struct _LdAdminInstrumentsPage
{
  AdwBin        parent_instance;

  LdSession    *session;
  GCancellable *cancellable;
  guint         refresh_id;
  gboolean      loading;

  GtkLabel     *state_label;
  GtkLabel     *status_label;
  GtkListBox   *list;
  AdwPreferencesGroup *form_group;
  GtkLabel     *form_status;
  AdwEntryRow  *name_entry;
  AdwEntryRow  *address_entry;
  AdwEntryRow  *port_entry;
  GtkSwitch    *enabled_switch;
  AdwComboRow  *protocol_row;
  GtkTextView  *codes_view;
  /* The instrument the form changes (id and version), or NULL: a new one. */
  char         *editing_id;
  gint64        editing_version;
  gboolean      saving;
};

G_DEFINE_FINAL_TYPE (LdAdminInstrumentsPage, ld_admin_instruments_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static const char *
state_words (const char *state)
{
  if (g_strcmp0 (state, "connected") == 0)
    return _("Connected");
  if (g_strcmp0 (state, "listening") == 0)
    return _("Waiting for the analyzer");
  if (g_strcmp0 (state, "stopped") == 0)
    return _("Turned off");
  if (g_strcmp0 (state, "failed") == 0)
    return _("Not listening");
  return state ? state : "";
}

static const char *
protocol_words (const char *protocol)
{
  if (g_strcmp0 (protocol, "hl7") == 0)
    return _("HL7 over MLLP");
  if (g_strcmp0 (protocol, "astm") == 0)
    return _("ASTM");
  return protocol ? protocol : "";
}

static GtkWidget *
build_row (LdInstrumentItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  const char *state = ld_instrument_item_get_state (item);
  const char *problem = ld_instrument_item_get_problem (item);
  const char *last = ld_instrument_item_get_last_message (item);
  gint64 connections = ld_instrument_item_get_connections (item);
  gint64 n_codes = ld_instrument_item_get_n_codes (item);
  g_autofree char *title = NULL;
  g_autofree char *where = NULL;
  g_autofree char *codes = NULL;
  g_autofree char *message = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: an instrument: its name — its state in words. */
  title =
    g_strdup_printf (_("%s — %s"), ld_instrument_item_get_name (item) ?: "", state_words (state));
  if (g_strcmp0 (state, "connected") == 0 && connections > 1)
    {
      g_autofree char *with = NULL;

      /* Translators: an instrument's state, with how many connections it has. */
      with = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%d connection)",
                                           "%s (%d connections)", (gulong) connections),
                              title, (int) connections);
      g_free (title);
      title = g_steal_pointer (&with);
    }
  /* Translators: an instrument's protocol, then the address and port it listens on. */
  where =
    g_strdup_printf (_("%s on %s:%d"), protocol_words (ld_instrument_item_get_protocol (item)),
                        ld_instrument_item_get_address (item) ?: "?",
                        (int) ld_instrument_item_get_port (item));
  /* Translators: how many of an instrument's codes are mapped to tests. */
  codes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d code mapped", "%d codes mapped",
                                        (gulong) n_codes),
                           (int) n_codes);
  if (last != NULL)
    {
      g_autofree char *when = ld_admin_format_time (ld_instrument_item_get_last_message_at (item));

      /* Translators: an instrument's last message: when, then what it held. */
      message = g_strdup_printf (_("Last message %s: %s"), when, last);
    }
  else
    message = g_strdup (_("No message yet"));
  if (problem != NULL && *problem != '\0')
    subtitle = g_strdup_printf ("%s · %s\n%s\n%s", where, codes, problem, message);
  else
    subtitle = g_strdup_printf ("%s · %s\n%s", where, codes, message);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  if (g_strcmp0 (state, "failed") == 0)
    gtk_widget_add_css_class (row, "error");
  gtk_widget_set_name (row, ld_instrument_item_get_id (item) ?: "");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row),
                                    ld_instrument_item_get_configuration (item) != NULL);
  g_object_set_data_full (G_OBJECT (row), "ld-instrument", g_object_ref (item), g_object_unref);
  return row;
}

static void
on_list_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LdAdminInstrumentsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items =
               ld_instrument_list_status_finish (LD_API_CLIENT (source), result, &error);
  GtkWidget *child;
  guint n_connected = 0;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->loading = FALSE;
  if (items == NULL)
    {
      ld_admin_say_error (self->status_label, error);
      return;
    }
  ld_admin_say (self->status_label, NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < items->len; i++)
    {
      LdInstrumentItem *item = g_ptr_array_index (items, i);

      if (g_strcmp0 (ld_instrument_item_get_state (item), "connected") == 0)
        n_connected++;
      gtk_list_box_append (self->list, build_row (item));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->list), items->len > 0);

  if (items->len == 0)
    gtk_label_set_text (self->state_label, _("No instrument is set up."));
  else
    {
      g_autofree char *text = NULL;

      /* Translators: how many instruments there are, and how many are connected now. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u instrument; %u connected now",
                                           "%u instruments; %u connected now", items->len),
                              items->len, n_connected);
      gtk_label_set_text (self->state_label, text);
    }
}

static void
refresh (LdAdminInstrumentsPage *self)
{
  if (self->loading || !ld_session_get_online (self->session))
    return;
  self->loading = TRUE;
  ld_instrument_list_status_async (ld_session_get_api_client (self->session), self->cancellable,
                                   on_list_cb, g_object_ref (self));
}

static gboolean
on_refresh_timeout_cb (gpointer user_data)
{
  refresh (LD_ADMIN_INSTRUMENTS_PAGE (user_data));
  return G_SOURCE_CONTINUE;
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh (LD_ADMIN_INSTRUMENTS_PAGE (widget));
}

static void
on_map_cb (LdAdminInstrumentsPage *self)
{
  refresh (self);
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, on_refresh_timeout_cb, self);
}

static void
on_unmap_cb (LdAdminInstrumentsPage *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
}

static void
clear_form (LdAdminInstrumentsPage *self)
{
  g_clear_pointer (&self->editing_id, g_free);
  self->editing_version = 0;
  adw_preferences_group_set_title (self->form_group, _("New Instrument"));
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->address_entry), "0.0.0.0");
  gtk_editable_set_text (GTK_EDITABLE (self->port_entry), "");
  gtk_switch_set_active (self->enabled_switch, TRUE);
  adw_combo_row_set_selected (self->protocol_row, PROTOCOL_HL7);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->codes_view), "", -1);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  LdAdminInstrumentsPage *self = LD_ADMIN_INSTRUMENTS_PAGE (widget);

  clear_form (self);
  ld_admin_say (self->form_status, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
}

/* "GLU GLUF mmol/L 18.016": one line of the code map as it is typed. */
static char *
dup_code_line (const LdInstrumentCode *code)
{
  g_autofree char *factor = NULL;

  if (code->has_factor)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      factor = g_strdup (g_ascii_dtostr (buffer, sizeof buffer, code->factor));
    }
  if (factor != NULL)
    return g_strdup_printf ("%s %s %s %s", code->instrument_code, code->test_code,
                            code->unit ? code->unit : "-", factor);
  if (code->unit != NULL)
    return g_strdup_printf ("%s %s %s", code->instrument_code, code->test_code, code->unit);
  return g_strdup_printf ("%s %s", code->instrument_code, code->test_code);
}

static void
on_row_activated_cb (LdAdminInstrumentsPage *self,
                     GtkListBoxRow          *row)
{
  LdInstrumentItem *item = g_object_get_data (G_OBJECT (row), "ld-instrument");
  const LdInstrument *instrument = item ? ld_instrument_item_get_configuration (item) : NULL;
  g_autoptr(GString) codes = g_string_new (NULL);
  g_autofree char *port = NULL;
  g_autofree char *title = NULL;

  if (instrument == NULL)
    return;
  g_free (self->editing_id);
  self->editing_id = g_strdup (instrument->id);
  self->editing_version = instrument->version;
  /* Translators: the form's title while it changes an instrument. */
  title = g_strdup_printf (_("Change %s"), instrument->name ? instrument->name : "");
  adw_preferences_group_set_title (self->form_group, title);
  port = g_strdup_printf ("%" G_GINT64_FORMAT, instrument->port);
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), instrument->name ? instrument->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->address_entry),
                         instrument->address ? instrument->address : "");
  gtk_editable_set_text (GTK_EDITABLE (self->port_entry), port);
  gtk_switch_set_active (self->enabled_switch, instrument->enabled);
  adw_combo_row_set_selected (self->protocol_row, g_strcmp0 (instrument->protocol, "astm") == 0
                                                    ? PROTOCOL_ASTM
                                                    : PROTOCOL_HL7);
  for (guint i = 0; i < instrument->codes->len; i++)
    {
      g_autofree char *line = dup_code_line (g_ptr_array_index (instrument->codes, i));

      g_string_append_printf (codes, "%s\n", line);
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->codes_view), codes->str, -1);
  ld_admin_say (self->form_status, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
}

/* The code map's lines, or FALSE with the line that cannot be read said. */
static gboolean
read_codes (LdAdminInstrumentsPage *self,
            GPtrArray              *codes)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->codes_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      g_autoptr(GPtrArray) parts = g_ptr_array_new ();
      LdInstrumentCode *code;
      char *end_of_factor = NULL;

      for (guint j = 0; words[j] != NULL; j++)
        if (*words[j] != '\0')
          g_ptr_array_add (parts, words[j]);
      if (parts->len == 0)
        continue;
      if (parts->len < 2 || parts->len > 4)
        {
          g_autofree char *say = NULL;

          /* Translators: a line of the code map that cannot be read; %u is its number. */
          say = g_strdup_printf (_("Code map line %u: write the analyzer's code, the test code, "
                                   "then the unit and factor if any."),
                                    i + 1);
          ld_admin_say (self->form_status, say);
          return FALSE;
        }
      code = ld_instrument_code_new (g_ptr_array_index (parts, 0), g_ptr_array_index (parts, 1));
      g_ptr_array_add (codes, code);
      if (parts->len > 2 && g_strcmp0 (g_ptr_array_index (parts, 2), "-") != 0)
        code->unit = g_strdup (g_ptr_array_index (parts, 2));
      if (parts->len > 3)
        {
          code->factor = g_ascii_strtod (g_ptr_array_index (parts, 3), &end_of_factor);
          code->has_factor = TRUE;
          if (end_of_factor == NULL || *end_of_factor != '\0')
            {
              g_autofree char *say = NULL;

              /* Translators: a code map line whose factor is not a number. */
              say = g_strdup_printf (_("Code map line %u: the factor must be a number, such as "
                                       "18.016."),
                                        i + 1);
              ld_admin_say (self->form_status, say);
              return FALSE;
            }
        }
    }
  return TRUE;
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LdAdminInstrumentsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ld_instrument_save_finish (LD_API_CLIENT (source), result, &error))
    {
      if (!g_cancellable_is_cancelled (self->cancellable))
        {
          self->saving = FALSE;
          ld_admin_say_error (self->form_status, error);
        }
      return;
    }
  self->saving = FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", _("Instrument saved"));
  clear_form (self);
  refresh (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdAdminInstrumentsPage *self = LD_ADMIN_INSTRUMENTS_PAGE (widget);
  g_autoptr(LdInstrument) instrument = ld_instrument_new ();
  const char *port = gtk_editable_get_text (GTK_EDITABLE (self->port_entry));
  char *end = NULL;

  if (self->saving)
    return;
  instrument->id = g_strdup (self->editing_id);
  instrument->version = self->editing_version;
  instrument->name =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  instrument->protocol =
    g_strdup (adw_combo_row_get_selected (self->protocol_row) == PROTOCOL_ASTM ? "astm" : "hl7");
  instrument->address =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_entry))));
  instrument->port = *port == '\0' ? 0 : g_ascii_strtoll (port, &end, 10);
  instrument->enabled = gtk_switch_get_active (self->enabled_switch);
  if (end != NULL && *end != '\0')
    {
      ld_admin_say (self->form_status, _("The port must be a number from 0 to 65535."));
      return;
    }
  if (!read_codes (self, instrument->codes))
    return;
  ld_admin_say (self->form_status, NULL);
  self->saving = TRUE;
  ld_instrument_save_async (ld_session_get_api_client (self->session), instrument,
                            self->cancellable, on_saved_cb, g_object_ref (self));
}

static void
ld_admin_instruments_page_dispose (GObject *object)
{
  LdAdminInstrumentsPage *self = LD_ADMIN_INSTRUMENTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_ADMIN_INSTRUMENTS_PAGE);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_admin_instruments_page_parent_class)->dispose (object);
}

static void
ld_admin_instruments_page_finalize (GObject *object)
{
  g_clear_object (&LD_ADMIN_INSTRUMENTS_PAGE (object)->cancellable);
  g_clear_pointer (&LD_ADMIN_INSTRUMENTS_PAGE (object)->editing_id, g_free);

  G_OBJECT_CLASS (ld_admin_instruments_page_parent_class)->finalize (object);
}

static void
ld_admin_instruments_page_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, LD_ADMIN_INSTRUMENTS_PAGE (object)->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_admin_instruments_page_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      LD_ADMIN_INSTRUMENTS_PAGE (object)->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_admin_instruments_page_class_init (LdAdminInstrumentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_admin_instruments_page_dispose;
  object_class->finalize = ld_admin_instruments_page_finalize;
  object_class->get_property = ld_admin_instruments_page_get_property;
  object_class->set_property = ld_admin_instruments_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/admin/ld-admin-instruments-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdAdminInstrumentsPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminInstrumentsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminInstrumentsPage, list);
  gtk_widget_class_bind_template_child (widget_class, LdAdminInstrumentsPage, form_group);
  gtk_widget_class_bind_template_child (widget_class, LdAdminInstrumentsPage, form_status);
  gtk_widget_class_bind_template_child (widget_class, LdAdminInstrumentsPage, name_entry);
  gtk_widget_class_bind_template_child (widget_class, LdAdminInstrumentsPage, address_entry);
  gtk_widget_class_bind_template_child (widget_class, LdAdminInstrumentsPage, port_entry);
  gtk_widget_class_bind_template_child (widget_class, LdAdminInstrumentsPage, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, LdAdminInstrumentsPage, protocol_row);
  gtk_widget_class_bind_template_child (widget_class, LdAdminInstrumentsPage, codes_view);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "instruments.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "instruments.refresh", NULL);
  gtk_widget_class_install_action (widget_class, "instruments.new", NULL, new_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "instruments.new",
                                       NULL);
  gtk_widget_class_install_action (widget_class, "instruments.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "instruments.save", NULL);
}

static void
ld_admin_instruments_page_init (LdAdminInstrumentsPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (on_unmap_cb), NULL);
}

/**
 * ld_admin_instruments_page_new:
 * @session: the signed-in session
 *
 * Returns: (transfer full): the instruments section
 */
GtkWidget *
ld_admin_instruments_page_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_ADMIN_INSTRUMENTS_PAGE, "session", session, NULL);
}
