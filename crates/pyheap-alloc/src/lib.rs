//! CPython 3.11's memory allocator — pymalloc, its raw layer and its debug hooks — as a
//! standalone Rust crate. It is the bottom of pyheap, and knows nothing of Python.
//!
//! # Where it sits
//!
//! ```text
//!     Object-specific allocators   free lists and caches (in the runtime)      [ int | dict | list ]
//!    ─────────────────────────────────────────────────────────────────────────────────────────────
//!     Object allocator             pymalloc: 1 MiB arenas → 16 KiB pools →      pymalloc, arena,
//!                                  32 size classes of 16…512-byte blocks        pool, size_class,
//!                                                                               arena_map
//!    ─────────────────────────────────────────────────────────────────────────────────────────────
//!     Raw allocator                pages (mmap) and large blocks (C malloc),    raw, debug
//!                                  byte accounting, hard limit, debug hooks
//!    ─────────────────────────────────────────────────────────────────────────────────────────────
//!     Operating system             mmap / munmap, the C heap
//! ```
//!
//! Dependencies point down only. The raw layer is the one place that talks to the OS.
//!
//! # Domains
//!
//! CPython has three allocation APIs, and so does [`Allocator`], as a [`Domain`] argument:
//!
//! | Domain           | CPython            | Served by                               | API id |
//! |------------------|--------------------|-----------------------------------------|--------|
//! | [`Domain::Raw`]    | `PyMem_RawMalloc`  | the raw layer (C `malloc`), always      | `'r'`  |
//! | [`Domain::Mem`]    | `PyMem_Malloc`     | pymalloc for 1..=512 bytes, else raw    | `'m'`  |
//! | [`Domain::Object`] | `PyObject_Malloc`  | pymalloc for 1..=512 bytes, else raw    | `'o'`  |
//!
//! The runtime allocates every object in the object domain and the buffers objects own (list
//! item arrays, dict tables) in the mem domain. [`Config`] chooses, once, what CPython's
//! `PYTHONMALLOC` chooses: pymalloc or plain `malloc` for mem and object, and the debug
//! hooks on or off.
//!
//! # Blocks, pools and arenas: the numbers
//!
//! Nearly every Python object is small and short-lived, so a general-purpose `malloc` spends
//! most of its effort on requests that have simple answers. pymalloc gives them those answers:
//!
//! * A **block** is what `malloc` returns. Small requests (1 to 512 bytes) are rounded up to a
//!   multiple of 16: 32 **size classes**, class `(n - 1) >> 4` for a request of `n` bytes.
//!   Blocks are 16-byte aligned. Requests of 0 bytes or over 512 go to the raw layer
//!   (0 is served as 1 byte, as CPython does).
//! * A **pool** is 16 KiB of blocks of one class, aligned to 16 KiB, with a 48-byte header:
//!   1021 blocks of 16 bytes, 31 of 512. A pool carves its blocks lazily, and reuses freed
//!   blocks last-in first-out ([`pool`] module docs).
//! * An **arena** is 1 MiB from `mmap`, 64 pools — 63 when `mmap` returns an address that is
//!   not 16 KiB-aligned and the partial pool at the start is skipped. Arenas with free pools
//!   are kept sorted most-allocated first, so the others can drain; a wholly free arena is
//!   unmapped unless it is the last usable one ([`arena`] module docs).
//!
//! | constant                  | value     |
//! |---------------------------|-----------|
//! | [`ALIGNMENT`]               | 16 bytes  |
//! | [`SMALL_REQUEST_THRESHOLD`] | 512 bytes |
//! | [`NB_SMALL_SIZE_CLASSES`]   | 32        |
//! | [`POOL_SIZE`]               | 16 KiB    |
//! | [`POOL_OVERHEAD`]           | 48 bytes  |
//! | [`ARENA_SIZE`]              | 1 MiB     |
//! | [`MAX_POOLS_IN_ARENA`]      | 64        |
//!
//! These are the values of 64-bit CPython 3.11 built with its default radix tree ("large
//! arenas, large pools").
//!
//! # Whose pointer is it?
//!
//! `free` gets a bare pointer and must tell a pymalloc block from a raw one. The pool header
//! it would consult sits at the pointer rounded down to 16 KiB, which for a raw block is
//! somebody else's memory. Like CPython, the allocator instead looks the address up in a
//! radix tree keyed by the address's 1 MiB slot ([`arena_map`]), which is
//! exact for any pointer and reads only the tree.
//!
//! # Accounting and the limit
//!
//! [`Allocator::stats`] reports, at no cost: bytes held from the OS (arenas plus large blocks
//! with their 32-byte headers) and their peak; per domain, bytes and blocks in use and peak
//! bytes; arena counts; large-block counts. [`Config::limit`] caps the bytes held from the
//! OS. A request that would pass it fails with [`AllocError`] before anything changes, and
//! later requests that fit succeed. Note the granularity: pymalloc grows by whole 1 MiB
//! arenas.
//!
//! # Debug hooks
//!
//! With [`Config::debug`], every block is decorated as CPython's `PYTHONMALLOC=debug` does
//! (size, API id, pad bytes; clean bytes on allocation, dead bytes on free), and `free` and
//! `realloc` check the decoration and abort with CPython's report on a fault.
//! [`Allocator::try_free`] returns the [`HeapFault`] instead. See the [`debug`]
//! module.
//!
//! # Statistics
//!
//! [`Allocator::write_debugmallocstats`] prints the allocator part of
//! `sys._debugmallocstats()` in exactly CPython 3.11's format; [`format_free_list_line`]
//! prints the free-list lines the runtime adds after it.
//!
//! # Example
//!
//! ```
//! use pyheap_alloc::{Allocator, Config, Domain};
//!
//! let mut heap = Allocator::new(Config::default());
//! let p = heap.malloc(Domain::Object, 40).unwrap();   // a 48-byte block, class 2
//! assert_eq!(heap.stats().object.current_bytes, 48);
//! unsafe { heap.free(Domain::Object, p) };
//! assert_eq!(heap.stats().blocks_in_use, 0);
//!
//! let mut report = String::new();
//! heap.write_debugmallocstats(&mut report).unwrap();
//! assert!(report.starts_with("Small block threshold = 512, in 32 size classes."));
//! ```
//!
//! # Safety and threads
//!
//! All `unsafe` code is behind the [`Allocator`] methods; the unsafe ones are those that
//! take a pointer back (`free`, `realloc`, `try_free`, `usable_size`), whose contract is
//! CPython's: the pointer is live and came from the same domain. Every other use of the
//! allocator is safe, and no valid use panics: failures are [`AllocError`]. An allocator is
//! `Send` and not `Sync`.
//!
//! # Testing
//!
//! Unit tests sit beside the code (size classes, carving, the arena map, pool transitions,
//! LIFO reuse, arena order and release, the raw layer and its limit). `tests/` holds the API
//! tests (accounting, the limit, realloc in place or moved, every configuration), the debug
//! hooks (every fault, CPython's report text, and the real abort in a child process), the
//! `sys._debugmallocstats()` text against CPython 3.11's own output, property tests of random
//! programs against a model, and a stress test of millions of operations. The stress test and
//! every other test binary run clean under valgrind; figures and details are in
//! `BENCHMARKS.md`.
//!
//! # Modules
//!
//! Each module's documentation explains its part of the design; their public items are the
//! constants, and the types re-exported here.
//!
//! * [`size_class`] — request size to block size.
//! * [`pool`] — pool header, lazy carving, free lists.
//! * [`arena`] — arenas, their table, the usable list and its order.
//! * [`arena_map`] — the radix tree behind `address_in_range`.
//! * [`pymalloc`] — the object allocator's fast and slow paths.
//! * [`raw`] — OS pages, large blocks, byte accounting, the limit.
//! * [`debug`] — the debug hooks.
//! * [`stats`] — [`Stats`], [`Census`] and the `sys._debugmallocstats()` text.
//! * `allocator` — [`Allocator`]: the domains wired to all of the above.

