//! pymalloc: small blocks from pools, pools from arenas.
//!
//! For every size class there is a doubly linked list of its *used* pools (some blocks
//! allocated, some available), `usedpools[class]`. Every pool on it has a non-empty free list,
//! so allocation is, on the fast path:
//!
//! 1. take the first pool of the class's list;
//! 2. pop the head of its free list and count the block;
//! 3. if that emptied the free list, carve the next virgin block — or, when there is none,
//!    the pool is full and leaves the list.
//!
//! Only when the list is empty does the slow path run: take a pool from the most-allocated
//! usable arena (mapping a new arena if needed) and set it up for the class — unless the pool
//! was last used for the same class, in which case its free list is still intact.
//!
//! Freeing first asks the arena map whether the block is ours at all (otherwise it belongs to
//! the raw layer), then pushes it on its pool's free list. Two transitions leave the fast
//! path: a *full* pool that gets a block back goes to the **front** of its class's list (it is
//! the pool most likely in cache, and filling it first packs blocks densely), and a pool whose
//! last block comes back is *empty*: it leaves the used list and returns to its arena, which
//! may then be unmapped.

use std::ptr::{self, NonNull};

use crate::arena::{Arenas, TakenPool, ARENA_SIZE};
use crate::arena_map::{MAP_BOT_BYTES, MAP_MID_BYTES};
use crate::pool::{self, PoolHeader, POOL_OVERHEAD, POOL_SIZE, POOL_SIZE_MASK};
use crate::raw::RawLayer;
use crate::size_class::{block_size, blocks_per_pool, pool_quantization, NB_SMALL_SIZE_CLASSES};
use crate::stats::{Census, ClassCensus};
use crate::AllocError;

/// The state of the object allocator.
pub(crate) struct Pymalloc {
    /// Head of each class's list of used pools; null when the class has none.
    usedpools: [*mut PoolHeader; NB_SMALL_SIZE_CLASSES],
    arenas: Arenas,
}

impl Pymalloc {
    pub(crate) const fn new() -> Pymalloc {
        Pymalloc {
            usedpools: [ptr::null_mut(); NB_SMALL_SIZE_CLASSES],
            arenas: Arenas::new(),
        }
    }

    /// Whether `addr` lies in one of our arenas (`address_in_range`).
    #[inline(always)]
    pub(crate) fn contains(&self, addr: usize) -> bool {
        self.arenas.contains(addr)
    }

    pub(crate) fn arenas(&self) -> &Arenas {
        &self.arenas
    }

    /// The fast path: a block of class `idx` from the class's first used pool, if it has one.
    #[inline(always)]
    pub(crate) fn alloc_from_used_pool(&mut self, idx: usize) -> Option<NonNull<u8>> {
        let pool = self.usedpools[idx];
        if pool.is_null() {
            return None;
        }
        // SAFETY: pools on a used list are initialised pools of class `idx` in mapped arenas,
        // and each has a non-empty free list.
        Some(unsafe { self.pop_block(pool) })
    }

    /// A block of class `idx`, taking a new pool if needed.
    #[inline]
    pub(crate) fn alloc(
        &mut self,
        raw: &mut RawLayer,
        idx: usize,
    ) -> Result<NonNull<u8>, AllocError> {
        match self.alloc_from_used_pool(idx) {
            Some(block) => Ok(block),
            None => self.alloc_from_new_pool(raw, idx),
        }
    }

    /// Pops the head of `pool`'s free list and keeps the list non-empty (or the pool off the
    /// used list when it is full).
    ///
    /// # Safety
    /// `pool` is an initialised pool on its class's used list (so its free list is non-empty).
    #[inline(always)]
    unsafe fn pop_block(&mut self, pool: *mut PoolHeader) -> NonNull<u8> {
        // SAFETY: per the caller `freeblock` is a free block of this pool.
        unsafe {
            (*pool).count += 1;
            let block = (*pool).freeblock;
            let next = pool::next_free(block);
            (*pool).freeblock = next;
            if next.is_null() {
                self.refill(pool);
            }
            NonNull::new_unchecked(block)
        }
    }

