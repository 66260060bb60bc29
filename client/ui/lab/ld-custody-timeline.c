/* ld-custody-timeline.c: each sample of an order and what happened to it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One entry per tube: its accession, container and state in words, then
 * every custody event the server recorded (collected, received, rejected
 * with the reason, a new sample asked for, stored where, disposed), each
 * with who, when and where, the newest last. The moves offered on the
 * selected tube are the ones the server would take (the session's shared
 * checks, custody_timeline_actions_update()); rejecting and storing ask
 * what the server needs in a dialog, disposing asks first because it
 * cannot be undone. Each move is a call, not an outbox item: a rejection stops the tube's values
 * counting and moves the order, which only the server can judge. The
 * answer reaches the list through the feed like any other change. So
 * offline the moves are not offered, and the page says why in words.
 */

#define G_LOG_DOMAIN "ld-custody-timeline"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "common/ld-order-text.h"
#include "common/ld-record-rows.h"
#include "common/ld-status-line.h"
#include "common/ld-step-tooltip.h"
#include "ld-custody-dialog.h"
#include "ld-custody-timeline.h"
#include "ld-sample.h"
#include "ld-states.h"
#include "store/ld-lab-calls.h"
#include "ld-command-records.h"

struct _LdCustodyTimeline
{
  AdwBin              parent_instance;

  LdSession          *session;
  LdCacheList        *samples;
  GtkSingleSelection *selection;
  LdCacheRecord      *selected;
  GCancellable       *cancellable;
  GPtrArray          *results;
  gboolean            busy;

  GtkListView        *samples_view;
  GtkLabel           *offline_label;
  GtkLabel           *status_label;
  GtkWidget          *receive_button;
  GtkWidget          *reject_button;
  GtkWidget          *store_button;
  GtkWidget          *dispose_button;
};

G_DEFINE_FINAL_TYPE (LdCustodyTimeline, ld_custody_timeline, ADW_TYPE_BIN)

/* The moves, as the actions and the server name them, the command the
 * session checks for each, and its button (which says why it is not
 * offered). */
static const struct
{
  const char    *action;
  const char    *event;
  LdCommandKind  command;
  const char    *button;
  gssize         button_offset;
} moves[] = {
  { "custody.receive", "received", LD_COMMAND_SAMPLE_RECEIVE, "receive_button",
    G_STRUCT_OFFSET (LdCustodyTimeline, receive_button) },
  { "custody.reject", "rejected", LD_COMMAND_SAMPLE_REJECT, "reject_button",
    G_STRUCT_OFFSET (LdCustodyTimeline, reject_button) },
  { "custody.store", "stored", LD_COMMAND_SAMPLE_STORE, "store_button",
    G_STRUCT_OFFSET (LdCustodyTimeline, store_button) },
  { "custody.dispose", "disposed", LD_COMMAND_SAMPLE_DISPOSE, "dispose_button",
    G_STRUCT_OFFSET (LdCustodyTimeline, dispose_button) },
};

static GtkWidget *
make_row (void)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *what = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *events = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_widget_set_margin_top (row, 8);
  gtk_widget_set_margin_bottom (row, 8);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_hexpand (what, TRUE);
  gtk_box_append (GTK_BOX (row), head);
  gtk_box_append (GTK_BOX (head), what);
  ld_row_add_label (row, GTK_BOX (what), "sample-accession", "heading");
  ld_row_add_label (row, GTK_BOX (what), "sample-tube", "dim-label");
  gtk_label_set_xalign (GTK_LABEL (ld_row_add_label (row, GTK_BOX (head), "sample-state",
                                                     "caption-heading")), 1);
  gtk_widget_set_name (events, "sample-events");
  gtk_widget_set_margin_start (events, 12);
  gtk_box_append (GTK_BOX (row), events);
  g_object_set_data (G_OBJECT (row), "ld-events", events);
  return row;
}

/* "Received in the lab · 23 Nov 14:05 · Ravi Kumar", then where and the
 * note (a rejection's reason) on lines of their own. */
