/* bench-client-search.c: the desk's search page, as a person uses it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three moments of bench-client.c, all on the real patient search page
 * of a signed-in window:
 *
 * - a key typed: from the text changed in the search entry to a frame
 *   drawn with the list showing the new text's patients: every row in
 *   view showing its patient (not "Loading…", not a row of the text
 *   before: each name shown must match the text by the server's rule,
 *   ld_patient_query_matches_name(), for a name typed), and no patient
 *   when none matches; split at the page's search-changed (the entry's
 *   delay) and the list's rows switched to the new text (the first
 *   page; the page keeps one list and switches it in place). When the
 *   list's length (its count) is known is printed beside: the list
 *   shows its first rows before it;
 * - scrolling: the list's vertical adjustment moved once per frame, by a
 *   wheel's step and as a scrollbar dragged over the whole list; each
 *   frame's work (its update phase to after-paint) and the interval between
 *   frames (GdkFrameTimings), and how many frames showed a row still
 *   "Loading…";
 * - another desk's change: a patient registered over HTTP by another
 *   session, until a frame shows its row in the list open here.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bench-client.h"
#include "bench-common.h"
#include "ld-cache-list.h"
#include "ld-patient-rules.h"
#include "ld-test-client.h"
#include "ld-text.h"

struct _BenchSearch
{
  BenchDesk      *desk;
  GtkEditable    *entry;
  GtkListView    *view;
  GtkStack       *results_stack;

  /* The page's list, the latest text and when it was searched, when
   * the list showed its rows and when it had counted them. */
  LdCacheList    *list;
  LdPatientQuery  query;
  gboolean        name_query;
  gint64          typed_at;
  gint64          searched_at;
  gint64          switched_at;
  gint64          counted_at;
  /* When the counted list changed (another desk's patient), and when
   * the rows it then asked for were in. */
  gint64          changed_at;
  gint64          loaded_at;
  /* A name a row in view must show, or NULL. */
  const char     *expect;
  /* When the window's last frame began (before-paint), and how many. */
  gint64          frame_started;
  guint           n_frames;
  /* Keys whose list was drawn in the first frame after them, the
   * second, or later. */
  guint           n_in_frame[3];
  gulong          before_paint_id;
};

/* Another desk's patient, while one is expected: the list told it. */
static void
on_items_changed_cb (GListModel  *list,
                     guint        position,
                     guint        removed,
                     guint        added,
                     BenchSearch *self)
{
  if (self->expect != NULL && self->searched_at != 0 && self->changed_at == 0)
    self->changed_at = g_get_monotonic_time ();
}

static void
on_loading_cb (LdCacheList *list,
               GParamSpec  *pspec,
               BenchSearch *self)
{
  if (ld_cache_list_get_loading (list))
    return;
  if (self->searched_at != 0 && self->counted_at == 0)
    self->counted_at = g_get_monotonic_time ();
  if (self->changed_at != 0 && self->loaded_at == 0)
    self->loaded_at = g_get_monotonic_time ();
}

static void
on_switching_cb (LdCacheList *list,
                 GParamSpec  *pspec,
                 BenchSearch *self)
{
  if (!ld_cache_list_get_switching (list) && self->searched_at != 0 && self->switched_at == 0)
    self->switched_at = g_get_monotonic_time ();
}

static void
on_search_changed_cb (GtkSearchEntry *entry,
                      BenchSearch    *self)
{
  GtkSelectionModel *selection = gtk_list_view_get_model (self->view);
  GListModel        *list =
    selection ? gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection)) : NULL;
  const char *reason;

  self->searched_at = g_get_monotonic_time ();
  self->switched_at = 0;
  self->counted_at = 0;
  ld_patient_query_clear (&self->query);
  self->name_query =
    ld_patient_query_parse (gtk_editable_get_text (GTK_EDITABLE (entry)), &self->query, &reason) &&
    self->query.kind == LD_PATIENT_QUERY_NAME;
  if (G_LIST_MODEL (self->list) == list)
    return;
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_set_object (&self->list, LD_CACHE_LIST (list));
  if (self->list != NULL)
    {
      g_signal_connect (self->list, "items-changed", G_CALLBACK (on_items_changed_cb), self);
      g_signal_connect (self->list, "notify::loading", G_CALLBACK (on_loading_cb), self);
      g_signal_connect (self->list, "notify::switching", G_CALLBACK (on_switching_cb), self);
    }
}

