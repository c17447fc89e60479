//! The debug hooks (`PYTHONMALLOC=debug`): layout, fills, every fault, and the fatal report.

use std::process::Command;
use std::ptr::NonNull;

use pyheap_alloc::debug::{PYMEM_CLEANBYTE, PYMEM_DEADBYTE, PYMEM_FORBIDDENBYTE};
use pyheap_alloc::{Allocator, Config, Domain, HeapFault, LiveBlock};

fn debug_heap() -> Allocator {
    Allocator::new(Config {
        debug: true,
        ..Config::default()
    })
}

/// Reads `len` bytes starting `offset` bytes from `p` (which may be negative).
fn bytes(p: NonNull<u8>, offset: isize, len: usize) -> Vec<u8> {
    // SAFETY: tests only read the decorated extent of blocks that are live, or that lie in a
    // mapped arena.
    (0..len)
        .map(|i| unsafe { *p.as_ptr().offset(offset + i as isize) })
        .collect()
}

fn poke(p: NonNull<u8>, offset: isize, value: u8) {
    // SAFETY: tests only write into the decoration of live blocks they own.
    unsafe { *p.as_ptr().offset(offset) = value }
}

#[test]
fn blocks_are_decorated_like_cpython() {
    let mut h = debug_heap();
    for (domain, id, size) in [
        (Domain::Object, b'o', 16),
        (Domain::Mem, b'm', 10),
        (Domain::Raw, b'r', 700),
    ] {
        let p = h.malloc(domain, size).unwrap();
        assert_eq!(p.as_ptr() as usize % 16, 0);
        let mut header = (size as u64).to_be_bytes().to_vec();
        header.push(id);
        header.extend([PYMEM_FORBIDDENBYTE; 7]);
        assert_eq!(bytes(p, -16, 16), header, "{domain:?}");
        assert_eq!(bytes(p, 0, size), vec![PYMEM_CLEANBYTE; size]);
        assert_eq!(bytes(p, size as isize, 8), vec![PYMEM_FORBIDDENBYTE; 8]);
        // SAFETY: `p` is live; `usable_size` reports the request.
        assert_eq!(unsafe { h.usable_size(p) }, size);
        // SAFETY: live, freed once in its domain.
        unsafe { h.free(domain, p) };
    }
    assert_eq!(h.stats().blocks_in_use, 0);
    h.check_consistency().unwrap();
}

#[test]
fn the_decoration_comes_from_the_underlying_allocator() {
    let mut h = debug_heap();
    // 16 + 24 = 40 bytes: a 48-byte pymalloc block, as in CPython.
    let p = h.malloc(Domain::Object, 16).unwrap();
    assert!(h.in_arena(p.as_ptr()));
    assert_eq!(h.stats().object.current_bytes, 48);
    // 500 + 24 > 512: a large block.
    let q = h.malloc(Domain::Object, 500).unwrap();
    assert!(!h.in_arena(q.as_ptr()));
    // SAFETY: live, freed once.
    unsafe {
        h.free(Domain::Object, p);
        h.free(Domain::Object, q);
    }
}

#[test]
fn freed_blocks_are_filled_with_dead_bytes() {
    let mut h = debug_heap();
    let keep = h.malloc(Domain::Object, 40).unwrap(); // keeps the arena mapped
    let p = h.malloc(Domain::Object, 40).unwrap();
    // SAFETY: live, freed once.
    unsafe { h.free(Domain::Object, p) };
    // The block's pool is still mapped: the id, pads and data are dead bytes now (the first
    // word of the block holds pymalloc's free-list link).
    assert_eq!(bytes(p, -8, 8 + 40 + 8), vec![PYMEM_DEADBYTE; 56]);
    // SAFETY: live, freed once.
    unsafe { h.free(Domain::Object, keep) };
}

#[test]
fn api_mismatch() {
    let mut h = debug_heap();
    let p = h.malloc(Domain::Object, 16).unwrap();
    // SAFETY: with the hooks, try_free checks before touching anything.
    let fault = unsafe { h.try_free(Domain::Mem, p) }.unwrap_err();
    assert_eq!(
        fault,
        HeapFault::ApiMismatch {
            allocated: 'o',
            verified: 'm'
        }
    );
    assert_eq!(
        fault.to_string(),
        "bad ID: Allocated using API 'o', verified using API 'm'"
    );
    let report = h.describe_fault("_PyMem_DebugRawFree", p, &fault);
    let expected_tail = "    16 bytes originally requested\n    \
        The 7 pad bytes at p-7 are FORBIDDENBYTE, as expected.\n";
    assert!(report.contains(expected_tail), "{report}");
    assert!(report.contains("    Data at p: cd cd cd cd cd cd cd cd cd cd cd cd cd cd cd cd\n\n"));
    assert!(report.ends_with(
        "Enable tracemalloc to get the memory block allocation traceback\n\n\
         Fatal Python error: _PyMem_DebugRawFree: bad ID: Allocated using API 'o', verified using API 'm'\n\
         Python runtime state: initialized\n"
    ));
    assert!(report.starts_with(&format!(
        "Debug memory block at address p={:p}: API 'o'\n",
        p.as_ptr()
    )));
    // Nothing was freed: the right domain still frees it.
    assert_eq!(h.stats().blocks_in_use, 1);
    // SAFETY: still live.
    unsafe { h.try_free(Domain::Object, p) }.unwrap();
    assert_eq!(h.stats().blocks_in_use, 0);
}

