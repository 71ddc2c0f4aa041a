//! `hotline route train|predict|eval` on CSV files the test writes (three categories of
//! sentences in our own words, some fields spanning lines); bad input is refused with a reason.
use std::path::Path;

use crate::support::Sandbox;

const PLACES: [&str; 6] = [
    "幸福路",
    "东湖小区",
    "建设大道",
    "滨江花园",
    "人民公园",
    "南湖社区",
];
const PROBLEMS: [(&str, [&str; 4]); 3] = [
    (
        "环境保护",
        [
            "工地晚上施工，噪音大得睡不着觉",
            "工厂偷排废水，河水发黑发臭",
            "烧烤摊油烟很大，熏得不敢开窗",
            "化工厂排放刺鼻废气",
        ],
    ),
    (
        "交通运输",
        [
            "公交车班次太少，等车要半个小时",
            "路口红绿灯坏了，车辆乱成一团",
            "出租车司机拒载还乱收费",
            "客运站班车经常晚点",
        ],
    ),
    (
        "劳动和社会保障",
        [
            "公司拖欠工资三个月不发",
            "单位不给员工缴纳社保",
            "加班没有加班费还被辞退",
            "失业保险金迟迟领不到",
        ],
    ),
];

/// (id, category, text) rows; every third text has its subject on a line of its own.
fn rows() -> Vec<(String, &'static str, String)> {
    let mut out = Vec::new();
    for (c, (label, problems)) in PROBLEMS.iter().enumerate() {
        for i in 0..24 {
            let problem = problems[(i + i / 6) % 4];
            let text = if i % 3 == 0 {
                format!(
                    "关于{}的问题\n\t\t{}{}，请尽快处理。",
                    PLACES[i % 6],
                    PLACES[i % 6],
                    problem
                )
            } else {
                format!("{}{}，希望有关部门管一管。", PLACES[i % 6], problem)
            };
            out.push((format!("T{c}{i:02}"), *label, text));
        }
    }
    out
}

/// A CSV with a header row; fields quoted, so embedded newlines and commas survive.
fn write_csv(path: &Path, header: &[&str], rows: &[Vec<String>]) {
    let quote = |f: &str| format!("\"{}\"", f.replace('"', "\"\""));
    let mut text = header.join(",") + "\n";
    for row in rows {
        text += &row.iter().map(|f| quote(f)).collect::<Vec<_>>().join(",");
        text += "\n";
    }
    std::fs::write(path, text).expect("writing a CSV");
}

/// train.csv (three rows in four) and test.csv (the rest) in the sandbox.
fn write_split(sandbox: &Sandbox) {
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for (i, (id, label, text)) in rows().into_iter().enumerate() {
        let row = vec![id, label.to_owned(), text];
        if i % 4 == 3 {
            test.push(row);
        } else {
            train.push(row);
        }
    }
    let header = ["编号", "category", "text"];
    write_csv(&sandbox.path().join("train.csv"), &header, &train);
    write_csv(&sandbox.path().join("test.csv"), &header, &test);
}

fn train_args(model: &str) -> Vec<&str> {
    vec![
        "route",
        "train",
        "--input",
        "train.csv",
        "--text-column",
        "text",
        "--label-column",
        "category",
        "--model",
        model,
    ]
}

/// `route predict` with model.bin on test.csv, writing `output`.
fn predict_args(output: &str) -> Vec<&str> {
    vec![
        "route",
        "predict",
        "--model",
        "model.bin",
        "--input",
        "test.csv",
        "--text-column",
        "text",
        "--id-column",
        "编号",
        "--output",
        output,
    ]
}

