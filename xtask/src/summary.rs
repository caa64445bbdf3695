//! Counting results over every suite, for the one closing line `N passed, N failed`.

use std::fmt;
use std::ops::AddAssign;

/// Tests (and check steps) that passed, failed or were ignored.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
    pub ignored: u64,
}

impl Counts {
    /// One passed check (fmt, clippy, a build).
    pub const PASS: Self = Self {
        passed: 1,
        failed: 0,
        ignored: 0,
    };
    /// One failed check.
    pub const FAIL: Self = Self {
        passed: 0,
        failed: 1,
        ignored: 0,
    };

    /// Reads a libtest summary such as
    /// `test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; ...`.
    pub fn parse_line(line: &str) -> Option<Self> {
        let rest = line.trim().strip_prefix("test result: ")?;
        let (_verdict, fields) = rest.split_once(". ")?;
        let mut counts = Self::default();
        for field in fields.split(';') {
            let mut words = field.split_whitespace();
            let (Some(number), Some(label)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(number) = number.parse::<u64>() else {
                continue;
            };
            match label {
                "passed" => counts.passed = number,
                "failed" => counts.failed = number,
                "ignored" => counts.ignored = number,
                _ => {}
            }
        }
        Some(counts)
    }
}

impl AddAssign for Counts {
    fn add_assign(&mut self, other: Self) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.ignored += other.ignored;
    }
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} passed, {} failed", self.passed, self.failed)?;
        if self.ignored > 0 {
            write!(f, ", {} skipped", self.ignored)?;
        }
        Ok(())
    }
}

/// The outcome of one suite: its counts, and whether the command itself succeeded. A failed
/// command whose output counted no failure (it did not compile, or crashed) counts as one.
pub fn settle(succeeded: bool, mut counts: Counts) -> Counts {
    if !succeeded && counts.failed == 0 {
        counts.failed = 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libtest_summaries() {
        let line = "test result: ok. 12 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out; finished in 0.01s";
        assert_eq!(
            Counts::parse_line(line),
            Some(Counts {
                passed: 12,
                failed: 0,
                ignored: 2
            })
        );
        let failed = "test result: FAILED. 1 passed; 3 failed; 0 ignored; 0 measured; 0 filtered out; finished in 31.97s";
        assert_eq!(Counts::parse_line(failed).map(|c| c.failed), Some(3));
    }

    #[test]
    fn reads_wasm_bindgen_test_runner_summaries() {
        let line =
            "test result: ok. 3 passed; 0 failed; 0 ignored; 0 filtered out; finished in 0.05s";
        assert_eq!(Counts::parse_line(line).map(|c| c.passed), Some(3));
    }

    #[test]
    fn ignores_other_lines() {
        for line in [
            "running 3 tests",
            "test app_renders ... ok",
            "",
            "test result:",
        ] {
            assert_eq!(Counts::parse_line(line), None, "{line:?}");
        }
    }

    #[test]
    fn sums_and_prints_the_closing_line() {
        let mut total = Counts::default();
        total += Counts::PASS;
        total += Counts::parse_line("test result: ok. 4 passed; 1 failed; 0 ignored;").unwrap();
        assert_eq!(total.to_string(), "5 passed, 1 failed");
        total.ignored = 2;
        assert_eq!(total.to_string(), "5 passed, 1 failed, 2 skipped");
    }

    #[test]
    fn a_command_that_failed_without_counted_failures_counts_once() {
        assert_eq!(settle(false, Counts::default()).failed, 1);
        assert_eq!(
            settle(
                false,
                Counts {
                    failed: 3,
                    ..Counts::default()
                }
            )
            .failed,
            3
        );
        assert_eq!(settle(true, Counts::PASS), Counts::PASS);
    }
}
