/* ld-admin-audit-page.c: the audit log, for the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every event the server recorded, newest first, filtered by user,
 * action, entity and period as GET /api/v1/audit allows, read a page at a
 * time as the person scrolls towards the end. Enter on an event shows all
 * of it. Dates are typed as the local calendar shows them; the period runs
 * from the start of the first day to the end of the last.
 *
 * Check the Chain (Ctrl+K) has the server walk the whole chain as
 * `labdesk-server check` does (POST /api/v1/audit/check) and follows it
 * (GET, every half second) to its result, said in words. The second view
 * lists every break-the-glass grant (GET /api/v1/break-glass).
 */

#define G_LOG_DOMAIN "ld-admin-audit-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "ld-admin-audit-page.h"
#include "ld-admin-call.h"
#include "ld-json.h"
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
  /* The query of the list shown, without its cursor. */
  char              *query;
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

enum {
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
text_or_dash (JsonObject *event,
              const char *key)
{
  const char *text = ld_json_object_get_string (event, key);

  return text != NULL && *text != '\0' ? text : "—";
}

static GtkWidget *
build_row (JsonObject *event)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = ld_admin_format_time (ld_json_object_get_string (event, "at"));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: an audit event: what was done, by whom. */
  title = g_strdup_printf (_("%s by %s"), text_or_dash (event, "action"),
                           text_or_dash (event, "username"));
  /* Translators: an audit event: when, on what, from where. */
  subtitle = g_strdup_printf (_("%s · %s %s · from %s"), when, text_or_dash (event, "entity"),
                              text_or_dash (event, "entity_id"), text_or_dash (event, "client"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "ld-event", json_object_ref (event),
                          (GDestroyNotify) json_object_unref);
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
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events",
                                         self->n_events), self->n_events);
  gtk_label_set_text (self->count_label, text);
}

static void
on_page_cb (GtkWidget    *widget,
            JsonNode     *answer,
            JsonObject   *error_body,
            const GError *error)
{
  LdAdminAuditPage *self = LD_ADMIN_AUDIT_PAGE (widget);
  JsonObject *object = answer && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  JsonNode *items = object ? json_object_get_member (object, "items") : NULL;
  JsonNode *next = object ? json_object_get_member (object, "next") : NULL;
  if (self->stale_pages > 0)
    {
      self->stale_pages--;
      return;
    }
  self->loading = FALSE;
  if (error != NULL || items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    {
      ld_admin_say_error (self->status_label, error);
      return;
    }
  ld_admin_say (self->status_label, NULL);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (items)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (items), i);

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      gtk_list_box_append (self->list, build_row (json_node_get_object (item)));
      self->n_events++;
    }

  g_clear_pointer (&self->next, g_free);
  if (next != NULL && JSON_NODE_HOLDS_VALUE (next))
    self->next = json_node_get_value_type (next) == G_TYPE_STRING
                 ? g_strdup (json_node_get_string (next))
                 : g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (next));
  show_count (self);
}

static void
load_more (LdAdminAuditPage *self)
{
  g_autofree char *path = NULL;

  if (self->loading || self->query == NULL)
    return;
  if (self->next != NULL)
    {
      g_autofree char *cursor = g_uri_escape_string (self->next, NULL, FALSE);

      path = g_strdup_printf ("/api/v1/audit?%s&before=%s", self->query, cursor);
    }
  else if (self->n_events == 0)
    path = g_strdup_printf ("/api/v1/audit?%s", self->query);
  else
    return;

  self->loading = TRUE;
  ld_admin_call (GTK_WIDGET (self), self->session, "GET", path, NULL, on_page_cb);
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
add_param (GString    *query,
           const char *name,
           const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL || *value == '\0')
    return;
  escaped = g_uri_escape_string (value, NULL, FALSE);
  g_string_append_printf (query, "&%s=%s", name, escaped);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LdAdminAuditPage *self = LD_ADMIN_AUDIT_PAGE (widget);
  GString *query = g_string_new (NULL);
  gboolean good = TRUE;
  guint user = gtk_drop_down_get_selected (self->user_filter);
  g_autofree char *since = day_start (self->since_filter, 0, &good);
  g_autofree char *until = day_start (self->until_filter, 1, &good);
  g_autofree char *entity = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entity_filter))));
  g_autofree char *action = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->action_filter))));
  GtkWidget *child;

  if (!good)
    {
      g_string_free (query, TRUE);
      return;
    }
  g_string_append_printf (query, "limit=%d", PAGE_SIZE);
  if (user > 0 && user < self->user_ids->len)
    add_param (query, "user", g_ptr_array_index (self->user_ids, user));
  add_param (query, "action", action);
  add_param (query, "entity", entity);
  add_param (query, "since", since);
  add_param (query, "until", until);

  g_free (self->query);
  self->query = g_string_free (query, FALSE);
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
  JsonObject *event = g_object_get_data (G_OBJECT (row), "ld-event");
  g_autofree char *when = NULL;
  g_autofree char *body = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  JsonNode *seq;

  if (event == NULL)
    return;
  when = ld_admin_format_time (ld_json_object_get_string (event, "at"));
  seq = json_object_get_member (event, "seq");
  /* Translators: the heading of an audit event's details. */
  {
    g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               seq && JSON_NODE_HOLDS_VALUE (seq) ? json_node_get_int (seq) : 0);

    heading = g_strdup_printf (_("Event %s"), number);
  }
  /* Translators: an audit event's details, one per line. */
  body = g_strdup_printf (_("When: %s\nWho: %s\nAction: %s\nOn: %s %s\nFrom: %s\nDetail: %s\n"
                            "Seal: %s"),
                          when, text_or_dash (event, "username"), text_or_dash (event, "action"),
                          text_or_dash (event, "entity"), text_or_dash (event, "entity_id"),
                          text_or_dash (event, "client"), text_or_dash (event, "detail"),
                          text_or_dash (event, "hash"));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading,
                                   body);
  gtk_widget_set_name (dialog, "audit-event-dialog");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void on_check_cb (GtkWidget    *widget,
                         JsonNode     *answer,
                         JsonObject   *error_body,
                         const GError *error);

