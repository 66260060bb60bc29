/* ld-doctor-workspace.c: the doctor's workstation
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The doctor works in short bursts between patients: find the patient,
 * prescribe, read results, never miss a critical value. The workspace
 * opens on one of three sections (Alt+1…3): my patients (every patient
 * when the window's search entry holds text), my orders as they move,
 * and the critical alerts still to be read. Pages slide over the
 * sections through the workspace's actions; Escape goes back.
 */

#define G_LOG_DOMAIN "ld-doctor-workspace"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "common/ld-page-stack.h"
#include "common/ld-patient-dialog.h"
#include "ld-doctor-lists.h"
#include "ld-doctor-today-page.h"
#include "ld-doctor-workspace.h"
#include "ld-workspaces.h"
#include "ld-doctor-order-page.h"
#include "ld-doctor-prefs.h"
#include "ld-history-page.h"
#include "ld-prescribe-page.h"
#include "ld-states.h"
#include "ld-workspace.h"
#include "store/ld-cache-list.h"
#include "store/ld-doctor-calls.h"

struct _LdDoctorWorkspace
{
  AdwBin              parent_instance;

  LdSession          *session;
  GCancellable       *cancellable;

  LdPageStack        *navigation;
  GtkStack           *sections;
  GtkStackSwitcher   *section_switcher;
  GtkWidget          *alert_banner;
  GtkLabel           *alert_count;
  GtkLabel           *alert_heading;
  GtkLabel           *alert_detail;
  GtkLabel           *alert_status;
  GtkWidget          *alert_button;

  GtkWidget          *lists[3];
  LdCacheList        *my_patients;
  LdCacheList        *found_patients;
  LdCacheList        *orders;
  LdCacheList        *alerts;
  /* The alert the banner shows (its record, held while it loads): the
   * oldest open one, so that one arriving meanwhile waits its turn. */
  LdCacheRecord      *shown_alert;
  gboolean            acknowledging;
  /* Alerts already told as a desktop notification in this session. */
  GHashTable         *notified;
  /* Each of the doctor's orders' lab state as last seen, so that results
   * becoming ready are told once, as they happen. */
  GHashTable         *lab_states;
  gboolean            notify_results;
};

static void ld_doctor_workspace_iface_init (LdWorkspaceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdDoctorWorkspace, ld_doctor_workspace, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (LD_TYPE_WORKSPACE,
                                                      ld_doctor_workspace_iface_init))

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_NOTIFY_RESULTS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum
{
  NOTIFIED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static const struct
{
  const char *name;
  const char *title;
} sections[] = {
  { "patients", N_("My Patients") },
    { "orders", N_("My Orders") },
      { "alerts", N_("Alerts") },
    };

/* The doctor's day is a page of its own, after the lists (Alt+4). */
#define TODAY_SECTION "today"

/* clang-format off */
static const char *const placeholders[] = {
  N_("No patients yet: type a name, phone number or MRN above to find anyone, or press Ctrl+N to register a patient."),
  N_("No orders yet: find a patient and press Enter to prescribe."),
  N_("No critical values wait for you."),
};
/* clang-format on */

/* clang-format off */
static const char *const accessible_names[] = {
  N_("Patients"), N_("My orders"), N_("Critical alerts"),
};
/* clang-format on */

static void
add_sections (LdDoctorWorkspace *self)
{
  LdCache *cache = ld_session_get_cache (self->session);
  const char *me = ld_user_get_id (ld_session_get_user (self->session));
  static const LdCacheViewKind kinds[] = {
    LD_CACHE_VIEW_DOCTOR_PATIENTS, LD_CACHE_VIEW_DOCTOR_ORDERS, LD_CACHE_VIEW_DOCTOR_ALERTS,
  };
  LdCacheList **models[] = { &self->my_patients, &self->orders, &self->alerts };

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_autofree char *name = g_strdup_printf ("doctor-%s", sections[i].name);
      g_autoptr(LdCacheView) view = ld_cache_view_new_doctor (kinds[i], me);

      self->lists[i] = ld_doctor_list_new (i, name, _(accessible_names[i]), _(placeholders[i]));
      *models[i] = ld_cache_list_new (cache, view);
      ld_doctor_list_set_model (self->lists[i], G_LIST_MODEL (*models[i]));
      gtk_stack_add_titled (self->sections, self->lists[i], sections[i].name,
                            _(sections[i].title));
    }
  gtk_stack_add_titled (self->sections, ld_doctor_today_page_new (self->session), TODAY_SECTION,
                        _("Today"));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ld_page_stack_back (LD_DOCTOR_WORKSPACE (widget)->navigation);
}