static void
on_before_paint_cb (GdkFrameClock *clock,
                    BenchSearch   *self)
{
  self->frame_started = g_get_monotonic_time ();
  self->n_frames++;
}

BenchSearch *
bench_search_new (BenchDesk *desk)
{
  BenchSearch *self = g_new0 (BenchSearch, 1);

  self->desk = desk;
  self->entry = GTK_EDITABLE (bench_desk_search_entry (desk));
  self->view = GTK_LIST_VIEW (bench_desk_search_child (desk, "results_view"));
  self->results_stack = GTK_STACK (bench_desk_search_child (desk, "results_stack"));
  /* After the page's own handler, which makes the list. */
  g_signal_connect_after (self->entry, "search-changed", G_CALLBACK (on_search_changed_cb), self);
  self->before_paint_id = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (desk->window)),
                                            "before-paint", G_CALLBACK (on_before_paint_cb),
                                            self);
  return self;
}

void
bench_search_free (BenchSearch *self)
{
  g_signal_handlers_disconnect_by_data (self->entry, self);
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (self->desk->window)),
                               self->before_paint_id);
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_clear_object (&self->list);
  ld_patient_query_clear (&self->query);
  g_free (self);
}

/* The rows a person sees: mapped, and inside the list's viewport. A row
 * whose name the latest text (a name) does not find counts as loading:
 * it is a row of the text before. */
static guint
count_rows_in_view (BenchSearch *self,
                    guint       *n_loading,
                    gboolean    *expected_seen)
{
  GtkWidget *view = GTK_WIDGET (self->view);
  const char *loading = g_dgettext (GETTEXT_PACKAGE, "Loading…");
  int height = gtk_widget_get_height (view);
  guint n = 0;

  *n_loading = 0;
  *expected_seen = FALSE;
  for (GtkWidget *row = gtk_widget_get_first_child (view); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_widget_get_first_child (row);
      graphene_rect_t bounds;
      const char *name;

      if (box == NULL || !gtk_widget_get_mapped (row) ||
          !gtk_widget_compute_bounds (row, view, &bounds) ||
          bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= height ||
          !GTK_IS_LABEL (gtk_widget_get_first_child (box)))
        continue;
      name = gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (box)));
      n++;
      /* A row hidden while its place is read again shows nothing. */
      if (g_str_equal (name, loading) || gtk_widget_get_opacity (box) == 0)
        (*n_loading)++;
      else if (self->name_query)
        {
          g_autofree char *fold = ld_text_fold (name);

          if (!ld_patient_query_matches_name (&self->query, fold))
            (*n_loading)++;
        }
      if (self->expect != NULL && g_str_equal (name, self->expect))
        *expected_seen = TRUE;
    }
  return n;
}

static guint
count_row_widgets (BenchSearch *self)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->view)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

/* The page shows the latest text's patients: its list switched to the
 * text, every row in view filled with a patient the text finds (and the
 * expected one among them), or the hint for no text. */
