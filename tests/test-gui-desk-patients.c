/* test-gui-desk-patients.c: the front desk finds, registers, opens and
 * edits patients, in the real window against the real server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "ld-test-a11y.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-orders.h"
#include "ld-test-server.h"
#include "store/ld-cache.h"
#include "store/ld-outbox.h"
#include "ui/desk/ld-desk-workspace.h"
#include "ui/common/ld-patient-dialog.h"
#include "ui/common/ld-patient-form.h"
#include "ui/desk/ld-patient-page.h"
#include "ui/desk/ld-patient-search-page.h"
#include "ui/ld-window.h"

typedef struct
{
  /* The server, an admin's and a receptionist's tokens, and Asha Rao. */
  LdOrderFixture  orders;
  LdTestGui      *gui;
  GtkWidget      *desk;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  ld_order_fixture_setup (&fx->orders, data);
  fx->gui = ld_test_gui_open (ld_test_server_get_uri (fx->orders.server));
  ld_test_gui_sign_in (fx->gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  fx->desk = ld_test_gui_workspace (fx->gui, "front-desk");
  g_assert_true (LD_IS_DESK_WORKSPACE (fx->desk));
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ld_test_gui_close (fx->gui);
  ld_order_fixture_teardown (&fx->orders, data);
}

/* Registers a patient over HTTP, as another desk would; returns its id. */
static char *
register_over_http (Fixture    *fx,
                    const char *json)
{
  g_autoptr(LdTestResponse) resp = ld_test_send_json (fx->orders.server, "POST",
                                                       "/api/v1/patients", fx->orders.admin, json);

  ld_test_assert_status (resp, 201);
  return g_strdup (ld_test_response_get_string (resp, "patient.id"));
}

typedef struct
{
  gboolean done;
  gboolean found;
} CacheRead;

static void
on_cache_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CacheRead *read = user_data;
  g_autoptr(JsonNode) record = ld_cache_get_record_finish (LD_CACHE (source), result, NULL);

  read->found = record != NULL;
  read->done = TRUE;
}

static gboolean
cache_read_done (gpointer data)
{
  return ((CacheRead *) data)->done;
}

static gboolean
desk_has_patient (gpointer data)
{
  gpointer *args = data;
  LdTestGui *gui = args[0];
  LdCache *cache = ld_session_get_cache (ld_context_get_session (gui->context));
  CacheRead read = { FALSE, FALSE };

  ld_cache_get_record_async (cache, "patient", args[1], NULL, on_cache_read_cb, &read);
  ld_test_gui_spin_until (cache_read_done, &read, "a read of the desk's cache");
  return read.found;
}

/* Waits until the desk's own copy has the patient another desk just
 * registered: a clerk searches for a patient once they exist there. */
static void
wait_cached (Fixture    *fx,
             const char *id)
{
  gpointer args[] = { fx->gui, (gpointer) id };

  ld_test_gui_spin_until (desk_has_patient, args, "the patient in the desk's cache");
}

static LdTestResponse *
get_patient (Fixture    *fx,
             const char *id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/patients/%s", id);
  LdTestResponse *resp = ld_test_get (fx->orders.server, path, fx->orders.admin);

  ld_test_assert_status (resp, 200);
  return resp;
}

/* How many patients the server finds for @query (URI-escaped here). */
static guint
server_count (Fixture    *fx,
              const char *query)
{
  g_autofree char *escaped = g_uri_escape_string (query, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/patients?q=%s", escaped);
  g_autoptr(LdTestResponse) resp = ld_test_get (fx->orders.server, path, fx->orders.admin);
  JsonObject *object;

  ld_test_assert_status (resp, 200);
  object = ld_test_response_object (resp);
  return json_array_get_length (json_object_get_array_member (object, "items"));
}

static GtkWidget *
search_entry (Fixture *fx)
{
  return ld_test_gui_child (GTK_WIDGET (fx->gui->window), LD_TYPE_WINDOW, "search_entry");
}

static GtkWidget *
search_page (Fixture *fx)
{
  GtkWidget *page = ld_test_gui_find_type (fx->desk, LD_TYPE_PATIENT_SEARCH_PAGE);

  g_assert_nonnull (page);
  return page;
}

static void
search_for (Fixture    *fx,
            const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (search_entry (fx)), "");
  ld_test_gui_type (search_entry (fx), text);
}

