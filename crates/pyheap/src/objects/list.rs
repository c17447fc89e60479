//! `list`: a 40-byte GC header object (56 with the GC header) pointing to a separately
//! allocated item array (`PyMem_Malloc`), with CPython's over-allocation:
//!
//! * growing to `n` items allocates `(n + n/8 + 6) & !3` slots, unless that is further from
//!   `n` than `n` is from the current size (then `(n + 3) & !3`); so appends give capacities
//!   0, 4, 8, 16, 24, 32, 40, 52, ...
//! * extending an empty list from a list or tuple preallocates exactly, rounded up to even
//!   (`[1, 2, 3]` has 4 slots: 88 bytes);
//! * `[x] * n`, concatenation and slicing allocate exactly.
//!
//! Up to 80 list headers are kept on a free list; their item arrays are always freed.

use super::{alloc_object, owned};
use crate::freelist::LIST_MAXFREELIST;
use crate::heap;
use crate::object::{xdecref, Obj, PyObject, PyVarObject};
use crate::runtime::{rt, PyResult};
use std::ptr::NonNull;

#[repr(C)]
pub struct ListObject {
    pub ob_base: PyVarObject,
    pub ob_item: *mut *mut PyObject,
    pub allocated: isize,
}

pub const BASIC_SIZE: usize = 40;

#[inline]
// Sound: the runtime is single-threaded and callers never keep two such borrows alive at once.
#[allow(clippy::mut_from_ref)]
fn raw(o: &Obj) -> &mut ListObject {
    // SAFETY: callers pass lists; the runtime is single-threaded and no other &mut to the
    // header is live across this borrow's uses.
    unsafe { &mut *(o.as_ptr() as *mut ListObject) }
}

#[inline]
pub fn len(o: &Obj) -> usize {
    raw(o).ob_base.ob_size as usize
}

pub fn allocated(o: &Obj) -> usize {
    raw(o).allocated as usize
}

/// The items as borrowed references. Valid until the list is next mutated.
#[inline]
pub fn items(o: &Obj) -> &[Obj] {
    let l = raw(o);
    if l.ob_item.is_null() {
        return &[];
    }
    // SAFETY: ob_item holds ob_size live items; Obj is a transparent pointer.
    unsafe { std::slice::from_raw_parts(l.ob_item as *const Obj, l.ob_base.ob_size as usize) }
}

/// A snapshot of the items (owned), safe to use while the list may change.
pub fn to_vec(o: &Obj) -> Vec<Obj> {
    items(o).to_vec()
}

/// Creates an empty list with room for exactly `capacity` items (`PyList_New` + size 0).
pub fn with_capacity(capacity: usize) -> PyResult<Obj> {
    let r = rt();
    let p = match r.freelists().list.pop() {
        Some(p) => {
            // SAFETY: a cached, dead list header; revive it.
            unsafe { (*p).ob_refcnt = 1 };
            p
        }
        // SAFETY: the runtime's list type is live.
        None => unsafe { alloc_object(r.types.list, BASIC_SIZE) }?,
    };
    // SAFETY: p is a list header we own.
    let o = unsafe { owned(p) };
    {
        let l = raw(&o);
        l.ob_base.ob_size = 0;
        l.allocated = 0;
        l.ob_item = std::ptr::null_mut();
    }
    if capacity > 0 {
        set_capacity(&o, capacity)?;
    }
    // SAFETY: fields valid.
    unsafe { crate::gc::track(p) };
    Ok(o)
}

/// Builds a list of exactly these items.
pub fn new_list(items: Vec<Obj>) -> PyResult<Obj> {
    let o = with_capacity(items.len())?;
    let l = raw(&o);
    for (i, it) in items.into_iter().enumerate() {
        // SAFETY: capacity is items.len().
        unsafe { *l.ob_item.add(i) = it.into_raw() };
    }
    l.ob_base.ob_size = l.allocated;
    Ok(o)
}

/// Builds a list of exactly `n` items from `items` (which yields at most `n`), writing
/// them straight into the new item array.
pub fn from_iter_exact(n: usize, items: impl Iterator<Item = Obj>) -> PyResult<Obj> {
    from_items_after_alloc(n, || items)
}

