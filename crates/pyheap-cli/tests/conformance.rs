//! Conformance: `pyheap NAME.py` must behave exactly like `python3 NAME.py`.
//!
//! The corpus is `tests/programs/*.py` at the workspace root. Beside each
//! program, `tests/regen.py` stores what CPython 3.11 did:
//!
//! - `NAME.out`  — stdout bytes (always present);
//! - `NAME.err`  — stderr bytes (absent means empty stderr);
//! - `NAME.code` — exit status as text (absent means 0).
//!
//! This test runs the built `pyheap` binary on every program the same way
//! `regen.py` runs `python3` (cwd `tests/programs`, argument `NAME.py`, stdin
//! `/dev/null`, `PYTHONHASHSEED=0`, `PYTHONDONTWRITEBYTECODE=1`,
//! `LC_ALL=C.UTF-8`, other `PYTHON*`/locale variables removed, 60 s timeout)
//! and compares stdout, stderr and exit status byte for byte. All programs
//! run (two at a time); the test then fails once, listing every failing
//! program with the first differing lines.
//!
//! Path normalisation: CPython makes the script path absolute, so its
//! tracebacks name `/abs/path/tests/programs/NAME.py`. `regen.py` strips the
//! programs directory prefix (`<dir>/`) from stdout and stderr, and this test
//! strips it from pyheap's output in the same way, so the stored files do not
//! depend on where the checkout lives.
//!
//! Address normalisation: the collector's debug lines on stderr
//! (`gc: collectable <A 0x7f...>`, `gc: uncollectable <...>`, printed under
//! `gc.DEBUG_COLLECTABLE`/`gc.DEBUG_UNCOLLECTABLE`) end in an object address;
//! `regen.py` writes that address as `0x?`, and this test does the same to
//! pyheap's stderr.
//!
//! Environment knobs:
//!
//! - `PYHEAP_TEST_FILTER=substring` — run only programs whose file name
//!   contains `substring`;
//! - `PYHEAP_TEST_ARGS="--flag ..."` — extra arguments (split on whitespace)
//!   inserted before the file name, e.g. `--debug-heap` to run the corpus
//!   under the debug heap.
//!
//! Regenerate expectations with `python3 tests/regen.py [NAME ...]`.

use std::fmt::Write as _;
use std::fs;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

/// How long one program may run before it is killed.
const TIMEOUT: Duration = Duration::from_secs(60);
/// How many programs run at once.
const PARALLEL_JOBS: usize = 2;
/// How often a running child is polled for exit.
const POLL_INTERVAL: Duration = Duration::from_millis(5);
/// Lines of each side shown in a diff hunk before it is cut short.
const DIFF_LINES_SHOWN: usize = 8;
/// Lines of unchanged context shown before the first difference.
const DIFF_CONTEXT_LINES: usize = 2;

/// What one run produced (or what CPython produced, read from disk).
struct Outcome {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    /// Exit status; a death by signal N is `-N`, as Python's `returncode`.
    code: i32,
}

/// Why a program failed; `None` in the results means it passed.
type Failure = String;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..")
}

fn programs_dir() -> PathBuf {
    let dir = workspace_root().join("tests").join("programs");
    fs::canonicalize(&dir)
        .unwrap_or_else(|e| panic!("cannot find the corpus at {}: {e}", dir.display()))
}

/// The corpus program names (`NAME.py`), sorted, after `PYHEAP_TEST_FILTER`.
fn program_names(dir: &Path, filter: Option<&str>) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("readable directory entry").file_name())
        .filter_map(|name| name.into_string().ok())
        .filter(|name| name.ends_with(".py"))
        .filter(|name| filter.is_none_or(|f| name.contains(f)))
        .collect();
    names.sort();
    names
}

