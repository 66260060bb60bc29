/* test-gui-instruments.c: the bench resolves what an analyzer sent, and
 * the administrator watches the analyzer, in the real window
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 34. An HL7 ORU^R01 goes over a real MLLP connection to the
 * instrument's port on the real server. Its result for an unknown
 * accession shows on the lab's Unmatched Results page (Ctrl+Shift+M),
 * which follows the change feed (a colleague's resolution and a new
 * result show with no refresh);
 * the technician picks it with the keyboard, types the real sample's
 * accession and the test, and presses Enter: the server holds a draft
 * from the instrument. Another is discarded with a reason, and one a
 * colleague resolves leaves the list by itself. The administrator's
 * Instruments section (Alt+8) shows the analyzer waiting, connected,
 * and its last message. Every control has a name a screen reader reads.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-a11y.h"
#include "ld-test-gui.h"
#include "ld-test-lab.h"
#include "ui/admin/ld-admin-instruments-page.h"
#include "ui/lab/ld-lab-order-page.h"
#include "ui/lab/ld-result-entry-page.h"
#include "ui/lab/ld-unmatched-page.h"

#define PATIENT "{\"name\": \"Asha Verma\", \"sex\": \"female\", \"age_years\": 52}"

typedef struct
{
  LdLab     *lab;
  LdTestGui *gui;
  char      *order_id;
  char      *accession;
  char      *instrument_id;
  gint64     port;
} Fixture;

static void
setup (Fixture       *fx,
       gconstpointer  data)
{
  g_autofree char *patient_id = NULL;
  g_autoptr(LdTestResponse) created = NULL;
  g_autoptr(LdTestResponse) status = NULL;
  JsonObject *item;

  fx->lab = ld_lab_new ();
  patient_id = ld_lab_new_patient (fx->lab, PATIENT);
  fx->order_id = ld_lab_order_in_lab (fx->lab, patient_id, "\"items\": [\"K\"]");
  fx->accession = ld_lab_accession_for (fx->lab, fx->order_id, "K");
  created = ld_test_send_json (fx->lab->server, "POST", "/api/v1/instruments", fx->lab->admin,
                               "{\"name\": \"Cobas c111\", \"protocol\": \"hl7\","
                               " \"address\": \"127.0.0.1\", \"port\": 0, \"codes\": ["
                               "{\"instrument_code\": \"K\", \"test_code\": \"K\"}]}");
  ld_test_assert_status (created, 201);
  fx->instrument_id = g_strdup (ld_test_response_get_string (created, "instrument.id"));
  status = ld_test_get (fx->lab->server, "/api/v1/instruments/status", fx->lab->admin);
  ld_test_assert_status (status, 200);
  item =
    json_array_get_object_element (json_object_get_array_member (ld_test_response_object (status),
                                                                 "items"),
                                   0);
  g_assert_cmpstr (json_object_get_string_member (item, "state"), ==, "listening");
  fx->port = json_object_get_int_member (item, "port");
  g_assert_cmpint (fx->port, >, 0);
  fx->gui = ld_test_gui_open (ld_test_server_get_uri (fx->lab->server));
}

static void
teardown (Fixture       *fx,
          gconstpointer  data)
{
  ld_test_gui_close (fx->gui);
  g_free (fx->order_id);
  g_free (fx->accession);
  g_free (fx->instrument_id);
  ld_lab_free (fx->lab);
}

static GSocketConnection *
connect_analyzer (Fixture *fx)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", fx->port, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 60);
  return connection;
}

/* Sends @segments (one a line) as one MLLP frame and returns the ACK. */
static char *
send_message (GSocketConnection *connection,
              const char        *control_id,
              const char        *segments)
{
  g_autoptr(GString) frame = g_string_new ("\x0b");
  g_autoptr(GString) got = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = g_strsplit (segments, "\n", -1);
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));

  g_string_append_printf (frame,
                          "MSH|^~\\&|COBAS|BENCH1|LABDESK|LAB|20261126101500||ORU^R01^ORU_R01|%s|P|"
                          "2.5.1\rPID|1||P0001\r",
                          control_id);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_string_append_printf (frame, "%s\r", lines[i]);
  g_string_append (frame, "\x1c\r");
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), frame->str,
                             frame->len, NULL, NULL, &error);
  g_assert_no_error (error);
  while (strstr (got->str, "\x1c\r") == NULL)
    {
      char buffer[1024];
      gssize n = g_input_stream_read (input, buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (got, buffer, n);
    }
  return g_string_free (g_steal_pointer (&got), FALSE);
}

