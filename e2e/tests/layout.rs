//! Layout against odd real-world values, end to end: long values (a 20 kB error message
//! without a space, a 2 kB id, long URLs and JSON) stay inside the drawer, the row's error
//! popover and the notices, on a laptop and on a phone; ids that share a long start get
//! labels that tell them apart; and in the hour the autumn daylight-saving change repeats,
//! local times say their offset.

use fantoccini::Client;
use jobscope_e2e::app::remember;
use jobscope_e2e::axe;
use jobscope_e2e::list::{js, open_list, settled_state, sim_json, wait_for_js};
use jobscope_e2e::{Env, UI_TIMEOUT, with_app, with_app_in};
use serde_json::{Value, json};

/// A small frozen world with the control API, for scripted answers.
const SIM: &[&str] = &[
    "--frozen",
    "--control",
    "--jobs",
    "30",
    "--seed",
    "3",
    "--start-time",
    "2026-11-01T12:00:00Z",
];

/// A laptop's window and a phone's (CSS pixels).
const WINDOWS: [(u32, u32); 2] = [(1440, 900), (390, 844)];

/// `count` copies of `piece`, as one word.
fn word(piece: &str, count: usize) -> String {
    piece.repeat(count)
}

/// A failed job whose every free-text field is long and has no space: a 2 kB id, a 20 kB
/// error message, a long error code, a result with a long URL and a long JSON string.
fn failed_job(id: &str) -> Value {
    json!({
        "id": id,
        "type": "KB_INGEST_URL",
        "status": "FAILED",
        "projectId": word("proj", 200),
        "createdAt": "2026-11-01T11:00:00Z",
        "startedAt": "2026-11-01T11:00:02Z",
        "completedAt": "2026-11-01T11:00:09Z",
        "attemptCount": 3,
        "errorCode": word("E_TIMEOUT_", 100),
        "errorMessage": word("Upstream:connection-reset;", 800),
        "result": {
            "url": format!("https://example.com/{}", word("a/b%20c?d=e&", 300)),
            "nested": { "blob": word("0123456789abcdef", 400) },
        },
        "progress": null,
        "updatedAt": "2026-11-01T11:00:09Z",
    })
}

/// A running job with a long progress message.
fn running_job(id: &str) -> Value {
    json!({
        "id": id,
        "type": "KB_INGEST_TEXT",
        "status": "RUNNING",
        "createdAt": "2026-11-01T11:30:00Z",
        "startedAt": "2026-11-01T11:30:01Z",
        "attemptCount": 1,
        "progress": { "progress": 0.5, "message": word("Embedding:chunk-", 600) },
        "updatedAt": "2026-11-01T11:59:00Z",
    })
}

/// The next `count` requests for `path` get `status` and `body`.
async fn script(client: &Client, path: &str, status: u16, body: Value, count: usize) {
    sim_json(
        client,
        "POST",
        "/_sim/responses",
        json!({ "path": path, "status": status, "body": body, "count": count }),
    )
    .await;
}

/// The window's inner size is `width` × `height` as near as the browser allows; answers the
/// viewport's width.
async fn resize(client: &Client, (width, height): (u32, u32)) -> u64 {
    client.set_window_size(width, height).await.unwrap();
    js(client, "return document.documentElement.clientWidth;")
        .await
        .as_u64()
        .unwrap()
}

