//! The split release build (issue 16): its files (the main module, the `split_*`/`chunk_*`
//! wasm chunks the app fetches on first use), which of them the page fetched and when, a
//! throw-away copy of `dist/` whose chunks a test can take away and put back (as a deploy that
//! replaced the files would), a plain HTTP/1.1 GET that names its own `Accept-Encoding` (a
//! browser's `fetch` may not), and the parts of the page each chunk draws.

mod http;
pub mod parts;

pub use http::{RawResponse, http_get};

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use fantoccini::Client;
use serde_json::Value;

use crate::list::js;
use crate::process::dist_dir;

/// Every `.wasm` the page fetched and the parts' stylesheet (`parts-<16 hex>.css`, which comes
/// with them), in the order the fetches started: `{ file, path, start }`
/// (the file's name, its path on the origin, and its `startTime` in ms), and `mark`, the
/// `jobscope:first-rows` mark's time (`null` before the first rows). Resource Timing lists a
/// fetch once it has finished; a cached fetch is listed too.
const WASM_FETCHED: &str = r#"
    const mark = performance.getEntriesByName('jobscope:first-rows')[0]?.startTime ?? null;
    const wasm = performance.getEntriesByType('resource')
        .map((entry) => ({ url: new URL(entry.name), start: entry.startTime }))
        .filter(({ url }) => url.origin === location.origin
            && (url.pathname.endsWith('.wasm') || /\/parts-[0-9a-f]{16}\.css$/.test(url.pathname)))
        .sort((a, b) => a.start - b.start)
        .map(({ url, start }) => ({ file: url.pathname.split('/').pop(), path: url.pathname, start }));
    return { mark, wasm };
"#;

/// What [`wasm_fetched`] answers.
#[derive(Debug, Clone)]
pub struct WasmFetched {
    /// When the first rows were on screen (`jobscope:first-rows`), ms since navigation.
    pub mark: Option<f64>,
    /// Each fetch: file name, path, start time (ms since navigation). The parts' stylesheet is
    /// among them.
    pub wasm: Vec<(String, String, f64)>,
}

impl WasmFetched {
    /// The file names fetched at or after `since` (ms), in order.
    pub fn files_since(&self, since: f64) -> Vec<String> {
        self.wasm
            .iter()
            .filter(|(_, _, start)| *start >= since)
            .map(|(file, _, _)| file.clone())
            .collect()
    }

    /// The file names whose fetch started before `before` (ms), in order.
    pub fn files_before(&self, before: f64) -> Vec<String> {
        self.wasm
            .iter()
            .filter(|(_, _, start)| *start < before)
            .map(|(file, _, _)| file.clone())
            .collect()
    }

    /// How many fetches of a file whose name starts with `prefix` (`split_drawer-`).
    pub fn count(&self, prefix: &str) -> usize {
        self.wasm
            .iter()
            .filter(|(file, _, _)| file.starts_with(prefix))
            .count()
    }
}

/// The `.wasm` files (and the parts' stylesheet) the page fetched so far (Resource Timing),
/// with the first rows' mark.
pub async fn wasm_fetched(client: &Client) -> WasmFetched {
    let answer = js(client, WASM_FETCHED).await;
    let wasm = answer["wasm"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|entry: &Value| {
            (
                entry["file"].as_str().unwrap_or_default().to_owned(),
                entry["path"].as_str().unwrap_or_default().to_owned(),
                entry["start"].as_f64().unwrap_or(f64::NAN),
            )
        })
        .collect();
    WasmFetched {
        mark: answer["mark"].as_f64(),
        wasm,
    }
}

/// How long the idle prefetch may take to start and finish: `requestIdleCallback` with a 2 s
/// deadline (200 ms where it is missing, `src/chunks.rs`), then a few small fetches.
pub const PREFETCH_TIMEOUT: Duration = Duration::from_secs(15);

