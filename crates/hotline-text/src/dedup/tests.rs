//! Unit tests of the repeat detector and the class-case clustering, on texts written here.
use super::*;

const NOISE: &str = "来电人反映：东城街道幸福里社区12号楼前的路灯已经连续一周不亮，夜间居民出行存在安全隐患，老人和孩子经常摔倒。诉求：希望相关部门尽快维修路灯。";
const NOISE_EDITED: &str = "市民来电反映，东城街道幸福里社区12号楼前路灯已连续一周不亮了，夜间居民出行有安全隐患，老人和孩子经常摔倒。希望有关部门尽快维修路灯！";
const WATER: &str = "来电人称：西湖区滨江花园小区自昨天下午三点起停水，物业未提前通知，至今没有恢复供水，住户无法做饭洗漱。诉求：请供水公司尽快恢复供水并说明原因。";
const SCHOOL: &str = "来电人咨询：孩子今年九月上小学一年级，户口在外地，父母在本市有居住证和社保，询问入学需要准备哪些材料以及报名时间。";

fn index_of(texts: &[(i64, &str)]) -> NearDupIndex {
    let mut idx = NearDupIndex::default();
    for (id, t) in texts {
        assert!(idx.insert(*id, t));
    }
    idx
}

#[test]
fn normalising_folds_full_width_forms_and_drops_punctuation_and_lead_ins() {
    assert_eq!(
        normalise("来电人反映：ＡＢＣ１２３，路灯　不亮！"),
        "abc123路灯不亮"
    );
    assert_eq!(normalise("。，、；…—"), "");
}

#[test]
fn a_repeat_in_traditional_script_is_the_same_text() {
    let traditional = "來電人反映：東城街道幸福里社區12號樓前的路燈已經連續一週不亮，夜間居民出行存在安全隱患，老人和孩子經常摔倒。訴求：希望相關部門儘快維修路燈。";
    assert_eq!(normalise(traditional), normalise(NOISE));
    let idx = index_of(&[(1, NOISE), (2, WATER), (3, SCHOOL)]);
    let found = idx.query(traditional, 5);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].id, found[0].score), (1, 1.0));
}

#[test]
fn short_messages_alike_only_in_their_courtesies_are_not_repeats() {
    let a = "您好，小区门口路灯坏了，希望相关部门予以解答，谢谢！";
    let b = "您好，楼下垃圾没人清运，希望相关部门予以解答，谢谢！";
    let score = jaccard(a, b);
    assert!(score < 0.2, "{score}");
    let idx = index_of(&[(1, a)]);
    assert!(idx.query(b, 5).is_empty());
    // The matter itself still counts.
    assert!(jaccard(a, "小区门口路灯坏了，请有关部门尽快处理") > 0.9);
}

#[test]
fn identical_text_scores_one() {
    let idx = index_of(&[(1, NOISE), (2, WATER), (3, SCHOOL)]);
    let found = idx.query(NOISE, 5);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].id, 1);
    assert_eq!(found[0].score, 1.0);
    assert_eq!(found[0].bands as usize, BANDS);
    assert_eq!(jaccard(NOISE, NOISE), 1.0);
}

#[test]
fn a_lightly_edited_text_scores_high() {
    let idx = index_of(&[(1, NOISE), (2, WATER), (3, SCHOOL)]);
    let exact = jaccard(NOISE, NOISE_EDITED);
    assert!(exact > 0.55, "exact Jaccard {exact}");
    let found = idx.query(NOISE_EDITED, 5);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].id, 1);
    assert!(
        (found[0].score - exact).abs() < 0.2,
        "estimate {} vs exact {exact}",
        found[0].score
    );
}

#[test]
fn an_unrelated_text_matches_nothing() {
    let idx = index_of(&[(1, NOISE), (2, WATER)]);
    assert!(idx.query(SCHOOL, 5).is_empty());
    assert!(jaccard(NOISE, SCHOOL) < 0.1);
    assert!(idx.query("。。。", 5).is_empty(), "no letters, no match");
}

