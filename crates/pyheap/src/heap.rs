//! The private heap: the runtime's handle on `pyheap-alloc`.
//!
//! Every Python object is carved from one [`Allocator`] owned by the running interpreter.
//! The allocator is reached through a thread-local pointer so that a decref deep inside a
//! container's deallocator can free memory without threading a context argument through
//! every call — the same reason CPython keeps its allocator state global. One interpreter
//! runs on a thread at a time; [`HeapGuard`] installs it and removes it.

use pyheap_alloc::{AllocError, Allocator, Domain};
use std::cell::Cell;
use std::ptr::NonNull;

thread_local! {
    static HEAP: Cell<*mut Allocator> = const { Cell::new(std::ptr::null_mut()) };
}

/// Installs an allocator as this thread's heap for the guard's lifetime.
pub struct HeapGuard {
    previous: *mut Allocator,
}

impl HeapGuard {
    /// # Safety
    /// `allocator` must stay valid, and not be used elsewhere, until the guard is dropped.
    pub unsafe fn install(allocator: *mut Allocator) -> HeapGuard {
        let previous = HEAP.with(|h| h.replace(allocator));
        HeapGuard { previous }
    }
}

impl Drop for HeapGuard {
    fn drop(&mut self) {
        HEAP.with(|h| h.set(self.previous));
    }
}

#[inline]
fn with_heap<R>(f: impl FnOnce(&mut Allocator) -> R) -> R {
    // Only the pointer is read inside the thread-local access, which then compiles to a
    // single `fs`-relative load where the allocation is made.
    let p = HEAP.with(|h| h.get());
    assert!(!p.is_null(), "pyheap: no heap installed on this thread");
    // SAFETY: `HeapGuard::install` guarantees the pointer is valid and exclusively ours
    // while installed; the allocator never calls back into the runtime, so this `&mut` is
    // the only live reference for the duration of `f`.
    f(unsafe { &mut *p })
}

/// Allocates `size` bytes for an object (`PyObject_Malloc`).
#[inline]
pub fn object_malloc(size: usize) -> Result<NonNull<u8>, AllocError> {
    with_heap(|a| a.malloc(Domain::Object, size))
}

/// Frees an object's memory (`PyObject_Free`).
///
/// # Safety
/// `p` came from [`object_malloc`] on this heap and is not used afterwards.
#[inline]
pub unsafe fn object_free(p: NonNull<u8>) {
    // SAFETY: forwarded caller contract.
    with_heap(|a| unsafe { a.free(Domain::Object, p) })
}

/// Allocates a buffer owned by an object, such as a list's item array (`PyMem_Malloc`).
#[inline]
pub fn mem_malloc(size: usize) -> Result<NonNull<u8>, AllocError> {
    with_heap(|a| a.malloc(Domain::Mem, size))
}

/// # Safety
/// `p` came from [`mem_malloc`]/[`mem_realloc`] on this heap and is live.
#[inline]
pub unsafe fn mem_realloc(p: NonNull<u8>, size: usize) -> Result<NonNull<u8>, AllocError> {
    // SAFETY: forwarded caller contract.
    with_heap(|a| unsafe { a.realloc(Domain::Mem, p, size) })
}

/// # Safety
/// `p` came from [`mem_malloc`]/[`mem_realloc`] on this heap and is not used afterwards.
#[inline]
pub unsafe fn mem_free(p: NonNull<u8>) {
    // SAFETY: forwarded caller contract.
    with_heap(|a| unsafe { a.free(Domain::Mem, p) })
}

/// Allocator statistics of the current heap.
pub fn stats() -> pyheap_alloc::Stats {
    with_heap(|a| a.stats())
}

/// The allocator part of `sys._debugmallocstats()`.
pub fn write_debugmallocstats(out: &mut String) {
    let _ = with_heap(|a| a.write_debugmallocstats(out));
}
