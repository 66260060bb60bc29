/* ld-documents-report.c: a released report version, filled from the store
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-documents"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-catalog.h"
#include "ld-documents-private.h"
#include "ld-result.h"
#include "ld-sample.h"
#include "ld-states.h"
#include "../store/ld-store-results.h"
#include "../store/ld-store-samples.h"

typedef struct
{
  LdLabReport     *report;
  const LdOrder   *order;
  gint64           version;
  LdDocumentNames *names;
  /* A preview before release prints the verified results as they will be
   * released. */
  gboolean         preview;
  GString         *verifiers;
  GString         *reasons;
  /* code → LdCatalogTest: each test's department and place */
  GHashTable      *tests;
} Builder;

/* A released result is on the report; a cancelled one is left out, and
 * nothing else can be in a reported order. A preview is of a verified
 * order: its verified results are what release will put on it. */
static gboolean
is_reported (const LdResult *result,
             gboolean        preview)
{
  LdResultState state = ld_result_state_parse (result->state);

  return state == LD_RESULT_STATE_RELEASED || state == LD_RESULT_STATE_AMENDED ||
         (preview && state == LD_RESULT_STATE_VERIFIED);
}

static void
append_once (GString    *list,
             const char *item,
             const char *separator)
{
  g_autofree char *padded = NULL;
  g_autofree char *haystack = NULL;

  if (item == NULL || item[0] == '\0')
    return;

  padded = g_strconcat (separator, item, separator, NULL);
  haystack = g_strconcat (separator, list->str, separator, NULL);
  if (strstr (haystack, padded) != NULL)
    return;
  if (list->len > 0)
    g_string_append (list, separator);
  g_string_append (list, item);
}

/* "6.8 mmol/L (critical high)": what the amended result said before. */
static char *
describe_previous (const LdResult          *result,
                   const LdResultAmendment *amendment)
{
  LdReportFlag flag = ld_report_flag_from_string (amendment->old_flag);
  g_autofree char *value = NULL;

  value = result->unit != NULL && result->unit[0] != '\0'
            ? g_strdup_printf ("%s %s", amendment->old_value ? amendment->old_value : "\u2014",
                               result->unit)
            : g_strdup (amendment->old_value ? amendment->old_value : "\u2014");
  if (!ld_report_flag_is_abnormal (flag))
    return g_steal_pointer (&value);
  /* Translators: a previous value and its flag, such as "6.8 mmol/L (Critical high)". */
  return g_strdup_printf (_("%s (%s)"), value, ld_report_flag_to_string (flag));
}

/* The amendment that made this version, if the result has one. */
static const LdResultAmendment *
amendment_of_version (const LdResult *result,
                      gint64          version)
{
  for (guint i = result->amendments->len; i > 0; i--)
    {
      const LdResultAmendment *amendment = g_ptr_array_index (result->amendments, i - 1);

      if (amendment->report_version == version)
        return amendment;
    }
  return NULL;
}

/* Issue 18, signing: the call that told someone of a critical value. */
static gboolean
add_critical_call (Builder         *builder,
                   LdReportResult  *row,
                   const LdResult  *result,
                   GError         **error)
{
  const LdCriticalCall *call = result->critical_call;
  const char *caller;

  if (call == NULL)
    return TRUE;
  if (!ld_document_names_lookup (builder->names, call->called_by, &caller, error))
    return FALSE;

  /* Translators: whom the lab telephoned about a critical value, and their
   * role, such as "Dr Mehta (referring doctor)". */
  row->critical_call_to = g_strdup_printf (_("%s (%s)"), call->name, call->role);
  row->critical_call_by = g_strdup (caller);
  row->critical_call_us = call->called_us;
  return TRUE;
}

