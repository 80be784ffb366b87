//! Converts the default profile's TOML files to JSON, so that builds without the
//! `toml` feature (the WebAssembly package) embed the same data without a TOML parser.

use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for name in [
        "jatengprov-calendar",
        "jatengprov-policy",
        "jatengprov-desk",
    ] {
        let src = format!("profiles/{name}.toml");
        println!("cargo:rerun-if-changed={src}");
        let text = std::fs::read_to_string(&src).unwrap_or_else(|e| panic!("{src}: {e}"));
        let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{src}: {e}"));
        let json = serde_json::to_string(&value).expect("TOML values are JSON values");
        std::fs::write(Path::new(&out).join(format!("{name}.json")), json).expect("write OUT_DIR");
    }
}
