//! `type` and `object`: attribute lookup along the MRO, instance creation, and classes made
//! by the `class` statement (heap types).
//!
//! A heap type's size follows CPython 3.11: instances of a plain class are 16 bytes of
//! header plus an 8-byte `__weakref__` slot (basicsize 24), preceded by the 16-byte GC header
//! and the 16-byte managed-dict pre-header: `sys.getsizeof` reports 56. `__slots__` replaces
//! the dict and weakref slot with one 8-byte slot per name.
//!
//! Slots of heap types forward to the dunder methods found on the MRO (`slot_tp_repr` and
//! friends in CPython), so a class that defines `__repr__` or `__eq__` is honoured by
//! `repr()`, `==`, dict lookups and the rest.
//!
//! A class's type is `type` or a metaclass, a heap subclass of `type` whose instances are
//! type objects laid out as `type`'s (they add no dict or weak-reference slot: a type keeps
//! both in its own structure). A class of a heap metaclass holds a reference to it, as
//! every instance of a heap type does, released by `type_dealloc`; the metaclass's slots
//! (`__call__`, `__repr__`, `__getitem__`, ...) apply to its classes as any heap type's
//! slots apply to its instances.

use super::exceptions::type_error;
use super::{alloc_object, dict, is_instance, owned, str as pystr, tuple};
use crate::object::{decref, xdecref, Obj, PyObject, PyVarObject};
use crate::ops;
use crate::runtime::{rt, type_ref, PyResult};
use crate::typeobj::*;

/// A type object with every slot empty, for the built-in type table and for heap types.
pub fn blank_type(
    name: &'static str,
    kind: Kind,
    basicsize: usize,
    flags: u64,
    dealloc: DeallocFn,
) -> TypeObject {
    TypeObject {
        ob_base: PyVarObject {
            ob_base: PyObject {
                ob_refcnt: 1,
                ob_type: std::ptr::null_mut(),
            },
            ob_size: 0,
        },
        tp_name: name,
        ht_name: std::ptr::null_mut(),
        ht_qualname: std::ptr::null_mut(),
        basicsize,
        itemsize: 0,
        flags,
        kind,
        base: std::ptr::null_mut(),
        bases: std::ptr::null_mut(),
        mro: std::ptr::null_mut(),
        dict: std::ptr::null_mut(),
        module: std::ptr::null_mut(),
        tp_dealloc: dealloc,
        tp_repr: None,
        tp_str: None,
        tp_hash: None,
        tp_richcompare: None,
        tp_getattro: None,
        tp_setattro: None,
        tp_call: None,
        tp_iter: None,
        tp_iternext: None,
        tp_len: None,
        tp_getitem: None,
        tp_setitem: None,
        tp_contains: None,
        tp_descr_get: None,
        tp_descr_set: None,
        tp_new: None,
        tp_traverse: None,
        tp_clear: None,
        tp_sizeof: None,
        slot_count: 0,
        slots_offset: 0,
        weaklistoffset: 0,
        tp_weaklist: std::ptr::null_mut(),
        has_finalizer: false,
        cached_keys: std::ptr::null_mut(),
    }
}

/// Size of a type object (`PyHeapTypeObject` in CPython is larger; `sys.getsizeof` of a
/// class reports CPython's figure, see [`type_sizeof`]).
pub const TYPE_OBJECT_SIZE: usize = std::mem::size_of::<TypeObject>();

/// Places a type object on the heap. `meta` is the `type` type (null while bootstrapping
/// `type` itself, which then becomes its own type).
pub fn alloc_type(t: TypeObject, meta: *mut TypeObject) -> PyResult<*mut TypeObject> {
    let mem = crate::heap::object_malloc(GC_HEADER_SIZE + TYPE_OBJECT_SIZE)
        .map_err(|_| super::memory_error())?;
    // SAFETY: fresh block big enough for the GC header and a TypeObject.
    unsafe {
        std::ptr::write_bytes(mem.as_ptr(), 0, GC_HEADER_SIZE);
        let p = mem.as_ptr().add(GC_HEADER_SIZE) as *mut TypeObject;
        std::ptr::write(p, t);
        (*p).ob_base.ob_base.ob_type = if meta.is_null() { p } else { meta };
        Ok(p)
    }
}

#[inline]
// Sound: the runtime is single-threaded and callers never keep two such borrows alive at once.
#[allow(clippy::mut_from_ref)]
fn tp(o: &Obj) -> &mut TypeObject {
    // SAFETY: callers pass type objects.
    unsafe { &mut *(o.as_ptr() as *mut TypeObject) }
}

/// The type's dict as a borrowed-then-owned reference.
///
/// # Safety
/// `t` points to a live type object.
pub unsafe fn type_dict(t: *mut TypeObject) -> Option<Obj> {
    // SAFETY: t is a live type (caller contract); its dict is live or null.
    unsafe {
        let d = (*t).dict;
        if d.is_null() {
            None
        } else {
            Some(Obj::from_borrowed(d))
        }
    }
}

/// `_PyType_Lookup`: the attribute `name` found along the MRO, without binding.
pub fn lookup(t: *mut TypeObject, name: &Obj) -> Option<Obj> {
    if let Some(hit) = method_cache_get(t, name) {
        return hit;
    }
    let found = lookup_uncached(t, name);
    method_cache_put(t, name, found.as_ref());
    found
}

// ---------------------------------------------------------------- attribute cache
//
// Like CPython's type attribute cache: (type, interned name) → what the MRO walk found.
// Entries are stamped with a generation that any change to any class dict, and any class
// creation or deallocation, advances, so a hit is always what the walk would find now.
// The cached value is borrowed from the type dict that holds it, which cannot have
// changed while the generation is the same.

const METHOD_CACHE_SIZE: usize = 4096;

#[derive(Clone, Copy, Default)]
struct CacheEntry {
    generation: u64,
    tp: usize,
    name: usize,
    value: usize,
}

thread_local! {
    static TYPE_GENERATION: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
    // A plain array (no destructor), so each access is a bare thread-local load.
    static METHOD_CACHE: std::cell::RefCell<[CacheEntry; METHOD_CACHE_SIZE]> =
        const { std::cell::RefCell::new([CacheEntry { generation: 0, tp: 0, name: 0, value: 0 }; METHOD_CACHE_SIZE]) };
}

/// Invalidates every cached attribute lookup (a class dict changed, or a class was made
/// or freed).
pub fn invalidate_attribute_cache() {
    TYPE_GENERATION.with(|g| g.set(g.get() + 1));
}

/// The current type attribute generation: a lookup result cached under it stays valid
/// while it is unchanged.
#[inline]
pub fn attribute_generation() -> u64 {
    TYPE_GENERATION.with(|g| g.get())
}

fn cache_slot(t: *mut TypeObject, name: &Obj) -> usize {
    ((t as usize >> 4) ^ (name.id() >> 4).wrapping_mul(31)) % METHOD_CACHE_SIZE
}

#[inline]
fn method_cache_get(t: *mut TypeObject, name: &Obj) -> Option<Option<Obj>> {
    if !pystr::is_interned(name) {
        return None;
    }
    let gen = TYPE_GENERATION.with(|g| g.get());
    let i = cache_slot(t, name);
    METHOD_CACHE.with(|c| {
        let c = c.borrow();
        let e = c.get(i)?;
        if e.generation == gen && e.tp == t as usize && e.name == name.id() {
            if e.value == 0 {
                return Some(None);
            }
            // SAFETY: the value is held by a type dict unchanged since it was cached.
            return Some(Some(unsafe {
                Obj::from_borrowed(e.value as *mut PyObject)
            }));
        }
        None
    })
}

fn method_cache_put(t: *mut TypeObject, name: &Obj, value: Option<&Obj>) {
    if !pystr::is_interned(name) {
        return;
    }
    let gen = TYPE_GENERATION.with(|g| g.get());
    let i = cache_slot(t, name);
    METHOD_CACHE.with(|c| {
        let mut c = c.borrow_mut();
        c[i] = CacheEntry {
            generation: gen,
            tp: t as usize,
            name: name.id(),
            value: value.map(|v| v.id()).unwrap_or(0),
        };
    });
}

fn lookup_uncached(t: *mut TypeObject, name: &Obj) -> Option<Obj> {
    // SAFETY: t is live; its MRO tuple holds live types.
    let mro = unsafe { (*t).mro };
    let hash = pystr::hash(name);
    let search = |ty: *mut TypeObject| -> Option<Obj> {
        // SAFETY: ty is t or an entry of its MRO (or base chain), all live types.
        let d = unsafe { type_dict(ty) }?;
        dict::get_item_hashed(&d, name, hash).ok().flatten()
    };
    if mro.is_null() {
        let mut cur = t;
        while !cur.is_null() {
            if let Some(v) = search(cur) {
                return Some(v);
            }
            // SAFETY: bases are live.
            cur = unsafe { (*cur).base };
        }
        return None;
    }
    // SAFETY: mro is a live tuple.
    for &ty in unsafe { tuple::raw_items(mro) } {
        if let Some(v) = search(ty as *mut TypeObject) {
            return Some(v);
        }
    }
    None
}

