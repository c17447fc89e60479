//! `bytearray`: CPython's `PyByteArrayObject` — a 24-byte var header, then `ob_alloc`,
//! `ob_bytes`, `ob_start` and `ob_exports`: 56 bytes, not a GC type. The bytes live in a
//! separate buffer from the allocator's `Mem` domain; `sys.getsizeof` is 56 plus the
//! allocated size (`len + 1` when built from a known size, over-allocated on growth as
//! `PyByteArray_Resize` does). Deleting from the front only advances `ob_start`, as in
//! CPython, so the allocation (and `getsizeof`) follow CPython's exactly.

use super::descr::MethodDef;
use super::exceptions::{index_error, new_err, type_error, value_error};
use super::str_methods::{no_args, one_arg, unpack};
use super::{alloc_object, int, owned, str as pystr};
use crate::heap;
use crate::object::{Obj, PyObject, PyVarObject};
use crate::ops::{self, BinOp};
use crate::runtime::{rt, PyErr, PyResult};
use crate::typeobj::{CompareOp, Kind, TypeObject};
use std::ptr::NonNull;

#[repr(C)]
pub struct ByteArrayObject {
    pub ob_base: PyVarObject,
    /// Bytes allocated in `ob_bytes`.
    pub ob_alloc: isize,
    /// The buffer (null while nothing is allocated).
    pub ob_bytes: *mut u8,
    /// Logical start of the data inside `ob_bytes`.
    pub ob_start: *mut u8,
    /// Buffer exports (always 0: there is no buffer protocol here).
    pub ob_exports: isize,
}

pub const BASIC_SIZE: usize = 56;

#[allow(clippy::mut_from_ref)]
fn fields(o: &Obj) -> &mut ByteArrayObject {
    // SAFETY: callers pass objects of bytearray layout; the runtime is single-threaded and
    // no caller keeps two of these borrows alive across a call that resizes.
    unsafe { o.cast_mut::<ByteArrayObject>() }
}

pub fn len(o: &Obj) -> usize {
    fields(o).ob_base.ob_size as usize
}

/// The current contents. The slice is invalidated by any resize: callers copy it before
/// running code that could mutate the bytearray.
pub fn data(o: &Obj) -> &[u8] {
    let b = fields(o);
    if b.ob_start.is_null() || b.ob_base.ob_size == 0 {
        return &[];
    }
    // SAFETY: ob_start points at ob_size initialised bytes inside the live buffer.
    unsafe { std::slice::from_raw_parts(b.ob_start, b.ob_base.ob_size as usize) }
}

#[allow(clippy::mut_from_ref)]
fn data_mut(o: &Obj) -> &mut [u8] {
    let b = fields(o);
    if b.ob_start.is_null() || b.ob_base.ob_size == 0 {
        return &mut [];
    }
    // SAFETY: as `data`; the bytearray is the only owner of its buffer.
    unsafe { std::slice::from_raw_parts_mut(b.ob_start, b.ob_base.ob_size as usize) }
}

fn is_bytearray(o: &Obj) -> bool {
    ops::kind(o) == Kind::ByteArray
}

/// The bytes of a bytes-like object (bytes or bytearray), copied.
pub fn buffer_of(o: &Obj) -> Option<Vec<u8>> {
    match ops::kind(o) {
        Kind::Bytes => Some(super::bytes::data(o).to_vec()),
        Kind::ByteArray => Some(data(o).to_vec()),
        _ => None,
    }
}

/// An empty instance of `tp` (`PyType_GenericNew`): no buffer yet.
fn new_empty(tp: *mut TypeObject) -> PyResult<Obj> {
    // SAFETY: tp is a live type with bytearray layout.
    let size = unsafe { (*tp).basicsize };
    // SAFETY: as above, tp is a live type.
    let p = unsafe { alloc_object(tp, size) }?;
    // SAFETY: fresh object, zeroed: size 0, no buffer.
    unsafe {
        if (*tp).is_gc() {
            crate::gc::track(p);
        }
        Ok(owned(p))
    }
}

