//! Code generation: the AST, with its symbol table, becomes a tree of code objects.
//!
//! Constants follow CPython's compiler exactly where it shows in reference counts:
//!
//! * every literal in the source (and every constant the optimiser folds) is a fresh
//!   object held by the compilation's *arena* — the AST's reference, which lives as long as
//!   a file run does (`FACTS.md` §4.4);
//! * equal constants are merged across the whole compilation unit through one cache, so
//!   the first object seen for a value is the one every `co_consts` refers to;
//! * string constants made only of name characters are interned.

use super::bytecode_size::{self as cpy, Const as CpyConst, Line, Shadow, NO_LINE};
use super::symtable::{NameScope, ScopeKind, SymbolTable};
use crate::object::Obj;
use crate::objects::code::{self, CodeData, Handler};
use crate::objects::{float, int, str as pystr, tuple};
use crate::ops::BinOp;
use crate::runtime::{rt, PyResult};
use crate::typeobj::CompareOp;
use crate::vm::opcode::{Instr, Location};
use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};
use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};
use ruff_text_size::{Ranged, TextRange};
use shadow::{percent_format, NO_JUMP};
use std::collections::HashMap;
use std::rc::Rc;

mod shadow;

/// A compile-time constant value, before it becomes an object.
#[derive(Clone, Debug, PartialEq)]
pub enum ConstVal {
    None,
    Bool(bool),
    Ellipsis,
    Int(BigInt),
    Float(f64),
    Complex(f64, f64),
    Str(String),
    Bytes(Vec<u8>),
    Tuple(Vec<ConstVal>),
}

/// Identity of a constant for merging: equal values of the same type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum ConstKey {
    None,
    Bool(bool),
    Ellipsis,
    Int(BigInt),
    Float(u64),
    Complex(u64, u64),
    Str(String),
    Bytes(Vec<u8>),
    Tuple(Vec<ConstKey>),
    Code(usize),
}

impl ConstVal {
    fn key(&self) -> ConstKey {
        match self {
            ConstVal::None => ConstKey::None,
            ConstVal::Bool(b) => ConstKey::Bool(*b),
            ConstVal::Ellipsis => ConstKey::Ellipsis,
            ConstVal::Int(i) => ConstKey::Int(i.clone()),
            ConstVal::Float(f) => ConstKey::Float(f.to_bits()),
            ConstVal::Complex(re, im) => ConstKey::Complex(re.to_bits(), im.to_bits()),
            ConstVal::Str(s) => ConstKey::Str(s.clone()),
            ConstVal::Bytes(b) => ConstKey::Bytes(b.clone()),
            ConstVal::Tuple(t) => ConstKey::Tuple(t.iter().map(|v| v.key()).collect()),
        }
    }
}

/// A SyntaxError found while compiling: message and byte offset range.
#[derive(Debug)]
pub struct CompileError {
    pub msg: String,
    pub range: TextRange,
}

type CResult<T> = Result<T, CompileErr>;

/// Either a SyntaxError to report or a Python exception (MemoryError) from object creation.
pub enum CompileErr {
    Syntax(CompileError),
    Py(crate::runtime::PyErr),
}

impl From<crate::runtime::PyErr> for CompileErr {
    fn from(e: crate::runtime::PyErr) -> Self {
        CompileErr::Py(e)
    }
}

fn syntax<T>(msg: &str, range: TextRange) -> CResult<T> {
    Err(CompileErr::Syntax(CompileError {
        msg: msg.to_string(),
        range,
    }))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum FBlock {
    /// A `try` body with `except` handlers (a SetupFinally is active).
    TryExcept,
    /// A `try` body with a `finally` (index of the finally body in `finally_bodies`).
    TryFinally(usize),
    /// An `except` handler body: the previous exception is on the stack.
    HandlerCleanup,
    /// A `finally` body run for an exception (CPython's `FINALLY_END`).
    FinallyEnd,
    /// A `finally` body run by a `return`: the return value is on the stack.
    PopValue,
    /// A named `except ... as name` body.
    HandlerNamed(usize),
    /// A `with` body: the exit function is on the stack. The line of the `with`.
    With(u32),
    /// A `for` loop: the iterator is on the stack.
    ForLoop,
    WhileLoop,
}

struct LoopCtx {
    continue_target: usize,
    breaks: Vec<usize>,
    /// Depth of `fblocks` when the loop started (its own fblock is at this index).
    fblock_depth: usize,
}

/// One code object under construction.
struct Unit {
    scope: usize,
    kind: ScopeKind,
    name: String,
    qualname: String,
    instrs: Vec<Instr>,
    locs: Vec<Location>,
    consts: Vec<Obj>,
    const_index: HashMap<ConstKey, u32>,
    names: Vec<String>,
    name_index: HashMap<String, u32>,
    varnames: Vec<String>,
    var_index: HashMap<String, u32>,
    cellvars: Vec<String>,
    freevars: Vec<String>,
    argcount: u32,
    posonlyargcount: u32,
    kwonlyargcount: u32,
    flags: u32,
    firstlineno: u32,
    loc: Location,
    loops: Vec<LoopCtx>,
    fblocks: Vec<FBlock>,
    /// CPython's instructions for the same code, for `sys.getsizeof` (see
    /// [`cpy`](super::bytecode_size)).
    shadow: Shadow,
    /// For each instruction, where its CPython counterpart starts in `shadow`.
    shadow_at: Vec<u32>,
    /// For each instruction, the shadow jump it is the counterpart of (`NO_JUMP` if none).
    shadow_jump: Vec<u32>,
    /// CPython's current line (`u_lineno`): `NO_LINE` after its `UNSET_LOC`.
    cpy_line: Line,
    /// Above zero, instructions have no CPython counterpart.
    silent: u32,
    /// The docstring statement, which CPython does not compile as a statement.
    docstring: Option<TextRange>,
}

pub struct Compiler<'src> {
    source: &'src str,
    source_rc: Rc<str>,
    line_starts: Vec<u32>,
    filename: Obj,
    st: SymbolTable,
    pub arena: Vec<Obj>,
    const_cache: HashMap<ConstKey, Obj>,
    units: Vec<Unit>,
    finally_bodies: Vec<&'src [Stmt]>,
    /// Whether the module runs in interactive mode (expression statements are printed).
    interactive: bool,
    next_code_id: usize,
    /// Above zero, code is compiled for the shadow only (see [`Compiler::shadow_only`]).
    dry_run: u32,
    /// `from __future__ import annotations`: CPython keeps annotations as strings.
    future_annotations: bool,
}

/// Compiles a module. Returns the module code object; the arena (literal references)
/// is left in `arena` for the caller to keep or drop.
pub fn compile_module(
    module: &ast::ModModule,
    source: &str,
    filename: &str,
    interactive: bool,
) -> Result<(Obj, Vec<Obj>), CompileErr> {
    let st = super::symtable::build(module).map_err(|e| {
        CompileErr::Syntax(CompileError {
            msg: e.msg,
            range: TextRange::new((e.offset).into(), (e.offset).into()),
        })
    })?;
    let mut line_starts = vec![0u32];
    for (i, b) in source.bytes().enumerate() {
        if b == b'\n' {
            line_starts.push(i as u32 + 1);
        }
    }
    let mut c = Compiler {
        source,
        source_rc: Rc::from(source),
        line_starts,
        filename: pystr::new_str(filename)?,
        st,
        arena: Vec::new(),
        const_cache: HashMap::new(),
        units: Vec::new(),
        finally_bodies: Vec::new(),
        interactive,
        next_code_id: 0,
        dry_run: 0,
        future_annotations: module.body.iter().any(|s| {
            matches!(s, Stmt::ImportFrom(i)
                if i.module.as_ref().is_some_and(|m| m.as_str() == "__future__")
                    && i.names.iter().any(|a| a.name.as_str() == "annotations"))
        }),
    };
    c.push_unit(0, "<module>", "<module>", 1);
    c.set_loc_line(1);
    c.shadow_annotations_setup(&module.body);
    if let Some(Stmt::Expr(e)) = module.body.first() {
        if let Expr::StringLiteral(_) = &*e.value {
            c.set_loc(e.range);
            c.expr(&e.value)?;
            c.unset_loc();
            let di = c.name_idx("__doc__");
            c.emit(Instr::StoreName(di));
            c.u().docstring = Some(e.range);
        }
    }
    for s in &module.body {
        c.stmt(s)?;
    }
    c.unset_loc();
    c.emit_const(ConstVal::None)?;
    c.emit(Instr::ReturnValue);
    let code = c.pop_unit()?;
    Ok((code, std::mem::take(&mut c.arena)))
}

impl<'src> Compiler<'src> {
    // ------------------------------------------------------------ units

    fn u(&mut self) -> &mut Unit {
        self.units.last_mut().expect("compiler unit")
    }

    fn push_unit(&mut self, scope: usize, name: &str, qualname: &str, firstlineno: u32) {
        let sc = &self.st.scopes[scope];
        let kind = sc.kind;
        let mut varnames = Vec::new();
        let mut var_index = HashMap::new();
        if sc.is_function_like() {
            for p in &sc.params {
                if !var_index.contains_key(p) {
                    var_index.insert(p.clone(), varnames.len() as u32);
                    varnames.push(p.clone());
                }
            }
            for n in &sc.order {
                if sc.resolved.get(n) == Some(&NameScope::Local) && !var_index.contains_key(n) {
                    var_index.insert(n.clone(), varnames.len() as u32);
                    varnames.push(n.clone());
                }
            }
        }
        let cellvars = sc.cellvars();
        let freevars = sc.freevars();
        let mut flags = 0;
        if sc.is_function_like() {
            flags |= code::CO_OPTIMIZED | code::CO_NEWLOCALS;
        }
        if sc.is_generator {
            flags |= code::CO_GENERATOR;
        }
        if !freevars.is_empty() {
            flags |= code::CO_NESTED;
        }
        // CPython's RESUME carries the first line, or line 0 in a module.
        let resume_line = if kind == ScopeKind::Module {
            0
        } else {
            firstlineno as Line
        };
        self.units.push(Unit {
            scope,
            kind,
            name: name.to_string(),
            qualname: qualname.to_string(),
            instrs: Vec::new(),
            locs: Vec::new(),
            consts: Vec::new(),
            const_index: HashMap::new(),
            names: Vec::new(),
            name_index: HashMap::new(),
            varnames,
            var_index,
            cellvars,
            freevars,
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            flags,
            firstlineno,
            loc: Location {
                line: firstlineno,
                end_line: firstlineno,
                ..Default::default()
            },
            loops: Vec::new(),
            fblocks: Vec::new(),
            shadow: Shadow::new(resume_line),
            shadow_at: Vec::new(),
            shadow_jump: Vec::new(),
            cpy_line: if kind == ScopeKind::Module {
                NO_LINE
            } else {
                firstlineno as Line
            },
            silent: 0,
            docstring: None,
        });
    }

    fn pop_unit(&mut self) -> CResult<Obj> {
        let u = self.units.pop().expect("compiler unit");
        let strs = |v: &[String]| -> PyResult<Obj> {
            tuple::new_tuple(
                v.iter()
                    .map(|s| pystr::intern_str(s))
                    .collect::<PyResult<Vec<_>>>()?,
            )
        };
        let cell2arg = u
            .cellvars
            .iter()
            .map(|c| {
                u.varnames
                    .iter()
                    .position(|v| v == c)
                    .filter(|&i| {
                        (i as u32)
                            < u.argcount
                                + u.kwonlyargcount
                                + (u.flags & code::CO_VARARGS != 0) as u32
                                + (u.flags & code::CO_VARKEYWORDS != 0) as u32
                    })
                    .map(|i| i as u32)
            })
            .collect();
        let stacksize = max_stack_depth(&u.instrs);
        let code_units = u.shadow.code_units(cpy::Facts {
            nlocals: u.varnames.len() as u32,
            ncells: u.cellvars.len() as u32,
            nfrees: u.freevars.len() as u32,
            generator: u.flags & code::CO_GENERATOR != 0,
            firstlineno: u.firstlineno as Line,
            nconsts: u.consts.len() as u32,
        }) as u32;
        let mut instrs = u.instrs;
        crate::vm::opcode::fuse_superinstructions(&mut instrs);
        let nfast = (u.varnames.len() + u.cellvars.len() + u.freevars.len()) as u32;
        let exact_call_nargs = CodeData::exact_call_nargs_of(
            u.argcount,
            u.kwonlyargcount,
            u.flags,
            u.varnames.len(),
            nfast,
        );
        let data = CodeData {
            consts: tuple::new_tuple(u.consts)?,
            names: strs(&u.names)?,
            varnames: strs(&u.varnames)?,
            cellvars: strs(&u.cellvars)?,
            freevars: strs(&u.freevars)?,
            filename: self.filename.clone(),
            name: pystr::intern_str(&u.name)?,
            qualname: pystr::new_str(&u.qualname)?,
            argcount: u.argcount,
            posonlyargcount: u.posonlyargcount,
            kwonlyargcount: u.kwonlyargcount,
            flags: u.flags,
            firstlineno: u.firstlineno,
            instrs,
            locations: u.locs,
            handlers: Vec::<Handler>::new(),
            cell2arg,
            stacksize,
            code_units,
            nfast,
            exact_call_nargs,
            source: self.source_rc.clone(),
            global_cache: (0..u.names.len()).map(|_| Default::default()).collect(),
            attr_cache: (0..u.names.len()).map(|_| Default::default()).collect(),
        };
        Ok(code::new_code(data)?)
    }

    // ------------------------------------------------------------ emission

    fn emit(&mut self, i: Instr) -> usize {
        let u = self.u();
        let loc = u.loc;
        u.instrs.push(i);
        u.locs.push(loc);
        u.shadow_at.push(u.shadow.len() as u32);
        u.shadow_jump.push(NO_JUMP);
        let at = u.instrs.len() - 1;
        if u.silent == 0 {
            self.shadow_of(i, at);
        }
        at
    }

    fn here(&mut self) -> usize {
        self.u().instrs.len()
    }

    fn patch(&mut self, at: usize, target: usize) {
        let t = target as u32;
        let u = self.u();
        let label = match u.shadow_at.get(target) {
            Some(&l) => l as usize,
            None => u.shadow.len(),
        };
        if let Some(&c) = u.shadow_jump.get(at).filter(|&&c| c != NO_JUMP) {
            u.shadow.set_target(c as usize, label);
        }
        u.instrs[at] = match u.instrs[at] {
            Instr::Jump(_) => Instr::Jump(t),
            Instr::PopJumpIfFalse(_) => Instr::PopJumpIfFalse(t),
            Instr::PopJumpIfTrue(_) => Instr::PopJumpIfTrue(t),
            Instr::PopJumpIfNone(_) => Instr::PopJumpIfNone(t),
            Instr::PopJumpIfNotNone(_) => Instr::PopJumpIfNotNone(t),
            Instr::JumpIfFalseOrPop(_) => Instr::JumpIfFalseOrPop(t),
            Instr::JumpIfTrueOrPop(_) => Instr::JumpIfTrueOrPop(t),
            Instr::ForIter(_) => Instr::ForIter(t),
            Instr::SetupFinally(_) => Instr::SetupFinally(t),
            Instr::SetupCleanup(_) => Instr::SetupCleanup(t),
            Instr::Send(_) => Instr::Send(t),
            other => other,
        };
    }