pub fn lookup_str(t: *mut TypeObject, name: &'static str) -> Option<Obj> {
    // The interpreter's own lookups of special names (`__init__` at every instantiation,
    // `__eq__`, `__hash__`, `__getattr__` ...) are answered from a cache keyed by the
    // Rust text itself, without interning it first; same validity rule as above.
    let key = name.as_ptr() as usize ^ (name.len() << 48);
    let generation = attribute_generation();
    let slot = ((t as usize >> 4) ^ (key >> 3).wrapping_mul(31)) % STATIC_LOOKUP_CACHE_SIZE;
    let hit = STATIC_LOOKUP_CACHE.with(|c| {
        let e = c[slot].get();
        (e.generation == generation && e.tp == t as usize && e.name == key).then_some(e.value)
    });
    if let Some(value) = hit {
        // SAFETY: the value is held by a type dict unchanged since it was cached.
        return (value != 0).then(|| unsafe { Obj::from_borrowed(value as *mut PyObject) });
    }
    let n = pystr::intern_static(name).ok()?;
    let found = lookup(t, &n);
    let entry = CacheEntry {
        generation,
        tp: t as usize,
        name: key,
        value: found.as_ref().map(|v| v.id()).unwrap_or(0),
    };
    STATIC_LOOKUP_CACHE.with(|c| c[slot].set(entry));
    found
}

const STATIC_LOOKUP_CACHE_SIZE: usize = 1024;

thread_local! {
    static STATIC_LOOKUP_CACHE: [std::cell::Cell<CacheEntry>; STATIC_LOOKUP_CACHE_SIZE] =
        const { [const { std::cell::Cell::new(CacheEntry { generation: 0, tp: 0, name: 0, value: 0 }) }; STATIC_LOOKUP_CACHE_SIZE] };
}

/// The `__module__` of a heap type, for reprs.
///
/// # Safety
/// `t` points to a live type object.
pub unsafe fn type_module_name(t: *mut TypeObject) -> String {
    // SAFETY: t is live (caller contract).
    if let Some(d) = unsafe { type_dict(t) } {
        if let Ok(Some(m)) = dict::get_item_str(&d, "__module__") {
            if is_instance(&m, rt().types.str) {
                return pystr::as_str(&m).into_owned();
            }
        }
    }
    "builtins".into()
}

/// The type's `__qualname__`: `ht_qualname` for heap types, else the name.
///
/// # Safety
/// `t` points to a live type object.
pub unsafe fn qualname(t: *mut TypeObject) -> String {
    // SAFETY: t is live (caller contract); ht_qualname is a live str or null.
    unsafe {
        if !(*t).ht_qualname.is_null() {
            return pystr::raw_as_str((*t).ht_qualname).to_string();
        }
        (*t).name().to_string()
    }
}

/// The managed `__dict__` slot of an instance, if its type has one.
pub fn dict_slot(o: &Obj) -> Option<*mut *mut PyObject> {
    let t = o.typ();
    if !t.has_managed_dict() {
        return None;
    }
    // SAFETY: managed-dict objects have the dict pointer at the start of the pre-header.
    Some(unsafe { (o.as_ptr() as *mut u8).sub(t.preheader_size()) as *mut *mut PyObject })
}

/// The instance dict, created on first use.
pub fn instance_dict(o: &Obj) -> PyResult<Option<Obj>> {
    if o.typ().has_managed_dict() {
        return super::instance_values::materialize(o);
    }
    match ops::kind(o) {
        Kind::Function => super::function::dict(o).map(Some),
        Kind::Exception => super::exceptions::dict(o).map(Some),
        Kind::Module => Ok(Some(super::module::dict(o))),
        _ => Ok(None),
    }
}

fn attribute_error(o: &Obj, name: &Obj) -> crate::runtime::PyErr {
    let msg = if ops::kind(o) == Kind::Module {
        format!(
            "module '{}' has no attribute '{}'",
            pystr::as_str(&super::module::name(o)),
            pystr::as_str(name)
        )
    } else if ops::kind(o) == Kind::Type {
        format!(
            "type object '{}' has no attribute '{}'",
            tp(o).name(),
            pystr::as_str(name)
        )
    } else {
        format!(
            "'{}' object has no attribute '{}'",
            o.typ().name(),
            pystr::as_str(name)
        )
    };
    super::exceptions::attribute_error(o, name, &msg)
}

/// `PyObject_GenericGetAttr`: data descriptors on the type, then the instance dict, then
/// other class attributes (binding functions into methods).
pub fn generic_getattr(o: &Obj, name: &Obj) -> PyResult<Obj> {
    if !is_instance(name, rt().types.str) {
        return Err(type_error(&format!(
            "attribute name must be string, not '{}'",
            name.typ().name()
        )));
    }
    let descr = lookup(o.type_ptr(), name);
    if let Some(d) = &descr {
        if let (Some(get), Some(_)) = (d.typ().tp_descr_get, d.typ().tp_descr_set) {
            return get(d, Some(o), &o.type_obj());
        }
    }
    if let Some(v) = super::instance_values::get(o, name) {
        return Ok(v);
    }
    if let Some(dct) = instance_dict_if_exists(o) {
        if let Some(v) = dict::get_item(&dct, name)? {
            return Ok(v);
        }
    }
    if let Some(d) = descr {
        if let Some(get) = d.typ().tp_descr_get {
            return get(&d, Some(o), &o.type_obj());
        }
        return Ok(d);
    }
    if o.typ().is_heap() {
        if let Some(ga) = lookup_str(o.type_ptr(), "__getattr__") {
            return ops::call_method_obj(&ga, o, std::slice::from_ref(name));
        }
    }
    Err(attribute_error(o, name))
}

fn instance_dict_if_exists(o: &Obj) -> Option<Obj> {
    if let Some(slot) = dict_slot(o) {
        // SAFETY: valid slot.
        unsafe {
            if (*slot).is_null() {
                return None;
            }
            return Some(Obj::from_borrowed(*slot));
        }
    }
    match ops::kind(o) {
        Kind::Function => super::function::dict(o).ok(),
        Kind::Exception => super::exceptions::dict_if_any(o),
        Kind::Module => Some(super::module::dict(o)),
        _ => None,
    }
}

/// `PyObject_GenericSetAttr`.
pub fn generic_setattr(o: &Obj, name: &Obj, value: Option<&Obj>) -> PyResult<()> {
    if !is_instance(name, rt().types.str) {
        return Err(type_error(&format!(
            "attribute name must be string, not '{}'",
            name.typ().name()
        )));
    }
    if pystr::len(name) == 9 && &*pystr::as_str(name) == "__class__" {
        return set_class(o, value);
    }
    let name = pystr::intern(name.clone())?;
    if let Some(d) = lookup(o.type_ptr(), &name) {
        if let Some(set) = d.typ().tp_descr_set {
            return set(&d, o, value);
        }
    }
    if o.typ().has_managed_dict() {
        match value {
            Some(v) => {
                if super::instance_values::set(o, &name, v)? {
                    return Ok(());
                }
            }
            None => {
                if let Some(found) = super::instance_values::delete(o, &name) {
                    return if found {
                        Ok(())
                    } else {
                        Err(attribute_error(o, &name))
                    };
                }
            }
        }
    }
    match instance_dict(o)? {
        Some(dct) => match value {
            Some(v) => dict::set_item(&dct, &name, v),
            None => {
                if dict::del_item(&dct, &name)? {
                    Ok(())
                } else {
                    Err(attribute_error(o, &name))
                }
            }
        },
        None => {
            if lookup(o.type_ptr(), &name).is_some() {
                return Err(super::exceptions::attribute_error(
                    o,
                    &name,
                    &format!(
                        "'{}' object attribute '{}' is read-only",
                        o.typ().name(),
                        pystr::as_str(&name)
                    ),
                ));
            }
            Err(attribute_error(o, &name))
        }
    }
}

/// The class that fixes the memory layout of `t`'s instances: the nearest class adding
/// `__slots__`, or the first built-in ancestor (CPython's `solid_base`).
///
/// # Safety
/// `t` is a live type.
unsafe fn solid_base(t: *mut TypeObject) -> *mut TypeObject {
    let mut cur = t;
    // SAFETY: bases are live.
    unsafe {
        while !cur.is_null() && (*cur).is_heap() {
            let base = (*cur).base;
            let base_slots = if base.is_null() {
                0
            } else {
                (*base).slot_count
            };
            if (*cur).slot_count != base_slots {
                return cur;
            }
            cur = base;
        }
    }
    cur
}

/// Whether a str starts with two underscores (looked at without converting it).
#[inline]
pub fn is_dunder(name: &Obj) -> bool {
    is_instance(name, rt().types.str)
        && pystr::len(name) >= 2
        && pystr::codepoint_at(name, 0) == '_' as u32
        && pystr::codepoint_at(name, 1) == '_' as u32
}

