#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| loket_fuzz::timed("intake_json", data, loket_fuzz::intake_json));