/// Like [`from_iter_exact`], for items read from other lists: `items` is called only once
/// the new list is allocated. Allocating may run the collector, and with it weak
/// reference callbacks or finalizers that change any list, so a view of a list's items
/// taken before could point at freed memory (CPython's `test/crashers/
/// mutation_inside_cyclegc.py`).
pub fn from_items_after_alloc<I: Iterator<Item = Obj>>(
    n: usize,
    items: impl FnOnce() -> I,
) -> PyResult<Obj> {
    let o = with_capacity(n)?;
    let items = items();
    let l = raw(&o);
    let mut count = 0;
    for it in items.take(n) {
        // SAFETY: capacity is n and count < n.
        unsafe { *l.ob_item.add(count) = it.into_raw() };
        count += 1;
        l.ob_base.ob_size = count as isize;
    }
    Ok(o)
}

fn set_capacity(o: &Obj, cap: usize) -> PyResult<()> {
    let l = raw(o);
    let bytes = cap.checked_mul(8).ok_or_else(super::memory_error)?;
    let p = if l.ob_item.is_null() {
        heap::mem_malloc(bytes)
    } else {
        // SAFETY: ob_item came from mem_malloc/mem_realloc.
        unsafe { heap::mem_realloc(NonNull::new_unchecked(l.ob_item as *mut u8), bytes) }
    }
    .map_err(|_| super::memory_error())?;
    l.ob_item = p.as_ptr() as *mut *mut PyObject;
    l.allocated = cap as isize;
    Ok(())
}

/// `list_resize`: makes room for `newsize` items with CPython's over-allocation.
pub fn resize(o: &Obj, newsize: usize) -> PyResult<()> {
    let l = raw(o);
    let allocated = l.allocated as usize;
    if allocated >= newsize && newsize >= (allocated >> 1) {
        l.ob_base.ob_size = newsize as isize;
        return Ok(());
    }
    let mut new_allocated = (newsize + (newsize >> 3) + 6) & !3;
    if newsize - (l.ob_base.ob_size as usize).min(newsize) > new_allocated - newsize {
        new_allocated = (newsize + 3) & !3;
    }
    if newsize == 0 {
        new_allocated = 0;
    }
    if new_allocated == 0 {
        if !l.ob_item.is_null() {
            // SAFETY: the array came from mem_malloc.
            unsafe { heap::mem_free(NonNull::new_unchecked(l.ob_item as *mut u8)) };
        }
        l.ob_item = std::ptr::null_mut();
        l.allocated = 0;
    } else {
        set_capacity(o, new_allocated)?;
    }
    raw(o).ob_base.ob_size = newsize as isize;
    Ok(())
}

/// `list.append`.
pub fn append(o: &Obj, item: Obj) -> PyResult<()> {
    let n = len(o);
    if (raw(o).allocated as usize) > n {
        let l = raw(o);
        // SAFETY: slot n is within capacity.
        unsafe { *l.ob_item.add(n) = item.into_raw() };
        l.ob_base.ob_size = n as isize + 1;
        return Ok(());
    }
    resize(o, n + 1)?;
    // SAFETY: resize made room for n+1 items.
    unsafe { *raw(o).ob_item.add(n) = item.into_raw() };
    Ok(())
}

/// `list.extend` from a sequence of items already materialised.
pub fn extend(o: &Obj, new_items: Vec<Obj>) -> PyResult<()> {
    if new_items.is_empty() {
        return Ok(());
    }
    let m = len(o);
    let n = new_items.len();
    if raw(o).ob_item.is_null() {
        // list_preallocate_exact: rounded up to even.
        set_capacity(o, (n + 1) & !1)?;
        raw(o).ob_base.ob_size = n as isize;
    } else {
        resize(o, m + n)?;
    }
    let l = raw(o);
    for (i, it) in new_items.into_iter().enumerate() {
        // SAFETY: room for m+n items.
        unsafe { *l.ob_item.add(m + i) = it.into_raw() };
    }
    Ok(())
}

/// Replaces item `i` (in range), releasing the old one after the store.
pub fn set(o: &Obj, i: usize, item: Obj) {
    let l = raw(o);
    // SAFETY: i < len checked by callers.
    let old = unsafe { std::mem::replace(&mut *l.ob_item.add(i), item.into_raw()) };
    // SAFETY: the list owned old.
    unsafe { crate::object::decref(old) };
}

