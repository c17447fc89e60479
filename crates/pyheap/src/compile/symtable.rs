//! The symbol table: which names each scope binds, and whether each name is local, global,
//! a cell (local but captured by an inner function) or free (captured from outside).
//!
//! Scopes are module, class, function, lambda and comprehension (comprehensions are
//! functions in 3.11). Resolution follows CPython's `symtable.c`: a name assigned in a
//! function is local unless declared `global`/`nonlocal`; a name only used is free if an
//! enclosing function binds it, else global; class bodies do not enclose their methods.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    Lambda,
    Comprehension,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameScope {
    Local,
    GlobalExplicit,
    GlobalImplicit,
    Free,
    Cell,
}

#[derive(Default, Clone, Copy, Debug)]
pub struct SymFlags {
    pub assigned: bool,
    pub param: bool,
    pub used: bool,
    pub global: bool,
    pub nonlocal: bool,
    /// Bound by an import statement (CPython's `DEF_IMPORT`).
    pub imported: bool,
}

#[derive(Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    pub name: String,
    /// Names in order of first appearance.
    pub order: Vec<String>,
    pub flags: HashMap<String, SymFlags>,
    pub params: Vec<String>,
    pub children: Vec<usize>,
    pub parent: Option<usize>,
    pub resolved: HashMap<String, NameScope>,
    pub is_generator: bool,
    /// A method that uses `super()` or `__class__`: the class gets a `__class__` cell.
    pub needs_class_cell: bool,
    /// Names a class body binds itself and its methods take from an enclosing function
    /// (CPython's `DEF_FREE_CLASS`): local in the class namespace, and free variables of
    /// the class code too, so that it can pass their cells on to its methods.
    pub class_free: Vec<String>,
}

impl Scope {
    fn new(kind: ScopeKind, name: &str, parent: Option<usize>) -> Scope {
        Scope {
            kind,
            name: name.to_string(),
            order: Vec::new(),
            flags: HashMap::new(),
            params: Vec::new(),
            children: Vec::new(),
            parent,
            resolved: HashMap::new(),
            is_generator: false,
            needs_class_cell: false,
            class_free: Vec::new(),
        }
    }

    fn flag(&mut self, name: &str) -> &mut SymFlags {
        if !self.flags.contains_key(name) {
            self.order.push(name.to_string());
        }
        self.flags.entry(name.to_string()).or_default()
    }

    pub fn scope_of(&self, name: &str) -> NameScope {
        match self.resolved.get(name) {
            Some(s) => *s,
            None => NameScope::GlobalImplicit,
        }
    }

    pub fn is_function_like(&self) -> bool {
        matches!(
            self.kind,
            ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Comprehension
        )
    }

    /// Cell variable names, sorted as CPython sorts them.
    pub fn cellvars(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .resolved
            .iter()
            .filter(|(_, s)| **s == NameScope::Cell)
            .map(|(n, _)| n.clone())
            .collect();
        v.sort();
        v
    }

    pub fn freevars(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .resolved
            .iter()
            .filter(|(_, s)| **s == NameScope::Free)
            .map(|(n, _)| n.clone())
            .chain(self.class_free.iter().cloned())
            .collect();
        v.sort();
        v
    }
}

/// Errors found while building the table (reported as SyntaxError).
#[derive(Debug)]
pub struct SymtableError {
    pub msg: String,
    pub offset: u32,
}

pub struct SymbolTable {
    pub scopes: Vec<Scope>,
    /// Scope id by AST node address.
    pub by_node: HashMap<usize, usize>,
}

impl SymbolTable {
    pub fn scope_for<T>(&self, node: &T) -> usize {
        self.by_node
            .get(&(node as *const T as usize))
            .copied()
            .unwrap_or(0)
    }
}

struct Builder {
    scopes: Vec<Scope>,
    by_node: HashMap<usize, usize>,
    current: usize,
    error: Option<SymtableError>,
}

