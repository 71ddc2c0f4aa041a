//! Months of realistic history for the demo city: each ticket is driven through the real
//! lifecycle (`lifecycle::create` / `apply`) in simulated time, then written in batches.
//! About 60% are consultations, most answered on the spot (most of those citing their
//! category's published article, counted as a use); the rest go to units and are signed for,
//! sometimes returned, sub-dispatched, extended, replied, reviewed, visited and re-handled.
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use hotline_domain::category::Category;
use hotline_domain::event::EventEnvelope;
use hotline_domain::knowledge::{ArticleId, ArticleStatus, ArticleUse};
use hotline_domain::lifecycle::{self, Command};
use hotline_domain::org::{Actor, Role, UnitId, UnitLevel};
use hotline_domain::policy::Context;
use hotline_domain::ticket::{
    Caller, Channel, FiveElements, Location, NewTicket, Satisfaction, Ticket, TicketId, TicketKind,
    VisitMethod, VisitOutcome,
};

use super::city::DemoCity;
use super::texts;
use crate::{App, Reference, ServiceResult};

const BATCH: usize = 2_000;
/// How far back the history reaches.
const DAYS: i64 = 120;

struct Cast {
    operator: Actor,
    dispatcher: Actor,
    reviewer: Actor,
    visit: Actor,
    supervisor: Actor,
}

struct Sim<'a> {
    r: &'a Reference,
    ticket: Ticket,
    envelopes: Vec<EventEnvelope>,
    now: DateTime<Utc>,
    end: DateTime<Utc>,
}

impl Sim<'_> {
    /// Advance the clock by `minutes` and apply; false when the step would be in the future or
    /// the domain refused it (the ticket then stays where it is, as open work).
    fn step(&mut self, minutes: i64, actor: &Actor, cmd: Command) -> bool {
        let at = self.now + Duration::minutes(minutes.max(1));
        if at >= self.end {
            return false;
        }
        let ctx = Context {
            now: at,
            calendar: &self.r.calendar,
            policy: &self.r.policy,
        };
        match lifecycle::apply(&self.ticket, self.ticket.version, &cmd, actor, &ctx) {
            Ok((next, events)) => {
                for (i, e) in events.into_iter().enumerate() {
                    self.envelopes.push(EventEnvelope {
                        ticket: next.id,
                        version: self.ticket.version + 1 + i as u64,
                        at,
                        actor: actor.user,
                        actor_name: actor.name.clone(),
                        event: e,
                    });
                }
                self.ticket = next;
                self.now = at;
                true
            }
            Err(_) => false,
        }
    }
}

fn unit_actor(r: &Reference, unit: UnitId) -> Actor {
    Actor {
        user: hotline_domain::org::UserId(0),
        name: format!("{}承办人", r.unit_name(unit)),
        roles: vec![Role::UnitHandler, Role::UnitAdmin],
        unit: Some(unit),
    }
}

/// The first person with `role`, or the system acting in that role when there is none.
pub fn actor_with_role(users: &[hotline_domain::org::User], role: Role) -> Actor {
    users
        .iter()
        .find(|u| u.active && u.roles.contains(&role))
        .map(Actor::from)
        .unwrap_or_else(|| Actor {
            roles: vec![role],
            ..Actor::system()
        })
}

async fn cast(app: &App) -> ServiceResult<Cast> {
    let users = app.store.users().await?;
    let find = |role: Role| actor_with_role(&users, role);
    Ok(Cast {
        operator: find(Role::Operator),
        dispatcher: find(Role::Dispatcher),
        reviewer: find(Role::Reviewer),
        visit: find(Role::VisitAgent),
        supervisor: find(Role::Supervisor),
    })
}

/// Work minutes: a span of working time expressed in wall minutes, roughly.
fn hours(rng: &mut StdRng, lo: f64, hi: f64) -> i64 {
    (rng.gen_range(lo..hi) * 60.0) as i64
}

