/* ld-hl7.h: HL7 v2.5.1 over MLLP, for analyzers
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ld-hl7-mllp.c frames, ld-hl7-parse.c reads a message's segments and
 * turns an ORU^R01 into an LdInstrumentMessage, ld-hl7-ack.c writes the
 * answers (ACK, RSP^K11), ld-hl7-serve.c holds the conversation. See
 * docs/instruments-hl7.md.
 */

#pragma once

#include "ld-instrument-message.h"

G_BEGIN_DECLS

/* The longest message taken; a longer one drops the connection. */
#define LD_HL7_MAX_MESSAGE (1024 * 1024)

/* ld-hl7-mllp.c */
typedef struct _LdMllpReader LdMllpReader;

LdMllpReader                *ld_mllp_reader_new (GInputStream *input);
void                         ld_mllp_reader_free (LdMllpReader *reader);
char *
ld_mllp_read (LdMllpReader *reader, gsize max_bytes, GCancellable *cancellable, GError **error);
gboolean ld_mllp_write (GOutputStream *output,
                        const char    *message,
                        GCancellable  *cancellable,
                        GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdMllpReader, ld_mllp_reader_free)

/* ld-hl7-parse.c */
typedef struct _LdHl7Message LdHl7Message;

/* Errors in reading a message, each with its HL7 table 0357 code. */
typedef enum
{
  LD_HL7_ERROR_SEGMENT_SEQUENCE = 100,
  LD_HL7_ERROR_REQUIRED_FIELD = 101,
  LD_HL7_ERROR_DATA_TYPE = 102,
  LD_HL7_ERROR_UNSUPPORTED_MESSAGE = 200,
  LD_HL7_ERROR_UNSUPPORTED_EVENT = 201,
  LD_HL7_ERROR_UNSUPPORTED_VERSION = 203,
  LD_HL7_ERROR_UNKNOWN_KEY = 204,
  LD_HL7_ERROR_INTERNAL = 207
} LdHl7Error;

#define LD_HL7_ERROR (ld_hl7_error_quark ())
GQuark ld_hl7_error_quark (void);

LdHl7Message *ld_hl7_message_parse (const char    *text,
                                    GError       **error);
void          ld_hl7_message_free  (LdHl7Message  *message);
char         *ld_hl7_message_dup   (const LdHl7Message *message,
                                    const char    *segment,
                                    guint          nth,
                                    guint          field,
                                    guint          component);
char         *ld_hl7_unescape      (const LdHl7Message *message,
                                    const char    *text,
                                    gssize         length);
char         *ld_hl7_escape        (const char    *text);
LdInstrumentMessage *
ld_hl7_read_results (const LdHl7Message *message, const char *raw, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdHl7Message, ld_hl7_message_free)

/* ld-hl7-ack.c */
char *ld_hl7_ack        (const LdHl7Message *message,
                         const char         *code,
                         const GError       *error);
char *ld_hl7_rsp_k11    (const LdHl7Message *message,
                         const char         *accession,
                         GPtrArray          *orders);

/* ld-hl7-serve.c */
void  ld_hl7_serve (GIOStream              *stream,
                    const LdInstrumentHost *host,
                    gpointer                host_data,
                    GCancellable           *cancellable);

G_END_DECLS
