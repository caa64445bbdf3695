//! Exporting the loaded (or all matching) rows as CSV or JSON, for spreadsheets, scripts and
//! bug reports.
//!
//! CSV is safe to open in a spreadsheet: cells that a spreadsheet would read as a formula are
//! neutralised ([`cell`]), since job fields such as error messages come from elsewhere. JSON is
//! the rows exactly as the API's wire types serialize, for scripts.

use jobscope_wire::booper::{ObanJob, ScheduledJob};
use jobscope_wire::config::BackendKind;
use jobscope_wire::scripe::Job;
use jobscope_wire::{Field, Timestamp};
use serde::{Serialize, Serializer};
use serde_json::Value;

use std::collections::HashMap;

use crate::api::backend::Row;
use crate::feed::FeedRow;

/// Which file an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
}

impl ExportFormat {
    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }

    /// The `Blob` type, so the browser saves the file with the right kind.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Csv => "text/csv;charset=utf-8",
            Self::Json => "application/json",
        }
    }
}

const SCRIPE_COLUMNS: [&str; 15] = [
    "id",
    "type",
    "status",
    "projectId",
    "createdAt",
    "startedAt",
    "completedAt",
    "updatedAt",
    "progress",
    "progressMessage",
    "attemptCount",
    "estimatedCompletionMs",
    "errorCode",
    "errorMessage",
    "result",
];

/// The API's own (snake_case) names.
const BOOPER_COLUMNS: [&str; 14] = [
    "id",
    "name",
    "description",
    "state",
    "method",
    "url",
    "schedule_id",
    "idempotency_key",
    "inserted_at",
    "scheduled_at",
    "attempted_at",
    "completed_at",
    "cancelled_at",
    "discarded_at",
];

/// The rows as RFC 4180 CSV (CRLF line ends, a header line). The columns follow the first
/// row's API (one export comes from one backend); no rows give the Scripe header.
pub fn csv(rows: &[Row]) -> String {
    let booper = matches!(rows.first(), Some(Row::Booper(_)));
    let header: &[&str] = if booper {
        &BOOPER_COLUMNS
    } else {
        &SCRIPE_COLUMNS
    };
    let mut out = String::new();
    push_line(&mut out, header.iter().map(|name| (*name).to_owned()));
    for row in rows {
        match (row, booper) {
            (Row::Scripe(job), false) => push_line(&mut out, scripe_fields(job)),
            (Row::Booper(job), true) => push_line(&mut out, booper_fields(job)),
            // A row of the other API would not fit the columns.
            _ => {}
        }
    }
    out
}

fn push_line(out: &mut String, fields: impl IntoIterator<Item = String>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&cell(&field));
    }
    out.push_str("\r\n");
}

/// A field as sent: its value as text, nothing when not set, and a value that could not be
/// read exactly as the API sent it (text as is, anything else as JSON).
fn sent<T>(field: &Field<T>, text: impl FnOnce(&T) -> String) -> String {
    match field {
        Field::Value(value) => text(value),
        Field::Absent => String::new(),
        Field::Invalid(raw) => match raw.as_ref() {
            Value::String(raw) => raw.clone(),
            raw => serde_json::to_string(raw).unwrap_or_default(),
        },
    }
}

fn time(at: &Field<Timestamp>) -> String {
    sent(at, |at| at.as_str().to_owned())
}

fn scripe_fields(job: &Job) -> [String; 15] {
    let progress = job.progress.value();
    // The number as sent (`0.5`), not reformatted; non-finite values cannot come from JSON.
    let fraction = match (&job.progress, progress) {
        (_, Some(progress)) => sent(&progress.progress, |f| {
            serde_json::to_string(&f.get()).unwrap_or_default()
        }),
        (other, None) => sent(other, |_| String::new()),
    };
    let result = job
        .result
        .value()
        .filter(|value| !value.is_null())
        .and_then(|value| serde_json::to_string(value).ok());
    [
        job.id.clone(),
        sent(&job.job_type, |t| t.as_str().to_owned()),
        sent(&job.status, |s| s.as_str().to_owned()),
        sent(&job.project_id, Clone::clone),
        time(&job.created_at),
        time(&job.started_at),
        time(&job.completed_at),
        time(&job.updated_at),
        fraction,
        progress
            .map(|p| sent(&p.message, Clone::clone))
            .unwrap_or_default(),
        sent(&job.attempt_count, u32::to_string),
        sent(&job.estimated_completion_ms, u64::to_string),
        sent(&job.error_code, Clone::clone),
        sent(&job.error_message, Clone::clone),
        result.unwrap_or_default(),
    ]
}

