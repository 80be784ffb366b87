//! `loket plugin new` and `loket plugin build`: routing plugins in Rust, JavaScript
//! or Python, from a folder with a `loket-plugin.toml`.
//!
//! The tools are pinned and installed on first use from the registries, into a tools
//! folder (`--tools`, `$LOKET_PLUGIN_TOOLS`, else `$XDG_CACHE_HOME/loket/tools` or
//! `~/.cache/loket/tools`):
//! - JavaScript: [`COMPONENTIZE_QJS`] from npm (QuickJS, about 1.6 MB per plugin);
//! - Python: [`COMPONENTIZE_PY`] from PyPI, in a virtual environment (CPython,
//!   about 18 MB per plugin);
//! - Rust: `cargo` for `wasm32-unknown-unknown`, then the core module made a
//!   component here with `wit-component`.
//!
//! Every path handed to a tool is absolute: a relative entry is resolved by some of
//! them against another folder than the one it was typed in.

use std::path::{Path, PathBuf};
use std::process::Command;

use clap::{Args, ValueEnum};
use serde::Deserialize;

use super::CliError;

/// componentize-qjs, pinned (npm).
pub const COMPONENTIZE_QJS: (&str, &str) = ("componentize-qjs", "0.4.5");
/// componentize-py, pinned (PyPI).
pub const COMPONENTIZE_PY: (&str, &str) = ("componentize-py", "0.25.1");

/// The contract the host was built with, handed to the tools.
const WIT: &str = include_str!("../../../plugins/wit/routing.wit");
/// The JavaScript SDK and its declarations (generated from the contract, checked by
/// `tests/tests/contracts.rs`).
const JS_SDK: &str = include_str!("../../../plugins/js/sdk/loket.js");
const JS_TYPES: &str = include_str!("../../../plugins/js/sdk/loket.d.ts");
/// The Python SDK.
const PY_SDK: &str = include_str!("../../../plugins/python/sdk/loket_sdk.py");

/// A plugin's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Rust, with the SDK of plugins/sdk.
    Rust,
    /// JavaScript (ES modules), run by QuickJS.
    Js,
    /// Python 3, run by CPython.
    Python,
}

/// `loket plugin new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The plugin's folder to create (its last part names the plugin).
    pub dir: PathBuf,
    /// The plugin's language (`--lang` is taken: it is the language of messages).
    #[arg(long, value_enum)]
    pub language: Lang,
    /// The application it routes for (e-planning, e-budgeting, e-penatausahaan,
    /// e-controlling, laporangub, tatapraja, website, or your desk's own).
    #[arg(long)]
    pub application: String,
    /// Rust only: the folder of the SDK crate (plugins/sdk of the Loket sources).
    #[arg(long)]
    pub sdk: Option<PathBuf>,
}

/// `loket plugin build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The plugin's folder (with its loket-plugin.toml).
    pub dir: PathBuf,
    /// Where to write the component (default: the `out` of loket-plugin.toml, else
    /// `<folder>/<folder name>.wasm`).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// The tools folder (default: $LOKET_PLUGIN_TOOLS, else
    /// $XDG_CACHE_HOME/loket/tools or ~/.cache/loket/tools).
    #[arg(long)]
    pub tools: Option<PathBuf>,
}

/// `loket-plugin.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PluginFile {
    language: Lang,
    /// JavaScript: the module exporting `router`; Python: the module defining
    /// `Router` (`app.py`). Not for Rust (the folder's Cargo.toml).
    entry: Option<String>,
    /// JavaScript: the folder imports may reach (default: the plugin's folder).
    module_root: Option<String>,
    /// Python: more folders on the module path.
    #[serde(default)]
    python_path: Vec<String>,
    /// The component to write, relative to the folder.
    out: Option<String>,
}

fn io(what: &str, path: &Path, e: std::io::Error) -> CliError {
    CliError::Io(format!("{what} {}: {e}", path.display()))
}

fn absolute(p: &Path) -> Result<PathBuf, CliError> {
    std::path::absolute(p).map_err(|e| io("cannot resolve", p, e))
}

