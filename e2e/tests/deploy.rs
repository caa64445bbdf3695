//! Deployment, end to end with the release `dist/`: the same build runs under a sub-path
//! (`jobscope-sim --base-path /tools/jobs/`, as a CDN folder), survives a reload on a deep
//! link, runs under its Content-Security-Policy without a single violation, and may reach an
//! API on another origin that the policy names (`cargo xtask test` builds with
//! `JOBSCOPE_CONNECT_SRC=http://127.0.0.1:*`). At the root it runs in every other suite.

use fantoccini::Client;
use jobscope_e2e::list::{FROZEN_3000, api_ids, js, open_list, open_list_in, rendered_ids};
use jobscope_e2e::process::Sim;
use jobscope_e2e::{wait_for_text, with_app};
use serde_json::{Value, json};

const BASE: &str = "/tools/jobs/";

fn under_base() -> Vec<&'static str> {
    let mut args = FROZEN_3000.to_vec();
    args.extend(["--base-path", BASE]);
    args
}

/// The rows on screen are the API's first ones for `query` (`&status=…`, or empty).
async fn assert_rows_are_the_apis(client: &Client, query: &str) {
    let shown = rendered_ids(client).await;
    let api = api_ids(client, query).await;
    assert!(!shown.is_empty(), "no rows for {query:?}");
    assert_eq!(
        shown[..],
        api[..shown.len()],
        "the rows on screen for {query:?}"
    );
}

/// Waits for the list's first rows, without navigating (after a reload).
async fn wait_for_rows(client: &Client) {
    client
        .wait()
        .at_most(std::time::Duration::from_secs(20))
        .for_element(fantoccini::Locator::Css("[data-job-id]"))
        .await
        .unwrap();
}

/// The path of every script, stylesheet and wasm the page loaded, on its origin.
async fn loaded_assets(client: &Client) -> Vec<String> {
    let script = r#"
        return performance.getEntriesByType('resource')
            .map((entry) => new URL(entry.name))
            .filter((url) => url.origin === location.origin && /\.(js|css|wasm)$/.test(url.pathname))
            .map((url) => url.pathname);
    "#;
    serde_json::from_value(js(client, script).await).unwrap()
}

async fn assert_assets_under_base(client: &Client) {
    let assets = loaded_assets(client).await;
    for kind in ["/start-", "/jobscope-", "_bg.wasm", "/main-"] {
        assert!(
            assets.iter().any(|path| path.contains(kind)),
            "no {kind} asset loaded: {assets:?}"
        );
    }
    assert!(
        assets.iter().all(|path| path.starts_with(BASE)),
        "assets outside {BASE}: {assets:?}"
    );
}

#[tokio::test]
async fn under_a_sub_path_the_list_loads_and_a_deep_link_survives_a_reload() {
    with_app(&under_base(), |env| async move {
        let client = env.client.clone();
        open_list(&env, BASE).await;
        assert_assets_under_base(&client).await;
        assert_rows_are_the_apis(&client, "").await;
        // `config.json` is read from beside index.html, wherever that is.
        let config = js(
            &client,
            r#"return performance.getEntriesByType('resource')
                .filter((entry) => entry.name.endsWith('/config.json'))
                .map((entry) => [new URL(entry.name).pathname, entry.responseStatus]);"#,
        )
        .await;
        assert_eq!(config, json!([["/tools/jobs/config.json", 200]]));

        // A deep link (filters live in the query), opened and then reloaded.
        open_list_in(&client, &env.url(&format!("{BASE}?status=FAILED"))).await;
        client.refresh().await.unwrap();
        wait_for_rows(&client).await;
        assert_eq!(
            js(&client, "return location.pathname + location.search;").await,
            json!("/tools/jobs/?status=FAILED"),
            "the URL was kept as it was"
        );
        let statuses = js(
            &client,
            "return Array.from(new Set(Array.from(document.querySelectorAll('[data-job-id]'), (row) => row.dataset.status)));",
        )
        .await;
        assert_eq!(statuses, json!(["FAILED"]));
        let checked = js(
            &client,
            "return Array.from(document.querySelectorAll('input[name=status]:checked'), (input) => input.value);",
        )
        .await;
        assert_eq!(checked, json!(["FAILED"]));
        assert_rows_are_the_apis(&client, "&status=FAILED").await;
        assert_assets_under_base(&client).await;

        // A filter control writes the URL under the base, not at the host's root.
        js(&client, "document.querySelector('input[name=status][value=RUNNING]').click();").await;
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let at = js(&client, "return location.pathname + location.search;").await;
            if at == json!("/tools/jobs/?status=RUNNING,FAILED") {
                break;
            }
            assert!(tokio::time::Instant::now() < deadline, "the filter went to {at}");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        jobscope_e2e::list::settled_state(&client).await;
        assert_rows_are_the_apis(&client, "&status=RUNNING,FAILED").await;

        // Without the trailing slash, the host redirects to the folder (relative URLs need it).
        open_list_in(&client, &env.url("/tools/jobs?status=FAILED")).await;
        assert_eq!(
            js(&client, "return location.pathname + location.search;").await,
            json!("/tools/jobs/?status=FAILED")
        );
    })
    .await;
}

