/* ld-patient-dialog.c: registering a patient, or editing one
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both go through the outbox ("patient.register", "patient.update"), so
 * they work with the server away: the patient shows at once, marked as
 * waiting. With the server there, the dialog stays open until the
 * server has answered, because its answer may need the person: a likely
 * duplicate (409 with the candidates: use one of them, or register
 * anyway with "allow_duplicate"), a field it refuses (said beside the
 * field; sending again resends the refused item in its place), or, for
 * an edit, a stale version (409 with the record as it is now: keep that,
 * dropping the edit, or apply the edit over it). Whatever the person
 * decides about a refused item is done to that item, so nothing refused
 * is left behind in the outbox by this dialog. What it sends is written
 * by the shared body writer (ld-patient-body.h) from the form's typed
 * patient, the one the server reads it with.
 */

#define G_LOG_DOMAIN "ld-patient-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-error.h"
#include "ld-patient-body.h"
#include "ld-patient-dialog.h"
#include "ld-patient-form.h"
#include "ld-patient-rules.h"
#include "store/ld-cache-view.h"
#include "store/ld-cache.h"
#include "store/ld-outbox.h"
#include "store/ld-patient-calls.h"
#include "ui/common/ld-error-text.h"

struct _LdPatientDialog
{
  AdwWindow      parent_instance;

  LdSession     *session;
  GWeakRef       opener;
  /* The opener's action (s: the patient's id) that opens the patient. */
  char          *open_action;
  /* The patient edited, or the one being registered once sent. */
  char          *patient_id;
  /* The record as the desk saw it when the edit began. */
  LdPatient     *base;
  /* The outbox entry's place once found, and the entry itself once
   * refused. */
  gint64         seq;
  LdOutboxEntry *refused;
  gboolean       waiting;
  gboolean       editing;
  GCancellable  *cancellable;

  AdwWindowTitle *window_title;
  GtkButton     *submit_button;
  GtkStack      *pages;
  LdPatientForm *form;
  GtkLabel      *reason_label;
  GtkLabel      *error_label;
  GtkLabel      *sending_label;
  AdwPreferencesGroup *candidates_group;
  GtkGrid       *conflict_grid;
  GtkWidget     *candidate_rows;
};

G_DEFINE_FINAL_TYPE (LdPatientDialog, ld_patient_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_PATIENT_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void check_outcome (LdPatientDialog *self);

static LdOutboxAction
action (LdPatientDialog *self)
{
  return self->editing ? LD_OUTBOX_ACTION_PATIENT_UPDATE : LD_OUTBOX_ACTION_PATIENT_REGISTER;
}

static void
show_error (LdPatientDialog *self,
            const char      *text)
{
  gtk_label_set_text (self->error_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

static void
update_submit (LdPatientDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->pages);
  gboolean on_form = g_strcmp0 (page, "form") == 0;
  gboolean valid = ld_patient_form_get_valid (self->form);
  const char *reason = ld_patient_form_get_reason (self->form);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "patient-dialog.submit",
                                 on_form && valid && !self->waiting);
  gtk_widget_set_visible (GTK_WIDGET (self->submit_button), on_form);
  gtk_label_set_text (self->reason_label, valid || reason == NULL ? "" : reason);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), !valid && reason != NULL);
  /* The button says why it cannot be pressed, to a screen reader too. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->submit_button), valid ? NULL : reason);
}

static void
show_page (LdPatientDialog *self,
           const char      *name)
{
  gtk_stack_set_visible_child_name (self->pages, name);
  update_submit (self);
}

static GtkWidget *
get_opener (LdPatientDialog *self)
{
  return g_weak_ref_get (&self->opener);
}

/* Closes the dialog and, when @open_id is given, opens that patient on
 * the desk that opened the dialog. */