static gboolean
on_check_poll_cb (gpointer user_data)
{
  LdAdminAuditPage *self = user_data;

  self->check_poll_id = 0;
  ld_admin_call (GTK_WIDGET (self), self->session, "GET", "/api/v1/audit/check", NULL,
                 on_check_cb);
  return G_SOURCE_REMOVE;
}

/* The check's state in words: running, intact, or where it broke. */
static void
on_check_cb (GtkWidget    *widget,
             JsonNode     *answer,
             JsonObject   *error_body,
             const GError *error)
{
  LdAdminAuditPage *self = LD_ADMIN_AUDIT_PAGE (widget);
  JsonObject *check = answer && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  const char *state = check ? ld_json_object_get_string (check, "state") : NULL;
  JsonNode *checked_node = check ? json_object_get_member (check, "events_checked") : NULL;
  JsonNode *broken_node = check ? json_object_get_member (check, "broken") : NULL;
  gint64 checked = checked_node && JSON_NODE_HOLDS_VALUE (checked_node)
                   ? json_node_get_int (checked_node) : 0;
  /* Formatted first: a 64-bit format in a translated string breaks xgettext. */
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, checked);
  g_autofree char *text = NULL;

  if (error != NULL || state == NULL)
    {
      self->checking = FALSE;
      gtk_widget_action_set_enabled (widget, "audit.check-chain", TRUE);
      text = error ? ld_error_text_describe (error)
                   : g_strdup (_("The server’s answer could not be read."));
      gtk_label_set_text (self->chain_label, text);
      return;
    }

  if (g_str_equal (state, "running"))
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
  if (g_str_equal (state, "passed"))
    /* Translators: the audit chain's check passed; the number of events. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Chain intact: %s event checked, none altered or removed.",
                                         "Chain intact: %s events checked, none altered or removed.",
                                         (gulong) MAX (checked, 0)), count);
  else if (broken_node != NULL && JSON_NODE_HOLDS_OBJECT (broken_node))
    {
      JsonObject *broken = json_node_get_object (broken_node);
      JsonNode *seq = json_object_get_member (broken, "seq");
      const char *message = ld_json_object_get_string (broken, "message");

      if (seq != NULL && JSON_NODE_HOLDS_VALUE (seq))
        /* Translators: the audit chain's first broken link: the event, and the server's words. */
        {
          g_autofree char *event = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (seq));

          text = g_strdup_printf (_("Chain broken at event %s: %s"), event, message ? message : "");
        }
      else
        /* Translators: the audit chain is broken outside any one event (its head file). */
        text = g_strdup_printf (_("Chain broken: %s"), message ? message : "");
    }
  else
    /* Translators: the check could not run; the server's words. */
    text = g_strdup_printf (_("The check could not run: %s"),
                            check ? text_or_dash (check, "error") : "—");
  gtk_label_set_text (self->chain_label, text);
}

