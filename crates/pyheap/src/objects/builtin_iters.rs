//! The lazy iterators of the built-ins: `enumerate`, `zip`, `map`, `filter`, `reversed`
//! and the two-argument `iter(callable, sentinel)`.
//!
//! Each has CPython 3.11's layout (so `sys.getsizeof` agrees): `map`, `filter` and
//! `callable_iterator` are two object slots ([`IterState`], 48 bytes with the GC header),
//! `reversed` an index and a sequence, `enumerate` (72) and `zip` (64) keep a reusable
//! result tuple.

use super::{alloc_object, owned, tuple};
use crate::object::{xdecref, Obj, PyObject};
use crate::objects::exceptions::type_error;
use crate::ops;
use crate::runtime::{rt, PyResult};
use crate::typeobj::TypeObject;

/// `mapobject` (iters, func), `filterobject` (func, it), `calliterobject` (callable,
/// sentinel): two object slots.
#[repr(C)]
pub struct IterState {
    pub ob_base: PyObject,
    pub a: *mut PyObject,
    pub b: *mut PyObject,
}

/// `enumobject` (3.11).
#[repr(C)]
pub struct EnumObject {
    pub ob_base: PyObject,
    pub en_index: isize,
    pub en_sit: *mut PyObject,
    /// The result tuple, reused while nobody else holds it.
    pub en_result: *mut PyObject,
    /// Index for sequences longer than `isize::MAX` (never needed here: null).
    pub en_longindex: *mut PyObject,
    /// Borrowed reference to `1` in CPython (unused here: null).
    pub one: *mut PyObject,
}

/// `zipobject`.
#[repr(C)]
pub struct ZipObject {
    pub ob_base: PyObject,
    pub tuplesize: isize,
    pub ittuple: *mut PyObject,
    /// The result tuple, reused while nobody else holds it.
    pub result: *mut PyObject,
    pub strict: i32,
}

/// `reversedobject`: the next index and the sequence (dropped when exhausted).
#[repr(C)]
pub struct ReversedObject {
    pub ob_base: PyObject,
    pub index: isize,
    pub seq: *mut PyObject,
}

fn alloc_tracked<T>(t: *mut TypeObject, init: impl FnOnce(&mut T)) -> PyResult<Obj> {
    // SAFETY: callers pass a live type (a built-in iterator type or the class object they
    // were called on) whose instances have layout T.
    let p = unsafe { alloc_object(t, std::mem::size_of::<T>()) }?;
    // SAFETY: fresh zeroed object of layout T (all fields are pointers or integers, for
    // which zero is valid); `init` fills them before the object is tracked.
    unsafe {
        init(&mut *(p as *mut T));
        crate::gc::track(p);
        Ok(owned(p))
    }
}

fn new_state(t: *mut TypeObject, a: Option<Obj>, b: Option<Obj>) -> PyResult<Obj> {
    alloc_tracked(t, |s: &mut IterState| {
        s.a = a.map(|o| o.into_raw()).unwrap_or(std::ptr::null_mut());
        s.b = b.map(|o| o.into_raw()).unwrap_or(std::ptr::null_mut());
    })
}

// The object's fields are interior-mutable state (a C struct behind `&Obj`).
#[allow(clippy::mut_from_ref)]
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