/// Generate `n` tickets ending now and write them in batches.
pub async fn generate(
    app: &App,
    city: &DemoCity,
    n: usize,
    seed: u64,
    progress: &mut impl FnMut(usize),
) -> ServiceResult<()> {
    let r = app.reference();
    let cast = cast(app).await?;
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed);
    let leaves: Vec<&Category> = {
        let mut v: Vec<&Category> = r.categories.values().filter(|c| c.level == 3).collect();
        v.sort_by(|a, b| a.code.cmp(&b.code));
        v
    };
    let communities: Vec<&hotline_domain::org::Place> = {
        let mut v: Vec<_> = r
            .places
            .values()
            .filter(|p| p.kind == hotline_domain::org::PlaceKind::Community)
            .collect();
        v.sort_by(|a, b| a.code.cmp(&b.code));
        v
    };
    if leaves.is_empty() || communities.is_empty() {
        return Ok(());
    }
    // The published article of each category, which direct answers cite.
    let articles: HashMap<String, ArticleId> = app
        .store
        .all_articles()
        .await?
        .into_iter()
        .filter(|a| a.status == ArticleStatus::Published)
        .filter_map(|a| Some((a.category?, a.id)))
        .collect();
    let end = app.now();
    let start = end - Duration::days(DAYS);
    let span_secs = (end - start).num_seconds();
    // Creation times, sorted so ticket numbers follow time.
    let mut times: Vec<i64> = (0..n).map(|_| rng.gen_range(0..span_secs)).collect();
    times.sort_unstable();
    let mut batch = Vec::with_capacity(BATCH);
    for (i, offset) in times.into_iter().enumerate() {
        let created = start + Duration::seconds(offset);
        let cat = leaves[rng.gen_range(0..leaves.len())];
        let community = communities[rng.gen_range(0..communities.len())];
        let article = articles.get(&cat.code).copied();
        if let Some(t) = one_ticket(
            &r, city, &cast, &mut rng, created, end, cat, community, article,
        ) {
            batch.push(t);
        }
        if batch.len() == BATCH {
            import(app, &cast, std::mem::take(&mut batch)).await?;
            progress(i + 1);
        }
    }
    if !batch.is_empty() {
        import(app, &cast, batch).await?;
    }
    progress(n);
    Ok(())
}

/// A ticket of the history, and the article its direct answer cited.
type Made = (Ticket, Vec<EventEnvelope>, Option<ArticleId>);

/// Write a batch of tickets, then count the articles their direct answers cited.
async fn import(app: &App, cast: &Cast, batch: Vec<Made>) -> ServiceResult<()> {
    let cited: Vec<Option<ArticleId>> = batch.iter().map(|(_, _, a)| *a).collect();
    let stored = app
        .store
        .import_tickets(batch.into_iter().map(|(t, e, _)| (t, e)).collect())
        .await?;
    let uses: Vec<ArticleUse> = stored
        .iter()
        .zip(cited)
        .filter_map(|(t, article)| {
            Some(ArticleUse {
                article: article?,
                ticket: Some(t.id),
                user: cast.operator.user,
                at: t.closed_at.unwrap_or(t.created_at),
            })
        })
        .collect();
    if !uses.is_empty() {
        app.store.count_article_uses(uses).await?;
    }
    Ok(())
}

