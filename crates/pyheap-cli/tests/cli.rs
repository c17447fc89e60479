//! The command line: python3's habits (`-c`, stdin, missing files, exit status) and
//! pyheap's own flags (`--max-memory`, `--heap-stats`).

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn pyheap(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pyheap"))
        .args(args)
        .env("PYTHONHASHSEED", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pyheap");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).expect("write stdin");
    }
    drop(input);
    child.wait_with_output().expect("wait for pyheap")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn dash_c_runs_code_with_argv() {
    let out = pyheap(&["-c", "import sys; print(sys.argv)", "a", "b"], None);
    assert_eq!(text(&out.stdout), "['-c', 'a', 'b']\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn program_from_stdin() {
    let out = pyheap(&[], Some("print('from stdin', 6 * 7)\n"));
    assert_eq!(text(&out.stdout), "from stdin 42\n");
}

#[test]
fn uncaught_exception_exits_1_with_a_traceback() {
    let out = pyheap(&["-c", "1/0"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nZeroDivisionError: division by zero\n"
    );
}

#[test]
fn sys_exit_status() {
    assert_eq!(
        pyheap(&["-c", "import sys; sys.exit(3)"], None)
            .status
            .code(),
        Some(3)
    );
    let out = pyheap(&["-c", "raise SystemExit('bye')"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), "bye\n");
}

#[test]
fn missing_file_exits_2() {
    let out = pyheap(&["/nonexistent/prog.py"], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "pyheap: can't open file '/nonexistent/prog.py': [Errno 2] No such file or directory\n"
    );
}

/// With a hard limit, an allocation that would pass it is a catchable MemoryError and the
/// program goes on allocating within the limit.
#[test]
fn memory_limit_raises_a_catchable_memory_error() {
    let program = "\
try:
    x = [0] * (10 ** 8)
except MemoryError:
    print('caught MemoryError')
chunks = []
try:
    while True:
        chunks.append('x' * 100000)
except MemoryError:
    n = len(chunks)
    chunks = None
    print('filled the heap, then freed it:', n > 10)
print(sum(range(1000)))
";
    let out = pyheap(&["--max-memory", "64M", "-c", program], None);
    assert_eq!(
        text(&out.stdout),
        "caught MemoryError\nfilled the heap, then freed it: True\n499500\n"
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
}

#[test]
fn heap_stats_report_no_leaks_for_a_finished_program() {
    let out = pyheap(&["--heap-stats", "-c", "l = [[i] for i in range(1000)]\nd = {i: str(i) for i in range(500)}\nprint(len(l), len(d))"], None);
    assert_eq!(text(&out.stdout), "1000 500\n");
    let err = text(&out.stderr);
    assert!(
        err.starts_with("pyheap: heap peak ") && err.contains("; 0 blocks left at exit"),
        "{err}"
    );
}