/// Reuses the cached result tuple `cached` for `items` when the iterator holds its only
/// reference (CPython's `en_result`/`di_result` trick), else builds a new tuple.
pub(super) fn reuse_result(cached: *mut PyObject, items: Vec<Obj>) -> PyResult<Obj> {
    // SAFETY: cached is null or a live tuple of items.len() slots the caller owns one
    // reference to.
    unsafe {
        if !cached.is_null()
            && (*cached).ob_refcnt == 1
            && tuple::raw_items(cached).len() == items.len()
        {
            let result = Obj::from_borrowed(cached);
            let slots = (cached as *mut u8).add(tuple::HEADER_SIZE) as *mut *mut PyObject;
            let old: Vec<*mut PyObject> = items
                .into_iter()
                .enumerate()
                .map(|(i, it)| std::mem::replace(&mut *slots.add(i), it.into_raw()))
                .collect();
            for p in old {
                drop(Obj::from_owned(p));
            }
            // The collector may have untracked the tuple (its items were untracked).
            if !crate::gc::is_tracked(cached) {
                crate::gc::track(cached);
            }
            return Ok(result);
        }
    }
    tuple::new_tuple(items)
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
                other => {
                    return Err(type_error(&format!(
                        "'{}' is an invalid keyword argument for enumerate()",
                        other
                    )))
                }
            }
        }
    }
    let it =
        it.ok_or_else(|| type_error("enumerate() missing required argument 'iterable' (pos 1)"))?;
    let sit = ops::iter(&it)?;
    let r = rt();
    let result = tuple::new_tuple(vec![r.none(), r.none()])?;
    alloc_tracked(cls.as_ptr() as *mut TypeObject, |e: &mut EnumObject| {
        e.en_index = start as isize;
        e.en_sit = sit.into_raw();
        e.en_result = result.into_raw();
    })
}

// The object's fields are interior-mutable state (a C struct behind `&Obj`).
#[allow(clippy::mut_from_ref)]
fn enum_state(o: &Obj) -> &mut EnumObject {
    // SAFETY: callers pass enumerate objects.
    unsafe { o.cast_mut::<EnumObject>() }
}

pub fn enumerate_next(o: &Obj) -> PyResult<Option<Obj>> {
    let Some(it) = slot(enum_state(o).en_sit) else {
        return Ok(None);
    };
    match ops::next(&it)? {
        None => Ok(None),
        Some(v) => {
            let e = enum_state(o);
            let i = super::int::new_int(e.en_index as i64)?;
            e.en_index += 1;
            reuse_result(e.en_result, vec![i, v]).map(Some)
        }
    }
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn enum_dealloc(p: *mut PyObject) {
    // SAFETY: dead enumerate object we own.
    unsafe {
        crate::gc::untrack(p);
        let e = &mut *(p as *mut EnumObject);
        for f in [&mut e.en_sit, &mut e.en_result, &mut e.en_longindex] {
            xdecref(std::mem::replace(f, std::ptr::null_mut()));
        }
        super::free_object(p);
    }
}

/// # Safety
/// `p` is an enumerate object.
pub unsafe fn enum_traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live fields.
    let e = unsafe { &*(p as *mut EnumObject) };
    for x in [e.en_sit, e.en_result, e.en_longindex] {
        if !x.is_null() {
            visit(x);
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
            Err(_) => {
                return Err(type_error(&format!(
                    "zip argument #{} must support iteration",
                    i + 1
                )))
            }
        }
    }
    let n = iters.len();
    let ittuple = tuple::new_tuple(iters)?;
    let result = tuple::new_tuple((0..n).map(|_| rt().none()).collect())?;
    alloc_tracked(cls.as_ptr() as *mut TypeObject, |z: &mut ZipObject| {
        z.tuplesize = n as isize;
        z.ittuple = ittuple.into_raw();
        z.result = result.into_raw();
        z.strict = strict as i32;
    })
}

// The object's fields are interior-mutable state (a C struct behind `&Obj`).
#[allow(clippy::mut_from_ref)]
fn zip_state(o: &Obj) -> &mut ZipObject {
    // SAFETY: callers pass zip objects.
    unsafe { o.cast_mut::<ZipObject>() }
}

/// `zip(strict=True)`: the error for iterator `i` running out first, or for a later
/// iterator still having items.
fn zip_strict_check(its: &[Obj], i: usize) -> PyResult<Option<Obj>> {
    let plural = if i == 1 { " " } else { "s 1-" };
    if i > 0 {
        return Err(super::exceptions::value_error(&format!(
            "zip() argument {} is shorter than argument{}{}",
            i + 1,
            plural,
            i
        )));
    }
    for (j, it) in its.iter().enumerate().skip(1) {
        if ops::next(it)?.is_some() {
            let plural = if j == 1 { " " } else { "s 1-" };
            return Err(super::exceptions::value_error(&format!(
                "zip() argument {} is longer than argument{}{}",
                j + 1,
                plural,
                j
            )));
        }
    }
    Ok(None)
}

