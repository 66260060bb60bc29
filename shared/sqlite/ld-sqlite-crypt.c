/* ld-sqlite-crypt.c: an SQLite VFS that encrypts every page
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A shim over the default VFS. Every page of the main database and every
 * page image in its WAL is sealed with XChaCha20-Poly1305 under a 32-byte
 * key: the page's bytes but its last 40 are encrypted in place, and those
 * 40 bytes (which SQLite leaves alone: the database is made with 40
 * reserved bytes per page) hold a fresh random nonce and the tag. The page
 * number is the associated data, so pages cannot be swapped unnoticed.
 *
 * What stays in the clear: the WAL's 32-byte header and each frame's
 * 24-byte header (page number, salts, and checksums of the plaintext
 * page), and the -shm index, which holds no content. Memory-mapped I/O is
 * not offered (the io methods are version 2), so every read comes through
 * xRead and is decrypted. Temporary files are refused: a connection must
 * keep them in memory (PRAGMA temp_store = MEMORY) or fail, never spill
 * plaintext to disk. The rollback journal is passed through: in WAL mode it
 * is used only once, to switch a new, empty file to WAL.
 */

#define G_LOG_DOMAIN "ld-sqlite-crypt"

#include "config.h"

#include <sodium.h>
#include <sqlite3.h>
#include <string.h>

#include "ld-sqlite-crypt.h"
#include "../model/ld-error.h"

#define PAGE_SIZE LD_SQLITE_CRYPT_PAGE_SIZE
#define RESERVE LD_SQLITE_CRYPT_RESERVE_BYTES
#define SEALED_BYTES (PAGE_SIZE - RESERVE)
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES
#define WAL_HEADER 32
#define FRAME_HEADER 24
#define FRAME_SIZE (FRAME_HEADER + PAGE_SIZE)

G_STATIC_ASSERT (NONCE_BYTES + TAG_BYTES == RESERVE);
G_STATIC_ASSERT (crypto_aead_xchacha20poly1305_ietf_KEYBYTES == LD_SQLITE_CRYPT_KEY_BYTES);

typedef enum
{
  FILE_PLAIN,
  FILE_MAIN,
  FILE_WAL,
} FileKind;

typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;
  FileKind      kind;
  /* sodium_malloc'd copy of the key, and one page of scratch space. */
  guint8       *key;
  guint8       *page;
} CryptFile;

static sqlite3_vfs crypt_vfs;
static sqlite3_vfs *base_vfs;
static GMutex keys_mutex;
/* Full path of the main database → sodium_malloc'd key. */
static GHashTable *keys;

static void
free_key (gpointer key)
{
  sodium_free (key);
}

static char *
full_path (const char *path)
{
  g_autofree char *full = g_malloc0 (base_vfs->mxPathname + 1);

  if (base_vfs->xFullPathname (base_vfs, path, base_vfs->mxPathname + 1, full) != SQLITE_OK)
    return g_strdup (path);
  return g_steal_pointer (&full);
}

/* Returns a sodium_malloc'd copy of the key for @db_path, or NULL. */
static guint8 *
dup_key (const char *db_path)
{
  guint8 *copy = NULL;
  const guint8 *key;

  g_mutex_lock (&keys_mutex);
  key = keys != NULL ? g_hash_table_lookup (keys, db_path) : NULL;
  if (key != NULL)
    {
      copy = sodium_malloc (LD_SQLITE_CRYPT_KEY_BYTES);
      memcpy (copy, key, LD_SQLITE_CRYPT_KEY_BYTES);
    }
  g_mutex_unlock (&keys_mutex);

  return copy;
}

static void
store_u32_le (guint8  *out,
              guint32  value)
{
  out[0] = value & 0xff;
  out[1] = (value >> 8) & 0xff;
  out[2] = (value >> 16) & 0xff;
  out[3] = (value >> 24) & 0xff;
}

static guint32
load_u32_be (const guint8 *in)
{
  return ((guint32) in[0] << 24) | ((guint32) in[1] << 16) | ((guint32) in[2] << 8) | in[3];
}

static void
seal_page (CryptFile    *file,
           guint8       *page,
           guint32       pgno)
{
  guint8 ad[4];
  guint8 *nonce = page + SEALED_BYTES;
  guint8 *tag = nonce + NONCE_BYTES;

  store_u32_le (ad, pgno);
  randombytes_buf (nonce, NONCE_BYTES);
  crypto_aead_xchacha20poly1305_ietf_encrypt_detached (page, tag, NULL, page, SEALED_BYTES, ad,
                                                       sizeof ad, NULL, nonce, file->key);
}

