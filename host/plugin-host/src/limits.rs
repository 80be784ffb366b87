//! A plugin's limits: its language's defaults ([`Limits::for_language`], the
//! language told from the component by [`Language::of`]) and what an administrator
//! sets in a [`LimitsFile`] beside it.

use std::path::Path;

/// Limits of one plugin's calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Fuel per call (deterministic: about one unit per wasm instruction).
    pub fuel: u64,
    /// Linear memory cap per call (bytes).
    pub memory: usize,
    /// Calls of this plugin running at once; more wait their turn (queue), so a burst
    /// never fails for want of an instance.
    pub concurrency: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits::for_language(Language::Rust)
    }
}

impl Limits {
    /// The defaults for a plugin written in `language`: what its runtime needs with
    /// room to spare (the example routers use at most 40 % of the memory and 10 % of
    /// the fuel; see plugins/README.md).
    pub fn for_language(language: Language) -> Limits {
        match language {
            // A Rust router: tens of KiB, thousands of instructions.
            Language::Rust | Language::Other => Limits {
                fuel: 10_000_000,
                memory: 16 << 20,
                concurrency: 64,
            },
            // QuickJS: an interpreter of about 1.5 MiB; a keyword router costs about a
            // million instructions.
            Language::JavaScript => Limits {
                fuel: 20_000_000,
                memory: 16 << 20,
                concurrency: 64,
            },
            // CPython: a 12 MiB heap at start.
            Language::Python => Limits {
                fuel: 20_000_000,
                memory: 32 << 20,
                concurrency: 64,
            },
        }
    }
}

/// What a plugin was written in, told from the runtime its component carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Rust (the SDK in plugins/sdk), or any language compiled to plain wasm.
    Rust,
    /// JavaScript, run by QuickJS (componentize-qjs).
    JavaScript,
    /// Python, run by CPython (componentize-py).
    Python,
    /// A runtime the host does not know: the Rust defaults apply.
    Other,
}

impl Language {
    /// Tells the language from the component's bytes: the runtimes that
    /// componentize-qjs and componentize-py link in name themselves.
    pub fn of(bytes: &[u8]) -> Language {
        let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        if has(b"componentize_py_runtime") {
            Language::Python
        } else if has(b"componentize_qjs_runtime") {
            Language::JavaScript
        } else if has(b"loket_plugin_sdk") || has(b"rustc") {
            Language::Rust
        } else {
            Language::Other
        }
    }

    /// Its name, as in `loket plugin new --lang`.
    pub fn name(self) -> &'static str {
        match self {
            Language::Rust => "rust",
            Language::JavaScript => "js",
            Language::Python => "python",
            Language::Other => "other",
        }
    }
}

/// The limits an administrator sets for one plugin, in `<name>.toml` beside
/// `<name>.wasm`; a key left out keeps its language's default
/// ([`Limits::for_language`]).
///
/// ```toml
/// fuel = 40_000_000   # instructions per call
/// memory_mib = 48     # linear memory cap per call
/// concurrency = 16    # calls at once; more wait their turn
/// ```
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsFile {
    /// Fuel per call.
    pub fuel: Option<u64>,
    /// Memory cap per call, in MiB.
    pub memory_mib: Option<u32>,
    /// Calls at once.
    pub concurrency: Option<u32>,
}

impl LimitsFile {
    /// Reads a limits file's text (TOML).
    ///
    /// # Errors
    /// Not TOML, an unknown key or a value of the wrong kind: the message says what
    /// is expected.
    pub fn parse(text: &str) -> Result<LimitsFile, String> {
        toml::from_str(text).map_err(|e| {
            format!(
                "{} (expected `fuel`, `memory_mib` and `concurrency`, positive integers)",
                e.message()
            )
        })
    }

    /// These settings over the defaults of `language`.
    pub fn over(&self, language: Language) -> Limits {
        let d = Limits::for_language(language);
        Limits {
            fuel: self.fuel.unwrap_or(d.fuel),
            memory: self
                .memory_mib
                .map_or(d.memory, |m| (m as usize).saturating_mul(1 << 20)),
            concurrency: self.concurrency.map_or(d.concurrency, |c| c as usize),
        }
    }
}

/// The limits file at `path` (a [`LimitsFile`]); `None` when there is no such file.
///
/// # Errors
/// The file cannot be read or is not a valid limits file (the message says which key
/// is wrong and what is expected).
pub fn read_limits(path: &Path) -> Result<Option<LimitsFile>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read limits {}: {e}", path.display())),
    };
    LimitsFile::parse(&text)
        .map(Some)
        .map_err(|e| format!("limits {}: {e}", path.display()))
}
