//! Call frames: the seed's "stack". A frame holds the code being run, its local variables
//! and its value stack; the locals are references — the objects live on the heap. When a
//! frame finishes, its references are released and any object whose count reaches zero is
//! freed at once.
//!
//! The frames of Python calls (3.11's `_PyInterpreterFrame`s in the thread's data stack)
//! are boxed and kept on the eval loop's call stack while they run; when one finishes, its
//! storage, with its slot vectors, goes back to a pool, so a call costs no allocation.
//! Module and class-body frames live on the Rust stack; a generator keeps its frame on the
//! heap while suspended. A Python-visible frame object is created only when needed (a
//! traceback or `sys._getframe`); when its frame finishes, the frame object takes over the
//! locals, so a traceback keeps them alive exactly as CPython's does.

use crate::object::Obj;
use crate::objects::code::{self, CodeData};
use std::mem::MaybeUninit;
use std::ptr::NonNull;

/// Slot vectors (locals, value stacks) of finished frames, kept for reuse: a call then
/// costs no trip to the system allocator, as CPython's frames live in a reused data stack.
const POOLED_BUFFERS: usize = 4096;
/// Initial capacity of a new buffer (a value stack rarely needs more).
const INITIAL_CAPACITY: usize = 16;

fn take_buffer(len: usize) -> Vec<Option<Obj>> {
    let pool = crate::runtime::rt().frame_buffers();
    let mut v = pool
        .pop()
        .unwrap_or_else(|| Vec::with_capacity(INITIAL_CAPACITY.max(len)));
    v.resize_with(len, || None);
    v
}

fn give_buffer(mut v: Vec<Option<Obj>>) {
    debug_assert!(v.iter().all(|x| x.is_none()));
    if v.capacity() == 0 {
        return;
    }
    v.clear();
    let pool = crate::runtime::rt().frame_buffers();
    if v.capacity() <= 1024 && pool.len() < POOLED_BUFFERS {
        pool.push(v);
    }
}

/// Function frames kept for reuse: calls far outnumber the depth they reach, so nearly
/// every call finds a frame here, with its slot vectors, and costs no allocation at all.
const POOLED_FRAMES: usize = 1024;

/// The storage of a finished function frame, left where it is: its slot vectors stay in
/// place (emptied), the rest of it holds nothing. Only the pointer moves in and out of
/// the pool, so reusing a frame copies no vectors around.
pub struct PooledFrame(NonNull<Frame>);

impl Drop for PooledFrame {
    fn drop(&mut self) {
        let p = self.0.as_ptr();
        // SAFETY: a pooled frame came from a Box<Frame> whose `fast`, `stack` and `blocks`
        // are valid vectors and whose other fields were dropped (see `Frame::recycle`);
        // the three are dropped here once and the memory freed with the Box's layout.
        unsafe {
            std::ptr::drop_in_place(std::ptr::addr_of_mut!((*p).fast));
            std::ptr::drop_in_place(std::ptr::addr_of_mut!((*p).stack));
            std::ptr::drop_in_place(std::ptr::addr_of_mut!((*p).blocks));
            drop(Box::from_raw(p.cast::<MaybeUninit<Frame>>()));
        }
    }
}

/// A `try` block: where to jump on an exception and how deep the value stack was.
#[derive(Clone, Copy, Debug)]
pub struct Block {
    pub handler: u32,
    pub level: u32,
}

pub struct Frame {
    pub code: Obj,
    /// The function being run, when its caller's value stack handed over its reference
    /// (a call run inside the caller's eval loop, as 3.11's `f_func`).
    pub func: Option<Obj>,
    pub globals: Obj,
    pub builtins: Obj,
    /// The namespace for `LoadName`/`StoreName` (module globals or a class body dict).
    pub locals: Option<Obj>,
    /// Locals, then cells, then free variables.
    pub fast: Vec<Option<Obj>>,
    /// The value stack; `None` is CPython's NULL marker.
    pub stack: Vec<Option<Obj>>,
    pub blocks: Vec<Block>,
    /// Index of the next instruction.
    pub pc: usize,
    /// Index of the instruction being executed (for tracebacks).
    pub lasti: usize,
    /// The frame object, once one has been made for this frame.
    pub frame_obj: Option<Obj>,
    /// The frame that was executing when this one started (while it runs).
    pub back: *mut Frame,
}

impl Frame {
    pub fn new(code: Obj, globals: Obj, builtins: Obj, locals: Option<Obj>) -> Frame {
        let d = code::data(&code);
        let nfast = d.nfast as usize;
        let fast = take_buffer(nfast);
        Frame {
            code,
            func: None,
            globals,
            builtins,
            locals,
            fast,
            stack: take_buffer(0),
            blocks: Vec::new(),
            pc: 0,
            lasti: 0,
            frame_obj: None,
            back: std::ptr::null_mut(),
        }
    }

