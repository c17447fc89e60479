//! Printing exceptions as CPython 3.11 does: the traceback with PEP 657 caret lines,
//! collapsed recursion (`[Previous line repeated N more times]`), chained exceptions,
//! `SyntaxError`'s location display and `Did you mean` suggestions.

use crate::object::Obj;
use crate::objects::{code, dict, exceptions, frameobject, is_instance, str as pystr, tuple};
use crate::runtime::rt;
use crate::typeobj::Kind;

/// Identical consecutive entries shown before collapsing (`TB_RECURSIVE_CUTOFF`).
const RECURSIVE_CUTOFF: usize = 3;

/// Writes `exc` with its chain and traceback to stderr.
pub fn print_exception(exc: &Obj) {
    let mut out = String::new();
    format_chain(exc, &mut out, &mut Vec::new());
    crate::modules::write_stderr(&out);
}

/// The text `print_exception` writes.
pub fn format_exception(exc: &Obj) -> String {
    let mut out = String::new();
    format_chain(exc, &mut out, &mut Vec::new());
    out
}

fn format_chain(exc: &Obj, out: &mut String, seen: &mut Vec<usize>) {
    seen.push(exc.id());
    if let Some(cause) = exceptions::cause(exc) {
        if !seen.contains(&cause.id()) {
            format_chain(&cause, out, seen);
            out.push_str(
                "\nThe above exception was the direct cause of the following exception:\n\n",
            );
        }
    } else if let Some(ctx) = exceptions::context(exc) {
        if !exceptions::suppress_context(exc) && !seen.contains(&ctx.id()) {
            format_chain(&ctx, out, seen);
            out.push_str(
                "\nDuring handling of the above exception, another exception occurred:\n\n",
            );
        }
    }
    format_single(exc, out);
}

fn format_single(exc: &Obj, out: &mut String) {
    if let Some(tb) = exceptions::traceback(exc) {
        out.push_str("Traceback (most recent call last):\n");
        format_tb(&tb, out);
    }
    let r = rt();
    if is_instance(exc, r.exc.syntax_error) {
        format_syntax_error(exc, out);
    }
    out.push_str(&exception_line(exc));
}

/// `Type: message`, with suggestions for NameError and AttributeError.
pub fn exception_line(exc: &Obj) -> String {
    let name = exception_type_name(exc);
    let r = rt();
    let msg = if is_instance(exc, r.exc.syntax_error) {
        syntax_attr(exc, "msg")
            .map(|m| crate::ops::str_string(&m).unwrap_or_default())
            .unwrap_or_default()
    } else {
        match crate::ops::str(exc) {
            Ok(s) => pystr::as_str(&s).into_owned(),
            Err(_) => "<exception str() failed>".to_string(),
        }
    };
    let mut line = if msg.is_empty() {
        name
    } else {
        format!("{}: {}", name, msg)
    };
    if let Some(s) = suggestion(exc) {
        line.push_str(&format!(". Did you mean: '{}'?", s));
    }
    line.push('\n');
    line
}

fn exception_type_name(exc: &Obj) -> String {
    let t = exc.typ();
    if !t.is_heap() {
        return t.name().to_string();
    }
    // SAFETY: an object's type is live while the object is.
    let module = unsafe { crate::objects::typeobject::type_module_name(exc.type_ptr()) };
    // SAFETY: as above.
    let qual = unsafe { crate::objects::typeobject::qualname(exc.type_ptr()) };
    if module == "__main__" || module == "builtins" {
        qual
    } else {
        format!("{}.{}", module, qual)
    }
}

struct Entry {
    filename: String,
    lineno: u32,
    name: String,
    code: Obj,
    lasti: usize,
}

fn format_tb(tb: &Obj, out: &mut String) {
    let mut entries = Vec::new();
    let mut cur = Some(tb.clone());
    while let Some(t) = cur {
        let (next, frame, lasti) = frameobject::tb_parts(&t);
        let code = frameobject::code(&frame);
        let cd = code::data(&code);
        entries.push(Entry {
            filename: pystr::as_str(&cd.filename).into_owned(),
            lineno: frameobject::tb_lineno(&t) as u32,
            name: pystr::as_str(&cd.name).into_owned(),
            code: code.clone(),
            lasti,
        });
        cur = next;
    }
    let mut last: Option<(String, u32, String)> = None;
    let mut count = 0usize;
    for e in &entries {
        let key = (e.filename.clone(), e.lineno, e.name.clone());
        if last.as_ref() == Some(&key) {
            count += 1;
        } else {
            if count > RECURSIVE_CUTOFF {
                repeated(out, count - RECURSIVE_CUTOFF);
            }
            last = Some(key);
            count = 1;
        }
        if count > RECURSIVE_CUTOFF {
            continue;
        }
        out.push_str(&format!(
            "  File \"{}\", line {}, in {}\n",
            e.filename, e.lineno, e.name
        ));
        display_line(e, out);
    }
    if count > RECURSIVE_CUTOFF {
        repeated(out, count - RECURSIVE_CUTOFF);
    }
}

