/* ld-batch-entry-page.c: one test's results across many orders
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A bench that runs one analyser types one test for many patients: every
 * pending fasting glucose, say. The technician finds the test in the
 * catalogue (type, Enter), and the page lists a row per order that still
 * waits for its value, from the cache: the patient, order number, tube
 * accession, sex and age, then the same row as one order's entry page
 * (ld-result-row.c: the editor, unit, this patient's reference interval,
 * the flag as the value is typed, the previous result, a comment). Enter
 * goes to the next row. Each row's draft is saved through the outbox as
 * it is typed, also offline, by the same drafts as on the entry page
 * (ld-result-drafts.c); Submit (Ctrl+Return) sends every typed value for
 * verification, and submitted rows leave the list. Submit is offered only
 * while the session's shared check (the server's) would take some typed
 * value: each row follows its order and tube in the cache, so a value
 * typed for a tube not yet received waits, its reason on the button.
 */

#define G_LOG_DOMAIN "ld-batch-entry-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-patient-text.h"
#include "common/ld-status-line.h"
#include "common/ld-step-tooltip.h"
#include "ld-batch-entry-page.h"
#include "ld-result-drafts.h"
#include "ld-result-row.h"
#include "store/ld-cache-list.h"
#include "store/ld-outbox.h"

typedef struct
{
  LdBatchEntryPage *page;
  LdResultRow      *row;
  char             *result_id;
  char             *order_id;
  char             *order_number;
  char             *sample_id;
  char             *patient_name;
  char             *accession;
  char             *sex_age;
  /* The records the session's check reads, as the cache holds them
   * (NULL until read). */
  LdResult         *result;
  LdOrder          *order;
  LdSample         *sample;
  /* Whether the patient was asked for (once, from the first order read). */
  gboolean          asked;
} BatchRow;

struct _LdBatchEntryPage
{
  AdwBin          parent_instance;

  LdSession      *session;
  GCancellable   *cancellable;
  char           *test_code;
  LdCatalogTest  *test;
  LdCacheList    *catalog;
  LdCacheList    *pending;
  GPtrArray      *rows;
  LdResultDrafts *drafts;
  int             next_line;
  gboolean        focus_wanted;
  /* Reads of the rows' orders and tubes under way, and whether the cache
   * changed meanwhile (they are read again then). */
  guint           n_reading;
  gboolean        read_again;

  GtkSearchEntry *test_search;
  GtkListBox     *test_list;
  GtkLabel       *test_label;
  GtkLabel       *count_label;
  GtkGrid        *rows_grid;
  GtkLabel       *status_label;
  GtkWidget      *submit_button;
};

G_DEFINE_FINAL_TYPE (LdBatchEntryPage, ld_batch_entry_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void sync_rows (LdBatchEntryPage *self);
static void batch_entry_page_actions_update (LdBatchEntryPage *self);

static void
batch_row_free (BatchRow *batch)
{
  ld_result_row_free (batch->row);
  g_free (batch->result_id);
  g_free (batch->order_id);
  g_free (batch->order_number);
  g_free (batch->sample_id);
  g_free (batch->patient_name);
  g_free (batch->accession);
  g_free (batch->sex_age);
  g_clear_pointer (&batch->result, ld_result_free);
  g_clear_pointer (&batch->order, ld_order_free);
  g_clear_pointer (&batch->sample, ld_sample_free);
  g_free (batch);
}

/* The row's first column: who and which tube, in words. */
static void
show_title (BatchRow *batch)
{
  g_autofree char *text = NULL;

  /* Translators: a batch entry row: the patient's name, then the order
   * number, the tube's accession and the patient's sex and age,
   * "Lata Menon\nO2611-000003 · S26112200005 · F 40y". */
  text = g_strdup_printf (_("%s\n%s · %s · %s"),
                             batch->patient_name
                               ? batch->patient_name
                               : _("Loading…"), batch->order_number ? batch->order_number : "",
                                    batch->accession ? batch->accession : "—",
                                    batch->sex_age ? batch->sex_age : "");
  gtk_label_set_text (batch->row->title, text);
}

static BatchRow *
find_row (LdBatchEntryPage *self,
          const char       *result_id)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      BatchRow *batch = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (batch->result_id, result_id) == 0)
        return batch;
    }
  return NULL;
}