/* The open unmatched result the analyzer sent under @code. */
static char *
unmatched_id (Fixture    *fx,
              const char *code)
{
  g_autoptr(LdTestResponse) resp =
               ld_test_get (fx->lab->server, "/api/v1/unmatched-results", fx->lab->technician);
  JsonArray *items;

  ld_test_assert_status (resp, 200);
  items = json_object_get_array_member (ld_test_response_object (resp), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "instrument_code"), code) == 0)
        return g_strdup (json_object_get_string_member (item, "id"));
    }
  g_assert_not_reached ();
}

typedef struct
{
  GtkWidget  *root;
  const char *name;
} Gone;

/* The window draws something now (not between two frames of a
 * transition), so that its picture can be taken. */
static gboolean
window_draws (gpointer data)
{
  GtkWidget *window = data;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (window),
                          gtk_widget_get_height (window));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  return node != NULL;
}

static void
take_screenshot (Fixture    *fx,
                 const char *name)
{
  ld_test_gui_spin_idle ();
  ld_test_gui_spin_until (window_draws, fx->gui->window, "the window to draw");
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), name);
}

static gboolean
row_gone (gpointer data)
{
  Gone *gone = data;

  return ld_test_gui_find_named (gone->root, gone->name) == NULL;
}

static gboolean
has_focus (gpointer data)
{
  GtkWidget *widget = data;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
draft_from_instrument (gpointer data)
{
  Fixture *fx = data;
  g_autoptr(LdTestResponse) results =
               ld_lab_get_results (fx->lab, fx->lab->technician, fx->order_id);
  JsonObject *potassium = ld_lab_find_result (results, "items", "K");

  return g_strcmp0 (json_object_get_string_member (potassium, "value"), "4.1") == 0 &&
         g_strcmp0 (json_object_get_string_member (potassium, "source"), "Cobas c111") == 0 &&
         g_strcmp0 (json_object_get_string_member (potassium, "state"), "pending") == 0;
}

/* The technician resolves with the keyboard what the analyzer could not
 * place; what a colleague resolves leaves the list by itself. */
static void
test_unmatched (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GSocketConnection) analyzer = connect_analyzer (fx);
  g_autofree char *answer =
    send_message (analyzer, "MSG0100",
                  "OBR|1||S99999999|||20261126101000\n"
                  "OBX|1|NM|K^Potassium||4.1|mmol/L|3.5-5.1|N|||F\n"
                  "OBR|2||S99999998|||20261126101000\n"
                  "OBX|1|NM|CRP^C-reactive protein||12|mg/L||H|||F\n"
                  "OBX|2|NM|ALB^Albumin||41|g/L||N|||F\n");
  g_autofree char *potassium_id = unmatched_id (fx, "K");
  g_autofree char *crp_id = unmatched_id (fx, "CRP");
  g_autofree char *albumin_id = unmatched_id (fx, "ALB");
  g_autofree char *path = NULL;
  g_autoptr(LdTestResponse) by_colleague = NULL;
  GtkWidget *workspace, *page, *row, *accession, *test, *reason;
  Gone gone;

  g_assert_nonnull (strstr (answer, "MSA|AA|MSG0100"));
  ld_test_gui_sign_in (fx->gui, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  workspace = ld_test_gui_workspace (fx->gui, "laboratory");

  /* Ctrl+Shift+M. */
  g_assert_true (gtk_widget_activate_action (workspace, "lab.unmatched", NULL));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_UNMATCHED_PAGE);
  row = ld_test_gui_wait_named (page, potassium_id);
  ld_test_gui_wait_named (page, crp_id);
  ld_test_gui_wait_text (page, "Cobas c111 · S99999999 · K 4.1 mmol/L");
  ld_test_gui_wait_text (page, "No sample has this accession · flags N · received ");

  /* What a screen reader reads: every control named. */
  ld_test_a11y_assert_named (page, "the unmatched results");

  /* Nothing chosen yet: nothing to attach. */
  g_assert_false (gtk_widget_is_sensitive (ld_test_gui_find_action (page, "unmatched.attach")));

  /* Enter on the row: the accession, filled in with what was sent. */
  gtk_widget_grab_focus (row);
  ld_test_gui_click (row);
  accession = ld_test_gui_find_named (page, "unmatched-accession");
  test = ld_test_gui_find_named (page, "unmatched-test");
  ld_test_gui_spin_until (has_focus, accession, "the accession focused");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (accession)), ==, "S99999999");

  /* A test not ordered on the sample: the server's reason, in words. */
  ld_test_gui_retype (accession, fx->accession);
  ld_test_gui_enter (accession);
  ld_test_gui_spin_until (has_focus, test, "the test code focused");
  ld_test_gui_retype (test, "HB");
  ld_test_gui_enter (test);
  ld_test_gui_spin_until ((LdTestGuiCondition) gtk_widget_get_visible,
                          ld_test_gui_find_named (page, "unmatched-error"), "the refusal shown");
  g_assert_nonnull (ld_test_gui_find_named (page, potassium_id));

  /* Typing again takes the refusal away. */
  ld_test_gui_retype (test, "K");
  g_assert_false (gtk_widget_get_visible (ld_test_gui_find_named (page, "unmatched-error")));
  take_screenshot (fx, "lab-unmatched");
  ld_test_gui_enter (test);
  gone = (Gone){ page, potassium_id };
  ld_test_gui_spin_until (row_gone, &gone, "the attached result to leave the list");
  ld_test_gui_spin_until (draft_from_instrument, fx, "a draft from the instrument on K");
  g_assert_false (gtk_widget_get_visible (ld_test_gui_find_named (page, "unmatched-error")));

  /* CRP is sent out: discarded with a reason. */
  row = ld_test_gui_wait_named (page, crp_id);
  ld_test_gui_click (row);
  reason = ld_test_gui_find_named (page, "unmatched-reason");
  ld_test_gui_type (reason, "CRP is sent out");
  ld_test_gui_enter (reason);
  gone = (Gone){ page, crp_id };
  ld_test_gui_spin_until (row_gone, &gone, "the discarded result to leave the list");
  g_assert_cmpint (ld_test_server_query_int (fx->lab->server,
                                             "SELECT count(*) FROM instrument_unmatched"
                                             " WHERE resolution = 'discarded'"
                                             " AND resolution_note = 'CRP is sent out'"),
                   ==, 1);

  /* A colleague discards the last one: it leaves this screen too. */
  ld_test_gui_wait_named (page, albumin_id);
  path = g_strdup_printf ("/api/v1/unmatched-results/%s/resolve", albumin_id);
  by_colleague = ld_test_send_json (fx->lab->server, "POST", path, fx->lab->admin,
                                    "{\"action\": \"discard\", \"reason\": \"Repeat run\"}");
  ld_test_assert_status (by_colleague, 200);
  gone = (Gone){ page, albumin_id };
  ld_test_gui_spin_until (row_gone, &gone, "the colleague's resolution to show");
  ld_test_gui_wait_text (page, "Every result the analyzers sent has found its sample.");

  /* The analyzer sends again while the page is shown: the change feed
   * brings the new result in, with no refresh pressed. */
  g_clear_pointer (&answer, g_free);
  answer = send_message (analyzer, "MSG0101",
                         "OBR|1||S99999997|||20261126103000\n"
                         "OBX|1|NM|K^Potassium||4.4|mmol/L|3.5-5.1|N|||F\n");
  g_assert_nonnull (strstr (answer, "MSA|AA|MSG0101"));
  ld_test_gui_wait_text (page, "Cobas c111 · S99999997 · K 4.4 mmol/L");

  /* At the bench, the attached value says where it came from. */
  g_assert_true (gtk_widget_activate_action (workspace, "lab.open-order", "s", fx->order_id));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_LAB_ORDER_PAGE);
  ld_test_gui_wait_action (page, "lab-order.enter-results");
  g_assert_true (gtk_widget_activate_action (page, "lab-order.enter-results", NULL));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_RESULT_ENTRY_PAGE);
  ld_test_gui_wait_text (page, "From Cobas c111");
}

