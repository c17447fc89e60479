//! Slot wrappers: the dunder methods of built-in types that exist only as type slots
//! (`list.__len__`, `dict.__setitem__`, `iter([]).__next__`, ...).
//!
//! CPython's `add_operators` puts a `wrapper_descriptor` in a static type's dict for each
//! slot the type defines, so that `super().__setitem__(k, v)` in a dict subclass and
//! explicit calls like `it.__next__()` reach the C implementation. Here the wrappers are
//! method descriptors whose function calls the slot of the nearest built-in type in the
//! receiver's base chain: a subclass's own `__len__` forwards through `slot_len`, so
//! dispatching on the receiver's type would recurse back into the override.

use super::descr::MethodDef;
use super::exceptions::type_error;
use crate::object::Obj;
use crate::runtime::{rt, PyResult};
use crate::typeobj::TypeObject;

/// The nearest built-in (static) type in `o`'s base chain: whose slots implement the
/// built-in behaviour a wrapper stands for.
fn builtin_base(o: &Obj) -> &'static TypeObject {
    let mut t = o.type_ptr();
    // SAFETY: `o` is live, so its type and every type on its base chain are live; the
    // chain ends at `object`, which is static, so a static type is always found.
    unsafe {
        while (*t).is_heap() && !(*t).base.is_null() {
            t = (*t).base;
        }
        &*t
    }
}

fn expect_args(args: &[Obj], kw: Option<&Obj>, n: usize) -> PyResult<()> {
    if kw.is_some_and(|k| super::tuple::len(k) > 0) {
        return Err(type_error("wrapper takes no keyword arguments"));
    }
    if args.len() != n {
        return Err(type_error(&format!(
            "expected {} argument{}, got {}",
            n,
            if n == 1 { "" } else { "s" },
            args.len()
        )));
    }
    Ok(())
}

fn missing(o: &Obj, name: &str) -> crate::runtime::PyErr {
    type_error(&format!(
        "'{}' object has no slot for {}",
        o.typ().name(),
        name
    ))
}

fn w_len(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    expect_args(args, kw, 0)?;
    let f = builtin_base(o)
        .tp_len
        .ok_or_else(|| missing(o, "__len__"))?;
    super::int::new_int(f(o)? as i64)
}

fn w_getitem(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    expect_args(args, kw, 1)?;
    let f = builtin_base(o)
        .tp_getitem
        .ok_or_else(|| missing(o, "__getitem__"))?;
    f(o, &args[0])
}

/// `list.__getitem__` and `dict.__getitem__` are ordinary one-argument methods in
/// CPython (`METH_O | METH_COEXIST`), with that kind's argument error.
fn m_getitem(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    if args.len() != 1 || kw.is_some_and(|k| super::tuple::len(k) > 0) {
        return Err(type_error(&format!(
            "{}.__getitem__() takes exactly one argument ({} given)",
            builtin_base(o).name(),
            args.len()
        )));
    }
    w_getitem(o, args, None)
}

fn w_setitem(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    expect_args(args, kw, 2)?;
    let f = builtin_base(o)
        .tp_setitem
        .ok_or_else(|| missing(o, "__setitem__"))?;
    f(o, &args[0], Some(&args[1]))?;
    Ok(rt().none())
}

fn w_delitem(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    expect_args(args, kw, 1)?;
    let f = builtin_base(o)
        .tp_setitem
        .ok_or_else(|| missing(o, "__delitem__"))?;
    f(o, &args[0], None)?;
    Ok(rt().none())
}

fn w_contains(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    expect_args(args, kw, 1)?;
    let f = builtin_base(o)
        .tp_contains
        .ok_or_else(|| missing(o, "__contains__"))?;
    Ok(rt().bool_obj(f(o, &args[0])?))
}

fn w_iter(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    expect_args(args, kw, 0)?;
    let f = builtin_base(o)
        .tp_iter
        .ok_or_else(|| missing(o, "__iter__"))?;
    f(o)
}

fn w_next(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    expect_args(args, kw, 0)?;
    if crate::ops::kind(o) == crate::typeobj::Kind::Generator {
        return super::generator::next_with_value(o);
    }
    let f = builtin_base(o)
        .tp_iternext
        .ok_or_else(|| missing(o, "__next__"))?;
    f(o)?.ok_or_else(|| super::exceptions::stop_iteration(None))
}

fn w_call(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    let f = builtin_base(o)
        .tp_call
        .ok_or_else(|| missing(o, "__call__"))?;
    f(o, args, kw)
}

/// `__get__(instance, owner=None)` (`wrap_descr_get`).
fn w_get(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    if kw.is_some_and(|k| super::tuple::len(k) > 0) {
        return Err(type_error("wrapper __get__() takes no keyword arguments"));
    }
    if args.is_empty() || args.len() > 2 {
        return Err(type_error(&format!(
            "expected 1 or 2 arguments, got {}",
            args.len()
        )));
    }
    let r = rt();
    let instance = Some(&args[0]).filter(|i| !r.is_none(i));
    let owner = args.get(1).filter(|t| !r.is_none(t)).cloned();
    let owner = match (instance, owner) {
        (_, Some(t)) => t,
        (Some(i), None) => i.type_obj(),
        (None, None) => return Err(type_error("__get__(None, None) is invalid")),
    };
    let f = builtin_base(o)
        .tp_descr_get
        .ok_or_else(|| missing(o, "__get__"))?;
    f(o, instance, &owner)
}

