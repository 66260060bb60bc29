/* ld-report-render.c: the lab report
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-report-render"

#include "config.h"

#include <math.h>

#include "ld-report-document.h"
#include "ld-report-renderer-private.h"
#include "ld-report-table.h"

/* The verification QR code: 22 mm with its quiet zone, modules of about
 * 0.6 mm for a short address, which any phone reads and a photocopy keeps. */
#define QR_SIZE (22.0 * LD_REPORT_MM)

enum
{
  COL_TEST,
  COL_RESULT,
  COL_UNIT,
  COL_REFERENCE,
  COL_FLAG,
  N_COLS,
};

typedef struct
{
  LdReportRenderer  *renderer;
  const LdLabReport *report;
  const char        *zone;
  LdReportDocument  *document;
  double             width;
  LdReportTable     *results;
  /* Numeric results line up on their decimal points at this offset in
   * the result column; PangoLayouts of the values, in report order. */
  double             decimal_offset;
  GPtrArray         *values;
  GArray            *integer_widths;
} Builder;

static const LdReportLab empty_lab;
static const LdReportPatient empty_patient;

static PangoLayout *
text (Builder           *builder,
      LdReportFont       font,
      const char        *string,
      double             width,
      LdReportTextFlags  flags)
{
  return ld_report_renderer_text (builder->renderer, font, string, width, flags);
}

/* Where a value's decimal point is (or where its integer part ends), in
 * bytes, when it is a number as labs write them: "12.5", "-3", "<0.01",
 * ">= 1,200". Anything else is text and is set from the column's left. */
