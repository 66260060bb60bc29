/* ld-notify-templates.c: the notification messages' words
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One template per event and language, English and Hindi, as a table: a
 * message goes out in its patient's language whatever the server's locale,
 * so these are not gettext strings. A body is a list of paragraphs with
 * {{fact}} placeholders; a paragraph that starts with "?" is left out when
 * a fact it names is missing or empty, any other missing fact is an error
 * (tests/test-notify.c renders every template, so a template that needs a
 * fact its event does not give fails there, not in a patient's message).
 * The HTML body is made from the same paragraphs: the template's own words
 * carry no markup, and every fact is escaped as it is put in, so a value
 * can never become markup. A fact whose name ends in "_url" becomes a link.
 * The lab's name, address and phone come from the settings.
 */

#define G_LOG_DOMAIN "ld-notify"

#include "config.h"

#include <string.h>

#include "ld-notify-templates.h"

#define MAX_PARAGRAPHS 8

typedef struct
{
  const char *name;
  const char *language;
  const char *subject;
  const char *paragraphs[MAX_PARAGRAPHS];
} Template;

/* clang-format off */
static const Template templates[] = {
  { "order-confirmed",
    "en",
    "Order {{order_number}} confirmed",
    { "Dear {{patient_name}},", "Your order {{order_number}} is confirmed: {{tests}}.",
      "Amount: {{amount}}.", "?Questions? Call us on {{lab_phone}}.", NULL } },
  { "order-confirmed",
    "hi",
    "ऑर्डर {{order_number}} पक्का हो गया",
    { "प्रिय {{patient_name}},", "आपका ऑर्डर {{order_number}} पक्का हो गया है: {{tests}}।",
      "राशि: {{amount}}।", "?कोई प्रश्न हो तो हमें {{lab_phone}} पर फ़ोन करें।", NULL } },
  { "payment-failed",
    "en",
    "Payment for order {{order_number}} did not go through",
    { "Dear {{patient_name}},",
      "Your payment of {{amount}} for order {{order_number}} did not go through: {{reason}}.",
      "You can pay again at the desk or online, or pay in cash when your sample is collected.",
      "?Questions? Call us on {{lab_phone}}.", NULL } },
  { "payment-failed",
    "hi",
    "ऑर्डर {{order_number}} का भुगतान नहीं हो सका",
    { "प्रिय {{patient_name}},",
      "ऑर्डर {{order_number}} के लिए {{amount}} का आपका भुगतान नहीं हो सका: {{reason}}।",
      "आप काउंटर पर या ऑनलाइन फिर से भुगतान कर सकते हैं, या नमूना लेते समय नकद दे सकते हैं।",
      "?कोई प्रश्न हो तो हमें {{lab_phone}} पर फ़ोन करें।", NULL } },
  { "sample-collected",
    "en",
    "Sample collected for order {{order_number}}",
    { "Dear {{patient_name}},",
      "We have collected your sample for order {{order_number}}. We will write again when "
      "your report is ready.",
      NULL } },
  { "sample-collected",
    "hi",
    "ऑर्डर {{order_number}} का नमूना ले लिया गया",
    { "प्रिय {{patient_name}},",
      "ऑर्डर {{order_number}} के लिए आपका नमूना ले लिया गया है। रिपोर्ट तैयार होने पर हम "
      "आपको फिर लिखेंगे।",
      NULL } },
  { "report-ready",
    "en",
    "Your report for order {{order_number}} is ready",
    { "Dear {{patient_name}},",
      "Your report for order {{order_number}} is ready.",
      "?See and download it on your lab tests page, where you sign in with a code we send "
      "you: {{patient_page_url}}",
      "You can also collect it at the desk, or ask us to send it to you.",
      "?Check that a printed copy is genuine: {{report_url}}",
      "?Questions? Call us on {{lab_phone}}.",
      NULL } },
  { "report-ready",
    "hi",
    "ऑर्डर {{order_number}} की आपकी रिपोर्ट तैयार है",
    { "प्रिय {{patient_name}},",
      "ऑर्डर {{order_number}} की आपकी रिपोर्ट तैयार है।",
      "?इसे अपने लैब जाँच पेज पर देखें और डाउनलोड करें, जहाँ आप हमारे भेजे कोड से साइन इन "
      "करते हैं: {{patient_page_url}}",
      "आप इसे काउंटर से भी ले सकते हैं, या हमसे भेजने को कह सकते हैं।",
      "?छपी हुई प्रति असली है, यह जाँचें: {{report_url}}",
      "?कोई प्रश्न हो तो हमें {{lab_phone}} पर फ़ोन करें।",
      NULL } },
  { "payment-received",
    "en",
    "Payment received for order {{order_number}}",
    { "Dear {{patient_name}},",
      "We have received your payment of {{paid_amount}} for order {{order_number}}.",
      "Receipt number: {{receipt_number}}.", "?Questions? Call us on {{lab_phone}}.", NULL } },
  { "payment-received",
    "hi",
    "ऑर्डर {{order_number}} का भुगतान मिल गया",
    { "प्रिय {{patient_name}},",
      "ऑर्डर {{order_number}} के लिए आपका {{paid_amount}} का भुगतान हमें मिल गया है।",
      "रसीद संख्या: {{receipt_number}}।", "?कोई प्रश्न हो तो हमें {{lab_phone}} पर फ़ोन करें।",
      NULL } },
  { "sample-rejected",
    "en",
    "A new sample is needed for order {{order_number}}",
    { "Dear {{patient_name}},",
      "We are sorry: the sample we collected for order {{order_number}} could not be tested, "
      "and we need to collect a new one. There is no charge for this.",
      "Please come to the lab, or call us to arrange a visit.",
      "?Call us on {{lab_phone}}.", NULL } },
  { "sample-rejected",
    "hi",
    "ऑर्डर {{order_number}} के लिए नया नमूना चाहिए",
    { "प्रिय {{patient_name}},",
      "क्षमा करें: ऑर्डर {{order_number}} के लिए लिया गया नमूना जाँचा नहीं जा सका, और हमें नया "
      "नमूना लेना होगा। इसका कोई शुल्क नहीं है।",
      "कृपया लैब आएँ, या घर पर नमूना दिलवाने के लिए हमें फ़ोन करें।",
      "?हमें {{lab_phone}} पर फ़ोन करें।", NULL } },
  { "report-amended",
    "en",
    "Your report for order {{order_number}} has been corrected",
    { "Dear {{patient_name}},",
      "We have corrected your report for order {{order_number}}. Please use the new "
      "version and set the earlier one aside.",
      "?See and download it on your lab tests page, where you sign in with a code we send "
      "you: {{patient_page_url}}",
      "You can also collect it at the desk, or ask us to send it to you.",
      "?Check that a printed copy is genuine: {{report_url}}",
      "?Questions? Call us on {{lab_phone}}.", NULL } },
  { "report-amended",
    "hi",
    "ऑर्डर {{order_number}} की आपकी रिपोर्ट सुधारी गई है",
    { "प्रिय {{patient_name}},",
      "हमने ऑर्डर {{order_number}} की आपकी रिपोर्ट सुधारी है। कृपया नई रिपोर्ट का उपयोग करें "
      "और पुरानी को अलग रख दें।",
      "?इसे अपने लैब जाँच पेज पर देखें और डाउनलोड करें, जहाँ आप हमारे भेजे कोड से साइन इन "
      "करते हैं: {{patient_page_url}}",
      "आप इसे काउंटर से भी ले सकते हैं, या हमसे भेजने को कह सकते हैं।",
      "?छपी हुई प्रति असली है, यह जाँचें: {{report_url}}",
      "?कोई प्रश्न हो तो हमें {{lab_phone}} पर फ़ोन करें।", NULL } },
  { "home-visit-scheduled",
    "en",
    "Home collection for order {{order_number}} on {{visit_day}}",
    { "Dear {{patient_name}},",
      "Our collector will come to you on {{visit_day}} between {{visit_from}} and "
      "{{visit_to}} to collect your sample for order {{order_number}}.",
      "?Address: {{home_address}}", "?To change the time, call us on {{lab_phone}}.",
      NULL } },
  { "home-visit-scheduled",
    "hi",
    "ऑर्डर {{order_number}} के लिए {{visit_day}} को घर से नमूना",
    { "प्रिय {{patient_name}},",
      "ऑर्डर {{order_number}} के लिए नमूना लेने हमारे कर्मचारी {{visit_day}} को {{visit_from}} "
      "से {{visit_to}} के बीच आपके पास आएँगे।",
      "?पता: {{home_address}}", "?समय बदलने के लिए हमें {{lab_phone}} पर फ़ोन करें।", NULL } },
  { "order-expiring",
    "en",
    "Order {{order_number}} is not paid and ends tomorrow",
    { "Dear {{patient_name}},",
      "Your order {{order_number}} ({{tests}}) is not paid yet. Unless it is paid, it will be "
      "cancelled on {{expires_at}}.",
      "You can pay {{amount}} at the desk or online, or choose to pay in cash when your "
      "sample is collected.",
      "?Questions? Call us on {{lab_phone}}.", NULL } },
  { "order-expiring",
    "hi",
    "ऑर्डर {{order_number}} का भुगतान बाकी है, कल समाप्त होगा",
    { "प्रिय {{patient_name}},",
      "आपके ऑर्डर {{order_number}} ({{tests}}) का भुगतान अभी नहीं हुआ है। भुगतान न होने पर यह "
      "{{expires_at}} को रद्द हो जाएगा।",
      "आप {{amount}} काउंटर पर या ऑनलाइन दे सकते हैं, या नमूना लेते समय नकद देना चुन सकते हैं।",
      "?कोई प्रश्न हो तो हमें {{lab_phone}} पर फ़ोन करें।", NULL } },
  /* The patient pages' sign-in (server/service/ld-service-web-session.c): to an
   * address, perhaps of nobody registered, so it names no patient. */
  { "sign-in-code",
    "en",
    "Your sign-in code: {{code}}",
    { "Your code to sign in to your lab tests page is {{code}}.",
      "It works for 10 minutes. If you did not ask for it, you can ignore this message: "
      "nobody can sign in without the code.",
      NULL } },
  { "sign-in-code",
    "hi",
    "आपका साइन-इन कोड: {{code}}",
    { "अपने लैब जाँच पेज में साइन इन करने के लिए आपका कोड {{code}} है।",
      "यह 10 मिनट तक काम करेगा। अगर आपने यह नहीं माँगा था, तो इस संदेश को अनदेखा कर दें: "
      "कोड के बिना कोई साइन इन नहीं कर सकता।",
      NULL } },
  /* Issue 31: to a doctor who asked for it, beside the in-app alert
   * (server/service/ld-service-alerts.c). Never the value: the doctor
   * signs in to see it. Never instead of the lab's telephone call. */
  { "critical-result",
    "en",
    "Critical result on order {{order_number}}",
    { "Dear {{doctor_name}},",
      "A critical result has been verified for your patient {{patient_name}}: {{test_name}} "
      "on order {{order_number}}.",
      "The result is not in this message. Sign in to Labdesk to see it and to acknowledge "
      "the alert.",
      "?Sign in: {{sign_in_url}}",
      "The lab will still telephone you about this result: this e-mail does not replace "
      "that call.",
      "?Questions? Call us on {{lab_phone}}.", NULL } },
  { "critical-result",
    "hi",
    "ऑर्डर {{order_number}} में गंभीर परिणाम",
    { "प्रिय {{doctor_name}},",
      "आपके मरीज़ {{patient_name}} का एक गंभीर (क्रिटिकल) परिणाम सत्यापित हुआ है: ऑर्डर "
      "{{order_number}} में {{test_name}}।",
      "परिणाम इस संदेश में नहीं है। उसे देखने और अलर्ट स्वीकार करने के लिए Labdesk में साइन इन "
      "करें।",
      "?साइन इन: {{sign_in_url}}",
      "लैब इस परिणाम के बारे में आपको फ़ोन भी करेगी: यह ई-मेल उस फ़ोन कॉल की जगह नहीं लेता।",
      "?कोई प्रश्न हो तो हमें {{lab_phone}} पर फ़ोन करें।", NULL } },
  /* Appointments (ld-service-notify-appointments.c): the day before, when
   * the desk cancels one, when it moves one to another time. */
  { "appointment-reminder",
    "en",
    "Reminder: your appointment with {{doctor_name}} tomorrow at {{appointment_time}}",
    { "Dear {{patient_name}},",
      "This is a reminder of your appointment with {{doctor_name}} tomorrow, "
      "{{appointment_day}}, at {{appointment_time}}.",
      "?Address: {{lab_address}}", "?If you cannot come, call us on {{lab_phone}} to change "
      "the time.", NULL } },
  { "appointment-reminder",
    "hi",
    "याद दिलाना: कल {{appointment_time}} बजे {{doctor_name}} के साथ आपका अपॉइंटमेंट",
    { "प्रिय {{patient_name}},",
      "याद दिला दें: कल, {{appointment_day}} को {{appointment_time}} बजे {{doctor_name}} के "
      "साथ आपका अपॉइंटमेंट है।",
      "?पता: {{lab_address}}", "?अगर आप नहीं आ सकते, तो समय बदलने के लिए हमें {{lab_phone}} पर "
      "फ़ोन करें।", NULL } },
  { "appointment-cancelled",
    "en",
    "Your appointment with {{doctor_name}} on {{appointment_day}} is cancelled",
    { "Dear {{patient_name}},",
      "Your appointment with {{doctor_name}} on {{appointment_day}} at {{appointment_time}} "
      "has been cancelled.",
      "?Reason: {{reason}}", "?To book another time, call us on {{lab_phone}}.", NULL } },
  { "appointment-cancelled",
    "hi",
    "{{appointment_day}} का {{doctor_name}} के साथ आपका अपॉइंटमेंट रद्द हो गया",
    { "प्रिय {{patient_name}},",
      "{{appointment_day}} को {{appointment_time}} बजे {{doctor_name}} के साथ आपका अपॉइंटमेंट "
      "रद्द कर दिया गया है।",
      "?कारण: {{reason}}", "?दूसरा समय लेने के लिए हमें {{lab_phone}} पर फ़ोन करें।", NULL } },
  { "appointment-moved",
    "en",
    "Your appointment with {{doctor_name}} is now on {{appointment_day}} at {{appointment_time}}",
    { "Dear {{patient_name}},",
      "Your appointment with {{doctor_name}} has been moved from {{previous_day}} at "
      "{{previous_time}} to {{appointment_day}} at {{appointment_time}}.",
      "?Address: {{lab_address}}", "?If the new time does not suit you, call us on "
      "{{lab_phone}}.", NULL } },
  { "appointment-moved",
    "hi",
    "{{doctor_name}} के साथ आपका अपॉइंटमेंट अब {{appointment_day}} को {{appointment_time}} बजे है",
    { "प्रिय {{patient_name}},",
      "{{doctor_name}} के साथ आपका अपॉइंटमेंट {{previous_day}} को {{previous_time}} बजे से "
      "बदलकर {{appointment_day}} को {{appointment_time}} बजे कर दिया गया है।",
      "?पता: {{lab_address}}", "?अगर नया समय आपके लिए ठीक न हो, तो हमें {{lab_phone}} पर फ़ोन "
      "करें।", NULL } },
};
/* clang-format on */

