/* ld-report-renderer.c: the fonts and text every document is set in
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-report-renderer"

#include "config.h"

#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include "ld-report-fonts.h"
#include "ld-report-renderer-private.h"

/*
 * The families are named rather than left to fontconfig's fallback, so a
 * report looks the same on every machine that has fonts-noto-core: Noto
 * Sans for Latin, and the Noto family of each Indian script (and Arabic)
 * for names written in it. Pango takes each character from the first
 * family in the list that has it: the build's unhinted copies first
 * (ld-report-fonts.c), the system's own when they are missing, and DejaVu
 * Sans, installed everywhere, last for anything else. The copies are made
 * of these families by data/fonts/meson.build: a family added here goes
 * there too (without it the family is simply set with its hints).
 */
#define LD_REPORT_SCRIPT_FAMILIES(suffix)                                                  \
  "Noto Sans" suffix ", Noto Sans Devanagari" suffix ", Noto Sans Bengali" suffix ", "     \
  "Noto Sans Gujarati" suffix ", Noto Sans Gurmukhi" suffix ", Noto Sans Kannada" suffix   \
  ", Noto Sans Malayalam" suffix ", Noto Sans Oriya" suffix ", Noto Sans Tamil" suffix ", " \
  "Noto Sans Telugu" suffix ", Noto Sans Sinhala" suffix ", Noto Sans Arabic" suffix
#define LD_REPORT_FAMILIES \
  LD_REPORT_SCRIPT_FAMILIES (" Unhinted") ", " LD_REPORT_SCRIPT_FAMILIES ("") ", DejaVu Sans"

/* Short texts recur on every page and in every report (captions, column
 * headings, units, flags, dates): their layouts are kept and shared, which
 * took the layout of a one-page report from about 4 ms to about 1 ms.
 * Layouts are not changed after they are made, so sharing them is safe. */
#define LD_REPORT_CACHE_MAX_BYTES   48
#define LD_REPORT_CACHE_MAX_ENTRIES 2048

/* Longer text is cut, with an ellipsis: no real name or value comes near
 * the first, nor a comment (a biopsy's interpretation runs to a few pages)
 * near the second, and they bound the work a broken field can cause. */
#define LD_REPORT_TEXT_MAX_BYTES      2048
#define LD_REPORT_PARAGRAPH_MAX_BYTES (64 * 1024)

