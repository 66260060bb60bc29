/* ld-admin-audit-page.c: the audit log, for the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every event the server recorded, newest first, filtered by user,
 * action, entity and period as GET …/audit allows, read a page at a
 * time as the person scrolls towards the end. Enter on an event shows all
 * of it. Dates are typed as the local calendar shows them; the period runs
 * from the start of the first day to the end of the last.
 *
 * Check the Chain (Ctrl+K) has the server walk the whole chain as
 * `labdesk-server check` does (POST …/audit/check) and follows it
 * (GET, every half second) to its result, said in words. The second view
 * lists every break-the-glass grant (GET …/break-glass).
 */

#define G_LOG_DOMAIN "ld-admin-audit-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "ld-admin-audit-page.h"
#include "ld-admin-call.h"
#include "ld-time.h"

/* One page of events: enough to fill a tall window, small enough to
 * arrive at once. */
#define PAGE_SIZE 100
/* How often a running chain check is asked after. */
#define POLL_MS 500

struct _LdAdminAuditPage
{
  AdwBin             parent_instance;

  LdSession         *session;
  /* The filter of the list shown, owned; set once first applied. */
  gboolean           applied;
  char              *user_id;
  char              *action;
  char              *entity;
  char              *since;
  char              *until;
  /* The next page's cursor; NULL at the end of the log. */
  char              *next;
  gboolean           loading;
  /* Pages still to come of queries replaced since they were asked: they
   * are dropped when they arrive. */
  guint              stale_pages;
  guint              n_events;
  /* User ids by the user filter's position (0: everyone). */
  GPtrArray         *user_ids;
  gboolean           users_loaded;

  gboolean           checking;
  guint              check_poll_id;

  GtkDropDown       *user_filter;
  GtkEntry          *action_filter;
  GtkEntry          *entity_filter;
  GtkEntry          *since_filter;
  GtkEntry          *until_filter;
  GtkLabel          *count_label;
  GtkLabel          *status_label;
  GtkScrolledWindow *scrolled;
  GtkListBox        *list;
  GtkLabel          *chain_label;
  GtkStack          *views;
  GtkListBox        *break_glass_list;
  /* The grants' next page, and its row ("Show Older Grants"). */
  char              *grants_next;
  GtkWidget         *grants_more;
  gboolean           grants_appending;
};

G_DEFINE_FINAL_TYPE (LdAdminAuditPage, ld_admin_audit_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void load_more (LdAdminAuditPage *self);
static void ask_grants (LdAdminAuditPage *self,
                        const char       *before);

/* Grants come a page at a time, newest first. */
#define GRANTS_PAGE 100

static const char *
text_or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "—";
}

static GtkWidget *
build_row (LdAuditEventItem *event)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = ld_admin_format_time (ld_audit_event_item_get_at (event));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: an audit event: what was done, by whom. */
  title = g_strdup_printf (_("%s by %s"), text_or_dash (ld_audit_event_item_get_action (event)),
                              text_or_dash (ld_audit_event_item_get_username (event)));
  /* Translators: an audit event: when, on what, from where. */
  subtitle = g_strdup_printf (_("%s · %s %s · from %s"), when,
                                 text_or_dash (ld_audit_event_item_get_entity (event)),
                                 text_or_dash (ld_audit_event_item_get_entity_id (event)),
                                 text_or_dash (ld_audit_event_item_get_client (event)));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "ld-event", g_object_ref (event), g_object_unref);
  return row;
}

