#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| loket_fuzz::timed("skm_csv", data, loket_fuzz::skm_csv));
