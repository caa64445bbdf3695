//! Markdown tables and lines of the report.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::assets::{Asset, Fetches, total};
use super::report::kb;

/// `value` in `unit`, rounded as the unit deserves.
pub fn number(value: f64, unit: &str) -> String {
    match unit {
        "×" => format!("{value:.2}×"),
        "" => format!("{value:.0}"),
        "s" | "MB" | "KB" => format!("{value:.1} {unit}"),
        _ => format!("{value:.0} {unit}"),
    }
}

/// Each file with its sizes in bytes, and their total in KB.
pub fn asset_table(out: &mut String, assets: &[Asset]) {
    let _ = writeln!(
        out,
        "| asset | raw | gzip -9 | brotli 11 |\n|---|---|---|---|"
    );
    for a in assets {
        let _ = writeln!(
            out,
            "| `{}` | {} B | {} B | {} B |",
            a.name, a.raw, a.gzip, a.brotli
        );
    }
    let t = total("total", assets);
    let _ = writeln!(
        out,
        "| **total** | {} | **{}** | {} |",
        kb(t.raw),
        kb(t.gzip),
        kb(t.brotli)
    );
}

/// The files of the first load with how many runs fetched each, and their total.
pub fn first_load_table(out: &mut String, load: &Fetches) {
    let _ = writeln!(
        out,
        "| file | fetched in | raw | gzip -9 | brotli 11 |\n|---|---|---|---|---|"
    );
    for (a, runs) in &load.files {
        let _ = writeln!(
            out,
            "| `{}` | {runs} of {} runs | {} B | {} B | {} B |",
            a.name, load.runs, a.raw, a.gzip, a.brotli
        );
    }
    let t = load.total();
    let _ = writeln!(
        out,
        "| **total** | | {} | **{}** | **{}** |",
        kb(t.raw),
        kb(t.gzip),
        kb(t.brotli)
    );
    if !load.same_in_every_run() {
        let _ = writeln!(
            out,
            "\nNot every run fetched the same files: the total counts each file any run fetched."
        );
    }
}

/// `- {what}: `a` (n of N runs), …` when `fetched` has any, else nothing.
pub fn fetches_line(out: &mut String, what: &str, fetched: &BTreeMap<String, usize>, runs: usize) {
    if fetched.is_empty() {
        return;
    }
    let listed: Vec<String> = fetched
        .iter()
        .map(|(path, count)| format!("`{path}` ({count} of {runs} runs)"))
        .collect();
    let _ = writeln!(out, "\n{what}: {}.", listed.join(", "));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(name: &str) -> Asset {
        Asset {
            name: name.to_owned(),
            raw: 3_000,
            gzip: 2_048,
            brotli: 1_024,
        }
    }

    #[test]
    fn numbers_are_rounded_by_unit() {
        assert_eq!(number(1.234, "×"), "1.23×");
        assert_eq!(number(23.6, ""), "24");
        assert_eq!(number(11.25, "s"), "11.2 s");
        assert_eq!(number(140.04, "KB"), "140.0 KB");
        assert_eq!(number(84.5, "ms"), "84 ms");
    }

    #[test]
    fn the_first_load_table_totals_its_files_and_says_when_runs_differ() {
        let site = [asset("index.html"), asset("a.wasm"), asset("b.wasm")];
        let run = |names: &[&str]| -> Vec<String> {
            names.iter().map(|n| format!("http://h/{n}")).collect()
        };
        let same = Fetches::of(&[run(&["", "a.wasm"]), run(&["", "a.wasm"])], &site);
        let mut out = String::new();
        first_load_table(&mut out, &same);
        assert!(
            out.contains("| `a.wasm` | 2 of 2 runs | 3000 B | 2048 B | 1024 B |"),
            "{out}"
        );
        assert!(
            out.contains("| **total** | | 5.9 KB | **4.0 KB** | **2.0 KB** |"),
            "{out}"
        );
        assert!(!out.contains("Not every run"), "{out}");

        let differ = Fetches::of(
            &[run(&["", "a.wasm"]), run(&["", "a.wasm", "b.wasm"])],
            &site,
        );
        let mut out = String::new();
        first_load_table(&mut out, &differ);
        assert!(out.contains("| `b.wasm` | 1 of 2 runs |"), "{out}");
        assert!(out.contains("**6.0 KB**"), "{out}");
        assert!(
            out.contains("Not every run fetched the same files"),
            "{out}"
        );
    }

    #[test]
    fn fetch_lines_list_each_path_with_its_runs_or_nothing() {
        let mut out = String::new();
        fetches_line(&mut out, "API calls", &BTreeMap::new(), 3);
        assert_eq!(out, "");
        let calls = BTreeMap::from([("/v1/jobs".to_owned(), 3), ("/v1/me".to_owned(), 1)]);
        fetches_line(&mut out, "API calls", &calls, 3);
        assert_eq!(
            out,
            "\nAPI calls: `/v1/jobs` (3 of 3 runs), `/v1/me` (1 of 3 runs).\n"
        );
    }
}
