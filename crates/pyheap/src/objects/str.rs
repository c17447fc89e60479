//! `str`: CPython 3.11's compact unicode layout (PEP 393).
//!
//! ```text
//!   PyASCIIObject (48 B): refcnt, type, length, hash, state (u32 + pad), wstr
//!   PyCompactUnicodeObject (72 B): + utf8_length, utf8, wstr_length
//!   data: length + 1 code units of the kind's width, NUL-terminated
//! ```
//!
//! A string whose characters are all ASCII uses the 48-byte header and one byte per
//! character; otherwise the 72-byte header and 1 (latin-1), 2 (UCS-2) or 4 (UCS-4) bytes per
//! character, chosen by the widest character. So `''` is 49 bytes, `'abc'` 52, `'é'` 74,
//! `'€'` 76 and `'😀'` 80, as `sys.getsizeof` reports on CPython.
//!
//! The empty string and the 256 one-character latin-1 strings are preallocated singletons.
//! Interned strings live in the runtime's interned dict, whose two references per string
//! are not counted in `ob_refcnt`, as in 3.11.

use super::{alloc_object, free_object, owned};
use crate::object::{Obj, PyObject};
use crate::runtime::{rt, PyResult};
use std::borrow::Cow;

pub const ASCII_HEADER_SIZE: usize = 48;
pub const COMPACT_HEADER_SIZE: usize = 72;

const STATE_INTERNED_MASK: u32 = 0b11;
const STATE_KIND_SHIFT: u32 = 2;
const STATE_COMPACT: u32 = 1 << 5;
const STATE_ASCII: u32 = 1 << 6;
const STATE_READY: u32 = 1 << 7;

/// `PyASCIIObject`.
#[repr(C)]
pub struct StrObject {
    pub ob_base: PyObject,
    pub length: isize,
    pub hash: isize,
    pub state: u32,
    pub _pad: u32,
    pub wstr: *mut u8,
}

#[inline]
fn header(p: *mut PyObject) -> &'static mut StrObject {
    // SAFETY: callers pass str objects; the header is within the allocation.
    unsafe { &mut *(p as *mut StrObject) }
}

/// Character width in bytes: 1, 2 or 4.
#[inline]
pub fn kind_of(p: *mut PyObject) -> usize {
    ((header(p).state >> STATE_KIND_SHIFT) & 0b111) as usize
}

#[inline]
pub fn is_ascii_raw(p: *mut PyObject) -> bool {
    header(p).state & STATE_ASCII != 0
}

#[inline]
fn data_ptr(p: *mut PyObject) -> *mut u8 {
    let off = if is_ascii_raw(p) {
        ASCII_HEADER_SIZE
    } else {
        COMPACT_HEADER_SIZE
    };
    // SAFETY: the data follows the header inside the allocation.
    unsafe { (p as *mut u8).add(off) }
}

/// Number of characters.
#[inline]
pub fn len(o: &Obj) -> usize {
    header(o.as_ptr()).length as usize
}

pub fn is_ascii(o: &Obj) -> bool {
    is_ascii_raw(o.as_ptr())
}

/// Widest-character analysis of some text: (max code point, char count).
fn analyse(s: &str) -> (u32, usize) {
    let mut max = 0u32;
    let mut n = 0usize;
    if s.is_ascii() {
        return (
            if s.is_empty() {
                0
            } else {
                0x7f.min(s.bytes().max().unwrap_or(0) as u32)
            },
            s.len(),
        );
    }
    for c in s.chars() {
        max = max.max(c as u32);
        n += 1;
    }
    (max, n)
}

fn kind_for(max: u32) -> usize {
    if max < 0x100 {
        1
    } else if max < 0x10000 {
        2
    } else {
        4
    }
}

/// Allocates an uninitialised string of `length` characters with the given max char.
fn alloc_str(length: usize, max: u32) -> PyResult<*mut PyObject> {
    let ascii = max < 0x80;
    let kind = kind_for(max);
    let head = if ascii {
        ASCII_HEADER_SIZE
    } else {
        COMPACT_HEADER_SIZE
    };
    // SAFETY: the runtime's str type is live.
    let p = unsafe { alloc_object(rt().types.str, head + (length + 1) * kind) }?;
    let h = header(p);
    h.length = length as isize;
    h.hash = -1;
    h.state = ((kind as u32) << STATE_KIND_SHIFT)
        | STATE_COMPACT
        | STATE_READY
        | if ascii { STATE_ASCII } else { 0 };
    Ok(p)
}

