//! [`Allocator`]: the three domains wired to pymalloc, the raw layer and the debug hooks.
//!
//! The hot paths are `malloc` and `free` of small blocks in the mem and object domains with
//! the hooks off. They are `#[inline]` and do only this: one test that the domain is served
//! by plain pymalloc, one that the size is small, the pool list pop or push, and the domain's
//! counters. Everything else — a class with no used pool, a full or emptied pool, large
//! blocks, the raw domain, the debug hooks — is in out-of-line functions.

use std::fmt;
use std::ptr::{self, NonNull};

use crate::debug::{DebugHeap, Fill, HeapFault, FREE_FUNCTION};
use crate::pymalloc::Pymalloc;
use crate::raw::RawLayer;
use crate::size_class::{self, block_size, class_index};
use crate::stats::{self, Census, DomainStats, Stats};
use crate::{AllocError, Config, Domain};

/// Running usage of one domain.
#[derive(Clone, Copy, Default)]
pub(crate) struct Usage {
    bytes: usize,
    peak: usize,
    blocks: usize,
}

impl Usage {
    #[inline(always)]
    fn add(&mut self, bytes: usize) {
        self.bytes += bytes;
        self.blocks += 1;
        if self.bytes > self.peak {
            self.peak = self.bytes;
        }
    }

    /// Wrapping, so that a block freed in the wrong domain skews the counters instead of
    /// panicking.
    #[inline(always)]
    fn sub(&mut self, bytes: usize) {
        self.bytes = self.bytes.wrapping_sub(bytes);
        self.blocks = self.blocks.wrapping_sub(1);
    }

    #[inline]
    fn resize(&mut self, old: usize, new: usize) {
        self.bytes = self.bytes.wrapping_sub(old).wrapping_add(new);
        if self.bytes > self.peak {
            self.peak = self.bytes;
        }
    }

    fn public(self) -> DomainStats {
        DomainStats {
            current_bytes: self.bytes,
            peak_bytes: self.peak,
            blocks_in_use: self.blocks,
        }
    }
}

/// CPython 3.11's memory allocator: raw, mem and object domains over pymalloc and the C heap.
///
/// One allocator is one private heap. It is single-threaded (`Send` but not `Sync`): the
/// runtime keeps one per interpreter. Dropping it returns every arena and every large block
/// to the OS, so pointers it handed out are dead afterwards.
pub struct Allocator {
    /// Bit `domain.bit()` is set when `domain` is served by plain pymalloc (pymalloc on,
    /// hooks off): the fast paths apply.
    fast_domains: u8,
    usage: [Usage; 3],
    pub(crate) pymalloc: Pymalloc,
    pub(crate) raw: RawLayer,
    pub(crate) debug: Option<DebugHeap>,
    pub(crate) fatal_hook: Option<fn(&HeapFault)>,
    config: Config,
}

// SAFETY: the allocator owns every arena, pool and large block it points to; no pointer in it
// is shared with another allocator or thread, so moving the whole allocator to another thread
// moves sole ownership of that memory with it. It is not `Sync`: `&Allocator` methods read
// pool headers that `&mut` methods write without synchronisation.
unsafe impl Send for Allocator {}

impl Allocator {
    /// A new, empty heap. No memory is taken from the OS until the first request.
    pub fn new(config: Config) -> Allocator {
        let mut fast_domains = 0;
        if config.pymalloc && !config.debug {
            fast_domains = Domain::Mem.bit() | Domain::Object.bit();
        }
        Allocator {
            fast_domains,
            usage: [Usage::default(); 3],
            pymalloc: Pymalloc::new(),
            raw: RawLayer::new(config.limit),
            debug: config.debug.then(DebugHeap::default),
            fatal_hook: None,
            config,
        }
    }

    /// The configuration this heap was made with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Whether `domain`'s small blocks come from pymalloc (false for the raw domain, and for
    /// every domain with `Config::pymalloc` off).
    #[inline(always)]
    fn uses_pymalloc(&self, domain: Domain) -> bool {
        self.config.pymalloc && domain != Domain::Raw
    }

