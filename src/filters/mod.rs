//! The filters a list is shown under (status, type, created-at range), in the API's terms.

pub mod query;

use jobscope_wire::scripe::{JobStatus, JobType};

use crate::format;

/// What the user filters by; empty lists mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Filters {
    pub statuses: Vec<JobStatus>,
    pub types: Vec<JobType>,
    /// Inclusive bounds in canonical form: `YYYY-MM-DD`, or an RFC 3339 instant in UTC.
    pub date_from: Option<String>,
    pub date_to: Option<String>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self.statuses.is_empty()
            && self.types.is_empty()
            && self.date_from.is_none()
            && self.date_to.is_none()
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
    fn describes_filters_in_words() {
        assert!(Filters::default().is_empty());
        assert_eq!(Filters::default().describe(), "");
        let filters = Filters {
            statuses: vec![JobStatus::Failed, JobStatus::Running],
            types: vec![JobType::KbIngestUrl],
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