/// Makes a str from Rust text, returning the singletons for `''` and latin-1 characters.
pub fn new_str(s: &str) -> PyResult<Obj> {
    let (max, n) = analyse(s);
    if n == 0 {
        return Ok(rt().empty_str());
    }
    if n == 1 && max < 0x100 {
        let c = s.chars().next().map(|c| c as usize).unwrap_or(0);
        // SAFETY: one-char strings live as long as the runtime.
        return Ok(unsafe { Obj::from_borrowed(rt().latin1_chars[c]) });
    }
    new_str_uncached(s, max, n)
}

/// A new str object even for text that has a preallocated singleton.
pub fn new_uncached(s: &str) -> PyResult<Obj> {
    let (max, n) = analyse(s);
    new_str_uncached(s, max, n)
}

fn new_str_uncached(s: &str, max: u32, n: usize) -> PyResult<Obj> {
    let p = alloc_str(n, max)?;
    let data = data_ptr(p);
    // SAFETY: data has room for (n+1)*kind bytes; the block was zeroed so the terminator is set.
    unsafe {
        match kind_for(max) {
            1 if max < 0x80 => std::ptr::copy_nonoverlapping(s.as_ptr(), data, n),
            1 => {
                for (i, c) in s.chars().enumerate() {
                    *data.add(i) = c as u8;
                }
            }
            2 => {
                let d = data as *mut u16;
                for (i, c) in s.chars().enumerate() {
                    *d.add(i) = c as u16;
                }
            }
            _ => {
                let d = data as *mut u32;
                for (i, c) in s.chars().enumerate() {
                    *d.add(i) = c as u32;
                }
            }
        }
        Ok(owned(p))
    }
}

/// Makes a str from characters.
pub fn from_chars(chars: &[char]) -> PyResult<Obj> {
    let s: String = chars.iter().collect();
    new_str(&s)
}

/// Creates the preallocated singletons: `''` and chr(0)..chr(255).
pub fn make_singletons() -> PyResult<(*mut PyObject, Vec<*mut PyObject>)> {
    let empty = alloc_str(0, 0)?;
    let mut chars = Vec::with_capacity(256);
    for c in 0u32..256 {
        let ch = char::from_u32(c).unwrap_or('\0');
        let mut buf = [0u8; 4];
        chars.push(new_str_uncached(ch.encode_utf8(&mut buf), c, 1)?.into_raw());
    }
    Ok((empty, chars))
}

/// The i-th character.
pub fn char_at(o: &Obj, i: usize) -> char {
    let p = o.as_ptr();
    let d = data_ptr(p);
    // SAFETY: i < length (callers check); reads within the data area.
    let cp = unsafe {
        match kind_of(p) {
            1 => *d.add(i) as u32,
            2 => *(d as *const u16).add(i) as u32,
            _ => *(d as *const u32).add(i),
        }
    };
    char::from_u32(cp).unwrap_or('\u{fffd}')
}

/// The code point at index `i` (in range), surrogates included.
#[inline]
pub fn codepoint_at(o: &Obj, i: usize) -> u32 {
    let p = o.as_ptr();
    let d = data_ptr(p);
    // SAFETY: i < length (callers check); reads within the data area.
    unsafe {
        match kind_of(p) {
            1 => *d.add(i) as u32,
            2 => *(d as *const u16).add(i) as u32,
            _ => *(d as *const u32).add(i),
        }
    }
}