static gboolean
list_is_shown (gpointer data)
{
  BenchSearch *self = data;
  const char *page = gtk_stack_get_visible_child_name (self->results_stack);
  GtkSelectionModel *selection = gtk_list_view_get_model (self->view);
  GListModel        *shown =
    selection ? gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection)) : NULL;
  guint    n_loading;
  gboolean expected_seen;

  if (self->searched_at == 0)
    return FALSE;
  if (*gtk_editable_get_text (self->entry) == '\0')
    return g_strcmp0 (page, "hint") == 0;
  if (self->list == NULL || shown != G_LIST_MODEL (self->list) ||
      g_strcmp0 (page, "results") != 0 || ld_cache_list_get_switching (self->list))
    return FALSE;
  /* Nobody: a switched list's first page says so; a new list's count. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0)
    return self->expect == NULL &&
           (self->switched_at != 0 || !ld_cache_list_get_loading (self->list));
  return count_rows_in_view (self, &n_loading, &expected_seen) > 0 && n_loading == 0 &&
         (self->expect == NULL || expected_seen);
}

static void
set_query (BenchSearch *self,
           const char  *query)
{
  /* The same text changes nothing, and the page searches nothing anew. */
  if (g_str_equal (gtk_editable_get_text (self->entry), query))
    return;
  self->searched_at = 0;
  gtk_editable_set_text (self->entry, query);
  bench_desk_wait_drawn (self->desk, list_is_shown, self, 120000, "a search's list drawn");
}

/* The parts of one keystroke's time, in ms. */
typedef enum
{
  PART_ALL,
  PART_UPDATED,
  PART_DELAY,
  PART_SWITCH,
  PART_ROWS,
  PART_FRAME,
  PART_COUNT,
  N_PARTS
} Part;

/* clang-format off */
static const char * const part_names[N_PARTS] = {
  "  key to list drawn",
  "  key to list updated (the model's rows are the new text's)",
  "    of which: key to search-changed (delay)",
  "    of which: search-changed to the rows switched",
  "    of which: rows switched to drawn",
  "      of which: the frame's own work (before-paint on)",
  "  (beside: key to the count, when known before the next key)",
};
/* clang-format on */

static gboolean
counted (gpointer data)
{
  BenchSearch *self = data;

  return self->counted_at != 0 || *gtk_editable_get_text (self->entry) == '\0';
}

/* The list shown and its length known: a list being scrolled is whole. */
static gboolean
list_is_counted (gpointer data)
{
  return list_is_shown (data) && counted (data);
}

/* Types @key at the end of the entry, as a key press does; returns its
 * parts. */
static void
type_key (BenchSearch *self,
          const char  *key,
          double       parts[N_PARTS])
{
  int position = g_utf8_strlen (gtk_editable_get_text (self->entry), -1);
  gint64 typed;
  gint64 drawn;
  gint64 switched;

  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->desk->window));
  gint64 frame_before = gdk_frame_clock_get_frame_counter (clock);

  self->searched_at = 0;
  typed = g_get_monotonic_time ();
  gtk_editable_insert_text (self->entry, key, -1, &position);
  drawn = bench_desk_wait_drawn (self->desk, list_is_shown, self, 120000, "a keystroke's list");
  self->n_in_frame[CLAMP (gdk_frame_clock_get_frame_counter (clock) - frame_before, 1, 3) - 1]++;

  parts[PART_ALL] = (drawn - typed) / 1000.0;
  parts[PART_DELAY] = (self->searched_at - typed) / 1000.0;
  /* The page's first list is new, not switched: its rows come with its
   * count. */
  switched = self->switched_at ? self->switched_at
                               : self->counted_at ? MIN (self->counted_at, drawn) : drawn;
  parts[PART_UPDATED] = (switched - typed) / 1000.0;
  parts[PART_SWITCH] = (switched - self->searched_at) / 1000.0;
  parts[PART_ROWS] = (drawn - switched) / 1000.0;
  parts[PART_FRAME] = (drawn - self->frame_started) / 1000.0;
  /* Known once the person has paused, or never (the next key cancels a
   * count not started); the caller looks after the pause. */
  parts[PART_COUNT] = -1;
  self->typed_at = typed;
}

static gboolean
is_devanagari (const char *name)
{
  return g_unichar_get_script (g_utf8_get_char (name)) == G_UNICODE_SCRIPT_DEVANAGARI;
}

