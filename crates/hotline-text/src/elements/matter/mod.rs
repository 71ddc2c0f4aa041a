//! The event (事件) and the demand (诉求) of a text: each sentence cut at its first clause that
//! asks for something (a cue opening it, a phrase anywhere in it, a complaint against someone
//! named), the demand running on into the clauses that serve it; narration, fillers, form fields
//! and who the caller is go from the event.
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::clauses::{clauses, without_form_fields};
use super::party;

mod words;
use words::*;

/// What a clause opening with a complaint (`COMPLAINTS`) complains of, without 一下 and the
/// particles after it: "" for "我要投诉了", "他们" for "本人要投诉他们". None for any other clause.
fn complained_of(clause: &str) -> Option<String> {
    let bare = strip_leading(strip_numbering(clause), SUBJECTS);
    let rest = COMPLAINTS.iter().find_map(|w| bare.strip_prefix(w))?;
    let rest = rest.strip_prefix("一下").unwrap_or(rest);
    Some(
        rest.trim_end_matches(['了', '的', '啊', '呀', '！', '!'])
            .to_string(),
    )
}

/// A complaint announced alone ("我要投诉"): ending a sentence after what happened, the caller's
/// demand that it be dealt with ("王老师体罚学生，我要投诉"); elsewhere only the announcement of
/// what follows.
fn bare_complaint(clause: &str) -> bool {
    complained_of(clause).is_some_and(|of| of.is_empty())
}

fn complains_of_someone(clause: &str) -> bool {
    complained_of(clause).is_some_and(|of| REFERENCES.contains(&of.as_str()))
}

/// Narration at the start of a clause, dropped from the event.
const NARRATION: &[&str] = &[
    "市民来电反映",
    "来电人反映",
    "来电人称",
    "来电人表示",
    "来电反映",
    "来电称",
    "市民反映",
    "网友留言",
    "网友反映",
    "我想反映一下",
    "我想反映",
    "我要反映",
    "我要投诉一下",
    "我想投诉一下",
    "我要投诉",
    "我想投诉",
    "我要举报一下",
    "我想举报一下",
    "我要举报",
    "我想举报",
    "我想问一下",
    "我想咨询一下",
    "是这样的",
    "反映",
    "您好",
    "你好",
    "喂",
];

/// Clauses that carry nothing (courtesy).
const COURTESY: &[&str] = &[
    "谢谢您",
    "谢谢你",
    "谢谢",
    "麻烦了",
    "辛苦了",
    "打扰了",
    "好的",
    "嗯",
    "对",
];

/// Fillers removed inside the event: sounds and 然后 anywhere, words that also carry meaning
/// only where a clause starts ("这难道就是典型的" keeps its 就是).
const FILLERS: &[&str] = &["然后呢", "然后", "嗯", "呃", "哎呀"];
const LEADING_FILLERS: &[&str] = &["那个", "就是说", "就是"];

/// Words that open another matter ("…希望尽快解决，还有，他们店长态度很差"): a demand's tail
/// ends there, and said alone they are no event.
const NEW_MATTER: &[&str] = &["还有就是", "还有", "另外", "此外", "再有"];

/// Clauses after a demand's first clause that still belong to it: "希望尽快处理，还居民一个安静
/// 的环境" is one demand, a run-on message is not.
const DEMAND_TAIL: usize = 2;

/// How a clause that serves the demand before it starts: a purpose, a consequence, thanks.
const DEMAND_SERVING: &[&str] = &[
    "还",
    "给",
    "让",
    "使",
    "以",
    "保障",
    "维护",
    "确保",
    "避免",
    "防止",
    "恢复",
    "否则",
    "不然",
    "谢谢",
    "感谢",
    "多谢",
    "辛苦",
    "拜托",
    "并且",
    "并要求",
    "并追究",
    "并请",
    "同时要求",
    "同时请",
    // A condition on how it is done ("希望尽快处理，但不要影响居民出行").
    "但不要",
    "但请",
    "但别",
    "但务必",
    "但须",
];