/// What sticks out: the page scrolling sideways, and for each element matching a selector,
/// scrolling sideways itself or lying outside the viewport (`[]` when all is well). With
/// `whole`, the element must also be inside the viewport vertically.
const OVERFLOWS: &str = r#"
    const [selectors, whole] = arguments;
    const problems = [];
    const root = document.documentElement;
    const vw = root.clientWidth, vh = window.innerHeight;
    if (root.scrollWidth > vw + 1) problems.push(`the page scrolls sideways: ${root.scrollWidth} > ${vw}`);
    for (const css of selectors) {
        const elements = document.querySelectorAll(css);
        if (elements.length === 0) problems.push(`nothing matches ${css}`);
        for (const element of elements) {
            const r = element.getBoundingClientRect();
            if (element.scrollWidth > element.clientWidth + 1) {
                problems.push(`${css} scrolls sideways: ${element.scrollWidth} > ${element.clientWidth}`);
            }
            if (r.left < -1 || r.right > vw + 1) problems.push(`${css} spans ${r.left}..${r.right} of ${vw}`);
            if (whole && (r.top < -1 || r.bottom > vh + 1)) problems.push(`${css} spans ${r.top}..${r.bottom} of ${vh} (vertically)`);
        }
    }
    return problems;
"#;

/// The elements inside `box` (a selector) that reach past its right or left edge, except
/// those inside a box of their own that scrolls or clips.
const OUTSIDE_BOX: &str = r#"
    const [css] = arguments;
    const box = document.querySelector(css);
    if (!box) return [`nothing matches ${css}`];
    const edge = box.getBoundingClientRect();
    const clipped = (element) => {
        for (let up = element.parentElement; up && up !== box; up = up.parentElement) {
            if (getComputedStyle(up).overflowX !== 'visible') return true;
        }
        return false;
    };
    return Array.from(box.querySelectorAll('*'))
        .filter((element) => {
            const r = element.getBoundingClientRect();
            return r.width > 0 && (r.right > edge.right + 1 || r.left < edge.left - 1) && !clipped(element);
        })
        .slice(0, 5)
        .map((element) => `<${element.tagName.toLowerCase()} class="${element.className}"> spans ${element.getBoundingClientRect().left}..${element.getBoundingClientRect().right}`);
"#;

/// Waits until no animation that ends is running (the drawer slides in): positions are
/// final. Spinners run for ever and move nothing.
async fn still(client: &Client) {
    let script = "return document.getAnimations().every((a) => a.playState !== 'running' \
                  || a.effect?.getComputedTiming().endTime === Infinity);";
    wait_for_js(client, script, json!(true)).await;
}

async fn overflows(client: &Client, selectors: &[&str], whole: bool) -> Value {
    still(client).await;
    client
        .execute(OVERFLOWS, vec![json!(selectors), json!(whole)])
        .await
        .unwrap()
}

async fn outside(client: &Client, css: &str) -> Value {
    still(client).await;
    client.execute(OUTSIDE_BOX, vec![json!(css)]).await.unwrap()
}

/// Clicks the first element matching `css` from script: a control in a cell may be clipped
/// by its column, which a WebDriver click refuses.
async fn js_click(client: &Client, css: &str) {
    let clicked = client
        .execute(
            "const e = document.querySelector(arguments[0]); if (e) e.click(); return !!e;",
            vec![json!(css)],
        )
        .await
        .unwrap();
    assert_eq!(clicked, json!(true), "nothing to click at `{css}`");
}

/// axe finds nothing in `scope` in its current state, named `state` in the report.
async fn assert_accessible(client: &Client, scope: &str, state: &str) {
    let audit = axe::audit(client, scope).await;
    assert!(audit.examined > 0, "axe saw nothing of {state}");
    assert!(
        audit.violations.is_empty(),
        "{}",
        axe::report(state, &audit.violations)
    );
}

/// Whether the job's error popover is open and has the focus.
const POPOVER_FOCUSED: &str =
    "return document.activeElement?.matches('.error-popover:popover-open') ?? false;";

/// The row's full error: a popover that fits the window, scrolls within and has the focus
/// (so a long error scrolls from the keyboard too).
async fn check_error_popover(client: &Client, row: &str, width: u64) {
    js_click(client, &format!("{row} .cell-error [popovertarget]")).await;
    wait_for_js(client, POPOVER_FOCUSED, json!(true)).await;
    let open = ".error-popover:popover-open";
    let problems = overflows(client, &[open], true).await;
    assert_eq!(problems, json!([]), "the error popover at {width} px");
    assert_eq!(outside(client, open).await, json!([]), "{width} px");
    if width > 1000 {
        assert_accessible(client, ".error-popover", "the popover with a long error").await;
    }
    js(
        client,
        "document.querySelector('.error-popover:popover-open').hidePopover(); return null;",
    )
    .await;
}