static void
show_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdDoctorWorkspace *self = LD_DOCTOR_WORKSPACE (widget);

  ld_page_stack_show_section (self->navigation, g_variant_get_string (parameter, NULL));
}

/* A patient's cumulative results and trend charts (issue 15, item 4). */
static void
open_history_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdDoctorWorkspace *self = LD_DOCTOR_WORKSPACE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autofree char *key = g_strdup_printf ("history:%s", id);

  ld_page_stack_push (self->navigation, ld_history_page_new (self->session, id), key);
}

/* Ctrl+H: the history of the patient the page on top is for (a
 * prescription's page is keyed by its patient). */
static void
history_of_shown_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LdDoctorWorkspace *self = LD_DOCTOR_WORKSPACE (widget);
  GtkWidget *top = ld_page_stack_get_top (self->navigation);
  const char *key = top != NULL ? ld_page_stack_get_page_key (top) : NULL;

  if (key != NULL && g_str_has_prefix (key, "prescribe:"))
    gtk_widget_activate_action (widget, "doctor.open-history", "s", key + strlen ("prescribe:"));
}


/* Pages over the sections. */

static void
push_page (LdDoctorWorkspace *self,
           GtkWidget         *page,
           const char        *kind,
           const char        *id)
{
  g_autofree char *key = g_strdup_printf ("%s:%s", kind, id);

  ld_page_stack_push (self->navigation, page, key);
}

static void
prescribe_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LdDoctorWorkspace *self = LD_DOCTOR_WORKSPACE (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  push_page (self, ld_prescribe_page_new (self->session, id), "prescribe", id);
}

/* From the visit being written (the Today page): the order belongs to it.
 * Keyed by the patient, as any prescription's page, for Ctrl+H. */
static void
prescribe_visit_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  LdDoctorWorkspace *self = LD_DOCTOR_WORKSPACE (widget);
  const char *patient_id, *visit_id;

  g_variant_get (parameter, "(&s&s)", &patient_id, &visit_id);
  push_page (self, ld_prescribe_page_new_for_visit (self->session, patient_id, visit_id),
             "prescribe", patient_id);
}

static void
open_order_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LdDoctorWorkspace *self = LD_DOCTOR_WORKSPACE (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  push_page (self, ld_doctor_order_page_new (self->session, id), "order", id);
}

/* The desk's registration dialog; the patient registered (or the likely
 * duplicate chosen) is prescribed for. */
static void
register_patient_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LdDoctorWorkspace *self = LD_DOCTOR_WORKSPACE (widget);
  GtkWidget *dialog = ld_patient_dialog_new (self->session, widget, NULL);

  ld_patient_dialog_set_open_action (LD_PATIENT_DIALOG (dialog), "doctor.prescribe");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Critical alerts. The banner shows the doctor's open alerts from the
 * cache (so they are there again at the next sign-in until each is
 * acknowledged), one at a time, oldest first, with how many wait; an
 * alert raised while another shows joins the end of the queue. Nothing
 * but "I have read this value" takes one away. Each is told as a desktop
 * notification as it arrives, whether it is shown yet or not. */

static void show_alert (LdDoctorWorkspace *self);

/**
 * alert_actions_update:
 * @self: the workspace
 * @alert: (nullable): the alert the banner shows, as the cache holds it
 *
 * The one place that decides whether "I have read this value" is
 * offered (issue 30): as the session's shared check (the server's)
 * answers for this doctor and this alert, so an alert already
 * acknowledged, or another doctor's, offers nothing; a user whose role
 * never acknowledges is not shown the button at all.
 */