#[test]
fn train_predict_and_eval_run_on_a_csv_the_test_writes() {
    let sandbox = Sandbox::sqlite();
    write_split(&sandbox);
    sandbox.run(&train_args("model.bin")).succeeded();
    assert!(sandbox.path().join("model.bin").exists());

    sandbox.run(&predict_args("predicted.csv")).succeeded();
    let predicted = std::fs::read_to_string(sandbox.path().join("predicted.csv"))
        .expect("reading predicted.csv");
    let mut lines = predicted.lines();
    assert_eq!(lines.next(), Some("id,label,confidence"));
    let expected: Vec<(String, &str)> = rows()
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % 4 == 3)
        .map(|(_, (id, label, _))| (id, label))
        .collect();
    let got: Vec<&str> = lines.collect();
    assert_eq!(got.len(), expected.len(), "{predicted}");
    let mut right = 0;
    for (line, (id, label)) in got.iter().zip(&expected) {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields.len(), 3, "{line}");
        assert_eq!(fields[0], id, "rows keep their order: {predicted}");
        let confidence: f64 = fields[2].parse().expect("a confidence");
        assert!((0.0..=1.0).contains(&confidence), "{line}");
        right += usize::from(fields[1] == *label);
    }
    assert!(
        right * 10 >= expected.len() * 9,
        "{right} right:\n{predicted}"
    );

    let explain = sandbox
        .run(&[
            "route",
            "explain",
            "--model",
            "model.bin",
            "--text",
            "小区旁边的工地半夜施工，噪音吵得睡不着",
        ])
        .succeeded();
    assert!(explain.stdout.starts_with("环境保护\t"), "{explain}");
    assert_eq!(
        explain.stdout.lines().count(),
        4,
        "three classes and why:\n{explain}"
    );
    assert!(explain.stdout.contains("because:"), "{explain}");

    let eval = sandbox
        .run(&[
            "route",
            "eval",
            "--model",
            "model.bin",
            "--input",
            "test.csv",
            "--text-column",
            "text",
            "--label-column",
            "category",
        ])
        .succeeded();
    for part in [
        "macro-F1:",
        "accuracy:",
        "µs per ticket:",
        "precision",
        "confusion matrix",
        "环境保护",
        "交通运输",
        "劳动和社会保障",
    ] {
        assert!(eval.stdout.contains(part), "no {part:?}:\n{eval}");
    }
}

#[test]
fn a_subject_and_a_body_in_two_columns_are_read_as_one_text() {
    let sandbox = Sandbox::sqlite();
    // The first half of each text in one column, the rest in another.
    let split: Vec<Vec<String>> = rows()
        .into_iter()
        .map(|(id, label, text)| {
            let half = text.chars().count() / 2;
            let subject: String = text.chars().take(half).collect();
            let body: String = text.chars().skip(half).collect();
            vec![id, label.to_owned(), subject, body]
        })
        .collect();
    let header = ["编号", "category", "主题", "详情"];
    write_csv(&sandbox.path().join("two.csv"), &header, &split);
    let columns = ["--text-column", "主题", "--text-column", "详情"];
    sandbox
        .run(
            &[
                &["route", "train", "--input", "two.csv", "--label-column"][..],
                &["category", "--model", "two.bin"],
                &columns,
            ]
            .concat(),
        )
        .succeeded();
    let predict = |output: &str, text_columns: &[&str]| {
        sandbox.run(
            &[
                &[
                    "route", "predict", "--model", "two.bin", "--input", "two.csv",
                ][..],
                &["--id-column", "编号", "--output", output],
                text_columns,
            ]
            .concat(),
        )
    };
    predict("both.csv", &["--text-column", "主题,详情"]).succeeded();
    let both = std::fs::read_to_string(sandbox.path().join("both.csv")).expect("both.csv");
    let right = both
        .lines()
        .skip(1)
        .zip(&split)
        .filter(|(line, row)| line.split(',').nth(1) == Some(row[1].as_str()))
        .count();
    assert!(
        right * 10 >= split.len() * 9,
        "{right} of {} right",
        split.len()
    );

    let eval = sandbox
        .run(
            &[
                &["route", "eval", "--model", "two.bin", "--input", "two.csv"][..],
                &["--label-column", "category", "--text-column", "主题,详情"],
            ]
            .concat(),
        )
        .succeeded();
    assert!(eval.stdout.contains("macro-F1:"), "{eval}");

    // A column that is not there names the columns that are, and writes nothing.
    let missing = predict("none.csv", &["--text-column", "主题,正文"]).failed();
    assert!(
        missing.stderr.contains("正文") && missing.stderr.contains("详情"),
        "{missing}"
    );
    assert!(!sandbox.path().join("none.csv").exists());
    // An output that cannot be written says so before any work and leaves nothing behind.
    let unwritable = predict("no/such/folder/out.csv", &["--text-column", "主题"]).failed();
    assert!(unwritable.stderr.contains("does not exist"), "{unwritable}");
    std::fs::create_dir(sandbox.path().join("folder")).expect("a folder");
    let folder = predict("folder", &["--text-column", "主题"]).failed();
    assert!(folder.stderr.contains("is a folder"), "{folder}");
    let mut files: Vec<String> = std::fs::read_dir(sandbox.path())
        .expect("the sandbox")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".tmp") || n.starts_with('.'))
        .collect();
    files.sort();
    assert_eq!(files, Vec::<String>::new(), "no temporary files left");
}

