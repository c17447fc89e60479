#!/usr/bin/env python3
"""Run the bench/ programs under python3 and pyheap side by side.

For each program (all bench/*.py except this file, or those named on the
command line), run `python3 P` and `pyheap P` N times each (default 3) and
report the best wall time and the peak RSS of the child process (from
os.wait4's rusage, ru_maxrss), plus the time and memory ratios
(pyheap / python3). Both must print the same stdout and exit 0; a mismatch,
a non-zero exit, a timeout or a missing binary is marked in the status
column rather than stopping the run.

These are measurements, not tests: the exit status is 1 if any program
failed or mismatched, 0 otherwise, whatever the ratios are.

Usage:
    python3 bench/run.py [--pyheap PATH] [--python PATH] [-n N] [--timeout S]
                         [PROGRAM ...]

PATH for --pyheap defaults to target/release/pyheap under the repository
root (build it with `cargo build --release`). PROGRAM may be a name
(`binary_trees`), a file name (`binary_trees.py`) or a path.
"""

import argparse
import os
import signal
import sys
import tempfile
import threading
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH_DIR)
DEFAULT_PYHEAP = os.path.join(ROOT, "target", "release", "pyheap")
MIB = 1024 * 1024


class Run:
    """One child run: wall time, peak RSS, exit status, output."""

    def __init__(self, seconds, maxrss_bytes, code, stdout, stderr, timed_out):
        self.seconds = seconds
        self.maxrss_bytes = maxrss_bytes
        self.code = code
        self.stdout = stdout
        self.stderr = stderr
        self.timed_out = timed_out


def clean_env():
    env = {
        k: v
        for k, v in os.environ.items()
        if not (k.startswith("PYTHON") or k.startswith("LC_") or k in ("LANG", "LANGUAGE"))
    }
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["LC_ALL"] = "C.UTF-8"
    return env


# Why the child is not simply spawned from this process: on Linux, exec
# records the old address space's RSS high-water mark into the process's
# ru_maxrss, and a child spawned from here starts in (a copy of) this Python
# process, so every measurement would be at least this runner's own RSS.
# Instead a small /bin/sh starts the program in the background and exits at
# once; the program is then forked from the shell's tiny address space, and,
# because this process is a "child subreaper", the orphaned program becomes
# our child, so os.wait4 gives its own rusage. Where the subreaper cannot be
# set (not Linux), the program is spawned directly and the peak RSS column is
# only an upper bound (a warning is printed).
PR_SET_CHILD_SUBREAPER = 36
LAUNCHER = ["/bin/sh", "-c", '"$@" 3>&- & echo $! >&3', "launcher"]


def become_subreaper():
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0 and os.path.exists(LAUNCHER[0])
    except (OSError, AttributeError):
        return False


SUBREAPER = False


def spawn(argv, env, out, err):
    """Start argv with stdin /dev/null and stdout/stderr to the given files; returns its pid."""
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_DUP2, out.fileno(), 1),
        (os.POSIX_SPAWN_DUP2, err.fileno(), 2),
    ]
    if not SUBREAPER:
        return os.posix_spawnp(argv[0], argv, env, file_actions=actions)
    r, w = os.pipe()
    try:
        actions.append((os.POSIX_SPAWN_DUP2, w, 3))
        launcher = os.posix_spawn(LAUNCHER[0], LAUNCHER + list(argv), env, file_actions=actions)
    finally:
        os.close(w)
    with os.fdopen(r, "rb") as pipe:
        reply = pipe.read()
    os.waitpid(launcher, 0)
    try:
        return int(reply)
    except ValueError:
        raise OSError("launcher did not report a pid (got %r)" % reply)