static gboolean
focus_in_results (gpointer data)
{
  Fixture   *fx = data;
  GtkWidget *view =
    ld_test_gui_child (search_page (fx), LD_TYPE_PATIENT_SEARCH_PAGE, "results_view");
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fx->gui->window));

  return focus != NULL && (focus == view || gtk_widget_is_ancestor (focus, view));
}

static void
press_down_in_search (Fixture *fx)
{
  const char *argv[] = { "xdotool", "key", "--clearmodifiers", "Down", NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  gtk_widget_grab_focus (search_entry (fx));
  g_assert_false (focus_in_results (fx));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  ld_test_gui_spin_until (focus_in_results, fx, "the focus in the list of patients");
}

/* A name in Devanagari and one in Latin letters, typed into the window's
 * search entry, list their patients from the cache. */
static void
test_search_by_name_in_any_script (Fixture       *fx,
                                   gconstpointer  data)
{
  g_autofree char *priya = register_over_http (fx, "{\"name\": \"प्रिया शर्मा\", \"sex\": \"female\","
                                                   " \"date_of_birth\": \"1992-01-09\","
                                                   " \"phone\": \"98450 44444\"}");
  g_autofree char *texts = NULL;

  wait_cached (fx, priya);
  search_for (fx, "प्रि");
  ld_test_gui_wait_text (search_page (fx), "प्रिया शर्मा");
  texts = ld_test_gui_label_texts (search_page (fx));
  g_assert_null (strstr (texts, "Asha Rao"));
  g_clear_pointer (&texts, g_free);

  search_for (fx, "asha");
  ld_test_gui_wait_text (search_page (fx), "Asha Rao");
  texts = ld_test_gui_label_texts (search_page (fx));
  g_assert_null (strstr (texts, "प्रिया"));
  g_assert_nonnull (strstr (texts, "Female"));

  /* A phone number finds the patient too. */
  search_for (fx, "98450 44");
  ld_test_gui_wait_text (search_page (fx), "प्रिया शर्मा");

  /* Down, a real key pressed in the search entry, moves into the list. */
  press_down_in_search (fx);
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), "desk-search");
}

/* The dialog open now, watched from the start: it may close before the
 * test next looks. */
static gpointer shown_dialog;

static GtkWindow *
open_dialog (Fixture    *fx,
             GtkWidget  *from,
             const char *action,
             const char *id)
{
  GtkWindow *dialog;

  if (id != NULL)
    g_assert_true (gtk_widget_activate_action (from, action, "s", id));
  else
    g_assert_true (gtk_widget_activate_action (from, action, NULL));
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (fx->gui->window), LD_TYPE_PATIENT_DIALOG);
  g_assert_null (shown_dialog);
  shown_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &shown_dialog);
  return dialog;
}

static GtkWidget *
form_row (GtkWindow  *dialog,
          const char *row)
{
  GtkWidget *form = ld_test_gui_child (GTK_WIDGET (dialog), LD_TYPE_PATIENT_DIALOG, "form");

  return ld_test_gui_child (form, LD_TYPE_PATIENT_FORM, row);
}

typedef struct
{
  GtkWindow  *dialog;
  const char *page;
} PageShown;

static gboolean
page_is_shown (gpointer data)
{
  PageShown *shown = data;
  GtkStack  *pages =
    GTK_STACK (ld_test_gui_child (GTK_WIDGET (shown->dialog), LD_TYPE_PATIENT_DIALOG, "pages"));

  return g_strcmp0 (gtk_stack_get_visible_child_name (pages), shown->page) == 0;
}

static void
wait_page (GtkWindow  *dialog,
           const char *page)
{
  PageShown shown = { dialog, page };

  ld_test_gui_spin_until (page_is_shown, &shown, page);
}