#[test]
fn files_a_centre_exports_are_read_or_refused_with_what_is_wrong() {
    let sandbox = Sandbox::sqlite();
    write_split(&sandbox);
    let dir = sandbox.path();
    // A text column named with a space after the comma, as in a header written by hand.
    let (mut two, mut gaps) = (Vec::new(), Vec::new());
    for (i, (id, label, text)) in rows().into_iter().enumerate() {
        let (subject, body) = text.split_once('，').unwrap_or((&text, ""));
        two.push(vec![
            id.clone(),
            label.to_owned(),
            subject.to_owned(),
            body.to_owned(),
        ]);
        // Every fifth text lost, and the first test row without a label.
        let kept = if i % 5 == 0 { String::new() } else { text };
        let label = if i == 3 { "" } else { label };
        gaps.push(vec![id, label.to_owned(), kept]);
    }
    write_csv(
        &dir.join("two.csv"),
        &["编号", "category", "主题", "详情"],
        &two,
    );
    write_csv(&dir.join("gaps.csv"), &["编号", "category", "text"], &gaps);
    let train = |input: &str, text: &str, model: &str| {
        sandbox.run(&[
            "route",
            "train",
            "--input",
            input,
            "--text-column",
            text,
            "--label-column",
            "category",
            "--model",
            model,
        ])
    };
    train("two.csv", "主题, 详情", "two.bin").succeeded();
    // Rows without text are counted apart, and a column that is mostly empty is refused.
    let gaps_trained = train("gaps.csv", "text", "gaps.bin").succeeded();
    assert!(
        gaps_trained
            .stdout
            .contains("1 skipped without a label, 15 without text"),
        "{gaps_trained}"
    );
    let blank: Vec<Vec<String>> = two
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let text = if i % 3 == 0 {
                r[2].clone()
            } else {
                String::new()
            };
            vec![r[0].clone(), r[1].clone(), text]
        })
        .collect();
    write_csv(
        &dir.join("blank.csv"),
        &["编号", "category", "text"],
        &blank,
    );
    let refused = train("blank.csv", "text", "blank.bin").failed();
    assert!(
        refused
            .stderr
            .contains("48 of the 72 labelled rows have no text in text"),
        "{refused}"
    );
    assert!(!dir.join("blank.bin").exists());

    // Eval says which rows it skipped, and which classes its macro-F1 leaves out.
    let eval = |input: &str| {
        sandbox.run(&[
            "route",
            "eval",
            "--model",
            "gaps.bin",
            "--input",
            input,
            "--text-column",
            "text",
            "--label-column",
            "category",
        ])
    };
    let all = eval("gaps.csv").succeeded();
    assert!(
        all.stdout.contains("skipped: 1 rows without a label"),
        "{all}"
    );
    let one_class: Vec<Vec<String>> = gaps
        .iter()
        .filter(|r| r[1] == "交通运输" && !r[2].is_empty())
        .cloned()
        .collect();
    write_csv(
        &dir.join("one.csv"),
        &["编号", "category", "text"],
        &one_class,
    );
    let one = eval("one.csv").succeeded();
    // The model knows three classes; the gold labels are of one, so at least one class has
    // neither examples nor predictions and is marked rather than averaged.
    assert!(
        one.stdout.contains("classes with examples or predictions"),
        "{one}"
    );
    assert!(
        one.stdout
            .lines()
            .any(|l| l.split_whitespace().skip(1).take(3).all(|f| f == "-")),
        "{one}"
    );

    // Files that are not UTF-8 CSV, and an output that is not a file.
    std::fs::write(dir.join("utf16.csv"), [0xff, 0xfe, b'i', 0, b'd', 0]).expect("a file");
    let utf16 = eval("utf16.csv").failed();
    assert!(utf16.stderr.contains("UTF-16"), "{utf16}");
    std::fs::write(dir.join("sheet.csv"), b"PK\x03\x04rest").expect("a file");
    let sheet = eval("sheet.csv").failed();
    assert!(sheet.stderr.contains("not CSV"), "{sheet}");
    let dash = sandbox
        .run(&[
            "route",
            "predict",
            "--model",
            "gaps.bin",
            "--input",
            "gaps.csv",
            "--text-column",
            "text",
            "--id-column",
            "编号",
            "--output",
            "-",
        ])
        .failed();
    assert!(dash.stderr.contains("standard output"), "{dash}");
    assert!(!dir.join("-").exists());
}

