//! Debug hooks: CPython's `PYTHONMALLOC=debug`, chosen at start-up with
//! [`Config::debug`](crate::Config::debug).
//!
//! Every block of every domain is asked from the underlying allocator 24 bytes larger and
//! decorated:
//!
//! ```text
//!   p-16       p-8  p-7            p                    p+n             p+n+8
//!   [ n: 8 bytes, big-endian ][ id ][ 7 × 0xFD ][ n data bytes ][ 8 × 0xFD ]
//! ```
//!
//! * `n` is the size the caller asked for, most significant byte first (easy to read in a
//!   memory dump);
//! * `id` is the API that allocated the block: `'r'` raw, `'m'` mem, `'o'` object;
//! * the pad bytes are "forbidden" bytes, [`PYMEM_FORBIDDENBYTE`] (0xFD): an underflow or an
//!   overflow of the data changes them;
//! * new data is filled with [`PYMEM_CLEANBYTE`] (0xCD), so a read of memory never written
//!   shows up; freed blocks are filled with [`PYMEM_DEADBYTE`] (0xDD), so a use after free
//!   does.
//!
//! `free` and `realloc` check the decoration before doing anything, in CPython's order: the
//! API id (`bad ID: Allocated using API 'o', verified using API 'm'`), the leading pad (`bad
//! leading pad byte`), then the trailing pad (`bad trailing pad byte`). A failed check prints
//! CPython's report — a dump of the block, then `Fatal Python error: …` — on stderr and
//! aborts the process. [`Allocator::try_free`] runs the same checks without aborting and
//! returns the [`HeapFault`].
//!
//! Beyond CPython, the hooks keep a table of live blocks. It makes the checks safe for any
//! pointer (a block is only read if it is live, or lies in one of our arenas), gives the true
//! size even when the size field was overwritten, tells a double free of a pymalloc block
//! (its header holds dead bytes) from a wild pointer, and lists the blocks still allocated
//! ([`Allocator::live_blocks`], [`Allocator::write_leak_report`]).
//!
//! `realloc` under the hooks always moves the block, so any stale pointer to the old block
//! finds dead bytes.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Write as _;
use std::ptr::{self, NonNull};

use crate::{AllocError, Allocator, Domain};

/// Fills new data: reading it before writing it shows up as 0xCD bytes.
pub const PYMEM_CLEANBYTE: u8 = 0xCD;
/// Fills freed blocks: using them after free shows up as 0xDD bytes.
pub const PYMEM_DEADBYTE: u8 = 0xDD;
/// Fills the pads around the data: an under- or overflow changes them.
pub const PYMEM_FORBIDDENBYTE: u8 = 0xFD;

/// Bytes in a size field (`sizeof(size_t)`).
const SST: usize = std::mem::size_of::<usize>();
/// Decoration bytes per block: size field + id + leading pad, and the trailing pad.
pub const PYMEM_DEBUG_EXTRA_BYTES: usize = 3 * SST;
/// Decoration in front of the data: size field, id, leading pad.
const HEAD_BYTES: usize = 2 * SST;
/// Leading pad bytes (after the id).
const LEADING_PAD: usize = SST - 1;
/// Trailing pad bytes.
const TRAILING_PAD: usize = SST;
/// Data bytes a dump shows at each end of the block.
const DUMP_DATA_BYTES: usize = 8;
/// The largest request the hooks accept, decoration included.
const MAX_DEBUG_REQUEST: usize = isize::MAX as usize - PYMEM_DEBUG_EXTRA_BYTES;

/// The function names CPython's reports carry.
pub(crate) const FREE_FUNCTION: &str = "_PyMem_DebugRawFree";
pub(crate) const REALLOC_FUNCTION: &str = "_PyMem_DebugRawRealloc";

/// A corruption or misuse the debug hooks found in a block being freed or resized.
///
/// `Display` gives CPython's wording, the part after `Fatal Python error: <function>: `.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeapFault {
    /// The block was allocated by one API and freed by another, e.g. `PyObject_Malloc` then
    /// `PyMem_Free`. `allocated` is the id byte found in the header.
    ApiMismatch { allocated: char, verified: char },
    /// A pad byte in front of the data was overwritten (buffer underflow).
    BadLeadingPad,
    /// The size field in the header was overwritten (underflow past the pad and id).
    BadSizeField { requested: usize, found: usize },
    /// A pad byte after the data was overwritten (buffer overflow).
    BadTrailingPad,
    /// The block was already freed: its header holds dead bytes.
    DoubleFree { verified: char },
    /// The pointer is not a live block of this heap, and not inside any arena, so nothing
    /// about it can be read safely: never allocated here, or a large block already freed.
    NotAllocated { address: usize },
}

