//! The public API: domains, accounting, the limit, realloc, configurations.

use std::ptr::NonNull;

use pyheap_alloc::{AllocError, Allocator, Config, Domain, ARENA_SIZE, LARGE_HEADER_SIZE};

fn heap() -> Allocator {
    Allocator::new(Config::default())
}

fn limited(limit: usize) -> Allocator {
    Allocator::new(Config {
        limit: Some(limit),
        ..Config::default()
    })
}

/// Fills `len` bytes at `p` with a pattern derived from `seed`.
fn fill(p: NonNull<u8>, len: usize, seed: u8) {
    for i in 0..len {
        // SAFETY: tests only fill blocks they own, within their size.
        unsafe { *p.as_ptr().add(i) = seed.wrapping_add(i as u8) };
    }
}

fn holds(p: NonNull<u8>, len: usize, seed: u8) -> bool {
    // SAFETY: tests only read blocks they own, within their size.
    (0..len).all(|i| unsafe { *p.as_ptr().add(i) } == seed.wrapping_add(i as u8))
}

#[test]
fn allocator_is_send() {
    fn assert_send<T: Send>() {}
    assert_send::<Allocator>();
}

#[test]
fn small_requests_come_from_arenas_and_others_from_the_raw_layer() {
    let mut h = heap();
    let cases = [
        (Domain::Object, 1, true),
        (Domain::Object, 512, true),
        (Domain::Object, 513, false),
        (Domain::Object, 0, false),
        (Domain::Mem, 100, true),
        (Domain::Mem, 4096, false),
        (Domain::Raw, 16, false),
        (Domain::Raw, 0, false),
    ];
    let mut live = Vec::new();
    for (domain, size, in_arena) in cases {
        let p = h.malloc(domain, size).unwrap();
        assert_eq!(p.as_ptr() as usize % 16, 0);
        assert_eq!(h.in_arena(p.as_ptr()), in_arena, "{domain:?} {size}");
        live.push((domain, p));
    }
    let s = h.stats();
    assert_eq!(s.blocks_in_use, cases.len());
    assert_eq!(s.large_blocks, 5);
    assert_eq!(s.arenas, 1);
    for (domain, p) in live {
        // SAFETY: each block is live and freed once, in its domain.
        unsafe { h.free(domain, p) };
    }
    assert_eq!(h.stats().blocks_in_use, 0);
    h.check_consistency().unwrap();
}

#[test]
fn zero_byte_requests_get_distinct_blocks() {
    let mut h = heap();
    let a = h.malloc(Domain::Object, 0).unwrap();
    let b = h.malloc(Domain::Object, 0).unwrap();
    assert_ne!(a, b);
    assert_eq!(h.stats().object.current_bytes, 2);
    // SAFETY: both live, freed once.
    unsafe {
        h.free(Domain::Object, a);
        h.free(Domain::Object, b);
    }
}

#[test]
fn per_domain_accounting() {
    let mut h = heap();
    let o = h.malloc(Domain::Object, 40).unwrap(); // 48-byte block
    let m = h.malloc(Domain::Mem, 1000).unwrap(); // large: 1000 bytes
    let r = h.malloc(Domain::Raw, 16).unwrap(); // raw: 16 bytes
    let s = h.stats();
    assert_eq!(s.object.current_bytes, 48);
    assert_eq!(s.mem.current_bytes, 1000);
    assert_eq!(s.raw.current_bytes, 16);
    assert_eq!(
        (
            s.object.blocks_in_use,
            s.mem.blocks_in_use,
            s.raw.blocks_in_use
        ),
        (1, 1, 1)
    );
    assert_eq!(
        s.current_bytes,
        ARENA_SIZE + 1000 + 16 + 2 * LARGE_HEADER_SIZE
    );
    assert_eq!(s.large_bytes, 1016 + 2 * LARGE_HEADER_SIZE);
    assert_eq!(s.domain(Domain::Mem), s.mem);
    // SAFETY: all live, freed once, in their domains.
    unsafe {
        h.free(Domain::Object, o);
        h.free(Domain::Mem, m);
        h.free(Domain::Raw, r);
    }
    let s = h.stats();
    assert_eq!(
        (
            s.object.current_bytes,
            s.mem.current_bytes,
            s.raw.current_bytes
        ),
        (0, 0, 0)
    );
    assert_eq!(
        (s.object.peak_bytes, s.mem.peak_bytes, s.raw.peak_bytes),
        (48, 1000, 16)
    );
}

