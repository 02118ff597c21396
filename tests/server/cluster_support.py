"""Several `prepdeck serve` instances on one PostgreSQL behind nginx, on loopback.

A PostgreSQL of the test's own (tests/support/postgres_cluster.py; the fault
tests stop and start it), N instances on free ports, and Debian's nginx in
front of them, round-robin with no sticky sessions: each request of a
learner may land on any instance.
"""
import os
import shutil
import signal
import subprocess
import tempfile
import time

from serve_support import Server, free_port

HERE = os.path.dirname(os.path.abspath(__file__))
CLUSTER_SCRIPT = os.path.join(HERE, "..", "support", "postgres_cluster.py")


class Postgres:
    def __init__(self, work):
        self.state = os.path.join(work, "postgres.json")
        out = subprocess.run(["python3", CLUSTER_SCRIPT, "start", self.state], check=True, capture_output=True,
                             text=True)
        self.url = out.stdout.strip()

    def pause(self):
        subprocess.run(["python3", CLUSTER_SCRIPT, "pause", self.state], check=True)

    def resume(self):
        subprocess.run(["python3", CLUSTER_SCRIPT, "resume", self.state], check=True)

    def sql(self, query):
        out = subprocess.run(["psql", "-X", "-q", "-t", "-A", self.url, "-c", query], check=True, capture_output=True,
                             text=True)
        return out.stdout.strip()

    def stop(self):
        subprocess.run(["python3", CLUSTER_SCRIPT, "stop", self.state], capture_output=True)


class Instance(Server):
    """One `prepdeck serve`, restartable on the same port."""

    def __init__(self, prepdeck, guides, db, port, log, *extra, watch=False):
        self.args = (prepdeck, guides, db, port, log, *extra)
        self.port = port
        self.log_path = log
        self.watching = () if watch else ("--no-watch",)
        super().__init__(prepdeck, guides, db, "--access-log", log, *self.watching, *extra, port=port)

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def restart(self):
        prepdeck, guides, db, port, log, *extra = self.args
        super().__init__(prepdeck, guides, db, "--access-log", log, *self.watching, *extra, port=port)

    def access_log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def api_requests(self):
        with open(self.log_path, errors="replace") as f:
            return sum(1 for line in f if '"GET /api/' in line or '"POST /api/' in line or '"PUT /api/' in line)


class Nginx:
    def __init__(self, work, upstream_ports):
        self.dir = os.path.join(work, "nginx")
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port()
        servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=0;" for p in upstream_ports)
        user = "user root;" if os.geteuid() == 0 else ""
        conf = f"""{user}
worker_processes 1;
error_log {self.dir}/error.log warn;
pid {self.dir}/nginx.pid;
events {{ worker_connections 512; }}
http {{
  access_log off;
  client_body_temp_path {self.dir}/body;
  proxy_temp_path {self.dir}/proxy;
  fastcgi_temp_path {self.dir}/fastcgi;
  uwsgi_temp_path {self.dir}/uwsgi;
  scgi_temp_path {self.dir}/scgi;
  upstream prepdeck {{
{servers}
    keepalive 16;
  }}
  server {{
    listen 127.0.0.1:{self.port};
    client_max_body_size 2m;
    location / {{
      proxy_pass http://prepdeck;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_next_upstream error timeout;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
    }}
  }}
}}
"""
        self.conf = os.path.join(self.dir, "nginx.conf")
        with open(self.conf, "w") as f:
            f.write(conf)
        self.proc = subprocess.Popen(["nginx", "-c", self.conf, "-p", self.dir, "-g", "daemon off;"],
                                     stderr=subprocess.PIPE, text=True)
        end = time.time() + 10
        import socket
        while time.time() < end:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"nginx did not start: {self.proc.stderr.read()}")
                time.sleep(0.05)
        raise RuntimeError("nginx did not listen")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Front(Server):
    """The load balancer, as a client sees it: a Server whose port is nginx's."""

    def __init__(self, port):  # noqa: the base starts a process; this one only talks
        self.port = port
        self.csrf = None


def start_instances(prepdeck, guides, db, work, count, *extra, watch=False):
    """Starts `count` instances at the same moment (an empty database is migrated once among them);
    with `watch`, each reloads when a guide changes."""
    import threading
    ports = [free_port() for _ in range(count)]
    instances = [None] * count
    errors = []

    def one(i):
        try:
            instances[i] = Instance(prepdeck, guides, db, ports[i], os.path.join(work, f"access-{i}.log"), *extra,
                                    watch=watch)
        except Exception as e:  # noqa: reported below
            errors.append(str(e))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        for s in instances:
            if s is not None:
                s.stop()
        raise RuntimeError("; ".join(errors))
    return instances


def cleanup(work, *things):
    for t in things:
        if t is not None:
            try:
                t.stop()
            except Exception:  # noqa: everything is torn down regardless
                pass
    shutil.rmtree(work, ignore_errors=True)


def temp_work():
    return tempfile.mkdtemp(prefix="prepdeck-cluster-")
