//! `hotline route train|predict|eval` on CSV files the test writes (three categories of
//! sentences in our own words, some fields spanning lines); bad input is refused with a reason.
use std::path::Path;

use crate::support::Sandbox;

mod models;
mod refusals;

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

/// `route eval` with `model` on `input` (text in `text`, labels in `category`).
fn eval_args<'a>(model: &'a str, input: &'a str) -> Vec<&'a str> {
    vec![
        "route",
        "eval",
        "--model",
        model,
        "--input",
        input,
        "--text-column",
        "text",
        "--label-column",
        "category",
    ]
}

/// `route predict` with `model` on `input` (text in `text`, ids in `编号`), writing `output`.
fn predict_args<'a>(model: &'a str, input: &'a str, output: &'a str) -> Vec<&'a str> {
    vec![
        "route",
        "predict",
        "--model",
        model,
        "--input",
        input,
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

    sandbox
        .run(&predict_args("model.bin", "test.csv", "predicted.csv"))
        .succeeded();
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

    let eval = sandbox.run(&eval_args("model.bin", "test.csv")).succeeded();
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
    // A column of ids taken for the labels is refused as such, not scored as thousands of
    // classes (each a row and a column of the confusion matrix).
    let ids: Vec<Vec<String>> = (0..250)
        .map(|i| {
            vec![
                format!("{i}"),
                "交通运输".into(),
                "公交车".into(),
                "太少".into(),
            ]
        })
        .collect();
    write_csv(&sandbox.path().join("ids.csv"), &header, &ids);
    sandbox
        .run(
            &[
                &["route", "eval", "--model", "two.bin", "--input", "ids.csv"][..],
                &["--label-column", "编号", "--text-column", "主题,详情"],
            ]
            .concat(),
        )
        .failed()
        .says(&["more than 200 labels", "is \"编号\" the label column?"]);
    sandbox
        .run(
            &[
                &["route", "train", "--input", "ids.csv", "--model", "ids.bin"][..],
                &["--label-column", "编号", "--text-column", "主题,详情"],
            ]
            .concat(),
        )
        .failed()
        .says(&[
            "250 examples in 250 classes",
            "is \"编号\" the label column?",
        ]);
    assert!(!sandbox.path().join("ids.bin").exists());

    // A column that is not there names the columns that are, and writes nothing.
    let missing = predict("none.csv", &["--text-column", "主题,正文"]).failed();
    assert!(
        missing.stderr.contains("正文") && missing.stderr.contains("详情"),
        "{missing}"
    );
    assert!(!sandbox.path().join("none.csv").exists());
    // Nor does it leave behind the results folder it made for its output.
    predict("runs/none/out.csv", &["--text-column", "主题,正文"]).failed();
    assert!(!sandbox.path().join("runs").exists());
    // Nor those it made before a folder it could not make (a name past 255 bytes).
    let too_long = format!("runs/{}/out.csv", "预".repeat(90));
    predict(&too_long, &["--text-column", "主题"]).failed();
    assert!(!sandbox.path().join("runs").exists());
    std::fs::create_dir(sandbox.path().join("kept")).expect("a folder");
    predict("kept/none/out.csv", &["--text-column", "主题,正文"]).failed();
    assert!(sandbox.path().join("kept").is_dir() && !sandbox.path().join("kept/none").exists());
    std::fs::remove_dir(sandbox.path().join("kept")).expect("removing kept");
    // A results folder not made yet is made.
    predict("results/run1/out.csv", &["--text-column", "主题"]).succeeded();
    assert!(sandbox.path().join("results/run1/out.csv").is_file());
    std::fs::remove_dir_all(sandbox.path().join("results")).expect("removing results");
    // An output that cannot be written says so before any work and leaves nothing behind.
    std::fs::write(sandbox.path().join("plain.txt"), "x").expect("a file");
    let unwritable = predict("plain.txt/out.csv", &["--text-column", "主题"]).failed();
    assert!(
        unwritable.stderr.contains("is a file, not a folder"),
        "{unwritable}"
    );
    std::fs::remove_file(sandbox.path().join("plain.txt")).expect("removing plain.txt");
    std::fs::create_dir(sandbox.path().join("folder")).expect("a folder");
    let folder = predict("folder", &["--text-column", "主题"]).failed();
    assert!(folder.stderr.contains("is a folder"), "{folder}");
    // A name as long as a folder entry may be (253 of 255 bytes) is written.
    let long = format!("{}.csv", "预".repeat(83));
    predict(&long, &["--text-column", "主题"]).succeeded();
    assert!(sandbox.path().join(&long).is_file());
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
    sandbox.run(&eval_args("semi.bin", "test.csv")).succeeded();
    let mut no_column = train_args("x.bin");
    no_column.extend(["--unlabelled", "unlabelled.csv"]);
    let refused = sandbox.run(&no_column);
    assert!(!refused.success, "{refused}");
    assert!(
        refused.stderr.contains("--unlabelled-text-column"),
        "{refused}"
    );
}