static void
finish (LdPatientDialog *self,
        const char      *open_id,
        const char      *message)
{
  g_autoptr(GtkWidget) opener = get_opener (self);
  g_autofree char *id = g_strdup (open_id);

  gtk_window_destroy (GTK_WINDOW (self));
  /* The dialog is a window of its own, outside the main window's
   * actions: the page that opened it says it. */
  if (message != NULL && opener != NULL)
    gtk_widget_activate_action (opener, "win.toast", "s", message);
  if (opener != NULL && id != NULL)
    gtk_widget_activate_action (opener, self->open_action, "s", id);
}

/* Sending. */

static void
set_waiting (LdPatientDialog *self,
             gboolean         waiting)
{
  self->waiting = waiting;
  if (waiting)
    {
      gtk_label_set_text (self->sending_label,
                          self->editing ? _("Saving the changes…")
                                        : _("Registering, and checking for the same patient…"));
      show_page (self, "sending");
    }
  update_submit (self);
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LdPatientDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gboolean ok = ld_patient_calls_send_finish (LD_SESSION (source), result, &id, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!ok)
    {
      g_autofree char *text = ld_error_text_describe (error);

      set_waiting (self, FALSE);
      show_page (self, "form");
      ld_patient_form_show_refusal (self->form, error);
      show_error (self, text);
      return;
    }

  /* A registration's answer names the patient; an entry sent again
   * names none and keeps its place. */
  if (id != NULL)
    {
      g_free (self->patient_id);
      self->patient_id = g_steal_pointer (&id);
      self->seq = 0;
    }
  g_clear_object (&self->refused);
  check_outcome (self);
}

/* A registration, as the form holds it: under @id (%NULL: none sent),
 * with the duplicate override if @allow_duplicate. */
static LdPatient *
dup_registration (LdPatientDialog  *self,
                  const char       *id,
                  gboolean          allow_duplicate,
                  LdPatientRequest *request)
{
  LdPatient *patient = ld_patient_form_dup_patient (self->form, &request->fields);

  request->id = g_strdup (id);
  request->allow_duplicate = allow_duplicate;
  return patient;
}

/* An edit: the details the person changed since the edit began, over
 * @over's id and version; %NULL when nothing changed, unless @always (a
 * refused edit sent again still says which version it is over). */
static LdPatient *
dup_edit (LdPatientDialog  *self,
          LdPatient        *over,
          gboolean          always,
          LdPatientRequest *request)
{
  g_autoptr(LdPatient) patient = ld_patient_form_dup_patient (self->form, &request->fields);

  request->fields &= ld_patient_fields_changed (self->base, patient);
  if (request->fields == 0 && !always)
    return NULL;
  request->id = g_strdup (ld_patient_get_id (over));
  request->version = ld_patient_get_version (over);
  return g_steal_pointer (&patient);
}

static void
send_patient (LdPatientDialog        *self,
              LdPatient              *patient,
              const LdPatientRequest *request)
{
  g_debug ("sending %s (%s)", ld_outbox_action_describe (action (self)),
           self->refused ? "resend" : "submit");

  show_error (self, NULL);
  set_waiting (self, TRUE);
  ld_patient_calls_send_async (self->session, self->refused, self->editing, patient, request,
                               self->cancellable, on_sent_cb, g_object_ref (self));
}

/* The server away: the likely duplicates this computer knows of. */

typedef struct
{
  LdPatientDialog *self;
  LdPatient       *patient;
  LdPatientRequest request;
  GPtrArray       *candidates;
  GHashTable      *seen;
  guint            pending;
} LocalCheck;

static void show_candidates (LdPatientDialog *self,
                             GPtrArray       *candidates);

static void
local_check_done (LocalCheck *check)
{
  LdPatientDialog *self = check->self;

  if (--check->pending > 0)
    return;

  if (check->candidates->len > 0)
    {
      set_waiting (self, FALSE);
      show_candidates (self, check->candidates);
    }
  else if (!g_cancellable_is_cancelled (self->cancellable))
    send_patient (self, check->patient, &check->request);

  g_object_unref (check->self);
  g_object_unref (check->patient);
  ld_patient_request_clear (&check->request);
  g_ptr_array_unref (check->candidates);
  g_hash_table_unref (check->seen);
  g_free (check);
}

