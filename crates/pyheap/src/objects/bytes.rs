//! `bytes`: 32 bytes of header (`ob_size`, cached hash) plus the data and a NUL, so
//! `b''` is 33 bytes and `b'abc'` 36.

use super::{alloc_object, owned};
use crate::object::{Obj, PyObject, PyVarObject};
use crate::objects::descr::MethodDef;
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
    if let [c] = data {
        // One-byte bytes are the `bytes_characters` singletons, as in CPython.
        if let Some(&p) = rt().bytes_chars.get(*c as usize) {
            // SAFETY: the one-byte singletons live as long as the runtime.
            return Ok(unsafe { Obj::from_borrowed(p) });
        }
    }
    new_bytes_uncached(data)
}

/// A new bytes object of `n` bytes written by `fill`. The memory comes straight from the
/// object allocator, so an impossible size is a `MemoryError` rather than an abort.
pub fn new_bytes_filled(n: usize, fill: impl FnOnce(&mut [u8])) -> PyResult<Obj> {
    if n <= 1 {
        let mut b = [0u8; 1];
        fill(&mut b[..n]);
        return new_bytes(&b[..n]);
    }
    if n > (isize::MAX as usize) - HEADER_SIZE - 1 {
        return Err(super::memory_error());
    }
    // SAFETY: the runtime's bytes type is live.
    let p = unsafe { alloc_object(rt().types.bytes, HEADER_SIZE + n + 1) }?;
    // SAFETY: fresh bytes object with room for n bytes and the NUL (zeroed).
    unsafe {
        (*(p as *mut PyVarObject)).ob_size = n as isize;
        (*(p as *mut BytesObject)).ob_shash = -1;
        fill(std::slice::from_raw_parts_mut(
            (p as *mut u8).add(HEADER_SIZE),
            n,
        ));
        Ok(owned(p))
    }
}

