/* ld-refund-dialog.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_REFUND_DIALOG (ld_refund_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LdRefundDialog, ld_refund_dialog, LD, REFUND_DIALOG, AdwWindow)

GtkWindow *ld_refund_dialog_new (GtkWidget  *origin,
                                 LdSession  *session,
                                 const char *order_id);

G_END_DECLS
