//! `int`: arbitrary precision in CPython's layout — a variable-size object whose `ob_size`
//! is the signed number of 30-bit digits, least significant first.
//!
//! Size: 24 bytes of header plus 4 bytes per digit, at least one digit, so `0` and `1` are
//! 28 bytes, `2**30` is 32 and `2**60` is 36. Values -5..=256 are preallocated at start-up
//! (the small-int cache) and every operation that yields one of them returns the cached
//! object, which is why `a = 256; b = 256; a is b` holds and `257` does not.
//!
//! Arithmetic on values that fit in an `i64` is done natively; larger values are converted
//! to `num_bigint::BigInt` for the operation and back to digits.

use super::{alloc_object, free_object, owned};
use crate::object::{Obj, PyObject, PyVarObject};
use crate::runtime::{rt, PyResult, NSMALLNEGINTS, NSMALLPOSINTS};
use num_bigint::{BigInt, Sign};
use num_traits::{ToPrimitive, Zero};

pub const DIGIT_BITS: u32 = 30;
pub const DIGIT_MASK: u32 = (1 << DIGIT_BITS) - 1;
/// `offsetof(PyLongObject, ob_digit)`.
pub const HEADER_SIZE: usize = 24;
pub const DIGIT_SIZE: usize = 4;

#[repr(C)]
pub struct IntObject {
    pub ob_base: PyVarObject,
    pub digits: [u32; 0],
}

/// Allocates an int with `ndigits` digits (uninitialised digits zeroed), sign from `negative`.
fn alloc_int(
    tp: *mut crate::typeobj::TypeObject,
    ndigits: usize,
    negative: bool,
) -> PyResult<*mut PyObject> {
    let n = ndigits.max(1);
    let size = HEADER_SIZE + DIGIT_SIZE * n;
    let p = if tp == rt().types.int {
        // The most allocated object of all: an exact int is neither a GC container nor an
        // instance of a heap type, and every field is set here, so its block is not
        // zeroed first as `alloc_object` does.
        let p = crate::heap::object_malloc(size)
            .map_err(|_| super::memory_error())?
            .as_ptr() as *mut PyObject;
        // SAFETY: a fresh block of `size` bytes: the header, then `n` digits.
        unsafe {
            (*p).ob_refcnt = 1;
            (*p).ob_type = tp;
            let d = (p as *mut u8).add(HEADER_SIZE) as *mut u32;
            if n == 1 {
                *d = 0;
            } else {
                std::ptr::write_bytes(d, 0, n);
            }
        }
        p
    } else {
        // SAFETY: callers pass a live int type (int, bool or an int subclass).
        unsafe { alloc_object(tp, size) }?
    };
    // SAFETY: p is a fresh int-layout object.
    unsafe {
        (*(p as *mut PyVarObject)).ob_size = if negative {
            -(ndigits as isize)
        } else {
            ndigits as isize
        };
    }
    Ok(p)
}

/// # Safety
/// `p` is an int object.
#[inline]
pub unsafe fn raw_ob_size(p: *mut PyObject) -> isize {
    // SAFETY: ints are var objects.
    unsafe { (*(p as *mut PyVarObject)).ob_size }
}

/// # Safety
/// `p` is an int object.
pub unsafe fn raw_digits<'a>(p: *mut PyObject) -> &'a [u32] {
    // SAFETY: the digit array holds |ob_size| digits.
    unsafe {
        let n = raw_ob_size(p).unsigned_abs();
        std::slice::from_raw_parts((p as *mut u8).add(HEADER_SIZE) as *const u32, n)
    }
}

/// # Safety
/// `p` is an int object being constructed.
unsafe fn raw_digits_mut<'a>(p: *mut PyObject, n: usize) -> &'a mut [u32] {
    // SAFETY: allocated with at least n digits.
    unsafe { std::slice::from_raw_parts_mut((p as *mut u8).add(HEADER_SIZE) as *mut u32, n) }
}

/// A small int from the cache, if `v` is in range.
#[inline]
pub fn small_int(v: i64) -> Option<Obj> {
    if (-NSMALLNEGINTS..NSMALLPOSINTS).contains(&v) {
        let p = rt().small_ints[(v + NSMALLNEGINTS) as usize];
        // SAFETY: small ints live as long as the runtime.
        Some(unsafe { Obj::from_borrowed(p) })
    } else {
        None
    }
}

