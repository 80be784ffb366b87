#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| loket_fuzz::timed("email", data, loket_fuzz::email));
