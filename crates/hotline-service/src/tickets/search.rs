//! Searching tickets: what a person may find, a caller's history, and what a unit's keyword
//! search leaves out so that it tells nothing of a confidential caller.
use hotline_domain::org::{Actor, PlaceKind};
use hotline_domain::ticket::{Ticket, TicketId};
use hotline_store::{Page, TicketFilter, MAX_QUERY_CHARS};

use super::phone_looked_up;
use crate::{masking, App, Reference, ServiceError, ServiceResult};

/// Tickets read at a time when walking a set (`found_only_masked`).
const SCAN_BATCH: u32 = 500;

impl App {
    /// Search within what the person may see.
    pub async fn search(
        &self,
        actor: &Actor,
        mut filter: TicketFilter,
        page: Page,
    ) -> ServiceResult<(Vec<Ticket>, u64)> {
        if actor.is_unit_staff() {
            // A unit sees callers masked: a search by number would tell whether a masked
            // number is the one guessed, a digit at a time.
            if filter
                .phone
                .as_deref()
                .is_some_and(|p| !p.trim().is_empty())
            {
                return Err(ServiceError::Forbidden(
                    "承办单位不能按来电号码查询 / units cannot search callers".into(),
                ));
            }
            filter.involved_unit = actor.unit;
        }
        // A form's empty or padded code is no filter, or the code it pads.
        let code = |c: Option<String>| {
            c.map(|c| hotline_domain::text::one_line(&c))
                .filter(|c| !c.is_empty())
        };
        filter.district = code(filter.district);
        filter.category = code(filter.category);
        // Words searched as tickets keep their texts: without what nobody sees.
        filter.text = code(filter.text);
        if (filter.text.as_deref()).is_some_and(|t| t.chars().count() > MAX_QUERY_CHARS) {
            return Err(ServiceError::invalid(
                "q",
                format!("检索词不能超过 {MAX_QUERY_CHARS} 字 / search words too long"),
            ));
        }
        // A filter that can match nothing is more likely a mistake than a question: say so
        // rather than answer with an empty page.
        check_filter(&self.reference(), &filter)?;
        // A phone is looked up as tickets keep it (digits, no +86), however it was typed.
        filter.phone = filter.phone.as_deref().map(phone_looked_up);
        // A landline of the city is the same caller with or without its area code, and one
        // kept before its area code's 0 was given back the same as now.
        filter.phone_other_forms = (filter.phone.as_deref())
            .map(|p| hotline_domain::caller::other_forms(p, &self.reference().policy.area_code))
            .unwrap_or_default();
        if let Some(query) = filter.text.clone().filter(|_| actor.is_unit_staff()) {
            filter.except = self.found_only_masked(actor, &query, &filter).await?;
        }
        let (tickets, total) = self.store.search(&filter, page).await?;
        let callers = self.callers_for_units(actor, &tickets).await?;
        Ok(masking::search_results(
            actor,
            filter.text.as_deref(),
            tickets,
            &callers,
            total,
            &self.reference().policy.area_code,
        ))
    }

    /// The tickets a unit's keyword search `query` within `filter` finds only in what the unit
    /// sees masked: left out of the search, so that neither its page nor its total tells the
    /// unit that a guess at a confidential caller's number or name is right. Only tickets
    /// whose caller is confidential now can be, and a unit has few among those a search finds.
    async fn found_only_masked(
        &self,
        actor: &Actor,
        query: &str,
        filter: &TicketFilter,
    ) -> ServiceResult<Vec<TicketId>> {
        let confidential = TicketFilter {
            confidential_caller: true,
            ..filter.clone()
        };
        let area_code = self.reference().policy.area_code.clone();
        let (mut hidden, mut after) = (Vec::new(), TicketId(0));
        loop {
            let tickets = self.store.scan(&confidential, after, SCAN_BATCH).await?;
            let Some(last) = tickets.last().map(|t| t.id) else {
                return Ok(hidden);
            };
            let full = tickets.len() == SCAN_BATCH as usize;
            let callers = self.callers_for_units(actor, &tickets).await?;
            hidden.extend(masking::found_only_masked(
                query, tickets, &callers, &area_code,
            ));
            if !full {
                return Ok(hidden);
            }
            after = last;
        }
    }

    /// All tickets from one phone number, newest first (the caller's history).
    pub async fn caller_history(
        &self,
        actor: &Actor,
        phone: &str,
        page: Page,
    ) -> ServiceResult<(Vec<Ticket>, u64)> {
        if phone.trim().is_empty() {
            return Err(ServiceError::invalid(
                "phone",
                "号码不能为空 / phone is required",
            ));
        }
        if actor.is_unit_staff() {
            return Err(ServiceError::Forbidden(
                "承办单位不能按来电号码查询 / units cannot search callers".into(),
            ));
        }
        self.search(
            actor,
            TicketFilter {
                phone: Some(phone.trim().to_string()),
                ..Default::default()
            },
            page,
        )
        .await
    }
}

/// The codes a search names must be the city's: a category it has, a district (a place of that
/// kind) and units that exist. A typo otherwise reads as "no such tickets".
fn check_filter(r: &Reference, f: &TicketFilter) -> ServiceResult<()> {
    crate::analyze::check_category(r, f.category.as_deref())?;
    // `search` has trimmed the codes and dropped empty ones.
    if let Some(code) = f.district.as_deref() {
        match r.places.get(code) {
            None => {
                return Err(ServiceError::invalid(
                    "district",
                    format!("没有编码为 {code} 的区县 / unknown district"),
                ))
            }
            Some(p) if p.kind != PlaceKind::District => {
                return Err(ServiceError::invalid(
                    "district",
                    format!(
                        "{code}({})是{},不是区县 / not a district",
                        p.name,
                        p.kind.label_zh()
                    ),
                ))
            }
            Some(_) => {}
        }
    }
    for (field, unit) in [("unit", f.involved_unit), ("holder", f.holder)] {
        if let Some(u) = unit.filter(|u| !r.units.contains_key(u)) {
            return Err(ServiceError::invalid(
                field,
                format!("没有编号为 {} 的单位 / unknown unit", u.0),
            ));
        }
    }
    Ok(())
}
