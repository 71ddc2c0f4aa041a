//! Matters elsewhere (`[elsewhere]`): the places that count, the names that do not, and the
//! section's checks.
use super::*;

/// The place elsewhere a text is found to be about (`Elsewhere`), for a city known by `home`.
fn elsewhere_in(text: &str, home: &[&str]) -> Option<String> {
    let home: Vec<String> = home.iter().map(|h| h.to_string()).collect();
    let verdict = screener().screen_in_city(text, Telling::Live, &Dated::default(), &home);
    let hit = verdict
        .out_of_remit
        .into_iter()
        .find(|h| h.rule == "other_city_unit")?;
    Some(hit.matched[0].term.clone())
}

#[test]
fn a_matter_in_another_city_is_found_by_the_place_it_names() {
    for (text, place) in [
        (
            "我在深圳南山区科技园上班，宿舍楼下的餐馆晚上噪音很大。",
            "深圳",
        ),
        ("反映广州市天河区某小区物业乱收停车费。", "广州"),
        ("我老家在河南周口，村里的低保评定不公平。", "河南"),
        ("我想问一下上海的居住证怎么办理。", "上海"),
        ("大同市的一家煤矿拖欠我工资。", "大同"),
        ("网上看到的，宁波鄞州区有个小区电梯坏了半年。", "宁波"),
    ] {
        assert_eq!(elsewhere_in(text, &[]).as_deref(), Some(place), "{text}");
    }
    let verdict = screener().screen("我在杭州西湖区出差住的酒店押金不退。");
    let hit = verdict
        .out_of_remit
        .iter()
        .find(|h| h.rule == "other_city_unit");
    let hit = hit.expect("the rule of the [elsewhere] section");
    assert_eq!((hit.matched[0].start, hit.matched[0].end), (2, 4));
    assert!(!verdict.accept);
}

#[test]
fn a_place_name_inside_another_name_or_the_city_itself_is_no_matter_elsewhere() {
    for text in [
        // Roads and people named after a place, where someone came from.
        "上海路和北京路路口的红绿灯坏了。",
        "我是河南人，在这边打工，想问居住证怎么办。",
        "我从广州搬来三年了，小区门口的路灯坏了。",
        // A common word that is also a city, without 市 or a district after it.
        "小区大堂的大理石地面裂了，物业不修。",
        "楼下卖哈密瓜的摊贩占道经营。",
        // A city inside a name of the city's own (松雅安置区 is not 雅安).
        "松雅安置区的幼儿园什么时候开园？",
        // The city itself named.
        "本市的居住证和上海的有什么不同？",
        // Words that hold a place name (jieba cuts them otherwise), estates and school
        // districts named after one, shops and comparisons.
        "小区旁边要建成都市综合体，噪音很大。",
        "农资店卖的复合肥的含量不达标。",
        "中山小学学区划分不合理。",
        "朝阳花园小区的路灯坏了。",
        "城西安置小区的路灯坏了。",
        "有人把东西藏在小区草丛里。",
        "我家住在北京东路128号，楼下油烟大。",
        "在兰州拉面馆吃出虫子。",
        "建议学习上海的做法，把垃圾分类搞好。",
        "邻居回河南老家了，他家水管爆了。",
    ] {
        assert_eq!(elsewhere_in(text, &[]), None, "{text}");
    }
    // Names the service adds: the city's districts and the city its units carry.
    let home = ["示例市", "示例", "港东区"];
    assert_eq!(
        elsewhere_in("我在深圳上班，周末回港东区家里住，楼下太吵。", &home),
        None
    );
    assert_eq!(elsewhere_in("示例的居住证和上海的一样吗？", &home), None);
    assert_eq!(
        elsewhere_in("我在深圳上班，楼下太吵。", &home).as_deref(),
        Some("深圳")
    );
}

