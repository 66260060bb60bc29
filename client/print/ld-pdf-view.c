/* ld-pdf-view.c: a PDF on screen, page by page, with a Print button
 *
 * What the desk opens for a released report ("open, print"): the PDF the
 * server kept, drawn by poppler page by page to fit the view, with the
 * page's number, buttons to turn pages and one to print it through the
 * print dialog (and its preview).
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-pdf-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-pdf-view.h"
#include "ld-print-pdf-private.h"

/* Room around the page, in pixels, so its edge shows against the view. */
#define PAGE_MARGIN 12

struct _LdPdfView
{
  AdwBin           parent_instance;

  GtkLabel        *page_label;
  GtkDrawingArea  *page_area;

  PopplerDocument *document;
  int              page;
  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (LdPdfView, ld_pdf_view, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_DOCUMENT,
  PROP_PAGE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static int
get_n_pages (LdPdfView *self)
{
  return self->document != NULL ? poppler_document_get_n_pages (self->document) : 0;
}

static void
update_page (LdPdfView *self)
{
  int n_pages = get_n_pages (self);

  if (n_pages > 0)
    {
      /* Translators: the page shown of a document, such as "Page 1 of 2". */
      g_autofree char *text = g_strdup_printf (_("Page %d of %d"), self->page + 1, n_pages);

      gtk_label_set_text (self->page_label, text);
    }
  else
    gtk_label_set_text (self->page_label, "");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf-view.previous-page", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf-view.next-page", self->page + 1 < n_pages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf-view.print", n_pages > 0);
  gtk_widget_queue_draw (GTK_WIDGET (self->page_area));
}

/* The page fits the view, centred, on white: a PDF's page has no
 * background of its own. */
static void
draw_page_cb (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  LdPdfView *self = user_data;
  PopplerPage *page;
  double page_width = 0;
  double page_height = 0;
  double scale;

  if (self->page >= get_n_pages (self))
    return;

  page = poppler_document_get_page (self->document, self->page);
  poppler_page_get_size (page, &page_width, &page_height);
  scale = MIN ((width - 2 * PAGE_MARGIN) / page_width, (height - 2 * PAGE_MARGIN) / page_height);
  if (scale > 0)
    {
      cairo_translate (cr, (width - page_width * scale) / 2, (height - page_height * scale) / 2);
      cairo_scale (cr, scale, scale);
      cairo_rectangle (cr, 0, 0, page_width, page_height);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.3);
      cairo_set_line_width (cr, 1 / scale);
      cairo_stroke (cr);
      poppler_page_render (page, cr);
    }
  g_object_unref (page);
}

static void
on_print_action_done_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(LdPdfView) self = user_data;
  /* The template's toplevel; none once the view was closed while its
   * print dialog was open. */
  GtkWidget *toasts = adw_bin_get_child (ADW_BIN (self));
  g_autoptr(GError) error = NULL;

  if (!ld_print_pdf_finish (result, &error) && ADW_IS_TOAST_OVERLAY (toasts) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (toasts), adw_toast_new (error->message));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LdPdfView *self = LD_PDF_VIEW (widget);

  ld_pdf_view_print_async (self, NULL, self->cancellable, on_print_action_done_cb,
                           g_object_ref (self));
}

static void
previous_page_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LdPdfView *self = LD_PDF_VIEW (widget);

  ld_pdf_view_set_page (self, self->page - 1);
}

static void
next_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LdPdfView *self = LD_PDF_VIEW (widget);

  ld_pdf_view_set_page (self, self->page + 1);
}

static void
ld_pdf_view_dispose (GObject *object)
{
  LdPdfView *self = LD_PDF_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_PDF_VIEW);
  g_clear_object (&self->document);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ld_pdf_view_parent_class)->dispose (object);
}