static BatchRow *
find_row_of (LdBatchEntryPage *self,
             LdResultRow      *row)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      BatchRow *batch = g_ptr_array_index (self->rows, i);

      if (batch->row == row)
        return batch;
    }
  return NULL;
}

static void
focus_next_row (LdResultRow *row,
                gpointer     user_data)
{
  LdBatchEntryPage *self = user_data;
  BatchRow *batch = find_row_of (self, row);
  guint index;

  if (batch == NULL || !g_ptr_array_find (self->rows, batch, &index))
    return;
  if (index + 1 < self->rows->len)
    gtk_widget_grab_focus (((BatchRow *) g_ptr_array_index (self->rows, index + 1))->row->value);
  else
    gtk_widget_grab_focus (self->submit_button);
}

static void
on_row_changed_cb (LdResultRow *row,
                   gpointer     user_data)
{
  LdBatchEntryPage *self = user_data;

  ld_result_drafts_schedule (self->drafts);
  batch_entry_page_actions_update (self);
}

/* A read of the cache for one row, which may be gone by its answer. */
typedef struct
{
  GWeakRef  page;
  char     *result_id;
} RowRead;

static RowRead *
row_read_new (LdBatchEntryPage *self,
              BatchRow         *batch)
{
  RowRead *read = g_new0 (RowRead, 1);

  g_weak_ref_init (&read->page, self);
  read->result_id = g_strdup (batch->result_id);
  return read;
}

static void
row_read_free (RowRead *read)
{
  g_weak_ref_clear (&read->page);
  g_free (read->result_id);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RowRead, row_read_free)

static void
on_patient_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RowRead) read = user_data;
  g_autoptr(LdBatchEntryPage) self = g_weak_ref_get (&read->page);
  g_autoptr(LdPatient) patient = ld_cache_get_patient_finish (LD_CACHE (source), result, NULL);
  BatchRow *batch;

  if (self == NULL || patient == NULL || (batch = find_row (self, read->result_id)) == NULL)
    return;
  g_free (batch->sex_age);
  batch->sex_age = ld_patient_text_sex_age (patient);
  g_free (batch->patient_name);
  batch->patient_name = g_strdup (ld_patient_get_name (patient));
  ld_result_row_set_patient (batch->row, patient);
  show_title (batch);
}

static void read_records (LdBatchEntryPage *self);

/* A read of a row's order or tube is back: once all are, Submit is
 * judged again (and read again if the cache changed meanwhile). */
static void
read_done (LdBatchEntryPage *self)
{
  g_assert (self->n_reading > 0);

  if (--self->n_reading > 0 || g_cancellable_is_cancelled (self->cancellable))
    return;
  if (self->read_again)
    {
      self->read_again = FALSE;
      read_records (self);
    }
  batch_entry_page_actions_update (self);
}

static void
on_order_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RowRead) read = user_data;
  g_autoptr(LdBatchEntryPage) self = g_weak_ref_get (&read->page);
  g_autoptr(LdOrder) order = ld_cache_get_order_finish (LD_CACHE (source), result, NULL);
  BatchRow *batch;

  if (self == NULL)
    return;
  batch = find_row (self, read->result_id);
  if (batch != NULL && order != NULL && !batch->asked &&
      (order->patient_id != NULL || order->patient_name != NULL))
    {
      batch->asked = TRUE;
      if (batch->patient_name == NULL)
        batch->patient_name = g_strdup (order->patient_name);
      show_title (batch);
      if (order->patient_id != NULL)
        ld_cache_get_record_async (LD_CACHE (source), "patient", order->patient_id,
                                   self->cancellable, on_patient_read_cb,
                                   row_read_new (self, batch));
    }
  if (batch != NULL && order != NULL && order->lab_state != NULL && order->payment_state != NULL)
    {
      g_clear_pointer (&batch->order, ld_order_free);
      batch->order = g_steal_pointer (&order);
    }
  read_done (self);
}