static void
alert_actions_update (LdDoctorWorkspace *self,
                      const LdAlert     *alert)
{
  g_autoptr(GError) error = NULL;
  LdCommandTarget target = { .alert = NULL };
  gboolean may;

  target.alert = alert;
  may = ld_session_check (self->session, LD_COMMAND_ALERT_ACKNOWLEDGE, &target, &error);
  gtk_widget_set_visible (self->alert_button,
                          may || !g_error_matches (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doctor.acknowledge-alert",
                                 may && !self->acknowledging);
}

static void
on_shown_alert_loaded_cb (LdDoctorWorkspace *self)
{
  show_alert (self);
}

/* Without a registered application (a test's window) the workspace's
 * record of what was told (LdDoctorWorkspace::notified) is all there is. */
static void
send_notification (LdDoctorWorkspace *self,
                   const char        *id,
                   GNotification     *notification)
{
  GApplication *app = g_application_get_default ();

  if (app != NULL && g_application_get_is_registered (app))
    g_application_send_notification (app, id, notification);
  g_signal_emit (self, signals [NOTIFIED], 0, id, notification);
}

static void
notify_alert (LdDoctorWorkspace *self,
              const LdAlert     *alert,
              const char        *id)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *text = NULL;
  g_autofree char *notification_id = NULL;
  const char *patient = alert->patient_name;

  if (!g_hash_table_add (self->notified, g_strdup (id)))
    return;
  text = ld_doctor_alert_describe (alert);
  notification = g_notification_new (_("Critical result"));
  if (patient != NULL)
    {
      g_autofree char *body = NULL;

      /* Translators: a critical value's patient, and the value in words. */
      body = g_strdup_printf (_("%s: %s"), patient, text);
      g_notification_set_body (notification, body);
    }
  else
    g_notification_set_body (notification, text);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
  notification_id = g_strdup_printf ("alert-%s", id);
  send_notification (self, notification_id, notification);
}

/* Results ready: an order of the doctor's whose results are all verified,
 * or whose report is released, told once as it happens (an order first
 * seen in that state, at sign-in, was told before or read already). */

static gboolean
results_ready (const char *lab_state)
{
  LdLabState state = ld_lab_state_parse (lab_state);

  return state == LD_LAB_STATE_VERIFIED || state == LD_LAB_STATE_REPORTED;
}

static void
check_order (LdDoctorWorkspace *self,
             LdCacheRecord     *record)
{
  const LdOrder *order = ld_cache_record_get_order (record);
  const char *id = ld_cache_record_get_id (record);
  const char *state = order ? order->lab_state : NULL;
  const char *before;
  gboolean known;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *notification_id = NULL;
  g_autofree char *body = NULL;

  if (order == NULL || state == NULL)
    return;
  known = g_hash_table_lookup_extended (self->lab_states, id, NULL, (gpointer *) &before);
  if (known && g_strcmp0 (before, state) == 0)
    return;
  g_hash_table_insert (self->lab_states, g_strdup (id), g_strdup (state));
  if (!known || !results_ready (state) || !self->notify_results)
    return;

  notification =
    g_notification_new (ld_lab_state_parse (state) == LD_LAB_STATE_REPORTED ? _("Report released")
                                                                            : _("Results ready"));
  /* Translators: an order's number and its patient, in a notification. */
  body = g_strdup_printf (_("Order %s for %s"), order->number,
                             order->patient_name ? order->patient_name : "");
  g_notification_set_body (notification, body);
  notification_id = g_strdup_printf ("%s-%s", state, id);
  send_notification (self, notification_id, notification);
}

static void
on_order_loaded_cb (LdCacheRecord     *record,
                    GParamSpec        *pspec,
                    LdDoctorWorkspace *self)
{
  g_signal_handlers_disconnect_by_func (record, on_order_loaded_cb, self);
  check_order (self, record);
}

static void
on_orders_changed_cb (LdDoctorWorkspace *self,
                      guint              position,
                      guint              removed,
                      guint              added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(LdCacheRecord) record = g_list_model_get_item (G_LIST_MODEL (self->orders), i);

      if (record == NULL)
        continue;
      if (ld_cache_record_get_loaded (record))
        check_order (self, record);
      else
        g_signal_connect_object (record, "notify::loaded", G_CALLBACK (on_order_loaded_cb),
                                 self, 0);
    }
}

static void
on_alert_loaded_cb (LdCacheRecord     *record,
                    GParamSpec        *pspec,
                    LdDoctorWorkspace *self)
{
  const LdAlert *alert = ld_cache_record_get_alert (record);

  g_signal_handlers_disconnect_by_func (record, on_alert_loaded_cb, self);
  if (alert != NULL)
    notify_alert (self, alert, ld_cache_record_get_id (record));
}

