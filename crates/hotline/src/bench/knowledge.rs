//! `hotline bench knowledge`: N synthetic articles (the demo's templates, each with a ticket text
//! of its category added) into a fresh database, the search index built from the store as at
//! start, then the latency of searches (a ticket's short title as the query, and one character
//! of it alone) and of recommendations (a ticket's whole record as the draft), single-threaded,
//! in process. Before the synthetic articles go in, how well the demo's articles are
//! recommended for drafts written as callers speak (`drafts/`: a set the recommender was tuned
//! on, and a set written apart from it and never tuned on), each draft with the category of the
//! article that answers it. A share of the synthetic articles (`--long-percent`) are long
//! documents, a policy with many cases near the body's limit, as a centre's own policy texts
//! are: every hit's snippet is cut from its body. Prints one JSON line.
use std::time::Instant;

use anyhow::bail;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use serde_json::json;

use hotline_domain::knowledge::{Article, ArticleKind, ArticleStatus, NewArticle};
use hotline_domain::org::Actor;
use hotline_service::demo::knowledge::synthetic_articles;
use hotline_service::demo::texts::ticket_text;
use hotline_service::knowledge::ArticleSearch;
use hotline_service::App;

use crate::DbArgs;

/// Articles written per transaction.
const BATCH: usize = 5_000;

fn fresh_sqlite_url() -> String {
    let stamp = chrono::Utc::now().format("%Y%m%d%H%M%S%f");
    format!("sqlite://data/bench/knowledge-{stamp}.db")
}

fn percentile(sorted: &[u128], p: f64) -> u128 {
    let i = ((sorted.len() as f64 * p) as usize).min(sorted.len().saturating_sub(1));
    sorted.get(i).copied().unwrap_or(0)
}

/// Drafts the way callers speak, a line each: the categories (comma-separated) of the articles
/// that answer it, a tab, the draft.
const TUNING_DRAFTS: &str = include_str!("drafts/tuning.tsv");
const HELD_OUT_DRAFTS: &str = include_str!("drafts/held_out.tsv");

/// How the recommendations for `drafts` fare: the share whose first article answers the draft
/// (hit@1), the share with an answering article among the five, how many got none, and how
/// many got a first article that does not answer it.
fn recommendation_quality(app: &App, drafts: &str) -> anyhow::Result<serde_json::Value> {
    let actor = Actor::system();
    let (mut n, mut first, mut five, mut none, mut wrong) = (0usize, 0usize, 0usize, 0, 0);
    for line in drafts.lines().filter(|l| !l.trim().is_empty()) {
        let Some((codes, text)) = line.split_once('\t') else {
            bail!("a draft line without a tab: {line}");
        };
        let codes: Vec<&str> = codes.split(',').map(str::trim).collect();
        let hits = app
            .recommend_articles(&actor, text, None)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let answers = |h: &hotline_service::knowledge::KnowledgeHit| {
            h.category.as_deref().is_some_and(|c| codes.contains(&c))
        };
        n += 1;
        match hits.first() {
            None => none += 1,
            Some(h) if answers(h) => first += 1,
            Some(_) => wrong += 1,
        }
        if hits.iter().any(answers) {
            five += 1;
        }
    }
    let share = |k: usize| (k as f64 / n.max(1) as f64 * 1000.0).round() / 1000.0;
    Ok(json!({
        "drafts": n,
        "hit_at_1": share(first),
        "hit_at_5": share(five),
        "none": none,
        "wrong_first": wrong,
    }))
}

/// Microseconds each call took, sorted, and the hits they found in all.
fn timed(
    mut call: impl FnMut(usize) -> anyhow::Result<usize>,
    n: usize,
) -> anyhow::Result<(Vec<u128>, usize)> {
    let mut lat = Vec::with_capacity(n);
    let mut hits = 0;
    for i in 0..n {
        let t = Instant::now();
        hits += call(i)?;
        lat.push(t.elapsed().as_micros());
    }
    lat.sort_unstable();
    Ok((lat, hits))
}

