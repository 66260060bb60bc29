/* ld-result-row.c: one result's editor in a grid, flagged as it is typed
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What one order's result entry and the batch entry of one test across
 * orders both show for a result: a title, an editor fit for the test (a
 * drop-down of its choices, else an entry), the unit, the reference
 * interval for this patient's sex and age on the collection day, the
 * flag as the value is typed (shared/model's ld-flag.c, the code that
 * flags the value the server stores), the previous result and the change
 * from it, and a comment. Enter goes on to the next row; the page says
 * what the next row is, and what typing in a row does (a draft saved).
 */

#define G_LOG_DOMAIN "ld-result-row"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "ld-flag.h"
#include "ld-report-format.h"
#include "ld-result-row.h"
#include "ld-time.h"

/* The flag in the words the report prints, and "Normal" said too: a
 * flag is never left to colour. */
static const char *
flag_words (LdResultFlag flag)
{
  switch (flag)
    {
    case LD_FLAG_NORMAL:
      return C_("result flag", "Normal");
    case LD_FLAG_LOW:
      return ld_report_flag_to_string (LD_REPORT_FLAG_LOW);
    case LD_FLAG_HIGH:
      return ld_report_flag_to_string (LD_REPORT_FLAG_HIGH);
    case LD_FLAG_CRITICAL_LOW:
      return ld_report_flag_to_string (LD_REPORT_FLAG_CRITICAL_LOW);
    case LD_FLAG_CRITICAL_HIGH:
      return ld_report_flag_to_string (LD_REPORT_FLAG_CRITICAL_HIGH);
    case LD_FLAG_ABNORMAL:
      return ld_report_flag_to_string (LD_REPORT_FLAG_ABNORMAL);
    case LD_FLAG_NO_REFERENCE_INTERVAL:
      return ld_report_flag_to_string (LD_REPORT_FLAG_NO_REFERENCE);
    case LD_FLAG_NONE:
    default:
      return "";
    }
}

/**
 * ld_result_row_dup_text:
 *
 * Returns: (transfer full): what the row's editor holds, as it would be
 *   sent ("" for nothing)
 */
char *
ld_result_row_dup_text (LdResultRow *row)
{
  g_return_val_if_fail (row != NULL, NULL);

  if (GTK_IS_DROP_DOWN (row->value))
    {
      GtkStringObject *item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (row->value));

      if (item == NULL || gtk_drop_down_get_selected (GTK_DROP_DOWN (row->value)) == 0)
        return g_strdup ("");
      return g_strdup (gtk_string_object_get_string (item));
    }
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->value))));
}

/* The patient's sex and age on the collection day, which pick the band
 * by the server's rule; FALSE until the test and the patient are known. */
static gboolean
get_subject (LdResultRow *row,
             LdSex       *out_sex,
             LdAge       *out_age)
{
  if (row->test == NULL || row->patient == NULL)
    return FALSE;
  *out_sex = ld_patient_get_sex (row->patient);
  ld_result_age_on_collection (ld_patient_get_date_of_birth (row->patient),
                               ld_patient_get_age_years (row->patient),
                               row->collected_us ? row->collected_us : g_get_real_time (), out_age);
  return TRUE;
}

