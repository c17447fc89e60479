//! `tuple`: a variable-size GC object, 24 bytes of header plus 8 per item (`(1,2,3)` is 64
//! bytes with the GC header). `()` is a never-tracked singleton; tuples of sizes 1..=19 are
//! recycled through per-size free lists.

use super::{alloc_object, owned};
use crate::freelist::{TUPLE_MAXFREELIST, TUPLE_MAXSAVESIZE};
use crate::object::{decref, Obj, PyObject, PyVarObject};
use crate::runtime::{rt, PyResult};

pub const HEADER_SIZE: usize = 24;

#[repr(C)]
pub struct TupleObject {
    pub ob_base: PyVarObject,
    pub items: [*mut PyObject; 0],
}

/// # Safety
/// `p` is a tuple.
#[inline]
pub unsafe fn raw_items<'a>(p: *mut PyObject) -> &'a [*mut PyObject] {
    // SAFETY: a tuple holds ob_size item pointers after the header.
    unsafe {
        let n = (*(p as *mut PyVarObject)).ob_size as usize;
        std::slice::from_raw_parts((p as *mut u8).add(HEADER_SIZE) as *const *mut PyObject, n)
    }
}

/// The items as borrowed references.
#[inline]
pub fn items(o: &Obj) -> &[Obj] {
    // SAFETY: Obj is a transparent non-null pointer; tuple items are never null once built.
    unsafe { std::mem::transmute::<&[*mut PyObject], &[Obj]>(raw_items(o.as_ptr())) }
}

#[inline]
pub fn len(o: &Obj) -> usize {
    // SAFETY: tuples are var objects.
    unsafe { (*(o.as_ptr() as *mut PyVarObject)).ob_size as usize }
}

/// Allocates a tuple of `n` null slots (to be filled before it escapes).
fn alloc_tuple(n: usize) -> PyResult<*mut PyObject> {
    let r = rt();
    if (1..TUPLE_MAXSAVESIZE).contains(&n) {
        if let Some(p) = r.freelists().tuple[n - 1].pop() {
            // SAFETY: cached tuples are dead objects of this size; revive with count 1.
            unsafe {
                (*p).ob_refcnt = 1;
            }
            return Ok(p);
        }
    }
    // SAFETY: the runtime's tuple type is live.
    let p = unsafe { alloc_object(r.types.tuple, HEADER_SIZE + 8 * n) }?;
    // SAFETY: fresh tuple.
    unsafe { (*(p as *mut PyVarObject)).ob_size = n as isize };
    Ok(p)
}

/// Builds a tuple from owned items.
pub fn new_tuple(items: Vec<Obj>) -> PyResult<Obj> {
    if items.is_empty() {
        return Ok(rt().empty_tuple());
    }
    let p = alloc_tuple(items.len())?;
    // SAFETY: p has items.len() slots; ownership of each item moves into the tuple.
    unsafe {
        let slots = (p as *mut u8).add(HEADER_SIZE) as *mut *mut PyObject;
        for (i, it) in items.into_iter().enumerate() {
            *slots.add(i) = it.into_raw();
        }
        crate::gc::track(p);
        Ok(owned(p))
    }
}

/// Builds a tuple from any exact-size sequence of owned items (e.g. straight off a frame's
/// value stack), without an intermediate vector.
pub fn from_iter_exact(n: usize, items: impl Iterator<Item = Obj>) -> PyResult<Obj> {
    from_indexed_items(n, (0..n).zip(items))
}

/// Builds a tuple from exactly `n` owned items given last first (as they come off the
/// top of a frame's value stack), without an intermediate vector.
pub fn from_rev_iter_exact(n: usize, items: impl Iterator<Item = Obj>) -> PyResult<Obj> {
    from_indexed_items(n, (0..n).rev().zip(items))
}

