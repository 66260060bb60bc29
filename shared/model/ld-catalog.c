/* ld-catalog.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-catalog"

#include "config.h"

#include "ld-catalog.h"

#include <glib/gi18n-lib.h>
#include "ld-age.h"

static const char * const result_type_names[] = { "numeric", "text", "choice" };

const char *
ld_result_type_to_string (LdResultType type)
{
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (result_type_names), "text");

  return result_type_names[type];
}

static gboolean
result_type_from_string (const char   *text,
                         LdResultType *out_type)
{
  for (guint i = 0; i < G_N_ELEMENTS (result_type_names); i++)
    if (g_str_equal (result_type_names[i], text))
      {
        *out_type = (LdResultType) i;
        return TRUE;
      }

  return FALSE;
}

/*
 * Departments, in the order a report prints them: the order pathologists
 * in India read a report in, blood first, then chemistry, hormones,
 * immunity and infection, body fluids, cultures, and tissue last. 'other'
 * is for a test nobody has placed yet (a test an older database held that
 * the starting catalogue does not know).
 */
static const struct
{
  const char *id;
  const char *title;
} departments[] = {
  { "haematology", N_("Haematology") },
    { "biochemistry", N_("Biochemistry") },
      { "endocrinology", N_("Endocrinology (hormones)") },
        { "immunology", N_("Immunology") },
          { "serology", N_("Serology") },
            { "clinical_pathology", N_("Clinical pathology") },
              { "microbiology", N_("Microbiology") },
                { "molecular_biology", N_("Molecular biology") },
                  { "histopathology", N_("Histopathology") },
                    { "cytopathology", N_("Cytopathology") },
                      { "other", N_("Other tests") },
                    };

/**
 * ld_departments:
 *
 * Returns: (transfer none) (array zero-terminated=1): every department's
 *   id, in the clinical order reports print them in
 */
const char * const *
ld_departments (void)
{
  static const char *ids[G_N_ELEMENTS (departments) + 1];
  static gsize filled;

  /* Both programs may ask from several threads at once. */
  if (g_once_init_enter (&filled))
    {
      for (guint i = 0; i < G_N_ELEMENTS (departments); i++)
        ids[i] = departments[i].id;
      g_once_init_leave (&filled, 1);
    }
  return ids;
}

/**
 * ld_department_rank:
 * @department: (nullable): a department's id
 *
 * Returns: where @department stands in the clinical order, from 0; an
 *   unknown one stands with 'other', last
 */
guint
ld_department_rank (const char *department)
{
  for (guint i = 0; department != NULL && i < G_N_ELEMENTS (departments); i++)
    if (g_str_equal (departments[i].id, department))
      return i;
  return G_N_ELEMENTS (departments) - 1;
}

gboolean
ld_department_is_valid (const char *department)
{
  return department != NULL
         && g_strcmp0 (departments[ld_department_rank (department)].id, department) == 0;
}

/**
 * ld_department_get_title:
 * @department: (nullable): a department's id
 *
 * Returns: (transfer none): its heading in English, marked for
 *   translation: pass it through gettext to print it
 */
const char *
ld_department_get_title (const char *department)
{
  return departments[ld_department_rank (department)].title;
}

/**
 * ld_department_of_panel:
 * @departments: (array zero-terminated=1): the departments of a panel's tests
 *
 * A panel is reported whole, under one department: the one most of its
 * tests belong to; on a tie, the one that comes first in the clinical
 * order. (A fever panel of a blood count, a CRP and a dengue antigen stays
 * together under Haematology rather than being torn in three.)
 *
 * Returns: (transfer none): the panel's department
 */
const char *
ld_department_of_panel (const char * const *departments_of_tests)
{
  guint counts[G_N_ELEMENTS (departments)] = { 0 };
  guint best = G_N_ELEMENTS (departments) - 1;

  g_return_val_if_fail (departments_of_tests != NULL, "other");

  for (guint i = 0; departments_of_tests[i] != NULL; i++)
    counts[ld_department_rank (departments_of_tests[i])]++;
  for (guint i = G_N_ELEMENTS (departments); i > 0; i--)
    if (counts[i - 1] > 0 && counts[i - 1] >= counts[best])
      best = i - 1;
  return departments[best].id;
}

/* Codes are what a desk types and a barcode carries: A–Z, 0–9, 1–16 long
 * (potassium is "K"). */
static gboolean
code_is_valid (const char *code)
{
  gsize length = strlen (code);

  if (length < 1 || length > 16)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isupper (code[i]) && !g_ascii_isdigit (code[i]))
      return FALSE;

  return TRUE;
}

