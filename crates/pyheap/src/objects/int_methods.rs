//! Methods of `int` and `float`, as CPython 3.11's `Objects/longobject.c` and
//! `Objects/floatobject.c` define them.
//!
//! The arithmetic and comparison dunders are CPython's slot wrappers: they return
//! `NotImplemented` for operands of other types and never dispatch back through the type's
//! slots, so `super().__add__(other)` in a subclass of `int` computes on the values (the
//! operands are converted to exact ints or floats first) instead of recursing into the
//! subclass's own `__add__`.

use super::descr::MethodDef;
use super::exceptions::{
    new_err, new_exception, overflow_error, type_error, value_error, zero_division_error,
};
use super::str_methods::{
    arg_type_name, check_positional, nkw, no_args, one_arg, ssize_arg, unpack, wrapper_args,
};
use super::{float, int, is_exact, is_instance, str as pystr, tuple};
use crate::object::Obj;
use crate::ops::{self, BinOp};
use crate::runtime::{rt, PyErr, PyResult};
use crate::typeobj::{CompareOp, Kind};
use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{FromPrimitive, One, Signed, ToPrimitive, Zero};
use std::cmp::Ordering;

fn is_intlike(o: &Obj) -> bool {
    matches!(ops::kind(o), Kind::Int | Kind::Bool)
}

/// `int(o)` for an int or an instance of a subclass (`long_long`).
fn exact_int(o: &Obj) -> PyResult<Obj> {
    if is_exact(o, rt().types.int) {
        Ok(o.clone())
    } else {
        int::from_bigint(&int::to_bigint(o))
    }
}

fn bool_exact(o: &Obj) -> bool {
    is_exact(o, rt().types.bool)
}

fn cmp_result(ord: Option<Ordering>, op: CompareOp) -> bool {
    match ord {
        None => op == CompareOp::Ne,
        Some(o) => match op {
            CompareOp::Lt => o == Ordering::Less,
            CompareOp::Le => o != Ordering::Greater,
            CompareOp::Eq => o == Ordering::Equal,
            CompareOp::Ne => o != Ordering::Equal,
            CompareOp::Gt => o == Ordering::Greater,
            CompareOp::Ge => o != Ordering::Less,
        },
    }
}

/// A float that is finite as an int (`PyLong_FromDouble`).
fn int_from_f64(f: f64) -> PyResult<Obj> {
    if f.is_nan() {
        return Err(value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(overflow_error("cannot convert float infinity to integer"));
    }
    let t = f.trunc();
    if t.abs() < 9.0e18 {
        return int::new_int(t as i64);
    }
    int::from_bigint(&BigInt::from_f64(t).unwrap_or_default())
}

// ---------------------------------------------------------------- int: arithmetic

fn int_binary(
    name: &str,
    s: &Obj,
    args: &[Obj],
    kw: Option<&Obj>,
    op: BinOp,
    reflected: bool,
) -> PyResult<Obj> {
    wrapper_args(name, args, kw, 1)?;
    let other = &args[0];
    if !is_intlike(other) {
        return Ok(rt().not_implemented());
    }
    if matches!(op, BinOp::And | BinOp::Or | BinOp::Xor) && bool_exact(s) && bool_exact(other) {
        // bool's own `__and__`/`__or__`/`__xor__`.
        let (x, y) = (int::as_i64(s) == Some(1), int::as_i64(other) == Some(1));
        let v = match op {
            BinOp::And => x & y,
            BinOp::Or => x | y,
            _ => x ^ y,
        };
        return Ok(rt().bool_obj(v));
    }
    let (a, b) = (exact_int(s)?, exact_int(other)?);
    let (x, y) = if reflected { (b, a) } else { (a, b) };
    if op == BinOp::Mod && int::as_i64(&y) == Some(0) {
        return Err(zero_division_error("integer modulo by zero"));
    }
    if op == BinOp::TrueDiv {
        return int_true_divide(&int::to_bigint(&x), &int::to_bigint(&y));
    }
    ops::binary_op(&x, &y, op)
}

/// `long_true_divide`: the quotient correctly rounded to a float.
fn int_true_divide(x: &BigInt, y: &BigInt) -> PyResult<Obj> {
    if y.is_zero() {
        return Err(zero_division_error("division by zero"));
    }
    const EXACT: u64 = 1 << 53;
    if x.magnitude().bits() <= 53 && y.magnitude().bits() <= 53 {
        let (a, b) = (x.to_f64().unwrap_or(0.0), y.to_f64().unwrap_or(1.0));
        if a.abs() <= EXACT as f64 && b.abs() <= EXACT as f64 {
            return float::new_float(a / b);
        }
    }
    let q = ratio_to_f64(x.magnitude(), y.magnitude());
    if q.is_infinite() {
        return Err(overflow_error(
            "integer division result too large for a float",
        ));
    }
    let negative = x.is_negative() != y.is_negative();
    float::new_float(if negative { -q } else { q })
}

macro_rules! binops {
    ($helper:ident; $($fname:ident, $name:literal, $op:ident, $refl:literal;)*) => {
        $(
            fn $fname(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
                $helper($name, s, a, k, BinOp::$op, $refl)
            }
        )*
    };
}

binops! { int_binary;
    i_add, "__add__", Add, false;
    i_radd, "__radd__", Add, true;
    i_sub, "__sub__", Sub, false;
    i_rsub, "__rsub__", Sub, true;
    i_mul, "__mul__", Mul, false;
    i_rmul, "__rmul__", Mul, true;
    i_floordiv, "__floordiv__", FloorDiv, false;
    i_rfloordiv, "__rfloordiv__", FloorDiv, true;
    i_truediv, "__truediv__", TrueDiv, false;
    i_rtruediv, "__rtruediv__", TrueDiv, true;
    i_mod, "__mod__", Mod, false;
    i_rmod, "__rmod__", Mod, true;
    i_lshift, "__lshift__", LShift, false;
    i_rlshift, "__rlshift__", LShift, true;
    i_rshift, "__rshift__", RShift, false;
    i_rrshift, "__rrshift__", RShift, true;
    i_and, "__and__", And, false;
    i_rand, "__rand__", And, true;
    i_or, "__or__", Or, false;
    i_ror, "__ror__", Or, true;
    i_xor, "__xor__", Xor, false;
    i_rxor, "__rxor__", Xor, true;
}

fn int_divmod(
    name: &str,
    s: &Obj,
    args: &[Obj],
    kw: Option<&Obj>,
    reflected: bool,
) -> PyResult<Obj> {
    wrapper_args(name, args, kw, 1)?;
    let other = &args[0];
    if !is_intlike(other) {
        return Ok(rt().not_implemented());
    }
    let (a, b) = (int::to_bigint(s), int::to_bigint(other));
    let (x, y) = if reflected { (b, a) } else { (a, b) };
    if y.is_zero() {
        return Err(zero_division_error("integer division or modulo by zero"));
    }
    let (q, r) = x.div_mod_floor(&y);
    tuple::new_tuple(vec![int::from_bigint(&q)?, int::from_bigint(&r)?])
}

fn i_divmod(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    int_divmod("__divmod__", s, a, k, false)
}

fn i_rdivmod(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    int_divmod("__rdivmod__", s, a, k, true)
}

/// `wrap_ternaryfunc` argument checking: one or two arguments, no keywords.
fn ternary_args<'a>(
    name: &str,
    args: &'a [Obj],
    kw: Option<&Obj>,
) -> PyResult<(&'a Obj, Option<&'a Obj>)> {
    if nkw(kw) > 0 {
        return Err(type_error(&format!(
            "wrapper {}() takes no keyword arguments",
            name
        )));
    }
    match args.len() {
        0 => Err(type_error(" expected at least 1 argument, got 0")),
        1 | 2 => Ok((&args[0], args.get(1).filter(|m| !rt().is_none(m)))),
        n => Err(type_error(&format!(
            " expected at most 2 arguments, got {}",
            n
        ))),
    }
}

