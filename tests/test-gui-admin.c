/* test-gui-admin.c: the administrator manages users, the catalogue,
 * settings and reads the audit log, in the real window against the real
 * server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-a11y.h"
#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-test-orders.h"
#include "ld-test-server.h"
#include "ui/admin/ld-admin-audit-page.h"
#include "ui/admin/ld-admin-backups-page.h"
#include "ui/admin/ld-admin-catalog-page.h"
#include "ui/admin/ld-admin-settings-page.h"
#include "ui/admin/ld-admin-test-page.h"
#include "ui/admin/ld-admin-user-page.h"
#include "ui/admin/ld-admin-users-page.h"
#include "ui/admin/ld-admin-workspace.h"
#include "ui/ld-window.h"

typedef struct
{
  /* The server, an admin's and a receptionist's tokens. */
  LdOrderFixture  orders;
  LdTestGui      *gui;
  GtkWidget      *admin;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  ld_order_fixture_setup (&fx->orders, data);
  fx->gui = ld_test_gui_open (ld_test_server_get_uri (fx->orders.server));
  ld_test_gui_sign_in (fx->gui, "admin", LD_TEST_ADMIN_PASSWORD);
  fx->admin = ld_test_gui_workspace (fx->gui, "administration");
  g_assert_true (LD_IS_ADMIN_WORKSPACE (fx->admin));
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ld_test_gui_close (fx->gui);
  ld_order_fixture_teardown (&fx->orders, data);
}

static void
screenshot (Fixture    *fx,
            const char *name)
{
  ld_test_gui_spin_idle ();
  ld_test_gui_screenshot (GTK_WIDGET (fx->gui->window), name);
}

static GtkWidget *
show_section (Fixture    *fx,
              const char *name,
              GType       type)
{
  g_assert_true (gtk_widget_activate_action (fx->admin, "admin.show-section", "s", name));
  return ld_test_gui_wait_type (fx->admin, type);
}

/* The users section's row for @username, once the list has it. */
static GtkWidget *
wait_user_row (Fixture    *fx,
               const char *username)
{
  GtkWidget *users = show_section (fx, "users", LD_TYPE_ADMIN_USERS_PAGE);

  return ld_test_gui_wait_named (users, username);
}

static GtkWidget *
open_user (Fixture    *fx,
           const char *username)
{
  GtkWidget *row = wait_user_row (fx, username);
  GtkWidget *page;

  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  page = ld_test_gui_wait_type (fx->admin, LD_TYPE_ADMIN_USER_PAGE);
  ld_test_gui_spin_until ((LdTestGuiCondition) gtk_widget_is_sensitive,
                          ld_test_gui_find_action (page, "user.reset-password"),
                          "the user loaded");
  return page;
}

static GtkWidget *
user_field (GtkWidget  *page,
            const char *id)
{
  return ld_test_gui_child (page, LD_TYPE_ADMIN_USER_PAGE, id);
}

static gboolean
action_enabled (gpointer data)
{
  gpointer *args = data;

  return gtk_widget_is_sensitive (ld_test_gui_find_action (args[0], args[1]));
}

static void
press (GtkWidget  *page,
       const char *action)
{
  gpointer args[] = { page, (gpointer) action };

  ld_test_gui_spin_until (action_enabled, args, action);
  ld_test_gui_click (ld_test_gui_find_action (page, action));
}

static JsonObject *
find_user (LdTestResponse *resp,
           const char     *username)
{
  JsonArray *items = json_object_get_array_member (ld_test_response_object (resp), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *user = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (user, "username"), username))
        return user;
    }
  return NULL;
}

/* Users: a new user, their password shown once, who then signs in in a
 * window of their own. */
