/* ld-admin-test-page.c: one test of the catalogue: its editor
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything a test is: what it is called, its sample, its result, its
 * critical and delta limits, its price and its reference ranges by sex
 * and age band (ages in days, months or years). As the person types, the
 * whole test is handed to shared's LdCatalogTestForm, which reads it with
 * the code the server runs, so a field is refused here for the reason the
 * server would give, beside it; ranges of one sex that overlap, or leave
 * ages between them uncovered, are refused at the range. Saving sends the
 * changed members with the version last read; the server's own field
 * errors come back to the same places.
 *
 * Its auto-verification (issue 34) lives on the server only, apart from
 * the test: it is read when the test opens and saved by the same Save,
 * before the test, so that a refusal leaves both as they were.
 */

#define G_LOG_DOMAIN "ld-admin-test-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "ld-admin-call.h"
#include "ld-admin-test-page.h"
#include "ld-age.h"
#include "ld-auto-verify.h"
#include "ld-catalog-body.h"
#include "ld-catalog-form.h"
#include "ld-error.h"
#include "ld-money.h"

typedef enum
{
  F_TEXT,
  F_OPT_TEXT,
  F_INT,
  F_RUPEES,
  F_OPT_NUMBER,
  F_LIST,
} FieldKind;

enum
{
  GROUP_TEST,
  GROUP_SAMPLE,
  GROUP_RESULT,
  GROUP_LIMITS,
  GROUP_AUTO,
  GROUP_PRICE,
  GROUP_RANGES,
  N_GROUPS
};

/* clang-format off */
static const char *const group_titles[N_GROUPS] = {
  N_("Test"),
  N_("Sample"),
  N_("Result"),
  N_("Critical limits and delta check"),
  N_("Auto-verification"),
  N_("Price"),
  N_("Reference ranges"),
};
/* clang-format on */

static const struct
{
  const char *key;
  guint       group;
  FieldKind   kind;
  const char *title;
} simple_fields[] = {
  { "code", GROUP_TEST, F_TEXT, N_("Code") },
    { "name", GROUP_TEST, F_TEXT, N_("Name") },
      { "loinc", GROUP_TEST, F_OPT_TEXT, N_("LOINC code") },
        { "specimen", GROUP_SAMPLE, F_TEXT, N_("Specimen") },
          { "container", GROUP_SAMPLE, F_TEXT, N_("Container") },
            { "turnaround_hours", GROUP_SAMPLE, F_INT, N_("Turnaround time (hours)") },
              { "unit", GROUP_RESULT, F_TEXT, N_("Unit") },
                { "decimals", GROUP_RESULT, F_INT, N_("Decimals") },
                  { "choices", GROUP_RESULT, F_LIST, N_("Choices, separated by commas") },
                    { "normal_choices", GROUP_RESULT, F_LIST,
                      N_("Normal choices, separated by commas") },
                      { "critical_low", GROUP_LIMITS, F_OPT_NUMBER, N_("Critical low") },
                        { "critical_high", GROUP_LIMITS, F_OPT_NUMBER, N_("Critical high") },
                          { "price_paise", GROUP_PRICE, F_RUPEES, N_("Price (₹)") },
                        };

static const char * const result_types[] = { "numeric", "text", "choice" };
static const char * const result_type_titles[] = { N_("Numeric"), N_("Text"), N_("Choice") };
static const char * const delta_types[] = { NULL, "absolute", "percent" };
static const char * const delta_type_titles[] = {
  N_("None"), N_("Absolute, in the test’s unit"), N_("Percent of the previous value") };
static const char * const sexes[] = { "any", "female", "male" };
static const char * const sex_titles[] = { N_("Anyone"), N_("Female"), N_("Male") };
static const char * const unit_titles[] = { N_("days"), N_("months"), N_("years") };

/* The rules an administrator may leave out, in the order they are tried;
 * "critical" always applies and has no switch. */
/* clang-format off */
static const struct
{
  LdAutoRule  rule;
  const char *title;
  const char *subtitle;
} auto_rules[] = {
  { LD_AUTO_RULE_RANGE, N_("Within the reference range"),
    N_("The value lies within its reference range; a choice is one of the normal ones") },
  { LD_AUTO_RULE_DELTA, N_("Delta check passes"),
    N_("Close enough to the patient’s previous verified result, or there is none") },
  { LD_AUTO_RULE_FLAGS, N_("No instrument flag"),
    N_("The instrument sent no abnormal flag with the value") },
  { LD_AUTO_RULE_SAMPLE, N_("Sample accepted"),
    N_("The sample was received or stored, not disposed of") },
  { LD_AUTO_RULE_INSTRUMENT, N_("From an instrument"),
    N_("The value came from an instrument, not typed by hand") },
};
/* clang-format on */

