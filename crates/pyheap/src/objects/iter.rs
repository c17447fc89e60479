//! Iterators over built-in sequences (`listiterator` and friends: 32 bytes + 16 GC) and
//! dicts (`dictiterobject`: 56 bytes + 16 GC).

use super::{alloc_object, owned};
use crate::object::{xdecref, Obj, PyObject};
use crate::runtime::{rt, PyResult};
use crate::typeobj::TypeObject;

/// An index into a sequence it holds a reference to; the reference is dropped when
/// exhausted, as CPython does.
#[repr(C)]
pub struct SeqIterObject {
    pub ob_base: PyObject,
    pub index: isize,
    pub seq: *mut PyObject,
}

/// A new sequence iterator of type `tp` over `seq`, starting at index 0.
///
/// # Safety
/// `tp` points to a live iterator type with the `SeqIterObject` layout.
pub unsafe fn new_seq_iter(tp: *mut TypeObject, seq: &Obj) -> PyResult<Obj> {
    // SAFETY: tp is a live seqiter-layout type (caller contract).
    let p = unsafe { alloc_object(tp, std::mem::size_of::<SeqIterObject>()) }?;
    // SAFETY: fresh iterator.
    unsafe {
        let it = &mut *(p as *mut SeqIterObject);
        it.seq = seq.clone().into_raw();
        crate::gc::track(p);
        Ok(owned(p))
    }
}

// The object's fields are interior-mutable state (a C struct behind `&Obj`).
#[allow(clippy::mut_from_ref)]
fn parts(o: &Obj) -> (&mut SeqIterObject, Option<Obj>) {
    // SAFETY: o is a sequence iterator.
    let it = unsafe { o.cast_mut::<SeqIterObject>() };
    let seq = if it.seq.is_null() {
        None
    } else {
        // SAFETY: live.
        Some(unsafe { Obj::from_borrowed(it.seq) })
    };
    (it, seq)
}

fn exhaust(it: &mut SeqIterObject) {
    let old = std::mem::replace(&mut it.seq, std::ptr::null_mut());
    // SAFETY: owned reference.
    unsafe { xdecref(old) };
}

pub fn list_next(o: &Obj) -> PyResult<Option<Obj>> {
    let (it, seq) = parts(o);
    let Some(seq) = seq else { return Ok(None) };
    let items = super::list::items(&seq);
    if (it.index as usize) < items.len() {
        let v = items[it.index as usize].clone();
        it.index += 1;
        return Ok(Some(v));
    }
    exhaust(it);
    Ok(None)
}

pub fn tuple_next(o: &Obj) -> PyResult<Option<Obj>> {
    let (it, seq) = parts(o);
    let Some(seq) = seq else { return Ok(None) };
    let items = super::tuple::items(&seq);
    if (it.index as usize) < items.len() {
        let v = items[it.index as usize].clone();
        it.index += 1;
        return Ok(Some(v));
    }
    exhaust(it);
    Ok(None)
}

pub fn str_next(o: &Obj) -> PyResult<Option<Obj>> {
    let (it, seq) = parts(o);
    let Some(seq) = seq else { return Ok(None) };
    if (it.index as usize) < super::str::len(&seq) {
        let cp = super::str::codepoint_at(&seq, it.index as usize);
        it.index += 1;
        return super::str::from_codepoint(cp).map(Some);
    }
    exhaust(it);
    Ok(None)
}

/// `dictiterobject` (3.11): the dict (dropped when exhausted), its size when iteration
/// began, the entry position, the reusable result tuple (items iterators) and the count
/// of items left.
#[repr(C)]
pub struct DictIterObject {
    pub ob_base: PyObject,
    pub di_dict: *mut PyObject,
    pub di_used: isize,
    pub di_pos: isize,
    pub di_result: *mut PyObject,
    pub len: isize,
}

