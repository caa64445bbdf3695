//! Which end-to-end tests run in which browser. Chromium runs every test; Firefox and WebKit
//! run the core flows: the list scrolled to its end, filters in the URL, the drawer, cancel,
//! settings and export (issue 15, item 9), the split build's chunks and stylesheet, Insights,
//! and the harness's own clean-up. The tests that need Chromium's DevTools (CDP: colour
//! scheme, device metrics, performance metrics) or its console (the CSP and leaked-secret
//! checks) stay Chromium tests.
//!
//! The harness picks the browser from `JOBSCOPE_BROWSER`; each browser's run is one
//! `cargo test` over the listed tests, and it fails unless every listed test ran (a renamed
//! test is not silently skipped).

use std::process::Command;

/// The browsers the core flows also run in, as `JOBSCOPE_BROWSER` names them.
pub const OTHER_BROWSERS: [&str; 2] = ["firefox", "webkit"];

/// The core flows, as (test file in `e2e/tests/`, test name).
pub const CORE_FLOWS: &[(&str, &str)] = &[
    // Each run drives the browser it names.
    ("browsers", "the_session_runs_in_the_browser_the_run_names"),
    // An empty date filter reads "not set" (WebKit shows today's date in an empty one).
    (
        "browsers",
        "an_empty_date_bound_reads_not_set_and_a_set_one_its_date",
    ),
    // The harness stops the browser (whatever it is) and the simulator after a failure.
    (
        "harness",
        "a_failing_test_still_stops_browser_and_simulator",
    ),
    // The list scrolled to its end: exactly the API's jobs.
    (
        "job_list",
        "scrolling_to_the_end_shows_exactly_the_apis_jobs",
    ),
    // Filters in the URL, from a link, by the controls, through reload and a fresh browser.
    (
        "job_list",
        "filters_in_the_url_show_exactly_the_matching_jobs",
    ),
    (
        "filters",
        "controls_write_the_url_and_the_rows_follow_it_through_reload_and_a_fresh_browser",
    ),
    // Date inputs (each engine has its own) in another time zone.
    (
        "filters",
        "dates_are_entered_in_the_browsers_zone_and_sent_as_utc",
    ),
    // The drawer from a `?job=` link, following a job to its end.
    ("live", "a_job_goes_queued_running_done_in_the_open_drawer"),
    // Cancel, accepted and refused.
    (
        "live",
        "cancel_succeeds_for_a_queued_job_and_is_refused_for_a_running_one",
    ),
    // Export as JSON and CSV.
    ("live", "exports_equal_the_apis_data_for_the_same_filters"),
    // Settings: the API key prompt, a wrong key, the right key, cross-origin.
    (
        "settings",
        "no_key_prompts_a_wrong_key_is_refused_and_the_right_key_lists_the_jobs",
    ),
    // The other backend's list scrolled to its end.
    (
        "booper",
        "scrolling_booper_completed_jobs_shows_exactly_the_offset_walk",
    ),
    // The split build (issue 16): only the main module before the first rows, the drawer
    // prefetched when idle; every chunk loading under a sub-path; a chunk that cannot load.
    (
        "chunks",
        "the_first_screen_fetches_only_the_main_module_and_the_drawer_is_prefetched_when_idle",
    ),
    (
        "chunks",
        "under_a_sub_path_and_the_strict_policy_every_chunk_loads_on_use",
    ),
    (
        "chunk_failures",
        "a_drawer_chunk_that_cannot_load_says_so_keeps_the_list_and_loads_on_try_again",
    ),
    // The parts' stylesheet: each engine's `error` event on a `<link>` that cannot load.
    (
        "chunk_failures",
        "a_parts_stylesheet_that_cannot_load_says_so_and_the_drawer_opens_styled_on_try_again",
    ),
    // Insights (issue 17): its walk, counts and chart in each engine.
    (
        "insights",
        "the_counts_equal_a_walk_of_the_api_for_three_filter_sets",
    ),
];

/// The arguments of `cargo test` that run exactly the core flows.
pub fn core_flow_args() -> Vec<String> {
    let mut args: Vec<String> = ["test", "--no-fail-fast", "--package", "jobscope-e2e"]
        .map(str::to_owned)
        .to_vec();
    let mut files: Vec<&str> = CORE_FLOWS.iter().map(|(file, _)| *file).collect();
    files.sort_unstable();
    files.dedup();
    for file in files {
        args.push("--test".into());
        args.push(file.into());
    }
    args.push("--".into());
    args.push("--exact".into());
    args.extend(CORE_FLOWS.iter().map(|(_, test)| (*test).to_owned()));
    args
}

/// Sets `browser` (a `JOBSCOPE_BROWSER` name) for the e2e harness.
pub fn in_browser<'a>(command: &'a mut Command, browser: &str) -> &'a mut Command {
    command.env("JOBSCOPE_BROWSER", browser)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace;

    #[test]
    fn every_core_flow_names_a_test_that_exists() {
        for (file, test) in CORE_FLOWS {
            let source = workspace::read(&format!("e2e/tests/{file}.rs")).unwrap();
            let found = source
                .match_indices(&format!("fn {test}("))
                .any(|(at, _)| source[..at].trim_end().ends_with("async"));
            assert!(found, "e2e/tests/{file}.rs has no test `{test}`");
        }
    }

    #[test]
    fn the_core_flows_cover_the_issues_list() {
        let names: String = CORE_FLOWS.iter().map(|(_, test)| *test).collect();
        for flow in ["scroll", "filters", "drawer", "cancel", "key", "export"] {
            assert!(names.contains(flow), "no core flow about {flow}");
        }
    }

    #[test]
    fn the_command_runs_each_file_once_and_each_test_exactly() {
        let args = core_flow_args();
        let tests = args.iter().filter(|arg| *arg == "--test").count();
        let mut files: Vec<&str> = CORE_FLOWS.iter().map(|(file, _)| *file).collect();
        files.sort_unstable();
        files.dedup();
        assert_eq!(tests, files.len());
        let after = args.iter().position(|arg| arg == "--exact").unwrap();
        assert_eq!(args.len() - after - 1, CORE_FLOWS.len());
    }
}