/// Formats an API id byte: the character if printable ASCII, else `\xNN`.
struct ApiId(char);
impl fmt::Display for ApiId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_ascii_graphic() {
            write!(f, "{}", self.0)
        } else {
            write!(f, "\\x{:02x}", self.0 as u32)
        }
    }
}

impl fmt::Display for HeapFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            HeapFault::ApiMismatch {
                allocated,
                verified,
            } => write!(
                f,
                "bad ID: Allocated using API '{}', verified using API '{}'",
                ApiId(allocated),
                ApiId(verified)
            ),
            HeapFault::BadLeadingPad => f.write_str("bad leading pad byte"),
            HeapFault::BadSizeField { requested, found } => write!(
                f,
                "bad size field: {requested} bytes were requested, the header says {found}"
            ),
            HeapFault::BadTrailingPad => f.write_str("bad trailing pad byte"),
            HeapFault::DoubleFree { verified } => write!(
                f,
                "bad ID: Allocated using API '{}', verified using API '{}' \
                 (dead bytes: the block was already freed)",
                ApiId(char::from(PYMEM_DEADBYTE)),
                ApiId(verified)
            ),
            HeapFault::NotAllocated { address } => write!(
                f,
                "pointer {address:#x} was not allocated by this heap, or was already freed"
            ),
        }
    }
}

impl std::error::Error for HeapFault {}

/// A block still allocated, as listed by [`Allocator::live_blocks`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiveBlock {
    /// The address the caller got.
    pub address: usize,
    /// The domain that allocated it.
    pub domain: Domain,
    /// The size the caller asked for.
    pub size: usize,
}

/// A hasher for block addresses: multiply by a large odd constant and fold the high half
/// down, so the low bits the table uses depend on every address bit.
#[derive(Default)]
pub(crate) struct AddressHasher(u64);

/// 2^64 / φ, odd: spreads consecutive multiples of 16 over the whole range.
const FIBONACCI_MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;

impl Hasher for AddressHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(FIBONACCI_MULTIPLIER);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64).wrapping_mul(FIBONACCI_MULTIPLIER);
    }
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
}

#[derive(Clone, Copy)]
pub(crate) struct LiveEntry {
    domain: Domain,
    size: usize,
}

/// The debug hooks' own state: the table of live blocks.
#[derive(Default)]
pub(crate) struct DebugHeap {
    live: HashMap<usize, LiveEntry, BuildHasherDefault<AddressHasher>>,
}

impl DebugHeap {
    /// The requested size of the live block at `address`.
    pub(crate) fn live_size(&self, address: usize) -> Option<usize> {
        self.live.get(&address).map(|e| e.size)
    }
}

/// How to fill the data of a new block.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fill {
    Clean,
    Zero,
}

/// Writes the decoration around a block of `size` data bytes whose underlying block starts at
/// `head`, fills the data, and returns the data pointer.
///
/// # Safety
/// `head` is a writable block of at least `size + PYMEM_DEBUG_EXTRA_BYTES` bytes.
unsafe fn decorate(head: *mut u8, size: usize, domain: Domain, fill: Fill) -> *mut u8 {
    // SAFETY: every write stays inside the `size + 24` bytes the caller guarantees.
    unsafe {
        ptr::copy_nonoverlapping(size.to_be_bytes().as_ptr(), head, SST);
        *head.add(SST) = domain.api_id() as u8;
        ptr::write_bytes(head.add(SST + 1), PYMEM_FORBIDDENBYTE, LEADING_PAD);
        let data = head.add(HEAD_BYTES);
        let fill_byte = if fill == Fill::Clean {
            PYMEM_CLEANBYTE
        } else {
            0
        };
        ptr::write_bytes(data, fill_byte, size);
        ptr::write_bytes(data.add(size), PYMEM_FORBIDDENBYTE, TRAILING_PAD);
        data
    }
}

