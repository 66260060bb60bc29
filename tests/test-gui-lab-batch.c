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
 */

#include "config.h"

#include <adwaita.h>

#include "ld-json.h"
#include "ld-test-client.h"
#include "ld-test-gui.h"
#include "ld-test-lab.h"
#include "ld-test-reports.h"
#include "ld-window.h"
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
  g_autofree char *out = ld_test_run_tool ("pdftoppm", "-png", "-singlefile", "-r", "200",
                                           "-f", "1", "-l", "1", "-x", x, "-y", y, "-W", w,
                                           "-H", h, pdf, stem, NULL);

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
  LdLab *lab = ld_lab_new ();
  g_autofree char *patient = ld_lab_new_patient (lab, "{\"name\": \"Kiran Sheet\", \"sex\": \"male\", "
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
  first = g_strdup_printf ("CODE-128:%s", ld_json_object_get_string (
                             json_array_get_object_element (items, 0), "accession"));
  second = g_strdup_printf ("CODE-128:%s", ld_json_object_get_string (
                              json_array_get_object_element (items, 1), "accession"));

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
  g_assert_cmpint (gtk_spin_button_get_value_as_int (
                     GTK_SPIN_BUTTON (ld_test_gui_find_named (GTK_WIDGET (dialog), "label-print-start"))),
                   ==, 5);
  respond (dialog, "_Cancel");

  ld_test_gui_close (gui);
  ld_lab_free (lab);
  ld_test_remove_tree (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  ld_test_gui_init (&argc, &argv);

  g_test_add_func ("/gui/lab/label-sheet", test_label_sheet);

  return g_test_run ();
}
