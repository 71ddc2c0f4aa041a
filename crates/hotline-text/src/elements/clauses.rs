//! A sentence cut into clauses for the event and the demand (`matter`): a record form's fields
//! dropped first (who called, how to reach them, a short place or time; a matter's label goes
//! and the matter stays), then the parts between commas and colons, except an ASCII comma or
//! colon inside a number or after a URL's scheme.
use super::party;

/// Fields of a record form that tell how to reach the caller, besides the labels before a
/// caller's name (`party::CALLER_LABELS`: 来电人, 联系人): not what happened.
const FORM_FIELDS: &[&str] = &[
    "性别",
    "年龄",
    "电话",
    "联系电话",
    "联系方式",
    "手机",
    "手机号",
    "来电号码",
    "身份证号",
    "工单编号",
    "编号",
];

/// Fields whose value may be what happened where it is long ("地点：幸福小区门口有人占道经营").
const PLACE_TIME_FIELDS: &[&str] = &["地址", "住址", "联系地址", "地点", "时间", "来电时间"];

/// Labels before what happened: the label goes, the matter stays ("反映事项：工资没发").
const MATTER_LABELS: &[&str] = &[
    "反映事项",
    "反映问题",
    "反映内容",
    "投诉事项",
    "投诉内容",
    "举报内容",
    "事项",
    "问题",
    "内容",
    "事件",
    "情况",
];

/// The longest value of a place or time field that is only a place or a time.
const SHORT_FIELD_CHARS: usize = 10;

/// A sentence without its form fields: a field's label, its colon and its value up to the next
/// comma, a space or what the caller does after it ("来电人：张先生反映噪音" → "反映噪音"); a
/// place or time field's long value stays, as does a matter after its label.
pub(super) fn without_form_fields(sentence: &str) -> String {
    let mut kept = String::with_capacity(sentence.len());
    for clause in sentence.split_inclusive(['，', ',']) {
        let field = clause.trim_start();
        let labelled = |labels: &mut dyn Iterator<Item = &&str>| {
            for label in labels {
                let value = field
                    .strip_prefix(label)
                    .map(str::trim_start)
                    .and_then(|rest| rest.strip_prefix(['：', ':']));
                if let Some(value) = value {
                    return Some(value.trim_start());
                }
            }
            None
        };
        let person_fields = &mut party::CALLER_LABELS.iter().chain(FORM_FIELDS);
        if let Some(value) = labelled(&mut MATTER_LABELS.iter()) {
            kept.push_str(value);
        } else if let Some(value) = labelled(person_fields) {
            // The value ends at a space or where the caller's words begin.
            let spaced = value.find(char::is_whitespace);
            let reported = (1..value.len())
                .filter(|&i| value.is_char_boundary(i))
                .find(|&i| party::REPORTING.iter().any(|w| value[i..].starts_with(w)));
            if let Some(at) = [spaced, reported].into_iter().flatten().min() {
                kept.push_str(value[at..].trim_start());
            }
        } else if let Some(value) = labelled(&mut PLACE_TIME_FIELDS.iter()) {
            let value_chars = value.trim_end_matches(['，', ',']).chars().count();
            if value_chars > SHORT_FIELD_CHARS {
                kept.push_str(value);
            }
        } else {
            kept.push_str(clause);
        }
    }
    kept
}

/// The clauses of a sentence: parts between commas and colons, but an ASCII comma or colon
/// inside a number ("5:30", "1,000") or after a URL's scheme ("http://") is part of what is
/// said, not punctuation between clauses.
pub(super) fn clauses(sentence: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut at = sentence.char_indices().peekable();
    let mut before: Option<char> = None;
    std::iter::from_fn(move || {
        while let Some((i, c)) = at.next() {
            let after = at.peek().map(|&(_, c)| c);
            let within = |b: Option<char>| b.is_some_and(|b| b.is_ascii_digit());
            let splits = match c {
                '，' | '：' => true,
                ',' => !(within(before) && within(after)),
                ':' => !(within(before) && within(after)) && after != Some('/'),
                _ => false,
            };
            before = Some(c);
            if splits {
                let clause = &sentence[start..i];
                start = i + c.len_utf8();
                return Some(clause);
            }
        }
        (start <= sentence.len()).then(|| {
            let clause = &sentence[start..];
            start = sentence.len() + 1;
            clause
        })
    })
}
