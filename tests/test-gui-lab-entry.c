/* test-gui-lab-entry.c: a run of results typed at the lab bench
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Orders are collected and received over HTTP on a real spawned server;
 * the technician opens each in the real window, presses Enter Results and
 * types a column of values, Enter to the next row. The flag the page
 * shows while typing must be the flag the server stores (read back over
 * HTTP): sex bands, age bands, an open-ended limit, a critical limit and a
 * choice. Then the server stops, a value is changed, and the draft that
 * waited in the outbox is on the server once it is back.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-json.h"
#include "ld-test-client.h"
#include "ld-test-gui.h"
#include "ld-test-lab.h"
#include "ld-window.h"
#include "store/ld-cache-list.h"
#include "ui/lab/ld-lab-order-page.h"
#include "ui/lab/ld-lab-workspace.h"
#include "ui/lab/ld-result-entry-page.h"

typedef struct
{
  const char *code;
  const char *typed;
  const char *flag;
} Typed;

/* The page's words for the server's flags. */
static const struct
{
  const char *flag;
  const char *words;
} flag_words[] = {
  { "normal", "Normal" },
  { "low", "Low" },
  { "high", "High" },
  { "critical_low", "Critical low" },
  { "critical_high", "Critical high" },
  { "abnormal", "Abnormal" },
  { "no_reference_interval", "No reference interval" },
};

static const char *
words_of (const char *flag)
{
  for (guint i = 0; i < G_N_ELEMENTS (flag_words); i++)
    if (g_str_equal (flag_words[i].flag, flag))
      return flag_words[i].words;
  g_assert_not_reached ();
}

static GtkLabel *
flag_label (GtkWidget *value)
{
  GtkGrid *grid = GTK_GRID (gtk_widget_get_parent (value));
  int line = 0;

  gtk_grid_query_child (grid, value, NULL, &line, NULL, NULL);
  return GTK_LABEL (gtk_grid_get_child_at (grid, 4, line));
}

