/* ld-item-notify.h: a typed item notifies only what a fresh copy changed
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

GValue *ld_item_snapshot       (GObject     *object,
                                GParamSpec **properties,
                                guint        n_props);
void    ld_item_notify_changes (GObject     *object,
                                GParamSpec **properties,
                                guint        n_props,
                                GValue      *before);

G_END_DECLS