/// `pow(base, exp, m)` for ints.
fn int_modpow(base: &BigInt, exp: &BigInt, m: &BigInt) -> PyResult<Obj> {
    if m.is_zero() {
        return Err(value_error("pow() 3rd argument cannot be 0"));
    }
    let modulus = m.abs();
    let mut base = base.mod_floor(&modulus);
    let mut exp = exp.clone();
    if exp.is_negative() {
        let g = base.extended_gcd(&modulus);
        if !g.gcd.is_one() {
            return Err(value_error("base is not invertible for the given modulus"));
        }
        base = g.x.mod_floor(&modulus);
        exp = -exp;
    }
    let mut r = base.modpow(&exp, &modulus);
    if m.is_negative() && !r.is_zero() {
        r -= &modulus;
    }
    int::from_bigint(&r)
}

fn int_pow(name: &str, s: &Obj, args: &[Obj], kw: Option<&Obj>, reflected: bool) -> PyResult<Obj> {
    let (other, m) = ternary_args(name, args, kw)?;
    if !is_intlike(other) || m.is_some_and(|m| !is_intlike(m)) {
        return Ok(rt().not_implemented());
    }
    let (a, b) = (exact_int(s)?, exact_int(other)?);
    let (x, y) = if reflected { (b, a) } else { (a, b) };
    match m {
        Some(m) => int_modpow(&int::to_bigint(&x), &int::to_bigint(&y), &int::to_bigint(m)),
        None => ops::binary_op(&x, &y, BinOp::Pow),
    }
}

fn i_pow(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    int_pow("__pow__", s, a, k, false)
}

fn i_rpow(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    int_pow("__rpow__", s, a, k, true)
}

fn int_compare(
    name: &str,
    s: &Obj,
    args: &[Obj],
    kw: Option<&Obj>,
    op: CompareOp,
) -> PyResult<Obj> {
    wrapper_args(name, args, kw, 1)?;
    let other = &args[0];
    if !is_intlike(other) {
        return Ok(rt().not_implemented());
    }
    let ord = match (int::as_i64(s), int::as_i64(other)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => int::to_bigint(s).cmp(&int::to_bigint(other)),
    };
    Ok(rt().bool_obj(cmp_result(Some(ord), op)))
}

macro_rules! compares {
    ($helper:ident; $($fname:ident, $name:literal, $op:ident;)*) => {
        $(
            fn $fname(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
                $helper($name, s, a, k, CompareOp::$op)
            }
        )*
    };
}

compares! { int_compare;
    i_eq, "__eq__", Eq;
    i_ne, "__ne__", Ne;
    i_lt, "__lt__", Lt;
    i_le, "__le__", Le;
    i_gt, "__gt__", Gt;
    i_ge, "__ge__", Ge;
}

// ---------------------------------------------------------------- int: unary and conversions

fn i_neg(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__neg__", a, k, 0)?;
    match int::as_i64(s).and_then(|v| v.checked_neg()) {
        Some(v) => int::new_int(v),
        None => int::from_bigint(&-int::to_bigint(s)),
    }
}

fn i_pos(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__pos__", a, k, 0)?;
    exact_int(s)
}

