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

/// `rangeiterobject` (3.11): C longs, 48 bytes.
#[repr(C)]
pub struct RangeIterObject {
    pub ob_base: PyObject,
    pub index: i64,
    pub start: i64,
    pub step: i64,
    pub len: i64,
}

pub fn new_range(start: i64, stop: i64, step: i64) -> PyResult<Obj> {
    let len = range_len(start, stop, step);
    // SAFETY: the runtime's range type is live.
    let p = unsafe { alloc_object(rt().types.range, std::mem::size_of::<RangeObject>()) }?;
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
    // SAFETY: the runtime's range_iterator type is live.
    let p = unsafe {
        alloc_object(
            rt().types.range_iterator,
            std::mem::size_of::<RangeIterObject>(),
        )
    }?;
    // SAFETY: fresh iterator.
    unsafe {
        let it = &mut *(p as *mut RangeIterObject);
        it.index = 0;
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
    if it.index >= it.len {
        return Ok(None);
    }
    let v = it.start.wrapping_add(it.index.wrapping_mul(it.step));
    it.index += 1;
    super::int::new_int(v).map(Some)
}

fn ri_length_hint(o: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    // SAFETY: o is a range iterator.
    let it = unsafe { o.cast::<RangeIterObject>() };
    super::int::new_int((it.len - it.index).max(0))
}

pub static ITER_METHODS: &[super::descr::MethodDef] = &[super::descr::MethodDef::new(
    "__length_hint__",
    ri_length_hint,
)];

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
        // As CPython's `compute_slice`: the normalised slice bounds mapped through the range.
        let (s, e, st, _) = super::slice::indices(key, len as usize)?;
        let (start, step) = (start as i128, step as i128);
        let fit = |v: i128| {
            i64::try_from(v).map_err(|_| {
                super::exceptions::overflow_error("Python int too large to convert to C long")
            })
        };
        return new_range(
            fit(start + s as i128 * step)?,
            fit(start + e as i128 * step)?,
            fit(step * st as i128)?,
        );
    }
    match super::seq::index(key, len as usize)? {
        Some(i) => super::int::new_int(start + i as i64 * step),
        None => Err(super::exceptions::index_error(
            "range object index out of range",
        )),
    }
}

