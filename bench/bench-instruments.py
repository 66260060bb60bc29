#!/usr/bin/env python3
# bench-instruments.py: an analyzer sending 1,000 results a minute while
# 8 desks work.
#
# Copyright 2026 The Labdesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 34: "an instrument sending 1,000 results a minute while 8 desks
# work: every result stored once, the desk's budgets unchanged". It makes
# the demo database (or copies --db), starts the release server, puts
# orders in the lab through the API (booked, paid, collected, received),
# configures an HL7 instrument whose codes are the catalogue's, and then
# runs the desks twice for --seconds each: alone, then beside the
# analyzer, which sends one ORU^R01 per result over one MLLP connection at
# --rate results a minute, each tenth message twice (a resend after a lost
# ACK). A desk searches for a patient and books an order, again and again,
# with no think time. It prints the desks' p50/p99 both ways, the
# analyzer's ACK times, and checks every result: stored once, as a draft
# with the value sent and the instrument as its source.
#
#   bench/bench-instruments.py [--server _rel/server/labdesk-server]
#                              [--seconds 60] [--rate 1000] [--db DEMO-DB]

import argparse
import os
import random
import shutil
import socket
import sqlite3
import sys
import tempfile
import threading
import time
import uuid

from benchlib import DEFAULT_SERVER, Server, demo_database, load_average, percentile

DESKS = 8
TESTS = ['GLUF', 'K']
INSTRUMENT = 'Bench analyzer'
SEARCHES = ['asha', 'kumar', 'rao', 'iyer', 'sharma', 'patel', 'singh', 'nair']


def book_in_lab(server, desk, technician, patient_id, conn):
    """An order in the lab: booked, paid, collected, each sample received.
    Returns [(accession, test code)]."""
    order = server.api('POST', '/api/v1/orders', desk,
                       {'patient_id': patient_id, 'items': TESTS}, conn,
                       {'Idempotency-Key': str(uuid.uuid4())})['order']
    server.api('POST', '/api/v1/orders/%s/payments' % order['id'], desk,
               {'method': 'cash', 'tendered_paise': order['balance_paise']}, conn,
               {'Idempotency-Key': str(uuid.uuid4())})
    samples = server.api('POST', '/api/v1/orders/%s/collect' % order['id'], technician,
                         {'location': 'Collection room 1'}, conn)['samples']
    pairs = []
    for sample in samples:
        server.api('POST', '/api/v1/samples/%s/custody' % sample['id'], technician,
                   {'version': sample['version'], 'event': 'received', 'location': 'Bench 1'},
                   conn)
        pairs.extend((sample['accession'], code) for code in sample['tests'])
    return pairs


def desk_loop(server, desk, patient_ids, until, latencies, errors):
    conn = server.connect()
    rng = random.Random()
    while time.monotonic() < until:
        started = time.perf_counter()
        status, _ = server.call('GET', '/api/v1/patients?q=' + rng.choice(SEARCHES), desk,
                                conn=conn)
        latencies['search'].append((time.perf_counter() - started) * 1000.0)
        started = time.perf_counter()
        status2, _ = server.call('POST', '/api/v1/orders', desk,
                                 {'patient_id': rng.choice(patient_ids), 'items': ['CBC']},
                                 conn, {'Idempotency-Key': str(uuid.uuid4())})
        latencies['book'].append((time.perf_counter() - started) * 1000.0)
        if status != 200 or status2 != 201:
            errors.append((status, status2))
    conn.close()


def run_desks(server, desk, patient_ids, seconds):
    latencies = {'search': [], 'book': []}
    errors = []
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=desk_loop,
                                args=(server, desk, patient_ids, until, latencies, errors))
               for _ in range(DESKS)]
    for t in threads:
        t.start()
    return threads, latencies, errors


def oru(control_id, accession, code, value):
    return ('MSH|^~\\&|BENCH|LAB1|LABDESK|LAB|20261126101500||ORU^R01^ORU_R01|%s|P|2.5.1\r'
            'PID|1\r'
            'OBR|1||%s|%s|||20261126101000\r'
            'OBX|1|NM|%s||%s|||N|||F\r' % (control_id, accession, code, code, value))


def analyzer(port, work, rate, until, ack_ms, refused):
    """Sends each (accession, code, value) as its own message at @rate a
    minute; each tenth is sent again with the same control id."""
    sock = socket.create_connection(('127.0.0.1', port))
    buffer = b''
    interval = 60.0 / rate
    next_at = time.monotonic()
    for n, (accession, code, value) in enumerate(work):
        if time.monotonic() >= until:
            break
        control = 'B%06d' % n
        for _ in range(2 if n % 10 == 0 else 1):
            frame = b'\x0b' + oru(control, accession, code, value).encode() + b'\x1c\r'
            started = time.perf_counter()
            sock.sendall(frame)
            while b'\x1c\r' not in buffer:
                data = sock.recv(65536)
                if not data:
                    raise SystemExit('the instrument port closed the connection')
                buffer += data
            answer, _, buffer = buffer.partition(b'\x1c\r')
            ack_ms.append((time.perf_counter() - started) * 1000.0)
            if b'MSA|AA|' not in answer:
                refused.append(answer.decode(errors='replace'))
        next_at += interval
        time.sleep(max(0.0, next_at - time.monotonic()))
        yield accession, code, value
    sock.close()


