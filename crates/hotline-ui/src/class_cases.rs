//! 类案分析: the same kind of problem raised in several places over recent weeks, for supervisors
//! and leaders (`App::class_cases`): each class case with its category, how many tickets and
//! places, a representative ticket and its text, and every ticket with its place and state.
use std::collections::{BTreeMap, HashMap};

use axum::extract::{Query, State};
use maud::{html, Markup};

use hotline_domain::org::{Place, PlaceKind};
use hotline_domain::text::clipped;
use hotline_service::class_cases::{
    require_class_case_role, ClassCase, ClassCaseQuery, DEFAULT_DAYS, DEFAULT_MIN_SIZE,
};
use hotline_service::{Reference, ServiceError};

use crate::error::UiError;
use crate::format;
use crate::layout;
use crate::session::Session;
use crate::UiState;

/// The windows offered in the form (any 1–90 typed into the address works too).
const WINDOWS: [u32; 5] = [7, 14, 30, 60, 90];
/// Characters of the representative text shown before it is cut.
const TEXT_CHARS: usize = 240;

/// Class cases shown on a page.
const PAGE: usize = 20;
/// The last page number read (far beyond any city's class cases).
const MAX_PAGE: usize = 10_000;

/// What the form asked for: the service's query, a page of `PAGE` cases at a time.
#[derive(Debug, PartialEq)]
struct Asked {
    filters: ClassCaseQuery,
    /// 1 for the first page.
    page: usize,
}

impl Default for Asked {
    fn default() -> Self {
        Self {
            filters: ClassCaseQuery::default(),
            page: 1,
        }
    }
}

impl Asked {
    fn query(&self) -> ClassCaseQuery {
        ClassCaseQuery {
            offset: (self.page - 1) * PAGE,
            limit: PAGE,
            ..self.filters.clone()
        }
    }

    /// The address of another page of the same class cases.
    fn page_link(&self, page: usize) -> String {
        let f = &self.filters;
        let mut link = format!("/class-cases?days={}&min_size={}", f.days, f.min_size);
        for (key, value) in [("category", &f.category), ("place", &f.place)] {
            if let Some(v) = value {
                link.push_str(&format!("&{key}={}", crate::error::encode_component(v)));
            }
        }
        if f.open_only {
            link.push_str("&open_only=1");
        }
        link.push_str(&format!("&page={page}"));
        link
    }
}

/// The query as typed: blank fields take the defaults, anything else unreadable is named.
fn asked(q: &HashMap<String, String>) -> Result<Asked, String> {
    let field = |k: &str| q.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let days = match field("days") {
        None => DEFAULT_DAYS,
        Some(v) => v
            .parse()
            .map_err(|_| format!("统计范围「{v}」应为 1–90 的整数(天)"))?,
    };
    let min_size = match field("min_size") {
        None => DEFAULT_MIN_SIZE,
        Some(v) => v
            .parse()
            .map_err(|_| format!("最少工单数「{v}」应为不小于 2 的整数"))?,
    };
    let page = match field("page") {
        None => 1,
        Some(v) => v
            .parse()
            .ok()
            .filter(|p| (1..=MAX_PAGE).contains(p))
            .ok_or_else(|| format!("页码「{v}」应为 1–{MAX_PAGE} 的整数"))?,
    };
    Ok(Asked {
        filters: ClassCaseQuery {
            days,
            min_size,
            category: field("category").map(str::to_string),
            place: field("place").map(str::to_string),
            // A ticked box sends 1; a hand-written address may say so in other words.
            open_only: field("open_only").is_some_and(|v| !matches!(v, "0" | "false" | "否")),
            refresh: field("refresh").is_some(),
            ..ClassCaseQuery::default()
        },
        page,
    })
}

