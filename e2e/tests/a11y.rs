//! Accessibility end to end: axe-core finds no WCAG 2.x A/AA or best-practice violation in
//! the list, the open filter menus, the date range with its error, the drawer (a running job,
//! a failed one), the settings, the keys and the cancel dialogs, in the light and the dark
//! theme; a queued job is found, opened and cancelled with the keyboard alone, the focus
//! always visible; and the suite keeps `docs/screenshots/` up to date.

use fantoccini::Client;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use jobscope_e2e::app::remember;
use jobscope_e2e::axe;
use jobscope_e2e::cdp::{cdp, emulate_color_scheme};
use jobscope_e2e::list::{FROZEN_3000, click, js, open_list, post, settled_state, wait_for_js};
use jobscope_e2e::{Env, UI_TIMEOUT, with_app, workspace_root};
use serde_json::{Value, json};

/// The page's size: a common laptop screen, as in the screenshots.
const WIDTH: u32 = 1440;
const HEIGHT: u32 = 900;

/// A fixed page size and colour scheme, and before the app starts: no live refresh (the frozen
/// list stays still) and absolute UTC times (the same text every run and in every zone).
async fn prepare(env: &Env, scheme: &str) {
    let client = &env.client;
    cdp(
        client,
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": false }),
    )
    .await;
    emulate_color_scheme(client, scheme).await;
    remember(
        client,
        &env.base_url,
        &[
            ("jobscope.refreshInterval", "off"),
            ("jobscope.timeDisplay", "utc"),
        ],
    )
    .await;
    let dark = js(
        client,
        "return matchMedia('(prefers-color-scheme: dark)').matches;",
    )
    .await;
    assert_eq!(dark, json!(scheme == "dark"), "the emulated colour scheme");
}

/// The id of the first job the API lists for `query` (`&status=FAILED`).
async fn first_job(client: &Client, query: &str) -> String {
    let script = r#"
        const [query, done] = arguments;
        fetch('/v1/jobs?limit=1' + query).then((r) => r.json())
            .then((page) => done(page.data[0].id), (err) => done(String(err)));
    "#;
    let id = client
        .execute_async(script, vec![json!(query)])
        .await
        .unwrap();
    let id = id.as_str().unwrap_or_default().to_owned();
    assert!(id.starts_with("job_"), "no job for {query}: {id}");
    id
}

/// Enters `value` into the input `name` as the browser's date picker would.
async fn set_value(client: &Client, name: &str, value: &str) {
    let script = r#"
        const [name, value] = arguments;
        const input = document.querySelector(`input[name=${name}]`);
        input.focus();
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
    "#;
    client
        .execute(script, vec![json!(name), json!(value)])
        .await
        .unwrap();
}

async fn wait_true(client: &Client, script: &str) {
    wait_for_js(client, script, json!(true)).await;
}

async fn open_drawer(env: &Env, id: &str, status: &str) {
    open_list(env, &format!("/?job={id}")).await;
    wait_true(
        &env.client,
        &format!("return document.querySelector('dialog.drawer[open] [data-drawer-status]')?.getAttribute('data-drawer-status') === '{status}';"),
    )
    .await;
}