#![warn(clippy::undocumented_unsafe_blocks)]
#![deny(unsafe_op_in_unsafe_fn)]

#[cfg(not(target_pointer_width = "64"))]
compile_error!("pyheap-alloc implements 64-bit CPython's layout (1 MiB arenas, 16 KiB pools)");

mod allocator;
pub mod arena;
pub mod arena_map;
pub mod debug;
pub mod pool;
pub mod pymalloc;
pub mod raw;
pub mod size_class;
pub mod stats;

pub use allocator::Allocator;
pub use arena::{ARENA_SIZE, INITIAL_ARENA_OBJECTS, MAX_POOLS_IN_ARENA};
pub use debug::{HeapFault, LiveBlock};
pub use pool::{POOL_OVERHEAD, POOL_SIZE};
pub use raw::LARGE_HEADER_SIZE;
pub use size_class::{ALIGNMENT, NB_SMALL_SIZE_CLASSES, SMALL_REQUEST_THRESHOLD};
pub use stats::{format_free_list_line, format_stat_line, Census, ClassCensus, DomainStats, Stats};

use std::fmt;

/// Which CPython allocator family a block belongs to (`PyMem_RawMalloc`, `PyMem_Malloc`,
/// `PyObject_Malloc`). The debug hooks record it as the API id `'r'`, `'m'`, `'o'`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Domain {
    Raw,
    Mem,
    Object,
}

