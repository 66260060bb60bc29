/* ld-report-format.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-report-format"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-report-format.h"
#include "ld-result.h"
#include "ld-time.h"

/* Magnitude in paise, safe for G_MININT64, whose negation overflows. */
static guint64
magnitude (gint64 paise)
{
  return paise < 0 ? (guint64) - (paise + 1) + 1 : (guint64) paise;
}

/* The Indian way: the last three digits, then pairs (lakhs, crores). */
static void
append_grouped (GString *text,
                guint64  value)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      gsize left = n - i;

      g_string_append_c (text, digits[i]);
      if (left > 3 && left % 2 == 0)
        g_string_append_c (text, ',');
    }
}

/**
 * ld_report_format_money:
 * @paise: an amount in paise
 *
 * Formats rupees the Indian way, the last three digits and then pairs
 * grouped (lakhs and crores), with two decimals and a minus sign for
 * money given back. Every amount on a receipt goes through here.
 *
 * Returns: (transfer full): such as "1,23,456.50" or "-20.00"
 */
char *
ld_report_format_money (gint64 paise)
{
  guint64 value = magnitude (paise);
  GString *text = g_string_sized_new (32);

  /* A hyphen-minus: Noto Sans has no U+2212, and a fallback font would
   * change the line's height. */
  if (paise < 0)
    g_string_append_c (text, '-');
  append_grouped (text, value / 100);
  g_string_append_printf (text, ".%02u", (guint) (value % 100));
  return g_string_free (text, FALSE);
}

/**
 * ld_report_format_count:
 * @n: a count
 *
 * Groups a count as money is grouped (ld_report_format_money()), for
 * the figures beside it: "1,23,456".
 *
 * Returns: (transfer full): the count's text
 */
char *
ld_report_format_count (gint64 n)
{
  GString *text = g_string_sized_new (32);

  if (n < 0)
    g_string_append_c (text, '-');
  append_grouped (text, magnitude (n));
  return g_string_free (text, FALSE);
}

/**
 * ld_report_format_rupees:
 * @paise: an amount in paise
 *
 * Returns: (transfer full): ld_report_format_money() with the rupee sign,
 *   such as "₹1,250.00"
 */
char *
ld_report_format_rupees (gint64 paise)
{
  g_autofree char *money = ld_report_format_money (paise);

  if (money[0] == '-')
    return g_strdup_printf ("-\u20b9%s", money + 1);
  return g_strdup_printf ("\u20b9%s", money);
}

/**
 * ld_report_format_time_as:
 * @utc_us: UTC microseconds since the epoch; 0 or less for unknown
 * @time_zone: (nullable): an IANA zone; %NULL or an unknown zone for the
 *   process's local zone
 * @format: a g_date_time_format() pattern, already translated
 *
 * Returns: (transfer full) (nullable): the time in the lab's zone, or
 *   %NULL when it is not known
 */
char *
ld_report_format_time_as (gint64      utc_us,
                          const char *time_zone,
                          const char *format)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (format != NULL, NULL);

  if (utc_us <= 0)
    return NULL;

  zone = ld_time_zone_get (time_zone);
  if (zone == NULL)
    zone = ld_time_zone_local ();

  utc = g_date_time_new_from_unix_utc (utc_us / G_USEC_PER_SEC);
  if (utc == NULL)
    return NULL;
  local = g_date_time_to_timezone (utc, zone);
  if (local == NULL)
    return NULL;

  return g_date_time_format (local, format);
}

/**
 * ld_report_format_time:
 * @utc_us: UTC microseconds since the epoch; 0 or less for unknown
 * @time_zone: (nullable): an IANA zone; %NULL or an unknown zone for the
 *   process's local zone
 *
 * Returns: (transfer full) (nullable): such as "21 Nov 2026, 14:05", or
 *   %NULL when the time is not known
 */
char *
ld_report_format_time (gint64      utc_us,
                       const char *time_zone)
{
  /* Translators: a date and time on a report, in strftime() form, such as
   * "21 Nov 2026, 14:05". */
  return ld_report_format_time_as (utc_us, time_zone, _("%d %b %Y, %H:%M"));
}

