/* ld-record-id.h: the ids of new records
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ld_record_id_new (void);

G_END_DECLS
