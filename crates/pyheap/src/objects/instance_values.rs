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

/// The attribute names shared by a class's instances.
#[derive(Default)]
pub struct SharedKeys {
    pub names: Vec<Obj>,
}

fn keys_of(t: *mut TypeObject) -> &'static mut SharedKeys {
    // SAFETY: t is a live heap type; its shared keys are created on first use and freed
    // only with the type.
    unsafe {
        if (*t).cached_keys.is_null() {
            (*t).cached_keys = Box::into_raw(Box::default());
        }
        &mut *(*t).cached_keys
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
    keys_of(t)
        .names
        .iter()
        .position(|n| n.is(name) || pystr::eq(n, name))
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
                let keys = keys_of(t);
                if keys.names.len() >= SHARED_KEYS_MAX_SIZE
                    || !crate::objects::is_exact(name, crate::runtime::rt().types.str)
                {
                    return Ok(false);
                }
                keys.names.push(pystr::intern(name.clone())?);
                keys.names.len() - 1
            }
        };
        if (*v).is_null() {
            let bytes = SHARED_KEYS_MAX_SIZE * std::mem::size_of::<*mut PyObject>();
            let mem = crate::heap::mem_malloc(bytes).map_err(|_| super::memory_error())?;
            std::ptr::write_bytes(mem.as_ptr(), 0, bytes);
            *v = mem.as_ptr() as *mut *mut PyObject;
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
        let taken: Vec<*mut PyObject> = (0..SHARED_KEYS_MAX_SIZE)
            .map(|i| std::mem::replace(&mut *values.add(i), std::ptr::null_mut()))
            .collect();
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
            for i in 0..SHARED_KEYS_MAX_SIZE {
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
            drop(Box::from_raw(k));
        }
    }
}
