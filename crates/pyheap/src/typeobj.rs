//! Type objects: the slot table every object's behaviour is dispatched through.
//!
//! As in CPython, a type is itself an object whose fields are function pointers ("slots")
//! for the operations the type implements, plus its name, base, MRO and attribute dict.
//! Built-in types are made once per interpreter at start-up; classes made by a `class`
//! statement are heap types (`Py_TPFLAGS_HEAPTYPE`), refcounted by their instances, and
//! their slots forward to the dunder methods found along the MRO.
//!
//! [`Kind`] names the built-in layout an object has (a subclass of `list` has kind
//! `List`), so hot paths test one byte rather than walk the MRO.

use crate::object::{Obj, PyObject, PyVarObject};
use crate::runtime::PyResult;

/// The built-in layout of an object. Subclasses inherit their base's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Object,
    Type,
    NoneType,
    NotImplementedType,
    Ellipsis,
    Bool,
    Int,
    Float,
    Complex,
    Str,
    Bytes,
    ByteArray,
    Tuple,
    List,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    Function,
    Code,
    Cell,
    Module,
    BuiltinFunction,
    MethodDescriptor,
    /// A slot wrapper bound to an object (`[].__len__`, CPython's `method-wrapper`).
    MethodWrapper,
    BoundMethod,
    StaticMethod,
    ClassMethod,
    Property,
    MemberDescriptor,
    Exception,
    Iterator,
    Generator,
    Traceback,
    Frame,
    Super,
    /// `weakref.ref` and its subclasses.
    WeakRef,
    /// `weakref.ProxyType` and `weakref.CallableProxyType`.
    WeakProxy,
    /// A class's `__dict__` view.
    MappingProxy,
}

pub const TPFLAGS_HEAPTYPE: u64 = 1 << 9;
pub const TPFLAGS_BASETYPE: u64 = 1 << 10;
pub const TPFLAGS_HAVE_GC: u64 = 1 << 14;
/// The class has abstract methods (a non-empty `__abstractmethods__`): `object.__new__`
/// refuses to instantiate it.
pub const TPFLAGS_IS_ABSTRACT: u64 = 1 << 20;
/// pyheap's own: the class or a base defines a `__class__` attribute (a property), so
/// `isinstance` must ask an instance for its `__class__`.
pub const TPFLAGS_DEFINES_CLASS: u64 = 1 << 62;
/// Instances keep their `__dict__` pointer in the pre-header (3.11).
pub const TPFLAGS_MANAGED_DICT: u64 = 1 << 4;

/// Size of the GC header (`PyGC_Head`).
pub const GC_HEADER_SIZE: usize = 16;
/// Size of the managed-dict pre-header (dict pointer and values pointer).
pub const MANAGED_DICT_HEADER_SIZE: usize = 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    Lt,
    Le,
    Eq,
    Ne,
    Gt,
    Ge,
}

impl CompareOp {
    pub fn swapped(self) -> CompareOp {
        match self {
            CompareOp::Lt => CompareOp::Gt,
            CompareOp::Le => CompareOp::Ge,
            CompareOp::Eq => CompareOp::Eq,
            CompareOp::Ne => CompareOp::Ne,
            CompareOp::Gt => CompareOp::Lt,
            CompareOp::Ge => CompareOp::Le,
        }
    }
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Eq => "==",
            CompareOp::Ne => "!=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }
    pub fn dunder(self) -> &'static str {
        match self {
            CompareOp::Lt => "__lt__",
            CompareOp::Le => "__le__",
            CompareOp::Eq => "__eq__",
            CompareOp::Ne => "__ne__",
            CompareOp::Gt => "__gt__",
            CompareOp::Ge => "__ge__",
        }
    }
}

pub type DeallocFn = unsafe fn(*mut PyObject);
pub type UnaryFn = fn(&Obj) -> PyResult<Obj>;
pub type HashFn = fn(&Obj) -> PyResult<isize>;
pub type RichCompareFn = fn(&Obj, &Obj, CompareOp) -> PyResult<Obj>;
pub type GetAttrFn = fn(&Obj, &Obj) -> PyResult<Obj>;
pub type SetAttrFn = fn(&Obj, &Obj, Option<&Obj>) -> PyResult<()>;
/// Vectorcall convention: positional arguments followed by keyword values, whose names are
/// in the `kwnames` tuple.
pub type CallFn = fn(&Obj, &[Obj], Option<&Obj>) -> PyResult<Obj>;
pub type IterNextFn = fn(&Obj) -> PyResult<Option<Obj>>;
pub type LenFn = fn(&Obj) -> PyResult<usize>;
pub type GetItemFn = fn(&Obj, &Obj) -> PyResult<Obj>;
pub type SetItemFn = fn(&Obj, &Obj, Option<&Obj>) -> PyResult<()>;
pub type ContainsFn = fn(&Obj, &Obj) -> PyResult<bool>;
pub type DescrGetFn = fn(&Obj, Option<&Obj>, &Obj) -> PyResult<Obj>;
pub type DescrSetFn = fn(&Obj, &Obj, Option<&Obj>) -> PyResult<()>;
/// `tp_new`: called with the type object.
pub type NewFn = fn(&Obj, &[Obj], Option<&Obj>) -> PyResult<Obj>;
/// `tp_traverse`: calls the visitor with every object the container references.
pub type TraverseFn = unsafe fn(*mut PyObject, &mut dyn FnMut(*mut PyObject));
/// `tp_clear`: drops the container's references (breaks cycles).
pub type ClearFn = unsafe fn(*mut PyObject);
pub type SizeofFn = fn(&Obj) -> usize;

