#!/usr/bin/env python3
# wal-pages.py: which tables and indexes the commits in a SQLite
# write-ahead log wrote, in pages per commit (issue 36: the log's pages
# are what a flow's durability costs).
#
# Copy a running server's log and database (the log is rewritten from its
# start after each checkpoint, so copy it while the server writes), then:
#   bench/wal-pages.py COPY-OF-lab.db COPY-OF-lab.db-wal
# The pages are named by the database's dbstat table, so the database
# copy must be of the same moment (its pages' owners change slowly).
import collections
import sqlite3
import struct
import sys


def page_owners(db_path):
    """Each page's B-tree, and each B-tree's table."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        owners = dict(db.execute("SELECT pageno, name FROM dbstat"))
        tables = dict(db.execute("SELECT name, tbl_name FROM sqlite_schema"))
    return owners, tables


def commits(wal_path):
    data = open(wal_path, "rb").read()
    _, _, page_size, _, salt1, salt2, _, _ = struct.unpack(">8I", data[:32])
    offset, pages, found = 32, [], []
    while offset + 24 + page_size <= len(data):
        page, db_size, frame_salt1, frame_salt2 = struct.unpack(">4I", data[offset:offset + 16])
        # Frames of an earlier round of the log carry other salts.
        if (frame_salt1, frame_salt2) != (salt1, salt2):
            break
        pages.append(page)
        if db_size != 0:
            found.append(pages)
            pages = []
        offset += 24 + page_size
    return found


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: wal-pages.py DATABASE LOG")
    owners, tables = page_owners(sys.argv[1])
    found = commits(sys.argv[2])
    if not found:
        sys.exit("no whole commit in the log")
    per_owner = collections.Counter(owners.get(p, "(a new page)") for c in found for p in c)
    total = sum(len(c) for c in found)
    print(f"{len(found)} commits, {total} pages, {total / len(found):.1f} pages a commit")
    per_table = collections.Counter()
    for name, n in per_owner.items():
        per_table[tables.get(name, name)] += n
    print("by table, its indexes included:")
    for name, n in per_table.most_common():
        print(f"  {name:<42} {n / len(found):5.2f}")
    print("by table or index:")
    for name, n in per_owner.most_common():
        print(f"  {name:<42} {n / len(found):5.2f}")


main()
