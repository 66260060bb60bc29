/* ld-doctor-result-rows.c: a result as the doctor reads it, in a list
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per result of the cache: the test, then its value, unit,
 * interval and flag in words once verified (its state until then), the
 * comment and the corrected values of amendments. An order's page and a
 * visit's tests (the Today page) show results alike.
 */

#define G_LOG_DOMAIN "ld-doctor-result-rows"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-record-rows.h"
#include "ld-doctor-lists.h"
#include "ld-doctor-result-rows.h"
#include "ld-report-format.h"

static GtkWidget *
make_row (void)
{
  return ld_doctor_row_new ("test", "heading", "value", NULL, "comment", "dim-label",
                            "amendments", "dim-label", NULL);
}

static char *
describe_amendments (const LdResult *result)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < result->amendments->len; i++)
    {
      const LdResultAmendment *amendment = g_ptr_array_index (result->amendments, i);

      if (g_strcmp0 (amendment->kind, "amendment") != 0)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: an amendment: the value it replaced, the corrected
       * value and the reason given. */
      g_string_append_printf (text, _("Corrected from %s to %s: %s"),
                                       amendment->old_value, amendment->new_value,
                                       amendment->reason);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
fill_row (GtkWidget     *row,
          LdCacheRecord *record)
{
  g_autoptr(LdResult) result = ld_cache_record_dup_result (record);
  const char *value, *unit, *flag, *comment, *range;
  g_autofree char *value_text = NULL;
  g_autofree char *amendments = NULL;

  if (result == NULL)
    return;
  value = result->value;
  unit = result->unit;
  flag = ld_report_flag_to_string (ld_report_flag_from_string (result->flag));
  comment = result->comment;
  range = ld_result_get_range_text (result);
  if (value == NULL)
    /* Translators: a result the doctor cannot read yet: its state in words. */
    value_text = g_strdup_printf (_("Not verified yet (%s)"), result->state);
  else
    /* Translators: a result: value, unit, reference interval and the flag in words. */
    value_text = g_strdup_printf (_("%s %s · interval %s · %s"), value, unit ? unit : "",
      range ? range : _("none"), *flag != '\0' ? flag : C_("result flag", "Normal"));
  amendments = describe_amendments (result);
  gtk_label_set_text (ld_row_label (row, "test"), result->test_name);
  gtk_label_set_text (ld_row_label (row, "value"), value_text);
  gtk_label_set_text (ld_row_label (row, "comment"), comment ? comment : "");
  gtk_widget_set_visible (GTK_WIDGET (ld_row_label (row, "comment")), comment != NULL);
  gtk_label_set_text (ld_row_label (row, "amendments"), amendments);
  gtk_widget_set_visible (GTK_WIDGET (ld_row_label (row, "amendments")), *amendments != '\0');
}

/**
 * ld_doctor_result_row_factory_new:
 *
 * Returns: (transfer full): a factory of result rows for a list of the
 *   cache's result records
 */
GtkListItemFactory *
ld_doctor_result_row_factory_new (void)
{
  return ld_record_row_factory_new (make_row, fill_row);
}
