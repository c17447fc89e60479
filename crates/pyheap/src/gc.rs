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
    pub stats: [GenStats; NUM_GENERATIONS],
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
            stats: [GenStats::default(); NUM_GENERATIONS],
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

/// Called for every GC allocation (`_PyObject_GC_Link`): counts it, and runs an
/// automatic collection when generation 0 passes its threshold.
#[inline]
pub fn on_alloc() {
    on_alloc_and_maybe_collect()
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

// ---------------------------------------------------------------- the cycle collector
//
// CPython 3.11's algorithm (Modules/gcmodule.c), on the same header bits:
//
// * `_gc_prev` bit 0 FINALIZED, bit 1 COLLECTING; during a collection the rest of
//   `_gc_prev` holds `gc_refs` (shifted by 2) and the list is singly linked through `next`;
// * `_gc_next` bit 0 marks objects tentatively moved to the unreachable list.
//
// update_refs copies each refcount into gc_refs; subtract_refs removes references from
// inside the generation (via tp_traverse); move_unreachable keeps everything reachable
// from an object with gc_refs > 0 and moves the rest to `unreachable`. Finalizers run
// (once per object, PEP 442), resurrected objects are detected by running the same
// deduction again, and the rest is broken up with tp_clear.

const PREV_MASK_COLLECTING: usize = 2;
const PREV_SHIFT: usize = 2;
const NEXT_MASK_UNREACHABLE: usize = 1;

#[inline]
unsafe fn next_raw(g: *mut GcHead) -> usize {
    // SAFETY: caller passes a valid header.
    unsafe { (*g).next as usize }
}

#[inline]
pub(crate) unsafe fn next_of(g: *mut GcHead) -> *mut GcHead {
    // SAFETY: caller passes a valid header.
    unsafe { (next_raw(g) & !NEXT_MASK_UNREACHABLE) as *mut GcHead }
}

#[inline]
unsafe fn set_next(g: *mut GcHead, n: *mut GcHead) {
    // SAFETY: caller passes a valid header.
    unsafe { (*g).next = n }
}

#[inline]
unsafe fn set_prev(g: *mut GcHead, p: *mut GcHead) {
    // SAFETY: keeps the flag bits of the old value.
    unsafe { (*g).prev = with_flags(p, (*g).prev) }
}

#[inline]
unsafe fn prev_bits(g: *mut GcHead) -> usize {
    // SAFETY: caller passes a valid header.
    unsafe { (*g).prev as usize }
}

#[inline]
unsafe fn gc_refs(g: *mut GcHead) -> isize {
    // SAFETY: caller passes a valid header.
    (unsafe { prev_bits(g) } >> PREV_SHIFT) as isize
}

#[inline]
unsafe fn set_refs(g: *mut GcHead, refs: isize) {
    // SAFETY: caller passes a valid header.
    unsafe {
        (*g).prev =
            ((prev_bits(g) & PREV_FLAG_BITS) | ((refs as usize) << PREV_SHIFT)) as *mut GcHead
    }
}

#[inline]
unsafe fn reset_refs(g: *mut GcHead, refs: isize) {
    // SAFETY: caller passes a valid header.
    unsafe {
        (*g).prev = ((prev_bits(g) & PREV_MASK_FINALIZED)
            | PREV_MASK_COLLECTING
            | ((refs as usize) << PREV_SHIFT)) as *mut GcHead
    }
}

#[inline]
unsafe fn is_collecting(g: *mut GcHead) -> bool {
    // SAFETY: caller passes a valid header.
    unsafe { prev_bits(g) & PREV_MASK_COLLECTING != 0 }
}

/// Whether a GC object is part of the collection in progress (`gc_is_collecting`).
///
/// # Safety
/// `op` is a GC object.
#[inline]
pub(crate) unsafe fn is_collecting_obj(op: *mut PyObject) -> bool {
    // SAFETY: caller contract.
    unsafe { is_collecting(head_of(op)) }
}

#[inline]
unsafe fn clear_collecting(g: *mut GcHead) {
    // SAFETY: caller passes a valid header.
    unsafe { (*g).prev = (prev_bits(g) & !PREV_MASK_COLLECTING) as *mut GcHead }
}

/// Whether an object takes part in collection: a GC type (built-in type objects are
/// allocated with a header but never tracked, so they never get COLLECTING).
#[inline]
unsafe fn is_gc_object(op: *mut PyObject) -> bool {
    // SAFETY: op is a live object.
    unsafe { (*(*op).ob_type).is_gc() }
}

/// A local list head (like CPython's `PyGC_Head unreachable;` on the C stack).
pub(crate) struct ListHead(Box<GcHead>);

impl ListHead {
    pub(crate) fn new() -> ListHead {
        let mut b = Box::new(GcHead {
            next: std::ptr::null_mut(),
            prev: std::ptr::null_mut(),
        });
        let p: *mut GcHead = &mut *b;
        b.next = p;
        b.prev = p;
        ListHead(b)
    }
    pub(crate) fn ptr(&mut self) -> *mut GcHead {
        &mut *self.0
    }
}

pub(crate) unsafe fn list_is_empty(l: *mut GcHead) -> bool {
    // SAFETY: l is a list head.
    unsafe { next_of(l) == l }
}

unsafe fn list_append(node: *mut GcHead, list: *mut GcHead) {
    // SAFETY: node and list are valid; list's prev is its last element.
    unsafe {
        let last = prev_of(list);
        set_prev(node, last);
        set_next(last, node);
        set_next(node, list);
        (*list).prev = with_flags(node, (*list).prev);
    }
}

pub(crate) unsafe fn list_move(node: *mut GcHead, list: *mut GcHead) {
    // SAFETY: node is linked in a consistent list.
    unsafe {
        let prev = prev_of(node);
        let next = next_of(node);
        set_next(prev, next);
        set_prev(next, prev);
        list_append(node, list);
    }
}

/// Appends all of `from` to `to`, leaving `from` empty.
unsafe fn list_merge(from: *mut GcHead, to: *mut GcHead) {
    // SAFETY: both are consistent lists.
    unsafe {
        if !list_is_empty(from) {
            let to_tail = prev_of(to);
            let from_head = next_of(from);
            let from_tail = prev_of(from);
            set_next(to_tail, from_head);
            set_prev(from_head, to_tail);
            set_next(from_tail, to);
            (*to).prev = with_flags(from_tail, (*to).prev);
        }
        set_next(from, from);
        (*from).prev = with_flags(from, (*from).prev);
    }
}

unsafe fn list_size(l: *mut GcHead) -> usize {
    let mut n = 0;
    // SAFETY: l is a consistent list.
    unsafe {
        let mut g = next_of(l);
        while g != l {
            n += 1;
            g = next_of(g);
        }
    }
    n
}

unsafe fn traverse(op: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: op is live; traverse only reads its fields.
    unsafe {
        if let Some(t) = (*(*op).ob_type).tp_traverse {
            t(op, visit);
        }
    }
}

unsafe fn update_refs(containers: *mut GcHead) {
    // SAFETY: containers is a consistent list of live tracked objects.
    unsafe {
        let mut g = next_of(containers);
        while g != containers {
            let next = next_of(g);
            reset_refs(g, (*object_of(g)).ob_refcnt);
            g = next;
        }
    }
}

unsafe fn subtract_refs(containers: *mut GcHead) {
    // SAFETY: as update_refs; the visitor only touches headers of GC objects.
    unsafe {
        let mut g = next_of(containers);
        while g != containers {
            traverse(object_of(g), &mut |r| {
                if is_gc_object(r) {
                    let rg = head_of(r);
                    if is_collecting(rg) {
                        (*rg).prev = (prev_bits(rg) - (1 << PREV_SHIFT)) as *mut GcHead;
                    }
                }
            });
            g = next_of(g);
        }
    }
}

unsafe fn move_unreachable(young: *mut GcHead, unreachable: *mut GcHead) {
    // SAFETY: young's objects carry gc_refs from update/subtract_refs; the list is walked
    // through `next` only, and prev links are rebuilt as objects are kept.
    unsafe {
        let mut prev = young;
        let mut g = next_of(young);
        while g != young {
            if gc_refs(g) != 0 {
                let op = object_of(g);
                traverse(op, &mut |r| visit_reachable(r, young));
                set_prev(g, prev);
                clear_collecting(g);
                prev = g;
            } else {
                // Tentatively unreachable.
                set_next(prev, next_of(g));
                let last = prev_of(unreachable);
                (*last).next = (NEXT_MASK_UNREACHABLE | g as usize) as *mut GcHead;
                set_prev(g, last);
                (*g).next = (NEXT_MASK_UNREACHABLE | unreachable as usize) as *mut GcHead;
                (*unreachable).prev = with_flags(g, (*unreachable).prev);
            }
            g = next_of(prev);
        }
        (*young).prev = with_flags(prev, (*young).prev);
        (*unreachable).next = (next_raw(unreachable) & !NEXT_MASK_UNREACHABLE) as *mut GcHead;
    }
}

unsafe fn visit_reachable(op: *mut PyObject, reachable: *mut GcHead) {
    // SAFETY: op is live; only GC objects' headers are touched.
    unsafe {
        if !is_gc_object(op) {
            return;
        }
        let g = head_of(op);
        if !is_collecting(g) {
            return;
        }
        if next_raw(g) & NEXT_MASK_UNREACHABLE != 0 {
            // It was moved to unreachable but is reachable after all: back to young.
            let prev = prev_of(g);
            let next = next_of(g);
            (*prev).next = (*g).next;
            set_prev(next, prev);
            list_append(g, reachable);
            set_refs(g, 1);
        } else if gc_refs(g) == 0 {
            set_refs(g, 1);
        }
    }
}

unsafe fn deduce_unreachable(base: *mut GcHead, unreachable: *mut GcHead) {
    // SAFETY: base is a consistent list of tracked objects.
    unsafe {
        update_refs(base);
        subtract_refs(base);
        move_unreachable(base, unreachable);
    }
}

/// Clears the unreachable marks left by move_unreachable.
unsafe fn clear_unreachable_mask(unreachable: *mut GcHead) {
    // SAFETY: unreachable is a list whose nodes carry the mark.
    unsafe {
        let mut g = next_of(unreachable);
        while g != unreachable {
            (*g).next = (next_raw(g) & !NEXT_MASK_UNREACHABLE) as *mut GcHead;
            g = next_of(g);
        }
    }
}

unsafe fn list_clear_collecting(l: *mut GcHead) {
    // SAFETY: consistent list.
    unsafe {
        let mut g = next_of(l);
        while g != l {
            clear_collecting(g);
            g = next_of(g);
        }
    }
}

/// Tuples whose items can never be part of a cycle stop being tracked.
unsafe fn untrack_tuples(head: *mut GcHead) {
    // SAFETY: consistent list of tracked objects.
    unsafe {
        let mut g = next_of(head);
        while g != head {
            let next = next_of(g);
            let op = object_of(g);
            if (*(*op).ob_type).kind == crate::typeobj::Kind::Tuple && !(*(*op).ob_type).is_heap() {
                let all_untracked = crate::objects::tuple::raw_items(op)
                    .iter()
                    .all(|&it| !may_be_tracked(it));
                if all_untracked {
                    untrack(op);
                }
            }
            g = next;
        }
    }
}

/// Dicts whose keys and values can never be part of a cycle stop being tracked.
unsafe fn untrack_dicts(head: *mut GcHead) {
    // SAFETY: consistent list of tracked objects.
    unsafe {
        let mut g = next_of(head);
        while g != head {
            let next = next_of(g);
            let op = object_of(g);
            if (*(*op).ob_type).kind == crate::typeobj::Kind::Dict && !(*(*op).ob_type).is_heap() {
                let mut any = false;
                crate::objects::dict::traverse(op, &mut |x| any |= may_be_tracked(x));
                if !any {
                    untrack(op);
                }
            }
            g = next;
        }
    }
}

/// `_PyObject_GC_MAY_BE_TRACKED`.
unsafe fn may_be_tracked(op: *mut PyObject) -> bool {
    // SAFETY: op is live.
    unsafe {
        if !is_gc_object(op) {
            return false;
        }
        if (*(*op).ob_type).kind == crate::typeobj::Kind::Tuple {
            return is_tracked(op);
        }
        true
    }
}

/// Runs `__del__` of each unreachable object that has one and has not run it yet.
unsafe fn finalize_garbage(collectable: *mut GcHead) {
    let mut seen = ListHead::new();
    // SAFETY: collectable is a consistent list; objects stay alive (held by incref)
    // while their finalizer runs.
    unsafe {
        while !list_is_empty(collectable) {
            let g = next_of(collectable);
            let op = object_of(g);
            list_move(g, seen.ptr());
            let t = &*(*op).ob_type;
            let has_finalizer =
                (t.is_heap() && t.has_finalizer) || t.kind == crate::typeobj::Kind::Generator;
            if has_finalizer && !is_finalized(op) {
                set_finalized(op);
                let o = crate::object::Obj::from_borrowed(op);
                if t.kind == crate::typeobj::Kind::Generator {
                    crate::objects::generator::finalize(&o);
                } else {
                    crate::vm::finalize::call_del(&o);
                }
                drop(o);
            }
        }
        list_merge(seen.ptr(), collectable);
    }
}

/// Breaks the reference cycles of the final garbage with tp_clear.
unsafe fn delete_garbage(
    collectable: *mut GcHead,
    old: *mut GcHead,
    save_all: bool,
    garbage: &mut Vec<crate::object::Obj>,
) {
    // SAFETY: collectable holds live objects; each is kept alive by an incref while its
    // tp_clear runs, and anything still alive afterwards moves to `old`.
    unsafe {
        while !list_is_empty(collectable) {
            let g = next_of(collectable);
            let op = object_of(g);
            if save_all {
                garbage.push(crate::object::Obj::from_borrowed(op));
            } else if let Some(clear) = (*(*op).ob_type).tp_clear {
                crate::object::incref(op);
                clear(op);
                crate::object::decref(op);
            }
            if next_of(collectable) == g {
                clear_collecting(g);
                list_move(g, old);
            }
        }
    }
}

/// Per-generation statistics (`gc.get_stats()`).
#[derive(Clone, Copy, Default)]
pub struct GenStats {
    pub collections: usize,
    pub collected: usize,
    pub uncollectable: usize,
}

pub const DEBUG_STATS: u32 = 1;
pub const DEBUG_COLLECTABLE: u32 = 2;
pub const DEBUG_UNCOLLECTABLE: u32 = 4;
pub const DEBUG_SAVEALL: u32 = 32;

/// `debug_cycle`: `gc: collectable <A 0x7f...>` on stderr, naming the type by its
/// `tp_name` (a class's current `__name__`, a built-in's dotted name).
///
/// # Safety
/// `op` is a live object.
unsafe fn debug_cycle(what: &str, op: *mut PyObject) {
    // SAFETY: op is live (caller contract), and so is its type.
    let name = unsafe { (*(*op).ob_type).full_name() };
    crate::modules::write_stderr(&format!("gc: {what} <{name} {op:p}>\n"));
}

/// `gc_collect_main`: collects `generation` (and the younger ones); returns
/// (collected, uncollectable).
pub fn collect_generation(generation: usize) -> (usize, usize) {
    let r = crate::runtime::rt();
    let gc = r.gc();
    // Finalizers and weakref callbacks run Python code mid-collection: no automatic
    // collection may start inside this one (CPython's `collecting` flag).
    let was_collecting = std::mem::replace(&mut gc.collecting, true);
    let debug = gc.debug;
    let start = std::time::Instant::now();
    if debug & DEBUG_STATS != 0 {
        // SAFETY: generation lists are consistent.
        let sizes: Vec<usize> = (0..NUM_GENERATIONS)
            .map(|i| unsafe { list_size(gc.generations[i].sentinel()) })
            .collect();
        // SAFETY: as above.
        let perm = unsafe { list_size(gc.permanent.sentinel()) };
        crate::modules::write_stderr(&format!(
            "gc: collecting generation {}...\ngc: objects in each generation: {} {} {}\ngc: objects in permanent generation: {}\n",
            generation, sizes[0], sizes[1], sizes[2], perm
        ));
    }
    if generation + 1 < NUM_GENERATIONS {
        gc.generations[generation + 1].count += 1;
    }
    for i in 0..=generation {
        gc.generations[i].count = 0;
    }
    let mut unreachable = ListHead::new();
    let mut finalizers_unused = ListHead::new();
    let _ = finalizers_unused.ptr();
    let (m, n);
    // SAFETY: all list manipulation below follows gcmodule.c's invariants; the lists are
    // consistent between steps and only tracked, live objects are in them.
    unsafe {
        for i in 0..generation {
            let from = gc.generations[i].sentinel();
            let to = gc.generations[generation].sentinel();
            list_merge(from, to);
        }
        let young = gc.generations[generation].sentinel();
        let old = if generation + 1 < NUM_GENERATIONS {
            gc.generations[generation + 1].sentinel()
        } else {
            young
        };
        deduce_unreachable(young, unreachable.ptr());
        untrack_tuples(young);
        if young != old {
            if generation == NUM_GENERATIONS - 2 {
                gc.long_lived_pending += list_size(young);
            }
            list_merge(young, old);
        } else {
            untrack_dicts(young);
            gc.long_lived_pending = 0;
            gc.long_lived_total = list_size(young);
        }
        clear_unreachable_mask(unreachable.ptr());
        let mut g = next_of(unreachable.ptr());
        while g != unreachable.ptr() {
            if debug & DEBUG_COLLECTABLE != 0 {
                debug_cycle("collectable", object_of(g));
            }
            g = next_of(g);
        }
        let mut collected = crate::objects::weakref::handle_weakrefs(unreachable.ptr(), old);
        finalize_garbage(unreachable.ptr());
        let mut final_unreachable = ListHead::new();
        list_clear_collecting(unreachable.ptr());
        deduce_unreachable(unreachable.ptr(), final_unreachable.ptr());
        clear_unreachable_mask(final_unreachable.ptr());
        list_merge(unreachable.ptr(), old);
        collected += list_size(final_unreachable.ptr());
        m = collected;
        let mut garbage = Vec::new();
        delete_garbage(
            final_unreachable.ptr(),
            old,
            debug & DEBUG_SAVEALL != 0,
            &mut garbage,
        );
        if !garbage.is_empty() {
            crate::modules::gcmodule::extend_garbage(garbage);
        }
        n = 0;
    }
    if debug & DEBUG_STATS != 0 {
        crate::modules::write_stderr(&format!(
            "gc: done, {} unreachable, {} uncollectable, {:.4}s elapsed\n",
            m + n,
            n,
            start.elapsed().as_secs_f64()
        ));
    }
    if generation == NUM_GENERATIONS - 1 {
        // SAFETY: free-list objects are dead and owned by the lists.
        unsafe { r.freelists().clear() };
    }
    let st = &mut r.gc().stats[generation];
    st.collections += 1;
    st.collected += m;
    st.uncollectable += n;
    r.gc().collecting = was_collecting;
    (m, n)
}

/// `gc_collect_generations`: the automatic collection triggered by allocation.
fn collect_generations() {
    let gc = crate::runtime::rt().gc();
    for i in (0..NUM_GENERATIONS).rev() {
        if gc.generations[i].count > gc.generations[i].threshold {
            // A full collection needs at least 25% new long-lived objects.
            if i == NUM_GENERATIONS - 1 && gc.long_lived_pending < gc.long_lived_total / 4 {
                continue;
            }
            collect_with_callbacks(i);
            break;
        }
    }
}

/// A collection with `gc.callbacks` invoked around it; returns collected + uncollectable.
pub fn collect_with_callbacks(generation: usize) -> usize {
    let gc = crate::runtime::rt().gc();
    if gc.collecting {
        return 0;
    }
    gc.collecting = true;
    crate::modules::gcmodule::invoke_callbacks("start", generation, 0, 0);
    let (m, n) = collect_generation(generation);
    crate::modules::gcmodule::invoke_callbacks("stop", generation, m, n);
    crate::runtime::rt().gc().collecting = false;
    m + n
}

/// Called for every GC allocation (`_PyObject_GC_Link`): may run a collection.
#[inline]
pub fn on_alloc_and_maybe_collect() {
    let gc = crate::runtime::rt().gc();
    gc.generations[0].count += 1;
    if gc.generations[0].count > gc.generations[0].threshold
        && gc.enabled
        && gc.generations[0].threshold != 0
        && !gc.collecting
    {
        collect_generations();
    }
}

/// Every tracked object (`gc.get_objects(generation)`).
pub fn objects(generation: Option<usize>) -> Vec<crate::object::Obj> {
    let gc = crate::runtime::rt().gc();
    let mut v = Vec::new();
    let gens: Vec<usize> = match generation {
        Some(g) => vec![g],
        None => (0..NUM_GENERATIONS).collect(),
    };
    for i in gens {
        let head = gc.generations[i].sentinel();
        // SAFETY: consistent list of live tracked objects.
        unsafe {
            let mut g = next_of(head);
            while g != head {
                v.push(crate::object::Obj::from_borrowed(object_of(g)));
                g = next_of(g);
            }
        }
    }
    v
}

/// `gc.freeze()`: moves every tracked object to the permanent generation.
pub fn freeze() {
    let gc = crate::runtime::rt().gc();
    let perm = gc.permanent.sentinel();
    for i in 0..NUM_GENERATIONS {
        // SAFETY: consistent lists.
        unsafe { list_merge(gc.generations[i].sentinel(), perm) };
    }
    gc.generations[0].count = 0;
}

pub fn unfreeze() {
    let gc = crate::runtime::rt().gc();
    let perm = gc.permanent.sentinel();
    let old = gc.generations[NUM_GENERATIONS - 1].sentinel();
    // SAFETY: consistent lists.
    unsafe { list_merge(perm, old) };
}

pub fn freeze_count() -> usize {
    // SAFETY: consistent list.
    unsafe { list_size(crate::runtime::rt().gc().permanent.sentinel()) }
}
