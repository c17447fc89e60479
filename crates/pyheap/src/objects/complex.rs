//! `complex`: 32 bytes — the header and two `f64` (`PyComplexObject`). Not a GC type and,
//! unlike `float`, without a free list in CPython 3.11.
//!
//! The arithmetic follows `Objects/complexobject.c`: mixed operands are converted to
//! complex first (so `1j * inf` is `(nan+infj)`), division is Smith's algorithm
//! (`_Py_c_quot`), small integral powers use repeated squaring (`c_powu`), and any
//! infinite power result is an `OverflowError`.

use super::descr::MethodDef;
use super::exceptions::{overflow_error, type_error, value_error, zero_division_error};
use super::str_methods::{nkw, no_args, wrapper_args};
use super::{alloc_object, float, int, owned, str as pystr};
use crate::object::{Obj, PyObject};
use crate::ops::{self, BinOp};
use crate::runtime::{rt, PyResult};
use crate::typeobj::{CompareOp, Kind, TypeObject};

#[repr(C)]
pub struct ComplexObject {
    pub ob_base: PyObject,
    pub real: f64,
    pub imag: f64,
}

pub const BASIC_SIZE: usize = 32;

/// A complex value as a pair (real, imag): CPython's `Py_complex`.
pub type C = (f64, f64);

/// A new exact complex.
pub fn new_complex(real: f64, imag: f64) -> PyResult<Obj> {
    new_of_type(rt().types.complex, real, imag)
}

fn new_of_type(tp: *mut TypeObject, real: f64, imag: f64) -> PyResult<Obj> {
    // SAFETY: tp is a live type with complex layout (complex or a subclass).
    let size = unsafe { (*tp).basicsize };
    // SAFETY: as above, tp is a live type.
    let p = unsafe { alloc_object(tp, size) }?;
    // SAFETY: fresh object with complex layout; the rest is zeroed.
    unsafe {
        let c = p as *mut ComplexObject;
        (*c).real = real;
        (*c).imag = imag;
        if (*tp).is_gc() {
            crate::gc::track(p);
        }
        Ok(owned(p))
    }
}

/// The (real, imag) parts of a complex (or subclass instance).
#[inline]
pub fn value(o: &Obj) -> C {
    // SAFETY: callers pass objects of complex layout.
    let c = unsafe { o.cast::<ComplexObject>() };
    (c.real, c.imag)
}

#[inline]
fn is_complex(o: &Obj) -> bool {
    ops::kind(o) == Kind::Complex
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: complexes hold no references.
    unsafe { super::free_object(p) }
}

// ---------------------------------------------------------------- repr, hash, compare

/// A float as `PyOS_double_to_string(x, 'r', 0, flags)` writes it: repr's digits, but no
/// `.0` for integral values; `sign` adds a `+` to non-negative values (and to `nan`).
fn format_part(x: f64, sign: bool) -> String {
    let mut s = if x.is_nan() {
        "nan".to_string()
    } else {
        float::repr(x)
    };
    if let Some(stripped) = s.strip_suffix(".0") {
        s = stripped.to_string();
    }
    if sign && !s.starts_with('-') {
        s.insert(0, '+');
    }
    s
}

/// `complex_repr`: `1j`, `(1+2j)`, `(-0-1j)`, `(nan+nanj)`.
pub fn repr_value(real: f64, imag: f64) -> String {
    if real == 0.0 && real.is_sign_positive() {
        format!("{}j", format_part(imag, false))
    } else {
        format!("({}{}j)", format_part(real, false), format_part(imag, true))
    }
}

pub fn repr_slot(o: &Obj) -> PyResult<Obj> {
    let (re, im) = value(o);
    pystr::new_str(&repr_value(re, im))
}

/// `_Py_HashDouble`, with NaN hashed by the object's identity as CPython 3.10+ does.
fn hash_part(o: &Obj, v: f64) -> PyResult<u64> {
    if v.is_nan() {
        return Ok(super::typeobject::object_hash(o)? as u64);
    }
    Ok(crate::hash::hash_float(v) as u64)
}

/// `complex_hash`: `hash(real) + 1000003 * hash(imag)`, so `hash(x + 0j) == hash(x)`.
pub fn hash_slot(o: &Obj) -> PyResult<isize> {
    let (re, im) = value(o);
    let combined = hash_part(o, re)?.wrapping_add(1_000_003u64.wrapping_mul(hash_part(o, im)?));
    let h = combined as i64 as isize;
    Ok(if h == -1 { -2 } else { h })
}

