/* ld-unmatched-page.c: the results analyzers sent that found no sample or test
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 34. A value an analyzer sent for an accession the lab does not
 * know, under a code its map lacks, or for a test not ordered on the
 * sample waits here, the oldest first: the instrument, what it sent and
 * why it found no place. The technician picks one (arrows), Enter takes
 * them to the accession (filled in with what the analyzer sent), Enter
 * again to the test code, and Enter (or Ctrl+Enter anywhere) attaches
 * it: the value becomes a draft from the instrument on that sample's
 * test. Or a reason and Enter discards it. The list is read when the
 * page opens and with F5; while it is shown it follows the change feed
 * (entity `unmatched_result`, written when an analyzer's result finds no
 * place and when one is resolved): each batch the feed brings into the
 * cache reads it again, so that what a colleague resolved leaves it and
 * what an analyzer just sent appears, without a refresh.
 */

#define G_LOG_DOMAIN "ld-unmatched-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "common/ld-order-text.h"
#include "ld-unmatched-page.h"
#include "store/ld-cache.h"
#include "store/ld-instrument-calls.h"

struct _LdUnmatchedPage
{
  AdwBin           parent_instance;

  LdSession       *session;
  GCancellable    *cancellable;
  LdUnmatchedItem *selected;
  /* The feed position the list was last read for. */
  gint64           seen_seq;
  /* The ids the list shows, one a line: a read that finds the same
   * leaves the rows (and the row in the user's hands) alone. */
  char            *shown_ids;
  gboolean         loading;
  /* The feed moved while the list was being read: read it again. */
  gboolean         stale;
  gboolean         sending;
  /* The list is being rebuilt: its selection changes are not the user's. */
  gboolean         rebuilding;
  /* What the toast says when the change being sent is done. */
  char            *done_text;

  GtkLabel        *status_label;
  GtkLabel        *error_label;
  GtkListBox      *list;
  AdwEntryRow     *accession_entry;
  AdwEntryRow     *test_entry;
  AdwEntryRow     *reason_entry;
};

G_DEFINE_FINAL_TYPE (LdUnmatchedPage, ld_unmatched_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void refresh            (LdUnmatchedPage *self);
static void on_row_selected_cb (LdUnmatchedPage *self,
                                GtkListBoxRow   *row);

static const char *
reason_words (const char *reason)
{
  if (g_strcmp0 (reason, "unknown-accession") == 0)
    return _("No sample has this accession");
  if (g_strcmp0 (reason, "unmapped-code") == 0)
    return _("The instrument's code is not in its map");
  if (g_strcmp0 (reason, "not-ordered") == 0)
    return _("The test is not ordered on this sample");
  return reason ? reason : "";
}

static gboolean
has_text (AdwEntryRow *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  return *text != '\0';
}

static char *
dup_stripped (AdwEntryRow *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static void
say_error (LdUnmatchedPage *self,
           const char      *text)
{
  gtk_label_set_text (self->error_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

static void
on_entry_changed_cb (LdUnmatchedPage *self)
{
  /* A refusal was about what was typed before. */
  if (!self->sending)
    say_error (self, NULL);
}

static void
update_actions (LdUnmatchedPage *self)
{
  gboolean may = ld_instrument_may_resolve (ld_session_get_actor (self->session)->roles) &&
                 ld_session_get_online (self->session) && self->selected != NULL &&
                 !self->sending;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unmatched.attach",
                                 may && has_text (self->accession_entry) &&
                                   has_text (self->test_entry));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unmatched.discard",
                                 may && has_text (self->reason_entry));
}

/* "Cobas c111 · S26112600017 · K 4.1 mmol/L", then why, its flags and
 * when it came. */
static GtkWidget *
build_row (LdUnmatchedItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  const char *flags = ld_unmatched_item_get_flags (item);
  g_autofree char *received = ld_order_text_day_clock (ld_unmatched_item_get_received_at (item));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: an unmatched result: instrument · accession · code value units. */
  title = g_strdup_printf (_("%s · %s · %s %s %s"), ld_unmatched_item_get_instrument (item) ?: "",
                              ld_unmatched_item_get_accession (item) ?: "",
                              ld_unmatched_item_get_instrument_code (item) ?: "",
                              ld_unmatched_item_get_value (item) ?: "",
                              ld_unmatched_item_get_units (item) ?: "");
  if (flags != NULL && *flags != '\0')
    /* Translators: why a result found no place · the analyzer's flags · when it came. */
    subtitle =
      g_strdup_printf (_("%s · flags %s · received %s"),
                          reason_words (ld_unmatched_item_get_reason (item)), flags, received);
  else
    /* Translators: why a result found no place · when it came. */
    subtitle = g_strdup_printf (_("%s · received %s"),
                                   reason_words (ld_unmatched_item_get_reason (item)), received);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_strchomp (title));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_name (row, ld_unmatched_item_get_id (item) ?: "");
  g_object_set_data_full (G_OBJECT (row), "ld-unmatched", g_object_ref (item), g_object_unref);
  return row;
}

static void
on_list_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LdUnmatchedPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items =
               ld_instrument_list_unmatched_finish (LD_API_CLIENT (source), result, &error);
  g_autofree char *selected_id = NULL;
  GtkListBoxRow *reselect = NULL;
  GtkWidget *child;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->loading = FALSE;
  if (self->stale)
    {
      self->stale = FALSE;
      refresh (self);
    }
  if (items == NULL)
    {
      g_autofree char *text = ld_error_text_describe (error);

      gtk_label_set_text (self->status_label, text);
      return;
    }

  {
    g_autoptr(GString) ids = g_string_new (NULL);

    for (guint i = 0; i < items->len; i++)
      g_string_append_printf (ids, "%s\n", ld_unmatched_item_get_id (g_ptr_array_index (items, i)));
    if (self->shown_ids != NULL && g_str_equal (ids->str, self->shown_ids))
      return;
    g_free (self->shown_ids);
    self->shown_ids = g_string_free (g_steal_pointer (&ids), FALSE);
  }

  selected_id = self->selected ? g_strdup (ld_unmatched_item_get_id (self->selected)) : NULL;
  self->rebuilding = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < items->len; i++)
    {
      LdUnmatchedItem *item = g_ptr_array_index (items, i);
      GtkWidget *row = build_row (item);

      gtk_list_box_append (self->list, row);
      if (g_strcmp0 (selected_id, ld_unmatched_item_get_id (item)) == 0)
        reselect = GTK_LIST_BOX_ROW (row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->list), items->len > 0);
  /* The one being worked on stays chosen, with what was typed; if a
   * colleague resolved it, the form empties. */
  if (reselect != NULL)
    {
      gtk_list_box_select_row (self->list, reselect);
      g_set_object (&self->selected, g_object_get_data (G_OBJECT (reselect), "ld-unmatched"));
    }
  self->rebuilding = FALSE;
  if (reselect == NULL && selected_id != NULL)
    on_row_selected_cb (self, NULL);
  gtk_label_set_text (
    self->status_label,
    items->len > 0
      /* Translators: how many results the analyzers sent wait to be resolved. */
      ? g_dngettext (GETTEXT_PACKAGE,
                     "One result waits: choose it, then attach it to a sample or discard it.",
                     "These results wait, the oldest first: choose one, then attach it to a "
                     "sample or discard it.",
                     items->len)
      : _("Every result the analyzers sent has found its sample."));
  update_actions (self);
}