/// Creates a plugin folder: the router, the SDK, types, a README and a fixture.
///
/// # Errors
/// The folder exists and is not empty, or cannot be written.
pub fn new(args: &NewArgs) -> Result<Vec<PathBuf>, CliError> {
    let dir = absolute(&args.dir)?;
    if dir.exists()
        && std::fs::read_dir(&dir)
            .map_err(|e| io("cannot read", &dir, e))?
            .next()
            .is_some()
    {
        return Err(CliError::Input(format!(
            "{} exists and is not empty: give a new folder",
            dir.display()
        )));
    }
    let name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.is_empty())
        .ok_or_else(|| CliError::Input(format!("{}: no folder name", dir.display())))?
        .to_string();
    let app = &args.application;
    if app.is_empty()
        || app.len() > 64
        || !app
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(CliError::Input(format!(
            "application `{app}`: expected a product id, lowercase letters, digits and dashes (e.g. e-penatausahaan)"
        )));
    }
    let fixture = format!(
        "{}\n",
        serde_json::json!({
            "number": "JTG-2024-000001",
            "intake": {
                "channel": "whatsapp",
                "application": app,
                "kind": "complaint",
                "body": "Tidak bisa login sejak pagi, muncul error 500 saat menyimpan data.",
                "reporter": {"name": "Sri"},
                "receivedAt": "2024-03-04T08:15:00+07:00"
            }
        })
    );
    let files: Vec<(String, String)> = match args.language {
        Lang::Js => vec![
            (
                "loket-plugin.toml".into(),
                format!("language = \"js\"\nentry = \"router.js\"\nout = \"{name}.wasm\"\n"),
            ),
            ("router.js".into(), js_template(&name, app)),
            ("loket.js".into(), JS_SDK.into()),
            ("loket.d.ts".into(), JS_TYPES.into()),
            (
                "jsconfig.json".into(),
                "{\n  \"compilerOptions\": { \"checkJs\": true, \"strict\": true, \"module\": \"es2022\", \"target\": \"es2022\", \"noEmit\": true },\n  \"files\": [\"router.js\"]\n}\n".into(),
            ),
        ],
        Lang::Python => vec![
            (
                "loket-plugin.toml".into(),
                format!("language = \"python\"\nentry = \"app.py\"\nout = \"{name}.wasm\"\n"),
            ),
            ("app.py".into(), py_template(&name, app)),
            ("loket_sdk.py".into(), PY_SDK.into()),
        ],
        Lang::Rust => {
            let sdk = match &args.sdk {
                Some(s) => absolute(s)?,
                None => {
                    return Err(CliError::Input(
                        "a Rust plugin needs --sdk, the folder plugins/sdk of the Loket sources"
                            .into(),
                    ))
                }
            };
            if !sdk.join("Cargo.toml").is_file() {
                return Err(CliError::Input(format!(
                    "--sdk {}: no Cargo.toml there; expected the folder plugins/sdk of the Loket sources",
                    sdk.display()
                )));
            }
            vec![
                (
                    "loket-plugin.toml".into(),
                    format!("language = \"rust\"\nout = \"{name}.wasm\"\n"),
                ),
                (
                    "Cargo.toml".into(),
                    format!(
                        "[package]\nname = \"{name}\"\nversion = \"1.0.0\"\nedition = \"2021\"\n\n[lib]\ncrate-type = [\"cdylib\"]\n\n[dependencies]\nloket-plugin-sdk = {{ path = {:?} }}\n\n# Its own workspace: not a member of another.\n[workspace]\n\n[profile.release]\nopt-level = 3\nlto = true\ncodegen-units = 1\npanic = \"abort\"\nstrip = \"debuginfo\"\n",
                        sdk.display().to_string()
                    ),
                ),
                ("src/lib.rs".into(), rust_template(&name, app)),
            ]
        }
    };
    let mut files = files;
    files.push(("fixture.jsonl".into(), fixture));
    files.push(("README.md".into(), readme(&name, app, args.language)));
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io("cannot create", parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| io("cannot write", &path, e))?;
        written.push(path);
    }
    Ok(written)
}

