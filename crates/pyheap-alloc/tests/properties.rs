//! Property tests: random programs of malloc / realloc / free against a model.

use std::ptr::NonNull;

use proptest::prelude::*;
use pyheap_alloc::size_class::{block_size, class_index, is_small};
use pyheap_alloc::{Allocator, Config, Domain};

#[derive(Clone, Debug)]
enum Op {
    Malloc(Domain, usize),
    Calloc(Domain, usize),
    Realloc(usize, usize),
    Free(usize),
}

fn domain() -> impl Strategy<Value = Domain> {
    prop_oneof![
        Just(Domain::Raw),
        Just(Domain::Mem),
        Just(Domain::Object),
        Just(Domain::Object)
    ]
}

/// Sizes that matter: mostly small, across class boundaries, sometimes 0 or large.
fn size() -> impl Strategy<Value = usize> {
    prop_oneof![
        6 => 1usize..=512,
        1 => Just(0usize),
        1 => prop::sample::select(vec![15usize, 16, 17, 511, 512, 513]),
        2 => 513usize..3000,
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (domain(), size()).prop_map(|(d, s)| Op::Malloc(d, s)),
        1 => (domain(), size()).prop_map(|(d, s)| Op::Calloc(d, s)),
        2 => (any::<usize>(), size()).prop_map(|(i, s)| Op::Realloc(i, s)),
        4 => any::<usize>().prop_map(Op::Free),
    ]
}

fn config(i: usize, limit: Option<usize>) -> Config {
    let mut c = match i {
        0 => Config::default(),
        1 => Config::from_pythonmalloc("debug").unwrap(),
        _ => Config::from_pythonmalloc("malloc").unwrap(),
    };
    c.limit = limit;
    c
}

struct Block {
    domain: Domain,
    ptr: NonNull<u8>,
    size: usize,
    seed: u8,
}

fn fill(b: &Block) {
    for i in 0..b.size {
        // SAFETY: the model only holds live blocks, each `size` bytes long.
        unsafe { *b.ptr.as_ptr().add(i) = b.seed ^ (i as u8) };
    }
}

fn intact(b: &Block, len: usize) -> bool {
    // SAFETY: as in `fill`.
    (0..len).all(|i| unsafe { *b.ptr.as_ptr().add(i) } == b.seed ^ (i as u8))
}

