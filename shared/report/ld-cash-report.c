/* ld-cash-report.c: the day's cash report, read from the server's answer
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /api/v1/reports/cash read once, strictly, into what both the desk's
 * screen and its printed page show, so the two cannot disagree.
 */

#define G_LOG_DOMAIN "ld-cash-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-cash-report.h"
#include "ld-error.h"
#include "ld-json.h"
#include "ld-time.h"

static void
cash_entry_free (LdCashEntry *entry)
{
  g_free (entry->method);
  g_free (entry->reference);
  g_free (entry->reason);
  g_free (entry->order_id);
  g_free (entry->order_number);
  g_free (entry->patient_name);
  g_free (entry->patient_mrn);
  g_free (entry->user);
  g_free (entry);
}

static void
cash_total_free (LdCashTotal *total)
{
  g_free (total->name);
  g_free (total);
}

LdCashReport *
ld_cash_report_new (void)
{
  LdCashReport *report = g_new0 (LdCashReport, 1);

  report->lab = g_new0 (LdReportLab, 1);
  report->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cash_entry_free);
  report->users = g_ptr_array_new_with_free_func ((GDestroyNotify) cash_total_free);
  report->methods = g_ptr_array_new_with_free_func ((GDestroyNotify) cash_total_free);
  return report;
}

void
ld_cash_report_free (LdCashReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->lab, ld_report_lab_free);
  g_ptr_array_unref (report->entries);
  g_ptr_array_unref (report->users);
  g_ptr_array_unref (report->methods);
  g_free (report->date);
  g_free (report->printed_by);
  g_free (report);
}

/**
 * ld_cash_method_label:
 * @method: a payment method as the wire names it
 *
 * Returns: the method in words, translated
 */
const char *
ld_cash_method_label (const char *method)
{
  if (g_strcmp0 (method, "cash") == 0)
    return C_("payment method", "Cash");
  if (g_strcmp0 (method, "card") == 0)
    return C_("payment method", "Card");
  if (g_strcmp0 (method, "upi") == 0)
    return C_("payment method", "UPI");
  if (g_strcmp0 (method, "online") == 0)
    return C_("payment method", "Online");
  return method;
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gint64
get_int (JsonObject *object,
         const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

static char *
dup_member (JsonObject *object,
            const char *member)
{
  return object != NULL ? g_strdup (ld_json_object_get_string (object, member)) : NULL;
}

/* A user as people know them: the display name, else the username. */
static char *
dup_user (JsonObject *object)
{
  JsonObject *user = get_object (object, "user");
  char *name = dup_member (user, "display_name");

  return name != NULL ? name : dup_member (user, "username");
}

static JsonArray *
get_array (JsonObject  *answer,
           const char  *member,
           GError     **error)
{
  JsonNode *node = json_object_get_member (answer, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, LD_API_ERROR, LD_API_ERROR_INTERNAL,
                   _("The server's cash report could not be read."));
      return NULL;
    }
  return json_node_get_array (node);
}

static LdCashTotal *
read_total (JsonObject *item,
            char       *name)
{
  LdCashTotal *total = g_new0 (LdCashTotal, 1);

  total->name = name;
  total->payments = MAX (get_int (item, "payments"), 0);
  total->refunds = MAX (get_int (item, "refunds"), 0);
  total->received_paise = get_int (item, "received_paise");
  total->refunded_paise = get_int (item, "refunded_paise");
  total->net_paise = get_int (item, "net_paise");
  return total;
}

/**
 * ld_cash_report_fill:
 * @report: an empty report
 * @answer: the answer of GET /api/v1/reports/cash
 * @error: return location for an %LD_API_ERROR
 *
 * Reads every payment and refund of the day, the totals per user and per
 * method (the server's), and adds up the day's net.
 *
 * Returns: %TRUE when the answer could be read
 */
gboolean
ld_cash_report_fill (LdCashReport  *report,
                     JsonObject    *answer,
                     GError       **error)
{
  JsonArray *entries;
  JsonArray *users;
  JsonArray *totals;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (answer != NULL, FALSE);

  if ((entries = get_array (answer, "entries", error)) == NULL ||
      (users = get_array (answer, "users", error)) == NULL ||
      (totals = get_array (answer, "totals", error)) == NULL)
    return FALSE;

  g_free (report->date);
  report->date = dup_member (answer, "date");

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      LdCashEntry *entry;

      if (item == NULL)
        continue;
      entry = g_new0 (LdCashEntry, 1);
      ld_time_parse_rfc3339 (ld_json_object_get_string (item, "decided_at"), &entry->at_us);
      entry->refund = g_strcmp0 (ld_json_object_get_string (item, "kind"), "refund") == 0;
      entry->method = dup_member (item, "method");
      entry->amount_paise = get_int (item, "amount_paise");
      entry->reference = dup_member (item, "reference");
      entry->reason = dup_member (item, "reason");
      entry->order_id = dup_member (get_object (item, "order"), "id");
      entry->order_number = dup_member (get_object (item, "order"), "number");
      entry->patient_name = dup_member (get_object (item, "patient"), "name");
      entry->patient_mrn = dup_member (get_object (item, "patient"), "mrn");
      entry->user = dup_user (item);
      g_ptr_array_add (report->entries, entry);
    }

  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonNode *node = json_array_get_element (users, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (report->users, read_total (json_node_get_object (node),
                                                    dup_user (json_node_get_object (node))));
    }

  report->received_paise = report->refunded_paise = report->net_paise = 0;
  for (guint i = 0; i < json_array_get_length (totals); i++)
    {
      JsonNode *node = json_array_get_element (totals, i);
      LdCashTotal *total;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      total = read_total (json_node_get_object (node),
                          dup_member (json_node_get_object (node), "method"));
      /* The server counts payments and refunds per user; per method, the
       * entries say how many. */
      for (guint j = 0; j < report->entries->len; j++)
        {
          const LdCashEntry *entry = g_ptr_array_index (report->entries, j);

          if (g_strcmp0 (entry->method, total->name) == 0)
            {
              if (entry->refund)
                total->refunds++;
              else
                total->payments++;
            }
        }
      report->received_paise += total->received_paise;
      report->refunded_paise += total->refunded_paise;
      report->net_paise += total->net_paise;
      g_ptr_array_add (report->methods, total);
    }
  return TRUE;
}
