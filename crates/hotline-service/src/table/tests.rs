//! Reading and writing spreadsheet files: CSV in its encodings and separators, XLSX cells,
//! headers, guards and refusals.
use super::xlsx::column_letters;
use super::*;

const ARTICLES: Columns = Columns {
    names: &["title", "body", "kind"],
    aliases: &[("标题", "title"), ("正文", "body")],
    required: &["title", "body", "kind"],
};

#[test]
fn csv_cells_that_would_run_as_formulas_are_guarded_and_read_back_as_written() {
    let cells = [
        "=HYPERLINK(\"http://x\",\"点我\")",
        "+1",
        "-1+1",
        "@SUM(A1)",
        "'=already quoted",
        "''+twice",
        "'plain apostrophe",
        "普通文字 = 不是公式",
        "",
    ];
    let row: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
    let bytes = write(Format::Csv, "s", &["a"; 9], &[row]).expect("a CSV");
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    assert!(text.contains("'=HYPERLINK"), "{text}");
    assert!(text.contains(",'+1,'-1+1,'@SUM(A1),"), "{text}");
    assert!(text.contains(",'plain apostrophe,"), "{text}");
    let rows = read_csv(&bytes).unwrap_or_else(|p| panic!("{p:?}"));
    let read: Vec<String> = rows[1]
        .1
        .iter()
        .map(|c| match c {
            Some(Cell::Text(t)) => t.clone(),
            _ => String::new(),
        })
        .collect();
    assert_eq!(read, cells);
}

#[test]
fn csv_rows_are_numbered_as_a_spreadsheet_shows_them() {
    let rows = read_csv("\u{feff}title,body\n\"两行\n正文\",b\nc,d\n".as_bytes())
        .unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(rows[1].1[0], Some(Cell::Text("两行\n正文".into())));
    // A blank line is an empty row of its own, after a cell of three lines as before one.
    let rows = read_csv("title,body\n\"一\n二\n三\",b\n\nc,d\n\r\n\ne,f\n".as_bytes())
        .unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(
        rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        vec![1, 2, 4, 7]
    );
    let refused = read_csv("title,body\n\na,b\n\nc,d,e\n".as_bytes()).expect_err("too wide");
    assert_eq!(refused.row, 5, "{refused:?}");
    // Windows line ends (as Excel and WPS save), and the old Mac's lone CR, the same.
    for text in [
        "title,body\r\n\"一\r\n二\",b\r\n\r\nc,d\r\ne,f\r\n",
        "title,body\r\"一\r二\",b\r\rc,d\re,f\r",
    ] {
        let rows = read_csv(text.as_bytes()).unwrap_or_else(|p| panic!("{p:?}"));
        let numbers: Vec<usize> = rows.iter().map(|r| r.0).collect();
        assert_eq!(numbers, vec![1, 2, 4, 5], "{text:?}");
    }
}

#[test]
fn a_value_under_a_header_cell_left_empty_is_refused() {
    let limits = Source::Upload.limits(10);
    // An update may leave out any column but the one that finds the row.
    const UPDATES: Columns = Columns {
        required: &["title"],
        ..ARTICLES
    };
    let csv = "title,,kind\n标题,改过的正文,guide\n".as_bytes();
    let refused = read(Format::Csv, csv, &UPDATES, limits).expect_err("an unnamed column");
    assert_eq!(refused.row, 2, "{refused:?}");
    assert!(refused.message.contains("第 2 列"), "{refused:?}");
    let book = xlsx(&[
        (0, 0, "title"),
        (0, 1, "body"),
        (0, 2, "kind"),
        (1, 0, "t"),
        (1, 3, "多出"),
    ]);
    let refused = read(Format::Xlsx, &book, &UPDATES, limits).expect_err("an unnamed column");
    assert!(refused.message.contains("第 4 列"), "{refused:?}");
    // An empty unnamed column is no problem.
    let csv = "title,body,kind,\n标题,正文,guide,\n".as_bytes();
    assert!(read(Format::Csv, csv, &UPDATES, limits).is_ok());
}

