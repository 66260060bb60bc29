/* ld-verify-page.c: a second technician checks an order's results
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What was entered, result by result: the value with its unit and
 * interval, the flag in words, who entered it and when, the change from
 * the patient's last result; critical values first, under their own
 * heading, then results outside the interval or changed, then the rest.
 * A result is verified one by one or all at once (Ctrl+Return); a
 * critical one only with the record of its telephone call. Who entered a
 * result does not verify it unless the lab's settings allow it: the
 * controls say so before the server would. A verified result not yet
 * released can be sent back for re-entry, with a reason. Once every
 * result is verified an authorised signatory releases the report, and the
 * report the server kept is printed at once. What is offered is what the
 * session's shared checks allow this user (issue 30): Release is not
 * shown to a technician who is not a signatory.
 *
 * Reads follow the cache, as typed items (LdOrderView, LdResultView). This
 * file shows; ld-verify-page-actions.c
 * decides what is offered, verifies, sends back, releases and prints.
 */

#define G_LOG_DOMAIN "ld-verify-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-order-text.h"
#include "common/ld-status-line.h"
#include "ld-report-format.h"
#include "ld-states.h"
#include "ld-time.h"
#include "ld-verify-page-private.h"
#include "store/ld-order-follow.h"


G_DEFINE_FINAL_TYPE (LdVerifyPage, ld_verify_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_ORDER_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static gboolean
is_flagged (LdResultView *result)
{
  LdReportFlag flag = ld_report_flag_from_string (ld_result_view_get_flag (result));

  return ld_report_flag_is_abnormal (flag) || ld_result_view_get_has_delta (result);
}

static char *
dup_clock (const char *at)
{
  gint64 us;

  if (!ld_time_parse_rfc3339 (at, &us))
    return NULL;
  return ld_order_text_clock (us);
}

/* "Potassium 6.8 mmol/L (critical high)": a value in words. */
char *
ld_verify_page_dup_value_text (LdResultView *result)
{
  const char *flag =
    ld_report_flag_to_string (ld_report_flag_from_string (ld_result_view_get_flag (result)));
  g_autofree char *down = g_utf8_strdown (flag, -1);

  if (*flag == '\0')
    /* Translators: a result: test name, value, unit. */
    return g_strdup_printf (_("%s %s %s"), ld_result_view_get_test_name (result) ?: "",
                               ld_result_view_get_value (result) ?: "",
                               ld_result_view_get_unit (result) ?: "");
  /* Translators: a result: test name, value, unit, then its flag in words. */
  return g_strdup_printf (_("%s %s %s (%s)"), ld_result_view_get_test_name (result) ?: "",
                             ld_result_view_get_value (result) ?: "",
                             ld_result_view_get_unit (result) ?: "", down);
}

static const char *
state_text (LdResultView *result)
{
  /* clang-format off */
  static const char * const words[] = {
    [LD_RESULT_STATE_PENDING] = N_("Waiting for a value"),
    [LD_RESULT_STATE_ENTERED] = N_("Awaiting verification"),
    [LD_RESULT_STATE_VERIFIED] = N_("Verified"),
    [LD_RESULT_STATE_RELEASED] = N_("Released"),
    [LD_RESULT_STATE_AMENDED] = N_("Amended"),
    [LD_RESULT_STATE_CANCELLED] = N_("Cancelled"),
  };
  /* clang-format on */
  const char *state = ld_result_view_get_state (result);
  LdResultState known = ld_result_state_parse (state);

  if (known != LD_RESULT_STATE_UNKNOWN)
    return _(words[known]);
  return state ? state : "";
}

/* Who did it, as this bench can say it: the server shows technicians
 * no one else's name, only whether it was this user. */
static const char *
who_text (LdVerifyPage *self,
          const char   *user_id)
{
  if (g_strcmp0 (user_id, ld_user_get_id (ld_session_get_user (self->session))) == 0)
    return _("you");
  return _("another technician");
}

/* Who verified a result: the system, when the test's rules did
 * (auto-verification names no verifier), else a person as above. */
static const char *
verifier_text (LdVerifyPage *self,
               LdResultView *result)
{
  if (ld_result_view_get_auto_verified (result))
    /* Translators: who verified a result when the test's rules did. */
    return _("System (auto-verification)");
  return who_text (self, ld_result_view_get_verified_by (result));
}

/* The lines under a result's name: value, flag and interval; who entered
 * it and when, and where it stands; who verified it; the change from the
 * last result; the telephoned call of a critical value. */
static char *
dup_details (LdVerifyPage *self,
             LdResultView *result)
{
  GString *text = g_string_new (NULL);
  const char *flag =
    ld_report_flag_to_string (ld_report_flag_from_string (ld_result_view_get_flag (result)));
  const char *range = ld_result_view_get_range_text (result);
  const LdCriticalCall *call = ld_result_view_get_result (result)->critical_call;
  g_autofree char *entered_at = dup_clock (ld_result_view_get_entered_at (result));
  g_autofree char *verified_at = dup_clock (ld_result_view_get_verified_at (result));

  if (ld_result_view_get_value (result) != NULL)
    {
      /* Translators: a result's value and unit. */
      g_string_append_printf (text, _("%s %s"), ld_result_view_get_value (result),
                                       ld_result_view_get_unit (result) ?: "");
      g_string_append_printf (text, " · %s", *flag ? flag : C_("result flag", "Normal"));
    }
  if (range != NULL)
    /* Translators: a result's reference interval, "Interval 3.5–5.1". */
    g_string_append_printf (text, _(" · Interval %s"), range);
  else if (ld_result_view_get_value (result) != NULL)
    g_string_append (text, _(" · No reference interval"));
  g_string_append_c (text, '\n');

  if (entered_at != NULL)
    /* Translators: "Entered by you at 10:40 · Awaiting verification". */
    g_string_append_printf (text, _("Entered by %s at %s · %s"),
                                     who_text (self, ld_result_view_get_entered_by (result)),
                                     entered_at, state_text (result));
  else
    g_string_append (text, state_text (result));
  if (verified_at != NULL)
    /* Translators: who verified a result and when, "Verified by you at 10:52". */
    g_string_append_printf (text, _("\nVerified by %s at %s"), verifier_text (self, result),
                                     verified_at);

  if (ld_result_view_get_has_delta (result))
    {
      const char *previous =
        ld_result_get_delta_previous_value (ld_result_view_get_result (result));

      /* Translators: a delta flag: the previous value of the same test. */
      g_string_append_printf (text, _("\nDelta: changed sharply from %s, the last verified result"),
                              previous ?: "");
    }

  if (call != NULL)
    {
      g_autofree char *at = dup_clock (call->called_at);

      g_string_append_c (text, '\n');
      /* Translators: the record of a critical value's call: name, role, time, who called. */
      g_string_append_printf (text, _("Telephoned to %s (%s) at %s by %s and read back."),
                                       call->name ?: "", call->role ?: "", at ? at : "",
                                       who_text (self, call->called_by));
    }
  return g_string_free (text, FALSE);
}

/* A row's button for @action (running @kind) on the result @id; @spoken
 * (which it frees) is what a screen reader and the tooltip say. It shows
 * only once ld_verify_page_actions_update() finds @kind allowed. */
static void
add_row_button (LdVerifyPage  *self,
                GtkWidget     *row,
                const char    *label,
                char          *spoken,
                const char    *action,
                LdCommandKind  kind,
                const char    *id)
{
  GtkWidget *button = gtk_button_new_with_label (label);
  g_autofree char *owned = spoken;

  gtk_widget_set_visible (button, FALSE);
  g_object_set_data (G_OBJECT (button), "ld-verify-command", GINT_TO_POINTER (kind));
  g_ptr_array_add (self->row_buttons, button);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", id);
  gtk_widget_set_tooltip_text (button, spoken);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  spoken, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
}

static GtkWidget *
make_result_row (LdVerifyPage *self,
                 LdResultView *result)
{
  GtkWidget *row = adw_action_row_new ();
  const char      *id = ld_result_view_get_id (result);
  const char      *name = ld_result_view_get_test_name (result) ?: "";
  g_autofree char *title =
    g_strdup_printf ("%s (%s)", name, ld_result_view_get_test_code (result) ?: "");
  g_autofree char *details = dup_details (self, result);
  g_autofree char *title_markup = g_markup_escape_text (title, -1);
  g_autofree char *details_markup = g_markup_escape_text (details, -1);
  g_autofree char *row_name =
    g_strdup_printf ("verify-row-%s", ld_result_view_get_test_code (result));

  gtk_widget_set_name (row, row_name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title_markup);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), details_markup);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  if (id == NULL)
    return row;
  /* Translators: a row's button, read by a screen reader; %s is the test's name. */
  add_row_button (self, row, _("Verify"), g_strdup_printf (_("Verify %s"), name),
                  "verify.verify-one", LD_COMMAND_RESULT_VERIFY, id);
  /* Translators: a row's button, read by a screen reader; %s is the test's name. */
  add_row_button (self, row, _("Send Back"), g_strdup_printf (_("Send %s back for re-entry"), name),
                  "verify.return", LD_COMMAND_RESULT_RETURN, id);
  /* Translators: a row's button, read by a screen reader; %s is the test's name. */
  add_row_button (self, row, _("Amend"), g_strdup_printf (_("Amend %s with a reason"), name),
                  "verify.amend", LD_COMMAND_RESULT_AMEND, id);
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/**
 * ld_verify_page_dup_results:
 * @self: the page
 *
 * Returns: (transfer full) (element-type LdResultView): the results, in
 *   the order's test order
 */
