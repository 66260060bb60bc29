/* ld-result-entry-page.c: one order's results, typed in a keyboard run
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A technician types a column of values with the tubes in front of them:
 * each row is a test of the order, Enter goes to the next row's value and
 * Tab from a value to its comment. The flag is shown as the value is
 * typed, by shared/model's rule (ld-flag.c), the very code that flags the
 * value the server stores, for this patient's sex and age on the
 * collection day. What is typed is kept as drafts through the outbox
 * (ld-result-drafts.c, shared with the batch page), so that a run typed
 * while the server is away is saved when it is back.
 */

#define G_LOG_DOMAIN "ld-result-entry-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-order-text.h"
#include "common/ld-status-line.h"
#include "ld-result-drafts.h"
#include "ld-result-entry-page.h"
#include "ld-result-row.h"
#include "store/ld-cache-list.h"
#include "store/ld-order-follow.h"
#include "store/ld-outbox.h"

typedef LdResultRow Row;

struct _LdResultEntryPage
{
  AdwBin          parent_instance;

  LdSession      *session;
  char           *order_id;
  LdOrderFollow  *follow;
  LdCacheList    *results;
  GCancellable   *cancellable;
  GPtrArray      *rows;
  LdResultDrafts *drafts;
  LdPatient      *patient;
  gboolean        patient_asked;
  gboolean        focused_once;

  GtkLabel       *title_label;
  GtkLabel       *patient_label;
  GtkGrid        *rows_grid;
  GtkLabel       *status_label;
  GtkWidget      *submit_button;
};

G_DEFINE_FINAL_TYPE (LdResultEntryPage, ld_result_entry_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_ORDER_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static Row *
find_row (LdResultEntryPage *self,
          const char        *code)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (row->code, code) == 0)
        return row;
    }
  return NULL;
}

static void sync_rows (LdResultEntryPage *self);

typedef struct
{
  GWeakRef  page;
  char     *code;
} TestRead;

static void
on_test_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TestRead *read = user_data;
  g_autoptr(LdResultEntryPage) self = g_weak_ref_get (&read->page);
  g_autoptr(LdCatalogTest) test =
               ld_cache_get_catalog_test_finish (LD_CACHE (source), result, NULL);
  Row *row;

  if (self != NULL && test != NULL && (row = find_row (self, read->code)) != NULL &&
      ld_result_row_set_test (row, test))
    sync_rows (self);
  g_weak_ref_clear (&read->page);
  g_free (read->code);
  g_free (read);
}

static void
focus_next_row (Row     *row,
                gpointer user_data)
{
  LdResultEntryPage *self = user_data;
  guint index;

  if (!g_ptr_array_find (self->rows, row, &index))
    return;
  if (index + 1 < self->rows->len)
    gtk_widget_grab_focus (((Row *) g_ptr_array_index (self->rows, index + 1))->value);
  else
    gtk_widget_grab_focus (self->submit_button);
}

static void
on_row_changed_cb (Row     *row,
                   gpointer user_data)
{
  LdResultEntryPage *self = user_data;

  ld_result_drafts_schedule (self->drafts);
}

static Row *
add_row (LdResultEntryPage *self,
         const LdResult    *result)
{
  const char *code = result->test_code;
  const char *name = result->test_name ?: code;
  Row        *row = ld_result_row_new (self->rows_grid, self->rows->len * 2, code, code, name, name,
                                       on_row_changed_cb, focus_next_row, self);
  TestRead   *read = g_new0 (TestRead, 1);

  if (self->patient != NULL)
    ld_result_row_set_patient (row, self->patient);
  g_ptr_array_add (self->rows, row);
  ld_result_drafts_add_row (self->drafts, row, self->order_id);

  g_weak_ref_init (&read->page, self);
  read->code = g_strdup (row->code);
  ld_cache_get_record_async (ld_session_get_cache (self->session), "catalog_test", row->code,
                             self->cancellable, on_test_read_cb, read);
  return row;
}

static void
on_record_loaded_cb (LdResultEntryPage *self)
{
  sync_rows (self);
}

