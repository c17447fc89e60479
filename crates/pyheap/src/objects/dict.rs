//! `dict`: CPython 3.11's compact, insertion-ordered hash table.
//!
//! ```text
//!   PyDictObject (48 B + 16 GC): refcnt, type, ma_used, ma_version_tag, ma_keys, ma_values
//!   keys object: 32 B header | indices: size × (1|2|4|8 B) | entries: usable × (24|16 B)
//! ```
//!
//! `size` is a power of two (at least 8); `usable = 2*size/3` entries fit before a resize,
//! which grows to the smallest power of two ≥ `3 * used`. Entries are 24 bytes
//! `{hash, key, value}`, or 16 bytes `{key, value}` while every key is an exact `str`
//! (the "unicode" kind). An empty dict shares a static empty keys object, so `{}` is
//! 64 bytes, `{1: 1}` 224 and `{'a': 1}` 184. Lookups probe with CPython's perturbation
//! sequence (`i = 5*i + perturb + 1`), so iteration and collision behaviour match.
//!
//! Dicts start untracked by the collector and become tracked when a key or value that may
//! be part of a cycle is stored (`MAINTAIN_TRACKING`).

use super::{alloc_object, owned};
use crate::freelist::DICT_MAXFREELIST;
use crate::heap;
use crate::object::{Obj, PyObject};
use crate::runtime::{rt, PyResult};
use std::ptr::NonNull;

pub const DICT_BASIC_SIZE: usize = 48;

