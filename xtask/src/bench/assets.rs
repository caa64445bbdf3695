//! The files of a built site and their sizes as a host sends them, and which of them the
//! browser fetched: URLs from the page's Resource Timing entries mapped to files of `dist/`
//! by name, whatever the build named them (hashed, split into chunks, under a sub-path).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};

use crate::precompress;

/// One file of a built site: its name (relative to the site's root, `/`-separated) and sizes
/// in bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

impl Asset {
    /// Sizes computed here, for files the build ships no compressed copies of.
    pub fn of(name: String, bytes: &[u8]) -> Self {
        Self {
            name,
            raw: bytes.len() as u64,
            gzip: precompress::gzip(bytes).len() as u64,
            brotli: precompress::brotli(bytes).len() as u64,
        }
    }

    /// The file at `path`, named `name`, measured by the `.gz` and `.br` copies beside it
    /// (what a host sends) when the build wrote them, else compressed here the same way.
    fn read(path: &Path, name: String) -> Result<Self> {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let copy_len = |ext: &str| {
            std::fs::metadata(path.with_file_name(format!("{file_name}.{ext}"))).map(|m| m.len())
        };
        match (copy_len("gz"), copy_len("br")) {
            (Ok(gzip), Ok(brotli)) => Ok(Self {
                name,
                raw: bytes.len() as u64,
                gzip,
                brotli,
            }),
            _ => Ok(Self::of(name, &bytes)),
        }
    }

    /// Code: a wasm module (the main one or a chunk) or a script (glue, loader, start-up).
    pub fn is_code(&self) -> bool {
        self.name.ends_with(".wasm") || self.name.ends_with(".js")
    }
}

/// Every file of a built site (subfolders included), by name; the `.gz` and `.br` copies are
/// sizes of their originals, not files of their own.
pub fn assets(dir: &Path) -> Result<Vec<Asset>> {
    let mut found = Vec::new();
    walk(dir, "", &mut found)?;
    found.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(found)
}

fn walk(dir: &Path, prefix: &str, found: &mut Vec<Asset>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        let name = format!(
            "{prefix}{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        if path.is_dir() {
            walk(&path, &format!("{name}/"), found)?;
            continue;
        }
        let copy = path
            .extension()
            .is_some_and(|ext| ext == "br" || ext == "gz");
        if path.is_file() && !copy {
            found.push(Asset::read(&path, name)?);
        }
    }
    Ok(())
}

/// The sum of `assets`' sizes, named `name`.
pub fn total<'a>(name: &str, assets: impl IntoIterator<Item = &'a Asset>) -> Asset {
    let mut sum = Asset {
        name: name.to_owned(),
        raw: 0,
        gzip: 0,
        brotli: 0,
    };
    for a in assets {
        sum.raw += a.raw;
        sum.gzip += a.gzip;
        sum.brotli += a.brotli;
    }
    sum
}

/// What a URL the browser fetched was.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    /// A file of the site: its index in the site's assets.
    Asset(usize),
    /// A call to an API (`/v1`, `/api`, `/healthz`, `/_sim`): its path, without the query.
    Api(String),
    /// Anything else (the simulator's default `config.json` when `dist/` has none): its path.
    Other(String),
}

/// The path of `url` (`http://host:port/a/b?q#f` → `/a/b`); a relative URL is its own path.
pub fn url_path(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(url, |at| &url[at + 3..]);
    let path = if url.contains("://") {
        after_scheme.find('/').map_or("/", |at| &after_scheme[at..])
    } else {
        after_scheme
    };
    let end = path.find(['?', '#']).unwrap_or(path.len());
    &path[..end]
}

/// The API's paths: calls, not files of the first load.
const API_PREFIXES: [&str; 4] = ["/v1", "/api", "/healthz", "/_sim"];

/// Which file of `site` (or which API call) `url` fetched. A path ending in `/` is the
/// directory's `index.html` (the page itself); the site may be served under a sub-path, so the
/// longest tail of the path that names a file wins.
pub fn classify(url: &str, site: &[Asset]) -> Fetched {
    let path = url_path(url);
    let is_api = API_PREFIXES.iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    });
    if is_api {
        return Fetched::Api(path.to_owned());
    }
    let file = if path.ends_with('/') || path.is_empty() {
        format!("{path}index.html")
    } else {
        path.to_owned()
    };
    let file = file.trim_start_matches('/');
    // `a/b/c`, then `b/c`, then `c`.
    let tails = std::iter::once(file).chain(file.match_indices('/').map(|(at, _)| &file[at + 1..]));
    for tail in tails {
        if let Some(index) = site.iter().position(|asset| asset.name == tail) {
            return Fetched::Asset(index);
        }
    }
    Fetched::Other(path.to_owned())
}