/// `object.__class__ = cls` (`object_set_class`): allowed between classes whose
/// instances have the same layout. An instance keeping its attributes in inline values
/// gets its `__dict__` first, since the new class has other shared keys.
fn set_class(o: &Obj, value: Option<&Obj>) -> PyResult<()> {
    let Some(new) = value else {
        return Err(type_error("can't delete __class__ attribute"));
    };
    if !is_instance(new, rt().types.type_) {
        return Err(type_error(&format!(
            "__class__ must be set to a class, not '{}' object",
            new.typ().name()
        )));
    }
    let (old_t, new_t) = (o.type_ptr(), new.as_ptr() as *mut TypeObject);
    // SAFETY: both are live types.
    let (old, newt) = unsafe { (&*old_t, &*new_t) };
    if !old.is_heap() || !newt.is_heap() {
        return Err(type_error(
            "__class__ assignment only supported for mutable types or ModuleType subclasses",
        ));
    }
    let gc_dict = TPFLAGS_HAVE_GC | TPFLAGS_MANAGED_DICT;
    // SAFETY: live types.
    let same_layout = unsafe { solid_base(old_t) == solid_base(new_t) }
        && old.basicsize == newt.basicsize
        && old.itemsize == newt.itemsize
        && old.weaklistoffset == newt.weaklistoffset
        && old.flags & gc_dict == newt.flags & gc_dict;
    if !same_layout {
        return Err(type_error(&format!(
            "__class__ assignment: '{}' object layout differs from '{}'",
            newt.name(),
            old.name()
        )));
    }
    if old.has_managed_dict() {
        super::instance_values::materialize(o)?;
    }
    // SAFETY: the object now refers to its new class, holding a reference to it; the
    // reference to the old class is released last.
    unsafe {
        crate::object::incref(new_t as *mut PyObject);
        (*o.as_ptr()).ob_type = new_t;
        crate::object::decref(old_t as *mut PyObject);
    }
    Ok(())
}

/// `type.__getattribute__`: metatype data descriptors, then the MRO of the type itself.
pub fn type_getattro(o: &Obj, name: &Obj) -> PyResult<Obj> {
    let t = o.as_ptr() as *mut TypeObject;
    let n = pystr::as_str(name);
    match &*n {
        // A class's `__name__` and `__qualname__` are the str objects it holds.
        // SAFETY: t is the live type object `o`; its name fields are live strs or null.
        "__name__" if !unsafe { (*t).ht_name.is_null() } => {
            return Ok(unsafe { Obj::from_borrowed((*t).ht_name) });
        }
        // SAFETY: as above.
        "__qualname__" if !unsafe { (*t).ht_qualname.is_null() } => {
            return Ok(unsafe { Obj::from_borrowed((*t).ht_qualname) });
        }
        "__name__" => return pystr::new_str(tp(o).name()),
        // SAFETY: t is the live type object `o`.
        "__qualname__" => return pystr::new_str(&unsafe { qualname(t) }),
        "__mro__" => {
            // SAFETY: mro is a live tuple or null.
            return Ok(unsafe {
                Obj::from_borrowed(if (*t).mro.is_null() {
                    rt().empty_tuple
                } else {
                    (*t).mro
                })
            });
        }
        "__bases__" => {
            // SAFETY: as above.
            return Ok(unsafe {
                Obj::from_borrowed(if (*t).bases.is_null() {
                    rt().empty_tuple
                } else {
                    (*t).bases
                })
            });
        }
        "__base__" => {
            // SAFETY: base is a live type or null.
            return Ok(unsafe {
                if (*t).base.is_null() {
                    rt().none()
                } else {
                    type_ref((*t).base)
                }
            });
        }
        "__dict__" => {
            // SAFETY: t is the live type object `o`.
            return unsafe { type_dict(t) }
                .ok_or_else(|| attribute_error(o, name))
                .and_then(super::mappingproxy::new_mappingproxy);
        }
        "__module__" if !tp(o).is_heap() => return pystr::new_str("builtins"),
        "__basicsize__" => return super::int::from_usize(tp(o).basicsize),
        "__weakrefoffset__" => return super::int::from_usize(tp(o).weaklistoffset),
        "__itemsize__" => return super::int::from_usize(tp(o).itemsize),
        "__class__" => return Ok(o.type_obj()),
        _ => {}
    }
    // Data descriptors of a metaclass (a property defined on it) come first.
    if o.typ().is_heap() {
        if let Some(v) = lookup(o.type_ptr(), name) {
            if let (Some(get), Some(_)) = (v.typ().tp_descr_get, v.typ().tp_descr_set) {
                return get(&v, Some(o), &o.type_obj());
            }
        }
    }
    if let Some(v) = lookup(t, name) {
        if let Some(get) = v.typ().tp_descr_get {
            if ops::kind(&v) != Kind::MethodDescriptor || super::descr::descr_def(&v).class_method {
                return get(&v, None, o);
            }
        }
        return Ok(v);
    }
    // Attributes of the metatype (`type.mro`, methods of `type` itself).
    if let Some(v) = lookup(o.type_ptr(), name) {
        if let Some(get) = v.typ().tp_descr_get {
            return get(&v, Some(o), &o.type_obj());
        }
        return Ok(v);
    }
    // A metaclass's `__getattr__` answers for attributes the class lacks.
    if o.typ().is_heap() {
        if let Some(ga) = lookup_str(o.type_ptr(), "__getattr__") {
            return ops::call_method_obj(&ga, o, std::slice::from_ref(name));
        }
    }
    Err(attribute_error(o, name))
}

pub fn type_setattro(o: &Obj, name: &Obj, value: Option<&Obj>) -> PyResult<()> {
    let t = tp(o);
    if !t.is_heap() {
        return Err(type_error(&format!(
            "cannot set '{}' attribute of immutable type '{}'",
            pystr::as_str(name),
            t.name()
        )));
    }
    let name = pystr::intern(name.clone())?;
    // A data descriptor of a metaclass (a property with a setter) handles the assignment.
    if o.typ().is_heap() {
        if let Some(v) = lookup(o.type_ptr(), &name) {
            if let Some(set) = v.typ().tp_descr_set {
                return set(&v, o, value);
            }
        }
    }
    let n = pystr::as_str(&name);
    if n == "__name__" || n == "__qualname__" {
        return set_type_name(o, &n, value);
    }
    invalidate_attribute_cache();
    // SAFETY: `o` is a live type object.
    let d = unsafe { type_dict(o.as_ptr() as *mut TypeObject) }
        .ok_or_else(|| attribute_error(o, &name))?;
    match value {
        Some(v) => dict::set_item(&d, &name, v)?,
        None => {
            if !dict::del_item(&d, &name)? {
                return Err(attribute_error(o, &name));
            }
        }
    }
    let n = pystr::as_str(&name);
    if n == "__abstractmethods__" {
        // `type_set_abstractmethods`: the flag `object.__new__` checks.
        let abstract_ = match value {
            Some(v) => ops::truthy(v)?,
            None => false,
        };
        // SAFETY: `o` is a live type object.
        let t = unsafe { &mut *(o.as_ptr() as *mut TypeObject) };
        if abstract_ {
            t.flags |= TPFLAGS_IS_ABSTRACT;
        } else {
            t.flags &= !TPFLAGS_IS_ABSTRACT;
        }
    }
    if n.starts_with("__") && n.ends_with("__") {
        refresh_slots(o.as_ptr() as *mut TypeObject);
    }
    Ok(())
}

/// `object_new`'s refusal of a class with abstract methods.
fn abstract_class_error(cls: &Obj) -> PyResult<crate::runtime::PyErr> {
    let methods = match lookup_str(cls.as_ptr() as *mut TypeObject, "__abstractmethods__") {
        Some(m) => m,
        None => {
            return Ok(super::exceptions::new_err(
                rt().exc.attribute_error,
                "__abstractmethods__",
            ))
        }
    };
    let mut names = Vec::new();
    let it = ops::iter(&methods)?;
    while let Some(x) = ops::next(&it)? {
        names.push(ops::str_string(&x)?);
    }
    names.sort();
    Ok(type_error(&format!(
        "Can't instantiate abstract class {} with abstract method{} {}",
        tp(cls).full_name(),
        if names.len() > 1 { "s" } else { "" },
        names.join(", ")
    )))
}

/// The `__name__` and `__qualname__` setters of a class (`type_set_name`,
/// `type_set_qualname`): a str replaces `ht_name` (which is also the class's `tp_name`)
/// or `ht_qualname`.
fn set_type_name(o: &Obj, attr: &str, value: Option<&Obj>) -> PyResult<()> {
    let t = o.as_ptr() as *mut TypeObject;
    let Some(v) = value else {
        return Err(type_error(&format!(
            "cannot delete '{attr}' attribute of immutable type '{}'",
            tp(o).name()
        )));
    };
    if ops::kind(v) != Kind::Str {
        return Err(type_error(&format!(
            "can only assign string to {}.{attr}, not '{}'",
            tp(o).name(),
            v.typ().name()
        )));
    }
    if attr == "__name__" && pystr::as_str(v).contains('\0') {
        return Err(super::exceptions::value_error(
            "type name must not contain null characters",
        ));
    }
    let new = v.clone();
    // SAFETY: t is the live heap type `o`; it owns its name fields, and the old value is
    // released only after the new one is in place.
    let old = unsafe {
        let field = if attr == "__name__" {
            &mut (*t).ht_name
        } else {
            &mut (*t).ht_qualname
        };
        std::mem::replace(field, new.into_raw())
    };
    if !old.is_null() {
        // SAFETY: the type owned one reference to the old name.
        drop(unsafe { owned(old) });
    }
    invalidate_attribute_cache();
    Ok(())
}