static char *
dup_event_text (const LdCustodyEvent *event)
{
  const char *what = event->event;
  const char *who = event->user_name;
  const char *where = event->location;
  const char *note = event->note;
  g_autofree char *when = ld_order_text_day_clock (event->at);
  GString *text = g_string_new (NULL);

  /* Translators: a custody event: what happened, when, and who did it. */
  g_string_append_printf (text, _("%s · %s · %s"), ld_order_text_custody_event (what), when,
                                   who ? who : _("someone no longer listed"));
  if (where != NULL && *where != '\0')
    /* Translators: where a sample was collected, received or stored. */
    g_string_append_printf (text, _("\nWhere: %s"), where);
  if (note != NULL && *note != '\0')
    g_string_append_printf (text, ld_sample_state_parse (what) == LD_SAMPLE_STATE_REJECTED
                            /* Translators: why a sample was rejected. */
                            ? _("\nReason: %s")
                            /* Translators: a note on a custody event. */
                            : _("\nNote: %s"), note);
  return g_string_free (text, FALSE);
}

static void
fill_row (GtkWidget     *row,
          LdCacheRecord *record)
{
  GtkWidget *events = g_object_get_data (G_OBJECT (row), "ld-events");
  g_autoptr(LdSample) sample = NULL;
  g_autofree char *tube = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (events)) != NULL)
    gtk_box_remove (GTK_BOX (events), child);

  if (!ld_cache_record_get_loaded (record))
    {
      gtk_label_set_text (ld_row_label (row, "sample-accession"), _("Loading…"));
      gtk_label_set_text (ld_row_label (row, "sample-tube"), "");
      gtk_label_set_text (ld_row_label (row, "sample-state"), "");
      return;
    }
  /* The row as the shared record, read once for the whole row. */
  sample = ld_cache_record_dup_sample (record);
  /* Translators: a tube: its container, then the specimen. */
  tube = g_strdup_printf (_("%s · %s"), sample->container ?: "", sample->specimen ?: "");
  gtk_label_set_text (ld_row_label (row, "sample-accession"), sample->accession ?: "");
  gtk_label_set_text (ld_row_label (row, "sample-tube"), tube);
  gtk_label_set_text (ld_row_label (row, "sample-state"),
                      ld_order_text_sample_state (sample->state));

  for (guint i = 0; i < sample->custody->len; i++)
    {
      g_autofree char *text = dup_event_text (g_ptr_array_index (sample->custody, i));
      GtkWidget *label;

      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (events), label);
    }
}

/* Whether the selected tube may take @i's move now, as the session's
 * shared check (the server's: the role, then the sample's own moves)
 * answers for the sample as the cache holds it. */
static gboolean
may_move (LdCustodyTimeline  *self,
          guint               i,
          const LdSample     *sample,
          GError            **error)
{
  LdCommandTarget target = { .sample = NULL };

  if (sample == NULL)
    return FALSE;
  /* The results not known yet, a rejection is not offered: it may be
   * one that would throw a checked value away. */
  if (moves[i].command == LD_COMMAND_SAMPLE_REJECT && self->results == NULL)
    return FALSE;
  target.sample = sample;
  target.results = self->results;
  return ld_session_check (self->session, moves[i].command, &target, error);
}

/**
 * custody_timeline_actions_update:
 * @self: the timeline
 *
 * The one place that decides which moves the selected tube is offered
 * (issue 30), each button saying why when its move is not: the check's
 * refusal (a sample already stored cannot be stored again, a role that
 * never moves tubes). Each is a call to the server, so none is offered
 * offline (the page says so in words).
 */