static void
on_local_page_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LocalCheck *check = user_data;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;
  g_autoptr(GPtrArray) rows =
               ld_cache_read_page_finish (LD_CACHE (source), result, &version, &error);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      LdCacheViewRow *row = g_ptr_array_index (rows, i);
      g_autoptr(LdPatient) other = ld_patient_calls_read_row (row);
      const char *id = other ? ld_patient_get_id (other) : NULL;

      if (id == NULL || g_hash_table_contains (check->seen, id) ||
          !ld_patient_is_likely_duplicate (check->patient, other))
        continue;
      g_hash_table_add (check->seen, g_strdup (id));
      g_ptr_array_add (check->candidates, g_steal_pointer (&other));
    }
  local_check_done (check);
}

static void
check_here_then_send (LdPatientDialog  *self,
                      LdPatient        *patient,
                      LdPatientRequest *request)
{
  LdCache *cache = ld_session_get_cache (self->session);
  const char *queries[] = {
    ld_patient_get_phone (patient),
    ld_patient_get_name (patient),
  };
  LocalCheck *check = g_new0 (LocalCheck, 1);

  check->self = g_object_ref (self);
  check->patient = g_object_ref (patient);
  /* The check owns the request from here. */
  check->request = *request;
  *request = (LdPatientRequest){ NULL };
  check->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  check->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  check->pending = 1;
  set_waiting (self, TRUE);

  for (guint i = 0; cache != NULL && i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(LdCacheView) view =
                   queries[i] ? ld_cache_view_new_patient_search (queries[i], NULL) : NULL;

      if (view == NULL)
        continue;
      check->pending++;
      ld_cache_read_page_async (cache, view, NULL, 0, 50, self->cancellable, on_local_page_cb,
                                check);
    }
  local_check_done (check);
}

static const char *
field_title (const char *name)
{
  static const struct
  {
    const char *name;
    const char *title;
  } titles[] = {
    { "name", N_("Name") },
      { "sex", N_("Sex") },
        { "date_of_birth", N_("Date of birth") },
          { "age_years", N_("Age in years") },
            { "phone", N_("Phone") },
              { "email", N_("Email") },
                { "address", N_("Address") },
                  { "national_id", N_("National health ID") },
                };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_str_equal (titles[i].name, name))
      return _(titles[i].title);
  return NULL;
}

static char *
value_text (LdPatient       *patient,
            LdPatientFields  field)
{
  const char *text = NULL;
  gint64 age;

  switch (field)
    {
    case LD_PATIENT_FIELD_NAME:
      text = ld_patient_get_name (patient);
      break;
    case LD_PATIENT_FIELD_SEX:
      text = ld_sex_to_string (ld_patient_get_sex (patient));
      break;
    case LD_PATIENT_FIELD_DATE_OF_BIRTH:
      text = ld_patient_get_date_of_birth (patient);
      break;
    case LD_PATIENT_FIELD_AGE_YEARS:
      age = ld_patient_get_age_years (patient);
      if (age >= 0)
        return g_strdup_printf ("%" G_GINT64_FORMAT, age);
      break;
    case LD_PATIENT_FIELD_PHONE:
      text = ld_patient_get_phone (patient);
      break;
    case LD_PATIENT_FIELD_EMAIL:
      text = ld_patient_get_email (patient);
      break;
    case LD_PATIENT_FIELD_ADDRESS:
      text = ld_patient_get_address (patient);
      break;
    case LD_PATIENT_FIELD_NATIONAL_ID:
      text = ld_patient_get_national_id (patient);
      break;
    case LD_PATIENT_FIELD_PHONE_DO_NOT_SEND:
    case LD_PATIENT_FIELD_EMAIL_DO_NOT_SEND:
    case LD_PATIENT_FIELD_ALL:
    default:
      break;
    }
  return g_strdup (text != NULL ? text : _("(none)"));
}