static CALL: MethodDef = MethodDef::slot("__call__", w_call);
static GET: MethodDef = MethodDef::slot("__get__", w_get);
static LEN: MethodDef = MethodDef::slot("__len__", w_len);
static GETITEM: MethodDef = MethodDef::slot("__getitem__", w_getitem);
static GETITEM_METHOD: MethodDef = MethodDef::checked("__getitem__", m_getitem);
/// `dict.__contains__`, `set.__contains__`: ordinary methods (`METH_COEXIST`).
static CONTAINS_METHOD: MethodDef = MethodDef::new("__contains__", w_contains);
static SETITEM: MethodDef = MethodDef::slot("__setitem__", w_setitem);
static DELITEM: MethodDef = MethodDef::slot("__delitem__", w_delitem);
static CONTAINS: MethodDef = MethodDef::slot("__contains__", w_contains);
static ITER: MethodDef = MethodDef::slot("__iter__", w_iter);
static NEXT: MethodDef = MethodDef::slot("__next__", w_next);

/// The dunders CPython implements as type slots (`slotdefs`): a built-in type's method of
/// one of these names is a `wrapper_descriptor`.
const SLOT_NAMES: &[&str] = &[
    "__getattribute__",
    "__setattr__",
    "__delattr__",
    "__repr__",
    "__hash__",
    "__call__",
    "__str__",
    "__lt__",
    "__le__",
    "__eq__",
    "__ne__",
    "__gt__",
    "__ge__",
    "__iter__",
    "__next__",
    "__get__",
    "__set__",
    "__delete__",
    "__init__",
    "__del__",
    "__add__",
    "__radd__",
    "__sub__",
    "__rsub__",
    "__mul__",
    "__rmul__",
    "__mod__",
    "__rmod__",
    "__divmod__",
    "__rdivmod__",
    "__pow__",
    "__rpow__",
    "__neg__",
    "__pos__",
    "__abs__",
    "__bool__",
    "__invert__",
    "__lshift__",
    "__rlshift__",
    "__rshift__",
    "__rrshift__",
    "__and__",
    "__rand__",
    "__xor__",
    "__rxor__",
    "__or__",
    "__ror__",
    "__int__",
    "__float__",
    "__iadd__",
    "__isub__",
    "__imul__",
    "__imod__",
    "__ipow__",
    "__ilshift__",
    "__irshift__",
    "__iand__",
    "__ixor__",
    "__ior__",
    "__floordiv__",
    "__rfloordiv__",
    "__truediv__",
    "__rtruediv__",
    "__ifloordiv__",
    "__itruediv__",
    "__index__",
    "__matmul__",
    "__rmatmul__",
    "__imatmul__",
    "__len__",
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__contains__",
];

/// Whether `def`, a method of built-in type `t`, is a slot wrapper: a slot's dunder,
/// unless the type also has an ordinary method of that name (`METH_COEXIST`:
/// `list.__getitem__`, `dict.__getitem__`, `dict.__contains__`, `set.__contains__`).
pub fn is_wrapper(t: *mut TypeObject, def: &MethodDef) -> bool {
    if def.class_method || def.static_method {
        return false;
    }
    if def.slot_wrapper {
        return true;
    }
    if !SLOT_NAMES.contains(&def.name) {
        return false;
    }
    let ty = &rt().types;
    let coexists = match def.name {
        "__getitem__" => t == ty.list || t == ty.dict,
        "__contains__" => t == ty.dict || t == ty.set || t == ty.frozenset,
        _ => false,
    };
    !coexists
}

/// The wrappers a static type gets: one per slot it defines itself (not inherited
/// unchanged from its base), as `add_operators` does.
pub fn wrappers_for(t: &TypeObject) -> Vec<&'static MethodDef> {
    // SAFETY: a static type's base is null or another live static type.
    let base = unsafe { t.base.as_ref() };
    let mut out = Vec::new();
    macro_rules! own {
        ($slot:ident) => {
            match (t.$slot, base.and_then(|b| b.$slot)) {
                (Some(f), Some(g)) => !std::ptr::fn_addr_eq(f, g),
                (Some(_), None) => true,
                _ => false,
            }
        };
    }
    if own!(tp_len) {
        out.push(&LEN);
    }
    if own!(tp_getitem) {
        let types = &rt().types;
        let t_ptr = t as *const TypeObject as *mut TypeObject;
        out.push(if t_ptr == types.list || t_ptr == types.dict {
            &GETITEM_METHOD
        } else {
            &GETITEM
        });
    }
    if own!(tp_setitem) {
        out.push(&SETITEM);
        out.push(&DELITEM);
    }
    if own!(tp_contains) {
        let types = &rt().types;
        let t_ptr = t as *const TypeObject as *mut TypeObject;
        out.push(
            if t_ptr == types.dict || t_ptr == types.set || t_ptr == types.frozenset {
                &CONTAINS_METHOD
            } else {
                &CONTAINS
            },
        );
    }
    if own!(tp_iter) {
        out.push(&ITER);
    }
    if own!(tp_iternext) {
        out.push(&NEXT);
    }
    if own!(tp_call) {
        out.push(&CALL);
    }
    if own!(tp_descr_get) {
        out.push(&GET);
    }
    out
}
