//! String formatting: `format()` with the format-spec mini-language (f-strings and
//! `str.format`), and printf-style `%` formatting.

use crate::object::Obj;
use crate::objects::exceptions::{type_error, value_error};
use crate::objects::{float, int, is_instance, str as pystr, tuple};
use crate::ops::{self, kind};
use crate::runtime::{rt, PyResult};
use crate::typeobj::Kind;
use num_bigint::BigInt;
use num_traits::Signed;

/// A parsed format spec: `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
#[derive(Default, Debug, Clone)]
pub struct Spec {
    pub fill: Option<char>,
    pub align: Option<char>,
    pub sign: Option<char>,
    pub alternate: bool,
    pub zero: bool,
    pub width: Option<usize>,
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub ty: Option<char>,
}

pub fn parse_spec(s: &str) -> PyResult<Spec> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut spec = Spec::default();
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    if chars.len() >= 2 && is_align(chars[1]) {
        spec.fill = Some(chars[0]);
        spec.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        spec.align = Some(chars[0]);
        i = 1;
    }
    if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
        spec.sign = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == 'z' {
        i += 1;
    }
    if i < chars.len() && chars[i] == '#' {
        spec.alternate = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '0' {
        spec.zero = true;
        i += 1;
    }
    let start = i;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    if i > start {
        spec.width = chars[start..i].iter().collect::<String>().parse().ok();
    }
    if i < chars.len() && matches!(chars[i], ',' | '_') {
        spec.grouping = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return Err(value_error("Format specifier missing precision"));
        }
        spec.precision = chars[start..i].iter().collect::<String>().parse().ok();
    }
    if i < chars.len() {
        spec.ty = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() {
        return Err(value_error("Invalid format specifier"));
    }
    Ok(spec)
}

fn pad(body: &str, spec: &Spec, default_align: char) -> String {
    let width = spec.width.unwrap_or(0);
    let len = body.chars().count();
    if len >= width {
        return body.to_string();
    }
    let fill = spec.fill.unwrap_or(if spec.zero && spec.align.is_none() {
        '0'
    } else {
        ' '
    });
    let align = spec
        .align
        .unwrap_or(if spec.zero { '=' } else { default_align });
    let n = width - len;
    let f = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
    match align {
        '<' => format!("{}{}", body, f(n)),
        '^' => format!("{}{}{}", f(n / 2), body, f(n - n / 2)),
        '=' => {
            let (sign, rest) = split_sign(body);
            format!("{}{}{}", sign, f(n), rest)
        }
        _ => format!("{}{}", f(n), body),
    }
}

fn split_sign(s: &str) -> (&str, &str) {
    let mut idx = 0;
    if s.starts_with(['-', '+', ' ']) {
        idx = 1;
    }
    if s[idx..].starts_with("0x")
        || s[idx..].starts_with("0o")
        || s[idx..].starts_with("0b")
        || s[idx..].starts_with("0X")
    {
        idx += 2;
    }
    s.split_at(idx)
}

/// True when padding goes between the sign and the digits with zeros (`0` flag, or an
/// explicit `0=`): grouping then extends into the padding, as in `format(42, '08,d')`
/// giving `0,000,042`.
fn zero_pads_digits(spec: &Spec) -> bool {
    let fill = spec.fill.or(if spec.zero { Some('0') } else { None });
    let align = spec.align.or(if spec.zero { Some('=') } else { None });
    fill == Some('0') && align == Some('=')
}

/// Groups `digits`, first padding them with zeros until the grouped text is at least
/// `min_len` long when the spec zero-pads.
fn group_padded(digits: &str, sep: char, every: usize, spec: &Spec, other_len: usize) -> String {
    let mut out = group(digits, sep, every);
    if zero_pads_digits(spec) {
        let min_len = spec.width.unwrap_or(0).saturating_sub(other_len);
        let mut padded = digits.to_string();
        while out.chars().count() < min_len {
            padded.insert(0, '0');
            out = group(&padded, sep, every);
        }
    }
    out
}

fn group(digits: &str, sep: char, every: usize) -> String {
    let mut out = String::new();
    let n = digits.len();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(every) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

fn sign_prefix(negative: bool, spec: &Spec) -> &'static str {
    if negative {
        "-"
    } else {
        match spec.sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    }
}