/// `PyByteArray_FromStringAndSize`: an exact bytearray of `n` bytes (`len + 1` allocated)
/// written by `fill`.
fn new_filled(n: usize, fill: impl FnOnce(&mut [u8])) -> PyResult<Obj> {
    let o = new_empty(rt().types.bytearray)?;
    if n == 0 {
        return Ok(o);
    }
    if n >= isize::MAX as usize {
        return Err(super::memory_error());
    }
    let mem = heap::mem_malloc(n + 1).map_err(|_| super::memory_error())?;
    let b = fields(&o);
    b.ob_bytes = mem.as_ptr();
    b.ob_start = mem.as_ptr();
    b.ob_alloc = (n + 1) as isize;
    b.ob_base.ob_size = n as isize;
    // SAFETY: the buffer holds n + 1 bytes.
    unsafe {
        let buf = std::slice::from_raw_parts_mut(mem.as_ptr(), n + 1);
        buf[..n].fill(0);
        buf[n] = 0;
        fill(&mut buf[..n]);
    }
    Ok(o)
}

/// A new exact bytearray holding a copy of `d`.
pub fn new_bytearray(d: &[u8]) -> PyResult<Obj> {
    new_filled(d.len(), |out| out.copy_from_slice(d))
}

/// `PyByteArray_Resize`: the logical size becomes `requested`; the buffer is reallocated
/// with CPython's over-allocation (`size + size/8 + 3` or `+ 6`) when it grows moderately,
/// to the exact size when it grows a lot or shrinks below half.
fn resize(o: &Obj, requested: usize) -> PyResult<()> {
    let b = fields(o);
    if requested == b.ob_base.ob_size as usize {
        return Ok(());
    }
    let alloc = b.ob_alloc as usize;
    let logical_offset = if b.ob_bytes.is_null() {
        0
    } else {
        b.ob_start as usize - b.ob_bytes as usize
    };
    let size = requested;
    let new_alloc = if size + logical_offset < alloc {
        if size < alloc / 2 {
            size + 1
        } else {
            b.ob_base.ob_size = size as isize;
            // SAFETY: size + offset < alloc, so ob_start[size] is inside the buffer.
            unsafe { *b.ob_start.add(size) = 0 };
            return Ok(());
        }
    } else if (size as f64) <= alloc as f64 * 1.125 {
        size + (size >> 3) + if size < 9 { 3 } else { 6 }
    } else {
        size + 1
    };
    if new_alloc > isize::MAX as usize {
        return Err(super::memory_error());
    }
    let mem = if logical_offset > 0 {
        let mem = heap::mem_malloc(new_alloc).map_err(|_| super::memory_error())?;
        let keep = size.min(b.ob_base.ob_size as usize);
        // SAFETY: both regions hold at least `keep` bytes and do not overlap; the old
        // buffer came from the Mem domain and is not used afterwards.
        unsafe {
            std::ptr::copy_nonoverlapping(b.ob_start, mem.as_ptr(), keep);
            heap::mem_free(NonNull::new_unchecked(b.ob_bytes));
        }
        mem
    } else {
        match NonNull::new(b.ob_bytes) {
            // SAFETY: the buffer is live and came from the Mem domain.
            Some(p) => unsafe { heap::mem_realloc(p, new_alloc) },
            None => heap::mem_malloc(new_alloc),
        }
        .map_err(|_| super::memory_error())?
    };
    b.ob_bytes = mem.as_ptr();
    b.ob_start = mem.as_ptr();
    b.ob_base.ob_size = size as isize;
    b.ob_alloc = new_alloc as isize;
    // SAFETY: size < new_alloc.
    unsafe { *mem.as_ptr().add(size) = 0 };
    Ok(())
}

/// `bytearray_setslice_linear`: replaces `[lo, hi)` with `bytes` (which must not point
/// into this bytearray's buffer). Deleting at the front advances `ob_start`.
fn setslice_linear(o: &Obj, lo: usize, hi: usize, bytes: &[u8]) -> PyResult<()> {
    let size = len(o);
    let avail = hi - lo;
    let needed = bytes.len();
    if needed < avail {
        let shrink = avail - needed;
        let b = fields(o);
        if lo == 0 {
            // SAFETY: shrink <= size, so the new start stays inside the buffer.
            b.ob_start = unsafe { b.ob_start.add(shrink) };
        } else {
            // SAFETY: both ranges lie inside the logical data.
            unsafe { std::ptr::copy(b.ob_start.add(hi), b.ob_start.add(lo + needed), size - hi) };
        }
        if let Err(e) = resize(o, size - shrink) {
            let b = fields(o);
            if lo == 0 {
                // SAFETY: undoes the advance above.
                b.ob_start = unsafe { b.ob_start.sub(shrink) };
            } else {
                b.ob_base.ob_size = (size - shrink) as isize;
            }
            return Err(e);
        }
    } else if needed > avail {
        let growth = needed - avail;
        if size > isize::MAX as usize - growth {
            return Err(super::memory_error());
        }
        resize(o, size + growth)?;
        let b = fields(o);
        // SAFETY: the buffer now holds size + growth bytes; the tail moves right.
        unsafe { std::ptr::copy(b.ob_start.add(hi), b.ob_start.add(lo + needed), size - hi) };
    }
    if needed > 0 {
        // SAFETY: [lo, lo + needed) is inside the data; `bytes` is another object's memory
        // or a Rust copy.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), fields(o).ob_start.add(lo), needed)
        };
    }
    Ok(())
}

