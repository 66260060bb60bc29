/* ld-renderer.c: no OpenGL drawing on a PC that has no GPU for it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 draws with OpenGL whenever a context can be made, and on a desk
 * PC without a usable GPU (a thin client, a virtual machine, a remote X
 * display, Xvfb) Mesa gives it one in software: llvmpipe compiles GTK's
 * shaders on the processor as the first window is drawn. There the
 * Cairo renderer, which draws on the processor anyway, shows the sign-in
 * window in about half the time (bench/bench-client.c, moment 1), and
 * every budget of the window was measured with it. A GPU keeps GL; a
 * GSK_RENDERER set by the person wins over this choice.
 */

#define G_LOG_DOMAIN "ld-renderer"

#include "config.h"

#include <epoxy/gl.h>

#include "ld-renderer.h"

/* Mesa's software rasterisers, by the names GL_RENDERER gives them. */
static gboolean
is_software_renderer (const char *name)
{
  static const char * const software[] = { "llvmpipe", "softpipe", "swrast" };

  for (guint i = 0; i < G_N_ELEMENTS (software); i++)
    if (name != NULL && strstr (name, software[i]) != NULL)
      return TRUE;
  return FALSE;
}

/**
 * ld_renderer_prefer_cairo_on_software_gl:
 * @display: the display the windows will be on, before any is realized
 *
 * Makes the windows of @display draw with Cairo when its OpenGL is a
 * software rasteriser, unless GSK_RENDERER says otherwise.
 *
 * Returns: %TRUE when Cairo was chosen
 */
gboolean
ld_renderer_prefer_cairo_on_software_gl (GdkDisplay *display)
{
  g_autoptr(GdkGLContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  gboolean software;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), FALSE);

  if (g_getenv ("GSK_RENDERER") != NULL)
    return FALSE;
  context = gdk_display_create_gl_context (display, &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    {
      /* GTK falls back to Cairo by itself. */
      g_debug ("No OpenGL: %s", error->message);
      return FALSE;
    }
  gdk_gl_context_make_current (context);
  name = (const char *) glGetString (GL_RENDERER);
  software = is_software_renderer (name);
  gdk_gl_context_clear_current ();
  g_debug ("OpenGL renderer %s: drawing with %s", name, software ? "Cairo" : "OpenGL");
  if (software)
    /* GSK reads this key of the display before GSK_RENDERER (gskrenderer.c,
     * get_renderer_for_display()), from GTK 4.0 on. */
    g_object_set_data_full (G_OBJECT (display), "gsk-renderer", g_strdup ("cairo"), g_free);
  return software;
}