static void
on_sample_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RowRead) read = user_data;
  g_autoptr(LdBatchEntryPage) self = g_weak_ref_get (&read->page);
  g_autoptr(LdSample) sample = ld_cache_get_sample_finish (LD_CACHE (source), result, NULL);
  BatchRow *batch;

  if (self == NULL)
    return;
  batch = find_row (self, read->result_id);
  if (batch != NULL && sample != NULL && sample->state != NULL)
    {
      g_clear_pointer (&batch->sample, ld_sample_free);
      batch->sample = g_steal_pointer (&sample);
      g_free (batch->accession);
      batch->accession = g_strdup (batch->sample->accession);
      show_title (batch);
    }
  read_done (self);
}

/* Reads @batch's order and tube from the cache. */
static void
read_row_records (LdBatchEntryPage *self,
                  BatchRow         *batch)
{
  LdCache *cache = ld_session_get_cache (self->session);

  if (batch->order_id != NULL)
    {
      self->n_reading++;
      ld_cache_get_record_async (cache, "order", batch->order_id, self->cancellable,
                                 on_order_read_cb, row_read_new (self, batch));
    }
  if (batch->sample_id != NULL)
    {
      self->n_reading++;
      ld_cache_get_record_async (cache, "sample", batch->sample_id, self->cancellable,
                                 on_sample_read_cb, row_read_new (self, batch));
    }
}

/* Every row's order and tube, again: the cache committed a change (a
 * tube received, an order moved), which the rows' results need not show. */
static void
read_records (LdBatchEntryPage *self)
{
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (self->n_reading > 0)
    {
      self->read_again = TRUE;
      return;
    }
  for (guint i = 0; i < self->rows->len; i++)
    read_row_records (self, g_ptr_array_index (self->rows, i));
}

static BatchRow *
add_row (LdBatchEntryPage *self,
         const char       *result_id,
         const LdResult   *result)
{
  BatchRow *batch = g_new0 (BatchRow, 1);
  g_autofree char *subject = NULL;

  batch->page = self;
  batch->result_id = g_strdup (result_id);
  batch->order_id = g_strdup (result->order_id);
  batch->order_number = g_strdup (result->order_number);
  batch->sample_id = g_strdup (result->sample_id);
  /* Translators: what a batch row's value is of, for a screen reader:
   * the test and the order, "Glucose, fasting for O2611-000003". */
  subject = g_strdup_printf (_("%s for %s"), result->test_name ?: self->test_code,
                                batch->order_number ? batch->order_number : "");
  batch->row = ld_result_row_new (self->rows_grid, self->next_line,
                                  self->test_code,
                                  batch->order_number ? batch->order_number : result_id,
                                  NULL, subject, on_row_changed_cb, focus_next_row, self);
  gtk_widget_remove_css_class (GTK_WIDGET (batch->row->title), "heading");
  self->next_line += 2;
  if (self->test != NULL)
    ld_result_row_set_test (batch->row, self->test);
  show_title (batch);
  g_ptr_array_add (self->rows, batch);
  ld_result_drafts_add_row (self->drafts, batch->row, batch->order_id);
  read_row_records (self, batch);
  return batch;
}

static void
on_record_loaded_cb (LdBatchEntryPage *self)
{
  sync_rows (self);
}

static void
show_count (LdBatchEntryPage *self)
{
  g_autofree char *text = NULL;
  guint n = self->rows->len;

  if (self->test_code == NULL)
    {
      gtk_label_set_text (self->count_label, _("Find a test, then press Enter."));
      return;
    }
  if (self->pending != NULL && ld_cache_list_get_loading (self->pending))
    {
      gtk_label_set_text (self->count_label, _("Loading…"));
      return;
    }
  if (n == 0)
    {
      gtk_label_set_text (self->count_label, _("No order is waiting for this test."));
      return;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order waiting for a value",
                                       "%u orders waiting for a value", n), n);
  gtk_label_set_text (self->count_label, text);
}