static GtkWidget *
grid_label (const char *text,
            gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), !heading);
  gtk_widget_add_css_class (label, heading ? "heading" : "body");
  return label;
}

/* The record as the server has it now beside the person's edit: a row
 * for each field either changed since the edit began. */
static void
show_conflict (LdPatientDialog *self,
               LdPatient       *now)
{
  static const LdPatientFields shown[] = {
    LD_PATIENT_FIELD_NAME,  LD_PATIENT_FIELD_SEX,   LD_PATIENT_FIELD_DATE_OF_BIRTH,
    LD_PATIENT_FIELD_AGE_YEARS, LD_PATIENT_FIELD_PHONE, LD_PATIENT_FIELD_EMAIL,
    LD_PATIENT_FIELD_ADDRESS, LD_PATIENT_FIELD_NATIONAL_ID
  };
  LdPatientFields given = 0;
  g_autoptr(LdPatient) mine = ld_patient_form_dup_patient (self->form, &given);
  LdPatientFields mine_changed = given & ld_patient_fields_changed (self->base, mine);
  LdPatientFields theirs_changed = ld_patient_fields_changed (self->base, now);
  GtkWidget *child;
  int row = 1;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->conflict_grid))) != NULL)
    gtk_grid_remove (self->conflict_grid, child);
  gtk_grid_attach (self->conflict_grid, grid_label (_("Detail"), TRUE), 0, 0, 1, 1);
  gtk_grid_attach (self->conflict_grid, grid_label (_("Now on the server"), TRUE), 1, 0, 1, 1);
  gtk_grid_attach (self->conflict_grid, grid_label (_("Your edit"), TRUE), 2, 0, 1, 1);

  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      const char *title = field_title (ld_patient_field_name (shown[i]));
      g_autofree char *now_text = NULL;
      g_autofree char *mine_text = NULL;

      if (!(mine_changed & shown[i]) && !(theirs_changed & shown[i]))
        continue;
      now_text = value_text (now, shown[i]);
      mine_text =
        (mine_changed & shown[i]) ? value_text (mine, shown[i]) : g_strdup (_("(not changed)"));
      gtk_grid_attach (self->conflict_grid, grid_label (title, FALSE), 0, row, 1, 1);
      gtk_grid_attach (self->conflict_grid, grid_label (now_text, FALSE), 1, row, 1, 1);
      gtk_grid_attach (self->conflict_grid, grid_label (mine_text, FALSE), 2, row, 1, 1);
      row++;
    }
  show_page (self, "conflict");
}