#[tokio::test]
async fn under_a_sub_path_index_html_shows_the_list_and_unknown_paths_start_the_app() {
    with_app(&under_base(), |env| async move {
        let client = env.client.clone();
        // `index.html` named in the URL: the assets resolve beside it, and the address becomes
        // the folder's (in place), where the list is.
        open_list_in(
            &client,
            &env.url(&format!("{BASE}index.html?status=FAILED")),
        )
        .await;
        assert_eq!(
            js(&client, "return location.pathname + location.search;").await,
            json!("/tools/jobs/?status=FAILED")
        );
        assert_rows_are_the_apis(&client, "&status=FAILED").await;
        assert_assets_under_base(&client).await;

        // A path below the folder: the host's fallback page carries `<base href>`, so the
        // assets load from the folder and the router shows its own "not found".
        client
            .goto(&env.url(&format!("{BASE}no/such/page")))
            .await
            .unwrap();
        wait_for_text(&client, "main h1", "Page not found").await;
        assert_assets_under_base(&client).await;
    })
    .await;
}

/// Collects the page's CSP violations from now on. A `<meta>` policy reports only through
/// these events (a buffered `ReportingObserver` sees none), so it is installed as soon as the
/// page has loaded, before the app's first rows; what the app does before that is checked by
/// its result (styles applied, rows shown) and by the served page holding nothing inline.
const WATCH_VIOLATIONS: &str = r#"
    window.__cspViolations = window.__cspViolations || [];
    document.addEventListener('securitypolicyviolation', (event) => {
        window.__cspViolations.push(event.effectiveDirective + ' ' + event.blockedURI);
    });
"#;

async fn violations(client: &Client) -> Vec<String> {
    // Violation events are dispatched in tasks of their own.
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    serde_json::from_value(js(client, "return window.__cspViolations || [];").await).unwrap()
}

/// Opens the list at `url` with the violation listener installed first.
async fn open_watched(client: &Client, url: &str) {
    client.goto(url).await.unwrap();
    js(client, WATCH_VIOLATIONS).await;
    wait_for_rows(client).await;
}

/// The page as the host served it: inline scripts, scripts without integrity, and the policy.
async fn served_page(client: &Client) -> Value {
    let script = r#"
        const done = arguments[arguments.length - 1];
        fetch(location.href, { cache: 'no-store' })
            .then((response) => response.text())
            .then((html) => {
                const page = new DOMParser().parseFromString(html, 'text/html');
                const policy = page.querySelector('meta[http-equiv="Content-Security-Policy"]');
                done({
                    inlineScripts: page.querySelectorAll('script:not([src])').length,
                    scripts: page.querySelectorAll('script[src]').length,
                    // config.json is the deployment's file, edited without a rebuild: it is
                    // preloaded but can carry no SRI hash.
                    withoutIntegrity: page.querySelectorAll('script[src]:not([integrity]), link[href]:not([integrity]):not([href$="config.json"])').length,
                    inlineStyles: page.querySelectorAll('style, [style]').length,
                    policy: policy && policy.content,
                    policyFirst: page.head.querySelector('meta[http-equiv="Content-Security-Policy"] ~ script') !== null
                        && page.head.querySelector('script ~ meta[http-equiv="Content-Security-Policy"], link ~ meta[http-equiv="Content-Security-Policy"]') === null,
                });
            }, (err) => done(String(err)));
    "#;
    client.execute_async(script, vec![]).await.unwrap()
}

