//! The length of the bytecode CPython 3.11 would compile for a code object, which
//! `sys.getsizeof(code)` reports: `code.__basicsize__` (184) plus two bytes per code unit,
//! rounded up to 8.
//!
//! pyheap runs its own instruction set, so the compiler keeps, beside each unit's
//! instructions, a *shadow*: the instructions CPython's `compile.c` emits for the same
//! source, in its order, with its line numbers and its basic-block boundaries. A shadow
//! instruction is reduced to what decides the final length — its opcode class, its
//! argument (`EXTENDED_ARG` prefixes for arguments above 255), its inline cache entries
//! and, for jumps, its target.
//!
//! The line numbers matter because the assembler's passes depend on them: a `NOP` stays
//! only where it carries a line its neighbours do not, only exit blocks without a line are
//! copied or duplicated, and a jump is threaded only to a jump on its own line. So does
//! the order in which the compiler allocated its blocks, in which `extend_block` visits
//! them.
//!
//! [`Shadow::code_units`] then replays what 3.11's assembler does to those instructions
//! before it writes them out (`assemble()` in `Python/compile.c`):
//!
//! 1. split into basic blocks and copy small line-less exit blocks into the blocks that
//!    jump to them (`extend_block`);
//! 2. put the prologue first: `COPY_FREE_VARS`, one `MAKE_CELL` per cell, and
//!    `RETURN_GENERATOR`, `POP_TOP` for generators, before the `RESUME` the compiler
//!    emitted;
//! 3. the peephole pass (`optimize_basic_block`): constant conditions become `NOP`s or
//!    unconditional jumps, `is None` tests become `POP_JUMP_IF_NONE`, tuples of constants
//!    fold, `BUILD_TUPLE n; UNPACK_SEQUENCE n` becomes `SWAP`s that are then applied
//!    statically, `PUSH_NULL; LOAD_GLOBAL` merges, jumps to jumps are threaded;
//! 4. unreachable blocks are dropped and jumps to the next block removed;
//! 5. line-less exit blocks reached by several jumps are duplicated, one per jump
//!    (`duplicate_exits_without_lineno`);
//! 6. the pseudo-instructions (`SETUP_*`, `POP_BLOCK`) become `NOP`s, and every `NOP`
//!    that does not carry a line of its own is removed (`clean_basic_block`);
//! 7. jump offsets are computed until no jump needs another `EXTENDED_ARG`.
//!
//! Each instruction then takes one code unit, plus its inline caches (`LOAD_GLOBAL` 5,
//! `LOAD_ATTR` 4, `LOAD_METHOD` 10, `BINARY_OP` 1, `COMPARE_OP` 2, `BINARY_SUBSCR` 4,
//! `STORE_SUBSCR` 1, `STORE_ATTR` 4, `UNPACK_SEQUENCE` 1, `PRECALL` 1, `CALL` 4:
//! `opcode._inline_cache_entries`), plus one `EXTENDED_ARG` per byte its argument needs
//! beyond the first.

/// A CPython 3.11 opcode, as far as the assembler's passes tell opcodes apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Nop,
    PopTop,
    Swap,
    StoreFast,
    LoadConst,
    PushNull,
    LoadGlobal,
    BuildTuple,
    UnpackSequence,
    IsOp,
    /// The compiler's unconditional jump (`JUMP_FORWARD`/`JUMP_BACKWARD` once placed).
    Jump,
    JumpNoInterrupt,
    PopJumpIfFalse,
    PopJumpIfTrue,
    PopJumpIfNone,
    PopJumpIfNotNone,
    JumpIfFalseOrPop,
    JumpIfTrueOrPop,
    ForIter,
    Send,
    /// `SETUP_FINALLY`, `SETUP_CLEANUP` or `SETUP_WITH`: a pseudo-instruction naming an
    /// exception handler; it becomes a `NOP`.
    SetupBlock,
    /// Pseudo-instruction ending a `SETUP_*` region; it becomes a `NOP`.
    PopBlock,
    ReturnValue,
    RaiseVarargs,
    Reraise,
    /// Any other instruction, with its number of inline cache entries.
    Other(u8),
}

// Instructions with inline caches (`opcode._inline_cache_entries` in 3.11).
pub const LOAD_ATTR: Op = Op::Other(4);
pub const STORE_ATTR: Op = Op::Other(4);
pub const LOAD_METHOD: Op = Op::Other(10);
pub const BINARY_OP: Op = Op::Other(1);
pub const COMPARE_OP: Op = Op::Other(2);
pub const BINARY_SUBSCR: Op = Op::Other(4);
pub const STORE_SUBSCR: Op = Op::Other(1);
pub const PRECALL: Op = Op::Other(1);
pub const CALL: Op = Op::Other(4);
/// Any instruction without inline caches that the passes do not single out.
pub const PLAIN: Op = Op::Other(0);
const LOAD_GLOBAL_CACHES: usize = 5;
const UNPACK_SEQUENCE_CACHES: usize = 1;

