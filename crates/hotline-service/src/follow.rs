//! Several servers on one database (a province, or a city behind a load balancer): what one
//! server keeps in memory, another server's writes must reach too. Each server checks every few
//! seconds (`App::follow_other_servers`) and catches up with:
//! - the active routing model (`hotline route activate`, training on another server);
//! - the reference data (units, places, categories, the responsibility list, the calendar, the
//!   policy), the scope rules and the lexicon: every change to them writes a new stamp
//!   (`STAMP`), and a server whose stamp differs reads them all again;
//! - the knowledge search index: articles changed since the last check, newest first, and the
//!   use counts of articles used since;
//! - the repeat index: tickets filed since the last check, and tickets changed since then
//!   (an edited text).
//!
//! The store stays the truth; this only shortens how long a server's copy lags behind it.
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use hotline_domain::knowledge::Article;
use hotline_domain::ticket::TicketId;
use hotline_store::{ArticleFilter, TicketFilter};

use crate::lexicon::{LexiconSource, LexiconState};
use crate::scope::RulesSource;
use crate::{App, ServiceResult};

/// The settings key of the stamp a change to the reference data, the scope rules or the
/// lexicon writes.
const STAMP: &str = "shared_change_stamp";

/// The settings key an article import writes once its articles are committed: the time it
/// stamped them with, when the stamp was written, and a random tail, so each import's differs.
pub(crate) const IMPORT_STAMP: &str = "knowledge_import_stamp";
/// How long another import's stamp may still be unread by some server (they check every 15 s):
/// a new stamp within it keeps the earlier of the two times. Short, so imports one after
/// another do not keep the first one's time, and every server reading from it, for long.
const IMPORT_STAMP_UNREAD_MINUTES: i64 = 2;

/// How far before the last check changed articles and tickets are read again: servers' clocks
/// may differ by this much, and a write may commit a little after the time it carries.
const SLACK_SECONDS: i64 = 120;
/// Articles read per page while catching up (a large import is read in few pages).
const ARTICLE_PAGE: u32 = 1000;
/// How many ids below the highest indexed one tickets are read again: on PostgreSQL, ids are
/// taken when a write starts and become visible when it commits, not always in order.
const TICKET_ID_SLACK: i64 = 200;
/// Tickets read per page while catching up.
const TICKET_PAGE: u32 = 1000;

/// What a server has caught up with so far.
struct Followed {
    /// Articles changed at or after this were read at the last check.
    articles_since: DateTime<Utc>,
    /// The last import stamp (`IMPORT_STAMP`) caught up with.
    import_seen: Option<String>,
    /// Article uses made at or after this were read at the last check.
    uses_since: DateTime<Utc>,
    /// The highest ticket id seen.
    last_ticket: i64,
    /// Tickets changed at or after this were read at the last check (none before the first).
    tickets_changed_since: Option<DateTime<Utc>>,
    /// The changed tickets read at the last check, by id, at the version read: read again in the
    /// slack at this one, they are not indexed again unless they changed since.
    tickets_read: HashMap<i64, u64>,
}

impl App {
    /// Write a new stamp after a change to the reference data, the scope rules or the lexicon
    /// (saved already), so other servers on the database read them again. This server reads
    /// them again too at its next check: another server's change saved while this one was
    /// reading the store would otherwise hide behind this stamp. The change is made: a stamp
    /// that cannot be written is logged (the next change writes one), not returned.
    pub(crate) async fn stamp_shared_change(&self) {
        let stamp = format!(
            "{:x}-{:016x}",
            self.now().timestamp_micros(),
            rand::random::<u64>()
        );
        if let Err(e) = self.store.save_setting(STAMP, &stamp).await {
            tracing::warn!(error = %e, "other servers cannot be told of a change: they see it after a restart or the next change");
        }
    }