pub fn type_repr(o: &Obj) -> PyResult<Obj> {
    let t = o.as_ptr() as *mut TypeObject;
    if tp(o).is_heap() {
        // SAFETY: t is the live type object `o`.
        let m = unsafe { type_module_name(t) };
        // SAFETY: as above.
        let q = unsafe { qualname(t) };
        if m == "builtins" {
            return pystr::new_str(&format!("<class '{}'>", q));
        }
        return pystr::new_str(&format!("<class '{}.{}'>", m, q));
    }
    pystr::new_str(&format!("<class '{}'>", tp(o).tp_name))
}

/// Calling a type: `tp_new`, then `__init__` when the result is an instance of the type.
pub fn type_call(o: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let t = o.as_ptr() as *mut TypeObject;
    let r = rt();
    if t == r.types.type_ {
        let nkw = kwnames.map(tuple::len).unwrap_or(0);
        let npos = args.len() - nkw;
        if npos == 1 && nkw == 0 {
            return Ok(args[0].type_obj());
        }
        if npos != 1 && npos != 3 {
            return Err(type_error("type() takes 1 or 3 arguments"));
        }
    }
    // Calling a class goes through CPython's `_PyObject_MakeTpCall`, which packs the
    // arguments into a tuple: each argument has one more reference while `__new__` and
    // `__init__` run.
    let packed;
    let args = if tp(o).is_heap() && !args.is_empty() {
        packed = tuple::from_slice(args)?;
        tuple::items(&packed)
    } else {
        args
    };
    let obj = if let Some(f) = python_new(o) {
        // A class whose `__new__` is written in Python (`slot_tp_new`).
        let mut v = Vec::with_capacity(args.len() + 1);
        v.push(o.clone());
        v.extend_from_slice(args);
        ops::call(&f, &v, kwnames)?
    } else {
        let new = tp(o)
            .tp_new
            .ok_or_else(|| type_error(&format!("cannot create '{}' instances", tp(o).tp_name)))?;
        new(o, args, kwnames)?
    };
    if !obj.typ().is_subtype(t) {
        return Ok(obj);
    }
    if let Some(init) = lookup_str(obj.type_ptr(), "__init__") {
        if is_object_init(&init) || is_type_method(&init, "__init__") {
            return Ok(obj);
        }
        let res = if crate::vm::is_python_function(&init) {
            crate::vm::call_function_with_self(&init, Some(&obj), args, kwnames)?
        } else {
            let mut v = Vec::with_capacity(args.len() + 1);
            v.push(obj.clone());
            v.extend_from_slice(args);
            ops::call(&init, &v, kwnames)?
        };
        if !r.is_none(&res) {
            return Err(type_error(&format!(
                "__init__() should return None, not '{}'",
                res.typ().name()
            )));
        }
    }
    Ok(obj)
}

/// The `__new__` a heap class defines in Python (a function, usually wrapped in the
/// implicit staticmethod), if any along its MRO before a built-in one.
pub(crate) fn python_new(cls: &Obj) -> Option<Obj> {
    if !tp(cls).is_heap() {
        return None;
    }
    let f = lookup_str(cls.as_ptr() as *mut TypeObject, "__new__")?;
    match ops::kind(&f) {
        Kind::StaticMethod => super::member::staticmethod_get(&f, None, cls).ok(),
        Kind::Function => Some(f),
        _ => None,
    }
}

/// `object.__new__`: allocates an instance of a heap type.
pub fn object_new(cls: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let t = cls.as_ptr() as *mut TypeObject;
    if tp(cls).flags & TPFLAGS_IS_ABSTRACT != 0 {
        return Err(abstract_class_error(cls)?);
    }
    let nargs = args.len();
    if nargs > 0 || kwnames.is_some() {
        let has_init = lookup_str(t, "__init__")
            .map(|i| !is_object_init(&i))
            .unwrap_or(false);
        let has_new = lookup_str(t, "__new__")
            .map(|n| !is_object_new(&n))
            .unwrap_or(false);
        // A class with its own `__new__` reaches this only by calling `object.__new__`
        // explicitly.
        if has_new {
            return Err(type_error(
                "object.__new__() takes exactly one argument (the type to instantiate)",
            ));
        }
        if !has_init {
            return Err(type_error(&format!(
                "{}() takes no arguments",
                tp(cls).name()
            )));
        }
    }
    // SAFETY: `cls` is the live class `object.__new__` was called on; instances of
    // object-derived classes are valid zero-filled.
    unsafe { new_instance(t) }
}

/// Allocates a zeroed instance of `t` and tracks it if it is a GC type.
///
/// # Safety
/// `t` points to a live type object whose instances are valid when zero-filled (all
/// fields after the header are null pointers or zero).
pub unsafe fn new_instance(t: *mut TypeObject) -> PyResult<Obj> {
    // SAFETY: t is live (caller contract).
    let size = unsafe { (*t).basicsize };
    // SAFETY: t is live (caller contract).
    let p = unsafe { alloc_object(t, size) }?;
    // SAFETY: fresh instance; fields zeroed.
    unsafe {
        if (*t).is_gc() {
            crate::gc::track(p);
        }
        Ok(owned(p))
    }
}

fn object_init_fn(self_: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    if !args.is_empty() || kwnames.is_some() {
        let t = self_.type_ptr();
        let overrides_new = lookup_str(t, "__new__")
            .map(|n| !is_object_new(&n))
            .unwrap_or(false);
        let overrides_init = lookup_str(t, "__init__")
            .map(|i| !is_object_init(&i))
            .unwrap_or(false);
        if overrides_init || !overrides_new {
            return Err(type_error(&format!(
                "{}.__init__() takes exactly one argument (the instance to initialize)",
                self_.typ().name()
            )));
        }
    }
    Ok(rt().none())
}

/// Whether `f` is `object.<name>` itself (not an override).
pub fn is_object_method(f: &Obj, name: &str) -> bool {
    ops::kind(f) == Kind::MethodDescriptor
        && super::descr::descr_type(f) == rt().types.object
        && super::descr::descr_def(f).name == name
}

/// Whether `f` is `object.__new__` itself: the built-in function bound to `object`.
pub fn is_object_new(f: &Obj) -> bool {
    ops::kind(f) == Kind::BuiltinFunction
        && super::descr::builtin_def(f).name == "__new__"
        && super::descr::builtin_self(f)
            .is_some_and(|s| s.as_ptr() == rt().types.object as *mut PyObject)
}

/// Whether `f` is `type.<name>` itself (not a metaclass's override).
pub fn is_type_method(f: &Obj, name: &str) -> bool {
    ops::kind(f) == Kind::MethodDescriptor
        && super::descr::descr_type(f) == rt().types.type_
        && super::descr::descr_def(f).name == name
}

/// Whether `f` is `object.__init__` (which `type_call` skips).
pub fn is_object_init(f: &Obj) -> bool {
    is_object_method(f, "__init__")
}

pub static OBJECT_INIT: super::descr::MethodDef =
    super::descr::MethodDef::new("__init__", object_init_fn);

/// `object.__eq__`: identity, else NotImplemented.
pub fn object_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    let r = rt();
    match op {
        CompareOp::Eq => Ok(if a.is(b) {
            r.bool_obj(true)
        } else {
            r.not_implemented()
        }),
        CompareOp::Ne => {
            // Delegates to __eq__ and inverts, as CPython's object.__ne__. When the slot is
            // object_richcompare itself, calling it gives the same identity answer as the
            // fallback below, so no function-pointer comparison is needed.
            let res = match a.typ().tp_richcompare {
                Some(f) => f(a, b, CompareOp::Eq)?,
                None => {
                    if a.is(b) {
                        r.bool_obj(true)
                    } else {
                        r.not_implemented()
                    }
                }
            };
            if r.is_not_implemented(&res) {
                return Ok(res);
            }
            Ok(r.bool_obj(!ops::truthy(&res)?))
        }
        _ => Ok(r.not_implemented()),
    }
}

/// `object.__hash__`: derived from the address, as CPython (`_Py_HashPointer`).
pub fn object_hash(o: &Obj) -> PyResult<isize> {
    let p = o.id();
    let h = (p >> 4 | p << (usize::BITS - 4)) as isize;
    Ok(if h == -1 { -2 } else { h })
}

