/* ld-booking-page.c: the desk books tests for a patient
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The catalogue is searched by code or name as the person types; Enter
 * adds the highlighted test or panel to the cart. The cart is priced by
 * shared/model's rule, the server's own (ld-desk-cart.c), so what the desk
 * shows is what the server will charge: a test already in a panel is
 * shown as included and not charged again, a discount above the limit is
 * refused at its field, and the total stays in view in the footer.
 *
 * Booking goes through the outbox, so it works offline. Online, the page
 * waits for the server's answer: a refusal (the discount above the limit
 * the administrator set today, a slot the server will not take) is put
 * beside its field and the fixed order is sent again in the refused
 * one's place; once the server has it, the order page opens with the
 * payment dialog.
 */

#define G_LOG_DOMAIN "ld-booking-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-booking-doctor.h"
#include "ld-booking-page.h"
#include "ld-desk-cart.h"
#include "ld-desk-workspace.h"
#include "ld-error.h"
#include "common/ld-error-text.h"
#include "ld-json.h"
#include "ld-money.h"
#include "ld-order-follow.h"
#include "ld-report-format.h"
#include "store/ld-outbox.h"

#define N_SLOT_DAYS 14
#define CATALOG_MATCHES 50

static const struct {
  int start_hour;
  int end_hour;
} slot_times[] = {
  { 7, 9 }, { 9, 11 }, { 11, 13 }, { 14, 16 }, { 16, 18 },
};

static const char *const priorities[] = { "routine", "urgent", "stat" };

struct _LdBookingPage
{
  AdwBin          parent_instance;

  LdSession      *session;
  char           *patient_id;
  LdDeskCart         *cart;
  GCancellable   *cancellable;
  GHashTable     *catalog_dumps;
  guint           catalog_reads;
  /* The query the catalogue list shows, which the entry's search delay
   * may leave behind what was typed. */
  char           *shown_query;
  /* Wire field → widget, for the server's field errors. */
  GHashTable     *fields;

  /* The order being booked: its client-made id, kept across a refusal so
   * that the fixed order takes the refused one's place. */
  char           *order_id;
  gboolean        waiting;
  LdOutboxEntry  *refused_entry;
  LdBookingDoctor *doctor;

  GtkLabel       *patient_label;
  GtkSearchEntry *catalog_entry;
  GtkListBox     *catalog_list;
  GtkListBox     *cart_list;
  AdwComboRow    *discount_kind_row;
  AdwEntryRow    *discount_value_row;
  AdwEntryRow    *discount_reason_row;
  AdwComboRow    *priority_row;
  AdwEntryRow    *doctor_row;
  GtkListBox     *doctor_matches;
  GtkLabel       *doctor_kind_label;
  AdwExpanderRow *home_row;
  AdwEntryRow    *address_row;
  AdwComboRow    *slot_day_row;
  AdwComboRow    *slot_time_row;
  GtkLabel       *totals_label;
  GtkLabel       *total_label;
  GtkLabel       *status_label;
};

G_DEFINE_FINAL_TYPE (LdBookingPage, ld_booking_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_PATIENT_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void update (LdBookingPage *self);

static void
set_status (LdBookingPage *self,
            const char *text,
            gboolean    is_error)
{
  ld_desk_status_show (self->status_label, text, is_error);
}

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* What was typed, without the spaces around it. */
static char *
dup_entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (entry_text (row)));
}

/* The catalogue. */

static char *
describe_entry (const LdCartEntry *entry)
{
  g_autofree char *price = NULL;

  if (entry->panel != NULL)
    {
      guint n = g_strv_length (entry->panel->tests);

      price = ld_report_format_rupees (entry->panel->price_paise);
      /* Translators: a panel in the catalogue: its code, how many tests
       * it holds and its price, as "LFT · panel of 7 tests · ₹550.00". */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · panel of %u test · %s",
                                           "%s · panel of %u tests · %s", n),
                              entry->panel->code, n, price);
    }
  price = ld_report_format_rupees (entry->test->price_paise);
  /* Translators: a test in the catalogue: its code and its price. */
  return g_strdup_printf (_("%s · test · %s"), entry->test->code, price);
}

