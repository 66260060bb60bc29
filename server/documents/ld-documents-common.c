/* ld-documents-common.c: what every document shows: the lab, the patient,
 * the people who did the work
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-documents"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-documents-private.h"
#include "ld-report-format.h"
#include "ld-sample.h"
#include "ld-text.h"
#include "ld-time.h"
#include "ld-flag.h"
#include "ld-patient-rules.h"

struct _LdDocumentNames
{
  LdStore    *store;
  GHashTable *names;
};

LdDocumentNames *
ld_document_names_new (LdStore *store)
{
  LdDocumentNames *names = g_new0 (LdDocumentNames, 1);

  names->store = store;
  names->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return names;
}

void
ld_document_names_free (LdDocumentNames *names)
{
  if (names == NULL)
    return;

  g_clear_pointer (&names->names, g_hash_table_unref);
  g_free (names);
}

/*
 * ld_document_names_lookup:
 * @user_id: (nullable): a user's id
 * @out_name: (out) (transfer none): their display name, %NULL for no user
 *
 * Returns: %TRUE unless the store failed
 */
gboolean
ld_document_names_lookup (LdDocumentNames  *names,
                          const char       *user_id,
                          const char      **out_name,
                          GError          **error)
{
  g_autoptr(LdUser) user = NULL;
  const char *name;

  *out_name = NULL;
  if (user_id == NULL)
    return TRUE;

  name = g_hash_table_lookup (names->names, user_id);
  if (name == NULL)
    {
      char *copy;

      user = ld_store_users_get (names->store, user_id, error);
      if (user == NULL)
        return FALSE;
      copy = g_strdup (ld_user_get_display_name (user));
      g_hash_table_insert (names->names, g_strdup (user_id), copy);
      name = copy;
    }

  *out_name = name;
  return TRUE;
}

static char *
nonempty_dup (const char *text)
{
  return text != NULL && text[0] != '\0' ? g_strdup (text) : NULL;
}

/* The lab's details, as the settings hold them today. Times are shown in
 * the server's local zone, the zone the lab's days are counted in
 * everywhere else (the cash report, expiry). */
void
ld_documents_fill_lab (LdReportLab      *lab,
                       const LdSettings *settings)
{
  lab->name = g_strdup (settings->lab_name);
  lab->address = nonempty_dup (settings->lab_address);
  lab->phone = nonempty_dup (settings->lab_phone);
  lab->email = nonempty_dup (settings->lab_email);
  lab->website = nonempty_dup (settings->lab_website);
  lab->registration = nonempty_dup (settings->lab_registration);
  lab->upi_id = nonempty_dup (settings->lab_upi_id);
  lab->logo_png = ld_settings_dup_logo (settings);
}

LdReportPaper
ld_documents_paper (const LdSettings *settings)
{
  return g_strcmp0 (settings->report_paper, "letter") == 0 ? LD_REPORT_PAPER_LETTER
                                                           : LD_REPORT_PAPER_A4;
}

/* Microseconds of an RFC 3339 time the store wrote, 0 for none. */
gint64
ld_documents_parse_time (const char *rfc3339)
{
  gint64 unix_us = 0;

  if (rfc3339 == NULL || !ld_time_parse_rfc3339 (rfc3339, &unix_us))
    return 0;
  return unix_us;
}

/* The rule is shared with the desk, which prints labels too. */
gboolean
ld_documents_sample_is_live (const char *state)
{
  return ld_sample_state_is_live (state);
}

/* When the order's first sample was taken; 0 before collection. */
gint64
ld_documents_first_collection (GPtrArray *samples)
{
  gint64 first = 0;

  for (guint i = 0; i < samples->len; i++)
    {
      const LdSample *sample = g_ptr_array_index (samples, i);
      gint64 collected = ld_documents_parse_time (sample->collected_at);

      if (collected > 0 && (first == 0 || collected < first))
        first = collected;
    }
  return first;
}

static char *
format_date (const char *date)
{
  GDate parsed;
  char text[64];

  if (date == NULL || !ld_time_parse_date (date, &parsed))
    return NULL;
  if (g_date_strftime (text, sizeof text, "%d %b %Y", &parsed) == 0)
    return NULL;
  return g_strdup (text);
}

/*
 * ld_documents_fill_patient:
 * @on_us: the day the patient's age is taken on (the first collection),
 *   0 for today
 * @out_sex_age: (out) (optional): short, for a label, such as "F 34y"
 *
 * The patient with two identifiers: the MRN, and the national health ID,
 * else the date of birth (printed in its own row), else the phone.
 */
gboolean
ld_documents_fill_patient (LdStore          *store,
                           const char       *patient_id,
                           gint64            on_us,
                           LdReportPatient  *out,
                           char            **out_sex_age,
                           GError          **error)
{
  g_autoptr(LdPatient) patient = ld_store_patients_get (store, patient_id, error);
  g_autofree char *age_short = NULL;
  const char *sex_short = NULL;

  if (patient == NULL)
    return FALSE;

  out->name = g_strdup (ld_patient_get_name (patient));
  out->mrn = g_strdup (ld_patient_get_mrn (patient));
  out->sex = g_strdup (ld_report_format_sex (ld_patient_get_sex (patient), &sex_short));
  ld_report_format_age (ld_patient_get_date_of_birth (patient), ld_patient_get_age_years (patient),
                        on_us, &out->age, &age_short);
  out->date_of_birth = format_date (ld_patient_get_date_of_birth (patient));

  if (ld_patient_get_national_id (patient) != NULL)
    {
      out->second_id_label = g_strdup (_("Health ID"));
      out->second_id = g_strdup (ld_patient_get_national_id (patient));
    }
  else if (ld_patient_get_date_of_birth (patient) == NULL && ld_patient_get_phone (patient) != NULL)
    {
      out->second_id_label = g_strdup (_("Phone"));
      out->second_id = ld_patient_phone_display (ld_patient_get_phone (patient));
    }

  if (out_sex_age != NULL && sex_short != NULL && age_short != NULL)
    *out_sex_age = g_strdup_printf ("%s %s", sex_short, age_short);
  else if (out_sex_age != NULL)
    *out_sex_age = g_strdup (sex_short ? sex_short : age_short);
  return TRUE;
}

/**
 * ld_documents_initials:
 * @name: (nullable): a person's name, in any script
 *
 * What a report version keeps for `/verify` to show of its patient: the
 * initials as ld_text_initials() makes them, whole letters in every
 * script ("M. P.", "क्षि. त्रि.").
 *
 * Returns: (transfer full): the initials, "" for no name
 */
char *
ld_documents_initials (const char *name)
{
  return ld_text_initials (name);
}

/**
 * ld_documents_verification_url:
 * @settings: the lab's settings
 * @code: a report version's verification code
 *
 * Returns: (transfer full) (nullable): `<public_base_url>/verify/<code>`,
 *   or %NULL when the lab has not said where the public reaches it
 */
char *
ld_documents_verification_url (const LdSettings *settings,
                               const char       *code)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  if (settings->public_base_url == NULL || settings->public_base_url[0] == '\0')
    return NULL;

  base = g_strdup (settings->public_base_url);
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  return g_strdup_printf ("%s/verify/%s", base, code);
}
