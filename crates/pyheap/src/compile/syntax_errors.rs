//! CPython's wording for syntax errors.
//!
//! The parser reports errors in its own terms; this module turns them into the message,
//! exception class (`SyntaxError` or `IndentationError`) and location CPython 3.11 would
//! report. Bracket problems are found by a scan of our own, as CPython's tokenizer finds
//! them before parsing.

use ruff_python_parser::{ParseError, ParseErrorType};
use ruff_text_size::{TextRange, TextSize};

/// How to report a syntax error.
pub struct Report {
    pub indentation: bool,
    pub msg: String,
    /// Byte range in the source (carets cover it; empty = one caret).
    pub range: TextRange,
    /// Print no caret line (CPython omits it for "unexpected indent").
    pub no_caret: bool,
}

fn at(offset: usize) -> TextRange {
    let o = TextSize::from(offset as u32);
    TextRange::new(o, o)
}

/// Bracket nesting deeper than this is refused, like CPython's tokenizer (`MAXLEVEL`).
pub const MAX_PAREN_DEPTH: usize = 200;

/// Unclosed, unmatched and mismatched brackets, and nesting beyond [`MAX_PAREN_DEPTH`],
/// skipping strings and comments.
pub fn scan_brackets(source: &str) -> Option<Report> {
    let b = source.as_bytes();
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' => {
                let triple = i + 2 < b.len() && b[i + 1] == c && b[i + 2] == c;
                let raw = i > 0 && matches!(b[i - 1], b'r' | b'R');
                if triple {
                    i += 3;
                    while i + 2 < b.len() && !(b[i] == c && b[i + 1] == c && b[i + 2] == c) {
                        if b[i] == b'\\' && !raw {
                            i += 1;
                        }
                        i += 1;
                    }
                    i += 3;
                } else {
                    i += 1;
                    while i < b.len() && b[i] != c && b[i] != b'\n' {
                        if b[i] == b'\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                    i += 1;
                }
                continue;
            }
            b'(' | b'[' | b'{' => {
                stack.push((c, i));
                if stack.len() > MAX_PAREN_DEPTH {
                    return Some(Report {
                        indentation: false,
                        msg: "too many nested parentheses".into(),
                        range: at(i),
                        no_caret: false,
                    });
                }
            }
            b')' | b']' | b'}' => {
                let open = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match stack.pop() {
                    None => {
                        return Some(Report {
                            indentation: false,
                            msg: format!("unmatched '{}'", c as char),
                            range: at(i),
                            no_caret: false,
                        });
                    }
                    Some((o, oi)) if o != open => {
                        let same_line = !source[oi..i].contains('\n');
                        let msg = if same_line {
                            format!(
                                "closing parenthesis '{}' does not match opening parenthesis '{}'",
                                c as char, o as char
                            )
                        } else {
                            let line = source[..oi].matches('\n').count() + 1;
                            format!("closing parenthesis '{}' does not match opening parenthesis '{}' on line {}", c as char, o as char, line)
                        };
                        return Some(Report {
                            indentation: false,
                            msg,
                            range: at(i),
                            no_caret: false,
                        });
                    }
                    Some(_) => {}
                }
            }
            _ => {}
        }
        i += 1;
    }
    stack.last().map(|&(o, oi)| Report {
        indentation: false,
        msg: format!("'{}' was never closed", o as char),
        range: at(oi),
        no_caret: false,
    })
}

fn target_kind(text: &str) -> &'static str {
    let t = text.trim();
    if t.starts_with(|c: char| c.is_ascii_digit() || c == '"' || c == '\'')
        || matches!(t, "None" | "True" | "False" | "...")
    {
        "literal"
    } else if t.ends_with(')') {
        "function call"
    } else {
        "expression"
    }
}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

/// The block statement whose body is missing, for "expected an indented block after ...".
fn block_kind(source: &str, offset: usize) -> Option<(String, usize)> {
    let before = &source[..offset.min(source.len())];
    let line_start = before.trim_end().rfind('\n').map(|i| i + 1).unwrap_or(0);
    let header = before[line_start..].trim();
    let line = line_of(source, line_start);
    let word = header
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or("");
    let what = match word {
        "def" => "function definition".to_string(),
        "class" => "class definition".to_string(),
        "if" | "elif" | "else" | "for" | "while" | "try" | "with" | "except" | "finally" => {
            format!("'{}' statement", word)
        }
        _ => return None,
    };
    Some((what, line))
}