static void
read_code (LdJsonReader  *reader,
           gboolean       creating,
           char         **code)
{
  g_autofree char *value = NULL;

  if (!creating)
    return;

  if (ld_json_reader_get_string (reader, "code", LD_JSON_REQUIRED, &value))
    {
      if (!code_is_valid (value))
        ld_json_reader_add_error (reader, "code", "must be 1 to 16 capital letters or digits");
      else
        {
          g_free (*code);
          *code = g_steal_pointer (&value);
        }
    }
}

/* A text of 1 to @max_chars characters, read with @flags. */
static void
read_label_flags (LdJsonReader  *reader,
                  const char    *name,
                  LdJsonFlags    flags,
                  gboolean       may_be_empty,
                  gsize          max_chars,
                  char         **field)
{
  g_autofree char *value = NULL;

  if (!ld_json_reader_get_string (reader, name, flags, &value))
    return;

  g_strstrip (value);
  if (!may_be_empty && *value == '\0')
    ld_json_reader_add_error (reader, name, "must not be empty");
  else if ((gsize) g_utf8_strlen (value, -1) > max_chars)
    ld_json_reader_add_error (reader, name, "is too long");
  else
    {
      g_free (*field);
      *field = g_steal_pointer (&value);
    }
}

/* A required-on-create text of 1 to @max_chars characters. */
static void
read_label (LdJsonReader  *reader,
            const char    *name,
            gboolean       creating,
            gboolean       may_be_empty,
            gsize          max_chars,
            char         **field)
{
  read_label_flags (reader, name, creating ? LD_JSON_REQUIRED : LD_JSON_OPTIONAL,
                    may_be_empty, max_chars, field);
}

