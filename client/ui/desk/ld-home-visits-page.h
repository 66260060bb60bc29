/* ld-home-visits-page.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_HOME_VISITS_PAGE (ld_home_visits_page_get_type ())

G_DECLARE_FINAL_TYPE (LdHomeVisitsPage, ld_home_visits_page, LD, HOME_VISITS_PAGE, AdwBin)

GtkWidget *ld_home_visits_page_new (LdSession *session);

G_END_DECLS
