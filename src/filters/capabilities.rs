//! What each backend can filter by, declared once: the filter bar draws these controls and
//! the URL keeps only these parameters, so no view asks "which backend is this?".

use jobscope_wire::booper::params as booper;
use jobscope_wire::config::BackendKind;
use jobscope_wire::scripe::params as scripe;

/// The filters a backend offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// List filters by their query parameter, in the order the bar shows them.
    pub lists: &'static [&'static str],
    /// Whether a created-at range can be asked for.
    pub dates: bool,
}

impl Capabilities {
    /// Whether `param` (a list or a date bound) is a filter of this backend.
    pub fn supports(&self, param: &str) -> bool {
        self.lists.contains(&param)
            || (self.dates && (param == scripe::DATE_FROM || param == scripe::DATE_TO))
    }

    /// Whether a list filter takes several values at once (Booper's `state` takes one).
    pub fn takes_many(&self, param: &str) -> bool {
        param != booper::STATE
    }
}

/// Scripe: status and type lists, and a created-at range.
pub const SCRIPE: Capabilities = Capabilities {
    lists: &[scripe::STATUS, scripe::TYPE],
    dates: true,
};

/// Booper: one `state` (scheduled, completed or cancelled); no date range.
pub const BOOPER: Capabilities = Capabilities {
    lists: &[booper::STATE],
    dates: false,
};

/// The declarations of `kind`; an unknown backend offers no filters.
pub fn of(kind: &BackendKind) -> Capabilities {
    match kind {
        BackendKind::Scripe => SCRIPE,
        BackendKind::Booper => BOOPER,
        BackendKind::Other(_) => Capabilities {
            lists: &[],
            dates: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_backend_declares_its_filters() {
        assert!(
            SCRIPE.supports("status") && SCRIPE.supports("dateTo") && !SCRIPE.supports("state")
        );
        assert!(
            BOOPER.supports("state") && !BOOPER.supports("dateFrom") && !BOOPER.supports("type")
        );
        assert!(SCRIPE.takes_many("status") && !BOOPER.takes_many("state"));
        assert_eq!(of(&BackendKind::Other("x".into())).lists, &[] as &[&str]);
    }
}