static void
read_bounded_int (LdJsonReader *reader,
                  const char   *name,
                  gboolean      creating,
                  gint64        min,
                  gint64        max,
                  gint64       *field)
{
  gint64 value;

  if (!ld_json_reader_get_int (reader, name, creating ? LD_JSON_REQUIRED : LD_JSON_OPTIONAL,
                               &value))
    return;

  if (value < min || value > max)
    {
      g_autofree char *message =
        g_strdup_printf ("must be from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT, min, max);
      ld_json_reader_add_error (reader, name, message);
    }
  else
    *field = value;
}

static void
read_limit (LdJsonReader *reader,
            const char   *name,
            gboolean     *has,
            double       *value)
{
  if (!ld_json_reader_has (reader, name))
    return;

  *has = ld_json_reader_get_number (reader, name, LD_JSON_NULLABLE, value);
}

/* One end of an age band: {"value": n, "unit": "days" | "months" | "years"}. */
static const char *
read_age_end (LdJsonReader *range,
              const char   *name,
              gboolean     *out_has,
              gint64       *out_value,
              LdAgeUnit    *out_unit)
{
  g_autoptr(LdJsonReader) end = NULL;
  g_autofree char *unit = NULL;
  gboolean valid;

  end = ld_json_reader_get_object (range, name, LD_JSON_NULLABLE);
  *out_has = end != NULL;
  if (end == NULL)
    return NULL;

  valid = ld_json_reader_get_int (end, "value", LD_JSON_REQUIRED, out_value) &&
          ld_json_reader_get_string (end, "unit", LD_JSON_REQUIRED, &unit);
  if (!ld_json_reader_finish (end, NULL) || !valid)
    return "has an age whose value or unit is missing, unknown or mistyped";
  if (!ld_age_unit_from_string (unit, out_unit))
    return "has an age whose unit is not days, months or years";
  if (*out_value < 0 || *out_value > ld_age_unit_max (*out_unit))
    return "has an age below 0 or above 150 years";

  return NULL;
}

/* An age end in 48ths of a day, with a month of 30.4375 days: only to see
 * that a band's lower end is below its upper end across units. */
static gint64
nominal_age (gint64    value,
             LdAgeUnit unit)
{
  switch (unit)
    {
    case LD_AGE_DAYS:
      return value * 48;
    case LD_AGE_MONTHS:
      return value * 1461;
    case LD_AGE_YEARS:
    case LD_AGE_N_UNITS:
    default:
      return value * 12 * 1461;
    }
}

static JsonNode *
age_end_node (gint64    value,
              LdAgeUnit unit)
{
  g_autoptr(JsonObject) end = json_object_new ();

  json_object_set_int_member (end, "value", value);
  json_object_set_string_member (end, "unit", ld_age_unit_to_string (unit));
  return json_node_init_object (json_node_alloc (), end);
}

static void
set_optional_number (JsonObject *object,
                     const char *name,
                     gboolean    has,
                     double      value)
{
  if (has)
    json_object_set_double_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

/* A range is {"sex", "age_from", "age_to", "low", "high"}, each age
 * {"value", "unit"}; a null age_from is birth, a null age_to, low or high
 * an open end. The years-only form of catalogues before 0021,
 * "age_min_years" and "age_max_years", is still read and becomes the same
 * band in years. Returns the band as it is kept, or sets @out_problem. */
static JsonNode *
read_range (JsonNode    *node,
            const char **out_problem)
{
  g_autoptr(LdJsonReader) range = NULL;
  g_autoptr(JsonObject) band = NULL;
  g_autofree char *sex = NULL;
  gint64 from = 0, to = 0;
  LdAgeUnit from_unit = LD_AGE_YEARS, to_unit = LD_AGE_YEARS;
  gboolean has_from = FALSE, has_to = FALSE, has_low, has_high;
  double low = 0, high = 0;
  const char *problem = NULL;

  *out_problem = "must be a list of ranges";
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  range = ld_json_reader_new (json_node_get_object (node));
  *out_problem = "has a range whose sex is not any, female or male";
  if (ld_json_reader_get_string (range, "sex", LD_JSON_REQUIRED, &sex) &&
      !g_strv_contains ((const char * const[]){ "any", "female", "male", NULL }, sex))
    return NULL;
  if (ld_json_reader_has (range, "age_min_years") || ld_json_reader_has (range, "age_max_years"))
    {
      *out_problem = "has a range with ages both in years and as age_from or age_to";
      if (ld_json_reader_has (range, "age_from") || ld_json_reader_has (range, "age_to"))
        return NULL;
      has_from = ld_json_reader_get_int (range, "age_min_years", LD_JSON_NULLABLE, &from);
      has_to = ld_json_reader_get_int (range, "age_max_years", LD_JSON_NULLABLE, &to);
      if ((has_from && from > ld_age_unit_max (LD_AGE_YEARS)) ||
          (has_to && to > ld_age_unit_max (LD_AGE_YEARS)))
        problem = "has an age below 0 or above 150 years";
    }
  else
    {
      const char *from_problem = read_age_end (range, "age_from", &has_from, &from, &from_unit);
      const char *to_problem = read_age_end (range, "age_to", &has_to, &to, &to_unit);

      problem = from_problem ? from_problem : to_problem;
    }
  has_low = ld_json_reader_get_number (range, "low", LD_JSON_NULLABLE, &low);
  has_high = ld_json_reader_get_number (range, "high", LD_JSON_NULLABLE, &high);
  *out_problem = "has a range with a missing, unknown or mistyped member";
  if (!ld_json_reader_finish (range, NULL))
    return NULL;
  *out_problem = problem;
  if (problem != NULL)
    return NULL;
  *out_problem = "has a range whose ages are not from a lower to a higher age";
  if (from < 0 ||
      (has_to && (to < 0 || nominal_age (to, to_unit) <= nominal_age (from, from_unit))))
    return NULL;
  *out_problem = "has a range whose low is above its high";
  if (has_low && has_high && low > high)
    return NULL;

  *out_problem = NULL;
  band = json_object_new ();
  json_object_set_string_member (band, "sex", sex);
  json_object_set_member (band, "age_from", age_end_node (has_from ? from : 0, from_unit));
  if (has_to)
    json_object_set_member (band, "age_to", age_end_node (to, to_unit));
  else
    json_object_set_null_member (band, "age_to");
  set_optional_number (band, "low", has_low, low);
  set_optional_number (band, "high", has_high, high);
  return json_node_init_object (json_node_alloc (), band);
}

typedef struct
{
  guint   index;
  gint64  from;
  gint64  to;
  gboolean open;
} BandSpan;

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const BandSpan *x = a, *y = b;

  if (x->from != y->from)
    return x->from < y->from ? -1 : 1;
  return x->index < y->index ? -1 : (x->index > y->index);
}

static gboolean
read_span (JsonObject *band,
           const char *name,
           gint64     *out_nominal)
{
  JsonNode *node = json_object_get_member (band, name);
  JsonObject *end;
  const char *text;
  LdAgeUnit unit;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  end = json_node_get_object (node);
  text = ld_json_object_get_string (end, "unit");
  if (!json_object_has_member (end, "value") || text == NULL ||
      !ld_age_unit_from_string (text, &unit))
    return FALSE;
  *out_nominal = nominal_age (json_object_get_int_member (end, "value"), unit);
  return TRUE;
}

/**
 * ld_catalog_check_band_layout:
 * @bands: (element-type JsonObject): reference ranges in the form they
 *   are kept (each with `sex`, `age_from` and `age_to`)
 * @allow_gaps: whether ages no band of a sex covers are acceptable
 * @out_index: (out) (optional): the band found wrong: the later of two
 *   that overlap, or the one after a gap
 *
 * Two bands of one sex that cover the same age make the flag depend on
 * which is read first, so they are never accepted. A gap between them
 * leaves those ages with no interval; the starting catalogue has such
 * gaps on purpose (bilirubin between the neonatal days and one month), so
 * the server accepts them and the editor refuses them where the person
 * changes the bands. Ages are compared across units with a month of
 * 30.4375 days and a year of 12 months, as for a band's own ends.
 *
 * Returns: (nullable): a field message for `reference_ranges`, or %NULL
 *   when the bands are laid out well
 */
const char *
ld_catalog_check_band_layout (JsonArray *bands,
                              gboolean   allow_gaps,
                              guint     *out_index)
{
  static const char * const sexes[] = { "any", "female", "male" };

  g_return_val_if_fail (bands != NULL, NULL);

  for (guint s = 0; s < G_N_ELEMENTS (sexes); s++)
    {
      g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (BandSpan));

      for (guint i = 0; i < json_array_get_length (bands); i++)
        {
          JsonNode *node = json_array_get_element (bands, i);
          JsonObject *band = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
          BandSpan span = { i, 0, 0, FALSE };

          if (band == NULL || g_strcmp0 (ld_json_object_get_string (band, "sex"), sexes[s]) != 0)
            continue;
          read_span (band, "age_from", &span.from);
          span.open = !read_span (band, "age_to", &span.to);
          g_array_append_val (spans, span);
        }
      g_array_sort (spans, compare_spans);

      for (guint i = 1; i < spans->len; i++)
        {
          const BandSpan *before = &g_array_index (spans, BandSpan, i - 1);
          const BandSpan *next = &g_array_index (spans, BandSpan, i);
          const char *problem = NULL;

          if (before->open || next->from < before->to)
            problem = N_("has ranges for the same sex whose ages overlap");
          else if (!allow_gaps && next->from > before->to)
            problem = N_("has ranges for the same sex with ages between them that no range covers");
          if (problem != NULL)
            {
              if (out_index != NULL)
                *out_index = next->index;
              return problem;
            }
        }
    }
  return NULL;
}

