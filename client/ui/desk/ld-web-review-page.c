/* ld-web-review-page.c: registrations from the patient pages waiting for the desk
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A patient who registers on the web page and looks like someone already
 * registered (the desk's likely-duplicate rule) is kept apart, never
 * joined to a stranger's record. Here the desk sees each such record
 * beside the records it resembles and says "the same person" (after a
 * confirmation: the parked record is merged into the existing one, which
 * cannot be undone) or "different people". The list and the decision are
 * the server's at once (client/store/ld-web-review-calls.c).
 */

#define G_LOG_DOMAIN "ld-web-review-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "common/ld-order-text.h"
#include "common/ld-patient-text.h"
#include "ld-web-review-page.h"
#include "store/ld-web-review-calls.h"

struct _LdWebReviewPage
{
  AdwBin        parent_instance;

  LdSession    *session;
  GCancellable *cancellable;
  GPtrArray    *entries;
  gboolean      busy;
  /* What the toast says once the decision is taken. */
  char         *done_text;

  GtkLabel     *summary_label;
  GtkStack     *stack;
  GtkBox       *entries_box;
  GtkWidget    *refresh_button;
};

G_DEFINE_FINAL_TYPE (LdWebReviewPage, ld_web_review_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
toast (LdWebReviewPage *self,
       const char      *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
}

static void
update_actions (LdWebReviewPage *self)
{
  const LdActor *actor = ld_session_get_actor (self->session);
  /* Whether a record is parked, and which it may join, are the server's
   * to judge; the role is the shared table's. */
  gboolean can = !self->busy && actor != NULL &&
                 ld_command_allows_role (LD_COMMAND_WEB_REVIEW_RESOLVE, actor->roles);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "web-review.join", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "web-review.distinct", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "web-review.refresh", !self->busy);
}

static LdWebReviewEntry *
find_entry (LdWebReviewPage *self,
            const char      *patient_id)
{
  for (guint i = 0; self->entries != NULL && i < self->entries->len; i++)
    {
      LdWebReviewEntry *entry = self->entries->pdata[i];

      if (g_strcmp0 (ld_patient_get_id (entry->patient), patient_id) == 0)
        return entry;
    }
  return NULL;
}

static LdPatient *
find_resembling (LdWebReviewEntry *entry,
                 const char       *patient_id)
{
  for (guint i = 0; i < entry->resembles->len; i++)
    if (g_strcmp0 (ld_patient_get_id (entry->resembles->pdata[i]), patient_id) == 0)
      return entry->resembles->pdata[i];
  return NULL;
}

/* "Meera Joshi · P000031" */
static char *
name_mrn (LdPatient *patient)
{
  /* Translators: a patient's name and MRN. */
  return g_strdup_printf (_("%s · %s"), ld_patient_get_name (patient),
                             ld_patient_get_mrn (patient) ? ld_patient_get_mrn (patient) : "");
}

/* "Female, 34 years · +91 98765 43210" */
static char *
details (LdPatient *patient)
{
  g_autofree char *sex_age = ld_patient_text_sex_age (patient);
  const char *phone = ld_patient_get_phone (patient);

  if (phone == NULL || *phone == '\0')
    return g_steal_pointer (&sex_age);
  /* Translators: a patient's sex and age, then phone. */
  return g_strdup_printf (_("%s · %s"), sex_age, phone);
}

static GtkWidget *
add_label (GtkBox     *box,
           const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);
  return label;
}

static GtkWidget *
make_button (const char *label,
             const char *accessible_name,
             const char *action,
             GVariant   *target)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  gtk_widget_set_tooltip_text (button, accessible_name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  return button;
}

static GtkWidget *
make_resembling_row (LdWebReviewEntry *entry,
                     LdPatient        *existing)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *who = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *title = name_mrn (existing);
  g_autofree char *about = details (existing);
  g_autofree char *join_name = NULL;

  gtk_widget_set_hexpand (who, TRUE);
  add_label (GTK_BOX (who), title, "heading");
  add_label (GTK_BOX (who), about, "dim-label");
  gtk_box_append (GTK_BOX (row), who);
  /* Translators: the accessible name of a join button: "Same person as Meera Joshi · P000031: join". */
  join_name = g_strdup_printf (_("Same person as %s: join"), title);
  gtk_box_append (GTK_BOX (row),
                  make_button (_("Same person: _join"), join_name, "web-review.join",
                                  g_variant_new ("(ss)", ld_patient_get_id (entry->patient),
                                                 ld_patient_get_id (existing))));
  return row;
}