/// Runs axe in each state (in the current colour scheme); answers one report per state with
/// violations. Each state must have been examined: axe made checks inside its scope.
async fn audit_every_state(env: &Env) -> Vec<String> {
    let client = &env.client;
    let mut failures = Vec::new();
    let mut check = async |state: &str, scope: &str| {
        let audit = axe::audit(client, scope).await;
        assert!(
            audit.examined > 0,
            "axe examined nothing inside `{scope}` in {state}"
        );
        if !audit.violations.is_empty() {
            failures.push(axe::report(state, &audit.violations));
        }
    };

    open_list(env, "/").await;
    assert_eq!(settled_state(client).await, "idle");
    check("the list", ".job-table").await;

    for menu in ["status", "type"] {
        click(client, &format!("[data-filter={menu}] summary")).await;
        wait_true(
            client,
            &format!("return document.querySelector('[data-filter={menu}]').open;"),
        )
        .await;
        check(
            &format!("the {menu} menu open"),
            &format!("[data-filter={menu}] .menu-panel"),
        )
        .await;
    }
    // The date range with its error showing: To before From.
    set_value(client, "fromDate", "2026-10-20").await;
    wait_true(client, "return location.search.includes('dateFrom=');").await;
    set_value(client, "toDate", "2026-10-10").await;
    wait_true(
        client,
        "return document.querySelector('#date-range-error').textContent.length > 0;",
    )
    .await;
    check("the date range with its error", ".date-range").await;

    let running = first_job(client, "&status=RUNNING").await;
    open_drawer(env, &running, "RUNNING").await;
    check("the drawer of a running job", "dialog.drawer[open]").await;

    let failed = first_job(client, "&status=FAILED").await;
    open_drawer(env, &failed, "FAILED").await;
    js(
        client,
        "document.querySelector('dialog.drawer[open] .raw-json').open = true; return null;",
    )
    .await;
    check(
        "the drawer of a failed job, raw JSON open",
        "dialog.drawer[open]",
    )
    .await;

    open_list(env, "/").await;
    click(client, ".open-settings").await;
    wait_true(
        client,
        "return !!document.querySelector('dialog.settings[open] input[name=baseUrl]');",
    )
    .await;
    check("the settings dialog", "dialog.settings[open]").await;

    open_list(env, "/").await;
    click(client, ".keys-button").await;
    wait_true(
        client,
        "return !!document.querySelector('dialog.keys-dialog[open]');",
    )
    .await;
    check("the keys dialog", "dialog.keys-dialog[open]").await;

    open_list(env, "/").await;
    click(client, "[data-status=QUEUED] .cancel-job").await;
    wait_true(
        client,
        "return !!document.querySelector('dialog.cancel-dialog[open]');",
    )
    .await;
    check("the cancel dialog", "dialog.cancel-dialog[open]").await;
    failures
}

async fn audit_in(scheme: &'static str) {
    with_app(FROZEN_3000, move |env| async move {
        prepare(&env, scheme).await;
        let failures = audit_every_state(&env).await;
        assert!(
            failures.is_empty(),
            "in the {scheme} theme:\n{}",
            failures.join("\n")
        );
    })
    .await;
}

#[tokio::test]
async fn axe_finds_no_violation_in_any_state_in_the_light_theme() {
    audit_in("light").await;
}

#[tokio::test]
async fn axe_finds_no_violation_in_any_state_in_the_dark_theme() {
    audit_in("dark").await;
}

/// The footer below the rows (the end, an error) is part of the table too.
#[tokio::test]
async fn axe_finds_no_violation_at_the_end_of_the_list_or_in_its_error() {
    let sim = [
        "--frozen",
        "--control",
        "--jobs",
        "30",
        "--seed",
        "5",
        "--start-time",
        "2026-11-01T12:00:00Z",
    ];
    with_app(&sim, |env| async move {
        let client = env.client.clone();
        prepare(&env, "light").await;
        open_list(&env, "/").await;
        assert_eq!(settled_state(&client).await, "end");
        for (state, scope) in [
            ("the end of the list", ".list-end"),
            ("the list's error", ".list-error"),
        ] {
            if scope == ".list-error" {
                post(
                    &client,
                    "/_sim/faults",
                    json!({ "kind": "unauthorized", "count": 20 }),
                )
                .await;
                client.goto(&env.url("/")).await.unwrap();
                assert_eq!(settled_state(&client).await, "error");
            }
            let audit = axe::audit(&client, scope).await;
            assert!(audit.examined > 0, "axe examined nothing inside `{scope}`");
            assert!(
                audit.violations.is_empty(),
                "{}",
                axe::report(state, &audit.violations)
            );
        }
    })
    .await;
}

/// The layout for windows narrower than 60rem has its own columns.
#[tokio::test]
async fn axe_finds_no_violation_in_the_narrow_layout() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        prepare(&env, "light").await;
        // A window beside another on a laptop: the narrow column layout.
        cdp(
            &client,
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 900, "height": 700, "deviceScaleFactor": 1, "mobile": false }),
        )
        .await;
        open_list(&env, "/").await;
        assert_eq!(settled_state(&client).await, "idle");
        let audit = axe::audit(&client, ".job-table").await;
        assert!(audit.examined > 0);
        assert!(
            audit.violations.is_empty(),
            "{}",
            axe::report("the narrow list", &audit.violations)
        );
        // Every row's controls are inside the row, none wrapped below it.
        let outside = js(
            &client,
            r#"return Array.from(document.querySelectorAll('.job-table-body .job-row button'))
                .filter((b) => { const r = b.getBoundingClientRect(), row = b.closest('.job-row').getBoundingClientRect();
                                 return r.top < row.top || r.bottom > row.bottom || r.right > row.right; })
                .map((b) => b.getAttribute('aria-label'));"#,
        )
        .await;
        assert_eq!(outside, json!([]), "controls outside their row");
    })
    .await;
}

