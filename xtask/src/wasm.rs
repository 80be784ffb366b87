//! `cargo xtask wasm`: the npm package `loket-wasm`, built from crates.io, rustup and
//! the npm registry alone (no wasm-pack, no binary downloads).
//!
//! 1. `cargo build -p loket-wasm --target wasm32-unknown-unknown --profile wasm-release`
//!    with the pinned nightly toolchain ([`NIGHTLY`]), the standard library rebuilt for
//!    size (`build-std`, `optimize_for_size`, `panic=immediate-abort`), and only the
//!    time zones a desk needs compiled in (chrono-tz's filter);
//! 2. the JavaScript glue and `.d.ts` by `wasm-bindgen-cli-support` (the library of
//!    `wasm-bindgen-cli`, the exact version of the `wasm-bindgen` crate);
//! 3. `wasm-opt -Oz` from the npm package `binaryen`, and the glue minified by the
//!    npm package `terser`;
//! 4. `package.json`, the Node.js entry and the README, into `target/npm/loket-wasm`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Zones compiled into the package's main and report entries: Indonesia's four, UTC,
/// and two zones with daylight saving time (so that wasm and native can be compared
/// on DST calendars). A calendar naming another zone is refused by the browser build
/// with `calendar.unknown_timezone`; the native CLI and host know every IANA zone.
pub const ZONES: &str =
    "^(Asia/(Jakarta|Pontianak|Makassar|Jayapura)|UTC|Europe/Berlin|America/New_York)$";

/// Zones compiled into the SLA-only entry, the smallest: only those a desk in
/// Indonesia names (4 KB of gzip less than with the two DST zones).
pub const SLA_ZONES: &str = "^(Asia/(Jakarta|Pontianak|Makassar|Jayapura)|UTC)$";

/// The nightly toolchain the package's `.wasm` is built with (installed by rustup with
/// its `rust-src`, `ensure_nightly`): the standard library is rebuilt for size, which
/// stable Rust cannot do. Pinned, so that a build is the same on every machine.
pub const NIGHTLY: &str = "nightly-2026-05-20";

/// The nightly build's own target directory (the stable builds keep `target/`).
const TARGET_DIR: &str = "target/wasm-nightly";

/// The binaryen release from npm whose `wasm-opt` is used.
const BINARYEN: &str = "binaryen@123.0.0";

/// The terser release from npm that minifies the JavaScript glue.
const TERSER: &str = "terser@5.51.4";

/// uPlot (MIT) from npm: the charts of the supervisor's dashboard, copied into
/// `target/npm/vendor/` (beside the package, not in it), which `loket serve` serves
/// at `/vendor/`.
const UPLOT: &str = "uplot@1.6.32";

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is in the workspace")
        .to_path_buf()
}

/// Where the package is written.
pub fn package_dir() -> PathBuf {
    root().join("target/npm/loket-wasm")
}

/// One entry of the package: a build of `loket-wasm` with some of its features.
struct Entry {
    /// Its directory in the package (`""`: the package's root).
    dir: &'static str,
    /// The base name of its files (`loket_sla.js`, `loket_sla_bg.wasm`, …).
    name: &'static str,
    /// The crate's features it is built with (see wasm/src/lib.rs).
    features: &'static str,
    /// The time zones compiled in (chrono-tz's filter).
    zones: &'static str,
    /// Bytes of gzip (JS glue + `.wasm`) the entry may weigh ([`check_budgets`]).
    budget: u64,
}

impl Entry {
    /// Its name in `LOKET_WASM_ENTRIES`: its directory, `main` for the root.
    fn key(&self) -> &'static str {
        if self.dir.is_empty() {
            "main"
        } else {
            self.dir
        }
    }
}