fn i_abs(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__abs__", a, k, 0)?;
    match int::as_i64(s).and_then(|v| v.checked_abs()) {
        Some(v) => int::new_int(v),
        None => int::from_bigint(&int::to_bigint(s).abs()),
    }
}

fn i_invert(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__invert__", a, k, 0)?;
    match int::as_i64(s) {
        Some(v) => int::new_int(!v),
        None => int::from_bigint(&(-int::to_bigint(s) - 1)),
    }
}

fn i_int(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__int__", a, k, 0)?;
    exact_int(s)
}

fn i_index(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__index__", a, k, 0)?;
    exact_int(s)
}

fn i_float(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__float__", a, k, 0)?;
    float::new_float(ops::to_f64(&exact_int(s)?)?)
}

fn i_bool(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__bool__", a, k, 0)?;
    Ok(rt().bool_obj(int::ndigits(s) != 0))
}

fn i_hash(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__hash__", a, k, 0)?;
    int::new_int(int::hash(s) as i64)
}

fn i_repr(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__repr__", a, k, 0)?;
    if bool_exact(s) {
        // bool's own `__repr__`.
        return int::bool_repr(s);
    }
    pystr::new_str(&int::to_decimal(s))
}

fn i_trunc(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("int.__trunc__", a, k)?;
    exact_int(s)
}

fn i_floor(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("int.__floor__", a, k)?;
    exact_int(s)
}

fn i_ceil(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("int.__ceil__", a, k)?;
    exact_int(s)
}

fn i_conjugate(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("int.conjugate", a, k)?;
    exact_int(s)
}

fn i_getnewargs(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("int.__getnewargs__", a, k)?;
    tuple::new_tuple(vec![exact_int(s)?])
}

fn i_as_integer_ratio(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("int.as_integer_ratio", a, k)?;
    tuple::new_tuple(vec![exact_int(s)?, int::new_int(1)?])
}

fn i_bit_length(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("int.bit_length", a, k)?;
    match int::as_i64(s) {
        Some(v) => int::new_int(64 - v.unsigned_abs().leading_zeros() as i64),
        None => int::new_int(int::to_bigint(s).bits() as i64),
    }
}

fn i_bit_count(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("int.bit_count", a, k)?;
    match int::as_i64(s) {
        Some(v) => int::new_int(v.unsigned_abs().count_ones() as i64),
        None => int::new_int(int::to_bigint(s).magnitude().count_ones() as i64),
    }
}

fn i_sizeof(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("int.__sizeof__", a, k)?;
    int::from_usize(int::sizeof(s))
}

/// `__format__(spec)`: an empty spec is `str(self)`.
fn format_dunder(
    qual: &str,
    s: &Obj,
    args: &[Obj],
    kw: Option<&Obj>,
    f: impl Fn(&crate::format::Spec) -> PyResult<String>,
) -> PyResult<Obj> {
    let spec = one_arg(qual, args, kw)?;
    if !is_instance(spec, rt().types.str) {
        return Err(type_error(&format!(
            "__format__() argument must be str, not {}",
            arg_type_name(spec)
        )));
    }
    if pystr::len(spec) == 0 {
        return ops::str(s);
    }
    let spec = crate::format::parse_spec(&pystr::as_str(spec))?;
    pystr::new_str(&f(&spec)?)
}

fn i_format(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    format_dunder("int.__format__", s, a, k, |spec| {
        crate::format::format_int(&int::to_bigint(s), spec)
    })
}

/// An index argument as a big integer (`_PyNumber_Index`).
fn index_bigint(o: &Obj) -> PyResult<BigInt> {
    if is_intlike(o) {
        return Ok(int::to_bigint(o));
    }
    if o.typ().is_heap() {
        if let Some(v) = ops::call_special(o, "__index__", &[])? {
            if is_intlike(&v) {
                return Ok(int::to_bigint(&v));
            }
            return Err(type_error(&format!(
                "__index__ returned non-int (type {})",
                v.typ().name()
            )));
        }
    }
    Err(type_error(&format!(
        "'{}' object cannot be interpreted as an integer",
        o.typ().name()
    )))
}

fn i_round(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    check_positional("int.__round__", a, k, 0, 1)?;
    let Some(nd) = a.first() else {
        return exact_int(s);
    };
    let nd = index_bigint(nd)?;
    if !nd.is_negative() {
        return exact_int(s);
    }
    let x = int::to_bigint(s);
    let digits = x.magnitude().to_string().len() as u64;
    let k = (-nd).to_u64().unwrap_or(u64::MAX);
    if k > digits + 1 {
        return int::new_int(0);
    }
    let p = num_traits::pow::Pow::pow(&BigInt::from(10), k as u32);
    let (q, r) = x.div_mod_floor(&p);
    let twice = &r * 2;
    let q = if twice > p || (twice == p && q.is_odd()) {
        q + 1
    } else {
        q
    };
    int::from_bigint(&(q * p))
}

fn byteorder_arg(fname: &str, v: &Option<Obj>) -> PyResult<bool> {
    match v {
        None => Ok(false),
        Some(b) => {
            if !is_instance(b, rt().types.str) {
                return Err(type_error(&format!(
                    "{}() argument 'byteorder' must be str, not {}",
                    fname,
                    arg_type_name(b)
                )));
            }
            match &*pystr::as_str(b) {
                "little" => Ok(true),
                "big" => Ok(false),
                _ => Err(value_error("byteorder must be either 'little' or 'big'")),
            }
        }
    }
}