static gboolean
find_decimal_point (const char *value,
                    gsize      *index)
{
  const char *prefixes[] = { "<=", ">=", "\u2264", "\u2265", "<", ">" };
  const char *p = value;
  gboolean digits = FALSE;

  if (value == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (p, prefixes[i]))
      {
        p += strlen (prefixes[i]);
        break;
      }
  while (*p == ' ')
    p++;
  if (*p == '+' || *p == '-')
    p++;
  else if (g_str_has_prefix (p, "\u2212"))
    p += strlen ("\u2212");

  while (g_ascii_isdigit (*p) || (digits && *p == ',' && g_ascii_isdigit (p[1])))
    {
      digits = TRUE;
      p++;
    }
  if (!digits)
    return FALSE;

  *index = p - value;
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

static char *
format_time (Builder *builder,
             gint64   utc_us)
{
  return ld_report_format_time (utc_us, builder->zone);
}

static gboolean
has_text (const char *text)
{
  return text != NULL && text[0] != '\0';
}

static char *
join_sex_age (const LdReportPatient *patient)
{
  gboolean has_sex = patient->sex != NULL && patient->sex[0] != '\0';
  gboolean has_age = patient->age != NULL && patient->age[0] != '\0';

  if (has_sex && has_age)
    /* Translators: sex and age in the patient block, such as "Female / 34 years". */
    return g_strdup_printf (_("%s / %s"), patient->sex, patient->age);
  return g_strdup (has_sex ? patient->sex : has_age ? patient->age : NULL);
}

static void
add_patient_block (Builder *builder)
{
  const LdLabReport *report = builder->report;
  const LdReportPatient *patient = report->patient != NULL ? report->patient : &empty_patient;
  LdReportBlock *block = ld_report_block_new ();
  g_autofree char *sex_age = join_sex_age (patient);
  g_autofree char *released = format_time (builder, report->released_us);
  g_autofree char *version = NULL;
  double left_width = builder->width * 0.56 - 12;
  double right_x = builder->width * 0.56;
  double right_width = builder->width - right_x;
  const double label_width = 68;
  double left = 0;
  double right = 0;

  left = ld_report_add_pair (builder->renderer, block, _("Patient"), patient->name,
                             LD_REPORT_FONT_HEADING, 0, left, label_width, left_width) + 3;
  left = ld_report_add_pair (builder->renderer, block, _("MRN"), patient->mrn,
                             LD_REPORT_FONT_BODY_BOLD, 0, left, label_width, left_width) + 2;
  if (patient->second_id != NULL && patient->second_id[0] != '\0')
    left = ld_report_add_pair (builder->renderer, block,
                               patient->second_id_label != NULL && patient->second_id_label[0]
                                 ? patient->second_id_label : _("Second ID"),
                               patient->second_id, LD_REPORT_FONT_BODY, 0, left,
                               label_width, left_width) + 2;
  left = ld_report_add_pair (builder->renderer, block, _("Sex / age"), sex_age,
                             LD_REPORT_FONT_BODY, 0, left, label_width, left_width) + 2;
  left = ld_report_add_pair (builder->renderer, block, _("Date of birth"), patient->date_of_birth,
                             LD_REPORT_FONT_BODY, 0, left, label_width, left_width);

  /* Translators: the report's version in the patient block. */
  version = report->corrected ? g_strdup_printf (_("%u (corrected)"), report->version)
                              : g_strdup_printf ("%u", report->version);
  right = ld_report_add_pair (builder->renderer, block, _("Order"), report->order_number,
                              LD_REPORT_FONT_BODY_BOLD, right_x, right, label_width,
                              right_width) + 2;
  if (has_text (report->doctor) || !has_text (report->referred_by))
    right = ld_report_add_pair (builder->renderer, block, _("Requested by"), report->doctor,
                                LD_REPORT_FONT_BODY, right_x, right, label_width,
                                right_width) + 2;
  if (has_text (report->referred_by))
    right = ld_report_add_pair (builder->renderer, block, _("Referred by"), report->referred_by,
                                LD_REPORT_FONT_BODY, right_x, right, label_width,
                                right_width) + 2;
  right = ld_report_add_pair (builder->renderer, block, _("Report version"), version,
                              LD_REPORT_FONT_BODY, right_x, right, label_width, right_width) + 2;
  right = ld_report_add_pair (builder->renderer, block, _("Released"), released,
                              LD_REPORT_FONT_BODY, right_x, right, label_width, right_width);

  ld_report_block_set_height (block, MAX (left, right) + 4);
  ld_report_document_append (builder->document, block);
}

/* The patient at the top of every page after the first: a page that comes
 * loose still says whose it is. */
static LdReportBlock *
build_patient_header (Builder *builder)
{
  const LdLabReport *report = builder->report;
  const LdReportPatient *patient = report->patient != NULL ? report->patient : &empty_patient;
  LdReportBlock *block = ld_report_block_new ();
  g_autofree char *sex_age = join_sex_age (patient);
  g_autofree char *details = NULL;
  g_autoptr(PangoLayout) name = NULL;
  g_autoptr(PangoLayout) rest = NULL;
  double name_width = builder->width * 0.45;
  int name_w;
  double bottom;

  /* Translators: the patient line at the top of every report page after
   * the first: MRN, sex and age, order number. */
  details =
    g_strdup_printf (_("MRN %s  \u00b7  %s  \u00b7  Order %s"), ld_report_or_dash (patient->mrn),
                        ld_report_or_dash (sex_age), ld_report_or_dash (report->order_number));
  name = text (builder, LD_REPORT_FONT_BODY_BOLD, ld_report_or_dash (patient->name), name_width,
               LD_REPORT_TEXT_ELLIPSIZE);
  pango_layout_get_pixel_size (name, &name_w, NULL);
  rest =
    text (builder, LD_REPORT_FONT_SMALL, details, builder->width - MIN (name_w, name_width) - 12,
          LD_REPORT_TEXT_ELLIPSIZE | LD_REPORT_TEXT_RIGHT);

  bottom = ld_report_block_add_text (block, name, 0, 0);
  {
    /* Captions are smaller than the name; share its baseline. */
    double shift =
      (double) (pango_layout_get_baseline (name) - pango_layout_get_baseline (rest)) / PANGO_SCALE;

    bottom = MAX (bottom, ld_report_block_add_text (block, rest, MIN (name_w, name_width) + 12,
                                                    MAX (shift, 0)));
  }
  ld_report_block_add_rule (block, 0, builder->width, bottom + 3, 0.5, LD_REPORT_GREY_RULE);
  ld_report_block_set_height (block, bottom + 10);
  return block;
}

/* The requesting doctor's clinical notes, which the pathologist reads the
 * results against. */
static void
add_clinical_notes (Builder *builder)
{
  LdReportBlock *block;
  double bottom;

  if (!has_text (builder->report->clinical_notes))
    return;

  block = ld_report_block_new ();
  bottom = ld_report_add_pair (builder->renderer, block,
                               _("Clinical notes"), builder->report->clinical_notes,
                                  LD_REPORT_FONT_BODY, 0, 0, 68, builder->width);
  ld_report_block_set_height (block, bottom + 2);
  ld_report_block_set_space_before (block, 2);
  ld_report_document_append (builder->document, block);
}

static void
add_correction_banner (Builder *builder)
{
  const LdLabReport *report = builder->report;
  LdReportBlock *block = ld_report_block_new ();
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) body = NULL;
  g_autoptr(GString) message = g_string_new (NULL);
  double inner = builder->width - 16;
  int title_h;
  int body_h;

  if (report->version > 1)
    /* Translators: on a corrected report; %u is the version it replaces. */
    g_string_printf (message, _("This report replaces version %u. Each amended result shows "
                                "the value reported before it."), report->version - 1);
  else
    g_string_assign (message, _("Each amended result shows the value reported before it."));
  if (report->correction_note != NULL && report->correction_note[0] != '\0')
    {
      g_string_append_c (message, '\n');
      /* Translators: why a report was corrected. */
      g_string_append_printf (message, _("Reason: %s"), report->correction_note);
    }

  title = text (builder, LD_REPORT_FONT_HEADING, _("Corrected report"), inner, 0);
  body = text (builder, LD_REPORT_FONT_BODY, message->str, inner, LD_REPORT_TEXT_PARAGRAPH);
  pango_layout_get_pixel_size (title, NULL, &title_h);
  pango_layout_get_pixel_size (body, NULL, &body_h);

  /* A box drawn in black, not a colour, survives any printer. */
  ld_report_block_add_box (block, 0, 0, builder->width, title_h + body_h + 14, 1.2, 0.96);
  ld_report_block_add_text (block, title, 8, 5);
  ld_report_block_add_text (block, body, 8, 7 + title_h);
  ld_report_block_set_space_before (block, 8);
  ld_report_document_append (builder->document, block);
}

