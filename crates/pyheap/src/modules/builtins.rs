//! The `builtins` module.

use crate::object::Obj;
use crate::objects::descr::MethodDef;
use crate::objects::exceptions::{self, type_error, value_error};
use crate::objects::{dict, float, int, is_instance, list, module, str as pystr, tuple};
use crate::ops::{self, kind};
use crate::runtime::{rt, type_ref, PyResult};
use crate::typeobj::{CompareOp, Kind, TypeObject};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

/// Splits vectorcall arguments into positional ones and (name, value) keyword pairs.
pub fn split_args<'a>(
    args: &'a [Obj],
    kwnames: Option<&'a Obj>,
) -> (&'a [Obj], Vec<(String, &'a Obj)>) {
    let nkw = kwnames.map(tuple::len).unwrap_or(0);
    let (pos, kw) = args.split_at(args.len() - nkw);
    let names = kwnames.map(tuple::items).unwrap_or(&[]);
    (
        pos,
        names
            .iter()
            .zip(kw.iter())
            .map(|(n, v)| (pystr::as_str(n).into_owned(), v))
            .collect(),
    )
}

fn no_kwargs(name: &str, kwnames: Option<&Obj>) -> PyResult<()> {
    if kwnames.map(tuple::len).unwrap_or(0) > 0 {
        return Err(type_error(&format!(
            "{}() takes no keyword arguments",
            name
        )));
    }
    Ok(())
}

fn exactly(name: &str, args: &[Obj], n: usize) -> PyResult<()> {
    if args.len() != n {
        if n == 1 {
            return Err(type_error(&format!(
                "{}() takes exactly one argument ({} given)",
                name,
                args.len()
            )));
        }
        return Err(type_error(&format!(
            "{} expected {} arguments, got {}",
            name,
            n,
            args.len()
        )));
    }
    Ok(())
}

fn b_print(_m: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let (pos, kw) = split_args(args, kwnames);
    let r = rt();
    let mut sep = " ".to_string();
    let mut end = "\n".to_string();
    let mut file = None;
    let mut flush = false;
    for (k, v) in kw {
        let text = |v: &Obj, what: &str| -> PyResult<Option<String>> {
            if r.is_none(v) {
                Ok(None)
            } else if is_instance(v, r.types.str) {
                Ok(Some(pystr::as_str(v).into_owned()))
            } else {
                Err(type_error(&format!(
                    "{} must be None or a string, not {}",
                    what,
                    v.typ().name()
                )))
            }
        };
        match k.as_str() {
            "sep" => sep = text(v, "sep")?.unwrap_or_else(|| " ".into()),
            "end" => end = text(v, "end")?.unwrap_or_else(|| "\n".into()),
            "file" => {
                if !r.is_none(v) {
                    file = Some(v.clone())
                }
            }
            "flush" => flush = ops::truthy(v)?,
            other => {
                return Err(type_error(&format!(
                    "'{}' is an invalid keyword argument for print()",
                    other
                )))
            }
        }
    }
    let mut out = String::new();
    for (i, a) in pos.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(&pystr::as_str(&ops::str(a)?));
    }
    out.push_str(&end);
    match file {
        None => super::write_stdout(&out),
        Some(f) => {
            ops::call_method(&f, "write", &[pystr::new_str(&out)?])?;
            if flush {
                if let Ok(fl) = ops::getattr_str(&f, "flush") {
                    ops::call(&fl, &[], None)?;
                }
            }
        }
    }
    if flush {
        super::flush_stdout();
    }
    Ok(r.none())
}

fn b_len(_m: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    no_kwargs("len", kwnames)?;
    exactly("len", args, 1)?;
    int::from_usize(ops::len(&args[0])?)
}

fn b_repr(_m: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    no_kwargs("repr", kwnames)?;
    exactly("repr", args, 1)?;
    ops::repr(&args[0])
}

fn b_ascii(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    exactly("ascii", args, 1)?;
    crate::format::ascii(&args[0])
}

fn b_id(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    exactly("id", args, 1)?;
    int::from_usize(args[0].id())
}

fn b_hash(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    exactly("hash", args, 1)?;
    int::new_int(ops::hash(&args[0])? as i64)
}

fn class_check(cls: &Obj, what: &str) -> PyResult<Vec<*mut TypeObject>> {
    if kind(cls) == Kind::Type {
        return Ok(vec![cls.as_ptr() as *mut TypeObject]);
    }
    if kind(cls) == Kind::Tuple {
        let mut v = Vec::new();
        for c in tuple::items(cls) {
            v.extend(class_check(c, what)?);
        }
        return Ok(v);
    }
    let (one, many) = if what == "issubclass" {
        ("class", "classes")
    } else {
        ("type", "types")
    };
    Err(type_error(&format!(
        "{}() arg 2 must be a {}, a tuple of {}, or a union",
        what, one, many
    )))
}

