//! The compiler: source text → `ruff_python_parser` AST → symbol table → code objects.
//!
//! Parse errors and the compiler's own checks become `SyntaxError` with CPython's location
//! attributes (`filename`, `lineno`, `offset`, `text`, `end_lineno`, `end_offset`).

pub mod bytecode_size;
pub mod codegen;
pub mod symtable;
pub mod syntax_errors;

use crate::object::Obj;
use crate::objects::{dict, exceptions, int, str as pystr};
use crate::runtime::{rt, PyErr, PyResult};
use ruff_python_ast::Expr;
use ruff_text_size::TextRange;

/// Result of compiling a module: its code object and the literal arena (the AST's
/// references to every literal), which a file run keeps alive until the run ends.
pub struct Compiled {
    pub code: Obj,
    pub arena: Vec<Obj>,
}

/// Expression nesting the compiler accepts before reporting a RecursionError.
const MAX_AST_DEPTH: usize = 3000;

pub fn compile(source: &str, filename: &str, interactive: bool) -> PyResult<Compiled> {
    // Bracket errors come from CPython's tokenizer: a stray or mismatched closing bracket
    // is reported when it is read, an unclosed one only when the parser reaches the end.
    let bracket = syntax_errors::scan_brackets(source);
    if let Some(r) = &bracket {
        if r.msg == "too many nested parentheses" {
            return Err(report_error(r, filename, source));
        }
    }
    let parsed = match ruff_python_parser::parse_module(source) {
        Ok(p) => p,
        Err(e) => {
            if let Some(b) = &bracket {
                let parse_at: usize = e.location.start().into();
                let unclosed = b.msg.ends_with("was never closed");
                let at_end = source[parse_at.min(source.len())..].trim().is_empty();
                if (unclosed && at_end) || (!unclosed && usize::from(b.range.start()) <= parse_at) {
                    return Err(report_error(b, filename, source));
                }
            }
            let r = syntax_errors::describe(source, &e);
            return Err(report_error(&r, filename, source));
        }
    };
    if let Some(b) = bracket {
        return Err(report_error(&b, filename, source));
    }
    let module = parsed.syntax();
    if ast_too_deep(&module.body) {
        return Err(exceptions::recursion_error(
            "maximum recursion depth exceeded during compilation",
        ));
    }
    match codegen::compile_module(module, source, filename, interactive) {
        Ok((code, arena)) => Ok(Compiled { code, arena }),
        Err(codegen::CompileErr::Py(e)) => Err(e),
        Err(codegen::CompileErr::Syntax(e)) => Err(syntax_error(&e.msg, filename, source, e.range)),
    }
}

fn report_error(r: &syntax_errors::Report, filename: &str, source: &str) -> PyErr {
    let err = syntax_error(&r.msg, filename, source, r.range);
    if r.indentation {
        // Retype: an IndentationError carries the same attributes.
        let args = vec![exceptions::args(&err.0)];
        // SAFETY: the runtime's IndentationError type is live and an exception type.
        if let Ok(e) = unsafe { exceptions::new_exception(rt().exc.indentation_error, args) } {
            let e = PyErr(e);
            if let (Some(from), Ok(to)) = (exceptions::dict_if_any(&err.0), exceptions::dict(&e.0))
            {
                for (k, v) in dict::items(&from) {
                    let _ = dict::set_item(&to, &k, &v);
                }
            }
            exceptions::set_args(&e.0, exceptions::args(&err.0));
            if r.no_caret {
                let _ = dict::set_item(
                    &exceptions::dict(&e.0).unwrap_or_else(|_| rt().none()),
                    &pystr::intern_str("offset").unwrap_or_else(|_| rt().empty_str()),
                    &rt().none(),
                );
            }
            return e;
        }
    }
    err
}

fn ast_too_deep(body: &[ruff_python_ast::Stmt]) -> bool {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Depth {
        cur: usize,
        too_deep: bool,
    }
    impl<'a> Visitor<'a> for Depth {
        fn visit_expr(&mut self, e: &'a Expr) {
            if self.too_deep {
                return;
            }
            self.cur += 1;
            if self.cur > MAX_AST_DEPTH {
                self.too_deep = true;
            } else {
                visitor::walk_expr(self, e);
            }
            self.cur -= 1;
        }
        fn visit_stmt(&mut self, s: &'a ruff_python_ast::Stmt) {
            if self.too_deep {
                return;
            }
            self.cur += 1;
            if self.cur > MAX_AST_DEPTH {
                self.too_deep = true;
            } else {
                visitor::walk_stmt(self, s);
            }
            self.cur -= 1;
        }
    }
    let mut d = Depth {
        cur: 0,
        too_deep: false,
    };
    for s in body {
        d.visit_stmt(s);
    }
    d.too_deep
}

/// Builds a `SyntaxError` carrying CPython's location attributes.
pub fn syntax_error(msg: &str, filename: &str, source: &str, range: TextRange) -> PyErr {
    let r = rt();
    let start: usize = usize::from(range.start()).min(source.len());
    let end: usize = usize::from(range.end()).min(source.len()).max(start);
    let line_start = source[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_end = source[start..]
        .find('\n')
        .map(|i| start + i)
        .unwrap_or(source.len());
    let lineno = source[..start].matches('\n').count() + 1;
    let text = &source[line_start..line_end];
    let offset = source[line_start..start].chars().count() + 1;
    let end_lineno = source[..end].matches('\n').count() + 1;
    let end_line_start = source[..end].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let end_offset = source[end_line_start..end].chars().count() + 1;
    let build = || -> PyResult<PyErr> {
        let m = pystr::new_str(msg)?;
        // SAFETY: the runtime's SyntaxError type is live and an exception type.
        let e = unsafe { exceptions::new_exception(r.exc.syntax_error, vec![m.clone()]) }?;
        let d = exceptions::dict(&e)?;
        let set =
            |k: &str, v: Obj| -> PyResult<()> { dict::set_item(&d, &pystr::intern_str(k)?, &v) };
        set("msg", m)?;
        set("filename", pystr::new_str(filename)?)?;
        set("lineno", int::from_usize(lineno)?)?;
        set("offset", int::from_usize(offset)?)?;
        set("text", pystr::new_str(&format!("{}\n", text))?)?;
        set("end_lineno", int::from_usize(end_lineno)?)?;
        set("end_offset", int::from_usize(end_offset.max(offset + 1))?)?;
        Ok(PyErr(e))
    };
    match build() {
        Ok(e) => e,
        Err(e) => e,
    }
}