/// `loket-wasm`, `loket-wasm/report` and `loket-wasm/sla`: the two with the same
/// zones one after the other (chrono-tz is rebuilt when its filter changes).
const ENTRIES: [Entry; 3] = [
    Entry {
        dir: "",
        name: "loket_wasm",
        features: "workflow,laws",
        zones: ZONES,
        // Issue 15: no larger than when the issue was filed (~147 KB).
        budget: 147_000,
    },
    Entry {
        dir: "report",
        name: "loket_report",
        features: "report",
        zones: ZONES,
        budget: 147_000,
    },
    Entry {
        dir: "sla",
        name: "loket_sla",
        features: "",
        zones: SLA_ZONES,
        // 94.8 KB on 2026-12-04 (BENCHMARKS.md), and a little room.
        budget: 97_000,
    },
];

pub fn build() -> Result<PathBuf, String> {
    let root = root();
    ensure_nightly()?;
    let out = package_dir();
    // `LOKET_WASM_ENTRIES=sla,report` builds only those, over the last package (size
    // work on one entry); `main` names the package's root entry.
    let only = std::env::var("LOKET_WASM_ENTRIES").ok();
    let entries: Vec<&Entry> = ENTRIES
        .iter()
        .filter(|e| {
            only.as_deref()
                .is_none_or(|o| o.split(',').any(|x| x.trim() == e.key()))
        })
        .collect();
    if only.is_none() {
        let _ = std::fs::remove_dir_all(&out);
    }
    for e in &entries {
        build_entry(&root, &out, e)?;
    }
    write_package_files(&out)?;
    report_size(&out, &entries)?;
    vendor_uplot(&root.join("target/npm/vendor"))?;
    Ok(out)
}

fn build_entry(root: &Path, out: &Path, e: &Entry) -> Result<(), String> {
    crate::run(
        &format!(
            "cargo +{NIGHTLY} build -p loket-wasm --features '{}' (wasm32, size-optimized, std rebuilt)",
            e.features
        ),
        Command::new("rustup")
            .current_dir(root)
            // The outer `cargo xtask` is the stable toolchain's: its cargo and rustc
            // must not leak into the nightly build.
            .env_remove("CARGO")
            .env_remove("RUSTC")
            .env_remove("RUSTUP_TOOLCHAIN")
            .env("CHRONO_TZ_TIMEZONE_FILTER", e.zones)
            .args(["run", NIGHTLY, "cargo", "build"])
            .args(["-p", "loket-wasm", "--target", "wasm32-unknown-unknown"])
            .args(["--profile", "wasm-release", "--target-dir"])
            .arg(root.join(TARGET_DIR))
            .args(["--no-default-features", "--features", e.features])
            // The standard library rebuilt for size: its sorts and collections in
            // their small forms, and a panic is a trap with nothing formatted (the
            // profile already aborts; the bindings never panic on any input).
            .args([
                "-Zbuild-std=std,panic_abort",
                "-Zbuild-std-features=optimize_for_size",
                "-Zpanic-immediate-abort",
                "--config",
                "profile.wasm-release.panic=\"immediate-abort\"",
            ]),
    )?;
    let input = root
        .join(TARGET_DIR)
        .join("wasm32-unknown-unknown/wasm-release/loket_wasm.wasm");
    let dir = out.join(e.dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;

    eprintln!("\n==> wasm-bindgen (library, web target): {}", e.name);
    let mut b = wasm_bindgen_cli_support::Bindgen::new();
    b.input_path(&input)
        .web(true)
        .map_err(|e| format!("wasm-bindgen: {e}"))?
        .typescript(true)
        .omit_default_module_path(false)
        .keep_debug(keep_names())
        .out_name(e.name);
    b.generate(&dir)
        .map_err(|e| format!("wasm-bindgen: {e:#}"))?;

    exact_raw_exports(&dir.join(format!("{}.d.ts", e.name)))?;
    wasm_opt(&dir.join(format!("{}_bg.wasm", e.name)))?;
    if !keep_names() {
        minify(&dir.join(format!("{}.js", e.name)))?;
    }
    // wasm-bindgen's declarations of the raw exports are for bundlers importing the
    // .wasm directly, which this package does not support: not shipped.
    let _ = std::fs::remove_file(dir.join(format!("{}_bg.wasm.d.ts", e.name)));
    let node = format!(
        r#"// Node.js entry: the same module as for browsers, instantiated synchronously from
// the .wasm file beside it. `await init()` is accepted (and does nothing) so that
// code shared with browsers runs unchanged.
import {{ readFileSync }} from "node:fs";
import {{ initSync }} from "./{name}.js";

initSync({{ module: readFileSync(new URL("./{name}_bg.wasm", import.meta.url)) }});

export * from "./{name}.js";
export default async function init() {{}}
"#,
        name = e.name
    );
    std::fs::write(dir.join("node.js"), node).map_err(|e| e.to_string())
}

/// wasm-bindgen declares the module's raw exports (`InitOutput`, what `init()`
/// resolves to) with `any` for JavaScript values; the package declares no `any`, so
/// those become `unknown` (nobody calls them, and `unknown` forbids doing so blindly).
fn exact_raw_exports(dts: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(dts).map_err(|e| format!("{}: {e}", dts.display()))?;
    let fixed: String = text
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("readonly ") {
                l.replace(": any", ": unknown")
            } else {
                l.to_string()
            }
        })
        .map(|l| l + "\n")
        .collect();
    std::fs::write(dts, fixed).map_err(|e| e.to_string())
}

