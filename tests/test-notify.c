/* test-notify.c: notification templates and MIME, parsed back by Python
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every template renders in English and Hindi from the facts its event
 * gives (so a template that needs a fact its event lacks fails here, not
 * in a patient's message); a missing fact is an error; a patient's value
 * is escaped in the HTML body; the lab's name, address and phone come from
 * the settings. A message built by ld-mime.c is read back by Python's
 * email package (tests/ld-test-mail-read.py): multipart/alternative, UTF-8
 * parts in base64, the Subject and From name decoded from RFC 2047 as a
 * mail client shows them, CRLF lines of at most 78 characters, no
 * defects; a newline in a subject or name adds no header; an address that
 * is not one is refused.
 *
 * Every SMS text renders too: English in one GSM-7 message, the report's
 * with the patient pages' link only when the lab has a public address; a
 * gateway's body keeps a value inside its member or field whatever it
 * holds; a phone number becomes E.164, or nothing when it cannot be told.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ld-settings.h"
#include "ld-test-mail.h"
#include "notify/ld-mime.h"
#include "notify/ld-notify-templates.h"
#include "notify/ld-sms.h"
#include "notify/ld-sms-number.h"

static LdSettings *
new_settings (void)
{
  LdSettings *settings = ld_settings_new ();

  g_free (settings->lab_name);
  settings->lab_name = g_strdup ("Sharma Path Lab");
  g_free (settings->lab_address);
  settings->lab_address = g_strdup ("12 MG Road, Pune");
  g_free (settings->lab_phone);
  settings->lab_phone = g_strdup ("+91 20 5555 0101");
  return settings;
}

/* The facts each event's service gives (ld-service-notify.c and its callers). */
static JsonObject *
new_facts (const char *event,
           const char *patient_name)
{
  JsonObject *facts = json_object_new ();

  json_object_set_string_member (facts, "patient_name", patient_name);
  json_object_set_string_member (facts, "order_number", "ORD-2026-000042");
  json_object_set_string_member (facts, "tests", "Complete blood count, Glucose");
  json_object_set_string_member (facts, "amount", "₹1,250.00");
  if (g_str_equal (event, "payment-failed"))
    json_object_set_string_member (facts, "reason", "card declined");
  if (g_str_equal (event, "report-ready") || g_str_equal (event, "report-amended"))
    json_object_set_string_member (facts, "report_url", "https://lab.example/verify/ABCD");
  if (g_str_equal (event, "sign-in-code"))
    json_object_set_string_member (facts, "code", "042137");
  if (g_str_equal (event, "payment-received"))
    {
      json_object_set_string_member (facts, "paid_amount", "₹1,250.00");
      json_object_set_string_member (facts, "receipt_number", "ORD-2026-000042/1");
    }
  if (g_str_equal (event, "home-visit-scheduled"))
    {
      json_object_set_string_member (facts, "visit_day", "2026-11-27");
      json_object_set_string_member (facts, "visit_from", "08:00");
      json_object_set_string_member (facts, "visit_to", "09:00");
      json_object_set_string_member (facts, "home_address", "4 Lake View, Pune");
    }
  if (g_str_equal (event, "order-expiring"))
    json_object_set_string_member (facts, "expires_at", "2026-11-27 10:42");
  if (g_str_equal (event, "critical-result"))
    {
      json_object_set_string_member (facts, "doctor_name", "Dr Meera Rao");
      json_object_set_string_member (facts, "test_name", "Potassium");
      json_object_set_string_member (facts, "sign_in_url", "https://lab.example/");
    }
  /* An appointment's messages (ld-service-notify-appointments.c) have no
   * order: the day and time, the doctor. */
  if (g_str_has_prefix (event, "appointment-"))
    {
      json_object_remove_member (facts, "order_number");
      json_object_remove_member (facts, "tests");
      json_object_remove_member (facts, "amount");
      json_object_set_string_member (facts, "appointment_day", "2026-11-27");
      json_object_set_string_member (facts, "appointment_time", "10:30");
      json_object_set_string_member (facts, "doctor_name", "Dr. Arjun Mehta");
    }
  if (g_str_equal (event, "appointment-moved"))
    {
      json_object_set_string_member (facts, "previous_day", "2026-11-26");
      json_object_set_string_member (facts, "previous_time", "16:00");
    }
  if (g_str_equal (event, "appointment-cancelled"))
    json_object_set_string_member (facts, "reason", "doctor on leave");
  return facts;
}

