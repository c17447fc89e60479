//! The compiler: source text → `ruff_python_parser` AST → symbol table → code objects.
//!
//! Parse errors and the compiler's own checks become `SyntaxError` with CPython's location
//! attributes (`filename`, `lineno`, `offset`, `text`, `end_lineno`, `end_offset`).

pub mod codegen;
pub mod symtable;

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

/// Nesting deeper than this (brackets) is refused like CPython's tokenizer does.
const MAX_PAREN_DEPTH: usize = 200;
/// Expression nesting the compiler accepts before reporting a RecursionError.
const MAX_AST_DEPTH: usize = 3000;

pub fn compile(source: &str, filename: &str, interactive: bool) -> PyResult<Compiled> {
    check_nesting(source, filename)?;
    let parsed = match ruff_python_parser::parse_module(source) {
        Ok(p) => p,
        Err(e) => {
            return Err(syntax_error(&syntax_message(source, &e), filename, source, e.location));
        }
    };
    let module = parsed.syntax();
    if ast_too_deep(&module.body) {
        return Err(exceptions::recursion_error("maximum recursion depth exceeded during compilation"));
    }
    match codegen::compile_module(module, source, filename, interactive) {
        Ok((code, arena)) => Ok(Compiled { code, arena }),
        Err(codegen::CompileErr::Py(e)) => Err(e),
        Err(codegen::CompileErr::Syntax(e)) => Err(syntax_error(&e.msg, filename, source, e.range)),
    }
}

fn syntax_message(source: &str, e: &ruff_python_parser::ParseError) -> String {
    use ruff_python_parser::ParseErrorType as T;
    let msg = e.error.to_string();
    match &e.error {
        T::Lexical(l) => {
            let s = l.to_string();
            if s.contains("unindent") {
                return "unindent does not match any outer indentation level".into();
            }
            if s.contains("indent") {
                return "unexpected indent".into();
            }
            if s.contains("string") || s.contains("String") {
                let start: usize = e.location.start().into();
                let line_end = source[start..].find('\n').map(|i| start + i).unwrap_or(source.len());
                let quote = &source[start..line_end];
                if quote.starts_with("'''") || quote.starts_with("\"\"\"") {
                    return "unterminated triple-quoted string literal (detected at line 1)".into();
                }
                let line = source[..start].matches('\n').count() + 1;
                return format!("unterminated string literal (detected at line {})", line);
            }
            "invalid syntax".into()
        }
        _ if msg.contains("Expected an indented block") => "expected an indented block".into(),
        _ => "invalid syntax".into(),
    }
}

/// Refuses bracket nesting beyond CPython's limit before the parser recurses into it.
fn check_nesting(source: &str, filename: &str) -> PyResult<()> {
    let mut depth = 0usize;
    for (i, b) in source.bytes().enumerate() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_PAREN_DEPTH {
                    let r = TextRange::new((i as u32).into(), (i as u32 + 1).into());
                    return Err(syntax_error("too many nested parentheses", filename, source, r));
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
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
    let mut d = Depth { cur: 0, too_deep: false };
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
    let line_end = source[start..].find('\n').map(|i| start + i).unwrap_or(source.len());
    let lineno = source[..start].matches('\n').count() + 1;
    let text = &source[line_start..line_end];
    let offset = source[line_start..start].chars().count() + 1;
    let end_lineno = source[..end].matches('\n').count() + 1;
    let end_line_start = source[..end].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let end_offset = source[end_line_start..end].chars().count() + 1;
    let build = || -> PyResult<PyErr> {
        let m = pystr::new_str(msg)?;
        let e = exceptions::new_exception(r.exc.syntax_error, vec![m.clone()])?;
        let d = exceptions::dict(&e)?;
        let set = |k: &str, v: Obj| -> PyResult<()> { dict::set_item(&d, &pystr::intern_str(k)?, &v) };
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
