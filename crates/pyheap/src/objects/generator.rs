//! Generators: a suspended frame kept on the heap between `next()` calls.

use super::{alloc_object, owned};
use crate::object::{xdecref, Obj, PyObject};
use crate::objects::exceptions;
use crate::runtime::{rt, PyErr, PyResult};
use crate::vm::eval::{run_frame, FrameExit};
use crate::vm::frame::Frame;

#[repr(C)]
pub struct GenObject {
    pub ob_base: PyObject,
    pub frame: *mut Frame,
    pub name: *mut PyObject,
    pub qualname: *mut PyObject,
    pub weakreflist: *mut PyObject,
    pub running: bool,
    pub started: bool,
    /// `gi_code`: kept after the frame is gone (the size and repr use it).
    pub code: *mut PyObject,
}

pub enum SendResult {
    Yielded(Obj),
    Returned(Obj),
}

pub fn new_generator(frame: Box<Frame>, func: &Obj) -> PyResult<Obj> {
    let code = frame.code.clone();
    // The object is given CPython's size for this code (see `sizeof`).
    let size = cpython_size(&code).max(std::mem::size_of::<GenObject>());
    // SAFETY: the runtime's generator type is live.
    let p = unsafe { alloc_object(rt().types.generator, size) }?;
    // SAFETY: fresh generator; it owns the boxed frame until it finishes or dies.
    unsafe {
        let g = &mut *(p as *mut GenObject);
        g.frame = Box::into_raw(frame);
        g.code = code.into_raw();
        g.name = super::function::name(func).into_raw();
        g.qualname = super::function::qualname(func).into_raw();
        crate::gc::track(p);
        Ok(owned(p))
    }
}

#[inline]
// Sound: the runtime is single-threaded and callers never keep two such borrows alive at once.
#[allow(clippy::mut_from_ref)]
fn raw(o: &Obj) -> &mut GenObject {
    // SAFETY: callers pass generators.
    unsafe { o.cast_mut::<GenObject>() }
}

fn finish(g: &mut GenObject) {
    let f = std::mem::replace(&mut g.frame, std::ptr::null_mut());
    if !f.is_null() {
        // SAFETY: the frame was boxed by new_generator and is no longer running.
        drop(unsafe { Box::from_raw(f) });
    }
}

/// Resumes the generator with `value` (or raises `exc` inside it).
pub fn resume(gen: &Obj, value: Obj, exc: Option<PyErr>) -> PyResult<SendResult> {
    let g = raw(gen);
    if g.running {
        return Err(exceptions::value_error("generator already executing"));
    }
    if g.frame.is_null() {
        if let Some(e) = exc {
            return Err(e);
        }
        return Err(exceptions::stop_iteration(None));
    }
    if !g.started && exc.is_none() && !rt().is_none(&value) {
        return Err(exceptions::type_error(
            "can't send non-None value to a just-started generator",
        ));
    }
    // SAFETY: the frame is live while the generator holds it.
    let frame = unsafe { &mut *g.frame };
    if g.started && exc.is_none() {
        frame.stack.push(Some(value));
    }
    g.started = true;
    g.running = true;
    crate::vm::recursion::enter("")?;
    let r = run_frame(frame, exc);
    crate::vm::recursion::leave();
    let g = raw(gen);
    g.running = false;
    match r {
        Ok(FrameExit::Yield(v)) => Ok(SendResult::Yielded(v)),
        Ok(FrameExit::Return(v)) => {
            finish(g);
            Ok(SendResult::Returned(v))
        }
        Err(e) => {
            finish(g);
            if exceptions::matches(&e.0, rt().exc.stop_iteration) {
                let err = exceptions::runtime_error("generator raised StopIteration");
                exceptions::set_cause(&err.0, Some(e.0));
                return Err(err);
            }
            Err(e)
        }
    }
}

/// `tp_iternext`: `Ok(None)` once the generator returns. The return value is dropped, as
/// every `tp_iternext` consumer (a `for` loop, `list()`, ...) would discard the
/// `StopIteration` carrying it; [`next_with_value`] keeps it for `next()`.
pub fn gen_next(gen: &Obj) -> PyResult<Option<Obj>> {
    if raw(gen).frame.is_null() {
        return Ok(None);
    }
    match resume(gen, rt().none(), None)? {
        SendResult::Yielded(v) => Ok(Some(v)),
        SendResult::Returned(_) => Ok(None),
    }
}

