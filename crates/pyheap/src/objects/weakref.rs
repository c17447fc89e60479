//! Weak references: `weakref.ref` (`PyWeakReference`, 64 bytes + 16 GC = 80), the proxies,
//! the clearing of an object's weak references when it dies, and the collector's
//! `handle_weakrefs` step (CPython's `Objects/weakrefobject.c` and part of
//! `Modules/gcmodule.c`).
//!
//! Every weakly referenceable object has a weak-reference list slot at its type's
//! `weaklistoffset`: the head of a doubly linked list of the weak references to it, threaded
//! through `wr_prev`/`wr_next`. As in CPython, the list starts with the shared "basic"
//! references — the callback-less `ref` and then the callback-less proxy — and every other
//! reference is inserted right after them, so the rest of the list runs newest first. A
//! weak reference does not own its referent; when the referent dies its deallocator calls
//! [`clear_weakrefs`], which unlinks every reference (each then reports `None`) and then
//! calls the callbacks of the references that are still alive, in list order.
//!
//! A dead reference has `wr_object == null` (CPython stores `Py_None`).

use super::exceptions::type_error;
use super::{alloc_object, dict, int, list, owned, str as pystr, tuple};
use crate::gc::GcHead;
use crate::object::{decref, incref, xdecref, Obj, PyObject};
use crate::runtime::{rt, PyResult};
use crate::typeobj::{CompareOp, Kind, TypeObject};
use std::mem::ManuallyDrop;

/// `PyWeakReference`: the layout of `ref`, its subclasses and the proxies.
#[repr(C)]
pub struct WeakRefObject {
    pub ob_base: PyObject,
    /// The referent (not owned), or null once the reference is dead.
    pub wr_object: *mut PyObject,
    /// The callback (owned), or null.
    pub wr_callback: *mut PyObject,
    /// The referent's hash once computed, else -1.
    pub hash: isize,
    pub wr_prev: *mut WeakRefObject,
    pub wr_next: *mut WeakRefObject,
    pub vectorcall: usize,
}

/// `sizeof(PyWeakReference)`: the basic size of the three weak reference types.
pub const WEAKREF_SIZE: usize = std::mem::size_of::<WeakRefObject>();

/// Whether instances of `t` are weak references or proxies (subclasses of `ref` included).
#[inline]
pub fn is_weakref_type(t: &TypeObject) -> bool {
    matches!(t.kind, Kind::WeakRef | Kind::WeakProxy)
}

/// `_PyType_SUPPORTS_WEAKREFS`.
#[inline]
pub fn supports_weakrefs(t: &TypeObject) -> bool {
    t.weaklistoffset != 0
}

/// The weak-reference list slot of an object.
///
/// # Safety
/// `op` is a live (or dying) object whose type supports weak references.
#[inline]
unsafe fn list_ptr(op: *mut PyObject) -> *mut *mut WeakRefObject {
    // SAFETY: the slot lies inside the object at its type's weaklistoffset.
    unsafe { (op as *mut u8).add((*(*op).ob_type).weaklistoffset) as *mut *mut WeakRefObject }
}

#[inline]
fn raw(o: &Obj) -> *mut WeakRefObject {
    o.as_ptr() as *mut WeakRefObject
}

/// Unlinks a reference from its referent's list and marks it dead, keeping its callback.
///
/// # Safety
/// `wr` is a weak reference whose referent, if any, is still allocated.
unsafe fn unlink(wr: *mut WeakRefObject) {
    // SAFETY: the list nodes are live weak references linked from a live slot.
    unsafe {
        let w = &mut *wr;
        if w.wr_object.is_null() {
            return;
        }
        let list = list_ptr(w.wr_object);
        if *list == wr {
            *list = w.wr_next;
        }
        w.wr_object = std::ptr::null_mut();
        if !w.wr_prev.is_null() {
            (*w.wr_prev).wr_next = w.wr_next;
        }
        if !w.wr_next.is_null() {
            (*w.wr_next).wr_prev = w.wr_prev;
        }
        w.wr_prev = std::ptr::null_mut();
        w.wr_next = std::ptr::null_mut();
    }
}

/// `clear_weakref`: unlinks the reference and releases its callback.
///
/// # Safety
/// As [`unlink`].
unsafe fn clear_weakref(wr: *mut WeakRefObject) {
    // SAFETY: caller contract; the callback is owned by the reference.
    unsafe {
        unlink(wr);
        xdecref(std::mem::replace(
            &mut (*wr).wr_callback,
            std::ptr::null_mut(),
        ));
    }
}

