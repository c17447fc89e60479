//! The interpreter: frames, calls and the eval loop.
//!
//! A Python-to-Python call moves its arguments from the caller's value stack into the
//! callee's locals (the caller keeps no reference, as in 3.11) and the callable into the
//! frame; the eval loop then runs the callee's frame itself (see [`eval::run_frame`]) and
//! releases the frame's references when it returns. Calls from built-ins run a Python
//! function's frame in a nested [`eval::run_frame`]. Calls into built-ins borrow the
//! arguments where they lie on the value stack.

pub mod eval;
pub mod finalize;
pub mod frame;
pub mod opcode;
pub mod recursion;
pub mod traceback;

use crate::object::Obj;
use crate::objects::code::{self, CO_GENERATOR, CO_VARARGS, CO_VARKEYWORDS};
use crate::objects::exceptions::type_error;
use crate::objects::{cell, dict, function, str as pystr, tuple};
use crate::runtime::{rt, PyResult};
use frame::Frame;
use std::cell::Cell;

thread_local! {
    /// The innermost executing frame; each frame links to the one below it (`back`).
    static CURRENT: Cell<*mut Frame> = const { Cell::new(std::ptr::null_mut()) };
}

/// Registers `frame`, called from the innermost executing frame, as the new innermost.
pub(crate) fn push_current(frame: &mut Frame) {
    let p: *mut Frame = frame;
    frame.back = CURRENT.with(|c| c.replace(p));
}

/// Unregisters `frame`, the innermost executing frame: its caller is innermost again.
pub(crate) fn pop_current(frame: &Frame) {
    CURRENT.with(|c| c.set(frame.back));
}

/// Runs `f` with `frame` registered as the innermost executing frame.
pub(crate) fn with_frame<T>(frame: &mut Frame, f: impl FnOnce(&mut Frame) -> T) -> T {
    push_current(frame);
    let r = f(frame);
    pop_current(frame);
    r
}

/// Calls `f` with the innermost executing frame, if any.
pub fn current_frame<T>(f: impl FnOnce(Option<&mut Frame>) -> T) -> T {
    frame_at(0, f)
}

/// The frame `depth` levels up from the innermost (0 = innermost).
pub fn frame_at<T>(depth: usize, f: impl FnOnce(Option<&mut Frame>) -> T) -> T {
    let mut p = CURRENT.with(|c| c.get());
    for _ in 0..depth {
        if p.is_null() {
            break;
        }
        // SAFETY: registered frames are live while they are linked from CURRENT (each is
        // unlinked before its `with_frame` call returns).
        p = unsafe { (*p).back };
    }
    if p.is_null() {
        f(None)
    } else {
        // SAFETY: as above; the eval loop holds no borrow of the frame while calling out.
        f(Some(unsafe { &mut *p }))
    }
}

pub fn frame_count() -> usize {
    let mut n = 0;
    let mut p = CURRENT.with(|c| c.get());
    while !p.is_null() {
        n += 1;
        // SAFETY: as in frame_at.
        p = unsafe { (*p).back };
    }
    n
}

/// `__name__` of the innermost running module-level code, for `__module__` of classes.
pub fn current_module_name() -> Option<Obj> {
    current_frame(|f| {
        let f = f?;
        dict::get_item_str(&f.globals, "__name__").ok().flatten()
    })
}

/// The globals of the innermost frame.
pub fn current_globals() -> Option<Obj> {
    current_frame(|f| f.map(|f| f.globals.clone()))
}

/// Runs a module-level code object with the given globals (and locals, for class bodies
/// or `exec`).
pub fn run_code(code: &Obj, globals: &Obj, locals: Option<Obj>) -> PyResult<Obj> {
    let builtins = builtins_for(globals)?;
    let locals = locals.or_else(|| Some(globals.clone()));
    let mut frame = Frame::new(code.clone(), globals.clone(), builtins, locals);
    recursion::enter("")?;
    let r = eval::run_frame(&mut frame, None);
    recursion::leave();
    match r? {
        eval::FrameExit::Return(v) => Ok(v),
        eval::FrameExit::Yield(_) => Err(crate::objects::exceptions::runtime_error(
            "yield outside function",
        )),
    }
}

