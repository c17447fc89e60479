//! The abstract object protocol (CPython's `Objects/abstract.c` and `object.c`): the
//! operations the eval loop and built-ins apply to any object, dispatched through the type's
//! slots, with fast paths for the built-in types that dominate real programs.

use crate::object::Obj;
use crate::objects::exceptions::{type_error, zero_division_error};
use crate::objects::{dict, float, int, is_instance, list, str as pystr, tuple};
use crate::runtime::{rt, PyErr, PyResult};
use crate::typeobj::{CompareOp, Kind};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};
use std::cell::RefCell;

#[inline]
pub fn kind(o: &Obj) -> Kind {
    o.typ().kind
}

// ---------------------------------------------------------------- repr / str

thread_local! {
    /// Containers currently being repr'd (`Py_ReprEnter`), so `l = [l]` prints `[[...]]`.
    static REPR_STACK: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` unless `o` is already being repr'd on this thread, in which case `recursive`
/// is returned.
pub fn repr_guard(o: &Obj, recursive: &str, f: impl FnOnce() -> PyResult<Obj>) -> PyResult<Obj> {
    let id = o.id();
    if REPR_STACK.with(|s| s.borrow().contains(&id)) {
        return pystr::new_str(recursive);
    }
    REPR_STACK.with(|s| s.borrow_mut().push(id));
    let r = f();
    REPR_STACK.with(|s| {
        let mut s = s.borrow_mut();
        if let Some(pos) = s.iter().rposition(|&x| x == id) {
            s.remove(pos);
        }
    });
    r
}

pub fn repr(o: &Obj) -> PyResult<Obj> {
    match o.typ().tp_repr {
        Some(f) => {
            let r = crate::vm::recursion::guarded(" while getting the repr of an object", || f(o))?;
            if !is_instance(&r, rt().types.str) {
                return Err(type_error(&format!(
                    "__repr__ returned non-string (type {})",
                    r.typ().name()
                )));
            }
            Ok(r)
        }
        None => default_repr(o),
    }
}

pub fn default_repr(o: &Obj) -> PyResult<Obj> {
    let t = o.typ();
    let s = if t.is_heap() {
        // SAFETY: an object's type is live while the object is.
        let module = unsafe { crate::objects::typeobject::type_module_name(o.type_ptr()) };
        // SAFETY: as above.
        let qualname = unsafe { crate::objects::typeobject::qualname(o.type_ptr()) };
        format!("<{}.{} object at {:#x}>", module, qualname, o.id())
    } else {
        format!("<{} object at {:#x}>", t.full_name(), o.id())
    };
    pystr::new_str(&s)
}

pub fn repr_string(o: &Obj) -> PyResult<String> {
    Ok(pystr::as_str(&repr(o)?).into_owned())
}

pub fn str(o: &Obj) -> PyResult<Obj> {
    if crate::objects::is_exact(o, rt().types.str) {
        return Ok(o.clone());
    }
    match o.typ().tp_str {
        Some(f) => {
            let r = f(o)?;
            if !is_instance(&r, rt().types.str) {
                return Err(type_error(&format!(
                    "__str__ returned non-string (type {})",
                    r.typ().name()
                )));
            }
            Ok(r)
        }
        None => repr(o),
    }
}

pub fn str_string(o: &Obj) -> PyResult<String> {
    Ok(pystr::as_str(&str(o)?).into_owned())
}

// ---------------------------------------------------------------- hashing and comparison

pub fn hash(o: &Obj) -> PyResult<isize> {
    match kind(o) {
        Kind::Str if crate::objects::is_exact(o, rt().types.str) => return Ok(pystr::hash(o)),
        Kind::Int | Kind::Bool if !o.typ().is_heap() => return Ok(int::hash(o)),
        _ => {}
    }
    match o.typ().tp_hash {
        Some(f) => f(o),
        None => Err(type_error(&format!(
            "unhashable type: '{}'",
            o.typ().name()
        ))),
    }
}

/// `PyObject_RichCompare`: tries the reflected operation first when the right operand's
/// type is a subclass of the left's, then the left's, then the right's; `==`/`!=` fall back
/// to identity.
pub fn richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    if let Some(r) = fast_compare(a, b, op)? {
        return Ok(rt().bool_obj(r));
    }
    crate::vm::recursion::guarded(" in comparison", || richcompare_slow(a, b, op))
}

fn richcompare_slow(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    let r = rt();
    let (ta, tb) = (a.typ(), b.typ());
    let mut checked_reverse = false;
    if a.type_ptr() != b.type_ptr() && tb.is_subtype(a.type_ptr()) {
        if let Some(f) = tb.tp_richcompare {
            checked_reverse = true;
            let res = f(b, a, op.swapped())?;
            if !r.is_not_implemented(&res) {
                return Ok(res);
            }
        }
    }
    if let Some(f) = ta.tp_richcompare {
        let res = f(a, b, op)?;
        if !r.is_not_implemented(&res) {
            return Ok(res);
        }
    }
    if !checked_reverse {
        if let Some(f) = tb.tp_richcompare {
            let res = f(b, a, op.swapped())?;
            if !r.is_not_implemented(&res) {
                return Ok(res);
            }
        }
    }
    match op {
        CompareOp::Eq => Ok(r.bool_obj(a.is(b))),
        CompareOp::Ne => Ok(r.bool_obj(!a.is(b))),
        _ => Err(type_error(&format!(
            "'{}' not supported between instances of '{}' and '{}'",
            op.symbol(),
            ta.full_name(),
            tb.full_name()
        ))),
    }
}

pub(crate) fn cmp_result<T: PartialOrd>(x: T, y: T, op: CompareOp) -> bool {
    match op {
        CompareOp::Lt => x < y,
        CompareOp::Le => x <= y,
        CompareOp::Eq => x == y,
        CompareOp::Ne => x != y,
        CompareOp::Gt => x > y,
        CompareOp::Ge => x >= y,
    }
}

/// Comparisons between exact built-in numbers and strings.
fn fast_compare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Option<bool>> {
    let r = rt();
    let (ta, tb) = (a.type_ptr(), b.type_ptr());
    let is_int = |t| t == r.types.int || t == r.types.bool;
    if is_int(ta) && is_int(tb) {
        return Ok(Some(match (int::as_i64(a), int::as_i64(b)) {
            (Some(x), Some(y)) => cmp_result(x, y, op),
            _ => cmp_result(int::to_bigint(a), int::to_bigint(b), op),
        }));
    }
    if ta == r.types.float && tb == r.types.float {
        return Ok(Some(cmp_result(float::value(a), float::value(b), op)));
    }
    if ta == r.types.float && is_int(tb) {
        return Ok(Some(compare_int_float(b, float::value(a), op.swapped())));
    }
    if is_int(ta) && tb == r.types.float {
        return Ok(Some(compare_int_float(a, float::value(b), op)));
    }
    if ta == r.types.str && tb == r.types.str {
        if matches!(op, CompareOp::Eq | CompareOp::Ne) {
            let e = pystr::eq(a, b);
            return Ok(Some(if op == CompareOp::Eq { e } else { !e }));
        }
        return Ok(Some(cmp_result(pystr::as_str(a), pystr::as_str(b), op)));
    }
    Ok(None)
}

/// `int <op> float` compared exactly, as CPython's float_richcompare does (so
/// `2**53 + 1 == float(2**53 + 1)` is False).
pub fn compare_int_float(i: &Obj, f: f64, op: CompareOp) -> bool {
    if f.is_nan() {
        return op == CompareOp::Ne;
    }
    if f.is_infinite() {
        return cmp_result(0.0, f, op);
    }
    let iv = int::to_bigint(i);
    let whole = f.trunc();
    let fw: BigInt = num_traits::FromPrimitive::from_f64(whole).unwrap_or_default();
    match iv.cmp(&fw) {
        std::cmp::Ordering::Less => cmp_result(0, 1, op),
        std::cmp::Ordering::Greater => cmp_result(1, 0, op),
        std::cmp::Ordering::Equal => cmp_result(0.0, f - whole, op),
    }
}

/// `a == b` as a bool (`PyObject_RichCompareBool`: identity implies equality).
pub fn eq(a: &Obj, b: &Obj) -> PyResult<bool> {
    if a.is(b) {
        return Ok(true);
    }
    let r = richcompare(a, b, CompareOp::Eq)?;
    truthy(&r)
}

/// `PyObject_RichCompareBool` for any operator.
pub fn compare_bool(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<bool> {
    if a.is(b) {
        if op == CompareOp::Eq {
            return Ok(true);
        }
        if op == CompareOp::Ne {
            return Ok(false);
        }
    }
    let r = richcompare(a, b, op)?;
    truthy(&r)
}

// ---------------------------------------------------------------- truth

pub fn truthy(o: &Obj) -> PyResult<bool> {
    let r = rt();
    let p = o.as_ptr();
    if p == r.true_ {
        return Ok(true);
    }
    if p == r.false_ || p == r.none {
        return Ok(false);
    }
    let t = o.typ();
    if !t.is_heap() {
        match t.kind {
            Kind::Int => return Ok(int::ndigits(o) != 0),
            Kind::Float => return Ok(float::value(o) != 0.0),
            Kind::Complex => return Ok(crate::objects::complex::is_nonzero(o)),
            Kind::Str => return Ok(pystr::len(o) != 0),
            Kind::List => return Ok(list::len(o) != 0),
            Kind::Tuple => return Ok(tuple::len(o) != 0),
            Kind::Dict => return Ok(dict::len(o) != 0),
            Kind::WeakProxy => return crate::objects::weakref::proxy_bool(o),
            _ => {}
        }
    }
    if t.is_heap() {
        if let Some(m) = crate::objects::typeobject::lookup_str(o.type_ptr(), "__bool__") {
            let v = call_method_obj(&m, o, &[])?;
            if kind(&v) != Kind::Bool {
                return Err(type_error(&format!(
                    "__bool__ should return bool, returned {}",
                    v.typ().name()
                )));
            }
            return Ok(v.as_ptr() == r.true_);
        }
    }
    if let Some(f) = t.tp_len {
        return Ok(f(o)? != 0);
    }
    Ok(true)
}

// ---------------------------------------------------------------- attributes

pub fn getattr(o: &Obj, name: &Obj) -> PyResult<Obj> {
    let r = match o.typ().tp_getattro {
        Some(f) => f(o, name),
        None => crate::objects::typeobject::generic_getattr(o, name),
    };
    match r {
        Err(e) if is_class_attr_miss(&e, name) => Ok(o.type_obj()),
        r => r,
    }
}

/// Whether `e` is an AttributeError for `__class__`, which `object` answers for every
/// object (the built-in types with attribute lookups of their own do not look it up).
#[cold]
fn is_class_attr_miss(e: &crate::runtime::PyErr, name: &Obj) -> bool {
    is_instance(&e.0, rt().exc.attribute_error) && &*pystr::as_str(name) == "__class__"
}

pub fn getattr_str(o: &Obj, name: &str) -> PyResult<Obj> {
    getattr(o, &pystr::intern_str(name)?)
}

/// `getattr` that maps AttributeError to `None`.
pub fn getattr_opt(o: &Obj, name: &Obj) -> PyResult<Option<Obj>> {
    match getattr(o, name) {
        Ok(v) => Ok(Some(v)),
        Err(e) if is_instance(&e.0, rt().exc.attribute_error) => Ok(None),
        Err(e) => Err(e),
    }
}

pub fn setattr(o: &Obj, name: &Obj, value: Option<&Obj>) -> PyResult<()> {
    match o.typ().tp_setattro {
        Some(f) => f(o, name, value),
        None => crate::objects::typeobject::generic_setattr(o, name, value),
    }
}

// ---------------------------------------------------------------- calls

/// Calls `f(*args)` with the vectorcall convention.
pub fn call(f: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    match f.typ().tp_call {
        Some(c) => c(f, args, kwnames),
        None => Err(type_error(&format!(
            "'{}' object is not callable",
            f.typ().full_name()
        ))),
    }
}

/// Calls a function found on the type with `self` prepended (an unbound method call).
pub fn call_method_obj(func: &Obj, self_: &Obj, args: &[Obj]) -> PyResult<Obj> {
    if crate::vm::is_python_function(func) {
        return crate::vm::call_function_with_self(func, Some(self_), args, None);
    }
    let mut v = Vec::with_capacity(args.len() + 1);
    v.push(self_.clone());
    v.extend_from_slice(args);
    let r = rt();
    if kind(func) == Kind::Function || kind(func) == Kind::MethodDescriptor {
        return call(func, &v, None);
    }
    // Other descriptors (staticmethod, builtins): bind then call.
    let bound = match func.typ().tp_descr_get {
        Some(g) => g(func, Some(self_), &self_.type_obj())?,
        None => func.clone(),
    };
    let _ = r;
    call(&bound, args, None)
}

/// Looks up `name` on the type and calls it with `self` (`_PyObject_CallMethod`); `None`
/// if the type lacks it.
pub fn call_special(o: &Obj, name: &'static str, args: &[Obj]) -> PyResult<Option<Obj>> {
    match crate::objects::typeobject::lookup_str(o.type_ptr(), name) {
        Some(m) => call_method_obj(&m, o, args).map(Some),
        None => Ok(None),
    }
}

/// `obj.name(*args)`.
pub fn call_method(o: &Obj, name: &str, args: &[Obj]) -> PyResult<Obj> {
    let m = getattr_str(o, name)?;
    call(&m, args, None)
}

// ---------------------------------------------------------------- iteration

pub fn iter(o: &Obj) -> PyResult<Obj> {
    match o.typ().tp_iter {
        Some(f) => {
            let it = f(o)?;
            if it.typ().tp_iternext.is_none() {
                return Err(type_error(&format!(
                    "iter() returned non-iterator of type '{}'",
                    it.typ().name()
                )));
            }
            Ok(it)
        }
        None => {
            if o.typ().tp_getitem.is_some() && kind(o) != Kind::Dict {
                // SAFETY: the runtime's seq_iterator type is live and has the seqiter layout.
                return unsafe { crate::objects::iter::new_seq_iter(rt().types.seq_iterator, o) };
            }
            Err(type_error(&format!(
                "'{}' object is not iterable",
                o.typ().name()
            )))
        }
    }
}

/// Advances an iterator: `Ok(None)` when exhausted.
#[inline]
pub fn next(it: &Obj) -> PyResult<Option<Obj>> {
    match it.typ().tp_iternext {
        Some(f) => f(it),
        None => Err(type_error(&format!(
            "'{}' object is not an iterator",
            it.typ().name()
        ))),
    }
}

/// Collects an iterable into a Vec (fast for lists and tuples).
pub fn collect(o: &Obj) -> PyResult<Vec<Obj>> {
    let r = rt();
    if crate::objects::is_exact(o, r.types.list) {
        return Ok(list::to_vec(o));
    }
    if crate::objects::is_exact(o, r.types.tuple) {
        return Ok(tuple::items(o).to_vec());
    }
    let it = iter(o)?;
    let mut v = Vec::new();
    while let Some(x) = next(&it)? {
        v.push(x);
    }
    Ok(v)
}

// ---------------------------------------------------------------- containers

pub fn len(o: &Obj) -> PyResult<usize> {
    match o.typ().tp_len {
        Some(f) => f(o),
        None => Err(type_error(&format!(
            "object of type '{}' has no len()",
            o.typ().name()
        ))),
    }
}

pub fn getitem(o: &Obj, key: &Obj) -> PyResult<Obj> {
    match o.typ().tp_getitem {
        Some(f) => f(o, key),
        None => {
            if kind(o) == Kind::Type {
                return crate::objects::typeobject::class_getitem(o, key);
            }
            Err(type_error(&format!(
                "'{}' object is not subscriptable",
                o.typ().name()
            )))
        }
    }
}

pub fn setitem(o: &Obj, key: &Obj, value: Option<&Obj>) -> PyResult<()> {
    match o.typ().tp_setitem {
        Some(f) => f(o, key, value),
        None => Err(type_error(&match value {
            Some(_) => format!(
                "'{}' object does not support item assignment",
                o.typ().name()
            ),
            // CPython's wording depends on the path taken: a type with sequence methods
            // given an index fails in PySequence_DelItem ("doesn't"), anything else in
            // PyObject_DelItem ("does not").
            None if has_sequence_methods(o) && is_intlike(key) => {
                format!("'{}' object doesn't support item deletion", o.typ().name())
            }
            None => format!("'{}' object does not support item deletion", o.typ().name()),
        })),
    }
}

/// Whether the type fills CPython's `tp_as_sequence` (any of length, item access or
/// containment on a built-in sequence, set or mapping).
fn has_sequence_methods(o: &Obj) -> bool {
    let t = o.typ();
    t.tp_contains.is_some()
        || matches!(
            t.kind,
            Kind::Tuple | Kind::Str | Kind::Bytes | Kind::Range | Kind::List | Kind::ByteArray
        )
}

pub fn contains(container: &Obj, item: &Obj) -> PyResult<bool> {
    if let Some(f) = container.typ().tp_contains {
        return f(container, item);
    }
    if container.typ().tp_iter.is_none() && container.typ().tp_getitem.is_none() {
        return Err(type_error(&format!(
            "argument of type '{}' is not iterable",
            container.typ().name()
        )));
    }
    let it = iter(container)?;
    while let Some(x) = next(&it)? {
        if eq(&x, item)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `operator.index`: an int value from an object supporting `__index__`.
pub fn index_value(o: &Obj) -> PyResult<i64> {
    if matches!(kind(o), Kind::Int | Kind::Bool) {
        return int::as_i64(o).ok_or_else(|| {
            crate::objects::exceptions::index_error(&format!(
                "cannot fit '{}' into an index-sized integer",
                o.typ().name()
            ))
        });
    }
    if o.typ().is_heap() {
        if let Some(v) = call_special(o, "__index__", &[])? {
            return index_value(&v);
        }
    }
    Err(type_error(&format!(
        "'{}' object cannot be interpreted as an integer",
        o.typ().name()
    )))
}

// ---------------------------------------------------------------- numbers

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    TrueDiv,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    And,
    Or,
    Xor,
    MatMul,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::TrueDiv => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::And => "&",
            BinOp::Or => "|",
            BinOp::Xor => "^",
            BinOp::MatMul => "@",
        }
    }
    pub fn dunder(self) -> (&'static str, &'static str, &'static str) {
        match self {
            BinOp::Add => ("__add__", "__radd__", "__iadd__"),
            BinOp::Sub => ("__sub__", "__rsub__", "__isub__"),
            BinOp::Mul => ("__mul__", "__rmul__", "__imul__"),
            BinOp::TrueDiv => ("__truediv__", "__rtruediv__", "__itruediv__"),
            BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
            BinOp::Mod => ("__mod__", "__rmod__", "__imod__"),
            BinOp::Pow => ("__pow__", "__rpow__", "__ipow__"),
            BinOp::LShift => ("__lshift__", "__rlshift__", "__ilshift__"),
            BinOp::RShift => ("__rshift__", "__rrshift__", "__irshift__"),
            BinOp::And => ("__and__", "__rand__", "__iand__"),
            BinOp::Or => ("__or__", "__ror__", "__ior__"),
            BinOp::Xor => ("__xor__", "__rxor__", "__ixor__"),
            BinOp::MatMul => ("__matmul__", "__rmatmul__", "__imatmul__"),
        }
    }
}

fn is_intlike(o: &Obj) -> bool {
    matches!(kind(o), Kind::Int | Kind::Bool)
}

/// `a <op> b`.
pub fn binary_op(a: &Obj, b: &Obj, op: BinOp) -> PyResult<Obj> {
    if kind(a) == Kind::WeakProxy || kind(b) == Kind::WeakProxy {
        use crate::objects::weakref::unwrap_proxy;
        return binary_op(&unwrap_proxy(a)?, &unwrap_proxy(b)?, op);
    }
    if let Some(v) = builtin_binary(a, b, op)? {
        return Ok(v);
    }
    binary_dunder(a, b, op, false)
}

/// `a <op>= b`: `__iadd__` and friends first, then the plain operation.
pub fn inplace_op(a: &Obj, b: &Obj, op: BinOp) -> PyResult<Obj> {
    if kind(a) == Kind::WeakProxy || kind(b) == Kind::WeakProxy {
        use crate::objects::weakref::unwrap_proxy;
        return inplace_op(&unwrap_proxy(a)?, &unwrap_proxy(b)?, op);
    }
    let r = rt();
    // Sets: `|= &= -= ^=` update an exact set in place (subclasses reach the same code
    // through set.__ior__ and friends below).
    if crate::objects::is_exact(a, r.types.set) {
        if let Some(v) = crate::objects::set::inplace(a, b, op)? {
            return Ok(v);
        }
    }
    if crate::objects::is_exact(a, r.types.list) {
        if op == BinOp::Add {
            let items = collect(b)?;
            list::extend(a, items)?;
            return Ok(a.clone());
        }
        if op == BinOp::Mul {
            let n = index_value(b)?;
            let items = list::to_vec(a);
            let mut out = Vec::new();
            for _ in 0..n.max(0) {
                out.extend(items.iter().cloned());
            }
            list::replace_all(a, out)?;
            return Ok(a.clone());
        }
    }
    if a.typ().is_heap() {
        let (_, _, iname) = op.dunder();
        if let Some(m) = crate::objects::typeobject::lookup_str(a.type_ptr(), iname) {
            let res = call_method_obj(&m, a, std::slice::from_ref(b))?;
            if !r.is_not_implemented(&res) {
                return Ok(res);
            }
        }
    }
    if kind(a) == Kind::ByteArray && !a.typ().is_heap() {
        if let Some(v) = crate::objects::bytearray::inplace(a, b, op)? {
            return Ok(v);
        }
    }
    // `dict |= mapping_or_pairs` (3.9+) updates in place.
    if op == BinOp::Or && kind(a) == Kind::Dict {
        dict::update_from(a, std::slice::from_ref(b), None, "update")?;
        return Ok(a.clone());
    }
    if let Some(v) = builtin_binary(a, b, op)? {
        return Ok(v);
    }
    binary_dunder(a, b, op, true)
}

fn binary_dunder(a: &Obj, b: &Obj, op: BinOp, inplace: bool) -> PyResult<Obj> {
    let r = rt();
    let (name, rname, _) = op.dunder();
    let (ta, tb) = (a.typ(), b.typ());
    let b_sub = a.type_ptr() != b.type_ptr() && tb.is_subtype(a.type_ptr());
    let try_left = |r: &crate::runtime::Runtime| -> PyResult<Option<Obj>> {
        if ta.is_heap() {
            if let Some(m) = crate::objects::typeobject::lookup_str(a.type_ptr(), name) {
                let res = call_method_obj(&m, a, std::slice::from_ref(b))?;
                if !r.is_not_implemented(&res) {
                    return Ok(Some(res));
                }
            }
        }
        Ok(None)
    };
    let try_right = |r: &crate::runtime::Runtime| -> PyResult<Option<Obj>> {
        if tb.is_heap() && a.type_ptr() != b.type_ptr() {
            if let Some(m) = crate::objects::typeobject::lookup_str(b.type_ptr(), rname) {
                let res = call_method_obj(&m, b, std::slice::from_ref(a))?;
                if !r.is_not_implemented(&res) {
                    return Ok(Some(res));
                }
            }
        }
        Ok(None)
    };
    if b_sub {
        if let Some(v) = try_right(r)? {
            return Ok(v);
        }
        if let Some(v) = try_left(r)? {
            return Ok(v);
        }
    } else {
        if let Some(v) = try_left(r)? {
            return Ok(v);
        }
        // A built-in left operand's own slot comes before the right operand's reflected
        // method: `'<%s>' % obj` formats even when obj has `__rmod__` (`unicode_mod`).
        if !ta.is_heap() && kind(a) == Kind::Str && op == BinOp::Mod {
            return crate::format::percent_format(a, b);
        }
        if let Some(v) = try_right(r)? {
            return Ok(v);
        }
    }
    // Built-in bases of heap types (class MyInt(int)).
    if ta.is_heap() || tb.is_heap() {
        if let Some(v) = builtin_binary_kinds(a, b, op)? {
            return Ok(v);
        }
    }
    let sym = if inplace {
        format!("{}=", op.symbol())
    } else {
        op.symbol().to_string()
    };
    if op == BinOp::Pow && !inplace {
        return Err(type_error(&format!(
            "unsupported operand type(s) for ** or pow(): '{}' and '{}'",
            ta.name(),
            tb.name()
        )));
    }
    if op == BinOp::Add && kind(a) == Kind::Str && !inplace {
        return Err(type_error(&format!(
            "can only concatenate str (not \"{}\") to str",
            tb.name()
        )));
    }
    if op == BinOp::Add && kind(a) == Kind::Bytes {
        return Err(type_error(&format!("can't concat {} to bytes", tb.name())));
    }
    if op == BinOp::Add && kind(a) == Kind::List {
        return Err(type_error(&format!(
            "can only concatenate list (not \"{}\") to list",
            tb.name()
        )));
    }
    if op == BinOp::Add && kind(a) == Kind::Tuple {
        return Err(type_error(&format!(
            "can only concatenate tuple (not \"{}\") to tuple",
            tb.name()
        )));
    }
    Err(type_error(&format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        sym,
        ta.name(),
        tb.name()
    )))
}

fn builtin_binary(a: &Obj, b: &Obj, op: BinOp) -> PyResult<Option<Obj>> {
    if a.typ().is_heap() || b.typ().is_heap() {
        return Ok(None);
    }
    builtin_binary_kinds(a, b, op)
}

fn builtin_binary_kinds(a: &Obj, b: &Obj, op: BinOp) -> PyResult<Option<Obj>> {
    let (ka, kb) = (kind(a), kind(b));
    // Sets: `| & - ^` between sets and frozensets.
    if matches!(ka, Kind::Set | Kind::FrozenSet) {
        if let Some(v) = crate::objects::set::binary(a, b, op)? {
            return Ok(Some(v));
        }
    }
    if is_intlike(a) && is_intlike(b) {
        return int_binary(a, b, op).map(Some);
    }
    if (ka == Kind::Float || is_intlike(a)) && (kb == Kind::Float || is_intlike(b)) {
        return float_binary(to_f64(a)?, to_f64(b)?, op);
    }
    if ka == Kind::Complex || kb == Kind::Complex {
        return crate::objects::complex::binary(a, b, op);
    }
    if ka == Kind::ByteArray || kb == Kind::ByteArray {
        return crate::objects::bytearray::binary(a, b, op);
    }
    match (ka, kb, op) {
        (Kind::Str, Kind::Str, BinOp::Add) => return pystr::concat(a, b).map(Some),
        (Kind::Str, _, BinOp::Mod) => return crate::format::percent_format(a, b).map(Some),
        (Kind::Str, Kind::Int | Kind::Bool, BinOp::Mul) => return repeat_str(a, b).map(Some),
        (Kind::Int | Kind::Bool, Kind::Str, BinOp::Mul) => return repeat_str(b, a).map(Some),
        (Kind::List, Kind::List, BinOp::Add) => {
            let n = list::len(a) + list::len(b);
            let both = || list::items(a).iter().chain(list::items(b)).cloned();
            return list::from_items_after_alloc(n, both).map(Some);
        }
        (Kind::List, Kind::Int | Kind::Bool, BinOp::Mul) => return repeat_list(a, b).map(Some),
        (Kind::Int | Kind::Bool, Kind::List, BinOp::Mul) => return repeat_list(b, a).map(Some),
        (Kind::Tuple, Kind::Tuple, BinOp::Add) => {
            // An exact tuple plus an empty one is itself (`tupleconcat`).
            let r = rt();
            if tuple::len(b) == 0 && crate::objects::is_exact(a, r.types.tuple) {
                return Ok(Some(a.clone()));
            }
            if tuple::len(a) == 0 && crate::objects::is_exact(b, r.types.tuple) {
                return Ok(Some(b.clone()));
            }
            let (x, y) = (tuple::items(a), tuple::items(b));
            let both = x.iter().chain(y).cloned();
            return tuple::from_iter_exact(x.len() + y.len(), both).map(Some);
        }
        (Kind::Tuple, Kind::Int | Kind::Bool, BinOp::Mul) => return repeat_tuple(a, b).map(Some),
        (Kind::Int | Kind::Bool, Kind::Tuple, BinOp::Mul) => return repeat_tuple(b, a).map(Some),
        (Kind::Bytes, Kind::Bytes, BinOp::Add) => {
            return crate::objects::bytes::concat(a, b).map(Some)
        }
        (Kind::Bytes, Kind::Int | Kind::Bool, BinOp::Mul) => {
            let n = repeat_count(b, crate::objects::bytes::data(a).len())?;
            return crate::objects::bytes::repeat(a, n).map(Some);
        }
        (Kind::Int | Kind::Bool, Kind::Bytes, BinOp::Mul) => {
            let n = repeat_count(a, crate::objects::bytes::data(b).len())?;
            return crate::objects::bytes::repeat(b, n).map(Some);
        }
        // `dict | dict` (3.9+): a copy of the left updated with the right.
        (Kind::Dict, Kind::Dict, BinOp::Or) => {
            let d = dict::copy(a)?;
            dict::update_from(&d, std::slice::from_ref(b), None, "update")?;
            return Ok(Some(d));
        }
        _ => {}
    }
    Ok(None)
}

/// Repeat count for sequence `*`: negative counts give an empty result; counts whose result
/// cannot fit raise `MemoryError` (as CPython does for `[0] * 2**62`).
fn repeat_count(n: &Obj, item_len: usize) -> PyResult<usize> {
    let n = match int::as_i64(n) {
        Some(v) => v,
        None => {
            if int::to_bigint(n).is_negative() {
                0
            } else {
                return Err(crate::objects::exceptions::overflow_error(
                    "cannot fit 'int' into an index-sized integer",
                ));
            }
        }
    };
    if n <= 0 || item_len == 0 {
        return Ok(0);
    }
    let total = (n as u128) * (item_len as u128);
    if total > (isize::MAX as u128) / 8 {
        return Err(crate::objects::memory_error());
    }
    Ok(n as usize)
}

fn repeat_str(s: &Obj, n: &Obj) -> PyResult<Obj> {
    let len = pystr::len(s);
    if let Some(v) = int::as_i64(n) {
        if v > 0 && len > 0 && (v as u128) * (len as u128) > isize::MAX as u128 {
            return Err(crate::objects::exceptions::overflow_error(
                "repeated string is too long",
            ));
        }
    }
    let count = repeat_count(n, len)?;
    let text = pystr::as_str(s);
    let mut out = String::new();
    out.try_reserve_exact(text.len().saturating_mul(count))
        .map_err(|_| crate::objects::memory_error())?;
    for _ in 0..count {
        out.push_str(&text);
    }
    pystr::new_str(&out)
}

fn repeat_list(l: &Obj, n: &Obj) -> PyResult<Obj> {
    let items = list::to_vec(l);
    let count = repeat_count(n, items.len())?;
    let mut v = Vec::new();
    v.try_reserve_exact(items.len().saturating_mul(count))
        .map_err(|_| crate::objects::memory_error())?;
    for _ in 0..count {
        v.extend(items.iter().cloned());
    }
    list::new_list(v)
}

fn repeat_tuple(t: &Obj, n: &Obj) -> PyResult<Obj> {
    let items = tuple::items(t).to_vec();
    if int::as_i64(n) == Some(1) && crate::objects::is_exact(t, rt().types.tuple) {
        return Ok(t.clone());
    }
    let count = repeat_count(n, items.len())?;
    let mut v = Vec::new();
    v.try_reserve_exact(items.len().saturating_mul(count))
        .map_err(|_| crate::objects::memory_error())?;
    for _ in 0..count {
        v.extend(items.iter().cloned());
    }
    tuple::new_tuple(v)
}

pub fn to_f64(o: &Obj) -> PyResult<f64> {
    if kind(o) == Kind::Float {
        return Ok(float::value(o));
    }
    match int::as_i64(o) {
        Some(v) => Ok(v as f64),
        None => {
            let v = int::to_bigint(o).to_f64().unwrap_or(f64::INFINITY);
            if v.is_infinite() {
                return Err(crate::objects::exceptions::overflow_error(
                    "int too large to convert to float",
                ));
            }
            Ok(v)
        }
    }
}

fn int_binary(a: &Obj, b: &Obj, op: BinOp) -> PyResult<Obj> {
    let r = rt();
    if a.type_ptr() == r.types.bool
        && b.type_ptr() == r.types.bool
        && matches!(op, BinOp::And | BinOp::Or | BinOp::Xor)
    {
        let (x, y) = (a.as_ptr() == r.true_, b.as_ptr() == r.true_);
        return Ok(r.bool_obj(match op {
            BinOp::And => x & y,
            BinOp::Or => x | y,
            _ => x ^ y,
        }));
    }
    if let (Some(x), Some(y)) = (int::as_i64(a), int::as_i64(b)) {
        let fast = match op {
            BinOp::Add => x.checked_add(y),
            BinOp::Sub => x.checked_sub(y),
            BinOp::Mul => x.checked_mul(y),
            BinOp::FloorDiv | BinOp::Mod if y == 0 => {
                return Err(zero_division_error(if op == BinOp::Mod {
                    "integer modulo by zero"
                } else {
                    "integer division or modulo by zero"
                }))
            }
            BinOp::FloorDiv => x.checked_div_euclid(y).map(|_| Integer::div_floor(&x, &y)),
            BinOp::Mod => x.checked_rem(y).map(|_| x.mod_floor(&y)),
            BinOp::And => Some(x & y),
            BinOp::Or => Some(x | y),
            BinOp::Xor => Some(x ^ y),
            BinOp::LShift if y < 0 => {
                return Err(crate::objects::exceptions::value_error(
                    "negative shift count",
                ))
            }
            BinOp::LShift => {
                if y < 63 && (x.unsigned_abs() >> (63 - y)) == 0 {
                    Some(x << y)
                } else {
                    None
                }
            }
            BinOp::RShift if y < 0 => {
                return Err(crate::objects::exceptions::value_error(
                    "negative shift count",
                ))
            }
            BinOp::RShift => Some(if y >= 64 {
                if x < 0 {
                    -1
                } else {
                    0
                }
            } else {
                x >> y
            }),
            BinOp::TrueDiv => {
                if y == 0 {
                    return Err(zero_division_error("division by zero"));
                }
                if x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) {
                    return float::new_float(x as f64 / y as f64);
                }
                return float::new_float(true_divide_exact(&BigInt::from(x), &BigInt::from(y))?);
            }
            BinOp::Pow => {
                if y < 0 {
                    return float_binary(x as f64, y as f64, op)
                        .map(|v| v.unwrap_or_else(|| rt().none()));
                }
                if y <= u32::MAX as i64 {
                    x.checked_pow(y as u32)
                } else {
                    None
                }
            }
            BinOp::MatMul => None,
        };
        if let Some(v) = fast {
            return int::new_int(v);
        }
    }
    let (x, y) = (int::to_bigint(a), int::to_bigint(b));
    let v: BigInt = match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::FloorDiv if y.is_zero() => {
            return Err(zero_division_error("integer division or modulo by zero"))
        }
        BinOp::Mod if y.is_zero() => return Err(zero_division_error("integer modulo by zero")),
        BinOp::FloorDiv => x.div_floor(&y),
        BinOp::Mod => x.mod_floor(&y),
        BinOp::And => x & y,
        BinOp::Or => x | y,
        BinOp::Xor => x ^ y,
        BinOp::LShift => {
            let s = y.to_usize().ok_or_else(|| {
                crate::objects::exceptions::overflow_error("too many digits in integer")
            })?;
            x << s
        }
        BinOp::RShift => {
            let s = y.to_usize().unwrap_or(usize::MAX);
            if s > 1 << 40 {
                if x.is_negative() {
                    BigInt::from(-1)
                } else {
                    BigInt::zero()
                }
            } else {
                x >> s
            }
        }
        BinOp::TrueDiv => {
            if y.is_zero() {
                return Err(zero_division_error("division by zero"));
            }
            return float::new_float(true_divide_exact(&x, &y)?);
        }
        BinOp::Pow => {
            if y.is_negative() {
                return float_binary(to_f64(a)?, to_f64(b)?, op)
                    .map(|v| v.unwrap_or_else(|| rt().none()));
            }
            let e = y.to_u32().ok_or_else(crate::objects::memory_error)?;
            num_traits::pow::Pow::pow(&x, e)
        }
        BinOp::MatMul => {
            return Err(type_error(
                "unsupported operand type(s) for @: 'int' and 'int'",
            ));
        }
    };
    int::from_bigint(&v)
}

pub(crate) fn float_binary(x: f64, y: f64, op: BinOp) -> PyResult<Option<Obj>> {
    let v = match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::TrueDiv => {
            if y == 0.0 {
                return Err(zero_division_error("float division by zero"));
            }
            x / y
        }
        BinOp::FloorDiv => {
            if y == 0.0 {
                return Err(zero_division_error("float floor division by zero"));
            }
            crate::objects::int_methods::float_divmod(x, y).0
        }
        BinOp::Mod => {
            if y == 0.0 {
                return Err(zero_division_error("float modulo"));
            }
            crate::objects::int_methods::float_divmod(x, y).1
        }
        BinOp::Pow => {
            if x == 0.0 && y < 0.0 {
                return Err(zero_division_error(
                    "0.0 cannot be raised to a negative power",
                ));
            }
            if x < 0.0 && x.is_finite() && y.fract() != 0.0 && y.is_finite() {
                // CPython's float_pow hands this case to complex_pow.
                return crate::objects::complex::float_pow(x, y).map(Some);
            }
            let v = x.powf(y);
            if v.is_infinite() && x.is_finite() && y.is_finite() {
                return Err(crate::objects::exceptions::overflow_error(
                    "(34, 'Numerical result out of range')",
                ));
            }
            v
        }
        _ => return Ok(None),
    };
    float::new_float(v).map(Some)
}

/// `int / int` correctly rounded for any size (CPython's long_true_divide): the quotient
/// is computed to 64+ significant bits with a sticky bit, then rounded half to even.
pub(crate) fn true_divide_exact(a: &BigInt, b: &BigInt) -> PyResult<f64> {
    use num_traits::One;
    let negative = a.is_negative() != b.is_negative();
    let (a, b) = (a.abs(), b.abs());
    if a.is_zero() {
        return Ok(if negative { -0.0 } else { 0.0 });
    }
    // Scale so the integer quotient has at least 66 bits.
    let shift: i64 = 66 + b.bits() as i64 - a.bits() as i64;
    let (num, den) = if shift >= 0 {
        (&a << shift as usize, b.clone())
    } else {
        (a.clone(), &b << (-shift) as usize)
    };
    let (q, r) = num_integer::Integer::div_rem(&num, &den);
    let sticky = !r.is_zero();
    // q has 66 or 67 bits: keep 53 (or fewer for subnormals) and round half to even.
    let qbits = q.bits() as i64;
    let exp = qbits - shift - 1; // value is in [2^exp, 2^(exp+1))
    if exp > 1023 {
        return Err(crate::objects::exceptions::overflow_error(
            "integer division result too large for a float",
        ));
    }
    let keep: i64 = if exp < -1022 {
        (53 - (-1022 - exp)).max(0)
    } else {
        53
    };
    let drop = qbits - keep;
    let mut mant = &q >> drop as usize;
    let rem_mask = (BigInt::one() << drop as usize) - 1;
    let rest = &q & rem_mask;
    let half = BigInt::one() << (drop - 1).max(0) as usize;
    let round_up = drop > 0 && (rest > half || (rest == half && (sticky || mant.bit(0))));
    if round_up {
        mant += 1;
    }
    let m = mant.to_f64().unwrap_or(f64::INFINITY);
    let v = m * 2f64.powi((drop - shift) as i32);
    let v = if v.is_finite() {
        v
    } else {
        return Err(crate::objects::exceptions::overflow_error(
            "integer division result too large for a float",
        ));
    };
    Ok(if negative { -v } else { v })
}

/// Unary `-`, `+`, `~`.
pub fn unary_op(o: &Obj, op: &str) -> PyResult<Obj> {
    let k = kind(o);
    if k == Kind::WeakProxy {
        return unary_op(&crate::objects::weakref::unwrap_proxy(o)?, op);
    }
    if !o.typ().is_heap() {
        if is_intlike(o) {
            return match op {
                "-" => match int::as_i64(o).and_then(|v| v.checked_neg()) {
                    Some(v) => int::new_int(v),
                    None => int::from_bigint(&-int::to_bigint(o)),
                },
                "+" => int::from_bigint(&int::to_bigint(o)),
                _ => match int::as_i64(o) {
                    Some(v) => int::new_int(!v),
                    None => int::from_bigint(&(-int::to_bigint(o) - 1)),
                },
            };
        }
        if k == Kind::Float && op != "~" {
            let v = float::value(o);
            return float::new_float(if op == "-" { -v } else { v });
        }
        if k == Kind::Complex && op != "~" {
            return if op == "-" {
                crate::objects::complex::neg(o)
            } else {
                crate::objects::complex::pos(o)
            };
        }
    }
    let name = match op {
        "-" => "__neg__",
        "+" => "__pos__",
        _ => "__invert__",
    };
    if let Some(v) = call_special(o, name, &[])? {
        return Ok(v);
    }
    Err(type_error(&format!(
        "bad operand type for unary {}: '{}'",
        op,
        o.typ().name()
    )))
}

/// Raised when an error should carry no further information.
pub fn err(e: PyErr) -> PyErr {
    e
}
