/* ld-test-documents.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-test-documents"

#include "config.h"

#include <string.h>

#include "ld-test-documents.h"
#include "ld-test-reports.h"

/* PATCH /api/v1/settings with @members_json ("\"lab_name\": \"X\"") at the
 * settings' current version; it must succeed. */
void
ld_test_patch_settings (LdLab      *lab,
                        const char *members_json)
{
  g_autoptr(LdTestResponse) current = ld_test_get (lab->server, "/api/v1/settings", lab->admin);
  g_autofree char *body =
    g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", %s}",
                     ld_test_response_get_int (current, "version"), members_json);
  g_autoptr(LdTestResponse) resp =
               ld_test_send_json (lab->server, "PATCH", "/api/v1/settings", lab->admin, body);

  ld_test_assert_status (resp, 200);
}

/* The sample order, entered and verified by another technician. */
char *
ld_test_order_resulted (LdLab      *lab,
                        const char *patient_id)
{
  g_autofree char *order_id = ld_lab_order_in_lab (lab, patient_id, LD_TEST_SAMPLE_ITEMS);
  g_autoptr(LdTestResponse) entered = NULL;
  g_autoptr(LdTestResponse) verified = NULL;

  entered = ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "10.8", "WBC", "7.6", "RBC",
                         "4.12", "HCT", "33.9", "MCV", "82.3", "MCH", "28.4", "MCHC", "31.9", "PLT",
                         "245", "GLUF", "96", "K", "6.8", NULL);
  ld_test_assert_status (entered, 200);
  verified = ld_lab_verify (lab, lab->sunita, order_id, "HB", "WBC", "RBC", "HCT", "MCV", "MCH",
                            "MCHC", "PLT", "GLUF", "K", NULL);
  ld_test_assert_status (verified, 200);
  return g_steal_pointer (&order_id);
}

/* The sample order, released: report version 1. */
char *
ld_test_order_released (LdLab      *lab,
                        const char *patient_id)
{
  g_autofree char *order_id = ld_test_order_resulted (lab, patient_id);
  g_autoptr(LdTestResponse) released = ld_lab_release (lab, lab->signatory, order_id);

  ld_test_assert_status (released, 201);
  return g_steal_pointer (&order_id);
}

/* The newest report of @order_id, kept as @file_name and read back with
 * pdftotext -layout. */
char *
ld_test_report_text (LdLab      *lab,
                     const char *order_id,
                     const char *file_name)
{
  g_autoptr(LdTestResponse) resp = ld_test_get_document (lab, lab->desk, order_id, "report.pdf");
  g_autofree char *pdf = ld_test_save_body (lab, resp, file_name);

  return ld_test_pdf_text (pdf, 0);
}

char *
ld_test_order_number (LdLab      *lab,
                      const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(LdTestResponse) resp = ld_test_get (lab->server, path, lab->admin);

  ld_test_assert_status (resp, 200);
  return g_strdup (ld_test_response_get_string (resp, "order.number"));
}

/* GET /api/v1/orders/{order_id}/{document}, such as "report.pdf?version=1". */
LdTestResponse *
ld_test_get_document (LdLab      *lab,
                      const char *token,
                      const char *order_id,
                      const char *document)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/%s", order_id, document);

  return ld_test_get (lab->server, path, token);
}

/* Writes a PDF answer into the server's directory; returns the path. */
char *
ld_test_save_body (LdLab          *lab,
                   LdTestResponse *resp,
                   const char     *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (ld_test_server_get_tmpdir (lab->server), name, NULL);

  ld_test_assert_status (resp, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (resp->headers, NULL), ==,
                   "application/pdf");
  g_assert_true (g_str_has_prefix (resp->body, "%PDF-"));
  g_file_set_contents (path, resp->body, resp->length, &error);
  g_assert_no_error (error);
  return path;
}

char *
ld_test_body_sha256 (LdTestResponse *resp)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) resp->body, resp->length);
}

/* Returns: (transfer full): report version @version of GET …/reports */
JsonObject *
ld_test_report_version (LdLab      *lab,
                        const char *order_id,
                        guint       version)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/reports", order_id);
  g_autoptr(LdTestResponse) resp = ld_test_get (lab->server, path, lab->desk);
  JsonArray *items;

  ld_test_assert_status (resp, 200);
  items = json_object_get_array_member (ld_test_response_object (resp), "items");
  g_assert_cmpuint (json_array_get_length (items), >=, version);
  return json_object_ref (json_array_get_object_element (items, version - 1));
}

/* Like g_assert_nonnull (strstr ()), but shows where it looked. */
void
ld_test_assert_contains (const char *haystack,
                         const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
}

/* The money lines of a receipt, as pdftotext lays them out: the amount
 * at the end of the line that starts with @caption. */
gint64
ld_test_receipt_amount (const char *text,
                        const char *caption)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      g_autoptr(GString) digits = g_string_new (NULL);
      const char *amount;
      gboolean negative;

      if (!g_str_has_prefix (line, caption) || !g_ascii_isspace (line[strlen (caption)]))
        continue;
      amount = strrchr (line, ' ') + 1;
      negative = g_str_has_prefix (amount, "-");
      for (const char *c = amount; *c != '\0'; c++)
        if (g_ascii_isdigit (*c))
          g_string_append_c (digits, *c);
      return (negative ? -1 : 1) * g_ascii_strtoll (digits->str, NULL, 10);
    }
  g_error ("No “%s” line on the receipt:\n%s", caption, text);
}