    fn patch_here(&mut self, at: usize) {
        let h = self.here();
        self.patch(at, h);
    }

    fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        (line as u32 + 1, offset - self.line_starts[line])
    }

    fn set_loc(&mut self, r: TextRange) {
        let (line, col) = self.line_col(r.start().into());
        let (end_line, end_col) = self.line_col(r.end().into());
        self.u().cpy_line = line as Line;
        self.u().loc = Location {
            line,
            end_line,
            col,
            end_col,
            anchor_start: 0,
            anchor_end: 0,
        };
    }

    /// Sets pyheap's location only: CPython's line stays.
    fn set_loc_keeping_cpy_line(&mut self, r: TextRange) {
        let line = self.u().cpy_line;
        self.set_loc(r);
        self.u().cpy_line = line;
    }

    fn set_loc_line(&mut self, line: u32) {
        self.u().cpy_line = line as Line;
        self.u().loc = Location {
            line,
            end_line: line,
            col: 0,
            end_col: 0,
            anchor_start: 0,
            anchor_end: 0,
        };
    }

    /// Sets an anchor (operator position) on the current location: byte columns relative to
    /// the start line.
    fn set_anchor(&mut self, start: u32, end: u32) {
        let (l1, c1) = self.line_col(start);
        let (_, c2) = self.line_col(end);
        let u = self.u();
        if l1 == u.loc.line {
            u.loc.anchor_start = c1;
            u.loc.anchor_end = c2;
        }
    }

    // ------------------------------------------------------------ names and constants

    fn name_idx(&mut self, name: &str) -> u32 {
        let u = self.u();
        if let Some(&i) = u.name_index.get(name) {
            return i;
        }
        let i = u.names.len() as u32;
        u.names.push(name.to_string());
        u.name_index.insert(name.to_string(), i);
        i
    }

    /// Makes the object for a constant: a fresh object the arena keeps, merged through the
    /// unit-wide cache into the canonical one for `co_consts`.
    fn const_obj(&mut self, v: &ConstVal) -> CResult<Obj> {
        let fresh = self.make_fresh(v)?;
        self.arena.push(fresh.clone());
        self.canonical(v, fresh)
    }

    fn make_fresh(&mut self, v: &ConstVal) -> CResult<Obj> {
        let r = rt();
        Ok(match v {
            ConstVal::None => r.none(),
            ConstVal::Bool(b) => r.bool_obj(*b),
            // SAFETY: the Ellipsis singleton lives as long as the runtime.
            ConstVal::Ellipsis => unsafe { Obj::from_borrowed(r.ellipsis) },
            ConstVal::Int(i) => match i.to_i64() {
                Some(x) => int::new_int(x)?,
                None => int::from_bigint(i)?,
            },
            ConstVal::Float(f) => float::new_float(*f)?,
            ConstVal::Complex(re, im) => crate::objects::complex::new_complex(*re, *im)?,
            ConstVal::Str(s) => pystr::new_str(s)?,
            ConstVal::Bytes(b) => crate::objects::bytes::new_bytes(b)?,
            ConstVal::Tuple(items) => {
                let objs = items
                    .iter()
                    .map(|i| self.make_fresh(i))
                    .collect::<CResult<Vec<_>>>()?;
                tuple::new_tuple(objs)?
            }
        })
    }

    fn canonical(&mut self, v: &ConstVal, fresh: Obj) -> CResult<Obj> {
        let key = v.key();
        if let Some(o) = self.const_cache.get(&key) {
            return Ok(o.clone());
        }
        let obj = match v {
            ConstVal::Str(s) if is_name_like(s) => pystr::intern(fresh)?,
            ConstVal::Tuple(items) => {
                // Items are merged too (merge_consts_recursive).
                let mut objs = Vec::with_capacity(items.len());
                for (i, it) in items.iter().enumerate() {
                    let f = tuple::items(&fresh)[i].clone();
                    objs.push(self.canonical(it, f)?);
                }
                if objs.iter().zip(tuple::items(&fresh)).all(|(a, b)| a.is(b)) {
                    fresh
                } else {
                    tuple::new_tuple(objs)?
                }
            }
            _ => fresh,
        };
        self.const_cache.insert(key, obj.clone());
        Ok(obj)
    }

    fn add_const_obj(&mut self, key: ConstKey, obj: Obj) -> u32 {
        let u = self.u();
        if let Some(&i) = u.const_index.get(&key) {
            return i;
        }
        let i = u.consts.len() as u32;
        u.consts.push(obj);
        u.const_index.insert(key, i);
        i
    }

    fn const_idx(&mut self, v: &ConstVal) -> CResult<u32> {
        let obj = self.const_obj(v)?;
        Ok(self.add_const_obj(v.key(), obj))
    }

    /// A constant the compiler makes itself (None for implicit returns, names for
    /// `__qualname__`, kwnames tuples): no arena reference, as CPython.
    fn internal_const(&mut self, v: &ConstVal) -> CResult<u32> {
        let key = v.key();
        let obj = match self.const_cache.get(&key) {
            Some(o) => o.clone(),
            None => {
                let fresh = self.make_fresh(v)?;
                self.canonical(v, fresh)?
            }
        };
        Ok(self.add_const_obj(key, obj))
    }

    fn emit_const(&mut self, v: ConstVal) -> CResult<()> {
        let i = self.internal_const(&v)?;
        self.emit(Instr::LoadConst(i));
        Ok(())
    }

    fn emit_literal(&mut self, v: &ConstVal) -> CResult<()> {
        let i = self.const_idx(v)?;
        self.emit(Instr::LoadConst(i));
        Ok(())
    }

    // ------------------------------------------------------------ name access

    fn in_function(&self) -> bool {
        let u = self.units.last().expect("unit");
        self.st.scopes[u.scope].is_function_like()
    }

    fn scope_of(&self, name: &str) -> NameScope {
        let u = self.units.last().expect("unit");
        self.st.scopes[u.scope].scope_of(name)
    }

    fn deref_index(&mut self, name: &str) -> u32 {
        let u = self.u();
        let nlocals = u.varnames.len() as u32;
        if let Some(i) = u.cellvars.iter().position(|c| c == name) {
            return nlocals + i as u32;
        }
        let ncells = u.cellvars.len() as u32;
        let i = u.freevars.iter().position(|c| c == name).unwrap_or(0);
        nlocals + ncells + i as u32
    }

    fn load_name(&mut self, name: &str) {
        let kind = self.u().kind;
        match self.scope_of(name) {
            NameScope::Local if kind != ScopeKind::Module && kind != ScopeKind::Class => {
                let i = self.u().var_index[name];
                self.emit(Instr::LoadFast(i));
            }
            NameScope::Cell | NameScope::Free => {
                let i = self.deref_index(name);
                if kind == ScopeKind::Class {
                    self.emit(Instr::LoadClassDeref(i));
                } else {
                    self.emit(Instr::LoadDeref(i));
                }
            }
            NameScope::GlobalExplicit => {
                let i = self.name_idx(name);
                self.emit(Instr::LoadGlobal(i));
            }
            NameScope::GlobalImplicit if kind != ScopeKind::Module && kind != ScopeKind::Class => {
                let i = self.name_idx(name);
                self.emit(Instr::LoadGlobal(i));
            }
            _ => {
                let i = self.name_idx(name);
                self.emit(Instr::LoadName(i));
            }
        }
    }

    fn store_name(&mut self, name: &str) {
        let kind = self.u().kind;
        match self.scope_of(name) {
            NameScope::Local if kind != ScopeKind::Module && kind != ScopeKind::Class => {
                let i = self.u().var_index[name];
                self.emit(Instr::StoreFast(i));
            }
            NameScope::Cell | NameScope::Free => {
                let i = self.deref_index(name);
                self.emit(Instr::StoreDeref(i));
            }
            NameScope::GlobalExplicit => {
                let i = self.name_idx(name);
                self.emit(Instr::StoreGlobal(i));
            }
            NameScope::GlobalImplicit if kind != ScopeKind::Module && kind != ScopeKind::Class => {
                let i = self.name_idx(name);
                self.emit(Instr::StoreGlobal(i));
            }
            _ => {
                let i = self.name_idx(name);
                self.emit(Instr::StoreName(i));
            }
        }
    }

    fn delete_name(&mut self, name: &str) {
        let kind = self.u().kind;
        match self.scope_of(name) {
            NameScope::Local if kind != ScopeKind::Module && kind != ScopeKind::Class => {
                let i = self.u().var_index[name];
                self.emit(Instr::DeleteFast(i));
            }
            NameScope::Cell | NameScope::Free => {
                let i = self.deref_index(name);
                self.emit(Instr::DeleteDeref(i));
            }
            NameScope::GlobalExplicit => {
                let i = self.name_idx(name);
                self.emit(Instr::DeleteGlobal(i));
            }
            NameScope::GlobalImplicit if kind != ScopeKind::Module && kind != ScopeKind::Class => {
                let i = self.name_idx(name);
                self.emit(Instr::DeleteGlobal(i));
            }
            _ => {
                let i = self.name_idx(name);
                self.emit(Instr::DeleteName(i));
            }
        }
    }

    // ------------------------------------------------------------ statements

    fn body(&mut self, stmts: &'src [Stmt]) -> CResult<()> {
        for s in stmts {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &'src Stmt) -> CResult<()> {
        self.set_loc(s.range());
        if let Stmt::FunctionDef(ast::StmtFunctionDef { name, .. })
        | Stmt::ClassDef(ast::StmtClassDef { name, .. }) = s
        {
            // CPython's statement line is the `def`/`class` line, after any decorators.
            self.u().cpy_line = self.line_col(name.range.start().into()).0 as Line;
        }
        match s {
            Stmt::Expr(e) => {
                if self.interactive && self.units.len() == 1 {
                    self.expr(&e.value)?;
                    self.emit(Instr::PrintExpr);
                } else if const_value(&e.value).is_some() && !matches!(&*e.value, Expr::FString(_))
                {
                    // Constant expression statements (docstrings, `...`) compile to nothing,
                    // but their literal still lives in the arena. CPython leaves a NOP
                    // (except for a docstring, which is not compiled as a statement).
                    if let Some(v) = const_value(&e.value) {
                        let f = self.make_fresh(&v)?;
                        self.arena.push(f);
                    }
                    if self.u().docstring != Some(s.range()) {
                        self.cpy(cpy::Op::Nop, 0);
                    }
                } else {
                    self.expr(&e.value)?;
                    self.set_loc(s.range());
                    self.unset_loc();
                    self.emit(Instr::PopTop);
                }
            }
            Stmt::Assign(a) => {
                self.expr(&a.value)?;
                for (i, t) in a.targets.iter().enumerate() {
                    if i + 1 < a.targets.len() {
                        self.emit(Instr::Copy(1));
                    }
                    self.assign_target(t)?;
                }
            }
            Stmt::AugAssign(a) => self.aug_assign(a)?,
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(v)?;
                    self.assign_target(&a.target)?;
                }
                self.shadow_annotation(a);
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.delete_target(t)?;
                }
            }
            Stmt::Pass(_) => {
                self.emit(Instr::Nop);
            }
            Stmt::If(i) => self.if_stmt(i)?,
            Stmt::While(w) => self.while_stmt(w)?,
            Stmt::For(f) => {
                if f.is_async {
                    return syntax("asynchronous for loops are not supported", f.range);
                }
                self.for_stmt(f)?
            }
            Stmt::Break(b) => self.break_stmt(b.range)?,
            Stmt::Continue(c) => self.continue_stmt(c.range)?,
            Stmt::Return(r) => self.return_stmt(r)?,
            Stmt::FunctionDef(f) => self.function_def(f)?,
            Stmt::ClassDef(c) => self.class_def(c)?,
            Stmt::Global(_) | Stmt::Nonlocal(_) => {}
            Stmt::Raise(r) => {
                let n = match (&r.exc, &r.cause) {
                    (None, _) => 0,
                    (Some(e), None) => {
                        self.expr(e)?;
                        1
                    }
                    (Some(e), Some(c)) => {
                        self.expr(e)?;
                        self.expr(c)?;
                        2
                    }
                };
                self.set_loc(r.range);
                self.emit(Instr::Raise(n));
            }
            Stmt::Try(t) => {
                if t.is_star {
                    return syntax("except* is not supported", t.range);
                }
                if t.finalbody.is_empty() {
                    self.try_except(t)?;
                } else {
                    self.try_finally(t)?;
                }
            }
            Stmt::Assert(a) => {
                // assert test, msg  ->  if not test: raise AssertionError(msg)
                let end = self.cpy_label();
                let passed = self.cond_jump(&a.test, true)?;
                self.set_loc(a.test.range());
                self.emit(Instr::LoadAssertionError);
                if let Some(m) = &a.msg {
                    // CPython calls AssertionError as if it were a method and msg its self.
                    self.emit_silent(Instr::PushNull);
                    self.emit_silent(Instr::Swap(2));
                    self.expr(m)?;
                    self.set_loc(a.test.range());
                    self.emit(Instr::Call(1));
                }
                self.emit(Instr::Raise(1));
                for j in passed {
                    self.patch_here(j);
                }
                self.cpy_place(end);
            }
            Stmt::With(w) => {
                if w.is_async {
                    return syntax("asynchronous with statements are not supported", w.range);
                }
                let line = self.line_col(w.range.start().into()).0;
                self.with_stmt(&w.items, &w.body, line)?
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    self.emit_const(ConstVal::Int(BigInt::zero()))?;
                    self.emit_const(ConstVal::None)?;
                    let idx = self.name_idx(a.name.as_str());
                    self.emit(Instr::ImportName(idx));
                    match &a.asname {
                        Some(n) => {
                            // `import a.b.c as d`: d = a.b.c, taking each attribute as
                            // CPython's compiler_import_as does.
                            let parts: Vec<&str> = a.name.as_str().split('.').collect();
                            for (k, p) in parts.iter().enumerate().skip(1) {
                                let pi = self.name_idx(p);
                                self.emit(Instr::ImportFrom(pi));
                                if k + 1 < parts.len() {
                                    self.emit(Instr::Swap(2));
                                    self.emit(Instr::PopTop);
                                }
                            }
                            self.store_name(n.as_str());
                            if parts.len() > 1 {
                                self.emit(Instr::PopTop);
                            }
                        }
                        None => {
                            let first = a.name.as_str().split('.').next().unwrap_or("").to_string();
                            self.store_name(&first);
                        }
                    }
                }
            }
            Stmt::ImportFrom(i) => {
                if i.level > 0 {
                    return syntax("relative imports are not supported", i.range);
                }
                let names: Vec<ConstVal> = i
                    .names
                    .iter()
                    .map(|a| ConstVal::Str(a.name.as_str().to_string()))
                    .collect();
                self.emit_const(ConstVal::Int(BigInt::zero()))?;
                self.emit_const(ConstVal::Tuple(names))?;
                let m = i
                    .module
                    .as_ref()
                    .map(|m| m.as_str().to_string())
                    .unwrap_or_default();
                let mi = self.name_idx(&m);
                self.emit(Instr::ImportName(mi));
                for a in &i.names {
                    if a.name.as_str() == "*" {
                        self.emit(Instr::ImportStar);
                        return Ok(());
                    }
                    let ni = self.name_idx(a.name.as_str());
                    self.emit(Instr::ImportFrom(ni));
                    let target = a.asname.as_ref().unwrap_or(&a.name).as_str().to_string();
                    self.store_name(&target);
                }
                self.emit(Instr::PopTop);
            }
            Stmt::Match(m) => return syntax("match statements are not supported", m.range),
            Stmt::TypeAlias(t) => return syntax("type aliases are not supported", t.range),
            Stmt::IpyEscapeCommand(c) => return syntax("invalid syntax", c.range),
        }
        Ok(())
    }

    fn return_stmt(&mut self, r: &'src ast::StmtReturn) -> CResult<()> {
        if !self.in_function() {
            return syntax("'return' outside function", r.range);
        }
        // As CPython: a constant is loaded after the unwinding, which then has no value to
        // keep on the stack; NOPs keep the lines of the value and of the statement.
        let value = r.value.as_deref();
        let constant = value.filter(|v| const_value(v).is_some());
        let line = |c: &Self, start: ruff_text_size::TextSize| c.line_col(start.into()).0 as Line;
        let stmt_line = line(self, r.range.start());
        match (value, constant) {
            (Some(v), None) => self.expr(v)?,
            (Some(v), Some(_)) => {
                self.u().cpy_line = line(self, v.range().start());
                self.cpy(cpy::Op::Nop, 0);
            }
            (None, _) => {}
        }
        if value.is_none_or(|v| line(self, v.range().start()) != stmt_line) {
            self.u().cpy_line = stmt_line;
            self.cpy(cpy::Op::Nop, 0);
        }
        self.set_loc_keeping_cpy_line(r.range);
        self.unwind_all(value.is_some() && constant.is_none())?;
        match constant {
            Some(v) => {
                // At CPython's current line, not the value's.
                self.u().silent += 1;
                let loaded = self.expr(v);
                self.u().silent -= 1;
                loaded?;
                self.set_loc_keeping_cpy_line(r.range);
                if let Some(&Instr::LoadConst(k)) = self.u().instrs.last() {
                    let kind = self.const_kind(k);
                    self.cpy_const(k, kind);
                }
            }
            None if value.is_none() => self.emit_const(ConstVal::None)?,
            None => {}
        }
        self.emit(Instr::ReturnValue);
        Ok(())
    }

    fn aug_assign(&mut self, a: &'src ast::StmtAugAssign) -> CResult<()> {
        let op = binop(a.op);
        match &*a.target {
            Expr::Name(n) => {
                self.set_loc(n.range);
                self.load_name(n.id.as_str());
                self.expr(&a.value)?;
                self.set_loc(a.range);
                self.emit(Instr::InplaceOp(op));
                self.set_loc(n.range);
                self.store_name(n.id.as_str());
            }
            Expr::Attribute(at) => {
                self.expr(&at.value)?;
                self.emit(Instr::Copy(1));
                self.set_loc(at.range);
                let i = self.name_idx(at.attr.as_str());
                self.emit(Instr::LoadAttr(i));
                self.expr(&a.value)?;
                self.set_loc(a.range);
                self.emit(Instr::InplaceOp(op));
                self.emit(Instr::Swap(2));
                self.set_loc(at.range);
                self.emit(Instr::StoreAttr(i));
            }
            Expr::Subscript(sub) => {
                self.expr(&sub.value)?;
                self.expr(&sub.slice)?;
                self.emit(Instr::Copy(2));
                self.emit(Instr::Copy(2));
                self.set_loc(sub.range);
                self.emit(Instr::BinarySubscr);
                self.expr(&a.value)?;
                self.set_loc(a.range);
                self.emit(Instr::InplaceOp(op));
                // stack: container, key, value -> value, container, key
                self.emit(Instr::Swap(3));
                self.emit(Instr::Swap(2));
                self.set_loc(sub.range);
                self.emit(Instr::StoreSubscr);
            }
            other => {
                return syntax(
                    "'expression' is an illegal expression for augmented assignment",
                    other.range(),
                )
            }
        }
        Ok(())
    }

    fn assign_target(&mut self, t: &'src Expr) -> CResult<()> {
        match t {
            Expr::Name(n) => {
                self.set_loc(n.range);
                self.store_name(n.id.as_str());
            }
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                self.set_loc(a.range);
                let i = self.name_idx(a.attr.as_str());
                self.emit(Instr::StoreAttr(i));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.set_loc(s.range);
                self.emit(Instr::StoreSubscr);
            }
            Expr::Tuple(ast::ExprTuple { elts, range, .. })
            | Expr::List(ast::ExprList { elts, range, .. }) => {
                self.set_loc(*range);
                let star = elts.iter().position(|e| matches!(e, Expr::Starred(_)));
                match star {
                    None => {
                        self.emit(Instr::UnpackSequence(elts.len() as u32));
                    }
                    Some(i) => {
                        if elts
                            .iter()
                            .filter(|e| matches!(e, Expr::Starred(_)))
                            .count()
                            > 1
                        {
                            return syntax("multiple starred expressions in assignment", *range);
                        }
                        self.emit(Instr::UnpackEx(i as u16, (elts.len() - i - 1) as u16));
                    }
                }
                for e in elts {
                    match e {
                        Expr::Starred(s) => self.assign_target(&s.value)?,
                        other => self.assign_target(other)?,
                    }
                }
            }
            Expr::Starred(s) => {
                return syntax(
                    "starred assignment target must be in a list or tuple",
                    s.range,
                )
            }
            other => {
                let what = describe_expr(other);
                return syntax(&format!("cannot assign to {}", what), other.range());
            }
        }
        Ok(())
    }

    fn delete_target(&mut self, t: &'src Expr) -> CResult<()> {
        match t {
            Expr::Name(n) => {
                self.set_loc(n.range);
                self.delete_name(n.id.as_str());
            }
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                self.set_loc(a.range);
                let i = self.name_idx(a.attr.as_str());
                self.emit(Instr::DeleteAttr(i));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.set_loc(s.range);
                self.emit(Instr::DeleteSubscr);
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                for e in elts {
                    self.delete_target(e)?;
                }
            }
            other => {
                let what = describe_expr(other);
                return syntax(&format!("cannot delete {}", what), other.range());
            }
        }
        Ok(())
    }

    fn if_stmt(&mut self, i: &'src ast::StmtIf) -> CResult<()> {
        // CPython compiles each `elif` as an `if` nested in the `else`, with blocks of
        // its own.
        let clauses = &i.elif_else_clauses;
        let mut ends = vec![self.cpy_label()];
        let mut next = (!clauses.is_empty()).then(|| self.cpy_label());
        let mut end_jumps = Vec::new();
        let jf = self.cond_jump(&i.test, false)?;
        self.body(&i.body)?;
        let mut pending = jf;
        for (k, clause) in clauses.iter().enumerate() {
            end_jumps.push(self.emit_noline(Instr::Jump(0)));
            for j in pending.drain(..) {
                self.patch_here(j);
            }
            if let Some(n) = next {
                self.cpy_place(n);
            }
            self.set_loc(clause.range);
            match &clause.test {
                Some(t) => {
                    ends.push(self.cpy_label());
                    next = (k + 1 < clauses.len()).then(|| self.cpy_label());
                    pending = self.cond_jump(t, false)?;
                    self.body(&clause.body)?;
                }
                None => self.body(&clause.body)?,
            }
        }
        for j in pending {
            self.patch_here(j);
        }
        for j in end_jumps {
            self.patch_here(j);
        }
        for &e in ends.iter().rev() {
            self.cpy_place(e);
        }
        Ok(())
    }

    /// Evaluates `test` and emits jumps taken when its truth equals `jump_when`; returns
    /// the jump instructions to patch.
    fn cond_jump(&mut self, test: &'src Expr, jump_when: bool) -> CResult<Vec<usize>> {
        match test {
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => self.cond_jump(&u.operand, !jump_when),
            Expr::BoolOp(b) => {
                let is_and = b.op == ast::BoolOp::And;
                let mut out = Vec::new();
                if is_and != jump_when {
                    // and + jump-if-false (or or + jump-if-true): any operand decides.
                    for v in &b.values {
                        out.extend(self.cond_jump(v, jump_when)?);
                    }
                } else {
                    // and + jump-if-true: all must be true; skip when one is false.
                    let next = self.cpy_label();
                    let mut skips = Vec::new();
                    for (i, v) in b.values.iter().enumerate() {
                        if i + 1 < b.values.len() {
                            skips.extend(self.cond_jump(v, !jump_when)?);
                        } else {
                            out.extend(self.cond_jump(v, jump_when)?);
                        }
                    }
                    for s in skips {
                        self.patch_here(s);
                    }
                    self.cpy_place(next);
                }
                Ok(out)
            }
            Expr::If(e) => {
                // Both arms jump on their own.
                let (end_label, orelse) = (self.cpy_label(), self.cpy_label());
                let to_orelse = self.cond_jump(&e.test, false)?;
                let mut out = self.cond_jump(&e.body, jump_when)?;
                let end = self.emit_noline(Instr::Jump(0));
                for j in to_orelse {
                    self.patch_here(j);
                }
                self.cpy_place(orelse);
                out.extend(self.cond_jump(&e.orelse, jump_when)?);
                self.patch_here(end);
                self.cpy_place(end_label);
                Ok(out)
            }
            Expr::Compare(c) if c.ops.len() > 1 => {
                // A chain jumps out at the first false link: `a < b < c` as
                // `a < b and b < c`, with `b` evaluated once.
                self.set_loc(c.range);
                self.warn_is_literal(c);
                let cleanup_label = self.cpy_label();
                self.expr(&c.left)?;
                let n = c.ops.len();
                let mut cleanup = Vec::new();
                for (op, right) in c.ops[..n - 1].iter().zip(&c.comparators) {
                    self.expr(right)?;
                    self.emit(Instr::Swap(2));
                    self.emit(Instr::Copy(2));
                    self.set_loc(c.range);
                    self.emit(cmp_instr(*op));
                    cleanup.push(self.emit(Instr::PopJumpIfFalse(0)));
                }
                self.expr(&c.comparators[n - 1])?;
                self.set_loc(c.range);
                self.emit(cmp_instr(c.ops[n - 1]));
                let mut out = vec![self.emit(if jump_when {
                    Instr::PopJumpIfTrue(0)
                } else {
                    Instr::PopJumpIfFalse(0)
                })];
                let end_label = self.cpy_label();
                let end = self.emit_noline(Instr::Jump(0));
                for j in cleanup {
                    self.patch_here(j);
                }
                self.cpy_place(cleanup_label);
                self.emit(Instr::PopTop);
                if !jump_when {
                    out.push(self.emit_noline(Instr::Jump(0)));
                }
                self.patch_here(end);
                self.cpy_place(end_label);
                Ok(out)
            }
            _ => {
                self.expr(test)?;
                if let Expr::Compare(c) = test {
                    // CPython jumps from the comparison's line.
                    self.u().cpy_line = self.line_col(c.range.start().into()).0 as Line;
                }
                Ok(vec![self.emit(if jump_when {
                    Instr::PopJumpIfTrue(0)
                } else {
                    Instr::PopJumpIfFalse(0)
                })])
            }
        }
    }

    fn while_stmt(&mut self, w: &'src ast::StmtWhile) -> CResult<()> {
        let labels = [(); 4].map(|_| self.cpy_label());
        let [loop_label, body_label, anchor, end] = labels;
        self.cpy_place(loop_label);
        let top = self.here();
        let exits = self.cond_jump(&w.test, false)?;
        self.cpy_place(body_label);
        let body = self.u().shadow.len();
        let depth = self.u().fblocks.len();
        self.u().fblocks.push(FBlock::WhileLoop);
        self.u().loops.push(LoopCtx {
            continue_target: top,
            breaks: Vec::new(),
            fblock_depth: depth,
        });
        self.body(&w.body)?;
        self.set_loc(w.range);
        // CPython tests again at the bottom and jumps back into the body; pyheap jumps
        // back to the test.
        self.shadow_only(|c| {
            for j in c.cond_jump(&w.test, true)? {
                c.shadow_patch(j, body);
            }
            Ok(())
        })?;
        let back = self.emit_silent(Instr::Jump(0));
        self.patch(back, top);
        let ctx = self.u().loops.pop().expect("loop");
        self.u().fblocks.pop();
        for e in exits {
            self.patch_here(e);
        }
        self.cpy_place(anchor);
        self.body(&w.orelse)?;
        for b in ctx.breaks {
            self.patch_here(b);
        }
        self.cpy_place(end);
        Ok(())
    }

    fn for_stmt(&mut self, f: &'src ast::StmtFor) -> CResult<()> {
        let [start, body, cleanup, end] = [(); 4].map(|_| self.cpy_label());
        self.iter_expr(&f.iter)?;
        self.set_loc(f.iter.range());
        self.emit(Instr::GetIter);
        self.cpy_place(start);
        let top = self.here();
        self.set_loc(f.iter.range());
        let fi = self.emit(Instr::ForIter(0));
        self.cpy_place(body);
        let depth = self.u().fblocks.len();
        self.u().fblocks.push(FBlock::ForLoop);
        self.u().loops.push(LoopCtx {
            continue_target: top,
            breaks: Vec::new(),
            fblock_depth: depth,
        });
        self.assign_target(&f.target)?;
        self.body(&f.body)?;
        self.set_loc(f.range);
        self.unset_loc();
        let back = self.emit(Instr::Jump(0));
        self.patch(back, top);
        let ctx = self.u().loops.pop().expect("loop");
        self.u().fblocks.pop();
        self.patch_here(fi);
        self.cpy_place(cleanup);
        self.body(&f.orelse)?;
        for b in ctx.breaks {
            self.patch_here(b);
        }
        self.cpy_place(end);
        Ok(())
    }

    fn break_stmt(&mut self, r: TextRange) -> CResult<()> {
        let Some(depth) = self.u().loops.last().map(|l| l.fblock_depth) else {
            return syntax("'break' outside loop", r);
        };
        self.cpy(cpy::Op::Nop, 0);
        self.unwind_to(depth, false, true)?;
        let j = self.emit(Instr::Jump(0));
        self.u().loops.last_mut().expect("loop").breaks.push(j);
        Ok(())
    }

    fn continue_stmt(&mut self, r: TextRange) -> CResult<()> {
        let Some((depth, target)) = self
            .u()
            .loops
            .last()
            .map(|l| (l.fblock_depth, l.continue_target))
        else {
            return syntax("'continue' not properly in loop", r);
        };
        self.cpy(cpy::Op::Nop, 0);
        self.unwind_to(depth, false, false)?;
        let j = self.emit(Instr::Jump(0));
        self.patch(j, target);
        Ok(())
    }

    /// Emits the cleanup for every fblock above `depth` (innermost first). `preserve_tos`
    /// keeps a return value on top; `pop_loop` also pops the loop at `depth` itself.
    fn unwind_to(&mut self, depth: usize, preserve_tos: bool, pop_loop: bool) -> CResult<()> {
        let blocks: Vec<FBlock> = self.u().fblocks[depth..].to_vec();
        let saved_blocks = self.u().fblocks.clone();
        for (k, b) in blocks.iter().enumerate().rev() {
            let at = depth + k;
            if at == depth && !pop_loop {
                break;
            }
            // Code emitted for this cleanup runs outside the block being unwound.
            self.u().fblocks.truncate(at);
            match *b {
                FBlock::WhileLoop => {}
                FBlock::ForLoop => {
                    if preserve_tos {
                        self.emit(Instr::Swap(2));
                    }
                    self.emit(Instr::PopTop);
                }
                FBlock::TryExcept => {
                    self.emit(Instr::PopBlock);
                }
                FBlock::TryFinally(idx) => {
                    self.emit(Instr::PopBlock);
                    let body = self.finally_bodies[idx];
                    let loc = self.u().loc;
                    // A `break`, `continue` or `return` in the body drops the value.
                    if preserve_tos {
                        self.u().fblocks.push(FBlock::PopValue);
                    }
                    self.body(body)?;
                    if preserve_tos {
                        self.u().fblocks.pop();
                    }
                    self.u().loc = loc;
                    self.unset_loc();
                }
                FBlock::PopValue => {
                    if preserve_tos {
                        self.emit(Instr::Swap(2));
                    }
                    self.emit(Instr::PopTop);
                }
                FBlock::HandlerCleanup => {
                    self.emit(Instr::PopBlock);
                    if preserve_tos {
                        self.emit(Instr::Swap(2));
                    }
                    self.emit(Instr::PopExcept);
                }
                FBlock::FinallyEnd => {
                    // [prev, exc]: drop the exception, then restore the previous one.
                    if preserve_tos {
                        self.emit(Instr::Swap(2));
                    }
                    self.emit(Instr::PopTop);
                    if preserve_tos {
                        self.emit(Instr::Swap(2));
                    }
                    self.emit(Instr::PopBlock);
                    self.emit(Instr::PopExcept);
                }
                FBlock::HandlerNamed(name_idx) => {
                    self.emit(Instr::PopBlock);
                    let name = self.u().names[name_idx].clone();
                    self.emit_const(ConstVal::None)?;
                    self.store_name(&name);
                    self.delete_name(&name);
                }
                FBlock::With(line) => {
                    self.u().cpy_line = line as Line;
                    self.emit(Instr::PopBlock);
                    if preserve_tos {
                        self.emit(Instr::Swap(2));
                    }
                    self.emit(Instr::ExitWith);
                    self.unset_loc();
                }
            }
        }
        self.u().fblocks = saved_blocks;
        Ok(())
    }

    fn unwind_all(&mut self, preserve_tos: bool) -> CResult<()> {
        self.unwind_to(0, preserve_tos, true)
    }

    fn try_except(&mut self, t: &'src ast::StmtTry) -> CResult<()> {
        let [body, except, end, cleanup] = [(); 4].map(|_| self.cpy_label());
        let setup = self.emit(Instr::SetupFinally(0));
        self.cpy_place(body);
        self.u().fblocks.push(FBlock::TryExcept);
        self.body(&t.body)?;
        self.u().fblocks.pop();
        self.emit_noline(Instr::PopBlock);
        self.body(&t.orelse)?;
        let to_end = self.emit_noline(Instr::Jump(0));
        self.patch_here(setup);
        self.cpy_place(except);
        self.handlers(&t.handlers, t.range, cleanup)?;
        self.patch_here(to_end);
        self.cpy_place(end);
        Ok(())
    }

    /// The handler section: entered with the exception on the stack.
    fn handlers(
        &mut self,
        handlers: &'src [ast::ExceptHandler],
        range: TextRange,
        cleanup_label: cpy::Label,
    ) -> CResult<()> {
        self.set_loc(range);
        self.unset_loc();
        self.emit(Instr::PushExcInfo);
        let cleanup = self.emit(Instr::SetupCleanup(0));
        self.u().fblocks.push(FBlock::HandlerCleanup);
        let mut end_jumps = Vec::new();
        for (i, h) in handlers.iter().enumerate() {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_loc(h.range);
            let next_handler = self.cpy_label();
            let mut next = None;
            match &h.type_ {
                Some(ty) => {
                    self.expr(ty)?;
                    self.set_loc(h.range);
                    self.emit(Instr::CheckExcMatch);
                    next = Some(self.emit(Instr::PopJumpIfFalse(0)));
                }
                None => {
                    if i + 1 != handlers.len() {
                        return syntax("default 'except:' must be last", h.range);
                    }
                }
            }
            match &h.name {
                Some(n) => {
                    let [cleanup_end, cleanup_body] = [(); 2].map(|_| self.cpy_label());
                    self.store_name(n.as_str());
                    let name_idx = self.name_idx(n.as_str()) as usize;
                    let named_cleanup_real = self.emit(Instr::SetupFinally(0));
                    self.cpy_place(cleanup_body);
                    self.u().fblocks.push(FBlock::HandlerNamed(name_idx));
                    self.body(&h.body)?;
                    self.u().fblocks.pop();
                    self.unset_loc();
                    self.emit(Instr::PopBlock);
                    self.emit_const(ConstVal::None)?;
                    self.store_name(n.as_str());
                    self.delete_name(n.as_str());
                    self.emit(Instr::PopBlock);
                    self.emit(Instr::PopExcept);
                    end_jumps.push(self.emit(Instr::Jump(0)));
                    // Exception inside a named handler: clear the name, re-raise.
                    self.patch_here(named_cleanup_real);
                    self.cpy_place(cleanup_end);
                    self.unset_loc();
                    self.emit_const(ConstVal::None)?;
                    self.store_name(n.as_str());
                    self.delete_name(n.as_str());
                    self.emit(Instr::Reraise);
                }
                None => {
                    let cleanup_body = self.cpy_label();
                    self.emit(Instr::PopTop);
                    self.cpy_place(cleanup_body);
                    self.body(&h.body)?;
                    self.unset_loc();
                    self.emit(Instr::PopBlock);
                    self.emit(Instr::PopExcept);
                    end_jumps.push(self.emit(Instr::Jump(0)));
                }
            }
            if let Some(n) = next {
                self.patch_here(n);
            }
            self.cpy_place(next_handler);
        }
        self.u().fblocks.pop();
        // No handler matched: re-raise (the cleanup block restores the previous exception).
        self.unset_loc();
        self.emit(Instr::Reraise);
        self.patch_here(cleanup);
        self.cpy_place(cleanup_label);
        self.emit_as(Instr::Swap(2), cpy::PLAIN, 3); // COPY 3
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise);
        let end = self.here();
        for j in end_jumps {
            self.patch(j, end);
        }
        Ok(())
    }

    fn try_finally(&mut self, t: &'src ast::StmtTry) -> CResult<()> {
        let [body, end, exit, cleanup_label] = [(); 4].map(|_| self.cpy_label());
        let idx = self.finally_bodies.len();
        self.finally_bodies.push(&t.finalbody);
        let setup = self.emit(Instr::SetupFinally(0));
        self.cpy_place(body);
        self.u().fblocks.push(FBlock::TryFinally(idx));
        if t.handlers.is_empty() {
            self.body(&t.body)?;
        } else {
            self.try_except(t)?;
        }
        self.u().fblocks.pop();
        self.emit_noline(Instr::PopBlock);
        self.body(&t.finalbody)?;
        let to_end = self.emit_noline(Instr::Jump(0));
        // Exceptional path: run the finally body with the exception handled, re-raise.
        self.patch_here(setup);
        self.cpy_place(end);
        self.set_loc(t.range);
        self.unset_loc();
        self.emit(Instr::PushExcInfo);
        let cleanup = self.emit(Instr::SetupCleanup(0));
        self.u().fblocks.push(FBlock::FinallyEnd);
        self.body(&t.finalbody)?;
        self.u().fblocks.pop();
        // CPython re-raises with the handler block still set up.
        self.emit_silent(Instr::PopBlock);
        self.emit_silent(Instr::Swap(2));
        self.emit_silent(Instr::PopExcept);
        self.emit(Instr::Reraise);
        self.patch_here(cleanup);
        self.cpy_place(cleanup_label);
        self.emit_as(Instr::Swap(2), cpy::PLAIN, 3); // COPY 3
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise);
        self.patch_here(to_end);
        self.cpy_place(exit);
        Ok(())
    }

    fn with_stmt(
        &mut self,
        items: &'src [ast::WithItem],
        body: &'src [Stmt],
        line: u32,
    ) -> CResult<()> {
        let Some((item, rest)) = items.split_first() else {
            return self.body(body);
        };
        let [block, final_label, exit, cleanup_label] = [(); 4].map(|_| self.cpy_label());
        self.expr(&item.context_expr)?;
        self.set_loc(item.context_expr.range());
        self.emit(Instr::BeforeWith);
        let setup = self.emit(Instr::SetupCleanup(0));
        self.cpy_place(block);
        self.u().fblocks.push(FBlock::With(line));
        match &item.optional_vars {
            Some(v) => self.assign_target(v)?,
            None => {
                self.emit(Instr::PopTop);
            }
        }
        self.with_stmt(rest, body, line)?;
        self.u().fblocks.pop();
        self.unset_loc();
        self.emit(Instr::PopBlock);
        self.set_loc(item.context_expr.range());
        self.u().cpy_line = line as Line;
        self.emit(Instr::ExitWith);
        let to_end = self.emit(Instr::Jump(0));
        // Exceptional exit: [exit, exc]
        self.patch_here(setup);
        self.cpy_place(final_label);
        self.emit(Instr::PushExcInfo);
        let cleanup = self.emit(Instr::SetupCleanup(0));
        self.emit(Instr::WithExceptStart);
        self.unset_loc();
        let suppressed = self.cpy_label();
        let suppress = self.emit(Instr::PopJumpIfTrue(0));
        self.emit(Instr::Reraise);
        // The cleanup comes first and the suppressing path falls through to the end, as
        // CPython lays them out.
        self.patch_here(cleanup);
        self.cpy_place(cleanup_label);
        self.emit_as(Instr::Swap(2), cpy::PLAIN, 3); // COPY 3
        self.emit(Instr::PopExcept);
        self.emit_silent(Instr::Swap(2));
        self.emit_silent(Instr::PopTop);
        self.emit(Instr::Reraise);
        self.patch_here(suppress);
        self.cpy_place(suppressed);
        self.emit(Instr::PopTop);
        self.emit(Instr::PopBlock);
        self.emit(Instr::PopExcept);
        self.emit(Instr::PopTop);
        // CPython's stack also holds the offset of the raising instruction.
        self.cpy(cpy::Op::PopTop, 0);
        self.patch_here(to_end);
        self.cpy_place(exit);
        Ok(())
    }

    // ------------------------------------------------------------ functions and classes

    fn qualname_for(&self, name: &str) -> String {
        let u = self.units.last().expect("unit");
        match u.kind {
            ScopeKind::Module => name.to_string(),
            ScopeKind::Class => format!("{}.{}", u.qualname, name),
            _ => format!("{}.<locals>.{}", u.qualname, name),
        }
    }

    /// Pushes defaults/kwdefaults for a function and returns MakeFunction flags.
    fn defaults(&mut self, p: &'src ast::Parameters) -> CResult<u8> {
        let mut flags = 0;
        let pos: Vec<&Expr> = p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .filter_map(|a| a.default.as_deref())
            .collect();
        if !pos.is_empty() {
            for d in &pos {
                self.expr(d)?;
            }
            self.emit(Instr::BuildTuple(pos.len() as u32));
            flags |= 1;
        }
        let kw: Vec<&ast::ParameterWithDefault> = p
            .kwonlyargs
            .iter()
            .filter(|a| a.default.is_some())
            .collect();
        if !kw.is_empty() {
            let mut names = Vec::new();
            for a in &kw {
                names.push(ConstVal::Str(a.name().as_str().to_string()));
                self.expr(a.default.as_deref().expect("default"))?;
            }
            self.emit_const(ConstVal::Tuple(names))?;
            self.emit(Instr::BuildConstKeyMap(kw.len() as u32));
            flags |= 2;
        }
        Ok(flags)
    }

    fn set_params(&mut self, p: &ast::Parameters) {
        let u = self.u();
        u.posonlyargcount = p.posonlyargs.len() as u32;
        u.argcount = (p.posonlyargs.len() + p.args.len()) as u32;
        u.kwonlyargcount = p.kwonlyargs.len() as u32;
        if p.vararg.is_some() {
            u.flags |= code::CO_VARARGS;
        }
        if p.kwarg.is_some() {
            u.flags |= code::CO_VARKEYWORDS;
        }
    }

    /// Emits the closure tuple for a child scope and returns whether it has one.
    fn closure(&mut self, child_scope: usize) -> bool {
        let frees = self.st.scopes[child_scope].freevars();
        if frees.is_empty() {
            return false;
        }
        for n in &frees {
            let i = self.deref_index(n);
            self.emit(Instr::LoadClosure(i));
        }
        self.emit(Instr::BuildTuple(frees.len() as u32));
        true
    }

    fn function_def(&mut self, f: &'src ast::StmtFunctionDef) -> CResult<()> {
        if f.is_async {
            return syntax("async functions are not supported", f.range);
        }
        for d in &f.decorator_list {
            self.expr(&d.expression)?;
        }
        self.set_loc(f.range);
        let def_line = self.line_col(f.name.range.start().into()).0 as Line;
        self.u().cpy_line = def_line;
        let mut flags = self.defaults(&f.parameters)?;
        self.shadow_arg_annotations(&f.parameters, f.returns.as_deref());
        let scope = self.st.scope_for(f);
        let qualname = self.qualname_for(f.name.as_str());
        let firstline = self.line_col(f.range.start().into()).0;
        if self.closure(scope) {
            flags |= 8;
        }
        self.push_unit(scope, f.name.as_str(), &qualname, firstline);
        self.set_params(&f.parameters);
        // The docstring is co_consts[0]; otherwise None is (3.11 layout).
        match f.body.first() {
            Some(Stmt::Expr(e)) if matches!(&*e.value, Expr::StringLiteral(_)) => {
                if let Some(v) = const_value(&e.value) {
                    self.const_idx(&v)?;
                }
                self.u().docstring = Some(e.range);
            }
            _ => {
                self.internal_const(&ConstVal::None)?;
            }
        }
        self.body(&f.body)?;
        if !ends_with_return(&f.body) {
            let last_line = self.u().locs.last().map(|l| l.line).unwrap_or(firstline);
            self.set_loc_line(last_line);
            self.unset_loc();
            self.emit_const(ConstVal::None)?;
            self.emit(Instr::ReturnValue);
        }
        let code = self.pop_unit()?;
        let id = self.next_code_id;
        self.next_code_id += 1;
        let ci = self.add_const_obj(ConstKey::Code(id), code);
        self.set_loc(f.range);
        self.u().cpy_line = def_line;
        self.emit(Instr::LoadConst(ci));
        self.emit(Instr::MakeFunction(flags));
        self.apply_decorators(&f.decorator_list);
        self.store_name(f.name.as_str());
        Ok(())
    }

    /// Decorators were pushed (top-down) below the new function or class; apply them
    /// bottom-up: `[d1, d2, f]` becomes `d1(d2(f))`. (CPython calls each decorator as if
    /// it were a method and the function its self, without the stack shuffling.)
    fn apply_decorators(&mut self, decorators: &[ast::Decorator]) {
        let line = self.u().cpy_line;
        for d in decorators.iter().rev() {
            for i in [Instr::Swap(2), Instr::PushNull, Instr::Swap(3)] {
                self.emit_silent(i);
            }
            self.u().cpy_line = self.line_col(d.expression.range().start().into()).0 as Line;
            self.emit(Instr::Call(1));
        }
        self.u().cpy_line = line;
    }

    fn lambda(&mut self, l: &'src ast::ExprLambda) -> CResult<()> {
        let mut flags = 0;
        if let Some(p) = &l.parameters {
            flags = self.defaults(p)?;
        }
        let scope = self.st.scope_for(l);
        let qualname = self.qualname_for("<lambda>");
        let firstline = self.line_col(l.range.start().into()).0;
        if self.closure(scope) {
            flags |= 8;
        }
        self.push_unit(scope, "<lambda>", &qualname, firstline);
        if let Some(p) = &l.parameters {
            self.set_params(p);
        }
        self.internal_const(&ConstVal::None)?;
        self.expr(&l.body)?;
        self.emit(Instr::ReturnValue);
        let code = self.pop_unit()?;
        let id = self.next_code_id;
        self.next_code_id += 1;
        let ci = self.add_const_obj(ConstKey::Code(id), code);
        self.set_loc(l.range);
        self.emit(Instr::LoadConst(ci));
        self.emit(Instr::MakeFunction(flags));
        Ok(())
    }

    fn class_def(&mut self, c: &'src ast::StmtClassDef) -> CResult<()> {
        for d in &c.decorator_list {
            self.expr(&d.expression)?;
        }
        self.set_loc(c.range);
        let class_line = self.line_col(c.name.range.start().into()).0 as Line;
        self.u().cpy_line = class_line;
        self.emit(Instr::PushNull);
        self.emit(Instr::LoadBuildClass);
        let scope = self.st.scope_for(c);
        let qualname = self.qualname_for(c.name.as_str());
        let firstline = self.line_col(c.range.start().into()).0;
        let mut flags = 0;
        if self.closure(scope) {
            flags |= 8;
        }
        self.push_unit(scope, c.name.as_str(), &qualname, firstline);
        // __module__ = __name__; __qualname__ = '<qualname>'
        let ni = self.name_idx("__name__");
        self.emit(Instr::LoadName(ni));
        let mi = self.name_idx("__module__");
        self.emit(Instr::StoreName(mi));
        self.emit_const(ConstVal::Str(qualname.clone()))?;
        let qi = self.name_idx("__qualname__");
        self.emit(Instr::StoreName(qi));
        self.shadow_annotations_setup(&c.body);
        if let Some(Stmt::Expr(e)) = c.body.first() {
            if let Expr::StringLiteral(_) = &*e.value {
                self.expr(&e.value)?;
                self.unset_loc();
                let di = self.name_idx("__doc__");
                self.emit(Instr::StoreName(di));
                self.u().docstring = Some(e.range);
            }
        }
        self.body(&c.body)?;
        self.unset_loc();
        let has_class_cell = self.u().cellvars.iter().any(|n| n == "__class__");
        if has_class_cell {
            let i = self.deref_index("__class__");
            self.emit(Instr::LoadClosure(i));
            self.emit(Instr::Copy(1));
            let ci = self.name_idx("__classcell__");
            self.emit(Instr::StoreName(ci));
        } else {
            self.emit_const(ConstVal::None)?;
        }
        self.emit(Instr::ReturnValue);
        let code = self.pop_unit()?;
        let id = self.next_code_id;
        self.next_code_id += 1;
        let ci = self.add_const_obj(ConstKey::Code(id), code);
        self.set_loc(c.range);
        self.u().cpy_line = class_line;
        self.emit(Instr::LoadConst(ci));
        self.emit(Instr::MakeFunction(flags));
        self.emit_const(ConstVal::Str(c.name.as_str().to_string()))?;
        let (args, keywords): (&[Expr], &[ast::Keyword]) = match &c.arguments {
            Some(a) => (&a.args, &a.keywords),
            None => (&[], &[]),
        };
        self.call_args(args, keywords, 2, c.range)?;
        self.u().cpy_line = class_line;
        self.apply_decorators(&c.decorator_list);
        self.store_name(c.name.as_str());
        Ok(())
    }

    // ------------------------------------------------------------ expressions

    fn expr(&mut self, e: &'src Expr) -> CResult<()> {
        if let Some(v) = const_value(e) {
            let saved_cpy = self.u().cpy_line;
            self.set_loc(e.range());
            self.arena_leaves(e)?;
            let i = self.const_idx(&v)?;
            self.emit(Instr::LoadConst(i));
            self.u().cpy_line = saved_cpy;
            return Ok(());
        }
        let saved = self.u().loc;
        let saved_cpy = self.u().cpy_line;
        self.u().cpy_line = self.line_col(e.range().start().into()).0 as Line;
        self.expr_inner(e)?;
        self.u().loc = saved;
        self.u().cpy_line = saved_cpy;
        Ok(())
    }

    /// A folded expression's operand literals are still referenced by the arena.
    fn arena_leaves(&mut self, e: &Expr) -> CResult<()> {
        match e {
            Expr::BinOp(b) => {
                self.arena_leaf_or_fold(&b.left)?;
                self.arena_leaf_or_fold(&b.right)?;
            }
            Expr::UnaryOp(u) => self.arena_leaf_or_fold(&u.operand)?,
            Expr::Tuple(t) => {
                for x in &t.elts {
                    self.arena_leaf_or_fold(x)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn arena_leaf_or_fold(&mut self, e: &Expr) -> CResult<()> {
        if let Some(v) = const_value(e) {
            self.arena_leaves(e)?;
            let f = self.make_fresh(&v)?;
            self.arena.push(f);
        }
        Ok(())
    }

    fn expr_inner(&mut self, e: &'src Expr) -> CResult<()> {
        match e {
            Expr::Name(n) => {
                self.set_loc(n.range);
                if n.id.as_str() == "__debug__" {
                    return self.emit_const(ConstVal::Bool(true));
                }
                self.load_name(n.id.as_str());
            }
            Expr::BinOp(b) => {
                let format = match (b.op, const_value(&b.left), &*b.right) {
                    (ast::Operator::Mod, Some(ConstVal::Str(f)), Expr::Tuple(t))
                        if const_value(&b.right).is_none()
                            && !t.elts.iter().any(|x| matches!(x, Expr::Starred(_))) =>
                    {
                        percent_format(&f, t.elts.len()).map(|p| (p, t))
                    }
                    _ => None,
                };
                match &format {
                    Some((pieces, t)) => self.percent_format(&b.left, t, pieces)?,
                    None => {
                        self.expr(&b.left)?;
                        self.expr(&b.right)?;
                    }
                }
                self.set_loc(b.range);
                let (s, l) = self.operator_anchor(
                    b.left.range().end().into(),
                    b.right.range().start().into(),
                    binop(b.op).symbol().len(),
                );
                self.set_anchor(s, l);
                if format.is_some() {
                    self.emit_silent(Instr::BinaryOp(binop(b.op)));
                } else {
                    self.emit(Instr::BinaryOp(binop(b.op)));
                }
            }
            Expr::UnaryOp(u) => {
                // CPython's AST optimizer turns `not a in b` into `a not in b` (and `is`).
                if let (ast::UnaryOp::Not, Expr::Compare(c)) = (u.op, &*u.operand) {
                    let negated = match c.ops[..] {
                        [ast::CmpOp::In] => Some(ast::CmpOp::NotIn),
                        [ast::CmpOp::NotIn] => Some(ast::CmpOp::In),
                        [ast::CmpOp::Is] => Some(ast::CmpOp::IsNot),
                        [ast::CmpOp::IsNot] => Some(ast::CmpOp::Is),
                        _ => None,
                    };
                    if negated.is_some() {
                        self.set_loc(c.range);
                        return self.compare_ops(c, negated);
                    }
                }
                self.expr(&u.operand)?;
                self.set_loc(u.range);
                self.emit(match u.op {
                    ast::UnaryOp::Invert => Instr::UnaryInvert,
                    ast::UnaryOp::Not => Instr::UnaryNot,
                    ast::UnaryOp::UAdd => Instr::UnaryPositive,
                    ast::UnaryOp::USub => Instr::UnaryNegative,
                });
            }
            Expr::BoolOp(b) => {
                let end = self.cpy_label();
                let mut jumps = Vec::new();
                for (i, v) in b.values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < b.values.len() {
                        jumps.push(self.emit(if b.op == ast::BoolOp::And {
                            Instr::JumpIfFalseOrPop(0)
                        } else {
                            Instr::JumpIfTrueOrPop(0)
                        }));
                        self.cpy_block();
                    }
                }
                for j in jumps {
                    self.patch_here(j);
                }
                self.cpy_place(end);
            }
            Expr::Compare(c) => self.compare(c)?,
            Expr::Call(c) => self.call(c)?,
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                self.set_loc(a.range);
                let i = self.name_idx(a.attr.as_str());
                self.emit(Instr::LoadAttr(i));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.set_loc(s.range);
                self.subscript_anchor(s);
                self.emit(Instr::BinarySubscr);
            }
            Expr::Slice(s) => {
                let mut n = 2;
                match &s.lower {
                    Some(x) => self.expr(x)?,
                    None => self.emit_const(ConstVal::None)?,
                }
                match &s.upper {
                    Some(x) => self.expr(x)?,
                    None => self.emit_const(ConstVal::None)?,
                }
                if let Some(x) = &s.step {
                    self.expr(x)?;
                    n = 3;
                }
                self.set_loc(s.range);
                self.emit(Instr::BuildSlice(n));
            }
            Expr::Tuple(t) => self.starunpack(&t.elts, 0, SeqKind::Tuple, t.range)?,
            Expr::List(l) => self.starunpack(&l.elts, 0, SeqKind::List, l.range)?,
            Expr::Set(s) => {
                if let Some(Expr::Starred(st)) =
                    s.elts.iter().find(|x| matches!(x, Expr::Starred(_)))
                {
                    return syntax("starred set displays are not supported", st.range);
                }
                self.starunpack(&s.elts, 0, SeqKind::Set, s.range)?
            }
            Expr::Dict(d) => self.dict_display(d)?,
            Expr::ListComp(c) => self.comprehension(
                c as *const _ as usize,
                CompKind::List,
                &c.generators,
                &c.elt,
                None,
                c.range,
            )?,
            Expr::SetComp(c) => self.comprehension(
                c as *const _ as usize,
                CompKind::Set,
                &c.generators,
                &c.elt,
                None,
                c.range,
            )?,
            Expr::Generator(c) => self.comprehension(
                c as *const _ as usize,
                CompKind::Gen,
                &c.generators,
                &c.elt,
                None,
                c.range,
            )?,
            Expr::DictComp(c) => {
                let Some(k) = &c.key else {
                    return syntax(
                        "dict unpacking cannot be used in dict comprehension",
                        c.range,
                    );
                };
                self.comprehension(
                    c as *const _ as usize,
                    CompKind::Dict,
                    &c.generators,
                    k,
                    Some(&c.value),
                    c.range,
                )?
            }
            Expr::Lambda(l) => self.lambda(l)?,
            Expr::If(i) => {
                let [end_label, orelse] = [(); 2].map(|_| self.cpy_label());
                let jf = self.cond_jump(&i.test, false)?;
                self.expr(&i.body)?;
                let end = self.emit_noline(Instr::Jump(0));
                for j in jf {
                    self.patch_here(j);
                }
                self.cpy_place(orelse);
                self.expr(&i.orelse)?;
                self.patch_here(end);
                self.cpy_place(end_label);
            }
            Expr::Named(n) => {
                self.expr(&n.value)?;
                self.emit(Instr::Copy(1));
                if let Expr::Name(t) = &*n.target {
                    let name = t.id.as_str().to_string();
                    self.store_named(&name);
                }
            }
            Expr::FString(f) => self.fstring(f)?,
            Expr::Starred(s) => return syntax("can't use starred expression here", s.range),
            Expr::Yield(y) => {
                if !self.in_function() {
                    return syntax("'yield' outside function", y.range);
                }
                match &y.value {
                    Some(v) => self.expr(v)?,
                    None => self.emit_const(ConstVal::None)?,
                }
                self.set_loc(y.range);
                self.emit(Instr::YieldValue);
            }
            Expr::YieldFrom(y) => {
                if !self.in_function() {
                    return syntax("'yield' outside function", y.range);
                }
                self.expr(&y.value)?;
                self.set_loc(y.range);
                self.emit(Instr::GetYieldFromIter);
                self.emit_const(ConstVal::None)?;
                let [start, resume, exit] = [(); 3].map(|_| self.cpy_label());
                self.cpy_place(start);
                let top = self.here();
                let send = self.emit(Instr::Send(0));
                self.cpy_place(resume);
                self.emit(Instr::YieldValue);
                let back = self.emit_silent(Instr::Jump(0));
                if let Some(c) = self.cpy(cpy::Op::JumpNoInterrupt, 0) {
                    self.u().shadow_jump[back] = c as u32;
                }
                self.patch(back, top);
                self.patch_here(send);
                self.cpy_place(exit);
            }
            Expr::Await(a) => return syntax("'await' outside async function", a.range),
            Expr::TString(t) => return syntax("template strings are not supported", t.range),
            Expr::IpyEscapeCommand(c) => return syntax("invalid syntax", c.range),
            // Literals are handled by const_value; these are the ones it declines.
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => {
                return syntax("invalid literal", e.range());
            }
        }
        Ok(())
    }

    /// A walrus target binds in the enclosing function even from inside a comprehension.
    fn store_named(&mut self, name: &str) {
        if self.u().kind == ScopeKind::Comprehension {
            let i = self.deref_index(name);
            if self.u().freevars.iter().any(|f| f == name) {
                self.emit(Instr::StoreDeref(i));
                return;
            }
        }
        self.store_name(name);
    }

    /// The operator's position between a binary operation's operands, found as CPython's
    /// traceback code finds it: the first non-blank byte after the left operand, two bytes
    /// long when the next byte is not blank either.
    fn operator_anchor(&self, left_end: u32, right_start: u32, _op_len: usize) -> (u32, u32) {
        let bytes = self.source.as_bytes();
        let blank = |b: u8| b == b' ' || b == b'\t' || b == 0x0c;
        let mut i = left_end as usize;
        while i < right_start as usize && blank(bytes[i]) {
            i += 1;
        }
        let mut end = i + 1;
        if end < right_start as usize && !blank(bytes[end]) {
            end += 1;
        }
        (i as u32, end as u32)
    }

    /// Subscript anchors: from the end of the container to one past the end of the index.
    fn subscript_anchor(&mut self, s: &ast::ExprSubscript) {
        let start: u32 = s.value.range().end().into();
        let end: u32 = u32::from(s.slice.range().end()) + 1;
        self.set_anchor(start, end);
    }

    /// CPython's compile-time `SyntaxWarning` for `is` / `is not` with a literal operand.
    fn warn_is_literal(&mut self, c: &ast::ExprCompare) {
        if self.dry_run > 0 {
            return;
        }
        let is_literal = |e: &Expr| matches!(const_value(e), Some(v) if !matches!(v, ConstVal::None | ConstVal::Bool(_) | ConstVal::Ellipsis));
        let mut left: &Expr = &c.left;
        for (op, right) in c.ops.iter().zip(c.comparators.iter()) {
            let (text, suggestion) = match op {
                ast::CmpOp::Is => ("is", "=="),
                ast::CmpOp::IsNot => ("is not", "!="),
                _ => {
                    left = right;
                    continue;
                }
            };
            if is_literal(left) || is_literal(right) {
                let (line, _) = self.line_col(c.range.start().into());
                let src = self
                    .source
                    .split('\n')
                    .nth(line as usize - 1)
                    .unwrap_or("")
                    .trim();
                let filename = pystr::as_str(&self.filename).into_owned();
                crate::modules::write_stderr(&format!(
                    "{}:{}: SyntaxWarning: \"{}\" with a literal. Did you mean \"{}\"?\n  {}\n",
                    filename, line, text, suggestion, src
                ));
            }
            left = right;
        }
    }

    fn compare(&mut self, c: &'src ast::ExprCompare) -> CResult<()> {
        self.compare_ops(c, None)
    }

    /// A comparison; `negate` replaces its only operator (`not a in b` is `a not in b`).
    fn compare_ops(
        &mut self,
        c: &'src ast::ExprCompare,
        negate: Option<ast::CmpOp>,
    ) -> CResult<()> {
        self.warn_is_literal(c);
        self.expr(&c.left)?;
        let n = c.ops.len();
        let cleanup_label = (n > 1).then(|| self.cpy_label());
        let mut cleanup = Vec::new();
        for (i, (op, right)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
            let op = negate.as_ref().unwrap_or(op);
            if i + 1 == n && matches!(op, ast::CmpOp::In | ast::CmpOp::NotIn) {
                self.iter_expr(right)?;
            } else {
                self.expr(right)?;
            }
            if i + 1 < n {
                self.emit(Instr::Swap(2));
                self.emit(Instr::Copy(2));
            }
            self.set_loc(c.range);
            self.emit(cmp_instr(*op));
            if i + 1 < n {
                cleanup.push(self.emit(Instr::JumpIfFalseOrPop(0)));
            }
        }
        if let Some(cleanup_label) = cleanup_label {
            let end_label = self.cpy_label();
            let end = self.emit_noline(Instr::Jump(0));
            for j in cleanup {
                self.patch_here(j);
            }
            self.cpy_place(cleanup_label);
            self.emit(Instr::Swap(2));
            self.emit(Instr::PopTop);
            self.patch_here(end);
            self.cpy_place(end_label);
        }
        Ok(())
    }

    fn call(&mut self, c: &'src ast::ExprCall) -> CResult<()> {
        // Method calls: obj.name(...) -> LoadMethod
        let plain_args = !c
            .arguments
            .args
            .iter()
            .any(|a| matches!(a, Expr::Starred(_)))
            && !c.arguments.keywords.iter().any(|k| k.arg.is_none());
        let (nargs, nkw) = (c.arguments.args.len(), c.arguments.keywords.len());
        let few = nargs + nkw + usize::from(nkw != 0) < STACK_USE_GUIDELINE;
        match &*c.func {
            Expr::Attribute(a)
                if plain_args
                    && few
                    && a.ctx == ExprContext::Load
                    && !self.is_import_originated(&a.value) =>
            {
                self.expr(&a.value)?;
                self.set_loc(a.range);
                let i = self.name_idx(a.attr.as_str());
                self.emit(Instr::LoadMethod(i));
            }
            f => {
                self.set_loc(c.range());
                self.emit(Instr::PushNull);
                self.expr(f)?;
            }
        }
        self.call_args(&c.arguments.args, &c.arguments.keywords, 0, c.range())
    }

    /// Pushes arguments and emits the call; `extra` positional arguments are already on the
    /// stack (class definitions push the body function and name). As CPython's
    /// `compiler_call_helper`: without `*` or `**` and with few arguments, a plain call;
    /// otherwise one tuple of positional arguments (a lone `*x` passed as it is) and a dict
    /// of keyword arguments, built group by group, for CALL_FUNCTION_EX.
    fn call_args(
        &mut self,
        args: &'src [Expr],
        keywords: &'src [ast::Keyword],
        extra: u32,
        range: TextRange,
    ) -> CResult<()> {
        let starred = args.iter().any(|a| matches!(a, Expr::Starred(_)))
            || keywords.iter().any(|k| k.arg.is_none());
        if !starred && args.len() + 2 * keywords.len() <= STACK_USE_GUIDELINE {
            for a in args {
                self.expr(a)?;
            }
            let mut names = Vec::new();
            for k in keywords {
                self.expr(&k.value)?;
                names.push(ConstVal::Str(
                    k.arg
                        .as_ref()
                        .map(|a| a.as_str().to_string())
                        .unwrap_or_default(),
                ));
            }
            self.set_loc(range);
            let n = extra + args.len() as u32 + keywords.len() as u32;
            if names.is_empty() {
                self.emit(Instr::Call(n));
            } else {
                let ki = self.internal_const(&ConstVal::Tuple(names))?;
                self.emit(Instr::KwNames(ki));
                self.emit(Instr::Call(n));
            }
            return Ok(());
        }
        match args {
            [Expr::Starred(s)] if extra == 0 => self.expr(&s.value)?,
            _ => self.starunpack(args, extra, SeqKind::Tuple, range)?,
        }
        if !keywords.is_empty() {
            let mut have_dict = false;
            let mut seen = 0;
            for (i, k) in keywords.iter().enumerate() {
                if k.arg.is_some() {
                    seen += 1;
                    continue;
                }
                if seen > 0 {
                    self.keyword_dict(&keywords[i - seen..i])?;
                    if have_dict {
                        self.emit(Instr::DictMerge(1));
                    }
                    have_dict = true;
                    seen = 0;
                }
                if !have_dict {
                    self.emit(Instr::BuildMap(0));
                    have_dict = true;
                }
                self.expr(&k.value)?;
                self.emit(Instr::DictMerge(1));
            }
            if seen > 0 {
                self.keyword_dict(&keywords[keywords.len() - seen..])?;
                if have_dict {
                    self.emit(Instr::DictMerge(1));
                }
            }
        }
        self.set_loc(range);
        self.emit(Instr::CallFunctionEx(!keywords.is_empty()));
        Ok(())
    }

    /// A dict of named keyword arguments (CPython's `compiler_subkwargs`).
    fn keyword_dict(&mut self, keywords: &'src [ast::Keyword]) -> CResult<()> {
        let n = keywords.len();
        let name =
            |k: &ast::Keyword| ConstVal::Str(k.arg.as_ref().map_or("", |a| a.as_str()).to_string());
        let big = 2 * n > STACK_USE_GUIDELINE;
        if n > 1 && !big {
            for k in keywords {
                self.expr(&k.value)?;
            }
            let ki = self.internal_const(&ConstVal::Tuple(keywords.iter().map(name).collect()))?;
            self.emit(Instr::LoadConst(ki));
            self.emit(Instr::BuildConstKeyMap(n as u32));
            return Ok(());
        }
        if big {
            self.emit_noline(Instr::BuildMap(0));
        }
        for k in keywords {
            self.emit_const(name(k))?;
            self.expr(&k.value)?;
            if big {
                self.emit_noline(Instr::MapAdd(1));
            }
        }
        if !big {
            self.emit(Instr::BuildMap(n as u32));
        }
        Ok(())
    }

    /// A list, tuple or set display (or the positional arguments of a call, after `pushed`
    /// ones already on the stack), built as CPython's `starunpack_helper` builds it: more
    /// than two constants from one constant, a plain display with a single instruction,
    /// and otherwise item by item from the first star (or from the start, when there are
    /// too many items to push at once).
    fn starunpack(
        &mut self,
        elts: &'src [Expr],
        pushed: u32,
        kind: SeqKind,
        range: TextRange,
    ) -> CResult<()> {
        let n = elts.len();
        type Op = fn(u32) -> Instr;
        let (build, add, extend): (Op, Op, Op) = match kind {
            SeqKind::Set => (Instr::BuildSet, Instr::SetAdd, Instr::SetUpdate),
            _ => (Instr::BuildList, Instr::ListAppend, Instr::ListExtend),
        };
        if n > 2 && elts.iter().all(|x| const_value(x).is_some()) {
            if kind == SeqKind::Set {
                // CPython extends an empty set with a frozenset constant, which pyheap does
                // not make: it builds the set from the items.
                self.u().silent += 1;
                for x in elts {
                    self.expr(x)?;
                }
                self.set_loc(range);
                self.emit(build(n as u32));
                self.u().silent -= 1;
                let nconsts = self.u().consts.len() as u32;
                self.cpy(cpy::PLAIN, 0);
                self.cpy_const(nconsts, CpyConst::True);
                self.cpy(cpy::PLAIN, 1);
                return Ok(());
            }
            let vals: Vec<ConstVal> = elts.iter().filter_map(const_value).collect();
            for x in elts {
                self.arena_leaf_or_fold(x)?;
            }
            let tv = ConstVal::Tuple(vals);
            let fresh = self.make_fresh(&tv)?;
            let canon = self.canonical(&tv, fresh)?;
            let i = self.add_const_obj(tv.key(), canon);
            self.set_loc(range);
            if kind == SeqKind::Tuple && pushed == 0 {
                self.emit(Instr::LoadConst(i));
                return Ok(());
            }
            self.emit(build(pushed));
            self.emit(Instr::LoadConst(i));
            self.emit(extend(1));
            if kind == SeqKind::Tuple {
                self.emit(Instr::ListToTuple);
            }
            return Ok(());
        }
        let big = n + pushed as usize > STACK_USE_GUIDELINE;
        let starred = elts.iter().any(|x| matches!(x, Expr::Starred(_)));
        if !starred && !big {
            for x in elts {
                self.expr(x)?;
            }
            self.set_loc(range);
            let n = n as u32 + pushed;
            self.emit(match kind {
                SeqKind::Tuple => Instr::BuildTuple(n),
                _ => build(n),
            });
            return Ok(());
        }
        let mut built = false;
        if big {
            self.set_loc(range);
            self.emit(build(pushed));
            built = true;
        }
        for (i, x) in elts.iter().enumerate() {
            match x {
                Expr::Starred(s) => {
                    if !built {
                        self.set_loc(range);
                        self.emit(build(i as u32 + pushed));
                        built = true;
                    }
                    self.expr(&s.value)?;
                    self.set_loc(range);
                    self.emit(extend(1));
                }
                other => {
                    self.expr(other)?;
                    if built {
                        self.set_loc(range);
                        self.emit(add(1));
                    }
                }
            }
        }
        if kind == SeqKind::Tuple {
            self.emit(Instr::ListToTuple);
        }
        Ok(())
    }

    /// A dict display, as CPython's `compiler_dict`: runs of `key: value` items become one
    /// dict each (from a constant tuple of keys when they are all constants), merged with
    /// the `**` items into the first dict; very long runs are added an item at a time.
    fn dict_display(&mut self, d: &'src ast::ExprDict) -> CResult<()> {
        let items = &d.items;
        let n = items.len();
        let mut have_dict = false;
        let mut elements = 0;
        for i in 0..n {
            if items[i].key.is_none() {
                if elements > 0 {
                    self.dict_items(&items[i - elements..i], d.range)?;
                    if have_dict {
                        self.emit(Instr::DictUpdate(1));
                    }
                    have_dict = true;
                    elements = 0;
                }
                if !have_dict {
                    self.set_loc(d.range);
                    self.emit(Instr::BuildMap(0));
                    have_dict = true;
                }
                self.expr(&items[i].value)?;
                self.set_loc(d.range);
                self.emit(Instr::DictUpdate(1));
            } else if 2 * elements > STACK_USE_GUIDELINE {
                self.dict_items(&items[i - elements..=i], d.range)?;
                if have_dict {
                    self.emit(Instr::DictUpdate(1));
                }
                have_dict = true;
                elements = 0;
            } else {
                elements += 1;
            }
        }
        if elements > 0 {
            self.dict_items(&items[n - elements..], d.range)?;
            if have_dict {
                self.emit(Instr::DictUpdate(1));
            }
            have_dict = true;
        }
        if !have_dict {
            self.set_loc(d.range);
            self.emit(Instr::BuildMap(0));
        }
        Ok(())
    }

    /// One dict of `key: value` items (CPython's `compiler_subdict`).
    fn dict_items(&mut self, items: &'src [ast::DictItem], range: TextRange) -> CResult<()> {
        let n = items.len();
        let big = 2 * n > STACK_USE_GUIDELINE;
        let key = |it: &'src ast::DictItem| it.key.as_ref().expect("key");
        if n > 1 && !big && items.iter().all(|it| const_value(key(it)).is_some()) {
            let mut keys = Vec::new();
            for it in items {
                let k = key(it);
                self.arena_leaf_or_fold(k)?;
                keys.push(const_value(k).expect("const key"));
                self.expr(&it.value)?;
            }
            let tv = ConstVal::Tuple(keys);
            let fresh = self.make_fresh(&tv)?;
            let canon = self.canonical(&tv, fresh)?;
            let ki = self.add_const_obj(tv.key(), canon);
            self.emit(Instr::LoadConst(ki));
            self.set_loc(range);
            self.emit(Instr::BuildConstKeyMap(n as u32));
            return Ok(());
        }
        if big {
            self.set_loc(range);
            self.emit(Instr::BuildMap(0));
        }
        for it in items {
            self.expr(key(it))?;
            self.expr(&it.value)?;
            if big {
                self.set_loc(range);
                self.emit(Instr::MapAdd(1));
            }
        }
        if !big {
            self.set_loc(range);
            self.emit(Instr::BuildMap(n as u32));
        }
        Ok(())
    }

    /// An f-string, as CPython's parser and compiler see it: its literal text merged into
    /// as few constants as possible between the formatted values, and the pieces joined
    /// with BUILD_STRING (or `''.join` when there are very many).
    fn fstring(&mut self, f: &'src ast::ExprFString) -> CResult<()> {
        let mut pieces = Vec::new();
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(l) => push_literal(&mut pieces, &l.value),
                ast::FStringPart::FString(fs) => self.fstring_pieces(&fs.elements, &mut pieces),
            }
        }
        self.joined_str(&pieces, f.range)
    }

    fn fstring_pieces(
        &self,
        elements: &'src ast::InterpolatedStringElements,
        out: &mut Vec<FPiece<'src>>,
    ) {
        for el in elements.iter() {
            match el {
                ast::InterpolatedStringElement::Literal(l) => push_literal(out, &l.value),
                ast::InterpolatedStringElement::Interpolation(i) => {
                    if let Some(dbg) = &i.debug_text {
                        let text = format!(
                            "{}{}{}",
                            dbg.leading(),
                            &self.source[usize::from(i.expression.range().start())
                                ..usize::from(i.expression.range().end())],
                            dbg.trailing()
                        );
                        push_literal(out, &text);
                    }
                    out.push(FPiece::Value(i));
                }
            }
        }
    }

    fn joined_str(&mut self, pieces: &[FPiece<'src>], range: TextRange) -> CResult<()> {
        if pieces.len() > STACK_USE_GUIDELINE {
            let empty = self.internal_const(&ConstVal::Str(String::new()))?;
            self.emit(Instr::LoadConst(empty));
            let join = self.name_idx("join");
            self.emit(Instr::LoadMethod(join));
            self.emit(Instr::BuildList(0));
            for p in pieces {
                self.fstring_piece(p)?;
                self.emit(Instr::ListAppend(1));
            }
            self.set_loc(range);
            self.emit(Instr::Call(1));
            return Ok(());
        }
        for p in pieces {
            self.fstring_piece(p)?;
        }
        self.set_loc(range);
        match pieces.len() {
            0 => {
                // CPython builds the empty string (BUILD_STRING 0).
                self.u().silent += 1;
                let r = self.emit_literal(&ConstVal::Str(String::new()));
                self.u().silent -= 1;
                r?;
                self.cpy(cpy::PLAIN, 0);
            }
            1 => {}
            n => {
                self.emit(Instr::BuildString(n as u32));
            }
        }
        Ok(())
    }

    fn fstring_piece(&mut self, p: &FPiece<'src>) -> CResult<()> {
        let i = match p {
            FPiece::Literal(s) => return self.emit_literal(&ConstVal::Str(s.clone())),
            FPiece::Value(i) => i,
        };
        let mut conv = match i.conversion {
            ast::ConversionFlag::None => 0,
            ast::ConversionFlag::Str => 1,
            ast::ConversionFlag::Repr => 2,
            ast::ConversionFlag::Ascii => 3,
        };
        if i.debug_text.is_some() && conv == 0 && i.format_spec.is_none() {
            conv = 2;
        }
        self.expr(&i.expression)?;
        let has_spec = match &i.format_spec {
            Some(spec) => {
                let mut pieces = Vec::new();
                self.fstring_pieces(&spec.elements, &mut pieces);
                self.joined_str(&pieces, spec.range)?;
                true
            }
            None => false,
        };
        self.emit(Instr::FormatValue(conv, has_spec));
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn comprehension(
        &mut self,
        node: usize,
        kind: CompKind,
        gens: &'src [ast::Comprehension],
        elt: &'src Expr,
        value: Option<&'src Expr>,
        range: TextRange,
    ) -> CResult<()> {
        let scope = *self.st.by_node.get(&node).unwrap_or(&0);
        let name = match kind {
            CompKind::List => "<listcomp>",
            CompKind::Set => "<setcomp>",
            CompKind::Dict => "<dictcomp>",
            CompKind::Gen => "<genexpr>",
        };
        let qualname = self.qualname_for(name);
        let firstline = self.line_col(range.start().into()).0;
        self.set_loc(range);
        // CPython calls the comprehension's function as if it were a method and the
        // iterator its self.
        self.emit_silent(Instr::PushNull);
        let mut flags = 0;
        if self.closure(scope) {
            flags |= 8;
        }
        self.push_unit(scope, name, &qualname, firstline);
        self.u().argcount = 1;
        self.set_loc(range);
        match kind {
            CompKind::List => {
                self.emit(Instr::BuildList(0));
            }
            CompKind::Set => {
                self.emit(Instr::BuildSet(0));
            }
            CompKind::Dict => {
                self.emit(Instr::BuildMap(0));
            }
            CompKind::Gen => {}
        }
        self.comp_generator(gens, 0, 0, kind, elt, value)?;
        if kind == CompKind::Gen {
            self.unset_loc();
            self.emit_const(ConstVal::None)?;
        }
        self.emit(Instr::ReturnValue);
        let code = self.pop_unit()?;
        let id = self.next_code_id;
        self.next_code_id += 1;
        let ci = self.add_const_obj(ConstKey::Code(id), code);
        self.set_loc(range);
        self.emit(Instr::LoadConst(ci));
        self.emit(Instr::MakeFunction(flags));
        self.iter_expr(&gens[0].iter)?;
        self.set_loc(range);
        self.emit(Instr::GetIter);
        self.emit(Instr::Call(1));
        Ok(())
    }

    /// One `for` of a comprehension and what it contains; `loops` iterators are on the
    /// stack already.
    #[allow(clippy::too_many_arguments)]
    fn comp_generator(
        &mut self,
        gens: &'src [ast::Comprehension],
        i: usize,
        loops: u32,
        kind: CompKind,
        elt: &'src Expr,
        value: Option<&'src Expr>,
    ) -> CResult<()> {
        let g = &gens[i];
        let [start, if_cleanup, anchor] = [(); 3].map(|_| self.cpy_label());
        // `for y in [expr]` after the first `for` assigns once, without a loop (as
        // CPython compiles the idiom).
        let single = match &g.iter {
            Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. })
                if i > 0 && elts.len() == 1 && !matches!(elts[0], Expr::Starred(_)) =>
            {
                Some(&elts[0])
            }
            _ => None,
        };
        let mut looping = None;
        match single {
            Some(x) => self.expr(x)?,
            None => {
                if i == 0 {
                    self.emit(Instr::LoadFast(0));
                } else {
                    self.iter_expr(&g.iter)?;
                    self.emit(Instr::GetIter);
                }
                self.cpy_place(start);
                let top = self.here();
                looping = Some((top, self.emit(Instr::ForIter(0))));
            }
        }
        let loops = loops + looping.is_some() as u32;
        self.assign_target(&g.target)?;
        let mut skips = Vec::new();
        for cond in &g.ifs {
            skips.extend(self.cond_jump(cond, false)?);
        }
        if i + 1 < gens.len() {
            self.comp_generator(gens, i + 1, loops, kind, elt, value)?;
        } else {
            // The collection is under the iterators.
            let depth = loops + 1;
            match kind {
                CompKind::List => {
                    self.expr(elt)?;
                    self.emit(Instr::ListAppend(depth));
                }
                CompKind::Set => {
                    self.expr(elt)?;
                    self.emit(Instr::SetAdd(depth));
                }
                CompKind::Dict => {
                    self.expr(elt)?;
                    self.expr(value.expect("dict value"))?;
                    self.emit(Instr::MapAdd(depth));
                }
                CompKind::Gen => {
                    self.expr(elt)?;
                    self.emit(Instr::YieldValue);
                    self.emit(Instr::PopTop);
                }
            }
        }
        self.cpy_place(if_cleanup);
        let Some((top, fi)) = looping else {
            for s in skips {
                self.patch_here(s);
            }
            return Ok(());
        };
        // The conditions skip to the next iteration directly; CPython's skip to the jump
        // back.
        let jump_back = self.u().shadow.len();
        for s in skips {
            self.patch(s, top);
            self.shadow_patch(s, jump_back);
        }
        let back = self.emit(Instr::Jump(0));
        self.patch(back, top);
        self.patch_here(fi);
        self.cpy_place(anchor);
        Ok(())
    }

    /// Whether `e` names a module the module imports: CPython does not compile method
    /// calls on those with LOAD_METHOD.
    fn is_import_originated(&self, e: &Expr) -> bool {
        match e {
            Expr::Name(n) => self.st.scopes[0]
                .flags
                .get(n.id.as_str())
                .is_some_and(|f| f.imported),
            _ => false,
        }
    }
}