/// The referent of a weak reference or proxy, if it is alive.
pub fn referent(o: &Obj) -> Option<Obj> {
    // SAFETY: o is a weak reference; a non-null referent is alive.
    unsafe {
        let p = (*raw(o)).wr_object;
        if p.is_null() {
            None
        } else {
            Some(Obj::from_borrowed(p))
        }
    }
}

fn is_exact_ref(w: *mut WeakRefObject) -> bool {
    // SAFETY: w is a live weak reference.
    unsafe { (*w).ob_base.ob_type == rt().types.weakref }
}

fn is_proxy(w: *mut WeakRefObject) -> bool {
    // SAFETY: w is a live weak reference.
    let t = unsafe { (*w).ob_base.ob_type };
    t == rt().types.weakproxy || t == rt().types.weakcallableproxy
}

/// `get_basic_refs`: the shared callback-less `ref` and proxy at the head of a list.
///
/// # Safety
/// `head` is null or the head of a consistent weak-reference list.
unsafe fn basic_refs(mut head: *mut WeakRefObject) -> (*mut WeakRefObject, *mut WeakRefObject) {
    let (mut r, mut p) = (std::ptr::null_mut(), std::ptr::null_mut());
    // SAFETY: list nodes are live weak references.
    unsafe {
        if !head.is_null() && (*head).wr_callback.is_null() {
            if is_exact_ref(head) {
                r = head;
                head = (*head).wr_next;
            }
            if !head.is_null() && (*head).wr_callback.is_null() && is_proxy(head) {
                p = head;
            }
        }
    }
    (r, p)
}

/// # Safety
/// `new` is unlinked; `prev` is linked.
unsafe fn insert_after(new: *mut WeakRefObject, prev: *mut WeakRefObject) {
    // SAFETY: caller contract.
    unsafe {
        (*new).wr_prev = prev;
        (*new).wr_next = (*prev).wr_next;
        if !(*prev).wr_next.is_null() {
            (*(*prev).wr_next).wr_prev = new;
        }
        (*prev).wr_next = new;
    }
}

/// # Safety
/// `new` is unlinked; `list` is a weak-reference list slot.
unsafe fn insert_head(new: *mut WeakRefObject, list: *mut *mut WeakRefObject) {
    // SAFETY: caller contract.
    unsafe {
        let next = *list;
        (*new).wr_prev = std::ptr::null_mut();
        (*new).wr_next = next;
        if !next.is_null() {
            (*next).wr_prev = new;
        }
        *list = new;
    }
}

/// Inserts `new` where CPython puts a reference of its kind: a basic ref at the head, a
/// basic proxy after the basic ref, anything else after both.
///
/// # Safety
/// `new` is unlinked and refers to the live object owning `list`.
unsafe fn insert(new: *mut WeakRefObject, list: *mut *mut WeakRefObject, basic_proxy: bool) {
    // SAFETY: caller contract.
    unsafe {
        let (r, p) = basic_refs(*list);
        // A basic proxy goes right after the basic ref; anything else after both.
        let prev = if basic_proxy || p.is_null() { r } else { p };
        if prev.is_null() {
            insert_head(new, list);
        } else {
            insert_after(new, prev);
        }
    }
}

fn cannot_reference(ob: &Obj) -> crate::runtime::PyErr {
    type_error(&format!(
        "cannot create weak reference to '{}' object",
        ob.typ().full_name()
    ))
}

/// Allocates a weak reference of type `tp` to `ob` (tracked, not yet linked).
fn alloc_weakref(
    tp: *mut TypeObject,
    ob: &Obj,
    callback: Option<&Obj>,
) -> PyResult<*mut WeakRefObject> {
    // SAFETY: tp is a live weak reference type (or a subclass), whose basicsize covers
    // the PyWeakReference layout.
    let size = unsafe { (*tp).basicsize };
    // SAFETY: as above.
    let p = unsafe { alloc_object(tp, size) }? as *mut WeakRefObject;
    // SAFETY: fresh object with zeroed fields.
    unsafe {
        (*p).wr_object = ob.as_ptr();
        (*p).wr_callback = callback
            .map(|c| c.clone().into_raw())
            .unwrap_or(std::ptr::null_mut());
        (*p).hash = -1;
        crate::gc::track(p as *mut PyObject);
    }
    Ok(p)
}

