//! `range` (48 bytes: start, stop, step, length as int objects) and its iterator.

use super::{alloc_object, owned};
use crate::object::{xdecref, Obj, PyObject};
use crate::runtime::{rt, PyResult};

#[repr(C)]
pub struct RangeObject {
    pub ob_base: PyObject,
    pub start: *mut PyObject,
    pub stop: *mut PyObject,
    pub step: *mut PyObject,
    pub length: *mut PyObject,
}

/// `rangeiterobject`: C longs, 40 bytes.
#[repr(C)]
pub struct RangeIterObject {
    pub ob_base: PyObject,
    pub start: i64,
    pub step: i64,
    pub len: i64,
}

pub fn new_range(start: i64, stop: i64, step: i64) -> PyResult<Obj> {
    let len = range_len(start, stop, step);
    let p = alloc_object(rt().types.range, std::mem::size_of::<RangeObject>())?;
    // SAFETY: fresh range; fields take new references.
    unsafe {
        let r = &mut *(p as *mut RangeObject);
        r.start = super::int::new_int(start)?.into_raw();
        r.stop = super::int::new_int(stop)?.into_raw();
        r.step = super::int::new_int(step)?.into_raw();
        r.length = super::int::new_int(len)?.into_raw();
        Ok(owned(p))
    }
}

pub fn range_len(start: i64, stop: i64, step: i64) -> i64 {
    if step > 0 && start < stop {
        ((stop as i128 - start as i128 - 1) / step as i128 + 1) as i64
    } else if step < 0 && start > stop {
        ((start as i128 - stop as i128 - 1) / (-(step as i128)) + 1) as i64
    } else {
        0
    }
}

/// (start, stop, step, len).
pub fn parts(o: &Obj) -> (i64, i64, i64, i64) {
    // SAFETY: o is a range whose fields are small-enough ints (constructed from i64).
    unsafe {
        let r = o.cast::<RangeObject>();
        let g = |p: *mut PyObject| super::int::raw_as_i64(p).unwrap_or(0);
        (g(r.start), g(r.stop), g(r.step), g(r.length))
    }
}

pub fn new_iter(start: i64, step: i64, len: i64) -> PyResult<Obj> {
    let p = alloc_object(rt().types.range_iterator, std::mem::size_of::<RangeIterObject>())?;
    // SAFETY: fresh iterator.
    unsafe {
        let it = &mut *(p as *mut RangeIterObject);
        it.start = start;
        it.step = step;
        it.len = len;
        Ok(owned(p))
    }
}

pub fn iter(o: &Obj) -> PyResult<Obj> {
    let (start, _, step, len) = parts(o);
    new_iter(start, step, len)
}

pub fn iter_next(o: &Obj) -> PyResult<Option<Obj>> {
    // SAFETY: o is a range iterator.
    let it = unsafe { o.cast_mut::<RangeIterObject>() };
    if it.len <= 0 {
        return Ok(None);
    }
    let v = it.start;
    it.start = it.start.wrapping_add(it.step);
    it.len -= 1;
    super::int::new_int(v).map(Some)
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: dead range we own.
    unsafe {
        let r = &mut *(p as *mut RangeObject);
        for f in [&mut r.start, &mut r.stop, &mut r.step, &mut r.length] {
            xdecref(std::mem::replace(f, std::ptr::null_mut()));
        }
        super::free_object(p);
    }
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc_iter(p: *mut PyObject) {
    // SAFETY: no references held.
    unsafe { super::free_object(p) }
}

pub fn repr(o: &Obj) -> PyResult<Obj> {
    let (start, stop, step, _) = parts(o);
    if step == 1 {
        super::str::new_str(&format!("range({}, {})", start, stop))
    } else {
        super::str::new_str(&format!("range({}, {}, {})", start, stop, step))
    }
}

pub fn len_slot(o: &Obj) -> PyResult<usize> {
    Ok(parts(o).3 as usize)
}

pub fn getitem(o: &Obj, key: &Obj) -> PyResult<Obj> {
    let (start, _, step, len) = parts(o);
    if crate::ops::kind(key) == crate::typeobj::Kind::Slice {
        let (s, _, st, n) = super::slice::indices(key, len as usize)?;
        let nstart = start + s as i64 * step;
        let nstep = step * st as i64;
        return new_range(nstart, nstart + n as i64 * nstep, nstep);
    }
    match super::seq::index(key, len as usize)? {
        Some(i) => super::int::new_int(start + i as i64 * step),
        None => Err(super::exceptions::index_error("range object index out of range")),
    }
}

pub fn contains(o: &Obj, x: &Obj) -> PyResult<bool> {
    if !matches!(crate::ops::kind(x), crate::typeobj::Kind::Int | crate::typeobj::Kind::Bool) {
        for it in crate::ops::collect(o)? {
            if crate::ops::eq(&it, x)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    let (start, stop, step, _) = parts(o);
    let Some(v) = super::int::as_i64(x) else { return Ok(false) };
    let inside = if step > 0 { v >= start && v < stop } else { v <= start && v > stop };
    Ok(inside && (v - start) % step == 0)
}

pub fn richcompare(a: &Obj, b: &Obj, op: crate::typeobj::CompareOp) -> PyResult<Obj> {
    let r = rt();
    if crate::ops::kind(b) != crate::typeobj::Kind::Range || !matches!(op, crate::typeobj::CompareOp::Eq | crate::typeobj::CompareOp::Ne) {
        return Ok(r.not_implemented());
    }
    let (s1, _, st1, n1) = parts(a);
    let (s2, _, st2, n2) = parts(b);
    let eq = n1 == n2 && (n1 == 0 || (s1 == s2 && (n1 == 1 || st1 == st2)));
    Ok(r.bool_obj(if op == crate::typeobj::CompareOp::Eq { eq } else { !eq }))
}

/// `range(stop)`, `range(start, stop[, step])`.
pub fn new(_cls: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    if kwnames.is_some() {
        return Err(super::exceptions::type_error("range() takes no keyword arguments"));
    }
    let v = |o: &Obj| crate::ops::index_value(o);
    let (start, stop, step) = match args.len() {
        1 => (0, v(&args[0])?, 1),
        2 => (v(&args[0])?, v(&args[1])?, 1),
        3 => (v(&args[0])?, v(&args[1])?, v(&args[2])?),
        0 => return Err(super::exceptions::type_error("range expected at least 1 argument, got 0")),
        n => return Err(super::exceptions::type_error(&format!("range expected at most 3 arguments, got {}", n))),
    };
    if step == 0 {
        return Err(super::exceptions::value_error("range() arg 3 must not be zero"));
    }
    new_range(start, stop, step)
}
