//! What the filter bar offers, as plain data.

use jobscope_wire::booper::{self, BooperState};
use jobscope_wire::scripe::{self, JobStatus, JobType};

use crate::format;

/// One option of a multi-select: the API's value and what people read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: &'static str,
    pub label: String,
}

/// Every status the API filters by, in its order.
pub fn status_choices() -> Vec<Choice> {
    JobStatus::KNOWN
        .iter()
        .map(|status| Choice {
            value: status.as_str(),
            label: format::status_label(status),
        })
        .collect()
}

/// Every job type the API filters by, in its order.
pub fn type_choices() -> Vec<Choice> {
    JobType::KNOWN
        .iter()
        .map(|job_type| Choice {
            value: job_type.as_str(),
            label: format::type_label(job_type),
        })
        .collect()
}

/// The label and options of a list filter, by its query parameter.
pub fn list_filter(param: &str) -> Option<(&'static str, Vec<Choice>)> {
    match param {
        scripe::params::STATUS => Some(("Status", status_choices())),
        scripe::params::TYPE => Some(("Type", type_choices())),
        booper::params::STATE => Some((
            "State",
            BooperState::KNOWN
                .iter()
                .map(|state| Choice {
                    value: state.as_str(),
                    label: state.as_str().to_owned(),
                })
                .collect(),
        )),
        _ => None,
    }
}

/// The summary of a multi-select: "Any", the one label, or "3 selected".
pub fn summary(choices: &[Choice], selected: &[&str]) -> String {
    match selected {
        [] => "Any".to_owned(),
        [one] => choices
            .iter()
            .find(|choice| choice.value == *one)
            .map_or_else(|| (*one).to_owned(), |choice| choice.label.clone()),
        many => format!("{} selected", many.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_name_one_choice_and_count_several() {
        let choices = status_choices();
        assert_eq!(choices.len(), 5);
        assert_eq!(choices[3].value, "FAILED");
        assert_eq!(summary(&choices, &[]), "Any");
        assert_eq!(summary(&choices, &["FAILED"]), "Failed");
        assert_eq!(summary(&choices, &["FAILED", "DONE"]), "2 selected");
        assert_eq!(type_choices()[3].label, "URL ingest");
    }
}
