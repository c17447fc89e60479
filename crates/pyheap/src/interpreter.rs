//! The embedding API: an [`Interpreter`] owns a heap and a runtime, runs source text, and
//! reports the outcome the way `python3` does (exit status, traceback text).

use crate::object::Obj;
use crate::objects::{dict, exceptions, int, is_instance, module, str as pystr};
use crate::runtime::{self, rt, PyResult, Runtime};
use pyheap_alloc::Allocator;
use std::io::Write;

/// Start-up choices.
pub struct Config {
    /// Hard limit on the bytes the heap may take from the OS; allocations beyond it raise
    /// `MemoryError`.
    pub max_memory: Option<usize>,
    /// Install the allocator's debug hooks (`PYTHONMALLOC=debug`).
    pub debug_heap: bool,
    /// `PYTHONHASHSEED`: `None` for a random seed.
    pub hash_seed: Option<u32>,
    pub stdout: Box<dyn Write>,
    pub stderr: Box<dyn Write>,
    /// `sys.argv`.
    pub argv: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_memory: None,
            debug_heap: false,
            hash_seed: Some(0),
            stdout: Box::new(std::io::stdout()),
            stderr: Box::new(std::io::stderr()),
            argv: vec![String::new()],
        }
    }
}

/// How a run ended when it did not end normally.
#[derive(Debug)]
pub enum RunError {
    /// An uncaught exception (already printed to the interpreter's stderr) or
    /// `SystemExit`: the process exit status python3 would use.
    Exit(i32),
}

pub struct Interpreter {
    // Field order is drop order: the runtime's objects are released (in `Drop`) before
    // the allocator that holds their memory goes away.
    runtime: Option<Box<Runtime>>,
    allocator: Box<Allocator>,
    /// Blocks in use once start-up finished: the interpreter's own.
    baseline_blocks: usize,
}

/// What a finished program left in the heap beyond the interpreter's own blocks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LeakReport {
    pub peak_bytes: usize,
    pub baseline_blocks: usize,
    pub blocks_at_exit: usize,
}

impl LeakReport {
    /// Blocks the program left allocated after finalization.
    pub fn leaked_blocks(&self) -> usize {
        self.blocks_at_exit.saturating_sub(self.baseline_blocks)
    }
}

/// Installs the heap and runtime on this thread for the duration of a call.
struct Active {
    _rt: runtime::RuntimeGuard,
    _heap: crate::heap::HeapGuard,
}

impl Interpreter {
    pub fn new(config: Config) -> Result<Interpreter, String> {
        crate::hash::init_secret(config.hash_seed);
        crate::objects::typeobject::invalidate_attribute_cache();
        let mut allocator = Box::new(Allocator::new(pyheap_alloc::Config {
            limit: config.max_memory,
            debug: config.debug_heap,
            ..Default::default()
        }));
        // SAFETY: the allocator is boxed (stable address) and outlives the guard.
        let heap_guard = unsafe { crate::heap::HeapGuard::install(&mut *allocator) };
        let mut rt_box = crate::init::new_runtime(config.stdout, config.stderr);
        let rt_guard = runtime::install(&*rt_box);
        let res = crate::init::populate(&mut rt_box);
        let res = res.and_then(|_| crate::modules::sys::set_argv(&config.argv));
        // The interpreter's own objects start in the oldest generation, so a program's first
        // automatic collection only looks at the program's objects.
        crate::gc::collect_generation(crate::gc::NUM_GENERATIONS - 1);
        rt_box.gc().stats = Default::default();
        drop(rt_guard);
        drop(heap_guard);
        let baseline_blocks = allocator.stats().blocks_in_use;
        let interp = Interpreter {
            runtime: Some(rt_box),
            allocator,
            baseline_blocks,
        };
        res.map_err(|_| "pyheap: out of memory during start-up".to_string())?;
        Ok(interp)
    }

