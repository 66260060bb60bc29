/* ld-verify-page-private.h: the verify page's parts shared by its files
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-verify-page.h"
#include "store/ld-order-follow.h"
#include "store/ld-record-items.h"

G_BEGIN_DECLS

struct _LdVerifyPage
{
  AdwBin               parent_instance;

  LdSession           *session;
  char                *order_id;
  LdOrderFollow       *follow;
  /* The order's results, as typed items (LdResultView). */
  LdRecordItems       *results;
  GCancellable        *cancellable;
  char                *export_path;
  guint                rebuild_id;
  gboolean             allow_self_verification;
  gboolean             busy;

  GtkLabel            *title_label;
  GtkLabel            *patient_label;
  GtkLabel            *state_label;
  GtkLabel            *self_label;
  AdwPreferencesGroup *critical_group;
  AdwPreferencesGroup *flagged_group;
  AdwPreferencesGroup *other_group;
  GtkListBox          *critical_list;
  GtkListBox          *flagged_list;
  GtkListBox          *other_list;
  AdwEntryRow         *interpretation_row;
  GtkLabel            *status_label;
  GtkWidget           *release_button;
  /* The rows' Verify, Send Back and Amend buttons, each shown by
   * ld_verify_page_actions_update() when its command would be accepted. */
  GPtrArray           *row_buttons;
};

gboolean      ld_verify_page_check               (LdVerifyPage  *self,
                                                  LdCommandKind  kind,
                                                  LdResultView  *result,
                                                  GError       **error);
void          ld_verify_page_actions_update      (LdVerifyPage *self);
char         *ld_verify_page_dup_value_text      (LdResultView *result);
GPtrArray    *ld_verify_page_dup_results         (LdVerifyPage *self);
LdResultView *ld_verify_page_find_result         (LdVerifyPage *self,
                                                  const char   *id);
void        ld_verify_page_set_busy            (LdVerifyPage *self,
                                                gboolean      busy,
                                                const char   *status,
                                                gboolean      is_error);
void        ld_verify_page_install_actions     (GtkWidgetClass *widget_class);

G_END_DECLS