/// Whether a clause asks a question or is only a label or cue ("请问低保怎么申请", "咨询",
/// "诉求"): what follows it is what is asked, not an event.
fn asks(clause: &str) -> bool {
    let bare = without_caller(&strip_leading(strip_numbering(clause), SUBJECTS));
    // A short clause is a label ("咨询", "诉求"), not an appeal ("我想申诉") or a cry for
    // someone to come ("快来人", "赶紧来"), after which what happened is told.
    (bare.chars().count() <= 4
        && !APPEALS.iter().any(|w| bare.starts_with(w))
        && automata().0.find(bare.as_str()).is_none())
        || opens_a_question(&bare)
}

/// Words that open a question ("询问办理流程"): after a demand they go on with it.
const QUESTION_OPENINGS: &[&str] = &[
    "请问",
    "咨询",
    "想问",
    "问一下",
    "想了解",
    "了解一下",
    "询问",
    "问问",
];

/// Whether `bare` opens a question: not "询问了物业" or "咨询过街道", what the caller did.
fn opens_a_question(bare: &str) -> bool {
    QUESTION_OPENINGS.iter().any(|w| {
        bare.strip_prefix(w)
            .is_some_and(|rest| !rest.starts_with(['了', '过']))
    })
}

/// Whether `bare` opens with the demand cue `cue`: not "咨询过物业", "要求了多次" or "请假在家",
/// what the caller did (but "希望过年前修好", "要求过户", "请过来看看" are demands).
fn opens_demand(bare: &str, cue: &str) -> bool {
    let Some(rest) = bare.strip_prefix(cue) else {
        return false;
    };
    let done = rest.starts_with('了')
        || rest
            .strip_prefix('过')
            .is_some_and(|r| !r.starts_with(['来', '去', '年', '户', '问', '目']));
    !(done || (cue.ends_with('请') && rest.starts_with('假')))
}

fn serves_demand(clause: &str) -> bool {
    !NEW_MATTER.iter().any(|w| clause.starts_with(w))
        && (DEMAND_SERVING.iter().any(|w| clause.starts_with(w)) || COURTESY.contains(&clause))
}

fn strip_leading(mut s: &str, words: &[&str]) -> String {
    while let Some(rest) = words.iter().find_map(|w| s.strip_prefix(w)) {
        if rest.is_empty() {
            break;
        }
        s = rest;
    }
    s.to_string()
}

/// Demand phrases and fillers, each as one automaton (built once per process).
fn automata() -> &'static (AhoCorasick, AhoCorasick) {
    static AUTOMATA: OnceLock<(AhoCorasick, AhoCorasick)> = OnceLock::new();
    AUTOMATA.get_or_init(|| {
        let build = |words: &[&str]| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(words)
                .expect("the built-in word lists are small")
        };
        (build(DEMAND_PHRASES), build(FILLERS))
    })
}

/// A list number opening a clause: "三、", "1、", "2.", "（1）".
fn strip_numbering(clause: &str) -> &str {
    let rest = clause.trim_start_matches(['（', '(']);
    let digits = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
        .map(char::len_utf8)
        .sum::<usize>();
    if digits == 0 {
        return clause;
    }
    let after = &rest[digits..];
    match after.chars().next() {
        Some(c @ ('、' | '.' | '）' | ')' | '．')) => after[c.len_utf8()..].trim_start(),
        _ => clause,
    }
}

fn is_demand(clause: &str) -> bool {
    // Words in quotation marks are someone's words, not the caller's demand.
    if clause.starts_with(['“', '"', '‘', '「']) {
        return false;
    }
    let bare = without_caller(&strip_leading(strip_numbering(clause), SUBJECTS));
    APPEALS.iter().any(|w| clause.contains(w))
        || complains_of_someone(clause)
        || (DEMAND_CUES.iter().any(|c| opens_demand(&bare, c)) && !required_of_callers(clause))
        || asked_here(clause)
}

