//! Hostile input never crashes pyheap: malformed source, deep nesting and runaway
//! recursion all end in a Python exception (exit status 1) or a normal exit — never a
//! Rust panic, an abort, a signal or a hang.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(60);

struct Run {
    code: Option<i32>,
    stderr: String,
}

fn run_source(source: &str) -> Run {
    let dir = std::env::temp_dir().join(format!("pyheap-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("p{}.py", fastrand_index(source)));
    std::fs::write(&path, source).expect("write program");
    let mut child = Command::new(env!("CARGO_BIN_EXE_pyheap"))
        .arg(&path)
        .env("PYTHONHASHSEED", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pyheap");
    let mut stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break Some(st);
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let _ = std::fs::remove_file(&path);
    Run {
        code: status.and_then(|s| s.code()),
        stderr: reader.join().unwrap_or_default(),
    }
}

/// A stable file-name suffix for a program text.
fn fastrand_index(s: &str) -> u64 {
    s.bytes().fold(1469598103934665603u64, |h, b| {
        (h ^ b as u64).wrapping_mul(1099511628211)
    })
}

/// pyheap must end with status 0 or 1 and a Python-level report, never a crash — or with
/// the status a surviving `sys.exit(n)` in the program asks for.
fn assert_graceful(label: &str, source: &str) -> Run {
    let r = run_source(source);
    let tail: String = r
        .stderr
        .lines()
        .rev()
        .take(3)
        .collect::<Vec<_>>()
        .join(" | ");
    assert!(
        r.code.is_some(),
        "{label}: killed by a signal or timed out (stderr tail: {tail})"
    );
    let requested = r
        .code
        .is_some_and(|c| source.contains(&format!("sys.exit({c})")));
    assert!(
        matches!(r.code, Some(0) | Some(1)) || requested,
        "{label}: exit status {:?} (stderr tail: {tail})",
        r.code
    );
    assert!(
        !r.stderr.contains("panicked"),
        "{label}: Rust panic: {tail}"
    );
    r
}

fn assert_raises(label: &str, source: &str, exception: &str) {
    let r = assert_graceful(label, source);
    let last = r.stderr.lines().last().unwrap_or("");
    assert!(
        last.starts_with(exception),
        "{label}: expected {exception}, got {last:?}"
    );
}

#[test]
fn deep_nesting_is_refused_with_python_exceptions() {
    assert_raises(
        "parentheses",
        &format!("x = {}1{}\n", "(".repeat(100_000), ")".repeat(100_000)),
        "SyntaxError",
    );
    assert_raises(
        "lists",
        &format!("x = {}\n", "[".repeat(100_000)),
        "SyntaxError",
    );
    assert_raises(
        "unary minus",
        &format!("x = {}1\n", "-".repeat(100_000)),
        "RecursionError",
    );
    assert_raises(
        "not",
        &format!("x = {}True\n", "not ".repeat(100_000)),
        "RecursionError",
    );
    assert_raises(
        "additions",
        &format!("x = 1{}\n", "+1".repeat(200_000)),
        "RecursionError",
    );
    assert_raises(
        "attributes",
        &format!("x = a{}\n", ".b".repeat(100_000)),
        "RecursionError",
    );
    assert_raises(
        "subscripts",
        &format!("x = a{}\n", "[0]".repeat(100_000)),
        "RecursionError",
    );
    let mut blocks = String::new();
    for depth in 0..200 {
        blocks.push_str(&" ".repeat(depth));
        blocks.push_str("if True:\n");
    }
    blocks.push_str(&" ".repeat(200));
    blocks.push_str("pass\n");
    assert_graceful("nested blocks", &blocks);
}

#[test]
fn runaway_recursion_is_a_recursion_error() {
    assert_raises(
        "plain",
        "def f(n):\n    return f(n + 1)\nf(0)\n",
        "RecursionError",
    );
    assert_raises(
        "raised limit",
        "import sys\nsys.setrecursionlimit(1000000)\ndef f(n):\n    return f(n + 1)\nf(0)\n",
        "RecursionError",
    );
    assert_raises(
        "repr",
        "class A:\n    def __repr__(self):\n        return repr(self)\nrepr(A())\n",
        "RecursionError",
    );
    assert_raises(
        "eq",
        "class A:\n    def __eq__(self, o):\n        return self == o\nA() == A()\n",
        "RecursionError",
    );
    assert_raises(
        "getattr",
        "class A:\n    def __getattr__(self, n):\n        return getattr(self, n)\nA().x\n",
        "RecursionError",
    );
    assert_raises(
        "nested list repr",
        "l = []\nfor i in range(100000):\n    l = [l]\nrepr(l)\n",
        "RecursionError",
    );
    assert_raises(
        "generator",
        "def g(n):\n    yield from g(n + 1)\nnext(g(0))\n",
        "RecursionError",
    );
    assert_raises(
        "exec",
        "import sys\nsys.setrecursionlimit(100000)\ns = 'def f(): exec(s)\\nf()'\nexec(s)\n",
        "RecursionError",
    );
}

fn corpus() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/programs");
    let mut v: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("corpus")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .filter_map(|p| {
            Some((
                p.file_name()?.to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).ok()?,
            ))
        })
        .collect();
    v.sort();
    v
}

/// Every corpus program cut short, and with bytes flipped, must still end gracefully.
#[test]
fn malformed_programs_end_in_python_exceptions() {
    let mut seed: u64 = 0x9e3779b97f4a7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    const JUNK: &[u8] = b"()[]{}:;,.=+-*/%\\'\"#@!~^&|<>\n\t xyz019_";
    let mut cases = Vec::new();
    for (name, text) in corpus() {
        let bytes = text.as_bytes();
        for frac in [3usize, 2] {
            let cut = bytes.len() / frac;
            let cut = (0..=cut)
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            cases.push((format!("{name} cut at {cut}"), text[..cut].to_owned()));
        }
        let mut mutated = bytes.to_vec();
        for _ in 0..4 {
            if mutated.is_empty() {
                break;
            }
            let at = (next() as usize) % mutated.len();
            mutated[at] = JUNK[(next() as usize) % JUNK.len()];
        }
        if let Ok(s) = String::from_utf8(mutated) {
            cases.push((format!("{name} mutated"), s));
        }
    }
    for (label, source) in cases {
        assert_graceful(&label, &source);
    }
}

#[test]
fn garbage_bytes_are_a_syntax_error() {
    let r = assert_graceful("binary junk", "\u{0}\u{1}\u{2}def\u{7f} (((( ''' \n");
    assert_eq!(r.code, Some(1));
    let mut f = std::fs::File::create(std::env::temp_dir().join("pyheap-hostile-nonutf8.py"))
        .expect("create");
    f.write_all(&[0xff, 0xfe, 0x00, 0x41]).expect("write");
}

/// Programs that crash CPython 3.11 itself (its `Lib/test/crashers`): pyheap ends them
/// normally.
#[test]
fn cpython_crashers_do_not_crash() {
    // A class's own dict, reached through `gc.get_referrers`, changed under the method
    // caches.
    let r = assert_graceful(
        "class dict changed behind the caches",
        "import gc\n\
         thingy = object()\n\
         class A(object):\n    def f(self):\n        return 1\n    x = thingy\n\
         r = gc.get_referrers(thingy)\n\
         dct = r[0] if '__module__' in r[0] else r[1]\n\
         a = A()\n\
         for i in range(10):\n    a.f()\n\
         dct['f'] = lambda self: 2\n\
         if a.f() != 2:\n    raise SystemExit(5)\n",
    );
    assert_eq!(
        r.code,
        Some(0),
        "the method replaced in the class dict is the one called"
    );
    // A weak reference callback, run by a collection that allocating a slice starts,
    // empties the list being sliced.
    assert_graceful(
        "list emptied while being sliced",
        "import weakref\n\
         class A(object):\n    pass\n\
         def callback(x):\n    del lst[:]\n\
         keepalive = []\n\
         for i in range(100):\n\
         \x20   lst = [str(i)]\n\
         \x20   a = A()\n\
         \x20   a.cycle = a\n\
         \x20   keepalive.append(weakref.ref(a, callback))\n\
         \x20   del a\n\
         \x20   while lst:\n\
         \x20       keepalive.append(lst[:])\n\
         \x20       keepalive.append(lst + lst)\n\
         \x20       keepalive.append(lst.copy())\n\
         print('done')\n",
    );
}
