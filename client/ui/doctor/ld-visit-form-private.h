/* ld-visit-form-private.h: the visit form's parts, shared by its files
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ld-visit-form.c holds the record and its actions, ld-visit-form-follow-up.c
 * the follow-up's booking, ld-visit-form-previous.c the patient's earlier
 * visits.
 */

#pragma once

#include "ld-visit-form.h"
#include "store/ld-cache-list.h"

G_BEGIN_DECLS

struct _LdVisitForm
{
  AdwBin         parent_instance;

  LdSession     *session;
  GCancellable  *cancellable;
  /* A copy of the appointment the page has chosen, or NULL. */
  LdAppointment *appointment;
  /* The visit of the appointment, as last read; NULL while read or
   * before the patient is called in. */
  LdVisit       *visit;
  /* The read of the appointment's visit in flight, cancelled when another
   * is chosen. */
  GCancellable  *visit_cancellable;
  /* The fields the doctor has typed in since the form was last filled
   * from the server: a read never overwrites them, only a save does. */
  GHashTable    *edited;
  /* Set while the form is filled from the server, so that the fill does
   * not count as the doctor's typing. */
  gboolean       filling;
  gboolean       busy;
  /* The signed visit is open for an amendment. */
  gboolean       amending;
  /* The orders prescribed during the visit shown, and their results. */
  LdCacheList   *orders;
  LdCacheList   *tests;
  GtkWidget     *orders_list;
  char          *tests_of;
  GtkWidget     *vitals[LD_VITAL_N];
  GtkLabel      *bmi_label;
  GHashTable    *fields;
  /* The patient whose earlier visits are listed, and those visits. */
  char          *previous_of;
  GPtrArray     *previous;
  GCancellable  *previous_cancellable;
  /* The follow-up slots offered, in the list's order. */
  GArray        *slots;
  /* The lab's codes offered under the code field. */
  GtkWidget     *icd10_popover;

  GtkWidget     *visit_box;
  GtkLabel      *visit_title;
  GtkLabel      *visit_state;
  GtkWidget     *amendments_box;
  GtkLabel      *amendments_label;
  GtkGrid       *vitals_grid;
  GtkEntry      *complaint_entry;
  GtkEntry      *findings_entry;
  GtkEntry      *diagnosis_entry;
  GtkEntry      *icd10_entry;
  GtkEntry      *advice_entry;
  GtkEntry      *follow_up_entry;
  GtkListBox    *follow_up_slots;
  GtkLabel      *follow_up_label;
  GtkEntry      *reason_entry;
  GtkWidget     *reason_problem;
  GtkBox        *orders_box;
  GtkListView   *tests_view;
  GtkListBox    *previous_list;
  GtkLabel      *previous_label;
};

void       ld_visit_form_toast                    (LdVisitForm   *self,
                                                   const char    *text);
void       ld_visit_form_update_actions           (LdVisitForm   *self);
void       ld_visit_form_clear_list               (GtkListBox    *list);
GtkWidget *ld_visit_form_make_text_row            (const char    *text,
                                                   const char    *name);

/* ld-visit-form-follow-up.c */
gboolean   ld_visit_form_follow_up_date           (LdVisitForm   *self,
                                                   GDate         *out_date);
void       ld_visit_form_clear_follow_up          (LdVisitForm   *self);
void       ld_visit_form_book_follow_up_action    (GtkWidget     *widget,
                                                   const char    *action_name,
                                                   GVariant      *parameter);
void       ld_visit_form_follow_up_row_activated  (GtkListBox    *list,
                                                   GtkListBoxRow *row,
                                                   LdVisitForm   *self);

/* ld-visit-form-previous.c */
void       ld_visit_form_read_previous            (LdVisitForm   *self);
void       ld_visit_form_show_previous            (LdVisitForm   *self);
void       ld_visit_form_previous_row_selected    (GtkListBox    *list,
                                                   GtkListBoxRow *row,
                                                   LdVisitForm   *self);

G_END_DECLS
