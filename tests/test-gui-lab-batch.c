/* test-gui-lab-batch.c: label sheets, report preview and batch entry at the bench
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Orders are taken to the lab over HTTP on a real server; the technician
 * works them in the real window. Print Labels asks roll or A4 sheet and
 * where on a part-used sheet to start: on a sheet started at label 5 the
 * first four places are left blank and the fifth's barcode decodes
 * (zbarimg) to the first tube's accession.
 *
 * Batch entry: twenty orders wait for a haemoglobin, for women, men and
 * children (each their own reference interval). Ctrl+Shift+E, the test
 * typed and Enter, then each value typed and Enter to the next row, by
 * keyboard alone; every flag shown while typing is the flag the server
 * stores for the draft. With the server stopped a value is changed; the
 * draft that waited in the outbox is on the server once it is back.
 * Submit All enters all twenty, and the rows leave the page.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-json.h"
#include "ld-test-client.h"
#include "ld-test-gui.h"
#include "ld-test-lab.h"
#include "ld-test-reports.h"
#include "ld-window.h"
#include "ui/lab/ld-batch-entry-page.h"
#include "ui/lab/ld-label-print-dialog.h"
#include "ui/lab/ld-lab-order-page.h"
#include "ui/lab/ld-lab-workspace.h"

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static gboolean
window_gone (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

static gboolean
is_sensitive (gpointer data)
{
  return gtk_widget_is_sensitive (data);
}

/* The codes zbarimg reads in one place of an A4 label sheet rendered at
 * 200 dpi: the 4 × 11 labels of 50 × 25 mm sit centred on the page, so
 * the grid starts 5 mm from the left and 11 mm from the top. */
static char *
scan_sheet_place (const char *pdf,
                  guint       place)
{
  const double px_per_mm = 200 / 25.4;
  guint column = (place - 1) % 4;
  guint line = (place - 1) / 4;
  g_autofree char *x = g_strdup_printf ("%d", (int) ((5 + column * 50) * px_per_mm));
  g_autofree char *y = g_strdup_printf ("%d", (int) ((11 + line * 25) * px_per_mm));
  g_autofree char *w = g_strdup_printf ("%d", (int) (50 * px_per_mm));
  g_autofree char *h = g_strdup_printf ("%d", (int) (25 * px_per_mm));
  g_autofree char *stem = g_strdup_printf ("%s-place-%u", pdf, place);
  g_autofree char *png = g_strconcat (stem, ".png", NULL);
  g_autofree char *out =
    ld_test_run_tool ("pdftoppm", "-png", "-singlefile", "-r", "200", "-f", "1", "-l", "1", "-x", x,
                      "-y", y, "-W", w, "-H", h, pdf, stem, NULL);

  return ld_test_scan_codes (png);
}

