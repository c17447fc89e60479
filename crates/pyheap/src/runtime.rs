//! Interpreter-wide state: the built-in types, the singletons and caches, and the error type.
//!
//! One [`Runtime`] exists per running interpreter and is reachable from any code on its
//! thread through [`rt()`], as CPython reaches its `_PyRuntime` and interpreter state.

use crate::object::{Obj, PyObject};
use crate::typeobj::TypeObject;
use std::cell::Cell;

/// A raised Python exception: the exception instance.
pub struct PyErr(pub Obj);

impl std::fmt::Debug for PyErr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PyErr({})", self.0.typ().name())
    }
}

pub type PyResult<T> = Result<T, PyErr>;

thread_local! {
    static RUNTIME: Cell<*const Runtime> = const { Cell::new(std::ptr::null()) };
}

/// The runtime of the interpreter running on this thread.
#[inline]
pub fn rt() -> &'static Runtime {
    let p = RUNTIME.with(|r| r.get());
    debug_assert!(!p.is_null(), "no runtime installed");
    // SAFETY: `install` sets the pointer for the lifetime of the interpreter run and
    // clears it before the Runtime is dropped; everything on this thread that calls rt()
    // runs inside that window.
    unsafe { &*p }
}

/// Makes `runtime` this thread's runtime until the returned guard is dropped.
pub(crate) fn install(runtime: *const Runtime) -> RuntimeGuard {
    let previous = RUNTIME.with(|r| r.replace(runtime));
    RuntimeGuard { previous }
}

pub(crate) struct RuntimeGuard {
    previous: *const Runtime,
}

impl Drop for RuntimeGuard {
    fn drop(&mut self) {
        RUNTIME.with(|r| r.set(self.previous));
    }
}

macro_rules! type_table {
    ($name:ident { $($field:ident),* $(,)? }) => {
        /// Pointers to the built-in types, owned by the runtime.
        pub struct $name {
            $(pub $field: *mut TypeObject,)*
        }
        impl $name {
            pub(crate) fn empty() -> $name {
                $name { $($field: std::ptr::null_mut(),)* }
            }
            // Only `Types::all` is used (init.rs, to finish every built-in type); `ExcTypes`
            // gets an unused copy from this shared macro.
            #[allow(dead_code)]
            pub(crate) fn all(&self) -> Vec<*mut TypeObject> {
                vec![$(self.$field,)*]
            }
        }
    };
}

type_table!(Types {
    object,
    type_,
    none,
    not_implemented,
    ellipsis,
    bool,
    int,
    float,
    str,
    bytes,
    tuple,
    list,
    dict,
    set,
    frozenset,
    range,
    slice,
    function,
    code,
    cell,
    module,
    builtin_function,
    method_descriptor,
    wrapper_descriptor,
    method_wrapper,
    bound_method,
    staticmethod,
    classmethod,
    property,
    member_descriptor,
    generator,
    traceback,
    frame,
    super_,
    list_iterator,
    tuple_iterator,
    str_iterator,
    range_iterator,
    dict_keyiterator,
    dict_valueiterator,
    dict_itemiterator,
    dict_reversekeyiterator,
    dict_reversevalueiterator,
    dict_reverseitemiterator,
    set_iterator,
    dict_keys,
    dict_values,
    dict_items,
    enumerate,
    zip,
    map,
    filter,
    reversed,
    list_reverseiterator,
    seq_iterator,
    callable_iterator,
    getset_descriptor,
    bytes_iterator,
    complex,
    bytearray,
    bytearray_iterator,
    weakref,
    weakproxy,
    weakcallableproxy,
    mappingproxy,
});

type_table!(ExcTypes {
    base_exception,
    exception,
    type_error,
    value_error,
    name_error,
    unbound_local_error,
    attribute_error,
    lookup_error,
    key_error,
    index_error,
    arithmetic_error,
    zero_division_error,
    overflow_error,
    runtime_error,
    recursion_error,
    not_implemented_error,
    stop_iteration,
    generator_exit,
    keyboard_interrupt,
    system_exit,
    assertion_error,
    import_error,
    module_not_found_error,
    memory_error,
    syntax_error,
    indentation_error,
    unicode_error,
    unicode_decode_error,
    unicode_encode_error,
    os_error,
    eof_error,
    warning,
    user_warning,
    deprecation_warning,
    runtime_warning,
    stop_async_iteration,
    buffer_error,
    file_not_found_error,
    reference_error,
});

/// Number of preallocated small ints: -5 ..= 256.
pub const NSMALLNEGINTS: i64 = 5;
pub const NSMALLPOSINTS: i64 = 257;