static GtkWidget *
make_entry (LdWebReviewEntry *entry)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *who = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *matches = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *title = name_mrn (entry->patient);
  g_autofree char *about = details (entry->patient);
  g_autofree char *when = ld_order_text_day_clock (entry->registered_at);
  g_autofree char *accounts = NULL;
  g_autofree char *registered = NULL;
  g_autofree char *distinct_name = NULL;
  g_autofree char *heading = NULL;

  g_ptr_array_add (entry->accounts, NULL);
  accounts = g_strjoinv (", ", (char **) entry->accounts->pdata);
  g_ptr_array_remove_index (entry->accounts, entry->accounts->len - 1);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_margin_start (head, 12);
  gtk_widget_set_margin_end (head, 12);
  gtk_widget_set_margin_top (head, 12);
  gtk_widget_set_margin_start (matches, 24);
  gtk_widget_set_margin_end (matches, 12);
  gtk_widget_set_margin_bottom (matches, 12);

  /* Translators: a parked web registration's heading: the patient's name and MRN. */
  heading = g_strdup_printf (_("Registered on the web: %s"), title);
  /* Translators: when a web registration was made, and by which account(s). */
  registered = g_strdup_printf (_("Registered %s by %s"), when ? when : "", accounts);
  gtk_widget_set_hexpand (who, TRUE);
  add_label (GTK_BOX (who), heading, "heading");
  add_label (GTK_BOX (who), about, NULL);
  add_label (GTK_BOX (who), registered, "dim-label");
  gtk_box_append (GTK_BOX (head), who);
  /* Translators: the accessible name of "Different people": "Meera Joshi · P000214 is someone else". */
  distinct_name = g_strdup_printf (_("%s is someone else: keep apart"), title);
  gtk_box_append (GTK_BOX (head),
                  make_button (_("_Different people"), distinct_name, "web-review.distinct",
                                  g_variant_new_string (ld_patient_get_id (entry->patient))));
  gtk_box_append (GTK_BOX (card), head);

  add_label (GTK_BOX (matches),
             entry->resembles->len > 0 ? _("Looks like:")
                                       : _("Looks like nobody now."), "dim-label");
  for (guint i = 0; i < entry->resembles->len; i++)
    gtk_box_append (GTK_BOX (matches), make_resembling_row (entry, entry->resembles->pdata[i]));
  gtk_box_append (GTK_BOX (card), matches);
  return card;
}

static void
show_entries (LdWebReviewPage *self)
{
  GtkWidget *child;
  guint n = self->entries ? self->entries->len : 0;
  g_autofree char *summary = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->entries_box))) != NULL)
    gtk_box_remove (self->entries_box, child);
  for (guint i = 0; i < n; i++)
    gtk_box_append (self->entries_box, make_entry (self->entries->pdata[i]));

  /* Translators: the web registrations page's header. */
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u registration waiting",
                                          "%u registrations waiting", n), n);
  gtk_label_set_text (self->summary_label, summary);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
on_list_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LdWebReviewPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries =
               ld_web_review_list_finish (LD_API_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (entries == NULL)
    {
      gtk_label_set_text (self->summary_label, ld_error_text_title (error));
      toast (self, ld_error_text_title (error));
    }
  else
    {
      g_clear_pointer (&self->entries, g_ptr_array_unref);
      self->entries = g_steal_pointer (&entries);
      show_entries (self);
    }
  update_actions (self);
}

static void
reload (LdWebReviewPage *self)
{
  if (self->busy || self->session == NULL)
    return;
  self->busy = TRUE;
  update_actions (self);
  gtk_label_set_text (self->summary_label, _("Loading…"));
  ld_web_review_list_async (ld_session_get_api_client (self->session), self->cancellable,
                            on_list_cb, g_object_ref (self));
}

static void
on_resolved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LdWebReviewPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = ld_web_review_resolve_finish (LD_API_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (!ok)
    toast (self, ld_error_text_title (error));
  else
    toast (self, self->done_text);
  update_actions (self);
  reload (self);
}

static void
resolve (LdWebReviewPage *self,
         const char      *patient_id,
         const char      *same_as_id,
         const char      *done_text)
{
  if (self->busy)
    return;
  self->busy = TRUE;
  update_actions (self);
  g_free (self->done_text);
  self->done_text = g_strdup (done_text);
  ld_web_review_resolve_async (ld_session_get_api_client (self->session), patient_id, same_as_id,
                               self->cancellable, on_resolved_cb, g_object_ref (self));
}