/* A person's query for @name: the first 2 to 5 letters of the first
 * word, then half the time a space and 1 to 3 of the last name; Latin
 * typed in lower case. */
static char *
make_query (GRand      *rand,
            const char *name)
{
  g_autofree char *folded = g_utf8_strdown (name, -1);
  g_auto(GStrv) words = g_strsplit (folded, " ", 2);
  g_autofree char *first = g_utf8_substring (words[0], 0, g_rand_int_range (rand, 2, 6));

  if (words[1] != NULL && g_rand_boolean (rand))
    {
      g_autofree char *last = g_utf8_substring (words[1], 0, g_rand_int_range (rand, 1, 4));

      return g_strconcat (first, " ", last, NULL);
    }
  return g_steal_pointer (&first);
}

/**
 * bench_search_type:
 * @names: names in the cache, the queries' source
 * @n_keys: keystrokes to time
 * @report: whether to print the figures
 *
 * Types queries for @names letter by letter into the search entry, a
 * quarter of them Devanagari names, pausing 50-150 ms after each list is
 * drawn as a person reads; the entry is emptied between queries.
 */
void
bench_search_type (BenchSearch *self,
                   GPtrArray   *names,
                   guint        n_keys,
                   gboolean     report)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GPtrArray) latin = g_ptr_array_new ();
  g_autoptr(GPtrArray) devanagari = g_ptr_array_new ();
  g_autofree double *ms[N_PARTS] = {
    NULL,
  };
  g_autofree double *first_ms[N_PARTS] = {
    NULL,
  };
  g_autofree double *devanagari_ms = g_new0 (double, n_keys);
  guint most_rows = 0;
  guint n_first = 0;
  guint n_counted = 0;
  guint n_devanagari = 0;
  guint n = 0;
  guint forced = self->desk->n_forced_frames;
  double cpu = bench_cpu_ms ("self");

  memset (self->n_in_frame, 0, sizeof self->n_in_frame);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (is_devanagari (g_ptr_array_index (names, i)) ? devanagari : latin,
                     g_ptr_array_index (names, i));
  g_assert_cmpuint (latin->len, >, 0);
  for (guint p = 0; p < N_PARTS; p++)
    {
      ms[p] = g_new0 (double, n_keys);
      first_ms[p] = g_new0 (double, n_keys);
    }

  /* A frame clock that ticks on its own (an animation, a cursor's blink)
   * makes a key wait for the next tick. */
  set_query (self, "");
  if (report)
    {
      guint n_soon;

      self->n_frames = 0;
      bench_spin_for (2000);
      n_soon = self->n_frames;
      bench_spin_for (10000);
      self->n_frames = 0;
      bench_spin_for (2000);
      g_print ("(frames the window drew with its search entry focused, nothing typed:"
               " %u in the first 2 s, %u in 2 s after 12 s)\n", n_soon, self->n_frames);
    }

  while (n < n_keys)
    {
      GPtrArray *from =
        devanagari->len > 0 && g_rand_int_range (rand, 0, 4) == 0 ? devanagari : latin;
      g_autofree char *query =
        make_query (rand, g_ptr_array_index (from, g_rand_int_range (rand, 0, from->len)));

      set_query (self, "");
      bench_spin_for (g_rand_int_range (rand, 50, 150));
      for (const char *key = query; *key != '\0' && n < n_keys; key = g_utf8_next_char (key))
        {
          g_autofree char *letter = g_strndup (key, g_utf8_next_char (key) - key);
          double parts[N_PARTS];

          type_key (self, letter, parts);
          for (guint p = 0; p < PART_COUNT; p++)
            ms[p][n] = parts[p];
          if (key == query)
            {
              for (guint p = 0; p < PART_COUNT; p++)
                first_ms[p][n_first] = parts[p];
              n_first++;
            }
          if (from == devanagari)
            devanagari_ms[n_devanagari++] = parts[PART_ALL];
          most_rows = MAX (most_rows, count_row_widgets (self));
          n++;
          bench_spin_for (g_rand_int_range (rand, 50, 150));
          if (self->counted_at != 0)
            ms[PART_COUNT][n_counted++] = (self->counted_at - self->typed_at) / 1000.0;
        }
    }
  set_query (self, "");
  cpu = bench_cpu_ms ("self") - cpu;

  if (!report)
    return;
  {
    BenchFigures all;
    BenchFigures updated;

    g_print ("3. a key typed in search to the list drawn (%u keys; budget p99 < %.0f ms):\n",
             n_keys, BENCH_KEY_BUDGET_MS);
    for (guint p = 0; p < PART_COUNT; p++)
      bench_report (part_names[p], ms[p], n_keys);
    bench_report (part_names[PART_COUNT], ms[PART_COUNT], n_counted);
    g_print ("  the first letter of a query:\n");
    for (guint p = 0; p < PART_COUNT; p++)
      bench_report (part_names[p], first_ms[p], n_first);
    bench_report ("  Devanagari keys", devanagari_ms, n_devanagari);
    g_print ("  CPU time of the whole process (every thread, the server's too), per key:"
             " %.1f ms\n", cpu / n_keys);
    g_print ("  row widgets the list view held after a key: up to %u\n", most_rows);
    /* The caret's fade keeps the frame clock ticking while a person
     * types (GTK 4.8), so a key waits for the next tick whatever the
     * work: which frame showed the list is what the page controls. */
    g_print ("  keys whose list was drawn in the first frame after them: %u, the second: %u,"
             " later: %u\n", self->n_in_frame[0], self->n_in_frame[1], self->n_in_frame[2]);
    bench_echo_floor (n_keys);
    /* The budget's words, "to the list updated", and the stricter
     * "drawn", which a frame clock ticking at 60 Hz puts above 16 ms for
     * a plain entry too (the floor above). */
    updated = bench_figures (ms[PART_UPDATED], n_keys);
    bench_print_budget ("to updated, p99 ms", updated.p99, BENCH_KEY_BUDGET_MS);
    all = bench_figures (ms[PART_ALL], n_keys);
    bench_print_budget ("to drawn, p99 ms", all.p99, BENCH_KEY_BUDGET_MS);
    if (self->desk->n_forced_frames > forced)
      g_print ("  (%u frames asked for by the bench: state held, no frame came)\n",
               self->desk->n_forced_frames - forced);
  }
}