static void
test_create_user_and_sign_in (Fixture       *fx,
                              gconstpointer  data)
{
  GtkWidget *users = show_section (fx, "users", LD_TYPE_ADMIN_USERS_PAGE);
  GtkWidget *page;
  GtkWindow *dialog;
  g_autofree char *password = NULL;
  g_autoptr(LdTestResponse) resp = NULL;
  JsonObject *user;
  LdTestGui *second;

  ld_test_gui_wait_named (users, "admin");
  screenshot (fx, "admin-users");

  ld_test_gui_click (ld_test_gui_find_action (users, "admin.open-user"));
  page = ld_test_gui_wait_type (fx->admin, LD_TYPE_ADMIN_USER_PAGE);
  ld_test_gui_type (user_field (page, "username_row"), "meera");
  ld_test_gui_type (user_field (page, "display_name_row"), "Meera Nair");
  ld_test_gui_click (user_field (page, "role_reception"));
  ld_test_gui_click (user_field (page, "role_technician"));
  screenshot (fx, "admin-user-new");
  press (page, "user.save");

  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (fx->gui->window), ADW_TYPE_MESSAGE_DIALOG);
  password = g_strdup (gtk_label_get_text (
    GTK_LABEL (ld_test_gui_find_named (GTK_WIDGET (dialog), "password-label"))));
  g_assert_cmpuint (strlen (password), >=, 10);
  {
    g_autofree char *texts = ld_test_gui_label_texts (GTK_WIDGET (dialog));

    g_assert_nonnull (strstr (texts, "shown once"));
  }
  ld_test_gui_click (ld_test_gui_find_named (GTK_WIDGET (dialog), "copy-password"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "done");

  /* On the server, as typed. */
  resp = ld_test_get (fx->orders.server, "/api/v1/users?limit=200", fx->orders.admin);
  ld_test_assert_status (resp, 200);
  user = find_user (resp, "meera");
  g_assert_nonnull (user);
  g_assert_cmpstr (json_object_get_string_member (user, "display_name"), ==, "Meera Nair");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (user, "roles")), ==, 2);

  /* The list shows them, and they sign in with the password shown. */
  wait_user_row (fx, "meera");
  second = ld_test_gui_open (ld_test_server_get_uri (fx->orders.server));
  ld_test_gui_sign_in (second, "meera", password);
  g_assert_true (GTK_IS_WIDGET (ld_test_gui_workspace (second, "front-desk")));
  ld_test_gui_close (second);
}

static gboolean
user_page_closed (gpointer data)
{
  return ld_test_gui_find_type (data, LD_TYPE_ADMIN_USER_PAGE) == NULL;
}

/* The row is looked up each time: the list is rebuilt as it reloads. */
static gboolean
row_says_disabled (gpointer data)
{
  Fixture *fx = data;
  GtkWidget *users = ld_test_gui_find_type (fx->admin, LD_TYPE_ADMIN_USERS_PAGE);
  GtkWidget *row = ld_test_gui_find_named (users, "doctor");
  const char *subtitle = row ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;

  return subtitle != NULL && strstr (subtitle, "Disabled") != NULL;
}

/* Users: disabling one, who then cannot sign in. */
static void
test_disable_user (Fixture       *fx,
                   gconstpointer  data)
{
  GtkWidget *page = open_user (fx, "doctor");
  g_autoptr(LdTestResponse) resp = NULL;
  g_autoptr(LdTestResponse) login = NULL;

  ld_test_gui_click (user_field (page, "enabled_switch"));
  press (page, "user.save");
  ld_test_gui_spin_until (user_page_closed, fx->admin, "back to the list");
  resp = ld_test_get (fx->orders.server, "/api/v1/users?limit=200", fx->orders.admin);
  g_assert_true (json_object_get_boolean_member (find_user (resp, "doctor"), "disabled"));
  login =
    ld_test_send_json (fx->orders.server, "POST", "/api/v1/sessions", NULL,
                       "{\"username\": \"doctor\", \"password\": \"" LD_TEST_DOCTOR_PASSWORD "\"}");
  ld_test_assert_error (login, 403, "forbidden");
  ld_test_gui_spin_until (row_says_disabled, fx, "the list saying the doctor is disabled");
}

/* Users: a doctor's e-mail for critical results. The switch needs an
 * address, and the address follows the patients' rule: each refusal is
 * shown beside its field, in words, before anything is sent. */
