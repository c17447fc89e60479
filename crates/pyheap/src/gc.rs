//! Container tracking for the cyclic garbage collector.
//!
//! Every object of a GC type carries a 16-byte `PyGC_Head` before its header. Tracked
//! objects are linked into one of three generation lists (plus the permanent generation
//! used by `gc.freeze`). Allocation of a GC object raises generation 0's count and
//! deallocation lowers it, exactly where CPython does (`_PyObject_GC_Link`,
//! `PyObject_GC_Del`); objects recycled through free lists do neither.

use crate::object::PyObject;
use crate::typeobj::GC_HEADER_SIZE;

/// `PyGC_Head`: the links of the generation list. `next == null` means untracked.
#[repr(C)]
pub struct GcHead {
    pub next: *mut GcHead,
    pub prev: *mut GcHead,
}

pub const NUM_GENERATIONS: usize = 3;
pub const DEFAULT_THRESHOLDS: [usize; NUM_GENERATIONS] = [700, 10, 10];

/// A generation: a circular list headed by a sentinel, plus its count.
pub struct Generation {
    pub head: Box<GcHead>,
    pub threshold: usize,
    pub count: usize,
}

impl Generation {
    fn new(threshold: usize) -> Generation {
        let mut head = Box::new(GcHead {
            next: std::ptr::null_mut(),
            prev: std::ptr::null_mut(),
        });
        let p: *mut GcHead = &mut *head;
        head.next = p;
        head.prev = p;
        Generation {
            head,
            threshold,
            count: 0,
        }
    }

    pub fn sentinel(&mut self) -> *mut GcHead {
        &mut *self.head
    }
}

pub struct GcState {
    pub generations: [Generation; NUM_GENERATIONS],
    pub permanent: Generation,
    pub enabled: bool,
    pub collecting: bool,
    pub debug: u32,
    pub long_lived_total: usize,
    pub long_lived_pending: usize,
}

impl GcState {
    pub fn new() -> GcState {
        GcState {
            generations: [
                Generation::new(DEFAULT_THRESHOLDS[0]),
                Generation::new(DEFAULT_THRESHOLDS[1]),
                Generation::new(DEFAULT_THRESHOLDS[2]),
            ],
            permanent: Generation::new(0),
            enabled: true,
            collecting: false,
            debug: 0,
            long_lived_total: 0,
            long_lived_pending: 0,
        }
    }
}

impl Default for GcState {
    fn default() -> Self {
        GcState::new()
    }
}

/// The GC header of a GC object.
///
/// # Safety
/// `op` is an object of a GC type.
#[inline]
pub unsafe fn head_of(op: *mut PyObject) -> *mut GcHead {
    // SAFETY: GC objects are allocated with the header immediately before them.
    unsafe { (op as *mut u8).sub(GC_HEADER_SIZE) as *mut GcHead }
}

/// The object a GC header belongs to.
///
/// # Safety
/// `g` is the header of a live GC object.
#[inline]
pub unsafe fn object_of(g: *mut GcHead) -> *mut PyObject {
    // SAFETY: inverse of head_of.
    unsafe { (g as *mut u8).add(GC_HEADER_SIZE) as *mut PyObject }
}

/// # Safety
/// `op` is a GC object.
#[inline]
pub unsafe fn is_tracked(op: *mut PyObject) -> bool {
    // SAFETY: caller contract.
    unsafe { !(*head_of(op)).next.is_null() }
}

/// Links a GC object into generation 0 (`_PyObject_GC_TRACK`).
///
/// # Safety
/// `op` is a live GC object that is not tracked.
pub unsafe fn track(op: *mut PyObject) {
    let gen0 = crate::runtime::rt().gc().generations[0].sentinel();
    // SAFETY: op's header and the sentinel's neighbours are valid list nodes.
    unsafe {
        let g = head_of(op);
        let last = (*gen0).prev;
        (*g).prev = with_flags(last, (*g).prev);
        (*g).next = gen0;
        (*last).next = g;
        (*gen0).prev = g;
    }
}

/// Unlinks a tracked GC object (`_PyObject_GC_UNTRACK`); no-op if untracked.
///
/// # Safety
/// `op` is a GC object.
pub unsafe fn untrack(op: *mut PyObject) {
    // SAFETY: a tracked header's neighbours are valid list nodes.
    unsafe {
        let g = head_of(op);
        if (*g).next.is_null() {
            return;
        }
        let prev = strip((*g).prev);
        let next = (*g).next;
        (*prev).next = next;
        (*next).prev = with_flags(prev, (*next).prev);
        (*g).next = std::ptr::null_mut();
        (*g).prev = with_flags(std::ptr::null_mut(), (*g).prev);
    }
}

/// Called for every GC allocation (`_PyObject_GC_Link`).
#[inline]
pub fn on_alloc() {
    let gc = crate::runtime::rt().gc();
    gc.generations[0].count += 1;
}

/// Called for every GC deallocation (`PyObject_GC_Del`).
#[inline]
pub fn on_free() {
    let gc = crate::runtime::rt().gc();
    if gc.generations[0].count > 0 {
        gc.generations[0].count -= 1;
    }
}

/// `_gc_prev` bit 0: the object's finalizer (`__del__`) has run (PEP 442).
const PREV_MASK_FINALIZED: usize = 1;
const PREV_FLAG_BITS: usize = 0b11;

#[inline]
fn strip(p: *mut GcHead) -> *mut GcHead {
    (p as usize & !PREV_FLAG_BITS) as *mut GcHead
}

/// `p` carrying the flag bits of `old`.
#[inline]
fn with_flags(p: *mut GcHead, old: *mut GcHead) -> *mut GcHead {
    (strip(p) as usize | (old as usize & PREV_FLAG_BITS)) as *mut GcHead
}

/// The previous node of a tracked header.
///
/// # Safety
/// `g` is a valid header.
#[inline]
pub unsafe fn prev_of(g: *mut GcHead) -> *mut GcHead {
    // SAFETY: caller contract.
    strip(unsafe { (*g).prev })
}

/// # Safety
/// `op` is a GC object.
pub unsafe fn is_finalized(op: *mut PyObject) -> bool {
    // SAFETY: caller contract.
    unsafe { (*head_of(op)).prev as usize & PREV_MASK_FINALIZED != 0 }
}

/// # Safety
/// `op` is a GC object.
pub unsafe fn set_finalized(op: *mut PyObject) {
    // SAFETY: caller contract.
    unsafe {
        let g = head_of(op);
        (*g).prev = ((*g).prev as usize | PREV_MASK_FINALIZED) as *mut GcHead;
    }
}
