#!/usr/bin/env python3
# bench-notify-storm.py: a storm of orders and the messages they cause.
#
# Copyright 2026 The Labdesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 31: 10,000 orders moving through their stages produce their
# messages, the sender keeps up, and the request that made a change never
# waits for the mail server. The issue asks for it under AddressSanitizer,
# so point --server at the test build's server (_build-test); a release
# build gives the speed a lab would see.
#
# It makes the demo database, registers --patients patients with an
# e-mail address, starts a real SMTP server (aiosmtpd, as the tests do)
# and `labdesk-server serve` with [mail] pointing at it, then --desks
# threads move --orders orders through their stages: booked (order
# confirmed), paid in cash (payment received), samples collected (sample
# collected), and every --release-every'th one on to its released report
# (report ready: receipt, results, verification, release with its PDF).
# Each message's Message-ID names its outbox row, so its delay is the
# SMTP server's arrival time minus the row's created_us (the commit of the
# change, in the same transaction). It prints the request times of each
# step, the delay's p50/p99/max, the largest backlog seen (sampled from
# /metrics every second) and how long the outbox took to drain after the
# last change. A benchmark prints figures; it is not a timed test.
#
#   bench/bench-notify-storm.py --server _build-test/server/labdesk-server
#                               [--orders 10000] [--desks 8] [--patients 200]
#                               [--release-every 10] [--db EXISTING-DEMO-DB]

import argparse
import json
import os
import re
import socket
import sqlite3
import sys
import tempfile
import threading
import time

from aiosmtpd.controller import Controller

from benchlib import DEFAULT_SERVER, Server, demo_database, load_average, percentile

MESSAGE_ID = re.compile(rb'^Message-ID: <([^.>]+)\.labdesk@', re.MULTILINE | re.IGNORECASE)
# Normal values for the demo's adults (bench-flow-steps.c's).
VALUES = {'GLUF': '92', 'CREA': '0.9', 'UREA': '28', 'K': '4.2', 'HB': '13.5'}
CART = ['GLUF', 'CREA']


class Inbox:
    """What the SMTP server accepted: Message-ID local part → arrival (µs, wall clock)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.arrived = {}
        self.duplicates = 0

    async def handle_DATA(self, server, session, envelope):
        now_us = int(time.time() * 1e6)
        found = MESSAGE_ID.search(envelope.content)
        with self.lock:
            if found:
                key = found.group(1).decode()
                if key in self.arrived:
                    self.duplicates += 1
                else:
                    self.arrived[key] = now_us
        return '250 OK queued'


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Steps:
    """Each step's request times (ms), shared by the desks."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times = {}
        self.errors = []

    def call(self, server, conn, name, method, path, token, body, expect):
        started = time.perf_counter()
        status, data = server.call(method, path, token, body, conn)
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.times.setdefault(name, []).append(elapsed)
            if status != expect:
                self.errors.append('%s %s: %d %s' % (method, path, status, data[:200]))
                return None
        return json.loads(data) if data else {}


def move_orders(server, tokens, patients, first, count, release_every, steps):
    conn = server.connect()
    desk, technician, verifier, signatory = tokens
    for n in range(first, first + count):
        answer = steps.call(server, conn, 'order', 'POST', '/api/v1/orders', desk,
                            {'patient_id': patients[n % len(patients)], 'items': CART}, 201)
        if answer is None:
            continue
        order = answer['order']
        path = '/api/v1/orders/' + order['id']
        if steps.call(server, conn, 'pay', 'POST', path + '/payments', desk,
                      {'method': 'cash', 'tendered_paise': order['balance_paise']}, 201) is None:
            continue
        answer = steps.call(server, conn, 'collect', 'POST', path + '/collect', technician,
                            {'location': 'Collection room 1'}, 201)
        if answer is None or n % release_every != 0:
            continue
        for sample in answer['samples']:
            steps.call(server, conn, 'receive', 'POST', '/api/v1/samples/%s/custody' % sample['id'],
                       technician, {'version': sample['version'], 'event': 'received',
                                    'location': 'Bench 1'}, 200)
        sheet = steps.call(server, conn, 'worksheet', 'GET', path + '/results', technician, None, 200)
        if sheet is None:
            continue
        entered = steps.call(server, conn, 'results', 'POST', path + '/results', technician,
                             {'submit': True, 'results': [
                                 {'test_code': r['test_code'], 'version': r['version'],
                                  'value': VALUES.get(r['test_code'], '1')}
                                 for r in sheet['items']]}, 200)
        if entered is None:
            continue
        verified = steps.call(server, conn, 'verify', 'POST', path + '/verify', verifier,
                              {'results': [{'test_code': r['test_code'], 'version': r['version']}
                                           for r in entered['results']]}, 200)
        if verified is None:
            continue
        steps.call(server, conn, 'release', 'POST', path + '/release', signatory,
                   {'version': verified['order']['version']}, 201)
    conn.close()


