//! The demo's knowledge base: one published article for every leaf category, in turn a policy
//! Q&A, a service guide and a standard reply, written from the project's own templates and
//! naming the unit the responsibility list gives the category. Also the synthetic articles of
//! `hotline bench knowledge`, which add a ticket text to each for a wider vocabulary.
use chrono::{Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;

use hotline_domain::category::Category;
use hotline_domain::knowledge::{Article, ArticleKind, ArticleStatus, NewArticle};
use hotline_domain::org::UnitId;

use crate::{App, Reference, ServiceResult};

/// A tip for callers in each top-level category (by its two-digit code).
fn family_tip(top: &str) -> &'static str {
    match top {
        "01" => "遇到路面塌陷、井盖缺失等危及通行安全的情形，请先远离危险区域，再尽快来电说明准确位置。",
        "02" => "市容和环境卫生问题以现场核查为准，夜间反映的一般在次日工作时间安排处理。",
        "03" => "噪声、油烟等问题与时段密切相关，请尽量说明通常发生在哪个时间段，便于执法人员按时核查。",
        "04" => "公交线路和站点调整以交通运输部门发布的公告为准，也可关注官方公众号查看最新信息。",
        "05" => "反映欠薪的，请准备劳动合同、考勤记录、工资条等能够证明劳动关系和工资数额的材料。",
        "06" => "医保报销比例和药品目录以当年医保政策为准，具体可咨询参保地医保经办机构。",
        "07" => "入学、转学等政策每年可能调整，请以教育部门当年发布的招生公告为准。",
        "08" => "消费纠纷请保留购物凭证、发票和聊天记录，维权时作为证据提供。",
        "09" => "发现正在发生的违法犯罪或安全事故，请立即拨打110，不要等待热线转办。",
        "10" => "申请社会救助需如实申报家庭收入和财产，民政部门将入户调查核实。",
        "11" => "物业服务纠纷可先与物业服务企业协商，协商不成的可请社区居委会组织协调。",
        "12" => "计划停水停电停气会提前在小区张贴通知，突发故障可直接拨打供水、供电、燃气企业的抢修电话。",
        "13" => "涉及土地承包的，请携带承包合同或经营权证书到乡镇农村经营管理部门咨询。",
        "14" => "旅游消费投诉请保留旅游合同、行程单和付款凭证。",
        "15" => "多数政务服务事项可在政务服务网“一网通办”，能网上办的尽量不必跑腿。",
        "16" => "公共文化体育场馆在节假日的开放时间可能调整，请以场馆公告为准。",
        "17" => "不动产登记可提前预约，预约后按时到场能减少排队等候。",
        _ => "不属于热线受理范围的事项，受理员会告知您应当向哪个渠道反映。",
    }
}

/// What a service guide asks people to bring, by top-level category.
fn material(top: &str) -> &'static str {
    match top {
        "05" => "劳动合同或工作证明、社会保障卡",
        "06" => "医保电子凭证或社会保障卡、就诊票据",
        "07" => "户口簿、居住证明、学生学籍信息",
        "08" => "营业执照副本、相关经营许可证件",
        "10" => "户口簿、家庭收入和财产情况说明",
        "11" | "17" => "不动产权证书或购房合同",
        "13" => "土地承包经营权证书或承包合同",
        _ => "能够说明所办事项的书面材料、现场照片",
    }
}

/// Working days a tier gives, for the text of a guide.
fn days(tier: &str) -> u32 {
    tier.trim_start_matches(['D', 'T'])
        .trim_end_matches('H')
        .parse()
        .unwrap_or(5)
        .max(1)
}

/// The unit the responsibility list names first for a category anywhere in the city.
fn owner(r: &Reference, code: &str) -> Option<UnitId> {
    r.responsibility
        .lookup(code, &[])
        .into_iter()
        .find_map(|h| h.rule.units.first().copied())
}