/* The button of a message dialog's response, as a person presses it. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
respond (GtkWindow  *dialog,
         const char *label)
{
  GtkWidget *button = find_button (GTK_WIDGET (dialog), label);
  g_autoptr(GtkWindow) held = g_object_ref (dialog);

  g_assert_nonnull (button);
  ld_test_gui_click (button);
  ld_test_gui_spin_until (window_gone, held, "the dialog to close");
}

static void
test_label_sheet (void)
{
  LdLab           *lab = ld_lab_new ();
  g_autofree char *patient =
    ld_lab_new_patient (lab, "{\"name\": \"Kiran Sheet\", \"sex\": \"male\", "
                             "\"age_years\": 33}");
  g_autofree char *order_id = ld_lab_order_in_lab (lab, patient, "\"items\": [\"CBC\", \"CREA\"]");
  g_autofree char *samples_path = g_strdup_printf ("/api/v1/orders/%s/samples", order_id);
  g_autofree char *tmpdir = g_dir_make_tmp ("labdesk-sheet-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (tmpdir, "labels.pdf", NULL);
  g_autoptr(LdTestResponse) samples = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  JsonArray *items;
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkWidget *page;
  GtkWindow *dialog;
  GtkWidget *start;

  samples = ld_test_get (lab->server, samples_path, lab->technician);
  items = json_object_get_array_member (ld_test_response_object (samples), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  first = g_strdup_printf ("CODE-128:%s",
                           ld_json_object_get_string (json_array_get_object_element (items, 0),
                                                      "accession"));
  second = g_strdup_printf ("CODE-128:%s",
                            ld_json_object_get_string (json_array_get_object_element (items, 1),
                                                       "accession"));

  gui = ld_test_gui_open (ld_test_server_get_uri (lab->server));
  ld_test_gui_sign_in (gui, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "laboratory");
  g_assert_true (gtk_widget_activate_action (workspace, "lab.open-order", "s", order_id));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_LAB_ORDER_PAGE);
  ld_lab_order_page_set_export_path (LD_LAB_ORDER_PAGE (page), pdf);
  ld_test_gui_wait_text (page, "Kiran Sheet");
  ld_test_gui_spin_until (is_sensitive, ld_test_gui_find_action (page, "lab-order.print-labels"),
                          "Print Labels to be enabled");

  /* Ctrl+L asks first: a sheet, started at its fifth label. */
  g_assert_true (gtk_widget_activate_action (page, "lab-order.print-labels", NULL));
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (gui->window), LD_TYPE_LABEL_PRINT_DIALOG);
  start = ld_test_gui_find_named (GTK_WIDGET (dialog), "label-print-start");
  g_assert_false (gtk_widget_is_sensitive (start));
  ld_test_gui_click (ld_test_gui_find_named (GTK_WIDGET (dialog), "label-print-sheet"));
  g_assert_true (gtk_widget_is_sensitive (start));
  gtk_widget_grab_focus (start);
  gtk_editable_set_text (GTK_EDITABLE (start), "");
  ld_test_gui_type (start, "5");
  gtk_spin_button_update (GTK_SPIN_BUTTON (start));
  ld_test_gui_screenshot (GTK_WIDGET (dialog), "lab-label-print");
  respond (dialog, "_Print");
  ld_test_gui_spin_until (file_exists, pdf, "the labels PDF");

  /* One A4 page: places 1 to 4 blank, the tubes at 5 and 6. */
  g_assert_cmpuint (ld_test_pdf_n_pages (pdf), ==, 1);
  for (guint place = 1; place <= 4; place++)
    {
      g_autofree char *codes = scan_sheet_place (pdf, place);

      g_assert_cmpstr (codes, ==, "");
    }
  {
    g_autofree char *fifth = scan_sheet_place (pdf, 5);
    g_autofree char *sixth = scan_sheet_place (pdf, 6);

    g_assert_nonnull (strstr (fifth, first));
    g_assert_nonnull (strstr (sixth, second));
  }

  /* The session remembers the sheet: the dialog opens on it again. */
  g_assert_true (gtk_widget_activate_action (page, "lab-order.print-labels", NULL));
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (gui->window), LD_TYPE_LABEL_PRINT_DIALOG);
  g_assert_true (gtk_check_button_get_active (
    GTK_CHECK_BUTTON (ld_test_gui_find_named (GTK_WIDGET (dialog), "label-print-sheet"))));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (
                     ld_test_gui_find_named (GTK_WIDGET (dialog), "label-print-start"))),
                   ==, 5);
  respond (dialog, "_Cancel");

  ld_test_gui_close (gui);
  ld_lab_free (lab);
  ld_test_remove_tree (tmpdir);
}

#define N_BATCH 20

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
};

static const char *
words_of (const char *flag)
{
  for (guint i = 0; i < G_N_ELEMENTS (flag_words); i++)
    if (g_strcmp0 (flag_words[i].flag, flag) == 0)
      return flag_words[i].words;
  return "(none)";
}

