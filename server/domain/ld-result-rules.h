/* ld-result-rules.h: the flag rule, which lives in shared/model so that
 * the lab bench flags a value as it is typed with the server's own code
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-flag.h"