static void
test_every_template_renders (void)
{
  g_autoptr(LdSettings) settings = new_settings ();
  const char * const *names = ld_notify_template_names ();
  const char * const languages[] = { "en", "hi" };

  for (guint i = 0; names[i] != NULL; i++)
    for (guint j = 0; j < G_N_ELEMENTS (languages); j++)
      {
        g_autoptr(JsonObject) facts = new_facts (names[i], "Asha Verma");
        g_autoptr(GError) error = NULL;
        g_autoptr(LdNotifyText) text =
                     ld_notify_render (names[i], languages[j], facts, settings, &error);

        /* The sign-in code goes to an address, not to a patient's order;
         * an appointment's messages name the doctor. */
        gboolean to_address = g_str_equal (names[i], "sign-in-code");
        const char *key = to_address                                 ? "042137"
                          : g_str_has_prefix (names[i], "appointment-") ? "Dr. Arjun Mehta"
                                                                        : "ORD-2026-000042";

        g_assert_no_error (error);
        g_assert_nonnull (strstr (text->subject, key));
        g_assert_true (g_str_has_suffix (text->subject, " — Sharma Path Lab"));
        g_assert_nonnull (strstr (text->text, to_address ? "042137" : "Asha Verma"));
        g_assert_nonnull (strstr (text->text, "12 MG Road, Pune"));
        g_assert_nonnull (strstr (text->html, "Sharma Path Lab"));
        g_assert_null (strstr (text->text, "{{"));
        g_assert_null (strstr (text->html, "{{"));
        /* Hindi is Hindi: its subject is written in Devanagari. */
        g_assert_cmpstr (ld_notify_choose_language (text->subject), ==, languages[j]);
      }
}

static void
test_missing_fact_is_an_error (void)
{
  g_autoptr(LdSettings) settings = new_settings ();
  g_autoptr(JsonObject) facts = new_facts ("payment-failed", "Asha Verma");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdNotifyText) text = NULL;

  json_object_remove_member (facts, "reason");
  text = ld_notify_render ("payment-failed", "hi", facts, settings, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "“reason”"));
  g_assert_null (text);
}

static void
test_optional_paragraph_left_out (void)
{
  g_autoptr(LdSettings) settings = new_settings ();
  g_autoptr(JsonObject) facts = new_facts ("report-ready", "Asha Verma");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdNotifyText) text = NULL;

  json_object_remove_member (facts, "report_url");
  text = ld_notify_render ("report-ready", "en", facts, settings, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (text->text, "online"));
  g_assert_null (strstr (text->html, "<a "));
}

static void
test_values_escaped_in_html (void)
{
  g_autoptr(LdSettings) settings = new_settings ();
  g_autoptr(JsonObject) facts = new_facts ("report-ready", "<script>alert(1)</script> & \"Co\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdNotifyText) text = NULL;

  g_free (settings->lab_name);
  settings->lab_name = g_strdup ("A&B <Labs>");
  json_object_set_string_member (facts, "report_url", "https://x.example/\"><b>");
  text = ld_notify_render ("report-ready", "en", facts, settings, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (text->html, "<script>"));
  g_assert_null (strstr (text->html, "<b>"));
  g_assert_null (strstr (text->html, "<Labs>"));
  g_assert_nonnull (
    strstr (text->html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;"));
  g_assert_nonnull (strstr (text->html, "A&amp;B &lt;Labs&gt;"));
  g_assert_nonnull (strstr (text->html, "<a href=\"https://x.example/&quot;&gt;&lt;b&gt;\">"));
  /* The plain text keeps the name as typed. */
  g_assert_nonnull (strstr (text->text, "<script>alert(1)</script> & \"Co\""));
}

static void
test_language_and_amount (void)
{
  g_autofree char *small = ld_notify_format_amount (5);
  g_autofree char *lakh = ld_notify_format_amount (12345678);
  g_autofree char *crore = ld_notify_format_amount (1234567890);

  g_assert_cmpstr (ld_notify_choose_language ("सीता देवी"), ==, "hi");
  g_assert_cmpstr (ld_notify_choose_language ("Sita Devi"), ==, "en");
  g_assert_cmpstr (small, ==, "₹0.05");
  g_assert_cmpstr (lakh, ==, "₹1,23,456.78");
  g_assert_cmpstr (crore, ==, "₹1,23,45,678.90");
}

/* Reads @message back with ld-test-mail-read.py; its one object. */
static JsonObject *
parse_back (const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("labdesk-mime-XXXXXX", &error);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonArray) array = NULL;

  g_assert_no_error (error);
  g_ptr_array_add (files, g_build_filename (dir, "message.eml", NULL));
  g_assert_true (g_file_set_contents (g_ptr_array_index (files, 0), message, -1, &error));
  array = ld_test_mail_read_files (files);
  g_remove (g_ptr_array_index (files, 0));
  g_rmdir (dir);

  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  return json_object_ref (json_array_get_object_element (array, 0));
}

static char *
normalise_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);

  return g_strjoinv ("\n", lines);
}