/// Reads the big-endian size field of the block whose data starts at `p`.
///
/// # Safety
/// The `HEAD_BYTES` in front of `p` are readable.
unsafe fn read_size_field(p: *const u8) -> usize {
    let mut bytes = [0u8; SST];
    // SAFETY: per the caller.
    unsafe { ptr::copy_nonoverlapping(p.sub(HEAD_BYTES), bytes.as_mut_ptr(), SST) };
    usize::from_be_bytes(bytes)
}

/// Writes CPython's dump of the live block at `p`, whose true data size is `size`.
///
/// # Safety
/// The decorated block around `p` (`size + 24` bytes) is readable.
unsafe fn dump_live_block(out: &mut String, p: *const u8, size: usize) -> fmt::Result {
    // SAFETY: all reads stay within the decorated block, per the caller.
    unsafe {
        let id = char::from(*p.sub(SST));
        writeln!(
            out,
            "Debug memory block at address p={p:p}: API '{}'",
            ApiId(id)
        )?;
        writeln!(out, "    {} bytes originally requested", read_size_field(p))?;
        write!(
            out,
            "    The {LEADING_PAD} pad bytes at p-{LEADING_PAD} are "
        )?;
        if (1..=LEADING_PAD).all(|i| *p.sub(i) == PYMEM_FORBIDDENBYTE) {
            writeln!(out, "FORBIDDENBYTE, as expected.")?;
        } else {
            writeln!(out, "not all FORBIDDENBYTE (0x{PYMEM_FORBIDDENBYTE:02x}):")?;
            for i in (1..=LEADING_PAD).rev() {
                let byte = *p.sub(i);
                let ouch = if byte == PYMEM_FORBIDDENBYTE {
                    ""
                } else {
                    " *** OUCH"
                };
                writeln!(out, "        at p-{i}: 0x{byte:02x}{ouch}")?;
            }
            writeln!(
                out,
                "    Because memory is corrupted at the start, the count of bytes requested"
            )?;
            writeln!(
                out,
                "       may be bogus, and checking the trailing pad bytes may segfault."
            )?;
        }
        let tail = p.add(size);
        write!(
            out,
            "    The {TRAILING_PAD} pad bytes at tail={tail:p} are "
        )?;
        if (0..TRAILING_PAD).all(|i| *tail.add(i) == PYMEM_FORBIDDENBYTE) {
            writeln!(out, "FORBIDDENBYTE, as expected.")?;
        } else {
            writeln!(out, "not all FORBIDDENBYTE (0x{PYMEM_FORBIDDENBYTE:02x}):")?;
            for i in 0..TRAILING_PAD {
                let byte = *tail.add(i);
                let ouch = if byte == PYMEM_FORBIDDENBYTE {
                    ""
                } else {
                    " *** OUCH"
                };
                writeln!(out, "        at tail+{i}: 0x{byte:02x}{ouch}")?;
            }
        }
        if size > 0 {
            write!(out, "    Data at p:")?;
            let head_len = size.min(DUMP_DATA_BYTES);
            for i in 0..head_len {
                write!(out, " {:02x}", *p.add(i))?;
            }
            let mut i = head_len;
            if size - i > DUMP_DATA_BYTES {
                write!(out, " ...")?;
                i = size - DUMP_DATA_BYTES;
            }
            for j in i..size {
                write!(out, " {:02x}", *p.add(j))?;
            }
            writeln!(out)?;
        }
        writeln!(out)
    }
}

impl Allocator {
    fn debug_heap(&mut self) -> Result<&mut DebugHeap, AllocError> {
        self.debug.as_mut().ok_or(AllocError)
    }

    /// `malloc` with the hooks installed: a decorated block, recorded as live.
    pub(crate) fn debug_malloc(
        &mut self,
        domain: Domain,
        size: usize,
        fill: Fill,
    ) -> Result<NonNull<u8>, AllocError> {
        if size > MAX_DEBUG_REQUEST {
            return Err(AllocError);
        }
        self.debug_heap()?
            .live
            .try_reserve(1)
            .map_err(|_| AllocError)?;
        let head = self.alloc_block(domain, size + PYMEM_DEBUG_EXTRA_BYTES)?;
        // SAFETY: `head` is a fresh block of `size + 24` bytes.
        let data = unsafe { decorate(head.as_ptr(), size, domain, fill) };
        self.debug_heap()?
            .live
            .insert(data as usize, LiveEntry { domain, size });
        // SAFETY: `data` is `head + 16`, inside a non-null block.
        Ok(unsafe { NonNull::new_unchecked(data) })
    }