/// CPython's report for a parse error.
pub fn describe(source: &str, e: &ParseError) -> Report {
    let start: usize = e.location.start().into();
    let plain = |msg: &str, range: TextRange| Report {
        indentation: false,
        msg: msg.to_string(),
        range,
        no_caret: false,
    };
    match &e.error {
        ParseErrorType::ExpectedToken { found, .. }
            if format!("{:?}", found).ends_with("Equal")
                && !matches!(
                    format!("{:?}", found).as_str(),
                    "Equal" | "EqEqual" | "NotEqual" | "LessEqual" | "GreaterEqual"
                ) =>
        {
            // `a, b += 1`: the parser stops at the operator after a tuple target.
            let line_start = source[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
            let line = &source[line_start..start];
            let s0 = line_start + (line.len() - line.trim_start().len());
            let end = line_start + line.trim_end().len();
            let text = &source[s0..end];
            let what = if text.starts_with('[') {
                "list"
            } else if text.contains(',') {
                "tuple"
            } else {
                "expression"
            };
            plain(
                &format!(
                    "'{}' is an illegal expression for augmented assignment",
                    what
                ),
                TextRange::new((s0 as u32).into(), (end as u32).into()),
            )
        }
        ParseErrorType::ExpectedToken { expected, .. } if format!("{:?}", expected) == "Colon" => {
            // CPython points just past the end of the statement's header.
            let line_end = source[..start].trim_end().len();
            plain("expected ':'", at(line_end))
        }
        ParseErrorType::UnexpectedIndentation => Report {
            indentation: true,
            msg: "unexpected indent".into(),
            range: e.location,
            no_caret: true,
        },
        ParseErrorType::Lexical(l) => {
            let s = l.to_string();
            if s.contains("unindent")
                || matches!(l, ruff_python_parser::LexicalErrorType::IndentationError)
            {
                let line_end = source[start..]
                    .find('\n')
                    .map(|i| start + i)
                    .unwrap_or(source.len());
                return Report {
                    indentation: true,
                    msg: "unindent does not match any outer indentation level".into(),
                    range: at(line_end),
                    no_caret: false,
                };
            }
            if matches!(
                l,
                ruff_python_parser::LexicalErrorType::UnclosedStringError
                    | ruff_python_parser::LexicalErrorType::StringError
            ) {
                let quote = &source[start..];
                let line = line_of(source, start);
                if quote.starts_with("'''") || quote.starts_with("\"\"\"") {
                    return plain(
                        &format!(
                            "unterminated triple-quoted string literal (detected at line {})",
                            source.matches('\n').count().max(line)
                        ),
                        at(start),
                    );
                }
                return plain(
                    &format!("unterminated string literal (detected at line {})", line),
                    at(start),
                );
            }
            plain("invalid syntax", e.location)
        }
        ParseErrorType::InvalidAssignmentTarget => {
            let text = &source[start..usize::from(e.location.end())];
            plain(
                &format!(
                    "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                    target_kind(text)
                ),
                e.location,
            )
        }
        ParseErrorType::InvalidDeleteTarget => {
            let text = &source[start..usize::from(e.location.end())];
            plain(&format!("cannot delete {}", target_kind(text)), e.location)
        }
        ParseErrorType::InvalidAugmentedAssignmentTarget => {
            let text = source[start..usize::from(e.location.end())].trim();
            let what = if text.contains(',') {
                "tuple"
            } else if text.starts_with('[') {
                "list"
            } else {
                "expression"
            };
            plain(
                &format!(
                    "'{}' is an illegal expression for augmented assignment",
                    what
                ),
                e.location,
            )
        }
        ParseErrorType::NonDefaultParamAfterDefaultParam => {
            plain("non-default argument follows default argument", e.location)
        }
        ParseErrorType::UnparenthesizedGeneratorExpression => {
            plain("Generator expression must be parenthesized", e.location)
        }
        ParseErrorType::OtherError(msg) if msg.to_lowercase().contains("indented block") => {
            match block_kind(source, start) {
                Some((what, line)) => Report {
                    indentation: true,
                    msg: format!("expected an indented block after {} on line {}", what, line),
                    range: at(start),
                    no_caret: false,
                },
                None => Report {
                    indentation: true,
                    msg: "expected an indented block".into(),
                    range: at(start),
                    no_caret: false,
                },
            }
        }
        _ => {
            // `print x`: Python 2's print statement.
            let line_start = source[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
            let line = source[line_start..].lines().next().unwrap_or("");
            let stmt = line.trim_start();
            if let Some(rest) = stmt.strip_prefix("print ") {
                if !rest.trim_start().starts_with('(') && !rest.trim_start().starts_with('=') {
                    let s = line_start + (line.len() - stmt.len());
                    let end = line_start + line.trim_end().len();
                    return plain(
                        "Missing parentheses in call to 'print'. Did you mean print(...)?",
                        TextRange::new((s as u32).into(), (end as u32).into()),
                    );
                }
            }
            plain("invalid syntax", at(start))
        }
    }
}
