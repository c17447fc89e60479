//! The `gc` module: the cycle collector's Python interface, as CPython 3.11's.

use crate::object::Obj;
use crate::objects::descr::MethodDef;
use crate::objects::exceptions::{type_error, value_error};
use crate::objects::{dict, int, list, module, str as pystr, tuple};
use crate::ops;
use crate::runtime::{rt, PyResult};

fn gc_module_dict() -> Option<Obj> {
    let modules = rt().state.borrow().modules.clone()?;
    let m = dict::get_item_str(&modules, "gc").ok().flatten()?;
    Some(module::dict(&m))
}

/// Appends objects to `gc.garbage` (DEBUG_SAVEALL).
pub fn extend_garbage(objs: Vec<Obj>) {
    if let Some(d) = gc_module_dict() {
        if let Ok(Some(g)) = dict::get_item_str(&d, "garbage") {
            for o in objs {
                let _ = list::append(&g, o);
            }
        }
    }
}

/// `_PyGC_DumpShutdownStats`, as the interpreter shuts down after the `atexit`
/// functions: with `DEBUG_UNCOLLECTABLE` set (and `DEBUG_SAVEALL` not), a non-empty
/// `gc.garbage` is printed on stderr. (CPython also issues a `ResourceWarning` here,
/// which its default warning filters ignore.)
pub fn dump_shutdown_stats() {
    let debug = rt().gc().debug;
    if debug & crate::gc::DEBUG_SAVEALL != 0 || debug & crate::gc::DEBUG_UNCOLLECTABLE == 0 {
        return;
    }
    let Some(d) = gc_module_dict() else { return };
    let Ok(Some(garbage)) = dict::get_item_str(&d, "garbage") else {
        return;
    };
    if ops::kind(&garbage) != crate::typeobj::Kind::List || list::len(&garbage) == 0 {
        return;
    }
    match ops::repr_string(&garbage) {
        Ok(text) => crate::modules::write_stderr(&format!("      {text}\n")),
        Err(e) => crate::vm::traceback::write_unraisable(
            "Exception ignored in: <object repr() failed>",
            &e.0,
        ),
    }
}

/// `_PyGC_Fini`: the objects left in `gc.garbage` are released.
pub fn release_garbage() {
    let Some(d) = gc_module_dict() else { return };
    if let Ok(Some(garbage)) = dict::get_item_str(&d, "garbage") {
        if ops::kind(&garbage) == crate::typeobj::Kind::List {
            let _ = list::replace_all(&garbage, Vec::new());
        }
    }
}

/// Calls each of `gc.callbacks` with `(phase, info)`.
pub fn invoke_callbacks(phase: &str, generation: usize, collected: usize, uncollectable: usize) {
    let Some(d) = gc_module_dict() else { return };
    let Ok(Some(cbs)) = dict::get_item_str(&d, "callbacks") else {
        return;
    };
    if list::len(&cbs) == 0 {
        return;
    }
    let run = || -> PyResult<()> {
        let info = dict::new_dict()?;
        dict::set_item(
            &info,
            &pystr::new_str("generation")?,
            &int::from_usize(generation)?,
        )?;
        dict::set_item(
            &info,
            &pystr::new_str("collected")?,
            &int::from_usize(collected)?,
        )?;
        dict::set_item(
            &info,
            &pystr::new_str("uncollectable")?,
            &int::from_usize(uncollectable)?,
        )?;
        let p = pystr::new_str(phase)?;
        for cb in list::to_vec(&cbs) {
            if let Err(e) = ops::call(&cb, &[p.clone(), info.clone()], None) {
                crate::vm::traceback::write_unraisable(
                    &format!(
                        "Exception ignored in garbage collector callback: {}",
                        ops::repr_string(&cb).unwrap_or_default()
                    ),
                    &e.0,
                );
            }
        }
        Ok(())
    };
    let _ = run();
}

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

fn triple(a: usize, b: usize, c: usize) -> PyResult<Obj> {
    tuple::new_tuple(vec![
        int::from_usize(a)?,
        int::from_usize(b)?,
        int::from_usize(c)?,
    ])
}

fn get_count(_m: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let g = &rt().gc().generations;
    let (a, b, c) = (g[0].count, g[1].count, g[2].count);
    triple(a, b, c)
}

fn get_threshold(_m: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let g = &rt().gc().generations;
    let (a, b, c) = (g[0].threshold, g[1].threshold, g[2].threshold);
    triple(a, b, c)
}

fn set_threshold(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    if args.is_empty() || args.len() > 3 {
        return Err(type_error(&format!(
            "set_threshold() takes at most 3 arguments ({} given)",
            args.len()
        )));
    }
    let mut values = Vec::new();
    for a in args {
        values.push(ops::index_value(a)?);
    }
    for (i, v) in values.into_iter().enumerate() {
        rt().gc().generations[i].threshold = v.max(0) as usize;
    }
    Ok(rt().none())
}

/// `gc.collect(generation=2)`: returns the number of unreachable objects found.
fn collect(_m: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let (pos, kw) = super::builtins::split_args(args, kwnames);
    let mut gen = pos.first().cloned();
    for (k, v) in kw {
        if k == "generation" {
            gen = Some(v.clone());
        } else {
            return Err(type_error(&format!(
                "collect() got an unexpected keyword argument '{}'",
                k
            )));
        }
    }
    let generation = match gen {
        Some(g) => ops::index_value(&g)?,
        None => 2,
    };
    if !(0..=2).contains(&generation) {
        return Err(value_error("invalid generation"));
    }
    let n = crate::gc::collect_with_callbacks(generation as usize);
    int::from_usize(n)
}