static gboolean
object_is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
wait_closed (GtkWindow *dialog)
{
  g_assert_true (shown_dialog == NULL || shown_dialog == (gpointer) dialog);
  ld_test_gui_spin_until (object_is_gone, &shown_dialog, "the dialog to close");
}

static gboolean
patient_page_on_top (gpointer data)
{
  return LD_IS_PATIENT_PAGE (ld_desk_workspace_get_top (LD_DESK_WORKSPACE (data)));
}

static gboolean
slide_done (gpointer data)
{
  GtkWidget *navigation = ld_test_gui_child (data, LD_TYPE_DESK_WORKSPACE, "navigation");

  /* The page stack's own GtkStack slides the pages. */
  return !gtk_stack_get_transition_running (GTK_STACK (adw_bin_get_child (ADW_BIN (navigation))));
}

static LdPatientPage *
wait_patient_page (Fixture *fx)
{
  ld_test_gui_spin_until (patient_page_on_top, fx->desk, "the patient's page");
  return LD_PATIENT_PAGE (ld_desk_workspace_get_top (LD_DESK_WORKSPACE (fx->desk)));
}

/* A phone number already on file: the desk is offered the patient who
 * has it, chooses to register anyway, and the server has the new
 * patient once. */
static void
test_register_offers_duplicate (Fixture       *fx,
                                gconstpointer  data)
{
  g_autofree char *ravi = register_over_http (fx, "{\"name\": \"Ravi Verma\", \"sex\": \"male\","
                                                  " \"date_of_birth\": \"1979-05-02\","
                                                  " \"phone\": \"+91 98450 55555\"}");
  g_autoptr(LdTestResponse) existing = get_patient (fx, ravi);
  GtkWindow *dialog = open_dialog (fx, fx->desk, "desk.register", NULL);
  LdPatientPage *page;

  ld_test_gui_type (form_row (dialog, "name_row"), "Ravi K. Verma");
  adw_combo_row_set_selected (ADW_COMBO_ROW (form_row (dialog, "sex_row")), 2);
  ld_test_gui_type (form_row (dialog, "date_of_birth_row"), "1980-02-03");
  ld_test_gui_type (form_row (dialog, "phone_row"), "098450 55555");
  ld_test_gui_type (form_row (dialog, "email_row"), "ravi.k@example.com");
  ld_test_gui_screenshot (GTK_WIDGET (dialog), "desk-register");
  ld_test_gui_enter (form_row (dialog, "phone_row"));

  wait_page (dialog, "duplicates");
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "Ravi Verma");
  ld_test_gui_wait_text (GTK_WIDGET (dialog),
                         ld_test_response_get_string (existing, "patient.mrn"));
  g_assert_nonnull (ld_test_gui_find_action (GTK_WIDGET (dialog), "patient-dialog.use-patient"));
  ld_test_gui_screenshot (GTK_WIDGET (dialog), "desk-duplicate");
  ld_test_a11y_assert_named (GTK_WIDGET (dialog),
                             "the register dialog's offer of a patient on file");
  /* Nothing was registered while the desk decides. */
  g_assert_cmpuint (server_count (fx, "ravi k verma"), ==, 0);

  ld_test_gui_click (
    ld_test_gui_find_action (GTK_WIDGET (dialog), "patient-dialog.register-anyway"));
  wait_closed (dialog);
  page = wait_patient_page (fx);
  ld_test_gui_wait_text (GTK_WIDGET (page), "Ravi K. Verma");

  g_assert_cmpuint (server_count (fx, "ravi k verma"), ==, 1);
  g_assert_cmpuint (server_count (fx, "98450 55555"), ==, 2);
  {
    g_autoptr(LdTestResponse) mine = get_patient (fx, ld_patient_page_get_patient_id (page));

    g_assert_cmpstr (ld_test_response_get_string (mine, "patient.name"), ==, "Ravi K. Verma");
    g_assert_cmpstr (ld_test_response_get_string (mine, "patient.email"), ==, "ravi.k@example.com");
    /* The page follows the server: the MRN it gave comes in. */
    ld_test_gui_wait_text (GTK_WIDGET (page), ld_test_response_get_string (mine, "patient.mrn"));
  }
}

