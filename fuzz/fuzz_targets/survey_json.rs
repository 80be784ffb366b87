#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| loket_fuzz::timed("survey_json", data, loket_fuzz::survey_json));