fn i_to_bytes(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    let p = unpack("to_bytes", a, k, &["length", "byteorder", "signed"], 2, 0)?;
    let length = match &p[0] {
        Some(v) => ssize_arg(v)?,
        None => 1,
    };
    if let Some(b) = &p[1] {
        if !is_instance(b, rt().types.str) {
            return Err(type_error(&format!(
                "to_bytes() argument 'byteorder' must be str, not {}",
                arg_type_name(b)
            )));
        }
    }
    let signed = match &p[2] {
        Some(v) => ops::truthy(v)?,
        None => false,
    };
    let little = byteorder_arg("to_bytes", &p[1])?;
    if length < 0 {
        return Err(value_error("length argument must be non-negative"));
    }
    let v = int::to_bigint(s);
    if v.is_negative() && !signed {
        return Err(overflow_error("can't convert negative int to unsigned"));
    }
    let nbits = 8 * length as u64;
    let fits = if signed {
        // -2**(nbits-1) <= v < 2**(nbits-1)
        if nbits == 0 {
            // CPython's quirk: -1 fits in zero bytes as well as 0.
            v.is_zero() || v == BigInt::from(-1)
        } else if v.is_negative() {
            (-&v - 1u32).bits() < nbits
        } else {
            v.bits() < nbits
        }
    } else {
        v.bits() <= nbits
    };
    if !fits {
        return Err(overflow_error("int too big to convert"));
    }
    let len = length as usize;
    let unsigned = if v.is_negative() {
        (BigInt::one() << nbits) + &v
    } else {
        v
    };
    let mut bytes = unsigned.magnitude().to_bytes_le();
    if unsigned.is_zero() {
        bytes.clear();
    }
    bytes.resize(len, 0);
    if !little {
        bytes.reverse();
    }
    super::bytes::new_bytes(&bytes)
}

/// `PyObject_Bytes` for `int.from_bytes`: bytes, or an iterable of ints in range(256).
fn bytes_of(o: &Obj) -> PyResult<Vec<u8>> {
    if let Some(b) = super::bytes::as_bytes(o) {
        return Ok(b);
    }
    let cannot = || {
        type_error(&format!(
            "cannot convert '{}' object to bytes",
            o.typ().name()
        ))
    };
    if is_instance(o, rt().types.str) {
        return Err(cannot());
    }
    let it = match ops::iter(o) {
        Ok(it) => it,
        Err(e) if is_instance(&e.0, rt().exc.type_error) => return Err(cannot()),
        Err(e) => return Err(e),
    };
    let mut out = Vec::new();
    while let Some(x) = ops::next(&it)? {
        let v = index_bigint(&x)?;
        match v.to_u8() {
            Some(b) => out.push(b),
            None => return Err(value_error("bytes must be in range(0, 256)")),
        }
    }
    Ok(out)
}

fn i_from_bytes(cls: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    let p = unpack("from_bytes", a, k, &["bytes", "byteorder", "signed"], 2, 1)?;
    let src = p[0].clone().unwrap_or_else(|| rt().none());
    if let Some(b) = &p[1] {
        if !is_instance(b, rt().types.str) {
            return Err(type_error(&format!(
                "from_bytes() argument 'byteorder' must be str, not {}",
                arg_type_name(b)
            )));
        }
    }
    let signed = match &p[2] {
        Some(v) => ops::truthy(v)?,
        None => false,
    };
    let little = byteorder_arg("from_bytes", &p[1])?;
    let mut data = bytes_of(&src)?;
    if !little {
        data.reverse();
    }
    let mut v = BigInt::from_bytes_le(Sign::Plus, &data);
    if signed && data.last().is_some_and(|&b| b & 0x80 != 0) {
        v -= BigInt::one() << (8 * data.len());
    }
    let r = int::from_bigint(&v)?;
    if cls.as_ptr() == rt().types.int as *mut crate::object::PyObject {
        return Ok(r);
    }
    ops::call(cls, &[r], None)
}

pub static METHODS: &[MethodDef] = &[
    MethodDef::new("conjugate", i_conjugate),
    MethodDef::new("bit_length", i_bit_length),
    MethodDef::new("bit_count", i_bit_count),
    MethodDef::new("to_bytes", i_to_bytes),
    MethodDef::class("from_bytes", i_from_bytes),
    MethodDef::new("as_integer_ratio", i_as_integer_ratio),
    MethodDef::new("__trunc__", i_trunc),
    MethodDef::new("__floor__", i_floor),
    MethodDef::new("__ceil__", i_ceil),
    MethodDef::new("__round__", i_round),
    MethodDef::new("__getnewargs__", i_getnewargs),
    MethodDef::new("__format__", i_format),
    MethodDef::new("__sizeof__", i_sizeof),
    MethodDef::new("__repr__", i_repr),
    MethodDef::new("__hash__", i_hash),
    MethodDef::new("__eq__", i_eq),
    MethodDef::new("__ne__", i_ne),
    MethodDef::new("__lt__", i_lt),
    MethodDef::new("__le__", i_le),
    MethodDef::new("__gt__", i_gt),
    MethodDef::new("__ge__", i_ge),
    MethodDef::new("__add__", i_add),
    MethodDef::new("__radd__", i_radd),
    MethodDef::new("__sub__", i_sub),
    MethodDef::new("__rsub__", i_rsub),
    MethodDef::new("__mul__", i_mul),
    MethodDef::new("__rmul__", i_rmul),
    MethodDef::new("__mod__", i_mod),
    MethodDef::new("__rmod__", i_rmod),
    MethodDef::new("__divmod__", i_divmod),
    MethodDef::new("__rdivmod__", i_rdivmod),
    MethodDef::new("__pow__", i_pow),
    MethodDef::new("__rpow__", i_rpow),
    MethodDef::new("__neg__", i_neg),
    MethodDef::new("__pos__", i_pos),
    MethodDef::new("__abs__", i_abs),
    MethodDef::new("__bool__", i_bool),
    MethodDef::new("__invert__", i_invert),
    MethodDef::new("__lshift__", i_lshift),
    MethodDef::new("__rlshift__", i_rlshift),
    MethodDef::new("__rshift__", i_rshift),
    MethodDef::new("__rrshift__", i_rrshift),
    MethodDef::new("__and__", i_and),
    MethodDef::new("__rand__", i_rand),
    MethodDef::new("__xor__", i_xor),
    MethodDef::new("__rxor__", i_rxor),
    MethodDef::new("__or__", i_or),
    MethodDef::new("__ror__", i_ror),
    MethodDef::new("__int__", i_int),
    MethodDef::new("__float__", i_float),
    MethodDef::new("__floordiv__", i_floordiv),
    MethodDef::new("__rfloordiv__", i_rfloordiv),
    MethodDef::new("__truediv__", i_truediv),
    MethodDef::new("__rtruediv__", i_rtruediv),
    MethodDef::new("__index__", i_index),
];