/* A band is read on its own and judged as a whole (422 naming
 * `reference_ranges`); a member it does not know is still a 400 naming
 * it, "reference_ranges[0].colour", as anywhere else. */
static void
note_unknown_in_range (LdJsonReader *reader,
                       guint         index,
                       JsonNode     *node)
{
  static const char * const band_members[] = {
    "sex", "age_from", "age_to", "age_min_years", "age_max_years", "low", "high", NULL
  };
  static const char * const end_members[] = { "value", "unit", NULL };
  static const char * const ends[] = { "age_from", "age_to" };
  g_autofree char          *name = g_strdup_printf ("reference_ranges[%u]", index);
  JsonObject               *band;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;
  band = json_node_get_object (node);
  ld_json_reader_note_unknown (reader, name, band, band_members);
  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    {
      JsonNode *end = json_object_get_member (band, ends[i]);
      g_autofree char *end_name = NULL;

      if (end == NULL || !JSON_NODE_HOLDS_OBJECT (end))
        continue;
      end_name = g_strdup_printf ("%s.%s", name, ends[i]);
      ld_json_reader_note_unknown (reader, end_name, json_node_get_object (end), end_members);
    }
}

static void
read_ranges (LdJsonReader  *reader,
             JsonNode     **field)
{
  const char *layout_problem;
  JsonNode *node = ld_json_reader_get_node (reader, "reference_ranges", LD_JSON_OPTIONAL);
  g_autoptr(JsonArray) bands = NULL;
  JsonArray *array;

  if (node == NULL)
    return;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      ld_json_reader_add_error (reader, "reference_ranges", "must be a list of ranges");
      return;
    }

  array = json_node_get_array (node);
  bands = json_array_sized_new (json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *problem = NULL;
      JsonNode *element = json_array_get_element (array, i);
      JsonNode *band;

      note_unknown_in_range (reader, i, element);
      band = read_range (element, &problem);

      if (band == NULL)
        {
          ld_json_reader_add_error (reader, "reference_ranges", problem);
          return;
        }
      json_array_add_element (bands, band);
    }

  if ((layout_problem = ld_catalog_check_band_layout (bands, TRUE, NULL)) != NULL)
    {
      ld_json_reader_add_error (reader, "reference_ranges", layout_problem);
      return;
    }

  g_clear_pointer (field, json_node_unref);
  *field = json_node_init_array (json_node_alloc (), bands);
}