static void
test_critical_email (Fixture       *fx,
                     gconstpointer  data)
{
  GtkWidget *page = open_user (fx, "doctor");
  GtkWidget *save = ld_test_gui_find_action (page, "user.save");
  g_autoptr(LdTestResponse) resp = NULL;
  JsonObject *user;

  ld_test_a11y_assert_named (user_field (page, "critical_email_switch"), "the critical switch");
  ld_test_a11y_assert_named (user_field (page, "email_row"), "the e-mail field");
  ld_test_gui_click (user_field (page, "critical_email_switch"));
  ld_test_gui_spin_idle ();
  g_assert_false (gtk_widget_is_sensitive (save));
  {
    g_autofree char *texts = ld_test_gui_label_texts (page);

    g_assert_nonnull (strstr (texts, "needs an e-mail address"));
  }
  ld_test_gui_type (user_field (page, "email_row"), "arjun.mehta@clinic");
  ld_test_gui_spin_idle ();
  g_assert_false (gtk_widget_is_sensitive (save));
  {
    g_autofree char *texts = ld_test_gui_label_texts (page);

    g_assert_nonnull (strstr (texts, "must be an address such as name@example.com"));
  }
  ld_test_gui_type (user_field (page, "email_row"), ".example.org");
  screenshot (fx, "admin-user-critical-email");
  press (page, "user.save");
  ld_test_gui_spin_until (user_page_closed, fx->admin, "back to the list");

  resp = ld_test_get (fx->orders.server, "/api/v1/users?limit=200", fx->orders.admin);
  user = find_user (resp, "doctor");
  g_assert_cmpstr (json_object_get_string_member (user, "email"), ==,
                   "arjun.mehta@clinic.example.org");
  g_assert_true (json_object_get_boolean_member (user, "critical_email"));
}

/* Users: the last administrator keeps their role; the server's reason is
 * shown in words, and nothing changes. */
static void
test_last_admin_refused (Fixture       *fx,
                         gconstpointer  data)
{
  GtkWidget *page = open_user (fx, "admin");
  GtkWidget *status = user_field (page, "status_label");
  g_autoptr(LdTestResponse) resp = NULL;
  JsonObject *user;

  ld_test_gui_click (user_field (page, "role_admin"));
  ld_test_gui_click (user_field (page, "role_reception"));
  press (page, "user.save");
  ld_test_gui_spin_until ((LdTestGuiCondition) gtk_widget_get_visible, status, "the refusal");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "last active administrator"));

  resp = ld_test_get (fx->orders.server, "/api/v1/users?limit=200", fx->orders.admin);
  user = find_user (resp, "admin");
  g_assert_cmpint (json_object_get_int_member (user, "version"), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (user, "roles"), 0),
                   ==, "admin");
}

static gboolean
entry_has_text (gpointer data)
{
  return *gtk_editable_get_text (GTK_EDITABLE (data)) != '\0';
}

static gboolean
has_field_error (gpointer data)
{
  return gtk_widget_has_css_class (data, "error");
}

static gboolean
settings_saved (gpointer data)
{
  Fixture *fx = data;
  g_autoptr(LdTestResponse) resp =
               ld_test_get (fx->orders.server, "/api/v1/settings", fx->orders.admin);

  return ld_test_response_get_int (resp, "tax_flat_paise") != 2000;
}

/* Settings: the tax, checked as typed, saved, and charged on the next
 * order the desk books. */