/// A realistic new ticket from the demo templates: a category leaf, a community of the city,
/// one of its street's roads, a caller, the five elements.
pub fn sample_ticket(
    r: &Reference,
    roads: &[(String, String)],
    cat: &Category,
    community: &hotline_domain::org::Place,
    created: DateTime<Utc>,
    rng: &mut impl Rng,
) -> NewTicket {
    let street = community.parent.clone();
    let district = street
        .as_ref()
        .and_then(|s| r.places.get(s))
        .and_then(|p| p.parent.clone());
    let local: Vec<&String> = roads
        .iter()
        .filter(|(s, _)| Some(s) == street.as_ref())
        .map(|(_, r)| r)
        .collect();
    let road = if local.is_empty() {
        "中心路".to_string()
    } else {
        local[rng.gen_range(0..local.len())].clone()
    };
    let text = texts::ticket_text(&cat.code, &cat.name, &community.name, &road, rng);
    let channel = match rng.gen_range(0..100) {
        0..=69 => Channel::Phone,
        70..=81 => Channel::Web,
        82..=87 => Channel::Wechat,
        88..=91 => Channel::MayorMailbox,
        92..=95 => Channel::Platform,
        96..=97 => Channel::Voicemail,
        _ => Channel::GridWorker,
    };
    NewTicket {
        channel: Some(channel),
        caller: Caller {
            name: texts::caller_name(rng),
            phone: texts::phone(rng),
            confidential: rng.gen_bool(0.05),
            wants_contact: true,
            declines_visit: rng.gen_bool(0.04),
            ..Default::default()
        },
        elements: FiveElements {
            time: Some(created - Duration::hours(rng.gen_range(0..48))),
            time_text: text.time_text,
            place: Location {
                district,
                street,
                community: Some(community.code.clone()),
                address: format!("{}{}号", road, rng.gen_range(1..300)),
                ..Default::default()
            },
            person: text.person,
            event: text.event,
            demand: text.demand,
        },
        kind: Some(text.kind),
        category: Some(cat.code.clone()),
        tier: Some(cat.tier.clone()),
        subject: text.subject,
        record: text.record,
        ..Default::default()
    }
}

#[allow(clippy::too_many_arguments)]
fn one_ticket(
    r: &Reference,
    city: &DemoCity,
    cast: &Cast,
    rng: &mut StdRng,
    created: DateTime<Utc>,
    end: DateTime<Utc>,
    cat: &Category,
    community: &hotline_domain::org::Place,
    article: Option<ArticleId>,
) -> Option<Made> {
    let new = sample_ticket(r, &city.roads, cat, community, created, rng);
    let consultation = new.kind == Some(TicketKind::Consultation);
    let ctx = Context {
        now: created,
        calendar: &r.calendar,
        policy: &r.policy,
    };
    let (ticket, events) =
        lifecycle::create(new, TicketId(0), String::new(), &cast.operator, &ctx).ok()?;
    let envelopes = events
        .into_iter()
        .enumerate()
        .map(|(i, e)| EventEnvelope {
            ticket: TicketId(0),
            version: i as u64 + 1,
            at: created,
            actor: cast.operator.user,
            actor_name: cast.operator.name.clone(),
            event: e,
        })
        .collect();
    let mut sim = Sim {
        r,
        ticket,
        envelopes,
        now: created,
        end,
    };
    // Most consultations are answered on the spot from the knowledge base: six in seven cite
    // the category's article (chosen by the creation time, so the random stream, and with it
    // the rest of the demo, stays as it was).
    if consultation && rng.gen_bool(0.75) {
        let article = article.filter(|_| created.timestamp() % 7 != 0);
        let answered = sim.step(
            rng.gen_range(3..12),
            &cast.operator,
            Command::DirectAnswer {
                answer: texts::reply_text(&cat.name, true, rng),
                article: article.map(|a| a.0),
            },
        );
        let cited = article.filter(|_| answered);
        return Some((sim.ticket, sim.envelopes, cited));
    }
    run_units(&mut sim, cast, rng, cat);
    Some((sim.ticket, sim.envelopes, None))
}

