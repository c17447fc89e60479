//! Counters, and the report `sys._debugmallocstats()` prints.
//!
//! [`Stats`] is the cheap summary kept up to date on every call. [`Census`] is the expensive
//! one: it walks every pool of every arena, like CPython's `_PyObject_DebugMallocStats`, and
//! [`Census::write`] prints it in exactly CPython 3.11's format:
//!
//! * the header and the per-class table (`"%5u %6u %11zu %15zu %13zu"`, empty classes left
//!   out);
//! * the arena counters;
//! * where every arena byte goes — allocated blocks, available blocks, unused pools, pool
//!   headers, quantization (the tail of a pool too small for one more block) and arena
//!   alignment — summing to `narenas × 1 MiB`;
//! * the arena-map node counts and bytes.
//!
//! Every line with a number is `label`, padded to 35 columns, `=`, and the number with
//! thousands separators right-aligned in 21 columns ([`format_stat_line`] builds the
//! free-list flavour the runtime prints after ours).

use std::fmt::{self, Write};

use crate::arena::ARENA_SIZE;
use crate::pool::POOL_SIZE;
use crate::size_class::{NB_SMALL_SIZE_CLASSES, SMALL_REQUEST_THRESHOLD};
use crate::Domain;

/// Usage of one domain (`PyMem_RawMalloc`, `PyMem_Malloc` or `PyObject_Malloc`).
///
/// Bytes are block bytes: the block size for pymalloc blocks (the request rounded up to its
/// size class), the request (at least 1) for large blocks. With the debug hooks installed a
/// block includes its 24 bytes of decoration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DomainStats {
    /// Bytes in live blocks of this domain.
    pub current_bytes: usize,
    /// The most `current_bytes` has been.
    pub peak_bytes: usize,
    /// Live blocks of this domain.
    pub blocks_in_use: usize,
}

/// Counters for tests, reports and leak checks. Cheap: [`Allocator::stats`] just copies them.
///
/// [`Allocator::stats`]: crate::Allocator::stats
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Bytes held from the OS: arenas (1 MiB each) plus large blocks with their headers. This
    /// is what [`Config::limit`](crate::Config::limit) bounds.
    pub current_bytes: usize,
    /// The most `current_bytes` has been.
    pub peak_bytes: usize,
    /// Live blocks, all domains.
    pub blocks_in_use: usize,
    /// Per-domain usage.
    pub raw: DomainStats,
    pub mem: DomainStats,
    pub object: DomainStats,
    /// Arenas mapped now.
    pub arenas: usize,
    /// Arenas ever mapped.
    pub arenas_allocated_total: usize,
    /// Arenas mapped and later unmapped.
    pub arenas_reclaimed: usize,
    /// The most arenas mapped at once.
    pub arenas_highwater: usize,
    /// Bytes in arenas (`arenas` × 1 MiB).
    pub arena_bytes: usize,
    /// Live large blocks (raw-layer blocks from C `malloc`).
    pub large_blocks: usize,
    /// Bytes in large blocks, headers included.
    pub large_bytes: usize,
    /// Requests refused because of the limit or because the OS said no.
    pub refused_allocations: usize,
}

impl Stats {
    /// The usage of one domain.
    pub fn domain(&self, domain: Domain) -> DomainStats {
        match domain {
            Domain::Raw => self.raw,
            Domain::Mem => self.mem,
            Domain::Object => self.object,
        }
    }
}

/// One row of the per-class table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClassCensus {
    /// Size-class index, 0..32.
    pub index: usize,
    /// Block size of the class, 16..=512.
    pub block_size: usize,
    /// Pools of this class holding at least one block.
    pub pools: usize,
    /// Allocated blocks in those pools.
    pub blocks_in_use: usize,
    /// Blocks still available in those pools.
    pub blocks_available: usize,
}