#[test]
fn training_twice_with_the_same_seed_writes_the_same_model() {
    let sandbox = Sandbox::sqlite();
    write_split(&sandbox);
    let mut first = train_args("a.bin");
    first.extend(["--seed", "3"]);
    let mut second = train_args("b.bin");
    second.extend(["--seed", "3"]);
    sandbox.run(&first).succeeded();
    sandbox.run(&second).succeeded();
    let read = |name: &str| std::fs::read(sandbox.path().join(name)).expect("reading a model");
    assert_eq!(read("a.bin"), read("b.bin"));
}

#[test]
fn unlabelled_texts_join_training_and_the_model_still_predicts() {
    let sandbox = Sandbox::sqlite();
    write_split(&sandbox);
    let unlabelled: Vec<Vec<String>> = PLACES
        .iter()
        .map(|place| {
            vec![
                format!("{place}公司拖欠工资"),
                "三个月不发，\n还克扣绩效奖金".to_owned(),
            ]
        })
        .collect();
    write_csv(
        &sandbox.path().join("unlabelled.csv"),
        &["主题", "详情"],
        &unlabelled,
    );
    let mut args = train_args("semi.bin");
    args.extend([
        "--unlabelled",
        "unlabelled.csv",
        "--unlabelled-text-column",
        "主题,详情",
    ]);
    sandbox
        .run(&args)
        .succeeded()
        .prints(&["6 unlabelled texts"]);
    sandbox
        .run(&[
            "route",
            "eval",
            "--model",
            "semi.bin",
            "--input",
            "test.csv",
            "--text-column",
            "text",
            "--label-column",
            "category",
        ])
        .succeeded();
    let mut no_column = train_args("x.bin");
    no_column.extend(["--unlabelled", "unlabelled.csv"]);
    let refused = sandbox.run(&no_column);
    assert!(!refused.success, "{refused}");
    assert!(
        refused.stderr.contains("--unlabelled-text-column"),
        "{refused}"
    );
}