/* One reference range's widgets, kept on its row. */
typedef struct
{
  GtkWidget *row;
  GtkWidget *number;
  GtkWidget *sex;
  GtkWidget *from_value;
  GtkWidget *from_unit;
  GtkWidget *to_value;
  GtkWidget *to_unit;
  GtkWidget *low;
  GtkWidget *high;
} Band;

struct _LdAdminTestPage
{
  AdwBin              parent_instance;

  LdSession          *session;
  char               *code;
  /* The test as the server last answered; NULL while new or loading. */
  LdCatalogTest      *saved;
  gboolean            busy;
  gboolean            filling;
  GPtrArray          *bands;
  /* Wire names to their fields, for field errors. */
  GHashTable         *fields;

  GtkLabel           *title_label;
  GtkLabel           *status_label;
  AdwPreferencesPage *prefs;
  AdwPreferencesGroup *groups[N_GROUPS];
  AdwComboRow        *result_type_row;
  AdwComboRow        *department_row;
  AdwComboRow        *delta_type_row;
  AdwEntryRow        *delta_limit_row;
  AdwEntryRow        *delta_window_row;
  AdwActionRow       *active_row;
  GtkSwitch          *active_switch;
  AdwActionRow       *ranges_row;
  /* The auto-verification as the server last answered; NULL until read. */
  LdAutoVerifyConfig *auto_saved;
  GtkSwitch          *auto_switch;
  GtkSwitch          *rule_switches[G_N_ELEMENTS (auto_rules)];
  GtkLabel           *auto_note;
};

