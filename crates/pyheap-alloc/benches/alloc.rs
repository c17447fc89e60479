//! Small-object allocation throughput: pyheap-alloc (`Domain::Object`, pymalloc) against the
//! system allocator (glibc `malloc`/`free`), in the patterns a Python runtime produces.
//!
//! * `lifo_churn` — allocate one object and free it at once (temporaries in an expression).
//! * `lifo_batch` — allocate 100 objects, free them newest first (a frame's locals, a
//!   short-lived list of results).
//! * `random_lifetimes` — 10,000 live objects; each step frees a random one and allocates a
//!   new one of a random, Python-like size (a long-running program's steady state).
//! * `many_live` — allocate 100,000 objects, then free them oldest first (building and
//!   dropping a large data structure).
//!
//! Both heaps are *warm*: before measuring, each gets the same population of 30,000 live
//! objects spread over all size classes, about what a fresh CPython 3.11 interpreter holds
//! (see `debugmallocstats_3.11.txt`). A runtime's heap is never empty, and on an empty heap
//! pymalloc — like CPython's — returns a pool to its arena every time its only block is
//! freed; `lifo_churn_fresh_heap` measures that worst case separately.
//!
//! Run with `cargo bench -p pyheap-alloc`; figures are in BENCHMARKS.md.

use std::hint::black_box;
use std::ptr::NonNull;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use pyheap_alloc::{Allocator, Config, Domain};

/// The two allocators under test, behind one small interface.
trait Heap {
    fn alloc(&mut self, size: usize) -> NonNull<u8>;
    /// # Safety
    /// `p` came from `alloc` on this heap and is live.
    unsafe fn dealloc(&mut self, p: NonNull<u8>);
}

struct Pyheap(Allocator);
impl Heap for Pyheap {
    #[inline]
    fn alloc(&mut self, size: usize) -> NonNull<u8> {
        self.0.malloc(Domain::Object, size).unwrap()
    }
    #[inline]
    unsafe fn dealloc(&mut self, p: NonNull<u8>) {
        // SAFETY: forwarded contract.
        unsafe { self.0.free(Domain::Object, p) }
    }
}

struct System;
impl Heap for System {
    #[inline]
    fn alloc(&mut self, size: usize) -> NonNull<u8> {
        // SAFETY: plain C allocation.
        NonNull::new(unsafe { libc::malloc(size) }.cast()).unwrap()
    }
    #[inline]
    unsafe fn dealloc(&mut self, p: NonNull<u8>) {
        // SAFETY: forwarded contract.
        unsafe { libc::free(p.as_ptr().cast()) }
    }
}

/// SplitMix64, precomputed into tables so the generator costs nothing in the timed loops.
fn random_table(n: usize, seed: u64) -> Vec<u64> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        })
        .collect()
}

/// Sizes of common CPython 3.11 objects (with their GC header where they have one): int,
/// float, small tuple, str, list, dict, instance, bound method, and some larger ones.
const PYTHON_SIZES: [usize; 16] = [
    28, 24, 56, 64, 50, 72, 88, 48, 104, 120, 136, 184, 232, 280, 376, 512,
];

fn python_size(r: u64) -> usize {
    PYTHON_SIZES[(r % PYTHON_SIZES.len() as u64) as usize]
}

fn lifo_churn<H: Heap>(h: &mut H, size: usize, n: usize) {
    for _ in 0..n {
        let p = h.alloc(black_box(size));
        // SAFETY: `p` is live, freed once.
        unsafe { h.dealloc(black_box(p)) };
    }
}

fn lifo_batch<H: Heap>(h: &mut H, stack: &mut Vec<NonNull<u8>>, sizes: &[u64]) {
    for &r in sizes {
        stack.push(h.alloc(python_size(r)));
    }
    while let Some(p) = stack.pop() {
        // SAFETY: live, freed once.
        unsafe { h.dealloc(p) };
    }
}

fn random_lifetimes<H: Heap>(h: &mut H, slots: &mut [NonNull<u8>], steps: &[u64]) {
    for &r in steps {
        let i = (r >> 32) as usize % slots.len();
        // SAFETY: every slot holds a live block, replaced as soon as it is freed.
        unsafe { h.dealloc(slots[i]) };
        slots[i] = h.alloc(python_size(r));
    }
}

fn many_live<H: Heap>(h: &mut H, live: &mut Vec<NonNull<u8>>, sizes: &[u64]) {
    for &r in sizes {
        live.push(h.alloc(python_size(r)));
    }
    for p in live.drain(..) {
        // SAFETY: live, freed once.
        unsafe { h.dealloc(p) };
    }
}