static gboolean
add_result (Builder         *builder,
            LdReportPanel   *panel,
            const LdResult  *result,
            GError         **error)
{
  JsonNode *band = result->reference_range;
  JsonObject *range = band != NULL && JSON_NODE_HOLDS_OBJECT (band) ? json_node_get_object (band)
                                                                    : NULL;
  const char *reference = range != NULL
                            ? json_object_get_string_member_with_default (range, "text", NULL)
                            : NULL;
  const LdResultAmendment *amendment = amendment_of_version (result, builder->version);
  LdReportResult *row;
  const char *verifier;

  const LdCatalogTest *test = g_hash_table_lookup (builder->tests, result->test_code);
  g_autofree char *normal = NULL;

  /* A choice test has no band; its interval is what is normal for it. */
  if ((reference == NULL || reference[0] == '\0') && test != NULL)
    reference = normal = ld_catalog_test_dup_normal_text (test);
  row = ld_report_panel_add_result (panel, result->test_name, result->value, result->unit,
                                    reference != NULL && reference[0] != '\0' ? reference : NULL,
                                    ld_report_flag_from_string (result->flag));
  row->comment = g_strdup (result->comment);
  if (amendment != NULL)
    {
      row->previous_value = describe_previous (result, amendment);
      row->amendment_reason = g_strdup (amendment->reason);
      append_once (builder->reasons, amendment->reason, "; ");
    }

  if (!add_critical_call (builder, row, result, error) ||
      !ld_document_names_lookup (builder->names, result->verified_by, &verifier, error))
    return FALSE;
  append_once (builder->verifiers, verifier, ", ");
  builder->report->verified_us = MAX (builder->report->verified_us, result->verified_us);
  return TRUE;
}

static const LdOrderItem *
find_item (const LdOrder *order,
           const char    *code)
{
  for (guint i = 0; i < order->items->len; i++)
    {
      const LdOrderItem *item = g_ptr_array_index (order->items, i);

      if (g_strcmp0 (item->code, code) == 0 && item->covered_by == NULL)
        return item;
    }
  return NULL;
}

/* What the report prints under one heading: a panel, or the tests of one
 * department ordered on their own. */
typedef struct
{
  const char *department;
  gint64      position;
  const char *title;
  const char *key;
  GPtrArray  *results;
} Group;

static void
group_free (Group *group)
{
  g_ptr_array_unref (group->results);
  g_free (group);
}

static const char *
department_of (Builder    *builder,
               const char *code)
{
  const LdCatalogTest *test = g_hash_table_lookup (builder->tests, code);

  return test != NULL && test->department != NULL ? test->department : "other";
}

static gint64
position_of (Builder    *builder,
             const char *code)
{
  const LdCatalogTest *test = g_hash_table_lookup (builder->tests, code);

  return test != NULL ? test->position : G_MAXINT64;
}

static int
compare_results (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const LdResult *x = *(const LdResult **) a;
  const LdResult *y = *(const LdResult **) b;
  gint64 px = position_of (user_data, x->test_code);
  gint64 py = position_of (user_data, y->test_code);

  return px != py ? (px < py ? -1 : 1) : g_strcmp0 (x->test_code, y->test_code);
}

/* Departments in clinical order; inside one, its single tests first, then
 * its panels, each by the catalogue's place of its first test. */
static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const Group *x = *(const Group **) a;
  const Group *y = *(const Group **) b;
  guint rx = ld_department_rank (x->department);
  guint ry = ld_department_rank (y->department);

  if (rx != ry)
    return rx < ry ? -1 : 1;
  if ((x->title == NULL) != (y->title == NULL))
    return x->title == NULL ? -1 : 1;
  if (x->position != y->position)
    return x->position < y->position ? -1 : 1;
  return g_strcmp0 (x->key, y->key);
}

static Group *
find_group (GPtrArray  *groups,
            const char *key,
            const char *title)
{
  Group *group;

  for (guint i = 0; i < groups->len; i++)
    if (g_str_equal (((Group *) g_ptr_array_index (groups, i))->key, key))
      return g_ptr_array_index (groups, i);

  group = g_new0 (Group, 1);
  group->key = key;
  group->title = title;
  group->results = g_ptr_array_new ();
  g_ptr_array_add (groups, group);
  return group;
}

