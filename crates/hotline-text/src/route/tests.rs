//! The pipeline learns: a small corpus this test writes itself (four categories, sentences made
//! from templates), trained and checked on held-out sentences and on new wordings; raw and
//! segmented text agree; a seed fixes the model's bytes; models survive a save and load, and
//! anything else is refused with a reason.
use super::*;

const PLACES: [&str; 8] = [
    "幸福路",
    "东湖小区",
    "建设大道",
    "滨江花园",
    "北门菜市场",
    "人民公园",
    "新华街",
    "南湖社区",
];
const DEMANDS: [&str; 3] = [
    "请有关部门尽快处理。",
    "希望相关单位管一管。",
    "恳请领导重视，早日解决。",
];
/// Four categories, six problems each, in our own words.
const PROBLEMS: [(&str, [&str; 6]); 4] = [
    (
        "环境保护",
        [
            "附近有家工厂夜里偷排废水，河水发黑发臭",
            "工地晚上施工，噪音大得居民睡不着觉",
            "路边烧烤摊油烟很大，熏得住户不敢开窗",
            "化工厂排放刺鼻废气，空气污染严重",
            "河道里漂满垃圾，水质越来越差",
            "养殖场粪便直排农田，气味难闻",
        ],
    ),
    (
        "交通运输",
        [
            "公交车班次太少，早上等车要半个小时",
            "路口红绿灯坏了好几天，车辆乱成一团",
            "出租车司机拒载还乱收费",
            "长途客运站的班车经常晚点",
            "网约车平台高峰时段乱加价",
            "公交站台被私家车占用，乘客上下车危险",
        ],
    ),
    (
        "教育文体",
        [
            "学校违规收取补课费，每学期好几百元",
            "幼儿园学位紧张，孩子报不上名",
            "中学强制学生购买教辅资料",
            "社区图书馆周末不开放，借书不方便",
            "体育场馆收费太高，市民健身困难",
            "在职老师在校外开办辅导班",
        ],
    ),
    (
        "劳动和社会保障",
        [
            "公司拖欠工资三个月不发",
            "单位不给员工缴纳社保",
            "养老保险转移手续办不下来",
            "加班没有加班费，还被随意辞退",
            "失业保险金迟迟领不到",
            "劳动合同到期，公司不续签也不给经济补偿",
        ],
    ),
];

