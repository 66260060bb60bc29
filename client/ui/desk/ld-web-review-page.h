/* ld-web-review-page.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_WEB_REVIEW_PAGE (ld_web_review_page_get_type ())

G_DECLARE_FINAL_TYPE (LdWebReviewPage, ld_web_review_page, LD, WEB_REVIEW_PAGE, AdwBin)

GtkWidget *ld_web_review_page_new (LdSession *session);

G_END_DECLS