static gboolean
is_all_zero (const guint8 *data,
             gsize         size)
{
  guint8 any = 0;

  for (gsize i = 0; i < size; i++)
    any |= data[i];
  return any == 0;
}

/* Decrypts in place. A page of zeros (a hole SQLite never wrote) reads as
 * zeros. */
static gboolean
open_page (CryptFile *file,
           guint8    *page,
           guint32    pgno)
{
  guint8 ad[4];
  const guint8 *nonce = page + SEALED_BYTES;
  const guint8 *tag = nonce + NONCE_BYTES;

  if (is_all_zero (page + SEALED_BYTES, RESERVE))
    return is_all_zero (page, SEALED_BYTES);

  store_u32_le (ad, pgno);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt_detached (page, NULL, page, SEALED_BYTES, tag,
                                                           ad, sizeof ad, nonce, file->key) != 0)
    return FALSE;

  memset (page + SEALED_BYTES, 0, RESERVE);
  return TRUE;
}

/* Main database: every write is one whole page; a read may be part of one
 * (the 100-byte header), so the page is read whole and decrypted. */
static int
main_read (CryptFile     *file,
           void          *buffer,
           int            amount,
           sqlite3_int64  offset)
{
  sqlite3_int64 page_offset = offset - offset % PAGE_SIZE;
  guint32 pgno = page_offset / PAGE_SIZE + 1;
  gboolean whole = amount == PAGE_SIZE && page_offset == offset;
  guint8 *page = whole ? buffer : file->page;
  int rc;

  if (offset - page_offset + amount > PAGE_SIZE)
    return SQLITE_IOERR_READ;

  rc = file->real->pMethods->xRead (file->real, page, PAGE_SIZE, page_offset);
  if (rc == SQLITE_IOERR_SHORT_READ && is_all_zero (page, PAGE_SIZE))
    {
      memset (buffer, 0, amount);
      return rc;
    }
  if (rc != SQLITE_OK)
    return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_IOERR_DATA : rc;

  if (!open_page (file, page, pgno))
    {
      g_debug ("page %u does not open with this key", pgno);
      return SQLITE_IOERR_DATA;
    }

  if (!whole)
    memcpy (buffer, page + (offset - page_offset), amount);
  return SQLITE_OK;
}

static int
main_write (CryptFile     *file,
            const void    *buffer,
            int            amount,
            sqlite3_int64  offset)
{
  guint32 pgno = offset / PAGE_SIZE + 1;

  if (amount != PAGE_SIZE || offset % PAGE_SIZE != 0)
    {
      g_debug ("refusing a write of %d bytes at %" G_GINT64_FORMAT, amount, (gint64) offset);
      return SQLITE_IOERR_WRITE;
    }

  memcpy (file->page, buffer, PAGE_SIZE);
  /* Page 1 must say what this VFS assumes: 4096-byte pages, 40 reserved. */
  if (pgno == 1 && (load_u32_be (file->page + 16) >> 16 != PAGE_SIZE || file->page[20] != RESERVE))
    {
      g_debug ("refusing a database without %d-byte pages and %d reserved bytes", PAGE_SIZE,
               RESERVE);
      return SQLITE_IOERR_WRITE;
    }

  seal_page (file, file->page, pgno);
  return file->real->pMethods->xWrite (file->real, file->page, PAGE_SIZE, offset);
}

/* The page number a WAL frame holds, from its header. */
static int
wal_frame_pgno (CryptFile     *file,
                sqlite3_int64  frame_offset,
                guint32       *out_pgno)
{
  guint8 header[FRAME_HEADER];
  int rc = file->real->pMethods->xRead (file->real, header, FRAME_HEADER, frame_offset);

  if (rc != SQLITE_OK)
    return rc;
  *out_pgno = load_u32_be (header);
  return SQLITE_OK;
}

/* WAL reads are the header, a frame's header or part of it (a running
 * checksum picked up), whole frames (recovery) or one frame's page (a read
 * or a checkpoint). A frame that fails to open while recovering is
 * a torn write: it is handed over as it is and its checksum rejects it. */
