#!/usr/bin/env python3
"""prepdeck db: migrate, dump and copy, between SQLite and PostgreSQL.

A learner's progress made in the terminal and an account go from a SQLite
file to PostgreSQL and back: the canonical dumps of all three are the same
bytes. A non-empty target is refused unless --replace; a database that
cannot be reached is exit 2 without the URL's password; libpq is loaded
only then, not linked. Needs the run's
throwaway PostgreSQL (ctest's `postgres` fixture: PREPDECK_TEST_POSTGRES).
Usage: db_test.py PREPDECK EXAMPLES
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

prepdeck, examples = sys.argv[1:3]
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def run(*args, stdin=None, env=None):
    return subprocess.run([prepdeck, *args], input=stdin, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


# libpq is loaded when a PostgreSQL URL is opened, not linked: its twenty
# shared libraries would cost every start-up ~10 ms (store/postgres/libpq.h).
needed = subprocess.run(["readelf", "-d", prepdeck], capture_output=True, text=True).stdout
check("Shared library" in needed and "libpq" not in needed, "prepdeck links libpq at start-up")

with open(os.environ["PREPDECK_TEST_POSTGRES"]) as f:
    server = json.load(f)["url"]
schema = f"dbtest{os.getpid()}"
subprocess.run(["psql", "-X", "-q", server, "-c", f"CREATE SCHEMA {schema}"], check=True)
pg = f"{server}?options=-csearch_path%3D{schema}"
work = tempfile.mkdtemp(prefix="prepdeck-db-")
try:
    local = os.path.join(work, "local.db")
    back = os.path.join(work, "back.db")
    check(run("user", "add", "ana", "--admin", "--db", local, stdin="a long password\n").returncode == 0, "user add")
    studied = run("study", examples, "--db", local, stdin="3\n3\n1\nq\n", env={"PREPDECK_NOW": "2026-12-01T09:00:00Z"})
    check(studied.returncode == 0, f"study: {studied.stderr}")

    migrated = run("db", "migrate", "--db", pg)
    check(migrated.returncode == 0 and "schema version" in migrated.stdout, f"db migrate: {migrated.stderr}")
    there = run("db", "copy", local, pg)
    check(there.returncode == 0 and "2 users" in there.stdout and "3 reviews" in there.stdout,
          f"db copy to PostgreSQL: {there.stdout} {there.stderr}")
    again = run("db", "copy", local, pg)
    check(again.returncode == 2 and "--replace" in again.stderr, f"a non-empty target was not refused: {again.stderr}")
    home = run("db", "copy", pg, back)
    check(home.returncode == 0, f"db copy back to SQLite: {home.stderr}")

    dumps = {}
    for name, url in [("local", local), ("postgres", pg), ("back", back)]:
        out = os.path.join(work, f"{name}.json")
        dumped = run("db", "dump", "--db", url, "-o", out)
        check(dumped.returncode == 0, f"db dump {name}: {dumped.stderr}")
        with open(out, "rb") as f:
            dumps[name] = f.read()
    check(dumps["local"] == dumps["postgres"] == dumps["back"], "the round trip SQLite -> PostgreSQL -> SQLite changed the data")
    d = json.loads(dumps["local"])
    check(d["format"] == "prepdeck.db/1" and len(d["tables"]["reviews"]["rows"]) == 3,
          f"the dump does not hold the reviews: {list(d['tables'])}")
    check(run("db", "dump", "--db", pg).stdout.encode() == dumps["postgres"], "dump to a file and to stdout differ")

    # Progress continues on PostgreSQL: the terminal reads the copied cards.
    progress = run("progress", examples, "--db", pg, "--format", "json")
    check(progress.returncode == 0 and len(json.loads(progress.stdout).get("cards", [])) == 3,
          f"progress on the copy: {progress.stdout[:200]} {progress.stderr}")

    replaced = run("db", "copy", back, pg, "--replace")
    check(replaced.returncode == 0, f"--replace: {replaced.stderr}")
    check(run("db", "dump", "--db", pg).stdout.encode() == dumps["local"], "--replace did not give the same data")
    check(run("user", "add", "bob", "--db", pg, stdin="another password\n").returncode == 0,
          "an account added after the copy (ids go on after the largest)")

    for bad in ["postgresql://ana:s3cret-pw@127.0.0.1:1/x", "mysql://ana:s3cret-pw@h/x"]:
        for args in (["db", "migrate", "--db", bad], ["db", "dump", "--db", bad], ["db", "copy", local, bad]):
            r = run(*args)
            check(r.returncode == 2 and "s3cret-pw" not in r.stdout + r.stderr and "***" in r.stderr,
                  f"{' '.join(args[:2])} {bad}: exit {r.returncode}: {r.stderr}")
    check(run("db", "copy", local, local).returncode == 2, "copying a database onto itself")
finally:
    shutil.rmtree(work, ignore_errors=True)
    subprocess.run(["psql", "-X", "-q", server, "-c", f"DROP SCHEMA {schema} CASCADE"], capture_output=True)

print(f"db test: {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