fn extra_args() -> Vec<String> {
    std::env::var("PYHEAP_TEST_ARGS")
        .map(|s| s.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default()
}

/// The spellings of the programs directory (with trailing `/`) to strip from
/// output, longest first; see the module docs.
fn dir_prefixes(dir: &Path) -> Vec<Vec<u8>> {
    let mut prefixes: Vec<Vec<u8>> = Vec::new();
    let spellings = [
        Some(dir.to_path_buf()),
        std::path::absolute(workspace_root().join("tests/programs")).ok(),
    ];
    for path in spellings.into_iter().flatten() {
        let mut bytes = path.into_os_string().into_encoded_bytes();
        bytes.push(b'/');
        if !prefixes.contains(&bytes) {
            prefixes.push(bytes);
        }
    }
    prefixes.sort_by_key(|p| std::cmp::Reverse(p.len()));
    prefixes
}

fn strip_all(data: &[u8], prefixes: &[Vec<u8>]) -> Vec<u8> {
    let mut data = data.to_vec();
    for prefix in prefixes {
        let mut out = Vec::with_capacity(data.len());
        let mut i = 0;
        while i < data.len() {
            if data[i..].starts_with(prefix) {
                i += prefix.len();
            } else {
                out.push(data[i]);
                i += 1;
            }
        }
        data = out;
    }
    data
}

/// `gc: collectable <A 0x7f...>` -> `gc: collectable <A 0x?>`, in those lines only.
fn normalize_gc_addresses(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    for line in data.split_inclusive(|&b| b == b'\n') {
        let (body, newline) = match line.strip_suffix(b"\n") {
            Some(body) => (body, &b"\n"[..]),
            None => (line, &b""[..]),
        };
        let is_gc_line =
            body.starts_with(b"gc: collectable <") || body.starts_with(b"gc: uncollectable <");
        let address_at = body
            .iter()
            .rposition(|&b| b == b' ')
            .filter(|&i| is_gc_line && is_hex_address(&body[i + 1..]));
        match address_at {
            Some(i) => {
                out.extend_from_slice(&body[..i]);
                out.extend_from_slice(b" 0x?>");
            }
            None => out.extend_from_slice(body),
        }
        out.extend_from_slice(newline);
    }
    out
}

/// `0x` and lowercase hex digits, then `>`.
fn is_hex_address(word: &[u8]) -> bool {
    word.strip_prefix(b"0x")
        .and_then(|w| w.strip_suffix(b">"))
        .is_some_and(|digits| {
            !digits.is_empty()
                && digits
                    .iter()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
        })
}

fn expected_outcome(dir: &Path, name: &str) -> Result<Outcome, Failure> {
    let stem = name.strip_suffix(".py").unwrap_or(name);
    let path = |ext: &str| dir.join(format!("{stem}.{ext}"));
    let stdout = fs::read(path("out")).map_err(|e| {
        format!("no expected output {stem}.out ({e}); run `python3 tests/regen.py {stem}`")
    })?;
    let stderr = fs::read(path("err")).unwrap_or_default();
    let code = match fs::read_to_string(path("code")) {
        Ok(text) => text
            .trim()
            .parse()
            .map_err(|e| format!("{stem}.code does not hold an integer ({e}): {text:?}"))?,
        Err(_) => 0,
    };
    Ok(Outcome {
        stdout,
        stderr,
        code,
    })
}

fn spawn_reader(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = pipe.read_to_end(&mut buf);
        buf
    })
}

/// Waits for `child` until `TIMEOUT`; kills it on timeout.
fn wait_with_timeout(child: &mut Child) -> Result<std::process::ExitStatus, Failure> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "timed out after {} s and was killed",
                    TIMEOUT.as_secs()
                ));
            }
            Ok(None) => thread::sleep(POLL_INTERVAL),
            Err(e) => return Err(format!("could not wait for pyheap: {e}")),
        }
    }
}

