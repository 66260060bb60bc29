/* ld-doctor-result-rows.h: a result as the doctor reads it, in a list
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkListItemFactory *ld_doctor_result_row_factory_new (void);

G_END_DECLS