fn form(r: &Reference, a: &Asked, categories: &BTreeMap<String, String>) -> Markup {
    let mut districts: Vec<&Place> = (r.places.values())
        .filter(|p| p.kind == PlaceKind::District && p.active)
        .collect();
    districts.sort_by(|x, y| x.code.cmp(&y.code));
    html! {
        form.row method="get" action="/class-cases" {
            label { "统计范围 "
                select name="days" {
                    @if !WINDOWS.contains(&a.filters.days) {
                        option value=(a.filters.days) selected { "近 " (a.filters.days) " 天" }
                    }
                    @for d in WINDOWS {
                        option value=(d) selected[d == a.filters.days] { "近 " (d) " 天" }
                    }
                }
            }
            label { "最少工单数 " input type="number" name="min_size" min="2" value=(a.filters.min_size); }
            label { "分类 "
                select name="category" {
                    option value="" { "全部" }
                    @for (code, name) in categories {
                        option value=(code) selected[a.filters.category.as_deref() == Some(code.as_str())] { (name) }
                    }
                }
            }
            label { "区域 "
                select name="place" {
                    option value="" { "全市" }
                    // A street asked for in the address stays selected.
                    @if let Some(p) = a.filters.place.as_deref().filter(|p| !districts.iter().any(|d| d.code == *p)) {
                        option value=(p) selected { (r.places.get(p).map_or(p, |x| x.name.as_str())) }
                    }
                    @for d in &districts {
                        option value=(d.code) selected[a.filters.place.as_deref() == Some(d.code.as_str())] { (d.name) }
                    }
                }
            }
            label.inline { input type="checkbox" name="open_only" value="1" checked[a.filters.open_only]; "只看有未办结工单的" }
            button type="submit" { "查询" }
            button.secondary type="submit" name="refresh" value="1" { "重新计算" }
        }
    }
}