/// Creates an int object of exact type `tp` without consulting the cache.
pub fn new_uncached(tp: *mut crate::typeobj::TypeObject, v: i64) -> PyResult<Obj> {
    let negative = v < 0;
    if v.unsigned_abs() <= DIGIT_MASK as u64 {
        // One digit (or zero): the common case of arithmetic on small values.
        let n = (v != 0) as usize;
        let p = alloc_int(tp, n, negative)?;
        // SAFETY: p has room for at least one digit.
        unsafe {
            raw_digits_mut(p, 1)[0] = v.unsigned_abs() as u32;
            return Ok(owned(p));
        }
    }
    let mut m = v.unsigned_abs();
    let mut digits = [0u32; 3];
    let mut n = 0;
    while m != 0 {
        digits[n] = (m as u32) & DIGIT_MASK;
        m >>= DIGIT_BITS;
        n += 1;
    }
    let p = alloc_int(tp, n, negative)?;
    // SAFETY: p has room for n digits.
    unsafe {
        // Element by element: at most three digits, not worth a memcpy call.
        for (dst, src) in raw_digits_mut(p, n).iter_mut().zip(&digits[..n]) {
            *dst = *src;
        }
        Ok(owned(p))
    }
}

/// `PyLong_FromLongLong`.
#[inline]
pub fn new_int(v: i64) -> PyResult<Obj> {
    if let Some(o) = small_int(v) {
        return Ok(o);
    }
    new_uncached(rt().types.int, v)
}

/// `PyLong_FromSize_t`-like helper for lengths and counts.
pub fn from_usize(v: usize) -> PyResult<Obj> {
    if v <= i64::MAX as usize {
        new_int(v as i64)
    } else {
        from_bigint(&BigInt::from(v))
    }
}

/// Converts a big integer, using the small-int cache and the i64 fast path when possible.
pub fn from_bigint(v: &BigInt) -> PyResult<Obj> {
    if let Some(i) = v.to_i64() {
        return new_int(i);
    }
    from_bigint_typed(rt().types.int, v)
}

pub fn from_bigint_typed(tp: *mut crate::typeobj::TypeObject, v: &BigInt) -> PyResult<Obj> {
    let (sign, mag) = v.to_u32_digits();
    // Re-split 32-bit limbs into 30-bit digits.
    let mut digits = Vec::with_capacity(mag.len() * 32 / 30 + 1);
    let mut acc: u64 = 0;
    let mut bits = 0u32;
    for limb in mag {
        acc |= (limb as u64) << bits;
        bits += 32;
        while bits >= DIGIT_BITS {
            digits.push((acc as u32) & DIGIT_MASK);
            acc >>= DIGIT_BITS;
            bits -= DIGIT_BITS;
        }
    }
    if bits > 0 {
        digits.push(acc as u32);
    }
    while digits.last() == Some(&0) {
        digits.pop();
    }
    let p = alloc_int(tp, digits.len(), sign == Sign::Minus)?;
    // SAFETY: p has room for digits.len() digits.
    unsafe {
        raw_digits_mut(p, digits.len()).copy_from_slice(&digits);
        Ok(owned(p))
    }
}

/// The value if it fits in an i64.
/// The value of an exact int of at most one digit (3.11's "medium" ints, which its
/// specialised arithmetic and comparisons handle inline); `None` for anything else.
#[inline(always)]
pub fn medium_value(o: &Obj, int_type: *mut crate::typeobj::TypeObject) -> Option<i64> {
    if o.type_ptr() != int_type {
        return None;
    }
    let p = o.as_ptr();
    // SAFETY: `o` is an int.
    let size = unsafe { raw_ob_size(p) };
    if size.unsigned_abs() > 1 {
        return None;
    }
    // Every int has room for one digit (see `alloc_int`), which is zero when the value
    // is; the sign is the size's.
    // SAFETY: the first digit slot always exists.
    let d0 = unsafe { *((p as *mut u8).add(HEADER_SIZE) as *const u32) };
    Some(size as i64 * d0 as i64)
}

#[inline]
pub fn as_i64(o: &Obj) -> Option<i64> {
    // SAFETY: caller passes an int (checked by kind at call sites; bool shares the layout).
    unsafe { raw_as_i64(o.as_ptr()) }
}

/// # Safety
/// `p` is an int object.
#[inline]
pub unsafe fn raw_as_i64(p: *mut PyObject) -> Option<i64> {
    // SAFETY: caller contract.
    let size = unsafe { raw_ob_size(p) };
    // SAFETY: caller contract.
    let d = unsafe { raw_digits(p) };
    match size {
        0 => Some(0),
        1 => Some(d[0] as i64),
        -1 => Some(-(d[0] as i64)),
        2 | -2 | 3 | -3 => {
            let mut m: i128 = 0;
            for (i, &x) in d.iter().enumerate() {
                m |= (x as i128) << (DIGIT_BITS as usize * i);
            }
            if size < 0 {
                m = -m;
            }
            i64::try_from(m).ok()
        }
        _ => None,
    }
}