    /// The free list of `pool` just ran dry: carve a virgin block, or retire the full pool.
    ///
    /// # Safety
    /// `pool` is an initialised pool on its class's used list with an empty free list.
    #[inline(never)]
    unsafe fn refill(&mut self, pool: *mut PoolHeader) {
        // SAFETY: forwarded from the caller.
        unsafe {
            if !pool::carve_next(pool) {
                self.unlink_used(pool);
            }
        }
    }

    /// The slow path: the class has no used pool.
    #[inline(never)]
    fn alloc_from_new_pool(
        &mut self,
        raw: &mut RawLayer,
        idx: usize,
    ) -> Result<NonNull<u8>, AllocError> {
        let TakenPool {
            pool,
            arena,
            reused,
        } = self.arenas.take_pool(raw)?;
        // SAFETY: `take_pool` hands out a whole unused pool of a mapped arena; a reused pool
        // has an initialised header with an intact free list holding every block it carved.
        unsafe {
            if !(reused && (*pool).szidx as usize == idx) {
                pool::init(pool, arena, idx);
            }
            self.link_used_front(pool, idx);
            Ok(self.pop_block(pool))
        }
    }

    /// Frees `p` if it is one of our blocks and returns its block size; returns `None`, having
    /// touched nothing, if `p` is not in any arena.
    ///
    /// # Safety
    /// If `p` lies in one of our arenas, it is a live block from [`alloc`](Self::alloc) that
    /// is not used afterwards.
    #[inline(always)]
    pub(crate) unsafe fn free(&mut self, raw: &mut RawLayer, p: NonNull<u8>) -> Option<usize> {
        let p = p.as_ptr();
        if !self.arenas.contains(p as usize) {
            return None;
        }
        let pool = pool::pool_of(p);
        // SAFETY: `p` is in an arena, so per the caller it is a live block and `pool` is its
        // initialised pool.
        unsafe {
            let last_free = (*pool).freeblock;
            pool::set_next_free(p, last_free);
            (*pool).freeblock = p;
            (*pool).count -= 1;
            let size = block_size((*pool).szidx as usize);
            if last_free.is_null() {
                self.pool_no_longer_full(pool);
            } else if (*pool).count == 0 {
                self.pool_now_empty(raw, pool);
            }
            Some(size)
        }
    }

    /// A full pool got a block back: it goes to the front of its class's used list.
    ///
    /// # Safety
    /// `pool` is an initialised pool on no list, with a non-empty free list.
    #[inline(never)]
    unsafe fn pool_no_longer_full(&mut self, pool: *mut PoolHeader) {
        // SAFETY: forwarded from the caller.
        unsafe { self.link_used_front(pool, (*pool).szidx as usize) }
    }

    /// A used pool lost its last block: it leaves the used list and returns to its arena.
    ///
    /// # Safety
    /// `pool` is an initialised pool on its class's used list with no allocated block.
    #[inline(never)]
    unsafe fn pool_now_empty(&mut self, raw: &mut RawLayer, pool: *mut PoolHeader) {
        // SAFETY: forwarded from the caller.
        unsafe {
            self.unlink_used(pool);
            self.arenas.return_pool(raw, (*pool).arenaindex, pool);
        }
    }

    /// The block size of `p` if it is in one of our arenas.
    ///
    /// # Safety
    /// If `p` lies in one of our arenas, it is a live block of ours.
    #[inline]
    pub(crate) unsafe fn block_size_of(&self, p: NonNull<u8>) -> Option<usize> {
        if !self.arenas.contains(p.as_ptr() as usize) {
            return None;
        }
        // SAFETY: per the caller the pool of `p` is initialised.
        Some(unsafe { block_size((*pool::pool_of(p.as_ptr())).szidx as usize) })
    }

    /// Links `pool` at the front of the used list of class `idx`.
    ///
    /// # Safety
    /// `pool` is an initialised pool of class `idx` on no list.
    unsafe fn link_used_front(&mut self, pool: *mut PoolHeader, idx: usize) {
        let head = self.usedpools[idx];
        // SAFETY: `pool` and the list head (if any) are initialised pools of ours.
        unsafe {
            (*pool).prevpool = ptr::null_mut();
            (*pool).nextpool = head;
            if !head.is_null() {
                (*head).prevpool = pool;
            }
        }
        self.usedpools[idx] = pool;
    }