impl Domain {
    /// The three domains, in CPython's order.
    pub const ALL: [Domain; 3] = [Domain::Raw, Domain::Mem, Domain::Object];

    /// The API id the debug hooks store in a block's header.
    pub const fn api_id(self) -> char {
        match self {
            Domain::Raw => 'r',
            Domain::Mem => 'm',
            Domain::Object => 'o',
        }
    }

    /// The domain with API id `id`, if any.
    pub const fn from_api_id(id: char) -> Option<Domain> {
        match id {
            'r' => Some(Domain::Raw),
            'm' => Some(Domain::Mem),
            'o' => Some(Domain::Object),
            _ => None,
        }
    }

    /// 0, 1, 2 for raw, mem, object.
    #[inline(always)]
    pub const fn index(self) -> usize {
        self as usize
    }

    #[inline(always)]
    const fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// Start-up choices, fixed for the allocator's life.
#[derive(Clone, Debug)]
pub struct Config {
    /// Hard limit on bytes held from the OS (arenas + large blocks); `None` = unlimited.
    pub limit: Option<usize>,
    /// Install the debug hooks (pad bytes, clean/dead bytes, API id checks).
    pub debug: bool,
    /// Serve small mem and object requests with pymalloc (the default). `false` sends every
    /// request to the raw layer, like `PYTHONMALLOC=malloc`.
    pub pymalloc: bool,
}

impl Default for Config {
    /// No limit, no debug hooks, pymalloc on: CPython's release-build default.
    fn default() -> Config {
        Config {
            limit: None,
            debug: false,
            pymalloc: true,
        }
    }
}

impl Config {
    /// The configuration a `PYTHONMALLOC` value selects: `default`, `pymalloc`, `malloc`,
    /// `debug`, `pymalloc_debug` or `malloc_debug` (an empty value means `default`).
    /// `None` for anything else.
    pub fn from_pythonmalloc(name: &str) -> Option<Config> {
        let (pymalloc, debug) = match name {
            "" | "default" | "pymalloc" => (true, false),
            "debug" | "pymalloc_debug" => (true, true),
            "malloc" => (false, false),
            "malloc_debug" => (false, true),
            _ => return None,
        };
        Some(Config {
            limit: None,
            debug,
            pymalloc,
        })
    }
}

/// The allocation was refused (limit reached or the OS said no).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AllocError;

impl fmt::Display for AllocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("memory allocation refused (limit reached or out of memory)")
    }
}

impl std::error::Error for AllocError {}
