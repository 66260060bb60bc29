/* ld-settings.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  LD_SETTING_INT,
  LD_SETTING_STRING,
  LD_SETTING_BOOL,
} LdSettingType;

/**
 * LdSettings:
 *
 * The lab's settings, typed. Stored as key → text rows; the spec table in
 * ld-settings.c names every key with its type, range and default.
 */
typedef struct
{
  gint64  session_idle_seconds;
  gint64  session_absolute_seconds;
  gint64  login_max_failures;
  gint64  login_lock_seconds;
  char   *lab_name;
  char   *lab_address;
  char   *lab_phone;
  char   *lab_email;
  char   *lab_website;
  /* A licence or accreditation line under the letterhead. */
  char   *lab_registration;
  /* The lab's UPI address; a receipt with a balance due carries a
   * payment QR code for it. */
  char   *lab_upi_id;
  /* The letterhead's logo: a PNG, base64-encoded. */
  char   *lab_logo_png;
  /* Where the public reaches this server, such as "https://lab.example.in":
   * a report's QR code carries <public_base_url>/verify/<code>. */
  char   *public_base_url;
  /* "a4" or "letter", for reports and receipts. */
  char   *report_paper;
  gint64  discount_max_percent;
  gint64  tax_flat_paise;
  gint64  tax_percent_bp;
  gint64  order_expiry_hours;
  gint64  home_collection_fee_paise;
  /* May a technician verify a result they entered themselves? */
  gboolean allow_self_verification;
  /* Minutes a doctor has to acknowledge a critical alert before the lab
   * escalates it (GET /api/v1/alerts?state=overdue). */
  gint64  critical_ack_minutes;
  /* Issue 15: minutes a doctor's break-the-glass grant opens a patient's
   * results for. */
  gint64  break_glass_minutes;
  /* Issue 16: how many checked backups (POST /api/v1/backups) are kept. */
  gint64  backup_keep;
} LdSettings;

/* Checks a string setting's value beyond its length; returns what is
 * wrong with it, or %NULL when it is good. */
typedef const char *(*LdSettingCheck) (const char *value);

typedef struct
{
  const char     *key;
  LdSettingType   type;
  gint64          min;
  gint64          max;
  gint64          default_int;
  const char     *default_string;
  gsize           offset;
  LdSettingCheck  check;
} LdSettingSpec;

const LdSettingSpec *ld_settings_get_specs   (guint            *n_specs);
const LdSettingSpec *ld_settings_lookup_spec (const char       *key);

LdSettings          *ld_settings_new         (void);
LdSettings          *ld_settings_new_from_table (GHashTable    *stored);
void                 ld_settings_free        (LdSettings       *settings);
gboolean             ld_settings_set_text    (LdSettings       *settings,
                                              const char       *key,
                                              const char       *text);
gboolean             ld_settings_parse_value (const LdSettingSpec *spec,
                                              JsonNode         *value,
                                              char            **out_text,
                                              const char      **out_reason);
void                 ld_settings_to_json     (const LdSettings *settings,
                                              gint64            version,
                                              JsonBuilder      *builder);
GBytes              *ld_settings_dup_logo    (const LdSettings *settings);
LdSettings          *ld_settings_new_from_json (JsonObject     *object,
                                                gint64         *out_version);
char                *ld_settings_dup_text    (const LdSettings *settings,
                                              const char       *key);
void                 ld_settings_add_value   (const LdSettings *settings,
                                              const char       *key,
                                              JsonBuilder      *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdSettings, ld_settings_free)

G_END_DECLS