/// A sentence and its category.
type Example = (String, &'static str);

/// Every category's sentences: place × problem × demand, 36 per category.
fn corpus() -> Vec<Example> {
    let mut out = Vec::new();
    for (label, problems) in PROBLEMS {
        for i in 0..36 {
            let text = format!(
                "{}{}。{}",
                PLACES[i % 8],
                problems[(i * 5 + i / 8) % 6],
                DEMANDS[i % 3]
            );
            out.push((text, label));
        }
    }
    out
}

/// Training and held-out sentences: every fourth is held out.
fn split() -> (Vec<Example>, Vec<Example>) {
    corpus().into_iter().enumerate().fold(
        (Vec::new(), Vec::new()),
        |(mut train, mut test), (i, example)| {
            if i % 4 == 3 {
                test.push(example);
            } else {
                train.push(example);
            }
            (train, test)
        },
    )
}

fn trained(seed: u64) -> Router {
    let (train_set, _) = split();
    let examples: Vec<(&str, &str)> = train_set.iter().map(|(t, l)| (t.as_str(), *l)).collect();
    let options = TrainOptions {
        seed,
        ..TrainOptions::default()
    };
    train(&examples, &options).expect("training on the test corpus")
}

#[test]
fn a_trained_router_classifies_held_out_sentences_and_new_wordings() {
    let router = trained(7);
    let (_, test) = split();
    let right = test
        .iter()
        .filter(|(t, l)| router.classify(t).label == *l)
        .count();
    assert!(
        right * 10 >= test.len() * 9,
        "{right} of {} held-out sentences right",
        test.len()
    );
    for (text, label) in [
        (
            "我们单位已经半年没发工资了，老板一直躲着不见",
            "劳动和社会保障",
        ),
        ("早上坐公交车等了四十分钟，班次实在太少", "交通运输"),
        ("工厂排放的废水把小河污染了，鱼都死了", "环境保护"),
        ("孩子学校又要收补课费，家长负担很重", "教育文体"),
    ] {
        let c = router.classify(text);
        assert_eq!(c.label, label, "{text}: {c:?}");
        assert!(c.confidence > 0.25, "{text}: {c:?}");
        let total: f32 = c.ranked.iter().map(|r| r.probability).sum();
        assert!((total - 1.0).abs() < 1e-4, "{c:?}");
        assert_eq!(c.ranked.len(), 4);
        assert_eq!(c.ranked[0].label, c.label);
    }
}

#[test]
fn a_text_with_nothing_the_model_knows_gets_no_confidence() {
    let router = trained(7);
    let known = router.classify("工厂排放废水，河水发臭");
    assert!(known.confidence > 0.5 && known.evidence, "{known:?}");
    // Empty, punctuation only, or words the corpus never had: every class is as likely.
    for text in ["", "  。。！ ", "xyzzy", "嗯嗯嗯"] {
        let c = router.classify(text);
        assert!(!c.evidence, "{text:?}: {c:?}");
        assert_eq!(c.ranked.len(), 4);
        for r in &c.ranked {
            assert!((r.probability - 0.25).abs() < 1e-6, "{text:?}: {c:?}");
        }
        assert_eq!(c.label, c.ranked[0].label);
    }
}

#[test]
fn the_explanation_names_the_terms_that_decided() {
    let router = trained(7);
    let (c, terms) = router.explain("小区旁边的工地半夜施工，噪音扰民", 5);
    assert_eq!(c.label, "环境保护");
    assert!(!terms.is_empty() && terms.len() <= 5, "{terms:?}");
    assert!(
        terms.iter().any(|t| t.text == "噪音" || t.text == "施工"),
        "{terms:?}"
    );
    assert!(
        terms.windows(2).all(|w| w[0].weight >= w[1].weight),
        "{terms:?}"
    );
}

#[test]
fn raw_and_space_separated_text_get_the_same_prediction() {
    let router = trained(7);
    for (raw, label) in [
        ("工厂排放的废水把小河污染了！！", "环境保护"),
        ("ＡＢＣ公司拖欠工资，已经３个月了。", "劳动和社会保障"),
    ] {
        let segmented = terms(raw).join(" ");
        assert_ne!(raw, segmented);
        assert_eq!(router.classify(raw).label, label);
        assert_eq!(
            router.classify(&segmented),
            router.classify(raw),
            "{segmented}"
        );
    }
    // Hand-segmented, with stop words left in: still the same category.
    assert_eq!(
        router.classify("我们 公司 拖欠 了 工资 三个月").label,
        "劳动和社会保障"
    );
}

#[test]
fn traditional_script_gets_the_prediction_of_simplified_script() {
    let router = trained(7);
    for (traditional, simplified) in [
        (
            "工廠排放的廢水把小河污染了！！",
            "工厂排放的废水把小河污染了！！",
        ),
        (
            "ＡＢＣ公司拖欠工資，已經３個月了。",
            "ＡＢＣ公司拖欠工资，已经３个月了。",
        ),
    ] {
        assert_eq!(terms(traditional), terms(simplified));
        assert_eq!(router.classify(traditional), router.classify(simplified));
    }
}

#[test]
fn the_same_seed_gives_the_same_model_bytes() {
    assert_eq!(trained(11).to_bytes(), trained(11).to_bytes());
}

#[test]
fn a_saved_model_loads_back_equal() {
    let router = trained(7);
    let loaded = Router::from_bytes(&router.to_bytes()).expect("loading what was saved");
    assert_eq!(loaded, router);
    let text = "路口红绿灯坏了，车辆乱成一团";
    assert_eq!(loaded.classify(text), router.classify(text));
}

#[test]
fn other_or_damaged_files_are_refused_with_a_reason() {
    let bytes = trained(7).to_bytes();
    assert_eq!(Router::from_bytes(b""), Err(ModelError::NotAModel));
    assert_eq!(
        Router::from_bytes(b"id,label\n1,x\n"),
        Err(ModelError::NotAModel)
    );
    assert_eq!(
        Router::from_bytes(&bytes[..bytes.len() / 2]),
        Err(ModelError::Truncated)
    );
    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x40;
    assert_eq!(Router::from_bytes(&flipped), Err(ModelError::Checksum));
    let mut newer = bytes.clone();
    newer[8] = 99;
    assert_eq!(
        Router::from_bytes(&newer),
        Err(ModelError::UnsupportedVersion(99))
    );
    let mut longer = bytes;
    longer.push(0);
    assert!(Router::from_bytes(&longer).is_err());
    // Whole and checksummed, but with a temperature no model has.
    for t in [f32::NAN, f32::INFINITY, 0.0, -1.0] {
        let mut odd = trained(7);
        odd.temperature = t;
        assert!(
            matches!(
                Router::from_bytes(&odd.to_bytes()),
                Err(ModelError::Invalid(_))
            ),
            "temperature {t}"
        );
    }
}

#[test]
fn training_needs_two_classes_and_labels() {
    let one = [("公交车太少", "交通运输"), ("出租车拒载", "交通运输")];
    assert_eq!(
        train(&one, &TrainOptions::default()),
        Err(RouteError::TooFewClasses(1))
    );
    let blank = [("公交车太少", "交通运输"), ("拖欠工资", " ")];
    assert_eq!(
        train(&blank, &TrainOptions::default()),
        Err(RouteError::EmptyLabel)
    );
}

#[test]
fn out_of_range_learner_options_are_refused_with_what_is_wrong() {
    let examples = [("公交车太少", "交通运输"), ("拖欠工资", "劳动和社会保障")];
    let with_svm = |svm: SvmOptions| TrainOptions {
        svm,
        ..TrainOptions::default()
    };
    let svm = SvmOptions::default();
    for (bad, says) in [
        (SvmOptions { c: 0.0, ..svm }, "cost"),
        (
            SvmOptions {
                nb_power: 0.0,
                ..svm
            },
            "power",
        ),
        (
            SvmOptions {
                nb_power: 1.5,
                ..svm
            },
            "power",
        ),
        (
            SvmOptions {
                nb_beta: 0.0,
                ..svm
            },
            "interpolation",
        ),
    ] {
        match train(&examples, &with_svm(bad)) {
            Err(RouteError::Options(why)) => assert!(why.contains(says), "{why}"),
            other => panic!("{bad:?} was not refused: {other:?}"),
        }
    }
    // The published NB-SVM (power 1) is still a valid choice.
    let published = SvmOptions {
        nb_power: 1.0,
        ..svm
    };
    let shared = [
        ("公交车太少", "交通运输"),
        ("公交车太挤", "交通运输"),
        ("拖欠工资", "劳动和社会保障"),
        ("拖欠工资半年", "劳动和社会保障"),
    ];
    assert!(train(&shared, &with_svm(published)).is_ok());
}

#[test]
fn texts_with_nothing_to_learn_are_refused() {
    let defaults = TrainOptions::default();
    for examples in [
        [("", "甲"), ("", "乙")],
        [("，。！", "甲"), ("123 456", "乙")],
        // Nothing occurs twice, so nothing passes min_df.
        [("公交车太少", "交通运输"), ("拖欠工资", "劳动和社会保障")],
    ] {
        assert_eq!(
            train(&examples, &defaults).err(),
            Some(RouteError::NoFeatures { min_df: 2 }),
            "{examples:?}"
        );
    }
}

#[test]
fn self_training_learns_words_that_only_unlabelled_texts_have() {
    let (train_set, _) = split();
    let examples: Vec<(&str, &str)> = train_set.iter().map(|(t, l)| (t.as_str(), *l)).collect();
    // Wage arrears, which the labelled texts teach, next to a word they never use.
    let unlabelled: Vec<String> = PLACES
        .iter()
        .map(|place| format!("{place}的公司拖欠工资三个月不发，还克扣绩效奖金"))
        .collect();
    let unlabelled: Vec<&str> = unlabelled.iter().map(String::as_str).collect();
    let options = TrainOptions {
        seed: 7,
        self_training: SelfTraining {
            min_confidence: 0.5,
            ..SelfTraining::default()
        },
        ..TrainOptions::default()
    };
    let plain = train(&examples, &options).expect("training without unlabelled texts");
    let semi = train_with_unlabelled(&examples, &unlabelled, &options).expect("self-training");
    let labour = |c: &Classification<'_>| {
        c.ranked
            .iter()
            .find(|r| r.label == "劳动和社会保障")
            .map_or(0.0, |r| r.probability)
    };
    let text = "绩效奖金被克扣";
    let (before, after) = (plain.classify(text), semi.classify(text));
    assert_eq!(after.label, "劳动和社会保障", "{after:?}");
    assert!(labour(&after) > labour(&before), "{before:?} → {after:?}");
    let again = train_with_unlabelled(&examples, &unlabelled, &options).expect("self-training");
    assert_eq!(again.to_bytes(), semi.to_bytes());
}
