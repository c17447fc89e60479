//! Methods of `object` and `type` visible to Python code (`object.__init__`,
//! `object.__repr__`, `type.mro`, ...), so that `super().__init__()` and explicit calls of
//! base-class dunders work.

use super::descr::MethodDef;
use super::typeobject::OBJECT_INIT;
use crate::object::Obj;
use crate::runtime::{rt, PyResult};

fn object_repr(self_: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    crate::ops::default_repr(self_)
}

fn object_str(self_: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    crate::ops::repr(self_)
}

fn object_eq(self_: &Obj, a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let other = a
        .first()
        .ok_or_else(|| super::exceptions::type_error("expected 1 argument, got 0"))?;
    super::typeobject::object_richcompare(self_, other, crate::typeobj::CompareOp::Eq)
}

fn object_ne(self_: &Obj, a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let other = a
        .first()
        .ok_or_else(|| super::exceptions::type_error("expected 1 argument, got 0"))?;
    super::typeobject::object_richcompare(self_, other, crate::typeobj::CompareOp::Ne)
}

fn object_hash_m(self_: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    super::int::new_int(super::typeobject::object_hash(self_)? as i64)
}

fn object_setattr(self_: &Obj, a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    if a.len() != 2 {
        return Err(super::exceptions::type_error(&format!(
            "expected 2 arguments, got {}",
            a.len()
        )));
    }
    super::typeobject::generic_setattr(self_, &a[0], Some(&a[1]))?;
    Ok(rt().none())
}

fn object_delattr(self_: &Obj, a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let n = a
        .first()
        .ok_or_else(|| super::exceptions::type_error("expected 1 argument, got 0"))?;
    super::typeobject::generic_setattr(self_, n, None)?;
    Ok(rt().none())
}

fn object_getattribute(self_: &Obj, a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let n = a
        .first()
        .ok_or_else(|| super::exceptions::type_error("expected 1 argument, got 0"))?;
    super::typeobject::object_getattro(self_, n)
}

fn object_sizeof(self_: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    super::int::from_usize(crate::modules::sys::basic_sizeof(self_))
}

fn object_new_m(cls: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    tp_new_wrapper(cls, a, k)
}

/// `T.__new__(S, ...)` for a built-in type `T` with its own constructor
/// (`tp_new_wrapper`): `S` must be a subtype of `T` whose nearest class without a
/// `__new__` written in Python is built by `T`'s constructor, which then builds the
/// instance of `S`.
pub fn tp_new_wrapper(cls: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    use super::typeobject::python_new;
    use crate::typeobj::TypeObject;
    let t = cls.as_ptr() as *mut TypeObject;
    // SAFETY: `__new__` of a built-in type is bound to that (live) type.
    let tname = unsafe { (*t).full_name().to_string() };
    let nkw = k.map(super::tuple::len).unwrap_or(0);
    if a.len() <= nkw {
        return Err(super::exceptions::type_error(&format!(
            "{tname}.__new__(): not enough arguments"
        )));
    }
    let target = &a[0];
    if crate::ops::kind(target) != crate::typeobj::Kind::Type {
        return Err(super::exceptions::type_error(&format!(
            "{tname}.__new__(X): X is not a type object ({})",
            target.typ().name()
        )));
    }
    let sub = target.as_ptr() as *mut TypeObject;
    // SAFETY: `target` is a live type object (checked just above).
    let sub_name = unsafe { (*sub).full_name().to_string() };
    // SAFETY: both are live type objects.
    if !unsafe { (*sub).is_subtype(t) } {
        return Err(super::exceptions::type_error(&format!(
            "{tname}.__new__({sub_name}): {sub_name} is not a subtype of {tname}"
        )));
    }
    // The nearest class along the target's bases whose instances are not made by a
    // `__new__` written in Python must be made by this type's constructor.
    let mut static_base = sub;
    // SAFETY: live types and their live bases.
    unsafe {
        while !(*static_base).base.is_null()
            && python_new(&crate::runtime::type_ref(static_base)).is_some()
        {
            static_base = (*static_base).base;
        }
    }
    // SAFETY: live types.
    let (base_new, own_new) = unsafe { ((*static_base).tp_new, (*t).tp_new) };
    let same = match (base_new, own_new) {
        (Some(f), Some(g)) => std::ptr::fn_addr_eq(f, g),
        _ => false,
    };
    if !same {
        // SAFETY: live type.
        let base_name = unsafe { (*static_base).full_name().to_string() };
        return Err(super::exceptions::type_error(&format!(
            "{tname}.__new__({sub_name}) is not safe, use {base_name}.__new__()"
        )));
    }
    let new = own_new.ok_or_else(|| {
        super::exceptions::type_error(&format!("cannot create '{tname}' instances"))
    })?;
    new(target, &a[1..], k)
}