/// The length of the drawer's error message, and whether its raw JSON is there.
const DRAWER_READ: &str = "return [
    document.querySelector('dialog.drawer[open] .drawer-error .error-message')?.textContent.length,
    !!document.querySelector('.drawer .raw-json')];";

/// The drawer of the job in `row`: nothing wider than it and its close button on screen,
/// scrolled or not, with its raw JSON open; it shows the whole `id`.
async fn check_drawer(client: &Client, row: &str, id: &str, width: u64) {
    js_click(client, &format!("{row} .cell-type")).await;
    // The whole job, read for the drawer (the list keeps a shortened copy).
    wait_for_js(client, DRAWER_READ, json!([20_800, true])).await;
    js(
        client,
        "document.querySelector('.drawer .raw-json').open = true; return null;",
    )
    .await;
    for scrolled in [false, true] {
        if scrolled {
            let to_end = "const d = document.querySelector('dialog.drawer'); \
                          d.scrollTop = d.scrollHeight; return null;";
            js(client, to_end).await;
        }
        let state = format!("at {width} px (scrolled: {scrolled})");
        let problems = overflows(client, &["dialog.drawer"], false).await;
        assert_eq!(problems, json!([]), "the drawer {state}");
        let close = overflows(client, &[".drawer-close"], true).await;
        assert_eq!(close, json!([]), "the close button {state}");
        assert_eq!(outside(client, "dialog.drawer").await, json!([]), "{state}");
    }
    if width > 1000 {
        // The JSON blocks scroll within, from the keyboard too.
        assert_accessible(client, "dialog.drawer", "the drawer with long values").await;
    }
    let shown = js(
        client,
        "return document.querySelector('.drawer .fields dd code').textContent;",
    )
    .await;
    assert_eq!(shown, json!(id), "the whole id is in the drawer");
    js_click(client, ".drawer-close").await;
    let closed = "return !document.querySelector('dialog.drawer[open]');";
    wait_for_js(client, closed, json!(true)).await;
}