static const struct
{
  double      size;
  PangoWeight weight;
  PangoStyle  style;
} font_table[LD_REPORT_N_FONTS] = {
  [LD_REPORT_FONT_BODY]         = { 9.0,  PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
  [LD_REPORT_FONT_BODY_BOLD]    = { 9.0,  PANGO_WEIGHT_BOLD,   PANGO_STYLE_NORMAL },
  [LD_REPORT_FONT_SMALL]        = { 7.5,  PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
  [LD_REPORT_FONT_SMALL_BOLD]   = { 7.5,  PANGO_WEIGHT_BOLD,   PANGO_STYLE_NORMAL },
  [LD_REPORT_FONT_SMALL_ITALIC] = { 7.5,  PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC },
  [LD_REPORT_FONT_HEADING]      = { 10.0, PANGO_WEIGHT_BOLD,   PANGO_STYLE_NORMAL },
  [LD_REPORT_FONT_TITLE]        = { 12.5, PANGO_WEIGHT_BOLD,   PANGO_STYLE_NORMAL },
  [LD_REPORT_FONT_LAB_NAME]     = { 15.0, PANGO_WEIGHT_BOLD,   PANGO_STYLE_NORMAL },
  [LD_REPORT_FONT_LABEL]        = { 6.5,  PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
  [LD_REPORT_FONT_LABEL_BOLD]   = { 7.5,  PANGO_WEIGHT_BOLD,   PANGO_STYLE_NORMAL },
};

/* The attribute lists a text may carry, indexed by its NUMERIC and DIM flags. */
enum
{
  ATTRS_NUMERIC = 1 << 0,
  ATTRS_DIM     = 1 << 1,
  N_ATTRS       = 4,
};

struct _LdReportRenderer
{
  GObject               parent_instance;

  PangoContext         *context;
  PangoFontDescription *fonts[LD_REPORT_N_FONTS];
  PangoAttrList        *attrs[N_ATTRS];

  GHashTable           *cache;

  /* The last logo decoded: a lab prints the same one on every page. */
  GBytes               *logo_png;
  cairo_surface_t      *logo;
  /* Issue 18, signing: the last signature decoded, likewise. */
  GBytes               *signature_png;
  cairo_surface_t      *signature;
};

G_DEFINE_FINAL_TYPE (LdReportRenderer, ld_report_renderer, G_TYPE_OBJECT)

/* No ligatures: "fi" and "fl" stay two letters, so that a report's text
 * is searched, copied and read aloud as written, and Cairo needs no second
 * subset of the font for the two ligature glyphs (with no Unicode of
 * their own they go to a font of their own in the PDF, a subset and a
 * compressed font file more in every report). Devanagari's conjuncts come
 * from other features and are kept. */
static PangoAttrList *
make_attrs (guint which)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_font_features_new (
                                   (which & ATTRS_NUMERIC) ? "liga 0, tnum 1" : "liga 0"));
  if (which & ATTRS_DIM)
    pango_attr_list_insert (attrs, pango_attr_foreground_new (0x5200, 0x5200, 0x5200));
  return attrs;
}

/* NULL becomes "", broken UTF-8 is repaired and very long text is cut at
 * a character boundary with an ellipsis. */
static char *
make_printable (const char *text,
                gsize       max_bytes)
{
  g_autofree char *valid = NULL;
  const char *end;
  gsize length;

  if (text == NULL)
    return g_strdup ("");

  length = strlen (text);
  valid = g_utf8_make_valid (text, MIN (length, max_bytes + 8));
  if (strlen (valid) <= max_bytes)
    return g_steal_pointer (&valid);

  end = g_utf8_find_prev_char (valid, valid + max_bytes);
  return g_strdup_printf ("%.*s\u2026", (int) (end - valid), valid);
}

typedef struct
{
  const guint8 *data;
  gsize         left;
} PngReader;

static cairo_status_t
read_png (void          *closure,
          unsigned char *data,
          unsigned int   length)
{
  PngReader *reader = closure;

  if (length > reader->left)
    return CAIRO_STATUS_READ_ERROR;

  memcpy (data, reader->data, length);
  reader->data += length;
  reader->left -= length;
  return CAIRO_STATUS_SUCCESS;
}

static void
ld_report_renderer_finalize (GObject *object)
{
  LdReportRenderer *self = (LdReportRenderer *) object;

  g_clear_object (&self->context);
  for (guint i = 0; i < LD_REPORT_N_FONTS; i++)
    g_clear_pointer (&self->fonts[i], pango_font_description_free);
  for (guint i = 0; i < N_ATTRS; i++)
    g_clear_pointer (&self->attrs[i], pango_attr_list_unref);
  g_clear_pointer (&self->logo_png, g_bytes_unref);
  g_clear_pointer (&self->logo, cairo_surface_destroy);
  g_clear_pointer (&self->signature_png, g_bytes_unref);
  g_clear_pointer (&self->signature, cairo_surface_destroy);
  g_clear_pointer (&self->cache, g_hash_table_unref);

  G_OBJECT_CLASS (ld_report_renderer_parent_class)->finalize (object);
}

static void
ld_report_renderer_class_init (LdReportRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_report_renderer_finalize;
}

static void
ld_report_renderer_init (LdReportRenderer *self)
{
  gboolean fonts_added_now = ld_report_fonts_register ();
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  cairo_font_options_t *options = cairo_font_options_create ();

  /* A font map that listed its fonts before they were added lists them again. */
  if (fonts_added_now && PANGO_IS_FC_FONT_MAP (font_map))
    pango_fc_font_map_config_changed (PANGO_FC_FONT_MAP (font_map));

  /* Unhinted metrics and subpixel positions: the same layout then draws
   * identically into a PDF, a preview image at any resolution and a
   * printer, and one unit is one point. */
  self->context = pango_font_map_create_context (font_map);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  pango_cairo_context_set_resolution (self->context, 72.0);
  pango_context_set_round_glyph_positions (self->context, FALSE);
  cairo_font_options_destroy (options);

  for (guint i = 0; i < LD_REPORT_N_FONTS; i++)
    {
      PangoFontDescription *font = pango_font_description_from_string (LD_REPORT_FAMILIES);

      pango_font_description_set_size (font, (int) (font_table[i].size * PANGO_SCALE));
      pango_font_description_set_weight (font, font_table[i].weight);
      pango_font_description_set_style (font, font_table[i].style);
      self->fonts[i] = font;
    }

  for (guint i = 0; i < N_ATTRS; i++)
    self->attrs[i] = make_attrs (i);

  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/**
 * ld_report_renderer_new:
 *
 * A renderer holds the Pango context and fonts that its documents are laid
 * out with; keep one and reuse it, since making them is most of the cost
 * of a first page. A renderer and its documents belong to the thread that
 * made the renderer (Pango's Cairo font map is per thread).
 *
 * Returns: (transfer full): a new renderer
 */
LdReportRenderer *
ld_report_renderer_new (void)
{
  return g_object_new (LD_TYPE_REPORT_RENDERER, NULL);
}

static PangoLayout *
make_layout (LdReportRenderer  *self,
             LdReportFont       font,
             const char        *text,
             double             width,
             LdReportTextFlags  flags)
{
  g_autofree char *printable = NULL;
  PangoLayout *layout = pango_layout_new (self->context);
  guint attrs = 0;

  printable =
    make_printable (text, (flags & LD_REPORT_TEXT_PARAGRAPH) ? LD_REPORT_PARAGRAPH_MAX_BYTES
                                                             : LD_REPORT_TEXT_MAX_BYTES);
  pango_layout_set_font_description (layout, self->fonts[font]);

  if (flags & LD_REPORT_TEXT_NUMERIC)
    attrs |= ATTRS_NUMERIC;
  if (flags & LD_REPORT_TEXT_DIM)
    attrs |= ATTRS_DIM;
  pango_layout_set_attributes (layout, self->attrs[attrs]);

  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      if (flags & LD_REPORT_TEXT_ELLIPSIZE)
        {
          pango_layout_set_single_paragraph_mode (layout, TRUE);
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
        }
      else
        {
          pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
        }
    }

  if (flags & LD_REPORT_TEXT_CENTER)
    pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  else if (flags & LD_REPORT_TEXT_RIGHT)
    pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);

  pango_layout_set_text (layout, printable, -1);
  return layout;
}

