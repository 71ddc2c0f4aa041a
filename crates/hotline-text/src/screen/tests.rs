use std::sync::OnceLock;

use super::*;

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

/// A rule set of one emergency rule with one trigger written as TOML (`trigger` is the inline
/// table's body), plus the shipped negation and tense cues.
fn one_rule(trigger: &str) -> Screener {
    let shipped = ScopeRules::builtin().unwrap();
    let mut rules = ScopeRules::from_toml(&format!(
        "[[emergency]]\nid = \"t\"\nkind = \"crime\"\nservice = \"110\"\nlabel = \"测试\"\n\
         reply = \"转接\"\ntriggers = [ {{ {trigger} }} ]\n"
    ))
    .expect("a valid rule");
    rules.negation = shipped.negation;
    rules.tense = shipped.tense;
    Screener::new(rules).unwrap()
}

fn fires(s: &Screener, text: &str) -> Option<Vec<String>> {
    let verdict = s.screen(text);
    let hit = verdict.emergency.first()?;
    Some(hit.matched.iter().map(|m| m.term.clone()).collect())
}

#[test]
fn a_phrase_in_parts_matches_its_parts_in_order_within_the_gap_in_one_clause() {
    let s = one_rule(r#"any = ["撬…门"]"#);
    assert_eq!(
        fires(&s, "有人正在撬隔壁家的门。").as_deref(),
        Some(&["撬隔壁家的门".to_string()][..])
    );
    assert_eq!(fires(&s, "门被人撬了。"), None, "parts in order");
    assert_eq!(fires(&s, "他撬开了箱子，门口没人。"), None, "one clause");
    assert_eq!(fires(&s, "撬了一晚上的那个旧铁皮门"), None, "gap over 6");
    let wide = one_rule(r#"any = ["撬…门"], gap = 10"#);
    assert!(fires(&wide, "撬了一晚上的那个旧铁皮门").is_some());
}

#[test]
fn a_with_partner_counts_in_the_keyword_s_sentence_unless_told_otherwise() {
    let sentence = one_rule(r#"any = ["信访"], with = ["已经"]"#);
    assert!(fires(&sentence, "我已经去过信访局，他们说在办。").is_some());
    assert_eq!(fires(&sentence, "路灯已经坏了。我不想去信访。"), None);
    assert_eq!(fires(&sentence, "路灯已经坏了。要我去信访吗"), None);
    let text = one_rule(r#"any = ["信访"], with = ["已经"], within = "text""#);
    assert!(fires(&text, "路灯已经坏了。要我去信访吗").is_some());
    let clause = one_rule(r#"any = ["信访"], with = ["已经"], within = "clause""#);
    assert_eq!(fires(&clause, "已经说过了，信访那边在办"), None);
}

#[test]
fn a_current_keyword_does_not_count_when_its_sentence_tells_of_the_past_or_a_maybe() {
    let s = one_rule(r#"any = ["着火"], current = true"#);
    assert_eq!(fires(&s, "上个月车棚着火了，现在要求赔偿。"), None);
    assert_eq!(fires(&s, "消防通道堵了，万一着火了车进不来。"), None);
    assert_eq!(fires(&s, "听说隔壁小区着火了。"), None);
    assert!(fires(&s, "去年着过一次火，现在又着火了！").is_some());
    assert!(fires(&s, "楼下饭店着火了，烟很大。").is_some());
    // The past cue of another sentence does not reach; one later in the sentence does.
    assert!(fires(&s, "去年也反映过。楼下饭店着火了。").is_some());
    assert_eq!(fires(&s, "饭店着火了，已经扑灭了。"), None);
    assert_eq!(fires(&s, "楼下着火好几天了。"), None);
    // A worry or hearsay after the keyword's clause is about something beside it.
    assert!(fires(&s, "楼下着火了，我担心孩子还在里面。").is_some());
    assert_eq!(fires(&s, "我担心楼道会着火。"), None);
    assert_eq!(fires(&s, "着火了我担心。"), None, "in its own clause");
    let always = one_rule(r#"any = ["着火"]"#);
    assert!(fires(&always, "上个月车棚着火了。").is_some());
}

#[test]
fn one_character_negation_cues_reach_two_characters_and_look_alikes_none() {
    let s = one_rule(r#"any = ["着火", "受伤"]"#);
    assert_eq!(fires(&s, "没着火"), None);
    assert_eq!(fires(&s, "没人受伤"), None);
    assert_eq!(
        fires(&s, "没有任何人受伤"),
        None,
        "a two-character cue reaches four"
    );
    assert!(fires(&s, "不知道谁家着火了").is_some());
    assert!(fires(&s, "老人不小心摔倒受伤了").is_some());
    assert!(
        fires(&s, "不是一两个人，着火了").is_some(),
        "a comma stops a cue"
    );
}

#[test]
fn a_written_message_is_an_emergency_only_where_it_says_now() {
    let s = screener();
    let beating = "施工方纠集社会闲散人员几次殴打村民，请公安机关依法处理。";
    assert!(
        !s.screen(beating).emergency.is_empty(),
        "told live, it is now"
    );
    assert!(s.screen_as(beating, Telling::Written).emergency.is_empty());
    let now = "现在小区3栋楼下有人持刀伤人，请马上派人来！";
    assert!(!s.screen_as(now, Telling::Written).emergency.is_empty());
    // Only `current` triggers depend on the telling.
    let lawsuit = "我和开发商的纠纷已经起诉了。";
    assert!(!s
        .screen_as(lawsuit, Telling::Written)
        .not_accepted
        .is_empty());
}

#[test]
fn a_short_written_cry_is_a_possible_emergency_to_call_back() {
    let s = screener();
    for (text, rule) in [
        ("我家楼下着火了，火很大，烟都冲到五楼了", "fire"),
        ("楼下有两个人拿着砍刀在追着砍，已经有人倒在地上了", "crime"),
    ] {
        let live = s.screen(text);
        assert!(live.emergency.iter().any(|h| h.rule == rule), "{live:?}");
        assert!(
            live.possible_emergency.is_empty(),
            "a call is screened as it is"
        );
        let written = s.screen_as(text, Telling::Written).for_callback(s.rules());
        assert!(
            written.emergency.is_empty() && written.accept,
            "{written:?}"
        );
        let hit = written.possible_emergency.iter().find(|h| h.rule == rule);
        assert!(
            hit.is_some_and(|h| h.callback && h.reply.contains("回拨")),
            "{written:?}"
        );
    }
    // A long account, written, is not: what it tells is mostly past.
    let account = format!(
        "{}{}",
        "我们小区的物业管理混乱，停车费一再上涨，业主多次反映无果。",
        "物业还叫社会人员殴打业主，小区里偷盗事件不断，电梯也经常出故障，垃圾清运不及时，\
         绿化带被改成了停车位，希望有关部门尽快处理，撤换这家物业公司，还业主一个安宁的家。"
    );
    assert!(account.chars().count() > SHORT_WRITTEN_CHARS);
    assert!(
        !s.screen(&account).emergency.is_empty(),
        "told live, it is now"
    );
    let written = s.screen_as(&account, Telling::Written);
    assert!(
        written.emergency.is_empty() && written.possible_emergency.is_empty(),
        "{written:?}"
    );
}

#[test]
fn off_the_line_an_emergency_says_to_call_the_teller_back() {
    let s = screener();
    let text = "现在小区3栋楼下有人持刀伤人，请马上派人来！";
    let live = s.screen_as(text, Telling::Written);
    let hit = &live.emergency[0];
    assert!(!hit.callback && hit.reply.contains("转接110"), "{hit:?}");
    let written = live.clone().for_callback(s.rules());
    let hit = &written.emergency[0];
    assert!(hit.callback, "{hit:?}");
    assert!(
        hit.reply.contains("回拨") && !hit.reply.contains("我现在为您转接"),
        "{hit:?}"
    );
    // Everything else is as screened.
    assert_eq!(written.accept, live.accept);
    assert_eq!(written.emergency[0].matched, live.emergency[0].matched);
    // Every shipped emergency rule has its own words for a call back.
    for rule in &s.rules().emergency {
        let own = rule.callback_reply.as_deref().unwrap_or_default();
        assert!(
            own.contains(&rule.service) && own.contains("回拨"),
            "{}",
            rule.id
        );
    }
}

#[test]
fn a_rule_without_callback_words_gets_general_ones_and_blank_ones_are_refused() {
    let rule = |callback: &str| {
        format!(
            "[[emergency]]\nid = \"gas\"\nkind = \"fire\"\nservice = \"119\"\nlabel = \"燃气\"\nreply = \"我现在为您转接119。\"\n{callback}triggers = [{{ any = [\"煤气泄漏\"] }}]\n"
        )
    };
    let rules = ScopeRules::from_toml(&rule("")).unwrap();
    let verdict = Screener::new(rules.clone())
        .unwrap()
        .screen("家里煤气泄漏了")
        .for_callback(&rules);
    let reply = &verdict.emergency[0].reply;
    assert!(reply.contains("回拨") && reply.contains("119"), "{reply}");
    let err = ScopeRules::from_toml(&rule("callback_reply = \"  \"\n")).unwrap_err();
    assert!(err.to_string().contains("callback_reply"), "{err}");
}

#[test]
fn phrases_gaps_and_tense_cues_that_cannot_work_are_refused_with_the_rule() {
    for (trigger, says) in [
        (r#"any = ["撬…"]"#, "empty part"),
        (r#"any = ["…门"]"#, "empty part"),
        (r#"any = ["a…b…c…d…e"]"#, "more than 4 parts"),
        (r#"any = ["撬"], with = ["门…"]"#, "`with`"),
        (r#"any = ["撬"], gap = 0"#, "gap 0"),
        (r#"any = ["撬"], gap = 31"#, "gap 31"),
        (r#"any = ["撬"], within = "paragraph""#, "`paragraph`"),
    ] {
        let text = format!(
            "[[emergency]]\nid = \"t\"\nkind = \"crime\"\nservice = \"110\"\nlabel = \"l\"\n\
             reply = \"r\"\ntriggers = [ {{ {trigger} }} ]\n"
        );
        let e = ScopeRules::from_toml(&text).expect_err(trigger).to_string();
        assert!(e.contains(says), "{trigger}: {e}");
        assert!(e.contains("行"), "{trigger}: {e}");
    }
    let e = ScopeRules::from_toml("[tense]\npast = [\"上…月\"]\n")
        .expect_err("a tense cue in parts")
        .to_string();
    assert!(e.contains("上…月"), "{e}");
    // A trigger that asks for landmarks where there are none could never be cancelled by one.
    let text = "[[emergency]]\nid = \"t\"\nkind = \"crime\"\nservice = \"110\"\nlabel = \"l\"\n\
                reply = \"r\"\ntriggers = [ { any = [\"撬\"], landmark = true } ]\n";
    let e = ScopeRules::from_toml(text)
        .expect_err("landmark without words")
        .to_string();
    assert!(e.contains("landmark") && e.contains("第 1 行"), "{e}");
    for (landmark, says) in [
        ("words = [\"旁…边\"]", "旁…边"),
        ("words = [\" \"]", "landmark word"),
        ("words = [\"旁边\"]\nnames = [\"\"]", "landmark word"),
        ("words = [\"旁边\"]\nreach = 3", "reach"),
    ] {
        let e = ScopeRules::from_toml(&format!("[landmark]\n{landmark}\n"))
            .expect_err(landmark)
            .to_string();
        assert!(e.contains(says), "{landmark}: {e}");
    }
}

#[test]
fn an_institution_named_to_say_where_something_is_is_not_its_matter() {
    let rules = r#"
[landmark]
words = ["门口", "旁边"]
names = ["委员会", "员会", "大楼"]

[[not_accepted]]
id = "arbitration"
reason = "arbitration"
label = "l"
basis = "b"
channel = "c"
reply = "r"
triggers = [ { any = ["仲裁委"], landmark = true } ]

[[emergency]]
id = "fire"
kind = "fire"
service = "119"
label = "l"
reply = "r"
triggers = [ { any = ["仲裁委"] } ]
"#;
    let s = Screener::new(ScopeRules::from_toml(rules).expect("valid rules")).expect("compiles");
    let fires = |text: &str| !s.screen(text).not_accepted.is_empty();
    // The rest of a name, and 的, may stand between, in the keyword's clause.
    assert!(!fires("仲裁委门口乱停车"));
    assert!(!fires("仲裁委员会门口乱停车"));
    assert!(!fires("仲裁委员会的旁边"));
    assert!(!fires("仲裁委员会大楼的旁边"));
    assert!(fires("仲裁委，门口乱停车"), "a clause break ends the name");
    assert!(fires("仲裁委把门口堵了"), "the institution does something");
    assert!(fires("仲裁委的车堵门口"), "车堵 is no part of a name");
    assert!(fires("仲裁委让我等通知"));
    // Only triggers that ask for it: the same word in a trigger without `landmark` still fires.
    assert!(!s.screen("仲裁委门口").emergency.is_empty());
}

#[test]
fn a_phrase_in_parts_takes_the_nearest_next_part_in_its_clause() {
    let s = screener();
    let id = |word: &str| {
        let scan = Scan::new(s, word, Telling::Live);
        scan.found[0].0
    };
    let (pry, door) = (id("撬"), id("门"));
    // Thousands of first parts before thousands of second parts (once cubic in the text): only
    // the first parts within the gap (six characters) of the first second part start a span.
    let text = format!("{}{}", "撬".repeat(2500), "门".repeat(2499));
    let scan = Scan::new(s, &text, Telling::Live);
    let spans = scan.spans(&[pry, door], 6);
    let at = |chars: usize| chars * '撬'.len_utf8();
    let expected: Vec<(usize, usize)> = (2493..2500).map(|i| (at(i), at(2501))).collect();
    assert_eq!(spans, expected);
    // A clause break between the parts, or a gap too wide, ends the phrase.
    let scan = Scan::new(s, "撬开，门", Telling::Live);
    assert!(scan.spans(&[pry, door], 6).is_empty());
    let scan = Scan::new(s, "撬一二三四五六七门", Telling::Live);
    assert!(scan.spans(&[pry, door], 6).is_empty());
    let scan = Scan::new(s, "撬一二三四五六门", Telling::Live);
    assert_eq!(scan.spans(&[pry, door], 6).len(), 1);
}

/// A rule whose words overlap each other everywhere (an administrator may write one): every
/// key has every partner of its text, yet the work and the words reported stay linear in the
/// text (before, each key took every partner: 3,000 characters held about nine million spans).
#[test]
fn overlapping_keys_and_partners_report_each_word_once() {
    let text = r#"
[[emergency]]
id = "fire-everywhere"
kind = "fire"
service = "119"
label = "火"
reply = "转119"
triggers = [{ any = ["火", "火火", "火火火"], with = ["火", "火火", "火火火"], within = "text", negatable = false }]
"#;
    let s = Screener::new(ScopeRules::from_toml(text).expect("rules")).expect("a screener");
    let long = "火".repeat(3000);
    let v = s.screen(&long);
    assert_eq!(v.emergency.len(), 1);
    let words = &v.emergency[0].matched;
    assert_eq!(words.len(), 1, "overlapping words are one");
    assert_eq!((words[0].start, words[0].end), (0, 3000));
}

#[test]
fn overlaps_are_found_against_spans_of_any_length() {
    let o = Overlaps::new(vec![(10, 12), (0, 30), (40, 41)]);
    assert!(o.any_overlaps(20, 22), "inside the long one");
    assert!(o.any_overlaps(29, 35));
    assert!(!o.any_overlaps(30, 40), "touching is not overlapping");
    assert!(o.any_overlaps(40, 50));
    assert!(!o.any_overlaps(41, 60));
    assert!(!Overlaps::new(vec![]).any_overlaps(0, 5));
}

#[test]
fn an_emergency_that_needs_two_services_prompts_both() {
    for (text, services) in [
        ("煤气罐爆炸了，有人受伤。", ["119", "120"]),
        ("路口一个老人被货车撞倒了，人还压在车底下。", ["120", "122"]),
        ("我被人打了，头破了在流血，打我的人跑了。", ["110", "120"]),
    ] {
        let mut got: Vec<String> = (screener().screen(text).emergency.iter())
            .map(|h| h.service.clone())
            .collect();
        got.sort();
        assert_eq!(got, services, "{text}");
    }
}

#[test]
fn rules_put_in_force_have_short_keywords_and_each_signal_its_service() {
    let defaults = rules::DEFAULT_RULES;
    let long = defaults.replacen(
        "{ any = [\"着火\", ",
        &format!("{{ any = [\"{}\", \"着火\", ", "火".repeat(41)),
        1,
    );
    assert_ne!(long, defaults);
    // Rules saved by an earlier version still load; only rules put in force are held to it.
    let loaded = ScopeRules::from_toml(&long).expect("loads");
    let refused = loaded
        .check_for_use()
        .expect_err("a keyword of 41 characters");
    assert_eq!(refused.rule.as_deref(), Some("fire"), "{refused}");
    let merged = defaults.replacen("service = \"122\"", "service = \"110\"", 1);
    assert_ne!(merged, defaults);
    ScopeRules::from_toml(&merged)
        .and_then(|r| r.check_for_use())
        .expect("a city that merged 122 into 110");
    let to_120 = defaults.replacen(
        "kind = \"fire\"\nservice = \"119\"",
        "kind = \"fire\"\nservice = \"120\"",
        1,
    );
    assert_ne!(to_120, defaults);
    assert!(ScopeRules::from_toml(&to_120)
        .expect("loads")
        .check_for_use()
        .is_err());
    ScopeRules::from_toml(defaults)
        .and_then(|r| r.check_for_use())
        .expect("the shipped rules");
}

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
fn an_elsewhere_section_must_name_an_out_of_remit_rule_and_whole_words() {
    let base =
        "[[out_of_remit]]\nid = \"far\"\ncategory = \"x\"\nsituation = \"x\"\nreply = \"x\"\n\
                triggers = [ { any = [\"在外地\"] } ]\n\n[elsewhere]\n";
    let rules = ScopeRules::from_toml(&format!("{base}rule = \"far\"\nplaces = [\"深圳\"]\n"));
    let screener = Screener::new(rules.expect("a valid section")).unwrap();
    assert!(!screener.screen("我在深圳南山区上班").accept);

    let err = ScopeRules::from_toml(&format!("{base}rule = \"near\"\nplaces = [\"深圳\"]\n"))
        .unwrap_err();
    assert!(err.message.contains("near"), "{err}");
    let err = ScopeRules::from_toml(&format!("{base}rule = \"far\"\nplaces = [\"深…圳\"]\n"))
        .unwrap_err();
    assert!(err.message.contains("[elsewhere]"), "{err}");
    // No places, no rule needed: a centre may drop the section's names.
    assert!(ScopeRules::from_toml(&format!("{base}places = []\n")).is_ok());
}
