"""Starting and stopping a real `prepdeck serve` on loopback for the tests."""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, prepdeck, guides, db, *extra, threads=2, port=None):
        self.port = port or free_port()
        self.log = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen(
            [prepdeck, "serve", guides, "--db", db, "--port", str(self.port), "--threads", str(threads), *extra],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.proc.stdout.readline()  # "Serving ..."
        if not line.startswith("Serving"):
            raise RuntimeError(f"the server did not start: {line!r} {self.stderr()}")
        self.proc.stdout.readline()  # "Open http://..."
        self.csrf = None

    def stderr(self):
        self.log.seek(0)
        return self.log.read()

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def request(self, method, path, body=None, headers=None, csrf=True, raw=False):
        headers = dict(headers or {})
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body)
            headers.setdefault("Content-Type", "application/json")
        if csrf and method in ("POST", "PUT", "DELETE"):
            if self.csrf is None:
                self.csrf = self.json("GET", "/api/session")[1]["csrf"]
            headers.setdefault("X-CSRF-Token", self.csrf)
        c = self.connection()
        c.request(method, path, body=body, headers=headers)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r, data

    def json(self, method, path, body=None, **kw):
        r, data = self.request(method, path, body, **kw)
        if r.getheader("Content-Type", "").startswith("application/json"):
            return r.status, json.loads(data)
        return r.status, data

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            out, _ = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
        return self.proc.returncode, out


class Checks:
    """Counts checks and keeps the failed ones: check(condition, message)."""

    def __init__(self):
        self.failures, self.count = [], 0

    def __call__(self, condition, message):
        self.count += 1
        if not condition:
            self.failures.append(message)

    def finish(self, name):
        for f in self.failures:
            print("FAIL:", f)
        print(f"{name}: {self.count} checks, {len(self.failures)} failure(s)")
        sys.exit(1 if self.failures else 0)


def copy_examples(examples):
    work = tempfile.mkdtemp(prefix="prepdeck-serve-")
    guides = os.path.join(work, "examples")
    shutil.copytree(examples, guides, ignore=shutil.ignore_patterns("site"))
    return work, guides


def test_database(work):
    """The database a test's servers share: with PREPDECK_TEST_DB=postgres (or cluster), a
    fresh schema on the run's throwaway PostgreSQL (ctest's `postgres`
    fixture; PREPDECK_TEST_POSTGRES names its state file), else an SQLite file
    in `work`."""
    if os.environ.get("PREPDECK_TEST_DB", "sqlite") not in ("postgres", "cluster"):
        return os.path.join(work, "progress.db")
    with open(os.environ["PREPDECK_TEST_POSTGRES"]) as f:
        server = json.load(f)["url"]
    schema = "s" + os.path.basename(work).replace("-", "_").lower()
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", server, "-c", f"CREATE SCHEMA {schema}"],
                   check=True, stdout=subprocess.DEVNULL)
    return f"{server}?options=-csearch_path%3D{schema}"


def exported(prepdeck, guides):
    out = subprocess.run([prepdeck, "export", guides], capture_output=True, text=True, check=True).stdout
    return json.loads(out)["guides"]


def wait_until(predicate, seconds=10):
    end = time.time() + seconds
    while time.time() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False
