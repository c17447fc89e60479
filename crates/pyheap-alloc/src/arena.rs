//! Arenas: 1 MiB mappings cut into pools, and the order in which they are used.
//!
//! An arena is [`ARENA_SIZE`] (1 MiB) of pages from `mmap`. Pools must be 16 KiB-aligned, and
//! `mmap` only promises page alignment, so when an arena's start is not pool-aligned the
//! partial pool at its start (and the matching partial pool at its end) is skipped: the arena
//! then holds 63 pools instead of [`MAX_POOLS_IN_ARENA`] (64), and the 16 KiB shows in the
//! statistics as "bytes lost to arena alignment".
//!
//! Like pools, arenas hand out their pools lazily: `pool_address` is the first pool never
//! used, and pools that were used and became empty again wait on the arena's `freepools`
//! list. `nfreepools` counts both kinds.
//!
//! Each arena is described by an `ArenaObject` in a growable table (16 entries at first,
//! doubled when full). Table entries without an arena form the *unused* list. Arenas with at
//! least one free pool form the *usable* list, kept **sorted by `nfreepools`, fewest first**:
//! new pools always come from the most-allocated arena, so lightly used arenas get a chance to
//! drain completely and go back to the OS. Keeping the list sorted costs O(1) per change with
//! `last_with[n]`, the last arena in the list that has exactly `n` free pools (CPython's
//! `nfp2lasta`): when an arena gains a free pool it moves just behind the last arena of its
//! old count. An arena all of whose pools are free is unmapped at once, unless it is the last
//! arena on the usable list — keeping one spare avoids mapping and unmapping an arena over and
//! over when a program allocates and frees around a boundary.

use std::ptr::{self, NonNull};

use crate::arena_map::ArenaMap;
use crate::pool::{PoolHeader, POOL_SIZE, POOL_SIZE_MASK};
use crate::raw::RawLayer;
use crate::AllocError;

/// `log2(ARENA_SIZE)`.
pub const ARENA_BITS: u32 = 20;
/// Size of an arena: 1 MiB (64-bit CPython with the radix tree: "large arenas").
pub const ARENA_SIZE: usize = 1 << ARENA_BITS;
/// Mask of an address's offset within a 1 MiB-aligned stretch.
pub const ARENA_SIZE_MASK: usize = ARENA_SIZE - 1;
/// Pools in an arena whose start is pool-aligned.
pub const MAX_POOLS_IN_ARENA: usize = ARENA_SIZE / POOL_SIZE;
/// Entries in the arena table when the first arena is needed.
pub const INITIAL_ARENA_OBJECTS: usize = 16;

const _: () = assert!(MAX_POOLS_IN_ARENA == 64);

/// Index of an entry in the arena table (stored in every pool header).
pub(crate) type ArenaIndex = u32;

/// One entry of the arena table.
pub(crate) struct ArenaObject {
    /// Start of the mapping; 0 while the entry holds no arena (it is then on the unused list).
    pub(crate) address: usize,
    /// First pool never handed out.
    pub(crate) pool_address: usize,
    /// Pools available: empty pools on `freepools` plus pools never handed out.
    pub(crate) nfreepools: u32,
    /// Pools in this arena: 64, or 63 when its start was not pool-aligned.
    pub(crate) ntotalpools: u32,
    /// Empty pools, linked through `nextpool`.
    freepools: *mut PoolHeader,
    /// Neighbours on the usable list (next is also the link of the unused list).
    next: Option<ArenaIndex>,
    prev: Option<ArenaIndex>,
}

impl ArenaObject {
    const UNUSED: ArenaObject = ArenaObject {
        address: 0,
        pool_address: 0,
        nfreepools: 0,
        ntotalpools: 0,
        freepools: ptr::null_mut(),
        next: None,
        prev: None,
    };

    /// Address of the first pool: the start, rounded up to a pool boundary.
    pub(crate) fn first_pool(&self) -> usize {
        (self.address + POOL_SIZE_MASK) & !POOL_SIZE_MASK
    }
}

/// A pool handed out by [`Arenas::take_pool`].
pub(crate) struct TakenPool {
    pub(crate) pool: *mut PoolHeader,
    pub(crate) arena: ArenaIndex,
    /// The pool was used before (it came off `freepools`), so its header is initialised.
    pub(crate) reused: bool,
}