    /// Removes `pool` from its class's used list.
    ///
    /// # Safety
    /// `pool` is an initialised pool on its class's used list.
    unsafe fn unlink_used(&mut self, pool: *mut PoolHeader) {
        // SAFETY: `pool` and its neighbours are initialised pools on the same list.
        unsafe {
            let (prev, next) = ((*pool).prevpool, (*pool).nextpool);
            if prev.is_null() {
                self.usedpools[(*pool).szidx as usize] = next;
            } else {
                (*prev).nextpool = next;
            }
            if !next.is_null() {
                (*next).prevpool = prev;
            }
            (*pool).prevpool = ptr::null_mut();
            (*pool).nextpool = ptr::null_mut();
        }
    }

    /// Unmaps every wholly free arena; returns how many.
    pub(crate) fn trim(&mut self, raw: &mut RawLayer) -> usize {
        self.arenas.trim(raw)
    }

    /// Unmaps every arena. Every block is dead afterwards.
    pub(crate) fn release_all(&mut self, raw: &mut RawLayer) {
        self.usedpools = [ptr::null_mut(); NB_SMALL_SIZE_CLASSES];
        self.arenas.release_all(raw);
    }

    /// Visits every pool that has been handed to a size class, in every mapped arena.
    fn for_each_carved_pool(&self, mut visit: impl FnMut(*mut PoolHeader)) {
        for arena in self.arenas.mapped() {
            let mut pool = arena.first_pool();
            while pool < arena.pool_address {
                visit(pool as *mut PoolHeader);
                pool += POOL_SIZE;
            }
        }
    }

    /// Counts pools and blocks per class and accounts for every byte of every arena, as
    /// `sys._debugmallocstats()` reports them.
    pub(crate) fn census(&self) -> Census {
        let mut census = Census::default();
        for (idx, class) in census.classes.iter_mut().enumerate() {
            class.index = idx;
            class.block_size = block_size(idx);
        }
        self.for_each_carved_pool(|pool| {
            // SAFETY: pools below `pool_address` have initialised headers.
            let (count, szidx) = unsafe { ((*pool).count as usize, (*pool).szidx as usize) };
            if count == 0 {
                return; // empty: counted with the arena's free pools
            }
            let class: &mut ClassCensus = &mut census.classes[szidx];
            class.pools += 1;
            class.blocks_in_use += count;
            class.blocks_available += blocks_per_pool(szidx) - count;
        });
        for arena in self.arenas.mapped() {
            census.free_pools += arena.nfreepools as usize;
            if arena.address & POOL_SIZE_MASK != 0 {
                census.arena_alignment_bytes += POOL_SIZE;
            }
        }
        for class in &census.classes {
            census.allocated_bytes += class.blocks_in_use * class.block_size;
            census.available_bytes += class.blocks_available * class.block_size;
            census.pool_header_bytes += class.pools * POOL_OVERHEAD;
            census.quantization_bytes += class.pools * pool_quantization(class.index);
        }
        census.arenas_current = self.arenas.current();
        census.arenas_allocated_total = self.arenas.allocated_total();
        census.arenas_highwater = self.arenas.highwater();
        census.arena_bytes = census.arenas_current * ARENA_SIZE;
        let map = self.arenas.map();
        census.arena_map_mid_nodes = map.mid_count();
        census.arena_map_bot_nodes = map.bot_count();
        census.arena_map_root_bytes = map.root_bytes();
        census.arena_map_mid_bytes = map.mid_count() * MAP_MID_BYTES;
        census.arena_map_bot_bytes = map.bot_count() * MAP_BOT_BYTES;
        census
    }

