//! Pools: 16 KiB pages of equal-size blocks, with their header at the front.
//!
//! A pool is [`POOL_SIZE`] (16 KiB) bytes, aligned to its size, inside an arena. Its first
//! [`POOL_OVERHEAD`] (48) bytes hold a `PoolHeader`; the rest is cut into blocks of one size
//! class. Because pools are aligned, the header of the pool that holds a block is found by
//! clearing the low 14 bits of the block's address (`pool_of`) — but only once the block is
//! known to lie in an arena (see `arena_map`), or that address would be someone else's memory.
//!
//! Blocks are handed out in two ways:
//!
//! * **Freed blocks** form a singly linked list threaded through their first word
//!   (`freeblock`). A freed block is pushed on the front, so the most recently freed block is
//!   the next one handed out (LIFO): it is the one most likely still in cache.
//! * **Virgin blocks** are carved lazily. A new pool links only its first block; each time
//!   the free list runs dry the next virgin block at `nextoffset` is linked, until
//!   `nextoffset` passes `maxnextoffset`. Memory a program never uses is never touched.
//!
//! A pool is in one of three states, decided by its block count and free list:
//!
//! * **used** — some blocks allocated, some available: linked in its class's used list;
//! * **full** — every block allocated (`freeblock` null and nothing left to carve): on no list;
//! * **empty** — no block allocated: on its arena's list of free pools, ready for any class.

use std::ptr;

use crate::size_class::{block_size, ALIGNMENT};

/// `log2(POOL_SIZE)`.
pub const POOL_BITS: u32 = 14;
/// Size of a pool (64-bit CPython with the radix tree: "large pools").
pub const POOL_SIZE: usize = 1 << POOL_BITS;
/// Mask of an address's offset within its pool.
pub const POOL_SIZE_MASK: usize = POOL_SIZE - 1;
/// Bytes at the start of each pool taken by its header, rounded up to [`ALIGNMENT`].
pub const POOL_OVERHEAD: usize = 48;

/// The header at the start of every pool that has been handed to a size class.
///
/// Field for field the shape of CPython's `pool_header`, so that the pool overhead is the same
/// 48 bytes.
#[repr(C)]
pub(crate) struct PoolHeader {
    /// Number of allocated blocks in the pool.
    pub(crate) count: u32,
    /// Head of the list of freed (or freshly carved) blocks; null when none is ready.
    pub(crate) freeblock: *mut u8,
    /// Next pool in the class's used list, or in the arena's free-pool list.
    pub(crate) nextpool: *mut PoolHeader,
    /// Previous pool in the class's used list (unused on the free-pool list).
    pub(crate) prevpool: *mut PoolHeader,
    /// Index of the arena that holds this pool.
    pub(crate) arenaindex: u32,
    /// Size class of the blocks.
    pub(crate) szidx: u32,
    /// Offset of the next virgin block.
    pub(crate) nextoffset: u32,
    /// Largest offset at which a whole block still fits.
    pub(crate) maxnextoffset: u32,
}

const _: () = assert!(std::mem::size_of::<PoolHeader>() == POOL_OVERHEAD);
const _: () = assert!(POOL_OVERHEAD.is_multiple_of(ALIGNMENT));

/// The pool that holds the block at `p`: `p` with its offset inside the pool cleared.
///
/// Computing the address is always fine; reading the header there is only sound when `p` is
/// known to lie inside one of our arenas.
#[inline(always)]
pub(crate) fn pool_of(p: *mut u8) -> *mut PoolHeader {
    p.map_addr(|a| a & !POOL_SIZE_MASK).cast()
}

/// Sets up `pool` to serve blocks of class `szidx`: its free list holds just the first block
/// and everything after it is virgin. The pool's block count is 0; it is not on any list.
///
/// # Safety
/// `pool` is a pool-aligned, writable [`POOL_SIZE`]-byte region inside one of our arenas that
/// no live block uses.
pub(crate) unsafe fn init(pool: *mut PoolHeader, arenaindex: u32, szidx: usize) {
    let size = block_size(szidx);
    let first = pool.cast::<u8>().wrapping_add(POOL_OVERHEAD);
    // SAFETY: the caller hands us the whole pool; the header and the first block lie in it.
    unsafe {
        ptr::write(
            pool,
            PoolHeader {
                count: 0,
                freeblock: first,
                nextpool: ptr::null_mut(),
                prevpool: ptr::null_mut(),
                arenaindex,
                szidx: szidx as u32,
                nextoffset: (POOL_OVERHEAD + size) as u32,
                maxnextoffset: (POOL_SIZE - size) as u32,
            },
        );
        ptr::write(first.cast::<*mut u8>(), ptr::null_mut());
    }
}