/// `MAX_COPY_SIZE`: the largest exit block `extend_block` copies.
const MAX_COPY_SIZE: usize = 4;

/// What the peephole pass knows of a `LOAD_CONST`'s value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Const {
    /// Not a constant, or one whose truth is not known at compile time.
    Unknown,
    False,
    True,
    None,
}

impl Const {
    fn truth(self) -> Option<bool> {
        match self {
            Const::Unknown => None,
            Const::True => Some(true),
            Const::False | Const::None => Some(false),
        }
    }
}

/// A line number as the compiler keeps it: `NO_LINE` for artificial instructions.
pub type Line = i32;
pub const NO_LINE: Line = -1;
/// A jump not yet given its target.
const UNRESOLVED: u32 = u32::MAX;

#[derive(Clone, Copy, Debug)]
struct Ins {
    op: Op,
    arg: u32,
    line: Line,
    /// Jumps and `SETUP_*`: the target, an instruction index in [`Shadow`] and a block
    /// index in [`Cfg`].
    target: u32,
    value: Const,
    /// Starts a basic block: the allocation rank of the block (see [`Label`]).
    block: Option<Label>,
}

/// A basic block of CPython's compiler, named by when it was allocated: blocks are
/// allocated when a statement starts (its `end`, its `else`...) and placed later, and
/// some of the assembler's passes visit them most recently allocated first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Label(u32);

/// The instructions CPython's compiler would emit for one code object.
pub struct Shadow {
    ins: Vec<Ins>,
    /// The block the next instruction starts, if it starts one.
    pending_block: Option<Label>,
    /// Blocks allocated so far.
    nblocks: u32,
}

/// What the assembler needs to know of the code object besides its instructions.
#[derive(Clone, Copy, Debug, Default)]
pub struct Facts {
    /// Local variables: the cells come after them.
    pub nlocals: u32,
    /// Cell variables: one `MAKE_CELL` each in the prologue.
    pub ncells: u32,
    /// Free variables: a `COPY_FREE_VARS` in the prologue.
    pub nfrees: u32,
    /// A generator starts with `RETURN_GENERATOR; POP_TOP`.
    pub generator: bool,
    pub firstlineno: Line,
    /// Length of `co_consts`: constants folded by the peephole pass are appended to it.
    pub nconsts: u32,
}

fn is_jump(op: Op) -> bool {
    matches!(
        op,
        Op::Jump
            | Op::JumpNoInterrupt
            | Op::PopJumpIfFalse
            | Op::PopJumpIfTrue
            | Op::PopJumpIfNone
            | Op::PopJumpIfNotNone
            | Op::JumpIfFalseOrPop
            | Op::JumpIfTrueOrPop
            | Op::ForIter
            | Op::Send
    )
}

fn is_exit(op: Op) -> bool {
    matches!(op, Op::ReturnValue | Op::RaiseVarargs | Op::Reraise)
}

fn has_target(op: Op) -> bool {
    is_jump(op) || op == Op::SetupBlock
}

/// Code units of one instruction: itself, its `EXTENDED_ARG`s and its caches.
fn ins_size(i: &Ins) -> usize {
    let arg = i.arg;
    let extended = (arg > 0xFF) as usize + (arg > 0xFFFF) as usize + (arg > 0xFF_FFFF) as usize;
    let caches = match i.op {
        Op::Other(c) => c as usize,
        Op::LoadGlobal => LOAD_GLOBAL_CACHES,
        Op::UnpackSequence => UNPACK_SEQUENCE_CACHES,
        _ => 0,
    };
    1 + extended + caches
}

impl Shadow {
    /// A unit's shadow starts with the `RESUME` its compiler emits on entering the scope.
    pub fn new(resume_line: Line) -> Shadow {
        let mut s = Shadow {
            ins: Vec::new(),
            pending_block: None,
            nblocks: 0,
        };
        let entry = s.new_label();
        s.use_block(entry);
        s.push(PLAIN, 0, resume_line);
        s
    }

    pub fn len(&self) -> usize {
        self.ins.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ins.is_empty()
    }

    /// Appends an instruction; returns its index.
    pub fn push(&mut self, op: Op, arg: u32, line: Line) -> usize {
        self.push_value(op, arg, line, Const::Unknown)
    }

    /// Appends a `LOAD_CONST` (or any instruction) whose constant value the peephole pass
    /// may look at.
    pub fn push_value(&mut self, op: Op, arg: u32, line: Line, value: Const) -> usize {
        let target = if has_target(op) { UNRESOLVED } else { 0 };
        // After a jump or an exit, CPython's compiler starts a new block on demand.
        let after_end = self
            .ins
            .last()
            .is_some_and(|i| is_jump(i.op) || is_exit(i.op));
        let mut block = self.pending_block.take();
        if block.is_none() && after_end {
            block = Some(self.new_label());
        }
        self.ins.push(Ins {
            op,
            arg,
            line,
            target,
            value,
            block,
        });
        self.ins.len() - 1
    }

