//! `cargo xtask post-build`'s step that writes the stylesheet of the parts a click away
//! (`style/parts.css`) into the build as `parts-<16 hex>.css`: the name the app was compiled
//! with (`build.rs` computes it from the same bytes with the same [`crate::asset_name`]), so
//! the app's `<link>` finds it (`src/components/parts_style.rs`). Runs for every build,
//! `trunk serve` too, and before the precompress step, which then compresses it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::asset_name::{PARTS_CSS_SOURCE, parts_css_name};
use crate::workspace;

/// Writes the stylesheet into `dir` (default: trunk's staging dir).
pub fn run(dir: Option<PathBuf>) -> Result<ExitCode> {
    let dir = workspace::staging_dir(dir)?;
    let source = workspace::root().join(PARTS_CSS_SOURCE);
    let bytes =
        std::fs::read(&source).with_context(|| format!("cannot read {}", source.display()))?;
    write(&dir, &bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes `bytes` into `dir` under their hashed name, which it returns.
fn write(dir: &Path, bytes: &[u8]) -> Result<String> {
    let name = parts_css_name(bytes);
    let path = dir.join(&name);
    std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_stylesheet_under_its_content_hash() {
        let dir = std::env::temp_dir().join(format!("jobscope-parts-css-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let name = write(&dir, b".drawer { color: red }").unwrap();
        assert!(
            name.starts_with("parts-") && name.ends_with(".css"),
            "{name}"
        );
        assert_eq!(name.len(), "parts-".len() + 16 + ".css".len());
        assert_eq!(
            std::fs::read(dir.join(&name)).unwrap(),
            b".drawer { color: red }"
        );
        // Other bytes, another name: a host may cache each one forever.
        assert_ne!(write(&dir, b".drawer { color: blue }").unwrap(), name);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
