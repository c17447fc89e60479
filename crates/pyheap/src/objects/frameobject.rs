//! Frame objects (`sys._getframe()`, `tb.tb_frame`) and traceback objects.
//!
//! A frame object is made lazily for a running frame (CPython's
//! `_PyFrame_GetFrameObject`) and kept by the frame (`Frame::frame_obj`), so every request
//! for it returns the same object. While the frame runs, the object names its code and
//! globals and reads everything else from the running frame, found on the interpreter's
//! frame chain. (CPython's leaves a running frame's object untracked, as it borrows the
//! code and globals from the frame; this one holds them, so the collector must see it.)
//!
//! When the frame finishes while someone else still holds the object (a traceback, a
//! variable), the object takes over the frame's locals and links `f_back` to the caller's
//! frame object (made now if need be), as CPython's `take_ownership` does; the locals then
//! live as long as the object — the reason `except ... as e` unbinds `e`. A frame object
//! only the frame holds dies with it.
//!
//! `f_locals` of a function's frame is a dict kept with the frame (in the frame object
//! once there is one) and refreshed from the fast locals each time it is read, as
//! CPython's `PyFrame_FastToLocals`: `locals()` returns the same dict, and it holds a
//! reference to each local, so `sys.getrefcount` counts one more while it exists.
//! Module and class frames answer their namespace.

use super::{alloc_object, owned};
use crate::object::{xdecref, Obj, PyObject};
use crate::objects::code::{self, CO_GENERATOR, CO_OPTIMIZED};
use crate::objects::{dict, exceptions, int, str as pystr};
use crate::runtime::{rt, PyResult};
use crate::typeobj::Kind;
use crate::vm::frame::Frame;

/// `sizeof(PyFrameObject)` up to its frame data plus the frame data's header in 3.11
/// (`offsetof(PyFrameObject, _f_frame_data) + offsetof(_PyInterpreterFrame, localsplus)`).
const FRAME_BASIC_SIZE: usize = 120;