G_DEFINE_FINAL_TYPE (LdAdminTestPage, ld_admin_test_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_CODE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void update_actions (LdAdminTestPage *self);

static GtkWidget *
field (LdAdminTestPage *self,
       const char      *key)
{
  return g_hash_table_lookup (self->fields, key);
}

static char *
dup_stripped (GtkWidget *editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

/* The whole test as typed, handed to shared/model's form (the one
 * POST /catalog/tests takes). Fields that are not even of their shape
 * are put in @problems, by widget. */
static LdCatalogTestForm *
read_form (LdAdminTestPage *self,
           GHashTable      *problems)
{
  LdCatalogTestForm *form = ld_catalog_test_form_new ();
  guint delta = adw_combo_row_get_selected (self->delta_type_row);

  for (guint i = 0; i < G_N_ELEMENTS (simple_fields); i++)
    {
      const char *key = simple_fields[i].key;
      g_autofree char *text = dup_stripped (field (self, key));
      gint64 number;
      const char *reason;

      switch (simple_fields[i].kind)
        {
        case F_OPT_TEXT:
          ld_catalog_test_form_set_optional_text (form, key, text);
          break;
        case F_INT:
          ld_catalog_test_form_set_whole (form, key, text);
          break;
        case F_RUPEES:
          if ((reason = ld_money_parse (text, &number)) != NULL)
            g_hash_table_insert (problems, field (self, key), (gpointer) reason);
          ld_catalog_test_form_set_int (form, key, reason ? 0 : number);
          break;
        case F_OPT_NUMBER:
          ld_catalog_test_form_set_number (form, key, text);
          break;
        case F_LIST:
          ld_catalog_test_form_set_list (form, key, text);
          break;
        case F_TEXT:
        default:
          ld_catalog_test_form_set_text (form, key, text);
          break;
        }
    }

  ld_catalog_test_form_set_text (form, "result_type",
                                 result_types[adw_combo_row_get_selected (self->result_type_row)]);
  ld_catalog_test_form_set_text (
    form, "department", ld_departments ()[adw_combo_row_get_selected (self->department_row)]);
  ld_catalog_test_form_set_active (form, gtk_switch_get_active (self->active_switch));

  if (delta == 0 || delta >= G_N_ELEMENTS (delta_types))
    ld_catalog_test_form_set_delta (form, NULL, NULL, NULL);
  else
    {
      g_autofree char *limit = dup_stripped (GTK_WIDGET (self->delta_limit_row));
      g_autofree char *window = dup_stripped (GTK_WIDGET (self->delta_window_row));

      ld_catalog_test_form_set_delta (form, delta_types[delta], limit, window);
    }

  for (guint i = 0; i < self->bands->len; i++)
    {
      Band *band = g_ptr_array_index (self->bands, i);
      g_autofree char *from = dup_stripped (band->from_value);
      g_autofree char *to = dup_stripped (band->to_value);
      g_autofree char *low = dup_stripped (band->low);
      g_autofree char *high = dup_stripped (band->high);

      if (!ld_catalog_test_form_add_band (
            form, sexes[gtk_drop_down_get_selected (GTK_DROP_DOWN (band->sex))], from,
            gtk_drop_down_get_selected (GTK_DROP_DOWN (band->from_unit)), to,
            gtk_drop_down_get_selected (GTK_DROP_DOWN (band->to_unit)), low, high))
        g_hash_table_insert (problems, band->row,
                             (gpointer) N_("has an age that is not a whole number, or a limit "
                                           "that is not a number"));
    }
  return form;
}

/* A range's row has no room for words beside it: the range is marked
 * (its first age, with the reason as its tooltip and accessible
 * description) and the reason, with the range's number, is said at the
 * head of the ranges. */
static void
mark_band (LdAdminTestPage *self,
           guint            index,
           const char      *reason)
{
  Band *band = g_ptr_array_index (self->bands, index);
  g_autofree char *text = NULL;

  ld_field_error_set (band->from_value, reason);
  /* Translators: a reference range's number and what is wrong with it. */
  text = g_strdup_printf (_("Range %u %s"), index + 1, ld_error_text_field_message (reason));
  ld_field_error_set (GTK_WIDGET (self->ranges_row), text);
}

/* Checks the form as typed with shared/model and shows each problem at
 * its field. Returns the test as read when it may be sent, with
 * @out_changed saying whether it differs from what was saved. */
static LdCatalogTest *
check_form (LdAdminTestPage *self,
            gboolean        *out_changed)
{
  g_autoptr(GHashTable) problems = g_hash_table_new (NULL, NULL);
  g_autoptr(LdCatalogTestForm) form = read_form (self, problems);
  g_autoptr(LdCatalogTest) test = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) changes = NULL;
  gboolean valid;
  gboolean bands_changed;
  GHashTableIter iter;
  gpointer key, reason;
  const char *layout;
  guint index = 0;

  valid = ld_catalog_test_form_read (form, &test, &error);
  ld_field_errors_show (error, self->fields);
  for (guint i = 0; i < self->bands->len; i++)
    ld_field_error_set (((Band *) g_ptr_array_index (self->bands, i))->from_value, NULL);

  changes = ld_catalog_test_changes (self->saved, test);
  /* Ranges that cannot be read are not the saved ones. */
  bands_changed = self->saved == NULL || test->reference_ranges == NULL ||
                  g_strv_contains ((const char * const *) changes, "reference_ranges");

  /* Gaps are refused where the person changes the ranges: the starting
   * catalogue's own gaps stay while only the price is edited. */
  layout = ld_catalog_test_form_check_bands (form, !bands_changed, &index);
  if (layout != NULL && index < self->bands->len)
    {
      mark_band (self, index, layout);
      valid = FALSE;
    }

  g_hash_table_iter_init (&iter, problems);
  while (g_hash_table_iter_next (&iter, &key, &reason))
    {
      Band *band = g_object_get_data (G_OBJECT (key), "ld-band");

      if (band != NULL)
        mark_band (self, g_ptr_array_find (self->bands, band, &index) ? index : 0, reason);
      else
        ld_field_error_set (key, reason);
      valid = FALSE;
    }

  *out_changed = self->saved == NULL || changes[0] != NULL;
  return valid ? g_steal_pointer (&test) : NULL;
}

/* The auto-verification as the switches say, with the version last read;
 * NULL until it has been read. */
static LdAutoVerifyConfig *
read_auto (LdAdminTestPage *self)
{
  LdAutoVerifyConfig *config;

  if (self->auto_saved == NULL)
    return NULL;
  config = ld_auto_verify_config_new (self->auto_saved->test_code);
  config->version = self->auto_saved->version;
  config->enabled = gtk_switch_get_active (self->auto_switch);
  config->rules = LD_AUTO_RULE_CRITICAL;
  for (guint i = 0; i < G_N_ELEMENTS (auto_rules); i++)
    if (gtk_switch_get_active (self->rule_switches[i]))
      config->rules |= auto_rules[i].rule;
  return config;
}

static gboolean
auto_changed (LdAdminTestPage *self)
{
  g_autoptr(LdAutoVerifyConfig) config = read_auto (self);

  return config != NULL &&
         (config->enabled != self->auto_saved->enabled || config->rules != self->auto_saved->rules);
}

/* The rules are kept on the server only: without it, or before they are
 * read, they cannot be changed, and a line says why. */
static void
update_auto (LdAdminTestPage *self,
             gboolean         online)
{
  gboolean usable = online && self->auto_saved != NULL && !self->busy;

  gtk_widget_set_sensitive (GTK_WIDGET (self->auto_switch), usable);
  for (guint i = 0; i < G_N_ELEMENTS (auto_rules); i++)
    gtk_widget_set_sensitive (GTK_WIDGET (self->rule_switches[i]), usable);
  if (!online)
    ld_admin_say (self->auto_note, _("Auto-verification is kept on the server: it can be "
                                     "changed when the server can be reached."));
  else if (self->auto_saved != NULL)
    ld_admin_say (self->auto_note, NULL);
}

static void
update_actions (LdAdminTestPage *self)
{
  gboolean online = ld_session_get_online (self->session);
  gboolean loaded = self->code == NULL || self->saved != NULL;
  gboolean changed = FALSE;
  g_autoptr(LdCatalogTest) test = NULL;

  update_auto (self, online);

  if (self->filling)
    return;
  if (loaded)
    test = check_form (self, &changed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "test.save",
                                 online && test != NULL && (changed || auto_changed (self)) &&
                                   !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "test.add-range", loaded);
}

static void
on_changed_cb (LdAdminTestPage *self)
{
  update_actions (self);
}

static GtkWidget *
new_drop_down (const char * const *titles, guint n_titles, const char *accessible_name)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  GtkWidget *drop_down;

  for (guint i = 0; i < n_titles; i++)
    gtk_string_list_append (model, _(titles[i]));
  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&model)), NULL);
  gtk_widget_set_valign (drop_down, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  return drop_down;
}