GPtrArray *
ld_verify_page_dup_results (LdVerifyPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  GPtrArray *results = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (results, g_list_model_get_item (G_LIST_MODEL (self->results), i));
  return results;
}

/* Returns: (transfer none) (nullable): the result @id */
LdResultView *
ld_verify_page_find_result (LdVerifyPage *self,
                            const char   *id)
{
  return ld_record_items_find (self->results, id);
}

static void
rebuild (LdVerifyPage *self)
{
  g_autoptr(GPtrArray) results = ld_verify_page_dup_results (self);
  guint n_critical = 0, n_flagged = 0, n_other = 0;

  g_ptr_array_set_size (self->row_buttons, 0);
  clear_list (self->critical_list);
  clear_list (self->flagged_list);
  clear_list (self->other_list);

  for (guint i = 0; i < results->len; i++)
    {
      LdResultView *result = g_ptr_array_index (results, i);
      GtkListBox *list;

      if (ld_result_state_parse (ld_result_view_get_state (result)) == LD_RESULT_STATE_CANCELLED)
        continue;
      if (ld_result_view_get_critical (result))
        list = self->critical_list, n_critical++;
      else if (is_flagged (result))
        list = self->flagged_list, n_flagged++;
      else
        list = self->other_list, n_other++;
      gtk_list_box_append (list, make_result_row (self, result));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->critical_group), n_critical > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->flagged_group), n_flagged > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->other_group), n_other > 0);
  ld_verify_page_actions_update (self);
}

