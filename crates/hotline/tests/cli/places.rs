//! `hotline places import|export`: a city loads its own gazetteer from a spreadsheet before it
//! sets up its units; a bad file names each row and writes nothing; the export reads back.
use crate::support::Sandbox;

const CITY: &str = "编码,名称,类型,上级编码,别名\n\
    440103,荔湾区,区县,,荔湾\n\
    440103001,沙面街道,街道,440103,沙面\n\
    440103001001,沙面社区,社区,440103001,\n\
    440103001R01,沙面大街,道路,440103001,\n";

#[tokio::test]
async fn a_city_imports_its_gazetteer_and_exports_it_back() {
    let sandbox = Sandbox::sqlite();
    let file = sandbox.path().join("places.csv");
    std::fs::write(&file, CITY).expect("writing the file");
    let path = file.to_str().expect("a UTF-8 path");
    sandbox
        .run_db(&["places", "import", path])
        .succeeded()
        .prints(&["added 4", "changed 0"]);

    let store = sandbox.store().await;
    let places = store.places().await.expect("places");
    let street = places.iter().find(|p| p.code == "440103001");
    let street = street.expect("the street was stored");
    assert_eq!(
        (
            street.name.as_str(),
            street.parent.as_deref(),
            street.aliases.as_slice()
        ),
        ("沙面街道", Some("440103"), ["沙面".to_string()].as_slice())
    );

    let out = sandbox.path().join("out.csv");
    let out_path = out.to_str().expect("a UTF-8 path");
    sandbox
        .run_db(&["places", "export", out_path])
        .succeeded()
        .prints(&["exported 4 places"]);
    sandbox
        .run_db(&["places", "import", out_path])
        .succeeded()
        .prints(&["added 0", "changed 0", "unchanged 4"]);

    // The same rows as Excel saves "Unicode 文本": UTF-16LE, tab-separated, CRLF, one new row.
    let tabbed = format!("{}440103002,华林街道,街道,440103,\n", CITY)
        .replace(',', "\t")
        .replace('\n', "\r\n");
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(tabbed.encode_utf16().flat_map(u16::to_le_bytes));
    let txt = sandbox.path().join("places.txt");
    std::fs::write(&txt, bytes).expect("writing the file");
    sandbox
        .run_db(&["places", "import", txt.to_str().expect("a UTF-8 path")])
        .succeeded()
        .prints(&["added 1", "changed 0", "unchanged 4"]);
    // A sheet of only the required columns renames a place and keeps what it leaves out:
    // the aliases the extractor finds the place by, and its parent.
    let renamed = sandbox.path().join("renamed.csv");
    std::fs::write(&renamed, "编码,名称,类型\n440103001,沙面街,街道\n").expect("writing");
    sandbox
        .run_db(&["places", "import", renamed.to_str().expect("a UTF-8 path")])
        .succeeded()
        .prints(&["added 0", "changed 1"]);
    let places = sandbox.store().await.places().await.expect("places");
    let street = places.iter().find(|p| p.code == "440103001");
    let street = street.expect("the street is kept");
    assert_eq!(
        (
            street.name.as_str(),
            street.parent.as_deref(),
            street.aliases.as_slice()
        ),
        ("沙面街", Some("440103"), ["沙面".to_string()].as_slice())
    );
    // Export writes CSV or XLSX only: a .txt name is refused, not filled with commas.
    let out_txt = sandbox.path().join("out.txt");
    sandbox
        .run_db(&["places", "export", out_txt.to_str().expect("a UTF-8 path")])
        .failed()
        .says(&[".csv 或 .xlsx"]);
}

#[tokio::test]
async fn a_bad_gazetteer_file_names_its_rows_and_writes_nothing() {
    let sandbox = Sandbox::sqlite();
    let file = sandbox.path().join("bad.csv");
    let bad = CITY
        .replace("沙面社区,社区,440103001", "沙面社区,社区,440103999")
        .replace("道路", "河流");
    std::fs::write(&file, bad).expect("writing the file");
    let path = file.to_str().expect("a UTF-8 path");
    sandbox.run_db(&["places", "import", path]).failed().says(&[
        "bad.csv:4",
        "440103999",
        "bad.csv:5",
        "河流",
        "nothing was written",
    ]);
    let store = sandbox.store().await;
    assert!(store.places().await.expect("places").is_empty());

    let ods = sandbox.path().join("places.ods");
    std::fs::write(&ods, CITY).expect("writing the file");
    sandbox
        .run_db(&["places", "import", ods.to_str().expect("a UTF-8 path")])
        .failed()
        .says(&[".csv, .xlsx or .txt (Unicode text)"]);
    // An old Excel workbook is told how to be read, by its name or, misnamed, by its content.
    let xls = sandbox.path().join("places.xls");
    let mut old_excel = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    old_excel.resize(512, 0);
    std::fs::write(&xls, &old_excel).expect("writing the file");
    sandbox
        .run_db(&["places", "import", xls.to_str().expect("a UTF-8 path")])
        .failed()
        .says(&["另存为 .xlsx"]);
    let misnamed = sandbox.path().join("places-old.xlsx");
    std::fs::write(&misnamed, &old_excel).expect("writing the file");
    sandbox
        .run_db(&["places", "import", misnamed.to_str().expect("a UTF-8 path")])
        .failed()
        .says(&["旧版 Excel 文件(.xls)", "nothing was written"]);
}