/// Words that link a clause to the one before without naming who acts: "（物业要求我们交钱，）
/// 并要求业主签字".
const LINKS: &[&str] = &[
    "并且", "并", "还", "又", "便", "就", "也", "再", "竟然", "强行", "强制", "硬性", "一再",
    "多次", "反复",
];

/// Those on the caller's side, as what someone else requires of them names them.
const CALLERS_SIDE: &[&str] = &[
    "我们",
    "我家",
    "我",
    "本人",
    "业主们",
    "业主",
    "住户",
    "居民们",
    "居民",
    "学生们",
    "学生",
    "学员们",
    "学员",
    "家长们",
    "家长",
    "员工们",
    "员工",
    "职工们",
    "职工",
    "村民们",
    "村民",
    "大家",
    "全体",
    "每户",
    "各户",
    "商户",
    "租户",
];

/// What after 我们 or 业主 makes it whose, not who: "要求我们小区尽快通燃气" asks for the
/// caller's community, "要求业主委员会公开账目" asks a body to act.
const WHOSE: &[&str] = &[
    "小区",
    "村",
    "社区",
    "单位",
    "公司",
    "学校",
    "这里",
    "这边",
    "那里",
    "楼",
    "委员会",
    "大会",
    "委会",
    "区",
    "镇",
    "县",
    "市",
    "省",
    "校",
    "街道",
    "的",
];

/// Whether a clause tells what someone else requires of the caller's side, the way a story
/// goes on ("房东上门，要求我们三天内搬走", "物业…，并要求业主签字同意"): 要求 opening it with
/// no one before it but a linking word, and the caller's side after it. That is the event, not
/// the caller's demand ("我要求开发商按合同交房", "要求我们单位补发工资" stay demands).
fn required_of_callers(clause: &str) -> bool {
    let opened = strip_leading(strip_numbering(clause), LINKS);
    let Some(rest) = opened.strip_prefix("要求") else {
        return false;
    };
    // The caller's side, in as many words as name it (我们业主, 我本人), the longest first
    // (我们 before 我: 我们村 is whose).
    let mut after = rest;
    let mut named = false;
    while let Some(next) = CALLERS_SIDE.iter().find_map(|w| after.strip_prefix(w)) {
        after = next;
        named = true;
    }
    if !named || after.is_empty() || WHOSE.iter().any(|n| after.starts_with(n)) {
        return false;
    }
    // A noun or a place next makes it whose (要求员工工资按时发放, 要求我家门口的路灯修好,
    // 要求学生宿舍恢复供电); what they are to do is a verb, a time or a manner (签字, 三天内,
    // 积极配合).
    let head: String = after.chars().take(8).collect();
    let next = crate::route::default_jieba().tag(&head, true);
    !next
        .first()
        .is_some_and(|w| matches!(w.tag.as_bytes().first(), Some(b'n' | b's' | b'f')))
}

/// How a consultation asks what to do, where, with what or for how much ("怎么补缴",
/// "要去哪里换证", "需要什么材料").
const HOW_TO: &[&str] = &[
    "怎么办理",
    "怎么申请",
    "怎么补",
    "怎么交",
    "怎么缴",
    "怎么领",
    "怎么提取",
    "怎么查",
    "怎么换",
    "怎么转",
    "怎么迁",
    "怎么报",
    "怎样办理",
    "怎样申请",
    "如何办理",
    "如何申请",
    "如何补",
    "去哪里",
    "到哪里",
    "去哪儿",
    "在哪里办",
    "在哪办",
    "找哪个部门",
    "找哪个单位",
    "需要什么",
    "需要哪些",
    "要带什么",
    "要什么材料",
    "哪些材料",
    "什么手续",
    "哪些手续",
    "要多少钱",
    "要多久",
];