fn builtins_for(globals: &Obj) -> PyResult<Obj> {
    if let Some(b) = dict::get_item_str(globals, "__builtins__")? {
        if crate::ops::kind(&b) == crate::typeobj::Kind::Module {
            return Ok(crate::objects::module::dict(&b));
        }
        if crate::ops::kind(&b) == crate::typeobj::Kind::Dict {
            return Ok(b);
        }
    }
    rt().state
        .borrow()
        .builtins
        .clone()
        .ok_or_else(|| crate::objects::exceptions::runtime_error("no builtins"))
}

/// `tp_call` of functions: borrowed arguments are copied into the new frame.
pub fn function_call(func: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    call_function_with_self(func, None, args, kwnames)
}

/// Calls Python function `func` with `self_` (when given) before the borrowed `args`, as a
/// method call does. Exact positional calls copy the arguments straight into the frame.
pub fn call_function_with_self(
    func: &Obj,
    self_: Option<&Obj>,
    args: &[Obj],
    kwnames: Option<&Obj>,
) -> PyResult<Obj> {
    let code = function::code(func);
    let nargs = args.len() + self_.is_some() as usize;
    if kwnames.is_some() || !code::data(&code).takes_exactly(nargs) {
        let mut v = Vec::with_capacity(nargs);
        v.extend(self_.cloned());
        v.extend_from_slice(args);
        return call_function(func, v, kwnames);
    }
    let has_cells = code::data(&code).has_cells();
    let mut frame = Frame::new_boxed(code, function::globals(func), function::builtins(func));
    for (slot, a) in frame.fast.iter_mut().zip(self_.into_iter().chain(args)) {
        *slot = Some(a.clone());
    }
    if has_cells {
        let code = frame.code.clone();
        init_cells(func, code::data(&code), &mut frame)?;
    }
    run_function_frame(func, frame)
}

/// Whether `o` is a plain Python function (what [`call_function_with_self`] takes).
#[inline]
pub fn is_python_function(o: &Obj) -> bool {
    crate::ops::kind(o) == crate::typeobj::Kind::Function && !o.typ().is_heap()
}

/// Calls a Python function, moving `args` (positional then keyword values) into its frame.
pub fn call_function(func: &Obj, args: Vec<Obj>, kwnames: Option<&Obj>) -> PyResult<Obj> {
    let frame = frame_for_args(func, args, kwnames)?;
    run_function_frame(func, frame)
}

/// The frame of a call of Python function `func` with owned arguments (positional then
/// keyword values), bound to its parameters and with its cells made.
pub(crate) fn frame_for_args(
    func: &Obj,
    args: Vec<Obj>,
    kwnames: Option<&Obj>,
) -> PyResult<Box<Frame>> {
    let code = function::code(func);
    let cd = code::data(&code);
    let mut frame = Frame::new_boxed(
        code.clone(),
        function::globals(func),
        function::builtins(func),
    );
    bind_arguments(func, cd, &mut frame, args, kwnames)?;
    init_cells(func, cd, &mut frame)?;
    Ok(frame)
}

/// The frame of the common call: `nargs` positional arguments taken from the top of
/// `stack` straight into the callee's locals (no intermediate vector). Other shapes go
/// through [`frame_for_args`]. `code` is the function's code.
pub(crate) fn frame_from_stack(
    func: &Obj,
    code: Obj,
    stack: &mut Vec<Option<Obj>>,
    nargs: usize,
) -> PyResult<Box<Frame>> {
    let start = stack.len() - nargs;
    if !code::data(&code).takes_exactly(nargs) {
        let args: Vec<Obj> = stack.drain(start..).flatten().collect();
        return frame_for_args(func, args, None);
    }
    let has_cells = code::data(&code).has_cells();
    let mut frame = Frame::new_boxed(code, function::globals(func), function::builtins(func));
    for (slot, a) in frame.fast.iter_mut().zip(stack[start..].iter_mut()) {
        *slot = a.take();
    }
    stack.truncate(start);
    if has_cells {
        let code = frame.code.clone();
        init_cells(func, code::data(&code), &mut frame)?;
    }
    Ok(frame)
}

