//! `hotline knowledge import|export`: a knowledge base moved in from a spreadsheet on the
//! server's disk, exported whole or in part, and read back; a bad file names each row and writes
//! nothing; a bad filter or output is refused before anything is written.
use crate::support::Sandbox;

const ARTICLES: &str = "标题,正文,类型,状态,关键词\n\
    医保卡丢失怎么补办,携带身份证到医保经办窗口补办。,办事指南,已发布,医保;补办\n\
    夜市摊位申请,向所在街道提出申请。,办事指南,草稿,\n\
    噪声扰民的标准答复,已转交属地街道核查处理。,标准答复,已发布,噪声\n";

#[tokio::test]
async fn a_knowledge_base_is_imported_exported_in_part_and_read_back() {
    let sandbox = Sandbox::sqlite();
    sandbox.run_db(&["migrate"]).succeeded();
    let file = sandbox.path().join("articles.csv");
    std::fs::write(&file, ARTICLES).expect("writing the file");
    let path = file.to_str().expect("a UTF-8 path");
    sandbox
        .run_db(&["knowledge", "import", path])
        .succeeded()
        .prints(&["created 3", "updated 0"]);
    let store = sandbox.store().await;
    let stored = store.all_articles().await.expect("articles");
    let titles: Vec<&str> = stored.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        ["医保卡丢失怎么补办", "夜市摊位申请", "噪声扰民的标准答复"]
    );
    assert_eq!(stored[0].keywords, ["医保", "补办"]);

    // The published service guides, as Excel: one article.
    let part = sandbox.path().join("out/guides.xlsx");
    let part_path = part.to_str().expect("a UTF-8 path");
    sandbox
        .run_db(&[
            "knowledge",
            "export",
            part_path,
            "--status",
            "已发布",
            "--kind",
            "service_guide",
        ])
        .succeeded()
        .prints(&["exported 1 article to"]);
    sandbox
        .run_db(&["knowledge", "import", part_path])
        .succeeded()
        .prints(&["created 0", "updated 0", "unchanged 1"]);

    // Everything, edited in the spreadsheet: the row changes its own article.
    let all = sandbox.path().join("all.csv");
    let all_path = all.to_str().expect("a UTF-8 path");
    sandbox
        .run_db(&["knowledge", "export", all_path])
        .succeeded()
        .prints(&["exported 3 articles"]);
    let edited = std::fs::read_to_string(&all)
        .expect("the export")
        .replace("向所在街道提出申请。", "向所在街道办事处提出书面申请。");
    std::fs::write(&all, edited).expect("writing the file");
    sandbox
        .run_db(&["knowledge", "import", all_path])
        .succeeded()
        .prints(&["created 0", "updated 1", "unchanged 2"]);
    let stored = store.all_articles().await.expect("articles");
    assert_eq!(stored[1].body, "向所在街道办事处提出书面申请。");
    assert_eq!(stored[1].version, 2);
}

#[tokio::test]
async fn a_bad_knowledge_file_or_filter_writes_nothing() {
    let sandbox = Sandbox::sqlite();
    sandbox.run_db(&["migrate"]).succeeded();
    let file = sandbox.path().join("bad.csv");
    let bad = ARTICLES
        .replace("夜市摊位申请,", ",")
        .replace("标准答复,已发布", "标准答复,已作废");
    std::fs::write(&file, bad).expect("writing the file");
    let path = file.to_str().expect("a UTF-8 path");
    sandbox
        .run_db(&["knowledge", "import", path])
        .failed()
        .says(&["bad.csv:3 title", "bad.csv:4 status", "nothing was written"]);
    {
        let store = sandbox.store().await;
        assert!(store.all_articles().await.expect("articles").is_empty());
    }

    let out = sandbox.path().join("out.csv");
    let out_path = out.to_str().expect("a UTF-8 path");
    // A blank filter is no filter, as on the web; one with spaces around is read without them.
    sandbox
        .run_db(&[
            "knowledge",
            "export",
            out_path,
            "--unit",
            "",
            "--status",
            " published ",
        ])
        .succeeded()
        .prints(&["exported 0 articles"]);
    std::fs::remove_file(&out).expect("removing the export");
    for (option, value, said) in [
        ("--status", "作废", "not a known status"),
        ("--kind", "小说", "not a known kind"),
        ("--unit", "0633-01", "no unit has the code 0633-01"),
        ("--category", "9999", "unknown category"),
    ] {
        sandbox
            .run_db(&["knowledge", "export", out_path, option, value])
            .failed()
            .says(&[said]);
        assert!(!out.exists(), "{option} {value}: nothing written");
    }
    // Never over the database, whatever its name.
    let db = sandbox.path().join("hotline.db");
    let renamed = sandbox.path().join("hotline.csv");
    std::fs::rename(&db, &renamed).expect("renaming the database");
    let url = format!("sqlite://{}", renamed.display());
    let renamed_path = renamed.to_str().expect("a UTF-8 path");
    sandbox
        .run(&["knowledge", "export", renamed_path, "--database-url", &url])
        .failed()
        .says(&["is also an input"]);
    // Still the database: its bytes may move from the WAL into it meanwhile (the store this
    // test opened above checkpoints as it closes), but no export wrote over it.
    let after = std::fs::read(&renamed).expect("the database");
    assert!(
        after.starts_with(b"SQLite format 3\0"),
        "the database was overwritten"
    );
    // A database that is not there is a mistyped path, not a new centre.
    sandbox
        .run(&[
            "knowledge",
            "import",
            path,
            "--database-url",
            "sqlite://nowhere/hotline.db",
        ])
        .failed()
        .says(&["does not exist"]);
}