static void
refresh_catalog (LdBookingPage *self)
{
  g_autoptr(GPtrArray) found = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->catalog_list))) != NULL)
    gtk_list_box_remove (self->catalog_list, child);

  g_free (self->shown_query);
  self->shown_query = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->catalog_entry)));
  found = ld_desk_cart_search (self->cart, gtk_editable_get_text (GTK_EDITABLE (self->catalog_entry)),
                          CATALOG_MATCHES);
  for (guint i = 0; i < found->len; i++)
    {
      const LdCartEntry *entry = g_ptr_array_index (found, i);
      const char *code = entry->panel ? entry->panel->code : entry->test->code;
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = describe_entry (entry);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     entry->panel ? entry->panel->name : entry->test->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "code", g_strdup (code), g_free);
      gtk_list_box_append (self->catalog_list, row);
    }
  gtk_list_box_select_row (self->catalog_list, gtk_list_box_get_row_at_index (self->catalog_list, 0));
}

static void
add_code (LdBookingPage *self,
          const char    *code)
{
  if (!ld_desk_cart_add (self->cart, code))
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a test or panel code. */
      text = g_strdup_printf (_("%s is already in the cart."), code);
      set_status (self, text, FALSE);
      return;
    }
  set_status (self, NULL, FALSE);
  update (self);
}

static void
add_row (LdBookingPage *self,
         GtkListBoxRow *row)
{
  const char *code = row ? g_object_get_data (G_OBJECT (row), "code") : NULL;

  if (code == NULL)
    return;
  add_code (self, code);
  /* Ready for the next code from the slip. */
  gtk_editable_set_text (GTK_EDITABLE (self->catalog_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->catalog_entry));
}

static void
on_catalog_entry_search_changed_cb (LdBookingPage *self)
{
  refresh_catalog (self);
}

static void
on_catalog_entry_activate_cb (LdBookingPage *self)
{
  /* A code typed (or scanned) fast and ended with Enter: what was typed. */
  if (g_strcmp0 (self->shown_query, gtk_editable_get_text (GTK_EDITABLE (self->catalog_entry))) != 0)
    refresh_catalog (self);
  add_row (self, gtk_list_box_get_selected_row (self->catalog_list));
}

static void
on_catalog_list_row_activated_cb (LdBookingPage *self,
                                  GtkListBoxRow *row)
{
  add_row (self, row);
}

/* Up and Down in the search move the highlight, so the hands stay on
 * the keys between codes. */
static gboolean
on_catalog_key_pressed_cb (GtkEventControllerKey *controller,
                           guint                  keyval,
                           guint                  keycode,
                           GdkModifierType        state,
                           LdBookingPage         *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->catalog_list);
  int index = row ? gtk_list_box_row_get_index (row) : -1;
  GtkListBoxRow *next;

  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    index++;
  else if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    index--;
  else
    return GDK_EVENT_PROPAGATE;

  next = gtk_list_box_get_row_at_index (self->catalog_list, MAX (index, 0));
  if (next != NULL)
    gtk_list_box_select_row (self->catalog_list, next);
  return GDK_EVENT_STOP;
}

/* The cart. */

