/* test-gui-desk-calendar.c: the desk's calendar, by keyboard alone
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real client against the real server, under Xvfb, on a Wednesday
 * morning the server's clock is fixed to, with three doctors: one on
 * leave that day. Real key events (xdotool through XTest) do what a
 * person at the desk does: Alt+7 opens the calendar with every doctor's
 * day, Right and Down move the cursor to the second doctor's 10:30 (the
 * grid's accessible label says each slot as a screen reader would),
 * Enter asks whom to book, the patient's name and Enter book her; Enter
 * on the booking offers what it allows, check-in last, and Enter checks
 * her in (token 1 on the server); Ctrl+T prints her token slip and Ctrl+P the doctor's day, and
 * pdftotext reads both PDFs. Ctrl+Shift+W shows the doctor's week.
 */

#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "ld-test-gui.h"
#include "ld-test-http.h"
#include "ld-time.h"
#include "ui/desk/ld-calendar-grid.h"
#include "ui/desk/ld-calendar-page.h"

#define SCHEDULE(room) \
  "{\"speciality\": \"General medicine\", \"room\": \"" room "\", \"slot_minutes\": 15," \
  " \"hours\": {\"mon\": \"09:00-17:00\", \"tue\": \"09:00-17:00\", \"wed\": \"09:00-17:00\"," \
  "             \"thu\": \"09:00-17:00\", \"fri\": \"09:00-17:00\", \"sat\": \"09:00-13:00\"," \
  "             \"sun\": null}," \
  " \"breaks\": [\"13:00-14:00\"]}"

typedef struct
{
  LdTestServer *server;
  char         *admin;
  char         *desk;
  char         *doctor_name;
  char         *dir;
  LdTestGui    *gui;
  char         *window_id;
} Clinic;

/* Wednesday 9 January 2030, local time. */
static gint64
at (int hour,
    int minute)
{
  g_autoptr(GDateTime) then = g_date_time_new_local (2030, 1, 9, hour, minute, 0);

  return g_date_time_to_unix (then) * G_USEC_PER_SEC;
}

/* A doctor with a schedule; returns their id. */
static char *
add_doctor (Clinic     *clinic,
            const char *username,
            const char *name,
            const char *schedule)
{
  g_autofree char *body = g_strdup_printf ("{\"username\": \"%s\", \"display_name\": \"%s\","
                                           " \"roles\": [\"doctor\"]}",
                                           username, name);
  g_autoptr(LdTestResponse) user =
               ld_test_send_json (clinic->server, "POST", "/api/v1/users", clinic->admin, body);
  g_autoptr(LdTestResponse) set = NULL;
  g_autofree char *path = NULL;
  char *id;

  ld_test_assert_status (user, 201);
  id = g_strdup (ld_test_response_get_string (user, "user.id"));
  path = g_strdup_printf ("/api/v1/doctors/%s/schedule", id);
  set = ld_test_send_json (clinic->server, "PUT", path, clinic->admin, schedule);
  ld_test_assert_status (set, 200);
  return id;
}