// ---------------------------------------------------------------- float: exact conversions

/// `(mantissa, exponent)` with `|x| = mantissa * 2**exponent` for a finite float.
fn decompose(x: f64) -> (u64, i64) {
    let bits = x.to_bits();
    let exp_field = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    if exp_field == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp_field - 1075)
    }
}

/// `n / d` correctly rounded (half to even) to a float; `inf` when too large.
fn ratio_to_f64(n: &BigUint, d: &BigUint) -> f64 {
    if n.is_zero() {
        return 0.0;
    }
    // floor(log2(n / d)).
    let k = n.bits() as i64 - d.bits() as i64;
    let ge = if k >= 0 {
        *n >= d << (k as u64)
    } else {
        n << ((-k) as u64) >= *d
    };
    let flog = if ge { k } else { k - 1 };
    if flog > 1024 {
        return f64::INFINITY;
    }
    let e = (flog - 52).max(-1074);
    let (num, den) = if e >= 0 {
        (n.clone(), d << (e as u64))
    } else {
        (n << ((-e) as u64), d.clone())
    };
    let (mut q, r) = num.div_rem(&den);
    let twice = r << 1u32;
    if twice > den || (twice == den && q.bit(0)) {
        q += 1u32;
    }
    let qf = q.to_f64().unwrap_or(f64::INFINITY);
    if e > 971 {
        return f64::INFINITY;
    }
    if e >= -1022 {
        qf * 2f64.powi(e as i32)
    } else {
        qf * 2f64.powi((e + 1074) as i32) * f64::from_bits(1)
    }
}

fn float_value_of(o: &Obj) -> PyResult<Option<f64>> {
    match ops::kind(o) {
        Kind::Float => Ok(Some(float::value(o))),
        Kind::Int | Kind::Bool => Ok(Some(ops::to_f64(o)?)),
        _ => Ok(None),
    }
}

/// `float(self)`: `self` for an exact float.
fn exact_float(o: &Obj) -> PyResult<Obj> {
    if is_exact(o, rt().types.float) {
        Ok(o.clone())
    } else {
        float::new_float(float::value(o))
    }
}

// ---------------------------------------------------------------- float: arithmetic

/// `_float_div_mod`.
/// CPython's `float_divmod`: floor division and modulo computed from `fmod`, so that
/// `1.0 // 0.1` is 9.0 (the remainder is 0.1 - ε, not 0).
pub(crate) fn float_divmod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

fn is_odd_integer(x: f64) -> bool {
    (x % 2.0).abs() == 1.0
}

fn range_error() -> PyErr {
    let args = (
        int::new_int(34),
        pystr::new_str("Numerical result out of range"),
    );
    match (args.0, args.1) {
        // SAFETY: the runtime's OverflowError type is live and an exception type.
        (Ok(a), Ok(b)) => match unsafe { new_exception(rt().exc.overflow_error, vec![a, b]) } {
            Ok(e) => PyErr(e),
            Err(e) => e,
        },
        (Err(e), _) | (_, Err(e)) => e,
    }
}

/// `float_pow` without the modulus.
fn float_pow(mut iv: f64, iw: f64) -> PyResult<f64> {
    if iw == 0.0 {
        return Ok(1.0);
    }
    if iv.is_nan() {
        return Ok(iv);
    }
    if iw.is_nan() {
        return Ok(if iv == 1.0 { 1.0 } else { iw });
    }
    if iw.is_infinite() {
        let a = iv.abs();
        return Ok(if a == 1.0 {
            1.0
        } else if (iw > 0.0) == (a > 1.0) {
            iw.abs()
        } else {
            0.0
        });
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return Ok(if iw > 0.0 {
            if odd {
                iv
            } else {
                iv.abs()
            }
        } else if odd {
            0.0f64.copysign(iv)
        } else {
            0.0
        });
    }
    if iv == 0.0 {
        if iw < 0.0 {
            return Err(zero_division_error(
                "0.0 cannot be raised to a negative power",
            ));
        }
        return Ok(if is_odd_integer(iw) { iv } else { 0.0 });
    }
    let mut negate = false;
    if iv < 0.0 {
        if iw != iw.floor() {
            return Err(value_error(
                "negative number cannot be raised to a fractional power",
            ));
        }
        iv = -iv;
        negate = is_odd_integer(iw);
    }
    if iv == 1.0 {
        return Ok(if negate { -1.0 } else { 1.0 });
    }
    let ix = iv.powf(iw);
    if ix.is_infinite() {
        return Err(range_error());
    }
    Ok(if negate { -ix } else { ix })
}

