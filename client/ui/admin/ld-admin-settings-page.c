/* ld-admin-settings-page.c: the lab's settings, for the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every setting of docs/api.md's table, grouped as an administrator
 * thinks of them, each checked as it is typed by shared/model's rule for
 * that key (the server's own). Money is typed in rupees and sent in
 * paise; a percentage in basis points. Saving sends the changed keys
 * with the version last read; when someone else saved in the meantime,
 * their values are shown and nothing is lost silently.
 */

#define G_LOG_DOMAIN "ld-admin-settings-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "ld-admin-call.h"
#include "ld-admin-icd10-group.h"
#include "ld-admin-settings-page.h"
#include "ld-error.h"
#include "ld-money.h"
#include "ld-settings-body.h"

typedef enum
{
  KIND_TEXT,
  KIND_NUMBER,
  KIND_RUPEES,
  KIND_PERCENT,
  KIND_BOOL,
  KIND_PAPER,
} Kind;

/* clang-format off */
static const char *const group_titles[] = {
  N_("Lab details printed on reports and receipts"),
  N_("Prices, tax and payment"),
  N_("Orders and results"),
  N_("Sign-in and sessions"),
};
/* clang-format on */

static const struct
{
  const char *key;
  guint       group;
  Kind        kind;
  const char *title;
  const char *description;
} rows[] = {
  { "lab_name", 0, KIND_TEXT, N_("Lab name"), NULL },
    { "lab_address", 0, KIND_TEXT, N_("Address"), NULL },
      { "lab_phone", 0, KIND_TEXT, N_("Phone"), NULL },
        { "lab_email", 0, KIND_TEXT, N_("Email"), NULL },
          { "lab_website", 0, KIND_TEXT, N_("Website"), NULL },
            { "lab_registration", 0, KIND_TEXT, N_("Licence or accreditation line"), NULL },
              { "report_paper", 0, KIND_PAPER, N_("Paper size"), N_("For reports and receipts") },
                { "public_base_url", 0, KIND_TEXT,
                  N_("Public address for the QR code"),
                      N_("Such as https://lab.example.in; while empty, reports print the code without a QR code") },
                  { "tax_flat_paise", 1, KIND_RUPEES, N_("Tax per order (₹)"), NULL },
                    { "tax_percent_bp", 1, KIND_PERCENT,
                      N_("Tax as a percentage of the charge (%)"), NULL },
                      { "discount_max_percent", 1, KIND_NUMBER,
                        N_("Largest discount the desk may give (%)"), NULL },
                        { "home_collection_fee_paise", 1, KIND_RUPEES,
                          N_("Home-collection fee (₹)"), NULL },
                          { "lab_upi_id", 1, KIND_TEXT,
                            N_("UPI ID"),
                                N_("Such as lab@okhdfc; a receipt with a balance due carries a payment QR code for it") },
                            { "order_expiry_hours", 2, KIND_NUMBER,
                              N_("Unpaid orders expire after (hours)"), NULL },
                              { "critical_ack_minutes", 2, KIND_NUMBER,
                                N_("A critical value must be acknowledged within (minutes)"),
                                    NULL },
                                { "allow_self_verification", 2, KIND_BOOL,
                                  N_("A technician may verify their own results"), NULL },
                                  { "backup_keep", 2, KIND_NUMBER,
                                    N_("Backups kept"),
                                        N_("After each backup that passes, the oldest beyond this many are removed") },
                                    { "session_idle_seconds", 3, KIND_NUMBER,
                                      N_("Sign out after idle (seconds)"), NULL },
                                      { "session_absolute_seconds", 3, KIND_NUMBER,
                                        N_("Longest session (seconds)"), NULL },
                                        { "login_max_failures", 3, KIND_NUMBER,
                                          N_("Failed sign-ins before the account locks"), NULL },
                                          { "login_lock_seconds", 3, KIND_NUMBER,
                                            N_("Account locked for (seconds)"), NULL },
                                        };

struct _LdAdminSettingsPage
{
  AdwBin               parent_instance;

  LdSession           *session;
  /* The settings as the server last answered, and their version. */
  LdSettings          *saved;
  gint64               version;
  gboolean             busy;
  gboolean             filling;
  /* Keys to their rows, for the server's field errors. */
  GHashTable          *fields;

  GtkLabel            *state_label;
  GtkLabel            *status_label;
  AdwPreferencesPage  *prefs;
};

