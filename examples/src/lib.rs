//! Examples live beside this crate; see README.md.