static void
read_choice_list (LdJsonReader  *reader,
                  const char    *name,
                  JsonNode     **field)
{
  g_auto(GStrv) values = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  if (!ld_json_reader_has (reader, name))
    return;

  if (!ld_json_reader_get_strv (reader, name, LD_JSON_NULLABLE, &values))
    {
      g_clear_pointer (field, json_node_unref);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; values[i] != NULL; i++)
    {
      g_strstrip (values[i]);
      if (*values[i] == '\0' || g_utf8_strlen (values[i], -1) > 100)
        {
          ld_json_reader_add_error (reader, name, "must hold short, non-empty choices");
          return;
        }
      for (guint j = 0; j < i; j++)
        if (g_str_equal (values[i], values[j]))
          {
            ld_json_reader_add_error (reader, name, "must not repeat a choice");
            return;
          }
      json_builder_add_string_value (builder, values[i]);
    }
  json_builder_end_array (builder);

  g_clear_pointer (field, json_node_unref);
  *field = json_builder_get_root (builder);
}

static gboolean
choice_list_contains (JsonNode   *list,
                      const char *value)
{
  JsonArray *array = json_node_get_array (list);

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_str_equal (json_array_get_string_element (array, i), value))
      return TRUE;

  return FALSE;
}

static void
read_department (LdJsonReader  *reader,
                 gboolean       creating,
                 char         **field)
{
  g_autofree char *value = NULL;

  if (!ld_json_reader_get_string (reader, "department",
                                  creating ? LD_JSON_REQUIRED : LD_JSON_OPTIONAL, &value))
    return;

  if (!ld_department_is_valid (value))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) ld_departments ());
      g_autofree char *message = g_strdup_printf ("must be one of %s", list);

      ld_json_reader_add_error (reader, "department", message);
    }
  else
    {
      g_free (*field);
      *field = g_steal_pointer (&value);
    }
}

LdCatalogTest *
ld_catalog_test_new (void)
{
  LdCatalogTest *test = g_new0 (LdCatalogTest, 1);
  g_autoptr(JsonArray) no_ranges = json_array_new ();

  test->active = TRUE;
  test->reference_ranges = json_node_init_array (json_node_alloc (), no_ranges);
  return test;
}

void
ld_catalog_test_free (LdCatalogTest *test)
{
  if (test == NULL)
    return;

  g_free (test->code);
  g_free (test->name);
  g_free (test->loinc);
  g_free (test->specimen);
  g_free (test->container);
  g_free (test->unit);
  g_free (test->department);
  g_clear_pointer (&test->reference_ranges, json_node_unref);
  g_clear_pointer (&test->choices, json_node_unref);
  g_clear_pointer (&test->normal_choices, json_node_unref);
  g_free (test);
}

/**
 * ld_catalog_test_dup_choices:
 * @test: a test
 *
 * Returns: (transfer full): a choice test's choices in the catalogue's
 *   order; empty for any other test
 */
static char **
dup_strings (JsonNode *list)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
    {
      JsonArray *array = json_node_get_array (list);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *text = json_node_get_string (json_array_get_element (array, i));

          if (text != NULL)
            g_strv_builder_add (builder, text);
        }
    }
  return g_strv_builder_end (builder);
}

char **
ld_catalog_test_dup_choices (const LdCatalogTest *test)
{
  g_return_val_if_fail (test != NULL, NULL);

  return dup_strings (test->choices);
}

/**
 * ld_catalog_test_dup_normal_choices:
 * @test: a test
 *
 * Returns: (transfer full): the choices that are normal, in the
 *   catalogue's order; empty when none are named
 */
char **
ld_catalog_test_dup_normal_choices (const LdCatalogTest *test)
{
  g_return_val_if_fail (test != NULL, NULL);

  return dup_strings (test->normal_choices);
}

/**
 * ld_catalog_test_new_from_json:
 * @record: a test as the server sends it (the catalogue's form)
 *
 * Reads a test the server sent, by ld_catalog_test_read_json(); a member
 * it does not know or a problem it finds is left out, as the server
 * already checked the test.
 *
 * Returns: (transfer full) (nullable): the test, %NULL when @record is no
 *   test (a panel has no result type) or names no code
 */
