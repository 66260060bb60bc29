/* ld-desk-workspace.c: the front desk's working day
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk opens on its sections (patients first, with the window's
 * search); opening a patient, an order or a booking slides a page over
 * them, and Escape goes back one page. Pages open each other through the
 * workspace's `desk.*` actions, so a page knows the action's name and
 * its parameter, not the class of the page it opens.
 */

#define G_LOG_DOMAIN "ld-desk-workspace"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-page-stack.h"
#include "ld-cash-report-page.h"
#include "ld-desk-workspace.h"
#include "ld-workspaces.h"
#include "ld-pdf-view.h"
#include "ld-appointments-page.h"
#include "ld-calendar-page.h"
#include "ld-home-visits-page.h"
#include "ld-owing-page.h"
#include "ld-web-review-page.h"
#include "ld-booking-page.h"
#include "ld-order-page.h"
#include "ld-payment-dialog.h"
#include "ld-refund-dialog.h"
#include "common/ld-patient-dialog.h"
#include "ld-patient-page.h"
#include "ld-patient-search-page.h"

struct _LdDeskWorkspace
{
  AdwBin       parent_instance;

  LdSession   *session;

  /* The pages slid over the sections, each keyed by what it shows
   * ("patient:<id>"), so opening it again goes back to it. */
  LdPageStack *navigation;
  GtkStack    *sections;
  GtkWidget   *search_page;
  /* The day's lists: the cash report prints from its section. */
  GtkWidget   *cash_page;
};

static void ld_desk_workspace_iface_init (LdWorkspaceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdDeskWorkspace, ld_desk_workspace, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (LD_TYPE_WORKSPACE,
                                                      ld_desk_workspace_iface_init))

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

/* Actions. */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ld_desk_workspace_back (LD_DESK_WORKSPACE (widget));
}

static void
show_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (widget);

  ld_page_stack_show_section (self->navigation, g_variant_get_string (parameter, NULL));
}

/* Patients: registering, opening and editing a patient. */

static void
register_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (widget);

  gtk_window_present (GTK_WINDOW (ld_patient_dialog_new (self->session, widget, NULL)));
}

static void
open_patient_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autofree char *key = g_strdup_printf ("patient:%s", id);

  ld_desk_workspace_push (self, ld_patient_page_new (self->session, id), key);
}

static void
edit_patient_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (widget);

  gtk_window_present (GTK_WINDOW (
    ld_patient_dialog_new (self->session, widget, g_variant_get_string (parameter, NULL))));
}

/* The day's lists. */

static void
print_cash_report_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (widget);

  /* Printed from its section, so the desk sees what went to paper. */
  ld_page_stack_pop_to_root (self->navigation);
  gtk_stack_set_visible_child (self->sections, self->cash_page);
  ld_cash_report_page_print (LD_CASH_REPORT_PAGE (self->cash_page));
}

/* Booking, orders and money (issue 13, item 3): each action opens its
 * page or dialog for the record named by its parameter. */

static void
book_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (widget);
  const char *patient_id = g_variant_get_string (parameter, NULL);
  g_autofree char *key = g_strdup_printf ("book:%s", patient_id);

  ld_desk_workspace_push (self, ld_booking_page_new (self->session, patient_id), key);
}

static void
open_order_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (widget);
  const char *order_id = g_variant_get_string (parameter, NULL);
  g_autofree char *key = g_strdup_printf ("order:%s", order_id);

  ld_desk_workspace_push (self, ld_order_page_new (self->session, order_id), key);
}

static void
take_payment_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (widget);

  gtk_window_present (
    ld_payment_dialog_new (widget, self->session, g_variant_get_string (parameter, NULL)));
}

static void
refund_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (widget);

  gtk_window_present (
    ld_refund_dialog_new (widget, self->session, g_variant_get_string (parameter, NULL)));
}

static void
print_receipt_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (widget);

  ld_order_page_print_receipt (widget, self->session, g_variant_get_string (parameter, NULL), NULL);
}

static void
cancel_order_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (widget);

  ld_order_page_cancel_order (widget, self->session, g_variant_get_string (parameter, NULL));
}

static void
on_report_opened_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GtkWidget) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkWindow) view = ld_pdf_view_open_report_finish (result, &error);
  /* The print errors say exactly why (not released, altered copy). */
  if (view == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gtk_widget_activate_action (self, "win.toast", "s", error->message);
}

/* The released report, as the server kept it (its hash checked), opened
 * in a window whose Print button prints it. */
