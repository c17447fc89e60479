//! Size classes: which block size serves a small request.
//!
//! pymalloc serves requests of 1 to [`SMALL_REQUEST_THRESHOLD`] (512) bytes from blocks whose
//! sizes are the multiples of [`ALIGNMENT`] (16): 16, 32, 48, … 512. That makes
//! [`NB_SMALL_SIZE_CLASSES`] = 512 / 16 = 32 classes. A request of `n` bytes takes the smallest
//! block that holds it, class `(n - 1) >> 4`, and class `i` holds blocks of `(i + 1) << 4`
//! bytes:
//!
//! ```text
//!   request (bytes)   block size   class index
//!        1 ..  16          16            0
//!       17 ..  32          32            1
//!       33 ..  48          48            2
//!        …                  …            …
//!      497 .. 512         512           31
//! ```
//!
//! Requests of 0 bytes and of more than 512 bytes are not small: they go to the raw layer.
//! Every block is 16-byte aligned because pools are, the pool header is 48 bytes (a multiple
//! of 16) and every block size is a multiple of 16.

use crate::pool::{POOL_OVERHEAD, POOL_SIZE};

/// Alignment of every block, and the granularity of block sizes (64-bit CPython).
pub const ALIGNMENT: usize = 16;
/// `log2(ALIGNMENT)`.
pub const ALIGNMENT_SHIFT: u32 = 4;
/// The largest request pymalloc serves itself; larger ones go to the raw layer.
pub const SMALL_REQUEST_THRESHOLD: usize = 512;
/// Number of size classes: 512 / 16 = 32.
pub const NB_SMALL_SIZE_CLASSES: usize = SMALL_REQUEST_THRESHOLD / ALIGNMENT;

const _: () = assert!(1 << ALIGNMENT_SHIFT == ALIGNMENT);
const _: () = assert!(NB_SMALL_SIZE_CLASSES == 32);

/// Whether pymalloc serves a request of `size` bytes: `1 <= size <= 512`.
///
/// `size - 1` wraps to `usize::MAX` for 0, so one comparison rejects both 0 and large sizes.
#[inline(always)]
pub const fn is_small(size: usize) -> bool {
    size.wrapping_sub(1) < SMALL_REQUEST_THRESHOLD
}

/// The class index of a small request. Meaningful only when [`is_small`]`(size)`.
#[inline(always)]
pub const fn class_index(size: usize) -> usize {
    size.wrapping_sub(1) >> ALIGNMENT_SHIFT
}

/// The block size of class `index` (`INDEX2SIZE` in CPython).
#[inline(always)]
pub const fn block_size(index: usize) -> usize {
    (index + 1) << ALIGNMENT_SHIFT
}

/// How many blocks of class `index` fit in one pool after its header: 1021 blocks of 16 bytes,
/// 31 blocks of 512 bytes.
#[inline]
pub const fn blocks_per_pool(index: usize) -> usize {
    (POOL_SIZE - POOL_OVERHEAD) / block_size(index)
}

/// Bytes at the end of a pool of class `index` that no block can use.
#[inline]
pub const fn pool_quantization(index: usize) -> usize {
    (POOL_SIZE - POOL_OVERHEAD) % block_size(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_and_large_requests_are_not_small() {
        assert!(!is_small(0));
        assert!(is_small(1));
        assert!(is_small(512));
        assert!(!is_small(513));
        assert!(!is_small(usize::MAX));
    }

    #[test]
    fn every_small_size_maps_to_the_smallest_block_that_holds_it() {
        for size in 1..=SMALL_REQUEST_THRESHOLD {
            let idx = class_index(size);
            assert!(idx < NB_SMALL_SIZE_CLASSES);
            assert!(block_size(idx) >= size, "size {size}");
            if idx > 0 {
                assert!(
                    block_size(idx - 1) < size,
                    "size {size} not in smallest class"
                );
            }
            assert_eq!(block_size(idx) % ALIGNMENT, 0);
        }
    }

    #[test]
    fn class_boundaries() {
        assert_eq!(class_index(1), 0);
        assert_eq!(class_index(16), 0);
        assert_eq!(class_index(17), 1);
        assert_eq!(class_index(32), 1);
        assert_eq!(class_index(33), 2);
        assert_eq!(class_index(497), 31);
        assert_eq!(class_index(512), 31);
        assert_eq!(block_size(0), 16);
        assert_eq!(block_size(31), 512);
    }

    #[test]
    fn blocks_per_pool_matches_cpython() {
        assert_eq!(blocks_per_pool(0), 1021);
        assert_eq!(blocks_per_pool(31), 31);
        // Every class gets at least 31 blocks, so a pool is never "full" after one block.
        for idx in 0..NB_SMALL_SIZE_CLASSES {
            assert!(blocks_per_pool(idx) >= 31);
            assert_eq!(
                blocks_per_pool(idx) * block_size(idx) + pool_quantization(idx) + POOL_OVERHEAD,
                POOL_SIZE
            );
        }
    }
}
