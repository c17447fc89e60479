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
    let p = alloc_object(rt().types.slice, std::mem::size_of::<SliceObject>())?;
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
        (Obj::from_borrowed(s.start), Obj::from_borrowed(s.stop), Obj::from_borrowed(s.step))
    }
}

/// `PySlice_GetIndicesEx`: normalised (start, stop, step, slicelength) for a sequence of `len`.
pub fn indices(o: &Obj, len: usize) -> PyResult<(isize, isize, isize, usize)> {
    let (start, stop, step) = parts(o);
    let r = rt();
    let get = |v: &Obj| -> PyResult<Option<i64>> {
        if r.is_none(v) {
            return Ok(None);
        }
        crate::ops::index_value(v).map(Some)
    };
    let step = get(&step)?.unwrap_or(1);
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