/// Whether a sentence's last clause asks how to go about the matter the clauses before it
/// tell ("我的社保断缴了三个月，怎么补缴"): that question is the demand. A plight, a
/// hypothesis or a reproach is not (`RHETORICAL`).
fn asks_how(clause: &str, question: bool) -> bool {
    let asked = HOW_TO.iter().any(|w| {
        clause.match_indices(w).any(|(at, _)| {
            // "钱到哪里去了" asks where something went, "告到哪里都没用" where it did not help,
            // "挖到哪里算哪里" says how things are done.
            let after = &clause[at + w.len()..];
            !(after.starts_with(['了', '都', '也', '算']) || after.starts_with("去了"))
        })
    });
    // Asked as a question, or short as a question typed without its mark ("怎么补缴").
    let short = clause.chars().count() <= 12;
    // "是如何办理下来的" asks how it was done; "怎么交房的时候" is a when.
    let told = clause
        .trim_end_matches(['？', '?', '。', '呢'])
        .ends_with('的')
        || clause.contains("的时候");
    asked && (question || short) && !told && !RHETORICAL.iter().any(|w| clause.contains(w))
}

/// The longest a question after an asked demand runs and still asks on
/// ("在哪里办理？周末能不能办？").
const ASKS_ON_CHARS: usize = 20;

/// Words of a question that reproaches rather than asks ("为何一年了还没有通知？").
const REPROACH: [&str; 5] = ["为什么", "为何", "凭什么", "怎么能", "敷衍"];

/// Words that make a question the caller's plight, a hypothesis, a reproach or someone else's
/// words rather than what they ask ("不知道怎么办理", "万一要交多少钱", "到底去哪里了"). Not 要是:
/// it stands inside 主要是.
const RHETORICAL: &[&str] = &[
    "不知道",
    "不晓得",
    "不清楚该",
    "如果",
    "万一",
    "假如",
    "到底",
    "难道",
    "究竟",
    "不然",
    "让人",
    // Someone else's words: "物业也不说要多久".
    "说要",
    "不说",
    "没说",
];

/// Whether a demand phrase stands in `clause` as asked, not as told: one followed by 过 is what
/// was done ("物业派人来看过", "网格员帮忙处理过一次"), as is someone sent, called or helping
/// followed by 了 ("派人来看了一下", "叫物业来了也没用"); "是该管管了", "该给个说法了" still ask.
/// Reported speech is not asked either: "物业说要派人来看看", "我问物业什么时候来修".
fn asked_here(clause: &str) -> bool {
    automata().0.find_iter(clause).any(|m| {
        let (before, phrase, after) = (
            &clause[..m.start()],
            &clause[m.start()..m.end()],
            &clause[m.end()..],
        );
        let done = phrase.contains('派') || phrase.starts_with(['帮', '叫', '让', '喊']);
        // The eight characters just before it: a run-on message may say 说 far back and still
        // ask.
        let near = &before[before.char_indices().rev().nth(7).map_or(0, |(i, _)| i)..];
        let reported = near.contains('说') || near.contains("我问") || near.contains("问他");
        let told = after.starts_with('过') || (after.starts_with('了') && done);
        !(TOLD.contains(&phrase) || reported || told)
    })
}

/// A clause without the caller named at its start when what follows is a demand or a question
/// ("韩女士咨询", "秦先生要求查询…", "王秀英想申请…"): the operator's record names the caller
/// where another says 来电人.
fn without_caller(clause: &str) -> String {
    let opens = |rest: &str| {
        DEMAND_CUES
            .iter()
            .chain(QUESTION_OPENINGS)
            .chain(&["申请"])
            .any(|c| rest.starts_with(c))
    };
    party::person_openings(clause)
        .into_iter()
        .map(|n| &clause[n..])
        .find(|rest| opens(rest))
        .map_or_else(|| clause.to_string(), str::to_string)
}

