use std::sync::OnceLock;

use super::*;

mod elsewhere;
mod triggers;

fn screener() -> &'static Screener {
    static SCREENER: OnceLock<Screener> = OnceLock::new();
    SCREENER.get_or_init(|| Screener::builtin().expect("the shipped rule file is valid"))
}

fn not_accepted_codes(text: &str) -> Vec<String> {
    screener()
        .screen(text)
        .not_accepted
        .into_iter()
        .map(|h| h.code)
        .collect()
}

/// Each 不予受理 reason: a typical sentence that fires it, and a near miss (negated) that does not.
const REASONS: &[(&str, &str, &str)] = &[
    (
        "litigation",
        "来电人称与装修公司的合同纠纷已经向区法院起诉，下个月开庭，想让热线催法院快点判。",
        "来电人表示不想起诉装修公司，希望市场监管部门协调退还定金。",
    ),
    (
        "arbitration",
        "我被公司辞退后已经申请了劳动仲裁，想问问仲裁什么时候出结果。",
        "公司拖欠我三个月工资，我还没申请仲裁，希望劳动监察先帮忙催一下。",
    ),
    (
        "discipline_inspection",
        "我要举报我们村的会计挪用公款，把修路的钱拿去自己用了。",
        "村里修路的账目没公开，村民并未发现挪用公款的证据，只希望公布一下明细。",
    ),
    (
        "administrative_review",
        "城管对我的门店作出了罚款五千元的处罚决定，我不服，想要撤销。",
        "我没有申请行政复议，只想咨询一下门头牌匾设置的规定。",
    ),
    (
        "information_disclosure",
        "我想申请公开我们小区旧城改造项目的补偿标准文件。",
        "我之前没有申请公开，只是想问一下补偿政策在哪里能看到。",
    ),
    (
        "petition",
        "这个拆迁补偿的问题我去年已经到市信访局上访过了，他们说在办理中。",
        "我没有去信访，也没有上访过，就是第一次反映拆迁补偿的问题。",
    ),
    (
        "secrets_or_privacy",
        "麻烦帮我查一下我前夫现在住在哪，还有他的手机号码。",
        "我不想查询邻居的手机号码，只想让他把堵在门口的车挪走。",
    ),
    (
        "public_order",
        "你们能不能帮我办假证，我急着用一个学历证明。",
        "我不会去办假证，只想问问学历证书丢了去哪里补办。",
    ),
    (
        "military",
        "我家旁边的武警营区晚上训练喊口号，能不能让他们小点声。",
        "附近没有部队营区，是一家私人射击馆在放枪，声音很大。",
    ),
    (
        "closed_matter_repeated",
        "上个月反映的楼道灯的事已经办结了，还是这个问题，我再次反映一下，没有别的新情况。",
        "上个月反映的楼道灯的事一直没有办结，我再次反映一下，希望尽快修好。",
    ),
];

#[test]
fn every_not_accepted_reason_fires_on_a_typical_sentence() {
    for (code, typical, _) in REASONS {
        let codes = not_accepted_codes(typical);
        assert!(
            codes.iter().any(|c| c == code),
            "{code} should fire on {typical}: got {codes:?}"
        );
    }
}

#[test]
fn a_negated_or_excluded_near_miss_does_not_fire() {
    for (code, _, near_miss) in REASONS {
        let codes = not_accepted_codes(near_miss);
        assert!(
            !codes.iter().any(|c| c == code),
            "{code} fired on {near_miss}"
        );
    }
}

#[test]
fn every_reason_of_the_domain_has_a_rule() {
    let rules = ScopeRules::builtin().unwrap();
    let mut codes: Vec<&str> = rules
        .not_accepted
        .iter()
        .map(|r| r.reason.as_str())
        .collect();
    codes.sort_unstable();
    assert_eq!(
        codes,
        [
            "administrative_review",
            "arbitration",
            "closed_matter_repeated",
            "discipline_inspection",
            "information_disclosure",
            "litigation",
            "military",
            "petition",
            "public_order",
            "secrets_or_privacy",
        ]
    );
}