/* SMS: one short plain text per event and language, its pieces joined by
 * spaces ("?" as above). Each must match, word for word, the template
 * registered on the DLT platform under the id configured for it
 * ([sms] template-id.EVENT); {{lab_name}} and the order's (or the
 * appointment's) facts are its variables. English stays within one GSM-7 message (160 characters) for
 * a short lab name, so it has no "₹" (amounts read "Rs"); Hindi is sent
 * as UCS-2, 70 characters a part. Never a result: a report's message
 * links to the patient pages, where the patient signs in. */
#define MAX_SMS_PIECES 3

typedef struct
{
  const char *name;
  const char *language;
  const char *pieces[MAX_SMS_PIECES + 1];
} SmsTemplate;

/* clang-format off */
static const SmsTemplate sms_templates[] = {
  { "order-confirmed", "en",
    { "{{lab_name}}: order {{order_number}} confirmed, amount {{amount}}.",
      "?Call {{lab_phone}} for help.", NULL } },
  { "order-confirmed", "hi",
    { "{{lab_name}}: ऑर्डर {{order_number}} पक्का, राशि {{amount}}।",
      "?सहायता: {{lab_phone}}", NULL } },
  { "payment-failed", "en",
    { "{{lab_name}}: payment of {{amount}} for order {{order_number}} failed. Pay again at the "
      "desk or online, or pay cash at collection.", NULL } },
  { "payment-failed", "hi",
    { "{{lab_name}}: ऑर्डर {{order_number}} का {{amount}} का भुगतान नहीं हुआ। फिर से भुगतान करें "
      "या नमूना लेते समय नकद दें।", NULL } },
  { "payment-received", "en",
    { "{{lab_name}}: received {{paid_amount}} for order {{order_number}}, receipt "
      "{{receipt_number}}.", NULL } },
  { "payment-received", "hi",
    { "{{lab_name}}: ऑर्डर {{order_number}} के {{paid_amount}} मिले, रसीद {{receipt_number}}।",
      NULL } },
  { "sample-collected", "en",
    { "{{lab_name}}: sample collected for order {{order_number}}. We will tell you when the "
      "report is ready.", NULL } },
  { "sample-collected", "hi",
    { "{{lab_name}}: ऑर्डर {{order_number}} का नमूना ले लिया गया। रिपोर्ट तैयार होने पर बताएँगे।",
      NULL } },
  { "sample-rejected", "en",
    { "{{lab_name}}: the sample for order {{order_number}} could not be tested; we need a new "
      "one, free of charge.", "?Call {{lab_phone}}.", NULL } },
  { "sample-rejected", "hi",
    { "{{lab_name}}: ऑर्डर {{order_number}} का नमूना जाँचा नहीं जा सका; नया नमूना निःशुल्क लेंगे।",
      "?फ़ोन: {{lab_phone}}", NULL } },
  { "report-ready", "en",
    { "{{lab_name}}: your report for order {{order_number}} is ready.",
      "?See it at {{patient_page_url}}", NULL } },
  { "report-ready", "hi",
    { "{{lab_name}}: ऑर्डर {{order_number}} की रिपोर्ट तैयार है।",
      "?देखें: {{patient_page_url}}", NULL } },
  { "report-amended", "en",
    { "{{lab_name}}: your report for order {{order_number}} was corrected; use the new one.",
      "?See it at {{patient_page_url}}", NULL } },
  { "report-amended", "hi",
    { "{{lab_name}}: ऑर्डर {{order_number}} की रिपोर्ट सुधारी गई; नई रिपोर्ट देखें।",
      "?देखें: {{patient_page_url}}", NULL } },
  { "home-visit-scheduled", "en",
    { "{{lab_name}}: home collection for order {{order_number}} on {{visit_day}}, "
      "{{visit_from}}-{{visit_to}}.", NULL } },
  { "home-visit-scheduled", "hi",
    { "{{lab_name}}: ऑर्डर {{order_number}} का नमूना घर से {{visit_day}}, "
      "{{visit_from}}-{{visit_to}} के बीच।", NULL } },
  { "order-expiring", "en",
    { "{{lab_name}}: order {{order_number}} is unpaid and ends on {{expires_at}}. Pay "
      "{{amount}} at the desk or online.", NULL } },
  { "order-expiring", "hi",
    { "{{lab_name}}: ऑर्डर {{order_number}} का भुगतान बाकी है, {{expires_at}} को रद्द होगा। "
      "{{amount}} काउंटर पर या ऑनलाइन दें।", NULL } },
  /* The patient pages' sign-in by mobile number (ld-service-web-session.c):
   * to a number, perhaps of nobody registered, so it names no patient. */
  { "sign-in-code", "en",
    { "{{lab_name}}: your sign-in code is {{code}}. It works for 10 minutes. Do not share it "
      "with anyone.", NULL } },
  { "sign-in-code", "hi",
    { "{{lab_name}}: आपका साइन-इन कोड {{code}} है। यह 10 मिनट तक काम करेगा। इसे किसी को न "
      "बताएँ।", NULL } },
  { "appointment-reminder", "en",
    { "{{lab_name}}: reminder, appointment with {{doctor_name}} on {{appointment_day}} at "
      "{{appointment_time}}.", "?{{lab_address}}.", "?Call {{lab_phone}} to change.", NULL } },
  { "appointment-reminder", "hi",
    { "{{lab_name}}: याद दिलाना, {{doctor_name}} के साथ अपॉइंटमेंट {{appointment_day}} को "
      "{{appointment_time}} बजे।", "?पता: {{lab_address}}", "?समय बदलने के लिए: {{lab_phone}}",
      NULL } },
  { "appointment-cancelled", "en",
    { "{{lab_name}}: your appointment with {{doctor_name}} on {{appointment_day}} at "
      "{{appointment_time}} is cancelled.", "?Reason: {{reason}}.",
      "?Call {{lab_phone}} to book again.", NULL } },
  { "appointment-cancelled", "hi",
    { "{{lab_name}}: {{doctor_name}} के साथ {{appointment_day}} {{appointment_time}} का "
      "अपॉइंटमेंट रद्द।", "?कारण: {{reason}}", "?दोबारा समय लेने के लिए: {{lab_phone}}", NULL } },
  { "appointment-moved", "en",
    { "{{lab_name}}: your appointment with {{doctor_name}} is moved to {{appointment_day}} at "
      "{{appointment_time}}.", "?Call {{lab_phone}} if it does not suit you.", NULL } },
  { "appointment-moved", "hi",
    { "{{lab_name}}: {{doctor_name}} के साथ अपॉइंटमेंट अब {{appointment_day}} को "
      "{{appointment_time}} बजे।", "?सहायता: {{lab_phone}}", NULL } },
};
/* clang-format on */

