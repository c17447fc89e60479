//! The object core: the header every object starts with, strong references, and the
//! decref that frees.
//!
//! Layout (64-bit, as CPython 3.11):
//!
//! ```text
//!   [managed dict ptr, values ptr]   16 B, only types with a managed __dict__
//!   [gc_next, gc_prev]               16 B, only GC types (containers)
//!   ob_refcnt                         8 B   <- object pointer points here
//!   ob_type                           8 B
//!   ... type-specific fields
//! ```
//!
//! [`Obj`] is a strong reference: cloning increments `ob_refcnt`, dropping decrements it,
//! and the decrement that reaches zero calls the type's deallocator at once. A borrowed
//! reference is `&Obj`, which cannot outlive the `Obj` it borrows from. Raw increments and
//! decrements exist only in this module and in the deallocators that own the fields they
//! release.
//!
//! Deallocation of deep structures (a list nested 200 000 deep) would recurse once per
//! level; like CPython's trashcan, [`dealloc`] defers objects once the nesting passes
//! [`TRASHCAN_DEPTH`] and frees them iteratively from the outermost call.

use crate::typeobj::TypeObject;
use std::cell::{Cell, RefCell};
use std::ptr::NonNull;

/// The header of every object (`PyObject`).
#[repr(C)]
pub struct PyObject {
    pub ob_refcnt: isize,
    pub ob_type: *mut TypeObject,
}

/// The header of variable-size objects (`PyVarObject`).
#[repr(C)]
pub struct PyVarObject {
    pub ob_base: PyObject,
    pub ob_size: isize,
}

/// A strong reference to a live object.
#[repr(transparent)]
pub struct Obj(NonNull<PyObject>);

impl Obj {
    /// Takes ownership of one reference the caller already holds.
    ///
    /// # Safety
    /// `p` points to a live object and the caller transfers one strong reference.
    #[inline]
    pub unsafe fn from_owned(p: *mut PyObject) -> Obj {
        // SAFETY: caller guarantees non-null live object.
        Obj(unsafe { NonNull::new_unchecked(p) })
    }

    /// Makes a new strong reference to an object the caller only borrows.
    ///
    /// # Safety
    /// `p` points to a live object.
    #[inline]
    pub unsafe fn from_borrowed(p: *mut PyObject) -> Obj {
        // SAFETY: live object per caller contract; incrementing makes the new Obj own one.
        unsafe {
            (*p).ob_refcnt += 1;
            Obj(NonNull::new_unchecked(p))
        }
    }

    /// Views a field holding a strong reference as an `Obj`, borrowed for as long as the
    /// field is.
    ///
    /// # Safety
    /// `*field` points to a live object and stays unchanged while the borrow lasts.
    #[inline]
    pub unsafe fn borrow_field(field: &*mut PyObject) -> &Obj {
        // SAFETY: `Obj` is a transparent non-null pointer; the field is non-null and live
        // per the caller's contract.
        unsafe { &*(field as *const *mut PyObject as *const Obj) }
    }

    #[inline]
    pub fn as_ptr(&self) -> *mut PyObject {
        self.0.as_ptr()
    }

    /// Gives up ownership without decrementing.
    #[inline]
    pub fn into_raw(self) -> *mut PyObject {
        let p = self.0.as_ptr();
        std::mem::forget(self);
        p
    }

    #[inline]
    pub fn refcnt(&self) -> isize {
        // SAFETY: an Obj always points to a live object.
        unsafe { (*self.as_ptr()).ob_refcnt }
    }

    #[inline]
    pub fn type_ptr(&self) -> *mut TypeObject {
        // SAFETY: an Obj always points to a live object.
        unsafe { (*self.as_ptr()).ob_type }
    }

    /// The object's type. Types outlive their instances (instances own a reference to
    /// heap types; static-lifetime types outlive every object).
    #[inline]
    pub fn typ(&self) -> &TypeObject {
        // SAFETY: see above.
        unsafe { &*self.type_ptr() }
    }

    /// The type as a strong reference.
    pub fn type_obj(&self) -> Obj {
        // SAFETY: a type is an object and is live while its instance is.
        unsafe { Obj::from_borrowed(self.type_ptr() as *mut PyObject) }
    }

    #[inline]
    pub fn is(&self, other: &Obj) -> bool {
        self.0 == other.0
    }

    /// `id()`: the address, as in CPython.
    #[inline]
    pub fn id(&self) -> usize {
        self.as_ptr() as usize
    }

