//! `None`, `NotImplemented` and `Ellipsis`: 16-byte singletons with no fields.

use crate::object::PyObject;

/// Singletons are never deallocated while the runtime lives; the runtime frees them at
/// shutdown like any object.
///
/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: no fields.
    unsafe { super::free_object(p) }
}

use crate::object::Obj;
use crate::runtime::{rt, PyResult};

pub fn none_repr(_o: &Obj) -> PyResult<Obj> {
    super::str::new_str("None")
}

pub fn not_implemented_repr(_o: &Obj) -> PyResult<Obj> {
    super::str::new_str("NotImplemented")
}

pub fn ellipsis_repr(_o: &Obj) -> PyResult<Obj> {
    super::str::new_str("Ellipsis")
}

/// `type(None)()` returns the singleton.
pub fn none_new(_cls: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    if !args.is_empty() {
        return Err(super::exceptions::type_error("NoneType takes no arguments"));
    }
    Ok(rt().none())
}
