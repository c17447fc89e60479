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
    // SAFETY: the runtime's member_descriptor type is live.
    let p = unsafe {
        alloc_object(
            rt().types.member_descriptor,
            std::mem::size_of::<MemberDescr>(),
        )
    }?;
    // SAFETY: fresh descriptor. d_type is a strong reference, as CPython's `descr_new`.
    unsafe {
        let d = &mut *(p as *mut MemberDescr);
        crate::object::incref(t as *mut PyObject);
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
    let Some(inst) = inst else {
        return Ok(d.clone());
    };
    let p = slot_ptr(d, inst)?;
    // SAFETY: slot holds a live object or null.
    unsafe {
        if (*p).is_null() {
            let name = super::str::new_str(&member_name(d))?;
            return Err(super::exceptions::attribute_error(
                inst,
                &name,
                &format!(
                    "'{}' object has no attribute '{}'",
                    inst.typ().name(),
                    member_name(d)
                ),
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
                &format!(
                    "'{}' object has no attribute '{}'",
                    inst.typ().name(),
                    member_name(d)
                ),
            ));
        }
        let old = std::mem::replace(
            &mut *p,
            v.map(|o| o.clone().into_raw())
                .unwrap_or(std::ptr::null_mut()),
        );
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
        let d = &mut *(p as *mut MemberDescr);
        xdecref(std::mem::replace(&mut d.d_name, std::ptr::null_mut()));
        xdecref(std::mem::replace(&mut d.d_type, std::ptr::null_mut()) as *mut PyObject);
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a member descriptor.
pub unsafe fn traverse_member(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live field.
    let t = unsafe { (*(p as *mut MemberDescr)).d_type };
    if !t.is_null() {
        visit(t as *mut PyObject);
    }
}

pub fn member_repr(o: &Obj) -> PyResult<Obj> {
    // SAFETY: d_type is a live type.
    let tname = unsafe { (*member_type(o)).name().to_string() };
    super::str::new_str(&format!(
        "<member '{}' of '{}' objects>",
        member_name(o),
        tname
    ))
}

/// `__name__`, `__qualname__` and `__objclass__` of a member descriptor.
pub fn member_getattro(o: &Obj, name: &Obj) -> PyResult<Obj> {
    let t = member_type(o);
    match &*super::str::as_str(name) {
        "__name__" => super::str::new_str(&member_name(o)),
        "__qualname__" => super::str::new_str(&format!(
            "{}.{}",
            // SAFETY: the descriptor holds a strong reference to its type, so it is live.
            unsafe { super::typeobject::qualname(t) },
            member_name(o)
        )),
        "__objclass__" => Ok(crate::runtime::type_ref(t)),
        _ => super::typeobject::generic_getattr(o, name),
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
    // SAFETY: callers pass staticmethod, classmethod or the live class `__new__` was
    // called on (a subclass of one of them).
    let p = unsafe { alloc_object(t, std::mem::size_of::<WrapperObject>()) }?;
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

/// `staticmethod.__call__` (3.10+): calls the wrapped callable.
pub fn staticmethod_call(d: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    crate::ops::call(&wrapped(d), args, kwnames)
}

/// The wrapper's `__dict__`, made on first use.
fn wrapper_dict(o: &Obj) -> PyResult<Obj> {
    // SAFETY: o is a staticmethod or classmethod; its dict field is a live dict or null.
    unsafe {
        let w = o.as_ptr() as *mut WrapperObject;
        if (*w).dict.is_null() {
            (*w).dict = super::dict::new_dict()?.into_raw();
        }
        Ok(Obj::from_borrowed((*w).dict))
    }
}

/// `staticmethod.__init__(callable)` / `classmethod.__init__(callable)`: wraps the
/// callable and copies its `__module__`, `__name__`, `__qualname__`, `__doc__` and
/// `__annotations__` into the wrapper's `__dict__` (3.10's `functools_wraps`).
fn wrapper_init(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    let nkw = kw.map(super::tuple::len).unwrap_or(0);
    if nkw > 0 {
        return Err(super::exceptions::type_error(&format!(
            "{}() takes no keyword arguments",
            o.typ().name()
        )));
    }
    if args.len() != 1 {
        return Err(super::exceptions::type_error(&format!(
            "{} expected 1 argument, got {}",
            o.typ().name(),
            args.len()
        )));
    }
    let callable = &args[0];
    // SAFETY: o is a wrapper; the old callable is released after the new one is stored.
    let old = unsafe {
        let w = o.as_ptr() as *mut WrapperObject;
        std::mem::replace(&mut (*w).callable, callable.clone().into_raw())
    };
    // SAFETY: the wrapper owned the old callable (never null once made).
    unsafe { xdecref(old) };
    for attr in [
        "__module__",
        "__name__",
        "__qualname__",
        "__doc__",
        "__annotations__",
    ] {
        let key = super::str::intern_str(attr)?;
        if let Some(v) = crate::ops::getattr_opt(callable, &key)? {
            super::dict::set_item(&wrapper_dict(o)?, &key, &v)?;
        }
    }
    Ok(rt().none())
}

/// `__func__` (and `__wrapped__`), `__isabstractmethod__` (the callable's) and
/// `__dict__` of a staticmethod / classmethod, then its `__dict__`'s entries.
pub fn wrapper_getattro(o: &Obj, name: &Obj) -> PyResult<Obj> {
    match &*super::str::as_str(name) {
        "__func__" | "__wrapped__" => return Ok(wrapped(o)),
        "__isabstractmethod__" => {
            let key = super::str::intern_str("__isabstractmethod__")?;
            let v = crate::ops::getattr_opt(&wrapped(o), &key)?;
            let abstract_ = match v {
                Some(v) => crate::ops::truthy(&v)?,
                None => false,
            };
            return Ok(rt().bool_obj(abstract_));
        }
        "__dict__" => return wrapper_dict(o),
        _ => {}
    }
    // SAFETY: o is a wrapper; its dict is a live dict or null.
    let d = unsafe { (*(o.as_ptr() as *mut WrapperObject)).dict };
    if !d.is_null() {
        // SAFETY: live dict owned by the wrapper.
        let d = unsafe { Obj::from_borrowed(d) };
        if let Some(v) = super::dict::get_item(&d, name)? {
            return Ok(v);
        }
    }
    super::typeobject::generic_getattr(o, name)
}

/// Attributes of a staticmethod / classmethod live in its `__dict__`.
pub fn wrapper_setattro(o: &Obj, name: &Obj, value: Option<&Obj>) -> PyResult<()> {
    let n = super::str::as_str(name);
    if matches!(
        &*n,
        "__func__" | "__wrapped__" | "__dict__" | "__isabstractmethod__"
    ) {
        return Err(super::exceptions::attribute_error(
            o,
            name,
            &format!("readonly attribute '{}'", n),
        ));
    }
    let d = wrapper_dict(o)?;
    match value {
        Some(v) => super::dict::set_item(&d, name, v),
        None => {
            if super::dict::del_item(&d, name)? {
                Ok(())
            } else {
                Err(super::exceptions::attribute_error(
                    o,
                    name,
                    &format!("'{}' object has no attribute '{}'", o.typ().name(), n),
                ))
            }
        }
    }
}

/// `<staticmethod(<function f at 0x...>)>`.
pub fn wrapper_repr(o: &Obj) -> PyResult<Obj> {
    let inner = crate::ops::repr_string(&wrapped(o))?;
    super::str::new_str(&format!("<{}({})>", o.typ().name(), inner))
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

/// `property` (`propertyobject`): fget, fset, fdel, doc, the name given by `__set_name__`
/// and the `getter_doc` flag: 64 bytes + 16 GC = 80, as CPython 3.11.
#[repr(C)]
pub struct PropertyObject {
    pub ob_base: PyObject,
    pub fget: *mut PyObject,
    pub fset: *mut PyObject,
    pub fdel: *mut PyObject,
    pub doc: *mut PyObject,
    pub name: *mut PyObject,
    pub getter_doc: i32,
}

fn none_to_null(o: Option<Obj>) -> *mut PyObject {
    match o {
        Some(o) if !rt().is_none(&o) => o.into_raw(),
        _ => std::ptr::null_mut(),
    }
}

/// `property(fget, fset, fdel, doc)` (`property_init`): without a doc, the getter's
/// `__doc__` is used.
fn new_property_typed(
    t: *mut TypeObject,
    fget: Option<Obj>,
    fset: Option<Obj>,
    fdel: Option<Obj>,
    doc: Option<Obj>,
) -> PyResult<Obj> {
    let mut doc = doc.filter(|d| !rt().is_none(d));
    let mut getter_doc = 0;
    if doc.is_none() {
        if let Some(g) = fget.as_ref().filter(|g| !rt().is_none(g)) {
            if let Ok(Some(d)) = crate::ops::getattr_opt(g, &super::str::intern_str("__doc__")?) {
                if !rt().is_none(&d) {
                    doc = Some(d);
                    getter_doc = 1;
                }
            }
        }
    }
    // SAFETY: callers pass property or the live class `__new__` was called on (a property
    // subclass).
    let p = unsafe { alloc_object(t, std::mem::size_of::<PropertyObject>()) }?;
    // SAFETY: fresh property; its fields take the references.
    unsafe {
        let pr = &mut *(p as *mut PropertyObject);
        pr.fget = none_to_null(fget);
        pr.fset = none_to_null(fset);
        pr.fdel = none_to_null(fdel);
        pr.doc = none_to_null(doc);
        pr.getter_doc = getter_doc;
        crate::gc::track(p);
        Ok(owned(p))
    }
}

pub fn new_property(fget: Option<Obj>, fset: Option<Obj>, fdel: Option<Obj>) -> PyResult<Obj> {
    new_property_typed(rt().types.property, fget, fset, fdel, None)
}

fn prop_field(p: *mut PyObject) -> Option<Obj> {
    if p.is_null() {
        None
    } else {
        // SAFETY: live or null.
        Some(unsafe { Obj::from_borrowed(p) })
    }
}

// The object's fields are interior-mutable state (a C struct behind `&Obj`).
#[allow(clippy::mut_from_ref)]
fn prop(o: &Obj) -> &mut PropertyObject {
    // SAFETY: callers pass properties.
    unsafe { o.cast_mut::<PropertyObject>() }
}

pub fn property_parts(o: &Obj) -> (Option<Obj>, Option<Obj>, Option<Obj>) {
    let pr = prop(o);
    (
        prop_field(pr.fget),
        prop_field(pr.fset),
        prop_field(pr.fdel),
    )
}

fn or_none(o: Option<Obj>) -> Obj {
    o.unwrap_or_else(|| rt().none())
}

pub fn property_new(cls: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let nkw = kwnames.map(super::tuple::len).unwrap_or(0);
    let npos = args.len() - nkw;
    if npos > 4 {
        return Err(super::exceptions::type_error(&format!(
            "property() takes at most 4 arguments ({} given)",
            args.len()
        )));
    }
    let mut slots: [Option<Obj>; 4] = [None, None, None, None];
    for (i, a) in args[..npos].iter().enumerate() {
        slots[i] = Some(a.clone());
    }
    if let Some(k) = kwnames {
        for (i, name) in super::tuple::items(k).iter().enumerate() {
            let idx = match &*super::str::as_str(name) {
                "fget" => 0,
                "fset" => 1,
                "fdel" => 2,
                "doc" => 3,
                other => {
                    return Err(super::exceptions::type_error(&format!(
                        "property() got an unexpected keyword argument '{}'",
                        other
                    )));
                }
            };
            if slots[idx].is_some() {
                let n = ["fget", "fset", "fdel", "doc"][idx];
                return Err(super::exceptions::type_error(&format!(
                    "argument for property() given by name ('{}') and position ({})",
                    n,
                    idx + 1
                )));
            }
            slots[idx] = Some(args[npos + i].clone());
        }
    }
    let [a, b, c, d] = slots;
    new_property_typed(cls.as_ptr() as *mut TypeObject, a, b, c, d)
}

/// The "property 'x' of 'C' object has no ..." message of 3.11.
fn property_error(d: &Obj, inst: Option<&Obj>, what: &str) -> crate::runtime::PyErr {
    let name = prop_field(prop(d).name).and_then(|n| crate::ops::repr_string(&n).ok());
    // SAFETY: an object's type is live while the object is.
    let qual =
        inst.map(|i| super::str::repr_text(&unsafe { super::typeobject::qualname(i.type_ptr()) }));
    let msg = match (name, qual) {
        (Some(n), Some(q)) => format!("property {} of {} object has no {}", n, q, what),
        (None, Some(q)) => format!("property of {} object has no {}", q, what),
        _ => format!("property has no {}", what),
    };
    super::exceptions::new_err(rt().exc.attribute_error, &msg)
}

pub fn property_get(d: &Obj, inst: Option<&Obj>, _owner: &Obj) -> PyResult<Obj> {
    let Some(inst) = inst.filter(|i| !rt().is_none(i)) else {
        return Ok(d.clone());
    };
    match property_parts(d).0 {
        Some(f) => crate::ops::call(&f, std::slice::from_ref(inst), None),
        None => Err(property_error(d, Some(inst), "getter")),
    }
}

pub fn property_set(d: &Obj, inst: &Obj, v: Option<&Obj>) -> PyResult<()> {
    let (_, fset, fdel) = property_parts(d);
    match v {
        Some(v) => match fset {
            Some(f) => crate::ops::call(&f, &[inst.clone(), v.clone()], None).map(|_| ()),
            None => Err(property_error(d, Some(inst), "setter")),
        },
        None => match fdel {
            Some(f) => crate::ops::call(&f, std::slice::from_ref(inst), None).map(|_| ()),
            None => Err(property_error(d, Some(inst), "deleter")),
        },
    }
}

/// `property_copy`: a new property of the same type with one accessor replaced.
fn property_copy(old: &Obj, which: usize, f: &Obj) -> PyResult<Obj> {
    let (g, s, dl) = property_parts(old);
    let mut parts = [or_none(g), or_none(s), or_none(dl)];
    parts[which] = f.clone();
    let pr = prop(old);
    let doc = if pr.getter_doc != 0 && !rt().is_none(&parts[0]) {
        rt().none()
    } else {
        or_none(prop_field(pr.doc))
    };
    let [g, s, dl] = parts;
    let new = crate::ops::call(&old.type_obj(), &[g, s, dl, doc], None)?;
    if crate::ops::kind(&new) == crate::typeobj::Kind::Property {
        let name = pr.name;
        if !name.is_null() {
            // SAFETY: name is a live object; the new property takes a reference.
            unsafe { crate::object::incref(name) };
        }
        let old_name = std::mem::replace(&mut prop(&new).name, name);
        // SAFETY: we owned the replaced reference.
        unsafe { xdecref(old_name) };
    }
    Ok(new)
}

fn one_arg<'a>(args: &'a [Obj], name: &str) -> PyResult<&'a Obj> {
    match args {
        [a] => Ok(a),
        _ => Err(super::exceptions::type_error(&format!(
            "{}() takes exactly one argument ({} given)",
            name,
            args.len()
        ))),
    }
}

fn p_getter(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    property_copy(o, 0, one_arg(args, "getter")?)
}

fn p_setter(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    property_copy(o, 1, one_arg(args, "setter")?)
}

fn p_deleter(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    property_copy(o, 2, one_arg(args, "deleter")?)
}

fn p_set_name(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    if args.len() != 2 {
        return Err(super::exceptions::type_error(&format!(
            "__set_name__() takes 2 positional arguments but {} were given",
            args.len()
        )));
    }
    let old = std::mem::replace(&mut prop(o).name, args[1].clone().into_raw());
    // SAFETY: we owned the replaced reference.
    unsafe { xdecref(old) };
    Ok(rt().none())
}

/// `__get__` of a built-in descriptor type (`wrap_descr_get`).
fn m_descr_get(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    if args.is_empty() || args.len() > 2 {
        return Err(super::exceptions::type_error(&format!(
            "expected 1 or 2 arguments, got {}",
            args.len()
        )));
    }
    let r = rt();
    let inst = Some(&args[0]).filter(|i| !r.is_none(i));
    let owner = args.get(1).filter(|t| !r.is_none(t)).cloned();
    let owner = match (inst, owner) {
        (_, Some(t)) => t,
        (Some(i), None) => i.type_obj(),
        (None, None) => {
            return Err(super::exceptions::type_error(
                "__get__(None, None) is invalid",
            ))
        }
    };
    let get = o
        .typ()
        .tp_descr_get
        .ok_or_else(|| super::exceptions::type_error("not a descriptor"))?;
    get(o, inst, &owner)
}

/// `__set__` of a built-in data descriptor type.
fn m_descr_set(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    if args.len() != 2 {
        return Err(super::exceptions::type_error(&format!(
            "expected 2 arguments, got {}",
            args.len()
        )));
    }
    let set = o
        .typ()
        .tp_descr_set
        .ok_or_else(|| super::exceptions::type_error("not a data descriptor"))?;
    set(o, &args[0], Some(&args[1])).map(|_| rt().none())
}

/// `__delete__` of a built-in data descriptor type.
fn m_descr_delete(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let set = o
        .typ()
        .tp_descr_set
        .ok_or_else(|| super::exceptions::type_error("not a data descriptor"))?;
    set(o, one_arg(args, "__delete__")?, None).map(|_| rt().none())
}

/// The `__get__` and `__init__` methods of staticmethod and classmethod objects.
pub static WRAPPER_METHODS: &[super::descr::MethodDef] = &[
    super::descr::MethodDef::new("__get__", m_descr_get),
    super::descr::MethodDef::new("__init__", wrapper_init),
];

/// The `__get__`/`__set__`/`__delete__` methods of member and getset descriptors.
pub static DESCR_METHODS: &[super::descr::MethodDef] = &[
    super::descr::MethodDef::new("__get__", m_descr_get),
    super::descr::MethodDef::new("__set__", m_descr_set),
    super::descr::MethodDef::new("__delete__", m_descr_delete),
];

pub static PROPERTY_METHODS: &[super::descr::MethodDef] = &[
    super::descr::MethodDef::new("getter", p_getter),
    super::descr::MethodDef::new("setter", p_setter),
    super::descr::MethodDef::new("deleter", p_deleter),
    super::descr::MethodDef::new("__set_name__", p_set_name),
    super::descr::MethodDef::new("__get__", m_descr_get),
    super::descr::MethodDef::new("__set__", m_descr_set),
    super::descr::MethodDef::new("__delete__", m_descr_delete),
];

/// `fget`, `fset`, `fdel`, `__doc__` and `__isabstractmethod__`.
pub fn property_getattro(o: &Obj, name: &Obj) -> PyResult<Obj> {
    let pr = prop(o);
    match &*super::str::as_str(name) {
        "fget" => Ok(or_none(prop_field(pr.fget))),
        "fset" => Ok(or_none(prop_field(pr.fset))),
        "fdel" => Ok(or_none(prop_field(pr.fdel))),
        "__doc__" => Ok(or_none(prop_field(pr.doc))),
        "__isabstractmethod__" => {
            for f in [pr.fget, pr.fset, pr.fdel]
                .into_iter()
                .filter_map(prop_field)
            {
                if let Some(v) = crate::ops::getattr_opt(&f, name)? {
                    if crate::ops::truthy(&v)? {
                        return Ok(rt().bool_obj(true));
                    }
                }
            }
            Ok(rt().bool_obj(false))
        }
        _ => super::typeobject::generic_getattr(o, name),
    }
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc_property(p: *mut PyObject) {
    // SAFETY: dead property we own.
    unsafe {
        crate::gc::untrack(p);
        let pr = &mut *(p as *mut PropertyObject);
        for f in [
            &mut pr.fget,
            &mut pr.fset,
            &mut pr.fdel,
            &mut pr.doc,
            &mut pr.name,
        ] {
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
    for f in [pr.fget, pr.fset, pr.fdel, pr.doc, pr.name] {
        if !f.is_null() {
            visit(f);
        }
    }
}

// ---------------------------------------------------------------- getset descriptors

/// The setter of a [`GetSetDef`] (`None` value: delete).
pub type GetSetSetter = fn(&Obj, Option<&Obj>) -> PyResult<()>;

/// `PyGetSetDef`: a computed attribute of a type's instances.
pub struct GetSetDef {
    pub name: &'static str,
    pub get: fn(&Obj) -> PyResult<Obj>,
    pub set: Option<GetSetSetter>,
}

/// `PyGetSetDescrObject`: 48 bytes + 16 GC = 64. `d_type` is a strong reference, so a
/// class's `__dict__`/`__weakref__` descriptors each count in `sys.getrefcount(cls)`.
#[repr(C)]
pub struct GetSetDescr {
    pub ob_base: PyObject,
    pub d_type: *mut TypeObject,
    pub d_name: *mut PyObject,
    pub d_qualname: *mut PyObject,
    /// The accessors (`None` only while the descriptor is being built).
    pub d_getset: Option<&'static GetSetDef>,
}

/// `subtype_dict` / `subtype_setdict`: the instance `__dict__`.
pub static DICT_GETSET: GetSetDef = GetSetDef {
    name: "__dict__",
    get: subtype_dict,
    set: Some(subtype_setdict),
};
/// `subtype_getweakref`: the first weak reference to the instance, or None.
pub static WEAKREF_GETSET: GetSetDef = GetSetDef {
    name: "__weakref__",
    get: subtype_getweakref,
    set: None,
};

fn subtype_dict(o: &Obj) -> PyResult<Obj> {
    match super::typeobject::instance_dict(o)? {
        Some(d) => Ok(d),
        None => Err(super::exceptions::attribute_error(
            o,
            &super::str::intern_str("__dict__")?,
            "This object has no __dict__",
        )),
    }
}

fn subtype_setdict(o: &Obj, v: Option<&Obj>) -> PyResult<()> {
    if let Some(v) = v {
        if !super::is_instance(v, rt().types.dict) {
            return Err(super::exceptions::type_error(&format!(
                "__dict__ must be set to a dictionary, not a '{}'",
                v.typ().name()
            )));
        }
    }
    // Move inline values into a dict first, as `_PyObject_GetDictPtr` does; then swap.
    super::instance_values::materialize(o)?;
    let Some(slot) = super::typeobject::dict_slot(o) else {
        return Err(super::exceptions::attribute_error(
            o,
            &super::str::intern_str("__dict__")?,
            "This object has no __dict__",
        ));
    };
    // SAFETY: the managed dict slot holds a live dict or null, owned by the instance.
    unsafe {
        let old = std::mem::replace(
            &mut *slot,
            v.map(|v| v.clone().into_raw())
                .unwrap_or(std::ptr::null_mut()),
        );
        xdecref(old);
    }
    Ok(())
}

fn subtype_getweakref(o: &Obj) -> PyResult<Obj> {
    Ok(super::weakref::first_weakref(o))
}

/// A getset descriptor for `def` on type `t` (it holds a reference to `t`).
///
/// # Safety
/// `t` points to a live type object.
pub unsafe fn new_getset(t: *mut TypeObject, def: &'static GetSetDef) -> PyResult<Obj> {
    let name = super::str::intern_str(def.name)?;
    // SAFETY: t is live (caller contract).
    let type_qualname = unsafe { super::typeobject::qualname(t) };
    let qualname = super::str::new_str(&format!("{}.{}", type_qualname, def.name))?;
    // SAFETY: the runtime's getset_descriptor type is live.
    let p = unsafe {
        alloc_object(
            rt().types.getset_descriptor,
            std::mem::size_of::<GetSetDescr>(),
        )
    }?;
    // SAFETY: fresh descriptor; its fields take new references (d_type included).
    unsafe {
        let d = &mut *(p as *mut GetSetDescr);
        d.d_type = crate::runtime::type_ref(t).into_raw() as *mut TypeObject;
        d.d_name = name.into_raw();
        d.d_qualname = qualname.into_raw();
        d.d_getset = Some(def);
        crate::gc::track(p);
        Ok(owned(p))
    }
}

fn getset(o: &Obj) -> &GetSetDescr {
    // SAFETY: callers pass getset descriptors.
    unsafe { o.cast::<GetSetDescr>() }
}

fn getset_def(o: &Obj) -> &'static GetSetDef {
    getset(o).d_getset.unwrap_or(&DICT_GETSET)
}

fn getset_type_name(o: &Obj) -> String {
    // SAFETY: d_type is a live type.
    unsafe { (*getset(o).d_type).name().to_string() }
}

fn getset_check(d: &Obj, inst: &Obj) -> PyResult<()> {
    if super::is_instance(inst, getset(d).d_type) {
        return Ok(());
    }
    Err(super::exceptions::type_error(&format!(
        "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
        getset_def(d).name,
        getset_type_name(d),
        inst.typ().name()
    )))
}

pub fn getset_get(d: &Obj, inst: Option<&Obj>, _owner: &Obj) -> PyResult<Obj> {
    let Some(inst) = inst else {
        return Ok(d.clone());
    };
    getset_check(d, inst)?;
    (getset_def(d).get)(inst)
}

pub fn getset_set(d: &Obj, inst: &Obj, v: Option<&Obj>) -> PyResult<()> {
    getset_check(d, inst)?;
    match getset_def(d).set {
        Some(set) => set(inst, v),
        None => Err(super::exceptions::new_err(
            rt().exc.attribute_error,
            &format!(
                "attribute '{}' of '{}' objects is not writable",
                getset_def(d).name,
                getset_type_name(d)
            ),
        )),
    }
}

pub fn getset_repr(o: &Obj) -> PyResult<Obj> {
    super::str::new_str(&format!(
        "<attribute '{}' of '{}' objects>",
        getset_def(o).name,
        getset_type_name(o)
    ))
}

/// `__name__`, `__qualname__` and `__objclass__`.
pub fn getset_getattro(o: &Obj, name: &Obj) -> PyResult<Obj> {
    let g = getset(o);
    match &*super::str::as_str(name) {
        // SAFETY: d_name and d_qualname are live strs owned by the descriptor.
        "__name__" => Ok(unsafe { Obj::from_borrowed(g.d_name) }),
        // SAFETY: as above.
        "__qualname__" => Ok(unsafe { Obj::from_borrowed(g.d_qualname) }),
        "__objclass__" => Ok(crate::runtime::type_ref(g.d_type)),
        _ => super::typeobject::generic_getattr(o, name),
    }
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc_getset(p: *mut PyObject) {
    // SAFETY: dead descriptor we own.
    unsafe {
        crate::gc::untrack(p);
        let d = &mut *(p as *mut GetSetDescr);
        xdecref(std::mem::replace(&mut d.d_name, std::ptr::null_mut()));
        xdecref(std::mem::replace(&mut d.d_qualname, std::ptr::null_mut()));
        xdecref(std::mem::replace(&mut d.d_type, std::ptr::null_mut()) as *mut PyObject);
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a getset descriptor.
pub unsafe fn traverse_getset(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live field.
    let t = unsafe { (*(p as *mut GetSetDescr)).d_type };
    if !t.is_null() {
        visit(t as *mut PyObject);
    }
}
