//! The split release build, end to end (issue 16, items 1 and 2): the first screen fetches
//! only the main module; once the first rows are there the parts' stylesheet and the drawer's
//! chunk are prefetched when the browser is idle, so the first click opens it without a fetch, while the Booper chunk
//! and the notices are fetched only when shown; every chunk is served content-hashed as immutable and
//! precompressed; each chunk loads under a sub-path and under the strict
//! Content-Security-Policy. A chunk that cannot load: `chunk_failures.rs`.

use fantoccini::key::Key;
use jobscope_e2e::app::{CAPTURE_DOWNLOADS, export, save_settings, set_refresh};
use jobscope_e2e::chunks::parts::{
    chunk_errors_shown, close_drawer, csp_violations_seen, first_row_id, open_and_cancel_settings,
    open_drawer, wait_no_open_dialog, watch_csp_violations,
};
use jobscope_e2e::chunks::{
    chunk_files, file_names, http_get, main_module, page_now, split_file, wait_for_fetches,
    wasm_fetched,
};
use jobscope_e2e::list::{FROZEN_3000, click, js, open_list, wait_for_js};
use jobscope_e2e::process::{Sim, dist_dir};
use jobscope_e2e::security::{browser_log, csp_violations};
use jobscope_e2e::with_app;
use serde_json::json;

const BASE: &str = "/tools/jobs/";

/// What `cache_control` must say for every content-hashed file (`sim/src/dist.rs`).
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The split points (`src/chunks.rs`), each a `split_<name>-<hash>.wasm`.
const SPLIT_POINTS: [&str; 8] = [
    "drawer",
    "insights",
    "cancel_dialog",
    "settings",
    "keyboard_help",
    "export",
    "booper",
    "notices",
];

fn under_base() -> Vec<&'static str> {
    let mut args = FROZEN_3000.to_vec();
    args.extend(["--base-path", BASE]);
    args
}

#[tokio::test]
async fn the_first_screen_fetches_only_the_main_module_and_the_drawer_is_prefetched_when_idle() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        // No live refresh: only the app's own fetches in Resource Timing.
        set_refresh(&client, &env.base_url, "off").await;
        let dist = dist_dir();
        let main = main_module(&dist);
        let drawer = split_file(&dist, "drawer");
        // Not prefetched: the Booper chunk is for a Booper list only, the notices for an API
        // that sends one (this one does not). Insights, a page away, is prefetched last.
        let on_demand = [split_file(&dist, "booper"), split_file(&dist, "notices")];
        let prefetch: Vec<String> = chunk_files(&dist)
            .into_iter()
            .filter(|chunk| chunk.starts_with("split_") && !on_demand.contains(chunk))
            .collect();
        open_list(&env, "/").await;
        // Each `load` of a `<link>` from now on: the parts' stylesheet loads once (WebKit
        // once loaded it again at every redraw of its element, ~150 times a second).
        js(
            &client,
            "window.__linkLoads = 0;
             document.addEventListener('load', (event) => {
                 if (event.target.tagName === 'LINK') window.__linkLoads += 1;
             }, true);
             return null;",
        )
        .await;

        // At the first rows: the main module, and nothing else, was fetched.
        let at_rows = wait_for_fetches(&client, "first rows' mark", |f| f.mark.is_some()).await;
        let mark = at_rows.mark.unwrap_or_default();
        let before = at_rows.files_before(mark);
        assert!(before.contains(&main), "the main module before the first rows: {before:?}");
        assert!(before.iter().all(|file| *file == main), "only {main} before the first rows: {before:?}");

        // When idle: the drawer first, then every other chunk (and the shared ones they need).
        let prefetched = wait_for_fetches(&client, "prefetch of the drawer's chunk", |f| {
            f.count("split_drawer-") > 0
        })
        .await;
        let splits: Vec<String> =
            prefetched.files_since(mark).into_iter().filter(|f| f.starts_with("split_")).collect();
        assert_eq!(splits.first(), Some(&drawer), "the drawer is prefetched first: {splits:?}");
        let all = wait_for_fetches(&client, "prefetch of every other part", |f| {
            prefetch.iter().all(|chunk| f.count(chunk) > 0)
        })
        .await;
        // A fetch started before the first rows and ended after is listed only now.
        let before = all.files_before(mark);
        assert!(before.iter().all(|file| *file == main), "only {main} before the first rows: {before:?}");
        for chunk in &prefetch {
            assert_eq!(all.count(chunk), 1, "{chunk} fetched once: {:?}", all.wasm);
        }
        for chunk in chunk_files(&dist) {
            assert!(all.count(&chunk) <= 1, "{chunk} fetched once at most: {:?}", all.wasm);
        }
        for chunk in &on_demand {
            assert_eq!(all.count(chunk), 0, "{chunk} is not needed: {:?}", all.wasm);
        }
        // The parts' stylesheet too (not before the first rows: checked above), once.
        assert_eq!(all.count("parts-"), 1, "the parts' stylesheet fetched once: {:?}", all.wasm);

        // The first click on a row opens the drawer with its content, fetching no code.
        let id = first_row_id(&client).await;
        let clicked = page_now(&client).await;
        open_drawer(&client, &id).await;
        let after = wasm_fetched(&client).await;
        assert_eq!(after.files_since(clicked), Vec::<String>::new(), "wasm fetched after the click");
        assert_eq!(after.count(&drawer), 1);
        assert_eq!(
            js(&client, "return document.querySelectorAll('[data-chunk-error], [data-chunk-loading]').length;").await,
            json!(0)
        );
        let loads = js(&client, "return window.__linkLoads;").await;
        assert!(loads.as_u64().is_some_and(|n| n <= 1), "the stylesheet loaded {loads} times");
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        assert_eq!(js(&client, "return window.__linkLoads;").await, loads, "and not again");
    })
    .await;
}