static GtkWidget *
build_cart_row (LdBookingPage     *self,
                const LdOrderItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *price = gtk_label_new (NULL);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  g_autofree char *list_price = ld_report_format_rupees (item->list_price_paise);
  g_autofree char *charged = ld_report_format_rupees (item->charged_paise);
  g_autofree char *subtitle = NULL;
  g_autofree char *remove_name = NULL;
  g_autofree char *row_name = g_strdup_printf ("cart-%s", item->code);

  if (item->covered_by != NULL)
    {
      const char *panel = ld_desk_cart_lookup_name (self->cart, item->covered_by);

      /* Translators: a cart line charged nothing: its code, and the
       * panel of the cart that already holds it. */
      subtitle = g_strdup_printf (_("%s · included in %s, not charged again"), item->code,
                                  panel ? panel : item->covered_by);
    }
  else if (item->charged_paise != item->list_price_paise)
    /* Translators: a panel charged less than its list price because a
     * dearer panel of the cart holds some of its tests. */
    subtitle = g_strdup_printf (_("%s · list price %s, less the tests already in the cart"),
                                item->code, list_price);
  else
    subtitle = g_strdup (item->code);

  gtk_widget_set_name (row, row_name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data_full (G_OBJECT (row), "code", g_strdup (item->code), g_free);

  gtk_label_set_text (GTK_LABEL (price), charged);
  gtk_widget_add_css_class (price, "numeric");
  if (item->charged_paise == 0)
    gtk_widget_add_css_class (price, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), price);

  /* Translators: the accessible name of a cart line's remove button. */
  remove_name = g_strdup_printf (_("Remove %s"), item->name);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove from the cart (Delete)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_name, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "booking.remove-item");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", item->code);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

/* The discount as typed: its kind and value, or why it cannot be read. */
static const char *
read_discount (LdBookingPage  *self,
               LdDiscountKind *out_kind,
               gint64         *out_value)
{
  const char *text = entry_text (self->discount_value_row);

  *out_value = 0;
  switch (adw_combo_row_get_selected (self->discount_kind_row))
    {
    case 1:
      *out_kind = LD_DISCOUNT_PERCENT;
      if (!g_ascii_string_to_signed (text, 10, 0, 100, out_value, NULL))
        return N_("must be a whole percent from 0 to 100");
      return NULL;
    case 2:
      *out_kind = LD_DISCOUNT_AMOUNT;
      return ld_money_parse (text, out_value);
    default:
      *out_kind = LD_DISCOUNT_NONE;
      return NULL;
    }
}

static void
update (LdBookingPage *self)
{
  g_auto(LdCartPrice) price = { 0, };
  LdDiscountKind kind;
  gint64 value;
  const char *refusal;
  GtkWidget *child;
  g_autofree char *subtotal = NULL;
  g_autofree char *discount = NULL;
  g_autofree char *home_fee = NULL;
  g_autofree char *tax = NULL;
  g_autofree char *total = NULL;
  g_autofree char *totals = NULL;
  gboolean has_discount;

  refusal = read_discount (self, &kind, &value);
  has_discount = kind != LD_DISCOUNT_NONE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->discount_value_row), has_discount);
  gtk_widget_set_sensitive (GTK_WIDGET (self->discount_reason_row), has_discount);

  ld_desk_cart_price (self->cart, refusal ? LD_DISCOUNT_NONE : kind, value,
                 adw_expander_row_get_enable_expansion (self->home_row), &price);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cart_list))) != NULL)
    gtk_list_box_remove (self->cart_list, child);
  for (guint i = 0; i < price.items->len; i++)
    gtk_list_box_append (self->cart_list, build_cart_row (self, g_ptr_array_index (price.items, i)));

  /* A value not yet typed is no error; one that cannot be given is said
   * as it is typed, by the server's own rule. */
  if (has_discount && *entry_text (self->discount_value_row) != '\0')
    ld_field_error_set (GTK_WIDGET (self->discount_value_row),
                        refusal ? refusal : price.discount_refusal);
  else
    ld_field_error_set (GTK_WIDGET (self->discount_value_row), NULL);
  /* A field said to be missing is no longer once something is typed. */
  if (*entry_text (self->discount_reason_row) != '\0')
    ld_field_error_set (GTK_WIDGET (self->discount_reason_row), NULL);
  if (*entry_text (self->address_row) != '\0')
    ld_field_error_set (GTK_WIDGET (self->address_row), NULL);

  subtotal = ld_report_format_rupees (price.money.subtotal);
  discount = ld_report_format_rupees (price.discount_refusal ? 0 : price.money.discount);
  home_fee = ld_report_format_rupees (price.money.home_fee);
  tax = ld_report_format_rupees (price.money.tax);
  total = ld_report_format_rupees (price.money.total);
  /* Translators: the booking footer's sums; each amount as ₹1,234.00. */
  totals = g_strdup_printf (_("Subtotal %s    Discount −%s    Home collection %s    Tax %s"),
                            subtotal, discount, home_fee, tax);
  gtk_label_set_text (self->totals_label, totals);
  gtk_label_set_text (self->total_label, total);

  {
    g_autofree char *fee = ld_report_format_rupees (ld_desk_cart_get_settings (self->cart)->home_collection_fee_paise);
    /* Translators: the home-collection switch's subtitle; %s is the fee. */
    g_autofree char *text = g_strdup_printf (_("A phlebotomist visits; adds %s"), fee);

    adw_expander_row_set_subtitle (self->home_row, text);
  }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "booking.book",
                                 !self->waiting && ld_desk_cart_get_n_items (self->cart) > 0);
}