/* The administrator sees the analyzer waiting, then connected, then its
 * last message. */
static void
test_admin_status (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GSocketConnection) analyzer = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *body = NULL;
  GtkWidget *workspace, *page;

  ld_test_gui_sign_in (fx->gui, "admin", LD_TEST_ADMIN_PASSWORD);
  workspace = ld_test_gui_workspace (fx->gui, "administration");
  /* Alt+8. */
  g_assert_true (gtk_widget_activate_action (workspace, "admin.show-section", "s", "instruments"));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_ADMIN_INSTRUMENTS_PAGE);
  ld_test_gui_wait_named (page, fx->instrument_id);
  ld_test_gui_wait_text (page, "Cobas c111 — Waiting for the analyzer");
  ld_test_gui_wait_text (page, "HL7 over MLLP on 127.0.0.1:");
  ld_test_gui_wait_text (page, "1 code mapped");
  ld_test_gui_wait_text (page, "No message yet");
  ld_test_gui_wait_text (page, "1 instrument; 0 connected now");

  analyzer = connect_analyzer (fx);
  ld_test_gui_wait_text (page, "Cobas c111 — Connected");
  ld_test_gui_wait_text (page, "1 instrument; 1 connected now");

  body = g_strdup_printf ("OBR|1||%s|||20261126101000\n"
                          "OBX|1|NM|K^Potassium||5.8|mmol/L|3.5-5.1|H~A|||F\n",
                          fx->accession);
  answer = send_message (analyzer, "MSG0200", body);
  g_assert_nonnull (strstr (answer, "MSA|AA|MSG0200"));
  ld_test_gui_wait_text (page, "MSG0200");
  ld_test_gui_wait_text (page, "Last message ");
  take_screenshot (fx, "admin-instruments");
  ld_test_a11y_assert_named (page, "the instruments");

  g_io_stream_close (G_IO_STREAM (analyzer), NULL, NULL);
  ld_test_gui_wait_text (page, "Cobas c111 — Waiting for the analyzer");
}