static void
custody_timeline_actions_update (LdCustodyTimeline *self)
{
  LdCacheRecord *record = self->selected;
  g_autoptr(LdSample) sample = record && ld_cache_record_get_loaded (record)
                                  ? ld_cache_record_dup_sample (record)
                                  : NULL;
  /* Before it is bound, nothing is offered anyway. */
  gboolean online = self->session != NULL && ld_session_get_online (self->session);

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      GtkWidget *button = G_STRUCT_MEMBER (GtkWidget *, self, moves[i].button_offset);
      g_autoptr(GError) refusal = NULL;
      gboolean may = self->session != NULL && may_move (self, i, sample, &refusal);

      ld_step_tooltip_refuse (button, refusal);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), moves[i].action,
                                     online && !self->busy && may);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->offline_label), self->session != NULL && !online);
}

static void
on_selected_changed_cb (LdCustodyTimeline *self)
{
  if (self->selected != NULL)
    g_signal_handlers_disconnect_by_data (self->selected, self);
  g_set_object (&self->selected, gtk_single_selection_get_selected_item (self->selection));
  if (self->selected != NULL)
    g_signal_connect_object (self->selected, "notify::loaded",
                             G_CALLBACK (custody_timeline_actions_update), self, G_CONNECT_SWAPPED);
  custody_timeline_actions_update (self);
}

static void
on_moved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LdCustodyTimeline) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSample) moved = ld_lab_custody_finish (LD_API_CLIENT (source), result, &error);
  g_autofree char *text = NULL;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->busy = FALSE;
  custody_timeline_actions_update (self);
  if (moved == NULL)
    {
      g_autofree char *refusal = ld_error_text_describe (error);

      ld_status_line_show (self->status_label, refusal, TRUE);
      return;
    }
  /* Translators: said once a sample's custody moved: its accession, then its state in words. */
  text = g_strdup_printf (_("Sample %s: %s."), moved->accession ? moved->accession : "",
                             ld_order_text_sample_state (moved->state));
  ld_status_line_show (self->status_label, text, FALSE);
}

static void
send_move (LdCustodyTimeline *self,
           const char        *event,
           const char        *location,
           const char        *reason,
           gboolean           recollect)
{
  g_autoptr(LdSample) sample = NULL;

  if (self->selected == NULL || self->busy || !ld_cache_record_get_loaded (self->selected))
    return;
  sample = ld_cache_record_dup_sample (self->selected);
  self->busy = TRUE;
  custody_timeline_actions_update (self);
  ld_status_line_show (self->status_label, _("Sending…"), FALSE);
  ld_lab_custody_async (ld_session_get_api_client (self->session),
                        ld_cache_record_get_id (self->selected),
                        sample->version, event, location, reason,
                        recollect, self->cancellable, on_moved_cb, g_object_ref (self));
}

static void
on_dialog_response_cb (LdCustodyDialog   *dialog,
                       const char        *response,
                       LdCustodyTimeline *self)
{
  g_autofree char *reason = NULL;
  g_autofree char *location = NULL;

  if (!g_str_equal (response, "accept"))
    return;
  if (ld_sample_state_parse (ld_custody_dialog_get_event (dialog)) == LD_SAMPLE_STATE_REJECTED)
    {
      reason = ld_custody_dialog_dup_reason (dialog);
      if (reason == NULL)
        return;
      send_move (self, "rejected", NULL, reason, ld_custody_dialog_get_recollect (dialog));
    }
  else
    {
      location = ld_custody_dialog_dup_location (dialog);
      send_move (self, "stored", location, NULL, FALSE);
    }
}

static void
on_dispose_response_cb (AdwMessageDialog  *dialog,
                        const char        *response,
                        LdCustodyTimeline *self)
{
  if (g_str_equal (response, "dispose"))
    send_move (self, "disposed", NULL, NULL, FALSE);
}

