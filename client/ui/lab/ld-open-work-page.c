/* ld-open-work-page.c: the technician's own load and what is late
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the signed-in technician holds now (to collect, in the lab,
 * completed today, collection overdue), and their orders with a test
 * past its turnaround, the longest overdue first, each test with when it
 * was due. Enter on a late order opens it. Both are asked of the server
 * when the page is shown (and again with F5): the turnaround clock is
 * the server's, not the cache's.
 */

#define G_LOG_DOMAIN "ld-open-work-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "common/ld-order-text.h"
#include "ld-open-work-page.h"
#include "store/ld-lab-calls.h"

struct _LdOpenWorkPage
{
  AdwBin          parent_instance;

  LdSession      *session;
  GCancellable   *cancellable;

  GtkListBox     *load_list;
  GtkListBox     *late_list;
  GtkLabel       *late_status;
};

G_DEFINE_FINAL_TYPE (LdOpenWorkPage, ld_open_work_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* The load's counts in words; each row is named as GET …/workload names
 * its count. */
static const struct
{
  const char *name;
  gsize       offset;
  const char *title;
} load_rows[] = {
  { "assigned", G_STRUCT_OFFSET (LdWorkload, assigned), N_("Open orders you hold") },
    { "pending", G_STRUCT_OFFSET (LdWorkload, pending), N_("To collect") },
      { "processing", G_STRUCT_OFFSET (LdWorkload, processing), N_("In the lab") },
        { "collection_overdue", G_STRUCT_OFFSET (LdWorkload, overdue_collection),
          N_("Collectable for over a day") },
          { "completed_today", G_STRUCT_OFFSET (LdWorkload, completed_today),
            N_("Completed today") },
        };

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
on_load_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LdOpenWorkPage) self = user_data;
  g_autoptr(GError) error = NULL;
  LdWorkload load = { 0 };
  gboolean read = ld_lab_workload_finish (LD_API_CLIENT (source), result, &load, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  clear_list (self->load_list);
  for (guint i = 0; i < G_N_ELEMENTS (load_rows); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *count = NULL;
      GtkWidget *label;

      if (read)
        count = g_strdup_printf ("%" G_GINT64_FORMAT,
                                 G_STRUCT_MEMBER (gint64, &load, load_rows[i].offset));
      label = gtk_label_new (count ? count : "—");
      gtk_widget_add_css_class (label, "numeric");
      gtk_widget_add_css_class (label, "heading");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(load_rows[i].title));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_widget_set_name (row, load_rows[i].name);
      gtk_list_box_append (self->load_list, row);
    }
  if (!read)
    {
      g_autofree char *text = ld_error_text_describe (error);

      gtk_label_set_text (self->late_status, text);
    }
}

/* "Glucose, fasting (GLUF): due 23 Nov 12:02, 4 h turnaround", one line a test. */
static char *
dup_late_tests (GPtrArray *tests)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < tests->len; i++)
    {
      const LdLateTest *test = g_ptr_array_index (tests, i);
      g_autofree char *due = ld_order_text_day_clock (test->due_at);
      gint64 hours = test->turnaround_hours;

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: a late test: name, code, when it was due, its turnaround in hours. */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%s (%s): due %s, %d hour turnaround",
                                                 "%s (%s): due %s, %d hours turnaround",
                                                 (gulong) hours),
                              test->name ?: "", test->code ?: "", due,
                              (int) CLAMP (hours, 0, G_MAXINT));
    }
  return g_string_free (text, FALSE);
}

