//! Call frames: the seed's "stack". A frame holds the code being run, its local variables
//! and its value stack; the locals are references — the objects live on the heap. When a
//! frame finishes, its references are released and any object whose count reaches zero is
//! freed at once.
//!
//! Frames are Rust values on the interpreter's call stack (like 3.11's
//! `_PyInterpreterFrame`s in the thread's data stack); a generator keeps its frame on the
//! heap while suspended. A Python-visible frame object is created only when needed (a
//! traceback or `sys._getframe`); when its frame finishes, the frame object takes over the
//! locals, so a traceback keeps them alive exactly as CPython's does.

use crate::object::Obj;
use crate::objects::code::{self, CodeData};
use std::mem::MaybeUninit;

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

/// The storage of a finished function frame: the frame's own memory (holding no frame)
/// and its emptied slot vectors.
pub struct PooledFrame {
    storage: Box<MaybeUninit<Frame>>,
    fast: Vec<Option<Obj>>,
    stack: Vec<Option<Obj>>,
    blocks: Vec<Block>,
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
        let nfast = d.nlocals() + d.ncells() + d.nfrees();
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
        let nfast = d.nlocals() + d.ncells() + d.nfrees();
        let Some(pooled) = crate::runtime::rt().frame_pool().pop() else {
            return Box::new(Frame::new(code, globals, builtins, None));
        };
        let PooledFrame {
            mut storage,
            mut fast,
            stack,
            blocks,
        } = pooled;
        // A pooled vector holds only `None`s; calls of one function find it the right length.
        if fast.len() > nfast {
            fast.truncate(nfast);
        } else {
            while fast.len() < nfast {
                fast.push(None);
            }
        }
        storage.write(Frame {
            code,
            func: None,
            globals,
            builtins,
            locals: None,
            fast,
            stack,
            blocks,
            pc: 0,
            lasti: 0,
            frame_obj: None,
            back: std::ptr::null_mut(),
        });
        // SAFETY: the frame was written just above.
        unsafe { storage.assume_init() }
    }

    /// Releases a finished frame's references and keeps its storage for another call.
    pub fn recycle(frame: Box<Frame>) {
        let pool = crate::runtime::rt().frame_pool();
        if pool.len() >= POOLED_FRAMES || frame.frame_obj.is_some() {
            // A frame object takes over the locals; `Drop` hands them to it.
            drop(frame);
            return;
        }
        let raw = Box::into_raw(frame);
        // SAFETY: `raw` came from a live Box<Frame> and is not used as a frame again: every
        // field is moved out exactly once (so the frame's `Drop` never runs), and the
        // memory is then owned as uninitialised storage of the same layout.
        let (storage, mut fast, mut stack, mut blocks, func, code, globals, builtins, locals) = unsafe {
            (
                Box::from_raw(raw.cast::<MaybeUninit<Frame>>()),
                std::ptr::read(&(*raw).fast),
                std::ptr::read(&(*raw).stack),
                std::ptr::read(&(*raw).blocks),
                std::ptr::read(&(*raw).func),
                std::ptr::read(&(*raw).code),
                std::ptr::read(&(*raw).globals),
                std::ptr::read(&(*raw).builtins),
                std::ptr::read(&(*raw).locals),
            )
        };
        // Released in `clear`'s order: the value stack, the locals, then the rest.
        stack.clear();
        blocks.clear();
        for slot in fast.iter_mut() {
            drop(slot.take());
        }
        drop(func);
        drop(code);
        drop(globals);
        drop(builtins);
        drop(locals);
        let pool = crate::runtime::rt().frame_pool();
        if pool.len() < POOLED_FRAMES {
            pool.push(PooledFrame {
                storage,
                fast,
                stack,
                blocks,
            });
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