LdCatalogTest *
ld_catalog_test_new_from_json (JsonObject *record)
{
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdCatalogTest) test = NULL;

  g_return_val_if_fail (record != NULL, NULL);

  if (!json_object_has_member (record, "result_type"))
    return NULL;
  reader = ld_json_reader_new (record);
  test = ld_catalog_test_new ();
  ld_catalog_test_read_json (test, reader, TRUE);
  return test->code != NULL ? g_steal_pointer (&test) : NULL;
}

/**
 * ld_catalog_test_copy:
 * @test: a test
 *
 * Returns: (transfer full): a copy of @test, for one more holder (each
 *   row of a batch entry keeps its own)
 */
LdCatalogTest *
ld_catalog_test_copy (const LdCatalogTest *test)
{
  LdCatalogTest *copy;

  g_return_val_if_fail (test != NULL, NULL);

  copy = g_memdup2 (test, sizeof *test);
  copy->code = g_strdup (test->code);
  copy->name = g_strdup (test->name);
  copy->loinc = g_strdup (test->loinc);
  copy->specimen = g_strdup (test->specimen);
  copy->container = g_strdup (test->container);
  copy->unit = g_strdup (test->unit);
  copy->department = g_strdup (test->department);
  /* Read once and never changed after: the copies share them. */
  copy->reference_ranges = test->reference_ranges ? json_node_ref (test->reference_ranges) : NULL;
  copy->choices = test->choices ? json_node_ref (test->choices) : NULL;
  copy->normal_choices = test->normal_choices ? json_node_ref (test->normal_choices) : NULL;
  return copy;
}

/**
 * ld_catalog_test_read_json:
 * @test: a new test, or the current one to update
 * @reader: a test as JSON (the catalogue file's form, which is the API's)
 * @creating: whether every field is required (and the code may be set)
 *
 * Applies the members present and checks the whole test; problems go to
 * @reader as field errors.
 */
void
ld_catalog_test_read_json (LdCatalogTest *test,
                           LdJsonReader  *reader,
                           gboolean       creating)
{
  g_autofree char *result_type = NULL;

  g_return_if_fail (test != NULL);

  read_code (reader, creating, &test->code);
  read_label (reader, "name", creating, FALSE, 200, &test->name);
  read_label (reader, "specimen", creating, FALSE, 100, &test->specimen);
  read_label (reader, "container", creating, FALSE, 100, &test->container);
  read_label (reader, "unit", creating, TRUE, 40, &test->unit);
  if (ld_json_reader_has (reader, "loinc"))
    {
      g_clear_pointer (&test->loinc, g_free);
      /* null is how GET /catalog writes "no code", so it reads back. */
      read_label_flags (reader, "loinc", LD_JSON_NULLABLE, TRUE, 20, &test->loinc);
    }
  if (ld_json_reader_get_string (reader, "result_type",
                                 creating ? LD_JSON_REQUIRED : LD_JSON_OPTIONAL, &result_type) &&
      !result_type_from_string (result_type, &test->result_type))
    ld_json_reader_add_error (reader, "result_type", "must be numeric, text or choice");
  read_bounded_int (reader, "decimals", creating, 0, 6, &test->decimals);
  read_bounded_int (reader, "price_paise", creating, 0, LD_MAX_PRICE_PAISE, &test->price_paise);
  read_bounded_int (reader, "turnaround_hours", creating, 1, 720, &test->turnaround_hours);
  read_ranges (reader, &test->reference_ranges);
  read_limit (reader, "critical_low", &test->has_critical_low, &test->critical_low);
  read_limit (reader, "critical_high", &test->has_critical_high, &test->critical_high);
  ld_delta_check_read (&test->delta_check, reader, "delta_check");
  read_choice_list (reader, "choices", &test->choices);
  read_choice_list (reader, "normal_choices", &test->normal_choices);
  if (ld_json_reader_has (reader, "active"))
    ld_json_reader_get_bool (reader, "active", LD_JSON_OPTIONAL, &test->active);
  read_department (reader, creating, &test->department);

  if (test->has_critical_low && test->has_critical_high &&
      test->critical_low >= test->critical_high)
    ld_json_reader_add_error (reader, "critical_low", "must be below critical_high");
  if (test->delta_check.active && test->result_type != LD_RESULT_NUMERIC)
    ld_json_reader_add_error (reader, "delta_check", "is only for numeric tests");
  if (test->result_type == LD_RESULT_CHOICE &&
      (test->choices == NULL || json_array_get_length (json_node_get_array (test->choices)) == 0))
    ld_json_reader_add_error (reader, "choices", "are required for a choice test");
  if (test->normal_choices != NULL)
    {
      JsonArray *normal = json_node_get_array (test->normal_choices);

      for (guint i = 0; i < json_array_get_length (normal); i++)
        if (test->choices == NULL ||
            !choice_list_contains (test->choices, json_array_get_string_element (normal, i)))
          ld_json_reader_add_error (reader, "normal_choices", "must be among the choices");
    }
}

