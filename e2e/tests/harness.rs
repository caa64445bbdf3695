//! The harness itself: the processes it starts are gone once their guards drop.

use std::path::Path;

use jobscope_e2e::browser::Browser;
use jobscope_e2e::process::Sim;

fn alive(pid: u32) -> bool {
    // A zombie still has a /proc entry; its state letter is Z.
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| {
            stat.rsplit(')')
                .next()
                .is_some_and(|rest| !rest.trim_start().starts_with('Z'))
        })
        .unwrap_or(false)
}

#[test]
fn the_simulator_is_stopped_when_its_guard_drops() {
    let sim = Sim::start(&[]);
    let pid = sim.pid();
    assert!(Path::new(&format!("/proc/{pid}")).exists());
    assert!(alive(pid));
    drop(sim);
    assert!(!alive(pid), "jobscope-sim (pid {pid}) still running");
}

#[tokio::test]
async fn a_failing_test_still_stops_browser_and_simulator() {
    let browser = Browser::from_env();
    let before = browser_processes(browser);
    let result = tokio::spawn(jobscope_e2e::with_app(&[], |env| async move {
        env.client.goto(&env.url("/")).await.unwrap();
        panic!("deliberate failure");
    }))
    .await;
    let err = result.expect_err("the panic propagates out of with_app");
    assert!(err.is_panic());
    // A browser shuts down asynchronously after its driver ends the session.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while browser_processes(browser) > before && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(
        browser_processes(browser) <= before,
        "a {} was left running",
        browser.name()
    );
}

/// Live processes of `browser` on this machine (other tests may run browsers in parallel, so
/// the check above compares against a count taken before).
fn browser_processes(browser: Browser) -> usize {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| alive(*pid))
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|comm| {
                browser
                    .process_names()
                    .iter()
                    .any(|name| comm.trim().starts_with(name))
            })
        })
        .count()
}
