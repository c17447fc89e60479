//! The object types, one module each, and the allocation every one of them goes through.
//!
//! [`alloc_object`] is `PyObject_Malloc` plus header set-up: it reserves the type's
//! pre-header (GC links, managed dict), zeroes it, and returns an object with refcount 1.
//! [`free_object`] is the matching `PyObject_GC_Del`/`PyObject_Free`.

pub mod boolobject;
pub mod builtin_iters;
pub mod bytearray;
pub mod bytes;
pub mod cell;
pub mod code;
pub mod complex;
pub mod descr;
pub mod dict;
pub mod exceptions;
pub mod float;
pub mod frameobject;
pub mod function;
pub mod generator;
pub mod instance_values;
pub mod int;
pub mod int_methods;
pub mod iter;
pub mod list;
pub mod mappingproxy;
pub mod member;
pub mod module;
pub mod none;
pub mod object_methods;
pub mod range;
pub mod seq;
pub mod set;
pub mod slice;
pub mod slot_wrappers;
pub mod str;
pub mod str_methods;
pub mod superobject;
pub mod tuple;
pub mod typeobject;
pub mod weakref;

use crate::heap;
use crate::object::{Obj, PyObject};
use crate::runtime::{rt, PyErr, PyResult};
use crate::typeobj::TypeObject;
use std::ptr::NonNull;

/// Allocates an object of `size` bytes (excluding the pre-header) of type `tp`, with
/// refcount 1 and everything after the header zeroed. GC objects are counted but not
/// tracked: the caller tracks once the fields are valid.
///
/// # Safety
/// `tp` points to a live type object whose flags are set (it need not be finished yet:
/// only its flags are read). If it is a heap type, the new object takes a reference to it.
pub unsafe fn alloc_object(tp: *mut TypeObject, size: usize) -> PyResult<*mut PyObject> {
    // SAFETY: tp is a live type (caller contract).
    let t = unsafe { &*tp };
    // An instance of a class always has room for the slots the class adds after its
    // built-in base's layout (`__slots__`, `__weakref__`), whatever the base asks for.
    let size = if t.is_heap() {
        size.max(t.basicsize)
    } else {
        size
    };
    let pre = t.preheader_size();
    let mem = heap::object_malloc(pre + size).map_err(|_| memory_error())?;
    // SAFETY: mem is a fresh block of pre+size bytes.
    unsafe {
        std::ptr::write_bytes(mem.as_ptr(), 0, pre + size);
        let op = mem.as_ptr().add(pre) as *mut PyObject;
        (*op).ob_refcnt = 1;
        (*op).ob_type = tp;
        if t.is_heap() {
            crate::object::incref(tp as *mut PyObject);
            if t.has_managed_dict() {
                instance_values::instance_created(tp);
            }
        }
        if t.is_gc() {
            crate::gc::on_alloc();
        }
        Ok(op)
    }
}

/// Returns an object's memory to the allocator, untracking it first.
/// Releases the reference to a heap type.
///
/// # Safety
/// `op` has refcount zero, its fields are released, and it is not used afterwards.
pub unsafe fn free_object(op: *mut PyObject) {
    // SAFETY: caller contract; the type is still live (we hold its reference until below).
    unsafe {
        let tp = (*op).ob_type;
        let t = &*tp;
        let pre = t.preheader_size();
        if t.weaklistoffset != 0 {
            // Deallocators clear weak references earlier (`PyObject_ClearWeakRefs`); this
            // only catches one that did not, so no reference outlives its referent.
            weakref::clear_weakrefs(op);
        }
        if t.is_gc() {
            crate::gc::untrack(op);
            crate::gc::on_free();
        }
        heap::object_free(NonNull::new_unchecked((op as *mut u8).sub(pre)));
        if t.is_heap() {
            crate::object::decref(tp as *mut PyObject);
        }
    }
}

/// The preallocated `MemoryError` raised when the allocator refuses.
pub fn memory_error() -> PyErr {
    exceptions::memory_error()
}

/// Wraps a freshly allocated raw object.
///
/// # Safety
/// `p` is a new object with one reference owned by the caller.
#[inline]
pub unsafe fn owned(p: *mut PyObject) -> Obj {
    // SAFETY: caller contract.
    unsafe { Obj::from_owned(p) }
}

/// `type(o) is t` for a built-in type pointer.
#[inline]
pub fn is_exact(o: &Obj, t: *mut TypeObject) -> bool {
    o.type_ptr() == t
}

/// `isinstance(o, t)`.
#[inline]
pub fn is_instance(o: &Obj, t: *mut TypeObject) -> bool {
    o.type_ptr() == t || o.typ().is_subtype(t)
}

pub fn none() -> Obj {
    rt().none()
}
