//! `super`: attribute lookup that starts after a given class in an object's MRO.

use super::{alloc_object, owned, tuple};
use crate::object::{xdecref, Obj, PyObject};
use crate::objects::exceptions::type_error;
use crate::runtime::{rt, PyResult};
use crate::typeobj::{Kind, TypeObject};

#[repr(C)]
pub struct SuperObject {
    pub ob_base: PyObject,
    pub start: *mut PyObject,
    pub obj: *mut PyObject,
    pub obj_type: *mut PyObject,
}

pub fn new_super(start: &Obj, obj: &Obj) -> PyResult<Obj> {
    if crate::ops::kind(start) != Kind::Type {
        return Err(type_error("super() argument 1 must be a type"));
    }
    let st = start.as_ptr() as *mut TypeObject;
    let obj_type = if crate::ops::kind(obj) == Kind::Type
        // SAFETY: `obj` is a type object (checked just before), live while borrowed.
        && unsafe { (*(obj.as_ptr() as *mut TypeObject)).is_subtype(st) }
    {
        obj.clone()
    } else if super::is_instance(obj, st) {
        obj.type_obj()
    } else {
        return Err(type_error(
            "super(type, obj): obj must be an instance or subtype of type",
        ));
    };
    // SAFETY: the runtime's super_ type is live.
    let p = unsafe { alloc_object(rt().types.super_, std::mem::size_of::<SuperObject>()) }?;
    // SAFETY: fresh super object.
    unsafe {
        let s = &mut *(p as *mut SuperObject);
        s.start = start.clone().into_raw();
        s.obj = obj.clone().into_raw();
        s.obj_type = obj_type.into_raw();
        crate::gc::track(p);
        Ok(owned(p))
    }
}

pub fn getattro(o: &Obj, name: &Obj) -> PyResult<Obj> {
    // SAFETY: o is a super object with live fields.
    let (start, obj, obj_type) = unsafe {
        let s = o.cast::<SuperObject>();
        (
            Obj::from_borrowed(s.start),
            Obj::from_borrowed(s.obj),
            Obj::from_borrowed(s.obj_type),
        )
    };
    let t = obj_type.as_ptr() as *mut TypeObject;
    // SAFETY: t is a live type with an MRO.
    let mro = unsafe { (*t).mro };
    if !mro.is_null() && &*super::str::as_str(name) != "__class__" {
        // SAFETY: live tuple.
        let items = unsafe { tuple::raw_items(mro) };
        let pos = items.iter().position(|&c| c == start.as_ptr());
        if let Some(pos) = pos {
            for &c in &items[pos + 1..] {
                // SAFETY: every MRO entry is a live type, kept alive by the MRO tuple.
                if let Some(d) = unsafe { super::typeobject::type_dict(c as *mut TypeObject) } {
                    if let Some(v) = super::dict::get_item(&d, name)? {
                        if let Some(get) = v.typ().tp_descr_get {
                            let inst = if obj.is(&obj_type) { None } else { Some(&obj) };
                            return get(&v, inst, &obj_type);
                        }
                        return Ok(v);
                    }
                }
            }
        }
    }
    super::typeobject::generic_getattr(o, name)
}

pub fn repr(o: &Obj) -> PyResult<Obj> {
    // SAFETY: live fields.
    let (start, obj) = unsafe {
        let s = o.cast::<SuperObject>();
        (Obj::from_borrowed(s.start), Obj::from_borrowed(s.obj))
    };
    super::str::new_str(&format!(
        "<super: <class '{}'>, <{} object>>",
        // SAFETY: start is a type.
        unsafe { (*(start.as_ptr() as *mut TypeObject)).name() },
        obj.typ().name()
    ))
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: dead super object we own.
    unsafe {
        crate::gc::untrack(p);
        let s = &mut *(p as *mut SuperObject);
        for f in [&mut s.start, &mut s.obj, &mut s.obj_type] {
            xdecref(std::mem::replace(f, std::ptr::null_mut()));
        }
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a super object.
pub unsafe fn traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live fields.
    let s = unsafe { &*(p as *mut SuperObject) };
    for f in [s.start, s.obj, s.obj_type] {
        if !f.is_null() {
            visit(f);
        }
    }
}