fn float_binary(
    name: &str,
    s: &Obj,
    args: &[Obj],
    kw: Option<&Obj>,
    op: BinOp,
    reflected: bool,
) -> PyResult<Obj> {
    wrapper_args(name, args, kw, 1)?;
    let Some(w) = float_value_of(&args[0])? else {
        return Ok(rt().not_implemented());
    };
    let v = float::value(s);
    let (x, y) = if reflected { (w, v) } else { (v, w) };
    if op != BinOp::MatMul {
        return crate::ops::float_binary(x, y, op)
            .map(|r| r.unwrap_or_else(|| rt().not_implemented()));
    }
    if y == 0.0 {
        return Err(zero_division_error("float divmod()"));
    }
    let (q, m) = float_divmod(x, y);
    tuple::new_tuple(vec![float::new_float(q)?, float::new_float(m)?])
}

binops! { float_binary;
    f_add, "__add__", Add, false;
    f_radd, "__radd__", Add, true;
    f_sub, "__sub__", Sub, false;
    f_rsub, "__rsub__", Sub, true;
    f_mul, "__mul__", Mul, false;
    f_rmul, "__rmul__", Mul, true;
    f_truediv, "__truediv__", TrueDiv, false;
    f_rtruediv, "__rtruediv__", TrueDiv, true;
    f_floordiv, "__floordiv__", FloorDiv, false;
    f_rfloordiv, "__rfloordiv__", FloorDiv, true;
    f_mod, "__mod__", Mod, false;
    f_rmod, "__rmod__", Mod, true;
    // `BinOp` has no divmod; `float_binary` treats the otherwise unused `MatMul` as divmod.
    f_divmod, "__divmod__", MatMul, false;
    f_rdivmod, "__rdivmod__", MatMul, true;
}

fn float_pow_dunder(
    name: &str,
    s: &Obj,
    args: &[Obj],
    kw: Option<&Obj>,
    reflected: bool,
) -> PyResult<Obj> {
    let (other, m) = ternary_args(name, args, kw)?;
    let Some(w) = float_value_of(other)? else {
        return Ok(rt().not_implemented());
    };
    if m.is_some() {
        return Err(type_error(
            "pow() 3rd argument not allowed unless all arguments are integers",
        ));
    }
    let v = float::value(s);
    let (x, y) = if reflected { (w, v) } else { (v, w) };
    float::new_float(float_pow(x, y)?)
}

fn f_pow(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    float_pow_dunder("__pow__", s, a, k, false)
}

fn f_rpow(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    float_pow_dunder("__rpow__", s, a, k, true)
}

/// Compares a float with an int exactly (`float_richcompare`).
fn cmp_float_int(x: f64, n: &BigInt) -> Option<Ordering> {
    if x.is_nan() {
        return None;
    }
    if x.is_infinite() {
        return Some(if x > 0.0 {
            Ordering::Greater
        } else {
            Ordering::Less
        });
    }
    let t = x.trunc();
    let ti = BigInt::from_f64(t).unwrap_or_default();
    match ti.cmp(n) {
        Ordering::Equal => (x - t).partial_cmp(&0.0),
        o => Some(o),
    }
}

fn float_compare(
    name: &str,
    s: &Obj,
    args: &[Obj],
    kw: Option<&Obj>,
    op: CompareOp,
) -> PyResult<Obj> {
    wrapper_args(name, args, kw, 1)?;
    let other = &args[0];
    let x = float::value(s);
    let ord = match ops::kind(other) {
        Kind::Float => x.partial_cmp(&float::value(other)),
        Kind::Int | Kind::Bool => cmp_float_int(x, &int::to_bigint(other)),
        _ => return Ok(rt().not_implemented()),
    };
    Ok(rt().bool_obj(cmp_result(ord, op)))
}

compares! { float_compare;
    f_eq, "__eq__", Eq;
    f_ne, "__ne__", Ne;
    f_lt, "__lt__", Lt;
    f_le, "__le__", Le;
    f_gt, "__gt__", Gt;
    f_ge, "__ge__", Ge;
}

// ---------------------------------------------------------------- float: unary and conversions

fn f_neg(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__neg__", a, k, 0)?;
    float::new_float(-float::value(s))
}

fn f_pos(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__pos__", a, k, 0)?;
    exact_float(s)
}

fn f_abs(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__abs__", a, k, 0)?;
    float::new_float(float::value(s).abs())
}

fn f_bool(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__bool__", a, k, 0)?;
    Ok(rt().bool_obj(float::value(s) != 0.0))
}

fn f_int(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__int__", a, k, 0)?;
    int_from_f64(float::value(s))
}

fn f_float(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__float__", a, k, 0)?;
    exact_float(s)
}

fn f_hash(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__hash__", a, k, 0)?;
    int::new_int(float::hash_slot(s)? as i64)
}

fn f_repr(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    wrapper_args("__repr__", a, k, 0)?;
    pystr::new_str(&float::repr(float::value(s)))
}

fn f_trunc(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("float.__trunc__", a, k)?;
    int_from_f64(float::value(s))
}

fn f_floor(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("float.__floor__", a, k)?;
    int_from_f64(float::value(s).floor())
}

fn f_ceil(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("float.__ceil__", a, k)?;
    int_from_f64(float::value(s).ceil())
}