/// A walk over every pool of every arena: what `sys._debugmallocstats()` reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Census {
    /// One entry per size class, empty or not.
    pub classes: [ClassCensus; NB_SMALL_SIZE_CLASSES],
    pub arenas_allocated_total: usize,
    pub arenas_highwater: usize,
    pub arenas_current: usize,
    /// `arenas_current × 1 MiB`; the byte breakdown below sums to this.
    pub arena_bytes: usize,
    pub allocated_bytes: usize,
    pub available_bytes: usize,
    /// Empty pools plus pools never used, in all arenas.
    pub free_pools: usize,
    pub pool_header_bytes: usize,
    pub quantization_bytes: usize,
    pub arena_alignment_bytes: usize,
    pub arena_map_mid_nodes: usize,
    pub arena_map_bot_nodes: usize,
    pub arena_map_root_bytes: usize,
    pub arena_map_mid_bytes: usize,
    pub arena_map_bot_bytes: usize,
}

impl Census {
    /// Arenas mapped and later unmapped.
    pub fn arenas_reclaimed(&self) -> usize {
        self.arenas_allocated_total - self.arenas_current
    }

    /// Writes the allocator part of `sys._debugmallocstats()` for this census (see
    /// [`Allocator::write_debugmallocstats`](crate::Allocator::write_debugmallocstats)).
    pub fn write(&self, out: &mut dyn Write) -> fmt::Result {
        write_census(out, self)
    }

    /// The byte breakdown's total; always equals [`arena_bytes`](Self::arena_bytes).
    pub fn breakdown_total(&self) -> usize {
        self.allocated_bytes
            + self.available_bytes
            + self.free_pools * POOL_SIZE
            + self.pool_header_bytes
            + self.quantization_bytes
            + self.arena_alignment_bytes
    }
}

/// Width of the label column of a statistics line.
const LABEL_WIDTH: usize = 35;
/// Width of the number column (after the `=`).
const VALUE_WIDTH: usize = 21;
/// Width a free-list label is right-aligned to (`"%48s "`).
const FREE_LIST_LABEL_WIDTH: usize = 48;

