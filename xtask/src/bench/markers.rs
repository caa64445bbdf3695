//! The generated blocks of `BENCHMARKS.md` and the README, between their markers.

use std::path::Path;

use anyhow::{Context, Result};

/// Start and end markers of a generated block.
pub type Markers = (&'static str, &'static str);

/// `BENCHMARKS.md`'s generated section.
pub const BENCH_MARKERS: Markers = (
    "<!-- bench:start: written by `cargo xtask bench`; edit outside the markers -->",
    "<!-- bench:end -->",
);

/// The README's headline figures.
pub const HEADLINE_MARKERS: Markers = (
    "<!-- headline:start: written by `cargo xtask bench` -->",
    "<!-- headline:end -->",
);

/// `text` with what lies between the markers replaced by `content`.
pub fn replaced(text: &str, (start, end): Markers, content: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let to = from + text[from..].find(end)?;
    Some(format!(
        "{}\n{}\n{}",
        &text[..from],
        content.trim_end(),
        &text[to..]
    ))
}

/// Replaces the block between `markers` in the file at `path` by `content`.
pub fn replace_between(path: &Path, markers: Markers, content: &str) -> Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let new = replaced(&text, markers, content)
        .with_context(|| format!("{} lacks the markers {}", path.display(), markers.0))?;
    std::fs::write(path, new).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace;

    #[test]
    fn only_the_block_between_the_markers_changes() {
        let markers = ("<!-- a -->", "<!-- b -->");
        let text = "head\n<!-- a -->\nold\n<!-- b -->\ntail\n";
        let new = replaced(text, markers, "new\n").unwrap();
        assert_eq!(new, "head\n<!-- a -->\nnew\n<!-- b -->\ntail\n");
        assert_eq!(replaced(&new, markers, "new").unwrap(), new);
        assert_eq!(replaced("no markers", markers, "x"), None);
    }

    #[test]
    fn the_documents_carry_the_markers() {
        for (file, markers) in [
            ("BENCHMARKS.md", BENCH_MARKERS),
            ("README.md", HEADLINE_MARKERS),
        ] {
            let text = workspace::read(file).unwrap();
            assert!(replaced(&text, markers, "x").is_some(), "{file}");
        }
    }
}