    /// Allocates `size` bytes in `domain`, 16-byte aligned. `size` 0 is a valid request and
    /// gets a distinct block. Fails with [`AllocError`] if the limit or the OS refuses.
    #[inline]
    pub fn malloc(&mut self, domain: Domain, size: usize) -> Result<NonNull<u8>, AllocError> {
        if self.fast_domains & domain.bit() != 0 && size_class::is_small(size) {
            let idx = class_index(size);
            if let Some(block) = self.pymalloc.alloc_from_used_pool(idx) {
                self.usage[domain.index()].add(block_size(idx));
                return Ok(block);
            }
        }
        self.malloc_slow(domain, size)
    }

    #[inline(never)]
    fn malloc_slow(&mut self, domain: Domain, size: usize) -> Result<NonNull<u8>, AllocError> {
        if self.debug.is_some() {
            self.debug_malloc(domain, size, Fill::Clean)
        } else {
            self.alloc_block(domain, size)
        }
    }

    /// Allocates `nelem * elsize` zeroed bytes in `domain`; fails if the product overflows.
    pub fn calloc(
        &mut self,
        domain: Domain,
        nelem: usize,
        elsize: usize,
    ) -> Result<NonNull<u8>, AllocError> {
        let size = nelem.checked_mul(elsize).ok_or(AllocError)?;
        if self.debug.is_some() {
            return self.debug_malloc(domain, size, Fill::Zero);
        }
        let p = self.alloc_block(domain, size)?;
        // SAFETY: `p` is a fresh block of at least `size` bytes.
        unsafe { ptr::write_bytes(p.as_ptr(), 0, size) };
        Ok(p)
    }

    /// Allocates without the debug hooks: pymalloc for small requests of pymalloc domains,
    /// the raw layer for the rest. Keeps the domain's counters.
    pub(crate) fn alloc_block(
        &mut self,
        domain: Domain,
        size: usize,
    ) -> Result<NonNull<u8>, AllocError> {
        if self.uses_pymalloc(domain) && size_class::is_small(size) {
            let idx = class_index(size);
            let p = self.pymalloc.alloc(&mut self.raw, idx)?;
            self.usage[domain.index()].add(block_size(idx));
            return Ok(p);
        }
        let p = self.raw.alloc_large(domain, size, false)?;
        self.usage[domain.index()].add(size.max(1));
        Ok(p)
    }

    /// Frees a block of `domain`. With the debug hooks installed the block is checked first,
    /// and a fault is reported on stderr before the process aborts (see [`try_free`]).
    ///
    /// # Safety
    /// `ptr` came from this allocator's `malloc`, `calloc` or `realloc` in `domain` and is
    /// live; it is dead afterwards. (With the debug hooks installed, misuse is detected
    /// instead.)
    ///
    /// [`try_free`]: Allocator::try_free
    #[inline]
    pub unsafe fn free(&mut self, domain: Domain, ptr: NonNull<u8>) {
        if self.fast_domains & domain.bit() != 0 {
            // SAFETY: per our caller, a pointer inside an arena is a live pymalloc block.
            if let Some(size) = unsafe { self.pymalloc.free(&mut self.raw, ptr) } {
                self.usage[domain.index()].sub(size);
                return;
            }
        }
        // SAFETY: forwarded caller contract.
        unsafe { self.free_slow(domain, ptr) }
    }

    #[inline(never)]
    unsafe fn free_slow(&mut self, domain: Domain, ptr: NonNull<u8>) {
        if self.debug.is_some() {
            // SAFETY: the hooks check the pointer before using it.
            if let Err(fault) = unsafe { self.debug_free(domain, ptr) } {
                self.fatal(FREE_FUNCTION, ptr, fault);
            }
        } else {
            // SAFETY: forwarded caller contract.
            unsafe { self.free_block(domain, ptr) }
        }
    }

    /// Frees without the debug hooks, wherever the block came from.
    ///
    /// # Safety
    /// `ptr` is a live block from [`alloc_block`](Self::alloc_block).
    pub(crate) unsafe fn free_block(&mut self, domain: Domain, ptr: NonNull<u8>) {
        // SAFETY: forwarded caller contract; a pointer outside every arena is a large block.
        unsafe {
            let size = match self.pymalloc.free(&mut self.raw, ptr) {
                Some(size) => size,
                None => self.raw.free_large(ptr),
            };
            self.usage[domain.index()].sub(size);
        }
    }