static const char * const template_names[] = {
  "order-confirmed",   "payment-failed",       "sample-collected",
  "report-ready",      "payment-received",     "sample-rejected",
  "report-amended",    "home-visit-scheduled", "order-expiring",
  "sign-in-code",      "appointment-reminder", "appointment-cancelled",
  "appointment-moved", "critical-result",      NULL
};

void
ld_notify_text_free (LdNotifyText *text)
{
  if (text == NULL)
    return;

  g_free (text->subject);
  g_free (text->text);
  g_free (text->html);
  g_free (text);
}

/**
 * ld_notify_template_names:
 *
 * Returns: (transfer none): the events that have templates, %NULL-terminated
 */
const char * const *
ld_notify_template_names (void)
{
  return template_names;
}

gboolean
ld_notify_template_exists (const char *template_name)
{
  g_return_val_if_fail (template_name != NULL, FALSE);

  return g_strv_contains (template_names, template_name);
}

/**
 * ld_notify_choose_language:
 * @patient_name: the patient's name as registered
 *
 * Patients have no language of their own yet: one whose name is written in
 * Devanagari is written to in Hindi, any other in English.
 *
 * Returns: "hi" or "en"
 */
const char *
ld_notify_choose_language (const char *patient_name)
{
  g_return_val_if_fail (patient_name != NULL, "en");

  for (const char *p = patient_name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x0900 && c <= 0x097F)
        return "hi";
    }
  return "en";
}

