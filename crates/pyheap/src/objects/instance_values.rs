//! Instance attributes without a dict: CPython 3.11's "inline values".
//!
//! An instance of a class with a managed `__dict__` stores its attribute *values* in an
//! array hung off its pre-header, while the attribute *names* are kept once per class in
//! shared keys (up to [`SHARED_KEYS_MAX_SIZE`] names, in first-assignment order). No dict
//! object exists until something asks for `__dict__`; then one is built from the values
//! (in the shared keys' order) and takes over. This is why, as on CPython 3.11, a cycle
//! of two plain instances is 2 objects for the collector, not 4.

use crate::object::{decref, xdecref, Obj, PyObject};
use crate::objects::{dict, str as pystr};
use crate::runtime::PyResult;
use crate::typeobj::TypeObject;
use std::ptr::NonNull;

/// Most attribute names a class's shared keys hold (`SHARED_KEYS_MAX_SIZE`).
pub const SHARED_KEYS_MAX_SIZE: usize = 30;

/// CPython allocates a class's shared keys with room for 64 entries
/// (`NEXT_LOG2_SHARED_KEYS_MAX_SIZE`).
pub const SHARED_KEYS_LOG2_SIZE: u8 = 6;

/// The attribute names shared by a class's instances.
pub struct SharedKeys {
    pub names: Vec<Obj>,
    /// CPython's `dk_usable` of the class's shared keys: starts at
    /// [`SHARED_KEYS_MAX_SIZE`], drops by one for each instance created (down to 1, as
    /// `init_inline_values` does) and for each new name. A new name needs one left.
    /// `sys.getsizeof` of a materialised `__dict__` counts `names + usable` value slots.
    pub usable: usize,
    /// Materialised `__dict__`s still sharing these keys (CPython's split tables, which
    /// hold `dk_refcnt` references). The keys outlive their class while any remain.
    sharers: usize,
    /// The class is gone; the last sharer frees the keys.
    orphaned: bool,
}

impl Default for SharedKeys {
    fn default() -> Self {
        SharedKeys {
            names: Vec::new(),
            usable: SHARED_KEYS_MAX_SIZE,
            sharers: 0,
            orphaned: false,
        }
    }
}

impl SharedKeys {
    fn index_of(&self, name: &Obj) -> Option<usize> {
        self.names
            .iter()
            .position(|n| n.is(name) || pystr::eq(n, name))
    }

    /// Whether a single split table is all that holds these keys (CPython's
    /// `dk_refcnt == 1`: the class is gone), so its size includes theirs.
    pub fn sole_sharer(&self) -> bool {
        self.orphaned && self.sharers == 1
    }

    /// CPython's `shared_keys_usable_size`: the value slots a split table counts.
    pub fn usable_size(&self) -> usize {
        self.names.len() + self.usable
    }

    /// A key is being added to a table sharing these keys: whether it can stay shared
    /// (an exact str that is already a name, or with room for one more).
    pub fn key_added(&mut self, key: &Obj) -> PyResult<bool> {
        if !crate::objects::is_exact(key, crate::runtime::rt().types.str) {
            return Ok(false);
        }
        if self.index_of(key).is_some() {
            return Ok(true);
        }
        if self.usable == 0 {
            return Ok(false);
        }
        self.names.push(pystr::intern(key.clone())?);
        self.usable -= 1;
        Ok(true)
    }
}

fn keys_of(t: *mut TypeObject) -> &'static mut SharedKeys {
    // SAFETY: t is a live heap type; its shared keys are created on first use and freed
    // with the type (or by their last sharer after it).
    unsafe {
        if (*t).cached_keys.is_null() {
            (*t).cached_keys = Box::into_raw(Box::default());
        }
        &mut *(*t).cached_keys
    }
}

/// An instance of `t` (a class with a managed dict) was created: CPython sizes its values
/// array from the shared keys and takes one slot of headroom from them.
pub fn instance_created(t: *mut TypeObject) {
    let keys = keys_of(t);
    if keys.usable > 1 {
        keys.usable -= 1;
    }
}

/// A dict built from an instance of `t` starts sharing `t`'s keys.
pub fn share(t: *mut TypeObject) -> *mut SharedKeys {
    let keys = keys_of(t);
    keys.sharers += 1;
    keys
}

/// A copy of a dict sharing `keys` shares them too (CPython's split-table copy).
///
/// # Safety
/// `keys` are live shared keys (some dict shares them).
pub unsafe fn share_again(keys: *mut SharedKeys) -> *mut SharedKeys {
    // SAFETY: caller contract.
    unsafe { (*keys).sharers += 1 };
    keys
}

/// A dict stops sharing `keys` (from [`share`]).
///
/// # Safety
/// `keys` came from [`share`] and this dict has not unshared it before.
pub unsafe fn unshare(keys: *mut SharedKeys) {
    // SAFETY: caller contract: the keys are live while they have sharers.
    unsafe {
        (*keys).sharers -= 1;
        if (*keys).orphaned && (*keys).sharers == 0 {
            drop(Box::from_raw(keys));
        }
    }
}

