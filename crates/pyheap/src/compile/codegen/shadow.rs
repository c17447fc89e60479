//! The compiler's *shadow*: beside each instruction it emits, the instructions CPython
//! 3.11's compiler emits for the same source, so that `sys.getsizeof` of a code object can
//! report the length of CPython's bytecode (see [`bytecode_size`](super::super::bytecode_size)).
//!
//! Most instructions have a counterpart of their own ([`Compiler::shadow_of`]). Where the
//! two compilers differ, the code generator says so: an instruction CPython does not
//! emit is [`emit_silent`](Compiler::emit_silent), one CPython emits differently is
//! [`emit_as`](Compiler::emit_as), and what only CPython emits goes to the shadow alone
//! ([`cpy`](Compiler::cpy)): an annotation it evaluates, a `NOP` it keeps for a line
//! number, a `while` test it compiles a second time at the bottom of the loop
//! ([`shadow_only`](Compiler::shadow_only)). The shadow also follows CPython's line
//! numbers (`UNSET_LOC` becomes [`unset_loc`](Compiler::unset_loc)) and its basic blocks
//! ([`cpy_label`](Compiler::cpy_label), [`cpy_place`](Compiler::cpy_place)), on which its
//! assembler's passes depend.

use super::*;

/// No shadow jump (see `Unit::shadow_jump`).
pub(super) const NO_JUMP: u32 = u32::MAX;

impl<'src> Compiler<'src> {
    /// Emits an instruction CPython's compiler has no counterpart for.
    pub(super) fn emit_silent(&mut self, i: Instr) -> usize {
        self.u().silent += 1;
        let at = self.emit(i);
        self.u().silent -= 1;
        at
    }

    /// Emits an instruction whose CPython counterpart is `op arg`.
    pub(super) fn emit_as(&mut self, i: Instr, op: cpy::Op, arg: u32) -> usize {
        let at = self.emit_silent(i);
        self.cpy(op, arg);
        at
    }

    /// Emits an instruction whose CPython counterpart has no line number (the compiler's
    /// `ADDOP_NOLINE`, `ADDOP_JUMP_NOLINE`).
    pub(super) fn emit_noline(&mut self, i: Instr) -> usize {
        let line = std::mem::replace(&mut self.u().cpy_line, NO_LINE);
        let at = self.emit(i);
        self.u().cpy_line = line;
        at
    }

    /// Appends `op arg` to the shadow only, at CPython's current line.
    pub(super) fn cpy(&mut self, op: cpy::Op, arg: u32) -> Option<usize> {
        let u = self.u();
        (u.silent == 0).then(|| u.shadow.push(op, arg, u.cpy_line))
    }

    /// Appends a `LOAD_CONST` of constant `k` to the shadow only.
    pub(super) fn cpy_const(&mut self, k: u32, value: CpyConst) -> Option<usize> {
        let u = self.u();
        (u.silent == 0).then(|| {
            u.shadow
                .push_value(cpy::Op::LoadConst, k, u.cpy_line, value)
        })
    }

    /// CPython's `compiler_new_block`: a block of the shadow, to be placed later.
    pub(super) fn cpy_label(&mut self) -> cpy::Label {
        self.u().shadow.new_label()
    }

    /// CPython's `compiler_use_next_block`: the next shadow instruction starts `label`.
    pub(super) fn cpy_place(&mut self, label: cpy::Label) {
        let u = self.u();
        if u.silent == 0 {
            u.shadow.use_block(label);
        }
    }

    /// A block allocated and placed at once.
    pub(super) fn cpy_block(&mut self) {
        let u = self.u();
        if u.silent == 0 {
            u.shadow.new_block();
        }
    }

    /// CPython's `UNSET_LOC`: what follows is artificial, until the next location is set.
    pub(super) fn unset_loc(&mut self) {
        self.u().cpy_line = NO_LINE;
    }