fn f_conjugate(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("float.conjugate", a, k)?;
    exact_float(s)
}

fn f_getnewargs(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("float.__getnewargs__", a, k)?;
    tuple::new_tuple(vec![float::new_float(float::value(s))?])
}

fn f_is_integer(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("float.is_integer", a, k)?;
    let x = float::value(s);
    Ok(rt().bool_obj(x.is_finite() && x.fract() == 0.0))
}

fn f_as_integer_ratio(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("float.as_integer_ratio", a, k)?;
    let x = float::value(s);
    if x.is_nan() {
        return Err(value_error("cannot convert NaN to integer ratio"));
    }
    if x.is_infinite() {
        return Err(overflow_error("cannot convert Infinity to integer ratio"));
    }
    let (m, e) = decompose(x);
    let (num, den) = if m == 0 {
        (BigInt::zero(), BigInt::one())
    } else if e >= 0 {
        (BigInt::from(m) << (e as u64), BigInt::one())
    } else {
        let tz = (m.trailing_zeros() as i64).min(-e);
        (BigInt::from(m >> tz), BigInt::one() << ((-e - tz) as u64))
    };
    let num = if x < 0.0 { -num } else { num };
    tuple::new_tuple(vec![int::from_bigint(&num)?, int::from_bigint(&den)?])
}

fn f_sizeof(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("float.__sizeof__", a, k)?;
    int::from_usize(s.typ().basicsize)
}

fn f_format(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    format_dunder("float.__format__", s, a, k, |spec| {
        crate::format::format_float(float::value(s), spec)
    })
}

/// `double_round`: `x` correctly rounded (half to even) to `ndigits` decimal places.
fn double_round(x: f64, ndigits: i64) -> PyResult<f64> {
    let (m, e) = decompose(x);
    let ten = BigUint::from(10u32);
    let mut num = BigUint::from(m);
    let mut den = BigUint::one();
    if e >= 0 {
        num <<= e as u64;
    } else {
        den <<= (-e) as u64;
    }
    let p = num_traits::pow::Pow::pow(&ten, ndigits.unsigned_abs() as u32);
    if ndigits >= 0 {
        num *= &p;
    } else {
        den *= &p;
    }
    let (mut q, r) = num.div_rem(&den);
    let twice = r << 1u32;
    if twice > den || (twice == den && q.bit(0)) {
        q += 1u32;
    }
    let v = if ndigits >= 0 {
        ratio_to_f64(&q, &p)
    } else {
        ratio_to_f64(&(q * p), &BigUint::one())
    };
    if v.is_infinite() {
        return Err(overflow_error("rounded value too large to represent"));
    }
    Ok(if x < 0.0 { -v } else { v })
}

fn f_round(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    check_positional("float.__round__", a, k, 0, 1)?;
    let x = float::value(s);
    let nd = match a.first() {
        Some(v) if !rt().is_none(v) => v,
        _ => return int_from_f64(x.round_ties_even()),
    };
    let nd = index_bigint(nd)?;
    let nd = nd
        .to_i64()
        .unwrap_or(if nd.is_negative() { i64::MIN } else { i64::MAX });
    if !x.is_finite() {
        return float::new_float(x);
    }
    if nd > 323 {
        return float::new_float(x);
    }
    if nd < -308 {
        return float::new_float(0.0 * x);
    }
    if x == 0.0 {
        return float::new_float(x);
    }
    float::new_float(double_round(x, nd)?)
}

fn f_hex(s: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    no_args("float.hex", a, k)?;
    let x = float::value(s);
    if !x.is_finite() {
        return pystr::new_str(&float::repr(x));
    }
    if x == 0.0 {
        return pystr::new_str(if x.is_sign_negative() {
            "-0x0.0p+0"
        } else {
            "0x0.0p+0"
        });
    }
    let bits = x.to_bits();
    let exp_field = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (lead, e) = if exp_field == 0 {
        (0, -1022)
    } else {
        (1, exp_field - 1023)
    };
    let sign = if x < 0.0 { "-" } else { "" };
    let esign = if e < 0 { '-' } else { '+' };
    pystr::new_str(&format!(
        "{}0x{}.{:013x}p{}{}",
        sign,
        lead,
        frac,
        esign,
        e.abs()
    ))
}

fn hex_digit(c: u8) -> Option<u32> {
    (c as char).to_digit(16)
}

