//! 业务统计: the figures a centre is run by, over a range of days, by day, week or month: the
//! instant-answer rate (即时答复率) with the share of direct answers taken from the knowledge base,
//! and first-dispatch accuracy (一次转办准确率) with how often routing suggestions were taken. For
//! `FIGURE_ROLES`: the centre's leaders, supervisors, shift leads, quality inspectors,
//! dispatchers and administrators.
use std::collections::HashMap;

use axum::extract::{Query, State};
use chrono::{Datelike, Duration, Months, NaiveDate};
use maud::{html, Markup};

use hotline_service::figures::{require_figure_role, Bucket, FiguresQuery};
use hotline_service::knowledge::figures::{AnswerFigures, AnswerPeriod};
use hotline_service::routing::figures::{Period, RouteFigures};
use hotline_service::ServiceError;

use crate::error::UiError;
use crate::layout;
use crate::session::Session;
use crate::UiState;

/// A rate as a percentage with one decimal, or a dash when there was nothing to divide.
fn percent(r: Option<f64>) -> String {
    r.map_or_else(|| "—".to_string(), |r| format!("{:.1}%", r * 100.0))
}

/// A rate with the counts it is made of ("75.0%(3/4)"): 100% of 2 is not 100% of 2,000.
fn percent_of(r: Option<f64>, part: u64, whole: u64) -> String {
    match r {
        Some(_) => format!("{}({part}/{whole})", percent(r)),
        None => percent(r),
    }
}

/// A period named by its days: 03-02, 03-02 至 03-08, 2026年3月; cut to the range at its ends.
fn period_label(start: NaiveDate, bucket: Bucket, from: NaiveDate, to: NaiveDate) -> String {
    let first = start.max(from);
    match bucket {
        Bucket::Day => first.format("%Y-%m-%d").to_string(),
        Bucket::Week => {
            let last = (start + Duration::days(6)).min(to);
            format!("{} 至 {}", first.format("%Y-%m-%d"), last.format("%m-%d"))
        }
        Bucket::Month => {
            // A month the range covers in part says which days: its figures are not a whole
            // month's to set beside the others.
            let month_end = (start + Months::new(1)).pred_opt().unwrap_or(start);
            let last = month_end.min(to);
            if first == start && last == month_end {
                format!("{}年{}月", start.year(), start.month())
            } else {
                format!(
                    "{}年{}月({}日至{}日)",
                    start.year(),
                    start.month(),
                    first.day(),
                    last.day()
                )
            }
        }
    }
}

/// The query as typed in the form: dates as YYYY-MM-DD, empty for the default; the bucket by
/// name. Anything else is named back to the person.
fn query(q: &HashMap<String, String>) -> Result<FiguresQuery, String> {
    let day = |field: &str, label: &str| -> Result<Option<NaiveDate>, String> {
        match q.get(field).map(|v| v.trim()).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| format!("{label}「{v}」应写作 YYYY-MM-DD")),
        }
    };
    let bucket = match q.get("bucket").map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Bucket::default(),
        Some(b) => {
            Bucket::parse(b).ok_or_else(|| format!("未知的统计周期「{b}」(按日、按周、按月)"))?
        }
    };
    Ok(FiguresQuery {
        from: day("from", "开始日期")?,
        to: day("to", "结束日期")?,
        bucket,
    })
}

fn answer_row(label: &str, p: &AnswerPeriod) -> Markup {
    html! {
        tr {
            td { (label) }
            td.n { (p.tickets) }
            td.n { (p.consultations) }
            td.n { (p.consultations_answered) }
            td.n.rate { (percent(p.instant_answer_rate)) }
            td.n { (p.answered_directly) }
            td.n { (p.answered_from_knowledge) }
            td.n { (percent(p.knowledge_share)) }
        }
    }
}

fn answers(f: &AnswerFigures) -> Markup {
    html! {
        section #instant-answers {
            h2 { "即时答复率" }
            p.muted { "咨询类工单当场直接答复(未再重新启用)的比例;另列各类直接答复中引用知识库的占比。草稿与已并单的工单不计。" }
            table {
                thead { tr {
                    th { "期间" } th.n { "受理量" } th.n { "咨询" } th.n { "即时答复" } th.n { "即时答复率" }
                    th.n { "直接答复(各类)" } th.n { "其中引用知识库" } th.n { "知识库占比" }
                } }
                tbody {
                    @for p in &f.periods { (answer_row(&period_label(p.start, f.bucket, f.from, f.to), p)) }
                }
                tfoot { (answer_row("合计", &f.total)) }
            }
        }
    }
}

fn route_row(label: &str, p: &Period) -> Markup {
    html! {
        tr {
            td { (label) }
            td.n { (p.tickets) }
            td.n { (p.dispatched) }
            td.n { (p.first_dispatch_correct) }
            td.n.rate { (percent(p.first_dispatch_accuracy)) }
            td.n { (percent_of(p.unit_acceptance, p.unit_accepted, p.unit_suggested)) }
            td.n { (percent_of(p.category_acceptance, p.category_accepted, p.category_suggested)) }
        }
    }
}

