/* ld-test-gui.c: the real window, signed in against a test server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a GUI story test needs to act as a person: open the window, type
 * credentials, type into the entries a person sees (one character at a
 * time, as the key events would insert them), press Enter, click, and
 * find widgets by template id, widget name or action — never by
 * position. Waits are for conditions; the limit only catches a hang, so
 * it is generous for a loaded two-core machine under ASan.
 */

#include "config.h"

#include "ld-test-gui.h"
#include "ld-test-log.h"
#include "ui/ld-home-page.h"
#include "ui/ld-login-page.h"
#include "ui/common/ld-status-indicator.h"

#define HANG_GUARD_US (120 * G_USEC_PER_SEC)

static char *data_home;

static void
remove_data_home (void)
{
  ld_test_remove_tree (data_home);
  g_clear_pointer (&data_home, g_free);
}

void
ld_test_gui_init (int    *argc,
                  char ***argv)
{
  /* The users' caches live under the data directory, named by the
   * server's address: a fresh one per run, so a run whose server gets a
   * port an earlier run had never meets that run's cache (and its
   * outbox, which it would send). */
  data_home = g_dir_make_tmp ("labdesk-gui-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  atexit (remove_data_home);

  gtk_test_init (argc, argv, NULL);
  ld_test_log_quiet ();
  adw_init ();
  /* What LdApplication's resource base path loads in the program, so
   * that the windows tests drive (and screenshot) are styled as a
   * person sees them. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/labdesk/Labdesk/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  /* A transition finishes on frames a busy test may not give it; what
   * a test looks at (and screenshots) is the state it settled in. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

/**
 * ld_test_gui_spin_until:
 * @condition: what must hold
 * @data: its argument
 * @what: what is awaited, for the failure message
 *
 * Runs the main context until @condition holds; fails on a hang.
 */
void
ld_test_gui_spin_until (LdTestGuiCondition  condition,
                        gpointer            data,
                        const char         *what)
{
  gint64 deadline = g_get_monotonic_time () + HANG_GUARD_US;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

/* Lets what is already due run: redraws, idles, finished reads. */
void
ld_test_gui_spin_idle (void)
{
  for (guint i = 0; i < 50 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

typedef struct
{
  GtkWidget  *widget;
  const char *words;
} TooltipWait;

static gboolean
tooltip_says (gpointer data)
{
  TooltipWait *wait = data;
  const char *tooltip = gtk_widget_get_tooltip_text (wait->widget);

  return tooltip != NULL && strstr (tooltip, wait->words) != NULL;
}

typedef struct
{
  GtkListBox *list;
  const char *text;
} FirstRowWait;

static gboolean
first_row_shows (gpointer data)
{
  FirstRowWait *wait = data;
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (wait->list, 0);
  g_autofree char *texts = first ? ld_test_gui_label_texts (GTK_WIDGET (first)) : NULL;

  return texts != NULL && strstr (texts, wait->text) != NULL;
}

/* Waits until @list's first row shows @text: a search's list is filled
 * a moment after the key that asked for it. */
void
ld_test_gui_wait_first_row (GtkWidget  *list,
                            const char *text)
{
  FirstRowWait wait = { GTK_LIST_BOX (list), text };
  g_autofree char *what = g_strdup_printf ("the list's first row to show “%s”", text);

  ld_test_gui_spin_until (first_row_shows, &wait, what);
}

/* Waits for @widget's tooltip to hold @words: a withheld action's reason
 * is set once the records it is judged on have arrived. */
void
ld_test_gui_wait_tooltip (GtkWidget  *widget,
                          const char *words)
{
  TooltipWait wait = { widget, words };
  g_autofree char *what = g_strdup_printf ("the tooltip to say “%s”", words);

  ld_test_gui_spin_until (tooltip_says, &wait, what);
}

GtkWidget *
ld_test_gui_child (GtkWidget  *widget,
                   GType       type,
                   const char *id)
{
  GObject *object = gtk_widget_get_template_child (widget, type, id);

  if (object == NULL)
    g_error ("%s has no template child %s", G_OBJECT_TYPE_NAME (widget), id);
  return GTK_WIDGET (object);
}

LdTestGui *
ld_test_gui_open (const char *server_uri)
{
  LdTestGui *gui = g_new0 (LdTestGui, 1);

  gui->context = ld_context_new (server_uri);
  gui->window = ld_window_new (NULL, gui->context);
  gtk_window_present (GTK_WINDOW (gui->window));
  return gui;
}

static gboolean
object_is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* GTK owns a toplevel; a reference of our own lets its finalization be
 * asserted. A request in flight (the sign-out's DELETE) keeps the API
 * client alive after the context; waiting for it lets the request reach
 * this test's server rather than the next test's. */
void
ld_test_gui_close (LdTestGui *gui)
{
  gpointer api_client = ld_context_get_api_client (gui->context);
  GList *toplevels = gtk_window_list_toplevels ();

  /* Dialogs the test left open go first, as a person closing the app. */
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (l->data != gui->window && gtk_window_get_transient_for (l->data) != NULL)
      gtk_window_destroy (l->data);
  g_list_free (toplevels);

  g_object_add_weak_pointer (G_OBJECT (api_client), &api_client);
  g_object_ref (gui->window);
  gtk_window_destroy (GTK_WINDOW (gui->window));
  g_assert_finalize_object (gui->window);
  g_assert_finalize_object (gui->context);
  ld_test_gui_spin_until (object_is_gone, &api_client, "the API client's last request");
  g_free (gui);
}

static gboolean
home_is_shown (gpointer data)
{
  LdTestGui *gui = data;
  GtkStack  *stack =
    GTK_STACK (ld_test_gui_child (GTK_WIDGET (gui->window), LD_TYPE_WINDOW, "stack"));

  return ld_context_get_user (gui->context) != NULL &&
         g_strcmp0 (gtk_stack_get_visible_child_name (stack), "home") == 0;
}

/**
 * ld_test_gui_sign_in:
 *
 * Types the user name and password into the sign-in page, presses
 * Enter in the password field and waits for the signed-in window.
 */
void
ld_test_gui_sign_in (LdTestGui  *gui,
                     const char *username,
                     const char *password)
{
  GtkWidget *login = ld_test_gui_child (GTK_WIDGET (gui->window), LD_TYPE_WINDOW, "login_page");
  GtkWidget *user_row = ld_test_gui_child (login, LD_TYPE_LOGIN_PAGE, "username_row");
  GtkWidget *password_row = ld_test_gui_child (login, LD_TYPE_LOGIN_PAGE, "password_row");

  gtk_editable_set_text (GTK_EDITABLE (user_row), "");
  ld_test_gui_type (user_row, username);
  gtk_editable_set_text (GTK_EDITABLE (password_row), "");
  ld_test_gui_type (password_row, password);
  g_assert_true (gtk_widget_activate_action (login, "login.sign-in", NULL));
  ld_test_gui_spin_until (home_is_shown, gui, "the signed-in window");
}

/**
 * ld_test_gui_workspace:
 * @name: the workspace's page name ("front-desk", "laboratory", …)
 *
 * Returns: (transfer none): the workspace widget the session shows
 */
GtkWidget *
ld_test_gui_workspace (LdTestGui  *gui,
                       const char *name)
{
  GtkWidget *home = ld_test_gui_child (GTK_WIDGET (gui->window), LD_TYPE_WINDOW, "home_page");
  GtkStack *stack = GTK_STACK (ld_test_gui_child (home, LD_TYPE_HOME_PAGE, "workspaces"));
  GtkWidget *bin = gtk_stack_get_child_by_name (stack, name);

  g_assert_nonnull (bin);
  return adw_bin_get_child (ADW_BIN (bin));
}

typedef gboolean (*Match) (GtkWidget *widget, gconstpointer data);

/* Depth first, every descendant that is drawn or could be. */
static GtkWidget *
find (GtkWidget     *root,
      Match          match,
      gconstpointer  data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_action (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), data) == 0 &&
         gtk_widget_is_visible (widget);
}

static gboolean
has_name (GtkWidget     *widget,
          gconstpointer  data)
{
  return g_strcmp0 (gtk_widget_get_name (widget), data) == 0;
}

static gboolean
has_type (GtkWidget     *widget,
          gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

/* The visible button (or row) wired to @action_name, as a person sees it. */
GtkWidget *
ld_test_gui_find_action (GtkWidget  *root,
                         const char *action_name)
{
  return find (root, has_action, action_name);
}

/**
 * ld_test_gui_wait_action:
 * @root: where to look
 * @action_name: an action a button is wired to, such as "custody.reject"
 *
 * The button a shortcut's action drives, once it may be used: what a
 * person waits for before pressing the shortcut.
 *
 * Returns: (transfer none): the button
 */
typedef struct
{
  GtkWidget  *root;
  const char *action_name;
} ActionWait;

/* Looked for again each time: a list rebuilt from a fresh read (a result's
 * row after a release) replaces its buttons. */
static gboolean
action_usable (gpointer data)
{
  ActionWait *wait = data;
  GtkWidget *button = ld_test_gui_find_action (wait->root, wait->action_name);

  return button != NULL && gtk_widget_is_sensitive (button);
}

GtkWidget *
ld_test_gui_wait_action (GtkWidget  *root,
                         const char *action_name)
{
  ActionWait wait = { root, action_name };
  g_autofree char *what = g_strdup_printf ("%s to be enabled", action_name);

  ld_test_gui_spin_until (action_usable, &wait, what);
  return ld_test_gui_find_action (root, action_name);
}

/* The widget whose name (gtk_widget_set_name, or `name` in the .ui) is
 * @widget_name. */
GtkWidget *
ld_test_gui_find_named (GtkWidget  *root,
                        const char *widget_name)
{
  return find (root, has_name, widget_name);
}

GtkWidget *
ld_test_gui_find_type (GtkWidget *root,
                       GType      type)
{
  return find (root, has_type, GSIZE_TO_POINTER (type));
}

typedef struct
{
  GtkWidget     *root;
  Match          match;
  gconstpointer  data;
  GtkWidget     *found;
} Wait;

static gboolean
wait_found (gpointer data)
{
  Wait *wait = data;

  wait->found = find (wait->root, wait->match, wait->data);
  return wait->found != NULL && gtk_widget_get_mapped (wait->found);
}

GtkWidget *
ld_test_gui_wait_named (GtkWidget  *root,
                        const char *widget_name)
{
  Wait wait = { root, has_name, widget_name, NULL };

  ld_test_gui_spin_until (wait_found, &wait, widget_name);
  return wait.found;
}

GtkWidget *
ld_test_gui_wait_type (GtkWidget *root,
                       GType      type)
{
  Wait wait = { root, has_type, GSIZE_TO_POINTER (type), NULL };

  ld_test_gui_spin_until (wait_found, &wait, g_type_name (type));
  return wait.found;
}

typedef struct
{
  GtkWindow *parent;
  GType      type;
  GtkWindow *found;
} DialogWait;

static gboolean
dialog_shown (gpointer data)
{
  DialogWait *wait = data;
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL && wait->found == NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, wait->type) &&
        gtk_widget_get_mapped (l->data) &&
        (wait->parent == NULL || gtk_window_get_transient_for (l->data) == wait->parent))
      wait->found = l->data;
  g_list_free (toplevels);
  return wait->found != NULL;
}

/* The dialog of @type that a person now sees over @parent. */
GtkWindow *
ld_test_gui_wait_dialog (GtkWindow *parent,
                         GType      type)
{
  DialogWait wait = { parent, type, NULL };

  ld_test_gui_spin_until (dialog_shown, &wait, g_type_name (type));
  return wait.found;
}

/**
 * ld_test_gui_type:
 * @editable: a #GtkEditable (entry, search entry, entry row, spin button)
 * @text: what the person types
 *
 * Focuses @editable and inserts @text at the cursor one character at a
 * time, letting the main context run between keys, as typing does.
 */
void
ld_test_gui_type (GtkWidget  *editable,
                  const char *text)
{
  g_assert_true (GTK_IS_EDITABLE (editable));
  g_assert_true (gtk_widget_is_sensitive (editable));
  gtk_widget_grab_focus (editable);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      int position = gtk_editable_get_position (GTK_EDITABLE (editable));

      gtk_editable_insert_text (GTK_EDITABLE (editable), p, g_utf8_next_char (p) - p, &position);
      gtk_editable_set_position (GTK_EDITABLE (editable), position);
      ld_test_gui_spin_idle ();
    }
}

/* What is in @editable selected and typed over with @text. */
void
ld_test_gui_retype (GtkWidget  *editable,
                    const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), "");
  ld_test_gui_type (editable, text);
}

/* The Enter key in an entry: what its key binding does, the inner
 * GtkText's "activate" signal (gtk_widget_activate() does nothing on a
 * GtkText in GTK 4.8), which entries, search entries and entry rows pass
 * on as their own. */
void
ld_test_gui_enter (GtkWidget *editable)
{
  GtkWidget *text = editable;

  if (!GTK_IS_TEXT (text))
    text = ld_test_gui_find_type (editable, GTK_TYPE_TEXT);
  g_assert_nonnull (text);
  g_assert_true (gtk_widget_is_sensitive (text));
  g_signal_emit_by_name (text, "activate");
  ld_test_gui_spin_idle ();
}

/* A click: the widget's activation, as Space or a pointer press does. */
void
ld_test_gui_click (GtkWidget *widget)
{
  g_assert_true (gtk_widget_is_sensitive (widget));
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_activate (widget));
  ld_test_gui_spin_idle ();
}