/// `value` with a comma between each group of three digits.
fn with_thousands(value: usize) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Writes one `label = value` line (CPython's `printone`) and returns `value`.
fn print_one(out: &mut dyn Write, label: &str, value: usize) -> Result<usize, fmt::Error> {
    writeln!(
        out,
        "{label:<LABEL_WIDTH$}={:>VALUE_WIDTH$}",
        with_thousands(value)
    )?;
    Ok(value)
}

/// Writes one free-list line of `sys._debugmallocstats()`: `label` right-aligned in 48
/// columns, ` =`, and `value` with thousands separators right-aligned in 21 columns, then a
/// newline. For example `format_stat_line(out, "8 free PyDictObjects * 48 bytes each", 384)`
/// writes
///
/// ```text
///             8 free PyDictObjects * 48 bytes each =                  384
/// ```
pub fn format_stat_line(out: &mut dyn Write, label: &str, value: usize) -> fmt::Result {
    let label = format!("{label:>FREE_LIST_LABEL_WIDTH$} ");
    print_one(out, &label, value).map(|_| ())
}

/// The free-list line for `num_blocks` cached blocks of `sizeof_block` bytes, as CPython's
/// `_PyDebugAllocatorStats(out, block_name, num_blocks, sizeof_block)` writes it: the label is
/// `"{num_blocks} {block_name}s * {sizeof_block} bytes each"` and the value their product.
/// `block_name` is e.g. `"free PyDictObject"` or `"free 2-sized PyTupleObject"`.
pub fn format_free_list_line(
    out: &mut dyn Write,
    block_name: &str,
    num_blocks: usize,
    sizeof_block: usize,
) -> fmt::Result {
    let label = format!("{num_blocks} {block_name}s * {sizeof_block} bytes each");
    format_stat_line(out, &label, num_blocks * sizeof_block)
}

/// Writes the allocator part of `sys._debugmallocstats()` for `census`, followed by the blank
/// line CPython's `sys` module prints before the free-list lines.
pub(crate) fn write_census(out: &mut dyn Write, census: &Census) -> fmt::Result {
    writeln!(
        out,
        "Small block threshold = {SMALL_REQUEST_THRESHOLD}, in {NB_SMALL_SIZE_CLASSES} size classes."
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "class   size   num pools   blocks in use  avail blocks"
    )?;
    writeln!(
        out,
        "-----   ----   ---------   -------------  ------------"
    )?;
    for class in census.classes.iter().filter(|c| c.pools != 0) {
        writeln!(
            out,
            "{:5} {:6} {:11} {:15} {:13}",
            class.index, class.block_size, class.pools, class.blocks_in_use, class.blocks_available
        )?;
    }
    writeln!(out)?;
    print_one(
        out,
        "# arenas allocated total",
        census.arenas_allocated_total,
    )?;
    print_one(out, "# arenas reclaimed", census.arenas_reclaimed())?;
    print_one(out, "# arenas highwater mark", census.arenas_highwater)?;
    print_one(out, "# arenas allocated current", census.arenas_current)?;
    print_one(
        out,
        &format!(
            "{} arenas * {ARENA_SIZE} bytes/arena",
            census.arenas_current
        ),
        census.arena_bytes,
    )?;
    writeln!(out)?;
    let mut total = print_one(out, "# bytes in allocated blocks", census.allocated_bytes)?;
    total += print_one(out, "# bytes in available blocks", census.available_bytes)?;
    total += print_one(
        out,
        &format!("{} unused pools * {POOL_SIZE} bytes", census.free_pools),
        census.free_pools * POOL_SIZE,
    )?;
    total += print_one(
        out,
        "# bytes lost to pool headers",
        census.pool_header_bytes,
    )?;
    total += print_one(
        out,
        "# bytes lost to quantization",
        census.quantization_bytes,
    )?;
    total += print_one(
        out,
        "# bytes lost to arena alignment",
        census.arena_alignment_bytes,
    )?;
    print_one(out, "Total", total)?;
    writeln!(out)?;
    writeln!(out, "arena map counts")?;
    print_one(out, "# arena map mid nodes", census.arena_map_mid_nodes)?;
    print_one(out, "# arena map bot nodes", census.arena_map_bot_nodes)?;
    writeln!(out)?;
    let mut total = print_one(
        out,
        "# bytes lost to arena map root",
        census.arena_map_root_bytes,
    )?;
    total += print_one(
        out,
        "# bytes lost to arena map mid",
        census.arena_map_mid_bytes,
    )?;
    total += print_one(
        out,
        "# bytes lost to arena map bot",
        census.arena_map_bot_bytes,
    )?;
    print_one(out, "Total", total)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands() {
        assert_eq!(with_thousands(0), "0");
        assert_eq!(with_thousands(999), "999");
        assert_eq!(with_thousands(1000), "1,000");
        assert_eq!(with_thousands(4_194_304), "4,194,304");
        assert_eq!(with_thousands(262_144), "262,144");
    }

    #[test]
    fn stat_lines_match_cpython() {
        let mut s = String::new();
        print_one(&mut s, "# arenas allocated total", 4).unwrap();
        print_one(&mut s, "4 arenas * 1048576 bytes/arena", 4_194_304).unwrap();
        assert_eq!(
            s,
            "# arenas allocated total           =                    4\n\
             4 arenas * 1048576 bytes/arena     =            4,194,304\n"
        );
    }

    #[test]
    fn free_list_lines_match_cpython() {
        let mut s = String::new();
        format_free_list_line(&mut s, "free PyDictObject", 8, 48).unwrap();
        format_free_list_line(&mut s, "free 10-sized PyTupleObject", 0, 104).unwrap();
        format_stat_line(&mut s, "40 free PyListObjects * 40 bytes each", 1600).unwrap();
        assert_eq!(
            s,
            "            8 free PyDictObjects * 48 bytes each =                  384\n \
             0 free 10-sized PyTupleObjects * 104 bytes each =                    0\n           \
             40 free PyListObjects * 40 bytes each =                1,600\n"
        );
    }
}