/// Builds the plugin in `args.dir` into a component; returns its path.
///
/// # Errors
/// No or a bad loket-plugin.toml, a tool that cannot be installed, or the build's
/// own errors (shown as the tool printed them).
pub fn build(args: &BuildArgs) -> Result<PathBuf, CliError> {
    let dir = absolute(&args.dir)?;
    let toml_path = dir.join("loket-plugin.toml");
    let text = std::fs::read_to_string(&toml_path).map_err(|e| {
        CliError::Input(format!(
            "{}: {e}; a plugin folder has a loket-plugin.toml (`loket plugin new` writes one)",
            toml_path.display()
        ))
    })?;
    let file: PluginFile = toml::from_str(&text).map_err(|e| {
        CliError::Input(format!(
            "{}: {} (expected language = \"rust\" | \"js\" | \"python\", and entry, module_root, python_path, out)",
            toml_path.display(),
            e.message()
        ))
    })?;
    let name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("plugin")
        .to_string();
    let out = match (&args.out, &file.out) {
        (Some(o), _) => absolute(o)?,
        (None, Some(o)) => dir.join(o),
        (None, None) => dir.join(format!("{name}.wasm")),
    };
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io("cannot create", parent, e))?;
    }
    let tools = match &args.tools {
        Some(t) => absolute(t)?,
        None => default_tools()?,
    };
    let wit = tools.join("wit").join("routing.wit");
    std::fs::create_dir_all(tools.join("wit")).map_err(|e| io("cannot create", &tools, e))?;
    std::fs::write(&wit, WIT).map_err(|e| io("cannot write", &wit, e))?;
    let entry = |default: &str| -> Result<PathBuf, CliError> {
        let e = dir.join(file.entry.as_deref().unwrap_or(default));
        if !e.is_file() {
            return Err(CliError::Input(format!(
                "the entry {} does not exist (loket-plugin.toml's `entry`)",
                e.display()
            )));
        }
        Ok(e)
    };
    match file.language {
        Lang::Js => {
            let entry = entry("router.js")?;
            let root = match &file.module_root {
                Some(r) => absolute(&dir.join(r))?,
                None => dir.clone(),
            };
            let bin = install_js(&tools)?;
            run(Command::new(&bin)
                .arg("--wit")
                .arg(&wit)
                .arg("--js")
                .arg(&entry)
                .arg("--module-root")
                .arg(&root)
                .args(["--world", "plugin", "--stub-wasi", "--sync", "--output"])
                .arg(&out))?;
        }
        Lang::Python => {
            let entry = entry("app.py")?;
            let module = entry
                .file_stem()
                .and_then(|s| s.to_str())
                .ok_or_else(|| CliError::Input(format!("{}: not a module", entry.display())))?
                .to_string();
            let bin = install_py(&tools)?;
            // Bindings beside the code, for editors and type checkers (the build
            // generates its own): `bindings/` is the build's, written anew each time.
            let bindings = dir.join("bindings");
            if bindings.exists() {
                std::fs::remove_dir_all(&bindings)
                    .map_err(|e| io("cannot replace", &bindings, e))?;
            }
            run(Command::new(&bin)
                .arg("-d")
                .arg(&wit)
                .args(["-w", "plugin", "bindings"])
                .arg(dir.join("bindings")))?;
            let mut cmd = Command::new(&bin);
            cmd.arg("-d")
                .arg(&wit)
                .args(["-w", "plugin", "componentize", "--stub-wasi", "-p"])
                .arg(entry.parent().unwrap_or(&dir));
            for p in &file.python_path {
                cmd.arg("-p").arg(absolute(&dir.join(p))?);
            }
            run(cmd.arg(&module).arg("-o").arg(&out))?;
        }
        Lang::Rust => build_rust(&dir, &out)?,
    }
    Ok(out)
}

fn default_tools() -> Result<PathBuf, CliError> {
    if let Some(t) = std::env::var_os("LOKET_PLUGIN_TOOLS").filter(|v| !v.is_empty()) {
        return absolute(Path::new(&t));
    }
    // Beside the compiled plugins' cache: `<cache>/loket/tools`.
    loket_plugin_host::default_cache_dir()
        .and_then(|plugins| plugins.parent().map(|loket| loket.join("tools")))
        .ok_or_else(|| {
            CliError::Input("no tools folder: set --tools, LOKET_PLUGIN_TOOLS or HOME".into())
        })
}

fn shown(e: &CliError) -> String {
    match e {
        CliError::Io(m) | CliError::Input(m) => m.clone(),
        other => format!("{other:?}"),
    }
}