static void
show_count (LdAdminAuditPage *self)
{
  g_autofree char *text = NULL;

  if (self->next != NULL)
    /* Translators: how many audit events are shown; more follow. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event shown, more as you scroll",
                                         "%u events shown, more as you scroll", self->n_events),
                            self->n_events);
  else
    /* Translators: how many audit events match, all shown. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events", self->n_events),
                            self->n_events);
  gtk_label_set_text (self->count_label, text);
}

static void
on_page_cb (GtkWidget    *widget,
            LdApiClient  *client,
            GAsyncResult *result)
{
  LdAdminAuditPage *self = LD_ADMIN_AUDIT_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  g_autoptr(GPtrArray) events = ld_admin_list_audit_finish (client, result, &next, &error);

  if (self->stale_pages > 0)
    {
      self->stale_pages--;
      return;
    }
  self->loading = FALSE;
  if (events == NULL)
    {
      ld_admin_say_error (self->status_label, error);
      return;
    }
  ld_admin_say (self->status_label, NULL);

  for (guint i = 0; i < events->len; i++)
    {
      gtk_list_box_append (self->list, build_row (g_ptr_array_index (events, i)));
      self->n_events++;
    }

  g_free (self->next);
  self->next = g_steal_pointer (&next);
  show_count (self);
}

static void
load_more (LdAdminAuditPage *self)
{
  LdAuditFilter filter = {
    .user_id = self->user_id,
    .action = self->action,
    .entity = self->entity,
    .since = self->since,
    .until = self->until,
    .limit = PAGE_SIZE,
  };

  if (self->loading || !self->applied)
    return;
  if (self->next == NULL && self->n_events > 0)
    return;

  self->loading = TRUE;
  ld_admin_list_audit_async (ld_session_get_api_client (self->session), &filter, self->next, NULL,
                             ld_admin_done_cb, ld_admin_hold (GTK_WIDGET (self), on_page_cb));
}

/* A typed local date as the UTC instant its day starts, plus @days. */
static char *
day_start (GtkEntry   *entry,
           int         days,
           gboolean   *out_good)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(GDateTime) utc = NULL;
  GDate date;

  if (*text == '\0')
    {
      ld_field_error_set (GTK_WIDGET (entry), NULL);
      return NULL;
    }
  if (!ld_time_parse_date (text, &date))
    {
      ld_field_error_set (GTK_WIDGET (entry), N_("must be a date such as 2026-11-23"));
      *out_good = FALSE;
      return NULL;
    }
  ld_field_error_set (GTK_WIDGET (entry), NULL);
  local = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                 g_date_get_day (&date), 0, 0, 0);
  later = g_date_time_add_days (local, days);
  utc = g_date_time_to_utc (later);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LdAdminAuditPage *self = LD_ADMIN_AUDIT_PAGE (widget);
  gboolean          good = TRUE;
  guint             user = gtk_drop_down_get_selected (self->user_filter);
  g_autofree char  *since = day_start (self->since_filter, 0, &good);
  g_autofree char  *until = day_start (self->until_filter, 1, &good);
  g_autofree char  *entity =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entity_filter))));
  g_autofree char *action =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->action_filter))));
  GtkWidget *child;

  if (!good)
    return;
  g_free (self->user_id);
  self->user_id = user > 0 && user < self->user_ids->len
                    ? g_strdup (g_ptr_array_index (self->user_ids, user))
                    : NULL;
  g_free (self->action);
  self->action = g_steal_pointer (&action);
  g_free (self->entity);
  self->entity = g_steal_pointer (&entity);
  g_free (self->since);
  self->since = g_steal_pointer (&since);
  g_free (self->until);
  self->until = g_steal_pointer (&until);
  self->applied = TRUE;
  g_clear_pointer (&self->next, g_free);
  self->n_events = 0;
  if (self->loading)
    self->stale_pages++;
  self->loading = FALSE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  gtk_label_set_text (self->count_label, _("Reading…"));
  load_more (self);
}

static void
on_filter_changed_cb (LdAdminAuditPage *self)
{
  if (self->users_loaded)
    gtk_widget_activate_action (GTK_WIDGET (self), "audit.apply", NULL);
}

static void
on_edge_reached_cb (LdAdminAuditPage *self,
                    GtkPositionType   position)
{
  if (position == GTK_POS_BOTTOM)
    load_more (self);
}

/* Moving down the list with the keyboard reads on before the end. */
static void
on_focus_row_cb (LdAdminAuditPage *self)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkWidget *last = gtk_widget_get_last_child (GTK_WIDGET (self->list));

  if (focus != NULL && last != NULL && (focus == last || gtk_widget_is_ancestor (focus, last)))
    load_more (self);
}

