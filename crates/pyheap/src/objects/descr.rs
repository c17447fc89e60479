//! Built-in callables: functions of modules (`len`, `sys.getrefcount`), methods of built-in
//! types (`list.append`) as method descriptors, slot wrappers (`list.__len__`, a
//! `wrapper_descriptor` with a method descriptor's layout, bound as a `method-wrapper`),
//! and bound methods.
//!
//! Sizes as CPython 3.11: a builtin function is 72 bytes, a method or wrapper descriptor
//! 72, a method-wrapper 48, a bound method 64 (all GC objects).

use super::{alloc_object, owned};
use crate::object::{xdecref, Obj, PyObject};
use crate::runtime::{rt, PyResult};
use crate::typeobj::TypeObject;

/// A built-in function's implementation: `self` (the module, the bound object or the
/// receiver), positional args followed by keyword values, and the keyword names tuple.
pub type NativeFn = fn(&Obj, &[Obj], Option<&Obj>) -> PyResult<Obj>;

/// `PyMethodDef`.
pub struct MethodDef {
    pub name: &'static str,
    pub func: NativeFn,
    /// Called on the class (classmethod-style, receives the type as self).
    pub class_method: bool,
    /// Static (receives None-free call; self is the type, ignored).
    pub static_method: bool,
    /// A one-argument or no-argument C function (`METH_O`/`METH_NOARGS`): CPython counts
    /// calls of these against the recursion limit ("while calling a Python object").
    pub checks_recursion: bool,
    /// A wrapper of a type slot (`list.__len__`): shown as CPython shows its
    /// `wrapper_descriptor` and `method-wrapper` objects.
    pub slot_wrapper: bool,
}

impl MethodDef {
    pub const fn new(name: &'static str, func: NativeFn) -> MethodDef {
        MethodDef {
            name,
            func,
            class_method: false,
            static_method: false,
            checks_recursion: false,
            slot_wrapper: false,
        }
    }
    /// A `METH_O`/`METH_NOARGS` function (see `checks_recursion`).
    pub const fn checked(name: &'static str, func: NativeFn) -> MethodDef {
        MethodDef {
            name,
            func,
            class_method: false,
            static_method: false,
            checks_recursion: true,
            slot_wrapper: false,
        }
    }
    /// A slot wrapper (see `slot_wrapper`).
    pub const fn slot(name: &'static str, func: NativeFn) -> MethodDef {
        MethodDef {
            name,
            func,
            class_method: false,
            static_method: false,
            checks_recursion: false,
            slot_wrapper: true,
        }
    }
    pub const fn class(name: &'static str, func: NativeFn) -> MethodDef {
        MethodDef {
            name,
            func,
            class_method: true,
            static_method: false,
            checks_recursion: false,
            slot_wrapper: false,
        }
    }
    pub const fn static_(name: &'static str, func: NativeFn) -> MethodDef {
        MethodDef {
            name,
            func,
            class_method: false,
            static_method: true,
            checks_recursion: false,
            slot_wrapper: false,
        }
    }
}

/// `PyCFunctionObject`: 56 bytes + GC header.
#[repr(C)]
pub struct BuiltinFunction {
    pub ob_base: PyObject,
    pub def: &'static MethodDef,
    pub self_: *mut PyObject,
    pub module: *mut PyObject,
    pub weakreflist: *mut PyObject,
    pub vectorcall: usize,
}

/// `PyMethodDescrObject`: 56 bytes + GC header.
#[repr(C)]
pub struct MethodDescr {
    pub ob_base: PyObject,
    pub d_type: *mut TypeObject,
    pub d_name: *mut PyObject,
    pub d_qualname: *mut PyObject,
    pub def: &'static MethodDef,
    pub vectorcall: usize,
}

/// `wrapperobject` (`method-wrapper`): 32 bytes + GC header.
#[repr(C)]
pub struct MethodWrapper {
    pub ob_base: PyObject,
    /// The `wrapper_descriptor` (strong reference).
    pub descr: *mut PyObject,
    /// The object it is bound to (strong reference).
    pub self_: *mut PyObject,
}

/// `PyMethodObject`: 48 bytes + GC header.
#[repr(C)]
pub struct BoundMethod {
    pub ob_base: PyObject,
    pub im_func: *mut PyObject,
    pub im_self: *mut PyObject,
    pub im_weakreflist: *mut PyObject,
    pub vectorcall: usize,
}