/// A tuple of `n` slots filled from `(slot, item)` pairs, each slot below `n` at most once.
#[inline(always)]
fn from_indexed_items(n: usize, items: impl Iterator<Item = (usize, Obj)>) -> PyResult<Obj> {
    if n == 0 {
        return Ok(rt().empty_tuple());
    }
    let p = alloc_tuple(n)?;
    // SAFETY: p has n slots and the callers' indices are distinct and below n; each
    // item's ownership moves into the tuple. Any slot left unfilled stays null, which
    // traverse and dealloc allow.
    unsafe {
        let slots = (p as *mut u8).add(HEADER_SIZE) as *mut *mut PyObject;
        for (i, it) in items {
            *slots.add(i) = it.into_raw();
        }
        crate::gc::track(p);
        Ok(owned(p))
    }
}

/// Builds a tuple by cloning borrowed items.
pub fn from_slice(items: &[Obj]) -> PyResult<Obj> {
    from_iter_exact(items.len(), items.iter().cloned())
}

/// The empty tuple singleton, made once at start-up and never tracked.
pub fn make_empty() -> PyResult<*mut PyObject> {
    // SAFETY: the runtime's tuple type is created (flags set) before the empty tuple.
    let p = unsafe { alloc_object(rt().types.tuple, HEADER_SIZE) }?;
    Ok(p)
}