/// The arena table, its lists, and the map of arena addresses.
pub(crate) struct Arenas {
    objects: Vec<ArenaObject>,
    unused: Option<ArenaIndex>,
    usable: Option<ArenaIndex>,
    /// `last_with[n]`: the last arena on the usable list with exactly `n` free pools.
    last_with: [Option<ArenaIndex>; MAX_POOLS_IN_ARENA + 1],
    map: ArenaMap,
    /// Arenas mapped now, ever, and at most at once.
    current: usize,
    allocated_total: usize,
    highwater: usize,
}

impl Arenas {
    pub(crate) const fn new() -> Arenas {
        Arenas {
            objects: Vec::new(),
            unused: None,
            usable: None,
            last_with: [None; MAX_POOLS_IN_ARENA + 1],
            map: ArenaMap::new(),
            current: 0,
            allocated_total: 0,
            highwater: 0,
        }
    }

    /// Whether `addr` lies in one of our arenas (exact for every address).
    #[inline(always)]
    pub(crate) fn contains(&self, addr: usize) -> bool {
        self.map.contains(addr)
    }

    pub(crate) fn map(&self) -> &ArenaMap {
        &self.map
    }
    pub(crate) fn current(&self) -> usize {
        self.current
    }
    pub(crate) fn allocated_total(&self) -> usize {
        self.allocated_total
    }
    pub(crate) fn highwater(&self) -> usize {
        self.highwater
    }

    /// The arenas currently mapped.
    pub(crate) fn mapped(&self) -> impl Iterator<Item = &ArenaObject> {
        self.objects.iter().filter(|a| a.address != 0)
    }

    fn obj(&self, i: ArenaIndex) -> &ArenaObject {
        &self.objects[i as usize]
    }
    fn obj_mut(&mut self, i: ArenaIndex) -> &mut ArenaObject {
        &mut self.objects[i as usize]
    }

    /// Doubles the table (or creates it with [`INITIAL_ARENA_OBJECTS`] entries) and puts the
    /// new entries on the unused list, lowest index first.
    fn grow_table(&mut self) -> Result<(), AllocError> {
        let old = self.objects.len();
        let new = if old == 0 {
            INITIAL_ARENA_OBJECTS
        } else {
            old.checked_mul(2).ok_or(AllocError)?
        };
        if ArenaIndex::try_from(new).is_err() {
            return Err(AllocError);
        }
        self.objects
            .try_reserve_exact(new - old)
            .map_err(|_| AllocError)?;
        for i in old..new {
            let next = if i + 1 < new {
                Some((i + 1) as ArenaIndex)
            } else {
                self.unused
            };
            self.objects.push(ArenaObject {
                next,
                ..ArenaObject::UNUSED
            });
        }
        self.unused = Some(old as ArenaIndex);
        Ok(())
    }

    /// Maps a new arena and returns its index. It is on no list yet.
    #[cold]
    #[inline(never)]
    fn new_arena(&mut self, raw: &mut RawLayer) -> Result<ArenaIndex, AllocError> {
        if self.unused.is_none() {
            self.grow_table()?;
        }
        let Some(index) = self.unused else {
            return Err(AllocError);
        };
        let base = raw.map_pages(ARENA_SIZE)?;
        let address = base.as_ptr() as usize;
        if let Err(e) = self.map.mark_used(address) {
            // SAFETY: `base` is the mapping made just above, used by no one.
            unsafe { raw.unmap_pages(base, ARENA_SIZE) };
            return Err(e);
        }
        let misalignment = address & POOL_SIZE_MASK;
        let npools = if misalignment == 0 {
            MAX_POOLS_IN_ARENA
        } else {
            MAX_POOLS_IN_ARENA - 1
        } as u32;
        let obj = self.obj_mut(index);
        let next_unused = obj.next;
        *obj = ArenaObject {
            address,
            pool_address: (address + POOL_SIZE_MASK) & !POOL_SIZE_MASK,
            nfreepools: npools,
            ntotalpools: npools,
            freepools: ptr::null_mut(),
            next: None,
            prev: None,
        };
        self.unused = next_unused;
        self.current += 1;
        self.allocated_total += 1;
        self.highwater = self.highwater.max(self.current);
        Ok(index)
    }