/// Creates the 256 one-byte singletons.
pub fn make_chars() -> PyResult<Vec<*mut PyObject>> {
    (0..=255u8)
        .map(|c| new_bytes_uncached(&[c]).map(Obj::into_raw))
        .collect()
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
    // SAFETY: the runtime's bytes type is live.
    let p = unsafe { alloc_object(rt().types.bytes, HEADER_SIZE + data.len() + 1) }?;
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
    let quote = if d.contains(&b'\'') && !d.contains(&b'"') {
        '"'
    } else {
        '\''
    };
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

// ---------------------------------------------------------------- construction

fn err_type(msg: &str) -> crate::runtime::PyErr {
    super::exceptions::type_error(msg)
}

fn err_value(msg: &str) -> crate::runtime::PyErr {
    super::exceptions::value_error(msg)
}

fn is_bytes(o: &Obj) -> bool {
    crate::ops::kind(o) == crate::typeobj::Kind::Bytes
}

/// A byte value from an object supporting `__index__` (`bytes must be in range(0, 256)`).
fn byte_value(o: &Obj, msg: &str) -> PyResult<u8> {
    let v = match crate::ops::kind(o) {
        crate::typeobj::Kind::Int | crate::typeobj::Kind::Bool => {
            super::int::as_i64(o).unwrap_or(i64::MAX)
        }
        _ => crate::ops::index_value(o)?,
    };
    u8::try_from(v).map_err(|_| err_value(msg))
}

/// Splits vectorcall arguments into named slots: positional first, then keywords.
fn unpack(
    fname: &str,
    args: &[Obj],
    kwnames: Option<&Obj>,
    names: &[&str],
) -> PyResult<Vec<Option<Obj>>> {
    let nkw = kwnames.map(super::tuple::len).unwrap_or(0);
    let npos = args.len() - nkw;
    if npos > names.len() {
        return Err(err_type(&format!(
            "{}() takes at most {} arguments ({} given)",
            fname,
            names.len(),
            npos
        )));
    }
    let mut out: Vec<Option<Obj>> = vec![None; names.len()];
    for (i, a) in args[..npos].iter().enumerate() {
        out[i] = Some(a.clone());
    }
    if let Some(k) = kwnames {
        for (i, n) in super::tuple::items(k).iter().enumerate() {
            let n = super::str::as_str(n);
            match names.iter().position(|x| *x == n) {
                Some(j) if out[j].is_none() => out[j] = Some(args[npos + i].clone()),
                Some(j) => {
                    return Err(err_type(&format!(
                        "argument for {}() given by name ('{}') and position ({})",
                        fname,
                        n,
                        j + 1
                    )));
                }
                None => {
                    return Err(err_type(&format!(
                        "{}() got an unexpected keyword argument '{}'",
                        fname, n
                    )))
                }
            }
        }
    }
    Ok(out)
}

fn str_arg(v: &Option<Obj>, fname: &str, argname: &str, default: &str) -> PyResult<String> {
    match v {
        None => Ok(default.to_string()),
        Some(v) if crate::ops::kind(v) == crate::typeobj::Kind::Str => {
            Ok(super::str::as_str(v).into_owned())
        }
        Some(v) => Err(err_type(&format!(
            "{}() argument '{}' must be str, not {}",
            fname,
            argname,
            v.typ().name()
        ))),
    }
}

/// Copies `data` into an instance of a bytes subclass.
fn new_subclass(cls: *mut crate::typeobj::TypeObject, data: &[u8]) -> PyResult<Obj> {
    // SAFETY: the caller passes the live bytes subclass it was called on.
    let p = unsafe { alloc_object(cls, HEADER_SIZE + data.len() + 1) }?;
    // SAFETY: fresh object with room for the data and NUL (zeroed).
    unsafe {
        (*(p as *mut PyVarObject)).ob_size = data.len() as isize;
        (*(p as *mut BytesObject)).ob_shash = -1;
        std::ptr::copy_nonoverlapping(data.as_ptr(), (p as *mut u8).add(HEADER_SIZE), data.len());
        if (*cls).is_gc() {
            crate::gc::track(p);
        }
        Ok(owned(p))
    }
}

/// The bytes `bytes(x)` makes of one argument (`PyBytes_FromObject` and friends).
fn from_object(x: &Obj) -> PyResult<Obj> {
    use crate::typeobj::Kind;
    let r = rt();
    if x.typ().is_heap() {
        if let Some(f) = super::typeobject::lookup_str(x.type_ptr(), "__bytes__") {
            let b = crate::ops::call_method_obj(&f, x, &[])?;
            if !is_bytes(&b) {
                return Err(err_type(&format!(
                    "__bytes__ returned non-bytes (type {})",
                    b.typ().name()
                )));
            }
            return Ok(b);
        }
    }
    match crate::ops::kind(x) {
        Kind::Str => return Err(err_type("string argument without an encoding")),
        Kind::Bytes => {
            if super::is_exact(x, r.types.bytes) {
                return Ok(x.clone());
            }
            return new_bytes(data(x));
        }
        Kind::Int | Kind::Bool => {
            let n = match super::int::as_i64(x) {
                Some(n) => n,
                None if num_traits::Signed::is_negative(&super::int::to_bigint(x)) => -1,
                None => {
                    return Err(super::exceptions::overflow_error(
                        "cannot fit 'int' into an index-sized integer",
                    ))
                }
            };
            if n < 0 {
                return Err(err_value("negative count"));
            }
            return new_bytes_filled(n as usize, |_| {});
        }
        _ => {}
    }
    if x.typ().is_heap() && super::typeobject::lookup_str(x.type_ptr(), "__index__").is_some() {
        let n = crate::ops::index_value(x)?;
        if n < 0 {
            return Err(err_value("negative count"));
        }
        return new_bytes_filled(n as usize, |_| {});
    }
    let it = match crate::ops::iter(x) {
        Ok(it) => it,
        Err(e) if super::is_instance(&e.0, r.exc.type_error) => {
            return Err(err_type(&format!(
                "cannot convert '{}' object to bytes",
                x.typ().name()
            )));
        }
        Err(e) => return Err(e),
    };
    let mut v = Vec::new();
    while let Some(item) = crate::ops::next(&it)? {
        v.push(byte_value(&item, "bytes must be in range(0, 256)")?);
    }
    new_bytes(&v)
}

/// `bytes()`, `bytes(int)`, `bytes(iterable_of_ints)`, `bytes(bytes)`,
/// `bytes(str, encoding[, errors])`.
pub fn new(cls: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let a = unpack("bytes", args, kwnames, &["source", "encoding", "errors"])?;
    let b = match &a[0] {
        None => {
            if a[1].is_some() || a[2].is_some() {
                return Err(err_type(if a[1].is_some() {
                    "encoding without a string argument"
                } else {
                    "errors without a string argument"
                }));
            }
            new_bytes(b"")?
        }
        Some(x) if a[1].is_some() || a[2].is_some() => {
            if crate::ops::kind(x) != crate::typeobj::Kind::Str {
                return Err(err_type(if a[1].is_some() {
                    "encoding without a string argument"
                } else {
                    "errors without a string argument"
                }));
            }
            if a[1].is_none() {
                return Err(err_type("string argument without an encoding"));
            }
            let mut eargs = vec![a[1].clone().unwrap_or_else(|| rt().none())];
            if let Some(e) = &a[2] {
                eargs.push(e.clone());
            }
            let b = crate::ops::call_method(x, "encode", &eargs)?;
            if !is_bytes(&b) {
                return Err(err_type(&format!(
                    "encoder did not return a bytes object (type={})",
                    b.typ().name()
                )));
            }
            b
        }
        Some(x) => from_object(x)?,
    };
    let t = cls.as_ptr() as *mut crate::typeobj::TypeObject;
    if t == rt().types.bytes {
        return Ok(b);
    }
    new_subclass(t, data(&b))
}

// ---------------------------------------------------------------- iteration, `in`

pub fn iter(o: &Obj) -> PyResult<Obj> {
    // SAFETY: the runtime's bytes_iterator type is live and has the seqiter layout.
    unsafe { super::iter::new_seq_iter(rt().types.bytes_iterator, o) }
}

pub fn iter_next(o: &Obj) -> PyResult<Option<Obj>> {
    // SAFETY: o is a bytes iterator (SeqIterObject layout).
    let it = unsafe { o.cast_mut::<super::iter::SeqIterObject>() };
    if it.seq.is_null() {
        return Ok(None);
    }
    // SAFETY: live bytes object.
    let seq = unsafe { Obj::from_borrowed(it.seq) };
    let d = data(&seq);
    if (it.index as usize) < d.len() {
        let v = d[it.index as usize];
        it.index += 1;
        return super::int::new_int(v as i64).map(Some);
    }
    let old = std::mem::replace(&mut it.seq, std::ptr::null_mut());
    // SAFETY: the iterator owned this reference.
    unsafe { crate::object::xdecref(old) };
    Ok(None)
}

fn find_sub(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind_sub(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(hay.len());
    }
    hay.windows(needle.len()).rposition(|w| w == needle)
}

pub fn contains(o: &Obj, x: &Obj) -> PyResult<bool> {
    let d = data(o);
    if is_bytes(x) {
        return Ok(find_sub(d, data(x)).is_some());
    }
    if matches!(
        crate::ops::kind(x),
        crate::typeobj::Kind::Int | crate::typeobj::Kind::Bool
    ) || (x.typ().is_heap()
        && super::typeobject::lookup_str(x.type_ptr(), "__index__").is_some())
    {
        let b = byte_value(x, "byte must be in range(0, 256)")?;
        return Ok(d.contains(&b));
    }
    Err(err_type(&format!(
        "a bytes-like object is required, not '{}'",
        x.typ().name()
    )))
}

// ---------------------------------------------------------------- methods

/// A bytes-like argument (only `bytes` exists here).
fn buf(o: &Obj) -> PyResult<Vec<u8>> {
    if is_bytes(o) {
        return Ok(data(o).to_vec());
    }
    Err(err_type(&format!(
        "a bytes-like object is required, not '{}'",
        o.typ().name()
    )))
}

/// The sub-sequence argument of find/count/index: bytes or a byte value.
fn sub_arg(o: &Obj) -> PyResult<Vec<u8>> {
    if is_bytes(o) {
        return Ok(data(o).to_vec());
    }
    if matches!(
        crate::ops::kind(o),
        crate::typeobj::Kind::Int | crate::typeobj::Kind::Bool
    ) {
        return Ok(vec![byte_value(o, "byte must be in range(0, 256)")?]);
    }
    Err(err_type(&format!(
        "argument should be integer or bytes-like object, not '{}'",
        o.typ().name()
    )))
}

/// `start`/`end` arguments normalised as CPython's `ADJUST_INDICES`: `end` is clamped to
/// `0..=len`, `start` to `0..` (it may exceed `end`, meaning "nothing to search").
fn bounds(start: Option<&Obj>, end: Option<&Obj>, len: usize) -> PyResult<(usize, usize)> {
    let get = |v: Option<&Obj>| -> PyResult<Option<i64>> {
        match v {
            None => Ok(None),
            Some(v) if rt().is_none(v) => Ok(None),
            Some(v) => match super::int::as_i64(v) {
                Some(i)
                    if matches!(
                        crate::ops::kind(v),
                        crate::typeobj::Kind::Int | crate::typeobj::Kind::Bool
                    ) =>
                {
                    Ok(Some(i))
                }
                _ if matches!(
                    crate::ops::kind(v),
                    crate::typeobj::Kind::Int | crate::typeobj::Kind::Bool
                ) =>
                {
                    Ok(Some(
                        if num_traits::Signed::is_negative(&super::int::to_bigint(v)) {
                            i64::MIN / 2
                        } else {
                            i64::MAX / 2
                        },
                    ))
                }
                _ => crate::ops::index_value(v).map(Some),
            },
        }
    };
    let len_i = len as i64;
    let mut e = get(end)?.unwrap_or(len_i);
    if e > len_i {
        e = len_i;
    } else if e < 0 {
        e = (e + len_i).max(0);
    }
    let mut s = get(start)?.unwrap_or(0);
    if s < 0 {
        s = (s + len_i).max(0);
    }
    Ok((s as usize, e as usize))
}

fn find_impl(o: &Obj, args: &[Obj], name: &str, reverse: bool) -> PyResult<Option<usize>> {
    if args.is_empty() || args.len() > 3 {
        return Err(err_type(&format!(
            "{} expected {} argument{}, got {}",
            name,
            if args.is_empty() {
                "at least 1"
            } else {
                "at most 3"
            },
            if args.is_empty() { "" } else { "s" },
            args.len()
        )));
    }
    let d = data(o);
    let sub = sub_arg(&args[0])?;
    let (s, e) = bounds(args.get(1), args.get(2), d.len())?;
    if s > e || e - s < sub.len() {
        return Ok(None);
    }
    let hay = &d[s..e];
    Ok(if reverse {
        rfind_sub(hay, &sub)
    } else {
        find_sub(hay, &sub)
    }
    .map(|i| i + s))
}

fn b_find(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    super::int::new_int(
        find_impl(o, args, "find", false)?
            .map(|i| i as i64)
            .unwrap_or(-1),
    )
}

fn b_rfind(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    super::int::new_int(
        find_impl(o, args, "rfind", true)?
            .map(|i| i as i64)
            .unwrap_or(-1),
    )
}

fn b_index(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    match find_impl(o, args, "index", false)? {
        Some(i) => super::int::from_usize(i),
        None => Err(err_value("subsection not found")),
    }
}

fn b_rindex(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    match find_impl(o, args, "rindex", true)? {
        Some(i) => super::int::from_usize(i),
        None => Err(err_value("subsection not found")),
    }
}

fn b_count(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    if args.is_empty() || args.len() > 3 {
        return Err(err_type(&format!(
            "count expected at least 1 argument, got {}",
            args.len()
        )));
    }
    let d = data(o);
    let sub = sub_arg(&args[0])?;
    let (s, e) = bounds(args.get(1), args.get(2), d.len())?;
    if s > e {
        return super::int::new_int(0);
    }
    let hay = &d[s..e];
    let n = if sub.is_empty() {
        hay.len() + 1
    } else {
        let mut n = 0;
        let mut i = 0;
        while i + sub.len() <= hay.len() {
            if &hay[i..i + sub.len()] == sub.as_slice() {
                n += 1;
                i += sub.len();
            } else {
                i += 1;
            }
        }
        n
    };
    super::int::from_usize(n)
}

fn prefix_impl(o: &Obj, args: &[Obj], name: &str, suffix: bool) -> PyResult<Obj> {
    if args.is_empty() || args.len() > 3 {
        return Err(err_type(&format!(
            "{} expected at least 1 argument, got {}",
            name,
            args.len()
        )));
    }
    let d = data(o);
    let (s, e) = bounds(args.get(1), args.get(2), d.len())?;
    let check = |p: &Obj| -> PyResult<bool> {
        if !is_bytes(p) {
            return Err(err_type(&format!(
                "{} first arg must be bytes or a tuple of bytes, not {}",
                name,
                p.typ().name()
            )));
        }
        let p = data(p);
        if s > e || e - s < p.len() {
            return Ok(false);
        }
        let hay = &d[s..e];
        Ok(if suffix {
            hay.ends_with(p)
        } else {
            hay.starts_with(p)
        })
    };
    let r = rt();
    if crate::ops::kind(&args[0]) == crate::typeobj::Kind::Tuple {
        for p in super::tuple::items(&args[0]) {
            if check(p)? {
                return Ok(r.bool_obj(true));
            }
        }
        return Ok(r.bool_obj(false));
    }
    Ok(r.bool_obj(check(&args[0])?))
}

fn b_startswith(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    prefix_impl(o, args, "startswith", false)
}

fn b_endswith(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    prefix_impl(o, args, "endswith", true)
}

fn norm_encoding(e: &str) -> String {
    e.to_ascii_lowercase()
        .chars()
        .map(|c| if c == '-' || c == ' ' { '_' } else { c })
        .collect()
}

fn decode_error(
    enc: &str,
    d: &[u8],
    start: usize,
    end: usize,
    reason: &str,
) -> crate::runtime::PyErr {
    let msg = if end - start == 1 {
        format!(
            "'{}' codec can't decode byte 0x{:02x} in position {}: {}",
            enc, d[start], start, reason
        )
    } else {
        format!(
            "'{}' codec can't decode bytes in position {}-{}: {}",
            enc,
            start,
            end - 1,
            reason
        )
    };
    super::exceptions::new_err(rt().exc.unicode_decode_error, &msg)
}

/// Applies an error handler to the undecodable bytes `d[start..end]`.
fn handle_decode_error(
    out: &mut String,
    errors: &str,
    enc: &str,
    d: &[u8],
    start: usize,
    end: usize,
    reason: &str,
) -> PyResult<()> {
    match errors {
        "strict" | "surrogateescape" | "surrogatepass" => {
            Err(decode_error(enc, d, start, end, reason))
        }
        "replace" => {
            out.push('\u{fffd}');
            Ok(())
        }
        "ignore" => Ok(()),
        "backslashreplace" => {
            for b in &d[start..end] {
                out.push_str(&format!("\\x{:02x}", b));
            }
            Ok(())
        }
        other => Err(super::exceptions::new_err(
            rt().exc.lookup_error,
            &format!("unknown error handler name '{}'", other),
        )),
    }
}

/// Decodes with the codecs this runtime knows (UTF-8, ASCII, Latin-1).
pub fn decode_bytes(d: &[u8], encoding: &str, errors: &str) -> PyResult<String> {
    let mut out = String::with_capacity(d.len());
    match norm_encoding(encoding).as_str() {
        "utf_8" | "utf8" | "u8" | "utf" | "cp65001" => {
            let mut rest = d;
            let mut base = 0;
            loop {
                match std::str::from_utf8(rest) {
                    Ok(s) => {
                        out.push_str(s);
                        break;
                    }
                    Err(e) => {
                        let good = e.valid_up_to();
                        // SAFETY: from_utf8 validated rest[..good].
                        out.push_str(unsafe { std::str::from_utf8_unchecked(&rest[..good]) });
                        let start = base + good;
                        let (end, reason) = match e.error_len() {
                            None => (d.len(), "unexpected end of data"),
                            Some(n) => {
                                let b = d[start];
                                let bad_start = (0x80..=0xc1).contains(&b) || b >= 0xf5;
                                (
                                    start + n,
                                    if bad_start {
                                        "invalid start byte"
                                    } else {
                                        "invalid continuation byte"
                                    },
                                )
                            }
                        };
                        handle_decode_error(&mut out, errors, "utf-8", d, start, end, reason)?;
                        base = end;
                        rest = &d[end..];
                    }
                }
            }
        }
        "ascii" | "us_ascii" | "646" | "us" => {
            for (i, &b) in d.iter().enumerate() {
                if b < 0x80 {
                    out.push(b as char);
                } else {
                    handle_decode_error(
                        &mut out,
                        errors,
                        "ascii",
                        d,
                        i,
                        i + 1,
                        "ordinal not in range(128)",
                    )?;
                }
            }
        }
        "latin_1" | "latin1" | "latin" | "l1" | "iso_8859_1" | "iso8859_1" | "8859" | "cp819" => {
            out.extend(d.iter().map(|&b| b as char));
        }
        _ => {
            return Err(super::exceptions::new_err(
                rt().exc.lookup_error,
                &format!("unknown encoding: {}", encoding),
            ))
        }
    }
    Ok(out)
}

fn b_decode(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    let a = unpack("decode", args, kw, &["encoding", "errors"])?;
    let enc = str_arg(&a[0], "decode", "encoding", "utf-8")?;
    let errors = str_arg(&a[1], "decode", "errors", "strict")?;
    super::str::new_str(&decode_bytes(data(o), &enc, &errors)?)
}

fn b_hex(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    let a = unpack("hex", args, kw, &["sep", "bytes_per_sep"])?;
    let d = data(o);
    let hex: Vec<String> = d.iter().map(|b| format!("{:02x}", b)).collect();
    let sep = match &a[0] {
        None => None,
        Some(s) if crate::ops::kind(s) == crate::typeobj::Kind::Str => {
            Some(super::str::as_str(s).into_owned())
        }
        Some(s) if is_bytes(s) => Some(data(s).iter().map(|&b| b as char).collect()),
        Some(_) => return Err(err_type("sep must be str or bytes.")),
    };
    let Some(sep) = sep else {
        return super::str::new_str(&hex.concat());
    };
    if sep.chars().count() != 1 {
        return Err(err_value("sep must be length 1."));
    }
    let per = match &a[1] {
        None => 1,
        Some(v) => crate::ops::index_value(v)?,
    };
    if per == 0 || d.is_empty() {
        return super::str::new_str(&hex.concat());
    }
    let n = per.unsigned_abs() as usize;
    // Positive counts group from the right, negative from the left.
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
        for c in hex.chunks(n) {
            groups.push(c.concat());
        }
    }
    super::str::new_str(&groups.join(&sep))
}