/// The `[dict, values]` pre-header words of an instance with a managed dict.
fn preheader(o: &Obj) -> Option<(*mut *mut PyObject, *mut *mut *mut PyObject)> {
    let t = o.typ();
    if !t.has_managed_dict() {
        return None;
    }
    // SAFETY: managed-dict objects start with [dict ptr, values ptr] in the pre-header.
    unsafe {
        let base = (o.as_ptr() as *mut u8).sub(t.preheader_size()) as *mut *mut PyObject;
        Some((base, base.add(1) as *mut *mut *mut PyObject))
    }
}

/// Whether the instance has a materialised dict.
pub fn has_dict(o: &Obj) -> bool {
    // SAFETY: the slot is valid for managed-dict objects.
    preheader(o).is_some_and(|(d, _)| unsafe { !(*d).is_null() })
}

fn index_of(t: *mut TypeObject, name: &Obj) -> Option<usize> {
    keys_of(t).index_of(name)
}

/// The index of `name` among the shared keys of class `t` (an index never changes: names
/// are only ever added).
pub fn key_index(t: *mut TypeObject, name: &Obj) -> Option<usize> {
    index_of(t, name)
}

/// How many names the shared keys of class `t` hold.
pub fn key_count(t: *mut TypeObject) -> usize {
    keys_of(t).names.len()
}

/// The value at `index` of the instance's values array: `None` when that slot is empty,
/// or the instance has no values (a materialised dict, or no attribute set yet).
#[inline]
pub fn get_at(o: &Obj, index: usize) -> Option<Obj> {
    let (d, v) = preheader(o)?;
    if index >= SHARED_KEYS_MAX_SIZE {
        return None;
    }
    // SAFETY: valid pre-header slots; the values array holds SHARED_KEYS_MAX_SIZE slots.
    unsafe {
        if !(*d).is_null() || (*v).is_null() {
            return None;
        }
        let p = *(*v).add(index);
        if p.is_null() {
            None
        } else {
            Some(Obj::from_borrowed(p))
        }
    }
}

/// Whether the instance has no materialised dict (its attributes live in its values).
#[inline]
pub fn in_values_mode(o: &Obj) -> bool {
    // SAFETY: valid pre-header slot.
    preheader(o).is_some_and(|(d, _)| unsafe { (*d).is_null() })
}

/// Stores `value` at `index` of the instance's values array (making the array if this is
/// its first attribute). `Ok(false)` when the instance has a materialised dict instead.
#[inline]
pub fn set_at(o: &Obj, index: usize, value: &Obj) -> PyResult<bool> {
    let Some((d, v)) = preheader(o) else {
        return Ok(false);
    };
    if index >= SHARED_KEYS_MAX_SIZE {
        return Ok(false);
    }
    // SAFETY: valid pre-header slots; a new values array is zeroed before use.
    unsafe {
        if !(*d).is_null() {
            return Ok(false);
        }
        if (*v).is_null() {
            *v = new_values()?;
        }
        let old = std::mem::replace(&mut *(*v).add(index), value.clone().into_raw());
        xdecref(old);
    }
    Ok(true)
}

/// A zeroed values array.
fn new_values() -> PyResult<*mut *mut PyObject> {
    let bytes = SHARED_KEYS_MAX_SIZE * std::mem::size_of::<*mut PyObject>();
    let mem = crate::heap::mem_malloc(bytes).map_err(|_| super::memory_error())?;
    // SAFETY: a fresh block of `bytes` bytes.
    unsafe { std::ptr::write_bytes(mem.as_ptr(), 0, bytes) };
    Ok(mem.as_ptr() as *mut *mut PyObject)
}

/// Looks up an attribute in the values array. `None` when absent (or dict mode).
pub fn get(o: &Obj, name: &Obj) -> Option<Obj> {
    let (d, v) = preheader(o)?;
    // SAFETY: valid pre-header slots; the values array holds SHARED_KEYS_MAX_SIZE slots.
    unsafe {
        if !(*d).is_null() || (*v).is_null() {
            return None;
        }
        let i = index_of(o.type_ptr(), name)?;
        let p = *(*v).add(i);
        if p.is_null() {
            None
        } else {
            Some(Obj::from_borrowed(p))
        }
    }
}

/// Stores an attribute in the values array. `Ok(false)` when it must go to a dict instead
/// (already materialised, or the shared keys are full).
pub fn set(o: &Obj, name: &Obj, value: &Obj) -> PyResult<bool> {
    let Some((d, v)) = preheader(o) else {
        return Ok(false);
    };
    // SAFETY: valid pre-header slots.
    unsafe {
        if !(*d).is_null() {
            return Ok(false);
        }
        let t = o.type_ptr();
        let i = match index_of(t, name) {
            Some(i) => i,
            None => {
                if !keys_of(t).key_added(name)? {
                    return Ok(false);
                }
                keys_of(t).names.len() - 1
            }
        };
        if (*v).is_null() {
            *v = new_values()?;
        }
        let slot = (*v).add(i);
        let old = std::mem::replace(&mut *slot, value.clone().into_raw());
        xdecref(old);
    }
    Ok(true)
}

