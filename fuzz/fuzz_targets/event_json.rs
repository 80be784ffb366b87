#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| loket_fuzz::timed("event_json", data, loket_fuzz::event_json));
