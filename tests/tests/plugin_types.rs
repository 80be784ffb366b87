//! The TypeScript declarations JavaScript plugin authors get (`plugins/js/sdk/loket.d.ts`,
//! written by `loket plugin new --language js`) are generated here from the routing
//! contract, `plugins/wit/routing.wit`, as componentize-qjs hands its values to
//! JavaScript: the block between the contract markers must be exactly what the WIT
//! gives, or this test fails and says how to refresh it
//! (`LOKET_BLESS=1 cargo test -p loket-tests --test plugin_types`).

use std::path::PathBuf;

use wit_parser::{Resolve, Type, TypeDefKind};

const BEGIN: &str = "// --- contract (generated from routing.wit; keep in the WIT's order) ---\n";
const END: &str = "// --- end of contract ---\n";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn upper_camel(name: &str) -> String {
    name.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn lower_camel(name: &str) -> String {
    let u = upper_camel(name);
    let mut c = u.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

/// The JavaScript name of a named WIT type (`decision` is `DecisionRecord`: the
/// SDK's class `Decision` builds one).
fn type_name(name: &str) -> String {
    match name {
        "decision" => "DecisionRecord".into(),
        n => upper_camel(n),
    }
}

fn ts(resolve: &Resolve, ty: &Type) -> String {
    match ty {
        Type::Bool => "boolean".into(),
        Type::String | Type::Char => "string".into(),
        Type::U8 | Type::U16 | Type::U32 | Type::S8 | Type::S16 | Type::S32 => "number".into(),
        // componentize-qjs hands 64-bit integers to JavaScript as numbers.
        Type::U64 | Type::S64 | Type::F32 | Type::F64 => "number".into(),
        Type::Id(id) => {
            let def = &resolve.types[*id];
            if let Some(n) = &def.name {
                return type_name(n);
            }
            match &def.kind {
                TypeDefKind::List(t) => format!("{}[]", ts(resolve, t)),
                TypeDefKind::Option(t) => format!("{} | null", ts(resolve, t)),
                k => panic!("no TypeScript for {k:?}: extend this generator"),
            }
        }
        Type::ErrorContext => panic!("error-context is not in the contract"),
    }
}

fn generate() -> String {
    let mut resolve = Resolve::default();
    resolve
        .push_file(root().join("plugins/wit/routing.wit"))
        .expect("routing.wit parses");
    let (_, iface) = resolve
        .interfaces
        .iter()
        .find(|(_, i)| i.name.as_deref() == Some("router"))
        .expect("the router interface");
    let mut out = String::from(BEGIN);
    for (name, id) in &iface.types {
        let js = type_name(name);
        let line = match &resolve.types[*id].kind {
            TypeDefKind::Enum(e) => format!(
                "export type {js} = {};",
                e.cases
                    .iter()
                    .map(|c| format!("\"{}\"", c.name))
                    .collect::<Vec<_>>()
                    .join(" | ")
            ),
            TypeDefKind::Record(r) => format!(
                "export interface {js} {{ {} }}",
                r.fields
                    .iter()
                    .map(|f| {
                        let optional = matches!(f.ty, Type::Id(id)
                            if resolve.types[id].name.is_none()
                                && matches!(resolve.types[id].kind, TypeDefKind::Option(_)));
                        format!(
                            "{}{}: {}",
                            lower_camel(&f.name),
                            if optional { "?" } else { "" },
                            ts(&resolve, &f.ty)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            TypeDefKind::Variant(v) => format!(
                "export type {js} = {};",
                v.cases
                    .iter()
                    .map(|c| match &c.ty {
                        None => format!("{{ tag: \"{}\" }}", c.name),
                        Some(t) => format!("{{ tag: \"{}\"; val: {} }}", c.name, ts(&resolve, t)),
                    })
                    .collect::<Vec<_>>()
                    .join(" | ")
            ),
            k => panic!("no TypeScript for {name}: {k:?}"),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(END);
    out
}

#[test]
fn the_javascript_plugin_declarations_match_the_contract() {
    let path = root().join("plugins/js/sdk/loket.d.ts");
    let text = std::fs::read_to_string(&path).expect("loket.d.ts");
    let start = text.find(BEGIN).expect("the contract's begin marker");
    let end = text.find(END).expect("the contract's end marker") + END.len();
    let generated = generate();
    if std::env::var_os("LOKET_BLESS").is_some() {
        let fixed = format!("{}{generated}{}", &text[..start], &text[end..]);
        std::fs::write(&path, fixed).expect("write loket.d.ts");
        return;
    }
    assert_eq!(
        &text[start..end],
        generated,
        "plugins/js/sdk/loket.d.ts is not what plugins/wit/routing.wit gives: \
         LOKET_BLESS=1 cargo test -p loket-tests --test plugin_types"
    );
}
