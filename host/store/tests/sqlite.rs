//! The embedded store's ticket rows (the same checks run on PostgreSQL).

mod common;

#[test]
fn sqlite_ticket_rows_find_what_memory_does_not_keep() {
    let dir = std::env::temp_dir().join(format!("loket-store-rows-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut s = loket_store::SqliteStore::open(&dir).unwrap();
    common::ticket_rows_find_what_memory_does_not_keep(&mut s);
    let _ = std::fs::remove_dir_all(&dir);
}