static void
on_late_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LdOpenWorkPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = ld_lab_late_work_finish (LD_API_CLIENT (source), result, &error);
  guint n;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  clear_list (self->late_list);
  if (items == NULL)
    {
      g_autofree char *text = ld_error_text_describe (error);

      gtk_label_set_text (self->late_status, text);
      return;
    }
  n = items->len;
  for (guint i = 0; i < n; i++)
    {
      const LdLateOrder *item = g_ptr_array_index (items, i);
      const LdOrder *order = item->order;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *escaped_title = NULL;
      g_autofree char *escaped_subtitle = NULL;
      GtkWidget *row;

      /* Translators: a late order: its number, the patient's name, then its priority. */
      title = g_strdup_printf (_("%s · %s · %s"), order->number ?: "", order->patient_name ?: "",
                                  ld_order_text_priority (order->priority));
      subtitle = dup_late_tests (item->late_tests);
      escaped_title = g_markup_escape_text (title, -1);
      escaped_subtitle = g_markup_escape_text (subtitle, -1);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "ld-order-id",
                              g_strdup (order->id), g_free);
      gtk_list_box_append (self->late_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->late_list), n > 0);
  gtk_label_set_text (
    self->late_status,
    n > 0
      /* Translators: how many of the technician's orders are late. */
      ? g_dngettext (GETTEXT_PACKAGE, "This order is late; Enter opens it.",
                     "These orders are late, the longest overdue first; Enter opens one.", n)
      : _("Nothing you hold is late against its turnaround."));
}

static void
refresh (LdOpenWorkPage *self)
{
  LdApiClient *client = ld_session_get_api_client (self->session);

  gtk_label_set_text (self->late_status, _("Loading…"));
  ld_lab_open_work_async (client, FALSE, self->cancellable, on_load_cb, g_object_ref (self));
  ld_lab_open_work_async (client, TRUE, self->cancellable, on_late_cb, g_object_ref (self));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh (LD_OPEN_WORK_PAGE (widget));
}

static void
on_late_row_activated_cb (LdOpenWorkPage *self,
                          GtkListBoxRow  *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "ld-order-id");

  if (id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "lab.open-order", "s", id);
}

static gboolean
ld_open_work_page_grab_focus (GtkWidget *widget)
{
  LdOpenWorkPage *self = LD_OPEN_WORK_PAGE (widget);
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->late_list, 0);

  if (first != NULL)
    return gtk_widget_grab_focus (GTK_WIDGET (first));
  return gtk_widget_grab_focus (GTK_WIDGET (self->load_list));
}

static void
ld_open_work_page_constructed (GObject *object)
{
  G_OBJECT_CLASS (ld_open_work_page_parent_class)->constructed (object);

  refresh (LD_OPEN_WORK_PAGE (object));
}

static void
ld_open_work_page_dispose (GObject *object)
{
  LdOpenWorkPage *self = LD_OPEN_WORK_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_OPEN_WORK_PAGE);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_open_work_page_parent_class)->dispose (object);
}

static void
ld_open_work_page_finalize (GObject *object)
{
  g_clear_object (&LD_OPEN_WORK_PAGE (object)->cancellable);

  G_OBJECT_CLASS (ld_open_work_page_parent_class)->finalize (object);
}

static void
ld_open_work_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, LD_OPEN_WORK_PAGE (object)->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_open_work_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      LD_OPEN_WORK_PAGE (object)->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_open_work_page_class_init (LdOpenWorkPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_open_work_page_constructed;
  object_class->dispose = ld_open_work_page_dispose;
  object_class->finalize = ld_open_work_page_finalize;
  object_class->get_property = ld_open_work_page_get_property;
  object_class->set_property = ld_open_work_page_set_property;
  widget_class->grab_focus = ld_open_work_page_grab_focus;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/lab/ld-open-work-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdOpenWorkPage, load_list);
  gtk_widget_class_bind_template_child (widget_class, LdOpenWorkPage, late_list);
  gtk_widget_class_bind_template_child (widget_class, LdOpenWorkPage, late_status);
  gtk_widget_class_bind_template_callback (widget_class, on_late_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "open-work.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "open-work.refresh", NULL);
}

static void
ld_open_work_page_init (LdOpenWorkPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_open_work_page_new:
 * @session: the signed-in technician's session
 *
 * Returns: (transfer full): the technician's open work
 */
GtkWidget *
ld_open_work_page_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_OPEN_WORK_PAGE, "session", session, NULL);
}