fn is_tracked(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let o = args
        .first()
        .ok_or_else(|| type_error("is_tracked() takes exactly one argument (0 given)"))?;
    // SAFETY: only GC objects have a GC header.
    let tracked = o.typ().is_gc() && unsafe { crate::gc::is_tracked(o.as_ptr()) };
    Ok(rt().bool_obj(tracked))
}

fn is_finalized(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let o = args
        .first()
        .ok_or_else(|| type_error("is_finalized() takes exactly one argument (0 given)"))?;
    // SAFETY: only GC objects have a GC header.
    let f = o.typ().is_gc() && unsafe { crate::gc::is_finalized(o.as_ptr()) };
    Ok(rt().bool_obj(f))
}

fn get_objects(_m: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let (pos, kw) = super::builtins::split_args(args, kwnames);
    let mut gen = pos.first().cloned();
    for (k, v) in kw {
        if k == "generation" {
            gen = Some(v.clone());
        }
    }
    let generation = match gen {
        Some(g) if !rt().is_none(&g) => {
            let v = ops::index_value(&g)?;
            if v < 0 {
                return Err(value_error("generation parameter must be positive"));
            }
            if v > 2 {
                return Err(value_error("generation parameter must be less than the number of available generations (3)"));
            }
            Some(v as usize)
        }
        _ => None,
    };
    list::new_list(crate::gc::objects(generation))
}

fn get_referents(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let mut out = Vec::new();
    for o in args {
        if !o.typ().is_gc() {
            continue;
        }
        if let Some(t) = o.typ().tp_traverse {
            let mut ptrs = Vec::new();
            // SAFETY: o is live; traverse only reads its fields.
            unsafe { t(o.as_ptr(), &mut |p| ptrs.push(p)) };
            for p in ptrs {
                // SAFETY: referents of a live object are live.
                out.push(unsafe { Obj::from_borrowed(p) });
            }
        }
    }
    list::new_list(out)
}

fn get_referrers(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let mut out = Vec::new();
    for candidate in crate::gc::objects(None) {
        let Some(t) = candidate.typ().tp_traverse else {
            continue;
        };
        let mut hit = false;
        // SAFETY: candidate is live.
        unsafe {
            t(candidate.as_ptr(), &mut |p| {
                if args.iter().any(|a| a.as_ptr() == p) {
                    hit = true;
                }
            })
        };
        if hit {
            out.push(candidate);
        }
    }
    list::new_list(out)
}

fn freeze(_m: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    crate::gc::freeze();
    Ok(rt().none())
}

fn unfreeze(_m: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    crate::gc::unfreeze();
    Ok(rt().none())
}

fn get_freeze_count(_m: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    int::from_usize(crate::gc::freeze_count())
}

fn get_stats(_m: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let stats = rt().gc().stats;
    let mut out = Vec::new();
    for s in stats {
        let d = dict::new_dict()?;
        dict::set_item(
            &d,
            &pystr::new_str("collections")?,
            &int::from_usize(s.collections)?,
        )?;
        dict::set_item(
            &d,
            &pystr::new_str("collected")?,
            &int::from_usize(s.collected)?,
        )?;
        dict::set_item(
            &d,
            &pystr::new_str("uncollectable")?,
            &int::from_usize(s.uncollectable)?,
        )?;
        out.push(d);
    }
    list::new_list(out)
}

fn set_debug(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let v = args
        .first()
        .ok_or_else(|| type_error("set_debug() takes exactly one argument (0 given)"))?;
    rt().gc().debug = ops::index_value(v)? as u32;
    Ok(rt().none())
}

fn get_debug(_m: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    int::new_int(rt().gc().debug as i64)
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
    MethodDef::new("is_finalized", is_finalized),
    MethodDef::new("get_objects", get_objects),
    MethodDef::new("get_referents", get_referents),
    MethodDef::new("get_referrers", get_referrers),
    MethodDef::new("freeze", freeze),
    MethodDef::new("unfreeze", unfreeze),
    MethodDef::new("get_freeze_count", get_freeze_count),
    MethodDef::new("get_stats", get_stats),
    MethodDef::new("set_debug", set_debug),
    MethodDef::new("get_debug", get_debug),
];

pub fn make_module() -> PyResult<Obj> {
    let m = module::new_module("gc")?;
    super::add_functions(&m, FUNCTIONS)?;
    let d = module::dict(&m);
    let set = |k: &str, v: Obj| -> PyResult<()> { dict::set_item(&d, &pystr::intern_str(k)?, &v) };
    set("garbage", list::new_list(vec![])?)?;
    set("callbacks", list::new_list(vec![])?)?;
    set("DEBUG_STATS", int::new_int(crate::gc::DEBUG_STATS as i64)?)?;
    set(
        "DEBUG_COLLECTABLE",
        int::new_int(crate::gc::DEBUG_COLLECTABLE as i64)?,
    )?;
    set(
        "DEBUG_UNCOLLECTABLE",
        int::new_int(crate::gc::DEBUG_UNCOLLECTABLE as i64)?,
    )?;
    set(
        "DEBUG_SAVEALL",
        int::new_int(crate::gc::DEBUG_SAVEALL as i64)?,
    )?;
    set("DEBUG_LEAK", int::new_int(38)?)?;
    Ok(m)
}
