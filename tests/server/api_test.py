#!/usr/bin/env python3
"""The JSON API and the pages of a real `prepdeck serve` process on loopback:
caching headers, marks, reviews, quiz attempts, live reload, bad input (each
a 4xx with a JSON error, and the server stays up), slow clients, and a clean
SIGTERM. PREPDECK_TEST_DB says on what: sqlite (one instance, the default),
postgres (one instance on the run's PostgreSQL) or cluster (three instances
on it behind nginx round-robin: every request may land on another instance;
the checks of one process, its socket limits, metrics and shutdown, go to
the instances themselves).

usage: api_test.py PREPDECK EXAMPLES
"""
import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster_support import Front, Nginx, start_instances  # noqa: E402
from serve_support import Checks, Server, copy_examples, exported, test_database, wait_until  # noqa: E402

prepdeck, examples = (os.path.abspath(p) for p in sys.argv[1:3])
check = Checks()


def check_error(status, body, expected, code, what):
    check(status == expected, f"{what}: status {status}, expected {expected}: {body!r}")
    check(isinstance(body, dict) and body.get("error", {}).get("code") == code,
          f"{what}: expected a JSON error with code {code!r}, got {body!r}")


# A database that cannot be used is a clear error at start (exit 2), and a
# password in its URL is never printed.
for bad in ("postgresql://ana:s3cret-pw@127.0.0.1:1/prepdeck", "mysql://ana:s3cret-pw@localhost/prepdeck"):
    refused = subprocess.run([prepdeck, "serve", examples, "--db", bad, "--port", "0"], capture_output=True, text=True,
                             timeout=30)
    check(refused.returncode == 2, f"serve --db {bad}: exit {refused.returncode}")
    check("s3cret-pw" not in refused.stdout + refused.stderr, f"serve --db printed the password: {refused.stderr}")
    check("ana:***@" in refused.stderr, f"serve --db {bad}: the error does not name the database: {refused.stderr}")

work, guides = copy_examples(examples)
db = test_database(work)
nginx = None
if os.environ.get("PREPDECK_TEST_DB") == "cluster":
    instances = start_instances(prepdeck, guides, db, work, 3, "--idle-timeout", "2", "--trusted-proxy", "127.0.0.1",
                                watch=True)
    nginx = Nginx(work, [i.port for i in instances])
    server = Front(nginx.port)
else:
    server = Server(prepdeck, guides, db, "--idle-timeout", "2")
    instances = [server]


def metrics_of(instance):
    return instance.request("GET", "/metrics")[1].decode()


def long_polls():
    """The long polls waiting on every instance."""
    total = 0
    for i in instances:
        for line in metrics_of(i).splitlines():
            if line.startswith("prepdeck_reload_long_polls "):
                total += int(float(line.split()[1]))
    return total


