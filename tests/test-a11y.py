#!/usr/bin/python3
# test-a11y.py: what a screen reader finds in the real window.
#
# Copyright 2026 The Labdesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the real labdesk-server over a bare demo database and the real
# labdesk client, then reads the client's accessibility tree through
# AT-SPI as Orca does (this script runs inside its own D-Bus session, see
# tests/run-a11y): every control a person can reach — buttons, entries,
# toggles, lists, menus — must carry a name. It signs in through AT-SPI
# alone (typing into the named fields, pressing the named button) and
# checks the signed-in window the same way. Prints TAP.
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

import gi
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi  # noqa: E402

SERVER = os.environ['LABDESK_SERVER']
CLIENT = os.environ['LABDESK_CLIENT']
HANG_GUARD_S = 180

# Roles a person acts on; each needs a name a screen reader can say.
INTERACTIVE = {
    Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON, Atspi.Role.CHECK_BOX,
    Atspi.Role.RADIO_BUTTON, Atspi.Role.ENTRY, Atspi.Role.PASSWORD_TEXT,
    Atspi.Role.SPIN_BUTTON, Atspi.Role.TEXT, Atspi.Role.COMBO_BOX, Atspi.Role.LIST,
    Atspi.Role.LIST_BOX, Atspi.Role.TABLE, Atspi.Role.TREE_TABLE, Atspi.Role.MENU_ITEM,
    Atspi.Role.LINK, Atspi.Role.SLIDER, Atspi.Role.SWITCH if hasattr(Atspi.Role, 'SWITCH')
    else Atspi.Role.TOGGLE_BUTTON, Atspi.Role.PAGE_TAB, Atspi.Role.SEARCH_BAR
    if hasattr(Atspi.Role, 'SEARCH_BAR') else Atspi.Role.ENTRY,
}

# GTK 4.8 names a control that has no accessible name after its class
# ("GtkMenuButton"); a screen reader would read that out.
CLASS_NAME = re.compile(r'^(Gtk|Adw|Ld)[A-Z][A-Za-z]*$')

results = []


def tap(ok, what, detail=''):
    results.append(ok)
    print(('ok' if ok else 'not ok') + ' %d - %s' % (len(results), what))
    if detail:
        for line in detail.splitlines():
            print('# ' + line)
    sys.stdout.flush()


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_for(what, predicate):
    deadline = time.monotonic() + HANG_GUARD_S
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise TimeoutError('timed out waiting for ' + what)


def find_app():
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is not None and app.get_name() in ('labdesk', 'Labdesk'):
            return app
    return None


def walk(node, path=(), visible_only=True):
    try:
        states = node.get_state_set()
    except Exception:
        return
    # GTK 4.8 sets VISIBLE, not SHOWING, on what a window holds.
    if (visible_only and node.get_role() != Atspi.Role.APPLICATION
            and not states.contains(Atspi.StateType.VISIBLE)):
        return
    yield node, path
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is not None:
            yield from walk(child, path + ((child.get_role_name(), i),), visible_only)


def unnamed_controls(app):
    missing = []
    for node, path in walk(app):
        name = (node.get_name() or '').strip()
        # A mnemonic's underscore read out ("_Sign In") is no name either.
        if node.get_role() in INTERACTIVE and (not name or CLASS_NAME.match(name) or
                                               re.search(r'(^|\s)_\w', name)):
            where = ' / '.join('%s[%d]' % p for p in path[-6:])
            missing.append('%s %r at %s' % (node.get_role_name(), name, where))
    return missing


def named(app, role, name):
    for node, _ in walk(app):
        if node.get_role() == role and node.get_name() == name:
            return node
    return None


def type_into(node, text):
    editable = node.get_editable_text_iface()
    editable.set_text_contents(text)


def press(node):
    action = node.get_action_iface()
    for i in range(action.get_n_actions()):
        if action.get_action_name(i) in ('click', 'press', 'activate'):
            action.do_action(i)
            return
    raise AssertionError('no press action on ' + node.get_name())


def main():
    tmp = tempfile.mkdtemp(prefix='labdesk-a11y-')
    db = os.path.join(tmp, 'labdesk.db')
    subprocess.run([SERVER, 'demo', '--bare', '--db', db], check=True,
                   stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen([SERVER, 'serve', '--db', db, '--listen', '127.0.0.1:%d' % port],
                              stderr=subprocess.PIPE)
    wait_for('the server to listen', lambda: b'listening' in server.stderr.readline())
    env = dict(os.environ, XDG_DATA_HOME=os.path.join(tmp, 'home'), GTK_A11Y='atspi')
    env.pop('NO_AT_BRIDGE', None)
    client = subprocess.Popen([CLIENT, '--server', 'http://127.0.0.1:%d' % port], env=env)
    try:
        app = wait_for('the client on the accessibility bus', find_app)
        wait_for('the sign-in page', lambda: named(app, Atspi.Role.TEXT, 'User name'))
        missing = unnamed_controls(app)
        tap(not missing, 'every control of the sign-in window has a name', '\n'.join(missing))

        user = wait_for('the user name field', lambda: named(app, Atspi.Role.TEXT, 'User name'))
        password = wait_for('the password field', lambda: named(app, Atspi.Role.TEXT, 'Password'))
        type_into(user, 'reception')
        type_into(password, 'reception-demo')
        press(wait_for('the sign-in button', lambda: named(app, Atspi.Role.PUSH_BUTTON, 'Sign In')))
        wait_for('the signed-in window',
                 lambda: named(app, Atspi.Role.ENTRY, 'Search or scan') or
                 named(app, Atspi.Role.TEXT, 'Search or scan'))
        tap(True, 'signed in through the accessibility interface alone')
        time.sleep(0)  # the tree is read as it is; no fixed wait
        missing = unnamed_controls(app)
        tap(not missing, 'every control of the front desk has a name', '\n'.join(missing))
    finally:
        client.terminate()
        client.wait(timeout=30)
        server.terminate()
        server.wait(timeout=30)
        subprocess.run(['rm', '-rf', tmp])
    print('1..%d' % len(results))
    return 0 if all(results) else 1


if __name__ == '__main__':
    try:
        sys.exit(main())
    except Exception as e:  # a hang or a missing widget is a failure, said plainly
        tap(False, 'the accessibility walk', repr(e))
        print('1..%d' % len(results))
        sys.exit(1)