static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

/* Every visible label's text under @root, one per line: what a person
 * reads there. */
char *
ld_test_gui_label_texts (GtkWidget *root)
{
  GString *out;

  g_assert_nonnull (root);
  out = g_string_new (NULL);
  collect_labels (root, out);
  return g_string_free (out, FALSE);
}

static gboolean
is_drawn (gpointer data)
{
  GtkWidget *widget = data;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;

  if (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) == 0)
    return FALSE;
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  return node != NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} Shows;

static gboolean
shows_text (gpointer data)
{
  Shows *shows = data;
  g_autofree char *texts = ld_test_gui_label_texts (shows->root);

  return strstr (texts, shows->text) != NULL;
}

/* Waits until a visible label under @root holds @text: what a person
 * waits to read. */
void
ld_test_gui_wait_text (GtkWidget  *root,
                       const char *text)
{
  Shows shows = { root, text };
  g_autofree char *what = g_strdup_printf ("\"%s\" on screen", text);

  ld_test_gui_spin_until (shows_text, &shows, what);
}

static void
on_screenshot_painted_cb (GdkFrameClock *clock,
                          gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
screenshot_flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Waits for @widget's window to paint one more frame. */
static void
wait_one_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong id;

  if (clock == NULL)
    {
      ld_test_gui_spin_idle ();
      return;
    }
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_screenshot_painted_cb), &painted);
  gtk_widget_queue_draw (widget);
  ld_test_gui_spin_until (screenshot_flag_set, &painted, "a painted frame");
  g_signal_handler_disconnect (clock, id);
}