    fn activate(&mut self) -> Active {
        crate::objects::typeobject::invalidate_attribute_cache();
        // SAFETY: the allocator box lives as long as self; the guard is dropped before.
        let heap = unsafe { crate::heap::HeapGuard::install(&mut *self.allocator) };
        let rt_ptr: *const Runtime = self
            .runtime
            .as_deref()
            .map(|r| r as *const Runtime)
            .unwrap_or(std::ptr::null());
        Active {
            _rt: runtime::install(rt_ptr),
            _heap: heap,
        }
    }

    /// Runs a program as `python3 FILE` does: `filename` is shown in tracebacks, and the
    /// compiled tree's references to literals live until the run ends.
    pub fn run_main(&mut self, source: &str, filename: &str) -> Result<(), RunError> {
        let _active = self.activate();
        let r = run_main_inner(source, filename);
        crate::modules::flush_stdout();
        r
    }

    /// Runs one interactive statement as the REPL does: expression values are printed,
    /// an exception is printed and the session goes on. `Err` only for `SystemExit`.
    pub fn run_interactive(&mut self, source: &str) -> Result<(), RunError> {
        let _active = self.activate();
        let result = (|| -> PyResult<()> {
            let m = main_module()?;
            let d = module::dict(&m);
            let compiled = crate::compile::compile(source, "<stdin>", true)?;
            crate::vm::run_code(&compiled.code, &d, None).map(|_| ())
        })();
        crate::modules::flush_stdout();
        match result {
            Ok(()) => Ok(()),
            Err(e) if is_instance(&e.0, rt().exc.system_exit) => {
                Err(RunError::Exit(handle_uncaught(&e.0)))
            }
            Err(e) => {
                crate::vm::traceback::print_exception(&e.0);
                Ok(())
            }
        }
    }

    /// Statistics of the heap (bytes and blocks in use, peak).
    pub fn heap_stats(&self) -> pyheap_alloc::Stats {
        self.allocator.stats()
    }

    /// After [`Interpreter::finalize`]: the peak, and what the program left allocated
    /// beyond the interpreter's own start-up blocks (0 when nothing leaked).
    pub fn leak_report(&self) -> LeakReport {
        let s = self.allocator.stats();
        LeakReport {
            peak_bytes: s.peak_bytes,
            baseline_blocks: self.baseline_blocks,
            blocks_at_exit: s.blocks_in_use,
        }
    }

    /// Releases the program's objects as CPython's finalization does: `__main__`'s
    /// globals are cleared (underscore names first, then the rest, in order).
    pub fn finalize(&mut self) {
        let _active = self.activate();
        let r = rt();
        let handled = r.state.borrow_mut().handled_exc.take();
        drop(handled);
        crate::modules::atexit::run_exitfuncs();
        crate::modules::gcmodule::dump_shutdown_stats();
        finalize_main();
        crate::modules::release_lazy_modules();
        crate::modules::flush_stdout();
        // Caches that outlive the program's objects (free lists) are emptied so that what
        // remains is the interpreter's own state plus anything the program leaked.
        crate::objects::str::clear_static_name_cache();
        let names = std::mem::take(&mut r.state.borrow_mut().static_names);
        drop(names);
        let me = r.state.borrow().memory_error.clone();
        if let Some(e) = me {
            exceptions::set_traceback(&e, None);
            exceptions::set_context(&e, None);
            exceptions::set_cause(&e, None);
            exceptions::set_suppress_context(&e, false);
        }
        crate::gc::collect_generation(crate::gc::NUM_GENERATIONS - 1);
        // Last, when CPython's standard streams are gone (so nothing more is printed),
        // what the program left in `gc.garbage` is released and collected.
        crate::modules::flush_stdout();
        r.state.borrow_mut().output_closed = true;
        crate::modules::gcmodule::release_garbage();
        crate::gc::collect_generation(crate::gc::NUM_GENERATIONS - 1);
        // SAFETY: free-list objects are dead and owned by the lists.
        unsafe { r.freelists().clear() };
    }
}

