//! Recursion depth: Python calls and recursive C-level operations (repr of nested
//! containers, comparisons) count against `sys.getrecursionlimit()` as in CPython 3.11,
//! and a native-stack guard turns any remaining deep recursion into `RecursionError`
//! instead of a crash.

use crate::objects::exceptions::recursion_error;
use crate::runtime::{rt, PyResult};
use std::cell::Cell;

thread_local! {
    /// Lowest address the interpreter's native stack may reach before refusing to recurse.
    static STACK_LIMIT: Cell<usize> = const { Cell::new(0) };
}

/// Bytes of native stack kept in reserve below the guard.
const STACK_RESERVE: usize = 256 * 1024;

/// Records the native stack bounds of the interpreter thread (`size` bytes from here down).
pub fn set_stack_bounds(size: usize) {
    let here = approximate_sp();
    STACK_LIMIT.with(|l| l.set(here.saturating_sub(size) + STACK_RESERVE));
}

#[inline(always)]
fn approximate_sp() -> usize {
    let x = 0u8;
    std::hint::black_box(&x) as *const u8 as usize
}

/// Whether the native stack is nearly exhausted.
#[inline]
pub fn stack_exhausted() -> bool {
    let limit = STACK_LIMIT.with(|l| l.get());
    limit != 0 && approximate_sp() < limit
}

/// Enters one level of recursion (`_Py_EnterRecursiveCall`).
#[inline(always)]
pub fn enter(where_: &str) -> PyResult<()> {
    let r = rt();
    let d = r.recursion_depth.get() + 1;
    if d > r.recursion_limit.get() || stack_exhausted() {
        return Err(too_deep(where_));
    }
    r.recursion_depth.set(d);
    Ok(())
}

#[cold]
#[inline(never)]
fn too_deep(where_: &str) -> crate::runtime::PyErr {
    recursion_error(&format!("maximum recursion depth exceeded{}", where_))
}

/// Enters a Python call run in its caller's eval loop: it uses no native stack, so only
/// the recursion limit applies.
#[inline(always)]
pub fn enter_call() -> PyResult<()> {
    let r = rt();
    let d = r.recursion_depth.get() + 1;
    if d > r.recursion_limit.get() {
        return Err(too_deep(""));
    }
    r.recursion_depth.set(d);
    Ok(())
}

#[inline]
pub fn leave() {
    let r = rt();
    r.recursion_depth.set(r.recursion_depth.get() - 1);
}

/// Runs `f` one recursion level deeper.
#[inline(always)]
pub fn guarded<T>(where_: &str, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    enter(where_)?;
    let r = f();
    leave();
    r
}