static void
on_join_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     LdWebReviewPage  *self)
{
  const char *parked_id = g_object_get_data (G_OBJECT (dialog), "parked-id");
  const char *existing_id = g_object_get_data (G_OBJECT (dialog), "existing-id");

  if (g_strcmp0 (response, "join") == 0)
    resolve (self, parked_id, existing_id, _("The records are joined."));
}

static void
join_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdWebReviewPage *self = LD_WEB_REVIEW_PAGE (widget);
  const char *parked_id = NULL;
  const char *existing_id = NULL;
  LdWebReviewEntry *entry;
  LdPatient *existing;
  GtkWidget *dialog;
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *parked_text = NULL;
  g_autofree char *existing_text = NULL;
  g_autofree char *body = NULL;

  g_variant_get (parameter, "(&s&s)", &parked_id, &existing_id);
  entry = find_entry (self, parked_id);
  existing = entry ? find_resembling (entry, existing_id) : NULL;
  if (existing == NULL)
    return;

  parked_text = name_mrn (entry->patient);
  existing_text = name_mrn (existing);
  /* Translators: asks before a web registration is merged into the record it resembles. */
  body = g_strdup_printf (_("The web registration %s becomes part of %s: its orders and the web "
                            "account move there, and it is no longer found by search. This cannot "
                            "be undone."),
                             parked_text, existing_text);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Join These Records?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "join",
                                    _("_Join Records"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "join",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "parked-id", g_strdup (parked_id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "existing-id", g_strdup (existing_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_join_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
distinct_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LdWebReviewPage *self = LD_WEB_REVIEW_PAGE (widget);

  resolve (self, g_variant_get_string (parameter, NULL), NULL,
           _("Kept apart: a different person."));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  reload (LD_WEB_REVIEW_PAGE (widget));
}

static void
ld_web_review_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ld_web_review_page_parent_class)->map (widget);
  reload (LD_WEB_REVIEW_PAGE (widget));
}

static gboolean
ld_web_review_page_grab_focus (GtkWidget *widget)
{
  LdWebReviewPage *self = LD_WEB_REVIEW_PAGE (widget);

  /* The first record's first button; with none, Refresh. */
  if (gtk_widget_child_focus (GTK_WIDGET (self->entries_box), GTK_DIR_TAB_FORWARD))
    return TRUE;
  return gtk_widget_grab_focus (self->refresh_button);
}

static void
ld_web_review_page_dispose (GObject *object)
{
  LdWebReviewPage *self = (LdWebReviewPage *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_WEB_REVIEW_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->done_text, g_free);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_web_review_page_parent_class)->dispose (object);
}

static void
ld_web_review_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LdWebReviewPage *self = LD_WEB_REVIEW_PAGE (object);

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
ld_web_review_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LdWebReviewPage *self = LD_WEB_REVIEW_PAGE (object);

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
ld_web_review_page_constructed (GObject *object)
{
  G_OBJECT_CLASS (ld_web_review_page_parent_class)->constructed (object);
  update_actions (LD_WEB_REVIEW_PAGE (object));
}

static void
ld_web_review_page_class_init (LdWebReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_web_review_page_constructed;
  object_class->dispose = ld_web_review_page_dispose;
  object_class->get_property = ld_web_review_page_get_property;
  object_class->set_property = ld_web_review_page_set_property;
  widget_class->map = ld_web_review_page_map;
  widget_class->grab_focus = ld_web_review_page_grab_focus;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/desk/ld-web-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdWebReviewPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LdWebReviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LdWebReviewPage, entries_box);
  gtk_widget_class_bind_template_child (widget_class, LdWebReviewPage, refresh_button);

  gtk_widget_class_install_action (widget_class, "web-review.join", "(ss)", join_action);
  gtk_widget_class_install_action (widget_class, "web-review.distinct", "s", distinct_action);
  gtk_widget_class_install_action (widget_class, "web-review.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "web-review.refresh", NULL);
}

static void
ld_web_review_page_init (LdWebReviewPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_web_review_page_new:
 * @session: the signed-in session
 *
 * Returns: (transfer full): the desk's list of web registrations parked
 *   as likely duplicates
 */
GtkWidget *
ld_web_review_page_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_WEB_REVIEW_PAGE, "session", session, NULL);
}
