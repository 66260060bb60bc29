/* ld-error-text.c: errors said in the person's language
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server's messages are English and exact; the person at the desk
 * reads a sentence in their own language chosen by the wire code, with
 * the server's message kept as the detail. Field errors go beside their
 * fields: the field messages of shared/model are marked for translation,
 * so the server's "is in the future" reads in Hindi too.
 */

#define G_LOG_DOMAIN "ld-error-text"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ld-error.h"
#include "ld-error-text.h"

/* clang-format off */
static const char *const api_titles[] = {
  [LD_API_ERROR_BAD_REQUEST] = N_("The server did not understand the request."),
  [LD_API_ERROR_VALIDATION_FAILED] = N_("Some details need correcting."),
  [LD_API_ERROR_UNAUTHORIZED] = N_("Your session has ended. Sign in again."),
  [LD_API_ERROR_FORBIDDEN] = N_("Your role does not allow this."),
  [LD_API_ERROR_NOT_FOUND] = N_("It was not found; it may have been removed."),
  [LD_API_ERROR_METHOD_NOT_ALLOWED] = N_("The server does not allow this."),
  [LD_API_ERROR_CONFLICT] = N_("Someone else changed this in the meantime."),
  [LD_API_ERROR_GONE] = N_("This is no longer possible: it has expired or ended."),
  [LD_API_ERROR_PAYLOAD_TOO_LARGE] = N_("What was sent is too large."),
  [LD_API_ERROR_RATE_LIMITED] = N_("Too many attempts. Wait a moment and try again."),
  [LD_API_ERROR_UNAVAILABLE] = N_("The server cannot take this now. Your work is kept; "
                                  "try again shortly."),
  [LD_API_ERROR_INTERNAL] = N_("Something went wrong on the server. Tell your administrator."),
};
/* clang-format on */

/**
 * ld_error_text_title:
 * @error: what went wrong
 *
 * Returns: (transfer none): one translated sentence for @error, chosen
 *   by its code, never by its message
 */
const char *
ld_error_text_title (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == LD_API_ERROR && error->code >= 0 && error->code <= LD_API_ERROR_LAST)
    return _(api_titles[error->code]);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return _("Cancelled.");
  if (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR)
    return _("The server cannot be reached.");
  return _("Something went wrong.");
}

/**
 * ld_error_text_describe:
 * @error: what went wrong
 *
 * Returns: (transfer full): the translated title, then the server's own
 *   message as detail when it says more
 */
char *
ld_error_text_describe (const GError *error)
{
  const char *title;

  g_return_val_if_fail (error != NULL, NULL);

  title = ld_error_text_title (error);
  if (error->message == NULL || *error->message == '\0' || g_str_equal (error->message, title))
    return g_strdup (title);
  /* Translators: an error: the sentence in your language, then the
   * server's own message (English) as detail. */
  return g_strdup_printf (_("%s (%s)"), title, error->message);
}

/**
 * ld_error_text_field_message:
 * @message: a field error from shared/model or the server
 *
 * Returns: (transfer none): @message translated when the catalogue has it
 */
const char *
ld_error_text_field_message (const char *message)
{
  g_return_val_if_fail (message != NULL, NULL);

  return g_dgettext (GETTEXT_PACKAGE, message);
}

static GQuark
field_error_quark (void)
{
  return g_quark_from_static_string ("ld-field-error");
}

/**
 * ld_field_error_set:
 * @field: an entry, an #AdwEntryRow, an #AdwActionRow or another widget
 * @message: (nullable): the error to show beside it; %NULL clears it
 *
 * Shows @message beside @field in words (not colour alone), and tells a
 * screen reader through the field's accessible description.
 */
void
ld_field_error_set (GtkWidget  *field,
                    const char *message)
{
  GtkWidget *label;

  g_return_if_fail (GTK_IS_WIDGET (field));

  label = g_object_get_qdata (G_OBJECT (field), field_error_quark ());
  if (message == NULL)
    {
      gtk_widget_remove_css_class (field, "error");
      if (label != NULL)
        gtk_widget_set_visible (label, FALSE);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (field),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
      return;
    }

  message = ld_error_text_field_message (message);
  if (label == NULL)
    {
      label = gtk_label_new (NULL);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
      gtk_label_set_width_chars (GTK_LABEL (label), 16);
      gtk_widget_add_css_class (label, "error");
      gtk_widget_add_css_class (label, "caption");
      if (ADW_IS_ENTRY_ROW (field))
        adw_entry_row_add_suffix (ADW_ENTRY_ROW (field), label);
      else if (ADW_IS_ACTION_ROW (field))
        adw_action_row_add_suffix (ADW_ACTION_ROW (field), label);
      else
        {
          /* A plain widget: the message as its tooltip, and in words for
           * the screen reader below. */
          g_object_unref (g_object_ref_sink (label));
          label = NULL;
        }
      if (label != NULL)
        g_object_set_qdata (G_OBJECT (field), field_error_quark (), label);
    }

  if (label != NULL)
    {
      gtk_label_set_text (GTK_LABEL (label), message);
      gtk_widget_set_visible (label, TRUE);
    }
  else
    gtk_widget_set_tooltip_text (field, message);

  gtk_widget_add_css_class (field, "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (field),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (field),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
}

/**
 * ld_field_error_set_label:
 * @field: a plain field, such as a #GtkEntry in a grid
 * @label: the hidden #GtkLabel the form placed under it
 *
 * Makes ld_field_error_set() show @field's error in @label, in words a
 * person sees, rather than in a tooltip.
 */
void
ld_field_error_set_label (GtkWidget *field,
                          GtkWidget *label)
{
  g_return_if_fail (GTK_IS_WIDGET (field));
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_visible (label, FALSE);
  g_object_set_qdata (G_OBJECT (field), field_error_quark (), label);
}

/**
 * ld_field_errors_show:
 * @error: a refusal, maybe with field errors (ld_api_error_get_fields())
 * @fields_to_widgets: (element-type utf8 GtkWidget): the form's fields
 *   by their wire names
 *
 * Puts each field error of @error beside its field, clearing the others.
 *
 * Returns: how many field errors found their field; the rest (and any
 *   error without fields) the caller says elsewhere
 */
guint
ld_field_errors_show (const GError *error,
                      GHashTable   *fields_to_widgets)
{
  GHashTable *fields;
  GHashTableIter iter;
  gpointer name, message;
  guint shown = 0;

  g_return_val_if_fail (fields_to_widgets != NULL, 0);

  ld_field_errors_clear (fields_to_widgets);
  fields = error ? ld_api_error_get_fields (error) : NULL;
  if (fields == NULL)
    return 0;

  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &name, &message))
    {
      GtkWidget *widget = g_hash_table_lookup (fields_to_widgets, name);

      if (widget == NULL)
        continue;
      ld_field_error_set (widget, message);
      shown++;
    }
  return shown;
}

/**
 * ld_field_errors_clear:
 * @fields_to_widgets: (element-type utf8 GtkWidget): the form's fields
 */
void
ld_field_errors_clear (GHashTable *fields_to_widgets)
{
  GHashTableIter iter;
  gpointer widget;

  g_return_if_fail (fields_to_widgets != NULL);

  g_hash_table_iter_init (&iter, fields_to_widgets);
  while (g_hash_table_iter_next (&iter, NULL, &widget))
    ld_field_error_set (widget, NULL);
}
