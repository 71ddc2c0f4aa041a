//! `hotline bench intake`: one JSON line a script can parse, in process and over HTTP.
use serde_json::Value;

use crate::support::{Run, Sandbox};

/// The one JSON line the run printed, with the keys every intake result has.
#[track_caller]
fn intake_result(run: &Run, tickets: u64) -> Value {
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(lines.len(), 1, "expected one line on stdout:\n{run}");
    let result: Value =
        serde_json::from_str(lines[0]).unwrap_or_else(|e| panic!("not JSON ({e}):\n{run}"));
    for key in ["tickets", "seconds", "tickets_per_sec", "p50_us", "p99_us"] {
        assert!(
            result[key].is_number(),
            "{key} missing or not a number: {result}"
        );
    }
    assert_eq!(result["tickets"].as_u64(), Some(tickets), "{result}");
    assert!(
        result["seconds"].as_f64().is_some_and(|s| s > 0.0),
        "{result}"
    );
    assert!(
        result["tickets_per_sec"].as_f64().is_some_and(|r| r > 0.0),
        "{result}"
    );
    let (p50, p99) = (result["p50_us"].as_u64(), result["p99_us"].as_u64());
    assert!(
        p50.is_some() && p50 <= p99,
        "percentiles out of order: {result}"
    );
    result
}

#[tokio::test]
async fn bench_intake_prints_one_json_line() {
    let sandbox = Sandbox::sqlite();
    let run = sandbox
        .run_db(&["bench", "intake", "--tickets", "300"])
        .succeeded();
    let result = intake_result(&run, 300);
    assert_eq!(result["mode"], "in_process", "{result}");
    assert_eq!(
        sandbox
            .store()
            .await
            .ticket_count()
            .await
            .expect("ticket count"),
        300
    );
}

#[tokio::test]
async fn bench_intake_over_http_with_four_clients_prints_one_json_line() {
    let sandbox = Sandbox::sqlite();
    let run = sandbox
        .run_db(&[
            "bench",
            "intake",
            "--tickets",
            "300",
            "--http",
            "--concurrency",
            "4",
        ])
        .succeeded();
    let result = intake_result(&run, 300);
    assert_eq!(result["mode"], "http", "{result}");
    assert_eq!(result["concurrency"], 4, "{result}");
}