/// Each chunk (with the loader that fetches them and the parts' stylesheet) as served by
/// `sim`, at `prefix` (`/` or the base path): immutable, and the build's own `.br`/`.gz` bytes
/// for a client that takes them.
fn assert_chunks_served(sim: &Sim, prefix: &str) {
    let dist = dist_dir();
    let mut files = chunk_files(&dist);
    files.extend(file_names(&dist).into_iter().filter(|name| {
        (name.starts_with("jobscope_split-") && name.ends_with(".js"))
            || (name.starts_with("parts-") && name.ends_with(".css"))
    }));
    assert!(
        files.iter().any(|file| file.starts_with("parts-")),
        "no parts-*.css in {}",
        dist.display()
    );
    for point in SPLIT_POINTS {
        let prefix = format!("split_{point}-");
        assert!(
            files.iter().any(|file| file.starts_with(&prefix)),
            "no {prefix}*.wasm in {}",
            dist.display()
        );
    }
    for file in &files {
        let path = format!("{prefix}{file}");
        let plain = std::fs::read(dist.join(file)).unwrap();
        for (accept, encoding, copy) in [
            ("br", Some("br"), format!("{file}.br")),
            ("gzip", Some("gzip"), format!("{file}.gz")),
            ("identity", None, file.clone()),
        ] {
            let expected = std::fs::read(dist.join(&copy))
                .unwrap_or_else(|err| panic!("no {copy} in {}: {err}", dist.display()));
            let response = http_get(sim.base_url(), &path, &[("Accept-Encoding", accept)]);
            let context = format!("GET {path} (Accept-Encoding: {accept})");
            assert_eq!(response.status, 200, "{context}");
            assert_eq!(
                response.header("cache-control"),
                Some(IMMUTABLE),
                "{context}"
            );
            assert_eq!(response.header("content-encoding"), encoding, "{context}");
            let mime = if file.ends_with(".wasm") {
                "application/wasm"
            } else if file.ends_with(".css") {
                "text/css"
            } else {
                "text/javascript"
            };
            assert!(
                response
                    .header("content-type")
                    .is_some_and(|value| value.starts_with(mime)),
                "{context}: {:?}",
                response.header("content-type")
            );
            assert!(
                response.body == expected,
                "{context}: {} bytes, not {copy}'s {}",
                response.body.len(),
                expected.len()
            );
            if encoding.is_some() {
                assert!(
                    expected.len() < plain.len(),
                    "{copy} is smaller than {file}"
                );
            }
        }
    }
}

#[test]
fn every_chunk_is_served_immutable_and_precompressed_at_the_root_and_under_a_sub_path() {
    let sim = Sim::start(FROZEN_3000);
    assert_chunks_served(&sim, "/");
    drop(sim);
    let sim = Sim::start(&under_base());
    assert_chunks_served(&sim, BASE);
}

