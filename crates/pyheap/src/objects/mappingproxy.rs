//! `mappingproxy`: the read-only view a class's `__dict__` attribute returns (24 bytes +
//! 16 GC = 40, as CPython 3.11).
//!
//! The view reads through to the class's own dict, so it always shows the class as it
//! is; writes go through `setattr` on the class, which keeps the type attribute cache
//! coherent.

use super::descr::MethodDef;
use super::{alloc_object, owned};
use crate::object::{xdecref, Obj, PyObject};
use crate::ops;
use crate::runtime::{rt, PyResult};
use crate::typeobj::CompareOp;

#[repr(C)]
pub struct MappingProxyObject {
    pub ob_base: PyObject,
    pub mapping: *mut PyObject,
}

pub fn new_mappingproxy(mapping: Obj) -> PyResult<Obj> {
    // SAFETY: the runtime's mappingproxy type is live.
    let p = unsafe {
        alloc_object(
            rt().types.mappingproxy,
            std::mem::size_of::<MappingProxyObject>(),
        )
    }?;
    // SAFETY: a fresh proxy; it takes the reference `mapping` carries.
    unsafe {
        (*(p as *mut MappingProxyObject)).mapping = mapping.into_raw();
        crate::gc::track(p);
        Ok(owned(p))
    }
}

fn mapping(o: &Obj) -> Obj {
    // SAFETY: `o` is a live proxy; its mapping is set at creation and never cleared
    // while the proxy lives.
    unsafe { Obj::from_borrowed(o.cast::<MappingProxyObject>().mapping) }
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: a dead proxy we own.
    unsafe {
        crate::gc::untrack(p);
        xdecref(std::mem::replace(
            &mut (*(p as *mut MappingProxyObject)).mapping,
            std::ptr::null_mut(),
        ));
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a mappingproxy.
pub unsafe fn traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live field.
    let m = unsafe { (*(p as *mut MappingProxyObject)).mapping };
    if !m.is_null() {
        visit(m);
    }
}

pub fn repr(o: &Obj) -> PyResult<Obj> {
    let inner = ops::repr(&mapping(o))?;
    super::str::new_str(&format!("mappingproxy({})", super::str::as_str(&inner)))
}

pub fn getitem(o: &Obj, key: &Obj) -> PyResult<Obj> {
    ops::getitem(&mapping(o), key)
}

pub fn len(o: &Obj) -> PyResult<usize> {
    ops::len(&mapping(o))
}

pub fn contains(o: &Obj, key: &Obj) -> PyResult<bool> {
    ops::contains(&mapping(o), key)
}

pub fn iter(o: &Obj) -> PyResult<Obj> {
    ops::iter(&mapping(o))
}

pub fn richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    ops::richcompare(&mapping(a), b, op)
}

fn forward(o: &Obj, name: &str, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    if kw.is_some_and(|k| super::tuple::len(k) > 0) {
        return Err(super::exceptions::type_error(&format!(
            "{}() takes no keyword arguments",
            name
        )));
    }
    ops::call_method(&mapping(o), name, args)
}

fn m_get(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    forward(o, "get", args, kw)
}
fn m_keys(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    forward(o, "keys", args, kw)
}
fn m_values(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    forward(o, "values", args, kw)
}
fn m_items(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    forward(o, "items", args, kw)
}
fn m_copy(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    forward(o, "copy", args, kw)
}

/// `mappingproxy.__reversed__()`: `reversed()` of the mapping.
fn m_reversed(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    if !args.is_empty() || kw.is_some_and(|k| super::tuple::len(k) > 0) {
        return Err(super::exceptions::type_error(&format!(
            "mappingproxy.__reversed__() takes no arguments ({} given)",
            args.len()
        )));
    }
    let reversed = crate::runtime::type_ref(crate::runtime::rt().types.reversed);
    super::builtin_iters::reversed_new(&reversed, &[mapping(o)], None)
}

pub static METHODS: &[MethodDef] = &[
    MethodDef::new("__reversed__", m_reversed),
    MethodDef::new("get", m_get),
    MethodDef::new("keys", m_keys),
    MethodDef::new("values", m_values),
    MethodDef::new("items", m_items),
    MethodDef::new("copy", m_copy),
];
