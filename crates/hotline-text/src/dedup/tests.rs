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