/// A long document's body reaches this many characters (the limit is `MAX_BODY_CHARS`).
const LONG_BODY_CHARS: usize = 19_000;

/// Lengthen `percent` of the articles, spread evenly, into long documents: each body followed
/// by cases of its category up to `LONG_BODY_CHARS`. Returns how many were lengthened.
fn lengthen(articles: &mut [NewArticle], percent: u8, rng: &mut StdRng) -> usize {
    let percent = usize::from(percent);
    let mut n = 0;
    for (i, a) in articles.iter_mut().enumerate() {
        // Article i is the one at which the running share of long ones reaches another whole.
        if (i + 1) * percent / 100 == i * percent / 100 {
            continue;
        }
        let code = a.category.clone().unwrap_or_default();
        let name = a.keywords.first().cloned().unwrap_or_default();
        let mut chars = a.body.chars().count();
        let mut case = 1;
        while chars < LONG_BODY_CHARS {
            let t = ticket_text(&code, &name, "示例社区", "人民路", rng);
            let more = format!(
                "\n第 {case} 条 适用情形：{}。办理要求：{}；{}。",
                t.event, t.demand, t.record
            );
            chars += more.chars().count();
            a.body.push_str(&more);
            case += 1;
        }
        if let Some((cut, _)) = a.body.char_indices().nth(LONG_BODY_CHARS) {
            a.body.truncate(cut);
        }
        n += 1;
    }
    n
}