static void
test_mime_parses_back (void)
{
  g_autoptr(LdSettings) settings = new_settings ();
  g_autoptr(JsonObject) facts = new_facts ("report-ready", "सीता देवी");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdNotifyText) text = ld_notify_render ("report-ready", "hi", facts, settings, &error);
  g_autofree char *message = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *html = NULL;
  g_autoptr(JsonObject) parsed = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *from = NULL;
  g_autoptr(GRegex) spaces = g_regex_new (" +", 0, 0, NULL);
  LdMimeMessage mime = { 0 };
  JsonArray *parts;

  g_assert_no_error (error);
  mime.from = "lab@example.org";
  mime.from_name = "शर्मा पैथ लैब, Pune";
  mime.reply_to = "desk@example.org";
  mime.to = "sita@example.com";
  mime.subject = text->subject;
  mime.text = text->text;
  mime.html = text->html;
  mime.message_id = "1234.labdesk@example.org";
  mime.date_us = G_GINT64_CONSTANT (1795600000) * G_USEC_PER_SEC;
  message = ld_mime_build (&mime, &error);
  g_assert_no_error (error);

  parsed = parse_back (message);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (parsed, "defects")), ==,
                    0);
  g_assert_cmpstr (json_object_get_string_member (parsed, "content_type"), ==,
                   "multipart/alternative");
  g_assert_cmpstr (json_object_get_string_member (parsed, "to"), ==, "sita@example.com");
  g_assert_cmpstr (json_object_get_string_member (parsed, "reply_to"), ==, "desk@example.org");
  /* Python's address parser puts a space between adjacent encoded words,
   * which RFC 2047 says to drop; the words end at spaces, so it reads the
   * name with a space doubled, never a word cut in two. */
  from = g_regex_replace_literal (spaces, json_object_get_string_member (parsed, "from"), -1, 0,
                                  " ", 0, NULL);
  g_assert_cmpstr (from, ==, "\"शर्मा पैथ लैब, Pune\" <lab@example.org>");
  subject = g_strdup (json_object_get_string_member (parsed, "subject"));
  g_assert_cmpstr (subject, ==, text->subject);
  g_assert_cmpstr (json_object_get_string_member (parsed, "message_id"), ==,
                   "<1234.labdesk@example.org>");
  g_assert_true (g_regex_match_simple ("^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{1,2} "
                                       "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 2026 "
                                       "[0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}$",
                                       json_object_get_string_member (parsed, "date"), 0, 0));
  g_assert_cmpint (json_object_get_int_member (parsed, "longest_line"), <=, 78);
  g_assert_false (json_object_get_boolean_member (parsed, "bare_lf"));

  parts = json_object_get_array_member (parsed, "parts");
  g_assert_cmpuint (json_array_get_length (parts), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *part = json_array_get_object_element (parts, i);

      g_assert_cmpstr (json_object_get_string_member (part, "type"), ==,
                       i == 0 ? "text/plain" : "text/html");
      g_assert_cmpstr (json_object_get_string_member (part, "charset"), ==, "utf-8");
      g_assert_cmpstr (json_object_get_string_member (part, "encoding"), ==, "base64");
    }
  plain = normalise_lines (json_object_get_string_member (parsed, "plain"));
  html = normalise_lines (json_object_get_string_member (parsed, "html"));
  g_assert_cmpstr (plain, ==, text->text);
  g_assert_cmpstr (html, ==, text->html);
}

