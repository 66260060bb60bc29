/* ld-instrument-message.h: what an analyzer said, before any mapping.
 *
 * The protocols (ld-hl7-*.c for HL7 v2 over MLLP, ld-astm-*.c for ASTM
 * E1381/E1394) turn bytes into LdInstrumentMessage and hand it to an
 * LdInstrumentHost; the host (the listener, ld-instrument-listener.c) maps
 * codes to the catalogue and stores drafts through the results service.
 * Nothing here knows the catalogue, the store or HTTP. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One result as the instrument reported it: every member is the text it
 * sent (NULL when it sent none), so nothing is lost before mapping. */
typedef struct
{
  char *accession;       /* the sample's id (ASTM O-3 / HL7 SPM-2 or OBR-3) */
  char *instrument_code; /* the analyzer's own test code (ASTM R-3 / OBX-3) */
  char *value;
  char *units;
  char *reference_range;
  char *flags;       /* abnormal flags as sent: "H", "L", "HH", "LL", "A", "<", ">" */
  char *status;      /* ASTM R-9 / HL7 OBX-11: "F" final, "C" correction, "P" … */
  char *observed_at; /* as sent: YYYYMMDDHHMMSS, maybe shorter */
  char *comment;     /* ASTM C records / HL7 NTE after the result */
} LdInstrumentResult;

/* One whole message: an ASTM H…L transmission or one HL7 message. */
typedef struct
{
  char      *message_id; /* HL7 MSH-10; ASTM H-3 when sent, else a digest of the records */
  char      *sender;     /* what the instrument calls itself (MSH-3 / H-5) */
  GPtrArray *results;    /* LdInstrumentResult, owned */
  GPtrArray *queries;    /* char *accessions asked about (ASTM Q / HL7 order query), owned */
  char      *raw;        /* the message's text as it arrived, kept with it (NULL: not kept) */
} LdInstrumentMessage;

LdInstrumentResult  *ld_instrument_result_new (void);
void                 ld_instrument_result_free (LdInstrumentResult *result);
LdInstrumentMessage *ld_instrument_message_new (void);
void                 ld_instrument_message_free (LdInstrumentMessage *message);

/* An ordered test, as the host answers a query (host query mode). */
typedef struct
{
  char *instrument_code; /* the analyzer's code the catalogue test maps to */
  char *name;            /* the test's name, for protocols that carry one */
} LdInstrumentOrder;

void ld_instrument_order_free (LdInstrumentOrder *order);

/* What a protocol needs of the host. Called on the connection's own
 * thread (each connection is served by blocking reads in a thread of its
 * own); the host marshals to the store as it must. */
typedef struct
{
  /* Store one complete message. FALSE with error: nothing was stored, and
   * the protocol answers the instrument with a refusal (HL7 AE/AR with
   * error->message, ASTM NAK on the last frame). A message already stored
   * (same sender and message_id) is TRUE: the same message twice stores
   * once. */
  gboolean (*deliver) (LdInstrumentMessage *message,
                       gpointer             host_data,
                       GError             **error);
  /* What is ordered on this accession for this instrument: a GPtrArray of
   * LdInstrumentOrder (empty when nothing is), or NULL with error when the
   * accession is unknown. */
  GPtrArray *(*ordered_tests) (const char *accession,
                               gpointer    host_data,
                               GError    **error);
  /* One line for the instrument's log and its "last message" status. */
  void (*log) (const char *what,
               gpointer    host_data);
  /* (nullable) The connection is closing because the instrument sent
   * nothing for the listener's idle timeout (a read failed with
   * G_IO_ERROR_TIMED_OUT: the listener set the socket's timeout). */
  void (*idle) (gpointer host_data);
} LdInstrumentHost;

/* A protocol serves one connection until the instrument hangs up, the
 * link times out as the protocol's standard says, or cancellable fires. A
 * message broken off mid-way is dropped whole: deliver is called only for
 * complete, checked messages. */
typedef void (*LdInstrumentServeFunc) (GIOStream              *stream,
                                       const LdInstrumentHost *host,
                                       gpointer                host_data,
                                       GCancellable           *cancellable);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdInstrumentResult, ld_instrument_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdInstrumentMessage, ld_instrument_message_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdInstrumentOrder, ld_instrument_order_free)

G_END_DECLS
