//! Installing what is missing, and nothing else: each tool is probed first (silently) and
//! installed only when absent or at the wrong version.

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::cmd::{self, step};
use crate::workspace;

/// trunk 0.22 needs a newer rustc than these machines have.
pub const TRUNK_VERSION: &str = "0.21.14";
/// binaryen from npm: Debian's wasm-opt 108 breaks wasm-bindgen 0.2.130 output.
pub const BINARYEN_VERSION: &str = "132.0.0";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// axe-core, the accessibility checker the end-to-end tests run in the page.
pub const AXE_VERSION: &str = "4.14.1";
/// Where axe's browser build lands, under the target dir (the e2e tests look there too).
pub const AXE_SCRIPT: &str = "tools/axe/node_modules/axe-core/axe.min.js";

/// The tools a build needs, found or installed; `path` puts project-local ones first.
pub struct BuildTools {
    pub path: OsString,
}

impl BuildTools {
    /// `trunk build --release` into `dist/`, with the project-local tools first on the PATH.
    pub fn trunk_release(&self) -> Command {
        let mut trunk = cmd::command("trunk", &["--quiet", "build", "--release"]);
        trunk.current_dir(workspace::root()).env("PATH", &self.path);
        trunk
    }
}

/// The browser and its driver for the browser tests.
pub struct Browser {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

/// Everything `trunk build --release` needs: the wasm target, trunk, wasm-bindgen-cli at the
/// locked version (which also provides the browser test runner) and wasm-opt.
pub fn ensure_build_tools(target_dir: &Path) -> Result<BuildTools> {
    ensure_wasm_target()?;
    ensure_trunk()?;
    ensure_wasm_bindgen()?;
    let bin = ensure_wasm_opt(target_dir)?;
    let mut paths = vec![bin];
    paths.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    let path = env::join_paths(paths).context("a PATH entry contains a separator")?;
    Ok(BuildTools { path })
}

fn ensure_wasm_target() -> Result<()> {
    let installed = cmd::probe("rustup", &["target", "list", "--installed"]);
    match installed {
        Some(list) if list.lines().any(|line| line.trim() == WASM_TARGET) => Ok(()),
        Some(_) => {
            step(&format!("installing the Rust target {WASM_TARGET}"));
            cmd::run_ok(&mut cmd::command("rustup", &["target", "add", WASM_TARGET]))
        }
        None => bail!(
            "rustup not found: install Rust with rustup, then `rustup target add {WASM_TARGET}`"
        ),
    }
}

fn ensure_trunk() -> Result<()> {
    if cmd::probe("trunk", &["--version"]).as_deref() == Some(&*format!("trunk {TRUNK_VERSION}")) {
        return Ok(());
    }
    step(&format!(
        "installing trunk {TRUNK_VERSION} (once; takes several minutes)"
    ));
    cmd::run_ok(&mut cmd::command(
        &workspace::cargo(),
        &["install", "trunk", "--version", TRUNK_VERSION, "--locked"],
    ))
}

fn ensure_wasm_bindgen() -> Result<()> {
    let version = locked_version(&workspace::read("Cargo.lock")?, "wasm-bindgen")
        .context("Cargo.lock has no wasm-bindgen")?;
    let bindgen = cmd::probe("wasm-bindgen", &["--version"]);
    let runner = cmd::probe("wasm-bindgen-test-runner", &["--version"]);
    if bindgen.as_deref() == Some(&*format!("wasm-bindgen {version}"))
        && runner.as_deref() == Some(&*format!("wasm-bindgen-test-runner {version}"))
    {
        return Ok(());
    }
    step(&format!(
        "installing wasm-bindgen-cli {version} (once; takes a few minutes)"
    ));
    // Not `--locked`: the registry mirror lacks one of its locked dependencies.
    cmd::run_ok(&mut cmd::command(
        &workspace::cargo(),
        &[
            "install",
            "wasm-bindgen-cli",
            "--version",
            &version,
            "--force",
        ],
    ))
}

/// Installs binaryen from npm into the target dir; returns the directory holding `wasm-opt`.
fn ensure_wasm_opt(target_dir: &Path) -> Result<PathBuf> {
    let prefix = workspace::tools_dir(target_dir);
    let bin = prefix.join("node_modules").join(".bin");
    let wasm_opt = bin.join("wasm-opt");
    let major = BINARYEN_VERSION
        .split('.')
        .next()
        .unwrap_or(BINARYEN_VERSION);
    let wanted = format!("wasm-opt version {major}");
    let found = cmd::probe(&wasm_opt.to_string_lossy(), &["--version"]);
    if found.is_some_and(|text| text.starts_with(&wanted)) {
        return Ok(bin);
    }
    npm_install(
        &prefix,
        &format!("binaryen@{BINARYEN_VERSION}"),
        "binaryen (wasm-opt)",
    )?;
    Ok(bin)
}

/// Installs axe-core from npm into `<target>/tools/axe`; returns its `axe.min.js`. A prefix
/// of its own: `npm install --no-save` into binaryen's prefix would prune binaryen.
pub fn ensure_axe(target_dir: &Path) -> Result<PathBuf> {
    let script = target_dir.join(AXE_SCRIPT);
    let prefix = workspace::tools_dir(target_dir).join("axe");
    let manifest = prefix.join("node_modules/axe-core/package.json");
    let installed = std::fs::read_to_string(&manifest)
        .ok()
        .and_then(|text| package_version(&text));
    if installed.as_deref() == Some(AXE_VERSION) && script.is_file() {
        return Ok(script);
    }
    npm_install(
        &prefix,
        &format!("axe-core@{AXE_VERSION}"),
        "axe-core (accessibility checks)",
    )?;
    anyhow::ensure!(
        script.is_file(),
        "npm installed axe-core but {} is missing",
        script.display()
    );
    Ok(script)
}

/// `npm install <package>` into `prefix` (npm itself from Debian when missing); `what` names
/// it in the step line.
fn npm_install(prefix: &Path, package: &str, what: &str) -> Result<()> {
    if cmd::probe("npm", &["--version"]).is_none() {
        apt_install(
            &["nodejs", "npm"],
            &format!("Node.js and npm (to install {what})"),
        )?;
    }
    step(&format!("installing {what} from npm: {package}"));
    std::fs::create_dir_all(prefix)
        .with_context(|| format!("cannot create {}", prefix.display()))?;
    let mut npm = cmd::command(
        "npm",
        &[
            "install",
            "--silent",
            "--no-audit",
            "--no-fund",
            "--no-save",
            "--prefix",
        ],
    );
    npm.arg(prefix).arg(package);
    cmd::run_ok(&mut npm)
}

/// The `version` of an npm `package.json`.
fn package_version(manifest: &str) -> Option<String> {
    let manifest: serde_json::Value = serde_json::from_str(manifest).ok()?;
    manifest["version"].as_str().map(str::to_owned)
}

/// Debian's Chromium and ChromeDriver (or `CHROME_BIN` / `CHROMEDRIVER` when set).
pub fn ensure_browser() -> Result<Browser> {
    let find = || {
        let chromium = env::var_os("CHROME_BIN")
            .map(PathBuf::from)
            .or_else(|| which("chromium"));
        let chromedriver = env::var_os("CHROMEDRIVER")
            .map(PathBuf::from)
            .or_else(|| which("chromedriver"));
        chromium.zip(chromedriver)
    };
    if let Some((chromium, chromedriver)) = find() {
        return Ok(Browser {
            chromium,
            chromedriver,
        });
    }
    apt_install(
        &["chromium", "chromium-driver"],
        "Chromium and ChromeDriver (for the browser tests)",
    )?;
    let (chromium, chromedriver) =
        find().context("chromium or chromedriver still missing after installing them")?;
    Ok(Browser {
        chromium,
        chromedriver,
    })
}

/// Installs Debian packages when running as root; otherwise says exactly what to run.
fn apt_install(packages: &[&str], what: &str) -> Result<()> {
    static UPDATED: AtomicBool = AtomicBool::new(false);
    let list = packages.join(" ");
    if cmd::probe("id", &["-u"]).as_deref() != Some("0") {
        bail!("{what} missing: run `sudo apt-get update && sudo apt-get install -y {list}`");
    }
    if cmd::probe("apt-get", &["--version"]).is_none() {
        bail!("{what} missing, and this is not a Debian-like system: install {list} yourself");
    }
    step(&format!("installing {what}: apt-get install {list}"));
    if !UPDATED.swap(true, Ordering::SeqCst) {
        cmd::run_ok(&mut cmd::command("apt-get", &["update", "-qq"]))?;
    }
    let mut install = cmd::command("apt-get", &["install", "-y", "-qq"]);
    install
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive");
    cmd::run_ok(&mut install)
}

/// The first executable called `name` on the `PATH`.
fn which(name: &str) -> Option<PathBuf> {
    env::split_paths(&env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

#[derive(Deserialize)]
struct Lockfile {
    #[serde(default)]
    package: Vec<LockedPackage>,
}

#[derive(Deserialize)]
struct LockedPackage {
    name: String,
    version: String,
}

/// The version of `name` in a Cargo.lock (the first, if several are locked).
pub fn locked_version(lockfile: &str, name: &str) -> Option<String> {
    let lock: Lockfile = toml::from_str(lockfile).ok()?;
    lock.package
        .into_iter()
        .find(|package| package.name == name)
        .map(|package| package.version)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toml_file(relative: &str) -> toml::Table {
        toml::from_str(&workspace::read(relative).unwrap()).unwrap()
    }

    fn trunk_tool(name: &str) -> String {
        toml_file("Trunk.toml")["tools"][name]
            .as_str()
            .unwrap()
            .to_owned()
    }

    #[test]
    fn wasm_bindgen_pin_lockfile_and_trunk_agree() {
        let manifest = toml_file("Cargo.toml");
        let pin = manifest["dependencies"]["wasm-bindgen"].as_str().unwrap();
        let version = pin
            .strip_prefix('=')
            .expect("wasm-bindgen is pinned with `=` in Cargo.toml");
        let locked = locked_version(&workspace::read("Cargo.lock").unwrap(), "wasm-bindgen");
        assert_eq!(locked.as_deref(), Some(version), "Cargo.lock");
        assert_eq!(trunk_tool("wasm_bindgen"), version, "Trunk.toml [tools]");
    }

    #[test]
    fn trunk_wants_the_wasm_opt_that_xtask_installs() {
        let major = BINARYEN_VERSION.split('.').next().unwrap();
        assert_eq!(trunk_tool("wasm_opt"), format!("version_{major}"));
    }

    #[test]
    fn trunk_toml_requires_the_trunk_that_xtask_installs() {
        let requirement = toml_file("Trunk.toml")["trunk-version"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(requirement, format!("^{TRUNK_VERSION}"));
    }

    #[test]
    fn the_e2e_tests_look_for_axe_where_xtask_installs_it() {
        let fallback = workspace::read("e2e/src/axe.rs").unwrap();
        assert!(
            fallback.contains(&format!(".join(\"{AXE_SCRIPT}\")")),
            "e2e/src/axe.rs falls back to another path than <target>/{AXE_SCRIPT}"
        );
        assert_eq!(
            package_version(r#"{"name": "axe-core", "version": "4.14.1"}"#).as_deref(),
            Some("4.14.1")
        );
        assert_eq!(package_version("{}"), None);
    }

    #[test]
    fn locked_version_reads_a_lockfile() {
        let lock = r#"
version = 4

[[package]]
name = "leptos"
version = "0.8.23"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
"#;
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(lock, "absent"), None);
        assert_eq!(locked_version("not toml [", "wasm-bindgen"), None);
    }
}