pub fn format_int(v: &BigInt, spec: &Spec) -> PyResult<String> {
    let ty = spec.ty.unwrap_or('d');
    let mag = v.abs();
    let (digits, prefix) = match ty {
        'd' | 'n' => (mag.to_string(), ""),
        'x' => (mag.to_str_radix(16), "0x"),
        'X' => (mag.to_str_radix(16).to_uppercase(), "0X"),
        'o' => (mag.to_str_radix(8), "0o"),
        'b' => (mag.to_str_radix(2), "0b"),
        'c' => {
            let c = num_traits::ToPrimitive::to_u32(v)
                .and_then(char::from_u32)
                .ok_or_else(|| {
                    crate::objects::exceptions::overflow_error("%c arg not in range(0x110000)")
                })?;
            return Ok(pad(&c.to_string(), spec, '<'));
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            let f = num_traits::ToPrimitive::to_f64(v).unwrap_or(f64::INFINITY);
            return format_float(f, spec);
        }
        other => {
            return Err(value_error(&format!(
                "Unknown format code '{}' for object of type 'int'",
                other
            )));
        }
    };
    let sign = sign_prefix(v.is_negative(), spec);
    let prefix = if spec.alternate { prefix } else { "" };
    let digits = match spec.grouping {
        Some(sep) => {
            let every = if matches!(ty, 'd' | 'n') { 3 } else { 4 };
            group_padded(&digits, sep, every, spec, sign.len() + prefix.len())
        }
        None => digits,
    };
    let body = format!("{}{}{}", sign, prefix, digits);
    Ok(pad(&body, spec, '>'))
}

fn format_exp(v: f64, prec: usize, upper: bool) -> String {
    let s = format!("{:.*e}", prec, v);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let out = format!("{}e{}{:02}", m, if e < 0 { '-' } else { '+' }, e.abs());
    if upper {
        out.to_uppercase()
    } else {
        out
    }
}

/// `%g`-style: precision significant digits, trailing zeros removed unless `alternate`.
fn format_general(v: f64, prec: usize, upper: bool, alternate: bool) -> String {
    let p = prec.max(1);
    general(v, p, p, upper, alternate)
}

