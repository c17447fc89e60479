//! Start-up: builds the built-in types, the singletons and caches, and the `builtins` and
//! `sys` modules — the state `Py_Initialize` creates — and tears it all down at exit.

use crate::object::{Obj, PyObject};
use crate::objects::descr::MethodDef;
use crate::objects::typeobject::{alloc_type, blank_type};
use crate::objects::*;
use crate::runtime::{PyResult, Runtime, Types};
use crate::typeobj::*;
use std::cell::{Cell, RefCell, UnsafeCell};
use std::io::Write;

const GC: u64 = TPFLAGS_HAVE_GC;
const BASE: u64 = TPFLAGS_BASETYPE;

/// Creates the runtime. The caller installs it (`runtime::install`) before calling
/// [`populate`].
pub fn new_runtime(stdout: Box<dyn Write>, stderr: Box<dyn Write>) -> Box<Runtime> {
    Box::new(Runtime {
        types: Types::empty(),
        exc: crate::runtime::ExcTypes::empty(),
        none: std::ptr::null_mut(),
        true_: std::ptr::null_mut(),
        false_: std::ptr::null_mut(),
        not_implemented: std::ptr::null_mut(),
        ellipsis: std::ptr::null_mut(),
        small_ints: Vec::new(),
        empty_tuple: std::ptr::null_mut(),
        empty_str: std::ptr::null_mut(),
        empty_bytes: std::ptr::null_mut(),
        bytes_chars: Vec::new(),
        latin1_chars: Vec::new(),
        state: RefCell::new(crate::runtime_state::State::new(None, stdout, stderr)),
        freelists: UnsafeCell::new(crate::freelist::FreeLists::default()),
        gc: UnsafeCell::new(crate::gc::GcState::new()),
        recursion_depth: Cell::new(0),
        recursion_limit: Cell::new(1000),
        frame_buffers: UnsafeCell::new(Vec::new()),
        frame_pool: UnsafeCell::new(Vec::new()),
        static_name_cache: UnsafeCell::new([(0, 0); crate::runtime::STATIC_NAME_CACHE_SIZE]),
    })
}

struct Builder<'a> {
    rt: &'a mut Runtime,
    meta: *mut TypeObject,
}

impl Builder<'_> {
    #[allow(
        clippy::too_many_arguments,
        reason = "one argument per TypeObject field set at creation; a struct would only rename them"
    )]
    fn make(
        &mut self,
        name: &'static str,
        kind: Kind,
        basicsize: usize,
        flags: u64,
        dealloc: DeallocFn,
        base: *mut TypeObject,
        setup: impl FnOnce(&mut TypeObject),
    ) -> PyResult<*mut TypeObject> {
        let mut t = blank_type(name, kind, basicsize, flags, dealloc);
        t.base = base;
        if !base.is_null() {
            // SAFETY: base is a live type created earlier.
            let b = unsafe { &*base };
            t.tp_getattro = b.tp_getattro;
            t.tp_setattro = b.tp_setattro;
            t.tp_richcompare = b.tp_richcompare;
            t.tp_hash = b.tp_hash;
            t.tp_repr = b.tp_repr;
            t.tp_str = b.tp_str;
            t.tp_new = b.tp_new;
            t.weaklistoffset = b.weaklistoffset;
        }
        setup(&mut t);
        alloc_type(t, self.meta)
    }
}

