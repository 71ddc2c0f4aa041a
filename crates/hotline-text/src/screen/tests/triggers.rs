//! The trigger mechanism on small rule sets written for each test: phrases in parts, partners,
//! negation, tense, written messages, landmarks, overlaps and the checks on rules put in force.
use super::*;

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
fn a_keyword_of_latin_letters_or_digits_is_not_found_inside_a_longer_run_of_them() {
    let floor = one_rule(r#"any = ["3楼…着火"]"#);
    assert!(fires(&floor, "3楼着火了").is_some());
    assert!(fires(&floor, "第3楼着火了").is_some());
    assert_eq!(fires(&floor, "13楼着火了"), None);
    let gas = one_rule(r#"any = ["gas泄漏", "KTV"], current = true"#);
    assert!(fires(&gas, "家里gas泄漏了").is_some());
    assert!(fires(&gas, "楼下KTV里有人在打架").is_some());
    assert!(fires(&gas, "KTV门口有人持刀").is_some());
    assert_eq!(fires(&gas, "bigas泄漏"), None);
    assert_eq!(fires(&gas, "KTVS3门口"), None);
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
    // A word with white space around it is refused for use (rules saved before still load).
    for trigger in [
        r#"any = ["煤气爆炸 "]"#,
        r#"any = ["撬"], unless = [" 开锁"]"#,
    ] {
        let text = format!(
            "[[emergency]]\nid = \"t\"\nkind = \"crime\"\nservice = \"110\"\nlabel = \"l\"\n\
             reply = \"r\"\ntriggers = [ {{ {trigger} }} ]\n"
        );
        let rules = ScopeRules::from_toml(&text).expect(trigger);
        let e = rules.check_for_use().expect_err(trigger).to_string();
        assert!(
            e.contains("white space") && e.contains("「t」"),
            "{trigger}: {e}"
        );
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
