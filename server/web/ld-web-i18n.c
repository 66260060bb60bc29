/* ld-web-i18n.c: the patient pages in English or Hindi
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pages' words are gettext messages (marked in the source, po/hi.po for
 * Hindi), like the client's. The server answers each request in the
 * language the patient chose, whatever the process's locale, so it reads
 * the compiled catalogue (labdesk.mo, from LABDESK_LOCALEDIR or the
 * installed locale directory) once and looks messages up itself rather
 * than switch the process's locale per request.
 */

#define G_LOG_DOMAIN "ld-web"

#include "config.h"

#include <string.h>

#include "ld-web-i18n.h"

#define MO_MAGIC 0x950412de

static guint32
read_u32 (const guint8 *data,
          gboolean      swap)
{
  guint32 value;

  memcpy (&value, data, sizeof value);
  return swap ? GUINT32_SWAP_LE_BE (value) : value;
}

/* A .mo file's messages, msgid to msgstr; NULL if it cannot be read. */
static GHashTable *
load_mo (const char *path)
{
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
  g_autoptr(GHashTable) messages = NULL;
  const guint8 *data;
  gsize size;
  gboolean swap;
  guint32 n, originals, translations;

  if (file == NULL)
    return NULL;
  data = (const guint8 *) g_mapped_file_get_contents (file);
  size = g_mapped_file_get_length (file);
  if (size < 20)
    return NULL;
  swap = read_u32 (data, FALSE) != MO_MAGIC;
  if (read_u32 (data, swap) != MO_MAGIC)
    return NULL;
  n = read_u32 (data + 8, swap);
  originals = read_u32 (data + 12, swap);
  translations = read_u32 (data + 16, swap);
  if (originals > size || translations > size || n > (size - MAX (originals, translations)) / 8)
    return NULL;

  messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint32 i = 0; i < n; i++)
    {
      guint32 id_len = read_u32 (data + originals + 8 * i, swap);
      guint32 id_at = read_u32 (data + originals + 8 * i + 4, swap);
      guint32 str_len = read_u32 (data + translations + 8 * i, swap);
      guint32 str_at = read_u32 (data + translations + 8 * i + 4, swap);

      if (id_at > size || id_len > size - id_at || str_at > size || str_len > size - str_at ||
          id_len == 0 || str_len == 0)
        continue;
      g_hash_table_insert (messages, g_strndup ((const char *) data + id_at, id_len),
                           g_strndup ((const char *) data + str_at, str_len));
    }
  return g_steal_pointer (&messages);
}

static GHashTable *
get_hindi (void)
{
  static GHashTable *hindi;

  if (g_once_init_enter (&hindi))
    {
      const char *dir = g_getenv ("LABDESK_LOCALEDIR");
      g_autofree char *path = g_build_filename (dir != NULL ? dir : LOCALEDIR, "hi",
                                                "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
      GHashTable *messages = load_mo (path);

      if (messages == NULL)
        {
          g_message ("No Hindi catalogue at %s: the patient pages will be in English", path);
          messages = g_hash_table_new (g_str_hash, g_str_equal);
        }
      g_once_init_leave (&hindi, messages);
    }
  return hindi;
}

gboolean
ld_web_language_is_known (const char *language)
{
  return g_strcmp0 (language, "en") == 0 || g_strcmp0 (language, "hi") == 0;
}

/**
 * ld_web_translate:
 * @language: "en" or "hi"
 * @msgid: a message marked for translation
 *
 * Returns: (transfer none): @msgid in @language, or @msgid itself
 */
const char *
ld_web_translate (const char *language,
                  const char *msgid)
{
  const char *text;

  g_return_val_if_fail (msgid != NULL, NULL);

  if (g_strcmp0 (language, "hi") != 0)
    return msgid;
  text = g_hash_table_lookup (get_hindi (), msgid);
  return text != NULL ? text : msgid;
}