static gboolean
rebuild_idle_cb (gpointer user_data)
{
  LdVerifyPage *self = user_data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* Results change in bursts (a verification touches every result): one
 * rebuild for the burst. */
static void
queue_rebuild (LdVerifyPage *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_idle_cb, self);
}

static void
show_order (LdVerifyPage *self)
{
  LdOrderView *order = ld_order_follow_get_view (self->follow);
  g_autofree char *title = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *who = NULL;

  if (!ld_order_view_get_loaded (order))
    {
      gtk_label_set_text (self->title_label, _("Loading…"));
      return;
    }
  title = ld_order_text_title (ld_order_view_get_number (order));
  /* Translators: the verification page's title; %s is "Order O2611-000001". */
  heading = g_strdup_printf (_("Verify %s"), title);
  /* Translators: the patient on the verification page: name, then MRN. */
  who = g_strdup_printf (_("%s · %s"), ld_order_view_get_patient_name (order) ?: "",
                            ld_order_view_get_patient_mrn (order) ?: "");
  gtk_label_set_text (self->title_label, heading);
  gtk_label_set_text (self->patient_label, who);
  gtk_label_set_text (self->state_label,
                      ld_order_text_lab_state (ld_order_view_get_lab_state (order)));
  ld_verify_page_actions_update (self);
}

void
ld_verify_page_set_busy (LdVerifyPage *self,
                         gboolean      busy,
                         const char   *status,
                         gboolean      is_error)
{
  self->busy = busy;
  ld_status_line_show (self->status_label, status, is_error);
  ld_verify_page_actions_update (self);
}

static void
on_settings_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LdVerifyPage) self = user_data;
  LdSettings *settings = ld_cache_get_settings_finish (LD_CACHE (source), result, NULL);

  if (settings == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_pointer (&settings, ld_settings_free);
      return;
    }
  self->allow_self_verification = settings->allow_self_verification;
  ld_settings_free (settings);
  queue_rebuild (self);
}