static void
ld_pdf_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LdPdfView *self = LD_PDF_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_PAGE:
      g_value_set_int (value, self->page);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_pdf_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  LdPdfView *self = LD_PDF_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      ld_pdf_view_set_document (self, g_value_get_object (value));
      break;
    case PROP_PAGE:
      ld_pdf_view_set_page (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_pdf_view_class_init (LdPdfViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_pdf_view_dispose;
  object_class->get_property = ld_pdf_view_get_property;
  object_class->set_property = ld_pdf_view_set_property;

  properties [PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, POPPLER_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_PAGE] =
    g_param_spec_int ("page", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/print/ld-pdf-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LdPdfView, page_label);
  gtk_widget_class_bind_template_child (widget_class, LdPdfView, page_area);

  gtk_widget_class_install_action (widget_class, "pdf-view.previous-page", NULL,
                                   previous_page_action);
  gtk_widget_class_install_action (widget_class, "pdf-view.next-page", NULL, next_page_action);
  gtk_widget_class_install_action (widget_class, "pdf-view.print", NULL, print_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0,
                                       "pdf-view.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0,
                                       "pdf-view.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "pdf-view.print", NULL);
}

static void
ld_pdf_view_init (LdPdfView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_drawing_area_set_draw_func (self->page_area, draw_page_cb, self, NULL);
  update_page (self);
}

/**
 * ld_pdf_view_new:
 *
 * Returns: (transfer floating): an empty view; give it a document with
 *   ld_pdf_view_set_document()
 */
GtkWidget *
ld_pdf_view_new (void)
{
  return g_object_new (LD_TYPE_PDF_VIEW, NULL);
}

/**
 * ld_pdf_view_get_document:
 * @self: a view
 *
 * Returns: (transfer none) (nullable): the document shown
 */
PopplerDocument *
ld_pdf_view_get_document (LdPdfView *self)
{
  g_return_val_if_fail (LD_IS_PDF_VIEW (self), NULL);

  return self->document;
}

/**
 * ld_pdf_view_set_document:
 * @self: a view
 * @document: (nullable): a PDF, such as one from
 *   ld_print_fetch_report_finish()
 *
 * Shows @document from its first page.
 */
void
ld_pdf_view_set_document (LdPdfView       *self,
                          PopplerDocument *document)
{
  g_return_if_fail (LD_IS_PDF_VIEW (self));
  g_return_if_fail (document == NULL || POPPLER_IS_DOCUMENT (document));

  if (!g_set_object (&self->document, document))
    return;

  if (self->page != 0)
    {
      self->page = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PAGE]);
    }
  update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DOCUMENT]);
}

/**
 * ld_pdf_view_get_page:
 * @self: a view
 *
 * Returns: the page shown, counted from 0
 */
int
ld_pdf_view_get_page (LdPdfView *self)
{
  g_return_val_if_fail (LD_IS_PDF_VIEW (self), 0);

  return self->page;
}

/**
 * ld_pdf_view_set_page:
 * @self: a view
 * @page: a page, counted from 0; kept within the document
 */
void
ld_pdf_view_set_page (LdPdfView *self,
                      int        page)
{
  g_return_if_fail (LD_IS_PDF_VIEW (self));

  page = CLAMP (page, 0, MAX (get_n_pages (self) - 1, 0));
  if (self->page == page)
    return;

  self->page = page;
  update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PAGE]);
}

/**
 * ld_pdf_view_print_async:
 * @self: a view showing a document
 * @export_pdf_path: (nullable): a PDF to write instead of showing the
 *   print dialog
 * @cancellable: (nullable): a cancellable
 * @callback: called when printed, exported or cancelled; finish with
 *   ld_print_pdf_finish()
 * @user_data: data for @callback
 *
 * Prints the document shown, as the Print button does, the dialog
 * belonging to the view's window.
 */
void
ld_pdf_view_print_async (LdPdfView           *self,
                         const char          *export_pdf_path,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GtkRoot *root;

  g_return_if_fail (LD_IS_PDF_VIEW (self));
  g_return_if_fail (self->document != NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  ld_print_pdf_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->document,
                      export_pdf_path, cancellable, callback, user_data);
}

/* A window of its own for the document, closed with Escape. */
static GtkWindow *
build_window (GtkWindow       *parent,
              PopplerDocument *document,
              const char      *title_override)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *view = ld_pdf_view_new ();
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  GtkShortcut *escape;
  g_autofree char *title = poppler_document_get_title (document);

  gtk_window_set_title (GTK_WINDOW (window), title_override != NULL ? title_override
                                             : title != NULL ? title : _("Lab report"));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 860);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), view);
  adw_window_set_content (ADW_WINDOW (window), box);
  ld_pdf_view_set_document (LD_PDF_VIEW (view), document);

  escape = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                             gtk_named_action_new ("window.close"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), escape);
  gtk_widget_add_controller (window, shortcuts);
  return GTK_WINDOW (window);
}