    /// Frees a block, or — with the debug hooks installed — reports why it cannot be freed
    /// instead of aborting. On `Err` nothing was freed or changed.
    ///
    /// Without the hooks this is `free` and always returns `Ok`.
    ///
    /// # Safety
    /// Without the debug hooks, as for [`free`](Self::free). With them, any pointer may be
    /// passed: only blocks known to be live or lying in an arena are read.
    pub unsafe fn try_free(&mut self, domain: Domain, ptr: NonNull<u8>) -> Result<(), HeapFault> {
        if self.debug.is_some() {
            // SAFETY: the hooks check the pointer before using it.
            unsafe { self.debug_free(domain, ptr) }
        } else {
            // SAFETY: forwarded caller contract.
            unsafe { self.free_block(domain, ptr) };
            Ok(())
        }
    }

    /// Runs the debug hooks' checks on a block without freeing it. Always `Ok` without the
    /// hooks. Safe for any pointer with the hooks installed.
    pub fn check_block(&self, domain: Domain, ptr: NonNull<u8>) -> Result<(), HeapFault> {
        if self.debug.is_some() {
            self.debug_check(domain, ptr).map(|_| ())
        } else {
            Ok(())
        }
    }

    /// Resizes a block of `domain` to `new_size` bytes, keeping its contents up to the smaller
    /// size. A pymalloc block stays in place when the new size still fits its block and the
    /// block would not shrink by a quarter or more (`4 * new_size > 3 * block_size`);
    /// otherwise the contents move to a new block. A large block stays with C `realloc`
    /// whatever the new size. On `Err` the old block is untouched and still live.
    ///
    /// # Safety
    /// As for [`free`](Self::free): `ptr` is live in `domain`. On success it is dead and the
    /// result is live.
    pub unsafe fn realloc(
        &mut self,
        domain: Domain,
        ptr: NonNull<u8>,
        new_size: usize,
    ) -> Result<NonNull<u8>, AllocError> {
        if self.debug.is_some() {
            // SAFETY: the hooks check the pointer before using it.
            return unsafe { self.debug_realloc(domain, ptr, new_size) };
        }
        // SAFETY: forwarded caller contract.
        unsafe { self.realloc_block(domain, ptr, new_size) }
    }

    /// `realloc` without the debug hooks.
    ///
    /// # Safety
    /// `ptr` is a live block from [`alloc_block`](Self::alloc_block).
    unsafe fn realloc_block(
        &mut self,
        domain: Domain,
        ptr: NonNull<u8>,
        new_size: usize,
    ) -> Result<NonNull<u8>, AllocError> {
        // SAFETY: per the caller, a pointer in an arena is a live pymalloc block.
        if let Some(size) = unsafe { self.pymalloc.block_size_of(ptr) } {
            let mut keep = size;
            if new_size <= size {
                if 4 * new_size > 3 * size {
                    return Ok(ptr);
                }
                keep = new_size;
            }
            let new = self.alloc_block(domain, new_size)?;
            // SAFETY: `ptr` holds `size >= keep` bytes, `new` at least `keep`; distinct blocks.
            unsafe {
                ptr::copy_nonoverlapping(ptr.as_ptr(), new.as_ptr(), keep);
                self.free_block(domain, ptr);
            }
            return Ok(new);
        }
        // SAFETY: outside every arena, so a live large block per the caller.
        let (new, old_size) = unsafe { self.raw.realloc_large(ptr, new_size)? };
        self.usage[domain.index()].resize(old_size, new_size.max(1));
        Ok(new)
    }

    /// The bytes usable in the block at `ptr`: its block size for pymalloc, the request for
    /// large blocks, and the request with the debug hooks.
    ///
    /// # Safety
    /// `ptr` is a live block of this allocator.
    pub unsafe fn usable_size(&self, ptr: NonNull<u8>) -> usize {
        if let Some(debug) = self.debug.as_ref() {
            return debug.live_size(ptr.as_ptr() as usize).unwrap_or(0);
        }
        // SAFETY: per the caller, `ptr` is a live block: pymalloc if in an arena, else large.
        unsafe {
            self.pymalloc
                .block_size_of(ptr)
                .unwrap_or_else(|| RawLayer::large_size(ptr))
        }
    }

