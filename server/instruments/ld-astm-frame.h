/* ld-astm-frame.h: the ASTM E1381 (CLSI LIS1-A) low level as a state machine
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No I/O: the caller feeds the bytes it read and the passage of time
 * (monotonic microseconds), and takes back the bytes to write and the
 * events (text received, transmission ended or aborted, a frame refused).
 * ld-astm-link.c drives it over a connection; the tests drive it directly.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LD_ASTM_STX 0x02
#define LD_ASTM_ETX 0x03
#define LD_ASTM_EOT 0x04
#define LD_ASTM_ENQ 0x05
#define LD_ASTM_ACK 0x06
#define LD_ASTM_LF  0x0a
#define LD_ASTM_CR  0x0d
#define LD_ASTM_NAK 0x15
#define LD_ASTM_ETB 0x17

/* STX FN, 240 text characters, ETB or ETX, C1 C2, CR LF. */
#define LD_ASTM_FRAME_TEXT_MAX 240
#define LD_ASTM_FRAME_MAX      247
/* A frame is sent at most this many times; then the sender gives up. */
#define LD_ASTM_FRAME_TRIES 6

/* The standard's timers (LIS1-A 8.5), in microseconds; tests shorten them. */
typedef struct
{
  gint64 frame_wait;      /* receiver: a frame or EOT after each reply (30 s) */
  gint64 ack_wait;        /* sender: a reply to ENQ or to a frame (15 s) */
  gint64 busy_wait;       /* sender: after ENQ was answered NAK, before ENQ again (10 s) */
  gint64 contention_wait; /* host: after losing contention, before ENQ again (20 s) */
} LdAstmTimers;

void ld_astm_timers_init_default (LdAstmTimers *timers);

typedef enum
{
  /* The other side's ENQ was accepted: a transmission begins. */
  LD_ASTM_EVENT_STARTED,
  /* A complete text (an ETX frame joined to the ETB frames before it):
   * one or more records, each ending in CR. The machine waits for
   * ld_astm_frame_machine_reply() before it answers the frame. */
  LD_ASTM_EVENT_TEXT,
  /* EOT after the last frame: the transmission ended normally. */
  LD_ASTM_EVENT_ENDED,
  /* The transmission was broken off (timeout, EOT inside a frame, too many
   * refused frames): whatever it carried must be dropped. */
  LD_ASTM_EVENT_ABORTED,
  /* A frame was refused (NAK) or bytes were ignored; for the log. */
  LD_ASTM_EVENT_REFUSED,
  /* Our own transmission was sent and acknowledged, or given up. */
  LD_ASTM_EVENT_SENT,
  LD_ASTM_EVENT_SEND_FAILED,
} LdAstmEventType;

typedef struct
{
  LdAstmEventType type;
  char           *text; /* TEXT: the records; others: a reason for the log */
} LdAstmEvent;

void ld_astm_event_free (LdAstmEvent *event);

typedef struct LdAstmFrameMachine LdAstmFrameMachine;

LdAstmFrameMachine *ld_astm_frame_machine_new (const LdAstmTimers *timers);
void                ld_astm_frame_machine_free (LdAstmFrameMachine *self);

gsize        ld_astm_frame_machine_feed (LdAstmFrameMachine *self,
                                         const guint8       *data,
                                         gsize               length,
                                         gint64              now);
void         ld_astm_frame_machine_reply (LdAstmFrameMachine *self,
                                          gboolean            accept,
                                          gint64              now);
void         ld_astm_frame_machine_tick (LdAstmFrameMachine *self,
                                         gint64              now);
gint64       ld_astm_frame_machine_get_deadline (LdAstmFrameMachine *self);
void         ld_astm_frame_machine_send (LdAstmFrameMachine *self,
                                         const char         *text,
                                         gint64              now);
gboolean     ld_astm_frame_machine_is_idle (LdAstmFrameMachine *self);
GBytes      *ld_astm_frame_machine_take_output (LdAstmFrameMachine *self);
LdAstmEvent *ld_astm_frame_machine_pop_event (LdAstmFrameMachine *self);

guint8 ld_astm_checksum (const guint8 *data,
                         gsize         length);
void   ld_astm_frame_append (GByteArray *out,
                             guint       number,
                             const char *text,
                             gsize       length,
                             gboolean    last);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAstmEvent, ld_astm_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAstmFrameMachine, ld_astm_frame_machine_free)

G_END_DECLS