/// The text of the id label in the row of job `id`.
async fn id_label(client: &Client, id: &str) -> String {
    let script =
        format!("return document.querySelector('[data-job-id=\"{id}\"] .id-label').textContent;");
    let label = js(client, &script).await;
    label.as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn long_values_stay_inside_the_drawer_and_the_error_popover() {
    with_app(SIM, |env: Env| async move {
        let client = env.client.clone();
        remember(
            &client,
            &env.base_url,
            &[("jobscope.refreshInterval", "off")],
        )
        .await;
        client.goto(&env.url("/healthz")).await.unwrap();
        // Two 2 kB ids that differ only at their end.
        let failed = format!("job_{}", word("Q7x", 700));
        let running = format!("job_{}Z", word("Q7x", 699));
        let page = json!({
            "data": [failed_job(&failed), running_job(&running)],
            "pagination": { "has_more": false, "next_cursor": null },
        });
        script(&client, "/v1/jobs", 200, page, 100).await;
        let detail = json!({ "data": failed_job(&failed) });
        script(&client, &format!("/v1/jobs/{failed}"), 200, detail, 100).await;

        for window in WINDOWS {
            let width = resize(&client, window).await;
            open_list(&env, "/").await;
            assert_eq!(settled_state(&client).await, "end");
            let problems = overflows(&client, &[".job-list", ".list-toolbar"], false).await;
            assert_eq!(problems, json!([]), "the list at {width} px");
            let row = format!("[data-job-id=\"{failed}\"]");
            check_error_popover(&client, &row, width).await;
            check_drawer(&client, &row, &failed, width).await;
        }
        // Their labels differ, and are short ends of them.
        let (a, b) = (
            id_label(&client, &failed).await,
            id_label(&client, &running).await,
        );
        assert_ne!(a, b);
        assert!(failed.ends_with(&a) && running.ends_with(&b), "{a} {b}");
        assert!(a.len() <= 10 && b.len() <= 10, "{a} {b}");
    })
    .await;
}

/// Every filter of the list at once: 13 chips.
const EVERY_FILTER: &str = "/?status=QUEUED,RUNNING,DONE,FAILED,CANCELLED\
    &type=POST_GENERATION,KB_INGEST_TEXT,KB_INGEST_FILE,KB_INGEST_URL,KB_INGEST_YOUTUBE,\
    SOURCE_INGEST_FILE&dateFrom=2026-10-25T00:30:00Z&dateTo=2026-10-26T00:00:00Z";

#[tokio::test]
async fn long_messages_stay_inside_the_notices() {
    with_app(SIM, |env: Env| async move {
        let client = env.client.clone();
        remember(
            &client,
            &env.base_url,
            &[("jobscope.refreshInterval", "off")],
        )
        .await;
        client.goto(&env.url("/healthz")).await.unwrap();
        let message = word("server-said:", 100);
        let error = json!({ "error": { "code": word("boom", 200), "message": message } });
        for window in WINDOWS {
            let width = resize(&client, window).await;
            // An error answer with a long message (one not worth retrying), in the list's
            // footer and in the drawer.
            script(&client, "/v1/jobs", 400, error.clone(), 20).await;
            script(&client, "/v1/jobs/job_missing", 400, error.clone(), 20).await;
            // A link with many unusable values: the filter notice.
            let params: Vec<String> = (0..12)
                .map(|i| format!("x{i}{}={}", word("p", 60), word("v", 60)))
                .collect();
            client
                .goto(&env.url(&format!(
                    "/?status={}&{}&job=job_missing",
                    word("X", 60),
                    params.join("&")
                )))
                .await
                .unwrap();
            client
                .wait()
                .at_most(UI_TIMEOUT)
                .for_element(fantoccini::Locator::Css(".filters-notice"))
                .await
                .unwrap();
            wait_for_js(
                &client,
                "return !!document.querySelector('.drawer .notice-error');",
                json!(true),
            )
            .await;
            let problems = overflows(
                &client,
                &[".drawer .notice-error", "dialog.drawer", ".drawer-close"],
                true,
            )
            .await;
            assert_eq!(problems, json!([]), "the drawer's notice at {width} px");
            js_click(&client, ".drawer-close").await;
            wait_for_js(
                &client,
                "return !document.querySelector('dialog.drawer[open]');",
                json!(true),
            )
            .await;
            wait_for_js(
                &client,
                "return !!document.querySelector('.list-error');",
                json!(true),
            )
            .await;
            let problems = overflows(
                &client,
                &[
                    ".filters-notice",
                    ".filters-notice .notice-dismiss",
                    ".list-error",
                ],
                false,
            )
            .await;
            assert_eq!(problems, json!([]), "the notices at {width} px");
            assert_eq!(
                outside(&client, ".list-error").await,
                json!([]),
                "{width} px"
            );
            assert_eq!(
                outside(&client, ".filters-notice").await,
                json!([]),
                "{width} px"
            );

            // "Find job" with a long paste, its message, and the chips.
            js(
                &client,
                "document.querySelector('.filters-notice .notice-dismiss').click(); return null;",
            )
            .await;
            let find = client
                .find(fantoccini::Locator::Css("input[name=jump]"))
                .await
                .unwrap();
            // Enter as WebDriver's key (a "\n" is a newline character to some drivers).
            let enter = char::from(fantoccini::key::Key::Enter);
            // Past Find job's 4,096 characters: refused with a message that must stay inside.
            find.send_keys(&format!("{}{enter}", word("not-an-id", 460)))
                .await
                .unwrap();
            wait_for_js(
                &client,
                "return document.querySelector('#jump-problem').textContent.length > 0;",
                json!(true),
            )
            .await;
            let problems = overflows(
                &client,
                &[
                    ".jump-to-job",
                    "#jump-problem",
                    ".site-footer",
                    ".list-toolbar",
                ],
                false,
            )
            .await;
            assert_eq!(problems, json!([]), "the toolbar at {width} px");
            sim_json(&client, "DELETE", "/_sim/responses", Value::Null).await;

            // Every filter at once: the chips wrap within the page.
            client.goto(&env.url(EVERY_FILTER)).await.unwrap();
            let chips = "return document.querySelectorAll('.chip').length;";
            wait_for_js(&client, chips, json!(13)).await;
            let bar = [".chips", ".chip", ".filter-bar"];
            let problems = overflows(&client, &bar, false).await;
            assert_eq!(problems, json!([]), "the chips at {width} px");
        }
    })
    .await;
}

/// The created times of the rows, in row order.
const CREATED_TIMES: &str = "return Array.from(document.querySelectorAll('.job-table-body .job-row'))
    .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
    .map((row) => row.querySelector('.cell-created time')?.textContent);";

/// How many created cells cut their text off.
const CUT_TIMES: &str = "return Array.from(document.querySelectorAll('.job-row .cell-created'))
    .filter((cell) => cell.scrollWidth > cell.clientWidth).length;";

/// The chips' texts (without the remove mark).
const CHIP_TEXTS: &str = "return Array.from(document.querySelectorAll('.chip'))
    .map((chip) => chip.firstChild.textContent);";

#[tokio::test]
async fn local_times_in_the_repeated_autumn_hour_say_their_offset() {
    // 2026-10-25 in Berlin: at 01:00 UTC the clocks go back from 03:00 CEST to 02:00 CET, so
    // 02:30 happens twice, at 00:30 UTC and again at 01:30 UTC.
    let sim = &[
        "--frozen",
        "--control",
        "--jobs",
        "0",
        "--start-time",
        "2026-10-25T00:30:00Z",
    ];
    with_app_in(Some("Europe/Berlin"), sim, |env: Env| async move {
        let client = env.client.clone();
        let choices = [
            ("jobscope.refreshInterval", "off"),
            ("jobscope.timeDisplay", "local"),
        ];
        remember(&client, &env.base_url, &choices).await;
        client.goto(&env.url("/healthz")).await.unwrap();
        sim_json(&client, "POST", "/_sim/jobs", json!({ "count": 1 })).await;
        let hour = json!({ "seconds": 3600 });
        sim_json(&client, "POST", "/_sim/clock/advance", hour).await;
        sim_json(&client, "POST", "/_sim/jobs", json!({ "count": 1 })).await;
        // A laptop's window: the layout with room for whole dates and times.
        resize(&client, WINDOWS[0]).await;
        open_list(&env, "/").await;
        let later_first = json!([
            "2026-10-25 02:30:00 UTC+01:00",
            "2026-10-25 02:30:00 UTC+02:00"
        ]);
        wait_for_js(&client, CREATED_TIMES, later_first).await;
        // Both are whole on screen, not cut off by the column.
        let cut = js(&client, CUT_TIMES).await;
        assert_eq!(cut, json!(0), "a time with its offset is cut off");

        // The date chips name the zone, and the offset in the repeated hour.
        let range = "/?dateFrom=2026-10-25T00:30:00Z&dateTo=2026-10-25T12:00:00Z";
        client.goto(&env.url(range)).await.unwrap();
        let chips = json!([
            "From 2026-10-25 02:30 (Europe/Berlin, UTC+02:00)",
            "To 2026-10-25 13:00 (Europe/Berlin)"
        ]);
        wait_for_js(&client, CHIP_TEXTS, chips).await;
    })
    .await;
}
