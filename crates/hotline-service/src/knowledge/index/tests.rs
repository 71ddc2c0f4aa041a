//! The index: words found, filters kept, the best first, snippets marked.
use chrono::{DateTime, Utc};

use hotline_domain::knowledge::NewArticle;

use super::*;

fn article(id: i64, title: &str, body: &str, category: &str) -> Article {
    let content = NewArticle {
        title: title.into(),
        body: body.into(),
        kind: ArticleKind::PolicyQa,
        category: Some(category.into()),
        owner_unit: None,
        valid_from: None,
        valid_to: None,
        keywords: vec![],
    };
    let mut a = Article::new(
        content,
        ArticleStatus::Published,
        DateTime::<Utc>::default(),
    );
    a.id = ArticleId(id);
    a
}

fn published() -> Filters {
    Filters {
        statuses: vec![ArticleStatus::Published],
        valid_on: NaiveDate::from_ymd_opt(2026, 3, 2),
        ..Filters::default()
    }
}

fn ids(index: &ArticleIndex, q: &str, filters: &Filters) -> Vec<i64> {
    let words = tokenizer::words(q);
    let hits = index.search(&words, filters, None, 10);
    hits.unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .map(|h| h.article.id.0)
        .collect()
}

fn sample() -> ArticleIndex {
    ArticleIndex::build(vec![
        article(
            1,
            "路灯不亮怎么报修",
            "夜间路灯损坏，可拨打热线登记报修。",
            "010201",
        ),
        article(
            2,
            "公积金提取须知",
            "提取住房公积金需准备身份证和购房合同，路灯与此无关。",
            "0801",
        ),
        article(3, "垃圾清运时间", "小区生活垃圾每日清运两次。", "020201"),
    ])
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_long_pasted_account_keeps_its_telling_word_however_late_it_comes() {
    let index = sample();
    let account = "我家住在城中区幸福小区三号楼，昨天晚上十点左右下班回家的时候发现小区门口那条\
                   马路上黑漆漆的，走路很不方便，差点摔倒，孩子放学回来也害怕，邻居们也都说晚上\
                   出门要带手电筒，物业说不归他们管，街道说要等上面安排，已经等了一个多星期，\
                   希望有关部门尽快处理一下那里的路灯";
    assert!(tokenizer::words(account).len() > MAX_QUERY_WORDS);
    assert_eq!(ids(&index, account, &published()).first(), Some(&1));
}

#[test]
fn a_single_character_finds_the_words_that_hold_it() {
    let index = sample();
    // Article 2 has 灯 only at the end of its 路灯 (路灯|与此: no pair straddles two words);
    // article 1 has 路灯 in its title, so it comes first.
    assert_eq!(ids(&index, "灯", &published()), vec![1, 2]);
    assert_eq!(ids(&index, "垃", &published()), vec![3]);
    assert!(ids(&index, "鲸", &published()).is_empty());
}

#[test]
fn a_single_character_finds_the_words_that_end_with_it() {
    let index = ArticleIndex::build(vec![
        article(
            1,
            "社保卡丢失怎么补办",
            "携带身份证到社保服务大厅补办。",
            "0801",
        ),
        article(2, "公交卡充值网点", "可在地铁站和便利店充值。", "0501"),
        article(3, "垃圾清运时间", "小区生活垃圾每日清运两次。", "020201"),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    let mut found = ids(&index, "卡", &published());
    found.sort_unstable();
    assert_eq!(found, vec![1, 2]);
    let mut found = ids(&index, "证", &published());
    found.sort_unstable();
    assert_eq!(found, vec![1]);
}

#[test]
fn a_single_character_finds_a_title_before_words_common_in_bodies() {
    // Seventeen words with 防 in two bodies each: more, and more frequent, than the expansion
    // takes; 防火 is in one title only.
    let common = "防止、防范、防护、防水、防盗、防滑、防晒、防腐、防震、预防、消防、边防、国防、\
                  海防、人防、防线、防守";
    let mut articles = vec![article(1, "森林防火须知", "山林禁止野外用火。", "0101")];
    for id in 2..=3 {
        articles.push(article(
            id,
            "居民安全提示",
            &format!("请注意{common}。"),
            "0101",
        ));
    }
    let index = ArticleIndex::build(articles).unwrap_or_else(|e| panic!("{e}"));
    let words = tokenizer::words("防");
    let hits = index
        .search(&words, &published(), None, 10)
        .unwrap_or_else(|e| panic!("{e}"));
    let forest = hits
        .iter()
        .find(|h| h.article.id.0 == 1)
        .expect("森林防火须知");
    // The character typed is what is marked, not the word that found the title.
    assert_eq!(forest.title.ranges, vec![(2, 3)]);
    let safety = hits.iter().find(|h| h.article.id.0 == 2).expect("安全提示");
    assert!(safety.title.ranges.is_empty());
    assert!(
        safety
            .snippet
            .ranges
            .iter()
            .all(|&(s, e)| e == s + 1 && safety.snippet.text.chars().nth(s) == Some('防')),
        "{:?}",
        safety.snippet
    );
}

#[test]
fn second_is_takes_the_terms_whose_second_character_is_the_one_sought() {
    use tantivy_fst::Automaton;
    let takes = |term: &str| {
        let sought = SecondIs("卡".as_bytes());
        let mut step = sought.start();
        for b in term.bytes() {
            if !sought.can_match(&step) {
                return false;
            }
            step = sought.accept(&step, b);
        }
        sought.is_match(&step)
    };
    for term in ["保卡", "刷卡机", "a卡", "𠀋卡", "卡卡"] {
        assert!(takes(term), "{term}");
    }
    for term in ["卡", "卡片", "社保卡", "保", "保下", ""] {
        assert!(!takes(term), "{term}");
    }
}

#[test]
fn a_word_in_the_title_outranks_the_same_word_in_a_body() {
    let index = sample();
    assert_eq!(ids(&index, "路灯", &published()), vec![1, 2]);
    assert_eq!(ids(&index, "公积金", &published()), vec![2]);
    assert!(ids(&index, "，。？！", &published()).is_empty());
}

#[test]
fn single_characters_do_not_pick_the_articles_when_words_are_there() {
    let index = ArticleIndex::build(vec![
        article(
            1,
            "窨井盖缺失怎么办",
            "道路上的井盖丢失或破损，可拨打热线报修。",
            "010102",
        ),
        article(
            2,
            "电梯困人",
            "电梯困人时请保持冷静，拨打电梯内的救援电话。",
            "0701",
        ),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    let words = index
        .draft_words(tokenizer::words("井盖丢了，路过的人差点踩空"))
        .unwrap_or_else(|e| panic!("{e}"))
        .words;
    assert!(words.iter().all(|w| w.chars().count() > 1), "{words:?}");
    let hits = index
        .search(&words, &published(), None, 10)
        .unwrap_or_else(|e| panic!("{e}"));
    let found: Vec<i64> = hits.iter().map(|h| h.article.id.0).collect();
    assert_eq!(found, vec![1]);
    // With nothing longer to go on, a single character still finds something.
    let alone = index
        .draft_words(tokenizer::words("人"))
        .unwrap_or_else(|e| panic!("{e}"))
        .words;
    assert_eq!(alone, vec!["人".to_string()]);
}

#[test]
fn a_draft_sharing_only_common_words_with_an_article_does_not_find_it() {
    let guide = |id, title: &str, body: &str| article(id, title, body, "0101");
    let index = ArticleIndex::build(vec![
        guide(1, "路灯报修办理指南", "路灯损坏的，可登记报修。"),
        guide(2, "公积金提取办理指南", "提取公积金的材料。"),
        guide(3, "居住证办理指南", "居住证的材料和时限。"),
        guide(4, "犬只登记办理指南", "养犬登记的材料。"),
        guide(5, "低保申请办理指南", "低保申请的条件。"),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    let draft = |text: &str| {
        index
            .draft_words(tokenizer::words(text))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    // 办理 is in every article: it scores, but finds nothing by itself.
    let lamp = draft("路灯坏了去哪里办理");
    assert!(lamp.words.contains(&"办理".to_string()), "{lamp:?}");
    assert_eq!(lamp.uncommon, vec!["路灯".to_string()]);
    let filters = Filters {
        any_of: lamp.uncommon.clone(),
        ..published()
    };
    let hits = index
        .search(&lamp.words, &filters, None, 10)
        .unwrap_or_else(|e| panic!("{e}"));
    let found: Vec<i64> = hits.iter().map(|h| h.article.id.0).collect();
    assert_eq!(found, vec![1]);
    assert!(draft("这个怎么办理").uncommon.is_empty());
}

#[test]
fn a_word_every_body_asks_for_still_finds_the_article_named_by_it() {
    // Every guide asks for 营业执照; one is about it.
    let mut articles: Vec<Article> = (1..=12)
        .map(|id| {
            let title = format!("第{id}类经营许可办理指南");
            article(id, &title, "需提供营业执照副本和申请表。", "0801")
        })
        .collect();
    articles.push(article(
        13,
        "营业执照遗失补领",
        "遗失的，登报声明后到窗口补领。",
        "0801",
    ));
    let index = ArticleIndex::build(articles).unwrap_or_else(|e| panic!("{e}"));
    let draft = index
        .draft_words(tokenizer::words("营业执照丢了怎么补办"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        draft.uncommon.contains(&"营业执照".to_string()),
        "{draft:?}"
    );
    let hits = index
        .recommend(&draft, &published(), None, 5)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(hits.first().map(|h| h.article.id.0), Some(13));
}

#[test]
fn words_that_name_no_matter_find_nothing_alone_in_a_small_base() {
    let index = ArticleIndex::build(vec![
        article(
            1,
            "燃气使用安全须知",
            "燃气泄漏十分危险，居民应关闭阀门。",
            "0101",
        ),
        article(2, "楼道堆物清理", "楼道堆放杂物的，由物业清理。", "0101"),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    let draft = |text: &str| {
        index
            .draft_words(tokenizer::words(text))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    // 危险 and 居民 are in one article of two, yet say nothing of what the matter is.
    assert!(draft("这里很危险，居民很担心").uncommon.is_empty());
    let stairs = draft("楼道里堆了很多杂物，很危险");
    assert!(stairs.uncommon.contains(&"楼道".to_string()), "{stairs:?}");
    assert!(!stairs.uncommon.contains(&"危险".to_string()), "{stairs:?}");
}

#[test]
fn a_category_filter_covers_the_categories_below_it() {
    let index = sample();
    let f = Filters {
        category: Some("01".into()),
        ..published()
    };
    assert_eq!(ids(&index, "路灯", &f), vec![1]);
}

#[test]
fn retired_and_expired_articles_drop_out_and_old_versions_are_ignored() {
    let index = sample();
    let mut retired = article(1, "路灯不亮怎么报修", "夜间路灯损坏。", "010201");
    retired.version = 2;
    retired.status = ArticleStatus::Retired;
    let mut expired = article(2, "公积金提取须知", "提取住房公积金。", "0801");
    expired.version = 2;
    expired.valid_to = NaiveDate::from_ymd_opt(2026, 3, 1);
    index
        .upsert(vec![retired, expired])
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(ids(&index, "路灯 公积金", &published()).is_empty());
    // Version 1 arriving late does not bring the article back.
    let late = article(1, "路灯不亮怎么报修", "夜间路灯损坏。", "010201");
    index.upsert(vec![late]).unwrap_or_else(|e| panic!("{e}"));
    assert!(ids(&index, "路灯", &published()).is_empty());
    assert_eq!(index.get(ArticleId(1)).map(|a| a.version), Some(2));
}

#[test]
fn hits_mark_the_matched_words() {
    let index = sample();
    let words = tokenizer::words("报修");
    let hits = index.search(&words, &published(), None, 1);
    let hit = hits.unwrap_or_else(|e| panic!("{e}")).remove(0);
    let marked = |h: &Highlighted| -> Vec<String> {
        h.ranges
            .iter()
            .map(|(s, e)| h.text.chars().skip(*s).take(e - s).collect())
            .collect()
    };
    assert_eq!(marked(&hit.title), vec!["报修"]);
    assert_eq!(marked(&hit.snippet), vec!["报修"]);
}

#[test]
fn a_callers_word_finds_the_articles_word_of_the_same_meaning() {
    let index = ArticleIndex::build(vec![
        article(
            1,
            "燃气灶无法点火的处理",
            "燃气灶打不着火时，先检查燃气阀门是否打开，再联系燃气公司报修。",
            "0401",
        ),
        article(
            2,
            "冬季供暖时间",
            "本市供暖期为每年11月15日至次年3月15日，室温不达标可向供热单位反映。",
            "0402",
        ),
        article(
            3,
            "社会保障卡补办",
            "社会保障卡遗失后，可到社保经办机构补办。",
            "0801",
        ),
        article(
            4,
            "煤气罐安全使用",
            "使用煤气罐要保持通风，发现异味立即关阀。",
            "0401",
        ),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    // 煤气 finds both gas articles, the one that says 煤气 itself first.
    assert_eq!(ids(&index, "煤气打不着火", &published()), vec![1, 4]);
    assert_eq!(ids(&index, "煤气", &published()), vec![4, 1]);
    assert_eq!(ids(&index, "暖气不热", &published()), vec![2]);
    assert_eq!(ids(&index, "社保卡丢了", &published()).first(), Some(&3));
    // The title is marked where the article has its own word for what was asked.
    let words = tokenizer::words("煤气");
    let hits = index.search(&words, &published(), None, 10).unwrap();
    let gas = hits.iter().find(|h| h.article.id.0 == 1).unwrap();
    assert!(gas.title.ranges.contains(&(0, 2)), "{:?}", gas.title.ranges);
}

#[test]
fn articles_are_filtered_by_owning_unit_and_browsed_without_words() {
    let mut lamp = article(
        1,
        "路灯不亮怎么报修",
        "夜间路灯损坏，可拨打热线。",
        "010201",
    );
    lamp.owner_unit = Some(UnitId(7));
    lamp.use_count = 2;
    let mut road = article(2, "路面坑洼怎么报修", "道路坑洼影响通行。", "010101");
    road.owner_unit = Some(UnitId(7));
    road.use_count = 9;
    let mut school = article(3, "入学报名材料", "户口簿和居住证明。", "0701");
    school.owner_unit = Some(UnitId(8));
    let mut retired = article(4, "旧的路灯报修办法", "已废止。", "010201");
    retired.owner_unit = Some(UnitId(7));
    retired.status = ArticleStatus::Retired;
    let index =
        ArticleIndex::build(vec![lamp, road, school, retired]).unwrap_or_else(|e| panic!("{e}"));
    let of = |unit| Filters {
        owner_unit: Some(UnitId(unit)),
        ..published()
    };
    // A search keeps to the unit's articles, and so does its count.
    let mut found = ids(&index, "报修", &of(7));
    found.sort_unstable();
    assert_eq!(found, vec![1, 2]);
    assert!(ids(&index, "报修", &of(8)).is_empty());
    let (_, total) = index
        .search_page(&tokenizer::words("报修"), &of(7), None, 0, 10)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(total, 2);

    // Browsing: the most used first, pages, the filters kept (not the retired one).
    let browse = |filters: &Filters, offset, limit| {
        let (hits, total) = index.browse(filters, offset, limit);
        let ids: Vec<i64> = hits.iter().map(|h| h.article.id.0).collect();
        (ids, total)
    };
    assert_eq!(browse(&of(7), 0, 10), (vec![2, 1], 2));
    assert_eq!(browse(&of(7), 1, 1), (vec![1], 2));
    let roads = Filters {
        category: Some("01".into()),
        ..published()
    };
    assert_eq!(browse(&roads, 0, 10), (vec![2, 1], 2));
    // The units owning what may be browsed: the retired article counts for none.
    assert_eq!(
        index.owners(&published()),
        vec![(UnitId(7), 2), (UnitId(8), 1)]
    );
    let (hits, _) = index.browse(&of(8), 0, 10);
    assert_eq!(hits[0].snippet.text, "户口簿和居住证明。");
    assert!(hits[0].title.ranges.is_empty());
}

/// The article ids a draft is recommended, as `App::recommend_for_matter` asks.
fn recommended(index: &ArticleIndex, text: &str) -> Vec<i64> {
    let draft = index
        .draft_words(tokenizer::words(text))
        .unwrap_or_else(|e| panic!("{e}"));
    index
        .recommend(&draft, &published(), None, 5)
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .map(|h| h.article.id.0)
        .collect()
}

#[test]
fn a_generic_word_in_a_title_does_not_outweigh_the_matter() {
    let index = ArticleIndex::build(vec![
        article(
            1,
            "工作人员态度问题向哪里反映",
            "工作人员服务态度差的，可以向其所在单位反映。",
            "1503",
        ),
        article(
            2,
            "表扬个人来电答复口径",
            "来电表扬的，记录后转告。",
            "1802",
        ),
        article(3, "路灯报修", "路灯损坏的，登记报修。", "0102"),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    let draft = index
        .draft_words(tokenizer::words("想表扬一下社区工作人员"))
        .unwrap_or_else(|e| panic!("{e}"));
    // 工作人员 and the pairs inside it score lightly and find nothing alone.
    assert!(draft.generic.contains(&"工作人员".to_string()), "{draft:?}");
    assert!(
        draft
            .uncommon
            .iter()
            .all(|w| !"工作人员".contains(w.as_str())),
        "{draft:?}"
    );
    assert_eq!(
        recommended(&index, "想表扬一下社区工作人员").first(),
        Some(&2)
    );
    // Both pass the filter on 电梯; 小区 counts for little, so 维修 decides (at full weight
    // the 小区 of the retrofit guide, twice in its body, would put it first).
    let index = ArticleIndex::build(vec![
        article(1, "小区电梯加装", "老旧小区、小区加装电梯的办理。", "1105"),
        article(2, "电梯维修保养", "电梯维修的办理。", "0804"),
        article(3, "路灯报修", "路灯损坏的，登记报修。", "0102"),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(recommended(&index, "小区的电梯要维修").first(), Some(&2));
    // Between two articles on the matter, the generic word still tells.
    let index = ArticleIndex::build(vec![
        article(1, "工作人员态度", "窗口工作人员态度差的投诉。", "1503"),
        article(2, "服务态度", "商家服务态度差的投诉。", "0801"),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(recommended(&index, "工作人员态度很差").first(), Some(&1));
}

#[test]
fn wording_articles_share_in_their_bodies_recommends_none_of_them() {
    // One reply in twenty ends with the same sentence; none is about 哪个 or 渠道. Too few
    // hold it to make it common, enough to show it is nobody's matter.
    let mut articles: Vec<Article> = (1..=200)
        .map(|id| {
            let title = format!("第{id}类事项答复口径");
            let ending = if id % 20 == 0 {
                "不属于受理范围的，告知应当向哪个渠道反映。"
            } else {
                ""
            };
            let body = format!("第{id}类事项由主管部门办理。{ending}");
            article(id, &title, &body, "0101")
        })
        .collect();
    articles.push(article(
        201,
        "出版物市场",
        "销售盗版图书的，由文化市场综合执法机构查处。",
        "1601",
    ));
    let index = ArticleIndex::build(articles).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        recommended(&index, "我家房子划到哪个小学，哪个渠道能查"),
        Vec::<i64>::new()
    );
    // A word one body holds, however it is worded elsewhere, still finds the article.
    assert_eq!(recommended(&index, "小书店卖盗版教辅书"), vec![201]);
}

#[test]
fn a_negation_finds_nothing_alone() {
    let index = ArticleIndex::build(vec![
        article(1, "不动产登记", "不动产转移登记的材料。", "1702"),
        article(2, "流动摊贩", "流动摊贩占道的，由城管处理。", "0201"),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(recommended(&index, "堵得走不动"), Vec::<i64>::new());
    assert_eq!(recommended(&index, "推小车的流动摊贩堵得走不动"), vec![2]);
}

#[test]
fn a_callers_wording_finds_the_articles_through_the_shipped_synonyms() {
    let index = ArticleIndex::build(vec![
        article(
            1,
            "燃气泄漏答复口径",
            "闻到燃气泄漏的，立即开窗、关阀。",
            "1203",
        ),
        article(
            2,
            "路面破损塌陷",
            "路面破损塌陷的，由市政部门修复。",
            "0101",
        ),
        article(3, "预防接种", "预防接种实行预约。", "0603"),
        article(
            4,
            "电信网络诈骗",
            "遭遇电信网络诈骗的，请立即报警。",
            "0906",
        ),
        article(5, "停水答复口径", "计划停水会提前通知。", "1201"),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    for (text, want) in [
        ("楼道里有很大的煤气味", 1),
        ("门口马路上有个大坑，差点摔了", 2),
        ("孩子该打预防针了", 3),
        ("接到一个电话被骗了两万块钱", 4),
    ] {
        assert_eq!(recommended(&index, text).first(), Some(&want), "{text}");
    }
}

#[test]
fn a_gas_leak_as_callers_say_it_finds_the_leak_answer_before_other_gas_guides() {
    let index = ArticleIndex::build(vec![
        article(
            1,
            "燃气开户收费办理指南",
            "新装天然气开户需携带房产证明到燃气公司营业厅办理，燃气收费按阶梯计价。",
            "1203",
        ),
        article(
            2,
            "燃气泄漏类标准答复",
            "发现燃气泄漏，请立即关闭燃气阀门，开窗通风，不要开关电器，到室外拨打燃气公司抢修电话。",
            "1203",
        ),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    for text in [
        "家里燃气泄露了怎么办",
        "闻到很大的煤气味",
        "厨房漏气了",
        "天然气味很重",
    ] {
        assert_eq!(recommended(&index, text).first(), Some(&2), "{text}");
    }
    // The other guides are still found by what they are about.
    assert_eq!(recommended(&index, "天然气开户要带什么").first(), Some(&1));
}

#[test]
fn a_long_bodys_snippet_is_looked_for_around_the_first_query_word() {
    let filler = "各项工作按规定流程办理。".repeat(1000);
    let body = format!("{filler}办理居住证需要携带身份证原件{filler}");
    let window = snippet_window(&body, &["护照".to_string(), "居住证".to_string()]);
    assert!(window.len() <= SNIPPET_WINDOW_BYTES, "{}", window.len());
    assert!(window.contains("办理居住证需要携带身份证原件"));
    // A common word at the opening does not pin it there: the stretch with more of the words
    // does. Traditional script is found as searched.
    let body = format!("办理须知。{filler}辦理居住證需要攜帶身份證原件{filler}");
    let words = [
        "办理".to_string(),
        "居住证".to_string(),
        "身份证".to_string(),
    ];
    assert!(snippet_window(&body, &words).contains("辦理居住證需要攜帶身份證原件"));
    // No query word in it: its opening. A short body is read whole.
    assert!(body.starts_with(snippet_window(&body, &["护照".to_string()])));
    assert_eq!(snippet_window("居住证办理", &[]), "居住证办理");
}

#[test]
fn a_use_count_read_before_a_newer_one_does_not_lower_it() {
    let index = sample();
    let mut counted = Article::clone(&index.get(ArticleId(1)).expect("article 1"));
    counted.use_count = 5;
    index.upsert(vec![counted.clone()]).expect("the count");
    // A catch-up's read from before those uses, at the same version and at an edit's.
    let mut stale = counted.clone();
    stale.use_count = 3;
    index.upsert(vec![stale.clone()]).expect("a stale count");
    assert_eq!(index.get(ArticleId(1)).map(|a| a.use_count), Some(5));
    stale.version += 1;
    stale.title = "路灯不亮如何报修".into();
    index.upsert(vec![stale]).expect("an edit");
    let edited = index.get(ArticleId(1)).expect("article 1");
    assert_eq!(
        (edited.use_count, edited.title.as_str()),
        (5, "路灯不亮如何报修")
    );
}