fn repeated(out: &mut String, n: usize) {
    out.push_str(&format!(
        "  [Previous line repeated {} more time{}]\n",
        n,
        if n > 1 { "s" } else { "" }
    ));
}

fn source_line(code: &Obj, lineno: u32) -> Option<String> {
    let cd = code::data(code);
    let filename = pystr::as_str(&cd.filename);
    if filename.starts_with('<') {
        return None;
    }
    let src = std::fs::read_to_string(&*filename)
        .ok()
        .unwrap_or_else(|| cd.source.to_string());
    src.split('\n')
        .nth(lineno.checked_sub(1)? as usize)
        .map(|l| l.trim_end_matches('\r').to_string())
}

fn display_line(e: &Entry, out: &mut String) {
    let Some(line) = source_line(&e.code, e.lineno) else {
        return;
    };
    let stripped = line.trim_start_matches([' ', '\t', '\x0c']);
    let truncation = line.len() - stripped.len();
    let trimmed = stripped.trim_end();
    if trimmed.is_empty() {
        return;
    }
    out.push_str(&format!("    {}\n", trimmed));
    let cd = code::data(&e.code);
    let Some(loc) = cd.locations.get(e.lasti) else {
        return;
    };
    if loc.line != e.lineno || (loc.col == 0 && loc.end_col == 0 && loc.end_line == loc.line) {
        return;
    }
    // Byte columns → character offsets within the line.
    let to_char = |byte: usize| {
        line.get(..byte.min(line.len()))
            .map(|s| s.chars().count())
            .unwrap_or(0)
    };
    let start = to_char(loc.col as usize);
    let end = if loc.end_line != loc.line {
        line.trim_end().chars().count()
    } else {
        to_char(loc.end_col as usize)
    };
    let has_anchor = loc.end_line == loc.line && loc.anchor_end > loc.anchor_start;
    let trunc_chars = line[..truncation].chars().count();
    let stripped_len = trimmed.chars().count();
    if end.saturating_sub(start) == stripped_len && !has_anchor {
        return;
    }
    if end <= start {
        return;
    }
    let (a_start, a_end) = (
        to_char(loc.anchor_start as usize),
        to_char(loc.anchor_end as usize),
    );
    let mut carets = String::from("    ");
    for _ in trunc_chars..start {
        carets.push(' ');
    }
    for i in start..end {
        carets.push(if has_anchor && (i < a_start || i >= a_end) {
            '~'
        } else {
            '^'
        });
    }
    out.push_str(&carets);
    out.push('\n');
}

fn syntax_attr(exc: &Obj, name: &str) -> Option<Obj> {
    let d = exceptions::dict_if_any(exc)?;
    dict::get_item_str(&d, name)
        .ok()
        .flatten()
        .filter(|v| !rt().is_none(v))
}

fn format_syntax_error(exc: &Obj, out: &mut String) {
    let filename = syntax_attr(exc, "filename")
        .map(|f| pystr::as_str(&f).into_owned())
        .unwrap_or_else(|| "<string>".into());
    let lineno = syntax_attr(exc, "lineno")
        .and_then(|l| crate::objects::int::as_i64(&l))
        .unwrap_or(1);
    out.push_str(&format!("  File \"{}\", line {}\n", filename, lineno));
    let Some(text) = syntax_attr(exc, "text") else {
        return;
    };
    let text = pystr::as_str(&text).into_owned();
    let line = text.trim_end_matches(['\n', '\r']);
    let stripped = line.trim_start_matches([' ', '\t', '\x0c']);
    let lead = line.chars().count() - stripped.chars().count();
    out.push_str(&format!("    {}\n", stripped.trim_end()));
    let offset = syntax_attr(exc, "offset")
        .and_then(|o| crate::objects::int::as_i64(&o))
        .unwrap_or(0);
    let end_offset = syntax_attr(exc, "end_offset")
        .and_then(|o| crate::objects::int::as_i64(&o))
        .unwrap_or(offset + 1);
    let end_lineno = syntax_attr(exc, "end_lineno")
        .and_then(|o| crate::objects::int::as_i64(&o))
        .unwrap_or(lineno);
    if offset < 1 {
        return;
    }
    let col = (offset as usize - 1).saturating_sub(lead);
    let width = if end_lineno == lineno && end_offset > offset {
        (end_offset - offset) as usize
    } else {
        1
    };
    out.push_str(&format!("    {}{}\n", " ".repeat(col), "^".repeat(width)));
}