/// The class's metaclass hook (`__instancecheck__`, `__subclasscheck__`) when the
/// metaclass is written in Python and defines one, applied to `arg`.
fn metaclass_check(cls: &Obj, hook: &'static str, arg: &Obj) -> PyResult<Option<bool>> {
    if kind(cls) != Kind::Type || !cls.typ().is_heap() {
        return Ok(None);
    }
    match ops::call_special(cls, hook, std::slice::from_ref(arg))? {
        Some(v) => ops::truthy(&v).map(Some),
        None => Ok(None),
    }
}

/// `PyObject_IsInstance`: an exact type match, then each class of a tuple, then the
/// metaclass's `__instancecheck__`, then the MRO.
fn isinstance_of(inst: &Obj, cls: &Obj) -> PyResult<bool> {
    if inst.type_ptr() == cls.as_ptr() as *mut TypeObject {
        return Ok(true);
    }
    if kind(cls) == Kind::Tuple {
        for c in tuple::items(cls) {
            if isinstance_of(inst, c)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if let Some(b) = metaclass_check(cls, "__instancecheck__", inst)? {
        return Ok(b);
    }
    let types = class_check(cls, "isinstance")?;
    if types.iter().any(|&t| is_instance(inst, t)) {
        return Ok(true);
    }
    // `object_isinstance`: an object may claim another class through its `__class__`
    // attribute (a weak proxy names its referent's class); errors other than
    // AttributeError propagate (a dead proxy's ReferenceError).
    if !may_claim_other_class(inst) {
        return Ok(false);
    }
    let Some(icls) = ops::getattr_opt(inst, &pystr::intern_str("__class__")?)? else {
        return Ok(false);
    };
    if icls.as_ptr() == inst.type_ptr() as *mut crate::object::PyObject || kind(&icls) != Kind::Type
    {
        return Ok(false);
    }
    // SAFETY: icls is a live type object.
    let icls_type = unsafe { &*(icls.as_ptr() as *mut TypeObject) };
    Ok(types.iter().any(|&t| icls_type.is_subtype(t)))
}

/// Whether `inst.__class__` can be anything but `type(inst)`: a weak proxy's is its
/// referent's, and a class may define `__class__` or its own `__getattribute__`; every
/// other object answers its type, so `isinstance` need not ask.
fn may_claim_other_class(inst: &Obj) -> bool {
    use crate::objects::typeobject::{generic_getattr, object_getattro};
    let t = inst.typ();
    if kind(inst) == Kind::WeakProxy {
        return true;
    }
    if !t.is_heap() {
        return false;
    }
    let generic_getattro = match t.tp_getattro {
        None => true,
        Some(f) => {
            std::ptr::fn_addr_eq(f, object_getattro as crate::typeobj::GetAttrFn)
                || std::ptr::fn_addr_eq(f, generic_getattr as crate::typeobj::GetAttrFn)
        }
    };
    !generic_getattro || t.flags & crate::typeobj::TPFLAGS_DEFINES_CLASS != 0
}

/// `PyObject_IsSubclass`: each class of a tuple, the metaclass's `__subclasscheck__`,
/// then the MRO.
fn issubclass_of(sub: &Obj, cls: &Obj) -> PyResult<bool> {
    if kind(cls) == Kind::Tuple {
        for c in tuple::items(cls) {
            if issubclass_of(sub, c)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if let Some(b) = metaclass_check(cls, "__subclasscheck__", sub)? {
        return Ok(b);
    }
    if kind(sub) != Kind::Type {
        return Err(type_error("issubclass() arg 1 must be a class"));
    }
    let types = class_check(cls, "issubclass")?;
    // SAFETY: sub is a type.
    let t = unsafe { &*(sub.as_ptr() as *mut TypeObject) };
    Ok(types.iter().any(|&x| t.is_subtype(x)))
}

fn b_isinstance(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    exactly("isinstance", args, 2)?;
    Ok(rt().bool_obj(isinstance_of(&args[0], &args[1])?))
}

fn b_issubclass(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    exactly("issubclass", args, 2)?;
    Ok(rt().bool_obj(issubclass_of(&args[0], &args[1])?))
}

fn b_abs(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    exactly("abs", args, 1)?;
    let a = &args[0];
    match kind(a) {
        Kind::Int | Kind::Bool if !a.typ().is_heap() => {
            match int::as_i64(a).and_then(|v| v.checked_abs()) {
                Some(v) => int::new_int(v),
                None => int::from_bigint(&int::to_bigint(a).abs()),
            }
        }
        Kind::Float if !a.typ().is_heap() => float::new_float(float::value(a).abs()),
        Kind::Complex if !a.typ().is_heap() => crate::objects::complex::abs(a),
        _ => match ops::call_special(a, "__abs__", &[])? {
            Some(v) => Ok(v),
            None => Err(type_error(&format!(
                "bad operand type for abs(): '{}'",
                a.typ().name()
            ))),
        },
    }
}

fn min_max(name: &str, args: &[Obj], kwnames: Option<&Obj>, op: CompareOp) -> PyResult<Obj> {
    let (pos, kw) = split_args(args, kwnames);
    let mut key = None;
    let mut default = None;
    for (k, v) in kw {
        match k.as_str() {
            "key" => {
                if !rt().is_none(v) {
                    key = Some(v.clone())
                }
            }
            "default" => default = Some(v.clone()),
            other => {
                return Err(type_error(&format!(
                    "'{}' is an invalid keyword argument for {}()",
                    other, name
                )))
            }
        }
    }
    let items = match pos.len() {
        0 => {
            return Err(type_error(&format!(
                "{} expected at least 1 argument, got 0",
                name
            )))
        }
        1 => ops::collect(&pos[0])?,
        _ => {
            if default.is_some() {
                return Err(type_error(&format!(
                    "Cannot specify a default for {}() with multiple positional arguments",
                    name
                )));
            }
            pos.to_vec()
        }
    };
    let mut best: Option<(Obj, Obj)> = None;
    for it in items {
        let k = match &key {
            Some(f) => ops::call(f, std::slice::from_ref(&it), None)?,
            None => it.clone(),
        };
        best = match best {
            None => Some((it, k)),
            Some((bi, bk)) => {
                if ops::compare_bool(&k, &bk, op)? {
                    Some((it, k))
                } else {
                    Some((bi, bk))
                }
            }
        };
    }
    match best {
        Some((v, _)) => Ok(v),
        None => default.ok_or_else(|| value_error(&format!("{}() arg is an empty sequence", name))),
    }
}

fn b_min(_m: &Obj, args: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    min_max("min", args, k, CompareOp::Lt)
}

fn b_max(_m: &Obj, args: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    min_max("max", args, k, CompareOp::Gt)
}

fn b_sum(_m: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let (pos, kw) = split_args(args, kwnames);
    if pos.is_empty() {
        return Err(type_error(
            "sum() takes at least 1 positional argument (0 given)",
        ));
    }
    let mut acc = pos
        .get(1)
        .cloned()
        .unwrap_or_else(|| int::small_int(0).unwrap_or_else(|| rt().none()));
    for (k, v) in kw {
        if k == "start" {
            acc = v.clone();
        }
    }
    if kind(&acc) == Kind::Str {
        return Err(type_error(
            "sum() can't sum strings [use ''.join(seq) instead]",
        ));
    }
    let it = ops::iter(&pos[0])?;
    while let Some(x) = ops::next(&it)? {
        acc = ops::binary_op(&acc, &x, ops::BinOp::Add)?;
    }
    Ok(acc)
}

fn b_sorted(_m: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let (pos, _) = split_args(args, kwnames);
    if pos.len() != 1 {
        return Err(type_error(&format!(
            "sorted expected 1 argument, got {}",
            pos.len()
        )));
    }
    let l = list::new_list(ops::collect(&pos[0])?)?;
    let kw_vals: Vec<Obj> = args[pos.len()..].to_vec();
    let m = ops::getattr_str(&l, "sort")?;
    ops::call(&m, &kw_vals, kwnames)?;
    Ok(l)
}

fn b_iter(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    match args.len() {
        1 => ops::iter(&args[0]),
        2 => {
            if ops::getattr_str(&args[0], "__call__").is_err() && args[0].typ().tp_call.is_none() {
                return Err(type_error("iter(v, w): v must be callable"));
            }
            crate::objects::builtin_iters::new_callable_iter(&args[0], &args[1])
        }
        n => Err(type_error(&format!(
            "iter expected at most 2 arguments, got {}",
            n
        ))),
    }
}

fn b_next(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    if args.is_empty() || args.len() > 2 {
        return Err(type_error(&format!(
            "next expected at least 1 argument, got {}",
            args.len()
        )));
    }
    let it = &args[0];
    if it.typ().tp_iternext.is_none() {
        return Err(type_error(&format!(
            "'{}' object is not an iterator",
            it.typ().name()
        )));
    }
    let next = if kind(it) == Kind::Generator {
        match crate::objects::generator::next_with_value(it) {
            Ok(v) => Some(v),
            Err(e) if args.len() == 2 && exceptions::matches(&e.0, rt().exc.stop_iteration) => None,
            Err(e) => return Err(e),
        }
    } else {
        ops::next(it)?
    };
    match next {
        Some(v) => Ok(v),
        None => match args.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(exceptions::stop_iteration(None)),
        },
    }
}

fn b_ord(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    exactly("ord", args, 1)?;
    let a = &args[0];
    if kind(a) == Kind::Str {
        let n = pystr::len(a);
        if n != 1 {
            return Err(type_error(&format!(
                "ord() expected a character, but string of length {} found",
                n
            )));
        }
        return int::new_int(pystr::char_at(a, 0) as i64);
    }
    if kind(a) == Kind::Bytes {
        let d = crate::objects::bytes::data(a);
        if d.len() != 1 {
            return Err(type_error(&format!(
                "ord() expected a character, but string of length {} found",
                d.len()
            )));
        }
        return int::new_int(d[0] as i64);
    }
    Err(type_error(&format!(
        "ord() expected string of length 1, but {} found",
        a.typ().name()
    )))
}

fn b_chr(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    exactly("chr", args, 1)?;
    let v = ops::index_value(&args[0])?;
    match u32::try_from(v).ok().and_then(char::from_u32) {
        Some(c) => {
            let mut b = [0u8; 4];
            pystr::new_str(c.encode_utf8(&mut b))
        }
        None => Err(value_error("chr() arg not in range(0x110000)")),
    }
}

fn radix(args: &[Obj], name: &str, base: u32, prefix: &str) -> PyResult<Obj> {
    exactly(name, args, 1)?;
    let v = match kind(&args[0]) {
        Kind::Int | Kind::Bool => int::to_bigint(&args[0]),
        _ => BigInt::from(ops::index_value(&args[0])?),
    };
    let s = format!(
        "{}{}{}",
        if v.is_negative() { "-" } else { "" },
        prefix,
        v.abs().to_str_radix(base)
    );
    pystr::new_str(&s)
}

fn b_hex(_m: &Obj, a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    radix(a, "hex", 16, "0x")
}
fn b_bin(_m: &Obj, a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    radix(a, "bin", 2, "0b")
}
fn b_oct(_m: &Obj, a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    radix(a, "oct", 8, "0o")
}

fn b_divmod(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    exactly("divmod", args, 2)?;
    let q = ops::binary_op(&args[0], &args[1], ops::BinOp::FloorDiv)?;
    let r = ops::binary_op(&args[0], &args[1], ops::BinOp::Mod)?;
    tuple::new_tuple(vec![q, r])
}

fn b_pow(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    match args.len() {
        2 => ops::binary_op(&args[0], &args[1], ops::BinOp::Pow),
        3 => {
            if rt().is_none(&args[2]) {
                return ops::binary_op(&args[0], &args[1], ops::BinOp::Pow);
            }
            if args.iter().any(|a| kind(a) == Kind::Complex) {
                return Err(value_error("complex modulo"));
            }
            let (b, e, m) = (
                int::to_bigint(&args[0]),
                int::to_bigint(&args[1]),
                int::to_bigint(&args[2]),
            );
            if m.is_zero() {
                return Err(value_error("pow() 3rd argument cannot be 0"));
            }
            if e.is_negative() {
                return Err(value_error("base is not invertible for the given modulus"));
            }
            let r = b.modpow(&e, &m);
            let r = if !r.is_zero() && (r.is_negative() != m.is_negative()) {
                r + &m
            } else {
                r
            };
            int::from_bigint(&r)
        }
        n => Err(type_error(&format!("pow expected 2 arguments, got {}", n))),
    }
}

/// Round half to even, as Python's `round`.
fn b_round(_m: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let (pos, kw) = split_args(args, kwnames);
    let x = pos
        .first()
        .ok_or_else(|| type_error("round() missing required argument 'number' (pos 1)"))?;
    let mut nd = pos.get(1).cloned();
    for (k, v) in kw {
        if k == "ndigits" {
            nd = Some(v.clone());
        }
    }
    let nd = nd.filter(|n| !rt().is_none(n));
    match kind(x) {
        Kind::Int | Kind::Bool => match nd {
            None => int::from_bigint(&int::to_bigint(x)),
            Some(n) => {
                let n = ops::index_value(&n)?;
                if n >= 0 {
                    return int::from_bigint(&int::to_bigint(x));
                }
                let p = num_traits::pow::Pow::pow(&BigInt::from(10), (-n) as u32);
                let v = int::to_bigint(x);
                let (q, r) = num_integer::Integer::div_mod_floor(&v, &p);
                let twice = &r * 2;
                let q = if twice > p || (twice == p && num_integer::Integer::is_odd(&q)) {
                    q + 1
                } else {
                    q
                };
                int::from_bigint(&(q * p))
            }
        },
        Kind::Float => {
            let v = float::value(x);
            match nd {
                None => {
                    if v.is_nan() {
                        return Err(value_error("cannot convert float NaN to integer"));
                    }
                    if v.is_infinite() {
                        return Err(exceptions::overflow_error(
                            "cannot convert float infinity to integer",
                        ));
                    }
                    let r = v.round_ties_even();
                    match r.to_i64() {
                        Some(i) => int::new_int(i),
                        None => int::from_bigint(
                            &num_traits::FromPrimitive::from_f64(r).unwrap_or_default(),
                        ),
                    }
                }
                Some(n) => {
                    let n = ops::index_value(&n)?;
                    if !v.is_finite() {
                        return float::new_float(v);
                    }
                    // Correctly rounded via decimal string formatting (as CPython's dtoa).
                    let r = if n >= 0 {
                        let s = format!("{:.*}", n.min(400) as usize, v);
                        s.parse::<f64>().unwrap_or(v)
                    } else {
                        let p = 10f64.powi((-n) as i32);
                        (v / p).round_ties_even() * p
                    };
                    float::new_float(r)
                }
            }
        }
        _ => match ops::call_special(x, "__round__", pos.get(1..).unwrap_or(&[]))? {
            Some(v) => Ok(v),
            None => Err(type_error(&format!(
                "type {} doesn't define __round__ method",
                x.typ().name()
            ))),
        },
    }
}

fn b_any(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    exactly("any", args, 1)?;
    let it = ops::iter(&args[0])?;
    while let Some(x) = ops::next(&it)? {
        if ops::truthy(&x)? {
            return Ok(rt().bool_obj(true));
        }
    }
    Ok(rt().bool_obj(false))
}

fn b_all(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    exactly("all", args, 1)?;
    let it = ops::iter(&args[0])?;
    while let Some(x) = ops::next(&it)? {
        if !ops::truthy(&x)? {
            return Ok(rt().bool_obj(false));
        }
    }
    Ok(rt().bool_obj(true))
}

fn attr_name(n: &Obj) -> PyResult<Obj> {
    if !is_instance(n, rt().types.str) {
        return Err(type_error(&format!(
            "attribute name must be string, not '{}'",
            n.typ().name()
        )));
    }
    pystr::intern(n.clone())
}

fn b_getattr(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    if args.len() < 2 || args.len() > 3 {
        return Err(type_error(&format!(
            "getattr expected at least 2 arguments, got {}",
            args.len()
        )));
    }
    let name = attr_name(&args[1])?;
    match ops::getattr(&args[0], &name) {
        Ok(v) => Ok(v),
        Err(e) if args.len() == 3 && is_instance(&e.0, rt().exc.attribute_error) => {
            Ok(args[2].clone())
        }
        Err(e) => Err(e),
    }
}

fn b_setattr(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    exactly("setattr", args, 3)?;
    let name = attr_name(&args[1])?;
    ops::setattr(&args[0], &name, Some(&args[2]))?;
    Ok(rt().none())
}

fn b_hasattr(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    exactly("hasattr", args, 2)?;
    let name = attr_name(&args[1])?;
    Ok(rt().bool_obj(ops::getattr_opt(&args[0], &name)?.is_some()))
}

fn b_delattr(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    exactly("delattr", args, 2)?;
    let name = attr_name(&args[1])?;
    ops::setattr(&args[0], &name, None)?;
    Ok(rt().none())
}

fn b_globals(_m: &Obj, _args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    crate::vm::current_globals()
        .ok_or_else(|| exceptions::runtime_error("globals(): no current frame"))
}

/// `locals()`: the namespace of a module or class body, or the `f_locals` dict of a
/// function's frame, refreshed from its variables.
fn b_locals(_m: &Obj, _args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    crate::objects::frameobject::current_locals()
}

fn b_vars(m: &Obj, args: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    match args.first() {
        None => b_locals(m, args, k),
        Some(o) => ops::getattr_str(o, "__dict__")
            .map_err(|_| type_error("vars() argument must have __dict__ attribute")),
    }
}

fn b_callable(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    exactly("callable", args, 1)?;
    Ok(rt().bool_obj(args[0].typ().tp_call.is_some()))
}

fn b_format(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let spec = args.get(1).cloned().unwrap_or_else(|| rt().empty_str());
    let v = args
        .first()
        .ok_or_else(|| type_error("format expected at least 1 argument, got 0"))?;
    crate::format::format(v, &spec)
}

/// Attribute names for `dir()` and suggestions: instance dict, then the class and its
/// bases.
pub fn dir_names(o: &Obj) -> PyResult<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    let mut add = |d: &Obj| {
        for k in dict::keys_vec(d) {
            if is_instance(&k, rt().types.str) {
                let s = pystr::as_str(&k).into_owned();
                if !names.contains(&s) {
                    names.push(s);
                }
            }
        }
    };
    if kind(o) == Kind::Module {
        add(&module::dict(o));
        return Ok(names);
    }
    if let Ok(Some(d)) = crate::objects::typeobject::instance_dict(o) {
        add(&d);
    }
    let t = if kind(o) == Kind::Type {
        o.as_ptr() as *mut TypeObject
    } else {
        o.type_ptr()
    };
    // SAFETY: t is a live type with a live MRO tuple.
    let mro = unsafe { (*t).mro };
    if !mro.is_null() {
        // SAFETY: live tuple of types.
        for &c in unsafe { tuple::raw_items(mro) } {
            // SAFETY: every MRO entry is a live type, kept alive by the MRO tuple.
            if let Some(d) = unsafe { crate::objects::typeobject::type_dict(c as *mut TypeObject) }
            {
                add(&d);
            }
        }
    }
    Ok(names)
}

fn b_dir(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let mut names = match args.first() {
        Some(o) => dir_names(o)?,
        None => {
            let l = b_locals(_m, &[], None)?;
            dict::keys_vec(&l)
                .iter()
                .map(|k| pystr::as_str(k).into_owned())
                .collect()
        }
    };
    names.sort();
    list::new_list(
        names
            .iter()
            .map(|n| pystr::new_str(n))
            .collect::<PyResult<Vec<_>>>()?,
    )
}

/// The class body's namespace: `meta.__prepare__(name, bases, **kwargs)` when the
/// metaclass has one, else a new dict.
fn class_namespace(
    meta: &Obj,
    name: &Obj,
    bases: &Obj,
    kw: &[Obj],
    kwnames: Option<&Obj>,
) -> PyResult<Obj> {
    if kind(meta) != Kind::Type {
        return dict::new_dict();
    }
    let Some(prepare) =
        crate::objects::typeobject::lookup_str(meta.as_ptr() as *mut TypeObject, "__prepare__")
    else {
        return dict::new_dict();
    };
    let bound = match prepare.typ().tp_descr_get {
        Some(get) => get(&prepare, None, meta)?,
        None => prepare,
    };
    let mut args = vec![name.clone(), bases.clone()];
    args.extend_from_slice(kw);
    let ns = ops::call(&bound, &args, kwnames)?;
    if kind(&ns) != Kind::Dict && ns.typ().tp_getitem.is_none() {
        return Err(type_error(&format!(
            "{}.__prepare__() must return a mapping, not {}",
            // SAFETY: `meta` is a live type object (checked above).
            unsafe { (*(meta.as_ptr() as *mut TypeObject)).name() },
            ns.typ().name()
        )));
    }
    Ok(ns)
}

fn b_build_class(_m: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let (pos, kw) = split_args(args, kwnames);
    if pos.len() < 2 {
        return Err(type_error("__build_class__: not enough arguments"));
    }
    let func = &pos[0];
    let name = &pos[1];
    let bases = tuple::new_tuple(pos[2..].to_vec())?;
    // The class keywords other than `metaclass` go to `__prepare__` and the metaclass (and
    // from there to `__init_subclass__`).
    let mut metaclass = None;
    let mut kw_values = Vec::new();
    let mut kw_names = Vec::new();
    for (k, v) in kw {
        if k == "metaclass" {
            metaclass = Some(v.clone());
        } else {
            kw_values.push(v.clone());
            kw_names.push(pystr::intern_str(&k)?);
        }
    }
    let kw_tuple = if kw_names.is_empty() {
        None
    } else {
        Some(tuple::new_tuple(kw_names)?)
    };
    let r = rt();
    let meta = match metaclass {
        Some(m) => m,
        None => match tuple::items(&bases).first() {
            Some(b) => b.type_obj(),
            None => type_ref(r.types.type_),
        },
    };
    // An explicit metaclass that is a class yields to a more derived one among the bases'.
    let meta = if kind(&meta) == Kind::Type {
        type_ref(crate::objects::typeobject::calculate_metaclass(
            meta.as_ptr() as *mut TypeObject,
            tuple::items(&bases),
        )?)
    } else {
        meta
    };
    let ns = class_namespace(&meta, name, &bases, &kw_values, kw_tuple.as_ref())?;
    let code = crate::objects::function::code(func);
    let globals = crate::objects::function::globals(func);
    let cd = crate::objects::code::data(&code);
    let mut frame = crate::vm::frame::Frame::new(
        code.clone(),
        globals,
        crate::objects::function::builtins(func),
        Some(ns.clone()),
    );
    let nlocals = cd.nlocals();
    for i in 0..cd.ncells() {
        frame.fast[nlocals + i] = Some(crate::objects::cell::new_cell(None)?);
    }
    if let Some(cl) = crate::objects::function::closure(func) {
        for (i, c) in tuple::items(&cl).iter().enumerate() {
            frame.fast[nlocals + cd.ncells() + i] = Some(c.clone());
        }
    }
    crate::vm::recursion::enter("")?;
    let res = crate::vm::eval::run_frame(&mut frame, None);
    crate::vm::recursion::leave();
    drop(frame);
    let cell = match res? {
        crate::vm::eval::FrameExit::Return(v) => v,
        crate::vm::eval::FrameExit::Yield(_) => {
            return Err(exceptions::runtime_error("yield in class body"))
        }
    };
    let mut args = vec![name.clone(), bases, ns.clone()];
    args.extend(kw_values);
    let cls = ops::call(&meta, &args, kw_tuple.as_ref())?;
    // `type.__new__` filled the class body's `__class__` cell from `__classcell__`; a
    // metaclass that did not pass the namespace on leaves it empty.
    if kind(&cell) == Kind::Cell && kind(&cls) == Kind::Type {
        match crate::objects::cell::get(&cell) {
            None => {
                return Err(exceptions::runtime_error(&format!(
                    "__class__ not set defining {} as {}. Was __classcell__ propagated to \
                     type.__new__?",
                    ops::repr_string(name)?,
                    ops::repr_string(&cls)?
                )))
            }
            Some(v) if !v.is(&cls) => {
                return Err(type_error(&format!(
                    "__class__ set to {} defining {} as {}",
                    ops::repr_string(&v)?,
                    ops::repr_string(name)?,
                    ops::repr_string(&cls)?
                )))
            }
            Some(_) => {}
        }
    }
    Ok(cls)
}

/// `super()` and `super(type, obj)`: a bound proxy looking attributes up after `type` in
/// `obj`'s MRO.
pub fn super_new(_cls: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let (start, obj) = if args.len() >= 2 {
        (args[0].clone(), args[1].clone())
    } else if args.is_empty() {
        crate::vm::current_frame(|f| -> PyResult<(Obj, Obj)> {
            let f = f.ok_or_else(|| exceptions::runtime_error("super(): no current frame"))?;
            let cd = crate::objects::code::data(&f.code);
            if cd.argcount == 0 {
                return Err(exceptions::runtime_error("super(): no arguments"));
            }
            let nlocals = cd.nlocals();
            let mut first = f.fast.first().cloned().flatten();
            // `self` captured by a closure lives in a cell.
            if first.is_none() {
                if let Some(pos) = cd.cell2arg.iter().position(|a| *a == Some(0)) {
                    first = f.fast[nlocals + pos]
                        .as_ref()
                        .and_then(crate::objects::cell::get);
                }
            }
            let first =
                first.ok_or_else(|| exceptions::runtime_error("super(): arg[0] deleted"))?;
            let ncells = cd.ncells();
            let class_idx = tuple::items(&cd.freevars)
                .iter()
                .position(|n| &*pystr::as_str(n) == "__class__");
            let cls = class_idx
                .and_then(|i| {
                    f.fast[nlocals + ncells + i]
                        .as_ref()
                        .and_then(crate::objects::cell::get)
                })
                .ok_or_else(|| exceptions::runtime_error("super(): __class__ cell not found"))?;
            Ok((cls, first))
        })?
    } else {
        return Err(type_error("super() argument 1 must be a type"));
    };
    crate::objects::superobject::new_super(&start, &obj)
}

fn b_exec_eval(
    source: &Obj,
    globals: Option<&Obj>,
    locals: Option<&Obj>,
    eval: bool,
) -> PyResult<Obj> {
    let r = rt();
    let globals_given = globals.is_some_and(|g| !r.is_none(g));
    let globals = match globals.filter(|g| !r.is_none(g)) {
        Some(g) => g.clone(),
        None => {
            crate::vm::current_globals().ok_or_else(|| exceptions::runtime_error("no globals"))?
        }
    };
    if dict::get_item_str(&globals, "__builtins__")?.is_none() {
        if let Some(b) = r.state.borrow().builtins.clone() {
            dict::set_item(&globals, &pystr::intern_str("__builtins__")?, &b)?;
        }
    }
    // Without globals, the code runs in the caller's namespace: its locals are the
    // caller's `locals()` (CPython's `PyEval_GetLocals`).
    let locals = match locals.filter(|l| !r.is_none(l)) {
        Some(l) => Some(l.clone()),
        None if globals_given => None,
        None => {
            let l = crate::objects::frameobject::current_locals()?;
            (!l.is(&globals)).then_some(l)
        }
    };
    if kind(source) == Kind::Code {
        return crate::vm::run_code(source, &globals, locals);
    }
    if kind(source) != Kind::Str {
        return Err(type_error(&format!(
            "{}() arg 1 must be a string, bytes or code object",
            if eval { "eval" } else { "exec" }
        )));
    }
    let text = pystr::as_str(source).into_owned();
    let text = if eval {
        format!("__pyheap_eval_result__ = ({})\n", text.trim())
    } else {
        text
    };
    let compiled = crate::compile::compile(&text, "<string>", false)?;
    drop(compiled.arena);
    let ns = locals.clone().unwrap_or_else(|| globals.clone());
    crate::vm::run_code(&compiled.code, &globals, locals)?;
    if eval {
        let key = pystr::new_str("__pyheap_eval_result__")?;
        let v = dict::get_item(&ns, &key)?.unwrap_or_else(|| r.none());
        dict::del_item(&ns, &key)?;
        return Ok(v);
    }
    Ok(r.none())
}

fn b_exec(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let s = args
        .first()
        .ok_or_else(|| type_error("exec expected at least 1 argument, got 0"))?;
    b_exec_eval(s, args.get(1), args.get(2), false)
}

fn b_eval(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let s = args
        .first()
        .ok_or_else(|| type_error("eval expected at least 1 argument, got 0"))?;
    b_exec_eval(s, args.get(1), args.get(2), true)
}

fn b_import(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let n = args
        .first()
        .ok_or_else(|| type_error("__import__() missing required argument 'name' (pos 1)"))?;
    super::import_module(&pystr::as_str(n))
}

fn b_input(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    if let Some(p) = args.first() {
        super::write_stdout(&pystr::as_str(&ops::str(p)?));
    }
    super::flush_stdout();
    let mut line = String::new();
    match std::io::stdin().read_line(&mut line) {
        Ok(0) | Err(_) => Err(exceptions::new_err(
            rt().exc.eof_error,
            "EOF when reading a line",
        )),
        Ok(_) => pystr::new_str(line.trim_end_matches('\n').trim_end_matches('\r')),
    }
}

fn b_exit(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    // SAFETY: the runtime's SystemExit type is live and an exception type.
    let e = unsafe { exceptions::new_exception(rt().exc.system_exit, args.to_vec()) }?;
    Err(crate::runtime::PyErr(e))
}

static FUNCTIONS: &[MethodDef] = &[
    MethodDef::new("print", b_print),
    MethodDef::checked("len", b_len),
    MethodDef::checked("repr", b_repr),
    MethodDef::checked("ascii", b_ascii),
    MethodDef::checked("id", b_id),
    MethodDef::checked("hash", b_hash),
    MethodDef::new("isinstance", b_isinstance),
    MethodDef::new("issubclass", b_issubclass),
    MethodDef::checked("abs", b_abs),
    MethodDef::new("min", b_min),
    MethodDef::new("max", b_max),
    MethodDef::new("sum", b_sum),
    MethodDef::new("sorted", b_sorted),
    MethodDef::new("iter", b_iter),
    MethodDef::new("next", b_next),
    MethodDef::checked("ord", b_ord),
    MethodDef::checked("chr", b_chr),
    MethodDef::checked("hex", b_hex),
    MethodDef::checked("bin", b_bin),
    MethodDef::checked("oct", b_oct),
    MethodDef::new("divmod", b_divmod),
    MethodDef::new("pow", b_pow),
    MethodDef::new("round", b_round),
    MethodDef::new("any", b_any),
    MethodDef::new("all", b_all),
    MethodDef::new("getattr", b_getattr),
    MethodDef::new("setattr", b_setattr),
    MethodDef::new("hasattr", b_hasattr),
    MethodDef::new("delattr", b_delattr),
    MethodDef::new("globals", b_globals),
    MethodDef::new("locals", b_locals),
    MethodDef::new("vars", b_vars),
    MethodDef::checked("callable", b_callable),
    MethodDef::new("format", b_format),
    MethodDef::new("dir", b_dir),
    MethodDef::new("__build_class__", b_build_class),
    MethodDef::new("exec", b_exec),
    MethodDef::new("eval", b_eval),
    MethodDef::new("__import__", b_import),
    MethodDef::new("input", b_input),
    MethodDef::new("exit", b_exit),
    MethodDef::new("quit", b_exit),
];

pub fn make_module(exceptions_by_name: &[(&'static str, *mut TypeObject)]) -> PyResult<Obj> {
    let r = rt();
    let m = module::new_module("builtins")?;
    super::add_functions(&m, FUNCTIONS)?;
    let d = module::dict(&m);
    let t = &r.types;
    for (name, ty) in [
        ("object", t.object),
        ("type", t.type_),
        ("int", t.int),
        ("bool", t.bool),
        ("float", t.float),
        ("str", t.str),
        ("bytes", t.bytes),
        ("bytearray", t.bytearray),
        ("complex", t.complex),
        ("tuple", t.tuple),
        ("list", t.list),
        ("dict", t.dict),
        ("set", t.set),
        ("frozenset", t.frozenset),
        ("range", t.range),
        ("slice", t.slice),
        ("enumerate", t.enumerate),
        ("zip", t.zip),
        ("map", t.map),
        ("filter", t.filter),
        ("reversed", t.reversed),
        ("staticmethod", t.staticmethod),
        ("classmethod", t.classmethod),
        ("property", t.property),
        ("super", t.super_),
    ] {
        super::add_type(&d, name, ty)?;
    }
    for (name, ty) in exceptions_by_name {
        super::add_type(&d, name, *ty)?;
    }
    super::add_type(&d, "EnvironmentError", r.exc.os_error)?;
    super::add_type(&d, "IOError", r.exc.os_error)?;
    dict::set_item(&d, &pystr::intern_str("None")?, &r.none())?;
    dict::set_item(&d, &pystr::intern_str("True")?, &r.bool_obj(true))?;
    dict::set_item(&d, &pystr::intern_str("False")?, &r.bool_obj(false))?;
    dict::set_item(
        &d,
        &pystr::intern_str("NotImplemented")?,
        &r.not_implemented(),
    )?;
    // SAFETY: the Ellipsis singleton lives as long as the runtime.
    dict::set_item(&d, &pystr::intern_str("Ellipsis")?, &unsafe {
        Obj::from_borrowed(r.ellipsis)
    })?;
    dict::set_item(&d, &pystr::intern_str("__debug__")?, &r.bool_obj(true))?;
    Ok(m)
}
