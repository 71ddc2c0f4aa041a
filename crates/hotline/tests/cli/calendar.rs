//! `hotline calendar load`: a year's schedule from the text or JSON form, as the served calendar
//! then shows it; a broken file names its line and changes nothing.
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::support::{Sandbox, Server};

/// Made-up schedules (see the files' own warnings): not the State Council's 2027 schedule.
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cli/fixtures")
        .join(name)
}

fn read_fixture(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).expect("reading a fixture")
}

fn sandbox_with_admin() -> Sandbox {
    let sandbox = Sandbox::sqlite();
    sandbox
        .add_user("cal-admin", "calendar-pw", "admin", None)
        .succeeded();
    sandbox
}

async fn calendar_2027(server: &Server) -> Value {
    let admin = server.login("cal-admin", "calendar-pw").await;
    let body = admin.get_ok("/api/v1/calendar/2027").await;
    assert_eq!(body["year"], 2027, "{body}");
    body
}

/// The holidays of a served schedule as `name start end` lines, and its workdays as `name date`.
fn entries(schedule: &Value) -> (Vec<String>, Vec<String>) {
    let list = |key: &str| schedule[key].as_array().cloned().unwrap_or_default();
    let text = |v: &Value| v.as_str().unwrap_or("?").to_string();
    let holidays = list("holidays")
        .iter()
        .map(|h| {
            format!(
                "{} {} {}",
                text(&h["name"]),
                text(&h["start"]),
                text(&h["end"])
            )
        })
        .collect();
    let workdays = list("make_up_workdays")
        .iter()
        .map(|w| format!("{} {}", text(&w["name"]), text(&w["date"])))
        .collect();
    (holidays, workdays)
}

/// What the made-up text fixture says, in the form of `entries`.
fn text_fixture_entries() -> (Vec<String>, Vec<String>) {
    let (mut holidays, mut workdays) = (Vec::new(), Vec::new());
    for line in read_fixture("made-up-2027.txt").lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words[..] {
            ["holiday", name, dates] => {
                let (start, end) = dates.split_once("..").unwrap_or((dates, dates));
                holidays.push(format!("{name} {start} {end}"));
            }
            ["workday", name, date] => workdays.push(format!("{name} {date}")),
            _ => {}
        }
    }
    (holidays, workdays)
}

#[tokio::test]
async fn a_made_up_text_schedule_loads_and_the_served_calendar_shows_2027_as_official() {
    let sandbox = sandbox_with_admin();
    {
        let server = sandbox.serve(&[]);
        let before = calendar_2027(&server).await;
        assert_eq!(
            before["official"], false,
            "2027 was already official: the test proves nothing\n{before}"
        );
    }

    let file = fixture("made-up-2027.txt");
    let run = sandbox
        .run_db(&["calendar", "load", file.to_str().expect("a UTF-8 path")])
        .succeeded();
    assert!(
        run.stdout
            .contains("loaded 2027: 7 holidays, 5 make-up working days"),
        "{run}"
    );

    let server = sandbox.serve(&[]);
    let after = calendar_2027(&server).await;
    assert_eq!(after["official"], true, "{after}");
    let (holidays, workdays) = entries(&after["schedule"]);
    let (want_holidays, want_workdays) = text_fixture_entries();
    assert_eq!(want_holidays.len(), 7);
    assert_eq!(holidays, want_holidays);
    assert_eq!(workdays, want_workdays);
}

#[tokio::test]
async fn a_made_up_json_schedule_loads() {
    let sandbox = sandbox_with_admin();
    let file = fixture("made-up-2027.json");
    let run = sandbox
        .run_db(&["calendar", "load", file.to_str().expect("a UTF-8 path")])
        .succeeded();
    assert!(
        run.stdout
            .contains("loaded 2027: 3 holidays, 2 make-up working days"),
        "{run}"
    );

    let server = sandbox.serve(&[]);
    let served = calendar_2027(&server).await;
    assert_eq!(served["official"], true, "{served}");
    let wanted: Value =
        serde_json::from_str(&read_fixture("made-up-2027.json")).expect("fixture JSON");
    assert_eq!(entries(&served["schedule"]), entries(&wanted));
}