fn run_pyheap(dir: &Path, name: &str, args: &[String]) -> Result<Outcome, Failure> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pyheap"));
    cmd.current_dir(dir)
        .args(args)
        .arg(name)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, _) in std::env::vars_os() {
        let key_str = key.to_string_lossy();
        if key_str.starts_with("PYTHON")
            || key_str.starts_with("LC_")
            || key_str == "LANG"
            || key_str == "LANGUAGE"
        {
            cmd.env_remove(&key);
        }
    }
    cmd.env("PYTHONHASHSEED", "0")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("LC_ALL", "C.UTF-8");

    let mut child = cmd
        .spawn()
        .map_err(|e| format!("could not start pyheap: {e}"))?;
    let stdout = spawn_reader(child.stdout.take().expect("piped stdout"));
    let stderr = spawn_reader(child.stderr.take().expect("piped stderr"));
    let status = wait_with_timeout(&mut child);
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    let status =
        status.map_err(|why| format!("{why}\n{}", describe_partial_output(&stdout, &stderr)))?;
    let code = match (status.code(), status.signal()) {
        (Some(code), _) => code,
        (None, Some(signal)) => -signal,
        (None, None) => i32::MIN,
    };
    Ok(Outcome {
        stdout,
        stderr,
        code,
    })
}

fn describe_partial_output(stdout: &[u8], stderr: &[u8]) -> String {
    let tail = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes);
        let lines: Vec<&str> = text.lines().collect();
        let start = lines.len().saturating_sub(DIFF_LINES_SHOWN);
        lines[start..]
            .iter()
            .map(|l| format!("    | {l}\n"))
            .collect::<String>()
    };
    format!(
        "  last stdout lines:\n{}  last stderr lines:\n{}",
        tail(stdout),
        tail(stderr)
    )
}

/// Splits into lines, keeping each line's `\n` so a missing final newline shows.
fn split_lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes.split_inclusive(|&b| b == b'\n').collect()
}

fn show_line(sign: char, line: &[u8]) -> String {
    let (body, newline) = match line.strip_suffix(b"\n") {
        Some(body) => (body, true),
        None => (line, false),
    };
    // Control characters other than tab are escaped so they are visible.
    let shown: String = String::from_utf8_lossy(body)
        .chars()
        .map(|c| match c {
            '\t' => c.to_string(),
            c if c.is_control() => c.escape_default().to_string(),
            c => c.to_string(),
        })
        .collect();
    let mut text = format!("    {sign}{shown}\n");
    if !newline {
        text.push_str("    \\ No newline at end of stream\n");
    }
    text
}

/// A short unified-style diff: the first differing region, with a little context.
fn short_diff(label: &str, expected: &[u8], actual: &[u8]) -> String {
    let exp = split_lines(expected);
    let act = split_lines(actual);
    let prefix = exp.iter().zip(&act).take_while(|(a, b)| a == b).count();
    let max_suffix = exp.len().min(act.len()) - prefix;
    let suffix = exp
        .iter()
        .rev()
        .zip(act.iter().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    let exp_mid = &exp[prefix..exp.len() - suffix];
    let act_mid = &act[prefix..act.len() - suffix];

    let mut out = String::new();
    let _ = writeln!(
        out,
        "  {label} differs (expected {} bytes / {} lines, got {} bytes / {} lines):",
        expected.len(),
        exp.len(),
        actual.len(),
        act.len()
    );
    let _ = writeln!(
        out,
        "    @@ -{},{} +{},{} @@",
        prefix + 1,
        exp_mid.len(),
        prefix + 1,
        act_mid.len()
    );
    for line in &exp[prefix.saturating_sub(DIFF_CONTEXT_LINES)..prefix] {
        out.push_str(&show_line(' ', line));
    }
    for (sign, side) in [('-', exp_mid), ('+', act_mid)] {
        for line in side.iter().take(DIFF_LINES_SHOWN) {
            out.push_str(&show_line(sign, line));
        }
        if side.len() > DIFF_LINES_SHOWN {
            let _ = writeln!(
                out,
                "    {sign}... ({} more lines)",
                side.len() - DIFF_LINES_SHOWN
            );
        }
    }
    out
}

fn compare(expected: &Outcome, actual: &Outcome, prefixes: &[Vec<u8>]) -> Option<Failure> {
    let stdout = strip_all(&actual.stdout, prefixes);
    let stderr = normalize_gc_addresses(&strip_all(&actual.stderr, prefixes));
    let mut report = String::new();
    if expected.code != actual.code {
        let _ = writeln!(
            report,
            "  exit status differs: expected {}, got {}",
            expected.code, actual.code
        );
    }
    if expected.stdout != stdout {
        report.push_str(&short_diff("stdout", &expected.stdout, &stdout));
    }
    if expected.stderr != stderr {
        report.push_str(&short_diff("stderr", &expected.stderr, &stderr));
    }
    (!report.is_empty()).then_some(report)
}

/// The line `--heap-stats` prints last on stderr.
const HEAP_STATS_PREFIX: &[u8] = b"pyheap: heap peak ";

/// Splits off the `--heap-stats` line and checks that it reports no leaked blocks.
fn take_heap_stats(actual: &mut Outcome) -> Result<(), Failure> {
    let text = std::mem::take(&mut actual.stderr);
    let body_end = text[..text.len().saturating_sub(1)]
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|i| i + 1)
        .unwrap_or(0);
    let line = &text[body_end..];
    if !line.starts_with(HEAP_STATS_PREFIX) {
        actual.stderr = text;
        return Err("  no heap statistics line on stderr\n".to_owned());
    }
    let line_text = String::from_utf8_lossy(line).into_owned();
    actual.stderr = text[..body_end].to_vec();
    if !line_text.contains("; 0 blocks left at exit") {
        return Err(format!(
            "  the program left objects or buffers allocated: {}",
            line_text
        ));
    }
    Ok(())
}

