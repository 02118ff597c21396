#!/usr/bin/env python3
"""prepdeck serve --users: accounts from `prepdeck user add` and from sign-up,
argon2id passwords, sessions kept in the Store and sent as HttpOnly,
SameSite=Lax cookies, a CSRF token per session, login rate limiting, and
each learner's progress their own.

usage: users_test.py PREPDECK EXAMPLES
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_support import Checks, Server, copy_examples  # noqa: E402

prepdeck, examples = (os.path.abspath(p) for p in sys.argv[1:3])
check = Checks()


class Browser:
    """One learner's cookie and CSRF token against the server."""

    def __init__(self, server):
        self.server, self.cookie, self.csrf = server, None, None
        self.refresh()

    def refresh(self):
        status, body = self.call("GET", "/api/session")
        self.csrf = body["csrf"]
        return body

    def call(self, method, path, body=None, csrf=True):
        headers = {}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if csrf and method != "GET":
            headers["X-CSRF-Token"] = self.csrf or ""
        r, data = self.server.request(method, path, body, headers=headers, csrf=False)
        self.last = r
        set_cookie = r.getheader("Set-Cookie")
        if set_cookie:
            value = set_cookie.split(";")[0]
            self.cookie = None if value.endswith("=") else value
        return r.status, (json.loads(data) if data else None)


def at_once(calls):
    """Starts the calls on threads of their own, together; the threads, and each call's result and finishing time."""
    results = [None] * len(calls)

    def run(i):
        results[i] = (calls[i](), time.monotonic())

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    return threads, results


work, guides = copy_examples(examples)
db = os.path.join(work, "progress.db")
added = subprocess.run([prepdeck, "user", "add", "ana", "--admin", "--db", db], input="correct horse\n",
                       capture_output=True, text=True)
check(added.returncode == 0 and "Added admin 'ana'" in added.stdout, f"user add: {added.stdout} {added.stderr}")
again = subprocess.run([prepdeck, "user", "add", "ana", "--db", db], input="another pass\n", capture_output=True, text=True)
check(again.returncode == 2 and "exists already" in again.stderr, f"adding ana twice: {again.stderr}")
short = subprocess.run([prepdeck, "user", "add", "cy", "--db", db], input="short\n", capture_output=True, text=True)
check(short.returncode == 2, "a short password was accepted")
# The sign-up name rules hold for user add too (issue 12): no empty name, no
# 'local' (the terminal's learner), no control characters, markup or 5,000 letters.
for bad in ["", "local", "a\x1b[31mb", "<b>x</b>", "a b", "x" * 5000]:
    refused = subprocess.run([prepdeck, "user", "add", bad, "--db", db], input="long enough pass\n",
                             capture_output=True, text=True)
    check(refused.returncode == 2 and "a name is 1-40" in refused.stderr, f"user add {bad[:20]!r}: {refused.stderr}")
with sqlite3.connect(db) as con:
    stored = con.execute("SELECT password_hash FROM users WHERE name = 'ana'").fetchone()[0]
check(stored.startswith("$argon2id$") and "correct horse" not in stored, f"the stored password: {stored[:20]}")

