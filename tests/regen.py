#!/usr/bin/env python3
"""Regenerate the expected outputs of the conformance corpus from CPython 3.11.

For each tests/programs/NAME.py (or each NAME given on the command line, with or
without the .py suffix), run `python3 NAME.py` the way the conformance test runs
`pyheap NAME.py`:

  * cwd = tests/programs, so tracebacks read `File "NAME.py"`;
  * stdin is /dev/null;
  * env: PYTHONHASHSEED=0, PYTHONDONTWRITEBYTECODE=1, LC_ALL=C.UTF-8
    (other locale and PYTHON* variables are removed);
  * timeout 60 s.

and write beside it:

  NAME.out   stdout bytes (always written, possibly empty)
  NAME.err   stderr bytes (only if non-empty; a stale one is deleted)
  NAME.code  exit status as text (only if non-zero; a stale one is deleted)

The runner in crates/pyheap-cli/tests/conformance.rs reads these files: a
missing .err means empty stderr, a missing .code means exit status 0.

Path normalisation: since 3.9 CPython makes the script path absolute, so even
with cwd = tests/programs a traceback reads `File "/abs/.../tests/programs/NAME.py"`.
To keep the stored files independent of where the checkout lives, every
occurrence of "<tests/programs directory>/" in stdout and stderr is replaced by
the empty string (so the traceback reads `File "NAME.py"`). The conformance
runner applies exactly the same replacement to pyheap's output before comparing,
so pyheap may print either the absolute path (as CPython does) or the bare name.

Address normalisation: the collector's debug lines on stderr
(`gc: collectable <TYPE 0x7f...>`, `gc: uncollectable <TYPE 0x7f...>`, printed
under gc.DEBUG_COLLECTABLE / gc.DEBUG_UNCOLLECTABLE) end in an object address,
which differs from run to run; in those lines alone the address becomes `0x?`.
The conformance runner does the same to pyheap's stderr.

Usage:  python3 tests/regen.py [NAME ...]
"""

import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, "programs")
PYTHON = os.environ.get("PYHEAP_ORACLE", "python3")
TIMEOUT_SECONDS = 60


def clean_env():
    env = {
        k: v
        for k, v in os.environ.items()
        if not (k.startswith("PYTHON") or k.startswith("LC_") or k == "LANG" or k == "LANGUAGE")
    }
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["LC_ALL"] = "C.UTF-8"
    return env


def check_oracle(env):
    try:
        out = subprocess.run(
            [PYTHON, "--version"], env=env, capture_output=True, timeout=30
        )
    except OSError as e:
        sys.exit("regen.py: cannot run %s: %s" % (PYTHON, e))
    version = (out.stdout + out.stderr).decode("utf-8", "replace").strip()
    if not version.startswith("Python 3.11."):
        sys.exit("regen.py: refusing to run: need CPython 3.11.x as %s, found %r" % (PYTHON, version))
    return version


def program_names(args):
    if args:
        names = []
        for a in args:
            base = os.path.basename(a)
            if base.endswith(".py"):
                base = base[:-3]
            if not os.path.isfile(os.path.join(PROGRAMS, base + ".py")):
                sys.exit("regen.py: no such program: tests/programs/%s.py" % base)
            names.append(base)
        return names
    return sorted(f[:-3] for f in os.listdir(PROGRAMS) if f.endswith(".py"))


def program_dir_prefixes():
    """The spellings of the programs directory to strip, longest first."""
    prefixes = {os.path.realpath(PROGRAMS) + os.sep, os.path.abspath(PROGRAMS) + os.sep}
    return sorted((p.encode() for p in prefixes), key=len, reverse=True)


def normalize(data):
    for prefix in program_dir_prefixes():
        data = data.replace(prefix, b"")
    return data


GC_DEBUG_LINE = re.compile(rb"^(gc: (?:un)?collectable <[^\n]*) 0x[0-9a-f]+>$", re.M)


def normalize_gc_addresses(data):
    """`gc: collectable <A 0x7f...>` -> `gc: collectable <A 0x?>` (see the module docs)."""
    return GC_DEBUG_LINE.sub(rb"\1 0x?>", data)


def write_or_remove(path, data, keep):
    if keep:
        with open(path, "wb") as f:
            f.write(data)
    elif os.path.exists(path):
        os.remove(path)


def regen_one(name, env):
    """Returns a short status word for the summary."""
    try:
        proc = subprocess.run(
            [PYTHON, name + ".py"],
            cwd=PROGRAMS,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        print("regen.py: %s.py timed out after %d s; outputs left unchanged" % (name, TIMEOUT_SECONDS),
              file=sys.stderr)
        return "timeout"
    base = os.path.join(PROGRAMS, name)
    stdout = normalize(proc.stdout)
    stderr = normalize_gc_addresses(normalize(proc.stderr))
    write_or_remove(base + ".out", stdout, True)
    write_or_remove(base + ".err", stderr, bool(stderr))
    code = proc.returncode
    write_or_remove(base + ".code", ("%d\n" % code).encode(), code != 0)
    return "ok" if code == 0 else "error"


def main():
    env = clean_env()
    version = check_oracle(env)
    names = program_names(sys.argv[1:])
    counts = {"ok": 0, "error": 0, "timeout": 0}
    for name in names:
        counts[regen_one(name, env)] += 1
    print(
        "regen.py: %d programs with %s: %d exit 0, %d non-zero exit, %d timed out"
        % (len(names), version, counts["ok"], counts["error"], counts["timeout"])
    )
    if counts["timeout"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