static void
on_list_row_activated_cb (LdAdminAuditPage *self,
                          GtkListBoxRow    *row)
{
  LdAuditEventItem *event = g_object_get_data (G_OBJECT (row), "ld-event");
  g_autofree char *when = NULL;
  g_autofree char *body = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (event == NULL)
    return;
  when = ld_admin_format_time (ld_audit_event_item_get_at (event));
  /* Translators: the heading of an audit event's details. */
  {
    g_autofree char *number =
      g_strdup_printf ("%" G_GINT64_FORMAT, ld_audit_event_item_get_seq (event));

    heading = g_strdup_printf (_("Event %s"), number);
  }
  /* Translators: an audit event's details, one per line. */
  body = g_strdup_printf (_("When: %s\nWho: %s\nAction: %s\nOn: %s %s\nFrom: %s\nDetail: %s\n"
                            "Seal: %s"),
                             when, text_or_dash (ld_audit_event_item_get_username (event)),
                             text_or_dash (ld_audit_event_item_get_action (event)),
                             text_or_dash (ld_audit_event_item_get_entity (event)),
                             text_or_dash (ld_audit_event_item_get_entity_id (event)),
                             text_or_dash (ld_audit_event_item_get_client (event)),
                             text_or_dash (ld_audit_event_item_get_detail (event)),
                             text_or_dash (ld_audit_event_item_get_hash (event)));
  dialog =
    adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body);
  gtk_widget_set_name (dialog, "audit-event-dialog");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void on_check_cb (GtkWidget    *widget,
                         LdApiClient  *client,
                         GAsyncResult *result);

static gboolean
on_check_poll_cb (gpointer user_data)
{
  LdAdminAuditPage *self = user_data;

  self->check_poll_id = 0;
  ld_admin_check_audit_async (ld_session_get_api_client (self->session), FALSE, NULL,
                              ld_admin_done_cb, ld_admin_hold (GTK_WIDGET (self), on_check_cb));
  return G_SOURCE_REMOVE;
}

/* The check's state in words: running, intact, or where it broke. */
static void
on_check_cb (GtkWidget    *widget,
             LdApiClient  *client,
             GAsyncResult *result)
{
  LdAdminAuditPage *self = LD_ADMIN_AUDIT_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdAuditChainCheck) check = ld_admin_check_audit_finish (client, result, &error);
  gint64 checked = check ? check->events_checked : 0;
  /* Formatted first: a 64-bit format in a translated string breaks xgettext. */
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, checked);
  g_autofree char *text = NULL;

  if (check == NULL)
    {
      self->checking = FALSE;
      gtk_widget_action_set_enabled (widget, "audit.check-chain", TRUE);
      text = !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA)
               ? ld_error_text_describe (error)
               : g_strdup (_("The server’s answer could not be read."));
      gtk_label_set_text (self->chain_label, text);
      return;
    }

  if (check->state == LD_AUDIT_CHAIN_RUNNING)
    {
      /* Translators: the audit chain's check under way, and how far it has got. */
      text = g_strdup_printf (_("Checking the chain… %s events so far"), count);
      gtk_label_set_text (self->chain_label, text);
      if (self->check_poll_id == 0)
        self->check_poll_id = g_timeout_add (POLL_MS, on_check_poll_cb, self);
      return;
    }

  self->checking = FALSE;
  gtk_widget_action_set_enabled (widget, "audit.check-chain", TRUE);
  if (check->state == LD_AUDIT_CHAIN_PASSED)
    /* Translators: the audit chain's check passed; the number of events. */
    text =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                    "Chain intact: %s event checked, none altered or removed.",
                                    "Chain intact: %s events checked, none altered or removed.",
                                    (gulong) MAX (checked, 0)),
                       count);
  else if (check->broken)
    {
      const char *message = check->message;

      if (check->has_broken_seq)
        /* Translators: the audit chain's first broken link: the event, and the server's words. */
        {
          g_autofree char *event = g_strdup_printf ("%" G_GINT64_FORMAT, check->broken_seq);

          text = g_strdup_printf (_("Chain broken at event %s: %s"), event, message ? message : "");
        }
      else
        /* Translators: the audit chain is broken outside any one event (its head file). */
        text = g_strdup_printf (_("Chain broken: %s"), message ? message : "");
    }
  else
    /* Translators: the check could not run; the server's words. */
    text = g_strdup_printf (_("The check could not run: %s"),
                            text_or_dash (check->error));
  gtk_label_set_text (self->chain_label, text);
}

