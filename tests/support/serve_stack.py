#!/usr/bin/env python3
"""`prepdeck serve` three ways, for tests written in other languages (the
browser tests): one instance on SQLite, one on PostgreSQL, or three on one
PostgreSQL behind nginx round-robin. All on loopback, ports picked free.

    serve_stack.py WAY PREPDECK GUIDES [SERVE ARGS...]

WAY is sqlite, postgres or cluster. Prints one line of JSON, {"url": ...,
"way": ..., "instances": N}, once every part answers; stops everything
(instances, nginx, its own PostgreSQL, their files) when its standard input
closes or it gets SIGTERM. The instances watch the guides, so a change
reaches each of them; the guides' version is the same on every instance.
"""
import json
import os
import signal
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "server"))

from cluster_support import Nginx, Postgres, cleanup, temp_work  # noqa: E402
from serve_support import Server  # noqa: E402


def start(way, prepdeck, guides, extra, work, parts):
    """Starts the parts, each put first in `parts` (the order to stop them);
    the URL a browser opens and the number of instances."""
    def started(part):
        parts.insert(0, part)
        return part

    if way == "sqlite":
        server = started(Server(prepdeck, guides, os.path.join(work, "progress.db"), "--access-log", "off", *extra))
        return f"http://127.0.0.1:{server.port}", 1
    if way not in ("postgres", "cluster"):
        raise RuntimeError(f"no way '{way}' (sqlite, postgres or cluster)")
    postgres = started(Postgres(work))
    if way == "postgres":
        server = started(Server(prepdeck, guides, postgres.url, "--access-log", "off", *extra))
        return f"http://127.0.0.1:{server.port}", 1
    # The first instance migrates the empty database; the others find it done.
    instances = [started(Server(prepdeck, guides, postgres.url, "--access-log", "off", "--trusted-proxy", "127.0.0.1",
                                *extra)) for _ in range(3)]
    nginx = started(Nginx(work, [s.port for s in instances]))
    return f"http://127.0.0.1:{nginx.port}", len(instances)


def main():
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    way, prepdeck, guides, *extra = sys.argv[1:]
    work = temp_work()
    parts = []

    def stop(*_):
        cleanup(work, *parts)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        url, count = start(way, prepdeck, guides, extra, work, parts)
    except BaseException as e:  # noqa: whatever failed, nothing is left running
        cleanup(work, *parts)
        print(f"serve_stack: {e}", file=sys.stderr)
        sys.exit(1)
    print(json.dumps({"url": url, "way": way, "instances": count}), flush=True)
    sys.stdin.read()  # until the test closes it
    stop()


if __name__ == "__main__":
    main()
