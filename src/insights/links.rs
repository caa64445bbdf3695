//! Where the figures link to: the list (`./?…`) under the Insights filters narrowed to a
//! status and a span of time, or a job's drawer. Relative links, so they work under any base
//! path (the page is `<base>insights`, the list `<base>`).

use jobscope_wire::config::BackendKind;
use jobscope_wire::scripe::JobStatus;

use crate::filters::Filters;
use crate::filters::dates::instant;
use crate::filters::query::{JOB_PARAM, to_query};

/// The list of `asked` (the filters and the window's range the figures are of, closed at the
/// time of the read), narrowed to `status` when given (a status as sent; one the filters cannot
/// express is left out; Booper's list filters by state groups, so `discarded` opens the
/// `completed` group) and to `start_ms .. end_ms` (UTC ms, end exclusive) when given.
pub fn list_href(
    asked: &Filters,
    backend: &BackendKind,
    status: Option<&str>,
    span: Option<(i64, i64)>,
) -> String {
    let mut filters = asked.clone();
    match backend {
        BackendKind::Scripe => {
            if let Some(status) = status.and_then(JobStatus::known) {
                filters.statuses = vec![status];
            }
        }
        // Booper's `state` filter groups Oban states: the list of that group.
        _ => {
            if let Some(state) = status
                .map(jobscope_wire::booper::ObanState::parse)
                .and_then(|state| state.filter())
            {
                filters.states = vec![state];
            }
        }
    }
    if let Some((start, end)) = span {
        filters.date_from = Some(instant(start));
        filters.date_to = Some(instant(end - 1));
    }
    href(&filters, backend, None)
}

/// The list with `id`'s drawer open, under `asked`.
pub fn job_href(asked: &Filters, backend: &BackendKind, id: &str) -> String {
    href(asked, backend, Some(id))
}

fn href(filters: &Filters, backend: &BackendKind, job: Option<&str>) -> String {
    let mut other = Vec::new();
    if let Some(id) = job {
        other.push((JOB_PARAM, id));
    }
    if *backend != BackendKind::Scripe {
        other.push(("backend", backend.as_str()));
    }
    let query = to_query(filters, other);
    if query.is_empty() {
        "./".to_owned()
    } else {
        format!("./?{query}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobscope_wire::Timestamp;
    use jobscope_wire::scripe::JobType;

    #[test]
    fn a_bar_segment_links_to_that_status_in_that_span() {
        let asked = Filters {
            types: vec![JobType::KbIngestUrl],
            date_from: Some("2026-11-30T12:00:00Z".into()),
            ..Filters::default()
        };
        let start = Timestamp::raw("2026-12-01T09:00:00Z").epoch_ms().unwrap();
        assert_eq!(
            list_href(
                &asked,
                &BackendKind::Scripe,
                Some("FAILED"),
                Some((start, start + 3_600_000))
            ),
            "./?status=FAILED&type=KB_INGEST_URL&dateFrom=2026-12-01T09:00:00Z&dateTo=2026-12-01T09:59:59.999Z"
        );
        // A count: the status over the whole window.
        assert_eq!(
            list_href(&asked, &BackendKind::Scripe, Some("DONE"), None),
            "./?status=DONE&type=KB_INGEST_URL&dateFrom=2026-11-30T12:00:00Z"
        );
        // A status this build does not know cannot be a filter: the window's list.
        assert_eq!(
            list_href(&asked, &BackendKind::Scripe, Some("PAUSED"), None),
            "./?type=KB_INGEST_URL&dateFrom=2026-11-30T12:00:00Z"
        );
    }

    #[test]
    fn booper_links_keep_the_backend_and_use_its_state_groups() {
        let href = list_href(
            &Filters::default(),
            &BackendKind::Booper,
            Some("discarded"),
            None,
        );
        assert_eq!(href, "./?state=completed&backend=booper");
        assert_eq!(
            job_href(&Filters::default(), &BackendKind::Booper, "a b"),
            "./?job=a%20b&backend=booper"
        );
        assert_eq!(
            job_href(&Filters::default(), &BackendKind::Scripe, "job_1"),
            "./?job=job_1"
        );
    }
}
