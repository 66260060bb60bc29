/* ld-window.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-window"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-a11y.h"
#include "common/ld-error-text.h"
#include "common/ld-outbox-edit-dialog.h"
#include "common/ld-status-indicator.h"
#include "ld-home-page.h"
#include "ld-identifier.h"
#include "ld-login-page.h"
#include "ld-number-lookup.h"
#include "store/ld-patient-calls.h"
#include "ld-window.h"
#include "ld-workspaces.h"

struct _LdWindow
{
  AdwApplicationWindow  parent_instance;

  LdContext            *context;
  /* The scan being looked up, cancelled by the next one or sign-out. */
  GCancellable         *scan;

  AdwWindowTitle       *window_title;
  GtkSearchEntry       *search_entry;
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *sign_out_button;
  AdwBin               *status_bin;
  GtkStack             *stack;
  LdLoginPage          *login_page;
  LdHomePage           *home_page;
};

G_DEFINE_FINAL_TYPE (LdWindow, ld_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Says briefly what happened in the background (sent, refused, not
 * found): @text is translated. */
static void
ld_window_add_toast (LdWindow   *self,
                     const char *text)
{
  AdwToast *toast;

  g_assert (LD_IS_WINDOW (self));
  g_assert (text != NULL);

  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* win.toast: how a page or dialog says what it did, without knowing the
 * window: gtk_widget_activate_action (widget, "win.toast", "s", text).
 * An empty text says nothing. */
static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  const char *text = g_variant_get_string (parameter, NULL);

  if (*text != '\0')
    ld_window_add_toast (LD_WINDOW (widget), text);
}

/* What happened in the background, said briefly: work that waited and
 * has now reached the server, and work the server refused. */
static void
on_entry_sent_cb (LdWindow      *self,
                  LdOutboxEntry *entry,
                  gpointer       answer)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *what = NULL;
  g_autofree char *text = NULL;

  /* Sent at once, online: the page that did it says so itself. Work
   * that had to wait (a failed try, or queued a while) is told here. */
  if (ld_outbox_entry_get_attempts (entry) == 0 &&
      g_date_time_difference (now, ld_outbox_entry_get_created (entry)) < 2 * G_USEC_PER_SEC)
    {
      g_debug ("entry %" G_GINT64_FORMAT " sent at once", ld_outbox_entry_get_seq (entry));
      return;
    }
  what = ld_outbox_edit_dialog_describe_entry (entry);
  /* Translators: %s is the work: "Register a patient: Asha Verma". */
  text = g_strdup_printf (_("Sent: %s"), what);
  ld_window_add_toast (self, text);
}

/* The refusal's toast stays until the desk has dealt with the item; it
 * goes when the item is fixed and sent again or given up, wherever that
 * was done (the register dialog's "Use This Patient"), so the next
 * message is not kept waiting behind it. */
#define REFUSAL_TOAST "ld-window-refusal-toast"

static void
on_refusal_toast_dismissed_cb (AdwToast      *toast,
                               LdOutboxEntry *entry)
{
  if (g_object_get_data (G_OBJECT (entry), REFUSAL_TOAST) == toast)
    g_object_set_data (G_OBJECT (entry), REFUSAL_TOAST, NULL);
}

static void
on_entry_dealt_with_cb (LdWindow      *self,
                        LdOutboxEntry *entry)
{
  AdwToast *toast = g_object_get_data (G_OBJECT (entry), REFUSAL_TOAST);

  if (toast != NULL)
    adw_toast_dismiss (toast);
}

/* What the server refused, said as what it is: a registration it finds
 * may be of a patient already on file is no conflict with anyone. */
static char *
describe_refusal (LdOutboxEntry *entry)
{
  g_autofree char *what = ld_outbox_edit_dialog_describe_entry (entry);
  g_autoptr(GPtrArray) candidates = ld_patient_calls_dup_candidates (entry);

  if (candidates != NULL)
    /* Translators: %s is the work: "Register a patient: Asha Verma". */
    return g_strdup_printf (_("This patient may already be registered: %s"), what);
  if (g_strcmp0 (ld_outbox_entry_get_error_code (entry), "conflict") == 0)
    /* Translators: %s is the work: "Edit a patient: Asha Verma". */
    return g_strdup_printf (_("Someone else changed this first: %s"), what);
  /* Translators: %s is the work: "Register a patient: Asha Verma". */
  return g_strdup_printf (_("The server refused: %s"), what);
}

static void
on_entry_refused_cb (LdWindow      *self,
                     LdOutboxEntry *entry)
{
  g_autofree char *text = describe_refusal (entry);
  AdwToast *toast;

  on_entry_dealt_with_cb (self, entry);
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("_Show"));
  adw_toast_set_action_name (toast, "win.show-outbox");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);
  g_object_set_data_full (G_OBJECT (entry), REFUSAL_TOAST, g_object_ref (toast), g_object_unref);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_refusal_toast_dismissed_cb), entry,
                           0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_outbox (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdWindow *self = LD_WINDOW (widget);
  GtkWidget *indicator = adw_bin_get_child (self->status_bin);

  if (indicator != NULL)
    ld_status_indicator_popup (LD_STATUS_INDICATOR (indicator));
}

