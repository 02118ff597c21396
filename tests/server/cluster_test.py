#!/usr/bin/env python3
"""Three `prepdeck serve` instances on one PostgreSQL behind nginx round-robin.

- Started at the same moment on an empty database: it is migrated exactly once.
- A learner's requests land on different instances within one session, and
  everything works: sign-up and login, marks, a review with undo, a level test
  answered across instances, comments; 6 wrong passwords for one name sent to
  different instances: the 6th is 429.
- Faults, with a client writing marks and reviews in a bounded loop:
  SIGKILL of an instance at random moments (restarted): every write that got
  a 2xx is in the database afterwards; PostgreSQL stopped for a few seconds:
  writes get 503 store with Retry-After within a bounded time, /healthz says
  the database is down, and once it is back the instances recover by
  themselves; nothing acknowledged is lost.
Everything on loopback; the test's own PostgreSQL and nginx. Usage:
cluster_test.py PREPDECK EXAMPLES
"""
import json
import os
import random
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster_support import Front, Nginx, Postgres, cleanup, start_instances, temp_work  # noqa: E402
from serve_support import Checks, copy_examples, exported  # noqa: E402

prepdeck, examples = (os.path.abspath(p) for p in sys.argv[1:3])
check = Checks()
random.seed(int(os.environ.get("PREPDECK_TEST_SEED", "15")))


class Browser:
    """One learner's cookie and CSRF token, talking to nginx."""

    def __init__(self, front):
        self.front, self.cookie, self.csrf = front, None, None
        self.csrf = self.call("GET", "/api/session")[1]["csrf"]

    def call(self, method, path, body=None, timeout=30):
        headers = {}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if method != "GET":
            headers["X-CSRF-Token"] = self.csrf or ""
        c = self.front.connection()
        c.timeout = timeout
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        c.request(method, path, body=data, headers=headers)
        r = c.getresponse()
        raw = r.read()
        c.close()
        self.last = r
        set_cookie = r.getheader("Set-Cookie")
        if set_cookie:
            value = set_cookie.split(";")[0]
            self.cookie = None if value.endswith("=") else value
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = raw
        return r.status, parsed


