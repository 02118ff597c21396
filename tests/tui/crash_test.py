#!/usr/bin/env python3
"""Every grade is committed before the next card appears: a study session fed
grades through a pipe is killed with SIGKILL at random moments, twenty times
over one database. Each grade whose confirmation ("✓ Good: ..." or, for
Again, "↻ Again: ...") was printed must be
in the database afterwards, the killed one at most once more, and the
database must pass SQLite's integrity check.

usage: crash_test.py PREPDECK EXAMPLES
"""
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time


def confirmations(buffer):
    """The grades confirmed so far: a pass is confirmed with a check mark, Again with a loop arrow."""
    return buffer.count("✓".encode()) + buffer.count("↻".encode())


prepdeck, examples = sys.argv[1:3]
work = tempfile.mkdtemp(prefix="prepdeck-crash-")
db = os.path.join(work, "progress.db")
env = dict(os.environ, PREPDECK_NOW="2026-12-01T09:00:00Z", TZ="UTC")
rng = random.Random(20261201)
confirmed = 0
failures = []

for run in range(20):
    p = subprocess.Popen([prepdeck, "study", examples, "--db", db, "--no-fuzz", "--new", "1000"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    grades = rng.randint(0, 4)
    os.set_blocking(p.stdout.fileno(), False)
    buffer = b""
    seen = 0

    def pump(deadline):
        global buffer
        while time.time() < deadline:
            try:
                chunk = os.read(p.stdout.fileno(), 65536)
            except BlockingIOError:
                chunk = None
            if chunk:
                buffer += chunk
            elif chunk == b"":
                return
            else:
                time.sleep(0.005)
            if confirmations(buffer) > seen:
                return

    for g in range(grades):
        p.stdin.write(f"{rng.randint(1, 4)}\n".encode())
        p.stdin.flush()
        pump(time.time() + 10)
        now_seen = confirmations(buffer)
        if now_seen <= seen:
            failures.append(f"run {run}: no confirmation for grade {g + 1}")
            break
        seen = now_seen
    # One more grade, killed at a random moment while it is (or is not yet) being written.
    p.stdin.write(f"{rng.randint(1, 4)}\n".encode())
    p.stdin.flush()
    time.sleep(rng.random() * 0.02)
    p.send_signal(signal.SIGKILL)
    p.wait()
    try:
        rest = p.stdout.read() or b""
    except BlockingIOError:
        rest = b""
    buffer += rest
    seen = confirmations(buffer)
    confirmed += seen
    with sqlite3.connect(db) as c:
        stored = c.execute("SELECT count(*) FROM reviews").fetchone()[0]
        if c.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            failures.append(f"run {run}: the database is damaged")
        cards = c.execute("SELECT count(*) FROM cards").fetchone()[0]
        distinct = c.execute("SELECT count(DISTINCT card_id) FROM reviews").fetchone()[0]
    if cards != distinct:
        failures.append(f"run {run}: {cards} cards but {distinct} reviewed cards")
    if stored < confirmed:
        failures.append(f"run {run}: {confirmed} grades confirmed, only {stored} stored")
    if stored > confirmed + 1:
        failures.append(f"run {run}: {stored} stored, more than the {confirmed} confirmed and the killed one")
    confirmed = stored  # the killed grade may have been committed: count from what is there

for f in failures:
    print("FAIL:", f)
print(f"crash test: 20 kills, {confirmed} grades stored, {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