#[test]
fn buffer_underflow() {
    let mut h = debug_heap();
    let p = h.malloc(Domain::Mem, 24).unwrap();
    poke(p, -1, 0);
    // SAFETY: the hooks check first.
    let fault = unsafe { h.try_free(Domain::Mem, p) }.unwrap_err();
    assert_eq!(fault, HeapFault::BadLeadingPad);
    assert_eq!(fault.to_string(), "bad leading pad byte");
    let report = h.describe_fault("_PyMem_DebugRawFree", p, &fault);
    assert!(report.contains(
        "    The 7 pad bytes at p-7 are not all FORBIDDENBYTE (0xfd):\n\
         \x20       at p-7: 0xfd\n"
    ));
    assert!(report.contains("        at p-1: 0x00 *** OUCH\n"));
    assert!(report.contains("Because memory is corrupted at the start"));
    // Writing over the id byte is an id fault, as in CPython.
    poke(p, -1, PYMEM_FORBIDDENBYTE);
    poke(p, -8, b'x');
    // SAFETY: the hooks check first.
    let fault = unsafe { h.try_free(Domain::Mem, p) }.unwrap_err();
    assert_eq!(
        fault,
        HeapFault::ApiMismatch {
            allocated: 'x',
            verified: 'm'
        }
    );
    // And over the size field.
    poke(p, -8, b'm');
    poke(p, -16, 1);
    // SAFETY: the hooks check first.
    let fault = unsafe { h.try_free(Domain::Mem, p) }.unwrap_err();
    assert!(
        matches!(fault, HeapFault::BadSizeField { requested: 24, .. }),
        "{fault:?}"
    );
    poke(p, -16, 0);
    // SAFETY: repaired, live.
    unsafe { h.try_free(Domain::Mem, p) }.unwrap();
}

#[test]
fn buffer_overflow() {
    let mut h = debug_heap();
    let p = h.malloc(Domain::Mem, 10).unwrap();
    for i in 0..11 {
        poke(p, i, 0x41);
    }
    // SAFETY: the hooks check first.
    let fault = unsafe { h.try_free(Domain::Mem, p) }.unwrap_err();
    assert_eq!(fault, HeapFault::BadTrailingPad);
    let report = h.describe_fault("_PyMem_DebugRawFree", p, &fault);
    // The dump of CPython 3.11's own capture, addresses aside.
    let tail = p.as_ptr().wrapping_add(10);
    let expected = format!(
        "Debug memory block at address p={:p}: API 'm'\n\
         \x20   10 bytes originally requested\n\
         \x20   The 7 pad bytes at p-7 are FORBIDDENBYTE, as expected.\n\
         \x20   The 8 pad bytes at tail={tail:p} are not all FORBIDDENBYTE (0xfd):\n\
         \x20       at tail+0: 0x41 *** OUCH\n\
         \x20       at tail+1: 0xfd\n\
         \x20       at tail+2: 0xfd\n\
         \x20       at tail+3: 0xfd\n\
         \x20       at tail+4: 0xfd\n\
         \x20       at tail+5: 0xfd\n\
         \x20       at tail+6: 0xfd\n\
         \x20       at tail+7: 0xfd\n\
         \x20   Data at p: 41 41 41 41 41 41 41 41 41 41\n\
         \n\
         Enable tracemalloc to get the memory block allocation traceback\n\
         \n\
         Fatal Python error: _PyMem_DebugRawFree: bad trailing pad byte\n\
         Python runtime state: initialized\n",
        p.as_ptr()
    );
    assert_eq!(report, expected);
    poke(p, 10, PYMEM_FORBIDDENBYTE);
    // SAFETY: repaired, live.
    unsafe { h.try_free(Domain::Mem, p) }.unwrap();
}

#[test]
fn long_blocks_dump_both_ends() {
    let mut h = debug_heap();
    let p = h.malloc(Domain::Object, 100).unwrap();
    for i in 0..100 {
        poke(p, i, i as u8);
    }
    poke(p, 100, 0);
    // SAFETY: the hooks check first.
    let fault = unsafe { h.try_free(Domain::Object, p) }.unwrap_err();
    let report = h.describe_fault("_PyMem_DebugRawFree", p, &fault);
    assert!(
        report.contains("    Data at p: 00 01 02 03 04 05 06 07 ... 5c 5d 5e 5f 60 61 62 63\n"),
        "{report}"
    );
}