server = Server(prepdeck, guides, db, "--users")
try:
    anon = Browser(server)
    body = anon.refresh()
    check(body["mode"] == "users" and body["user"] is None, f"an anonymous session: {body}")
    status, body = anon.call("GET", "/api/marks")
    check(status == 401 and body["error"]["code"] == "login_required", f"marks without a login: {status} {body}")
    r, page = server.request("GET", "/interview-questions/git.html")
    check(r.status == 200, "pages are not readable without a login")

    ana = Browser(server)
    status, body = ana.call("POST", "/api/login", {"name": "ana", "password": "correct horse"}, csrf=False)
    check(status == 403, f"a login without the CSRF token: {status}")
    status, body = ana.call("POST", "/api/login", {"name": "ana", "password": "correct horse"})
    cookie = ana.last.getheader("Set-Cookie") or ""
    check(status == 200 and body["user"]["name"] == "ana" and body["user"]["admin"], f"ana's login: {status} {body}")
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/"]:
        check(flag in cookie, f"the session cookie lacks {flag}: {cookie}")
    check("Secure" not in cookie, "Secure on a plain-HTTP loopback cookie")
    token = cookie.split(";")[0].split("=", 1)[1]
    with sqlite3.connect(db) as con:
        hashes = [row[0] for row in con.execute("SELECT token_hash FROM sessions")]
    check(token not in hashes and len(hashes) == 1, "the session token itself is in the database")
    old_csrf = ana.csrf
    body = ana.refresh()
    check(body["user"]["name"] == "ana" and body["csrf"] != old_csrf, f"ana's session: {body}")
    status, body = ana.call("PUT", "/api/marks/interview-questions/git/q1", {"mark": "knew"})
    check(status == 200, f"ana's mark: {status} {body}")

    bob = Browser(server)
    status, body = bob.call("POST", "/api/signup", {"name": "bob", "password": "bobs password"})
    check(status == 201 and body["user"]["name"] == "bob" and not body["user"]["admin"], f"bob's sign-up: {status} {body}")
    bob.refresh()
    status, body = bob.call("GET", "/api/marks")
    check(status == 200 and body["marks"] == {}, f"bob sees ana's marks: {body}")
    status, body = bob.call("PUT", "/api/marks/interview-questions/git/q1", {"mark": "knew"}, csrf=False)
    check(status == 403, "bob wrote without his CSRF token")
    saved = bob.csrf
    bob.csrf = ana.csrf
    status, body = bob.call("PUT", "/api/marks/interview-questions/git/q1", {"mark": "knew"})
    check(status == 403, "bob wrote with ana's CSRF token")
    bob.csrf = saved
    for name, password, code in [("bob", "another one", "name_taken"), ("local", "a password", "bad_name"),
                                 ("<script>", "a password", "bad_name"), ("cy", "short", "bad_password")]:
        status, body = anon.call("POST", "/api/signup", {"name": name, "password": password})
        check(status in (400, 409) and body["error"]["code"] == code, f"sign-up {name!r}: {status} {body}")
    # Sign-ups race for one name: the account and its session are written
    # together in the group commit, so one wins and the others get 409.
    racers = [Browser(server) for _ in range(4)]
    threads, timed = at_once([lambda b=b: b.call("POST", "/api/signup", {"name": "dee", "password": "a password"})
                              for b in racers])
    for t in threads:
        t.join()
    results = [result for result, _ in timed]
    statuses = sorted(status for status, _ in results)
    check(statuses == [201, 409, 409, 409], f"racing sign-ups: {results}")
    check(all(body["error"]["code"] == "name_taken" for status, body in results if status == 409), f"{results}")
    with sqlite3.connect(db) as con:
        dee = con.execute("SELECT COUNT(*), (SELECT COUNT(*) FROM sessions JOIN users ON users.id = sessions.user_id"
                          " WHERE users.name = 'dee') FROM users WHERE name = 'dee'").fetchone()
    check(dee == (1, 1), f"dee's accounts and sessions: {dee}")

    # Comments: only the author edits; the author or an admin deletes.
    status, c = bob.call("POST", "/api/comments", {"guide": "interview-questions/git.md", "body": "bob's"})
    check(status == 201 and c["mine"] and c["level"] is None, f"bob's comment: {status} {c}")
    status, body = ana.call("PUT", f"/api/comments/{c['id']}", {"body": "ana was here"})
    check(status == 403 and body["error"]["code"] == "not_yours", f"ana editing bob's comment: {status} {body}")
    status, listed = ana.call("GET", "/api/comments?guide=interview-questions/git.md")
    check(listed["comments"][0]["can_delete"] and not listed["comments"][0]["mine"], f"ana's view: {listed}")
    status, body = anon.call("POST", "/api/comments", {"guide": "interview-questions/git.md", "body": "anon"})
    check(status == 401, f"an anonymous comment: {status}")
    status, body = ana.call("DELETE", f"/api/comments/{c['id']}", {})
    check(status == 200, f"the admin deleting bob's comment: {status} {body}")

    status, body = bob.call("GET", "/api/analytics")
    check(status == 403 and body["error"]["code"] == "admins_only", f"analytics for a learner: {status} {body}")
    status, body = ana.call("GET", "/api/analytics")
    check(status == 200 and "quiz_items" in body, f"analytics for an admin: {status}")

    # Login rate limiting: five failures for a name, then 429 even with the right password.
    eve = Browser(server)
    for i in range(5):
        status, body = eve.call("POST", "/api/login", {"name": "bob", "password": f"wrong {i}"})
        check(status == 401 and body["error"]["code"] == "bad_login", f"a wrong password: {status} {body}")
    status, body = eve.call("POST", "/api/login", {"name": "bob", "password": "bobs password"})
    check(status == 429 and eve.last.getheader("Retry-After"), f"the sixth attempt: {status} {body}")
    status, body = eve.call("POST", "/api/login", {"name": "nobody", "password": "whatever"})
    check(status == 429, f"the same address trying another name: {status}")

    # Logout ends the session on the server, not only in the browser.
    stolen = ana.cookie
    status, body = ana.call("POST", "/api/logout", {})
    check(status == 200 and ana.cookie is None, f"logout: {status} {body}")
    thief = Browser(server)
    thief.cookie = stolen
    body = thief.refresh()
    check(body["user"] is None, "a logged-out session still works")