/// Runs `ops`, checking contents, counters and invariants against the model. Requests may
/// fail only when a limit is set.
fn run(heap: &mut Allocator, ops: &[Op]) -> Result<(), TestCaseError> {
    let limit = heap.limit();
    let mut live: Vec<Block> = Vec::new();
    let mut seed = 0u8;
    for op in ops {
        seed = seed.wrapping_add(1);
        match *op {
            Op::Malloc(domain, size) | Op::Calloc(domain, size) => {
                let result = match op {
                    Op::Malloc(..) => heap.malloc(domain, size),
                    _ => heap.calloc(domain, 1, size),
                };
                match result {
                    Ok(ptr) => {
                        prop_assert_eq!(ptr.as_ptr() as usize % 16, 0);
                        if matches!(op, Op::Calloc(..)) {
                            // SAFETY: a fresh block of `size` bytes.
                            let zeroed = (0..size).all(|i| unsafe { *ptr.as_ptr().add(i) } == 0);
                            prop_assert!(zeroed, "calloc block not zeroed");
                        }
                        let b = Block {
                            domain,
                            ptr,
                            size,
                            seed,
                        };
                        fill(&b);
                        live.push(b);
                    }
                    Err(_) => prop_assert!(limit.is_some(), "refused without a limit"),
                }
            }
            Op::Realloc(i, new_size) if !live.is_empty() => {
                let n = live.len();
                let b = &mut live[i % n];
                prop_assert!(intact(b, b.size));
                // SAFETY: `b.ptr` is live in `b.domain`; the model keeps whichever pointer is
                // live afterwards.
                match unsafe { heap.realloc(b.domain, b.ptr, new_size) } {
                    Ok(ptr) => {
                        let kept = b.size.min(new_size);
                        b.ptr = ptr;
                        prop_assert!(intact(b, kept), "realloc lost contents");
                        b.size = new_size;
                        fill(b);
                    }
                    Err(_) => {
                        prop_assert!(limit.is_some(), "refused without a limit");
                        prop_assert!(intact(b, b.size), "failed realloc changed the block");
                    }
                }
            }
            Op::Free(i) if !live.is_empty() => {
                let b = live.swap_remove(i % live.len());
                prop_assert!(intact(&b, b.size), "block corrupted before free");
                // SAFETY: live, freed once, in its domain.
                unsafe { heap.free(b.domain, b.ptr) };
            }
            _ => {}
        }
        let stats = heap.stats();
        prop_assert_eq!(stats.blocks_in_use, live.len());
        if let Some(limit) = limit {
            prop_assert!(stats.current_bytes <= limit);
        }
    }
    heap.check_consistency().map_err(TestCaseError::fail)?;
    // No two live blocks overlap.
    let mut spans: Vec<(usize, usize)> = live
        .iter()
        .map(|b| (b.ptr.as_ptr() as usize, b.size.max(1)))
        .collect();
    spans.sort_unstable();
    for w in spans.windows(2) {
        prop_assert!(w[0].0 + w[0].1 <= w[1].0, "blocks overlap");
    }
    for b in live.drain(..) {
        prop_assert!(intact(&b, b.size));
        // SAFETY: live, freed once.
        unsafe { heap.free(b.domain, b.ptr) };
    }
    let stats = heap.stats();
    prop_assert_eq!(stats.blocks_in_use, 0);
    for d in Domain::ALL {
        prop_assert_eq!(stats.domain(d).current_bytes, 0);
    }
    heap.trim();
    prop_assert_eq!(heap.stats().current_bytes, 0);
    heap.check_consistency().map_err(TestCaseError::fail)?;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_programs_keep_the_heap_consistent(
        mode in 0usize..3,
        ops in prop::collection::vec(op(), 1..600),
    ) {
        let mut heap = Allocator::new(config(mode, None));
        run(&mut heap, &ops)?;
    }

    #[test]
    fn random_programs_under_a_limit(
        mode in 0usize..3,
        limit in 0usize..(3 << 20),
        ops in prop::collection::vec(op(), 1..600),
    ) {
        let mut heap = Allocator::new(config(mode, Some(limit)));
        run(&mut heap, &ops)?;
        prop_assert!(heap.stats().peak_bytes <= limit);
    }

    #[test]
    fn every_small_size_gets_the_smallest_fitting_class(size in 1usize..=512) {
        let class = class_index(size);
        prop_assert!(block_size(class) >= size);
        prop_assert!(block_size(class) < size + 16);
        let mut heap = Allocator::new(Config::default());
        let p = heap.malloc(Domain::Object, size).unwrap();
        // SAFETY: `p` is live.
        prop_assert_eq!(unsafe { heap.usable_size(p) }, block_size(class));
        prop_assert_eq!(heap.stats().object.current_bytes, block_size(class));
        // SAFETY: live, freed once.
        unsafe { heap.free(Domain::Object, p) };
    }

    #[test]
    fn realloc_in_place_rule(old in 1usize..=512, new in 0usize..1200) {
        let mut heap = Allocator::new(Config::default());
        let p = heap.malloc(Domain::Mem, old).unwrap();
        let size = block_size(class_index(old));
        // SAFETY: `p` is live; the result replaces it.
        let q = unsafe { heap.realloc(Domain::Mem, p, new) }.unwrap();
        let in_place = new <= size && 4 * new > 3 * size;
        prop_assert_eq!(q == p, in_place);
        prop_assert_eq!(heap.in_arena(q.as_ptr()), is_small(new));
        // SAFETY: live, freed once.
        unsafe { heap.free(Domain::Mem, q) };
    }
}