static void
open_fetched (GTask           *task,
              PopplerDocument *document)
{
  GtkWindow *window = build_window (g_task_get_task_data (task), document, NULL);

  gtk_window_present (window);
  g_task_return_pointer (task, g_object_ref (window), g_object_unref);
}

/**
 * ld_pdf_view_open_report_async:
 * @parent: (nullable): the window the report's window belongs to
 * @client: a signed-in API client
 * @order_id: the order's id
 * @version: the report version, or 0 for the newest
 * @expected_sha256: (nullable): the version's `pdf_sha256`; %NULL to read
 *   it from GET /api/v1/orders/{id}/reports
 * @cancellable: (nullable): a cancellable
 * @callback: called once the window is shown, or the report refused
 * @user_data: data for @callback
 *
 * Opens a released report on screen, as the server kept it (checked as
 * ld_print_fetch_report_async() checks it), in a window of its own with
 * page buttons and Print.
 */
void
ld_pdf_view_open_report_async (GtkWindow           *parent,
                               LdApiClient         *client,
                               const char          *order_id,
                               gint64               version,
                               const char          *expected_sha256,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_pdf_view_open_report_async);
  if (parent != NULL)
    g_task_set_task_data (task, g_object_ref (parent), g_object_unref);
  ld_print_fetch_report_then (task, client, order_id, version, expected_sha256, open_fetched);
}

/**
 * ld_pdf_view_open_report_finish:
 * @result: the result given to the callback
 * @error: return location for an error, as ld_print_fetch_report_finish()
 *   gives
 *
 * Returns: (transfer full) (nullable): the report's window, shown
 */
GtkWindow *
ld_pdf_view_open_report_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_pdf_view_open_report_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_preview_fetched_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(GBytes) bytes = ld_api_client_get_bytes_finish (LD_API_CLIENT (source), result, &error);
  PopplerDocument *document;
  GtkWindow *window;

  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  document = poppler_document_new_from_bytes (bytes, NULL, &error);
  if (document == NULL)
    {
      g_debug ("report preview unreadable: %s", error->message);
      g_clear_error (&error);
      g_task_return_new_error (task, LD_PRINT_ERROR, LD_PRINT_ERROR_INVALID,
                               _("The server’s preview of the report could not be read as a "
                                 "PDF."));
      return;
    }

  window = build_window (g_task_get_task_data (task), document,
                         _("Report Preview, Not Released"));
  g_object_unref (document);
  gtk_window_present (window);
  g_task_return_pointer (task, g_object_ref (window), g_object_unref);
}

/**
 * ld_pdf_view_open_preview_async:
 * @parent: (nullable): the window the preview's window belongs to
 * @client: a signed-in API client
 * @order_id: a verified order's id
 * @cancellable: (nullable): a cancellable
 * @callback: called once the window is shown, or the preview refused
 * @user_data: data for @callback
 *
 * Opens the report that releasing the order would issue, as the server
 * renders it (GET /api/v1/orders/{id}/report-preview.pdf, marked as a
 * preview on every page), in a window of its own like a released report.
 */
void
ld_pdf_view_open_preview_async (GtkWindow           *parent,
                                LdApiClient         *client,
                                const char          *order_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (order_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_pdf_view_open_preview_async);
  if (parent != NULL)
    g_task_set_task_data (task, g_object_ref (parent), g_object_unref);
  escaped = g_uri_escape_string (order_id, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/orders/%s/report-preview.pdf", escaped);
  ld_api_client_get_bytes_async (client, path, cancellable, on_preview_fetched_cb, task);
}

/**
 * ld_pdf_view_open_preview_finish:
 * @result: the result given to the callback
 * @error: return location for an error: an %LD_API_ERROR from the server
 *   (%LD_API_ERROR_CONFLICT when the order is not verified),
 *   %LD_PRINT_ERROR_INVALID, %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the preview's window, shown
 */
GtkWindow *
ld_pdf_view_open_preview_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_pdf_view_open_preview_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