static void
check_chain_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LdAdminAuditPage *self = LD_ADMIN_AUDIT_PAGE (widget);

  if (self->checking)
    return;
  self->checking = TRUE;
  gtk_widget_action_set_enabled (widget, "audit.check-chain", FALSE);
  gtk_label_set_text (self->chain_label, _("Checking the chain…"));
  ld_admin_check_audit_async (ld_session_get_api_client (self->session), TRUE, NULL,
                              ld_admin_done_cb, ld_admin_hold (widget, on_check_cb));
}

static GtkWidget *
build_grant_row (LdBreakGlassItem *grant)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *opened = ld_admin_format_time (ld_break_glass_item_get_at (grant));
  g_autofree char *until = ld_admin_format_time (ld_break_glass_item_get_until (grant));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: a break-the-glass grant: the doctor, the patient (MRN). */
  title = g_strdup_printf (_("%s opened %s (%s)"),
                              text_or_dash (ld_break_glass_item_get_doctor_name (grant)),
                              text_or_dash (ld_break_glass_item_get_patient_name (grant)),
                              text_or_dash (ld_break_glass_item_get_patient_mrn (grant)));
  /* Translators: a break-the-glass grant: the reason given, when, until when. */
  subtitle = g_strdup_printf (_("“%s” · opened %s · until %s"),
                              text_or_dash (ld_break_glass_item_get_reason (grant)), opened, until);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  return row;
}

/* Taken, so that a second press while the page comes asks nothing. */
static void
on_grants_more_cb (LdAdminAuditPage *self)
{
  g_autofree char *before = g_steal_pointer (&self->grants_next);

  if (before != NULL)
    ask_grants (self, before);
}

static void
on_break_glass_cb (GtkWidget    *widget,
                   LdApiClient  *client,
                   GAsyncResult *result)
{
  LdAdminAuditPage *self = LD_ADMIN_AUDIT_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  g_autoptr(GPtrArray) grants = ld_admin_list_grants_finish (client, result, &next, &error);
  GtkWidget *child;
  guint n = 0;

  if (grants == NULL)
    {
      ld_admin_say_error (self->status_label, error);
      return;
    }
  ld_admin_say (self->status_label, NULL);
  if (!self->grants_appending)
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->break_glass_list))) != NULL)
      gtk_list_box_remove (self->break_glass_list, child);
  else if (self->grants_more != NULL)
    gtk_list_box_remove (self->break_glass_list, self->grants_more);
  self->grants_more = NULL;
  for (guint i = 0; i < grants->len; i++)
    {
      gtk_list_box_append (self->break_glass_list, build_grant_row (g_ptr_array_index (grants, i)));
      n++;
    }
  if (n == 0 && !self->grants_appending)
    {
      GtkWidget *none = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (none),
                                     _("No doctor has broken the glass."));
      gtk_list_box_append (self->break_glass_list, none);
    }

  g_free (self->grants_next);
  self->grants_next = g_steal_pointer (&next);
  if (self->grants_next != NULL)
    {
      self->grants_more = adw_action_row_new ();
      gtk_widget_set_name (self->grants_more, "break-glass-more");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->grants_more),
                                     _("Show Older Grants"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->grants_more), TRUE);
      g_signal_connect_object (self->grants_more, "activated", G_CALLBACK (on_grants_more_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->break_glass_list, self->grants_more);
    }
}

/* The first page of grants, or the page @before names. */
static void
ask_grants (LdAdminAuditPage *self,
            const char       *before)
{
  self->grants_appending = before != NULL;
  ld_admin_list_grants_async (ld_session_get_api_client (self->session), GRANTS_PAGE, before, NULL,
                              ld_admin_done_cb,
                              ld_admin_hold (GTK_WIDGET (self), on_break_glass_cb));
}

/* The grants are read each time their view is shown: doctors add them. */
static void
on_view_changed_cb (LdAdminAuditPage *self)
{
  gboolean grants = g_strcmp0 (gtk_stack_get_visible_child_name (self->views), "break-glass") == 0;

  /* The count is the events'. */
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), !grants);
  if (grants)
    ask_grants (self, NULL);
}