/// `weakref.ref(ob[, callback])` for type `tp` (`ReferenceType` or a subclass): the
/// shared basic reference when there is no callback and `tp` is `ref` itself.
pub fn new_ref(tp: *mut TypeObject, ob: &Obj, callback: Option<&Obj>) -> PyResult<Obj> {
    if !supports_weakrefs(ob.typ()) {
        return Err(cannot_reference(ob));
    }
    let callback = callback.filter(|c| !rt().is_none(c));
    let basic = callback.is_none() && tp == rt().types.weakref;
    // SAFETY: ob supports weak references; its list holds live references.
    unsafe {
        let list = list_ptr(ob.as_ptr());
        if basic {
            let (r, _) = basic_refs(*list);
            if !r.is_null() {
                return Ok(Obj::from_borrowed(r as *mut PyObject));
            }
        }
        let p = alloc_weakref(tp, ob, callback)?;
        let new = owned(p as *mut PyObject);
        // The allocation may have run a collection (and its callbacks): look again.
        if basic {
            let (r, _) = basic_refs(*list);
            if !r.is_null() {
                return Ok(Obj::from_borrowed(r as *mut PyObject));
            }
            insert_head(p, list);
        } else {
            insert(p, list, false);
        }
        Ok(new)
    }
}

/// `weakref.proxy(ob[, callback])`: the shared basic proxy when there is no callback.
pub fn new_proxy(ob: &Obj, callback: Option<&Obj>) -> PyResult<Obj> {
    if !supports_weakrefs(ob.typ()) {
        return Err(cannot_reference(ob));
    }
    let r = rt();
    let callback = callback.filter(|c| !r.is_none(c));
    // SAFETY: ob supports weak references; its list holds live references.
    unsafe {
        let list = list_ptr(ob.as_ptr());
        if callback.is_none() {
            let (_, p) = basic_refs(*list);
            if !p.is_null() {
                return Ok(Obj::from_borrowed(p as *mut PyObject));
            }
        }
        let tp = if ob.typ().tp_call.is_some() {
            r.types.weakcallableproxy
        } else {
            r.types.weakproxy
        };
        let p = alloc_weakref(tp, ob, callback)?;
        let new = owned(p as *mut PyObject);
        if callback.is_none() {
            let (_, existing) = basic_refs(*list);
            if !existing.is_null() {
                return Ok(Obj::from_borrowed(existing as *mut PyObject));
            }
        }
        insert(p, list, callback.is_none());
        Ok(new)
    }
}

/// Calls a weak reference's callback; an exception is reported and swallowed
/// (`handle_callback`).
fn handle_callback(wr: &Obj, callback: &Obj) {
    // The callback runs with the interpreter's handled exception set aside, as finalizers do.
    let saved = rt().state.borrow_mut().handled_exc.take();
    let res = crate::ops::call(callback, std::slice::from_ref(wr), None);
    rt().state.borrow_mut().handled_exc = saved;
    if let Err(e) = res {
        let what =
            crate::ops::repr_string(callback).unwrap_or_else(|_| "<object repr() failed>".into());
        crate::vm::traceback::write_unraisable(&format!("Exception ignored in: {}", what), &e.0);
    }
}

