//! Installing what is missing, and nothing else: each tool is probed first (silently) and
//! installed only when absent or at the wrong version. Everything missing is installed at
//! once, in parallel ([`crate::install`]); then each tool is found again, or the task stops
//! saying which one is still missing.

use std::env;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::browsers::{self, Browsers};
use crate::cmd;
use crate::install::{self, Install, Lane};
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

/// What a task needs installed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// `cargo xtask demo`: the build tools.
    Demo,
    /// `cargo xtask test`: the build tools, Chromium, Firefox and WebKit with their drivers,
    /// and axe-core.
    Test,
    /// `cargo xtask bench`: the build tools and Chromium.
    Bench,
}

/// Every tool a task needs, found or installed.
pub struct Tools {
    pub build: BuildTools,
    pub browsers: Browsers,
    /// axe-core's `axe.min.js` (`test` only).
    pub axe: Option<PathBuf>,
}

/// Finds every tool `purpose` needs and installs, all at once, whatever is missing.
pub fn ensure(target_dir: &Path, purpose: Purpose) -> Result<Tools> {
    let mut plan = Plan::default();
    let bindgen_version = locked_version(&workspace::read("Cargo.lock")?, "wasm-bindgen")
        .context("Cargo.lock has no wasm-bindgen")?;

    if !wasm_target_installed()? {
        plan.lanes.push(vec![Install::new(
            format!("the Rust target {WASM_TARGET}"),
            "rustup-target",
            cmd::command("rustup", &["target", "add", WASM_TARGET]),
        )]);
    }
    if cmd::probe("trunk", &["--version"]).as_deref() != Some(&*format!("trunk {TRUNK_VERSION}")) {
        plan.lanes.push(vec![cargo_install(
            "trunk",
            TRUNK_VERSION,
            &["--locked"],
            "trunk",
        )]);
    }
    if !wasm_bindgen_installed(&bindgen_version) {
        // Not `--locked`: the registry mirror lacks one of its locked dependencies.
        plan.lanes.push(vec![cargo_install(
            "wasm-bindgen-cli",
            &bindgen_version,
            &["--force"],
            "wasm-bindgen-cli",
        )]);
    }

    let tools_dir = workspace::tools_dir(target_dir);
    let wasm_opt_bin = tools_dir.join("node_modules").join(".bin");
    if !wasm_opt_installed(&wasm_opt_bin) {
        plan.npm.push(npm_install(
            &tools_dir,
            &format!("binaryen@{BINARYEN_VERSION}"),
            "binaryen (wasm-opt)",
            "npm-binaryen",
        ));
    }
    let axe = (purpose == Purpose::Test).then(|| target_dir.join(AXE_SCRIPT));
    if let Some(script) = &axe
        && !axe_installed(target_dir, script)
    {
        // A prefix of its own: `npm install --no-save` into binaryen's prefix would prune it.
        plan.npm.push(npm_install(
            &tools_dir.join("axe"),
            &format!("axe-core@{AXE_VERSION}"),
            "axe-core (accessibility checks)",
            "npm-axe",
        ));
    }
    browsers::plan(purpose, &mut plan);

    plan.run(&tools_dir.join("logs"))?;

    let mut paths = vec![wasm_opt_bin];
    paths.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    let path = env::join_paths(paths).context("a PATH entry contains a separator")?;
    if let Some(script) = &axe {
        anyhow::ensure!(
            script.is_file(),
            "npm installed axe-core but {} is missing",
            script.display()
        );
    }
    Ok(Tools {
        build: BuildTools { path },
        browsers: browsers::find(purpose)?,
        axe,
    })
}

/// What is missing, as installs: parallel lanes, Debian packages (one `apt-get` for all),
/// and npm packages (after Debian's npm when that is missing too).
#[derive(Default)]
pub struct Plan {
    pub lanes: Vec<Lane>,
    pub apt: Vec<&'static str>,
    /// Why the Debian packages are wanted, for the step line.
    pub apt_why: Vec<&'static str>,
    pub npm: Vec<Install>,
}

