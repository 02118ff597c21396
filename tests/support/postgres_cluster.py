#!/usr/bin/env python3
"""A throwaway PostgreSQL for the tests: Debian's initdb and pg_ctl.

    postgres_cluster.py start STATE   # prints the URL; STATE (a JSON file) says how to stop it
    postgres_cluster.py stop STATE
    postgres_cluster.py pause STATE   # stops the server, keeping its data (fault tests)
    postgres_cluster.py resume STATE  # starts it again on the same port

The cluster lives in a fresh folder under the system's temporary folder,
listens on 127.0.0.1 at a free port and on a socket in that folder only, and
trusts local connections (nothing but this machine's loopback reaches it).
As root, initdb and pg_ctl run as the `postgres` user (initdb refuses root).
`stop` stops it and removes the folder. ctest starts one for the whole run
(the `postgres` fixture); a test run by hand starts its own.
"""
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time


def bindir():
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(candidate, "pg_ctl")):
            return candidate
    sys.exit("postgres_cluster: no PostgreSQL server (Debian package postgresql; make deps installs it)")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_owner(args):
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"] + args
    return args


def start(state_path):
    stop(state_path)  # a cluster an interrupted run left behind
    bin_dir = bindir()
    root = tempfile.mkdtemp(prefix="prepdeck-pg-")
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data = os.path.join(root, "data")
    subprocess.run(as_owner([os.path.join(bin_dir, "initdb"), "-D", data, "-U", "postgres", "--auth=trust",
                             "-E", "UTF8", "--locale=C", "--no-sync"]),
                   check=True, stdout=subprocess.DEVNULL)
    last_error = ""
    for _ in range(5):  # the free port may be taken between the check and the start
        port = free_port()
        options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} "
                   "-c max_connections=300 -c fsync=on -c synchronous_commit=on")
        state = {"root": root, "data": data, "port": port, "bin": bin_dir, "options": options,
                 "url": f"postgresql://postgres@127.0.0.1:{port}/postgres"}
        started = pg_ctl_start(state)
        if started.returncode == 0:
            url = state["url"]
            with open(state_path, "w") as f:
                json.dump(state, f)
            print(url)
            return
        last_error = started.stderr
        time.sleep(0.2)
    shutil.rmtree(root, ignore_errors=True)
    sys.exit(f"postgres_cluster: PostgreSQL did not start: {last_error}")


def pg_ctl_start(state):
    return subprocess.run(as_owner([os.path.join(state["bin"], "pg_ctl"), "-D", state["data"], "-l",
                                    os.path.join(state["root"], "log"), "-o", state["options"], "-w", "-t", "30",
                                    "start"]),
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def pause(state_path):
    with open(state_path) as f:
        state = json.load(f)
    subprocess.run(as_owner([os.path.join(state["bin"], "pg_ctl"), "-D", state["data"], "-m", "fast", "-w", "stop"]),
                   check=True, stdout=subprocess.DEVNULL)


def resume(state_path):
    with open(state_path) as f:
        state = json.load(f)
    started = pg_ctl_start(state)
    if started.returncode != 0:
        sys.exit(f"postgres_cluster: PostgreSQL did not start again: {started.stderr}")


def stop(state_path):
    try:
        with open(state_path) as f:
            state = json.load(f)
    except FileNotFoundError:
        return
    subprocess.run(as_owner([os.path.join(state["bin"], "pg_ctl"), "-D", state["data"], "-m", "immediate", "-w",
                             "stop"]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.rmtree(state["root"], ignore_errors=True)
    os.remove(state_path)


def main():
    actions = {"start": start, "stop": stop, "pause": pause, "resume": resume}
    if len(sys.argv) != 3 or sys.argv[1] not in actions:
        sys.exit(__doc__)
    actions[sys.argv[1]](os.path.abspath(sys.argv[2]))


if __name__ == "__main__":
    main()
