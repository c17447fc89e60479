//! `cell`: the box a closure variable lives in (24 bytes + 16 GC = 40).

use super::{alloc_object, owned};
use crate::object::{xdecref, Obj, PyObject};
use crate::runtime::{rt, PyResult};

#[repr(C)]
pub struct CellObject {
    pub ob_base: PyObject,
    pub ob_ref: *mut PyObject,
}

pub fn new_cell(v: Option<Obj>) -> PyResult<Obj> {
    // SAFETY: the runtime's cell type is live.
    let p = unsafe { alloc_object(rt().types.cell, std::mem::size_of::<CellObject>()) }?;
    // SAFETY: fresh cell.
    unsafe {
        (*(p as *mut CellObject)).ob_ref = v.map(|o| o.into_raw()).unwrap_or(std::ptr::null_mut());
        crate::gc::track(p);
        Ok(owned(p))
    }
}

pub fn get(c: &Obj) -> Option<Obj> {
    // SAFETY: c is a cell; ob_ref is live or null.
    unsafe {
        let p = c.cast::<CellObject>().ob_ref;
        if p.is_null() {
            None
        } else {
            Some(Obj::from_borrowed(p))
        }
    }
}

pub fn set(c: &Obj, v: Option<Obj>) {
    // SAFETY: c is a cell; we own the old value.
    unsafe {
        let slot = &mut c.cast_mut::<CellObject>().ob_ref;
        let old = std::mem::replace(
            slot,
            v.map(|o| o.into_raw()).unwrap_or(std::ptr::null_mut()),
        );
        xdecref(old);
    }
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: dead cell we own.
    unsafe {
        crate::gc::untrack(p);
        clear(p);
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a cell.
pub unsafe fn traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live field.
    let r = unsafe { (*(p as *mut CellObject)).ob_ref };
    if !r.is_null() {
        visit(r);
    }
}

/// # Safety
/// `p` is a cell.
pub unsafe fn clear(p: *mut PyObject) {
    // SAFETY: we own the field.
    unsafe {
        xdecref(std::mem::replace(
            &mut (*(p as *mut CellObject)).ob_ref,
            std::ptr::null_mut(),
        ))
    }
}

pub fn repr(o: &Obj) -> PyResult<Obj> {
    match get(o) {
        None => super::str::new_str(&format!("<cell at {:#x}: empty>", o.id())),
        Some(v) => super::str::new_str(&format!(
            "<cell at {:#x}: {} object at {:#x}>",
            o.id(),
            v.typ().name(),
            v.id()
        )),
    }
}

/// `cell_contents` (get, set and delete).
pub fn getattro(o: &Obj, name: &Obj) -> PyResult<Obj> {
    if &*super::str::as_str(name) == "cell_contents" {
        return get(o).ok_or_else(|| super::exceptions::value_error("Cell is empty"));
    }
    super::typeobject::generic_getattr(o, name)
}

pub fn setattro(o: &Obj, name: &Obj, v: Option<&Obj>) -> PyResult<()> {
    if &*super::str::as_str(name) == "cell_contents" {
        set(o, v.cloned());
        return Ok(());
    }
    super::typeobject::generic_setattr(o, name, v)
}

/// Cells compare by their contents (an empty cell sorts first).
pub fn richcompare(a: &Obj, b: &Obj, op: crate::typeobj::CompareOp) -> PyResult<Obj> {
    let r = rt();
    if crate::ops::kind(b) != crate::typeobj::Kind::Cell {
        return Ok(r.not_implemented());
    }
    match (get(a), get(b)) {
        (Some(x), Some(y)) => crate::ops::richcompare(&x, &y, op),
        (x, y) => {
            let (x, y) = (x.is_some() as u8, y.is_some() as u8);
            use crate::typeobj::CompareOp::*;
            Ok(r.bool_obj(match op {
                Lt => x < y,
                Le => x <= y,
                Eq => x == y,
                Ne => x != y,
                Gt => x > y,
                Ge => x >= y,
            }))
        }
    }
}
