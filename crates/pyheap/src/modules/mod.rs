//! Built-in modules: `builtins`, `sys` and `gc`, the module registry behind `import`, and
//! the interpreter's standard streams.

pub mod builtins;
pub mod gcmodule;
pub mod sys;

use crate::object::Obj;
use crate::objects::descr::{new_builtin, MethodDef};
use crate::objects::exceptions;
use crate::objects::{dict, module, str as pystr};
use crate::runtime::{rt, type_ref, PyResult};
use crate::typeobj::TypeObject;

/// Writes text to the interpreter's stdout.
pub fn write_stdout(s: &str) {
    let mut st = rt().state.borrow_mut();
    let _ = st.stdout.write_all(s.as_bytes());
}

/// Writes text to the interpreter's stderr (stdout is flushed first so that the two
/// streams interleave as a terminal shows them).
pub fn write_stderr(s: &str) {
    let mut st = rt().state.borrow_mut();
    let _ = st.stdout.flush();
    let _ = st.stderr.write_all(s.as_bytes());
    let _ = st.stderr.flush();
}

pub fn flush_stdout() {
    let mut st = rt().state.borrow_mut();
    let _ = st.stdout.flush();
}

use std::io::Write;

/// Adds a module's functions to its dict.
pub fn add_functions(m: &Obj, defs: &'static [MethodDef]) -> PyResult<()> {
    let d = module::dict(m);
    for def in defs {
        let f = new_builtin(def, Some(m))?;
        dict::set_item(&d, &pystr::intern_str(def.name)?, &f)?;
    }
    Ok(())
}

/// Creates `builtins`, `sys` and `gc` and registers them in `sys.modules`.
pub fn init_modules(exceptions_by_name: &[(&'static str, *mut TypeObject)]) -> PyResult<()> {
    let r = rt();
    let modules = dict::new_dict()?;
    let b = builtins::make_module(exceptions_by_name)?;
    r.state.borrow_mut().builtins = Some(module::dict(&b));
    r.state.borrow_mut().modules = Some(modules.clone());
    dict::set_item(&modules, &pystr::intern_str("builtins")?, &b)?;
    let s = sys::make_module()?;
    dict::set_item(&modules, &pystr::intern_str("sys")?, &s)?;
    let g = gcmodule::make_module()?;
    dict::set_item(&modules, &pystr::intern_str("gc")?, &g)?;
    Ok(())
}

/// `import name`: the built-in modules are the only ones available.
pub fn import_module(name: &str) -> PyResult<Obj> {
    let modules = rt().state.borrow().modules.clone();
    if let Some(m) = modules {
        if let Some(v) = dict::get_item_str(&m, name)? {
            return Ok(v);
        }
    }
    let e = exceptions::new_err(
        rt().exc.module_not_found_error,
        &format!("No module named '{}'", name),
    );
    if let Some(d) = exceptions::dict_if_any(&e.0).or_else(|| exceptions::dict(&e.0).ok()) {
        let _ = dict::set_item(&d, &pystr::intern_str("name")?, &pystr::new_str(name)?);
    }
    Err(e)
}

/// Registers a type under its name in a module dict.
pub fn add_type(d: &Obj, name: &str, t: *mut TypeObject) -> PyResult<()> {
    dict::set_item(d, &pystr::intern_str(name)?, &type_ref(t))
}