static GtkWindow *
parent_window (LdCustodyTimeline *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdCustodyTimeline *self = LD_CUSTODY_TIMELINE (widget);
  g_autoptr(LdSample) sample = NULL;
  const char *accession;
  GtkWidget *dialog;

  if (self->selected == NULL || self->busy)
    return;
  sample = ld_cache_record_dup_sample (self->selected);
  accession = sample ? sample->accession : NULL;

  if (g_str_equal (action_name, "custody.receive"))
    {
      send_move (self, "received", NULL, NULL, FALSE);
      return;
    }
  if (g_str_equal (action_name, "custody.dispose"))
    {
      g_autofree char *heading = NULL;

      /* Translators: %s is the sample's accession. */
      heading = g_strdup_printf (_("Dispose of Sample %s?"), accession ? accession : "");
      dialog =
        adw_message_dialog_new (parent_window (self), heading,
                                _("The tube is thrown away; nothing more can be measured on it."));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel",
                                        _("_Cancel"), "dispose", _("_Dispose"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "dispose",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "dispose");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (on_dispose_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  dialog =
    ld_custody_dialog_new (parent_window (self),
                           g_str_equal (action_name, "custody.reject") ? "rejected" : "stored",
                           accession);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ld_custody_timeline_dispose (GObject *object)
{
  LdCustodyTimeline *self = LD_CUSTODY_TIMELINE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->selected != NULL)
    g_signal_handlers_disconnect_by_data (self->selected, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_CUSTODY_TIMELINE);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_object (&self->selected);
  g_clear_object (&self->selection);
  g_clear_object (&self->samples);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_custody_timeline_parent_class)->dispose (object);
}

static void
ld_custody_timeline_finalize (GObject *object)
{
  g_clear_object (&LD_CUSTODY_TIMELINE (object)->cancellable);

  G_OBJECT_CLASS (ld_custody_timeline_parent_class)->finalize (object);
}

static void
ld_custody_timeline_class_init (LdCustodyTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_custody_timeline_dispose;
  object_class->finalize = ld_custody_timeline_finalize;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/lab/ld-custody-timeline.ui");
  gtk_widget_class_bind_template_child (widget_class, LdCustodyTimeline, samples_view);
  gtk_widget_class_bind_template_child (widget_class, LdCustodyTimeline, offline_label);
  gtk_widget_class_bind_template_child (widget_class, LdCustodyTimeline, status_label);
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    gtk_widget_class_bind_template_child_full (widget_class, moves[i].button, FALSE,
                                               moves[i].button_offset);

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    gtk_widget_class_install_action (widget_class, moves[i].action, NULL, move_action);
}

static void
ld_custody_timeline_init (LdCustodyTimeline *self)
{
  g_autoptr(GtkListItemFactory) factory = ld_record_row_factory_new (make_row, fill_row);

  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_view_set_factory (self->samples_view, factory);
  custody_timeline_actions_update (self);
}

/**
 * ld_custody_timeline_bind:
 * @session: the signed-in session, whose server takes the moves
 * @samples: the order's samples as the cache lists them
 *
 * Shows @samples, the first selected. Called once.
 */
void
ld_custody_timeline_bind (LdCustodyTimeline *self,
                          LdSession         *session,
                          LdCacheList       *samples)
{
  g_return_if_fail (LD_IS_CUSTODY_TIMELINE (self));
  g_return_if_fail (LD_IS_SESSION (session));
  g_return_if_fail (LD_IS_CACHE_LIST (samples));
  g_return_if_fail (self->samples == NULL);

  self->session = g_object_ref (session);
  self->samples = g_object_ref (samples);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (samples)));
  gtk_list_view_set_model (self->samples_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selected_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::online",
                           G_CALLBACK (custody_timeline_actions_update), self, G_CONNECT_SWAPPED);
  on_selected_changed_cb (self);
}

/**
 * ld_custody_timeline_set_results:
 * @results: (nullable) (element-type LdResult): the order's results as
 *   the page read them, or %NULL while they are still being read
 *
 * A tube whose value is verified may not be rejected (the server's
 * rule): the moves offered follow @results from now on; with none,
 * rejecting is not offered.
 */
void
ld_custody_timeline_set_results (LdCustodyTimeline *self,
                                 GPtrArray         *results)
{
  g_return_if_fail (LD_IS_CUSTODY_TIMELINE (self));

  if (results != NULL)
    g_ptr_array_ref (results);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  self->results = results;
  custody_timeline_actions_update (self);
}