/// Presses and releases `key` on whatever has the focus (WebDriver actions: real key events,
/// with the browser's own default actions such as moving the focus on Tab).
async fn press(client: &Client, key: Key) {
    let key = char::from(key);
    let actions = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    client.perform_actions(actions).await.unwrap();
}

/// The focused element: a short description, and whether its focus shows (`:focus-visible`
/// matches and it draws an outline). One exception: Tab also stops on the calendar button
/// inside Chromium's own date input (its shadow DOM, so the input is active without matching
/// `:focus`), where Chromium draws its own focus ring, out of reach of the page's styles.
const FOCUS: &str = r#"
    const el = document.activeElement;
    if (!el || el === document.body) return { what: 'body', shown: false };
    if (el.matches('input[type=date], input[type=time]') && !el.matches(':focus')) {
        return { what: `the picker button of input ${el.name}`, shown: true };
    }
    const style = getComputedStyle(el);
    const label = el.getAttribute('aria-label') || el.getAttribute('name') || (el.textContent || '').trim().slice(0, 30);
    return {
        what: `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${label} (outline ${style.outlineStyle} ${style.outlineWidth}${el.matches(':focus-visible') ? '' : ', not :focus-visible'})`,
        shown: el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        row: el.getAttribute('data-row-index'),
        id: el.getAttribute('data-job-id'),
        inDrawer: !!el.closest('dialog.drawer'),
    };
"#;

/// The focused element, asserting that its focus is visible.
async fn focused(client: &Client, step: &str) -> Value {
    let focus = js(client, FOCUS).await;
    assert_eq!(
        focus["shown"],
        json!(true),
        "{step}: the focus is not visible on {}",
        focus["what"]
    );
    focus
}

/// Presses Tab until `done` holds for the focused element (at most `limit` times), checking
/// at every step that the focus is visible; answers the focused element.
async fn tab_until(client: &Client, limit: usize, done: impl Fn(&Value) -> bool) -> Value {
    let mut path = Vec::new();
    for _ in 0..limit {
        press(client, Key::Tab).await;
        let focus = focused(client, &format!("Tab after {path:?}")).await;
        path.push(focus["what"].as_str().unwrap_or_default().to_owned());
        if done(&focus) {
            return focus;
        }
    }
    panic!("Tab never reached the target; the focus went {path:#?}");
}

/// The first QUEUED job below another kind in the API's order, and its index: the keyboard
/// has rows to go past to reach it.
async fn queued_below_others(client: &Client) -> (usize, String) {
    let script = r#"
        const done = arguments[0];
        fetch('/v1/jobs?limit=100').then((r) => r.json())
            .then((page) => done(page.data.map((job) => [job.id, job.status])), (err) => done(String(err)));
    "#;
    let jobs: Vec<(String, String)> =
        serde_json::from_value(client.execute_async(script, vec![]).await.unwrap()).unwrap();
    let other = jobs
        .iter()
        .position(|(_, status)| status != "QUEUED")
        .expect("a job that is not queued");
    let index = (other + 1..jobs.len())
        .find(|&index| jobs[index].1 == "QUEUED")
        .expect("a queued job below one that is not");
    (index, jobs[index].0.clone())
}