#[test]
fn bad_input_is_refused_with_a_reason() {
    let sandbox = Sandbox::sqlite();
    write_split(&sandbox);
    let mut missing_column = train_args("model.bin");
    missing_column[5] = "body";
    sandbox
        .run(&missing_column)
        .failed()
        .says(&["train.csv has no column \"body\"", "category"]);

    std::fs::write(sandbox.path().join("empty.csv"), "").expect("writing empty.csv");
    let mut empty = train_args("model.bin");
    empty[3] = "empty.csv";
    sandbox.run(&empty).failed().says(&["empty.csv is empty"]);

    std::fs::write(sandbox.path().join("header.csv"), "编号,category,text\n").expect("writing");
    let mut header_only = train_args("model.bin");
    header_only[3] = "header.csv";
    sandbox.run(&header_only).failed().says(&["no data rows"]);

    write_csv(
        &sandbox.path().join("one.csv"),
        &["编号", "category", "text"],
        &[
            vec!["1".into(), "交通运输".into(), "公交车太少".into()],
            vec!["2".into(), "交通运输".into(), "红绿灯坏了".into()],
        ],
    );
    let mut one_class = train_args("model.bin");
    one_class[3] = "one.csv";
    sandbox
        .run(&one_class)
        .failed()
        .says(&["at least two classes"]);

    std::fs::write(sandbox.path().join("not-a-model.bin"), "编号,category\n").expect("writing");
    let eval = |model: &str| {
        sandbox.run(&[
            "route",
            "eval",
            "--model",
            model,
            "--input",
            "test.csv",
            "--text-column",
            "text",
            "--label-column",
            "category",
        ])
    };
    eval("not-a-model.bin")
        .failed()
        .says(&["not-a-model.bin", "not a hotline routing model"]);
    eval("no-such-model.bin")
        .failed()
        .says(&["cannot read the model", "no-such-model.bin"]);

    // Malformed CSV: a row short of a field (its text would be empty), and a quote that never
    // closes (every row after it would become one text).
    let run_on = |file: &str, text: &str| {
        std::fs::write(sandbox.path().join(file), text).expect("writing a CSV");
        let mut args = train_args("model.bin");
        args[3] = file;
        sandbox.run(&args)
    };
    run_on(
        "short.csv",
        "编号,category,text\n1,交通运输,公交车太少\n2,交通运输\n",
    )
    .failed()
    .says(&["line 3 has 2 fields, the header has 3"]);
    run_on(
        "quote.csv",
        "编号,category,text\n1,交通运输,\"公交车太少\n2,环境保护,河水发臭\n",
    )
    .failed()
    .says(&["quote that opens on line 2 never closes"]);
    run_on(
        "twice.csv",
        "编号,category,text,text\n1,交通运输,公交车,太少\n",
    )
    .failed()
    .says(&["columns 3 and 4 are both named \"text\""]);
    let mut label_as_text = train_args("model.bin");
    label_as_text[5] = "category";
    sandbox
        .run(&label_as_text)
        .failed()
        .says(&["both a text column and the label column"]);
    assert!(
        !sandbox.path().join("model.bin").exists(),
        "nothing written"
    );

    // An output that is an input is refused before it is destroyed.
    let before = std::fs::read(sandbox.path().join("train.csv")).expect("reading train.csv");
    sandbox
        .run(&train_args("train.csv"))
        .failed()
        .says(&["train.csv is also an input"]);
    assert_eq!(
        std::fs::read(sandbox.path().join("train.csv")).expect("reading train.csv"),
        before
    );
}

#[test]
fn predictions_are_written_through_a_link_and_never_over_an_input() {
    let sandbox = Sandbox::sqlite();
    write_split(&sandbox);
    sandbox.run(&train_args("model.bin")).succeeded();
    let predict = |output: &str| sandbox.run(&predict_args(output));
    let model = std::fs::read(sandbox.path().join("model.bin")).expect("reading model.bin");
    for input in ["test.csv", "model.bin"] {
        predict(input)
            .failed()
            .says(&[&format!("{input} is also an input")]);
    }
    assert_eq!(
        std::fs::read(sandbox.path().join("model.bin")).expect("reading model.bin"),
        model
    );
    std::fs::create_dir(sandbox.path().join("out")).expect("a folder");
    std::fs::write(sandbox.path().join("out/target.csv"), "").expect("writing target.csv");
    std::os::unix::fs::symlink("out/target.csv", sandbox.path().join("link.csv")).expect("a link");
    predict("link.csv").succeeded();
    let link = std::fs::symlink_metadata(sandbox.path().join("link.csv")).expect("the link");
    assert!(link.file_type().is_symlink(), "the link stays a link");
    let written =
        std::fs::read_to_string(sandbox.path().join("out/target.csv")).expect("the target");
    assert!(written.starts_with("id,label,confidence"), "{written}");
    predict("/dev/null")
        .failed()
        .says(&["/dev/null is not a regular file"]);
    // A spreadsheet's byte order mark before a quoted first column (here holding a comma and
    // a quote) is read past, as the CSV reader does: no quote is left open.
    std::fs::write(
        sandbox.path().join("bom.csv"),
        "\u{feff}\"编号,\"\"\",text\nB1,公交车太少等车要半个小时\n",
    )
    .expect("writing bom.csv");
    let mut args = predict_args("bom-out.csv");
    args[5] = "bom.csv";
    args[9] = "编号,\"";
    sandbox.run(&args).succeeded();
    let written = std::fs::read_to_string(sandbox.path().join("bom-out.csv")).expect("bom-out");
    assert!(written.contains("\nB1,交通运输,"), "{written}");
}

