/* ld-step-tooltip.c: a control's tooltip says why its step is not offered
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page offers a step only when the session's shared check allows it
 * (issue 30). A control left disabled says why on its tooltip, in the
 * words of the check's refusal; offered again, it says what it does (the
 * tooltip its template gave it, kept the first time it is explained).
 */

#define G_LOG_DOMAIN "ld-step-tooltip"

#include "config.h"

#include "ld-error-text.h"
#include "ld-step-tooltip.h"

#define KEPT_KEY "ld-step-tooltip"

/**
 * ld_step_tooltip_explain:
 * @widget: a control of a step
 * @why: (nullable): why the step is not offered now, or %NULL when it is
 */
void
ld_step_tooltip_explain (GtkWidget  *widget,
                         const char *why)
{
  const char *kept;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_object_get_data (G_OBJECT (widget), KEPT_KEY) == NULL)
    /* "" stands for a template that gave none. */
    g_object_set_data_full (G_OBJECT (widget), KEPT_KEY,
                            g_strdup (gtk_widget_get_tooltip_text (widget) ?: ""), g_free);
  kept = g_object_get_data (G_OBJECT (widget), KEPT_KEY);
  gtk_widget_set_tooltip_text (widget, why != NULL ? why : *kept != '\0' ? kept : NULL);
}

/**
 * ld_step_tooltip_refuse:
 * @widget: a control of a step
 * @refusal: (nullable): the check's refusal (ld_session_check()), or
 *   %NULL when the step is offered
 *
 * As ld_step_tooltip_explain(), with the refusal in words
 * (ld_error_text_describe()).
 */
void
ld_step_tooltip_refuse (GtkWidget    *widget,
                        const GError *refusal)
{
  g_autofree char *why = refusal != NULL ? ld_error_text_describe (refusal) : NULL;

  ld_step_tooltip_explain (widget, why);
}
