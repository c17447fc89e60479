//! The arena map: an exact answer to "does this address lie inside one of our arenas?".
//!
//! `free` is handed a bare pointer. pymalloc must tell its own blocks from blocks of the raw
//! layer (C `malloc`) without touching memory it does not own, because the pool header it
//! would read for a foreign pointer may be unmapped or belong to someone else. CPython 3.11
//! answers with a radix tree over the address bits (`address_in_range`), and so do we.
//!
//! A 64-bit address splits into four fields:
//!
//! ```text
//!   bit 63        49 48         34 33        20 19                0
//!      [ top: 15  ][  mid: 15    ][  bot: 14  ][ offset in 1 MiB  ]
//! ```
//!
//! The top field indexes the root (2^15 pointers, 256 KiB), the mid field a mid node (2^15
//! pointers, 256 KiB), and the bot field a bottom node of 2^14 slots (8 bytes each, 128 KiB).
//! Each slot describes one 1 MiB-aligned stretch of the address space — an "ideal arena".
//! Nodes are created when an arena is first recorded under them, zero-filled, and kept until
//! the allocator is dropped (they are tiny next to the arenas they describe, and the OS only
//! backs the pages actually written).
//!
//! An arena from `mmap` is page-aligned but rarely 1 MiB-aligned, so it covers the top part of
//! one slot and the bottom part of the next. A slot therefore records two offsets:
//!
//! * `lo`: addresses whose offset is below `lo` belong to the arena that began in the
//!   previous slot;
//! * `hi`: addresses whose offset is at least `hi` belong to an arena that begins in this
//!   slot; 0 means no arena begins here.
//!
//! An arena that happens to be 1 MiB-aligned covers its slot whole and is recorded as
//! `lo = 1 MiB`. With zero meaning "nothing" in both fields, freshly zeroed nodes are correct,
//! and the test is `offset < lo || (hi != 0 && offset >= hi)`: three dependent loads and two
//! compares, exact for every pointer value.

use std::alloc::{self, Layout};
use std::ptr;

use crate::arena::{ARENA_BITS, ARENA_SIZE, ARENA_SIZE_MASK};
use crate::AllocError;

/// Index bits of the bottom level (one slot per 1 MiB of address space).
const MAP_BOT_BITS: u32 = 14;
/// Index bits of the middle level.
const MAP_MID_BITS: u32 = 15;
/// Index bits of the root level: what remains of a 64-bit address.
const MAP_TOP_BITS: u32 = usize::BITS - ARENA_BITS - MAP_BOT_BITS - MAP_MID_BITS;

const MAP_BOT_LENGTH: usize = 1 << MAP_BOT_BITS;
const MAP_MID_LENGTH: usize = 1 << MAP_MID_BITS;
const MAP_TOP_LENGTH: usize = 1 << MAP_TOP_BITS;

const MAP_BOT_SHIFT: u32 = ARENA_BITS;
const MAP_MID_SHIFT: u32 = MAP_BOT_SHIFT + MAP_BOT_BITS;
const MAP_TOP_SHIFT: u32 = MAP_MID_SHIFT + MAP_MID_BITS;

const _: () = assert!(MAP_TOP_BITS == 15);
const _: () = assert!(MAP_TOP_SHIFT + MAP_TOP_BITS == usize::BITS);

/// What one ideal-arena slot knows. See the module docs for the meaning of the two offsets.
#[derive(Clone, Copy)]
#[repr(C)]
struct Slot {
    lo: u32,
    hi: u32,
}

type BotNode = [Slot; MAP_BOT_LENGTH];
type MidNode = [*mut BotNode; MAP_MID_LENGTH];
type RootNode = [*mut MidNode; MAP_TOP_LENGTH];

/// Bytes of the root node (262,144, as CPython's static `arena_map_root`).
pub(crate) const MAP_ROOT_BYTES: usize = std::mem::size_of::<RootNode>();
/// Bytes of one mid node (262,144).
pub(crate) const MAP_MID_BYTES: usize = std::mem::size_of::<MidNode>();
/// Bytes of one bottom node (131,072).
pub(crate) const MAP_BOT_BYTES: usize = std::mem::size_of::<BotNode>();

const _: () = assert!(MAP_ROOT_BYTES == 262_144);
const _: () = assert!(MAP_MID_BYTES == 262_144);
const _: () = assert!(MAP_BOT_BYTES == 131_072);