static void
add_samples (Builder *builder)
{
  const LdReportColumn columns[] = {
    { _("Sample"), 0.2, 0 }, { _("Specimen and container"), 0.36, 0 },
                                { _("Collected"), 0.22, LD_REPORT_TEXT_NUMERIC },
                                  { _("Received"), 0.22, LD_REPORT_TEXT_NUMERIC },
                                };
  g_autoptr(LdReportTable) table = NULL;

  if (builder->report->samples == NULL || builder->report->samples->len == 0)
    return;

  table = ld_report_table_new (builder->renderer, builder->width, columns, G_N_ELEMENTS (columns));
  ld_report_table_append_header (table, builder->document, 10);

  for (guint i = 0; i < builder->report->samples->len; i++)
    {
      const LdReportSample *sample = g_ptr_array_index (builder->report->samples, i);
      g_autofree char *collected = format_time (builder, sample->collected_us);
      g_autofree char *received = format_time (builder, sample->received_us);
      g_autofree char *specimen = NULL;
      const char *cells[4];

      if (sample->container != NULL && sample->container[0] != '\0')
        /* Translators: a specimen and its container, such as "Venous blood, EDTA tube". */
        specimen =
          g_strdup_printf (_("%s, %s"), ld_report_or_dash (sample->specimen), sample->container);
      else
        specimen = g_strdup (ld_report_or_dash (sample->specimen));

      cells[0] = ld_report_or_dash (sample->accession);
      cells[1] = specimen;
      cells[2] = ld_report_or_dash (collected);
      cells[3] = ld_report_or_dash (received);
      ld_report_table_append_row (table, builder->document, cells, LD_REPORT_FONT_BODY);
    }
}

/* A number on one line, with the width of its integer part in @integer;
 * text, or a number too wide for the column, wrapped in the column, with
 * an @integer of -1. */
static PangoLayout *
layout_value (Builder              *builder,
              const LdReportResult *result,
              double                column_width,
              double               *integer)
{
  LdReportFont font =
    ld_report_flag_is_abnormal (result->flag) ? LD_REPORT_FONT_BODY_BOLD : LD_REPORT_FONT_BODY;
  gsize point;

  *integer = -1;
  if (find_decimal_point (result->value, &point))
    {
      g_autoptr(PangoLayout) layout =
                   text (builder, font, result->value, 0, LD_REPORT_TEXT_NUMERIC);
      PangoRectangle pos;
      int width;

      pango_layout_get_pixel_size (layout, &width, NULL);
      if (width <= column_width)
        {
          pango_layout_index_to_pos (layout, (int) point, &pos);
          *integer = (double) pos.x / PANGO_SCALE;
          return g_steal_pointer (&layout);
        }
    }

  return text (builder, font, ld_report_or_dash (result->value), column_width, 0);
}