/* Follows the test's pending results in the cache: a row per result, the
 * version each draft must name; rows submitted elsewhere or here leave. */
static void
sync_rows (LdBatchEntryPage *self)
{
  GListModel *model;
  g_autoptr(GHashTable) listed = NULL;
  gboolean settled;

  if (self->pending == NULL)
    return;
  model = G_LIST_MODEL (self->pending);
  settled = !ld_cache_list_get_loading (self->pending);
  listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LdCacheRecord) record = g_list_model_get_item (model, i);
      /* The row as the shared record, read once. */
      g_autoptr(LdResult) result =
                   ld_cache_record_get_loaded (record) ? ld_cache_record_dup_result (record) : NULL;
      const char *id = ld_cache_record_get_id (record);
      BatchRow *batch;

      if (id != NULL)
        g_hash_table_add (listed, g_strdup (id));
      if (result == NULL)
        {
          /* A changed result comes back as a placeholder until its page
           * is read: its row is still here, so nothing may leave yet. */
          settled = FALSE;
          if (g_object_get_data (G_OBJECT (record), "ld-batch-watched") == NULL)
            {
              g_object_set_data (G_OBJECT (record), "ld-batch-watched", GINT_TO_POINTER (TRUE));
              g_signal_connect_object (record, "notify", G_CALLBACK (on_record_loaded_cb), self,
                                       G_CONNECT_SWAPPED);
            }
          continue;
        }
      batch = find_row (self, id);
      if (batch == NULL)
        batch = add_row (self, id, result);
      ld_result_row_follow (batch->row, result);
      g_clear_pointer (&batch->result, ld_result_free);
      if (result->state != NULL)
        batch->result = g_steal_pointer (&result);
    }
  /* A result no longer pending has been submitted (its save, if one was
   * in flight, is settled by that): it leaves, unless typing in it is
   * still to be sent. Judged only on a list whose every row is read: a
   * row dropped while its new version was a placeholder came back as a
   * new row, without its draft in flight, and a Submit in that moment
   * passed it by. */
  if (settled)
    for (guint i = self->rows->len; i > 0; i--)
      {
        BatchRow *batch = g_ptr_array_index (self->rows, i - 1);

        if (g_hash_table_contains (listed, batch->result_id) || batch->row->dirty)
          continue;
        if (gtk_widget_has_focus (batch->row->value))
          focus_next_row (batch->row, self);
        ld_result_drafts_remove_row (self->drafts, batch->row);
        ld_result_row_remove (batch->row);
        g_ptr_array_remove_index (self->rows, i - 1);
      }
  show_count (self);
  if (self->focus_wanted && self->rows->len > 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->focus_wanted = FALSE;
      gtk_widget_grab_focus (((BatchRow *) g_ptr_array_index (self->rows, 0))->row->value);
    }
  ld_result_drafts_rows_followed (self->drafts);
  batch_entry_page_actions_update (self);
}

/* Whether the session's check (RESULT_SAVE) lets a value of @batch be
 * saved now, for its order, result and tube as the cache holds them. */
static gboolean
may_save (LdBatchEntryPage  *self,
          BatchRow          *batch,
          GError           **error)
{
  g_autoptr(GPtrArray) samples = g_ptr_array_new ();
  LdCommandTarget target = { .order = NULL };

  /* A tube not read yet is not there: the check waits for it. */
  if (batch->sample != NULL)
    g_ptr_array_add (samples, batch->sample);
  target.order = batch->order;
  target.result = batch->result;
  target.samples = samples;
  return ld_session_check (self->session, LD_COMMAND_RESULT_SAVE, &target, error);
}

/**
 * batch_entry_page_actions_update:
 * @self: the page
 *
 * The one place that decides whether Submit is offered (issue 30): while
 * some row holds a typed value that the session's shared check (the
 * server's own) would let be saved, for its order, result and tube as the
 * cache holds them now. Otherwise its tooltip says why not: no row, no
 * row the check allows (its refusal, a tube not received, say), or no
 * value typed in one it does.
 */