#[test]
fn excels_unicode_text_is_tab_separated_utf16() {
    // "Unicode 文本(*.txt)": UTF-16LE with its mark, tabs between cells, quotes around a
    // cell with a line break; a comma inside a cell is only text.
    let text = "标题\t正文\r\n停水了\t\"今天停水,\r\n何时恢复\"\r\n问2\t答2\r\n";
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let rows = read_csv(&bytes).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].1[1], Some(Cell::Text("正文".into())));
    assert_eq!(
        rows[1].1[1],
        Some(Cell::Text("今天停水,\r\n何时恢复".into()))
    );
    assert_eq!(rows[2].1[0], Some(Cell::Text("问2".into())));
    // A header with commas stays CSV, tabs in its cells or not.
    let plain = "title,body\n问\t1,答\n";
    assert_eq!(separator(plain, plain.as_bytes()), b',');
    // One column of Unicode text: its commas are text.
    let mut one = vec![0xff, 0xfe];
    one.extend(
        "内容\r\n停水,何时恢复\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let rows = read_csv(&one).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(rows[1].1, vec![Some(Cell::Text("停水,何时恢复".into()))]);
    let refused = read_csv("标题\t正文\n问\t答\t多出\n".as_bytes()).expect_err("shifted");
    assert!(refused.message.contains("制表符"), "{}", refused.message);
}

#[test]
fn an_unclosed_quote_and_a_row_wider_than_its_header_are_refused() {
    // The quote opened on line 2 swallows lines 3 and 4 into one cell.
    let refused = read_csv("title,body\n\"问,答\n问2,答2\n问3,答3\n".as_bytes())
        .expect_err("an unclosed quote");
    assert!(refused.message.contains("第 2 行"), "{}", refused.message);
    // A comma without quotes moves every later cell one column right.
    let refused = read_csv("title,body\n问,答,多出的一格\n".as_bytes()).expect_err("a shifted row");
    assert_eq!(refused.row, 2);
    assert!(
        refused.message.contains("表头只有 2 列"),
        "{}",
        refused.message
    );
    // A row cut short would clear the cells it lacks: refused, naming both widths. A blank
    // line is no row.
    let refused =
        read_csv("title,body,kind,category\n问,答\n\n".as_bytes()).expect_err("a short row");
    assert_eq!(refused.row, 2);
    assert!(
        refused.message.contains("本行只有 2 列,表头有 4 列"),
        "{}",
        refused.message
    );
    assert!(read_csv("title,body\n问,答\n\n".as_bytes()).is_ok());
    // A header with a blank cell after its last name is as wide as its names.
    assert!(read_csv("title,body,kind,\n问,答,问答\n".as_bytes()).is_ok());
    // Doubled quotes, quotes inside an unquoted field, trailing empty cells and CRLF are
    // all well-formed.
    let fine = "title,body,\r\n\"他说\"\"好\"\"\",5\"高,,\r\n";
    assert_eq!(unclosed_quote(fine, b','), None);
    let rows = read_csv(fine.as_bytes()).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(rows[1].1[0], Some(Cell::Text("他说\"好\"".into())));
    assert_eq!(rows[1].1[1], Some(Cell::Text("5\"高".into())));
    assert_eq!(unclosed_quote("a,\"b\nc", b','), Some(1));
    let refused = read(
        Format::Csv,
        "title,body,kind\n问,答\0,x\n".as_bytes(),
        &ARTICLES,
        Source::Upload.limits(9),
    )
    .expect_err("a NUL character");
    assert_eq!(refused.row, 2);
    assert!(refused.message.contains("NUL"), "{}", refused.message);
}

/// An XLSX workbook with `cells` (row, column, text) on its first sheet.
fn xlsx(cells: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for &(r, c, text) in cells {
        sheet.write_string(r, c, text).expect("writing a cell");
    }
    book.save_to_buffer().expect("an XLSX file")
}