static void
test_tax_in_new_order (Fixture       *fx,
                       gconstpointer  data)
{
  GtkWidget *page = show_section (fx, "settings", LD_TYPE_ADMIN_SETTINGS_PAGE);
  GtkWidget *tax = ld_test_gui_find_named (page, "tax_flat_paise");
  GtkWidget *upi = ld_test_gui_find_named (page, "lab_upi_id");
  g_autoptr(LdTestResponse) before = NULL;
  g_autoptr(LdTestResponse) after = NULL;
  g_autoptr(LdTestResponse) settings = NULL;
  g_autofree char *upi_id = NULL;

  before = ld_test_create_order (&fx->orders, "\"items\": [\"CBC\"]");
  ld_test_assert_status (before, 201);
  g_assert_cmpint (ld_test_response_get_int (before, "order.tax_paise"), ==, 2000);

  ld_test_gui_spin_until (entry_has_text, tax, "the settings read");
  upi_id = g_strdup (gtk_editable_get_text (GTK_EDITABLE (upi)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (tax)), ==, "20.00");

  /* Wrong as typed: said at the field, and nothing can be saved. */
  ld_test_gui_retype (upi, "not a upi id");
  ld_test_gui_spin_until (has_field_error, upi, "the UPI ID refused as typed");
  g_assert_false (gtk_widget_is_sensitive (ld_test_gui_find_action (page, "settings.save")));
  ld_test_gui_retype (upi, upi_id);
  ld_test_gui_retype (tax, "1.234");
  ld_test_gui_spin_until (has_field_error, tax, "the tax refused as typed");
  g_assert_false (gtk_widget_is_sensitive (ld_test_gui_find_action (page, "settings.save")));

  ld_test_gui_retype (tax, "35.50");
  g_assert_false (has_field_error (tax));
  screenshot (fx, "admin-settings");
  press (page, "settings.save");
  ld_test_gui_spin_until (settings_saved, fx, "the tax saved on the server");
  /* The page says so in the window's toast (win.toast). */
  ld_test_gui_wait_text (GTK_WIDGET (fx->gui->window), "Settings saved");

  settings = ld_test_get (fx->orders.server, "/api/v1/settings", fx->orders.admin);
  g_assert_cmpint (ld_test_response_get_int (settings, "tax_flat_paise"), ==, 3550);
  g_assert_cmpstr (ld_test_response_get_string (settings, "lab_upi_id"), ==, upi_id);

  after = ld_test_create_order (&fx->orders, "\"items\": [\"CBC\"]");
  ld_test_assert_status (after, 201);
  g_assert_cmpint (ld_test_response_get_int (after, "order.tax_paise"), ==, 3550);
  g_assert_cmpint (ld_test_response_get_int (after, "order.total_paise"), ==,
                   ld_test_response_get_int (before, "order.total_paise") + 1550);
}

static GtkWidget *
open_test (Fixture    *fx,
           const char *code)
{
  GtkWidget *catalogue = show_section (fx, "catalogue", LD_TYPE_ADMIN_CATALOG_PAGE);
  GtkWidget *row = ld_test_gui_wait_named (catalogue, code);
  GtkWidget *page;

  screenshot (fx, "admin-catalogue");
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  page = ld_test_gui_wait_type (fx->admin, LD_TYPE_ADMIN_TEST_PAGE);
  ld_test_gui_wait_named (page, "range-1");
  return page;
}

static void
collect_entries (GtkWidget *widget,
                 GPtrArray *out)
{
  if (GTK_IS_ENTRY (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_entries (child, out);
}

static GtkWidget *
range_field (GtkWidget  *page,
             const char *range,
             guint       n)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  collect_entries (ld_test_gui_find_named (page, range), entries);
  g_assert_cmpuint (entries->len, ==, 4);
  return g_ptr_array_index (entries, n);
}

static gboolean
test_saved (gpointer data)
{
  Fixture *fx = data;
  g_autoptr(LdTestResponse) resp =
               ld_test_get (fx->orders.server, "/api/v1/catalog", fx->orders.admin);
  JsonArray *tests = json_object_get_array_member (ld_test_response_object (resp), "tests");

  for (guint i = 0; i < json_array_get_length (tests); i++)
    {
      JsonObject *test = json_array_get_object_element (tests, i);

      if (g_str_equal (json_object_get_string_member (test, "code"), "WBC"))
        return json_object_get_int_member (test, "version") > 1;
    }
  return FALSE;
}

static JsonObject *
age_of (JsonArray  *ranges,
        guint       i,
        const char *end)
{
  return json_object_get_object_member (json_array_get_object_element (ranges, i), end);
}

/* Shows the end of the page's form, as a person scrolling down to the
 * ranges would. */
static void
scroll_to_end (GtkWidget *page)
{
  GtkScrolledWindow *scrolled =
    GTK_SCROLLED_WINDOW (ld_test_gui_find_type (page, GTK_TYPE_SCROLLED_WINDOW));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

  ld_test_gui_spin_idle ();
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                          gtk_adjustment_get_page_size (adjustment));
}

/* The catalogue: a range moved so that it overlaps another of the same
 * sex is refused at the range with the reason; moved with its neighbour,
 * it is saved, as the server then has it. */