static void
show_candidates (LdPatientDialog *self,
                 GPtrArray       *candidates)
{
  GtkWidget *group = GTK_WIDGET (self->candidates_group);

  if (self->candidate_rows != NULL)
    {
      adw_preferences_group_remove (self->candidates_group, self->candidate_rows);
      self->candidate_rows = NULL;
    }
  self->candidate_rows = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->candidate_rows), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->candidate_rows, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->candidate_rows),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Patients already registered"), -1);

  for (guint i = 0; i < candidates->len; i++)
    {
      LdPatient *candidate = g_ptr_array_index (candidates, i);
      g_autofree char *subtitle = NULL;
      g_autofree char *born = NULL;
      g_autofree char *accessible = NULL;
      g_autofree char *phone = NULL;
      const char *mrn, *dob, *name;
      GtkWidget *row, *button;

      name = ld_patient_get_name (candidate);
      mrn = ld_patient_get_mrn (candidate);
      phone = ld_patient_phone_display (ld_patient_get_phone (candidate));
      dob = ld_patient_get_date_of_birth (candidate);
      if (dob != NULL)
        /* Translators: a patient's date of birth in a list of likely duplicates. */
        born = g_strdup_printf (_("born %s"), dob);
      else
        {
          g_autofree char *age = value_text (candidate, LD_PATIENT_FIELD_AGE_YEARS);

          /* Translators: a patient's age in years, when no birth date is known. */
          born = g_strdup_printf (_("aged %s"), age);
        }
      /* Translators: MRN · phone · date of birth of a likely duplicate. */
      subtitle = g_strdup_printf (_("%s · %s · %s"), mrn ? mrn : _("no MRN yet"),
                                  phone ? phone : _("no phone"), born);

      row = adw_action_row_new ();
      {
        /* Rows take Pango markup; names are text. */
        g_autofree char *title_markup = g_markup_escape_text (name ? name : "", -1);
        g_autofree char *subtitle_markup = g_markup_escape_text (subtitle, -1);

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title_markup);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle_markup);
      }
      button = gtk_button_new_with_mnemonic (_("_Use This Patient"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "patient-dialog.use-patient");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s",
                                        ld_patient_get_id (candidate));
      /* Translators: the button beside a likely duplicate, for a screen reader. */
      accessible = g_strdup_printf (_("Use %s, %s"), name ? name : "", mrn ? mrn : "");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (GTK_LIST_BOX (self->candidate_rows), row);
    }
  adw_preferences_group_add (self->candidates_group, self->candidate_rows);
  show_page (self, "duplicates");
  gtk_widget_child_focus (group, GTK_DIR_TAB_FORWARD);
}

static void
on_refused (LdPatientDialog *self,
            LdOutboxEntry   *entry)
{
  g_autoptr(GPtrArray) candidates = ld_patient_calls_dup_candidates (entry);
  g_autoptr(LdPatient) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  LdApiError code = LD_API_ERROR_BAD_REQUEST;

  g_set_object (&self->refused, entry);
  set_waiting (self, FALSE);
  ld_api_error_from_code (ld_outbox_entry_get_error_code (entry), &code);

  if (code == LD_API_ERROR_CONFLICT && !self->editing && candidates != NULL)
    {
      show_candidates (self, candidates);
      return;
    }
  if (code == LD_API_ERROR_CONFLICT && self->editing && self->base != NULL &&
      (now = ld_patient_calls_dup_current (entry)) != NULL)
    {
      show_conflict (self, now);
      return;
    }

  error = ld_outbox_entry_dup_error (entry);
  show_page (self, "form");
  text = ld_error_text_describe (error);
  ld_patient_form_show_refusal (self->form, error);
  show_error (self, text);
}

/* Where the entry sent stands: gone (the server took it), refused, or
 * waiting for a server that is away. */
static void
check_outcome (LdPatientDialog *self)
{
  LdOutbox *outbox = ld_session_get_outbox (self->session);
  LdOutboxEntry *entry;

  if (!self->waiting || self->patient_id == NULL || outbox == NULL)
    return;

  if (self->seq == 0)
    {
      g_autoptr(GPtrArray) entries = ld_outbox_find_entries (outbox, "patient", self->patient_id);

      /* The newest of this kind for the record is the one just queued. */
      for (guint i = 0; i < entries->len; i++)
        {
          LdOutboxEntry *candidate = g_ptr_array_index (entries, i);

          if (ld_outbox_entry_get_action (candidate) == action (self))
            self->seq = ld_outbox_entry_get_seq (candidate);
        }
      if (self->seq == 0)
        self->seq = -1;
    }
  entry = self->seq > 0 ? ld_outbox_get_entry (outbox, self->seq) : NULL;
  g_debug ("outcome of entry %" G_GINT64_FORMAT ": %s", self->seq,
           entry == NULL ? "sent" : ld_outbox_entry_get_state (entry) == LD_OUTBOX_ENTRY_REFUSED
                                    ? "refused" : "waiting");

  if (entry == NULL)
    {
      self->waiting = FALSE;
      if (self->editing)
        finish (self, NULL, _("The patient’s details were saved."));
      else
        finish (self, self->patient_id, _("The patient was registered."));
      return;
    }
  if (ld_outbox_entry_get_state (entry) == LD_OUTBOX_ENTRY_REFUSED)
    {
      on_refused (self, entry);
      return;
    }
  if (!ld_outbox_get_online (outbox))
    {
      /* The server is away: the entry waits in the outbox, and the desk
       * goes on with the patient shown as waiting. */
      self->waiting = FALSE;
      finish (self, self->patient_id,
              _("Saved on this computer; it will be sent when the server can be reached."));
    }
}