#[test]
fn a_sheet_that_claims_the_whole_grid_is_read_by_its_cells() {
    // Three header cells and one in the last row of the grid: the sheet's dimensions claim
    // a million rows, which reading the rectangle would allocate.
    let far = xlsx(&[
        (0, 0, "title"),
        (0, 1, "body"),
        (0, 2, "kind"),
        (1_048_575, 1, "远"),
    ]);
    let rows = read_xlsx(&far, Source::Upload.limits(50_000)).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].0, 1_048_576, "numbered as the spreadsheet shows it");
    assert_eq!(rows[1].1, vec![None, Some(Cell::Text("远".into()))]);
    // The last cell of the grid (XFD1048576), far right of any column an import reads.
    let corner = xlsx(&[(0, 0, "title"), (1_048_575, 16_383, "x")]);
    let refused =
        read_xlsx(&corner, Source::Upload.limits(50_000)).expect_err("a value in column 16,384");
    assert_eq!(refused.row, 1_048_576);
    assert!(
        refused.message.contains("XFD 列(第 16384 列)"),
        "{}",
        refused.message
    );
    let names: Vec<String> = [0, 25, 26, 77, 701, 702].map(column_letters).into();
    assert_eq!(names, ["A", "Z", "AA", "BZ", "ZZ", "AAA"]);
}

#[test]
fn merged_cells_and_a_second_sheet_with_content_are_refused_not_read_as_empty() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["title", "body", "valid_to"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("a header cell");
    }
    for r in 1..=3 {
        sheet
            .write_string(r, 0, format!("标题{r}"))
            .expect("a title");
        sheet.write_string(r, 1, "正文").expect("a body");
    }
    // One expiry date for three rows, merged down C2:C4.
    sheet
        .merge_range(1, 2, 3, 2, "2026-11-30", &rust_xlsxwriter::Format::new())
        .expect("a merged range");
    let bytes = book.save_to_buffer().expect("an XLSX file");
    let refused = read_xlsx(&bytes, Source::Upload.limits(10)).expect_err("merged cells");
    assert_eq!(refused.row, 2);
    assert!(refused.message.contains("C2:C4"), "{}", refused.message);

    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .set_name("政策问答")
        .and_then(|s| s.write_string(0, 0, "title"))
        .expect("a first sheet");
    book.add_worksheet()
        .set_name("说明")
        .expect("an empty sheet");
    // A template's lists on a hidden sheet are no articles.
    let lists = book
        .add_worksheet()
        .set_name("下拉列表")
        .expect("a hidden sheet");
    lists.write_string(0, 0, "政策问答").expect("a list value");
    lists.set_hidden(true);
    let one = book.save_to_buffer().expect("an XLSX file");
    assert!(
        read_xlsx(&one, Source::Upload.limits(10)).is_ok(),
        "an empty sheet and a hidden one beside it"
    );
    book.add_worksheet()
        .set_name("办事指南")
        .and_then(|s| s.write_string(1, 0, "另一条"))
        .expect("a second sheet with content");
    let two = book.save_to_buffer().expect("an XLSX file");
    let refused = read_xlsx(&two, Source::Upload.limits(10)).expect_err("two sheets");
    assert!(
        refused.message.contains("「办事指南」"),
        "{}",
        refused.message
    );
}

#[test]
fn a_date_cell_past_any_calendar_is_read_as_its_number_not_a_crash() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let day = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    sheet.write_string(0, 0, "valid_to").expect("a header cell");
    for (r, serial) in [(1, 45_000.0), (2, -1e300), (3, 1e300), (4, 3_000_001.0)] {
        sheet
            .write_number_with_format(r, 0, serial, &day)
            .expect("a date cell");
    }
    let bytes = book.save_to_buffer().expect("an XLSX file");
    let rows = read_xlsx(&bytes, Source::Upload.limits(10)).unwrap_or_else(|p| panic!("{p:?}"));
    let cells: Vec<Option<Cell>> = rows[1..].iter().map(|r| r.1[0].clone()).collect();
    assert_eq!(
        cells[0],
        Some(Cell::Date(
            chrono::NaiveDate::from_ymd_opt(2023, 3, 15).expect("a day")
        ))
    );
    let numbers: Vec<Option<f64>> = cells[1..]
        .iter()
        .map(|c| match c {
            Some(Cell::Number(n)) => n.parse().ok(),
            _ => None,
        })
        .collect();
    assert_eq!(numbers, vec![Some(-1e300), Some(1e300), Some(3_000_001.0)]);
}

