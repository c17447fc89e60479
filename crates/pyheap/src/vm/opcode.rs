//! The instruction set: a register-free stack machine close to CPython 3.11's bytecode, so
//! that the value stack holds references exactly where CPython's does (which is what
//! `sys.getrefcount` observes).
//!
//! Each instruction is one Rust enum value (8 bytes: a tag and one 32-bit operand, or two
//! 16-bit ones); operands index the code object's
//! constant, name and local tables or are jump targets (instruction indices).

use crate::ops::BinOp;
use crate::typeobj::CompareOp;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Instr {
    Nop,
    PopTop,
    /// Push a new reference to the n-th item from the top (1 = top).
    Copy(u32),
    /// Swap the top with the n-th item (2 = second).
    Swap(u32),
    PushNull,

    LoadConst(u32),
    /// Superinstructions (3.11's LOAD_FAST__LOAD_FAST and kin): the first of a pair of
    /// instructions, rewritten by [`fuse_superinstructions`] to do both and skip the
    /// second, which stays in place as a jump target. When the second would fail (an
    /// unbound local), only the first's work is done and the second runs on its own.
    LoadFastLoadFast(u16, u16),
    LoadFastLoadConst(u16, u16),
    LoadConstLoadFast(u16, u16),
    StoreFastLoadFast(u16, u16),
    StoreFastStoreFast(u16, u16),
    /// `LoadFast` then `LoadAttr` (`self.x`): on an attribute cache hit the attribute is
    /// read straight from the local, which is never pushed.
    LoadFastLoadAttr(u16, u16),
    /// `LoadConst` then `ReturnValue` (3.12's `RETURN_CONST`).
    ReturnConst(u32),
    /// `PushNull` then `LoadGlobal(i)` (3.11's LOAD_GLOBAL with its NULL bit).
    PushNullLoadGlobal(u32),
    LoadFast(u32),
    StoreFast(u32),
    DeleteFast(u32),
    LoadName(u32),
    StoreName(u32),
    DeleteName(u32),
    LoadGlobal(u32),
    StoreGlobal(u32),
    DeleteGlobal(u32),
    /// Cells and free variables share one index space after the locals: `nlocals + i`.
    LoadDeref(u32),
    StoreDeref(u32),
    DeleteDeref(u32),
    LoadClosure(u32),
    /// In a class body: the class namespace first, then the cell.
    LoadClassDeref(u32),
    LoadAttr(u32),
    StoreAttr(u32),
    DeleteAttr(u32),
    /// Pushes `[method, self]` for a plain function found on the type, else `[NULL, attr]`.
    LoadMethod(u32),

    BinarySubscr,
    StoreSubscr,
    DeleteSubscr,
    BuildSlice(u32),
    BinaryOp(BinOp),
    InplaceOp(BinOp),
    UnaryNegative,
    UnaryPositive,
    UnaryInvert,
    UnaryNot,
    Compare(CompareOp),
    /// `is` (false) / `is not` (true).
    IsOp(bool),
    /// `in` (false) / `not in` (true).
    ContainsOp(bool),

    BuildTuple(u32),
    BuildList(u32),
    BuildSet(u32),
    BuildMap(u32),
    /// Keys tuple on top, then n values.
    BuildConstKeyMap(u32),
    BuildString(u32),
    ListAppend(u32),
    SetAdd(u32),
    MapAdd(u32),
    ListExtend(u32),
    SetUpdate(u32),
    DictUpdate(u32),
    DictMerge(u32),
    ListToTuple,
    /// conversion: 0 none, 1 str, 2 repr, 3 ascii; with_spec: a format spec is on top.
    FormatValue(u8, bool),
    UnpackSequence(u32),
    UnpackEx(u16, u16),

    Jump(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    PopJumpIfNone(u32),
    PopJumpIfNotNone(u32),
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    GetIter,
    /// Pushes the next item, or pops the iterator and jumps when exhausted.
    ForIter(u32),

    /// `callable_or_null, self_or_callable, args...`: like 3.11's PRECALL+CALL.
    Call(u32),
    /// The keyword names of the `Call` that follows (a constant tuple): its last
    /// len(names) arguments are keywords (3.11's KW_NAMES).
    KwNames(u32),
    /// `func, args_tuple[, kwargs_dict]` (3.11's CALL_FUNCTION_EX).
    CallFunctionEx(bool),
    /// flags: 1 defaults, 2 kwdefaults, 8 closure.
    MakeFunction(u8),
    ReturnValue,
    YieldValue,
    /// Delegation step of `yield from`: send the top into the iterator below it.
    Send(u32),
    GetYieldFromIter,

    /// 0: re-raise current, 1: raise TOS, 2: raise TOS1 from TOS.
    Raise(u8),
    /// Re-raise the exception on top of the stack (end of a handler without a match).
    Reraise,
    /// Push a try block: on an exception, unwind to the current depth and jump.
    SetupFinally(u32),
    /// As SetupFinally, but the block's stack level excludes the top item (the handled
    /// exception or the context manager's enter result).
    SetupCleanup(u32),
    PopBlock,
    /// `exit -> `: calls `exit(None, None, None)` when a `with` body ends normally.
    ExitWith,
    /// Save the handled exception and make TOS the current one (pushes prev below it).
    PushExcInfo,
    /// Restore the previous handled exception (pops the saved one).
    PopExcept,
    /// `exc, type -> exc, bool`.
    CheckExcMatch,
    /// `mgr -> exit, enter_result`.
    BeforeWith,
    /// `exit, (prev_exc), exc -> exit, prev, exc, result`.
    WithExceptStart,
    LoadAssertionError,
    LoadBuildClass,
    ImportName(u32),
    ImportFrom(u32),
    ImportStar,
    /// For `print` of expression statements in the REPL.
    PrintExpr,
    /// Marks an unreachable location; executing it is an internal error.
    Unreachable,
}

/// Source position of an instruction, for tracebacks: 1-based lines, 0-based UTF-8 byte
/// columns, as CPython's `co_positions()`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Location {
    pub line: u32,
    pub end_line: u32,
    pub col: u32,
    pub end_col: u32,
    /// For binary operators and subscripts: the operator's byte range on the line, drawn
    /// with `^` while the operands get `~` (PEP 657 anchors). 0,0 when absent.
    pub anchor_start: u32,
    pub anchor_end: u32,
}