/// `next(gen)`: the next value, or `StopIteration` carrying the return value.
pub fn next_with_value(gen: &Obj) -> PyResult<Obj> {
    if raw(gen).frame.is_null() {
        return Err(exceptions::stop_iteration(None));
    }
    match resume(gen, rt().none(), None)? {
        SendResult::Yielded(v) => Ok(v),
        SendResult::Returned(v) => Err(exceptions::stop_iteration(if rt().is_none(&v) {
            None
        } else {
            Some(v)
        })),
    }
}

/// `yield from` delegation: send into a generator or advance another iterator.
pub fn send_to(sub: &Obj, value: Obj) -> PyResult<SendResult> {
    if crate::ops::kind(sub) == crate::typeobj::Kind::Generator {
        return resume(sub, value, None);
    }
    let r = if rt().is_none(&value) {
        crate::ops::next(sub)
    } else {
        crate::ops::call_method(sub, "send", &[value]).map(Some)
    };
    match r {
        Ok(Some(v)) => Ok(SendResult::Yielded(v)),
        Ok(None) => Ok(SendResult::Returned(rt().none())),
        Err(e) if exceptions::matches(&e.0, rt().exc.stop_iteration) => {
            Ok(SendResult::Returned(exceptions::stop_iteration_value(&e.0)))
        }
        Err(e) => Err(e),
    }
}

fn gen_send(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let v = args.first().cloned().unwrap_or_else(|| rt().none());
    match resume(self_, v, None)? {
        SendResult::Yielded(v) => Ok(v),
        SendResult::Returned(v) => Err(exceptions::stop_iteration(if rt().is_none(&v) {
            None
        } else {
            Some(v)
        })),
    }
}

fn gen_throw(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let Some(t) = args.first() else {
        return Err(exceptions::type_error(
            "throw expected at least 1 argument, got 0",
        ));
    };
    let exc = if crate::ops::kind(t) == crate::typeobj::Kind::Type {
        let a: Vec<Obj> = args.get(1).cloned().into_iter().collect();
        crate::ops::call(t, &a, None)?
    } else {
        t.clone()
    };
    if !super::is_instance(&exc, rt().exc.base_exception) {
        return Err(exceptions::type_error(
            "exceptions must be classes or instances deriving from BaseException, not str",
        ));
    }
    match resume(self_, rt().none(), Some(PyErr(exc)))? {
        SendResult::Yielded(v) => Ok(v),
        SendResult::Returned(v) => Err(exceptions::stop_iteration(if rt().is_none(&v) {
            None
        } else {
            Some(v)
        })),
    }
}

/// `generator.close()`: raise GeneratorExit inside; a yield in response is an error.
pub fn gen_close(self_: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let g = raw(self_);
    if g.frame.is_null() {
        return Ok(rt().none());
    }
    if !g.started {
        finish(g);
        return Ok(rt().none());
    }
    // SAFETY: the runtime's GeneratorExit type is live and an exception type.
    let exc = unsafe { exceptions::new_exception(rt().exc.generator_exit, vec![]) }?;
    match resume(self_, rt().none(), Some(PyErr(exc))) {
        Ok(SendResult::Yielded(_)) => {
            Err(exceptions::runtime_error("generator ignored GeneratorExit"))
        }
        Ok(SendResult::Returned(_)) => Ok(rt().none()),
        Err(e)
            if exceptions::matches(&e.0, rt().exc.generator_exit)
                || exceptions::matches(&e.0, rt().exc.stop_iteration) =>
        {
            Ok(rt().none())
        }
        Err(e) => Err(e),
    }
}

pub static METHODS: &[super::descr::MethodDef] = &[
    super::descr::MethodDef::new("send", gen_send),
    super::descr::MethodDef::new("throw", gen_throw),
    super::descr::MethodDef::new("close", gen_close),
];

