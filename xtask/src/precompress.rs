//! `cargo xtask precompress`: writes `<file>.br` and `<file>.gz` beside each of trunk's hashed
//! assets (JS, wasm, CSS), as a static host is deployed: the server sends the compressed file
//! as it is instead of compressing on every request (the simulator does, like a CDN). trunk
//! runs this after each release build (see `Trunk.toml`); debug builds skip it.
//!
//! `index.html` and `config.json` are left alone: they change in place on a deploy (a stale
//! compressed copy would win), and are small.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

/// `gzip -9`, as a host compresses ahead of time.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use flate2::Compression;
    use flate2::write::GzEncoder;
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 2), Compression::best());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// Brotli at quality 11 with a 4 MB window (`brotli -q 11`).
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 2);
    let mut input = bytes;
    match brotli::BrotliCompress(&mut input, &mut out, &params) {
        Ok(_) => out,
        Err(_) => Vec::new(),
    }
}

/// Whether `name` is one of trunk's assets that get compressed copies.
pub fn compresses(name: &str) -> bool {
    [".js", ".wasm", ".css"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

pub fn run(dir: Option<PathBuf>) -> Result<ExitCode> {
    if crate::workspace::debug_hook(&dir) {
        return Ok(ExitCode::SUCCESS);
    }
    let dir = crate::workspace::staging_dir(dir)?;
    apply(&dir)?;
    Ok(ExitCode::SUCCESS)
}

fn apply(dir: &Path) -> Result<()> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !path.is_file() || !compresses(&name) {
            continue;
        }
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        for (ext, compressed) in [("br", brotli(&bytes)), ("gz", gzip(&bytes))] {
            let out = dir.join(format!("{name}.{ext}"));
            std::fs::write(&out, compressed)
                .with_context(|| format!("cannot write {}", out.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    #[test]
    fn both_encodings_round_trip_and_shrink() {
        let text = "jobscope ".repeat(1_000);
        let mut unzipped = String::new();
        flate2::read::GzDecoder::new(gzip(text.as_bytes()).as_slice())
            .read_to_string(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, text);
        let compressed = brotli(text.as_bytes());
        let mut unbrotli = Vec::new();
        brotli::BrotliDecompress(&mut compressed.as_slice(), &mut unbrotli).unwrap();
        assert_eq!(unbrotli, text.as_bytes());
        assert!(compressed.len() < 100 && gzip(text.as_bytes()).len() < 200);
    }

    #[test]
    fn only_trunk_assets_get_copies() {
        let dir = std::env::temp_dir().join(format!("jobscope-precompress-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in [
            "index.html",
            "config.json",
            "app-0123456789abcdef.js",
            "app_bg.wasm",
            "main.css",
        ] {
            std::fs::write(dir.join(name), name.repeat(50)).unwrap();
        }
        apply(&dir).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            names,
            [
                "app-0123456789abcdef.js",
                "app-0123456789abcdef.js.br",
                "app-0123456789abcdef.js.gz",
                "app_bg.wasm",
                "app_bg.wasm.br",
                "app_bg.wasm.gz",
                "config.json",
                "index.html",
                "main.css",
                "main.css.br",
                "main.css.gz",
            ]
        );
    }
}