def run_once(argv, env, timeout):
    """Run argv once, wait with os.wait4, return a Run (or raise OSError if it cannot start)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        pid = spawn(argv, env, out, err)
        timed_out = []

        def kill():
            timed_out.append(True)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, rusage = os.wait4(pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in KiB on Linux.
        return Run(seconds, rusage.ru_maxrss * 1024, code, out.read(), err.read(), bool(timed_out))


def measure(argv, env, repeat, timeout):
    """Best time and peak RSS over `repeat` runs; stops at the first failing run.

    Returns (best Run, error string or None).
    """
    best = None
    peak = 0
    for _ in range(repeat):
        try:
            run = run_once(argv, env, timeout)
        except OSError as e:
            return None, "cannot run: %s" % e
        peak = max(peak, run.maxrss_bytes)
        if run.timed_out:
            return run, "TIMEOUT (%ds)" % timeout
        if run.code != 0:
            return run, "FAIL (exit %d)" % run.code
        if best is None or run.seconds < best.seconds:
            best = run
    best.maxrss_bytes = peak
    return best, None


def first_difference(expected, actual):
    exp = expected.decode("utf-8", "replace").splitlines()
    act = actual.decode("utf-8", "replace").splitlines()
    for i in range(max(len(exp), len(act))):
        e = exp[i] if i < len(exp) else "<no line>"
        a = act[i] if i < len(act) else "<no line>"
        if e != a:
            return "line %d: python3 %r, pyheap %r" % (i + 1, e, a)
    return "outputs differ only in trailing bytes"


def last_line(data):
    lines = data.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else "<no output>"


def resolve_programs(names):
    if not names:
        return sorted(
            os.path.join(BENCH_DIR, f)
            for f in os.listdir(BENCH_DIR)
            if f.endswith(".py") and f != os.path.basename(__file__)
        )
    paths = []
    for name in names:
        candidates = [name, os.path.join(BENCH_DIR, name), os.path.join(BENCH_DIR, name + ".py")]
        for c in candidates:
            if os.path.isfile(c):
                paths.append(os.path.abspath(c))
                break
        else:
            sys.exit("run.py: no such bench program: %s" % name)
    return paths


def fmt_time(run):
    return "%.3f" % run.seconds if run else "-"


def fmt_mib(run):
    return "%.1f" % (run.maxrss_bytes / MIB) if run else "-"


def fmt_ratio(num, den):
    if num is None or den is None or den == 0:
        return "-"
    return "%.2fx" % (num / den)


def main():
    ap = argparse.ArgumentParser(description="Compare pyheap with python3 on bench/ programs.")
    ap.add_argument("programs", nargs="*", help="bench programs (default: all)")
    ap.add_argument("--pyheap", default=DEFAULT_PYHEAP, help="pyheap binary (default: %(default)s)")
    ap.add_argument("--python", default="python3", help="reference interpreter (default: python3)")
    ap.add_argument("-n", "--repeat", type=int, default=3, help="runs per interpreter; best time kept (default 3)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per run before it is killed (default 300)")
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    global SUBREAPER
    SUBREAPER = become_subreaper()
    if not SUBREAPER:
        print("run.py: cannot become a child subreaper; peak RSS includes this runner's own RSS",
              file=sys.stderr)
    env = clean_env()
    pyheap = os.path.abspath(args.pyheap) if os.sep in args.pyheap else args.pyheap
    pyheap_missing = os.sep in pyheap and not os.access(pyheap, os.X_OK)
    if pyheap_missing:
        print("run.py: pyheap binary not found at %s (cargo build --release?)" % pyheap, file=sys.stderr)

    header = ("program", "python3 s", "pyheap s", "time x", "python3 MiB", "pyheap MiB", "mem x", "status")
    rows = []
    notes = []
    problems = 0
    for path in resolve_programs(args.programs):
        name = os.path.basename(path)[:-3]
        print("running %s ..." % name, file=sys.stderr, flush=True)
        py, py_err = measure([args.python, path], env, args.repeat, args.timeout)
        if pyheap_missing:
            ph, ph_err = None, "pyheap missing"
        else:
            ph, ph_err = measure([pyheap, path], env, args.repeat, args.timeout)

        if py_err:
            status = "python3 " + py_err
        elif ph_err:
            status = ph_err
        elif py.stdout != ph.stdout:
            status = "MISMATCH"
            notes.append("%s: %s" % (name, first_difference(py.stdout, ph.stdout)))
        else:
            status = "ok"
        if status != "ok":
            problems += 1
            for who, run in (("python3", py), ("pyheap", ph)):
                if run is not None and (run.code != 0 or run.timed_out) and run.stderr:
                    notes.append("%s: %s stderr: %s" % (name, who, last_line(run.stderr)))
        ok_py = py if not py_err else None
        ok_ph = ph if not ph_err else None
        rows.append((
            name,
            fmt_time(ok_py),
            fmt_time(ok_ph),
            fmt_ratio(ok_ph and ok_ph.seconds, ok_py and ok_py.seconds),
            fmt_mib(ok_py),
            fmt_mib(ok_ph),
            fmt_ratio(ok_ph and ok_ph.maxrss_bytes, ok_py and ok_py.maxrss_bytes),
            status,
        ))

    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]

    def line(cells):
        out = [str(cells[0]).ljust(widths[0])]
        out += [str(c).rjust(w) for c, w in zip(cells[1:-1], widths[1:-1])]
        out.append(str(cells[-1]))
        return "  ".join(out)

    print("best of %d runs; peak RSS of the child (ru_maxrss); ratios are pyheap / python3" % args.repeat)
    print(line(header))
    print(line(["-" * w for w in widths]))
    for r in rows:
        print(line(r))
    for n in notes:
        print("  " + n)
    if problems:
        print("%d of %d programs failed or mismatched" % (problems, len(rows)))
        sys.exit(1)


if __name__ == "__main__":
    main()
