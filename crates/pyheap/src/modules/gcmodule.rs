//! The `gc` module: collector switches, thresholds and counts. The cycle collector itself
//! is not implemented yet; `gc.collect()` raises NotImplementedError rather than report a
//! wrong number.

use crate::object::Obj;
use crate::objects::descr::MethodDef;
use crate::objects::exceptions::{not_implemented_error, type_error};
use crate::objects::{int, module, tuple};
use crate::ops;
use crate::runtime::{rt, PyResult};

fn enable(_m: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    rt().gc().enabled = true;
    Ok(rt().none())
}

fn disable(_m: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    rt().gc().enabled = false;
    Ok(rt().none())
}

fn isenabled(_m: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    Ok(rt().bool_obj(rt().gc().enabled))
}

fn get_count(_m: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let g = &rt().gc().generations;
    let (a, b, c) = (g[0].count, g[1].count, g[2].count);
    tuple::new_tuple(vec![int::from_usize(a)?, int::from_usize(b)?, int::from_usize(c)?])
}

fn get_threshold(_m: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let g = &rt().gc().generations;
    let (a, b, c) = (g[0].threshold, g[1].threshold, g[2].threshold);
    tuple::new_tuple(vec![int::from_usize(a)?, int::from_usize(b)?, int::from_usize(c)?])
}

fn set_threshold(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    if args.is_empty() || args.len() > 3 {
        return Err(type_error(&format!("set_threshold() takes at most 3 arguments ({} given)", args.len())));
    }
    for (i, a) in args.iter().enumerate() {
        let v = ops::index_value(a)?;
        rt().gc().generations[i].threshold = v.max(0) as usize;
    }
    Ok(rt().none())
}

fn collect(_m: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    Err(not_implemented_error("gc.collect(): the cyclic garbage collector is not implemented yet"))
}

fn is_tracked(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let o = args.first().ok_or_else(|| type_error("is_tracked() takes exactly one argument (0 given)"))?;
    // SAFETY: only GC objects have a GC header.
    let tracked = o.typ().is_gc() && unsafe { crate::gc::is_tracked(o.as_ptr()) };
    Ok(rt().bool_obj(tracked))
}

static FUNCTIONS: &[MethodDef] = &[
    MethodDef::new("enable", enable),
    MethodDef::new("disable", disable),
    MethodDef::new("isenabled", isenabled),
    MethodDef::new("get_count", get_count),
    MethodDef::new("get_threshold", get_threshold),
    MethodDef::new("set_threshold", set_threshold),
    MethodDef::new("collect", collect),
    MethodDef::new("is_tracked", is_tracked),
];

pub fn make_module() -> PyResult<Obj> {
    let m = module::new_module("gc")?;
    super::add_functions(&m, FUNCTIONS)?;
    Ok(m)
}
