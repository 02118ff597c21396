#!/usr/bin/env python3
"""The shell completions and the man page, as a shell and man load them.

bash: the script parses (bash -n) and completes commands, options, subcommands
and option values; zsh: the script parses (zsh -n) and defines its function,
when zsh is installed; fish likewise; man: `man -l` renders the page with every
command in it. Usage: completions_test.py PREPDECK
"""
import os
import shutil
import subprocess
import sys
import tempfile

prepdeck = sys.argv[1]
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def output(*args):
    return subprocess.run([prepdeck, *args], capture_output=True, text=True, check=True).stdout


commands = ["check", "stats", "export", "build", "serve", "study", "quiz", "level", "progress", "user", "db",
            "completions", "manpage"]
with tempfile.TemporaryDirectory() as work:
    bash = os.path.join(work, "prepdeck.bash")
    with open(bash, "w") as f:
        f.write(output("completions", "bash"))
    check(subprocess.run(["bash", "-n", bash]).returncode == 0, "bash -n refuses the bash completions")

    def complete(*words):
        quoted = " ".join("'" + w + "'" for w in words)
        script = (f"source {bash}\nCOMP_WORDS=({quoted})\nCOMP_CWORD={len(words) - 1}\n_prepdeck\n"
                  "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
        done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=work)
        check(done.returncode == 0, f"bash completion of {words} failed: {done.stderr}")
        return set(done.stdout.split())

    check(complete("prepdeck", "") >= set(commands) | {"help"}, "bash: the commands")
    check(complete("prepdeck", "ch") == {"check"}, "bash: a command by its start")
    check({"--format", "--strict", "--quiet", "--no-color", "--color"} <= complete("prepdeck", "check", "--"),
          "bash: check's options")
    check(complete("prepdeck", "check", "--format", "") == {"text", "json", "github"}, "bash: --format's values")
    check(complete("prepdeck", "user", "") == {"add", "list", "passwd", "admin", "remove"}, "bash: user's subcommands")
    check("--yes" in complete("prepdeck", "user", "remove", "--"), "bash: user remove's options")
    check(complete("prepdeck", "completions", "--color", "") == {"auto", "always", "never"}, "bash: --color's values")

    zsh = shutil.which("zsh")
    if zsh:
        path = os.path.join(work, "_prepdeck")
        with open(path, "w") as f:
            f.write(output("completions", "zsh"))
        check(subprocess.run([zsh, "-n", path]).returncode == 0, "zsh -n refuses the zsh completions")
        loaded = subprocess.run([zsh, "-f", "-c", f"autoload -Uz compinit && compinit -u && source {path} && "
                                 "whence -w _prepdeck"], capture_output=True, text=True)
        check("function" in loaded.stdout, f"zsh does not load _prepdeck: {loaded.stdout} {loaded.stderr}")
    else:
        print("zsh is not installed: its completions are not loaded here")
    fish = shutil.which("fish")
    if fish:
        path = os.path.join(work, "prepdeck.fish")
        with open(path, "w") as f:
            f.write(output("completions", "fish"))
        check(subprocess.run([fish, "--no-execute", path]).returncode == 0, "fish refuses the fish completions")

    page = os.path.join(work, "prepdeck.1")
    with open(page, "w") as f:
        f.write(output("manpage"))
    shown = subprocess.run(["man", "-l", page], capture_output=True, text=True,
                           env={**os.environ, "MANWIDTH": "100", "MANPAGER": "cat", "PAGER": "cat"})
    check(shown.returncode == 0, f"man -l fails: {shown.stderr}")
    check("warning" not in shown.stderr, f"man -l warns: {shown.stderr}")
    for command in commands:
        check(f"prepdeck {command}" in shown.stdout, f"the man page lacks {command}")
    check("--format" in shown.stdout and "EXIT STATUS" in shown.stdout, "the man page lacks options or exit status")

print(f"completions test: {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
