/* ld-service-samples.h: collecting samples and their chain of custody
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-order.h"
#include "ld-sample.h"
#include "ld-service.h"

G_BEGIN_DECLS

/**
 * LdCustodyStep:
 * @sample_id: the sample
 * @version: the version of it the actor saw
 * @event: "received", "rejected", "stored" or "disposed"
 * @location: (nullable): where it now is
 * @note: (nullable): a note for its custody
 * @reason: (nullable): for a rejection, why
 * @recollect: for a rejection, whether a new sample is wanted
 *
 * One step in a sample's chain of custody, as the lab records it.
 */
typedef struct
{
  const char *sample_id;
  gint64      version;
  const char *event;
  const char *location;
  const char *note;
  const char *reason;
  gboolean    recollect;
} LdCustodyStep;

JsonNode *ld_sample_to_node                (const LdSample        *sample);

gboolean  ld_service_samples_check_counted (LdServiceContext *ctx,
                                            const LdOrder    *order,
                                            GPtrArray        *results,
                                            GPtrArray        *items,
                                            GError          **error);
LdOrder  *ld_service_collect_order (LdServiceContext *ctx,
                                    const char       *order_id,
                                    const char       *location,
                                    const char       *note,
                                    LdPayment        *payment,
                                    GPtrArray       **out_collected,
                                    GError          **error);
LdSample *ld_service_add_custody (LdServiceContext    *ctx,
                                  const LdCustodyStep *step,
                                  JsonNode           **out_current,
                                  GError             **error);

G_END_DECLS
