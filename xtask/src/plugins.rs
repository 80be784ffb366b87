//! `cargo xtask plugins`: the routing plugins as WebAssembly components.
//!
//! 1. `rustup target add wasm32-unknown-unknown` (and `wasm32-wasip2` for the one
//!    hostile plugin that imports WASI) when missing;
//! 2. `cargo build --release --target wasm32-unknown-unknown` of the `plugins/`
//!    workspace (its own workspace, excluded from the root one);
//! 3. each core module into a component with `wit-component`'s `ComponentEncoder`
//!    (validated), checked to import nothing and to export the router interface;
//! 4. `target/plugins/<application>.wasm` and `target/plugins/hostile/<name>.wasm`,
//!    and `target/plugins/v2/e-penatausahaan.wasm` (the same plugin's next release,
//!    its `v2` feature, for the host's hot-reload test), with a size report.

use std::path::{Path, PathBuf};
use std::process::Command;

use wasmparser::{Encoding, Parser, Payload};

/// The interface every plugin exports, as named in the component.
const INTERFACE: &str = "loket:routing/router@1.0.0";

/// The routing plugins: the application id (file name) and the crate.
const APPLICATIONS: &[&str] = &[
    "e-planning",
    "e-budgeting",
    "e-penatausahaan",
    "e-controlling",
    "laporangub",
    "tatapraja",
    "website",
];

/// Hostile plugins for the host's sandbox tests, built for wasm32-unknown-unknown.
const HOSTILE: &[&str] = &[
    "infinite-loop",
    "memory-bomb",
    "huge-output",
    "panic",
    "garbage",
    "wrong-version",
    "stateful",
];

/// The hostile plugin built for `wasm32-wasip2`: already a component, importing WASI.
const WASI_CLOCK: &str = "wasi-clock";

/// The plugin also built as its next release (its `v2` feature).
const V2: &str = "e-penatausahaan";

/// Linker settings of every plugin. A 32 KiB stack instead of Rust's 1 MiB: the
/// stack, the static data and the first allocations then fit in one 64 KiB page, so
/// each call's fresh instance has one page to reset (a plugin's memory grows past it
/// only when the call needs more). A deeper stack traps the call, which the host
/// contains.
const RUSTFLAGS: &str = "-C link-arg=-zstack-size=32768";

/// One component written.
struct Built {
    path: PathBuf,
    size: u64,
    imports: Vec<String>,
    exports: Vec<String>,
}

/// Builds every plugin; returns the output folder.
pub fn build() -> Result<PathBuf, String> {
    let root = crate::wasm::root();
    let manifest = root.join("plugins/Cargo.toml");
    let target_dir = root.join("plugins/target");
    let out = root.join("target/plugins");
    ensure_target("wasm32-unknown-unknown")?;
    ensure_target("wasm32-wasip2")?;

    let wasi_crate = format!("loket-plugin-hostile-{WASI_CLOCK}");
    crate::run(
        "cargo build plugins (release, wasm32-unknown-unknown)",
        crate::cargo()
            .args([
                "build",
                "--release",
                "--workspace",
                "--exclude",
                &wasi_crate,
            ])
            .args(["--target", "wasm32-unknown-unknown", "--manifest-path"])
            .arg(&manifest)
            .arg("--target-dir")
            .arg(&target_dir)
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", RUSTFLAGS),
    )?;
    // Its own target folder: built with another feature set into the same one, the
    // cdylib would be rebuilt at every run, once per version.
    let v2_target_dir = target_dir.join("v2");
    crate::run(
        &format!("cargo build {V2} --features v2 (release, wasm32-unknown-unknown)"),
        crate::cargo()
            .args(["build", "--release", "-p", &format!("loket-plugin-{V2}")])
            .args(["--features", "v2", "--target", "wasm32-unknown-unknown"])
            .arg("--manifest-path")
            .arg(&manifest)
            .arg("--target-dir")
            .arg(&v2_target_dir)
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", RUSTFLAGS),
    )?;
    crate::run(
        "cargo build hostile/wasi-clock (release, wasm32-wasip2)",
        crate::cargo()
            .args(["build", "--release", "-p", &wasi_crate])
            .args(["--target", "wasm32-wasip2", "--manifest-path"])
            .arg(&manifest)
            .arg("--target-dir")
            .arg(&target_dir),
    )?;

    let modules = target_dir.join("wasm32-unknown-unknown/release");
    for dir in ["hostile", "v2"] {
        std::fs::create_dir_all(out.join(dir)).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    let mut built = Vec::new();
    for app in APPLICATIONS {
        let module = modules.join(artifact(&format!("loket-plugin-{app}")));
        let b = componentize(&module, &out.join(format!("{app}.wasm")))?;
        require_no_imports(&b)?;
        require_router_export(&b)?;
        built.push(b);
    }
    let module = v2_target_dir
        .join("wasm32-unknown-unknown/release")
        .join(artifact(&format!("loket-plugin-{V2}")));
    let b = componentize(&module, &out.join(format!("v2/{V2}.wasm")))?;
    require_no_imports(&b)?;
    require_router_export(&b)?;
    built.push(b);
    for name in HOSTILE {
        let module = modules.join(artifact(&format!("loket-plugin-hostile-{name}")));
        let b = componentize(&module, &out.join(format!("hostile/{name}.wasm")))?;
        require_no_imports(&b)?;
        built.push(b);
    }
    // Built for wasm32-wasip2, rustc's linker already wrote a component.
    let wasi = target_dir
        .join("wasm32-wasip2/release")
        .join(artifact(&wasi_crate));
    let bytes = read(&wasi)?;
    if !is_component(&bytes)? {
        return Err(format!("{}: expected a component", wasi.display()));
    }
    let dest = out.join(format!("hostile/{WASI_CLOCK}.wasm"));
    write(&dest, &bytes)?;
    let b = inspect(dest, &bytes)?;
    if b.imports.is_empty() {
        return Err(format!(
            "{}: expected WASI imports, found none",
            b.path.display()
        ));
    }
    built.push(b);

    report(&root, &built);
    Ok(out)
}

/// The file cargo writes for a cdylib crate.
fn artifact(crate_name: &str) -> String {
    format!("{}.wasm", crate_name.replace('-', "_"))
}

/// Installs a rustup target when it is missing.
fn ensure_target(target: &str) -> Result<(), String> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == target)
        })
        .unwrap_or(false);
    if installed {
        return Ok(());
    }
    crate::run(
        &format!("rustup target add {target}"),
        Command::new("rustup").args(["target", "add", target]),
    )
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// A core module (with its `component-type` custom section from wit-bindgen) into a
/// validated component at `dest`.
fn componentize(module: &Path, dest: &Path) -> Result<Built, String> {
    let core = read(module)?;
    let component = wit_component::ComponentEncoder::default()
        .module(&core)
        .and_then(|e| e.validate(true).encode())
        .map_err(|e| format!("{}: cannot make a component: {e:#}", module.display()))?;
    write(dest, &component)?;
    inspect(dest.to_path_buf(), &component)
}

