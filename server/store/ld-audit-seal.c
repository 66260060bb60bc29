/* ld-audit-seal.c: the audit chain's key and its anchored head
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two small files outside the database (docs/architecture.md, "The audit
 * chain"). The key file holds the secret every event's HMAC is made with:
 * whoever can change the database but cannot read this file cannot
 * recompute the chain after rewriting an event. The head file holds the
 * newest event's seq and hash as last made durable, sealed with the same
 * key: removing the newest events leaves the database behind its head.
 *
 * The head is written only after the commit it names is on disk, so after
 * a crash it may be behind the database, never ahead of it.
 */

#define G_LOG_DOMAIN "ld-audit-seal"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ld-audit-seal.h"
#include "ld-error.h"

#define HEAD_MAGIC "labdesk-audit-head 1"

struct _LdAuditSeal
{
  char   *key_path;
  char   *head_path;
  guint8  key[LD_AUDIT_KEY_BYTES];
  /* The server's thread writes after synced commits, the checkpoint
   * thread after syncing unsynced ones. */
  GMutex  mutex;
  gint64  written_seq;
  gint64  pending_seq;
  char   *pending_hash;
  /* Whether the pending head's commit is on disk already. */
  gboolean pending_durable;
};

char *
ld_audit_seal_default_key_path (const char *db_path)
{
  return g_strconcat (db_path, ".audit-key", NULL);
}

char *
ld_audit_seal_default_head_path (const char *db_path)
{
  return g_strconcat (db_path, ".audit-head", NULL);
}

static gboolean
write_new_key (const char  *path,
               GError     **error)
{
  guint8 key[LD_AUDIT_KEY_BYTES];
  char hex[LD_AUDIT_KEY_BYTES * 2 + 2];
  gsize length;
  int fd;

  randombytes_buf (key, sizeof key);
  sodium_bin2hex (hex, sizeof hex, key, sizeof key);
  sodium_memzero (key, sizeof key);
  length = strlen (hex);
  hex[length++] = '\n';

  /* O_EXCL: two servers starting at once never replace each other's key. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST)
    return TRUE;
  if (fd < 0 || write (fd, hex, length) != (gssize) length || fsync (fd) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        {
          close (fd);
          g_unlink (path);
        }
      sodium_memzero (hex, sizeof hex);
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                   "The audit key %s could not be created: %s", path, g_strerror (saved));
      return FALSE;
    }
  sodium_memzero (hex, sizeof hex);
  close (fd);
  g_info ("created the audit key %s", path);
  return TRUE;
}

static gboolean
read_key (LdAuditSeal  *seal,
          GError      **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  gsize bin_length = 0;
  GStatBuf st;
  int rc;

  if (g_stat (seal->key_path, &st) != 0)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                   "The audit key %s is missing; without it the audit chain cannot be "
                   "extended or checked.", seal->key_path);
      return FALSE;
    }
  /* A key others can read is a key anybody on the machine can forge
   * events with. */
  if ((st.st_mode & 077) != 0)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                   "The audit key %s can be read or changed by other users (mode %04o); "
                   "make it private with chmod 600.", seal->key_path, st.st_mode & 07777);
      return FALSE;
    }

  if (!g_file_get_contents (seal->key_path, &text, &length, NULL))
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                   "The audit key %s could not be read.", seal->key_path);
      return FALSE;
    }

  g_strstrip (text);
  rc = sodium_hex2bin (seal->key, sizeof seal->key, text, strlen (text), NULL, &bin_length, NULL);
  sodium_memzero (text, length);
  if (rc != 0 || bin_length != sizeof seal->key)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CORRUPT,
                   "The audit key %s is damaged: it must be %u bytes in hex.", seal->key_path,
                   LD_AUDIT_KEY_BYTES);
      return FALSE;
    }

  return TRUE;
}