/// Whether code runs its frame when its function is called (not a generator function,
/// whose call only builds the generator).
#[inline]
pub(crate) fn runs_on_call(code: &Obj) -> bool {
    code::data(code).flags & CO_GENERATOR == 0
}

/// Calls a Python function with `nargs` positional arguments moved from `stack`.
pub fn call_function_from_stack(
    func: &Obj,
    stack: &mut Vec<Option<Obj>>,
    nargs: usize,
) -> PyResult<Obj> {
    let frame = frame_from_stack(func, function::code(func), stack, nargs)?;
    run_function_frame(func, frame)
}

fn run_function_frame(func: &Obj, mut frame: Box<Frame>) -> PyResult<Obj> {
    if !runs_on_call(&frame.code) {
        // A generator's frame holds its function (3.11's `f_func`) for as long as it lives.
        frame.func = Some(func.clone());
        return crate::objects::generator::new_generator(frame, func);
    }
    recursion::enter("")?;
    let r = eval::run_frame(&mut frame, None);
    recursion::leave();
    // The frame's references go as soon as it returns (before the caller continues).
    Frame::recycle(frame);
    match r? {
        eval::FrameExit::Return(v) => Ok(v),
        eval::FrameExit::Yield(_) => Err(crate::objects::exceptions::runtime_error(
            "unexpected yield",
        )),
    }
}

fn init_cells(func: &Obj, cd: &code::CodeData, frame: &mut Frame) -> PyResult<()> {
    let nlocals = cd.nlocals();
    for (i, from_arg) in cd.cell2arg.iter().enumerate() {
        let init = match from_arg {
            Some(a) => frame.fast[*a as usize].take(),
            None => None,
        };
        frame.fast[nlocals + i] = Some(cell::new_cell(init)?);
    }
    let ncells = cd.ncells();
    if let Some(cl) = function::closure(func) {
        for (i, c) in tuple::items(&cl).iter().enumerate() {
            frame.fast[nlocals + ncells + i] = Some(c.clone());
        }
    }
    Ok(())
}

fn qualname_of(func: &Obj) -> String {
    pystr::as_str(&function::qualname(func)).into_owned()
}