/// The article for one leaf category; `i` picks its kind.
fn leaf_article(r: &Reference, leaf: &Category, i: usize) -> NewArticle {
    let name = |code: Option<&str>| r.category_name(code).unwrap_or_else(|| "其他事项".into());
    let parent = name(leaf.parent.as_deref());
    let top = name(leaf.code.get(..2));
    let unit_id = owner(r, &leaf.code);
    let unit = unit_id.map_or("相关职能部门".to_string(), |u| r.unit_name(u));
    let leaf_name = &leaf.name;
    let tip = family_tip(&leaf.code[..2]);
    let (kind, title, body) = match i % 3 {
        0 => (
            ArticleKind::PolicyQa,
            format!("{leaf_name}问题向哪里反映、多久有结果？"),
            format!(
                "问：遇到{leaf_name}方面的问题，应当向哪里反映？\n答：{leaf_name}属于{parent}{matter}，由{unit}负责办理。\
                 您可以拨打12345热线或通过网上民声反映，请说明具体时间、地点和现场情况，有照片的可一并提供。\
                 热线受理后在{d}个工作日的时限内转交承办单位办理，办理结果将通过电话或短信告知您。\n{tip}",
                d = days(&leaf.tier),
                // "信访事项" is a matter already: not "信访事项事项".
                matter = if parent.ends_with("事项") { "" } else { "事项" },
            ),
        ),
        1 => (
            ArticleKind::ServiceGuide,
            format!("{parent}：{leaf_name}办理指南"),
            format!(
                "一、适用情形：需要办理或咨询{leaf_name}相关事项的个人和单位。\n二、办理部门：{unit}。\n\
                 三、所需材料：本人有效身份证件原件；{m}。\n四、办理方式：到政务服务中心{top}综合窗口现场办理，\
                 或通过政务服务网在线申请。\n五、办理时限：材料齐全的，一般在{d}个工作日内办结。\n六、温馨提示：{tip}",
                m = material(&leaf.code[..2]),
                d = days(&leaf.tier)
            ),
        ),
        _ => (
            ArticleKind::StandardReply,
            format!("{leaf_name}类来电标准答复口径"),
            format!(
                "来电反映{leaf_name}的，受理员可按以下口径答复：您反映的{leaf_name}问题属于{top}领域，由{unit}依职责处理。\
                 我们已记录您反映的时间、地点和具体情况，将按规定时限转交办理，请保持电话畅通，承办单位可能与您联系核实。\
                 {tip}如情况紧急、涉及人身安全，请立即拨打110、119或120。"
            ),
        ),
    };
    NewArticle {
        title,
        body,
        kind,
        category: Some(leaf.code.clone()),
        owner_unit: unit_id,
        valid_from: None,
        valid_to: None,
        keywords: vec![leaf_name.clone(), parent],
    }
}

fn leaves(r: &Reference) -> Vec<&Category> {
    let mut leaves: Vec<&Category> = r
        .categories
        .values()
        .filter(|c| c.active && c.level == 3)
        .collect();
    leaves.sort_by(|a, b| a.code.cmp(&b.code));
    leaves
}

/// One article per active leaf category; every tenth has a validity window around `today`
/// (a yearly policy).
pub fn demo_articles(r: &Reference, today: NaiveDate) -> Vec<NewArticle> {
    leaves(r)
        .into_iter()
        .enumerate()
        .map(|(i, leaf)| {
            let mut a = leaf_article(r, leaf, i);
            if i % 10 == 9 {
                a.valid_from = Some(today - Duration::days(60));
                a.valid_to = Some(today + Duration::days(300));
            }
            a
        })
        .collect()
}

/// `n` articles for the benchmark: the demo articles in turn, each with a ticket text of its
/// category at a place of the demo city added, so no two read alike, and numbered.
pub fn synthetic_articles(r: &Reference, n: usize, seed: u64) -> Vec<NewArticle> {
    let mut rng = StdRng::seed_from_u64(seed);
    let base = demo_articles(r, NaiveDate::default());
    let city = super::city::demo_city();
    let places: Vec<&str> = city.places.iter().map(|p| p.name.as_str()).collect();
    (0..n)
        .filter_map(|i| {
            let mut a = base.get(i % base.len().max(1))?.clone();
            let code = a.category.clone().unwrap_or_default();
            let cat_name = a.keywords.first().cloned().unwrap_or_default();
            let place = places.choose(&mut rng).copied().unwrap_or("示例区");
            let road = city
                .roads
                .choose(&mut rng)
                .map_or("人民路", |(_, road)| road.as_str());
            let t = super::texts::ticket_text(&code, &cat_name, place, road, &mut rng);
            // Numbered: a unit has one article in use under a title, and subjects repeat.
            a.title = format!("{}（{}）第 {} 例", a.title, t.subject, i + 1);
            a.body = format!("{}\n案例：{}。处理要点：{}。", a.body, t.event, t.demand);
            a.valid_from = None;
            a.valid_to = None;
            Some(a)
        })
        .collect()
}

/// Publish the demo articles (only when the knowledge base is empty); how many were added.
pub(crate) async fn seed(app: &App) -> ServiceResult<usize> {
    if !app.store.all_articles().await?.is_empty() {
        return Ok(0);
    }
    let r = app.reference();
    let now = app.now();
    let mut articles = Vec::new();
    for new in demo_articles(&r, app.today()) {
        let content = app.check_article(&r, new)?;
        articles.push(Article::new(content, ArticleStatus::Published, now));
    }
    let stored = app.store.insert_articles(articles).await?;
    let n = stored.len();
    app.index_articles(stored).await;
    Ok(n)
}
