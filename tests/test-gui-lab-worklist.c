/* test-gui-lab-worklist.c: the lab bench's worklist
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Orders in every payment state are made over HTTP on the real server;
 * the technician signs in to the real window and reads the worklist's
 * tabs as a person would: each titled with its count, stat and urgent
 * orders first and said in words, and an order another desk is paid for
 * arriving on its tab while the technician looks.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-json.h"
#include "ld-test-desk-day.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-reports.h"
#include "ld-window.h"
#include "ui/lab/ld-lab-order-page.h"
#include "ui/lab/ld-lab-workspace.h"

static void
wait_title (GtkStack   *tabs,
            const char *name,
            const char *title)
{
  ld_test_gui_wait_page_title (tabs, name, title);
}

/* Every row of the tab is filled. */
static gboolean
rows_loaded (gpointer data)
{
  g_autofree char *texts = ld_test_gui_label_texts (data);

  return strstr (texts, "Loading") == NULL;
}

static GtkWidget *
show_tab (GtkWidget  *workspace,
          GtkStack   *tabs,
          const char *name)
{
  g_assert_true (gtk_widget_activate_action (workspace, "lab.show-tab", "s", name));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (tabs), ==, name);
  ld_test_gui_spin_until (rows_loaded, gtk_stack_get_visible_child (tabs), "the tab's rows");
  return gtk_stack_get_visible_child (tabs);
}

static void
assert_before (const char *texts,
               const char *first,
               const char *second)
{
  const char *a = strstr (texts, first);
  const char *b = strstr (texts, second);

  if (a == NULL || b == NULL || a > b)
    g_error ("\"%s\" is not before \"%s\" in:\n%s", first, second, texts);
}