#[tokio::test]
async fn under_a_sub_path_and_the_strict_policy_every_chunk_loads_on_use() {
    with_app(&under_base(), |env| async move {
        let client = env.client.clone();
        set_refresh(&client, &env.base_url, "off").await;
        open_list(&env, BASE).await;
        watch_csp_violations(&client).await;

        // The drawer.
        let id = first_row_id(&client).await;
        open_drawer(&client, &id).await;
        close_drawer(&client).await;

        // The settings.
        open_and_cancel_settings(&client).await;

        // The keyboard help (`?` on a row).
        js(
            &client,
            "document.querySelector('[data-row-index=\"0\"]').focus(); return null;",
        )
        .await;
        client
            .active_element()
            .await
            .unwrap()
            .send_keys("?")
            .await
            .unwrap();
        wait_for_js(
            &client,
            "return !!document.querySelector('dialog.keys-dialog[open] kbd');",
            json!(true),
        )
        .await;
        client
            .active_element()
            .await
            .unwrap()
            .send_keys(&Key::Escape.to_string())
            .await
            .unwrap();
        wait_no_open_dialog(&client).await;

        // The cancel dialog (a queued job's Cancel), kept.
        click(&client, "[data-status=QUEUED] .cancel-job").await;
        wait_for_js(
            &client,
            "return !!document.querySelector('dialog.cancel-dialog[open] #cancel-summary');",
            json!(true),
        )
        .await;
        click(&client, "dialog.cancel-dialog[open] .keep-job").await;
        wait_no_open_dialog(&client).await;

        // The export: the loaded rows as CSV, with its byte-order mark and the first row.
        js(&client, CAPTURE_DOWNLOADS).await;
        let csv = export(&client, "loaded-csv").await;
        assert!(
            csv.starts_with('\u{feff}'),
            "{:?}",
            csv.chars().take(40).collect::<String>()
        );
        assert!(csv.contains(&id), "the first row's id in the export");

        // The API version notice: a deprecated version in the settings.
        save_settings(&client, &[("apiVersion", "2025-11-01")], None).await;
        wait_for_js(
            &client,
            "return document.querySelector('.deprecation-notice p')?.textContent.includes('is deprecated') ?? false;",
            json!(true),
        )
        .await;

        // The Booper list: its rows are read and drawn by the Booper chunk.
        let mut fetched = wasm_fetched(&client).await;
        assert_eq!(csp_violations_seen(&client).await, Vec::<String>::new());
        open_list(&env, &format!("{BASE}?backend=booper")).await;
        watch_csp_violations(&client).await;
        wait_for_js(
            &client,
            "return !!document.querySelector('[data-job-id] .cell-request code');",
            json!(true),
        )
        .await;
        fetched.wasm.extend(wasm_fetched(&client).await.wasm);

        // Insights, from the header's link: its page is a chunk.
        assert_eq!(csp_violations_seen(&client).await, Vec::<String>::new());
        click(&client, ".site-nav a[href$='insights']").await;
        wait_for_js(
            &client,
            "return document.querySelector('[data-insights-state]')?.getAttribute('data-insights-state');",
            json!("done"),
        )
        .await;
        assert_eq!(
            js(&client, "return location.pathname;").await,
            json!(format!("{BASE}insights"))
        );
        // Styled by the parts' stylesheet, fetched from under the base too (checked below).
        assert_eq!(
            js(&client, "return getComputedStyle(document.querySelector('.insights-controls')).display;").await,
            json!("flex")
        );
        watch_csp_violations(&client).await;
        fetched.wasm.extend(wasm_fetched(&client).await.wasm);

        // Every part loaded from under the base, and none failed or was refused.
        for point in SPLIT_POINTS {
            let paths: Vec<&String> = fetched
                .wasm
                .iter()
                .filter(|(file, _, _)| file.starts_with(&format!("split_{point}-")))
                .map(|(_, path, _)| path)
                .collect();
            assert!(
                !paths.is_empty(),
                "split_{point} was never fetched: {:?}",
                fetched.wasm
            );
            assert!(paths.iter().all(|path| path.starts_with(BASE)), "{paths:?}");
        }
        assert!(fetched.count("parts-") > 0, "no parts' stylesheet: {:?}", fetched.wasm);
        assert!(
            fetched
                .wasm
                .iter()
                .all(|(_, path, _)| path.starts_with(BASE)),
            "{:?}",
            fetched.wasm
        );
        assert_eq!(
            chunk_errors_shown(&client).await,
            json!(0)
        );
        assert_eq!(csp_violations_seen(&client).await, Vec::<String>::new());
        if env.browser.reads_console() {
            let log = browser_log(&client).await.unwrap();
            assert_eq!(csp_violations(&log), Vec::<String>::new());
        }
    })
    .await;
}