#[test]
fn an_excel_error_value_is_refused_where_it_stands() {
    // A header of two columns, a text, and a failed formula in `column`.
    let book_with_error_in = |column: u16| {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (c, text) in ["title", "body"].iter().enumerate() {
            sheet
                .write_string(0, c as u16, *text)
                .expect("a header cell");
        }
        sheet.write_string(1, 0, "停水").expect("a cell");
        let failed = rust_xlsxwriter::Formula::new("=VLOOKUP(1,C1:C2,2,FALSE)").set_result("#N/A");
        sheet.write_formula(1, column, failed).expect("a formula");
        book.save_to_buffer().expect("an XLSX file")
    };
    let refused =
        read_xlsx(&book_with_error_in(1), Source::Upload.limits(10)).expect_err("an error value");
    assert_eq!((refused.row, refused.column.as_deref()), (2, Some("body")));
    assert!(
        refused
            .message
            .contains("B 列的单元格是 Excel 的错误值 #N/A("),
        "{}",
        refused.message
    );
    // In a helper column without a header the import does not read it.
    let rows = read_xlsx(&book_with_error_in(3), Source::Upload.limits(10))
        .unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(rows[1].1, vec![Some(Cell::Text("停水".into()))]);
}

#[test]
fn a_file_of_another_kind_says_what_it_is() {
    let mut xls = XLS_SIGNATURE.to_vec();
    xls.extend_from_slice(&[0; 504]);
    for format in [Format::Csv, Format::Xlsx] {
        let p =
            read(format, &xls, &ARTICLES, Source::Upload.limits(10)).expect_err("an .xls workbook");
        assert!(p.message.contains("旧版 Excel 文件(.xls)"), "{p:?}");
    }
    let book = xlsx(&[(0, 0, "title")]);
    let p = read(Format::Csv, &book, &ARTICLES, Source::Upload.limits(10))
        .expect_err("XLSX sent as CSV");
    assert!(p.message.contains("不是 CSV 文本"), "{p:?}");
    let p = read(
        Format::Xlsx,
        "标题,正文\n".as_bytes(),
        &ARTICLES,
        Source::Upload.limits(10),
    )
    .expect_err("CSV sent as XLSX");
    assert!(p.message.contains("不是 XLSX 工作簿"), "{p:?}");
}

#[test]
fn big5_text_is_refused_rather_than_read_as_gbk_nonsense() {
    let (bytes, _, _) = encoding_rs::BIG5
        .encode("標題,正文\n臺北停水通知,停水期間請儲水備用，恢復供水時間另行通知\n");
    let refused = read_csv(&bytes).expect_err("Big5 is not GBK");
    assert!(refused.message.contains("UTF-8"), "{refused:?}");
    // The same words in simplified characters, saved as GBK, are read.
    let (bytes, _, _) = encoding_rs::GBK
        .encode("标题,正文\n台北停水通知,停水期间请储水备用，恢复供水时间另行通知\n");
    let rows = read_csv(&bytes).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(rows[1].1[0], Some(Cell::Text("台北停水通知".into())));
    // A short file with characters only GBK has (beyond GB2312) is read too.
    let (bytes, _, _) = encoding_rs::GBK.encode("名称\n玥珑社区\n");
    let rows = read_csv(&bytes).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(rows[1].1[0], Some(Cell::Text("玥珑社区".into())));
}

#[test]
fn gb18030_csv_is_read_too() {
    let (bytes, _, _) = encoding_rs::GB18030.encode("标题,正文\n问,答\n");
    let rows = read_csv(&bytes).unwrap_or_else(|p| panic!("{p:?}"));
    let h = header(&rows[0], &ARTICLES);
    assert!(h.is_err(), "kind is missing");
    let twice = read_csv("title,body,kind,标题\n".as_bytes()).unwrap_or_else(|p| panic!("{p:?}"));
    let refused = header(&twice[0], &ARTICLES).expect_err("title twice");
    assert!(
        refused.message.contains("第 1 列与第 4 列"),
        "{}",
        refused.message
    );
    assert_eq!(rows[1].1[0], Some(Cell::Text("问".into())));
}