/// CPython's `STACK_USE_GUIDELINE`: calls and displays with more items than this are built
/// up an item at a time.
const STACK_USE_GUIDELINE: usize = 30;

/// Stack effect of an instruction: (popped, pushed) on the fall-through path, and the
/// depth change on its jump, if it jumps.
fn stack_effect(i: &Instr) -> (i32, Option<i32>) {
    use Instr::*;
    match *i {
        Nop | PopBlock | Jump(_) | Unreachable => (0, None),
        PopTop | PrintExpr | StoreFast(_) | StoreName(_) | StoreGlobal(_) | StoreDeref(_)
        | ExitWith | PopExcept | Reraise => (-1, None),
        Copy(_) | PushNull | LoadConst(_) | LoadFast(_) | LoadName(_) | LoadGlobal(_)
        | LoadDeref(_) | LoadClosure(_) | LoadClassDeref(_) | LoadAssertionError
        | LoadBuildClass => (1, None),
        Swap(_) | DeleteFast(_) | DeleteName(_) | DeleteGlobal(_) | DeleteDeref(_) => (0, None),
        LoadAttr(_) | UnaryNegative | UnaryPositive | UnaryInvert | UnaryNot | GetIter
        | GetYieldFromIter | ListToTuple | YieldValue => (0, None),
        StoreAttr(_) => (-2, None),
        DeleteAttr(_) => (-1, None),
        LoadMethod(_) => (1, None),
        BinarySubscr | BinaryOp(_) | InplaceOp(_) | Compare(_) | IsOp(_) | ContainsOp(_) => {
            (-1, None)
        }
        StoreSubscr => (-3, None),
        DeleteSubscr => (-2, None),
        BuildSlice(n) => (1 - n as i32, None),
        BuildTuple(n) | BuildList(n) | BuildSet(n) | BuildString(n) => (1 - n as i32, None),
        BuildMap(n) => (1 - 2 * n as i32, None),
        BuildConstKeyMap(n) => (-(n as i32), None),
        ListAppend(_) | SetAdd(_) | ListExtend(_) | SetUpdate(_) | DictUpdate(_) | DictMerge(_) => {
            (-1, None)
        }
        MapAdd(_) => (-2, None),
        FormatValue(_, spec) => (if spec { -1 } else { 0 }, None),
        UnpackSequence(n) => (n as i32 - 1, None),
        UnpackEx(b, a) => (b as i32 + a as i32, None),
        PopJumpIfFalse(_) | PopJumpIfTrue(_) | PopJumpIfNone(_) | PopJumpIfNotNone(_) => {
            (-1, Some(-1))
        }
        JumpIfFalseOrPop(_) | JumpIfTrueOrPop(_) => (-1, Some(0)),
        ForIter(_) => (1, Some(-1)),
        Call(n) => (-(n as i32) - 1, None),
        KwNames(_) => (0, None),
        // Superinstructions exist only after the depth is computed; as pairs:
        LoadFastLoadFast(..) | LoadFastLoadConst(..) | LoadConstLoadFast(..) => (2, None),
        StoreFastLoadFast(..) => (0, None),
        StoreFastStoreFast(..) => (-2, None),
        LoadFastLoadAttr(..) => (1, None),
        ReturnConst(_) => (0, None),
        PushNullLoadGlobal(_) => (2, None),
        CallFunctionEx(kw) => (if kw { -3 } else { -2 }, None),
        MakeFunction(flags) => (
            -((flags & 1 != 0) as i32 + (flags & 2 != 0) as i32 + (flags & 8 != 0) as i32),
            None,
        ),
        ReturnValue => (-1, None),
        Send(_) => (0, Some(0)),
        Raise(n) => (-(n as i32), None),
        // The handler starts with the exception pushed at the block's level: the current
        // depth for SetupFinally, one item lower for SetupCleanup.
        SetupFinally(_) => (0, Some(1)),
        SetupCleanup(_) => (0, Some(0)),
        PushExcInfo => (1, None),
        CheckExcMatch => (0, None),
        BeforeWith => (1, None),
        WithExceptStart => (1, None),
        ImportName(_) => (-1, None),
        ImportFrom(_) => (1, None),
        ImportStar => (-1, None),
    }
}

