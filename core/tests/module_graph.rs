//! The core's top-level modules form a DAG: no module uses, directly or through
//! others, a module that uses it.
//!
//! The test reads the core's sources, finds every path through the crate
//! (`crate::ticket::…`, `use crate::{error::Error, …}`, `$crate::…`, `super::`
//! climbing to the root) in code (comments and string literals are skipped: a doc
//! link is not a dependency), builds the graph of top-level modules and fails,
//! naming the cycle and where each of its edges is written, when it has one.
//!
//! The crate root (`lib.rs`) declares and re-exports every module, so it uses them
//! all: a module that names an item through the root (`crate::Calendar` rather than
//! `crate::calendar::Calendar`) closes a cycle through it and is refused too.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// The crate root's node.
const ROOT: &str = "crate";

/// Where an edge is first written: file and line.
#[derive(Clone, Debug)]
struct Site {
    file: String,
    line: usize,
    path: String,
}

/// Top-level modules and which use which (from → to → first site).
#[derive(Debug, Default)]
struct Graph {
    modules: BTreeSet<String>,
    edges: BTreeMap<String, BTreeMap<String, Site>>,
}

/// Code with comments and the contents of string and character literals blanked
/// (newlines kept, so line numbers hold).
fn code_only(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let blank = |ch: char| if ch == '\n' { '\n' } else { ' ' };
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let at = |j: usize| c.get(j).copied();
    let mut i = 0;
    while i < c.len() {
        // Line comment (and doc comment).
        if c[i] == '/' && at(i + 1) == Some('/') {
            while i < c.len() && c[i] != '\n' {
                out.push(' ');
                i += 1;
            }
            continue;
        }
        // Block comment, nested.
        if c[i] == '/' && at(i + 1) == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && at(i + 1) == Some('*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if c[i] == '*' && at(i + 1) == Some('/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
            continue;
        }
        let prev_ident = i > 0 && ident(c[i - 1]);
        // Raw string: r"…", r#"…"#, br#"…"#.
        if c[i] == 'r' && (!prev_ident || (i > 0 && c[i - 1] == 'b' && (i < 2 || !ident(c[i - 2]))))
        {
            let mut j = i + 1;
            while j < c.len() && c[j] == '#' {
                j += 1;
            }
            if j < c.len() && c[j] == '"' {
                let hashes = j - i - 1;
                for _ in i..=j {
                    out.push(' ');
                }
                i = j + 1;
                while i < c.len() {
                    if c[i] == '"' && (0..hashes).all(|k| c.get(i + 1 + k) == Some(&'#')) {
                        for _ in 0..=hashes {
                            out.push(' ');
                        }
                        i += 1 + hashes;
                        break;
                    }
                    out.push(blank(c[i]));
                    i += 1;
                }
                continue;
            }
        }
        // String.
        if c[i] == '"' {
            out.push(' ');
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < c.len() {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
            continue;
        }
        // Character literal (not a lifetime or a label).
        if c[i] == '\'' {
            let len = if at(i + 1) == Some('\\') {
                (2..12).find(|k| at(i + *k) == Some('\'')).map(|k| k + 1)
            } else if at(i + 2) == Some('\'') {
                Some(3)
            } else {
                None
            };
            if let Some(len) = len {
                for _ in 0..len {
                    out.push(' ');
                }
                i += len;
                continue;
            }
        }
        out.push(c[i]);
        i += 1;
    }
    out
}

/// The top-level module a source file belongs to (`ROOT` for `lib.rs`), and how
/// deep the file's own module is (`x.rs`, `x/mod.rs`: 1; `x/y.rs`: 2).
fn module_of(rel: &str) -> (String, usize) {
    let parts: Vec<&str> = rel.split('/').collect();
    if parts == ["lib.rs"] {
        return (ROOT.into(), 0);
    }
    let top = parts[0].trim_end_matches(".rs").to_string();
    let depth = if parts.last() == Some(&"mod.rs") {
        parts.len() - 1
    } else {
        parts.len()
    };
    (top, depth)
}

fn is_ident(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_'
}

/// An identifier starting at `i`, if any.
fn ident_at(c: &[char], i: usize) -> Option<String> {
    let s: String = c[i.min(c.len())..]
        .iter()
        .take_while(|ch| is_ident(**ch))
        .collect();
    (!s.is_empty()).then_some(s)
}

fn skip_ws(c: &[char], mut i: usize) -> usize {
    while i < c.len() && c[i].is_whitespace() {
        i += 1;
    }
    i
}

/// After `::` at `i`: the first segments named (one, or each item of a `{…}` group).
fn segments_after(c: &[char], i: usize) -> Vec<String> {
    let i = skip_ws(c, i);
    if c.get(i) != Some(&'{') {
        return ident_at(c, i).into_iter().collect();
    }
    let mut out = Vec::new();
    let (mut depth, mut j, mut start) = (0, i, true);
    while j < c.len() {
        match c[j] {
            '{' => {
                depth += 1;
                start = depth == 1;
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => start = true,
            ch if start && depth == 1 && is_ident(ch) => {
                out.extend(ident_at(c, j));
                start = false;
            }
            _ => {}
        }
        j += 1;
    }
    out
}

/// Every path through the crate root in `code` (blanked by [`code_only`]) of a file
/// whose module is `depth` deep: (line, first segment after the root).
fn root_paths(code: &str, depth: usize) -> Vec<(usize, String)> {
    let c: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    // Brace depths at which inline modules (`mod tests { … }`) opened.
    let mut inline_mods: Vec<usize> = Vec::new();
    let mut braces = 0usize;
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
        }
        if ch == '{' {
            braces += 1;
        }
        if ch == '}' {
            braces = braces.saturating_sub(1);
            while inline_mods.last().is_some_and(|d| *d > braces) {
                inline_mods.pop();
            }
        }
        let boundary = i == 0 || !(is_ident(c[i - 1]) || c[i - 1] == ':');
        if !boundary || !is_ident(ch) {
            i += 1;
            continue;
        }
        let word = ident_at(&c, i).unwrap_or_default();
        let after = skip_ws(&c, i + word.len());
        match word.as_str() {
            "mod" => {
                // `mod name {` opens an inline module; `mod name;` is a file.
                let name_at = skip_ws(&c, after);
                if let Some(name) = ident_at(&c, name_at) {
                    if c.get(skip_ws(&c, name_at + name.len())) == Some(&'{') {
                        inline_mods.push(braces + 1);
                    }
                }
            }
            "crate" if c.get(after) == Some(&':') && c.get(after + 1) == Some(&':') => {
                for s in segments_after(&c, after + 2) {
                    out.push((line, s));
                }
            }
            "super" => {
                // Count `super::` links; reaching the root names a root path.
                let (mut n, mut j) = (0, i);
                while ident_at(&c, j).as_deref() == Some("super")
                    && c.get(skip_ws(&c, j + 5)) == Some(&':')
                {
                    n += 1;
                    j = skip_ws(&c, skip_ws(&c, j + 5) + 2);
                }
                if n > 0 && n == depth + inline_mods.len() {
                    let segs = segments_after(&c, j);
                    out.extend(segs.into_iter().map(|s| (line, s)));
                }
                i = j.max(i + 1);
                continue;
            }
            _ => {}
        }
        i += word.len();
    }
    out
}

