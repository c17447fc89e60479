//! Built-in modules: `builtins`, `sys` and `gc`, the module registry behind `import`, and
//! the interpreter's standard streams.

pub mod atexit;
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
    if st.output_closed {
        return;
    }
    let _ = st.stdout.write_all(s.as_bytes());
}

/// Writes text to the interpreter's stderr (stdout is flushed first so that the two
/// streams interleave as a terminal shows them).
pub fn write_stderr(s: &str) {
    let mut st = rt().state.borrow_mut();
    if st.output_closed {
        return;
    }
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

/// Builds a module.
type ModuleMaker = fn() -> PyResult<Obj>;

/// Modules built on their first `import` (CPython loads them from its standard library),
/// in the order [`release_lazy_modules`] lets them go at exit.
const LAZY_MODULES: &[(&str, ModuleMaker)] = &[
    ("_weakref", crate::objects::weakref::make_c_module),
    ("weakref", crate::objects::weakref::make_py_module),
    ("atexit", atexit::make_module),
    ("abc", make_abc),
    ("_collections_abc", make_collections_abc),
    ("collections.abc", make_collections_abc),
    ("functools", make_functools),
    ("itertools", make_itertools),
    ("collections", make_collections),
];

/// `abc`, written in Python (`abc.py`): `ABCMeta` with `_abc`'s registry and checks.
fn make_abc() -> PyResult<Obj> {
    run_source_module("abc", include_str!("abc.py"))
}

/// `_collections_abc`, written in Python (`_collections_abc.py`); it names itself
/// `collections.abc`, and `sys.modules` holds it under both names, as CPython's.
fn make_collections_abc() -> PyResult<Obj> {
    let modules = rt().state.borrow().modules.clone();
    if let Some(mods) = &modules {
        for name in ["_collections_abc", "collections.abc"] {
            if let Some(m) = dict::get_item_str(mods, name)? {
                return Ok(m);
            }
        }
    }
    let m = run_source_module("_collections_abc", include_str!("_collections_abc.py"))?;
    if let Some(mods) = &modules {
        dict::set_item(mods, &pystr::intern_str("collections.abc")?, &m)?;
    }
    Ok(m)
}

/// `functools`, written in Python (`functools.py`).
fn make_functools() -> PyResult<Obj> {
    run_source_module("functools", include_str!("functools.py"))
}

/// `itertools`, written in Python (`itertools.py`).
fn make_itertools() -> PyResult<Obj> {
    run_source_module("itertools", include_str!("itertools.py"))
}

/// `collections`, written in Python (`collections.py`).
fn make_collections() -> PyResult<Obj> {
    let m = run_source_module("collections", include_str!("collections.py"))?;
    add_functions(&m, COLLECTIONS_FUNCTIONS)?;
    Ok(m)
}

static COLLECTIONS_FUNCTIONS: &[MethodDef] =
    &[MethodDef::new("_caller_module_name", caller_module_name)];

/// `collections._caller_module_name()`: the `__name__` of the module whose code called the
/// Python function that calls this (what CPython's `namedtuple` reads through
/// `sys._getframe(1)`), `'__main__'` when there is none.
fn caller_module_name(_m: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let globals = crate::vm::frame_at(1, |f| f.map(|f| f.globals.clone()));
    if let Some(g) = globals {
        if let Some(n) = dict::get_item_str(&g, "__name__")? {
            return Ok(n);
        }
    }
    pystr::new_str("__main__")
}

/// `IMPORT_NAME`: imports `name` and, for a dotted name, each package above it (binding
/// each submodule as an attribute of its package); the result is the top-level package
/// for `import a.b` (no `fromlist`), the named module itself for `from a.b import x`.
pub fn import_name(name: &str, fromlist: &Obj) -> PyResult<Obj> {
    if !name.contains('.') {
        return import_module(name);
    }
    let mut top = None;
    let mut parent: Option<Obj> = None;
    let mut leaf = None;
    for (end, _) in name
        .match_indices('.')
        .chain(std::iter::once((name.len(), "")))
    {
        let m = import_module(&name[..end])?;
        if let Some(p) = &parent {
            let attr = &name[name[..end].rfind('.').map_or(0, |i| i + 1)..end];
            crate::ops::setattr(p, &pystr::intern_str(attr)?, Some(&m))?;
        }
        top.get_or_insert_with(|| m.clone());
        parent = Some(m.clone());
        leaf = Some(m);
    }
    let wants_leaf = !rt().is_none(fromlist);
    match (wants_leaf, leaf, top) {
        (true, Some(m), _) | (false, _, Some(m)) => Ok(m),
        _ => import_module(name),
    }
}

/// `import name`: the built-in modules are the only ones available.
pub fn import_module(name: &str) -> PyResult<Obj> {
    let modules = rt().state.borrow().modules.clone();
    if let Some(m) = modules {
        if let Some(v) = dict::get_item_str(&m, name)? {
            return Ok(v);
        }
        if let Some((_, make)) = LAZY_MODULES.iter().find(|(n, _)| *n == name) {
            let v = make()?;
            dict::set_item(&m, &pystr::intern_str(name)?, &v)?;
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

/// Creates module `name`, registers it in `sys.modules` (so that it can be imported while
/// it runs), and runs the Python `source` in its dict.
pub fn run_source_module(name: &str, source: &str) -> PyResult<Obj> {
    let r = rt();
    let m = module::new_module(name)?;
    let d = module::dict(&m);
    if let Some(b) = r.state.borrow().builtins.clone() {
        dict::set_item(&d, &pystr::intern_str("__builtins__")?, &b)?;
    }
    let key = pystr::intern_str(name)?;
    let modules = r.state.borrow().modules.clone();
    if let Some(mods) = &modules {
        dict::set_item(mods, &key, &m)?;
    }
    let res = crate::compile::compile(source, &format!("<{}>", name), false).and_then(|c| {
        drop(c.arena);
        crate::vm::run_code(&c.code, &d, None)
    });
    if let Err(e) = res {
        if let Some(mods) = &modules {
            dict::del_item(mods, &key)?;
        }
        return Err(e);
    }
    Ok(m)
}

/// At exit, after `__main__`: the lazily built modules leave `sys.modules` (the final
/// collection then frees them), so a program leaves nothing behind by importing them.
pub fn release_lazy_modules() {
    let modules = rt().state.borrow().modules.clone();
    let Some(modules) = modules else { return };
    for (name, _) in LAZY_MODULES {
        if let Ok(k) = pystr::intern_str(name) {
            let _ = dict::del_item(&modules, &k);
        }
    }
}
