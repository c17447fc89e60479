//! The raw layer: the only code that asks the operating system for memory.
//!
//! It hands out two things:
//!
//! * **Pages** for arenas, straight from `mmap` and back with `munmap`.
//! * **Large blocks** from C `malloc`/`realloc`/`free`: requests over 512 bytes, requests of
//!   0 bytes (served as 1 byte, as CPython does), every `Domain::Raw` request, and every
//!   request when pymalloc is switched off.
//!
//! Each large block carries a [`LARGE_HEADER_SIZE`]-byte header in front of the caller's
//! bytes: its size, its domain and the links of a doubly linked list of all live large
//! blocks. The size makes accounting exact on `free`; the list lets the allocator return
//! every block to the C heap when it is dropped and list leaked blocks in any mode. The
//! header is 32 bytes so the caller's pointer keeps `malloc`'s 16-byte alignment.
//!
//! The raw layer keeps the byte count the process holds through it — arena pages plus large
//! blocks with their headers — and its peak, and enforces the optional hard limit on that
//! count. A request that would pass the limit fails with [`AllocError`] *before* anything is
//! changed; so does one the OS refuses. Nothing is corrupted and later requests that fit
//! succeed.

use std::ptr::{self, NonNull};

use crate::{AllocError, Domain};

/// Bytes in front of every large block: size, domain, previous and next block.
pub const LARGE_HEADER_SIZE: usize = 32;

/// The header of a large block.
#[repr(C, align(16))]
struct LargeHeader {
    /// Bytes the caller may use (the request, at least 1).
    size: usize,
    /// The domain the block was allocated in.
    domain: Domain,
    prev: *mut LargeHeader,
    next: *mut LargeHeader,
}

const _: () = assert!(std::mem::size_of::<LargeHeader>() == LARGE_HEADER_SIZE);

/// The largest request the raw layer accepts (CPython refuses more than `PY_SSIZE_T_MAX`).
const MAX_REQUEST: usize = isize::MAX as usize - LARGE_HEADER_SIZE;

/// A live large block, as listed by [`RawLayer::large_blocks`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LargeBlock {
    pub(crate) address: usize,
    pub(crate) size: usize,
    pub(crate) domain: Domain,
}

/// Pages and large blocks from the OS, with byte accounting and the limit.
pub(crate) struct RawLayer {
    limit: Option<usize>,
    /// Bytes held from the OS: mapped pages plus large blocks with headers.
    os_bytes: usize,
    peak_os_bytes: usize,
    /// Bytes held in mapped pages.
    mapped_bytes: usize,
    /// Head of the list of live large blocks.
    large_head: *mut LargeHeader,
    large_count: usize,
    /// Bytes held in large blocks, headers included.
    large_bytes: usize,
    /// Requests refused because of the limit or the OS.
    refused: usize,
}

impl RawLayer {
    pub(crate) fn new(limit: Option<usize>) -> RawLayer {
        RawLayer {
            limit,
            os_bytes: 0,
            peak_os_bytes: 0,
            mapped_bytes: 0,
            large_head: ptr::null_mut(),
            large_count: 0,
            large_bytes: 0,
            refused: 0,
        }
    }

    pub(crate) fn limit(&self) -> Option<usize> {
        self.limit
    }
    pub(crate) fn os_bytes(&self) -> usize {
        self.os_bytes
    }
    pub(crate) fn peak_os_bytes(&self) -> usize {
        self.peak_os_bytes
    }
    pub(crate) fn mapped_bytes(&self) -> usize {
        self.mapped_bytes
    }
    pub(crate) fn large_count(&self) -> usize {
        self.large_count
    }
    pub(crate) fn large_bytes(&self) -> usize {
        self.large_bytes
    }
    pub(crate) fn refused(&self) -> usize {
        self.refused
    }

    /// Counts `bytes` more held from the OS, or refuses if that would pass the limit.
    fn charge(&mut self, bytes: usize) -> Result<(), AllocError> {
        let total = match self.os_bytes.checked_add(bytes) {
            Some(total) if self.limit.is_none_or(|limit| total <= limit) => total,
            _ => {
                self.refused += 1;
                return Err(AllocError);
            }
        };
        self.os_bytes = total;
        if total > self.peak_os_bytes {
            self.peak_os_bytes = total;
        }
        Ok(())
    }

    /// Counts `bytes` given back to the OS.
    fn refund(&mut self, bytes: usize) {
        self.os_bytes -= bytes;
    }