/// The value as a big integer.
pub fn to_bigint(o: &Obj) -> BigInt {
    if let Some(v) = as_i64(o) {
        return BigInt::from(v);
    }
    // SAFETY: o is an int.
    let (size, d) = unsafe { (raw_ob_size(o.as_ptr()), raw_digits(o.as_ptr())) };
    let mut v = BigInt::zero();
    for &x in d.iter().rev() {
        v <<= DIGIT_BITS;
        v += x;
    }
    if size < 0 {
        -v
    } else {
        v
    }
}

/// Number of digits (for `__sizeof__`).
pub fn ndigits(o: &Obj) -> usize {
    // SAFETY: o is an int.
    unsafe { raw_ob_size(o.as_ptr()).unsigned_abs() }
}

pub fn sizeof(o: &Obj) -> usize {
    HEADER_SIZE + DIGIT_SIZE * ndigits(o).max(1)
}

/// Decimal representation.
pub fn to_decimal(o: &Obj) -> String {
    match as_i64(o) {
        Some(v) => v.to_string(),
        None => to_bigint(o).to_string(),
    }
}

/// `_PyHASH_MODULUS` = 2**61 - 1.
pub const HASH_MODULUS: u64 = (1 << 61) - 1;

/// CPython's int hash: the value modulo 2**61-1, with the sign, and -1 mapped to -2.
pub fn hash(o: &Obj) -> isize {
    let h: i64 = match as_i64(o) {
        Some(v) => {
            let m = (v.unsigned_abs() % HASH_MODULUS) as i64;
            if v < 0 {
                -m
            } else {
                m
            }
        }
        None => {
            let v = to_bigint(o);
            let m = (v.magnitude() % BigInt::from(HASH_MODULUS).magnitude())
                .to_i64()
                .unwrap_or(0);
            if v.sign() == Sign::Minus {
                -m
            } else {
                m
            }
        }
    };
    if h == -1 {
        -2
    } else {
        h as isize
    }
}

/// `tp_dealloc` for int: ints hold no references.
///
/// # Safety
/// Called by the object core when the refcount reaches zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: int holds nothing; free the block.
    unsafe { free_object(p) }
}

/// Initialises the small-int cache (-5..=256), each an ordinary heap object kept alive by
/// the runtime.
pub fn make_small_ints(tp: *mut crate::typeobj::TypeObject) -> PyResult<Vec<*mut PyObject>> {
    (-NSMALLNEGINTS..NSMALLPOSINTS)
        .map(|v| new_uncached(tp, v).map(|o| o.into_raw()))
        .collect()
}

pub fn repr(o: &Obj) -> PyResult<Obj> {
    if let Some(v) = as_i64(o) {
        // Machine-word ints are written into a buffer on the stack.
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        let mut m = v.unsigned_abs();
        loop {
            i -= 1;
            buf[i] = b'0' + (m % 10) as u8;
            m /= 10;
            if m == 0 {
                break;
            }
        }
        let digits = &buf[i..];
        let mut text = [0u8; 21];
        let mut n = 0;
        if v < 0 {
            text[0] = b'-';
            n = 1;
        }
        text[n..n + digits.len()].copy_from_slice(digits);
        n += digits.len();
        let s = std::str::from_utf8(&text[..n]).unwrap_or("");
        return super::str::new_ascii(s);
    }
    super::str::new_str(&to_decimal(o))
}

pub fn bool_repr(o: &Obj) -> PyResult<Obj> {
    super::str::new_str(if o.as_ptr() == rt().true_ {
        "True"
    } else {
        "False"
    })
}

pub fn hash_slot(o: &Obj) -> PyResult<isize> {
    Ok(hash(o))
}