pub async fn run(
    articles: usize,
    queries: usize,
    long_percent: u8,
    url: Option<String>,
) -> anyhow::Result<()> {
    let url = url.unwrap_or_else(fresh_sqlite_url);
    let db = DbArgs {
        database_url: url.clone(),
    };
    let app = crate::open_app(&db, hotline_service::Purpose::Serve).await?;
    let err = |e: hotline_service::ServiceError| anyhow::anyhow!("{e}");
    if app
        .store
        .ticket_count()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
        > 0
        || !app
            .store
            .users()
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .is_empty()
    {
        bail!(
            "the benchmark needs a fresh, empty database: {}",
            crate::redact(&url)
        );
    }
    // The demo city (its categories, units and published articles), without history.
    hotline_service::demo::build(&app, 0, 12345, |_| {})
        .await
        .map_err(err)?;
    let demo = app
        .store
        .all_articles()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .len();
    let quality = json!({
        "tuning": recommendation_quality(&app, TUNING_DRAFTS)?,
        "held_out": recommendation_quality(&app, HELD_OUT_DRAFTS)?,
    });
    let r = app.reference();
    let started = Instant::now();
    let now = app.now();
    let mut synthetic = synthetic_articles(&r, articles.saturating_sub(demo), 7);
    let long = lengthen(&mut synthetic, long_percent, &mut StdRng::seed_from_u64(13));
    for chunk in synthetic.chunks(BATCH) {
        let batch = chunk
            .iter()
            .map(|a| Article::new(a.clone(), ArticleStatus::Published, now))
            .collect();
        app.store
            .insert_articles(batch)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let insert_s = started.elapsed().as_secs_f64();

    // What a restart does: the index from every stored article.
    let started = Instant::now();
    let app = App::start(app.store.clone()).await.map_err(err)?;
    let index_s = started.elapsed().as_secs_f64();

    let mut rng = StdRng::seed_from_u64(11);
    let mut leaves: Vec<_> = r.categories.values().filter(|c| c.level == 3).collect();
    leaves.sort_by(|a, b| a.code.cmp(&b.code));
    let places: Vec<String> = r.places.values().map(|p| p.name.clone()).collect();
    let drafts: Vec<(String, String, String)> = (0..queries)
        .filter_map(|_| {
            let leaf = leaves.choose(&mut rng)?;
            let place = places.choose(&mut rng)?;
            let t = ticket_text(&leaf.code, &leaf.name, place, "人民路", &mut rng);
            Some((t.subject, t.record, leaf.code.clone()))
        })
        .collect();
    let actor = Actor::system();
    let (search, search_hits) = timed(
        |i| {
            let q = ArticleSearch {
                text: drafts[i].0.clone(),
                limit: 10,
                ..ArticleSearch::default()
            };
            Ok(app.search_articles(&actor, &q).map_err(err)?.items.len())
        },
        drafts.len(),
    )?;
    // One character alone, as an operator starts to type a word (卡 for 社保卡): the search
    // walks the dictionary for the words and pairs that hold it.
    let (one_char, one_char_hits) = timed(
        |i| {
            let han: Vec<char> = drafts[i]
                .0
                .chars()
                .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
                .collect();
            let q = ArticleSearch {
                text: han
                    .get(i % han.len().max(1))
                    .map(char::to_string)
                    .unwrap_or_default(),
                limit: 10,
                ..ArticleSearch::default()
            };
            Ok(app.search_articles(&actor, &q).map_err(err)?.items.len())
        },
        drafts.len(),
    )?;
    let (recommend, recommend_hits) = timed(
        |i| {
            let (_, record, category) = &drafts[i];
            Ok(app
                .recommend_articles(&actor, record, Some(category))
                .map_err(err)?
                .len())
        },
        drafts.len(),
    )?;
    // Browsing without words, as an operator picks a kind, a top-level category or a unit.
    let owners = app.knowledge_owners();
    let (browse, browse_hits) = timed(
        |i| {
            let q = match (i % 3, owners.get(i % owners.len().max(1))) {
                (0, _) => ArticleSearch {
                    kind: Some(ArticleKind::ALL[(i / 3) % ArticleKind::ALL.len()]),
                    ..ArticleSearch::default()
                },
                (2, Some((unit, _))) => ArticleSearch {
                    owner_unit: Some(*unit),
                    ..ArticleSearch::default()
                },
                _ => ArticleSearch {
                    category: drafts[i].2.get(..2).map(str::to_string),
                    ..ArticleSearch::default()
                },
            };
            Ok(app.search_articles(&actor, &q).map_err(err)?.items.len())
        },
        drafts.len(),
    )?;
    let n = drafts.len().max(1) as f64;
    println!(
        "{}",
        json!({
            "bench": "knowledge",
            "backend": app.store.backend(),
            "articles": demo + synthetic.len(),
            "long_articles": long,
            "insert_s": (insert_s * 100.0).round() / 100.0,
            "index_build_s": (index_s * 100.0).round() / 100.0,
            "queries": drafts.len(),
            "search_p50_us": percentile(&search, 0.50),
            "search_p99_us": percentile(&search, 0.99),
            "search_max_us": search.last().copied().unwrap_or(0),
            "search_hits_avg": (search_hits as f64 / n * 10.0).round() / 10.0,
            "one_char_search_p50_us": percentile(&one_char, 0.50),
            "one_char_search_p99_us": percentile(&one_char, 0.99),
            "one_char_search_hits_avg": (one_char_hits as f64 / n * 10.0).round() / 10.0,
            "recommend_p50_us": percentile(&recommend, 0.50),
            "recommend_p99_us": percentile(&recommend, 0.99),
            "recommend_max_us": recommend.last().copied().unwrap_or(0),
            "recommend_hits_avg": (recommend_hits as f64 / n * 10.0).round() / 10.0,
            "browse_p50_us": percentile(&browse, 0.50),
            "browse_p99_us": percentile(&browse, 0.99),
            "browse_max_us": browse.last().copied().unwrap_or(0),
            "browse_hits_avg": (browse_hits as f64 / n * 10.0).round() / 10.0,
            "recommend_quality_demo_articles": quality,
        })
    );
    Ok(())
}