static int
wal_read (CryptFile     *file,
          void          *buffer,
          int            amount,
          sqlite3_int64  offset)
{
  sqlite3_int64 in_frame = (offset - WAL_HEADER) % FRAME_SIZE;
  int rc;

  /* The WAL's header, or (part of) a frame's header: never encrypted. */
  if (offset + amount <= WAL_HEADER ||
      (offset >= WAL_HEADER && in_frame + amount <= FRAME_HEADER))
    return file->real->pMethods->xRead (file->real, buffer, amount, offset);

  if (offset < WAL_HEADER || !((in_frame == 0 && amount % FRAME_SIZE == 0) ||
                               (in_frame == FRAME_HEADER && amount == PAGE_SIZE)))
    {
      g_debug ("refusing a WAL read of %d bytes at %" G_GINT64_FORMAT, amount, (gint64) offset);
      return SQLITE_IOERR_READ;
    }

  rc = file->real->pMethods->xRead (file->real, buffer, amount, offset);
  if (rc != SQLITE_OK)
    return rc;

  if (in_frame == FRAME_HEADER)
    {
      guint32 pgno;

      rc = wal_frame_pgno (file, offset - FRAME_HEADER, &pgno);
      if (rc != SQLITE_OK)
        return rc;
      if (!open_page (file, buffer, pgno))
        {
          g_debug ("WAL page %u does not open with this key", pgno);
          return SQLITE_IOERR_DATA;
        }
      return SQLITE_OK;
    }

  for (int at = 0; at < amount; at += FRAME_SIZE)
    {
      guint8 *frame = (guint8 *) buffer + at;

      memcpy (file->page, frame + FRAME_HEADER, PAGE_SIZE);
      if (open_page (file, file->page, load_u32_be (frame)))
        memcpy (frame + FRAME_HEADER, file->page, PAGE_SIZE);
    }
  return SQLITE_OK;
}

static int
wal_write (CryptFile     *file,
           const void    *buffer,
           int            amount,
           sqlite3_int64  offset)
{
  sqlite3_int64 in_frame = (offset - WAL_HEADER) % FRAME_SIZE;
  guint32 pgno;
  int rc;

  if (offset < WAL_HEADER || in_frame == 0)
    {
      if (amount > (offset < WAL_HEADER ? WAL_HEADER : FRAME_HEADER))
        {
          g_debug ("refusing a WAL write of %d bytes at %" G_GINT64_FORMAT, amount,
                   (gint64) offset);
          return SQLITE_IOERR_WRITE;
        }
      return file->real->pMethods->xWrite (file->real, buffer, amount, offset);
    }

  if (in_frame != FRAME_HEADER || amount != PAGE_SIZE)
    {
      g_debug ("refusing a WAL write of %d bytes at %" G_GINT64_FORMAT, amount, (gint64) offset);
      return SQLITE_IOERR_WRITE;
    }

  /* SQLite writes a frame's header just before its page. */
  rc = wal_frame_pgno (file, offset - FRAME_HEADER, &pgno);
  if (rc != SQLITE_OK)
    return rc;

  memcpy (file->page, buffer, PAGE_SIZE);
  seal_page (file, file->page, pgno);
  return file->real->pMethods->xWrite (file->real, file->page, PAGE_SIZE, offset);
}

static int
crypt_read (sqlite3_file  *base,
            void          *buffer,
            int            amount,
            sqlite3_int64  offset)
{
  CryptFile *file = (CryptFile *) base;

  switch (file->kind)
    {
    case FILE_MAIN:
      return main_read (file, buffer, amount, offset);
    case FILE_WAL:
      return wal_read (file, buffer, amount, offset);
    case FILE_PLAIN:
    default:
      return file->real->pMethods->xRead (file->real, buffer, amount, offset);
    }
}

static int
crypt_write (sqlite3_file  *base,
             const void    *buffer,
             int            amount,
             sqlite3_int64  offset)
{
  CryptFile *file = (CryptFile *) base;

  switch (file->kind)
    {
    case FILE_MAIN:
      return main_write (file, buffer, amount, offset);
    case FILE_WAL:
      return wal_write (file, buffer, amount, offset);
    case FILE_PLAIN:
    default:
      return file->real->pMethods->xWrite (file->real, buffer, amount, offset);
    }
}

static int
crypt_close (sqlite3_file *base)
{
  CryptFile *file = (CryptFile *) base;
  int rc = file->real->pMethods->xClose (file->real);

  g_clear_pointer (&file->key, sodium_free);
  g_clear_pointer (&file->page, sodium_free);
  return rc;
}

/* The rest only forward to the real file. */
#define REAL(base) (((CryptFile *) (base))->real)

