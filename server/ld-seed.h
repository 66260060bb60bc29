/* ld-seed.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-config.h"
#include "store/ld-store.h"

G_BEGIN_DECLS

gboolean ld_seed_first_admin (LdStore     *store,
                              const char  *username,
                              const char  *display_name,
                              char       **out_password,
                              GError     **error);
/* The tests' lab: a flat tax of ₹20 an order, so every total they check
 * carries tax (a lab's default, and the story demo's, is none). */
/* The demo patient with a patient-pages account (her orders are the story's). */
#define LD_SEED_DEMO_WEB_EMAIL "lakshmi.iyer@example.com"
#define LD_SEED_TEST_TAX ((const char * const[]){ "tax_flat_paise", "2000", NULL })

gboolean ld_seed_demo        (LdStore            *store,
                              const char *const  *extra_settings,
                              GError            **error);
const char *ld_seed_demo_password (const char *username);

/* ld-seed-demo.c */
gboolean ld_seed_demo_story  (const LdConfig  *config,
                              guint            n_patients,
                              GError         **error);

G_END_DECLS