static void
on_form_changed_cb (LdBookingPage *self)
{
  update (self);
}

/* Delete on a cart line removes it; the next line (or the search) takes
 * the focus, so several can go in a row. */
static gboolean
on_cart_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        LdBookingPage         *self)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkWidget *row;
  const char *code;
  int index;

  if (keyval != GDK_KEY_Delete && keyval != GDK_KEY_KP_Delete)
    return GDK_EVENT_PROPAGATE;
  row = focus ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) : NULL;
  code = row ? g_object_get_data (G_OBJECT (row), "code") : NULL;
  if (code == NULL)
    return GDK_EVENT_PROPAGATE;

  index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
  ld_desk_cart_remove (self->cart, code);
  update (self);
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->cart_list, index));
  if (row == NULL && index > 0)
    row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->cart_list, index - 1));
  gtk_widget_grab_focus (row ? row : GTK_WIDGET (self->catalog_entry));
  return GDK_EVENT_STOP;
}

static void
remove_item_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LdBookingPage *self = LD_BOOKING_PAGE (widget);

  if (ld_desk_cart_remove (self->cart, g_variant_get_string (parameter, NULL)))
    update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->catalog_entry));
}

/* Booking. */

static char *
format_slot (GDateTime *day,
             int        hour)
{
  g_autoptr(GDateTime) at = g_date_time_new_local (g_date_time_get_year (day),
                                                   g_date_time_get_month (day),
                                                   g_date_time_get_day_of_month (day),
                                                   hour, 0, 0);

  return g_date_time_format_iso8601 (at);
}

static JsonObject *
build_params (LdBookingPage *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  LdDiscountKind kind;
  gint64 value;
  guint priority = adw_combo_row_get_selected (self->priority_row);

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "id", self->order_id);
  ld_json_builder_add_string (builder, "patient_id", self->patient_id);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (const char * const *code = ld_desk_cart_get_codes (self->cart); *code != NULL; code++)
    json_builder_add_string_value (builder, *code);
  json_builder_end_array (builder);

  if (priority < G_N_ELEMENTS (priorities) && priority > 0)
    ld_json_builder_add_string (builder, "priority", priorities[priority]);

  if (read_discount (self, &kind, &value) == NULL && kind != LD_DISCOUNT_NONE)
    {
      g_autofree char *reason = dup_entry_text (self->discount_reason_row);

      json_builder_set_member_name (builder, "discount");
      json_builder_begin_object (builder);
      ld_json_builder_add_string (builder, "kind", kind == LD_DISCOUNT_PERCENT ? "percent" : "amount");
      ld_json_builder_add_int (builder, "value", value);
      ld_json_builder_add_string (builder, "reason", reason);
      json_builder_end_object (builder);
    }

  ld_booking_doctor_add_params (self->doctor, builder);

  if (adw_expander_row_get_enable_expansion (self->home_row))
    {
      guint day_index = adw_combo_row_get_selected (self->slot_day_row);
      guint time_index = MIN (adw_combo_row_get_selected (self->slot_time_row),
                              G_N_ELEMENTS (slot_times) - 1);
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) day = g_date_time_add_days (now, 1 + MIN (day_index, N_SLOT_DAYS - 1));
      g_autofree char *start = format_slot (day, slot_times[time_index].start_hour);
      g_autofree char *end = format_slot (day, slot_times[time_index].end_hour);

      ld_json_builder_add_string (builder, "collection", "home");
      json_builder_set_member_name (builder, "home_visit");
      json_builder_begin_object (builder);
      ld_json_builder_add_string (builder, "address", entry_text (self->address_row));
      ld_json_builder_add_string (builder, "slot_start", start);
      ld_json_builder_add_string (builder, "slot_end", end);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