/// Appends one byte (`bytearray_append`).
fn push(o: &Obj, v: u8) -> PyResult<()> {
    let n = len(o);
    resize(o, n + 1)?;
    data_mut(o)[n] = v;
    Ok(())
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: p is a dead bytearray; its buffer came from the Mem domain.
    unsafe {
        let b = &mut *(p as *mut ByteArrayObject);
        if let Some(buf) = NonNull::new(std::mem::replace(&mut b.ob_bytes, std::ptr::null_mut())) {
            heap::mem_free(buf);
        }
        super::free_object(p);
    }
}

pub fn sizeof(o: &Obj) -> usize {
    BASIC_SIZE + fields(o).ob_alloc as usize
}

// ---------------------------------------------------------------- conversions

/// `_PyIndex_Check`.
fn has_index(o: &Obj) -> bool {
    matches!(ops::kind(o), Kind::Int | Kind::Bool)
        || (o.typ().is_heap() && super::typeobject::lookup_str(o.type_ptr(), "__index__").is_some())
}

/// `PyNumber_AsSsize_t(o, exc)`: an index, with `exc` (or clamping when `None`) for ints
/// that do not fit.
fn as_ssize(o: &Obj, overflow: Option<*mut TypeObject>) -> PyResult<i64> {
    let v = if matches!(ops::kind(o), Kind::Int | Kind::Bool) {
        o.clone()
    } else {
        match ops::call_special(o, "__index__", &[])? {
            Some(v) if matches!(ops::kind(&v), Kind::Int | Kind::Bool) => v,
            Some(v) => {
                return Err(type_error(&format!(
                    "__index__ returned non-int (type {})",
                    v.typ().name()
                )))
            }
            None => {
                return Err(type_error(&format!(
                    "'{}' object cannot be interpreted as an integer",
                    o.typ().name()
                )))
            }
        }
    };
    match int::as_i64(&v) {
        Some(i) => Ok(i),
        None => {
            let neg = num_traits::Signed::is_negative(&int::to_bigint(&v));
            match overflow {
                Some(t) => Err(new_err(
                    t,
                    &format!(
                        "cannot fit '{}' into an index-sized integer",
                        o.typ().name()
                    ),
                )),
                None => Ok(if neg { i64::MIN } else { i64::MAX }),
            }
        }
    }
}

/// `_getbytevalue`: an int in `range(0, 256)`.
fn byte_value(o: &Obj) -> PyResult<u8> {
    let v = match ops::kind(o) {
        Kind::Int | Kind::Bool => int::as_i64(o).unwrap_or(-1),
        _ => as_ssize(o, None)?,
    };
    u8::try_from(v).map_err(|_| value_error("byte must be in range(0, 256)"))
}

/// `PyNumber_Check`.
fn is_number(o: &Obj) -> bool {
    match ops::kind(o) {
        Kind::Int | Kind::Bool | Kind::Float | Kind::Complex => true,
        _ => {
            o.typ().is_heap()
                && ["__index__", "__int__", "__float__"]
                    .iter()
                    .any(|n| super::typeobject::lookup_str(o.type_ptr(), n).is_some())
        }
    }
}

fn str_param(v: &Option<Obj>, fname: &str, argname: &str) -> PyResult<Option<String>> {
    match v {
        None => Ok(None),
        Some(v) if ops::kind(v) == Kind::Str => Ok(Some(pystr::as_str(v).into_owned())),
        Some(v) => Err(type_error(&format!(
            "{}() argument '{}' must be str, not {}",
            fname,
            argname,
            v.typ().name()
        ))),
    }
}