pub fn zip_next(o: &Obj) -> PyResult<Option<Obj>> {
    let z = zip_state(o);
    if z.tuplesize == 0 {
        return Ok(None);
    }
    let Some(iters) = slot(z.ittuple) else {
        return Ok(None);
    };
    let its = tuple::items(&iters).to_vec();
    let strict = z.strict != 0;
    let cached = z.result;
    // SAFETY: cached is the zip's live result tuple of tuplesize slots.
    if unsafe { (*cached).ob_refcnt } == 1 {
        // Nobody else holds the last result: overwrite its items in place, one by one.
        // SAFETY: as above; we hold a new reference while filling it.
        let result = unsafe { Obj::from_borrowed(cached) };
        for (i, it) in its.iter().enumerate() {
            let item = match ops::next(it)? {
                Some(v) => v,
                None if strict => return zip_strict_check(&its, i),
                None => return Ok(None),
            };
            // SAFETY: slot i of the result tuple holds a reference we own.
            unsafe {
                let slots = (cached as *mut u8).add(tuple::HEADER_SIZE) as *mut *mut PyObject;
                let old = std::mem::replace(&mut *slots.add(i), item.into_raw());
                drop(Obj::from_owned(old));
            }
        }
        // SAFETY: live tuple; the collector may have untracked it.
        unsafe {
            if !crate::gc::is_tracked(cached) {
                crate::gc::track(cached);
            }
        }
        return Ok(Some(result));
    }
    let mut out = Vec::with_capacity(its.len());
    for (i, it) in its.iter().enumerate() {
        match ops::next(it)? {
            Some(v) => out.push(v),
            None if strict => {
                drop(out);
                return zip_strict_check(&its, i);
            }
            None => return Ok(None),
        }
    }
    tuple::new_tuple(out).map(Some)
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn zip_dealloc(p: *mut PyObject) {
    // SAFETY: dead zip object we own.
    unsafe {
        crate::gc::untrack(p);
        let z = &mut *(p as *mut ZipObject);
        xdecref(std::mem::replace(&mut z.ittuple, std::ptr::null_mut()));
        xdecref(std::mem::replace(&mut z.result, std::ptr::null_mut()));
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a zip object.
pub unsafe fn zip_traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live fields.
    let z = unsafe { &*(p as *mut ZipObject) };
    for x in [z.ittuple, z.result] {
        if !x.is_null() {
            visit(x);
        }
    }
}

pub fn map_new(cls: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    if kwnames.is_some() {
        return Err(type_error("map() takes no keyword arguments"));
    }
    if args.len() < 2 {
        return Err(type_error("map() must have at least two arguments."));
    }
    let iters = args[1..]
        .iter()
        .map(ops::iter)
        .collect::<PyResult<Vec<_>>>()?;
    new_state(
        cls.as_ptr() as *mut TypeObject,
        Some(args[0].clone()),
        Some(tuple::new_tuple(iters)?),
    )
}

pub fn map_next(o: &Obj) -> PyResult<Option<Obj>> {
    let (Some(f), Some(iters)) = (slot(state(o).a), slot(state(o).b)) else {
        return Ok(None);
    };
    // The items stay referenced here while the function runs (its frame takes references
    // of its own), as CPython's `map_next` keeps them in its argument array.
    let its = tuple::items(&iters);
    if let [it] = its {
        let Some(v) = ops::next(it)? else {
            return Ok(None);
        };
        return ops::call(&f, std::slice::from_ref(&v), None).map(Some);
    }
    let mut argv = Vec::with_capacity(its.len());
    for it in its {
        match ops::next(it)? {
            Some(v) => argv.push(v),
            None => return Ok(None),
        }
    }
    ops::call(&f, &argv, None).map(Some)
}

pub fn filter_new(cls: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    if kwnames.is_some() {
        return Err(type_error("filter() takes no keyword arguments"));
    }
    if args.len() != 2 {
        return Err(type_error(&format!(
            "filter expected 2 arguments, got {}",
            args.len()
        )));
    }
    new_state(
        cls.as_ptr() as *mut TypeObject,
        Some(args[0].clone()),
        Some(ops::iter(&args[1])?),
    )
}

pub fn filter_next(o: &Obj) -> PyResult<Option<Obj>> {
    let (Some(f), Some(it)) = (slot(state(o).a), slot(state(o).b)) else {
        return Ok(None);
    };
    let none = rt().is_none(&f) || f.as_ptr() == rt().types.bool as *mut PyObject;
    while let Some(v) = ops::next(&it)? {
        let keep = if none {
            ops::truthy(&v)?
        } else {
            ops::truthy(&ops::call(&f, std::slice::from_ref(&v), None)?)?
        };
        if keep {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

pub fn reversed_new(cls: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let seq = args
        .first()
        .ok_or_else(|| type_error("reversed expected 1 argument, got 0"))?;
    // `__reversed__ = None` (as `Mapping` sets it) declares the type not reversible.
    match super::typeobject::lookup_str(seq.type_ptr(), "__reversed__") {
        Some(m) if rt().is_none(&m) => {
            return Err(type_error(&format!(
                "'{}' object is not reversible",
                seq.typ().name()
            )));
        }
        Some(m) => return ops::call_method_obj(&m, seq, &[]),
        None => {}
    }
    if seq.typ().tp_getitem.is_none()
        || seq.typ().tp_len.is_none()
        || ops::kind(seq) == crate::typeobj::Kind::Dict
    {
        return Err(type_error(&format!(
            "'{}' object is not reversible",
            seq.typ().name()
        )));
    }
    let n = ops::len(seq)?;
    let r = rt();
    let tp = if cls.as_ptr() as *mut TypeObject == r.types.reversed
        && super::is_instance(seq, r.types.list)
    {
        r.types.list_reverseiterator
    } else {
        cls.as_ptr() as *mut TypeObject
    };
    let seq = seq.clone();
    alloc_tracked(tp, |r: &mut ReversedObject| {
        r.index = n as isize - 1;
        r.seq = seq.into_raw();
    })
}

pub fn reversed_next(o: &Obj) -> PyResult<Option<Obj>> {
    // SAFETY: o is a reversed object.
    let s = unsafe { o.cast_mut::<ReversedObject>() };
    let Some(seq) = slot(s.seq) else {
        return Ok(None);
    };
    if s.index >= 0 {
        let i = super::int::new_int(s.index as i64)?;
        match ops::getitem(&seq, &i) {
            Ok(v) => {
                // SAFETY: o is a reversed object (re-borrowed after the call).
                unsafe { o.cast_mut::<ReversedObject>().index -= 1 };
                return Ok(Some(v));
            }
            Err(e)
                if !(super::is_instance(&e.0, rt().exc.index_error)
                    || super::is_instance(&e.0, rt().exc.stop_iteration)) =>
            {
                return Err(e)
            }
            Err(_) => {}
        }
    }
    // SAFETY: o is a reversed object; we owned the sequence reference.
    let s = unsafe { o.cast_mut::<ReversedObject>() };
    s.index = -1;
    let old = std::mem::replace(&mut s.seq, std::ptr::null_mut());
    // SAFETY: owned reference.
    unsafe { xdecref(old) };
    Ok(None)
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn reversed_dealloc(p: *mut PyObject) {
    // SAFETY: dead reversed object we own.
    unsafe {
        crate::gc::untrack(p);
        xdecref(std::mem::replace(
            &mut (*(p as *mut ReversedObject)).seq,
            std::ptr::null_mut(),
        ));
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a reversed object.
pub unsafe fn reversed_traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live field.
    let s = unsafe { (*(p as *mut ReversedObject)).seq };
    if !s.is_null() {
        visit(s);
    }
}

/// `iter(callable, sentinel)`.
pub fn new_callable_iter(f: &Obj, sentinel: &Obj) -> PyResult<Obj> {
    new_state(
        rt().types.callable_iterator,
        Some(f.clone()),
        Some(sentinel.clone()),
    )
}

pub fn callable_next(o: &Obj) -> PyResult<Option<Obj>> {
    let (Some(f), Some(sentinel)) = (slot(state(o).a), slot(state(o).b)) else {
        return Ok(None);
    };
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
