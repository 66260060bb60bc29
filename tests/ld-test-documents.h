/* ld-test-documents.h: released orders and their PDFs, for tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-test-lab.h"

G_BEGIN_DECLS

/* The address the tests publish the server at, for its QR codes. */
#define LD_TEST_PUBLIC_URL "https://lab.example.in"

/* The sample order: a blood count with a low haemoglobin, a fasting
 * glucose and a critical potassium, in three tubes. */
#define LD_TEST_SAMPLE_ITEMS "\"items\": [\"CBC\", \"GLUF\", \"K\"]"

void  ld_test_patch_settings (LdLab *lab, const char *members_json);
char *ld_test_order_resulted (LdLab *lab, const char *patient_id);
char *ld_test_order_released (LdLab *lab, const char *patient_id);
char *ld_test_order_number (LdLab *lab, const char *order_id);
LdTestResponse *
ld_test_get_document (LdLab *lab, const char *token, const char *order_id, const char *document);
char       *ld_test_save_body (LdLab *lab, LdTestResponse *resp, const char *name);
char       *ld_test_body_sha256 (LdTestResponse *resp);
JsonObject *ld_test_report_version (LdLab *lab, const char *order_id, guint version);
char       *ld_test_report_text (LdLab *lab, const char *order_id, const char *file_name);
void        ld_test_assert_contains (const char *haystack, const char *needle);
gint64      ld_test_receipt_amount (const char *text, const char *caption);

G_END_DECLS
