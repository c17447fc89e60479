//! `sys._debugmallocstats()`: the allocator part, in exactly CPython 3.11's format.

use pyheap_alloc::size_class::{block_size, blocks_per_pool, pool_quantization};
use pyheap_alloc::{Allocator, Census, Config, Domain, ARENA_SIZE, POOL_OVERHEAD, POOL_SIZE};

/// CPython 3.11.7's output for a fresh `python3 -c "import sys; sys._debugmallocstats()"`, up
/// to the free-list lines (and the blank line before them).
const CPYTHON: &str = include_str!("data/debugmallocstats_3.11_allocator.txt");

fn number(line: &str) -> usize {
    line.rsplit('=')
        .next()
        .unwrap()
        .trim()
        .replace(',', "")
        .parse()
        .unwrap()
}

fn line_starting<'a>(text: &'a str, prefix: &str) -> &'a str {
    text.lines().find(|l| l.starts_with(prefix)).unwrap()
}

/// Rebuilds CPython's census from its table and arena facts, deriving every byte count with
/// this crate's formulas, and prints it: the text must be CPython's, byte for byte.
#[test]
fn reproduces_cpython_output_exactly() {
    let mut census = Census::default();
    for (idx, class) in census.classes.iter_mut().enumerate() {
        class.index = idx;
        class.block_size = block_size(idx);
    }
    for line in CPYTHON.lines().skip(4).take_while(|l| !l.is_empty()) {
        let f: Vec<usize> = line
            .split_whitespace()
            .map(|x| x.parse().unwrap())
            .collect();
        let class = &mut census.classes[f[0]];
        assert_eq!(class.block_size, f[1]);
        (class.pools, class.blocks_in_use, class.blocks_available) = (f[2], f[3], f[4]);
        assert_eq!(
            f[3] + f[4],
            f[2] * blocks_per_pool(f[0]),
            "class {} pools are whole",
            f[0]
        );
    }
    census.arenas_allocated_total = number(line_starting(CPYTHON, "# arenas allocated total"));
    census.arenas_highwater = number(line_starting(CPYTHON, "# arenas highwater mark"));
    census.arenas_current = number(line_starting(CPYTHON, "# arenas allocated current"));
    census.arena_bytes = census.arenas_current * ARENA_SIZE;
    census.free_pools = line_starting(CPYTHON, "18 unused pools")
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    census.arena_alignment_bytes =
        number(line_starting(CPYTHON, "# bytes lost to arena alignment"));
    for c in &census.classes {
        census.allocated_bytes += c.blocks_in_use * c.block_size;
        census.available_bytes += c.blocks_available * c.block_size;
        census.pool_header_bytes += c.pools * POOL_OVERHEAD;
        census.quantization_bytes += c.pools * pool_quantization(c.index);
    }
    census.arena_map_mid_nodes = 1;
    census.arena_map_bot_nodes = 1;
    census.arena_map_root_bytes = 262_144;
    census.arena_map_mid_bytes = 262_144;
    census.arena_map_bot_bytes = 131_072;
    assert_eq!(census.breakdown_total(), census.arena_bytes);

    let mut out = String::new();
    census.write(&mut out).unwrap();
    assert_eq!(out, CPYTHON);
}

#[test]
fn a_live_heap_prints_its_own_state() {
    let mut h = Allocator::new(Config::default());
    let p = h.malloc(Domain::Object, 16).unwrap();
    let census = h.census().unwrap();
    let aligned = census.arena_alignment_bytes == 0;
    let unused = if aligned { 63 } else { 62 };
    let mut out = String::new();
    h.write_debugmallocstats(&mut out).unwrap();
    let expected = format!(
        "Small block threshold = 512, in 32 size classes.\n\
         \n\
         class   size   num pools   blocks in use  avail blocks\n\
         -----   ----   ---------   -------------  ------------\n\
         \x20   0     16           1               1          1020\n\
         \n\
         # arenas allocated total           =                    1\n\
         # arenas reclaimed                 =                    0\n\
         # arenas highwater mark            =                    1\n\
         # arenas allocated current         =                    1\n\
         1 arenas * 1048576 bytes/arena     =            1,048,576\n\
         \n\
         # bytes in allocated blocks        =                   16\n\
         # bytes in available blocks        =               16,320\n\
         {unused} unused pools * 16384 bytes      = {:>20}\n\
         # bytes lost to pool headers       =                   48\n\
         # bytes lost to quantization       =                    0\n\
         # bytes lost to arena alignment    = {:>20}\n\
         Total                              =            1,048,576\n\
         \n\
         arena map counts\n\
         # arena map mid nodes              =                    1\n\
         # arena map bot nodes              =                    {}\n\
         \n\
         # bytes lost to arena map root     =              262,144\n\
         # bytes lost to arena map mid      =              262,144\n\
         # bytes lost to arena map bot      = {:>20}\n\
         Total                              = {:>20}\n\
         \n",
        if aligned { "1,032,192" } else { "1,015,808" },
        if aligned { "0" } else { "16,384" },
        census.arena_map_bot_nodes,
        if census.arena_map_bot_nodes == 1 {
            "131,072"
        } else {
            "262,144"
        },
        if census.arena_map_bot_nodes == 1 {
            "655,360"
        } else {
            "786,432"
        },
    );
    assert_eq!(out, expected);
    // SAFETY: live, freed once.
    unsafe { h.free(Domain::Object, p) };
}

#[test]
fn the_breakdown_always_sums_to_the_arenas() {
    let mut h = Allocator::new(Config::default());
    let mut live = Vec::new();
    for i in 0..200_000usize {
        let d = if i % 5 == 0 {
            Domain::Mem
        } else {
            Domain::Object
        };
        live.push((d, h.malloc(d, 1 + i * 37 % 512).unwrap()));
        if i % 3 == 2 {
            let (d, p) = live.swap_remove(i * 7 % live.len());
            // SAFETY: live, freed once.
            unsafe { h.free(d, p) };
        }
        if i % 40_000 == 0 {
            let c = h.census().unwrap();
            assert_eq!(c.breakdown_total(), c.arena_bytes);
            assert_eq!(c.arena_bytes, h.stats().arena_bytes);
        }
    }
    let c = h.census().unwrap();
    let in_use: usize = c.classes.iter().map(|c| c.blocks_in_use).sum();
    assert_eq!(in_use, live.len());
    assert_eq!(
        c.allocated_bytes,
        h.stats().object.current_bytes + h.stats().mem.current_bytes
    );
    assert!(c.free_pools * POOL_SIZE < c.arena_bytes);
    let mut out = String::new();
    h.write_debugmallocstats(&mut out).unwrap();
    let total_line = out.lines().find(|l| l.starts_with("Total")).unwrap();
    assert_eq!(number(total_line), c.arena_bytes);
    for (d, p) in live {
        // SAFETY: live, freed once.
        unsafe { h.free(d, p) };
    }
}
