/* ld-report-output.c: a document as PDF bytes or a PNG image
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-report-output"

#include "config.h"

#include <cairo-pdf.h>
#include <math.h>

#include "ld-report-document.h"

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_status (cairo_status_t   status,
              const char      *what,
              GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  g_set_error (error, LD_REPORT_ERROR, LD_REPORT_ERROR_OUTPUT,
               "The %s could not be made: %s", what, cairo_status_to_string (status));
  return FALSE;
}

static void
set_metadata (LdReportDocument *self,
              cairo_surface_t  *surface)
{
  gint64 created_us = ld_report_document_get_created (self);
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *date = NULL;
  const char *title = ld_report_document_get_title (self);

  /* Without a date of our own Cairo writes the time of writing, and the
   * same report would hash differently every time it is rendered. */
  created = created_us > 0 ? g_date_time_new_from_unix_utc (created_us / G_USEC_PER_SEC)
                           : g_date_time_new_now_utc ();
  date = g_date_time_format (created, "%Y-%m-%dT%H:%M:%SZ");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, date);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Labdesk");
  if (title != NULL && title[0] != '\0')
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
}

/**
 * ld_report_document_to_pdf:
 * @self: a document
 * @error: return location for an error
 *
 * Renders every page into a PDF in memory. Fonts are embedded as subsets,
 * text stays text (searchable, and copied as what it says), and codes
 * stay vectors.
 *
 * Returns: (transfer full) (nullable): the PDF, or %NULL with
 *   %LD_REPORT_ERROR_OUTPUT
 */
GBytes *
ld_report_document_to_pdf (LdReportDocument  *self,
                           GError           **error)
{
  g_autoptr(GByteArray) pdf = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  double width;
  double height;
  guint n_pages;
  cairo_t *cr;

  g_return_val_if_fail (LD_IS_REPORT_DOCUMENT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_pages = ld_report_document_get_n_pages (self);
  ld_report_document_get_page_size (self, &width, &height);

  pdf = g_byte_array_sized_new (64 * 1024);
  surface = cairo_pdf_surface_create_for_stream (append_to_array, pdf, width, height);
  set_metadata (self, surface);

  cr = cairo_create (surface);
  for (guint page = 0; page < n_pages; page++)
    {
      ld_report_document_draw_page (self, cr, page);
      cairo_show_page (cr);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);

  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (!check_status (status, "PDF", error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}

/**
 * ld_report_document_write_pdf:
 * @self: a document
 * @path: the file to write, replaced atomically
 * @error: return location for an error
 *
 * Returns: %TRUE when the PDF was written
 */
gboolean
ld_report_document_write_pdf (LdReportDocument  *self,
                              const char        *path,
                              GError           **error)
{
  g_autoptr(GBytes) pdf = NULL;

  g_return_val_if_fail (LD_IS_REPORT_DOCUMENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  pdf = ld_report_document_to_pdf (self, error);
  if (pdf == NULL)
    return FALSE;
  return g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), error);
}

/**
 * ld_report_document_render_page:
 * @self: a document
 * @page: the page, counted from 0
 * @dpi: pixels per inch, such as 96 for a preview or 300 for a check
 *
 * Returns: (transfer full): the page on white, as an image surface (check
 *   its status: an absurd @dpi gives an error surface)
 */
cairo_surface_t *
ld_report_document_render_page (LdReportDocument *self,
                                guint             page,
                                double            dpi)
{
  cairo_surface_t *surface;
  double width;
  double height;
  guint n_pages;
  cairo_t *cr;

  g_return_val_if_fail (LD_IS_REPORT_DOCUMENT (self), NULL);
  g_return_val_if_fail (dpi > 0 && dpi <= 2400, NULL);

  n_pages = ld_report_document_get_n_pages (self);
  g_return_val_if_fail (page < n_pages, NULL);

  ld_report_document_get_page_size (self, &width, &height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                        (int) ceil (width * dpi / 72.0),
                                        (int) ceil (height * dpi / 72.0));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, dpi / 72.0, dpi / 72.0);
  ld_report_document_draw_page (self, cr, page);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/**
 * ld_report_document_write_png:
 * @self: a document
 * @page: the page, counted from 0
 * @dpi: pixels per inch
 * @path: the PNG file to write
 * @error: return location for an error
 *
 * Returns: %TRUE when the image was written
 */
gboolean
ld_report_document_write_png (LdReportDocument  *self,
                              guint              page,
                              double             dpi,
                              const char        *path,
                              GError           **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  guint n_pages;

  g_return_val_if_fail (LD_IS_REPORT_DOCUMENT (self), FALSE);
  g_return_val_if_fail (dpi > 0 && dpi <= 2400, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  n_pages = ld_report_document_get_n_pages (self);
  g_return_val_if_fail (page < n_pages, FALSE);

  surface = ld_report_document_render_page (self, page, dpi);
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  return check_status (status, "image", error);
}