/// Live objects every heap holds while measured.
const POPULATION: usize = 30_000;

/// A pyheap heap holding the standard population (kept alive for the heap's lifetime).
fn warm_pyheap() -> Pyheap {
    let mut h = Pyheap(Allocator::new(Config::default()));
    for r in random_table(POPULATION, 99) {
        let _live_for_the_whole_run = h.alloc(1 + (r % 512) as usize);
    }
    h
}

/// The same population in the system heap (leaked on purpose: it is the backdrop).
fn warm_system() -> System {
    let mut h = System;
    for r in random_table(POPULATION, 99) {
        let _live_for_the_whole_run = h.alloc(1 + (r % 512) as usize);
    }
    h
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(20)
}

fn bench_lifo_churn(c: &mut Criterion) {
    const N: usize = 10_000;
    let mut group = c.benchmark_group("lifo_churn");
    group.throughput(Throughput::Elements(N as u64));
    let mut py = warm_pyheap();
    let mut sys = warm_system();
    for size in [32, 64, 256] {
        group.bench_with_input(BenchmarkId::new("pyheap", size), &size, |b, &s| {
            b.iter(|| lifo_churn(&mut py, s, N))
        });
        group.bench_with_input(BenchmarkId::new("system", size), &size, |b, &s| {
            b.iter(|| lifo_churn(&mut sys, s, N))
        });
    }
    group.finish();

    // The worst case: nothing else lives in the heap, so every free empties the pool, which
    // goes back to its arena, and the next malloc takes it out again.
    let mut group = c.benchmark_group("lifo_churn_fresh_heap");
    group.throughput(Throughput::Elements(N as u64));
    let mut py = Pyheap(Allocator::new(Config::default()));
    group.bench_function("pyheap/64", |b| b.iter(|| lifo_churn(&mut py, 64, N)));
    group.bench_function("system/64", |b| b.iter(|| lifo_churn(&mut System, 64, N)));
    group.finish();
}

fn bench_lifo_batch(c: &mut Criterion) {
    const BATCH: usize = 100;
    const ROUNDS: usize = 100;
    let sizes = random_table(BATCH, 1);
    let mut group = c.benchmark_group("lifo_batch");
    group.throughput(Throughput::Elements((BATCH * ROUNDS) as u64));
    let mut stack = Vec::with_capacity(BATCH);
    let mut py = warm_pyheap();
    let mut sys = warm_system();
    group.bench_function("pyheap", |b| {
        b.iter(|| (0..ROUNDS).for_each(|_| lifo_batch(&mut py, &mut stack, &sizes)))
    });
    group.bench_function("system", |b| {
        b.iter(|| (0..ROUNDS).for_each(|_| lifo_batch(&mut sys, &mut stack, &sizes)))
    });
    group.finish();
}

fn bench_random_lifetimes(c: &mut Criterion) {
    const LIVE: usize = 10_000;
    const STEPS: usize = 10_000;
    let steps = random_table(STEPS, 2);
    let initial = random_table(LIVE, 3);
    let mut group = c.benchmark_group("random_lifetimes");
    group.throughput(Throughput::Elements(STEPS as u64));

    let mut py = warm_pyheap();
    let mut py_slots: Vec<_> = initial.iter().map(|&r| py.alloc(python_size(r))).collect();
    group.bench_function("pyheap", |b| {
        b.iter(|| random_lifetimes(&mut py, &mut py_slots, &steps))
    });

    let mut sys = warm_system();
    let mut sys_slots: Vec<_> = initial.iter().map(|&r| sys.alloc(python_size(r))).collect();
    group.bench_function("system", |b| {
        b.iter(|| random_lifetimes(&mut sys, &mut sys_slots, &steps))
    });
    group.finish();

    for p in py_slots {
        // SAFETY: live, freed once.
        unsafe { py.dealloc(p) };
    }
    for p in sys_slots {
        // SAFETY: live, freed once.
        unsafe { sys.dealloc(p) };
    }
}

fn bench_many_live(c: &mut Criterion) {
    const N: usize = 100_000;
    let sizes = random_table(N, 4);
    let mut group = c.benchmark_group("many_live");
    group.throughput(Throughput::Elements(N as u64));
    let mut live = Vec::with_capacity(N);
    let mut py = warm_pyheap();
    let mut sys = warm_system();
    group.bench_function("pyheap", |b| {
        b.iter(|| many_live(&mut py, &mut live, &sizes))
    });
    group.bench_function("system", |b| {
        b.iter(|| many_live(&mut sys, &mut live, &sizes))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_lifo_churn, bench_lifo_batch, bench_random_lifetimes, bench_many_live
}
criterion_main!(benches);