/**
 * ld_audit_seal_open:
 * @key_path: the key file
 * @head_path: the head file
 * @create: whether to create the key if it is missing (serve and init)
 * @error: return location for an %LD_STORE_ERROR
 *
 * Reads the key, which must be private to its owner (0600), and the head
 * if there is one already.
 *
 * Returns: (transfer full) (nullable): the seal
 */
LdAuditSeal *
ld_audit_seal_open (const char  *key_path,
                    const char  *head_path,
                    gboolean     create,
                    GError     **error)
{
  g_autoptr(LdAuditSeal) seal = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (key_path != NULL && head_path != NULL, NULL);

  seal = g_new0 (LdAuditSeal, 1);
  g_mutex_init (&seal->mutex);
  seal->key_path = g_strdup (key_path);
  seal->head_path = g_strdup (head_path);

  if (create && !g_file_test (key_path, G_FILE_TEST_EXISTS) && !write_new_key (key_path, error))
    return NULL;
  if (!read_key (seal, error))
    return NULL;

  /* The head never moves back: a commit older than the one it names
   * (another process's, or one after events were removed) leaves it. */
  if (!ld_audit_seal_read_head (seal, &seal->written_seq, &hash, &local) &&
      !g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  return g_steal_pointer (&seal);
}

void
ld_audit_seal_free (LdAuditSeal *seal)
{
  if (seal == NULL)
    return;

  sodium_memzero (seal->key, sizeof seal->key);
  g_mutex_clear (&seal->mutex);
  g_free (seal->key_path);
  g_free (seal->head_path);
  g_free (seal->pending_hash);
  g_free (seal);
}

const guint8 *
ld_audit_seal_get_key (LdAuditSeal *seal,
                       gsize       *out_length)
{
  g_return_val_if_fail (seal != NULL, NULL);

  *out_length = sizeof seal->key;
  return seal->key;
}

/**
 * ld_audit_seal_derive:
 * @seal: a seal
 * @context: what the secret is for, such as "labdesk cache escrow v1"
 * @id: whose it is (a user's id)
 * @out: (out caller-allocates) (array length=out_length): the secret
 * @out_length: 16 to 64
 *
 * A secret for one purpose and one record, derived from the seal's key
 * (keyed BLAKE2b over @context, a zero byte and @id): the same every time,
 * unguessable without the key file, and unrelated to the audit chain's
 * HMACs, which use the key another way.
 */
void
ld_audit_seal_derive (LdAuditSeal *seal,
                      const char  *context,
                      const char  *id,
                      guint8      *out,
                      gsize        out_length)
{
  crypto_generichash_state state;

  g_return_if_fail (seal != NULL && context != NULL && id != NULL);
  g_return_if_fail (out_length >= crypto_generichash_BYTES_MIN &&
                    out_length <= crypto_generichash_BYTES_MAX);

  crypto_generichash_init (&state, seal->key, sizeof seal->key, out_length);
  crypto_generichash_update (&state, (const guint8 *) context, strlen (context) + 1);
  crypto_generichash_update (&state, (const guint8 *) id, strlen (id));
  crypto_generichash_final (&state, out, out_length);
  sodium_memzero (&state, sizeof state);
}

const char *
ld_audit_seal_get_key_path (LdAuditSeal *seal)
{
  g_return_val_if_fail (seal != NULL, NULL);

  return seal->key_path;
}

const char *
ld_audit_seal_get_head_path (LdAuditSeal *seal)
{
  g_return_val_if_fail (seal != NULL, NULL);

  return seal->head_path;
}

static char *
format_head (const guint8 *key,
             gint64        seq,
             const char   *hash)
{
  g_autofree char *body = g_strdup_printf (HEAD_MAGIC " %" G_GINT64_FORMAT " %s", seq, hash);
  g_autofree char *mac =
    g_compute_hmac_for_string (G_CHECKSUM_SHA256, key, LD_AUDIT_KEY_BYTES, body, -1);

  return g_strdup_printf ("%s %s\n", body, mac);
}

/**
 * ld_audit_seal_read_head:
 * @seal: a seal
 * @out_seq: (out): the newest event's seq when the head was written (0: none)
 * @out_hash: (out) (transfer full): that event's hash
 * @error: return location for an %LD_STORE_ERROR: NOT_FOUND if there is no
 *   head file, CORRUPT if it is not one sealed with this key
 *
 * Returns: %TRUE if the head was read
 */
gboolean
ld_audit_seal_read_head (LdAuditSeal  *seal,
                         gint64       *out_seq,
                         char        **out_hash,
                         GError      **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *expected = NULL;
  guint64 seq;

  g_return_val_if_fail (seal != NULL, FALSE);

  if (!g_file_get_contents (seal->head_path, &text, NULL, NULL))
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                   "The audit head file %s is missing.", seal->head_path);
      return FALSE;
    }

  /* "labdesk-audit-head 1 SEQ HASH MAC" */
  parts = g_strsplit (g_strstrip (text), " ", 0);
  if (g_strv_length (parts) == 5 &&
      g_ascii_string_to_unsigned (parts[2], 10, 0, G_MAXINT64, &seq, NULL))
    expected = format_head (seal->key, seq, parts[3]);
  if (expected == NULL || !g_str_has_prefix (expected, text) ||
      strlen (expected) != strlen (text) + 1)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CORRUPT,
                   "The audit head file %s was not written with this audit key.",
                   seal->head_path);
      return FALSE;
    }

  *out_seq = seq;
  *out_hash = g_strdup (parts[3]);
  return TRUE;
}