/// Whether the clause at `i` tells what the caller already asked of someone, and it went
/// unheeded ("我多次找物业，要求其维修，但一直没人管"): 要求 opening it, and one of the two
/// clauses after it telling of no answer or a refusal. That is the event; the caller's demand
/// of the hotline is what they ask besides ("希望尽快处理").
fn asked_before(clauses: &[&str], i: usize) -> bool {
    let opened = strip_leading(&strip_leading(strip_numbering(clauses[i]), SUBJECTS), LINKS);
    if !opened.starts_with("要求") {
        return false;
    }
    clauses[i + 1..].iter().take(2).any(|c| tells_unheeded(c))
}

/// Whether a clause tells that what was asked went unheeded ("但一直没人管", "物业不予理睬"),
/// rather than asking on ("到底有没有人管？").
fn tells_unheeded(clause: &str) -> bool {
    let told = UNHEEDED.iter().any(|w| clause.contains(w))
        || (CONTRASTS.iter().any(|w| clause.starts_with(w))
            && NOT_DONE.iter().any(|w| clause.contains(w)));
    told && !is_demand(clause)
}

/// Splits the text into sentences of clauses and sorts them into the event and the demand.
/// What the caller asked before and went unheeded is the event, unless the caller asks nothing
/// else: then it is what they still want.
pub(super) fn event_and_demand(text: &str) -> (String, String) {
    let (event, demand) = sorted(text, true);
    if demand.is_empty() {
        return sorted(text, false);
    }
    (event, demand)
}

