/* ld-notify-text.c: a message to a patient, in the desk's words
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one place the client says what a notification was about and how
 * it fared ("E-mailed 10:42", "E-mail failed: …"), for the desk's order
 * page and the administrator's outbox alike.
 */

#define G_LOG_DOMAIN "ld-notify-text"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-notify-text.h"

/* clang-format off */
static const struct
{
  const char *name;
  const char *label;
} templates[] = {
  { "order-confirmed",       N_("Order confirmed") },
  { "home-visit-scheduled",  N_("Home visit booked") },
  { "payment-received",      N_("Payment received") },
  { "payment-failed",        N_("Payment failed") },
  { "order-expiring",        N_("Order about to expire") },
  { "sample-collected",      N_("Sample collected") },
  { "sample-rejected",       N_("New sample needed") },
  { "report-ready",          N_("Report ready") },
  { "report-amended",        N_("Report corrected") },
  { "sign-in-code",          N_("Sign-in code") },
  { "critical-result",       N_("Critical result, to the doctor") },
  { "appointment-reminder",  N_("Appointment reminder") },
  { "appointment-cancelled", N_("Appointment cancelled") },
  { "appointment-moved",     N_("Appointment moved") },
};
/* clang-format on */

/**
 * ld_notify_text_template:
 * @name: an event, such as "report-ready"
 *
 * Returns: (transfer none): what the message is about, in words
 */
const char *
ld_notify_text_template (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    if (g_strcmp0 (templates[i].name, name) == 0)
      return _(templates[i].label);
  return name;
}

/**
 * ld_notify_text_describe:
 * @state: a message's state
 * @last_error: (nullable): what its last attempt met
 * @when_us: when it was sent, else when it was written
 *
 * Returns: (transfer full): the message's line, as the desk reads it
 */
char *
ld_notify_text_describe (const char *state,
                         const char *last_error,
                         gint64      when_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (when_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autofree char *time = g_date_time_format (local, "%H:%M");

  if (g_strcmp0 (state, "sent") == 0)
    /* Translators: %s is the time the mail server took it, such as 10:42. */
    return g_strdup_printf (_("E-mailed %s"), time);
  if (g_strcmp0 (state, "waiting") == 0 || g_strcmp0 (state, "sending") == 0)
    return last_error != NULL
      /* Translators: %s is why the last try failed; it is tried again. */
      ? g_strdup_printf (_("E-mail not sent yet: %s"), last_error)
      : g_strdup (_("E-mail on its way"));
  if (g_strcmp0 (state, "withheld") == 0)
    return g_strdup (_("Not e-mailed: the patient asked not to be"));
  if (g_strcmp0 (state, "cancelled") == 0)
    return g_strdup (_("E-mail cancelled"));
  /* Translators: %s is the mail server's or the sender's reason. */
  return g_strdup_printf (_("E-mail failed: %s"),
                             last_error != NULL ? last_error : _("no reason given"));
}
