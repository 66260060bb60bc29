/* ld-catalog-form.c: a catalogue test as the administrator typed it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The admin's test editor hands each field over as typed; the form spells
 * it in the wire form POST /api/v1/catalog/tests takes and reads it with
 * ld_catalog_test_read_json(), the code the server runs, so a field is
 * refused in the editor for the reason the server would give. What is not
 * even of its shape (a word where a number goes) is passed on as text, so
 * that the reader names what it must be. The screen never sees JSON.
 */

#define G_LOG_DOMAIN "ld-catalog-form"

#include "config.h"

#include <math.h>

#include "ld-catalog-form.h"
#include "ld-json.h"

struct _LdCatalogTestForm
{
  JsonObject *object;
  /* The same array as the object's "reference_ranges". */
  JsonArray  *ranges;
};

/**
 * ld_catalog_test_form_new:
 *
 * Returns: (transfer full): an empty form, with no reference ranges
 */
LdCatalogTestForm *
ld_catalog_test_form_new (void)
{
  LdCatalogTestForm *form = g_new0 (LdCatalogTestForm, 1);

  form->object = json_object_new ();
  form->ranges = json_array_new ();
  json_object_set_array_member (form->object, "reference_ranges", json_array_ref (form->ranges));
  return form;
}

void
ld_catalog_test_form_free (LdCatalogTestForm *form)
{
  if (form == NULL)
    return;
  json_object_unref (form->object);
  json_array_unref (form->ranges);
  g_free (form);
}

/* A number as typed: TRUE with @out_value, or FALSE when it is not one. */
static gboolean
parse_number (const char *text,
              double     *out_value)
{
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  *out_value = g_ascii_strtod (text, &end);
  return end != NULL && *end == '\0' && isfinite (*out_value);
}

static void
put_number (JsonObject *object,
            const char *name,
            const char *text,
            gboolean    nullable)
{
  double value;

  if (*text == '\0' && nullable)
    json_object_set_null_member (object, name);
  else if (parse_number (text, &value))
    json_object_set_double_member (object, name, value);
  else
    json_object_set_string_member (object, name, text);
}

static void
put_whole (JsonObject *object,
           const char *name,
           const char *text)
{
  gint64 number;

  if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &number, NULL))
    json_object_set_int_member (object, name, number);
  else
    json_object_set_string_member (object, name, text);
}

/**
 * ld_catalog_test_form_set_text:
 * @form: a form
 * @name: the member's wire name ("name", "result_type", …)
 * @text: the text as typed
 */
void
ld_catalog_test_form_set_text (LdCatalogTestForm *form,
                               const char        *name,
                               const char        *text)
{
  g_return_if_fail (form != NULL && name != NULL);

  json_object_set_string_member (form->object, name, text ? text : "");
}

/**
 * ld_catalog_test_form_set_optional_text:
 *
 * As ld_catalog_test_form_set_text(); an empty @text is no value.
 */
void
ld_catalog_test_form_set_optional_text (LdCatalogTestForm *form,
                                        const char        *name,
                                        const char        *text)
{
  g_return_if_fail (form != NULL && name != NULL);

  if (text == NULL || *text == '\0')
    json_object_set_null_member (form->object, name);
  else
    json_object_set_string_member (form->object, name, text);
}

/**
 * ld_catalog_test_form_set_whole:
 *
 * A whole number as typed; anything else is refused when read.
 */
void
ld_catalog_test_form_set_whole (LdCatalogTestForm *form,
                                const char        *name,
                                const char        *text)
{
  g_return_if_fail (form != NULL && name != NULL);

  put_whole (form->object, name, text ? text : "");
}

/**
 * ld_catalog_test_form_set_int:
 *
 * A whole number already read (a price in paise).
 */
void
ld_catalog_test_form_set_int (LdCatalogTestForm *form,
                              const char        *name,
                              gint64             value)
{
  g_return_if_fail (form != NULL && name != NULL);

  json_object_set_int_member (form->object, name, value);
}

/**
 * ld_catalog_test_form_set_number:
 *
 * A number as typed; empty is no value, anything else is refused when read.
 */
void
ld_catalog_test_form_set_number (LdCatalogTestForm *form,
                                 const char        *name,
                                 const char        *text)
{
  g_return_if_fail (form != NULL && name != NULL);

  put_number (form->object, name, text ? text : "", TRUE);
}

/**
 * ld_catalog_test_form_set_list:
 *
 * Words separated by commas; an empty list is left out.
 */
void
ld_catalog_test_form_set_list (LdCatalogTestForm *form,
                               const char        *name,
                               const char        *text)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(JsonArray) list = json_array_new ();

  g_return_if_fail (form != NULL && name != NULL);

  parts = g_strsplit (text ? text : "", ",", -1);
  for (guint p = 0; parts[p] != NULL; p++)
    if (*g_strstrip (parts[p]) != '\0')
      json_array_add_string_element (list, parts[p]);
  if (json_array_get_length (list) > 0)
    json_object_set_array_member (form->object, name, g_steal_pointer (&list));
  else if (json_object_has_member (form->object, name))
    json_object_remove_member (form->object, name);
}

