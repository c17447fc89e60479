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
    v.clear();
    let pool = crate::runtime::rt().frame_buffers();
    if v.capacity() <= 1024 && pool.len() < POOLED_BUFFERS {
        pool.push(v);
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
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        self.clear();
        give_buffer(std::mem::take(&mut self.fast));
        give_buffer(std::mem::take(&mut self.stack));
    }
}