/// `p` significant digits; exponent form when the decimal exponent is below -4 or at
/// least `exp_from`.
fn general(v: f64, p: usize, exp_from: usize, upper: bool, alternate: bool) -> String {
    if v == 0.0 {
        return if alternate {
            format!("{:.*}", p - 1, v)
        } else if v.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let exp = format!("{:.*e}", p - 1, v);
    let e: i32 = exp
        .split_once('e')
        .map(|(_, e)| e.parse().unwrap_or(0))
        .unwrap_or(0);
    let mut s = if e < -4 || e >= exp_from as i32 {
        format_exp(v, p - 1, upper)
    } else {
        format!("{:.*}", (p as i32 - 1 - e).max(0) as usize, v)
    };
    if !alternate {
        if let Some(epos) = s.find(['e', 'E']) {
            let (m, rest) = s.split_at(epos);
            let m = if m.contains('.') {
                m.trim_end_matches('0').trim_end_matches('.')
            } else {
                m
            };
            s = format!("{}{}", m, rest);
        } else if s.contains('.') {
            s = s.trim_end_matches('0').trim_end_matches('.').to_string();
        }
    }
    s
}

pub fn format_float(v: f64, spec: &Spec) -> PyResult<String> {
    let neg = v.is_sign_negative() && !v.is_nan();
    let a = v.abs();
    let body = if a.is_infinite() || a.is_nan() {
        let s = if a.is_nan() { "nan" } else { "inf" };
        match spec.ty {
            Some('E' | 'F' | 'G') => s.to_uppercase(),
            Some('%') => format!("{}%", s),
            _ => s.to_string(),
        }
    } else {
        match spec.ty {
            None => match spec.precision {
                None => float::repr(a),
                // Like 'g', but switching to exponent form one digit sooner and
                // keeping a digit after the point in fixed form.
                Some(p) => {
                    let p = p.max(1);
                    let s = general(a, p, p - 1, false, spec.alternate);
                    if s.contains(['.', 'e', 'n', 'i']) {
                        s
                    } else {
                        format!("{}.0", s)
                    }
                }
            },
            Some('f' | 'F') => format!("{:.*}", spec.precision.unwrap_or(6), a),
            Some('e') => format_exp(a, spec.precision.unwrap_or(6), false),
            Some('E') => format_exp(a, spec.precision.unwrap_or(6), true),
            Some('g') => format_general(a, spec.precision.unwrap_or(6), false, spec.alternate),
            Some('G') => format_general(a, spec.precision.unwrap_or(6), true, spec.alternate),
            Some('%') => format!("{:.*}%", spec.precision.unwrap_or(6), a * 100.0),
            Some('n') => format_general(a, spec.precision.unwrap_or(6), false, spec.alternate),
            Some(other) => {
                return Err(value_error(&format!(
                    "Unknown format code '{}' for object of type 'float'",
                    other
                )));
            }
        }
    };
    let sign = sign_prefix(neg, spec);
    let body = match spec.grouping {
        Some(sep) if !(a.is_infinite() || a.is_nan()) => {
            let (int_part, rest) = match body.find(['.', 'e', '%']) {
                Some(i) => body.split_at(i),
                None => (body.as_str(), ""),
            };
            let rest_len = rest.chars().count();
            let grouped = group_padded(int_part, sep, 3, spec, sign.len() + rest_len);
            format!("{}{}", grouped, rest)
        }
        _ => body,
    };
    Ok(pad(&format!("{}{}", sign, body), spec, '>'))
}

pub fn format_str(s: &str, spec: &Spec) -> PyResult<String> {
    if let Some(t) = spec.ty {
        if t != 's' {
            return Err(value_error(&format!(
                "Unknown format code '{}' for object of type 'str'",
                t
            )));
        }
    }
    if spec.sign.is_some() {
        return Err(value_error("Sign not allowed in string format specifier"));
    }
    let s: String = match spec.precision {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    };
    Ok(pad(&s, spec, '<'))
}

/// `format(value, spec)`.
pub fn format(v: &Obj, spec: &Obj) -> PyResult<Obj> {
    let r = rt();
    let spec_s = pystr::as_str(spec).into_owned();
    if v.typ().is_heap() {
        if let Some(res) = ops::call_special(v, "__format__", std::slice::from_ref(spec))? {
            if !is_instance(&res, r.types.str) {
                return Err(type_error(&format!(
                    "__format__ must return a str, not {}",
                    res.typ().name()
                )));
            }
            return Ok(res);
        }
    }
    let out = match kind(v) {
        Kind::Str => format_str(&pystr::as_str(v), &parse_spec(&spec_s)?)?,
        Kind::Int if spec_s.is_empty() => int::to_decimal(v),
        Kind::Bool if spec_s.is_empty() => pystr::as_str(&ops::str(v)?).into_owned(),
        Kind::Int | Kind::Bool => format_int(&int::to_bigint(v), &parse_spec(&spec_s)?)?,
        Kind::Float => format_float(float::value(v), &parse_spec(&spec_s)?)?,
        _ => {
            if !spec_s.is_empty() {
                return Err(type_error(&format!(
                    "unsupported format string passed to {}.__format__",
                    v.typ().name()
                )));
            }
            return ops::str(v);
        }
    };
    pystr::new_str(&out)
}

/// `ascii(obj)`: repr with non-ASCII characters escaped.
pub fn ascii(v: &Obj) -> PyResult<Obj> {
    let s = ops::repr(v)?;
    let mut out = String::new();
    for c in pystr::as_str(&s).chars() {
        let cp = c as u32;
        if cp < 0x80 {
            out.push(c);
        } else if cp < 0x100 {
            out.push_str(&format!("\\x{:02x}", cp));
        } else if cp < 0x10000 {
            out.push_str(&format!("\\u{:04x}", cp));
        } else {
            out.push_str(&format!("\\U{:08x}", cp));
        }
    }
    pystr::new_str(&out)
}

/// `fmt % args`.
pub fn percent_format(fmt: &Obj, args: &Obj) -> PyResult<Obj> {
    let r = rt();
    let f: Vec<char> = pystr::as_str(fmt).chars().collect();
    let (items, mapping): (Vec<Obj>, Option<Obj>) = if kind(args) == Kind::Tuple {
        (tuple::items(args).to_vec(), None)
    } else if kind(args) != Kind::Str && args.typ().tp_getitem.is_some() {
        // Anything subscriptable but a tuple or str serves `%(key)s` (PyUnicode_Format's
        // mapping check), and its being the one argument is no error.
        (vec![args.clone()], Some(args.clone()))
    } else {
        (vec![args.clone()], None)
    };
    let mut idx = 0usize;
    let mut out = String::new();
    let mut i = 0;
    let next_arg = |idx: &mut usize| -> PyResult<Obj> {
        let v = items
            .get(*idx)
            .cloned()
            .ok_or_else(|| type_error("not enough arguments for format string"))?;
        *idx += 1;
        Ok(v)
    };
    while i < f.len() {
        let c = f[i];
        if c != '%' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        if i >= f.len() {
            return Err(value_error("incomplete format"));
        }
        let mut key_arg = None;
        if f[i] == '(' {
            let start = i + 1;
            let mut depth = 1;
            i += 1;
            while i < f.len() && depth > 0 {
                if f[i] == '(' {
                    depth += 1;
                } else if f[i] == ')' {
                    depth -= 1;
                }
                i += 1;
            }
            let key: String = f[start..i - 1].iter().collect();
            let m = mapping
                .as_ref()
                .ok_or_else(|| type_error("format requires a mapping"))?;
            let k = pystr::new_str(&key)?;
            key_arg = Some(crate::ops::getitem(m, &k)?);
        }
        let mut spec = Spec::default();
        while i < f.len() && matches!(f[i], '-' | '+' | ' ' | '#' | '0') {
            match f[i] {
                '-' => spec.align = Some('<'),
                '+' => spec.sign = Some('+'),
                ' ' => {
                    if spec.sign.is_none() {
                        spec.sign = Some(' ')
                    }
                }
                '#' => spec.alternate = true,
                _ => spec.zero = true,
            }
            i += 1;
        }
        if i < f.len() && f[i] == '*' {
            let w = next_arg(&mut idx)?;
            spec.width = Some(ops::index_value(&w)?.max(0) as usize);
            i += 1;
        } else {
            let start = i;
            while i < f.len() && f[i].is_ascii_digit() {
                i += 1;
            }
            if i > start {
                spec.width = f[start..i].iter().collect::<String>().parse().ok();
            }
        }
        if i < f.len() && f[i] == '.' {
            i += 1;
            let start = i;
            while i < f.len() && f[i].is_ascii_digit() {
                i += 1;
            }
            spec.precision = Some(f[start..i].iter().collect::<String>().parse().unwrap_or(0));
        }
        while i < f.len() && matches!(f[i], 'l' | 'h' | 'L') {
            i += 1;
        }
        if i >= f.len() {
            return Err(value_error("incomplete format"));
        }
        let conv = f[i];
        i += 1;
        if conv == '%' {
            out.push('%');
            continue;
        }
        if spec.align == Some('<') {
            spec.zero = false;
        }
        let arg = match key_arg.take() {
            Some(a) => a,
            None => next_arg(&mut idx)?,
        };
        let piece = match conv {
            's' | 'r' | 'a' => {
                let s = match conv {
                    's' => ops::str(&arg)?,
                    'r' => ops::repr(&arg)?,
                    _ => ascii(&arg)?,
                };
                let mut s = pystr::as_str(&s).into_owned();
                if let Some(p) = spec.precision {
                    s = s.chars().take(p).collect();
                }
                spec.precision = None;
                spec.zero = false;
                pad(&s, &spec, '>')
            }
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                let v = match kind(&arg) {
                    Kind::Int | Kind::Bool => int::to_bigint(&arg),
                    Kind::Float => {
                        if conv == 'x' || conv == 'X' || conv == 'o' {
                            return Err(type_error(&format!(
                                "%{} format: an integer is required, not float",
                                conv
                            )));
                        }
                        num_bigint::BigInt::from(float::value(&arg).trunc() as i64)
                    }
                    _ => {
                        return Err(type_error(&format!(
                            "%{} format: a {} is required, not {}",
                            conv,
                            if conv == 'x' || conv == 'X' || conv == 'o' {
                                "integer"
                            } else {
                                "real number"
                            },
                            arg.typ().name()
                        )))
                    }
                };
                let ty = match conv {
                    'x' => 'x',
                    'X' => 'X',
                    'o' => 'o',
                    _ => 'd',
                };
                let mut digits = match ty {
                    'd' => v.abs().to_string(),
                    'x' => v.abs().to_str_radix(16),
                    'X' => v.abs().to_str_radix(16).to_uppercase(),
                    _ => v.abs().to_str_radix(8),
                };
                if let Some(p) = spec.precision {
                    while digits.len() < p {
                        digits.insert(0, '0');
                    }
                }
                let prefix = if spec.alternate {
                    match ty {
                        'x' => "0x",
                        'X' => "0X",
                        'o' => "0o",
                        _ => "",
                    }
                } else {
                    ""
                };
                let body = format!(
                    "{}{}{}",
                    sign_prefix(v.is_negative(), &spec),
                    prefix,
                    digits
                );
                spec.precision = None;
                pad(&body, &spec, '>')
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let v = match kind(&arg) {
                    Kind::Float | Kind::Int | Kind::Bool => ops::to_f64(&arg)?,
                    _ => {
                        return Err(type_error(&format!(
                            "must be real number, not {}",
                            arg.typ().name()
                        )))
                    }
                };
                spec.ty = Some(conv);
                if spec.precision.is_none() {
                    spec.precision = Some(6);
                }
                format_float(v, &spec)?
            }
            'c' => {
                let s = if kind(&arg) == Kind::Str {
                    pystr::as_str(&arg).into_owned()
                } else {
                    let cp = ops::index_value(&arg)?;
                    char::from_u32(cp as u32)
                        .map(|c| c.to_string())
                        .ok_or_else(|| {
                            crate::objects::exceptions::overflow_error(
                                "%c arg not in range(0x110000)",
                            )
                        })?
                };
                pad(&s, &spec, '>')
            }
            other => {
                return Err(value_error(&format!(
                    "unsupported format character '{}' (0x{:x}) at index {}",
                    other,
                    other as u32,
                    i - 1
                )));
            }
        };
        out.push_str(&piece);
    }
    if mapping.is_none() && idx < items.len() {
        return Err(type_error(
            "not all arguments converted during string formatting",
        ));
    }
    let _ = r;
    pystr::new_str(&out)
}