#[test]
fn a_removed_text_is_no_longer_found_and_its_slot_is_reused() {
    let mut idx = index_of(&[(1, NOISE), (2, WATER)]);
    assert!(idx.remove(1));
    assert!(!idx.remove(1), "already gone");
    assert!(idx.query(NOISE, 5).is_empty());
    assert_eq!(idx.len(), 1);
    assert!(idx.insert(7, NOISE_EDITED));
    assert_eq!(idx.query(NOISE, 5)[0].id, 7);
    assert_eq!(idx.query(WATER, 5)[0].id, 2, "other chains are intact");
}

#[test]
fn inserting_an_id_again_replaces_its_text() {
    let mut idx = index_of(&[(1, NOISE)]);
    idx.insert(1, WATER);
    assert_eq!(idx.len(), 1);
    assert!(idx.query(NOISE, 5).is_empty());
    assert_eq!(idx.query(WATER, 5)[0].id, 1);
}

#[test]
fn signatures_and_results_are_deterministic() {
    assert_eq!(Signature::of_text(NOISE), Signature::of_text(NOISE));
    let a = index_of(&[(1, NOISE), (2, NOISE_EDITED), (3, WATER)]);
    let b = index_of(&[(1, NOISE), (2, NOISE_EDITED), (3, WATER)]);
    assert_eq!(a.query(NOISE, 5), b.query(NOISE, 5));
    // The hash functions are constants: the same bytes in every process, on every machine.
    let sig = Signature::of_text("路灯不亮！").map(|s| s.bytes()[..8].to_vec());
    assert_eq!(sig, Some(vec![11, 203, 206, 115, 59, 234, 174, 134]));
}

#[test]
fn many_texts_survive_the_tables_growing() {
    let mut idx = NearDupIndex::default();
    idx.reserve(1000);
    for i in 0..3000 {
        idx.insert(
            i,
            &format!("第{i}号工单：{}", if i % 2 == 0 { WATER } else { SCHOOL }),
        );
    }
    for i in (0..3000).step_by(3) {
        idx.remove(i);
    }
    assert_eq!(idx.len(), 2000);
    idx.insert(5000, NOISE);
    assert_eq!(idx.query(NOISE, 3)[0].id, 5000);
    let found = idx.query(&format!("第1号工单：{SCHOOL}"), 3);
    assert_eq!(found.len(), 3);
    assert!(
        found.iter().all(|m| m.id % 2 == 1 && m.id % 3 != 0),
        "{found:?}"
    );
    assert!(idx.memory_bytes() > 2000 * HASHES);
}

#[test]
fn shared_phrases_explain_a_match() {
    let why = shared_phrases(NOISE, NOISE_EDITED, 3);
    assert_eq!(
        why,
        vec![
            "东城街道幸福里社区12号楼前",
            "老人和孩子经常摔倒",
            "连续一周不亮"
        ]
    );
    assert!(shared_phrases(NOISE, SCHOOL, 3).is_empty());
}

#[test]
fn clustering_groups_one_problem_across_places_and_leaves_the_rest_out() {
    let tree = |community: &str| {
        format!("{community}小区内有一棵百年古树，树根拱起破坏路面，树枝遮挡住户采光，居民多次要求移栽，但古树受保护不能移动，希望有关部门协调处理。")
    };
    let docs = vec![
        (1, "0301", tree("东关社区")),
        (2, "0301", WATER.to_string()),
        (3, "0301", tree("南门社区")),
        (4, "0301", tree("北街社区")),
        (5, "0702", tree("西城社区")),
    ];
    let found = cluster(&docs, 0.5);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].members, vec![1, 3, 4]);
    assert_eq!(found[0].category, "0301");
    assert!(found[0].members.contains(&found[0].representative));
    assert!(found[0].cohesion > 0.5);
    assert!(cluster(&docs, 0.99).is_empty());
}