fn case(r: &Reference, c: &ClassCase) -> Markup {
    html! {
        article.case data-category=(c.category) {
            h2 {
                (format::category(r, Some(&c.category)))
                " · " (c.count) " 件(未办结 " (c.open) " 件)· " (c.callers) " 位来电人 · " (c.places.len()) " 个地点"
            }
            dl.record {
                dt { "代表工单" }
                dd { a href={"/tickets/" (c.representative.0)} { (c.representative_number) } " (相似度 " (format!("{:.2}", c.cohesion)) ")" }
                dt { "诉求摘要" }
                dd.representative { (clipped(&c.representative_text, TEXT_CHARS)) }
                dt { "涉及地点" }
                dd.places { (c.places.join("、")) }
                dt { "时间跨度" }
                dd { (format::time(c.first_at)) " 至 " (format::time(c.last_at)) }
            }
            details {
                summary { "全部工单(" (c.count) ")" }
                @if c.members.len() < c.count {
                    p.muted { "仅列出最早的 " (c.members.len()) " 件。" }
                }
                table {
                    thead { tr { th { "工单编号" } th { "地点" } th { "受理时间" } th { "状态" } } }
                    tbody {
                        @for m in &c.members {
                            tr {
                                td { a href={"/tickets/" (m.id.0)} { (m.number) } }
                                td { (m.place) }
                                td { (format::short_time(m.created_at)) }
                                td { span.state { (m.state.label_zh()) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub async fn class_cases_page(
    State(st): State<UiState>,
    s: Session,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Markup, UiError> {
    require_class_case_role(&s.actor)?;
    let parsed = asked(&q);
    let found = match &parsed {
        Err(message) => Err(message.clone()),
        Ok(a) => match st.app.class_cases(&s.actor, &a.query()).await {
            Ok(found) => Ok(found),
            Err(ServiceError::Invalid { field, message }) => {
                // "应为 1–90 天 / 1–90 days" → "统计范围应为 1–90 天".
                let label = match field.as_str() {
                    "days" => "统计范围",
                    "min_size" => "最少工单数",
                    "category" => "分类:",
                    "place" => "区域:",
                    _ => "",
                };
                let zh = message.split(" / ").next().unwrap_or(&message);
                Err(format!("{label}{zh}"))
            }
            Err(e) => return Err(e.into()),
        },
    };
    let a = parsed.unwrap_or_default();
    let r = st.app.reference();
    // The first two levels, the categories of the class cases shown, and the one asked for.
    let mut categories: BTreeMap<String, String> = (r.categories.values())
        .filter(|c| c.active && c.level <= 2)
        .map(|c| (c.code.clone(), format::category(&r, Some(&c.code))))
        .collect();
    if let Ok(f) = &found {
        for c in &f.class_cases {
            categories
                .entry(c.category.clone())
                .or_insert_with(|| format::category(&r, Some(&c.category)));
        }
    }
    if let Some(code) = &a.filters.category {
        categories
            .entry(code.clone())
            .or_insert_with(|| format::category(&r, Some(code)));
    }
    let body = html! {
        h1 { "类案分析" }
        p.muted { "同一类问题在多个地点反映:按分类与诉求文本聚类近期工单(咨询、表扬、草稿、已并单、不予受理和已转交应急的工单除外),同一地点的重复反映不算类案。选定区域时只计该区域内的工单。" }
        (form(&r, &a, &categories))
        @if let Ok(f) = &found {
            p.muted #computed {
                "近 " (f.days) " 天共 " (f.total) " 个类案"
                @if f.total > f.class_cases.len() && !f.class_cases.is_empty() {
                    ",本页第 " (f.offset + 1) "–" (f.offset + f.class_cases.len()) " 个"
                }
                ",计算于 " (format::time(f.computed_at))
                "(结果保留 5 分钟,可重新计算)"
            }
            @if f.class_cases.is_empty() {
                p #none { "没有符合条件的类案。" }
            }
            @for c in &f.class_cases { (case(&r, c)) }
            @if f.total > PAGE {
                nav.pages #pages {
                    @if a.page > 1 { a href=(a.page_link(a.page - 1)) { "上一页" } " " }
                    "第 " (a.page) " 页,共 " (f.total.div_ceil(PAGE)) " 页"
                    @if f.offset + f.class_cases.len() < f.total { " " a href=(a.page_link(a.page + 1)) { "下一页" } }
                }
            }
        }
    };
    let error = found.as_ref().err().map(String::as_str);
    Ok(layout::page(
        "类案分析",
        &s,
        "/class-cases",
        None,
        error,
        body,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Result<Asked, String> {
        asked(
            &pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn blank_fields_take_the_defaults_and_unreadable_ones_are_named() {
        assert_eq!(
            q(&[
                ("days", ""),
                ("min_size", " "),
                ("category", ""),
                ("place", "")
            ]),
            Ok(Asked::default())
        );
        assert_eq!(
            q(&[
                ("days", "14"),
                ("min_size", "4"),
                ("category", "C0101"),
                ("refresh", "1")
            ]),
            Ok(Asked {
                filters: ClassCaseQuery {
                    days: 14,
                    min_size: 4,
                    category: Some("C0101".into()),
                    refresh: true,
                    ..ClassCaseQuery::default()
                },
                page: 1,
            })
        );
        let a = q(&[
            ("category", "0301"),
            ("place", "D03"),
            ("open_only", "1"),
            ("page", "3"),
        ])
        .expect("read");
        assert_eq!((a.filters.open_only, a.page), (true, 3));
        let asked = a.query();
        assert_eq!((asked.offset, asked.limit), (2 * PAGE, PAGE));
        assert_eq!(
            a.page_link(2),
            "/class-cases?days=30&min_size=3&category=0301&place=D03&open_only=1&page=2"
        );
        assert!(q(&[("page", "0")]).is_err_and(|m| m.contains("页码")));
        assert!(q(&[("page", "18446744073709551615")]).is_err_and(|m| m.contains("页码")));
        assert!(!q(&[("open_only", "0")]).expect("read").filters.open_only);
        assert!(q(&[("days", "一个月")]).is_err_and(|m| m.contains("一个月")));
        assert!(q(&[("min_size", "-3")]).is_err_and(|m| m.contains("最少工单数")));
    }
}