#[test]
fn a_hit_carries_its_basis_channel_and_the_words_with_char_offsets() {
    let text = "我已经起诉了。";
    let verdict = screener().screen(text);
    assert!(!verdict.accept);
    let hit = &verdict.not_accepted[0];
    assert_eq!(hit.rule, "litigation");
    assert_eq!(hit.label, "应通过诉讼解决");
    assert!(hit.basis.as_deref().is_some_and(|b| b.contains("诉讼")));
    assert!(hit
        .channel
        .as_deref()
        .is_some_and(|c| c.contains("人民法院")));
    // 已…起诉 and 起诉了 overlap: one term.
    assert_eq!(
        hit.matched,
        vec![MatchedTerm {
            term: "已经起诉了".into(),
            start: 1,
            end: 6
        }]
    );
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(chars[1..6].iter().collect::<String>(), "已经起诉了");
}

#[test]
fn an_ordinary_complaint_is_accepted() {
    let verdict = screener().screen(
        "来电人反映太公三路18号附近的工地每天夜里施工到凌晨两点，噪声很大，希望有关部门尽快查处。",
    );
    assert!(verdict.accept, "{verdict:?}");
}

/// A caller writing traditional script is screened as one writing simplified script, and a
/// rule's keywords are read in simplified script too.
#[test]
fn traditional_script_is_screened_as_simplified_script() {
    let cases = [
        ("我家樓下的飯店著火了，煙很大！", "119"),
        ("救命，我被困在電梯裡了，電梯停在兩層中間。", "119"),
        ("小區門口有個老人暈倒了，叫不醒。", "120"),
        ("有兩個人在超市門口拿著刀打架，快來人。", "110"),
    ];
    for (text, service) in cases {
        let verdict = screener().screen(text);
        let services: Vec<&str> = verdict
            .emergency
            .iter()
            .map(|h| h.service.as_str())
            .collect();
        assert!(services.contains(&service), "{text}: {verdict:?}");
    }
    assert_eq!(
        not_accepted_codes("我被公司辭退後已經申請了勞動仲裁，想問問仲裁什麼時候出結果。"),
        ["arbitration"]
    );
    assert!(screener().screen("著名景點門口有人賣氣球。").accept);

    // A rule written in traditional script (or kept from rules that had 著火) still matches.
    let mut rules = ScopeRules::builtin().unwrap();
    let fire = &mut rules.emergency[0].triggers[0].any;
    fire.retain(|w| w != "着火");
    fire.push("著火".into());
    rules.check_for_use().unwrap();
    let screener = Screener::new(rules).unwrap();
    assert!(!screener.screen("楼下着火了").emergency.is_empty());
}

#[test]
fn each_emergency_signal_suggests_its_service_with_the_words() {
    let cases = [
        (
            "我家楼下的饭店着火了，烟很大！",
            EmergencyKind::Fire,
            "119",
            "着火",
        ),
        (
            "小区门口有个老人晕倒了，叫不醒。",
            EmergencyKind::Medical,
            "120",
            "晕倒",
        ),
        (
            "有两个人在超市门口拿着刀打架，快来人。",
            EmergencyKind::Crime,
            "110",
            "打架",
        ),
        (
            "海曲路和太公三路路口两辆车追尾了，堵住了路。",
            EmergencyKind::Traffic,
            "122",
            "追尾",
        ),
        (
            "我不想活了，现在就站在天台上。",
            EmergencyKind::SelfHarm,
            "110",
            "我不想活了",
        ),
    ];
    for (text, kind, service, word) in cases {
        let verdict = screener().screen(text);
        let hit = verdict.emergency.iter().find(|h| h.kind == kind);
        let hit = hit.unwrap_or_else(|| panic!("no {kind:?} in {text}: {verdict:?}"));
        assert_eq!(hit.service, service);
        assert!(
            hit.matched.iter().any(|m| m.term == word),
            "{:?}",
            hit.matched
        );
        assert!(!verdict.accept);
    }
}