/// Binds call arguments to parameters with CPython's rules and error messages.
fn bind_arguments(
    func: &Obj,
    cd: &code::CodeData,
    frame: &mut Frame,
    args: Vec<Obj>,
    kwnames: Option<&Obj>,
) -> PyResult<()> {
    let nkw = kwnames.map(tuple::len).unwrap_or(0);
    let npos = args.len() - nkw;
    let argcount = cd.argcount as usize;
    let kwonly = cd.kwonlyargcount as usize;
    let has_varargs = cd.flags & CO_VARARGS != 0;
    let has_varkw = cd.flags & CO_VARKEYWORDS != 0;
    let varnames = tuple::items(&cd.varnames);
    let total = argcount + kwonly;
    let mut args = args.into_iter();
    // Fast path: exact positional call with no defaults involved.
    if nkw == 0 && cd.takes_exactly(npos) {
        for (i, a) in args.enumerate() {
            frame.fast[i] = Some(a);
        }
        return Ok(());
    }
    let mut positional: Vec<Obj> = Vec::with_capacity(npos);
    for _ in 0..npos {
        if let Some(a) = args.next() {
            positional.push(a);
        }
    }
    let kwvalues: Vec<Obj> = args.collect();
    let mut extra_pos = Vec::new();
    for (i, a) in positional.into_iter().enumerate() {
        if i < argcount {
            frame.fast[i] = Some(a);
        } else {
            extra_pos.push(a);
        }
    }
    let varargs_index = total;
    let varkw_index = total + has_varargs as usize;
    if has_varargs {
        frame.fast[varargs_index] = Some(tuple::new_tuple(std::mem::take(&mut extra_pos))?);
    } else if !extra_pos.is_empty() {
        let given = npos;
        let defaults = function::defaults(func)
            .map(|d| tuple::len(&d))
            .unwrap_or(0);
        let required = argcount - defaults.min(argcount);
        let takes = if defaults > 0 {
            format!("from {} to {} positional arguments", required, argcount)
        } else {
            format!(
                "{} positional argument{}",
                argcount,
                if argcount == 1 { "" } else { "s" }
            )
        };
        let kw_given = (0..nkw).count();
        let _ = kw_given;
        return Err(type_error(&format!(
            "{}() takes {} but {} {} given",
            qualname_of(func),
            takes,
            given,
            if given == 1 { "was" } else { "were" }
        )));
    }
    let kwdict = if has_varkw {
        Some(dict::new_dict()?)
    } else {
        None
    };
    if let Some(names) = kwnames {
        for (name, value) in tuple::items(names).iter().zip(kwvalues) {
            let n = pystr::as_str(name);
            let posonly = cd.posonlyargcount as usize;
            let slot = varnames[..total]
                .iter()
                .position(|v| pystr::eq(v, name) || *pystr::as_str(v) == *n);
            match slot {
                Some(i) if i >= posonly => {
                    if frame.fast[i].is_some() {
                        return Err(type_error(&format!(
                            "{}() got multiple values for argument '{}'",
                            qualname_of(func),
                            n
                        )));
                    }
                    frame.fast[i] = Some(value);
                }
                _ => match &kwdict {
                    Some(d) => {
                        dict::set_item(d, name, &value)?;
                    }
                    None => {
                        if let Some(i) = slot {
                            let _ = i;
                            return Err(type_error(&format!(
                                "{}() got some positional-only arguments passed as keyword arguments: '{}'",
                                qualname_of(func),
                                n
                            )));
                        }
                        return Err(type_error(&format!(
                            "{}() got an unexpected keyword argument '{}'",
                            qualname_of(func),
                            n
                        )));
                    }
                },
            }
        }
    }
    if let Some(d) = kwdict {
        frame.fast[varkw_index] = Some(d);
    }
    // Defaults for missing positional parameters.
    if let Some(defs) = function::defaults(func) {
        let defs = tuple::items(&defs);
        let first = argcount - defs.len().min(argcount);
        for i in first..argcount {
            if frame.fast[i].is_none() {
                frame.fast[i] = Some(defs[i - first].clone());
            }
        }
    }
    let missing: Vec<String> = (0..argcount)
        .filter(|&i| frame.fast[i].is_none())
        .map(|i| format!("'{}'", pystr::as_str(&varnames[i])))
        .collect();
    if !missing.is_empty() {
        return Err(type_error(&format!(
            "{}() missing {} required positional argument{}: {}",
            qualname_of(func),
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            join_names(&missing)
        )));
    }
    if kwonly > 0 {
        let kwdefs = function::kwdefaults(func);
        for (i, name) in varnames.iter().enumerate().take(total).skip(argcount) {
            if frame.fast[i].is_none() {
                if let Some(d) = &kwdefs {
                    if let Some(v) = dict::get_item(d, name)? {
                        frame.fast[i] = Some(v);
                    }
                }
            }
        }
        let missing: Vec<String> = (argcount..total)
            .filter(|&i| frame.fast[i].is_none())
            .map(|i| format!("'{}'", pystr::as_str(&varnames[i])))
            .collect();
        if !missing.is_empty() {
            return Err(type_error(&format!(
                "{}() missing {} required keyword-only argument{}: {}",
                qualname_of(func),
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                join_names(&missing)
            )));
        }
    }
    Ok(())
}

fn join_names(names: &[String]) -> String {
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        2 => format!("{} and {}", names[0], names[1]),
        n => format!("{}, and {}", names[..n - 1].join(", "), names[n - 1]),
    }
}
