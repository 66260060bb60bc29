/* ld-page-stack.h: pages slid over a workspace's root, Escape goes back
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_PAGE_STACK (ld_page_stack_get_type ())

G_DECLARE_FINAL_TYPE (LdPageStack, ld_page_stack, LD, PAGE_STACK, AdwBin)

GtkWidget *ld_page_stack_get_root      (LdPageStack *self);
void       ld_page_stack_set_root      (LdPageStack *self,
                                        GtkWidget   *root);
void       ld_page_stack_push          (LdPageStack *self,
                                        GtkWidget   *page,
                                        const char  *key);
gboolean   ld_page_stack_back          (LdPageStack *self);
void       ld_page_stack_pop_to_root   (LdPageStack *self);
GtkWidget *ld_page_stack_get_top       (LdPageStack *self);
gboolean   ld_page_stack_get_can_go_back (LdPageStack *self);
const char *ld_page_stack_get_page_key (GtkWidget   *page);
void       ld_page_stack_set_sections  (LdPageStack *self,
                                        GtkStack    *sections);
gboolean   ld_page_stack_show_section  (LdPageStack *self,
                                        const char  *name);
void       ld_page_stack_bind_back_action (LdPageStack *self,
                                        GtkWidget   *owner,
                                        const char  *action_name);

G_END_DECLS