/// `object.__dir__`-free attribute access for `__class__` and `__dict__`.
pub fn object_getattro(o: &Obj, name: &Obj) -> PyResult<Obj> {
    if is_dunder(name) {
        let n = pystr::as_str(name);
        match &*n {
            // A class may define its own `__class__` (a property), found before
            // `object`'s descriptor in its MRO.
            "__class__" if !o.typ().is_heap() || lookup(o.type_ptr(), name).is_none() => {
                return Ok(o.type_obj())
            }
            "__dict__" => {
                if let Some(d) = instance_dict(o)? {
                    return Ok(d);
                }
            }
            _ => {}
        }
    }
    generic_getattr(o, name)
}

// ---------------------------------------------------------------- heap types

/// `type.__new__(metatype, name, bases, ns, **kwargs)` (`type_new`): the class statement's
/// last step. The class's type is the most derived of `metatype` and the types of the
/// bases; when that is a metaclass with its own `__new__`, the call is handed to it. The
/// new class's cell (`__classcell__`), `__set_name__` and the base's `__init_subclass__`
/// (which receives `kwargs`) are run here, as CPython does.
pub fn type_new(metatype: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let r = rt();
    let nkw = kwnames.map(tuple::len).unwrap_or(0);
    let npos = args.len() - nkw;
    if npos != 3 {
        return Err(type_error(&format!(
            "type.__new__() takes exactly 3 arguments ({} given)",
            npos
        )));
    }
    let (name, bases, ns) = (&args[0], &args[1], &args[2]);
    if !is_instance(name, r.types.str) {
        return Err(type_error(&format!(
            "type.__new__() argument 1 must be str, not {}",
            name.typ().name()
        )));
    }
    if !is_instance(bases, r.types.tuple) {
        return Err(type_error(&format!(
            "type.__new__() argument 2 must be tuple, not {}",
            bases.typ().name()
        )));
    }
    if ops::kind(ns) != Kind::Dict {
        return Err(type_error(&format!(
            "type.__new__() argument 3 must be dict, not {}",
            ns.typ().name()
        )));
    }
    let meta = metatype.as_ptr() as *mut TypeObject;
    let winner = calculate_metaclass(meta, tuple::items(bases))?;
    if winner != meta {
        let w = type_ref(winner);
        if let Some(f) = python_new(&w) {
            let mut v = Vec::with_capacity(args.len() + 1);
            v.push(w);
            v.extend_from_slice(args);
            return ops::call(&f, &v, kwnames);
        }
    }
    let cls = build_class(winner, name, bases, ns)?;
    run_class_hooks(&cls, &args[3..], kwnames)?;
    Ok(cls)
}

/// `_PyType_CalculateMetaclass`: the most derived of `meta` and the types of `bases`.
pub fn calculate_metaclass(meta: *mut TypeObject, bases: &[Obj]) -> PyResult<*mut TypeObject> {
    let mut winner = meta;
    for b in bases {
        let bt = b.type_ptr();
        // SAFETY: winner and bt are live types.
        unsafe {
            if (*winner).is_subtype(bt) {
                continue;
            }
            if (*bt).is_subtype(winner) {
                winner = bt;
                continue;
            }
        }
        return Err(type_error(
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) \
             subclass of the metaclasses of all its bases",
        ));
    }
    Ok(winner)
}

/// `__set_name__` on the namespace's descriptors, then `super(cls, cls).__init_subclass__`
/// with the class keywords (`kw` are the values named by `kwnames`).
fn run_class_hooks(cls: &Obj, kw: &[Obj], kwnames: Option<&Obj>) -> PyResult<()> {
    // SAFETY: `cls` is the live class just built.
    if let Some(d) = unsafe { type_dict(cls.as_ptr() as *mut TypeObject) } {
        for (k, v) in dict::items(&d) {
            if lookup_str(v.type_ptr(), "__set_name__").is_some()
                && (v.typ().is_heap() || ops::kind(&v) == Kind::Property)
            {
                ops::call_special(&v, "__set_name__", &[cls.clone(), k])?;
            }
        }
    }
    // SAFETY: `cls` is a live type; its MRO is a live tuple.
    let mro = unsafe { type_mro(cls.as_ptr() as *mut TypeObject) };
    let mut hook = None;
    for t in tuple::items(&mro).iter().skip(1) {
        // SAFETY: MRO entries are live types.
        if let Some(d) = unsafe { type_dict(t.as_ptr() as *mut TypeObject) } {
            if let Some(f) = dict::get_item_str(&d, "__init_subclass__")? {
                hook = Some(f);
                break;
            }
        }
    }
    let mut v = Vec::with_capacity(kw.len() + 1);
    v.push(cls.clone());
    v.extend_from_slice(kw);
    match hook {
        Some(f) if ops::kind(&f) == Kind::Function => {
            ops::call(&f, &v, kwnames)?;
        }
        Some(f) if ops::kind(&f) == Kind::ClassMethod => {
            ops::call(&super::member::wrapped(&f), &v, kwnames)?;
        }
        _ => {
            if !kw.is_empty() {
                return Err(type_error(&format!(
                    "{}.__init_subclass__() takes no keyword arguments",
                    // SAFETY: `cls` is the live class just built.
                    unsafe { qualname(cls.as_ptr() as *mut TypeObject) }
                )));
            }
        }
    }
    Ok(())
}

/// The type's MRO tuple (the empty tuple while it has none).
///
/// # Safety
/// `t` points to a live type object.
unsafe fn type_mro(t: *mut TypeObject) -> Obj {
    // SAFETY: t is live (caller contract); its mro is a live tuple or null.
    unsafe {
        Obj::from_borrowed(if (*t).mro.is_null() {
            rt().empty_tuple
        } else {
            (*t).mro
        })
    }
}