/* Lays out every value first, to find how far in the decimal points must
 * sit for the widest integer part of the report to fit. */
static void
measure_values (Builder *builder)
{
  double column_width;
  double widest_integer = 0;
  double widest_fraction = 0;

  ld_report_table_get_column (builder->results, COL_RESULT, NULL, &column_width);
  builder->values = g_ptr_array_new_with_free_func (g_object_unref);
  builder->integer_widths = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint p = 0; p < builder->report->panels->len; p++)
    {
      const LdReportPanel *panel = g_ptr_array_index (builder->report->panels, p);

      for (guint r = 0; panel->results != NULL && r < panel->results->len; r++)
        {
          double       integer;
          PangoLayout *layout =
            layout_value (builder, g_ptr_array_index (panel->results, r), column_width, &integer);

          if (integer >= 0)
            {
              int width;

              pango_layout_get_pixel_size (layout, &width, NULL);
              widest_integer = MAX (widest_integer, integer);
              widest_fraction = MAX (widest_fraction, width - integer);
            }
          g_ptr_array_add (builder->values, layout);
          g_array_append_val (builder->integer_widths, integer);
        }
    }

  builder->decimal_offset = MIN (widest_integer, MAX (column_width - widest_fraction, 0));
}

static char *
describe_amendment (const LdReportResult *result)
{
  if (result->amendment_reason != NULL && result->amendment_reason[0] != '\0')
    /* Translators: under an amended result: the old value, then why it changed. */
    return g_strdup_printf (_("Previously reported: %s. Reason for the amendment: %s"),
                               result->previous_value, result->amendment_reason);

  /* Translators: under an amended result: the value reported before. */
  return g_strdup_printf (_("Previously reported: %s"), result->previous_value);
}

/* Issue 18, signing: one line under a critical result saying who was
 * telephoned, when and by whom, and that the value was read back. */
static double
add_critical_call (Builder              *builder,
                   LdReportBlock        *row,
                   const LdReportResult *result,
                   double                x,
                   double                y)
{
  /* Translators: the time of a telephoned critical value, in strftime() form, such as "14:32". */
  g_autofree char *at =
    ld_report_format_time_as (result->critical_call_us, builder->zone, _("%H:%M"));
  /* Translators: the date of a telephoned critical value, in strftime() form, such as "23-11-2026". */
  g_autofree char *on =
    ld_report_format_time_as (result->critical_call_us, builder->zone, _("%d-%m-%Y"));
  g_autofree char *line = NULL;
  g_autoptr(PangoLayout) layout = NULL;

  /* Translators: under a critical result: whom the lab telephoned (with
   * their role), the time, the date, and who telephoned. */
  line = g_strdup_printf (_("Critical value telephoned to %s at %s on %s by %s and read back."),
                             result->critical_call_to, ld_report_or_dash (at),
                             ld_report_or_dash (on), ld_report_or_dash (result->critical_call_by));
  layout =
    text (builder, LD_REPORT_FONT_SMALL_ITALIC, line, builder->width - x, LD_REPORT_TEXT_PARAGRAPH);
  return ld_report_block_add_text (row, layout, x, y);
}