fn routing(f: &RouteFigures) -> Markup {
    html! {
        section #routing {
            h2 { "一次转办准确率" }
            p.muted { "已转办的工单中,首次转办未经退单改派即办理的比例;单位与分类建议采纳率按受理时保存的智能建议计算。" }
            table {
                thead { tr {
                    th { "期间" } th.n { "工单数(不含草稿与并入他单的工单)" } th.n { "已转办" } th.n { "一次转办正确" }
                    th.n { "一次转办准确率" } th.n { "单位建议采纳率" } th.n { "分类建议采纳率" }
                } }
                tbody {
                    @for p in &f.periods { (route_row(&period_label(p.start, f.bucket, f.from, f.to), p)) }
                }
                tfoot { (route_row("合计", &f.total)) }
            }
        }
    }
}

fn form(q: &HashMap<String, String>, bucket: Bucket) -> Markup {
    let value = |k: &str| q.get(k).cloned().unwrap_or_default();
    html! {
        form.row method="get" action="/figures" {
            label { "开始日期 " input type="date" name="from" value=(value("from")); }
            label { "结束日期 " input type="date" name="to" value=(value("to")); }
            label { "统计周期 "
                select name="bucket" {
                    @for b in [Bucket::Day, Bucket::Week, Bucket::Month] {
                        option value=(b.as_str()) selected[b == bucket] { (b.label_zh()) }
                    }
                }
            }
            button type="submit" { "查询" }
        }
    }
}

pub async fn figures_page(
    State(st): State<UiState>,
    s: Session,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Markup, UiError> {
    require_figure_role(&s.actor)?;
    let parsed = query(&q);
    let bucket = parsed.as_ref().map(|p| p.bucket).unwrap_or_default();
    let figures = match parsed {
        Err(message) => Err(message),
        Ok(fq) => match st.app.answer_figures(&s.actor, fq.clone()).await {
            Ok(a) => Ok((a, st.app.route_figures(&s.actor, fq).await?)),
            Err(ServiceError::Invalid { message, .. }) => Err(message),
            Err(e) => return Err(e.into()),
        },
    };
    let body = html! {
        h1 { "业务统计" }
        (form(&q, bucket))
        @if let Ok((answers_f, routing_f)) = &figures {
            p.muted { "统计范围 " (answers_f.from) " 至 " (answers_f.to) ",按工单受理日期(北京时间)" }
            (answers(answers_f))
            (routing(routing_f))
        }
    };
    let error = figures.as_ref().err().map(String::as_str);
    Ok(layout::page("业务统计", &s, "/figures", None, error, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default()
    }

    #[test]
    fn periods_are_named_by_their_days_within_the_range() {
        let (from, to) = (day(11, 4), day(11, 24));
        assert_eq!(
            period_label(day(11, 2), Bucket::Week, from, to),
            "2026-11-04 至 11-08"
        );
        assert_eq!(
            period_label(day(11, 23), Bucket::Week, from, to),
            "2026-11-23 至 11-24"
        );
        // A month in part says which of its days are counted; a whole one does not.
        assert_eq!(
            period_label(day(11, 1), Bucket::Month, from, to),
            "2026年11月(4日至24日)"
        );
        assert_eq!(
            period_label(day(10, 1), Bucket::Month, day(9, 15), day(11, 30)),
            "2026年10月"
        );
        assert_eq!(
            period_label(day(11, 1), Bucket::Month, day(9, 15), day(11, 30)),
            "2026年11月"
        );
        assert_eq!(
            period_label(day(9, 1), Bucket::Month, day(9, 15), day(11, 30)),
            "2026年9月(15日至30日)"
        );
        assert_eq!(
            period_label(day(2, 1), Bucket::Month, day(1, 1), day(2, 28)),
            "2026年2月"
        );
        assert_eq!(
            period_label(day(11, 5), Bucket::Day, from, to),
            "2026-11-05"
        );
    }

    #[test]
    fn a_bad_date_or_bucket_is_named() {
        let q = |pairs: &[(&str, &str)]| {
            query(
                &pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            )
        };
        assert!(q(&[]).is_ok());
        assert!(q(&[("from", ""), ("bucket", "")]).is_ok());
        assert!(q(&[("from", "昨天")]).is_err_and(|m| m.contains("开始日期")));
        assert!(q(&[("bucket", "year")]).is_err_and(|m| m.contains("year")));
        assert_eq!(percent(Some(0.6667)), "66.7%");
        assert_eq!(percent(None), "—");
        assert_eq!(percent_of(Some(0.75), 3, 4), "75.0%(3/4)");
        assert_eq!(percent_of(None, 0, 0), "—");
    }
}
