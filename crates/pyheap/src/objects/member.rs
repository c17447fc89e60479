//! Descriptors made by class bodies: `__slots__` members, `staticmethod`, `classmethod` and
//! `property`.

use super::{alloc_object, owned};
use crate::object::{xdecref, Obj, PyObject};
use crate::runtime::{rt, PyResult};
use crate::typeobj::TypeObject;

/// `PyMemberDescrObject` for a `__slots__` name: the slot's byte offset in the instance.
#[repr(C)]
pub struct MemberDescr {
    pub ob_base: PyObject,
    pub d_type: *mut TypeObject,
    pub d_name: *mut PyObject,
    pub offset: usize,
}

pub fn new_member(t: *mut TypeObject, name: Obj, offset: usize) -> PyResult<Obj> {
    let p = alloc_object(rt().types.member_descriptor, std::mem::size_of::<MemberDescr>())?;
    // SAFETY: fresh descriptor. d_type is borrowed: the type owns the descriptor.
    unsafe {
        let d = &mut *(p as *mut MemberDescr);
        d.d_type = t;
        d.d_name = name.into_raw();
        d.offset = offset;
        crate::gc::track(p);
        Ok(owned(p))
    }
}

pub fn member_type(o: &Obj) -> *mut TypeObject {
    // SAFETY: o is a member descriptor.
    unsafe { o.cast::<MemberDescr>().d_type }
}

pub fn member_offset(o: &Obj) -> usize {
    // SAFETY: o is a member descriptor.
    unsafe { o.cast::<MemberDescr>().offset }
}

fn member_name(o: &Obj) -> String {
    // SAFETY: d_name is a live str.
    unsafe { super::str::raw_as_str(o.cast::<MemberDescr>().d_name).to_string() }
}

fn slot_ptr(d: &Obj, inst: &Obj) -> PyResult<*mut *mut PyObject> {
    if !super::is_instance(inst, member_type(d)) {
        return Err(super::exceptions::type_error(&format!(
            "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
            member_name(d),
            // SAFETY: live type.
            unsafe { (*member_type(d)).name() },
            inst.typ().name()
        )));
    }
    // SAFETY: the offset lies within every instance of the owning type.
    Ok(unsafe { (inst.as_ptr() as *mut u8).add(member_offset(d)) as *mut *mut PyObject })
}

pub fn member_get(d: &Obj, inst: Option<&Obj>, _owner: &Obj) -> PyResult<Obj> {
    let Some(inst) = inst else { return Ok(d.clone()) };
    let p = slot_ptr(d, inst)?;
    // SAFETY: slot holds a live object or null.
    unsafe {
        if (*p).is_null() {
            let name = super::str::new_str(&member_name(d))?;
            return Err(super::exceptions::attribute_error(
                inst,
                &name,
                &format!("'{}' object has no attribute '{}'", inst.typ().name(), member_name(d)),
            ));
        }
        Ok(Obj::from_borrowed(*p))
    }
}