/// What the browser fetched in one stretch of time (before its first rows; between them and a
/// click), over all runs: each file of the site with the number of runs that fetched it, and
/// the API calls and other URLs, each with its count.
#[derive(Debug, Default, PartialEq)]
pub struct Fetches {
    pub runs: usize,
    /// Files of the site, in the site's order, with the runs that fetched them.
    pub files: Vec<(Asset, usize)>,
    pub api: BTreeMap<String, usize>,
    pub other: BTreeMap<String, usize>,
}

impl Fetches {
    /// `runs` holds, for each run, the URLs fetched (a URL fetched twice in a run counts once).
    pub fn of(runs: &[Vec<String>], site: &[Asset]) -> Self {
        let mut counts = vec![0usize; site.len()];
        let mut api = BTreeMap::new();
        let mut other = BTreeMap::new();
        for urls in runs {
            let mut seen: Vec<Fetched> = urls.iter().map(|url| classify(url, site)).collect();
            seen.sort_by_key(|fetched| format!("{fetched:?}"));
            seen.dedup();
            for fetched in seen {
                match fetched {
                    Fetched::Asset(index) => counts[index] += 1,
                    Fetched::Api(path) => *api.entry(path).or_insert(0) += 1,
                    Fetched::Other(path) => *other.entry(path).or_insert(0) += 1,
                }
            }
        }
        let files = site
            .iter()
            .zip(counts)
            .filter(|(_, count)| *count > 0)
            .map(|(asset, count)| (asset.clone(), count))
            .collect();
        Self {
            runs: runs.len(),
            files,
            api,
            other,
        }
    }

    /// The bytes of every file any run fetched (an upper bound of each run's: a file that
    /// only some runs fetched counts too).
    pub fn total(&self) -> Asset {
        total("fetched", self.files.iter().map(|(asset, _)| asset))
    }