/* The focus is in @widget (an entry's focus is its inner text). */
static gboolean
holds_focus (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
is_drop_down (gpointer data)
{
  return GTK_IS_DROP_DOWN (data);
}

static GtkWidget *
value_widget (GtkWidget  *page,
              const char *code)
{
  g_autofree char *name = g_strdup_printf ("result-value-%s", code);

  return ld_test_gui_wait_named (page, name);
}

typedef struct
{
  LdLab      *lab;
  const char *order_id;
  const char *code;
  const char *value;
  const char *flag;
  const char *state;
} ServerWait;

static gboolean
server_has (gpointer data)
{
  ServerWait *wait = data;
  g_autoptr(LdTestResponse) resp =
               ld_lab_get_results (wait->lab, wait->lab->technician, wait->order_id);
  JsonObject *result = ld_lab_find_result (resp, "items", wait->code);

  return result != NULL &&
         g_strcmp0 (ld_json_object_get_string (result, "value"), wait->value) == 0 &&
         (wait->flag == NULL ||
          g_strcmp0 (ld_json_object_get_string (result, "flag"), wait->flag) == 0) &&
         (wait->state == NULL ||
          g_strcmp0 (ld_json_object_get_string (result, "state"), wait->state) == 0);
}

static void
wait_server (LdLab      *lab,
             const char *order_id,
             const char *code,
             const char *value,
             const char *flag)
{
  ServerWait wait = { lab, order_id, code, value, flag, NULL };
  g_autofree char *what = g_strdup_printf ("the server to hold %s = %s (%s)", code, value, flag);

  ld_test_gui_spin_until (server_has, &wait, what);
}

static gboolean
flag_shown (gpointer data)
{
  GtkWidget *value = data;

  return *gtk_label_get_text (flag_label (value)) != '\0';
}

typedef struct
{
  GtkWidget  *root;
  GType       type;
  const char *order_id;
  GtkWidget  *found;
} PageFind;

static GtkWidget *
find_page (GtkWidget  *widget,
           GType       type,
           const char *order_id)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    {
      g_autofree char *id = NULL;

      g_object_get (widget, "order-id", &id, NULL);
      if (g_strcmp0 (id, order_id) == 0)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_page (child, type, order_id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
page_found (gpointer data)
{
  PageFind *find = data;

  find->found = find_page (find->root, find->type, find->order_id);
  return find->found != NULL;
}

/* The page of @type for @order_id (another order's may still be there). */
static GtkWidget *
wait_page (GtkWidget  *root,
           GType       type,
           const char *order_id)
{
  PageFind find = { root, type, order_id, NULL };

  ld_test_gui_spin_until (page_found, &find, g_type_name (type));
  return find.found;
}

/* Opens the order, then its results, as Enter on the worklist and Ctrl+E do. */
static GtkWidget *
open_entry (GtkWidget  *workspace,
            const char *order_id)
{
  GtkWidget *order_page;

  g_assert_true (gtk_widget_activate_action (workspace, "lab.open-order", "s", order_id));
  order_page = wait_page (workspace, LD_TYPE_LAB_ORDER_PAGE, order_id);
  ld_test_gui_wait_text (order_page, "Received");
  /* A disabled action ignores its activation: a tube shown received
   * before the order's own state has come is no page at all. */
  ld_test_gui_wait_action (order_page, "lab-order.enter-results");
  g_assert_true (gtk_widget_activate_action (order_page, "lab-order.enter-results", NULL));
  return wait_page (workspace, LD_TYPE_RESULT_ENTRY_PAGE, order_id);
}

/* Types the run: each value, its flag read as typed, Enter to the next
 * row; then each flag is the server's. */
static void
type_run (LdLab       *lab,
          GtkWidget   *page,
          const char  *order_id,
          const Typed *run,
          guint        n)
{
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *value = value_widget (page, run[i].code);

      if (is_drop_down (value))
        {
          GListModel *choices = gtk_drop_down_get_model (GTK_DROP_DOWN (value));

          /* The choice picked from the open list, as a click does. */
          for (guint c = 0; c < g_list_model_get_n_items (choices); c++)
            if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (choices), c),
                             run[i].typed))
              gtk_drop_down_set_selected (GTK_DROP_DOWN (value), c);
        }
      else
        {
          gtk_widget_grab_focus (value);
          ld_test_gui_type (value, run[i].typed);
        }
      ld_test_gui_spin_until (flag_shown, value, "the flag to be shown");
      g_assert_cmpstr (gtk_label_get_text (flag_label (value)), ==, words_of (run[i].flag));
      if (!is_drop_down (value))
        {
          ld_test_gui_enter (value);
          if (i + 1 < n && !is_drop_down (value_widget (page, run[i + 1].code)))
            g_assert_true (holds_focus (value_widget (page, run[i + 1].code)));
        }
    }
  for (guint i = 0; i < n; i++)
    wait_server (lab, order_id, run[i].code, run[i].typed, run[i].flag);
}

typedef struct
{
  LdCacheList *results;
  const char  *code;
  gint64       version;
} CacheWait;

static gboolean
cache_has_version (gpointer data)
{
  CacheWait *wait = data;
  GListModel *model = G_LIST_MODEL (wait->results);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LdCacheRecord) record = g_list_model_get_item (model, i);
      JsonObject *result = ld_cache_record_get_object (record);

      if (result != NULL &&
          g_strcmp0 (ld_json_object_get_string (result, "test_code"), wait->code) == 0)
        return json_object_get_int_member (result, "version") == wait->version;
    }
  return FALSE;
}

/* The client's cache has the server's latest version of @code's result:
 * a draft typed now is typed over it. */
static void
wait_cache_caught_up (LdTestGui  *gui,
                      LdLab      *lab,
                      const char *order_id,
                      const char *code)
{
  g_autoptr(LdTestResponse) resp = ld_lab_get_results (lab, lab->technician, order_id);
  JsonObject *result = ld_lab_find_result (resp, "items", code);
  LdCache *cache = ld_session_get_cache (ld_context_get_session (gui->context));
  g_autoptr(LdCacheList) results = ld_cache_list_new_order_results (cache, order_id);
  CacheWait wait = { results, code, json_object_get_int_member (result, "version") };

  ld_test_gui_spin_until (cache_has_version, &wait, "the cache to follow the server");
}

static gboolean
has_waiting (gpointer data)
{
  return ld_session_get_n_waiting (data) > 0;
}

