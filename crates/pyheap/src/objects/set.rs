//! `set` and `frozenset`: not implemented yet; creating one raises NotImplementedError.

use crate::object::{Obj, PyObject};
use crate::runtime::PyResult;

fn missing() -> crate::runtime::PyErr {
    super::exceptions::not_implemented_error("set and frozenset are not supported yet")
}

pub fn new_set_from(_items: Vec<Obj>) -> PyResult<Obj> {
    Err(missing())
}

pub fn add(_s: &Obj, _v: &Obj) -> PyResult<()> {
    Err(missing())
}

pub fn new(_cls: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    Err(missing())
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: placeholder layout holds nothing.
    unsafe { super::free_object(p) }
}