fn booper_fields(job: &ScheduledJob) -> [String; 14] {
    let oban = job.job.value();
    let args = job.args.value();
    let oban_time = |at: fn(&ObanJob) -> &Field<Timestamp>| oban.map(|oban| time(at(oban)));
    [
        job.id.clone(),
        sent(&job.name, Clone::clone),
        sent(&job.description, Clone::clone),
        oban.map_or_else(
            || sent(&job.job, |_| String::new()),
            |oban| sent(&oban.state, |s| s.as_str().to_owned()),
        ),
        args.map_or_else(
            || sent(&job.args, |_| String::new()),
            |args| sent(&args.method, Clone::clone),
        ),
        args.map(|args| sent(&args.url, Clone::clone))
            .unwrap_or_default(),
        sent(&job.schedule_id, Clone::clone),
        sent(&job.idempotency_key, Clone::clone),
        time(&job.inserted_at),
        oban_time(|oban| &oban.scheduled_at).unwrap_or_default(),
        oban_time(|oban| &oban.attempted_at).unwrap_or_default(),
        oban_time(|oban| &oban.completed_at).unwrap_or_default(),
        oban_time(|oban| &oban.cancelled_at).unwrap_or_default(),
        oban_time(|oban| &oban.discarded_at).unwrap_or_default(),
    ]
}

/// `loaded` in its order, each row replaced by its whole copy in `whole` when there is one
/// (the list keeps shortened copies; an export reads them again whole).
pub fn with_whole(loaded: Vec<Row>, mut whole: HashMap<String, Row>) -> Vec<Row> {
    loaded
        .into_iter()
        .map(|row| whole.remove(row.id()).unwrap_or(row))
        .collect()
}

/// One CSV field. A field a spreadsheet would run as a formula (first character `=`, `+`,
/// `-`, `@`, tab or carriage return) gets a leading `'` (OWASP's CSV injection advice); then it
/// is quoted, inner quotes doubled, when it holds `,`, `"`, a line break, or edge spaces.
pub fn cell(text: &str) -> String {
    let neutralised;
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        neutralised = format!("'{text}");
        neutralised.as_str()
    } else {
        text
    };
    let quote =
        text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ');
    if quote {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// A row serialized as its API's wire type, without the [`Row`] enum around it.
struct Wire<'a>(&'a Row);

impl Serialize for Wire<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Row::Scripe(job) => job.serialize(serializer),
            Row::Booper(job) => job.serialize(serializer),
        }
    }
}

/// The rows as a pretty JSON array, each exactly as the API's wire type serializes (Scripe
/// `Job`, Booper `ScheduledJob`), so scripts can read it like the API's own pages.
pub fn json(rows: &[Row]) -> String {
    let all: Vec<Wire<'_>> = rows.iter().map(Wire).collect();
    serde_json::to_string_pretty(&all).unwrap_or_else(|_| {
        // Cannot happen with these types; keep the rows that do serialize.
        let fine: Vec<Wire<'_>> = all
            .into_iter()
            .filter(|row| serde_json::to_string(row).is_ok())
            .collect();
        serde_json::to_string_pretty(&fine).unwrap_or_else(|_| "[]".to_owned())
    })
}