/// `PyObject_ClearWeakRefs`: called by the deallocator of a weakly referenceable object
/// (refcount zero, untracked) before its fields are released. Every weak reference to it
/// dies; then the callbacks of those still alive are called in list order.
///
/// # Safety
/// `op` is an object being deallocated whose memory is still valid.
pub unsafe fn clear_weakrefs(op: *mut PyObject) {
    // SAFETY: op's type is live; its list holds live weak references.
    unsafe {
        if !supports_weakrefs(&*(*op).ob_type) {
            return;
        }
        let list = list_ptr(op);
        if (*list).is_null() {
            return;
        }
        // The callback-less basic ref and proxy go first, without further ado.
        if (**list).wr_callback.is_null() {
            clear_weakref(*list);
            if !(*list).is_null() && (**list).wr_callback.is_null() {
                clear_weakref(*list);
            }
        }
        if (*list).is_null() {
            return;
        }
        let mut count = 0;
        let mut cur = *list;
        while !cur.is_null() {
            count += 1;
            cur = (*cur).wr_next;
        }
        if count == 1 {
            let cur = *list;
            let callback = std::mem::replace(&mut (*cur).wr_callback, std::ptr::null_mut());
            clear_weakref(cur);
            if !callback.is_null() {
                let callback = Obj::from_owned(callback);
                if (*cur).ob_base.ob_refcnt > 0 {
                    // Borrowed: the reference stays alive while it is an argument.
                    let wr = ManuallyDrop::new(Obj::from_owned(cur as *mut PyObject));
                    handle_callback(&wr, &callback);
                }
                drop(callback);
            }
            return;
        }
        // Several: a tuple of (reference, callback) pairs is collected first, as CPython
        // does, so every reference is dead before any callback runs.
        let none = rt().none();
        let mut items = Vec::with_capacity(count * 2);
        let mut cur = *list;
        for _ in 0..count {
            let next = (*cur).wr_next;
            let callback = std::mem::replace(&mut (*cur).wr_callback, std::ptr::null_mut());
            if (*cur).ob_base.ob_refcnt > 0 {
                items.push(Obj::from_borrowed(cur as *mut PyObject));
                items.push(if callback.is_null() {
                    none.clone()
                } else {
                    Obj::from_owned(callback)
                });
            } else {
                xdecref(callback);
                items.push(none.clone());
                items.push(none.clone());
            }
            clear_weakref(cur);
            cur = next;
        }
        drop(none);
        let Ok(pairs) = tuple::new_tuple(items) else {
            return;
        };
        let r = rt();
        for pair in tuple::items(&pairs).chunks(2) {
            if !r.is_none(&pair[1]) {
                handle_callback(&pair[0], &pair[1]);
            }
        }
        drop(pairs);
    }
}

/// `_PyWeakref_ClearRef`: kills a reference but keeps its callback (for the collector).
///
/// # Safety
/// `wr` is a live weak reference.
unsafe fn clear_ref_keep_callback(wr: *mut WeakRefObject) {
    // SAFETY: caller contract.
    unsafe { unlink(wr) }
}

/// The collector's `handle_weakrefs`: every weak reference to an unreachable object (and
/// every unreachable weak reference) is cleared before any finalizer runs; references that
/// are themselves reachable and have a callback then get it called. Returns how many of
/// those references were freed by dropping the collector's hold on them (they count as
/// collected).
///
/// # Safety
/// `unreachable` is the collector's list of unreachable objects (marked COLLECTING, masks
/// cleared); `old` is the generation survivors move to.
pub unsafe fn handle_weakrefs(unreachable: *mut GcHead, old: *mut GcHead) -> usize {
    use crate::gc::{head_of, list_is_empty, list_move, next_of, object_of, ListHead};
    let mut to_call = ListHead::new();
    // SAFETY: the lists are consistent; objects in them are live.
    unsafe {
        let mut g = next_of(unreachable);
        while g != unreachable {
            let op = object_of(g);
            let next = next_of(g);
            let t = &*(*op).ob_type;
            if is_weakref_type(t) {
                // A weak reference that is trash itself never calls back.
                clear_ref_keep_callback(op as *mut WeakRefObject);
            }
            if supports_weakrefs(t) {
                let list = list_ptr(op);
                while !(*list).is_null() {
                    let wr = *list;
                    clear_ref_keep_callback(wr);
                    if (*wr).wr_callback.is_null() {
                        continue;
                    }
                    let wop = wr as *mut PyObject;
                    // Trash references were cleared above (or will be); a reference on
                    // its way out (deferred, untracked) cannot be called either.
                    if crate::gc::is_collecting_obj(wop) || !crate::gc::is_tracked(wop) {
                        continue;
                    }
                    incref(wop);
                    list_move(head_of(wop), to_call.ptr());
                }
            }
            g = next;
        }
        let mut freed = 0;
        while !list_is_empty(to_call.ptr()) {
            let g = next_of(to_call.ptr());
            let op = object_of(g);
            let wr = ManuallyDrop::new(Obj::from_owned(op));
            let cb = (*(op as *mut WeakRefObject)).wr_callback;
            if !cb.is_null() {
                let cb = ManuallyDrop::new(Obj::from_owned(cb));
                handle_callback(&wr, &cb);
            }
            decref(op);
            if next_of(to_call.ptr()) == g {
                // Still alive: it survives into the older generation.
                list_move(g, old);
            } else {
                freed += 1;
            }
        }
        freed
    }
}

/// The first weak reference to `o` (`__weakref__`), or None.
pub fn first_weakref(o: &Obj) -> Obj {
    if !supports_weakrefs(o.typ()) {
        return rt().none();
    }
    // SAFETY: o supports weak references; the head is a live reference or null.
    unsafe {
        let head = *list_ptr(o.as_ptr());
        if head.is_null() {
            rt().none()
        } else {
            Obj::from_borrowed(head as *mut PyObject)
        }
    }
}