/// Removes and returns item `i` (in range).
pub fn pop(o: &Obj, i: usize) -> PyResult<Obj> {
    let n = len(o);
    let l = raw(o);
    // SAFETY: i < n; shift the tail down by one.
    let item = unsafe {
        let it = *l.ob_item.add(i);
        std::ptr::copy(l.ob_item.add(i + 1), l.ob_item.add(i), n - i - 1);
        Obj::from_owned(it)
    };
    resize(o, n - 1)?;
    Ok(item)
}

/// Inserts before index `i` (clamped by callers).
pub fn insert(o: &Obj, i: usize, item: Obj) -> PyResult<()> {
    let n = len(o);
    resize(o, n + 1)?;
    let l = raw(o);
    // SAFETY: room for n+1; shift tail up by one.
    unsafe {
        std::ptr::copy(l.ob_item.add(i), l.ob_item.add(i + 1), n - i);
        *l.ob_item.add(i) = item.into_raw();
    }
    Ok(())
}

/// Replaces the whole contents (used by slice assignment, sort, clear, reverse).
/// The old items are released after the new contents are in place, as CPython does, so a
/// `__del__` that looks at the list sees the new state.
pub fn replace_all(o: &Obj, new_items: Vec<Obj>) -> PyResult<()> {
    let old = take_items(o);
    if !new_items.is_empty() {
        let n = new_items.len();
        set_capacity(o, n)?;
        let l = raw(o);
        for (i, it) in new_items.into_iter().enumerate() {
            // SAFETY: capacity n.
            unsafe { *l.ob_item.add(i) = it.into_raw() };
        }
        l.ob_base.ob_size = n as isize;
    }
    drop(old);
    Ok(())
}

/// Empties the list, returning its items and freeing the array.
fn take_items(o: &Obj) -> Vec<Obj> {
    let l = raw(o);
    let n = l.ob_base.ob_size as usize;
    let mut v = Vec::with_capacity(n);
    if !l.ob_item.is_null() {
        for i in 0..n {
            // SAFETY: each slot holds an owned item.
            v.push(unsafe { Obj::from_owned(*l.ob_item.add(i)) });
        }
        // SAFETY: array from mem_malloc.
        unsafe { heap::mem_free(NonNull::new_unchecked(l.ob_item as *mut u8)) };
    }
    l.ob_item = std::ptr::null_mut();
    l.ob_base.ob_size = 0;
    l.allocated = 0;
    v
}