static void
add_optional_number (JsonBuilder *builder,
                     const char  *name,
                     gboolean     has,
                     double       value)
{
  json_builder_set_member_name (builder, name);
  if (has)
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_optional_node (JsonBuilder *builder,
                   const char  *name,
                   JsonNode    *node)
{
  json_builder_set_member_name (builder, name);
  if (node != NULL)
    json_builder_add_value (builder, json_node_copy (node));
  else
    json_builder_add_null_value (builder);
}

void
ld_catalog_test_to_json (const LdCatalogTest *test,
                         JsonBuilder         *builder)
{
  g_return_if_fail (test != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, test->code);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, test->name);
  json_builder_set_member_name (builder, "loinc");
  if (test->loinc != NULL)
    json_builder_add_string_value (builder, test->loinc);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "specimen");
  json_builder_add_string_value (builder, test->specimen);
  json_builder_set_member_name (builder, "container");
  json_builder_add_string_value (builder, test->container);
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, test->unit ? test->unit : "");
  json_builder_set_member_name (builder, "result_type");
  json_builder_add_string_value (builder, ld_result_type_to_string (test->result_type));
  json_builder_set_member_name (builder, "decimals");
  json_builder_add_int_value (builder, test->decimals);
  json_builder_set_member_name (builder, "price_paise");
  json_builder_add_int_value (builder, test->price_paise);
  json_builder_set_member_name (builder, "turnaround_hours");
  json_builder_add_int_value (builder, test->turnaround_hours);
  add_optional_node (builder, "reference_ranges", test->reference_ranges);
  add_optional_number (builder, "critical_low", test->has_critical_low, test->critical_low);
  add_optional_number (builder, "critical_high", test->has_critical_high, test->critical_high);
  ld_delta_check_to_json (&test->delta_check, builder, "delta_check");
  add_optional_node (builder, "choices", test->choices);
  add_optional_node (builder, "normal_choices", test->normal_choices);
  json_builder_set_member_name (builder, "department");
  json_builder_add_string_value (builder, test->department != NULL ? test->department : "other");
  json_builder_set_member_name (builder, "active");
  json_builder_add_boolean_value (builder, test->active);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, test->version);
  json_builder_end_object (builder);
}

/**
 * ld_catalog_test_get_n_bands:
 * @test: a test
 *
 * Returns: how many reference ranges @test has
 */
guint
ld_catalog_test_get_n_bands (const LdCatalogTest *test)
{
  g_return_val_if_fail (test != NULL, 0);

  if (test->reference_ranges == NULL || !JSON_NODE_HOLDS_ARRAY (test->reference_ranges))
    return 0;
  return json_array_get_length (json_node_get_array (test->reference_ranges));
}

/**
 * ld_catalog_test_get_band:
 * @test: a test
 * @index: a range's place among the test's
 * @out_band: (out caller-allocates): the range; clear it with
 *   ld_catalog_band_clear()
 *
 * Reads one kept range by read_range()'s rule (a band in years from a
 * catalogue before 0021 comes back in years).
 *
 * Returns: %FALSE if @index is past the last range or the range cannot be read
 */
gboolean
ld_catalog_test_get_band (const LdCatalogTest *test,
                          guint                index,
                          LdCatalogBand       *out_band)
{
  g_autoptr(JsonNode) kept = NULL;
  g_autoptr(LdJsonReader) range = NULL;
  const char *problem = NULL;
  gboolean has_from;

  g_return_val_if_fail (test != NULL, FALSE);
  g_return_val_if_fail (out_band != NULL, FALSE);

  *out_band = (LdCatalogBand){ 0 };
  if (index >= ld_catalog_test_get_n_bands (test))
    return FALSE;
  kept = read_range (json_array_get_element (json_node_get_array (test->reference_ranges), index),
                     &problem);
  if (kept == NULL)
    return FALSE;

  range = ld_json_reader_new (json_node_get_object (kept));
  ld_json_reader_get_string (range, "sex", LD_JSON_REQUIRED, &out_band->sex);
  read_age_end (range, "age_from", &has_from, &out_band->from_value, &out_band->from_unit);
  read_age_end (range, "age_to", &out_band->has_to, &out_band->to_value, &out_band->to_unit);
  out_band->has_low = ld_json_reader_get_number (range, "low", LD_JSON_NULLABLE, &out_band->low);
  out_band->has_high = ld_json_reader_get_number (range, "high", LD_JSON_NULLABLE, &out_band->high);
  return TRUE;
}