void
ld_catalog_test_form_set_active (LdCatalogTestForm *form,
                                 gboolean           active)
{
  g_return_if_fail (form != NULL);

  json_object_set_boolean_member (form->object, "active", active);
}

/**
 * ld_catalog_test_form_set_delta:
 * @type: (nullable): "absolute" or "percent"; %NULL for no delta check
 * @limit: the limit as typed
 * @window_days: the window as typed
 */
void
ld_catalog_test_form_set_delta (LdCatalogTestForm *form,
                                const char        *type,
                                const char        *limit,
                                const char        *window_days)
{
  JsonObject *check;

  g_return_if_fail (form != NULL);

  if (type == NULL)
    {
      json_object_set_null_member (form->object, "delta_check");
      return;
    }
  check = json_object_new ();
  json_object_set_string_member (check, "type", type);
  put_number (check, "limit", limit ? limit : "", FALSE);
  put_whole (check, "window_days", window_days ? window_days : "");
  json_object_set_object_member (form->object, "delta_check", check);
}

static JsonNode *
age_node (const char *text,
          LdAgeUnit   unit,
          gboolean    nullable,
          gboolean   *out_good)
{
  g_autoptr(JsonObject) age = NULL;
  gint64 number = 0;

  if (*text == '\0' && nullable)
    return json_node_init_null (json_node_alloc ());
  if (*text != '\0' && !g_ascii_string_to_signed (text, 10, 0, G_MAXINT32, &number, NULL))
    *out_good = FALSE;
  age = json_object_new ();
  json_object_set_int_member (age, "value", number);
  json_object_set_string_member (age, "unit", ld_age_unit_to_string (unit));
  return json_node_init_object (json_node_alloc (), age);
}

/**
 * ld_catalog_test_form_add_band:
 * @sex: "any", "female" or "male"
 * @from: the youngest age, as typed (empty is 0)
 * @to: (nullable): the age the range ends before, as typed; empty for none
 * @low: (nullable): the lower limit as typed; empty for none
 * @high: (nullable): the upper limit as typed; empty for none
 *
 * Adds one reference range, in the order shown.
 *
 * Returns: %FALSE when an age is not a whole number or a limit is not a
 *   number; the range's limits are then sent as nothing
 */
gboolean
ld_catalog_test_form_add_band (LdCatalogTestForm *form,
                               const char        *sex,
                               const char        *from,
                               LdAgeUnit          from_unit,
                               const char        *to,
                               LdAgeUnit          to_unit,
                               const char        *low,
                               const char        *high)
{
  JsonObject *object;
  gboolean good = TRUE;
  double value;

  g_return_val_if_fail (form != NULL, FALSE);

  low = low ? low : "";
  high = high ? high : "";
  object = json_object_new ();
  json_object_set_string_member (object, "sex", sex ? sex : "");
  json_object_set_member (object, "age_from", age_node (from ? from : "", from_unit, FALSE, &good));
  json_object_set_member (object, "age_to", age_node (to ? to : "", to_unit, TRUE, &good));
  if ((*low != '\0' && !parse_number (low, &value)) ||
      (*high != '\0' && !parse_number (high, &value)))
    good = FALSE;
  if (good)
    {
      put_number (object, "low", low, TRUE);
      put_number (object, "high", high, TRUE);
    }
  else
    {
      /* What cannot be read is sent as nothing; the caller says why. */
      json_object_set_null_member (object, "low");
      json_object_set_null_member (object, "high");
    }
  json_array_add_object_element (form->ranges, object);
  return good;
}

/**
 * ld_catalog_test_form_read:
 * @form: a form
 * @out_test: (out) (transfer full): the test as read, what could be read
 *   of it when refused
 * @error: the refusals, each naming its member, as the server gives them
 *
 * Returns: whether the test may be sent
 */
gboolean
ld_catalog_test_form_read (LdCatalogTestForm *form,
                           LdCatalogTest    **out_test,
                           GError           **error)
{
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdCatalogTest) test = NULL;
  gboolean valid;

  g_return_val_if_fail (form != NULL, FALSE);
  g_return_val_if_fail (out_test != NULL, FALSE);

  reader = ld_json_reader_new (form->object);
  test = ld_catalog_test_new ();
  ld_catalog_test_read_json (test, reader, TRUE);
  valid = ld_json_reader_finish (reader, error);
  *out_test = g_steal_pointer (&test);
  return valid;
}

/**
 * ld_catalog_test_form_check_bands:
 * @allow_gaps: whether ages left uncovered between ranges are allowed
 * @out_index: (out): the range at fault
 *
 * Returns: (nullable): why the ranges do not fit together, %NULL when they do
 */
const char *
ld_catalog_test_form_check_bands (LdCatalogTestForm *form,
                                  gboolean           allow_gaps,
                                  guint             *out_index)
{
  g_return_val_if_fail (form != NULL, NULL);

  return ld_catalog_check_band_layout (form->ranges, allow_gaps, out_index);
}
