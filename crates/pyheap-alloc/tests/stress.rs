//! Stress: millions of mixed allocations, reallocations and frees in random sizes (0..2000)
//! and orders, in every configuration. Every block is filled with a pattern derived from its
//! id and checked before it is resized or freed, so any overlap, stray write or lost byte
//! shows up.
//!
//! `PYHEAP_STRESS_OPS` sets the number of operations for the default configuration (the
//! debug and plain-malloc runs do half as many each); the default keeps the whole test well
//! under 20 seconds in the dev profile. For valgrind use a smaller count, e.g.
//! `PYHEAP_STRESS_OPS=200000 valgrind --error-exitcode=1 --leak-check=full <stress binary>`.

use std::ptr::NonNull;

use pyheap_alloc::{Allocator, Config, Domain};

const DEFAULT_OPS: usize = 8_000_000;
/// Most blocks alive at once.
const MAX_SLOTS: usize = 50_000;
/// Operations per phase; phases alternate between the full slot range and a twentieth of it,
/// so the heap repeatedly grows and drains (arenas are mapped and unmapped).
const PHASE_OPS: usize = 400_000;
const SHRUNK_SLOTS: usize = MAX_SLOTS / 20;
const MAX_SIZE: usize = 2000;

fn ops() -> usize {
    std::env::var("PYHEAP_STRESS_OPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_OPS)
}

/// SplitMix64: a tiny, good-enough generator with a fixed seed, for reproducible runs.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }
}
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

struct Block {
    id: u64,
    domain: Domain,
    ptr: NonNull<u8>,
    size: usize,
}

impl Block {
    /// The pattern byte at offset `i`: a word derived from the id, shifted by position.
    fn pattern(&self, i: usize) -> u8 {
        (mix(self.id) >> ((i % 8) * 8)) as u8 ^ (i / 8) as u8
    }
    fn fill(&self) {
        for i in 0..self.size {
            // SAFETY: the block is live and `size` bytes long.
            unsafe { *self.ptr.as_ptr().add(i) = self.pattern(i) };
        }
    }
    fn check(&self, len: usize) {
        for i in 0..len {
            // SAFETY: as in `fill`.
            let got = unsafe { *self.ptr.as_ptr().add(i) };
            assert_eq!(
                got,
                self.pattern(i),
                "block {} ({} bytes) corrupted at {i}",
                self.id,
                self.size
            );
        }
    }
}

fn random_size(rng: &mut Rng) -> usize {
    let r = rng.next();
    match r % 4 {
        0 | 1 => (r >> 8) as usize % 513, // small, pymalloc's range (and 0)
        2 => (r >> 8) as usize % 129,     // tiny: the common object sizes
        _ => (r >> 8) as usize % MAX_SIZE,
    }
}

fn random_domain(rng: &mut Rng) -> Domain {
    match rng.next() % 8 {
        0 => Domain::Raw,
        1..=3 => Domain::Mem,
        _ => Domain::Object,
    }
}

fn stress(config: Config, ops: usize, seed: u64) {
    let mut heap = Allocator::new(config.clone());
    let mut rng = Rng(seed);
    let mut slots: Vec<Option<Block>> = (0..MAX_SLOTS).map(|_| None).collect();
    let mut live = 0usize;
    let mut next_id = 0u64;
    for op in 0..ops {
        let active = if (op / PHASE_OPS).is_multiple_of(2) {
            MAX_SLOTS
        } else {
            SHRUNK_SLOTS
        };
        let r = rng.next();
        let slot = (r % MAX_SLOTS as u64) as usize;
        match slots[slot].take() {
            Some(mut b) => {
                b.check(b.size);
                if slot < active && (r >> 40).is_multiple_of(4) {
                    let new_size = random_size(&mut rng);
                    // SAFETY: `b.ptr` is live in `b.domain`; the result replaces it.
                    b.ptr = unsafe { heap.realloc(b.domain, b.ptr, new_size) }
                        .expect("realloc refused");
                    b.check(b.size.min(new_size));
                    b.size = new_size;
                    b.fill();
                    slots[slot] = Some(b);
                } else {
                    // SAFETY: live, freed once, in its domain.
                    unsafe { heap.free(b.domain, b.ptr) };
                    live -= 1;
                }
            }
            None if slot < active => {
                let size = random_size(&mut rng);
                let domain = random_domain(&mut rng);
                let ptr = heap.malloc(domain, size).expect("malloc refused");
                assert_eq!(ptr.as_ptr() as usize % 16, 0);
                let b = Block {
                    id: next_id,
                    domain,
                    ptr,
                    size,
                };
                next_id += 1;
                b.fill();
                slots[slot] = Some(b);
                live += 1;
            }
            None => {}
        }
        if op % PHASE_OPS == PHASE_OPS - 1 {
            heap.check_consistency().unwrap();
            assert_eq!(heap.stats().blocks_in_use, live);
        }
    }
    let peak_arenas = heap.stats().arenas_highwater;
    for b in slots.into_iter().flatten() {
        b.check(b.size);
        // SAFETY: live, freed once.
        unsafe { heap.free(b.domain, b.ptr) };
    }
    let stats = heap.stats();
    assert_eq!(stats.blocks_in_use, 0);
    for d in Domain::ALL {
        assert_eq!(stats.domain(d).current_bytes, 0);
    }
    assert_eq!(stats.large_blocks, 0);
    heap.trim();
    assert_eq!(heap.stats().current_bytes, 0);
    heap.check_consistency().unwrap();
    if heap.config().pymalloc && ops >= 2 * PHASE_OPS {
        assert!(
            stats.arenas_reclaimed > 0,
            "draining phases return arenas (peak {peak_arenas})"
        );
    }
    eprintln!(
        "{config:?}: {ops} ops, {next_id} blocks, peak {} bytes from the OS, {} arenas at most, {} reclaimed",
        stats.peak_bytes, peak_arenas, stats.arenas_reclaimed
    );
}

#[test]
fn stress_pymalloc() {
    stress(Config::default(), ops(), 1);
}

#[test]
fn stress_debug_hooks() {
    stress(Config::from_pythonmalloc("debug").unwrap(), ops() / 2, 2);
}

#[test]
fn stress_plain_malloc() {
    stress(Config::from_pythonmalloc("malloc").unwrap(), ops() / 2, 3);
}
