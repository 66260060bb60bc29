/* ld-report.h: printed reports, receipts and sample labels
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-report-data.h"
#include "ld-report-document.h"
#include "ld-report-format.h"
#include "ld-report-renderer.h"