#[test]
fn a_fingerprint_tells_how_much_two_texts_share() {
    let record = "和平路32号楼下的烧烤店每天营业到凌晨两点，油烟和噪音很大，\
                  楼上的居民无法休息，希望有关部门尽快处理，要求店家安装油烟净化设备";
    let same = Fingerprint::of_text(record);
    // The same text, with other punctuation and a subject before it.
    let retold = format!("烧烤店扰民\n{}", record.replace('，', " "));
    assert_eq!(same.contained_in(&retold), 1.0);
    let first_half: String = record.chars().take(record.chars().count() / 2).collect();
    assert_eq!(Fingerprint::of_text(&first_half).contained_in(record), 1.0);
    let part = same.contained_in(&first_half);
    assert!((0.3..0.7).contains(&part), "{part}");
    let other = "小区门口的路灯坏了一个多月，晚上出行很不方便，请尽快维修";
    assert!(
        same.contained_in(other) < 0.2,
        "{}",
        same.contained_in(other)
    );
    assert!(Fingerprint::of_text(other).contained_in(record) < 0.2);
    assert_eq!(same.contained_in("，。!"), 0.0);
    assert_eq!(Fingerprint::of_text("，。!").contained_in(record), 0.0);
    // A short draft against a ticket forty times its length: what it says is all there.
    let long = format!(
        "{}{}",
        record.repeat(3),
        "另外小区垃圾清运不及时，".repeat(60)
    );
    assert_eq!(
        Fingerprint::of_text("油烟和噪音很大，楼上的居民无法休息").contained_in(&long),
        1.0
    );
    assert!(Fingerprint::of_text("路灯坏了一个多月").contained_in(&long) < 0.2);
}

#[test]
fn a_record_typed_halfway_resembles_its_ticket() {
    let record = "和平路32号楼下的烧烤店每天营业到凌晨两点，油烟和噪音很大，\
                  周末客人更多，喝酒划拳一直闹到天亮，家中老人和孩子长期休息不好，\
                  楼上的居民无法休息，希望有关部门尽快处理，要求店家安装油烟净化设备";
    let whole = shingles(record);
    // The first 40%: the place and the matter, what an operator has typed a minute in.
    let first_half: String = record
        .chars()
        .take(record.chars().count() * 2 / 5)
        .collect();
    let half = shingles(&first_half);
    assert!(half.len() >= MIN_CONTAINED, "{}", half.len());
    // As wholes the two are no near-duplicates; the half is all in the record.
    let o = Overlap::of(&half, &whole);
    assert!(o.jaccard < DEFAULT_MIN_SCORE, "{o:?}");
    assert_eq!(o.first_held, 1.0);
    assert!(o.second_held < 0.6, "{o:?}");
    assert_eq!(o.score(), 1.0);
    // Either way round: a short message that a longer record retells.
    assert_eq!(Overlap::of(&whole, &half).score(), 1.0);
    // The same text scores 1 as a whole.
    let same = Overlap::of(&whole, &whole);
    assert_eq!((same.jaccard, same.score()), (1.0, 1.0));
    // Another matter shares little, however it is counted.
    let other = shingles("小区门口的路灯坏了一个多月，晚上出行很不方便，请尽快维修");
    assert!(Overlap::of(&other, &whole).score() < 0.2);
    // A few words say too little: "油烟和噪音很大" is in many tickets about other shops.
    let few = shingles("油烟和噪音很大");
    let o = Overlap::of(&few, &whole);
    assert_eq!((o.first_held, o.contained()), (1.0, 0.0));
    assert_eq!(o.score(), o.jaccard);
    // Nothing to compare.
    assert_eq!(Overlap::of(&[], &whole).score(), 0.0);
}

