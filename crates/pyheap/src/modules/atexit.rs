//! The `atexit` module: callables registered to run when the interpreter finalizes, newest
//! first, before the program's modules are torn down (CPython's `Modules/atexitmodule.c`).
//!
//! The registrations are `(func, args, kwargs)` tuples kept in the module's
//! `_exithandlers` list, so they live and die with the module.

use crate::object::Obj;
use crate::objects::descr::MethodDef;
use crate::objects::exceptions::type_error;
use crate::objects::{dict, int, list, module, str as pystr, tuple};
use crate::runtime::{rt, PyResult};

const HANDLERS: &str = "_exithandlers";

fn handlers(m: &Obj) -> PyResult<Obj> {
    match dict::get_item_str(&module::dict(m), HANDLERS)? {
        Some(l) => Ok(l),
        None => {
            let l = list::new_list(vec![])?;
            dict::set_item(&module::dict(m), &pystr::intern_str(HANDLERS)?, &l)?;
            Ok(l)
        }
    }
}

/// `atexit.register(func, *args, **kwargs)`: returns `func`.
fn register(m: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let nkw = kwnames.map(tuple::len).unwrap_or(0);
    let (pos, kwvals) = args.split_at(args.len() - nkw);
    let Some(func) = pos.first() else {
        return Err(type_error("register() takes at least 1 argument (0 given)"));
    };
    if func.typ().tp_call.is_none() {
        return Err(type_error("the first argument must be callable"));
    }
    let kwargs = match kwnames {
        Some(names) if nkw > 0 => {
            let d = dict::new_dict()?;
            for (k, v) in tuple::items(names).iter().zip(kwvals) {
                dict::set_item(&d, k, v)?;
            }
            d
        }
        _ => rt().none(),
    };
    let entry = tuple::new_tuple(vec![func.clone(), tuple::from_slice(&pos[1..])?, kwargs])?;
    list::append(&handlers(m)?, entry)?;
    Ok(func.clone())
}

/// `atexit.unregister(func)`: forgets every registration of `func`.
fn unregister(m: &Obj, args: &[Obj], _kwnames: Option<&Obj>) -> PyResult<Obj> {
    if args.len() != 1 {
        return Err(type_error(&format!(
            "atexit.unregister() takes exactly one argument ({} given)",
            args.len()
        )));
    }
    let l = handlers(m)?;
    let mut kept = Vec::new();
    for entry in list::to_vec(&l) {
        if !crate::ops::eq(&tuple::items(&entry)[0], &args[0])? {
            kept.push(entry);
        }
    }
    list::replace_all(&l, kept)?;
    Ok(rt().none())
}

fn clear(m: &Obj, _args: &[Obj], _kwnames: Option<&Obj>) -> PyResult<Obj> {
    list::replace_all(&handlers(m)?, vec![])?;
    Ok(rt().none())
}

fn ncallbacks(m: &Obj, _args: &[Obj], _kwnames: Option<&Obj>) -> PyResult<Obj> {
    int::from_usize(list::len(&handlers(m)?))
}

fn run_exitfuncs_m(m: &Obj, _args: &[Obj], _kwnames: Option<&Obj>) -> PyResult<Obj> {
    call_handlers(m)?;
    Ok(rt().none())
}

/// Calls the registered functions newest first; their exceptions are reported and
/// swallowed. The registrations are dropped afterwards.
fn call_handlers(m: &Obj) -> PyResult<()> {
    let l = handlers(m)?;
    let entries = list::to_vec(&l);
    for entry in entries.iter().rev() {
        let parts = tuple::items(entry);
        let func = parts[0].clone();
        let mut args = tuple::items(&parts[1]).to_vec();
        let mut names = Vec::new();
        if !rt().is_none(&parts[2]) {
            for (k, v) in dict::items(&parts[2]) {
                names.push(k);
                args.push(v);
            }
        }
        let kwnames = if names.is_empty() {
            None
        } else {
            Some(tuple::new_tuple(names)?)
        };
        if let Err(e) = crate::ops::call(&func, &args, kwnames.as_ref()) {
            let what =
                crate::ops::repr_string(&func).unwrap_or_else(|_| "<object repr() failed>".into());
            crate::vm::traceback::write_unraisable(
                &format!("Exception ignored in atexit callback: {}", what),
                &e.0,
            );
        }
    }
    drop(entries);
    list::replace_all(&l, vec![])?;
    Ok(())
}

/// Runs the registered functions at interpreter exit, if `atexit` was ever imported.
pub fn run_exitfuncs() {
    let modules = rt().state.borrow().modules.clone();
    let Some(modules) = modules else { return };
    if let Ok(Some(m)) = dict::get_item_str(&modules, "atexit") {
        if crate::ops::kind(&m) == crate::typeobj::Kind::Module {
            let _ = call_handlers(&m);
        }
    }
}

static FUNCTIONS: &[MethodDef] = &[
    MethodDef::new("register", register),
    MethodDef::checked("unregister", unregister),
    MethodDef::new("_clear", clear),
    MethodDef::new("_ncallbacks", ncallbacks),
    MethodDef::new("_run_exitfuncs", run_exitfuncs_m),
];

pub fn make_module() -> PyResult<Obj> {
    let m = module::new_module("atexit")?;
    super::add_functions(&m, FUNCTIONS)?;
    handlers(&m)?;
    Ok(m)
}