static void
show_alert (LdDoctorWorkspace *self)
{
  guint n_alerts = g_list_model_get_n_items (G_LIST_MODEL (self->alerts));
  g_autoptr(LdCacheRecord) oldest =
               n_alerts > 0 ? g_list_model_get_item (G_LIST_MODEL (self->alerts), n_alerts - 1)
                            : NULL;
  const LdAlert *alert;
  g_autofree char *count = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *spoken = NULL;

  if (self->shown_alert != oldest)
    {
      if (self->shown_alert != NULL)
        g_signal_handlers_disconnect_by_func (self->shown_alert, on_shown_alert_loaded_cb, self);
      g_set_object (&self->shown_alert, oldest);
      if (oldest != NULL)
        g_signal_connect_object (oldest, "notify::loaded", G_CALLBACK (on_shown_alert_loaded_cb),
                                 self, G_CONNECT_SWAPPED);
      gtk_widget_set_visible (GTK_WIDGET (self->alert_status), FALSE);
      self->acknowledging = FALSE;
    }

  alert = oldest ? ld_cache_record_get_alert (oldest) : NULL;
  alert_actions_update (self, alert);
  /* Shown only once its labels hold this alert: an alert not read from
   * the cache yet would otherwise be drawn, for a frame, with the text
   * of the one before it. */
  if (alert == NULL)
    {
      gtk_widget_set_visible (self->alert_banner, FALSE);
      return;
    }

  /* Translators: over the critical-alert banner: how many values wait to be read. */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u critical value to read",
                                        "%u critical values to read", n_alerts), n_alerts);
  heading = ld_doctor_alert_describe (alert);
  /* Translators: a critical value's patient, MRN and order number. */
  detail = g_strdup_printf (_("Critical result for %s · %s · order %s"),
                               alert->patient_name ? alert->patient_name : "",
                               alert->patient_mrn ? alert->patient_mrn : "", alert->order_number);
  gtk_label_set_text (self->alert_count, count);
  gtk_label_set_text (self->alert_heading, heading);
  gtk_label_set_text (self->alert_detail, detail);
  /* Translators: the critical-alert banner as a screen reader names it:
   * how many wait, then the value shown. */
  spoken = g_strdup_printf (_("%s: %s"), count, heading);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->alert_banner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  gtk_widget_set_visible (self->alert_banner, TRUE);
  notify_alert (self, alert, ld_cache_record_get_id (oldest));
}

/* Every alert told as it arrives, the queued ones too. */
static void
on_alerts_changed_cb (LdDoctorWorkspace *self,
                      guint              position,
                      guint              removed,
                      guint              added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(LdCacheRecord) record = g_list_model_get_item (G_LIST_MODEL (self->alerts), i);
      const LdAlert *alert = record != NULL ? ld_cache_record_get_alert (record) : NULL;

      if (record == NULL)
        continue;
      if (alert != NULL)
        notify_alert (self, alert, ld_cache_record_get_id (record));
      else if (!ld_cache_record_get_loaded (record))
        g_signal_connect_object (record, "notify::loaded", G_CALLBACK (on_alert_loaded_cb),
                                 self, 0);
    }
  show_alert (self);
}

static void
on_acknowledged_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LdDoctorWorkspace) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdAlert) alert =
               ld_doctor_acknowledge_alert_finish (LD_API_CLIENT (source), result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->acknowledging = FALSE;
  if (alert == NULL)
    {
      g_autofree char *text = ld_error_text_describe (error);

      gtk_label_set_text (self->alert_status, text);
      gtk_widget_set_visible (GTK_WIDGET (self->alert_status), TRUE);
      show_alert (self);
      return;
    }
  /* The feed brings the acknowledged alert, which leaves the list. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s",
                              _("The critical value is acknowledged."));
}

static void
acknowledge_alert_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  LdDoctorWorkspace *self = LD_DOCTOR_WORKSPACE (widget);
  const LdAlert *alert = self->shown_alert ? ld_cache_record_get_alert (self->shown_alert) : NULL;

  if (alert == NULL || self->acknowledging)
    return;
  self->acknowledging = TRUE;
  alert_actions_update (self, alert);
  ld_doctor_acknowledge_alert_async (ld_session_get_api_client (self->session),
                                     ld_cache_record_get_id (self->shown_alert),
                                     alert->version, self->cancellable,
                                     on_acknowledged_cb, g_object_ref (self));
}

/* LdWorkspace. */

/* Text in the window's search finds any patient, by the server's own
 * rule; an empty search shows the doctor's own patients again. */
static void
search (LdWorkspace *workspace,
        const char  *text)
{
  LdDoctorWorkspace *self = LD_DOCTOR_WORKSPACE (workspace);
  g_autofree char *typed = g_strstrip (g_strdup (text ? text : ""));
  g_autoptr(LdCacheView) view = NULL;
  GtkWidget *patients = self->lists[0];

  if (*typed == '\0')
    {
      ld_doctor_list_set_model (patients, G_LIST_MODEL (self->my_patients));
      return;
    }
  view = ld_cache_view_new_patient_search (typed, NULL);
  if (view == NULL)
    return;
  if (self->found_patients == NULL)
    self->found_patients = ld_cache_list_new (ld_session_get_cache (self->session), view);
  else
    ld_cache_list_set_view (self->found_patients, view);
  ld_doctor_list_set_model (patients, G_LIST_MODEL (self->found_patients));
  ld_page_stack_pop_to_root (self->navigation);
  gtk_stack_set_visible_child (self->sections, patients);
}

/* Enter in the search: prescribe for the first patient found. */
static gboolean
activate_search (LdWorkspace *workspace)
{
  LdDoctorWorkspace *self = LD_DOCTOR_WORKSPACE (workspace);
  g_autoptr(LdCacheRecord) first = NULL;

  if (self->found_patients == NULL)
    return FALSE;
  first = g_list_model_get_item (G_LIST_MODEL (self->found_patients), 0);
  if (first == NULL)
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self), "doctor.prescribe", "s",
                                     ld_cache_record_get_id (first));
}