def notification_figures(server, token):
    """(waiting or sending, sent, failed) from /metrics."""
    status, data = server.call('GET', '/metrics', token)
    figures = {}
    for line in data.decode().splitlines():
        found = re.match(r'labdesk_notifications\{[^}]*state="(\w+)"[^}]*\} (\d+)', line)
        if found:
            figures[found.group(1)] = figures.get(found.group(1), 0) + int(found.group(2))
    return (figures.get('waiting', 0) + figures.get('sending', 0), figures.get('sent', 0),
            figures.get('failed', 0))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--server', default=DEFAULT_SERVER)
    parser.add_argument('--orders', type=int, default=10000)
    parser.add_argument('--desks', type=int, default=8)
    parser.add_argument('--patients', type=int, default=200)
    parser.add_argument('--release-every', type=int, default=10)
    parser.add_argument('--db', help='an existing demo database (copied), else one is made')
    args = parser.parse_args()

    # Under AddressSanitizer, the system libraries' own leaks are the
    # tests' suppressions (tests/lsan.supp); UBSan stops at its first finding.
    here = os.path.dirname(os.path.abspath(__file__))
    os.environ.setdefault('LSAN_OPTIONS', 'suppressions=' + os.path.join(here, '..', 'tests',
                                                                         'lsan.supp'))
    os.environ.setdefault('UBSAN_OPTIONS', 'print_stacktrace=1:halt_on_error=1')
    inbox = Inbox()
    smtp_port = free_port()
    controller = Controller(inbox, hostname='127.0.0.1', port=smtp_port)
    controller.start()
    workdir = tempfile.mkdtemp(prefix='bench-storm-')
    db = demo_database(args.server, workdir, args.db)
    server = Server(args.server, workdir, db,
                    '[mail]\nhost=127.0.0.1\nport=%d\ntls=none\nfrom=results@lab.example.org\n'
                    'retry-after=1\ntimeout=30\n' % smtp_port)
    try:
        admin = server.sign_in('admin', 'admin-demo')
        tokens = (server.sign_in('reception', 'reception-demo'),
                  server.sign_in('technician', 'technician-demo'),
                  server.sign_in('sunita', 'sunita-demo'),
                  server.sign_in('pathologist', 'pathologist-demo'))
        patients = []
        for i in range(args.patients):
            patients.append(server.api('POST', '/api/v1/patients', tokens[0], {
                'name': 'Storm Patient %d' % i, 'sex': 'female' if i % 2 else 'male',
                'age_years': 20 + i % 50, 'phone': '+91 90000 %05d' % i,
                'email': 'storm%d@example.org' % i})['patient']['id'])
        # The demo's own messages go first, so that the storm's are alone.
        while notification_figures(server, admin)[0] > 0:
            time.sleep(0.2)
        waiting0, sent0, failed0 = notification_figures(server, admin)
        storm_us = int(time.time() * 1e6)
        print('registered %d patients; the demo\'s %d messages sent' % (len(patients), sent0),
              flush=True)

        steps = Steps()
        backlog = {'max': 0, 'stop': False}

        def watch():
            while not backlog['stop']:
                waiting, _, _ = notification_figures(server, admin)
                backlog['max'] = max(backlog['max'], waiting)
                time.sleep(1)

        watcher = threading.Thread(target=watch)
        watcher.start()
        started = time.monotonic()
        share = args.orders // args.desks
        desks = [threading.Thread(target=move_orders,
                                  args=(server, tokens, patients, d * share,
                                        share if d < args.desks - 1 else args.orders - d * share,
                                        args.release_every, steps))
                 for d in range(args.desks)]
        for t in desks:
            t.start()
        for t in desks:
            t.join()
        changes_done = time.monotonic()
        print('%d orders moved in %.1f s' % (args.orders, changes_done - started), flush=True)

        while True:
            waiting, sent, failed = notification_figures(server, admin)
            if waiting == 0:
                break
            time.sleep(0.2)
        drained = time.monotonic()
        backlog['stop'] = True
        watcher.join()

        reader = sqlite3.connect('file:%s?mode=ro' % db, uri=True)
        created = dict(reader.execute(
            "SELECT id, created_us FROM notifications WHERE channel = 'email' AND created_us >= ?",
            (storm_us,)))
        templates = dict(reader.execute(
            "SELECT template, count(*) FROM notifications WHERE created_us >= ? GROUP BY template",
            (storm_us,)))
        reader.close()
        with inbox.lock:
            delays = [(inbox.arrived[k] - created[k]) / 1000.0
                      for k in inbox.arrived if k in created]
        messages = sent - sent0
        print()
        print('server: %s' % args.server)
        print('orders %d by %d desks, every %d-th to a released report; load average %s'
              % (args.orders, args.desks, args.release_every, load_average()))
        print('messages written: %s' % ', '.join('%s %d' % kv for kv in sorted(templates.items())))
        print('sent %d, failed %d, accepted by SMTP %d, accepted twice %d'
              % (messages, failed - failed0, len(delays), inbox.duplicates))
        print('change → accepted by SMTP: p50 %.1f ms, p99 %.1f ms, max %.1f ms'
              % (percentile(delays, 50), percentile(delays, 99), max(delays) if delays else 0))
        print('largest backlog %d waiting; drained %.1f s after the last change (%.1f msg/s overall)'
              % (backlog['max'], drained - changes_done, len(delays) / (drained - started)))
        print('%-10s %7s %9s %9s %9s' % ('step', 'count', 'p50 ms', 'p99 ms', 'max ms'))
        for name in ('order', 'pay', 'collect', 'receive', 'worksheet', 'results', 'verify',
                     'release'):
            times = steps.times.get(name, [])
            if times:
                print('%-10s %7d %9.1f %9.1f %9.1f' % (name, len(times), percentile(times, 50),
                                                       percentile(times, 99), max(times)))
        if steps.errors:
            print('%d errors, the first: %s' % (len(steps.errors), steps.errors[0]))
            return 1
        return 0
    finally:
        server.stop()
        controller.stop()


if __name__ == '__main__':
    sys.exit(main())