static LdReportBlock *
build_result_row (Builder              *builder,
                  const LdReportResult *result,
                  guint                 index,
                  GPtrArray            *repeat)
{
  LdReportTable *table = builder->results;
  LdReportBlock *row = ld_report_block_new ();
  PangoLayout *value = g_ptr_array_index (builder->values, index);
  double integer = g_array_index (builder->integer_widths, double, index);
  gboolean abnormal = ld_report_flag_is_abnormal (result->flag);
  const double top = LD_REPORT_CELL_TOP;
  double bottom = top;
  double note_x;
  double x;

  bottom =
    fmax (bottom, ld_report_table_add_cell (table, row, COL_TEST, ld_report_or_dash (result->name),
                                            LD_REPORT_FONT_BODY, top));

  ld_report_table_get_column (table, COL_RESULT, &x, NULL);
  if (integer >= 0)
    x += builder->decimal_offset - integer;
  bottom = fmax (bottom, ld_report_block_add_text (row, value, x, top));

  bottom = fmax (bottom, ld_report_table_add_cell (table, row, COL_UNIT, result->unit,
                                                   LD_REPORT_FONT_BODY, top));
  bottom = fmax (bottom, ld_report_table_add_cell (table, row, COL_REFERENCE, result->reference,
                                                   LD_REPORT_FONT_BODY, top));

  if (result->flag != LD_REPORT_FLAG_NONE)
    {
      const char *flag = ld_report_flag_to_string (result->flag);
      double flag_bottom;

      if (ld_report_flag_is_critical (result->flag))
        {
          /* A critical value is boxed as well as bold: the one mark that
           * cannot be missed on a faint photocopy. */
          g_autoptr(PangoLayout) layout = text (builder, LD_REPORT_FONT_BODY_BOLD, flag, 0, 0);
          int w, h;

          ld_report_table_get_column (table, COL_FLAG, &x, NULL);
          pango_layout_get_pixel_size (layout, &w, &h);
          ld_report_block_add_box (row, x - 2, top - 1, w + 4, h + 2, 0.9, -1);
          flag_bottom = ld_report_block_add_text (row, layout, x, top) + 1;
        }
      else
        {
          flag_bottom =
            ld_report_table_add_cell (table, row, COL_FLAG, flag,
                                      abnormal ? LD_REPORT_FONT_BODY_BOLD : LD_REPORT_FONT_SMALL,
                                      top);
        }
      bottom = MAX (bottom, flag_bottom);
    }
  if (result->previous_value != NULL)
    {
      /* The flag column says it too, where the eye runs down the flags. */
      double amended =
        ld_report_table_add_cell (table, row, COL_FLAG,
                                  _("Amended"), LD_REPORT_FONT_SMALL_BOLD,
                                     result->flag != LD_REPORT_FLAG_NONE ? bottom + 1 : top);

      bottom = MAX (bottom, amended);
    }

  ld_report_table_get_column (table, COL_TEST, &note_x, NULL);
  note_x += 10;
  if (result->previous_value != NULL)
    {
      g_autofree char *note = describe_amendment (result);
      g_autoptr(PangoLayout) layout = text (builder, LD_REPORT_FONT_SMALL_ITALIC, note,
                                             builder->width - note_x, LD_REPORT_TEXT_PARAGRAPH);

      bottom = ld_report_block_add_text (row, layout, note_x, bottom + 1.5);
    }
  if (result->comment != NULL && result->comment[0] != '\0')
    {
      /* Translators: a result's comment under its row. */
      g_autofree char *note = g_strdup_printf (_("Comment: %s"), result->comment);
      g_autoptr(PangoLayout) layout = text (builder, LD_REPORT_FONT_SMALL, note,
                                             builder->width - note_x, LD_REPORT_TEXT_PARAGRAPH);

      bottom = ld_report_block_add_text (row, layout, note_x, bottom + 1.5);
    }
  if (result->critical_call_to != NULL)
    bottom = add_critical_call (builder, row, result, note_x, bottom + 1.5);

  ld_report_block_set_repeat (row, repeat);
  ld_report_table_end_row (table, row, bottom);
  return row;
}

/* A department's heading: larger than a panel's, on a grey band, so the
 * eye finds Haematology or Biochemistry down a long report. */
static LdReportBlock *
build_department_heading (Builder    *builder,
                          const char *title)
{
  LdReportBlock *block = ld_report_block_new ();
  g_autoptr(PangoLayout) layout = text (builder, LD_REPORT_FONT_HEADING, title,
                                        builder->width, 0);
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  /* The band's edges are the column headings' band's; the title stands
   * over the test names. */
  ld_report_block_add_box (block, -3, 2, builder->width + 6, height + 4, 0, LD_REPORT_GREY_BAND);
  ld_report_block_add_text (block, layout, 0, 4);
  ld_report_block_set_height (block, height + 8);
  ld_report_block_set_keep_with_next (block, TRUE);
  return block;
}

