//! Methods of `str`.

use super::descr::MethodDef;

pub static METHODS: &[MethodDef] = &[];
