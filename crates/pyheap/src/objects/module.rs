//! `module`: a namespace dict with a name (56 bytes + 16 GC = 72).

use super::{alloc_object, owned};
use crate::object::{xdecref, Obj, PyObject};
use crate::runtime::{rt, PyResult};

#[repr(C)]
pub struct ModuleObject {
    pub ob_base: PyObject,
    pub md_dict: *mut PyObject,
    pub md_def: *mut u8,
    pub md_state: *mut u8,
    pub md_weaklist: *mut PyObject,
    pub md_name: *mut PyObject,
}

/// A new module with `__name__` (and `__doc__ = None`) set in its dict.
pub fn new_module(name: &str) -> PyResult<Obj> {
    let d = super::dict::new_dict()?;
    let n = super::str::intern_str(name)?;
    super::dict::set_item(&d, &super::str::intern_str("__name__")?, &n)?;
    super::dict::set_item(&d, &super::str::intern_str("__doc__")?, &rt().none())?;
    // SAFETY: the runtime's module type is live.
    let p = unsafe { alloc_object(rt().types.module, std::mem::size_of::<ModuleObject>()) }?;
    // SAFETY: fresh module.
    unsafe {
        let m = &mut *(p as *mut ModuleObject);
        m.md_dict = d.into_raw();
        m.md_name = n.into_raw();
        crate::gc::track(p);
        Ok(owned(p))
    }
}

pub fn dict(m: &Obj) -> Obj {
    // SAFETY: m is a module; md_dict is live.
    unsafe { Obj::from_borrowed(m.cast::<ModuleObject>().md_dict) }
}

pub fn name(m: &Obj) -> Obj {
    // SAFETY: m is a module; md_name is live.
    unsafe { Obj::from_borrowed(m.cast::<ModuleObject>().md_name) }
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: dead module we own.
    unsafe {
        crate::gc::untrack(p);
        super::weakref::clear_weakrefs(p);
        let m = &mut *(p as *mut ModuleObject);
        xdecref(std::mem::replace(&mut m.md_dict, std::ptr::null_mut()));
        xdecref(std::mem::replace(&mut m.md_name, std::ptr::null_mut()));
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a module.
pub unsafe fn traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live fields.
    let m = unsafe { &*(p as *mut ModuleObject) };
    if !m.md_dict.is_null() {
        visit(m.md_dict);
    }
}

/// # Safety
/// `p` is a module.
pub unsafe fn clear(p: *mut PyObject) {
    // SAFETY: we own md_dict.
    unsafe {
        xdecref(std::mem::replace(
            &mut (*(p as *mut ModuleObject)).md_dict,
            std::ptr::null_mut(),
        ))
    }
}

pub fn repr(o: &Obj) -> PyResult<Obj> {
    let n = super::str::as_str(&name(o)).into_owned();
    let d = dict(o);
    match super::dict::get_item_str(&d, "__file__")? {
        Some(f) => super::str::new_str(&format!(
            "<module '{}' from {}>",
            n,
            crate::ops::repr_string(&f)?
        )),
        None => super::str::new_str(&format!("<module '{}' (built-in)>", n)),
    }
}

pub fn getattro(o: &Obj, attr: &Obj) -> PyResult<Obj> {
    if &*super::str::as_str(attr) == "__dict__" {
        return Ok(dict(o));
    }
    if let Some(v) = super::dict::get_item(&dict(o), attr)? {
        return Ok(v);
    }
    super::typeobject::generic_getattr(o, attr)
}

pub fn setattro(o: &Obj, attr: &Obj, value: Option<&Obj>) -> PyResult<()> {
    let d = dict(o);
    match value {
        Some(v) => super::dict::set_item(&d, attr, v),
        None => {
            if super::dict::del_item(&d, attr)? {
                Ok(())
            } else {
                Err(super::exceptions::attribute_error(
                    o,
                    attr,
                    &format!(
                        "module '{}' has no attribute '{}'",
                        super::str::as_str(&name(o)),
                        super::str::as_str(attr)
                    ),
                ))
            }
        }
    }
}