static void
test_header_injection (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autoptr(JsonObject) parsed = NULL;
  g_autoptr(GList) names = NULL;
  LdMimeMessage mime = { 0 };
  JsonArray *header_names;

  mime.from = "lab@example.org";
  mime.from_name = "Lab\r\nBcc: victim@example.net";
  mime.to = "a@example.com";
  mime.subject = "Hello\r\nBcc: victim@example.net\nX-Evil: 1";
  mime.text = "Body\n";
  mime.message_id = "x.labdesk@example.org";
  mime.date_us = G_USEC_PER_SEC;
  message = ld_mime_build (&mime, &error);
  g_assert_no_error (error);
  parsed = parse_back (message);

  header_names = json_object_get_array_member (parsed, "header_names");
  for (guint i = 0; i < json_array_get_length (header_names); i++)
    {
      const char *name = json_array_get_string_element (header_names, i);

      g_assert_cmpstr (name, !=, "Bcc");
      g_assert_cmpstr (name, !=, "X-Evil");
    }
  g_assert_cmpstr (json_object_get_string_member (parsed, "subject"), ==,
                   "Hello  Bcc: victim@example.net X-Evil: 1");

  /* Addresses are checked, never encoded: one with a line break is refused. */
  {
    const char * const bad[] = { "a@example.com\r\nBcc: v@example.net", "not an address",
                                 "a@b", "<a@example.com>", "a@@example.com", "", "a@.example.com",
                                 "a,b@example.com" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) refused = NULL;
        g_autofree char *none = NULL;

        g_assert_false (ld_mime_address_is_valid (bad[i]));
        mime.to = bad[i];
        none = ld_mime_build (&mime, &refused);
        g_assert_error (refused, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
        g_assert_null (none);
      }
  }
  g_assert_true (ld_mime_address_is_valid ("asha.verma+lab@mail.example.co.in"));
}

/* GSM-7's basic set, as far as our texts go: ASCII without the characters
 * that take two septets or are not in it. */
static gboolean
is_one_gsm7_message (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80 || strchr ("[]{}~\\^|`", *p) != NULL)
      return FALSE;
  return strlen (text) <= 160;
}

static void
test_every_sms_renders (void)
{
  g_autoptr(LdSettings) settings = new_settings ();
  const char * const *names = ld_notify_template_names ();
  const char * const languages[] = { "en", "hi" };

  g_free (settings->public_base_url);
  settings->public_base_url = g_strdup ("https://lab.example/");
  g_assert_true (ld_notify_sms_exists ("sign-in-code"));
  for (guint i = 0; names[i] != NULL; i++)
    for (guint j = 0; j < G_N_ELEMENTS (languages) && ld_notify_sms_exists (names[i]); j++)
      {
        g_autoptr(JsonObject) facts = new_facts (names[i], "Asha Verma");
        g_autoptr(GError) error = NULL;
        g_autofree char *text =
          ld_notify_render_sms (names[i], languages[j], facts, settings, &error);

        g_assert_no_error (error);
        g_assert_true (g_str_has_prefix (text, "Sharma Path Lab: "));
        /* The sign-in code's SMS is to a number, about no order; an
         * appointment's names its doctor. */
        g_assert_nonnull (strstr (text, g_str_equal (names[i], "sign-in-code") ? "042137"
                                        : g_str_has_prefix (names[i], "appointment-")
                                          ? "Dr. Arjun Mehta"
                                          : "ORD-2026-000042"));
        g_assert_null (strstr (text, "{{"));
        if (g_str_has_prefix (names[i], "report-"))
          g_assert_nonnull (strstr (text, "https://lab.example/my/"));
        if (g_str_equal (languages[j], "en"))
          {
            if (!is_one_gsm7_message (text))
              g_error ("%s (en) is not one GSM-7 message: %s", names[i], text);
          }
        else
          g_assert_cmpstr (ld_notify_choose_language (text), ==, "hi");
      }
}