/// Lays out and allocates a new class of metatype `meta` (`type_new_impl`).
fn build_class(meta: *mut TypeObject, name: &Obj, bases: &Obj, ns: &Obj) -> PyResult<Obj> {
    let r = rt();
    if !is_instance(name, r.types.str) {
        return Err(type_error("type.__new__() argument 1 must be str"));
    }
    let mut base_list = tuple::items(bases).to_vec();
    if base_list.is_empty() {
        base_list.push(type_ref(r.types.object));
    }
    for b in &base_list {
        if ops::kind(b) != Kind::Type {
            return Err(type_error("bases must be types"));
        }
        if tp(b).flags & TPFLAGS_BASETYPE == 0 {
            return Err(type_error(&format!(
                "type '{}' is not an acceptable base type",
                tp(b).full_name()
            )));
        }
    }
    let base = best_base(&base_list)?;
    // SAFETY: base is a live type.
    let b = unsafe { &*base };
    let slots = match dict::get_item_str(ns, "__slots__")? {
        Some(s) => {
            let items = if is_instance(&s, r.types.str) {
                vec![s]
            } else {
                ops::collect(&s)?
            };
            Some(items)
        }
        None => None,
    };
    let mut flags = TPFLAGS_HEAPTYPE | TPFLAGS_BASETYPE | TPFLAGS_HAVE_GC;
    if b.has_managed_dict() {
        flags |= TPFLAGS_MANAGED_DICT;
    }
    // A metaclass's instances are type objects, which keep their dict and weak-reference
    // list in the type structure itself.
    let base_has_dict = b.has_managed_dict()
        || matches!(
            b.kind,
            Kind::Exception | Kind::Function | Kind::Module | Kind::Type
        );
    let mut basicsize = b.basicsize;
    let mut weaklistoffset = b.weaklistoffset;
    let mut slot_names = Vec::new();
    match &slots {
        None => {
            if !base_has_dict {
                flags |= TPFLAGS_MANAGED_DICT;
            }
            if weaklistoffset == 0 && b.itemsize == 0 {
                // A str keeps its characters inline where the slot would be: its
                // subclasses get the room but cannot be weakly referenced.
                if b.kind != Kind::Str {
                    weaklistoffset = basicsize;
                }
                basicsize += 8;
            }
        }
        Some(names) => {
            if b.has_managed_dict() {
                flags |= TPFLAGS_MANAGED_DICT;
            }
            for n in names {
                let s = pystr::as_str(n).into_owned();
                if s == "__dict__" {
                    if !base_has_dict {
                        flags |= TPFLAGS_MANAGED_DICT;
                    }
                } else if s == "__weakref__" {
                    if weaklistoffset == 0 {
                        if b.kind != Kind::Str {
                            weaklistoffset = basicsize;
                        }
                        basicsize += 8;
                    }
                } else {
                    slot_names.push((pystr::intern(n.clone())?, basicsize));
                    basicsize += 8;
                }
            }
        }
    }
    if b.kind == Kind::Type && !slot_names.is_empty() {
        return Err(type_error(&format!(
            "nonempty __slots__ not supported for subtype of '{}'",
            b.name()
        )));
    }
    let mut t = blank_type("", b.kind, basicsize, flags, subtype_dealloc);
    t.itemsize = b.itemsize;
    t.weaklistoffset = weaklistoffset;
    t.slot_count = b.slot_count + slot_names.len();
    t.slots_offset = slot_names.first().map(|(_, off)| *off).unwrap_or(0);
    t.ht_name = pystr::intern(name.clone())?.into_raw();
    let qn = match dict::get_item_str(ns, "__qualname__")? {
        Some(q) => q,
        None => name.clone(),
    };
    t.ht_qualname = qn.into_raw();
    inherit_slots(&mut t, b);
    t.tp_traverse = Some(subtype_traverse);
    t.tp_clear = Some(subtype_clear);
    // SAFETY: base is live; the new type owns a reference to it.
    unsafe { crate::object::incref(base as *mut PyObject) };
    t.base = base;
    t.bases = tuple::new_tuple(base_list.clone())?.into_raw();
    let d = dict::copy(ns)?;
    if dict::get_item_str(&d, "__module__")?.is_none() {
        let m = crate::vm::current_module_name()
            .unwrap_or_else(|| pystr::new_str("builtins").unwrap_or_else(|_| rt().empty_str()));
        dict::set_item(&d, &pystr::intern_str("__module__")?, &m)?;
    }
    let qk = pystr::intern_str("__qualname__")?;
    if dict::get_item(&d, &qk)?.is_some() {
        dict::del_item(&d, &qk)?;
    }
    dict::mark_type_dict(&d);
    t.dict = d.clone().into_raw();
    let p = alloc_type(t, meta)?;
    // SAFETY: meta is a live type; a class holds a reference to a heap metatype, released
    // by `type_dealloc`.
    unsafe {
        if (*meta).is_heap() {
            crate::object::incref(meta as *mut PyObject);
        }
    }
    invalidate_attribute_cache();
    // SAFETY: p is the new type with one reference we own.
    let cls = unsafe { owned(p as *mut PyObject) };
    // The collector tracks the class from its allocation on, as CPython's
    // `PyType_GenericAlloc` does (it is found after its bases tuple and before its MRO).
    // SAFETY: p is a live type (a GC object) whose fields are valid or null.
    unsafe {
        crate::gc::on_alloc();
        crate::gc::track(p as *mut PyObject);
    }
    // SAFETY: p is live; compute MRO now that the type exists.
    unsafe {
        (*p).mro = compute_mro(&cls, &base_list)?.into_raw();
    }
    for (n, off) in slot_names {
        let m = super::member::new_member(p, n.clone(), off)?;
        dict::set_item(&d, &n, &m)?;
    }
    // `__dict__` / `__weakref__` getset descriptors when this class adds them (each holds
    // a reference to the class, as CPython's `type_add_getset`).
    let adds_dict = flags & TPFLAGS_MANAGED_DICT != 0 && !base_has_dict;
    let adds_weakref = weaklistoffset != 0 && b.weaklistoffset == 0;
    for (adds, def) in [
        (adds_dict, &super::member::DICT_GETSET),
        (adds_weakref, &super::member::WEAKREF_GETSET),
    ] {
        let key = pystr::intern_str(def.name)?;
        if adds && dict::get_item(&d, &key)?.is_none() {
            // SAFETY: p is the live class being built.
            let getset = unsafe { super::member::new_getset(p, def) }?;
            dict::set_item(&d, &key, &getset)?;
        }
    }
    // `type_dict_set_doc`: `__doc__` is None unless the body set it.
    let doc_key = pystr::intern_str("__doc__")?;
    if dict::get_item(&d, &doc_key)?.is_none() {
        dict::set_item(&d, &doc_key, &r.none())?;
    }
    // `__new__` in the namespace is an implicit staticmethod; `__init_subclass__` and
    // `__class_getitem__` are implicit classmethods.
    if let Some(f) = dict::get_item_str(&d, "__new__")? {
        if ops::kind(&f) == Kind::Function {
            let sm = super::member::new_staticmethod(&f)?;
            dict::set_item(&d, &pystr::intern_str("__new__")?, &sm)?;
        }
    }
    // The class body's `__class__` cell now refers to the class.
    let cell_key = pystr::intern_str("__classcell__")?;
    if let Some(cell) = dict::get_item(&d, &cell_key)? {
        if ops::kind(&cell) != Kind::Cell {
            return Err(type_error(&format!(
                "__classcell__ must be a nonlocal cell, not {}",
                ops::repr_string(&cell.type_obj())?
            )));
        }
        super::cell::set(&cell, Some(cls.clone()));
        dict::del_item(&d, &cell_key)?;
    }
    refresh_slots(p);
    Ok(cls)
}

/// The base whose layout the new class extends (`best_base`): the most derived built-in
/// layout among the bases, or, when classes with `__slots__` add fields to it, the base
/// whose fields are the most derived (CPython's `solid_base`); unrelated layouts conflict.
fn best_base(bases: &[Obj]) -> PyResult<*mut TypeObject> {
    let winner = best_builtin_base(bases)?;
    let conflict = || type_error("multiple bases have instance lay-out conflict");
    let mut best: Option<(*mut TypeObject, *mut TypeObject)> = None;
    for b in bases {
        let t = b.as_ptr() as *mut TypeObject;
        let Some(solid) = slots_solid_base(t) else {
            continue;
        };
        // SAFETY: live types.
        best = match best {
            None => Some((t, solid)),
            Some((_, w)) if unsafe { (*w).is_subtype(solid) } => best,
            Some(_) if unsafe { (*solid).is_subtype(best.map_or(solid, |b| b.1)) } => {
                Some((t, solid))
            }
            Some(_) => return Err(conflict()),
        };
    }
    // The fields must extend the winning built-in layout.
    let mut builtin = winner;
    // SAFETY: live types and their live bases.
    unsafe {
        while (*builtin).is_heap() && !(*builtin).base.is_null() {
            builtin = (*builtin).base;
        }
    }
    match best {
        None => Ok(winner),
        // SAFETY: live types.
        Some((t, _)) if unsafe { (*t).is_subtype(builtin) } => Ok(t),
        Some(_) => Err(conflict()),
    }
}

/// The most derived class along `t`'s chain of layout bases that adds fields of its own
/// (slots other than `__weakref__`) to its base's layout, if any is a class statement's.
fn slots_solid_base(t: *mut TypeObject) -> Option<*mut TypeObject> {
    let mut x = t;
    // SAFETY: live types and their live bases.
    unsafe {
        while (*x).is_heap() && !(*x).base.is_null() {
            let base = &*(*x).base;
            let mut size = (*x).basicsize;
            let weaklist = (*x).weaklistoffset;
            if weaklist != 0 && base.weaklistoffset == 0 && weaklist + 8 == size {
                size -= 8;
            }
            if size != base.basicsize || (*x).itemsize != base.itemsize {
                return Some(x);
            }
            x = (*x).base;
        }
    }
    None
}

/// The most derived built-in layout among the bases.
fn best_builtin_base(bases: &[Obj]) -> PyResult<*mut TypeObject> {
    let r = rt();
    let mut winner: *mut TypeObject = bases[0].as_ptr() as *mut TypeObject;
    for b in bases {
        let t = b.as_ptr() as *mut TypeObject;
        // SAFETY: live types.
        let (tk, wk) = unsafe { ((*t).kind, (*winner).kind) };
        if wk == Kind::Object && tk != Kind::Object {
            winner = t;
        } else if tk != Kind::Object && wk != tk {
            // SAFETY: live types.
            if unsafe { !(*t).is_subtype(winner) && !(*winner).is_subtype(t) } {
                return Err(type_error("multiple bases have instance lay-out conflict"));
            }
        }
    }
    let _ = r;
    Ok(winner)
}

/// C3 linearisation.
fn compute_mro(cls: &Obj, bases: &[Obj]) -> PyResult<Obj> {
    let mut seqs: Vec<Vec<Obj>> = Vec::new();
    for b in bases {
        // SAFETY: b is a type with an MRO tuple.
        let m = unsafe { (*(b.as_ptr() as *mut TypeObject)).mro };
        if m.is_null() {
            seqs.push(vec![b.clone()]);
        } else {
            // SAFETY: live tuple.
            seqs.push(
                unsafe { tuple::items(&std::mem::ManuallyDrop::new(Obj::from_owned(m))) }.to_vec(),
            );
        }
    }
    seqs.push(bases.to_vec());
    let mut out = vec![cls.clone()];
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            break;
        }
        let mut cand = None;
        for s in &seqs {
            let c = &s[0];
            if !seqs.iter().any(|t| t[1..].iter().any(|x| x.is(c))) {
                cand = Some(c.clone());
                break;
            }
        }
        let Some(c) = cand else {
            let names: Vec<String> = bases.iter().map(|b| tp(b).name().to_string()).collect();
            return Err(type_error(&format!(
                "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                names.join(", ")
            )));
        };
        for s in seqs.iter_mut() {
            if s[0].is(&c) {
                s.remove(0);
            }
        }
        out.push(c);
    }
    tuple::new_tuple(out)
}