/// The weak references to `o`, in list order.
fn weakrefs_of(o: &Obj) -> Vec<Obj> {
    let mut v = Vec::new();
    if !supports_weakrefs(o.typ()) {
        return v;
    }
    // SAFETY: the list holds live references.
    unsafe {
        let mut cur = *list_ptr(o.as_ptr());
        while !cur.is_null() {
            v.push(Obj::from_borrowed(cur as *mut PyObject));
            cur = (*cur).wr_next;
        }
    }
    v
}

// ---------------------------------------------------------------- the ref type slots

/// # Safety
/// Refcount reached zero.
pub unsafe fn dealloc(p: *mut PyObject) {
    // SAFETY: p is a dead weak reference we own.
    unsafe {
        crate::gc::untrack(p);
        clear_weakref(p as *mut WeakRefObject);
        super::free_object(p);
    }
}

/// # Safety
/// `p` is a weak reference.
pub unsafe fn traverse(p: *mut PyObject, visit: &mut dyn FnMut(*mut PyObject)) {
    // SAFETY: live field.
    let cb = unsafe { (*(p as *mut WeakRefObject)).wr_callback };
    if !cb.is_null() {
        visit(cb);
    }
}

/// # Safety
/// `p` is a weak reference found unreachable.
pub unsafe fn clear(p: *mut PyObject) {
    // SAFETY: caller contract.
    unsafe { clear_weakref(p as *mut WeakRefObject) }
}

fn nkw(kwnames: Option<&Obj>) -> usize {
    kwnames.map(tuple::len).unwrap_or(0)
}

fn unpack<'a>(name: &str, args: &'a [Obj], min: usize, max: usize) -> PyResult<&'a [Obj]> {
    if args.len() < min {
        return Err(type_error(&format!(
            "{} expected at least {} argument{}, got {}",
            name,
            min,
            if min == 1 { "" } else { "s" },
            args.len()
        )));
    }
    if args.len() > max {
        return Err(type_error(&format!(
            "{} expected at most {} argument{}, got {}",
            name,
            max,
            if max == 1 { "" } else { "s" },
            args.len()
        )));
    }
    Ok(args)
}

/// `tp_new` of `ref`: keyword arguments are ignored here (`__init__` refuses them).
pub fn ref_new(cls: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let pos = unpack("__new__", &args[..args.len() - nkw(kwnames)], 1, 2)?;
    new_ref(cls.as_ptr() as *mut TypeObject, &pos[0], pos.get(1))
}

/// `ReferenceType.__new__(cls, ob[, callback])` called explicitly (a subclass's `__new__`).
fn ref_new_m(_cls: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let r = rt();
    let Some(target) = args.first() else {
        return Err(type_error("ReferenceType.__new__(): not enough arguments"));
    };
    if crate::ops::kind(target) != Kind::Type {
        return Err(type_error(&format!(
            "ReferenceType.__new__(X): X is not a type object ({})",
            target.typ().name()
        )));
    }
    // SAFETY: target is a live type.
    let t = unsafe { &*(target.as_ptr() as *mut TypeObject) };
    if !t.is_subtype(r.types.weakref) {
        return Err(type_error(&format!(
            "ReferenceType.__new__({}): {} is not a subtype of ReferenceType",
            t.name(),
            t.name()
        )));
    }
    ref_new(target, &args[1..], kwnames)
}

/// `ReferenceType.__init__`: validates the arguments.
fn ref_init(_self: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    if nkw(kwnames) > 0 {
        return Err(type_error("ref() takes no keyword arguments"));
    }
    unpack("__init__", args, 1, 2)?;
    Ok(rt().none())
}

/// Calling a reference: the referent, or None.
pub fn ref_call(o: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    if nkw(kwnames) > 0 {
        return Err(type_error("weakref() takes no keyword arguments"));
    }
    if !args.is_empty() {
        return Err(type_error(&format!(
            "weakref expected 0 arguments, got {}",
            args.len()
        )));
    }
    Ok(referent(o).unwrap_or_else(|| rt().none()))
}