    /// Checks the block at `p` as `free`/`realloc` in `domain` would, reading only memory
    /// that is safe to read.
    pub(crate) fn debug_check(
        &self,
        domain: Domain,
        p: NonNull<u8>,
    ) -> Result<LiveEntry, HeapFault> {
        let Some(debug) = self.debug.as_ref() else {
            return Err(HeapFault::NotAllocated {
                address: p.as_ptr() as usize,
            });
        };
        let p = p.as_ptr();
        let verified = domain.api_id();
        let Some(&entry) = debug.live.get(&(p as usize)) else {
            return Err(self.classify_dead(domain, p));
        };
        // SAFETY: the block is live, so its whole decorated extent is ours to read.
        unsafe {
            let allocated = char::from(*p.sub(SST));
            if allocated != verified {
                return Err(HeapFault::ApiMismatch {
                    allocated,
                    verified,
                });
            }
            if (1..=LEADING_PAD).any(|i| *p.sub(i) != PYMEM_FORBIDDENBYTE) {
                return Err(HeapFault::BadLeadingPad);
            }
            let found = read_size_field(p);
            if found != entry.size {
                return Err(HeapFault::BadSizeField {
                    requested: entry.size,
                    found,
                });
            }
            let tail = p.add(entry.size);
            if (0..TRAILING_PAD).any(|i| *tail.add(i) != PYMEM_FORBIDDENBYTE) {
                return Err(HeapFault::BadTrailingPad);
            }
        }
        Ok(entry)
    }

    /// A pointer that is not a live block: a double free if it is a dead block in one of our
    /// arenas, otherwise unknown.
    fn classify_dead(&self, domain: Domain, p: *mut u8) -> HeapFault {
        let head = p.wrapping_sub(HEAD_BYTES);
        if self.pymalloc.contains(p as usize) && self.pymalloc.contains(head as usize) {
            // SAFETY: both ends of the header lie in a mapped arena, so reading it is sound
            // whatever it holds.
            let id = unsafe { *p.sub(SST) };
            if id == PYMEM_DEADBYTE {
                return HeapFault::DoubleFree {
                    verified: domain.api_id(),
                };
            }
        }
        HeapFault::NotAllocated {
            address: p as usize,
        }
    }

    /// Frees a live, checked block: fills it with dead bytes and returns it to its allocator.
    ///
    /// # Safety
    /// `p` passed [`debug_check`](Self::debug_check) in `domain`, which returned `entry`.
    unsafe fn debug_release(&mut self, domain: Domain, p: NonNull<u8>, entry: LiveEntry) {
        let head = p.as_ptr().wrapping_sub(HEAD_BYTES);
        // SAFETY: the block is live and decorated, so `head` starts its `size + 24` bytes and
        // is the pointer the underlying allocator gave us.
        unsafe {
            ptr::write_bytes(head, PYMEM_DEADBYTE, entry.size + PYMEM_DEBUG_EXTRA_BYTES);
            self.free_block(domain, NonNull::new_unchecked(head));
        }
        if let Some(debug) = self.debug.as_mut() {
            debug.live.remove(&(p.as_ptr() as usize));
        }
    }

    /// `free` with the hooks installed.
    pub(crate) unsafe fn debug_free(
        &mut self,
        domain: Domain,
        p: NonNull<u8>,
    ) -> Result<(), HeapFault> {
        let entry = self.debug_check(domain, p)?;
        // SAFETY: checked just above.
        unsafe { self.debug_release(domain, p, entry) };
        Ok(())
    }

    /// `realloc` with the hooks installed: check, move to a new decorated block, free the old.
    pub(crate) unsafe fn debug_realloc(
        &mut self,
        domain: Domain,
        p: NonNull<u8>,
        new_size: usize,
    ) -> Result<NonNull<u8>, AllocError> {
        let entry = match self.debug_check(domain, p) {
            Ok(entry) => entry,
            Err(fault) => self.fatal(REALLOC_FUNCTION, p, fault),
        };
        let q = self.debug_malloc(domain, new_size, Fill::Clean)?;
        // SAFETY: `p` is live with `entry.size` data bytes, `q` is a fresh block with
        // `new_size`; they are distinct blocks.
        unsafe {
            ptr::copy_nonoverlapping(p.as_ptr(), q.as_ptr(), entry.size.min(new_size));
            self.debug_release(domain, p, entry);
        }
        Ok(q)
    }