static gboolean
write_head_file (const guint8  *key,
                 const char    *path,
                 gint64         seq,
                 const char    *hash,
                 GError       **error)
{
  g_autofree char *text = format_head (key, seq, hash);
  g_autoptr(GError) local = NULL;

  /* Replaced by rename after an fsync: after a crash the file holds the
   * old head or the new one, never a mixture. */
  if (!g_file_set_contents_full (path, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local))
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                   "The audit head could not be written: %s", local->message);
      return FALSE;
    }
  return TRUE;
}

/* Several server processes on one PostgreSQL append to one chain, and
 * those on one machine share its head file. Each writes the head it saw
 * at its own commit, which may be behind one another process wrote since:
 * under a lock across processes, the file is read first and replaced only
 * by a newer head, so it never moves back. The lock is on the folder that
 * holds the head (flock): the file itself is replaced by rename, and a
 * lock file beside it would be one more file to keep. Any process's head
 * names an event of the one chain, which check finds with the same hash;
 * machines that keep files of their own each anchor the chain at the
 * heads their own processes saw. */
static gboolean
write_head_if_newer (LdAuditSeal  *seal,
                     gint64        seq,
                     const char   *hash,
                     GError      **error)
{
  g_autofree char *folder = g_path_get_dirname (seal->head_path);
  g_autofree char *file_hash = NULL;
  gint64 file_seq = 0;
  gboolean done;
  int fd;

  fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd < 0 || flock (fd, LOCK_EX) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                   "The folder of the audit head, %s, could not be locked: %s", folder,
                   g_strerror (saved));
      return FALSE;
    }

  if (ld_audit_seal_read_head (seal, &file_seq, &file_hash, NULL) && file_seq >= seq)
    done = TRUE;
  else
    done = write_head_file (seal->key, seal->head_path, seq, hash, error);
  close (fd);
  return done;
}

/**
 * ld_audit_seal_write_head:
 * @seal: a seal
 * @seq: the newest event's seq, in a commit that is already durable
 * @hash: its hash
 * @error: return location for an %LD_STORE_ERROR
 *
 * Moves the head forward; a @seq at or behind the head leaves it. Any
 * thread.
 *
 * Returns: %TRUE unless the file could not be written
 */