    /// The CPython instructions for `i` (emitted at index `at`), as its compiler emits
    /// them where pyheap's emits `i`.
    pub(super) fn shadow_of(&mut self, i: Instr, at: usize) {
        use cpy::Op as C;
        use Instr::*;
        let (op, arg) = match i {
            Nop => (C::Nop, 0),
            PopTop => (C::PopTop, 0),
            Swap(n) => (C::Swap, n),
            PushNull => (C::PushNull, 0),
            StoreFast(n) => (C::StoreFast, n),
            LoadGlobal(n) => (C::LoadGlobal, n << 1),
            LoadAttr(n) => (cpy::LOAD_ATTR, n),
            StoreAttr(n) => (cpy::STORE_ATTR, n),
            LoadMethod(n) => (cpy::LOAD_METHOD, n),
            BinarySubscr => (cpy::BINARY_SUBSCR, 0),
            StoreSubscr => (cpy::STORE_SUBSCR, 0),
            BinaryOp(_) | InplaceOp(_) => (cpy::BINARY_OP, 0),
            Compare(_) => (cpy::COMPARE_OP, 0),
            IsOp(not) => (C::IsOp, not as u32),
            BuildTuple(n) => (C::BuildTuple, n),
            UnpackSequence(n) => (C::UnpackSequence, n),
            UnpackEx(before, after) => (cpy::PLAIN, before as u32 | (after as u32) << 8),
            ReturnValue => (C::ReturnValue, 0),
            Raise(n) => (C::RaiseVarargs, n as u32),
            Reraise => (C::Reraise, 0),
            PopBlock => (C::PopBlock, 0),
            LoadConst(k) => {
                let value = self.const_kind(k);
                self.cpy_const(k, value);
                return;
            }
            Jump(_) | PopJumpIfFalse(_) | PopJumpIfTrue(_) | PopJumpIfNone(_)
            | PopJumpIfNotNone(_) | JumpIfFalseOrPop(_) | JumpIfTrueOrPop(_) | ForIter(_)
            | Send(_) | SetupFinally(_) | SetupCleanup(_) => {
                let op = match i {
                    Jump(_) => C::Jump,
                    PopJumpIfFalse(_) => C::PopJumpIfFalse,
                    PopJumpIfTrue(_) => C::PopJumpIfTrue,
                    PopJumpIfNone(_) => C::PopJumpIfNone,
                    PopJumpIfNotNone(_) => C::PopJumpIfNotNone,
                    JumpIfFalseOrPop(_) => C::JumpIfFalseOrPop,
                    JumpIfTrueOrPop(_) => C::JumpIfTrueOrPop,
                    ForIter(_) => C::ForIter,
                    Send(_) => C::Send,
                    _ => C::SetupBlock,
                };
                if let Some(c) = self.cpy(op, 0) {
                    self.u().shadow_jump[at] = c as u32;
                }
                return;
            }
            Call(n) => {
                self.cpy(cpy::PRECALL, n);
                self.cpy(cpy::CALL, n);
                return;
            }
            YieldValue => {
                self.cpy(cpy::PLAIN, 0);
                self.cpy(cpy::PLAIN, 1); // RESUME 1
                return;
            }
            ExitWith => {
                // __exit__(None, None, None), then discard its result.
                for _ in 0..3 {
                    self.cpy_const(0, CpyConst::None);
                }
                self.cpy(cpy::PRECALL, 2);
                self.cpy(cpy::CALL, 2);
                self.cpy(C::PopTop, 0);
                return;
            }
            Copy(n) | LoadFast(n) | DeleteFast(n) | LoadName(n) | StoreName(n) | DeleteName(n)
            | StoreGlobal(n) | DeleteGlobal(n) | LoadDeref(n) | StoreDeref(n) | DeleteDeref(n)
            | LoadClosure(n) | LoadClassDeref(n) | DeleteAttr(n) | BuildSlice(n) | BuildList(n)
            | BuildSet(n) | BuildMap(n) | BuildConstKeyMap(n) | BuildString(n) | ListAppend(n)
            | SetAdd(n) | MapAdd(n) | ListExtend(n) | SetUpdate(n) | DictUpdate(n)
            | DictMerge(n) | KwNames(n) | ImportName(n) | ImportFrom(n) => (cpy::PLAIN, n),
            ContainsOp(not) => (cpy::PLAIN, not as u32),
            FormatValue(conv, spec) => (cpy::PLAIN, conv as u32 | (spec as u32) << 2),
            CallFunctionEx(kw) => (cpy::PLAIN, kw as u32),
            MakeFunction(flags) => (cpy::PLAIN, flags as u32),
            DeleteSubscr | UnaryNegative | UnaryPositive | UnaryInvert | UnaryNot | GetIter
            | GetYieldFromIter | ListToTuple | PushExcInfo | PopExcept | CheckExcMatch
            | BeforeWith | WithExceptStart | LoadAssertionError | LoadBuildClass | ImportStar
            | PrintExpr => (cpy::PLAIN, 0),
            Unreachable => return,
            LoadFastLoadFast(..)
            | LoadFastLoadConst(..)
            | LoadConstLoadFast(..)
            | StoreFastLoadFast(..)
            | StoreFastStoreFast(..)
            | LoadFastLoadAttr(..)
            | ReturnConst(_)
            | PushNullLoadGlobal(_) => unreachable!("superinstructions are made after compiling"),
        };
        self.cpy(op, arg);
    }