static void
refresh (LdUnmatchedPage *self)
{
  LdCache *cache = ld_session_get_cache (self->session);

  if (self->loading)
    {
      self->stale = TRUE;
      return;
    }
  self->loading = TRUE;
  if (cache != NULL)
    self->seen_seq = ld_cache_get_last_seq (cache);
  ld_instrument_list_unmatched_async (ld_session_get_api_client (self->session),
                                      self->cancellable, on_list_cb, g_object_ref (self));
}

/* The cache took a batch: the feed's changes, or work made here. Only
 * a batch that moved the feed's position can hold an unmatched result. */
static void
on_cache_changed_cb (LdUnmatchedPage    *self,
                     const LdCacheBatch *batch)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || batch->last_seq <= self->seen_seq)
    return;
  refresh (self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh (LD_UNMATCHED_PAGE (widget));
}

static void
on_resolved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LdUnmatchedPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done = ld_instrument_resolve_finish (LD_API_CLIENT (source), result, &error);
  g_autofree char *toast = NULL;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->sending = FALSE;
  toast = g_steal_pointer (&self->done_text);
  if (!done)
    {
      g_autofree char *text = ld_error_text_describe (error);

      say_error (self, text);
    }
  else
    {
      say_error (self, NULL);
      if (toast != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", toast);
      gtk_editable_set_text (GTK_EDITABLE (self->accession_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->test_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), "");
      g_clear_object (&self->selected);
      gtk_widget_grab_focus (GTK_WIDGET (self->list));
    }
  update_actions (self);
  refresh (self);
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LdUnmatchedPage *self = LD_UNMATCHED_PAGE (widget);
  g_autofree char *accession = dup_stripped (self->accession_entry);
  g_autofree char *test_code = dup_stripped (self->test_entry);

  g_return_if_fail (self->selected != NULL);

  self->sending = TRUE;
  g_free (self->done_text);
  /* Translators: a toast: an analyzer's value was put on a sample's test. */
  self->done_text = g_strdup_printf (_("Attached to %s, %s, as a draft"), accession, test_code);
  update_actions (self);
  ld_instrument_attach_async (ld_session_get_api_client (self->session),
                              ld_unmatched_item_get_id (self->selected), accession, test_code,
                              self->cancellable, on_resolved_cb, g_object_ref (self));
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LdUnmatchedPage *self = LD_UNMATCHED_PAGE (widget);
  g_autofree char *reason = dup_stripped (self->reason_entry);

  g_return_if_fail (self->selected != NULL);

  self->sending = TRUE;
  g_free (self->done_text);
  self->done_text = g_strdup (_("Result discarded"));
  update_actions (self);
  ld_instrument_discard_async (ld_session_get_api_client (self->session),
                               ld_unmatched_item_get_id (self->selected), reason,
                               self->cancellable, on_resolved_cb, g_object_ref (self));
}