    /// Whether every run fetched the same files.
    pub fn same_in_every_run(&self) -> bool {
        self.files.iter().all(|(_, count)| *count == self.runs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(name: &str, gzip: u64) -> Asset {
        Asset {
            name: name.to_owned(),
            raw: gzip * 3,
            gzip,
            brotli: gzip - 1,
        }
    }

    fn site() -> Vec<Asset> {
        vec![
            asset("index.html", 800),
            asset("jobscope-0123456789abcdef.js", 12_000),
            asset("jobscope-0123456789abcdef_bg.wasm", 120_000),
            asset("split_drawer-fedcba9876543210.wasm", 30_000),
            asset("main-00ff00ff00ff00ff.css", 5_000),
        ]
    }

    #[test]
    fn compressed_sizes_shrink_repetitive_text() {
        let text = "jobscope ".repeat(1_000);
        let asset = Asset::of("a.txt".into(), text.as_bytes());
        assert_eq!(asset.raw, 9_000);
        assert!(asset.gzip > 0 && asset.gzip < 200, "{asset:?}");
        assert!(asset.brotli > 0 && asset.brotli <= asset.gzip, "{asset:?}");
    }

    #[test]
    fn a_builds_compressed_copies_are_what_is_measured() {
        let dir = std::env::temp_dir().join(format!("jobscope-bench-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("chunks")).unwrap();
        let text = "jobscope ".repeat(1_000);
        std::fs::write(dir.join("app.js"), &text).unwrap();
        std::fs::write(dir.join("app.js.gz"), [0u8; 123]).unwrap();
        std::fs::write(dir.join("app.js.br"), [0u8; 45]).unwrap();
        std::fs::write(dir.join("index.html"), &text).unwrap();
        std::fs::write(dir.join("chunks").join("a.wasm"), &text).unwrap();
        std::fs::write(dir.join("chunks").join("a.wasm.gz"), [0u8; 67]).unwrap();
        std::fs::write(dir.join("chunks").join("a.wasm.br"), [0u8; 8]).unwrap();
        let found = assets(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            found.len(),
            3,
            "copies are not assets of their own: {found:?}"
        );
        assert_eq!(
            (found[0].name.as_str(), found[0].gzip, found[0].brotli),
            ("app.js", 123, 45)
        );
        assert_eq!(
            (found[1].name.as_str(), found[1].gzip, found[1].brotli),
            ("chunks/a.wasm", 67, 8),
            "a subfolder's files are named by their path in the site"
        );
        assert_eq!(found[2], Asset::of("index.html".into(), text.as_bytes()));
    }

    #[test]
    fn code_is_every_wasm_and_script() {
        let code: Vec<_> = site()
            .into_iter()
            .filter(Asset::is_code)
            .map(|a| a.name)
            .collect();
        assert_eq!(
            code,
            [
                "jobscope-0123456789abcdef.js",
                "jobscope-0123456789abcdef_bg.wasm",
                "split_drawer-fedcba9876543210.wasm"
            ]
        );
        let sum = total("code", site().iter().filter(|a| a.is_code()));
        assert_eq!((sum.raw, sum.gzip, sum.brotli), (486_000, 162_000, 161_997));
    }

    #[test]
    fn url_paths_lose_origin_query_and_fragment() {
        assert_eq!(url_path("http://127.0.0.1:8787/a/b.js?v=1#x"), "/a/b.js");
        assert_eq!(url_path("http://127.0.0.1:8787"), "/");
        assert_eq!(url_path("http://127.0.0.1:8787/?status=FAILED"), "/");
        assert_eq!(url_path("./x.wasm"), "./x.wasm");
    }

    #[test]
    fn fetched_urls_map_to_the_sites_files_and_api_calls_do_not() {
        let site = site();
        let origin = "http://127.0.0.1:41234";
        let cases = [
            ("/", Fetched::Asset(0)),
            ("/?status=FAILED&job=j1", Fetched::Asset(0)),
            ("/jobscope-0123456789abcdef.js", Fetched::Asset(1)),
            ("/split_drawer-fedcba9876543210.wasm", Fetched::Asset(3)),
            // Under a sub-path: the site's own name is the tail of the path.
            ("/tools/jobs/", Fetched::Asset(0)),
            ("/tools/jobs/main-00ff00ff00ff00ff.css", Fetched::Asset(4)),
            ("/v1/jobs?limit=100", Fetched::Api("/v1/jobs".into())),
            ("/api/jobs", Fetched::Api("/api/jobs".into())),
            ("/healthz", Fetched::Api("/healthz".into())),
            // Not an API path, only a name that starts like one.
            ("/v1x.js", Fetched::Other("/v1x.js".into())),
            ("/config.json", Fetched::Other("/config.json".into())),
        ];
        for (path, expected) in cases {
            assert_eq!(
                classify(&format!("{origin}{path}"), &site),
                expected,
                "{path}"
            );
        }
    }

    #[test]
    fn the_first_load_counts_each_file_once_per_run_and_keeps_api_calls_apart() {
        let site = site();
        let url = |path: &str| format!("http://127.0.0.1:9/{path}");
        let common = vec![
            url(""),
            url("jobscope-0123456789abcdef.js"),
            url("jobscope-0123456789abcdef_bg.wasm"),
            url("main-00ff00ff00ff00ff.css"),
            url("config.json"),
            url("v1/jobs?limit=100"),
        ];
        let mut second = common.clone();
        // The second run also fetched the drawer's chunk before its first rows, and its page
        // twice.
        second.push(url("split_drawer-fedcba9876543210.wasm"));
        second.push(url("v1/jobs?limit=100"));
        let load = Fetches::of(&[common.clone(), second], &site);
        assert_eq!(load.runs, 2);
        let files: Vec<_> = load
            .files
            .iter()
            .map(|(a, n)| (a.name.as_str(), *n))
            .collect();
        assert_eq!(
            files,
            [
                ("index.html", 2),
                ("jobscope-0123456789abcdef.js", 2),
                ("jobscope-0123456789abcdef_bg.wasm", 2),
                ("split_drawer-fedcba9876543210.wasm", 1),
                ("main-00ff00ff00ff00ff.css", 2),
            ]
        );
        assert_eq!(load.total().gzip, 800 + 12_000 + 120_000 + 30_000 + 5_000);
        assert!(!load.same_in_every_run());
        assert_eq!(load.api, BTreeMap::from([("/v1/jobs".to_owned(), 2)]));
        assert_eq!(load.other, BTreeMap::from([("/config.json".to_owned(), 2)]));

        let steady = Fetches::of(&[common.clone(), common], &site);
        assert!(steady.same_in_every_run());
        assert_eq!(steady.total().gzip, 800 + 12_000 + 120_000 + 5_000);
        assert_eq!(steady.total().brotli, 799 + 11_999 + 119_999 + 4_999);
    }
}
