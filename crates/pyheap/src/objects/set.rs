//! `set` and `frozenset`: CPython 3.11's open-addressing hash table of keys.
//!
//! ```text
//!   PySetObject (200 B + 16 GC): refcnt, type, fill, used, mask, table, hash, finger,
//!                                smalltable[8] × {key, hash}, weakreflist
//! ```
//!
//! A set starts with `table` pointing at its own inline 8-slot `smalltable`; larger tables
//! (powers of two) are separate `PyMem` blocks of 16-byte entries, so `sys.getsizeof` is
//! 216 up to 4 keys, then 728, 2264, ... A slot is *unused* (null key, hash 0), *active*,
//! or a *dummy* left by a deletion (the dummy marker, hash -1). `fill` counts active plus
//! dummy slots, `used` only the active ones.
//!
//! Probing follows CPython: from `hash & mask`, look at up to 9 following slots (linear
//! probing, when they fit before the end of the table), then jump with the perturbed
//! recurrence `i = 5*i + 1 + (perturb >>= 5)`. Inserting into an unused slot makes the
//! table grow once `fill*5 >= mask*3`, to the smallest power of two greater than
//! `used*4` (`used*2` past 50000 keys), which also drops the dummies. Because the layout
//! and the probe sequence are the same, so is the iteration order (table order).
//!
//! Comparing keys may run Python code (`__eq__`) that changes the set; every probe
//! re-reads the table afterwards and starts over when it was replaced, as CPython does.
//! Nothing here keeps a Rust reference into the table across such a call.

use super::descr::MethodDef;
use super::exceptions::{key_error, new_err, runtime_error, type_error};
use super::{alloc_object, is_exact, is_instance, owned};
use crate::heap;
use crate::object::{decref, incref, Obj, PyObject};
use crate::ops::{self, BinOp};
use crate::runtime::{rt, PyResult};
use crate::typeobj::{CompareOp, Kind, TypeObject};
use std::ptr::NonNull;

/// Slots in the inline table (`PySet_MINSIZE`).
pub const MINSIZE: usize = 8;
/// `sizeof(PySetObject)`.
pub const BASIC_SIZE: usize = 200;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

/// One table slot (`setentry`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct SetEntry {
    pub key: *mut PyObject,
    pub hash: isize,
}

const UNUSED: SetEntry = SetEntry {
    key: std::ptr::null_mut(),
    hash: 0,
};

/// `PySetObject`.
#[repr(C)]
pub struct SetObject {
    pub ob_base: PyObject,
    pub fill: isize,
    pub used: isize,
    pub mask: isize,
    pub table: *mut SetEntry,
    /// The cached hash of a frozenset, or -1.
    pub hash: isize,
    /// Where `pop` resumes its search.
    pub finger: isize,
    pub smalltable: [SetEntry; MINSIZE],
    pub weakreflist: *mut PyObject,
}

const _: () = assert!(std::mem::size_of::<SetObject>() == BASIC_SIZE);
const _: () = assert!(std::mem::size_of::<SetEntry>() == 16);

/// Offset of `weakreflist`, the type's `tp_weaklistoffset`.
pub const WEAKLIST_OFFSET: usize = std::mem::offset_of!(SetObject, weakreflist);

/// The marker stored in deleted slots (CPython's `dummy`). Only its address is used: it
/// is compared with keys and never dereferenced or reference-counted.
static DUMMY_MARK: u8 = 0;

#[inline]
fn dummy() -> *mut PyObject {
    std::ptr::addr_of!(DUMMY_MARK) as *mut PyObject
}

#[inline]
fn is_active(e: SetEntry) -> bool {
    !e.key.is_null() && e.key != dummy()
}

/// A set object seen through a raw pointer: field reads and writes go through the pointer
/// one at a time, so no Rust reference to the object or its table outlives a single access
/// (Python code run by a comparison may change the set between two accesses).
#[derive(Clone, Copy)]
struct Raw(*mut SetObject);

impl Raw {
    /// # Safety
    /// `p` is a live object with the set layout.
    unsafe fn from_ptr(p: *mut PyObject) -> Raw {
        let s = Raw(p as *mut SetObject);
        // SAFETY: p is a live set-layout object (caller contract). An instance made by a
        // bare allocation (e.g. `object.__new__` on a subclass) is all zeroes; give it the
        // empty-set state so the table pointer is always valid.
        unsafe {
            if (*s.0).table.is_null() {
                (*s.0).mask = MINSIZE as isize - 1;
                (*s.0).table = s.small();
                (*s.0).hash = -1;
            }
        }
        s
    }

    #[inline]
    fn of(o: &Obj) -> Raw {
        // SAFETY: callers pass objects of kind Set/FrozenSet, which have this layout, and
        // hold a reference to them for as long as the Raw is used.
        unsafe { Raw::from_ptr(o.as_ptr()) }
    }

    #[inline]
    fn fill(self) -> usize {
        // SAFETY: live set (see `of`).
        unsafe { (*self.0).fill as usize }
    }
    #[inline]
    fn used(self) -> usize {
        // SAFETY: live set.
        unsafe { (*self.0).used as usize }
    }
    #[inline]
    fn mask(self) -> usize {
        // SAFETY: live set.
        unsafe { (*self.0).mask as usize }
    }
    #[inline]
    fn table(self) -> *mut SetEntry {
        // SAFETY: live set.
        unsafe { (*self.0).table }
    }
    #[inline]
    fn hash(self) -> isize {
        // SAFETY: live set.
        unsafe { (*self.0).hash }
    }
    #[inline]
    fn set_fill(self, v: usize) {
        // SAFETY: live set.
        unsafe { (*self.0).fill = v as isize }
    }
    #[inline]
    fn set_used(self, v: usize) {
        // SAFETY: live set.
        unsafe { (*self.0).used = v as isize }
    }
    #[inline]
    fn set_mask(self, v: usize) {
        // SAFETY: live set.
        unsafe { (*self.0).mask = v as isize }
    }
    #[inline]
    fn set_table(self, t: *mut SetEntry) {
        // SAFETY: live set.
        unsafe { (*self.0).table = t }
    }
    #[inline]
    fn set_hash(self, h: isize) {
        // SAFETY: live set.
        unsafe { (*self.0).hash = h }
    }
    /// The inline table.
    #[inline]
    fn small(self) -> *mut SetEntry {
        // SAFETY: live set; taking the field's address creates no reference.
        unsafe { std::ptr::addr_of_mut!((*self.0).smalltable) as *mut SetEntry }
    }
    #[inline]
    fn is_small(self) -> bool {
        self.table() == self.small()
    }
    /// Slot `i` of the current table.
    #[inline]
    fn entry(self, i: usize) -> SetEntry {
        debug_assert!(i <= self.mask());
        // SAFETY: the table has mask+1 slots and i <= mask.
        unsafe { *self.table().add(i) }
    }
    #[inline]
    fn put(self, i: usize, e: SetEntry) {
        debug_assert!(i <= self.mask());
        // SAFETY: as `entry`.
        unsafe { *self.table().add(i) = e }
    }
    /// Resets to an empty set on the (zeroed) inline table; the old table's contents are the
    /// caller's to release.
    fn empty_to_minsize(self) {
        // SAFETY: live set; the inline table has MINSIZE slots.
        unsafe { std::ptr::write_bytes(self.small(), 0, MINSIZE) };
        self.set_fill(0);
        self.set_used(0);
        self.set_mask(MINSIZE - 1);
        self.set_table(self.small());
        self.set_hash(-1);
    }
}