/* What the server would refuse at once, said at the field first. */
static gboolean
check_form (LdBookingPage *self)
{
  LdDiscountKind kind;
  gint64 value;
  const char *refusal = read_discount (self, &kind, &value);
  g_auto(LdCartPrice) price = { 0, };
  gboolean ok = TRUE;
  g_autofree char *reason = dup_entry_text (self->discount_reason_row);
  g_autofree char *address = dup_entry_text (self->address_row);

  ld_field_errors_clear (self->fields);
  ld_desk_cart_price (self->cart, refusal ? LD_DISCOUNT_NONE : kind, value, FALSE, &price);
  if (kind != LD_DISCOUNT_NONE)
    {
      if (refusal == NULL)
        refusal = price.discount_refusal;
      if (refusal != NULL)
        {
          ld_field_error_set (GTK_WIDGET (self->discount_value_row), refusal);
          ok = FALSE;
        }
      if (*reason == '\0')
        {
          ld_field_error_set (GTK_WIDGET (self->discount_reason_row),
                              N_("is needed for a discount"));
          ok = FALSE;
        }
    }
  if (adw_expander_row_get_enable_expansion (self->home_row) && *address == '\0')
    {
      ld_field_error_set (GTK_WIDGET (self->address_row), N_("is needed for a home visit"));
      ok = FALSE;
    }
  if (!ld_booking_doctor_check (self->doctor))
    ok = FALSE;
  return ok;
}

/* The server has the order (or it waits offline): the order page takes
 * over, with the payment dialog. The booking page goes, so Escape from
 * the order does not come back to a cart already booked. */
static void
booked (LdBookingPage *self)
{
  GtkWidget *workspace = gtk_widget_get_ancestor (GTK_WIDGET (self), LD_TYPE_DESK_WORKSPACE);
  g_autofree char *id = g_strdup (self->order_id);

  self->waiting = FALSE;
  if (workspace == NULL)
    return;
  g_object_ref (workspace);
  ld_desk_workspace_back (LD_DESK_WORKSPACE (workspace));
  gtk_widget_activate_action (workspace, "desk.open-order", "s", id);
  gtk_widget_activate_action (workspace, "desk.take-payment", "s", id);
  g_object_unref (workspace);
}

static void
show_refusal (LdBookingPage *self,
              const GError  *error)
{
  g_autofree char *text = ld_error_text_describe (error);

  /* After update(), which says only what the desk's own rule finds. */
  update (self);
  ld_field_errors_show (error, self->fields);
  set_status (self, text, TRUE);
}

static gboolean
is_this_order (LdBookingPage *self,
               LdOutboxEntry *entry)
{
  return self->waiting &&
         ld_outbox_entry_get_action (entry) == LD_OUTBOX_ACTION_ORDER_CREATE &&
         g_strcmp0 (ld_outbox_entry_get_target_id (entry), self->order_id) == 0;
}

static void
on_outbox_entry_sent_cb (LdBookingPage *self,
                         LdOutboxEntry *entry,
                         JsonNode      *answer)
{
  if (is_this_order (self, entry))
    booked (self);
}

/* The server refused the order: its reasons go beside their fields, and
 * Book sends the fixed order in the refused one's place. */
