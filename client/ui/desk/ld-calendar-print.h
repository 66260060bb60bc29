/* ld-calendar-print.h: a doctor's day list and a patient's token slip, on paper
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ld-calendar-source.h"

G_BEGIN_DECLS

void     ld_calendar_print_day_async (GtkWindow              *parent,
                                      const LdCalendarColumn *column,
                                      const char             *export_pdf_path,
                                      GCancellable           *cancellable,
                                      GAsyncReadyCallback     callback,
                                      gpointer                user_data);
void     ld_calendar_print_token_async (GtkWindow              *parent,
                                        const LdCalendarColumn *column,
                                        const LdAppointment    *appointment,
                                        const char             *export_pdf_path,
                                        GCancellable           *cancellable,
                                        GAsyncReadyCallback     callback,
                                        gpointer                user_data);
gboolean ld_calendar_print_finish      (GAsyncResult           *result,
                                        GError                **error);

G_END_DECLS