/// A schedule saved by Windows Notepad (a byte-order mark before `year`) loads, text or JSON;
/// the mark was taken for part of the first keyword.
#[tokio::test]
async fn a_schedule_saved_with_a_byte_order_mark_loads() {
    let sandbox = sandbox_with_admin();
    for (name, fixture_name) in [
        ("bom.txt", "made-up-2027.txt"),
        ("bom.json", "made-up-2027.json"),
    ] {
        let file = sandbox.path().join(name);
        std::fs::write(&file, format!("\u{feff}{}", read_fixture(fixture_name))).expect("writing");
        let run = sandbox
            .run_db(&["calendar", "load", file.to_str().expect("a UTF-8 path")])
            .succeeded();
        assert!(run.stdout.contains("loaded 2027"), "{name}: {run}");
    }
}

/// `text` with the line starting `old` replaced by `new`; the 1-based number of that line.
fn break_line(text: &str, old: &str, new: &str) -> (String, usize) {
    let mut number = 0;
    let lines: Vec<&str> = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if line.starts_with(old) {
                number = i + 1;
                new
            } else {
                line
            }
        })
        .collect();
    assert_ne!(number, 0, "the fixture has no line starting {old:?}");
    (lines.join("\n") + "\n", number)
}

#[tokio::test]
async fn a_broken_schedule_names_its_line_and_changes_nothing() {
    let sandbox = sandbox_with_admin();
    let good = fixture("made-up-2027.txt");
    sandbox
        .run_db(&["calendar", "load", good.to_str().expect("a UTF-8 path")])
        .succeeded();

    // Each broken file would also change 元旦 if anything of it were applied.
    let text = read_fixture("made-up-2027.txt").replace(
        "holiday 元旦 2027-01-01..2027-01-03",
        "holiday 元旦 2027-01-01",
    );
    let bad_date = break_line(
        &text,
        "holiday 国庆节",
        "holiday 国庆节 2027-10-01..2027-10-32",
    );
    let friday = break_line(
        &text,
        "workday 国庆节调休 2027-10-09",
        "workday 国庆节调休 2027-10-08",
    );
    let unknown = break_line(&text, "holiday 端午节", "holliday 端午节 2027-06-09");
    let cases = [
        ("bad-date.txt", bad_date, vec!["2027-10-32"]),
        (
            "friday.txt",
            friday,
            vec!["2027-10-08", "Saturday or Sunday"],
        ),
        ("typo.txt", unknown, vec!["holliday"]),
    ];
    for (name, (content, line), mentions) in cases {
        let path = sandbox.path().join(name);
        std::fs::write(&path, content).expect("writing a broken schedule");
        let line = format!("line {line}");
        let mut wanted = vec![name, line.as_str()];
        wanted.extend(mentions);
        sandbox
            .run_db(&["calendar", "load", path.to_str().expect("a UTF-8 path")])
            .failed()
            .says(&wanted);
    }
    let json = read_fixture("made-up-2027.json").replace("\"2027-01-03\"", "\"2027-01-01\"");
    let truncated = &json[..json.rfind(']').expect("a closing bracket")];
    let path = sandbox.path().join("truncated.json");
    std::fs::write(&path, truncated).expect("writing a broken schedule");
    sandbox
        .run_db(&["calendar", "load", path.to_str().expect("a UTF-8 path")])
        .failed()
        .says(&["truncated.json", "malformed schedule JSON", "line"]);

    let server = sandbox.serve(&[]);
    let served = calendar_2027(&server).await;
    assert_eq!(served["official"], true, "{served}");
    assert_eq!(
        entries(&served["schedule"]),
        text_fixture_entries(),
        "a broken file changed the schedule"
    );
    assert_eq!(
        served["schedule"]["holidays"][0],
        json!({ "name": "元旦", "start": "2027-01-01", "end": "2027-01-03" })
    );
}