static void
on_outbox_changed_cb (LdPatientDialog *self)
{
  check_outcome (self);
}

/* Actions. */

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LdPatientDialog *self = LD_PATIENT_DIALOG (widget);
  g_auto(LdPatientRequest) request = { NULL };
  g_autoptr(LdPatient) patient = NULL;

  if (!ld_patient_form_get_valid (self->form) || self->waiting)
    return;

  if (self->editing && self->base == NULL)
    return;
  if (self->editing)
    {
      patient = dup_edit (self, self->base, self->refused != NULL, &request);
      if (patient == NULL)
        {
          finish (self, NULL, NULL);
          return;
        }
    }
  else
    {
      patient = dup_registration (self, self->patient_id, FALSE, &request);
      /* With the server away, this computer's records are asked first. */
      if (self->refused == NULL &&
          !ld_outbox_get_online (ld_session_get_outbox (self->session)))
        {
          check_here_then_send (self, patient, &request);
          return;
        }
    }
  send_patient (self, patient, &request);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LdPatientDialog *self = LD_PATIENT_DIALOG (widget);
  const char *page = gtk_stack_get_visible_child_name (self->pages);

  /* From the choices, Escape goes back to the form first. */
  if (self->refused != NULL &&
      (g_strcmp0 (page, "duplicates") == 0 || g_strcmp0 (page, "conflict") == 0))
    {
      show_page (self, "form");
      gtk_widget_grab_focus (GTK_WIDGET (self->form));
      return;
    }
  if (self->refused != NULL)
    /* The person gave the refused action up: take it out of the outbox. */
    ld_outbox_discard_async (ld_session_get_outbox (self->session), self->refused, NULL, NULL,
                             NULL);
  finish (self, NULL, NULL);
}

static void
on_discarded_then_open_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(LdPatientDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  const char *open = g_object_get_data (G_OBJECT (self), "open-after-discard");

  if (!ld_outbox_discard_finish (LD_OUTBOX (source), result, &error))
    {
      g_autofree char *text = ld_error_text_describe (error);

      show_page (self, "form");
      show_error (self, text);
      return;
    }
  if (self->editing)
    finish (self, NULL, _("Your edit was dropped; the record stays as it is now."));
  else
    finish (self, open, NULL);
}

static void
discard_then (LdPatientDialog *self,
              const char      *open_id)
{
  g_return_if_fail (self->refused != NULL);

  g_object_set_data_full (G_OBJECT (self), "open-after-discard", g_strdup (open_id), g_free);
  ld_outbox_discard_async (ld_session_get_outbox (self->session), self->refused,
                           self->cancellable, on_discarded_then_open_cb, g_object_ref (self));
}

static void
use_patient_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LdPatientDialog *self = LD_PATIENT_DIALOG (widget);

  if (self->refused != NULL)
    discard_then (self, g_variant_get_string (parameter, NULL));
  else
    finish (self, g_variant_get_string (parameter, NULL), NULL);
}

static void
register_anyway_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  LdPatientDialog *self = LD_PATIENT_DIALOG (widget);
  g_auto(LdPatientRequest) request = { NULL };
  g_autoptr(LdPatient) patient = NULL;

  if (self->editing)
    return;
  patient = dup_registration (self, NULL, TRUE, &request);
  send_patient (self, patient, &request);
}