/// The `__new__` of a built-in type with a constructor of its own (bound to the type).
pub static TP_NEW_WRAPPER: MethodDef = MethodDef::static_("__new__", tp_new_wrapper);

fn object_dir(self_: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let names = crate::modules::builtins::dir_names(self_)?;
    super::list::new_list(
        names
            .iter()
            .map(|n| super::str::new_str(n))
            .collect::<PyResult<Vec<_>>>()?,
    )
}

/// `object.__init_subclass__()`: accepts nothing, so unused class keywords are an error.
fn object_init_subclass(cls: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    let nkw = k.map(super::tuple::len).unwrap_or(0);
    let name = || {
        if crate::ops::kind(cls) == crate::typeobj::Kind::Type {
            // SAFETY: `cls` is a live type object (checked).
            unsafe { super::typeobject::qualname(cls.as_ptr() as *mut crate::typeobj::TypeObject) }
        } else {
            cls.typ().name().to_string()
        }
    };
    if nkw != 0 {
        return Err(super::exceptions::type_error(&format!(
            "{}.__init_subclass__() takes no keyword arguments",
            name()
        )));
    }
    if !a.is_empty() {
        return Err(super::exceptions::type_error(&format!(
            "{}.__init_subclass__() takes no arguments ({} given)",
            name(),
            a.len()
        )));
    }
    Ok(rt().none())
}

pub static METHODS: &[MethodDef] = &[
    OBJECT_INIT_REF,
    MethodDef::slot("__repr__", object_repr),
    MethodDef::slot("__str__", object_str),
    MethodDef::slot("__eq__", object_eq),
    MethodDef::slot("__ne__", object_ne),
    MethodDef::slot("__hash__", object_hash_m),
    MethodDef::slot("__setattr__", object_setattr),
    MethodDef::slot("__delattr__", object_delattr),
    MethodDef::slot("__getattribute__", object_getattribute),
    MethodDef::new("__sizeof__", object_sizeof),
    MethodDef::new("__dir__", object_dir),
    MethodDef::static_("__new__", object_new_m),
    MethodDef::class("__init_subclass__", object_init_subclass),
    MethodDef::class("__subclasshook__", object_subclasshook),
];

/// `object.__subclasshook__()`: `NotImplemented`, so that `issubclass` decides as usual.
fn object_subclasshook(_cls: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    Ok(rt().not_implemented())
}

/// `object.__init__` must be the very `MethodDef` that `type_call` recognises.
const OBJECT_INIT_REF: MethodDef = MethodDef::slot("__init__", object_init_fn_ref);

fn object_init_fn_ref(self_: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    (OBJECT_INIT.func)(self_, a, k)
}

fn type_mro(cls: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let m = crate::ops::getattr_str(cls, "__mro__")?;
    super::list::new_list(crate::ops::collect(&m)?)
}

fn type_subclasses(_cls: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    Err(super::exceptions::not_implemented_error(
        "type.__subclasses__ is not supported yet",
    ))
}