def report(name, latencies):
    for kind in sorted(latencies):
        values = latencies[kind]
        print('  %-28s %-7s n=%6d  p50 %7.1f ms  p99 %7.1f ms' % (
            name, kind, len(values), percentile(values, 50), percentile(values, 99)))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--server', default=DEFAULT_SERVER)
    parser.add_argument('--seconds', type=float, default=60)
    parser.add_argument('--rate', type=float, default=1000, help='results a minute')
    parser.add_argument('--db', help='an existing demo database (copied), else one is made')
    opts = parser.parse_args()
    n_results = int(opts.rate * opts.seconds / 60.0) + 20

    workdir = tempfile.mkdtemp(prefix='bench-instruments-')
    try:
        db = demo_database(opts.server, workdir, opts.db)
        server = Server(opts.server, workdir, db)
        try:
            admin = server.sign_in('admin', 'admin-demo')
            desk = server.sign_in('reception', 'reception-demo')
            technician = server.sign_in('technician', 'technician-demo')
            patients = server.api('GET', '/api/v1/orders?limit=100', desk)['items']
            patient_ids = sorted({o['patient']['id'] for o in patients})
            instrument = server.api('POST', '/api/v1/instruments', admin, {
                'name': INSTRUMENT, 'protocol': 'hl7', 'address': '127.0.0.1', 'port': 0,
                'codes': [{'instrument_code': c, 'test_code': c} for c in TESTS]})['instrument']
            status = server.api('GET', '/api/v1/instruments/status', admin)['items']
            port = [s for s in status if s['id'] == instrument['id']][0]['port']

            print('putting %d results in the lab…' % n_results, flush=True)
            work = []
            conn = server.connect()
            while len(work) < n_results:
                pairs = book_in_lab(server, desk, technician,
                                    patient_ids[len(work) % len(patient_ids)], conn)
                for accession, code in pairs:
                    value = '%.1f' % (4.0 + len(work) % 10 / 10.0) if code == 'K' else \
                            str(80 + len(work) % 40)
                    work.append((accession, code, value))
            conn.close()

            print('desks alone, %d s…' % opts.seconds, flush=True)
            threads, alone, alone_errors = run_desks(server, desk, patient_ids, opts.seconds)
            for t in threads:
                t.join()

            print('desks beside the analyzer at %.0f results a minute, %d s…' % (
                opts.rate, opts.seconds), flush=True)
            until = time.monotonic() + opts.seconds
            threads, beside, beside_errors = run_desks(server, desk, patient_ids, opts.seconds)
            ack_ms, refused = [], []
            sent = list(analyzer(port, work, opts.rate, until, ack_ms, refused))
            for t in threads:
                t.join()
        finally:
            server.stop()

        # Every result sent: one draft, its value, the instrument as its source.
        check = sqlite3.connect(db)
        wrong = 0
        for accession, code, value in sent:
            rows = check.execute(
                'SELECT r.value, r.source, r.state FROM results r'
                ' JOIN samples s ON s.id = r.sample_id'
                ' WHERE s.accession = ? AND r.test_code = ?', (accession, code)).fetchall()
            if len(rows) != 1 or rows[0][0] != value or rows[0][1] != INSTRUMENT:
                wrong += 1
        messages = check.execute('SELECT count(*) FROM instrument_messages').fetchone()[0]
        unmatched = check.execute('SELECT count(*) FROM instrument_unmatched').fetchone()[0]
        check.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print('results sent: %d in %.0f s (%.0f a minute); messages kept %d (each tenth sent'
          ' twice, kept once); unmatched %d; not stored once as sent: %d; refused: %d' % (
              len(sent), opts.seconds, len(sent) * 60.0 / opts.seconds, messages, unmatched,
              wrong, len(refused)))
    print('analyzer ACK: p50 %.1f ms, p99 %.1f ms, max %.1f ms' % (
        percentile(ack_ms, 50), percentile(ack_ms, 99), max(ack_ms) if ack_ms else float('nan')))
    print('desks (%d at once, no think time):' % DESKS)
    report('alone', alone)
    report('beside the analyzer', beside)
    print('desk errors: alone %d, beside %d' % (len(alone_errors), len(beside_errors)))
    print('load average after: %s' % load_average())
    return 1 if wrong or refused or alone_errors or beside_errors else 0


if __name__ == '__main__':
    sys.exit(main())