#[inline(always)]
fn top_index(addr: usize) -> usize {
    addr >> MAP_TOP_SHIFT
}
#[inline(always)]
fn mid_index(addr: usize) -> usize {
    (addr >> MAP_MID_SHIFT) & (MAP_MID_LENGTH - 1)
}
#[inline(always)]
fn bot_index(addr: usize) -> usize {
    (addr >> MAP_BOT_SHIFT) & (MAP_BOT_LENGTH - 1)
}

/// Allocates one zero-filled node of type `T` from the Rust heap.
fn alloc_zeroed_node<T>() -> Result<*mut T, AllocError> {
    let layout = Layout::new::<T>();
    // SAFETY: every node type has a non-zero size.
    let p = unsafe { alloc::alloc_zeroed(layout) };
    if p.is_null() {
        Err(AllocError)
    } else {
        Ok(p.cast())
    }
}

/// Frees a node made by [`alloc_zeroed_node`].
///
/// # Safety
/// `p` came from `alloc_zeroed_node::<T>` and is not used afterwards.
unsafe fn free_node<T>(p: *mut T) {
    // SAFETY: same layout as at allocation, per the caller.
    unsafe { alloc::dealloc(p.cast(), Layout::new::<T>()) }
}

/// The radix tree. Empty until the first arena is recorded.
pub(crate) struct ArenaMap {
    root: *mut RootNode,
    mid_count: usize,
    bot_count: usize,
}

impl ArenaMap {
    pub(crate) const fn new() -> ArenaMap {
        ArenaMap {
            root: ptr::null_mut(),
            mid_count: 0,
            bot_count: 0,
        }
    }

    /// Whether `addr` lies inside an arena recorded with [`mark_used`](Self::mark_used).
    /// Exact for every address; reads only the map's own nodes.
    #[inline(always)]
    pub(crate) fn contains(&self, addr: usize) -> bool {
        if self.root.is_null() {
            return false;
        }
        // SAFETY: non-null node pointers in the tree always point to live nodes we allocated
        // (they are only freed in `drop`), and every index is masked to its node's length.
        unsafe {
            let mid = (*self.root)[top_index(addr)];
            if mid.is_null() {
                return false;
            }
            let bot = (*mid)[mid_index(addr)];
            if bot.is_null() {
                return false;
            }
            let slot = (*bot)[bot_index(addr)];
            let offset = (addr & ARENA_SIZE_MASK) as u32;
            offset < slot.lo || (slot.hi != 0 && offset >= slot.hi)
        }
    }

    /// The slot for `addr`, creating the nodes on the way if `create`.
    fn slot(&mut self, addr: usize, create: bool) -> Result<Option<*mut Slot>, AllocError> {
        if self.root.is_null() {
            if !create {
                return Ok(None);
            }
            self.root = alloc_zeroed_node::<RootNode>()?;
        }
        // SAFETY: as in `contains`; new nodes are stored before use and indices are masked.
        unsafe {
            let mid_ref = &mut (*self.root)[top_index(addr)];
            if mid_ref.is_null() {
                if !create {
                    return Ok(None);
                }
                *mid_ref = alloc_zeroed_node::<MidNode>()?;
                self.mid_count += 1;
            }
            let bot_ref = &mut (**mid_ref)[mid_index(addr)];
            if bot_ref.is_null() {
                if !create {
                    return Ok(None);
                }
                *bot_ref = alloc_zeroed_node::<BotNode>()?;
                self.bot_count += 1;
            }
            Ok(Some(&mut (**bot_ref)[bot_index(addr)] as *mut Slot))
        }
    }

    /// Records the arena `[base, base + ARENA_SIZE)`. On error nothing is recorded.
    pub(crate) fn mark_used(&mut self, base: usize) -> Result<(), AllocError> {
        let offset = (base & ARENA_SIZE_MASK) as u32;
        // Create every node first, so that a failure leaves no half-recorded arena.
        let first = self.slot(base, true)?;
        let second = if offset == 0 {
            None
        } else {
            self.slot(base.wrapping_add(ARENA_SIZE), true)?
        };
        // SAFETY: slot pointers from `slot` point into live bottom nodes.
        unsafe {
            match (first, second) {
                (Some(first), None) => (*first).lo = ARENA_SIZE as u32,
                (Some(first), Some(second)) => {
                    (*first).hi = offset;
                    (*second).lo = offset;
                }
                (None, _) => return Err(AllocError),
            }
        }
        Ok(())
    }