/// Deletes an attribute from the values array: `Some(found)`, or `None` in dict mode.
pub fn delete(o: &Obj, name: &Obj) -> Option<bool> {
    let (d, v) = preheader(o)?;
    // SAFETY: valid pre-header slots.
    unsafe {
        if !(*d).is_null() {
            return None;
        }
        if (*v).is_null() {
            return Some(false);
        }
        let Some(i) = index_of(o.type_ptr(), name) else {
            return Some(false);
        };
        let old = std::mem::replace(&mut *(*v).add(i), std::ptr::null_mut());
        if old.is_null() {
            return Some(false);
        }
        decref(old);
        Some(true)
    }
}

/// The instance's `__dict__`, building it from the values on first request.
pub fn materialize(o: &Obj) -> PyResult<Option<Obj>> {
    let Some((d, v)) = preheader(o) else {
        return Ok(None);
    };
    // SAFETY: valid pre-header slots; the values array is released once its references
    // have moved into the new dict.
    unsafe {
        if !(*d).is_null() {
            return Ok(Some(Obj::from_borrowed(*d)));
        }
        let nd = dict::new_dict()?;
        if !(*v).is_null() {
            let names = keys_of(o.type_ptr()).names.clone();
            for (i, n) in names.iter().enumerate() {
                let p = *(*v).add(i);
                if !p.is_null() {
                    dict::set_item(&nd, n, &Obj::from_borrowed(p))?;
                }
            }
            free_values(*v);
            *v = std::ptr::null_mut();
        }
        dict::share_keys_of(&nd, o.type_ptr());
        *d = nd.clone().into_raw();
        Ok(Some(nd))
    }
}

/// Releases a values array and every value in it (in index order).
///
/// # Safety
/// `values` came from [`set`] and is no longer referenced by its instance.
unsafe fn free_values(values: *mut *mut PyObject) {
    // SAFETY: SHARED_KEYS_MAX_SIZE slots, each a live object or null, owned by the array.
    unsafe {
        let mut taken = [std::ptr::null_mut::<PyObject>(); SHARED_KEYS_MAX_SIZE];
        for (i, slot) in taken.iter_mut().enumerate() {
            *slot = std::mem::replace(&mut *values.add(i), std::ptr::null_mut());
        }
        crate::heap::mem_free(NonNull::new_unchecked(values as *mut u8));
        for p in taken {
            xdecref(p);
        }
    }
}

/// Drops the instance's values (`tp_clear` / deallocation).
///
/// # Safety
/// `p` is an instance whose type has a managed dict.
pub unsafe fn clear(p: *mut PyObject, preheader_size: usize) {
    // SAFETY: caller contract.
    unsafe {
        let v = (p as *mut u8).sub(preheader_size).add(8) as *mut *mut *mut PyObject;
        let values = std::mem::replace(&mut *v, std::ptr::null_mut());
        if !values.is_null() {
            free_values(values);
        }
    }
}

/// Visits the instance's values (`tp_traverse`).
///
/// # Safety
/// `p` is an instance whose type has a managed dict.
pub unsafe fn traverse(
    p: *mut PyObject,
    preheader_size: usize,
    visit: &mut dyn FnMut(*mut PyObject),
) {
    // SAFETY: caller contract.
    unsafe {
        let v = *((p as *mut u8).sub(preheader_size).add(8) as *mut *mut *mut PyObject);
        if !v.is_null() {
            // Values are only ever stored at the index of a name in the class's shared
            // keys, so the slots past the names are empty.
            let keys = (*(*p).ob_type).cached_keys;
            let used = if keys.is_null() {
                SHARED_KEYS_MAX_SIZE
            } else {
                (*keys).names.len().min(SHARED_KEYS_MAX_SIZE)
            };
            for i in 0..used {
                let x = *v.add(i);
                if !x.is_null() {
                    visit(x);
                }
            }
        }
    }
}

/// The attribute names currently set on an instance in values mode.
pub fn names(o: &Obj) -> Vec<Obj> {
    let Some((d, v)) = preheader(o) else {
        return vec![];
    };
    // SAFETY: valid pre-header slots.
    unsafe {
        if !(*d).is_null() || (*v).is_null() {
            return vec![];
        }
        keys_of(o.type_ptr())
            .names
            .iter()
            .enumerate()
            .filter(|(i, _)| !(*(*v).add(*i)).is_null())
            .map(|(_, n)| n.clone())
            .collect()
    }
}

/// Frees a type's shared keys.
///
/// # Safety
/// `t` is a heap type being deallocated.
pub unsafe fn free_keys(t: *mut TypeObject) {
    // SAFETY: the keys were boxed by keys_of.
    unsafe {
        let k = std::mem::replace(&mut (*t).cached_keys, std::ptr::null_mut());
        if !k.is_null() {
            if (*k).sharers == 0 {
                drop(Box::from_raw(k));
            } else {
                (*k).orphaned = true;
            }
        }
    }
}