    /// Hands out an available pool from the most-allocated usable arena, mapping a new arena
    /// if none is usable.
    pub(crate) fn take_pool(&mut self, raw: &mut RawLayer) -> Result<TakenPool, AllocError> {
        let arena = match self.usable {
            Some(a) => a,
            None => {
                let a = self.new_arena(raw)?;
                self.usable = Some(a);
                let nfree = self.obj(a).nfreepools as usize;
                self.last_with[nfree] = Some(a);
                a
            }
        };
        // `arena` heads the list, so it has the fewest free pools. Losing one keeps it first;
        // it is then the only arena with `nfree - 1` free pools.
        let nfree = self.obj(arena).nfreepools as usize;
        if self.last_with[nfree] == Some(arena) {
            self.last_with[nfree] = None;
        }
        if nfree > 1 {
            self.last_with[nfree - 1] = Some(arena);
        }
        let obj = self.obj_mut(arena);
        obj.nfreepools -= 1;
        let (pool, reused) = if obj.freepools.is_null() {
            let pool = obj.pool_address as *mut PoolHeader;
            obj.pool_address += POOL_SIZE;
            (pool, false)
        } else {
            let pool = obj.freepools;
            // SAFETY: pools on `freepools` are initialised pools inside this mapped arena.
            obj.freepools = unsafe { (*pool).nextpool };
            (pool, true)
        };
        if obj.nfreepools == 0 {
            // Full: leave the usable list (it is the head).
            let next = obj.next.take();
            self.usable = next;
            if let Some(n) = next {
                self.obj_mut(n).prev = None;
            }
        }
        Ok(TakenPool {
            pool,
            arena,
            reused,
        })
    }

    /// Takes back a pool that has become empty. The arena moves along the usable list, or is
    /// unmapped if wholly free and not the last usable arena.
    ///
    /// # Safety
    /// `pool` is an initialised pool of arena `arena`, with no allocated block, on no list.
    pub(crate) unsafe fn return_pool(
        &mut self,
        raw: &mut RawLayer,
        arena: ArenaIndex,
        pool: *mut PoolHeader,
    ) {
        let obj = self.obj_mut(arena);
        // SAFETY: per the caller, `pool` is ours and on no list.
        unsafe { (*pool).nextpool = obj.freepools };
        obj.freepools = pool;
        obj.nfreepools += 1;
        let nfree = obj.nfreepools as usize;
        let (ntotal, next, prev) = (obj.ntotalpools as usize, obj.next, obj.prev);

        if nfree == 1 {
            // It was full, so on no list; with one free pool it sorts first.
            self.push_front(arena);
            if self.last_with[1].is_none() {
                self.last_with[1] = Some(arena);
            }
            return;
        }

        // It is on the usable list, among the arenas with `nfree - 1` free pools.
        let last_of_old_count = self.last_with[nfree - 1];
        if last_of_old_count == Some(arena) {
            self.last_with[nfree - 1] =
                prev.filter(|&p| self.obj(p).nfreepools as usize == nfree - 1);
        }

        if nfree == ntotal && next.is_some() {
            self.unlink(arena);
            self.release(raw, arena);
            return;
        }

        if self.last_with[nfree].is_none() {
            self.last_with[nfree] = Some(arena);
        }
        if let Some(last) = last_of_old_count {
            if last != arena {
                // Move just behind the last arena that still has `nfree - 1` free pools.
                self.unlink(arena);
                self.insert_after(last, arena);
            }
        }
    }

    /// Unmaps every wholly free arena, including the spare kept by [`return_pool`]. Returns
    /// the number of arenas unmapped.
    pub(crate) fn trim(&mut self, raw: &mut RawLayer) -> usize {
        let mut released = 0;
        let mut cursor = self.usable;
        while let Some(a) = cursor {
            let obj = self.obj(a);
            cursor = obj.next;
            if obj.nfreepools == obj.ntotalpools {
                let nfree = obj.nfreepools as usize;
                if self.last_with[nfree] == Some(a) {
                    let prev = obj.prev;
                    self.last_with[nfree] =
                        prev.filter(|&p| self.obj(p).nfreepools as usize == nfree);
                }
                self.unlink(a);
                self.release(raw, a);
                released += 1;
            }
        }
        released
    }

    /// Unmaps every arena, whatever it holds. Used when the allocator is dropped.
    pub(crate) fn release_all(&mut self, raw: &mut RawLayer) {
        for i in 0..self.objects.len() {
            if self.objects[i].address != 0 {
                self.release(raw, i as ArenaIndex);
            }
        }
        self.usable = None;
        self.last_with = [None; MAX_POOLS_IN_ARENA + 1];
    }