static int
crypt_truncate (sqlite3_file *base, sqlite3_int64 size)
{
  return REAL (base)->pMethods->xTruncate (REAL (base), size);
}

static int
crypt_sync (sqlite3_file *base, int flags)
{
  return REAL (base)->pMethods->xSync (REAL (base), flags);
}

static int
crypt_file_size (sqlite3_file *base, sqlite3_int64 *size)
{
  return REAL (base)->pMethods->xFileSize (REAL (base), size);
}

static int
crypt_lock (sqlite3_file *base, int level)
{
  return REAL (base)->pMethods->xLock (REAL (base), level);
}

static int
crypt_unlock (sqlite3_file *base, int level)
{
  return REAL (base)->pMethods->xUnlock (REAL (base), level);
}

static int
crypt_check_reserved_lock (sqlite3_file *base, int *out)
{
  return REAL (base)->pMethods->xCheckReservedLock (REAL (base), out);
}

static int
crypt_file_control (sqlite3_file *base, int op, void *arg)
{
  /* Mapping the file would hand SQLite ciphertext. */
  if (op == SQLITE_FCNTL_MMAP_SIZE)
    {
      *(sqlite3_int64 *) arg = 0;
      return SQLITE_OK;
    }
  return REAL (base)->pMethods->xFileControl (REAL (base), op, arg);
}

static int
crypt_sector_size (sqlite3_file *base)
{
  return REAL (base)->pMethods->xSectorSize (REAL (base));
}

static int
crypt_device_characteristics (sqlite3_file *base)
{
  return REAL (base)->pMethods->xDeviceCharacteristics (REAL (base));
}

static int
crypt_shm_map (sqlite3_file *base, int region, int size, int extend, void volatile **out)
{
  return REAL (base)->pMethods->xShmMap (REAL (base), region, size, extend, out);
}

static int
crypt_shm_lock (sqlite3_file *base, int offset, int n, int flags)
{
  return REAL (base)->pMethods->xShmLock (REAL (base), offset, n, flags);
}

static void
crypt_shm_barrier (sqlite3_file *base)
{
  REAL (base)->pMethods->xShmBarrier (REAL (base));
}

static int
crypt_shm_unmap (sqlite3_file *base, int delete_flag)
{
  return REAL (base)->pMethods->xShmUnmap (REAL (base), delete_flag);
}

static const sqlite3_io_methods crypt_io = {
  .iVersion = 2,
  .xClose = crypt_close,
  .xRead = crypt_read,
  .xWrite = crypt_write,
  .xTruncate = crypt_truncate,
  .xSync = crypt_sync,
  .xFileSize = crypt_file_size,
  .xLock = crypt_lock,
  .xUnlock = crypt_unlock,
  .xCheckReservedLock = crypt_check_reserved_lock,
  .xFileControl = crypt_file_control,
  .xSectorSize = crypt_sector_size,
  .xDeviceCharacteristics = crypt_device_characteristics,
  .xShmMap = crypt_shm_map,
  .xShmLock = crypt_shm_lock,
  .xShmBarrier = crypt_shm_barrier,
  .xShmUnmap = crypt_shm_unmap,
};

static int
crypt_open (sqlite3_vfs  *vfs,
            const char   *name,
            sqlite3_file *base,
            int           flags,
            int          *out_flags)
{
  CryptFile *file = (CryptFile *) base;
  int rc;

  memset (file, 0, sizeof *file);
  file->real = (sqlite3_file *) (file + 1);

  if (flags & SQLITE_OPEN_MAIN_DB)
    file->kind = FILE_MAIN;
  else if (flags & SQLITE_OPEN_WAL)
    file->kind = FILE_WAL;
  else if (flags & SQLITE_OPEN_MAIN_JOURNAL)
    file->kind = FILE_PLAIN;
  else
    {
      g_debug ("refusing a temporary file (flags 0x%x): use temp_store = MEMORY", flags);
      return SQLITE_CANTOPEN;
    }

  if (file->kind != FILE_PLAIN)
    {
      file->key = dup_key (file->kind == FILE_MAIN ? name : sqlite3_filename_database (name));
      if (file->key == NULL)
        {
          g_debug ("no key for this database");
          return SQLITE_CANTOPEN;
        }
      file->page = sodium_malloc (PAGE_SIZE);
    }

  rc = base_vfs->xOpen (base_vfs, name, file->real, flags, out_flags);
  if (rc != SQLITE_OK)
    {
      g_clear_pointer (&file->key, sodium_free);
      g_clear_pointer (&file->page, sodium_free);
      return rc;
    }

  base->pMethods = &crypt_io;
  return SQLITE_OK;
}