/// The referent's hash, computed once and kept (so a dead reference still hashes).
pub fn ref_hash(o: &Obj) -> PyResult<isize> {
    let w = raw(o);
    // SAFETY: o is a weak reference.
    unsafe {
        if (*w).hash != -1 {
            return Ok((*w).hash);
        }
    }
    let Some(obj) = referent(o) else {
        return Err(type_error("weak object has gone away"));
    };
    let h = crate::ops::hash(&obj)?;
    // SAFETY: as above.
    unsafe { (*w).hash = h };
    Ok(h)
}

pub fn ref_repr(o: &Obj) -> PyResult<Obj> {
    let Some(obj) = referent(o) else {
        return pystr::new_str(&format!("<weakref at {:#x}; dead>", o.id()));
    };
    let name = crate::ops::getattr_opt(&obj, &pystr::intern_str("__name__")?)?
        .filter(|n| super::is_instance(n, rt().types.str));
    let text = match name {
        Some(n) => format!(
            "<weakref at {:#x}; to '{}' at {:#x} ({})>",
            o.id(),
            obj.typ().full_name(),
            obj.id(),
            pystr::as_str(&n)
        ),
        None => format!(
            "<weakref at {:#x}; to '{}' at {:#x}>",
            o.id(),
            obj.typ().full_name(),
            obj.id()
        ),
    };
    pystr::new_str(&text)
}

/// Equality compares the referents while both are alive, identity otherwise; no ordering.
pub fn ref_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    let r = rt();
    if !matches!(op, CompareOp::Eq | CompareOp::Ne)
        || !is_weakref_type(a.typ())
        || !is_weakref_type(b.typ())
    {
        return Ok(r.not_implemented());
    }
    match (referent(a), referent(b)) {
        (Some(x), Some(y)) => crate::ops::richcompare(&x, &y, op),
        _ => Ok(r.bool_obj(a.is(b) == (op == CompareOp::Eq))),
    }
}

/// `__callback__` (read-only) and the generic attributes.
pub fn ref_getattro(o: &Obj, name: &Obj) -> PyResult<Obj> {
    if &*pystr::as_str(name) == "__callback__" {
        // SAFETY: o is a weak reference; the callback is live or null.
        let cb = unsafe { (*raw(o)).wr_callback };
        return Ok(if cb.is_null() {
            rt().none()
        } else {
            // SAFETY: as above.
            unsafe { Obj::from_borrowed(cb) }
        });
    }
    super::typeobject::object_getattro(o, name)
}

pub fn ref_setattro(o: &Obj, name: &Obj, value: Option<&Obj>) -> PyResult<()> {
    let n = pystr::as_str(name);
    if &*n == "__callback__" {
        return Err(super::exceptions::attribute_error(
            o,
            name,
            "readonly attribute",
        ));
    }
    if !o.typ().is_heap() {
        return Err(super::exceptions::attribute_error(
            o,
            name,
            &format!("'{}' object has no attribute '{}'", o.typ().full_name(), n),
        ));
    }
    super::typeobject::generic_setattr(o, name, value)
}

fn ref_call_m(self_: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    ref_call(self_, args, kwnames)
}

fn ref_hash_m(self_: &Obj, _args: &[Obj], _kwnames: Option<&Obj>) -> PyResult<Obj> {
    int::new_int(ref_hash(self_)? as i64)
}

fn ref_repr_m(self_: &Obj, _args: &[Obj], _kwnames: Option<&Obj>) -> PyResult<Obj> {
    ref_repr(self_)
}

fn compare_m(self_: &Obj, args: &[Obj], op: CompareOp) -> PyResult<Obj> {
    match args {
        [other] => ref_richcompare(self_, other, op),
        _ => Err(type_error(&format!(
            "expected 1 argument, got {}",
            args.len()
        ))),
    }
}

fn ref_eq_m(self_: &Obj, args: &[Obj], _kwnames: Option<&Obj>) -> PyResult<Obj> {
    compare_m(self_, args, CompareOp::Eq)
}

fn ref_ne_m(self_: &Obj, args: &[Obj], _kwnames: Option<&Obj>) -> PyResult<Obj> {
    compare_m(self_, args, CompareOp::Ne)
}

/// The slot wrappers of `ReferenceType` that Python code reaches (`super().__call__()`,
/// `ref.__eq__(a, b)`), and its constructor.
pub static REF_METHODS: &[super::descr::MethodDef] = &[
    super::descr::MethodDef::static_("__new__", ref_new_m),
    super::descr::MethodDef::new("__init__", ref_init),
    super::descr::MethodDef::new("__call__", ref_call_m),
    super::descr::MethodDef::new("__hash__", ref_hash_m),
    super::descr::MethodDef::new("__repr__", ref_repr_m),
    super::descr::MethodDef::new("__eq__", ref_eq_m),
    super::descr::MethodDef::new("__ne__", ref_ne_m),
];