static GtkWidget *
new_small_entry (const char *placeholder,
                 const char *accessible_name,
                 int         width)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), width);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), width);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  return entry;
}

static void renumber_bands (LdAdminTestPage *self);

static void
on_remove_band_clicked_cb (GtkButton       *button,
                           LdAdminTestPage *self)
{
  for (guint i = 0; i < self->bands->len; i++)
    {
      Band *band = g_ptr_array_index (self->bands, i);

      if (gtk_widget_is_ancestor (GTK_WIDGET (button), band->row))
        {
          adw_preferences_group_remove (self->groups[GROUP_RANGES], band->row);
          g_ptr_array_remove_index (self->bands, i);
          break;
        }
    }
  renumber_bands (self);
  update_actions (self);
}

/* Each range's title and its controls' names say which range they are,
 * for a screen reader too. */
static void
renumber_bands (LdAdminTestPage *self)
{
  for (guint i = 0; i < self->bands->len; i++)
    {
      Band *band = g_ptr_array_index (self->bands, i);
      g_autofree char *title = NULL;
      g_autofree char *name = NULL;

      /* Translators: a reference range's title, numbered. */
      title = g_strdup_printf (_("Range %u"), i + 1);
      /* A label of its own rather than the row's title, which wraps to a
       * column of letters beside the range's many controls. */
      gtk_label_set_text (GTK_LABEL (band->number), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (band->row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      title, -1);
      name = g_strdup_printf ("range-%u", i + 1);
      gtk_widget_set_name (band->row, name);
    }
}

static void
connect_changed (LdAdminTestPage *self,
                 GtkWidget       *widget)
{
  if (GTK_IS_EDITABLE (widget))
    g_signal_connect_object (widget, "changed", G_CALLBACK (on_changed_cb), self,
                             G_CONNECT_SWAPPED);
  else
    g_signal_connect_object (widget, "notify::selected", G_CALLBACK (on_changed_cb), self,
                             G_CONNECT_SWAPPED);
}

static Band *
add_band (LdAdminTestPage *self)
{
  Band *band = g_new0 (Band, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkWidget *widgets[7];

  band->row = adw_action_row_new ();
  band->number = gtk_label_new (NULL);
  adw_action_row_add_prefix (ADW_ACTION_ROW (band->row), band->number);
  band->sex = new_drop_down (sex_titles, G_N_ELEMENTS (sex_titles), _("Sex"));
  band->from_value = new_small_entry (_("0"), _("Age from"), 4);
  band->from_unit =
    new_drop_down (unit_titles, G_N_ELEMENTS (unit_titles), _("Unit of the age from"));
  band->to_value = new_small_entry (_("none"), _("Age to, not included"), 5);
  band->to_unit = new_drop_down (unit_titles, G_N_ELEMENTS (unit_titles), _("Unit of the age to"));
  band->low = new_small_entry (_("low"), _("Low limit"), 6);
  band->high = new_small_entry (_("high"), _("High limit"), 6);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (band->from_unit), LD_AGE_YEARS);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (band->to_unit), LD_AGE_YEARS);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove this range"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove this range"), -1);
  gtk_widget_add_css_class (remove, "flat");
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_band_clicked_cb), self, 0);

  widgets[0] = band->sex;
  widgets[1] = band->from_value;
  widgets[2] = band->from_unit;
  widgets[3] = band->to_value;
  widgets[4] = band->to_unit;
  widgets[5] = band->low;
  widgets[6] = band->high;
  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    {
      if (i == 1)
        gtk_box_append (GTK_BOX (box), gtk_label_new (_("from")));
      else if (i == 3)
        gtk_box_append (GTK_BOX (box), gtk_label_new (_("to")));
      else if (i == 5)
        gtk_box_append (GTK_BOX (box), gtk_label_new (_("interval")));
      gtk_box_append (GTK_BOX (box), widgets[i]);
      connect_changed (self, widgets[i]);
    }
  gtk_box_append (GTK_BOX (box), remove);
  adw_action_row_add_suffix (ADW_ACTION_ROW (band->row), box);
  adw_preferences_group_add (self->groups[GROUP_RANGES], band->row);
  g_object_set_data (G_OBJECT (band->row), "ld-band", band);
  g_ptr_array_add (self->bands, band);
  renumber_bands (self);
  return band;
}

