/* ld-web-register.c: a patient registers anew on the page (/my/register)
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk's registration, with the desk's rules for each field
 * (ld_patient_read_registration()) and its likely-duplicate check
 * (server/service/ld-service-web-link.c): a patient who looks registered
 * already is still registered, but parked for the desk's review and never
 * joined to the record they resemble. The page says which happened.
 */

#define G_LOG_DOMAIN "ld-web"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-web.h"
#include "ld-web-page.h"
#include "ld-json.h"
#include "ld-patient-apply.h"
#include "../service/ld-rate-limit.h"
#include "../service/ld-service-web-link.h"

/* Registrations an account may make in an hour: a family, not a town. */
#define REGISTRATIONS_PER_HOUR 10

static LdRateLimit *
get_account_limit (void)
{
  static LdRateLimit *limit;

  if (g_once_init_enter (&limit))
    g_once_init_leave (&limit, ld_rate_limit_new (REGISTRATIONS_PER_HOUR, G_TIME_SPAN_HOUR));
  return limit;
}

static void
show_register_form (LdWebPage *page,
                    guint      status)
{
  static const char * const sexes[] = { "female", "male", "other", NULL };
  static const char * const sex_labels[] = { N_("Female"), N_("Male"), N_("Other"), NULL };
  static const char * const relations[] = { "self", "family", NULL };
  static const char * const relation_labels[] = { N_("Me"), N_("A family member"), NULL };
  LdHtml *html;

  ld_web_page_begin (page, TR (N_("Register a patient")));
  html = page->html;
  ld_html_element (html, "p", TR (N_("If the lab has seen this patient before, ask the desk for "
                                     "a code instead: it keeps their reports together.")),
                       NULL);
  ld_html_open (html, "form", "method", "post", "action", "/my/register", "novalidate", "", NULL);
  ld_web_page_csrf_field (page);
  ld_web_page_radios (page, "relation", TR (N_("Who is the patient?")), relations,
                      relation_labels);
  ld_web_page_input (page, "name", TR (N_("Full name")), NULL, "text",
                     ld_web_page_field (page, "name"), "name");
  ld_web_page_radios (page, "sex", TR (N_("Sex")), sexes, sex_labels);
  ld_web_page_input (page, "date_of_birth", TR (N_("Date of birth")),
                     TR (N_("Such as 1985-04-23. If you do not know it, leave it empty and "
                            "give the age")),
                             "date", ld_web_page_field (page, "date_of_birth"), "bday");
  ld_web_page_input (page, "age_years",
                     TR (N_("Age in years")), NULL, "text", ld_web_page_field (page, "age_years"),
                         "off");
  ld_web_page_input (page, "phone",
                     TR (N_("Mobile phone number")), TR (N_("Such as 98765 43210")), "tel",
                                                          ld_web_page_field (page, "phone"), "tel");
  ld_web_page_button (page, TR (N_("Register")));
  ld_html_close (html, "form");
  ld_web_page_finish (page, status);
}

/* GET /my/register */
static gboolean
get_register (LdHttpRequest  *req,
              GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);

  if (ld_web_page_require_session (page))
    show_register_form (page, SOUP_STATUS_OK);
  return TRUE;
}

static const char *
field_or_null (LdWebPage  *page,
               const char *name)
{
  const char *value = ld_web_page_field (page, name);

  return value != NULL && *value != '\0' ? value : NULL;
}

/* The form as the desk's registration body; the page's own words for
 * what it cannot be. */
static JsonObject *
read_body (LdWebPage *page)
{
  g_autoptr(JsonObject) body = json_object_new ();
  const char *name = field_or_null (page, "name");
  const char *sex = ld_web_page_field (page, "sex");
  const char *dob = field_or_null (page, "date_of_birth");
  const char *age = field_or_null (page, "age_years");
  const char *phone = field_or_null (page, "phone");
  const char *relation = ld_web_page_field (page, "relation");
  guint64 years = 0;

  if (g_strcmp0 (relation, "self") != 0 && g_strcmp0 (relation, "family") != 0)
    ld_web_page_add_error (page, "relation-self", TR (N_("Choose who the patient is")));
  if (name == NULL || g_utf8_strlen (name, -1) > 200)
    ld_web_page_add_error (page, "name", TR (N_("Enter the patient's full name")));
  if (g_strcmp0 (sex, "female") != 0 && g_strcmp0 (sex, "male") != 0 &&
      g_strcmp0 (sex, "other") != 0)
    ld_web_page_add_error (page, "sex-female", TR (N_("Choose the patient's sex")));
  if (dob != NULL && age != NULL)
    ld_web_page_add_error (page, "age_years",
                           TR (N_("Give the date of birth or the age, not both")));
  else if (dob == NULL && age == NULL)
    ld_web_page_add_error (page, "date_of_birth", TR (N_("Enter a date of birth or an age")));
  if (age != NULL && !g_ascii_string_to_unsigned (age, 10, 0, 130, &years, NULL))
    ld_web_page_add_error (page, "age_years", TR (N_("Enter an age from 0 to 130 years")));
  if (phone == NULL)
    ld_web_page_add_error (page, "phone", TR (N_("Enter a mobile phone number")));
  if (page->errors->len > 0)
    return NULL;

  json_object_set_string_member (body, "name", name);
  json_object_set_string_member (body, "sex", sex);
  if (dob != NULL)
    json_object_set_string_member (body, "date_of_birth", dob);
  else
    json_object_set_int_member (body, "age_years", years);
  json_object_set_string_member (body, "phone", phone);
  return g_steal_pointer (&body);
}