// ---------------------------------------------------------------- proxies

fn reference_error() -> crate::runtime::PyErr {
    super::exceptions::new_err(
        rt().exc.reference_error,
        "weakly-referenced object no longer exists",
    )
}

/// The object a proxy stands for (ReferenceError if it is gone).
fn proxy_target(p: &Obj) -> PyResult<Obj> {
    referent(p).ok_or_else(reference_error)
}

/// `UNWRAP`: a proxy's referent, any other object itself.
pub fn unwrap_proxy(o: &Obj) -> PyResult<Obj> {
    if o.typ().kind == Kind::WeakProxy {
        proxy_target(o)
    } else {
        Ok(o.clone())
    }
}

pub fn proxy_getattr(p: &Obj, name: &Obj) -> PyResult<Obj> {
    crate::ops::getattr(&proxy_target(p)?, name)
}

pub fn proxy_setattr(p: &Obj, name: &Obj, value: Option<&Obj>) -> PyResult<()> {
    crate::ops::setattr(&proxy_target(p)?, name, value)
}

pub fn proxy_repr(p: &Obj) -> PyResult<Obj> {
    let obj = referent(p).unwrap_or_else(|| rt().none());
    pystr::new_str(&format!(
        "<weakproxy at {:#x} to {} at {:#x}>",
        p.id(),
        obj.typ().full_name(),
        obj.id()
    ))
}

pub fn proxy_str(p: &Obj) -> PyResult<Obj> {
    crate::ops::str(&proxy_target(p)?)
}

pub fn proxy_call(p: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    crate::ops::call(&proxy_target(p)?, args, kwnames)
}

pub fn proxy_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    crate::ops::richcompare(&unwrap_proxy(a)?, &unwrap_proxy(b)?, op)
}

/// Proxies are unhashable (the referent may die), with the type's full name.
pub fn proxy_hash(p: &Obj) -> PyResult<isize> {
    Err(type_error(&format!(
        "unhashable type: '{}'",
        p.typ().full_name()
    )))
}

/// `bool(proxy)`: the referent's truth.
pub fn proxy_bool(p: &Obj) -> PyResult<bool> {
    crate::ops::truthy(&proxy_target(p)?)
}

pub fn proxy_len(p: &Obj) -> PyResult<usize> {
    crate::ops::len(&proxy_target(p)?)
}

pub fn proxy_getitem(p: &Obj, key: &Obj) -> PyResult<Obj> {
    crate::ops::getitem(&proxy_target(p)?, key)
}

pub fn proxy_setitem(p: &Obj, key: &Obj, value: Option<&Obj>) -> PyResult<()> {
    crate::ops::setitem(&proxy_target(p)?, key, value)
}

pub fn proxy_contains(p: &Obj, item: &Obj) -> PyResult<bool> {
    crate::ops::contains(&proxy_target(p)?, item)
}

pub fn proxy_iter(p: &Obj) -> PyResult<Obj> {
    crate::ops::iter(&proxy_target(p)?)
}

pub fn proxy_iternext(p: &Obj) -> PyResult<Option<Obj>> {
    let obj = proxy_target(p)?;
    if obj.typ().tp_iternext.is_none() {
        return Err(type_error(&format!(
            "Weakref proxy referenced a non-iterator '{}' object",
            obj.typ().full_name()
        )));
    }
    crate::ops::next(&obj)
}

// ---------------------------------------------------------------- the _weakref module

fn one_arg<'a>(name: &str, args: &'a [Obj], kwnames: Option<&Obj>) -> PyResult<&'a Obj> {
    if nkw(kwnames) > 0 {
        return Err(type_error(&format!(
            "{}() takes no keyword arguments",
            name
        )));
    }
    if args.len() != 1 {
        return Err(type_error(&format!(
            "{}() takes exactly one argument ({} given)",
            name,
            args.len()
        )));
    }
    Ok(&args[0])
}

fn m_getweakrefcount(_m: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let o = one_arg("getweakrefcount", args, kwnames)?;
    int::from_usize(weakrefs_of(o).len())
}

fn m_getweakrefs(_m: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    let o = one_arg("getweakrefs", args, kwnames)?;
    list::new_list(weakrefs_of(o))
}