    /// The stamp as stored now (at start, read before the data it stands for).
    pub(crate) async fn stored_stamp(
        store: &hotline_store::DynStore,
    ) -> ServiceResult<Option<String>> {
        Ok(store.setting(STAMP).await?)
    }

    /// Read the reference data, the scope rules and the lexicon again if another server changed
    /// them since this one last did. Returns whether it did. Rules or a lexicon named by a file
    /// at start keep governing here.
    pub async fn catch_up_shared_changes(&self) -> ServiceResult<bool> {
        // Read before the data: a change saved after this read brings a newer stamp, and so
        // another catch-up.
        let stored = self.store.setting(STAMP).await?;
        let applied = self
            .applied_stamp
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        if stored.is_none() || stored == applied {
            return Ok(false);
        }
        if !matches!(self.scope().source, RulesSource::File(_)) {
            self.load_scope_rules().await?;
        }
        let in_force = self.lexicon();
        let saved = (!matches!(in_force.source, LexiconSource::File(_)))
            .then(|| LexiconState::at_start(&self.store));
        let lexicon = match saved {
            Some(read) => Some(read.await?),
            None => None,
        };
        match lexicon {
            Some(l) if l.lexicon.entries() != in_force.lexicon.entries() => {
                // Builds the reference data with it, too.
                self.apply_lexicon(l.lexicon, l.source, false).await?;
            }
            _ => self.rebuild_reference().await?,
        }
        *self.applied_stamp.lock().unwrap_or_else(|p| p.into_inner()) = stored;
        Ok(true)
    }

    /// The reference data with any change another process saved (a CLI import, another
    /// server) caught up first: what a change is planned against must be what the store holds,
    /// or a change the store lacks reads as "unchanged" and is never written.
    pub async fn fresh_reference(&self) -> ServiceResult<std::sync::Arc<crate::Reference>> {
        self.catch_up_shared_changes().await?;
        Ok(self.reference())
    }

    /// Check for other servers' changes every `every` until the process ends (see the module
    /// documentation). A failed check is logged and tried again at the next.
    pub fn follow_other_servers(&self, every: std::time::Duration) {
        let app = self.clone();
        tokio::spawn(async move {
            // Imports committed before the index was loaded at start are in it.
            let mut followed = Followed {
                articles_since: app.now() - Duration::minutes(10),
                import_seen: app.import_stamp_at_start.clone(),
                uses_since: app.now() - Duration::minutes(10),
                last_ticket: 0,
                tickets_changed_since: None,
                tickets_read: HashMap::new(),
            };
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            tick.tick().await;
            loop {
                tick.tick().await;
                app.catch_up_route_model().await;
                match app.catch_up_shared_changes().await {
                    // The stamp is this server's own too (see `stamp_shared_change`).
                    Ok(true) => tracing::info!(
                        "reference data, scope rules or lexicon changed (here, on another server or by a command): read again"
                    ),
                    Ok(false) => {}
                    Err(e) => tracing::warn!(error = %e, "catching up with shared changes failed"),
                }
                if let Err(e) = app.catch_up_articles(&mut followed).await {
                    tracing::warn!(error = %e, "catching up with changed articles failed");
                }
                if let Err(e) = app.catch_up_use_counts(&mut followed).await {
                    tracing::warn!(error = %e, "catching up with article use counts failed");
                }
                if let Err(e) = app.catch_up_tickets(&mut followed).await {
                    tracing::warn!(error = %e, "catching up with new and changed tickets failed");
                }
            }
        });
    }