    /// Drops the instructions from `len` on.
    pub fn truncate(&mut self, len: usize) {
        self.ins.truncate(len);
    }

    /// Allocates a block, to be placed later (`compiler_new_block`).
    pub fn new_label(&mut self) -> Label {
        self.nblocks += 1;
        Label(self.nblocks - 1)
    }

    /// The next instruction starts block `label` (`compiler_use_next_block`).
    pub fn use_block(&mut self, label: Label) {
        self.pending_block = Some(label);
    }

    /// The next instruction starts a block allocated now.
    pub fn new_block(&mut self) {
        let label = self.new_label();
        self.use_block(label);
    }

    /// Points the jump at `at` to the instruction index `label`.
    pub fn set_target(&mut self, at: usize, label: usize) {
        debug_assert!(has_target(self.ins[at].op));
        self.ins[at].target = label as u32;
    }

    /// The number of code units CPython 3.11 assembles these instructions into.
    pub fn code_units(&self, facts: Facts) -> usize {
        let mut cfg = Cfg::build(&self.ins, self.pending_block, self.nblocks, facts.nconsts);
        cfg.assemble(facts)
    }
}

#[derive(Clone, Debug, Default)]
struct Block {
    /// When the compiler allocated the block (`b_list` is the reverse order).
    rank: u32,
    ins: Vec<Ins>,
    /// The block control falls into (`b_next`).
    next: Option<usize>,
    nofallthrough: bool,
    exit: bool,
    predecessors: u32,
    offset: usize,
}

/// Basic blocks, in allocation order; `next` links give their layout order.
struct Cfg {
    blocks: Vec<Block>,
    nconsts: u32,
    /// Ranks given so far (copies made by the passes are allocated last).
    nranks: u32,
}

impl Cfg {
    /// Splits the instructions at jump targets, after jumps and exits and wherever the
    /// compiler started a block; appends `LOAD_CONST None; RETURN_VALUE` if the last
    /// block does not already return, as `assemble()` does.
    fn build(ins: &[Ins], trailing_block: Option<Label>, nblocks: u32, nconsts: u32) -> Cfg {
        let n = ins.len();
        let mut starts = vec![false; n + 1];
        starts[0] = true;
        let mut targets_end = false;
        for (k, i) in ins.iter().enumerate() {
            if i.block.is_some() {
                starts[k] = true;
            }
            if has_target(i.op) {
                debug_assert!(i.target != UNRESOLVED, "unresolved jump in shadow");
                let t = (i.target as usize).min(n);
                starts[t] = true;
                targets_end |= t == n;
            }
            if is_jump(i.op) || is_exit(i.op) {
                starts[k + 1] = true;
            }
        }
        let mut ins = ins.to_vec();
        // The compiler's current block at the end already returns, or it gets the
        // implicit `return None`.
        let returns = trailing_block.is_none()
            && !targets_end
            && ins.last().is_some_and(|i| i.op == Op::ReturnValue);
        if !returns {
            let none = |op| Ins {
                op,
                arg: 0,
                line: NO_LINE,
                target: 0,
                value: Const::None,
                block: None,
            };
            ins.push(Ins {
                block: trailing_block,
                ..none(Op::LoadConst)
            });
            ins.push(none(Op::ReturnValue));
            starts[n] |= trailing_block.is_some();
            starts.push(false);
        }
        let mut block_of = vec![0usize; ins.len() + 1];
        let mut blocks: Vec<Block> = Vec::new();
        // A block the compiler did not place explicitly (a jump target) counts as
        // allocated last.
        let mut unnamed = nblocks;
        for (k, i) in ins.iter().enumerate() {
            if starts[k] {
                let rank = i.block.map_or_else(
                    || {
                        unnamed += 1;
                        unnamed
                    },
                    |l| l.0,
                );
                blocks.push(Block {
                    rank,
                    ..Block::default()
                });
            }
            block_of[k] = blocks.len() - 1;
            blocks.last_mut().expect("block").ins.push(*i);
        }
        let nblocks = blocks.len();
        for (b, block) in blocks.iter_mut().enumerate() {
            block.next = (b + 1 < nblocks).then_some(b + 1);
            for i in &mut block.ins {
                if has_target(i.op) {
                    i.target = block_of[i.target as usize] as u32;
                }
            }
        }
        Cfg {
            blocks,
            nconsts,
            nranks: unnamed + 1,
        }
    }