/// Installs uPlot from npm into `target/npm-tools` (once) and copies its browser
/// build into `vendor` (`target/npm/vendor`).
pub fn vendor_uplot(vendor: &Path) -> Result<(), String> {
    let uplot = npm_tool(UPLOT, "node_modules/uplot")?;
    let dist = uplot.join("dist");
    std::fs::create_dir_all(vendor).map_err(|e| e.to_string())?;
    for f in ["uPlot.iife.min.js", "uPlot.min.css"] {
        std::fs::copy(dist.join(f), vendor.join(f)).map_err(|e| format!("{f}: {e}"))?;
    }
    std::fs::copy(uplot.join("LICENSE"), vendor.join("uPlot.LICENSE"))
        .map_err(|e| format!("uPlot LICENSE: {e}"))?;
    Ok(())
}

/// Installs the pinned nightly toolchain and its `rust-src` with rustup, once.
fn ensure_nightly() -> Result<(), String> {
    let has_src = Command::new("rustup")
        .args(["component", "list", "--installed", "--toolchain", NIGHTLY])
        .output()
        .map(|o| {
            o.status.success()
                && String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .any(|l| l.starts_with("rust-src"))
        })
        .unwrap_or(false);
    if has_src {
        return Ok(());
    }
    crate::run(
        &format!("rustup toolchain install {NIGHTLY} (the npm package's build)"),
        Command::new("rustup").args([
            "toolchain",
            "install",
            NIGHTLY,
            "--profile",
            "minimal",
            "--component",
            "rust-src",
        ]),
    )
}

/// `target/npm-tools/<installed>` after installing `package` (a pinned `name@version`)
/// there from npm, once.
fn npm_tool(package: &str, installed: &str) -> Result<PathBuf, String> {
    let tools = root().join("target/npm-tools");
    let path = tools.join(installed);
    if !path.exists() {
        std::fs::create_dir_all(&tools).map_err(|e| e.to_string())?;
        crate::run(
            &format!("npm install {package}"),
            Command::new("npm").current_dir(&tools).args([
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                ".",
                package,
            ]),
        )?;
    }
    Ok(path)
}