    /// Unmaps arena `a` (on no list) and puts its entry on the unused list.
    fn release(&mut self, raw: &mut RawLayer, a: ArenaIndex) {
        let address = self.obj(a).address;
        self.map.mark_unused(address);
        // SAFETY: `address` is a mapping from `new_arena`, and the caller says no block in it
        // is in use.
        unsafe { raw.unmap_pages(NonNull::new_unchecked(address as *mut u8), ARENA_SIZE) };
        let unused = self.unused;
        *self.obj_mut(a) = ArenaObject {
            next: unused,
            ..ArenaObject::UNUSED
        };
        self.unused = Some(a);
        self.current -= 1;
    }

    fn push_front(&mut self, a: ArenaIndex) {
        let head = self.usable;
        let obj = self.obj_mut(a);
        obj.prev = None;
        obj.next = head;
        if let Some(h) = head {
            self.obj_mut(h).prev = Some(a);
        }
        self.usable = Some(a);
    }

    fn unlink(&mut self, a: ArenaIndex) {
        let (prev, next) = {
            let obj = self.obj_mut(a);
            (obj.prev.take(), obj.next.take())
        };
        match prev {
            Some(p) => self.obj_mut(p).next = next,
            None => self.usable = next,
        }
        if let Some(n) = next {
            self.obj_mut(n).prev = prev;
        }
    }

    fn insert_after(&mut self, at: ArenaIndex, a: ArenaIndex) {
        let next = self.obj(at).next;
        {
            let obj = self.obj_mut(a);
            obj.prev = Some(at);
            obj.next = next;
        }
        self.obj_mut(at).next = Some(a);
        if let Some(n) = next {
            self.obj_mut(n).prev = Some(a);
        }
    }

    /// Checks every invariant of the table and lists. Expensive; for tests.
    pub(crate) fn validate(&self) -> Result<(), String> {
        let mut on_usable = vec![false; self.objects.len()];
        let mut cursor = self.usable;
        let mut prev: Option<ArenaIndex> = None;
        let mut last_seen: [Option<ArenaIndex>; MAX_POOLS_IN_ARENA + 1] =
            [None; MAX_POOLS_IN_ARENA + 1];
        let mut prev_nfree = 0;
        while let Some(a) = cursor {
            let obj = self.obj(a);
            if on_usable[a as usize] {
                return Err(format!("arena {a} twice on the usable list"));
            }
            on_usable[a as usize] = true;
            if obj.address == 0 {
                return Err(format!("unmapped arena {a} on the usable list"));
            }
            if obj.prev != prev {
                return Err(format!(
                    "arena {a}: prev link {:?}, expected {prev:?}",
                    obj.prev
                ));
            }
            if obj.nfreepools == 0 {
                return Err(format!("full arena {a} on the usable list"));
            }
            if obj.nfreepools < prev_nfree {
                return Err(format!("usable list not sorted at arena {a}"));
            }
            prev_nfree = obj.nfreepools;
            last_seen[obj.nfreepools as usize] = Some(a);
            prev = Some(a);
            cursor = obj.next;
        }
        for (n, (recorded, seen)) in self.last_with.iter().zip(&last_seen).enumerate().skip(1) {
            if recorded != seen {
                return Err(format!("last_with[{n}] = {recorded:?}, expected {seen:?}"));
            }
        }
        let mut mapped = 0;
        for (i, obj) in self.objects.iter().enumerate() {
            if obj.address == 0 {
                continue;
            }
            mapped += 1;
            if !on_usable[i] && obj.nfreepools != 0 {
                return Err(format!("arena {i} has free pools but is not usable"));
            }
            let end = obj.first_pool() + obj.ntotalpools as usize * POOL_SIZE;
            if end > obj.address + ARENA_SIZE || obj.pool_address > end {
                return Err(format!("arena {i}: pools outside the arena"));
            }
            let untouched = (end - obj.pool_address) / POOL_SIZE;
            let mut on_freepools = 0;
            let mut p = obj.freepools;
            while !p.is_null() {
                on_freepools += 1;
                // SAFETY: `freepools` links initialised pools inside this mapped arena.
                unsafe {
                    if (*p).count != 0 {
                        return Err(format!("pool {p:p} on freepools holds blocks"));
                    }
                    p = (*p).nextpool;
                }
            }
            if untouched + on_freepools != obj.nfreepools as usize {
                return Err(format!(
                    "arena {i}: {untouched} untouched + {on_freepools} free pools != nfreepools {}",
                    obj.nfreepools
                ));
            }
        }
        if mapped != self.current {
            return Err(format!(
                "{mapped} arenas mapped, counter says {}",
                self.current
            ));
        }
        Ok(())
    }
}