/// `dictiter_new`: items iterators start with a `(None, None)` result tuple to recycle;
/// reverse iterators start at the last entry.
///
/// # Safety
/// `tp` points to one of the runtime's dict iterator types (`DictIterObject` layout).
pub unsafe fn new_dict_iter(tp: *mut TypeObject, d: &Obj) -> PyResult<Obj> {
    let r = rt();
    let t = &r.types;
    let result = if tp == t.dict_itemiterator || tp == t.dict_reverseitemiterator {
        Some(super::tuple::new_tuple(vec![r.none(), r.none()])?)
    } else {
        None
    };
    let reverse = tp == t.dict_reversekeyiterator
        || tp == t.dict_reversevalueiterator
        || tp == t.dict_reverseitemiterator;
    let pos = if reverse {
        super::dict::nentries(d) as isize - 1
    } else {
        0
    };
    let n = super::dict::len(d) as isize;
    // SAFETY: tp is a live dict iterator type (caller contract).
    let p = unsafe { alloc_object(tp, std::mem::size_of::<DictIterObject>()) }?;
    // SAFETY: fresh iterator; its fields take new references.
    unsafe {
        let it = &mut *(p as *mut DictIterObject);
        it.di_dict = d.clone().into_raw();
        it.di_used = n;
        it.di_pos = pos;
        it.di_result = result.map(Obj::into_raw).unwrap_or(std::ptr::null_mut());
        it.len = n;
        crate::gc::track(p);
        Ok(owned(p))
    }
}

/// The dict a dict iterator walks: `None` once exhausted, and CPython's error if the
/// dict changed size since iteration began (after which it keeps failing).
fn iterated_dict(it: &mut DictIterObject) -> PyResult<Option<Obj>> {
    if it.di_dict.is_null() {
        return Ok(None);
    }
    // SAFETY: live dict owned by the iterator.
    let d = unsafe { Obj::from_borrowed(it.di_dict) };
    if it.di_used != super::dict::len(&d) as isize {
        it.di_used = -1;
        return Err(super::exceptions::runtime_error(
            "dictionary changed size during iteration",
        ));
    }
    Ok(Some(d))
}

/// Dict iterators walk entry positions; `kind` selects keys, values or items.
fn dict_next(o: &Obj, kind: u8) -> PyResult<Option<Obj>> {
    // SAFETY: o is a dict iterator.
    let it = unsafe { o.cast_mut::<DictIterObject>() };
    let Some(d) = iterated_dict(it)? else {
        return Ok(None);
    };
    let mut pos = it.di_pos as usize;
    let r = super::dict::next_entry(&d, &mut pos);
    it.di_pos = pos as isize;
    let Some((k, v)) = r else {
        let old = std::mem::replace(&mut it.di_dict, std::ptr::null_mut());
        drop(d);
        // SAFETY: the iterator owned this reference.
        unsafe { xdecref(old) };
        return Ok(None);
    };
    if it.len == 0 {
        let old = std::mem::replace(&mut it.di_dict, std::ptr::null_mut());
        drop(d);
        // SAFETY: the iterator owned this reference.
        unsafe { xdecref(old) };
        return Err(super::exceptions::runtime_error(
            "dictionary keys changed during iteration",
        ));
    }
    it.len -= 1;
    Ok(Some(match kind {
        0 => k,
        1 => v,
        _ => super::builtin_iters::reuse_result(it.di_result, vec![k, v])?,
    }))
}

pub fn dict_key_next(o: &Obj) -> PyResult<Option<Obj>> {
    dict_next(o, 0)
}
pub fn dict_value_next(o: &Obj) -> PyResult<Option<Obj>> {
    dict_next(o, 1)
}
pub fn dict_item_next(o: &Obj) -> PyResult<Option<Obj>> {
    dict_next(o, 2)
}

