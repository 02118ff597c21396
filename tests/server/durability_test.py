#!/usr/bin/env python3
"""Every write that got a 2xx survives SIGKILL: four clients post quiz
attempts in a loop while the server is killed at random moments and started
again; afterwards every acknowledged attempt is in the database, which passes
SQLite's integrity check.

usage: durability_test.py PREPDECK EXAMPLES [ROUNDS]
"""
import os
import random
import shutil
import signal
import sqlite3
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_support import Server, copy_examples, exported  # noqa: E402

prepdeck, examples = (os.path.abspath(p) for p in sys.argv[1:3])
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 12
work, guides = copy_examples(examples)
db = os.path.join(work, "progress.db")
quiz = next(g for g in exported(prepdeck, guides) if g["path"] == "quiz/git.md")
item = quiz["quizzes"][0]
acked = set()
acked_lock = threading.Lock()
errors = []
rng = random.Random(5)

try:
    for round_number in range(rounds):
        server = Server(prepdeck, guides, db, "--access-log", "off", "--no-watch")
        stop = threading.Event()

        def client():
            while not stop.is_set():
                try:
                    status, body = server.json("POST", "/api/quiz-attempts",
                                               body={"quiz": "quiz/git.md",
                                                     "responses": [{"item": item["id"], "answer": [0]}]})
                except (OSError, ValueError):
                    continue  # the server died mid-request: not acknowledged
                if 200 <= status < 300:
                    with acked_lock:
                        acked.add(body["id"])
                elif status != 503:
                    errors.append(f"round {round_number}: unexpected {status} {body}")

        threads = [threading.Thread(target=client) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(rng.uniform(0.2, 1.0))
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait()
        stop.set()
        for t in threads:
            t.join()

    con = sqlite3.connect(db)
    stored = {row[0] for row in con.execute("SELECT id FROM quiz_attempts")}
    integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    con.close()
finally:
    shutil.rmtree(work, ignore_errors=True)

missing = acked - stored
print(f"durability: {rounds} SIGKILLs, {len(acked)} acknowledged writes, {len(stored)} stored, "
      f"{len(missing)} missing, integrity {integrity}")
for e in errors[:10]:
    print("FAIL:", e)
ok = not missing and integrity == "ok" and not errors and len(acked) > rounds
sys.exit(0 if ok else 1)
