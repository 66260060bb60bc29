/* ld-patient-search-page.c: the desk finds a patient as it types
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One list over the user's cache (client/store reads it on its own
 * thread, by the server's own search rule in shared/model) follows the
 * query: each change switches it in place, and the rows already built are
 * refilled rather than built again (ld-cache-list.c), so results come as
 * fast as the person types and work offline. A patient registered offline
 * shows at once, marked as waiting to be sent.
 */

#define G_LOG_DOMAIN "ld-patient-search-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-patient-search-page.h"
#include "ld-patient-rules.h"
#include "common/ld-patient-text.h"
#include "store/ld-cache-list.h"

struct _LdPatientSearchPage
{
  AdwBin          parent_instance;

  LdSession      *session;
  LdCacheList    *results;
  /* Whether the list is shown: a query that says nothing shows the hint
   * and keeps the list for the next one. */
  gboolean        searching;
  char           *query;

  GtkLabel       *summary_label;
  GtkStack       *results_stack;
  GtkListView    *results_view;
  /* Down was pressed while the list still showed the text before: the
   * first patient takes the focus once the rows for this text arrive. */
  gboolean             focus_when_shown;
  /* The frame that draws a letter waits for its rows until then. */
  guint           hold_id;
  gint64          hold_until;
};

G_DEFINE_FINAL_TYPE (LdPatientSearchPage, ld_patient_search_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* How long the frame drawing a typed letter waits for the letter's rows,
 * read on the cache's thread (a first page over a million patients: 2.5
 * ms at p50 on a loaded machine). Without the wait the letter was drawn
 * in the next frame and rows read a moment after it in the frame after
 * that, a frame interval (16.7 ms) later whenever the frame clock ticks
 * (a focused entry's blinking cursor keeps it ticking). A page slower
 * than this is shown in a later frame, as before. */
#define HOLD_FRAME_US 6000
/* Before the frame clock's paint (GDK_PRIORITY_REDRAW) and after the
 * cache's answers (G_PRIORITY_DEFAULT) and input. */
#define HOLD_PRIORITY (GDK_PRIORITY_REDRAW - 10)

/* One line of who the patient is, one of how to tell them apart: sex
 * and age, MRN, phone, national ID, and the outbox state in words. A row
 * whose record goes back to a placeholder (the list switched to another
 * query; rows past the first screen are read a moment later) is only
 * hidden: setting its texts would lay out again the two hundred rows
 * GTK 4.8 keeps, most of them out of sight, in the frame that shows the
 * new query's first rows. */
static void
fill_row (GtkListItem   *list_item,
          LdCacheRecord *record,
          gboolean       bound)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkLabel *name = GTK_LABEL (gtk_widget_get_first_child (box));
  GtkLabel *details = GTK_LABEL (gtk_widget_get_next_sibling (GTK_WIDGET (name)));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *sex_age = NULL;
  g_autofree char *phone = NULL;
  LdPatient *patient;
  const char *pending;
  const char *parts[4];

  if (!ld_cache_record_get_loaded (record) && !bound)
    {
      gtk_widget_set_opacity (box, 0);
      return;
    }
  gtk_widget_set_opacity (box, 1);
  patient = ld_cache_record_get_patient (record);
  if (patient == NULL)
    {
      gtk_label_set_text (name, _("Loading…"));
      gtk_label_set_text (details, "");
      return;
    }

  sex_age = ld_patient_text_sex_age (patient);
  pending = ld_cache_record_get_pending (record);
  parts[0] = sex_age;
  parts[1] = ld_patient_get_mrn (patient);
  phone = ld_patient_phone_display (ld_patient_get_phone (patient));
  parts[2] = phone;
  parts[3] = ld_patient_get_national_id (patient);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && *parts[i] != '\0')
      g_string_append_printf (text, "%s%s", text->len ? " · " : "", parts[i]);
  if (pending != NULL)
    g_string_append_printf (text, "%s%s", text->len ? " · " : "",
                            g_str_equal (pending, "rejected") ? _("refused by the server")
                                                              : _("waiting to be sent"));

  gtk_label_set_text (name, ld_patient_get_name (patient));
  gtk_label_set_text (details, text->str);
}