void
ld_result_row_show_flag (LdResultRow *row)
{
  g_autofree char *text = NULL;
  g_auto(LdResultReading) reading = {
    NULL,
  };
  g_autofree char *problem = NULL;
  g_autofree char *range = NULL;
  const char *field = NULL;
  LdSex sex = LD_SEX_UNKNOWN;
  LdAge age;
  gboolean known;

  g_return_if_fail (row != NULL);

  if (row->test == NULL)
    return;
  text = ld_result_row_dup_text (row);
  known = get_subject (row, &sex, &age);
  if (known)
    range = ld_result_dup_range_text_for_age (row->test, sex, &age);
  if (range != NULL)
    gtk_label_set_text (row->range, range);
  else
    gtk_label_set_text (row->range, row->test->result_type == LD_RESULT_NUMERIC ?
                                    _("No reference interval") : "");

  if (*text == '\0')
    {
      gtk_label_set_text (row->flag, "");
      gtk_widget_set_visible (GTK_WIDGET (row->error), FALSE);
      return;
    }
  if (known)
    problem = ld_result_read_value_for_age (row->test, sex, &age, text, &reading, &field);
  else
    problem = ld_result_read_value (row->test, NULL, text, FALSE, &reading, &field);
  if (problem != NULL)
    {
      gtk_label_set_text (row->flag, "");
      ld_result_row_show_error (row, row->test->result_type == LD_RESULT_NUMERIC
                                ? _("Type a number such as 12.5.")
                                : _(ld_error_text_field_message (problem)));
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (row->error), FALSE);
  /* Without the patient, "no interval" may only mean "not read yet". */
  gtk_label_set_text (row->flag, known || reading.flag != LD_FLAG_NO_REFERENCE_INTERVAL
                                   ? flag_words (reading.flag)
                                   : "");
  if (reading.flag == LD_FLAG_CRITICAL_LOW || reading.flag == LD_FLAG_CRITICAL_HIGH)
    gtk_widget_add_css_class (GTK_WIDGET (row->flag), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row->flag), "error");
}

void
ld_result_row_show_error (LdResultRow *row,
                          const char  *message)
{
  g_return_if_fail (row != NULL);

  gtk_label_set_text (row->error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (row->error), message != NULL);
}

/* Where the value came from when an analyzer sent it, with the
 * analyzer's own flags ("N", normal, says nothing); %NULL when typed. */
static char *
dup_source_text (const LdResult *result)
{
  const char *flags = result->instrument_flags;

  if (result->source == NULL || g_str_equal (result->source, "typed"))
    return NULL;
  if (flags != NULL && *flags != '\0' && !g_str_equal (flags, "N"))
    /* Translators: where a result's value came from, and the analyzer's
     * own flags: "From Cobas c111 · analyzer flags H,A". */
    return g_strdup_printf (_("From %s · analyzer flags %s"), result->source, flags);
  /* Translators: where a result's value came from: "From Cobas c111". */
  return g_strdup_printf (_("From %s"), result->source);
}

/**
 * ld_result_row_show_previous:
 * @result: the result as the cache holds it
 *
 * Where the value came from, when an analyzer sent it, then the previous
 * result and the change, as the server's delta check found them when the
 * value was saved.
 */
void
ld_result_row_show_previous (LdResultRow    *row,
                             const LdResult *result)
{
  const char *value = ld_result_get_delta_previous_value (result);
  gint64 when_us = 0;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;
  g_autofree char *source = NULL;
  g_autofree char *shown = NULL;
  double change;

  g_return_if_fail (row != NULL);

  /* An analyzer's value says so, to the eye and to a screen reader. */
  source = dup_source_text (result);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->value),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, source ? source : "", -1);
  if (value == NULL)
    {
      gtk_label_set_text (row->previous, source ? source : "");
      return;
    }
  change = ld_result_get_delta_change (result, &when_us);
  if (when_us > 0)
    when = ld_report_format_time_as (when_us, NULL, _("%d %b %Y"));
  /* Translators: the previous result of a test, its date, and the change
   * from it to the value typed, "12.0 on 20 Nov 2026 · change +2.1". */
  text = g_strdup_printf (_("%s on %s · change %+.*f"), value, when ? when : "",
                             row->test ? (int) row->test->decimals : 1, change);
  shown = source ? g_strdup_printf ("%s\n%s", source, text) : g_strdup (text);
  gtk_label_set_text (row->previous, shown);
}

static void
on_value_changed_cb (LdResultRow *row)
{
  row->dirty = TRUE;
  ld_result_row_show_flag (row);
  if (row->changed != NULL)
    row->changed (row, row->user_data);
}

static void
on_value_activate_cb (LdResultRow *row)
{
  if (row->next != NULL)
    row->next (row, row->user_data);
}

/* Enter on a drop-down moves on as on an entry; Space or Alt+Down opens it. */
static gboolean
on_choice_key_cb (GtkEventControllerKey *controller,
                  guint                  keyval,
                  guint                  keycode,
                  GdkModifierType        state,
                  LdResultRow           *row)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) &&
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) == 0)
    {
      on_value_activate_cb (row);
      return TRUE;
    }
  return FALSE;
}