/**
 * ld_notify_format_amount:
 * @paise: an amount
 *
 * Returns: (transfer full): the amount as "₹1,250.00"
 */
char *
ld_notify_format_amount (gint64 paise)
{
  g_autofree char *rupees = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (paise) / 100);
  g_autoptr(GString) out = g_string_new (paise < 0 ? "-₹" : "₹");
  gsize n = strlen (rupees);

  /* Indian grouping: the last three digits, then pairs (1,23,456). */
  for (gsize i = 0; i < n; i++)
    {
      gsize remaining = n - i - 1;

      g_string_append_c (out, rupees[i]);
      if (remaining == 3 || (remaining > 3 && (remaining - 3) % 2 == 0))
        g_string_append_c (out, ',');
    }
  g_string_append_printf (out, ".%02d", (int) (ABS (paise) % 100));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *
lookup_fact (JsonObject *facts,
             const char *name)
{
  JsonNode *node = json_object_get_member (facts, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Puts the facts into @source. Returns FALSE, with @out_missing naming
 * the first fact that is missing or empty, when one is. */
static gboolean
substitute (const char  *source,
            JsonObject  *facts,
            gboolean     html,
            GString     *out,
            char       **out_missing)
{
  const char *p = source;

  while (*p != '\0')
    {
      const char *open = strstr (p, "{{");
      const char *close;
      g_autofree char *name = NULL;
      const char *value;

      if (open == NULL)
        {
          g_string_append (out, p);
          break;
        }
      close = strstr (open + 2, "}}");
      g_assert (close != NULL);
      g_string_append_len (out, p, open - p);
      name = g_strndup (open + 2, close - (open + 2));
      value = lookup_fact (facts, name);
      if (value == NULL || value[0] == '\0')
        {
          *out_missing = g_steal_pointer (&name);
          return FALSE;
        }
      if (!html)
        g_string_append (out, value);
      else
        {
          g_autofree char *escaped = g_markup_escape_text (value, -1);

          if (g_str_has_suffix (name, "_url"))
            g_string_append_printf (out, "<a href=\"%s\">%s</a>", escaped, escaped);
          else
            g_string_append (out, escaped);
        }
      p = close + 2;
    }
  return TRUE;
}

static const Template *
find_template (const char *name,
               const char *language)
{
  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    if (g_str_equal (templates[i].name, name) && g_str_equal (templates[i].language, language))
      return &templates[i];
  return NULL;
}

/* Where a patient signs in to see their reports: the patient pages. */
static char *
patient_page_url (const LdSettings *settings)
{
  g_autofree char *base = NULL;

  if (settings->public_base_url == NULL || settings->public_base_url[0] == '\0')
    return NULL;
  base = g_strdup (settings->public_base_url);
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  return g_strconcat (base, "/my/", NULL);
}

static void
add_lab_fact (JsonObject *facts,
              const char *name,
              const char *value)
{
  if (value != NULL && value[0] != '\0')
    json_object_set_string_member (facts, name, value);
}

static void
set_missing_error (const char  *template_name,
                   const char  *language,
                   const char  *fact,
                   GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "The %s template (%s) needs the fact “%s”, which the message does not have.",
               template_name, language, fact);
}

/**
 * ld_notify_render:
 * @template_name: an event with a template
 * @language: "en" or "hi"
 * @facts: the message's facts, string members
 * @settings: the lab's settings: its name, address and phone
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the message, or %NULL with @error
 *   set when the template is unknown or a fact it needs is missing
 */
LdNotifyText *
ld_notify_render (const char        *template_name,
                  const char        *language,
                  JsonObject        *facts,
                  const LdSettings  *settings,
                  GError           **error)
{
  g_autoptr(LdNotifyText) text = g_new0 (LdNotifyText, 1);
  g_autoptr(JsonObject) all = json_object_new ();
  g_autoptr(GString) subject = g_string_new (NULL);
  g_autoptr(GString) plain = g_string_new (NULL);
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *missing = NULL;
  g_autofree char *page_url = NULL;
  g_autofree char *lab_name = NULL;
  const Template *template;

  g_return_val_if_fail (template_name != NULL && language != NULL, NULL);
  g_return_val_if_fail (facts != NULL && settings != NULL, NULL);

  template = find_template (template_name, language);
  if (template == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "There is no %s template in “%s”.", template_name, language);
      return NULL;
    }

  {
    GList *members = json_object_get_members (facts);

    for (GList *l = members; l != NULL; l = l->next)
      json_object_set_member (all, l->data,
                              json_node_copy (json_object_get_member (facts, l->data)));
    g_list_free (members);
  }
  add_lab_fact (all, "lab_name", settings->lab_name);
  add_lab_fact (all, "lab_address", settings->lab_address);
  add_lab_fact (all, "lab_phone", settings->lab_phone);
  page_url = patient_page_url (settings);
  add_lab_fact (all, "patient_page_url", page_url);

  if (!substitute (template->subject, all, FALSE, subject, &missing))
    {
      set_missing_error (template_name, language, missing, error);
      return NULL;
    }
  lab_name = g_strdup (
    settings->lab_name != NULL && settings->lab_name[0] != '\0' ? settings->lab_name : "Labdesk");
  g_string_append_printf (subject, " — %s", lab_name);

  g_string_append (html, "<!DOCTYPE html>\n<html lang=\"");
  g_string_append (html, language);
  g_string_append (html, "\"><head><meta charset=\"utf-8\"></head>\n<body>\n");
  for (guint i = 0; i < MAX_PARAGRAPHS && template->paragraphs[i] != NULL; i++)
    {
      const char *source = template->paragraphs[i];
      gboolean optional = source[0] == '?';
      g_autoptr(GString) one_plain = g_string_new (NULL);
      g_autoptr(GString) one_html = g_string_new (NULL);
      g_autofree char *absent = NULL;

      if (optional)
        source++;
      if (!substitute (source, all, FALSE, one_plain, &absent) ||
          !substitute (source, all, TRUE, one_html, &absent))
        {
          if (optional)
            continue;
          set_missing_error (template_name, language, absent, error);
          return NULL;
        }
      g_string_append_printf (plain, "%s\n\n", one_plain->str);
      g_string_append_printf (html, "<p>%s</p>\n", one_html->str);
    }

  /* The signature: the lab's name, address and phone, as the settings say. */
  {
    const char *lines[] = { lab_name, settings->lab_address, settings->lab_phone };

    g_string_append (plain, "-- \n");
    g_string_append (html, "<p style=\"color:#555\">");
    for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
      {
        g_autofree char *escaped = NULL;

        if (lines[i] == NULL || lines[i][0] == '\0')
          continue;
        escaped = g_markup_escape_text (lines[i], -1);
        g_string_append_printf (plain, "%s\n", lines[i]);
        g_string_append_printf (html, "%s%s", i > 0 ? "<br>\n" : "", escaped);
      }
    g_string_append (html, "</p>\n</body></html>\n");
  }

  text->subject = g_string_free (g_steal_pointer (&subject), FALSE);
  text->text = g_string_free (g_steal_pointer (&plain), FALSE);
  text->html = g_string_free (g_steal_pointer (&html), FALSE);
  return g_steal_pointer (&text);
}