thread_local! {
    /// Source of `ma_version_tag` values (`pydict_global_version`): every dict mutation
    /// takes a new, never reused number, so (dict, version) identifies its contents.
    static GLOBAL_VERSION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Versions step by two, leaving bit 0 of `ma_version_tag` to mark a class's own
/// namespace dict, which the type attribute caches read from: any change to such a dict,
/// even through a reference `gc.get_referrers` handed out, invalidates those caches
/// (CPython 3.11 does not watch them, and crashes on `test/crashers/underlying_dict.py`).
const TYPE_DICT_FLAG: u64 = 1;

#[inline]
fn next_version() -> u64 {
    GLOBAL_VERSION.with(|v| {
        let n = v.get() + 2;
        v.set(n);
        n
    })
}

/// Records a change of `d`'s contents: a new version tag, and for a class's namespace,
/// an invalidation of the attribute caches.
#[inline]
fn changed(d: &mut DictObject) {
    let type_dict = d.ma_version_tag & TYPE_DICT_FLAG;
    d.ma_version_tag = next_version() | type_dict;
    if type_dict != 0 {
        super::typeobject::invalidate_attribute_cache();
    }
}

/// Marks `o` as a class's own namespace (see [`TYPE_DICT_FLAG`]).
pub fn mark_type_dict(o: &Obj) {
    raw(o).ma_version_tag |= TYPE_DICT_FLAG;
}

/// The dict's version tag: changes whenever its contents change.
#[inline]
pub fn version(o: &Obj) -> u64 {
    raw(o).ma_version_tag
}
pub const KEYS_HEADER_SIZE: usize = 32;
pub const LOG_MINSIZE: u8 = 3;
const IX_EMPTY: i64 = -1;
const IX_DUMMY: i64 = -2;
const PERTURB_SHIFT: u32 = 5;

#[repr(C)]
pub struct DictObject {
    pub ob_base: PyObject,
    pub ma_used: isize,
    pub ma_version_tag: u64,
    pub ma_keys: *mut KeysObject,
    /// Where CPython has `ma_values`: non-null while this dict is an instance's
    /// materialised `__dict__` that CPython would keep as a split table over the class's
    /// shared keys (counted among their sharers). Only `sys.getsizeof` reads it (see
    /// [`sizeof`]); the table itself is an ordinary one.
    pub split_keys: *mut super::instance_values::SharedKeys,
}

/// `PyDictKeysObject`; indices and entries follow the header in the same block.
#[repr(C)]
pub struct KeysObject {
    pub dk_refcnt: isize,
    pub dk_log2_size: u8,
    pub dk_log2_index_bytes: u8,
    /// 1 = unicode keys only, 0 = general.
    pub dk_kind: u8,
    pub _pad: u8,
    pub dk_version: u32,
    pub dk_usable: isize,
    pub dk_nentries: isize,
}

#[derive(Clone, Copy)]
struct Entry {
    hash: isize,
    key: *mut PyObject,
    value: *mut PyObject,
}

/// `USABLE_FRACTION`.
#[inline]
pub fn usable_fraction(size: usize) -> usize {
    (size << 1) / 3
}

fn index_bytes_log2(log2_size: u8) -> u8 {
    if log2_size < 8 {
        log2_size
    } else if log2_size < 16 {
        log2_size + 1
    } else if log2_size < 32 {
        log2_size + 2
    } else {
        log2_size + 3
    }
}

/// Bytes of a keys object of the given size and kind.
pub fn keys_object_size(log2_size: u8, unicode: bool) -> usize {
    let size = 1usize << log2_size;
    KEYS_HEADER_SIZE
        + (1usize << index_bytes_log2(log2_size))
        + usable_fraction(size) * if unicode { 16 } else { 24 }
}

/// The shared empty keys object (`Py_EMPTY_KEYS`): size 8, nothing usable, so the first
/// insertion always allocates a real table.
pub fn empty_keys() -> *mut KeysObject {
    thread_local! {
        static EMPTY: std::cell::Cell<*mut KeysObject> = const { std::cell::Cell::new(std::ptr::null_mut()) };
    }
    EMPTY.with(|e| {
        if e.get().is_null() {
            // A process-lifetime static like CPython's; never freed.
            let b = Box::leak(Box::new(EmptyKeys {
                header: KeysObject {
                    dk_refcnt: 1,
                    dk_log2_size: 3,
                    dk_log2_index_bytes: 3,
                    dk_kind: 1,
                    _pad: 0,
                    dk_version: 0,
                    dk_usable: 0,
                    dk_nentries: 0,
                },
                indices: [0xff; 8],
            }));
            e.set(&mut b.header);
        }
        e.get()
    })
}

#[repr(C)]
struct EmptyKeys {
    header: KeysObject,
    indices: [u8; 8],
}

fn is_empty_keys(k: *mut KeysObject) -> bool {
    k == empty_keys()
}

fn new_keys(log2_size: u8, unicode: bool) -> PyResult<*mut KeysObject> {
    let bytes = keys_object_size(log2_size, unicode);
    let p = heap::mem_malloc(bytes)
        .map_err(|_| super::memory_error())?
        .as_ptr() as *mut KeysObject;
    let size = 1usize << log2_size;
    // SAFETY: p is a fresh block of `bytes`.
    unsafe {
        std::ptr::write(
            p,
            KeysObject {
                dk_refcnt: 1,
                dk_log2_size: log2_size,
                dk_log2_index_bytes: index_bytes_log2(log2_size),
                dk_kind: unicode as u8,
                _pad: 0,
                dk_version: 0,
                dk_usable: usable_fraction(size) as isize,
                dk_nentries: 0,
            },
        );
        let idx = (p as *mut u8).add(KEYS_HEADER_SIZE);
        std::ptr::write_bytes(idx, 0xff, 1usize << index_bytes_log2(log2_size));
        let ent = idx.add(1usize << index_bytes_log2(log2_size));
        std::ptr::write_bytes(
            ent,
            0,
            usable_fraction(size) * if unicode { 16 } else { 24 },
        );
    }
    Ok(p)
}

struct Keys(*mut KeysObject);

impl Keys {
    #[inline]
    // Sound: the runtime is single-threaded and callers never keep two such borrows alive at once.
    #[allow(clippy::mut_from_ref)]
    fn h(&self) -> &mut KeysObject {
        // SAFETY: a dict's keys object is live while the dict is.
        unsafe { &mut *self.0 }
    }
    #[inline]
    fn size(&self) -> usize {
        1usize << self.h().dk_log2_size
    }
    #[inline]
    fn unicode(&self) -> bool {
        self.h().dk_kind == 1
    }
    #[inline]
    fn indices(&self) -> *mut u8 {
        // SAFETY: indices follow the header.
        unsafe { (self.0 as *mut u8).add(KEYS_HEADER_SIZE) }
    }
    #[inline]
    fn get_index(&self, i: usize) -> i64 {
        let p = self.indices();
        // SAFETY: i < size; width by log2 size.
        unsafe {
            match self.h().dk_log2_size {
                0..=7 => *(p as *const i8).add(i) as i64,
                8..=15 => *(p as *const i16).add(i) as i64,
                16..=31 => *(p as *const i32).add(i) as i64,
                _ => *(p as *const i64).add(i),
            }
        }
    }
    #[inline]
    fn set_index(&self, i: usize, ix: i64) {
        let p = self.indices();
        // SAFETY: i < size.
        unsafe {
            match self.h().dk_log2_size {
                0..=7 => *(p as *mut i8).add(i) = ix as i8,
                8..=15 => *(p as *mut i16).add(i) = ix as i16,
                16..=31 => *(p as *mut i32).add(i) = ix as i32,
                _ => *(p as *mut i64).add(i) = ix,
            }
        }
    }
    #[inline]
    fn entries(&self) -> *mut u8 {
        // SAFETY: entries follow the indices.
        unsafe { self.indices().add(1usize << self.h().dk_log2_index_bytes) }
    }
    #[inline]
    fn entry(&self, ix: usize) -> Entry {
        // SAFETY: ix < nentries.
        unsafe {
            if self.unicode() {
                let e = (self.entries() as *mut *mut PyObject).add(ix * 2);
                let key = *e;
                let hash = if key.is_null() {
                    0
                } else {
                    super::str::hash(&std::mem::ManuallyDrop::new(Obj::from_owned(key)))
                };
                Entry {
                    hash,
                    key,
                    value: *e.add(1),
                }
            } else {
                let e = self.entries().add(ix * 24);
                Entry {
                    hash: *(e as *const isize),
                    key: *(e.add(8) as *const *mut PyObject),
                    value: *(e.add(16) as *const *mut PyObject),
                }
            }
        }
    }
    #[inline]
    fn set_entry(&self, ix: usize, e: Entry) {
        // SAFETY: ix < usable.
        unsafe {
            if self.unicode() {
                let p = (self.entries() as *mut *mut PyObject).add(ix * 2);
                *p = e.key;
                *p.add(1) = e.value;
            } else {
                let p = self.entries().add(ix * 24);
                *(p as *mut isize) = e.hash;
                *(p.add(8) as *mut *mut PyObject) = e.key;
                *(p.add(16) as *mut *mut PyObject) = e.value;
            }
        }
    }
    #[inline]
    fn set_value(&self, ix: usize, v: *mut PyObject) {
        // SAFETY: ix < nentries.
        unsafe {
            if self.unicode() {
                *(self.entries() as *mut *mut PyObject).add(ix * 2 + 1) = v;
            } else {
                *(self.entries().add(ix * 24 + 16) as *mut *mut PyObject) = v;
            }
        }
    }
    /// First empty slot for `hash` (no comparison), for inserting into a fresh table.
    fn find_empty_slot(&self, hash: isize) -> usize {
        let mask = self.size() - 1;
        let mut perturb = hash as usize;
        let mut i = hash as usize & mask;
        while self.get_index(i) >= 0 {
            perturb >>= PERTURB_SHIFT;
            i = (i * 5 + perturb + 1) & mask;
        }
        i
    }
}

fn free_keys(k: *mut KeysObject) {
    if is_empty_keys(k) {
        return;
    }
    // SAFETY: k came from new_keys via mem_malloc.
    unsafe { heap::mem_free(NonNull::new_unchecked(k as *mut u8)) }
}

#[inline]
// Sound: the runtime is single-threaded and callers never keep two such borrows alive at once.
#[allow(clippy::mut_from_ref)]
fn raw(o: &Obj) -> &mut DictObject {
    // SAFETY: callers pass dicts; single-threaded runtime.
    unsafe { &mut *(o.as_ptr() as *mut DictObject) }
}

#[inline]
fn keys(o: &Obj) -> Keys {
    Keys(raw(o).ma_keys)
}

pub fn len(o: &Obj) -> usize {
    raw(o).ma_used as usize
}

/// `PyDict_New`.
pub fn new_dict() -> PyResult<Obj> {
    // SAFETY: the runtime's dict type is live.
    unsafe { new_dict_typed(rt().types.dict) }
}

/// A dict (or subclass instance) with empty shared keys.
///
/// # Safety
/// `tp` points to a live type with the dict layout (dict or a subclass).
pub unsafe fn new_dict_typed(tp: *mut crate::typeobj::TypeObject) -> PyResult<Obj> {
    let r = rt();
    let p = if tp == r.types.dict {
        match r.freelists().dict.pop() {
            Some(p) => {
                // SAFETY: revive a cached dead dict.
                unsafe { (*p).ob_refcnt = 1 };
                p
            }
            // SAFETY: tp is the runtime's live dict type.
            None => unsafe { alloc_object(tp, DICT_BASIC_SIZE) }?,
        }
    } else {
        // SAFETY: tp is a live dict-layout type (caller contract).
        unsafe { alloc_object(tp, DICT_BASIC_SIZE) }?
    };
    // SAFETY: p is a dict we own.
    let o = unsafe { owned(p) };
    let d = raw(&o);
    d.ma_used = 0;
    d.ma_version_tag = next_version();
    d.ma_keys = empty_keys();
    d.split_keys = std::ptr::null_mut();
    Ok(o)
}

/// `dict_new_presized`: room for `n` items without resizing.
pub fn new_presized(n: usize, unicode: bool) -> PyResult<Obj> {
    let o = new_dict()?;
    if n > usable_fraction(1 << LOG_MINSIZE) {
        raw(&o).ma_keys = new_keys(estimate_log2_keysize(n), unicode)?;
    } else if n > 0 {
        raw(&o).ma_keys = new_keys(LOG_MINSIZE, unicode)?;
    }
    Ok(o)
}

/// `calculate_log2_keysize` (3.11): the bit length of `((minsize | 8) - 1) | 7`. A
/// table holding `minsize` entries is at least 8 slots; small minsizes (1..7) give 16.
fn log2_keysize(minsize: usize) -> u8 {
    let min = 1usize << LOG_MINSIZE;
    let v = ((minsize | min) - 1) | (min - 1);
    (usize::BITS - v.leading_zeros()) as u8
}

fn is_exact_str(p: *mut PyObject) -> bool {
    // SAFETY: p is live.
    unsafe { (*p).ob_type == rt().types.str }
}

/// Probes for `key`; returns (slot index in indices, entry index) when found.
fn lookup(o: &Obj, key: &Obj, hash: isize) -> PyResult<Option<(usize, usize)>> {
    loop {
        let k = keys(o);
        let mask = k.size() - 1;
        let mut perturb = hash as usize;
        let mut i = hash as usize & mask;
        let keys_ptr = k.0;
        loop {
            let ix = k.get_index(i);
            if ix == IX_EMPTY {
                return Ok(None);
            }
            if ix >= 0 {
                let e = k.entry(ix as usize);
                if e.key == key.as_ptr() {
                    return Ok(Some((i, ix as usize)));
                }
                if e.hash == hash {
                    if is_exact_str(e.key) && is_exact_str(key.as_ptr()) {
                        // SAFETY: e.key is live (owned by the dict).
                        let ek = std::mem::ManuallyDrop::new(unsafe { Obj::from_owned(e.key) });
                        if super::str::eq(&ek, key) {
                            return Ok(Some((i, ix as usize)));
                        }
                    } else {
                        // SAFETY: keep the key alive across a call that may run Python code.
                        let ek = unsafe { Obj::from_borrowed(e.key) };
                        let equal = crate::ops::eq(&ek, key)?;
                        if raw(o).ma_keys != keys_ptr {
                            // The table changed under us: restart (CPython does the same).
                            break;
                        }
                        if equal {
                            return Ok(Some((i, ix as usize)));
                        }
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i * 5 + perturb + 1) & mask;
        }
    }
}

/// `d[key]` lookup without raising KeyError.
#[inline]
pub fn get_item(o: &Obj, key: &Obj) -> PyResult<Option<Obj>> {
    let hash = crate::ops::hash(key)?;
    get_item_hashed(o, key, hash)
}

#[inline]
pub fn get_item_hashed(o: &Obj, key: &Obj, hash: isize) -> PyResult<Option<Obj>> {
    if len(o) == 0 {
        return Ok(None);
    }
    Ok(lookup(o, key, hash)?.map(|(_, ix)| {
        let e = keys(o).entry(ix);
        // SAFETY: the value is live, owned by the dict.
        unsafe { Obj::from_borrowed(e.value) }
    }))
}

/// Lookup by Rust text (allocates a temporary key only when the dict is non-empty).
pub fn get_item_str(o: &Obj, key: &str) -> PyResult<Option<Obj>> {
    if len(o) == 0 {
        return Ok(None);
    }
    let k = super::str::new_str(key)?;
    get_item(o, &k)
}

fn may_be_tracked(p: *mut PyObject) -> bool {
    // SAFETY: p is live.
    unsafe {
        let t = &*(*p).ob_type;
        t.is_gc() && (t.kind != crate::typeobj::Kind::Tuple || crate::gc::is_tracked(p))
    }
}

fn maintain_tracking(o: &Obj, key: &Obj, value: &Obj) {
    let p = o.as_ptr();
    // SAFETY: p is a live dict (GC type).
    unsafe {
        if !crate::gc::is_tracked(p)
            && (may_be_tracked(key.as_ptr()) || may_be_tracked(value.as_ptr()))
        {
            crate::gc::track(p);
        }
    }
}

/// `d[key] = value`.
pub fn set_item(o: &Obj, key: &Obj, value: &Obj) -> PyResult<()> {
    let hash = crate::ops::hash(key)?;
    set_item_hashed(o, key.clone(), value.clone(), hash)
}

pub fn set_item_hashed(o: &Obj, key: Obj, value: Obj, hash: isize) -> PyResult<()> {
    maintain_tracking(o, &key, &value);
    if is_empty_keys(raw(o).ma_keys) {
        raw(o).ma_keys = new_keys(LOG_MINSIZE, is_exact_str(key.as_ptr()))?;
    } else if let Some((_, ix)) = lookup(o, &key, hash)? {
        let k = keys(o);
        let old = k.entry(ix).value;
        k.set_value(ix, value.into_raw());
        changed(raw(o));
        // SAFETY: the dict owned the old value; release after the store.
        unsafe { crate::object::decref(old) };
        return Ok(());
    }
    let shared = raw(o).split_keys;
    // SAFETY: shared keys stay live while this dict is among their sharers.
    if !shared.is_null() && !unsafe { (*shared).key_added(&key)? } {
        // CPython's `insertion_resize` of a split table: a combined table sized for
        // growth.
        unshare_keys(o);
        let unicode = keys(o).unicode() && is_exact_str(key.as_ptr());
        resize(o, log2_keysize(growth_rate(o)), unicode)?;
    }
    if keys(o).unicode() && !is_exact_str(key.as_ptr()) {
        resize(o, log2_keysize(growth_rate(o)), false)?;
    }
    if keys(o).h().dk_usable <= 0 {
        resize(o, log2_keysize(growth_rate(o)), keys(o).unicode())?;
    }
    let k = keys(o);
    let slot = k.find_empty_slot(hash);
    let ix = k.h().dk_nentries as usize;
    k.set_entry(
        ix,
        Entry {
            hash,
            key: key.into_raw(),
            value: value.into_raw(),
        },
    );
    k.set_index(slot, ix as i64);
    k.h().dk_nentries += 1;
    k.h().dk_usable -= 1;
    let d = raw(o);
    d.ma_used += 1;
    changed(d);
    Ok(())
}

/// `GROWTH_RATE(d)`: used × 3.
fn growth_rate(o: &Obj) -> usize {
    len(o) * 3
}

/// `dictresize`: rebuilds the table at `log2_size`, compacting deleted entries.
fn resize(o: &Obj, log2_size: u8, unicode: bool) -> PyResult<()> {
    let old = keys(o);
    let new = Keys(new_keys(log2_size, unicode)?);
    let mut j = 0usize;
    for ix in 0..old.h().dk_nentries as usize {
        let e = old.entry(ix);
        if e.value.is_null() {
            continue;
        }
        new.set_entry(j, e);
        let slot = new.find_empty_slot(e.hash);
        new.set_index(slot, j as i64);
        j += 1;
    }
    new.h().dk_nentries = j as isize;
    new.h().dk_usable -= j as isize;
    raw(o).ma_keys = new.0;
    free_keys(old.0);
    Ok(())
}

/// `del d[key]`; returns whether the key was present.
pub fn del_item(o: &Obj, key: &Obj) -> PyResult<bool> {
    let hash = crate::ops::hash(key)?;
    if len(o) == 0 {
        return Ok(false);
    }
    let Some((slot, ix)) = lookup(o, key, hash)? else {
        return Ok(false);
    };
    let k = keys(o);
    let e = k.entry(ix);
    k.set_index(slot, IX_DUMMY);
    k.set_entry(
        ix,
        Entry {
            hash: 0,
            key: std::ptr::null_mut(),
            value: std::ptr::null_mut(),
        },
    );
    let d = raw(o);
    d.ma_used -= 1;
    changed(d);
    // SAFETY: the dict owned key and value.
    unsafe {
        crate::object::decref(e.key);
        crate::object::decref(e.value);
    }
    Ok(true)
}

/// Iteration: the next live entry at or after `*pos` (entry order = insertion order).
pub fn next_entry(o: &Obj, pos: &mut usize) -> Option<(Obj, Obj)> {
    let k = keys(o);
    while *pos < k.h().dk_nentries as usize {
        let e = k.entry(*pos);
        *pos += 1;
        if !e.value.is_null() {
            // SAFETY: live entries are owned by the dict.
            return Some(unsafe { (Obj::from_borrowed(e.key), Obj::from_borrowed(e.value)) });
        }
    }
    None
}

/// Reverse iteration: the live entry at or before `*pos`, leaving `*pos` just before it
/// (negative once the first entry is passed).
pub fn prev_entry(o: &Obj, pos: &mut isize) -> Option<(Obj, Obj)> {
    let k = keys(o);
    // Entries may have been compacted since `pos` was taken (same size, new table).
    *pos = (*pos).min(k.h().dk_nentries - 1);
    while *pos >= 0 {
        let e = k.entry(*pos as usize);
        *pos -= 1;
        if !e.value.is_null() {
            // SAFETY: live entries are owned by the dict.
            return Some(unsafe { (Obj::from_borrowed(e.key), Obj::from_borrowed(e.value)) });
        }
    }
    None
}

/// How many entry slots are in use, live or deleted (`dk_nentries`).
pub fn nentries(o: &Obj) -> usize {
    keys(o).h().dk_nentries as usize
}

/// Snapshot of the items.
pub fn items(o: &Obj) -> Vec<(Obj, Obj)> {
    let mut v = Vec::with_capacity(len(o));
    let mut pos = 0;
    while let Some(kv) = next_entry(o, &mut pos) {
        v.push(kv);
    }
    v
}

pub fn keys_vec(o: &Obj) -> Vec<Obj> {
    items(o).into_iter().map(|(k, _)| k).collect()
}

/// Marks `o`, just built from an instance's values, as sharing `class`'s keys.
pub fn share_keys_of(o: &Obj, class: *mut crate::typeobj::TypeObject) {
    unshare_keys(o);
    raw(o).split_keys = super::instance_values::share(class);
}

/// The dict stops being a split table (CPython converts it to a combined one).
fn unshare_keys(o: &Obj) {
    let shared = std::mem::replace(&mut raw(o).split_keys, std::ptr::null_mut());
    if !shared.is_null() {
        // SAFETY: taken by `share_keys_of` and released only here.
        unsafe { super::instance_values::unshare(shared) };
    }
}

/// Removes everything (`dict.clear`).
pub fn clear(o: &Obj) {
    unshare_keys(o);
    let old = raw(o).ma_keys;
    let d = raw(o);
    d.ma_keys = empty_keys();
    d.ma_used = 0;
    changed(d);
    release_keys(old);
}

fn release_keys(k: *mut KeysObject) {
    if is_empty_keys(k) {
        return;
    }
    let keys = Keys(k);
    let n = keys.h().dk_nentries as usize;
    let entries: Vec<Entry> = (0..n).map(|i| keys.entry(i)).collect();
    free_keys(k);
    for e in entries {
        // SAFETY: the keys object owned these references.
        unsafe {
            crate::object::xdecref(e.key);
            crate::object::xdecref(e.value);
        }
    }
}

/// `_PyDict_SizeOf`.
pub fn sizeof(o: &Obj) -> usize {
    let shared = raw(o).split_keys;
    if !shared.is_null() {
        // A split table: the keys are the class's; the dict owns one value slot per
        // usable shared key.
        // SAFETY: shared keys stay live while this dict is among their sharers.
        let (slots, sole) = unsafe { ((*shared).usable_size(), (*shared).sole_sharer()) };
        let keys = if sole {
            keys_object_size(super::instance_values::SHARED_KEYS_LOG2_SIZE, true)
        } else {
            0
        };
        return DICT_BASIC_SIZE + slots * std::mem::size_of::<usize>() + keys;
    }
    let k = raw(o).ma_keys;
    let mut n = DICT_BASIC_SIZE;
    if !is_empty_keys(k) {
        let keys = Keys(k);
        n += keys_object_size(keys.h().dk_log2_size, keys.unicode());
    }
    n
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: p is a dead dict we own.
    unsafe {
        crate::gc::untrack(p);
        let d = &mut *(p as *mut DictObject);
        let shared = std::mem::replace(&mut d.split_keys, std::ptr::null_mut());
        if !shared.is_null() {
            super::instance_values::unshare(shared);
        }
        let k = std::mem::replace(&mut d.ma_keys, empty_keys());
        d.ma_used = 0;
        release_keys(k);
        let r = rt();
        if (*p).ob_type == r.types.dict && r.freelists().dict.len() < DICT_MAXFREELIST {
            r.freelists().dict.push(p);
            return;
        }
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a dict.
pub unsafe fn traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: p is a live dict.
    let k = Keys(unsafe { (*(p as *mut DictObject)).ma_keys });
    if is_empty_keys(k.0) {
        return;
    }
    for ix in 0..k.h().dk_nentries as usize {
        let e = k.entry(ix);
        if !e.value.is_null() {
            if !k.unicode() {
                visit(e.key);
            }
            visit(e.value);
        }
    }
}

/// # Safety
/// `p` is a dict found unreachable.
pub unsafe fn clear_slot(p: *mut PyObject) {
    // SAFETY: borrow without changing the count.
    let o = std::mem::ManuallyDrop::new(unsafe { Obj::from_owned(p) });
    clear(&o);
}

/// `PyDict_Copy`: a split table's copy shares its keys; a combined table with few
/// deleted entries is cloned at its size; anything else is merged into a new dict.
pub fn copy(o: &Obj) -> PyResult<Obj> {
    let n = len(o);
    if n == 0 {
        return new_dict();
    }
    let shared = raw(o).split_keys;
    if !shared.is_null() {
        let c = clone_sized(o, keys(o).h().dk_log2_size, true)?;
        // SAFETY: `o` shares these keys, so they are live.
        raw(&c).split_keys = unsafe { super::instance_values::share_again(shared) };
        return Ok(c);
    }
    let k = keys(o);
    if o.type_ptr() == rt().types.dict && n >= k.h().dk_nentries as usize * 2 / 3 {
        return clone_sized(o, k.h().dk_log2_size, k.unicode());
    }
    let c = new_dict()?;
    merge(&c, o)?;
    Ok(c)
}

/// A new dict of `o`'s items in a table of `2**log2_size` slots (CPython's
/// `clone_combined_dict_keys`, which copies the table as it is).
fn clone_sized(o: &Obj, log2_size: u8, unicode: bool) -> PyResult<Obj> {
    let c = new_dict()?;
    raw(&c).ma_keys = new_keys(log2_size, unicode)?;
    for (k, v) in items(o) {
        set_item(&c, &k, &v)?;
    }
    Ok(c)
}

/// `estimate_log2_keysize`: the table for `n` entries that dict merging sizes up front.
fn estimate_log2_keysize(n: usize) -> u8 {
    log2_keysize((n * 3).div_ceil(2))
}

/// `dict_merge` of a dict into `d` (`d.update(src)`, `dict(src)`, `{**src}`): into an
/// empty dict a clean combined source is cloned; otherwise the table is sized once for
/// both before the items go in, as CPython does.
pub fn merge(d: &Obj, src: &Obj) -> PyResult<()> {
    let n = len(src);
    if d.is(src) || n == 0 {
        return Ok(());
    }
    let sk = keys(src);
    if len(d) == 0 && raw(d).split_keys.is_null() && raw(src).split_keys.is_null() {
        let log2 = sk.h().dk_log2_size;
        if n == sk.h().dk_nentries as usize
            && (log2 == LOG_MINSIZE || usable_fraction(sk.size() / 2) < n)
        {
            let fresh = new_keys(log2, sk.unicode())?;
            let old = std::mem::replace(&mut raw(d).ma_keys, fresh);
            raw(d).ma_used = 0;
            release_keys(old);
            for (k, v) in items(src) {
                set_item(d, &k, &v)?;
            }
            return Ok(());
        }
    }
    if raw(d).split_keys.is_null() {
        let size = if is_empty_keys(raw(d).ma_keys) {
            1
        } else {
            keys(d).size()
        };
        if usable_fraction(size) < n {
            // The table stays general if either side has keys other than exact strs.
            let unicode = sk.unicode() && (is_empty_keys(raw(d).ma_keys) || keys(d).unicode());
            resize(d, estimate_log2_keysize(len(d) + n), unicode)?;
        }
    }
    for (k, v) in items(src) {
        set_item(d, &k, &v)?;
    }
    Ok(())
}

use super::descr::MethodDef;
use super::exceptions::type_error;

pub fn repr(o: &Obj) -> PyResult<Obj> {
    if len(o) == 0 {
        return super::str::new_str("{}");
    }
    crate::ops::repr_guard(o, "{...}", || {
        let mut s = String::from("{");
        for (i, (k, v)) in items(o).iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            s.push_str(&crate::ops::repr_string(k)?);
            s.push_str(": ");
            s.push_str(&crate::ops::repr_string(v)?);
        }
        s.push('}');
        super::str::new_str(&s)
    })
}

pub fn len_slot(o: &Obj) -> PyResult<usize> {
    Ok(len(o))
}

pub fn getitem(o: &Obj, key: &Obj) -> PyResult<Obj> {
    match get_item(o, key)? {
        Some(v) => Ok(v),
        None => {
            if o.typ().is_heap() {
                if let Some(v) =
                    crate::ops::call_special(o, "__missing__", std::slice::from_ref(key))?
                {
                    return Ok(v);
                }
            }
            Err(super::exceptions::key_error(key))
        }
    }
}

pub fn setitem(o: &Obj, key: &Obj, value: Option<&Obj>) -> PyResult<()> {
    match value {
        Some(v) => set_item(o, key, v),
        None => {
            if del_item(o, key)? {
                Ok(())
            } else {
                Err(super::exceptions::key_error(key))
            }
        }
    }
}

pub fn contains(o: &Obj, key: &Obj) -> PyResult<bool> {
    Ok(get_item(o, key)?.is_some())
}

pub fn iter(o: &Obj) -> PyResult<Obj> {
    // SAFETY: the runtime's dict_keyiterator type is live.
    unsafe { super::iter::new_dict_iter(rt().types.dict_keyiterator, o) }
}

pub fn richcompare(a: &Obj, b: &Obj, op: crate::typeobj::CompareOp) -> PyResult<Obj> {
    use crate::typeobj::CompareOp::*;
    let r = rt();
    if !super::is_instance(b, r.types.dict) || !matches!(op, Eq | Ne) {
        return Ok(r.not_implemented());
    }
    let mut equal = len(a) == len(b);
    if equal {
        for (k, v) in items(a) {
            match get_item(b, &k)? {
                Some(w) if crate::ops::eq(&v, &w)? => {}
                _ => {
                    equal = false;
                    break;
                }
            }
        }
    }
    Ok(r.bool_obj(if op == Eq { equal } else { !equal }))
}

/// `dict.__new__`: an empty dict of the (sub)class; `__init__` fills it.
pub fn new(cls: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    // SAFETY: `cls` is the live class `__new__` was called on, a dict subclass.
    let d = unsafe { new_dict_typed(cls.as_ptr() as *mut crate::typeobj::TypeObject) }?;
    if d.typ().is_heap() {
        // SAFETY: fresh GC instance.
        unsafe { crate::gc::track(d.as_ptr()) };
    }
    Ok(d)
}

/// `dict.update` semantics: a mapping or an iterable of pairs, then keyword arguments.
pub fn update_from(d: &Obj, args: &[Obj], kwnames: Option<&Obj>, what: &str) -> PyResult<()> {
    let nkw = kwnames.map(super::tuple::len).unwrap_or(0);
    let pos = &args[..args.len() - nkw];
    if pos.len() > 1 {
        return Err(type_error(&format!(
            "{} expected at most 1 argument, got {}",
            what,
            pos.len()
        )));
    }
    if let Some(src) = pos.first() {
        if crate::ops::kind(src) == crate::typeobj::Kind::Dict {
            merge(d, src)?;
        } else if crate::ops::getattr_opt(src, &super::str::intern_str("keys")?)?.is_some() {
            let keys = crate::ops::call_method(src, "keys", &[])?;
            for k in crate::ops::collect(&keys)? {
                let v = crate::ops::getitem(src, &k)?;
                set_item(d, &k, &v)?;
            }
        } else {
            let it = crate::ops::iter(src)?;
            let mut i = 0;
            while let Some(pair) = crate::ops::next(&it)? {
                let kv = match crate::ops::collect(&pair) {
                    Ok(v) => v,
                    Err(_) => {
                        return Err(type_error(&format!(
                            "cannot convert dictionary update sequence element #{} to a sequence",
                            i
                        )))
                    }
                };
                if kv.len() != 2 {
                    return Err(super::exceptions::value_error(&format!(
                        "dictionary update sequence element #{} has length {}; 2 is required",
                        i,
                        kv.len()
                    )));
                }
                set_item(d, &kv[0], &kv[1])?;
                i += 1;
            }
        }
    }
    if let Some(k) = kwnames {
        for (i, name) in super::tuple::items(k).iter().enumerate() {
            set_item(d, name, &args[pos.len() + i])?;
        }
    }
    Ok(())
}

fn d_init(self_: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    update_from(self_, args, kwnames, "dict")?;
    Ok(rt().none())
}

fn d_update(self_: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    update_from(self_, args, kwnames, "update")?;
    Ok(rt().none())
}

fn d_get(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    if args.is_empty() || args.len() > 2 {
        return Err(type_error(&format!(
            "get expected at least 1 argument, got {}",
            args.len()
        )));
    }
    Ok(get_item(self_, &args[0])?
        .unwrap_or_else(|| args.get(1).cloned().unwrap_or_else(|| rt().none())))
}

fn d_setdefault(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let k = args
        .first()
        .ok_or_else(|| type_error("setdefault expected at least 1 argument, got 0"))?;
    if let Some(v) = get_item(self_, k)? {
        return Ok(v);
    }
    let v = args.get(1).cloned().unwrap_or_else(|| rt().none());
    set_item(self_, k, &v)?;
    Ok(v)
}

/// The first `n` arguments of a slot method called by name, or CPython's error.
fn exact_args<'a>(_name: &str, args: &'a [Obj], n: usize) -> PyResult<&'a [Obj]> {
    if args.len() != n {
        return Err(type_error(&format!(
            "expected {} argument{}, got {}",
            n,
            if n == 1 { "" } else { "s" },
            args.len()
        )));
    }
    Ok(args)
}

/// `dict.__getitem__(d, key)`.
fn d_getitem_m(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let a = exact_args("__getitem__", args, 1)?;
    getitem(self_, &a[0])
}

/// `dict.__setitem__(d, key, value)`: the dict's own store, skipping any override.
fn d_setitem_m(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let a = exact_args("__setitem__", args, 2)?;
    set_item(self_, &a[0], &a[1])?;
    Ok(rt().none())
}

/// `dict.__delitem__(d, key)`.
fn d_delitem_m(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let a = exact_args("__delitem__", args, 1)?;
    if !del_item(self_, &a[0])? {
        return Err(super::exceptions::key_error(&a[0]));
    }
    Ok(rt().none())
}

/// `dict.__repr__(d)`.
fn d_repr_m(self_: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    repr(self_)
}

fn d_pop(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let k = args
        .first()
        .ok_or_else(|| type_error("pop expected at least 1 argument, got 0"))?;
    match get_item(self_, k)? {
        Some(v) => {
            del_item(self_, k)?;
            Ok(v)
        }
        None => match args.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(super::exceptions::key_error(k)),
        },
    }
}

