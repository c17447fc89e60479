//! The `sys` module: reference counts and sizes (`getrefcount`, `getsizeof`), interning,
//! recursion limit, argv, the standard streams and interpreter facts.

use crate::object::Obj;
use crate::objects::descr::MethodDef;
use crate::objects::exceptions::{self, type_error, value_error};
use crate::objects::{dict, int, is_instance, module, str as pystr, tuple};
use crate::ops::{self, kind};
use crate::runtime::{rt, PyResult};
use crate::typeobj::{Kind, TypeObject};

/// `sys.getrefcount(obj)`: the object's reference count, which includes the reference the
/// argument itself holds on the caller's value stack.
fn getrefcount(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    if args.len() != 1 {
        return Err(type_error(&format!(
            "sys.getrefcount() takes exactly one argument ({} given)",
            args.len()
        )));
    }
    int::new_int(args[0].refcnt() as i64)
}

/// `object.__sizeof__` for built-in layouts: the type's own accounting, or its basic size
/// plus items for variable-size objects.
pub fn basic_sizeof(o: &Obj) -> usize {
    let t = o.typ();
    if kind(o) == Kind::Type {
        return crate::objects::typeobject::type_sizeof(o);
    }
    if let Some(f) = t.tp_sizeof {
        if !t.is_heap() {
            return f(o);
        }
    }
    // A heap type: its base's accounting for the built-in part, plus its own slots.
    let mut base = o.type_ptr();
    // SAFETY: bases are live types.
    unsafe {
        while (*base).is_heap() && !(*base).base.is_null() {
            base = (*base).base;
        }
        if let Some(f) = (*base).tp_sizeof {
            return f(o) + t.basicsize - (*base).basicsize;
        }
    }
    t.basicsize
}

/// `sys.getsizeof(obj[, default])`: `__sizeof__` plus the GC and managed-dict pre-header.
fn getsizeof(_m: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let (pos, _) = super::builtins::split_args(args, kwnames);
    let o = pos
        .first()
        .ok_or_else(|| type_error("getsizeof() missing required argument 'object' (pos 1)"))?;
    let size = match crate::objects::typeobject::lookup_str(o.type_ptr(), "__sizeof__") {
        Some(f) if kind(&f) == Kind::Function => {
            let v = ops::call_method_obj(&f, o, &[])?;
            let n = ops::index_value(&v)?;
            if n < 0 {
                return Err(value_error("__sizeof__() should return >= 0"));
            }
            n as usize
        }
        _ => basic_sizeof(o),
    };
    let pre = if kind(o) == Kind::Type {
        crate::typeobj::GC_HEADER_SIZE
    } else {
        o.typ().preheader_size()
    };
    int::from_usize(size + pre)
}

fn intern(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    if args.len() != 1 {
        return Err(type_error(&format!(
            "intern() takes exactly one argument ({} given)",
            args.len()
        )));
    }
    if !crate::objects::is_exact(&args[0], rt().types.str) {
        return Err(type_error(&format!(
            "intern() argument must be str, not {}",
            args[0].typ().name()
        )));
    }
    pystr::intern(args[0].clone())
}

fn getrecursionlimit(_m: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    int::from_usize(rt().recursion_limit.get())
}

/// `sys.getallocatedblocks()`: the blocks the program's object and memory allocators hold
/// (CPython counts pymalloc's blocks and those it passed on to `malloc`).
fn getallocatedblocks(_m: &Obj, args: &[Obj], k: Option<&Obj>) -> PyResult<Obj> {
    if !args.is_empty() || k.is_some_and(|k| crate::objects::tuple::len(k) > 0) {
        return Err(type_error(&format!(
            "sys.getallocatedblocks() takes no arguments ({} given)",
            args.len()
        )));
    }
    let stats = crate::heap::stats();
    int::from_usize(stats.object.blocks_in_use + stats.mem.blocks_in_use)
}

fn setrecursionlimit(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let v = args
        .first()
        .ok_or_else(|| type_error("setrecursionlimit() takes exactly one argument (0 given)"))?;
    if kind(v) == Kind::Float {
        return Err(type_error(
            "'float' object cannot be interpreted as an integer",
        ));
    }
    let n = ops::index_value(v)?;
    if n < 1 {
        return Err(value_error(
            "recursion limit must be greater or equal than 1",
        ));
    }
    let depth = rt().recursion_depth.get();
    if (n as usize) <= depth {
        return Err(exceptions::recursion_error(&format!(
            "cannot set the recursion limit to {} at the recursion depth {}: the limit is too low",
            n, depth
        )));
    }
    rt().recursion_limit.set(n as usize);
    Ok(rt().none())
}

fn exit(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    // SAFETY: the runtime's SystemExit type is live and an exception type.
    let e = unsafe { exceptions::new_exception(rt().exc.system_exit, args.to_vec()) }?;
    Err(crate::runtime::PyErr(e))
}

