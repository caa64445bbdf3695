//! The one fetch helper: GET (or POST) JSON with headers, an abort signal and a timeout.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::set_timeout_with_handle;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortController;

use jobscope_wire::scripe::DEPRECATION_HEADER;

use super::ApiError;
use super::quota::Quota;

/// How long a request may take, body included.
pub const TIMEOUT_MS: u32 = 15_000;

/// A decoded answer and what its headers said: the `Scripe-Deprecation` notice and the
/// rate-limit quota, if any.
#[derive(Debug)]
pub struct Fetched<T> {
    pub value: T,
    pub deprecation: Option<String>,
    pub quota: Option<Quota>,
}

/// GETs `url` and decodes its JSON. Aborting `abort` (superseded, unmounted) ends it with
/// [`ApiError::Aborted`]; after [`TIMEOUT_MS`] it is aborted and ends with a timeout.
pub async fn get_json<T: DeserializeOwned>(
    url: &str,
    headers: &[(&'static str, String)],
    abort: &AbortController,
) -> Result<T, ApiError> {
    Ok(get_json_within(url, headers, abort, TIMEOUT_MS)
        .await?
        .value)
}

/// [`get_json`], keeping the deprecation notice.
pub async fn get_fetched<T: DeserializeOwned>(
    url: &str,
    headers: &[(&'static str, String)],
    abort: &AbortController,
) -> Result<Fetched<T>, ApiError> {
    get_json_within(url, headers, abort, TIMEOUT_MS).await
}

/// [`get_fetched`] with another time limit.
pub async fn get_json_within<T: DeserializeOwned>(
    url: &str,
    headers: &[(&'static str, String)],
    abort: &AbortController,
    timeout_ms: u32,
) -> Result<Fetched<T>, ApiError> {
    decode(request(Method::Get, url, headers, abort, timeout_ms).await?)
}

/// [`get_fetched`], with `prepare` run on the parsed JSON before it is decoded (see
/// [`cut_long_texts`]).
pub async fn get_fetched_with<T: DeserializeOwned>(
    url: &str,
    headers: &[(&'static str, String)],
    abort: &AbortController,
    prepare: impl FnOnce(&JsValue),
) -> Result<Fetched<T>, ApiError> {
    let fetched = request(Method::Get, url, headers, abort, TIMEOUT_MS).await?;
    prepare(&fetched.value);
    decode(fetched)
}

/// Cuts, in the browser, each text at one of `paths` (keys from the row down, such as
/// `["progress", "message"]`) in each row of `page.data` that is much longer than
/// `max_chars` characters, so only what a list keeps is copied into wasm memory (a 50 kB
/// error message costs 1 kB). A cut text still has more than `max_chars` characters (a
/// character is at most two UTF-16 units), so the row's own shortening still marks it
/// shortened. Anything that is not a list of objects is left as it is, for the decoder.
pub fn cut_long_texts(page: &JsValue, paths: &[&[&str]], max_chars: usize) {
    let keep = u32::try_from(max_chars.saturating_add(1).saturating_mul(2)).unwrap_or(u32::MAX);
    let get = |holder: &JsValue, key: &str| {
        if holder.is_object() {
            js_sys::Reflect::get(holder, &JsValue::from_str(key)).ok()
        } else {
            None
        }
    };
    let Some(rows) = get(page, "data").and_then(|data| data.dyn_into::<js_sys::Array>().ok())
    else {
        return;
    };
    for row in rows.iter() {
        for path in paths {
            let Some((last, parents)) = path.split_last() else {
                continue;
            };
            let holder = parents
                .iter()
                .try_fold(row.clone(), |holder, key| get(&holder, key));
            let Some(holder) = holder.filter(JsValue::is_object) else {
                continue;
            };
            let Some(text) = get(&holder, last).and_then(|v| v.dyn_into::<js_sys::JsString>().ok())
            else {
                continue;
            };
            if text.length() > keep {
                let _ =
                    js_sys::Reflect::set(&holder, &JsValue::from_str(last), &text.slice(0, keep));
            }
        }
    }
}

/// GETs `url` and keeps its JSON as the browser parsed it, unknown fields included (for
/// showing the raw answer).
pub async fn get_value(
    url: &str,
    headers: &[(&'static str, String)],
    abort: &AbortController,
) -> Result<JsValue, ApiError> {
    Ok(request(Method::Get, url, headers, abort, TIMEOUT_MS)
        .await?
        .value)
}

/// POSTs to `url` without a body and decodes the JSON answer.
pub async fn post_json<T: DeserializeOwned>(
    url: &str,
    headers: &[(&'static str, String)],
    abort: &AbortController,
) -> Result<T, ApiError> {
    Ok(decode(request(Method::Post, url, headers, abort, TIMEOUT_MS).await?)?.value)
}

/// Decodes a parsed JSON value into `T`, keeping what the headers said.
pub fn decode<T: DeserializeOwned>(fetched: Fetched<JsValue>) -> Result<Fetched<T>, ApiError> {
    Ok(Fetched {
        value: decode_value(fetched.value)?,
        deprecation: fetched.deprecation,
        quota: fetched.quota,
    })
}

/// Decodes a parsed JSON value into `T`; a body that does not read is [`ApiError::Decode`].
pub fn decode_value<T: DeserializeOwned>(value: JsValue) -> Result<T, ApiError> {
    serde_wasm_bindgen::from_value(value).map_err(|err| ApiError::Decode(err.to_string()))
}

#[derive(Clone, Copy)]
enum Method {
    Get,
    Post,
}

/// Sends one request with a time limit; an aborted or timed-out request ends as such.
async fn request(
    method: Method,
    url: &str,
    headers: &[(&'static str, String)],
    abort: &AbortController,
    timeout_ms: u32,
) -> Result<Fetched<JsValue>, ApiError> {
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let timed_out = Rc::clone(&timed_out);
        let abort = abort.clone();
        set_timeout_with_handle(
            move || {
                timed_out.set(true);
                abort.abort();
            },
            Duration::from_millis(u64::from(timeout_ms)),
        )
        .ok()
    };
    let result = send(method, url, headers, abort).await;
    if let Some(timer) = timer {
        timer.clear();
    }
    result.map_err(|err| match err {
        ApiError::Network(_) | ApiError::Decode(_) if timed_out.get() => ApiError::Timeout {
            after_ms: timeout_ms,
        },
        ApiError::Network(_) | ApiError::Decode(_) if abort.signal().aborted() => ApiError::Aborted,
        other => other,
    })
}

async fn send(
    method: Method,
    url: &str,
    headers: &[(&'static str, String)],
    abort: &AbortController,
) -> Result<Fetched<JsValue>, ApiError> {
    let signal = abort.signal();
    let request = match method {
        Method::Get => gloo_net::http::Request::get(url),
        Method::Post => gloo_net::http::Request::post(url),
    };
    let mut request = request.abort_signal(Some(&signal));
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let response = request
        .send()
        .await
        .map_err(|err| ApiError::Network(network_reason(&err)))?;
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|err| ApiError::Decode(network_reason(&err)))?;
    // The browser's JSON.parse: fast, and no JSON parser of our own in the bundle.
    let parsed = js_sys::JSON::parse(&body);
    if !(200..300).contains(&status) {
        let retry_after = response.headers().get("retry-after");
        let value = parsed
            .ok()
            .and_then(|value| serde_wasm_bindgen::from_value::<serde_json::Value>(value).ok());
        return Err(ApiError::from_response(
            status,
            value.as_ref(),
            retry_after.as_deref(),
        ));
    }
    Ok(Fetched {
        value: parsed.map_err(|_| ApiError::Decode("the body is not JSON".to_owned()))?,
        deprecation: response.headers().get(DEPRECATION_HEADER),
        quota: Quota::from_headers(
            response.headers().get("x-ratelimit-remaining").as_deref(),
            response.headers().get("x-ratelimit-reset").as_deref(),
            (js_sys::Date::now() / 1000.0) as u64,
        ),
    })
}

/// A short reason without the URL (which may be long) or anything secret.
fn network_reason(err: &gloo_net::Error) -> String {
    match err {
        gloo_net::Error::JsError(js) => js.message.clone(),
        other => other.to_string(),
    }
}
