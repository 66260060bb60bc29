/* ld-test-snapshot.h: every row of a test server's database, as text
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-test-server.h"

G_BEGIN_DECLS

char *ld_test_snapshot_database (LdTestServer *server);
void  ld_test_assert_unchanged  (LdTestServer *server,
                                 const char   *snapshot);

G_END_DECLS