/// `complex_richcompare`: only `==` and `!=`, with ints compared exactly.
pub fn richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    let r = rt();
    if !matches!(op, CompareOp::Eq | CompareOp::Ne) {
        return Ok(r.not_implemented());
    }
    let (re, im) = value(a);
    let equal = match ops::kind(b) {
        Kind::Int | Kind::Bool => {
            if im == 0.0 {
                return Ok(r.bool_obj(ops::compare_int_float(b, re, op.swapped())));
            }
            false
        }
        Kind::Float => re == float::value(b) && im == 0.0,
        Kind::Complex => {
            let (br, bi) = value(b);
            re == br && im == bi
        }
        _ => return Ok(r.not_implemented()),
    };
    Ok(r.bool_obj(if op == CompareOp::Eq { equal } else { !equal }))
}

/// `complex_bool`.
pub fn is_nonzero(o: &Obj) -> bool {
    let (re, im) = value(o);
    re != 0.0 || im != 0.0
}

/// `.real` and `.imag` (member descriptors in CPython); everything else as `object`.
pub fn getattro(o: &Obj, name: &Obj) -> PyResult<Obj> {
    let n = pystr::as_str(name);
    if n == "real" || n == "imag" {
        let overridden = o.typ().is_heap()
            && super::typeobject::lookup_str(
                o.type_ptr(),
                if n == "real" { "real" } else { "imag" },
            )
            .is_some();
        if !overridden {
            let (re, im) = value(o);
            return float::new_float(if n == "real" { re } else { im });
        }
    }
    super::typeobject::object_getattro(o, name)
}

// ---------------------------------------------------------------- arithmetic

/// Why a complex operation failed (CPython's `errno` values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MathError {
    /// `EDOM`: division by zero, `0 ** negative`.
    Domain,
    /// `ERANGE`: an infinite power.
    Range,
}