static void
on_outbox_entry_refused_cb (LdBookingPage *self,
                            LdOutboxEntry *entry)
{
  JsonNode *fields = ld_outbox_entry_get_error_fields (entry);
  g_autoptr(GHashTable) messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  LdApiError code = LD_API_ERROR_VALIDATION_FAILED;

  if (!is_this_order (self, entry))
    return;
  self->waiting = FALSE;
  g_set_object (&self->refused_entry, entry);

  if (fields != NULL && JSON_NODE_HOLDS_OBJECT (fields))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *message;

      json_object_iter_init (&iter, json_node_get_object (fields));
      while (json_object_iter_next (&iter, &name, &message))
        if (json_node_get_value_type (message) == G_TYPE_STRING)
          g_hash_table_insert (messages, g_strdup (name), g_strdup (json_node_get_string (message)));
    }
  ld_api_error_from_code (ld_outbox_entry_get_error_code (entry), &code);
  error = ld_api_error_new_fields (code, messages, ld_outbox_entry_get_error_message (entry));
  show_refusal (self, error);
}

/* Offline, the order waits in the outbox; the desk goes on. */
static void
on_outbox_online_cb (LdBookingPage *self)
{
  if (self->waiting && !ld_outbox_get_online (ld_session_get_outbox (self->session)))
    booked (self);
}

static void
on_submitted_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LdBookingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  if (self->refused_entry != NULL)
    ld_outbox_resend_finish (LD_OUTBOX (source), result, &error);
  else
    answer = ld_outbox_submit_finish (LD_OUTBOX (source), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (error != NULL)
    {
      self->waiting = FALSE;
      show_refusal (self, error);
      return;
    }

  g_clear_object (&self->refused_entry);
  /* Online, the server's answer (entry-sent or entry-refused) decides. */
  if (!ld_outbox_get_online (LD_OUTBOX (source)))
    booked (self);
}

static void
book_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdBookingPage *self = LD_BOOKING_PAGE (widget);
  LdOutbox *outbox = ld_session_get_outbox (self->session);
  g_autoptr(JsonObject) params = NULL;

  if (self->waiting || ld_desk_cart_get_n_items (self->cart) == 0 || !check_form (self))
    return;

  if (self->order_id == NULL)
    self->order_id = g_uuid_string_random ();
  params = build_params (self);
  self->waiting = TRUE;
  set_status (self, _("Sending the order…"), FALSE);
  gtk_widget_action_set_enabled (widget, "booking.book", FALSE);

  if (self->refused_entry != NULL)
    ld_outbox_resend_async (outbox, self->refused_entry, params, self->cancellable,
                            on_submitted_cb, g_object_ref (self));
  else
    ld_outbox_submit_async (outbox, LD_OUTBOX_ACTION_ORDER_CREATE, params, self->cancellable,
                            on_submitted_cb, g_object_ref (self));
}

/* Loading. */

/* Tests and panels are read once both are here. */
static void
catalog_dumped (LdBookingPage *self,
                const char    *entity,
                GObject       *source,
                GAsyncResult  *result)
{
  g_autoptr(GError) error = NULL;
  GHashTable *records = ld_cache_dump_finish (LD_CACHE (source), result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_pointer (&records, g_hash_table_unref);
      return;
    }
  if (records == NULL)
    {
      g_autofree char *text = ld_error_text_describe (error);

      set_status (self, text, TRUE);
      return;
    }

  g_hash_table_insert (self->catalog_dumps, (gpointer) entity, records);
  if (g_hash_table_size (self->catalog_dumps) < 2)
    return;
  self->catalog_reads--;
  ld_desk_cart_load_catalog (self->cart, g_hash_table_lookup (self->catalog_dumps, "catalog_test"),
                        g_hash_table_lookup (self->catalog_dumps, "catalog_panel"));
  g_hash_table_remove_all (self->catalog_dumps);
  refresh_catalog (self);
}

static void
on_tests_dumped_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LdBookingPage) self = user_data;

  catalog_dumped (self, "catalog_test", source, result);
}

static void
on_panels_dumped_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(LdBookingPage) self = user_data;

  catalog_dumped (self, "catalog_panel", source, result);
}

static void
on_settings_read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(LdBookingPage) self = user_data;
  g_autoptr(JsonNode) node = ld_cache_get_record_finish (LD_CACHE (source), result, NULL);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  /* Only administrators follow the settings; the desk prices with the
   * lab's defaults, and the server's answer stands. */
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    ld_desk_cart_load_settings (self->cart, json_node_get_object (node));
  update (self);
}