    fn assemble(&mut self, facts: Facts) -> usize {
        for b in 0..self.blocks.len() {
            self.normalize(b);
        }
        self.extend_all();
        self.insert_prologue(facts);
        self.optimize();
        self.duplicate_exits_without_lineno();
        self.propagate_line_numbers();
        self.guarantee_lineno_for_exits(facts.firstlineno);
        for b in self.chain() {
            for i in &mut self.blocks[b].ins {
                if matches!(i.op, Op::SetupBlock | Op::PopBlock) {
                    i.op = Op::Nop;
                }
            }
            self.clean(b);
        }
        self.assemble_jump_offsets()
    }

    /// The blocks in layout order.
    fn chain(&self) -> Vec<usize> {
        let mut v = Vec::new();
        let mut b = Some(0);
        while let Some(i) = b {
            v.push(i);
            b = self.blocks[i].next;
        }
        v
    }

    fn first(&self, b: usize) -> Option<Ins> {
        self.blocks[b].ins.first().copied()
    }

    /// Skips empty blocks, as jumps do.
    fn skip_empty(&self, mut b: usize) -> usize {
        while self.blocks[b].ins.is_empty() {
            match self.blocks[b].next {
                Some(n) => b = n,
                None => break,
            }
        }
        b
    }

    fn normalize(&mut self, b: usize) {
        let block = &mut self.blocks[b];
        if let Some(last) = block.ins.last() {
            if is_exit(last.op) {
                block.exit = true;
                block.nofallthrough = true;
            }
            if matches!(last.op, Op::Jump | Op::JumpNoInterrupt) {
                block.nofallthrough = true;
            }
        }
    }

