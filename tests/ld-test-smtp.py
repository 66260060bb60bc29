#!/usr/bin/python3
# ld-test-smtp.py: a real SMTP server (aiosmtpd) on a loopback port, for tests
#
# Copyright 2026 The Labdesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: ld-test-smtp.py DIR
# Listens on 127.0.0.1, a free port, and prints "port N" once it accepts.
# Each message it accepts is written whole to DIR/NNNN.eml (through a
# temporary name, so a file that is there is complete). Recipients choose
# its answer by their local part:
#   refuse…  RCPT is answered 550 (permanent);
#   busy…    the first RCPT of each address is answered 451, later ones 250;
#   hold…    the message is kept, then DIR/holding is made and the answer
#            waits until DIR/release exists (or the client goes away).
# Every other recipient is accepted at once.

import asyncio
import os
import socket
import sys

from aiosmtpd.smtp import SMTP


class Handler:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.busy_seen = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split('@')[0]
        if local.startswith('refuse'):
            return '550 5.1.1 No such mailbox here'
        if local.startswith('busy') and address not in self.busy_seen:
            self.busy_seen.add(address)
            return '451 4.3.2 Mailbox busy, try again later'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        count = self.count
        name = os.path.join(self.directory, '%04d.eml' % count)
        with open(name + '.tmp', 'wb') as f:
            f.write(envelope.original_content)
        os.rename(name + '.tmp', name)
        # A message kept before its answer: the client that dies now has
        # been delivered it without knowing.
        if any(r.split('@')[0].startswith('hold') for r in envelope.rcpt_tos):
            open(os.path.join(self.directory, 'holding'), 'w').close()
            while not os.path.exists(os.path.join(self.directory, 'release')):
                await asyncio.sleep(0.02)
        return '250 2.0.0 Ok: queued as T%04d' % count


async def main(directory):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(('127.0.0.1', 0))
    handler = Handler(directory)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname='mail.test', decode_data=False, enable_SMTPUTF8=True),
        sock=sock)
    print('port %d' % sock.getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == '__main__':
    asyncio.run(main(sys.argv[1]))