/// Interpreter-wide state.
pub struct Runtime {
    pub types: Types,
    pub exc: ExcTypes,
    pub none: *mut PyObject,
    pub true_: *mut PyObject,
    pub false_: *mut PyObject,
    pub not_implemented: *mut PyObject,
    pub ellipsis: *mut PyObject,
    pub small_ints: Vec<*mut PyObject>,
    pub empty_tuple: *mut PyObject,
    pub empty_str: *mut PyObject,
    pub empty_bytes: *mut PyObject,
    /// The one-byte bytes objects `b'\x00'` .. `b'\xff'`.
    pub bytes_chars: Vec<*mut PyObject>,
    pub latin1_chars: Vec<*mut PyObject>,
    pub state: std::cell::RefCell<crate::runtime_state::State>,
    pub freelists: std::cell::UnsafeCell<crate::freelist::FreeLists>,
    pub gc: std::cell::UnsafeCell<crate::gc::GcState>,
    pub recursion_depth: Cell<usize>,
    pub recursion_limit: Cell<usize>,
    /// Slot vectors of finished frames, reused by new frames (see `vm::frame`).
    pub frame_buffers: std::cell::UnsafeCell<Vec<Vec<Option<Obj>>>>,
    /// Recently used interned static names (see `str::intern_static`).
    pub static_name_cache: std::cell::UnsafeCell<[(usize, usize); STATIC_NAME_CACHE_SIZE]>,
    /// Storage of finished function frames, reused by calls (see `vm::frame`).
    pub frame_pool: std::cell::UnsafeCell<Vec<crate::vm::frame::PooledFrame>>,
}

/// Entries of the static name cache.
pub const STATIC_NAME_CACHE_SIZE: usize = 64;

impl Runtime {
    #[inline]
    pub fn none(&self) -> Obj {
        // SAFETY: the None singleton lives as long as the runtime.
        unsafe { Obj::from_borrowed(self.none) }
    }
    #[inline]
    pub fn bool_obj(&self, v: bool) -> Obj {
        // SAFETY: True/False live as long as the runtime.
        unsafe { Obj::from_borrowed(if v { self.true_ } else { self.false_ }) }
    }
    #[inline]
    pub fn not_implemented(&self) -> Obj {
        // SAFETY: singleton lives as long as the runtime.
        unsafe { Obj::from_borrowed(self.not_implemented) }
    }
    #[inline]
    pub fn is_none(&self, o: &Obj) -> bool {
        o.as_ptr() == self.none
    }
    #[inline]
    pub fn is_not_implemented(&self, o: &Obj) -> bool {
        o.as_ptr() == self.not_implemented
    }
    pub fn empty_tuple(&self) -> Obj {
        // SAFETY: singleton lives as long as the runtime.
        unsafe { Obj::from_borrowed(self.empty_tuple) }
    }
    pub fn empty_str(&self) -> Obj {
        // SAFETY: singleton lives as long as the runtime.
        unsafe { Obj::from_borrowed(self.empty_str) }
    }
    /// The free lists (interior mutability: single-threaded runtime).
    #[inline]
    #[allow(clippy::mut_from_ref)]
    pub fn freelists(&self) -> &mut crate::freelist::FreeLists {
        // SAFETY: the runtime is used by one thread; free-list operations never call out
        // while holding this borrow.
        unsafe { &mut *self.freelists.get() }
    }
    /// The pool of frame slot vectors.
    #[inline]
    #[allow(clippy::mut_from_ref)] // single-threaded; callers hold no other borrow of the pool
    pub fn frame_buffers(&self) -> &mut Vec<Vec<Option<Obj>>> {
        // SAFETY: the runtime is used by one thread, and take/give do not call out while
        // holding the borrow.
        unsafe { &mut *self.frame_buffers.get() }
    }

    /// The static name cache: (key, interned str) pairs, the str borrowed from
    /// `State::static_names`.
    #[inline]
    #[allow(clippy::mut_from_ref)] // single-threaded; callers hold no other borrow of it
    pub fn static_name_cache(&self) -> &mut [(usize, usize); STATIC_NAME_CACHE_SIZE] {
        // SAFETY: the runtime is used by one thread, and the cache's users do not call out
        // while holding the borrow.
        unsafe { &mut *self.static_name_cache.get() }
    }

    /// The pool of function frame storage.
    #[inline]
    #[allow(clippy::mut_from_ref)] // single-threaded; callers hold no other borrow of the pool
    pub fn frame_pool(&self) -> &mut Vec<crate::vm::frame::PooledFrame> {
        // SAFETY: the runtime is used by one thread, and the pool's users do not call out
        // while holding the borrow.
        unsafe { &mut *self.frame_pool.get() }
    }

    #[inline]
    #[allow(clippy::mut_from_ref)]
    pub fn gc(&self) -> &mut crate::gc::GcState {
        // SAFETY: single-threaded; callers do not hold the borrow across calls that could
        // re-enter the collector state.
        unsafe { &mut *self.gc.get() }
    }
}

/// A type pointer as a strong reference.
pub fn type_ref(t: *mut TypeObject) -> Obj {
    // SAFETY: built-in types live as long as the runtime.
    unsafe { Obj::from_borrowed(t as *mut PyObject) }
}