/// A builtin function bound to `self_` (a module, or an object for bound builtin methods).
pub fn new_builtin(def: &'static MethodDef, self_: Option<&Obj>) -> PyResult<Obj> {
    // SAFETY: the runtime's builtin_function type is live.
    let p = unsafe {
        alloc_object(
            rt().types.builtin_function,
            std::mem::size_of::<BuiltinFunction>(),
        )
    }?;
    // SAFETY: fresh object of this layout.
    unsafe {
        let f = &mut *(p as *mut BuiltinFunction);
        f.def = def;
        f.self_ = self_
            .map(|s| s.clone().into_raw())
            .unwrap_or(std::ptr::null_mut());
        crate::gc::track(p);
        Ok(owned(p))
    }
}

pub fn new_method_descr(tp: *mut TypeObject, def: &'static MethodDef) -> PyResult<Obj> {
    let name = super::str::intern_str(def.name)?;
    let descr_type = if super::slot_wrappers::is_wrapper(tp, def) {
        rt().types.wrapper_descriptor
    } else {
        rt().types.method_descriptor
    };
    // SAFETY: the runtime's descriptor types are live and share this layout.
    let p = unsafe { alloc_object(descr_type, std::mem::size_of::<MethodDescr>()) }?;
    // SAFETY: fresh object of this layout; the type is live for the runtime's lifetime.
    unsafe {
        let d = &mut *(p as *mut MethodDescr);
        d.d_type = tp;
        d.d_name = name.into_raw();
        d.def = def;
        crate::gc::track(p);
        Ok(owned(p))
    }
}

/// A slot wrapper bound to `self_` (`wrapper_descr_get`).
pub fn new_method_wrapper(descr: &Obj, self_: &Obj) -> PyResult<Obj> {
    // SAFETY: the runtime's method-wrapper type is live.
    let p = unsafe {
        alloc_object(
            rt().types.method_wrapper,
            std::mem::size_of::<MethodWrapper>(),
        )
    }?;
    // SAFETY: fresh object of this layout.
    unsafe {
        let w = &mut *(p as *mut MethodWrapper);
        w.descr = descr.clone().into_raw();
        w.self_ = self_.clone().into_raw();
        crate::gc::track(p);
        Ok(owned(p))
    }
}

/// The descriptor and the receiver of a method-wrapper, borrowed from it.
fn method_wrapper_parts(o: &Obj) -> (&Obj, &Obj) {
    // SAFETY: o is a method-wrapper; its fields are live non-null references it owns and
    // never changes, and `Obj` is a transparent non-null pointer, so each can be viewed as
    // a borrowed `Obj` for as long as `o` is borrowed.
    unsafe {
        let w = o.cast::<MethodWrapper>();
        (
            &*(&w.descr as *const *mut PyObject as *const Obj),
            &*(&w.self_ as *const *mut PyObject as *const Obj),
        )
    }
}

pub fn call_method_wrapper(o: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let (d, self_) = method_wrapper_parts(o);
    (descr_def(d).func)(self_, args, kwnames)
}

pub fn method_wrapper_repr(o: &Obj) -> PyResult<Obj> {
    let (d, self_) = method_wrapper_parts(o);
    super::str::new_str(&format!(
        "<method-wrapper '{}' of {} object at {:#x}>",
        descr_def(d).name,
        self_.typ().full_name(),
        self_.id()
    ))
}

pub fn method_wrapper_getattro(o: &Obj, name: &Obj) -> PyResult<Obj> {
    let (d, self_) = method_wrapper_parts(o);
    match &*super::str::as_str(name) {
        "__name__" | "__qualname__" | "__objclass__" | "__text_signature__" => {
            method_descr_getattro(d, name)
        }
        "__self__" => Ok(self_.clone()),
        _ => super::typeobject::generic_getattr(o, name),
    }
}

/// Two method-wrappers are equal when they wrap the same slot of the same object.
pub fn method_wrapper_richcompare(
    a: &Obj,
    b: &Obj,
    op: crate::typeobj::CompareOp,
) -> PyResult<Obj> {
    use crate::typeobj::{CompareOp, Kind};
    if crate::ops::kind(b) != Kind::MethodWrapper || !matches!(op, CompareOp::Eq | CompareOp::Ne) {
        return Ok(rt().not_implemented());
    }
    let (da, sa) = method_wrapper_parts(a);
    let (db, sb) = method_wrapper_parts(b);
    let same = da.is(db) && sa.is(sb);
    Ok(rt().bool_obj(same == (op == CompareOp::Eq)))
}

