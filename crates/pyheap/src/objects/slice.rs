//! `slice` (40 bytes + 16 GC = 56): start, stop, step.

use super::{alloc_object, owned};
use crate::object::{xdecref, Obj, PyObject};
use crate::runtime::{rt, PyResult};

#[repr(C)]
pub struct SliceObject {
    pub ob_base: PyObject,
    pub start: *mut PyObject,
    pub stop: *mut PyObject,
    pub step: *mut PyObject,
}

pub fn new_slice(start: Obj, stop: Obj, step: Obj) -> PyResult<Obj> {
    // SAFETY: the runtime's slice type is live.
    let p = unsafe { alloc_object(rt().types.slice, std::mem::size_of::<SliceObject>()) }?;
    // SAFETY: fresh slice.
    unsafe {
        let s = &mut *(p as *mut SliceObject);
        s.start = start.into_raw();
        s.stop = stop.into_raw();
        s.step = step.into_raw();
        crate::gc::track(p);
        Ok(owned(p))
    }
}

/// (start, stop, step) as objects.
pub fn parts(o: &Obj) -> (Obj, Obj, Obj) {
    // SAFETY: o is a slice with live fields.
    unsafe {
        let s = o.cast::<SliceObject>();
        (
            Obj::from_borrowed(s.start),
            Obj::from_borrowed(s.stop),
            Obj::from_borrowed(s.step),
        )
    }
}

/// `_PyEval_SliceIndex`: an index clamped to the i64 range (big ints saturate).
fn slice_index(v: &Obj) -> PyResult<i64> {
    use crate::typeobj::Kind;
    let k = crate::ops::kind(v);
    if matches!(k, Kind::Int | Kind::Bool) {
        return Ok(super::int::as_i64(v).unwrap_or_else(|| {
            if num_traits::Signed::is_negative(&super::int::to_bigint(v)) {
                i64::MIN
            } else {
                i64::MAX
            }
        }));
    }
    if v.typ().is_heap() && super::typeobject::lookup_str(v.type_ptr(), "__index__").is_some() {
        return crate::ops::index_value(v);
    }
    Err(super::exceptions::type_error(
        "slice indices must be integers or None or have an __index__ method",
    ))
}