/// The one-character str for a code point: the latin-1 singletons below 256, a new
/// string (of the kind the code point needs) otherwise.
pub fn from_codepoint(cp: u32) -> PyResult<Obj> {
    if cp < 0x100 {
        // SAFETY: one-char strings live as long as the runtime.
        return Ok(unsafe { Obj::from_borrowed(rt().latin1_chars[cp as usize]) });
    }
    let p = alloc_str(1, cp)?;
    let d = data_ptr(p);
    // SAFETY: room for one character of the kind `cp` needs, and the zeroed terminator.
    unsafe {
        if cp < 0x10000 {
            *(d as *mut u16) = cp as u16;
        } else {
            *(d as *mut u32) = cp;
        }
        Ok(owned(p))
    }
}

/// The text as UTF-8: borrowed for ASCII strings, decoded otherwise.
pub fn as_str(o: &Obj) -> Cow<'_, str> {
    // SAFETY: o is a live str.
    raw_as_cow(o.as_ptr())
}

fn raw_as_cow<'a>(p: *mut PyObject) -> Cow<'a, str> {
    let n = header(p).length as usize;
    let d = data_ptr(p);
    if is_ascii_raw(p) {
        // SAFETY: ASCII data is valid UTF-8 of n bytes.
        return Cow::Borrowed(unsafe {
            std::str::from_utf8_unchecked(std::slice::from_raw_parts(d, n))
        });
    }
    let mut s = String::with_capacity(n * 2);
    // SAFETY: reading n code units of the kind's width.
    unsafe {
        match kind_of(p) {
            1 => (0..n).for_each(|i| s.push(*d.add(i) as char)),
            2 => (0..n).for_each(|i| {
                s.push(char::from_u32(*(d as *const u16).add(i) as u32).unwrap_or('\u{fffd}'))
            }),
            _ => (0..n).for_each(|i| {
                s.push(char::from_u32(*(d as *const u32).add(i)).unwrap_or('\u{fffd}'))
            }),
        }
    }
    Cow::Owned(s)
}

/// The text of a str object for names (type names, attribute names), borrowed when ASCII.
/// Non-ASCII names are leaked into a per-thread cache so that `&str` can be returned.
///
/// # Safety
/// `p` is a live str.
pub unsafe fn raw_as_str<'a>(p: *mut PyObject) -> &'a str {
    match raw_as_cow(p) {
        Cow::Borrowed(s) => s,
        Cow::Owned(s) => {
            thread_local! {
                static NAMES: std::cell::RefCell<std::collections::HashMap<String, &'static str>> =
                    std::cell::RefCell::new(std::collections::HashMap::new());
            }
            NAMES.with(|m| {
                let mut m = m.borrow_mut();
                if let Some(&v) = m.get(&s) {
                    return v;
                }
                let leaked: &'static str = Box::leak(s.clone().into_boxed_str());
                m.insert(s, leaked);
                leaked
            })
        }
    }
}

/// The characters.
pub fn chars(o: &Obj) -> Vec<char> {
    (0..len(o)).map(|i| char_at(o, i)).collect()
}

/// The raw data bytes for equality and hashing (same kind ⇒ same representation).
fn data_bytes(p: *mut PyObject) -> &'static [u8] {
    let n = header(p).length as usize * kind_of(p);
    // SAFETY: data area holds n bytes.
    unsafe { std::slice::from_raw_parts(data_ptr(p), n) }
}

/// String equality (CPython compares kind, length, then memory).
pub fn eq(a: &Obj, b: &Obj) -> bool {
    if a.is(b) {
        return true;
    }
    let (pa, pb) = (a.as_ptr(), b.as_ptr());
    let n = header(pa).length;
    if n != header(pb).length || kind_of(pa) != kind_of(pb) {
        return false;
    }
    if n == 1 {
        // One character each (common when iterating a str): compare the code points.
        return codepoint_at(a, 0) == codepoint_at(b, 0);
    }
    data_bytes(pa) == data_bytes(pb)
}

/// The cached hash, computing it on first use.
pub fn hash(o: &Obj) -> isize {
    let h = header(o.as_ptr());
    if h.hash != -1 {
        return h.hash;
    }
    let v = crate::hash::hash_bytes(data_bytes(o.as_ptr()));
    h.hash = v;
    v
}

pub fn sizeof(o: &Obj) -> usize {
    let p = o.as_ptr();
    let head = if is_ascii_raw(p) {
        ASCII_HEADER_SIZE
    } else {
        COMPACT_HEADER_SIZE
    };
    head + (len(o) + 1) * kind_of(p)
}