/// Tickets of one category: three told in other words in three places about trees blocking the
/// light, two about a tree about to fall, one about pests.
fn trees() -> Vec<(i64, &'static str, &'static str)> {
    vec![
        (1, "020301", "楼前树木遮挡采光\n来电人反映南湖街道文城社区5号楼前的法桐树长得太高，遮挡一楼二楼采光，屋里白天也要开灯，申请修剪。"),
        (2, "020301", "大树挡光\n来电人称文昌街道泰岸社区12号楼南侧几棵大树枝叶伸到阳台，挡住采光，要求修剪树枝。"),
        (3, "020301", "树太高晒不到太阳\n我家住在兴业街道祥岭社区3栋一楼，楼前的绿化树多年没修剪，长得比四楼还高，屋里常年晒不到太阳，衣服都晾不干。"),
        (4, "020301", "枯树有倒伏危险\n来电人反映沙河街道阳岭社区门口一棵枯死的大树，树干已经倾斜，刮风时摇晃厉害，担心砸到行人和车辆，要求尽快处理。"),
        (5, "020301", "歪脖子树快倒了\n凤鸣街道瑞坊社区停车场边上有棵树歪得厉害，根都翘起来了，下雨天随时可能倒下来砸到车，请园林部门来看看。"),
        (6, "020301", "树上虫子多\n来电人反映康坊社区的行道树上长满了毛毛虫，掉得满地都是，还爬进了一楼住户家里，希望尽快打药除虫。"),
    ]
}

/// The labelled sets as other categories' tickets: what every ticket says weighs as little as it
/// does among a centre's tickets.
fn with_others(docs: Vec<(i64, &'static str, &'static str)>) -> Vec<(i64, String, String)> {
    let others = labelled(LABELLED_SETS).expect("the shipped sets parse");
    docs.into_iter()
        .map(|(id, c, t)| (id, c.to_string(), t.to_string()))
        .chain(
            others
                .into_iter()
                .enumerate()
                .map(|(i, t)| (1000 + i as i64, t.category, t.text)),
        )
        .collect()
}

fn found_among(docs: &[(i64, String, String)], threshold: f32) -> Vec<Vec<i64>> {
    cluster(docs, threshold)
        .into_iter()
        .filter(|c| c.members[0] < 1000)
        .map(|c| c.members)
        .collect()
}

#[test]
fn clustering_finds_a_problem_told_in_other_words_in_other_places() {
    let docs = with_others(
        trees()
            .into_iter()
            .map(|(id, _, t)| (id, "9999", t))
            .collect(),
    );
    let found = found_among(&docs, 0.2);
    assert_eq!(
        found,
        vec![vec![1, 2]],
        "the trees blocking the light, told in other words"
    );
    // However loose the threshold, the tree about to fall and the pests are other problems.
    for threshold in [0.1, 0.15, 0.2, CLASS_CASE_SIMILARITY] {
        for c in found_among(&docs, threshold) {
            let light = c.iter().filter(|&&m| m <= 3).count();
            assert!(light == 0 || light == c.len(), "{threshold}: {c:?}");
            assert!(!c.contains(&6), "{threshold}: {c:?}");
        }
    }
    // The same tickets filed under two categories are compared only within each.
    let split: Vec<(i64, String, String)> = docs
        .iter()
        .map(|(id, c, t)| match *id < 1000 && id % 2 == 0 {
            true => (*id, "9998".to_string(), t.clone()),
            false => (*id, c.clone(), t.clone()),
        })
        .collect();
    assert!(found_among(&split, 0.1)
        .iter()
        .all(|c| c.iter().all(|m| m % 2 == c[0] % 2)));
    // Texts with no Chinese are in no cluster, and nothing is an empty input.
    let found = cluster(
        &[
            (1, "0301", "12345"),
            (2, "0301", "12345"),
            (3, "0301", "!!"),
        ],
        0.0,
    );
    assert!(found.is_empty(), "{found:?}");
    assert!(cluster::<&str, &str>(&[], 0.2).is_empty());
}

#[test]
fn average_linkage_does_not_chain_texts_each_like_the_last() {
    // A is like B, B like C, C like D, but A is nothing like D: single linkage made one case of
    // all four, average linkage two.
    let docs = with_others(vec![
        (1, "9999", "工地夜间施工噪音很大，打桩机一直响到凌晨两点"),
        (2, "9999", "打桩机凌晨两点还在响，渣土车进出也很吵"),
        (3, "9999", "渣土车进出工地很吵，车轮带泥把马路弄得很脏"),
        (4, "9999", "车轮带泥把马路弄得很脏，下雨天路面全是烂泥"),
    ]);
    for threshold in [0.0, 0.1, CLASS_CASE_SIMILARITY] {
        assert_eq!(
            found_among(&docs, threshold),
            vec![vec![1, 2], vec![3, 4]],
            "{threshold}"
        );
    }
}