/// Whether `o` has the set layout (`PyAnySet_Check`).
#[inline]
pub fn is_anyset(o: &Obj) -> bool {
    matches!(o.typ().kind, Kind::Set | Kind::FrozenSet)
}

/// `PyAnySet_CheckExact`.
fn is_anyset_exact(o: &Obj) -> bool {
    let r = rt();
    is_exact(o, r.types.set) || is_exact(o, r.types.frozenset)
}

pub fn len(o: &Obj) -> usize {
    Raw::of(o).used()
}

// ---------------------------------------------------------------- probing

/// `set_lookkey`: the index of the slot holding `key`, or of the unused slot that ends its
/// probe sequence (its key is null). Valid for the table current when it returns.
fn lookkey(o: &Obj, key: &Obj, hash: isize) -> PyResult<usize> {
    let s = Raw::of(o);
    'restart: loop {
        let mut mask = s.mask();
        let mut perturb = hash as usize;
        let mut i = hash as usize & mask;
        loop {
            let mut probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            let mut j = i;
            loop {
                let e = s.entry(j);
                if e.hash == 0 && e.key.is_null() {
                    return Ok(j);
                }
                if e.hash == hash {
                    if e.key == key.as_ptr() {
                        return Ok(j);
                    }
                    let table = s.table();
                    // SAFETY: an entry whose hash is not -1 is active and owns its key; the
                    // new reference keeps it alive through the comparison.
                    let startkey = unsafe { Obj::from_borrowed(e.key) };
                    let cmp = ops::eq(&startkey, key);
                    drop(startkey);
                    let cmp = cmp?;
                    if s.table() != table || j > s.mask() || s.entry(j).key != e.key {
                        continue 'restart;
                    }
                    if cmp {
                        return Ok(j);
                    }
                    mask = s.mask();
                }
                if probes == 0 {
                    break;
                }
                probes -= 1;
                j += 1;
            }
            perturb >>= PERTURB_SHIFT;
            i = i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb) & mask;
        }
    }
}

/// `set_add_entry`: inserts `key` unless an equal key is present.
fn add_entry(o: &Obj, key: &Obj, hash: isize) -> PyResult<()> {
    let s = Raw::of(o);
    // Our own reference to the key, taken before any comparison can run code that might
    // release the caller's; it moves into the table on insertion.
    let key = key.clone();
    'restart: loop {
        let mut mask = s.mask();
        let mut perturb = hash as usize;
        let mut i = hash as usize & mask;
        let mut freeslot: Option<usize> = None;
        let slot = 'probe: loop {
            let mut probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            let mut j = i;
            loop {
                let e = s.entry(j);
                if e.hash == 0 && e.key.is_null() {
                    break 'probe j;
                }
                if e.hash == hash {
                    if e.key == key.as_ptr() {
                        return Ok(());
                    }
                    let table = s.table();
                    // SAFETY: an entry with this hash (not -1) is active and owns its key;
                    // the new reference keeps it alive through the comparison.
                    let startkey = unsafe { Obj::from_borrowed(e.key) };
                    let cmp = ops::eq(&startkey, &key);
                    drop(startkey);
                    if cmp? {
                        return Ok(());
                    }
                    if s.table() != table || j > s.mask() || s.entry(j).key != e.key {
                        continue 'restart;
                    }
                    mask = s.mask();
                } else if e.hash == -1 {
                    freeslot = Some(j);
                }
                if probes == 0 {
                    break;
                }
                probes -= 1;
                j += 1;
            }
            perturb >>= PERTURB_SHIFT;
            i = i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb) & mask;
        };
        if let Some(f) = freeslot {
            s.put(
                f,
                SetEntry {
                    key: key.into_raw(),
                    hash,
                },
            );
            s.set_used(s.used() + 1);
            return Ok(());
        }
        s.put(
            slot,
            SetEntry {
                key: key.into_raw(),
                hash,
            },
        );
        s.set_fill(s.fill() + 1);
        s.set_used(s.used() + 1);
        if s.fill() * 5 < mask * 3 {
            return Ok(());
        }
        let used = s.used();
        return table_resize(o, if used > 50000 { used * 2 } else { used * 4 });
    }
}

