/* ld-print-labels.c: printing sample labels on a roll or an A4 sheet
 *
 * Labels are printed at the bench when the samples are collected, often
 * before the server has answered (or with it away), so they are drawn
 * here by shared/report's label renderer from the order, the patient and
 * the samples the desk holds: the same renderer, and the same rules for
 * which samples get one and how the age is written, as the server's
 * labels.pdf.
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-print"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-json.h"
#include "ld-print-labels.h"
#include "ld-print-operation-private.h"
#include "ld-report-format.h"
#include "ld-sample.h"
#include "ld-time.h"

static gint64
parse_time (JsonObject *object,
            const char *member)
{
  const char *text = ld_json_object_get_string (object, member);
  gint64 unix_us = 0;

  if (text == NULL || !ld_time_parse_rfc3339 (text, &unix_us))
    return 0;
  return unix_us;
}

static gint64
get_age_years (JsonObject *patient)
{
  JsonNode *node = json_object_get_member (patient, "age_years");

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;
  return json_node_get_int (node);
}

/* "F 42y", as the server's labels say it, from the patient's record and
 * the day of the first collection; %NULL when neither is known. */
static char *
dup_sex_age (JsonObject *patient,
             gint64      collected_us)
{
  g_autofree char *age_long = NULL;
  g_autofree char *age_short = NULL;
  const char *sex_short = NULL;
  LdSex sex = LD_SEX_UNKNOWN;

  if (patient == NULL)
    return NULL;

  if (ld_sex_from_string (ld_json_object_get_string (patient, "sex"), &sex))
    ld_report_format_sex (sex, &sex_short);
  ld_report_format_age (ld_json_object_get_string (patient, "date_of_birth"),
                        get_age_years (patient), collected_us, &age_long, &age_short);

  if (sex_short != NULL && age_short != NULL)
    return g_strdup_printf ("%s %s", sex_short, age_short);
  return g_strdup (sex_short != NULL ? sex_short : age_short);
}

static JsonObject *
get_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* What the sample's tube is for, as the order's items name it. */
static GStrv
dup_label_codes (JsonObject *order,
                 JsonObject *sample)
{
  JsonNode  *tests_node = json_object_get_member (order, "tests");
  JsonNode  *codes_node = json_object_get_member (sample, "tests");
  JsonArray *tests = tests_node != NULL && JSON_NODE_HOLDS_ARRAY (tests_node)
                       ? json_node_get_array (tests_node)
                       : NULL;
  JsonArray *codes = codes_node != NULL && JSON_NODE_HOLDS_ARRAY (codes_node)
                       ? json_node_get_array (codes_node)
                       : NULL;
  g_autoptr(GPtrArray) test_codes = g_ptr_array_new ();
  g_autoptr(GPtrArray) item_codes = g_ptr_array_new ();
  g_autoptr(GPtrArray) sample_codes = g_ptr_array_new ();

  for (guint i = 0; tests != NULL && i < json_array_get_length (tests); i++)
    {
      JsonObject *test = get_object (json_array_get_element (tests, i));
      const char *code = test != NULL ? ld_json_object_get_string (test, "code") : NULL;

      if (code == NULL)
        continue;
      g_ptr_array_add (test_codes, (gpointer) code);
      g_ptr_array_add (item_codes, (gpointer) ld_json_object_get_string (test, "item_code"));
    }
  for (guint i = 0; codes != NULL && i < json_array_get_length (codes); i++)
    {
      JsonNode *code = json_array_get_element (codes, i);

      if (JSON_NODE_HOLDS_VALUE (code) && json_node_get_value_type (code) == G_TYPE_STRING)
        g_ptr_array_add (sample_codes, (gpointer) json_node_get_string (code));
    }
  g_ptr_array_add (test_codes, NULL);
  g_ptr_array_add (item_codes, NULL);
  g_ptr_array_add (sample_codes, NULL);
  return ld_sample_label_codes ((const char * const *) sample_codes->pdata,
                                (const char * const *) test_codes->pdata,
                                (const char * const *) item_codes->pdata);
}

