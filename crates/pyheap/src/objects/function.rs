//! `function`: CPython 3.11's `PyFunctionObject` (136 bytes + 16 GC = 152).
//!
//! A function references its globals, builtins, name, qualname, code, the defaults tuple
//! (one of the references a default value's refcount shows), keyword defaults, the closure
//! tuple of cells, and lazily its `__dict__`.

use super::{alloc_object, owned};
use crate::object::{xdecref, Obj, PyObject};
use crate::runtime::{rt, PyResult};

#[repr(C)]
pub struct FunctionObject {
    pub ob_base: PyObject,
    pub globals: *mut PyObject,
    pub builtins: *mut PyObject,
    pub name: *mut PyObject,
    pub qualname: *mut PyObject,
    pub code: *mut PyObject,
    pub defaults: *mut PyObject,
    pub kwdefaults: *mut PyObject,
    pub closure: *mut PyObject,
    pub doc: *mut PyObject,
    pub dict: *mut PyObject,
    pub weakreflist: *mut PyObject,
    pub module: *mut PyObject,
    pub annotations: *mut PyObject,
    pub vectorcall: usize,
    pub version: u32,
}

pub struct NewFunction {
    pub code: Obj,
    pub globals: Obj,
    pub builtins: Obj,
    pub defaults: Option<Obj>,
    pub kwdefaults: Option<Obj>,
    pub closure: Option<Obj>,
    pub module: Option<Obj>,
}

pub fn new_function(f: NewFunction) -> PyResult<Obj> {
    let cd = super::code::data(&f.code);
    let name = cd.name.clone();
    let qualname = cd.qualname.clone();
    // The docstring is co_consts[0] when it is a str (3.11).
    let doc = match super::tuple::items(&cd.consts).first() {
        Some(c) if super::is_exact(c, rt().types.str) => c.clone(),
        _ => rt().none(),
    };
    // SAFETY: the runtime's function type is live.
    let p = unsafe { alloc_object(rt().types.function, std::mem::size_of::<FunctionObject>()) }?;
    let opt = |o: Option<Obj>| o.map(|o| o.into_raw()).unwrap_or(std::ptr::null_mut());
    // SAFETY: fresh function object; each field takes ownership of one reference.
    unsafe {
        let fo = &mut *(p as *mut FunctionObject);
        fo.globals = f.globals.into_raw();
        fo.builtins = f.builtins.into_raw();
        fo.name = name.into_raw();
        fo.qualname = qualname.into_raw();
        fo.code = f.code.into_raw();
        fo.defaults = opt(f.defaults);
        fo.kwdefaults = opt(f.kwdefaults);
        fo.closure = opt(f.closure);
        fo.doc = doc.into_raw();
        fo.module = opt(f.module);
        crate::gc::track(p);
        Ok(owned(p))
    }
}

#[inline]
// Sound: the runtime is single-threaded and callers never keep two such borrows alive at once.
#[allow(clippy::mut_from_ref)]
pub fn raw(o: &Obj) -> &mut FunctionObject {
    // SAFETY: callers pass functions.
    unsafe { o.cast_mut::<FunctionObject>() }
}

fn field(p: *mut PyObject) -> Option<Obj> {
    if p.is_null() {
        None
    } else {
        // SAFETY: function fields are live or null.
        Some(unsafe { Obj::from_borrowed(p) })
    }
}

pub fn code(o: &Obj) -> Obj {
    field(raw(o).code).unwrap_or_else(|| rt().none())
}
pub fn globals(o: &Obj) -> Obj {
    field(raw(o).globals).unwrap_or_else(|| rt().none())
}
pub fn builtins(o: &Obj) -> Obj {
    field(raw(o).builtins).unwrap_or_else(|| rt().none())
}
pub fn defaults(o: &Obj) -> Option<Obj> {
    field(raw(o).defaults)
}
pub fn kwdefaults(o: &Obj) -> Option<Obj> {
    field(raw(o).kwdefaults)
}
pub fn closure(o: &Obj) -> Option<Obj> {
    field(raw(o).closure)
}
pub fn name(o: &Obj) -> Obj {
    field(raw(o).name).unwrap_or_else(|| rt().none())
}
pub fn qualname(o: &Obj) -> Obj {
    field(raw(o).qualname).unwrap_or_else(|| rt().none())
}
pub fn module(o: &Obj) -> Option<Obj> {
    field(raw(o).module)
}
pub fn dict(o: &Obj) -> PyResult<Obj> {
    let f = raw(o);
    if f.dict.is_null() {
        f.dict = super::dict::new_dict()?.into_raw();
    }
    Ok(field(f.dict).unwrap_or_else(|| rt().none()))
}