static gboolean
open_record (LdWorkspace *workspace,
             const char  *entity,
             const char  *id)
{
  if (g_str_equal (entity, "order"))
    return gtk_widget_activate_action (GTK_WIDGET (workspace), "doctor.open-order", "s", id);
  if (g_str_equal (entity, "patient"))
    return gtk_widget_activate_action (GTK_WIDGET (workspace), "doctor.prescribe", "s", id);
  return FALSE;
}

static void
ld_doctor_workspace_iface_init (LdWorkspaceInterface *iface)
{
  iface->search = search;
  iface->activate_search = activate_search;
  iface->open_record = open_record;
}

/* GObject. */

static void
ld_doctor_workspace_constructed (GObject *object)
{
  LdDoctorWorkspace *self = LD_DOCTOR_WORKSPACE (object);

  G_OBJECT_CLASS (ld_doctor_workspace_parent_class)->constructed (object);

  add_sections (self);
  g_signal_connect_object (self->alerts, "items-changed", G_CALLBACK (on_alerts_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->orders, "items-changed", G_CALLBACK (on_orders_changed_cb), self,
                           G_CONNECT_SWAPPED);
  self->notify_results =
    ld_doctor_prefs_get_notify_results (ld_user_get_id (ld_session_get_user (self->session)));
  g_object_notify_by_pspec (object, properties[PROP_NOTIFY_RESULTS]);
  on_alerts_changed_cb (self, 0, 0, g_list_model_get_n_items (G_LIST_MODEL (self->alerts)));
}

static void
ld_doctor_workspace_dispose (GObject *object)
{
  LdDoctorWorkspace *self = LD_DOCTOR_WORKSPACE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_DOCTOR_WORKSPACE);
  g_clear_object (&self->cancellable);
  if (self->shown_alert != NULL)
    g_signal_handlers_disconnect_by_func (self->shown_alert, on_shown_alert_loaded_cb, self);
  g_clear_object (&self->shown_alert);
  g_clear_object (&self->my_patients);
  g_clear_object (&self->found_patients);
  g_clear_object (&self->orders);
  g_clear_object (&self->alerts);
  g_clear_pointer (&self->notified, g_hash_table_unref);
  g_clear_pointer (&self->lab_states, g_hash_table_unref);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_doctor_workspace_parent_class)->dispose (object);
}

static void
ld_doctor_workspace_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LdDoctorWorkspace *self = LD_DOCTOR_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_NOTIFY_RESULTS:
      g_value_set_boolean (value, self->notify_results);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_notify_results (LdDoctorWorkspace *self,
                    gboolean           notify)
{
  if (self->notify_results == notify)
    return;
  self->notify_results = notify;
  if (self->session != NULL)
    ld_doctor_prefs_set_notify_results (ld_user_get_id (ld_session_get_user (self->session)),
                                        notify);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NOTIFY_RESULTS]);
}

