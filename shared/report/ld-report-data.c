/* ld-report-data.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-report-data"

#include "config.h"

#include "ld-report-data.h"

/**
 * ld_report_lab_new:
 *
 * Returns: (transfer full): an empty lab, for the caller to fill
 */
LdReportLab *
ld_report_lab_new (void)
{
  return g_new0 (LdReportLab, 1);
}

void
ld_report_lab_free (LdReportLab *lab)
{
  if (lab == NULL)
    return;

  g_free (lab->name);
  g_free (lab->address);
  g_free (lab->phone);
  g_free (lab->email);
  g_free (lab->website);
  g_free (lab->registration);
  g_free (lab->upi_id);
  g_free (lab->time_zone);
  g_clear_pointer (&lab->logo_png, g_bytes_unref);
  g_free (lab);
}

/**
 * ld_report_patient_new:
 *
 * Returns: (transfer full): an empty patient, for the caller to fill
 */
LdReportPatient *
ld_report_patient_new (void)
{
  return g_new0 (LdReportPatient, 1);
}

void
ld_report_patient_free (LdReportPatient *patient)
{
  if (patient == NULL)
    return;

  g_free (patient->name);
  g_free (patient->mrn);
  g_free (patient->second_id_label);
  g_free (patient->second_id);
  g_free (patient->sex);
  g_free (patient->age);
  g_free (patient->date_of_birth);
  g_free (patient);
}

/**
 * ld_report_sample_new:
 * @accession: (nullable): accession number
 * @specimen: (nullable): specimen type
 * @container: (nullable): container
 * @collected_us: collection time, UTC microseconds, or 0
 * @received_us: receipt time, UTC microseconds, or 0
 *
 * Returns: (transfer full): a sample line of the report
 */
LdReportSample *
ld_report_sample_new (const char *accession,
                      const char *specimen,
                      const char *container,
                      gint64      collected_us,
                      gint64      received_us)
{
  LdReportSample *sample = g_new0 (LdReportSample, 1);

  sample->accession = g_strdup (accession);
  sample->specimen = g_strdup (specimen);
  sample->container = g_strdup (container);
  sample->collected_us = collected_us;
  sample->received_us = received_us;
  return sample;
}

void
ld_report_sample_free (LdReportSample *sample)
{
  if (sample == NULL)
    return;

  g_free (sample->accession);
  g_free (sample->specimen);
  g_free (sample->container);
  g_free (sample);
}

/**
 * ld_report_result_new:
 * @name: (nullable): test name
 * @value: (nullable): the value as reported
 * @unit: (nullable): unit
 * @reference: (nullable): reference interval as text
 * @flag: the flag
 *
 * Returns: (transfer full): a result row; set @comment and the amendment
 *   fields directly when they apply
 */
LdReportResult *
ld_report_result_new (const char   *name,
                      const char   *value,
                      const char   *unit,
                      const char   *reference,
                      LdReportFlag  flag)
{
  LdReportResult *result = g_new0 (LdReportResult, 1);

  result->name = g_strdup (name);
  result->value = g_strdup (value);
  result->unit = g_strdup (unit);
  result->reference = g_strdup (reference);
  result->flag = flag;
  return result;
}

void
ld_report_result_free (LdReportResult *result)
{
  if (result == NULL)
    return;

  g_free (result->name);
  g_free (result->value);
  g_free (result->unit);
  g_free (result->reference);
  g_free (result->comment);
  g_free (result->previous_value);
  g_free (result->amendment_reason);
  g_free (result->critical_call_to);
  g_free (result->critical_call_by);
  g_free (result);
}

/**
 * ld_report_panel_new:
 * @title: (nullable): the panel's heading
 *
 * Returns: (transfer full): an empty group of results
 */
LdReportPanel *
ld_report_panel_new (const char *title)
{
  LdReportPanel *panel = g_new0 (LdReportPanel, 1);

  panel->title = g_strdup (title);
  panel->results = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_report_result_free);
  return panel;
}

void
ld_report_panel_free (LdReportPanel *panel)
{
  if (panel == NULL)
    return;

  g_free (panel->title);
  g_clear_pointer (&panel->results, g_ptr_array_unref);
  g_free (panel->department);
  g_free (panel);
}

/**
 * ld_report_panel_add_result:
 * @panel: a panel
 * @name: (nullable): test name
 * @value: (nullable): the value as reported
 * @unit: (nullable): unit
 * @reference: (nullable): reference interval as text
 * @flag: the flag
 *
 * Returns: (transfer none): the new row, owned by @panel
 */
LdReportResult *
ld_report_panel_add_result (LdReportPanel *panel,
                            const char    *name,
                            const char    *value,
                            const char    *unit,
                            const char    *reference,
                            LdReportFlag   flag)
{
  LdReportResult *result;

  g_return_val_if_fail (panel != NULL, NULL);

  result = ld_report_result_new (name, value, unit, reference, flag);
  g_ptr_array_add (panel->results, result);
  return result;
}

/**
 * ld_lab_report_new:
 *
 * Returns: (transfer full): an empty report version 1, with an empty lab
 *   and patient to fill
 */
LdLabReport *
ld_lab_report_new (void)
{
  LdLabReport *report = g_new0 (LdLabReport, 1);

  report->lab = ld_report_lab_new ();
  report->patient = ld_report_patient_new ();
  report->samples = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_report_sample_free);
  report->panels = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_report_panel_free);
  report->version = 1;
  return report;
}