static void
test_ranges_overlap_then_saved (Fixture       *fx,
                                gconstpointer  data)
{
  GtkWidget *page = open_test (fx, "WBC");
  GtkWidget *adult_from = range_field (page, "range-1", 0);
  GtkWidget *child_to = range_field (page, "range-2", 1);
  g_autoptr(LdTestResponse) resp = NULL;
  g_autofree char *texts = NULL;
  JsonArray *tests;
  JsonArray *ranges = NULL;

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (adult_from)), ==, "18");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child_to)), ==, "18");
  g_assert_false (gtk_widget_is_sensitive (ld_test_gui_find_action (page, "test.save")));

  /* 16 years up overlaps 1 to 18: refused at the range that overlaps. */
  ld_test_gui_retype (adult_from, "16");
  g_assert_true (has_field_error (adult_from));
  texts = ld_test_gui_label_texts (page);
  g_assert_nonnull (strstr (texts, "has ranges for the same sex whose ages overlap"));
  g_assert_false (gtk_widget_is_sensitive (ld_test_gui_find_action (page, "test.save")));
  scroll_to_end (page);
  screenshot (fx, "admin-test-editor");

  /* A gap is refused too, once the ranges are being edited. */
  ld_test_gui_retype (child_to, "12");
  g_clear_pointer (&texts, g_free);
  texts = ld_test_gui_label_texts (page);
  g_assert_nonnull (strstr (texts, "no range covers"));
  g_assert_false (gtk_widget_is_sensitive (ld_test_gui_find_action (page, "test.save")));

  ld_test_gui_retype (child_to, "16");
  g_assert_false (has_field_error (adult_from));
  g_assert_false (has_field_error (range_field (page, "range-2", 0)));
  press (page, "test.save");
  ld_test_gui_spin_until (test_saved, fx, "the ranges saved on the server");

  resp = ld_test_get (fx->orders.server, "/api/v1/catalog", fx->orders.admin);
  tests = json_object_get_array_member (ld_test_response_object (resp), "tests");
  for (guint i = 0; i < json_array_get_length (tests); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (tests, i),
                                                    "code"),
                     "WBC"))
      ranges =
        json_object_get_array_member (json_array_get_object_element (tests, i), "reference_ranges");
  g_assert_nonnull (ranges);
  g_assert_cmpuint (json_array_get_length (ranges), ==, 2);
  g_assert_cmpint (json_object_get_int_member (age_of (ranges, 0, "age_from"), "value"), ==, 16);
  g_assert_cmpint (json_object_get_int_member (age_of (ranges, 1, "age_to"), "value"), ==, 16);
  g_assert_cmpstr (json_object_get_string_member (age_of (ranges, 1, "age_to"), "unit"), ==,
                   "years");
}

/* The catalogue: what only the server knows (a code already taken) is
 * said at the field it names. */
static void
test_server_field_error_at_field (Fixture       *fx,
                                  gconstpointer  data)
{
  GtkWidget *catalogue = show_section (fx, "catalogue", LD_TYPE_ADMIN_CATALOG_PAGE);
  GtkWidget *page;
  GtkWidget *code;
  g_autoptr(LdTestResponse) resp = NULL;

  ld_test_gui_wait_named (catalogue, "WBC");
  ld_test_gui_click (ld_test_gui_find_action (catalogue, "admin.open-test"));
  page = ld_test_gui_wait_type (fx->admin, LD_TYPE_ADMIN_TEST_PAGE);
  code = ld_test_gui_find_named (page, "code");
  ld_test_gui_type (code, "WBC");
  ld_test_gui_type (ld_test_gui_find_named (page, "name"), "White cells again");
  ld_test_gui_type (ld_test_gui_find_named (page, "specimen"), "whole blood");
  ld_test_gui_type (ld_test_gui_find_named (page, "container"), "EDTA");
  ld_test_gui_type (ld_test_gui_find_named (page, "turnaround_hours"), "6");
  ld_test_gui_type (ld_test_gui_find_named (page, "decimals"), "1");
  ld_test_gui_type (ld_test_gui_find_named (page, "price_paise"), "150");
  g_assert_false (has_field_error (code));
  press (page, "test.save");
  ld_test_gui_spin_until (has_field_error, code, "the server's field error at the code");
  {
    g_autofree char *texts = ld_test_gui_label_texts (page);

    g_assert_nonnull (strstr (texts, "is already taken"));
  }
  resp = ld_test_get (fx->orders.server, "/api/v1/catalog", fx->orders.admin);
  g_assert_null (strstr (resp->body, "White cells again"));
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

typedef struct
{
  GtkWidget *list;
  guint      n;
} RowCount;

static gboolean
has_rows (gpointer data)
{
  RowCount *count = data;

  return count_rows (count->list) == count->n;
}

static void
select_user (GtkDropDown *drop_down,
             const char  *label)
{
  GListModel *model = gtk_drop_down_get_model (drop_down);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label))
      {
        gtk_drop_down_set_selected (drop_down, i);
        return;
      }
  g_assert_not_reached ();
}

