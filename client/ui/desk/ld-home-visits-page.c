/* ld-home-visits-page.c: the home visits still to be made, by slot
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Overdue visits (the slot has ended and nobody collected the sample)
 * first, then today's, then the coming week's, each with what the one who
 * goes needs: address, phone, patient, tests, slot and whether money is
 * to be taken at the door. Read from the cache, so it works offline and
 * follows the lab's collections as they are made; which visit is where
 * is shared/model's rule, as in the server's GET …/home-visits.
 */

#define G_LOG_DOMAIN "ld-home-visits-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-desk-day.h"
#include "common/ld-order-text.h"
#include "common/ld-record-rows.h"
#include "ld-home-visits-page.h"
#include "ld-patient-rules.h"
#include "ld-time.h"
#include "store/ld-cache-list.h"

/* The coming days the schedule shows after today. */
#define DAYS_AHEAD 7

typedef struct
{
  LdCacheList *visits;
  GtkLabel    *heading;
  GtkLabel    *empty;
  GtkListView *view;
} Group;

struct _LdHomeVisitsPage
{
  AdwBin       parent_instance;

  LdSession   *session;
  /* When the groups were drawn up; a visit turns overdue as time passes. */
  gint64       made_us;
  Group        groups[3];

  GtkLabel    *summary_label;
};

G_DEFINE_FINAL_TYPE (LdHomeVisitsPage, ld_home_visits_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* clang-format off */
static const char * const group_titles[] = {
  [LD_HOME_VISIT_OVERDUE] = N_("Overdue"),
  [LD_HOME_VISIT_TODAY] = N_("Today"),
  [LD_HOME_VISIT_UPCOMING] = N_("Coming Days"),
};
/* clang-format on */

static GtkWidget *
make_row (void)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *who = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *when = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_hexpand (who, TRUE);
  gtk_box_append (GTK_BOX (row), who);
  gtk_box_append (GTK_BOX (row), when);
  ld_row_add_label (row, GTK_BOX (who), "visit-name", "heading");
  ld_row_add_label (row, GTK_BOX (who), "visit-address", NULL);
  ld_row_add_label (row, GTK_BOX (who), "visit-tests", "dim-label");
  gtk_label_set_xalign (GTK_LABEL (ld_row_add_label (row, GTK_BOX (when), "visit-slot", "heading")),
                        1);
  gtk_label_set_xalign (GTK_LABEL (ld_row_add_label (row, GTK_BOX (when), "visit-payment", NULL)),
                        1);
  return row;
}

/* "Tue 24 Nov, 09:00–11:00" */
static char *
format_slot (const LdOrder *order)
{
  gint64 start_us = 0, end_us = 0;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *day = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (!ld_time_parse_rfc3339 (order->home_slot_start, &start_us) ||
      !ld_time_parse_rfc3339 (order->home_slot_end, &end_us))
    return g_strdup ("");

  start = g_date_time_new_from_unix_utc (start_us / G_USEC_PER_SEC);
  local = g_date_time_to_local (start);
  /* Translators: the day of a home visit, in strftime() form: "Tue 24 Nov". */
  day = g_date_time_format (local, _("%a %d %b"));
  from = ld_order_text_clock (start_us);
  to = ld_order_text_clock (end_us);
  /* Translators: a home visit's slot: day, then from–to. */
  return g_strdup_printf (_("%s, %s–%s"), day, from, to);
}

static char *
join_tests (const LdOrder *order)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < order->tests->len; i++)
    {
      const LdOrderTest *test = g_ptr_array_index (order->tests, i);

      if (test->name != NULL)
        g_string_append_printf (text, "%s%s", text->len ? ", " : "", test->name);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
fill_row (GtkWidget     *row,
          LdCacheRecord *record)
{
  const LdOrder *order = ld_cache_record_get_order (record);
  g_autofree char *phone = NULL;
  g_autofree char *name = NULL;
  g_autofree char *slot = NULL;
  g_autofree char *test_names = NULL;
  g_autofree char *tests = NULL;

  if (order == NULL)
    {
      gtk_label_set_text (ld_row_label (row, "visit-name"), _("Loading…"));
      for (const char * const *l = (const char * const[]){ "visit-address", "visit-tests",
                                                           "visit-slot", "visit-payment", NULL };
           *l != NULL; l++)
        gtk_label_set_text (ld_row_label (row, *l), "");
      return;
    }

  /* Written as the patient search and page write it: 98220 12345. */
  phone = ld_patient_phone_display (order->patient_phone);
  /* Translators: a home visit's patient: name, MRN and phone. */
  name = g_strdup_printf (_("%s · %s · %s"), order->patient_name ?: "", order->patient_mrn ?: "",
                             phone ?: _("no phone"));
  slot = format_slot (order);
  test_names = join_tests (order);
  /* Translators: an order's number and its tests, on a home visit. */
  tests = g_strdup_printf (_("%s: %s"), order->number ?: "", test_names);

  gtk_label_set_text (ld_row_label (row, "visit-name"), name);
  gtk_label_set_text (ld_row_label (row, "visit-address"), order->home_address ?: "");
  gtk_label_set_text (ld_row_label (row, "visit-tests"), tests);
  gtk_label_set_text (ld_row_label (row, "visit-slot"), slot);
  gtk_label_set_text (ld_row_label (row, "visit-payment"),
                      ld_order_text_payment_state (order->payment_state));
}

static void
update_group (LdHomeVisitsPage *self,
              Group            *group)
{
  guint n = group->visits ? g_list_model_get_n_items (G_LIST_MODEL (group->visits)) : 0;
  g_autofree char *heading = NULL;
  guint total = 0;
  g_autofree char *summary = NULL;

  /* Translators: a group of home visits and how many: "Overdue (2)". */
  heading = g_strdup_printf (_("%s (%u)"), _(group_titles[group - self->groups]), n);
  gtk_label_set_text (group->heading, heading);
  gtk_widget_set_visible (GTK_WIDGET (group->empty), n == 0);
  gtk_widget_set_visible (GTK_WIDGET (group->view), n > 0);

  for (guint i = 0; i < G_N_ELEMENTS (self->groups); i++)
    if (self->groups[i].visits != NULL)
      total += g_list_model_get_n_items (G_LIST_MODEL (self->groups[i].visits));
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u home visit to make this week",
                                          "%u home visits to make this week", total),
                             total);
  gtk_label_set_text (self->summary_label, summary);
}