/// Rewrites the first instruction of each common pair into a superinstruction (see
/// [`Instr::LoadFastLoadFast`]). Pairs do not overlap; operands that do not fit 16 bits
/// are left alone.
impl Instr {
    /// Where the instruction may jump to (a branch, a loop exit, a `try` handler).
    pub fn jump_target(&self) -> Option<u32> {
        use Instr::*;
        match *self {
            Jump(t) | PopJumpIfFalse(t) | PopJumpIfTrue(t) | PopJumpIfNone(t)
            | PopJumpIfNotNone(t) | JumpIfFalseOrPop(t) | JumpIfTrueOrPop(t) | ForIter(t)
            | Send(t) | SetupFinally(t) | SetupCleanup(t) => Some(t),
            _ => None,
        }
    }

    /// Whether this is the first of a fused pair, which may do the second's work too
    /// and then skip it.
    fn skips_next(&self) -> bool {
        use Instr::*;
        matches!(
            self,
            LoadFastLoadFast(..)
                | LoadFastLoadConst(..)
                | LoadConstLoadFast(..)
                | StoreFastLoadFast(..)
                | StoreFastStoreFast(..)
                | LoadFastLoadAttr(..)
                | PushNullLoadGlobal(_)
        )
    }

    /// Whether the next instruction never runs after this one.
    fn ends_flow(&self) -> bool {
        matches!(
            self,
            Instr::ReturnValue
                | Instr::ReturnConst(_)
                | Instr::Raise(_)
                | Instr::Reraise
                | Instr::Jump(_)
        )
    }

