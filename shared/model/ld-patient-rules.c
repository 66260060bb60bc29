/* ld-patient-rules.c: patient numbers, duplicate keys and search queries
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-patient-rules"

#include "config.h"

#include <string.h>

#include "ld-json.h"
#include "ld-patient-rules.h"
#include "ld-text.h"

/**
 * ld_patient_format_mrn:
 * @number: the counter's value
 *
 * Returns: (transfer full): such as "P000123"
 */
char *
ld_patient_format_mrn (gint64 number)
{
  return g_strdup_printf ("P%06" G_GINT64_FORMAT, number);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * ld_patient_name_key:
 * @name: a name as registered
 *
 * The key likely duplicates share: the folded words in sorted order, so
 * "Sharma, Priya" and "priya sharma" are the same person's name.
 *
 * Returns: (transfer full): the key
 */
char *
ld_patient_name_key (const char *name)
{
  g_auto(GStrv) words = ld_text_fold_words (name);

  qsort (words, g_strv_length (words), sizeof (char *), compare_strings);
  return g_strjoinv (" ", words);
}

/* The length of the E.164 country code @digits start with. Country codes
 * are prefix-free and their first digits fix their length: 1 (North
 * America) and 7 (Russia, Kazakhstan) are one digit; these are two; every
 * other code is three (Ireland 353, Portugal 351, UAE 971, …). */
static gsize
country_code_length (const char *digits)
{
  static const char two_digit[] =
    "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 "
    "60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98 ";
  char pair[4] = { 0 };

  if (digits[0] == '1' || digits[0] == '7')
    return 1;

  pair[0] = digits[0];
  pair[1] = digits[1];
  pair[2] = ' ';
  if (digits[1] != '\0' && strstr (two_digit, pair) != NULL)
    return 2;

  return 3;
}

/**
 * ld_patient_phone_national:
 * @phone: (nullable): a phone number as typed, or the start of one
 *
 * The number as dialled inside its country, to compare numbers written
 * with and without their country code. A country code counts only when it
 * is written as one, after "+" or "00": "+34 600 123 456" and
 * "0034 600123456" are 600123456, as "600 123 456" is. Leading zeros (a
 * trunk prefix: "098450 12345", "+44 (0)20 …") are dropped on both sides.
 *
 * Returns: (transfer full) (nullable): its digits, %NULL for %NULL
 */
char *
ld_patient_phone_national (const char *phone)
{
  g_autofree char *digits = NULL;
  const char *national;

  if (phone == NULL)
    return NULL;

  while (g_ascii_isspace (*phone))
    phone++;
  digits = ld_text_digits (phone);
  national = digits;

  if (*phone == '+' || g_str_has_prefix (digits, "00"))
    {
      if (*phone != '+')
        national += 2;
      national += MIN (strlen (national), country_code_length (national));
    }

  while (*national == '0')
    national++;

  return g_strdup (national);
}

/* How many digits the national number's first group has as typed, after
 * the country code (when written as one) and a trunk zero: 5 or more for a
 * mobile number ("98454 10487"), 2 to 4 for a landline's area code
 * ("080 4000 1234", "+91 80 4000 1234"). */
static gsize
first_group_length (const char *phone)
{
  g_auto(GStrv) groups = g_regex_split_simple ("[^0-9]+", phone, 0, 0);
  gboolean has_country = *phone == '+' || g_str_has_prefix (phone, "00");
  guint i = 0;
  const char *first;

  while (groups[i] != NULL && *groups[i] == '\0')
    i++;
  if (groups[i] == NULL)
    return 0;
  first = groups[i];
  if (has_country)
    {
      first += g_str_has_prefix (first, "00") ? 2 : 0;
      first += g_str_has_prefix (first, "91") ? 2 : 0;
      if (*first == '\0' && groups[i + 1] != NULL)
        first = groups[i + 1];
    }
  while (*first == '0')
    first++;
  return strlen (first);
}

/**
 * ld_patient_phone_display:
 * @phone: (nullable): a phone number as typed
 *
 * The number as the lab shows it, whichever way it was typed: an Indian
 * mobile number ("+91 98454 10487", "098454-10487", "9845410487") as its
 * ten digits in two fives, "98454 10487". Any other number (another
 * country's, a landline, a number too short) is shown as typed.
 *
 * Returns: (transfer full) (nullable): the number to show, %NULL for %NULL
 */
char *
ld_patient_phone_display (const char *phone)
{
  g_autofree char *digits = NULL;
  g_autofree char *national = NULL;
  const char *country;

  if (phone == NULL)
    return NULL;

  while (g_ascii_isspace (*phone))
    phone++;
  digits = ld_text_digits (phone);
  country = *phone == '+' ? digits : g_str_has_prefix (digits, "00") ? digits + 2 : NULL;
  national = ld_patient_phone_national (phone);
  if ((country == NULL || g_str_has_prefix (country, "91")) && strlen (national) == 10 &&
      national[0] >= '6' && national[0] <= '9' && first_group_length (phone) >= 5)
    return g_strdup_printf ("%.5s %.5s", national, national + 5);

  return g_strstrip (g_strdup (phone));
}

/**
 * ld_patient_normalize_id:
 * @national_id: (nullable): an ID as typed
 *
 * Returns: (transfer full) (nullable): upper case, without spaces and dashes
 */
char *
ld_patient_normalize_id (const char *national_id)
{
  GString *norm;

  if (national_id == NULL)
    return NULL;

  norm = g_string_new (NULL);
  for (const char *p = national_id; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (norm, g_ascii_toupper (*p));

  return g_string_free (norm, FALSE);
}

static gboolean
is_mrn (const char *text)
{
  if (text[0] != 'P' && text[0] != 'p')
    return FALSE;
  if (text[1] == '\0')
    return FALSE;
  for (const char *p = text + 1; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static gboolean
is_phone (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (!strchr ("+ -()", *p))
        return FALSE;
    }

  return digits >= 4;
}

/**
 * ld_patient_query_parse:
 * @text: what was typed in the search box
 * @out_query: (out caller-allocates): the query
 * @out_reason: (out) (transfer none): a field message when refused
 *
 * "P000123" or "p123" is an MRN prefix; four or more digits (with +, -,
 * spaces) are a phone prefix, of the full number or without its country
 * code; other text with a digit is a national ID; anything else is a
 * name, each word matching the start of one of the name's words, in any
 * order, ignoring case and Latin accents.
 *
 * Returns: %TRUE if @text is a query
 */
gboolean
ld_patient_query_parse (const char      *text,
                        LdPatientQuery  *out_query,
                        const char     **out_reason)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (out_query != NULL, FALSE);

  memset (out_query, 0, sizeof *out_query);
  trimmed = g_strstrip (g_strdup (text ? text : ""));
  if (*trimmed == '\0')
    {
      *out_reason = "is required";
      return FALSE;
    }
  if (g_utf8_strlen (trimmed, -1) > 100)
    {
      *out_reason = "is too long";
      return FALSE;
    }

  if (is_mrn (trimmed))
    {
      out_query->kind = LD_PATIENT_QUERY_MRN;
      out_query->term = g_ascii_strup (trimmed, -1);
      return TRUE;
    }

  if (is_phone (trimmed))
    {
      out_query->kind = LD_PATIENT_QUERY_PHONE;
      out_query->term = ld_text_digits (trimmed);
      out_query->national = ld_patient_phone_national (trimmed);
      return TRUE;
    }

  if (strpbrk (trimmed, "0123456789") != NULL)
    {
      out_query->kind = LD_PATIENT_QUERY_NATIONAL_ID;
      out_query->term = ld_patient_normalize_id (trimmed);
      return TRUE;
    }

  out_query->kind = LD_PATIENT_QUERY_NAME;
  out_query->words = ld_text_fold_words (trimmed);
  if (g_strv_length (out_query->words) == 0)
    {
      *out_reason = "must hold a name, a phone number, an MRN or an ID";
      return FALSE;
    }
  if (g_strv_length (out_query->words) > LD_PATIENT_QUERY_MAX_WORDS)
    {
      g_free (out_query->words[LD_PATIENT_QUERY_MAX_WORDS]);
      for (guint i = LD_PATIENT_QUERY_MAX_WORDS + 1; out_query->words[i] != NULL; i++)
        g_free (out_query->words[i]);
      out_query->words[LD_PATIENT_QUERY_MAX_WORDS] = NULL;
    }

  return TRUE;
}

void
ld_patient_query_clear (LdPatientQuery *query)
{
  g_clear_pointer (&query->words, g_strfreev);
  g_clear_pointer (&query->term, g_free);
  g_clear_pointer (&query->national, g_free);
}

static void
add_unique (GPtrArray *starts,
            char      *start)
{
  if (g_ptr_array_find_with_equal_func (starts, start, g_str_equal, NULL))
    g_free (start);
  else
    g_ptr_array_add (starts, start);
}

/**
 * ld_patient_query_matches_name:
 * @query: a name query
 * @name_fold: a folded name, words split by single spaces
 *
 * The rule the word-start index serves: each typed word starts one of the
 * name's words, in any order.
 *
 * Returns: whether the name matches
 */
gboolean
ld_patient_query_matches_name (const LdPatientQuery *query,
                               const char           *name_fold)
{
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (query != NULL && query->kind == LD_PATIENT_QUERY_NAME, FALSE);
  g_return_val_if_fail (name_fold != NULL, FALSE);

  words = g_strsplit (name_fold, " ", -1);
  for (guint i = 0; query->words[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; !found && words[j] != NULL; j++)
        found = g_str_has_prefix (words[j], query->words[i]);
      if (!found)
        return FALSE;
    }
  return TRUE;
}

/**
 * ld_patient_name_word_starts:
 * @name_fold: a folded name (ld_text_fold()), words split by single spaces
 * @max_letters: the longest start kept
 * @whole_words: whether a word longer than that is kept whole too
 *
 * The keys a name is indexed under for search by word start: each word's
 * starts of one to @max_letters letters (characters, so Devanagari counts
 * as it reads) and, with @whole_words, each longer word itself. The
 * server's index and the client's cache take their rows from here, and
 * only from the stored folded name, so an update finds the old rows even
 * if folding changes in a later version.
 *
 * Returns: (transfer full) (element-type utf8): the distinct keys
 */
GPtrArray *
ld_patient_name_word_starts (const char *name_fold,
                             guint       max_letters,
                             gboolean    whole_words)
{
  g_auto(GStrv) words = NULL;
  GPtrArray *starts;

  g_return_val_if_fail (name_fold != NULL, NULL);
  g_return_val_if_fail (max_letters > 0, NULL);

  words = g_strsplit (name_fold, " ", -1);
  starts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; words[i] != NULL; i++)
    {
      glong n_chars = g_utf8_strlen (words[i], -1);

      for (glong n = 1; n <= n_chars && n <= (glong) max_letters; n++)
        add_unique (starts, g_utf8_substring (words[i], 0, n));
      if (whole_words && n_chars > (glong) max_letters)
        add_unique (starts, g_strdup (words[i]));
    }

  return starts;
}

/**
 * ld_patient_is_likely_duplicate:
 * @patient: a patient about to be registered
 * @other: a patient on file
 *
 * The server's likely-duplicate rule (ld_store_patients_find_duplicates()
 * runs it in SQL over these same keys), for a desk that must check its
 * own copy while the server is away: the same phone number without its
 * country code, or the same name, its words in any order, with the same
 * date of birth, or the same age when @patient has no date.
 *
 * Returns: %TRUE when @other is likely @patient
 */
gboolean
ld_patient_is_likely_duplicate (LdPatient *patient,
                                LdPatient *other)
{
  g_autofree char *phone = NULL;
  g_autofree char *other_phone = NULL;
  g_autofree char *key = NULL;
  g_autofree char *other_key = NULL;
  const char *name, *other_name, *dob;
  gint64 age;

  g_return_val_if_fail (LD_IS_PATIENT (patient) && LD_IS_PATIENT (other), FALSE);

  phone = ld_patient_phone_national (ld_patient_get_phone (patient));
  other_phone = ld_patient_phone_national (ld_patient_get_phone (other));
  if (phone != NULL && strlen (phone) >= 7 && g_strcmp0 (phone, other_phone) == 0)
    return TRUE;

  name = ld_patient_get_name (patient);
  other_name = ld_patient_get_name (other);
  if (name == NULL || other_name == NULL)
    return FALSE;
  key = ld_patient_name_key (name);
  other_key = ld_patient_name_key (other_name);
  if (!g_str_equal (key, other_key))
    return FALSE;
  dob = ld_patient_get_date_of_birth (patient);
  if (dob != NULL)
    return g_strcmp0 (dob, ld_patient_get_date_of_birth (other)) == 0;
  /* An age is kept only without a date of birth (-1 otherwise). */
  age = ld_patient_get_age_years (patient);
  return age >= 0 && age == ld_patient_get_age_years (other);
}
