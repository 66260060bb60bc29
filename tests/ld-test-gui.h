/* ld-test-gui.h: the real window, signed in against a test server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-context.h"
#include "ld-test-server.h"
#include "ui/ld-window.h"

G_BEGIN_DECLS

typedef gboolean (*LdTestGuiCondition) (gpointer data);

typedef struct
{
  LdContext *context;
  LdWindow  *window;
} LdTestGui;

void        ld_test_gui_init            (int                 *argc,
                                         char              ***argv);
LdTestGui  *ld_test_gui_open            (const char          *server_uri);
void        ld_test_gui_close           (LdTestGui           *gui);
void        ld_test_gui_sign_in         (LdTestGui           *gui,
                                         const char          *username,
                                         const char          *password);
GtkWidget  *ld_test_gui_workspace       (LdTestGui           *gui,
                                         const char          *name);
void        ld_test_gui_spin_until      (LdTestGuiCondition   condition,
                                         gpointer             data,
                                         const char          *what);
void        ld_test_gui_spin_idle       (void);
void        ld_test_gui_wait_tooltip    (GtkWidget           *widget,
                                         const char          *words);
void        ld_test_gui_wait_first_row  (GtkWidget           *list,
                                         const char          *text);
GtkWidget  *ld_test_gui_child           (GtkWidget           *widget,
                                         GType                type,
                                         const char          *id);
GtkWidget  *ld_test_gui_find_action     (GtkWidget           *root,
                                         const char          *action_name);
GtkWidget  *ld_test_gui_wait_action     (GtkWidget           *root,
                                         const char          *action_name);
GtkWidget  *ld_test_gui_find_named      (GtkWidget           *root,
                                         const char          *widget_name);
GtkWidget  *ld_test_gui_find_type       (GtkWidget           *root,
                                         GType                type);
GtkWidget  *ld_test_gui_wait_named      (GtkWidget           *root,
                                         const char          *widget_name);
GtkWidget  *ld_test_gui_wait_type       (GtkWidget           *root,
                                         GType                type);
GtkWindow  *ld_test_gui_wait_dialog     (GtkWindow           *parent,
                                         GType                type);
void        ld_test_gui_type            (GtkWidget           *editable,
                                         const char          *text);
void        ld_test_gui_retype          (GtkWidget           *editable,
                                         const char          *text);
void        ld_test_gui_enter           (GtkWidget           *editable);
void        ld_test_gui_click           (GtkWidget           *widget);
char       *ld_test_gui_label_texts     (GtkWidget           *root);
void        ld_test_gui_wait_text       (GtkWidget           *root,
                                         const char          *text);
void        ld_test_gui_screenshot      (GtkWidget           *widget,
                                         const char          *name);
GtkWidget  *ld_test_gui_find_button     (GtkWidget           *root,
                                         const char          *label);
const char *ld_test_gui_status_text     (LdTestGui           *gui);
void        ld_test_gui_wait_status     (LdTestGui           *gui,
                                         const char          *text);
void        ld_test_gui_wait_page_title (GtkStack            *stack,
                                         const char          *name,
                                         const char          *title);

G_END_DECLS