fn m_proxy(_m: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    if nkw(kwnames) > 0 {
        return Err(type_error("proxy() takes no keyword arguments"));
    }
    let pos = unpack("proxy", args, 1, 2)?;
    new_proxy(&pos[0], pos.get(1))
}

/// `_remove_dead_weakref(dict, key)`: deletes `dict[key]` if it is a dead reference.
fn m_remove_dead_weakref(_m: &Obj, args: &[Obj], kwnames: Option<&Obj>) -> PyResult<Obj> {
    if nkw(kwnames) > 0 {
        return Err(type_error(
            "_remove_dead_weakref() takes no keyword arguments",
        ));
    }
    if args.len() != 2 {
        return Err(type_error(&format!(
            "_remove_dead_weakref expected 2 arguments, got {}",
            args.len()
        )));
    }
    let (d, key) = (&args[0], &args[1]);
    if !super::is_instance(d, rt().types.dict) {
        return Err(type_error(&format!(
            "_remove_dead_weakref() argument 1 must be dict, not {}",
            d.typ().name()
        )));
    }
    if let Some(v) = dict::get_item(d, key)? {
        if !is_weakref_type(v.typ()) {
            return Err(type_error("not a weakref"));
        }
        if referent(&v).is_none() {
            drop(v);
            dict::del_item(d, key)?;
        }
    }
    Ok(rt().none())
}

static FUNCTIONS: &[super::descr::MethodDef] = &[
    super::descr::MethodDef::checked("getweakrefcount", m_getweakrefcount),
    super::descr::MethodDef::checked("getweakrefs", m_getweakrefs),
    super::descr::MethodDef::new("proxy", m_proxy),
    super::descr::MethodDef::new("_remove_dead_weakref", m_remove_dead_weakref),
];

/// The `_weakref` module.
pub fn make_c_module() -> PyResult<Obj> {
    let r = rt();
    let m = super::module::new_module("_weakref")?;
    crate::modules::add_functions(&m, FUNCTIONS)?;
    let d = super::module::dict(&m);
    crate::modules::add_type(&d, "ref", r.types.weakref)?;
    crate::modules::add_type(&d, "ReferenceType", r.types.weakref)?;
    crate::modules::add_type(&d, "ProxyType", r.types.weakproxy)?;
    crate::modules::add_type(&d, "CallableProxyType", r.types.weakcallableproxy)?;
    Ok(m)
}

/// The `weakref` module: the `_weakref` names plus the Python-level classes of CPython's
/// `Lib/weakref.py` and `Lib/_weakrefset.py`, compiled from [`WEAKREF_SOURCE`].
pub fn make_py_module() -> PyResult<Obj> {
    crate::modules::run_source_module("weakref", WEAKREF_SOURCE)
}

/// The Python half of the `weakref` module.
pub const WEAKREF_SOURCE: &str = include_str!("../modules/weakref.py");

// ---------------------------------------------------------------- the types

/// The slots of `weakref.ReferenceType`.
pub fn setup_ref_type(t: &mut TypeObject) {
    t.tp_new = Some(ref_new);
    t.tp_call = Some(ref_call);
    t.tp_hash = Some(ref_hash);
    t.tp_repr = Some(ref_repr);
    t.tp_richcompare = Some(ref_richcompare);
    t.tp_getattro = Some(ref_getattro);
    t.tp_setattro = Some(ref_setattro);
    t.tp_traverse = Some(traverse);
    t.tp_clear = Some(clear);
}

/// The slots of `weakref.ProxyType` (and, with `tp_call`, `weakref.CallableProxyType`).
pub fn setup_proxy_type(t: &mut TypeObject, callable: bool) {
    t.tp_new = None;
    t.tp_repr = Some(proxy_repr);
    t.tp_str = Some(proxy_str);
    t.tp_hash = Some(proxy_hash);
    t.tp_getattro = Some(proxy_getattr);
    t.tp_setattro = Some(proxy_setattr);
    t.tp_richcompare = Some(proxy_richcompare);
    t.tp_len = Some(proxy_len);
    t.tp_getitem = Some(proxy_getitem);
    t.tp_setitem = Some(proxy_setitem);
    t.tp_contains = Some(proxy_contains);
    t.tp_iter = Some(proxy_iter);
    t.tp_iternext = Some(proxy_iternext);
    t.tp_traverse = Some(traverse);
    t.tp_clear = Some(clear);
    if callable {
        t.tp_call = Some(proxy_call);
    }
}