impl Drop for Interpreter {
    fn drop(&mut self) {
        if let Some(mut rt_box) = self.runtime.take() {
            {
                let _active = self.activate_with(&rt_box);
                crate::init::teardown(&mut rt_box);
                crate::modules::flush_stdout();
            }
            // The remaining objects' memory belongs to the allocator, which returns every
            // arena to the OS when it is dropped; the runtime's own bookkeeping is freed here.
            std::mem::forget(rt_box);
        }
    }
}

impl Interpreter {
    fn activate_with(&mut self, rt_box: &Runtime) -> Active {
        // SAFETY: as in activate.
        let heap = unsafe { crate::heap::HeapGuard::install(&mut *self.allocator) };
        Active {
            _rt: runtime::install(rt_box),
            _heap: heap,
        }
    }
}

fn main_module() -> PyResult<Obj> {
    let r = rt();
    let modules = r
        .state
        .borrow()
        .modules
        .clone()
        .ok_or_else(|| exceptions::runtime_error("no sys.modules"))?;
    if let Some(m) = dict::get_item_str(&modules, "__main__")? {
        return Ok(m);
    }
    let m = module::new_module("__main__")?;
    let d = module::dict(&m);
    dict::set_item(
        &d,
        &pystr::intern_str("__builtins__")?,
        &dict::get_item_str(&modules, "builtins")?.unwrap_or_else(|| r.none()),
    )?;
    dict::set_item(&modules, &pystr::intern_str("__main__")?, &m)?;
    Ok(m)
}

fn run_main_inner(source: &str, filename: &str) -> Result<(), RunError> {
    let result = (|| -> PyResult<()> {
        let m = main_module()?;
        let d = module::dict(&m);
        if !filename.starts_with('<') {
            dict::set_item(
                &d,
                &pystr::intern_str("__file__")?,
                &pystr::new_str(filename)?,
            )?;
        }
        let compiled = crate::compile::compile(source, filename, false)?;
        let arena = compiled.arena;
        let r = crate::vm::run_code(&compiled.code, &d, None);
        drop(compiled.code);
        // The compiled tree (and its literal references) is freed after the run.
        drop(arena);
        r.map(|_| ())
    })();
    match result {
        Ok(()) => Ok(()),
        Err(e) => Err(RunError::Exit(handle_uncaught(&e.0))),
    }
}

/// Prints an uncaught exception; returns the exit status (SystemExit's code, else 1).
fn handle_uncaught(exc: &Obj) -> i32 {
    let r = rt();
    if is_instance(exc, r.exc.system_exit) {
        let code = crate::ops::getattr_str(exc, "code").unwrap_or_else(|_| r.none());
        if r.is_none(&code) {
            return 0;
        }
        if matches!(
            crate::ops::kind(&code),
            crate::typeobj::Kind::Int | crate::typeobj::Kind::Bool
        ) {
            return int::as_i64(&code).unwrap_or(1) as i32;
        }
        let text = crate::ops::str_string(&code).unwrap_or_default();
        crate::modules::write_stderr(&format!("{}\n", text));
        return 1;
    }
    crate::vm::traceback::print_exception(exc);
    1
}

/// CPython 3.11's finalization of `__main__` as a program observes it: the module leaves
/// `sys.modules` and is freed. If nothing else holds its globals they are released in
/// insertion order; if functions keep them alive through `__globals__`, the full
/// collection that follows finds the globals and everything only they reach unreachable,
/// runs the finalizers (with the globals still intact) and then clears it all.
fn finalize_main() {
    let r = rt();
    let Some(modules) = r.state.borrow().modules.clone() else {
        return;
    };
    if let Ok(k) = pystr::intern_str("__main__") {
        let _ = dict::del_item(&modules, &k);
    }
    drop(modules);
    crate::gc::collect_generation(crate::gc::NUM_GENERATIONS - 1);
}