#[test]
fn bench_route_cross_validates_a_csv_with_tokens_and_raw_text() {
    let sandbox = Sandbox::sqlite();
    let rows: Vec<Vec<String>> = rows()
        .into_iter()
        .enumerate()
        .map(|(i, (id, label, text))| {
            let tokens = text.replace(['，', '。', '\n', '\t'], " ");
            let raw = if i % 3 == 0 { text } else { String::new() };
            vec![id, label.to_owned(), tokens, raw]
        })
        .collect();
    write_csv(
        &sandbox.path().join("small.csv"),
        &["id", "label", "tokens", "raw_text"],
        &rows,
    );
    let run = sandbox
        .run(&["bench", "route", "--data", "small.csv", "--folds", "3"])
        .succeeded();
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(lines.len(), 1, "one JSON line:\n{run}");
    let result: serde_json::Value =
        serde_json::from_str(lines[0]).unwrap_or_else(|e| panic!("not JSON ({e}):\n{run}"));
    assert_eq!(
        result["folds"].as_array().map(Vec::len),
        Some(3),
        "{result}"
    );
    assert_eq!(result["deterministic"], true, "{result}");
    assert_eq!(result["raw_check"]["test"], 24, "{result}");
    for key in [
        "macro_f1_mean",
        "accuracy",
        "train_seconds",
        "us_per_ticket_tokens",
    ] {
        assert!(result[key].is_number(), "{key}: {result}");
    }
    assert!(
        result["macro_f1_mean"].as_f64().is_some_and(|f| f > 0.8),
        "{result}"
    );
    assert_eq!(
        result["unlabelled"], 0,
        "by default as `route train`: {result}"
    );

    // Labels are read as training reads them: a space around one changes nothing.
    let padded: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r[1] = format!(" {} ", r[1]);
            r
        })
        .collect();
    write_csv(
        &sandbox.path().join("padded.csv"),
        &["id", "label", "tokens", "raw_text"],
        &padded,
    );
    let run = sandbox
        .run(&["bench", "route", "--data", "padded.csv", "--folds", "3"])
        .succeeded();
    let again: serde_json::Value = serde_json::from_str(run.stdout.trim())
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{run}"));
    assert_eq!(again["macro_f1_mean"], result["macro_f1_mean"], "{again}");
    sandbox
        .run(&["bench", "route", "--data", "small.csv", "--folds", "1000"])
        .failed()
        .says(&["--folds 1000 is more than the"]);

    // Self-training reads the unlabelled messages beside the data, and says so if they are not
    // there.
    let args = ["bench", "route", "--data", "small.csv", "--folds", "3"];
    let missing = sandbox
        .run(&[&args[..], &["--self-train"]].concat())
        .failed();
    assert!(
        missing.stderr.contains("unlabelled_messages.csv"),
        "{missing}"
    );
    let unlabelled: Vec<Vec<String>> = rows
        .iter()
        .take(10)
        .map(|r| vec![r[0].clone(), "主题".to_owned(), r[2].clone()])
        .collect();
    write_csv(
        &sandbox.path().join("unlabelled_messages.csv"),
        &["留言编号", "留言主题", "留言详情"],
        &unlabelled,
    );
    let run = sandbox
        .run(&[&args[..], &["--self-train"]].concat())
        .succeeded();
    let line = run.stdout.lines().find(|l| l.starts_with('{'));
    let result: serde_json::Value = serde_json::from_str(line.unwrap_or_default())
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{run}"));
    assert_eq!(result["unlabelled"], 10, "{result}");
}