    /// The local slots the instruction reads or writes by index.
    fn local_slots(&self) -> [Option<u32>; 2] {
        use Instr::*;
        match *self {
            LoadFast(a) | StoreFast(a) | DeleteFast(a) => [Some(a), None],
            LoadDeref(a) | StoreDeref(a) | DeleteDeref(a) | LoadClosure(a) | LoadClassDeref(a) => {
                [Some(a), None]
            }
            LoadFastLoadFast(a, b) | StoreFastLoadFast(a, b) | StoreFastStoreFast(a, b) => {
                [Some(a as u32), Some(b as u32)]
            }
            LoadFastLoadConst(a, _) | LoadConstLoadFast(_, a) | LoadFastLoadAttr(a, _) => {
                [Some(a as u32), None]
            }
            _ => [None, None],
        }
    }

    /// The constant the instruction loads by index.
    fn const_index(&self) -> Option<u32> {
        use Instr::*;
        match *self {
            LoadConst(c) => Some(c),
            LoadFastLoadConst(_, c) | LoadConstLoadFast(c, _) => Some(c as u32),
            ReturnConst(c) => Some(c),
            _ => None,
        }
    }
}

/// Checks what the eval loop relies on without checking it at every step: execution
/// cannot run past the last instruction (it ends the flow, every jump lands inside the
/// code, and the pair a superinstruction skips does not end it), and local, cell and
/// constant operands are within a frame's `nfast` slots and the code's `nconsts`
/// constants. The compiler only makes code that passes; a code object is refused if its
/// code does not.
pub fn validate(instrs: &[Instr], nfast: usize, nconsts: usize) -> Result<(), String> {
    match instrs.last() {
        Some(last) if last.ends_flow() => {}
        _ => return Err("code does not end its flow".into()),
    }
    for (pc, i) in instrs.iter().enumerate() {
        // A superinstruction also does the next instruction's work and skips it, so the
        // loop then goes on past that one: it must not end the flow.
        if i.skips_next() && instrs.get(pc + 1).is_none_or(|n| n.ends_flow()) {
            return Err(format!("superinstruction without its pair at {pc}"));
        }
        if let Some(t) = i.jump_target() {
            if t as usize >= instrs.len() {
                return Err(format!("jump out of the code at {pc}"));
            }
        }
        if i.local_slots()
            .iter()
            .flatten()
            .any(|&a| a as usize >= nfast)
        {
            return Err(format!("local slot out of range at {pc}"));
        }
        if i.const_index().is_some_and(|c| c as usize >= nconsts) {
            return Err(format!("constant out of range at {pc}"));
        }
    }
    Ok(())
}

pub fn fuse_superinstructions(instrs: &mut [Instr]) {
    let small = |x: u32| u16::try_from(x).ok();
    let mut i = 0;
    while i + 1 < instrs.len() {
        let fused = match (instrs[i], instrs[i + 1]) {
            (Instr::LoadFast(a), Instr::LoadFast(b)) => small(a)
                .zip(small(b))
                .map(|(a, b)| Instr::LoadFastLoadFast(a, b)),
            (Instr::LoadFast(a), Instr::LoadConst(c)) => small(a)
                .zip(small(c))
                .map(|(a, c)| Instr::LoadFastLoadConst(a, c)),
            (Instr::LoadConst(c), Instr::LoadFast(a)) => small(c)
                .zip(small(a))
                .map(|(c, a)| Instr::LoadConstLoadFast(c, a)),
            (Instr::StoreFast(a), Instr::LoadFast(b)) => small(a)
                .zip(small(b))
                .map(|(a, b)| Instr::StoreFastLoadFast(a, b)),
            (Instr::StoreFast(a), Instr::StoreFast(b)) => small(a)
                .zip(small(b))
                .map(|(a, b)| Instr::StoreFastStoreFast(a, b)),
            (Instr::LoadFast(a), Instr::LoadAttr(i)) => small(a)
                .zip(small(i))
                .map(|(a, i)| Instr::LoadFastLoadAttr(a, i)),
            (Instr::PushNull, Instr::LoadGlobal(g)) => Some(Instr::PushNullLoadGlobal(g)),
            (Instr::LoadConst(c), Instr::ReturnValue) => Some(Instr::ReturnConst(c)),
            _ => None,
        };
        match fused {
            Some(f) => {
                instrs[i] = f;
                i += 2;
            }
            None => i += 1,
        }
    }
}

// The eval loop reads one instruction per step: keep them a machine word.
const _: () = assert!(std::mem::size_of::<Instr>() == 8);