gboolean
ld_audit_seal_write_head (LdAuditSeal  *seal,
                          gint64        seq,
                          const char   *hash,
                          GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (seal != NULL && hash != NULL, FALSE);

  locker = g_mutex_locker_new (&seal->mutex);
  if (seq <= seal->written_seq && g_file_test (seal->head_path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (!write_head_if_newer (seal, seq, hash, error))
    return FALSE;

  seal->written_seq = seq;
  if (seal->pending_seq <= seq)
    {
      seal->pending_seq = 0;
      g_clear_pointer (&seal->pending_hash, g_free);
    }
  return TRUE;
}

/**
 * ld_audit_seal_set_pending:
 * @seal: a seal
 * @seq: the newest event's seq in a commit just made
 * @hash: its hash
 * @durable: whether the commit was synced (if not, the head waits for a
 *   sync; see ld_audit_seal_dup_pending())
 *
 * Notes a head to write off the committing thread. Any thread.
 */
void
ld_audit_seal_set_pending (LdAuditSeal *seal,
                           gint64       seq,
                           const char  *hash,
                           gboolean     durable)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (seal != NULL && hash != NULL);

  locker = g_mutex_locker_new (&seal->mutex);
  if (seq <= seal->written_seq || seq <= seal->pending_seq)
    return;
  seal->pending_seq = seq;
  seal->pending_durable = durable;
  g_free (seal->pending_hash);
  seal->pending_hash = g_strdup (hash);
}

/**
 * ld_audit_seal_mark_durable:
 * @seal: a seal
 * @seq: a pending head's seq, taken (ld_audit_seal_dup_pending()) before
 *   a sync of the log that has now finished
 *
 * The pending head, if it is still that one, may now be written: its
 * commit is on disk. A newer head noted since waits for the next sync.
 * Any thread.
 */
void
ld_audit_seal_mark_durable (LdAuditSeal *seal,
                            gint64       seq)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (seal != NULL);

  locker = g_mutex_locker_new (&seal->mutex);
  if (seal->pending_seq == seq)
    seal->pending_durable = TRUE;
}

/**
 * ld_audit_seal_dup_pending:
 * @seal: a seal
 * @out_seq: (out): the pending head's seq
 * @out_hash: (out) (transfer full): its hash
 * @out_durable: (out): whether its commit is on disk already
 *
 * Take this before a sync; once the sync is done (or at once if
 * @out_durable), write it with ld_audit_seal_write_head(). Any thread.
 *
 * Returns: %TRUE if a head is pending
 */
gboolean
ld_audit_seal_dup_pending (LdAuditSeal  *seal,
                           gint64       *out_seq,
                           char        **out_hash,
                           gboolean     *out_durable)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (seal != NULL, FALSE);

  locker = g_mutex_locker_new (&seal->mutex);
  if (seal->pending_hash == NULL)
    return FALSE;
  *out_seq = seal->pending_seq;
  *out_hash = g_strdup (seal->pending_hash);
  *out_durable = seal->pending_durable;
  return TRUE;
}

/**
 * ld_audit_seal_export:
 * @seal: a seal
 * @key_path: where to copy the key (a new file)
 * @head_path: where to write the head of the copy
 * @seq: the copy's newest event
 * @hash: its hash
 * @error: return location for an %LD_STORE_ERROR
 *
 * For a backup: the copy is checked, and restored, with these two files.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_audit_seal_export (LdAuditSeal  *seal,
                      const char   *key_path,
                      const char   *head_path,
                      gint64        seq,
                      const char   *hash,
                      GError      **error)
{
  char hex[LD_AUDIT_KEY_BYTES * 2 + 2];
  g_autoptr(GError) local = NULL;
  gboolean done;

  g_return_val_if_fail (seal != NULL, FALSE);

  sodium_bin2hex (hex, sizeof hex, seal->key, sizeof seal->key);
  strcat (hex, "\n");
  done = g_file_set_contents_full (key_path, hex, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, &local);
  sodium_memzero (hex, sizeof hex);
  if (!done)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                   "The audit key could not be copied: %s", local->message);
      return FALSE;
    }

  return write_head_file (seal->key, head_path, seq, hash, error);
}