static void
add_range_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LdAdminTestPage *self = LD_ADMIN_TEST_PAGE (widget);
  Band *band = add_band (self);

  update_actions (self);
  gtk_widget_grab_focus (band->sex);
}

static void
set_entry_text (GtkWidget  *entry,
                const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
}

static void
set_int (GtkWidget *entry,
         gint64     value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  set_entry_text (entry, text);
}

static void
set_number (GtkWidget *entry,
            gboolean   has,
            double     value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  set_entry_text (entry, has ? g_ascii_formatd (buffer, sizeof buffer, "%.10g", value) : "");
}

static void
set_age (GtkWidget *value,
         GtkWidget *unit,
         gboolean   has,
         gint64     age,
         LdAgeUnit  age_unit)
{
  if (has)
    set_int (value, age);
  else
    set_entry_text (value, "");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (unit), has ? age_unit : LD_AGE_YEARS);
}

static void
set_list (GtkWidget *entry,
          char     **list)
{
  g_autofree char *text = g_strjoinv (", ", list);

  set_entry_text (entry, text);
  g_strfreev (list);
}

static guint
index_of (const char * const *names, guint n_names, const char *name)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i], name) == 0)
      return i;
  return 0;
}

static void
fill (LdAdminTestPage *self)
{
  const LdCatalogTest *test = self->saved;
  const char * const  *departments = ld_departments ();
  g_autofree char *price = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", test->price_paise / 100,
                                            (int) (test->price_paise % 100));

  self->filling = TRUE;
  gtk_label_set_text (self->title_label, test->name);
  set_entry_text (field (self, "code"), test->code);
  set_entry_text (field (self, "name"), test->name);
  set_entry_text (field (self, "loinc"), test->loinc);
  set_entry_text (field (self, "specimen"), test->specimen);
  set_entry_text (field (self, "container"), test->container);
  set_int (field (self, "turnaround_hours"), test->turnaround_hours);
  set_entry_text (field (self, "unit"), test->unit);
  set_int (field (self, "decimals"), test->decimals);
  set_list (field (self, "choices"), ld_catalog_test_dup_choices (test));
  set_list (field (self, "normal_choices"), ld_catalog_test_dup_normal_choices (test));
  set_number (field (self, "critical_low"), test->has_critical_low, test->critical_low);
  set_number (field (self, "critical_high"), test->has_critical_high, test->critical_high);
  set_entry_text (field (self, "price_paise"), price);
  /* The code is fixed once made. */
  gtk_editable_set_editable (GTK_EDITABLE (field (self, "code")), FALSE);

  adw_combo_row_set_selected (self->result_type_row,
                              index_of (result_types, G_N_ELEMENTS (result_types),
                                        ld_result_type_to_string (test->result_type)));
  adw_combo_row_set_selected (self->department_row,
                              index_of (departments, g_strv_length ((char **) departments),
                                        test->department));
  gtk_switch_set_active (self->active_switch, test->active);
  if (test->delta_check.active)
    {
      adw_combo_row_set_selected (self->delta_type_row,
                                  index_of (delta_types, G_N_ELEMENTS (delta_types),
                                            ld_delta_type_to_string (test->delta_check.type)));
      set_number (GTK_WIDGET (self->delta_limit_row), TRUE, test->delta_check.limit);
      set_int (GTK_WIDGET (self->delta_window_row), test->delta_check.window_days);
    }
  else
    adw_combo_row_set_selected (self->delta_type_row, 0);

  while (self->bands->len > 0)
    {
      Band *band = g_ptr_array_index (self->bands, self->bands->len - 1);

      adw_preferences_group_remove (self->groups[GROUP_RANGES], band->row);
      g_ptr_array_remove_index (self->bands, self->bands->len - 1);
    }
  for (guint i = 0; i < ld_catalog_test_get_n_bands (test); i++)
    {
      LdCatalogBand range;
      Band *band;

      if (!ld_catalog_test_get_band (test, i, &range))
        continue;
      band = add_band (self);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (band->sex),
                                  index_of (sexes, G_N_ELEMENTS (sexes), range.sex));
      set_age (band->from_value, band->from_unit, TRUE, range.from_value, range.from_unit);
      set_age (band->to_value, band->to_unit, range.has_to, range.to_value, range.to_unit);
      set_number (band->low, range.has_low, range.low);
      set_number (band->high, range.has_high, range.high);
      ld_catalog_band_clear (&range);
    }
  self->filling = FALSE;
  update_actions (self);
}

/* Takes @test as the one saved on the server. */
static void
take_test (LdAdminTestPage *self,
           LdCatalogTest   *test)
{
  g_clear_pointer (&self->saved, ld_catalog_test_free);
  self->saved = test;
  if (self->code == NULL)
    self->code = g_strdup (test->code);
  fill (self);
}