/// The receiver's and the descriptor's addresses, combined (`wrapper_hash`).
pub fn method_wrapper_hash(o: &Obj) -> PyResult<isize> {
    let (d, self_) = method_wrapper_parts(o);
    let h = super::typeobject::object_hash(self_)? ^ super::typeobject::object_hash(d)?;
    Ok(if h == -1 { -2 } else { h })
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc_method_wrapper(p: *mut PyObject) {
    // SAFETY: p is a dead method-wrapper we own.
    unsafe {
        crate::gc::untrack(p);
        let w = &mut *(p as *mut MethodWrapper);
        xdecref(std::mem::replace(&mut w.descr, std::ptr::null_mut()));
        xdecref(std::mem::replace(&mut w.self_, std::ptr::null_mut()));
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a method-wrapper.
pub unsafe fn traverse_method_wrapper(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live fields.
    let w = unsafe { &*(p as *mut MethodWrapper) };
    visit(w.descr);
    visit(w.self_);
}

/// `__name__`, `__qualname__` (`list.append`), `__objclass__` and `__text_signature__` of a
/// method or wrapper descriptor.
pub fn method_descr_getattro(o: &Obj, name: &Obj) -> PyResult<Obj> {
    match &*super::str::as_str(name) {
        "__name__" => super::str::new_str(descr_def(o).name),
        "__qualname__" => {
            let owner = crate::runtime::type_ref(descr_type(o));
            let q = crate::ops::getattr_str(&owner, "__qualname__")?;
            super::str::new_str(&format!(
                "{}.{}",
                crate::ops::str_string(&q)?,
                descr_def(o).name
            ))
        }
        "__objclass__" => Ok(crate::runtime::type_ref(descr_type(o))),
        "__text_signature__" => Ok(rt().none()),
        _ => super::typeobject::generic_getattr(o, name),
    }
}

pub fn new_bound_method(func: &Obj, self_: &Obj) -> PyResult<Obj> {
    // SAFETY: the runtime's bound_method type is live.
    let p = unsafe { alloc_object(rt().types.bound_method, std::mem::size_of::<BoundMethod>()) }?;
    // SAFETY: fresh object of this layout.
    unsafe {
        let m = &mut *(p as *mut BoundMethod);
        m.im_func = func.clone().into_raw();
        m.im_self = self_.clone().into_raw();
        crate::gc::track(p);
        Ok(owned(p))
    }
}

pub fn builtin_def(o: &Obj) -> &'static MethodDef {
    // SAFETY: o is a builtin function.
    unsafe { o.cast::<BuiltinFunction>().def }
}

/// The `self` a built-in function is bound to (its module, or an object for a bound
/// built-in method), borrowed from it; `None` when it has none.
pub fn builtin_self_ref(o: &Obj) -> Option<&Obj> {
    // SAFETY: o is a builtin function; its self_ is live or null and never changes, so
    // it can be viewed as a borrowed `Obj` for as long as `o` is borrowed.
    unsafe {
        let f = o.cast::<BuiltinFunction>();
        (!f.self_.is_null()).then(|| Obj::borrow_field(&f.self_))
    }
}

pub fn builtin_self(o: &Obj) -> Option<Obj> {
    // SAFETY: o is a builtin function; self_ is live or null.
    unsafe {
        let s = o.cast::<BuiltinFunction>().self_;
        if s.is_null() {
            None
        } else {
            Some(Obj::from_borrowed(s))
        }
    }
}

/// Whether a method descriptor is a slot wrapper (`wrapper_descriptor`).
#[inline]
pub fn is_wrapper_descr(d: &Obj) -> bool {
    d.type_ptr() == rt().types.wrapper_descriptor
}

pub fn descr_def(o: &Obj) -> &'static MethodDef {
    // SAFETY: o is a method descriptor.
    unsafe { o.cast::<MethodDescr>().def }
}

pub fn descr_type(o: &Obj) -> *mut TypeObject {
    // SAFETY: o is a method descriptor.
    unsafe { o.cast::<MethodDescr>().d_type }
}

/// (function, self) of a bound method.
/// The function and `self` of a bound method, borrowed from it (both non-null and fixed
/// for the method's lifetime).
pub fn bound_parts_ref(o: &Obj) -> (&Obj, &Obj) {
    // SAFETY: o is a bound method; its fields are live non-null references it owns and
    // never changes, and `Obj` is a transparent non-null pointer, so each field can be
    // viewed as a borrowed `Obj` for as long as `o` is borrowed.
    unsafe {
        let m = o.cast::<BoundMethod>();
        (
            &*(&m.im_func as *const *mut PyObject as *const Obj),
            &*(&m.im_self as *const *mut PyObject as *const Obj),
        )
    }
}

pub fn bound_parts(o: &Obj) -> (Obj, Obj) {
    // SAFETY: o is a bound method; fields are live.
    unsafe {
        let m = o.cast::<BoundMethod>();
        (Obj::from_borrowed(m.im_func), Obj::from_borrowed(m.im_self))
    }
}

pub fn call_builtin(f: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let def = builtin_def(f);
    let s = builtin_self(f).unwrap_or_else(|| rt().none());
    if def.checks_recursion {
        return crate::vm::recursion::guarded(" while calling a Python object", || {
            (def.func)(&s, args, kwnames)
        });
    }
    (def.func)(&s, args, kwnames)
}

/// The slots shared by `method_descriptor` and `wrapper_descriptor` (one layout).
pub fn set_descriptor_slots(t: &mut crate::typeobj::TypeObject) {
    t.tp_repr = Some(method_descr_repr);
    t.tp_call = Some(call_method_descr);
    t.tp_descr_get = Some(method_descr_get);
    t.tp_getattro = Some(method_descr_getattro);
    t.tp_new = None;
}

/// Calling a method descriptor unbound: `list.append(lst, x)`.
pub fn call_method_descr(d: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let def = descr_def(d);
    let tp = descr_type(d);
    if def.class_method || def.static_method {
        return (def.func)(&crate::runtime::type_ref(tp), args, kwnames);
    }
    let nkw = kwnames.map(super::tuple::len).unwrap_or(0);
    if args.len() <= nkw {
        // SAFETY: tp is a live type.
        let tname = unsafe { (*tp).name().to_string() };
        return Err(super::exceptions::type_error(&if is_wrapper_descr(d) {
            format!(
                "descriptor '{}' of '{}' object needs an argument",
                def.name, tname
            )
        } else {
            format!("unbound method {}.{}() needs an argument", tname, def.name)
        }));
    }
    let self_ = &args[0];
    if !super::is_instance(self_, tp) {
        // SAFETY: tp is live.
        let tname = unsafe { (*tp).name().to_string() };
        return Err(super::exceptions::type_error(&if is_wrapper_descr(d) {
            format!(
                "descriptor '{}' requires a '{}' object but received a '{}'",
                def.name,
                tname,
                self_.typ().name()
            )
        } else {
            format!(
                "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                def.name,
                tname,
                self_.typ().name()
            )
        }));
    }
    (def.func)(self_, &args[1..], kwnames)
}

/// `method(function, instance)` (`types.MethodType`).
pub fn bound_method_new(_cls: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    if kwnames.map(super::tuple::len).unwrap_or(0) > 0 {
        return Err(super::exceptions::type_error(
            "method() takes no keyword arguments",
        ));
    }
    if args.len() != 2 {
        return Err(super::exceptions::type_error(&format!(
            "method expected 2 arguments, got {}",
            args.len()
        )));
    }
    if args[0].typ().tp_call.is_none() {
        return Err(super::exceptions::type_error(
            "first argument must be callable",
        ));
    }
    if rt().is_none(&args[1]) {
        return Err(super::exceptions::type_error("instance must not be None"));
    }
    new_bound_method(&args[0], &args[1])
}

pub fn call_bound_method(m: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let (func, self_) = bound_parts_ref(m);
    if crate::vm::is_python_function(func) {
        // `self` is borrowed from the method, as 3.11's `method_vectorcall` does.
        return crate::vm::call_function_with_self(func, Some(self_), args, kwnames);
    }
    let (func, self_) = bound_parts(m);
    let mut v = Vec::with_capacity(args.len() + 1);
    v.push(self_);
    v.extend_from_slice(args);
    crate::ops::call(&func, &v, kwnames)
}

/// Method descriptors bind on attribute access: `lst.append` is a builtin bound to `lst`.
pub fn method_descr_get(d: &Obj, instance: Option<&Obj>, owner: &Obj) -> PyResult<Obj> {
    let def = descr_def(d);
    if def.class_method {
        return new_builtin(def, Some(owner));
    }
    if def.static_method {
        return new_builtin(def, None);
    }
    match instance {
        None => Ok(d.clone()),
        Some(i) if is_wrapper_descr(d) => new_method_wrapper(d, i),
        Some(i) => new_builtin(def, Some(i)),
    }
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc_builtin(p: *mut PyObject) {
    // SAFETY: p is a dead builtin function we own.
    unsafe {
        crate::gc::untrack(p);
        super::weakref::clear_weakrefs(p);
        let f = &mut *(p as *mut BuiltinFunction);
        xdecref(std::mem::replace(&mut f.self_, std::ptr::null_mut()));
        xdecref(std::mem::replace(&mut f.module, std::ptr::null_mut()));
        super::free_object(p);
    }
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc_method_descr(p: *mut PyObject) {
    // SAFETY: p is a dead descriptor we own.
    unsafe {
        crate::gc::untrack(p);
        let d = &mut *(p as *mut MethodDescr);
        xdecref(std::mem::replace(&mut d.d_name, std::ptr::null_mut()));
        super::free_object(p);
    }
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc_bound_method(p: *mut PyObject) {
    // SAFETY: p is a dead bound method we own.
    unsafe {
        crate::gc::untrack(p);
        super::weakref::clear_weakrefs(p);
        let m = &mut *(p as *mut BoundMethod);
        xdecref(std::mem::replace(&mut m.im_func, std::ptr::null_mut()));
        xdecref(std::mem::replace(&mut m.im_self, std::ptr::null_mut()));
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a builtin function.
pub unsafe fn traverse_builtin(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live fields.
    let f = unsafe { &*(p as *mut BuiltinFunction) };
    if !f.self_.is_null() {
        visit(f.self_);
    }
}

/// # Safety
/// `p` is a bound method.
pub unsafe fn traverse_bound_method(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live fields.
    let m = unsafe { &*(p as *mut BoundMethod) };
    visit(m.im_func);
    visit(m.im_self);
}

pub fn builtin_repr(o: &Obj) -> PyResult<Obj> {
    let def = builtin_def(o);
    match builtin_self(o) {
        Some(s) if def.slot_wrapper => super::str::new_str(&format!(
            "<method-wrapper '{}' of {} object at {:#x}>",
            def.name,
            s.typ().name(),
            s.id()
        )),
        Some(s) if crate::ops::kind(&s) != crate::typeobj::Kind::Module => {
            super::str::new_str(&format!(
                "<built-in method {} of {} object at {:#x}>",
                def.name,
                s.typ().name(),
                s.id()
            ))
        }
        _ => super::str::new_str(&format!("<built-in function {}>", def.name)),
    }
}

pub fn method_descr_repr(o: &Obj) -> PyResult<Obj> {
    // SAFETY: d_type is a live type.
    let tname = unsafe { (*descr_type(o)).name().to_string() };
    let def = descr_def(o);
    let what = if is_wrapper_descr(o) {
        "slot wrapper"
    } else {
        "method"
    };
    super::str::new_str(&format!("<{} '{}' of '{}' objects>", what, def.name, tname))
}

pub fn bound_method_repr(o: &Obj) -> PyResult<Obj> {
    let (func, self_) = bound_parts(o);
    let qn = crate::ops::getattr_str(&func, "__qualname__")
        .and_then(|q| crate::ops::str_string(&q))
        .unwrap_or_else(|_| "?".into());
    let sr = crate::ops::repr_string(&self_)?;
    super::str::new_str(&format!("<bound method {} of {}>", qn, sr))
}

pub fn bound_method_getattro(o: &Obj, name: &Obj) -> PyResult<Obj> {
    let (func, self_) = bound_parts(o);
    match &*super::str::as_str(name) {
        "__func__" => Ok(func),
        "__self__" => Ok(self_),
        _ => crate::ops::getattr(&func, name),
    }
}

/// `__qualname__` of a built-in function: its name, after the `__qualname__` of the type
/// it is bound to (or of its receiver's type) — `object.__new__`, `list.append`.
fn builtin_qualname(o: &Obj) -> PyResult<Obj> {
    let name = builtin_def(o).name;
    let owner = match builtin_self(o) {
        Some(s) if crate::ops::kind(&s) == crate::typeobj::Kind::Type => s,
        Some(s) if crate::ops::kind(&s) != crate::typeobj::Kind::Module => s.type_obj(),
        _ => return super::str::new_str(name),
    };
    let q = crate::ops::getattr_str(&owner, "__qualname__")?;
    super::str::new_str(&format!("{}.{}", crate::ops::str_string(&q)?, name))
}

pub fn builtin_getattro(o: &Obj, name: &Obj) -> PyResult<Obj> {
    match &*super::str::as_str(name) {
        "__name__" => super::str::new_str(builtin_def(o).name),
        "__qualname__" => builtin_qualname(o),
        "__self__" => Ok(builtin_self(o).unwrap_or_else(|| rt().none())),
        _ => super::typeobject::generic_getattr(o, name),
    }
}