/// `bytearray___init___impl` on an empty bytearray.
fn init(o: &Obj, arg: Option<&Obj>, encoding: Option<Obj>, errors: Option<Obj>) -> PyResult<()> {
    let no_string = |enc: bool| {
        type_error(if enc {
            "encoding without a string argument"
        } else {
            "errors without a string argument"
        })
    };
    let Some(arg) = arg else {
        if encoding.is_some() || errors.is_some() {
            return Err(no_string(encoding.is_some()));
        }
        return Ok(());
    };
    if ops::kind(arg) == Kind::Str {
        let Some(enc) = encoding else {
            return Err(type_error("string argument without an encoding"));
        };
        let mut eargs = vec![enc];
        eargs.extend(errors);
        let b = ops::call_method(arg, "encode", &eargs)?;
        let Some(d) = buffer_of(&b) else {
            return Err(type_error(&format!(
                "encoder did not return a bytes object (type={})",
                b.typ().name()
            )));
        };
        return setslice_linear(o, 0, 0, &d);
    }
    if encoding.is_some() || errors.is_some() {
        return Err(no_string(encoding.is_some()));
    }
    if has_index(arg) {
        match as_ssize(arg, Some(rt().exc.overflow_error)) {
            Ok(n) if n < 0 => return Err(value_error("negative count")),
            Ok(n) => {
                if n > 0 {
                    resize(o, n as usize)?;
                    data_mut(o).fill(0);
                }
                return Ok(());
            }
            Err(e) if super::is_instance(&e.0, rt().exc.type_error) => {}
            Err(e) => return Err(e),
        }
    }
    if let Some(d) = buffer_of(arg) {
        resize(o, d.len())?;
        data_mut(o).copy_from_slice(&d);
        return Ok(());
    }
    let r = rt();
    if super::is_exact(arg, r.types.list) || super::is_exact(arg, r.types.tuple) {
        let items = ops::collect(arg)?;
        resize(o, items.len())?;
        let mut fast = true;
        for (i, it) in items.iter().enumerate() {
            if !super::is_exact(it, r.types.int) {
                fast = false;
                break;
            }
            data_mut(o)[i] = byte_value(it)?;
        }
        if fast {
            return Ok(());
        }
        resize(o, 0)?;
    }
    let it = match ops::iter(arg) {
        Ok(it) => it,
        Err(e) if super::is_instance(&e.0, r.exc.type_error) => {
            return Err(type_error(&format!(
                "cannot convert '{}' object to bytearray",
                arg.typ().name()
            )));
        }
        Err(e) => return Err(e),
    };
    while let Some(item) = ops::next(&it)? {
        let v = byte_value(&item)?;
        let n = len(o);
        let b = fields(o);
        if ((n + 1) as isize) < b.ob_alloc {
            b.ob_base.ob_size = (n + 1) as isize;
            // SAFETY: n + 1 < alloc (the start is at offset 0 while building).
            unsafe { *b.ob_start.add(n + 1) = 0 };
        } else {
            resize(o, n + 1)?;
        }
        data_mut(o)[n] = v;
    }
    Ok(())
}

/// `bytearray(source=b'', encoding=..., errors=...)`.
pub fn new(cls: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let a = unpack(
        "bytearray",
        args,
        kwnames,
        &["source", "encoding", "errors"],
        3,
        0,
    )?;
    str_param(&a[1], "bytearray", "encoding")?;
    str_param(&a[2], "bytearray", "errors")?;
    let o = new_empty(cls.as_ptr() as *mut TypeObject)?;
    init(&o, a[0].as_ref(), a[1].clone(), a[2].clone())?;
    Ok(o)
}

/// `PyByteArray_FromObject`: a copy as an exact bytearray.
fn from_object(x: &Obj) -> PyResult<Obj> {
    let o = new_empty(rt().types.bytearray)?;
    init(&o, Some(x), None, None)?;
    Ok(o)
}

// ---------------------------------------------------------------- slots

/// `bytearray_repr`: like bytes, except that `'` is always escaped (even inside `"`).
pub fn repr_text(name: &str, d: &[u8]) -> String {
    let quote = if d.contains(&b'\'') && !d.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut s = format!("{}(b{}", name, quote);
    for &c in d {
        match c {
            b'\'' | b'\\' => {
                s.push('\\');
                s.push(c as char);
            }
            b'\t' => s.push_str("\\t"),
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            0x20..=0x7e => s.push(c as char),
            _ => s.push_str(&format!("\\x{:02x}", c)),
        }
    }
    s.push(quote);
    s.push(')');
    s
}

