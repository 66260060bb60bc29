#!/usr/bin/python3
# test-a11y-actions.py: what a screen reader does, not only what it reads.
#
# Copyright 2026 The Labdesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 35, item 10, over AT-SPI as Orca uses it (inside its own D-Bus
# session, see tests/run-a11y), against the real labdesk-server over a
# bare demo database and the real client: the scan entry and the booking
# page's catalogue search do what Enter does when their "activate" action
# is done; Take Payment's window is a dialog; the audit log's User filter
# is read as "User", not as its class; the check boxes are read without
# their mnemonic's underscore. One user with every role walks the four
# workspaces, switched with Ctrl+1…4. Prints TAP. The helpers (the walk,
# waiting, keys) are test-a11y.py's.
import importlib.util
import os
import subprocess
import sys
import tempfile

spec = importlib.util.spec_from_file_location(
    'a11y', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'test-a11y.py'))
a11y = importlib.util.module_from_spec(spec)
spec.loader.exec_module(a11y)
Atspi = a11y.Atspi

tap, wait_for, walk, key, showing, button = (a11y.tap, a11y.wait_for, a11y.walk, a11y.key,
                                            a11y.showing, a11y.button)
PASSWORD = 'every-role-2026'


def node_named(root, roles, name):
    for node, _ in walk(root):
        role, node_name = a11y.role_and_name(node)
        if role in roles and node_name == name:
            return node
    return None


def editable(root, name):
    """The text a screen reader types into, in the entry named @name."""
    return a11y.field(root, name)


def do_activate(node):
    """The entry's own "activate" action, as Orca does it."""
    action = node.get_action_iface()
    for i in range(action.get_n_actions()):
        if action.get_action_name(i) == 'activate':
            return action.do_action(i)
    raise AssertionError('no activate action on ' + (node.get_name() or '?'))


def entry_node(root, name):
    return node_named(root, (Atspi.Role.TEXT, Atspi.Role.ENTRY), name)


def stage(app, what, steps):
    try:
        steps()
    except Exception as e:  # a hang or a missing widget, said plainly
        tap(False, what, repr(e))
        a11y.recover(app)


def walk_items(app, base):
    admin = a11y.api(base, 'POST', '/api/v1/sessions',
                     {'username': 'admin', 'password': 'admin-demo'})['token']
    main_window = a11y.window(app, 'Labdesk')
    asha = a11y.api(base, 'POST', '/api/v1/patients',
                    {'name': 'Asha Verma', 'sex': 'female', 'age_years': 41,
                     'phone': '9812345601'}, admin)['patient']

    def scan_entry():
        search = wait_for('the search entry', lambda: entry_node(main_window, 'Search or scan'))
        search.get_editable_text_iface().set_text_contents(asha['mrn'])
        wait_for('Asha in this computer\'s data',
                 lambda: showing(app, 'Asha Verma', main_window))
        do_activate(search)
        wait_for('her page, opened by the activate action',
                 lambda: button(main_window, 'Book Tests'))
        tap(True, 'the scan entry\'s activate action opens what it names')
    stage(app, 'the scan entry\'s activate action opens what it names', scan_entry)

    def catalogue_and_payment():
        a11y.press(wait_for('the Book Tests button', lambda: button(main_window, 'Book Tests')))
        catalogue = wait_for('the catalogue search',
                             lambda: entry_node(main_window, 'Search the catalogue'))
        catalogue.get_editable_text_iface().set_text_contents('CBC')
        wait_for('CBC in the catalogue',
                 lambda: showing(app, 'Complete blood count', main_window))
        do_activate(catalogue)
        wait_for('CBC in the cart, added by the activate action',
                 lambda: showing(app, 'Nothing in the cart yet', main_window) is None)
        tap(True, 'the catalogue search\'s activate action adds the test')
        a11y.focus_window('Labdesk')
        key('ctrl+Return')
        dialog = wait_for('the payment dialog', lambda: a11y.window(app, 'Take Payment'))
        role = dialog.get_role()
        tap(role == Atspi.Role.DIALOG, 'Take Payment\'s window is a dialog',
            'its role is ' + dialog.get_role_name())
        a11y.focus_window('Take Payment')
        key('Escape')
        wait_for('the payment dialog to close', lambda: a11y.window(app, 'Take Payment') is None)
    stage(app, 'the catalogue search and the payment dialog', catalogue_and_payment)

    def check_boxes(what, names):
        for name in names:
            box = wait_for('the check box ' + name,
                           lambda: node_named(main_window, (Atspi.Role.CHECK_BOX,), name))
            tap(box is not None, '%s: the check box reads "%s"' % (what, name))
        underscored = [a11y.role_and_name(n)[1] for n, _ in walk(main_window)
                       if a11y.role_and_name(n)[0] == Atspi.Role.CHECK_BOX and
                       '_' in a11y.role_and_name(n)[1]]
        tap(not underscored, '%s: no check box reads an underscore' % what,
            '\n'.join(underscored))

    def doctor():
        a11y.focus_window('Labdesk')
        key('ctrl+2')
        check_boxes('the doctor', ['Notify me when results are ready'])
    stage(app, 'the doctor\'s check box', doctor)

    def laboratory():
        a11y.focus_window('Labdesk')
        key('ctrl+3')
        check_boxes('the worklist', ['Only urgent and STAT', 'Only mine'])
    stage(app, 'the worklist\'s check boxes', laboratory)

    def audit():
        a11y.focus_window('Labdesk')
        key('ctrl+4')
        wait_for('the administration', lambda: showing(app, 'Audit Log', main_window))
        key('alt+4')
        user = wait_for('the User filter', lambda: node_named(
            main_window, (Atspi.Role.TOGGLE_BUTTON, Atspi.Role.PUSH_BUTTON,
                          Atspi.Role.COMBO_BOX), 'User'))
        unnamed = [n for n, _ in walk(main_window)
                   if a11y.role_and_name(n)[1] in ('GtkToggleButton', 'GtkDropDown')]
        tap(user is not None and not unnamed, 'the audit log\'s User filter reads "User"',
            '%d read as a class' % len(unnamed))
    stage(app, 'the audit log\'s User filter', audit)