static void
fill_auto (LdAdminTestPage *self)
{
  gboolean filling = self->filling;

  self->filling = TRUE;
  gtk_switch_set_active (self->auto_switch, self->auto_saved->enabled);
  for (guint i = 0; i < G_N_ELEMENTS (auto_rules); i++)
    gtk_switch_set_active (self->rule_switches[i],
                           (self->auto_saved->rules & auto_rules[i].rule) != 0);
  self->filling = filling;
  update_actions (self);
}

/* Takes @config as the auto-verification saved on the server. */
static void
take_auto (LdAdminTestPage    *self,
           LdAutoVerifyConfig *config)
{
  g_clear_pointer (&self->auto_saved, ld_auto_verify_config_free);
  self->auto_saved = config;
  fill_auto (self);
}

static void
on_auto_cb (GtkWidget    *widget,
            LdApiClient  *client,
            GAsyncResult *result)
{
  LdAdminTestPage *self = LD_ADMIN_TEST_PAGE (widget);
  g_autoptr(GError) error = NULL;
  LdAutoVerifyConfig *config = ld_admin_get_auto_verify_finish (client, result, &error);

  if (config != NULL)
    take_auto (self, config);
  else
    ld_admin_say_error (self->auto_note, error);
}

/* Everything is saved: back to the catalogue. */
static void
say_saved (LdAdminTestPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  ld_admin_say (self->status_label, NULL);
  gtk_widget_activate_action (widget, "win.toast", "s", _("Test saved"));
  gtk_widget_activate_action (widget, "admin.saved", NULL);
}

static void
on_saved_cb (GtkWidget    *widget,
             LdApiClient  *client,
             GAsyncResult *result)
{
  LdAdminTestPage *self = LD_ADMIN_TEST_PAGE (widget);
  g_autoptr(GError) error = NULL;
  LdCatalogTest *current = NULL;

  self->busy = FALSE;
  if (ld_admin_save_test_finish (client, result, &current, &error))
    {
      say_saved (self);
      return;
    }
  if (current != NULL)
    {
      take_test (self, current);
      ld_admin_say (self->status_label,
                    _("Someone else changed this test in the meantime. Their version is "
                      "shown now; make your change again."));
      return;
    }
  if (ld_field_errors_show (error, self->fields) == 0)
    ld_admin_say_error (self->status_label, error);
  else
    ld_admin_say (self->status_label, _("Not saved: the server refused what is marked below."));
  gtk_widget_action_set_enabled (widget, "test.save", TRUE);
}

/* Saves the test itself when it changed; TRUE if it went to the server. */
static gboolean
save_test (LdAdminTestPage *self)
{
  gboolean changed = FALSE;
  g_autoptr(LdCatalogTest) test = check_form (self, &changed);

  if (test == NULL || !changed)
    return FALSE;
  self->busy = TRUE;
  update_actions (self);
  ld_admin_save_test_async (ld_session_get_api_client (self->session), self->saved, test, NULL,
                            ld_admin_done_cb, ld_admin_hold (GTK_WIDGET (self), on_saved_cb));
  return TRUE;
}

static void
on_auto_saved_cb (GtkWidget    *widget,
                  LdApiClient  *client,
                  GAsyncResult *result)
{
  LdAdminTestPage *self = LD_ADMIN_TEST_PAGE (widget);
  g_autoptr(GError) error = NULL;
  LdAutoVerifyConfig *current = NULL;
  LdAutoVerifyConfig *config =
    ld_admin_save_auto_verify_finish (client, result, &current, &error);

  self->busy = FALSE;
  if (config != NULL)
    {
      /* Kept, so that a refusal of the test keeps the rules as saved. */
      g_clear_pointer (&self->auto_saved, ld_auto_verify_config_free);
      self->auto_saved = config;
      if (!save_test (self))
        say_saved (self);
      return;
    }
  if (current != NULL)
    {
      take_auto (self, current);
      ld_admin_say (self->status_label,
                    _("Someone else changed this test’s auto-verification in the meantime. "
                      "Theirs is shown now; make your change again."));
      return;
    }
  ld_admin_say_error (self->status_label, error);
  update_actions (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdAdminTestPage *self = LD_ADMIN_TEST_PAGE (widget);
  gboolean changed = FALSE;
  g_autoptr(LdCatalogTest) test = check_form (self, &changed);
  g_autoptr(LdAutoVerifyConfig) config = NULL;

  if (self->busy || test == NULL)
    return;
  if (!auto_changed (self))
    {
      save_test (self);
      return;
    }

  /* The rules first: refused, neither is saved. */
  config = read_auto (self);
  self->busy = TRUE;
  update_actions (self);
  ld_admin_save_auto_verify_async (ld_session_get_api_client (self->session), config, NULL,
                                   ld_admin_done_cb, ld_admin_hold (widget, on_auto_saved_cb));
}

static void
on_test_cb (GtkWidget    *widget,
            LdApiClient  *client,
            GAsyncResult *result)
{
  LdAdminTestPage *self = LD_ADMIN_TEST_PAGE (widget);
  g_autoptr(GError) error = NULL;
  LdCatalogTest *test = ld_admin_get_test_finish (client, result, &error);

  if (test != NULL)
    take_test (self, test);
  else if (error != NULL)
    ld_admin_say_error (self->status_label, error);
  else
    ld_admin_say (self->status_label, _("This test is not in the catalogue."));
}

static GtkWidget *
add_entry_row (LdAdminTestPage *self,
               guint            group,
               const char      *key,
               const char      *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (row, key);
  adw_preferences_group_add (self->groups[group], row);
  connect_changed (self, row);
  g_hash_table_insert (self->fields, (gpointer) key, row);
  return row;
}

static AdwComboRow *
add_combo_row (LdAdminTestPage    *self,
               guint               group,
               const char         *key,
               const char         *title,
               const char * const *titles,
               guint               n_titles)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  for (guint i = 0; i < n_titles; i++)
    gtk_string_list_append (model, _(titles[i]));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (row, key);
  adw_preferences_group_add (self->groups[group], row);
  connect_changed (self, row);
  g_hash_table_insert (self->fields, (gpointer) key, row);
  return ADW_COMBO_ROW (row);
}

