/* ld-service-documents.c: an order's report, receipt and labels, read and audited
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading any of them reads a patient's data: the order is found, the
 * reader's need-to-know checked, the PDF made or fetched and the read
 * audited, in one transaction, before the bytes leave.
 */

#define G_LOG_DOMAIN "ld-service-documents"

#include "config.h"

#include "ld-service-documents.h"
#include "ld-service-care.h"
#include "ld-settings.h"
#include "../store/ld-store.h"
#include "../store/ld-store-orders.h"

typedef struct
{
  const LdPermission  *permission;
  const char          *order_id;
  const LdDocumentAsk *ask;
  LdOrder             *order;
  LdReportVersion     *report;
  GBytes              *pdf;
} ReadDocument;

static void
read_document_clear (ReadDocument *read)
{
  g_clear_pointer (&read->order, ld_order_free);
  g_clear_pointer (&read->report, ld_report_version_free);
  g_clear_pointer (&read->pdf, g_bytes_unref);
}

static LdSettings *
load_settings (LdServiceContext  *ctx,
               GError           **error)
{
  g_autoptr(GHashTable) stored = ld_store_settings_load (ctx->store, NULL, error);

  return stored != NULL ? ld_settings_new_from_table (stored) : NULL;
}

static gboolean
read_document (LdServiceContext  *ctx,
               gpointer           data,
               GError           **error)
{
  ReadDocument *read = data;
  const LdDocumentAsk *ask = read->ask;
  g_autoptr(LdSettings) settings = NULL;
  g_autofree char *detail = NULL;
  LdOrder *order;

  read_document_clear (read);
  order = read->order = ld_store_orders_get (ctx->store, read->order_id, error);
  if (order == NULL || !ld_service_care_check (ctx, read->permission, order->patient_id, error))
    return FALSE;

  switch (ask->kind)
    {
    case LD_DOCUMENT_REPORT:
      read->pdf =
        ld_documents_stored_report (ctx->store, order, ask->version, &read->report, error);
      if (read->pdf == NULL)
        return FALSE;
      detail =
        g_strdup_printf ("%s version %" G_GINT64_FORMAT, order->number, read->report->version);
      return ld_service_audit (ctx, "report.read", "report", read->report->id, detail, error);

    case LD_DOCUMENT_REPORT_PREVIEW:
      /* Who would release it prints as releasing it, when they may. */
      if ((settings = load_settings (ctx, error)) == NULL ||
          (read->pdf =
             ld_documents_preview_report (ctx->store, settings, order,
                                          ld_user_is_signatory (ctx->actor) ? ctx->actor : NULL,
                                          error)) == NULL)
        return FALSE;
      return ld_service_audit (ctx, "report.preview", "order", order->id, order->number, error);

    case LD_DOCUMENT_RECEIPT:
      if ((settings = load_settings (ctx, error)) == NULL ||
          (read->pdf = ld_documents_receipt_pdf (ctx->store, settings, order, error)) == NULL)
        return FALSE;
      return ld_service_audit (ctx, "receipt.read", "order", order->id, order->number, error);

    case LD_DOCUMENT_LABELS:
      read->pdf = ld_documents_labels_pdf (ctx->store, order, ask->layout, ask->first_position,
                                           ask->dpi, error);
      if (read->pdf == NULL)
        return FALSE;
      return ld_service_audit (ctx, "labels.read", "order", order->id, order->number, error);

    default:
      g_assert_not_reached ();
    }
}

/**
 * ld_service_read_document:
 * @ctx: who reads
 * @permission: the permission the reader was admitted by, for need-to-know
 * @order_id: the order
 * @ask: which document
 * @out_order: (out) (transfer full): the order
 * @out_report: (out) (optional) (transfer full): for a report, its version
 * @error: return location for a #GError
 *
 * Finds the order, checks the reader may read its patient's records,
 * makes or fetches the PDF and audits the read, in one transaction.
 *
 * Returns: (transfer full) (nullable): the PDF
 */
GBytes *
ld_service_read_document (LdServiceContext     *ctx,
                          const LdPermission   *permission,
                          const char           *order_id,
                          const LdDocumentAsk  *ask,
                          LdOrder             **out_order,
                          LdReportVersion     **out_report,
                          GError              **error)
{
  ReadDocument read = { permission, order_id, ask, NULL, NULL, NULL };
  GBytes *pdf;

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL, NULL);
  g_return_val_if_fail (order_id != NULL && ask != NULL && out_order != NULL, NULL);

  if (!ld_service_run (ctx, read_document, &read, error))
    {
      read_document_clear (&read);
      return NULL;
    }

  *out_order = g_steal_pointer (&read.order);
  if (out_report != NULL)
    *out_report = g_steal_pointer (&read.report);
  pdf = g_steal_pointer (&read.pdf);
  read_document_clear (&read);
  return pdf;
}