static void
on_patient_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LdBookingPage) self = user_data;
  g_autoptr(JsonNode) node = ld_cache_get_record_finish (LD_CACHE (source), result, NULL);
  JsonObject *patient;
  g_autofree char *text = NULL;

  if (g_cancellable_is_cancelled (self->cancellable) || node == NULL ||
      !JSON_NODE_HOLDS_OBJECT (node))
    return;
  patient = json_node_get_object (node);
  if (ld_json_object_get_string (patient, "mrn") != NULL)
    /* Translators: who the order is for: the patient's name and MRN. */
    text = g_strdup_printf (_("for %s · %s"), ld_json_object_get_string (patient, "name"),
                            ld_json_object_get_string (patient, "mrn"));
  else
    /* Translators: who the order is for, registered here and not yet sent. */
    text = g_strdup_printf (_("for %s · waiting to be sent"),
                            ld_json_object_get_string (patient, "name"));
  gtk_label_set_text (self->patient_label, text);
}

static void
fill_slot_days (LdBookingPage *self)
{
  g_autoptr(GtkStringList) days = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  for (guint i = 0; i < N_SLOT_DAYS; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (now, 1 + i);
      g_autofree char *date = g_date_time_format (day, "%a %e %b");
      g_autofree char *text = NULL;

      if (i == 0)
        /* Translators: the first day a home visit may be booked; %s is
         * its date, as "Tue 24 Nov". */
        text = g_strdup_printf (_("Tomorrow, %s"), date);
      else
        text = g_strdup (date);
      gtk_string_list_append (days, text);
    }
  adw_combo_row_set_model (self->slot_day_row, G_LIST_MODEL (days));
}

static void
read_catalog (LdBookingPage *self)
{
  LdCache *cache = ld_session_get_cache (self->session);

  self->catalog_reads++;
  ld_cache_dump_async (cache, "catalog_test", self->cancellable, on_tests_dumped_cb,
                       g_object_ref (self));
  ld_cache_dump_async (cache, "catalog_panel", self->cancellable, on_panels_dumped_cb,
                       g_object_ref (self));
}

/* On the first sign-in at this PC the catalogue arrives with the first
 * sync, maybe after the page opened: it is read again until it is here. */
static void
on_cache_changed_cb (LdBookingPage *self)
{
  if (self->catalog_reads == 0 && ld_desk_cart_get_n_catalog_items (self->cart) == 0)
    read_catalog (self);
}

/* GObject. */

static void
ld_booking_page_constructed (GObject *object)
{
  LdBookingPage *self = (LdBookingPage *)object;
  LdCache *cache = ld_session_get_cache (self->session);
  LdOutbox *outbox = ld_session_get_outbox (self->session);

  G_OBJECT_CLASS (ld_booking_page_parent_class)->constructed (object);

  self->doctor = ld_booking_doctor_new (self->session, self->doctor_row, self->doctor_matches,
                                        self->doctor_kind_label);
  read_catalog (self);
  g_signal_connect_object (cache, "changed", G_CALLBACK (on_cache_changed_cb), self,
                           G_CONNECT_SWAPPED);
  ld_cache_get_record_async (cache, "settings", "lab", self->cancellable, on_settings_read_cb,
                             g_object_ref (self));
  ld_cache_get_record_async (cache, "patient", self->patient_id, self->cancellable,
                             on_patient_read_cb, g_object_ref (self));

  g_signal_connect_object (outbox, "entry-sent", G_CALLBACK (on_outbox_entry_sent_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (outbox, "entry-refused", G_CALLBACK (on_outbox_entry_refused_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (outbox, "notify::online", G_CALLBACK (on_outbox_online_cb), self,
                           G_CONNECT_SWAPPED);
  update (self);
}

static void
ld_booking_page_dispose (GObject *object)
{
  LdBookingPage *self = (LdBookingPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->doctor);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_BOOKING_PAGE);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->cart, ld_desk_cart_free);
  g_clear_pointer (&self->catalog_dumps, g_hash_table_unref);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->patient_id, g_free);
  g_clear_pointer (&self->order_id, g_free);
  g_clear_pointer (&self->shown_query, g_free);
  g_clear_object (&self->refused_entry);

  G_OBJECT_CLASS (ld_booking_page_parent_class)->dispose (object);
}

static void
ld_booking_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LdBookingPage *self = LD_BOOKING_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_PATIENT_ID:
      g_value_set_string (value, self->patient_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_booking_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LdBookingPage *self = LD_BOOKING_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_PATIENT_ID:
      self->patient_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (LD_BOOKING_PAGE (widget)->catalog_entry));
}