/**
 * ld_test_gui_screenshot:
 * @widget: a window or widget as drawn now
 * @name: the file's name without extension, such as "desk-search"
 *
 * When LD_SCREENSHOT_DIR is set, saves what @widget shows as
 * `$LD_SCREENSHOT_DIR/@name.png`, drawn by its own renderer: the
 * screenshots in docs/screenshots are made this way, from the states the
 * tests reach. Does nothing otherwise.
 */
void
ld_test_gui_screenshot (GtkWidget  *widget,
                        const char *name)
{
  const char *dir = g_getenv ("LD_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  GskRenderer *renderer;
  int width, height;

  if (dir == NULL)
    return;

  /* Let pending layout and drawing finish first: a dialog just shown
   * has drawn nothing yet. */
  ld_test_gui_spin_until (is_drawn, widget, "the widget to be drawn");
  for (guint i = 0; i < 20; i++)
    ld_test_gui_spin_idle ();

  /* A page just switched to may still draw nothing for a few frames
   * (no render node yet): wait for one, frame by frame (idle turns of the
   * loop may all come before the next frame), rather than fail the test,
   * as a screenshot is an aid to the eye, not a check. */
  paintable = gtk_widget_paintable_new (widget);
  for (guint i = 0; node == NULL && i < 60; i++)
    {
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node == NULL)
        wait_one_frame (widget);
    }
  if (node == NULL)
    {
      g_test_message ("no screenshot %s: the widget drew nothing", name);
      return;
    }
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, file));
}