    /// Forgets the arena at `base`, recorded earlier with [`mark_used`](Self::mark_used).
    pub(crate) fn mark_unused(&mut self, base: usize) {
        let offset = (base & ARENA_SIZE_MASK) as u32;
        // The nodes exist (mark_used created them), so `slot` neither allocates nor fails.
        let first = self.slot(base, false).ok().flatten();
        // SAFETY: slot pointers from `slot` point into live bottom nodes.
        unsafe {
            if offset == 0 {
                if let Some(first) = first {
                    (*first).lo = 0;
                }
            } else {
                if let Some(first) = first {
                    (*first).hi = 0;
                }
                if let Some(second) = self
                    .slot(base.wrapping_add(ARENA_SIZE), false)
                    .ok()
                    .flatten()
                {
                    (*second).lo = 0;
                }
            }
        }
    }

    /// Bytes of the root node, if allocated.
    pub(crate) fn root_bytes(&self) -> usize {
        if self.root.is_null() {
            0
        } else {
            MAP_ROOT_BYTES
        }
    }
    pub(crate) fn mid_count(&self) -> usize {
        self.mid_count
    }
    pub(crate) fn bot_count(&self) -> usize {
        self.bot_count
    }
}

impl Drop for ArenaMap {
    fn drop(&mut self) {
        if self.root.is_null() {
            return;
        }
        // SAFETY: we walk only nodes we allocated, free each exactly once, and drop the root
        // last; nothing uses the map afterwards.
        unsafe {
            for &mid in (*self.root).iter() {
                if mid.is_null() {
                    continue;
                }
                for &bot in (*mid).iter() {
                    if !bot.is_null() {
                        free_node(bot);
                    }
                }
                free_node(mid);
            }
            free_node(self.root);
        }
        self.root = ptr::null_mut();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: usize = 1 << 20;

    #[test]
    fn empty_map_contains_nothing() {
        let map = ArenaMap::new();
        for addr in [0, 1, usize::MAX, 0x7fff_ffff_f000, 0x5555_5555_0000] {
            assert!(!map.contains(addr));
        }
    }

    #[test]
    fn aligned_arena() {
        let mut map = ArenaMap::new();
        let base = 0x7f12_3450_0000usize;
        assert_eq!(base % MIB, 0);
        map.mark_used(base).unwrap();
        assert!(!map.contains(base - 1));
        assert!(map.contains(base));
        assert!(map.contains(base + MIB - 1));
        assert!(!map.contains(base + MIB));
        map.mark_unused(base);
        assert!(!map.contains(base));
        assert!(!map.contains(base + MIB - 1));
    }

    #[test]
    fn unaligned_arena_spans_two_slots() {
        let mut map = ArenaMap::new();
        let base = 0x7f12_3450_0000usize + 0x3000;
        map.mark_used(base).unwrap();
        assert!(!map.contains(base - 1));
        assert!(map.contains(base));
        assert!(map.contains(base + MIB / 2));
        assert!(map.contains(base + MIB - 1));
        assert!(!map.contains(base + MIB));
        assert_eq!(map.bot_count(), 1);
        map.mark_unused(base);
        assert!(!map.contains(base));
        assert!(!map.contains(base + MIB - 1));
    }

    #[test]
    fn neighbouring_arenas_share_a_slot() {
        let mut map = ArenaMap::new();
        let a = 0x7f00_0000_0000usize + 0x5000;
        let gap = 0x2000;
        let b = a + MIB + gap; // begins in the slot where `a` ends
        map.mark_used(a).unwrap();
        map.mark_used(b).unwrap();
        assert!(map.contains(a + MIB - 1));
        for addr in a + MIB..b {
            assert!(!map.contains(addr), "gap address {addr:#x}");
        }
        assert!(map.contains(b));
        map.mark_unused(a);
        assert!(!map.contains(a + MIB - 1));
        assert!(map.contains(b));
        assert!(map.contains(b + MIB - 1));
    }

    #[test]
    fn arena_across_a_bottom_node_boundary() {
        let mut map = ArenaMap::new();
        // The last 1 MiB slot of one bottom node, spilling into the next node.
        let node_span = MIB << MAP_BOT_BITS;
        let base = 0x7f00_0000_0000usize + node_span - MIB + 0x1000;
        map.mark_used(base).unwrap();
        assert_eq!(map.bot_count(), 2);
        assert!(map.contains(base));
        assert!(map.contains(base + MIB - 1));
        assert!(!map.contains(base + MIB));
        assert!(!map.contains(base - 1));
    }
}