static void
on_record_loaded_cb (LdCacheRecord *record,
                     GParamSpec    *pspec,
                     GtkListItem   *list_item)
{
  fill_row (list_item, record, FALSE);
}

static void
on_factory_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (details, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), details);
  gtk_list_item_set_child (list_item, box);
}

static void
on_factory_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item)
{
  LdCacheRecord *record = gtk_list_item_get_item (list_item);

  g_signal_connect_object (record, "notify::loaded", G_CALLBACK (on_record_loaded_cb),
                           list_item, 0);
  fill_row (list_item, record, TRUE);
}

static void
on_factory_unbind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (list_item),
                                        on_record_loaded_cb, list_item);
}

static guint count_shown (LdPatientSearchPage *self);

static void
update_summary (LdPatientSearchPage *self)
{
  guint n = self->results ? g_list_model_get_n_items (G_LIST_MODEL (self->results)) : 0;
  g_autofree char *text = NULL;

  if (!self->searching)
    text = g_strdup ("");
  else if (ld_cache_list_get_loading (self->results))
    text = g_strdup (_("Searching…"));
  else if (n == 0)
    text = g_strdup (_("No patient matches. Check the spelling, or register a new patient."));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u patient", "%u patients", n), n);
  if (self->focus_when_shown && count_shown (self) > 0)
    {
      self->focus_when_shown = FALSE;
      gtk_widget_child_focus (GTK_WIDGET (self->results_view), GTK_DIR_TAB_FORWARD);
    }

  gtk_label_set_text (self->summary_label, text);
}

static void
set_results (LdPatientSearchPage *self,
             LdCacheList         *results)
{
  GtkSelectionModel *selection;

  if (self->results != NULL)
    g_signal_handlers_disconnect_by_data (self->results, self);
  g_set_object (&self->results, results);

  selection =
    results ? GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (g_object_ref (results))))
            : NULL;
  gtk_list_view_set_model (self->results_view, selection);
  g_clear_object (&selection);

  if (results != NULL)
    {
      g_signal_connect_object (results, "items-changed", G_CALLBACK (update_summary), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (results, "notify::loading", G_CALLBACK (update_summary), self,
                               G_CONNECT_SWAPPED);
    }
}

/* The patients listed for the text typed: none while the list still
 * shows the text before (a scanned MRN ended with Enter must not open the
 * patient the previous letters found). */
static guint
count_shown (LdPatientSearchPage *self)
{
  if (!self->searching || ld_cache_list_get_switching (self->results))
    return 0;
  return g_list_model_get_n_items (G_LIST_MODEL (self->results));
}

/* Enter or a double click on a patient opens their page. */
static void
on_results_view_activate_cb (LdPatientSearchPage *self,
                             guint                position)
{
  g_autoptr(LdCacheRecord) record = NULL;

  if (position >= count_shown (self))
    return;
  record = g_list_model_get_item (G_LIST_MODEL (self->results), position);
  if (!ld_cache_record_get_loaded (record))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "desk.open-patient", "s",
                              ld_cache_record_get_id (record));
}

static gboolean
on_hold_frame_cb (gpointer data)
{
  LdPatientSearchPage *self = data;

  self->hold_id = 0;
  if (self->results != NULL)
    ld_cache_list_wait_switched (self->results, self->hold_until);
  return G_SOURCE_REMOVE;
}

/* The list has just switched to a letter typed: the next frame, which
 * draws the letter, waits a moment for its rows, so both are drawn
 * together. The wait runs before the frame; the rows' callback, of a
 * higher priority than the redraw, runs between them. */
static void
hold_frame (LdPatientSearchPage *self)
{
  self->hold_until = g_get_monotonic_time () + HOLD_FRAME_US;
  if (self->hold_id == 0)
    self->hold_id = g_idle_add_full (HOLD_PRIORITY, on_hold_frame_cb, self, NULL);
}

