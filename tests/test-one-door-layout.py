#!/usr/bin/env python3
# test-one-door-layout.py: issue 30's measurable end state, kept true
#
# Copyright 2026 The Labdesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Reads the source tree (the directory above this file, or argv[1]) and
# checks the layering rules that issue 30 set, so that no later change
# brings them back unnoticed:
#   - screens (client/ui/) name no /api/v1/ path and read no JSON member
#     by name: they go through the session and the store's typed reads;
#   - a command leaves the client only through the session's door
#     (ld_session_run_async, which runs the shared check first): nothing
#     outside the session hands the outbox a new command;
#   - no workspace includes another workspace's header, and common/
#     includes none;
#   - only the window adds a toast; pages ask with the win.toast action;
#   - no HTTP handler (server/api/) begins a transaction or writes audit
#     or change-feed rows: the service layer does;
#   - no handler includes another handler's header (ld-api-results.h is
#     the one shared header of the result handlers);
#   - a state's wire name is written once, in shared/domain/ld-states.c.
# Each finding is printed with its file and line. TAP output.

import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                       os.path.join(os.path.dirname(__file__), '..'))
WORKSPACES = ('desk', 'lab', 'doctor', 'admin')


def sources(directory, suffixes=('.c', '.h')):
    base = os.path.join(ROOT, directory)
    for parent, _, names in os.walk(base):
        for name in sorted(names):
            if name.endswith(suffixes):
                path = os.path.join(parent, name)
                yield os.path.relpath(path, ROOT), path


def lines_of(path):
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            yield number, line


def find(directory, pattern, allowed=lambda rel: False):
    found = []
    regex = re.compile(pattern)
    for rel, path in sources(directory):
        if allowed(rel):
            continue
        for number, line in lines_of(path):
            if regex.search(line):
                found.append('%s:%d: %s' % (rel, number, line.strip()))
    return found


def no_api_paths():
    return find('client/ui', r'"[^"]*/api/v1/')


def no_json_member_reads():
    return find('client/ui', r'json_object_get_\w*member\s*\(')


def commands_through_the_session():
    # A call, not a mention in a comment.
    return find('client', r'^(?!\s*(?:\*|/\*|//)).*\bld_outbox_submit_async\s*\(',
                allowed=lambda rel: rel in ('client/ld-session-commands.c',
                                            'client/store/ld-outbox.c',
                                            'client/store/ld-outbox.h'))


def no_workspace_crossing():
    found = []
    include = re.compile(r'#include\s+"(?:ui/)?(%s)/' % '|'.join(WORKSPACES))
    for rel, path in sources('client/ui'):
        parts = rel.split(os.sep)
        home = parts[2] if len(parts) > 3 else None
        for number, line in lines_of(path):
            m = include.search(line)
            if m and m.group(1) != home:
                found.append('%s:%d: %s' % (rel, number, line.strip()))
    return found


def toast_only_in_window():
    return find('client', r'\bld_window_add_toast\b',
                allowed=lambda rel: os.path.basename(rel).startswith('ld-window.'))


def handlers_write_nothing_themselves():
    return find('server/api', r'\bld_store_transaction_\w+\s*\(|'
                r'\bld_store_audit_append\w*\s*\(|\bld_store_changes_append\w*\s*\(|'
                r'\bld_audit_batch_add\s*\(|\bINSERT\s+INTO\s+(audit|changes)\b')


def no_handler_calls_another():
    found = []
    include = re.compile(r'#include\s+"(ld-api-[a-z0-9-]+)\.h"')
    for rel, path in sources('server/api', ('.c',)):
        own = os.path.basename(rel)[:-2]
        for number, line in lines_of(path):
            m = include.search(line)
            if m and m.group(1) not in (own, 'ld-api-common', 'ld-api-results'):
                found.append('%s:%d: %s' % (rel, number, line.strip()))
    return found