G_DEFINE_FINAL_TYPE (LdAdminSettingsPage, ld_admin_settings_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void update_actions (LdAdminSettingsPage *self);

static char *
format_hundredths (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", value / 100, (int) (value % 100));
}

/* Checks one row with shared/model's rule for its key, reading what the
 * row holds as the server would read it; returns the good value as the
 * settings keep it, or NULL after showing why at the row. */
static char *
check_row (LdAdminSettingsPage *self,
           guint                i)
{
  GtkWidget *row = g_hash_table_lookup (self->fields, rows[i].key);
  const LdSettingSpec *spec = ld_settings_lookup_spec (rows[i].key);
  const char *text = GTK_IS_EDITABLE (row) ? gtk_editable_get_text (GTK_EDITABLE (row)) : NULL;
  g_autofree char *stored = NULL;
  const char *reason = NULL;
  gboolean good;
  gint64 number;

  g_assert (spec != NULL);
  switch (rows[i].kind)
    {
    case KIND_BOOL:
      good = ld_settings_parse_boolean (spec,
                                        gtk_switch_get_active (
                                          g_object_get_data (G_OBJECT (row), "ld-switch")),
                                        &stored, &reason);
      break;
    case KIND_PAPER:
      good =
        ld_settings_parse_string (spec,
                                  adw_combo_row_get_selected (ADW_COMBO_ROW (row)) == 1 ? "letter"
                                                                                        : "a4",
                                  &stored, &reason);
      break;
    case KIND_RUPEES:
    case KIND_PERCENT:
      good = (reason = ld_money_parse (text, &number)) == NULL &&
             ld_settings_parse_int (spec, number, &stored, &reason);
      break;
    case KIND_NUMBER:
      {
        g_autofree char *stripped = g_strstrip (g_strdup (text));

        if (g_ascii_string_to_signed (stripped, 10, G_MININT64, G_MAXINT64, &number, NULL))
          good = ld_settings_parse_int (spec, number, &stored, &reason);
        else
          /* Not a number: shared/model says what a whole number must be. */
          good = ld_settings_parse_string (spec, stripped, &stored, &reason);
        break;
      }
    case KIND_TEXT:
    default:
      good = ld_settings_parse_string (spec, text, &stored, &reason);
      break;
    }
  if (!good)
    g_clear_pointer (&stored, g_free);
  ld_field_error_set (row, stored ? NULL : reason);
  return g_steal_pointer (&stored);
}

static gboolean
differs (LdAdminSettingsPage *self,
         const char          *key,
         const char          *value)
{
  g_autofree char *old = self->saved ? ld_settings_dup_text (self->saved, key) : NULL;

  return old == NULL || g_strcmp0 (old, value) != 0;
}

/* How many settings differ from the saved ones; -1 when one is wrong. */
static int
count_changes (LdAdminSettingsPage *self)
{
  int changes = 0;
  gboolean valid = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *value = check_row (self, i);

      if (value == NULL)
        valid = FALSE;
      else if (differs (self, rows[i].key, value))
        changes++;
    }
  return valid ? changes : -1;
}

static void
update_actions (LdAdminSettingsPage *self)
{
  gboolean online = ld_session_get_online (self->session);
  int changes;

  if (self->saved == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "settings.save", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "settings.revert", FALSE);
      return;
    }
  changes = count_changes (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "settings.save",
                                 online && changes > 0 && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "settings.revert", changes != 0 && !self->busy);

  if (!online)
    gtk_label_set_text (self->state_label, _("Offline: the settings can be saved when the "
                                             "server is back."));
  else if (changes < 0)
    gtk_label_set_text (self->state_label, _("Some settings need correcting before they can "
                                             "be saved."));
  else if (changes > 0)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d setting changed, not saved yet.",
                                      "%d settings changed, not saved yet.", changes),
                         changes);
      gtk_label_set_text (self->state_label, text);
    }
  else
    gtk_label_set_text (self->state_label, _("Saved. Changes apply to new orders, receipts and "
                                             "reports; issued ones keep the settings of their day."));
}

static void
on_row_changed_cb (LdAdminSettingsPage *self)
{
  if (!self->filling)
    update_actions (self);
}

static void
fill (LdAdminSettingsPage *self)
{
  self->filling = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkWidget *row = g_hash_table_lookup (self->fields, rows[i].key);
      g_autofree char *value = ld_settings_dup_text (self->saved, rows[i].key);
      g_autofree char *text = NULL;

      if (value == NULL)
        continue;
      switch (rows[i].kind)
        {
        case KIND_BOOL:
          gtk_switch_set_active (g_object_get_data (G_OBJECT (row), "ld-switch"),
                                 g_str_equal (value, "true"));
          break;
        case KIND_PAPER:
          adw_combo_row_set_selected (ADW_COMBO_ROW (row), g_str_equal (value, "letter"));
          break;
        case KIND_RUPEES:
        case KIND_PERCENT:
          text = format_hundredths (g_ascii_strtoll (value, NULL, 10));
          gtk_editable_set_text (GTK_EDITABLE (row), text);
          break;
        case KIND_NUMBER:
        case KIND_TEXT:
        default:
          gtk_editable_set_text (GTK_EDITABLE (row), value);
          break;
        }
    }
  self->filling = FALSE;
  update_actions (self);
}