fn b_fromhex(cls: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let [s] = args else {
        return Err(err_type(&format!(
            "fromhex() takes exactly one argument ({} given)",
            args.len()
        )));
    };
    if crate::ops::kind(s) != crate::typeobj::Kind::Str {
        return Err(err_type(&format!(
            "fromhex() argument must be str, not {}",
            s.typ().name()
        )));
    }
    let chars = super::str::chars(s);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let hi = chars[i].to_digit(16).filter(|_| chars[i].is_ascii());
        let lo = chars
            .get(i + 1)
            .and_then(|c| c.to_digit(16).filter(|_| c.is_ascii()));
        match (hi, lo) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            (None, _) => {
                return Err(err_value(&format!(
                    "non-hexadecimal number found in fromhex() arg at position {}",
                    i
                )))
            }
            (Some(_), None) => {
                return Err(err_value(&format!(
                    "non-hexadecimal number found in fromhex() arg at position {}",
                    i + 1
                )))
            }
        }
        i += 2;
    }
    let b = new_bytes(&out)?;
    if cls.as_ptr() == rt().types.bytes as *mut PyObject {
        return Ok(b);
    }
    crate::ops::call(cls, &[b], None)
}

fn b_join(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let [it] = args else {
        return Err(err_type(&format!(
            "join() takes exactly one argument ({} given)",
            args.len()
        )));
    };
    let sep = data(o).to_vec();
    let mut out = Vec::new();
    for (i, x) in crate::ops::collect(it)?.iter().enumerate() {
        if !is_bytes(x) {
            return Err(err_type(&format!(
                "sequence item {}: expected a bytes-like object, {} found",
                i,
                x.typ().name()
            )));
        }
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        out.extend_from_slice(data(x));
    }
    new_bytes(&out)
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn list_of(parts: Vec<Vec<u8>>) -> PyResult<Obj> {
    let v = parts
        .iter()
        .map(|p| new_bytes(p))
        .collect::<PyResult<Vec<_>>>()?;
    super::list::new_list(v)
}

fn split_args(fname: &str, args: &[Obj], kw: Option<&Obj>) -> PyResult<(Option<Vec<u8>>, i64)> {
    let a = unpack(fname, args, kw, &["sep", "maxsplit"])?;
    let sep = match &a[0] {
        None => None,
        Some(s) if rt().is_none(s) => None,
        Some(s) => Some(buf(s)?),
    };
    if sep.as_ref().is_some_and(|s| s.is_empty()) {
        return Err(err_value("empty separator"));
    }
    let max = match &a[1] {
        None => -1,
        Some(m) => crate::ops::index_value(m)?,
    };
    Ok((sep, if max < 0 { i64::MAX } else { max }))
}

fn b_split(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    let (sep, max) = split_args("split", args, kw)?;
    let d = data(o);
    let mut parts = Vec::new();
    match sep {
        Some(sep) => {
            let mut rest = d;
            while (parts.len() as i64) < max {
                match find_sub(rest, &sep) {
                    Some(i) => {
                        parts.push(rest[..i].to_vec());
                        rest = &rest[i + sep.len()..];
                    }
                    None => break,
                }
            }
            parts.push(rest.to_vec());
        }
        None => {
            let mut i = 0;
            while i < d.len() {
                while i < d.len() && is_space(d[i]) {
                    i += 1;
                }
                if i == d.len() {
                    break;
                }
                if parts.len() as i64 == max {
                    parts.push(d[i..].to_vec());
                    break;
                }
                let start = i;
                while i < d.len() && !is_space(d[i]) {
                    i += 1;
                }
                parts.push(d[start..i].to_vec());
            }
        }
    }
    list_of(parts)
}

fn b_rsplit(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    let (sep, max) = split_args("rsplit", args, kw)?;
    let d = data(o);
    let mut parts = Vec::new();
    match sep {
        Some(sep) => {
            let mut rest = d;
            while (parts.len() as i64) < max {
                match rfind_sub(rest, &sep) {
                    Some(i) => {
                        parts.push(rest[i + sep.len()..].to_vec());
                        rest = &rest[..i];
                    }
                    None => break,
                }
            }
            parts.push(rest.to_vec());
        }
        None => {
            let mut i = d.len();
            while i > 0 {
                while i > 0 && is_space(d[i - 1]) {
                    i -= 1;
                }
                if i == 0 {
                    break;
                }
                if parts.len() as i64 == max {
                    parts.push(d[..i].to_vec());
                    break;
                }
                let end = i;
                while i > 0 && !is_space(d[i - 1]) {
                    i -= 1;
                }
                parts.push(d[i..end].to_vec());
            }
        }
    }
    parts.reverse();
    list_of(parts)
}

fn strip_impl(o: &Obj, args: &[Obj], name: &str, left: bool, right: bool) -> PyResult<Obj> {
    if args.len() > 1 {
        return Err(err_type(&format!(
            "{} expected at most 1 argument, got {}",
            name,
            args.len()
        )));
    }
    let chars = match args.first() {
        None => None,
        Some(c) if rt().is_none(c) => None,
        Some(c) => Some(buf(c)?),
    };
    let strip = |b: u8| match &chars {
        None => is_space(b),
        Some(c) => c.contains(&b),
    };
    let d = data(o);
    let mut s = 0;
    let mut e = d.len();
    if left {
        while s < e && strip(d[s]) {
            s += 1;
        }
    }
    if right {
        while e > s && strip(d[e - 1]) {
            e -= 1;
        }
    }
    if s == 0 && e == d.len() && super::is_exact(o, rt().types.bytes) {
        return Ok(o.clone());
    }
    new_bytes(&d[s..e])
}

fn b_strip(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    strip_impl(o, args, "strip", true, true)
}

fn b_lstrip(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    strip_impl(o, args, "lstrip", true, false)
}

fn b_rstrip(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    strip_impl(o, args, "rstrip", false, true)
}

fn b_replace(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    if args.len() < 2 || args.len() > 3 {
        return Err(err_type(&format!(
            "replace expected at least 2 arguments, got {}",
            args.len()
        )));
    }
    let old = buf(&args[0])?;
    let new = buf(&args[1])?;
    let mut count = match args.get(2) {
        None => i64::MAX,
        Some(c) => {
            let c = crate::ops::index_value(c)?;
            if c < 0 {
                i64::MAX
            } else {
                c
            }
        }
    };
    let d = data(o);
    let mut out = Vec::with_capacity(d.len());
    if old.is_empty() {
        for (i, &b) in d.iter().enumerate() {
            if count > 0 {
                out.extend_from_slice(&new);
                count -= 1;
            }
            out.push(b);
            if i + 1 == d.len() && count > 0 {
                out.extend_from_slice(&new);
            }
        }
        if d.is_empty() && count > 0 {
            out.extend_from_slice(&new);
        }
    } else {
        let mut i = 0;
        while i < d.len() {
            if count > 0 && d[i..].starts_with(&old) {
                out.extend_from_slice(&new);
                i += old.len();
                count -= 1;
            } else {
                out.push(d[i]);
                i += 1;
            }
        }
    }
    if out == d && super::is_exact(o, rt().types.bytes) {
        return Ok(o.clone());
    }
    new_bytes(&out)
}

fn map_bytes(o: &Obj, f: impl Fn(&[u8]) -> Vec<u8>) -> PyResult<Obj> {
    new_bytes(&f(data(o)))
}

fn b_upper(o: &Obj, _a: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    map_bytes(o, |d| d.to_ascii_uppercase())
}

fn b_lower(o: &Obj, _a: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    map_bytes(o, |d| d.to_ascii_lowercase())
}

fn b_swapcase(o: &Obj, _a: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    map_bytes(o, |d| {
        d.iter()
            .map(|&b| {
                if b.is_ascii_lowercase() {
                    b.to_ascii_uppercase()
                } else {
                    b.to_ascii_lowercase()
                }
            })
            .collect()
    })
}

fn b_capitalize(o: &Obj, _a: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    map_bytes(o, |d| {
        d.iter()
            .enumerate()
            .map(|(i, &b)| {
                if i == 0 {
                    b.to_ascii_uppercase()
                } else {
                    b.to_ascii_lowercase()
                }
            })
            .collect()
    })
}

fn b_title(o: &Obj, _a: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    map_bytes(o, |d| {
        let mut prev_cased = false;
        d.iter()
            .map(|&b| {
                let r = if prev_cased {
                    b.to_ascii_lowercase()
                } else {
                    b.to_ascii_uppercase()
                };
                prev_cased = b.is_ascii_alphabetic();
                r
            })
            .collect()
    })
}

fn pred(o: &Obj, f: impl Fn(&[u8]) -> bool) -> PyResult<Obj> {
    Ok(rt().bool_obj(f(data(o))))
}

fn b_isalnum(o: &Obj, _a: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    pred(o, |d| {
        !d.is_empty() && d.iter().all(|b| b.is_ascii_alphanumeric())
    })
}

fn b_isalpha(o: &Obj, _a: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    pred(o, |d| {
        !d.is_empty() && d.iter().all(|b| b.is_ascii_alphabetic())
    })
}

fn b_isdigit(o: &Obj, _a: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    pred(o, |d| !d.is_empty() && d.iter().all(|b| b.is_ascii_digit()))
}

fn b_isspace(o: &Obj, _a: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    pred(o, |d| !d.is_empty() && d.iter().all(|&b| is_space(b)))
}

fn b_isascii(o: &Obj, _a: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    pred(o, |d| d.is_ascii())
}

fn b_islower(o: &Obj, _a: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    pred(o, |d| {
        d.iter().any(|b| b.is_ascii_lowercase()) && !d.iter().any(|b| b.is_ascii_uppercase())
    })
}

fn b_isupper(o: &Obj, _a: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    pred(o, |d| {
        d.iter().any(|b| b.is_ascii_uppercase()) && !d.iter().any(|b| b.is_ascii_lowercase())
    })
}

fn b_istitle(o: &Obj, _a: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    pred(o, |d| {
        let mut cased = false;
        let mut prev_cased = false;
        for &b in d {
            if b.is_ascii_uppercase() {
                if prev_cased {
                    return false;
                }
                prev_cased = true;
                cased = true;
            } else if b.is_ascii_lowercase() {
                if !prev_cased {
                    return false;
                }
                prev_cased = true;
                cased = true;
            } else {
                prev_cased = false;
            }
        }
        cased
    })
}

fn fill_args(o: &Obj, args: &[Obj], name: &str) -> PyResult<(usize, u8)> {
    if args.is_empty() || args.len() > 2 {
        return Err(err_type(&format!(
            "{} expected at least 1 argument, got {}",
            name,
            args.len()
        )));
    }
    let w = crate::ops::index_value(&args[0])?.max(0) as usize;
    let fill = match args.get(1) {
        None => b' ',
        Some(f) if is_bytes(f) && data(f).len() == 1 => data(f)[0],
        Some(f) => {
            return Err(err_type(&format!(
                "{}() argument 2 must be a byte string of length 1, not {}",
                name,
                f.typ().name()
            )));
        }
    };
    let _ = o;
    Ok((w, fill))
}

fn pad(o: &Obj, left: usize, right: usize, fill: u8) -> PyResult<Obj> {
    if left == 0 && right == 0 && super::is_exact(o, rt().types.bytes) {
        return Ok(o.clone());
    }
    let d = data(o);
    new_bytes_filled(left + d.len() + right, |out| {
        out[..left].fill(fill);
        out[left..left + d.len()].copy_from_slice(d);
        out[left + d.len()..].fill(fill);
    })
}

fn b_ljust(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let (w, f) = fill_args(o, args, "ljust")?;
    pad(o, 0, w.saturating_sub(data(o).len()), f)
}

fn b_rjust(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let (w, f) = fill_args(o, args, "rjust")?;
    pad(o, w.saturating_sub(data(o).len()), 0, f)
}

fn b_center(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let (w, f) = fill_args(o, args, "center")?;
    let n = data(o).len();
    let marg = w.saturating_sub(n);
    let left = marg / 2 + (marg & w & 1);
    pad(o, left, marg - left, f)
}

fn b_zfill(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let [w] = args else {
        return Err(err_type(&format!(
            "zfill() takes exactly one argument ({} given)",
            args.len()
        )));
    };
    let w = crate::ops::index_value(w)?.max(0) as usize;
    let d = data(o);
    if w <= d.len() {
        return pad(o, 0, 0, b'0');
    }
    let fill = w - d.len();
    new_bytes_filled(w, |v| {
        v[..fill].fill(b'0');
        v[fill..].copy_from_slice(d);
        if let Some(&sign @ (b'+' | b'-')) = d.first() {
            v[0] = sign;
            v[fill] = b'0';
        }
    })
}

fn partition_impl(o: &Obj, args: &[Obj], reverse: bool) -> PyResult<Obj> {
    let [sep] = args else {
        return Err(err_type(&format!(
            "partition() takes exactly one argument ({} given)",
            args.len()
        )));
    };
    let sep = buf(sep)?;
    if sep.is_empty() {
        return Err(err_value("empty separator"));
    }
    let d = data(o);
    let found = if reverse {
        rfind_sub(d, &sep)
    } else {
        find_sub(d, &sep)
    };
    let parts = match found {
        Some(i) => [&d[..i], &sep[..], &d[i + sep.len()..]],
        None if reverse => [&b""[..], &b""[..], d],
        None => [d, &b""[..], &b""[..]],
    };
    let v = parts
        .iter()
        .map(|p| new_bytes(p))
        .collect::<PyResult<Vec<_>>>()?;
    super::tuple::new_tuple(v)
}

fn b_partition(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    partition_impl(o, args, false)
}

fn b_rpartition(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    partition_impl(o, args, true)
}

fn b_removeprefix(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let [p] = args else {
        return Err(err_type(&format!(
            "removeprefix() takes exactly one argument ({} given)",
            args.len()
        )));
    };
    let p = buf(p)?;
    let d = data(o);
    match d.strip_prefix(p.as_slice()) {
        Some(rest) if !p.is_empty() => new_bytes(rest),
        _ => pad(o, 0, 0, 0),
    }
}

fn b_removesuffix(o: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let [p] = args else {
        return Err(err_type(&format!(
            "removesuffix() takes exactly one argument ({} given)",
            args.len()
        )));
    };
    let p = buf(p)?;
    let d = data(o);
    match d.strip_suffix(p.as_slice()) {
        Some(rest) if !p.is_empty() => new_bytes(rest),
        _ => pad(o, 0, 0, 0),
    }
}

fn b_splitlines(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    let a = unpack("splitlines", args, kw, &["keepends"])?;
    let keep = match &a[0] {
        None => false,
        Some(k) => crate::ops::truthy(k)?,
    };
    let d = data(o);
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < d.len() {
        let eol = match d[i] {
            b'\n' => 1,
            b'\r' if d.get(i + 1) == Some(&b'\n') => 2,
            b'\r' => 1,
            _ => 0,
        };
        if eol > 0 {
            parts.push(d[start..if keep { i + eol } else { i }].to_vec());
            i += eol;
            start = i;
        } else {
            i += 1;
        }
    }
    if start < d.len() {
        parts.push(d[start..].to_vec());
    }
    list_of(parts)
}

fn b_expandtabs(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    let a = unpack("expandtabs", args, kw, &["tabsize"])?;
    let ts = match &a[0] {
        None => 8,
        Some(t) => {
            let big = !matches!(super::int::as_i64(t), Some(v) if i32::try_from(v).is_ok());
            if matches!(
                crate::ops::kind(t),
                crate::typeobj::Kind::Int | crate::typeobj::Kind::Bool
            ) && big
            {
                return Err(super::exceptions::overflow_error(
                    "Python int too large to convert to C int",
                ));
            }
            crate::ops::index_value(t)?
        }
    };
    let mut out = Vec::new();
    let mut col = 0i64;
    for &b in data(o) {
        match b {
            b'\t' => {
                if ts > 0 {
                    let n = ts - col % ts;
                    if out.try_reserve(n as usize).is_err() {
                        return Err(super::memory_error());
                    }
                    out.extend(std::iter::repeat_n(b' ', n as usize));
                    col += n;
                }
            }
            b'\n' | b'\r' => {
                out.push(b);
                col = 0;
            }
            _ => {
                out.push(b);
                col += 1;
            }
        }
    }
    new_bytes(&out)
}

fn b_translate(o: &Obj, args: &[Obj], kw: Option<&Obj>) -> PyResult<Obj> {
    let a = unpack("translate", args, kw, &["table", "delete"])?;
    let table = match &a[0] {
        None => return Err(err_type("translate() takes at least 1 argument (0 given)")),
        Some(t) if rt().is_none(t) => None,
        Some(t) => {
            let t = buf(t)?;
            if t.len() != 256 {
                return Err(err_value("translation table must be 256 characters long"));
            }
            Some(t)
        }
    };
    let delete = match &a[1] {
        None => Vec::new(),
        Some(d) => buf(d)?,
    };
    let out: Vec<u8> = data(o)
        .iter()
        .filter(|b| !delete.contains(b))
        .map(|&b| table.as_ref().map(|t| t[b as usize]).unwrap_or(b))
        .collect();
    new_bytes(&out)
}

fn b_maketrans(_cls: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    let [f, t] = args else {
        return Err(err_type(&format!(
            "maketrans expected 2 arguments, got {}",
            args.len()
        )));
    };
    let (f, t) = (buf(f)?, buf(t)?);
    if f.len() != t.len() {
        return Err(err_value("maketrans arguments must have same length"));
    }
    let mut table: Vec<u8> = (0..=255u8).collect();
    for (a, b) in f.iter().zip(t.iter()) {
        table[*a as usize] = *b;
    }
    new_bytes(&table)
}

fn b_getnewargs(o: &Obj, _a: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    super::tuple::new_tuple(vec![new_bytes(data(o))?])
}

pub static METHODS: &[MethodDef] = &[
    MethodDef::new("decode", b_decode),
    MethodDef::new("hex", b_hex),
    MethodDef::class("fromhex", b_fromhex),
    MethodDef::new("join", b_join),
    MethodDef::new("split", b_split),
    MethodDef::new("rsplit", b_rsplit),
    MethodDef::new("splitlines", b_splitlines),
    MethodDef::new("startswith", b_startswith),
    MethodDef::new("endswith", b_endswith),
    MethodDef::new("find", b_find),
    MethodDef::new("rfind", b_rfind),
    MethodDef::new("index", b_index),
    MethodDef::new("rindex", b_rindex),
    MethodDef::new("count", b_count),
    MethodDef::new("replace", b_replace),
    MethodDef::new("upper", b_upper),
    MethodDef::new("lower", b_lower),
    MethodDef::new("swapcase", b_swapcase),
    MethodDef::new("capitalize", b_capitalize),
    MethodDef::new("title", b_title),
    MethodDef::new("strip", b_strip),
    MethodDef::new("lstrip", b_lstrip),
    MethodDef::new("rstrip", b_rstrip),
    MethodDef::new("isalnum", b_isalnum),
    MethodDef::new("isalpha", b_isalpha),
    MethodDef::new("isdigit", b_isdigit),
    MethodDef::new("isspace", b_isspace),
    MethodDef::new("isascii", b_isascii),
    MethodDef::new("islower", b_islower),
    MethodDef::new("isupper", b_isupper),
    MethodDef::new("istitle", b_istitle),
    MethodDef::new("ljust", b_ljust),
    MethodDef::new("rjust", b_rjust),
    MethodDef::new("center", b_center),
    MethodDef::new("zfill", b_zfill),
    MethodDef::new("partition", b_partition),
    MethodDef::new("rpartition", b_rpartition),
    MethodDef::new("removeprefix", b_removeprefix),
    MethodDef::new("removesuffix", b_removesuffix),
    MethodDef::new("expandtabs", b_expandtabs),
    MethodDef::new("translate", b_translate),
    MethodDef::static_("maketrans", b_maketrans),
    MethodDef::new("__getnewargs__", b_getnewargs),
];

/// `bytes + bytes`.
pub fn concat(a: &Obj, b: &Obj) -> PyResult<Obj> {
    let (x, y) = (data(a), data(b));
    if y.is_empty() && super::is_exact(a, rt().types.bytes) {
        return Ok(a.clone());
    }
    if x.is_empty() && super::is_exact(b, rt().types.bytes) {
        return Ok(b.clone());
    }
    let mut v = Vec::with_capacity(x.len() + y.len());
    v.extend_from_slice(x);
    v.extend_from_slice(y);
    new_bytes(&v)
}

/// `bytes * n` for a count already checked by the caller.
pub fn repeat(a: &Obj, n: usize) -> PyResult<Obj> {
    if n == 1 && super::is_exact(a, rt().types.bytes) {
        return Ok(a.clone());
    }
    let d = data(a);
    let total = d.len().checked_mul(n).ok_or_else(super::memory_error)?;
    new_bytes_filled(total, |out| {
        for chunk in out.chunks_exact_mut(d.len().max(1)) {
            chunk.copy_from_slice(d);
        }
    })
}
