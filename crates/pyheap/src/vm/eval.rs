//! The eval loop: executes a frame's instructions until it returns or yields.
//!
//! The value stack holds strong references exactly where CPython's does: operands stay on
//! the stack while an operation runs and are released right after it, arguments of calls
//! into built-ins are borrowed from the stack, and arguments of Python calls are moved
//! into the callee's frame.
//!
//! Errors unwind through the frame's block stack: a `try` block cuts the value stack back
//! to its level, pushes the exception and jumps to its handler; with no block left the
//! error leaves the frame, after a traceback entry for this frame has been added.

use super::frame::{Block, Frame};
use super::opcode::Instr;
use crate::object::Obj;
use crate::objects::code::{AttrCacheEntry, AttrCacheKind, AttrCacheWays};
use crate::objects::exceptions::{self, type_error};
use crate::objects::typeobject::attribute_generation;
use crate::objects::{
    cell, code, dict, function, instance_values, int, is_instance, list, str as pystr, tuple,
};
use crate::ops::{self, BinOp};
use crate::runtime::{rt, PyErr, PyResult};
use crate::typeobj::{CompareOp, Kind, TypeObject};

pub enum FrameExit {
    Return(Obj),
    Yield(Obj),
}

fn system_error(msg: &str) -> PyErr {
    exceptions::new_err(rt().exc.runtime_error, msg)
}

#[inline]
fn pop(stack: &mut Vec<Option<Obj>>) -> PyResult<Obj> {
    match stack.pop() {
        Some(Some(o)) => Ok(o),
        _ => Err(system_error("internal error: value stack underflow")),
    }
}

#[inline]
fn top(stack: &[Option<Obj>]) -> PyResult<&Obj> {
    match stack.last() {
        Some(Some(o)) => Ok(o),
        _ => Err(system_error("internal error: value stack underflow")),
    }
}

#[inline]
fn peek(stack: &[Option<Obj>], n: usize) -> PyResult<&Obj> {
    match stack.len().checked_sub(n).and_then(|i| stack.get(i)) {
        Some(Some(o)) => Ok(o),
        _ => Err(system_error("internal error: value stack underflow")),
    }
}

fn drain(stack: &mut Vec<Option<Obj>>, n: usize) -> PyResult<Vec<Obj>> {
    if stack.len() < n {
        return Err(system_error("internal error: value stack underflow"));
    }
    let start = stack.len() - n;
    stack
        .drain(start..)
        .map(|o| o.ok_or_else(|| system_error("internal error: NULL operand")))
        .collect()
}

/// Runs `frame` until it returns or yields. `pending` raises an exception at the current
/// position first (generator `throw`).
///
/// Python functions called from it run in this same loop, as in 3.11: the callee's frame
/// goes on `calls`, and when it returns its value is pushed on its caller's value stack;
/// an exception it does not handle continues in its caller. Such calls use no native
/// stack, so only `sys.getrecursionlimit()` bounds their depth.
pub fn run_frame(frame: &mut Frame, pending: Option<PyErr>) -> PyResult<FrameExit> {
    super::with_frame(frame, |frame| run_frame_inner(frame, pending))
}

/// The frames of the Python functions called inside one `run_frame`: the innermost one,
/// linked through `Frame::back` to its caller and so on down to the entry frame. Each
/// callee frame is a box, owned by the chain while it runs, so it keeps its address:
/// running frames are linked by pointer (`Frame::back` and the innermost-frame pointer).
/// A call and a return are a few pointer moves, as in 3.11's frame linking.
struct CallChain {
    entry: *mut Frame,
    innermost: *mut Frame,
}

impl CallChain {
    fn new(entry: *mut Frame) -> CallChain {
        CallChain {
            entry,
            innermost: entry,
        }
    }

    /// Whether only the entry frame is running.
    #[inline(always)]
    fn is_empty(&self) -> bool {
        self.innermost == self.entry
    }

    /// Makes `callee`, called from the innermost frame, the innermost frame.
    #[inline(always)]
    fn push(&mut self, callee: Box<Frame>) {
        let p = Box::into_raw(callee);
        // SAFETY: `p` is the frame just leaked from its box, owned by the chain from now
        // until `pop` rebuilds the box; registering it links it to the innermost frame.
        unsafe { super::push_current(&mut *p) };
        debug_assert!(unsafe { (*p).back } == self.innermost);
        self.innermost = p;
    }

    /// Unlinks the innermost callee frame and hands it back; `None` when only the entry
    /// frame is left.
    #[inline(always)]
    fn pop(&mut self) -> Option<Box<Frame>> {
        if self.is_empty() {
            return None;
        }
        let p = self.innermost;
        // SAFETY: a frame above the entry came from `push`, which leaked it from its box;
        // it is unlinked here and its box rebuilt once.
        unsafe {
            super::pop_current(&*p);
            self.innermost = (*p).back;
            Some(Box::from_raw(p))
        }
    }
}

impl Drop for CallChain {
    fn drop(&mut self) {
        // Only when unwinding from a panic: the callee frames are released.
        while let Some(done) = self.pop() {
            finish_call(done);
        }
    }
}

/// Runs [`execute`] and unwinds the exceptions it raises through the frames' `try`
/// blocks and, when a callee has none left, into its caller.
fn run_frame_inner(entry: &mut Frame, mut pending: Option<PyErr>) -> PyResult<FrameExit> {
    let mut calls = CallChain::new(entry);
    loop {
        let result = match pending.take() {
            Some(e) => Err((e, false)),
            None => execute(&mut calls),
        };
        let (err, reraise) = match result {
            Ok(exit) => return Ok(exit),
            Err(e) => e,
        };
        // SAFETY: the innermost frame is the entry frame (live for this whole call) or a
        // callee owned by `calls`; no other reference to it is in use here.
        let frame = unsafe { &mut *calls.innermost };
        if !reraise {
            record_error(frame, &err);
        }
        match frame.blocks.pop() {
            Some(Block { handler, level }) => {
                frame.stack.truncate(level as usize);
                frame.stack.push(Some(err.0));
                frame.pc = handler as usize;
            }
            None => {
                frame.stack.clear();
                match calls.pop() {
                    None => return Err(err),
                    Some(done) => {
                        // The exception continues in the caller, at its call.
                        finish_call(done);
                        pending = Some(err);
                    }
                }
            }
        }
    }
}

/// Releases a finished callee frame's references (before its caller goes on).
fn finish_call(done: Box<Frame>) {
    super::recursion::leave();
    Frame::recycle(done);
}

/// Adds this frame to the exception's traceback and chains the exception being handled.
fn record_error(frame: &mut Frame, err: &PyErr) {
    let e = &err.0;
    let handled = rt().state.borrow().handled_exc.clone();
    if let Some(h) = handled {
        if !h.is(e) && exceptions::context(e).is_none() {
            // Avoid creating a context cycle (CPython walks the chain the same way).
            let mut c = Some(h.clone());
            let mut cyclic = false;
            while let Some(x) = c {
                if x.is(e) {
                    cyclic = true;
                    break;
                }
                c = exceptions::context(&x);
            }
            if !cyclic {
                exceptions::set_context(e, Some(h));
            }
        }
    }
    let fo = match &frame.frame_obj {
        Some(f) => f.clone(),
        None => match crate::objects::frameobject::new_frame_object(
            &frame.code,
            &frame.globals,
            frame.lasti,
        ) {
            Ok(f) => {
                frame.frame_obj = Some(f.clone());
                f
            }
            Err(_) => return,
        },
    };
    let lineno = frame.lineno();
    if let Ok(tb) = crate::objects::frameobject::new_traceback(
        exceptions::traceback(e),
        &fo,
        frame.lasti,
        lineno,
    ) {
        exceptions::set_traceback(e, Some(tb));
    }
}

type ExecResult = Result<FrameExit, (PyErr, bool)>;

macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(err) => return Err((err, false)),
        }
    };
}

// Operands the eval loop uses without a bounds check. `code::new_code` refuses code that
// fails `opcode::validate`, so every instruction index the loop reaches, and every local
// and constant operand, is in range: execution cannot pass the last instruction (it ends
// the flow), jumps and `try` handlers land inside the code, and a frame about to run is
// checked to have the `nfast` slots its code was validated against (at the top of
// `execute`'s frame loop; nothing resizes them while the frame runs).

/// The instruction at `pc`, which is inside the code (see above).
#[inline(always)]
fn instr_at(instrs: &[Instr], pc: usize) -> Instr {
    debug_assert!(pc < instrs.len());
    // SAFETY: `pc` is in range for validated code (see above).
    unsafe { *instrs.get_unchecked(pc) }
}

/// The local `a` when the instructions at `pc` are `LoadFast(a)` then `Call(1)`: a call
/// with one local argument. The second is read only once the first is known not to end
/// the flow, so it is inside the code (see above).
#[inline(always)]
fn one_local_arg_call(instrs: &[Instr], pc: usize) -> Option<u32> {
    let Instr::LoadFast(a) = instr_at(instrs, pc) else {
        return None;
    };
    matches!(instr_at(instrs, pc + 1), Instr::Call(1)).then_some(a)
}

/// Constant `i` of validated code.
#[inline(always)]
fn const_at(consts: &[Obj], i: usize) -> &Obj {
    debug_assert!(i < consts.len());
    // SAFETY: constant operands are checked against the code's constants (see above).
    unsafe { consts.get_unchecked(i) }
}

/// Local slot `i` of a frame running validated code.
#[inline(always)]
fn local(fast: &[Option<Obj>], i: usize) -> &Option<Obj> {
    debug_assert!(i < fast.len());
    // SAFETY: local operands are below `nfast`, the frame's slot count (see above).
    unsafe { fast.get_unchecked(i) }
}

/// Local slot `i` of a frame running validated code, to store into.
#[inline(always)]
fn local_mut(fast: &mut [Option<Obj>], i: usize) -> &mut Option<Obj> {
    debug_assert!(i < fast.len());
    // SAFETY: as for `local`.
    unsafe { fast.get_unchecked_mut(i) }
}

fn name_at(cd: &code::CodeData, i: u32) -> &Obj {
    &tuple::items(&cd.names)[i as usize]
}