static GtkLabel *
make_label (LdResultRow *row,
            const char  *name,
            int          column,
            int          line)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_name (label, name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_grid_attach (row->grid, label, column, line, 1, 1);
  return GTK_LABEL (label);
}

/* The editor fits the test: a drop-down of its choices, else an entry. */
static void
make_editor (LdResultRow *row,
             int          line)
{
  g_autofree char *value_name = NULL;
  g_autofree char *comment_name = NULL;
  g_autofree char *value_label = NULL;
  g_autofree char *comment_label = NULL;

  if (row->test != NULL && row->test->result_type == LD_RESULT_CHOICE && row->test->choices != NULL)
    {
      g_auto(GStrv) choices = ld_catalog_test_dup_choices (row->test);
      GtkStringList *list = gtk_string_list_new (NULL);
      GtkEventController *keys = gtk_event_controller_key_new ();

      gtk_string_list_append (list, C_("result choice", "—"));
      for (guint i = 0; choices[i] != NULL; i++)
        gtk_string_list_append (list, choices[i]);
      row->value = gtk_drop_down_new (G_LIST_MODEL (list), NULL);
      gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
      g_signal_connect (keys, "key-pressed", G_CALLBACK (on_choice_key_cb), row);
      gtk_widget_add_controller (row->value, keys);
      g_signal_connect_swapped (row->value, "notify::selected", G_CALLBACK (on_value_changed_cb),
                                row);
    }
  else
    {
      row->value = gtk_entry_new ();
      if (row->test != NULL && row->test->result_type == LD_RESULT_NUMERIC)
        {
          gtk_entry_set_input_purpose (GTK_ENTRY (row->value), GTK_INPUT_PURPOSE_NUMBER);
          gtk_editable_set_width_chars (GTK_EDITABLE (row->value), 8);
          gtk_entry_set_alignment (GTK_ENTRY (row->value), 1);
          gtk_widget_add_css_class (row->value, "numeric");
        }
      g_signal_connect_swapped (row->value, "changed", G_CALLBACK (on_value_changed_cb), row);
      g_signal_connect_swapped (row->value, "activate", G_CALLBACK (on_value_activate_cb), row);
    }
  value_name = g_strdup_printf ("result-value-%s", row->key);
  gtk_widget_set_name (row->value, value_name);
  /* Translators: the accessible name of a result's value, "Value of Haemoglobin". */
  value_label = g_strdup_printf (_("Value of %s"), row->subject);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->value), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  value_label, -1);
  gtk_grid_attach (row->grid, row->value, LD_RESULT_ROW_VALUE, line, 1, 1);

  row->comment = GTK_ENTRY (gtk_entry_new ());
  comment_name = g_strdup_printf ("result-comment-%s", row->key);
  gtk_widget_set_name (GTK_WIDGET (row->comment), comment_name);
  gtk_widget_set_hexpand (GTK_WIDGET (row->comment), TRUE);
  gtk_entry_set_placeholder_text (row->comment, _("Comment"));
  /* Translators: the accessible name of a result's comment, "Comment on Haemoglobin". */
  comment_label = g_strdup_printf (_("Comment on %s"), row->subject);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->comment), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  comment_label, -1);
  g_signal_connect_swapped (row->comment, "changed", G_CALLBACK (on_value_changed_cb), row);
  g_signal_connect_swapped (row->comment, "activate", G_CALLBACK (on_value_activate_cb), row);
  gtk_grid_attach (row->grid, GTK_WIDGET (row->comment), LD_RESULT_ROW_COMMENT, line, 1, 1);
}

/**
 * ld_result_row_new:
 * @grid: the grid the row's widgets go in, from column 0
 * @line: the row's first line in @grid; it takes two (problems below)
 * @code: the test's code
 * @key: what names the row's widgets (result-value-@key)
 * @title: the first column's text: the test, or the patient and order
 * @subject: what the editors' accessible names say the value is of
 * @changed: called as the value or the comment is typed
 * @next: called on Enter, to go on to the next row
 *
 * Returns: (transfer full): the row, an entry until its test is known
 */