    /// What CPython's peephole pass knows of constant `k`'s truth.
    pub(super) fn const_kind(&mut self, k: u32) -> CpyConst {
        let Some(o) = self.u().consts.get(k as usize).cloned() else {
            return CpyConst::Unknown;
        };
        if rt().is_none(&o) {
            return CpyConst::None;
        }
        match crate::ops::truthy(&o) {
            Ok(true) => CpyConst::True,
            Ok(false) => CpyConst::False,
            Err(_) => CpyConst::Unknown,
        }
    }

    /// Compiles `f` for the shadow only: CPython compiles some expressions twice (a
    /// `while` test at the top and at the bottom of the loop), pyheap once. The
    /// instructions `f` emits are dropped again, and so are the constants it adds and the
    /// literals it puts in the arena; what it adds to the shadow stays.
    pub(super) fn shadow_only<T>(&mut self, f: impl FnOnce(&mut Self) -> CResult<T>) -> CResult<T> {
        let arena = self.arena.len();
        let u = self.u();
        let (ninstrs, nconsts, nnames) = (u.instrs.len(), u.consts.len(), u.names.len());
        self.dry_run += 1;
        let r = f(self);
        self.dry_run -= 1;
        self.arena.truncate(arena);
        let u = self.u();
        u.instrs.truncate(ninstrs);
        u.locs.truncate(ninstrs);
        u.shadow_at.truncate(ninstrs);
        u.shadow_jump.truncate(ninstrs);
        u.consts.truncate(nconsts);
        u.const_index.retain(|_, &mut v| (v as usize) < nconsts);
        u.names.truncate(nnames);
        u.name_index.retain(|_, &mut v| (v as usize) < nnames);
        r
    }

    /// Points the shadow of jump `at` to shadow index `label`.
    pub(super) fn shadow_patch(&mut self, at: usize, label: usize) {
        let u = self.u();
        if let Some(&c) = u.shadow_jump.get(at).filter(|&&c| c != NO_JUMP) {
            u.shadow.set_target(c as usize, label);
        }
    }

    /// CPython evaluates parameter annotations into a tuple for `__annotations__`; pyheap
    /// does not evaluate them, so they exist in the shadow only.
    pub(super) fn shadow_arg_annotations(
        &mut self,
        p: &'src ast::Parameters,
        returns: Option<&'src Expr>,
    ) {
        let params = p.args.iter().chain(&p.posonlyargs).map(|a| &a.parameter);
        let annotations: Vec<&'src Expr> = params
            .chain(p.vararg.as_deref())
            .chain(p.kwonlyargs.iter().map(|a| &a.parameter))
            .chain(p.kwarg.as_deref())
            .filter_map(|a| a.annotation.as_deref())
            .chain(returns)
            .collect();
        if annotations.is_empty() {
            return;
        }
        for &a in &annotations {
            let nconsts = self.u().consts.len() as u32;
            self.cpy_const(nconsts, CpyConst::True);
            self.shadow_annotation_value(a);
        }
        self.cpy(cpy::Op::BuildTuple, 2 * annotations.len() as u32);
    }

    /// An annotation's value, as CPython evaluates it (`*Ts` unpacks its one item).
    pub(super) fn shadow_annotation_value(&mut self, a: &'src Expr) {
        if self.future_annotations {
            let nconsts = self.u().consts.len() as u32;
            self.cpy_const(nconsts, CpyConst::True);
            return;
        }
        match a {
            Expr::Starred(st) => {
                self.shadow_best_effort(|c| c.expr(&st.value));
                self.cpy(cpy::Op::UnpackSequence, 1);
            }
            _ => self.shadow_best_effort(|c| c.expr(a)),
        }
    }