fn inherit_slots(t: &mut TypeObject, b: &TypeObject) {
    t.tp_repr = b.tp_repr;
    t.tp_str = b.tp_str;
    t.tp_hash = b.tp_hash;
    t.tp_richcompare = b.tp_richcompare;
    t.tp_getattro = b.tp_getattro;
    t.tp_setattro = b.tp_setattro;
    t.tp_call = b.tp_call;
    t.tp_iter = b.tp_iter;
    t.tp_iternext = b.tp_iternext;
    t.tp_len = b.tp_len;
    t.tp_getitem = b.tp_getitem;
    t.tp_setitem = b.tp_setitem;
    t.tp_contains = b.tp_contains;
    t.tp_descr_get = b.tp_descr_get;
    t.tp_descr_set = b.tp_descr_set;
    t.tp_new = b.tp_new;
    t.tp_traverse = b.tp_traverse;
    t.tp_clear = b.tp_clear;
    t.tp_sizeof = b.tp_sizeof;
    t.has_finalizer = b.has_finalizer;
}

/// Points a heap type's slots at the dunder forwarders for the dunders its MRO defines
/// (`fixup_slot_dispatchers`).
fn refresh_slots(t: *mut TypeObject) {
    // SAFETY: t is a live heap type being (re)configured.
    unsafe {
        if lookup_str(t, "__class__").is_some() {
            (*t).flags |= TPFLAGS_DEFINES_CLASS;
        } else {
            (*t).flags &= !TPFLAGS_DEFINES_CLASS;
        }
    }
    let has = |n: &'static str| {
        lookup_str(t, n).is_some_and(|v| {
            ops::kind(&v) != Kind::MethodDescriptor && ops::kind(&v) != Kind::BuiltinFunction
        })
    };
    let defined: Vec<&str> = [
        "__repr__",
        "__str__",
        "__eq__",
        "__ne__",
        "__lt__",
        "__le__",
        "__gt__",
        "__ge__",
        "__hash__",
        "__call__",
        "__iter__",
        "__next__",
        "__len__",
        "__getitem__",
        "__setitem__",
        "__delitem__",
        "__contains__",
        "__get__",
        "__set__",
        "__delete__",
        "__getattribute__",
        "__setattr__",
        "__delattr__",
        "__del__",
    ]
    .into_iter()
    .filter(|n| has(n))
    .collect();
    let has = |n: &str| defined.contains(&n);
    let hash_is_none = lookup_str(t, "__hash__").is_some_and(|h| rt().is_none(&h));
    // SAFETY: callers pass a live heap type.
    let eq_here = unsafe { type_dict(t) }
        .and_then(|d| dict::get_item_str(&d, "__eq__").ok().flatten())
        .is_some();
    // SAFETY: as above.
    let hash_here = unsafe { type_dict(t) }
        .and_then(|d| dict::get_item_str(&d, "__hash__").ok().flatten())
        .is_some();
    // SAFETY: t is a live heap type being configured.
    let ty = unsafe { &mut *t };
    if has("__repr__") {
        ty.tp_repr = Some(slot_repr);
    }
    if has("__str__") {
        ty.tp_str = Some(slot_str);
    }
    if has("__eq__")
        || has("__ne__")
        || has("__lt__")
        || has("__le__")
        || has("__gt__")
        || has("__ge__")
    {
        ty.tp_richcompare = Some(slot_richcompare);
    }
    if eq_here && !hash_here {
        // Defining __eq__ without __hash__ makes instances unhashable.
        // SAFETY: callers pass a live heap type.
        if let Some(d) = unsafe { type_dict(t) } {
            let _ = dict::set_item(
                &d,
                &pystr::intern_str("__hash__").unwrap_or_else(|_| rt().empty_str()),
                &rt().none(),
            );
        }
        ty.tp_hash = None;
    } else if hash_is_none {
        ty.tp_hash = None;
    } else if has("__hash__") {
        ty.tp_hash = Some(slot_hash);
    }
    if has("__call__") {
        ty.tp_call = Some(slot_call);
    }
    if has("__iter__") {
        ty.tp_iter = Some(slot_iter);
    }
    if has("__next__") {
        ty.tp_iternext = Some(slot_iternext);
    }
    if has("__len__") {
        ty.tp_len = Some(slot_len);
    }
    if has("__getitem__") {
        ty.tp_getitem = Some(slot_getitem);
    }
    if has("__setitem__") || has("__delitem__") {
        ty.tp_setitem = Some(slot_setitem);
    }
    if has("__contains__") {
        ty.tp_contains = Some(slot_contains);
    }
    if has("__get__") {
        ty.tp_descr_get = Some(slot_descr_get);
    }
    if has("__set__") || has("__delete__") {
        ty.tp_descr_set = Some(slot_descr_set);
    }
    if has("__getattribute__") {
        ty.tp_getattro = Some(slot_getattribute);
    }
    if has("__setattr__") || has("__delattr__") {
        ty.tp_setattro = Some(slot_setattr);
    }
    if has("__del__") {
        ty.has_finalizer = true;
    }
}

fn call_dunder(o: &Obj, name: &'static str, args: &[Obj]) -> PyResult<Obj> {
    match ops::call_special(o, name, args)? {
        Some(v) => Ok(v),
        None => Err(super::exceptions::attribute_error(
            o,
            &pystr::new_str(name)?,
            &format!("'{}' object has no attribute '{}'", o.typ().name(), name),
        )),
    }
}

fn slot_repr(o: &Obj) -> PyResult<Obj> {
    call_dunder(o, "__repr__", &[])
}
fn slot_str(o: &Obj) -> PyResult<Obj> {
    call_dunder(o, "__str__", &[])
}
fn slot_hash(o: &Obj) -> PyResult<isize> {
    let v = call_dunder(o, "__hash__", &[])?;
    if !matches!(ops::kind(&v), Kind::Int | Kind::Bool) {
        return Err(type_error("__hash__ method should return an integer"));
    }
    // A value that fits is used as is (PyLong_AsSsize_t); larger ints are hashed.
    let h = match super::int::as_i64(&v) {
        Some(x) => x as isize,
        None => super::int::hash(&v),
    };
    Ok(if h == -1 { -2 } else { h })
}
fn slot_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    match lookup_str(a.type_ptr(), op.dunder()) {
        Some(m) => ops::call_method_obj(&m, a, std::slice::from_ref(b)),
        None => object_richcompare(a, b, op),
    }
}
fn slot_call(o: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let m =
        lookup_str(o.type_ptr(), "__call__").ok_or_else(|| type_error("object is not callable"))?;
    let mut v = Vec::with_capacity(args.len() + 1);
    v.push(o.clone());
    v.extend_from_slice(args);
    ops::call(&m, &v, kwnames)
}
fn slot_iter(o: &Obj) -> PyResult<Obj> {
    call_dunder(o, "__iter__", &[])
}
fn slot_iternext(o: &Obj) -> PyResult<Option<Obj>> {
    match call_dunder(o, "__next__", &[]) {
        Ok(v) => Ok(Some(v)),
        Err(e) if is_instance(&e.0, rt().exc.stop_iteration) => Ok(None),
        Err(e) => Err(e),
    }
}
fn slot_len(o: &Obj) -> PyResult<usize> {
    let v = call_dunder(o, "__len__", &[])?;
    if !matches!(ops::kind(&v), Kind::Int | Kind::Bool) {
        return Err(type_error(&format!(
            "'{}' object cannot be interpreted as an integer",
            v.typ().name()
        )));
    }
    let n = super::int::as_i64(&v).unwrap_or(i64::MAX);
    if n < 0 {
        return Err(super::exceptions::value_error(
            "__len__() should return >= 0",
        ));
    }
    Ok(n as usize)
}
fn slot_getitem(o: &Obj, k: &Obj) -> PyResult<Obj> {
    call_dunder(o, "__getitem__", std::slice::from_ref(k))
}
fn slot_setitem(o: &Obj, k: &Obj, v: Option<&Obj>) -> PyResult<()> {
    match v {
        Some(v) => call_dunder(o, "__setitem__", &[k.clone(), v.clone()]).map(|_| ()),
        None => call_dunder(o, "__delitem__", std::slice::from_ref(k)).map(|_| ()),
    }
}
fn slot_contains(o: &Obj, k: &Obj) -> PyResult<bool> {
    let v = call_dunder(o, "__contains__", std::slice::from_ref(k))?;
    ops::truthy(&v)
}
fn slot_descr_get(d: &Obj, inst: Option<&Obj>, owner: &Obj) -> PyResult<Obj> {
    let i = inst.cloned().unwrap_or_else(|| rt().none());
    call_dunder(d, "__get__", &[i, owner.clone()])
}
fn slot_descr_set(d: &Obj, inst: &Obj, v: Option<&Obj>) -> PyResult<()> {
    match v {
        Some(v) => call_dunder(d, "__set__", &[inst.clone(), v.clone()]).map(|_| ()),
        None => call_dunder(d, "__delete__", std::slice::from_ref(inst)).map(|_| ()),
    }
}
fn slot_getattribute(o: &Obj, name: &Obj) -> PyResult<Obj> {
    match call_dunder(o, "__getattribute__", std::slice::from_ref(name)) {
        Err(e) if is_instance(&e.0, rt().exc.attribute_error) => {
            if let Some(ga) = lookup_str(o.type_ptr(), "__getattr__") {
                return ops::call_method_obj(&ga, o, std::slice::from_ref(name));
            }
            Err(e)
        }
        r => r,
    }
}
fn slot_setattr(o: &Obj, name: &Obj, v: Option<&Obj>) -> PyResult<()> {
    match v {
        Some(v) => call_dunder(o, "__setattr__", &[name.clone(), v.clone()]).map(|_| ()),
        None => call_dunder(o, "__delattr__", std::slice::from_ref(name)).map(|_| ()),
    }
}

