//! The mutable part of the interpreter state: module registry, the interned-string table,
//! the currently handled exception, and where output goes.

use crate::object::Obj;
use std::io::Write;

pub struct State {
    /// The interned strings (`interned` dict; its references are not counted, as in 3.11).
    pub interned: Option<Obj>,
    /// The `builtins` module's dict.
    pub builtins: Option<Obj>,
    /// `sys.modules`.
    pub modules: Option<Obj>,
    /// The preallocated MemoryError instance.
    pub memory_error: Option<Obj>,
    /// The exception being handled (`sys.exc_info()`).
    pub handled_exc: Option<Obj>,
    /// Names of the modules whose code is running, innermost last (for `__module__`).
    pub module_names: Vec<Obj>,
    pub stdout: Box<dyn Write>,
    pub stderr: Box<dyn Write>,
    /// Set at the end of finalization, when CPython's `sys.stdout` and `sys.stderr` are
    /// gone: later writes (from finalizers run at teardown) are dropped.
    pub output_closed: bool,
    /// Frames currently executing, innermost last: (code, globals) for `sys._getframe`
    /// and `globals()`.
    pub frame_depth: usize,
    /// Interned names used by the interpreter itself, by address of their Rust text.
    pub static_names: rustc_hash::FxHashMap<usize, Obj>,
}

impl State {
    pub fn new(interned: Option<Obj>, stdout: Box<dyn Write>, stderr: Box<dyn Write>) -> State {
        State {
            interned,
            builtins: None,
            modules: None,
            memory_error: None,
            handled_exc: None,
            module_names: Vec::new(),
            stdout,
            stderr,
            output_closed: false,
            frame_depth: 0,
            static_names: rustc_hash::FxHashMap::default(),
        }
    }
}