    /// The evaluation of annotations CPython compiles and pyheap does not: an annotated
    /// name in a module or class body is stored in `__annotations__`; the target of an
    /// annotation without a value is evaluated for its errors.
    pub(super) fn shadow_annotation(&mut self, a: &'src ast::StmtAnnAssign) {
        let kind = self.u().kind;
        let stored = matches!(kind, ScopeKind::Module | ScopeKind::Class);
        match &*a.target {
            Expr::Name(_) if a.simple => {
                if stored {
                    self.shadow_annotation_value(&a.annotation);
                    let (nnames, nconsts) = (self.u().names.len(), self.u().consts.len());
                    self.cpy(cpy::PLAIN, nnames as u32); // LOAD_NAME __annotations__
                    self.cpy_const(nconsts as u32, CpyConst::True);
                    self.cpy(cpy::STORE_SUBSCR, 0);
                }
                return;
            }
            Expr::Attribute(at) if a.value.is_none() => {
                self.shadow_best_effort(|c| c.expr(&at.value));
                self.cpy(cpy::Op::PopTop, 0);
            }
            Expr::Subscript(sub) if a.value.is_none() => {
                self.shadow_best_effort(|c| c.expr(&sub.value));
                self.cpy(cpy::Op::PopTop, 0);
                let parts: Vec<&Expr> = match &*sub.slice {
                    Expr::Tuple(t) => t.elts.iter().collect(),
                    e => vec![e],
                };
                for p in parts {
                    let pieces: Vec<&Expr> = match p {
                        Expr::Slice(sl) => [&sl.lower, &sl.upper, &sl.step]
                            .into_iter()
                            .filter_map(|x| x.as_deref())
                            .collect(),
                        e => vec![e],
                    };
                    for e in pieces {
                        self.shadow_best_effort(|c| c.expr(e));
                        self.cpy(cpy::Op::PopTop, 0);
                    }
                }
            }
            _ => {}
        }
        if !a.simple && stored && !self.future_annotations {
            self.shadow_annotation_value(&a.annotation);
            self.cpy(cpy::Op::PopTop, 0);
        }
    }

    /// `SETUP_ANNOTATIONS`, which CPython puts first in a module or class body that
    /// annotates names.
    pub(super) fn shadow_annotations_setup(&mut self, body: &[Stmt]) {
        if find_ann(body) {
            self.cpy(cpy::PLAIN, 0);
        }
    }

    /// [`Compiler::shadow_only`] for code pyheap never compiles (annotations): should it
    /// not compile, the shadow just goes without it.
    pub(super) fn shadow_best_effort(&mut self, f: impl FnOnce(&mut Self) -> CResult<()>) {
        let len = self.u().shadow.len();
        if self.shadow_only(f).is_err() {
            self.u().shadow.truncate(len);
        }
    }

    /// `"..." % (a, b)` with only `%s`, `%r` and `%a`: pyheap formats with `%`, CPython's
    /// AST optimizer makes it an f-string, which the shadow gets. Emits the format and the
    /// tuple; the caller emits the `%`.
    pub(super) fn percent_format(
        &mut self,
        format: &'src Expr,
        t: &'src ast::ExprTuple,
        pieces: &[PercentPiece],
    ) -> CResult<()> {
        self.u().silent += 1;
        let r = self.expr(format);
        self.u().silent -= 1;
        r?;
        let joined = pieces.len() > STACK_USE_GUIDELINE;
        // The literal parts have no line of their own.
        let literal = |c: &mut Self| {
            let nconsts = c.u().consts.len() as u32;
            let line = std::mem::replace(&mut c.u().cpy_line, NO_LINE);
            c.cpy_const(nconsts, CpyConst::True);
            c.u().cpy_line = line;
        };
        if joined {
            literal(self);
            self.cpy(cpy::LOAD_METHOD, 0);
            self.cpy(cpy::PLAIN, 0);
        }
        let mut args = t.elts.iter();
        for p in pieces {
            match p {
                PercentPiece::Literal => literal(self),
                PercentPiece::Value(spec) => {
                    let arg = args.next().expect("one value per conversion");
                    self.expr(arg)?;
                    if *spec {
                        literal(self);
                    }
                    let line = self.u().cpy_line;
                    self.u().cpy_line = self.line_col(arg.range().start().into()).0 as Line;
                    self.cpy(cpy::PLAIN, 0); // FORMAT_VALUE
                    self.u().cpy_line = line;
                }
            }
            if joined {
                self.cpy(cpy::PLAIN, 1); // LIST_APPEND
            }
        }
        self.set_loc(t.range);
        self.emit_silent(Instr::BuildTuple(t.elts.len() as u32));
        if joined {
            self.cpy(cpy::PRECALL, 1);
            self.cpy(cpy::CALL, 1);
        } else if pieces.len() != 1 {
            self.cpy(cpy::PLAIN, pieces.len() as u32); // BUILD_STRING
        }
        Ok(())
    }

