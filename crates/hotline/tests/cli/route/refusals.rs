//! `hotline route` refuses what it cannot read or write, naming what is wrong: files a centre
//! exports (empty texts, blank labels, unreadable bytes, spreadsheets), missing columns, bad models, and
//! outputs that would destroy an input or leave half a file.
use super::*;

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
    // The same rows saved by Excel as "Unicode 文本" (UTF-16LE, tab-separated, a cell with a
    // tab or line break quoted) train the same model, byte for byte.
    let mut tabbed = String::from("编号\tcategory\t主题\t详情\r\n");
    for r in &two {
        let cells: Vec<String> = r
            .iter()
            .map(|c| match c.contains(['\t', '\n']) {
                true => format!("\"{c}\""),
                false => c.clone(),
            })
            .collect();
        tabbed.push_str(&cells.join("\t"));
        tabbed.push_str("\r\n");
    }
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(tabbed.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.join("two.txt"), bytes).expect("writing the file");
    train("two.txt", "主题, 详情", "two-txt.bin").succeeded();
    assert_eq!(
        std::fs::read(dir.join("two-txt.bin")).expect("the model"),
        std::fs::read(dir.join("two.bin")).expect("the model")
    );
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
    let eval = |input: &str| sandbox.run(&eval_args("gaps.bin", input));
    let all = eval("gaps.csv").succeeded();
    assert!(
        all.stdout.contains("skipped: 1 rows without a label"),
        "{all}"
    );
    // Rows without text are scored, and said to be.
    assert!(all.stderr.contains("rows have no text in text"), "{all}");
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

    // Labels the model was not trained on are named, with the ones it knows.
    let renamed: Vec<Vec<String>> = one_class
        .iter()
        .map(|r| vec![r[0].clone(), "交通".to_owned(), r[2].clone()])
        .collect();
    write_csv(
        &dir.join("renamed.csv"),
        &["编号", "category", "text"],
        &renamed,
    );
    let renamed = eval("renamed.csv").succeeded();
    assert!(
        renamed.stderr.contains(&format!(
            "{} of the {} rows have a label the model was not trained on (交通)",
            one_class.len(),
            one_class.len()
        )) && renamed.stderr.contains("交通运输"),
        "{renamed}"
    );
    // A prediction for every row of `input`, written to `output`; rows without text named.
    let predict = |input: &str, output: &str| {
        sandbox
            .run(&predict_args("gaps.bin", input, output))
            .succeeded()
    };
    let predicted = predict("gaps.csv", "gaps-out.csv");
    assert!(
        predicted.stderr.contains("15 rows have no text in text"),
        "{predicted}"
    );
    let out = std::fs::read_to_string(dir.join("gaps-out.csv")).expect("gaps-out.csv");
    assert_eq!(out.lines().count(), gaps.len() + 1, "{out}");
    // Ids that repeat or are blank still get their lines, and are named: joined back by id,
    // those lines would be ambiguous.
    let mut twice = one_class.clone();
    twice.extend(one_class.iter().take(2).cloned());
    twice[0][0] = String::new();
    write_csv(
        &dir.join("twice.csv"),
        &["编号", "category", "text"],
        &twice,
    );
    let predicted = predict("twice.csv", "twice-out.csv");
    assert!(
        predicted.stderr.contains("1 rows have an empty \"编号\"")
            && predicted.stderr.contains(&format!(
                "1 ids occur more than once in \"编号\" ({})",
                one_class[1][0]
            )),
        "{predicted}"
    );
    let out = std::fs::read_to_string(dir.join("twice-out.csv")).expect("twice-out.csv");
    assert_eq!(out.lines().count(), twice.len() + 1, "{out}");

    // UTF-16 with its mark (Excel's "Unicode text") is read like the imports read it; bytes no
    // encoding reads, a spreadsheet, and an output that is not a file are refused.
    let utf8 = std::fs::read_to_string(dir.join("one.csv")).expect("one.csv");
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(utf8.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.join("utf16.csv"), utf16).expect("a file");
    let read16 = eval("utf16.csv").succeeded();
    assert!(
        read16
            .stdout
            .contains(&format!("examples: {}", one_class.len())),
        "{read16}"
    );
    std::fs::write(dir.join("bytes.csv"), [b'i', b'd', b'\n', 0xff, 0xff, 0xff]).expect("a file");
    let unreadable = eval("bytes.csv").failed();
    assert!(unreadable.stderr.contains("neither UTF-8"), "{unreadable}");
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
    let eval = |model: &str| sandbox.run(&eval_args(model, "test.csv"));
    eval("not-a-model.bin")
        .failed()
        .says(&["not-a-model.bin", "not a hotline routing model"]);
    eval("no-such-model.bin")
        .failed()
        .says(&["cannot read the model", "no-such-model.bin"]);

    // Malformed CSV: a row with a field too many where the text is read from two columns
    // (which of them the unquoted comma was in is unknown), and a quote that never closes
    // (every row after it would become one text).
    let run_on = |file: &str, text: &str| {
        std::fs::write(sandbox.path().join(file), text).expect("writing a CSV");
        let mut args = train_args("model.bin");
        args[3] = file;
        sandbox.run(&args)
    };
    let run_on_two = |file: &str, text: &str| {
        std::fs::write(sandbox.path().join(file), text).expect("writing a CSV");
        let mut args = train_args("model.bin");
        args[3] = file;
        args[5] = "subject,text";
        sandbox.run(&args)
    };
    run_on_two(
        "wide.csv",
        "编号,category,subject,text\n1,交通运输,公交,公交车太少\n2,交通运输,公交,公交车,太少\n",
    )
    .failed()
    .says(&["line 3 has a field past the header's 4 columns (field 5)"]);
    // A text spanning lines (a CRLF within its quotes) does not shift the line named after it.
    run_on_two(
        "spanning.csv",
        "编号,category,subject,text\r\n1,交通运输,公交,\"公交车太少\r\n等很久\"\r\n\
         2,交通运输,公交,公交车,太少\r\n",
    )
    .failed()
    .says(&["line 4 has a field past the header's 4 columns (field 5)"]);
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
    let predict = |output: &str| sandbox.run(&predict_args("model.bin", "test.csv", output));
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
    let mut args = predict_args("model.bin", "test.csv", "bom-out.csv");
    args[5] = "bom.csv";
    args[9] = "编号,\"";
    sandbox.run(&args).succeeded();
    let written = std::fs::read_to_string(sandbox.path().join("bom-out.csv")).expect("bom-out");
    assert!(written.contains("\nB1,交通运输,"), "{written}");
}