/* The focus is in @widget (an entry's focus is its inner text). */
static gboolean
holds_focus (gpointer data)
{
  GtkWidget *widget = data;
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static GtkLabel *
flag_label (GtkWidget *value)
{
  GtkGrid *grid = GTK_GRID (gtk_widget_get_parent (value));
  int line = 0;

  gtk_grid_query_child (grid, value, NULL, &line, NULL, NULL);
  return GTK_LABEL (gtk_grid_get_child_at (grid, 4, line));
}

/* The row has flagged what was typed. Its flag waits for the row's
 * patient (their sex and age pick the interval), read on its own for
 * each row: the patient of the row the test waited for is not this
 * row's. Until then a value is flagged only past a critical limit,
 * which is the same for everyone. */
static gboolean
flag_shown (gpointer data)
{
  return *gtk_label_get_text (flag_label (data)) != '\0';
}

static GtkWidget *
batch_value (GtkWidget  *page,
             const char *order_number)
{
  g_autofree char *name = g_strdup_printf ("result-value-%s", order_number);

  return ld_test_gui_wait_named (page, name);
}

typedef struct
{
  LdLab      *lab;
  const char *order_id;
  const char *value;
  const char *state;
} HbWait;

static JsonObject *
server_hb (LdLab          *lab,
           const char     *order_id,
           LdTestResponse **out_resp)
{
  *out_resp = ld_lab_get_results (lab, lab->technician, order_id);
  return ld_lab_find_result (*out_resp, "items", "HB");
}

static gboolean
server_has_hb (gpointer data)
{
  HbWait *wait = data;
  g_autoptr(LdTestResponse) resp = NULL;
  JsonObject *result = server_hb (wait->lab, wait->order_id, &resp);

  return result != NULL &&
         g_strcmp0 (ld_json_object_get_string (result, "value"), wait->value) == 0 &&
         (wait->state == NULL ||
          g_strcmp0 (ld_json_object_get_string (result, "state"), wait->state) == 0);
}

static void
wait_server_hb (LdLab      *lab,
                const char *order_id,
                const char *value,
                const char *state)
{
  HbWait wait = { lab, order_id, value, state };
  g_autofree char *what = g_strdup_printf ("the server to hold HB = %s", value);

  ld_test_gui_spin_until (server_has_hb, &wait, what);
}

static gboolean
has_waiting (gpointer data)
{
  return ld_session_get_n_waiting (data) > 0;
}

static gboolean
no_row_left (gpointer data)
{
  return gtk_widget_get_first_child (ld_test_gui_find_named (data, "batch-entry-rows")) == NULL &&
         g_strcmp0 (gtk_label_get_text (
                      GTK_LABEL (ld_test_gui_find_named (data, "batch-entry-count"))),
                    "No order is waiting for this test.") == 0;
}

static void
test_batch_entry (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("labdesk-batch-XXXXXX", NULL);
  g_autofree char *data_home = g_build_filename (tmpdir, "home", NULL);
  g_autofree char *db_path = g_build_filename (tmpdir, "labdesk.db", NULL);
  g_autofree char *uri = NULL;
  char *order_ids[N_BATCH];
  char *numbers[N_BATCH];
  char *shown[N_BATCH];
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkWidget *page;
  GtkWidget *search;
  LdLab *lab;
  /* Who each order is for, and the value typed: the same 12.5 is normal
   * for a woman, low for a man, normal for a child; 16.0 high for a
   * woman, normal for a man; critical limits for everyone. */
  static const struct
  {
    const char *patient;
    const char *value;
    const char *flag;
  } run[] = {
    { "{\"name\": \"Asha Batch\", \"sex\": \"female\", \"age_years\": 40}", "12.5", "normal" },
    { "{\"name\": \"Ravi Batch\", \"sex\": \"male\", \"age_years\": 40}", "12.5", "low" },
    { "{\"name\": \"Kabir Batch\", \"sex\": \"male\", \"age_years\": 10}", "12.5", "normal" },
    { "{\"name\": \"Meena Batch\", \"sex\": \"female\", \"age_years\": 52}", "16.0", "high" },
    { "{\"name\": \"Sunil Batch\", \"sex\": \"male\", \"age_years\": 61}", "16.0", "normal" },
    { "{\"name\": \"Tara Batch\", \"sex\": \"female\", \"age_years\": 8}", "11.0", "low" },
    { "{\"name\": \"Gita Batch\", \"sex\": \"female\", \"age_years\": 33}", "6.5", "critical_low" },
    { "{\"name\": \"Arun Batch\", \"sex\": \"male\", \"age_years\": 45}", "21.3", "critical_high" },
    { "{\"name\": \"Neha Batch\", \"sex\": \"female\", \"age_years\": 29}", "11.9", "low" },
    { "{\"name\": \"Vijay Batch\", \"sex\": \"male\", \"age_years\": 38}", "17.1", "high" },
    { "{\"name\": \"Leela Batch\", \"sex\": \"female\", \"age_years\": 70}", "15.0", "normal" },
    { "{\"name\": \"Mohan Batch\", \"sex\": \"male\", \"age_years\": 18}", "13.0", "normal" },
    { "{\"name\": \"Riya Batch\", \"sex\": \"female\", \"age_years\": 17}", "15.5", "normal" },
    { "{\"name\": \"Dev Batch\", \"sex\": \"male\", \"age_years\": 17}", "16.2", "high" },
    { "{\"name\": \"Uma Batch\", \"sex\": \"female\", \"age_years\": 44}", "7.0", "low" },
    { "{\"name\": \"Hari Batch\", \"sex\": \"male\", \"age_years\": 50}", "20.0", "high" },
    { "{\"name\": \"Sita Batch\", \"sex\": \"female\", \"age_years\": 36}", "13.4", "normal" },
    { "{\"name\": \"Ajay Batch\", \"sex\": \"male\", \"age_years\": 27}", "12.9", "low" },
    { "{\"name\": \"Puja Batch\", \"sex\": \"female\", \"age_years\": 5}", "11.5", "normal" },
    { "{\"name\": \"Omar Batch\", \"sex\": \"male\", \"age_years\": 66}", "14.2", "normal" },
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (run) == N_BATCH);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  ld_test_create_demo (db_path);
  lab = ld_lab_new_on (ld_test_server_spawn (db_path, NULL));
  uri = g_strdup (ld_test_server_get_uri (lab->server));
  for (guint i = 0; i < N_BATCH; i++)
    {
      g_autofree char *patient = ld_lab_new_patient (lab, run[i].patient);
      g_autofree char *path = NULL;
      g_autoptr(LdTestResponse) order = NULL;

      order_ids[i] = ld_lab_order_in_lab (lab, patient, "\"items\": [\"HB\"]");
      path = g_strdup_printf ("/api/v1/orders/%s", order_ids[i]);
      order = ld_test_get (lab->server, path, lab->technician);
      numbers[i] = g_strdup (ld_test_response_get_string (order, "order.number"));
    }

  gui = ld_test_gui_open (uri);
  ld_test_gui_sign_in (gui, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "laboratory");

  /* Ctrl+Shift+E; the test found by name, Enter. */
  g_assert_true (gtk_widget_activate_action (workspace, "lab.batch-entry", NULL));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_BATCH_ENTRY_PAGE);
  search = ld_test_gui_find_named (page, "batch-test-search");
  ld_test_gui_type (search, "Haemo");
  ld_test_gui_wait_text (page, "Haemoglobin (HB)");
  /* Each key starts a search of its own: Enter takes the first row, so
   * wait until the list is the last key's, with HB on top. */
  ld_test_gui_wait_first_row (ld_test_gui_child (page, LD_TYPE_BATCH_ENTRY_PAGE, "test_list"),
                              "(HB)");
  ld_test_gui_enter (search);
  g_assert_cmpstr (ld_batch_entry_page_get_test (LD_BATCH_ENTRY_PAGE (page)), ==, "HB");
  ld_test_gui_wait_text (page, "20 orders waiting for a value");
  ld_test_gui_wait_text (page, "Kabir Batch");
  ld_test_gui_wait_text (page, "Male, 10 years");

  /* The run: the focus starts in the first row; each value typed, its
   * flag read, Enter to the next. */
  for (guint i = 0; i < N_BATCH; i++)
    {
      GtkWidget *value = batch_value (page, numbers[i]);
      g_autofree char *what = g_strdup_printf ("the focus in row %u", i + 1);

      ld_test_gui_spin_until (holds_focus, value, what);
      g_object_set_data (G_OBJECT (value), "typed-here", GINT_TO_POINTER (TRUE));
      ld_test_gui_type (value, run[i].value);
      ld_test_gui_spin_until (flag_shown, value, "the flag to be shown");
      shown[i] = g_strdup (gtk_label_get_text (flag_label (value)));
      g_assert_cmpstr (shown[i], ==, words_of (run[i].flag));
      ld_test_gui_enter (value);
    }
  g_assert_true (holds_focus (ld_test_gui_find_action (page, "batch.submit")));
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "lab-batch-entry");

  /* Every draft is on the server with the flag that was shown. */
  for (guint i = 0; i < N_BATCH; i++)
    {
      g_autoptr(LdTestResponse) resp = NULL;
      JsonObject *result;

      wait_server_hb (lab, order_ids[i], run[i].value, "pending");
      result = server_hb (lab, order_ids[i], &resp);
      g_assert_cmpstr (words_of (ld_json_object_get_string (result, "flag")), ==, shown[i]);
    }

  /* The server goes away; a value changed now waits in the outbox and
   * is the server's once it is back. */
  g_clear_pointer (&lab->server, ld_test_server_free);
  {
    GtkWidget *value = batch_value (page, numbers[1]);

    gtk_widget_grab_focus (value);
    gtk_editable_set_text (GTK_EDITABLE (value), "");
    ld_test_gui_type (value, "13.6");
    g_assert_cmpstr (gtk_label_get_text (flag_label (value)), ==, "Normal");
  }
  ld_test_gui_spin_until (has_waiting, ld_context_get_session (gui->context), "a draft to wait");
  lab->server = ld_test_server_restart (db_path, uri);
  wait_server_hb (lab, order_ids[1], "13.6", "pending");

  /* Each row followed its drafts' new versions in place: the one typed
   * in is still there, with what it knows of the draft in flight. (A row
   * once left and came back new while its version was a placeholder,
   * and a Submit in that moment passed it by.) */
  for (guint i = 0; i < N_BATCH; i++)
    g_assert_nonnull (g_object_get_data (G_OBJECT (batch_value (page, numbers[i])), "typed-here"));

  /* Submit All: every value entered for verification; the rows leave. */
  g_assert_true (gtk_widget_activate_action (page, "batch.submit", NULL));
  for (guint i = 0; i < N_BATCH; i++)
    wait_server_hb (lab, order_ids[i], i == 1 ? "13.6" : run[i].value, "entered");
  ld_test_gui_spin_until (no_row_left, page, "the submitted rows to leave");

  ld_test_gui_close (gui);
  ld_lab_free (lab);
  for (guint i = 0; i < N_BATCH; i++)
    {
      g_free (order_ids[i]);
      g_free (numbers[i]);
      g_free (shown[i]);
    }
  ld_test_remove_tree (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  ld_test_gui_init (&argc, &argv);

  g_test_add_func ("/gui/lab/batch-entry", test_batch_entry);
  g_test_add_func ("/gui/lab/label-sheet", test_label_sheet);

  return g_test_run ();
}
