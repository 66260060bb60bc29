/* ld-astm-link.h: ASTM E1381/E1394 over one connection
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ld-astm-frame.h"
#include "ld-instrument-message.h"

G_BEGIN_DECLS

void ld_astm_serve (GIOStream              *stream,
                    const LdInstrumentHost *host,
                    gpointer                host_data,
                    GCancellable           *cancellable);
void ld_astm_serve_with_timers (GIOStream              *stream,
                                const LdInstrumentHost *host,
                                gpointer                host_data,
                                const LdAstmTimers     *timers,
                                GCancellable           *cancellable);

G_END_DECLS