    /// An iterable (of `for`, a comprehension, `in`): CPython's AST optimizer turns a
    /// list display there into a tuple and a display of constants into one constant.
    pub(super) fn iter_expr(&mut self, e: &'src Expr) -> CResult<()> {
        let (elts, set) = match e {
            Expr::List(l) => (&l.elts, false),
            Expr::Set(s) => (&s.elts, true),
            _ => return self.expr(e),
        };
        if elts.iter().any(|x| matches!(x, Expr::Starred(_))) {
            return self.expr(e);
        }
        if elts.iter().all(|x| const_value(x).is_some()) {
            self.u().silent += 1;
            let r = self.expr(e);
            self.u().silent -= 1;
            r?;
            let nconsts = self.u().consts.len() as u32;
            let value = if elts.is_empty() {
                CpyConst::False
            } else {
                CpyConst::True
            };
            self.cpy_const(nconsts, value);
            return Ok(());
        }
        self.expr(e)?;
        if !set && elts.len() > STACK_USE_GUIDELINE {
            self.cpy(cpy::PLAIN, 0); // LIST_TO_TUPLE
        }
        Ok(())
    }
}

/// CPython's `find_ann`: whether a body annotates names (outside nested scopes).
pub(super) fn find_ann(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::AnnAssign(_) => true,
        Stmt::For(f) => find_ann(&f.body) || find_ann(&f.orelse),
        Stmt::While(w) => find_ann(&w.body) || find_ann(&w.orelse),
        Stmt::If(i) => find_ann(&i.body) || i.elif_else_clauses.iter().any(|c| find_ann(&c.body)),
        Stmt::With(w) => find_ann(&w.body),
        Stmt::Try(t) => {
            t.handlers.iter().any(|h| {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                find_ann(&h.body)
            }) || find_ann(&t.body)
                || find_ann(&t.finalbody)
                || find_ann(&t.orelse)
        }
        _ => false,
    })
}

/// A piece of a `%` format CPython turns into an f-string: literal text, or a value
/// formatted with or without a format spec.
pub(super) enum PercentPiece {
    Literal,
    Value(bool),
}

/// The pieces of `format % (n values)` when CPython 3.11's AST optimizer rewrites it as an
/// f-string (`optimize_format` in `Python/ast_opt.c`): only `%s`, `%r` and `%a`, with
/// flags, a width and a precision of at most two digits, one per value.
pub(super) fn percent_format(format: &str, n: usize) -> Option<Vec<PercentPiece>> {
    let chars: Vec<char> = format.chars().collect();
    let mut pieces = Vec::new();
    let mut pos = 0;
    let mut count = 0;
    loop {
        let start = pos;
        while pos < chars.len() {
            if chars[pos] != '%' {
                pos += 1;
            } else if chars.get(pos + 1) == Some(&'%') {
                pos += 2;
            } else {
                break;
            }
        }
        if pos > start {
            pieces.push(PercentPiece::Literal);
        }
        if pos >= chars.len() {
            break;
        }
        if count >= n {
            return None;
        }
        pos += 1;
        let mut next = || {
            let c = chars.get(pos).copied();
            pos += 1;
            c
        };
        let mut c = next()?;
        while matches!(c, '-' | '+' | ' ' | '#' | '0') {
            c = next()?;
        }
        // At most two digits of width, then of precision.
        let mut width = false;
        let mut digits = 0;
        while c.is_ascii_digit() {
            width = true;
            c = next()?;
            digits += 1;
            if digits >= 3 {
                return None;
            }
        }
        let mut precision = false;
        if c == '.' {
            precision = true;
            c = next()?;
            let mut digits = 0;
            while c.is_ascii_digit() {
                c = next()?;
                digits += 1;
                if digits >= 3 {
                    return None;
                }
            }
        }
        if !matches!(c, 's' | 'r' | 'a') {
            return None;
        }
        // A width or precision becomes a format spec (`>5`, `.2`).
        pieces.push(PercentPiece::Value(width || precision));
        count += 1;
    }
    (count == n).then_some(pieces)
}