/// The part of a ticket's life spent with units.
fn run_units(sim: &mut Sim, cast: &Cast, rng: &mut StdRng, cat: &Category) {
    let r = sim.r;
    let chain: Vec<&str> = sim.ticket.elements.place.chain();
    let hits = r.responsibility.lookup(&cat.code, &chain);
    let Some(main) = hits.first().and_then(|h| h.rule.units.first().copied()) else {
        return;
    };
    // Most tickets are dispatched within the hour; in busy spells some wait for hours, which
    // keeps a realistic backlog in the dispatch queue.
    let dispatch_after = if rng.gen_bool(0.15) {
        rng.gen_range(60..480)
    } else {
        rng.gen_range(5..40)
    };
    if !sim.step(
        dispatch_after,
        &cast.dispatcher,
        Command::Dispatch {
            main,
            assisting: vec![],
            tier: None,
            note: String::new(),
            tags: None,
        },
    ) {
        return;
    }
    let mut holder = unit_actor(r, main);
    if !sim.step(hours(rng, 0.1, 3.0), &holder, Command::SignFor) {
        return;
    }
    // A wrong dispatch is returned within the window and re-dispatched.
    if rng.gen_bool(0.05) {
        let other = hits
            .get(1)
            .and_then(|h| h.rule.units.first().copied())
            .filter(|u| *u != main);
        if !sim.step(
            hours(rng, 0.5, 4.0),
            &holder,
            Command::RequestReturn {
                reason: "经核实,该事项不属于我单位职责范围".into(),
                suggested_unit: other,
            },
        ) {
            return;
        }
        if !sim.step(
            hours(rng, 0.2, 2.0),
            &cast.dispatcher,
            Command::DecideReturn {
                approve: true,
                note: "同意退单,重新派发".into(),
            },
        ) {
            return;
        }
        let target = other.unwrap_or(main);
        if !sim.step(
            rng.gen_range(5..60),
            &cast.dispatcher,
            Command::Dispatch {
                main: target,
                assisting: vec![],
                tier: None,
                note: String::new(),
                tags: None,
            },
        ) {
            return;
        }
        holder = unit_actor(r, target);
        if !sim.step(hours(rng, 0.1, 3.0), &holder, Command::SignFor) {
            return;
        }
    }
    // A district or street sometimes hands the work to a unit below it.
    let children: Vec<UnitId> = {
        let mut v: Vec<UnitId> = r
            .units
            .values()
            .filter(|u| {
                u.parent == holder.unit
                    && matches!(u.level, UnitLevel::DistrictBureau | UnitLevel::Community)
            })
            .map(|u| u.id)
            .collect();
        v.sort();
        v
    };
    let sub = (!children.is_empty() && rng.gen_bool(0.3))
        .then(|| children[rng.gen_range(0..children.len())]);
    if let Some(child) = sub {
        if !sim.step(
            hours(rng, 0.2, 3.0),
            &holder,
            Command::SubDispatch {
                to: child,
                note: "请核实处理并反馈".into(),
            },
        ) {
            return;
        }
        let child_actor = unit_actor(r, child);
        if !sim.step(hours(rng, 0.1, 2.0), &child_actor, Command::SignFor) {
            return;
        }
        let result = texts::reply_text(&cat.name, true, rng);
        if !sim.step(
            hours(rng, 4.0, 60.0),
            &child_actor,
            Command::Reply {
                result,
                resolved: true,
                caller_contacted: true,
            },
        ) {
            return;
        }
    }
    if rng.gen_bool(0.04) {
        sim.step(
            hours(rng, 2.0, 20.0),
            &holder,
            Command::RequestExtension {
                working_days: rng.gen_range(2..6),
                reason: "需协调多个部门现场核实".into(),
            },
        );
        sim.step(
            hours(rng, 0.5, 4.0),
            &cast.supervisor,
            Command::DecideExtension {
                approve: true,
                working_days: None,
                note: String::new(),
            },
        );
    }
    if rng.gen_bool(0.03) {
        sim.step(
            hours(rng, 20.0, 60.0),
            &cast.supervisor,
            Command::Urge {
                note: "请加快办理".into(),
            },
        );
    }
    let slow = rng.gen_bool(0.06);
    let resolved = rng.gen_bool(0.9);
    let mut reply_after = if slow {
        hours(rng, 60.0, 240.0)
    } else {
        hours(rng, 3.0, 90.0)
    };
    loop {
        let result = texts::reply_text(&cat.name, resolved, rng);
        if !sim.step(
            reply_after,
            &holder,
            Command::Reply {
                result,
                resolved,
                caller_contacted: true,
            },
        ) {
            return;
        }
        if rng.gen_bool(0.05) {
            if !sim.step(
                hours(rng, 1.0, 8.0),
                &cast.reviewer,
                Command::ReviewSendBack {
                    reason: "答复内容未回应诉求,请重新办理".into(),
                },
            ) {
                return;
            }
            reply_after = hours(rng, 4.0, 40.0);
            continue;
        }
        if !sim.step(
            hours(rng, 1.0, 8.0),
            &cast.reviewer,
            Command::ReviewPass {
                note: String::new(),
            },
        ) {
            return;
        }
        if sim.ticket.state == hotline_domain::ticket::TicketState::Visited {
            sim.step(
                hours(rng, 0.5, 4.0),
                &cast.visit,
                Command::Close {
                    note: String::new(),
                },
            );
            return;
        }
        let satisfaction = match rng.gen_range(0..100) {
            0..=84 => Satisfaction::Satisfied,
            85..=92 => Satisfaction::BasicallySatisfied,
            _ => Satisfaction::Unsatisfied,
        };
        let outcome = if rng.gen_bool(0.04) {
            VisitOutcome::Unreachable
        } else {
            VisitOutcome::Reached {
                satisfaction,
                resolved,
            }
        };
        let note = texts::visit_note(satisfaction != Satisfaction::Unsatisfied, rng);
        if !sim.step(
            hours(rng, 2.0, 30.0),
            &cast.visit,
            Command::Visit {
                method: VisitMethod::Smart,
                outcome,
                note,
            },
        ) {
            return;
        }
        if sim.ticket.needs_manual_visit {
            let again = if rng.gen_bool(0.5) {
                Satisfaction::Unsatisfied
            } else {
                Satisfaction::BasicallySatisfied
            };
            let note = texts::visit_note(again != Satisfaction::Unsatisfied, rng);
            if !sim.step(
                hours(rng, 1.0, 10.0),
                &cast.visit,
                Command::Visit {
                    method: VisitMethod::Manual,
                    outcome: VisitOutcome::Reached {
                        satisfaction: again,
                        resolved: false,
                    },
                    note,
                },
            ) {
                return;
            }
            if again == Satisfaction::Unsatisfied && sim.ticket.rehandle_count < 1 {
                if !sim.step(
                    hours(rng, 0.5, 4.0),
                    &cast.visit,
                    Command::Rehandle {
                        reason: "来电人对办理结果不满意,请重新办理".into(),
                    },
                ) {
                    return;
                }
                reply_after = hours(rng, 8.0, 80.0);
                continue;
            }
        }
        while sim.ticket.state == hotline_domain::ticket::TicketState::PendingVisit {
            if !sim.step(
                hours(rng, 2.0, 24.0),
                &cast.visit,
                Command::Visit {
                    method: VisitMethod::Manual,
                    outcome: VisitOutcome::Unreachable,
                    note: "电话无人接听".into(),
                },
            ) {
                return;
            }
        }
        let closer = if sim.ticket.visits.last().is_some_and(|v| {
            matches!(
                v.outcome,
                VisitOutcome::Reached {
                    satisfaction: Satisfaction::Unsatisfied,
                    ..
                }
            )
        }) {
            &cast.supervisor
        } else {
            &cast.visit
        };
        sim.step(
            hours(rng, 0.5, 6.0),
            closer,
            Command::Close {
                note: "经督办核实,已依法依规答复".into(),
            },
        );
        return;
    }
}