/**
 * ld_report_flag_from_string:
 * @flag: (nullable): a result's `flag` as on the wire ("critical_high")
 *
 * Returns: the flag as the report sets it; %LD_REPORT_FLAG_NONE for
 *   "normal", "none", %NULL or a flag this version does not know
 */
LdReportFlag
ld_report_flag_from_string (const char *flag)
{
  static const struct
  {
    const char   *name;
    LdReportFlag  flag;
  } flags[] = {
    { "low", LD_REPORT_FLAG_LOW },
    { "high", LD_REPORT_FLAG_HIGH },
    { "critical_low", LD_REPORT_FLAG_CRITICAL_LOW },
    { "critical_high", LD_REPORT_FLAG_CRITICAL_HIGH },
    { "abnormal", LD_REPORT_FLAG_ABNORMAL },
    { "no_reference_interval", LD_REPORT_FLAG_NO_REFERENCE },
  };

  for (guint i = 0; flag != NULL && i < G_N_ELEMENTS (flags); i++)
    if (g_str_equal (flags[i].name, flag))
      return flags[i].flag;
  return LD_REPORT_FLAG_NONE;
}

/**
 * ld_report_flag_to_string:
 * @flag: a flag
 *
 * Returns: (transfer none): the flag spelled out, "" for a result within
 *   its interval
 */
const char *
ld_report_flag_to_string (LdReportFlag flag)
{
  switch (flag)
    {
    case LD_REPORT_FLAG_LOW:
      return C_("result flag", "Low");
    case LD_REPORT_FLAG_HIGH:
      return C_("result flag", "High");
    case LD_REPORT_FLAG_CRITICAL_LOW:
      return C_("result flag", "Critical low");
    case LD_REPORT_FLAG_CRITICAL_HIGH:
      return C_("result flag", "Critical high");
    case LD_REPORT_FLAG_ABNORMAL:
      return C_("result flag", "Abnormal");
    case LD_REPORT_FLAG_NO_REFERENCE:
      return C_("result flag", "No reference interval");
    case LD_REPORT_FLAG_NONE:
    default:
      return "";
    }
}

/**
 * ld_report_flag_is_abnormal:
 * @flag: a flag
 *
 * Returns: %TRUE when the result is set apart in bold
 */
gboolean
ld_report_flag_is_abnormal (LdReportFlag flag)
{
  return flag != LD_REPORT_FLAG_NONE && flag != LD_REPORT_FLAG_NO_REFERENCE;
}

/**
 * ld_report_flag_is_critical:
 * @flag: a flag
 *
 * Returns: %TRUE for a critical low or high
 */
gboolean
ld_report_flag_is_critical (LdReportFlag flag)
{
  return flag == LD_REPORT_FLAG_CRITICAL_LOW || flag == LD_REPORT_FLAG_CRITICAL_HIGH;
}

static void
append_parameter (GString    *uri,
                  const char *name,
                  const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL || value[0] == '\0')
    return;

  /* RFC 3986 lets '@' stand in a query, and UPI addresses are written with
   * it; everything outside the unreserved set is escaped. */
  escaped = g_uri_escape_string (value, "@", FALSE);
  g_string_append_printf (uri, "%s%s=%s", uri->str[uri->len - 1] == '?' ? "" : "&",
                          name, escaped);
}

/**
 * ld_report_upi_uri:
 * @payee_address: the UPI virtual payment address, such as "lab@okbank"
 * @payee_name: (nullable): the payee's name shown by the paying app
 * @amount_paise: the amount to pay; more than zero
 * @note: (nullable): the transaction note, such as the order number
 *
 * Builds the UPI deep link that payment apps read from a QR code, each
 * value percent-encoded.
 *
 * Returns: (transfer full) (nullable): such as
 *   "upi://pay?pa=lab@okbank&pn=City%20Lab&am=120.00&cu=INR&tn=O2611-000123",
 *   or %NULL without an address or a positive amount
 */