#[test]
fn utf16_csv_is_read_and_unreadable_bytes_are_refused() {
    let mut utf16 = vec![0xff, 0xfe];
    for unit in "标题,正文\n问,答\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let rows = read_csv(&utf16).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(rows[1].1[1], Some(Cell::Text("答".into())));
    // A UTF-16 mark and then an odd byte: not text in any of the encodings read.
    let refused = read_csv(&[0xff, 0xfe, 0x41]).expect_err("unreadable");
    assert!(
        refused.message.contains("编码无法识别"),
        "{}",
        refused.message
    );
    let refused = read_csv(&[0x81, 0x20, 0x2c, 0x0a]).expect_err("not GB18030");
    assert!(
        refused.message.contains("编码无法识别"),
        "{}",
        refused.message
    );
}

#[test]
fn media_types_pick_the_format() {
    assert_eq!(
        Format::from_media_type("text/csv; charset=utf-8"),
        Some(Format::Csv)
    );
    assert_eq!(
        Format::from_media_type(Format::XLSX_TYPE),
        Some(Format::Xlsx)
    );
    assert_eq!(Format::from_media_type("application/json"), None);
}

#[test]
fn a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_read() {
    // 2,000 different rows of 1,000 characters: 6 MB of strings, a little packed.
    let texts: Vec<String> = (0..2000)
        .map(|r| format!("{r}{}", "油".repeat(1000)))
        .collect();
    let cells: Vec<(u32, u16, &str)> = texts
        .iter()
        .enumerate()
        .map(|(r, t)| (r as u32, 0, t.as_str()))
        .collect();
    let bytes = xlsx(&cells);
    assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    let within = |unpacked_bytes| Limits {
        unpacked_bytes,
        ..Source::Upload.limits(10)
    };
    let refused =
        super::xlsx::check_unpacked_size(&bytes, within(1024 * 1024)).expect_err("too big");
    assert!(refused.message.contains("解压后超过 1 MB"), "{refused:?}");
    super::xlsx::check_unpacked_size(&bytes, within(16 * 1024 * 1024)).expect("within the limit");
    // A file on the server's disk is not sent to the command that reads it.
    let local = Limits {
        unpacked_bytes: 1024 * 1024,
        ..Source::LocalFile.limits(10)
    };
    let refused = super::xlsx::check_unpacked_size(&bytes, local).expect_err("too big");
    assert!(!refused.message.contains("hotline"), "{refused:?}");
    // A ZIP cut short, or a workbook missing its parts: said in Chinese, not in the reader's
    // English.
    for broken in [
        &bytes[..bytes.len() / 2],
        b"PK\x03\x04 not really".as_slice(),
    ] {
        let p = read(Format::Xlsx, broken, &ARTICLES, Source::Upload.limits(10))
            .expect_err("a broken workbook");
        assert!(
            p.message.contains("无法读取 XLSX") || p.message.contains("不是有效的 XLSX"),
            "{p:?}"
        );
        assert!(!p.message.is_ascii() && !p.message.contains("Zip"), "{p:?}");
    }
}

#[test]
fn a_dos_end_of_file_mark_ends_the_text_for_every_reader() {
    for bytes in [
        &b"a,b\n1,2\n\x1a"[..],
        b"a,b\r\n1,2\r\n\x1a\r\n",
        b"a,b\n1,2\x1a\x1a",
    ] {
        assert_eq!(
            super::decode_text(bytes).as_deref(),
            Some(if bytes.contains(&b'\r') {
                "a,b\r\n1,2"
            } else {
                "a,b\n1,2"
            }),
            "{bytes:?}"
        );
    }
    // Elsewhere it is a character of the text, and line breaks at the end stay.
    assert_eq!(super::decode_text(b"a\x1ab\n").as_deref(), Some("a\x1ab\n"));
}