static void
clinic_setup (Clinic        *clinic,
              gconstpointer  data)
{
  g_autofree char *doctor = NULL;
  g_autofree char *path = NULL;
  g_autofree char *first = NULL;
  g_autofree char *away = NULL;
  g_autoptr(LdTestResponse) me = NULL;
  g_autoptr(LdTestResponse) schedule = NULL;
  g_autoptr(LdTestResponse) patient = NULL;
  g_autoptr(LdTestResponse) other = NULL;
  g_autoptr(LdTestResponse) leave = NULL;
  g_autoptr(LdTestResponse) booked = NULL;
  g_autofree char *booking = NULL;
  g_autofree char *leave_path = NULL;
  g_autoptr(GDateTime) half_past = NULL;
  g_autofree char *start = NULL;

  ld_time_set_now (at (8, 0));
  clinic->dir = g_dir_make_tmp ("ld-calendar-XXXXXX", NULL);
  clinic->server = ld_test_server_new ();
  clinic->desk = ld_test_login (clinic->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  clinic->admin = ld_test_login (clinic->server, "admin", LD_TEST_ADMIN_PASSWORD);

  /* Three doctors: the first booked once already, the third on leave. */
  first = add_doctor (clinic, "rao", "Dr Kavita Rao", SCHEDULE ("Room 1"));
  doctor = ld_test_login (clinic->server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  me = ld_test_get (clinic->server, "/api/v1/sessions/current", doctor);
  ld_test_assert_status (me, 200);
  clinic->doctor_name = g_strdup (ld_test_response_get_string (me, "user.display_name"));
  path =
    g_strdup_printf ("/api/v1/doctors/%s/schedule", ld_test_response_get_string (me, "user.id"));
  schedule = ld_test_send_json (clinic->server, "PUT", path, clinic->admin, SCHEDULE ("Room 3"));
  ld_test_assert_status (schedule, 200);
  away = add_doctor (clinic, "iyer", "Dr Suresh Iyer", SCHEDULE ("Room 5"));
  leave_path = g_strdup_printf ("/api/v1/doctors/%s/leave", away);
  leave = ld_test_send_json (clinic->server, "POST", leave_path, clinic->admin,
                             "{\"day\": \"2030-01-09\", \"reason\": \"Conference\"}");
  ld_test_assert_status (leave, 201);

  patient = ld_test_send_json (clinic->server, "POST", "/api/v1/patients", clinic->desk,
                               "{\"name\": \"Anjali Desai\", \"sex\": \"female\","
                               " \"age_years\": 34, \"phone\": \"9876543210\"}");
  ld_test_assert_status (patient, 201);
  other = ld_test_send_json (clinic->server, "POST", "/api/v1/patients", clinic->desk,
                             "{\"name\": \"Rohan Mehta\", \"sex\": \"male\","
                             " \"age_years\": 51, \"phone\": \"9876500000\"}");
  ld_test_assert_status (other, 201);
  half_past = g_date_time_new_local (2030, 1, 9, 9, 30, 0);
  start = g_date_time_format_iso8601 (half_past);
  booking = g_strdup_printf ("{\"patient_id\": \"%s\", \"doctor_id\": \"%s\","
                             " \"start\": \"%s\"}",
                             ld_test_response_get_string (other, "patient.id"), first, start);
  booked =
    ld_test_send_json (clinic->server, "POST", "/api/v1/appointments", clinic->desk, booking);
  ld_test_assert_status (booked, 201);

  clinic->gui = ld_test_gui_open (ld_test_server_get_uri (clinic->server));
  ld_test_gui_sign_in (clinic->gui, "reception", LD_TEST_RECEPTION_PASSWORD);
  ld_test_gui_workspace (clinic->gui, "front-desk");
}

static void
clinic_teardown (Clinic        *clinic,
                 gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (clinic->dir, 0, NULL);
  const char *name;

  ld_test_gui_close (clinic->gui);
  g_clear_pointer (&clinic->server, ld_test_server_free);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (clinic->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (clinic->dir);
  g_free (clinic->dir);
  g_free (clinic->desk);
  g_free (clinic->admin);
  g_free (clinic->doctor_name);
  g_free (clinic->window_id);
  ld_time_set_now (0);
}

static void
xdotool (Clinic     *clinic,
         const char *verb,
         const char *what)
{
  /* Keys go to the window; windowfocus takes it last. */
  g_autofree char *command =
    g_str_equal (verb, "windowfocus")
      ? g_strdup_printf ("xdotool windowfocus %s %s", what, clinic->window_id)
      : g_strdup_printf ("xdotool %s --clearmodifiers --window %s %s", verb, clinic->window_id,
                         what);
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  ld_test_gui_spin_idle ();
}

static void
press (Clinic     *clinic,
       const char *key)
{
  xdotool (clinic, "key", key);
}

static gboolean
has_keyboard (gpointer data)
{
  return gtk_window_is_active (GTK_WINDOW (data));
}

/* Sends the keys to @window from now on, once it has the keyboard. */
static void
use_window (Clinic    *clinic,
            GtkWindow *window)
{
  g_free (clinic->window_id);
  clinic->window_id = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (
                                                gtk_native_get_surface (GTK_NATIVE (window))));
  /* With no window manager, a closed dialog gives the keyboard to nobody. */
  xdotool (clinic, "windowfocus", "--sync");
  ld_test_gui_spin_until (has_keyboard, window, "the window to have the keyboard");
}

typedef struct
{
  Clinic     *clinic;
  const char *sql;
  gint64      want;
} Count;

static gboolean
counted (gpointer data)
{
  Count *count = data;

  return ld_test_server_query_int (count->clinic->server, count->sql) == count->want;
}

static void
wait_count (Clinic     *clinic,
            const char *sql,
            gint64      want)
{
  Count count = { clinic, sql, want };

  ld_test_gui_spin_until (counted, &count, sql);
}

typedef struct
{
  GtkWidget  *grid;
  const char *text;
} Said;

static gboolean
cursor_says (gpointer data)
{
  Said *said = data;
  g_autofree char *text = ld_calendar_grid_describe_cursor (LD_CALENDAR_GRID (said->grid));

  return text != NULL && g_str_equal (text, said->text);
}

/* Waits until the cursor's slot, in a screen reader's words, is @text. */
static void
wait_said (GtkWidget  *grid,
           const char *text)
{
  Said said = { grid, text };

  ld_test_gui_spin_until (cursor_says, &said, text);
}

static guint
column_of (GtkWidget  *grid,
           const char *doctor_name)
{
  LdCalendarData *data = ld_calendar_grid_get_data (LD_CALENDAR_GRID (grid));

  for (guint i = 0; i < data->columns->len; i++)
    {
      LdCalendarColumn *column = g_ptr_array_index (data->columns, i);

      if (g_str_equal (column->doctor_name, doctor_name))
        return i;
    }
  g_assert_not_reached ();
}

/* Right or Left, as often as it takes from @from's column to @to's. */
static void
press_across (Clinic     *clinic,
              GtkWidget  *grid,
              const char *from,
              const char *to)
{
  int steps = (int) column_of (grid, to) - (int) column_of (grid, from);

  for (int i = 0; i < ABS (steps); i++)
    press (clinic, steps > 0 ? "Right" : "Left");
}

static gboolean
has_focus (gpointer data)
{
  return gtk_widget_has_focus (GTK_WIDGET (data));
}

static gboolean
file_written (gpointer data)
{
  GStatBuf buf;

  return g_stat (data, &buf) == 0 && buf.st_size > 0;
}

/* The PDF at @path, as text, once written. */
static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  ld_test_gui_spin_until (file_written, (gpointer) path, path);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  return out;
}

static void
test_book_check_in_print (Clinic        *clinic,
                          gconstpointer  data)
{
  GtkWidget *workspace = ld_test_gui_workspace (clinic->gui, "front-desk");
  GtkWidget *page;
  GtkWidget *grid;
  GtkWindow *dialog;
  g_autofree char *said = NULL;
  g_autofree char *token_pdf = g_build_filename (clinic->dir, "token.pdf", NULL);
  g_autofree char *day_pdf = g_build_filename (clinic->dir, "day.pdf", NULL);
  g_autofree char *token = NULL;
  g_autofree char *day = NULL;
  gboolean in_desk = FALSE;

  ld_test_gui_spin_until ((LdTestGuiCondition) gtk_widget_get_mapped, clinic->gui->window,
                          "the window");
  use_window (clinic, GTK_WINDOW (clinic->gui->window));

  /* From the window's search, Tab goes on past the header into the desk. */
  for (guint i = 0; i < 12 && !in_desk; i++)
    {
      GtkWidget *focus;

      press (clinic, "Tab");
      focus = gtk_root_get_focus (GTK_ROOT (clinic->gui->window));
      in_desk = focus != NULL && gtk_widget_is_ancestor (focus, workspace);
    }
  g_assert_true (in_desk);

  /* Alt+7: the calendar, every doctor's day, the cursor in the grid. */
  press (clinic, "alt+7");
  page = ld_test_gui_wait_type (workspace, LD_TYPE_CALENDAR_PAGE);
  grid = ld_test_gui_wait_type (page, LD_TYPE_CALENDAR_GRID);
  ld_test_gui_spin_until (has_focus, grid, "the cursor in the calendar");
  /* The first column is the first doctor by name: go to Dr Rao's. */
  ld_test_gui_spin_until ((LdTestGuiCondition) ld_calendar_grid_get_data, grid, "the day");
  press_across (clinic, grid,
                ((LdCalendarColumn *)
                   g_ptr_array_index (ld_calendar_grid_get_data (LD_CALENDAR_GRID (grid))->columns,
                                      0))
                  ->doctor_name,
                "Dr Kavita Rao");
  wait_said (grid, "Dr Kavita Rao, 09:00, Free");
  press (clinic, "Down");
  press (clinic, "Down");
  wait_said (grid, "Dr Kavita Rao, 09:30, Booked: Rohan Mehta");
  press_across (clinic, grid, "Dr Kavita Rao", "Dr Suresh Iyer");
  wait_said (grid, "Dr Suresh Iyer: On leave");
  press_across (clinic, grid, "Dr Suresh Iyer", clinic->doctor_name);
  said = g_strdup_printf ("%s, 09:30, Free", clinic->doctor_name);
  wait_said (grid, said);
  g_clear_pointer (&said, g_free);
  for (int i = 0; i < 4; i++)
    press (clinic, "Down");
  said = g_strdup_printf ("%s, 10:30, Free", clinic->doctor_name);
  wait_said (grid, said);
  g_clear_pointer (&said, g_free);

  /* Enter: whom to book; her name and Enter book her. */
  press (clinic, "Return");
  dialog =
    ld_test_gui_wait_dialog (GTK_WINDOW (gtk_widget_get_root (page)), ADW_TYPE_MESSAGE_DIALOG);
  use_window (clinic, dialog);
  xdotool (clinic, "type --delay 30", "Anjali");
  ld_test_gui_wait_text (GTK_WIDGET (dialog), "Anjali Desai");
  press (clinic, "Return");
  use_window (clinic, GTK_WINDOW (clinic->gui->window));
  wait_count (clinic,
              "SELECT COUNT(*) FROM appointments WHERE state = 'booked' AND token IS NULL", 2);
  said = g_strdup_printf ("%s, 10:30, Booked: Anjali Desai", clinic->doctor_name);
  wait_said (grid, said);
  g_clear_pointer (&said, g_free);
  ld_test_gui_spin_until (has_focus, grid, "the cursor back in the calendar");
  ld_test_gui_screenshot (GTK_WIDGET (clinic->gui->window), "desk-calendar-day");

  /* Enter on her booking: what it offers, check-in last; Enter checks her in. */
  press (clinic, "Return");
  dialog =
    ld_test_gui_wait_dialog (GTK_WINDOW (gtk_widget_get_root (page)), ADW_TYPE_MESSAGE_DIALOG);
  use_window (clinic, dialog);
  press (clinic, "Return");
  wait_count (clinic, "SELECT COUNT(*) FROM appointments WHERE state = 'checked_in' AND token = 1",
              1);
  use_window (clinic, GTK_WINDOW (clinic->gui->window));
  said = g_strdup_printf ("%s, 10:30, Checked in: Anjali Desai", clinic->doctor_name);
  wait_said (grid, said);
  g_clear_pointer (&said, g_free);
  ld_test_gui_spin_until (has_focus, grid, "the cursor back in the calendar");

  /* Ctrl+T: her token slip; Ctrl+P: the doctor's day. */
  ld_calendar_page_set_export_path (LD_CALENDAR_PAGE (page), token_pdf);
  press (clinic, "ctrl+t");
  token = pdf_text (token_pdf);
  g_assert_nonnull (strstr (token, "Token"));
  g_assert_true (g_regex_match_simple ("^\\s*1\\s*$", token, G_REGEX_MULTILINE, 0));
  g_assert_nonnull (strstr (token, clinic->doctor_name));
  g_assert_nonnull (strstr (token, "Room 3"));
  g_assert_nonnull (strstr (token, "10:30"));
  g_assert_nonnull (strstr (token, "Anjali Desai"));
  ld_calendar_page_set_export_path (LD_CALENDAR_PAGE (page), day_pdf);
  press (clinic, "ctrl+p");
  day = pdf_text (day_pdf);
  g_assert_true (g_regex_match_simple ("10:30\\s+1\\s+Anjali Desai\\s+Checked in", day, 0, 0));
  g_assert_null (strstr (day, "Rohan Mehta"));

  /* Ctrl+Shift+W: the doctor's week, Monday to Sunday, the cursor kept. */
  press (clinic, "ctrl+shift+w");
  said = g_strdup_printf ("%s, Wed 09 Jan, 10:30, Checked in: Anjali Desai", clinic->doctor_name);
  wait_said (grid, said);
  g_clear_pointer (&said, g_free);
  g_assert_cmpuint (ld_calendar_grid_get_data (LD_CALENDAR_GRID (grid))->columns->len, ==, 7);
  press (clinic, "Right");
  said = g_strdup_printf ("%s, Thu 10 Jan, 10:30, Free", clinic->doctor_name);
  wait_said (grid, said);
  g_clear_pointer (&said, g_free);
  ld_test_gui_screenshot (GTK_WIDGET (clinic->gui->window), "desk-calendar-week");
}

#ifdef LD_CALENDAR_HINDI
static gboolean
cursor_contains (gpointer data)
{
  Said *said = data;
  g_autofree char *text = ld_calendar_grid_describe_cursor (LD_CALENDAR_GRID (said->grid));

  return text != NULL && strstr (text, said->text) != NULL;
}

/* The same calendar in Hindi: the slots' words, the screen reader's label
 * and the week, for the screenshots. */
static void
test_hindi (Clinic        *clinic,
            gconstpointer  data)
{
  GtkWidget *workspace = ld_test_gui_workspace (clinic->gui, "front-desk");
  GtkWidget *page;
  GtkWidget *grid;
  Said booked;
  g_autofree char *texts = NULL;

  g_assert_true (gtk_widget_activate_action (workspace, "desk.show-section", "s", "calendar"));
  page = ld_test_gui_wait_type (workspace, LD_TYPE_CALENDAR_PAGE);
  grid = ld_test_gui_wait_type (page, LD_TYPE_CALENDAR_GRID);
  ld_test_gui_spin_until ((LdTestGuiCondition) ld_calendar_grid_get_data, grid, "the day");
  g_assert_true (
    ld_calendar_grid_set_cursor (LD_CALENDAR_GRID (grid),
                                 ((LdCalendarColumn *) g_ptr_array_index (
                                    ld_calendar_grid_get_data (LD_CALENDAR_GRID (grid))->columns,
                                    column_of (grid, "Dr Kavita Rao")))
                                   ->doctor_id,
                                 NULL, 0));
  ld_calendar_grid_move_cursor (LD_CALENDAR_GRID (grid), 0, 2);
  /* "Booked" as the appointment's state says it in Hindi. */
  booked = (Said){ grid, "बुक: Rohan Mehta" };
  ld_test_gui_spin_until (cursor_contains, &booked, booked.text);
  texts = ld_test_gui_label_texts (page);
  g_assert_nonnull (strstr (texts, "सप्ताह"));
  g_assert_null (strstr (texts, "Week"));
  ld_test_gui_screenshot (GTK_WIDGET (clinic->gui->window), "desk-calendar-day-hi");
  g_assert_true (gtk_widget_activate_action (page, "calendar.view", "s", "week"));
  booked.text = "बुक: Rohan Mehta";
  ld_test_gui_spin_until (cursor_contains, &booked, "the week");
  ld_test_gui_screenshot (GTK_WIDGET (clinic->gui->window), "desk-calendar-week-hi");
}
#endif

int
main (int    argc,
      char **argv)
{
#ifdef LD_CALENDAR_HINDI
  g_autofree char *localedir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);

  /* LANGUAGE is read only under a locale other than C. */
  g_setenv ("LANGUAGE", "hi", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  ld_test_gui_init (&argc, &argv);
  g_test_add ("/gui/desk/calendar/hindi", Clinic, NULL, clinic_setup, test_hindi,
              clinic_teardown);
  return g_test_run ();
#endif
  ld_test_gui_init (&argc, &argv);

  g_test_add ("/gui/desk/calendar/book-check-in-print", Clinic, NULL, clinic_setup,
              test_book_check_in_print, clinic_teardown);

  return g_test_run ();
}