char *
ld_report_upi_uri (const char *payee_address,
                   const char *payee_name,
                   gint64      amount_paise,
                   const char *note)
{
  g_autofree char *amount = NULL;
  GString *uri;

  if (payee_address == NULL || payee_address[0] == '\0' || amount_paise <= 0)
    return NULL;

  amount =
    g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", amount_paise / 100, (int) (amount_paise % 100));
  uri = g_string_new ("upi://pay?");
  append_parameter (uri, "pa", payee_address);
  append_parameter (uri, "pn", payee_name);
  append_parameter (uri, "am", amount);
  append_parameter (uri, "cu", "INR");
  append_parameter (uri, "tn", note);
  return g_string_free (uri, FALSE);
}

/* Months and days between two dates, for a baby's age. */
static void
months_and_days (const GDate *born,
                 const GDate *on,
                 int         *out_months,
                 int         *out_days)
{
  int months = (g_date_get_year (on) - g_date_get_year (born)) * 12 +
               (int) g_date_get_month (on) - (int) g_date_get_month (born);

  if (g_date_get_day (on) < g_date_get_day (born))
    months--;
  *out_months = months;
  *out_days = g_date_days_between (born, on);
}

/**
 * ld_report_format_age:
 * @date_of_birth: (nullable): "YYYY-MM-DD"
 * @age_years: the age given at registration when the date is unknown, or -1
 * @on_us: the day the age is taken on (local), UTC microseconds; 0 for today
 * @out_long: (out) (transfer full) (nullable): as a report prints it,
 *   "34 years", "7 months", "12 days"; %NULL when unknown
 * @out_short: (out) (transfer full) (nullable): as a label prints it, "34y"
 *
 * The age that chose the reference interval, in whole years, and for a
 * baby in months or days. The server's documents and the desk's labels
 * both print it from here.
 */
void
ld_report_format_age (const char  *date_of_birth,
                      gint64       age_years,
                      gint64       on_us,
                      char       **out_long,
                      char       **out_short)
{
  gint64 day_us = on_us > 0 ? on_us : g_get_real_time ();
  g_autoptr(GDateTime) when = ld_time_local_from_unix (day_us / G_USEC_PER_SEC);
  g_autofree char *day = g_date_time_format (when, "%Y-%m-%d");
  gint64 years = ld_result_age_on (date_of_birth, age_years, day);
  GDate born, on;
  int months, days;

  g_return_if_fail (out_long != NULL && out_short != NULL);

  *out_long = NULL;
  *out_short = NULL;
  if (years < 0)
    return;

  if (years >= 1 || date_of_birth == NULL ||
      !ld_time_parse_date (date_of_birth, &born) || !ld_time_parse_date (day, &on))
    {
      *out_long =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d year", "%d years", years), (int) years);
      /* Translators: a patient's age in years on a sample label. */
      *out_short = g_strdup_printf (_("%dy"), (int) years);
      return;
    }

  months_and_days (&born, &on, &months, &days);
  if (months >= 1)
    {
      *out_long =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d month", "%d months", months), months);
      /* Translators: a baby's age in months on a sample label. */
      *out_short = g_strdup_printf (_("%dm"), months);
    }
  else
    {
      *out_long = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", days), days);
      /* Translators: a newborn's age in days on a sample label. */
      *out_short = g_strdup_printf (_("%dd"), days);
    }
}

/**
 * ld_report_format_sex:
 * @sex: a patient's sex
 * @out_short: (out) (transfer none) (nullable): one letter, for a label
 *
 * Returns: (transfer none) (nullable): the word a report prints; %NULL
 *   when unknown
 */
const char *
ld_report_format_sex (LdSex        sex,
                      const char **out_short)
{
  g_return_val_if_fail (out_short != NULL, NULL);

  switch (sex)
    {
    case LD_SEX_FEMALE:
      /* Translators: the patient's sex, shortly, on a sample label. */
      *out_short = C_("sex", "F");
      return C_("sex", "Female");
    case LD_SEX_MALE:
      *out_short = C_("sex", "M");
      return C_("sex", "Male");
    case LD_SEX_OTHER:
      *out_short = C_("sex", "O");
      return C_("sex", "Other");
    case LD_SEX_UNKNOWN:
    default:
      *out_short = NULL;
      return NULL;
    }
}