impl Plan {
    /// Adds Debian `packages` (needed for `why`) to the one `apt-get install`.
    pub fn apt(&mut self, packages: &[&'static str], why: &'static str) {
        for package in packages {
            if !self.apt.contains(package) {
                self.apt.push(package);
            }
        }
        self.apt_why.push(why);
    }

    /// Runs every install at once. Without root, Debian's packages cannot be installed: the
    /// rest still is, then the error says what to run.
    fn run(mut self, log_dir: &Path) -> Result<()> {
        if !self.npm.is_empty() && cmd::probe("npm", &["--version"]).is_none() {
            self.apt(&["nodejs", "npm"], "npm");
        }
        let npm_waits = self.apt.contains(&"npm");
        let mut lanes = self.lanes;
        let mut blocked = None;
        if !self.apt.is_empty() {
            // apt-get cannot run twice at once: one install for every package.
            match apt_install(&self.apt, &self.apt_why.join(", ")) {
                Ok(apt) if npm_waits => {
                    let mut lane = vec![apt];
                    lane.append(&mut self.npm);
                    lanes.push(lane);
                }
                Ok(apt) => lanes.extend([vec![apt], self.npm]),
                Err(err) => {
                    blocked = Some(err);
                    if !npm_waits {
                        lanes.push(self.npm);
                    }
                }
            }
        } else {
            lanes.push(self.npm);
        }
        let ran = install::run_all(lanes, log_dir);
        match (blocked, ran) {
            (None, ran) => ran,
            (Some(blocked), Ok(())) => Err(blocked),
            (Some(blocked), Err(failed)) => bail!("{blocked:#}; and {failed:#}"),
        }
    }
}

/// The tools a build needs, found or installed; `path` puts project-local ones first.
pub struct BuildTools {
    pub path: OsString,
}

/// Environment variables trunk 0.21 reads as its own flags, and refuses in the values other
/// programs take: `NO_COLOR=1` (trunk's `--no-color` is a boolean flag: only `true` or
/// `false`) and `RUST_LOG` (trunk's `--log`, which conflicts with `--quiet`).
/// [`trunk_command`] keeps them out of trunk's environment and passes trunk's own flags.
pub const TRUNK_FLAG_VARS: [&str; 2] = ["NO_COLOR", "RUST_LOG"];

impl BuildTools {
    /// `trunk build --release` into `dist/`, with the project-local tools first on the PATH.
    pub fn trunk_release(&self) -> Command {
        self.trunk(&["build", "--release"])
    }