/* The server ended the session (expired, disabled): back to sign-in; the
 * work still waiting stays in the user's sealed cache for their next
 * sign-in. */
static void
on_session_ended_cb (LdWindow   *self,
                     GParamSpec *pspec,
                     LdSession  *session)
{
  if (!ld_session_get_ended (session) || session != ld_context_get_session (self->context))
    return;

  ld_context_set_session (self->context, NULL);
  ld_login_page_show_message (self->login_page,
                              _("The server ended your session. Sign in again; "
                                "your unsent work is kept."));
}

/* The window follows the context's session: none shows the sign-in
 * page, one the home page with the user's workspaces. */
static void
on_context_session_changed_cb (LdWindow   *self,
                               GParamSpec *pspec,
                               LdContext  *context)
{
  LdSession *session = ld_context_get_session (context);
  LdUser *user = session ? ld_session_get_user (session) : NULL;
  g_autofree char *roles = NULL;

  g_cancellable_cancel (self->scan);
  g_clear_object (&self->scan);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  ld_home_page_set_session (self->home_page, session);
  gtk_widget_set_visible (self->sign_out_button, user != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->search_entry), user != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->window_title), user == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.focus-search", user != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-workspace", user != NULL);
  /* The indicator is the session's: made with it, gone with it. */
  adw_bin_set_child (self->status_bin, session ? ld_status_indicator_new (session) : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-outbox", user != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", user != NULL);

  if (user == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Labdesk"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_stack_set_visible_child_name (self->stack, "sign-in");
      ld_login_page_focus (self->login_page);
      return;
    }

  g_signal_connect_object (session, "notify::ended",
                           G_CALLBACK (on_session_ended_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ld_session_get_outbox (session), "entry-sent",
                           G_CALLBACK (on_entry_sent_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ld_session_get_outbox (session), "entry-refused",
                           G_CALLBACK (on_entry_refused_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ld_session_get_outbox (session), "entry-resent",
                           G_CALLBACK (on_entry_dealt_with_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ld_session_get_outbox (session), "entry-discarded",
                           G_CALLBACK (on_entry_dealt_with_cb), self, G_CONNECT_SWAPPED);

  roles = ld_roles_to_display (ld_user_get_roles (user));
  adw_window_title_set_title (self->window_title, ld_user_get_display_name (user));
  adw_window_title_set_subtitle (self->window_title, roles);
  gtk_stack_set_visible_child_name (self->stack, "home");
  /* Search first: the session opens with the cursor in the search. */
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Typing anywhere in the window goes to the search entry (its key
 * capture); what it holds filters the workspace shown. */
static void
on_search_changed_cb (LdWindow *self)
{
  LdWorkspace *workspace = ld_home_page_get_workspace (self->home_page);

  if (workspace != NULL)
    ld_workspace_search (workspace,
                         gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_scan_found_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = ld_number_lookup_finish (result, &error);
  const char *entity = g_object_get_data (G_OBJECT (self->scan), "entity");
  const char *number = g_object_get_data (G_OBJECT (self->scan), "number");

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (id == NULL)
    {
      ld_window_add_toast (self, error->message);
      return;
    }
  if (!ld_home_page_open_record (self->home_page, entity, id))
    {
      g_autofree char *text =
        /* Translators: %s is an MRN, order number or accession. */
        g_strdup_printf (_("%s cannot be opened in your workspaces."), number);

      ld_window_add_toast (self, text);
      return;
    }
  /* The scan has done its work; the next one starts from empty. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* Enter: a scanned or typed MRN, order number or accession opens what
 * it names; other text opens the workspace's first match. */
static void
on_search_activate_cb (LdWindow *self)
{
  LdSession *session = ld_context_get_session (self->context);
  LdWorkspace *workspace = ld_home_page_get_workspace (self->home_page);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *number = NULL;
  LdIdentifierKind kind = ld_identifier_parse (text, &number);

  if (session == NULL)
    return;
  if (kind == LD_IDENTIFIER_NONE)
    {
      if (workspace != NULL)
        ld_workspace_activate_search (workspace);
      return;
    }

  g_cancellable_cancel (self->scan);
  g_clear_object (&self->scan);
  self->scan = g_cancellable_new ();
  g_object_set_data (G_OBJECT (self->scan), "entity", (gpointer) ld_identifier_entity (kind));
  g_object_set_data_full (G_OBJECT (self->scan), "number", g_steal_pointer (&number), g_free);
  /* The cache first; a number it does not hold is asked of the server. */
  ld_number_lookup_async (ld_session_get_cache (session), ld_session_get_api_client (session),
                          kind, g_object_get_data (G_OBJECT (self->scan), "number"),
                          self->scan, on_scan_found_cb, g_object_ref (self));
}

static void
focus_search (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LdWindow *self = LD_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/* Ctrl+1…4: the user's first, second… workspace, from anywhere. */
static void
show_workspace (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LdWindow *self = LD_WINDOW (widget);
  int position = g_variant_get_int32 (parameter);

  if (position >= 1)
    ld_home_page_show_workspace (self->home_page, (guint) position - 1);
}

static void
on_sign_out_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Signed out here either way; a server that cannot be reached lets the
   * session end by its own time limits. */
  if (!ld_api_client_sign_out_finish (LD_API_CLIENT (source), result, &error))
    g_debug ("sign-out on the server failed: %s", error->message);
}

static void
sign_out (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  LdWindow *self = LD_WINDOW (widget);

  ld_api_client_sign_out_async (ld_context_get_api_client (self->context), NULL,
                                on_sign_out_cb, NULL);
  ld_context_set_session (self->context, NULL);
}

/* The shortcuts window is built when asked for and destroyed when closed,
 * not kept hidden beside the window as GTK's help overlay would be: GTK
 * 4.8's AT-SPI bridge can hand a screen reader that counts windows as a
 * dialog closes the hidden one, which has no AT-SPI path (a critical). */
static void
show_shortcuts (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_autoptr(GtkBuilder) builder =
               gtk_builder_new_from_resource ("/org/labdesk/Labdesk/ui/ld-shortcuts-window.ui");
  GtkWindow  *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
  LdWindow   *self = LD_WINDOW (widget);
  GdkDisplay *display = gtk_widget_get_display (widget);

  if (g_object_get_data (G_OBJECT (display), "ld-shortcuts-css") == NULL)
    {
      g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (css, "/org/labdesk/Labdesk/ui/ld-shortcuts-window.css");
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      g_object_set_data (G_OBJECT (display), "ld-shortcuts-css", GINT_TO_POINTER (TRUE));
    }
  gtk_widget_add_css_class (GTK_WIDGET (shortcuts), "ld-shortcuts");
  /* The keys of the workspace in front, and the general ones; signed
   * out, only the general ones. */
  g_object_set (shortcuts, "view-name",
                ld_context_get_session (self->context) != NULL
                  ? ld_home_page_get_workspace_name (self->home_page) : "signed-out",
                NULL);
  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (widget));
  gtk_window_present (shortcuts);
}

static void
ld_window_constructed (GObject *object)
{
  LdWindow  *self = (LdWindow *) object;
  GSettings *settings;

  G_OBJECT_CLASS (ld_window_parent_class)->constructed (object);

  g_assert (self->context != NULL);

  settings = ld_context_get_settings (self->context);
  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  ld_login_page_set_context (self->login_page, self->context);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  g_signal_connect_object (self->context, "notify::session",
                           G_CALLBACK (on_context_session_changed_cb), self, G_CONNECT_SWAPPED);
  on_context_session_changed_cb (self, NULL, self->context);
}

static void
ld_window_dispose (GObject *object)
{
  LdWindow *self = (LdWindow *) object;

  g_cancellable_cancel (self->scan);
  g_clear_object (&self->scan);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_WINDOW);

  G_OBJECT_CLASS (ld_window_parent_class)->dispose (object);
}

static void
ld_window_finalize (GObject *object)
{
  LdWindow *self = (LdWindow *) object;

  g_clear_object (&self->context);

  G_OBJECT_CLASS (ld_window_parent_class)->finalize (object);
}

static void
ld_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LdWindow *self = LD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LdWindow *self = LD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_window_class_init (LdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_window_constructed;
  object_class->dispose = ld_window_dispose;
  object_class->finalize = ld_window_finalize;
  object_class->get_property = ld_window_get_property;
  object_class->set_property = ld_window_set_property;

  properties [PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, LD_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  ld_a11y_install ();
  g_type_ensure (LD_TYPE_LOGIN_PAGE);
  g_type_ensure (LD_TYPE_HOME_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/ld-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LdWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, sign_out_button);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, status_bin);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, login_page);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, home_page);

  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_q, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.sign-out", NULL);
  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, focus_search);
  gtk_widget_class_install_action (widget_class, "win.show-workspace", "i", show_workspace);
  for (int i = 0; i < 4; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK,
                                         "win.show-workspace", "i", i + 1);
  gtk_widget_class_install_action (widget_class, "win.show-outbox", NULL, show_outbox);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_shortcuts);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question, GDK_CONTROL_MASK,
                                       "win.show-help-overlay", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.show-outbox", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.focus-search", NULL);
}

static void
ld_window_init (LdWindow *self)
{
  const LdWorkspaceInfo * const *workspaces;
  guint                          n_workspaces;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The window owns the one registration of the workspaces; the home
   * page builds them from it, knowing none. */
  workspaces = ld_workspaces_get (&n_workspaces);
  for (guint i = 0; i < n_workspaces; i++)
    ld_home_page_add_workspace (self->home_page, workspaces[i]);
}

/**
 * ld_window_new:
 * @application: (nullable): the application
 * @context: the context shared with every window
 *
 * Returns: (transfer full): a new window
 */
LdWindow *
ld_window_new (LdApplication *application,
               LdContext     *context)
{
  g_return_val_if_fail (LD_IS_CONTEXT (context), NULL);

  return g_object_new (LD_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

LdContext *
ld_window_get_context (LdWindow *self)
{
  g_return_val_if_fail (LD_IS_WINDOW (self), NULL);

  return self->context;
}