/// Waits (at most [`PREFETCH_TIMEOUT`]) until `done` holds for the page's `.wasm` fetches,
/// and answers them; panics saying `what` it waited for, with the files fetched.
pub async fn wait_for_fetches(
    client: &Client,
    what: &str,
    done: impl Fn(&WasmFetched) -> bool,
) -> WasmFetched {
    let deadline = tokio::time::Instant::now() + PREFETCH_TIMEOUT;
    loop {
        let fetched = wasm_fetched(client).await;
        if done(&fetched) {
            return fetched;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no {what} within {PREFETCH_TIMEOUT:?}; fetched: {:?}",
            fetched.wasm
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The page's clock (`performance.now()`, ms since navigation), to compare with fetch times.
pub async fn page_now(client: &Client) -> f64 {
    js(client, "return performance.now();")
        .await
        .as_f64()
        .unwrap_or(f64::NAN)
}

/// The names of the files in `dir`, sorted.
pub fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The main module of the build in `dir`: `jobscope-<hash>_bg.wasm`.
pub fn main_module(dir: &Path) -> String {
    let names: Vec<String> = file_names(dir)
        .into_iter()
        .filter(|name| name.ends_with("_bg.wasm"))
        .collect();
    assert_eq!(names.len(), 1, "one main module in {}", dir.display());
    names.into_iter().next().unwrap_or_default()
}

/// The chunks of the build in `dir` (`split_<name>-<hash>.wasm`, one per split point, and
/// the shared `chunk_<n>-<hash>.wasm`), without their `.br`/`.gz` copies; panics if there is
/// no `split_*` (the build is not split: `trunk build --release` runs the split).
pub fn chunk_files(dir: &Path) -> Vec<String> {
    let chunks: Vec<String> = file_names(dir)
        .into_iter()
        .filter(|name| {
            (name.starts_with("split_") || name.starts_with("chunk_")) && name.ends_with(".wasm")
        })
        .collect();
    assert!(
        chunks.iter().any(|name| name.starts_with("split_")),
        "no split_*.wasm in {}: is it a split release build (`trunk build --release`)?",
        dir.display()
    );
    chunks
}

/// The split chunk named `name` (`drawer`, `export`…) in `dir`: `split_<name>-<hash>.wasm`.
pub fn split_file(dir: &Path, name: &str) -> String {
    let prefix = format!("split_{name}-");
    chunk_files(dir)
        .into_iter()
        .find(|file| file.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no {prefix}*.wasm in {}", dir.display()))
}

/// The parts' stylesheet of the build in `dir` (`parts-<hash>.css`).
pub fn parts_stylesheet(dir: &Path) -> String {
    file_names(dir)
        .into_iter()
        .find(|file| file.starts_with("parts-") && file.ends_with(".css"))
        .unwrap_or_else(|| panic!("no parts-*.css in {}", dir.display()))
}

/// A copy of the release `dist/` in a temporary folder, removed when dropped; the original
/// is never touched.
pub struct DistCopy {
    root: PathBuf,
}

impl DistCopy {
    /// Copies [`dist_dir`] (the files at its top level, as trunk writes them).
    pub fn new() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "jobscope-e2e-dist-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&root);
        for dir in [root.join("dist"), root.join("held")] {
            std::fs::create_dir_all(&dir)
                .unwrap_or_else(|err| panic!("cannot create {}: {err}", dir.display()));
        }
        let source = dist_dir();
        for name in file_names(&source) {
            let from = source.join(&name);
            if from.is_file() {
                std::fs::copy(&from, root.join("dist").join(&name))
                    .unwrap_or_else(|err| panic!("cannot copy {}: {err}", from.display()));
            }
        }
        Self { root }
    }

    /// The copy, to serve (`Sim::serving`, `with_site`).
    pub fn dir(&self) -> PathBuf {
        self.root.join("dist")
    }

    /// Takes `file` and its `.br`/`.gz` copies out of the served folder (as a deploy that
    /// replaced the files would); answers the names taken.
    pub fn take_away(&self, file: &str) -> Vec<String> {
        self.shift(file, &self.dir(), &self.root.join("held"))
    }

    /// Puts back what [`DistCopy::take_away`] took for `file`; answers the names restored.
    pub fn put_back(&self, file: &str) -> Vec<String> {
        self.shift(file, &self.root.join("held"), &self.dir())
    }

    fn shift(&self, file: &str, from: &Path, to: &Path) -> Vec<String> {
        let mut moved = Vec::new();
        for name in [file.to_owned(), format!("{file}.br"), format!("{file}.gz")] {
            if from.join(&name).is_file() {
                std::fs::rename(from.join(&name), to.join(&name))
                    .unwrap_or_else(|err| panic!("cannot move {name}: {err}"));
                moved.push(name);
            }
        }
        assert!(!moved.is_empty(), "no {file} in {}", from.display());
        moved
    }
}

impl Default for DistCopy {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for DistCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}
