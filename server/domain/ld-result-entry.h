/* ld-result-entry.h: what a typed value means for a test; the rule lives
 * in shared/model (ld-flag.c), shared with the lab bench
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-flag.h"