/// Builds every built-in object. Must run with the runtime installed.
pub fn populate(rt: &mut Runtime) -> PyResult<()> {
    // `type` is its own type.
    let mut type_t = blank_type(
        "type",
        Kind::Type,
        typeobject::TYPE_OBJECT_SIZE,
        GC | BASE,
        typeobject::type_dealloc,
    );
    type_t.tp_call = Some(typeobject::type_call);
    type_t.tp_new = Some(typeobject::type_new);
    type_t.tp_getattro = Some(typeobject::type_getattro);
    type_t.tp_setattro = Some(typeobject::type_setattro);
    type_t.tp_repr = Some(typeobject::type_repr);
    type_t.tp_traverse = Some(typeobject::type_traverse);
    type_t.tp_clear = Some(typeobject::type_clear);
    type_t.tp_hash = Some(typeobject::object_hash);
    type_t.tp_richcompare = Some(typeobject::object_richcompare);
    type_t.weaklistoffset = std::mem::offset_of!(TypeObject, tp_weaklist);
    let type_p = alloc_type(type_t, std::ptr::null_mut())?;
    rt.types.type_ = type_p;
    let mut b = Builder { rt, meta: type_p };

    let object = b.make(
        "object",
        Kind::Object,
        16,
        BASE,
        free_object_dealloc,
        std::ptr::null_mut(),
        |t| {
            t.tp_new = Some(typeobject::object_new);
            t.tp_getattro = Some(typeobject::object_getattro);
            t.tp_setattro = Some(typeobject::generic_setattr);
            t.tp_richcompare = Some(typeobject::object_richcompare);
            t.tp_hash = Some(typeobject::object_hash);
        },
    )?;
    b.rt.types.object = object;
    // SAFETY: type_p is live; set its base now that object exists.
    unsafe { (*type_p).base = object };
    let o = object;

    macro_rules! ty {
        ($field:ident, $name:expr, $kind:expr, $size:expr, $flags:expr, $dealloc:expr, $base:expr, |$t:ident| $body:block) => {
            b.rt.types.$field = b.make($name, $kind, $size, $flags, $dealloc, $base, |$t| $body)?;
        };
    }

    ty!(
        none,
        "NoneType",
        Kind::NoneType,
        16,
        0,
        none::dealloc,
        o,
        |t| {
            t.tp_repr = Some(none::none_repr);
            t.tp_new = Some(none::none_new);
        }
    );
    ty!(
        not_implemented,
        "NotImplementedType",
        Kind::NotImplementedType,
        16,
        0,
        none::dealloc,
        o,
        |t| {
            t.tp_repr = Some(none::not_implemented_repr);
            t.tp_new = None;
        }
    );
    ty!(
        ellipsis,
        "ellipsis",
        Kind::Ellipsis,
        16,
        0,
        none::dealloc,
        o,
        |t| {
            t.tp_repr = Some(none::ellipsis_repr);
            t.tp_new = None;
        }
    );
    ty!(
        int,
        "int",
        Kind::Int,
        int::HEADER_SIZE,
        BASE,
        int::dealloc,
        o,
        |t| {
            t.itemsize = 4;
            t.tp_repr = Some(int::repr);
            t.tp_hash = Some(int::hash_slot);
            t.tp_richcompare = Some(int::richcompare);
            t.tp_new = Some(int::new);
            t.tp_sizeof = Some(int::sizeof);
        }
    );
    let int_t = b.rt.types.int;
    ty!(
        bool,
        "bool",
        Kind::Bool,
        int::HEADER_SIZE,
        0,
        int::dealloc,
        int_t,
        |t| {
            t.itemsize = 4;
            t.tp_repr = Some(int::bool_repr);
            t.tp_new = Some(int::bool_new);
            t.tp_sizeof = Some(int::sizeof);
        }
    );
    ty!(
        float,
        "float",
        Kind::Float,
        float::BASIC_SIZE,
        BASE,
        float::dealloc,
        o,
        |t| {
            t.tp_repr = Some(float::repr_slot);
            t.tp_hash = Some(float::hash_slot);
            t.tp_richcompare = Some(float::richcompare);
            t.tp_new = Some(float::new);
        }
    );
    ty!(
        str,
        "str",
        Kind::Str,
        str::ASCII_HEADER_SIZE,
        BASE,
        str::dealloc,
        o,
        |t| {
            t.tp_repr = Some(str::repr);
            t.tp_str = Some(str::str_slot);
            t.tp_hash = Some(str::hash_slot);
            t.tp_richcompare = Some(str::richcompare);
            t.tp_len = Some(str::len_slot);
            t.tp_getitem = Some(str::getitem);
            t.tp_contains = Some(str::contains);
            t.tp_iter = Some(str::iter);
            t.tp_new = Some(str::new);
            t.tp_sizeof = Some(str::sizeof);
        }
    );
    ty!(
        bytes,
        "bytes",
        Kind::Bytes,
        bytes::HEADER_SIZE,
        BASE,
        bytes::dealloc,
        o,
        |t| {
            t.itemsize = 1;
            t.tp_repr = Some(bytes::repr);
            t.tp_hash = Some(bytes::hash_slot);
            t.tp_richcompare = Some(bytes::richcompare);
            t.tp_len = Some(bytes::len_slot);
            t.tp_getitem = Some(bytes::getitem);
            t.tp_sizeof = Some(bytes::sizeof);
            t.tp_new = Some(bytes::new);
            t.tp_iter = Some(bytes::iter);
            t.tp_contains = Some(bytes::contains);
        }
    );
    ty!(
        complex,
        "complex",
        Kind::Complex,
        complex::BASIC_SIZE,
        BASE,
        complex::dealloc,
        o,
        |t| {
            t.tp_repr = Some(complex::repr_slot);
            t.tp_hash = Some(complex::hash_slot);
            t.tp_richcompare = Some(complex::richcompare);
            t.tp_getattro = Some(complex::getattro);
            t.tp_new = Some(complex::new);
        }
    );
    ty!(
        bytearray,
        "bytearray",
        Kind::ByteArray,
        bytearray::BASIC_SIZE,
        BASE,
        bytearray::dealloc,
        o,
        |t| {
            t.tp_repr = Some(bytearray::repr);
            t.tp_hash = None;
            t.tp_richcompare = Some(bytearray::richcompare);
            t.tp_len = Some(bytearray::len_slot);
            t.tp_getitem = Some(bytearray::getitem);
            t.tp_setitem = Some(bytearray::setitem);
            t.tp_contains = Some(bytearray::contains);
            t.tp_iter = Some(bytearray::iter);
            t.tp_new = Some(bytearray::new);
            t.tp_sizeof = Some(bytearray::sizeof);
        }
    );
    ty!(
        tuple,
        "tuple",
        Kind::Tuple,
        tuple::HEADER_SIZE,
        GC | BASE,
        tuple::dealloc,
        o,
        |t| {
            t.itemsize = 8;
            t.tp_repr = Some(tuple::repr);
            t.tp_hash = Some(tuple::hash_slot);
            t.tp_richcompare = Some(tuple::richcompare);
            t.tp_len = Some(tuple::len_slot);
            t.tp_getitem = Some(tuple::getitem);
            t.tp_contains = Some(tuple::contains);
            t.tp_iter = Some(tuple::iter);
            t.tp_new = Some(tuple::new);
            t.tp_traverse = Some(tuple::traverse);
            t.tp_sizeof = Some(tuple::sizeof);
        }
    );
    ty!(
        list,
        "list",
        Kind::List,
        list::BASIC_SIZE,
        GC | BASE,
        list::dealloc,
        o,
        |t| {
            t.tp_repr = Some(list::repr);
            t.tp_hash = None;
            t.tp_richcompare = Some(list::richcompare);
            t.tp_len = Some(list::len_slot);
            t.tp_getitem = Some(list::getitem);
            t.tp_setitem = Some(list::setitem);
            t.tp_contains = Some(list::contains);
            t.tp_iter = Some(list::iter);
            t.tp_new = Some(list::new);
            t.tp_traverse = Some(list::traverse);
            t.tp_clear = Some(list::clear);
            t.tp_sizeof = Some(list::sizeof);
        }
    );
    ty!(
        dict,
        "dict",
        Kind::Dict,
        dict::DICT_BASIC_SIZE,
        GC | BASE,
        dict::dealloc,
        o,
        |t| {
            t.tp_repr = Some(dict::repr);
            t.tp_hash = None;
            t.tp_richcompare = Some(dict::richcompare);
            t.tp_len = Some(dict::len_slot);
            t.tp_getitem = Some(dict::getitem);
            t.tp_setitem = Some(dict::setitem);
            t.tp_contains = Some(dict::contains);
            t.tp_iter = Some(dict::iter);
            t.tp_new = Some(dict::new);
            t.tp_traverse = Some(dict::traverse);
            t.tp_clear = Some(dict::clear_slot);
            t.tp_sizeof = Some(dict::sizeof);
        }
    );
    macro_rules! set_slots {
        ($t:ident) => {
            $t.tp_new = Some(set::new);
            $t.tp_repr = Some(set::repr);
            $t.tp_len = Some(set::len_slot);
            $t.tp_contains = Some(set::contains);
            $t.tp_iter = Some(set::iter);
            $t.tp_richcompare = Some(set::richcompare);
            $t.tp_traverse = Some(set::traverse);
            $t.tp_clear = Some(set::clear);
            $t.tp_sizeof = Some(set::sizeof);
            $t.weaklistoffset = set::WEAKLIST_OFFSET;
        };
    }
    ty!(
        set,
        "set",
        Kind::Set,
        set::BASIC_SIZE,
        GC | BASE,
        set::dealloc,
        o,
        |t| {
            set_slots!(t);
            t.tp_hash = None;
        }
    );
    ty!(
        frozenset,
        "frozenset",
        Kind::FrozenSet,
        set::BASIC_SIZE,
        GC | BASE,
        set::dealloc,
        o,
        |t| {
            set_slots!(t);
            t.tp_hash = Some(set::hash_slot);
        }
    );
    ty!(
        range,
        "range",
        Kind::Range,
        std::mem::size_of::<range::RangeObject>(),
        0,
        range::dealloc,
        o,
        |t| {
            t.tp_repr = Some(range::repr);
            t.tp_len = Some(range::len_slot);
            t.tp_getitem = Some(range::getitem);
            t.tp_contains = Some(range::contains);
            t.tp_iter = Some(range::iter);
            t.tp_new = Some(range::new);
            t.tp_richcompare = Some(range::richcompare);
            t.tp_hash = Some(range::hash_slot);
            t.tp_getattro = Some(range::getattro);
        }
    );
    ty!(
        slice,
        "slice",
        Kind::Slice,
        std::mem::size_of::<slice::SliceObject>(),
        GC,
        slice::dealloc,
        o,
        |t| {
            t.tp_traverse = Some(slice::traverse);
            t.tp_new = Some(slice::new);
            t.tp_hash = None;
            t.tp_repr = Some(slice::repr);
            t.tp_getattro = Some(slice::getattro);
            t.tp_setattro = Some(slice::setattro);
            t.tp_richcompare = Some(slice::richcompare);
        }
    );
    ty!(
        function,
        "function",
        Kind::Function,
        std::mem::size_of::<function::FunctionObject>(),
        GC,
        function::dealloc,
        o,
        |t| {
            t.tp_repr = Some(function::repr);
            t.tp_call = Some(crate::vm::function_call);
            t.tp_descr_get = Some(function::descr_get);
            t.tp_getattro = Some(function::getattro);
            t.tp_setattro = Some(function::setattro);
            t.tp_traverse = Some(function::traverse);
            t.tp_clear = Some(function::clear);
            t.tp_new = None;
            t.weaklistoffset = std::mem::offset_of!(function::FunctionObject, weakreflist);
        }
    );
    ty!(
        code,
        "code",
        Kind::Code,
        std::mem::size_of::<code::CodeObject>(),
        0,
        code::dealloc,
        o,
        |t| {
            t.tp_repr = Some(code::repr);
            t.tp_getattro = Some(code::getattro);
            t.weaklistoffset = std::mem::offset_of!(code::CodeObject, weakreflist);
            t.tp_sizeof = Some(code::sizeof);
            t.tp_new = None;
        }
    );
    ty!(
        cell,
        "cell",
        Kind::Cell,
        std::mem::size_of::<cell::CellObject>(),
        GC,
        cell::dealloc,
        o,
        |t| {
            t.tp_repr = Some(cell::repr);
            t.tp_getattro = Some(cell::getattro);
            t.tp_setattro = Some(cell::setattro);
            t.tp_richcompare = Some(cell::richcompare);
            t.tp_hash = None;
            t.tp_traverse = Some(cell::traverse);
            t.tp_clear = Some(cell::clear);
            t.tp_new = None;
        }
    );
    ty!(
        module,
        "module",
        Kind::Module,
        std::mem::size_of::<module::ModuleObject>(),
        GC | BASE,
        module::dealloc,
        o,
        |t| {
            t.tp_repr = Some(module::repr);
            t.tp_getattro = Some(module::getattro);
            t.tp_setattro = Some(module::setattro);
            t.tp_traverse = Some(module::traverse);
            t.tp_clear = Some(module::clear);
            t.tp_new = None;
            t.weaklistoffset = std::mem::offset_of!(module::ModuleObject, md_weaklist);
        }
    );
    ty!(
        builtin_function,
        "builtin_function_or_method",
        Kind::BuiltinFunction,
        std::mem::size_of::<descr::BuiltinFunction>(),
        GC,
        descr::dealloc_builtin,
        o,
        |t| {
            t.tp_repr = Some(descr::builtin_repr);
            t.tp_call = Some(descr::call_builtin);
            t.tp_getattro = Some(descr::builtin_getattro);
            t.tp_traverse = Some(descr::traverse_builtin);
            t.tp_new = None;
            t.weaklistoffset = std::mem::offset_of!(descr::BuiltinFunction, weakreflist);
        }
    );
    ty!(
        method_descriptor,
        "method_descriptor",
        Kind::MethodDescriptor,
        std::mem::size_of::<descr::MethodDescr>(),
        GC,
        descr::dealloc_method_descr,
        o,
        |t| {
            descr::set_descriptor_slots(t);
        }
    );
    ty!(
        wrapper_descriptor,
        "wrapper_descriptor",
        Kind::MethodDescriptor,
        std::mem::size_of::<descr::MethodDescr>(),
        GC,
        descr::dealloc_method_descr,
        o,
        |t| {
            descr::set_descriptor_slots(t);
        }
    );
    ty!(
        method_wrapper,
        "method-wrapper",
        Kind::MethodWrapper,
        std::mem::size_of::<descr::MethodWrapper>(),
        GC,
        descr::dealloc_method_wrapper,
        o,
        |t| {
            t.tp_repr = Some(descr::method_wrapper_repr);
            t.tp_call = Some(descr::call_method_wrapper);
            t.tp_getattro = Some(descr::method_wrapper_getattro);
            t.tp_richcompare = Some(descr::method_wrapper_richcompare);
            t.tp_hash = Some(descr::method_wrapper_hash);
            t.tp_traverse = Some(descr::traverse_method_wrapper);
            t.tp_new = None;
        }
    );
    ty!(
        bound_method,
        "method",
        Kind::BoundMethod,
        std::mem::size_of::<descr::BoundMethod>(),
        GC,
        descr::dealloc_bound_method,
        o,
        |t| {
            t.tp_repr = Some(descr::bound_method_repr);
            t.tp_call = Some(descr::call_bound_method);
            t.tp_getattro = Some(descr::bound_method_getattro);
            t.tp_traverse = Some(descr::traverse_bound_method);
            t.tp_new = Some(descr::bound_method_new);
            t.weaklistoffset = std::mem::offset_of!(descr::BoundMethod, im_weakreflist);
        }
    );
    ty!(
        staticmethod,
        "staticmethod",
        Kind::StaticMethod,
        std::mem::size_of::<member::WrapperObject>(),
        GC | BASE,
        member::dealloc_wrapper,
        o,
        |t| {
            t.tp_descr_get = Some(member::staticmethod_get);
            t.tp_traverse = Some(member::traverse_wrapper);
            t.tp_new = Some(member::wrapper_new);
            t.tp_call = Some(member::staticmethod_call);
            t.tp_getattro = Some(member::wrapper_getattro);
            t.tp_setattro = Some(member::wrapper_setattro);
            t.tp_repr = Some(member::wrapper_repr);
        }
    );
    ty!(
        classmethod,
        "classmethod",
        Kind::ClassMethod,
        std::mem::size_of::<member::WrapperObject>(),
        GC | BASE,
        member::dealloc_wrapper,
        o,
        |t| {
            t.tp_descr_get = Some(member::classmethod_get);
            t.tp_traverse = Some(member::traverse_wrapper);
            t.tp_new = Some(member::wrapper_new);
            t.tp_getattro = Some(member::wrapper_getattro);
            t.tp_setattro = Some(member::wrapper_setattro);
            t.tp_repr = Some(member::wrapper_repr);
        }
    );
    ty!(
        property,
        "property",
        Kind::Property,
        std::mem::size_of::<member::PropertyObject>(),
        GC | BASE,
        member::dealloc_property,
        o,
        |t| {
            t.tp_descr_get = Some(member::property_get);
            t.tp_descr_set = Some(member::property_set);
            t.tp_traverse = Some(member::traverse_property);
            t.tp_new = Some(member::property_new);
            t.tp_getattro = Some(member::property_getattro);
        }
    );
    ty!(
        member_descriptor,
        "member_descriptor",
        Kind::MemberDescriptor,
        std::mem::size_of::<member::MemberDescr>(),
        GC,
        member::dealloc_member,
        o,
        |t| {
            t.tp_descr_get = Some(member::member_get);
            t.tp_descr_set = Some(member::member_set);
            t.tp_new = None;
            t.tp_traverse = Some(member::traverse_member);
            t.tp_repr = Some(member::member_repr);
            t.tp_getattro = Some(member::member_getattro);
        }
    );
    ty!(
        getset_descriptor,
        "getset_descriptor",
        Kind::Object,
        std::mem::size_of::<member::GetSetDescr>(),
        GC,
        member::dealloc_getset,
        o,
        |t| {
            t.tp_descr_get = Some(member::getset_get);
            t.tp_descr_set = Some(member::getset_set);
            t.tp_traverse = Some(member::traverse_getset);
            t.tp_repr = Some(member::getset_repr);
            t.tp_getattro = Some(member::getset_getattro);
            t.tp_new = None;
        }
    );
    ty!(
        generator,
        "generator",
        Kind::Generator,
        std::mem::size_of::<generator::GenObject>(),
        GC,
        generator::dealloc,
        o,
        |t| {
            t.tp_repr = Some(generator::repr);
            t.tp_getattro = Some(generator::getattro);
            t.tp_iter = Some(iter::self_iter);
            t.tp_iternext = Some(generator::gen_next);
            t.tp_traverse = Some(generator::traverse);
            t.tp_sizeof = Some(generator::sizeof);
            t.tp_new = None;
            t.weaklistoffset = std::mem::offset_of!(generator::GenObject, weakreflist);
        }
    );
    ty!(
        traceback,
        "traceback",
        Kind::Traceback,
        std::mem::size_of::<frameobject::TracebackObject>(),
        GC,
        frameobject::dealloc_tb,
        o,
        |t| {
            t.tp_traverse = Some(frameobject::traverse_tb);
            t.tp_clear = Some(frameobject::clear_tb);
            t.tp_getattro = Some(frameobject::getattro_tb);
            t.tp_new = None;
        }
    );
    ty!(
        frame,
        "frame",
        Kind::Frame,
        std::mem::size_of::<frameobject::FrameObject>(),
        GC,
        frameobject::dealloc,
        o,
        |t| {
            t.tp_traverse = Some(frameobject::traverse);
            t.tp_clear = Some(frameobject::clear);
            t.tp_getattro = Some(frameobject::getattro);
            t.tp_repr = Some(frameobject::repr);
            t.tp_sizeof = Some(frameobject::sizeof);
            t.tp_new = None;
        }
    );
    ty!(
        super_,
        "super",
        Kind::Super,
        std::mem::size_of::<superobject::SuperObject>(),
        GC | BASE,
        superobject::dealloc,
        o,
        |t| {
            t.tp_new = Some(crate::modules::builtins::super_new);
            t.tp_getattro = Some(superobject::getattro);
            t.tp_repr = Some(superobject::repr);
            t.tp_traverse = Some(superobject::traverse);
        }
    );
    ty!(
        weakref,
        "weakref.ReferenceType",
        Kind::WeakRef,
        weakref::WEAKREF_SIZE,
        GC | BASE,
        weakref::dealloc,
        o,
        |t| { weakref::setup_ref_type(t) }
    );
    ty!(
        weakproxy,
        "weakref.ProxyType",
        Kind::WeakProxy,
        weakref::WEAKREF_SIZE,
        GC,
        weakref::dealloc,
        o,
        |t| { weakref::setup_proxy_type(t, false) }
    );
    ty!(
        weakcallableproxy,
        "weakref.CallableProxyType",
        Kind::WeakProxy,
        weakref::WEAKREF_SIZE,
        GC,
        weakref::dealloc,
        o,
        |t| { weakref::setup_proxy_type(t, true) }
    );
    ty!(
        mappingproxy,
        "mappingproxy",
        Kind::MappingProxy,
        std::mem::size_of::<crate::objects::mappingproxy::MappingProxyObject>(),
        GC,
        crate::objects::mappingproxy::dealloc,
        o,
        |t| {
            use crate::objects::mappingproxy as mp;
            t.tp_repr = Some(mp::repr);
            t.tp_getitem = Some(mp::getitem);
            t.tp_len = Some(mp::len);
            t.tp_contains = Some(mp::contains);
            t.tp_iter = Some(mp::iter);
            t.tp_richcompare = Some(mp::richcompare);
            // Comparing without hashing: unhashable, as in 3.11.
            t.tp_hash = None;
            t.tp_traverse = Some(mp::traverse);
            t.tp_new = None;
        }
    );
    let seq_iter_size = std::mem::size_of::<iter::SeqIterObject>();
    macro_rules! iter_ty {
        ($field:ident, $name:expr, $next:expr) => {
            ty!(
                $field,
                $name,
                Kind::Iterator,
                seq_iter_size,
                GC,
                iter::dealloc,
                o,
                |t| {
                    t.tp_iter = Some(iter::self_iter);
                    t.tp_iternext = Some($next);
                    t.tp_traverse = Some(iter::traverse);
                    t.tp_new = None;
                }
            );
        };
    }
    iter_ty!(list_iterator, "list_iterator", iter::list_next);
    iter_ty!(tuple_iterator, "tuple_iterator", iter::tuple_next);
    iter_ty!(str_iterator, "str_ascii_iterator", iter::str_next);
    macro_rules! dict_iter_ty {
        ($field:ident, $name:expr, $next:expr) => {
            ty!(
                $field,
                $name,
                Kind::Iterator,
                std::mem::size_of::<iter::DictIterObject>(),
                GC,
                iter::dict_iter_dealloc,
                o,
                |t| {
                    t.tp_iter = Some(iter::self_iter);
                    t.tp_iternext = Some($next);
                    t.tp_traverse = Some(iter::dict_iter_traverse);
                    t.tp_new = None;
                }
            );
        };
    }
    dict_iter_ty!(dict_keyiterator, "dict_keyiterator", iter::dict_key_next);
    dict_iter_ty!(
        dict_valueiterator,
        "dict_valueiterator",
        iter::dict_value_next
    );
    dict_iter_ty!(dict_itemiterator, "dict_itemiterator", iter::dict_item_next);
    dict_iter_ty!(
        dict_reversekeyiterator,
        "dict_reversekeyiterator",
        iter::dict_rev_key_next
    );
    dict_iter_ty!(
        dict_reversevalueiterator,
        "dict_reversevalueiterator",
        iter::dict_rev_value_next
    );
    dict_iter_ty!(
        dict_reverseitemiterator,
        "dict_reverseitemiterator",
        iter::dict_rev_item_next
    );
    iter_ty!(seq_iterator, "iterator", iter::seq_next);
    iter_ty!(bytes_iterator, "bytes_iterator", bytes::iter_next);
    iter_ty!(
        bytearray_iterator,
        "bytearray_iterator",
        bytearray::iter_next
    );
    ty!(
        set_iterator,
        "set_iterator",
        Kind::Iterator,
        std::mem::size_of::<set::SetIterObject>(),
        GC,
        set::iter_dealloc,
        o,
        |t| {
            t.tp_iter = Some(iter::self_iter);
            t.tp_iternext = Some(set::iter_next);
            t.tp_traverse = Some(set::iter_traverse);
            t.tp_new = None;
        }
    );
    ty!(
        range_iterator,
        "range_iterator",
        Kind::Iterator,
        std::mem::size_of::<range::RangeIterObject>(),
        0,
        range::dealloc_iter,
        o,
        |t| {
            t.tp_iter = Some(iter::self_iter);
            t.tp_iternext = Some(range::iter_next);
            t.tp_new = None;
        }
    );
    macro_rules! view_ty {
        ($field:ident, $name:expr) => {
            ty!(
                $field,
                $name,
                Kind::Iterator,
                std::mem::size_of::<dict::DictViewObject>(),
                GC,
                dict::view_dealloc,
                o,
                |t| {
                    t.tp_iter = Some(dict::view_iter);
                    t.tp_len = Some(dict::view_len);
                    t.tp_repr = Some(dict::view_repr);
                    t.tp_contains = Some(dict::view_contains);
                    t.tp_traverse = Some(dict::view_traverse);
                    t.tp_new = None;
                }
            );
        };
    }
    view_ty!(dict_keys, "dict_keys");
    view_ty!(dict_values, "dict_values");
    view_ty!(dict_items, "dict_items");
    // The key and item views compare as sets, so they are unhashable; the values view
    // keeps `object`'s hash.
    for t in [b.rt.types.dict_keys, b.rt.types.dict_items] {
        // SAFETY: the view types were just made and are live static types.
        unsafe { (*t).tp_hash = None };
    }
    macro_rules! iter2_ty {
        ($field:ident, $name:expr, $layout:ty, $dealloc:expr, $traverse:expr, $next:expr, $new:expr) => {
            ty!(
                $field,
                $name,
                Kind::Iterator,
                std::mem::size_of::<$layout>(),
                GC | BASE,
                $dealloc,
                o,
                |t| {
                    t.tp_iter = Some(iter::self_iter);
                    t.tp_iternext = Some($next);
                    t.tp_traverse = Some($traverse);
                    t.tp_new = Some($new);
                }
            );
        };
    }
    use builtin_iters as bi;
    iter2_ty!(
        enumerate,
        "enumerate",
        bi::EnumObject,
        bi::enum_dealloc,
        bi::enum_traverse,
        bi::enumerate_next,
        bi::enumerate_new
    );
    iter2_ty!(
        zip,
        "zip",
        bi::ZipObject,
        bi::zip_dealloc,
        bi::zip_traverse,
        bi::zip_next,
        bi::zip_new
    );
    iter2_ty!(
        map,
        "map",
        bi::IterState,
        bi::dealloc,
        bi::traverse,
        bi::map_next,
        bi::map_new
    );
    iter2_ty!(
        filter,
        "filter",
        bi::IterState,
        bi::dealloc,
        bi::traverse,
        bi::filter_next,
        bi::filter_new
    );
    iter2_ty!(
        reversed,
        "reversed",
        bi::ReversedObject,
        bi::reversed_dealloc,
        bi::reversed_traverse,
        bi::reversed_next,
        bi::reversed_new
    );
    // `reversed(list)` is CPython's list_reverseiterator: the same layout and walk as
    // `reversed`, under its own name, and not constructible from Python.
    ty!(
        list_reverseiterator,
        "list_reverseiterator",
        Kind::Iterator,
        std::mem::size_of::<bi::ReversedObject>(),
        GC,
        bi::reversed_dealloc,
        o,
        |t| {
            t.tp_iter = Some(iter::self_iter);
            t.tp_iternext = Some(bi::reversed_next);
            t.tp_traverse = Some(bi::reversed_traverse);
            t.tp_new = None;
        }
    );
    iter2_ty!(
        callable_iterator,
        "callable_iterator",
        bi::IterState,
        bi::dealloc,
        bi::traverse,
        bi::callable_next,
        bi::no_new
    );
    let rt: &mut Runtime = b.rt;

    // Exceptions.
    let mut by_name: Vec<(&'static str, *mut TypeObject)> = Vec::new();
    for (name, base_name) in exceptions::HIERARCHY {
        let base = by_name
            .iter()
            .find(|(n, _)| n == base_name)
            .map(|(_, t)| *t)
            .unwrap_or(object);
        let mut b = Builder { rt, meta: type_p };
        let t = b.make(
            name,
            Kind::Exception,
            exceptions::BASIC_SIZE,
            GC | BASE,
            exceptions::dealloc,
            base,
            |t| {
                t.tp_new = Some(exceptions::exception_new);
                t.tp_repr = Some(exceptions::exception_repr);
                t.tp_str = Some(exceptions::exception_str);
                t.tp_getattro = Some(exceptions::getattro);
                t.tp_setattro = Some(exceptions::setattro);
                t.tp_traverse = Some(exceptions::traverse);
                t.tp_clear = Some(exceptions::clear);
            },
        )?;
        by_name.push((name, t));
    }
    let find = |n: &str| {
        by_name
            .iter()
            .find(|(x, _)| *x == n)
            .map(|(_, t)| *t)
            .unwrap_or(std::ptr::null_mut())
    };
    let e = &mut rt.exc;
    e.base_exception = find("BaseException");
    e.exception = find("Exception");
    e.type_error = find("TypeError");
    e.value_error = find("ValueError");
    e.name_error = find("NameError");
    e.unbound_local_error = find("UnboundLocalError");
    e.attribute_error = find("AttributeError");
    e.lookup_error = find("LookupError");
    e.key_error = find("KeyError");
    e.index_error = find("IndexError");
    e.arithmetic_error = find("ArithmeticError");
    e.zero_division_error = find("ZeroDivisionError");
    e.overflow_error = find("OverflowError");
    e.runtime_error = find("RuntimeError");
    e.recursion_error = find("RecursionError");
    e.not_implemented_error = find("NotImplementedError");
    e.stop_iteration = find("StopIteration");
    e.generator_exit = find("GeneratorExit");
    e.keyboard_interrupt = find("KeyboardInterrupt");
    e.system_exit = find("SystemExit");
    e.assertion_error = find("AssertionError");
    e.import_error = find("ImportError");
    e.module_not_found_error = find("ModuleNotFoundError");
    e.memory_error = find("MemoryError");
    e.syntax_error = find("SyntaxError");
    e.indentation_error = find("IndentationError");
    e.unicode_error = find("UnicodeError");
    e.unicode_decode_error = find("UnicodeDecodeError");
    e.unicode_encode_error = find("UnicodeEncodeError");
    e.os_error = find("OSError");
    e.eof_error = find("EOFError");
    e.warning = find("Warning");
    e.user_warning = find("UserWarning");
    e.deprecation_warning = find("DeprecationWarning");
    e.runtime_warning = find("RuntimeWarning");
    e.stop_async_iteration = find("StopAsyncIteration");
    e.buffer_error = find("BufferError");
    e.file_not_found_error = find("FileNotFoundError");
    e.reference_error = find("ReferenceError");

    // Singletons.
    let single = |t: *mut TypeObject| -> PyResult<*mut PyObject> {
        // SAFETY: called only with the singleton types created above, which are live and
        // have their flags set.
        unsafe { alloc_object(t, 16) }
    };
    rt.none = single(rt.types.none)?;
    rt.not_implemented = single(rt.types.not_implemented)?;
    rt.ellipsis = single(rt.types.ellipsis)?;
    rt.false_ = int::new_uncached(rt.types.bool, 0)?.into_raw();
    rt.true_ = int::new_uncached(rt.types.bool, 1)?.into_raw();
    rt.small_ints = int::make_small_ints(rt.types.int)?;
    rt.empty_tuple = tuple::make_empty()?;
    let (empty, chars) = str::make_singletons()?;
    rt.empty_str = empty;
    rt.latin1_chars = chars;
    rt.empty_bytes = bytes::new_bytes_uncached(b"")?.into_raw();
    rt.bytes_chars = bytes::make_chars()?;
    let interned = dict::new_dict()?;
    rt.state.borrow_mut().interned = Some(interned);
    // Static objects start at CPython 3.11's _PyObject_IMMORTAL_INIT count.
    let statics: Vec<*mut PyObject> = rt
        .small_ints
        .iter()
        .chain(rt.latin1_chars.iter())
        .chain(rt.bytes_chars.iter())
        .copied()
        .chain([rt.empty_tuple, rt.empty_str, rt.empty_bytes])
        .collect();
    for p in statics {
        // SAFETY: the runtime's static singletons are live.
        unsafe { (*p).ob_refcnt = IMMORTAL_REFCNT };
    }
    intern_identifier_chars()?;

    // Type dicts, bases and MROs.
    let all: Vec<*mut TypeObject> = rt
        .types
        .all()
        .into_iter()
        .chain(by_name.iter().map(|(_, t)| *t))
        .chain([type_p])
        .collect();
    for &t in all.iter().filter(|t| !t.is_null()) {
        finish_type(t, methods_for(rt, t))?;
    }
    // SAFETY: MemoryError was created and finished above; it is a live exception type.
    let memory_error = unsafe { exceptions::new_exception(rt.exc.memory_error, vec![]) }?;
    rt.state.borrow_mut().memory_error = Some(memory_error);
    crate::modules::init_modules(&by_name)?;
    Ok(())
}

/// `_PyObject_IMMORTAL_INIT`'s reference count for CPython 3.11's static objects.
pub const IMMORTAL_REFCNT: isize = 999_999_999;

/// One-character names that CPython 3.11 has already interned, as objects of their own,
/// before a program starts (its static `_Py_ID` identifiers and names of start-up code).
/// A literal `'e'` in a program is that interned object, not the `chr(101)` singleton;
/// `'Z'` is the singleton. Measured with python3 3.11.7: the characters `c` for which
/// `compile("x = %r" % c, ...)` binds an object other than `chr(ord(c))`.
const PREINTERNED_CHARS: &str = "BCLST_abcdefhijklmnopqrstvwxy";

fn intern_identifier_chars() -> PyResult<()> {
    for c in PREINTERNED_CHARS.chars() {
        let mut buf = [0u8; 4];
        let s = str::new_uncached(c.encode_utf8(&mut buf))?;
        let s = str::intern(s)?;
        // SAFETY: static identifiers are immortal in CPython 3.11; keep this one alive
        // for the runtime's lifetime with the same count.
        unsafe { (*s.as_ptr()).ob_refcnt = IMMORTAL_REFCNT };
        std::mem::forget(s);
    }
    Ok(())
}

/// The method table of a built-in type.
fn methods_for(rt: &Runtime, t: *mut TypeObject) -> &'static [MethodDef] {
    let ty = &rt.types;
    if t == ty.list {
        list::METHODS
    } else if t == ty.dict {
        dict::METHODS
    } else if t == ty.set {
        set::METHODS
    } else if t == ty.frozenset {
        set::FROZENSET_METHODS
    } else if t == ty.tuple {
        tuple::METHODS
    } else if t == ty.str {
        crate::objects::str_methods::METHODS
    } else if t == ty.int {
        crate::objects::int_methods::METHODS
    } else if t == ty.float {
        crate::objects::int_methods::FLOAT_METHODS
    } else if t == ty.object {
        crate::objects::object_methods::METHODS
    } else if t == ty.type_ {
        crate::objects::object_methods::TYPE_METHODS
    } else if t == ty.generator {
        generator::METHODS
    } else if t == ty.weakref {
        weakref::REF_METHODS
    } else if t == ty.dict_keyiterator
        || t == ty.dict_valueiterator
        || t == ty.dict_itemiterator
        || t == ty.dict_reversekeyiterator
        || t == ty.dict_reversevalueiterator
        || t == ty.dict_reverseitemiterator
    {
        iter::DICT_ITER_METHODS
    } else if t == ty.dict_keys || t == ty.dict_values || t == ty.dict_items {
        dict::VIEW_METHODS
    } else if t == ty.bytes {
        bytes::METHODS
    } else if t == ty.complex {
        complex::METHODS
    } else if t == ty.bytearray {
        bytearray::METHODS
    } else if t == ty.range {
        range::METHODS
    } else if t == ty.range_iterator {
        range::ITER_METHODS
    } else if t == ty.slice {
        slice::METHODS
    } else if t == ty.mappingproxy {
        crate::objects::mappingproxy::METHODS
    } else if t == ty.property {
        member::PROPERTY_METHODS
    } else if t == ty.staticmethod || t == ty.classmethod {
        member::WRAPPER_METHODS
    } else if t == ty.getset_descriptor || t == ty.member_descriptor {
        member::DESCR_METHODS
    } else if t == rt.exc.base_exception {
        exceptions::METHODS
    } else {
        &[]
    }
}

