/* ld-visit-text.c: a visit in words: its amendments, a past visit read-only
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The visit form's texts, apart from its widgets: the names of the
 * vitals and the texts of a visit, an amendment told as when, who, why
 * and what each text said before (from its `was`, the record it
 * replaced), and a past visit as the doctor wrote it.
 */

#define G_LOG_DOMAIN "ld-visit-text"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ld-visit-amendment.h"
#include "ld-visit-text.h"

/* Indexed by LdVital; the units are the shared table's. */
/* clang-format off */
static const char *const vital_titles[] = {
  N_("Blood pressure, systolic"), N_("Blood pressure, diastolic"), N_("Pulse"),
  N_("Temperature"), N_("SpO₂"), N_("Respiratory rate"), N_("Weight"), N_("Height"),
};
/* clang-format on */

G_STATIC_ASSERT (G_N_ELEMENTS (vital_titles) == LD_VITAL_N);

/* What the doctor reads for each of a visit's texts, by LdVisitField. */
static const char *const text_titles[] = {
  N_("Complaint"), N_("Findings"), N_("Diagnosis"), N_("ICD-10 code"), N_("Advice"),
  N_("Follow-up date"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (text_titles) == LD_VISIT_TEXT_N);

/**
 * ld_visit_text_vital_title:
 * @vital: a vital
 *
 * Returns: (transfer none): its name, translated
 */
const char *
ld_visit_text_vital_title (LdVital vital)
{
  g_return_val_if_fail (vital < LD_VITAL_N, NULL);

  return _(vital_titles[vital]);
}

/**
 * ld_visit_text_member:
 * @index: one of the visit's texts, below %LD_VISIT_TEXT_N
 *
 * Returns: (transfer none): its name in the API, such as "diagnosis"
 */
const char *
ld_visit_text_member (guint index)
{
  g_return_val_if_fail (index < LD_VISIT_TEXT_N, NULL);

  return ld_visit_field_get_member (index);
}

/**
 * ld_visit_text_format_vital:
 * @value: a vital's value, NAN when not taken
 * @vital: which
 *
 * Returns: (transfer full): @value as the form shows it, "" when not taken
 */
char *
ld_visit_text_format_vital (double  value,
                            LdVital vital)
{
  if (isnan (value))
    return g_strdup ("");
  return ld_vital_is_whole (vital) ? g_strdup_printf ("%d", (int) value)
                                   : g_strdup_printf ("%.1f", value);
}

static char *
format_time (gint64 at_us)
{
  g_autoptr(GDateTime) at = NULL;

  if (at_us == 0)
    return g_strdup ("");
  at = g_date_time_new_from_unix_local (at_us / G_USEC_PER_SEC);
  /* Translators: when a visit was amended, in strftime() form. */
  return g_date_time_format (at, _("%d %b %Y, %H:%M"));
}

/* What a text of the visit said before amendment @index, when it
 * differs from what came after it: the next amendment's record, else
 * the visit as it is now. */
static void
append_changes (GString       *out,
                const LdVisit *visit,
                guint          index)
{
  const LdVisitAmendment *amendment = g_ptr_array_index (visit->amendments, index);
  const LdVisitAmendment *next =
    index + 1 < visit->amendments->len ? g_ptr_array_index (visit->amendments, index + 1) : NULL;
  const LdVisit *after = next != NULL && next->was != NULL ? next->was : visit;

  if (amendment->was == NULL)
    return;
  for (LdVisitField field = 0; field < LD_VISIT_FIELD_N; field++)
    {
      const char *before = ld_visit_get_text (amendment->was, field);

      if (g_strcmp0 (before, ld_visit_get_text (after, field)) == 0)
        continue;
      /* Translators: what a field of a signed visit said before it was
       * amended: "Diagnosis was “Viral fever”". */
      g_string_append_printf (out, _("\n%s was “%s”"), _(text_titles[field]),
                                                           before != NULL ? before : _("empty"));
    }
}

/**
 * ld_visit_text_describe_amendments:
 * @visit: (nullable): a visit
 *
 * Returns: (transfer full) (nullable): each amendment of @visit, when,
 *   who, why and what it said before; %NULL when it has none
 */
char *
ld_visit_text_describe_amendments (const LdVisit *visit)
{
  g_autoptr(GString) out = NULL;

  if (visit == NULL || visit->amendments->len == 0)
    return NULL;
  out = g_string_new (NULL);
  for (guint i = 0; i < visit->amendments->len; i++)
    {
      const LdVisitAmendment *amendment = g_ptr_array_index (visit->amendments, i);
      g_autofree char *when = format_time (amendment->amended_us);
      const char *who = amendment->amended_by_name;

      if (out->len > 0)
        g_string_append (out, "\n\n");
      /* Translators: an amendment of a signed visit: when, by whom, and why. */
      g_string_append_printf (out, _("%s, by %s: “%s”"), when,
                                      who != NULL ? who : _("unknown"), amendment->reason);
      append_changes (out, visit, i);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * ld_visit_text_describe:
 * @visit: a visit
 * @day: (nullable): its day
 * @doctor_name: (nullable): who wrote it
 *
 * Returns: (transfer full): @visit read-only, as the doctor wrote it
 */
char *
ld_visit_text_describe (const LdVisit *visit,
                        const char    *day,
                        const char    *doctor_name)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *amendments = ld_visit_text_describe_amendments (visit);

  /* Translators: a past visit's heading: its day and the doctor. */
  g_string_append_printf (out, _("%s, %s"), day != NULL ? day : "",
                                  doctor_name != NULL ? doctor_name : "");
  for (LdVisitField field = 0; field < LD_VISIT_FIELD_N; field++)
    {
      const char *text = ld_visit_get_text (visit, field);

      if (text != NULL)
        /* Translators: a field of a past visit and what it said. */
        g_string_append_printf (out, _("\n%s: %s"), _(text_titles[field]), text);
    }
  for (guint i = 0; i < LD_VITAL_N; i++)
    {
      g_autofree char *value = ld_visit_text_format_vital (visit->vitals.values[i], i);

      if (*value != '\0')
        /* Translators: a vital sign of a past visit: "Pulse: 92 /min". */
        g_string_append_printf (out, _("\n%s: %s %s"), ld_visit_text_vital_title (i), value,
                                        ld_vital_get_unit (i));
    }
  if (amendments != NULL)
    g_string_append_printf (out, "\n\n%s\n%s", _("Amendments"), amendments);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