pub fn sizeof(o: &Obj) -> usize {
    BASIC_SIZE + 8 * allocated(o)
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: p is a dead list we own.
    unsafe {
        crate::gc::untrack(p);
        // Items are released last to first, then the array, as CPython's list_dealloc
        // does. Nothing can reach the dead list meanwhile.
        let l = &mut *(p as *mut ListObject);
        let array = std::mem::replace(&mut l.ob_item, std::ptr::null_mut());
        let n = l.ob_base.ob_size as usize;
        l.ob_base.ob_size = 0;
        l.allocated = 0;
        if !array.is_null() {
            for i in (0..n).rev() {
                xdecref(*array.add(i));
            }
            heap::mem_free(NonNull::new_unchecked(array as *mut u8));
        }
        let r = rt();
        if (*p).ob_type == r.types.list && r.freelists().list.len() < LIST_MAXFREELIST {
            r.freelists().list.push(p);
            return;
        }
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a list.
pub unsafe fn traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: items are live.
    let l = unsafe { &*(p as *mut ListObject) };
    for i in 0..l.ob_base.ob_size as usize {
        // SAFETY: i < size.
        visit(unsafe { *l.ob_item.add(i) });
    }
}

/// # Safety
/// `p` is a list found unreachable.
pub unsafe fn clear(p: *mut PyObject) {
    // SAFETY: borrow p as an Obj without changing its count.
    let o = std::mem::ManuallyDrop::new(unsafe { Obj::from_owned(p) });
    drop(take_items(&o));
}

use super::descr::MethodDef;
use super::exceptions::{index_error, type_error, value_error};

pub fn repr(o: &Obj) -> PyResult<Obj> {
    if len(o) == 0 {
        return super::str::new_str("[]");
    }
    crate::ops::repr_guard(o, "[...]", || {
        let inner = super::seq::repr_items(&to_vec(o))?;
        super::str::new_str(&format!("[{}]", inner))
    })
}

pub fn len_slot(o: &Obj) -> PyResult<usize> {
    Ok(len(o))
}

pub fn richcompare(a: &Obj, b: &Obj, op: crate::typeobj::CompareOp) -> PyResult<Obj> {
    let r = rt();
    if !super::is_instance(b, r.types.list) {
        return Ok(r.not_implemented());
    }
    Ok(r.bool_obj(super::seq::compare(&to_vec(a), &to_vec(b), op)?))
}

fn check_index_type(key: &Obj) -> PyResult<()> {
    use crate::typeobj::Kind;
    if !matches!(crate::ops::kind(key), Kind::Int | Kind::Bool) && !key.typ().is_heap() {
        return Err(type_error(&format!(
            "list indices must be integers or slices, not {}",
            key.typ().name()
        )));
    }
    Ok(())
}

pub fn getitem(o: &Obj, key: &Obj) -> PyResult<Obj> {
    if crate::ops::kind(key) == crate::typeobj::Kind::Slice {
        let (start, _, step, n) = super::slice::indices(key, len(o))?;
        // Computing the indices may run `__index__`, and allocating the result the
        // collector, either of which may change the list: read it afresh, after both, and
        // never past its current end.
        return from_items_after_alloc(n, || {
            let items = items(o);
            (0..n as isize)
                .map(move |k| start + k * step)
                .take_while(move |&i| (i as usize) < items.len())
                .map(move |i| items[i as usize].clone())
        });
    }
    check_index_type(key)?;
    match super::seq::index(key, len(o))? {
        Some(i) => Ok(items(o)[i].clone()),
        None => Err(super::seq::index_error("list")),
    }
}

pub fn setitem(o: &Obj, key: &Obj, value: Option<&Obj>) -> PyResult<()> {
    if crate::ops::kind(key) == crate::typeobj::Kind::Slice {
        let items = to_vec(o);
        let (start, stop, step, n) = super::slice::indices(key, items.len())?;
        match value {
            None => {
                let mut keep = Vec::with_capacity(items.len());
                let mut remove = vec![false; items.len()];
                let mut i = start;
                for _ in 0..n {
                    remove[i as usize] = true;
                    i += step;
                }
                for (j, it) in items.into_iter().enumerate() {
                    if !remove[j] {
                        keep.push(it);
                    }
                }
                return replace_all(o, keep);
            }
            Some(v) => {
                let new_items = crate::ops::collect(v)?;
                if step == 1 {
                    let stop = stop.max(start) as usize;
                    let mut out = items[..start as usize].to_vec();
                    out.extend(new_items);
                    out.extend(items[stop..].iter().cloned());
                    return replace_all(o, out);
                }
                if new_items.len() != n {
                    return Err(value_error(&format!(
                        "attempt to assign sequence of size {} to extended slice of size {}",
                        new_items.len(),
                        n
                    )));
                }
                let mut i = start;
                for it in new_items {
                    set(o, i as usize, it);
                    i += step;
                }
                return Ok(());
            }
        }
    }
    check_index_type(key)?;
    let Some(i) = super::seq::index(key, len(o))? else {
        return Err(index_error("list assignment index out of range"));
    };
    match value {
        Some(v) => {
            set(o, i, v.clone());
            Ok(())
        }
        None => {
            drop(pop(o, i)?);
            Ok(())
        }
    }
}

pub fn contains(o: &Obj, item: &Obj) -> PyResult<bool> {
    let mut i = 0;
    while i < len(o) {
        let it = items(o)[i].clone();
        if crate::ops::eq(&it, item)? {
            return Ok(true);
        }
        i += 1;
    }
    Ok(false)
}

pub fn iter(o: &Obj) -> PyResult<Obj> {
    // SAFETY: the runtime's list_iterator type is live and has the seqiter layout.
    unsafe { super::iter::new_seq_iter(rt().types.list_iterator, o) }
}

/// `list.__new__`: an empty list of the (sub)class; `__init__` fills it.
pub fn new(cls: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    if cls.as_ptr() == rt().types.list as *mut PyObject {
        return with_capacity(0);
    }
    // SAFETY: `cls` is the live class `__new__` was called on, a list subclass.
    let p = unsafe { alloc_object(cls.as_ptr() as *mut crate::typeobj::TypeObject, BASIC_SIZE) }?;
    // SAFETY: fresh list-layout instance (zeroed: empty).
    unsafe {
        crate::gc::track(p);
        Ok(owned(p))
    }
}

fn l_init(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    if args.len() > 1 {
        return Err(type_error(&format!(
            "list expected at most 1 argument, got {}",
            args.len()
        )));
    }
    replace_all(self_, vec![])?;
    if let Some(it) = args.first() {
        let items = crate::ops::collect(it)?;
        extend(self_, items)?;
    }
    Ok(rt().none())
}

fn arg<'a>(args: &'a [Obj], name: &str, n: usize) -> PyResult<&'a Obj> {
    args.first().ok_or_else(|| {
        type_error(&format!(
            "{}() takes exactly {} argument ({} given)",
            name,
            n,
            args.len()
        ))
    })
}

