//! An administrator who knows only JavaScript (or only Python) does what
//! plugins/README.md says: `loket plugin new`, edits the router, `loket plugin
//! build`, `check`, `bench`, uploads it to a running desk, and the desk routes the
//! application's tickets by it. The tools come from npm and PyPI (installed once into
//! `target/plugin-tools` by `cargo xtask plugins`, or here if missing).

#[path = "../../serve/tests/support/mod.rs"]
mod support;
use support::*;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

const MON_0920: &str = "2026-03-02T09:20:00+07:00";

fn target() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

fn loket(args: &[&str], dir: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .current_dir(dir)
        .args(args)
        .env("LOKET_PLUGIN_TOOLS", target().join("plugin-tools"))
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .output()
        .expect("loket runs");
    assert!(
        out.status.success(),
        "loket {args:?}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Scaffolds `name` in `language` for `application`, makes its router file
/// tickets that mention "TTE" under the category `tte`, builds, checks, benches it
/// and returns the component.
fn author(dir: &Path, language: &str, name: &str, application: &str) -> PathBuf {
    let out = loket(
        &[
            "plugin",
            "new",
            "--language",
            language,
            name,
            "--application",
            application,
        ],
        dir,
    );
    assert!(
        stdout(&out).contains("next: loket plugin build"),
        "{}",
        stdout(&out)
    );
    // The edit an administrator makes: one rule of their own.
    let (file, from, to) = match language {
        "js" => (
            "router.js",
            "    return d;\n",
            "    if (mentionsAny(view, [\"TTE\"])) d.withCategory(\"tte\").andBecause(\"tanda tangan elektronik\");\n    return d;\n",
        ),
        _ => (
            "app.py",
            "        return d.build()\n",
            "        if mentions_any(view, [\"TTE\"]):\n            d.with_category(\"tte\").and_because(\"tanda tangan elektronik\")\n        return d.build()\n",
        ),
    };
    let path = dir.join(name).join(file);
    let text = std::fs::read_to_string(&path).expect("the router");
    assert!(text.contains(from), "{text}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("edit");

    // A relative folder, typed from the folder above it.
    let out = loket(&["plugin", "build", name], dir);
    let built = stdout(&out);
    let wasm = dir.join(name).join(format!("{name}.wasm"));
    assert!(wasm.is_file(), "{built}");
    let lang_name = if language == "js" { "js" } else { "python" };
    assert!(built.contains(&format!(", {lang_name}")), "{built}");
    assert!(!built.contains("warning:"), "{built}");

    let check = stdout(&loket(&["plugin", "check", wasm.to_str().unwrap()], dir));
    assert!(
        check.contains("ok: the host accepts this plugin"),
        "{check}"
    );
    assert!(check.contains(&format!("language: {lang_name}")), "{check}");

    let run = stdout(&loket(
        &[
            "plugin",
            "run",
            wasm.to_str().unwrap(),
            "--ticket",
            dir.join(name).join("fixture.jsonl").to_str().unwrap(),
        ],
        dir,
    ));
    assert!(run.contains("priority high"), "{run}");

    let bench = stdout(&loket(
        &[
            "plugin",
            "bench",
            wasm.to_str().unwrap(),
            "--iterations",
            "20",
        ],
        dir,
    ));
    assert!(bench.contains("sandbox call"), "{bench}");
    assert!(bench.contains("(0 failures)"), "{bench}");
    wasm
}

fn uploads_and_routes(language: &str, application: &str) {
    let dir = temp_dir(&format!("plugin-author-{language}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let name = format!("router-{language}");
    let wasm = author(&dir, language, &name, application);

    let s = TestServer::start(dir.join("desk"), at(MON_0920));
    let bytes = std::fs::read(&wasm).expect("component");
    let (status, text) = s.raw(
        "PUT",
        &format!("/api/v1/admin/plugins/{application}"),
        Some(&s.admin),
        Some(("application/wasm", bytes)),
        &[],
    );
    assert_eq!(status, 200, "{text}");
    let (status, v) = s.call(
        "POST",
        "/api/v1/intake",
        Some(&s.portal),
        Some(
            json!({"channel": "whatsapp", "application": application, "kind": "complaint",
                    "body": "TTE gagal, tidak bisa login ke aplikasi",
                    "reporter": {"name": "Pelapor", "phone": "081225550999"}}),
        ),
    );
    assert_eq!(status, 201, "{v}");
    let n = v["number"].as_str().expect("number").to_string();
    let (status, t) = s.call("GET", &format!("/api/v1/tickets/{n}"), Some(&s.admin), None);
    assert_eq!(status, 200, "{t}");
    let ticket = &t["ticket"];
    assert_eq!(ticket["category"], "tte", "{t}");
    assert_eq!(ticket["priority"], "high", "{t}");
    let text = t.to_string();
    assert!(
        text.contains(&name),
        "the plugin is named on the ticket: {t}"
    );
    assert!(text.contains("tanda tangan elektronik"), "{t}");
    assert!(!text.contains("failed ("), "{t}");
    let (status, v) = s.call("GET", "/api/v1/admin/plugins", Some(&s.admin), None);
    assert_eq!(status, 200);
    let listed: Value = v["plugins"]
        .as_array()
        .and_then(|a| a.iter().find(|p| p["application"] == application).cloned())
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(listed["counters"]["decided"], 1, "{v}");
}

#[test]
fn a_javascript_router_from_the_docs_routes_on_a_running_desk() {
    uploads_and_routes("js", "tatapraja");
}

#[test]
fn a_python_router_from_the_docs_routes_on_a_running_desk() {
    uploads_and_routes("python", "website");
}

#[test]
fn plugin_new_refuses_what_it_cannot_do_and_says_why() {
    let dir = temp_dir("plugin-new-refusals");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("taken")).expect("dir");
    std::fs::write(dir.join("taken/keep.txt"), "mine").expect("file");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_loket"))
            .current_dir(&dir)
            .args(args)
            .args(["--lang", "en"])
            .output()
            .expect("loket runs")
    };
    for (args, says) in [
        (
            vec![
                "plugin",
                "new",
                "--language",
                "js",
                "taken",
                "--application",
                "website",
            ],
            "exists and is not empty",
        ),
        (
            vec![
                "plugin",
                "new",
                "--language",
                "js",
                "x",
                "--application",
                "Web Site",
            ],
            "expected a product id",
        ),
        (
            vec![
                "plugin",
                "new",
                "--language",
                "rust",
                "y",
                "--application",
                "website",
            ],
            "needs --sdk",
        ),
        (vec!["plugin", "build", "nowhere"], "loket-plugin.toml"),
    ] {
        let out = run(&args);
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    // Nothing of the administrator's was touched.
    assert_eq!(
        std::fs::read_to_string(dir.join("taken/keep.txt")).expect("kept"),
        "mine"
    );
    std::fs::create_dir_all(dir.join("bad")).expect("dir");
    std::fs::write(dir.join("bad/loket-plugin.toml"), "language = \"cobol\"\n").expect("write");
    let out = run(&["plugin", "build", "bad"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("language = \"rust\" | \"js\" | \"python\""),
        "{err}"
    );
}