static void
add_panel (Builder             *builder,
           const LdReportPanel *panel,
           gboolean             new_department,
           guint               *index)
{
  g_autoptr(GPtrArray) repeat = NULL;

  repeat = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_report_block_unref);
  g_ptr_array_add (repeat, ld_report_block_ref (ld_report_table_get_header (builder->results)));

  if (has_text (panel->department))
    {
      /* Translators: a department's heading on the page its results run on to. */
      g_autofree char *continued = g_strdup_printf (_("%s (continued)"), panel->department);

      g_ptr_array_add (repeat, build_department_heading (builder, continued));
      if (new_department)
        {
          LdReportBlock *heading = build_department_heading (builder, panel->department);

          ld_report_block_set_repeat (heading, ld_report_table_get_repeat (builder->results));
          ld_report_block_set_space_before (heading, 8);
          ld_report_document_append (builder->document, heading);
        }
    }

  if (panel->title != NULL || !has_text (panel->department))
    {
      LdReportBlock *title =
        ld_report_heading_new (builder->renderer, panel->title, builder->width);
      g_autofree char *continued_text = NULL;

      /* Translators: a panel's heading on the page its results run on to. */
      continued_text = g_strdup_printf (_("%s (continued)"), ld_report_or_dash (panel->title));
      g_ptr_array_add (repeat,
                       ld_report_heading_new (builder->renderer, continued_text, builder->width));

      ld_report_block_set_repeat (title, ld_report_table_get_repeat (builder->results));
      ld_report_block_set_space_before (title, 4);
      ld_report_document_append (builder->document, title);
    }

  if (panel->results == NULL || panel->results->len == 0)
    {
      const char *cells[N_COLS] = { _("No results in this group"), NULL, NULL, NULL, NULL };

      ld_report_table_append_row (builder->results, builder->document, cells,
                                  LD_REPORT_FONT_SMALL);
      return;
    }

  for (guint r = 0; r < panel->results->len; r++)
    ld_report_document_append (builder->document,
                               build_result_row (builder,
                                                 g_ptr_array_index (panel->results, r),
                                                 (*index)++, repeat));
}

static void
add_results (Builder *builder)
{
  const LdReportColumn columns[N_COLS] = {
    [COL_TEST] = {
      _("Test"), 0.34, 0 }, [COL_RESULT] = {
                               _("Result"), 0.15, LD_REPORT_TEXT_NUMERIC },
                               [COL_UNIT] = {
                                 _("Unit"), 0.13, 0 }, [COL_REFERENCE] = {
                                                          _("Reference interval"), 0.22,
                                                             LD_REPORT_TEXT_NUMERIC },
                                                          [COL_FLAG] = { _("Flag"), 0.16, 0 },
                                                          };
  guint index = 0;

  builder->results = ld_report_table_new (builder->renderer, builder->width, columns, N_COLS);
  ld_report_table_append_header (builder->results, builder->document, 14);

  if (builder->report->panels == NULL || builder->report->panels->len == 0)
    {
      const char *cells[N_COLS] = {
        _("There are no results on this report."),
      };

      ld_report_table_append_row (builder->results, builder->document, cells,
                                  LD_REPORT_FONT_BODY);
      return;
    }

  measure_values (builder);
  for (guint p = 0; p < builder->report->panels->len; p++)
    {
      const LdReportPanel *panel = g_ptr_array_index (builder->report->panels, p);
      const LdReportPanel *before =
        p > 0 ? g_ptr_array_index (builder->report->panels, p - 1) : NULL;

      add_panel (builder, panel,
                 before == NULL || g_strcmp0 (before->department, panel->department) != 0,
                 &index);
    }
}

/* A heading and paragraphs of text, left out when there is no text. */
static void
add_section (Builder    *builder,
             const char *title,
             const char *body_text)
{
  LdReportBlock *heading;
  LdReportBlock *body;
  g_autoptr(PangoLayout) body_layout = NULL;

  if (body_text == NULL || body_text[0] == '\0')
    return;

  heading = ld_report_heading_new (builder->renderer, title, builder->width);
  ld_report_block_set_space_before (heading, 10);
  ld_report_document_append (builder->document, heading);

  body = ld_report_block_new ();
  body_layout =
    text (builder, LD_REPORT_FONT_BODY, body_text, builder->width, LD_REPORT_TEXT_PARAGRAPH);
  ld_report_block_add_text (body, body_layout, 0, 0);
  ld_report_document_append (builder->document, body);
}

/* A copy of @layout in which the last @needle cannot be broken across
 * lines: a verification code read off paper must be read in one piece
 * (its dashes would otherwise be break opportunities). */
static PangoLayout *
keep_whole (PangoLayout *layout,
            const char  *needle)
{
  PangoLayout *copy = pango_layout_copy (layout);
  const char *text = pango_layout_get_text (copy);
  const char *found = g_strrstr (text, needle);
  PangoAttrList *shared = pango_layout_get_attributes (copy);
  g_autoptr(PangoAttrList) attrs =
               shared != NULL ? pango_attr_list_copy (shared) : pango_attr_list_new ();
  PangoAttribute *no_breaks;

  if (found == NULL)
    return copy;

  no_breaks = pango_attr_allow_breaks_new (FALSE);
  no_breaks->start_index = found - text;
  no_breaks->end_index = found - text + strlen (needle);
  pango_attr_list_insert (attrs, no_breaks);
  pango_layout_set_attributes (copy, attrs);
  return copy;
}

