//! Content-hashed file names (`name-<16 hex>.ext`), which hosts may cache as immutable. One
//! file shared by xtask's post-build steps and the app's `build.rs` (which includes it by path):
//! the app's code names `parts-<hash>.css` at compile time and the build writes that very file.
//! It must build with `std` and `sha2` alone.

use sha2::{Digest, Sha256};

/// The stylesheet of the parts a click away, from the workspace root (the app's package
/// root too).
pub const PARTS_CSS_SOURCE: &str = "style/parts.css";

/// That stylesheet's name in the build, from its bytes: `parts-<16 hex>.css`.
pub fn parts_css_name(bytes: &[u8]) -> String {
    hashed_name("parts.css", bytes)
}

/// The first 16 hex digits of the SHA-256 of `parts` (each prefixed by its length in bytes),
/// as trunk's names carry.
pub fn hash16(parts: &[&[u8]]) -> String {
    let mut digest = Sha256::new();
    for part in parts {
        digest.update((part.len() as u64).to_le_bytes());
        digest.update(part);
    }
    digest
        .finalize()
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// `name` with the hash of `bytes` before its extension: `split_drawer.wasm` →
/// `split_drawer-<16 hex>.wasm` (a name without one gets `.wasm`).
pub fn hashed_name(name: &str, bytes: &[u8]) -> String {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, "wasm"));
    format!("{stem}-{}.{ext}", hash16(&[bytes]))
}