fn l_append(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    if args.len() != 1 {
        return Err(type_error(&format!(
            "list.append() takes exactly one argument ({} given)",
            args.len()
        )));
    }
    append(self_, args[0].clone())?;
    Ok(rt().none())
}

fn l_extend(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let it = arg(args, "extend", 1)?;
    let items = crate::ops::collect(it)?;
    extend(self_, items)?;
    Ok(rt().none())
}

fn l_pop(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let n = len(self_);
    if n == 0 {
        return Err(index_error("pop from empty list"));
    }
    let i = match args.first() {
        Some(k) => super::seq::index(k, n)?.ok_or_else(|| index_error("pop index out of range"))?,
        None => n - 1,
    };
    pop(self_, i)
}

fn l_insert(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    if args.len() != 2 {
        return Err(type_error(&format!(
            "insert expected 2 arguments, got {}",
            args.len()
        )));
    }
    let n = len(self_) as i64;
    let mut i = crate::ops::index_value(&args[0])?;
    if i < 0 {
        i = (i + n).max(0);
    }
    insert(self_, i.min(n) as usize, args[1].clone())?;
    Ok(rt().none())
}

fn l_remove(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let v = arg(args, "remove", 1)?;
    let mut i = 0;
    while i < len(self_) {
        let it = items(self_)[i].clone();
        if crate::ops::eq(&it, v)? {
            drop(pop(self_, i)?);
            return Ok(rt().none());
        }
        i += 1;
    }
    Err(value_error("list.remove(x): x not in list"))
}

fn l_index(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let v = args
        .first()
        .ok_or_else(|| type_error("index expected at least 1 argument, got 0"))?;
    let its = to_vec(self_);
    let (start, stop) = super::seq::index_bounds(args, its.len())?;
    for (i, it) in its.iter().enumerate().take(stop).skip(start) {
        if crate::ops::eq(it, v)? {
            return super::int::from_usize(i);
        }
    }
    Err(value_error(&format!(
        "{} is not in list",
        crate::ops::repr_string(v)?
    )))
}

fn l_count(self_: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let v = arg(args, "count", 1)?;
    let mut n = 0;
    for it in to_vec(self_) {
        if crate::ops::eq(&it, v)? {
            n += 1;
        }
    }
    super::int::from_usize(n)
}

fn l_clear(self_: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    for it in take_items(self_).into_iter().rev() {
        drop(it);
    }
    Ok(rt().none())
}

fn l_copy(self_: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    from_items_after_alloc(len(self_), || items(self_).iter().cloned())
}

fn l_reverse(self_: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let l = raw(self_);
    if !l.ob_item.is_null() {
        // SAFETY: the array holds len items; reversing in place keeps ownership.
        unsafe { std::slice::from_raw_parts_mut(l.ob_item, l.ob_base.ob_size as usize).reverse() };
    }
    Ok(rt().none())
}