#[test]
fn double_free() {
    let mut h = debug_heap();
    let keep = h.malloc(Domain::Object, 16).unwrap();
    let p = h.malloc(Domain::Object, 16).unwrap();
    // SAFETY: the second call is the fault under test; the hooks check before touching.
    unsafe {
        h.try_free(Domain::Object, p).unwrap();
        let fault = h.try_free(Domain::Object, p).unwrap_err();
        assert_eq!(fault, HeapFault::DoubleFree { verified: 'o' });
        assert!(fault
            .to_string()
            .starts_with("bad ID: Allocated using API '\\xdd', verified using API 'o'"));
        let report = h.describe_fault("_PyMem_DebugRawFree", p, &fault);
        assert!(report.contains("already freed"), "{report}");
        h.free(Domain::Object, keep);
    }
    // A large block is gone once freed: it is reported as not allocated.
    let big = h.malloc(Domain::Mem, 4_000).unwrap();
    // SAFETY: as above.
    unsafe {
        h.try_free(Domain::Mem, big).unwrap();
        let fault = h.try_free(Domain::Mem, big).unwrap_err();
        assert_eq!(
            fault,
            HeapFault::NotAllocated {
                address: big.as_ptr() as usize
            }
        );
    }
    assert_eq!(h.stats().blocks_in_use, 0);
}

#[test]
fn wild_pointers_are_reported_not_read() {
    let mut h = debug_heap();
    let keep = h.malloc(Domain::Object, 16).unwrap();
    let stack_value = 0u64;
    let wild = [
        NonNull::from(&stack_value).cast::<u8>(),
        NonNull::new(16 as *mut u8).unwrap(),
        NonNull::new(usize::MAX as *mut u8).unwrap(),
        NonNull::new(keep.as_ptr().wrapping_add(8)).unwrap(), // inside a live block
    ];
    for p in wild {
        // SAFETY: with the hooks any pointer may be passed.
        let fault = unsafe { h.try_free(Domain::Object, p) }.unwrap_err();
        assert_eq!(
            fault,
            HeapFault::NotAllocated {
                address: p.as_ptr() as usize
            }
        );
        assert!(h.check_block(Domain::Object, p).is_err());
        let report = h.describe_fault("_PyMem_DebugRawFree", p, &fault);
        assert!(report.starts_with("Fatal Python error: _PyMem_DebugRawFree: pointer"));
    }
    assert!(h.check_block(Domain::Object, keep).is_ok());
    // SAFETY: live, freed once.
    unsafe { h.free(Domain::Object, keep) };
}

#[test]
fn realloc_moves_and_keeps_contents() {
    let mut h = debug_heap();
    let p = h.malloc(Domain::Mem, 20).unwrap();
    for i in 0..20 {
        poke(p, i, i as u8 + 1);
    }
    // SAFETY: `p` is live; afterwards only the results are used.
    unsafe {
        let q = h.realloc(Domain::Mem, p, 40).unwrap();
        assert_ne!(q, p, "debug realloc always moves");
        assert_eq!(bytes(q, 0, 20), (1..=20).collect::<Vec<u8>>());
        assert_eq!(
            bytes(q, 20, 20),
            vec![PYMEM_CLEANBYTE; 20],
            "new bytes are clean"
        );
        assert_eq!(bytes(q, 40, 8), vec![PYMEM_FORBIDDENBYTE; 8]);
        assert_eq!(bytes(q, -16, 8), 40u64.to_be_bytes());
        let r = h.realloc(Domain::Mem, q, 5).unwrap();
        assert_eq!(bytes(r, 0, 5), vec![1, 2, 3, 4, 5]);
        assert_eq!(bytes(r, 5, 8), vec![PYMEM_FORBIDDENBYTE; 8]);
        let s = h.realloc(Domain::Mem, r, 5_000).unwrap();
        assert_eq!(bytes(s, 0, 5), vec![1, 2, 3, 4, 5]);
        h.free(Domain::Mem, s);
    }
    assert_eq!(h.stats().blocks_in_use, 0);
}