/// Minifies the JavaScript glue in place with terser (from npm): what a page fetches
/// and parses before the module starts. Exported names and class names are kept (the
/// `.d.ts` and `instanceof`/`constructor.name` stay true), and a source map with the
/// original glue inside is written beside it (`<name>.js.map`), for the debugger.
fn minify(js: &Path) -> Result<(), String> {
    let bin = npm_tool(TERSER, "node_modules/.bin/terser")?;
    let dir = js.parent().ok_or("the glue is in a folder")?;
    let name = js
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or("the glue has a name")?;
    // The source as the map names it: `<name>.src.js`, embedded, not shipped.
    let src = name.replace(".js", ".src.js");
    std::fs::rename(js, dir.join(&src)).map_err(|e| e.to_string())?;
    let result = crate::run(
        "terser (minify the JS glue, with its source map)",
        Command::new(&bin)
            .current_dir(dir)
            .arg(&src)
            .args(["--module", "--compress", "--mangle", "--keep-classnames"])
            .arg("--source-map")
            .arg(format!("includeSources,url='{name}.map'"))
            .args(["-o", name]),
    );
    let _ = std::fs::remove_file(dir.join(&src));
    result
}

/// Installs binaryen from npm into `target/npm-tools` (once) and runs `wasm-opt -Oz`.
fn wasm_opt(wasm: &Path) -> Result<(), String> {
    let bin = npm_tool(BINARYEN, "node_modules/.bin/wasm-opt")?;
    let tmp = wasm.with_extension("opt.wasm");
    let names: &[&str] = if keep_names() { &["-g"] } else { &[] };
    crate::run(
        "wasm-opt -Oz",
        Command::new(&bin)
            .arg(wasm)
            .args([
                "-Oz",
                "--converge",
                "--strip-producers",
                "--strip-target-features",
                "--enable-bulk-memory",
                "--enable-reference-types",
                "--enable-nontrapping-float-to-int",
                "--enable-sign-ext",
                "--enable-mutable-globals",
                "--enable-multivalue",
            ])
            .args(names)
            .arg("-o")
            .arg(&tmp),
    )?;
    std::fs::rename(&tmp, wasm).map_err(|e| e.to_string())
}

/// `LOKET_WASM_NAMES=1` keeps function names in the `.wasm`, for size analysis with
/// `twiggy top target/npm/loket-wasm/loket_wasm_bg.wasm` (the package is then larger).
fn keep_names() -> bool {
    std::env::var_os("LOKET_WASM_NAMES").is_some()
}

fn write_package_files(out: &Path) -> Result<(), String> {
    let version = env!("CARGO_PKG_VERSION");
    let package = format!(
        r#"{{
  "name": "loket-wasm",
  "version": "{version}",
  "description": "Loket: operational-hours SLA arithmetic, service-desk intake and ticket workflow of Service Desk JatengProv, in WebAssembly",
  "license": "Apache-2.0",
  "type": "module",
  "main": "./node.js",
  "module": "./loket_wasm.js",
  "types": "./loket_wasm.d.ts",
  "exports": {{
    ".": {{
      "types": "./loket_wasm.d.ts",
      "node": "./node.js",
      "default": "./loket_wasm.js"
    }},
    "./sla": {{
      "types": "./sla/loket_sla.d.ts",
      "node": "./sla/node.js",
      "default": "./sla/loket_sla.js"
    }},
    "./report": {{
      "types": "./report/loket_report.d.ts",
      "node": "./report/node.js",
      "default": "./report/loket_report.js"
    }},
    "./laws": {{
      "types": "./laws.d.ts",
      "default": "./laws.js"
    }},
    "./loket_wasm_bg.wasm": "./loket_wasm_bg.wasm",
    "./sla/loket_sla_bg.wasm": "./sla/loket_sla_bg.wasm",
    "./report/loket_report_bg.wasm": "./report/loket_report_bg.wasm",
    "./package.json": "./package.json"
  }},
  "files": ["loket_wasm.js", "loket_wasm.js.map", "loket_wasm_bg.wasm", "loket_wasm.d.ts", "node.js", "laws.js", "laws.d.ts", "sla/", "report/", "README.md"],
  "sideEffects": ["./node.js", "./sla/node.js", "./report/node.js"],
  "engines": {{ "node": ">=18" }}
}}
"#
    );
    std::fs::write(out.join("package.json"), package).map_err(|e| e.to_string())?;
    for f in ["laws.js", "laws.d.ts"] {
        let src = root().join("wasm/js").join(f);
        let text = std::fs::read_to_string(&src).map_err(|e| format!("{}: {e}", src.display()))?;
        // The shipped .js drops line comments (its documentation is in laws.d.ts).
        let text: String = if f.ends_with(".js") {
            text.lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .map(|l| format!("{l}\n"))
                .collect()
        } else {
            text
        };
        std::fs::write(out.join(f), text).map_err(|e| e.to_string())?;
    }
    let readme = root().join("wasm/README.md");
    std::fs::copy(&readme, out.join("README.md"))
        .map_err(|e| format!("{}: {e}", readme.display()))?;
    Ok(())
}