#[repr(C)]
pub struct FrameObject {
    pub ob_base: PyObject,
    /// Set when the frame finishes (its caller's frame object), null while it runs.
    pub f_back: *mut PyObject,
    pub code: *mut PyObject,
    pub globals: *mut PyObject,
    /// The `f_locals` dict of a function's frame, once asked for.
    pub f_locals: *mut PyObject,
    /// The finished frame's fast locals (locals, cells, free variables; `None` where
    /// unbound), owned here; null while the frame runs.
    pub fast: *mut Vec<Option<Obj>>,
    pub lasti: usize,
    /// Where the running frame was last found, counted from the outermost frame (a hint:
    /// a generator's frame runs at a different height each time it resumes).
    pub height: usize,
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

/// The frame object of a running frame, made and kept by the frame on first request.
pub fn frame_object(frame: &mut Frame) -> PyResult<Obj> {
    if let Some(fo) = &frame.frame_obj {
        return Ok(fo.clone());
    }
    let fo = new_frame_object(&frame.code, &frame.globals, frame.lasti)?;
    frame.frame_obj = Some(fo.clone());
    Ok(fo)
}

/// The frame object of the running frame `depth` calls up from the innermost, if any,
/// noting its height when the caller knows it.
fn frame_object_at(depth: usize, height: Option<usize>) -> PyResult<Option<Obj>> {
    let fo = crate::vm::frame_at(depth, |f| f.map(frame_object)).transpose()?;
    if let (Some(fo), Some(h)) = (&fo, height) {
        // SAFETY: fo is a frame object.
        unsafe { fo.cast_mut::<FrameObject>() }.height = h;
    }
    Ok(fo)
}

fn raw(fo: &Obj) -> &FrameObject {
    // SAFETY: callers pass frame objects.
    unsafe { fo.cast::<FrameObject>() }
}

/// Moves a finished frame's locals into its frame object (CPython's `take_ownership`),
/// or releases them in order when nothing but the frame holds the object.
pub fn take_locals(fo: &Obj, fast: Vec<Option<Obj>>, lasti: usize) {
    if fo.refcnt() <= 1 {
        for v in fast {
            drop(v);
        }
        return;
    }
    // A generator's frame has no caller once it finishes; a function's returns to the
    // frame now executing.
    let back = if code::data(&code(fo)).flags & CO_GENERATOR != 0 {
        None
    } else {
        frame_object_at(0, None).ok().flatten()
    };
    // SAFETY: fo is a frame object; the fields replaced are owned by it.
    unsafe {
        let f = fo.cast_mut::<FrameObject>();
        f.lasti = lasti;
        let old = std::mem::replace(&mut f.fast, Box::into_raw(Box::new(fast)));
        if !old.is_null() {
            drop(Box::from_raw(old));
        }
        if let Some(b) = back {
            xdecref(std::mem::replace(&mut f.f_back, b.into_raw()));
        }
    }
}

/// What a frame's `f_locals` is made of, taken from the frame so the dict is refreshed
/// after the frame is let go (a dict update can run Python code).
pub struct LocalsRequest {
    dict: Obj,
    /// Each local's name and value (`None` where unbound), in CPython's order; `None`
    /// for a namespace that is not refreshed.
    values: Option<Vec<(Obj, Option<Obj>)>>,
}

impl LocalsRequest {
    /// Refreshes the dict from the values taken (`PyFrame_FastToLocals`).
    pub fn fill(self) -> PyResult<Obj> {
        for (name, value) in self.values.into_iter().flatten() {
            match value {
                Some(v) => dict::set_item(&self.dict, &name, &v)?,
                None => {
                    dict::del_item(&self.dict, &name)?;
                }
            }
        }
        Ok(self.dict)
    }
}

/// The names and values of a function frame's locals in CPython's order: the variables
/// (an argument that is also a cell read through its cell), the other cells, the free
/// variables.
fn local_values(cd: &code::CodeData, fast: &[Option<Obj>]) -> Vec<(Obj, Option<Obj>)> {
    let nlocals = cd.nlocals();
    let ncells = cd.ncells();
    let slot = |i: usize| -> Option<Obj> {
        let v = fast.get(i)?.as_ref()?;
        if i >= nlocals && crate::ops::kind(v) == Kind::Cell {
            super::cell::get(v)
        } else {
            Some(v.clone())
        }
    };
    let varnames = super::tuple::items(&cd.varnames);
    let cellvars = super::tuple::items(&cd.cellvars);
    let freevars = super::tuple::items(&cd.freevars);
    let mut out = Vec::with_capacity(varnames.len() + cellvars.len() + freevars.len());
    for (i, name) in varnames.iter().enumerate() {
        let value = match cd.cell2arg.iter().position(|a| *a == Some(i as u32)) {
            Some(c) => slot(nlocals + c),
            None => slot(i),
        };
        out.push((name.clone(), value));
    }
    for (c, name) in cellvars.iter().enumerate() {
        if cd.cell2arg.get(c).copied().flatten().is_none() {
            out.push((name.clone(), slot(nlocals + c)));
        }
    }
    for (k, name) in freevars.iter().enumerate() {
        out.push((name.clone(), slot(nlocals + ncells + k)));
    }
    out
}

/// `f_locals` (and `locals()`) of a running frame. A function's dict is kept in its frame
/// object if it has one, else in the frame.
pub fn locals_request(frame: &mut Frame) -> PyResult<LocalsRequest> {
    if frame.code_data().flags & CO_OPTIMIZED == 0 {
        let ns = frame
            .locals
            .clone()
            .unwrap_or_else(|| frame.globals.clone());
        return Ok(LocalsRequest {
            dict: ns,
            values: None,
        });
    }
    let dict = match frame.frame_obj.clone() {
        Some(fo) => {
            // SAFETY: fo is a frame object; f_locals is owned by it.
            let f = unsafe { fo.cast_mut::<FrameObject>() };
            if f.f_locals.is_null() {
                let d = match frame.locals.take() {
                    Some(d) => d,
                    None => dict::new_dict()?,
                };
                f.f_locals = d.into_raw();
            }
            // SAFETY: set above.
            unsafe { Obj::from_borrowed(f.f_locals) }
        }
        None => match &frame.locals {
            Some(d) => d.clone(),
            None => {
                let d = dict::new_dict()?;
                frame.locals = Some(d.clone());
                d
            }
        },
    };
    Ok(LocalsRequest {
        dict,
        values: Some(local_values(frame.code_data(), &frame.fast)),
    })
}

/// `locals()`: the current frame's `f_locals`.
pub fn current_locals() -> PyResult<Obj> {
    crate::vm::current_frame(|f| f.map(locals_request))
        .ok_or_else(|| exceptions::runtime_error("frame does not exist"))??
        .fill()
}

/// `sys._getframe(depth)`: the frame object `depth` calls up from the caller.
pub fn getframe(depth: usize) -> PyResult<Obj> {
    let height = crate::vm::frame_count().checked_sub(depth + 1);
    frame_object_at(depth, height)?
        .ok_or_else(|| exceptions::value_error("call stack is not deep enough"))
}

/// How many frames up the running frame of `fo` is, if it is on the frame chain.
fn live_depth(fo: &Obj) -> Option<usize> {
    let is_fo =
        |f: Option<&mut Frame>| f.is_some_and(|f| f.frame_obj.as_ref().is_some_and(|o| o.is(fo)));
    let count = crate::vm::frame_count();
    let height = raw(fo).height;
    if height < count && crate::vm::frame_at(count - 1 - height, is_fo) {
        return Some(count - 1 - height);
    }
    let depth = (0..count).find(|&d| crate::vm::frame_at(d, is_fo))?;
    // SAFETY: fo is a frame object.
    unsafe { fo.cast_mut::<FrameObject>() }.height = count - 1 - depth;
    Some(depth)
}

fn is_finished(fo: &Obj) -> bool {
    !raw(fo).fast.is_null()
}

fn f_back(fo: &Obj) -> PyResult<Obj> {
    let f = raw(fo);
    if !f.f_back.is_null() {
        // SAFETY: owned by the frame object.
        return Ok(unsafe { Obj::from_borrowed(f.f_back) });
    }
    if is_finished(fo) {
        return Ok(rt().none());
    }
    match live_depth(fo) {
        Some(d) => {
            let height = raw(fo).height.checked_sub(1);
            Ok(frame_object_at(d + 1, height)?.unwrap_or_else(|| rt().none()))
        }
        None => Ok(rt().none()),
    }
}

fn f_locals(fo: &Obj) -> PyResult<Obj> {
    if !is_finished(fo) {
        if let Some(d) = live_depth(fo) {
            return crate::vm::frame_at(d, |f| f.map(locals_request))
                .ok_or_else(|| exceptions::runtime_error("frame does not exist"))??
                .fill();
        }
    }
    let c = code(fo);
    let cd = code::data(&c);
    if cd.flags & CO_OPTIMIZED == 0 {
        return Ok(globals(fo));
    }
    // SAFETY: fo is a frame object; f_locals is owned by it.
    let f = unsafe { fo.cast_mut::<FrameObject>() };
    if f.f_locals.is_null() {
        f.f_locals = dict::new_dict()?.into_raw();
    }
    // SAFETY: set above.
    let dict = unsafe { Obj::from_borrowed(f.f_locals) };
    let values = if f.fast.is_null() {
        None
    } else {
        // SAFETY: the finished frame's locals, owned by the frame object.
        Some(local_values(cd, unsafe { &*f.fast }))
    };
    LocalsRequest { dict, values }.fill()
}

fn f_lineno(fo: &Obj) -> u32 {
    if !is_finished(fo) {
        if let Some(d) = live_depth(fo) {
            if let Some(line) = crate::vm::frame_at(d, |f| f.map(|f| f.lineno())) {
                return line;
            }
        }
    }
    code::data(&code(fo))
        .locations
        .get(lasti(fo))
        .map(|l| l.line)
        .unwrap_or(0)
}

/// `f_builtins`: the builtins the frame's globals name, as a function finds them.
fn f_builtins(fo: &Obj) -> PyResult<Obj> {
    let g = globals(fo);
    if let Some(b) = dict::get_item_str(&g, "__builtins__")? {
        match crate::ops::kind(&b) {
            Kind::Module => return Ok(super::module::dict(&b)),
            Kind::Dict => return Ok(b),
            _ => {}
        }
    }
    rt().state
        .borrow()
        .builtins
        .clone()
        .ok_or_else(|| exceptions::runtime_error("no builtins"))
}

pub fn getattro(fo: &Obj, name: &Obj) -> PyResult<Obj> {
    match &*pystr::as_str(name) {
        "f_back" => f_back(fo),
        "f_code" => Ok(code(fo)),
        "f_globals" => Ok(globals(fo)),
        "f_builtins" => f_builtins(fo),
        "f_locals" => f_locals(fo),
        "f_lineno" => int::new_int(f_lineno(fo) as i64),
        "f_trace" => Ok(rt().none()),
        _ => super::typeobject::generic_getattr(fo, name),
    }
}

/// `<frame at 0x..., file '...', line N, code NAME>`.
pub fn repr(fo: &Obj) -> PyResult<Obj> {
    let c = code(fo);
    let cd = code::data(&c);
    pystr::new_str(&format!(
        "<frame at {:#x}, file {}, line {}, code {}>",
        fo.id(),
        crate::ops::repr_string(&cd.filename)?,
        f_lineno(fo),
        pystr::as_str(&cd.name)
    ))
}

/// `frame.__sizeof__`: 3.11's frame object with room for the code's locals, cells, free
/// variables and value stack.
pub fn sizeof(fo: &Obj) -> usize {
    let c = code(fo);
    let cd = code::data(&c);
    let cell_args = cd.cell2arg.iter().filter(|a| a.is_some()).count();
    let nlocalsplus = cd.nlocals() + cd.ncells() - cell_args + cd.nfrees();
    FRAME_BASIC_SIZE + (nlocalsplus + cd.stacksize as usize) * std::mem::size_of::<usize>()
}

pub fn code(fo: &Obj) -> Obj {
    // SAFETY: fo is a frame object with a live code.
    unsafe { Obj::from_borrowed(raw(fo).code) }
}

pub fn globals(fo: &Obj) -> Obj {
    // SAFETY: fo is a frame object with live globals.
    unsafe { Obj::from_borrowed(raw(fo).globals) }
}

pub fn lasti(fo: &Obj) -> usize {
    raw(fo).lasti
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: dead frame object we own.
    unsafe {
        crate::gc::untrack(p);
        clear(p);
        let f = &mut *(p as *mut FrameObject);
        xdecref(std::mem::replace(&mut f.code, std::ptr::null_mut()));
        xdecref(std::mem::replace(&mut f.globals, std::ptr::null_mut()));
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a frame object.
pub unsafe fn traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live fields.
    let f = unsafe { &*(p as *mut FrameObject) };
    for x in [f.f_back, f.code, f.globals, f.f_locals] {
        if !x.is_null() {
            visit(x);
        }
    }
    if !f.fast.is_null() {
        // SAFETY: the finished frame's locals, owned by the frame object.
        for v in unsafe { &*f.fast }.iter().flatten() {
            visit(v.as_ptr());
        }
    }
}

/// `tp_clear`: the references that can close a cycle (the locals, their dict and the
/// caller); the code and globals stay until the object is freed, so it can still be shown.
///
/// # Safety
/// `p` is a frame object.
pub unsafe fn clear(p: *mut PyObject) {
    // SAFETY: owned fields; each is detached before it is released, since releasing can
    // run code that reaches this object.
    unsafe {
        let f = &mut *(p as *mut FrameObject);
        let fast = std::mem::replace(&mut f.fast, std::ptr::null_mut());
        if !fast.is_null() {
            // Locals in order, as a frame releases them.
            for v in Box::from_raw(fast).into_iter() {
                drop(v);
            }
        }
        for x in [&mut f.f_back, &mut f.f_locals] {
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

/// `tb_frame`, `tb_next`, `tb_lineno`.
pub fn getattro_tb(tb: &Obj, name: &Obj) -> PyResult<Obj> {
    match &*pystr::as_str(name) {
        "tb_frame" | "tb_next" => {
            // SAFETY: tb is a traceback; its fields are owned by it.
            let t = unsafe { tb.cast::<TracebackObject>() };
            let p = if &*pystr::as_str(name) == "tb_frame" {
                t.tb_frame
            } else {
                t.tb_next
            };
            if p.is_null() {
                Ok(rt().none())
            } else {
                // SAFETY: as above.
                Ok(unsafe { Obj::from_borrowed(p) })
            }
        }
        "tb_lineno" => int::new_int(tb_lineno(tb) as i64),
        _ => super::typeobject::generic_getattr(tb, name),
    }
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