/// `__name__`, `__qualname__`, `gi_code` and `gi_running`.
pub fn getattro(o: &Obj, name: &Obj) -> PyResult<Obj> {
    let g = raw(o);
    let field = |p: *mut PyObject| {
        if p.is_null() {
            rt().none()
        } else {
            // SAFETY: the generator's fields are live while it is.
            unsafe { Obj::from_borrowed(p) }
        }
    };
    match &*super::str::as_str(name) {
        "__name__" => Ok(field(g.name)),
        "__qualname__" => Ok(field(g.qualname)),
        "gi_code" => Ok(field(g.code)),
        "gi_running" => Ok(rt().bool_obj(g.running)),
        _ => super::typeobject::generic_getattr(o, name),
    }
}

/// CPython 3.11's `gen_sizeof`: the generator object with its embedded interpreter frame
/// (152 bytes of fixed fields) plus one slot per local, cell, free variable and value-stack
/// entry of its code (`co_nlocalsplus + co_stacksize`).
pub fn sizeof(o: &Obj) -> usize {
    let g = raw(o);
    if g.code.is_null() {
        return GEN_FIXED_SIZE;
    }
    // SAFETY: gi_code is a live code object owned by the generator.
    cpython_size(&std::mem::ManuallyDrop::new(unsafe {
        Obj::from_owned(g.code)
    }))
}

const GEN_FIXED_SIZE: usize = 152;

fn cpython_size(code: &Obj) -> usize {
    let d = super::code::data(code);
    GEN_FIXED_SIZE + 8 * (d.nlocals() + d.ncells() + d.nfrees() + d.stacksize as usize)
}

pub fn repr(o: &Obj) -> PyResult<Obj> {
    // SAFETY: qualname is a live str.
    let q = unsafe { super::str::raw_as_str(raw(o).qualname) };
    super::str::new_str(&format!("<generator object {} at {:#x}>", q, o.id()))
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: dead generator we own. A suspended generator is closed first (PEP 342),
    // which may run `finally` blocks.
    unsafe {
        crate::gc::untrack(p);
        super::weakref::clear_weakrefs(p);
        let g = &mut *(p as *mut GenObject);
        if !g.frame.is_null() && g.started && !(*g.frame).blocks.is_empty() {
            (*p).ob_refcnt = 1;
            let o = Obj::from_owned(p);
            if let Err(e) = gen_close(&o, &[], None) {
                crate::vm::traceback::write_unraisable("Exception ignored in generator", &e.0);
            }
            let p2 = o.into_raw();
            (*p2).ob_refcnt -= 1;
            if (*p2).ob_refcnt > 0 {
                return;
            }
        }
        let g = &mut *(p as *mut GenObject);
        finish(g);
        xdecref(std::mem::replace(&mut g.name, std::ptr::null_mut()));
        xdecref(std::mem::replace(&mut g.qualname, std::ptr::null_mut()));
        xdecref(std::mem::replace(&mut g.code, std::ptr::null_mut()));
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a generator.
pub unsafe fn traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live fields; the suspended frame's references belong to the generator.
    // In CPython's order (`gen_traverse`, `_PyFrame_Traverse`): the generator's code and
    // names, then the frame's object, locals dict, function and code, then its locals and
    // value stack. The frame also holds its globals (CPython's borrows them from the
    // function), visited after its code so that a module's cycles through a suspended
    // generator are found.
    unsafe {
        let g = &*(p as *mut GenObject);
        for x in [g.code, g.name, g.qualname] {
            if !x.is_null() {
                visit(x);
            }
        }
        if g.frame.is_null() {
            return;
        }
        let f = &*g.frame;
        for o in [&f.frame_obj, &f.locals, &f.func].into_iter().flatten() {
            visit(o.as_ptr());
        }
        visit(f.code.as_ptr());
        visit(f.globals.as_ptr());
        for o in f.fast.iter().chain(f.stack.iter()).flatten() {
            visit(o.as_ptr());
        }
    }
}

/// `tp_finalize` of generators: a suspended generator is closed (its `finally` blocks
/// run) before the collector breaks its references; a generator never started just
/// drops its frame, releasing the arguments it holds (as CPython's `gen_close`), which
/// may break a cycle before the collector clears anything.
pub fn finalize(gen: &Obj) {
    let g = raw(gen);
    if g.frame.is_null() {
        return;
    }
    if let Err(e) = gen_close(gen, &[], None) {
        crate::vm::traceback::write_unraisable("Exception ignored in generator", &e.0);
    }
}