/* Whether the window shows a text holding @text (a toast is a label). */
static gboolean
window_says (LdTestGui  *gui,
             const char *text)
{
  g_autofree char *texts = ld_test_gui_label_texts (GTK_WIDGET (gui->window));

  return strstr (texts, text) != NULL;
}

static gboolean
duplicate_toast_gone (gpointer data)
{
  return !window_says (data, "may already be registered");
}

/* "Use this patient" opens the one on file and registers nobody. The
 * window's toast says what the server's answer was (a likely duplicate,
 * not someone else's change) and goes once the desk has chosen, so the
 * next message is not kept behind it (issue 35, item 7). */
static void
test_register_uses_existing (Fixture       *fx,
                             gconstpointer  data)
{
  GtkWindow *dialog = open_dialog (fx, fx->desk, "desk.register", NULL);
  LdPatientPage *page;

  ld_test_gui_type (form_row (dialog, "name_row"), "Asha  rao");
  adw_combo_row_set_selected (ADW_COMBO_ROW (form_row (dialog, "sex_row")), 1);
  ld_test_gui_type (form_row (dialog, "date_of_birth_row"), "1984-03-21");
  ld_test_gui_enter (form_row (dialog, "date_of_birth_row"));

  wait_page (dialog, "duplicates");
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "Asha Rao");
  ld_test_gui_wait_text (GTK_WIDGET (fx->gui->window),
                         "This patient may already be registered: Register a patient");
  g_assert_false (window_says (fx->gui, "Someone else changed this first"));
  ld_test_gui_click (ld_test_gui_find_action (GTK_WIDGET (dialog), "patient-dialog.use-patient"));
  wait_closed (dialog);
  page = wait_patient_page (fx);
  ld_test_gui_spin_until (duplicate_toast_gone, fx->gui, "the duplicate's toast to go");
  gtk_widget_activate_action (GTK_WIDGET (page), "win.toast", "s", "The next message");
  ld_test_gui_wait_text (GTK_WIDGET (fx->gui->window), "The next message");
  g_assert_false (window_says (fx->gui, "Someone else changed this first"));
  g_assert_cmpstr (ld_patient_page_get_patient_id (page), ==, fx->orders.patient_id);
  g_assert_cmpuint (server_count (fx, "asha rao"), ==, 1);
  g_assert_cmpint (ld_test_server_query_int (fx->orders.server, "SELECT count(*) FROM patients"),
                   ==, 1);
}

/* A date of birth in the future is said beside its field as it is
 * typed, Register cannot be pressed, and nothing reaches the server. */
static void
test_register_invalid_field (Fixture       *fx,
                             gconstpointer  data)
{
  GtkWindow *dialog = open_dialog (fx, fx->desk, "desk.register", NULL);
  GtkWidget *submit =
    ld_test_gui_child (GTK_WIDGET (dialog), LD_TYPE_PATIENT_DIALOG, "submit_button");
  GtkWidget       *dob = form_row (dialog, "date_of_birth_row");
  g_autofree char *texts = NULL;

  /* Empty, the form says what it needs first. */
  g_assert_false (gtk_widget_is_sensitive (submit));
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "Enter the patient’s name.");

  ld_test_gui_type (form_row (dialog, "name_row"), "Meera Nair");
  adw_combo_row_set_selected (ADW_COMBO_ROW (form_row (dialog, "sex_row")), 1);
  ld_test_gui_type (form_row (dialog, "phone_row"), "98450 66666");
  ld_test_gui_type (dob, "2099-01-01");

  ld_test_gui_wait_text (dob, "is in the future");
  g_assert_true (gtk_widget_has_css_class (dob, "error"));
  g_assert_false (gtk_widget_is_sensitive (submit));
  texts = ld_test_gui_label_texts (form_row (dialog, "phone_row"));
  g_assert_null (strstr (texts, "must"));
  ld_test_gui_screenshot (GTK_WIDGET (dialog), "desk-register-invalid");

  /* Enter does not send it either. */
  ld_test_gui_enter (dob);
  ld_test_gui_spin_idle ();
  g_assert_true (page_is_shown (&(PageShown){ dialog, "form" }));

  /* Corrected, the error goes and the button can be pressed. */
  gtk_editable_set_text (GTK_EDITABLE (dob), "");
  ld_test_gui_type (dob, "1991-07-30");
  g_assert_true (gtk_widget_is_sensitive (submit));
  g_assert_false (gtk_widget_has_css_class (dob, "error"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "patient-dialog.cancel", NULL));
  wait_closed (dialog);
  g_assert_cmpuint (server_count (fx, "meera"), ==, 0);
  g_assert_cmpint (ld_test_server_query_int (fx->orders.server, "SELECT count(*) FROM patients"),
                   ==, 1);
}