/// Replaces a field, releasing the old value after the store.
pub fn set_field(slot: &mut *mut PyObject, v: Option<Obj>) {
    let old = std::mem::replace(
        slot,
        v.map(|o| o.into_raw()).unwrap_or(std::ptr::null_mut()),
    );
    // SAFETY: the function owned the old value.
    unsafe { xdecref(old) };
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: dead function we own.
    unsafe {
        crate::gc::untrack(p);
        super::weakref::clear_weakrefs(p);
        clear(p);
        super::free_object(p);
    }
}

fn fields(f: &mut FunctionObject) -> [&mut *mut PyObject; 12] {
    [
        &mut f.globals,
        &mut f.builtins,
        &mut f.name,
        &mut f.qualname,
        &mut f.code,
        &mut f.defaults,
        &mut f.kwdefaults,
        &mut f.closure,
        &mut f.doc,
        &mut f.dict,
        &mut f.module,
        &mut f.annotations,
    ]
}

/// # Safety
/// `p` is a function.
pub unsafe fn traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live fields.
    let f = unsafe { &mut *(p as *mut FunctionObject) };
    for slot in fields(f) {
        if !slot.is_null() {
            visit(*slot);
        }
    }
}

/// # Safety
/// `p` is a function.
pub unsafe fn clear(p: *mut PyObject) {
    // SAFETY: we own the fields.
    let f = unsafe { &mut *(p as *mut FunctionObject) };
    for slot in fields(f) {
        let old = std::mem::replace(slot, std::ptr::null_mut());
        // SAFETY: owned reference.
        unsafe { xdecref(old) };
    }
}

pub fn repr(o: &Obj) -> PyResult<Obj> {
    super::str::new_str(&format!(
        "<function {} at {:#x}>",
        super::str::as_str(&qualname(o)),
        o.id()
    ))
}

/// Functions bind to instances as methods.
pub fn descr_get(f: &Obj, inst: Option<&Obj>, _owner: &Obj) -> PyResult<Obj> {
    match inst {
        None => Ok(f.clone()),
        Some(i) if rt().is_none(i) => Ok(f.clone()),
        Some(i) => super::descr::new_bound_method(f, i),
    }
}

/// Function attributes: `__name__`, `__qualname__`, `__code__`, `__defaults__`, ... then
/// the function's `__dict__`.
pub fn getattro(o: &Obj, name: &Obj) -> PyResult<Obj> {
    let r = rt();
    let f = raw(o);
    let opt = |p: *mut PyObject| -> Obj {
        if p.is_null() {
            r.none()
        } else {
            // SAFETY: live field.
            unsafe { Obj::from_borrowed(p) }
        }
    };
    match &*super::str::as_str(name) {
        "__name__" => return Ok(opt(f.name)),
        "__qualname__" => return Ok(opt(f.qualname)),
        "__code__" => return Ok(opt(f.code)),
        "__defaults__" => return Ok(opt(f.defaults)),
        "__kwdefaults__" => return Ok(opt(f.kwdefaults)),
        "__closure__" => return Ok(opt(f.closure)),
        "__globals__" => return Ok(opt(f.globals)),
        "__doc__" => return Ok(opt(f.doc)),
        "__module__" => return Ok(opt(f.module)),
        "__dict__" => return dict(o),
        "__builtins__" => return Ok(opt(f.builtins)),
        "__annotations__" => {
            // Made empty on first use (pyheap does not evaluate annotations).
            if f.annotations.is_null() {
                f.annotations = super::dict::new_dict()?.into_raw();
            }
            return Ok(opt(f.annotations));
        }
        _ => {}
    }
    super::typeobject::generic_getattr(o, name)
}

pub fn setattro(o: &Obj, name: &Obj, value: Option<&Obj>) -> PyResult<()> {
    let f = raw(o);
    match &*super::str::as_str(name) {
        "__name__" => set_field(&mut f.name, value.cloned()),
        "__qualname__" => set_field(&mut f.qualname, value.cloned()),
        "__defaults__" => set_field(&mut f.defaults, value.filter(|v| !rt().is_none(v)).cloned()),
        "__kwdefaults__" => set_field(
            &mut f.kwdefaults,
            value.filter(|v| !rt().is_none(v)).cloned(),
        ),
        "__doc__" => set_field(&mut f.doc, value.cloned()),
        "__module__" => set_field(&mut f.module, value.cloned()),
        "__annotations__" => {
            let value = value.filter(|v| !rt().is_none(v));
            if value.is_some_and(|v| crate::ops::kind(v) != crate::typeobj::Kind::Dict) {
                return Err(super::exceptions::type_error(
                    "__annotations__ must be set to a dict object",
                ));
            }
            set_field(&mut f.annotations, value.cloned())
        }
        _ => return super::typeobject::generic_setattr(o, name, value),
    }
    Ok(())
}
