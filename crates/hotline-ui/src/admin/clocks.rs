//! Admin page for the clocks: the deadline tiers (时限等级), the clock lengths (签收, 退单,
//! 回访), the warning share and limits, and the centre's working hours, each changed through
//! `App::change_policy` (checked, in force at once; a refused form keeps what was typed).
use axum::extract::State;
use axum::response::Response;
use chrono::NaiveTime;
use maud::{html, Markup};

use hotline_domain::calendar::{WorkingHours, WorkingSpan};
use hotline_domain::clock::{DeadlineTier, TierLength};
use hotline_domain::policy::Policy;
use hotline_service::{Reference, ServiceError};

use crate::error::UiError;
use crate::fields::Fields;
use crate::layout::csrf;
use crate::session::Session;
use crate::UiState;

use super::{admin_page, after_change, Admin, AdminForm};

/// What a refused form had typed, to show again.
#[derive(Clone, Copy)]
enum Typed<'a> {
    Nothing,
    Tier(&'a Fields),
    Clocks(&'a Fields),
}

/// A time of day as a clock shows it, seconds only when there are some.
fn clock_time(t: NaiveTime) -> String {
    use chrono::Timelike;
    if t.second() == 0 {
        t.format("%H:%M").to_string()
    } else {
        t.format("%H:%M:%S").to_string()
    }
}

/// Working hours as the centre says them: 08:30–12:00、13:30–17:30.
pub(super) fn working_hours_zh(hours: &WorkingHours) -> String {
    let spans: Vec<String> = (hours.spans().iter())
        .map(|s| format!("{}–{}", clock_time(s.start), clock_time(s.end)))
        .collect();
    spans.join("、")
}

/// How a span's two ends may be joined (08:30-12:00, 08:30至12:00).
const SPAN_JOINS: [&str; 6] = ["-", "–", "—", "~", "～", "至"];

/// Working hours as typed ("08:30-12:00、13:30-17:30"; commas, semicolons or spaces between
/// spans too); blank is the calendar's default.
fn parse_working_hours(text: &str) -> Result<Option<WorkingHours>, UiError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let wrong = |what: &str| {
        UiError::Invalid(format!(
            "「工作时间」{what}:应写成 08:30-12:00、13:30-17:30(留空为默认工作时间)"
        ))
    };
    let time = |t: &str| {
        let t = t.trim();
        if t.starts_with("24:") {
            return Err(wrong(&format!("「{t}」:一天最晚写到 23:59")));
        }
        (NaiveTime::parse_from_str(t, "%H:%M:%S"))
            .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
            .map_err(|_| wrong(&format!("「{t}」不是时刻")))
    };
    // Full-width digits and marks as typed with a Chinese input method; spaces around a join
    // belong to its span (08:30 - 12:00), not between spans.
    let mut text: String = (text.chars())
        .map(|c| match c {
            '０'..='９' => {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
            }
            '：' => ':',
            '－' => '-',
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect();
    for join in SPAN_JOINS {
        while text.contains(&format!(" {join}")) || text.contains(&format!("{join} ")) {
            text = text
                .replace(&format!(" {join}"), join)
                .replace(&format!("{join} "), join);
        }
    }
    let mut spans = Vec::new();
    for part in text
        .split(|c: char| matches!(c, '、' | ',' | '，' | ';' | '；') || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        let (start, end) = SPAN_JOINS
            .iter()
            .find_map(|j| part.split_once(j))
            .ok_or_else(|| wrong(&format!("「{part}」不是一段时间")))?;
        spans.push(WorkingSpan {
            start: time(start)?,
            end: time(end)?,
        });
    }
    WorkingHours::new(spans)
        .map(Some)
        .map_err(|e| wrong(&e.zh()))
}

/// The unit of a length as the forms offer it.
fn unit_select(id: &str, name: &str, chosen: &str) -> Markup {
    html! {
        select id=(id) name=(name) {
            @for (value, label) in [("working_days", "工作日"), ("working_hours", "工作小时"), ("natural_hours", "自然小时")] {
                option value=(value) selected[chosen == value] { (label) }
            }
        }
    }
}

/// A length as the form keeps it: (amount, unit).
fn length_fields(l: &TierLength) -> (String, &'static str) {
    match *l {
        TierLength::WorkingDays(n) => (n.to_string(), "working_days"),
        TierLength::WorkingHours(n) => (n.to_string(), "working_hours"),
        TierLength::NaturalHours(n) => (n.to_string(), "natural_hours"),
    }
}

/// A length from the form's `{key}_amount` and `{key}_unit`.
fn length_from(f: &Fields, key: &str, label: &str) -> Result<TierLength, UiError> {
    let amount: u32 = f.int(&format!("{key}_amount"), label)?;
    match f.get(&format!("{key}_unit")) {
        "working_days" => Ok(TierLength::WorkingDays(amount)),
        "working_hours" => Ok(TierLength::WorkingHours(amount)),
        "natural_hours" => Ok(TierLength::NaturalHours(amount)),
        other => Err(UiError::Invalid(format!(
            "「{label}」的计时方式不正确:{other}"
        ))),
    }
}

/// The clock form's fields with the values the policy gives them, in the form's order.
fn clock_fields(p: &Policy) -> Vec<(&'static str, String)> {
    let mut fields = Vec::new();
    for (amount_name, unit_name, l) in [
        ("sign_for_amount", "sign_for_unit", &p.sign_for),
        (
            "return_window_amount",
            "return_window_unit",
            &p.return_window,
        ),
        ("visit_amount", "visit_unit", &p.visit),
    ] {
        let (amount, unit) = length_fields(l);
        fields.push((amount_name, amount));
        fields.push((unit_name, unit.to_string()));
    }
    fields.extend([
        ("warn_percent", format!("{:.0}", p.warn_share * 100.0)),
        ("max_extension_days", p.max_extension_days.to_string()),
        ("reopen_days", p.reopen_days.to_string()),
        ("visit_max_attempts", p.visit_max_attempts.to_string()),
        (
            "working_hours",
            (p.working_hours.as_ref())
                .map(working_hours_zh)
                .unwrap_or_default(),
        ),
    ]);
    fields
}

/// The suffix of the hidden field holding what a field showed when the page was read.
const WAS: &str = "__was";

/// The clock settings' form: what is in force, or what a refused form typed.
fn clocks_form(s: &Session, r: &Reference, typed: &Typed) -> Markup {
    let p: &Policy = &r.policy;
    let fields = clock_fields(p);
    let in_force = |name: &str| {
        (fields.iter())
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let v = |name: &str| match typed {
        Typed::Clocks(f) => f.get(name).to_string(),
        _ => in_force(name),
    };
    // What the form showed first, carried through refusals: a save sets only what differs
    // from it, so a page opened before another admin's change does not put back the rest.
    let was = |name: &str| match typed {
        Typed::Clocks(f) => f.get(&format!("{name}{WAS}")).to_string(),
        _ => in_force(name),
    };
    html! {
        details #edit-clocks open[matches!(typed, Typed::Clocks(_))] {
            summary { "修改时钟与工作时间" }
            p.muted { "修改只影响此后开始计时的期限,已在计时的期限不变。" }
            form method="post" action="/admin/clocks" {
                (csrf(s))
                @for (name, _) in &fields {
                    input type="hidden" name=(format!("{name}{WAS}")) value=(was(name));
                }
                @for (key, label) in [("sign_for", "签收时限"), ("return_window", "退单时限"), ("visit", "回访时限")] {
                    div.row {
                        label { (label) input id=(format!("{key}-amount")) name=(format!("{key}_amount")) required inputmode="numeric" value=(v(&format!("{key}_amount"))); }
                        label { "计时方式" (unit_select(&format!("{key}-unit"), &format!("{key}_unit"), &v(&format!("{key}_unit")))) }
                    }
                }
                div.row {
                    label { "预警比例(%)" input #warn-percent name="warn_percent" required inputmode="numeric" value=(v("warn_percent")); }
                    label { "单次延期上限(工作日)" input #max-extension-days name="max_extension_days" required inputmode="numeric" value=(v("max_extension_days")); }
                    label { "办结后可重新启用(天)" input #reopen-days name="reopen_days" required inputmode="numeric" value=(v("reopen_days")); }
                    label { "回访联系不上几次后免回访" input #visit-max-attempts name="visit_max_attempts" required inputmode="numeric" value=(v("visit_max_attempts")); }
                }
                label { "工作时间(如 08:30-12:00、13:30-17:30;留空为默认)"
                    input #working-hours name="working_hours" value=(v("working_hours")); }
                button #save-clocks type="submit" { "保存" }
            }
        }
    }
}

fn tiers_page(
    st: &UiState,
    s: &Session,
    flash: Option<&str>,
    error: Option<&str>,
    typed: Typed,
) -> Markup {
    let r = st.app.reference();
    let p = &r.policy;
    let tier = |name: &str| match typed {
        Typed::Tier(f) => f.get(name).to_string(),
        _ => String::new(),
    };
    admin_page(
        s,
        "时限等级",
        flash,
        error,
        html! {
            table #tiers {
                thead { tr { th { "编码" } th { "名称" } th { "时限" } } }
                tbody { @for t in &p.tiers { tr data-tier=(t.code) { td { (t.code) } td { (t.name_zh) } td { (t.length.label_zh()) } } } }
            }
            details #edit-tier open[matches!(typed, Typed::Tier(_))] {
                summary { "新增或修改时限等级" }
                p.muted { "已有编码即修改;修改只影响此后开始计时的工单,已在计时的期限不变。" }
                form method="post" action="/admin/tiers" {
                    (csrf(s))
                    div.row {
                        label { "编码" input #tier-code name="code" required maxlength="10" value=(tier("code")); }
                        label.grow { "名称" input #tier-name name="name" required maxlength="30" value=(tier("name")); }
                        label { "计时方式" (unit_select("tier-unit", "unit", &tier("unit"))) }
                        label { "数量" input #tier-amount name="amount" required inputmode="numeric" value=(tier("amount")); }
                    }
                    button #save-tier type="submit" { "保存" }
                }
            }
            h2 { "时钟与工作时间" }
            dl.record #clocks-in-force {
                dt { "签收时限" } dd { (p.sign_for.label_zh()) }
                dt { "退单时限" } dd { (p.return_window.label_zh()) }
                dt { "回访时限" } dd { (p.visit.label_zh()) }
                dt { "预警比例" } dd { (format!("{:.0}%", p.warn_share * 100.0)) }
                dt { "单次延期上限" } dd { (p.max_extension_days) " 个工作日" }
                dt { "办结后可重新启用" } dd { (p.reopen_days) " 天内" }
                dt { "回访联系不上" } dd { (p.visit_max_attempts) " 次后免回访" }
                dt { "工作时间" } dd { (working_hours_zh(r.calendar.working_hours()))
                    @if p.working_hours.is_none() { span.muted { "(默认)" } } }
            }
            (clocks_form(s, &r, &typed))
        },
    )
}

pub async fn tiers(State(st): State<UiState>, Admin(s): Admin) -> Result<Markup, UiError> {
    Ok(tiers_page(&st, &s, None, None, Typed::Nothing))
}

/// Add a deadline tier or change one (by its code), over the policy as stored now.
pub async fn save_tier(
    State(st): State<UiState>,
    AdminForm(s, f): AdminForm,
) -> Result<Response, UiError> {
    let attempt = async {
        // The code's and the name's rules are the service's (`DeadlineTier::code_problem`, for
        // a tier not stored yet): a tier stored before them is still edited here.
        let code = f.text("code", "编码")?;
        let name = f.text("name", "名称")?;
        // Its range (by unit) is the policy's, checked with the rest (`Policy::problems`).
        let amount: u32 = f.int("amount", "数量")?;
        let length = match f.get("unit") {
            "working_days" => TierLength::WorkingDays(amount),
            "working_hours" => TierLength::WorkingHours(amount),
            "natural_hours" => TierLength::NaturalHours(amount),
            other => return Err(UiError::Invalid(format!("「计时方式」不正确:{other}"))),
        };
        let tier = DeadlineTier {
            code: code.clone(),
            name_zh: name,
            length,
        };
        st.app
            .change_policy(&s.actor, |mut policy| {
                match policy.tiers.iter_mut().find(|t| t.code == tier.code) {
                    Some(t) => *t = tier.clone(),
                    None => policy.tiers.push(tier.clone()),
                }
                Ok::<_, hotline_service::ServiceError>(policy)
            })
            .await?;
        Ok::<_, UiError>(code)
    }
    .await;
    Ok(after_change(
        attempt,
        |code| format!("已保存时限等级 {code}"),
        |flash, error| {
            let typed = if error.is_some() {
                Typed::Tier(&f)
            } else {
                Typed::Nothing
            };
            tiers_page(&st, &s, flash, error, typed)
        },
    ))
}

/// Change the clock lengths, limits and working hours; each is checked where it changed.
pub async fn save_clocks(
    State(st): State<UiState>,
    AdminForm(s, f): AdminForm,
) -> Result<Response, UiError> {
    // Only what the person changed is read and set: the rest stays as stored, whatever
    // another admin saved since the page was read (or a value the form cannot show exactly,
    // such as a share of 75.5%).
    let changed = |name: &str| f.get(name).trim() != f.get(&format!("{name}{WAS}")).trim();
    let length_changed =
        |key: &str| changed(&format!("{key}_amount")) || changed(&format!("{key}_unit"));
    let attempt = async {
        let length = |key: &str, label: &str| -> Result<Option<TierLength>, UiError> {
            length_changed(key)
                .then(|| length_from(&f, key, label))
                .transpose()
        };
        let sign_for = length("sign_for", "签收时限")?;
        let return_window = length("return_window", "退单时限")?;
        let visit = length("visit", "回访时限")?;
        let number = |name: &str, label: &str| -> Result<Option<i64>, UiError> {
            changed(name).then(|| f.int::<i64>(name, label)).transpose()
        };
        let warn_percent = number("warn_percent", "预警比例")?;
        let max_extension_days = number("max_extension_days", "单次延期上限")?;
        let reopen_days = number("reopen_days", "办结后可重新启用天数")?;
        let visit_max_attempts = number("visit_max_attempts", "回访联系不上次数")?;
        let working_hours = changed("working_hours")
            .then(|| parse_working_hours(f.get("working_hours")))
            .transpose()?;
        let count = |n: i64, label: &str| {
            u32::try_from(n).map_err(|_| UiError::Invalid(format!("「{label}」应为 0 或正整数")))
        };
        let warn_percent = warn_percent.map(|n| count(n, "预警比例")).transpose()?;
        let max_extension_days =
            (max_extension_days.map(|n| count(n, "单次延期上限"))).transpose()?;
        let visit_max_attempts =
            (visit_max_attempts.map(|n| count(n, "回访联系不上次数"))).transpose()?;
        st.app
            .change_policy(&s.actor, |mut p| {
                p.sign_for = sign_for.unwrap_or(p.sign_for);
                p.return_window = return_window.unwrap_or(p.return_window);
                p.visit = visit.unwrap_or(p.visit);
                if let Some(percent) = warn_percent {
                    p.warn_share = f64::from(percent) / 100.0;
                }
                p.max_extension_days = max_extension_days.unwrap_or(p.max_extension_days);
                p.reopen_days = reopen_days.unwrap_or(p.reopen_days);
                p.visit_max_attempts = visit_max_attempts.unwrap_or(p.visit_max_attempts);
                if let Some(hours) = working_hours.clone() {
                    p.working_hours = hours;
                }
                Ok::<_, ServiceError>(p)
            })
            .await?;
        Ok::<_, UiError>(())
    }
    .await;
    Ok(after_change(
        attempt,
        |()| "已保存时钟与工作时间".to_string(),
        |flash, error| {
            let typed = if error.is_some() {
                Typed::Clocks(&f)
            } else {
                Typed::Nothing
            };
            tiers_page(&st, &s, flash, error, typed)
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_hours_read_as_spans_of_the_day() {
        let calendar = hotline_domain::calendar::WorkCalendar::china();
        assert_eq!(
            working_hours_zh(calendar.working_hours()),
            "08:30–12:00、13:30–17:30"
        );
    }

    #[test]
    fn working_hours_are_typed_as_spans_and_mistakes_are_named() {
        let read = |t: &str| parse_working_hours(t).map(|h| h.map(|h| working_hours_zh(&h)));
        assert_eq!(read("  ").ok(), Some(None));
        for typed in [
            "09:00-12:00、14:00-18:00",
            "9:00-12:00, 14:00-18:00",
            "09：00至12：00；14:00～18:00",
            "09:00–12:00 14:00—18:00",
            "０９：００－１２：００、１４：００－１８：００",
            "09:00 - 12:00 , 14:00 ~ 18:00",
            "09:00:00-12:00:00、14:00-18:00",
        ] {
            assert_eq!(
                read(typed).ok().flatten().as_deref(),
                Some("09:00–12:00、14:00–18:00"),
                "{typed}"
            );
        }
        for (typed, says) in [
            ("9-5", "「9」不是时刻"),
            ("09:00", "「09:00」不是一段时间"),
            ("12:00-09:00", "工作时间"),
            ("09:00-12:00、11:00-17:00", "工作时间"),
            ("25:00-26:00", "不是时刻"),
            ("08:00-24:00", "最晚写到 23:59"),
        ] {
            let message = read(typed).err().map(|e| e.message()).unwrap_or_default();
            assert!(message.contains(says), "{typed}: {message}");
        }
    }
}