static GtkSwitch *
add_switch_row (LdAdminTestPage *self,
                const char      *name,
                const char      *title,
                const char      *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  gtk_widget_set_name (toggle, name);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
  adw_preferences_group_add (self->groups[GROUP_AUTO], row);
  g_signal_connect_object (toggle, "notify::active", G_CALLBACK (on_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return GTK_SWITCH (toggle);
}

static void
build_auto (LdAdminTestPage *self)
{
  GtkWidget *note = gtk_label_new (NULL);

  adw_preferences_group_set_description (
    self->groups[GROUP_AUTO],
    _("When a technician submits a result that passes every rule chosen here, it is verified "
      "without a second technician. A critical value always waits for a person, who "
      "telephones it; release always stays with an authorised signatory."));
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_set_visible (note, FALSE);
  gtk_widget_set_name (note, "auto-verification-note");
  adw_preferences_group_add (self->groups[GROUP_AUTO], note);
  self->auto_note = GTK_LABEL (note);

  self->auto_switch = add_switch_row (self, "auto-verification", _("Verify by rules"),
                                      _("Off: every result waits for a second technician"));
  for (guint i = 0; i < G_N_ELEMENTS (auto_rules); i++)
    {
      g_autofree char *name =
        g_strconcat ("auto-rule-", ld_auto_rule_to_string (auto_rules[i].rule), NULL);

      self->rule_switches[i] =
        add_switch_row (self, name, _(auto_rules[i].title), _(auto_rules[i].subtitle));
    }
}

static void
build_form (LdAdminTestPage *self)
{
  const char * const     *departments = ld_departments ();
  guint                   n_departments = g_strv_length ((char **) departments);
  g_autofree const char **department_titles = g_new0 (const char *, n_departments + 1);
  GtkWidget *add_button;

  for (guint g = 0; g < N_GROUPS; g++)
    {
      self->groups[g] = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (self->groups[g], _(group_titles[g]));
      adw_preferences_page_add (self->prefs, self->groups[g]);
    }
  adw_preferences_group_set_description (self->groups[GROUP_PRICE],
                                         _("A price change never changes an existing order: each "
                                           "order keeps the price it was made with."));
  adw_preferences_group_set_description (self->groups[GROUP_RANGES],
                                         _("By sex and age band: from an age, up to but not "
                                           "including another (empty: no upper end), in days, "
                                           "months or years. Ranges of one sex may neither overlap "
                                           "nor leave ages between them."));

  for (guint i = 0; i < n_departments; i++)
    department_titles[i] = ld_department_get_title (departments[i]);

  for (guint i = 0; i < G_N_ELEMENTS (simple_fields); i++)
    {
      if (g_str_equal (simple_fields[i].key, "unit"))
        self->result_type_row =
          add_combo_row (self, GROUP_RESULT, "result_type",
                         _("Result type"), result_type_titles, G_N_ELEMENTS (result_type_titles));
      add_entry_row (self, simple_fields[i].group, simple_fields[i].key,
                     _(simple_fields[i].title));
      if (g_str_equal (simple_fields[i].key, "loinc"))
        self->department_row = add_combo_row (self, GROUP_TEST, "department", _("Department"),
                                              department_titles, n_departments);
    }

  self->delta_type_row = add_combo_row (self, GROUP_LIMITS, "delta_check.type", _("Delta check"),
                                        delta_type_titles, G_N_ELEMENTS (delta_type_titles));
  g_hash_table_insert (self->fields, (gpointer) "delta_check", self->delta_type_row);
  self->delta_limit_row =
    ADW_ENTRY_ROW (add_entry_row (self, GROUP_LIMITS, "delta_check.limit", _("Delta limit")));
  self->delta_window_row = ADW_ENTRY_ROW (
    add_entry_row (self, GROUP_LIMITS, "delta_check.window_days", _("Delta window (days)")));

  self->active_row = ADW_ACTION_ROW (adw_action_row_new ());
  self->active_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (self->active_switch, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->active_switch), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->active_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Offered on the order screen"), -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->active_row),
                                 _("Offered on the order screen"));
  adw_action_row_add_suffix (self->active_row, GTK_WIDGET (self->active_switch));
  adw_action_row_set_activatable_widget (self->active_row, GTK_WIDGET (self->active_switch));
  adw_preferences_group_add (self->groups[GROUP_PRICE], GTK_WIDGET (self->active_row));
  g_signal_connect_object (self->active_switch, "notify::active", G_CALLBACK (on_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_hash_table_insert (self->fields, (gpointer) "active", self->active_row);

  build_auto (self);

  self->ranges_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->ranges_row), _("Ranges"));
  add_button = gtk_button_new_with_mnemonic (_("_Add Range"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add_button), "test.add-range");
  gtk_widget_set_valign (add_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (add_button, _("Add a reference range (Ctrl+R)"));
  adw_action_row_add_suffix (self->ranges_row, add_button);
  adw_preferences_group_add (self->groups[GROUP_RANGES], GTK_WIDGET (self->ranges_row));
  g_hash_table_insert (self->fields, (gpointer) "reference_ranges", self->ranges_row);
}

static void
ld_admin_test_page_constructed (GObject *object)
{
  LdAdminTestPage *self = LD_ADMIN_TEST_PAGE (object);

  G_OBJECT_CLASS (ld_admin_test_page_parent_class)->constructed (object);

  g_signal_connect_object (self->session, "notify::online", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  if (self->code == NULL)
    {
      gtk_label_set_text (self->title_label, _("New Test"));
      /* A test's rules are chosen once it is in the catalogue. */
      gtk_widget_set_visible (GTK_WIDGET (self->groups[GROUP_AUTO]), FALSE);
      update_actions (self);
    }
  else
    {
      gtk_label_set_text (self->title_label, _("Loading…"));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "test.save", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "test.add-range", FALSE);
      ld_admin_get_test_async (ld_session_get_api_client (self->session), self->code, NULL,
                               ld_admin_done_cb, ld_admin_hold (GTK_WIDGET (self), on_test_cb));
      ld_admin_get_auto_verify_async (ld_session_get_api_client (self->session), self->code,
                                      NULL, ld_admin_done_cb,
                                      ld_admin_hold (GTK_WIDGET (self), on_auto_cb));
    }
}

static void
ld_admin_test_page_dispose (GObject *object)
{
  LdAdminTestPage *self = LD_ADMIN_TEST_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_ADMIN_TEST_PAGE);
  g_clear_object (&self->session);
  g_clear_pointer (&self->saved, ld_catalog_test_free);
  g_clear_pointer (&self->auto_saved, ld_auto_verify_config_free);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->bands, g_ptr_array_unref);

  G_OBJECT_CLASS (ld_admin_test_page_parent_class)->dispose (object);
}