fn prod(a: C, b: C) -> C {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// `_Py_c_quot`: Smith's algorithm.
fn quot(a: C, b: C) -> Result<C, MathError> {
    let abs_breal = b.0.abs();
    let abs_bimag = b.1.abs();
    if abs_breal >= abs_bimag {
        if abs_breal == 0.0 {
            return Err(MathError::Domain);
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Ok(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_bimag >= abs_breal {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Ok(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        // At least one of b's parts is a NaN.
        Ok((f64::NAN, f64::NAN))
    }
}

/// `_Py_c_pow`.
fn c_pow(a: C, b: C) -> Result<C, MathError> {
    if b.0 == 0.0 && b.1 == 0.0 {
        return Ok((1.0, 0.0));
    }
    if a.0 == 0.0 && a.1 == 0.0 {
        if b.1 != 0.0 || b.0 < 0.0 {
            return Err(MathError::Domain);
        }
        return Ok((0.0, 0.0));
    }
    let vabs = a.0.hypot(a.1);
    let mut len = vabs.powf(b.0);
    let at = a.1.atan2(a.0);
    let mut phase = at * b.0;
    if b.1 != 0.0 {
        len /= (at * b.1).exp();
        phase += b.1 * vabs.ln();
    }
    Ok((len * phase.cos(), len * phase.sin()))
}

/// `c_powu`: repeated squaring for a positive integral exponent.
fn c_powu(x: C, n: i64) -> C {
    let mut r = (1.0, 0.0);
    let mut p = x;
    let mut mask: i64 = 1;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = prod(r, p);
        }
        mask <<= 1;
        p = prod(p, p);
    }
    r
}

/// `complex_pow` without a modulus: small integral exponents by squaring, the rest by
/// polar form; an infinite result is `Range`.
pub fn pow(a: C, b: C) -> Result<C, MathError> {
    let p = if b.1 == 0.0 && b.0 == b.0.floor() && b.0.abs() <= 100.0 {
        let n = b.0 as i64;
        if n > 0 {
            c_powu(a, n)
        } else {
            quot((1.0, 0.0), c_powu(a, -n))?
        }
    } else {
        c_pow(a, b)?
    };
    if p.0.is_infinite() || p.1.is_infinite() {
        return Err(MathError::Range);
    }
    Ok(p)
}

/// One operation on complex values; `None` for operators complex does not support.
pub fn arith(op: BinOp, a: C, b: C) -> Option<Result<C, MathError>> {
    Some(match op {
        BinOp::Add => Ok((a.0 + b.0, a.1 + b.1)),
        BinOp::Sub => Ok((a.0 - b.0, a.1 - b.1)),
        BinOp::Mul => Ok(prod(a, b)),
        BinOp::TrueDiv => quot(a, b),
        BinOp::Pow => pow(a, b),
        _ => return None,
    })
}

fn math_error(op: BinOp, e: MathError) -> crate::runtime::PyErr {
    match (op, e) {
        (BinOp::TrueDiv, _) => zero_division_error("complex division by zero"),
        (_, MathError::Domain) => zero_division_error("0.0 to a negative or complex power"),
        (_, MathError::Range) => overflow_error("complex exponentiation"),
    }
}

/// An int, float or complex operand as a complex value (`TO_COMPLEX`); `None` for other
/// types.
fn operand(o: &Obj) -> PyResult<Option<C>> {
    Ok(match ops::kind(o) {
        Kind::Complex => Some(value(o)),
        Kind::Float => Some((float::value(o), 0.0)),
        Kind::Int | Kind::Bool => Some((ops::to_f64(o)?, 0.0)),
        _ => None,
    })
}

fn result(op: BinOp, r: Result<C, MathError>) -> PyResult<Obj> {
    match r {
        Ok((re, im)) => new_complex(re, im),
        Err(e) => Err(math_error(op, e)),
    }
}

/// `a <op> b` when either operand is a complex (the number slots of `complex`):
/// `None` when complex does not implement the operation for these operands.
pub fn binary(a: &Obj, b: &Obj, op: BinOp) -> PyResult<Option<Obj>> {
    if !is_complex(a) && !is_complex(b) {
        return Ok(None);
    }
    if !matches!(
        op,
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::TrueDiv | BinOp::Pow
    ) {
        return Ok(None);
    }
    let (Some(x), Some(y)) = (operand(a)?, operand(b)?) else {
        return Ok(None);
    };
    arith(op, x, y).map(|r| result(op, r)).transpose()
}

/// `float ** float` for a negative base and a fractional exponent: a complex result, as
/// CPython's `float_pow` hands the operation to `complex_pow`.
pub fn float_pow(x: f64, y: f64) -> PyResult<Obj> {
    result(BinOp::Pow, pow((x, 0.0), (y, 0.0)))
}

pub fn neg(o: &Obj) -> PyResult<Obj> {
    let (re, im) = value(o);
    new_complex(-re, -im)
}

pub fn pos(o: &Obj) -> PyResult<Obj> {
    if super::is_exact(o, rt().types.complex) {
        return Ok(o.clone());
    }
    let (re, im) = value(o);
    new_complex(re, im)
}

/// `complex_abs`: C99 `hypot` rules; an overflowing magnitude is an `OverflowError`.
pub fn abs_value(o: &Obj) -> PyResult<f64> {
    let (re, im) = value(o);
    if !re.is_finite() || !im.is_finite() {
        if re.is_infinite() {
            return Ok(re.abs());
        }
        if im.is_infinite() {
            return Ok(im.abs());
        }
        return Ok(f64::NAN);
    }
    let r = re.hypot(im);
    if !r.is_finite() {
        return Err(overflow_error("absolute value too large"));
    }
    Ok(r)
}

pub fn abs(o: &Obj) -> PyResult<Obj> {
    float::new_float(abs_value(o)?)
}

// ---------------------------------------------------------------- construction

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// `PyOS_string_to_double` on a prefix of `s`: the value and the number of bytes read, or
/// `None` when `s` does not start with a float.
fn parse_float_prefix(s: &[u8]) -> Option<(f64, usize)> {
    let mut i = 0;
    let neg = matches!(s.first(), Some(b'-'));
    if matches!(s.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let rest = &s[i..];
    let lower: Vec<u8> = rest
        .iter()
        .take(8)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let special = |word: &[u8]| lower.starts_with(word);
    if special(b"infinity") || special(b"inf") {
        let n = if special(b"infinity") { 8 } else { 3 };
        let v = if neg {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
        return Some((v, i + n));
    }
    if special(b"nan") {
        return Some((f64::NAN, i + 3));
    }
    let start = i;
    let mut digits = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < s.len() && s[i] == b'.' {
        i += 1;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if i < s.len() && matches!(s[i], b'e' | b'E') {
        let mut j = i + 1;
        if j < s.len() && matches!(s[j], b'+' | b'-') {
            j += 1;
        }
        if j < s.len() && s[j].is_ascii_digit() {
            while j < s.len() && s[j].is_ascii_digit() {
                j += 1;
            }
            i = j;
        }
    }
    let text = std::str::from_utf8(&s[start..i]).ok()?;
    let v: f64 = text.parse().ok()?;
    Some((if neg { -v } else { v }, i))
}

/// `complex_from_string_inner`: `<float>`, `<float>j`, `<float><signed-float>j` and the
/// legacy `<float><sign>j`, `<sign>j`, `j`, optionally in parentheses.
fn parse_complex(s: &[u8]) -> Option<C> {
    let mut i = 0;
    let (mut x, mut y) = (0.0, 0.0);
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let bracket = s.get(i) == Some(&b'(');
    if bracket {
        i += 1;
        while i < s.len() && is_space(s[i]) {
            i += 1;
        }
    }
    let is_j = |c: Option<&u8>| matches!(c, Some(b'j' | b'J'));
    match parse_float_prefix(&s[i..]) {
        Some((z, n)) => {
            i += n;
            match s.get(i) {
                Some(&sign @ (b'+' | b'-')) => {
                    x = z;
                    match parse_float_prefix(&s[i..]) {
                        Some((v, n)) => {
                            y = v;
                            i += n;
                        }
                        None => {
                            y = if sign == b'+' { 1.0 } else { -1.0 };
                            i += 1;
                        }
                    }
                    if !is_j(s.get(i)) {
                        return None;
                    }
                    i += 1;
                }
                Some(b'j' | b'J') => {
                    i += 1;
                    y = z;
                }
                _ => x = z,
            }
        }
        None => {
            match s.get(i) {
                Some(&sign @ (b'+' | b'-')) => {
                    y = if sign == b'+' { 1.0 } else { -1.0 };
                    i += 1;
                }
                _ => y = 1.0,
            }
            if !is_j(s.get(i)) {
                return None;
            }
            i += 1;
        }
    }
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    if bracket {
        if s.get(i) != Some(&b')') {
            return None;
        }
        i += 1;
        while i < s.len() && is_space(s[i]) {
            i += 1;
        }
    }
    (i == s.len()).then_some((x, y))
}

/// `complex_subtype_from_string`, with `_Py_string_to_number_with_underscores`.
fn from_string(o: &Obj) -> PyResult<C> {
    let text = pystr::as_str(o);
    // `_PyUnicode_TransformDecimalAndSpaceToASCII`: other non-ASCII characters cannot parse.
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c as u8
            } else if c.is_whitespace() {
                b' '
            } else if let Some(d) = c.to_digit(10) {
                b'0' + d as u8
            } else {
                b'?'
            }
        })
        .collect();
    let malformed = || value_error("complex() arg is a malformed string");
    if !bytes.contains(&b'_') {
        return parse_complex(&bytes).ok_or_else(malformed);
    }
    let bad = || {
        value_error(&format!(
            "could not convert string to complex: {}",
            pystr::repr_text(&text)
        ))
    };
    let mut out = Vec::with_capacity(bytes.len());
    let mut prev = 0u8;
    for &c in &bytes {
        if c == b'_' {
            if !prev.is_ascii_digit() {
                return Err(bad());
            }
        } else {
            if prev == b'_' && !c.is_ascii_digit() {
                return Err(bad());
            }
            out.push(c);
        }
        prev = c;
    }
    if prev == b'_' {
        return Err(bad());
    }
    parse_complex(&out).ok_or_else(malformed)
}

/// Whether a value has `__float__` or `__index__` (`nb_float`/`nb_index`) or is complex.
fn is_number(o: &Obj) -> bool {
    match ops::kind(o) {
        Kind::Int | Kind::Bool | Kind::Float | Kind::Complex => true,
        _ => {
            o.typ().is_heap()
                && (super::typeobject::lookup_str(o.type_ptr(), "__float__").is_some()
                    || super::typeobject::lookup_str(o.type_ptr(), "__index__").is_some())
        }
    }
}

/// `PyNumber_Float` for a number that is not complex.
fn to_float(o: &Obj) -> PyResult<f64> {
    match ops::kind(o) {
        Kind::Float => Ok(float::value(o)),
        Kind::Int | Kind::Bool => ops::to_f64(o),
        _ => {
            let f = float::new(
                &crate::runtime::type_ref(rt().types.float),
                std::slice::from_ref(o),
                None,
            )?;
            Ok(float::value(&f))
        }
    }
}

/// `complex(real=0, imag=0)`.
pub fn new(cls: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let a = super::str_methods::unpack("complex", args, kwnames, &["real", "imag"], 2, 0)?;
    let tp = cls.as_ptr() as *mut TypeObject;
    let r_types = &rt().types;
    let (re, im) = match (&a[0], &a[1]) {
        (None, None) => (0.0, 0.0),
        (Some(r), None) if super::is_exact(r, r_types.complex) && tp == r_types.complex => {
            return Ok(r.clone())
        }
        (Some(r), i) if ops::kind(r) == Kind::Str => {
            if i.is_some() {
                return Err(type_error(
                    "complex() can't take second arg if first is a string",
                ));
            }
            from_string(r)?
        }
        (r, i) => {
            if let Some(i) = i {
                if ops::kind(i) == Kind::Str {
                    return Err(type_error("complex() second arg can't be a string"));
                }
            }
            let mut r = match r {
                Some(r) => r.clone(),
                None => int::new_int(0)?,
            };
            // `__complex__` of a class.
            if r.typ().is_heap() {
                if let Some(c) = ops::call_special(&r, "__complex__", &[])? {
                    if !is_complex(&c) {
                        return Err(type_error(&format!(
                            "__complex__ returned non-complex (type {})",
                            c.typ().name()
                        )));
                    }
                    r = c;
                }
            }
            if !is_number(&r) {
                return Err(type_error(&format!(
                    "complex() first argument must be a string or a number, not '{}'",
                    r.typ().name()
                )));
            }
            if let Some(i) = i {
                if !is_number(i) {
                    return Err(type_error(&format!(
                        "complex() second argument must be a number, not '{}'",
                        i.typ().name()
                    )));
                }
            }
            let (cr, cr_is_complex) = if is_complex(&r) {
                (value(&r), true)
            } else {
                ((to_float(&r)?, 0.0), false)
            };
            let mut ci = match i {
                None => (cr.1, 0.0),
                Some(i) if is_complex(i) => value(i),
                Some(i) => (to_float(i)?, 0.0),
            };
            let mut real = cr.0;
            if i.as_ref().is_some_and(is_complex) {
                real -= ci.1;
            }
            if cr_is_complex && i.is_some() {
                ci.0 += cr.1;
            }
            (real, ci.0)
        }
    };
    new_of_type(tp, re, im)
}

// ---------------------------------------------------------------- methods

fn m_conjugate(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("complex.conjugate", a, k)?;
    let (re, im) = value(s);
    new_complex(re, -im)
}

fn m_complex(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("complex.__complex__", a, k)?;
    pos(s)
}

fn m_getnewargs(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("complex.__getnewargs__", a, k)?;
    let (re, im) = value(s);
    super::tuple::new_tuple(vec![float::new_float(re)?, float::new_float(im)?])
}

fn m_repr(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__repr__", a, k, 0)?;
    repr_slot(s)
}

fn m_hash(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__hash__", a, k, 0)?;
    int::new_int(hash_slot(s)? as i64)
}

fn m_bool(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__bool__", a, k, 0)?;
    Ok(rt().bool_obj(is_nonzero(s)))
}

fn m_neg(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__neg__", a, k, 0)?;
    neg(s)
}

fn m_pos(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__pos__", a, k, 0)?;
    let (re, im) = value(s);
    new_complex(re, im)
}

fn m_abs(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__abs__", a, k, 0)?;
    abs(s)
}

fn compare_dunder(name: &str, s: &Obj, a: &[Obj], k: Option<&Obj>, op: CompareOp) -> PyResult<Obj> {
    wrapper_args(name, a, k, 1)?;
    richcompare(s, &a[0], op)
}

fn m_eq(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    compare_dunder("__eq__", s, a, k, CompareOp::Eq)
}

fn m_ne(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    compare_dunder("__ne__", s, a, k, CompareOp::Ne)
}

/// The number-slot wrappers: `NotImplemented` for operands that are not numbers.
fn binary_dunder(
    name: &str,
    s: &Obj,
    args: &[Obj],
    k: Option<&Obj>,
    op: BinOp,
    reflected: bool,
) -> PyResult<Obj> {
    if op == BinOp::Pow {
        if nkw(k) > 0 {
            return Err(type_error(&format!(
                "wrapper {}() takes no keyword arguments",
                name
            )));
        }
        if args.is_empty() || args.len() > 2 {
            return Err(type_error(&format!(
                "expected 1 or 2 arguments, got {}",
                args.len()
            )));
        }
        if args.get(1).is_some_and(|m| !rt().is_none(m)) {
            return Err(value_error("complex modulo"));
        }
    } else {
        wrapper_args(name, args, k, 1)?;
    }
    let Some(other) = operand(&args[0])? else {
        return Ok(rt().not_implemented());
    };
    let me = value(s);
    let (x, y) = if reflected { (other, me) } else { (me, other) };
    match arith(op, x, y) {
        Some(r) => result(op, r),
        None => Ok(rt().not_implemented()),
    }
}

macro_rules! binops {
    ($($f:ident, $name:expr, $op:ident, $refl:expr;)*) => {
        $(fn $f(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
            binary_dunder($name, s, a, k, BinOp::$op, $refl)
        })*
    };
}

binops! {
    m_add, "__add__", Add, false;
    m_radd, "__radd__", Add, true;
    m_sub, "__sub__", Sub, false;
    m_rsub, "__rsub__", Sub, true;
    m_mul, "__mul__", Mul, false;
    m_rmul, "__rmul__", Mul, true;
    m_truediv, "__truediv__", TrueDiv, false;
    m_rtruediv, "__rtruediv__", TrueDiv, true;
    m_pow, "__pow__", Pow, false;
    m_rpow, "__rpow__", Pow, true;
}

pub static METHODS: &[MethodDef] = &[
    MethodDef::new("conjugate", m_conjugate),
    MethodDef::new("__complex__", m_complex),
    MethodDef::new("__getnewargs__", m_getnewargs),
    MethodDef::new("__repr__", m_repr),
    MethodDef::new("__hash__", m_hash),
    MethodDef::new("__bool__", m_bool),
    MethodDef::new("__neg__", m_neg),
    MethodDef::new("__pos__", m_pos),
    MethodDef::new("__abs__", m_abs),
    MethodDef::new("__eq__", m_eq),
    MethodDef::new("__ne__", m_ne),
    MethodDef::new("__add__", m_add),
    MethodDef::new("__radd__", m_radd),
    MethodDef::new("__sub__", m_sub),
    MethodDef::new("__rsub__", m_rsub),
    MethodDef::new("__mul__", m_mul),
    MethodDef::new("__rmul__", m_rmul),
    MethodDef::new("__truediv__", m_truediv),
    MethodDef::new("__rtruediv__", m_rtruediv),
    MethodDef::new("__pow__", m_pow),
    MethodDef::new("__rpow__", m_rpow),
];

#[cfg(test)]
mod tests {
    use super::{parse_complex, pow, quot, MathError};

    #[test]
    fn parses_python_complex_syntax() {
        assert_eq!(parse_complex(b"1+2j"), Some((1.0, 2.0)));
        assert_eq!(parse_complex(b" ( -1.5e3-2J ) "), Some((-1500.0, -2.0)));
        assert_eq!(parse_complex(b"j"), Some((0.0, 1.0)));
        assert_eq!(parse_complex(b"-j"), Some((0.0, -1.0)));
        assert_eq!(parse_complex(b"3-j"), Some((3.0, -1.0)));
        assert_eq!(parse_complex(b"1e"), None);
        assert_eq!(parse_complex(b""), None);
        assert_eq!(parse_complex(b"(1+2j"), None);
    }

    #[test]
    fn division_and_powers_follow_cpython() {
        assert_eq!(quot((3.0, 4.0), (1.0, -2.0)), Ok((-1.0, 2.0)));
        assert_eq!(quot((1.0, 0.0), (0.0, 0.0)), Err(MathError::Domain));
        assert_eq!(pow((0.0, 1.0), (2.0, 0.0)), Ok((-1.0, 0.0)));
        assert_eq!(pow((0.0, 0.0), (-1.0, 0.0)), Err(MathError::Domain));
        assert_eq!(pow((1e200, 0.0), (2.0, 0.0)), Err(MathError::Range));
    }
}