#[test]
fn a_file_on_the_servers_disk_is_read_past_an_uploads_limits() {
    let mut csv = String::from("title,body,kind\n");
    for i in 0..11 {
        csv.push_str(&format!("问题{i},答复,办事指南\n"));
    }
    let refused = read(
        Format::Csv,
        csv.as_bytes(),
        &ARTICLES,
        Source::Upload.limits(10),
    )
    .expect_err("eleven rows uploaded");
    assert_eq!(refused.row, 12, "the first row over");
    assert!(
        refused.message.contains("一次最多导入 10 行")
            && refused.message.contains("hotline knowledge import"),
        "{}",
        refused.message
    );
    let (_, rows) = read(
        Format::Csv,
        csv.as_bytes(),
        &ARTICLES,
        Source::LocalFile.limits(10),
    )
    .unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(rows.len(), 11);
    let local = Source::LocalFile.limits(10);
    assert_eq!(
        (local.rows, local.unpacked_bytes),
        (LOCAL_MAX_ROWS, LOCAL_MAX_UNPACKED_BYTES)
    );

    // The unpacked size a workbook may reach is the limits', as the rows are.
    let cells: Vec<(u32, u16, &str)> = (0..40u32).map(|r| (r, 0, "油烟扰民")).collect();
    let book = xlsx(&cells);
    let small = Limits {
        unpacked_bytes: 1024,
        ..Source::Upload.limits(100)
    };
    let refused = read_xlsx(&book, small).expect_err("over 1 KiB unpacked");
    assert!(
        refused.message.contains("解压后超过"),
        "{}",
        refused.message
    );
    let rows = read_xlsx(&book, Source::Upload.limits(100)).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(rows.len(), 40);
}

#[test]
fn a_utf8_file_but_for_a_few_lines_is_read_with_those_lines_named() {
    let utf8 = "编号,正文\n1,小区门口的路灯坏了好几天，晚上走路看不见\n2,公交车太少\n";
    let mut bytes = utf8.as_bytes().to_vec();
    // A line saved as GBK, and a line with a stray byte.
    bytes.extend(b"3,");
    bytes.extend(encoding_rs::GBK.encode("公交车太少").0.iter());
    bytes.extend(b"\n4,");
    bytes.extend("路灯".as_bytes());
    bytes.extend([0xff, b'\n']);
    assert_eq!(super::decode_text(&bytes), None);
    let read = super::decode_mostly_utf8(&bytes).expect("mostly UTF-8");
    assert_eq!(
        read.text,
        format!("{utf8}3,公交车太少\n4,路灯\u{fffd}\n"),
        "{read:?}"
    );
    assert_eq!((read.gbk_lines, read.replaced_lines), (vec![4], vec![5]));
    // A short line of Big5 or Latin-1 is no GBK: its bytes are replaced, and said so.
    let mut bytes = utf8.as_bytes().to_vec();
    bytes.extend(b"3,");
    bytes.extend(encoding_rs::BIG5.encode("停水通知").0.iter());
    bytes.extend(b"\n4,Caf\xe9s\n");
    let read = super::decode_mostly_utf8(&bytes).expect("mostly UTF-8");
    assert!(read.text.ends_with("4,Caf\u{fffd}s\n"), "{read:?}");
    assert_eq!((read.gbk_lines, read.replaced_lines), (vec![], vec![4, 5]));
    // UTF-8 comes back as it is.
    let whole = super::decode_mostly_utf8(utf8.as_bytes()).expect("UTF-8");
    assert_eq!(whole.text, utf8);
    assert!(whole.gbk_lines.is_empty() && whole.replaced_lines.is_empty());
    // A file in another encoding altogether stays refused: Big5, or GBK with a stray byte.
    let text = "臺北停水通知,停水期間請儲水備用，恢復供水時間另行通知\n".repeat(5);
    assert!(super::decode_mostly_utf8(&encoding_rs::BIG5.encode(&text).0).is_none());
    let mut gbk = encoding_rs::GBK.encode(&text).0.into_owned();
    gbk.push(0xff);
    assert!(super::decode_mostly_utf8(&gbk).is_none());
}