static void
batch_entry_page_actions_update (LdBatchEntryPage *self)
{
  g_autoptr(GError) refusal = NULL;
  gboolean typed_refused = FALSE;
  gboolean some_may = FALSE;
  gboolean may = FALSE;

  if (self->rows == NULL)
    return;
  for (guint i = 0; i < self->rows->len && !may; i++)
    {
      BatchRow *batch = g_ptr_array_index (self->rows, i);
      g_autofree char *text = ld_result_row_dup_text (batch->row);
      g_autoptr(GError) error = NULL;
      gboolean typed = *text != '\0';

      if (may_save (self, batch, &error))
        {
          some_may = TRUE;
          may = typed;
          continue;
        }
      /* The reason given is a typed row's, else the first row's. */
      if (refusal == NULL || (typed && !typed_refused))
        {
          g_clear_error (&refusal);
          refusal = g_steal_pointer (&error);
          typed_refused |= typed;
        }
    }

  if (self->rows->len == 0)
    ld_step_tooltip_explain (self->submit_button,
                             self->test_code == NULL ? _("Find a test first.")
                                                     : _("No order is waiting for this test."));
  else if (!may && (typed_refused || !some_may))
    ld_step_tooltip_refuse (self->submit_button, refusal);
  else if (!may)
    ld_step_tooltip_explain (self->submit_button, _("Type a value first."));
  else
    ld_step_tooltip_explain (self->submit_button, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.submit", may);
}

static void
on_drafts_status_cb (LdBatchEntryPage *self,
                     const char       *text,
                     gboolean          is_error)
{
  ld_status_line_show (self->status_label, text, is_error);
}

/* The server's reason beside each row of the order it refused. */
static void
on_drafts_refused_cb (LdBatchEntryPage *self,
                      const char       *order_id,
                      const char       *message)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      BatchRow *batch = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (batch->order_id, order_id) != 0)
        continue;
      ld_result_row_show_error (batch->row, message);
      batch->row->sent_version = -1;
    }
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LdBatchEntryPage *self = LD_BATCH_ENTRY_PAGE (widget);

  /* Enabled only while the session's check takes some typed value. */
  if (self->rows->len > 0)
    ld_result_drafts_submit (self->drafts);
}

/* The catalogue's tests (not panels) matching what was typed. */
static void
show_tests (LdBatchEntryPage *self)
{
  GListModel *model = G_LIST_MODEL (self->catalog);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->test_list))) != NULL)
    gtk_list_box_remove (self->test_list, child);
  for (guint i = 0; i < g_list_model_get_n_items (model) && i < 8; i++)
    {
      g_autoptr(LdCacheRecord) record = g_list_model_get_item (model, i);
      LdCatalogTest *test = ld_cache_record_dup_catalog_test (record);
      g_autofree char *text = NULL;
      GtkWidget *label;

      if (test == NULL)
        continue;
      /* Translators: a test found for batch entry: its name and code, "Glucose, fasting (FBS)". */
      text = g_strdup_printf (_("%s (%s)"), test->name ?: "", test->code);
      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_top (label, 3);
      gtk_widget_set_margin_bottom (label, 3);
      gtk_list_box_append (self->test_list, label);
      g_object_set_data_full (G_OBJECT (gtk_widget_get_parent (label)), "ld-test", test,
                              (GDestroyNotify) ld_catalog_test_free);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->test_list),
                          gtk_widget_get_first_child (GTK_WIDGET (self->test_list)) != NULL);
}

static void
pick_test (LdBatchEntryPage    *self,
           const LdCatalogTest *test)
{
  g_autofree char *code = NULL;

  if (test == NULL)
    return;
  code = g_strdup (test->code);
  g_clear_pointer (&self->test, ld_catalog_test_free);
  self->test = ld_catalog_test_copy (test);
  ld_batch_entry_page_set_test (self, code);
}

static void
on_search_changed_cb (LdBatchEntryPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->test_search));

  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  g_clear_object (&self->catalog);
  if (*text == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (self->test_list), FALSE);
      return;
    }
  self->catalog = ld_cache_list_new_catalog_search (ld_session_get_cache (self->session), text);
  g_signal_connect_object (self->catalog, "items-changed", G_CALLBACK (show_tests), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->catalog, "notify::loading", G_CALLBACK (show_tests), self,
                           G_CONNECT_SWAPPED);
  show_tests (self);
}