static void
test_entry_run (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("labdesk-lab-entry-XXXXXX", NULL);
  g_autofree char *data_home = g_build_filename (tmpdir, "home", NULL);
  g_autofree char *db_path = g_build_filename (tmpdir, "labdesk.db", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *woman = NULL;
  g_autofree char *child = NULL;
  g_autofree char *woman_order = NULL;
  g_autofree char *child_order = NULL;
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkWidget *page;
  LdLab *lab;
  /* An adult woman: her sex's band (HB), an open-ended limit (HDL ≥ 50),
   * a critical limit (K), a choice (UPRO). */
  static const Typed adult[] = {
    { "HB", "12.5", "normal" },
    { "HDL", "48", "low" },
    { "K", "6.8", "critical_high" },
    { "UPRO", "Trace", "abnormal" },
  };
  /* A child of 10: HB's band for 1 to 18 years, not an adult's. */
  static const Typed young[] = {
    { "HB", "11.2", "low" },
    { "K", "2.5", "critical_low" },
  };

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  ld_test_create_demo (db_path);
  lab = ld_lab_new_on (ld_test_server_spawn (db_path, NULL));
  uri = g_strdup (ld_test_server_get_uri (lab->server));
  woman =
    ld_lab_new_patient (lab, "{\"name\": \"Lata Entry\", \"sex\": \"female\", \"age_years\": 40}");
  child =
    ld_lab_new_patient (lab, "{\"name\": \"Arjun Entry\", \"sex\": \"male\", \"age_years\": 10}");
  woman_order = ld_lab_order_in_lab (lab, woman, "\"items\": [\"HB\", \"HDL\", \"K\", \"UPRO\"]");
  child_order = ld_lab_order_in_lab (lab, child, "\"items\": [\"HB\", \"K\"]");

  gui = ld_test_gui_open (uri);
  ld_test_gui_sign_in (gui, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "laboratory");

  page = open_entry (workspace, woman_order);
  ld_test_gui_wait_text (page, "Lata Entry");
  type_run (lab, page, woman_order, adult, G_N_ELEMENTS (adult));
  for (guint i = 0; i < G_N_ELEMENTS (adult); i++)
    {
      g_autoptr(LdTestResponse) resp = ld_lab_get_results (lab, lab->technician, woman_order);
      JsonObject *result = ld_lab_find_result (resp, "items", adult[i].code);

      g_assert_cmpstr (ld_json_object_get_string (result, "flag"), ==, adult[i].flag);
    }
  ld_test_gui_wait_text (page, "12.0–15.0");
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "lab-entry");

  g_assert_true (gtk_widget_activate_action (workspace, "lab.back", NULL));
  g_assert_true (gtk_widget_activate_action (workspace, "lab.back", NULL));
  page = open_entry (workspace, child_order);
  ld_test_gui_wait_text (page, "Arjun Entry");
  type_run (lab, page, child_order, young, G_N_ELEMENTS (young));
  wait_server (lab, child_order, "HB", "11.2", "low");
  wait_server (lab, child_order, "K", "2.5", "critical_low");

  /* The server goes away; the value typed now waits in the outbox and is
   * the server's once it is back. */
  wait_cache_caught_up (gui, lab, child_order, "HB");
  g_clear_pointer (&lab->server, ld_test_server_free);
  {
    GtkWidget *value = value_widget (page, "HB");

    gtk_widget_grab_focus (value);
    gtk_editable_set_text (GTK_EDITABLE (value), "");
    ld_test_gui_type (value, "16.1");
    g_assert_cmpstr (gtk_label_get_text (flag_label (value)), ==, "High");
  }
  ld_test_gui_spin_until (has_waiting, ld_context_get_session (gui->context), "a draft to wait");
  lab->server = ld_test_server_restart (db_path, uri);
  wait_server (lab, child_order, "HB", "16.1", "high");

  /* Submit sends the values for verification. */
  g_assert_true (gtk_widget_activate_action (page, "entry.submit", NULL));
  {
    ServerWait wait = { lab, child_order, "K", "2.5", "critical_low", "entered" };

    ld_test_gui_spin_until (server_has, &wait, "K to be entered for verification");
  }

  ld_test_gui_close (gui);
  ld_lab_free (lab);
  ld_test_remove_tree (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  ld_test_gui_init (&argc, &argv);

  g_test_add_func ("/gui/lab/entry-run", test_entry_run);

  return g_test_run ();
}