    /// CPython's report for `fault` found at `p` by `function`: the block dump (when the block
    /// can be read), the tracemalloc hint, and the `Fatal Python error` lines.
    pub fn describe_fault(&self, function: &str, p: NonNull<u8>, fault: &HeapFault) -> String {
        let mut out = String::new();
        let _ = self.dump_block(&mut out, p.as_ptr());
        let _ = writeln!(out, "Fatal Python error: {function}: {fault}");
        let _ = writeln!(out, "Python runtime state: initialized");
        out
    }

    /// Dumps the block at `p` if it can be read safely.
    fn dump_block(&self, out: &mut String, p: *mut u8) -> fmt::Result {
        let live = self
            .debug
            .as_ref()
            .and_then(|d| d.live.get(&(p as usize)).copied());
        if let Some(entry) = live {
            // SAFETY: the block is live, so its decorated extent is readable.
            unsafe { dump_live_block(out, p, entry.size)? };
        } else if let HeapFault::DoubleFree { .. } = self.classify_dead(Domain::Raw, p) {
            writeln!(
                out,
                "Debug memory block at address p={p:p}: API '{}'",
                ApiId(char::from(PYMEM_DEADBYTE))
            )?;
            writeln!(out, "    The header holds dead bytes (0x{PYMEM_DEADBYTE:02x}): the block was already freed.")?;
            writeln!(out)?;
        } else {
            return Ok(());
        }
        writeln!(
            out,
            "Enable tracemalloc to get the memory block allocation traceback"
        )?;
        writeln!(out)
    }

    /// Prints the report for `fault` on stderr, calls the fatal hook, and aborts.
    #[cold]
    #[inline(never)]
    pub(crate) fn fatal(&self, function: &str, p: NonNull<u8>, fault: HeapFault) -> ! {
        let report = self.describe_fault(function, p, &fault);
        let mut stderr = std::io::stderr().lock();
        let _ = stderr.write_all(report.as_bytes());
        let _ = stderr.flush();
        drop(stderr);
        if let Some(hook) = self.fatal_hook {
            hook(&fault);
        }
        std::process::abort()
    }

    /// Every block still allocated, by address, when the debug hooks are installed (they
    /// keep the table); `None` otherwise.
    pub fn live_blocks(&self) -> Option<Vec<LiveBlock>> {
        let debug = self.debug.as_ref()?;
        let mut blocks: Vec<LiveBlock> = debug
            .live
            .iter()
            .map(|(&address, e)| LiveBlock {
                address,
                domain: e.domain,
                size: e.size,
            })
            .collect();
        blocks.sort_by_key(|b| b.address);
        Some(blocks)
    }

    /// Writes a leak report: how many blocks each domain still holds and, with the debug
    /// hooks installed, every such block with its first data bytes.
    ///
    /// ```text
    /// 2 blocks still allocated: raw 0 (0 bytes), mem 1 (48 bytes), object 1 (40 bytes)
    ///     p=0x7f3a5c2f0030 API 'm', 24 bytes: cd cd cd cd cd cd cd cd ...
    ///     p=0x7f3a5c2f4030 API 'o', 16 bytes: 2a 00 00 00 00 00 00 00 ...
    /// ```
    pub fn write_leak_report(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        let stats = self.stats();
        writeln!(
            out,
            "{} blocks still allocated: raw {} ({} bytes), mem {} ({} bytes), object {} ({} bytes)",
            stats.blocks_in_use,
            stats.raw.blocks_in_use,
            stats.raw.current_bytes,
            stats.mem.blocks_in_use,
            stats.mem.current_bytes,
            stats.object.blocks_in_use,
            stats.object.current_bytes,
        )?;
        for block in self.live_blocks().unwrap_or_default() {
            write!(
                out,
                "    p={:#x} API '{}', {} bytes:",
                block.address,
                block.domain.api_id(),
                block.size
            )?;
            let p = block.address as *const u8;
            for i in 0..block.size.min(DUMP_DATA_BYTES) {
                // SAFETY: the block is live, so its data bytes are readable.
                write!(out, " {:02x}", unsafe { *p.add(i) })?;
            }
            if block.size > DUMP_DATA_BYTES {
                write!(out, " ...")?;
            }
            writeln!(out)?;
        }
        Ok(())
    }
}