fn check_program(
    dir: &Path,
    name: &str,
    args: &[String],
    prefixes: &[Vec<u8>],
    heap_check: bool,
) -> Option<Failure> {
    let expected = match expected_outcome(dir, name) {
        Ok(outcome) => outcome,
        Err(why) => return Some(format!("  {why}\n")),
    };
    match run_pyheap(dir, name, args) {
        Ok(mut actual) => {
            if heap_check {
                if let Err(why) = take_heap_stats(&mut actual) {
                    return Some(why);
                }
            }
            compare(&expected, &actual, prefixes)
        }
        Err(why) => Some(format!("  {why}\n")),
    }
}

#[test]
fn conformance() {
    run_corpus(extra_args(), false);
}

/// The whole corpus again with the allocator's debug hooks on (pad, clean and dead
/// bytes checked on every block), and every program must leave nothing allocated beyond
/// the interpreter's own start-up state once it has been finalized.
#[test]
fn conformance_debug_heap_no_leaks() {
    run_corpus(
        vec!["--debug-heap".to_owned(), "--heap-stats".to_owned()],
        true,
    );
}

fn run_corpus(args: Vec<String>, heap_check: bool) {
    let dir = programs_dir();
    let filter = std::env::var("PYHEAP_TEST_FILTER").ok();
    let names = program_names(&dir, filter.as_deref());
    let prefixes = dir_prefixes(&dir);
    if names.is_empty() {
        println!("0 passed, 0 failed");
        panic!(
            "no conformance programs in {} match filter {:?}",
            dir.display(),
            filter
        );
    }

    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Option<Failure>>>> = Mutex::new(vec![None; names.len()]);
    thread::scope(|scope| {
        for _ in 0..PARALLEL_JOBS.min(names.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(name) = names.get(i) else { break };
                let outcome = check_program(&dir, name, &args, &prefixes, heap_check);
                results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(outcome);
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());

    let mut report = String::new();
    let mut failed = Vec::new();
    for (name, result) in names.iter().zip(results) {
        let failure = result.unwrap_or_else(|| Some("  was never run\n".to_owned()));
        if let Some(why) = failure {
            let _ = write!(report, "FAIL {name}\n{why}\n");
            failed.push(name.as_str());
        }
    }
    let passed = names.len() - failed.len();
    print!("{report}");
    if !args.is_empty() {
        println!("(ran as: pyheap {} NAME.py)", args.join(" "));
    }
    println!("{passed} passed, {} failed", failed.len());
    if !failed.is_empty() {
        panic!(
            "{} of {} conformance programs failed: {}",
            failed.len(),
            names.len(),
            failed.join(", ")
        );
    }
}