static void
ld_admin_test_page_finalize (GObject *object)
{
  LdAdminTestPage *self = LD_ADMIN_TEST_PAGE (object);

  g_free (self->code);

  G_OBJECT_CLASS (ld_admin_test_page_parent_class)->finalize (object);
}

static void
ld_admin_test_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LdAdminTestPage *self = LD_ADMIN_TEST_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_admin_test_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LdAdminTestPage *self = LD_ADMIN_TEST_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_CODE:
      self->code = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_admin_test_page_class_init (LdAdminTestPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_admin_test_page_constructed;
  object_class->dispose = ld_admin_test_page_dispose;
  object_class->finalize = ld_admin_test_page_finalize;
  object_class->get_property = ld_admin_test_page_get_property;
  object_class->set_property = ld_admin_test_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/admin/ld-admin-test-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdAdminTestPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminTestPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminTestPage, prefs);

  gtk_widget_class_install_action (widget_class, "test.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "test.save",
                                       NULL);
  gtk_widget_class_install_action (widget_class, "test.add-range", NULL, add_range_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "test.add-range", NULL);
}

static void
ld_admin_test_page_init (LdAdminTestPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->fields = g_hash_table_new (g_str_hash, g_str_equal);
  self->bands = g_ptr_array_new_with_free_func (g_free);
  build_form (self);
}

/**
 * ld_admin_test_page_new:
 * @session: the signed-in session
 * @code: (nullable): the test's code; %NULL for a new test
 *
 * Returns: (transfer full): the test's editor
 */
GtkWidget *
ld_admin_test_page_new (LdSession  *session,
                        const char *code)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_ADMIN_TEST_PAGE, "session", session, "code", code, NULL);
}