/// Parses `float.fromhex` syntax; `None` for a malformed string.
fn parse_hex_float(text: &str) -> Option<Result<f64, ()>> {
    let b = text.as_bytes();
    let is_ws = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    let mut i = 0;
    while i < b.len() && is_ws(b[i]) {
        i += 1;
    }
    let mut end = b.len();
    while end > i && is_ws(b[end - 1]) {
        end -= 1;
    }
    let body = &b[i..end];
    // Infinities and NaNs.
    let (neg, rest) = match body.first() {
        Some(b'-') => (true, &body[1..]),
        Some(b'+') => (false, &body[1..]),
        _ => (false, body),
    };
    let lower: Vec<u8> = rest.to_ascii_lowercase();
    let special = match lower.as_slice() {
        b"inf" | b"infinity" => Some(f64::INFINITY),
        b"nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(v) = special {
        return Some(Ok(if neg { -v } else { v }));
    }
    let mut j = 0;
    if rest.len() >= 2 && rest[0] == b'0' && (rest[1] == b'x' || rest[1] == b'X') {
        j = 2;
    }
    let mut mant = BigUint::zero();
    let mut ndigits = 0i64;
    let mut fdigits = 0i64;
    while j < rest.len() {
        let Some(d) = hex_digit(rest[j]) else { break };
        mant = (mant << 4u32) + d;
        ndigits += 1;
        j += 1;
    }
    if j < rest.len() && rest[j] == b'.' {
        j += 1;
        while j < rest.len() {
            let Some(d) = hex_digit(rest[j]) else { break };
            mant = (mant << 4u32) + d;
            ndigits += 1;
            fdigits += 1;
            j += 1;
        }
    }
    if ndigits == 0 {
        return None;
    }
    let mut exp: i64 = 0;
    if j < rest.len() && (rest[j] == b'p' || rest[j] == b'P') {
        j += 1;
        let mut eneg = false;
        if j < rest.len() && (rest[j] == b'-' || rest[j] == b'+') {
            eneg = rest[j] == b'-';
            j += 1;
        }
        if j >= rest.len() || !rest[j].is_ascii_digit() {
            return None;
        }
        while j < rest.len() && rest[j].is_ascii_digit() {
            exp = (exp.saturating_mul(10))
                .saturating_add((rest[j] - b'0') as i64)
                .min(1 << 40);
            j += 1;
        }
        if eneg {
            exp = -exp;
        }
    }
    if j != rest.len() {
        return None;
    }
    let sign = |v: f64| if neg { -v } else { v };
    if mant.is_zero() {
        return Some(Ok(sign(0.0)));
    }
    let e = exp - 4 * fdigits;
    let top = mant.bits() as i64 + e;
    if top > 1025 {
        return Some(Err(()));
    }
    if top < -1080 {
        return Some(Ok(sign(0.0)));
    }
    let v = if e >= 0 {
        ratio_to_f64(&(mant << (e as u64)), &BigUint::one())
    } else {
        ratio_to_f64(&mant, &(BigUint::one() << ((-e) as u64)))
    };
    if v.is_infinite() {
        return Some(Err(()));
    }
    Some(Ok(sign(v)))
}

fn f_fromhex(cls: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    let s = one_arg("float.fromhex", a, k)?;
    if !is_instance(s, rt().types.str) {
        return Err(type_error("bad argument type for built-in operation"));
    }
    let v = match parse_hex_float(&pystr::as_str(s)) {
        None => return Err(value_error("invalid hexadecimal floating-point string")),
        Some(Err(())) => {
            return Err(overflow_error(
                "hexadecimal value too large to represent as a float",
            ))
        }
        Some(Ok(v)) => v,
    };
    let f = float::new_float(v)?;
    if cls.as_ptr() == rt().types.float as *mut crate::object::PyObject {
        return Ok(f);
    }
    ops::call(cls, &[f], None)
}

fn f_getformat(_cls: &Obj, a: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    let t = one_arg("float.__getformat__", a, k)?;
    if !is_instance(t, rt().types.str) {
        return Err(type_error(&format!(
            "__getformat__() argument must be str, not {}",
            arg_type_name(t)
        )));
    }
    match &*pystr::as_str(t) {
        "double" | "float" => pystr::new_str("IEEE, little-endian"),
        _ => Err(new_err(
            rt().exc.value_error,
            "__getformat__() argument 1 must be 'double' or 'float'",
        )),
    }
}

pub static FLOAT_METHODS: &[MethodDef] = &[
    MethodDef::new("conjugate", f_conjugate),
    MethodDef::new("__trunc__", f_trunc),
    MethodDef::new("__floor__", f_floor),
    MethodDef::new("__ceil__", f_ceil),
    MethodDef::new("__round__", f_round),
    MethodDef::new("as_integer_ratio", f_as_integer_ratio),
    MethodDef::class("fromhex", f_fromhex),
    MethodDef::new("hex", f_hex),
    MethodDef::new("is_integer", f_is_integer),
    MethodDef::new("__getnewargs__", f_getnewargs),
    MethodDef::class("__getformat__", f_getformat),
    MethodDef::new("__format__", f_format),
    MethodDef::new("__sizeof__", f_sizeof),
    MethodDef::new("__repr__", f_repr),
    MethodDef::new("__hash__", f_hash),
    MethodDef::new("__eq__", f_eq),
    MethodDef::new("__ne__", f_ne),
    MethodDef::new("__lt__", f_lt),
    MethodDef::new("__le__", f_le),
    MethodDef::new("__gt__", f_gt),
    MethodDef::new("__ge__", f_ge),
    MethodDef::new("__add__", f_add),
    MethodDef::new("__radd__", f_radd),
    MethodDef::new("__sub__", f_sub),
    MethodDef::new("__rsub__", f_rsub),
    MethodDef::new("__mul__", f_mul),
    MethodDef::new("__rmul__", f_rmul),
    MethodDef::new("__mod__", f_mod),
    MethodDef::new("__rmod__", f_rmod),
    MethodDef::new("__divmod__", f_divmod),
    MethodDef::new("__rdivmod__", f_rdivmod),
    MethodDef::new("__pow__", f_pow),
    MethodDef::new("__rpow__", f_rpow),
    MethodDef::new("__neg__", f_neg),
    MethodDef::new("__pos__", f_pos),
    MethodDef::new("__abs__", f_abs),
    MethodDef::new("__bool__", f_bool),
    MethodDef::new("__int__", f_int),
    MethodDef::new("__float__", f_float),
    MethodDef::new("__floordiv__", f_floordiv),
    MethodDef::new("__rfloordiv__", f_rfloordiv),
    MethodDef::new("__truediv__", f_truediv),
    MethodDef::new("__rtruediv__", f_rtruediv),
];
