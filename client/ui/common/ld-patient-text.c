/* ld-patient-text.c: a patient said in a few words, on the desk's lists
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The words for sex and age are the report's (shared/report), so the
 * desk says "34 years" or "7 months" as the printed report and the
 * sample label do.
 */

#define G_LOG_DOMAIN "ld-patient-text"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-patient.h"
#include "ld-patient-text.h"
#include "ld-report-format.h"

/**
 * ld_patient_text_sex_age:
 * @patient: a patient
 *
 * Returns: (transfer full): "Female, 34 years", "Male, 41 years (no date
 *   of birth)", "Sex not known, 7 months"
 */
char *
ld_patient_text_sex_age (LdPatient *patient)
{
  const char *dob;
  gint64 years;
  const char *letter = NULL;
  const char *sex_text;
  g_autofree char *age = NULL;
  g_autofree char *age_short = NULL;

  g_return_val_if_fail (LD_IS_PATIENT (patient), NULL);

  dob = ld_patient_get_date_of_birth (patient);
  years = ld_patient_get_age_years (patient);
  sex_text = ld_report_format_sex (ld_patient_get_sex (patient), &letter);
  if (sex_text == NULL)
    sex_text = _("Sex not known");
  ld_report_format_age (dob, dob ? -1 : years, 0, &age, &age_short);

  if (age == NULL)
    /* Translators: a patient's sex when no age is known. */
    return g_strdup_printf (_("%s, age not known"), sex_text);
  if (dob == NULL)
    /* Translators: sex and an age given at registration, without a date of birth. */
    return g_strdup_printf (_("%s, %s (no date of birth)"), sex_text, age);
  /* Translators: a patient's sex and age, "Female, 34 years". */
  return g_strdup_printf (_("%s, %s"), sex_text, age);
}

/**
 * ld_patient_text_for:
 * @patient: a patient as the cache holds them, read typed
 *
 * Returns: (transfer full): whom an order being made is for: "for Asha
 *   Rao · P000123", or that the registration still waits to be sent
 */
char *
ld_patient_text_for (LdPatient *patient)
{
  g_return_val_if_fail (LD_IS_PATIENT (patient), NULL);

  if (ld_patient_get_mrn (patient) != NULL)
    /* Translators: who the order is for: the patient's name and MRN. */
    return g_strdup_printf (_("for %s · %s"), ld_patient_get_name (patient),
                               ld_patient_get_mrn (patient));
  /* Translators: who the order is for, registered here and not yet sent. */
  return g_strdup_printf (_("for %s · waiting to be sent"), ld_patient_get_name (patient));
}

