#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| loket_fuzz::timed("config", data, loket_fuzz::config));