static void
keep_current_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdPatientDialog *self = LD_PATIENT_DIALOG (widget);

  if (self->refused != NULL && self->editing)
    discard_then (self, NULL);
}

static void
apply_mine_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LdPatientDialog *self = LD_PATIENT_DIALOG (widget);
  g_autoptr(LdPatient) current = NULL;
  g_autoptr(LdPatient) patient = NULL;
  g_auto(LdPatientRequest) request = { NULL };

  if (self->refused == NULL || !self->editing || self->base == NULL)
    return;
  current = ld_patient_calls_dup_current (self->refused);
  if (current == NULL)
    return;

  /* The person's changes, over the version the server has now; the
   * record they are measured against becomes that version, so a second
   * conflict compares with it. */
  patient = dup_edit (self, current, TRUE, &request);
  g_set_object (&self->base, current);
  send_patient (self, patient, &request);
}

static void
back_to_form_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdPatientDialog *self = LD_PATIENT_DIALOG (widget);

  show_page (self, "form");
  gtk_widget_grab_focus (GTK_WIDGET (self->form));
}

static void
on_form_activate_cb (LdPatientDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "patient-dialog.submit", NULL);
}

static void
on_form_valid_cb (LdPatientDialog *self)
{
  update_submit (self);
}

/* Loading the record to edit. */

static void
on_record_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LdPatientDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdPatient) record = ld_cache_get_patient_finish (LD_CACHE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (record == NULL)
    {
      g_autofree char *text = error ? ld_error_text_describe (error) : NULL;

      show_error (self, text ? text : _("This patient could not be read."));
      show_page (self, "form");
      return;
    }
  self->base = g_steal_pointer (&record);
  ld_patient_form_set_patient (self->form, self->base);
  show_page (self, "form");
  gtk_widget_grab_focus (GTK_WIDGET (self->form));
}

/* GObject. */