#[test]
fn accounting_returns_to_zero() {
    for config in [
        Config::default(),
        Config::from_pythonmalloc("malloc").unwrap(),
    ] {
        let mut h = Allocator::new(config);
        let mut live = Vec::new();
        for i in 0..50_000usize {
            let domain = Domain::ALL[i % 3];
            let size = (i * 7) % 1500;
            live.push((domain, h.malloc(domain, size).unwrap()));
            if i % 4 == 1 {
                let (d, p) = live.swap_remove(i * 13 % live.len());
                // SAFETY: `p` is live in `d`, freed once.
                unsafe { h.free(d, p) };
            }
        }
        assert!(h.stats().peak_bytes > 0);
        for (d, p) in live.drain(..) {
            // SAFETY: `p` is live in `d`, freed once.
            unsafe { h.free(d, p) };
        }
        let s = h.stats();
        assert_eq!(s.blocks_in_use, 0);
        for d in Domain::ALL {
            assert_eq!(s.domain(d).current_bytes, 0, "{d:?}");
            assert_eq!(s.domain(d).blocks_in_use, 0, "{d:?}");
        }
        assert_eq!(s.large_blocks, 0);
        assert!(s.arenas <= 1, "at most the spare arena is kept");
        h.trim();
        let s = h.stats();
        assert_eq!(s.current_bytes, 0);
        assert_eq!(s.arenas, 0);
        h.check_consistency().unwrap();
    }
}

#[test]
fn the_limit_fails_cleanly_and_later_fitting_requests_succeed() {
    let limit = 3 * ARENA_SIZE + 100_000;
    let mut h = limited(limit);
    assert_eq!(h.limit(), Some(limit));

    // Small objects until the limit refuses a fourth arena.
    let mut small = Vec::new();
    let err = loop {
        match h.malloc(Domain::Object, 64) {
            Ok(p) => {
                fill(p, 64, small.len() as u8);
                small.push(p);
            }
            Err(e) => break e,
        }
    };
    assert_eq!(err, AllocError);
    let s = h.stats();
    assert_eq!(s.arenas, 3);
    assert!(s.current_bytes <= limit);
    assert_eq!(s.refused_allocations, 1);
    h.check_consistency().unwrap();

    // Large blocks are refused past the limit too, and still served when they fit.
    assert_eq!(h.malloc(Domain::Mem, 200_000), Err(AllocError));
    let big = h.malloc(Domain::Mem, 50_000).unwrap();
    assert_eq!(h.malloc(Domain::Raw, 60_000), Err(AllocError));

    // Nothing was corrupted.
    for (i, &p) in small.iter().enumerate() {
        assert!(holds(p, 64, i as u8));
    }

    // Free half the small objects: a request that fits reuses their space.
    for p in small.drain(..small.len() / 2) {
        // SAFETY: live, freed once.
        unsafe { h.free(Domain::Object, p) };
    }
    let again = h.malloc(Domain::Object, 64).unwrap();
    // SAFETY: live blocks, freed once.
    unsafe {
        h.free(Domain::Object, again);
        h.free(Domain::Mem, big);
    }
    assert!(h.stats().peak_bytes <= limit);
    h.check_consistency().unwrap();
}