pub static TYPE_METHODS: &[MethodDef] = &[
    MethodDef::new("mro", type_mro),
    MethodDef::new("__subclasses__", type_subclasses),
    MethodDef::static_("__new__", type_new_m),
    MethodDef::slot("__init__", type_init_m),
    MethodDef::slot("__call__", type_call_m),
    MethodDef::class("__prepare__", type_prepare_m),
    MethodDef::slot("__getattribute__", type_getattribute_m),
    MethodDef::slot("__setattr__", type_setattr_m),
    MethodDef::slot("__delattr__", type_delattr_m),
];

/// The attribute name argument of `type.__getattribute__` and friends.
fn attr_name(a: &[Obj], want: usize) -> PyResult<&Obj> {
    if a.len() != want {
        return Err(super::exceptions::type_error(&format!(
            "expected {} argument{}, got {}",
            want,
            if want == 1 { "" } else { "s" },
            a.len()
        )));
    }
    if !super::is_instance(&a[0], rt().types.str) {
        return Err(super::exceptions::type_error(&format!(
            "attribute name must be string, not '{}'",
            a[0].typ().name()
        )));
    }
    Ok(&a[0])
}

/// `type.__getattribute__(cls, name)`: what a metaclass's override reaches through `super()`.
fn type_getattribute_m(cls: &Obj, a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    super::typeobject::type_getattro(cls, attr_name(a, 1)?)
}

/// `type.__setattr__(cls, name, value)`.
fn type_setattr_m(cls: &Obj, a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    super::typeobject::type_setattro(cls, attr_name(a, 2)?, Some(&a[1]))?;
    Ok(rt().none())
}

/// `type.__delattr__(cls, name)`.
fn type_delattr_m(cls: &Obj, a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    super::typeobject::type_setattro(cls, attr_name(a, 1)?, None)?;
    Ok(rt().none())
}

/// `type.__new__(metatype, name, bases, ns, **kwargs)` called explicitly (from a
/// metaclass's `__new__`): the first argument is the metatype.
fn type_new_m(_cls: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    let nkw = k.map(super::tuple::len).unwrap_or(0);
    let Some(meta) = a.first().filter(|_| a.len() > nkw) else {
        return Err(super::exceptions::type_error(
            "type.__new__(): not enough arguments",
        ));
    };
    let type_ = rt().types.type_;
    if crate::ops::kind(meta) != crate::typeobj::Kind::Type {
        return Err(super::exceptions::type_error(&format!(
            "type.__new__(X): X is not a type object ({})",
            meta.typ().name()
        )));
    }
    // SAFETY: `meta` is a live type object (checked just above).
    let m = unsafe { &*(meta.as_ptr() as *mut crate::typeobj::TypeObject) };
    if !m.is_subtype(type_) {
        return Err(super::exceptions::type_error(&format!(
            "type.__new__({0}): {0} is not a subtype of type",
            m.name()
        )));
    }
    super::typeobject::type_new(meta, &a[1..], k)
}

/// `type.__init__`: checks the argument count, as CPython's `type_init`.
fn type_init_m(_cls: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    let nkw = k.map(super::tuple::len).unwrap_or(0);
    let npos = a.len() - nkw;
    if npos == 1 && nkw != 0 {
        return Err(super::exceptions::type_error(
            "type.__init__() takes no keyword arguments",
        ));
    }
    if npos != 1 && npos != 3 {
        return Err(super::exceptions::type_error(
            "type.__init__() takes 1 or 3 arguments",
        ));
    }
    Ok(rt().none())
}

/// `type.__call__(cls, *args, **kwargs)`: what a metaclass's `__call__` reaches through
/// `super()`.
fn type_call_m(cls: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    super::typeobject::type_call(cls, a, k)
}

/// `type.__prepare__(name, bases, **kwargs)`: a new empty dict.
fn type_prepare_m(_cls: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    super::dict::new_dict()
}