/// `subtype_dealloc`: runs `__del__` (once, PEP 442), releases the managed dict and
/// `__slots__`, then hands the object to its built-in base's deallocator.
///
/// # Safety
/// Refcount reached zero.
pub unsafe fn subtype_dealloc(p: *mut PyObject) {
    // SAFETY: p is a dead instance of a heap type; we own its fields.
    unsafe {
        let t = (*p).ob_type;
        if (*t).has_finalizer && !crate::gc::is_finalized(p) {
            crate::gc::set_finalized(p);
            // The finalizer runs with the object alive and tracked, as CPython's
            // PyObject_CallFinalizerFromDealloc does.
            if !crate::gc::is_tracked(p) {
                crate::gc::track(p);
            }
            (*p).ob_refcnt = 1;
            let o = Obj::from_owned(p);
            crate::vm::finalize::call_del(&o);
            let o = o.into_raw();
            (*o).ob_refcnt -= 1;
            if (*o).ob_refcnt > 0 {
                // Resurrected by __del__.
                return;
            }
        }
        let gc = (*t).is_gc();
        if gc {
            crate::gc::untrack(p);
        }
        // Weak references die after `__del__` and before the slots and dict are released,
        // if this class added the weak-reference slot (a built-in base clears its own).
        let bb = builtin_base(t);
        if (*t).weaklistoffset != 0 && (bb.is_null() || (*bb).weaklistoffset == 0) {
            super::weakref::clear_weakrefs(p);
        }
        clear_instance(p);
        // Find the first built-in ancestor and let it finish the job.
        let mut base = (*t).base;
        while !base.is_null() && (*base).is_heap() {
            base = (*base).base;
        }
        if base.is_null() || (*base).kind == Kind::Object {
            super::free_object(p);
        } else {
            ((*base).tp_dealloc)(p);
        }
    }
}

/// Byte offsets of every `__slots__` slot of the heap types in `t`'s base chain.
///
/// # Safety
/// `t` is a live type.
unsafe fn own_slot_offsets(t: *mut TypeObject) -> impl Iterator<Item = usize> {
    let mut ranges = Vec::new();
    let mut cur = t;
    // SAFETY: bases are live.
    unsafe {
        while !cur.is_null() && (*cur).is_heap() {
            let base_count = if (*cur).base.is_null() {
                0
            } else {
                (*(*cur).base).slot_count
            };
            let own = (*cur).slot_count - base_count.min((*cur).slot_count);
            if own > 0 {
                ranges.push(((*cur).slots_offset, own));
            }
            cur = (*cur).base;
        }
    }
    ranges
        .into_iter()
        .flat_map(|(start, n)| (0..n).map(move |i| start + 8 * i))
}

/// Releases the managed dict and `__slots__` of an instance.
///
/// # Safety
/// `p` is an instance of a heap type.
pub unsafe fn clear_instance(p: *mut PyObject) {
    // SAFETY: slots lie within the instance; dict slot within the pre-header.
    unsafe {
        let t = &*(*p).ob_type;
        if t.has_managed_dict() {
            super::instance_values::clear(p, t.preheader_size());
            let slot = (p as *mut u8).sub(t.preheader_size()) as *mut *mut PyObject;
            xdecref(std::mem::replace(&mut *slot, std::ptr::null_mut()));
        }
        for off in own_slot_offsets((*p).ob_type) {
            let s = (p as *mut u8).add(off) as *mut *mut PyObject;
            xdecref(std::mem::replace(&mut *s, std::ptr::null_mut()));
        }
    }
}

/// # Safety
/// `p` is an instance of a heap type.
pub unsafe fn traverse_instance(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: as clear_instance.
    unsafe {
        let t = &*(*p).ob_type;
        if t.has_managed_dict() {
            super::instance_values::traverse(p, t.preheader_size(), visit);
            let slot = (p as *mut u8).sub(t.preheader_size()) as *mut *mut PyObject;
            if !(*slot).is_null() {
                visit(*slot);
            }
        }
        for off in own_slot_offsets((*p).ob_type) {
            let s = *((p as *mut u8).add(off) as *mut *mut PyObject);
            if !s.is_null() {
                visit(s);
            }
        }
        visit(t as *const TypeObject as *mut PyObject);
    }
}

/// The first built-in ancestor of a heap type.
///
/// # Safety
/// `t` is a live type.
unsafe fn builtin_base(t: *mut TypeObject) -> *mut TypeObject {
    let mut b = t;
    // SAFETY: bases are live.
    unsafe {
        while !b.is_null() && (*b).is_heap() {
            b = (*b).base;
        }
    }
    b
}

/// `subtype_traverse`: the instance's own slots and dict, its type, then the built-in
/// base's references.
///
/// # Safety
/// `p` is an instance of a heap type.
pub unsafe fn subtype_traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: caller contract.
    unsafe {
        traverse_instance(p, visit);
        let b = builtin_base((*p).ob_type);
        if !b.is_null() {
            if let Some(t) = (*b).tp_traverse {
                t(p, visit);
            }
        }
    }
}

/// `subtype_clear`: drops the instance's slots and dict, then the base's references.
///
/// # Safety
/// `p` is an instance of a heap type found unreachable.
pub unsafe fn subtype_clear(p: *mut PyObject) {
    // SAFETY: caller contract.
    unsafe {
        clear_instance(p);
        let b = builtin_base((*p).ob_type);
        if !b.is_null() {
            if let Some(c) = (*b).tp_clear {
                c(p);
            }
        }
    }
}

/// `type.__sizeof__` as CPython 3.11 reports it: heap types are `PyHeapTypeObject`
/// (880 bytes of `__basicsize__`... reported as 1672 with their slot tables), built-in
/// types their static size.
pub fn type_sizeof(o: &Obj) -> usize {
    if tp(o).is_heap() {
        1672 - if tp(o).has_managed_dict() || tp(o).slot_count == 0 {
            0
        } else {
            768
        }
    } else {
        904
    }
}

/// `cls[key]` on a type: `__class_getitem__`.
pub fn class_getitem(o: &Obj, key: &Obj) -> PyResult<Obj> {
    if let Some(f) = lookup_str(o.as_ptr() as *mut TypeObject, "__class_getitem__") {
        return ops::call(&f, &[o.clone(), key.clone()], None);
    }
    Err(type_error(&format!(
        "type '{}' is not subscriptable",
        tp(o).name()
    )))
}

/// # Safety
/// Refcount of a heap type reached zero.
pub unsafe fn type_dealloc(p: *mut PyObject) {
    invalidate_attribute_cache();
    // SAFETY: p is a dead heap type; we own its fields.
    unsafe {
        crate::gc::untrack(p);
        super::weakref::clear_weakrefs(p);
        let t = &mut *(p as *mut TypeObject);
        for f in [
            &mut t.ht_name,
            &mut t.ht_qualname,
            &mut t.bases,
            &mut t.mro,
            &mut t.dict,
            &mut t.module,
        ] {
            xdecref(std::mem::replace(f, std::ptr::null_mut()));
        }
        let base = std::mem::replace(&mut t.base, std::ptr::null_mut());
        if !base.is_null() {
            decref(base as *mut PyObject);
        }
        super::instance_values::free_keys(p as *mut TypeObject);
        let meta = (*p).ob_type;
        crate::gc::on_free();
        crate::heap::object_free(std::ptr::NonNull::new_unchecked(
            (p as *mut u8).sub(GC_HEADER_SIZE),
        ));
        // A class of a metaclass written in Python holds a reference to it.
        if (*meta).is_heap() {
            decref(meta as *mut PyObject);
        }
    }
}

/// # Safety
/// `p` is a type.
pub unsafe fn type_traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live fields.
    let t = unsafe { &*(p as *mut TypeObject) };
    for f in [t.dict, t.bases, t.mro, t.base as *mut PyObject] {
        if !f.is_null() {
            visit(f);
        }
    }
}

/// # Safety
/// `p` is a heap type found unreachable.
pub unsafe fn type_clear(p: *mut PyObject) {
    // SAFETY: we own the fields.
    unsafe {
        let t = &mut *(p as *mut TypeObject);
        if t.is_heap() {
            xdecref(std::mem::replace(&mut t.dict, std::ptr::null_mut()));
            xdecref(std::mem::replace(&mut t.mro, std::ptr::null_mut()));
        }
    }
}