pub fn repr(o: &Obj) -> PyResult<Obj> {
    pystr::new_str(&repr_text(o.typ().name(), data(o)))
}

pub fn len_slot(o: &Obj) -> PyResult<usize> {
    Ok(len(o))
}

/// `bytearray_richcompare`: compares with any bytes-like object.
pub fn richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    let r = rt();
    let Some(other) = buffer_of(b) else {
        return Ok(r.not_implemented());
    };
    let x = data(a);
    let y = other.as_slice();
    let v = match op {
        CompareOp::Lt => x < y,
        CompareOp::Le => x <= y,
        CompareOp::Eq => x == y,
        CompareOp::Ne => x != y,
        CompareOp::Gt => x > y,
        CompareOp::Ge => x >= y,
    };
    Ok(r.bool_obj(v))
}

fn find_sub(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `_Py_bytes_contains`: a byte value or a bytes-like sub-sequence.
pub fn contains(o: &Obj, x: &Obj) -> PyResult<bool> {
    if has_index(x) {
        let v = as_ssize(x, None)?;
        let b = u8::try_from(v).map_err(|_| value_error("byte must be in range(0, 256)"))?;
        return Ok(data(o).contains(&b));
    }
    match buffer_of(x) {
        Some(sub) => Ok(find_sub(data(o), &sub).is_some()),
        None => Err(type_error(&format!(
            "a bytes-like object is required, not '{}'",
            x.typ().name()
        ))),
    }
}

fn index_type_error(key: &Obj) -> PyErr {
    type_error(&format!(
        "bytearray indices must be integers or slices, not {}",
        key.typ().name()
    ))
}

/// A normalised item index (`bytearray index out of range` when outside).
fn item_index(o: &Obj, key: &Obj) -> PyResult<usize> {
    let mut i = as_ssize(key, Some(rt().exc.index_error))?;
    let n = len(o) as i64;
    if i < 0 {
        i += n;
    }
    if i < 0 || i >= n {
        return Err(index_error("bytearray index out of range"));
    }
    Ok(i as usize)
}

pub fn getitem(o: &Obj, key: &Obj) -> PyResult<Obj> {
    if has_index(key) {
        let i = item_index(o, key)?;
        return int::new_int(data(o)[i] as i64);
    }
    if ops::kind(key) == Kind::Slice {
        let (start, _, step, n) = super::slice::indices(key, len(o))?;
        let d = data(o);
        if step == 1 {
            let s = start as usize;
            return new_bytearray(&d[s..s + n]);
        }
        let v: Vec<u8> = (0..n)
            .map(|k| d[(start + k as isize * step) as usize])
            .collect();
        return new_bytearray(&v);
    }
    Err(index_type_error(key))
}

/// `bytearray_ass_subscript`: `b[i] = v`, `b[i:j] = values`, `del b[i]`, `del b[i:j:k]`.
pub fn setitem(o: &Obj, key: &Obj, value: Option<&Obj>) -> PyResult<()> {
    let (start, mut stop, step, slicelen) = if has_index(key) {
        let i = as_ssize(key, Some(rt().exc.index_error))?;
        let v = match value {
            Some(v) => Some(byte_value(v)?),
            None => None,
        };
        let n = len(o) as i64;
        let i = if i < 0 { i + n } else { i };
        if i < 0 || i >= n {
            return Err(index_error("bytearray index out of range"));
        }
        match v {
            Some(v) => {
                data_mut(o)[i as usize] = v;
                return Ok(());
            }
            None => (i as isize, i as isize + 1, 1isize, 1usize),
        }
    } else if ops::kind(key) == Kind::Slice {
        super::slice::indices(key, len(o))?
    } else {
        return Err(index_type_error(key));
    };
    let bytes: Vec<u8> = match value {
        None => Vec::new(),
        Some(v) if is_bytearray(v) && !v.is(o) => data(v).to_vec(),
        Some(v) => {
            if is_number(v) || ops::kind(v) == Kind::Str {
                return Err(type_error(
                    "can assign only bytes, buffers, or iterables of ints in range(0, 256)",
                ));
            }
            let copy = from_object(v)?;
            data(&copy).to_vec()
        }
    };
    // `b[5:2] = ...` inserts before 5, not before 2.
    if (step < 0 && start < stop) || (step > 0 && start > stop) {
        stop = start;
    }
    if step == 1 {
        return setslice_linear(o, start as usize, stop as usize, &bytes);
    }
    if value.is_none() || bytes.is_empty() {
        if slicelen == 0 {
            return Ok(());
        }
        let (first, step) = if step < 0 {
            (start + step * (slicelen as isize - 1), -step)
        } else {
            (start, step)
        };
        let (first, step) = (first as usize, step as usize);
        let d = data(o);
        let kept: Vec<u8> = d
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                !(*i >= first && (i - first) % step == 0 && (i - first) / step < slicelen)
            })
            .map(|(_, &b)| b)
            .collect();
        let n = kept.len();
        data_mut(o)[..n].copy_from_slice(&kept);
        return resize(o, n);
    }
    if bytes.len() != slicelen {
        return Err(value_error(&format!(
            "attempt to assign bytes of size {} to extended slice of size {}",
            bytes.len(),
            slicelen
        )));
    }
    let d = data_mut(o);
    for (k, &b) in bytes.iter().enumerate() {
        d[(start + k as isize * step) as usize] = b;
    }
    Ok(())
}