# Other vocabularies that share a state's words, by file: a payment
# attempt's status, the outbox's words for an entry, a notification's,
# a backup's or an instrument's state, a worklist tab, a custody event.
# They are not states of the five machines and have tables of their own.
OTHER_VOCABULARIES = {
    'server/web/ld-web-pay.c': {'pending'},                      # payment attempt
    'server/api/ld-api-payments.c': {'failed'},                  # payment attempt
    'server/service/ld-service-money.c': {'failed', 'pending'},  # payment attempt, gateway
    'server/store/ld-store-payments.c': {'pending'},             # payment attempt
    'client/ui/desk/ld-payment-dialog.c': {'failed'},            # payment attempt
    'client/ui/desk/ld-order-page.c': {'failed', 'rejected'},    # attempt; outbox word
    'client/ui/doctor/ld-doctor-lists.c': {'rejected'},          # outbox word
    'client/ui/desk/ld-patient-page.c': {'rejected'},            # outbox word
    'client/ui/desk/ld-patient-search-page.c': {'rejected'},     # outbox word
    'client/store/ld-outbox-entry.c': {'rejected'},              # outbox word
    'client/store/ld-cache-outbox.c': {'rejected'},              # outbox word
    'server/store/ld-store-notifications.c': {'failed'},         # notification
    'client/ui/admin/ld-admin-outbox-page.c': {'failed'},        # notification
    'client/ui/common/ld-notify-text.c': {'cancelled'},          # notification kind
    'client/ui/admin/ld-admin-backups-page.c': {'failed'},       # backup
    'client/ui/admin/ld-admin-instruments-page.c': {'failed'},   # instrument
    'client/ui/lab/ld-lab-workspace.c': {'failed'},              # worklist tab
    'client/ui/lab/ld-custody-timeline.c': {'rejected', 'stored'},  # custody event
    'client/ui/lab/ld-custody-dialog.c': {'rejected', 'stored'},    # custody event
    'server/ld-seed-demo-steps.c': {'rejected'},                    # custody event
}


def state_names_once():
    """A wire name of a state of shared/domain/ld-states.c's five state
    machines, compared as a string (g_str_equal, g_strcmp0, strcmp) or
    keyed in a table of words, anywhere else in shared/, server/ or
    client/: such code parses the state (ld_*_state_parse ()) and
    compares enums, and its words are tables indexed by the enum."""
    states_c = os.path.join(ROOT, 'shared/domain/ld-states.c')
    text = open(states_c, encoding='utf-8').read()
    names = set()
    for table in re.finditer(r'G_DEFINE_ENUM_TYPE \(Ld\w*State,(.*?)\)\)\n', text, re.S):
        names.update(re.findall(r'"([a-z_]+)"', table.group(1)))
    if not names:
        return ['shared/domain/ld-states.c: no state tables found (did their shape change?)']
    alternatives = '|'.join(sorted(names))
    # The name as a compare's argument (last, or first), or a table's key.
    compared = re.compile(r'\b(?:g_str_equal|g_strcmp0|strcmp)\s*\([^;]*?,\s*"(%s)"\s*\)|'
                          r'\b(?:g_str_equal|g_strcmp0|strcmp)\s*\(\s*"(%s)"\s*,|'
                          r'\{\s*"(%s)"\s*,\s*N?_\(' % ((alternatives,) * 3))
    found = []
    for directory in ('shared', 'server', 'client'):
        for rel, path in sources(directory, ('.c',)):
            if rel == 'shared/domain/ld-states.c':
                continue
            allowed = OTHER_VOCABULARIES.get(rel, set())
            for number, line in lines_of(path):
                for m in compared.finditer(line):
                    if (m.group(1) or m.group(2) or m.group(3)) not in allowed:
                        found.append('%s:%d: %s' % (rel, number, line.strip()))
    return found


CHECKS = [
    ('no /api/v1/ path under client/ui/', no_api_paths),
    ('no json_object_get_*_member under client/ui/', no_json_member_reads),
    ('commands leave the client only through ld_session_run_async', commands_through_the_session),
    ('no workspace includes another workspace, common/ includes none', no_workspace_crossing),
    ('ld_window_add_toast only in the window', toast_only_in_window),
    ('no handler in server/api/ opens a transaction or writes audit/feed rows',
     handlers_write_nothing_themselves),
    ('no handler includes another handler', no_handler_calls_another),
    ("each state's wire name written once (shared/domain/ld-states.c)", state_names_once),
]


def main():
    print('1..%d' % len(CHECKS))
    failed = 0
    for number, (title, check) in enumerate(CHECKS, 1):
        found = check()
        if found:
            failed += 1
            print('not ok %d - %s' % (number, title))
            for line in found[:40]:
                print('# ' + line)
            if len(found) > 40:
                print('# … and %d more' % (len(found) - 40))
        else:
            print('ok %d - %s' % (number, title))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
