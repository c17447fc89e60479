//! `bytes`: 32 bytes of header (`ob_size`, cached hash) plus the data and a NUL, so
//! `b''` is 33 bytes and `b'abc'` 36.

use super::{alloc_object, owned};
use crate::object::{Obj, PyObject, PyVarObject};
use crate::runtime::{rt, PyResult};

pub const HEADER_SIZE: usize = 32;

#[repr(C)]
pub struct BytesObject {
    pub ob_base: PyVarObject,
    pub ob_shash: isize,
}

pub fn new_bytes(data: &[u8]) -> PyResult<Obj> {
    if data.is_empty() {
        if let Some(e) = empty() {
            return Ok(e);
        }
    }
    new_bytes_uncached(data)
}

fn empty() -> Option<Obj> {
    let p = rt().empty_bytes;
    if p.is_null() {
        None
    } else {
        // SAFETY: the empty-bytes singleton lives as long as the runtime.
        Some(unsafe { Obj::from_borrowed(p) })
    }
}

pub fn new_bytes_uncached(data: &[u8]) -> PyResult<Obj> {
    let p = alloc_object(rt().types.bytes, HEADER_SIZE + data.len() + 1)?;
    // SAFETY: fresh bytes object with room for the data and NUL (zeroed).
    unsafe {
        (*(p as *mut PyVarObject)).ob_size = data.len() as isize;
        (*(p as *mut BytesObject)).ob_shash = -1;
        std::ptr::copy_nonoverlapping(data.as_ptr(), (p as *mut u8).add(HEADER_SIZE), data.len());
        Ok(owned(p))
    }
}

pub fn data(o: &Obj) -> &[u8] {
    // SAFETY: o is a bytes object holding ob_size bytes after the header.
    unsafe {
        let n = (*(o.as_ptr() as *mut PyVarObject)).ob_size as usize;
        std::slice::from_raw_parts((o.as_ptr() as *mut u8).add(HEADER_SIZE), n)
    }
}

/// The bytes of a bytes object (`None` for other types).
pub fn as_bytes(o: &Obj) -> Option<Vec<u8>> {
    if crate::ops::kind(o) == crate::typeobj::Kind::Bytes {
        Some(data(o).to_vec())
    } else {
        None
    }
}

pub fn sizeof(o: &Obj) -> usize {
    HEADER_SIZE + data(o).len() + 1
}

pub fn repr_bytes(d: &[u8]) -> String {
    let quote = if d.contains(&b'\'') && !d.contains(&b'"') { '"' } else { '\'' };
    let mut s = String::from("b");
    s.push(quote);
    for &b in d {
        match b {
            b'\\' => s.push_str("\\\\"),
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            b'\t' => s.push_str("\\t"),
            b if b as char == quote => {
                s.push('\\');
                s.push(quote);
            }
            0x20..=0x7e => s.push(b as char),
            _ => s.push_str(&format!("\\x{:02x}", b)),
        }
    }
    s.push(quote);
    s
}

pub fn repr(o: &Obj) -> PyResult<Obj> {
    super::str::new_str(&repr_bytes(data(o)))
}

pub fn len_slot(o: &Obj) -> PyResult<usize> {
    Ok(data(o).len())
}

pub fn hash_slot(o: &Obj) -> PyResult<isize> {
    Ok(crate::hash::hash_bytes(data(o)))
}

pub fn richcompare(a: &Obj, b: &Obj, op: crate::typeobj::CompareOp) -> PyResult<Obj> {
    use crate::typeobj::CompareOp::*;
    let r = rt();
    if crate::ops::kind(b) != crate::typeobj::Kind::Bytes {
        return Ok(r.not_implemented());
    }
    let (x, y) = (data(a), data(b));
    let v = match op {
        Lt => x < y,
        Le => x <= y,
        Eq => x == y,
        Ne => x != y,
        Gt => x > y,
        Ge => x >= y,
    };
    Ok(r.bool_obj(v))
}

pub fn getitem(o: &Obj, key: &Obj) -> PyResult<Obj> {
    let d = data(o);
    if crate::ops::kind(key) == crate::typeobj::Kind::Slice {
        let (start, _, step, n) = super::slice::indices(key, d.len())?;
        let mut v = Vec::with_capacity(n);
        let mut i = start;
        for _ in 0..n {
            v.push(d[i as usize]);
            i += step;
        }
        return new_bytes(&v);
    }
    match super::seq::index(key, d.len())? {
        Some(i) => super::int::new_int(d[i] as i64),
        None => Err(super::exceptions::index_error("index out of range")),
    }
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: bytes hold no references.
    unsafe { super::free_object(p) }
}