/* Enter in the search takes the first test found. */
static void
on_search_activate_cb (LdBatchEntryPage *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->test_list, 0);

  if (first != NULL)
    pick_test (self, g_object_get_data (G_OBJECT (first), "ld-test"));
}

static void
on_test_activated_cb (LdBatchEntryPage *self,
                      GtkListBoxRow    *row)
{
  pick_test (self, g_object_get_data (G_OBJECT (row), "ld-test"));
}

/* A test picked by its code alone is read from the cached catalogue. */
static void
on_test_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LdBatchEntryPage) self = g_weak_ref_get (user_data);
  g_autoptr(LdCatalogTest) test =
               ld_cache_get_catalog_test_finish (LD_CACHE (source), result, NULL);

  g_weak_ref_clear (user_data);
  g_free (user_data);
  if (self == NULL || test == NULL || g_strcmp0 (test->code, self->test_code) != 0)
    return;
  g_clear_pointer (&self->test, ld_catalog_test_free);
  self->test = g_steal_pointer (&test);
  for (guint i = 0; i < self->rows->len; i++)
    ld_result_row_set_test (((BatchRow *) g_ptr_array_index (self->rows, i))->row, self->test);
  sync_rows (self);
}

static gboolean
ld_batch_entry_page_grab_focus (GtkWidget *widget)
{
  LdBatchEntryPage *self = LD_BATCH_ENTRY_PAGE (widget);

  if (self->rows->len > 0)
    return gtk_widget_grab_focus (((BatchRow *) g_ptr_array_index (self->rows, 0))->row->value);
  return gtk_widget_grab_focus (GTK_WIDGET (self->test_search));
}

static void
ld_batch_entry_page_constructed (GObject *object)
{
  LdBatchEntryPage *self = LD_BATCH_ENTRY_PAGE (object);

  G_OBJECT_CLASS (ld_batch_entry_page_parent_class)->constructed (object);

  self->drafts = ld_result_drafts_new (self->session);
  g_signal_connect_object (self->drafts, "status", G_CALLBACK (on_drafts_status_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drafts, "refused", G_CALLBACK (on_drafts_refused_cb), self,
                           G_CONNECT_SWAPPED);
  /* A tube received or an order moved changes what Submit may send. */
  g_signal_connect_object (ld_session_get_cache (self->session), "changed",
                           G_CALLBACK (read_records), self, G_CONNECT_SWAPPED);
  show_count (self);
  batch_entry_page_actions_update (self);
}

static void
ld_batch_entry_page_dispose (GObject *object)
{
  LdBatchEntryPage *self = LD_BATCH_ENTRY_PAGE (object);

  /* A draft still waiting for its delay is kept, not lost with the page;
   * then the drafts let go of the rows. */
  if (self->drafts != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->drafts, self);
      ld_result_drafts_close (self->drafts);
    }
  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL && ld_session_get_cache (self->session) != NULL)
    g_signal_handlers_disconnect_by_data (ld_session_get_cache (self->session), self);
  if (self->pending != NULL)
    g_signal_handlers_disconnect_by_data (self->pending, self);
  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_BATCH_ENTRY_PAGE);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->drafts);
  g_clear_object (&self->pending);
  g_clear_object (&self->catalog);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_batch_entry_page_parent_class)->dispose (object);
}

static void
ld_batch_entry_page_finalize (GObject *object)
{
  LdBatchEntryPage *self = LD_BATCH_ENTRY_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->test, ld_catalog_test_free);
  g_free (self->test_code);

  G_OBJECT_CLASS (ld_batch_entry_page_parent_class)->finalize (object);
}

