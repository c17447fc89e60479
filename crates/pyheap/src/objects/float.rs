//! `float`: 24 bytes — the header and an `f64`. Up to 100 dead floats are kept on a free
//! list and reused, which is why `id()` of successive temporary floats often repeats.

use super::{alloc_object, owned};
use crate::freelist::FLOAT_MAXFREELIST;
use crate::object::{Obj, PyObject};
use crate::runtime::{rt, PyResult};

#[repr(C)]
pub struct FloatObject {
    pub ob_base: PyObject,
    pub value: f64,
}

pub const BASIC_SIZE: usize = 24;

pub fn new_float(v: f64) -> PyResult<Obj> {
    let r = rt();
    let p = match r.freelists().float.pop() {
        Some(p) => {
            // SAFETY: a cached dead float; revive it.
            unsafe { (*p).ob_refcnt = 1 };
            p
        }
        // SAFETY: the runtime's float type is live.
        None => unsafe { alloc_object(r.types.float, BASIC_SIZE) }?,
    };
    // SAFETY: p has float layout.
    unsafe {
        (*(p as *mut FloatObject)).value = v;
        Ok(owned(p))
    }
}

#[inline]
pub fn value(o: &Obj) -> f64 {
    // SAFETY: callers pass floats.
    unsafe { o.cast::<FloatObject>().value }
}

/// `float.__repr__`: the shortest string that round-trips, in Python's notation
/// (`1e+16`, `1.5e-07`, `inf`, `nan`, always a `.0` for integral values).
pub fn repr(v: f64) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if v == 0.0 {
        return if v.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    // Shortest round-trip digits via Rust's `{:e}`, then Python's layout rules (repr uses
    // scientific notation when the exponent is < -4 or >= 16).
    let sci = format!("{:e}", v);
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if neg { "-" } else { "" };
    if !(-4..16).contains(&exp) {
        let mut m = digits[..1].to_string();
        if digits.len() > 1 {
            m.push('.');
            m.push_str(&digits[1..]);
        }
        return format!(
            "{}{}e{}{:02}",
            sign,
            m,
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        );
    }
    let point = exp + 1;
    let s = if point <= 0 {
        format!("0.{}{}", "0".repeat((-point) as usize), digits)
    } else if point as usize >= digits.len() {
        format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
    } else {
        format!(
            "{}.{}",
            &digits[..point as usize],
            &digits[point as usize..]
        )
    };
    format!("{}{}", sign, s)
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    let r = rt();
    // SAFETY: p is a dead float; floats hold no references.
    unsafe {
        if (*p).ob_type == r.types.float && r.freelists().float.len() < FLOAT_MAXFREELIST {
            r.freelists().float.push(p);
            return;
        }
        super::free_object(p);
    }
}

pub fn repr_slot(o: &Obj) -> PyResult<Obj> {
    super::str::new_str(&repr(value(o)))
}

pub fn hash_slot(o: &Obj) -> PyResult<isize> {
    let v = value(o);
    if v.is_nan() {
        return crate::objects::typeobject::object_hash(o);
    }
    Ok(crate::hash::hash_float(v))
}

pub fn richcompare(a: &Obj, b: &Obj, op: crate::typeobj::CompareOp) -> PyResult<Obj> {
    use crate::typeobj::{CompareOp::*, Kind};
    let r = rt();
    let y = match crate::ops::kind(b) {
        Kind::Float => value(b),
        Kind::Int | Kind::Bool => crate::ops::to_f64(b).unwrap_or(f64::INFINITY),
        _ => return Ok(r.not_implemented()),
    };
    let x = value(a);
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

/// Parses Python float syntax (`'1e5'`, `' inf '`, `'nan'`, `'1_000.5'`).
pub fn parse(s: &str) -> Option<f64> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let body = lower.trim_start_matches(['+', '-']);
    let neg = lower.starts_with('-');
    let v = match body {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => {
            if body.is_empty()
                || body.contains("__")
                || body.starts_with('_')
                || body.ends_with('_')
                || !body
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-' | '_'))
            {
                return None;
            }
            body.replace('_', "").parse::<f64>().ok()?
        }
    };
    Some(if neg { -v } else { v })
}

/// `float(x=0.0)`.
pub fn new(cls: &Obj, args: &[Obj], _kw: Option<&Obj>) -> PyResult<Obj> {
    use crate::typeobj::Kind;
    let v = match args.first() {
        None => 0.0,
        Some(x) => match crate::ops::kind(x) {
            Kind::Float => value(x),
            Kind::Int | Kind::Bool => crate::ops::to_f64(x)?,
            Kind::Str => {
                let s = super::str::as_str(x);
                parse(&s).ok_or_else(|| {
                    super::exceptions::value_error(&format!(
                        "could not convert string to float: {}",
                        super::str::repr_text(&s)
                    ))
                })?
            }
            _ => match crate::ops::call_special(x, "__float__", &[])? {
                Some(f) if crate::ops::kind(&f) == Kind::Float => value(&f),
                _ => {
                    if let Some(i) = crate::ops::call_special(x, "__index__", &[])? {
                        crate::ops::to_f64(&i)?
                    } else {
                        return Err(super::exceptions::type_error(&format!(
                            "float() argument must be a string or a real number, not '{}'",
                            x.typ().name()
                        )));
                    }
                }
            },
        },
    };
    if cls.as_ptr() == rt().types.float as *mut PyObject {
        return new_float(v);
    }
    // SAFETY: `cls` is the live class `__new__` was called on, a float subclass.
    let p = unsafe { alloc_object(cls.as_ptr() as *mut crate::typeobj::TypeObject, BASIC_SIZE) }?;
    // SAFETY: fresh float-layout instance of a subclass.
    unsafe {
        (*(p as *mut FloatObject)).value = v;
        if (*(*p).ob_type).is_gc() {
            crate::gc::track(p);
        }
        Ok(owned(p))
    }
}

#[cfg(test)]
mod tests {
    use super::repr;

    #[test]
    fn repr_follows_python_notation() {
        assert_eq!(repr(1.0), "1.0");
        assert_eq!(repr(0.1), "0.1");
        assert_eq!(repr(1e16), "1e+16");
        assert_eq!(repr(1.5e-7), "1.5e-07");
        assert_eq!(repr(123456.789), "123456.789");
        assert_eq!(repr(0.0001), "0.0001");
        assert_eq!(repr(-2.5), "-2.5");
        assert_eq!(repr(1e22), "1e+22");
    }
}
