//! The filters a list is shown under (status, type, created-at range), in the API's terms.

pub mod capabilities;
pub mod dates;
pub mod query;

use jobscope_wire::booper::{self, BooperState};
use jobscope_wire::scripe::{JobStatus, JobType, params};

use crate::format;

/// What the user filters by; empty lists mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Filters {
    pub statuses: Vec<JobStatus>,
    pub types: Vec<JobType>,
    /// Booper's one `state` (a list of at most one, so the bar treats every list alike).
    pub states: Vec<BooperState>,
    /// Inclusive bounds in canonical form: `YYYY-MM-DD`, or an RFC 3339 instant in UTC.
    pub date_from: Option<String>,
    pub date_to: Option<String>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self.statuses.is_empty()
            && self.types.is_empty()
            && self.states.is_empty()
            && self.date_from.is_none()
            && self.date_to.is_none()
    }

    /// The API values chosen for a list filter (`status` or `type`), in the API's order.
    pub fn selected(&self, param: &str) -> Vec<&'static str> {
        match param {
            params::STATUS => JobStatus::KNOWN
                .iter()
                .filter(|status| self.statuses.contains(status))
                .map(JobStatus::as_str)
                .collect(),
            params::TYPE => JobType::KNOWN
                .iter()
                .filter(|job_type| self.types.contains(job_type))
                .map(JobType::as_str)
                .collect(),
            booper::params::STATE => BooperState::KNOWN
                .iter()
                .filter(|state| self.states.contains(state))
                .map(BooperState::as_str)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Adds (`on`) or removes one API value of a list filter; unknown values change nothing.
    pub fn toggle(&mut self, param: &str, value: &str, on: bool) {
        match param {
            params::STATUS => {
                self.statuses.retain(|status| status.as_str() != value);
                self.statuses.extend(JobStatus::known(value).filter(|_| on));
            }
            params::TYPE => {
                self.types.retain(|job_type| job_type.as_str() != value);
                self.types.extend(JobType::known(value).filter(|_| on));
            }
            // One value at a time: choosing a state replaces the one chosen before.
            booper::params::STATE => {
                self.states.retain(|state| state.as_str() != value && !on);
                self.states.extend(BooperState::known(value).filter(|_| on));
            }
            _ => {}
        }
    }

    /// The filters in words, for an empty state: "status Failed, type URL ingest".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.statuses.is_empty() {
            let names: Vec<String> = self.statuses.iter().map(format::status_label).collect();
            parts.push(format!("status {}", names.join(" or ")));
        }
        if !self.types.is_empty() {
            let names: Vec<String> = self.types.iter().map(format::type_label).collect();
            parts.push(format!("type {}", names.join(" or ")));
        }
        if let Some(state) = self.states.first() {
            parts.push(format!("state {}", state.as_str()));
        }
        match (&self.date_from, &self.date_to) {
            (Some(from), Some(to)) => parts.push(format!("created {from} to {to}")),
            (Some(from), None) => parts.push(format!("created since {from}")),
            (None, Some(to)) => parts.push(format!("created until {to}")),
            (None, None) => {}
        }
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_filters_toggle_by_their_api_values() {
        let mut filters = Filters::default();
        filters.toggle("status", "FAILED", true);
        filters.toggle("status", "QUEUED", true);
        filters.toggle("status", "FAILED", true);
        filters.toggle("status", "PAUSED", true);
        filters.toggle("type", "KB_INGEST_URL", true);
        assert_eq!(filters.selected("status"), ["QUEUED", "FAILED"]);
        assert_eq!(filters.selected("type"), ["KB_INGEST_URL"]);
        filters.toggle("status", "QUEUED", false);
        filters.toggle("dateFrom", "x", true);
        filters.toggle("state", "completed", true);
        filters.toggle("state", "cancelled", true);
        assert_eq!(
            filters.selected("state"),
            ["cancelled"],
            "one state at a time"
        );
        filters.toggle("state", "cancelled", false);
        assert!(filters.states.is_empty());
        assert_eq!(filters.statuses, [JobStatus::Failed]);
        assert_eq!(filters.selected("dateFrom"), Vec::<&str>::new());
    }

    #[test]
    fn describes_filters_in_words() {
        assert!(Filters::default().is_empty());
        assert_eq!(Filters::default().describe(), "");
        let filters = Filters {
            statuses: vec![JobStatus::Failed, JobStatus::Running],
            types: vec![JobType::KbIngestUrl],
            states: Vec::new(),
            date_from: Some("2026-11-01T00:00:00Z".into()),
            date_to: None,
        };
        assert!(!filters.is_empty());
        assert_eq!(
            filters.describe(),
            "status Failed or Running, type URL ingest, created since 2026-11-01T00:00:00Z"
        );
    }
}
