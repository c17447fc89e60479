//! Iterators over built-in sequences and dicts (`listiterator` and friends: 32 bytes + 16 GC).

use super::{alloc_object, owned};
use crate::object::{xdecref, Obj, PyObject};
use crate::runtime::{rt, PyResult};
use crate::typeobj::TypeObject;

/// An index into a sequence it holds a reference to; the reference is dropped when
/// exhausted, as CPython does.
#[repr(C)]
pub struct SeqIterObject {
    pub ob_base: PyObject,
    pub index: isize,
    pub seq: *mut PyObject,
}

pub fn new_seq_iter(tp: *mut TypeObject, seq: &Obj) -> PyResult<Obj> {
    let p = alloc_object(tp, std::mem::size_of::<SeqIterObject>())?;
    // SAFETY: fresh iterator.
    unsafe {
        let it = &mut *(p as *mut SeqIterObject);
        it.seq = seq.clone().into_raw();
        crate::gc::track(p);
        Ok(owned(p))
    }
}

fn parts(o: &Obj) -> (&mut SeqIterObject, Option<Obj>) {
    // SAFETY: o is a sequence iterator.
    let it = unsafe { o.cast_mut::<SeqIterObject>() };
    let seq = if it.seq.is_null() {
        None
    } else {
        // SAFETY: live.
        Some(unsafe { Obj::from_borrowed(it.seq) })
    };
    (it, seq)
}

fn exhaust(it: &mut SeqIterObject) {
    let old = std::mem::replace(&mut it.seq, std::ptr::null_mut());
    // SAFETY: owned reference.
    unsafe { xdecref(old) };
}

pub fn list_next(o: &Obj) -> PyResult<Option<Obj>> {
    let (it, seq) = parts(o);
    let Some(seq) = seq else { return Ok(None) };
    let items = super::list::items(&seq);
    if (it.index as usize) < items.len() {
        let v = items[it.index as usize].clone();
        it.index += 1;
        return Ok(Some(v));
    }
    exhaust(it);
    Ok(None)
}

pub fn tuple_next(o: &Obj) -> PyResult<Option<Obj>> {
    let (it, seq) = parts(o);
    let Some(seq) = seq else { return Ok(None) };
    let items = super::tuple::items(&seq);
    if (it.index as usize) < items.len() {
        let v = items[it.index as usize].clone();
        it.index += 1;
        return Ok(Some(v));
    }
    exhaust(it);
    Ok(None)
}

pub fn str_next(o: &Obj) -> PyResult<Option<Obj>> {
    let (it, seq) = parts(o);
    let Some(seq) = seq else { return Ok(None) };
    if (it.index as usize) < super::str::len(&seq) {
        let c = super::str::char_at(&seq, it.index as usize);
        it.index += 1;
        let mut b = [0u8; 4];
        return super::str::new_str(c.encode_utf8(&mut b)).map(Some);
    }
    exhaust(it);
    Ok(None)
}

/// Dict iterators walk entry positions; `kind` selects keys, values or items.
fn dict_next(o: &Obj, kind: u8) -> PyResult<Option<Obj>> {
    let (it, seq) = parts(o);
    let Some(d) = seq else { return Ok(None) };
    let mut pos = it.index as usize;
    let r = super::dict::next_entry(&d, &mut pos);
    it.index = pos as isize;
    match r {
        None => {
            exhaust(it);
            Ok(None)
        }
        Some((k, v)) => Ok(Some(match kind {
            0 => k,
            1 => v,
            _ => super::tuple::new_tuple(vec![k, v])?,
        })),
    }
}

pub fn dict_key_next(o: &Obj) -> PyResult<Option<Obj>> {
    dict_next(o, 0)
}
pub fn dict_value_next(o: &Obj) -> PyResult<Option<Obj>> {
    dict_next(o, 1)
}
pub fn dict_item_next(o: &Obj) -> PyResult<Option<Obj>> {
    dict_next(o, 2)
}

/// Generic `__getitem__`-protocol iterator: calls `seq[i]` until IndexError/StopIteration.
pub fn seq_next(o: &Obj) -> PyResult<Option<Obj>> {
    let (it, seq) = parts(o);
    let Some(seq) = seq else { return Ok(None) };
    let idx = super::int::new_int(it.index as i64)?;
    match crate::ops::getitem(&seq, &idx) {
        Ok(v) => {
            it.index += 1;
            Ok(Some(v))
        }
        Err(e) if super::is_instance(&e.0, rt().exc.index_error) || super::is_instance(&e.0, rt().exc.stop_iteration) => {
            exhaust(it);
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: dead iterator we own.
    unsafe {
        crate::gc::untrack(p);
        xdecref(std::mem::replace(&mut (*(p as *mut SeqIterObject)).seq, std::ptr::null_mut()));
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a sequence iterator.
pub unsafe fn traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live field.
    let s = unsafe { (*(p as *mut SeqIterObject)).seq };
    if !s.is_null() {
        visit(s);
    }
}

/// Iterators are their own iterators.
pub fn self_iter(o: &Obj) -> PyResult<Obj> {
    Ok(o.clone())
}