    /// Maps `len` bytes of fresh, zeroed, read-write pages.
    pub(crate) fn map_pages(&mut self, len: usize) -> Result<NonNull<u8>, AllocError> {
        self.charge(len)?;
        // SAFETY: an anonymous private mapping at an address of the kernel's choosing touches
        // no existing memory.
        let p = unsafe {
            libc::mmap(
                ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED || p.is_null() {
            self.refund(len);
            self.refused += 1;
            return Err(AllocError);
        }
        self.mapped_bytes += len;
        // SAFETY: checked non-null just above.
        Ok(unsafe { NonNull::new_unchecked(p.cast()) })
    }

    /// Unmaps pages from [`map_pages`](Self::map_pages).
    ///
    /// # Safety
    /// `p` and `len` are exactly those of one earlier `map_pages`, and nothing uses the
    /// pages any more.
    pub(crate) unsafe fn unmap_pages(&mut self, p: NonNull<u8>, len: usize) {
        // SAFETY: per the caller, this is one whole mapping of ours that nobody uses.
        // munmap cannot fail for such a range, so its result carries no information.
        unsafe {
            libc::munmap(p.as_ptr().cast(), len);
        }
        self.mapped_bytes -= len;
        self.refund(len);
    }

    /// Allocates a large block of `size` bytes (0 is served as 1) in `domain`.
    pub(crate) fn alloc_large(
        &mut self,
        domain: Domain,
        size: usize,
        zeroed: bool,
    ) -> Result<NonNull<u8>, AllocError> {
        let size = size.max(1);
        if size > MAX_REQUEST {
            self.refused += 1;
            return Err(AllocError);
        }
        let total = size + LARGE_HEADER_SIZE;
        self.charge(total)?;
        // SAFETY: plain C allocation of a non-zero size.
        let raw = unsafe {
            if zeroed {
                libc::calloc(1, total)
            } else {
                libc::malloc(total)
            }
        };
        let header = raw.cast::<LargeHeader>();
        if header.is_null() {
            self.refund(total);
            self.refused += 1;
            return Err(AllocError);
        }
        // SAFETY: `header` is a fresh block of `total >= 32` bytes, aligned to 16 by malloc;
        // the list head, if any, is a live block of ours.
        unsafe {
            ptr::write(
                header,
                LargeHeader {
                    size,
                    domain,
                    prev: ptr::null_mut(),
                    next: self.large_head,
                },
            );
            if !self.large_head.is_null() {
                (*self.large_head).prev = header;
            }
            self.large_head = header;
            self.large_count += 1;
            self.large_bytes += total;
            Ok(NonNull::new_unchecked(header.add(1).cast()))
        }
    }

    /// The header of the large block at `p`.
    fn header_of(p: NonNull<u8>) -> *mut LargeHeader {
        p.as_ptr().wrapping_sub(LARGE_HEADER_SIZE).cast()
    }

    /// The usable size of the large block at `p`.
    ///
    /// # Safety
    /// `p` is a live large block of this layer.
    pub(crate) unsafe fn large_size(p: NonNull<u8>) -> usize {
        // SAFETY: per the caller the header in front of `p` is ours and initialised.
        unsafe { (*Self::header_of(p)).size }
    }

    /// Resizes the large block at `p` to `new_size` bytes (0 is served as 1), moving it if C
    /// `realloc` does. On error the block is unchanged. Returns the block and its old size.
    ///
    /// # Safety
    /// `p` is a live large block of this layer; on success it is dead and the result live.
    pub(crate) unsafe fn realloc_large(
        &mut self,
        p: NonNull<u8>,
        new_size: usize,
    ) -> Result<(NonNull<u8>, usize), AllocError> {
        let new_size = new_size.max(1);
        if new_size > MAX_REQUEST {
            self.refused += 1;
            return Err(AllocError);
        }
        let header = Self::header_of(p);
        // SAFETY: per the caller, `header` is a live header of ours.
        let old_size = unsafe { (*header).size };
        let (old_total, new_total) = (old_size + LARGE_HEADER_SIZE, new_size + LARGE_HEADER_SIZE);
        if new_total > old_total {
            self.charge(new_total - old_total)?;
        }
        // SAFETY: `header` is the pointer C malloc gave us for this block.
        let moved = unsafe { libc::realloc(header.cast(), new_total) }.cast::<LargeHeader>();
        if moved.is_null() {
            if new_total > old_total {
                self.refund(new_total - old_total);
            }
            self.refused += 1;
            return Err(AllocError);
        }
        if new_total < old_total {
            self.refund(old_total - new_total);
        }
        self.large_bytes = self.large_bytes - old_total + new_total;
        // SAFETY: `moved` is our block with its header copied by realloc; its neighbours in
        // the list are live blocks of ours whose links must now point at the new address.
        unsafe {
            (*moved).size = new_size;
            let (prev, next) = ((*moved).prev, (*moved).next);
            if prev.is_null() {
                self.large_head = moved;
            } else {
                (*prev).next = moved;
            }
            if !next.is_null() {
                (*next).prev = moved;
            }
            Ok((NonNull::new_unchecked(moved.add(1).cast()), old_size))
        }
    }

    /// Frees the large block at `p`; returns its size.
    ///
    /// # Safety
    /// `p` is a live large block of this layer; it is dead afterwards.
    pub(crate) unsafe fn free_large(&mut self, p: NonNull<u8>) -> usize {
        let header = Self::header_of(p);
        // SAFETY: per the caller, `header` and its list neighbours are live blocks of ours.
        let size = unsafe {
            let LargeHeader {
                size, prev, next, ..
            } = ptr::read(header);
            if prev.is_null() {
                self.large_head = next;
            } else {
                (*prev).next = next;
            }
            if !next.is_null() {
                (*next).prev = prev;
            }
            libc::free(header.cast());
            size
        };
        let total = size + LARGE_HEADER_SIZE;
        self.large_count -= 1;
        self.large_bytes -= total;
        self.refund(total);
        size
    }

    /// Every live large block, newest first.
    pub(crate) fn large_blocks(&self) -> Vec<LargeBlock> {
        let mut blocks = Vec::with_capacity(self.large_count);
        let mut h = self.large_head;
        while !h.is_null() {
            // SAFETY: the list links only live headers of ours.
            unsafe {
                blocks.push(LargeBlock {
                    address: h.add(1) as usize,
                    size: (*h).size,
                    domain: (*h).domain,
                });
                h = (*h).next;
            }
        }
        blocks
    }
}

impl Drop for RawLayer {
    fn drop(&mut self) {
        let mut h = self.large_head;
        while !h.is_null() {
            // SAFETY: the list links only live blocks of ours; each is read before it is freed
            // and freed once. The allocator is being dropped, so no pointer into them is used.
            unsafe {
                let next = (*h).next;
                libc::free(h.cast());
                h = next;
            }
        }
        self.large_head = ptr::null_mut();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_blocks_are_counted_and_listed() {
        let mut raw = RawLayer::new(None);
        let a = raw.alloc_large(Domain::Mem, 1000, false).unwrap();
        let b = raw.alloc_large(Domain::Raw, 0, true).unwrap();
        assert_eq!(a.as_ptr() as usize % 16, 0);
        assert_eq!(raw.large_count(), 2);
        assert_eq!(raw.os_bytes(), 1000 + 1 + 2 * LARGE_HEADER_SIZE);
        // SAFETY: `a` and `b` are live large blocks of `raw`.
        unsafe {
            assert_eq!(RawLayer::large_size(a), 1000);
            assert_eq!(RawLayer::large_size(b), 1);
        }
        let listed = raw.large_blocks();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0].domain, Domain::Raw);
        // SAFETY: both blocks are live and not used afterwards.
        unsafe {
            assert_eq!(raw.free_large(a), 1000);
            assert_eq!(raw.free_large(b), 1);
        }
        assert_eq!(raw.os_bytes(), 0);
        assert_eq!(raw.large_count(), 0);
        assert_eq!(raw.peak_os_bytes(), 1000 + 1 + 2 * LARGE_HEADER_SIZE);
    }

    #[test]
    fn realloc_keeps_contents_and_links() {
        let mut raw = RawLayer::new(None);
        let a = raw.alloc_large(Domain::Mem, 600, false).unwrap();
        let b = raw.alloc_large(Domain::Mem, 700, false).unwrap();
        let c = raw.alloc_large(Domain::Mem, 800, false).unwrap();
        // SAFETY: `b` is live with 700 bytes; after realloc only `b2` is used.
        unsafe {
            ptr::write_bytes(b.as_ptr(), 0x5a, 700);
            let (b2, old) = raw.realloc_large(b, 100_000).unwrap();
            assert_eq!(old, 700);
            assert!((0..700).all(|i| *b2.as_ptr().add(i) == 0x5a));
            assert_eq!(raw.large_blocks().len(), 3);
            raw.free_large(a);
            raw.free_large(b2);
            raw.free_large(c);
        }
        assert_eq!(raw.os_bytes(), 0);
    }

    #[test]
    fn limit_refuses_cleanly() {
        let mut raw = RawLayer::new(Some(10_000));
        let a = raw.alloc_large(Domain::Raw, 6_000, false).unwrap();
        assert_eq!(raw.alloc_large(Domain::Raw, 6_000, false), Err(AllocError));
        assert_eq!(raw.refused(), 1);
        let b = raw.alloc_large(Domain::Raw, 3_000, false).unwrap();
        // SAFETY: `a` is live; the failed realloc leaves it live and unchanged.
        unsafe {
            assert_eq!(raw.realloc_large(a, 9_000), Err(AllocError));
            assert_eq!(RawLayer::large_size(a), 6_000);
            raw.free_large(a);
            raw.free_large(b);
        }
        assert_eq!(raw.os_bytes(), 0);
        assert!(raw.peak_os_bytes() <= 10_000);
    }

    #[test]
    fn absurd_sizes_are_refused() {
        let mut raw = RawLayer::new(None);
        assert_eq!(
            raw.alloc_large(Domain::Raw, usize::MAX, false),
            Err(AllocError)
        );
        assert_eq!(
            raw.alloc_large(Domain::Raw, isize::MAX as usize, false),
            Err(AllocError)
        );
        assert_eq!(raw.os_bytes(), 0);
    }

    #[test]
    fn pages_are_counted() {
        let mut raw = RawLayer::new(Some(1 << 20));
        let p = raw.map_pages(1 << 20).unwrap();
        assert_eq!(raw.os_bytes(), 1 << 20);
        assert_eq!(raw.map_pages(4096), Err(AllocError));
        // SAFETY: `p` is the mapping made above, unused afterwards.
        unsafe { raw.unmap_pages(p, 1 << 20) };
        assert_eq!(raw.os_bytes(), 0);
        assert_eq!(raw.mapped_bytes(), 0);
    }
}