static void
ld_doctor_workspace_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LdDoctorWorkspace *self = LD_DOCTOR_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_NOTIFY_RESULTS:
      set_notify_results (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_doctor_workspace_class_init (LdDoctorWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const guint keys[] = { GDK_KEY_1, GDK_KEY_2, GDK_KEY_3 };

  G_STATIC_ASSERT (G_N_ELEMENTS (keys) == G_N_ELEMENTS (sections));

  object_class->constructed = ld_doctor_workspace_constructed;
  object_class->dispose = ld_doctor_workspace_dispose;
  object_class->get_property = ld_doctor_workspace_get_property;
  object_class->set_property = ld_doctor_workspace_set_property;

  g_object_class_override_property (object_class, PROP_SESSION, "session");
  /* Whether results becoming ready are told as a desktop notification
   * (kept per user on this computer: ld-doctor-prefs.c). */
  properties [PROP_NOTIFY_RESULTS] =
    g_param_spec_boolean ("notify-results", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (object_class, PROP_NOTIFY_RESULTS,
                                   properties [PROP_NOTIFY_RESULTS]);

  g_type_ensure (LD_TYPE_PAGE_STACK);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/doctor/ld-doctor-workspace.ui");
  gtk_widget_class_bind_template_child (widget_class, LdDoctorWorkspace, navigation);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorWorkspace, sections);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorWorkspace, section_switcher);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorWorkspace, alert_banner);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorWorkspace, alert_count);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorWorkspace, alert_heading);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorWorkspace, alert_detail);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorWorkspace, alert_status);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorWorkspace, alert_button);

  /**
   * LdDoctorWorkspace::notified:
   * @id: the notification's id ("alert-<alert id>")
   * @notification: what was told
   *
   * A desktop notification was sent (or, without a registered
   * application, would have been): the workspace's record of it.
   */
  signals[NOTIFIED] =
    g_signal_new ("notified", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_NOTIFICATION);

  gtk_widget_class_install_action (widget_class, "doctor.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "doctor.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "doctor.back", NULL);
  gtk_widget_class_install_action (widget_class, "doctor.show-section", "s", show_section_action);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i], GDK_ALT_MASK,
                                         "doctor.show-section", "s", sections[i].name);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK,
                                       "doctor.show-section", "s", TODAY_SECTION);

  gtk_widget_class_install_action (widget_class, "doctor.prescribe", "s", prescribe_action);
  gtk_widget_class_install_action (widget_class, "doctor.prescribe-visit", "(ss)",
                                   prescribe_visit_action);
  gtk_widget_class_install_action (widget_class, "doctor.open-order", "s", open_order_action);
  gtk_widget_class_install_action (widget_class, "doctor.register-patient", NULL,
                                   register_patient_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "doctor.register-patient", NULL);
  gtk_widget_class_install_property_action (widget_class, "doctor.notify-results",
                                            "notify-results");
  gtk_widget_class_install_action (widget_class, "doctor.acknowledge-alert", NULL,
                                   acknowledge_alert_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "doctor.acknowledge-alert", NULL);

  /* Results history (cumulative + trends): doctor.open-history (s: patient id) */
  gtk_widget_class_install_action (widget_class, "doctor.open-history", "s", open_history_action);
  gtk_widget_class_install_action (widget_class, "doctor.history-of-shown", NULL,
                                   history_of_shown_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK,
                                       "doctor.history-of-shown", NULL);
}

static void
ld_doctor_workspace_init (LdDoctorWorkspace *self)
{
  self->cancellable = g_cancellable_new ();
  self->notified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->lab_states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->notify_results = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  ld_page_stack_set_sections (self->navigation, self->sections);
  ld_page_stack_bind_back_action (self->navigation, GTK_WIDGET (self), "doctor.back");
}

/**
 * ld_doctor_workspace_new:
 * @session: the signed-in session
 *
 * Returns: (transfer full): the doctor's workstation for @session
 */
GtkWidget *
ld_doctor_workspace_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_DOCTOR_WORKSPACE, "session", session, NULL);
}

/* This workspace, as the shell's sidebar shows it (ld-workspaces.c). */
static const char workspace_title[] = N_("Doctor");
/* clang-format off */
static const char workspace_description[] =
  N_("Prescribe tests and follow your patients’ results.");

const LdWorkspaceInfo ld_doctor_workspace_info = {
  .role = LD_ROLE_DOCTOR,
  .name = "doctor",
  .title = workspace_title,
  .icon_name = "document-edit-symbolic",
  .description = workspace_description,
  .new_for = ld_doctor_workspace_new,
};
/* clang-format on */