/* One label per sample still in use, in the order given. */
static LdLabelSet *
fill_labels (JsonObject *order,
             JsonObject *patient,
             JsonArray  *samples,
             JsonObject *settings)
{
  g_autoptr(LdLabelSet) set = ld_label_set_new ();
  JsonObject *who = patient;
  g_autofree char *sex_age = NULL;
  gint64 first_collection = 0;
  guint n = samples != NULL ? json_array_get_length (samples) : 0;

  if (who == NULL)
    who = get_object (json_object_get_member (order, "patient"));

  for (guint i = 0; i < n; i++)
    {
      JsonObject *sample = get_object (json_array_get_element (samples, i));
      gint64 collected = sample != NULL ? parse_time (sample, "collected_at") : 0;

      if (collected > 0 && (first_collection == 0 || collected < first_collection))
        first_collection = collected;
    }
  sex_age = dup_sex_age (patient, first_collection);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *sample = get_object (json_array_get_element (samples, i));
      LdLabel *label;

      if (sample == NULL || ld_json_object_get_string (sample, "accession") == NULL ||
          !ld_sample_state_is_live (ld_json_object_get_string (sample, "state")))
        continue;

      label = ld_label_new ();
      label->accession = g_strdup (ld_json_object_get_string (sample, "accession"));
      label->patient_name = who != NULL ? g_strdup (ld_json_object_get_string (who, "name")) : NULL;
      label->mrn = who != NULL ? g_strdup (ld_json_object_get_string (who, "mrn")) : NULL;
      label->sex_age = g_strdup (sex_age);
      label->specimen = g_strdup (ld_json_object_get_string (sample, "specimen"));
      label->container = g_strdup (ld_json_object_get_string (sample, "container"));
      label->order_number = g_strdup (ld_json_object_get_string (order, "number"));
      label->collected_us = parse_time (sample, "collected_at");
      label->test_codes = dup_label_codes (order, sample);
      label->priority = g_strdup (ld_json_object_get_string (order, "priority"));
      g_ptr_array_add (set->labels, label);
    }

  if (settings != NULL)
    set->time_zone = g_strdup (ld_json_object_get_string (settings, "time_zone"));
  return g_steal_pointer (&set);
}

/**
 * ld_print_labels_async:
 * @parent: (nullable): the window the print dialog belongs to
 * @order: the order as GET /api/v1/orders/{id} gives it (its number, and
 *   the patient's name and MRN when @patient is %NULL)
 * @patient: (nullable): the patient as GET /api/v1/patients/{id} gives
 *   it, for the sex and age ("F 42y") on each label
 * @samples: the order's samples, as GET /api/v1/orders/{id}/samples or
 *   POST …/collect gives them; a rejected sample, or one whose
 *   recollection was asked for, gets no label
 * @settings: (nullable): the lab's settings, for the time zone of the
 *   collection times
 * @layout: a label printer's roll of 50 × 25 mm labels, or an A4 sheet
 *   of 4 × 11 of them
 * @first_position: on a sheet, the first free label, counted from 0 along
 *   the rows from the top left (below %LD_PRINT_LABELS_PER_SHEET); the
 *   ones before it are left blank, so a part-used sheet can be fed again.
 *   0 on a roll.
 * @export_pdf_path: (nullable): a PDF to write instead of showing the
 *   print dialog
 * @cancellable: (nullable): a cancellable
 * @callback: called when printed, exported, refused or cancelled
 * @user_data: data for @callback
 *
 * Prints one label per sample in use: the patient's name, MRN, sex and
 * age, a Code 128 barcode of the accession with the number under it,
 * specimen, container and collection time. The print dialog opens on
 * the labels' own paper: 50 × 25 mm for a roll, A4 for a sheet; and on
 * the printer last chosen for the same layout.
 */
void
ld_print_labels_async (GtkWindow           *parent,
                       JsonObject          *order,
                       JsonObject          *patient,
                       JsonArray           *samples,
                       JsonObject          *settings,
                       LdLabelLayout        layout,
                       guint                first_position,
                       const char          *export_pdf_path,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(LdLabelSet) labels = NULL;
  g_autoptr(LdReportRenderer) renderer = NULL;
  g_autoptr(LdReportDocument) document = NULL;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (order != NULL);
  g_return_if_fail (samples != NULL);
  g_return_if_fail (first_position < LD_PRINT_LABELS_PER_SHEET);
  g_return_if_fail (layout == LD_LABEL_LAYOUT_A4_SHEET || first_position == 0);

  labels = fill_labels (order, patient, samples, settings);
  if (labels->labels->len == 0)
    {
      g_task_report_new_error (NULL, callback, user_data, ld_print_labels_async, LD_PRINT_ERROR,
                               LD_PRINT_ERROR_NOTHING,
                               _("This order has no samples to label: labels are printed when "
                                 "it is collected."));
      return;
    }
  labels->first_position = first_position;

  renderer = ld_report_renderer_new ();
  document = ld_report_renderer_layout_labels (renderer, labels, layout);
  ld_print_document_async (parent, document,
                           layout == LD_LABEL_LAYOUT_ROLL ? "labels-roll" : "labels-sheet",
                           export_pdf_path, cancellable, callback, user_data,
                           ld_print_labels_async);
}

/**
 * ld_print_labels_finish:
 * @result: the result given to the callback
 * @error: return location for an error: %LD_PRINT_ERROR_NOTHING when no
 *   sample is in use, %G_IO_ERROR_CANCELLED when the person closed the
 *   print dialog
 *
 * Returns: %TRUE when the labels were printed or exported
 */
gboolean
ld_print_labels_finish (GAsyncResult  *result,
                        GError       **error)
{
  return ld_print_pages_finish (result, ld_print_labels_async, error);
}