/**
 * ld_notify_sms_exists:
 * @template_name: an event
 *
 * Returns: whether @template_name has an SMS text (in every language)
 */
gboolean
ld_notify_sms_exists (const char *template_name)
{
  g_return_val_if_fail (template_name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (sms_templates); i++)
    if (g_str_equal (sms_templates[i].name, template_name))
      return TRUE;
  return FALSE;
}

/**
 * ld_notify_render_sms:
 * @template_name: an event with an SMS text
 * @language: "en" or "hi"
 * @facts: the message's facts, string members
 * @settings: the lab's settings: its name and phone, where the public
 *   reaches it
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the SMS's text, or %NULL with
 *   @error set when there is none or a fact it needs is missing
 */
char *
ld_notify_render_sms (const char        *template_name,
                      const char        *language,
                      JsonObject        *facts,
                      const LdSettings  *settings,
                      GError           **error)
{
  g_autoptr(JsonObject) all = json_object_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *page_url = NULL;
  const SmsTemplate *template = NULL;

  g_return_val_if_fail (template_name != NULL && language != NULL, NULL);
  g_return_val_if_fail (facts != NULL && settings != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sms_templates) && template == NULL; i++)
    if (g_str_equal (sms_templates[i].name, template_name) &&
        g_str_equal (sms_templates[i].language, language))
      template = &sms_templates[i];
  if (template == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "There is no %s SMS in “%s”.",
                   template_name, language);
      return NULL;
    }

  {
    GList *members = json_object_get_members (facts);

    for (GList *l = members; l != NULL; l = l->next)
      json_object_set_member (all, l->data,
                              json_node_copy (json_object_get_member (facts, l->data)));
    g_list_free (members);
  }
  json_object_set_string_member (all, "lab_name",
                                 settings->lab_name != NULL && settings->lab_name[0] != '\0'
                                   ? settings->lab_name
                                   : "Labdesk");
  add_lab_fact (all, "lab_phone", settings->lab_phone);
  add_lab_fact (all, "lab_address", settings->lab_address);
  page_url = patient_page_url (settings);
  add_lab_fact (all, "patient_page_url", page_url);

  for (guint i = 0; i < MAX_SMS_PIECES && template->pieces[i] != NULL; i++)
    {
      const char *source = template->pieces[i];
      gboolean optional = source[0] == '?';
      g_autoptr(GString) one = g_string_new (NULL);
      g_autofree char *absent = NULL;

      if (optional)
        source++;
      if (!substitute (source, all, FALSE, one, &absent))
        {
          if (optional)
            continue;
          set_missing_error (template_name, language, absent, error);
          return NULL;
        }
      g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", one->str);
    }

  /* "₹" is not in GSM-7: one would make the whole message UCS-2, a
   * message's length from 160 characters down to 70. */
  if (g_str_equal (language, "en"))
    g_string_replace (text, "₹", "Rs ", 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}