    /// `trunk <args>` as every task runs it ([`trunk_command`] in this process's environment).
    pub fn trunk(&self, args: &[&str]) -> Command {
        trunk_command(args, &self.path, env::vars_os())
    }
}

/// `trunk <args>` in the workspace with `env` as its environment (and `path` as its PATH),
/// made safe for trunk's command line: the [`TRUNK_FLAG_VARS`] are left out, and `NO_COLOR`
/// (any non-empty value, as <https://no-color.org> says) becomes `--color never`. Quiet, and
/// without trunk's online version check (the machines reach no crates.io API).
pub fn trunk_command<K, V>(
    args: &[&str],
    path: &OsStr,
    env: impl IntoIterator<Item = (K, V)>,
) -> Command
where
    K: AsRef<OsStr>,
    V: AsRef<OsStr>,
{
    let mut no_color = false;
    let mut command = Command::new("trunk");
    command.env_clear();
    for (key, value) in env {
        let (key, value) = (key.as_ref(), value.as_ref());
        if key == "NO_COLOR" {
            no_color = !value.is_empty();
        }
        if !TRUNK_FLAG_VARS.iter().any(|flag| key == *flag) {
            command.env(key, value);
        }
    }
    command
        .env("PATH", path)
        .args(["--quiet", "--skip-version-check", "--color"])
        .arg(if no_color { "never" } else { "auto" })
        .args(args)
        .current_dir(workspace::root());
    command
}

fn wasm_target_installed() -> Result<bool> {
    match cmd::probe("rustup", &["target", "list", "--installed"]) {
        Some(list) => Ok(list.lines().any(|line| line.trim() == WASM_TARGET)),
        None => bail!(
            "rustup not found: install Rust with rustup, then `rustup target add {WASM_TARGET}`"
        ),
    }
}

fn wasm_bindgen_installed(version: &str) -> bool {
    let bindgen = cmd::probe("wasm-bindgen", &["--version"]);
    let runner = cmd::probe("wasm-bindgen-test-runner", &["--version"]);
    bindgen.as_deref() == Some(&*format!("wasm-bindgen {version}"))
        && runner.as_deref() == Some(&*format!("wasm-bindgen-test-runner {version}"))
}

/// `cargo install <krate> --version <version> <flags>`.
pub fn cargo_install(krate: &str, version: &str, flags: &[&str], slug: &'static str) -> Install {
    let mut command = cmd::command(
        &workspace::cargo(),
        &["install", krate, "--version", version],
    );
    command.args(flags);
    Install::new(format!("{krate} {version} (cargo install)"), slug, command)
}

/// binaryen's `wasm-opt` in `bin`, at the pinned major version.
fn wasm_opt_installed(bin: &Path) -> bool {
    let major = BINARYEN_VERSION
        .split('.')
        .next()
        .unwrap_or(BINARYEN_VERSION);
    let found = cmd::probe(&bin.join("wasm-opt").to_string_lossy(), &["--version"]);
    found.is_some_and(|text| text.starts_with(&format!("wasm-opt version {major}")))
}

fn axe_installed(target_dir: &Path, script: &Path) -> bool {
    let manifest = workspace::tools_dir(target_dir)
        .join("axe")
        .join("node_modules/axe-core/package.json");
    let installed = std::fs::read_to_string(&manifest)
        .ok()
        .and_then(|text| package_version(&text));
    installed.as_deref() == Some(AXE_VERSION) && script.is_file()
}

/// `npm install <package>` into `prefix`.
fn npm_install(prefix: &Path, package: &str, what: &str, slug: &'static str) -> Install {
    // npm does not create its prefix.
    let mut mkdir = Command::new("mkdir");
    mkdir.arg("-p").arg(prefix);
    let mut npm = cmd::command(
        "npm",
        &[
            "install",
            "--no-audit",
            "--no-fund",
            "--no-save",
            "--prefix",
        ],
    );
    npm.arg(prefix).arg(package);
    let by_hand = install::command_line(&npm);
    Install {
        name: format!("{what} from npm: {package}"),
        slug,
        steps: vec![mkdir, npm],
        by_hand,
    }
}

/// `apt-get update` and one `apt-get install` of `packages` when running as root; otherwise
/// an error saying exactly what to run.
fn apt_install(packages: &[&str], why: &str) -> Result<Install> {
    let list = packages.join(" ");
    if cmd::probe("id", &["-u"]).as_deref() != Some("0") {
        bail!("missing: {why}: run `sudo apt-get update && sudo apt-get install -y {list}`");
    }
    if cmd::probe("apt-get", &["--version"]).is_none() {
        bail!("missing: {why}; this is not a Debian-like system: install {list} yourself");
    }
    let mut update = cmd::command("apt-get", &["update", "-qq"]);
    update.env("DEBIAN_FRONTEND", "noninteractive");
    let mut install = cmd::command("apt-get", &["install", "-y", "-qq"]);
    install
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive");
    Ok(Install {
        name: format!("{why} (apt-get install {list})"),
        slug: "apt",
        steps: vec![update, install],
        by_hand: format!("apt-get update && apt-get install -y {list}"),
    })
}

/// The `version` of an npm `package.json`.
fn package_version(manifest: &str) -> Option<String> {
    let manifest: serde_json::Value = serde_json::from_str(manifest).ok()?;
    manifest["version"].as_str().map(str::to_owned)
}

/// The first executable called `name` on the `PATH`.
pub fn which(name: &str) -> Option<PathBuf> {
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

    /// Runs `trunk <args>` through [`trunk_command`] in this environment plus `extra`, with
    /// stdin from /dev/null and stdout a pipe (no terminal): its exit status and stderr.
    fn trunk_under(args: &[&str], extra: &[(&str, &str)]) -> (bool, String) {
        let path = env::var_os("PATH").unwrap_or_default();
        let mut vars: Vec<(OsString, OsString)> = env::vars_os().collect();
        vars.extend(
            extra
                .iter()
                .map(|(key, value)| ((*key).into(), (*value).into())),
        );
        let output = trunk_command(args, &path, vars)
            .stdin(std::process::Stdio::null())
            .output()
            .expect("trunk starts");
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// `trunk`, or `None` (with the reason printed) when it is not installed: `cargo xtask
    /// test` installs it before the tests run, so there it always runs.
    fn installed_trunk() -> Option<()> {
        let version = cmd::probe("trunk", &["--version"]);
        if version.is_none() {
            println!("SKIPPED: trunk is not installed here (`cargo xtask test` installs it first)");
        }
        version.map(drop)
    }

    #[test]
    fn trunk_runs_under_no_color_ci_and_rust_log_without_a_terminal() {
        if installed_trunk().is_none() {
            return;
        }
        // `config show` parses trunk's global flags and reads Trunk.toml, as `build` does.
        for no_color in ["1", "true", "yes", "0", ""] {
            for extra in [
                vec![("NO_COLOR", no_color)],
                vec![("NO_COLOR", no_color), ("CI", "true")],
                vec![("NO_COLOR", no_color), ("CI", "1"), ("RUST_LOG", "info")],
            ] {
                let (ok, stderr) = trunk_under(&["config", "show"], &extra);
                assert!(ok, "trunk failed under {extra:?}:\n{stderr}");
            }
        }
    }

    #[test]
    fn the_faults_are_real_trunk_alone_refuses_no_color_1_and_rust_log() {
        if installed_trunk().is_none() {
            return;
        }
        // What the builder guards against: trunk 0.21 run as the xtask ran it before
        // (`trunk --quiet …` in the caller's environment) stops at once.
        for (var, value, flag) in [
            ("NO_COLOR", "1", "--no-color"),
            ("RUST_LOG", "info", "--log"),
        ] {
            let output = Command::new("trunk")
                .args(["--quiet", "config", "show"])
                .current_dir(workspace::root())
                // Each variable alone: CI itself runs with NO_COLOR=1.
                .env_remove("NO_COLOR")
                .env_remove("RUST_LOG")
                .env(var, value)
                .stdin(std::process::Stdio::null())
                .output()
                .expect("trunk starts");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                !output.status.success() && stderr.contains(flag),
                "trunk {TRUNK_VERSION} accepts {var}={value} now; the builder's workaround may \
                 go: {stderr}"
            );
        }
    }

    #[test]
    fn the_builder_leaves_trunks_flag_variables_out_and_maps_no_color() {
        let command = trunk_command(
            &["build", "--release"],
            OsStr::new("/bin"),
            [
                ("NO_COLOR", "1"),
                ("RUST_LOG", "debug"),
                ("CI", "true"),
                ("HOME", "/root"),
            ],
        );
        let envs: Vec<(String, Option<String>)> = command
            .get_envs()
            .map(|(key, value)| {
                (
                    key.to_string_lossy().into_owned(),
                    value.map(|value| value.to_string_lossy().into_owned()),
                )
            })
            .collect();
        for flag in TRUNK_FLAG_VARS {
            assert!(
                !envs
                    .iter()
                    .any(|(key, value)| key == flag && value.is_some()),
                "{flag} reaches trunk: {envs:?}"
            );
        }
        assert!(envs.contains(&("CI".into(), Some("true".into()))));
        assert!(envs.contains(&("PATH".into(), Some("/bin".into()))));
        let args: Vec<String> = command
            .get_args()
            .map(|arg| arg.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            args,
            [
                "--quiet",
                "--skip-version-check",
                "--color",
                "never",
                "build",
                "--release"
            ]
        );
        let plain = trunk_command(&["build"], OsStr::new("/bin"), [("NO_COLOR", "")]);
        assert!(
            plain.get_args().any(|arg| arg == "auto"),
            "an empty NO_COLOR is unset"
        );
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