    /// Put articles changed since the last check into the search index (the index skips those
    /// it has at that version already, this server's own writes among them).
    ///
    /// The next check reads from this one's start by this server's clock, less the slack: a
    /// change is read again for about two minutes, not until the next change (a hundred
    /// thousand articles a command imported at one time are not read again at every check
    /// for as long as nobody edits another). What the slack covers: how far this server's
    /// clock runs ahead of a writer's, and how long a write takes to commit after the time it
    /// carries (an import stamps its articles just before it writes them). A change stamped
    /// ahead of this server's clock is read until the clock passes it.
    ///
    /// An import is the exception the slack cannot cover: its articles carry the time they were
    /// stamped, and a large one commits minutes later. It writes `IMPORT_STAMP` after its
    /// commit, and a new one sends the reading back to the import's time.
    async fn catch_up_articles(&self, followed: &mut Followed) -> ServiceResult<()> {
        let started = self.now();
        // Read before the articles: an import committed after this read writes a newer stamp.
        let import = self.store.setting(IMPORT_STAMP).await?;
        let mut since = followed.articles_since;
        if import.is_some() && import != followed.import_seen {
            if let Some((at, _)) = import.as_deref().and_then(stamp_times) {
                since = since.min(at);
            }
        }
        let from = since - Duration::seconds(SLACK_SECONDS);
        let filter = ArticleFilter {
            updated_from: Some(from),
            ..ArticleFilter::default()
        };
        let mut changed = Vec::new();
        let mut offset = 0;
        loop {
            let (page, total) = self.store.articles(&filter, ARTICLE_PAGE, offset).await?;
            let read = page.len();
            changed.extend(page);
            offset += ARTICLE_PAGE;
            if read < ARTICLE_PAGE as usize || u64::from(offset) >= total {
                break;
            }
        }
        // Read again at the next check if they could not be indexed.
        if !changed.is_empty() && !self.index_articles(changed).await {
            return Ok(());
        }
        followed.articles_since = started;
        followed.import_seen = import;
        Ok(())
    }

    /// Put the use counts of articles used since the last check (from its start, less the
    /// slack) into the knowledge index, where browsing orders by them and hits show them:
    /// another server's answers count here too. A count only grows: one this server has raised
    /// meanwhile is not lowered.
    async fn catch_up_use_counts(&self, followed: &mut Followed) -> ServiceResult<()> {
        let Some(index) = self.knowledge.as_ref() else {
            return Ok(());
        };
        let started = self.now();
        let from = followed.uses_since - Duration::seconds(SLACK_SECONDS);
        let counts = self.store.use_counts_since(from).await?;
        let behind: Vec<Article> = counts
            .into_iter()
            .filter_map(|(id, count)| {
                let indexed = index.get(id).filter(|a| a.use_count < count)?;
                let mut a = Article::clone(&indexed);
                a.use_count = count;
                Some(a)
            })
            .collect();
        // Read again at the next check if they could not be indexed.
        if !behind.is_empty() && !self.index_articles(behind).await {
            return Ok(());
        }
        followed.uses_since = started;
        Ok(())
    }

    /// Tell the servers on the database that an import stamped at `at` has committed (see
    /// `catch_up_articles`). The import is made: a stamp that cannot be written is logged.
    /// Another import's stamp written minutes ago may not have been read by every server yet:
    /// the earlier of the two times stands, so neither import's articles are skipped.
    pub(crate) async fn stamp_article_import(&self, at: DateTime<Utc>) {
        let existing = self.store.setting(IMPORT_STAMP).await.ok().flatten();
        let stamp = import_stamp(existing.as_deref(), at, self.now(), rand::random());
        if let Err(e) = self.store.save_setting(IMPORT_STAMP, &stamp).await {
            tracing::warn!(error = %e, "other servers cannot be told of the import: an import that took minutes to write reaches their search index at their restart");
        }
    }