static void
ld_batch_entry_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LdBatchEntryPage *self = LD_BATCH_ENTRY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_batch_entry_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LdBatchEntryPage *self = LD_BATCH_ENTRY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_batch_entry_page_class_init (LdBatchEntryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_batch_entry_page_constructed;
  object_class->dispose = ld_batch_entry_page_dispose;
  object_class->finalize = ld_batch_entry_page_finalize;
  object_class->get_property = ld_batch_entry_page_get_property;
  object_class->set_property = ld_batch_entry_page_set_property;
  widget_class->grab_focus = ld_batch_entry_page_grab_focus;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/lab/ld-batch-entry-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdBatchEntryPage, test_search);
  gtk_widget_class_bind_template_child (widget_class, LdBatchEntryPage, test_list);
  gtk_widget_class_bind_template_child (widget_class, LdBatchEntryPage, test_label);
  gtk_widget_class_bind_template_child (widget_class, LdBatchEntryPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, LdBatchEntryPage, rows_grid);
  gtk_widget_class_bind_template_child (widget_class, LdBatchEntryPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LdBatchEntryPage, submit_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_test_activated_cb);

  gtk_widget_class_install_action (widget_class, "batch.submit", NULL, submit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "batch.submit", NULL);
}

static void
ld_batch_entry_page_init (LdBatchEntryPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) batch_row_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_batch_entry_page_new:
 * @session: the signed-in session
 *
 * Returns: (transfer floating): a new page, asking for a test
 */
GtkWidget *
ld_batch_entry_page_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_BATCH_ENTRY_PAGE, "session", session, NULL);
}

/**
 * ld_batch_entry_page_set_test:
 * @test_code: a test of the catalogue
 *
 * Lists @test_code's results waiting for a value, and puts the focus in
 * the first row once there is one.
 */
void
ld_batch_entry_page_set_test (LdBatchEntryPage *self,
                              const char       *test_code)
{
  g_autofree char *title = NULL;

  g_return_if_fail (LD_IS_BATCH_ENTRY_PAGE (self));
  g_return_if_fail (test_code != NULL);

  if (g_strcmp0 (self->test_code, test_code) == 0)
    return;
  /* What was typed for the last test is sent before it goes. */
  ld_result_drafts_flush (self->drafts);
  for (guint i = 0; i < self->rows->len; i++)
    {
      LdResultRow *row = ((BatchRow *) g_ptr_array_index (self->rows, i))->row;

      ld_result_drafts_remove_row (self->drafts, row);
      ld_result_row_remove (row);
    }
  g_ptr_array_set_size (self->rows, 0);
  self->next_line = 0;
  if (self->pending != NULL)
    g_signal_handlers_disconnect_by_data (self->pending, self);
  g_clear_object (&self->pending);
  g_free (self->test_code);
  self->test_code = g_strdup (test_code);
  if (self->test != NULL && g_strcmp0 (self->test->code, test_code) != 0)
    g_clear_pointer (&self->test, ld_catalog_test_free);
  if (self->test == NULL)
    {
      GWeakRef *ref = g_new0 (GWeakRef, 1);

      g_weak_ref_init (ref, self);
      ld_cache_get_record_async (ld_session_get_cache (self->session), "catalog_test", test_code,
                                 self->cancellable, on_test_read_cb, ref);
    }
  /* Translators: the batch entry page's title, "Batch Entry · Glucose, fasting (FBS)". */
  title =
    g_strdup_printf (_("Batch Entry · %s (%s)"),
                        self->test && self->test->name ? self->test->name : test_code, test_code);
  gtk_label_set_text (self->test_label, title);
  gtk_widget_set_visible (GTK_WIDGET (self->test_list), FALSE);

  self->focus_wanted = TRUE;
  self->pending =
    ld_cache_list_new_pending_results (ld_session_get_cache (self->session), test_code);
  g_signal_connect_object (self->pending, "items-changed", G_CALLBACK (sync_rows), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pending, "notify::loading", G_CALLBACK (sync_rows), self,
                           G_CONNECT_SWAPPED);
  sync_rows (self);
}

const char *
ld_batch_entry_page_get_test (LdBatchEntryPage *self)
{
  g_return_val_if_fail (LD_IS_BATCH_ENTRY_PAGE (self), NULL);

  return self->test_code;
}