#[test]
fn models_are_trained_from_the_database_listed_rolled_back_and_measured() {
    let sandbox = Sandbox::sqlite();
    let demo = sandbox.run_db(&["demo", "--tickets", "1500"]).succeeded();
    assert!(
        demo.stdout.contains("routing model v1 active"),
        "the demo trains a model on its history: {demo}"
    );
    let models = sandbox.run_db(&["route", "models"]).succeeded();
    assert!(models.stdout.contains("* v1 "), "{models}");

    let model_file = sandbox.path().join("from-db.bin");
    let trained = sandbox
        .run_db(&[
            "route",
            "train",
            "--from-db",
            "--level",
            "1",
            "--holdout",
            "0.2",
            "--model",
            model_file.to_str().unwrap_or_default(),
        ])
        .succeeded()
        .prints(&["trained model v2 (active)", "held out", "macro-F1"]);
    assert!(model_file.exists(), "{trained}");
    sandbox
        .run_db(&[
            "route",
            "train",
            "--from-db",
            "--no-activate",
            "--note",
            "试训",
        ])
        .succeeded()
        .prints(&["trained model v3:"]);
    let models = sandbox.run_db(&["route", "models"]).succeeded();
    assert!(
        models.stdout.contains("* v2 ")
            && models.stdout.contains("  v3 ")
            && models.stdout.contains("(试训)"),
        "{models}"
    );

    // Rollback, and refusals with reasons.
    sandbox
        .run_db(&["route", "activate", "1"])
        .succeeded()
        .prints(&["model v1 is active"]);
    assert!(sandbox
        .run_db(&["route", "models"])
        .succeeded()
        .stdout
        .contains("* v1 "));
    sandbox
        .run_db(&["route", "activate", "99"])
        .failed()
        .says(&["route model not found"]);
    sandbox
        .run_db(&["route", "train", "--from-db", "--level", "4"])
        .failed()
        .says(&["level"]);
    let usage = sandbox.run(&["route", "train", "--model", "x.bin"]);
    assert_eq!(usage.code, Some(2), "a usage error: {usage}");
    assert!(usage.stderr.contains("--input"), "{usage}");

    // A file model imported as a version.
    sandbox
        .run_db(&[
            "route",
            "import",
            "--model",
            model_file.to_str().unwrap_or_default(),
        ])
        .succeeded()
        .prints(&["stored as v4"]);
    // A model whose classes are none of the centre's categories is stored, but not put in use.
    write_csv(
        &sandbox.path().join("other.csv"),
        &["text", "label"],
        &[
            vec!["公交车太少".into(), "甲类".into()],
            vec!["公交车太挤".into(), "甲类".into()],
            vec!["河水发臭".into(), "乙类".into()],
            vec!["河水发黑".into(), "乙类".into()],
        ],
    );
    sandbox
        .run(&[
            "route",
            "train",
            "--input",
            "other.csv",
            "--text-column",
            "text",
            "--label-column",
            "label",
            "--model",
            "other.bin",
        ])
        .succeeded();
    sandbox
        .run_db(&["route", "import", "--model", "other.bin", "--activate"])
        .failed()
        .says(&["甲类", "none of the model's classes names a category"]);
    sandbox
        .run_db(&["route", "import", "--model", "other.bin"])
        .succeeded()
        .prints(&["stored as v5"])
        .says(&["2 of 2 classes name no category", "甲类"]);
    sandbox
        .run_db(&["route", "activate", "5"])
        .failed()
        .says(&["none of the model's classes names a category"]);
    // A model file over the database is refused; a mistyped database is not created.
    let db_file = sandbox.path().join("hotline.db");
    sandbox
        .run_db(&[
            "route",
            "train",
            "--from-db",
            "--model",
            db_file.to_str().unwrap_or_default(),
        ])
        .failed()
        .says(&["is also an input"]);
    let typo = sandbox.path().join("no-such/hotline.db");
    let typo_url = format!("sqlite://{}", typo.display());
    sandbox
        .run(&["route", "models", "--database-url", &typo_url])
        .failed()
        .says(&["does not exist"]);
    assert!(!typo.exists() && !sandbox.path().join("no-such").exists());
    sandbox
        .run(&["route", "models", "--database-url", "mysql://x/y"])
        .failed()
        .says(&["unknown database URL scheme \"mysql\""]);
    std::fs::write(sandbox.path().join("junk.bin"), "不是模型").expect("writing junk.bin");
    sandbox
        .run_db(&["route", "import", "--model", "junk.bin"])
        .failed()
        .says(&["not a model file"]);

    let figures = sandbox
        .run_db(&["route", "figures", "--bucket", "month"])
        .succeeded();
    let json: serde_json::Value =
        serde_json::from_str(&figures.stdout).unwrap_or_else(|e| panic!("{e}: {figures}"));
    assert!(
        json["total"]["tickets"].as_u64().unwrap_or(0) > 0,
        "{figures}"
    );
    assert!(
        json["total"]["first_dispatch_accuracy"].as_f64().is_some(),
        "{figures}"
    );
    sandbox
        .run_db(&["route", "figures", "--bucket", "year"])
        .failed()
        .says(&["expected day, week or month"]);
}