/* Follows the order's results in the cache: a row per test, the version
 * each draft must name, the delta the server found; then what waited for
 * a draft to come back is sent. */
static void
sync_rows (LdResultEntryPage *self)
{
  GListModel *model = G_LIST_MODEL (self->results);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LdCacheRecord) record = g_list_model_get_item (model, i);
      /* The row as the shared record, read once. */
      g_autoptr(LdResult) result =
                   ld_cache_record_get_loaded (record) ? ld_cache_record_dup_result (record) : NULL;
      const char *code = result ? result->test_code : NULL;
      Row *row;

      if (result == NULL || code == NULL)
        {
          if (g_object_get_data (G_OBJECT (record), "ld-entry-watched") == NULL)
            {
              g_object_set_data (G_OBJECT (record), "ld-entry-watched", GINT_TO_POINTER (TRUE));
              g_signal_connect_object (record, "notify", G_CALLBACK (on_record_loaded_cb), self,
                                       G_CONNECT_SWAPPED);
            }
          continue;
        }
      row = find_row (self, code);
      if (row == NULL)
        row = add_row (self, result);
      ld_result_row_follow (row, result);
    }
  /* The run starts at the first value as soon as there is one, so the
   * keyboard never has to find it. */
  if (!self->focused_once && self->rows->len > 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->focused_once = TRUE;
      gtk_widget_grab_focus (((Row *) g_ptr_array_index (self->rows, 0))->value);
    }
  ld_result_drafts_rows_followed (self->drafts);
}

static void
on_drafts_status_cb (LdResultEntryPage *self,
                     const char        *text,
                     gboolean           is_error)
{
  ld_status_line_show (self->status_label, text, is_error);
}

/* The server refused the order's results: its field errors are beside
 * their rows already, its reason goes under them. */
static void
on_drafts_refused_cb (LdResultEntryPage *self,
                      const char        *order_id,
                      const char        *message)
{
  ld_status_line_show (self->status_label, message, TRUE);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ld_result_drafts_submit (LD_RESULT_ENTRY_PAGE (widget)->drafts);
}

static void
on_patient_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LdResultEntryPage) self = g_weak_ref_get (user_data);
  g_autoptr(LdPatient) patient = ld_cache_get_patient_finish (LD_CACHE (source), result, NULL);

  g_weak_ref_clear (user_data);
  g_free (user_data);
  if (self == NULL || patient == NULL)
    return;
  g_set_object (&self->patient, patient);
  for (guint i = 0; i < self->rows->len; i++)
    ld_result_row_set_patient (g_ptr_array_index (self->rows, i), self->patient);
}

static void
show_order (LdResultEntryPage *self)
{
  LdOrderView *view = ld_order_follow_get_view (self->follow);
  const LdOrder *order = ld_order_view_get_order (view);
  g_autofree char *order_title = NULL;
  g_autofree char *title = NULL;
  g_autofree char *who = NULL;

  if (order == NULL)
    return;
  order_title = ld_order_text_title (ld_order_view_get_number (view));
  /* Translators: the result entry page's title, "Results · Order O2611-000001". */
  title = g_strdup_printf (_("Results · %s"), order_title);
  /* Translators: the patient whose results are typed: name, MRN, then the order's lab state. */
  who = g_strdup_printf (_("%s · %s · %s"), ld_order_view_get_patient_name (view) ?: "",
                            ld_order_view_get_patient_mrn (view) ?: "",
                            ld_order_text_lab_state (ld_order_view_get_lab_state (view)));
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->patient_label, who);

  if (!self->patient_asked && order->patient_id != NULL)
    {
      GWeakRef *ref = g_new0 (GWeakRef, 1);

      self->patient_asked = TRUE;
      g_weak_ref_init (ref, self);
      ld_cache_get_record_async (ld_session_get_cache (self->session), "patient",
                                 order->patient_id, self->cancellable, on_patient_read_cb, ref);
    }
}

static gboolean
ld_result_entry_page_grab_focus (GtkWidget *widget)
{
  LdResultEntryPage *self = LD_RESULT_ENTRY_PAGE (widget);

  if (self->rows->len > 0)
    return gtk_widget_grab_focus (((Row *) g_ptr_array_index (self->rows, 0))->value);
  /* Not the first focusable child: that would ask this page again. */
  return FALSE;
}