fn gzip_len(path: &Path) -> Result<u64, String> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .map_err(|e| format!("gzip: {e}"))?;
    Ok(out.stdout.len() as u64)
}

/// Each entry's gzip size (JS glue + `.wasm`) against its budget: a change that makes
/// what a page loads heavier fails `cargo xtask test` and says by how much.
pub fn check_budgets() -> Result<(), String> {
    let out = package_dir();
    let mut over = Vec::new();
    for e in &ENTRIES {
        let gz = entry_files(out.join(e.dir), e)?
            .iter()
            .map(|(_, _, gz)| gz)
            .sum::<u64>();
        let name = entry_name(e);
        eprintln!("  {name:<20} {gz:>8} B gzip, budget {} B", e.budget);
        if gz > e.budget {
            over.push(format!(
                "{name} is {gz} B of gzip, {} B over its budget of {} B (xtask/src/wasm.rs, BENCHMARKS.md)",
                gz - e.budget,
                e.budget
            ));
        }
    }
    if over.is_empty() {
        Ok(())
    } else {
        Err(over.join("; "))
    }
}

/// The files of an entry a page loads (its JS glue and `.wasm`), each with its size
/// and its gzip size.
fn entry_files(dir: PathBuf, e: &Entry) -> Result<Vec<(String, u64, u64)>, String> {
    [format!("{}.js", e.name), format!("{}_bg.wasm", e.name)]
        .into_iter()
        .map(|f| {
            let p = dir.join(&f);
            let raw = std::fs::metadata(&p)
                .map_err(|err| format!("{}: {err}", p.display()))?
                .len();
            let gz = gzip_len(&p)?;
            Ok((f, raw, gz))
        })
        .collect()
}

fn entry_name(e: &Entry) -> String {
    match e.dir {
        "" => "loket-wasm".to_string(),
        d => format!("loket-wasm/{d}"),
    }
}

fn report_size(out: &Path, entries: &[&Entry]) -> Result<(), String> {
    eprintln!("\n==> package size ({})", out.display());
    let mut total = (0, 0);
    for e in entries {
        let mut entry = (0, 0);
        for (f, raw, gz) in entry_files(out.join(e.dir), e)? {
            entry = (entry.0 + raw, entry.1 + gz);
            eprintln!(
                "  {:<34} {:>9} B  {:>8} B gzip",
                Path::new(e.dir).join(&f).display(),
                raw,
                gz
            );
        }
        let entry_name = entry_name(e);
        eprintln!(
            "  {:<34} {:>9} B  {:>8} B gzip (JS glue + wasm: what a page loads)",
            format!("= {entry_name}"),
            entry.0,
            entry.1
        );
        total = (total.0 + entry.0, total.1 + entry.1);
    }
    eprintln!(
        "  {:<34} {:>9} B  {:>8} B gzip",
        "all built entries", total.0, total.1
    );
    Ok(())
}
