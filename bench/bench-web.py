#!/usr/bin/env python3
# bench-web.py: the patient pages with 32 patients browsing at once.
#
# Copyright 2026 The Labdesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 32's budget: each page's server time p99 under 20 ms with 32
# patients browsing at once, on a release build with the demo database,
# and a page under 100 KB with no resource from another origin.
#
# It makes the demo database, starts `labdesk-server serve --demo-codes`
# behind 127.0.0.1 named as a trusted proxy (so each patient comes from an
# address of its own, as on the internet, and the per-address limits count
# them apart), signs 32 accounts in with the codes from the server's log,
# links each to a demo patient with an order by the desk's code, and then
# lets every patient browse: the account page, the catalogue, a search of
# it, the order's page and the style sheet. Server time is the server's own
# "ms=" for each request from its log; the client's round trip is printed
# beside it. A benchmark prints figures; it is not a timed test.
#
#   bench/bench-web.py [--server _rel/server/labdesk-server] [--patients 32]
#                      [--seconds 30] [--db EXISTING-DEMO-DB]

import argparse
import concurrent.futures
import http.client
import os
import re
import shutil
import sys
import tempfile
import time
import urllib.parse

from benchlib import DEFAULT_SERVER, Server, demo_database, load_average, percentile

BUDGET_P99_MS = 20.0
BUDGET_PAGE_BYTES = 100 * 1024


class Patient:
    """One browser: its own connection, cookie and address."""

    def __init__(self, host, port, address):
        self.conn = http.client.HTTPConnection(host, port, timeout=60)
        self.address = address
        self.cookie = None
        self.csrf = None

    def request(self, method, path, form=None):
        headers = {'X-Forwarded-For': self.address}
        body = None
        if self.cookie:
            headers['Cookie'] = self.cookie
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers['Content-Type'] = 'application/x-www-form-urlencoded'
        started = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        answer = self.conn.getresponse()
        data = answer.read()
        elapsed = (time.perf_counter() - started) * 1000.0
        cookie = answer.getheader('Set-Cookie')
        if cookie and cookie.startswith('ld_my='):
            self.cookie = cookie.split(';', 1)[0]
        text = data.decode('utf-8', 'replace')
        match = re.search(r'name="csrf" value="([^"]+)"', text)
        if match:
            self.csrf = match.group(1)
        return answer.status, answer.getheader('Location'), text, elapsed


def sign_in_and_link(server, desk, index, patient_id):
    patient = Patient(server.host, server.port, '198.51.100.%d' % (index + 1))
    email = 'bench%02d@example.com' % index
    status, _, _, _ = patient.request('GET', '/my/')
    status, _, _, _ = patient.request('POST', '/my/sign-in', {'email': email})
    if status != 200:
        raise SystemExit('sign-in for %s: %d' % (email, status))
    code = server.code_for(email)
    status, _, _, _ = patient.request('POST', '/my/code', {'email': email, 'code': code})
    if status != 303 or patient.cookie is None:
        raise SystemExit('code for %s: %d' % (email, status))
    patient.request('GET', '/my/link')
    link = server.api('POST', '/api/v1/patients/%s/web-link-code' % patient_id, desk, {})
    status, _, _, _ = patient.request('POST', '/my/link', {'csrf': patient.csrf,
                                                           'code': link['code'],
                                                           'relation': 'self'})
    if status != 303:
        raise SystemExit('link for %s: %d' % (email, status))
    _, _, home, _ = patient.request('GET', '/my/')
    orders = re.findall(r'href="(/my/orders/[0-9a-f-]{36})"', home)
    if not orders:
        raise SystemExit('%s sees no order after linking' % email)
    return patient, orders[0]


def browse(patient, order_path, until, client_ms):
    pages = ['/my/', '/my/book', '/my/book?q=glucose', order_path, '/my/style.css']
    n = 0
    while time.monotonic() < until:
        path = pages[n % len(pages)]
        status, _, _, elapsed = patient.request('GET', path)
        if status != 200:
            raise SystemExit('GET %s: %d' % (path, status))
        client_ms.setdefault(path if not path.startswith('/my/orders/') else '/my/orders/{id}',
                             []).append(elapsed)
        n += 1
    return n