/// Executes the innermost frame (the last of `calls`, or `entry`) and the frames of the
/// Python functions it calls, switching between them at calls and returns, until the
/// entry frame returns or yields or an exception leaves the frame raising it.
fn execute(calls: &mut CallChain) -> ExecResult {
    let r = rt();
    // A call of a Python function: the caller resumes after it later; run the callee now.
    macro_rules! enter_callee {
        ($frames:lifetime, $frame:ident, $pc:ident, $callee:expr) => {{
            $frame.pc = $pc;
            calls.push($callee);
            continue $frames;
        }};
    }
    // Leaves the innermost frame with `v`: a callee returns into its caller, which goes on
    // after its call; the entry frame returns from `execute`.
    macro_rules! return_value {
        ($frames:lifetime, $v:expr) => {{
            let v = $v;
            // SAFETY: as at the top of the loop; the finished frame is not used again.
            let frame = unsafe { &mut *calls.innermost };
            while let Some(rest) = frame.stack.pop() {
                drop(rest);
            }
            let Some(done) = calls.pop() else {
                return Ok(FrameExit::Return(v));
            };
            finish_call(done);
            // SAFETY: as at the top of the loop; the finished frame is not used again.
            unsafe { (*calls.innermost).stack.push(Some(v)) };
            continue $frames;
        }};
    }
    'frames: loop {
        // SAFETY: the innermost frame is the entry frame (live while `run_frame` runs) or a
        // callee owned by `calls`, which stays put until it is popped; this is the only
        // reference to it in use, and it is not used after a switch (`continue 'frames`).
        let frame = unsafe { &mut *calls.innermost };
        // SAFETY: the frame holds its code object for as long as it runs.
        let cd: &code::CodeData = unsafe { &*(code::data(&frame.code) as *const code::CodeData) };
        let instrs = &cd.instrs[..];
        let consts = tuple::items(&cd.consts);
        if frame.fast.len() != cd.nfast as usize {
            // What the unchecked operand accesses below rely on.
            return Err((system_error("internal error: frame slots"), false));
        }

        // The next instruction lives in a local; the frame records the current one (`lasti`)
        // for tracebacks, and `pc` only when the frame suspends.
        let mut pc = frame.pc;
        // The result of an operation, where the next instruction wants it: an assignment
        // to a local right after (`x = a + b`, `x += 1`) takes it without the round trip
        // through the value stack, as 3.11's `BINARY_OP` + `STORE_FAST` pairs do.
        macro_rules! push_result {
            ($v:expr) => {{
                let v = $v;
                if let Instr::StoreFast(i) = instr_at(instrs, pc) {
                    frame.lasti = pc;
                    pc += 1;
                    store_local(frame, i as usize, v);
                } else {
                    frame.stack.push(Some(v));
                }
            }};
        }
        // The result of a call, which an expression statement then discards (`xs.append(x)`).
        macro_rules! push_call_result {
            ($v:expr) => {{
                let v = $v;
                if let Instr::PopTop = instr_at(instrs, pc) {
                    frame.lasti = pc;
                    pc += 1;
                    drop(v);
                } else {
                    frame.stack.push(Some(v));
                }
            }};
        }
        loop {
            let instr = instr_at(instrs, pc);
            frame.lasti = pc;
            pc += 1;
            let stack = &mut frame.stack;
            match instr {
                Instr::Nop => {}
                Instr::PopTop => {
                    tri!(pop(stack));
                }
                Instr::PushNull => stack.push(None),
                Instr::Copy(n) => {
                    let v = tri!(peek(stack, n as usize)).clone();
                    stack.push(Some(v));
                }
                Instr::Swap(n) => {
                    let len = stack.len();
                    if (n as usize) > len {
                        return Err((system_error("internal error: bad swap"), false));
                    }
                    stack.swap(len - 1, len - n as usize);
                }
                Instr::LoadConst(i) => stack.push(Some(const_at(consts, i as usize).clone())),
                Instr::LoadFast(i) => match local(&frame.fast, i as usize) {
                    Some(v) => {
                        let v = v.clone();
                        frame.stack.push(Some(v));
                    }
                    None => {
                        let name =
                            pystr::as_str(&tuple::items(&cd.varnames)[i as usize]).into_owned();
                        return Err((unbound_local(&name), false));
                    }
                },
                Instr::StoreFast(i) => {
                    let v = tri!(pop(stack));
                    let old = local_mut(&mut frame.fast, i as usize).replace(v);
                    drop(old);
                }
                Instr::LoadName(i) => {
                    let name = name_at(cd, i);
                    let v = tri!(load_name(frame, name));
                    frame.stack.push(Some(v));
                }
                Instr::StoreName(i) => {
                    let name = name_at(cd, i);
                    let v = tri!(pop(stack));
                    let ns = frame.locals.as_ref().unwrap_or(&frame.globals);
                    tri!(store_in(ns, name, &v));
                }
                Instr::LoadGlobal(i) => {
                    let v = tri!(load_global(frame, cd, i));
                    frame.stack.push(Some(v));
                }
                Instr::PushNullLoadGlobal(i) => {
                    frame.lasti = pc;
                    pc += 1;
                    let v = tri!(load_global(frame, cd, i));
                    // `f(x)`: a global function called with one local, which the call
                    // binds to its only parameter, enters the callee at once, with
                    // nothing pushed.
                    if let Some(a) = one_local_arg_call(instrs, pc) {
                        if let Some(arg) = local(&frame.fast, a as usize) {
                            if let Some(callee) = exact_one_arg_frame(&v, arg, r.types.function) {
                                drop(v);
                                frame.lasti = pc + 1;
                                pc += 2;
                                enter_callee!('frames, frame, pc, callee);
                            }
                        }
                    }
                    frame.stack.push(None);
                    frame.stack.push(Some(v));
                }
                Instr::LoadFastLoadFast(a, b) => {
                    match (
                        local(&frame.fast, a as usize),
                        local(&frame.fast, b as usize),
                    ) {
                        (Some(x), Some(y)) => {
                            // `self.x = x` (the pair, then `StoreAttr`): with a cache hit the
                            // value is stored from the locals without being pushed.
                            if let Instr::StoreAttr(i) = instr_at(instrs, pc + 1) {
                                let ways = &cd.attr_cache[i as usize];
                                if let Some(c) = cached_attr(ways, y, AttrCacheKind::InstanceValue)
                                {
                                    // The owner keeps the reference the value stack would
                                    // give it while the replaced value is released.
                                    let owner = y.clone();
                                    let stored =
                                        tri!(instance_values::set_at(&owner, c.index as usize, x));
                                    drop(owner);
                                    if stored {
                                        frame.lasti = pc + 1;
                                        pc += 2;
                                        continue;
                                    }
                                }
                            }
                            let (x, y) = (x.clone(), y.clone());
                            frame.stack.push(Some(x));
                            frame.stack.push(Some(y));
                            pc += 1;
                        }
                        (Some(x), None) => {
                            let x = x.clone();
                            frame.stack.push(Some(x));
                        }
                        (None, _) => return Err((unbound_local_at(cd, a as u32), false)),
                    }
                }
                Instr::LoadFastLoadConst(a, c) => match local(&frame.fast, a as usize) {
                    Some(x) => {
                        let x = x.clone();
                        frame.stack.push(Some(x));
                        frame.stack.push(Some(const_at(consts, c as usize).clone()));
                        pc += 1;
                    }
                    None => return Err((unbound_local_at(cd, a as u32), false)),
                },
                Instr::LoadConstLoadFast(c, a) => {
                    frame.stack.push(Some(const_at(consts, c as usize).clone()));
                    if push_local(frame, a as usize) {
                        pc += 1;
                    }
                }
                Instr::StoreFastLoadFast(a, b) => {
                    let v = tri!(pop(stack));
                    store_local(frame, a as usize, v);
                    if push_local(frame, b as usize) {
                        pc += 1;
                    }
                }
                Instr::StoreFastStoreFast(a, b) => {
                    let v = tri!(pop(stack));
                    store_local(frame, a as usize, v);
                    frame.lasti = pc;
                    pc += 1;
                    let v = tri!(pop(&mut frame.stack));
                    store_local(frame, b as usize, v);
                }
                Instr::StoreGlobal(i) => {
                    let v = tri!(pop(stack));
                    tri!(dict::set_item(&frame.globals, name_at(cd, i), &v));
                }
                Instr::LoadDeref(i) => {
                    let c = frame.fast[i as usize].clone();
                    let v = c.as_ref().and_then(cell::get);
                    match v {
                        Some(v) => frame.stack.push(Some(v)),
                        None => return Err((unbound_deref(cd, i), false)),
                    }
                }
                Instr::StoreDeref(i) => {
                    let v = tri!(pop(stack));
                    match &frame.fast[i as usize] {
                        Some(c) => cell::set(c, Some(v)),
                        None => return Err((system_error("internal error: missing cell"), false)),
                    }
                }
                Instr::LoadClosure(i) => {
                    let c = frame.fast[i as usize].clone();
                    match c {
                        Some(c) => frame.stack.push(Some(c)),
                        None => return Err((system_error("internal error: missing cell"), false)),
                    }
                }
                Instr::LoadFastLoadAttr(a, i) => {
                    let Some(o) = local(&frame.fast, a as usize) else {
                        return Err((unbound_local_at(cd, a as u32), false));
                    };
                    let ways = &cd.attr_cache[i as usize];
                    if let Some(c) = cached_attr(ways, o, AttrCacheKind::InstanceValue) {
                        if let Some(v) = instance_values::get_at(o, c.index as usize) {
                            frame.stack.push(Some(v));
                            frame.lasti = pc;
                            pc += 1;
                            continue;
                        }
                    }
                    // A miss: this was only the `LoadFast`; the `LoadAttr` runs next.
                    let o = o.clone();
                    frame.stack.push(Some(o));
                }
                Instr::LoadAttr(i) => {
                    let o = tri!(pop(stack));
                    let ways = &cd.attr_cache[i as usize];
                    if let Some(c) = cached_attr(ways, &o, AttrCacheKind::InstanceValue) {
                        if let Some(v) = instance_values::get_at(&o, c.index as usize) {
                            drop(o);
                            frame.stack.push(Some(v));
                            continue;
                        }
                    }
                    let name = name_at(cd, i);
                    let v = tri!(ops::getattr(&o, name));
                    cache_instance_attr(ways, &o, name);
                    drop(o);
                    frame.stack.push(Some(v));
                }
                Instr::StoreAttr(i) => {
                    let o = tri!(pop(stack));
                    let v = tri!(pop(&mut frame.stack));
                    let ways = &cd.attr_cache[i as usize];
                    if let Some(c) = cached_attr(ways, &o, AttrCacheKind::InstanceValue) {
                        if tri!(instance_values::set_at(&o, c.index as usize, &v)) {
                            continue;
                        }
                    }
                    let name = name_at(cd, i);
                    tri!(ops::setattr(&o, name, Some(&v)));
                    cache_instance_attr(ways, &o, name);
                }
                Instr::LoadMethod(i) => {
                    let o = tri!(pop(stack));
                    let ways = &cd.attr_cache[i as usize];
                    if let Some(c) = cached_attr(ways, &o, AttrCacheKind::Method) {
                        if !method_shadowed(&o, c.index) {
                            let mp = c.value as *mut crate::object::PyObject;
                            // `obj.method(x)` of a built-in method with one local argument
                            // (`xs.append(i)`): called at once, with nothing pushed.
                            if let Some(a) = one_local_arg_call(instrs, pc) {
                                // SAFETY: the method is held by its class's dict, unchanged
                                // since it was cached (same attribute generation); only its
                                // static definition is used once code can run.
                                let m = unsafe { Obj::borrow_field(&mp) };
                                if let (Some(arg), Some(def)) =
                                    (local(&frame.fast, a as usize), plain_method_def(m, &o))
                                {
                                    let arg = arg.clone();
                                    frame.lasti = pc + 1;
                                    pc += 2;
                                    let v = (def.func)(&o, std::slice::from_ref(&arg), None);
                                    // Released as CALL releases them: self, then the argument.
                                    drop(o);
                                    drop(arg);
                                    let v = tri!(v);
                                    push_call_result!(v);
                                    continue;
                                }
                            }
                            // SAFETY: the method is held by its class's dict, unchanged since
                            // it was cached (same attribute generation).
                            let m = unsafe { Obj::from_borrowed(mp) };
                            frame.stack.push(Some(m));
                            frame.stack.push(Some(o));
                            continue;
                        }
                    }
                    let name = name_at(cd, i);
                    match tri!(load_method(&o, name)) {
                        Some(m) => {
                            cache_method(ways, &o, name, &m);
                            frame.stack.push(Some(m));
                            frame.stack.push(Some(o));
                        }
                        None => {
                            let v = tri!(ops::getattr(&o, name));
                            drop(o);
                            frame.stack.push(None);
                            frame.stack.push(Some(v));
                        }
                    }
                }
                Instr::BinarySubscr => {
                    let key = tri!(pop(stack));
                    let container = tri!(pop(&mut frame.stack));
                    let v = tri!(ops::getitem(&container, &key));
                    drop(key);
                    drop(container);
                    frame.stack.push(Some(v));
                }
                Instr::StoreSubscr => {
                    let key = tri!(pop(stack));
                    let container = tri!(pop(&mut frame.stack));
                    let v = tri!(pop(&mut frame.stack));
                    tri!(ops::setitem(&container, &key, Some(&v)));
                }
                Instr::BinaryOp(op) => {
                    let b = tri!(pop(stack));
                    let a = tri!(pop(&mut frame.stack));
                    let v = match medium_int_op(&a, &b, op, r.types.int) {
                        Some(v) => tri!(v),
                        None => tri!(binary_fast(&a, &b, op)),
                    };
                    drop(a);
                    drop(b);
                    if let Instr::ReturnValue = instr_at(instrs, pc) {
                        // `return a + b`: returned without the round trip through the stack.
                        frame.lasti = pc;
                        return_value!('frames, v);
                    }
                    push_result!(v);
                }
                Instr::InplaceOp(op) => {
                    let b = tri!(pop(stack));
                    let a = tri!(pop(&mut frame.stack));
                    let v = if a.type_ptr() == r.types.int && b.type_ptr() == r.types.int {
                        // Ints have no in-place operators: `+=` is `+`.
                        match medium_int_op(&a, &b, op, r.types.int) {
                            Some(v) => tri!(v),
                            None => tri!(binary_fast(&a, &b, op)),
                        }
                    } else {
                        tri!(ops::inplace_op(&a, &b, op))
                    };
                    drop(a);
                    drop(b);
                    push_result!(v);
                }
                Instr::UnaryNot => {
                    let a = tri!(pop(stack));
                    let t = tri!(ops::truthy(&a));
                    drop(a);
                    frame.stack.push(Some(r.bool_obj(!t)));
                }
                Instr::Compare(op) => {
                    let b = tri!(pop(stack));
                    let a = tri!(pop(&mut frame.stack));
                    // A comparison of ints or strs feeding a conditional jump takes the jump
                    // at once, without making a bool (3.11's COMPARE_OP_*_JUMP).
                    if let Some(&(Instr::PopJumpIfFalse(t) | Instr::PopJumpIfTrue(t))) =
                        instrs.get(pc)
                    {
                        if let Some(truth) = compare_exact(&a, &b, op) {
                            let jump_if = matches!(instrs[pc], Instr::PopJumpIfTrue(_));
                            drop(a);
                            drop(b);
                            pc = if truth == jump_if { t as usize } else { pc + 1 };
                            continue;
                        }
                    }
                    let v = tri!(compare_fast(&a, &b, op));
                    drop(a);
                    drop(b);
                    frame.stack.push(Some(v));
                }
                Instr::IsOp(invert) => {
                    let b = tri!(pop(stack));
                    let a = tri!(pop(&mut frame.stack));
                    let truth = a.is(&b) != invert;
                    drop(a);
                    drop(b);
                    // Feeding a conditional jump (`if x is None:`), it jumps at once, as
                    // 3.11's `POP_JUMP_IF_NONE` does without making a bool.
                    if let Instr::PopJumpIfFalse(t) | Instr::PopJumpIfTrue(t) = instr_at(instrs, pc)
                    {
                        let jump_if = matches!(instr_at(instrs, pc), Instr::PopJumpIfTrue(_));
                        frame.lasti = pc;
                        pc = if truth == jump_if { t as usize } else { pc + 1 };
                        continue;
                    }
                    frame.stack.push(Some(r.bool_obj(truth)));
                }
                Instr::ContainsOp(invert) => {
                    let container = tri!(pop(stack));
                    let item = tri!(pop(&mut frame.stack));
                    let c = tri!(ops::contains(&container, &item));
                    drop(container);
                    drop(item);
                    frame.stack.push(Some(r.bool_obj(c != invert)));
                }
                Instr::BuildTuple(n) => {
                    let n = n as usize;
                    if stack.len() < n {
                        return Err((system_error("internal error: value stack underflow"), false));
                    }
                    let start = stack.len() - n;
                    let items = std::iter::from_fn(|| stack.pop().flatten());
                    let t = tri!(tuple::from_rev_iter_exact(n, items));
                    if frame.stack.len() > start {
                        // Only after a NULL operand, which stopped the items short.
                        frame.stack.truncate(start);
                    }
                    if let Instr::ReturnValue = instr_at(instrs, pc) {
                        // `return (a, b)`: returned without the round trip through the stack.
                        frame.lasti = pc;
                        return_value!('frames, t);
                    }
                    frame.stack.push(Some(t));
                }
                Instr::BuildList(n) => {
                    let items = tri!(drain(stack, n as usize));
                    let l = tri!(list::new_list(items));
                    frame.stack.push(Some(l));
                }
                Instr::ListAppend(i) => {
                    let v = tri!(pop(stack));
                    let l = tri!(peek(&frame.stack, i as usize)).clone();
                    tri!(list::append(&l, v));
                }
                Instr::UnpackSequence(n) => {
                    let seq = tri!(pop(stack));
                    if crate::objects::is_exact(&seq, r.types.tuple)
                        && tuple::len(&seq) == n as usize
                    {
                        let items = tuple::items(&seq);
                        // `a, b = pair`: the items go straight into the two locals.
                        if let (Instr::StoreFastStoreFast(a, b), [x, y]) =
                            (instr_at(instrs, pc), items)
                        {
                            let (x, y) = (x.clone(), y.clone());
                            drop(seq);
                            store_local(frame, a as usize, x);
                            store_local(frame, b as usize, y);
                            frame.lasti = pc + 1;
                            pc += 2;
                            continue;
                        }
                        // The common case: pushed straight from the tuple, no copy of it made.
                        for it in items.iter().rev() {
                            frame.stack.push(Some(it.clone()));
                        }
                        continue;
                    }
                    let items = tri!(unpack(&seq, n as usize));
                    for it in items.into_iter().rev() {
                        frame.stack.push(Some(it));
                    }
                }
                Instr::Jump(t) => pc = t as usize,
                Instr::PopJumpIfFalse(t) | Instr::PopJumpIfTrue(t) => {
                    let v = tri!(pop(stack));
                    let truth = if v.as_ptr() == r.true_ {
                        true
                    } else if v.as_ptr() == r.false_ {
                        false
                    } else {
                        tri!(ops::truthy(&v))
                    };
                    drop(v);
                    if truth == matches!(instr, Instr::PopJumpIfTrue(_)) {
                        pc = t as usize;
                    }
                }
                Instr::PopJumpIfNone(t) | Instr::PopJumpIfNotNone(t) => {
                    let v = tri!(pop(stack));
                    if r.is_none(&v) == matches!(instr, Instr::PopJumpIfNone(_)) {
                        pc = t as usize;
                    }
                }
                Instr::JumpIfFalseOrPop(t) | Instr::JumpIfTrueOrPop(t) => {
                    let v = tri!(top(stack)).clone();
                    let truth = tri!(ops::truthy(&v));
                    if truth == matches!(instr, Instr::JumpIfTrueOrPop(_)) {
                        pc = t as usize;
                    } else {
                        frame.stack.pop();
                    }
                }
                Instr::GetIter => {
                    let o = tri!(pop(stack));
                    let it = tri!(ops::iter(&o));
                    drop(o);
                    frame.stack.push(Some(it));
                }
                Instr::ForIter(t) => {
                    let it = tri!(top(stack));
                    let next = match it.typ().tp_iternext {
                        Some(f) => f(it),
                        None => Err(type_error(&format!(
                            "'{}' object is not an iterator",
                            it.typ().name()
                        ))),
                    };
                    match tri!(next) {
                        Some(v) => {
                            // The loop variable is usually a local stored right away: store
                            // it without the round trip through the value stack.
                            match instrs.get(pc) {
                                Some(&Instr::StoreFast(i)) => {
                                    pc += 1;
                                    store_local(frame, i as usize, v);
                                }
                                Some(&Instr::StoreFastLoadFast(a, b)) => {
                                    pc += 1;
                                    store_local(frame, a as usize, v);
                                    if push_local(frame, b as usize) {
                                        pc += 1;
                                    }
                                }
                                _ => frame.stack.push(Some(v)),
                            }
                        }
                        None => {
                            frame.stack.pop();
                            pc = t as usize;
                        }
                    }
                }
                Instr::Call(n) => {
                    if let Some(callee) = exact_args_frame(frame, n as usize, r.types.function) {
                        enter_callee!('frames, frame, pc, callee);
                    }
                    if let Some(v) = native_call(&mut frame.stack, n as usize, r) {
                        let v = tri!(v);
                        push_call_result!(v);
                        continue;
                    }
                    match tri!(call_from_stack(frame, n as usize, None)) {
                        Called::Value(v) => push_call_result!(v),
                        Called::Frame(callee) => enter_callee!('frames, frame, pc, callee),
                    }
                }
                Instr::KwNames(k) => {
                    // Always directly before its Call, which runs here.
                    let Some(&Instr::Call(n)) = instrs.get(pc) else {
                        return Err((system_error("internal error: KwNames without Call"), false));
                    };
                    frame.lasti = pc;
                    pc += 1;
                    let kwnames = consts[k as usize].clone();
                    match tri!(call_from_stack(frame, n as usize, Some(&kwnames))) {
                        Called::Value(v) => frame.stack.push(Some(v)),
                        Called::Frame(callee) => enter_callee!('frames, frame, pc, callee),
                    }
                }
                Instr::ReturnValue => {
                    let v = tri!(pop(stack));
                    return_value!('frames, v);
                }
                Instr::ReturnConst(c) => {
                    let v = const_at(consts, c as usize).clone();
                    return_value!('frames, v);
                }
                Instr::YieldValue => {
                    let v = tri!(pop(stack));
                    frame.pc = pc;
                    if !calls.is_empty() {
                        return Err((
                            system_error("internal error: yield from a called frame"),
                            false,
                        ));
                    }
                    return Ok(FrameExit::Yield(v));
                }
                Instr::Send(t) => {
                    let v = tri!(pop(stack));
                    let sub = tri!(top(&frame.stack)).clone();
                    match tri!(crate::objects::generator::send_to(&sub, v)) {
                        crate::objects::generator::SendResult::Yielded(y) => {
                            frame.stack.push(Some(y))
                        }
                        crate::objects::generator::SendResult::Returned(rv) => {
                            frame.stack.pop();
                            frame.stack.push(Some(rv));
                            pc = t as usize;
                        }
                    }
                }
                Instr::Raise(n) => {
                    let err = match n {
                        0 => {
                            let h = r.state.borrow().handled_exc.clone();
                            match h {
                                Some(e) => return Err((PyErr(e), true)),
                                None => exceptions::runtime_error("No active exception to reraise"),
                            }
                        }
                        1 => {
                            let e = tri!(pop(stack));
                            tri!(make_exception(&e))
                        }
                        _ => {
                            let cause = tri!(pop(stack));
                            let e = tri!(pop(&mut frame.stack));
                            let exc = tri!(make_exception(&e));
                            let cause = if r.is_none(&cause) {
                                None
                            } else {
                                Some(tri!(make_exception(&cause)).0)
                            };
                            exceptions::set_cause(&exc.0, cause);
                            exc
                        }
                    };
                    return Err((err, false));
                }
                Instr::Reraise => {
                    let e = tri!(pop(stack));
                    return Err((PyErr(e), true));
                }
                Instr::SetupFinally(t) => {
                    let level = stack.len() as u32;
                    frame.blocks.push(Block { handler: t, level });
                }
                Instr::SetupCleanup(t) => {
                    let level = stack.len() as u32 - 1;
                    frame.blocks.push(Block { handler: t, level });
                }
                Instr::PopBlock => {
                    frame.blocks.pop();
                }
                Instr::PushExcInfo => {
                    let exc = tri!(pop(stack));
                    let prev = r.state.borrow_mut().handled_exc.replace(exc.clone());
                    frame.stack.push(Some(prev.unwrap_or_else(|| r.none())));
                    frame.stack.push(Some(exc));
                }
                Instr::PopExcept => {
                    let prev = tri!(pop(stack));
                    let prev = if r.is_none(&prev) { None } else { Some(prev) };
                    let old = std::mem::replace(&mut r.state.borrow_mut().handled_exc, prev);
                    drop(old);
                }
                Instr::ExitWith => {
                    let exit = tri!(pop(stack));
                    let n = r.none();
                    let res = tri!(ops::call(&exit, &[n.clone(), n.clone(), n], None));
                    drop(res);
                }
                Instr::Unreachable => {
                    return Err((system_error("internal error: unreachable code"), false))
                }
                // The rarer instructions run out of line, keeping this loop small.
                _ => tri!(execute_rare(frame, cd, instr)),
            }
        }
    }
}

/// The instructions that run rarely (deletions, building sets, maps and strings, unpacking
/// with a star, imports, class and function creation, `with` and `except` bookkeeping),
/// out of [`execute`]'s loop so that its hot paths keep their values in registers. None of
/// them jumps or switches frames.
#[inline(never)]
fn execute_rare(frame: &mut Frame, cd: &code::CodeData, instr: Instr) -> PyResult<()> {
    let r = rt();
    let stack = &mut frame.stack;
    match instr {
        Instr::DeleteFast(i) => {
            if frame.fast[i as usize].take().is_none() {
                let name = pystr::as_str(&tuple::items(&cd.varnames)[i as usize]).into_owned();
                return Err(unbound_local(&name));
            }
        }
        Instr::DeleteName(i) => {
            let name = name_at(cd, i);
            let ns = frame.locals.as_ref().unwrap_or(&frame.globals).clone();
            if !delete_in(&ns, name)? {
                return Err(exceptions::name_error(name));
            }
        }
        Instr::DeleteGlobal(i) => {
            let name = name_at(cd, i);
            if !dict::del_item(&frame.globals, name)? {
                return Err(exceptions::name_error(name));
            }
        }
        Instr::LoadClassDeref(i) => {
            let name = deref_name(cd, i);
            let from_ns = match &frame.locals {
                Some(ns) => dict::get_item(ns, &name)?,
                None => None,
            };
            let v = match from_ns {
                Some(v) => Some(v),
                None => frame.fast[i as usize].as_ref().and_then(cell::get),
            };
            match v {
                Some(v) => frame.stack.push(Some(v)),
                None => return Err(unbound_deref(cd, i)),
            }
        }
        Instr::DeleteDeref(i) => {
            let c = frame.fast[i as usize].clone();
            match c {
                Some(c) if cell::get(&c).is_some() => cell::set(&c, None),
                _ => return Err(unbound_deref(cd, i)),
            }
        }
        Instr::DeleteAttr(i) => {
            let o = pop(stack)?;
            ops::setattr(&o, name_at(cd, i), None)?;
        }
        Instr::DeleteSubscr => {
            let key = pop(stack)?;
            let container = pop(&mut frame.stack)?;
            ops::setitem(&container, &key, None)?;
        }
        Instr::BuildSlice(n) => {
            let step = if n == 3 { pop(stack)? } else { r.none() };
            let stop = pop(&mut frame.stack)?;
            let start = pop(&mut frame.stack)?;
            let s = crate::objects::slice::new_slice(start, stop, step)?;
            frame.stack.push(Some(s));
        }
        Instr::UnaryNegative | Instr::UnaryPositive | Instr::UnaryInvert => {
            let a = pop(stack)?;
            let sym = match instr {
                Instr::UnaryNegative => "-",
                Instr::UnaryPositive => "+",
                _ => "~",
            };
            let v = ops::unary_op(&a, sym)?;
            drop(a);
            frame.stack.push(Some(v));
        }
        Instr::BuildSet(n) => {
            let items = drain(stack, n as usize)?;
            let s = crate::objects::set::new_set_from(items)?;
            frame.stack.push(Some(s));
        }
        Instr::BuildMap(n) => {
            let items = drain(stack, 2 * n as usize)?;
            let unicode = items
                .chunks(2)
                .all(|kv| crate::objects::is_exact(&kv[0], r.types.str));
            let d = dict::new_presized(n as usize, unicode)?;
            for kv in items.chunks(2) {
                dict::set_item(&d, &kv[0], &kv[1])?;
            }
            frame.stack.push(Some(d));
        }
        Instr::BuildConstKeyMap(n) => {
            let keys = pop(stack)?;
            let values = drain(&mut frame.stack, n as usize)?;
            let ks = tuple::items(&keys);
            let unicode = ks.iter().all(|k| crate::objects::is_exact(k, r.types.str));
            let d = dict::new_presized(n as usize, unicode)?;
            for (k, v) in ks.iter().zip(values.iter()) {
                dict::set_item(&d, k, v)?;
            }
            frame.stack.push(Some(d));
        }
        Instr::BuildString(n) => {
            let parts = drain(stack, n as usize)?;
            let mut s = String::new();
            for p in &parts {
                s.push_str(&pystr::as_str(p));
            }
            let o = pystr::new_str(&s)?;
            frame.stack.push(Some(o));
        }
        Instr::SetAdd(i) => {
            let v = pop(stack)?;
            let s = peek(&frame.stack, i as usize)?.clone();
            crate::objects::set::add(&s, &v)?;
        }
        Instr::MapAdd(i) => {
            let v = pop(stack)?;
            let k = pop(&mut frame.stack)?;
            let d = peek(&frame.stack, i as usize)?.clone();
            dict::set_item(&d, &k, &v)?;
        }
        Instr::ListExtend(i) => {
            let it = pop(stack)?;
            let l = peek(&frame.stack, i as usize)?.clone();
            let items = match ops::collect(&it) {
                Ok(v) => v,
                Err(e) => {
                    if is_instance(&e.0, r.exc.type_error)
                        && it.typ().tp_iter.is_none()
                        && it.typ().tp_getitem.is_none()
                    {
                        return Err(type_error(&format!(
                            "Value after * must be an iterable, not {}",
                            it.typ().name()
                        )));
                    }
                    return Err(e);
                }
            };
            list::extend(&l, items)?;
        }
        Instr::SetUpdate(i) => {
            let it = pop(stack)?;
            let s = peek(&frame.stack, i as usize)?.clone();
            crate::objects::set::update_internal(&s, &it)?;
        }
        Instr::DictUpdate(i) | Instr::DictMerge(i) => {
            let m = pop(stack)?;
            let merge = matches!(instr, Instr::DictMerge(_));
            dict_update(&frame.stack, i as usize, &m, merge)?;
        }
        Instr::ListToTuple => {
            let l = pop(stack)?;
            let t = tuple::new_tuple(list::to_vec(&l))?;
            frame.stack.push(Some(t));
        }
        Instr::FormatValue(conv, has_spec) => {
            let spec = if has_spec { Some(pop(stack)?) } else { None };
            let v = pop(&mut frame.stack)?;
            let v = match conv {
                1 => ops::str(&v)?,
                2 => ops::repr(&v)?,
                3 => crate::format::ascii(&v)?,
                _ => v,
            };
            let s = match &spec {
                Some(sp) => crate::format::format(&v, sp)?,
                None if crate::objects::is_exact(&v, r.types.str) => v,
                None => crate::format::format(&v, &r.empty_str())?,
            };
            frame.stack.push(Some(s));
        }
        Instr::UnpackEx(before, after) => {
            let seq = pop(stack)?;
            let items = ops::collect(&seq)?;
            let (b, a) = (before as usize, after as usize);
            if items.len() < b + a {
                return Err(exceptions::value_error(&format!(
                    "not enough values to unpack (expected at least {}, got {})",
                    b + a,
                    items.len()
                )));
            }
            let mut items = items;
            let tail = items.split_off(items.len() - a);
            let middle = items.split_off(b);
            for it in tail.into_iter().rev() {
                frame.stack.push(Some(it));
            }
            let l = list::new_list(middle)?;
            frame.stack.push(Some(l));
            for it in items.into_iter().rev() {
                frame.stack.push(Some(it));
            }
        }
        Instr::CallFunctionEx(has_kw) => {
            let kwargs = if has_kw { Some(pop(stack)?) } else { None };
            let args = pop(&mut frame.stack)?;
            let func = pop(&mut frame.stack)?;
            let _null = frame.stack.pop();
            let args = if crate::objects::is_exact(&args, r.types.tuple) {
                args
            } else {
                star_args_tuple(&func, &args)?
            };
            let v = match &kwargs {
                None => ops::call(&func, tuple::items(&args), None),
                Some(kw) => {
                    // Keyword values go after the positional ones, named by a tuple.
                    let mut argv = tuple::items(&args).to_vec();
                    let mut names = Vec::new();
                    for (k, v) in dict::items(kw) {
                        if !is_instance(&k, r.types.str) {
                            return Err(type_error("keywords must be strings"));
                        }
                        names.push(k);
                        argv.push(v);
                    }
                    if names.is_empty() {
                        ops::call(&func, &argv, None)
                    } else {
                        let kwnames = tuple::new_tuple(names)?;
                        ops::call(&func, &argv, Some(&kwnames))
                    }
                }
            };
            let v = v?;
            drop(args);
            drop(kwargs);
            drop(func);
            frame.stack.push(Some(v));
        }
        Instr::MakeFunction(flags) => {
            let code = pop(stack)?;
            let closure = if flags & 8 != 0 {
                Some(pop(&mut frame.stack)?)
            } else {
                None
            };
            let kwdefaults = if flags & 2 != 0 {
                Some(pop(&mut frame.stack)?)
            } else {
                None
            };
            let defaults = if flags & 1 != 0 {
                Some(pop(&mut frame.stack)?)
            } else {
                None
            };
            let module = dict::get_item_str(&frame.globals, "__name__")?;
            let f = function::new_function(function::NewFunction {
                code,
                globals: frame.globals.clone(),
                builtins: frame.builtins.clone(),
                defaults,
                kwdefaults,
                closure,
                module,
            })?;
            frame.stack.push(Some(f));
        }
        Instr::GetYieldFromIter => {
            let o = pop(stack)?;
            let it = if ops::kind(&o) == Kind::Generator {
                o
            } else {
                ops::iter(&o)?
            };
            frame.stack.push(Some(it));
        }
        Instr::CheckExcMatch => {
            let ty = pop(stack)?;
            let exc = top(&frame.stack)?.clone();
            let m = exception_matches(&exc, &ty)?;
            frame.stack.push(Some(r.bool_obj(m)));
        }
        Instr::BeforeWith => {
            let mgr = pop(stack)?;
            let enter = crate::objects::typeobject::lookup_str(mgr.type_ptr(), "__enter__");
            let exit = crate::objects::typeobject::lookup_str(mgr.type_ptr(), "__exit__");
            let (Some(enter), Some(exit)) = (enter, exit) else {
                let missing = if crate::objects::typeobject::lookup_str(mgr.type_ptr(), "__enter__")
                    .is_none()
                {
                    ""
                } else {
                    " (missed __exit__ method)"
                };
                return Err(type_error(&format!(
                    "'{}' object does not support the context manager protocol{}",
                    mgr.typ().name(),
                    missing
                )));
            };
            let bound_exit = bind(&exit, &mgr)?;
            let res = ops::call_method_obj(&enter, &mgr, &[])?;
            frame.stack.push(Some(bound_exit));
            frame.stack.push(Some(res));
        }
        Instr::WithExceptStart => {
            let exc = peek(stack, 1)?.clone();
            let exit = peek(stack, 3)?.clone();
            let tb = exceptions::traceback(&exc).unwrap_or_else(|| r.none());
            let res = ops::call(&exit, &[exc.type_obj(), exc, tb], None)?;
            let truth = ops::truthy(&res)?;
            frame.stack.push(Some(r.bool_obj(truth)));
        }
        Instr::LoadAssertionError => {
            stack.push(Some(crate::runtime::type_ref(r.exc.assertion_error)))
        }
        Instr::LoadBuildClass => {
            let bc = dict::get_item_str(&frame.builtins, "__build_class__")?;
            match bc {
                Some(b) => frame.stack.push(Some(b)),
                None => {
                    return Err(exceptions::new_err(
                        r.exc.name_error,
                        "__build_class__ not found",
                    ))
                }
            }
        }
        Instr::ImportName(i) => {
            let fromlist = pop(stack)?;
            let _level = pop(&mut frame.stack)?;
            let m = crate::modules::import_name(&pystr::as_str(name_at(cd, i)), &fromlist)?;
            frame.stack.push(Some(m));
        }
        Instr::ImportFrom(i) => {
            let m = top(stack)?.clone();
            let name = name_at(cd, i);
            let v = match ops::getattr_opt(&m, name)? {
                Some(v) => v,
                None => {
                    let mname = pystr::as_str(&crate::objects::module::name(&m)).into_owned();
                    return Err(exceptions::new_err(
                        r.exc.import_error,
                        &format!(
                            "cannot import name '{}' from '{}' (unknown location)",
                            pystr::as_str(name),
                            mname
                        ),
                    ));
                }
            };
            frame.stack.push(Some(v));
        }
        Instr::ImportStar => {
            let m = pop(stack)?;
            let md = crate::objects::module::dict(&m);
            let ns = frame
                .locals
                .clone()
                .unwrap_or_else(|| frame.globals.clone());
            for (k, v) in dict::items(&md) {
                if !pystr::as_str(&k).starts_with('_') {
                    dict::set_item(&ns, &k, &v)?;
                }
            }
        }
        Instr::PrintExpr => {
            let v = pop(stack)?;
            if !r.is_none(&v) {
                let s = ops::repr(&v)?;
                crate::modules::write_stdout(&format!("{}\n", pystr::as_str(&s)));
                let b = crate::objects::str::intern_str("_")?;
                if let Some(bd) = r.state.borrow().builtins.clone() {
                    dict::set_item(&bd, &b, &v)?;
                }
            }
        }
        _ => return Err(system_error("internal error: not a rare instruction")),
    }
    Ok(())
}

/// Pushes local `i` if it is bound; whether it was.
#[inline(always)]
fn push_local(frame: &mut Frame, i: usize) -> bool {
    match local(&frame.fast, i) {
        Some(x) => {
            let x = x.clone();
            frame.stack.push(Some(x));
            true
        }
        None => false,
    }
}

/// Binds local `i`, releasing what it held after the store (as `STORE_FAST`).
#[inline(always)]
fn store_local(frame: &mut Frame, i: usize, v: Obj) {
    let old = local_mut(&mut frame.fast, i).replace(v);
    drop(old);
}

/// `LOAD_GLOBAL`: the globals, then the builtins, through the per-name cache.
#[inline(always)]
fn load_global(frame: &Frame, cd: &code::CodeData, i: u32) -> PyResult<Obj> {
    let entry = &cd.global_cache[i as usize];
    let c = entry.get();
    let (gv, bv) = (
        dict::version(&frame.globals),
        dict::version(&frame.builtins),
    );
    if c.value != 0
        && c.globals_version == gv
        && c.builtins_version == bv
        && c.globals == frame.globals.id()
        && c.builtins == frame.builtins.id()
    {
        // SAFETY: the cached object is held by the globals or builtins dict, whose
        // contents are unchanged since it was cached (same version tags).
        return Ok(unsafe { Obj::from_borrowed(c.value as *mut crate::object::PyObject) });
    }
    load_global_slow(frame, cd, i)
}

#[inline(never)]
fn load_global_slow(frame: &Frame, cd: &code::CodeData, i: u32) -> PyResult<Obj> {
    let entry = &cd.global_cache[i as usize];
    let (gv, bv) = (
        dict::version(&frame.globals),
        dict::version(&frame.builtins),
    );
    let name = name_at(cd, i);
    let v = match dict::get_item(&frame.globals, name)? {
        Some(v) => v,
        None => match dict::get_item(&frame.builtins, name)? {
            Some(v) => v,
            None => return Err(exceptions::name_error(name)),
        },
    };
    // Looking up may run __eq__/__hash__ of unusual keys; cache only if nothing changed
    // meanwhile.
    if dict::version(&frame.globals) == gv && dict::version(&frame.builtins) == bv {
        entry.set(crate::objects::code::GlobalCacheEntry {
            globals_version: gv,
            builtins_version: bv,
            globals: frame.globals.id(),
            builtins: frame.builtins.id(),
            value: v.id(),
        });
    }
    Ok(v)
}

/// The UnboundLocalError for local `i`.
#[cold]
fn unbound_local_at(cd: &code::CodeData, i: u32) -> PyErr {
    unbound_local(&pystr::as_str(&tuple::items(&cd.varnames)[i as usize]))
}

fn unbound_local(name: &str) -> PyErr {
    exceptions::new_err(
        rt().exc.unbound_local_error,
        &format!(
            "cannot access local variable '{}' where it is not associated with a value",
            name
        ),
    )
}

fn deref_name(cd: &code::CodeData, i: u32) -> Obj {
    let nlocals = cd.nlocals() as u32;
    let ncells = cd.ncells() as u32;
    if i < nlocals + ncells {
        tuple::items(&cd.cellvars)[(i - nlocals) as usize].clone()
    } else {
        tuple::items(&cd.freevars)[(i - nlocals - ncells) as usize].clone()
    }
}

fn unbound_deref(cd: &code::CodeData, i: u32) -> PyErr {
    let name = deref_name(cd, i);
    let n = pystr::as_str(&name);
    if (i as usize) < cd.nlocals() + cd.ncells() {
        unbound_local(&n)
    } else {
        let err = exceptions::new_err(rt().exc.name_error, &format!("cannot access free variable '{}' where it is not associated with a value in enclosing scope", n));
        if let Ok(d) = exceptions::dict(&err.0) {
            if let Ok(k) = pystr::intern_str("name") {
                let _ = dict::set_item(&d, &k, &name);
            }
        }
        err
    }
}

fn load_name(frame: &Frame, name: &Obj) -> PyResult<Obj> {
    if let Some(ns) = &frame.locals {
        if is_exact_dict(ns) {
            if let Some(v) = dict::get_item(ns, name)? {
                return Ok(v);
            }
        } else {
            match ops::getitem(ns, name) {
                Ok(v) => return Ok(v),
                Err(e) if is_instance(&e.0, rt().exc.key_error) => {}
                Err(e) => return Err(e),
            }
        }
    }
    if let Some(v) = dict::get_item(&frame.globals, name)? {
        return Ok(v);
    }
    if let Some(v) = dict::get_item(&frame.builtins, name)? {
        return Ok(v);
    }
    Err(exceptions::name_error(name))
}

/// `PyDict_CheckExact`: a namespace of another type (a dict subclass or mapping from a
/// metaclass's `__prepare__`) is reached through its own `__getitem__`/`__setitem__`.
fn is_exact_dict(ns: &Obj) -> bool {
    ns.type_ptr() == rt().types.dict
}

fn store_in(ns: &Obj, name: &Obj, v: &Obj) -> PyResult<()> {
    if is_exact_dict(ns) {
        dict::set_item(ns, name, v)
    } else {
        ops::setitem(ns, name, Some(v))
    }
}

fn delete_in(ns: &Obj, name: &Obj) -> PyResult<bool> {
    if is_exact_dict(ns) {
        dict::del_item(ns, name)
    } else {
        match ops::setitem(ns, name, None) {
            Ok(()) => Ok(true),
            Err(e) if is_instance(&e.0, rt().exc.key_error) => Ok(false),
            Err(e) => Err(e),
        }
    }
}

/// `LOAD_METHOD`: the plain function or method descriptor `name` on the type, unless the
/// instance dict shadows it.
fn load_method(o: &Obj, name: &Obj) -> PyResult<Option<Obj>> {
    let t = o.typ();
    let generic = match t.tp_getattro {
        None => true,
        Some(f) => {
            std::ptr::fn_addr_eq(
                f,
                crate::objects::typeobject::object_getattro as crate::typeobj::GetAttrFn,
            ) || std::ptr::fn_addr_eq(
                f,
                crate::objects::typeobject::generic_getattr as crate::typeobj::GetAttrFn,
            )
        }
    };
    if !generic {
        return Ok(None);
    }
    let Some(m) = crate::objects::typeobject::lookup(o.type_ptr(), name) else {
        return Ok(None);
    };
    let k = ops::kind(&m);
    let is_method = k == Kind::Function
        || (k == Kind::MethodDescriptor && {
            let d = crate::objects::descr::descr_def(&m);
            !d.class_method && !d.static_method
        });
    if !is_method {
        return Ok(None);
    }
    if crate::objects::instance_values::get(o, name).is_some() {
        return Ok(None);
    }
    if let Some(slot) = crate::objects::typeobject::dict_slot(o) {
        // SAFETY: slot is the instance's managed dict pointer (live dict or null).
        let d = unsafe { *slot };
        if !d.is_null() {
            // SAFETY: live dict.
            let d = unsafe { Obj::from_borrowed(d) };
            if dict::get_item(&d, name)?.is_some() {
                return Ok(None);
            }
        }
    }
    Ok(Some(m))
}

/// Whether type `t` looks attributes up and sets them the generic way (no
/// `__getattribute__` or `__setattr__` of its own), which the attribute cache assumes.
fn generic_attribute_access(t: &TypeObject) -> bool {
    use crate::objects::typeobject::{generic_getattr, generic_setattr, object_getattro};
    let get = match t.tp_getattro {
        None => true,
        Some(f) => {
            std::ptr::fn_addr_eq(f, object_getattro as crate::typeobj::GetAttrFn)
                || std::ptr::fn_addr_eq(f, generic_getattr as crate::typeobj::GetAttrFn)
        }
    };
    let set = match t.tp_setattro {
        None => true,
        Some(f) => std::ptr::fn_addr_eq(f, generic_setattr as crate::typeobj::SetAttrFn),
    };
    get && set
}

/// After a generic lookup or store of `o.name`: caches where instances of `o`'s type keep
/// the attribute, when the generic path would find it there for every such instance —
/// the class defines no data descriptor of that name, and the name has its index in the
/// class's shared keys. Dunder names are left alone (`object.__getattribute__` answers
/// `__class__` and `__dict__` itself).
fn cache_instance_attr(ways: &AttrCacheWays, o: &Obj, name: &Obj) {
    let t = o.typ();
    if !t.has_managed_dict()
        || !generic_attribute_access(t)
        || crate::objects::typeobject::is_dunder(name)
    {
        return;
    }
    let generation = attribute_generation();
    if let Some(d) = crate::objects::typeobject::lookup(o.type_ptr(), name) {
        if d.typ().tp_descr_set.is_some() {
            return;
        }
    }
    let Some(index) = instance_values::key_index(o.type_ptr(), name) else {
        return;
    };
    fill_way(
        ways,
        AttrCacheEntry {
            kind: AttrCacheKind::InstanceValue,
            index: index as u32,
            generation,
            tp: o.type_ptr() as usize,
            value: 0,
        },
    );
}

/// After `load_method` found method `m` for `o.name`: caches it for instances of `o`'s
/// type when none can shadow it cheaply undetected — instances without any `__dict__`, or
/// instances keeping their attributes in values whose class's shared keys lack the name
/// (recorded as their count: any new name makes the entry miss).
fn cache_method(ways: &AttrCacheWays, o: &Obj, name: &Obj, m: &Obj) {
    let t = o.typ();
    if !generic_attribute_access(t) {
        return;
    }
    let index = if t.has_managed_dict() {
        if !instance_values::in_values_mode(o)
            || instance_values::key_index(o.type_ptr(), name).is_some()
        {
            return;
        }
        instance_values::key_count(o.type_ptr()) as u32
    } else if matches!(
        ops::kind(o),
        Kind::Function | Kind::Exception | Kind::Module
    ) {
        return;
    } else {
        0
    };
    fill_way(
        ways,
        AttrCacheEntry {
            kind: AttrCacheKind::Method,
            index,
            generation: attribute_generation(),
            tp: o.type_ptr() as usize,
            value: m.id(),
        },
    );
}

/// The current entry of `kind` for `o`'s type among a name's cache entries.
#[inline(always)]
fn cached_attr(ways: &AttrCacheWays, o: &Obj, kind: AttrCacheKind) -> Option<AttrCacheEntry> {
    let tp = o.type_ptr() as usize;
    let generation = attribute_generation();
    ways.iter()
        .map(|w| w.get())
        .find(|c| c.tp == tp && c.generation == generation && c.kind == kind)
}

/// Stores `new` among a name's entries: over the entry for the same type if there is one,
/// else over an empty or outdated one, else over the entry the type hashes to (a name
/// meeting more types than there are entries keeps the latest few).
fn fill_way(ways: &AttrCacheWays, new: AttrCacheEntry) {
    let current = |c: &AttrCacheEntry| {
        c.kind != AttrCacheKind::Empty && c.generation == attribute_generation()
    };
    let slot = ways
        .iter()
        .position(|w| w.get().tp == new.tp)
        .or_else(|| ways.iter().position(|w| !current(&w.get())))
        .unwrap_or((new.tp >> 4) % ways.len());
    ways[slot].set(new);
}

/// Whether `o` (of a type a method entry was cached for) may have an attribute shadowing
/// the method: a materialised `__dict__`, or shared keys grown past `nkeys` names.
#[inline]
fn method_shadowed(o: &Obj, nkeys: u32) -> bool {
    o.typ().has_managed_dict()
        && (!instance_values::in_values_mode(o)
            || instance_values::key_count(o.type_ptr()) != nkeys as usize)
}

fn bind(f: &Obj, self_: &Obj) -> PyResult<Obj> {
    match f.typ().tp_descr_get {
        Some(g) => g(f, Some(self_), &self_.type_obj()),
        None => Ok(f.clone()),
    }
}

/// `CALL`: `[NULL|method, callable|self, args...]`.
/// What a call instruction got: the result, or the frame of a Python function to run next.
enum Called {
    Value(Obj),
    Frame(Box<Frame>),
}

/// The code, globals and builtins of `f`, borrowed from it, when `f` is a plain Python
/// function whose code takes exactly `nargs` positional arguments and nothing else (see
/// `CodeData::exact_call_nargs`) and the recursion limit allows one more call, which is
/// then counted; `None`, having changed nothing, otherwise.
#[inline(always)]
fn exact_call_target(
    f: &Obj,
    nargs: usize,
    function_type: *mut TypeObject,
) -> Option<(&Obj, &Obj, &Obj)> {
    if f.type_ptr() != function_type {
        return None;
    }
    let fo = function::raw(f);
    if fo.code.is_null() || fo.globals.is_null() || fo.builtins.is_null() {
        // Cleared by the collector; the full path reports it.
        return None;
    }
    // SAFETY: a function's code, globals and builtins are live objects it holds (checked
    // non-null above) and never replaces, borrowed here for as long as `f` is.
    let (code, globals, builtins) = unsafe {
        (
            Obj::borrow_field(&fo.code),
            Obj::borrow_field(&fo.globals),
            Obj::borrow_field(&fo.builtins),
        )
    };
    if code::data(code).exact_call_nargs as usize != nargs {
        return None;
    }
    if super::recursion::enter_call().is_err() {
        // The full path raises the RecursionError.
        return None;
    }
    Some((code, globals, builtins))
}

/// [`exact_args_frame`] for a call of `f` with one argument, `arg`, not on the stack: the
/// callee's frame with a new reference to `arg` in its parameter and one to `f` as its
/// function; `None` when the call is not that simple.
#[inline(always)]
fn exact_one_arg_frame(f: &Obj, arg: &Obj, function_type: *mut TypeObject) -> Option<Box<Frame>> {
    let (code, globals, builtins) = exact_call_target(f, 1, function_type)?;
    let mut callee = Frame::new_boxed(code.clone(), globals.clone(), builtins.clone());
    callee.fast[0] = Some(arg.clone());
    callee.func = Some(f.clone());
    Some(callee)
}

/// 3.11's `CALL_PY_EXACT_ARGS`: the frame of a call of a plain Python function whose
/// code takes exactly the arguments on the stack, with the arguments and the callable's
/// reference moved into it; `None`, having changed nothing, for any other call, which
/// [`call_from_stack`] then makes.
#[inline(always)]
fn exact_args_frame(
    frame: &mut Frame,
    n: usize,
    function_type: *mut TypeObject,
) -> Option<Box<Frame>> {
    let stack = &mut frame.stack;
    let len = stack.len();
    let base = len.checked_sub(n + 2)?;
    let (func_index, nargs) = match &stack[base] {
        Some(_) => (base, n + 1),
        None => (base + 1, n),
    };
    // The function stays on the value stack until its reference moves to the frame.
    let f = stack[func_index].as_ref()?;
    let (code, globals, builtins) = exact_call_target(f, nargs, function_type)?;
    let mut callee = Frame::new_boxed(code.clone(), globals.clone(), builtins.clone());
    // The arguments, top first, into their slots; then the callable, and the NULL below
    // it when there is one.
    for slot in callee.fast[..nargs].iter_mut().rev() {
        *slot = stack.pop().flatten();
    }
    callee.func = stack.pop().flatten();
    if func_index != base {
        stack.pop();
    }
    Some(callee)
}

/// 3.11's specialised calls of C functions (`PRECALL_NO_KW_METHOD_DESCRIPTOR_*`,
/// `PRECALL_BUILTIN_*`, `PRECALL_NO_KW_LEN` ...): a method descriptor called with an
/// instance of exactly its type as `self`, or a built-in function, runs its native
/// function straight on the arguments borrowed from the value stack, which then releases
/// them. `None`, having changed nothing, for any other call.
/// The definition of method descriptor `m` when calling it with `self_` runs its native
/// function directly: a plain method (not a class or static one) of exactly `self_`'s type.
#[inline(always)]
fn plain_method_def(m: &Obj, self_: &Obj) -> Option<&'static crate::objects::descr::MethodDef> {
    if ops::kind(m) != Kind::MethodDescriptor {
        return None;
    }
    let def = crate::objects::descr::descr_def(m);
    let plain = !def.class_method
        && !def.static_method
        && self_.type_ptr() == crate::objects::descr::descr_type(m);
    plain.then_some(def)
}

#[inline(always)]
fn native_call(
    stack: &mut Vec<Option<Obj>>,
    n: usize,
    r: &crate::runtime::Runtime,
) -> Option<PyResult<Obj>> {
    let len = stack.len();
    let base = len.checked_sub(n + 2)?;
    let (func_index, nargs) = match &stack[base] {
        Some(_) => (base, n + 1),
        None => (base + 1, n),
    };
    let args_start = len - nargs;
    let f = stack[func_index].as_ref()?;
    let kind = ops::kind(f);
    if kind != Kind::MethodDescriptor && kind != Kind::BuiltinFunction {
        return None;
    }
    if stack[args_start..].iter().any(Option::is_none) {
        return None;
    }
    // SAFETY: `Option<Obj>` is a nullable pointer with the layout of `Obj`, and the slots
    // viewed here are all `Some`. The callable and the arguments stay on the value stack
    // for the whole call (the native functions called here run no code of this frame, so
    // nothing pushes to its stack): the callee borrows them, as CPython's does.
    let (f, args): (&Obj, &[Obj]) = unsafe {
        let p = stack.as_ptr();
        (
            &*(p.add(func_index) as *const Obj),
            std::slice::from_raw_parts(p.add(args_start) as *const Obj, nargs),
        )
    };
    let result = if kind == Kind::MethodDescriptor {
        let (self_, rest) = args.split_first()?;
        let def = plain_method_def(f, self_)?;
        (def.func)(self_, rest, None)
    } else {
        let def = crate::objects::descr::builtin_def(f);
        // SAFETY: the None singleton lives as long as the runtime.
        let none = unsafe { Obj::borrow_field(&r.none) };
        let self_ = crate::objects::descr::builtin_self_ref(f).unwrap_or(none);
        if def.checks_recursion {
            super::recursion::guarded(" while calling a Python object", || {
                (def.func)(self_, args, None)
            })
        } else {
            (def.func)(self_, args, None)
        }
    };
    // Released callable first, then the arguments in order, as 3.11's CALL does; the
    // emptied slots then pop without drops.
    for slot in &mut stack[base..] {
        drop(slot.take());
    }
    while stack.len() > base {
        stack.pop();
    }
    Some(result)
}

fn call_from_stack(frame: &mut Frame, n: usize, kwnames: Option<&Obj>) -> PyResult<Called> {
    let len = frame.stack.len();
    if len < n + 2 {
        return Err(system_error("internal error: value stack underflow"));
    }
    let base = len - n - 2;
    if frame.stack[base].is_none() {
        // A bound method is unpacked onto the stack as `function, self` (3.11's CALL):
        // the call then goes on as a method call of the function.
        if let Some(m) = &frame.stack[base + 1] {
            if ops::kind(m) == Kind::BoundMethod {
                let (func, self_) = crate::objects::descr::bound_parts(m);
                frame.stack[base] = Some(func);
                frame.stack[base + 1] = Some(self_);
            }
        }
    }
    let (func_index, nargs) = match (&frame.stack[base], &frame.stack[base + 1]) {
        (Some(_), _) => (base, n + 1),
        (None, Some(_)) => (base + 1, n),
        (None, None) => return Err(system_error("internal error: NULL callable")),
    };
    let args_start = len - nargs;
    let is_python = matches!(&frame.stack[func_index],
        Some(f) if ops::kind(f) == Kind::Function && !f.typ().is_heap());
    if is_python {
        // Python call: the arguments move into the callee's frame, and the callable's
        // reference from the value stack to the frame (3.11's `f_func`).
        let Some(func) = frame.stack[func_index].take() else {
            return Err(system_error("internal error: NULL callable"));
        };
        let code = function::code(&func);
        if !super::runs_on_call(&code) {
            let r = match kwnames {
                None => super::call_function_from_stack(&func, &mut frame.stack, nargs),
                Some(_) => {
                    let args: Vec<Obj> = frame.stack.drain(args_start..).flatten().collect();
                    super::call_function(&func, args, kwnames)
                }
            };
            frame.stack.truncate(base);
            drop(func);
            return r.map(Called::Value);
        }
        let callee = match kwnames {
            None => super::frame_from_stack(&func, code, &mut frame.stack, nargs),
            Some(_) => {
                let args: Vec<Obj> = frame.stack.drain(args_start..).flatten().collect();
                super::frame_for_args(&func, args, kwnames)
            }
        };
        frame.stack.truncate(base);
        let mut callee = callee?;
        super::recursion::enter_call()?;
        callee.func = Some(func);
        return Ok(Called::Frame(callee));
    }
    if frame.stack[args_start..].iter().any(|a| a.is_none()) {
        return Err(system_error("internal error: NULL argument"));
    }
    let stack_ptr = frame.stack.as_ptr();
    // SAFETY: `Option<Obj>` is a nullable pointer with the same layout as `Obj`, and the
    // slots read here are all `Some`. The callable and the arguments stay on this frame's
    // value stack for the whole call (nothing pushes to a suspended frame's stack, so the
    // vector is not reallocated), which is exactly the reference CPython's stack holds:
    // the callee borrows them and no extra reference is counted.
    let (func_ref, args): (&Obj, &[Obj]) = unsafe {
        (
            &*(stack_ptr.add(func_index) as *const Obj),
            std::slice::from_raw_parts(stack_ptr.add(args_start) as *const Obj, nargs),
        )
    };
    let result = ops::call(func_ref, args, kwnames);
    frame.stack.truncate(base);
    result.map(Called::Value)
}

/// `DICT_UPDATE` / `DICT_MERGE`: adds mapping `m` to the dict `i` slots down the value
/// stack. Merging (a call's `**m`) refuses a key already there and names the function
/// being called, two slots below the dict, in its errors.
#[inline(never)]
fn dict_update(stack: &[Option<Obj>], i: usize, m: &Obj, merge: bool) -> PyResult<()> {
    let d = peek(stack, i)?;
    if !merge && ops::kind(m) == Kind::Dict {
        // `{**m}`: PyDict_Update, sized as dict_merge sizes it.
        return dict::merge(d, m);
    }
    let funcstr = || peek(stack, i + 2).map(function_str).unwrap_or_default();
    let items = if ops::kind(m) == Kind::Dict {
        dict::items(m)
    } else {
        match mapping_items(m)? {
            Some(items) => items,
            None if merge => {
                return Err(type_error(&format!(
                    "{} argument after ** must be a mapping, not {}",
                    funcstr(),
                    m.typ().name()
                )))
            }
            None => {
                return Err(type_error(&format!(
                    "'{}' object is not a mapping",
                    m.typ().name()
                )))
            }
        }
    };
    for (k, v) in items {
        if merge && dict::get_item(d, &k)?.is_some() {
            let key = if is_instance(&k, rt().types.str) {
                pystr::as_str(&k).into_owned()
            } else {
                ops::str_string(&k)?
            };
            return Err(type_error(&format!(
                "{} got multiple values for keyword argument '{}'",
                funcstr(),
                key
            )));
        }
        dict::set_item(d, &k, &v)?;
    }
    Ok(())
}

/// `_PyObject_FunctionStr`: how error messages name a callable, `module.qualname()`.
fn function_str(f: &Obj) -> String {
    let Ok(q) = ops::getattr_str(f, "__qualname__") else {
        return format!("{} object", f.typ().name());
    };
    if !is_instance(&q, rt().types.str) {
        return format!("{} object", f.typ().name());
    }
    let q = pystr::as_str(&q).into_owned();
    match ops::getattr_str(f, "__module__") {
        Ok(m) if is_instance(&m, rt().types.str) && &*pystr::as_str(&m) != "builtins" => {
            format!("{}.{}()", pystr::as_str(&m), q)
        }
        _ => format!("{}()", q),
    }
}

/// The positional arguments of `f(*x)` as a tuple (`CALL_FUNCTION_EX` given a non-tuple).
fn star_args_tuple(func: &Obj, x: &Obj) -> PyResult<Obj> {
    if x.typ().tp_iter.is_none() && x.typ().tp_getitem.is_none() {
        return Err(type_error(&format!(
            "{} argument after * must be an iterable, not {}",
            function_str(func),
            x.typ().name()
        )));
    }
    tuple::new_tuple(ops::collect(x)?)
}

/// The items of a mapping that is not a dict (`keys()` then `m[key]`, as
/// `PyDict_Merge` does); `None` when it has no `keys`.
fn mapping_items(m: &Obj) -> PyResult<Option<Vec<(Obj, Obj)>>> {
    let keys = match ops::getattr_str(m, "keys") {
        Ok(k) => k,
        Err(e) if exceptions::matches(&e.0, rt().exc.attribute_error) => return Ok(None),
        Err(e) => return Err(e),
    };
    let keys = ops::collect(&ops::call(&keys, &[], None)?)?;
    let mut items = Vec::with_capacity(keys.len());
    for k in keys {
        let v = ops::getitem(m, &k)?;
        items.push((k, v));
    }
    Ok(Some(items))
}

/// Calls any callable with owned arguments (moved into Python frames).
pub fn call_any(func: &Obj, args: Vec<Obj>, kwnames: Option<&Obj>) -> PyResult<Obj> {
    if ops::kind(func) == Kind::Function && !func.typ().is_heap() {
        return super::call_function(func, args, kwnames);
    }
    ops::call(func, &args, kwnames)
}

fn unpack(seq: &Obj, n: usize) -> PyResult<Vec<Obj>> {
    let r = rt();
    let items = if crate::objects::is_exact(seq, r.types.tuple) {
        tuple::items(seq).to_vec()
    } else if crate::objects::is_exact(seq, r.types.list) {
        list::to_vec(seq)
    } else {
        if seq.typ().tp_iter.is_none() && seq.typ().tp_getitem.is_none() {
            return Err(type_error(&format!(
                "cannot unpack non-iterable {} object",
                seq.typ().name()
            )));
        }
        // Stop after n+1 items, as CPython does (the error only needs to know "too many").
        let it = ops::iter(seq)?;
        let mut v = Vec::with_capacity(n);
        while let Some(x) = ops::next(&it)? {
            v.push(x);
            if v.len() > n {
                return Err(exceptions::value_error(&format!(
                    "too many values to unpack (expected {})",
                    n
                )));
            }
        }
        v
    };
    if items.len() > n {
        return Err(exceptions::value_error(&format!(
            "too many values to unpack (expected {})",
            n
        )));
    }
    if items.len() < n {
        return Err(exceptions::value_error(&format!(
            "not enough values to unpack (expected {}, got {})",
            n,
            items.len()
        )));
    }
    Ok(items)
}

/// An exception instance from `raise X` (instantiating classes).
fn make_exception(e: &Obj) -> PyResult<PyErr> {
    let r = rt();
    if ops::kind(e) == Kind::Type {
        let t = e.as_ptr() as *mut TypeObject;
        // SAFETY: e is a type.
        if unsafe { (*t).is_subtype(r.exc.base_exception) } {
            let inst = ops::call(e, &[], None)?;
            if !is_instance(&inst, r.exc.base_exception) {
                return Err(type_error(&format!(
                    "calling {} should have returned an instance of BaseException, not {}",
                    crate::ops::repr_string(e)?,
                    inst.typ().name()
                )));
            }
            return Ok(PyErr(inst));
        }
    } else if is_instance(e, r.exc.base_exception) {
        return Ok(PyErr(e.clone()));
    }
    Err(type_error("exceptions must derive from BaseException"))
}

fn exception_matches(exc: &Obj, ty: &Obj) -> PyResult<bool> {
    let r = rt();
    if ops::kind(ty) == Kind::Tuple {
        for t in tuple::items(ty) {
            if exception_matches(exc, t)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    let ok = ops::kind(ty) == Kind::Type && {
        let t = ty.as_ptr() as *mut TypeObject;
        // SAFETY: ty is a type.
        unsafe { (*t).is_subtype(r.exc.base_exception) }
    };
    if !ok {
        return Err(type_error(
            "catching classes that do not inherit from BaseException is not allowed",
        ));
    }
    Ok(is_instance(exc, ty.as_ptr() as *mut TypeObject))
}

/// Binary operations with the int fast path inline.
/// Arithmetic on two medium ints, inline (3.11's `BINARY_OP_ADD_INT` and kin): both
/// are below 2**30 in size, so every result fits a machine word. `None` for other
/// operands and operators, and for division by zero (the general path raises).
#[inline(always)]
fn medium_int_op(a: &Obj, b: &Obj, op: BinOp, int_type: *mut TypeObject) -> Option<PyResult<Obj>> {
    let x = int::medium_value(a, int_type)?;
    let y = int::medium_value(b, int_type)?;
    let v = match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        // Rounding toward negative infinity, as Python's `//` and `%` do.
        BinOp::FloorDiv if y != 0 => {
            let q = x / y;
            if x % y != 0 && (x < 0) != (y < 0) {
                q - 1
            } else {
                q
            }
        }
        BinOp::Mod if y != 0 => {
            let m = x % y;
            if m != 0 && (m < 0) != (y < 0) {
                m + y
            } else {
                m
            }
        }
        BinOp::And => x & y,
        BinOp::Or => x | y,
        BinOp::Xor => x ^ y,
        _ => return None,
    };
    Some(int::new_int(v))
}

#[inline]
fn binary_fast(a: &Obj, b: &Obj, op: BinOp) -> PyResult<Obj> {
    let r = rt();
    if a.type_ptr() == r.types.int && b.type_ptr() == r.types.int {
        if let (Some(x), Some(y)) = (int::as_i64(a), int::as_i64(b)) {
            let v = match op {
                BinOp::Add => x.checked_add(y),
                BinOp::Sub => x.checked_sub(y),
                BinOp::Mul => x.checked_mul(y),
                // Floor division and modulo round toward negative infinity; y == 0 and
                // i64::MIN / -1 take the general path (and its errors).
                BinOp::FloorDiv if y != 0 && !(x == i64::MIN && y == -1) => {
                    Some(num_integer::Integer::div_floor(&x, &y))
                }
                BinOp::Mod if y != 0 && !(x == i64::MIN && y == -1) => {
                    Some(num_integer::Integer::mod_floor(&x, &y))
                }
                BinOp::And => Some(x & y),
                BinOp::Or => Some(x | y),
                BinOp::Xor => Some(x ^ y),
                _ => None,
            };
            if let Some(v) = v {
                return int::new_int(v);
            }
        }
    }
    ops::binary_op(a, b, op)
}

/// The result of comparing two exact ints that fit a machine word, or two exact strs
/// for (in)equality; `None` for everything else.
#[inline(always)]
fn compare_exact(a: &Obj, b: &Obj, op: CompareOp) -> Option<bool> {
    let r = rt();
    if let (Some(x), Some(y)) = (
        int::medium_value(a, r.types.int),
        int::medium_value(b, r.types.int),
    ) {
        return Some(ops::cmp_result(x, y, op));
    }
    if a.type_ptr() == r.types.int && b.type_ptr() == r.types.int {
        let (x, y) = (int::as_i64(a)?, int::as_i64(b)?);
        return Some(ops::cmp_result(x, y, op));
    }
    if a.type_ptr() == r.types.str && b.type_ptr() == r.types.str {
        return match op {
            CompareOp::Eq => Some(pystr::eq(a, b)),
            CompareOp::Ne => Some(!pystr::eq(a, b)),
            _ => None,
        };
    }
    None
}

#[inline]
fn compare_fast(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    let r = rt();
    if let Some(truth) = compare_exact(a, b, op) {
        return Ok(r.bool_obj(truth));
    }
    ops::richcompare(a, b, op)
}