pub fn is_interned(o: &Obj) -> bool {
    header(o.as_ptr()).state & STATE_INTERNED_MASK != 0
}

/// Interns a string (`PyUnicode_InternInPlace`): returns the canonical object for its value.
/// The interned dict's references are not counted (3.11 behaviour).
pub fn intern(s: Obj) -> PyResult<Obj> {
    if is_interned(&s) {
        return Ok(s);
    }
    if !super::is_exact(&s, rt().types.str) {
        return Ok(s);
    }
    let Some(table) = rt().state.borrow().interned.clone() else {
        return Ok(s);
    };
    if let Some(existing) = super::dict::get_item(&table, &s)? {
        return Ok(existing);
    }
    super::dict::set_item(&table, &s, &s)?;
    // SAFETY: the dict now holds two references (key and value) that must not count.
    unsafe {
        (*s.as_ptr()).ob_refcnt -= 2;
    }
    header(s.as_ptr()).state |= 1;
    Ok(s)
}

/// The interned str for a name written in the interpreter's own source, cached per
/// runtime so hot paths (`__init__`, `__bool__` lookups) do not build a string each time.
/// A small direct-mapped cache in front of the map answers most calls with one compare.
pub fn intern_static(s: &'static str) -> PyResult<Obj> {
    let key = s.as_ptr() as usize ^ (s.len() << 48);
    let r = rt();
    let slot = (key >> 3) % crate::runtime::STATIC_NAME_CACHE_SIZE;
    let (k, v) = r.static_name_cache()[slot];
    if k == key && v != 0 {
        // SAFETY: cached strs are held by `static_names`; the cache is emptied whenever
        // that map is.
        return Ok(unsafe { Obj::from_borrowed(v as *mut PyObject) });
    }
    let cached = r.state.borrow().static_names.get(&key).cloned();
    let o = match cached {
        Some(o) => o,
        None => {
            let o = intern_str(s)?;
            r.state.borrow_mut().static_names.insert(key, o.clone());
            o
        }
    };
    r.static_name_cache()[slot] = (key, o.id());
    Ok(o)
}

/// Forgets the cached static names (their map is being emptied).
pub fn clear_static_name_cache() {
    *rt().static_name_cache() = [(0, 0); crate::runtime::STATIC_NAME_CACHE_SIZE];
}

/// Interns Rust text.
pub fn intern_str(s: &str) -> PyResult<Obj> {
    intern(new_str(s)?)
}

/// `tp_dealloc`. An interned string is removed from the interned dict first, restoring the
/// two references the dict held so that its removal balances.
///
/// # Safety
/// Called when the refcount reaches zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    if header(p).state & STATE_INTERNED_MASK != 0 {
        // SAFETY: resurrect temporarily with the dict's two references plus one for the key
        // we pass, then let the dict deletion release them.
        unsafe {
            (*p).ob_refcnt = 3;
            header(p).state &= !STATE_INTERNED_MASK;
            let key = Obj::from_owned(p);
            let table = rt().state.borrow().interned.clone();
            if let Some(table) = table {
                let _ = super::dict::del_item(&table, &key);
            }
            // `key` dropping brings the count to zero again and re-enters dealloc, now as
            // a non-interned string.
            drop(key);
        }
        return;
    }
    // SAFETY: str holds no references.
    unsafe { free_object(p) }
}

/// Concatenation.
pub fn concat(a: &Obj, b: &Obj) -> PyResult<Obj> {
    if len(a) == 0 {
        return Ok(b.clone());
    }
    if len(b) == 0 {
        return Ok(a.clone());
    }
    if is_ascii(a) && is_ascii(b) {
        // Both ASCII: the bytes go straight into the new string.
        let (x, y) = (data_bytes(a.as_ptr()), data_bytes(b.as_ptr()));
        let p = alloc_str(x.len() + y.len(), 0x7f)?;
        // SAFETY: the new string has room for both texts and its (zeroed) terminator.
        unsafe {
            let d = data_ptr(p);
            std::ptr::copy_nonoverlapping(x.as_ptr(), d, x.len());
            std::ptr::copy_nonoverlapping(y.as_ptr(), d.add(x.len()), y.len());
            return Ok(owned(p));
        }
    }
    let mut s = as_str(a).into_owned();
    s.push_str(&as_str(b));
    new_str(&s)
}