pub fn richcompare(a: &Obj, b: &Obj, op: crate::typeobj::CompareOp) -> PyResult<Obj> {
    use crate::typeobj::{CompareOp::*, Kind};
    let r = rt();
    let kb = crate::ops::kind(b);
    if kb == Kind::Float {
        let x = crate::ops::to_f64(a).unwrap_or(f64::INFINITY);
        let y = super::float::value(b);
        let v = match op {
            Lt => x < y,
            Le => x <= y,
            Eq => x == y,
            Ne => x != y,
            Gt => x > y,
            Ge => x >= y,
        };
        return Ok(r.bool_obj(v));
    }
    if !matches!(kb, Kind::Int | Kind::Bool) {
        return Ok(r.not_implemented());
    }
    let (x, y) = (to_bigint(a), to_bigint(b));
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

/// Parses an int literal string as `int(s, base)` does.
pub fn parse_str(s: &str, base: u32) -> Option<BigInt> {
    let t = s.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let lower = t.to_ascii_lowercase();
    let (digits, radix) = match base {
        0 => {
            if let Some(r) = lower.strip_prefix("0x") {
                (r.to_string(), 16)
            } else if let Some(r) = lower.strip_prefix("0o") {
                (r.to_string(), 8)
            } else if let Some(r) = lower.strip_prefix("0b") {
                (r.to_string(), 2)
            } else {
                if lower.len() > 1
                    && lower.starts_with('0')
                    && lower.chars().any(|c| c != '0' && c != '_')
                {
                    return None;
                }
                (lower.clone(), 10)
            }
        }
        16 => (lower.strip_prefix("0x").unwrap_or(&lower).to_string(), 16),
        8 => (lower.strip_prefix("0o").unwrap_or(&lower).to_string(), 8),
        2 => (lower.strip_prefix("0b").unwrap_or(&lower).to_string(), 2),
        b => (lower.clone(), b),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    let v = BigInt::parse_bytes(clean.as_bytes(), radix)?;
    Some(if neg { -v } else { v })
}

/// `int(x=0)` / `int(x, base=10)`.
pub fn new(cls: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    use crate::typeobj::Kind;
    let nkw = kwnames.map(super::tuple::len).unwrap_or(0);
    let pos = &args[..args.len() - nkw];
    let mut base_arg = pos.get(1).cloned();
    if let Some(k) = kwnames {
        for (i, n) in super::tuple::items(k).iter().enumerate() {
            if &*super::str::as_str(n) == "base" {
                base_arg = Some(args[pos.len() + i].clone());
            }
        }
    }
    let value: BigInt = match pos.first() {
        None => BigInt::zero(),
        Some(x) => {
            if let Some(b) = &base_arg {
                let base = crate::ops::index_value(b)?;
                if base != 0 && !(2..=36).contains(&base) {
                    return Err(super::exceptions::value_error(
                        "int() base must be >= 2 and <= 36, or 0",
                    ));
                }
                if crate::ops::kind(x) != Kind::Str {
                    return Err(super::exceptions::type_error(
                        "int() can't convert non-string with explicit base",
                    ));
                }
                let s = super::str::as_str(x);
                parse_str(&s, base as u32).ok_or_else(|| {
                    super::exceptions::value_error(&format!(
                        "invalid literal for int() with base {}: {}",
                        base,
                        super::str::repr_text(&s)
                    ))
                })?
            } else {
                match crate::ops::kind(x) {
                    Kind::Int | Kind::Bool => to_bigint(x),
                    Kind::Float => {
                        let f = super::float::value(x);
                        if f.is_nan() {
                            return Err(super::exceptions::value_error(
                                "cannot convert float NaN to integer",
                            ));
                        }
                        if f.is_infinite() {
                            return Err(super::exceptions::overflow_error(
                                "cannot convert float infinity to integer",
                            ));
                        }
                        num_traits::FromPrimitive::from_f64(f.trunc()).unwrap_or_default()
                    }
                    Kind::Str => {
                        let s = super::str::as_str(x);
                        parse_str(&s, 10).ok_or_else(|| {
                            super::exceptions::value_error(&format!(
                                "invalid literal for int() with base 10: {}",
                                super::str::repr_text(&s)
                            ))
                        })?
                    }
                    _ => {
                        for name in ["__int__", "__index__", "__trunc__"] {
                            if let Some(v) = crate::ops::call_special(x, name, &[])? {
                                if matches!(crate::ops::kind(&v), Kind::Int | Kind::Bool) {
                                    return finish_new(cls, to_bigint(&v));
                                }
                                return Err(super::exceptions::type_error(&format!(
                                    "{} returned non-int (type {})",
                                    name,
                                    v.typ().name()
                                )));
                            }
                        }
                        return Err(super::exceptions::type_error(&format!(
                            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                            x.typ().name()
                        )));
                    }
                }
            }
        }
    };
    finish_new(cls, value)
}

fn finish_new(cls: &Obj, value: BigInt) -> PyResult<Obj> {
    if cls.as_ptr() == rt().types.int as *mut PyObject {
        return from_bigint(&value);
    }
    let o = from_bigint_typed(cls.as_ptr() as *mut crate::typeobj::TypeObject, &value)?;
    if o.typ().is_gc() {
        // SAFETY: a fresh heap-type instance.
        unsafe { crate::gc::track(o.as_ptr()) };
    }
    Ok(o)
}

/// `bool(x)`.
pub fn bool_new(_cls: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    match args.first() {
        None => Ok(rt().bool_obj(false)),
        Some(x) => Ok(rt().bool_obj(crate::ops::truthy(x)?)),
    }
}