    /// The blocks most recently allocated first (`b_list` order).
    fn by_allocation(&self) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.blocks.len()).collect();
        v.sort_by_key(|&b| std::cmp::Reverse(self.blocks[b].rank));
        v
    }

    /// `extend_block` over every block, most recently allocated first.
    fn extend_all(&mut self) {
        for b in self.by_allocation() {
            self.extend(b);
        }
    }

    /// A block ending in an unconditional jump to a small exit block without line
    /// numbers takes a copy of that block instead of the jump.
    fn extend(&mut self, b: usize) {
        let Some(last) = self.blocks[b].ins.last().copied() else {
            return;
        };
        if last.op != Op::Jump {
            return;
        }
        let t = self.skip_empty(last.target as usize);
        let target = &self.blocks[t];
        if !target.exit || target.ins.len() > MAX_COPY_SIZE {
            return;
        }
        if target.ins.iter().any(|i| i.line > 0) {
            return;
        }
        let copy = target.ins.clone();
        let block = &mut self.blocks[b];
        block.ins.last_mut().expect("jump").op = Op::Nop;
        block.ins.extend(copy);
        block.exit = true;
    }

    fn insert_prologue(&mut self, p: Facts) {
        let ins = |op, arg, line| Ins {
            op,
            arg,
            line,
            target: 0,
            value: Const::Unknown,
            block: None,
        };
        let mut prefix = Vec::new();
        if p.nfrees > 0 {
            prefix.push(ins(PLAIN, p.nfrees, NO_LINE)); // COPY_FREE_VARS
        }
        for c in 0..p.ncells {
            prefix.push(ins(PLAIN, p.nlocals + c, NO_LINE)); // MAKE_CELL
        }
        if p.generator {
            prefix.push(ins(PLAIN, 0, p.firstlineno)); // RETURN_GENERATOR
            prefix.push(ins(Op::PopTop, 0, NO_LINE));
        }
        let entry = &mut self.blocks[0].ins;
        entry.splice(0..0, prefix);
    }

    /// `optimize_cfg`.
    fn optimize(&mut self) {
        for b in self.chain() {
            self.optimize_block(b);
            self.clean(b);
        }
        self.extend_all();
        self.mark_reachable();
        for b in self.chain() {
            if self.blocks[b].predecessors == 0 {
                self.blocks[b].ins.clear();
                self.blocks[b].nofallthrough = false;
            }
        }
        self.eliminate_empty_blocks();
        for b in self.chain() {
            self.clean(b);
        }
        // A jump to the block that follows anyway is dropped.
        let mut maybe_empty = false;
        for b in self.chain() {
            let next = self.blocks[b].next;
            let block = &mut self.blocks[b];
            if let Some(last) = block.ins.last_mut() {
                if matches!(last.op, Op::Jump | Op::JumpNoInterrupt)
                    && Some(last.target as usize) == next
                {
                    last.op = Op::Nop;
                    block.nofallthrough = false;
                    maybe_empty = true;
                }
            }
        }
        if maybe_empty {
            self.eliminate_empty_blocks();
        }
    }

    /// `optimize_basic_block`: the peephole rules of 3.11.
    fn optimize_block(&mut self, b: usize) {
        let mut i = 0;
        while i < self.blocks[b].ins.len() {
            let n = self.blocks[b].ins.len();
            let inst = self.blocks[b].ins[i];
            let nextop = (i + 1 < n).then(|| self.blocks[b].ins[i + 1].op);
            let target = if has_target(inst.op) {
                let t = self.skip_empty(inst.target as usize);
                self.blocks[b].ins[i].target = t as u32;
                self.first(t)
            } else {
                None
            };
            let target_op = target.map(|t| t.op);
            let ins = &mut self.blocks[b].ins;
            match inst.op {
                Op::LoadConst => match nextop {
                    Some(jump @ (Op::PopJumpIfFalse | Op::PopJumpIfTrue)) => {
                        if let Some(truth) = inst.value.truth() {
                            ins[i].op = Op::Nop;
                            if truth == (jump == Op::PopJumpIfTrue) {
                                ins[i + 1].op = Op::Jump;
                                self.blocks[b].nofallthrough = true;
                            } else {
                                ins[i + 1].op = Op::Nop;
                            }
                        }
                    }
                    Some(jump @ (Op::JumpIfFalseOrPop | Op::JumpIfTrueOrPop)) => {
                        if let Some(truth) = inst.value.truth() {
                            if truth == (jump == Op::JumpIfTrueOrPop) {
                                ins[i + 1].op = Op::Jump;
                                self.blocks[b].nofallthrough = true;
                            } else {
                                ins[i].op = Op::Nop;
                                ins[i + 1].op = Op::Nop;
                            }
                        }
                    }
                    Some(Op::IsOp) if inst.value == Const::None && i + 2 < n => {
                        let jump = ins[i + 2].op;
                        if matches!(jump, Op::PopJumpIfFalse | Op::PopJumpIfTrue) {
                            let negated = ins[i + 1].arg != 0;
                            ins[i].op = Op::Nop;
                            ins[i + 1].op = Op::Nop;
                            ins[i + 2].op = if negated ^ (jump == Op::PopJumpIfFalse) {
                                Op::PopJumpIfNotNone
                            } else {
                                Op::PopJumpIfNone
                            };
                        }
                    }
                    _ => {}
                },
                Op::BuildTuple => {
                    let n_items = inst.arg as usize;
                    if nextop == Some(Op::UnpackSequence) && inst.arg == ins[i + 1].arg {
                        match n_items {
                            1 => {
                                ins[i].op = Op::Nop;
                                ins[i + 1].op = Op::Nop;
                                i += 1;
                                continue;
                            }
                            2 | 3 => {
                                ins[i].op = Op::Nop;
                                ins[i + 1].op = Op::Swap;
                                i += 1;
                                continue;
                            }
                            _ => {}
                        }
                    }
                    if i >= n_items && ins[i - n_items..i].iter().all(|x| x.op == Op::LoadConst) {
                        // fold_tuple_on_constants: the new tuple is appended to co_consts.
                        for x in &mut ins[i - n_items..i] {
                            x.op = Op::Nop;
                        }
                        ins[i].op = Op::LoadConst;
                        ins[i].arg = self.nconsts;
                        ins[i].value = if n_items > 0 {
                            Const::True
                        } else {
                            Const::False
                        };
                        self.nconsts += 1;
                    }
                }
                Op::JumpIfFalseOrPop | Op::JumpIfTrueOrPop => {
                    let if_false = inst.op == Op::JumpIfFalseOrPop;
                    let (same_pop, same_keep, other_pop, other_keep) = if if_false {
                        (
                            Op::PopJumpIfFalse,
                            Op::JumpIfFalseOrPop,
                            Op::PopJumpIfTrue,
                            Op::JumpIfTrueOrPop,
                        )
                    } else {
                        (
                            Op::PopJumpIfTrue,
                            Op::JumpIfTrueOrPop,
                            Op::PopJumpIfFalse,
                            Op::JumpIfFalseOrPop,
                        )
                    };
                    let t = target.expect("jump target");
                    if t.op == same_pop {
                        if self.jump_thread(b, i, t, same_pop) {
                            continue;
                        }
                    } else if t.op == Op::Jump || t.op == same_keep {
                        if self.jump_thread(b, i, t, same_keep) {
                            continue;
                        }
                    } else if (t.op == other_keep || t.op == other_pop) && inst.line == t.line {
                        // The target ends in a conditional jump, so a block follows it.
                        let to = self.blocks[b].ins[i].target as usize;
                        if let Some(after) = self.blocks[to].next {
                            let ins = &mut self.blocks[b].ins;
                            ins[i].op = same_pop;
                            ins[i].target = after as u32;
                            continue;
                        }
                    }
                }
                Op::PopJumpIfNone
                | Op::PopJumpIfNotNone
                | Op::PopJumpIfFalse
                | Op::PopJumpIfTrue
                | Op::Jump
                    if target_op == Some(Op::Jump) =>
                {
                    let t = target.expect("jump target");
                    if self.jump_thread(b, i, t, inst.op) {
                        continue;
                    }
                }
                Op::Swap => {
                    if inst.arg == 1 {
                        ins[i].op = Op::Nop;
                    } else {
                        i = swaptimize(ins, i);
                        apply_static_swaps(ins, i);
                    }
                }
                // LOAD_GLOBAL pushes the NULL itself.
                Op::PushNull if nextop == Some(Op::LoadGlobal) => {
                    ins[i].op = Op::Nop;
                    ins[i + 1].arg |= 1;
                }
                _ => {}
            }
            i += 1;
        }
    }

    /// Retargets the jump at `b[i]` to where the jump `target` (the first instruction
    /// of its target block) goes, if both are on the same line.
    fn jump_thread(&mut self, b: usize, i: usize, target: Ins, op: Op) -> bool {
        let inst = &mut self.blocks[b].ins[i];
        if inst.line == target.line && inst.target != target.target {
            inst.target = target.target;
            inst.op = op;
            return true;
        }
        false
    }

    /// `clean_basic_block`: removes the `NOP`s whose line is carried by a neighbour.
    fn clean(&mut self, b: usize) {
        let next_line = {
            let mut next = self.blocks[b].next;
            while let Some(n) = next {
                if !self.blocks[n].ins.is_empty() {
                    break;
                }
                next = self.blocks[n].next;
            }
            next.map(|n| self.blocks[n].ins[0].line)
        };
        let ins = &mut self.blocks[b].ins;
        let mut dest = 0;
        let mut prev_line = NO_LINE;
        for src in 0..ins.len() {
            let line = ins[src].line;
            if ins[src].op == Op::Nop {
                if line < 0 || prev_line == line {
                    continue;
                }
                if src + 1 < ins.len() {
                    let next = ins[src + 1].line;
                    if next == line {
                        continue;
                    }
                    if next < 0 {
                        ins[src + 1].line = line;
                        continue;
                    }
                } else if next_line == Some(line) {
                    continue;
                }
            }
            ins[dest] = ins[src];
            dest += 1;
            prev_line = line;
        }
        ins.truncate(dest);
    }

    fn mark_reachable(&mut self) {
        self.blocks[0].predecessors = 1;
        let mut stack = vec![0];
        while let Some(b) = stack.pop() {
            if let Some(n) = self.blocks[b].next {
                if !self.blocks[b].nofallthrough {
                    if self.blocks[n].predecessors == 0 {
                        stack.push(n);
                    }
                    self.blocks[n].predecessors += 1;
                }
            }
            for k in 0..self.blocks[b].ins.len() {
                let i = self.blocks[b].ins[k];
                if has_target(i.op) {
                    let t = i.target as usize;
                    if self.blocks[t].predecessors == 0 {
                        stack.push(t);
                    }
                    self.blocks[t].predecessors += 1;
                }
            }
        }
    }

    fn eliminate_empty_blocks(&mut self) {
        let mut b = Some(0);
        while let Some(cur) = b {
            if let Some(mut n) = self.blocks[cur].next {
                while self.blocks[n].ins.is_empty() {
                    match self.blocks[n].next {
                        Some(m) => n = m,
                        None => break,
                    }
                }
                self.blocks[cur].next = Some(n);
            }
            b = self.blocks[cur].next;
        }
        for b in self.chain() {
            if let Some(last) = self.blocks[b].ins.last().copied() {
                if is_jump(last.op) {
                    let t = self.skip_empty(last.target as usize);
                    self.blocks[b].ins.last_mut().expect("jump").target = t as u32;
                }
            }
        }
    }

    fn exit_without_lineno(&self, b: usize) -> bool {
        let block = &self.blocks[b];
        block.exit && block.ins.iter().all(|i| i.line < 0)
    }

    /// Gives every jump to a line-less exit block with several predecessors its own copy
    /// of that block, placed right after the original.
    fn duplicate_exits_without_lineno(&mut self) {
        for b in self.by_allocation() {
            let Some(last) = self.blocks[b].ins.last().copied() else {
                continue;
            };
            if !is_jump(last.op) {
                continue;
            }
            let t = last.target as usize;
            if self.exit_without_lineno(t) && self.blocks[t].predecessors > 1 {
                let mut copy = self.blocks[t].clone();
                copy.rank = self.nranks;
                self.nranks += 1;
                copy.ins[0].line = last.line;
                copy.nofallthrough = true;
                copy.predecessors = 1;
                copy.next = self.blocks[t].next;
                let new = self.blocks.len();
                self.blocks.push(copy);
                self.blocks[t].predecessors -= 1;
                self.blocks[t].next = Some(new);
                self.blocks[b].ins.last_mut().expect("jump").target = new as u32;
            }
        }
        for b in 0..self.blocks.len() {
            while let Some(n) = self.blocks[b].next {
                if !self.blocks[n].ins.is_empty() {
                    break;
                }
                self.blocks[b].next = self.blocks[n].next;
            }
        }
        for b in 0..self.blocks.len() {
            let block = &self.blocks[b];
            if block.nofallthrough || block.ins.is_empty() {
                continue;
            }
            if let Some(n) = block.next {
                if self.exit_without_lineno(n) {
                    let line = block.ins.last().expect("instruction").line;
                    self.blocks[n].ins[0].line = line;
                }
            }
        }
    }

    fn propagate_line_numbers(&mut self) {
        for b in self.chain() {
            if self.blocks[b].ins.is_empty() {
                continue;
            }
            let mut prev = NO_LINE;
            for i in &mut self.blocks[b].ins {
                if i.line < 0 {
                    i.line = prev;
                } else {
                    prev = i.line;
                }
            }
            let block = &self.blocks[b];
            let last = *block.ins.last().expect("instruction");
            let mut heirs = Vec::new();
            if !block.nofallthrough {
                heirs.extend(block.next);
            }
            if is_jump(last.op) {
                heirs.push(last.target as usize);
            }
            for h in heirs {
                if self.blocks[h].predecessors == 1 {
                    if let Some(first) = self.blocks[h].ins.first_mut() {
                        if first.line < 0 {
                            first.line = prev;
                        }
                    }
                }
            }
        }
    }

    fn guarantee_lineno_for_exits(&mut self, firstlineno: Line) {
        let mut line = firstlineno;
        for b in self.chain() {
            let Some(last) = self.blocks[b].ins.last().copied() else {
                continue;
            };
            if last.line < 0 {
                if last.op == Op::ReturnValue {
                    for i in &mut self.blocks[b].ins {
                        i.line = line;
                    }
                }
            } else {
                line = last.line;
            }
        }
    }

    /// Lays the blocks out and sizes the jumps until no jump needs another
    /// `EXTENDED_ARG`; returns the total.
    fn assemble_jump_offsets(&mut self) -> usize {
        let chain = self.chain();
        for &b in &chain {
            for i in &mut self.blocks[b].ins {
                if is_jump(i.op) {
                    i.arg = 0;
                }
            }
        }
        loop {
            let mut total = 0;
            for &b in &chain {
                self.blocks[b].offset = total;
                total += self.blocks[b].ins.iter().map(ins_size).sum::<usize>();
            }
            let mut grew = false;
            for &b in &chain {
                let mut at = self.blocks[b].offset;
                for k in 0..self.blocks[b].ins.len() {
                    let i = self.blocks[b].ins[k];
                    let size = ins_size(&i);
                    at += size;
                    if is_jump(i.op) {
                        let to = self.blocks[i.target as usize].offset;
                        let arg = at.abs_diff(to);
                        let ins = &mut self.blocks[b].ins[k];
                        ins.arg = arg as u32;
                        grew |= ins_size(ins) != size;
                    }
                }
            }
            if !grew {
                return total;
            }
        }
    }
}