fn d_popitem(self_: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    if !raw(self_).split_keys.is_null() && len(self_) > 0 {
        // CPython first converts a split table to a combined one of the shared keys' size.
        unshare_keys(self_);
        resize(self_, super::instance_values::SHARED_KEYS_LOG2_SIZE, true)?;
    }
    let Some((k, v)) = items(self_).pop() else {
        return Err(super::exceptions::new_err(
            rt().exc.key_error,
            "popitem(): dictionary is empty",
        ));
    };
    del_item(self_, &k)?;
    super::tuple::new_tuple(vec![k, v])
}

/// `_PyDictViewObject`: 24 bytes + 16 GC.
#[repr(C)]
pub struct DictViewObject {
    pub ob_base: PyObject,
    pub dv_dict: *mut PyObject,
}

fn view(self_: &Obj, tp: *mut crate::typeobj::TypeObject) -> PyResult<Obj> {
    // SAFETY: callers pass one of the runtime's live dict view types.
    let p = unsafe { super::alloc_object(tp, std::mem::size_of::<DictViewObject>()) }?;
    // SAFETY: fresh view; it takes a reference to the dict.
    unsafe {
        (*(p as *mut DictViewObject)).dv_dict = self_.clone().into_raw();
        crate::gc::track(p);
        Ok(super::owned(p))
    }
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn view_dealloc(p: *mut PyObject) {
    // SAFETY: dead view we own.
    unsafe {
        crate::gc::untrack(p);
        crate::object::xdecref(std::mem::replace(
            &mut (*(p as *mut DictViewObject)).dv_dict,
            std::ptr::null_mut(),
        ));
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a dict view.
pub unsafe fn view_traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live field.
    let d = unsafe { (*(p as *mut DictViewObject)).dv_dict };
    if !d.is_null() {
        visit(d);
    }
}

fn d_keys(self_: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    view(self_, rt().types.dict_keys)
}
fn d_values(self_: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    view(self_, rt().types.dict_values)
}
fn d_items(self_: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    view(self_, rt().types.dict_items)
}
fn d_clear(self_: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    clear(self_);
    Ok(rt().none())
}
fn d_copy(self_: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    copy(self_)
}
fn d_fromkeys(cls: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let it = args
        .first()
        .ok_or_else(|| type_error("fromkeys expected at least 1 argument, got 0"))?;
    let v = args.get(1).cloned().unwrap_or_else(|| rt().none());
    let d = crate::ops::call(cls, &[], None)?;
    for k in crate::ops::collect(it)? {
        crate::ops::setitem(&d, &k, Some(&v))?;
    }
    Ok(d)
}
/// `METH_NOARGS` of `owner.name`: no arguments, positional or keyword.
fn no_args(owner: &str, name: &str, args: &[Obj], kw: Option<&Obj>) -> PyResult<()> {
    if kw.is_some_and(|k| super::tuple::len(k) > 0) {
        return Err(type_error(&format!(
            "{}.{}() takes no keyword arguments",
            owner, name
        )));
    }
    if !args.is_empty() {
        return Err(type_error(&format!(
            "{}.{}() takes no arguments ({} given)",
            owner,
            name,
            args.len()
        )));
    }
    Ok(())
}

/// `dict.__reversed__`: a `dict_reversekeyiterator`.
fn d_reversed(self_: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    no_args("dict", "__reversed__", args, kw)?;
    // SAFETY: the runtime's reverse key iterator type is live.
    unsafe { super::iter::new_dict_iter(rt().types.dict_reversekeyiterator, self_) }
}
fn d_sizeof(self_: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    super::int::from_usize(sizeof(self_))
}

pub static METHODS: &[MethodDef] = &[
    MethodDef::new("__init__", d_init),
    MethodDef::new("get", d_get),
    MethodDef::new("setdefault", d_setdefault),
    MethodDef::new("pop", d_pop),
    MethodDef::new("popitem", d_popitem),
    MethodDef::new("keys", d_keys),
    MethodDef::new("values", d_values),
    MethodDef::new("items", d_items),
    MethodDef::new("update", d_update),
    MethodDef::new("clear", d_clear),
    MethodDef::new("copy", d_copy),
    MethodDef::class("fromkeys", d_fromkeys),
    MethodDef::new("__sizeof__", d_sizeof),
    MethodDef::new("__reversed__", d_reversed),
    MethodDef::new("__getitem__", d_getitem_m),
    MethodDef::slot("__setitem__", d_setitem_m),
    MethodDef::slot("__delitem__", d_delitem_m),
    MethodDef::slot("__repr__", d_repr_m),
];

/// The dict a view (`dict_keys` etc.) shows.
pub fn view_dict(v: &Obj) -> Option<Obj> {
    // SAFETY: views have the DictViewObject layout.
    let p = unsafe { v.cast::<DictViewObject>().dv_dict };
    if p.is_null() {
        None
    } else {
        // SAFETY: live dict.
        Some(unsafe { Obj::from_borrowed(p) })
    }
}

pub fn view_len(v: &Obj) -> PyResult<usize> {
    Ok(view_dict(v).map(|d| len(&d)).unwrap_or(0))
}

pub fn view_iter(v: &Obj) -> PyResult<Obj> {
    let r = rt();
    let d = view_dict(v).ok_or_else(|| type_error("dict view without a dict"))?;
    let tp = if v.type_ptr() == r.types.dict_keys {
        r.types.dict_keyiterator
    } else if v.type_ptr() == r.types.dict_values {
        r.types.dict_valueiterator
    } else {
        r.types.dict_itemiterator
    };
    // SAFETY: tp is one of the runtime's live dict iterator types.
    unsafe { super::iter::new_dict_iter(tp, &d) }
}

/// `reversed(view)`: the matching reverse iterator over the view's dict.
fn view_reversed(v: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    no_args(v.typ().name(), "__reversed__", args, kw)?;
    let r = rt();
    let d = view_dict(v).ok_or_else(|| type_error("dict view without a dict"))?;
    let tp = if v.type_ptr() == r.types.dict_keys {
        r.types.dict_reversekeyiterator
    } else if v.type_ptr() == r.types.dict_values {
        r.types.dict_reversevalueiterator
    } else {
        r.types.dict_reverseitemiterator
    };
    // SAFETY: tp is one of the runtime's live dict iterator types.
    unsafe { super::iter::new_dict_iter(tp, &d) }
}

pub static VIEW_METHODS: &[MethodDef] = &[MethodDef::new("__reversed__", view_reversed)];

pub fn view_repr(v: &Obj) -> PyResult<Obj> {
    let items = crate::ops::collect(v)?;
    let inner = super::seq::repr_items(&items)?;
    super::str::new_str(&format!("{}([{}])", v.typ().name(), inner))
}

pub fn view_contains(v: &Obj, x: &Obj) -> PyResult<bool> {
    let r = rt();
    let d = view_dict(v).ok_or_else(|| type_error("dict view without a dict"))?;
    if v.type_ptr() == r.types.dict_keys {
        return contains(&d, x);
    }
    for it in crate::ops::collect(v)? {
        if crate::ops::eq(&it, x)? {
            return Ok(true);
        }
    }
    Ok(false)
}
