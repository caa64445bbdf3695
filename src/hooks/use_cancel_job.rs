//! `use_cancel_job`: cancelling a queued job after a confirmation. The row shows the job as
//! cancelled at once; if the API refuses, it rolls back to the job as the API has it, with the
//! reason.

use jobscope_wire::scripe::{Job, JobStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use crate::api::ApiError;
use crate::api::backend::{Backend, Row};
use crate::hooks::abort_in;

/// The outcome of the last cancel, for a notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CancelNotice {
    Cancelled {
        id: String,
    },
    Refused {
        id: String,
        reason: String,
    },
    /// A running job: the API cancels only queued ones.
    NotCancellable {
        id: String,
    },
}

impl CancelNotice {
    /// The notice in words.
    pub fn text(&self) -> String {
        match self {
            Self::Cancelled { id } => format!("Job {id} was cancelled."),
            Self::Refused { id, reason } => format!("Job {id} was not cancelled. {reason}"),
            Self::NotCancellable { id } => format!(
                "Job {id} is running and cannot be cancelled: the API cancels only queued jobs."
            ),
        }
    }

    pub fn is_error(&self) -> bool {
        !matches!(self, Self::Cancelled { .. })
    }
}

/// The job waiting for confirmation, and the steps of a cancel.
#[derive(Clone, Copy)]
pub struct UseCancelJobReturn {
    /// The job the confirmation dialog asks about.
    pub asking: Signal<Option<Job>>,
    /// Asks to cancel `job` (a running job gets the reason it cannot be).
    pub ask: Callback<Job>,
    pub dismiss: Callback<()>,
    /// The id whose cancel request is out.
    pub busy: Signal<Option<String>>,
    pub notice: Signal<Option<CancelNotice>>,
    pub clear_notice: Callback<()>,
    state: CancelState,
}

/// What [`UseCancelJobReturn::confirm`] works on.
#[derive(Clone, Copy)]
struct CancelState {
    client: Signal<Backend>,
    on_change: Callback<Row>,
    asking: RwSignal<Option<Job>>,
    busy: RwSignal<Option<String>>,
    notice: RwSignal<Option<CancelNotice>>,
    in_flight: StoredValue<Option<AbortController>, LocalStorage>,
}

/// Cancels through `client`; every new state of the job (optimistic, answered, rolled back)
/// goes to `on_change`.
pub fn use_cancel_job(client: Signal<Backend>, on_change: Callback<Row>) -> UseCancelJobReturn {
    let asking = RwSignal::new(None::<Job>);
    let busy = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<CancelNotice>);
    let in_flight = StoredValue::new_local(None::<AbortController>);
    on_cleanup(move || abort_in(in_flight));

    UseCancelJobReturn {
        asking: asking.into(),
        ask: Callback::new(move |job: Job| {
            if job.status == JobStatus::Running {
                notice.set(Some(CancelNotice::NotCancellable { id: job.id }));
            } else {
                asking.set(Some(job));
            }
        }),
        dismiss: Callback::new(move |()| asking.set(None)),
        busy: busy.into(),
        notice: notice.into(),
        clear_notice: Callback::new(move |()| notice.set(None)),
        state: CancelState {
            client,
            on_change,
            asking,
            busy,
            notice,
            in_flight,
        },
    }
}

impl UseCancelJobReturn {
    /// Cancels the job the dialog asks about: shown cancelled at once, then as the API
    /// answers. Called only by the dialog, so its code is in the dialog's chunk.
    pub fn confirm(&self) {
        let CancelState {
            on_change,
            busy,
            notice,
            ..
        } = self.state;
        let Some(original) = self.state.asking.try_update(Option::take).flatten() else {
            return;
        };
        let Backend::Scripe(scripe) = self.state.client.get_untracked() else {
            return;
        };
        let Ok(controller) = AbortController::new() else {
            return;
        };
        self.state.in_flight.set_value(Some(controller.clone()));
        let id = original.id.clone();
        busy.set(Some(id.clone()));
        notice.set(None);
        let mut optimistic = original.clone();
        optimistic.status = JobStatus::Cancelled.into();
        on_change.run(Row::Scripe(optimistic));
        spawn_local(async move {
            let answer = scripe.cancel(&id, &controller).await;
            match answer {
                Ok(job) => {
                    on_change.run(Row::Scripe(job));
                    notice.try_set(Some(CancelNotice::Cancelled { id: id.clone() }));
                }
                Err(ApiError::Aborted) => on_change.run(Row::Scripe(original)),
                Err(error) => {
                    on_change.run(Row::Scripe(original));
                    notice.try_set(Some(CancelNotice::Refused {
                        id: id.clone(),
                        reason: error.to_string(),
                    }));
                    // Refused because it moved on (started, finished): show it as it is now.
                    if let Ok(job) = scripe.job(&id, &controller).await {
                        on_change.run(Row::Scripe(job));
                    }
                }
            }
            busy.try_set(None);
        });
    }
}