#[test]
fn negated_or_hazard_talk_is_not_an_emergency() {
    for text in [
        "刚才电动车冒了点烟，没有着火，也没有人受伤，想问问电动车充电桩归谁管。",
        "楼道里堆满杂物，存在火灾隐患，希望物业清理。",
        "这个路口经常发生交通事故，希望安装红绿灯。",
    ] {
        let verdict = screener().screen(text);
        assert!(
            verdict.emergency.is_empty(),
            "{text}: {:?}",
            verdict.emergency
        );
    }
}

#[test]
fn excluded_phrases_and_unless_words_keep_ordinary_matters_in() {
    let veteran = "我是退役军人，想咨询一下退役军人事务局的优待证怎么办理。";
    assert!(!not_accepted_codes(veteran).contains(&"military".to_string()));
    let report = "我要举报小区门口的电线杆上贴满了办假证的小广告，请城管清理。";
    assert!(!not_accepted_codes(report).contains(&"public_order".to_string()));
}

#[test]
fn an_accident_with_injuries_asks_for_both_services() {
    let verdict = screener().screen("门口出车祸了，有人受伤倒在地上。");
    let services: Vec<&str> = verdict
        .emergency
        .iter()
        .map(|h| h.service.as_str())
        .collect();
    assert_eq!(services, ["120", "122"]);
}

#[test]
fn an_out_of_remit_situation_returns_its_standard_reply() {
    let verdict = screener()
        .screen("我朋友去年借了我两万块钱，现在欠钱不还，电话也不接，你们能帮我要回来吗？");
    let hit = verdict
        .out_of_remit
        .iter()
        .find(|h| h.rule == "private_debt")
        .expect("private debt");
    assert_eq!(hit.code, "民间纠纷");
    assert_eq!(hit.label, "个人之间的借贷纠纷");
    assert!(hit.reply.contains("人民调解"));
    assert!(
        hit.matched.iter().any(|m| m.term == "欠钱不还"),
        "{:?}",
        hit.matched
    );
    assert!(!verdict.accept);
}

#[test]
fn a_family_quarrel_with_violence_is_not_a_family_matter_but_a_police_one() {
    let quarrel = screener().screen("我和婆婆因为带孩子的事婆媳矛盾很深，想找人评评理。");
    assert!(quarrel
        .out_of_remit
        .iter()
        .any(|h| h.rule == "family_dispute"));
    let violent = screener().screen("婆媳吵架，我老公动手打人了，现在还在家暴。");
    assert!(!violent
        .out_of_remit
        .iter()
        .any(|h| h.rule == "family_dispute"));
    assert!(violent.emergency.iter().any(|h| h.service == "110"));
}

#[test]
fn the_catalogue_has_about_ten_categories_and_over_thirty_situations() {
    let rules = ScopeRules::builtin().unwrap();
    let mut categories: Vec<&str> = rules
        .out_of_remit
        .iter()
        .map(|r| r.category.as_str())
        .collect();
    categories.sort_unstable();
    categories.dedup();
    assert!(categories.len() >= 9, "{categories:?}");
    assert!(
        rules.out_of_remit.len() >= 30,
        "{}",
        rules.out_of_remit.len()
    );
}

#[test]
fn a_syntax_error_names_the_line_and_the_rule() {
    let text =
        "[[not_accepted]]\nid = \"mine\"\nreason = \"litigation\"\nlabel = \"x\"\nbasis = \"x\"\n\
                channel = \"x\"\nreply = \"x\"\ntriggers = [ { any = [\"起诉\" } ]\n";
    let err = ScopeRules::from_toml(text).unwrap_err();
    assert_eq!(err.line, Some(8));
    assert_eq!(err.rule.as_deref(), Some("mine"));
    assert!(
        err.to_string()
            .starts_with("受理范围规则有误，第 8 行，规则「mine」："),
        "{err}"
    );
}

#[test]
fn an_unknown_reason_names_the_rule_and_what_is_allowed() {
    let text =
        "[[not_accepted]]\nid = \"a\"\nreason = \"litigation\"\nlabel = \"x\"\nbasis = \"x\"\n\
                channel = \"x\"\nreply = \"x\"\ntriggers = [ { any = [\"起诉\"] } ]\n\n\
                [[not_accepted]]\nid = \"b\"\nreason = \"lawsuit\"\n";
    let err = ScopeRules::from_toml(text).unwrap_err();
    assert_eq!((err.line, err.rule.as_deref()), (Some(12), Some("b")));
    assert!(err.message.contains("lawsuit") && err.message.contains("closed_matter_repeated"));
}

