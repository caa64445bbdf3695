//! Scripted answers and the request log, for tests (`--control` only): a test can make the
//! next answers on a path anything a real server might send (odd fields, contradictions, huge
//! values) and read back exactly what the dashboard asked for (the raw path and query, so a
//! test can check how ids were encoded).

use std::collections::{HashMap, VecDeque};

use axum::Json;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use serde::Serialize;
use serde_json::Value;

/// Requests kept in the log; older ones are dropped first.
pub const LOG_CAPACITY: usize = 2_000;

/// One answer queued for a path.
#[derive(Debug, Clone, PartialEq)]
pub struct Scripted {
    pub status: StatusCode,
    pub body: Value,
}

impl IntoResponse for Scripted {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

/// One API request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Logged {
    pub method: String,
    /// As sent, percent-encoding included.
    pub path: String,
    /// As sent, without the `?`; empty when there was none.
    pub query: String,
    /// `path` percent-decoded (UTF-8, lossy).
    pub decoded_path: String,
}

impl Logged {
    pub fn new(method: &Method, uri: &Uri) -> Self {
        Self {
            method: method.as_str().to_owned(),
            path: uri.path().to_owned(),
            query: uri.query().unwrap_or_default().to_owned(),
            decoded_path: decode_path(uri.path()),
        }
    }
}

/// A path with its percent-escapes decoded (invalid UTF-8 replaced).
pub fn decode_path(path: &str) -> String {
    percent_decode_str(path).decode_utf8_lossy().into_owned()
}

/// The queued answers by decoded path, and the log.
#[derive(Debug, Default)]
pub struct Script {
    answers: HashMap<String, VecDeque<Scripted>>,
    log: VecDeque<Logged>,
}

impl Script {
    /// Queues `count` copies of `answer` for requests whose decoded path is `path`.
    pub fn push(&mut self, path: String, answer: Scripted, count: usize) {
        self.answers
            .entry(path)
            .or_default()
            .extend(std::iter::repeat_n(answer, count));
    }

    /// The next queued answer for a request to `decoded_path`, if any.
    pub fn take(&mut self, decoded_path: &str) -> Option<Scripted> {
        let queue = self.answers.get_mut(decoded_path)?;
        let answer = queue.pop_front();
        if queue.is_empty() {
            self.answers.remove(decoded_path);
        }
        answer
    }

    /// Answers still queued, over all paths.
    pub fn queued(&self) -> usize {
        self.answers.values().map(VecDeque::len).sum()
    }

    pub fn clear_answers(&mut self) {
        self.answers.clear();
    }

    /// Adds a request to the log, dropping the oldest past [`LOG_CAPACITY`].
    pub fn record(&mut self, request: Logged) {
        if self.log.len() == LOG_CAPACITY {
            self.log.pop_front();
        }
        self.log.push_back(request);
    }

    /// The logged requests, oldest first.
    pub fn log(&self) -> impl Iterator<Item = &Logged> {
        self.log.iter()
    }

    pub fn clear_log(&mut self) {
        self.log.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answer(n: u64) -> Scripted {
        Scripted {
            status: StatusCode::OK,
            body: json!({ "n": n }),
        }
    }

    #[test]
    fn answers_are_served_in_order_per_path_and_then_run_out() {
        let mut script = Script::default();
        script.push("/v1/jobs".into(), answer(1), 2);
        script.push("/v1/jobs".into(), answer(2), 1);
        script.push("/v1/jobs/job_a b".into(), answer(3), 1);
        assert_eq!(script.queued(), 4);
        assert_eq!(script.take("/v1/jobs/job_a+b"), None);
        assert_eq!(script.take("/v1/jobs/job_a b"), Some(answer(3)));
        assert_eq!(script.take("/v1/jobs"), Some(answer(1)));
        assert_eq!(script.take("/v1/jobs"), Some(answer(1)));
        assert_eq!(script.take("/v1/jobs"), Some(answer(2)));
        assert_eq!(script.take("/v1/jobs"), None);
        assert_eq!(script.queued(), 0);
    }

    #[test]
    fn the_log_keeps_raw_and_decoded_paths_and_is_bounded() {
        let mut script = Script::default();
        let uri: Uri = "/v1/jobs/job_a%20b%2Bc%2F%C3%A9?x=1".parse().unwrap();
        script.record(Logged::new(&Method::GET, &uri));
        let logged = script.log().next().unwrap();
        assert_eq!(logged.path, "/v1/jobs/job_a%20b%2Bc%2F%C3%A9");
        assert_eq!(logged.decoded_path, "/v1/jobs/job_a b+c/é");
        assert_eq!(logged.query, "x=1");
        for _ in 0..LOG_CAPACITY + 5 {
            script.record(Logged::new(&Method::POST, &"/api/jobs".parse().unwrap()));
        }
        assert_eq!(script.log().count(), LOG_CAPACITY);
        assert!(script.log().all(|logged| logged.method == "POST"));
    }
}