try:
    # Pages: gzip, ETag, 304, HEAD.
    r, body = server.request("GET", "/", headers={"Accept-Encoding": "gzip"})
    check(r.status == 200 and r.getheader("Content-Encoding") == "gzip", "the home page is not sent gzipped")
    home = gzip.decompress(body).decode()
    check('<meta name="prepdeck-api" content="/api/">' in home, "served pages do not name the API")
    etag = r.getheader("ETag")
    check(etag and etag.startswith('"'), f"no strong ETag: {etag!r}")
    check(r.getheader("Cache-Control") == "no-cache", "pages must be revalidated (Cache-Control: no-cache)")
    check(r.getheader("Vary") == "Accept-Encoding", "no Vary: Accept-Encoding")
    r, body = server.request("GET", "/", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    check(r.status == 304 and body == b"", f"If-None-Match did not give an empty 304: {r.status}")
    r, plain = server.request("GET", "/index.html")
    check(r.status == 200 and r.getheader("Content-Encoding") is None and plain.decode() == home,
          "the identity body differs from the gzip one")
    check(r.getheader("ETag") != etag, "gzip and identity share an ETag")
    r, body = server.request("HEAD", "/index.html")
    check(r.status == 200 and body == b"" and int(r.getheader("Content-Length")) == len(plain),
          "HEAD does not state the GET length without a body")
    r, css = server.request("GET", "/assets/prepdeck.css")
    check(r.status == 200 and r.getheader("Content-Type").startswith("text/css"), "the stylesheet is not text/css")
    r, _ = server.request("GET", "/interview-questions/git")
    check(r.status == 200, "a page path without .html is not found")
    status, body = server.json("GET", "/no/such/page.html")
    check_error(status, body, 404, "not_found", "a missing page")
    r, body = server.request("GET", "/no/such/page.html", headers={"Accept": "text/html"})
    check(r.status == 404 and b"<h1>Not found</h1>" in body, "a browser does not get an HTML 404")
    status, body = server.json("POST", "/index.html", body={})
    check(status == 405, f"POST to a page: {status}")

    # Operations.
    status, health = server.json("GET", "/healthz")
    check(status == 200 and health.get("status") == "ok" and health.get("pages", 0) >= 8, f"healthz: {health}")

    # Marks.
    status, session = server.json("GET", "/api/session")
    check(status == 200 and session["mode"] == "local" and len(session["csrf"]) == 64, f"session: {session}")
    index = exported(prepdeck, guides)
    git = next(g for g in index if g["path"] == "interview-questions/git.md")
    questions = [q for section in git["sections"] for q in section["questions"]]
    q1, q2 = questions[0]["id"], questions[1]["id"]
    status, body = server.json("PUT", f"/api/marks/{q1}", body={"mark": "knew"}, csrf=False)
    check_error(status, body, 403, "csrf", "a write without the CSRF token")
    status, body = server.json("PUT", f"/api/marks/{q1}", body={"mark": "knew"}, headers={"X-CSRF-Token": "x" * 64})
    check_error(status, body, 403, "csrf", "a write with a wrong CSRF token")
    status, body = server.json("PUT", f"/api/marks/{q1}", body={"mark": "knew"})
    check(status == 200 and body == {"id": q1, "mark": "knew"}, f"PUT mark: {status} {body}")
    status, body = server.json("PUT", f"/api/marks/{q2}", body={"mark": "review"})
    status, body = server.json("GET", "/api/marks")
    check(body.get("marks") == {q1: "knew", q2: "review"}, f"GET marks: {body}")
    status, body = server.json("PUT", f"/api/marks/{q2}", body={"mark": None})
    status, body = server.json("GET", "/api/marks")
    check(body.get("marks") == {q1: "knew"}, f"a null mark was not removed: {body}")

    # Bad input: each a 4xx with a JSON error.
    status, body = server.json("PUT", "/api/marks/interview-questions/git/q999", body={"mark": "knew"})
    check_error(status, body, 404, "unknown_question", "an unknown question id")
    status, body = server.json("PUT", f"/api/marks/{q1}", body={"mark": "maybe"})
    check_error(status, body, 400, "bad_mark", "a mark that is neither knew nor review")
    status, body = server.json("PUT", f"/api/marks/{q1}", body={"mark": 3})
    check_error(status, body, 400, "wrong_type", "a mark of the wrong type")
    status, body = server.json("PUT", f"/api/marks/{q1}", body='{"mark": "knew"', headers={"Content-Type": "application/json"})
    check_error(status, body, 400, "bad_json", "malformed JSON")
    status, body = server.json("PUT", f"/api/marks/{q1}", body="[1, 2]", headers={"Content-Type": "application/json"})
    check_error(status, body, 400, "bad_json", "a JSON array where an object belongs")
    status, body = server.json("PUT", f"/api/marks/{q1}", body=b'{"mark": "kn\xff\xfeew"}',
                               headers={"Content-Type": "application/json"})
    check_error(status, body, 400, "bad_json", "invalid UTF-8 in the JSON")
    status, body = server.json("PUT", f"/api/marks/{q1}", body="mark=knew",
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
    check_error(status, body, 415, "unsupported_media_type", "a form body")
    def refused(method, path, expected, code, what, **kw):
        """Refused by prepdeck with its JSON error; behind nginx, which may
        refuse some itself (its own 400 or 413 page), refused there too."""
        status, body = instances[0].json(method, path, **kw)
        check_error(status, body, expected, code, what)
        if nginx:
            status, body = server.json(method, path, **kw)
            check(status == expected, f"{what} through nginx: status {status}, expected {expected}")

    big = b'{"mark": "' + b"k" * (10 * 1024 * 1024) + b'"}'
    refused("PUT", f"/api/marks/{q1}", 413, "body_too_large", "a 10 MB body", body=big,
            headers={"Content-Type": "application/json"})
    for path in ["/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2fetc%2fpasswd", "/a/%00/b", "/%zz", "/%c3%28.html",
                 "/api/marks/%2e%2e%2fx"]:
        refused("GET", path, 400, "bad_path", f"the path {path}")
    # A raw '..' that no client library would send (nginx refuses it itself: to the instance).
    with socket.create_connection(("127.0.0.1", instances[0].port)) as s:
        s.sendall(b"GET /../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        raw = b""
        while chunk := s.recv(65536):
            raw += chunk
    check(raw.startswith(b"HTTP/1.1 400") and b'"bad_path"' in raw, f"a raw ../ path: {raw[:200]!r}")
    # DNS rebinding (issue 12): a page on another site whose name now points at
    # 127.0.0.1 sends its own Host; the local server answers 421, and nothing else.
    for host in ["attacker.example", f"attacker.example:{server.port}"]:
        status, body = server.json("GET", "/api/session", headers={"Host": host})
        check_error(status, body, 421, "unknown_host", f"Host: {host}")
    status, body = server.json("GET", "/api/session", headers={"Host": f"localhost:{server.port}"})
    check(status == 200, f"Host: localhost is refused: {status}")
    status, body = server.json("GET", "/api/nothing-here")
    check_error(status, body, 404, "not_found", "an unknown API route")
    status, body = server.json("DELETE", "/api/marks")
    check_error(status, body, 405, "method_not_allowed", "DELETE /api/marks")

    # Reviews: the queue, a grade, undo.
    status, queue = server.json("GET", "/api/review/queue?guide=interview-questions/git.md")
    card = queue.get("card") or {}
    check(status == 200 and card.get("id") == q1 and card.get("state") == "new" and len(card.get("intervals", [])) == 4,
          f"the queue's first card: {queue}")
    check(card.get("url") == "/interview-questions/git.html#q1", f"the card's page link: {card.get('url')}")
    status, reviewed = server.json("POST", "/api/reviews?guide=interview-questions/git.md",
                                   body={"card": q1, "rating": 3, "duration_ms": 4200})
    check(status == 201 and reviewed.get("review", {}).get("state") == "learning", f"a Good review: {reviewed}")
    check((reviewed.get("card") or {}).get("id") == q2, f"the next card after the review: {reviewed.get('card')}")
    review_id = reviewed.get("review", {}).get("id", 0)
    # The interval a grade gives is the one its button showed: the fuzz is drawn at the preview.
    status, queue = server.json("GET", "/api/review/queue?guide=interview-questions/linux.md")
    shown = queue.get("card") or {}
    time.sleep(0.05)
    status, easy = server.json("POST", "/api/reviews", body={"card": shown.get("id"), "rating": 4,
                                                              "previewed": shown.get("previewed")})
    check(status == 201 and easy.get("review", {}).get("interval") == shown.get("intervals", [None] * 4)[3],
          f"Easy gave another interval than its button showed: {shown.get('intervals')} {easy.get('review')}")
    status, body = server.json("POST", f"/api/reviews/{easy.get('review', {}).get('id')}/undo", body={})
    check(status == 200, f"undo of the Easy review: {body}")
    status, body = server.json("POST", "/api/reviews", body={"card": q1, "rating": 3, "previewed": "yesterday"})
    check_error(status, body, 400, "wrong_type", "a 'previewed' that is not a time")
    # A grade is the question's mark (one progress): Again marks it for review, undo brings the old mark back.
    status, again = server.json("POST", "/api/reviews", body={"card": q2, "rating": 1})
    check(status == 201, f"an Again review: {again}")
    check(server.json("GET", "/api/marks")[1].get("marks") == {q1: "knew", q2: "review"},
          f"the grades are not the marks: {server.json('GET', '/api/marks')[1]}")
    status, body = server.json("POST", f"/api/reviews/{again.get('review', {}).get('id')}/undo", body={})
    check(status == 200 and server.json("GET", "/api/marks")[1].get("marks") == {q1: "knew"},
          f"undo did not take the grade's mark back: {server.json('GET', '/api/marks')[1]}")
    status, body = server.json("POST", "/api/reviews", body={"card": q1, "rating": 5})
    check_error(status, body, 400, "bad_rating", "a rating of 5")
    status, body = server.json("POST", "/api/reviews", body={"card": q1, "rating": "good"})
    check_error(status, body, 400, "wrong_type", "a rating given as a word")
    status, body = server.json("POST", "/api/reviews", body={"card": "nope/q1", "rating": 3})
    check_error(status, body, 404, "unknown_question", "a review of an unknown card")
    status, body = server.json("GET", "/api/review/queue?guide=nope.md")
    check_error(status, body, 404, "unknown_guide", "the queue of an unknown guide")
    status, body = server.json("POST", f"/api/reviews/{review_id}/undo", body={})
    check(status == 200 and body.get("undone") == review_id, f"undo: {status} {body}")
    status, body = server.json("POST", f"/api/reviews/{review_id}/undo", body={})
    check_error(status, body, 409, "not_undoable", "a second undo")
    status, body = server.json("POST", "/api/reviews/abc/undo", body={})
    check_error(status, body, 400, "bad_id", "undo of a review id that is not a number")
    status, queue = server.json("GET", "/api/review/queue?guide=interview-questions/git.md")
    check((queue.get("card") or {}).get("id") == q1, "after the undo the first card is not new again")

    # Quiz attempts are scored on the server.
    quiz = next(g for g in index if g["path"] == "quiz/git.md")
    responses = []
    for item in quiz["quizzes"]:
        if item["kind"] == "fill":
            responses.append({"item": item["id"], "answer": item["blanks"]})
        else:
            responses.append({"item": item["id"], "answer": [i for i, o in enumerate(item["options"]) if o["correct"]]})
    status, attempt = server.json("POST", "/api/quiz-attempts", body={"quiz": "quiz/git.md", "responses": responses})
    check(status == 201 and attempt.get("score") == len(responses) and attempt.get("verdict") == "advanced",
          f"an all-right attempt: {attempt}")
    check(all(r["correct"] for r in attempt.get("responses", [])), "an all-right attempt has wrong items")
    wrong = [{"item": quiz["quizzes"][0]["id"], "answer": []}]
    status, attempt = server.json("POST", "/api/quiz-attempts", body={"quiz": "quiz/git.md", "responses": wrong})
    check(status == 201 and attempt.get("score") == 0 and attempt.get("verdict") == "beginner", f"a wrong attempt: {attempt}")
    status, body = server.json("POST", "/api/quiz-attempts",
                               body={"quiz": "quiz/git.md", "responses": [{"item": quiz["quizzes"][0]["id"], "answer": [99]}]})
    check_error(status, body, 400, "bad_option", "an option index out of range")
    status, body = server.json("POST", "/api/quiz-attempts", body={"quiz": "quiz/nope.md", "responses": responses})
    check_error(status, body, 404, "unknown_quiz", "an unknown quiz")
    status, body = server.json("POST", "/api/quiz-attempts", body={"quiz": "quiz/git.md", "responses": responses * 2})
    check(status == 400, f"answering each item twice: {status}")
    status, body = server.json("GET", "/api/quiz-attempts")
    check(status == 200 and len(body.get("attempts", [])) == 2, f"the attempts read back: {body}")

    # The level test: the server asks, scores and saves.
    status, started = server.json("POST", "/api/level-tests", body={"scope": "quiz/"})
    check(status == 201 and started.get("item", {}).get("kind") == "quiz" and len(started.get("test", "")) == 32,
          f"starting a level test over the quizzes: {started}")
    quiz_items = {item["id"]: item for g in index for item in g["quizzes"]}
    token, item, asked, result = started.get("test"), started.get("item"), 0, None
    while item and asked < 30:
        bank_item = quiz_items[item["id"]]
        if bank_item["kind"] == "fill":
            answer = bank_item["blanks"]
        else:
            answer = [i for i, o in enumerate(bank_item["options"]) if o["correct"]]
        status, answered = server.json("POST", f"/api/level-tests/{token}/answers", body={"item": item["id"], "answer": answer})
        check(status in (200, 201) and answered.get("answered", {}).get("correct") is True, f"a right answer: {answered}")
        asked += 1
        item = answered.get("item")
        result = answered.get("result")
    check(result is not None and result["verdict"] == "advanced" and 5 <= result["items"] <= 15,
          f"all right answers place the learner Advanced: {result}")
    words = (result or {}).get("words", {})
    check(words.get("level", "").startswith("Advanced, ") and words.get("detail", "").startswith("From ")
          and words.get("scale", "").startswith("\u03b8 = "), f"the result in words: {words}")
    status, levels = server.json("GET", "/api/levels")
    check(status == 200 and levels["levels"][-1]["verdict"] == "advanced", f"the level was not saved: {levels}")
    status, body = server.json("POST", f"/api/level-tests/{token}/answers", body={"item": "x", "answer": [0]})
    check_error(status, body, 404, "unknown_test", "an answer to a finished test")
    status, started = server.json("POST", "/api/level-tests", body={})
    first = started["item"]
    wrong_id = "quiz/git/quiz/nope" if first["kind"] != "quiz" else "interview-questions/git/q1"
    status, body = server.json("POST", f"/api/level-tests/{started['test']}/answers", body={"item": wrong_id, "knew": True})
    check_error(status, body, 409, "not_current", "an answer to another item than the one asked")
    payload = ({"item": first["id"], "knew": "yes"} if first["kind"] == "question"
               else {"item": first["id"], "answer": {"not": "an answer"}})
    status, body = server.json("POST", f"/api/level-tests/{started['test']}/answers", body=payload)
    check_error(status, body, 400, "wrong_type", "a level answer of the wrong type")
    if first["kind"] == "question":
        status, body = server.json("POST", f"/api/level-tests/{started['test']}/answers",
                                   body={"item": first["id"], "rating": 5})
        check_error(status, body, 400, "bad_rating", "a level answer graded 5")
    status, body = server.json("POST", f"/api/level-tests/{started['test']}/stop", body={})
    check(status == 200 and body == {"done": True, "result": None}, f"stopping before any answer: {body}")
    # A study question graded Hard is a pass, as in review (a test over the study guides only).
    status, started = server.json("POST", "/api/level-tests", body={"scope": "interview-questions/"})
    item = started.get("item") or {}
    status, answered = server.json("POST", f"/api/level-tests/{started.get('test')}/answers",
                                   body={"item": item.get("id"), "rating": 2})
    check(status == 200 and answered.get("answered", {}).get("correct") is True, f"Hard is a pass: {status} {answered}")
    status, answered = server.json("POST", f"/api/level-tests/{started.get('test')}/answers",
                                   body={"item": answered.get("item", {}).get("id"), "rating": 1})
    check(status == 200 and answered.get("answered", {}).get("correct") is False, f"Again is not: {status} {answered}")
    # (Left unfinished: stopping would save a level and change the badge checked below.)
    status, body = server.json("POST", "/api/level-tests", body={"scope": "nowhere/"})
    check_error(status, body, 404, "empty_bank", "a level test over nothing")

    # Comments: the author's verified level (the level test above made it Advanced), edit, delete, limits.
    xss = '<img src=x onerror=alert(1)> **bold** [x](javascript:alert(1))'
    status, comment = server.json("POST", "/api/comments", body={"guide": "interview-questions/git.md", "body": xss})
    check(status == 201 and comment.get("level") == {"verdict": "advanced", "source": "level test"},
          f"a comment's badge: {status} {comment}")
    check(comment.get("body") == xss and comment.get("mine") is True, "the comment's text was altered or is not mine")
    status, body = server.json("PUT", f"/api/comments/{comment.get('id')}", body={"body": "edited **text**"})
    check(status == 200 and body.get("body") == "edited **text**" and "edited" in body, f"an edit: {status} {body}")
    status, listed = server.json("GET", "/api/comments?guide=interview-questions/git")
    check(status == 200 and [c["body"] for c in listed.get("comments", [])] == ["edited **text**"],
          f"the guide's comments by its id: {listed}")
    for bad, code, expected in [({"guide": "interview-questions/git.md", "body": "   "}, "bad_comment", 400),
                                ({"guide": "interview-questions/git.md", "body": "x" * 5001}, "bad_comment", 400),
                                ({"guide": "nope.md", "body": "hello"}, "unknown_guide", 404),
                                ({"guide": "interview-questions/git.md", "body": 5}, "wrong_type", 400)]:
        status, body = server.json("POST", "/api/comments", body=bad)
        check_error(status, body, expected, code, f"the comment {str(bad)[:40]}")
    for i in range(4):
        status, body = server.json("POST", "/api/comments", body={"guide": "interview-questions/git.md", "body": f"c{i}"})
        check(status == 201, f"comment {i}: {status} {body}")
    status, body = server.json("POST", "/api/comments", body={"guide": "interview-questions/git.md", "body": "sixth"})
    check_error(status, body, 429, "too_many_comments", "a sixth comment within a minute")
    status, body = server.json("DELETE", f"/api/comments/{comment.get('id')}")
    check(status == 200 and body == {"deleted": comment.get("id")}, f"delete: {status} {body}")
    status, body = server.json("DELETE", f"/api/comments/{comment.get('id')}")
    check_error(status, body, 404, "unknown_comment", "deleting a deleted comment")
    r, svg = server.request("GET", "/api/levels.svg?guide=interview-questions/git.md")
    check(r.status == 200 and r.getheader("Content-Type") == "image/svg+xml" and b"1 advanced" in svg,
          f"the level chart: {r.status} {svg[:300]!r}")

    # Author analytics: reveals, Knew-it share, FSRS difficulty; item analysis; CSV.
    for _ in range(3):
        r, _ = server.request("POST", f"/api/reveals/{q1}", body={})
        check(r.status == 204, f"a reveal: {r.status}")
    status, body = server.json("POST", "/api/reveals/nope/q1", body={})
    check_error(status, body, 404, "unknown_question", "a reveal of an unknown question")
    status, analytics = server.json("GET", "/api/analytics")
    question = next((q for q in analytics.get("questions", []) if q["id"] == q1), {})
    check(status == 200 and question.get("reveals") == 3 and question.get("knew_share") == 1.0,
          f"the question's analytics: {question}")
    git_items = [i for i in analytics.get("quiz_items", []) if i["guide"] == "quiz/git.md"]
    check(len(git_items) == len(quiz["quizzes"]) and all(i["attempts"] >= 1 for i in git_items),
          f"the quiz items' analytics: {git_items[:2]}")
    first_item = git_items[0] if git_items else {}
    check(first_item.get("attempts") == 2 and first_item.get("share_correct") == 0.5, f"item one: {first_item}")
    r, csv = server.request("GET", "/api/analytics.csv")
    lines = csv.decode().split("\r\n")
    check(r.status == 200 and r.getheader("Content-Type").startswith("text/csv") and lines[0].startswith("kind,id,guide"),
          f"the CSV: {r.status} {lines[:2]}")
    check(any(line.startswith(f"question,{q1},") for line in lines), "the CSV lacks the question")

    # Live reload: a changed guide is re-rendered and long polls hear of it.
    version = server.json("GET", "/api/session")[1]["version"]
    check(isinstance(version, str) and len(version) == 16 and int(version, 16) >= 0,
          f"the pages' version is 16 hex digits of their content: {version!r}")
    check(server.json("GET", "/healthz")[1].get("version") == version, "/healthz names the same version")
    check(server.json("GET", "/api/reload?since=xyz")[0] == 400, "a 'since' that is no version is refused")
    heard = {}

    def long_poll():
        heard["answer"] = server.json("GET", f"/api/reload?since={version}")

    waiter = threading.Thread(target=long_poll)
    waiter.start()
    time.sleep(0.3)
    path = os.path.join(guides, "docs", "interview-questions", "git.md")
    with open(path, "a", encoding="utf-8") as f:
        f.write('\n??? question "99. A question added while serving"\n    The answer.\n')
    waiter.join(15)
    changed = heard.get("answer", (0, {}))[1].get("version")
    check(isinstance(changed, str) and len(changed) == 16 and changed != version, f"the long poll: {heard}")
    # As the page's script asks after a long poll: in the version it heard of
    # (an instance whose watcher is behind waits for it).
    r, body = server.request("GET", f"/interview-questions/git.html?v={changed}")
    check(b"A question added while serving" in body, "the changed guide was not re-rendered")
    check(wait_until(lambda: server.json("GET", "/api/marks")[1].get("marks") == {q1: "knew"}),
          "marks did not survive the reload")

    # Slow clients: headers that never finish are dropped after the idle timeout.
    with socket.create_connection(("127.0.0.1", instances[0].port)) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        s.settimeout(10)
        start = time.time()
        try:
            closed = s.recv(1) == b""
        except (ConnectionResetError, socket.timeout):
            closed = True
        check(closed and time.time() - start < 6, "a slowloris connection was not dropped within the idle timeout")
    huge_header = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n"
    with socket.create_connection(("127.0.0.1", instances[0].port)) as s:
        try:
            s.sendall(huge_header)
            answer = s.recv(100)
        except (ConnectionResetError, BrokenPipeError):
            answer = b""
        check(not answer.startswith(b"HTTP/1.1 200"), "a 100 KB header was served")

    status, health = server.json("GET", "/healthz")
    check(status == 200, "the server is not up after the bad input")
    texts = [metrics_of(i) for i in instances]
    check(any('prepdeck_http_requests_total{route="api",code="4xx"}' in t for t in texts) and
          all("prepdeck_store_writes_total" in t for t in texts), "metrics lack the request and write counters")
    check(all("prepdeck_site_reloads_total 1" in t for t in texts), "metrics do not count the reload")
    # Graceful shutdown: a request in flight at SIGTERM (a long poll) is answered, not cut.
    in_flight = {}

    def last_poll():
        try:
            in_flight["answer"] = server.json("GET", f"/api/reload?since={changed}")
        except OSError as e:
            in_flight["error"] = e

    poller = threading.Thread(target=last_poll)
    poller.start()
    check(wait_until(lambda: long_polls() == 1), "the long poll did not reach the server")
    if nginx:
        served = [i.api_requests() for i in instances]
        check(all(n >= 10 for n in served), f"nginx did not spread the API requests over the instances: {served}")
finally:
    stopped = [i.stop() for i in instances]
    log = "".join(i.access_log() if nginx else i.stderr() for i in instances)
    if nginx:
        nginx.stop()

for (code, out), instance in zip(stopped, instances):
    check(code == 0 and "every acknowledged write is on disk" in out,
          f"SIGTERM: exit {code}, {out!r}; its standard error ends: {instance.stderr()[-3000:]}")
poller.join(10)
# The terminal reads the same database: what the browser recorded is the learner's progress there too.
progress = subprocess.run([prepdeck, "progress", examples, "--db", db, "--json"], capture_output=True, text=True)
try:
    report = json.loads(progress.stdout)
except ValueError:
    report = {}
check(progress.returncode == 0 and "advanced" in json.dumps(report.get("levels", [])),
      f"prepdeck progress does not show the level test taken in the browser: {progress.stdout[:300]} {progress.stderr[:200]}")
check(in_flight.get("answer", (0,))[0] == 200, f"the request in flight at SIGTERM: {in_flight}")
check('"GET /healthz HTTP/1.1" 200' in log, "the access log lacks a request line")
shutil.rmtree(work, ignore_errors=True)
check.finish("api test")
