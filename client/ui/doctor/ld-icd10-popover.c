/* ld-icd10-popover.c: the lab's ICD-10 codes offered as the doctor types one
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Under the visit's code field: what the doctor types (a code's start or
 * words of its title) is looked up once they pause (DEBOUNCE_MS), and the
 * matches are offered below the field, which keeps the focus: Down and Up
 * choose, Enter takes the code chosen, Escape closes. No list ships with
 * Labdesk; when the server has none (404, or no code loaded) nothing is
 * offered again this session, the field says so in its tooltip, and a
 * code of the right shape is taken as typed (the server checks it).
 */

#define G_LOG_DOMAIN "ld-icd10-popover"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-icd10-popover.h"
#include "store/ld-icd10-calls.h"

/* How long the doctor pauses before the lookup, and how many matches. */
#define DEBOUNCE_MS 250
#define MAX_MATCHES 8

struct _LdIcd10Popover
{
  GtkPopover    parent_instance;

  LdSession    *session;
  GtkEntry     *entry;
  GCancellable *cancellable;
  guint         debounce_id;
  /* The server has no code list: nothing is looked up any more. */
  gboolean      unavailable;
  /* Set while the field takes a chosen code, which is no typing. */
  gboolean      taking;
  GPtrArray    *matches;
  /* The keys of the field, which the popover reads while it shows. */
  GtkEventController *keys;

  GtkListBox   *matches_list;
};

G_DEFINE_FINAL_TYPE (LdIcd10Popover, ld_icd10_popover, GTK_TYPE_POPOVER)

static void
take (LdIcd10Popover *self,
      guint           index)
{
  LdIcd10Code *match;

  if (self->matches == NULL || index >= self->matches->len)
    return;
  match = g_ptr_array_index (self->matches, index);
  self->taking = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), match->code);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
  self->taking = FALSE;
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
on_matches_list_row_activated_cb (GtkListBox     *list,
                                  GtkListBoxRow  *row,
                                  LdIcd10Popover *self)
{
  take (self, gtk_list_box_row_get_index (row));
}

static void
show_matches (LdIcd10Popover *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->matches_list))) != NULL)
    gtk_list_box_remove (self->matches_list, child);
  for (guint i = 0; i < self->matches->len; i++)
    {
      LdIcd10Code *match = g_ptr_array_index (self->matches, i);
      /* Translators: an ICD-10 code offered, and what it names. */
      g_autofree char *text =
        g_strdup_printf (_("%s — %s"), match->code, match->title != NULL ? match->title : "");
      g_autofree char *name = g_strdup_printf ("icd10-%s", match->code);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_widget_set_name (row, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                      -1);
      gtk_list_box_append (self->matches_list, row);
    }
  if (self->matches->len == 0)
    {
      gtk_popover_popdown (GTK_POPOVER (self));
      return;
    }
  gtk_list_box_select_row (self->matches_list,
                           gtk_list_box_get_row_at_index (self->matches_list, 0));
  gtk_popover_popup (GTK_POPOVER (self));
}

static void
on_search_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LdIcd10Popover) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 loaded = 0;
  g_autoptr(GPtrArray) matches =
               ld_icd10_search_finish (LD_API_CLIENT (source), result, &loaded, &error);

  /* A failed lookup (offline, say) offers nothing; the code is typed. */
  if (matches == NULL)
    return;
  if (loaded == 0)
    {
      self->unavailable = TRUE;
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->entry),
                                   _("No ICD-10 list is loaded: type the code, such as J06.9."));
      gtk_popover_popdown (GTK_POPOVER (self));
      return;
    }
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  self->matches = g_steal_pointer (&matches);
  show_matches (self);
}

static gboolean
look_up (gpointer data)
{
  LdIcd10Popover *self = data;
  g_autofree char *query =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));

  self->debounce_id = 0;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (g_utf8_strlen (query, -1) < 2)
    {
      gtk_popover_popdown (GTK_POPOVER (self));
      return G_SOURCE_REMOVE;
    }
  self->cancellable = g_cancellable_new ();
  ld_icd10_search_async (ld_session_get_api_client (self->session), query, MAX_MATCHES,
                         self->cancellable, on_search_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* The doctor's typing, not the form filled from the server: only with
 * the focus in the field. */
static gboolean
is_typing (LdIcd10Popover *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self->entry));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return !self->taking && focus != NULL &&
         (focus == GTK_WIDGET (self->entry) ||
          gtk_widget_is_ancestor (focus, GTK_WIDGET (self->entry))) &&
         gtk_editable_get_editable (GTK_EDITABLE (self->entry));
}

static void
on_entry_changed_cb (LdIcd10Popover *self)
{
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  if (self->unavailable || !is_typing (self))
    return;
  self->debounce_id = g_timeout_add (DEBOUNCE_MS, look_up, self);
}

static void
move_selection (LdIcd10Popover *self,
                int             step)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->matches_list);
  int index = row != NULL ? gtk_list_box_row_get_index (row) + step : 0;
  GtkListBoxRow *next = gtk_list_box_get_row_at_index (self->matches_list, MAX (index, 0));

  if (next != NULL)
    gtk_list_box_select_row (self->matches_list, next);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   LdIcd10Popover        *self)
{
  GtkListBoxRow *row;

  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_selection (self, 1);
      return TRUE;

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_selection (self, -1);
      return TRUE;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      row = gtk_list_box_get_selected_row (self->matches_list);
      if (row == NULL)
        return FALSE;
      take (self, gtk_list_box_row_get_index (row));
      return TRUE;

    case GDK_KEY_Escape:
      gtk_popover_popdown (GTK_POPOVER (self));
      return TRUE;

    default:
      return FALSE;
    }
}

static void
ld_icd10_popover_dispose (GObject *object)
{
  LdIcd10Popover *self = LD_ICD10_POPOVER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  if (self->entry != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->entry, self);
      gtk_widget_remove_controller (GTK_WIDGET (self->entry), self->keys);
      self->keys = NULL;
    }
  if (self->matches_list != NULL)
    g_signal_handlers_disconnect_by_data (self->matches_list, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_ICD10_POPOVER);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  g_clear_object (&self->session);
  self->entry = NULL;

  G_OBJECT_CLASS (ld_icd10_popover_parent_class)->dispose (object);
}

static void
ld_icd10_popover_class_init (LdIcd10PopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_icd10_popover_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/doctor/ld-icd10-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, LdIcd10Popover, matches_list);
  gtk_widget_class_bind_template_callback (widget_class, on_matches_list_row_activated_cb);
}

static void
ld_icd10_popover_init (LdIcd10Popover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_icd10_popover_new:
 * @session: the doctor's session
 * @entry: the code field, which becomes the popover's parent: whoever
 *   holds @entry unparents the popover before @entry goes
 *
 * Returns: (transfer none): the popover, parented to @entry
 */
GtkWidget *
ld_icd10_popover_new (LdSession *session,
                      GtkEntry  *entry)
{
  LdIcd10Popover *self;

  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (GTK_IS_ENTRY (entry), NULL);

  self = g_object_new (LD_TYPE_ICD10_POPOVER, NULL);
  self->session = g_object_ref (session);
  self->entry = entry;
  gtk_widget_set_parent (GTK_WIDGET (self), GTK_WIDGET (entry));
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_entry_changed_cb), self);
  self->keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (self->keys, GTK_PHASE_CAPTURE);
  g_signal_connect (self->keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (entry), self->keys);
  return GTK_WIDGET (self);
}
