//! The `pyheap` command: runs a Python program with python3's command-line habits.
//!
//! ```text
//! pyheap [--max-memory SIZE] [--debug-heap] FILE [ARGS...]
//! pyheap [options] -c CODE [ARGS...]
//! ```

use pyheap::{Config, Interpreter, RunError};
use std::process::ExitCode;

/// Native stack for the interpreter thread: deep Python recursion and deeply nested
/// expressions are refused with RecursionError long before this is used up.
const INTERPRETER_STACK: usize = 1 << 30;

struct Options {
    max_memory: Option<usize>,
    debug_heap: bool,
    stats: bool,
    command: Option<String>,
    file: Option<String>,
    args: Vec<String>,
}

fn usage() -> ! {
    eprintln!(
        "usage: pyheap [--max-memory SIZE] [--debug-heap] [--heap-stats] [-c cmd | file] [arg] ..."
    );
    std::process::exit(2);
}

fn parse_size(s: &str) -> Option<usize> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => {
            let unit = s[i..].to_ascii_lowercase();
            let m = match unit.as_str() {
                "k" | "kb" | "kib" => 1 << 10,
                "m" | "mb" | "mib" => 1 << 20,
                "g" | "gb" | "gib" => 1 << 30,
                "b" => 1,
                _ => return None,
            };
            (&s[..i], m)
        }
        None => (s, 1),
    };
    num.trim().parse::<usize>().ok().map(|n| n * mult)
}

fn parse_options() -> Options {
    let mut args = std::env::args().skip(1);
    let mut o = Options {
        max_memory: None,
        debug_heap: false,
        stats: false,
        command: None,
        file: None,
        args: Vec::new(),
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "--max-memory" => {
                let v = args.next().unwrap_or_else(|| usage());
                o.max_memory = Some(parse_size(&v).unwrap_or_else(|| usage()));
            }
            s if s.starts_with("--max-memory=") => {
                o.max_memory =
                    Some(parse_size(&s["--max-memory=".len()..]).unwrap_or_else(|| usage()));
            }
            "--debug-heap" => o.debug_heap = true,
            "--heap-stats" => o.stats = true,
            "-c" => {
                o.command = Some(args.next().unwrap_or_else(|| {
                    eprintln!("Argument expected for the -c option");
                    std::process::exit(2)
                }));
                o.args = args.collect();
                return o;
            }
            "-h" | "--help" => usage(),
            s if s.starts_with('-') && s.len() > 1 => {
                eprintln!("unknown option {}", s);
                usage();
            }
            _ => {
                o.file = Some(a);
                o.args = args.collect();
                return o;
            }
        }
    }
    o
}

fn main() -> ExitCode {
    let opts = parse_options();
    let handle = std::thread::Builder::new()
        .name("pyheap".into())
        .stack_size(INTERPRETER_STACK)
        .spawn(move || run(opts))
        .expect("spawn interpreter thread");
    match handle.join() {
        Ok(code) => ExitCode::from(code as u8),
        Err(_) => ExitCode::from(1),
    }
}

fn run(opts: Options) -> i32 {
    pyheap::vm::recursion::set_stack_bounds(INTERPRETER_STACK);
    let (source, filename, argv0) = match (&opts.command, &opts.file) {
        (Some(c), _) => (c.clone(), "<string>".to_string(), "-c".to_string()),
        (None, Some(f)) => {
            let path = std::path::absolute(f).unwrap_or_else(|_| f.into());
            let shown = path.to_string_lossy().into_owned();
            match std::fs::read_to_string(&path) {
                Ok(s) => (s, shown, f.clone()),
                Err(e) => {
                    eprintln!(
                        "pyheap: can't open file '{}': [Errno {}] {}",
                        shown,
                        e.raw_os_error().unwrap_or(2),
                        errno_text(&e)
                    );
                    return 2;
                }
            }
        }
        (None, None) if std::io::IsTerminal::is_terminal(&std::io::stdin()) => {
            return repl(&opts);
        }
        (None, None) => {
            use std::io::Read;
            let mut s = String::new();
            if std::io::stdin().read_to_string(&mut s).is_err() {
                return 1;
            }
            (s, "<stdin>".to_string(), String::new())
        }
    };
    let hash_seed = match std::env::var("PYTHONHASHSEED") {
        Ok(v) if v != "random" => v.parse::<u32>().ok(),
        _ => None,
    };
    let mut argv = vec![argv0];
    argv.extend(opts.args.iter().cloned());
    let config = Config {
        max_memory: opts.max_memory,
        debug_heap: opts.debug_heap
            || std::env::var("PYTHONMALLOC")
                .map(|v| v.contains("debug"))
                .unwrap_or(false),
        hash_seed,
        stdout: Box::new(std::io::BufWriter::new(std::io::stdout())),
        stderr: Box::new(std::io::stderr()),
        argv,
    };
    let mut interp = match Interpreter::new(config) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{}", e);
            return 1;
        }
    };
    let code = match interp.run_main(&source, &filename) {
        Ok(()) => 0,
        Err(RunError::Exit(c)) => c,
    };
    interp.finalize();
    if opts.stats {
        let r = interp.leak_report();
        eprintln!(
            "pyheap: heap peak {} bytes; {} blocks left at exit beyond the interpreter's own {}",
            r.peak_bytes,
            r.leaked_blocks(),
            r.baseline_blocks
        );
    }
    drop(interp);
    code
}

/// The interactive interpreter: `>>> ` and `... ` prompts on stderr, a block continues
/// until an empty line, expression values are printed.
fn repl(opts: &Options) -> i32 {
    use std::io::{BufRead, Write};
    let config = Config {
        max_memory: opts.max_memory,
        debug_heap: opts.debug_heap,
        hash_seed: None,
        stdout: Box::new(std::io::stdout()),
        stderr: Box::new(std::io::stderr()),
        argv: vec![String::new()],
    };
    let mut interp = match Interpreter::new(config) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{}", e);
            return 1;
        }
    };
    eprintln!(
        "pyheap {} (CPython 3.11 memory management)",
        env!("CARGO_PKG_VERSION")
    );
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut code = 0;
    loop {
        eprint!(">>> ");
        let _ = std::io::stderr().flush();
        let Some(Ok(first)) = lines.next() else {
            eprintln!();
            break;
        };
        let mut source = first.clone();
        let opens_block = first.trim_end().ends_with(':') || first.trim_end().ends_with('\\');
        let unbalanced =
            |s: &str| s.matches(['(', '[', '{']).count() > s.matches([')', ']', '}']).count();
        if opens_block || unbalanced(&source) {
            loop {
                eprint!("... ");
                let _ = std::io::stderr().flush();
                match lines.next() {
                    Some(Ok(l)) if !l.trim().is_empty() || unbalanced(&source) => {
                        source.push('\n');
                        source.push_str(&l);
                    }
                    _ => break,
                }
            }
        }
        source.push('\n');
        if source.trim().is_empty() {
            continue;
        }
        if let Err(RunError::Exit(c)) = interp.run_interactive(&source) {
            code = c;
            break;
        }
    }
    interp.finalize();
    drop(interp);
    code
}

fn errno_text(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "No such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "Permission denied".into(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_string()
        }
    }
}