#[test]
fn the_labelled_sets_are_clustered_with_few_wrong_pairs() {
    let texts = labelled(LABELLED_SETS).expect("the shipped sets parse");
    assert!(texts.len() >= 150, "{}", texts.len());
    let docs: Vec<(i64, &str, &str)> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| (i as i64, t.category.as_str(), t.text.as_str()))
        .collect();
    let found = cluster(&docs, CLASS_CASE_SIMILARITY);
    let s = pair_scores(&texts, &found);
    // Alone, without a month of other tickets for document frequencies, the sets join fewer
    // pairs than in service (see `hotline bench repeats`), but what they join is right.
    assert!(s.precision() >= 0.9, "{s:?}");
    assert!(s.recall() >= 0.05, "{s:?}");
    // The old measure (bigram cosine, single linkage at 0.5) joined none of them.
    assert!(s.right >= 15, "{s:?}");
}

#[test]
fn labelled_sets_say_which_line_is_wrong() {
    let ok = "# comment\ns\ta1\t0301\t路灯\t路灯不亮\ns\tax\t0301\t树\t大树要倒\n";
    let texts = labelled(ok).unwrap();
    assert_eq!(texts.len(), 2);
    assert_eq!(texts[0].group.as_deref(), Some("s:a1"));
    assert_eq!(
        texts[1].group, None,
        "a group ending in x is a problem of its own"
    );
    let e = labelled("s\ta1\t0301\t路灯不亮\n").unwrap_err();
    assert!(e.contains("line 1") && e.contains("5"), "{e}");
    let e = labelled("s\ta1\t0301\t路灯\t路灯不亮\ns\t\t0301\t路灯\t不亮\n").unwrap_err();
    assert!(e.contains("line 2"), "{e}");
    // Pairs: two of one problem clustered together and one wrongly with them.
    let three = labelled("s\ta1\tc\tx\t一\ns\ta1\tc\tx\t二\ns\tax\tc\tx\t三\n").unwrap();
    let together = Cluster {
        category: "c".into(),
        members: vec![0, 1, 2, 99],
        representative: 0,
        cohesion: 0.5,
    };
    let s = pair_scores(&three, &[together]);
    assert_eq!(
        s,
        PairScores {
            same_problem: 1,
            clustered: 3,
            right: 1
        }
    );
    assert!((s.precision() - 1.0 / 3.0).abs() < 1e-9);
    assert_eq!(s.recall(), 1.0);
    // Two sets of one category: a pair across sets is no pair, and each set is scored apart.
    let two = labelled("s\ta1\tc\tx\t一\ns\ta1\tc\tx\t二\nt\ta1\tc\tx\t三\n").unwrap();
    let together = Cluster {
        category: "c".into(),
        members: vec![0, 1, 2],
        representative: 0,
        cohesion: 0.5,
    };
    let by_set = pair_scores_by_set(&two, std::slice::from_ref(&together));
    assert_eq!(
        by_set,
        vec![
            (
                "s".to_string(),
                PairScores {
                    same_problem: 1,
                    clustered: 1,
                    right: 1
                }
            ),
            ("t".to_string(), PairScores::default()),
        ]
    );
    assert_eq!(
        pair_scores(&two, &[together]),
        PairScores {
            same_problem: 1,
            clustered: 1,
            right: 1
        }
    );
}

#[test]
fn three_tickets_of_one_problem_alone_in_their_category_still_meet() {
    // Taking the category's mean out of a category of three would take the problem out too.
    let docs = with_others(vec![
        (
            1,
            "9999",
            "小区门口的共享单车堆成一片，把人行道全堵死了，推婴儿车都过不去",
        ),
        (
            2,
            "9999",
            "楼下人行道被共享单车堵死了，乱停乱放一大片，老人推车过不去",
        ),
        (3, "9999", "地铁口共享单车乱停一大片，人行道堵得走不了人"),
    ]);
    assert_eq!(
        found_among(&docs, CLASS_CASE_SIMILARITY),
        vec![vec![1, 2, 3]]
    );
}