// ---------------------------------------------------------------- iteration

pub fn iter(o: &Obj) -> PyResult<Obj> {
    // SAFETY: the runtime's bytearray_iterator type is live and has the seqiter layout.
    unsafe { super::iter::new_seq_iter(rt().types.bytearray_iterator, o) }
}

pub fn iter_next(o: &Obj) -> PyResult<Option<Obj>> {
    // SAFETY: o is a bytearray iterator (SeqIterObject layout).
    let it = unsafe { o.cast_mut::<super::iter::SeqIterObject>() };
    if it.seq.is_null() {
        return Ok(None);
    }
    // SAFETY: the iterator holds a reference to a live bytearray.
    let seq = unsafe { Obj::from_borrowed(it.seq) };
    let d = data(&seq);
    if (it.index as usize) < d.len() {
        let v = d[it.index as usize];
        it.index += 1;
        return int::new_int(v as i64).map(Some);
    }
    let old = std::mem::replace(&mut it.seq, std::ptr::null_mut());
    // SAFETY: the iterator owned this reference.
    unsafe { crate::object::xdecref(old) };
    Ok(None)
}

// ---------------------------------------------------------------- operators

/// A repeat count (`PyNumber_AsSsize_t(n, OverflowError)`, negatives as 0).
fn repeat_count(n: &Obj) -> PyResult<usize> {
    Ok(as_ssize(n, Some(rt().exc.overflow_error))?.max(0) as usize)
}

fn repeated(d: &[u8], count: usize) -> PyResult<Obj> {
    let total = d
        .len()
        .checked_mul(count)
        .filter(|&t| t < isize::MAX as usize)
        .ok_or_else(super::memory_error)?;
    new_filled(total, |out| {
        if !d.is_empty() {
            for chunk in out.chunks_exact_mut(d.len()) {
                chunk.copy_from_slice(d);
            }
        }
    })
}

fn can_repeat_with(o: &Obj) -> bool {
    has_index(o)
}

/// `+` and `*` with a bytearray operand (`sq_concat`/`sq_repeat`); `bytes + bytearray` is
/// bytes, as `bytes_concat` takes any buffer. `None` for other operators.
pub fn binary(a: &Obj, b: &Obj, op: BinOp) -> PyResult<Option<Obj>> {
    let ka = ops::kind(a);
    match op {
        BinOp::Add if ka == Kind::ByteArray => {
            let Some(y) = buffer_of(b) else {
                return Err(type_error(&format!(
                    "can't concat {} to {}",
                    b.typ().name(),
                    a.typ().name()
                )));
            };
            let x = data(a);
            let total = x
                .len()
                .checked_add(y.len())
                .ok_or_else(super::memory_error)?;
            new_filled(total, |out| {
                out[..x.len()].copy_from_slice(x);
                out[x.len()..].copy_from_slice(&y);
            })
            .map(Some)
        }
        BinOp::Add if ka == Kind::Bytes => {
            let mut v = super::bytes::data(a).to_vec();
            v.extend_from_slice(data(b));
            super::bytes::new_bytes(&v).map(Some)
        }
        BinOp::Mul => {
            // As `PyNumber_Multiply`: the left operand is the sequence if it is one.
            let a_is_seq = matches!(
                ka,
                Kind::ByteArray | Kind::Bytes | Kind::Str | Kind::List | Kind::Tuple
            );
            let (seq, n) = if a_is_seq { (a, b) } else { (b, a) };
            if !can_repeat_with(n) {
                return Err(type_error(&format!(
                    "can't multiply sequence by non-int of type '{}'",
                    n.typ().name()
                )));
            }
            let count = repeat_count(n)?;
            let d = data(seq).to_vec();
            repeated(&d, count).map(Some)
        }
        _ => Ok(None),
    }
}

