//! A plain HTTP/1.1 GET over a TCP stream: the request headers exactly as given (a browser
//! picks its own `Accept-Encoding`), the body as sent (still compressed).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// An HTTP response as it came over the wire: the body undecoded (still compressed).
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    /// Header names in lower case, in order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// `GET <path>` from `base_url` (`http://127.0.0.1:<port>`) over HTTP/1.1, with the given
/// request headers and `Connection: close`; the body as sent (a chunked body is joined).
pub fn http_get(base_url: &str, path: &str, headers: &[(&str, &str)]) -> RawResponse {
    let host = base_url
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("not an http:// origin: {base_url}"));
    let mut stream =
        TcpStream::connect(host).unwrap_or_else(|err| panic!("cannot connect to {host}: {err}"));
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream
        .write_all(request.as_bytes())
        .unwrap_or_else(|err| panic!("cannot send GET {path}: {err}"));
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .unwrap_or_else(|err| panic!("cannot read the answer to GET {path}: {err}"));
    parse_response(&raw).unwrap_or_else(|| panic!("GET {path}: not an HTTP/1.1 response"))
}

fn parse_response(raw: &[u8]) -> Option<RawResponse> {
    let end = raw.windows(4).position(|window| window == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(name, value)| name == "transfer-encoding" && value.contains("chunked"));
    if chunked {
        body = dechunk(&body)?;
    }
    Some(RawResponse {
        status,
        headers,
        body,
    })
}

/// Joins a `Transfer-Encoding: chunked` body.
fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|window| window == b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(body);
        }
        body.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_response_is_split_into_status_headers_and_body_and_a_chunked_body_is_joined() {
        let plain = b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: 3\r\n\r\nabc";
        let response = parse_response(plain).unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(response.header("content-encoding"), Some("br"));
        assert_eq!(response.body, b"abc");

        let chunked =
            b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=1\r\nde\r\n0\r\n\r\n";
        let response = parse_response(chunked).unwrap();
        assert_eq!(response.status, 404);
        assert_eq!(response.body, b"abcde");
        assert!(parse_response(b"garbage").is_none());
    }
}
