//! The lazy iterators of the built-ins: `enumerate`, `zip`, `map`, `filter`, `reversed`
//! and the two-argument `iter(callable, sentinel)`.
//!
//! They share one layout: two object slots and a counter.

use super::{alloc_object, owned, tuple};
use crate::object::{xdecref, Obj, PyObject};
use crate::objects::exceptions::type_error;
use crate::ops;
use crate::runtime::{rt, PyResult};
use crate::typeobj::TypeObject;

#[repr(C)]
pub struct IterState {
    pub ob_base: PyObject,
    pub a: *mut PyObject,
    pub b: *mut PyObject,
    pub n: isize,
}

fn new_state(t: *mut TypeObject, a: Option<Obj>, b: Option<Obj>, n: isize) -> PyResult<Obj> {
    let p = alloc_object(t, std::mem::size_of::<IterState>())?;
    // SAFETY: fresh iterator; slots take ownership.
    unsafe {
        let s = &mut *(p as *mut IterState);
        s.a = a.map(|o| o.into_raw()).unwrap_or(std::ptr::null_mut());
        s.b = b.map(|o| o.into_raw()).unwrap_or(std::ptr::null_mut());
        s.n = n;
        crate::gc::track(p);
        Ok(owned(p))
    }
}

fn state(o: &Obj) -> &mut IterState {
    // SAFETY: callers pass iterators of this layout.
    unsafe { o.cast_mut::<IterState>() }
}

fn slot(p: *mut PyObject) -> Option<Obj> {
    if p.is_null() {
        None
    } else {
        // SAFETY: live or null.
        Some(unsafe { Obj::from_borrowed(p) })
    }
}

fn positional<'a>(args: &'a [Obj], kwnames: Option<&Obj>) -> &'a [Obj] {
    let nkw = kwnames.map(tuple::len).unwrap_or(0);
    &args[..args.len() - nkw]
}

pub fn enumerate_new(cls: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let mut start = 0;
    let mut it = None;
    let pos = positional(args, kwnames);
    if let Some(x) = pos.first() {
        it = Some(x.clone());
    }
    if let Some(s) = pos.get(1) {
        start = ops::index_value(s)?;
    }
    if let Some(k) = kwnames {
        for (i, n) in tuple::items(k).iter().enumerate() {
            let v = &args[pos.len() + i];
            match &*super::str::as_str(n) {
                "start" => start = ops::index_value(v)?,
                "iterable" => it = Some(v.clone()),
                other => return Err(type_error(&format!("'{}' is an invalid keyword argument for enumerate()", other))),
            }
        }
    }
    let it = it.ok_or_else(|| type_error("enumerate() missing required argument 'iterable' (pos 1)"))?;
    new_state(cls.as_ptr() as *mut TypeObject, Some(ops::iter(&it)?), None, start as isize)
}

pub fn enumerate_next(o: &Obj) -> PyResult<Option<Obj>> {
    let Some(it) = slot(state(o).a) else { return Ok(None) };
    match ops::next(&it)? {
        None => Ok(None),
        Some(v) => {
            let s = state(o);
            let i = super::int::new_int(s.n as i64)?;
            s.n += 1;
            tuple::new_tuple(vec![i, v]).map(Some)
        }
    }
}

pub fn zip_new(cls: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let pos = positional(args, kwnames);
    let mut strict = false;
    if let Some(k) = kwnames {
        for (i, n) in tuple::items(k).iter().enumerate() {
            if &*super::str::as_str(n) == "strict" {
                strict = ops::truthy(&args[pos.len() + i])?;
            } else {
                return Err(type_error("zip() got an unexpected keyword argument"));
            }
        }
    }
    let mut iters = Vec::with_capacity(pos.len());
    for (i, a) in pos.iter().enumerate() {
        match ops::iter(a) {
            Ok(it) => iters.push(it),
            Err(_) => return Err(type_error(&format!("zip argument #{} must support iteration", i + 1))),
        }
    }
    new_state(cls.as_ptr() as *mut TypeObject, Some(tuple::new_tuple(iters)?), None, strict as isize)
}

pub fn zip_next(o: &Obj) -> PyResult<Option<Obj>> {
    let Some(iters) = slot(state(o).a) else { return Ok(None) };
    let its = tuple::items(&iters).to_vec();
    if its.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(its.len());
    for it in &its {
        match ops::next(it)? {
            Some(v) => out.push(v),
            None => return Ok(None),
        }
    }
    tuple::new_tuple(out).map(Some)
}