/**
 * ld_report_renderer_text:
 * @self: a renderer
 * @font: the face
 * @text: (nullable): UTF-8 text; %NULL is empty, broken UTF-8 is repaired
 * @width: the width in points to wrap (or ellipsize) at; 0 or less for one
 *   unbounded line
 * @flags: alignment and other flags
 *
 * Lays out text that is never parsed as markup. Wrapping breaks between
 * words, and inside a word only when one word is wider than @width.
 *
 * Returns: (transfer full): a layout whose unit is the point; it may be
 *   shared with other callers, so it must not be changed
 */
PangoLayout *
ld_report_renderer_text (LdReportRenderer  *self,
                         LdReportFont       font,
                         const char        *text,
                         double             width,
                         LdReportTextFlags  flags)
{
  g_autofree char *key = NULL;
  PangoLayout *layout;

  g_return_val_if_fail (LD_IS_REPORT_RENDERER (self), NULL);
  g_return_val_if_fail (font < LD_REPORT_N_FONTS, NULL);

  if (text == NULL || strlen (text) > LD_REPORT_CACHE_MAX_BYTES)
    return make_layout (self, font, text, width, flags);

  key = g_strdup_printf ("%u %x %d %s", font, flags, (int) (MAX (width, 0) * PANGO_SCALE), text);
  layout = g_hash_table_lookup (self->cache, key);
  if (layout != NULL)
    return g_object_ref (layout);

  if (g_hash_table_size (self->cache) >= LD_REPORT_CACHE_MAX_ENTRIES)
    g_hash_table_remove_all (self->cache);

  layout = make_layout (self, font, text, width, flags);
  g_hash_table_insert (self->cache, g_steal_pointer (&key), g_object_ref (layout));
  return layout;
}

/* Decodes @png once into *@cache, keyed by *@cache_png; NULL when it is
 * missing or not a PNG. */
static cairo_surface_t *
decode_cached (GBytes           *png,
               GBytes          **cache_png,
               cairo_surface_t **cache,
               const char       *what)
{
  PngReader reader;
  cairo_surface_t *image;

  if (png == NULL)
    return NULL;
  if (*cache_png != NULL && g_bytes_equal (*cache_png, png))
    return *cache;

  g_clear_pointer (cache_png, g_bytes_unref);
  g_clear_pointer (cache, cairo_surface_destroy);

  reader.data = g_bytes_get_data (png, &reader.left);
  image = cairo_image_surface_create_from_png_stream (read_png, &reader);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS
      || cairo_image_surface_get_width (image) == 0
      || cairo_image_surface_get_height (image) == 0)
    {
      g_debug ("The %s is not a PNG image that can be read: %s", what,
               cairo_status_to_string (cairo_surface_status (image)));
      cairo_surface_destroy (image);
      image = NULL;
    }

  *cache_png = g_bytes_ref (png);
  *cache = image;
  return image;
}

/**
 * ld_report_renderer_get_logo:
 * @self: a renderer
 * @png: (nullable): PNG data
 *
 * Returns: (transfer none) (nullable): @png decoded, or %NULL when it is
 *   missing or not a PNG, in which case the page goes without a logo
 */
cairo_surface_t *
ld_report_renderer_get_logo (LdReportRenderer *self,
                             GBytes           *png)
{
  g_return_val_if_fail (LD_IS_REPORT_RENDERER (self), NULL);

  return decode_cached (png, &self->logo_png, &self->logo, "lab's logo");
}

/**
 * ld_report_renderer_get_signature:
 * @self: a renderer
 * @png: (nullable): PNG data
 *
 * Returns: (transfer none) (nullable): a signatory's signature decoded, or
 *   %NULL when it is missing or not a PNG
 */
cairo_surface_t *
ld_report_renderer_get_signature (LdReportRenderer *self,
                                  GBytes           *png)
{
  g_return_val_if_fail (LD_IS_REPORT_RENDERER (self), NULL);

  return decode_cached (png, &self->signature_png, &self->signature, "signature");
}
