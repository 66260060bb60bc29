/* ld-service-backups.h: recording a backup taken over HTTP
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-service.h"
#include "../store/ld-store-backups.h"

G_BEGIN_DECLS

gboolean ld_service_start_backup (LdServiceContext  *ctx,
                                  LdBackup          *backup,
                                  GError           **error);

G_END_DECLS