/* Places a group: a panel under the department most of its tests belong
 * to (ld_department_of_panel()), its tests in the panel's order; single
 * tests in the catalogue's order. */
static void
place_group (Builder *builder,
             Group   *group)
{
  g_autoptr(GPtrArray) departments = g_ptr_array_new ();

  group->position = G_MAXINT64;
  for (guint i = 0; i < group->results->len; i++)
    {
      const LdResult *result = g_ptr_array_index (group->results, i);

      g_ptr_array_add (departments, (gpointer) department_of (builder, result->test_code));
      group->position = MIN (group->position, position_of (builder, result->test_code));
    }
  g_ptr_array_add (departments, NULL);

  if (group->title != NULL)
    group->department = ld_department_of_panel ((const char * const *) departments->pdata);
  else
    {
      group->department = g_ptr_array_index (departments, 0);
      g_ptr_array_sort_with_data (group->results, compare_results, builder);
    }
}

/* Results by department (DESIGN §7, docs/api.md "Catalogue"): each
 * department under its heading in clinical order; inside it the tests
 * ordered on their own, then each panel whole under its name. */
static gboolean
add_panels (Builder    *builder,
            GPtrArray  *results,
            GError    **error)
{
  const LdOrder *order = builder->order;
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);

  for (guint i = 0; i < order->tests->len; i++)
    {
      const LdOrderTest *test = g_ptr_array_index (order->tests, i);
      const LdOrderItem *item = find_item (order, test->item_code);
      const LdResult *result = NULL;
      Group *group;

      for (guint r = 0; r < results->len && result == NULL; r++)
        if (g_strcmp0 (((LdResult *) g_ptr_array_index (results, r))->test_code, test->code) == 0)
          result = g_ptr_array_index (results, r);
      if (result == NULL || !is_reported (result, builder->preview))
        continue;

      if (item != NULL && g_strcmp0 (item->kind, "panel") == 0)
        group = find_group (groups, item->code, item->name);
      else
        group = find_group (groups, department_of (builder, test->code), NULL);
      g_ptr_array_add (group->results, (gpointer) result);
    }

  for (guint i = 0; i < groups->len; i++)
    place_group (builder, g_ptr_array_index (groups, i));
  g_ptr_array_sort (groups, compare_groups);

  for (guint i = 0; i < groups->len; i++)
    {
      const Group *group = g_ptr_array_index (groups, i);
      LdReportPanel *panel = ld_lab_report_add_panel (builder->report, group->title);

      panel->department = g_strdup (_(ld_department_get_title (group->department)));
      for (guint r = 0; r < group->results->len; r++)
        if (!add_result (builder, panel, g_ptr_array_index (group->results, r), error))
          return FALSE;
    }
  return TRUE;
}

/* The samples the reported results were measured on, or (for results that
 * do not say) every sample that was not replaced. */
static void
add_samples (LdLabReport *report,
             GPtrArray   *samples,
             GPtrArray   *results,
             gboolean     preview)
{
  g_autoptr(GHashTable) measured = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < results->len; i++)
    {
      const LdResult *result = g_ptr_array_index (results, i);

      if (is_reported (result, preview) && result->sample_id != NULL)
        g_hash_table_add (measured, result->sample_id);
    }

  for (guint i = 0; i < samples->len; i++)
    {
      const LdSample *sample = g_ptr_array_index (samples, i);
      gboolean        wanted = g_hash_table_size (measured) > 0
                                 ? g_hash_table_contains (measured, sample->id)
                                 : ld_documents_sample_is_live (sample->state);

      if (wanted)
        g_ptr_array_add (report->samples,
                         ld_report_sample_new (sample->accession, sample->specimen,
                                               sample->container,
                                               ld_documents_parse_time (sample->collected_at),
                                               ld_documents_parse_time (sample->received_at)));
    }
}