static gboolean
has_label (GtkWidget     *widget,
           gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_is_visible (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

/* The visible button under @root labelled @label (as written in the
 * .ui, with its mnemonic's underscore): what a person reads on it, for
 * buttons built in code that carry no name or action of their own. */
GtkWidget *
ld_test_gui_find_button (GtkWidget  *root,
                         const char *label)
{
  return find (root, has_label, label);
}

/**
 * ld_test_gui_status_text:
 *
 * Returns: (transfer none) (nullable): what the status indicator in the
 *   header says now: "Online", "Offline · 2 waiting", "Online · 1 refused"
 */
const char *
ld_test_gui_status_text (LdTestGui *gui)
{
  GtkWidget *bin = ld_test_gui_child (GTK_WIDGET (gui->window), LD_TYPE_WINDOW, "status_bin");
  GtkWidget *indicator = adw_bin_get_child (ADW_BIN (bin));

  if (!LD_IS_STATUS_INDICATOR (indicator))
    return NULL;
  return ld_status_indicator_get_text (LD_STATUS_INDICATOR (indicator));
}

typedef struct
{
  LdTestGui  *gui;
  const char *text;
} Status;

static gboolean
status_says (gpointer data)
{
  Status *status = data;

  return g_strcmp0 (ld_test_gui_status_text (status->gui), status->text) == 0;
}

/* Waits until the status indicator says exactly @text. */
void
ld_test_gui_wait_status (LdTestGui  *gui,
                         const char *text)
{
  Status status = { gui, text };
  g_autofree char *what = g_strdup_printf ("the status to say \"%s\"", text);

  ld_test_gui_spin_until (status_says, &status, what);
}

typedef struct
{
  GtkStack   *stack;
  const char *name;
  const char *title;
} TitleWait;

static gboolean
page_titled (gpointer data)
{
  TitleWait *wait = data;
  GtkWidget *child = gtk_stack_get_child_by_name (wait->stack, wait->name);

  return child != NULL &&
         g_strcmp0 (gtk_stack_page_get_title (gtk_stack_get_page (wait->stack, child)),
                    wait->title) == 0;
}

/**
 * ld_test_gui_wait_page_title:
 * @stack: a stack whose pages are titled (a worklist's tabs)
 * @name: the page
 * @title: the title a person should read on its tab, "Paid 3"
 *
 * Spins until @name's title is @title.
 */
void
ld_test_gui_wait_page_title (GtkStack   *stack,
                             const char *name,
                             const char *title)
{
  TitleWait wait = { stack, name, title };
  g_autofree char *what = g_strdup_printf ("the %s tab to be titled \"%s\"", name, title);

  ld_test_gui_spin_until (page_titled, &wait, what);
}