def weigh(patient, order_path):
    """Each page with what it loads, and any resource from elsewhere."""
    rows = []
    for name, path in (('/my/', '/my/'), ('/my/book', '/my/book'),
                       ('/my/orders/{id}', order_path), ('/my/cart', '/my/cart')):
        _, _, html, _ = patient.request('GET', path)
        total = len(html.encode('utf-8'))
        foreign = []
        for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
            if re.match(r'^(https?:)?//', ref):
                foreign.append(ref)
            elif ref.endswith(('.css', '.js')):
                _, _, text, _ = patient.request('GET', ref)
                total += len(text.encode('utf-8'))
        rows.append((name, total, foreign))
    return rows


def server_times(log_path, started_at_line):
    times = {}
    line_re = re.compile(r'method=GET route=(\S+) status=200 .*?ms=([0-9.]+)')
    with open(log_path, encoding='utf-8', errors='replace') as f:
        for number, line in enumerate(f):
            if number < started_at_line:
                continue
            match = line_re.search(line)
            if match and match.group(1).startswith('/my/'):
                times.setdefault(match.group(1), []).append(float(match.group(2)))
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--server', default=DEFAULT_SERVER)
    parser.add_argument('--patients', type=int, default=32)
    parser.add_argument('--seconds', type=float, default=30)
    parser.add_argument('--db', help='an existing demo database (copied), else one is made')
    opts = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix='bench-web-')
    try:
        db = demo_database(opts.server, workdir, opts.db)
        server = Server(opts.server, workdir, db, '[server]\ntrusted-proxies=127.0.0.1\n',
                        ('--demo-codes',))
        try:
            desk = server.sign_in('reception', 'reception-demo')
            patient_ids = []
            after = None
            while len(patient_ids) < opts.patients:
                page = server.api('GET', '/api/v1/orders?limit=100' +
                                  ('&after=' + urllib.parse.quote(after) if after else ''), desk)
                for order in page['items']:
                    if order['patient']['id'] not in patient_ids:
                        patient_ids.append(order['patient']['id'])
                after = page.get('next')
                if not after:
                    break
            patient_ids = patient_ids[:opts.patients]
            browsers = [sign_in_and_link(server, desk, i, pid)
                        for i, pid in enumerate(patient_ids)]
            print('%d patients signed in and linked' % len(browsers), flush=True)

            for name, total, foreign in weigh(browsers[0][0], browsers[0][1]):
                print('weight %-18s %6.1f KB%s  (budget %d KB)%s' % (
                    name, total / 1024.0, '' if total <= BUDGET_PAGE_BYTES else ' OVER',
                    BUDGET_PAGE_BYTES // 1024,
                    '; from elsewhere: ' + ', '.join(foreign) if foreign else
                    '; nothing from elsewhere'))

            with open(server.log_path, encoding='utf-8', errors='replace') as f:
                first_line = sum(1 for _ in f)
            client_ms = {}
            until = time.monotonic() + opts.seconds
            with concurrent.futures.ThreadPoolExecutor(len(browsers)) as pool:
                futures = [pool.submit(browse, p, order, until, client_ms)
                           for p, order in browsers]
                requests = sum(f.result() for f in futures)
            time.sleep(0.5)  # the last lines reach the log
            print('%d pages in %.0f s by %d patients at once (%.0f pages/s)' % (
                requests, opts.seconds, len(browsers), requests / opts.seconds))
            times = server_times(server.log_path, first_line)
            print('%-18s %7s %9s %9s %9s   %s' % ('route', 'n', 'p50 ms', 'p99 ms', 'max ms',
                                                 'client round trip p50/p99 ms'))
            for route in sorted(times):
                values = times[route]
                client = client_ms.get(route, [])
                p99 = percentile(values, 99)
                print('%-18s %7d %9.2f %9.2f %9.2f   %.1f/%.1f%s' % (
                    route, len(values), percentile(values, 50), p99, max(values),
                    percentile(client, 50), percentile(client, 99),
                    '' if p99 < BUDGET_P99_MS else '   OVER the %.0f ms budget' % BUDGET_P99_MS))
        finally:
            server.stop()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print('load average after: %s' % load_average())
    return 0


if __name__ == '__main__':
    sys.exit(main())