static void
add_comments (Builder *builder)
{
  add_section (builder, _("Comments and interpretation"), builder->report->comments);
}

/* Issue 18, signing: the report-wide interpretation, at the end. */
static void
add_interpretation (Builder *builder)
{
  add_section (builder, _("Interpretation"), builder->report->interpretation);
}

/* Issue 18, signing: the authorised signatory's qualification and
 * registration under "Released by", and their signature if there is one. */
static double
add_signatory (Builder       *builder,
               LdReportBlock *block,
               double         y,
               double         width)
{
  const LdLabReport *report = builder->report;
  g_autofree char *line = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  cairo_surface_t *signature;

  if (report->signatory_qualification == NULL && report->signatory_registration == NULL)
    return y;

  /* Translators: under the signatory's name: qualification and registration number,
   * such as "MD (Pathology) · Reg. No. KMC 2004/03/1234". */
  line = g_strdup_printf (_("%s \u00b7 Reg. No. %s"),
                             ld_report_or_dash (report->signatory_qualification),
                             ld_report_or_dash (report->signatory_registration));
  layout = text (builder, LD_REPORT_FONT_SMALL, line, width - 68, 0);
  y = ld_report_block_add_text (block, layout, 68, y + 1);

  signature = ld_report_renderer_get_signature (builder->renderer,
                                                report->signatory_signature_png);
  if (signature != NULL)
    {
      double w = cairo_image_surface_get_width (signature);
      double h = cairo_image_surface_get_height (signature);
      double scale = MIN (14 * LD_REPORT_MM / h, 50 * LD_REPORT_MM / w);

      ld_report_block_add_image (block, signature, 68, y + 2, w * scale, h * scale);
      y += 2 + h * scale;
    }
  return y;
}

static double
add_signature (Builder       *builder,
               LdReportBlock *block,
               const char    *label,
               const char    *who,
               gint64         when_us,
               double         y,
               double         width)
{
  g_autofree char *when = format_time (builder, when_us);
  g_autofree char *line = NULL;

  if (when != NULL && who != NULL && who[0] != '\0')
    /* Translators: who signed off a report and when, such as "Dr Asha Rao, 21 Nov 2026, 14:05". */
    line = g_strdup_printf (_("%s, %s"), who, when);
  else
    line = g_strdup (who != NULL && who[0] != '\0' ? who : when);

  return ld_report_add_pair (builder->renderer, block, label, line, LD_REPORT_FONT_BODY_BOLD,
                             0, y, 68, width);
}

static void
add_sign_off (Builder *builder)
{
  const LdLabReport *report = builder->report;
  LdReportBlock *block = ld_report_block_new ();
  g_autoptr(LdReportCode) qr = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PangoLayout) end = NULL;
  double text_width = builder->width - QR_SIZE - 16;
  double y;

  ld_report_block_add_rule (block, 0, builder->width, 0, 0.6, 0);
  y = add_signature (builder, block, _("Verified by"), report->verified_by, report->verified_us,
                     6, text_width) + 3;
  y = add_signature (builder, block, _("Released by"), report->released_by, report->released_us,
                     y, text_width);
  y = add_signatory (builder, block, y, text_width) + 6;

  if (report->verification_url != NULL && report->verification_url[0] != '\0')
    {
      g_autoptr(PangoLayout) how = NULL;
      g_autofree char *how_text = NULL;

      qr = ld_report_code_new_qr (report->verification_url, &error);
      if (qr == NULL)
        g_debug ("No QR code on the report: %s", error->message);

      if (report->verification_code != NULL && report->verification_code[0] != '\0')
        /* Translators: beside the QR code; %s is its address, then the printed code. */
        how_text = g_strdup_printf (_("Check that this report is genuine: scan the code, or open "
                                      "%s (code %s)."),
                                       report->verification_url, report->verification_code);
      else
        /* Translators: beside the QR code; %s is its address. */
        how_text = g_strdup_printf (_("Check that this report is genuine: scan the code, or "
                                      "open %s."), report->verification_url);
      how = text (builder, LD_REPORT_FONT_SMALL, how_text, text_width,
                  LD_REPORT_TEXT_DIM | LD_REPORT_TEXT_PARAGRAPH);
      if (has_text (report->verification_code))
        {
          PangoLayout *whole = keep_whole (how, report->verification_code);

          g_object_unref (how);
          how = whole;
        }
      y = ld_report_block_add_text (block, how, 0, y);
    }

  if (qr != NULL)
    {
      ld_report_block_add_code (block, g_steal_pointer (&qr), builder->width - QR_SIZE, 3,
                                QR_SIZE, QR_SIZE);
      y = MAX (y, 3 + QR_SIZE);
    }

  end = text (builder, LD_REPORT_FONT_SMALL, _("End of report"), builder->width,
              LD_REPORT_TEXT_CENTER | LD_REPORT_TEXT_DIM);
  ld_report_block_add_text (block, end, 0, y + 4);
  ld_report_block_set_space_before (block, 12);
  ld_report_document_append (builder->document, block);
}