/// Runs a tool, its output passed through; fails with its exit status.
fn run(cmd: &mut Command) -> Result<(), CliError> {
    let shown = format!(
        "{} {}",
        cmd.get_program().to_string_lossy(),
        cmd.get_args()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    );
    eprintln!("==> {shown}");
    let status = cmd
        .status()
        .map_err(|e| CliError::Io(format!("cannot run {shown}: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(CliError::Input(format!("{shown} failed ({status})")))
    }
}

/// componentize-qjs in `<tools>/js`, installed from npm when missing or another
/// version.
fn install_js(tools: &Path) -> Result<PathBuf, CliError> {
    let (pkg, version) = COMPONENTIZE_QJS;
    let prefix = tools.join("js");
    let bin = prefix.join("node_modules/.bin").join(pkg);
    let installed =
        std::fs::read_to_string(prefix.join("node_modules").join(pkg).join("package.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| v["version"].as_str().map(str::to_string));
    if !bin.exists() || installed.as_deref() != Some(version) {
        std::fs::create_dir_all(&prefix).map_err(|e| io("cannot create", &prefix, e))?;
        run(Command::new("npm")
            .current_dir(&prefix)
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg(format!("{pkg}@{version}")))
        .map_err(|e| {
            CliError::Io(format!(
                "{} (JavaScript plugins need Node.js and npm to install {pkg})",
                shown(&e)
            ))
        })?;
    }
    Ok(bin)
}

/// componentize-py in a virtual environment `<tools>/python`, installed from PyPI
/// when missing or another version.
fn install_py(tools: &Path) -> Result<PathBuf, CliError> {
    let (pkg, version) = COMPONENTIZE_PY;
    let venv = tools.join("python");
    let bin = venv.join("bin").join(pkg);
    let marker = venv.join(format!("{pkg}-{version}.installed"));
    if !bin.exists() || !marker.exists() {
        if !venv.join("bin/pip").exists() {
            run(Command::new("python3").args(["-m", "venv"]).arg(&venv)).map_err(|e| {
                CliError::Io(format!(
                    "{} (Python plugins need python3 with venv to install {pkg})",
                    shown(&e)
                ))
            })?;
        }
        run(Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("{pkg}=={version}")))?;
        std::fs::write(&marker, "").map_err(|e| io("cannot write", &marker, e))?;
    }
    Ok(bin)
}

/// `cargo build` for wasm32-unknown-unknown, then the core module as a component.
fn build_rust(dir: &Path, out: &Path) -> Result<(), CliError> {
    let manifest = dir.join("Cargo.toml");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!(
        "==> cargo build --release --target wasm32-unknown-unknown ({})",
        manifest.display()
    );
    let output = Command::new(cargo)
        .args([
            "build",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "--message-format=json-render-diagnostics",
            "--manifest-path",
        ])
        .arg(&manifest)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| CliError::Io(format!("cannot run cargo: {e}")))?;
    if !output.status.success() {
        return Err(CliError::Input(format!(
            "cargo build failed ({}); is the target installed? `rustup target add wasm32-unknown-unknown`",
            output.status
        )));
    }
    let module = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["reason"] == "compiler-artifact")
        .filter_map(|v| {
            v["filenames"].as_array().and_then(|f| {
                f.iter()
                    .filter_map(|x| x.as_str())
                    .find(|x| x.ends_with(".wasm"))
                    .map(PathBuf::from)
            })
        })
        .next_back()
        .ok_or_else(|| {
            CliError::Input(format!(
                "cargo built no .wasm for {}: is it a `cdylib` crate?",
                manifest.display()
            ))
        })?;
    let core = std::fs::read(&module).map_err(|e| io("cannot read", &module, e))?;
    let component = wit_component::ComponentEncoder::default()
        .module(&core)
        .and_then(|e| e.validate(true).encode())
        .map_err(|e| {
            CliError::Input(format!(
                "{}: cannot make a component: {e:#}; does the crate call loket_plugin_sdk::export!?",
                module.display()
            ))
        })?;
    std::fs::write(out, component).map_err(|e| io("cannot write", out, e))
}

fn js_template(name: &str, app: &str) -> String {
    format!(
        r#"// @ts-check
// Routing plugin `{name}` for {app}, in JavaScript (run by QuickJS in Loket's sandbox).
//
// Build:  loket plugin build .
// Check:  loket plugin check {name}.wasm
// Try:    loket plugin run {name}.wasm --ticket fixture.jsonl
//
// A plugin has no clock, no output, no network and no randomness: use `ctx.now`
// (unix seconds), and put words for staff in the decision's reason. `console.log`
// and `Date.now()` are recorded as a failure and the ticket goes to the default
// router. The same ticket must always get the same decision.

import {{ BLOCKING, Decision, leastLoaded, manifest, mentionsAny }} from "./loket.js";

/** @type {{import("./loket").Router}} */
export const router = {{
  manifest() {{
    return manifest("{name}", "1.0.0", "{app}");
  }},

  route(view, ctx) {{
    // As the default router: a received message becomes a ticket for the
    // application's staff, assigned to the least-loaded member.
    const d = Decision.intake(view, leastLoaded(ctx.roster));
    if (mentionsAny(view, BLOCKING)) {{
      d.raisePriority(view, "high").andBecause("pelapor tidak bisa bekerja");
    }}
    return d;
  }},
}};
"#
    )
}

fn py_template(name: &str, app: &str) -> String {
    format!(
        r#""""Routing plugin `{name}` for {app}, in Python (run by CPython in Loket's sandbox).

Build:  loket plugin build .
Check:  loket plugin check {name}.wasm
Try:    loket plugin run {name}.wasm --ticket fixture.jsonl

A plugin has no clock, no output, no network and no randomness: use `ctx.now` (unix
seconds), and put words for staff in the decision's reason. `print()` and
`time.time()` are recorded as a failure and the ticket goes to the default router.
The same ticket must always get the same decision. The types are in
bindings/wit_world/exports/router.py (written by `loket plugin build`).
"""

from wit_world import exports
from wit_world.exports import router as r

from loket_sdk import BLOCKING, Decision, least_loaded, manifest, mentions_any


class Router(exports.Router):
    def manifest(self) -> r.PluginManifest:
        return manifest("{name}", "1.0.0", "{app}")

    def route(self, view: r.TicketView, ctx: r.Context) -> r.Decision:
        # As the default router: a received message becomes a ticket for the
        # application's staff, assigned to the least-loaded member.
        d = Decision.intake(view, least_loaded(ctx.roster))
        if mentions_any(view, BLOCKING):
            d.raise_priority(view, r.Priority.HIGH).and_because("pelapor tidak bisa bekerja")
        return d.build()
"#
    )
}

fn rust_template(name: &str, app: &str) -> String {
    format!(
        r#"//! Routing plugin `{name}` for {app}.
//!
//! Build: `loket plugin build .`; check: `loket plugin check {name}.wasm`.

use loket_plugin_sdk::{{
    least_loaded, mentions_any, Context, Decision, Manifest, Plugin, Priority, TicketView,
    BLOCKING,
}};

/// The router.
pub struct Router;

impl Plugin for Router {{
    fn manifest() -> Manifest {{
        Manifest::new("{name}", "1.0.0", "{app}")
    }}

    fn route(view: &TicketView, ctx: &Context) -> Result<Decision, String> {{
        // As the default router: a received message becomes a ticket for the
        // application's staff, assigned to the least-loaded member.
        let mut d = Decision::intake(view, least_loaded(&ctx.roster));
        if mentions_any(view, BLOCKING) {{
            d = d
                .raise_priority(view, Priority::High)
                .and_because("pelapor tidak bisa bekerja");
        }}
        Ok(d)
    }}
}}

loket_plugin_sdk::export!(Router);
"#
    )
}

fn readme(name: &str, app: &str, lang: Lang) -> String {
    let (code, lang_name) = match lang {
        Lang::Js => ("router.js", "JavaScript"),
        Lang::Python => ("app.py", "Python"),
        Lang::Rust => ("src/lib.rs", "Rust"),
    };
    format!(
        r#"# {name}

A Loket routing plugin for `{app}`, in {lang_name}. The router is `{code}`.

```sh
loket plugin build .                                    # {name}.wasm (installs the pinned tools once)
loket plugin check {name}.wasm                          # contract, limits, a trial on sample tickets
loket plugin run {name}.wasm --ticket fixture.jsonl     # its decision on one ticket
loket plugin bench {name}.wasm                          # calls per second, p50/p99
```

Install it on a desk: copy `{name}.wasm` into the desk's `--plugins` folder and
reload (`POST /api/v1/admin/plugins/reload`), or upload it:
`curl -X PUT --data-binary @{name}.wasm -H "Authorization: Bearer $TOKEN" http://desk/api/v1/admin/plugins/{app}`.
The old version keeps routing until the new one is compiled and checked.

Limits (fuel, memory, calls at once) have defaults per language; an administrator
changes them in `{name}.toml` beside the `.wasm` on the desk (see the Loket
plugins/README.md, "Limits").

`bindings/` (Python) is written anew by each build: the contract's types, for your
editor; keep nothing of your own there.

The rules: the plugin decides from the ticket and `ctx` alone. There is no clock
(use `ctx.now`), no output (`print`/`console.log` fail the call), no network, no
files, no randomness, and nothing kept from one call to the next.
"#
    )
}
