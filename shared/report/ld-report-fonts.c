/* ld-report-fonts.c: the unhinted copies of the report fonts
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-report-fonts"

#include "config.h"

#include <fontconfig/fontconfig.h>

#include "ld-report-fonts.h"

/*
 * Cairo embeds a font's TrueType hints (its fpgm, prep and cvt tables and
 * each glyph's instructions) in every subset it writes into a PDF, and
 * compresses them again for every report: with Noto's hints that was two
 * thirds of a report's font bytes and 13 % of its render's work, for
 * nothing that shows: poppler draws the same pixels with or without them.
 * The build makes copies without them (data/fonts/meson.build), named
 * "… Unhinted" so that they never stand in for the system's fonts, and
 * this makes them known to fontconfig. Without them the reports are set
 * in the system's Noto fonts as before.
 *
 * They are looked for in $LABDESK_FONTDIR when it is set (and nowhere
 * else), then where they are installed, then in the build tree.
 */
static const char *
fonts_dir (void)
{
  const char *dir = g_getenv ("LABDESK_FONTDIR");

  if (dir != NULL)
    return dir;
  if (g_file_test (LD_FONTDIR, G_FILE_TEST_IS_DIR))
    return LD_FONTDIR;
  return LD_BUILD_FONTDIR;
}

/**
 * ld_report_fonts_register:
 *
 * Adds the unhinted report fonts to fontconfig's current configuration,
 * once per process. Every #LdReportRenderer calls it when made, and tells
 * its thread's font map when this call added them (a font map that has
 * listed its fonts does not see new ones until then). The server calls it
 * at start, before its readers' threads make their renderers; the desktop
 * client leaves it to its first print, so that fontconfig's start stays
 * off the way to its window (Pango starts it on a thread of its own).
 *
 * Returns: %TRUE when this call added them, %FALSE when they were added
 *   before or are not to be found
 */
gboolean
ld_report_fonts_register (void)
{
  static gsize done = 0;
  gboolean added = FALSE;

  if (g_once_init_enter (&done))
    {
      const char *dir = fonts_dir ();

      added = g_file_test (dir, G_FILE_TEST_IS_DIR) &&
              FcConfigAppFontAddDir (NULL, (const FcChar8 *) dir);
      if (!added)
        g_message (LD_REPORT_FONTS_MISSING " %s: reports are set in the "
                   "system's Noto fonts, hints and all (larger and slower PDFs)",
                   dir);
      g_once_init_leave (&done, 1);
    }
  return added;
}