static void
ld_patient_dialog_constructed (GObject *object)
{
  LdPatientDialog *self = (LdPatientDialog *) object;
  LdOutbox        *outbox = ld_session_get_outbox (self->session);
  LdCache         *cache = ld_session_get_cache (self->session);

  G_OBJECT_CLASS (ld_patient_dialog_parent_class)->constructed (object);

  g_signal_connect_object (outbox, "entry-sent", G_CALLBACK (on_outbox_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (outbox, "entry-refused", G_CALLBACK (on_outbox_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (outbox, "notify::online", G_CALLBACK (on_outbox_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->editing = self->patient_id != NULL;
  if (self->editing)
    {
      adw_window_title_set_title (self->window_title, _("Edit Patient"));
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Patient"));
      gtk_button_set_label (self->submit_button, _("_Save"));
      gtk_label_set_text (self->sending_label, _("Reading the patient…"));
      gtk_stack_set_visible_child_name (self->pages, "sending");
      ld_cache_get_record_async (cache, "patient", self->patient_id, self->cancellable,
                                 on_record_cb, g_object_ref (self));
    }
  update_submit (self);
}

static void
ld_patient_dialog_dispose (GObject *object)
{
  LdPatientDialog *self = (LdPatientDialog *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_PATIENT_DIALOG);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_weak_ref_set (&self->opener, NULL);
  g_clear_object (&self->base);
  g_clear_object (&self->refused);

  G_OBJECT_CLASS (ld_patient_dialog_parent_class)->dispose (object);
}

static void
ld_patient_dialog_finalize (GObject *object)
{
  LdPatientDialog *self = (LdPatientDialog *) object;

  g_weak_ref_clear (&self->opener);
  g_free (self->open_action);
  g_free (self->patient_id);

  G_OBJECT_CLASS (ld_patient_dialog_parent_class)->finalize (object);
}

static void
ld_patient_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LdPatientDialog *self = LD_PATIENT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_PATIENT_ID:
      g_value_set_string (value, self->patient_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_patient_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LdPatientDialog *self = LD_PATIENT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_PATIENT_ID:
      self->patient_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_patient_dialog_class_init (LdPatientDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_patient_dialog_constructed;
  object_class->dispose = ld_patient_dialog_dispose;
  object_class->finalize = ld_patient_dialog_finalize;
  object_class->get_property = ld_patient_dialog_get_property;
  object_class->set_property = ld_patient_dialog_set_property;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /**
   * LdPatientDialog:patient-id:
   *
   * The patient to edit; %NULL to register a new one.
   */
  properties [PROP_PATIENT_ID] =
    g_param_spec_string ("patient-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LD_TYPE_PATIENT_FORM);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/common/ld-patient-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LdPatientDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, LdPatientDialog, submit_button);
  gtk_widget_class_bind_template_child (widget_class, LdPatientDialog, pages);
  gtk_widget_class_bind_template_child (widget_class, LdPatientDialog, form);
  gtk_widget_class_bind_template_child (widget_class, LdPatientDialog, reason_label);
  gtk_widget_class_bind_template_child (widget_class, LdPatientDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LdPatientDialog, sending_label);
  gtk_widget_class_bind_template_child (widget_class, LdPatientDialog, candidates_group);
  gtk_widget_class_bind_template_child (widget_class, LdPatientDialog, conflict_grid);
  gtk_widget_class_bind_template_callback (widget_class, on_form_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_form_valid_cb);

  gtk_widget_class_install_action (widget_class, "patient-dialog.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "patient-dialog.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "patient-dialog.use-patient", "s",
                                   use_patient_action);
  gtk_widget_class_install_action (widget_class, "patient-dialog.register-anyway", NULL,
                                   register_anyway_action);
  gtk_widget_class_install_action (widget_class, "patient-dialog.keep-current", NULL,
                                   keep_current_action);
  gtk_widget_class_install_action (widget_class, "patient-dialog.apply-mine", NULL,
                                   apply_mine_action);
  gtk_widget_class_install_action (widget_class, "patient-dialog.back-to-form", NULL,
                                   back_to_form_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "patient-dialog.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "patient-dialog.submit", NULL);
}

static void
ld_patient_dialog_init (LdPatientDialog *self)
{
  g_weak_ref_init (&self->opener, NULL);
  self->open_action = g_strdup ("desk.open-patient");
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_patient_dialog_new:
 * @session: the signed-in session
 * @opener: the widget whose `desk.open-patient` opens the patient after
 *   registering or choosing a likely duplicate (held weakly)
 * @patient_id: (nullable): the patient to edit, or %NULL to register one
 *
 * Returns: (transfer full): a dialog, modal over @opener's window
 */
GtkWidget *
ld_patient_dialog_new (LdSession  *session,
                       GtkWidget  *opener,
                       const char *patient_id)
{
  LdPatientDialog *self;
  GtkRoot *root;

  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (opener), NULL);

  /* GTK 4.8 keeps a window's role from the instance, not its class. */
  self = g_object_new (LD_TYPE_PATIENT_DIALOG,
                       "session", session,
                       "patient-id", patient_id,
                       "accessible-role", GTK_ACCESSIBLE_ROLE_DIALOG,
                       NULL);
  g_weak_ref_set (&self->opener, opener);
  root = gtk_widget_get_root (opener);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
  return GTK_WIDGET (self);
}

/**
 * ld_patient_dialog_set_open_action:
 * @self: a dialog
 * @action_name: the opener's action (s: the patient's id) that opens the
 *   patient registered or chosen, instead of `desk.open-patient` (the
 *   doctor's workspace prescribes for them)
 */
void
ld_patient_dialog_set_open_action (LdPatientDialog *self,
                                   const char      *action_name)
{
  g_return_if_fail (LD_IS_PATIENT_DIALOG (self));
  g_return_if_fail (action_name != NULL);

  g_free (self->open_action);
  self->open_action = g_strdup (action_name);
}