pub fn map_new(cls: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    if kwnames.is_some() {
        return Err(type_error("map() takes no keyword arguments"));
    }
    if args.len() < 2 {
        return Err(type_error("map() must have at least two arguments."));
    }
    let iters = args[1..].iter().map(ops::iter).collect::<PyResult<Vec<_>>>()?;
    new_state(cls.as_ptr() as *mut TypeObject, Some(args[0].clone()), Some(tuple::new_tuple(iters)?), 0)
}

pub fn map_next(o: &Obj) -> PyResult<Option<Obj>> {
    let (Some(f), Some(iters)) = (slot(state(o).a), slot(state(o).b)) else { return Ok(None) };
    let mut argv = Vec::new();
    for it in tuple::items(&iters).to_vec() {
        match ops::next(&it)? {
            Some(v) => argv.push(v),
            None => return Ok(None),
        }
    }
    crate::vm::eval::call_any(&f, argv, None).map(Some)
}

pub fn filter_new(cls: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    if kwnames.is_some() {
        return Err(type_error("filter() takes no keyword arguments"));
    }
    if args.len() != 2 {
        return Err(type_error(&format!("filter expected 2 arguments, got {}", args.len())));
    }
    new_state(cls.as_ptr() as *mut TypeObject, Some(args[0].clone()), Some(ops::iter(&args[1])?), 0)
}

pub fn filter_next(o: &Obj) -> PyResult<Option<Obj>> {
    let (Some(f), Some(it)) = (slot(state(o).a), slot(state(o).b)) else { return Ok(None) };
    let none = rt().is_none(&f) || f.as_ptr() == rt().types.bool as *mut PyObject;
    while let Some(v) = ops::next(&it)? {
        let keep = if none { ops::truthy(&v)? } else { ops::truthy(&ops::call(&f, std::slice::from_ref(&v), None)?)? };
        if keep {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

pub fn reversed_new(cls: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let seq = args.first().ok_or_else(|| type_error("reversed expected 1 argument, got 0"))?;
    if let Some(r) = ops::call_special(seq, "__reversed__", &[])? {
        return Ok(r);
    }
    if seq.typ().tp_getitem.is_none() || seq.typ().tp_len.is_none() || ops::kind(seq) == crate::typeobj::Kind::Dict {
        return Err(type_error(&format!("'{}' object is not reversible", seq.typ().name())));
    }
    let n = ops::len(seq)?;
    new_state(cls.as_ptr() as *mut TypeObject, Some(seq.clone()), None, n as isize - 1)
}

pub fn reversed_next(o: &Obj) -> PyResult<Option<Obj>> {
    let s = state(o);
    let Some(seq) = slot(s.a) else { return Ok(None) };
    if s.n < 0 {
        let old = std::mem::replace(&mut s.a, std::ptr::null_mut());
        // SAFETY: owned reference.
        unsafe { xdecref(old) };
        return Ok(None);
    }
    let i = super::int::new_int(s.n as i64)?;
    s.n -= 1;
    ops::getitem(&seq, &i).map(Some)
}

/// `iter(callable, sentinel)`.
pub fn new_callable_iter(f: &Obj, sentinel: &Obj) -> PyResult<Obj> {
    new_state(rt().types.callable_iterator, Some(f.clone()), Some(sentinel.clone()), 0)
}

pub fn callable_next(o: &Obj) -> PyResult<Option<Obj>> {
    let (Some(f), Some(sentinel)) = (slot(state(o).a), slot(state(o).b)) else { return Ok(None) };
    let v = ops::call(&f, &[], None)?;
    if ops::eq(&v, &sentinel)? {
        let s = state(o);
        let old = std::mem::replace(&mut s.a, std::ptr::null_mut());
        // SAFETY: owned reference.
        unsafe { xdecref(old) };
        return Ok(None);
    }
    Ok(Some(v))
}

pub fn no_new(_cls: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    Err(type_error("cannot create 'callable_iterator' instances"))
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: dead iterator we own.
    unsafe {
        crate::gc::untrack(p);
        let s = &mut *(p as *mut IterState);
        xdecref(std::mem::replace(&mut s.a, std::ptr::null_mut()));
        xdecref(std::mem::replace(&mut s.b, std::ptr::null_mut()));
        super::free_object(p);
    }
}

/// # Safety
/// `p` is one of these iterators.
pub unsafe fn traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live fields.
    let s = unsafe { &*(p as *mut IterState) };
    for x in [s.a, s.b] {
        if !x.is_null() {
            visit(x);
        }
    }
}