    /// Reinterprets the object as its concrete layout.
    ///
    /// # Safety
    /// The object's type must use layout `T`, with `PyObject` as the first field.
    #[inline]
    pub unsafe fn cast<T>(&self) -> &T {
        // SAFETY: caller guarantees the layout.
        unsafe { &*(self.as_ptr() as *const T) }
    }

    /// Mutable access to the concrete layout.
    ///
    /// # Safety
    /// As [`Obj::cast`], and no other reference to the same fields is live.
    #[inline]
    #[allow(clippy::mut_from_ref)]
    pub unsafe fn cast_mut<T>(&self) -> &mut T {
        // SAFETY: caller guarantees layout and exclusivity.
        unsafe { &mut *(self.as_ptr() as *mut T) }
    }
}

impl Clone for Obj {
    #[inline]
    fn clone(&self) -> Obj {
        // SAFETY: self is live, so the object is.
        unsafe { Obj::from_borrowed(self.as_ptr()) }
    }
}

impl Drop for Obj {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: we own one reference to a live object.
        unsafe { decref(self.as_ptr()) }
    }
}

impl PartialEq for Obj {
    fn eq(&self, other: &Obj) -> bool {
        self.is(other)
    }
}

impl std::fmt::Debug for Obj {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{} object at {:#x}>", self.typ().name(), self.id())
    }
}

/// Increments a raw reference count.
///
/// # Safety
/// `p` is a live object.
#[inline]
pub unsafe fn incref(p: *mut PyObject) {
    // SAFETY: caller contract.
    unsafe { (*p).ob_refcnt += 1 }
}

/// Releases one reference; frees the object at zero.
///
/// # Safety
/// `p` is a live object and the caller owns the reference released.
#[inline]
pub unsafe fn decref(p: *mut PyObject) {
    // SAFETY: caller contract.
    unsafe {
        (*p).ob_refcnt -= 1;
        if (*p).ob_refcnt == 0 {
            dealloc(p);
        }
    }
}

/// Releases an optional raw reference (`Py_XDECREF`).
///
/// # Safety
/// As [`decref`] when non-null.
#[inline]
pub unsafe fn xdecref(p: *mut PyObject) {
    if !p.is_null() {
        // SAFETY: caller contract.
        unsafe { decref(p) }
    }
}

/// How deep deallocators may nest before further objects are deferred.
pub const TRASHCAN_DEPTH: usize = 50;

thread_local! {
    static DEALLOC_DEPTH: Cell<usize> = const { Cell::new(0) };
    static DEFERRED: RefCell<Vec<*mut PyObject>> = const { RefCell::new(Vec::new()) };
}

/// Whether a type's deallocator takes part in the trashcan (CPython's
/// `Py_TRASHCAN_BEGIN` users: lists, tuples, dicts, sets, exceptions and instances of
/// classes). Other objects cannot nest and are freed at once.
#[inline]
fn uses_trashcan(t: &TypeObject) -> bool {
    use crate::typeobj::Kind;
    t.is_heap()
        || matches!(
            t.kind,
            Kind::List | Kind::Tuple | Kind::Dict | Kind::Set | Kind::FrozenSet | Kind::Exception
        )
}

#[cold]
unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: p is a dead object whose type is live.
    let t = unsafe { &*(*p).ob_type };
    if !uses_trashcan(t) {
        // SAFETY: the count reached zero, so nothing else refers to p.
        unsafe { (t.tp_dealloc)(p) };
        return;
    }
    let nesting = DEALLOC_DEPTH.with(|d| d.get());
    if nesting >= TRASHCAN_DEPTH {
        // Deferred: it leaves the collector's lists first, since with refcount zero it
        // must never be seen (or freed) by a collection.
        // SAFETY: p is a dead GC object.
        unsafe { crate::gc::untrack(p) };
        DEFERRED.with(|q| q.borrow_mut().push(p));
        return;
    }
    DEALLOC_DEPTH.with(|d| d.set(nesting + 1));
    // SAFETY: the count reached zero, so nothing else refers to p.
    unsafe { (t.tp_dealloc)(p) };
    DEALLOC_DEPTH.with(|d| d.set(nesting));
    if nesting == 0 {
        // Back at the outermost level: destroy what deeper levels deferred, newest first.
        while let Some(q) = DEFERRED.with(|d| d.borrow_mut().pop()) {
            // One level for the chain being destroyed, one for the object's own body.
            DEALLOC_DEPTH.with(|d| d.set(2));
            // SAFETY: deferred objects had reached zero and were not yet freed.
            unsafe { ((*(*q).ob_type).tp_dealloc)(q) };
            DEALLOC_DEPTH.with(|d| d.set(0));
        }
    }
}