static void
print_report_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (widget);

  ld_pdf_view_open_report_async (GTK_WINDOW (gtk_widget_get_root (widget)),
                                 ld_session_get_api_client (self->session),
                                 g_variant_get_string (parameter, NULL), 0, NULL, NULL,
                                 on_report_opened_cb, g_object_ref (widget));
}

/* End of booking, orders and money. */

/* LdWorkspace. */

static void
search (LdWorkspace *workspace,
        const char  *text)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (workspace);

  /* A search shows its results at once, wherever the desk was; an entry
   * emptied (as after a scan opened its record) leaves the desk where it is. */
  if (*text == '\0')
    {
      ld_patient_search_page_set_query (LD_PATIENT_SEARCH_PAGE (self->search_page), text);
      return;
    }
  ld_page_stack_pop_to_root (self->navigation);
  gtk_stack_set_visible_child_name (self->sections, "patients");
  ld_patient_search_page_set_query (LD_PATIENT_SEARCH_PAGE (self->search_page), text);
}

static gboolean
activate_search (LdWorkspace *workspace)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (workspace);

  return ld_patient_search_page_activate_first (LD_PATIENT_SEARCH_PAGE (self->search_page));
}

static gboolean
open_record (LdWorkspace *workspace,
             const char  *entity,
             const char  *id)
{
  const char *action = NULL;

  if (g_str_equal (entity, "patient"))
    action = "desk.open-patient";
  else if (g_str_equal (entity, "order"))
    action = "desk.open-order";
  else
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (workspace), action, "s", id);
}

static void
ld_desk_workspace_iface_init (LdWorkspaceInterface *iface)
{
  iface->search = search;
  iface->activate_search = activate_search;
  iface->open_record = open_record;
}

/* GObject. */

static void
ld_desk_workspace_constructed (GObject *object)
{
  LdDeskWorkspace *self = (LdDeskWorkspace *) object;

  G_OBJECT_CLASS (ld_desk_workspace_parent_class)->constructed (object);

  self->search_page = ld_patient_search_page_new (self->session);
  ld_desk_workspace_add_section (self, self->search_page, "patients", _("Patients"));

  /* The day's lists (owing, home visits, cash report). */
  ld_desk_workspace_add_section (self, ld_owing_page_new (self->session), "owing", _("Owing"));
  ld_desk_workspace_add_section (self, ld_home_visits_page_new (self->session), "visits",
                                 _("Home Visits"));
  self->cash_page = ld_cash_report_page_new (self->session);
  ld_desk_workspace_add_section (self, self->cash_page, "cash", _("Cash Report"));
  ld_desk_workspace_add_section (self, ld_appointments_page_new (self->session), "appointments",
                                 _("Appointments"));
  /* Issue 32: registrations from the patient pages that look like someone registered. */
  ld_desk_workspace_add_section (self, ld_web_review_page_new (self->session), "web-registrations",
                                 _("Web Registrations"));
  /* Issue 33: every doctor's day, and a doctor's week. */
  ld_desk_workspace_add_section (self, ld_calendar_page_new (self->session), "calendar",
                                 _("Calendar"));
}

static void
ld_desk_workspace_dispose (GObject *object)
{
  LdDeskWorkspace *self = (LdDeskWorkspace *) object;

  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_DESK_WORKSPACE);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_desk_workspace_parent_class)->dispose (object);
}

static void
ld_desk_workspace_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_desk_workspace_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
grab_focus (GtkWidget *widget)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (widget);
  GtkWidget *top = ld_desk_workspace_get_top (self);

  if (top != NULL)
    return gtk_widget_child_focus (top, GTK_DIR_TAB_FORWARD);
  return gtk_widget_grab_focus (self->search_page);
}