/// `event_and_demand`, telling asks made before as the event (`asks_before_told`) or not.
fn sorted(text: &str, asks_before_told: bool) -> (String, String) {
    // Each sentence with its end: a question keeps its question mark, anything else ends "。".
    let mut event_sentences: Vec<(String, &str)> = Vec::new();
    let mut demand_sentences: Vec<(String, &str)> = Vec::new();
    // Whether the sentence before ended in a question the demand asks: a question after it
    // asks on ("…需要什么材料？在哪里办理？").
    let mut asking = false;
    for sentence in text.split_inclusive(crate::is_sentence_break) {
        let question = sentence.ends_with(['？', '?']);
        let sentence = sentence
            .strip_suffix(crate::is_sentence_break)
            .unwrap_or(sentence);
        let sentence = without_form_fields(sentence);
        let clauses: Vec<&str> = clauses(&sentence)
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        let demands =
            |i: usize| is_demand(clauses[i]) && !(asks_before_told && asked_before(&clauses, i));
        let cut = clauses
            .iter()
            .enumerate()
            .position(|(i, c)| {
                demands(i)
                    || (i > 0
                        && i + 1 == clauses.len()
                        && (bare_complaint(c) || asks_how(c, question)))
            })
            .unwrap_or(clauses.len());
        // Only a short plain question asks on: a long one, or one of reproach, tells.
        let asks_on = asking
            && question
            && cut == clauses.len()
            && !clauses.is_empty()
            && sentence.chars().count() <= ASKS_ON_CHARS
            && !(RHETORICAL.iter().chain(&REPROACH)).any(|w| sentence.contains(w));
        if asks_on {
            demand_sentences.push((clauses.join("，"), "？"));
            continue;
        }
        // A demand said before anything happened ("麻烦你们派人来看看，我家楼下的下水道堵了")
        // runs on only into clauses that serve it ("还居民一个安静的环境", "谢谢"); what
        // follows is the event. Elsewhere it runs on `DEMAND_TAIL` clauses.
        // A question or a bare label first (请问…, 咨询：…, 诉求：…) is the demand itself.
        let demand_first =
            cut == 0 && event_sentences.is_empty() && !clauses.first().is_some_and(|c| asks(c));
        let mut tail_open = true;
        let mut last_in_demand = false;
        let mut demand: Vec<String> = Vec::new();
        let mut event: Vec<String> = clauses[..cut].iter().filter_map(|c| condensed(c)).collect();
        for (i, c) in clauses[cut..].iter().enumerate() {
            // What tells an ask made before went unheeded is the event ("要求其退还，物业不予
            // 理睬", when nothing else is asked).
            tail_open &= i <= DEMAND_TAIL
                && !(i > 0 && asked_before(&clauses, cut) && tells_unheeded(c))
                && (!demand_first
                    || i == 0
                    || serves_demand(c)
                    || opens_a_question(&strip_leading(c, SUBJECTS)));
            // Numbered items go on a list the demand began ("一、设置警示标志，二、…"), and
            // questions on what it asks ("…如何办理参保缴费，需要带哪些材料，到哪里办理？").
            let listed = last_in_demand && strip_numbering(c) != *c;
            let asks_on = last_in_demand && asks_how(c, question);
            last_in_demand = tail_open || demands(cut + i) || listed || asks_on;
            if last_in_demand {
                demand.push(c.to_string());
            } else if let Some(c) = condensed(c) {
                event.push(c);
            }
        }
        // The question mark goes with the sentence's last clause.
        let (event_end, demand_end) = match (question, last_in_demand) {
            (true, true) => ("。", "？"),
            (true, false) => ("？", "。"),
            (false, _) => ("。", "。"),
        };
        if !event.is_empty() {
            event_sentences.push((event.join("，"), event_end));
        }
        if let Some(first) = demand.first_mut() {
            *first = without_caller(&strip_leading(strip_numbering(first), SUBJECTS));
        }
        // A bare label ("诉求：…") is followed by the demand itself.
        if demand.len() > 1 && ["诉求", "要求", "诉求内容"].contains(&demand[0].as_str()) {
            demand.remove(0);
        }
        // A bare ask ("咨询：…") runs on into what is asked.
        if demand.len() > 1 && ["咨询", "请问", "询问"].contains(&demand[0].as_str()) {
            let asked = demand.remove(1);
            demand[0].push_str(&asked);
        }
        asking = question && last_in_demand;
        if !demand.is_empty() {
            demand_sentences.push((demand.join("，"), demand_end));
        }
    }
    let join = |sentences: Vec<(String, &str)>| {
        sentences
            .into_iter()
            .map(|(s, end)| s + end)
            .collect::<String>()
    };
    let (event, demand) = (join(event_sentences), join(demand_sentences));
    // A consultation and nothing else ("来电人咨询居住证怎么办理"): what is asked is the matter,
    // and an answer to it the demand, as records write them.
    if event.is_empty() {
        if let Some(asked) = consultation(&demand) {
            // Several questions keep their marks ("…什么时候调整？今年的已经发放了吗？").
            let end = if asked.contains(['？', '?']) {
                "？"
            } else {
                "。"
            };
            return (format!("咨询{asked}{end}"), format!("希望告知{asked}{end}"));
        }
    }
    (event, demand)
}