static char *
make_footer (const LdLabReport *report)
{
  const LdReportPatient *patient = report->patient != NULL ? report->patient : &empty_patient;

  /* Translators: the running line at the foot of every report page. */
  return g_strdup_printf (_("%s  \u00b7  MRN %s  \u00b7  Order %s"),
                             ld_report_or_dash (patient->name), ld_report_or_dash (patient->mrn),
                             ld_report_or_dash (report->order_number));
}

/**
 * ld_report_renderer_layout_lab_report:
 * @self: a renderer
 * @report: what the report says
 * @paper: A4 or US Letter
 *
 * Lays out a lab report as ISO 15189 lists its contents: on every page the
 * lab's letterhead, the title ("Corrected report" for a correction), the
 * patient's name and MRN and 'page N of M'; then the patient and order,
 * the samples, the results by panel with abnormal and critical values in
 * bold and their flags spelled out, the previous value of each amended
 * result, comments, who verified and released it, and a QR code of its
 * verification address.
 *
 * Returns: (transfer full): the document, ready to draw or write
 */
LdReportDocument *
ld_report_renderer_layout_lab_report (LdReportRenderer  *self,
                                      const LdLabReport *report,
                                      LdReportPaper      paper)
{
  Builder builder = { 0 };
  g_autofree char *footer = NULL;
  g_autofree char *note = NULL;
  g_autofree char *subtitle = NULL;
  const char *title;

  g_return_val_if_fail (LD_IS_REPORT_RENDERER (self), NULL);
  g_return_val_if_fail (report != NULL, NULL);

  builder.renderer = self;
  builder.report = report;
  builder.zone = report->lab != NULL ? report->lab->time_zone : NULL;

  title = report->corrected ? _("Corrected report") : _("Laboratory report");
  if (report->verification_code != NULL && report->verification_code[0] != '\0')
    /* Translators: the grey line at the foot of every report page. */
    note = g_strdup_printf (_("Report version %u  \u00b7  verification code %s"), report->version,
                               report->verification_code);
  else
    /* Translators: the grey line at the foot of every report page. */
    note = g_strdup_printf (_("Report version %u"), report->version);
  if (report->released_us <= 0)
    /* A preview printed before release must not pass for the report. */
    subtitle = g_strdup (_("Preview, not released"));
  else if (report->corrected && report->version > 1)
    /* Translators: under "Corrected report" at the top of every page. */
    subtitle = g_strdup_printf (_("Version %u, replacing version %u"), report->version,
                                   report->version - 1);

  footer = make_footer (report);
  builder.document =
    ld_report_frame_new_document (self, paper, report->lab != NULL ? report->lab : &empty_lab,
                                  title, subtitle, footer, note, &builder.width);
  ld_report_document_set_created (builder.document, report->released_us);
  if (report->released_us <= 0)
    /* Translators: printed large across every page of a report previewed
     * before its release, so the preview cannot pass for the report. */
    ld_report_frame_add_watermark (self, builder.document, paper,
                                   _("PREVIEW \u2014 NOT RELEASED"));

  ld_report_document_set_running_header (builder.document, build_patient_header (&builder));
  add_patient_block (&builder);
  add_clinical_notes (&builder);
  if (report->corrected)
    add_correction_banner (&builder);
  add_samples (&builder);
  add_results (&builder);
  add_comments (&builder);
  add_interpretation (&builder);
  add_sign_off (&builder);

  g_clear_pointer (&builder.results, ld_report_table_free);
  g_clear_pointer (&builder.values, g_ptr_array_unref);
  g_clear_pointer (&builder.integer_widths, g_array_unref);
  return builder.document;
}