/// `swaptimize`: replaces a run of `SWAP`s (and `NOP`s) with the fewest `SWAP`s that
/// permute the stack the same way. Returns the index of the run's last instruction.
fn swaptimize(ins: &mut [Ins], start: usize) -> usize {
    let mut depth = ins[start].arg as usize;
    let mut len = 1;
    let mut more = false;
    while start + len < ins.len() {
        match ins[start + len].op {
            Op::Swap => {
                depth = depth.max(ins[start + len].arg as usize);
                more = true;
            }
            Op::Nop => {}
            _ => break,
        }
        len += 1;
    }
    if !more {
        return start;
    }
    const VISITED: usize = usize::MAX;
    let mut stack: Vec<usize> = (0..depth).collect();
    for k in 0..len {
        let i = ins[start + k];
        if i.op == Op::Swap {
            stack.swap(0, i.arg as usize - 1);
        }
    }
    let mut current = len as isize - 1;
    for i in 0..depth {
        if stack[i] == VISITED || stack[i] == i {
            continue;
        }
        let mut j = i;
        loop {
            if j != 0 {
                let slot = &mut ins[start + current as usize];
                slot.op = Op::Swap;
                slot.arg = j as u32 + 1;
                current -= 1;
            }
            if stack[j] == VISITED {
                break;
            }
            let next = stack[j];
            stack[j] = VISITED;
            j = next;
        }
    }
    while current >= 0 {
        ins[start + current as usize].op = Op::Nop;
        current -= 1;
    }
    start + len - 1
}