/// Links the next virgin block onto the (empty) free list. Returns false if the pool has no
/// virgin block left, that is, the pool is full.
///
/// # Safety
/// `pool` is an initialised pool whose free list is empty.
#[inline]
pub(crate) unsafe fn carve_next(pool: *mut PoolHeader) -> bool {
    // SAFETY: the caller guarantees an initialised header; the block at `nextoffset` lies
    // inside the pool because `nextoffset <= maxnextoffset = POOL_SIZE - size`.
    unsafe {
        let offset = (*pool).nextoffset;
        if offset > (*pool).maxnextoffset {
            return false;
        }
        let block = pool.cast::<u8>().add(offset as usize);
        (*pool).nextoffset = offset + block_size((*pool).szidx as usize) as u32;
        ptr::write(block.cast::<*mut u8>(), ptr::null_mut());
        (*pool).freeblock = block;
        true
    }
}

/// Reads the free-list link stored in a free block.
///
/// # Safety
/// `block` is a free block of one of our pools.
#[inline(always)]
pub(crate) unsafe fn next_free(block: *mut u8) -> *mut u8 {
    // SAFETY: free blocks are 16-aligned and at least 16 bytes; their first word is the link.
    unsafe { ptr::read(block.cast::<*mut u8>()) }
}

/// Stores the free-list link in a block being freed.
///
/// # Safety
/// `block` is a block of one of our pools that no one uses any more.
#[inline(always)]
pub(crate) unsafe fn set_next_free(block: *mut u8, next: *mut u8) {
    // SAFETY: as for `next_free`; the block's owner gave it up, so its first word is ours.
    unsafe { ptr::write(block.cast::<*mut u8>(), next) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::size_class::{blocks_per_pool, NB_SMALL_SIZE_CLASSES};

    /// A heap buffer aligned like a pool, standing in for one.
    struct FakePool(*mut u8);
    impl FakePool {
        fn new() -> FakePool {
            let layout = std::alloc::Layout::from_size_align(POOL_SIZE, POOL_SIZE).unwrap();
            // SAFETY: the layout has a non-zero size.
            let p = unsafe { std::alloc::alloc_zeroed(layout) };
            assert!(!p.is_null());
            FakePool(p)
        }
    }
    impl Drop for FakePool {
        fn drop(&mut self) {
            let layout = std::alloc::Layout::from_size_align(POOL_SIZE, POOL_SIZE).unwrap();
            // SAFETY: allocated in `new` with this layout.
            unsafe { std::alloc::dealloc(self.0, layout) }
        }
    }

    #[test]
    fn pool_of_clears_the_offset() {
        let base = 0x7f00_0000_4000usize as *mut u8;
        assert_eq!(pool_of(base.wrapping_add(48)) as usize, 0x7f00_0000_4000);
        assert_eq!(
            pool_of(base.wrapping_add(POOL_SIZE - 1)) as usize,
            0x7f00_0000_4000
        );
        assert_eq!(
            pool_of(base.wrapping_add(POOL_SIZE)) as usize,
            0x7f00_0000_8000
        );
    }

    #[test]
    fn carving_yields_exactly_blocks_per_pool() {
        for szidx in 0..NB_SMALL_SIZE_CLASSES {
            let fake = FakePool::new();
            let pool = fake.0.cast::<PoolHeader>();
            // SAFETY: `fake` is a zeroed, pool-aligned region of POOL_SIZE bytes.
            unsafe {
                init(pool, 0, szidx);
                let mut n = 0;
                let mut last = ptr::null_mut();
                loop {
                    let b = (*pool).freeblock;
                    assert!(!b.is_null());
                    assert_eq!(b as usize % ALIGNMENT, 0);
                    assert!(b as usize + block_size(szidx) <= fake.0 as usize + POOL_SIZE);
                    assert!(b > last, "blocks are carved in address order");
                    last = b;
                    n += 1;
                    (*pool).freeblock = next_free(b);
                    if (*pool).freeblock.is_null() && !carve_next(pool) {
                        break;
                    }
                }
                assert_eq!(n, blocks_per_pool(szidx), "class {szidx}");
            }
        }
    }
}