work = temp_work()
_, guides = copy_examples(examples)
index = exported(prepdeck, guides)
questions = [q["id"] for g in index for section in g["sections"] for q in section["questions"]]
quiz_items = {item["id"]: item for g in index for item in g["quizzes"]}
postgres = nginx = None
instances = []
try:
    postgres = Postgres(work)
    instances = start_instances(prepdeck, guides, postgres.url, work, 3, "--users", "--trusted-proxy", "127.0.0.1")
    migrations = postgres.sql("SELECT count(*), count(DISTINCT version), max(version) FROM schema_migrations")
    count, distinct, newest = (int(x) for x in migrations.split("|"))
    check(count == distinct == newest and newest >= 8, f"three instances at once migrated the database: {migrations}")
    nginx = Nginx(work, [i.port for i in instances])
    front = Front(nginx.port)

    # --- One learner, every request on any instance -------------------------------------------
    ana = Browser(front)
    status, body = ana.call("POST", "/api/signup", {"name": "ana", "password": "correct horse battery"})
    check(status == 201 and body["user"]["name"] == "ana", f"sign-up through nginx: {status} {body}")
    ana.csrf = body["csrf"]
    status, body = ana.call("GET", "/api/session")
    check(status == 200 and (body.get("user") or {}).get("name") == "ana", f"the session on another instance: {body}")
    for q in questions[:6]:
        status, body = ana.call("PUT", f"/api/marks/{q}", {"mark": "knew"})
        check(status == 200, f"a mark through nginx: {status} {body}")
    status, body = ana.call("GET", "/api/marks")
    check(status == 200 and len(body["marks"]) == 6, f"the marks read back from any instance: {body}")

    status, queue = ana.call("GET", "/api/review/queue")
    card = (queue or {}).get("card") or {}
    status, reviewed = ana.call("POST", "/api/reviews", {"card": card.get("id"), "rating": 1,
                                                          "previewed": card.get("previewed")})
    check(status == 201, f"a review through nginx: {status} {reviewed}")
    review_id = (reviewed or {}).get("review", {}).get("id")
    status, body = ana.call("POST", f"/api/reviews/{review_id}/undo", {})
    check(status == 200, f"undo on another instance: {status} {body}")
    status, body = ana.call("POST", f"/api/reviews/{review_id}/undo", {})
    check(status == 409 and body["error"]["code"] == "not_undoable", f"a second undo of the same review: {status} {body}")

    status, started = ana.call("POST", "/api/level-tests", {"scope": "quiz/"})
    check(status == 201, f"a level test started: {status} {started}")
    token, item, asked, result = (started or {}).get("test"), (started or {}).get("item"), 0, None
    while item and asked < 30:
        bank_item = quiz_items[item["id"]]
        answer = bank_item["blanks"] if bank_item["kind"] == "fill" else [
            i for i, o in enumerate(bank_item["options"]) if o["correct"]]
        status, answered = ana.call("POST", f"/api/level-tests/{token}/answers", {"item": item["id"], "answer": answer})
        check(status in (200, 201) and answered.get("answered", {}).get("correct") is True,
              f"answer {asked + 1} of the level test on another instance: {status} {answered}")
        if status not in (200, 201):
            break
        asked += 1
        item, result = answered.get("item"), answered.get("result")
    check(result is not None and result["verdict"] == "advanced", f"the level test across instances: {result}")
    status, levels = ana.call("GET", "/api/levels")
    check(status == 200 and levels["levels"][-1]["verdict"] == "advanced", f"the saved level: {levels}")

    status, comment = ana.call("POST", "/api/comments", {"guide": "interview-questions/git.md", "body": "First!"})
    check(status == 201 and comment["level"]["verdict"] == "advanced", f"a comment with its badge: {status} {comment}")
    status, body = ana.call("PUT", f"/api/comments/{comment['id']}", {"body": "Edited elsewhere"})
    check(status == 200 and body["body"] == "Edited elsewhere", f"the comment edited on another instance: {body}")
    status, listed = ana.call("GET", "/api/comments?guide=interview-questions/git.md")
    check(status == 200 and [c["body"] for c in listed["comments"]] == ["Edited elsewhere"], f"the comments: {listed}")

    signed_in_as = (ana.cookie, ana.csrf)
    status, body = ana.call("POST", "/api/logout", {})
    check(status == 200, f"logout: {status} {body}")
    # Each instance trusts a session it read for a second (--session-cache);
    # past that the old cookie is nobody's on every instance.
    time.sleep(1.2)
    stale = Browser(front)
    stale.cookie, stale.csrf = signed_in_as
    answers = [stale.call("GET", "/api/session")[1]["user"] for _ in instances]
    check(answers == [None] * len(instances), f"a logged-out cookie still signs in somewhere: {answers}")
    again = Browser(front)
    status, body = again.call("POST", "/api/login", {"name": "ana", "password": "correct horse battery"})
    check(status == 200, f"login on any instance: {status} {body}")
    served = [i.api_requests() for i in instances]
    check(all(n >= 5 for n in served), f"nginx did not spread the learner's requests over the instances: {served}")

    # The failed-login limit is one limit for all instances (5 per name, not 5 per instance).
    guesser = Browser(front)
    statuses = [guesser.call("POST", "/api/login", {"name": "ana", "password": f"guess {i}"})[0] for i in range(6)]
    check(statuses == [401] * 5 + [429], f"6 wrong passwords over 3 instances: {statuses}")

    # --- Faults: SIGKILL of instances while a client writes ----------------------------------
    writer = Browser(front)
    status, body = writer.call("POST", "/api/signup", {"name": "writer", "password": "correct horse battery"})
    writer.csrf = (body or {}).get("csrf")
    acknowledged_marks, acknowledged_reviews, failures = [], [], []
    stop_writing = threading.Event()

    def write_loop(limit, deadline):
        n = 0
        while n < limit and time.time() < deadline and not stop_writing.is_set():
            q = questions[n % len(questions)]
            if n % 2 == 0:
                mark = "knew" if (n // len(questions)) % 2 == 0 else "review"
                try:
                    status, body = writer.call("PUT", f"/api/marks/{q}", {"mark": mark}, timeout=15)
                except OSError as e:
                    status, body = 0, str(e)
                if 200 <= status < 300:
                    acknowledged_marks.append((q, mark, n))
                else:
                    failures.append(status)
            else:
                try:
                    status, body = writer.call("POST", "/api/reviews", {"card": q, "rating": 3}, timeout=15)
                except OSError as e:
                    status, body = 0, str(e)
                if 200 <= status < 300:
                    acknowledged_reviews.append(body["review"]["id"])
                else:
                    failures.append(status)
            n += 1

    loop = threading.Thread(target=write_loop, args=(100000, time.time() + 60))
    loop.start()
    kills = 0
    while loop.is_alive() and kills < 5:
        time.sleep(random.uniform(0.2, 0.8))
        victim = random.choice(instances)
        victim.kill()
        kills += 1
        time.sleep(random.uniform(0.1, 0.4))
        victim.restart()
    time.sleep(0.5)
    stop_writing.set()
    loop.join()
    check(kills == 5, f"only {kills} instances were killed while writing")
    print(f"SIGKILL x{kills}: {len(acknowledged_reviews)} reviews and {len(acknowledged_marks)} marks acknowledged, "
          f"{len(failures)} writes refused ({sorted(set(failures))})")
    # Every acknowledged review is in the database; every question's stored
    # mark is one that was acknowledged for it or written after one.
    stored_reviews = set(int(x) for x in postgres.sql(
        "SELECT r.id FROM reviews r JOIN users u ON u.id = r.user_id WHERE u.name = 'writer'").split())
    lost = [r for r in acknowledged_reviews if r not in stored_reviews]
    check(not lost, f"acknowledged reviews lost after SIGKILLs: {lost[:10]} of {len(acknowledged_reviews)}")
    stored_marks = dict(line.split("|") for line in postgres.sql(
        "SELECT m.question_id, m.mark FROM marks m JOIN users u ON u.id = m.user_id WHERE u.name = 'writer'")
        .splitlines())
    last_acknowledged = {}
    for q, mark, n in acknowledged_marks:
        last_acknowledged[q] = (mark, n)
    missing = [q for q in last_acknowledged if q not in stored_marks]
    check(not missing, f"acknowledged marks lost after SIGKILLs: {missing[:10]}")
    check(len(acknowledged_reviews) + len(acknowledged_marks) >= 100,
          f"too few writes were acknowledged to tell: {len(acknowledged_reviews)} reviews, "
          f"{len(acknowledged_marks)} marks, failures {failures[:20]}")

    # --- Faults: PostgreSQL away for a few seconds -------------------------------------------
    before = len(acknowledged_reviews)
    postgres.pause()
    try:
        started_at = time.monotonic()
        status, body = writer.call("PUT", f"/api/marks/{questions[0]}", {"mark": "knew"}, timeout=20)
        took = time.monotonic() - started_at
        check(status == 503 and (body or {}).get("error", {}).get("code") == "store"
              and writer.last.getheader("Retry-After"), f"a write while the database is away: {status} {body}")
        check(took < 10, f"the write waited {took:.1f} s for the database that is away")
        status, body = front.json("GET", "/healthz")
        check(status == 503 and body.get("database") == "unreachable", f"/healthz with the database away: {status} {body}")
    finally:
        time.sleep(2)
        postgres.resume()
    recovered = None
    end = time.time() + 30
    while time.time() < end:
        try:
            status, body = writer.call("POST", "/api/reviews", {"card": questions[1], "rating": 3}, timeout=10)
        except OSError:
            status = 0
        if status == 201:
            recovered = time.time()
            acknowledged_reviews.append(body["review"]["id"])
            break
        time.sleep(0.2)
    check(recovered is not None, "the instances did not recover after the database came back")
    healthy = [front.json("GET", "/healthz")[0] for _ in range(6)]
    check(healthy == [200] * 6, f"/healthz after the database came back: {healthy}")
    stored_reviews = set(int(x) for x in postgres.sql(
        "SELECT r.id FROM reviews r JOIN users u ON u.id = r.user_id WHERE u.name = 'writer'").split())
    lost = [r for r in acknowledged_reviews if r not in stored_reviews]
    check(not lost and len(acknowledged_reviews) > before, f"acknowledged reviews lost across the outage: {lost[:10]}")
finally:
    cleanup(work, nginx, *instances, postgres)
check.finish("cluster test")