/// `list.sort(*, key=None, reverse=False)`: a stable merge sort. While sorting, the list
/// is empty (CPython detects mutation during the sort the same way).
fn l_sort(self_: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let nkw = kwnames.map(super::tuple::len).unwrap_or(0);
    if args.len() > nkw {
        return Err(type_error("sort() takes no positional arguments"));
    }
    let mut key = None;
    let mut reverse = false;
    if let Some(k) = kwnames {
        for (i, name) in super::tuple::items(k).iter().enumerate() {
            let v = &args[args.len() - nkw + i];
            match &*super::str::as_str(name) {
                "key" => {
                    if !rt().is_none(v) {
                        key = Some(v.clone())
                    }
                }
                "reverse" => reverse = crate::ops::truthy(v)?,
                other => {
                    return Err(type_error(&format!(
                        "sort() got an unexpected keyword argument '{}'",
                        other
                    )))
                }
            }
        }
    }
    let items = to_vec(self_);
    replace_all(self_, vec![])?;
    let sorted = sort_items(items, key.as_ref(), reverse);
    let restore = match &sorted {
        Ok(v) => v.clone(),
        Err(_) => vec![],
    };
    if len(self_) != 0 {
        return Err(value_error("list modified during sort"));
    }
    match sorted {
        Ok(_) => {
            replace_all(self_, restore)?;
            Ok(rt().none())
        }
        Err((e, original)) => {
            replace_all(self_, original)?;
            Err(e)
        }
    }
}

/// Sorts with `<` (or the key's `<`); on error returns the original order.
#[allow(clippy::type_complexity)]
pub fn sort_items(
    items: Vec<Obj>,
    key: Option<&Obj>,
    reverse: bool,
) -> Result<Vec<Obj>, (crate::runtime::PyErr, Vec<Obj>)> {
    let keys = match key {
        Some(k) => {
            let mut ks = Vec::with_capacity(items.len());
            for it in &items {
                match crate::ops::call(k, std::slice::from_ref(it), None) {
                    Ok(v) => ks.push(v),
                    Err(e) => return Err((e, items)),
                }
            }
            ks
        }
        None => items.clone(),
    };
    let mut idx: Vec<usize> = (0..items.len()).collect();
    if reverse {
        idx.reverse();
    }
    let mut err = None;
    // Stable merge sort on indices using Python's `<`.
    let mut less = |a: usize, b: usize| -> bool {
        if err.is_some() {
            return false;
        }
        match crate::ops::compare_bool(&keys[a], &keys[b], crate::typeobj::CompareOp::Lt) {
            Ok(v) => v,
            Err(e) => {
                err = Some(e);
                false
            }
        }
    };
    merge_sort(&mut idx, &mut less);
    if reverse {
        idx.reverse();
    }
    if let Some(e) = err {
        return Err((e, items));
    }
    let mut slots: Vec<Option<Obj>> = items.into_iter().map(Some).collect();
    Ok(idx.into_iter().filter_map(|i| slots[i].take()).collect())
}

fn merge_sort(v: &mut [usize], less: &mut dyn FnMut(usize, usize) -> bool) {
    let n = v.len();
    if n <= 1 {
        return;
    }
    if n <= 16 {
        for i in 1..n {
            let mut j = i;
            while j > 0 && less(v[j], v[j - 1]) {
                v.swap(j, j - 1);
                j -= 1;
            }
        }
        return;
    }
    let mid = n / 2;
    merge_sort(&mut v[..mid], less);
    merge_sort(&mut v[mid..], less);
    let mut out = Vec::with_capacity(n);
    let (mut i, mut j) = (0, mid);
    while i < mid && j < n {
        if less(v[j], v[i]) {
            out.push(v[j]);
            j += 1;
        } else {
            out.push(v[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&v[i..mid]);
    out.extend_from_slice(&v[j..n]);
    v.copy_from_slice(&out);
}

fn l_sizeof(self_: &Obj, _args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    super::int::from_usize(sizeof(self_))
}

pub static METHODS: &[MethodDef] = &[
    MethodDef::new("__init__", l_init),
    MethodDef::new("append", l_append),
    MethodDef::new("extend", l_extend),
    MethodDef::new("pop", l_pop),
    MethodDef::new("insert", l_insert),
    MethodDef::new("remove", l_remove),
    MethodDef::new("index", l_index),
    MethodDef::new("count", l_count),
    MethodDef::new("clear", l_clear),
    MethodDef::new("copy", l_copy),
    MethodDef::new("reverse", l_reverse),
    MethodDef::new("sort", l_sort),
    MethodDef::new("__sizeof__", l_sizeof),
];