LdResultRow *
ld_result_row_new (GtkGrid         *grid,
                   int              line,
                   const char      *code,
                   const char      *key,
                   const char      *title,
                   const char      *subject,
                   LdResultRowFunc  changed,
                   LdResultRowFunc  next,
                   gpointer         user_data)
{
  LdResultRow *row;

  g_return_val_if_fail (GTK_IS_GRID (grid), NULL);
  g_return_val_if_fail (code != NULL && key != NULL, NULL);

  row = g_new0 (LdResultRow, 1);
  row->grid = grid;
  row->code = g_strdup (code);
  row->key = g_strdup (key);
  row->subject = g_strdup (subject ? subject : code);
  row->sent_version = -1;
  row->changed = changed;
  row->next = next;
  row->user_data = user_data;
  row->title = make_label (row, "result-test", LD_RESULT_ROW_TITLE, line);
  gtk_label_set_text (row->title, title ? title : code);
  gtk_widget_add_css_class (GTK_WIDGET (row->title), "heading");
  make_editor (row, line);
  row->unit = make_label (row, "result-unit", LD_RESULT_ROW_UNIT, line);
  row->range = make_label (row, "result-range", LD_RESULT_ROW_RANGE, line);
  row->flag = make_label (row, "result-flag", LD_RESULT_ROW_FLAG, line);
  gtk_widget_set_size_request (GTK_WIDGET (row->flag), 110, -1);
  gtk_widget_add_css_class (GTK_WIDGET (row->flag), "heading");
  row->previous = make_label (row, "result-previous", LD_RESULT_ROW_PREVIOUS, line);
  gtk_widget_add_css_class (GTK_WIDGET (row->previous), "dim-label");
  row->error = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (row->error), "result-error");
  gtk_label_set_xalign (row->error, 0);
  gtk_widget_add_css_class (GTK_WIDGET (row->error), "error");
  gtk_widget_set_visible (GTK_WIDGET (row->error), FALSE);
  gtk_grid_attach (grid, GTK_WIDGET (row->error), LD_RESULT_ROW_VALUE, line + 1, 6, 1);
  return row;
}

void
ld_result_row_free (LdResultRow *row)
{
  if (row == NULL)
    return;
  g_free (row->code);
  g_free (row->key);
  g_free (row->subject);
  g_clear_pointer (&row->test, ld_catalog_test_free);
  g_clear_object (&row->patient);
  g_free (row);
}