#[test]
fn a_rule_that_cannot_work_is_refused_with_its_line() {
    let rule = |id: &str, service: &str, any: &str| {
        format!(
            "[[emergency]]\nid = \"{id}\"\nkind = \"fire\"\nservice = \"{service}\"\nlabel = \"x\"\n\
             reply = \"x\"\ntriggers = [ {{ any = [{any}] }} ]\n\n"
        )
    };
    let wrong_service = rule("a", "119", "\"着火\"") + &rule("b", "911", "\"起火\"");
    let err = ScopeRules::from_toml(&wrong_service).unwrap_err();
    assert_eq!((err.line, err.rule.as_deref()), (Some(9), Some("b")));
    assert!(err.message.contains("911"));

    let duplicate = rule("a", "119", "\"着火\"") + &rule("a", "119", "\"起火\"");
    let err = ScopeRules::from_toml(&duplicate).unwrap_err();
    assert_eq!(
        (err.line, err.message.as_str()),
        (
            Some(9),
            "这个 id 已被另一条规则使用 / the id is used by another rule"
        )
    );

    let no_words = rule("a", "119", "");
    let err = ScopeRules::from_toml(&no_words).unwrap_err();
    assert_eq!(
        err.to_string(),
        "受理范围规则有误，第 1 行，规则「a」：第 1 个触发条件的 any 没有关键词 / trigger 1 has no \
         `any` keywords"
    );
}

#[test]
fn rules_built_in_code_are_checked_too() {
    let mut rules = ScopeRules::builtin().unwrap();
    rules.out_of_remit[0].reply.clear();
    let err = Screener::new(rules)
        .err()
        .expect("an empty reply is refused");
    assert_eq!(err.line, None);
    assert_eq!(
        err.to_string(),
        "受理范围规则有误，规则「private_debt」：字段 reply 不能为空 / `reply` is empty"
    );
}

#[test]
fn screening_a_long_text_is_fast() {
    let s = screener();
    let text =
        "来电人反映：太公三路阳光小区东门外的烧烤店每天晚上营业到凌晨，油烟很大，顾客喝酒吵闹，\
                噪声扰民，严重影响周边居民休息。此前已多次向物业反映，物业表示无权处理。"
            .repeat(8);
    let text: String = text.chars().take(500).collect();
    let rounds = 200;
    let started = std::time::Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(s.screen(std::hint::black_box(&text)));
    }
    let per_text = started.elapsed() / rounds;
    // Generous for unoptimised test builds on a shared machine; release is far below 100 µs.
    assert!(
        per_text < std::time::Duration::from_millis(2),
        "{per_text:?} per text"
    );
}

#[test]
fn a_rule_set_without_emergency_rules_is_refused() {
    for text in [
        "",
        "\n# all gone\n",
        "[negation]\ncues = [\"不\"]\nwindow = 4\n",
    ] {
        let rules = ScopeRules::from_toml(text).expect("a set that parses");
        let err = rules.require_emergency_rules().unwrap_err();
        assert!(err.message.contains("[[emergency]]"), "{text:?}: {err}");
    }
    assert!(ScopeRules::builtin()
        .unwrap()
        .require_emergency_rules()
        .is_ok());
}

#[test]
fn the_shipped_rules_get_the_shipped_cases_right() {
    let cases = cases::parse_cases(cases::BUILTIN_CASES).expect("the shipped cases parse");
    assert!(cases.len() >= 100, "{}", cases.len());
    let report = cases::evaluate(screener(), &cases);
    let misses: Vec<String> = report
        .misses
        .iter()
        .map(|m| format!("{} expected {:?}, fired {:?}", m.text, m.expect, m.fired))
        .collect();
    assert!(
        misses.is_empty(),
        "{} misses:\n{}",
        misses.len(),
        misses.join("\n")
    );
}