    /// A new frame on the heap, from the pool when it has one (the frames of calls, which
    /// their caller's eval loop keeps while they run).
    pub fn new_boxed(code: Obj, globals: Obj, builtins: Obj) -> Box<Frame> {
        let d = code::data(&code);
        let nfast = d.nfast as usize;
        let Some(pooled) = crate::runtime::rt().frame_pool().pop() else {
            return Box::new(Frame::new(code, globals, builtins, None));
        };
        let p = std::mem::ManuallyDrop::new(pooled).0.as_ptr();
        // SAFETY: a pooled frame's vectors are valid, its slot vector holds only `None`s
        // (`recycle` empties it), and its other fields hold nothing (see `PooledFrame`);
        // every other field is written here before the Box takes the memory back as an
        // initialised frame.
        unsafe {
            let fast = &mut *std::ptr::addr_of_mut!((*p).fast);
            // A pooled vector holds only `None`s, which own nothing: cutting it short
            // needs no drops. Calls of one function find it the right length.
            if fast.len() > nfast {
                fast.set_len(nfast);
            } else if fast.len() < nfast {
                fast.resize_with(nfast, || None);
            }
            std::ptr::addr_of_mut!((*p).code).write(code);
            std::ptr::addr_of_mut!((*p).func).write(None);
            std::ptr::addr_of_mut!((*p).globals).write(globals);
            std::ptr::addr_of_mut!((*p).builtins).write(builtins);
            std::ptr::addr_of_mut!((*p).locals).write(None);
            std::ptr::addr_of_mut!((*p).pc).write(0);
            std::ptr::addr_of_mut!((*p).lasti).write(0);
            std::ptr::addr_of_mut!((*p).frame_obj).write(None);
            std::ptr::addr_of_mut!((*p).back).write(std::ptr::null_mut());
            Box::from_raw(p)
        }
    }

    /// Releases a finished frame's references and keeps its storage for another call.
    pub fn recycle(frame: Box<Frame>) {
        if crate::runtime::rt().frame_pool().len() >= POOLED_FRAMES || frame.frame_obj.is_some() {
            // A frame object takes over the locals; `Drop` hands them to it.
            drop(frame);
            return;
        }
        let p = Box::into_raw(frame);
        // SAFETY: `p` came from a live Box<Frame> and is not used as a frame again: its
        // vectors are emptied in place and every other field holding references is dropped
        // exactly once, so the frame's own `Drop` never runs; the memory then belongs to
        // the pool entry (see `PooledFrame`). Released in `clear`'s order: the value
        // stack, the locals, then the rest. Dropping may run Python code, which may take
        // frames from the pool, but not this one: it is pooled only afterwards.
        unsafe {
            // A returning frame's value stack and block stack are empty: popping what is
            // left costs one check then, where `clear` calls the general slice drop.
            while let Some(v) = (*p).stack.pop() {
                drop(v);
            }
            (*p).blocks.clear();
            for slot in (*p).fast.iter_mut() {
                if let Some(v) = slot.take() {
                    drop(v);
                }
            }
            std::ptr::drop_in_place(std::ptr::addr_of_mut!((*p).func));
            std::ptr::drop_in_place(std::ptr::addr_of_mut!((*p).code));
            std::ptr::drop_in_place(std::ptr::addr_of_mut!((*p).globals));
            std::ptr::drop_in_place(std::ptr::addr_of_mut!((*p).builtins));
            std::ptr::drop_in_place(std::ptr::addr_of_mut!((*p).locals));
            std::ptr::drop_in_place(std::ptr::addr_of_mut!((*p).frame_obj));
            crate::runtime::rt()
                .frame_pool()
                .push(PooledFrame(NonNull::new_unchecked(p)));
        }
    }

    #[inline]
    pub fn code_data(&self) -> &CodeData {
        code::data(&self.code)
    }

    /// The source line being executed.
    pub fn lineno(&self) -> u32 {
        self.code_data()
            .locations
            .get(self.lasti)
            .map(|l| l.line)
            .unwrap_or(0)
    }

    /// Releases the frame's references, handing the locals to its frame object if one
    /// exists. The value stack is released first (innermost temporaries), then the locals
    /// in order, as CPython's `_PyFrame_Clear`.
    pub fn clear(&mut self) {
        self.stack.clear();
        self.blocks.clear();
        match &self.frame_obj {
            Some(fo) => {
                let fast = std::mem::take(&mut self.fast);
                crate::objects::frameobject::take_locals(fo, fast, self.lasti);
            }
            None => {
                // Locals are released in order, then the buffer is reused.
                for slot in self.fast.iter_mut() {
                    drop(slot.take());
                }
            }
        }
        self.func = None;
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        self.clear();
        give_buffer(std::mem::take(&mut self.fast));
        give_buffer(std::mem::take(&mut self.stack));
    }
}