static void
ld_patient_search_page_dispose (GObject *object)
{
  LdPatientSearchPage *self = (LdPatientSearchPage *) object;

  g_clear_handle_id (&self->hold_id, g_source_remove);
  set_results (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_PATIENT_SEARCH_PAGE);
  g_clear_object (&self->session);
  g_clear_pointer (&self->query, g_free);

  G_OBJECT_CLASS (ld_patient_search_page_parent_class)->dispose (object);
}

static void
ld_patient_search_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  LdPatientSearchPage *self = LD_PATIENT_SEARCH_PAGE (object);

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
ld_patient_search_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  LdPatientSearchPage *self = LD_PATIENT_SEARCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The first patient listed takes the focus, so Down from the window's
 * search entry lands in the list and the arrows move on from there;
 * with nobody listed, nothing does. */
static gboolean
grab_focus (GtkWidget *widget)
{
  LdPatientSearchPage *self = LD_PATIENT_SEARCH_PAGE (widget);

  self->focus_when_shown =
    self->searching && count_shown (self) == 0 && ld_cache_list_get_switching (self->results);
  if (count_shown (self) == 0)
    return FALSE;
  return gtk_widget_child_focus (GTK_WIDGET (self->results_view), GTK_DIR_TAB_FORWARD);
}

static void
ld_patient_search_page_class_init (LdPatientSearchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_patient_search_page_dispose;
  object_class->get_property = ld_patient_search_page_get_property;
  object_class->set_property = ld_patient_search_page_set_property;
  widget_class->grab_focus = grab_focus;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/desk/ld-patient-search-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdPatientSearchPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LdPatientSearchPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, LdPatientSearchPage, results_view);
  gtk_widget_class_bind_template_callback (widget_class, on_results_view_activate_cb);
}

static void
ld_patient_search_page_init (LdPatientSearchPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_factory_unbind_cb), NULL);
  gtk_list_view_set_factory (self->results_view, factory);
  g_object_unref (factory);
}

/**
 * ld_patient_search_page_new:
 * @session: the signed-in session whose cache is searched
 *
 * Returns: (transfer full): a new page
 */
GtkWidget *
ld_patient_search_page_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_PATIENT_SEARCH_PAGE, "session", session, NULL);
}

/**
 * ld_patient_search_page_set_query:
 * @self: a page
 * @query: what the person typed in the window's search entry
 *
 * Lists the patients of the user's cache that @query finds, live.
 */
void
ld_patient_search_page_set_query (LdPatientSearchPage *self,
                                  const char          *query)
{
  LdCache *cache;
  g_autoptr(LdCacheView) view = NULL;

  g_return_if_fail (LD_IS_PATIENT_SEARCH_PAGE (self));
  g_return_if_fail (query != NULL);

  if (g_strcmp0 (self->query, query) == 0)
    return;
  g_free (self->query);
  self->query = g_strdup (query);

  cache = ld_session_get_cache (self->session);
  /* A query that says nothing (only spaces or punctuation) finds nobody
   * rather than everybody. */
  if (cache != NULL && *query != '\0')
    view = ld_cache_view_new_patient_search (query, NULL);
  self->searching = view != NULL;
  if (view != NULL && self->results == NULL)
    {
      g_autoptr(LdCacheList) results = ld_cache_list_new (cache, view);

      set_results (self, results);
    }
  else if (view != NULL)
    {
      ld_cache_list_set_view (self->results, view);
      hold_frame (self);
    }
  gtk_stack_set_visible_child_name (self->results_stack, self->searching ? "results" : "hint");
  update_summary (self);
}

/**
 * ld_patient_search_page_activate_first:
 * @self: a page
 *
 * Opens the first patient listed, as Enter in the search entry does.
 *
 * Returns: %FALSE when nobody is listed
 */
gboolean
ld_patient_search_page_activate_first (LdPatientSearchPage *self)
{
  g_return_val_if_fail (LD_IS_PATIENT_SEARCH_PAGE (self), FALSE);

  if (count_shown (self) == 0)
    return FALSE;
  on_results_view_activate_cb (self, 0);
  return TRUE;
}
