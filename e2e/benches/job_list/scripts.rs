//! The scripts the bench runs in the page (through the DevTools protocol, so the page's
//! Content-Security-Policy does not apply to them).

/// From a click on the FAILED status to rows of only that status in the DOM, in ms.
pub const FILTER_CHANGE: &str = r#"
    new Promise((resolve) => {
        const input = document.querySelector('input[name=status][value=FAILED]');
        const settled = () => {
            const list = document.querySelector('.job-list');
            const rows = [...document.querySelectorAll('[data-job-id]')];
            return list && list.getAttribute('data-feed-state') !== 'loading' && rows.length > 0
                && rows.every((row) => row.getAttribute('data-status') === 'FAILED');
        };
        const start = performance.now();
        const observer = new MutationObserver(() => {
            if (settled()) { observer.disconnect(); resolve(performance.now() - start); }
        });
        observer.observe(document.body, { childList: true, subtree: true, attributes: true });
        input.click();
        setTimeout(() => { observer.disconnect(); resolve(null); }, 30000);
    })
"#;

/// Scrolls the list to its end at 20 rows a frame, recording row elements and long tasks.
pub const SCROLL: &str = r#"
    new Promise((resolve) => {
        const longTasks = [];
        const observer = new PerformanceObserver((entries) => {
            for (const entry of entries.getEntries()) longTasks.push(entry.duration);
        });
        observer.observe({ type: 'longtask' });
        const viewport = document.querySelector('.job-table-viewport');
        let maxRows = 0;
        const start = performance.now();
        const step = () => {
            const rows = document.querySelectorAll('[data-job-id]').length;
            maxRows = Math.max(maxRows, rows);
            const list = document.querySelector('.job-list');
            const state = list.getAttribute('data-feed-state');
            const loaded = Number(list.getAttribute('data-loaded-count'));
            const bottom = viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - 2;
            if ((state === 'end' && bottom) || state === 'error' || performance.now() - start > 240000) {
                // Long tasks are reported after they end: one more frame to collect them.
                requestAnimationFrame(() => setTimeout(() => {
                    observer.disconnect();
                    resolve({ state, loaded, maxRows, longTasks,
                        seconds: (performance.now() - start) / 1000 });
                }, 100));
                return;
            }
            viewport.scrollTop += 20 * 44;
            requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
    })
"#;

/// Loads rows (scrolling to the end of the loaded ones each frame) until `__TARGET__` are
/// loaded or the list ends, recording long tasks.
pub const LOAD_ROWS: &str = r#"
    new Promise((resolve) => {
        const target = __TARGET__;
        const longTasks = [];
        const observer = new PerformanceObserver((entries) => {
            for (const entry of entries.getEntries()) longTasks.push(entry.duration);
        });
        observer.observe({ type: 'longtask' });
        const viewport = document.querySelector('.job-table-viewport');
        const start = performance.now();
        const step = () => {
            const list = document.querySelector('.job-list');
            const state = list.getAttribute('data-feed-state');
            const loaded = Number(list.getAttribute('data-loaded-count'));
            if (loaded >= target || state === 'end' || state === 'error' || performance.now() - start > 600000) {
                // Long tasks are reported after they end: one more frame to collect them.
                requestAnimationFrame(() => setTimeout(() => {
                    observer.disconnect();
                    resolve({ state, loaded, longTasks, seconds: (performance.now() - start) / 1000 });
                }, 100));
                return;
            }
            viewport.scrollTop = viewport.scrollHeight;
            requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
    })
"#;

/// The API's paths, as a JS regular expression on a URL's path: calls, not files.
macro_rules! api_path {
    () => {
        r"/^\/(v1|api|healthz|_sim)(\/|$)/"
    };
}

/// What the browser fetched before the first rows: the page itself (the navigation entry) and
/// every resource whose fetch started before the `jobscope:first-rows` mark, by URL; and the
/// bytes received for them (`encodedBodySize`: compressed as served), API calls left out.
pub const FIRST_LOAD: &str = concat!(
    r#"
    (() => {
        const api = "#,
    api_path!(),
    r#";
        const mark = performance.getEntriesByName('jobscope:first-rows')[0].startTime;
        const page = performance.getEntriesByType('navigation')[0];
        const fetched = [page, ...performance.getEntriesByType('resource')
            .filter((entry) => entry.startTime < mark)];
        const received = fetched
            .filter((entry) => !api.test(new URL(entry.name).pathname))
            .reduce((sum, entry) => sum + entry.encodedBodySize, 0);
        return { urls: fetched.map((entry) => entry.name), received };
    })()
"#
);

/// Waits until the network has settled after the first rows (the idle prefetch done): at
/// least 1 s after them, no file (API calls aside: the live refresh polls) finished in the
/// last 300 ms, and code (a `.wasm` or `.js`) fetched since the first rows or 2.5 s passed (the app asks for an
/// idle callback with a 2 s deadline, `src/chunks.rs`); at most 10 s. Answers the ms from the
/// first rows. Resource Timing lists a fetch once it has finished, so a fetch still in flight
/// is not seen; on loopback each takes a few ms.
pub const SETTLE: &str = concat!(
    r#"
    new Promise((resolve) => {
        const api = "#,
    api_path!(),
    r#";
        const mark = performance.getEntriesByName('jobscope:first-rows')[0].startTime;
        const check = () => {
            const now = performance.now();
            const files = performance.getEntriesByType('resource')
                .filter((entry) => !api.test(new URL(entry.name).pathname));
            const last = files.reduce((last, entry) => Math.max(last, entry.responseEnd), mark);
            const since = now - mark;
            const fetched = files.some((entry) => entry.startTime >= mark
                && /\.(wasm|js)$/.test(new URL(entry.name).pathname));
            if ((since >= 1000 && now - last >= 300 && (fetched || since >= 2500)) || since >= 10000) {
                resolve(since);
            } else {
                setTimeout(check, 50);
            }
        };
        check();
    })
"#
);

/// Defines `jobscopeOpenDrawer(index)`: clicks row `index` (its type cell: not a control) and
/// resolves, once the drawer shows that job's content (`dialog.drawer[open]` with the job's
/// status badge), to `{ ms }` from the click, with the URLs fetched between the first rows and
/// the click (`before`) and from the click to the content (`after`); `{ ms: null, drawer }`
/// after 15 s, with the drawer's start for the failure message.
pub const OPEN_DRAWER: &str = r#"
    function jobscopeOpenDrawer(index) {
        return new Promise((resolve) => {
            const row = document.querySelectorAll('[data-job-id]')[index];
            const cell = row?.querySelector('.cell-type');
            if (!cell) {
                resolve({ ms: null, drawer: `no row ${index} to click` });
                return;
            }
            const id = row.getAttribute('data-job-id');
            const mark = performance.getEntriesByName('jobscope:first-rows')[0]?.startTime ?? 0;
            const urls = (from, to) => performance.getEntriesByType('resource')
                .filter((entry) => entry.startTime >= from && entry.startTime < to)
                .map((entry) => entry.name);
            const shown = () => [...document.querySelectorAll('dialog.drawer[open] [data-drawer-job]')]
                .some((body) => body.getAttribute('data-drawer-job') === id
                    && body.querySelector('[data-drawer-status]'));
            let done = false;
            let observer = null;
            const start = performance.now();
            const before = urls(mark, start);
            const finish = (ms) => {
                if (done) return;
                done = true;
                observer?.disconnect();
                const drawer = ms === null
                    ? (document.querySelector('dialog.drawer')?.outerHTML ?? 'no drawer').slice(0, 600)
                    : null;
                resolve({ ms, before, after: urls(start, Infinity), sinceFirstRows: start - mark, drawer });
            };
            observer = new MutationObserver(() => {
                if (shown()) finish(performance.now() - start);
            });
            observer.observe(document.body, { childList: true, subtree: true, attributes: true });
            cell.click();
            if (shown()) finish(performance.now() - start);
            setTimeout(() => finish(null), 15000);
        });
    }
"#;

/// Closes the open drawer with its close button; resolves once no drawer is open (`false`
/// after 5 s).
pub const CLOSE_DRAWER: &str = r#"
    new Promise((resolve) => {
        document.querySelector('dialog.drawer[open] .drawer-close')?.click();
        const start = performance.now();
        const check = () => {
            if (!document.querySelector('dialog.drawer[open]')) resolve(true);
            else if (performance.now() - start > 5000) resolve(false);
            else setTimeout(check, 10);
        };
        check();
    })
"#;

/// Installed before the page loads: the browser says its user wants to save data
/// (`navigator.connection.saveData`), for which the app fetches no chunk ahead of use
/// (`src/chunks.rs`, `prefetch`): the drawer's code is fetched on the click.
pub const SAVE_DATA: &str = r#"
    if (navigator.connection) {
        Object.defineProperty(navigator.connection, 'saveData', { get: () => true });
    }
"#;

/// Resolves when the Insights walk has ended: `{ state, ms, jobs }`, `ms` from navigation
/// start (`performance.now()` when `data-insights-state` left `loading`), `jobs` what it read.
pub const INSIGHTS_DONE: &str = r#"
    new Promise((resolve) => {
        const check = () => {
            const root = document.querySelector('[data-insights-state]');
            const state = root?.getAttribute('data-insights-state');
            if (!state || state === 'loading') return false;
            resolve({ state, ms: performance.now(), jobs: Number(root.getAttribute('data-jobs-read')) });
            return true;
        };
        if (check()) return;
        const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
        observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true });
        setTimeout(() => resolve({ state: 'timeout', ms: null, jobs: null }), 120000);
    })
"#;