static void
check_chain_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LdAdminAuditPage *self = LD_ADMIN_AUDIT_PAGE (widget);
  g_autoptr(JsonBuilder) body = json_builder_new ();

  if (self->checking)
    return;
  self->checking = TRUE;
  gtk_widget_action_set_enabled (widget, "audit.check-chain", FALSE);
  gtk_label_set_text (self->chain_label, _("Checking the chain…"));
  json_builder_begin_object (body);
  json_builder_end_object (body);
  ld_admin_call (widget, self->session, "POST", "/api/v1/audit/check", body, on_check_cb);
}

static GtkWidget *
build_grant_row (JsonObject *grant)
{
  GtkWidget *row = adw_action_row_new ();
  JsonNode *doctor_node = json_object_get_member (grant, "doctor");
  JsonNode *patient_node = json_object_get_member (grant, "patient");
  JsonObject *doctor = doctor_node && JSON_NODE_HOLDS_OBJECT (doctor_node)
                       ? json_node_get_object (doctor_node) : NULL;
  JsonObject *patient = patient_node && JSON_NODE_HOLDS_OBJECT (patient_node)
                        ? json_node_get_object (patient_node) : NULL;
  g_autofree char *opened = ld_admin_format_time (ld_json_object_get_string (grant, "at"));
  g_autofree char *until = ld_admin_format_time (ld_json_object_get_string (grant, "until"));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: a break-the-glass grant: the doctor, the patient (MRN). */
  title = g_strdup_printf (_("%s opened %s (%s)"), doctor ? text_or_dash (doctor, "name") : "—",
                           patient ? text_or_dash (patient, "name") : "—",
                           patient ? text_or_dash (patient, "mrn") : "—");
  /* Translators: a break-the-glass grant: the reason given, when, until when. */
  subtitle = g_strdup_printf (_("“%s” · opened %s · until %s"), text_or_dash (grant, "reason"),
                              opened, until);
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
                   JsonNode     *answer,
                   JsonObject   *error_body,
                   const GError *error)
{
  LdAdminAuditPage *self = LD_ADMIN_AUDIT_PAGE (widget);
  JsonObject *object = answer && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  JsonNode *items = object ? json_object_get_member (object, "items") : NULL;
  GtkWidget *child;
  guint n = 0;

  if (error != NULL || items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
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
  for (guint i = 0; i < json_array_get_length (json_node_get_array (items)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (items), i);

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      gtk_list_box_append (self->break_glass_list, build_grant_row (json_node_get_object (item)));
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
  self->grants_next = g_strdup (ld_json_object_get_string (object, "next"));
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
  g_autofree char *escaped = before ? g_uri_escape_string (before, NULL, FALSE) : NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/break-glass?limit=%d%s%s", GRANTS_PAGE,
                                           escaped ? "&before=" : "", escaped ? escaped : "");

  self->grants_appending = before != NULL;
  ld_admin_call (GTK_WIDGET (self), self->session, "GET", path, NULL, on_break_glass_cb);
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
             JsonNode     *answer,
             JsonObject   *error_body,
             const GError *error)
{
  LdAdminAuditPage *self = LD_ADMIN_AUDIT_PAGE (widget);
  JsonObject *object = answer && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  JsonNode *items = object ? json_object_get_member (object, "items") : NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_ptr_array_set_size (self->user_ids, 0);
  g_ptr_array_add (self->user_ids, g_strdup (""));
  gtk_string_list_append (names, _("Everyone"));
  for (guint i = 0; items && JSON_NODE_HOLDS_ARRAY (items) &&
                    i < json_array_get_length (json_node_get_array (items)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (items), i);
      JsonObject *user = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      const char *id = user ? ld_json_object_get_string (user, "id") : NULL;
      g_autofree char *name = NULL;

      if (id == NULL)
        continue;
      /* Translators: a user in the audit log's filter: full name (user name). */
      name = g_strdup_printf (_("%s (%s)"), text_or_dash (user, "display_name"),
                              text_or_dash (user, "username"));
      gtk_string_list_append (names, name);
      g_ptr_array_add (self->user_ids, g_strdup (id));
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
  ld_admin_call (GTK_WIDGET (self), self->session, "GET", "/api/v1/users?limit=200", NULL,
                 on_users_cb);
}

static void
ld_admin_audit_page_dispose (GObject *object)
{
  LdAdminAuditPage *self = LD_ADMIN_AUDIT_PAGE (object);

  g_clear_handle_id (&self->check_poll_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_ADMIN_AUDIT_PAGE);
  g_clear_object (&self->session);
  g_clear_pointer (&self->query, g_free);
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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/admin/ld-admin-audit-page.ui");
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