/// What spreadsheets and old tools leave in a CSV is read, not refused: a row short of its last
/// fields (read as empty, with a warning naming the line), a line of spaces, a DOS end-of-file
/// mark; a file of no rows gets predictions of no rows.
#[test]
fn spreadsheet_leftovers_are_read_and_every_row_predicted() {
    let sandbox = Sandbox::sqlite();
    write_split(&sandbox);
    sandbox.run(&train_args("model.bin")).succeeded();
    std::fs::write(
        sandbox.path().join("quirks.csv"),
        "编号,text,备注\r\n1,小区门口的路灯坏了,有\r\n2,公交车太少\r\n   \r\n3\r\n\u{1a}",
    )
    .expect("writing quirks.csv");
    let run = sandbox
        .run(&predict_args("model.bin", "quirks.csv", "quirks.out.csv"))
        .succeeded();
    assert!(
        run.stderr
            .contains("2 rows have fewer fields than the header (lines 3, 5)"),
        "{run}"
    );
    let out = std::fs::read_to_string(sandbox.path().join("quirks.out.csv")).expect("output");
    let ids: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or_default())
        .collect();
    assert_eq!(
        ids,
        ["1", "2", "3"],
        "one line per row, none for the blank line:\n{out}"
    );

    std::fs::write(sandbox.path().join("none.csv"), "编号,text\n").expect("writing none.csv");
    sandbox
        .run(&predict_args("model.bin", "none.csv", "none.out.csv"))
        .succeeded()
        .says(&["none.csv has a header but no rows"]);
    let out = std::fs::read_to_string(sandbox.path().join("none.out.csv")).expect("output");
    assert_eq!(out, "id,label,confidence\n");
}

/// What a centre's files hold that is no mistake is read: a spreadsheet's trailing commas and a
/// column named in another case; rows the model can only guess at are named. What is a mistake
/// in a few rows costs only those rows, with a warning that names their lines: a comma in the
/// text that was not quoted, a byte no encoding reads, a line saved in GBK.
#[test]
fn trailing_commas_a_column_in_another_case_and_guesses_are_read_and_said() {
    let sandbox = Sandbox::sqlite();
    write_split(&sandbox);
    sandbox.run(&train_args("model.bin")).succeeded();
    std::fs::write(
        sandbox.path().join("trailing.csv"),
        "编号,Text\n1,小区门口的路灯坏了,\n2,公交车太少,,\n7,0000000,\n",
    )
    .expect("writing trailing.csv");
    let run = sandbox
        .run(&predict_args(
            "model.bin",
            "trailing.csv",
            "trailing.out.csv",
        ))
        .succeeded();
    assert!(
        run.stderr
            .contains("no column is named \"text\": reading \"Text\""),
        "{run}"
    );
    assert!(
        run.stderr.contains("1 rows have no word the model knows")
            && run.stderr.contains("(ids: 7)"),
        "{run}"
    );
    let out = std::fs::read_to_string(sandbox.path().join("trailing.out.csv")).expect("output");
    assert_eq!(out.lines().count(), 4, "a line for each row:\n{out}");

    // Fields past the header that hold something are the text's commas, not quoted: the one
    // text column takes them back, and the columns after it keep their own values.
    std::fs::write(
        sandbox.path().join("shifted.csv"),
        "编号,text,category,\n1,公交车,太少,等很久,交通运输\n2,公司拖欠工资三个月不发,劳动和社会保障,\n",
    )
    .expect("writing shifted.csv");
    let run = sandbox
        .run(&predict_args("model.bin", "shifted.csv", "shifted.out.csv"))
        .succeeded();
    assert!(
        run.stderr.contains(
            "1 rows have more fields than the header (lines 2): the extra fields are taken to be \
             unquoted commas in \"text\""
        ),
        "{run}"
    );
    let out = std::fs::read_to_string(sandbox.path().join("shifted.out.csv")).expect("output");
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(out.contains("\n1,交通运输,"), "{out}");
    let eval = sandbox
        .run(&eval_args("model.bin", "shifted.csv"))
        .succeeded();
    assert!(eval.stdout.contains("accuracy: 1.0000"), "{eval}");

    // A stray byte and a line saved in GBK in a UTF-8 file: the other rows are read as they
    // are, the GBK line as GBK, the stray byte as U+FFFD, each named by its line.
    let mut bytes = "编号,text\n1,小区门口的路灯坏了好几天，晚上走路看不见\n2,公交"
        .as_bytes()
        .to_vec();
    bytes.extend([0xff, b'\n']);
    bytes.extend(b"3,");
    // 公交车太少 in GBK.
    bytes.extend([
        0xb9, 0xab, 0xbd, 0xbb, 0xb3, 0xb5, 0xcc, 0xab, 0xc9, 0xd9, b'\n',
    ]);
    std::fs::write(sandbox.path().join("byte.csv"), bytes).expect("writing byte.csv");
    let run = sandbox
        .run(&predict_args("model.bin", "byte.csv", "byte.out.csv"))
        .succeeded();
    assert!(
        run.stderr.contains(
            "lines 3 hold bytes that are neither UTF-8 nor GBK: read as the replacement \
             character U+FFFD"
        ) && run.stderr.contains("lines 4 are not UTF-8: read as GBK"),
        "{run}"
    );
    let out = std::fs::read_to_string(sandbox.path().join("byte.out.csv")).expect("output");
    assert_eq!(out.lines().count(), 4, "{out}");
    assert!(out.contains("\n3,交通运输,"), "{out}");
}
