#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| loket_fuzz::timed("plugin_output", data, loket_fuzz::plugin_output));