fn is_component(bytes: &[u8]) -> Result<bool, String> {
    match Parser::new(0).parse_all(bytes).next() {
        Some(Ok(Payload::Version { encoding, .. })) => Ok(encoding == Encoding::Component),
        Some(Err(e)) => Err(e.to_string()),
        _ => Ok(false),
    }
}

/// The top-level imports and exports of a component.
fn inspect(path: PathBuf, bytes: &[u8]) -> Result<Built, String> {
    let mut depth = 0u32;
    let mut imports = Vec::new();
    let mut exports = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| format!("{}: {e}", path.display()))?;
        match payload {
            Payload::Version { .. } => depth += 1,
            Payload::End(_) => depth = depth.saturating_sub(1),
            Payload::ComponentImportSection(s) if depth == 1 => {
                for i in s {
                    let i = i.map_err(|e| format!("{}: {e}", path.display()))?;
                    imports.push(i.name.name.to_string());
                }
            }
            Payload::ComponentExportSection(s) if depth == 1 => {
                for x in s {
                    let x = x.map_err(|e| format!("{}: {e}", path.display()))?;
                    exports.push(x.name.name.to_string());
                }
            }
            _ => {}
        }
    }
    let size = bytes.len() as u64;
    Ok(Built {
        path,
        size,
        imports,
        exports,
    })
}

fn require_no_imports(b: &Built) -> Result<(), String> {
    if b.imports.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}: a plugin must import nothing, found {}",
            b.path.display(),
            b.imports.join(", ")
        ))
    }
}

fn require_router_export(b: &Built) -> Result<(), String> {
    if b.exports.iter().any(|e| e == INTERFACE) {
        Ok(())
    } else {
        Err(format!(
            "{}: does not export {INTERFACE} (exports: {})",
            b.path.display(),
            b.exports.join(", ")
        ))
    }
}

fn report(root: &Path, built: &[Built]) {
    eprintln!("\n==> plugins ({})", root.join("target/plugins").display());
    for b in built {
        let name = b.path.strip_prefix(root).unwrap_or(&b.path);
        let imports = if b.imports.is_empty() {
            "no imports".to_string()
        } else {
            format!("{} imports (WASI)", b.imports.len())
        };
        eprintln!(
            "  {:<42} {:>8} B  exports {}; {imports}",
            name.display(),
            b.size,
            b.exports.join(", ")
        );
    }
}

/// Routing plugins in JavaScript and Python: (folder, component under
/// `target/plugins/`). The examples route as the Rust e-penatausahaan plugin does
/// (the host's tests compare them on plugins/fixtures/); the hostile ones print or
/// read the clock, which a plugin cannot do.
const LANGUAGE_PLUGINS: &[(&str, &str)] = &[
    ("plugins/js/e-penatausahaan", "js/e-penatausahaan.wasm"),
    (
        "plugins/python/e-penatausahaan",
        "python/e-penatausahaan.wasm",
    ),
    ("plugins/js/hostile/console", "hostile/console-js.wasm"),
    ("plugins/js/hostile/clock", "hostile/clock-js.wasm"),
    ("plugins/python/hostile/prints", "hostile/prints-py.wasm"),
];

/// Builds [`LANGUAGE_PLUGINS`] with this workspace's own `loket plugin build` (as an
/// administrator would), the pinned tools installed into `target/plugin-tools`, and
/// each compiled into the cache the host's tests read (`target/tmp/plugin-cache`).
///
/// `target/debug/loket` is built by `cargo build --workspace --all-targets`, the
/// selection `cargo test` and the JavaScript tests use, so nothing is built twice.
pub fn build_languages() -> Result<(), String> {
    let root = crate::wasm::root();
    crate::run(
        "cargo build --workspace --all-targets (target/debug/loket, for `loket plugin build`)",
        crate::cargo()
            .current_dir(&root)
            .args(["build", "--workspace", "--all-targets"]),
    )?;
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let loket = target.join("debug/loket");
    for (dir, out) in LANGUAGE_PLUGINS {
        crate::run(
            &format!("loket plugin build {dir}"),
            Command::new(&loket)
                .current_dir(&root)
                .args(["plugin", "build"])
                .arg(root.join(dir))
                .arg("--out")
                .arg(target.join("plugins").join(out))
                .arg("--tools")
                .arg(target.join("plugin-tools"))
                .arg("--cache-dir")
                .arg(target.join("tmp/plugin-cache")),
        )?;
    }
    Ok(())
}