/// `+=` and `*=` on a bytearray: in place (`bytearray_iconcat`, `bytearray_irepeat`).
pub fn inplace(a: &Obj, b: &Obj, op: BinOp) -> PyResult<Option<Obj>> {
    match op {
        BinOp::Add => {
            let Some(y) = buffer_of(b) else {
                return Err(type_error(&format!(
                    "can't concat {} to {}",
                    b.typ().name(),
                    a.typ().name()
                )));
            };
            if b.is(a) && !y.is_empty() {
                // The buffer view of itself is an export that forbids resizing.
                return Err(new_err(
                    rt().exc.buffer_error,
                    "Existing exports of data: object cannot be re-sized",
                ));
            }
            let n = len(a);
            setslice_linear(a, n, n, &y)?;
            Ok(Some(a.clone()))
        }
        BinOp::Mul => {
            if !can_repeat_with(b) {
                return binary(a, b, op);
            }
            let count = repeat_count(b)?;
            if count == 1 {
                return Ok(Some(a.clone()));
            }
            let d = data(a).to_vec();
            let total = d
                .len()
                .checked_mul(count)
                .filter(|&t| t < isize::MAX as usize)
                .ok_or_else(super::memory_error)?;
            resize(a, total)?;
            if !d.is_empty() {
                for chunk in data_mut(a).chunks_exact_mut(d.len()) {
                    chunk.copy_from_slice(&d);
                }
            }
            Ok(Some(a.clone()))
        }
        _ => Ok(None),
    }
}

// ---------------------------------------------------------------- methods

fn m_append(o: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    let v = byte_value(one_arg("bytearray.append", a, k)?)?;
    push(o, v)?;
    Ok(rt().none())
}

/// `bytearray_extend`: bytes-like objects directly, other iterables item by item.
fn m_extend(o: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    let arg = one_arg("bytearray.extend", a, k)?;
    let values = match buffer_of(arg) {
        Some(d) => d,
        None => {
            let it = match ops::iter(arg) {
                Ok(it) => it,
                Err(e) if super::is_instance(&e.0, rt().exc.type_error) => {
                    return Err(type_error(&format!(
                        "can't extend bytearray with {}",
                        arg.typ().name()
                    )));
                }
                Err(e) => return Err(e),
            };
            let mut v = Vec::new();
            while let Some(item) = ops::next(&it)? {
                v.push(byte_value(&item)?);
            }
            v
        }
    };
    let n = len(o);
    setslice_linear(o, n, n, &values)?;
    Ok(rt().none())
}

fn m_pop(o: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    super::str_methods::check_positional("pop", a, k, 0, 1)?;
    let mut i = match a.first() {
        Some(v) => as_ssize(v, Some(rt().exc.overflow_error))?,
        None => -1,
    };
    let n = len(o);
    if n == 0 {
        return Err(index_error("pop from empty bytearray"));
    }
    if i < 0 {
        i += n as i64;
    }
    if i < 0 || i >= n as i64 {
        return Err(index_error("pop index out of range"));
    }
    let i = i as usize;
    let d = data_mut(o);
    let v = d[i];
    d.copy_within(i + 1.., i);
    resize(o, n - 1)?;
    int::new_int(v as i64)
}

fn m_insert(o: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    super::str_methods::check_positional("insert", a, k, 2, 2)?;
    let mut i = as_ssize(&a[0], Some(rt().exc.overflow_error))?;
    let v = byte_value(&a[1])?;
    let n = len(o) as i64;
    if i < 0 {
        i = (i + n).max(0);
    }
    let i = i.min(n) as usize;
    resize(o, n as usize + 1)?;
    let d = data_mut(o);
    d.copy_within(i..n as usize, i + 1);
    d[i] = v;
    Ok(rt().none())
}

