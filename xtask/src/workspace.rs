//! Where things are: the workspace root, the one target dir, `dist/`, installed tools.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

/// The workspace root (xtask lives in `<root>/xtask`).
pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The workspace's target dir, as cargo resolves it (honours `CARGO_TARGET_DIR` and config).
pub fn target_dir() -> Result<PathBuf> {
    let output = Command::new(cargo())
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .current_dir(root())
        .output()
        .context("cannot run `cargo metadata`")?;
    anyhow::ensure!(
        output.status.success(),
        "`cargo metadata` failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).context("`cargo metadata` printed no JSON")?;
    metadata["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .context("`cargo metadata` names no target_directory")
}

/// The built dashboard.
pub fn dist() -> PathBuf {
    root().join("dist")
}

/// Project-local tools that are not on the system (binaryen from npm).
pub fn tools_dir(target: &Path) -> PathBuf {
    target.join("tools")
}

/// The cargo that runs us, so nested builds use the same toolchain.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Reads a workspace file as text.
pub fn read(relative: &str) -> Result<String> {
    let path = root().join(relative);
    std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))
}

/// The directory a post-build step works on: `dir`, else trunk's `TRUNK_STAGING_DIR`.
pub fn staging_dir(dir: Option<PathBuf>) -> Result<PathBuf> {
    match dir {
        Some(dir) => Ok(dir),
        None => std::env::var_os("TRUNK_STAGING_DIR")
            .map(PathBuf::from)
            .context("no --dir and no TRUNK_STAGING_DIR (run as trunk's post_build hook)"),
    }
}

/// Whether trunk runs this hook for a debug build (`trunk serve`), which is not shipped:
/// trunk sets `TRUNK_PROFILE` for its hooks; a step given `--dir` always runs.
pub fn debug_hook(dir: &Option<PathBuf>) -> bool {
    dir.is_none() && std::env::var("TRUNK_PROFILE").is_ok_and(|profile| profile != "release")
}