/* The desk's rules refused a field: the page says it in its own words. */
static void
add_field_errors (LdWebPage    *page,
                  const GError *refusal)
{
  GHashTable *fields = ld_api_error_get_fields (refusal);

  if (fields != NULL && g_hash_table_contains (fields, "name"))
    ld_web_page_add_error (page, "name", TR (N_("Enter the patient's full name")));
  if (fields != NULL && g_hash_table_contains (fields, "date_of_birth"))
    ld_web_page_add_error (page, "date_of_birth",
                           TR (N_("Enter a real date of birth, in the past, such as "
                                  "1985-04-23")));
  if (fields != NULL && g_hash_table_contains (fields, "age_years"))
    ld_web_page_add_error (page, "age_years", TR (N_("Enter an age from 0 to 130 years")));
  if (fields != NULL && g_hash_table_contains (fields, "phone"))
    ld_web_page_add_error (page, "phone",
                           TR (N_("Enter a mobile phone number, such as 98765 43210")));
  if (page->errors->len == 0)
    ld_web_page_add_error (page, "name", TR (N_("Check the patient's details")));
}

/* POST /my/register: csrf, relation, name, sex, date_of_birth or age_years, phone */
static gboolean
post_register (LdHttpRequest  *req,
               GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  g_autoptr(LdServiceContext) ctx = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LdPatient) patient = NULL;
  g_autoptr(GError) refusal = NULL;
  gint64 retry_after = 0;
  gboolean parked = FALSE;

  if (!ld_web_page_require_session (page) || !ld_web_page_read_form (page, TRUE))
    return TRUE;
  body = read_body (page);
  if (body != NULL && (patient = ld_patient_read_registration (body, NULL, &refusal)) == NULL)
    add_field_errors (page, refusal);
  if (patient == NULL)
    {
      show_register_form (page, SOUP_STATUS_UNPROCESSABLE_ENTITY);
      return TRUE;
    }
  if (!ld_rate_limit_take_in (get_account_limit (), req->store, "web-register",
                              page->session.account_id, &retry_after))
    {
      ld_web_page_message (page, LD_WEB_STATUS_TOO_MANY_REQUESTS, TR (N_("Please wait")),
                           TR (N_("Too many patients were registered. Wait an hour, then try "
                                  "again.")));
      return TRUE;
    }

  if ((ctx = ld_web_new_actor_context (req, error)) == NULL ||
      !ld_service_web_register_patient (ctx, page->session.account_id, patient,
                                        ld_web_page_field (page, "relation"), &parked, error))
    return FALSE;
  ld_web_page_redirect (page, parked ? "/my/registered?as=review" : "/my/registered?as=new");
  return TRUE;
}

/* GET /my/registered: as=new or as=review */
static gboolean
get_registered (LdHttpRequest  *req,
                GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  LdHtml *html;

  if (!ld_web_page_require_session (page))
    return TRUE;
  if (g_strcmp0 (ld_http_request_get_query (req, "as"), "review") == 0)
    {
      ld_web_page_begin (page, TR (N_("The desk will check this record")));
      html = page->html;
      ld_html_element (html, "p", TR (N_("The lab may already have a record for this patient. "
                                         "We have kept the details you gave as a new record, "
                                         "and the lab's desk will check it: if both records "
                                         "are the same person, the desk will join them.")),
                           NULL);
      ld_html_element (html, "p", TR (N_("You can book tests for this patient now.")), NULL);
    }
  else
    {
      ld_web_page_begin (page, TR (N_("The patient is registered")));
      html = page->html;
      ld_html_element (html, "p", TR (N_("You can book tests for this patient now.")), NULL);
    }
  ld_html_open (html, "p", "class", "actions", NULL);
  ld_html_element (html, "a", TR (N_("Book tests")), "href", "/my/book", "class", "button", NULL);
  ld_html_element (html, "a", TR (N_("Go to the start")), "href", "/my/", "class",
                   "button secondary", NULL);
  ld_html_close (html, "p");
  ld_web_page_finish (page, SOUP_STATUS_OK);
  return TRUE;
}

void
ld_web_register_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/my/register", get_register);
  ld_router_add (router, "POST", "/my/register", post_register);
  ld_router_add (router, "GET", "/my/registered", get_registered);
}