fn m_remove(o: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    let v = byte_value(one_arg("bytearray.remove", a, k)?)?;
    let Some(i) = data(o).iter().position(|&b| b == v) else {
        return Err(value_error("value not found in bytearray"));
    };
    let n = len(o);
    data_mut(o).copy_within(i + 1.., i);
    resize(o, n - 1)?;
    Ok(rt().none())
}

fn m_reverse(o: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("bytearray.reverse", a, k)?;
    data_mut(o).reverse();
    Ok(rt().none())
}

fn m_clear(o: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("bytearray.clear", a, k)?;
    resize(o, 0)?;
    Ok(rt().none())
}

fn m_copy(o: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("bytearray.copy", a, k)?;
    let d = data(o).to_vec();
    new_bytearray(&d)
}

fn m_decode(o: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    let a = unpack("decode", a, k, &["encoding", "errors"], 2, 0)?;
    let enc = str_param(&a[0], "decode", "encoding")?.unwrap_or_else(|| "utf-8".into());
    let errors = str_param(&a[1], "decode", "errors")?.unwrap_or_else(|| "strict".into());
    let d = data(o).to_vec();
    pystr::new_str(&super::bytes::decode_bytes(&d, &enc, &errors)?)
}

/// `bytearray.hex(sep=..., bytes_per_sep=1)`: positive counts group from the right.
fn m_hex(o: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    let a = unpack("hex", a, k, &["sep", "bytes_per_sep"], 2, 0)?;
    let hex: Vec<String> = data(o).iter().map(|b| format!("{:02x}", b)).collect();
    let sep = match &a[0] {
        None => None,
        Some(s) if ops::kind(s) == Kind::Str => Some(pystr::as_str(s).into_owned()),
        Some(s) => match buffer_of(s) {
            Some(b) => Some(b.iter().map(|&c| c as char).collect::<String>()),
            None => return Err(type_error("sep must be str or bytes.")),
        },
    };
    let Some(sep) = sep else {
        return pystr::new_str(&hex.concat());
    };
    if sep.chars().count() != 1 {
        return Err(value_error("sep must be length 1."));
    }
    let per = match &a[1] {
        None => 1,
        Some(v) => as_ssize(v, Some(rt().exc.overflow_error))?,
    };
    if per == 0 || hex.is_empty() {
        return pystr::new_str(&hex.concat());
    }
    let n = per.unsigned_abs() as usize;
    let mut groups: Vec<String> = Vec::new();
    if per > 0 {
        let mut end = hex.len();
        while end > 0 {
            let start = end.saturating_sub(n);
            groups.push(hex[start..end].concat());
            end = start;
        }
        groups.reverse();
    } else {
        groups.extend(hex.chunks(n).map(|c| c.concat()));
    }
    pystr::new_str(&groups.join(&sep))
}

fn m_alloc(o: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("bytearray.__alloc__", a, k)?;
    int::new_int(fields(o).ob_alloc as i64)
}

fn m_sizeof(o: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("bytearray.__sizeof__", a, k)?;
    int::from_usize(o.typ().basicsize + fields(o).ob_alloc as usize)
}

fn m_iadd(o: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    let other = one_arg("bytearray.__iadd__", a, k)?;
    Ok(inplace(o, other, BinOp::Add)?.unwrap_or_else(|| rt().not_implemented()))
}

fn m_imul(o: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    let other = one_arg("bytearray.__imul__", a, k)?;
    Ok(inplace(o, other, BinOp::Mul)?.unwrap_or_else(|| rt().not_implemented()))
}

pub static METHODS: &[MethodDef] = &[
    MethodDef::new("append", m_append),
    MethodDef::new("extend", m_extend),
    MethodDef::new("pop", m_pop),
    MethodDef::new("insert", m_insert),
    MethodDef::new("remove", m_remove),
    MethodDef::new("reverse", m_reverse),
    MethodDef::new("clear", m_clear),
    MethodDef::new("copy", m_copy),
    MethodDef::new("decode", m_decode),
    MethodDef::new("hex", m_hex),
    MethodDef::new("__alloc__", m_alloc),
    MethodDef::new("__sizeof__", m_sizeof),
    MethodDef::new("__iadd__", m_iadd),
    MethodDef::new("__imul__", m_imul),
];
