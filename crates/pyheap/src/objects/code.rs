//! `code`: a compiled body — instructions, constants, names, and the location table that
//! tracebacks read columns from.
//!
//! The Python-visible fields are objects (`co_consts`, `co_names`, ...); the instruction
//! and location arrays are plain Rust data owned by the code object. `co_consts` holds a
//! reference to each constant, which is one of the references `sys.getrefcount` reports
//! for a literal.

use super::{alloc_object, owned};
use crate::object::{Obj, PyObject};
use crate::runtime::{rt, PyResult};
use crate::vm::opcode::{Instr, Location};

pub const CO_OPTIMIZED: u32 = 0x1;
pub const CO_NEWLOCALS: u32 = 0x2;
pub const CO_VARARGS: u32 = 0x4;
pub const CO_VARKEYWORDS: u32 = 0x8;
pub const CO_NESTED: u32 = 0x10;
pub const CO_GENERATOR: u32 = 0x20;

/// An entry of the exception table: instructions `start..end` jump to `target` with the
/// value stack cut to `depth` when an exception is raised.
#[derive(Clone, Copy, Debug)]
pub struct Handler {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub depth: u32,
    /// Push the offset of the raising instruction too (for `finally` re-raise bookkeeping).
    pub lasti: bool,
}

pub struct CodeData {
    pub consts: Obj,
    pub names: Obj,
    pub varnames: Obj,
    pub cellvars: Obj,
    pub freevars: Obj,
    pub filename: Obj,
    pub name: Obj,
    pub qualname: Obj,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub flags: u32,
    pub firstlineno: u32,
    pub instrs: Vec<Instr>,
    pub locations: Vec<Location>,
    pub handlers: Vec<Handler>,
    /// For each cell variable, the argument it is initialised from.
    pub cell2arg: Vec<Option<u32>>,
    pub stacksize: u32,
    /// Length of the bytecode CPython 3.11 compiles for the same source, in code units
    /// (`len(co_code) // 2`; see `compile::bytecode_size`).
    pub code_units: u32,
    /// Slots of a frame running this code: locals, then cells, then free variables.
    pub nfast: u32,
    /// The number of positional arguments a call binds one to one to this code's
    /// parameters, when that is all a call of it does: no `*args`, `**kwargs`,
    /// keyword-only parameters, cells or free variables, and not a generator. `u32::MAX`
    /// otherwise. Such calls take the eval loop's shortest path (3.11's
    /// `CALL_PY_EXACT_ARGS`).
    pub exact_call_nargs: u32,
    pub source: std::rc::Rc<str>,
    /// `LOAD_GLOBAL` cache, one entry per name (see `vm::eval`).
    pub global_cache: Vec<std::cell::Cell<GlobalCacheEntry>>,
    /// Attribute cache of `LOAD_ATTR`, `STORE_ATTR` and `LOAD_METHOD`: for each name, one
    /// entry for each of up to [`ATTR_CACHE_WAYS`] types (see `vm::eval`).
    pub attr_cache: Vec<AttrCacheWays>,
}

/// What an attribute cache entry records (3.11's specialised `LOAD_ATTR_INSTANCE_VALUE`,
/// `STORE_ATTR_INSTANCE_VALUE` and `LOAD_METHOD_*` instructions keep the same facts).
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub enum AttrCacheKind {
    #[default]
    Empty,
    /// Instances of the type keep the attribute in their inline values at `index`.
    InstanceValue,
    /// The attribute is a method of the type, `value` (borrowed from the type's dict), and
    /// no instance of it can shadow it unless its class's shared keys grow past `index`
    /// names.
    Method,
}

/// How many types one name's attribute cache serves at once. 3.11's caches hold one
/// type and re-specialise when another comes; code that meets a few classes at one name
/// (a method called on the items of a mixed list, `self.x` in a base class's method) hits
/// for each of them here.
pub const ATTR_CACHE_WAYS: usize = 4;

/// The attribute cache entries of one name.
pub type AttrCacheWays = [std::cell::Cell<AttrCacheEntry>; ATTR_CACHE_WAYS];

/// A cached attribute lookup for instances of exactly one type, valid while the type
/// attribute generation (advanced by every change to any class) is unchanged.
#[derive(Clone, Copy, Default)]
pub struct AttrCacheEntry {
    pub kind: AttrCacheKind,
    pub index: u32,
    pub generation: u64,
    pub tp: usize,
    pub value: usize,
}

/// A cached global lookup: valid while the globals and builtins dicts (identified by
/// address and version tag) are unchanged. `value` is borrowed from whichever dict holds it.
#[derive(Clone, Copy, Default)]
pub struct GlobalCacheEntry {
    pub globals_version: u64,
    pub builtins_version: u64,
    pub globals: usize,
    pub builtins: usize,
    pub value: usize,
}