/// A str from ASCII text known to be at least two characters long (no singleton applies).
pub fn new_ascii(s: &str) -> PyResult<Obj> {
    debug_assert!(s.is_ascii());
    if s.len() < 2 {
        return new_str(s);
    }
    let p = alloc_str(s.len(), 0x7f)?;
    // SAFETY: room for s.len() bytes and the (zeroed) terminator.
    unsafe {
        std::ptr::copy_nonoverlapping(s.as_ptr(), data_ptr(p), s.len());
        Ok(owned(p))
    }
}

/// Whether CPython's `str.isprintable` holds for a character (approximation of the Unicode
/// categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs-except-space).
pub fn is_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let cp = c as u32;
    !matches!(cp, 0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x180e | 0x200b..=0x200f | 0x202a..=0x202e | 0x2060..=0x2064 | 0x2066..=0x206f | 0xfeff | 0xfff9..=0xfffb | 0xe000..=0xf8ff | 0xd800..=0xdfff | 0xfffe | 0xffff | 0xf0000..=0x10ffff | 0xe0001 | 0xe0020..=0xe007f)
}

/// `repr(str)`: single quotes unless the text has `'` and no `"`.
pub fn repr_text(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if (c as u32) < 0x7f => out.push(c),
            c if is_printable(c) => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

pub fn repr(o: &Obj) -> PyResult<Obj> {
    new_str(&repr_text(&as_str(o)))
}

pub fn str_slot(o: &Obj) -> PyResult<Obj> {
    if super::is_exact(o, rt().types.str) {
        return Ok(o.clone());
    }
    new_str(&as_str(o))
}

pub fn hash_slot(o: &Obj) -> PyResult<isize> {
    Ok(hash(o))
}

pub fn len_slot(o: &Obj) -> PyResult<usize> {
    Ok(len(o))
}

pub fn richcompare(a: &Obj, b: &Obj, op: crate::typeobj::CompareOp) -> PyResult<Obj> {
    use crate::typeobj::CompareOp::*;
    let r = rt();
    if !super::is_instance(b, r.types.str) {
        return Ok(r.not_implemented());
    }
    let v = match op {
        Eq => eq(a, b),
        Ne => !eq(a, b),
        _ => {
            let (x, y) = (as_str(a), as_str(b));
            match op {
                Lt => x < y,
                Le => x <= y,
                Gt => x > y,
                _ => x >= y,
            }
        }
    };
    Ok(r.bool_obj(v))
}

pub fn contains(o: &Obj, item: &Obj) -> PyResult<bool> {
    if !super::is_instance(item, rt().types.str) {
        return Err(super::exceptions::type_error(&format!(
            "'in <string>' requires string as left operand, not {}",
            item.typ().name()
        )));
    }
    Ok(as_str(o).contains(&*as_str(item)))
}

pub fn getitem(o: &Obj, key: &Obj) -> PyResult<Obj> {
    let n = len(o);
    if crate::ops::kind(key) == crate::typeobj::Kind::Slice {
        let (start, _, step, count) = super::slice::indices(key, n)?;
        if step == 1 && count == n && super::is_exact(o, rt().types.str) {
            return Ok(o.clone());
        }
        let mut s = String::with_capacity(count);
        let mut i = start;
        for _ in 0..count {
            s.push(char_at(o, i as usize));
            i += step;
        }
        return new_str(&s);
    }
    let i = match crate::ops::index_value(key) {
        Ok(i) => i,
        Err(_) => {
            return Err(super::exceptions::type_error(&format!(
                "string indices must be integers, not '{}'",
                key.typ().name()
            )))
        }
    };
    let idx = if i < 0 { i + n as i64 } else { i };
    if idx < 0 || idx >= n as i64 {
        return Err(super::exceptions::index_error("string index out of range"));
    }
    let c = char_at(o, idx as usize);
    let mut b = [0u8; 4];
    new_str(c.encode_utf8(&mut b))
}

pub fn iter(o: &Obj) -> PyResult<Obj> {
    // SAFETY: the runtime's str_iterator type is live and has the seqiter layout.
    unsafe { super::iter::new_seq_iter(rt().types.str_iterator, o) }
}

/// `str(object='')`.
pub fn new(cls: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let nkw = kwnames.map(super::tuple::len).unwrap_or(0);
    let pos = &args[..args.len() - nkw];
    if pos.len() > 3 {
        return Err(super::exceptions::type_error(&format!(
            "str expected at most 3 arguments, got {}",
            pos.len()
        )));
    }
    // str(object='', encoding='utf-8', errors='strict')
    let mut params: [Option<&Obj>; 3] = [pos.first(), pos.get(1), pos.get(2)];
    if let Some(names) = kwnames {
        for (name, v) in super::tuple::items(names).iter().zip(&args[pos.len()..]) {
            let name = as_str(name);
            let i = match &*name {
                "object" => 0,
                "encoding" => 1,
                "errors" => 2,
                other => {
                    return Err(super::exceptions::type_error(&format!(
                        "'{}' is an invalid keyword argument for str()",
                        other
                    )))
                }
            };
            if params[i].is_some() {
                return Err(super::exceptions::type_error(&format!(
                    "argument for str() given by name ('{}') and position ({})",
                    name,
                    i + 1
                )));
            }
            params[i] = Some(v);
        }
    }
    let text_param = |v: Option<&Obj>, what: &str, default: &'static str| -> PyResult<String> {
        match v {
            None => Ok(default.to_string()),
            Some(v) if super::is_instance(v, rt().types.str) => Ok(as_str(v).into_owned()),
            Some(v) => Err(super::exceptions::type_error(&format!(
                "str() argument '{}' must be str, not {}",
                what,
                v.typ().name()
            ))),
        }
    };
    let s = match params[0] {
        None => rt().empty_str(),
        Some(v) if params[1].is_none() && params[2].is_none() => crate::ops::str(v)?,
        Some(v) => {
            let encoding = text_param(params[1], "encoding", "utf-8")?;
            let errors = text_param(params[2], "errors", "strict")?;
            if super::is_instance(v, rt().types.str) {
                return Err(super::exceptions::type_error(
                    "decoding str is not supported",
                ));
            }
            let b = super::bytes::as_bytes(v).ok_or_else(|| {
                super::exceptions::type_error(&format!(
                    "decoding to str: need a bytes-like object, {} found",
                    v.typ().name()
                ))
            })?;
            new_str(&super::bytes::decode_bytes(&b, &encoding, &errors)?)?
        }
    };
    if cls.as_ptr() == rt().types.str as *mut PyObject {
        return Ok(s);
    }
    // A subclass instance: copy the text into an object of the subclass.
    let text = as_str(&s).into_owned();
    let (max, n) = analyse(&text);
    let ascii = max < 0x80;
    let kind = kind_for(max);
    let head = if ascii {
        ASCII_HEADER_SIZE
    } else {
        COMPACT_HEADER_SIZE
    };
    // SAFETY: `cls` is the live class `__new__` was called on, a str subclass.
    let p = unsafe {
        alloc_object(
            cls.as_ptr() as *mut crate::typeobj::TypeObject,
            head + (n + 1) * kind,
        )
    }?;
    let h = header(p);
    h.length = n as isize;
    h.hash = -1;
    h.state = ((kind as u32) << STATE_KIND_SHIFT)
        | STATE_COMPACT
        | STATE_READY
        | if ascii { STATE_ASCII } else { 0 };
    let data = data_ptr(p);
    // SAFETY: data area sized for n characters of this kind.
    unsafe {
        for (i, c) in text.chars().enumerate() {
            match kind {
                1 => *data.add(i) = c as u8,
                2 => *(data as *mut u16).add(i) = c as u16,
                _ => *(data as *mut u32).add(i) = c as u32,
            }
        }
        if (*p).ob_type.as_ref().is_some_and(|t| t.is_gc()) {
            crate::gc::track(p);
        }
        Ok(owned(p))
    }
}