static void
patch_over_http (Fixture    *fx,
                 const char *id,
                 const char *json)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/patients/%s", id);
  g_autoptr(LdTestResponse) resp =
               ld_test_send_json (fx->orders.server, "PATCH", path, fx->orders.admin, json);

  ld_test_assert_status (resp, 200);
}

/* An MRN typed (or scanned) with Enter opens the patient's page with
 * their details and orders. */
static void
test_open_patient_with_enter (Fixture       *fx,
                              gconstpointer  data)
{
  g_autofree char *id =
    register_over_http (fx, "{\"name\": \"Kavya Iyer\", \"sex\": \"female\","
                            " \"age_years\": 41, \"phone\": \"+91 98450 77777\","
                            " \"email\": \"kavya@example.com\","
                            " \"address\": \"7 Temple Street, Pune\","
                            " \"national_id\": \"ABHA-1234-5678\"}");
  g_autoptr(LdTestResponse) patient = get_patient (fx, id);
  const char      *mrn = ld_test_response_get_string (patient, "patient.mrn");
  g_autofree char *body =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"HB\", \"LIPID\"]}", id);
  g_autoptr(LdTestResponse) order = ld_test_send_json (fx->orders.server, "POST", "/api/v1/orders",
                                                        fx->orders.desk, body);
  LdPatientPage *page;

  ld_test_assert_status (order, 201);
  wait_cached (fx, id);
  search_for (fx, mrn);
  ld_test_gui_wait_text (search_page (fx), "Kavya Iyer");
  ld_test_gui_enter (search_entry (fx));

  page = wait_patient_page (fx);
  g_assert_cmpstr (ld_patient_page_get_patient_id (page), ==, id);
  ld_test_gui_wait_text (GTK_WIDGET (page), "Kavya Iyer");
  ld_test_gui_wait_text (GTK_WIDGET (page), mrn);
  ld_test_gui_wait_text (GTK_WIDGET (page), "Female, 41 years (no date of birth)");
  /* Typed "+91 98450 77777": shown in the lab's one format. */
  ld_test_gui_wait_text (GTK_WIDGET (page), "\n98450 77777\n");
  ld_test_gui_wait_text (GTK_WIDGET (page), "kavya@example.com");
  ld_test_gui_wait_text (GTK_WIDGET (page), "7 Temple Street, Pune");
  ld_test_gui_wait_text (GTK_WIDGET (page), "ABHA-1234-5678");
  ld_test_gui_wait_text (GTK_WIDGET (page), ld_test_response_get_string (order, "order.number"));
  ld_test_gui_wait_text (GTK_WIDGET (page), "Not paid · Awaiting collection");
  g_assert_nonnull (ld_test_gui_find_action (GTK_WIDGET (page), "patient-page.edit"));
  g_assert_nonnull (ld_test_gui_find_action (GTK_WIDGET (page), "patient-page.book"));
  ld_test_gui_spin_until (slide_done, fx->desk, "the page to slide in");
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), "desk-patient");

  /* Live: another desk's edit shows without a refresh. */
  patch_over_http (fx, id, "{\"version\": 1, \"address\": \"9 Lake Road, Pune\"}");
  ld_test_gui_wait_text (GTK_WIDGET (page), "9 Lake Road, Pune");

  /* Escape goes back to the search. */
  g_assert_true (gtk_widget_activate_action (fx->desk, "desk.back", NULL));
  g_assert_null (ld_desk_workspace_get_top (LD_DESK_WORKSPACE (fx->desk)));
}

