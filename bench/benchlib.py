# benchlib.py: what the Python benchmarks share (bench-web.py,
# bench-instruments.py): a demo database, a release server on it, its
# HTTP API, and percentiles.
#
# Copyright 2026 The Labdesk authors
# SPDX-License-Identifier: GPL-3.0-or-later

import http.client
import json
import os
import re
import shutil
import subprocess
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SERVER = os.path.join(HERE, '..', '_rel', 'server', 'labdesk-server')


def percentile(values, p):
    """Nearest rank; NaN for no values."""
    if not values:
        return float('nan')
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


def demo_database(server_binary, workdir, existing=None):
    """A demo database in workdir: a copy of existing (with its audit key
    and head, which travel with it), or a new one."""
    db = os.path.join(workdir, 'demo.db')
    if existing:
        for suffix in ('', '.audit-key', '.audit-head'):
            if os.path.exists(existing + suffix):
                shutil.copy(existing + suffix, db + suffix)
    else:
        print('making the demo database…', flush=True)
        subprocess.run([server_binary, 'demo', '--db', db], check=True,
                       stdout=subprocess.DEVNULL)
    return db


def load_average():
    with open('/proc/loadavg') as f:
        return ' '.join(f.read().split()[:3])


class Server:
    """labdesk-server serve on a loopback port, its log in workdir."""

    def __init__(self, binary, workdir, db, config_text='', extra_args=()):
        self.log_path = os.path.join(workdir, 'server.log')
        config = os.path.join(workdir, 'bench.conf')
        with open(config, 'w') as f:
            f.write(config_text)
        self.log = open(self.log_path, 'w')
        self.process = subprocess.Popen(
            [binary, 'serve', '--db', db, '--config', config, '--listen', '127.0.0.1:0',
             *extra_args],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline()
        if not line.startswith('listening on '):
            self.log.close()
            with open(self.log_path) as f:
                raise SystemExit('the server did not start: %r\n%s' % (line, f.read()[-2000:]))
        uri = urllib.parse.urlsplit(line[len('listening on '):].strip())
        self.host, self.port = uri.hostname, uri.port

    def connect(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=60)

    def api(self, method, path, token=None, body=None, conn=None, headers=None):
        """One call; exits on an answer of 300 or more. Returns the JSON."""
        status, data = self.call(method, path, token, body, conn, headers)
        if status >= 300:
            raise SystemExit('%s %s: %d %s' % (method, path, status, data[:300]))
        return json.loads(data) if data else None

    def call(self, method, path, token=None, body=None, conn=None, headers=None):
        own = conn is None
        conn = conn or self.connect()
        sent = {'Content-Type': 'application/json'}
        sent.update(headers or {})
        if token:
            sent['Authorization'] = 'Bearer ' + token
        conn.request(method, path, body=json.dumps(body) if body is not None else None,
                     headers=sent)
        answer = conn.getresponse()
        data = answer.read()
        if own:
            conn.close()
        return answer.status, data

    def sign_in(self, username, password):
        return self.api('POST', '/api/v1/sessions',
                        body={'username': username, 'password': password})['token']

    def code_for(self, email):
        """The patient pages' sign-in code for email, from the log (--demo-codes)."""
        pattern = re.compile(r'sign-in code for %s is (\d{6})' % re.escape(email))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with open(self.log_path, encoding='utf-8', errors='replace') as f:
                codes = pattern.findall(f.read())
            if codes:
                return codes[-1]
            time.sleep(0.05)
        raise SystemExit('no sign-in code for %s in the log' % email)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