/* Takes the row's widgets out of its grid, for a row no longer listed. */
void
ld_result_row_remove (LdResultRow *row)
{
  GtkWidget *widgets[] = {
    GTK_WIDGET (row->title), row->value, GTK_WIDGET (row->unit), GTK_WIDGET (row->range),
    GTK_WIDGET (row->flag), GTK_WIDGET (row->previous), GTK_WIDGET (row->comment),
    GTK_WIDGET (row->error),
  };

  g_return_if_fail (row != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    gtk_grid_remove (row->grid, widgets[i]);
}

/**
 * ld_result_row_set_test:
 * @test: the test's catalogue record
 *
 * The editor becomes what the test needs (a drop-down of a choice
 * test's choices, keeping the focus), with its unit, interval and flag.
 *
 * Returns: %TRUE if the record was a test the row did not have yet
 */
gboolean
ld_result_row_set_test (LdResultRow         *row,
                        const LdCatalogTest *test)
{
  g_return_val_if_fail (row != NULL && test != NULL, FALSE);

  if (row->test != NULL || test->code == NULL)
    return FALSE;

  row->test = ld_catalog_test_copy (test);
  gtk_label_set_text (row->unit, row->test->unit ? row->test->unit : "");
  if (row->test->result_type == LD_RESULT_CHOICE)
    {
      /* The entry made before the catalogue was read becomes a
       * drop-down of the test's choices. */
      GtkWidget *old = row->value;
      gboolean   had_focus =
        gtk_widget_has_focus (old) ||
        gtk_widget_is_ancestor (gtk_root_get_focus (gtk_widget_get_root (old)), old);
      int line = 0;

      gtk_grid_query_child (row->grid, old, NULL, &line, NULL, NULL);
      gtk_grid_remove (row->grid, old);
      gtk_grid_remove (row->grid, GTK_WIDGET (row->comment));
      make_editor (row, line);
      row->filled = FALSE;
      if (had_focus)
        gtk_widget_grab_focus (row->value);
    }
  else if (row->test->result_type == LD_RESULT_NUMERIC)
    {
      gtk_entry_set_input_purpose (GTK_ENTRY (row->value), GTK_INPUT_PURPOSE_NUMBER);
      gtk_editable_set_width_chars (GTK_EDITABLE (row->value), 8);
      gtk_entry_set_alignment (GTK_ENTRY (row->value), 1);
      gtk_widget_add_css_class (row->value, "numeric");
    }
  ld_result_row_show_flag (row);
  return TRUE;
}

/* The patient whose sex and age pick the reference interval. */
void
ld_result_row_set_patient (LdResultRow *row,
                           LdPatient   *patient)
{
  g_return_if_fail (row != NULL);
  g_return_if_fail (patient == NULL || LD_IS_PATIENT (patient));

  g_set_object (&row->patient, patient);
  ld_result_row_show_flag (row);
}

gboolean
ld_result_row_is_awaiting (LdResultRow *row)
{
  g_return_val_if_fail (row != NULL, FALSE);

  return row->sent_version >= 0;
}

/* Fills the row's editor with the draft the server holds, once, without
 * counting it as typing. */
static void
fill_value (LdResultRow    *row,
            const LdResult *result)
{
  const char *value = result->value;
  const char *comment = result->comment;

  row->filled = TRUE;
  g_signal_handlers_block_by_func (row->value, on_value_changed_cb, row);
  g_signal_handlers_block_by_func (row->comment, on_value_changed_cb, row);
  if (GTK_IS_DROP_DOWN (row->value))
    {
      GListModel *choices = gtk_drop_down_get_model (GTK_DROP_DOWN (row->value));

      for (guint i = 1; value != NULL && i < g_list_model_get_n_items (choices); i++)
        if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (choices), i), value) == 0)
          gtk_drop_down_set_selected (GTK_DROP_DOWN (row->value), i);
    }
  else if (value != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row->value), value);
  if (comment != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row->comment), comment);
  g_signal_handlers_unblock_by_func (row->comment, on_value_changed_cb, row);
  g_signal_handlers_unblock_by_func (row->value, on_value_changed_cb, row);
}

/**
 * ld_result_row_follow:
 * @result: the result as the cache now holds it
 *
 * Follows a new version of the result: the version a draft must name
 * (a draft in flight is settled once a newer version is here), the
 * collection time, the server's draft while nothing is typed over it,
 * the previous result and the flag.
 */
void
ld_result_row_follow (LdResultRow    *row,
                      const LdResult *result)
{
  g_return_if_fail (row != NULL && result != NULL);

  /* A result always has one from the server; 0 is none sent yet. */
  if (result->version > 0)
    row->version = result->version;
  if (ld_result_row_is_awaiting (row) && row->version > row->sent_version)
    row->sent_version = -1;
  if (result->collected_us > 0)
    row->collected_us = result->collected_us;
  if (!row->filled && !row->dirty && !ld_result_row_is_awaiting (row) && row->test != NULL)
    fill_value (row, result);
  ld_result_row_show_previous (row, result);
  ld_result_row_show_flag (row);
}

/**
 * ld_result_row_take_entry:
 * @submit: whether the save submits the values
 *
 * The row's result for a save (test code, version, value, comment) when
 * it has something to send and no draft of it is in flight; the row is
 * then marked as in flight.
 *
 * Returns: (transfer full) (nullable): the result to send, or %NULL
 */
LdResultEntry *
ld_result_row_take_entry (LdResultRow *row,
                          gboolean     submit)
{
  g_autofree char *text = NULL;
  g_autofree char *comment = NULL;

  g_return_val_if_fail (row != NULL, NULL);

  text = ld_result_row_dup_text (row);
  if (ld_result_row_is_awaiting (row) || !(row->dirty || (submit && *text != '\0')))
    return NULL;
  comment = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->comment))));
  row->dirty = FALSE;
  row->sent_version = row->version;
  return ld_result_entry_new (row->code, row->sent_version, text, comment);
}