fn exc_info(_m: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let r = rt();
    let h = r.state.borrow().handled_exc.clone();
    match h {
        None => tuple::new_tuple(vec![r.none(), r.none(), r.none()]),
        Some(e) => {
            let tb = exceptions::traceback(&e).unwrap_or_else(|| r.none());
            tuple::new_tuple(vec![e.type_obj(), e, tb])
        }
    }
}

fn exception(_m: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let r = rt();
    let h = r.state.borrow().handled_exc.clone();
    Ok(h.unwrap_or_else(|| r.none()))
}

/// `sys.excepthook(type, value, traceback)`: prints the exception as an uncaught one.
fn excepthook(_m: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    if args.len() != 3 {
        return Err(type_error(&format!(
            "excepthook expected 3 arguments, got {}",
            args.len()
        )));
    }
    crate::vm::traceback::print_exception(&args[1]);
    Ok(rt().none())
}

fn debugmallocstats(_m: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let mut out = String::new();
    crate::heap::write_debugmallocstats(&mut out);
    crate::freelist::write_stats(&mut out);
    super::write_stderr(&out);
    Ok(rt().none())
}

/// `sys._getframe([depth])`: the frame object of the function `depth` calls up from the
/// caller (a built-in call has no frame of its own, so depth 0 is the caller's frame).
fn getframe(_m: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    if kwnames.is_some_and(|k| tuple::len(k) > 0) {
        return Err(type_error("sys._getframe() takes no keyword arguments"));
    }
    if args.len() > 1 {
        return Err(type_error(&format!(
            "_getframe expected at most 1 argument, got {}",
            args.len()
        )));
    }
    let depth = match args.first() {
        None => 0,
        Some(v) => {
            if kind(v) == Kind::Float {
                return Err(type_error(
                    "'float' object cannot be interpreted as an integer",
                ));
            }
            let n = ops::index_value(v).map_err(|e| {
                if exceptions::matches(&e.0, rt().exc.index_error) {
                    exceptions::overflow_error("Python int too large to convert to C int")
                } else {
                    e
                }
            })?;
            i32::try_from(n).map_err(|_| {
                exceptions::overflow_error("Python int too large to convert to C int")
            })?
        }
    };
    crate::objects::frameobject::getframe(depth.max(0) as usize)
}

static FUNCTIONS: &[MethodDef] = &[
    MethodDef::checked("getrefcount", getrefcount),
    MethodDef::new("getsizeof", getsizeof),
    MethodDef::checked("intern", intern),
    MethodDef::new("getrecursionlimit", getrecursionlimit),
    MethodDef::new("setrecursionlimit", setrecursionlimit),
    MethodDef::new("exit", exit),
    MethodDef::new("exc_info", exc_info),
    MethodDef::new("exception", exception),
    MethodDef::new("excepthook", excepthook),
    MethodDef::new("_debugmallocstats", debugmallocstats),
    MethodDef::new("_getframe", getframe),
    MethodDef::new("getallocatedblocks", getallocatedblocks),
];

// ---------------------------------------------------------------- standard streams

#[repr(C)]
struct StreamObject {
    ob_base: crate::object::PyObject,
    fd: isize,
}

fn stream_write(self_: &Obj, args: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let s = args
        .first()
        .ok_or_else(|| type_error("write() takes exactly one argument (0 given)"))?;
    if !is_instance(s, rt().types.str) {
        return Err(type_error(&format!(
            "write() argument must be str, not {}",
            s.typ().name()
        )));
    }
    let text = pystr::as_str(s);
    // SAFETY: self is a stream object.
    let fd = unsafe { self_.cast::<StreamObject>().fd };
    if fd == 2 {
        super::write_stderr(&text);
    } else {
        super::write_stdout(&text);
    }
    int::from_usize(pystr::len(s))
}

fn stream_flush(self_: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    let _ = self_;
    super::flush_stdout();
    Ok(rt().none())
}

fn stream_fileno(self_: &Obj, _a: &[Obj], _k: Option<&Obj>) -> PyResult<Obj> {
    // SAFETY: self is a stream object.
    int::new_int(unsafe { self_.cast::<StreamObject>().fd } as i64)
}

static STREAM_METHODS: &[MethodDef] = &[
    MethodDef::new("write", stream_write),
    MethodDef::new("flush", stream_flush),
    MethodDef::new("fileno", stream_fileno),
];

fn stream_repr(o: &Obj) -> PyResult<Obj> {
    // SAFETY: o is a stream object.
    let fd = unsafe { o.cast::<StreamObject>().fd };
    pystr::new_str(&format!(
        "<_io.TextIOWrapper name='<{}>' mode='w' encoding='utf-8'>",
        if fd == 2 { "stderr" } else { "stdout" }
    ))
}

