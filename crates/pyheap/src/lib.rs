//! # pyheap
//!
//! CPython 3.11's memory management rebuilt in Rust, with a Python interpreter on top so
//! that real programs drive it.
//!
//! ```text
//!   Python program   sys.getrefcount · sys.getsizeof · gc · id · del
//!   Interpreter      compile/ (AST → code objects) · vm/ (frames, eval loop)
//!   Object model     object.rs (header, Obj) · typeobj.rs · objects/ (one file per type)
//!                    gc.rs (container tracking) · freelist.rs · small ints, interning
//!   Allocators       heap.rs → pyheap-alloc (pymalloc arenas/pools/blocks, raw layer)
//! ```
//!
//! Every object lives in memory from `pyheap-alloc` with CPython's 64-bit layout, so
//! `sys.getsizeof` reports the real size; reference counts are held where CPython holds
//! them, so `sys.getrefcount` agrees; and an object is freed at the decref that reaches
//! zero. [`Interpreter`] is the embedding API.

pub mod compile;
pub mod format;
pub mod freelist;
pub mod gc;
pub mod hash;
pub mod heap;
pub mod init;
mod interpreter;
pub mod modules;
pub mod object;
pub mod objects;
pub mod ops;
pub mod runtime;
pub mod runtime_state;
pub mod typeobj;
pub mod vm;

pub use interpreter::{Config, Interpreter, LeakReport, RunError};