/* Issue 18, signing: what the report prints of the authorised signatory
 * who released it, and the report-wide interpretation. */
static gboolean
add_signatory (LdLabReport            *report,
               LdStore                *store,
               const LdOrder          *order,
               const LdReportVersion  *version,
               GError                **error)
{
  g_autoptr(LdUser) signatory = NULL;
  g_autoptr(GError) local = NULL;

  report->interpretation = g_strdup (order->interpretation);
  /* A preview asked for by someone who may not sign names nobody. */
  if (version->released_by == NULL)
    return TRUE;
  signatory = ld_store_users_get (store, version->released_by, error);
  if (signatory == NULL)
    return FALSE;
  report->signatory_qualification = g_strdup (ld_user_get_qualification (signatory));
  report->signatory_registration = g_strdup (ld_user_get_registration_number (signatory));
  if (ld_user_get_has_signature (signatory))
    {
      report->signatory_signature_png =
        ld_store_users_dup_signature (store, version->released_by, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  return TRUE;
}

/* The catalogue entries of the order's own tests, by code: a report reads
 * a handful, not the whole catalogue. A test no longer in the catalogue
 * is left out (its rows fall back to the result's own words). */
static GHashTable *
tests_of_results (LdStore    *store,
                  GPtrArray  *results,
                  GError    **error)
{
  g_autoptr(GHashTable) tests = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) ld_catalog_test_free);

  for (guint i = 0; i < results->len; i++)
    {
      const LdResult *result = g_ptr_array_index (results, i);
      g_autoptr(GError) local = NULL;
      LdCatalogTest *test;

      if (g_hash_table_contains (tests, result->test_code))
        continue;
      test = ld_store_catalog_get_test (store, result->test_code, &local);
      if (test != NULL)
        g_hash_table_insert (tests, test->code, test);
      else if (!g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  return g_steal_pointer (&tests);
}

static LdLabReport *
fill_lab_report (LdStore                *store,
                 const LdSettings       *settings,
                 const LdOrder          *order,
                 const LdReportVersion  *version,
                 gboolean                preview,
                 GError                **error)
{
  g_autoptr(LdLabReport) report = ld_lab_report_new ();
  g_autoptr(LdDocumentNames) names = ld_document_names_new (store);
  g_autoptr(GPtrArray) samples = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GString) verifiers = g_string_new (NULL);
  g_autoptr(GString) reasons = g_string_new (NULL);
  g_autoptr(GHashTable) tests = NULL;
  Builder builder = { report, order, version->version, names, preview, verifiers, reasons, NULL };
  const char *doctor, *releaser;

  if ((samples = ld_store_samples_for_order (store, order->id, error)) == NULL ||
      (results = ld_store_results_for_order (store, order->id, error)) == NULL ||
      (tests = tests_of_results (store, results, error)) == NULL)
    return NULL;
  builder.tests = tests;

  if (!ld_documents_fill_patient (store, order->patient_id, ld_documents_first_collection (samples),
                                  report->patient, NULL, error) ||
      !ld_document_names_lookup (names, order->doctor_id, &doctor, error) ||
      !ld_document_names_lookup (names, version->released_by, &releaser, error) ||
      !add_panels (&builder, results, error) ||
      !add_signatory (report, store, order, version, error))
    return NULL;

  ld_documents_fill_lab (report->lab, settings);
  add_samples (report, samples, results, preview);
  /* A doctor user, or the outside doctor the desk typed: each under its
   * own caption. */
  report->doctor = g_strdup (doctor);
  report->referred_by = g_strdup (order->referring_doctor_name);
  report->clinical_notes = g_strdup (order->clinical_notes);
  report->order_number = g_strdup (order->number);
  report->verified_by = verifiers->len > 0 ? g_strdup (verifiers->str) : NULL;
  report->released_by = g_strdup (releaser);
  report->released_us = ld_documents_parse_time (version->released_at);
  report->version = (guint) version->version;
  report->corrected = version->corrected;
  report->correction_note = reasons->len > 0 ? g_strdup (reasons->str) : NULL;
  report->verification_code = g_strdup (version->verification_code);
  if (version->verification_code != NULL)
    report->verification_url = ld_documents_verification_url (settings,
                                                              version->verification_code);
  return g_steal_pointer (&report);
}

/**
 * ld_documents_lab_report:
 * @store: a store; inside the transaction that issues @version, it reads
 *   what that transaction wrote
 * @settings: the lab's settings
 * @order: a reported order
 * @version: the report version to fill: its number, code, who released
 *   it and when
 * @error: return location for an %LD_STORE_ERROR
 *
 * Fills a lab report from the store as it is now: the lab from the
 * settings, the patient with two identifiers and their age on the day of
 * collection, the requesting doctor, the samples, the released results by
 * panel with their flags, and for a corrected version the values its
 * amendments replaced and why. Meant to be called when @version is
 * issued; afterwards the version is served from its stored PDF.
 *
 * Returns: (transfer full) (nullable): the report
 */
LdLabReport *
ld_documents_lab_report (LdStore                *store,
                         const LdSettings       *settings,
                         const LdOrder          *order,
                         const LdReportVersion  *version,
                         GError                **error)
{
  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (order != NULL, NULL);
  g_return_val_if_fail (version != NULL, NULL);

  return fill_lab_report (store, settings, order, version, FALSE, error);
}

/**
 * ld_documents_lab_report_releasing:
 * @store: a store, in a read transaction: a snapshot of a verified order
 * @settings: the lab's settings
 * @order: the verified order
 * @version: the version its release would issue: its number, code, who
 *   releases it and when
 * @interpretation: (nullable): the interpretation the release saves, or
 *   %NULL for the one kept
 * @error: return location for an %LD_STORE_ERROR
 *
 * Fills, from before the release, what ld_documents_lab_report() will
 * fill inside the release's transaction: the verified results as released
 * (issue 36: the release's PDF is rendered off the writing thread).
 *
 * Returns: (transfer full) (nullable): the report
 */
LdLabReport *
ld_documents_lab_report_releasing (LdStore                *store,
                                   const LdSettings       *settings,
                                   const LdOrder          *order,
                                   const LdReportVersion  *version,
                                   const char             *interpretation,
                                   GError                **error)
{
  LdLabReport *report;

  g_return_val_if_fail (settings != NULL && order != NULL && version != NULL, NULL);

  report = fill_lab_report (store, settings, order, version, TRUE, error);
  if (report != NULL && interpretation != NULL)
    {
      g_free (report->interpretation);
      report->interpretation = g_strdup (interpretation);
    }
  return report;
}

/**
 * ld_documents_lab_report_preview:
 * @store: a store
 * @settings: the lab's settings
 * @order: a verified order
 * @signatory: (nullable): the authorised signatory who would release it,
 *   printed as releasing it; %NULL for none
 * @error: return location for an %LD_STORE_ERROR
 *
 * Fills the report that releasing @order now would issue, with its
 * verified results, but as a preview: not released (no release time),
 * with no verification code, and so no QR code. Nothing is kept.
 *
 * Returns: (transfer full) (nullable): the report
 */
LdLabReport *
ld_documents_lab_report_preview (LdStore           *store,
                                 const LdSettings  *settings,
                                 const LdOrder     *order,
                                 LdUser            *signatory,
                                 GError           **error)
{
  LdReportVersion version = { 0 };

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (order != NULL, NULL);
  g_return_val_if_fail (signatory == NULL || LD_IS_USER (signatory), NULL);

  /* A verified order has no version yet: release issues version 1. */
  version.order_id = order->id;
  version.version = 1;
  version.released_by = signatory != NULL ? (char *) ld_user_get_id (signatory) : NULL;
  return fill_lab_report (store, settings, order, &version, TRUE, error);
}