    /// Whether `ptr` lies inside one of pymalloc's arenas (CPython's `address_in_range`).
    /// Exact for any pointer value, and reads no memory outside the allocator's own map.
    pub fn in_arena(&self, ptr: *const u8) -> bool {
        self.pymalloc.contains(ptr as usize)
    }

    /// Returns every wholly free arena to the OS, including the one spare arena pymalloc
    /// otherwise keeps. Returns the number of arenas unmapped.
    pub fn trim(&mut self) -> usize {
        self.pymalloc.trim(&mut self.raw)
    }

    /// Installs a function called after a debug-hook fault has been reported and before the
    /// process aborts — for instance to print the Python traceback, as CPython does after
    /// `Fatal Python error`.
    pub fn set_fatal_hook(&mut self, hook: Option<fn(&HeapFault)>) {
        self.fatal_hook = hook;
    }

    /// The cheap counters.
    pub fn stats(&self) -> Stats {
        let [raw, mem, object] = self.usage.map(Usage::public);
        let arenas = self.pymalloc.arenas();
        Stats {
            current_bytes: self.raw.os_bytes(),
            peak_bytes: self.raw.peak_os_bytes(),
            blocks_in_use: raw
                .blocks_in_use
                .wrapping_add(mem.blocks_in_use)
                .wrapping_add(object.blocks_in_use),
            raw,
            mem,
            object,
            arenas: arenas.current(),
            arenas_allocated_total: arenas.allocated_total(),
            arenas_reclaimed: arenas.allocated_total() - arenas.current(),
            arenas_highwater: arenas.highwater(),
            arena_bytes: self.raw.mapped_bytes(),
            large_blocks: self.raw.large_count(),
            large_bytes: self.raw.large_bytes(),
            refused_allocations: self.raw.refused(),
        }
    }

    /// The hard limit on bytes held from the OS, if any.
    pub fn limit(&self) -> Option<usize> {
        self.raw.limit()
    }

    /// Walks every pool of every arena (as `sys._debugmallocstats()` does). `None` when
    /// pymalloc is off.
    pub fn census(&self) -> Option<Census> {
        self.config.pymalloc.then(|| self.pymalloc.census())
    }

    /// Writes the allocator part of `sys._debugmallocstats()` in CPython 3.11's format,
    /// followed by the blank line that separates it from the free-list lines the runtime
    /// writes next (see [`format_free_list_line`](crate::format_free_list_line)). With
    /// pymalloc off (`PYTHONMALLOC=malloc`) it writes nothing, as CPython does.
    pub fn write_debugmallocstats(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        match self.census() {
            Some(census) => stats::write_census(out, &census),
            None => Ok(()),
        }
    }

    /// Checks every internal invariant: pool lists, free lists, block counts, arena order
    /// and the arena map. Walks the whole heap; meant for tests.
    pub fn check_consistency(&self) -> Result<(), String> {
        self.pymalloc.validate()?;
        let large = self.raw.large_blocks();
        if large.len() != self.raw.large_count() {
            return Err(format!(
                "{} large blocks listed, {} counted",
                large.len(),
                self.raw.large_count()
            ));
        }
        for block in &large {
            if self.pymalloc.contains(block.address) {
                return Err(format!("large block {:#x} inside an arena", block.address));
            }
        }
        if self.raw.os_bytes() != self.raw.mapped_bytes() + self.raw.large_bytes() {
            return Err("OS bytes != arena bytes + large bytes".to_string());
        }
        Ok(())
    }
}

impl Drop for Allocator {
    fn drop(&mut self) {
        // Arenas go back with munmap here; large blocks when `raw` drops; the arena map's
        // nodes when `pymalloc` drops.
        self.pymalloc.release_all(&mut self.raw);
    }
}

impl fmt::Debug for Allocator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Allocator")
            .field("config", &self.config)
            .field("stats", &self.stats())
            .finish()
    }
}