typedef struct
{
  GtkWidget  *editable;
  const char *text;
} HasText;

static gboolean
has_text (gpointer data)
{
  HasText *has = data;

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (has->editable)), has->text) == 0;
}

/* Opens the edit of the patient shown, with Ctrl+E's action, and waits
 * for the form to hold the record. */
static GtkWindow *
edit_patient (Fixture       *fx,
              LdPatientPage *page,
              const char    *name)
{
  GtkWindow *dialog = open_dialog (fx, GTK_WIDGET (page), "patient-page.edit", NULL);
  HasText has = { form_row (dialog, "name_row"), name };

  ld_test_gui_spin_until (has_text, &has, "the form filled in");
  return dialog;
}

static void
retype (GtkWidget  *row,
        const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  ld_test_gui_type (row, text);
}

static gboolean
page_has_nothing_waiting (gpointer data)
{
  GtkWidget *label = ld_test_gui_child (data, LD_TYPE_PATIENT_PAGE, "state_label");

  return !gtk_widget_get_visible (label);
}

/* Another user edits the patient while the desk does: the desk sees the
 * record as it is now beside its edit, applies its edit over it once,
 * and keeps the server's the second time. */
static void
test_edit_conflict_both_ways (Fixture       *fx,
                              gconstpointer  data)
{
  const char *id = fx->orders.patient_id;
  LdPatientPage *page;
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (fx->desk, "desk.open-patient", "s", id));
  page = wait_patient_page (fx);
  ld_test_gui_wait_text (GTK_WIDGET (page), "Asha Rao");

  /* First: apply my edit over theirs. */
  dialog = edit_patient (fx, page, "Asha Rao");
  retype (form_row (dialog, "address_row"), "12 MG Road, Pune");
  patch_over_http (fx, id, "{\"version\": 1, \"phone\": \"+91 90000 11111\"}");
  ld_test_gui_enter (form_row (dialog, "address_row"));

  wait_page (dialog, "conflict");
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "+91 90000 11111");
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "12 MG Road, Pune");
  ld_test_gui_screenshot (GTK_WIDGET (dialog), "desk-edit-conflict");
  ld_test_gui_click (ld_test_gui_find_action (GTK_WIDGET (dialog), "patient-dialog.apply-mine"));
  wait_closed (dialog);
  {
    g_autoptr(LdTestResponse) resp = get_patient (fx, id);

    g_assert_cmpint (ld_test_response_get_int (resp, "patient.version"), ==, 3);
    g_assert_cmpstr (ld_test_response_get_string (resp, "patient.address"), ==, "12 MG Road, Pune");
    g_assert_cmpstr (ld_test_response_get_string (resp, "patient.phone"), ==, "+91 90000 11111");
  }
  ld_test_gui_wait_text (GTK_WIDGET (page), "12 MG Road, Pune");
  ld_test_gui_wait_text (GTK_WIDGET (page), "\n90000 11111\n");

  /* Second: keep the record as it is now. */
  dialog = edit_patient (fx, page, "Asha Rao");
  {
    HasText has = { form_row (dialog, "address_row"), "12 MG Road, Pune" };

    ld_test_gui_spin_until (has_text, &has, "the form to hold version 3");
  }
  retype (form_row (dialog, "address_row"), "99 Other Street");
  patch_over_http (fx, id, "{\"version\": 3, \"email\": \"asha@example.com\"}");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "patient-dialog.submit", NULL));

  wait_page (dialog, "conflict");
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "asha@example.com");
  ld_test_gui_click (ld_test_gui_find_action (GTK_WIDGET (dialog), "patient-dialog.keep-current"));
  wait_closed (dialog);
  {
    g_autoptr(LdTestResponse) resp = get_patient (fx, id);

    g_assert_cmpint (ld_test_response_get_int (resp, "patient.version"), ==, 4);
    g_assert_cmpstr (ld_test_response_get_string (resp, "patient.address"), ==, "12 MG Road, Pune");
    g_assert_cmpstr (ld_test_response_get_string (resp, "patient.email"), ==, "asha@example.com");
  }
  /* The dropped edit left nothing behind in the outbox. */
  ld_test_gui_wait_text (GTK_WIDGET (page), "asha@example.com");
  ld_test_gui_spin_until (page_has_nothing_waiting, page, "nothing waiting for the patient");
  g_assert_cmpint (ld_test_server_query_int (fx->orders.server, "SELECT count(*) FROM audit_events"
                                                                " WHERE action = 'patient.update'"),
                   ==, 3);
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_discarded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_outbox_discard_finish (LD_OUTBOX (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
outbox_offline (gpointer data)
{
  Fixture *fx = data;
  LdSession *session = ld_context_get_session (fx->gui->context);

  return !ld_outbox_get_online (ld_session_get_outbox (session));
}

/* With the server away, a registration is checked against this
 * computer's patients (one shares the phone: the desk registers anyway)
 * and kept here: the dialog closes, the patient's page opens marked as
 * waiting, and the search lists them as waiting to be sent. */
static void
test_register_offline (Fixture       *fx,
                       gconstpointer  data)
{
  LdSession       *session = ld_context_get_session (fx->gui->context);
  GtkWindow       *dialog;
  LdPatientPage   *page;
  g_autofree char *sunil =
    register_over_http (fx, "{\"name\": \"Sunil Rao\", \"sex\": \"male\","
                            " \"age_years\": 55, \"phone\": \"98450 88888\"}");
  g_autoptr(GPtrArray) entries = NULL;
  gboolean discarded = FALSE;
  JsonNode *params;

  wait_cached (fx, sunil);
  search_for (fx, "98450 888");
  ld_test_gui_wait_text (search_page (fx), "Sunil Rao");
  g_clear_pointer (&fx->orders.server, ld_test_server_free);
  ld_test_gui_spin_until (outbox_offline, fx, "the desk to see the server gone");

  dialog = open_dialog (fx, fx->desk, "desk.register", NULL);
  ld_test_gui_type (form_row (dialog, "name_row"), "Sunita Rao");
  adw_combo_row_set_selected (ADW_COMBO_ROW (form_row (dialog, "sex_row")), 1);
  ld_test_gui_type (form_row (dialog, "age_row"), "52");
  ld_test_gui_type (form_row (dialog, "phone_row"), "98450 88888");
  ld_test_gui_enter (form_row (dialog, "phone_row"));

  wait_page (dialog, "duplicates");
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "Sunil Rao");
  ld_test_gui_click (
    ld_test_gui_find_action (GTK_WIDGET (dialog), "patient-dialog.register-anyway"));
  wait_closed (dialog);
  /* The dialog is a window of its own, outside the main window's
   * actions: its toast still reaches the main window (win.toast on the
   * page that opened it). Offline, no refusal's toast (which stays until
   * dismissed, and queues every later one behind it) is in the way. */
  ld_test_gui_wait_text (GTK_WIDGET (fx->gui->window),
                         "Saved on this computer; it will be sent when the server can be reached.");

  page = wait_patient_page (fx);
  ld_test_gui_wait_text (GTK_WIDGET (page), "Sunita Rao");
  ld_test_gui_wait_text (GTK_WIDGET (page), "Waiting to be sent");
  ld_test_gui_wait_text (GTK_WIDGET (page), "Female, 52 years (no date of birth)");
  g_assert_cmpuint (ld_outbox_get_n_waiting (ld_session_get_outbox (session)), ==, 1);
  entries = ld_outbox_find_entries (ld_session_get_outbox (session), "patient",
                                    ld_patient_page_get_patient_id (page));
  g_assert_cmpuint (entries->len, ==, 1);
  params = ld_outbox_entry_get_params (g_ptr_array_index (entries, 0));
  g_assert_true (json_object_get_boolean_member (json_node_get_object (params), "allow_duplicate"));

  search_for (fx, "sunita");
  ld_test_gui_wait_text (search_page (fx), "waiting to be sent");

  /* Leave no registration waiting for a server this run will not see. */
  ld_outbox_discard_async (ld_session_get_outbox (session), g_ptr_array_index (entries, 0), NULL,
                           on_discarded_cb, &discarded);
  ld_test_gui_spin_until (is_true, &discarded, "the entry to be discarded");
  g_assert_cmpuint (ld_outbox_get_n_waiting (ld_session_get_outbox (session)), ==, 0);
}

/* The name label of the row showing @name in the list, or NULL. */
static GtkWidget *
row_label_showing (Fixture    *fx,
                   const char *name)
{
  GtkWidget *view =
    ld_test_gui_child (search_page (fx), LD_TYPE_PATIENT_SEARCH_PAGE, "results_view");

  for (GtkWidget *row = gtk_widget_get_first_child (view); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_widget_get_first_child (row);
      GtkWidget *label = box ? gtk_widget_get_first_child (box) : NULL;

      if (GTK_IS_LABEL (label) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), name) == 0)
        return label;
    }
  return NULL;
}