/* Takes @settings as the ones saved on the server, at @version. */
static void
take_saved (LdAdminSettingsPage *self,
            LdSettings          *settings,
            gint64               version)
{
  if (settings == NULL)
    return;
  g_clear_pointer (&self->saved, ld_settings_free);
  self->saved = settings;
  self->version = version;
  fill (self);
}

static void
on_settings_cb (GtkWidget    *widget,
                LdApiClient  *client,
                GAsyncResult *result)
{
  LdAdminSettingsPage *self = LD_ADMIN_SETTINGS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  gint64 version = 0;
  LdSettings *settings = ld_admin_get_settings_finish (client, result, &version, &error);

  if (settings == NULL)
    {
      ld_admin_say_error (self->status_label, error);
      return;
    }
  ld_admin_say (self->status_label, NULL);
  take_saved (self, settings, version);
}

static void
on_saved_cb (GtkWidget    *widget,
             LdApiClient  *client,
             GAsyncResult *result)
{
  LdAdminSettingsPage *self = LD_ADMIN_SETTINGS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  LdSettings *current = NULL;
  gint64      version = 0;
  gint64      current_version = 0;
  LdSettings *settings =
    ld_admin_save_settings_finish (client, result, &version, &current, &current_version, &error);

  self->busy = FALSE;
  if (settings != NULL)
    {
      ld_admin_say (self->status_label, NULL);
      take_saved (self, settings, version);
      gtk_widget_activate_action (widget, "win.toast", "s", _("Settings saved"));
      return;
    }

  if (current != NULL)
    {
      take_saved (self, current, current_version);
      ld_admin_say (self->status_label,
                    _("Someone else saved the settings in the meantime. Their values are "
                      "shown now; make your change again."));
      return;
    }
  if (ld_field_errors_show (error, self->fields) == 0)
    ld_admin_say_error (self->status_label, error);
  else
    ld_admin_say (self->status_label,
                  _("Not saved: the server refused the settings marked below."));
  update_actions (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdAdminSettingsPage *self = LD_ADMIN_SETTINGS_PAGE (widget);
  g_autoptr(LdSettings) edited = NULL;
  g_autoptr(GPtrArray) keys = NULL;

  if (self->busy || self->saved == NULL || count_changes (self) <= 0)
    return;

  edited = ld_settings_new ();
  keys = g_ptr_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *value = check_row (self, i);

      if (value == NULL || !differs (self, rows[i].key, value))
        continue;
      ld_settings_set_text (edited, rows[i].key, value);
      g_ptr_array_add (keys, (gpointer) rows[i].key);
    }
  g_ptr_array_add (keys, NULL);

  self->busy = TRUE;
  update_actions (self);
  ld_admin_save_settings_async (ld_session_get_api_client (self->session), edited, self->version,
                                (const char * const *) keys->pdata, NULL, ld_admin_done_cb,
                                ld_admin_hold (widget, on_saved_cb));
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LdAdminSettingsPage *self = LD_ADMIN_SETTINGS_PAGE (widget);

  ld_admin_say (self->status_label, NULL);
  fill (self);
}

static char *
describe_range (guint i)
{
  const LdSettingSpec *spec = ld_settings_lookup_spec (rows[i].key);
  g_autofree char *min = NULL;
  g_autofree char *max = NULL;

  if (spec->type != LD_SETTING_INT)
    return NULL;
  if (rows[i].kind == KIND_RUPEES || rows[i].kind == KIND_PERCENT)
    {
      min = format_hundredths (spec->min);
      max = format_hundredths (spec->max);
    }
  else
    {
      min = g_strdup_printf ("%" G_GINT64_FORMAT, spec->min);
      max = g_strdup_printf ("%" G_GINT64_FORMAT, spec->max);
    }
  /* Translators: the range a setting may take. */
  return g_strdup_printf (_("From %s to %s"), min, max);
}