#[test]
fn a_failed_realloc_leaves_the_block_alone() {
    let mut h = limited(10_000);
    let p = h.malloc(Domain::Mem, 5_000).unwrap();
    fill(p, 5_000, 7);
    // SAFETY: `p` is live; a failed realloc leaves it live.
    unsafe {
        assert_eq!(h.realloc(Domain::Mem, p, 20_000), Err(AllocError));
        assert!(holds(p, 5_000, 7));
        assert_eq!(h.usable_size(p), 5_000);
        h.free(Domain::Mem, p);
    }
    // A small block whose move would need a second arena that the limit forbids.
    let mut h = limited(ARENA_SIZE);
    let p = h.malloc(Domain::Object, 100).unwrap();
    fill(p, 100, 3);
    // SAFETY: as above.
    unsafe {
        assert_eq!(h.realloc(Domain::Object, p, 4_000), Err(AllocError));
        assert!(holds(p, 100, 3));
        h.free(Domain::Object, p);
    }
}

#[test]
fn realloc_stays_in_place_only_when_cpython_would() {
    let mut h = heap();
    let p = h.malloc(Domain::Object, 100).unwrap(); // 112-byte block
    fill(p, 100, 1);
    // SAFETY: every pointer passed to realloc/free is the live result of the previous call.
    unsafe {
        assert_eq!(h.usable_size(p), 112);
        let q = h.realloc(Domain::Object, p, 112).unwrap();
        assert_eq!(q, p, "same block size");
        let q = h.realloc(Domain::Object, q, 85).unwrap();
        assert_eq!(q, p, "4*85 = 340 > 3*112 = 336: in place");
        let q = h.realloc(Domain::Object, q, 84).unwrap();
        assert_ne!(q, p, "4*84 = 336 is not > 336: moves to a smaller block");
        assert_eq!(h.usable_size(q), 96);
        assert!(holds(q, 84, 1));
        let r = h.realloc(Domain::Object, q, 300).unwrap();
        assert_ne!(r, q, "growing past the block moves");
        assert!(holds(r, 84, 1));
        let large = h.realloc(Domain::Object, r, 600).unwrap();
        assert!(!h.in_arena(large.as_ptr()), "over 512 bytes: a large block");
        assert!(holds(large, 84, 1));
        let still_large = h.realloc(Domain::Object, large, 100).unwrap();
        assert!(
            !h.in_arena(still_large.as_ptr()),
            "a large block stays with the raw layer"
        );
        assert!(holds(still_large, 84, 1));
        assert_eq!(h.stats().object.current_bytes, 100);
        h.free(Domain::Object, still_large);

        let p = h.malloc(Domain::Mem, 64).unwrap();
        let z = h.realloc(Domain::Mem, p, 0).unwrap();
        assert!(
            !h.in_arena(z.as_ptr()),
            "realloc to 0 is a 1-byte raw block, as in CPython"
        );
        h.free(Domain::Mem, z);
    }
    let s = h.stats();
    assert_eq!(s.blocks_in_use, 0);
    assert_eq!(s.object.current_bytes + s.mem.current_bytes, 0);
}

#[test]
fn calloc_zeroes_and_checks_overflow() {
    for config in [
        Config::default(),
        Config {
            debug: true,
            ..Config::default()
        },
    ] {
        let mut h = Allocator::new(config);
        let p = h.malloc(Domain::Object, 64).unwrap();
        fill(p, 64, 0x55);
        // SAFETY: live, freed once.
        unsafe { h.free(Domain::Object, p) };
        for (n, size) in [(4, 16), (100, 10)] {
            let q = h.calloc(Domain::Object, n, size).unwrap();
            // SAFETY: `q` holds n*size bytes.
            assert!((0..n * size).all(|i| unsafe { *q.as_ptr().add(i) } == 0));
            // SAFETY: live, freed once.
            unsafe { h.free(Domain::Object, q) };
        }
        assert_eq!(h.calloc(Domain::Mem, usize::MAX / 2, 3), Err(AllocError));
    }
}