    /// Put tickets filed since the last check into the repeat index (once it has loaded; those
    /// it has are kept, this server's own among them), and index again the tickets changed
    /// since then: another server's edit to a ticket's text. Changes are read from the last
    /// check's start less the slack, as articles are (`catch_up_articles`); the first check
    /// reads from when the index began to load, so an edit to a ticket already read is not
    /// missed.
    async fn catch_up_tickets(&self, followed: &mut Followed) -> ServiceResult<()> {
        if !self.repeats.status().ready {
            return Ok(());
        }
        let started = self.now();
        let since = followed
            .tickets_changed_since
            .or(self.repeats.began())
            .unwrap_or(started);
        if followed.last_ticket == 0 {
            followed.last_ticket = self.repeats.highest_id();
        }
        let mut after = TicketId((followed.last_ticket - TICKET_ID_SLACK).max(0));
        loop {
            let page = self
                .store
                .scan(&TicketFilter::default(), after, TICKET_PAGE)
                .await?;
            let Some(last) = page.last() else { break };
            after = last.id;
            followed.last_ticket = followed.last_ticket.max(last.id.0);
            let full = page.len() == TICKET_PAGE as usize;
            self.repeats.add_missing(&page);
            if !full {
                break;
            }
        }
        let changed = TicketFilter {
            updated_from: Some(since - Duration::seconds(SLACK_SECONDS)),
            ..TicketFilter::default()
        };
        let mut after = TicketId(0);
        let mut read = HashMap::new();
        loop {
            let mut page = self.store.scan(&changed, after, TICKET_PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.id;
            let full = page.len() == TICKET_PAGE as usize;
            read.extend(page.iter().map(|t| (t.id.0, t.version)));
            page.retain(|t| followed.tickets_read.get(&t.id.0) != Some(&t.version));
            self.repeats.reindex_changed(&page);
            if !full {
                break;
            }
        }
        followed.tickets_changed_since = Some(started);
        followed.tickets_read = read;
        Ok(())
    }
}

/// The stamp an import stamped `at` writes at `now`, over `existing`.
fn import_stamp(
    existing: Option<&str>,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    tail: u64,
) -> String {
    let unread = existing
        .and_then(stamp_times)
        .filter(|(_, written)| now - *written < Duration::minutes(IMPORT_STAMP_UNREAD_MINUTES))
        .map(|(from, _)| from);
    let from = unread.map_or(at, |u| u.min(at));
    format!("{}|{}|{tail:016x}", from.to_rfc3339(), now.to_rfc3339())
}

/// The times an import stamp carries: its articles' stamp, and when it was written (a stamp of
/// the first form, `time|tail`, was written at its time).
fn stamp_times(stamp: &str) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let mut parts = stamp.split('|');
    let mut time = || {
        DateTime::parse_from_rfc3339(parts.next()?)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    };
    let from = time()?;
    Some((from, time().unwrap_or(from)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, h, m, 0).unwrap()
    }

    #[test]
    fn an_import_stamp_keeps_the_earlier_time_of_one_written_minutes_before() {
        // Import A, stamped 10:00, committed 10:20; import B, stamped 10:19, committed 10:21.
        let a = import_stamp(None, at(10, 0), at(10, 20), 1);
        assert_eq!(stamp_times(&a), Some((at(10, 0), at(10, 20))));
        let b = import_stamp(Some(&a), at(10, 19), at(10, 21), 2);
        assert_eq!(
            stamp_times(&b),
            Some((at(10, 0), at(10, 21))),
            "A's articles are still read by a server that did not see A's stamp"
        );
        assert_ne!(a, b);
        // Minutes after A's stamp was written, every server has read it: B's own time.
        let later = import_stamp(Some(&a), at(10, 21), at(10, 23), 3);
        assert_eq!(stamp_times(&later), Some((at(10, 21), at(10, 23))));
        // A stamp of the first form is read too.
        let first_form = format!("{}|{:016x}", at(10, 0).to_rfc3339(), 5);
        assert_eq!(stamp_times(&first_form), Some((at(10, 0), at(10, 0))));
        // A stamp that cannot be read is written over.
        let over = import_stamp(Some("not a stamp"), at(9, 0), at(9, 1), 4);
        assert_eq!(stamp_times(&over), Some((at(9, 0), at(9, 1))));
    }
}