/// `jobscope-scripe-jobs-2026-11-23T1730Z.csv`: names the API and the UTC minute of the export,
/// without colons (not allowed in Windows file names).
pub fn file_name(backend: &BackendKind, format: ExportFormat, now_ms: i64) -> String {
    // An unknown backend name comes from config.json: keep only file-name-safe characters.
    let mut kind: String = backend
        .as_str()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if kind.is_empty() {
        kind.push_str("api");
    }
    let stamp = Timestamp::from_epoch_ms(now_ms);
    let (date, rest) = stamp.as_str().split_once('T').unwrap_or(("", ""));
    let hours = rest.get(..2).unwrap_or("00");
    let minutes = rest.get(3..5).unwrap_or("00");
    format!(
        "jobscope-{kind}-jobs-{date}T{hours}{minutes}Z.{}",
        format.extension()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobscope_wire::Fraction;
    use jobscope_wire::booper::BooperPage;
    use jobscope_wire::scripe::{JobPage, JobStatus, JobType, Progress};

    const SCRIPE_FIXTURE: &str = include_str!("../../shared/api/fixtures/scripe-list-jobs.json");
    const BOOPER_FIXTURE: &str = include_str!("../../shared/api/fixtures/booper-list-jobs.json");

    fn scripe_jobs() -> Vec<Job> {
        serde_json::from_str::<JobPage>(SCRIPE_FIXTURE)
            .expect("the Scripe fixture parses")
            .data
    }

    fn booper_jobs() -> Vec<ScheduledJob> {
        serde_json::from_str::<BooperPage>(BOOPER_FIXTURE)
            .expect("the Booper fixture parses")
            .data
    }

    /// A job whose free-text fields try every trick.
    fn hostile_job() -> Job {
        let mut job = scripe_jobs().remove(0);
        job.id = "job_=evil".into();
        job.job_type = JobType::Other("-TYPE".into()).into();
        job.status = JobStatus::Other("@STATUS".into()).into();
        job.project_id = "+proj, \"quoted\"".to_owned().into();
        job.error_code = "\tTAB".to_owned().into();
        job.error_message = "=HYPERLINK(\"http://x\")".to_owned().into();
        job.progress = Field::Value(Progress {
            progress: Fraction::new(0.25).into(),
            updated_at: Field::Absent,
            message: "line one\r\nline two\n ".to_owned().into(),
        });
        job.result = serde_json::json!({"postId": "=1+2"}).into();
        job.started_at = Field::Absent;
        job.attempt_count = Field::Absent;
        job
    }

    /// RFC 4180, strictly enough for these tests: records of fields, CRLF between records.
    fn parse_csv(text: &str) -> Vec<Vec<String>> {
        let mut records = Vec::new();
        let mut record = Vec::new();
        let mut field = String::new();
        let mut chars = text.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            if quoted {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => quoted = false,
                    _ => field.push(c),
                }
                continue;
            }
            match c {
                '"' => {
                    assert!(
                        field.is_empty(),
                        "a quote inside an unquoted field: {text:?}"
                    );
                    quoted = true;
                }
                ',' => record.push(std::mem::take(&mut field)),
                '\r' => {
                    assert_eq!(chars.next(), Some('\n'), "a bare CR: {text:?}");
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                }
                '\n' => panic!("a bare LF: {text:?}"),
                _ => field.push(c),
            }
        }
        assert!(!quoted, "an unterminated quote: {text:?}");
        assert!(field.is_empty() && record.is_empty(), "no final CRLF");
        records
    }

    /// Undoes [`cell`]'s neutralising `'` (the tests' inputs never start with `'` themselves).
    fn unneutralise(field: &str) -> String {
        match field.strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_owned(),
            _ => field.to_owned(),
        }
    }

    #[test]
    fn formats_name_their_files() {
        assert_eq!(ExportFormat::Csv.extension(), "csv");
        assert_eq!(ExportFormat::Json.extension(), "json");
        assert_eq!(ExportFormat::Csv.mime(), "text/csv;charset=utf-8");
        assert_eq!(ExportFormat::Json.mime(), "application/json");
        // 2026-11-23T17:30:05Z
        let now = 1_795_455_005_000;
        assert_eq!(
            file_name(&BackendKind::Scripe, ExportFormat::Csv, now),
            "jobscope-scripe-jobs-2026-11-23T1730Z.csv"
        );
        assert_eq!(
            file_name(&BackendKind::Booper, ExportFormat::Json, 0),
            "jobscope-booper-jobs-1970-01-01T0000Z.json"
        );
        assert_eq!(
            file_name(
                &BackendKind::Other("Acme/..\\:x".into()),
                ExportFormat::Csv,
                -1
            ),
            "jobscope-acme-----x-jobs-1969-12-31T2359Z.csv"
        );
        for now in [i64::MIN, i64::MAX] {
            assert!(!file_name(&BackendKind::Scripe, ExportFormat::Csv, now).contains(':'));
        }
    }

    #[test]
    fn neutralises_every_formula_prefix() {
        for (input, expected) in [
            ("=1+2", "'=1+2"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(1)", "'@SUM(1)"),
            ("\tTAB", "'\tTAB"),
            ("\rCR", "\"'\rCR\""),
            (
                "=HYPERLINK(\"http://x\")",
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
            ),
        ] {
            assert_eq!(cell(input), expected, "{input:?}");
        }
        for plain in [
            "",
            "1",
            "0.5",
            "job_a1b2",
            "a=b",
            "x-1",
            "'=already",
            "SUM(1)",
        ] {
            assert_eq!(cell(plain), plain, "{plain:?}");
        }
    }

    #[test]
    fn quotes_separators_quotes_line_breaks_and_edge_spaces() {
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("one\ntwo"), "\"one\ntwo\"");
        assert_eq!(cell("one\r\ntwo"), "\"one\r\ntwo\"");
        assert_eq!(cell(" lead"), "\" lead\"");
        assert_eq!(cell("trail "), "\"trail \"");
        assert_eq!(cell("in side"), "in side");
        // Both at once: neutralised, then quoted.
        assert_eq!(cell("=1,2"), "\"'=1,2\"");
        assert_eq!(cell("-\"x\""), "\"'-\"\"x\"\"\"");
    }

    #[test]
    fn scripe_csv_has_a_header_and_the_fields_as_sent() {
        let rows: Vec<Row> = scripe_jobs().into_iter().map(Row::Scripe).collect();
        let text = csv(&rows);
        assert_eq!(
            text,
            "id,type,status,projectId,createdAt,startedAt,completedAt,updatedAt,progress,\
             progressMessage,attemptCount,estimatedCompletionMs,errorCode,errorMessage,result\r\n\
             job_a1b2c3d4e5f6g7h8,POST_GENERATION,QUEUED,<string>,2023-11-07T05:31:56Z,\
             2023-11-07T05:31:56Z,2023-11-07T05:31:56Z,2023-11-07T05:31:56Z,0.5,<string>,1,123,\
             <string>,<string>,{}\r\n"
        );
        assert_eq!(csv(&[]), format!("{}\r\n", SCRIPE_COLUMNS.join(",")));
    }

    #[test]
    fn booper_csv_has_a_header_and_the_fields_as_sent() {
        let rows: Vec<Row> = booper_jobs().into_iter().map(Row::Booper).collect();
        let text = csv(&rows);
        assert_eq!(
            text,
            "id,name,description,state,method,url,schedule_id,idempotency_key,inserted_at,\
             scheduled_at,attempted_at,completed_at,cancelled_at,discarded_at\r\n\
             41d7f28b-dfbe-44b8-b716-b91898bb0ce0,,,completed,post,\
             https://scheduler.booper.dev/api/channels/discord,,,2023-09-01T18:25:49,\
             2023-09-01T18:26:19.707539Z,2023-09-01T18:26:20.353046Z,\
             2023-09-01T18:26:20.636467Z,,\r\n"
        );
        // A job without its Oban row or request still gives a full line.
        let mut bare = booper_jobs().remove(0);
        bare.job = Field::Absent;
        bare.args = Field::Absent;
        let records = parse_csv(&csv(&[Row::Booper(bare)]));
        assert_eq!(records[1].len(), BOOPER_COLUMNS.len());
    }

    #[test]
    fn hostile_fields_come_out_neutralised() {
        let text = csv(&[Row::Scripe(hostile_job())]);
        let records = parse_csv(&text);
        assert_eq!(records.len(), 2);
        let fields = &records[1];
        let column = |name: &str| {
            let at = SCRIPE_COLUMNS.iter().position(|c| *c == name).unwrap();
            fields[at].as_str()
        };
        assert_eq!(column("errorMessage"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(column("errorCode"), "'\tTAB");
        assert_eq!(column("type"), "'-TYPE");
        assert_eq!(column("status"), "'@STATUS");
        assert_eq!(column("projectId"), "'+proj, \"quoted\"");
        for (input, expected) in [
            ("@SUM(1)", "'@SUM(1)"),
            ("-2+3", "'-2+3"),
            ("+1", "'+1"),
            ("\t=1", "'\t=1"),
        ] {
            let mut job = hostile_job();
            job.error_message = input.to_owned().into();
            let records = parse_csv(&csv(&[Row::Scripe(job)]));
            let at = SCRIPE_COLUMNS
                .iter()
                .position(|c| *c == "errorMessage")
                .unwrap();
            assert_eq!(records[1][at], expected, "{input:?}");
        }
        // No field of the line starts a formula.
        for field in fields {
            assert!(
                !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{field:?}"
            );
        }
    }

    #[test]
    fn csv_round_trips_through_a_parser() {
        let job = hostile_job();
        let text = csv(&[Row::Scripe(job.clone()), Row::Scripe(job.clone())]);
        let records = parse_csv(&text);
        assert_eq!(records.len(), 3);
        assert_eq!(records[0], SCRIPE_COLUMNS.map(String::from));
        let expected = scripe_fields(&job);
        assert_eq!(expected[8], "0.25");
        assert_eq!(expected[14], r#"{"postId":"=1+2"}"#);
        for record in &records[1..] {
            let fields: Vec<String> = record.iter().map(|f| unneutralise(f)).collect();
            assert_eq!(fields, expected);
        }
        // Loose strings too, one per field.
        let samples = [
            "",
            " ",
            "\"",
            "\"\"",
            ",",
            "\r\n",
            "\n",
            "\r",
            "=",
            "-",
            "a\"b,c\nd",
            "é, ☃",
            " =x ",
            "=1,2",
            "@\"",
            "\t",
            "plain",
        ];
        let line: String = samples
            .iter()
            .map(|s| cell(s))
            .collect::<Vec<_>>()
            .join(",")
            + "\r\n";
        let parsed = parse_csv(&line);
        let back: Vec<String> = parsed[0].iter().map(|f| unneutralise(f)).collect();
        assert_eq!(back, samples.map(String::from));
    }

    #[test]
    fn values_that_could_not_be_read_are_exported_as_sent() {
        let page = serde_json::json!({"data": [{
            "id": "job_odd", "type": 7, "status": "RUNNING", "attemptCount": -1,
            "progress": {"progress": "half", "message": ["a"]}, "createdAt": null,
            "estimatedCompletionMs": 1e12, "errorMessage": {"text": "=boom"}
        }], "pagination": {"has_more": false}});
        let job = serde_json::from_value::<jobscope_wire::scripe::JobRows>(page.clone())
            .unwrap()
            .data
            .rows
            .remove(0);
        let fields = scripe_fields(&job);
        let column = |name: &str| {
            let at = SCRIPE_COLUMNS.iter().position(|c| *c == name).unwrap();
            fields[at].as_str()
        };
        assert_eq!(column("type"), "7");
        assert_eq!(column("attemptCount"), "-1");
        assert_eq!(column("progress"), "half");
        assert_eq!(column("progressMessage"), r#"["a"]"#);
        assert_eq!(column("createdAt"), "", "not set");
        assert_eq!(column("estimatedCompletionMs"), "1000000000000");
        assert_eq!(column("errorMessage"), r#"{"text":"=boom"}"#);
        // The JSON export keeps every value as the API sent it.
        let text = json(&[Row::Scripe(job)]);
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        for key in [
            "/type",
            "/attemptCount",
            "/progress/progress",
            "/progress/message",
            "/errorMessage",
        ] {
            assert_eq!(back[0].pointer(key), page["data"][0].pointer(key), "{key}");
        }
    }

    #[test]
    fn loaded_rows_keep_their_order_with_their_whole_copies() {
        let long = "x".repeat(5_000);
        let jobs: Vec<Job> = ["job_a", "job_b", "job_c"]
            .into_iter()
            .map(|id| {
                let mut job = Job::new(id, JobStatus::Failed);
                job.error_message = long.clone().into();
                job
            })
            .collect();
        let mut loaded: Vec<Row> = jobs.iter().cloned().map(Row::Scripe).collect();
        loaded.iter_mut().for_each(Row::shorten);
        assert!(loaded.iter().all(Row::is_shortened));
        // `job_b` was read again whole; `job_a` and `job_c` were not (yet).
        let whole = HashMap::from([("job_b".to_owned(), Row::Scripe(jobs[1].clone()))]);
        let rows = with_whole(loaded, whole);
        let ids: Vec<&str> = rows.iter().map(FeedRow::id).collect();
        assert_eq!(ids, ["job_a", "job_b", "job_c"]);
        assert_eq!(rows[1], Row::Scripe(jobs[1].clone()));
        assert!(rows[0].is_shortened() && rows[2].is_shortened());
    }

    #[test]
    fn mixed_rows_keep_to_the_first_rows_columns() {
        let rows = vec![
            Row::Booper(booper_jobs().remove(0)),
            Row::Scripe(scripe_jobs().remove(0)),
        ];
        let records = parse_csv(&csv(&rows));
        assert_eq!(records.len(), 2);
        assert_eq!(records[0], BOOPER_COLUMNS.map(String::from));
    }

    #[test]
    fn json_round_trips_as_the_wire_types() {
        let jobs = {
            let mut jobs = scripe_jobs();
            jobs.push(hostile_job());
            jobs
        };
        let rows: Vec<Row> = jobs.iter().cloned().map(Row::Scripe).collect();
        let text = json(&rows);
        assert!(text.starts_with("[\n  {\n    \"id\": \"job_a1b2c3d4e5f6g7h8\",\n"));
        assert!(!text.contains("\"Scripe\""), "not wrapped in the enum tag");
        assert_eq!(serde_json::from_str::<Vec<Job>>(&text).unwrap(), jobs);

        let booper = booper_jobs();
        let rows: Vec<Row> = booper.iter().cloned().map(Row::Booper).collect();
        let text = json(&rows);
        assert_eq!(
            serde_json::from_str::<Vec<ScheduledJob>>(&text).unwrap(),
            booper
        );
        assert_eq!(json(&[]), "[]");
    }
}