/// `PyTypeObject`.
#[repr(C)]
pub struct TypeObject {
    pub ob_base: PyVarObject,
    /// Name of a built-in type (`tp_name`); heap types use `ht_name`.
    pub tp_name: &'static str,
    /// `__name__` of a heap type (a str), or null.
    pub ht_name: *mut PyObject,
    pub ht_qualname: *mut PyObject,
    pub basicsize: usize,
    pub itemsize: usize,
    pub flags: u64,
    pub kind: Kind,
    /// `__base__` (strong reference), null only for `object`.
    pub base: *mut TypeObject,
    /// `__bases__` tuple.
    pub bases: *mut PyObject,
    /// `__mro__` tuple.
    pub mro: *mut PyObject,
    /// The type's attribute dict.
    pub dict: *mut PyObject,
    /// `__module__` for reprs of heap types (a str), or null.
    pub module: *mut PyObject,
    pub tp_dealloc: DeallocFn,
    pub tp_repr: Option<UnaryFn>,
    pub tp_str: Option<UnaryFn>,
    pub tp_hash: Option<HashFn>,
    pub tp_richcompare: Option<RichCompareFn>,
    pub tp_getattro: Option<GetAttrFn>,
    pub tp_setattro: Option<SetAttrFn>,
    pub tp_call: Option<CallFn>,
    pub tp_iter: Option<UnaryFn>,
    pub tp_iternext: Option<IterNextFn>,
    pub tp_len: Option<LenFn>,
    pub tp_getitem: Option<GetItemFn>,
    pub tp_setitem: Option<SetItemFn>,
    pub tp_contains: Option<ContainsFn>,
    pub tp_descr_get: Option<DescrGetFn>,
    pub tp_descr_set: Option<DescrSetFn>,
    pub tp_new: Option<NewFn>,
    pub tp_traverse: Option<TraverseFn>,
    pub tp_clear: Option<ClearFn>,
    pub tp_sizeof: Option<SizeofFn>,
    /// Number of `__slots__` member slots, this class's and its bases'.
    pub slot_count: usize,
    /// Offset of this class's own `__slots__` (contiguous, `slot_count - base's` of them).
    pub slots_offset: usize,
    /// Offset of the `__weakref__` slot, or 0.
    pub weaklistoffset: usize,
    /// The weak references to this type object (`tp_weaklist`).
    pub tp_weaklist: *mut PyObject,
    /// Whether the class (or a base) defines `__del__`.
    pub has_finalizer: bool,
    /// Attribute names shared by instances (inline values), or null.
    pub cached_keys: *mut crate::objects::instance_values::SharedKeys,
}

impl TypeObject {
    /// The short name (`__name__`).
    pub fn name(&self) -> &str {
        if self.ht_name.is_null() {
            self.tp_name.rsplit('.').next().unwrap_or(self.tp_name)
        } else {
            // SAFETY: ht_name is a live str owned by the type.
            unsafe { crate::objects::str::raw_as_str(self.ht_name) }
        }
    }

    /// The name with module for built-ins (`tp_name`), used by some messages.
    pub fn full_name(&self) -> &str {
        if self.ht_name.is_null() {
            self.tp_name
        } else {
            self.name()
        }
    }

    #[inline]
    pub fn is_gc(&self) -> bool {
        self.flags & TPFLAGS_HAVE_GC != 0
    }

    #[inline]
    pub fn is_heap(&self) -> bool {
        self.flags & TPFLAGS_HEAPTYPE != 0
    }

    #[inline]
    pub fn has_managed_dict(&self) -> bool {
        self.flags & TPFLAGS_MANAGED_DICT != 0
    }

    /// Bytes before the object pointer (`_PyType_PreHeaderSize`).
    #[inline]
    pub fn preheader_size(&self) -> usize {
        (if self.is_gc() { GC_HEADER_SIZE } else { 0 })
            + if self.has_managed_dict() {
                MANAGED_DICT_HEADER_SIZE
            } else {
                0
            }
    }

    /// Whether `self` is `other` or a subclass of it (walks the MRO).
    pub fn is_subtype(&self, other: *const TypeObject) -> bool {
        if std::ptr::eq(self, other) {
            return true;
        }
        if self.mro.is_null() {
            let mut t = self.base;
            while !t.is_null() {
                if std::ptr::eq(t, other) {
                    return true;
                }
                // SAFETY: bases are live types owned by their subclasses.
                t = unsafe { (*t).base };
            }
            return false;
        }
        // SAFETY: mro is a live tuple of live types.
        let mro = unsafe { crate::objects::tuple::raw_items(self.mro) };
        mro.iter()
            .any(|&t| std::ptr::eq(t as *const TypeObject, other))
    }
}
