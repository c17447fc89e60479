//! Exceptions: `BaseException` and CPython's hierarchy of built-in exception types.
//!
//! An exception instance is `PyBaseExceptionObject` (72 bytes + 16 GC = 88): a dict for
//! extra attributes, `args`, `__notes__`, `__traceback__`, `__context__`, `__cause__` and
//! `__suppress_context__`. Subclass-specific attributes (`StopIteration.value`,
//! `NameError.name`, `SystemExit.code`) live in the instance dict.

use super::{alloc_object, owned};
use crate::object::{xdecref, Obj, PyObject};
use crate::runtime::{rt, type_ref, PyErr, PyResult};
use crate::typeobj::TypeObject;

#[repr(C)]
pub struct ExceptionObject {
    pub ob_base: PyObject,
    pub dict: *mut PyObject,
    pub args: *mut PyObject,
    pub notes: *mut PyObject,
    pub traceback: *mut PyObject,
    pub context: *mut PyObject,
    pub cause: *mut PyObject,
    pub suppress_context: u8,
}

pub const BASIC_SIZE: usize = std::mem::size_of::<ExceptionObject>();

/// The built-in hierarchy: (name, base name), parents before children.
pub const HIERARCHY: &[(&str, &str)] = &[
    ("BaseException", ""),
    ("SystemExit", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("Exception", "BaseException"),
    ("StopIteration", "Exception"),
    ("StopAsyncIteration", "Exception"),
    ("ArithmeticError", "Exception"),
    ("OverflowError", "ArithmeticError"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("FloatingPointError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("BufferError", "Exception"),
    ("EOFError", "Exception"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("MemoryError", "Exception"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("OSError", "Exception"),
    ("FileNotFoundError", "OSError"),
    ("FileExistsError", "OSError"),
    ("PermissionError", "OSError"),
    ("ReferenceError", "Exception"),
    ("RuntimeError", "Exception"),
    ("NotImplementedError", "RuntimeError"),
    ("RecursionError", "RuntimeError"),
    ("SyntaxError", "Exception"),
    ("IndentationError", "SyntaxError"),
    ("TabError", "IndentationError"),
    ("SystemError", "Exception"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("UnicodeDecodeError", "UnicodeError"),
    ("UnicodeEncodeError", "UnicodeError"),
    ("Warning", "Exception"),
    ("UserWarning", "Warning"),
    ("DeprecationWarning", "Warning"),
    ("RuntimeWarning", "Warning"),
    ("SyntaxWarning", "Warning"),
    ("ResourceWarning", "Warning"),
    ("FutureWarning", "Warning"),
    ("PendingDeprecationWarning", "Warning"),
];

#[inline]
// Sound: the runtime is single-threaded and callers never keep two such borrows alive at once.
#[allow(clippy::mut_from_ref)]
fn raw(o: &Obj) -> &mut ExceptionObject {
    // SAFETY: callers pass exception instances.
    unsafe { &mut *(o.as_ptr() as *mut ExceptionObject) }
}

/// Creates an exception instance of type `tp` with these args (no `__init__` call).
///
/// # Safety
/// `tp` points to a live exception type (`BaseException` or a subclass, so its instances
/// have the `ExceptionObject` layout).
pub unsafe fn new_exception(tp: *mut TypeObject, args: Vec<Obj>) -> PyResult<Obj> {
    let args = super::tuple::new_tuple(args)?;
    // SAFETY: tp is a live exception type (caller contract).
    let size = unsafe { (*tp).basicsize };
    // SAFETY: as above.
    let p = unsafe { alloc_object(tp, size) }?;
    // SAFETY: fresh exception-layout object.
    unsafe {
        (*(p as *mut ExceptionObject)).args = args.into_raw();
        crate::gc::track(p);
        Ok(owned(p))
    }
}

/// `tp_new` for exception types.
pub fn exception_new(tp: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let nkw = kwnames.map(super::tuple::len).unwrap_or(0);
    let pos = &args[..args.len() - nkw];
    // SAFETY: `tp` is the live exception class `__new__` was called on.
    unsafe { new_exception(tp.as_ptr() as *mut TypeObject, pos.to_vec()) }
}

/// `BaseException.__init__`: replaces args.
pub fn exception_init(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    set_args(self_, super::tuple::new_tuple(args.to_vec())?);
    Ok(rt().none())
}

pub fn set_args(o: &Obj, args: Obj) {
    let e = raw(o);
    let old = std::mem::replace(&mut e.args, args.into_raw());
    // SAFETY: we owned the old args.
    unsafe { xdecref(old) };
}

pub fn args(o: &Obj) -> Obj {
    let a = raw(o).args;
    if a.is_null() {
        rt().empty_tuple()
    } else {
        // SAFETY: live tuple owned by the exception.
        unsafe { Obj::from_borrowed(a) }
    }
}

fn get_field(p: *mut PyObject) -> Option<Obj> {
    if p.is_null() {
        None
    } else {
        // SAFETY: fields hold live objects or null.
        Some(unsafe { Obj::from_borrowed(p) })
    }
}

fn set_field(slot: &mut *mut PyObject, v: Option<Obj>) {
    let old = std::mem::replace(
        slot,
        v.map(|o| o.into_raw()).unwrap_or(std::ptr::null_mut()),
    );
    // SAFETY: the exception owned the old value.
    unsafe { xdecref(old) };
}

pub fn traceback(o: &Obj) -> Option<Obj> {
    get_field(raw(o).traceback)
}
pub fn set_traceback(o: &Obj, tb: Option<Obj>) {
    set_field(&mut raw(o).traceback, tb)
}
pub fn context(o: &Obj) -> Option<Obj> {
    get_field(raw(o).context)
}
pub fn set_context(o: &Obj, c: Option<Obj>) {
    set_field(&mut raw(o).context, c)
}
pub fn cause(o: &Obj) -> Option<Obj> {
    get_field(raw(o).cause)
}
pub fn set_cause(o: &Obj, c: Option<Obj>) {
    set_field(&mut raw(o).cause, c);
    raw(o).suppress_context = 1;
}
pub fn suppress_context(o: &Obj) -> bool {
    raw(o).suppress_context != 0
}
pub fn set_suppress_context(o: &Obj, v: bool) {
    raw(o).suppress_context = v as u8;
}
/// The instance dict, created on demand.
pub fn dict(o: &Obj) -> PyResult<Obj> {
    let e = raw(o);
    if e.dict.is_null() {
        e.dict = super::dict::new_dict()?.into_raw();
    }
    // SAFETY: live dict.
    Ok(unsafe { Obj::from_borrowed(e.dict) })
}
pub fn dict_if_any(o: &Obj) -> Option<Obj> {
    get_field(raw(o).dict)
}

/// `str(exc)`.
pub fn exception_str(o: &Obj) -> PyResult<Obj> {
    let a = args(o);
    let items = super::tuple::items(&a);
    if super::is_instance(o, rt().exc.key_error) && items.len() == 1 {
        return crate::ops::repr(&items[0]);
    }
    match items.len() {
        0 => Ok(rt().empty_str()),
        1 => crate::ops::str(&items[0]),
        _ => crate::ops::str(&a),
    }
}

/// `repr(exc)`: `Name(args...)`.
pub fn exception_repr(o: &Obj) -> PyResult<Obj> {
    let a = args(o);
    let items = super::tuple::items(&a);
    let name = o.typ().name().to_string();
    let s = if items.len() == 1 {
        format!(
            "{}({})",
            name,
            super::str::as_str(&crate::ops::repr(&items[0])?)
        )
    } else {
        format!("{}{}", name, super::str::as_str(&crate::ops::repr(&a)?))
    };
    super::str::new_str(&s)
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: p is a dead exception we own.
    unsafe {
        crate::gc::untrack(p);
        clear(p);
        super::free_object(p);
    }
}

/// # Safety
/// `p` is an exception.
pub unsafe fn traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live fields.
    let e = unsafe { &*(p as *mut ExceptionObject) };
    for f in [e.dict, e.args, e.notes, e.traceback, e.context, e.cause] {
        if !f.is_null() {
            visit(f);
        }
    }
}

/// # Safety
/// `p` is an exception.
pub unsafe fn clear(p: *mut PyObject) {
    // SAFETY: we own the fields.
    unsafe {
        let e = &mut *(p as *mut ExceptionObject);
        for f in [
            &mut e.dict,
            &mut e.args,
            &mut e.notes,
            &mut e.traceback,
            &mut e.context,
            &mut e.cause,
        ] {
            xdecref(std::mem::replace(f, std::ptr::null_mut()));
        }
    }
}

/// Makes an exception of a built-in type with a message.
///
/// `tp` must be a live exception type; every caller passes one of the runtime's built-in
/// exception types (`rt().exc.*`). This stays a safe fn because vm/eval.rs calls it.
#[allow(
    clippy::not_unsafe_ptr_arg_deref,
    reason = "tp is always a runtime exception type (rt().exc.*); callers include vm/eval.rs"
)]
pub fn new_err(tp: *mut TypeObject, msg: &str) -> PyErr {
    // SAFETY: callers pass one of the runtime's live built-in exception types.
    match super::str::new_str(msg).and_then(|m| unsafe { new_exception(tp, vec![m]) }) {
        Ok(e) => PyErr(e),
        Err(e) => e,
    }
}

pub fn type_error(msg: &str) -> PyErr {
    new_err(rt().exc.type_error, msg)
}
pub fn value_error(msg: &str) -> PyErr {
    new_err(rt().exc.value_error, msg)
}
pub fn index_error(msg: &str) -> PyErr {
    new_err(rt().exc.index_error, msg)
}
pub fn overflow_error(msg: &str) -> PyErr {
    new_err(rt().exc.overflow_error, msg)
}
pub fn zero_division_error(msg: &str) -> PyErr {
    new_err(rt().exc.zero_division_error, msg)
}
pub fn runtime_error(msg: &str) -> PyErr {
    new_err(rt().exc.runtime_error, msg)
}
pub fn recursion_error(msg: &str) -> PyErr {
    new_err(rt().exc.recursion_error, msg)
}
pub fn not_implemented_error(msg: &str) -> PyErr {
    new_err(rt().exc.not_implemented_error, msg)
}
pub fn assertion_error(msg: &str) -> PyErr {
    new_err(rt().exc.assertion_error, msg)
}
pub fn import_error(msg: &str) -> PyErr {
    new_err(rt().exc.module_not_found_error, msg)
}

/// `KeyError(key)`.
pub fn key_error(key: &Obj) -> PyErr {
    // SAFETY: the runtime's KeyError type is live and an exception type.
    match unsafe { new_exception(rt().exc.key_error, vec![key.clone()]) } {
        Ok(e) => PyErr(e),
        Err(e) => e,
    }
}

/// `StopIteration(value)`.
pub fn stop_iteration(value: Option<Obj>) -> PyErr {
    let args = value.into_iter().collect();
    // SAFETY: the runtime's StopIteration type is live and an exception type.
    match unsafe { new_exception(rt().exc.stop_iteration, args) } {
        Ok(e) => PyErr(e),
        Err(e) => e,
    }
}

/// `NameError: name 'x' is not defined`, with `.name` set for suggestions.
pub fn name_error(name: &Obj) -> PyErr {
    let msg = format!("name '{}' is not defined", super::str::as_str(name));
    let err = new_err(rt().exc.name_error, &msg);
    if let Ok(d) = dict(&err.0) {
        if let Ok(k) = super::str::intern_str("name") {
            let _ = super::dict::set_item(&d, &k, name);
        }
    }
    err
}

/// `AttributeError: 'T' object has no attribute 'x'`, with `.name` and `.obj` for suggestions.
pub fn attribute_error(obj: &Obj, name: &Obj, msg: &str) -> PyErr {
    let err = new_err(rt().exc.attribute_error, msg);
    if let Ok(d) = dict(&err.0) {
        if let (Ok(kn), Ok(ko)) = (
            super::str::intern_str("name"),
            super::str::intern_str("obj"),
        ) {
            let _ = super::dict::set_item(&d, &kn, name);
            let _ = super::dict::set_item(&d, &ko, obj);
        }
    }
    err
}

/// The preallocated `MemoryError` (CPython keeps a small free list of them so that raising
/// one needs no memory).
pub fn memory_error() -> PyErr {
    let p = rt().state.borrow().memory_error.clone();
    match p {
        Some(e) => {
            set_traceback(&e, None);
            set_context(&e, None);
            PyErr(e)
        }
        None => panic!("pyheap: out of memory during start-up"),
    }
}

/// `StopIteration.value`.
pub fn stop_iteration_value(e: &Obj) -> Obj {
    let a = args(e);
    super::tuple::items(&a)
        .first()
        .cloned()
        .unwrap_or_else(|| rt().none())
}

/// Whether `exc` is an instance of `tp` (exception matching).
pub fn matches(exc: &Obj, tp: *mut TypeObject) -> bool {
    super::is_instance(exc, tp)
}

/// The type as an object (for messages).
pub fn type_of(e: &Obj) -> Obj {
    type_ref(e.type_ptr())
}

pub fn getattro(o: &Obj, name: &Obj) -> PyResult<Obj> {
    let r = rt();
    let n = super::str::as_str(name);
    let or_none = |v: Option<Obj>| v.unwrap_or_else(|| r.none());
    match &*n {
        "args" => return Ok(args(o)),
        "__traceback__" => return Ok(or_none(traceback(o))),
        "__context__" => return Ok(or_none(context(o))),
        "__cause__" => return Ok(or_none(cause(o))),
        "__suppress_context__" => return Ok(r.bool_obj(suppress_context(o))),
        "__dict__" => return dict(o),
        "value" if super::is_instance(o, r.exc.stop_iteration) => {
            return Ok(stop_iteration_value(o))
        }
        "code" if super::is_instance(o, r.exc.system_exit) => {
            let a = args(o);
            let items = super::tuple::items(&a);
            return Ok(match items.len() {
                0 => r.none(),
                1 => items[0].clone(),
                _ => a.clone(),
            });
        }
        _ => {}
    }
    if let Some(d) = dict_if_any(o) {
        if let Some(v) = super::dict::get_item(&d, name)? {
            return Ok(v);
        }
    }
    match &*n {
        "name"
            if super::is_instance(o, r.exc.name_error)
                || super::is_instance(o, r.exc.attribute_error)
                || super::is_instance(o, r.exc.import_error) =>
        {
            return Ok(r.none())
        }
        "obj" if super::is_instance(o, r.exc.attribute_error) => return Ok(r.none()),
        _ => {}
    }
    super::typeobject::generic_getattr(o, name)
}

pub fn setattro(o: &Obj, name: &Obj, value: Option<&Obj>) -> PyResult<()> {
    let r = rt();
    let v = value.cloned().filter(|v| !r.is_none(v));
    match &*super::str::as_str(name) {
        "args" => {
            let t = super::tuple::new_tuple(crate::ops::collect(
                value.ok_or_else(|| type_error("args may not be deleted"))?,
            )?)?;
            set_args(o, t);
            Ok(())
        }
        "__traceback__" => {
            set_traceback(o, v);
            Ok(())
        }
        "__context__" => {
            set_context(o, v);
            Ok(())
        }
        "__cause__" => {
            set_cause(o, v);
            Ok(())
        }
        "__suppress_context__" => {
            set_suppress_context(
                o,
                value.map(crate::ops::truthy).transpose()?.unwrap_or(false),
            );
            Ok(())
        }
        _ => super::typeobject::generic_setattr(o, name, value),
    }
}

fn with_traceback(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let tb = args.first().cloned().filter(|t| !rt().is_none(t));
    set_traceback(self_, tb);
    Ok(self_.clone())
}

fn add_note(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let note = args
        .first()
        .ok_or_else(|| type_error("add_note() takes exactly one argument (0 given)"))?;
    let d = dict(self_)?;
    let key = super::str::intern_str("__notes__")?;
    let notes = match super::dict::get_item(&d, &key)? {
        Some(n) => n,
        None => {
            let l = super::list::new_list(vec![])?;
            super::dict::set_item(&d, &key, &l)?;
            l
        }
    };
    super::list::append(&notes, note.clone())?;
    Ok(rt().none())
}

pub static METHODS: &[super::descr::MethodDef] = &[
    super::descr::MethodDef::new("__init__", exception_init),
    super::descr::MethodDef::new("with_traceback", with_traceback),
    super::descr::MethodDef::new("add_note", add_note),
];