/**
 * ld_catalog_band_clear:
 * @band: a range from ld_catalog_test_get_band()
 */
void
ld_catalog_band_clear (LdCatalogBand *band)
{
  g_return_if_fail (band != NULL);

  g_clear_pointer (&band->sex, g_free);
}

/**
 * ld_catalog_test_dup_normal_text:
 * @test: a test
 *
 * What a report prints as the reference interval of a choice test: its
 * normal choices ("Negative"; "Negative, Trace" when both are normal).
 *
 * Returns: (transfer full) (nullable): the text, %NULL for a test that is
 *   not a choice test or names no normal choice (a blood group)
 */
char *
ld_catalog_test_dup_normal_text (const LdCatalogTest *test)
{
  g_autoptr(GString) text = NULL;
  JsonArray *normal;

  g_return_val_if_fail (test != NULL, NULL);

  if (test->result_type != LD_RESULT_CHOICE || test->normal_choices == NULL)
    return NULL;

  normal = json_node_get_array (test->normal_choices);
  if (json_array_get_length (normal) == 0)
    return NULL;

  text = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (normal); i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, json_array_get_string_element (normal, i));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

LdCatalogPanel *
ld_catalog_panel_new (void)
{
  LdCatalogPanel *panel = g_new0 (LdCatalogPanel, 1);

  panel->active = TRUE;
  return panel;
}

void
ld_catalog_panel_free (LdCatalogPanel *panel)
{
  if (panel == NULL)
    return;

  g_free (panel->code);
  g_free (panel->name);
  g_strfreev (panel->tests);
  g_free (panel);
}

/**
 * ld_catalog_panel_read_json:
 * @panel: a new panel, or the current one to update
 * @reader: a panel as JSON
 * @creating: whether every field is required (and the code may be set)
 *
 * Checks the shape only; that each test code exists is the store's check.
 */
void
ld_catalog_panel_read_json (LdCatalogPanel *panel,
                            LdJsonReader   *reader,
                            gboolean        creating)
{
  g_auto(GStrv) tests = NULL;

  g_return_if_fail (panel != NULL);

  read_code (reader, creating, &panel->code);
  read_label (reader, "name", creating, FALSE, 200, &panel->name);
  read_bounded_int (reader, "price_paise", creating, 0, LD_MAX_PRICE_PAISE, &panel->price_paise);
  if (ld_json_reader_get_strv (reader, "tests", creating ? LD_JSON_REQUIRED : LD_JSON_OPTIONAL,
                               &tests))
    {
      guint n = g_strv_length (tests);

      if (n == 0 || n > 100)
        ld_json_reader_add_error (reader, "tests", "must name 1 to 100 tests");
      else
        {
          for (guint i = 0; i < n; i++)
            if (!code_is_valid (tests[i]) ||
                g_strv_contains ((const char * const *) tests + i + 1, tests[i]))
              {
                ld_json_reader_add_error (reader, "tests", "must name each test code once");
                break;
              }
          g_strfreev (panel->tests);
          panel->tests = g_steal_pointer (&tests);
        }
    }
  if (ld_json_reader_has (reader, "active"))
    ld_json_reader_get_bool (reader, "active", LD_JSON_OPTIONAL, &panel->active);
}

void
ld_catalog_panel_to_json (const LdCatalogPanel *panel,
                          JsonBuilder          *builder)
{
  g_return_if_fail (panel != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, panel->code);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, panel->name);
  json_builder_set_member_name (builder, "price_paise");
  json_builder_add_int_value (builder, panel->price_paise);
  json_builder_set_member_name (builder, "tests");
  json_builder_begin_array (builder);
  for (guint i = 0; panel->tests != NULL && panel->tests[i] != NULL; i++)
    json_builder_add_string_value (builder, panel->tests[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "active");
  json_builder_add_boolean_value (builder, panel->active);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, panel->version);
  json_builder_end_object (builder);
}