    /// Checks every invariant of pools, lists and arenas. Expensive; for tests.
    pub(crate) fn validate(&self) -> Result<(), String> {
        self.arenas.validate()?;
        let mut on_used_lists = std::collections::HashSet::new();
        for (idx, &head) in self.usedpools.iter().enumerate() {
            let mut prev = ptr::null_mut();
            let mut pool = head;
            while !pool.is_null() {
                if !self.contains(pool as usize) {
                    return Err(format!(
                        "used pool {pool:p} of class {idx} outside every arena"
                    ));
                }
                // SAFETY: the pool lies in a mapped arena and is on a used list, so its
                // header is initialised.
                unsafe {
                    if (*pool).prevpool != prev {
                        return Err(format!("used pool {pool:p}: bad prev link"));
                    }
                    if (*pool).szidx as usize != idx {
                        return Err(format!(
                            "pool {pool:p} of class {} on list {idx}",
                            (*pool).szidx
                        ));
                    }
                    if (*pool).freeblock.is_null() {
                        return Err(format!("used pool {pool:p} has an empty free list"));
                    }
                    if (*pool).count == 0 {
                        return Err(format!("empty pool {pool:p} on a used list"));
                    }
                    prev = pool;
                    pool = (*pool).nextpool;
                }
                if !on_used_lists.insert(prev as usize) {
                    return Err(format!("pool {prev:p} twice on used lists"));
                }
            }
        }
        let mut error = None;
        self.for_each_carved_pool(|pool| {
            if error.is_some() {
                return;
            }
            // SAFETY: pools below `pool_address` have initialised headers; their free lists
            // link blocks inside the pool.
            unsafe {
                let size = block_size((*pool).szidx as usize);
                let carved = ((*pool).nextoffset as usize - POOL_OVERHEAD) / size;
                let mut free = 0;
                let mut b = (*pool).freeblock;
                while !b.is_null() {
                    if pool::pool_of(b) != pool
                        || !(b as usize - pool as usize - POOL_OVERHEAD).is_multiple_of(size)
                    {
                        error = Some(format!("pool {pool:p}: stray free block {b:p}"));
                        return;
                    }
                    free += 1;
                    if free > carved {
                        error = Some(format!(
                            "pool {pool:p}: free list longer than carved blocks"
                        ));
                        return;
                    }
                    b = pool::next_free(b);
                }
                let count = (*pool).count as usize;
                if count + free != carved {
                    error = Some(format!(
                        "pool {pool:p}: {count} used + {free} free != {carved} carved"
                    ));
                    return;
                }
                let is_full = (*pool).freeblock.is_null();
                let should_be_listed = count > 0 && !is_full;
                if should_be_listed != on_used_lists.contains(&(pool as usize)) {
                    error = Some(format!(
                        "pool {pool:p}: count {count}, full {is_full}, listed {}",
                        !should_be_listed
                    ));
                }
            }
        });
        match error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arena::MAX_POOLS_IN_ARENA;
    use crate::size_class::{class_index, SMALL_REQUEST_THRESHOLD};

    struct Heap {
        pm: Pymalloc,
        raw: RawLayer,
    }

    impl Heap {
        fn new() -> Heap {
            Heap {
                pm: Pymalloc::new(),
                raw: RawLayer::new(None),
            }
        }
        fn alloc(&mut self, size: usize) -> *mut u8 {
            let p = self
                .pm
                .alloc(&mut self.raw, class_index(size))
                .unwrap()
                .as_ptr();
            assert_eq!(p as usize % 16, 0);
            p
        }
        fn free(&mut self, p: *mut u8) {
            // SAFETY: tests only free live blocks they allocated.
            let freed = unsafe { self.pm.free(&mut self.raw, NonNull::new(p).unwrap()) };
            assert!(freed.is_some(), "{p:p} not recognised as a pymalloc block");
        }
        fn check(&self) {
            self.pm.validate().unwrap();
        }
        fn used_head(&self, idx: usize) -> *mut PoolHeader {
            self.pm.usedpools[idx]
        }
    }

    impl Drop for Heap {
        fn drop(&mut self) {
            self.pm.release_all(&mut self.raw);
        }
    }

    #[test]
    fn freed_blocks_are_reused_last_in_first_out() {
        let mut h = Heap::new();
        let a = h.alloc(32);
        let b = h.alloc(32);
        let c = h.alloc(32);
        h.free(a);
        h.free(c);
        h.free(b);
        assert_eq!(h.alloc(32), b);
        assert_eq!(h.alloc(32), c);
        assert_eq!(h.alloc(32), a);
        h.check();
    }

    #[test]
    fn a_new_pool_carves_blocks_in_address_order() {
        let mut h = Heap::new();
        let a = h.alloc(100); // class 6, 112-byte blocks
        let pool = pool::pool_of(a);
        assert_eq!(a as usize, pool as usize + POOL_OVERHEAD);
        // SAFETY: `pool` is the initialised pool of a live block.
        unsafe {
            assert_eq!((*pool).nextoffset as usize, POOL_OVERHEAD + 2 * 112);
            assert_eq!((*pool).maxnextoffset as usize, POOL_SIZE - 112);
        }
        for i in 1..10 {
            assert_eq!(h.alloc(100) as usize, a as usize + i * 112);
        }
        h.check();
    }

    #[test]
    fn pool_goes_used_full_used_empty() {
        let mut h = Heap::new();
        let idx = class_index(SMALL_REQUEST_THRESHOLD);
        let per_pool = blocks_per_pool(idx);
        assert_eq!(per_pool, 31);

        // Fill one pool: it leaves the used list when full.
        let first: Vec<_> = (0..per_pool).map(|_| h.alloc(512)).collect();
        let p1 = pool::pool_of(first[0]);
        assert!(first.iter().all(|&b| pool::pool_of(b) == p1));
        assert!(h.used_head(idx).is_null(), "a full pool is on no list");
        h.check();

        // The next block needs a second pool.
        let other = h.alloc(512);
        let p2 = pool::pool_of(other);
        assert_ne!(p1, p2);
        assert_eq!(h.used_head(idx), p2);

        // A full pool that gets a block back goes to the front of the used list ...
        h.free(first[7]);
        assert_eq!(h.used_head(idx), p1);
        h.check();
        // ... so the freed block is handed out next.
        assert_eq!(h.alloc(512), first[7]);
        assert_eq!(h.used_head(idx), p2);

        // Emptying a pool returns it to its arena.
        let arena_free_before: u32 = h.pm.arenas.mapped().map(|a| a.nfreepools).sum();
        h.free(other);
        assert!(h.used_head(idx).is_null());
        let arena_free_after: u32 = h.pm.arenas.mapped().map(|a| a.nfreepools).sum();
        assert_eq!(arena_free_after, arena_free_before + 1);
        h.check();

        // The empty pool is the first one handed out again, set up for the new class.
        let small = h.alloc(16);
        assert_eq!(pool::pool_of(small), p2);
        assert_eq!(small as usize, p2 as usize + POOL_OVERHEAD);
        // SAFETY: `p2` holds a live block.
        assert_eq!(unsafe { (*p2).szidx }, 0);
        h.check();
        for b in first {
            h.free(b);
        }
        h.free(small);
        h.check();
    }

    #[test]
    fn an_empty_pool_reused_for_its_own_class_keeps_its_free_list() {
        let mut h = Heap::new();
        let a = h.alloc(64);
        let b = h.alloc(64);
        let pool = pool::pool_of(a);
        h.free(a);
        h.free(b); // the pool is empty now, b on top of its free list
        let c = h.alloc(64);
        assert_eq!(pool::pool_of(c), pool);
        assert_eq!(
            c, b,
            "no re-initialisation: the free list is reused as it was"
        );
        h.check();
    }

    #[test]
    fn arenas_are_released_when_wholly_free_except_the_last() {
        let mut h = Heap::new();
        let idx = class_index(512);
        // Enough 512-byte blocks for three arenas' worth of pools.
        let n = 3 * MAX_POOLS_IN_ARENA * blocks_per_pool(idx);
        let blocks: Vec<_> = (0..n).map(|_| h.alloc(512)).collect();
        let mapped = h.pm.arenas.current();
        assert!(mapped >= 3);
        assert_eq!(h.raw.os_bytes(), mapped * ARENA_SIZE);
        h.check();
        for &b in &blocks {
            h.free(b);
        }
        h.check();
        assert_eq!(h.pm.arenas.current(), 1, "the last usable arena is kept");
        assert_eq!(h.pm.arenas.allocated_total(), mapped);
        assert_eq!(h.raw.os_bytes(), ARENA_SIZE);
        assert_eq!(h.pm.trim(&mut h.raw), 1);
        assert_eq!(h.pm.arenas.current(), 0);
        assert_eq!(h.raw.os_bytes(), 0);
        h.check();
        // And the heap still works afterwards.
        let p = h.alloc(8);
        h.free(p);
        h.check();
    }

    #[test]
    fn new_pools_come_from_the_most_allocated_arena() {
        let mut h = Heap::new();
        let idx = class_index(512);
        let per_pool = blocks_per_pool(idx);
        let arena_of = |h: &Heap, p: *mut u8| {
            h.pm.arenas
                .mapped()
                .map(|a| a.address)
                .find(|&a| (p as usize).wrapping_sub(a) < ARENA_SIZE)
        };
        // Three arenas' worth of 512-byte blocks.
        let blocks: Vec<_> = (0..3 * MAX_POOLS_IN_ARENA * per_pool)
            .map(|_| h.alloc(512))
            .collect();
        let arenas: Vec<usize> = h.pm.arenas.mapped().map(|a| a.address).collect();
        assert!(arenas.len() >= 3);
        // Empty 40 pools of the first arena and 2 of the second.
        let mut by_pool = std::collections::BTreeMap::<usize, Vec<*mut u8>>::new();
        for &b in &blocks {
            by_pool
                .entry(pool::pool_of(b) as usize)
                .or_default()
                .push(b);
        }
        let mut budget = std::collections::HashMap::from([(arenas[0], 40), (arenas[1], 2)]);
        for (pool, pool_blocks) in by_pool {
            let arena = arena_of(&h, pool as *mut u8).unwrap();
            if let Some(left) = budget.get_mut(&arena).filter(|left| **left > 0) {
                *left -= 1;
                pool_blocks.into_iter().for_each(|b| h.free(b));
            }
        }
        h.check();
        // Whatever the arenas hold now, each new pool comes from a usable arena with the
        // fewest free pools.
        for size in [16, 32, 48, 64, 80, 96, 112, 128] {
            let fewest =
                h.pm.arenas
                    .mapped()
                    .map(|a| a.nfreepools)
                    .filter(|&n| n > 0)
                    .min();
            let p = h.alloc(size);
            let a = arena_of(&h, p).unwrap();
            let obj = h.pm.arenas.mapped().find(|o| o.address == a).unwrap();
            assert_eq!(Some(obj.nfreepools + 1), fewest, "pool for size {size}");
            h.check();
        }
    }

    #[test]
    fn foreign_pointers_are_not_ours() {
        let mut h = Heap::new();
        let p = h.alloc(16);
        let boxed = Box::new([0u8; 64]);
        let foreign = NonNull::new(boxed.as_ptr() as *mut u8).unwrap();
        // SAFETY: a pointer outside every arena is never dereferenced.
        assert!(unsafe { h.pm.free(&mut h.raw, foreign) }.is_none());
        assert!(h.pm.contains(p as usize));
        assert!(!h.pm.contains(0));
        assert!(!h.pm.contains(usize::MAX));
        h.free(p);
    }

    #[test]
    fn census_accounts_for_every_arena_byte() {
        let mut h = Heap::new();
        let mut live = Vec::new();
        for i in 0..20_000usize {
            let size = 1 + (i * 7919) % SMALL_REQUEST_THRESHOLD;
            live.push(h.alloc(size));
            if i % 3 == 0 {
                let victim = live.swap_remove((i * 31) % live.len());
                h.free(victim);
            }
        }
        let census = h.pm.census();
        assert_eq!(census.breakdown_total(), census.arena_bytes);
        assert_eq!(census.arena_bytes, h.raw.os_bytes());
        let in_use: usize = census.classes.iter().map(|c| c.blocks_in_use).sum();
        assert_eq!(in_use, live.len());
        for c in &census.classes {
            assert_eq!(
                c.blocks_in_use + c.blocks_available,
                c.pools * blocks_per_pool(c.index)
            );
        }
        for p in live {
            h.free(p);
        }
        h.check();
    }
}