/// `PySlice_GetIndicesEx`: normalised (start, stop, step, slicelength) for a sequence of `len`.
pub fn indices(o: &Obj, len: usize) -> PyResult<(isize, isize, isize, usize)> {
    let (start, stop, step) = parts(o);
    let r = rt();
    let get = |v: &Obj| -> PyResult<Option<i64>> {
        if r.is_none(v) {
            return Ok(None);
        }
        slice_index(v).map(Some)
    };
    // As `PySlice_Unpack`: the step is kept >= -PY_SSIZE_T_MAX so that -step cannot overflow.
    let step = get(&step)?.unwrap_or(1).max(-i64::MAX);
    if step == 0 {
        return Err(super::exceptions::value_error("slice step cannot be zero"));
    }
    let len = len as i64;
    let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let fix = |v: Option<i64>, default: i64| -> i64 {
        match v {
            None => default,
            Some(mut x) => {
                if x < 0 {
                    x += len;
                    if x < lower {
                        x = lower;
                    }
                } else if x > upper {
                    x = upper;
                }
                x
            }
        }
    };
    let start = fix(get(&start)?, if step < 0 { upper } else { lower });
    let stop = fix(get(&stop)?, if step < 0 { lower } else { upper });
    let n = if step < 0 {
        if stop < start {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        }
    } else if start < stop {
        (stop - start - 1) / step + 1
    } else {
        0
    };
    Ok((start as isize, stop as isize, step as isize, n as usize))
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: dead slice we own.
    unsafe {
        crate::gc::untrack(p);
        let s = &mut *(p as *mut SliceObject);
        for f in [&mut s.start, &mut s.stop, &mut s.step] {
            xdecref(std::mem::replace(f, std::ptr::null_mut()));
        }
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a slice.
pub unsafe fn traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live fields.
    let s = unsafe { &*(p as *mut SliceObject) };
    for f in [s.start, s.stop, s.step] {
        if !f.is_null() {
            visit(f);
        }
    }
}

/// `slice(stop)`, `slice(start, stop[, step])`.
pub fn new(_cls: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    if kwnames.is_some_and(|k| super::tuple::len(k) > 0) {
        return Err(super::exceptions::type_error(
            "slice() takes no keyword arguments",
        ));
    }
    let none = || rt().none();
    match args {
        [] => Err(super::exceptions::type_error(
            "slice expected at least 1 argument, got 0",
        )),
        [stop] => new_slice(none(), stop.clone(), none()),
        [start, stop] => new_slice(start.clone(), stop.clone(), none()),
        [start, stop, step] => new_slice(start.clone(), stop.clone(), step.clone()),
        _ => Err(super::exceptions::type_error(&format!(
            "slice expected at most 3 arguments, got {}",
            args.len()
        ))),
    }
}

pub fn repr(o: &Obj) -> PyResult<Obj> {
    let (a, b, c) = parts(o);
    let r = |x: &Obj| crate::ops::repr_string(x);
    super::str::new_str(&format!("slice({}, {}, {})", r(&a)?, r(&b)?, r(&c)?))
}

/// `start`, `stop` and `step` (read-only members).
pub fn getattro(o: &Obj, name: &Obj) -> PyResult<Obj> {
    let (a, b, c) = parts(o);
    match &*super::str::as_str(name) {
        "start" => Ok(a),
        "stop" => Ok(b),
        "step" => Ok(c),
        _ => super::typeobject::generic_getattr(o, name),
    }
}

pub fn setattro(o: &Obj, name: &Obj, v: Option<&Obj>) -> PyResult<()> {
    if matches!(&*super::str::as_str(name), "start" | "stop" | "step") {
        return Err(super::exceptions::new_err(
            rt().exc.attribute_error,
            "readonly attribute",
        ));
    }
    super::typeobject::generic_setattr(o, name, v)
}

/// Slices compare as their `(start, stop, step)` tuples.
pub fn richcompare(a: &Obj, b: &Obj, op: crate::typeobj::CompareOp) -> PyResult<Obj> {
    let r = rt();
    if crate::ops::kind(b) != crate::typeobj::Kind::Slice {
        return Ok(r.not_implemented());
    }
    if a.is(b)
        && matches!(
            op,
            crate::typeobj::CompareOp::Eq
                | crate::typeobj::CompareOp::Le
                | crate::typeobj::CompareOp::Ge
        )
    {
        return Ok(r.bool_obj(true));
    }
    let (x0, x1, x2) = parts(a);
    let (y0, y1, y2) = parts(b);
    Ok(r.bool_obj(super::seq::compare(&[x0, x1, x2], &[y0, y1, y2], op)?))
}

/// `slice.indices(length)`: `(start, stop, step)` normalised for a sequence of that length.
fn s_indices(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let [len] = args else {
        return Err(super::exceptions::type_error(&format!(
            "slice.indices() takes exactly one argument ({} given)",
            args.len()
        )));
    };
    let n = crate::ops::index_value(len)?;
    if n < 0 {
        return Err(super::exceptions::value_error(
            "length should not be negative",
        ));
    }
    let (start, stop, step, _) = indices(o, n as usize)?;
    let i = |v: isize| super::int::new_int(v as i64);
    super::tuple::new_tuple(vec![i(start)?, i(stop)?, i(step)?])
}

fn s_reduce(o: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let (a, b, c) = parts(o);
    let t = super::tuple::new_tuple(vec![a, b, c])?;
    super::tuple::new_tuple(vec![o.type_obj(), t])
}

pub static METHODS: &[super::descr::MethodDef] = &[
    super::descr::MethodDef::new("indices", s_indices),
    super::descr::MethodDef::new("__reduce__", s_reduce),
];
