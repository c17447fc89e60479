//! `bool`: a subclass of `int` with exactly two instances, `True` (one digit, 28 bytes) and
//! `False` (zero digits but, like every int, room for one: 28 bytes).

use crate::object::Obj;
use crate::runtime::rt;

#[inline]
pub fn is_true_obj(o: &Obj) -> bool {
    o.as_ptr() == rt().true_
}