static gboolean
users_listed (gpointer data)
{
  GListModel *model = gtk_drop_down_get_model (data);

  return model != NULL && g_list_model_get_n_items (model) > 1;
}

/* The audit log: filtered to one user's actions, paged as the list is
 * scrolled to its end, each event's detail on Enter. */
static void
test_audit_one_user (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/patients/%s", fx->orders.patient_id);
  g_autoptr(LdTestResponse) users = NULL;
  g_autoptr(LdTestResponse) truth = NULL;
  g_autofree char *truth_path = NULL;
  GtkWidget *page;
  GtkWidget *list;
  GtkDropDown *user_filter;
  GtkScrolledWindow *scrolled;
  GtkAdjustment *adjustment;
  GtkWindow *dialog;
  RowCount count;
  guint n_events;

  /* The receptionist reads the patient 110 times: more than one page. */
  for (guint i = 0; i < 110; i++)
    {
      g_autoptr(LdTestResponse) read = ld_test_get (fx->orders.server, path, fx->orders.desk);

      ld_test_assert_status (read, 200);
    }
  users = ld_test_get (fx->orders.server, "/api/v1/users?limit=200", fx->orders.admin);
  truth_path =
    g_strdup_printf ("/api/v1/audit?limit=500&user=%s",
                     json_object_get_string_member (find_user (users, "reception"), "id"));
  truth = ld_test_get (fx->orders.server, truth_path, fx->orders.admin);
  ld_test_assert_status (truth, 200);
  n_events =
    json_array_get_length (json_object_get_array_member (ld_test_response_object (truth), "items"));
  g_assert_cmpuint (n_events, >, 110);

  page = show_section (fx, "audit", LD_TYPE_ADMIN_AUDIT_PAGE);
  list = ld_test_gui_child (page, LD_TYPE_ADMIN_AUDIT_PAGE, "list");
  user_filter = GTK_DROP_DOWN (ld_test_gui_child (page, LD_TYPE_ADMIN_AUDIT_PAGE, "user_filter"));
  ld_test_gui_spin_until (users_listed, user_filter, "the users in the filter");
  select_user (user_filter, "Priya Sharma (reception)");

  /* The first page, then the rest as the list is scrolled to its end. */
  count.list = list;
  count.n = 100;
  ld_test_gui_spin_until (has_rows, &count, "the first page of the receptionist's events");
  screenshot (fx, "admin-audit");
  scrolled = GTK_SCROLLED_WINDOW (ld_test_gui_child (page, LD_TYPE_ADMIN_AUDIT_PAGE, "scrolled"));
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  ld_test_gui_spin_idle ();
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  count.n = n_events;
  ld_test_gui_spin_until (has_rows, &count, "every event of the receptionist");

  /* Each is theirs, in words. */
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    g_assert_true (g_str_has_suffix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                     " by reception"));

  /* Enter on the newest shows all of it. */
  g_signal_emit_by_name (list, "row-activated", gtk_widget_get_first_child (list));
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (fx->gui->window), ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (
    strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Action: patient.read"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");
}

/* Every control of every administration screen has a name a screen
 * reader can say. */