/// Prints an exception that cannot propagate (from `__del__`, a weakref callback, ...).
pub fn write_unraisable(context: &str, exc: &Obj) {
    let mut out = format!("{}\n", context);
    if let Some(tb) = exceptions::traceback(exc) {
        out.push_str("Traceback (most recent call last):\n");
        format_tb(&tb, &mut out);
    }
    out.push_str(&exception_line(exc));
    crate::modules::write_stderr(&out);
}

// ---------------------------------------------------------------- suggestions

const MAX_CANDIDATE_ITEMS: usize = 750;
const MAX_STRING_SIZE: usize = 40;
const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;

fn substitution_cost(a: u8, b: u8) -> usize {
    if (a & 31) != (b & 31) {
        return MOVE_COST;
    }
    if a == b {
        return 0;
    }
    if a.eq_ignore_ascii_case(&b) {
        CASE_COST
    } else {
        MOVE_COST
    }
}

fn levenshtein(a: &[u8], b: &[u8], max_cost: usize) -> usize {
    let (mut a, mut b) = (a, b);
    while !a.is_empty() && !b.is_empty() && a[0] == b[0] {
        a = &a[1..];
        b = &b[1..];
    }
    while !a.is_empty() && !b.is_empty() && a[a.len() - 1] == b[b.len() - 1] {
        a = &a[..a.len() - 1];
        b = &b[..b.len() - 1];
    }
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    let mut buffer: Vec<usize> = (0..a.len()).map(|i| (i + 1) * MOVE_COST).collect();
    let mut result = 0;
    for (bi, &code) in b.iter().enumerate() {
        let mut distance = bi * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (ai, &ac) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(code, ac);
            distance = buffer[ai];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            buffer[ai] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

fn best_match(candidates: &[String], name: &str) -> Option<String> {
    if candidates.len() > MAX_CANDIDATE_ITEMS {
        return None;
    }
    let mut best: Option<(String, usize)> = None;
    for item in candidates {
        if item == name {
            continue;
        }
        let mut max_distance = (name.len() + item.len() + 3) * MOVE_COST / 6;
        if let Some((_, d)) = &best {
            max_distance = max_distance.min(d.saturating_sub(1));
        }
        let d = levenshtein(name.as_bytes(), item.as_bytes(), max_distance);
        if d > max_distance {
            continue;
        }
        if best.as_ref().is_none_or(|(_, bd)| d < *bd) {
            best = Some((item.clone(), d));
        }
    }
    best.map(|(s, _)| s)
}

fn suggestion(exc: &Obj) -> Option<String> {
    let r = rt();
    let d = exceptions::dict_if_any(exc)?;
    let name = dict::get_item_str(&d, "name").ok().flatten()?;
    if !is_instance(&name, r.types.str) {
        return None;
    }
    let name = pystr::as_str(&name).into_owned();
    if crate::objects::is_exact(exc, r.exc.name_error)
        || crate::objects::is_exact(exc, r.exc.unbound_local_error)
    {
        if crate::objects::is_exact(exc, r.exc.unbound_local_error) {
            return None;
        }
        // The innermost frame of the traceback: its locals, then globals, then builtins.
        let mut tb = exceptions::traceback(exc)?;
        while let (Some(next), _, _) = frameobject::tb_parts(&tb) {
            tb = next;
        }
        let (_, frame, _) = frameobject::tb_parts(&tb);
        let code = frameobject::code(&frame);
        let cd = code::data(&code);
        let varnames: Vec<String> = tuple::items(&cd.varnames)
            .iter()
            .map(|v| pystr::as_str(v).into_owned())
            .collect();
        if let Some(s) = best_match(&varnames, &name) {
            return Some(s);
        }
        let globals = frameobject::globals(&frame);
        let keys: Vec<String> = dict::keys_vec(&globals)
            .iter()
            .filter(|k| is_instance(k, r.types.str))
            .map(|k| pystr::as_str(k).into_owned())
            .collect();
        if let Some(s) = best_match(&keys, &name) {
            return Some(s);
        }
        let builtins = r.state.borrow().builtins.clone()?;
        let keys: Vec<String> = dict::keys_vec(&builtins)
            .iter()
            .map(|k| pystr::as_str(k).into_owned())
            .collect();
        return best_match(&keys, &name);
    }
    if crate::objects::is_exact(exc, r.exc.attribute_error) {
        let obj = dict::get_item_str(&d, "obj").ok().flatten()?;
        let mut names = crate::modules::builtins::dir_names(&obj).ok()?;
        names.sort();
        return best_match(&names, &name);
    }
    None
}

/// Whether an object is a traceback (for `tb` arguments).
pub fn is_traceback(o: &Obj) -> bool {
    crate::ops::kind(o) == Kind::Traceback
}
