/* ld-item-notify.c: a typed item notifies only what a fresh copy changed
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The typed items (ld-order-view.c, ld-result-view.c, ld-sample-view.c)
 * hold a shared record and show it as read-only properties. When a fresh
 * copy replaces the record, they take the values of every property before
 * (ld_item_snapshot()) and notify those that differ after
 * (ld_item_notify_changes()): a view bound to the item redraws only what
 * moved.
 */

#define G_LOG_DOMAIN "ld-item-notify"

#include "config.h"

#include "ld-item-notify.h"

/**
 * ld_item_snapshot:
 * @object: an item
 * @properties: (array length=n_props): its properties; the first (PROP_0)
 *   is %NULL and skipped
 * @n_props: how many
 *
 * Returns: (transfer full): the value of every property, for
 *   ld_item_notify_changes()
 */
GValue *
ld_item_snapshot (GObject     *object,
                  GParamSpec **properties,
                  guint        n_props)
{
  GValue *values;

  g_return_val_if_fail (G_IS_OBJECT (object), NULL);
  g_return_val_if_fail (properties != NULL, NULL);

  values = g_new0 (GValue, n_props);
  for (guint i = 1; i < n_props; i++)
    {
      g_value_init (&values[i], properties[i]->value_type);
      g_object_get_property (object, properties[i]->name, &values[i]);
    }
  return values;
}

/**
 * ld_item_notify_changes:
 * @object: an item
 * @properties: (array length=n_props): as given to ld_item_snapshot()
 * @n_props: how many
 * @before: (transfer full): what ld_item_snapshot() took
 *
 * Notifies each property whose value differs from @before, in one frozen
 * burst.
 */
void
ld_item_notify_changes (GObject     *object,
                        GParamSpec **properties,
                        guint        n_props,
                        GValue      *before)
{
  g_return_if_fail (G_IS_OBJECT (object));
  g_return_if_fail (before != NULL);

  g_object_freeze_notify (object);
  for (guint i = 1; i < n_props; i++)
    {
      g_auto(GValue) now = G_VALUE_INIT;

      g_value_init (&now, properties[i]->value_type);
      g_object_get_property (object, properties[i]->name, &now);
      if (g_param_values_cmp (properties[i], &before[i], &now) != 0)
        g_object_notify_by_pspec (object, properties[i]);
      g_value_unset (&before[i]);
    }
  g_object_thaw_notify (object);
  g_free (before);
}