finally:
    code, _ = server.stop()
check(code == 0, f"the server exited {code}")




def forget_failed_logins():
    """The limits live in the database, so a restart keeps them (a crash does
    not reset an attacker's count); each part below starts with none."""
    with sqlite3.connect(db) as con:
        kept = con.execute("SELECT count(*) FROM rate_limits WHERE key LIKE 'login-%'").fetchone()[0]
        con.execute("DELETE FROM rate_limits")
    return kept


# Passwords are hashed off the threads that serve requests: with one such
# thread, a page is answered while logins are still being checked.
check(forget_failed_logins() > 0, "the failed logins of the first server were not kept in the database")
server = Server(prepdeck, guides, db, "--users", threads=1)
try:
    logins = [Browser(server) for _ in range(4)]
    threads, results = at_once([lambda b=b: b.call("POST", "/api/login", {"name": "ana", "password": "correct horse"})
                                for b in logins])
    time.sleep(0.01)
    r, _ = server.request("GET", "/healthz")
    health_done = time.monotonic()
    for t in threads:
        t.join()
    check(r.status == 200 and all(status == 200 for (status, _), _ in results), f"logins: {results}")
    # One argon2id check takes about 0.1 s: inline, /healthz would wait for at least the first.
    check(health_done < min(done for _, done in results),
          "/healthz waited for a login's argon2id check on the only serving thread")

    # A burst of guesses at one name, all queued at once: only the limit's worth are checked.
    guessers = [Browser(server) for _ in range(10)]
    threads, results = at_once([lambda b=b, i=i: b.call("POST", "/api/login", {"name": "ana", "password": f"guess {i}"})
                                for i, b in enumerate(guessers)])
    for t in threads:
        t.join()
    statuses = sorted(status for (status, _), _ in results)
    check(statuses.count(401) == 5 and statuses.count(429) == 5, f"a burst of 10 wrong passwords: {statuses}")
finally:
    code, _ = server.stop()
check(code == 0, f"the second server exited {code}")

# An unknown name's password is checked against a decoy hash of the same
# argon2id cost, so a login for a name that does not exist takes as long as a
# wrong password for one that does (a cheap decoy answered in a few ms).
forget_failed_logins()
server = Server(prepdeck, guides, db, "--users")
try:
    timer = Browser(server)
    seconds = {}
    for name in ["ana", "nobody-here"]:
        start = time.monotonic()
        status, body = timer.call("POST", "/api/login", {"name": name, "password": "not the password"})
        seconds[name] = time.monotonic() - start
        check(status == 401 and body["error"]["code"] == "bad_login", f"{name}: {status} {body}")
    check(seconds["nobody-here"] > 0.3 * seconds["ana"], f"an unknown name answers faster than a known one: {seconds}")
finally:
    code, _ = server.stop()
    shutil.rmtree(work, ignore_errors=True)
check(code == 0, f"the third server exited {code}")
check.finish("users test")