pub fn contains(o: &Obj, x: &Obj) -> PyResult<bool> {
    if !matches!(
        crate::ops::kind(x),
        crate::typeobj::Kind::Int | crate::typeobj::Kind::Bool
    ) {
        for it in crate::ops::collect(o)? {
            if crate::ops::eq(&it, x)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    Ok(int_position(o, x).is_some())
}

pub fn richcompare(a: &Obj, b: &Obj, op: crate::typeobj::CompareOp) -> PyResult<Obj> {
    let r = rt();
    if crate::ops::kind(b) != crate::typeobj::Kind::Range
        || !matches!(
            op,
            crate::typeobj::CompareOp::Eq | crate::typeobj::CompareOp::Ne
        )
    {
        return Ok(r.not_implemented());
    }
    let (s1, _, st1, n1) = parts(a);
    let (s2, _, st2, n2) = parts(b);
    let eq = n1 == n2 && (n1 == 0 || (s1 == s2 && (n1 == 1 || st1 == st2)));
    Ok(r.bool_obj(if op == crate::typeobj::CompareOp::Eq {
        eq
    } else {
        !eq
    }))
}

/// `range(stop)`, `range(start, stop[, step])`.
pub fn new(_cls: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    if kwnames.is_some() {
        return Err(super::exceptions::type_error(
            "range() takes no keyword arguments",
        ));
    }
    let v = |o: &Obj| crate::ops::index_value(o);
    let (start, stop, step) = match args.len() {
        1 => (0, v(&args[0])?, 1),
        2 => (v(&args[0])?, v(&args[1])?, 1),
        3 => (v(&args[0])?, v(&args[1])?, v(&args[2])?),
        0 => {
            return Err(super::exceptions::type_error(
                "range expected at least 1 argument, got 0",
            ))
        }
        n => {
            return Err(super::exceptions::type_error(&format!(
                "range expected at most 3 arguments, got {}",
                n
            )))
        }
    };
    if step == 0 {
        return Err(super::exceptions::value_error(
            "range() arg 3 must not be zero",
        ));
    }
    new_range(start, stop, step)
}

/// `hash((len, start, step))` with the parts that do not matter replaced by None.
pub fn hash_slot(o: &Obj) -> PyResult<isize> {
    let r = rt();
    // SAFETY: o is a range; its fields are live ints.
    let (len, start, step) = unsafe {
        let x = o.cast::<RangeObject>();
        (
            Obj::from_borrowed(x.length),
            Obj::from_borrowed(x.start),
            Obj::from_borrowed(x.step),
        )
    };
    let n = parts(o).3;
    let t = match n {
        0 => vec![len, r.none(), r.none()],
        1 => vec![len, start, r.none()],
        _ => vec![len, start, step],
    };
    crate::ops::hash(&super::tuple::new_tuple(t)?)
}

/// `start`, `stop` and `step` (read-only members).
pub fn getattro(o: &Obj, name: &Obj) -> PyResult<Obj> {
    // SAFETY: o is a range; its fields are live ints.
    let x = unsafe { o.cast::<RangeObject>() };
    let field = match &*super::str::as_str(name) {
        "start" => x.start,
        "stop" => x.stop,
        "step" => x.step,
        _ => return super::typeobject::generic_getattr(o, name),
    };
    // SAFETY: live field.
    Ok(unsafe { Obj::from_borrowed(field) })
}

/// The position of int `v` in the range, if it is in it.
fn int_position(o: &Obj, v: &Obj) -> Option<i64> {
    let (start, stop, step, _) = parts(o);
    let v = super::int::as_i64(v)?;
    let inside = if step > 0 {
        v >= start && v < stop
    } else {
        v <= start && v > stop
    };
    if inside && (v as i128 - start as i128) % step as i128 == 0 {
        Some(((v as i128 - start as i128) / step as i128) as i64)
    } else {
        None
    }
}

fn is_exact_int(v: &Obj) -> bool {
    super::is_exact(v, rt().types.int) || super::is_exact(v, rt().types.bool)
}

fn one(args: &[Obj], name: &str) -> PyResult<Obj> {
    match args {
        [a] => Ok(a.clone()),
        _ => Err(super::exceptions::type_error(&format!(
            "{}() takes exactly one argument ({} given)",
            name,
            args.len()
        ))),
    }
}

fn r_index(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let v = one(args, "index")?;
    if is_exact_int(&v) {
        if let Some(i) = int_position(o, &v) {
            return super::int::new_int(i);
        }
        return Err(super::exceptions::value_error(&format!(
            "{} is not in range",
            crate::ops::repr_string(&v)?
        )));
    }
    let it = iter(o)?;
    let mut i = 0;
    while let Some(x) = crate::ops::next(&it)? {
        if crate::ops::eq(&x, &v)? {
            return super::int::new_int(i);
        }
        i += 1;
    }
    Err(super::exceptions::value_error(
        "sequence.index(x): x not in sequence",
    ))
}

fn r_count(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let v = one(args, "count")?;
    if is_exact_int(&v) {
        return super::int::new_int(int_position(o, &v).is_some() as i64);
    }
    let it = iter(o)?;
    let mut n = 0;
    while let Some(x) = crate::ops::next(&it)? {
        if crate::ops::eq(&x, &v)? {
            n += 1;
        }
    }
    super::int::new_int(n)
}

/// `range.__reversed__`: an iterator from the last item down.
fn r_reversed(o: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let (start, _, step, len) = parts(o);
    let last = (start as i128 + (len as i128 - 1).max(0) * step as i128) as i64;
    new_iter(last, step.wrapping_neg(), len)
}

pub static METHODS: &[super::descr::MethodDef] = &[
    super::descr::MethodDef::new("index", r_index),
    super::descr::MethodDef::new("count", r_count),
    super::descr::MethodDef::new("__reversed__", r_reversed),
];