static void
test_accessible_names (Fixture       *fx,
                       gconstpointer  data)
{
  GtkWidget *users = show_section (fx, "users", LD_TYPE_ADMIN_USERS_PAGE);
  GtkWidget *page;
  GtkWidget *audit;
  GtkWindow *dialog;

  ld_test_gui_wait_named (users, "admin");
  ld_test_a11y_assert_named (fx->admin, "the users");
  page = open_user (fx, "pathologist");
  ld_test_a11y_assert_named (page, "a user");
  gtk_widget_activate_action (fx->admin, "admin.back", NULL);
  ld_test_gui_click (ld_test_gui_find_action (users, "admin.open-user"));
  page = ld_test_gui_wait_type (fx->admin, LD_TYPE_ADMIN_USER_PAGE);
  ld_test_a11y_assert_named (page, "a new user");
  gtk_widget_activate_action (fx->admin, "admin.back", NULL);

  page = open_test (fx, "HB");
  ld_test_a11y_assert_named (fx->admin, "the catalogue");
  ld_test_a11y_assert_named (page, "a test");
  gtk_widget_activate_action (fx->admin, "admin.back", NULL);

  page = show_section (fx, "settings", LD_TYPE_ADMIN_SETTINGS_PAGE);
  ld_test_gui_spin_until (entry_has_text, ld_test_gui_find_named (page, "lab_name"),
                          "the settings");
  ld_test_a11y_assert_named (page, "the settings");

  audit = show_section (fx, "audit", LD_TYPE_ADMIN_AUDIT_PAGE);
  {
    RowCount count = { ld_test_gui_child (audit, LD_TYPE_ADMIN_AUDIT_PAGE, "list"), 0 };
    GtkWidget *first;

    ld_test_gui_spin_until ((LdTestGuiCondition) gtk_widget_get_first_child, count.list,
                            "the audit log");
    ld_test_a11y_assert_named (audit, "the audit log");
    first = gtk_widget_get_first_child (count.list);
    g_signal_emit_by_name (count.list, "row-activated", first);
  }
  dialog = ld_test_gui_wait_dialog (GTK_WINDOW (fx->gui->window), ADW_TYPE_MESSAGE_DIALOG);
  ld_test_a11y_assert_named (GTK_WIDGET (dialog), "an audit event");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");

  {
    GtkWidget *grants = ld_test_gui_child (audit, LD_TYPE_ADMIN_AUDIT_PAGE, "break_glass_list");

    gtk_stack_set_visible_child_name (GTK_STACK (ld_test_gui_child (audit, LD_TYPE_ADMIN_AUDIT_PAGE,
                                                                    "views")), "break-glass");
    ld_test_gui_spin_until ((LdTestGuiCondition) gtk_widget_get_first_child, grants,
                            "the break-the-glass list");
    ld_test_a11y_assert_named (audit, "the break-the-glass list");
  }

  page = show_section (fx, "backups", LD_TYPE_ADMIN_BACKUPS_PAGE);
  ld_test_gui_wait_text (page, "No backup has been taken from here yet.");
  ld_test_a11y_assert_named (page, "the backups");
}

/* Three processes run these (tests/meson.build): the users' stories, the
 * records' (settings, catalogue, audit) and the walk over every screen. */
static const struct
{
  const char *path;
  void      (*test) (Fixture *fx, gconstpointer data);
  int         process;
} stories[] = {
  { "/gui/admin/users/create-and-sign-in", test_create_user_and_sign_in, 0 },
  { "/gui/admin/users/disable", test_disable_user, 0 },
  { "/gui/admin/users/last-admin-refused", test_last_admin_refused, 0 },
  { "/gui/admin/users/critical-email", test_critical_email, 0 },
  { "/gui/admin/accessible-names", test_accessible_names, 2 },
  { "/gui/admin/settings/tax-in-new-order", test_tax_in_new_order, 1 },
  { "/gui/admin/catalogue/ranges-overlap-then-saved", test_ranges_overlap_then_saved, 1 },
  { "/gui/admin/catalogue/server-field-error", test_server_field_error_at_field, 1 },
  { "/gui/admin/audit/one-user", test_audit_one_user, 1 },
};

int
main (int   argc,
      char *argv[])
{
#ifndef LD_TEST_ADMIN_PROCESS
#define LD_TEST_ADMIN_PROCESS 0
#endif

  /* The in-memory accessibility backend, so that the names a screen
   * reader would read can be checked (test-gui-print does the same). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  ld_test_gui_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (stories); i++)
    if (stories[i].process == LD_TEST_ADMIN_PROCESS)
      g_test_add (stories[i].path, Fixture, NULL, fixture_setup, stories[i].test, fixture_teardown);

  return g_test_run ();
}
