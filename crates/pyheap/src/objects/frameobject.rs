//! Frame objects (`sys._getframe()`, `tb.tb_frame`) and traceback objects.
//!
//! A frame object is made lazily for a running frame. While the frame runs, the object
//! only names its code and globals; when the frame finishes, the object takes over the
//! frame's locals (`f_locals` then reflects them), keeping them alive for as long as a
//! traceback refers to the frame — the reason `except ... as e` unbinds `e`.

use super::{alloc_object, owned};
use crate::object::{xdecref, Obj, PyObject};
use crate::runtime::{rt, PyResult};

#[repr(C)]
pub struct FrameObject {
    pub ob_base: PyObject,
    pub f_back: *mut PyObject,
    pub code: *mut PyObject,
    pub globals: *mut PyObject,
    /// A tuple of the finished frame's locals (cells and frees included), or null.
    pub locals: *mut PyObject,
    pub lasti: usize,
}

pub fn new_frame_object(code: &Obj, globals: &Obj, lasti: usize) -> PyResult<Obj> {
    // SAFETY: the runtime's frame type is live.
    let p = unsafe { alloc_object(rt().types.frame, std::mem::size_of::<FrameObject>()) }?;
    // SAFETY: fresh frame object.
    unsafe {
        let f = &mut *(p as *mut FrameObject);
        f.code = code.clone().into_raw();
        f.globals = globals.clone().into_raw();
        f.lasti = lasti;
        crate::gc::track(p);
        Ok(owned(p))
    }
}

/// Moves a finished frame's locals into its frame object.
pub fn take_locals(fo: &Obj, fast: Vec<Option<Obj>>, lasti: usize) {
    let r = rt();
    let items: Vec<Obj> = fast
        .into_iter()
        .map(|o| o.unwrap_or_else(|| r.none()))
        .collect();
    // SAFETY: fo is a frame object.
    let f = unsafe { fo.cast_mut::<FrameObject>() };
    f.lasti = lasti;
    if let Ok(t) = super::tuple::new_tuple(items) {
        let old = std::mem::replace(&mut f.locals, t.into_raw());
        // SAFETY: owned reference.
        unsafe { xdecref(old) };
    }
}

pub fn code(fo: &Obj) -> Obj {
    // SAFETY: fo is a frame object with a live code.
    unsafe { Obj::from_borrowed(fo.cast::<FrameObject>().code) }
}

pub fn globals(fo: &Obj) -> Obj {
    // SAFETY: fo is a frame object with live globals.
    unsafe { Obj::from_borrowed(fo.cast::<FrameObject>().globals) }
}

pub fn lasti(fo: &Obj) -> usize {
    // SAFETY: fo is a frame object.
    unsafe { fo.cast::<FrameObject>().lasti }
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: dead frame object we own.
    unsafe {
        crate::gc::untrack(p);
        clear(p);
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a frame object.
pub unsafe fn traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live fields.
    let f = unsafe { &*(p as *mut FrameObject) };
    for x in [f.f_back, f.code, f.globals, f.locals] {
        if !x.is_null() {
            visit(x);
        }
    }
}

/// # Safety
/// `p` is a frame object.
pub unsafe fn clear(p: *mut PyObject) {
    // SAFETY: owned fields.
    unsafe {
        let f = &mut *(p as *mut FrameObject);
        for x in [&mut f.f_back, &mut f.code, &mut f.globals, &mut f.locals] {
            xdecref(std::mem::replace(x, std::ptr::null_mut()));
        }
    }
}

/// `PyTracebackObject`: 40 bytes + 16 GC.
#[repr(C)]
pub struct TracebackObject {
    pub ob_base: PyObject,
    pub tb_next: *mut PyObject,
    pub tb_frame: *mut PyObject,
    pub tb_lasti: i32,
    pub tb_lineno: i32,
}

/// A new traceback entry for `frame` at instruction `lasti`, in front of `next`.
pub fn new_traceback(next: Option<Obj>, frame: &Obj, lasti: usize, lineno: u32) -> PyResult<Obj> {
    // SAFETY: the runtime's traceback type is live.
    let p = unsafe { alloc_object(rt().types.traceback, std::mem::size_of::<TracebackObject>()) }?;
    // SAFETY: fresh traceback.
    unsafe {
        let t = &mut *(p as *mut TracebackObject);
        t.tb_next = next.map(|n| n.into_raw()).unwrap_or(std::ptr::null_mut());
        t.tb_frame = frame.clone().into_raw();
        t.tb_lasti = lasti as i32;
        t.tb_lineno = lineno as i32;
        crate::gc::track(p);
        Ok(owned(p))
    }
}

/// (next, frame, lasti) of a traceback entry.
pub fn tb_parts(tb: &Obj) -> (Option<Obj>, Obj, usize) {
    // SAFETY: tb is a traceback with a live frame.
    unsafe {
        let t = tb.cast::<TracebackObject>();
        let next = if t.tb_next.is_null() {
            None
        } else {
            Some(Obj::from_borrowed(t.tb_next))
        };
        (next, Obj::from_borrowed(t.tb_frame), t.tb_lasti as usize)
    }
}

pub fn tb_lineno(tb: &Obj) -> i32 {
    // SAFETY: tb is a traceback.
    unsafe { tb.cast::<TracebackObject>().tb_lineno }
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc_tb(p: *mut PyObject) {
    // SAFETY: dead traceback we own.
    unsafe {
        crate::gc::untrack(p);
        clear_tb(p);
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a traceback.
pub unsafe fn traverse_tb(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live fields.
    let t = unsafe { &*(p as *mut TracebackObject) };
    for x in [t.tb_next, t.tb_frame] {
        if !x.is_null() {
            visit(x);
        }
    }
}

/// # Safety
/// `p` is a traceback.
pub unsafe fn clear_tb(p: *mut PyObject) {
    // SAFETY: owned fields.
    unsafe {
        let t = &mut *(p as *mut TracebackObject);
        xdecref(std::mem::replace(&mut t.tb_next, std::ptr::null_mut()));
        xdecref(std::mem::replace(&mut t.tb_frame, std::ptr::null_mut()));
    }
}
