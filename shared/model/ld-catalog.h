/* ld-catalog.h: the test catalogue's tests and panels
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-age.h"
#include "ld-delta.h"
#include "ld-json.h"

G_BEGIN_DECLS

#define LD_MAX_PRICE_PAISE 10000000  /* ₹1,00,000: larger is a typing mistake */

typedef enum
{
  LD_RESULT_NUMERIC,
  LD_RESULT_TEXT,
  LD_RESULT_CHOICE,
} LdResultType;

/**
 * LdCatalogTest:
 *
 * One orderable test. Reference ranges and choices are kept as the JSON
 * arrays they were validated as; see ld_catalog_test_read_json().
 */
typedef struct
{
  char         *code;
  char         *name;
  char         *loinc;
  char         *specimen;
  char         *container;
  char         *unit;
  LdResultType  result_type;
  gint64        decimals;
  gint64        price_paise;
  gint64        turnaround_hours;
  JsonNode     *reference_ranges;
  gboolean      has_critical_low;
  double        critical_low;
  gboolean      has_critical_high;
  double        critical_high;
  LdDeltaCheck  delta_check;
  JsonNode     *choices;
  JsonNode     *normal_choices;
  gboolean      active;
  gint64        version;
  /* Departments (issue 18, report layout): the department the test is
   * reported under, and where the test stands among the catalogue's (the
   * order tests were added in; kept by the store, never sent). */
  char         *department;
  gint64        position;
} LdCatalogTest;

/**
 * LdCatalogPanel:
 *
 * A named set of tests with its own price.
 */
typedef struct
{
  char     *code;
  char     *name;
  gint64    price_paise;
  GStrv     tests;
  gboolean  active;
  gint64    version;
} LdCatalogPanel;

/**
 * LdCatalogBand:
 * @sex: "any", "female" or "male"
 * @from_value: the youngest age the band holds, in @from_unit
 * @has_to: whether the band ends; else it holds every older age
 * @to_value: the age it ends before, in @to_unit
 * @has_low: whether the range has a lower limit, @low
 * @has_high: whether it has an upper limit, @high
 *
 * One reference range of a test, as ld_catalog_test_read_json() keeps it.
 */
typedef struct
{
  char      *sex;
  gint64     from_value;
  LdAgeUnit  from_unit;
  gboolean   has_to;
  gint64     to_value;
  LdAgeUnit  to_unit;
  gboolean   has_low;
  double     low;
  gboolean   has_high;
  double     high;
} LdCatalogBand;

const char     *ld_result_type_to_string     (LdResultType    type);

const char * const *ld_departments (void);
gboolean            ld_department_is_valid (const char *department);
guint               ld_department_rank (const char *department);
const char         *ld_department_get_title (const char *department);
const char         *ld_department_of_panel (const char         *const *departments);

LdCatalogTest  *ld_catalog_test_new          (void);
void            ld_catalog_test_free         (LdCatalogTest  *test);
LdCatalogTest  *ld_catalog_test_copy         (const LdCatalogTest *test);
LdCatalogTest  *ld_catalog_test_new_from_json (JsonObject    *record);
char          **ld_catalog_test_dup_choices  (const LdCatalogTest *test);
char          **ld_catalog_test_dup_normal_choices (const LdCatalogTest *test);
void            ld_catalog_test_read_json    (LdCatalogTest  *test,
                                              LdJsonReader   *reader,
                                              gboolean        creating);
void            ld_catalog_test_to_json      (const LdCatalogTest *test,
                                              JsonBuilder    *builder);
char           *ld_catalog_test_dup_normal_text (const LdCatalogTest *test);
guint           ld_catalog_test_get_n_bands  (const LdCatalogTest *test);
gboolean        ld_catalog_test_get_band     (const LdCatalogTest *test,
                                              guint           index,
                                              LdCatalogBand  *out_band);
void            ld_catalog_band_clear        (LdCatalogBand  *band);
const char     *ld_catalog_check_band_layout (JsonArray      *bands,
                                              gboolean        allow_gaps,
                                              guint          *out_index);

LdCatalogPanel *ld_catalog_panel_new         (void);
void            ld_catalog_panel_free        (LdCatalogPanel *panel);
void            ld_catalog_panel_read_json   (LdCatalogPanel *panel,
                                              LdJsonReader   *reader,
                                              gboolean        creating);
void            ld_catalog_panel_to_json     (const LdCatalogPanel *panel,
                                              JsonBuilder    *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCatalogTest, ld_catalog_test_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCatalogPanel, ld_catalog_panel_free)

G_END_DECLS