#[tokio::test]
async fn a_queued_job_is_found_opened_and_cancelled_from_the_keyboard_with_the_focus_always_visible()
 {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        prepare(&env, "light").await;
        open_list(&env, "/").await;
        assert_eq!(settled_state(&client).await, "idle");
        let (target, id) = queued_below_others(&client).await;

        // From the page's start, Tab reaches the list's one tab stop: its first row.
        let row = tab_until(&client, 60, |focus| focus["row"].is_string()).await;
        assert_eq!(row["row"], json!("0"), "the list's tab stop is its first row");

        // The arrows walk down, one row at a time, to the queued job.
        for index in 1..=target {
            press(&client, Key::Down).await;
            wait_for_js(
                &client,
                "return document.activeElement.getAttribute('data-row-index');",
                json!(index.to_string()),
            )
            .await;
            focused(&client, &format!("row {index}")).await;
        }
        let row = focused(&client, "the queued row").await;
        assert_eq!(row["id"], json!(id));

        // Enter opens it in the drawer, with the focus inside.
        press(&client, Key::Enter).await;
        wait_true(
            &client,
            &format!("return new URLSearchParams(location.search).get('job') === '{id}' && document.querySelector('dialog.drawer[open] [data-drawer-status]')?.getAttribute('data-drawer-status') === 'QUEUED';"),
        )
        .await;
        wait_true(&client, "return !!document.activeElement.closest('dialog.drawer[open]');").await;
        focused(&client, "the drawer opened").await;

        // Tab to its Cancel; Enter asks, with the safe choice focused.
        tab_until(&client, 20, |focus| {
            focus["inDrawer"] == json!(true)
                && focus["what"].as_str().unwrap_or_default().contains("cancel-job")
        })
        .await;
        press(&client, Key::Enter).await;
        wait_true(
            &client,
            "return document.activeElement.matches('dialog.cancel-dialog[open] .keep-job');",
        )
        .await;
        focused(&client, "the cancel dialog opened").await;
        tab_until(&client, 3, |focus| {
            focus["what"].as_str().unwrap_or_default().contains("confirm-cancel")
        })
        .await;
        press(&client, Key::Enter).await;

        // Cancelled: the dialog closes, the drawer and the row say so; the button that opened
        // the dialog is gone (only queued jobs have one), so the focus goes to the drawer's
        // title; Escape returns it to the job's row.
        wait_true(&client, "return !document.querySelector('dialog.cancel-dialog[open]');").await;
        wait_true(
            &client,
            "return document.querySelector('dialog.drawer[open] [data-drawer-status]')?.getAttribute('data-drawer-status') === 'CANCELLED';",
        )
        .await;
        wait_true(&client, "return document.activeElement.matches('dialog.drawer[open] #drawer-title');").await;
        focused(&client, "after cancelling").await;
        press(&client, Key::Escape).await;
        wait_true(&client, "return !document.querySelector('dialog.drawer[open]');").await;
        wait_for_js(
            &client,
            "return document.activeElement.getAttribute('data-job-id');",
            json!(id),
        )
        .await;
        focused(&client, "the drawer closed").await;
        wait_for_js(
            &client,
            &format!("return document.querySelector('[data-job-id=\"{id}\"]').getAttribute('data-status');"),
            json!("CANCELLED"),
        )
        .await;
        let api = jobscope_e2e::list::sim_json(&client, "GET", &format!("/v1/jobs/{id}"), Value::Null).await;
        assert_eq!(api["data"]["status"], json!("CANCELLED"), "the API cancelled it");
    })
    .await;
}

/// Writes `png` to `docs/screenshots/<name>.png` unless the file holds these bytes already
/// (a clean tree stays clean).
fn keep_screenshot(name: &str, png: &[u8]) {
    let dir = workspace_root().join("docs").join("screenshots");
    let path = dir.join(format!("{name}.png"));
    if std::fs::read(&path).is_ok_and(|old| old == png) {
        return;
    }
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(&path, png)
        .unwrap_or_else(|err| panic!("cannot write {}: {err}", path.display()));
}

/// A PNG's width and height, from its header.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

/// A screenshot of the page once it is still (two in a row equal), so the image does not
/// depend on when it was taken; panics if it never settles.
async fn steady_screenshot(client: &Client) -> Vec<u8> {
    // No caret or focus ring: nothing focused.
    js(client, "document.activeElement?.blur(); return null;").await;
    let deadline = tokio::time::Instant::now() + UI_TIMEOUT;
    let mut last = client.screenshot().await.unwrap();
    loop {
        let next = client.screenshot().await.unwrap();
        if next == last {
            assert_eq!(png_size(&next), (WIDTH, HEIGHT));
            return next;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the page never stopped changing"
        );
        last = next;
    }
}

#[tokio::test]
async fn the_suite_keeps_the_light_and_dark_screenshots_of_the_dashboard() {
    with_app(FROZEN_3000, |env| async move {
        let client = env.client.clone();
        // Light: the list.
        prepare(&env, "light").await;
        open_list(&env, "/").await;
        assert_eq!(settled_state(&client).await, "idle");
        let clipped = js(
            &client,
            "return Array.from(document.querySelectorAll('.job-row-head .cell, .cell-created'), (c) => c.scrollWidth > c.clientWidth ? c.textContent : null).filter(Boolean);",
        )
        .await;
        assert_eq!(clipped, json!([]), "headers and absolute times are shown whole");
        keep_screenshot("light", &steady_screenshot(&client).await);

        // Dark: the list with a failed job open in the drawer.
        prepare(&env, "dark").await;
        open_list(&env, "/").await;
        let failed = first_job(&client, "&status=FAILED").await;
        open_drawer(&env, &failed, "FAILED").await;
        assert_eq!(settled_state(&client).await, "idle");
        keep_screenshot("dark", &steady_screenshot(&client).await);
    })
    .await;
}
