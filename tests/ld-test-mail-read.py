#!/usr/bin/python3
# ld-test-mail-read.py: messages parsed back by Python's email package, for tests
#
# Copyright 2026 The Labdesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: ld-test-mail-read.py FILE…
# Prints a JSON array, one object per file: its headers as a mail client
# reads them (RFC 2047 decoded), the header names in order, its content
# type, its plain-text and HTML bodies decoded, each part's transfer
# encoding and charset, its attachments (file name, type, the bytes in
# base64), and every defect the parser found.

import base64
import email
import json
import sys
from email import policy


def read(path):
    with open(path, 'rb') as f:
        raw = f.read()
    message = email.message_from_bytes(raw, policy=policy.default)
    defects = [type(d).__name__ for d in message.defects]
    parts = []
    for part in message.walk():
        defects += [type(d).__name__ for d in part.defects]
        if not part.is_multipart():
            parts.append({
                'type': part.get_content_type(),
                'charset': part.get_content_charset(),
                'encoding': part.get('Content-Transfer-Encoding'),
            })
    attachments = [{
        'filename': part.get_filename(),
        'type': part.get_content_type(),
        'base64': base64.b64encode(part.get_payload(decode=True)).decode('ascii'),
    } for part in message.iter_attachments()]
    plain = message.get_body(('plain',))
    html = message.get_body(('html',))
    return {
        'file': path,
        'header_names': list(message.keys()),
        'to': str(message['To']),
        'from': str(message['From']),
        'reply_to': str(message['Reply-To']) if message['Reply-To'] else None,
        'subject': str(message['Subject']),
        'message_id': str(message['Message-ID']),
        'date': str(message['Date']),
        'content_type': message.get_content_type(),
        'parts': parts,
        'attachments': attachments,
        'plain': plain.get_content() if plain is not None else None,
        'html': html.get_content() if html is not None else None,
        'defects': defects,
        'longest_line': max(len(line) for line in raw.split(b'\r\n')),
        'bare_lf': b'\n' in raw.replace(b'\r\n', b''),
    }


print(json.dumps([read(path) for path in sys.argv[1:]], ensure_ascii=False))