/// The built-in exceptions that take `__new__` from their base (CPython 3.11's
/// `ComplexExtendsException`s with no constructor of their own, and their subclasses).
const EXCEPTIONS_WITHOUT_NEW: &[&str] = &[
    "SystemExit",
    "AttributeError",
    "ImportError",
    "NameError",
    "StopIteration",
    "SyntaxError",
    "BlockingIOError",
    "ChildProcessError",
    "ConnectionError",
    "FileExistsError",
    "FileNotFoundError",
    "InterruptedError",
    "IsADirectoryError",
    "NotADirectoryError",
    "PermissionError",
    "ProcessLookupError",
    "TimeoutError",
    "IndentationError",
    "KeyError",
    "ModuleNotFoundError",
    "UnboundLocalError",
    "BrokenPipeError",
    "ConnectionAbortedError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "TabError",
    "ExceptionGroup",
];

pub(crate) fn finish_type(t: *mut TypeObject, methods: &'static [MethodDef]) -> PyResult<()> {
    let d = dict::new_dict()?;
    for m in methods {
        let attr = if m.static_method {
            static_method_attr(t, m)?
        } else {
            descr::new_method_descr(t, m)?
        };
        dict::set_item(&d, &str::intern_str(m.name)?, &attr)?;
    }
    // A type with a constructor of its own has its own `__new__` (`add_tp_new_wrapper`),
    // which checks the class it is given; each built-in exception sets its own.
    // SAFETY: t is a live type being finished.
    let (tp_new, base) = unsafe { ((*t).tp_new, (*t).base) };
    if let Some(new) = tp_new {
        let r = crate::runtime::rt();
        // SAFETY: the base is null or a live static type.
        let inherited = unsafe { base.as_ref() }.and_then(|b| b.tp_new);
        let exceptions = r.exc.base_exception;
        // SAFETY: t and the exception base (when made) are live types.
        let is_exception = !exceptions.is_null()
            && unsafe { (*t).is_subtype(exceptions) }
            && !EXCEPTIONS_WITHOUT_NEW.contains(&unsafe { (*t).name() });
        let own = inherited.is_none_or(|g| !std::ptr::fn_addr_eq(new, g))
            || base == r.types.object
            || is_exception;
        let is_object_new =
            std::ptr::fn_addr_eq(new, typeobject::object_new as crate::typeobj::NewFn);
        let name = str::intern_str("__new__")?;
        if own && !is_object_new && dict::get_item(&d, &name)?.is_none() {
            let wrapper = &crate::objects::object_methods::TP_NEW_WRAPPER;
            dict::set_item(&d, &name, &static_method_attr(t, wrapper)?)?;
        }
    }
    // SAFETY: t is a live type being finished.
    for m in crate::objects::slot_wrappers::wrappers_for(unsafe { &*t }) {
        let name = str::intern_str(m.name)?;
        if dict::get_item(&d, &name)?.is_none() {
            dict::set_item(&d, &name, &descr::new_method_descr(t, m)?)?;
        }
    }
    // An unhashable built-in type says so in its dict (`__hash__` is None), as CPython's
    // `add_operators` records `PyObject_HashNotImplemented`.
    // SAFETY: t is a live type being finished.
    if unsafe { (*t).tp_hash.is_none() } {
        let name = str::intern_str("__hash__")?;
        if dict::get_item(&d, &name)?.is_none() {
            dict::set_item(&d, &name, &crate::runtime::rt().none())?;
        }
    }
    crate::objects::dict::mark_type_dict(&d);
    // SAFETY: t is a live type being finished; its fields take new references.
    unsafe {
        (*t).dict = d.into_raw();
        let mut mro = vec![crate::runtime::type_ref(t)];
        let mut base = (*t).base;
        while !base.is_null() {
            mro.push(crate::runtime::type_ref(base));
            base = (*base).base;
        }
        let bases = if (*t).base.is_null() {
            vec![]
        } else {
            vec![crate::runtime::type_ref((*t).base)]
        };
        (*t).bases = tuple::new_tuple(bases)?.into_raw();
        (*t).mro = tuple::new_tuple(mro)?.into_raw();
        if !(*t).base.is_null() {
            crate::object::incref((*t).base as *mut PyObject);
        }
    }
    Ok(())
}