#[test]
fn a_question_about_the_city_itself_is_no_policy_elsewhere() {
    let home: Vec<String> = ["示例市", "示例", "港东区"].map(String::from).to_vec();
    let rules = |text: &str| -> Vec<String> {
        let verdict = screener().screen_in_city(text, Telling::Live, &Dated::default(), &home);
        verdict.out_of_remit.into_iter().map(|h| h.rule).collect()
    };
    for text in [
        "来电人老家在安徽，现在在示例市上班，咨询在示例市怎么办理居住证。",
        "咨询外地户口的孩子在港东区上小学需要什么材料，老家在湖南。",
        "之前在老家的公积金要转到示例市，怎么办理？",
    ] {
        assert!(rules(text).is_empty(), "{text}: {:?}", rules(text));
    }
    // A hometown's policy is still the hometown's, wherever the caller lives now.
    assert_eq!(
        rules("来电人问老家河南的新农合今年怎么交。"),
        ["other_city_policy"]
    );
    assert_eq!(
        rules("来电人住港东区幸福小区，问老家河南的新农合今年怎么交。"),
        ["other_city_policy"]
    );
}

#[test]
fn a_company_registered_elsewhere_names_no_place_of_the_matter() {
    // Where a company was registered is no place of the matter: it serves here.
    for text in [
        "小区物业是深圳市某某物业管理有限公司，电梯坏了一个月不修。",
        "我们小区的物业公司叫上海华达物业服务有限公司，乱收停车费。",
        "楼下工地是北京城建集团在施工，晚上十二点还在打桩。",
        "广东省某某律师事务所的律师冒充法院打电话催债。",
        "深圳市南山区华达科技有限公司在我们小区门口占道摆摊。",
    ] {
        assert_eq!(elsewhere_in(text, &[]), None, "{text}");
    }
    // A company said to be there still puts the matter there.
    for (text, place) in [
        ("我在深圳市一家公司上班，公司拖欠工资三个月。", "深圳"),
        ("深圳的公司欠我工资不给。", "深圳"),
        ("我在深圳公司上班，老板跑了。", "深圳"),
        ("我在深圳华为公司上班，被拖欠工资。", "深圳"),
        ("深圳市华达公司上班的时候被拖欠工资。", "深圳"),
        ("在苏州工业园区某某科技有限公司上班欠薪。", "苏州"),
        ("去杭州市西湖区某某旅行社有限公司报的团被坑了。", "杭州"),
        ("上海市浦东新区张江镇某小区物业公司乱收费。", "上海"),
        ("广州市白云区那边有个公司欠钱不还。", "广州"),
        ("去年在广州市打工的公司不给交社保。", "广州"),
        ("大同市的一家煤矿拖欠我工资。", "大同"),
    ] {
        assert_eq!(elsewhere_in(text, &[]).as_deref(), Some(place), "{text}");
    }
}

#[test]
fn an_elsewhere_section_must_name_an_out_of_remit_rule_and_whole_words() {
    let base =
        "[[out_of_remit]]\nid = \"far\"\ncategory = \"x\"\nsituation = \"x\"\nreply = \"x\"\n\
                triggers = [ { any = [\"在外地\"] } ]\n\n[elsewhere]\n";
    let rules = ScopeRules::from_toml(&format!("{base}rule = \"far\"\nplaces = [\"深圳\"]\n"));
    let screener = Screener::new(rules.expect("a valid section")).unwrap();
    assert!(!screener.screen("我在深圳南山区上班").accept);
    // A centre in a city the places list names writes it in `home` too: it is then at home.
    let rules = ScopeRules::from_toml(&format!(
        "{base}rule = \"far\"\nplaces = [\"深圳\"]\nhome = [\"深圳\"]\n"
    ));
    let screener = Screener::new(rules.expect("a valid section")).unwrap();
    assert!(screener.screen("我在深圳南山区上班，楼下太吵").accept);

    let err = ScopeRules::from_toml(&format!("{base}rule = \"near\"\nplaces = [\"深圳\"]\n"))
        .unwrap_err();
    assert!(err.message.contains("near"), "{err}");
    let err = ScopeRules::from_toml(&format!("{base}rule = \"far\"\nplaces = [\"深…圳\"]\n"))
        .unwrap_err();
    assert!(err.message.contains("[elsewhere]"), "{err}");
    // No places, no rule needed: a centre may drop the section's names.
    assert!(ScopeRules::from_toml(&format!("{base}places = []\n")).is_ok());
}