fn make_stream_type() -> PyResult<*mut TypeObject> {
    let r = rt();
    let mut t = crate::objects::typeobject::blank_type(
        "_io.TextIOWrapper",
        Kind::Object,
        std::mem::size_of::<StreamObject>(),
        0,
        crate::init::free_object_dealloc,
    );
    t.base = r.types.object;
    t.tp_getattro = Some(crate::objects::typeobject::object_getattro);
    t.tp_setattro = Some(crate::objects::typeobject::generic_setattr);
    t.tp_repr = Some(stream_repr);
    t.tp_hash = Some(crate::objects::typeobject::object_hash);
    t.tp_richcompare = Some(crate::objects::typeobject::object_richcompare);
    let p = crate::objects::typeobject::alloc_type(t, r.types.type_)?;
    crate::init::finish_type(p, STREAM_METHODS)?;
    Ok(p)
}

fn make_stream(t: *mut TypeObject, fd: isize) -> PyResult<Obj> {
    // SAFETY: `t` is the live stream type from make_stream_type (the only caller passes it).
    let p = unsafe { crate::objects::alloc_object(t, std::mem::size_of::<StreamObject>()) }?;
    // SAFETY: fresh stream object.
    unsafe {
        (*(p as *mut StreamObject)).fd = fd;
        Ok(crate::objects::owned(p))
    }
}

/// `sys.version_info`: a tuple subclass with named fields, as CPython's struct sequence.
fn make_version_info() -> PyResult<Obj> {
    const SOURCE: &str = "\
class version_info(tuple):
    __slots__ = ()
    major = property(lambda self: self[0])
    minor = property(lambda self: self[1])
    micro = property(lambda self: self[2])
    releaselevel = property(lambda self: self[3])
    serial = property(lambda self: self[4])
    def __repr__(self):
        return 'sys.version_info(major=%d, minor=%d, micro=%d, releaselevel=%r, serial=%d)' % self
result = version_info((3, 11, 7, 'final', 0))
";
    let r = rt();
    let globals = dict::new_dict()?;
    dict::set_item(
        &globals,
        &pystr::intern_str("__name__")?,
        &pystr::new_str("sys")?,
    )?;
    if let Some(b) = r.state.borrow().builtins.clone() {
        dict::set_item(&globals, &pystr::intern_str("__builtins__")?, &b)?;
    }
    let compiled = crate::compile::compile(SOURCE, "<sys>", false)?;
    drop(compiled.arena);
    crate::vm::run_code(&compiled.code, &globals, None)?;
    let v = dict::get_item_str(&globals, "result")?
        .ok_or_else(|| exceptions::runtime_error("sys.version_info"))?;
    dict::clear(&globals);
    Ok(v)
}

/// Sets `sys.argv`.
pub fn set_argv(argv: &[String]) -> PyResult<()> {
    let modules = rt().state.borrow().modules.clone();
    let Some(modules) = modules else {
        return Ok(());
    };
    let Some(sys) = dict::get_item_str(&modules, "sys")? else {
        return Ok(());
    };
    let items = argv
        .iter()
        .map(|a| pystr::new_str(a))
        .collect::<PyResult<Vec<_>>>()?;
    let l = crate::objects::list::new_list(items)?;
    dict::set_item(&module::dict(&sys), &pystr::intern_str("argv")?, &l)
}

pub fn make_module() -> PyResult<Obj> {
    let r = rt();
    let m = module::new_module("sys")?;
    super::add_functions(&m, FUNCTIONS)?;
    let d = module::dict(&m);
    let set = |k: &str, v: Obj| -> PyResult<()> { dict::set_item(&d, &pystr::intern_str(k)?, &v) };
    set("maxsize", int::new_int(i64::MAX)?)?;
    set("byteorder", pystr::new_str("little")?)?;
    set("platform", pystr::new_str("linux")?)?;
    set("version", pystr::new_str("3.11.7 (pyheap) [Rust]")?)?;
    set("hexversion", int::new_int(0x030b07f0)?)?;
    set("version_info", make_version_info()?)?;
    set(
        "argv",
        crate::objects::list::new_list(vec![pystr::new_str("")?])?,
    )?;
    set("path", crate::objects::list::new_list(vec![])?)?;
    set("executable", pystr::new_str("pyheap")?)?;
    set("maxunicode", int::new_int(0x10ffff)?)?;
    if let Some(mods) = r.state.borrow().modules.clone() {
        set("modules", mods)?;
    }
    let st = make_stream_type()?;
    let out = make_stream(st, 1)?;
    let err = make_stream(st, 2)?;
    set("stdout", out.clone())?;
    set("stderr", err.clone())?;
    set("__stdout__", out)?;
    set("__stderr__", err)?;
    Ok(m)
}
