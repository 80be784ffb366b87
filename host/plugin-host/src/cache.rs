//! The cache of compiled plugins: `<dir>/<key>.cwasm`, the key a sha256 of the
//! wasmtime version, the engine's configuration and the component's bytes.

use std::hash::Hasher;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use wasmtime::component::Component;
use wasmtime::Engine;

/// Feeds `Hash` output into a sha256 (for `Engine::precompile_compatibility_hash`).
struct ShaHasher<'a>(&'a mut Sha256);

impl Hasher for ShaHasher<'_> {
    fn finish(&self) -> u64 {
        0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

/// The cache key of `bytes` compiled by `engine` (configured as `config`).
pub fn key(engine: &Engine, config: &str, bytes: &[u8]) -> String {
    let mut sha = Sha256::new();
    sha.update(b"loket-plugin-cache-v1\0wasmtime-48\0");
    sha.update(config.as_bytes());
    sha.update(b"\0");
    std::hash::Hash::hash(
        &engine.precompile_compatibility_hash(),
        &mut ShaHasher(&mut sha),
    );
    sha.update(b"\0");
    sha.update(Sha256::digest(bytes));
    sha.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The compiled component: from the cache when the host compiled it before, else
/// compiled and written to the cache (best effort: a cache that cannot be written
/// only costs the compile next time). Returns whether it came from the cache.
pub fn load(
    engine: &Engine,
    config: &str,
    dir: Option<&Path>,
    bytes: &[u8],
) -> wasmtime::Result<(Component, bool)> {
    let Some(dir) = dir else {
        return Ok((Component::new(engine, bytes)?, false));
    };
    let path = dir.join(format!("{}.cwasm", key(engine, config, bytes)));
    if path.is_file() {
        if let Ok(c) = deserialize_own(engine, &path) {
            return Ok((c, true));
        }
    }
    let component = Component::new(engine, bytes)?;
    if let Ok(art) = component.serialize() {
        let _ = write_atomic(dir, &path, &art);
    }
    Ok((component, false))
}

#[allow(unsafe_code)]
fn deserialize_own(engine: &Engine, path: &Path) -> wasmtime::Result<Component> {
    // SAFETY: `deserialize_file` trusts the file to be an artifact wasmtime produced
    // (it maps it as machine code). The host only reads files from its own cache
    // directory (created by the host, mode 0700 on Unix), named by a sha256 key of the
    // wasmtime version, the engine configuration and the component's bytes, and
    // written by `write_atomic` below from `Component::serialize` of a component it
    // compiled itself; never a file a plugin author or another user supplied.
    // wasmtime still checks the artifact's header against this engine's version and
    // settings and refuses a mismatch (then the host compiles again).
    unsafe { Component::deserialize_file(engine, path) }
}

fn write_atomic(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    create_private_dir(dir)?;
    let tmp: PathBuf = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("artifact"),
        std::process::id()
    ));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)
    }
}

/// The default cache directory: `$XDG_CACHE_HOME/loket/plugins` or
/// `$HOME/.cache/loket/plugins`; none without either.
pub fn default_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("loket").join("plugins"))
}