static int
crypt_delete (sqlite3_vfs *vfs, const char *name, int sync_dir)
{
  return base_vfs->xDelete (base_vfs, name, sync_dir);
}

static int
crypt_access (sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
  return base_vfs->xAccess (base_vfs, name, flags, out);
}

static int
crypt_full_pathname (sqlite3_vfs *vfs, const char *name, int size, char *out)
{
  return base_vfs->xFullPathname (base_vfs, name, size, out);
}

static int
crypt_randomness (sqlite3_vfs *vfs, int size, char *out)
{
  return base_vfs->xRandomness (base_vfs, size, out);
}

static int
crypt_sleep (sqlite3_vfs *vfs, int microseconds)
{
  return base_vfs->xSleep (base_vfs, microseconds);
}

static int
crypt_current_time (sqlite3_vfs *vfs, double *out)
{
  return base_vfs->xCurrentTime (base_vfs, out);
}

static int
crypt_get_last_error (sqlite3_vfs *vfs, int size, char *out)
{
  return base_vfs->xGetLastError (base_vfs, size, out);
}

static int
crypt_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *out)
{
  return base_vfs->xCurrentTimeInt64 (base_vfs, out);
}

static gpointer
register_once (gpointer data)
{
  if (sodium_init () < 0)
    return GINT_TO_POINTER (SQLITE_ERROR);

  base_vfs = sqlite3_vfs_find (NULL);
  if (base_vfs == NULL)
    return GINT_TO_POINTER (SQLITE_ERROR);

  crypt_vfs = (sqlite3_vfs){
    .iVersion = 2,
    .szOsFile = sizeof (CryptFile) + base_vfs->szOsFile,
    .mxPathname = base_vfs->mxPathname,
    .zName = LD_SQLITE_CRYPT_VFS,
    .xOpen = crypt_open,
    .xDelete = crypt_delete,
    .xAccess = crypt_access,
    .xFullPathname = crypt_full_pathname,
    .xRandomness = crypt_randomness,
    .xSleep = crypt_sleep,
    .xCurrentTime = crypt_current_time,
    .xGetLastError = crypt_get_last_error,
    .xCurrentTimeInt64 = crypt_current_time_int64,
  };
  keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_key);

  return GINT_TO_POINTER (sqlite3_vfs_register (&crypt_vfs, 0) + 1);
}

/**
 * ld_sqlite_crypt_register:
 * @error: return location for an %LD_STORE_ERROR
 *
 * Registers the %LD_SQLITE_CRYPT_VFS VFS (once per process; it is never
 * the default).
 *
 * Returns: %TRUE on success
 */
gboolean
ld_sqlite_crypt_register (GError **error)
{
  static GOnce once = G_ONCE_INIT;
  int rc = GPOINTER_TO_INT (g_once (&once, register_once, NULL)) - 1;

  if (rc != SQLITE_OK)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                           "The encrypted database layer could not be started.");
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_sqlite_crypt_set_key:
 * @path: a database file
 * @key: (array fixed-size=32): its key
 *
 * Files of @path opened through %LD_SQLITE_CRYPT_VFS from now on use @key.
 * ld_sqlite_crypt_register() must have succeeded.
 */
void
ld_sqlite_crypt_set_key (const char   *path,
                         const guint8 *key)
{
  g_autofree char *full = NULL;
  guint8 *copy;

  g_return_if_fail (path != NULL);
  g_return_if_fail (key != NULL);
  g_return_if_fail (base_vfs != NULL);

  full = full_path (path);
  copy = sodium_malloc (LD_SQLITE_CRYPT_KEY_BYTES);
  memcpy (copy, key, LD_SQLITE_CRYPT_KEY_BYTES);

  g_mutex_lock (&keys_mutex);
  g_hash_table_replace (keys, g_steal_pointer (&full), copy);
  g_mutex_unlock (&keys_mutex);
}

/**
 * ld_sqlite_crypt_forget_key:
 * @path: a database file
 *
 * Wipes the key of @path from memory; files already open keep theirs.
 */
void
ld_sqlite_crypt_forget_key (const char *path)
{
  g_autofree char *full = NULL;

  g_return_if_fail (path != NULL);

  if (base_vfs == NULL)
    return;

  full = full_path (path);
  g_mutex_lock (&keys_mutex);
  g_hash_table_remove (keys, full);
  g_mutex_unlock (&keys_mutex);
}
