/* ld-catalog-form.h: a catalogue test as the administrator typed it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ld-age.h"
#include "ld-catalog.h"

G_BEGIN_DECLS

typedef struct _LdCatalogTestForm LdCatalogTestForm;

LdCatalogTestForm                *ld_catalog_test_form_new (void);
void                              ld_catalog_test_form_free (LdCatalogTestForm *form);
void ld_catalog_test_form_set_text (LdCatalogTestForm *form, const char *name, const char *text);
void ld_catalog_test_form_set_optional_text (LdCatalogTestForm *form,
                                             const char        *name,
                                             const char        *text);
void ld_catalog_test_form_set_whole (LdCatalogTestForm *form, const char *name, const char *text);
void ld_catalog_test_form_set_int (LdCatalogTestForm *form, const char *name, gint64 value);
void ld_catalog_test_form_set_number (LdCatalogTestForm *form, const char *name, const char *text);
void ld_catalog_test_form_set_list (LdCatalogTestForm *form, const char *name, const char *text);
void ld_catalog_test_form_set_active (LdCatalogTestForm *form, gboolean active);
void ld_catalog_test_form_set_delta (LdCatalogTestForm *form,
                                     const char        *type,
                                     const char        *limit,
                                     const char        *window_days);
gboolean ld_catalog_test_form_add_band (LdCatalogTestForm *form,
                                        const char        *sex,
                                        const char        *from,
                                        LdAgeUnit          from_unit,
                                        const char        *to,
                                        LdAgeUnit          to_unit,
                                        const char        *low,
                                        const char        *high);
gboolean
ld_catalog_test_form_read (LdCatalogTestForm *form, LdCatalogTest **out_test, GError **error);
const char *
ld_catalog_test_form_check_bands (LdCatalogTestForm *form, gboolean allow_gaps, guint *out_index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCatalogTestForm, ld_catalog_test_form_free)

G_END_DECLS