pub fn build(module: &ast::ModModule) -> Result<SymbolTable, SymtableError> {
    let mut b = Builder {
        scopes: vec![Scope::new(ScopeKind::Module, "<module>", None)],
        by_node: HashMap::new(),
        current: 0,
        error: None,
    };
    for s in &module.body {
        b.visit_stmt(s);
    }
    if let Some(e) = b.error {
        return Err(e);
    }
    // A name declared `global` in any function or class is global in the module body
    // too: CPython's module code then uses LOAD_GLOBAL/STORE_GLOBAL for it.
    let declared: Vec<String> = b.scopes[1..]
        .iter()
        .flat_map(|sc| {
            sc.flags
                .iter()
                .filter(|(_, f)| f.global)
                .map(|(n, _)| n.clone())
        })
        .collect();
    for n in declared {
        b.scopes[0].flag(&n).global = true;
    }
    let mut t = SymbolTable {
        scopes: b.scopes,
        by_node: b.by_node,
    };
    resolve(&mut t, 0, &[])?;
    Ok(t)
}

impl Builder {
    fn scope(&mut self) -> &mut Scope {
        &mut self.scopes[self.current]
    }

    fn push<T>(&mut self, node: &T, kind: ScopeKind, name: &str) -> usize {
        let id = self.scopes.len();
        self.scopes.push(Scope::new(kind, name, Some(self.current)));
        self.scopes[self.current].children.push(id);
        self.by_node.insert(node as *const T as usize, id);
        let prev = self.current;
        self.current = id;
        prev
    }

    fn assign(&mut self, name: &str) {
        self.scope().flag(name).assigned = true;
    }

    fn use_name(&mut self, name: &str) {
        self.scope().flag(name).used = true;
    }

    /// Parameters in CPython's `co_varnames` order: positional, keyword-only, `*args`,
    /// `**kwargs`.
    fn params(&mut self, p: &ast::Parameters) {
        for a in p.posonlyargs.iter().chain(p.args.iter()) {
            self.param(a.name().as_str());
        }
        for a in &p.kwonlyargs {
            self.param(a.name().as_str());
        }
        if let Some(v) = &p.vararg {
            self.param(v.name.as_str());
        }
        if let Some(k) = &p.kwarg {
            self.param(k.name.as_str());
        }
    }

    fn param(&mut self, name: &str) {
        let s = self.scope();
        if s.params.iter().any(|p| p == name) && self.error.is_none() {
            self.error = Some(SymtableError {
                msg: format!("duplicate argument '{}' in function definition", name),
                offset: 0,
            });
        }
        let s = self.scope();
        s.params.push(name.to_string());
        let f = s.flag(name);
        f.param = true;
        f.assigned = true;
    }

    fn defaults(&mut self, p: &ast::Parameters) {
        for a in p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .chain(p.kwonlyargs.iter())
        {
            if let Some(d) = &a.default {
                self.visit_expr(d);
            }
        }
    }

    fn annotations(&mut self, p: &ast::Parameters) {
        for a in p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .chain(p.kwonlyargs.iter())
        {
            if let Some(an) = &a.parameter.annotation {
                self.visit_expr(an);
            }
        }
        for a in p.vararg.iter().chain(p.kwarg.iter()) {
            if let Some(an) = &a.annotation {
                self.visit_expr(an);
            }
        }
    }