static void
test_sms_link_left_out (void)
{
  g_autoptr(LdSettings) settings = new_settings ();
  g_autoptr(JsonObject) facts = new_facts ("report-ready", "Asha Verma");
  g_autoptr(JsonObject) no_number = new_facts ("order-confirmed", "Asha Verma");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = ld_notify_render_sms ("report-ready", "en", facts, settings, &error);
  g_autofree char *missing = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "Sharma Path Lab: your report for order ORD-2026-000042 is ready.");

  json_object_remove_member (no_number, "order_number");
  missing = ld_notify_render_sms ("order-confirmed", "en", no_number, settings, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (missing);
}

static LdSmsConfig *
new_sms_config (const char *content_type,
                const char *body)
{
  LdSmsConfig *sms = g_new0 (LdSmsConfig, 1);

  sms->content_type = g_strdup (content_type);
  sms->body = g_strdup (body);
  sms->sender = g_strdup ("LABDSK");
  sms->template_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return sms;
}

static void
test_sms_body_escaped (void)
{
  g_autoptr(LdSmsConfig) json =
      new_sms_config ("application/json",
                      "{\"to\": \"{to}\", \"text\": \"{text}\", \"dlt\": \"{template_id}\"}");
  g_autoptr(LdSmsConfig) form =
               new_sms_config ("application/x-www-form-urlencoded",
                               "mobile={to_digits}&msg={text}&sender={sender}&dlt={template_id}");
  const char      *text = "Say \"hi\",\n\\ \"to\": \"+1\" & more=1 ₹";
  g_autofree char *json_body = ld_sms_build_body (json, "+919845011111", text, "1107");
  g_autofree char *form_body = ld_sms_build_body (form, "+919845011111", text, "1107");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) fields = NULL;
  JsonObject *object;

  json_parser_load_from_data (parser, json_body, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (object), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "to"), ==, "+919845011111");
  g_assert_cmpstr (json_object_get_string_member (object, "text"), ==, text);
  g_assert_cmpstr (json_object_get_string_member (object, "dlt"), ==, "1107");

  fields = g_uri_parse_params (form_body, -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (fields), ==, 4);
  g_assert_cmpstr (g_hash_table_lookup (fields, "mobile"), ==, "919845011111");
  g_assert_cmpstr (g_hash_table_lookup (fields, "msg"), ==, text);
  g_assert_cmpstr (g_hash_table_lookup (fields, "sender"), ==, "LABDSK");
}

static void
test_sms_number (void)
{
  static const struct
  {
    const char *phone;
    const char *e164;
  } cases[] = { { "98450 11111", "+919845011111" },
                { "098450-11111", "+919845011111" },
                { "+91 98450 11111", "+919845011111" },
                { "0091 98450 11111", "+919845011111" },
                { "+34 600 123 456", "+34600123456" },
                { "600 123 456", NULL },
                { "12345", NULL },
                { "+0 123", NULL } };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *e164 = ld_sms_number_e164 (cases[i].phone);

      g_assert_cmpstr (e164, ==, cases[i].e164);
    }
  g_assert_null (ld_sms_number_e164 (NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/notify/templates/every-one-renders", test_every_template_renders);
  g_test_add_func ("/notify/templates/missing-fact", test_missing_fact_is_an_error);
  g_test_add_func ("/notify/templates/optional-paragraph", test_optional_paragraph_left_out);
  g_test_add_func ("/notify/templates/values-escaped-in-html", test_values_escaped_in_html);
  g_test_add_func ("/notify/templates/language-and-amount", test_language_and_amount);
  g_test_add_func ("/notify/sms/every-one-renders", test_every_sms_renders);
  g_test_add_func ("/notify/sms/link-left-out", test_sms_link_left_out);
  g_test_add_func ("/notify/sms/body-escaped", test_sms_body_escaped);
  g_test_add_func ("/notify/sms/number", test_sms_number);
  g_test_add_func ("/notify/mime/parses-back", test_mime_parses_back);
  g_test_add_func ("/notify/mime/header-injection", test_header_injection);

  return g_test_run ();
}
