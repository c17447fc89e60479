//! Per-type free lists (CPython 3.11's limits): deallocated objects of the commonest types
//! are kept for reuse instead of going back to the allocator.
//!
//! | type            | kept            | reused for                      |
//! |-----------------|-----------------|---------------------------------|
//! | float           | 100             | any float                       |
//! | tuple           | 2000 per size   | sizes 1..=19 (20 is kept, never reused) |
//! | list            | 80 headers      | any list (item array freed)     |
//! | dict            | 80 objects      | any dict                        |
//!
//! Objects on a free list keep their memory but are not counted by the allocator's
//! "blocks in use" as live objects; a full collection (`gc.collect()`) empties the lists.

use crate::object::PyObject;

pub const FLOAT_MAXFREELIST: usize = 100;
pub const TUPLE_MAXSAVESIZE: usize = 20;
pub const TUPLE_MAXFREELIST: usize = 2000;
pub const LIST_MAXFREELIST: usize = 80;
pub const DICT_MAXFREELIST: usize = 80;

#[derive(Default)]
pub struct FreeLists {
    pub float: Vec<*mut PyObject>,
    /// Index `size - 1`.
    pub tuple: [Vec<*mut PyObject>; TUPLE_MAXSAVESIZE],
    pub list: Vec<*mut PyObject>,
    pub dict: Vec<*mut PyObject>,
}

impl FreeLists {
    /// Returns every cached object to the allocator (`clear_freelists`).
    ///
    /// # Safety
    /// The cached objects are dead and owned by the lists.
    pub unsafe fn clear(&mut self) {
        let all = self
            .float
            .drain(..)
            .chain(self.tuple.iter_mut().flat_map(|v| v.drain(..)))
            .chain(self.list.drain(..))
            .chain(self.dict.drain(..))
            .collect::<Vec<_>>();
        for p in all {
            // SAFETY: dead cached objects; free_object releases their memory (and their
            // type is built-in, so no type reference is released).
            unsafe { crate::objects::free_object(p) };
        }
    }
}

/// The free-list lines of `sys._debugmallocstats()`.
pub fn write_stats(out: &mut String) {
    let fl = crate::runtime::rt().freelists();
    let line = |out: &mut String, label: &str, value: usize| {
        out.push_str(&format!("{:>48} = {:>21}\n", label, group_thousands(value)));
    };
    for (i, v) in fl.tuple.iter().enumerate() {
        line(out, &format!("free {}-sized PyTupleObject", i + 1), v.len());
    }
    line(
        out,
        &format!("{} free PyFloatObjects * 24 bytes each", fl.float.len()),
        fl.float.len() * 24,
    );
    line(
        out,
        &format!("{} free PyListObjects * 40 bytes each", fl.list.len()),
        fl.list.len() * 40,
    );
    line(
        out,
        &format!("{} free PyDictObjects * 48 bytes each", fl.dict.len()),
        fl.dict.len() * 48,
    );
}

fn group_thousands(v: usize) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