pub fn sizeof(o: &Obj) -> usize {
    HEADER_SIZE + 8 * len(o)
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: we own the items; then the tuple is cached or freed.
    unsafe {
        crate::gc::untrack(p);
        let n = (*(p as *mut PyVarObject)).ob_size as usize;
        let slots = (p as *mut u8).add(HEADER_SIZE) as *mut *mut PyObject;
        for i in (0..n).rev() {
            let it = *slots.add(i);
            *slots.add(i) = std::ptr::null_mut();
            crate::object::xdecref(it);
        }
        let r = rt();
        if (*p).ob_type == r.types.tuple && (1..=TUPLE_MAXSAVESIZE).contains(&n) {
            let fl = &mut r.freelists().tuple[n - 1];
            if fl.len() < TUPLE_MAXFREELIST {
                fl.push(p);
                return;
            }
        }
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a tuple.
pub unsafe fn traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: items are live or null.
    for &it in unsafe { raw_items(p) } {
        if !it.is_null() {
            visit(it);
        }
    }
}

/// Releases one item slot (tuples are cleared only by the collector).
///
/// # Safety
/// `p` is a tuple unreachable from the program.
pub unsafe fn clear(p: *mut PyObject) {
    // SAFETY: we own the items.
    unsafe {
        let n = (*(p as *mut PyVarObject)).ob_size as usize;
        let slots = (p as *mut u8).add(HEADER_SIZE) as *mut *mut PyObject;
        for i in 0..n {
            let it = *slots.add(i);
            if !it.is_null() {
                *slots.add(i) = std::ptr::null_mut();
                decref(it);
            }
        }
    }
}

pub fn repr(o: &Obj) -> PyResult<Obj> {
    let items = items(o);
    if items.is_empty() {
        return super::str::new_str("()");
    }
    crate::ops::repr_guard(o, "(...)", || {
        let inner = super::seq::repr_items(items)?;
        super::str::new_str(&if items.len() == 1 {
            format!("({},)", inner)
        } else {
            format!("({})", inner)
        })
    })
}

/// CPython 3.11's tuple hash (xxHash-based `tuplehash`).
pub fn hash_slot(o: &Obj) -> PyResult<isize> {
    const P1: u64 = 11400714785074694791;
    const P2: u64 = 14029467366897019727;
    const P5: u64 = 2870177450012600261;
    let items = items(o);
    let mut acc: u64 = P5;
    for it in items {
        let lane = crate::ops::hash(it)? as u64;
        acc = acc.wrapping_add(lane.wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add((items.len() as u64) ^ (P5 ^ 3527539));
    if acc == u64::MAX {
        return Ok(1546275796);
    }
    Ok(acc as isize)
}

pub fn len_slot(o: &Obj) -> PyResult<usize> {
    Ok(len(o))
}

pub fn richcompare(a: &Obj, b: &Obj, op: crate::typeobj::CompareOp) -> PyResult<Obj> {
    let r = rt();
    if !super::is_instance(b, r.types.tuple) {
        return Ok(r.not_implemented());
    }
    let (x, y) = (items(a).to_vec(), items(b).to_vec());
    Ok(r.bool_obj(super::seq::compare(&x, &y, op)?))
}

pub fn getitem(o: &Obj, key: &Obj) -> PyResult<Obj> {
    let its = items(o);
    if crate::ops::kind(key) == crate::typeobj::Kind::Slice {
        let (start, _, step, n) = super::slice::indices(key, its.len())?;
        if step == 1 && n == its.len() && super::is_exact(o, rt().types.tuple) {
            return Ok(o.clone());
        }
        let mut v = Vec::with_capacity(n);
        let mut i = start;
        for _ in 0..n {
            v.push(its[i as usize].clone());
            i += step;
        }
        return new_tuple(v);
    }
    if !matches!(
        crate::ops::kind(key),
        crate::typeobj::Kind::Int | crate::typeobj::Kind::Bool
    ) && !key.typ().is_heap()
    {
        return Err(super::exceptions::type_error(&format!(
            "tuple indices must be integers or slices, not {}",
            key.typ().name()
        )));
    }
    match super::seq::index(key, its.len())? {
        Some(i) => Ok(its[i].clone()),
        None => Err(super::seq::index_error("tuple")),
    }
}

pub fn contains(o: &Obj, item: &Obj) -> PyResult<bool> {
    for it in items(o).to_vec() {
        if crate::ops::eq(&it, item)? {
            return Ok(true);
        }
    }
    Ok(false)
}

pub fn iter(o: &Obj) -> PyResult<Obj> {
    // SAFETY: the runtime's tuple_iterator type is live and has the seqiter layout.
    unsafe { super::iter::new_seq_iter(rt().types.tuple_iterator, o) }
}

/// `tuple(iterable=())`.
pub fn new(cls: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let items = match args.first() {
        None => vec![],
        Some(it) => {
            if super::is_exact(it, rt().types.tuple)
                && cls.as_ptr() == rt().types.tuple as *mut PyObject
            {
                return Ok(it.clone());
            }
            crate::ops::collect(it)?
        }
    };
    if cls.as_ptr() == rt().types.tuple as *mut PyObject {
        return new_tuple(items);
    }
    // SAFETY: `cls` is the live class `__new__` was called on, a tuple subclass.
    let p = unsafe {
        alloc_object(
            cls.as_ptr() as *mut crate::typeobj::TypeObject,
            HEADER_SIZE + 8 * items.len(),
        )
    }?;
    // SAFETY: fresh tuple-layout instance of a subclass, sized for the items.
    unsafe {
        (*(p as *mut PyVarObject)).ob_size = items.len() as isize;
        let slots = (p as *mut u8).add(HEADER_SIZE) as *mut *mut PyObject;
        for (i, it) in items.into_iter().enumerate() {
            *slots.add(i) = it.into_raw();
        }
        crate::gc::track(p);
        Ok(owned(p))
    }
}

fn t_index(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let v = args.first().ok_or_else(|| {
        super::exceptions::type_error("index expected at least 1 argument, got 0")
    })?;
    let its = items(self_).to_vec();
    let (start, stop) = super::seq::index_bounds(args, its.len())?;
    for (i, it) in its.iter().enumerate().take(stop).skip(start) {
        if crate::ops::eq(it, v)? {
            return super::int::from_usize(i);
        }
    }
    Err(super::exceptions::value_error(
        "tuple.index(x): x not in tuple",
    ))
}

fn t_count(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let v = args.first().ok_or_else(|| {
        super::exceptions::type_error("count() takes exactly one argument (0 given)")
    })?;
    let mut n = 0;
    for it in items(self_).to_vec() {
        if crate::ops::eq(&it, v)? {
            n += 1;
        }
    }
    super::int::from_usize(n)
}

pub static METHODS: &[super::descr::MethodDef] = &[
    super::descr::MethodDef::new("index", t_index),
    super::descr::MethodDef::new("count", t_count),
];