static void
on_users_cb (GtkWidget    *widget,
             LdApiClient  *client,
             GAsyncResult *result)
{
  LdAdminAuditPage *self = LD_ADMIN_AUDIT_PAGE (widget);
  /* Without the users, the filter offers everyone alone. */
  g_autoptr(GPtrArray) users = ld_admin_list_users_finish (client, result, NULL, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_ptr_array_set_size (self->user_ids, 0);
  g_ptr_array_add (self->user_ids, g_strdup (""));
  gtk_string_list_append (names, _("Everyone"));
  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      LdUser *user = g_ptr_array_index (users, i);
      g_autofree char *name = NULL;

      /* Translators: a user in the audit log's filter: full name (user name). */
      name = g_strdup_printf (_("%s (%s)"), text_or_dash (ld_user_get_display_name (user)),
                                 text_or_dash (ld_user_get_username (user)));
      gtk_string_list_append (names, name);
      g_ptr_array_add (self->user_ids, g_strdup (ld_user_get_id (user)));
    }
  gtk_drop_down_set_model (self->user_filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->user_filter, 0);
  self->users_loaded = TRUE;
  gtk_widget_activate_action (widget, "audit.apply", NULL);
}

static void
on_map_cb (LdAdminAuditPage *self)
{
  /* The users (for the filter) and the newest events, each time the log
   * is shown: it grows as others work. */
  ld_admin_list_users_async (ld_session_get_api_client (self->session), NULL, NULL,
                             ld_admin_done_cb, ld_admin_hold (GTK_WIDGET (self), on_users_cb));
}

static void
ld_admin_audit_page_dispose (GObject *object)
{
  LdAdminAuditPage *self = LD_ADMIN_AUDIT_PAGE (object);

  g_clear_handle_id (&self->check_poll_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_ADMIN_AUDIT_PAGE);
  g_clear_object (&self->session);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->action, g_free);
  g_clear_pointer (&self->entity, g_free);
  g_clear_pointer (&self->since, g_free);
  g_clear_pointer (&self->until, g_free);
  g_clear_pointer (&self->next, g_free);
  g_clear_pointer (&self->grants_next, g_free);
  g_clear_pointer (&self->user_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (ld_admin_audit_page_parent_class)->dispose (object);
}

static void
ld_admin_audit_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LdAdminAuditPage *self = LD_ADMIN_AUDIT_PAGE (object);

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
ld_admin_audit_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LdAdminAuditPage *self = LD_ADMIN_AUDIT_PAGE (object);

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
ld_admin_audit_page_class_init (LdAdminAuditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_admin_audit_page_dispose;
  object_class->get_property = ld_admin_audit_page_get_property;
  object_class->set_property = ld_admin_audit_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/admin/ld-admin-audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdAdminAuditPage, user_filter);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAuditPage, action_filter);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAuditPage, entity_filter);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAuditPage, chain_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAuditPage, views);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAuditPage, break_glass_list);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAuditPage, since_filter);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAuditPage, until_filter);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAuditPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAuditPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAuditPage, scrolled);
  gtk_widget_class_bind_template_child (widget_class, LdAdminAuditPage, list);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_edge_reached_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_view_changed_cb);

  gtk_widget_class_install_action (widget_class, "audit.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "audit.check-chain", NULL, check_chain_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK,
                                       "audit.check-chain", NULL);
}

static void
ld_admin_audit_page_init (LdAdminAuditPage *self)
{
  g_autoptr(GtkStringList) everyone = gtk_string_list_new (NULL);

  self->user_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_string_list_append (everyone, _("Everyone"));
  gtk_drop_down_set_model (self->user_filter, G_LIST_MODEL (everyone));
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
  g_signal_connect_object (self->list, "keynav-failed", G_CALLBACK (on_focus_row_cb), self,
                           G_CONNECT_SWAPPED);
}

/**
 * ld_admin_audit_page_new:
 * @session: the signed-in session
 *
 * Returns: (transfer full): the audit log section
 */
GtkWidget *
ld_admin_audit_page_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_ADMIN_AUDIT_PAGE, "session", session, NULL);
}