static GtkWidget *
build_row (LdAdminSettingsPage *self,
           guint                i)
{
  GtkWidget *row;
  g_autofree char *range = describe_range (i);
  const char *description = rows[i].description ? _(rows[i].description) : range;

  switch (rows[i].kind)
    {
    case KIND_BOOL:
      {
        GtkWidget *toggle = gtk_switch_new ();

        row = adw_action_row_new ();
        gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
        gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _(rows[i].title), -1);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
        g_object_set_data (G_OBJECT (row), "ld-switch", toggle);
        g_signal_connect_object (toggle, "notify::active", G_CALLBACK (on_row_changed_cb), self,
                                 G_CONNECT_SWAPPED);
        if (description != NULL)
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);
        break;
      }
    case KIND_PAPER:
      {
        g_autoptr(GtkStringList) papers = gtk_string_list_new (NULL);

        gtk_string_list_append (papers, _("A4"));
        gtk_string_list_append (papers, _("Letter"));
        row = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (papers));
        g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_row_changed_cb), self,
                                 G_CONNECT_SWAPPED);
        if (description != NULL)
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);
        break;
      }
    case KIND_TEXT:
    case KIND_NUMBER:
    case KIND_RUPEES:
    case KIND_PERCENT:
    default:
      row = adw_entry_row_new ();
      g_signal_connect_object (row, "changed", G_CALLBACK (on_row_changed_cb), self,
                               G_CONNECT_SWAPPED);
      /* An entry row has no subtitle: the range is its tooltip and its
       * accessible description. */
      if (description != NULL)
        {
          gtk_widget_set_tooltip_text (row, description);
          gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
        }
      if (rows[i].kind != KIND_TEXT)
        gtk_editable_set_alignment (GTK_EDITABLE (row), 1);
      break;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(rows[i].title));
  gtk_widget_set_name (row, rows[i].key);
  return row;
}

static void
build_rows (LdAdminSettingsPage *self)
{
  AdwPreferencesGroup *groups[G_N_ELEMENTS (group_titles)];

  for (guint g = 0; g < G_N_ELEMENTS (group_titles); g++)
    {
      groups[g] = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (groups[g], _(group_titles[g]));
      adw_preferences_page_add (self->prefs, groups[g]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkWidget *row = build_row (self, i);

      g_assert (rows[i].group < G_N_ELEMENTS (group_titles));
      adw_preferences_group_add (groups[rows[i].group], row);
      g_hash_table_insert (self->fields, (gpointer) rows[i].key, row);
    }
}

static void
ld_admin_settings_page_constructed (GObject *object)
{
  LdAdminSettingsPage *self = LD_ADMIN_SETTINGS_PAGE (object);

  G_OBJECT_CLASS (ld_admin_settings_page_parent_class)->constructed (object);

  adw_preferences_page_add (self->prefs,
                            ADW_PREFERENCES_GROUP (ld_admin_icd10_group_new (self->session)));
  g_signal_connect_object (self->session, "notify::online", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
on_map_cb (LdAdminSettingsPage *self)
{
  /* Read afresh each time the section is shown: settings change rarely,
   * and another administrator may have saved. */
  if (!self->busy && (self->saved == NULL || count_changes (self) == 0))
    ld_admin_get_settings_async (ld_session_get_api_client (self->session), NULL, ld_admin_done_cb,
                                 ld_admin_hold (GTK_WIDGET (self), on_settings_cb));
}

static void
ld_admin_settings_page_dispose (GObject *object)
{
  LdAdminSettingsPage *self = LD_ADMIN_SETTINGS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_ADMIN_SETTINGS_PAGE);
  g_clear_object (&self->session);
  g_clear_pointer (&self->saved, ld_settings_free);
  g_clear_pointer (&self->fields, g_hash_table_unref);

  G_OBJECT_CLASS (ld_admin_settings_page_parent_class)->dispose (object);
}

static void
ld_admin_settings_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  LdAdminSettingsPage *self = LD_ADMIN_SETTINGS_PAGE (object);

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
ld_admin_settings_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  LdAdminSettingsPage *self = LD_ADMIN_SETTINGS_PAGE (object);

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
ld_admin_settings_page_class_init (LdAdminSettingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_admin_settings_page_constructed;
  object_class->dispose = ld_admin_settings_page_dispose;
  object_class->get_property = ld_admin_settings_page_get_property;
  object_class->set_property = ld_admin_settings_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/admin/ld-admin-settings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdAdminSettingsPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminSettingsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminSettingsPage, prefs);

  gtk_widget_class_install_action (widget_class, "settings.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "settings.save", NULL);
  gtk_widget_class_install_action (widget_class, "settings.revert", NULL, revert_action);
}

static void
ld_admin_settings_page_init (LdAdminSettingsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->fields = g_hash_table_new (g_str_hash, g_str_equal);
  build_rows (self);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
}

/**
 * ld_admin_settings_page_new:
 * @session: the signed-in session
 *
 * Returns: (transfer full): the settings section
 */
GtkWidget *
ld_admin_settings_page_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_ADMIN_SETTINGS_PAGE, "session", session, NULL);
}