/// Reverse dict iterators (`reversed(d)`, `reversed(d.items())`) walk entry positions
/// down from the last; like CPython's they check the size but not the keys.
fn dict_rev_next(o: &Obj, kind: u8) -> PyResult<Option<Obj>> {
    // SAFETY: o is a dict iterator.
    let it = unsafe { o.cast_mut::<DictIterObject>() };
    let Some(d) = iterated_dict(it)? else {
        return Ok(None);
    };
    let mut pos = it.di_pos;
    let r = super::dict::prev_entry(&d, &mut pos);
    it.di_pos = pos;
    let Some((k, v)) = r else {
        let old = std::mem::replace(&mut it.di_dict, std::ptr::null_mut());
        drop(d);
        // SAFETY: the iterator owned this reference.
        unsafe { xdecref(old) };
        return Ok(None);
    };
    it.len -= 1;
    Ok(Some(match kind {
        0 => k,
        1 => v,
        _ => super::builtin_iters::reuse_result(it.di_result, vec![k, v])?,
    }))
}

pub fn dict_rev_key_next(o: &Obj) -> PyResult<Option<Obj>> {
    dict_rev_next(o, 0)
}
pub fn dict_rev_value_next(o: &Obj) -> PyResult<Option<Obj>> {
    dict_rev_next(o, 1)
}
pub fn dict_rev_item_next(o: &Obj) -> PyResult<Option<Obj>> {
    dict_rev_next(o, 2)
}

fn dict_iter_length_hint(o: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    // SAFETY: o is a dict iterator.
    let it = unsafe { o.cast::<DictIterObject>() };
    let live = !it.di_dict.is_null() && {
        // SAFETY: live dict owned by the iterator.
        let d = unsafe { Obj::from_borrowed(it.di_dict) };
        it.di_used == super::dict::len(&d) as isize
    };
    let n = if live { it.len } else { 0 };
    super::int::new_int(n as i64)
}

pub static DICT_ITER_METHODS: &[super::descr::MethodDef] = &[super::descr::MethodDef::new(
    "__length_hint__",
    dict_iter_length_hint,
)];

/// # Safety
/// Refcount reached zero.
pub unsafe fn dict_iter_dealloc(p: *mut PyObject) {
    // SAFETY: dead iterator we own.
    unsafe {
        crate::gc::untrack(p);
        let it = &mut *(p as *mut DictIterObject);
        xdecref(std::mem::replace(&mut it.di_dict, std::ptr::null_mut()));
        xdecref(std::mem::replace(&mut it.di_result, std::ptr::null_mut()));
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a dict iterator.
pub unsafe fn dict_iter_traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live fields.
    let it = unsafe { &*(p as *mut DictIterObject) };
    for x in [it.di_dict, it.di_result] {
        if !x.is_null() {
            visit(x);
        }
    }
}

/// Generic `__getitem__`-protocol iterator: calls `seq[i]` until IndexError/StopIteration.
pub fn seq_next(o: &Obj) -> PyResult<Option<Obj>> {
    let (it, seq) = parts(o);
    let Some(seq) = seq else { return Ok(None) };
    let idx = super::int::new_int(it.index as i64)?;
    match crate::ops::getitem(&seq, &idx) {
        Ok(v) => {
            it.index += 1;
            Ok(Some(v))
        }
        Err(e)
            if super::is_instance(&e.0, rt().exc.index_error)
                || super::is_instance(&e.0, rt().exc.stop_iteration) =>
        {
            exhaust(it);
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: dead iterator we own.
    unsafe {
        crate::gc::untrack(p);
        xdecref(std::mem::replace(
            &mut (*(p as *mut SeqIterObject)).seq,
            std::ptr::null_mut(),
        ));
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a sequence iterator.
pub unsafe fn traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live field.
    let s = unsafe { (*(p as *mut SeqIterObject)).seq };
    if !s.is_null() {
        visit(s);
    }
}

/// Iterators are their own iterators.
pub fn self_iter(o: &Obj) -> PyResult<Obj> {
    Ok(o.clone())
}