/// The graph of `files` (paths relative to `src/`, with their text).
fn graph(files: &[(String, String)]) -> Graph {
    let mut g = Graph::default();
    let lib = files
        .iter()
        .find(|(p, _)| p == "lib.rs")
        .map(|(_, s)| code_only(s))
        .expect("lib.rs");
    // The root's modules: `mod x;` / `pub mod x;` (attributes on lines before).
    for (n, line) in lib.lines().enumerate() {
        let words: Vec<&str> = line
            .split(|ch: char| !(is_ident(ch) || ch == ';'))
            .filter(|w| !w.is_empty())
            .collect();
        for w in words.windows(2) {
            if w[0] == "mod" && w[1].ends_with(';') {
                let m = w[1].trim_end_matches(';').to_string();
                g.modules.insert(m.clone());
                g.edges.entry(ROOT.into()).or_default().insert(
                    m.clone(),
                    Site {
                        file: "lib.rs".into(),
                        line: n + 1,
                        path: format!("mod {m}"),
                    },
                );
            }
        }
    }
    for (rel, text) in files {
        let (from, depth) = module_of(rel);
        if from == ROOT {
            continue;
        }
        for (line, seg) in root_paths(&code_only(text), depth) {
            let to = if g.modules.contains(&seg) {
                seg.clone()
            } else {
                ROOT.to_string()
            };
            if to != from {
                g.edges
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_insert(Site {
                        file: rel.clone(),
                        line,
                        path: format!("crate::{seg}"),
                    });
            }
        }
    }
    g
}

/// The cycles a depth-first search meets (each once, as a list of modules from
/// and back to its first).
fn cycles(g: &Graph) -> Vec<Vec<String>> {
    fn visit(
        g: &Graph,
        m: &str,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        out: &mut Vec<Vec<String>>,
    ) {
        if let Some(at) = stack.iter().position(|s| s == m) {
            let mut c = stack[at..].to_vec();
            c.push(m.to_string());
            out.push(c);
            return;
        }
        if done.contains(m) {
            return;
        }
        stack.push(m.to_string());
        for next in g.edges.get(m).into_iter().flat_map(|e| e.keys()) {
            visit(g, next, stack, done, out);
        }
        stack.pop();
        done.insert(m.to_string());
    }
    let mut out = Vec::new();
    let mut done = BTreeSet::new();
    let starts = std::iter::once(ROOT.to_string()).chain(g.modules.iter().cloned());
    for m in starts {
        visit(g, &m, &mut Vec::new(), &mut done, &mut out);
    }
    out
}