static gboolean
kavya_gone (gpointer data)
{
  return row_label_showing (data, "Kavya Nair") == NULL;
}

/* A letter typed keeps the rows on screen and refills them: the list is
 * switched to the new text in place, not built again (GTK 4.8 built the
 * two hundred row widgets it keeps anew for every new list). */
static void
test_search_keeps_rows (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *kavita = register_over_http (fx, "{\"name\": \"Kavita Joshi\","
                                                    " \"sex\": \"female\", \"age_years\": 41}");
  g_autofree char *kavya = register_over_http (fx, "{\"name\": \"Kavya Nair\","
                                                   " \"sex\": \"female\", \"age_years\": 23}");
  GtkWidget *label;

  wait_cached (fx, kavita);
  wait_cached (fx, kavya);
  search_for (fx, "kav");
  ld_test_gui_wait_text (search_page (fx), "Kavya Nair");
  ld_test_gui_wait_text (search_page (fx), "Kavita Joshi");
  label = row_label_showing (fx, "Kavita Joshi");
  g_assert_nonnull (label);
  g_object_add_weak_pointer (G_OBJECT (label), (gpointer *) &label);

  ld_test_gui_type (search_entry (fx), "i");
  ld_test_gui_spin_until (kavya_gone, fx, "Kavya Nair gone from the list");
  ld_test_gui_wait_text (search_page (fx), "Kavita Joshi");
  g_assert_nonnull (label);
  g_assert_true (label == row_label_showing (fx, "Kavita Joshi"));
  g_object_remove_weak_pointer (G_OBJECT (label), (gpointer *) &label);
}