/// What a demand made only of questions asks ("咨询公积金提取的条件" → "公积金提取的条件";
/// several, each without its asking words: "请问低保怎么申请？请问需要什么材料" → "低保怎么申
/// 请？需要什么材料"), without its last stop or question mark; None for a demand that asks
/// nothing, holds a statement beside its question, uses 咨询 for something else (咨询过社区,
/// 咨询电话, 咨询费), or complains in a question's words (为什么…, 有没有人管, 要求处理).
fn consultation(demand: &str) -> Option<String> {
    // The openings of a question, and the 想… forms that hold one of them (想问问 before its
    // 想问). No bare 问: 问题什么时候能解决 asks about no 题.
    const WANTS_TO_ASK: [&str; 2] = ["想咨询", "想问问"];
    const NOT_ASKED: [&str; 10] = [
        "了",
        "过",
        "电话",
        "热线",
        "费",
        "公司",
        "师",
        "为什么",
        "为啥",
        "凭什么",
    ];
    const COMPLAINTS: [&str; 8] = [
        "要求",
        "处理",
        "投诉",
        "举报",
        "有没有人管",
        "没人管",
        "管不管",
        "整改",
    ];
    let body = demand.trim_end_matches(['。', '？', '?', '！', '!', '.', ' ']);
    // One question, or several asked one after another; not a question and a statement.
    let questions_only =
        demand.trim_end().ends_with(['？', '?']) && !body.contains(['。', '！', '!']);
    if body.contains(['。', '？', '?', '！', '!']) && !questions_only {
        return None;
    }
    // 想咨询一下，请问… : every asking word, and the 一下 or 下 after it; in each question
    // when there are several ("请问低保怎么申请？请问需要什么材料" → 低保怎么申请？需要什么材料).
    let without_asking = |question: &str| -> (String, bool) {
        let mut rest = question;
        let mut asked_any = false;
        while let Some(r) =
            (WANTS_TO_ASK.iter().chain(QUESTION_OPENINGS)).find_map(|a| rest.strip_prefix(a))
        {
            asked_any = true;
            rest = r
                .strip_prefix("一下")
                .or_else(|| r.strip_prefix('下'))
                .unwrap_or(r)
                .trim_start_matches(['：', ':', '，', ',', ' ']);
        }
        (rest.to_string(), asked_any)
    };
    let mut questions = body.split(['？', '?']);
    let (first, asked_any) = without_asking(questions.next().unwrap_or_default());
    let asked = std::iter::once(first)
        .chain(questions.map(|q| without_asking(q).0))
        .collect::<Vec<_>>()
        .join("？");
    let fits = asked_any
        && asked.chars().count() >= 2
        && !NOT_ASKED.iter().any(|w| asked.starts_with(w))
        && !COMPLAINTS.iter().any(|w| asked.contains(w));
    fits.then_some(asked)
}

/// Whether a clause only says who the caller is or how to reach them ("我是张建国", "电话
/// 13812345678", "我的手机号是138…"): no part of what happened, and not to be copied where a
/// confidential caller's ticket is read.
fn introduces_caller(clause: &str) -> bool {
    let c = clause.trim_end_matches(['。', '！', '!', '.']);
    let named = ["我是", "我叫", "本人是", "本人叫", "本人"]
        .iter()
        .any(|w| {
            c.strip_prefix(w)
                .is_some_and(|rest| party::person_openings(rest).contains(&rest.len()))
        });
    let number = c.trim_start_matches(|ch: char| !ch.is_ascii_digit());
    let label = &c[..c.len() - number.len()];
    let reached = number.chars().filter(char::is_ascii_digit).count() >= 7
        && number
            .chars()
            .all(|d| d.is_ascii_digit() || "- ".contains(d))
        && label.chars().count() <= 8
        && ["电话", "手机", "号码", "联系方式"]
            .iter()
            .any(|w| label.contains(w));
    named || reached
}

/// A clause of the event without narration and fillers; None when nothing is left.
fn condensed(clause: &str) -> Option<String> {
    let c = strip_leading(clause, NARRATION);
    // "王先生来电", "网友李女士反映": who is calling, not what happened.
    let reporting = ["来电", "来电反映", "来电称", "反映", "留言"]
        .iter()
        .any(|w| c.ends_with(w));
    if NARRATION.contains(&c.as_str()) || (reporting && c.chars().count() <= 8) {
        return None;
    }
    // What narration leaves of "我要投诉他们" only points back; a topic said as its own clause
    // ("这家店，天天占道经营") stays.
    if LEADING_FILLERS.contains(&c.as_str())
        || NEW_MATTER.contains(&c.as_str())
        || (c != clause && REFERENCES.contains(&c.as_str()))
        || introduces_caller(&c)
    {
        return None;
    }
    let c = strip_leading(&c, LEADING_FILLERS);
    let c = automata().1.replace_all(&c, &[""; FILLERS.len()]);
    let c = c.trim().to_string();
    (!c.is_empty() && !COURTESY.contains(&c.as_str())).then_some(c)
}