/* 4. Scrolling. */

/* The frames that showed a row still loading, for bench_desk_scroll(). */
static gboolean
shows_loading (gpointer data)
{
  guint n_loading;
  gboolean seen;

  count_rows_in_view (data, &n_loading, &seen);
  return n_loading > 0;
}

static void
scroll_once (BenchSearch *self,
             const char  *what,
             double       step,
             guint        n_frames)
{
  BenchFigures work = bench_desk_scroll (self->desk, GTK_SCROLLABLE (self->view), what, step,
                                         n_frames, list_is_shown, shows_loading, self);

  bench_print_budget ("work per frame p99 ms", work.p99, BENCH_FRAME_BUDGET_MS);
}

/**
 * bench_search_scroll:
 * @query: a query matching many rows (100,000)
 *
 * Scrolls @query's list down by a mouse wheel's pace (48 px a frame,
 * about 2,900 px/s), then over the whole list as a dragged scrollbar.
 */
void
bench_search_scroll (BenchSearch *self,
                     const char  *query,
                     guint        n_frames)
{
  set_query (self, query);
  ld_test_wait_until (list_is_counted, self, 120000, "the list to scroll counted");
  g_print ("4. scrolling the list of \"%s\": %u rows (budget: work per frame p99 < %.1f ms)\n",
           query, g_list_model_get_n_items (G_LIST_MODEL (self->list)), BENCH_FRAME_BUDGET_MS);
  scroll_once (self, "wheel", 48, n_frames);
  scroll_once (self, "scrollbar dragged over it all", 0, n_frames);
  set_query (self, "");
}