/// A static method of a built-in type as CPython stores it: a built-in function bound to
/// the type (`<built-in method maketrans of type object at ...>`), wrapped in a
/// `staticmethod` — except `__new__`, which `add_tp_new_wrapper` stores bare (a built-in
/// function is no descriptor, so `object.__new__` is that same object).
fn static_method_attr(t: *mut TypeObject, m: &'static MethodDef) -> PyResult<Obj> {
    let f = descr::new_builtin(m, Some(&crate::runtime::type_ref(t)))?;
    if m.name == "__new__" {
        Ok(f)
    } else {
        member::new_staticmethod(&f)
    }
}

/// `tp_dealloc` of `object` and other field-less layouts.
///
/// # Safety
/// Refcount reached zero.
pub unsafe fn free_object_dealloc(p: *mut PyObject) {
    // SAFETY: no fields to release.
    unsafe { free_object(p) }
}

/// Holds the runtime's own references so teardown can release them in order.
pub fn teardown(rt: &mut Runtime) {
    // Modules first: their dicts hold most of the program's objects.
    let (modules, builtins) = {
        let mut s = rt.state.borrow_mut();
        (s.modules.take(), s.builtins.take())
    };
    if let Some(m) = &modules {
        for (_, module) in dict::items(m) {
            let d = module::dict(&module);
            dict::clear(&d);
        }
        dict::clear(m);
    }
    if let Some(b) = &builtins {
        dict::clear(b);
    }
    drop(modules);
    drop(builtins);
    let _ = Obj::clone;
}