#[tokio::test]
async fn the_app_runs_under_its_content_security_policy_without_a_violation() {
    with_app(&under_base(), |env| async move {
        // It ends by breaking the policy on purpose, to see it enforced.
        env.expect_csp_violations();
        let client = env.client.clone();
        open_watched(&client, &env.url(BASE)).await;

        // What the host serves: no inline script, every asset with SRI, the policy first.
        let page = served_page(&client).await;
        assert_eq!(page["inlineScripts"], 0, "{page}");
        assert_eq!(page["scripts"], 1, "{page}");
        assert_eq!(page["withoutIntegrity"], 0, "{page}");
        assert_eq!(page["inlineStyles"], 0, "{page}");
        assert_eq!(page["policyFirst"], true, "{page}");
        let policy = page["policy"].as_str().unwrap_or_default().to_owned();
        for directive in [
            "default-src 'none'",
            "script-src 'self' 'wasm-unsafe-eval';",
            "style-src 'self';",
            "connect-src 'self'",
            "base-uri 'self'",
        ] {
            assert!(policy.contains(directive), "{directive} missing: {policy}");
        }
        assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"));

        // Scroll: rows, their positions, progress bars and the body's height all come and go,
        // and each is where it belongs (a blocked style would leave it unset).
        let mut saw_progress = false;
        for _ in 0..40 {
            let state = js(
                &client,
                r#"
                const viewport = document.querySelector('.job-table-viewport');
                viewport.scrollTop += viewport.clientHeight;
                const loaded = Number(document.querySelector('.job-list').getAttribute('data-loaded-count'));
                const body = document.querySelector('.job-table-body').style.height;
                const rowPx = parseInt(body, 10) / loaded;
                const rows = Array.from(document.querySelectorAll('[data-job-id]'));
                const misplaced = rows
                    .filter((row) => row.style.transform
                        !== `translateY(${(Number(row.getAttribute('aria-rowindex')) - 2) * rowPx}px)`)
                    .map((row) => row.style.transform);
                const bar = document.querySelector('.progress-bar');
                return {
                    body,
                    rowPx,
                    rows: rows.length,
                    misplaced,
                    bar: bar ? bar.style.width : null,
                    barPx: bar ? bar.getBoundingClientRect().width : null,
                };
            "#,
            )
            .await;
            let row_px = state["rowPx"].as_f64().unwrap_or(0.0);
            assert!(
                row_px >= 1.0 && row_px.fract() == 0.0 && state["body"].as_str().is_some_and(|h| h.ends_with("px")),
                "the body's height is whole rows of whole pixels: {state}"
            );
            assert!(state["rows"].as_u64().unwrap_or(0) > 0, "{state}");
            assert_eq!(state["misplaced"], json!([]), "{state}");
            if let Some(width) = state["bar"].as_str() {
                assert!(width.ends_with('%'), "{state}");
                saw_progress |= width != "0%" && state["barPx"].as_f64().unwrap_or(0.0) > 0.0;
            }
            tokio::time::sleep(std::time::Duration::from_millis(30)).await;
        }
        assert!(saw_progress, "no running job's progress bar was drawn");
        let loaded = js(
            &client,
            "return Number(document.querySelector('.job-list').getAttribute('data-loaded-count'));",
        )
        .await;
        assert!(
            loaded.as_u64().unwrap_or(0) > 100,
            "more pages loaded: {loaded}"
        );
        assert_eq!(violations(&client).await, Vec::<String>::new());

        // The policy is in force, and the checks above would have seen a violation. (WebDriver's
        // own scripts may `eval`; code the page would evaluate later may not.)
        js(
            &client,
            r#"
            setTimeout('window.__evalRan = true;', 0);
            const script = document.createElement('script');
            script.textContent = 'window.__inlineRan = true;';
            document.head.append(script);
            document.body.setAttribute('style', 'outline: 3px solid red');
        "#,
        )
        .await;
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let blocked = js(
            &client,
            r#"return {
                evalRan: window.__evalRan === true,
                inlineRan: window.__inlineRan === true,
                outline: getComputedStyle(document.body).outlineStyle,
            };"#,
        )
        .await;
        assert_eq!(
            blocked,
            json!({ "evalRan": false, "inlineRan": false, "outline": "none" })
        );
        let seen = violations(&client).await;
        for directive in ["script-src", "style-src"] {
            assert!(
                seen.iter().any(|v| v.starts_with(directive)),
                "{directive}: {seen:?}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn the_policy_lets_the_page_reach_a_cross_origin_api_on_another_port_only() {
    // The same dist/ at the root of one origin, the API on another (CORS), as a CDN and an
    // API host would be.
    with_app(FROZEN_3000, |env| async move {
        // It ends with a request to an origin the policy does not name, on purpose.
        env.expect_csp_violations();
        let client = env.client.clone();
        let api = Sim::start(FROZEN_3000);
        open_watched(&client, &env.url("/")).await;
        let fetch = r#"
            const [url, done] = arguments;
            fetch(url, { headers: { 'Authorization': 'Bearer k', 'Scripe-Api-Version': '2026-08-01' } })
                .then((response) => response.json().then((body) => done({ status: response.status, rows: body.data.length })))
                .catch((err) => done({ error: err.name }));
        "#;
        let other = format!("{}/v1/jobs?limit=3", api.base_url());
        assert_ne!(other, env.url("/v1/jobs?limit=3"), "two origins");
        let answer = client
            .execute_async(fetch, vec![json!(other)])
            .await
            .unwrap();
        assert_eq!(
            answer,
            json!({ "status": 200, "rows": 3 }),
            "is dist/ built with JOBSCOPE_CONNECT_SRC='http://127.0.0.1:*' (as `cargo xtask test` does)?"
        );
        assert_eq!(violations(&client).await, Vec::<String>::new());

        // An origin the policy does not name is refused by the browser.
        let unnamed = other.replace("127.0.0.1", "localhost");
        let answer = client
            .execute_async(fetch, vec![json!(unnamed)])
            .await
            .unwrap();
        assert_eq!(answer, json!({ "error": "TypeError" }));
        let seen = violations(&client).await;
        assert!(
            seen.iter().any(|v| v.starts_with("connect-src http://localhost")),
            "{seen:?}"
        );
        drop(api);
    })
    .await;
}