/// A cycle with where each of its edges is written.
fn describe(g: &Graph, cycle: &[String]) -> String {
    let mut s = format!("module cycle: {}\n", cycle.join(" -> "));
    for w in cycle.windows(2) {
        let site = &g.edges[&w[0]][&w[1]];
        let _ = writeln!(
            s,
            "  {} -> {}: src/{}:{} ({})",
            w[0], w[1], site.file, site.line, site.path
        );
    }
    if cycle.iter().any(|m| m == ROOT) {
        s.push_str(
            "  (the crate root declares every module and re-exports their items: name the \
             module that defines an item, e.g. crate::calendar::Calendar, not \
             crate::Calendar, and keep code other modules use out of lib.rs)\n",
        );
    }
    s
}

fn sources(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("read src/") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, base, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(base).expect("under src/");
            let rel = rel.to_string_lossy().replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&path).expect("read a source")));
        }
    }
}

fn core_graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &src, &mut files);
    files.sort();
    graph(&files)
}

#[test]
fn the_core_modules_form_a_dag() {
    let g = core_graph();
    let mut listing = String::new();
    for (from, tos) in &g.edges {
        let tos: Vec<&str> = tos.keys().map(String::as_str).collect();
        let _ = writeln!(listing, "{from} -> {}", tos.join(", "));
    }
    eprintln!("{listing}");
    let found = cycles(&g);
    let report: Vec<String> = found.iter().map(|c| describe(&g, c)).collect();
    assert!(found.is_empty(), "\n{}", report.join("\n"));
}

/// The scan must see the edges it is there to check, or the test above proves
/// nothing.
#[test]
fn the_scan_sees_the_core_edges() {
    let g = core_graph();
    for m in ["calendar", "error", "lang", "ticket", "profile", "policy"] {
        assert!(
            g.modules.contains(m),
            "module {m} not found: {:?}",
            g.modules
        );
    }
    for (from, to) in [
        ("ticket", "calendar"),
        ("ticket", "error"),
        ("ticket", "profile"),
        ("profile", "desk"),
        ("calendar", "error"),
        ("error", "lang"),
    ] {
        assert!(
            g.edges.get(from).is_some_and(|e| e.contains_key(to)),
            "{from} -> {to} not seen: {:?}",
            g.edges.get(from).map(|e| e.keys().collect::<Vec<_>>())
        );
    }
}

fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(p, s)| (p.to_string(), s.to_string()))
        .collect()
}

#[test]
fn a_cycle_is_found_and_named() {
    let g = graph(&files(&[
        (
            "lib.rs",
            "mod a;\npub mod b;\n#[cfg(test)]\nmod c;\nmod lang;",
        ),
        ("a.rs", "use crate::b::X;"),
        ("b/mod.rs", "mod inner;"),
        ("b/inner.rs", "fn f() {\n    crate::c::g()\n}"),
        ("c.rs", "use crate::{lang::Lang, a::Y};"),
    ]));
    assert_eq!(g.modules, ["a", "b", "c", "lang"].map(String::from).into());
    let found = cycles(&g);
    assert_eq!(found, vec![["a", "b", "c", "a"].map(String::from).to_vec()]);
    let text = describe(&g, &found[0]);
    assert!(
        text.contains("b -> c: src/b/inner.rs:2 (crate::c)"),
        "{text}"
    );
}

#[test]
fn comments_literals_and_local_supers_are_not_edges() {
    let g = graph(&files(&[
        ("lib.rs", "mod a;\nmod b;"),
        (
            "a.rs",
            "//! See [`crate::b::X`].\n/* crate::b */ fn f() { let _ = \"crate::b\"; let _ = r#\"crate::b\"#; let _ = '\"'; }\n\
             mod tests { use super::*; fn g<'a>(x: &'a str) {} }\nuse crate::b::Y;",
        ),
        ("b/mod.rs", "mod c;"),
        ("b/c.rs", "use super::Z;\nmod t { use super::super::W; }"),
    ]));
    assert!(cycles(&g).is_empty());
    assert_eq!(g.edges["a"].keys().collect::<Vec<_>>(), ["b"]);
    assert!(!g.edges.contains_key("b"), "{:?}", g.edges.get("b"));
}

#[test]
fn an_item_named_through_the_root_closes_a_cycle() {
    let g = graph(&files(&[
        ("lib.rs", "mod a;\nmod b;\npub use a::Thing;"),
        ("b.rs", "fn f(lang: crate::Thing) {}"),
        ("a/mod.rs", "mod x;"),
        ("a/x.rs", "use super::super::Other;"),
    ]));
    let found = cycles(&g);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(describe(&g, &found[0]).contains("the module that defines an item"));
}