fn swappable(op: Op) -> bool {
    matches!(op, Op::StoreFast | Op::PopTop)
}

fn stores_to(i: &Ins) -> Option<u32> {
    (i.op == Op::StoreFast).then_some(i.arg)
}

fn next_swappable(ins: &[Ins], mut i: usize, line: Option<Line>) -> Option<usize> {
    loop {
        i += 1;
        let x = ins.get(i)?;
        if line.is_some_and(|l| x.line != l) {
            return None;
        }
        if x.op == Op::Nop {
            continue;
        }
        return swappable(x.op).then_some(i);
    }
}

/// `apply_static_swaps`: `SWAP`s followed by stores and `POP_TOP`s swap the
/// instructions instead of the stack items.
fn apply_static_swaps(ins: &mut [Ins], mut i: usize) {
    loop {
        let swap = ins[i];
        if swap.op != Op::Swap {
            if !(swap.op == Op::Nop || swappable(swap.op)) {
                return;
            }
        } else {
            let Some(j) = next_swappable(ins, i, None) else {
                return;
            };
            let line = ins[j].line;
            let mut k = j;
            for _ in 1..swap.arg {
                match next_swappable(ins, k, (line >= 0).then_some(line)) {
                    Some(x) => k = x,
                    None => return,
                }
            }
            let (sj, sk) = (stores_to(&ins[j]), stores_to(&ins[k]));
            if sj.is_some() || sk.is_some() {
                if sj == sk {
                    return;
                }
                if ins[j + 1..k].iter().any(|x| {
                    let s = stores_to(x);
                    s.is_some() && (s == sj || s == sk)
                }) {
                    return;
                }
            }
            ins[i].op = Op::Nop;
            ins.swap(j, k);
        }
        if i == 0 {
            return;
        }
        i -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(build: impl FnOnce(&mut Shadow)) -> usize {
        let mut s = Shadow::new(1);
        build(&mut s);
        s.code_units(Facts {
            firstlineno: 1,
            ..Facts::default()
        })
    }

    #[test]
    fn pass_is_resume_and_the_implicit_return() {
        // def f(): pass
        assert_eq!(
            units(|s| {
                s.push(Op::Nop, 0, 1);
            }),
            3
        );
    }

    #[test]
    fn caches_and_extended_args_count() {
        // LOAD_GLOBAL 300 (with its NULL), LOAD_CONST 256, PRECALL/CALL, RETURN_VALUE.
        let n = units(|s| {
            s.push(Op::PushNull, 0, 1);
            s.push(Op::LoadGlobal, 300, 1);
            s.push(Op::LoadConst, 256, 1);
            s.push(PRECALL, 1, 1);
            s.push(CALL, 1, 1);
            s.push(Op::ReturnValue, 0, 1);
        });
        // PUSH_NULL merges into LOAD_GLOBAL 301, which needs an EXTENDED_ARG.
        assert_eq!(n, 1 + (1 + 5 + 1) + 2 + 2 + 5 + 1);
    }

    /// `def f(x):` / `if x: a()` / `else: b()`: both branches get the implicit return.
    #[test]
    fn exit_blocks_are_copied_into_their_jumps() {
        let n = units(|s| {
            let end = s.new_label();
            let next = s.new_label();
            s.push(PLAIN, 0, 2); // LOAD_FAST x
            let jump_if = s.push(Op::PopJumpIfFalse, 0, 2);
            for line in [3, 5] {
                if line == 5 {
                    s.use_block(next);
                    let at = s.len();
                    s.set_target(jump_if, at);
                }
                s.push(Op::PushNull, 0, line);
                s.push(Op::LoadGlobal, 0, line);
                s.push(PRECALL, 0, line);
                s.push(CALL, 0, line);
                s.push(Op::PopTop, 0, NO_LINE);
                if line == 3 {
                    let jump = s.push(Op::Jump, 0, NO_LINE);
                    s.set_target(jump, s.len() + 6);
                }
            }
            s.use_block(end);
        });
        assert_eq!(n, 35);
    }

    #[test]
    fn constant_tests_fold_away() {
        // while True: pass  -- the test vanishes, the loop jumps back.
        let n = units(|s| {
            let body = s.new_label();
            s.new_block();
            s.push_value(Op::LoadConst, 1, 2, Const::True);
            let exit = s.push(Op::PopJumpIfFalse, 0, 2);
            s.use_block(body);
            let top = s.push(Op::Nop, 0, 3);
            s.push_value(Op::LoadConst, 1, 2, Const::True);
            let back = s.push(Op::PopJumpIfTrue, 0, 2);
            s.set_target(back, top);
            s.new_block();
            s.set_target(exit, s.len());
        });
        // RESUME, a NOP for each line (`while` and `pass`), JUMP_BACKWARD.
        assert_eq!(n, 4);
    }

    #[test]
    fn a_long_jump_takes_an_extended_arg() {
        let n = units(|s| {
            s.push(PLAIN, 0, 1);
            let jump = s.push(Op::PopJumpIfFalse, 0, 1);
            for _ in 0..300 {
                s.push(PLAIN, 0, 1);
            }
            s.new_block();
            s.set_target(jump, s.len());
        });
        // The jump gets its own copy of the implicit return, placed after the one the
        // fall-through reaches: 302 code units away.
        assert_eq!(n, 1 + 1 + 2 + 300 + 2 + 2);
    }
}