#[test]
fn absurd_requests_fail_cleanly() {
    for config in [
        Config::default(),
        Config {
            debug: true,
            ..Config::default()
        },
    ] {
        let mut h = Allocator::new(config);
        for d in Domain::ALL {
            assert_eq!(h.malloc(d, usize::MAX), Err(AllocError));
            assert_eq!(h.malloc(d, isize::MAX as usize), Err(AllocError));
        }
        let p = h.malloc(Domain::Mem, 10).unwrap();
        // SAFETY: `p` is live; the failed realloc leaves it live.
        unsafe {
            assert_eq!(h.realloc(Domain::Mem, p, usize::MAX - 3), Err(AllocError));
            h.free(Domain::Mem, p);
        }
        assert_eq!(h.stats().blocks_in_use, 0);
    }
}

#[test]
fn pythonmalloc_names() {
    let c = Config::from_pythonmalloc("malloc").unwrap();
    assert!(!c.pymalloc && !c.debug);
    let c = Config::from_pythonmalloc("debug").unwrap();
    assert!(c.pymalloc && c.debug);
    let c = Config::from_pythonmalloc("malloc_debug").unwrap();
    assert!(!c.pymalloc && c.debug);
    let c = Config::from_pythonmalloc("pymalloc").unwrap();
    assert!(c.pymalloc && !c.debug);
    assert!(Config::from_pythonmalloc("").is_some());
    assert!(Config::from_pythonmalloc("mimalloc").is_none());
    assert!(Config::default().pymalloc);
}

#[test]
fn plain_malloc_mode_uses_no_arenas() {
    let mut h = Allocator::new(Config::from_pythonmalloc("malloc").unwrap());
    let p = h.malloc(Domain::Object, 32).unwrap();
    assert!(!h.in_arena(p.as_ptr()));
    assert_eq!(h.stats().arenas, 0);
    let mut out = String::new();
    h.write_debugmallocstats(&mut out).unwrap();
    assert_eq!(
        out, "",
        "PYTHONMALLOC=malloc prints no allocator statistics"
    );
    assert!(h.census().is_none());
    // SAFETY: live, freed once.
    unsafe { h.free(Domain::Object, p) };
}

#[test]
fn in_arena_is_exact_for_any_pointer() {
    let mut h = heap();
    let p = h.malloc(Domain::Object, 16).unwrap();
    let on_stack = 0u64;
    let boxed = Box::new(0u64);
    for addr in [
        0usize,
        1,
        8,
        usize::MAX,
        usize::MAX - 15,
        1 << 47,
        &on_stack as *const u64 as usize,
    ] {
        assert!(!h.in_arena(addr as *const u8), "{addr:#x}");
    }
    assert!(!h.in_arena(&*boxed as *const u64 as *const u8));
    assert!(h.in_arena(p.as_ptr()));
    // SAFETY: live, freed once.
    unsafe { h.free(Domain::Object, p) };
}

#[test]
fn a_dropped_heap_returns_everything() {
    // Dropping heaps that still hold arenas and large blocks must not leak: repeat enough
    // that a leak would show in the process's memory use (and under valgrind, see
    // BENCHMARKS.md).
    for _ in 0..200 {
        let mut h = heap();
        for i in 0..2_000 {
            let _ = h.malloc(Domain::ALL[i % 3], i * 3).unwrap();
        }
        assert!(h.stats().arenas >= 1);
        drop(h);
    }
}

#[test]
fn trim_keeps_arenas_in_use() {
    let mut h = heap();
    let keep = h.malloc(Domain::Object, 24).unwrap();
    let tmp: Vec<_> = (0..100_000)
        .map(|_| h.malloc(Domain::Object, 200).unwrap())
        .collect();
    let peak_arenas = h.stats().arenas;
    assert!(peak_arenas > 10);
    for p in tmp {
        // SAFETY: live, freed once.
        unsafe { h.free(Domain::Object, p) };
    }
    // Wholly free arenas were unmapped as they drained, except one spare.
    assert!(h.stats().arenas <= 2);
    h.trim();
    assert_eq!(h.stats().arenas, 1, "the arena holding `keep` stays");
    assert_eq!(h.stats().arenas_reclaimed, peak_arenas - 1);
    // SAFETY: live, freed once.
    unsafe { h.free(Domain::Object, keep) };
    h.check_consistency().unwrap();
}