/// The deepest the value stack can get (`co_stacksize`), by walking every path.
fn max_stack_depth(instrs: &[Instr]) -> u32 {
    let n = instrs.len();
    let mut depth_at: Vec<i32> = vec![-1; n];
    let mut work = vec![(0usize, 0i32)];
    let mut max = 0;
    // A valid program has one depth per instruction; the cap only guards against looping
    // forever should the effects above ever disagree with the eval loop.
    let cap = 4 * n as i32 + 64;
    while let Some((start, d0)) = work.pop() {
        let mut pc = start;
        let mut d = d0;
        while pc < n {
            if depth_at[pc] >= d || d > cap {
                break;
            }
            depth_at[pc] = d;
            let i = &instrs[pc];
            let (effect, jump) = stack_effect(i);
            if let (Some(j), Some(target)) = (jump, i.jump_target()) {
                // SetupFinally/SetupCleanup: the handler starts with the exception pushed
                // on the block's level, which is at most the current depth.
                let jd = d + j;
                max = max.max(jd);
                work.push((target as usize, jd));
            }
            d += effect;
            max = max.max(d);
            match i {
                Instr::Jump(t) => {
                    pc = *t as usize;
                    continue;
                }
                Instr::ReturnValue | Instr::Raise(_) | Instr::Reraise | Instr::Unreachable => break,
                _ => pc += 1,
            }
        }
    }
    max.max(0) as u32
}

