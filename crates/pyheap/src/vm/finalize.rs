//! Finalizers: calling `__del__` and reporting its exceptions the way CPython does
//! ("Exception ignored in: ..." followed by the traceback on stderr).

use crate::object::Obj;
use crate::objects::typeobject::lookup_str;
use crate::runtime::rt;

/// Calls `o.__del__()`; an exception is printed and swallowed.
pub fn call_del(o: &Obj) {
    let Some(del) = lookup_str(o.type_ptr(), "__del__") else {
        return;
    };
    // A finalizer runs with the current exception saved (PyErr_Fetch/Restore).
    let saved = rt().state.borrow_mut().handled_exc.take();
    let res = crate::ops::call_method_obj(&del, o, &[]);
    rt().state.borrow_mut().handled_exc = saved;
    if let Err(e) = res {
        let what = crate::ops::repr_string(&del).unwrap_or_else(|_| "<object>".into());
        crate::vm::traceback::write_unraisable(&format!("Exception ignored in: {}", what), &e.0);
    }
}
