//! Methods of `int` and `float`.

use super::descr::MethodDef;

pub static METHODS: &[MethodDef] = &[];
pub static FLOAT_METHODS: &[MethodDef] = &[];