static void
on_row_selected_cb (LdUnmatchedPage *self,
                    GtkListBoxRow   *row)
{
  LdUnmatchedItem *item = row ? g_object_get_data (G_OBJECT (row), "ld-unmatched") : NULL;

  if (self->rebuilding || item == self->selected)
    return;
  g_set_object (&self->selected, item);
  /* Another result: start from what the analyzer sent. */
  gtk_editable_set_text (GTK_EDITABLE (self->accession_entry),
                         item ? ld_unmatched_item_get_accession (item) ?: "" : "");
  gtk_editable_set_text (GTK_EDITABLE (self->test_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), "");
  say_error (self, NULL);
  update_actions (self);
}

static void
on_row_activated_cb (LdUnmatchedPage *self,
                     GtkListBoxRow   *row)
{
  gtk_list_box_select_row (self->list, row);
  gtk_widget_grab_focus (GTK_WIDGET (self->accession_entry));
}

static void
on_accession_activated_cb (LdUnmatchedPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->test_entry));
}

static void
on_test_activated_cb (LdUnmatchedPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "unmatched.attach", NULL);
}

static void
on_reason_activated_cb (LdUnmatchedPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "unmatched.discard", NULL);
}

static void
on_map_cb (LdUnmatchedPage *self)
{
  refresh (self);
}

static gboolean
ld_unmatched_page_grab_focus (GtkWidget *widget)
{
  LdUnmatchedPage *self = LD_UNMATCHED_PAGE (widget);
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->list, 0);

  if (first != NULL)
    return gtk_widget_grab_focus (GTK_WIDGET (first));
  return gtk_widget_grab_focus (GTK_WIDGET (self->accession_entry));
}

static void
ld_unmatched_page_constructed (GObject *object)
{
  LdUnmatchedPage *self = LD_UNMATCHED_PAGE (object);

  G_OBJECT_CLASS (ld_unmatched_page_parent_class)->constructed (object);

  g_signal_connect_object (self->session, "notify::online", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  if (ld_session_get_cache (self->session) != NULL)
    g_signal_connect_object (ld_session_get_cache (self->session), "changed",
                             G_CALLBACK (on_cache_changed_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
ld_unmatched_page_dispose (GObject *object)
{
  LdUnmatchedPage *self = LD_UNMATCHED_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_UNMATCHED_PAGE);
  g_clear_object (&self->selected);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_unmatched_page_parent_class)->dispose (object);
}

static void
ld_unmatched_page_finalize (GObject *object)
{
  g_clear_object (&LD_UNMATCHED_PAGE (object)->cancellable);
  g_clear_pointer (&LD_UNMATCHED_PAGE (object)->done_text, g_free);
  g_clear_pointer (&LD_UNMATCHED_PAGE (object)->shown_ids, g_free);

  G_OBJECT_CLASS (ld_unmatched_page_parent_class)->finalize (object);
}

static void
ld_unmatched_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, LD_UNMATCHED_PAGE (object)->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_unmatched_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      LD_UNMATCHED_PAGE (object)->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_unmatched_page_class_init (LdUnmatchedPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_unmatched_page_constructed;
  object_class->dispose = ld_unmatched_page_dispose;
  object_class->finalize = ld_unmatched_page_finalize;
  object_class->get_property = ld_unmatched_page_get_property;
  object_class->set_property = ld_unmatched_page_set_property;
  widget_class->grab_focus = ld_unmatched_page_grab_focus;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/lab/ld-unmatched-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdUnmatchedPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LdUnmatchedPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, LdUnmatchedPage, list);
  gtk_widget_class_bind_template_child (widget_class, LdUnmatchedPage, accession_entry);
  gtk_widget_class_bind_template_child (widget_class, LdUnmatchedPage, test_entry);
  gtk_widget_class_bind_template_child (widget_class, LdUnmatchedPage, reason_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_accession_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_test_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_activated_cb);

  gtk_widget_class_install_action (widget_class, "unmatched.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "unmatched.refresh", NULL);
  gtk_widget_class_install_action (widget_class, "unmatched.attach", NULL, attach_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "unmatched.attach", NULL);
  gtk_widget_class_install_action (widget_class, "unmatched.discard", NULL, discard_action);
}

static void
ld_unmatched_page_init (LdUnmatchedPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->accession_entry, "changed", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->test_entry, "changed", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->reason_entry, "changed", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->accession_entry, "changed", G_CALLBACK (on_entry_changed_cb),
                            self);
  g_signal_connect_swapped (self->test_entry, "changed", G_CALLBACK (on_entry_changed_cb), self);
  g_signal_connect_swapped (self->reason_entry, "changed", G_CALLBACK (on_entry_changed_cb), self);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
}

/**
 * ld_unmatched_page_new:
 * @session: the signed-in session
 *
 * Returns: (transfer full): the unmatched results page
 */
GtkWidget *
ld_unmatched_page_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_UNMATCHED_PAGE, "session", session, NULL);
}