static void
ld_booking_page_class_init (LdBookingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_booking_page_constructed;
  object_class->dispose = ld_booking_page_dispose;
  object_class->get_property = ld_booking_page_get_property;
  object_class->set_property = ld_booking_page_set_property;
  widget_class->grab_focus = grab_focus;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_PATIENT_ID] =
    g_param_spec_string ("patient-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/desk/ld-booking-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, patient_label);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, catalog_entry);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, catalog_list);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, cart_list);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, discount_kind_row);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, discount_value_row);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, discount_reason_row);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, priority_row);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, doctor_row);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, doctor_matches);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, doctor_kind_label);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, home_row);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, slot_day_row);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, slot_time_row);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, totals_label);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, LdBookingPage, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_catalog_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_catalog_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_catalog_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed_cb);

  gtk_widget_class_install_action (widget_class, "booking.book", NULL, book_action);
  gtk_widget_class_install_action (widget_class, "booking.remove-item", "s", remove_item_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "booking.book", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "booking.book", NULL);
}

static void
ld_booking_page_init (LdBookingPage *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cart = ld_desk_cart_new ();
  self->cancellable = g_cancellable_new ();
  self->catalog_dumps = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                               (GDestroyNotify) g_hash_table_unref);
  fill_slot_days (self);

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_catalog_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->catalog_entry), keys);
  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_cart_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->cart_list), keys);

  {
    GtkWidget *placeholder = gtk_label_new (_("Nothing in the cart yet: search the catalogue "
                                              "and press Enter to add."));

    gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
    gtk_widget_set_margin_top (placeholder, 18);
    gtk_widget_set_margin_bottom (placeholder, 18);
    gtk_widget_add_css_class (placeholder, "dim-label");
    gtk_list_box_set_placeholder (self->cart_list, placeholder);
  }

  self->fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (self->fields, (gpointer) "discount", self->discount_value_row);
  g_hash_table_insert (self->fields, (gpointer) "discount.value", self->discount_value_row);
  g_hash_table_insert (self->fields, (gpointer) "discount.kind", self->discount_kind_row);
  g_hash_table_insert (self->fields, (gpointer) "discount.reason", self->discount_reason_row);
  g_hash_table_insert (self->fields, (gpointer) "priority", self->priority_row);
  g_hash_table_insert (self->fields, (gpointer) "referring_doctor_name", self->doctor_row);
  g_hash_table_insert (self->fields, (gpointer) "doctor_id", self->doctor_row);
  g_hash_table_insert (self->fields, (gpointer) "home_visit", self->address_row);
  g_hash_table_insert (self->fields, (gpointer) "home_visit.address", self->address_row);
  g_hash_table_insert (self->fields, (gpointer) "home_visit.slot_start", self->slot_day_row);
  g_hash_table_insert (self->fields, (gpointer) "home_visit.slot_end", self->slot_time_row);
}

/**
 * ld_booking_page_new:
 * @session: the signed-in session
 * @patient_id: whom the tests are for
 *
 * Returns: (transfer floating): a new booking page
 */
GtkWidget *
ld_booking_page_new (LdSession  *session,
                     const char *patient_id)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  return g_object_new (LD_TYPE_BOOKING_PAGE, "session", session, "patient-id", patient_id, NULL);
}