static void
on_visits_changed_cb (GListModel *model,
                      guint       position,
                      guint       removed,
                      guint       added,
                      Group      *group)
{
  LdHomeVisitsPage *self = g_object_get_data (G_OBJECT (model), "ld-page");

  update_group (self, group);
}

/* Draws the groups up again from now. */
static void
show_now (LdHomeVisitsPage *self)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  LdCache *cache = ld_session_get_cache (self->session);
  gint64   now_us = g_get_real_time ();
  gint64   tomorrow_us = ld_desk_start_of_day (now_us, 1, zone);
  gint64   ranges[3][4] = {
      [LD_HOME_VISIT_OVERDUE] = { G_MININT64, G_MAXINT64, G_MININT64, now_us },
      [LD_HOME_VISIT_TODAY] = { G_MININT64, tomorrow_us, now_us, G_MAXINT64 },
      [LD_HOME_VISIT_UPCOMING] = { tomorrow_us, ld_desk_start_of_day (now_us, 1 + DAYS_AHEAD, zone),
                                   now_us, G_MAXINT64 },
  };

  if (cache == NULL || now_us - self->made_us < G_USEC_PER_SEC * 60)
    return;
  self->made_us = now_us;

  for (guint i = 0; i < G_N_ELEMENTS (self->groups); i++)
    {
      Group *group = &self->groups[i];
      g_autoptr(GtkSingleSelection) selection = NULL;

      if (group->visits != NULL)
        g_signal_handlers_disconnect_by_data (group->visits, group);
      g_clear_object (&group->visits);
      group->visits = ld_cache_list_new_home_visits (cache, ranges[i][0], ranges[i][1],
                                                     ranges[i][2], ranges[i][3]);
      g_object_set_data (G_OBJECT (group->visits), "ld-page", self);
      g_signal_connect (group->visits, "items-changed", G_CALLBACK (on_visits_changed_cb), group);
      selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (group->visits)));
      /* Three lists, one page: only the row being looked at is marked. */
      gtk_single_selection_set_autoselect (selection, FALSE);
      gtk_single_selection_set_can_unselect (selection, TRUE);
      gtk_list_view_set_model (group->view, GTK_SELECTION_MODEL (selection));
    }
  for (guint i = 0; i < G_N_ELEMENTS (self->groups); i++)
    update_group (self, &self->groups[i]);
}

static void
open_visit (LdHomeVisitsPage *self,
            Group            *group,
            guint             position)
{
  g_autoptr(LdCacheRecord) record = g_list_model_get_item (G_LIST_MODEL (group->visits), position);

  if (record != NULL && ld_cache_record_get_loaded (record))
    gtk_widget_activate_action (GTK_WIDGET (self), "desk.open-order", "s",
                                ld_cache_record_get_id (record));
}

static void
on_overdue_view_activate_cb (LdHomeVisitsPage *self,
                             guint             position)
{
  open_visit (self, &self->groups[LD_HOME_VISIT_OVERDUE], position);
}

static void
on_today_view_activate_cb (LdHomeVisitsPage *self,
                           guint             position)
{
  open_visit (self, &self->groups[LD_HOME_VISIT_TODAY], position);
}

static void
on_upcoming_view_activate_cb (LdHomeVisitsPage *self,
                              guint             position)
{
  open_visit (self, &self->groups[LD_HOME_VISIT_UPCOMING], position);
}

static void
ld_home_visits_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ld_home_visits_page_parent_class)->map (widget);
  show_now (LD_HOME_VISITS_PAGE (widget));
}