impl CodeData {
    /// The value of [`CodeData::exact_call_nargs`] for code with these properties.
    pub fn exact_call_nargs_of(
        argcount: u32,
        kwonlyargcount: u32,
        flags: u32,
        nlocals: usize,
        nfast: u32,
    ) -> u32 {
        let simple = kwonlyargcount == 0
            && flags & (CO_VARARGS | CO_VARKEYWORDS | CO_GENERATOR) == 0
            && nfast as usize == nlocals;
        if simple {
            argcount
        } else {
            u32::MAX
        }
    }
    pub fn nlocals(&self) -> usize {
        super::tuple::len(&self.varnames)
    }
    pub fn ncells(&self) -> usize {
        super::tuple::len(&self.cellvars)
    }
    pub fn nfrees(&self) -> usize {
        super::tuple::len(&self.freevars)
    }
    /// Whether a call with exactly `nargs` positional arguments (and no keywords) binds
    /// them to the parameters one to one: no defaults, `*args`, `**kwargs` or
    /// keyword-only parameters involved.
    #[inline]
    pub fn takes_exactly(&self, nargs: usize) -> bool {
        nargs == self.argcount as usize
            && self.kwonlyargcount == 0
            && self.flags & (CO_VARARGS | CO_VARKEYWORDS) == 0
    }

    /// Whether a frame of this code has cells or free variables to set up.
    #[inline]
    pub fn has_cells(&self) -> bool {
        self.nfast as usize != self.nlocals()
    }
}

#[repr(C)]
pub struct CodeObject {
    pub ob_base: PyObject,
    pub data: *mut CodeData,
    /// The weak references to this code object (`co_weakreflist`).
    pub weakreflist: *mut PyObject,
}

/// A code object for `data`, once its instructions pass [`validate`](crate::vm::opcode::validate).
pub fn new_code(data: CodeData) -> PyResult<Obj> {
    let nconsts = super::tuple::len(&data.consts);
    if let Err(why) = crate::vm::opcode::validate(&data.instrs, data.nfast as usize, nconsts) {
        return Err(super::exceptions::runtime_error(&format!(
            "internal error: invalid code for {}: {why}",
            super::str::as_str(&data.name)
        )));
    }
    // SAFETY: the runtime's code type is live.
    let p = unsafe { alloc_object(rt().types.code, std::mem::size_of::<CodeObject>()) }?;
    // SAFETY: fresh code object; the boxed data is owned by it until dealloc.
    unsafe {
        (*(p as *mut CodeObject)).data = Box::into_raw(Box::new(data));
        Ok(owned(p))
    }
}

/// The code object's data. Code objects are immutable after creation.
#[inline]
pub fn data(o: &Obj) -> &CodeData {
    // SAFETY: o is a code object; data lives until dealloc.
    unsafe { &*o.cast::<CodeObject>().data }
}

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: dead code object; we own the boxed data.
    unsafe {
        super::weakref::clear_weakrefs(p);
        let d = std::mem::replace(&mut (*(p as *mut CodeObject)).data, std::ptr::null_mut());
        if !d.is_null() {
            drop(Box::from_raw(d));
        }
        super::free_object(p);
    }
}

/// `code.__sizeof__` as CPython 3.11 computes it (`_PyObject_VAR_SIZE`): the fixed part
/// plus two bytes per code unit of its bytecode, rounded up to a multiple of 8.
pub fn sizeof(o: &Obj) -> usize {
    /// `PyCode_Type.tp_basicsize` on 64-bit 3.11.
    const CODE_BASIC_SIZE: usize = 184;
    const CODE_UNIT: usize = 2;
    let size = CODE_BASIC_SIZE + CODE_UNIT * data(o).code_units as usize;
    size.next_multiple_of(8)
}

pub fn repr(o: &Obj) -> PyResult<Obj> {
    let d = data(o);
    super::str::new_str(&format!(
        "<code object {} at {:#x}, file \"{}\", line {}>",
        super::str::as_str(&d.name),
        o.id(),
        super::str::as_str(&d.filename),
        d.firstlineno
    ))
}

pub fn getattro(o: &Obj, name: &Obj) -> PyResult<Obj> {
    let d = data(o);
    match &*super::str::as_str(name) {
        "co_consts" => Ok(d.consts.clone()),
        "co_names" => Ok(d.names.clone()),
        "co_varnames" => Ok(d.varnames.clone()),
        "co_cellvars" => Ok(d.cellvars.clone()),
        "co_freevars" => Ok(d.freevars.clone()),
        "co_filename" => Ok(d.filename.clone()),
        "co_name" => Ok(d.name.clone()),
        "co_qualname" => Ok(d.qualname.clone()),
        "co_argcount" => super::int::new_int(d.argcount as i64),
        "co_posonlyargcount" => super::int::new_int(d.posonlyargcount as i64),
        "co_kwonlyargcount" => super::int::new_int(d.kwonlyargcount as i64),
        "co_nlocals" => super::int::from_usize(d.nlocals()),
        "co_flags" => super::int::new_int(d.flags as i64),
        "co_firstlineno" => super::int::new_int(d.firstlineno as i64),
        _ => super::typeobject::generic_getattr(o, name),
    }
}