    fn comprehension(
        &mut self,
        node_addr: usize,
        generators: &[ast::Comprehension],
        elts: &[&Expr],
        is_gen: bool,
    ) {
        // The first iterable is evaluated in the enclosing scope.
        if let Some(first) = generators.first() {
            self.visit_expr(&first.iter);
        }
        let id = self.scopes.len();
        self.scopes.push(Scope::new(
            ScopeKind::Comprehension,
            if is_gen { "<genexpr>" } else { "<listcomp>" },
            Some(self.current),
        ));
        self.scopes[self.current].children.push(id);
        self.by_node.insert(node_addr, id);
        let prev = self.current;
        self.current = id;
        self.param(".0");
        self.scopes[id].is_generator = is_gen;
        for (i, g) in generators.iter().enumerate() {
            if i > 0 {
                self.visit_expr(&g.iter);
            }
            self.visit_expr(&g.target);
            for c in &g.ifs {
                self.visit_expr(c);
            }
        }
        for e in elts {
            self.visit_expr(e);
        }
        self.current = prev;
    }
}

impl<'a> Visitor<'a> for Builder {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.visit_expr(&d.expression);
                }
                self.defaults(&f.parameters);
                self.annotations(&f.parameters);
                if let Some(r) = &f.returns {
                    self.visit_expr(r);
                }
                self.assign(f.name.as_str());
                let prev = self.push(f, ScopeKind::Function, f.name.as_str());
                self.params(&f.parameters);
                for s in &f.body {
                    self.visit_stmt(s);
                }
                self.current = prev;
            }
            Stmt::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.visit_expr(&d.expression);
                }
                if let Some(args) = &c.arguments {
                    for a in args.args.iter() {
                        self.visit_expr(a);
                    }
                    for k in args.keywords.iter() {
                        self.visit_expr(&k.value);
                    }
                }
                self.assign(c.name.as_str());
                let prev = self.push(c, ScopeKind::Class, c.name.as_str());
                for s in &c.body {
                    self.visit_stmt(s);
                }
                self.current = prev;
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    let f = self.scope().flag(n.as_str());
                    f.global = true;
                }
            }
            Stmt::Nonlocal(g) => {
                for n in &g.names {
                    let f = self.scope().flag(n.as_str());
                    f.nonlocal = true;
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let name = match &a.asname {
                        Some(n) => n.as_str().to_string(),
                        None => a.name.as_str().split('.').next().unwrap_or("").to_string(),
                    };
                    self.assign(&name);
                    self.scope().flag(&name).imported = true;
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    let name = a.asname.as_ref().unwrap_or(&a.name).as_str().to_string();
                    if name != "*" {
                        self.assign(&name);
                        self.scope().flag(&name).imported = true;
                    }
                }
            }
            Stmt::Try(t) => {
                for s in &t.body {
                    self.visit_stmt(s);
                }
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.visit_expr(ty);
                    }
                    if let Some(n) = &h.name {
                        self.assign(n.as_str());
                    }
                    for s in &h.body {
                        self.visit_stmt(s);
                    }
                }
                for s in t.orelse.iter().chain(t.finalbody.iter()) {
                    self.visit_stmt(s);
                }
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(n) => match n.ctx {
                ExprContext::Load => {
                    self.use_name(n.id.as_str());
                    if n.id.as_str() == "super" && self.scope().is_function_like() {
                        self.scope().needs_class_cell = true;
                    }
                }
                _ => self.assign(n.id.as_str()),
            },
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.defaults(p);
                }
                let prev = self.push(l, ScopeKind::Lambda, "<lambda>");
                if let Some(p) = &l.parameters {
                    self.params(p);
                }
                self.visit_expr(&l.body);
                self.current = prev;
            }
            Expr::ListComp(c) => {
                self.comprehension(c as *const _ as usize, &c.generators, &[&c.elt], false)
            }
            Expr::SetComp(c) => {
                self.comprehension(c as *const _ as usize, &c.generators, &[&c.elt], false)
            }
            Expr::Generator(c) => {
                self.comprehension(c as *const _ as usize, &c.generators, &[&c.elt], true)
            }
            Expr::DictComp(c) => {
                let mut elts: Vec<&Expr> = Vec::new();
                if let Some(k) = &c.key {
                    elts.push(k);
                }
                elts.push(&c.value);
                self.comprehension(c as *const _ as usize, &c.generators, &elts, false)
            }
            Expr::Named(n) => {
                self.visit_expr(&n.value);
                if let Expr::Name(t) = &*n.target {
                    // The walrus binds in the nearest non-comprehension scope.
                    let mut s = self.current;
                    while self.scopes[s].kind == ScopeKind::Comprehension {
                        let name = t.id.as_str().to_string();
                        self.scopes[s].flag(&name).nonlocal = true;
                        s = self.scopes[s].parent.unwrap_or(0);
                    }
                    self.scopes[s].flag(t.id.as_str()).assigned = true;
                }
            }
            Expr::Yield(_) | Expr::YieldFrom(_) => {
                self.scope().is_generator = true;
                visitor::walk_expr(self, expr);
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

/// Resolves every scope's names, top-down. `bound` lists names bound by enclosing function
/// scopes (candidates for free variables).
fn resolve(t: &mut SymbolTable, id: usize, bound: &[String]) -> Result<(), SymtableError> {
    let kind = t.scopes[id].kind;
    let names: Vec<String> = t.scopes[id].order.clone();
    let mut resolved = HashMap::new();
    for n in &names {
        let f = t.scopes[id].flags[n];
        let s = if f.global {
            NameScope::GlobalExplicit
        } else if f.nonlocal {
            if !bound.contains(n) {
                return Err(SymtableError {
                    msg: format!("no binding for nonlocal '{}' found", n),
                    offset: 0,
                });
            }
            NameScope::Free
        } else if f.assigned || f.param {
            NameScope::Local
        } else if kind != ScopeKind::Module && bound.contains(n) {
            NameScope::Free
        } else {
            NameScope::GlobalImplicit
        };
        resolved.insert(n.clone(), s);
    }
    if t.scopes[id].needs_class_cell && bound.iter().any(|b| b == "__class__") {
        resolved.insert("__class__".to_string(), NameScope::Free);
    }
    t.scopes[id].resolved = resolved;
    // Names visible to children as enclosing bindings.
    let mut child_bound: Vec<String> = bound.to_vec();
    if t.scopes[id].is_function_like() {
        for (n, s) in &t.scopes[id].resolved {
            if matches!(s, NameScope::Local | NameScope::Free) && !child_bound.contains(n) {
                child_bound.push(n.clone());
            }
        }
    }
    if kind == ScopeKind::Class {
        child_bound.push("__class__".to_string());
    }
    let children = t.scopes[id].children.clone();
    for &c in &children {
        resolve(t, c, &child_bound)?;
        // Free names of a child that this scope binds become cells here; otherwise they
        // pass through as free names of this scope too.
        let child_free: Vec<String> = t.scopes[c].freevars();
        for n in child_free {
            let here = t.scopes[id].resolved.get(&n).copied();
            match here {
                Some(NameScope::Local) | Some(NameScope::Cell)
                    if t.scopes[id].is_function_like() =>
                {
                    t.scopes[id].resolved.insert(n, NameScope::Cell);
                }
                _ if kind == ScopeKind::Class && n == "__class__" => {
                    t.scopes[id].resolved.insert(n, NameScope::Cell);
                }
                Some(NameScope::Free) => {}
                Some(NameScope::Local | NameScope::GlobalExplicit)
                    if kind == ScopeKind::Class && bound.contains(&n) =>
                {
                    if !t.scopes[id].class_free.contains(&n) {
                        t.scopes[id].class_free.push(n);
                    }
                }
                Some(_) if kind == ScopeKind::Class => {}
                _ => {
                    if kind != ScopeKind::Module {
                        t.scopes[id].resolved.insert(n, NameScope::Free);
                    }
                }
            }
        }
        if t.scopes[c].needs_class_cell && kind == ScopeKind::Class {
            t.scopes[id]
                .resolved
                .insert("__class__".into(), NameScope::Cell);
        }
    }
    Ok(())
}