static gboolean
is_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static void
type_codes (GtkWidget  *page,
            const char *text)
{
  GtkTextView *view = GTK_TEXT_VIEW (ld_test_gui_find_named (page, "instrument-codes"));

  gtk_widget_grab_focus (GTK_WIDGET (view));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

static JsonObject *
find_instrument (Fixture    *fx,
                 const char *name)
{
  g_autoptr(LdTestResponse) resp =
               ld_test_get (fx->lab->server, "/api/v1/instruments", fx->lab->admin);
  JsonArray *items;

  ld_test_assert_status (resp, 200);
  items = json_object_get_array_member (ld_test_response_object (resp), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "name"), name) == 0)
        return json_object_ref (item);
    }
  return NULL;
}

/* The administrator adds an analyzer with its code map, and turns
 * another off; a line that cannot be read and a name taken are said. */
static void
test_admin_add_and_change (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(JsonObject) sysmex = NULL;
  g_autoptr(JsonObject) cobas = NULL;
  GtkWidget *workspace, *page, *name, *port, *status, *row;
  JsonObject *code;

  ld_test_gui_sign_in (fx->gui, "admin", LD_TEST_ADMIN_PASSWORD);
  workspace = ld_test_gui_workspace (fx->gui, "administration");
  g_assert_true (gtk_widget_activate_action (workspace, "admin.show-section", "s", "instruments"));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_ADMIN_INSTRUMENTS_PAGE);
  ld_test_gui_wait_text (page, "Cobas c111 — Waiting for the analyzer");
  name = ld_test_gui_find_named (page, "instrument-name");
  port = ld_test_gui_find_named (page, "instrument-port");
  status = ld_test_gui_find_named (page, "instrument-form-status");

  /* Ctrl+N, then the form. */
  g_assert_true (gtk_widget_activate_action (page, "instruments.new", NULL));
  ld_test_gui_spin_until (has_focus, name, "the name focused");
  ld_test_gui_type (name, "Sysmex XN");
  ld_test_gui_retype (port, "0");
  type_codes (page, "HGB\n");
  g_assert_true (gtk_widget_activate_action (page, "instruments.save", NULL));
  ld_test_gui_wait_text (page, "Code map line 1: write the analyzer's code, the test code, then "
                               "the unit and factor if any.");
  g_assert_null (find_instrument (fx, "Sysmex XN"));

  type_codes (page, "HGB HB g/L 0.1\n\nWBC K\n");
  /* The Sysmex speaks ASTM: the second protocol, as a click on it picks. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (ld_test_gui_find_named (page, "instrument-protocol")),
                              1);
  /* Ctrl+S. */
  g_assert_true (gtk_widget_activate_action (page, "instruments.save", NULL));
  ld_test_gui_wait_text (page, "Sysmex XN — Waiting for the analyzer");
  ld_test_gui_wait_text (page, "2 codes mapped");
  g_assert_false (gtk_widget_get_visible (status));
  sysmex = find_instrument (fx, "Sysmex XN");
  g_assert_nonnull (sysmex);
  g_assert_true (json_object_get_boolean_member (sysmex, "enabled"));
  g_assert_cmpstr (json_object_get_string_member (sysmex, "protocol"), ==, "astm");
  g_assert_cmpstr (json_object_get_string_member (sysmex, "address"), ==, "0.0.0.0");
  code = json_array_get_object_element (json_object_get_array_member (sysmex, "codes"), 0);
  g_assert_cmpstr (json_object_get_string_member (code, "instrument_code"), ==, "HGB");
  g_assert_cmpstr (json_object_get_string_member (code, "test_code"), ==, "HB");
  g_assert_cmpstr (json_object_get_string_member (code, "unit"), ==, "g/L");
  g_assert_cmpfloat (json_object_get_double_member (code, "factor"), ==, 0.1);

  /* The name is taken: the server's refusal is said at the form. */
  g_assert_true (gtk_widget_activate_action (page, "instruments.new", NULL));
  ld_test_gui_type (name, "Sysmex XN");
  g_assert_true (gtk_widget_activate_action (page, "instruments.save", NULL));
  ld_test_gui_spin_until (is_visible, status, "the refusal shown");

  /* Enter on Cobas: its settings in the form; turned off and saved. */
  row = ld_test_gui_wait_named (page, fx->instrument_id);
  ld_test_gui_click (row);
  ld_test_gui_wait_text (page, "Change Cobas c111");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "Cobas c111");
  ld_test_gui_click (ld_test_gui_find_named (page, "instrument-enabled"));
  g_assert_true (gtk_widget_activate_action (page, "instruments.save", NULL));
  ld_test_gui_wait_text (page, "Cobas c111 — Turned off");
  cobas = find_instrument (fx, "Cobas c111");
  g_assert_false (json_object_get_boolean_member (cobas, "enabled"));
  /* Changed, it keeps its own protocol. */
  g_assert_cmpstr (json_object_get_string_member (cobas, "protocol"), ==, "hl7");
  g_assert_cmpint (json_object_get_int_member (cobas, "version"), ==, 2);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (cobas, "codes")), ==, 1);
  ld_test_a11y_assert_named (page, "the instruments' form");
}

int
main (int   argc,
      char *argv[])
{
  /* Before GTK starts: the accessibility context the names are read from. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  ld_test_gui_init (&argc, &argv);

  g_test_add ("/gui/instruments/unmatched", Fixture, NULL, setup, test_unmatched, teardown);
  g_test_add ("/gui/instruments/admin-status", Fixture, NULL, setup, test_admin_status,
              teardown);
  g_test_add ("/gui/instruments/admin-add-and-change", Fixture, NULL, setup,
              test_admin_add_and_change, teardown);

  return g_test_run ();
}