void
ld_lab_report_free (LdLabReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->lab, ld_report_lab_free);
  g_clear_pointer (&report->patient, ld_report_patient_free);
  g_free (report->doctor);
  g_free (report->order_number);
  g_clear_pointer (&report->samples, g_ptr_array_unref);
  g_clear_pointer (&report->panels, g_ptr_array_unref);
  g_free (report->comments);
  g_free (report->verified_by);
  g_free (report->released_by);
  g_free (report->correction_note);
  g_free (report->clinical_notes);
  g_free (report->referred_by);
  g_free (report->verification_code);
  g_free (report->verification_url);
  g_free (report->signatory_qualification);
  g_free (report->signatory_registration);
  g_clear_pointer (&report->signatory_signature_png, g_bytes_unref);
  g_free (report->interpretation);
  g_free (report);
}

/**
 * ld_lab_report_add_panel:
 * @report: a report
 * @title: (nullable): the panel's heading
 *
 * Returns: (transfer none): the new panel, owned by @report
 */
LdReportPanel *
ld_lab_report_add_panel (LdLabReport *report,
                         const char  *title)
{
  LdReportPanel *panel;

  g_return_val_if_fail (report != NULL, NULL);

  panel = ld_report_panel_new (title);
  g_ptr_array_add (report->panels, panel);
  return panel;
}

/**
 * ld_receipt_item_new:
 * @description: (nullable): what was charged for
 * @note: (nullable): a note under it
 * @amount_paise: the amount charged
 *
 * Returns: (transfer full): a receipt line
 */
LdReceiptItem *
ld_receipt_item_new (const char *description,
                     const char *note,
                     gint64      amount_paise)
{
  LdReceiptItem *item = g_new0 (LdReceiptItem, 1);

  item->description = g_strdup (description);
  item->note = g_strdup (note);
  item->amount_paise = amount_paise;
  return item;
}

void
ld_receipt_item_free (LdReceiptItem *item)
{
  if (item == NULL)
    return;

  g_free (item->description);
  g_free (item->note);
  g_free (item);
}

/**
 * ld_receipt_payment_new:
 * @method: (nullable): how, as shown
 * @reference: (nullable): its reference
 * @amount_paise: the amount, negative for a refund
 * @at_us: when, UTC microseconds
 *
 * Returns: (transfer full): a payment line
 */
LdReceiptPayment *
ld_receipt_payment_new (const char *method,
                        const char *reference,
                        gint64      amount_paise,
                        gint64      at_us)
{
  LdReceiptPayment *payment = g_new0 (LdReceiptPayment, 1);

  payment->method = g_strdup (method);
  payment->reference = g_strdup (reference);
  payment->amount_paise = amount_paise;
  payment->at_us = at_us;
  payment->tendered_paise = -1;
  payment->change_paise = -1;
  return payment;
}

void
ld_receipt_payment_free (LdReceiptPayment *payment)
{
  if (payment == NULL)
    return;

  g_free (payment->method);
  g_free (payment->reference);
  g_free (payment->reason);
  g_free (payment);
}

/**
 * ld_receipt_new:
 *
 * Returns: (transfer full): an empty receipt, with an empty lab and
 *   patient to fill
 */
LdReceipt *
ld_receipt_new (void)
{
  LdReceipt *receipt = g_new0 (LdReceipt, 1);

  receipt->lab = ld_report_lab_new ();
  receipt->patient = ld_report_patient_new ();
  receipt->items = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_receipt_item_free);
  receipt->payments = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_receipt_payment_free);
  return receipt;
}

void
ld_receipt_free (LdReceipt *receipt)
{
  if (receipt == NULL)
    return;

  g_clear_pointer (&receipt->lab, ld_report_lab_free);
  g_clear_pointer (&receipt->patient, ld_report_patient_free);
  g_free (receipt->order_number);
  g_clear_pointer (&receipt->items, g_ptr_array_unref);
  g_free (receipt->discount_label);
  g_free (receipt->fee_label);
  g_free (receipt->tax_label);
  g_clear_pointer (&receipt->payments, g_ptr_array_unref);
  g_free (receipt->receipt_number);
  g_free (receipt->cashier);
  g_free (receipt->doctor);
  g_free (receipt);
}

/**
 * ld_label_new:
 *
 * Returns: (transfer full): an empty label, for the caller to fill
 */
LdLabel *
ld_label_new (void)
{
  return g_new0 (LdLabel, 1);
}

void
ld_label_free (LdLabel *label)
{
  if (label == NULL)
    return;

  g_free (label->accession);
  g_free (label->patient_name);
  g_free (label->mrn);
  g_free (label->sex_age);
  g_free (label->specimen);
  g_free (label->container);
  g_free (label->order_number);
  g_strfreev (label->test_codes);
  g_free (label->priority);
  g_free (label);
}

/**
 * ld_label_set_new:
 *
 * Returns: (transfer full): an empty set of labels
 */
LdLabelSet *
ld_label_set_new (void)
{
  LdLabelSet *set = g_new0 (LdLabelSet, 1);

  set->labels = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_label_free);
  return set;
}

void
ld_label_set_free (LdLabelSet *set)
{
  if (set == NULL)
    return;

  g_free (set->time_zone);
  g_clear_pointer (&set->labels, g_ptr_array_unref);
  g_free (set);
}
