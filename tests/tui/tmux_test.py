#!/usr/bin/env python3
"""prepdeck study in a real terminal: tmux runs it in an 80x40 pane and the
test types keys and reads the screen (raw single keys, colour, NO_COLOR,
Ctrl-C restoring the terminal). The screens go to ARTIFACTS/*.txt.

usage: tmux_test.py PREPDECK EXAMPLES ARTIFACTS
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

prepdeck, examples, artifacts = (os.path.abspath(p) for p in sys.argv[1:4])
if shutil.which("tmux") is None:
    print("tmux is not installed (scripts/install-deps installs it)")
    sys.exit(1)
os.makedirs(artifacts, exist_ok=True)
work = tempfile.mkdtemp(prefix="prepdeck-tmux-")
socket = f"prepdeck-test-{os.getpid()}"
failures = []
session = {"name": "", "count": 0}


def tmux(*args, check=True):
    done = subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise RuntimeError(f"tmux {' '.join(args[:3])} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def screen(escapes=False):
    return tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", session["name"])


def wait_for(text, seconds=10):
    end = time.time() + seconds
    while time.time() < end:
        shown = screen()
        if text in shown:
            return shown
        time.sleep(0.05)
    failures.append(f"timed out waiting for {text!r}; the screen:\n{screen()}")
    return screen()


def keys(*names):
    tmux("send-keys", "-t", session["name"], *names)


def start(command, env=""):
    if session["name"]:
        tmux("kill-session", "-t", session["name"], check=False)
    session["count"] += 1
    session["name"] = f"t{session['count']}"
    shell = (f"cd {work} && env PREPDECK_NOW=2026-12-01T09:00:00Z TZ=UTC {env} {command}; "
             f"echo EXIT=$?; stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo; sleep 60")
    tmux("new-session", "-d", "-s", session["name"], "-x", "80", "-y", "40", shell)


def save(name, text):
    with open(os.path.join(artifacts, name), "w", encoding="utf-8") as f:
        f.write(text)


db = os.path.join(work, "progress.db")
study = f"{prepdeck} study {examples} --db {db} --no-fuzz"
try:
    # A session that lives for the whole test keeps the tmux server up: when a
    # test's session is killed, the next one must not race the server's exit.
    tmux("new-session", "-d", "-s", "keeper", "-x", "80", "-y", "40", "sleep 3600")
    # Single keys: space reveals, 3 grades Good, q quits; colour on a terminal.
    start(study)
    first = wait_for("space: show the answer")
    save("study-question.txt", first)
    if "\x1b[" not in screen(escapes=True):
        failures.append("no colour on a terminal")
    keys("3")  # a grade before the answer is refused
    wait_for("Show the answer first")
    keys("Space")
    revealed = wait_for("1 Again")
    save("study-answer.txt", revealed)
    save("study-answer-colour.txt", screen(escapes=True))
    for key in ["3", "Space", "1", "u"]:
        keys(key)
        time.sleep(0.3)
    wait_for("Grade taken back")
    keys("Space")
    wait_for("4 Easy")
    keys("4")
    time.sleep(0.3)
    keys("q")
    done = wait_for("EXIT=0")
    save("study-summary.txt", done)
    if "Reviewed 2 cards: 0 again, 0 hard, 1 good, 1 easy" not in done.replace("\n", " "):
        failures.append("the summary does not count one Good and one Easy:\n" + done)
    if "-icanon" in done or "-echo" in done:
        failures.append("the terminal was left in raw mode:\n" + done)
    for line in done.splitlines():
        if len(line.rstrip()) > 80:
            failures.append(f"a line is wider than 80 columns: {line!r}")

    # NO_COLOR: no escape sequences at all.
    start(study, "NO_COLOR=1")
    wait_for("space: show the answer")
    if "\x1b[" in screen(escapes=True):
        failures.append("NO_COLOR still gave colour")

    # Ctrl-C: the session ends with its summary and the terminal is restored.
    start(study)
    wait_for("space: show the answer")
    keys("Space")
    wait_for("1 Again")
    keys("C-c")
    interrupted = wait_for("EXIT=")
    save("study-ctrl-c.txt", interrupted)
    if "Nothing reviewed." not in interrupted or "EXIT=0" not in interrupted:
        failures.append("Ctrl-C did not end the session cleanly:\n" + interrupted)
    if "-icanon" in interrupted or "-echo" in interrupted:
        failures.append("Ctrl-C left the terminal in raw mode:\n" + interrupted)

    # Grades as FSRS and Anki mean them: Hard is a pass (remembered), Again is
    # confirmed with ↻, never with a check mark.
    start(f"{prepdeck} study {examples} --db {os.path.join(work, 'grades.db')} --no-fuzz")
    wait_for("space: show the answer")
    keys("Space")
    wait_for("1 Again")
    keys("2")
    hard = wait_for("Hard: next")
    keys("Space")
    wait_for("1 Again")
    keys("1")
    again = wait_for("Again: next")
    save("study-grades.txt", again)
    if "\u2713 Hard: next" not in hard:
        failures.append("Hard is not confirmed as a pass (\u2713):\n" + hard)
    if "\u21bb Again: next" not in again or "\u2713 Again" in again:
        failures.append("Again is not confirmed with \u21bb:\n" + again)
    keys("q")
    graded = wait_for("EXIT=0")
    save("study-grades-summary.txt", graded)
    if "1 again, 1 hard, 0 good, 0 easy (50% remembered)" not in graded.replace("\n", " "):
        failures.append("the summary does not count Hard as remembered:\n" + graded)

    # The level test: the four grades, and a result in words.
    start(f"{prepdeck} level {examples} --db {db} --max-items 5")
    wait_for("Question 1")
    graded = False
    for _ in range(200):
        text = screen()
        if "EXIT=" in text:
            break
        lines = [line.rstrip() for line in text.splitlines() if line.strip()]
        last = lines[-1] if lines else ""
        if last.endswith("(q stops):"):
            graded = graded or "1 Again, 2 Hard, 3 Good, 4 Easy" in last
            keys("2")  # Hard: a pass
        elif "space: show the answer" in last:
            keys("Space")
        elif last.endswith("quits):"):
            keys("1", "Enter") if "Enter" in last or "missing word" in last else keys("1")
        else:
            time.sleep(0.05)
            continue
        time.sleep(0.25)
    if not graded:
        failures.append("the level test did not ask for the four grades")
    level = wait_for("EXIT=")
    save("level-result.txt", level)
    flat = " ".join(level.split())
    if not re.search(r"Your level: (Beginner|Intermediate|Advanced), (sure|fairly sure|not yet sure)\. From 5 "
                     r"questions;", flat):
        failures.append("the level result is not in words:\n" + level)
    if "on the test's ability scale" not in flat:
        failures.append("the level result lacks its estimate:\n" + level)

    # The level test and a quiz take single keys too.
    start(f"{prepdeck} quiz {examples}/docs/quiz/git.md --db {db}")
    wait_for("Your answer (1-3")
    keys("1")
    quiz = wait_for("Right.")
    save("quiz-answer.txt", quiz)
    keys("q")
    wait_for("EXIT=0")
finally:
    tmux("kill-server", check=False)
    shutil.rmtree(work, ignore_errors=True)

for f in failures:
    print("FAIL:", f)
print(f"tmux test: {len(failures)} failure(s); screens in {artifacts}")
sys.exit(1 if failures else 0)