/* The first visit listed: overdue ones first. */
static gboolean
ld_home_visits_page_grab_focus (GtkWidget *widget)
{
  LdHomeVisitsPage *self = LD_HOME_VISITS_PAGE (widget);

  for (guint i = 0; i < G_N_ELEMENTS (self->groups); i++)
    if (gtk_widget_get_visible (GTK_WIDGET (self->groups[i].view)))
      return gtk_widget_grab_focus (GTK_WIDGET (self->groups[i].view));
  return FALSE;
}

static void
ld_home_visits_page_constructed (GObject *object)
{
  G_OBJECT_CLASS (ld_home_visits_page_parent_class)->constructed (object);
  show_now (LD_HOME_VISITS_PAGE (object));
}

static void
ld_home_visits_page_dispose (GObject *object)
{
  LdHomeVisitsPage *self = (LdHomeVisitsPage *) object;

  for (guint i = 0; i < G_N_ELEMENTS (self->groups); i++)
    {
      if (self->groups[i].visits != NULL)
        g_signal_handlers_disconnect_by_data (self->groups[i].visits, &self->groups[i]);
    }
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_HOME_VISITS_PAGE);
  for (guint i = 0; i < G_N_ELEMENTS (self->groups); i++)
    g_clear_object (&self->groups[i].visits);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_home_visits_page_parent_class)->dispose (object);
}

static void
ld_home_visits_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LdHomeVisitsPage *self = LD_HOME_VISITS_PAGE (object);

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
ld_home_visits_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LdHomeVisitsPage *self = LD_HOME_VISITS_PAGE (object);

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
ld_home_visits_page_class_init (LdHomeVisitsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_home_visits_page_constructed;
  object_class->dispose = ld_home_visits_page_dispose;
  object_class->get_property = ld_home_visits_page_get_property;
  object_class->set_property = ld_home_visits_page_set_property;
  widget_class->map = ld_home_visits_page_map;
  widget_class->grab_focus = ld_home_visits_page_grab_focus;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/desk/ld-home-visits-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdHomeVisitsPage, summary_label);
  gtk_widget_class_bind_template_child_full (
    widget_class, "overdue_heading", FALSE,
    G_STRUCT_OFFSET (LdHomeVisitsPage, groups[LD_HOME_VISIT_OVERDUE].heading));
  gtk_widget_class_bind_template_child_full (widget_class, "overdue_empty", FALSE,
                                             G_STRUCT_OFFSET (LdHomeVisitsPage,
                                                              groups[LD_HOME_VISIT_OVERDUE].empty));
  gtk_widget_class_bind_template_child_full (widget_class, "overdue_view", FALSE,
                                             G_STRUCT_OFFSET (LdHomeVisitsPage,
                                                              groups[LD_HOME_VISIT_OVERDUE].view));
  gtk_widget_class_bind_template_child_full (widget_class, "today_heading", FALSE,
                                             G_STRUCT_OFFSET (LdHomeVisitsPage,
                                                              groups[LD_HOME_VISIT_TODAY].heading));
  gtk_widget_class_bind_template_child_full (widget_class, "today_empty", FALSE,
                                             G_STRUCT_OFFSET (LdHomeVisitsPage,
                                                              groups[LD_HOME_VISIT_TODAY].empty));
  gtk_widget_class_bind_template_child_full (widget_class, "today_view", FALSE,
                                             G_STRUCT_OFFSET (LdHomeVisitsPage,
                                                              groups[LD_HOME_VISIT_TODAY].view));
  gtk_widget_class_bind_template_child_full (
    widget_class, "upcoming_heading", FALSE,
    G_STRUCT_OFFSET (LdHomeVisitsPage, groups[LD_HOME_VISIT_UPCOMING].heading));
  gtk_widget_class_bind_template_child_full (
    widget_class, "upcoming_empty", FALSE,
    G_STRUCT_OFFSET (LdHomeVisitsPage, groups[LD_HOME_VISIT_UPCOMING].empty));
  gtk_widget_class_bind_template_child_full (widget_class, "upcoming_view", FALSE,
                                             G_STRUCT_OFFSET (LdHomeVisitsPage,
                                                              groups[LD_HOME_VISIT_UPCOMING].view));
  gtk_widget_class_bind_template_callback (widget_class, on_overdue_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_today_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_upcoming_view_activate_cb);
}

static void
ld_home_visits_page_init (LdHomeVisitsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->made_us = G_MININT64 / 2;
  for (guint i = 0; i < G_N_ELEMENTS (self->groups); i++)
    {
      g_autoptr(GtkListItemFactory) factory = ld_record_row_factory_new (make_row, fill_row);

      gtk_list_view_set_factory (self->groups[i].view, factory);
    }
}

/**
 * ld_home_visits_page_new:
 * @session: the signed-in session whose cache is read
 *
 * Returns: (transfer full): the desk's home-visit schedule
 */
GtkWidget *
ld_home_visits_page_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_HOME_VISITS_PAGE, "session", session, NULL);
}
