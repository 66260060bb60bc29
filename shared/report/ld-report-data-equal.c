/* ld-report-data-equal.c: whether two lab reports say the same
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A release renders its report from a snapshot on a worker thread and
 * keeps those bytes only if the write transaction, filling the report
 * again from what it holds, finds the very same data (issue 36). So every
 * field the renderer reads is compared here: a field added to
 * LdLabReport and not here would let a stale PDF be kept.
 */

#define G_LOG_DOMAIN "ld-report-data"

#include "config.h"

#include "ld-report-data.h"

static gboolean
bytes_equal (GBytes *a,
             GBytes *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_bytes_equal (a, b);
}

static gboolean
lab_equal (const LdReportLab *a,
           const LdReportLab *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strcmp0 (a->name, b->name) == 0 && g_strcmp0 (a->address, b->address) == 0 &&
         g_strcmp0 (a->phone, b->phone) == 0 && g_strcmp0 (a->email, b->email) == 0 &&
         g_strcmp0 (a->website, b->website) == 0 &&
         g_strcmp0 (a->registration, b->registration) == 0 &&
         g_strcmp0 (a->upi_id, b->upi_id) == 0 && g_strcmp0 (a->time_zone, b->time_zone) == 0 &&
         bytes_equal (a->logo_png, b->logo_png);
}

static gboolean
patient_equal (const LdReportPatient *a,
               const LdReportPatient *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strcmp0 (a->name, b->name) == 0 && g_strcmp0 (a->mrn, b->mrn) == 0 &&
         g_strcmp0 (a->second_id_label, b->second_id_label) == 0 &&
         g_strcmp0 (a->second_id, b->second_id) == 0 && g_strcmp0 (a->sex, b->sex) == 0 &&
         g_strcmp0 (a->age, b->age) == 0 && g_strcmp0 (a->date_of_birth, b->date_of_birth) == 0;
}

static gboolean
result_equal (const LdReportResult *a,
              const LdReportResult *b)
{
  return g_strcmp0 (a->name, b->name) == 0 && g_strcmp0 (a->value, b->value) == 0 &&
         g_strcmp0 (a->unit, b->unit) == 0 && g_strcmp0 (a->reference, b->reference) == 0 &&
         a->flag == b->flag && g_strcmp0 (a->comment, b->comment) == 0 &&
         g_strcmp0 (a->previous_value, b->previous_value) == 0 &&
         g_strcmp0 (a->amendment_reason, b->amendment_reason) == 0 &&
         g_strcmp0 (a->critical_call_to, b->critical_call_to) == 0 &&
         g_strcmp0 (a->critical_call_by, b->critical_call_by) == 0 &&
         a->critical_call_us == b->critical_call_us;
}

static gboolean
panel_equal (const LdReportPanel *a,
             const LdReportPanel *b)
{
  if (g_strcmp0 (a->title, b->title) != 0 || g_strcmp0 (a->department, b->department) != 0 ||
      a->results->len != b->results->len)
    return FALSE;
  for (guint i = 0; i < a->results->len; i++)
    if (!result_equal (g_ptr_array_index (a->results, i), g_ptr_array_index (b->results, i)))
      return FALSE;
  return TRUE;
}

static gboolean
sample_equal (const LdReportSample *a,
              const LdReportSample *b)
{
  return g_strcmp0 (a->accession, b->accession) == 0 &&
         g_strcmp0 (a->specimen, b->specimen) == 0 &&
         g_strcmp0 (a->container, b->container) == 0 && a->collected_us == b->collected_us &&
         a->received_us == b->received_us;
}

static gboolean
panels_equal (GPtrArray *a,
              GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!panel_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

static gboolean
samples_equal (GPtrArray *a,
               GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!sample_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

/**
 * ld_lab_report_equal:
 * @a: a lab report
 * @b: another
 *
 * Returns: %TRUE when the renderer would print the same from both
 */
gboolean
ld_lab_report_equal (const LdLabReport *a,
                     const LdLabReport *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return lab_equal (a->lab, b->lab) && patient_equal (a->patient, b->patient) &&
         g_strcmp0 (a->doctor, b->doctor) == 0 &&
         g_strcmp0 (a->order_number, b->order_number) == 0 &&
         samples_equal (a->samples, b->samples) && panels_equal (a->panels, b->panels) &&
         g_strcmp0 (a->comments, b->comments) == 0 &&
         g_strcmp0 (a->verified_by, b->verified_by) == 0 && a->verified_us == b->verified_us &&
         g_strcmp0 (a->released_by, b->released_by) == 0 && a->released_us == b->released_us &&
         a->version == b->version && a->corrected == b->corrected &&
         g_strcmp0 (a->correction_note, b->correction_note) == 0 &&
         g_strcmp0 (a->verification_code, b->verification_code) == 0 &&
         g_strcmp0 (a->verification_url, b->verification_url) == 0 &&
         g_strcmp0 (a->clinical_notes, b->clinical_notes) == 0 &&
         g_strcmp0 (a->referred_by, b->referred_by) == 0 &&
         g_strcmp0 (a->signatory_qualification, b->signatory_qualification) == 0 &&
         g_strcmp0 (a->signatory_registration, b->signatory_registration) == 0 &&
         bytes_equal (a->signatory_signature_png, b->signatory_signature_png) &&
         g_strcmp0 (a->interpretation, b->interpretation) == 0;
}