static void
ld_desk_workspace_class_init (LdDeskWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_desk_workspace_constructed;
  object_class->dispose = ld_desk_workspace_dispose;
  object_class->get_property = ld_desk_workspace_get_property;
  object_class->set_property = ld_desk_workspace_set_property;
  widget_class->grab_focus = grab_focus;

  g_object_class_override_property (object_class, PROP_SESSION, "session");

  g_type_ensure (LD_TYPE_PAGE_STACK);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/desk/ld-desk-workspace.ui");
  gtk_widget_class_bind_template_child (widget_class, LdDeskWorkspace, navigation);
  gtk_widget_class_bind_template_child (widget_class, LdDeskWorkspace, sections);

  gtk_widget_class_install_action (widget_class, "desk.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "desk.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "desk.back", NULL);
  gtk_widget_class_install_action (widget_class, "desk.show-section", "s", show_section_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "desk.show-section", "s", "patients");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "desk.show-section", "s", "owing");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK,
                                       "desk.show-section", "s", "visits");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK,
                                       "desk.show-section", "s", "cash");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_5, GDK_ALT_MASK,
                                       "desk.show-section", "s", "appointments");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_6, GDK_ALT_MASK,
                                       "desk.show-section", "s", "web-registrations");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_7, GDK_ALT_MASK,
                                       "desk.show-section", "s", "calendar");

  /* Patients. */
  gtk_widget_class_install_action (widget_class, "desk.register", NULL, register_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "desk.register", NULL);
  gtk_widget_class_install_action (widget_class, "desk.open-patient", "s", open_patient_action);
  gtk_widget_class_install_action (widget_class, "desk.edit-patient", "s", edit_patient_action);

  /* The day's lists: owing, home visits, cash report. */
  gtk_widget_class_install_action (widget_class, "desk.print-cash-report", NULL,
                                   print_cash_report_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "desk.print-cash-report", NULL);
  /* Booking, orders and money. */
  gtk_widget_class_install_action (widget_class, "desk.book", "s", book_action);
  gtk_widget_class_install_action (widget_class, "desk.open-order", "s", open_order_action);
  gtk_widget_class_install_action (widget_class, "desk.take-payment", "s", take_payment_action);
  gtk_widget_class_install_action (widget_class, "desk.refund", "s", refund_action);
  gtk_widget_class_install_action (widget_class, "desk.print-receipt", "s", print_receipt_action);
  gtk_widget_class_install_action (widget_class, "desk.cancel-order", "s", cancel_order_action);
  gtk_widget_class_install_action (widget_class, "desk.print-report", "s", print_report_action);
  /* End of booking, orders and money. */
}

static void
ld_desk_workspace_init (LdDeskWorkspace *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ld_page_stack_set_sections (self->navigation, self->sections);
  ld_page_stack_bind_back_action (self->navigation, GTK_WIDGET (self), "desk.back");
  /* Booking, orders and money. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.print-report", FALSE);
}

/**
 * ld_desk_workspace_new:
 * @session: the signed-in session
 *
 * Returns: (transfer full): a new desk, made for @session alone
 */
GtkWidget *
ld_desk_workspace_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_DESK_WORKSPACE, "session", session, NULL);
}

/* This workspace, as the shell's sidebar shows it (ld-workspaces.c). */
static const char workspace_title[] = N_("Front Desk");
static const char workspace_description[] = N_("Register patients, book tests and take payments.");

const LdWorkspaceInfo ld_desk_workspace_info = {
  .role = LD_ROLE_RECEPTION,
  .name = "front-desk",
  .title = workspace_title,
  .icon_name = "system-users-symbolic",
  .description = workspace_description,
  .new_for = ld_desk_workspace_new,
};

/**
 * ld_desk_workspace_add_section:
 * @section: the section's page (a list of the day's work)
 * @name: its name for `desk.show-section` ("patients", "owing", "visits", "cash",
 *   "appointments", "web-registrations", "calendar")
 * @title: its translated title on the switcher
 */
void
ld_desk_workspace_add_section (LdDeskWorkspace *self,
                               GtkWidget       *section,
                               const char      *name,
                               const char      *title)
{
  g_return_if_fail (LD_IS_DESK_WORKSPACE (self));
  g_return_if_fail (GTK_IS_WIDGET (section));

  gtk_stack_add_titled (self->sections, section, name, title);
}

/**
 * ld_desk_workspace_push:
 * @page: (transfer floating): a page to slide over the current one
 * @key: what it shows, such as "patient:<id>"; a page with the same key
 *   already open is gone back to instead, and @page dropped
 */
void
ld_desk_workspace_push (LdDeskWorkspace *self,
                        GtkWidget       *page,
                        const char      *key)
{
  g_return_if_fail (LD_IS_DESK_WORKSPACE (self));

  ld_page_stack_push (self->navigation, page, key);
}

/**
 * ld_desk_workspace_back:
 *
 * Closes the page on top, as Escape does.
 *
 * Returns: %FALSE when the sections were already shown
 */
gboolean
ld_desk_workspace_back (LdDeskWorkspace *self)
{
  g_return_val_if_fail (LD_IS_DESK_WORKSPACE (self), FALSE);

  return ld_page_stack_back (self->navigation);
}

/**
 * ld_desk_workspace_get_top:
 *
 * Returns: (transfer none) (nullable): the page on top, or %NULL when
 *   the sections show
 */
GtkWidget *
ld_desk_workspace_get_top (LdDeskWorkspace *self)
{
  g_return_val_if_fail (LD_IS_DESK_WORKSPACE (self), NULL);

  return ld_page_stack_get_top (self->navigation);
}