int
main (int   argc,
      char *argv[])
{
  /* The in-memory accessibility backend, so that the names a screen
   * reader would read can be checked (test-a11y's AT-SPI walk does not
   * reach the offer of a patient on file). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  ld_test_gui_init (&argc, &argv);

  g_test_add ("/gui/desk/patients/search-any-script", Fixture, NULL, fixture_setup,
              test_search_by_name_in_any_script, fixture_teardown);
  g_test_add ("/gui/desk/patients/register-offers-duplicate", Fixture, NULL, fixture_setup,
              test_register_offers_duplicate, fixture_teardown);
  g_test_add ("/gui/desk/patients/search-keeps-rows", Fixture, NULL, fixture_setup,
              test_search_keeps_rows, fixture_teardown);
  g_test_add ("/gui/desk/patients/register-uses-existing", Fixture, NULL, fixture_setup,
              test_register_uses_existing, fixture_teardown);
  g_test_add ("/gui/desk/patients/register-invalid-field", Fixture, NULL, fixture_setup,
              test_register_invalid_field, fixture_teardown);
  g_test_add ("/gui/desk/patients/open-with-enter", Fixture, NULL, fixture_setup,
              test_open_patient_with_enter, fixture_teardown);
  g_test_add ("/gui/desk/patients/edit-conflict-both-ways", Fixture, NULL, fixture_setup,
              test_edit_conflict_both_ways, fixture_teardown);

  g_test_add ("/gui/desk/patients/register-offline", Fixture, NULL, fixture_setup,
              test_register_offline, fixture_teardown);

  return g_test_run ();
}