#[test]
fn leak_report_lists_live_blocks() {
    let mut h = debug_heap();
    let a = h.malloc(Domain::Mem, 24).unwrap();
    let b = h.malloc(Domain::Object, 16).unwrap();
    for i in 0..16 {
        poke(b, i, 0x2a);
    }
    let live = h.live_blocks().unwrap();
    assert_eq!(live.len(), 2);
    assert!(live.contains(&LiveBlock {
        address: a.as_ptr() as usize,
        domain: Domain::Mem,
        size: 24
    }));
    let mut report = String::new();
    h.write_leak_report(&mut report).unwrap();
    assert!(report.starts_with(
        "2 blocks still allocated: raw 0 (0 bytes), mem 1 (48 bytes), object 1 (48 bytes)\n"
    ));
    assert!(report.contains(&format!(
        "    p={:#x} API 'o', 16 bytes: 2a 2a 2a 2a 2a 2a 2a 2a ...\n",
        b.as_ptr() as usize
    )));
    // SAFETY: live, freed once.
    unsafe {
        h.free(Domain::Mem, a);
        h.free(Domain::Object, b);
    }
    let mut report = String::new();
    h.write_leak_report(&mut report).unwrap();
    assert_eq!(
        report,
        "0 blocks still allocated: raw 0 (0 bytes), mem 0 (0 bytes), object 0 (0 bytes)\n"
    );
    assert_eq!(h.live_blocks(), Some(vec![]));
    assert_eq!(Allocator::new(Config::default()).live_blocks(), None);
}

#[test]
fn malloc_debug_mode_works_without_pymalloc() {
    let mut h = Allocator::new(Config::from_pythonmalloc("malloc_debug").unwrap());
    let p = h.malloc(Domain::Object, 16).unwrap();
    assert!(!h.in_arena(p.as_ptr()));
    // SAFETY: the hooks check first.
    let fault = unsafe { h.try_free(Domain::Raw, p) }.unwrap_err();
    assert_eq!(
        fault,
        HeapFault::ApiMismatch {
            allocated: 'o',
            verified: 'r'
        }
    );
    // SAFETY: still live.
    unsafe { h.free(Domain::Object, p) };
}

// ---------------------------------------------------------------------------------------
// The real thing: `free` of a corrupted block prints the report and aborts. Each test runs
// itself again in a child process, which performs the bad free.

const CHILD_ENV: &str = "PYHEAP_ALLOC_ABORT_CHILD";

fn run_child(test_name: &str) -> (Option<i32>, String) {
    use std::os::unix::process::ExitStatusExt;
    let output = Command::new(std::env::current_exe().unwrap())
        .args([test_name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, "1")
        .output()
        .unwrap();
    (
        output.status.signal(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn hook(fault: &HeapFault) {
    eprintln!("\nfatal hook saw: {fault:?}");
}

#[test]
fn overflow_aborts_the_process() {
    if std::env::var_os(CHILD_ENV).is_some() {
        let mut h = debug_heap();
        h.set_fatal_hook(Some(hook));
        let p = h.malloc(Domain::Mem, 10).unwrap();
        for i in 0..11 {
            poke(p, i, 0x41);
        }
        // SAFETY: the hooks check first; this aborts.
        unsafe { h.free(Domain::Mem, p) };
        unreachable!("free of a corrupted block returned");
    }
    let (signal, stderr) = run_child("overflow_aborts_the_process");
    assert_eq!(signal, Some(libc::SIGABRT), "{stderr}");
    assert!(
        stderr.contains("        at tail+0: 0x41 *** OUCH\n"),
        "{stderr}"
    );
    assert!(stderr.contains("Fatal Python error: _PyMem_DebugRawFree: bad trailing pad byte\nPython runtime state: initialized\n"));
    assert!(stderr.contains("fatal hook saw: BadTrailingPad"));
}

#[test]
fn api_mismatch_aborts_the_process() {
    if std::env::var_os(CHILD_ENV).is_some() {
        let mut h = debug_heap();
        let p = h.malloc(Domain::Object, 16).unwrap();
        // SAFETY: the hooks check first; this aborts.
        unsafe { h.free(Domain::Mem, p) };
        unreachable!("free in the wrong domain returned");
    }
    let (signal, stderr) = run_child("api_mismatch_aborts_the_process");
    assert_eq!(signal, Some(libc::SIGABRT), "{stderr}");
    assert!(stderr.contains(
        "Fatal Python error: _PyMem_DebugRawFree: bad ID: Allocated using API 'o', verified using API 'm'\n"
    ));
}

#[test]
fn realloc_of_a_corrupted_block_aborts_the_process() {
    if std::env::var_os(CHILD_ENV).is_some() {
        let mut h = debug_heap();
        let p = h.malloc(Domain::Mem, 10).unwrap();
        poke(p, -3, 0);
        // SAFETY: the hooks check first; this aborts.
        let _ = unsafe { h.realloc(Domain::Mem, p, 100) };
        unreachable!("realloc of a corrupted block returned");
    }
    let (signal, stderr) = run_child("realloc_of_a_corrupted_block_aborts_the_process");
    assert_eq!(signal, Some(libc::SIGABRT), "{stderr}");
    assert!(stderr.contains("Fatal Python error: _PyMem_DebugRawRealloc: bad leading pad byte\n"));
}