pub fn member_set(d: &Obj, inst: &Obj, v: Option<&Obj>) -> PyResult<()> {
    let p = slot_ptr(d, inst)?;
    // SAFETY: slot holds a live object or null; we own it.
    unsafe {
        if v.is_none() && (*p).is_null() {
            let name = super::str::new_str(&member_name(d))?;
            return Err(super::exceptions::attribute_error(
                inst,
                &name,
                &format!("'{}' object has no attribute '{}'", inst.typ().name(), member_name(d)),
            ));
        }
        let old = std::mem::replace(&mut *p, v.map(|o| o.clone().into_raw()).unwrap_or(std::ptr::null_mut()));
        xdecref(old);
    }
    Ok(())
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc_member(p: *mut PyObject) {
    // SAFETY: dead descriptor we own.
    unsafe {
        crate::gc::untrack(p);
        xdecref(std::mem::replace(&mut (*(p as *mut MemberDescr)).d_name, std::ptr::null_mut()));
        super::free_object(p);
    }
}

/// `staticmethod` / `classmethod`: one wrapped callable (plus a dict, as CPython: 40 B).
#[repr(C)]
pub struct WrapperObject {
    pub ob_base: PyObject,
    pub callable: *mut PyObject,
    pub dict: *mut PyObject,
}

fn new_wrapper(t: *mut TypeObject, f: &Obj) -> PyResult<Obj> {
    let p = alloc_object(t, std::mem::size_of::<WrapperObject>())?;
    // SAFETY: fresh wrapper.
    unsafe {
        (*(p as *mut WrapperObject)).callable = f.clone().into_raw();
        crate::gc::track(p);
        Ok(owned(p))
    }
}

pub fn new_staticmethod(f: &Obj) -> PyResult<Obj> {
    new_wrapper(rt().types.staticmethod, f)
}

pub fn new_classmethod(f: &Obj) -> PyResult<Obj> {
    new_wrapper(rt().types.classmethod, f)
}

pub fn wrapped(o: &Obj) -> Obj {
    // SAFETY: o is a wrapper with a live callable.
    unsafe { Obj::from_borrowed(o.cast::<WrapperObject>().callable) }
}

pub fn wrapper_new(cls: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    if args.len() != 1 {
        return Err(super::exceptions::type_error(&format!(
            "{} expected 1 argument, got {}",
            // SAFETY: cls is a type.
            unsafe { (*(cls.as_ptr() as *mut TypeObject)).name() },
            args.len()
        )));
    }
    new_wrapper(cls.as_ptr() as *mut TypeObject, &args[0])
}

pub fn staticmethod_get(d: &Obj, _inst: Option<&Obj>, _owner: &Obj) -> PyResult<Obj> {
    Ok(wrapped(d))
}

pub fn classmethod_get(d: &Obj, _inst: Option<&Obj>, owner: &Obj) -> PyResult<Obj> {
    super::descr::new_bound_method(&wrapped(d), owner)
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc_wrapper(p: *mut PyObject) {
    // SAFETY: dead wrapper we own.
    unsafe {
        crate::gc::untrack(p);
        let w = &mut *(p as *mut WrapperObject);
        xdecref(std::mem::replace(&mut w.callable, std::ptr::null_mut()));
        xdecref(std::mem::replace(&mut w.dict, std::ptr::null_mut()));
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a wrapper.
pub unsafe fn traverse_wrapper(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live fields.
    let w = unsafe { &*(p as *mut WrapperObject) };
    for f in [w.callable, w.dict] {
        if !f.is_null() {
            visit(f);
        }
    }
}

/// `property`: fget, fset, fdel, doc (+ name in 3.11's layout: 64 B incl. GC).
#[repr(C)]
pub struct PropertyObject {
    pub ob_base: PyObject,
    pub fget: *mut PyObject,
    pub fset: *mut PyObject,
    pub fdel: *mut PyObject,
    pub doc: *mut PyObject,
}

pub fn new_property(fget: Option<Obj>, fset: Option<Obj>, fdel: Option<Obj>) -> PyResult<Obj> {
    let p = alloc_object(rt().types.property, std::mem::size_of::<PropertyObject>())?;
    let none_to_null = |o: Option<Obj>| match o {
        Some(o) if !rt().is_none(&o) => o.into_raw(),
        _ => std::ptr::null_mut(),
    };
    // SAFETY: fresh property.
    unsafe {
        let pr = &mut *(p as *mut PropertyObject);
        pr.fget = none_to_null(fget);
        pr.fset = none_to_null(fset);
        pr.fdel = none_to_null(fdel);
        crate::gc::track(p);
        Ok(owned(p))
    }
}

fn prop_field(p: *mut PyObject) -> Option<Obj> {
    if p.is_null() {
        None
    } else {
        // SAFETY: live or null.
        Some(unsafe { Obj::from_borrowed(p) })
    }
}

pub fn property_parts(o: &Obj) -> (Option<Obj>, Option<Obj>, Option<Obj>) {
    // SAFETY: o is a property.
    let pr = unsafe { o.cast::<PropertyObject>() };
    (prop_field(pr.fget), prop_field(pr.fset), prop_field(pr.fdel))
}

pub fn property_new(_cls: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let nkw = kwnames.map(super::tuple::len).unwrap_or(0);
    let npos = args.len() - nkw;
    let mut slots: [Option<Obj>; 3] = [None, None, None];
    for (i, a) in args[..npos].iter().take(3).enumerate() {
        slots[i] = Some(a.clone());
    }
    if let Some(k) = kwnames {
        for (i, name) in super::tuple::items(k).iter().enumerate() {
            let idx = match &*super::str::as_str(name) {
                "fget" => 0,
                "fset" => 1,
                "fdel" => 2,
                _ => continue,
            };
            slots[idx] = Some(args[npos + i].clone());
        }
    }
    let [a, b, c] = slots;
    new_property(a, b, c)
}

pub fn property_get(d: &Obj, inst: Option<&Obj>, _owner: &Obj) -> PyResult<Obj> {
    let Some(inst) = inst else { return Ok(d.clone()) };
    match property_parts(d).0 {
        Some(f) => crate::ops::call(&f, std::slice::from_ref(inst), None),
        None => Err(super::exceptions::attribute_error(
            inst,
            &rt().empty_str(),
            "property has no getter",
        )),
    }
}

pub fn property_set(d: &Obj, inst: &Obj, v: Option<&Obj>) -> PyResult<()> {
    let (_, fset, fdel) = property_parts(d);
    match v {
        Some(v) => match fset {
            Some(f) => crate::ops::call(&f, &[inst.clone(), v.clone()], None).map(|_| ()),
            None => Err(super::exceptions::attribute_error(inst, &rt().empty_str(), "can't set attribute")),
        },
        None => match fdel {
            Some(f) => crate::ops::call(&f, std::slice::from_ref(inst), None).map(|_| ()),
            None => Err(super::exceptions::attribute_error(inst, &rt().empty_str(), "can't delete attribute")),
        },
    }
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc_property(p: *mut PyObject) {
    // SAFETY: dead property we own.
    unsafe {
        crate::gc::untrack(p);
        let pr = &mut *(p as *mut PropertyObject);
        for f in [&mut pr.fget, &mut pr.fset, &mut pr.fdel, &mut pr.doc] {
            xdecref(std::mem::replace(f, std::ptr::null_mut()));
        }
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a property.
pub unsafe fn traverse_property(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live fields.
    let pr = unsafe { &*(p as *mut PropertyObject) };
    for f in [pr.fget, pr.fset, pr.fdel, pr.doc] {
        if !f.is_null() {
            visit(f);
        }
    }
}