/// A piece of an f-string: literal text, or a value to format.
enum FPiece<'src> {
    Literal(String),
    Value(&'src ast::InterpolatedElement),
}

/// Appends literal text, merged with the literal before it (empty text is no piece).
fn push_literal(out: &mut Vec<FPiece<'_>>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(FPiece::Literal(s)) = out.last_mut() {
        s.push_str(text);
    } else {
        out.push(FPiece::Literal(text.to_string()));
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SeqKind {
    List,
    Tuple,
    Set,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CompKind {
    List,
    Set,
    Dict,
    Gen,
}

fn ends_with_return(body: &[Stmt]) -> bool {
    matches!(body.last(), Some(Stmt::Return(_)))
}

fn binop(op: ast::Operator) -> BinOp {
    match op {
        ast::Operator::Add => BinOp::Add,
        ast::Operator::Sub => BinOp::Sub,
        ast::Operator::Mult => BinOp::Mul,
        ast::Operator::MatMult => BinOp::MatMul,
        ast::Operator::Div => BinOp::TrueDiv,
        ast::Operator::Mod => BinOp::Mod,
        ast::Operator::Pow => BinOp::Pow,
        ast::Operator::LShift => BinOp::LShift,
        ast::Operator::RShift => BinOp::RShift,
        ast::Operator::BitOr => BinOp::Or,
        ast::Operator::BitXor => BinOp::Xor,
        ast::Operator::BitAnd => BinOp::And,
        ast::Operator::FloorDiv => BinOp::FloorDiv,
    }
}

fn cmp_instr(op: ast::CmpOp) -> Instr {
    match op {
        ast::CmpOp::Eq => Instr::Compare(CompareOp::Eq),
        ast::CmpOp::NotEq => Instr::Compare(CompareOp::Ne),
        ast::CmpOp::Lt => Instr::Compare(CompareOp::Lt),
        ast::CmpOp::LtE => Instr::Compare(CompareOp::Le),
        ast::CmpOp::Gt => Instr::Compare(CompareOp::Gt),
        ast::CmpOp::GtE => Instr::Compare(CompareOp::Ge),
        ast::CmpOp::Is => Instr::IsOp(false),
        ast::CmpOp::IsNot => Instr::IsOp(true),
        ast::CmpOp::In => Instr::ContainsOp(false),
        ast::CmpOp::NotIn => Instr::ContainsOp(true),
    }
}

fn describe_expr(e: &Expr) -> &'static str {
    match e {
        Expr::Call(_) => "function call",
        Expr::NumberLiteral(_)
        | Expr::StringLiteral(_)
        | Expr::BooleanLiteral(_)
        | Expr::NoneLiteral(_)
        | Expr::BytesLiteral(_)
        | Expr::EllipsisLiteral(_) => "literal",
        Expr::BinOp(_) | Expr::UnaryOp(_) => "expression",
        Expr::Compare(_) => "comparison",
        Expr::Lambda(_) => "lambda",
        Expr::FString(_) => "f-string expression",
        Expr::Dict(_) => "dict literal",
        Expr::Set(_) => "set display",
        Expr::ListComp(_) => "list comprehension",
        Expr::Generator(_) => "generator expression",
        Expr::If(_) => "conditional expression",
        Expr::BoolOp(_) => "expression",
        Expr::Named(_) => "named expression",
        _ => "expression",
    }
}

/// Whether a string constant is interned (all characters are ASCII letters, digits or `_`).
pub fn is_name_like(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The constant an expression folds to, as CPython's AST optimiser folds it (numbers,
/// strings and tuples of constants; results kept small).
pub fn const_value(e: &Expr) -> Option<ConstVal> {
    match e {
        Expr::NoneLiteral(_) => Some(ConstVal::None),
        Expr::BooleanLiteral(b) => Some(ConstVal::Bool(b.value)),
        Expr::EllipsisLiteral(_) => Some(ConstVal::Ellipsis),
        Expr::StringLiteral(s) => Some(ConstVal::Str(s.value.to_str().to_string())),
        Expr::BytesLiteral(b) => Some(ConstVal::Bytes(
            b.value
                .iter()
                .flat_map(|p| p.as_slice().iter().copied())
                .collect(),
        )),
        Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => parse_int(i).map(ConstVal::Int),
            ast::Number::Float(f) => Some(ConstVal::Float(*f)),
            ast::Number::Complex { real, imag } => Some(ConstVal::Complex(*real, *imag)),
        },
        Expr::Tuple(t) => {
            let mut v = Vec::new();
            for x in &t.elts {
                v.push(const_value(x)?);
            }
            Some(ConstVal::Tuple(v))
        }
        Expr::UnaryOp(u) => {
            let v = match const_value(&u.operand)? {
                // Arithmetic on a bool is arithmetic on its int.
                ConstVal::Bool(b) if u.op != ast::UnaryOp::Not => {
                    ConstVal::Int(BigInt::from(b as i64))
                }
                v => v,
            };
            match (u.op, v) {
                (ast::UnaryOp::USub, ConstVal::Int(i)) => Some(ConstVal::Int(-i)),
                (ast::UnaryOp::USub, ConstVal::Float(f)) => Some(ConstVal::Float(-f)),
                (ast::UnaryOp::UAdd, ConstVal::Int(i)) => Some(ConstVal::Int(i)),
                (ast::UnaryOp::UAdd, ConstVal::Float(f)) => Some(ConstVal::Float(f)),
                (ast::UnaryOp::USub, ConstVal::Complex(re, im)) => {
                    Some(ConstVal::Complex(-re, -im))
                }
                (ast::UnaryOp::UAdd, ConstVal::Complex(re, im)) => Some(ConstVal::Complex(re, im)),
                (ast::UnaryOp::Invert, ConstVal::Int(i)) => Some(ConstVal::Int(-i - 1)),
                (ast::UnaryOp::Not, v) => const_truth(&v).map(|b| ConstVal::Bool(!b)),
                _ => None,
            }
        }
        Expr::BinOp(b) => fold_binop(binop(b.op), const_value(&b.left)?, const_value(&b.right)?),
        Expr::Subscript(s) if s.ctx == ExprContext::Load => {
            fold_subscript(const_value(&s.value)?, const_value(&s.slice)?)
        }
        _ => None,
    }
}

/// A constant indexed by a constant integer (`fold_subscr`); `None` when indexing would
/// fail, which is then left to run (and raise) at run time.
fn fold_subscript(value: ConstVal, index: ConstVal) -> Option<ConstVal> {
    let i = match index {
        ConstVal::Int(i) => i64::try_from(&i).ok()?,
        ConstVal::Bool(b) => b as i64,
        _ => return None,
    };
    let at = |len: usize| -> Option<usize> {
        let j = if i < 0 { i + len as i64 } else { i };
        (0..len as i64).contains(&j).then_some(j as usize)
    };
    match value {
        ConstVal::Str(s) => {
            let n = s.chars().count();
            s.chars().nth(at(n)?).map(|c| ConstVal::Str(c.to_string()))
        }
        ConstVal::Bytes(b) => Some(ConstVal::Int(BigInt::from(b[at(b.len())?]))),
        ConstVal::Tuple(t) => {
            let j = at(t.len())?;
            t.into_iter().nth(j)
        }
        _ => None,
    }
}

fn const_truth(v: &ConstVal) -> Option<bool> {
    Some(match v {
        ConstVal::None => false,
        ConstVal::Bool(b) => *b,
        ConstVal::Int(i) => !i.is_zero(),
        ConstVal::Float(f) => *f != 0.0,
        ConstVal::Complex(re, im) => *re != 0.0 || *im != 0.0,
        ConstVal::Str(s) => !s.is_empty(),
        ConstVal::Tuple(t) => !t.is_empty(),
        _ => return None,
    })
}

fn parse_int(i: &ast::Int) -> Option<BigInt> {
    if let Some(v) = i.as_i64() {
        return Some(BigInt::from(v));
    }
    let s = i.to_string().replace('_', "");
    let lower = s.to_ascii_lowercase();
    let (digits, radix) = if let Some(r) = lower.strip_prefix("0x") {
        (r.to_string(), 16)
    } else if let Some(r) = lower.strip_prefix("0o") {
        (r.to_string(), 8)
    } else if let Some(r) = lower.strip_prefix("0b") {
        (r.to_string(), 2)
    } else {
        (lower, 10)
    };
    BigInt::parse_bytes(digits.as_bytes(), radix)
}

/// Limits from CPython's `ast_opt.c`: don't fold into huge results.
const MAX_INT_SIZE_BITS: u64 = 128;
const MAX_COLLECTION_SIZE: usize = 256;
const MAX_STR_SIZE: usize = 4096;

fn fold_binop(op: BinOp, a: ConstVal, b: ConstVal) -> Option<ConstVal> {
    use ConstVal::{Bool, Complex, Float, Int, Str, Tuple};
    fn as_int(v: &ConstVal) -> Option<BigInt> {
        match v {
            ConstVal::Int(i) => Some(i.clone()),
            ConstVal::Bool(b) => Some(BigInt::from(*b as i64)),
            _ => None,
        }
    }
    match (&a, &b) {
        // `bool & bool` (and `|`, `^`) stays a bool.
        (Bool(x), Bool(y)) if matches!(op, BinOp::And | BinOp::Or | BinOp::Xor) => {
            Some(Bool(match op {
                BinOp::And => x & y,
                BinOp::Or => x | y,
                _ => x ^ y,
            }))
        }
        (Int(_) | Bool(_), Int(_) | Bool(_)) => {
            let (x, y) = (as_int(&a)?, as_int(&b)?);
            let r = match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                BinOp::Mul => {
                    if x.bits() + y.bits() > MAX_INT_SIZE_BITS {
                        return None;
                    }
                    x * y
                }
                BinOp::FloorDiv if !y.is_zero() => num_integer::Integer::div_floor(&x, &y),
                BinOp::Mod if !y.is_zero() => num_integer::Integer::mod_floor(&x, &y),
                // A negative power is a float power.
                BinOp::Pow if y.sign() == num_bigint::Sign::Minus => {
                    let finite = |v: &BigInt| v.to_f64().filter(|f| f.is_finite());
                    return fold_binop(op, Float(finite(&x)?), Float(finite(&y)?));
                }
                BinOp::Pow => {
                    let e = y.to_u64()?;
                    if x.bits() * e > MAX_INT_SIZE_BITS {
                        return None;
                    }
                    num_traits::pow::Pow::pow(&x, e as u32)
                }
                BinOp::LShift => {
                    let s = y.to_u64()?;
                    if x.bits() + s > MAX_INT_SIZE_BITS {
                        return None;
                    }
                    x << s as usize
                }
                BinOp::RShift => x >> y.to_usize()?,
                BinOp::And => x & y,
                BinOp::Or => x | y,
                BinOp::Xor => x ^ y,
                BinOp::TrueDiv if !y.is_zero() => {
                    // Correctly rounded, as at run time; overflow is left to run time.
                    return crate::ops::true_divide_exact(&x, &y).ok().map(Float);
                }
                _ => return None,
            };
            Some(Int(r))
        }
        (Float(_) | Int(_) | Bool(_), Float(_) | Int(_) | Bool(_)) => {
            let f = |v: &ConstVal| -> Option<f64> {
                match v {
                    Float(x) => Some(*x),
                    _ => as_int(v)?.to_f64(),
                }
            };
            let (x, y) = (f(&a)?, f(&b)?);
            let r = match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                BinOp::Mul => x * y,
                BinOp::TrueDiv if y != 0.0 => x / y,
                BinOp::FloorDiv if y != 0.0 => crate::objects::int_methods::float_divmod(x, y).0,
                BinOp::Mod if y != 0.0 => crate::objects::int_methods::float_divmod(x, y).1,
                // A negative base to a fractional power is complex (`float_pow`).
                BinOp::Pow if x < 0.0 && x.is_finite() && y.is_finite() && y.fract() != 0.0 => {
                    let (re, im) = crate::objects::complex::pow((x, 0.0), (y, 0.0)).ok()?;
                    return Some(Complex(re, im));
                }
                BinOp::Pow if !(x == 0.0 && y < 0.0 || x < 0.0 && y.fract() != 0.0) => x.powf(y),
                _ => return None,
            };
            // Only a power overflows (with OverflowError, at run time); other arithmetic
            // reaches infinity quietly.
            if op == BinOp::Pow && !r.is_finite() && x.is_finite() && y.is_finite() {
                return None;
            }
            Some(Float(r))
        }
        (Complex(..), Float(_) | Int(_) | Bool(_) | Complex(..))
        | (Float(_) | Int(_) | Bool(_), Complex(..)) => {
            let c = |v: &ConstVal| -> Option<(f64, f64)> {
                match v {
                    Complex(re, im) => Some((*re, *im)),
                    Float(x) => Some((*x, 0.0)),
                    _ => Some((as_int(v)?.to_f64().filter(|x| x.is_finite())?, 0.0)),
                }
            };
            // Errors (division by zero, overflow) are left to run time.
            let (re, im) = crate::objects::complex::arith(op, c(&a)?, c(&b)?)?.ok()?;
            Some(Complex(re, im))
        }
        // Concatenation is folded whatever the length; repetition only up to a limit, and
        // never a negative count (unless the sequence is empty).
        (Str(x), Str(y)) if op == BinOp::Add => Some(Str(format!("{}{}", x, y))),
        (ConstVal::Bytes(x), ConstVal::Bytes(y)) if op == BinOp::Add => {
            Some(ConstVal::Bytes([x.as_slice(), y.as_slice()].concat()))
        }
        (Tuple(x), Tuple(y)) if op == BinOp::Add => {
            Some(Tuple([x.as_slice(), y.as_slice()].concat()))
        }
        (Str(_) | ConstVal::Bytes(_) | Tuple(_), Int(_) | Bool(_))
        | (Int(_) | Bool(_), Str(_) | ConstVal::Bytes(_) | Tuple(_))
            if op == BinOp::Mul =>
        {
            let (seq, n) = match as_int(&a) {
                Some(n) => (b, n),
                None => (a, as_int(&b)?),
            };
            let (size, limit) = match &seq {
                Str(s) => (s.chars().count(), MAX_STR_SIZE),
                ConstVal::Bytes(v) => (v.len(), MAX_STR_SIZE),
                Tuple(t) => (t.len(), MAX_COLLECTION_SIZE),
                _ => return None,
            };
            let n = match limit.checked_div(size) {
                // An empty sequence stays empty.
                None => 0,
                Some(most) => {
                    let n = usize::try_from(n.to_i64()?).ok()?;
                    if n > most {
                        return None;
                    }
                    n
                }
            };
            Some(match seq {
                Str(s) => Str(s.repeat(n)),
                ConstVal::Bytes(v) => ConstVal::Bytes(v.repeat(n)),
                Tuple(t) => Tuple((0..n).flat_map(|_| t.iter().cloned()).collect()),
                _ => return None,
            })
        }
        _ => None,
    }
}