static void
ld_verify_page_constructed (GObject *object)
{
  LdVerifyPage *self = LD_VERIFY_PAGE (object);
  LdCache *cache = ld_session_get_cache (self->session);

  G_OBJECT_CLASS (ld_verify_page_parent_class)->constructed (object);

  g_return_if_fail (cache != NULL && self->order_id != NULL);
  self->follow = ld_order_follow_new (self->session, self->order_id);
  g_signal_connect_object (self->follow, "changed", G_CALLBACK (show_order), self,
                           G_CONNECT_SWAPPED);
  self->results = ld_record_items_new_order_results (cache, self->order_id);
  g_signal_connect_object (self->results, "refreshed", G_CALLBACK (queue_rebuild), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->results, "notify::settled",
                           G_CALLBACK (ld_verify_page_actions_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::online",
                           G_CALLBACK (ld_verify_page_actions_update), self, G_CONNECT_SWAPPED);
  ld_cache_get_settings_async (cache, self->cancellable, on_settings_cb, g_object_ref (self));
  show_order (self);
  queue_rebuild (self);
}

static void
ld_verify_page_dispose (GObject *object)
{
  LdVerifyPage *self = LD_VERIFY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->follow != NULL)
    g_signal_handlers_disconnect_by_data (self->follow, self);
  if (self->results != NULL)
    g_signal_handlers_disconnect_by_data (self->results, self);
  g_clear_pointer (&self->row_buttons, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_VERIFY_PAGE);
  g_clear_object (&self->follow);
  g_clear_object (&self->results);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_verify_page_parent_class)->dispose (object);
}

static void
ld_verify_page_finalize (GObject *object)
{
  LdVerifyPage *self = LD_VERIFY_PAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->order_id);
  g_free (self->export_path);

  G_OBJECT_CLASS (ld_verify_page_parent_class)->finalize (object);
}

static void
ld_verify_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LdVerifyPage *self = LD_VERIFY_PAGE (object);

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
ld_verify_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LdVerifyPage *self = LD_VERIFY_PAGE (object);

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
ld_verify_page_class_init (LdVerifyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_verify_page_constructed;
  object_class->dispose = ld_verify_page_dispose;
  object_class->finalize = ld_verify_page_finalize;
  object_class->get_property = ld_verify_page_get_property;
  object_class->set_property = ld_verify_page_set_property;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_ORDER_ID] =
    g_param_spec_string ("order-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/lab/ld-verify-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdVerifyPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LdVerifyPage, patient_label);
  gtk_widget_class_bind_template_child (widget_class, LdVerifyPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, LdVerifyPage, self_label);
  gtk_widget_class_bind_template_child (widget_class, LdVerifyPage, critical_group);
  gtk_widget_class_bind_template_child (widget_class, LdVerifyPage, flagged_group);
  gtk_widget_class_bind_template_child (widget_class, LdVerifyPage, other_group);
  gtk_widget_class_bind_template_child (widget_class, LdVerifyPage, critical_list);
  gtk_widget_class_bind_template_child (widget_class, LdVerifyPage, flagged_list);
  gtk_widget_class_bind_template_child (widget_class, LdVerifyPage, other_list);
  gtk_widget_class_bind_template_child (widget_class, LdVerifyPage, interpretation_row);
  gtk_widget_class_bind_template_child (widget_class, LdVerifyPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LdVerifyPage, release_button);

  ld_verify_page_install_actions (widget_class);
}

static void
ld_verify_page_init (LdVerifyPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->row_buttons = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_verify_page_new:
 * @session: the signed-in session
 * @order_id: the order whose results are checked
 *
 * Returns: (transfer full): the verification page
 */
GtkWidget *
ld_verify_page_new (LdSession  *session,
                    const char *order_id)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  return g_object_new (LD_TYPE_VERIFY_PAGE, "session", session, "order-id", order_id, NULL);
}

/**
 * ld_verify_page_set_export_path:
 * @path: (nullable): a PDF to save the released report to instead of
 *   printing it (tests)
 */
void
ld_verify_page_set_export_path (LdVerifyPage *self,
                                const char   *path)
{
  g_return_if_fail (LD_IS_VERIFY_PAGE (self));

  g_free (self->export_path);
  self->export_path = g_strdup (path);
}