/* 5. Another desk's change. */

typedef struct
{
  LdTestServer *server;
  const char   *token;
  char         *body;
  guint         status;
} Register;

static gpointer
register_patient (gpointer data)
{
  Register *reg = data;
  g_autoptr(LdTestResponse) resp =
               ld_test_send_json (reg->server, "POST", "/api/v1/patients", reg->token, reg->body);

  reg->status = resp->status;
  return NULL;
}

static void
on_cache_changed_cb (LdCache      *cache,
                     LdCacheBatch *batch,
                     gint64       *changed_at)
{
  if (*changed_at == 0)
    *changed_at = g_get_monotonic_time ();
}

/**
 * bench_search_live:
 * @server: the server this window is signed in to
 *
 * Each round types a word nobody has, waits for "no patient" drawn, and
 * has another desk (a session of its own, in another thread) register a
 * patient of that name; times it from the request sent to the row drawn.
 */
void
bench_search_live (BenchSearch  *self,
                   LdTestServer *server,
                   guint         n_rounds)
{
  g_autofree char *token = ld_test_login (server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autofree double *ms = g_new0 (double, n_rounds);
  g_autofree double *cache_ms = g_new0 (double, n_rounds);
  g_autofree double *list_ms = g_new0 (double, n_rounds);
  g_autofree double *loaded_ms = g_new0 (double, n_rounds);
  LdCache *cache = bench_desk_get_cache (self->desk);
  BenchFigures f;

  /* Words of this run alone: a kept cache has the last run's. */
  char run[] = { 'a' + g_random_int_range (0, 26), 'a' + g_random_int_range (0, 26), '\0' };

  for (guint i = 0; i < n_rounds; i++)
    {
      g_autofree char *word = g_strdup_printf ("Zq%s%c%c", run, 'a' + i / 26 % 26, 'a' + i % 26);
      g_autofree char *name = g_strconcat (word, " Live", NULL);
      g_autofree char *query = g_utf8_strdown (word, -1);
      Register reg = { server, token, NULL, 0 };
      gint64 changed_at = 0;
      gulong changed_id;
      GThread *thread;
      gint64 started;
      gint64 drawn;

      set_query (self, query);
      bench_spin_for (100);
      reg.body = g_strdup_printf ("{\"name\": \"%s\", \"sex\": \"other\","
                                  " \"age_years\": 30}", name);
      self->expect = name;
      changed_id =
        g_signal_connect (cache, "changed", G_CALLBACK (on_cache_changed_cb), &changed_at);
      self->changed_at = self->loaded_at = 0;
      started = g_get_monotonic_time ();
      thread = g_thread_new ("other-desk", register_patient, &reg);
      drawn = bench_desk_wait_drawn (self->desk, list_is_shown, self, 30000,
                                     "another desk's patient in the list");
      g_thread_join (thread);
      g_signal_handler_disconnect (cache, changed_id);
      self->expect = NULL;
      g_assert_cmpuint (reg.status, ==, 201);
      g_free (reg.body);
      ms[i] = (drawn - started) / 1000.0;
      cache_ms[i] = (changed_at - started) / 1000.0;
      list_ms[i] = (self->changed_at - started) / 1000.0;
      loaded_ms[i] = self->loaded_at ? (self->loaded_at - started) / 1000.0 : -1;
    }
  set_query (self, "");

  g_print ("5. another desk's change visible in this window (%u rounds; budget < %.0f ms):\n",
           n_rounds, BENCH_LIVE_BUDGET_MS);
  bench_report ("request sent to the row drawn here", ms, n_rounds);
  bench_report ("  of which: to this window's cache changed", cache_ms, n_rounds);
  bench_report ("  of which: to the list's items-changed", list_ms, n_rounds);
  bench_report ("  of which: to the list's new row read", loaded_ms, n_rounds);
  f = bench_figures (ms, n_rounds);
  bench_print_budget ("max ms", f.max, BENCH_LIVE_BUDGET_MS);
}