/// `set_insert_clean`: places a key known to be absent into a table without dummies.
/// Reference counts and the fill/used counters are the caller's business.
///
/// # Safety
/// `table` has `mask + 1` slots and at least one of them is unused.
unsafe fn insert_clean(table: *mut SetEntry, mask: usize, key: *mut PyObject, hash: isize) {
    let mut perturb = hash as usize;
    let mut i = hash as usize & mask;
    // SAFETY: every index read is <= mask (linear probing only when i + 9 <= mask).
    unsafe {
        loop {
            if (*table.add(i)).key.is_null() {
                *table.add(i) = SetEntry { key, hash };
                return;
            }
            if i + LINEAR_PROBES <= mask {
                for j in i + 1..=i + LINEAR_PROBES {
                    if (*table.add(j)).key.is_null() {
                        *table.add(j) = SetEntry { key, hash };
                        return;
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb) & mask;
        }
    }
}

/// `set_table_resize`: rebuilds the table with the smallest power of two above `minused`
/// slots (at least 8), dropping dummies. Runs no Python code.
fn table_resize(o: &Obj, minused: usize) -> PyResult<()> {
    let s = Raw::of(o);
    let mut newsize = MINSIZE;
    while newsize <= minused {
        newsize = newsize.checked_mul(2).ok_or_else(super::memory_error)?;
    }
    let oldtable = s.table();
    let oldmask = s.mask();
    let old_malloced = !s.is_small();
    let mut small_copy = [UNUSED; MINSIZE];
    let mut src: *const SetEntry = oldtable;
    let newtable = if newsize == MINSIZE {
        if !old_malloced {
            if s.fill() == s.used() {
                // Already minimal and without dummies.
                return Ok(());
            }
            // Rebuilding the inline table in place: work from a copy.
            // SAFETY: the inline table has MINSIZE slots; small_copy is a separate array.
            unsafe { std::ptr::copy_nonoverlapping(oldtable, small_copy.as_mut_ptr(), MINSIZE) };
            src = small_copy.as_ptr();
        }
        s.small()
    } else {
        let bytes = newsize
            .checked_mul(std::mem::size_of::<SetEntry>())
            .ok_or_else(super::memory_error)?;
        heap::mem_malloc(bytes)
            .map_err(|_| super::memory_error())?
            .as_ptr() as *mut SetEntry
    };
    // SAFETY: newtable has newsize slots (inline table when newsize == MINSIZE).
    unsafe { std::ptr::write_bytes(newtable, 0, newsize) };
    s.set_mask(newsize - 1);
    s.set_table(newtable);
    let no_dummies = s.fill() == s.used();
    if !no_dummies {
        s.set_fill(s.used());
    }
    for k in 0..=oldmask {
        // SAFETY: src is the old table (or its copy) with oldmask+1 slots.
        let e = unsafe { *src.add(k) };
        if !e.key.is_null() && (no_dummies || e.key != dummy()) {
            // SAFETY: the new table is larger than the number of keys moved into it.
            unsafe { insert_clean(newtable, newsize - 1, e.key, e.hash) };
        }
    }
    if old_malloced {
        // SAFETY: a table other than the inline one came from mem_malloc; nothing refers
        // to it any more.
        unsafe { heap::mem_free(NonNull::new_unchecked(oldtable as *mut u8)) };
    }
    Ok(())
}

fn contains_entry(o: &Obj, key: &Obj, hash: isize) -> PyResult<bool> {
    let j = lookkey(o, key, hash)?;
    Ok(!Raw::of(o).entry(j).key.is_null())
}

/// `set_discard_entry`: whether the key was present.
fn discard_entry(o: &Obj, key: &Obj, hash: isize) -> PyResult<bool> {
    let j = lookkey(o, key, hash)?;
    let s = Raw::of(o);
    let e = s.entry(j);
    if e.key.is_null() {
        return Ok(false);
    }
    s.put(
        j,
        SetEntry {
            key: dummy(),
            hash: -1,
        },
    );
    s.set_used(s.used() - 1);
    // SAFETY: the table owned this reference; the set is consistent before it is released.
    unsafe { decref(e.key) };
    Ok(true)
}

fn add_key(o: &Obj, key: &Obj) -> PyResult<()> {
    let hash = ops::hash(key)?;
    add_entry(o, key, hash)
}

fn contains_key(o: &Obj, key: &Obj) -> PyResult<bool> {
    let hash = ops::hash(key)?;
    contains_entry(o, key, hash)
}

fn discard_key(o: &Obj, key: &Obj) -> PyResult<bool> {
    let hash = ops::hash(key)?;
    discard_entry(o, key, hash)
}

/// `set_clear_internal`: empties the set first, then releases the keys in table order, so
/// code run by a release sees an empty set.
fn clear_internal(o: &Obj) {
    let s = Raw::of(o);
    let table = s.table();
    let fill = s.fill();
    let mut used = s.used();
    let malloced = !s.is_small();
    let mut small_copy = [UNUSED; MINSIZE];
    let src: *const SetEntry = if malloced {
        s.empty_to_minsize();
        table
    } else if fill > 0 {
        // SAFETY: the inline table has MINSIZE slots; small_copy is a separate array.
        unsafe { std::ptr::copy_nonoverlapping(table, small_copy.as_mut_ptr(), MINSIZE) };
        s.empty_to_minsize();
        small_copy.as_ptr()
    } else {
        return;
    };
    let mut k = 0;
    while used > 0 {
        // SAFETY: `used` active keys lie within the old table (or its copy), which only
        // this function can reach now.
        let e = unsafe { *src.add(k) };
        if is_active(e) {
            used -= 1;
            // SAFETY: the old table owned this reference.
            unsafe { decref(e.key) };
        }
        k += 1;
    }
    if malloced {
        // SAFETY: a table other than the inline one came from mem_malloc.
        unsafe { heap::mem_free(NonNull::new_unchecked(table as *mut u8)) };
    }
}

/// `set_next`: the next active key at or after `*pos`, with its hash.
fn next_entry(o: &Obj, pos: &mut usize) -> Option<(Obj, isize)> {
    let s = Raw::of(o);
    let mask = s.mask();
    let mut i = *pos;
    while i <= mask {
        let e = s.entry(i);
        if is_active(e) {
            *pos = i + 1;
            // SAFETY: active entries own their keys.
            return Some((unsafe { Obj::from_borrowed(e.key) }, e.hash));
        }
        i += 1;
    }
    *pos = i;
    None
}

/// The keys in table (iteration) order.
pub fn items(o: &Obj) -> Vec<Obj> {
    let mut v = Vec::with_capacity(len(o));
    let mut pos = 0;
    while let Some((k, _)) = next_entry(o, &mut pos) {
        v.push(k);
    }
    v
}

// ---------------------------------------------------------------- bulk operations

/// `set_merge`: adds every key of another set or frozenset.
fn merge(o: &Obj, other: &Obj) -> PyResult<()> {
    let (s, t) = (Raw::of(o), Raw::of(other));
    if o.is(other) || t.used() == 0 {
        return Ok(());
    }
    // One resize up front, expecting few common keys.
    if (s.fill() + t.used()) * 5 >= s.mask() * 3 {
        table_resize(o, (s.used() + t.used()) * 2)?;
    }
    if s.fill() == 0 && s.mask() == t.mask() && t.fill() == t.used() {
        // Same size, empty target, no dummies: copy slot by slot.
        for i in 0..=t.mask() {
            let e = t.entry(i);
            if !e.key.is_null() {
                // SAFETY: the target's new slot takes its own reference.
                unsafe { incref(e.key) };
                s.put(i, e);
            }
        }
        s.set_fill(t.fill());
        s.set_used(t.used());
        return Ok(());
    }
    if s.fill() == 0 {
        // Empty target: no comparisons needed.
        let (table, mask) = (s.table(), s.mask());
        s.set_fill(t.used());
        s.set_used(t.used());
        for i in 0..=t.mask() {
            let e = t.entry(i);
            if is_active(e) {
                // SAFETY: the target takes its own reference; its table has room for all
                // of other's keys after the resize above.
                unsafe {
                    incref(e.key);
                    insert_clean(table, mask, e.key, e.hash);
                }
            }
        }
        return Ok(());
    }
    let mut i = 0;
    while i <= t.mask() {
        let e = t.entry(i);
        if is_active(e) {
            // SAFETY: active entries own their keys.
            let k = unsafe { Obj::from_borrowed(e.key) };
            add_entry(o, &k, e.hash)?;
        }
        i += 1;
    }
    Ok(())
}

/// `set_update_internal`: adds the items of any iterable (sets merge table to table; dicts
/// presize for their keys).
pub fn update_internal(o: &Obj, other: &Obj) -> PyResult<()> {
    if is_anyset(other) {
        return merge(o, other);
    }
    if is_exact(other, rt().types.dict) {
        let s = Raw::of(o);
        let dictsize = super::dict::len(other);
        if (s.fill() + dictsize) * 5 >= s.mask() * 3 {
            table_resize(o, (s.used() + dictsize) * 2)?;
        }
        for k in super::dict::keys_vec(other) {
            let hash = ops::hash(&k)?;
            add_entry(o, &k, hash)?;
        }
        return Ok(());
    }
    let it = ops::iter(other)?;
    while let Some(k) = ops::next(&it)? {
        add_key(o, &k)?;
    }
    Ok(())
}

/// `make_new_set`: a new (tracked) set or frozenset of type `tp`, filled from `iterable`.
fn make_new_set(tp: *mut TypeObject, iterable: Option<&Obj>) -> PyResult<Obj> {
    // SAFETY: tp is a live type with the set layout (set, frozenset or a subclass).
    let size = unsafe { (*tp).basicsize };
    // SAFETY: as above, tp is a live type.
    let p = unsafe { alloc_object(tp, size) }?;
    // SAFETY: p is a fresh zeroed object of `size` bytes with one reference, which we own;
    // from_ptr gives it the empty state (inline table, hash -1).
    let o = unsafe {
        Raw::from_ptr(p);
        owned(p)
    };
    // SAFETY: fields are valid; the object is not yet tracked.
    unsafe { crate::gc::track(p) };
    if let Some(it) = iterable {
        update_internal(&o, it)?;
    }
    Ok(o)
}

/// `make_new_set_basetype`: results of set operations are plain sets or frozensets.
fn make_new_set_basetype(tp: *mut TypeObject, iterable: Option<&Obj>) -> PyResult<Obj> {
    let r = rt();
    let mut t = tp;
    if t != r.types.set && t != r.types.frozenset {
        // SAFETY: tp is a live type.
        t = if unsafe { (*tp).is_subtype(r.types.set) } {
            r.types.set
        } else {
            r.types.frozenset
        };
    }
    make_new_set(t, iterable)
}

/// `set_swap_bodies`: exchanges the contents of two sets (inline tables are copied).
fn swap_bodies(a: &Obj, b: &Obj) {
    let (x, y) = (Raw::of(a), Raw::of(b));
    let (xf, xu, xm) = (x.fill(), x.used(), x.mask());
    x.set_fill(y.fill());
    x.set_used(y.used());
    x.set_mask(y.mask());
    y.set_fill(xf);
    y.set_used(xu);
    y.set_mask(xm);
    let (x_small, y_small) = (x.is_small(), y.is_small());
    let (xt, yt) = (x.table(), y.table());
    x.set_table(if y_small { x.small() } else { yt });
    y.set_table(if x_small { y.small() } else { xt });
    if x_small || y_small {
        // SAFETY: two distinct live sets' inline tables of MINSIZE slots each.
        unsafe { std::ptr::swap_nonoverlapping(x.small(), y.small(), MINSIZE) };
    }
    let r = rt();
    if a.typ().is_subtype(r.types.frozenset) && b.typ().is_subtype(r.types.frozenset) {
        let h = x.hash();
        x.set_hash(y.hash());
        y.set_hash(h);
    } else {
        x.set_hash(-1);
        y.set_hash(-1);
    }
}

fn set_copy(o: &Obj) -> PyResult<Obj> {
    make_new_set_basetype(o.type_ptr(), Some(o))
}

fn frozenset_copy(o: &Obj) -> PyResult<Obj> {
    if is_exact(o, rt().types.frozenset) {
        return Ok(o.clone());
    }
    set_copy(o)
}

fn union(o: &Obj, others: &[Obj]) -> PyResult<Obj> {
    let result = set_copy(o)?;
    for other in others {
        if o.is(other) {
            continue;
        }
        update_internal(&result, other)?;
    }
    Ok(result)
}

/// `set_intersection`.
fn intersection(o: &Obj, other: &Obj) -> PyResult<Obj> {
    if o.is(other) {
        return set_copy(o);
    }
    let result = make_new_set_basetype(o.type_ptr(), None)?;
    if is_anyset(other) {
        // Walk the smaller set, probing the larger.
        let (big, small) = if len(other) > len(o) {
            (other, o)
        } else {
            (o, other)
        };
        let mut pos = 0;
        while let Some((key, hash)) = next_entry(small, &mut pos) {
            if contains_entry(big, &key, hash)? {
                add_entry(&result, &key, hash)?;
            }
        }
        return Ok(result);
    }
    let it = ops::iter(other)?;
    while let Some(key) = ops::next(&it)? {
        let hash = ops::hash(&key)?;
        if contains_entry(o, &key, hash)? {
            add_entry(&result, &key, hash)?;
            if len(&result) >= len(o) {
                break;
            }
        }
    }
    Ok(result)
}

fn intersection_multi(o: &Obj, others: &[Obj]) -> PyResult<Obj> {
    if others.is_empty() {
        return set_copy(o);
    }
    let mut result = o.clone();
    for other in others {
        result = intersection(&result, other)?;
    }
    Ok(result)
}

fn intersection_update(o: &Obj, other: &Obj) -> PyResult<()> {
    let tmp = intersection(o, other)?;
    swap_bodies(o, &tmp);
    Ok(())
}

/// `set_isdisjoint`.
fn isdisjoint(o: &Obj, other: &Obj) -> PyResult<bool> {
    if o.is(other) {
        return Ok(len(o) == 0);
    }
    if is_anyset_exact(other) {
        let (big, small) = if len(other) > len(o) {
            (other, o)
        } else {
            (o, other)
        };
        let mut pos = 0;
        while let Some((key, hash)) = next_entry(small, &mut pos) {
            if contains_entry(big, &key, hash)? {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    let it = ops::iter(other)?;
    while let Some(key) = ops::next(&it)? {
        if contains_key(o, &key)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `set_difference_update_internal`.
fn difference_update_internal(o: &Obj, other: &Obj) -> PyResult<()> {
    if o.is(other) {
        clear_internal(o);
        return Ok(());
    }
    if is_anyset(other) {
        // When other is much larger, only the common keys matter.
        let other = if (len(other) >> 3) > len(o) {
            intersection(o, other)?
        } else {
            other.clone()
        };
        let mut pos = 0;
        while let Some((key, hash)) = next_entry(&other, &mut pos) {
            discard_entry(o, &key, hash)?;
        }
    } else {
        let it = ops::iter(other)?;
        while let Some(key) = ops::next(&it)? {
            discard_key(o, &key)?;
        }
    }
    // Resize away the dummies once they exceed a quarter of the table.
    let s = Raw::of(o);
    if s.fill() - s.used() <= s.mask() / 4 {
        return Ok(());
    }
    let used = s.used();
    table_resize(o, if used > 50000 { used * 2 } else { used * 4 })
}

fn copy_and_difference(o: &Obj, other: &Obj) -> PyResult<Obj> {
    let result = set_copy(o)?;
    difference_update_internal(&result, other)?;
    Ok(result)
}

/// `set_difference`.
fn difference(o: &Obj, other: &Obj) -> PyResult<Obj> {
    let r = rt();
    let other_is_dict = is_exact(other, r.types.dict);
    let other_size = if is_anyset(other) {
        len(other)
    } else if other_is_dict {
        super::dict::len(other)
    } else {
        return copy_and_difference(o, other);
    };
    if (len(o) >> 2) > other_size {
        return copy_and_difference(o, other);
    }
    let result = make_new_set_basetype(o.type_ptr(), None)?;
    let mut pos = 0;
    while let Some((key, hash)) = next_entry(o, &mut pos) {
        let present = if other_is_dict {
            super::dict::contains(other, &key)?
        } else {
            contains_entry(other, &key, hash)?
        };
        if !present {
            add_entry(&result, &key, hash)?;
        }
    }
    Ok(result)
}

fn difference_multi(o: &Obj, others: &[Obj]) -> PyResult<Obj> {
    let Some((first, rest)) = others.split_first() else {
        return set_copy(o);
    };
    let result = difference(o, first)?;
    for other in rest {
        difference_update_internal(&result, other)?;
    }
    Ok(result)
}

/// `set_symmetric_difference_update`.
fn symmetric_difference_update(o: &Obj, other: &Obj) -> PyResult<()> {
    if o.is(other) {
        clear_internal(o);
        return Ok(());
    }
    if is_exact(other, rt().types.dict) {
        for key in super::dict::keys_vec(other) {
            let hash = ops::hash(&key)?;
            if !discard_entry(o, &key, hash)? {
                add_entry(o, &key, hash)?;
            }
        }
        return Ok(());
    }
    let otherset = if is_anyset(other) {
        other.clone()
    } else {
        make_new_set_basetype(o.type_ptr(), Some(other))?
    };
    let mut pos = 0;
    while let Some((key, hash)) = next_entry(&otherset, &mut pos) {
        if !discard_entry(o, &key, hash)? {
            add_entry(o, &key, hash)?;
        }
    }
    Ok(())
}

fn symmetric_difference(o: &Obj, other: &Obj) -> PyResult<Obj> {
    let otherset = make_new_set_basetype(o.type_ptr(), Some(other))?;
    symmetric_difference_update(&otherset, o)?;
    Ok(otherset)
}

/// `set_issubset`.
fn issubset(o: &Obj, other: &Obj) -> PyResult<bool> {
    if !is_anyset(other) {
        let tmp = make_new_set(rt().types.set, Some(other))?;
        return issubset(o, &tmp);
    }
    if len(o) > len(other) {
        return Ok(false);
    }
    let mut pos = 0;
    while let Some((key, hash)) = next_entry(o, &mut pos) {
        if !contains_entry(other, &key, hash)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `set_issuperset`.
fn issuperset(o: &Obj, other: &Obj) -> PyResult<bool> {
    if is_anyset(other) {
        return issubset(other, o);
    }
    let it = ops::iter(other)?;
    while let Some(key) = ops::next(&it)? {
        if !contains_key(o, &key)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `set_pop`: removes the first active key at or after the finger.
fn pop(o: &Obj) -> PyResult<Obj> {
    let s = Raw::of(o);
    if s.used() == 0 {
        return Err(new_err(rt().exc.key_error, "pop from an empty set"));
    }
    let mask = s.mask();
    // SAFETY: live set.
    let mut i = unsafe { (*s.0).finger } as usize & mask;
    while !is_active(s.entry(i)) {
        i += 1;
        if i > mask {
            i = 0;
        }
    }
    let key = s.entry(i).key;
    s.put(
        i,
        SetEntry {
            key: dummy(),
            hash: -1,
        },
    );
    s.set_used(s.used() - 1);
    // SAFETY: live set.
    unsafe { (*s.0).finger = i as isize + 1 };
    // SAFETY: the table's reference moves to the caller.
    Ok(unsafe { Obj::from_owned(key) })
}

/// Retries a lookup that failed with TypeError for a `set` key with the equivalent
/// frozenset (`{1} in {frozenset({1})}`), as `set_contains`/`set_remove` do.
fn with_frozen_key<T>(key: &Obj, f: impl Fn(&Obj) -> PyResult<T>) -> PyResult<T> {
    match f(key) {
        Err(e) if ops::kind(key) == Kind::Set && is_instance(&e.0, rt().exc.type_error) => {
            drop(e);
            let tmp = make_new_set(rt().types.frozenset, Some(key))?;
            f(&tmp)
        }
        r => r,
    }
}

// ---------------------------------------------------------------- entry points

/// `BUILD_SET`: a new set with these items, added in order.
pub fn new_set_from(items: Vec<Obj>) -> PyResult<Obj> {
    let s = make_new_set(rt().types.set, None)?;
    let mut err = None;
    for it in items {
        if err.is_none() {
            if let Err(e) = add_key(&s, &it) {
                err = Some(e);
            }
        }
        drop(it);
    }
    match err {
        Some(e) => Err(e),
        None => Ok(s),
    }
}

/// `SET_ADD` / `PySet_Add`.
pub fn add(s: &Obj, v: &Obj) -> PyResult<()> {
    add_key(s, v)
}

/// `tp_new` of `set` (an empty set; `__init__` fills it) and of `frozenset` (filled here).
pub fn new(cls: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    let r = rt();
    let tp = cls.as_ptr() as *mut TypeObject;
    // SAFETY: cls is a live type object.
    let t = unsafe { &*tp };
    if !t.is_subtype(r.types.frozenset) {
        return make_new_set(tp, None);
    }
    let nkw = kw.map(super::tuple::len).unwrap_or(0);
    if nkw > 0 {
        let own_init = super::typeobject::lookup_str(tp, "__init__")
            .is_some_and(|i| !super::typeobject::is_object_init(&i));
        if tp == r.types.frozenset || !own_init {
            return Err(type_error("frozenset() takes no keyword arguments"));
        }
    }
    let pos = &args[..args.len() - nkw];
    if pos.len() > 1 {
        return Err(type_error(&format!(
            "{} expected at most 1 argument, got {}",
            t.name(),
            pos.len()
        )));
    }
    let iterable = pos.first();
    if tp == r.types.frozenset {
        if let Some(it) = iterable {
            if is_exact(it, r.types.frozenset) {
                return Ok(it.clone());
            }
        }
    }
    make_new_set(tp, iterable)
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: p is a dead set-layout object we own; nothing else can reach it, so its
    // table stays as it is while the keys are released in table order.
    unsafe {
        crate::gc::untrack(p);
        super::weakref::clear_weakrefs(p);
        let s = Raw::from_ptr(p);
        let table = s.table();
        let mut used = s.used();
        let mut k = 0;
        while used > 0 {
            let e = *table.add(k);
            if is_active(e) {
                used -= 1;
                decref(e.key);
            }
            k += 1;
        }
        if table != s.small() {
            heap::mem_free(NonNull::new_unchecked(table as *mut u8));
        }
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a set or frozenset.
pub unsafe fn traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: caller contract.
    let s = unsafe { Raw::from_ptr(p) };
    for i in 0..=s.mask() {
        let e = s.entry(i);
        if is_active(e) {
            visit(e.key);
        }
    }
}

/// # Safety
/// `p` is a set or frozenset found unreachable.
pub unsafe fn clear(p: *mut PyObject) {
    // SAFETY: borrow p as an Obj without changing its count.
    let o = std::mem::ManuallyDrop::new(unsafe { Obj::from_owned(p) });
    clear_internal(&o);
}

/// `set.__sizeof__` for the built-in layout.
pub fn sizeof(o: &Obj) -> usize {
    let s = Raw::of(o);
    BASIC_SIZE
        + if s.is_small() {
            0
        } else {
            (s.mask() + 1) * std::mem::size_of::<SetEntry>()
        }
}

pub fn repr(o: &Obj) -> PyResult<Obj> {
    let name = o.typ().name().to_string();
    crate::ops::repr_guard(o, &format!("{}(...)", name), || {
        if len(o) == 0 {
            return super::str::new_str(&format!("{}()", name));
        }
        let keys = ops::collect(o)?;
        let inner = super::seq::repr_items(&keys)?;
        if is_exact(o, rt().types.set) {
            super::str::new_str(&format!("{{{}}}", inner))
        } else {
            super::str::new_str(&format!("{}({{{}}})", name, inner))
        }
    })
}

pub fn len_slot(o: &Obj) -> PyResult<usize> {
    Ok(len(o))
}

/// `set_contains`: `key in s`.
pub fn contains(o: &Obj, key: &Obj) -> PyResult<bool> {
    with_frozen_key(key, |k| contains_key(o, k))
}

/// `frozenset_hash`: xor of the shuffled hashes of all slots, corrected for the unused and
/// dummy ones, then mixed; cached in the object.
pub fn hash_slot(o: &Obj) -> PyResult<isize> {
    fn shuffle_bits(h: usize) -> usize {
        ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167)
    }
    let s = Raw::of(o);
    if s.hash() != -1 {
        return Ok(s.hash());
    }
    let mut hash: usize = 0;
    for i in 0..=s.mask() {
        hash ^= shuffle_bits(s.entry(i).hash as usize);
    }
    if (s.mask() + 1 - s.fill()) & 1 != 0 {
        hash ^= shuffle_bits(0);
    }
    if (s.fill() - s.used()) & 1 != 0 {
        hash ^= shuffle_bits(usize::MAX);
    }
    hash ^= (s.used() + 1).wrapping_mul(1927868237);
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash.wrapping_mul(69069).wrapping_add(907133923);
    if hash == usize::MAX {
        hash = 590923713;
    }
    s.set_hash(hash as isize);
    Ok(hash as isize)
}

/// `set_richcompare`: equality, and subset/superset ordering.
pub fn richcompare(v: &Obj, w: &Obj, op: CompareOp) -> PyResult<Obj> {
    let r = rt();
    if !is_anyset(w) {
        return Ok(r.not_implemented());
    }
    let equal = || -> PyResult<bool> {
        if len(v) != len(w) {
            return Ok(false);
        }
        let (hv, hw) = (Raw::of(v).hash(), Raw::of(w).hash());
        if hv != -1 && hw != -1 && hv != hw {
            return Ok(false);
        }
        issubset(v, w)
    };
    let res = match op {
        CompareOp::Eq => equal()?,
        CompareOp::Ne => !equal()?,
        CompareOp::Le => issubset(v, w)?,
        CompareOp::Ge => issuperset(v, w)?,
        CompareOp::Lt => len(v) < len(w) && issubset(v, w)?,
        CompareOp::Gt => len(v) > len(w) && issuperset(v, w)?,
    };
    Ok(r.bool_obj(res))
}

/// `a | b`, `a & b`, `a - b`, `a ^ b` when both operands are sets or frozensets (the
/// number slots of `set`); `None` means NotImplemented.
pub fn binary(a: &Obj, b: &Obj, op: BinOp) -> PyResult<Option<Obj>> {
    if !is_anyset(a) || !is_anyset(b) {
        return Ok(None);
    }
    Ok(Some(match op {
        BinOp::Or => {
            let result = set_copy(a)?;
            if !a.is(b) {
                update_internal(&result, b)?;
            }
            result
        }
        BinOp::And => intersection(a, b)?,
        BinOp::Sub => difference(a, b)?,
        BinOp::Xor => symmetric_difference(a, b)?,
        _ => return Ok(None),
    }))
}

/// `a |= b` and friends on a `set` (not a frozenset): updates `a` in place and returns it;
/// `None` (NotImplemented) unless `b` is a set or frozenset.
pub fn inplace(a: &Obj, b: &Obj, op: BinOp) -> PyResult<Option<Obj>> {
    if ops::kind(a) != Kind::Set || !is_anyset(b) {
        return Ok(None);
    }
    match op {
        BinOp::Or => update_internal(a, b)?,
        BinOp::And => intersection_update(a, b)?,
        BinOp::Sub => difference_update_internal(a, b)?,
        BinOp::Xor => symmetric_difference_update(a, b)?,
        _ => return Ok(None),
    }
    Ok(Some(a.clone()))
}

// ---------------------------------------------------------------- iterator

/// `setiterobject` (48 B + 16 GC).
#[repr(C)]
pub struct SetIterObject {
    pub ob_base: PyObject,
    /// The set, or null once exhausted.
    pub si_set: *mut PyObject,
    /// `used` when the iterator was made, to detect size changes.
    pub si_used: isize,
    pub si_pos: isize,
    pub len: isize,
}

pub fn iter(o: &Obj) -> PyResult<Obj> {
    // SAFETY: the runtime's set_iterator type is live.
    let p = unsafe {
        alloc_object(
            rt().types.set_iterator,
            std::mem::size_of::<SetIterObject>(),
        )
    }?;
    // SAFETY: p is a fresh zeroed iterator we own; the iterator takes a reference to o.
    unsafe {
        let it = &mut *(p as *mut SetIterObject);
        it.si_set = o.clone().into_raw();
        it.si_used = len(o) as isize;
        it.si_pos = 0;
        it.len = len(o) as isize;
        crate::gc::track(p);
        Ok(owned(p))
    }
}

pub fn iter_next(o: &Obj) -> PyResult<Option<Obj>> {
    // SAFETY: o is a set iterator (the type's only tp_iternext user).
    let it = unsafe { o.cast_mut::<SetIterObject>() };
    if it.si_set.is_null() {
        return Ok(None);
    }
    // SAFETY: the iterator owns a reference to the set.
    let s = unsafe { Raw::from_ptr(it.si_set) };
    if it.si_used != s.used() as isize {
        it.si_used = -1;
        return Err(runtime_error("Set changed size during iteration"));
    }
    let mask = s.mask();
    let mut i = it.si_pos as usize;
    while i <= mask && !is_active(s.entry(i)) {
        i += 1;
    }
    it.si_pos = i as isize + 1;
    if i > mask {
        let so = std::mem::replace(&mut it.si_set, std::ptr::null_mut());
        // SAFETY: the iterator's reference to the set, released once exhausted.
        unsafe { decref(so) };
        return Ok(None);
    }
    it.len -= 1;
    // SAFETY: active entries own their keys.
    Ok(Some(unsafe { Obj::from_borrowed(s.entry(i).key) }))
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn iter_dealloc(p: *mut PyObject) {
    // SAFETY: a dead set iterator we own.
    unsafe {
        crate::gc::untrack(p);
        let so = std::mem::replace(
            &mut (*(p as *mut SetIterObject)).si_set,
            std::ptr::null_mut(),
        );
        crate::object::xdecref(so);
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a set iterator.
pub unsafe fn iter_traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live iterator.
    let so = unsafe { (*(p as *mut SetIterObject)).si_set };
    if !so.is_null() {
        visit(so);
    }
}

// ---------------------------------------------------------------- methods

/// The type named in argument errors: the method's own table (`set.add`, `frozenset.union`).
fn tname(o: &Obj) -> &'static str {
    if ops::kind(o) == Kind::FrozenSet {
        "frozenset"
    } else {
        "set"
    }
}

fn no_kw(o: &Obj, name: &str, kw: Option<&Obj>) -> PyResult<()> {
    if kw.is_some_and(|k| super::tuple::len(k) > 0) {
        return Err(type_error(&format!(
            "{}.{}() takes no keyword arguments",
            tname(o),
            name
        )));
    }
    Ok(())
}

/// `METH_O`: exactly one positional argument.
fn one_arg<'a>(o: &Obj, name: &str, args: &'a [Obj], kw: Option<&Obj>) -> PyResult<&'a Obj> {
    no_kw(o, name, kw)?;
    if args.len() != 1 {
        return Err(type_error(&format!(
            "{}.{}() takes exactly one argument ({} given)",
            tname(o),
            name,
            args.len()
        )));
    }
    Ok(&args[0])
}

/// `METH_NOARGS`.
fn no_args(o: &Obj, name: &str, args: &[Obj], kw: Option<&Obj>) -> PyResult<()> {
    no_kw(o, name, kw)?;
    if !args.is_empty() {
        return Err(type_error(&format!(
            "{}.{}() takes no arguments ({} given)",
            tname(o),
            name,
            args.len()
        )));
    }
    Ok(())
}

fn none() -> PyResult<Obj> {
    Ok(rt().none())
}

fn bool_result(v: bool) -> PyResult<Obj> {
    Ok(rt().bool_obj(v))
}

fn s_init(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    if kw.is_some_and(|k| super::tuple::len(k) > 0) {
        return Err(type_error("set() takes no keyword arguments"));
    }
    if args.len() > 1 {
        return Err(type_error(&format!(
            "{} expected at most 1 argument, got {}",
            self_.typ().name(),
            args.len()
        )));
    }
    let s = Raw::of(self_);
    if s.fill() != 0 {
        clear_internal(self_);
    }
    s.set_hash(-1);
    if let Some(it) = args.first() {
        update_internal(self_, it)?;
    }
    none()
}

/// `set.__new__(cls, ...)` / `frozenset.__new__(cls, ...)` called explicitly.
fn new_checked(base: *mut TypeObject, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    // SAFETY: base is a live built-in type.
    let bname = unsafe { (*base).name().to_string() };
    let target = args
        .first()
        .ok_or_else(|| type_error(&format!("{}.__new__(): not enough arguments", bname)))?;
    if ops::kind(target) != Kind::Type {
        return Err(type_error(&format!(
            "{}.__new__(X): X is not a type object ({})",
            bname,
            target.typ().name()
        )));
    }
    let tp = target.as_ptr() as *mut TypeObject;
    // SAFETY: target is a live type object.
    let t = unsafe { &*tp };
    if !t.is_subtype(base) {
        return Err(type_error(&format!(
            "{}.__new__({}): {} is not a subtype of {}",
            bname,
            t.name(),
            t.name(),
            bname
        )));
    }
    new(target, &args[1..], kw)
}

fn s_new(_cls: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    new_checked(rt().types.set, args, kw)
}

fn f_new(_cls: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    new_checked(rt().types.frozenset, args, kw)
}

fn s_add(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    let k = one_arg(self_, "add", args, kw)?;
    add_key(self_, k)?;
    none()
}

fn s_clear(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    no_args(self_, "clear", args, kw)?;
    clear_internal(self_);
    none()
}

fn s_contains(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    let k = one_arg(self_, "__contains__", args, kw)?;
    bool_result(contains(self_, k)?)
}

fn s_copy(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    no_args(self_, "copy", args, kw)?;
    set_copy(self_)
}

fn f_copy(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    no_args(self_, "copy", args, kw)?;
    frozenset_copy(self_)
}

fn s_discard(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    let k = one_arg(self_, "discard", args, kw)?;
    with_frozen_key(k, |k| discard_key(self_, k))?;
    none()
}

fn s_remove(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    let k = one_arg(self_, "remove", args, kw)?;
    if !with_frozen_key(k, |k| discard_key(self_, k))? {
        return Err(key_error(k));
    }
    none()
}

fn s_pop(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    no_args(self_, "pop", args, kw)?;
    pop(self_)
}

fn s_difference(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    no_kw(self_, "difference", kw)?;
    difference_multi(self_, args)
}

fn s_difference_update(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    no_kw(self_, "difference_update", kw)?;
    for other in args {
        difference_update_internal(self_, other)?;
    }
    none()
}

fn s_intersection(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    no_kw(self_, "intersection", kw)?;
    intersection_multi(self_, args)
}

fn s_intersection_update(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    no_kw(self_, "intersection_update", kw)?;
    let tmp = intersection_multi(self_, args)?;
    swap_bodies(self_, &tmp);
    none()
}

fn s_isdisjoint(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    let other = one_arg(self_, "isdisjoint", args, kw)?;
    bool_result(isdisjoint(self_, other)?)
}

fn s_issubset(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    let other = one_arg(self_, "issubset", args, kw)?;
    bool_result(issubset(self_, other)?)
}

fn s_issuperset(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    let other = one_arg(self_, "issuperset", args, kw)?;
    bool_result(issuperset(self_, other)?)
}

fn s_sizeof(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    no_args(self_, "__sizeof__", args, kw)?;
    super::int::from_usize(crate::modules::sys::basic_sizeof(self_))
}

fn s_symmetric_difference(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    let other = one_arg(self_, "symmetric_difference", args, kw)?;
    symmetric_difference(self_, other)
}

fn s_symmetric_difference_update(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    let other = one_arg(self_, "symmetric_difference_update", args, kw)?;
    symmetric_difference_update(self_, other)?;
    none()
}

fn s_union(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    no_kw(self_, "union", kw)?;
    union(self_, args)
}

fn s_update(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    no_kw(self_, "update", kw)?;
    for other in args {
        update_internal(self_, other)?;
    }
    none()
}

fn s_len(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    no_args(self_, "__len__", args, kw)?;
    super::int::from_usize(len(self_))
}

fn s_iter(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    no_args(self_, "__iter__", args, kw)?;
    iter(self_)
}

fn s_repr(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    no_args(self_, "__repr__", args, kw)?;
    repr(self_)
}

/// The number-slot wrappers (`__or__`, `__ror__`, `__ior__`, ...): NotImplemented unless the
/// other operand is a set or frozenset.
fn number_method(
    self_: &Obj,
    name: &str,
    args: &[Obj],
    kw: Option<&Obj>,
    op: BinOp,
    how: u8,
) -> PyResult<Obj> {
    let other = one_arg(self_, name, args, kw)?;
    let r = match how {
        0 => binary(self_, other, op)?,
        1 => binary(other, self_, op)?,
        _ => inplace(self_, other, op)?,
    };
    Ok(r.unwrap_or_else(|| rt().not_implemented()))
}

macro_rules! number_methods {
    ($($f:ident, $name:expr, $op:expr, $how:expr;)*) => {
        $(fn $f(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
            number_method(self_, $name, args, kw, $op, $how)
        })*
    };
}

number_methods! {
    s_or, "__or__", BinOp::Or, 0;
    s_ror, "__ror__", BinOp::Or, 1;
    s_ior, "__ior__", BinOp::Or, 2;
    s_and, "__and__", BinOp::And, 0;
    s_rand, "__rand__", BinOp::And, 1;
    s_iand, "__iand__", BinOp::And, 2;
    s_sub, "__sub__", BinOp::Sub, 0;
    s_rsub, "__rsub__", BinOp::Sub, 1;
    s_isub, "__isub__", BinOp::Sub, 2;
    s_xor, "__xor__", BinOp::Xor, 0;
    s_rxor, "__rxor__", BinOp::Xor, 1;
    s_ixor, "__ixor__", BinOp::Xor, 2;
}

fn compare_method(self_: &Obj, args: &[Obj], kw: Option<&Obj>, op: CompareOp) -> PyResult<Obj> {
    let other = one_arg(self_, op.dunder(), args, kw)?;
    richcompare(self_, other, op)
}

macro_rules! compare_methods {
    ($($f:ident, $op:expr;)*) => {
        $(fn $f(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
            compare_method(self_, args, kw, $op)
        })*
    };
}

compare_methods! {
    s_eq, CompareOp::Eq;
    s_ne, CompareOp::Ne;
    s_lt, CompareOp::Lt;
    s_le, CompareOp::Le;
    s_gt, CompareOp::Gt;
    s_ge, CompareOp::Ge;
}

pub static METHODS: &[MethodDef] = &[
    MethodDef::static_("__new__", s_new),
    MethodDef::new("__init__", s_init),
    MethodDef::new("add", s_add),
    MethodDef::new("clear", s_clear),
    MethodDef::new("__contains__", s_contains),
    MethodDef::new("copy", s_copy),
    MethodDef::new("discard", s_discard),
    MethodDef::new("difference", s_difference),
    MethodDef::new("difference_update", s_difference_update),
    MethodDef::new("intersection", s_intersection),
    MethodDef::new("intersection_update", s_intersection_update),
    MethodDef::new("isdisjoint", s_isdisjoint),
    MethodDef::new("issubset", s_issubset),
    MethodDef::new("issuperset", s_issuperset),
    MethodDef::new("pop", s_pop),
    MethodDef::new("remove", s_remove),
    MethodDef::new("__sizeof__", s_sizeof),
    MethodDef::new("symmetric_difference", s_symmetric_difference),
    MethodDef::new("symmetric_difference_update", s_symmetric_difference_update),
    MethodDef::new("union", s_union),
    MethodDef::new("update", s_update),
    MethodDef::slot("__len__", s_len),
    MethodDef::slot("__iter__", s_iter),
    MethodDef::new("__repr__", s_repr),
    MethodDef::new("__eq__", s_eq),
    MethodDef::new("__ne__", s_ne),
    MethodDef::new("__lt__", s_lt),
    MethodDef::new("__le__", s_le),
    MethodDef::new("__gt__", s_gt),
    MethodDef::new("__ge__", s_ge),
    MethodDef::new("__or__", s_or),
    MethodDef::new("__ror__", s_ror),
    MethodDef::new("__ior__", s_ior),
    MethodDef::new("__and__", s_and),
    MethodDef::new("__rand__", s_rand),
    MethodDef::new("__iand__", s_iand),
    MethodDef::new("__sub__", s_sub),
    MethodDef::new("__rsub__", s_rsub),
    MethodDef::new("__isub__", s_isub),
    MethodDef::new("__xor__", s_xor),
    MethodDef::new("__rxor__", s_rxor),
    MethodDef::new("__ixor__", s_ixor),
];

pub static FROZENSET_METHODS: &[MethodDef] = &[
    MethodDef::static_("__new__", f_new),
    MethodDef::new("__contains__", s_contains),
    MethodDef::new("copy", f_copy),
    MethodDef::new("difference", s_difference),
    MethodDef::new("intersection", s_intersection),
    MethodDef::new("isdisjoint", s_isdisjoint),
    MethodDef::new("issubset", s_issubset),
    MethodDef::new("issuperset", s_issuperset),
    MethodDef::new("__sizeof__", s_sizeof),
    MethodDef::new("symmetric_difference", s_symmetric_difference),
    MethodDef::new("union", s_union),
    MethodDef::slot("__len__", s_len),
    MethodDef::slot("__iter__", s_iter),
    MethodDef::new("__repr__", s_repr),
    MethodDef::new("__eq__", s_eq),
    MethodDef::new("__ne__", s_ne),
    MethodDef::new("__lt__", s_lt),
    MethodDef::new("__le__", s_le),
    MethodDef::new("__gt__", s_gt),
    MethodDef::new("__ge__", s_ge),
    MethodDef::new("__or__", s_or),
    MethodDef::new("__ror__", s_ror),
    MethodDef::new("__and__", s_and),
    MethodDef::new("__rand__", s_rand),
    MethodDef::new("__sub__", s_sub),
    MethodDef::new("__rsub__", s_rsub),
    MethodDef::new("__xor__", s_xor),
    MethodDef::new("__rxor__", s_rxor),
];
