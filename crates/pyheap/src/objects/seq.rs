//! Shared sequence helpers: index normalisation, element-wise comparison and repr of
//! item lists (used by tuple and list).

use crate::object::Obj;
use crate::objects::exceptions;
use crate::ops;
use crate::runtime::{rt, PyResult};
use crate::typeobj::CompareOp;

/// Normalises an index (`-1` is the last item); `None` when out of range.
pub fn index(key: &Obj, len: usize) -> PyResult<Option<usize>> {
    let i = ops::index_value(key)?;
    let idx = if i < 0 { i + len as i64 } else { i };
    Ok(if idx < 0 || idx >= len as i64 {
        None
    } else {
        Some(idx as usize)
    })
}

/// Lexicographic comparison of two item lists, as CPython compares tuples and lists.
pub fn compare(a: &[Obj], b: &[Obj], op: CompareOp) -> PyResult<bool> {
    if matches!(op, CompareOp::Eq | CompareOp::Ne) && a.len() != b.len() {
        return Ok(op == CompareOp::Ne);
    }
    let n = a.len().min(b.len());
    for i in 0..n {
        if !ops::eq(&a[i], &b[i])? {
            return match op {
                CompareOp::Eq => Ok(false),
                CompareOp::Ne => Ok(true),
                _ => ops::compare_bool(&a[i], &b[i], op),
            };
        }
    }
    Ok(match op {
        CompareOp::Lt => a.len() < b.len(),
        CompareOp::Le => a.len() <= b.len(),
        CompareOp::Eq => a.len() == b.len(),
        CompareOp::Ne => a.len() != b.len(),
        CompareOp::Gt => a.len() > b.len(),
        CompareOp::Ge => a.len() >= b.len(),
    })
}

/// `repr` of the items joined by ", ".
pub fn repr_items(items: &[Obj]) -> PyResult<String> {
    let mut s = String::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(&ops::repr_string(it)?);
    }
    Ok(s)
}

pub fn index_error(what: &str) -> crate::runtime::PyErr {
    exceptions::index_error(&format!("{} index out of range", what))
}

/// Parses `(value, start=0, stop=len)` for `index()` methods.
pub fn index_bounds(args: &[Obj], len: usize) -> PyResult<(usize, usize)> {
    let norm = |v: &Obj| -> PyResult<usize> {
        let i = ops::index_value(v)?;
        Ok(if i < 0 {
            (i + len as i64).max(0) as usize
        } else {
            (i as usize).min(len)
        })
    };
    let start = match args.get(1) {
        Some(v) => norm(v)?,
        None => 0,
    };
    let stop = match args.get(2) {
        Some(v) => norm(v)?,
        None => len,
    };
    let _ = rt();
    Ok((start, stop))
}