def main():
    Atspi.set_timeout(a11y.HANG_GUARD_S * 1000, a11y.HANG_GUARD_S * 1000)
    tmp = tempfile.mkdtemp(prefix='labdesk-a11y-actions-')
    db = os.path.join(tmp, 'labdesk.db')
    subprocess.run([a11y.SERVER, 'demo', '--bare', '--db', db], check=True,
                   stdout=subprocess.DEVNULL)
    port = a11y.free_port()
    base = 'http://127.0.0.1:%d' % port
    server = subprocess.Popen([a11y.SERVER, 'serve', '--db', db, '--listen',
                               '127.0.0.1:%d' % port],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_for('the server to listen', lambda: b'listening' in server.stderr.readline())
    admin = a11y.api(base, 'POST', '/api/v1/sessions',
                     {'username': 'admin', 'password': 'admin-demo'})['token']
    a11y.api(base, 'POST', '/api/v1/users',
             {'username': 'meera', 'display_name': 'Meera Nair', 'password': PASSWORD,
              'roles': ['reception', 'doctor', 'technician', 'admin']}, admin)
    env = dict(os.environ, XDG_DATA_HOME=os.path.join(tmp, 'home'), GTK_A11Y='atspi',
               GDK_BACKEND='x11')
    env.pop('NO_AT_BRIDGE', None)
    client = subprocess.Popen([a11y.CLIENT, '--server', base], env=env)
    try:
        app = wait_for('the client on the accessibility bus', a11y.app_of(client))
        user = wait_for('the user name field',
                        lambda: a11y.named(app, Atspi.Role.TEXT, 'User name'))
        password = wait_for('the password field',
                            lambda: a11y.named(app, Atspi.Role.TEXT, 'Password'))
        a11y.type_into(user, 'meera')
        a11y.type_into(password, PASSWORD)
        a11y.press(wait_for('the sign-in button',
                            lambda: a11y.named(app, Atspi.Role.PUSH_BUTTON, 'Sign In')))
        wait_for('the signed-in window',
                 lambda: entry_node(app, 'Search or scan'))
        walk_items(app, base)
    finally:
        client.terminate()
        client.wait(timeout=30)
        server.terminate()
        server.wait(timeout=30)
        subprocess.run(['rm', '-rf', tmp])
    print('1..%d' % len(a11y.results))
    return 0 if all(a11y.results) else 1


if __name__ == '__main__':
    try:
        sys.exit(main())
    except Exception as e:  # a hang or a missing widget is a failure, said plainly
        tap(False, 'the accessibility walk', repr(e))
        print('1..%d' % len(a11y.results))
        sys.exit(1)