static void
test_worklist_tabs (void)
{
  LdTestServer *server = ld_test_server_new ();
  g_autofree char *desk = ld_test_login (server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autofree char *asha = ld_test_desk_patient (server, desk, "Asha Rao", "9876543210");
  g_autofree char *vikram = ld_test_desk_patient (server, desk, "Vikram Singh", "9822012345");
  g_autofree char *meera = ld_test_desk_patient (server, desk, "Meera Iyer", "9811198111");
  g_autofree char *routine = ld_test_desk_order (server, desk, asha, "\"items\": [\"HB\"]");
  g_autofree char *stat =
    ld_test_desk_order (server, desk, vikram, "\"items\": [\"CBC\"], \"priority\": \"stat\"");
  g_autofree char *urgent =
    ld_test_desk_order (server, desk, meera, "\"items\": [\"HB\"], \"priority\": \"urgent\"");
  g_autofree char *cod = ld_test_desk_order (server, desk, meera, "\"items\": [\"CBC\"]");
  g_autofree char *failed = ld_test_desk_order (server, desk, asha, "\"items\": [\"CBC\"]");
  g_autofree char *later = ld_test_desk_order (server, desk, vikram, "\"items\": [\"HB\"]");
  g_autofree char *texts = NULL;
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkStack *tabs;
  GtkWidget *tab;

  /* The order booked first is paid last: the list is in priority order,
   * not the order of payment. */
  ld_test_desk_pay (server, desk, stat, "{\"method\": \"card\", \"reference\": \"CARD-1\"}");
  ld_test_desk_pay (server, desk, urgent, "{\"method\": \"card\", \"reference\": \"CARD-2\"}");
  ld_test_desk_pay (server, desk, routine, "{\"method\": \"card\", \"reference\": \"CARD-3\"}");
  ld_test_desk_pay (server, desk, cod, "{\"method\": \"cod\"}");
  ld_test_desk_fail_online (server, desk, failed);

  gui = ld_test_gui_open (ld_test_server_get_uri (server));
  ld_test_gui_sign_in (gui, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "laboratory");
  g_assert_true (LD_IS_LAB_WORKSPACE (workspace));
  tabs = GTK_STACK (ld_test_gui_child (workspace, LD_TYPE_LAB_WORKSPACE, "tabs"));

  /* Each tab is titled with its count; the unpaid order is on none. */
  wait_title (tabs, "ready", "Paid 3");
  wait_title (tabs, "cod", "Cash on Collection 1");
  wait_title (tabs, "processing", "Processing 0");
  wait_title (tabs, "recollection", "Recollection 0");
  wait_title (tabs, "completed", "Completed 0");
  wait_title (tabs, "failed", "Failed Payments 1");

  /* Stat first, then urgent, then routine; the priority in words. */
  tab = show_tab (workspace, tabs, "ready");
  texts = ld_test_gui_label_texts (tab);
  assert_before (texts, "STAT", "Vikram Singh");
  assert_before (texts, "Vikram Singh", "Urgent");
  assert_before (texts, "Urgent", "Meera Iyer");
  assert_before (texts, "Meera Iyer", "Asha Rao");
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "lab-worklist");
  g_assert_nonnull (strstr (texts, "CBC"));
  g_assert_nonnull (strstr (texts, "Awaiting collection"));

  /* Alt+2 and Alt+6: the other tabs, in words. */
  tab = show_tab (workspace, tabs, "cod");
  g_clear_pointer (&texts, g_free);
  texts = ld_test_gui_label_texts (tab);
  g_assert_nonnull (strstr (texts, "Meera Iyer"));
  tab = show_tab (workspace, tabs, "failed");
  g_clear_pointer (&texts, g_free);
  texts = ld_test_gui_label_texts (tab);
  g_assert_nonnull (strstr (texts, "Asha Rao"));

  /* Another desk takes the last order's money while the technician
   * looks: it arrives on the paid tab. */
  tab = show_tab (workspace, tabs, "ready");
  ld_test_desk_pay (server, desk, later, "{\"method\": \"cash\", \"tendered_paise\": 100000}");
  wait_title (tabs, "ready", "Paid 4");
  ld_test_gui_spin_until (rows_loaded, tab, "the new row");

  ld_test_gui_close (gui);
  ld_test_server_free (server);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* A cash-on-collection order scanned at the bench: its tubes by
 * container, the cash with the change, collected, its labels printed at
 * once with barcodes that decode to the accessions the server gave. */
static void
test_scan_collect_and_label (void)
{
  LdTestServer *server = ld_test_server_new ();
  g_autofree char *desk = ld_test_login (server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autofree char *meera = ld_test_desk_patient (server, desk, "Meera Iyer", "9811198111");
  g_autofree char *order_id =
    ld_test_desk_order (server, desk, meera, "\"items\": [\"CBC\", \"CREA\"]");
  g_autofree char *order_path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autofree char *samples_path = g_strdup_printf ("/api/v1/orders/%s/samples", order_id);
  g_autofree char *tmpdir = g_dir_make_tmp ("labdesk-labels-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (tmpdir, "labels.pdf", NULL);
  g_autofree char *png = NULL;
  g_autofree char *codes = NULL;
  g_autofree char *texts = NULL;
  g_autoptr(LdTestResponse) order = NULL;
  g_autoptr(LdTestResponse) samples = NULL;
  JsonArray *items;
  LdTestGui *gui;
  GtkWidget *workspace;
  GtkWidget *page;
  GtkWidget *search;
  GtkWidget *tendered;
  gint64 total;

  ld_test_desk_pay (server, desk, order_id, "{\"method\": \"cod\"}");
  order = ld_test_get (server, order_path, desk);
  total = ld_test_response_get_int (order, "order.total_paise");

  gui = ld_test_gui_open (ld_test_server_get_uri (server));
  ld_test_gui_sign_in (gui, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  workspace = ld_test_gui_workspace (gui, "laboratory");
  wait_title (GTK_STACK (ld_test_gui_child (workspace, LD_TYPE_LAB_WORKSPACE, "tabs")),
              "cod", "Cash on Collection 1");

  /* The scanner types the order number and Enter into the window. */
  search = ld_test_gui_child (GTK_WIDGET (gui->window), LD_TYPE_WINDOW, "search_entry");
  ld_test_gui_type (search, ld_test_response_get_string (order, "order.number"));
  ld_test_gui_enter (search);
  page = ld_test_gui_wait_type (workspace, LD_TYPE_LAB_ORDER_PAGE);
  ld_lab_order_page_set_export_path (LD_LAB_ORDER_PAGE (page), pdf);
  ld_test_gui_wait_text (page, "Meera Iyer");
  ld_test_gui_wait_text (page, "EDTA (lavender)");
  texts = ld_test_gui_label_texts (page);
  g_assert_nonnull (strstr (texts, "serum separator (gold)"));
  g_assert_nonnull (strstr (texts, "Cash on collection · Awaiting collection"));

  /* The cash, with the change said as it is typed. */
  tendered = ld_test_gui_find_named (page, "lab-order-tendered");
  ld_test_gui_type (tendered, "100");
  ld_test_gui_wait_text (page, "Less than the ₹");
  gtk_editable_set_text (GTK_EDITABLE (tendered), "");
  {
    g_autofree char *cash = g_strdup_printf ("%" G_GINT64_FORMAT, total / 100 + 100);

    ld_test_gui_type (tendered, cash);
  }
  ld_test_gui_wait_text (page, "Give ₹100.00 change.");
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "lab-collect");

  /* Ctrl+Return collects; the labels print at once. */
  g_assert_true (gtk_widget_activate_action (page, "lab-order.collect", NULL));
  ld_test_gui_spin_until (file_exists, pdf, "the labels PDF");
  ld_test_gui_wait_text (page, "Collected");
  ld_test_gui_screenshot (GTK_WIDGET (gui->window), "lab-collected");

  /* On the server: collected, the cash taken once, two tubes. */
  g_clear_pointer (&order, ld_test_response_free);
  order = ld_test_get (server, order_path, desk);
  g_assert_cmpstr (ld_test_response_get_string (order, "order.lab_state"), ==, "collected");
  g_assert_cmpstr (ld_test_response_get_string (order, "order.payment_state"), ==, "paid");
  samples = ld_test_get (server, samples_path, desk);
  items = json_object_get_array_member (ld_test_response_object (samples), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);

  /* Every label's barcode reads back as its tube's accession. */
  png = ld_test_pdf_to_png (pdf, 1, 300);
  codes = ld_test_scan_codes (png);
  {
    g_autofree char *first =
      g_strdup_printf ("CODE-128:%s",
                       ld_json_object_get_string (json_array_get_object_element (items, 0),
                                                  "accession"));

    g_assert_nonnull (strstr (codes, first));
  }
  g_clear_pointer (&png, g_free);
  g_clear_pointer (&codes, g_free);
  png = ld_test_pdf_to_png (pdf, 2, 300);
  codes = ld_test_scan_codes (png);
  {
    g_autofree char *second =
      g_strdup_printf ("CODE-128:%s",
                       ld_json_object_get_string (json_array_get_object_element (items, 1),
                                                  "accession"));

    g_assert_nonnull (strstr (codes, second));
  }

  /* Escape: back on the worklist, the order under processing. */
  g_assert_true (gtk_widget_activate_action (workspace, "lab.back", NULL));
  g_assert_null (ld_test_gui_find_type (workspace, LD_TYPE_LAB_ORDER_PAGE));
  wait_title (GTK_STACK (ld_test_gui_child (workspace, LD_TYPE_LAB_WORKSPACE, "tabs")),
              "processing", "Processing 1");

  /* Another technician rejects a tube and asks for a new one: the order
   * moves to the recollection tab, in this window too. */
  {
    g_autofree char *technician = ld_test_login (server, "technician", LD_TEST_TECHNICIAN_PASSWORD);
    JsonObject      *sample = json_array_get_object_element (items, 1);
    g_autofree char *path =
      g_strdup_printf ("/api/v1/samples/%s/custody", ld_json_object_get_string (sample, "id"));
    g_autofree char *body =
      g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"event\": \"rejected\","
                       " \"reason\": \"haemolysed\", \"recollect\": true}",
                       json_object_get_int_member (sample, "version"));
    g_autoptr(LdTestResponse) rejected =
                 ld_test_send_json (server, "POST", path, technician, body);
    GtkStack *tabs = GTK_STACK (ld_test_gui_child (workspace, LD_TYPE_LAB_WORKSPACE, "tabs"));

    ld_test_assert_status (rejected, 200);
    wait_title (tabs, "recollection", "Recollection 1");
    wait_title (tabs, "processing", "Processing 0");
  }

  ld_test_gui_close (gui);
  ld_test_server_free (server);
  ld_test_remove_tree (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("labdesk-lab-worklist-XXXXXX", NULL);
  int status;

  /* The window keeps its cache in the user's data folder, named after the
   * server's address: a cache left there by another run on the same port
   * must not be this run's. */
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  ld_test_gui_init (&argc, &argv);

  g_test_add_func ("/gui/lab/worklist-tabs", test_worklist_tabs);
  g_test_add_func ("/gui/lab/scan-collect-and-label", test_scan_collect_and_label);

  status = g_test_run ();
  ld_test_remove_tree (data_home);
  return status;
}