static void
ld_result_entry_page_constructed (GObject *object)
{
  LdResultEntryPage *self = LD_RESULT_ENTRY_PAGE (object);
  LdCache *cache = ld_session_get_cache (self->session);

  G_OBJECT_CLASS (ld_result_entry_page_parent_class)->constructed (object);

  g_return_if_fail (cache != NULL && self->order_id != NULL);
  self->drafts = ld_result_drafts_new (self->session);
  g_signal_connect_object (self->drafts, "status", G_CALLBACK (on_drafts_status_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drafts, "refused", G_CALLBACK (on_drafts_refused_cb), self,
                           G_CONNECT_SWAPPED);
  self->follow = ld_order_follow_new (self->session, self->order_id);
  g_signal_connect_object (self->follow, "changed", G_CALLBACK (show_order), self,
                           G_CONNECT_SWAPPED);
  self->results = ld_cache_list_new_order_results (cache, self->order_id);
  g_signal_connect_object (self->results, "items-changed", G_CALLBACK (sync_rows), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->results, "notify::loading", G_CALLBACK (sync_rows), self,
                           G_CONNECT_SWAPPED);
  show_order (self);
  sync_rows (self);
}

static void
ld_result_entry_page_dispose (GObject *object)
{
  LdResultEntryPage *self = LD_RESULT_ENTRY_PAGE (object);

  /* A draft still waiting for its delay is kept, not lost with the page;
   * then the drafts let go of the rows. */
  if (self->drafts != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->drafts, self);
      ld_result_drafts_close (self->drafts);
    }
  g_cancellable_cancel (self->cancellable);
  if (self->follow != NULL)
    g_signal_handlers_disconnect_by_data (self->follow, self);
  if (self->results != NULL)
    g_signal_handlers_disconnect_by_data (self->results, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_RESULT_ENTRY_PAGE);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->drafts);
  g_clear_object (&self->follow);
  g_clear_object (&self->results);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_result_entry_page_parent_class)->dispose (object);
}

static void
ld_result_entry_page_finalize (GObject *object)
{
  LdResultEntryPage *self = LD_RESULT_ENTRY_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->patient);
  g_free (self->order_id);

  G_OBJECT_CLASS (ld_result_entry_page_parent_class)->finalize (object);
}

static void
ld_result_entry_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LdResultEntryPage *self = LD_RESULT_ENTRY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_ORDER_ID:
      g_value_set_string (value, self->order_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_result_entry_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  LdResultEntryPage *self = LD_RESULT_ENTRY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_ORDER_ID:
      self->order_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_result_entry_page_class_init (LdResultEntryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_result_entry_page_constructed;
  object_class->dispose = ld_result_entry_page_dispose;
  object_class->finalize = ld_result_entry_page_finalize;
  object_class->get_property = ld_result_entry_page_get_property;
  object_class->set_property = ld_result_entry_page_set_property;
  widget_class->grab_focus = ld_result_entry_page_grab_focus;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_ORDER_ID] =
    g_param_spec_string ("order-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/lab/ld-result-entry-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdResultEntryPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LdResultEntryPage, patient_label);
  gtk_widget_class_bind_template_child (widget_class, LdResultEntryPage, rows_grid);
  gtk_widget_class_bind_template_child (widget_class, LdResultEntryPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LdResultEntryPage, submit_button);

  gtk_widget_class_install_action (widget_class, "entry.submit", NULL, submit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "entry.submit", NULL);
}

static void
ld_result_entry_page_init (LdResultEntryPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_result_row_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_result_entry_page_new:
 * @session: the signed-in session
 * @order_id: the order whose results are typed
 *
 * Returns: (transfer floating): a new page
 */
GtkWidget *
ld_result_entry_page_new (LdSession  *session,
                          const char *order_id)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  return g_object_new (LD_TYPE_RESULT_ENTRY_PAGE, "session", session, "order-id", order_id, NULL);
}
