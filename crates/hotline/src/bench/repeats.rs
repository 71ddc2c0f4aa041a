//! `hotline bench repeats`: the near-duplicate detector on real messages (precision and recall
//! on labelled pairs) and its lookup time with a million tickets indexed; class cases on the
//! shipped labelled sets (`class_cases_labelled`) and their clustering time. Prints one JSON line.
//!
//! Labelled pairs: every message of `hot_messages.csv`, `replies.csv` and
//! `unlabelled_messages.csv` (subject + body) is indexed and queried; a pair is a positive when
//! the two messages have the same 留言主题 or the same 留言详情 after normalisation (the same
//! matter posted again, or the same message in two files), and every other pair is a negative.
//! A detected pair is one the query of either message returns at or above the threshold.
//! The rule undercounts positives: citizens re-post a matter under a reworded title, and those
//! pairs count as false positives here (a hand check of 60 detected rule-negatives at 0.5 found 57
//! the same matter re-posted, 3 the same letter sent about another school or estate). `--sample N`
//! prints N detected rule-negatives and N missed rule-positives (deterministically chosen) to
//! stderr for such a check.
//!
//! Lookup time: N synthetic tickets from the demo templates (`demo::sample_ticket`, places and
//! categories of the demo city) are indexed, then drafts are looked up: half are lightly edited
//! copies of indexed tickets (a few characters dropped or changed), half are new tickets. The
//! templates make hundreds of near-identical texts per draft, so an edited draft's own ticket is
//! not always among the ten best: `edited_drafts_source_in_top10` is a floor, not a recall.
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::percentiles;

use anyhow::Context as _;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

use hotline_service::repeats::{
    text_of, ticket_text, PlaceCodes, RepeatQuery, CANDIDATES, CANDIDATE_SCORE, INDEX_WINDOW_DAYS,
};
use hotline_text::dedup::{self, NearDupIndex, Overlap, Params, Signature, DEFAULT_MIN_SCORE};

pub(super) const FILES: [&str; 3] = ["hot_messages.csv", "replies.csv", "unlabelled_messages.csv"];
/// Tickets clustered for the class-case timing: a month of a large centre (3,000 a day).
const CLUSTER_DOCS: usize = 100_000;
/// Matches asked of each query when pairing messages.
const PAIR_K: usize = 50;

pub async fn run(
    database_url: Option<String>,
    data: PathBuf,
    tickets: usize,
    queries: usize,
    sample: usize,
) -> anyhow::Result<()> {
    let quality = if data.join(FILES[0]).exists() {
        quality(&data, sample)?
    } else {
        json!({ "skipped": format!("no {} in {}", FILES[0], data.display()) })
    };
    let class_cases = class_cases_labelled(&data)?;
    let lookup = lookup(tickets, queries.max(1)).await?;
    let service = match database_url {
        Some(url) => service(url, queries.max(1)).await?,
        None => json!({ "skipped": "no --database-url" }),
    };
    println!(
        "{}",
        json!({
            "bench": "repeats",
            "threshold": DEFAULT_MIN_SCORE,
            "pairs": quality,
            "class_cases_labelled": class_cases,
            "lookup": lookup,
            "service": service,
        })
    );
    Ok(())
}

/// Class cases on the shipped labelled sets (`dedup::LABELLED_SETS`): pairs of tickets of one
/// category that tell one kind of problem, and those clustered together at
/// `CLASS_CASE_SIMILARITY`, by set. Scored twice: the sets alone, and beside the real messages
/// of `hot_messages.csv` (a category of their own), whose characters give document frequencies
/// like a centre's month of tickets. Texts as written, place names included.
fn class_cases_labelled(dir: &Path) -> anyhow::Result<Value> {
    let texts = dedup::labelled(dedup::LABELLED_SETS).map_err(anyhow::Error::msg)?;
    let mut docs: Vec<(i64, String, String)> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| (i as i64, t.category.clone(), t.text.clone()))
        .collect();
    let alone = scores_by_set(&texts, &docs);
    let beside_real = match dir.join(FILES[0]).exists() {
        true => {
            let real = read_messages(dir)?;
            docs.extend(
                real.into_iter()
                    .filter(|m| m.file == FILES[0])
                    .enumerate()
                    .map(|(i, m)| {
                        let id = (texts.len() + i) as i64;
                        (id, "real".to_string(), format!("{}\n{}", m.subject, m.body))
                    }),
            );
            scores_by_set(&texts, &docs)
        }
        false => json!({ "skipped": format!("no {} in {}", FILES[0], dir.display()) }),
    };
    Ok(json!({
        "threshold": dedup::CLASS_CASE_SIMILARITY,
        "texts": texts.len(),
        "alone": alone,
        "beside_real_messages": beside_real,
    }))
}

fn scores_by_set(texts: &[dedup::LabelledText], docs: &[(i64, String, String)]) -> Value {
    let started = Instant::now();
    let clusters = dedup::cluster(docs, dedup::CLASS_CASE_SIMILARITY);
    let ms = started.elapsed().as_millis() as u64;
    let mut by_set = serde_json::Map::new();
    for (set, s) in dedup::pair_scores_by_set(texts, &clusters) {
        by_set.insert(
            set,
            json!({
                "precision": (s.precision() * 1000.0).round() / 1000.0,
                "recall": (s.recall() * 1000.0).round() / 1000.0,
                "same_problem_pairs": s.same_problem,
                "clustered_pairs": s.clustered,
                "right_pairs": s.right,
            }),
        );
    }
    json!({ "sets": by_set, "cluster_ms": ms })
}

/// One message: its file, number (留言编号), subject and body.
pub(super) struct Message {
    pub(super) file: &'static str,
    pub(super) id: String,
    pub(super) subject: String,
    pub(super) body: String,
}

pub(super) fn read_messages(dir: &Path) -> anyhow::Result<Vec<Message>> {
    let mut out = Vec::new();
    for file in FILES {
        let path = dir.join(file);
        if !path.exists() {
            continue;
        }
        let mut r =
            csv::Reader::from_path(&path).with_context(|| format!("reading {}", path.display()))?;
        let h = r.headers()?.clone();
        let col = |name: &str| {
            h.iter()
                .position(|c| c.trim_start_matches('\u{feff}') == name)
                .with_context(|| format!("{} has no column {name}", path.display()))
        };
        let (subject, body) = (col("留言主题")?, col("留言详情")?);
        let id = col("留言编号").ok();
        for rec in r.records() {
            let rec = rec?;
            out.push(Message {
                file,
                id: id.and_then(|c| rec.get(c)).unwrap_or_default().to_string(),
                subject: rec.get(subject).unwrap_or_default().to_string(),
                body: rec.get(body).unwrap_or_default().to_string(),
            });
        }
    }
    Ok(out)
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        (a as f64 / b as f64 * 1000.0).round() / 1000.0
    }
}

fn quality(dir: &Path, sample: usize) -> anyhow::Result<Value> {
    let msgs = read_messages(dir)?;
    // Positives: same normalised subject, or same normalised body.
    let mut groups: HashMap<(u8, String), Vec<usize>> = HashMap::new();
    for (i, m) in msgs.iter().enumerate() {
        for (kind, text) in [(0u8, &m.subject), (1, &m.body)] {
            let key = dedup::normalise(text);
            if !key.is_empty() {
                groups.entry((kind, key)).or_default().push(i);
            }
        }
    }
    let mut positives: HashSet<(usize, usize)> = HashSet::new();
    for g in groups.values() {
        for (x, &a) in g.iter().enumerate() {
            positives.extend(g[x + 1..].iter().map(|&b| (a.min(b), a.max(b))));
        }
    }
    let repeated_hot_subjects = groups
        .iter()
        .filter(|((kind, _), g)| {
            *kind == 0 && g.iter().filter(|&&i| msgs[i].file == FILES[0]).count() > 1
        })
        .count();

    let texts: Vec<String> = msgs
        .iter()
        .map(|m| format!("{}\n{}", m.subject, m.body))
        .collect();
    let mut index = NearDupIndex::new(Params { min_score: 0.3 });
    let started = Instant::now();
    for (i, t) in texts.iter().enumerate() {
        index.insert(i as i64, t);
    }
    let build_ms = started.elapsed().as_millis() as u64;
    let mut detected: HashMap<(usize, usize), f32> = HashMap::new();
    let started = Instant::now();
    for (i, t) in texts.iter().enumerate() {
        for m in index.query(t, PAIR_K) {
            let j = m.id as usize;
            if j != i {
                let e = detected.entry((i.min(j), i.max(j))).or_insert(0.0);
                *e = e.max(m.score);
            }
        }
    }
    let query_ms = started.elapsed().as_millis() as u64;
    let at = |t: f32| {
        let found: Vec<&(usize, usize)> = detected
            .iter()
            .filter(|(_, s)| **s >= t)
            .map(|(k, _)| k)
            .collect();
        let tp = found.iter().filter(|k| positives.contains(k)).count();
        (found.len(), tp)
    };
    let curve: Vec<Value> = [30u8, 40, 50, 60, 70, 80]
        .iter()
        .map(|&pct| {
            let t = f32::from(pct) / 100.0;
            let (n, tp) = at(t);
            json!({"threshold": f64::from(pct) / 100.0, "detected": n, "precision": ratio(tp, n), "recall": ratio(tp, positives.len())})
        })
        .collect();
    let (n, tp) = at(DEFAULT_MIN_SCORE);
    // As the service scores what the index finds: exactly, and a text held in another counts.
    let shingled: Vec<Vec<u64>> = texts.iter().map(|t| dedup::shingles(t)).collect();
    let overlapping: Vec<&(usize, usize)> = detected
        .keys()
        .filter(|&&(a, b)| Overlap::of(&shingled[a], &shingled[b]).score() >= DEFAULT_MIN_SCORE)
        .collect();
    let overlap_tp = overlapping.iter().filter(|k| positives.contains(k)).count();
    if sample > 0 {
        print_sample(&msgs, &texts, &positives, &detected, sample);
    }
    Ok(json!({
        "messages": msgs.len(),
        "repeated_hot_subjects": repeated_hot_subjects,
        "positive_pairs": positives.len(),
        "detected_pairs": n,
        "true_positives": tp,
        "precision": ratio(tp, n),
        "recall": ratio(tp, positives.len()),
        "detected_rule_negatives": n - tp,
        "curve": curve,
        "by_overlap": {
            "detected_pairs": overlapping.len(),
            "true_positives": overlap_tp,
            "precision": ratio(overlap_tp, overlapping.len()),
            "recall": ratio(overlap_tp, positives.len()),
        },
        "partial_drafts": partial_drafts(&msgs, &index, &shingled),
        "index_ms": build_ms,
        "all_queries_ms": query_ms,
    }))
}

/// Drafts typed so far: the first 30%, 50% and 70% of each message body (of 60 normalised
/// characters or more) looked up as the service looks them up (`CANDIDATES` at
/// `CANDIDATE_SCORE`, scored by `Overlap`): how often the message itself is reported, by that
/// and by the index's estimate alone, and how many other messages are reported a draft.
fn partial_drafts(msgs: &[Message], index: &NearDupIndex, shingled: &[Vec<u64>]) -> Value {
    let mut out = Vec::new();
    for share in [0.3f32, 0.5, 0.7] {
        let (mut drafts, mut by_estimate, mut found, mut others) = (0usize, 0usize, 0usize, 0usize);
        for (i, m) in msgs.iter().enumerate() {
            if dedup::normalise(&m.body).chars().count() < 60 {
                continue;
            }
            let chars: Vec<char> = m.body.chars().collect();
            let typed: String = chars[..(chars.len() as f32 * share) as usize]
                .iter()
                .collect();
            let draft = dedup::shingles(&typed);
            let Some(sig) = Signature::of_shingles(&draft) else {
                continue;
            };
            drafts += 1;
            let candidates = index.query_signature_from(&sig, CANDIDATES, CANDIDATE_SCORE);
            let own = |c: &&dedup::Match| c.id as usize == i;
            by_estimate += usize::from(
                candidates
                    .iter()
                    .any(|c| own(&c) && c.score >= DEFAULT_MIN_SCORE),
            );
            for c in &candidates {
                let reported =
                    Overlap::of(&draft, &shingled[c.id as usize]).score() >= DEFAULT_MIN_SCORE;
                match (reported, own(&c)) {
                    (true, true) => found += 1,
                    (true, false) => others += 1,
                    _ => {}
                }
            }
        }
        out.push(json!({
            "share_typed": share,
            "drafts": drafts,
            "own_message_reported": ratio(found, drafts),
            "own_message_by_estimate_alone": ratio(by_estimate, drafts),
            "other_messages_per_draft": ratio(others, drafts),
        }));
    }
    Value::Array(out)
}

/// Every `len / n`-th of a sorted list: the same sample each run.
fn every<T: Copy + Ord>(mut v: Vec<T>, n: usize) -> Vec<T> {
    v.sort();
    let step = (v.len() / n.max(1)).max(1);
    v.into_iter().step_by(step).take(n).collect()
}

fn print_sample(
    msgs: &[Message],
    texts: &[String],
    positives: &HashSet<(usize, usize)>,
    detected: &HashMap<(usize, usize), f32>,
    n: usize,
) {
    let show = |(a, b): (usize, usize), score: f32| {
        let head = |i: usize| {
            dedup::normalise(&msgs[i].body)
                .chars()
                .take(60)
                .collect::<String>()
        };
        eprintln!(
            "[{score:.2}] {}#{a} «{}» | {}#{b} «{}»\n    {}\n    {}",
            msgs[a].file,
            msgs[a].subject,
            msgs[b].file,
            msgs[b].subject,
            head(a),
            head(b)
        );
    };
    let flagged: Vec<(usize, usize)> = detected
        .iter()
        .filter(|(k, s)| **s >= DEFAULT_MIN_SCORE && !positives.contains(k))
        .map(|(k, _)| *k)
        .collect();
    eprintln!(
        "== detected, different subject and body ({} of {}):",
        n.min(flagged.len()),
        flagged.len()
    );
    for k in every(flagged, n) {
        show(k, detected[&k]);
    }
    let missed: Vec<(usize, usize)> = positives
        .iter()
        .filter(|k| detected.get(k).is_none_or(|s| *s < DEFAULT_MIN_SCORE))
        .copied()
        .collect();
    eprintln!(
        "== missed, same subject or body ({} of {}):",
        n.min(missed.len()),
        missed.len()
    );
    for k in every(missed, n) {
        show(k, dedup::jaccard(&texts[k.0], &texts[k.1]));
    }
}

/// Drop or change a few characters: a draft of the same matter typed again.
fn edit(text: &str, rng: &mut StdRng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..3 {
        if chars.len() > 10 {
            let at = rng.gen_range(0..chars.len());
            chars.remove(at);
        }
    }
    if !chars.is_empty() {
        let at = rng.gen_range(0..chars.len());
        chars[at] = '的';
    }
    chars.into_iter().collect()
}

async fn lookup(n: usize, queries: usize) -> anyhow::Result<Value> {
    let (categories, texts) = synthetic_texts(n + queries).await?;
    let (indexed, fresh) = texts.split_at(n);
    let started = Instant::now();
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    let chunk = indexed.len().div_ceil(threads).max(1);
    let sigs: Vec<Option<Signature>> = std::thread::scope(|s| {
        let parts: Vec<_> = indexed
            .chunks(chunk)
            .map(|c| s.spawn(move || c.iter().map(|t| Signature::of_text(t)).collect::<Vec<_>>()))
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().unwrap_or_default())
            .collect()
    });
    let signatures_ms = started.elapsed().as_millis() as u64;
    let mut index = NearDupIndex::with_capacity(Params::default(), n);
    for (i, sig) in sigs.iter().enumerate() {
        if let Some(sig) = sig {
            index.insert_signature(i as i64, sig);
        }
    }
    let build_ms = started.elapsed().as_millis() as u64;
    drop(sigs);

    let mut rng = StdRng::seed_from_u64(29);
    let mut drafts: Vec<(Option<usize>, String)> = Vec::with_capacity(queries);
    for (q, new) in fresh.iter().enumerate() {
        if q % 2 == 0 && n > 0 {
            let source = rng.gen_range(0..n);
            drafts.push((Some(source), edit(&indexed[source], &mut rng)));
        } else {
            drafts.push((None, new.clone()));
        }
    }
    let (mut query_lat, mut why_lat) = (Vec::new(), Vec::new());
    let (mut edited, mut found_source, mut matches) = (0, 0, 0);
    for (source, draft) in &drafts {
        let t0 = Instant::now();
        let found = index.query(draft, 10);
        query_lat.push(t0.elapsed().as_micros() as u64);
        for m in &found {
            std::hint::black_box(dedup::shared_phrases(draft, &indexed[m.id as usize], 3));
        }
        why_lat.push(t0.elapsed().as_micros() as u64);
        matches += found.len();
        if let Some(s) = source {
            edited += 1;
            found_source += usize::from(found.iter().any(|m| m.id as usize == *s));
        }
    }
    let (bytes, indexed_count) = (index.memory_bytes(), index.len());
    drop(index);
    // Class cases over a month of a large centre's tickets (demo categories, synthetic texts).
    let month = n.min(CLUSTER_DOCS);
    let docs: Vec<(i64, &str, &str)> = (0..month)
        .map(|i| (i as i64, categories[i].as_str(), indexed[i].as_str()))
        .collect();
    let started = Instant::now();
    let clusters = dedup::cluster(&docs, hotline_service::class_cases::CLASS_CASE_SIMILARITY);
    let cluster_ms = started.elapsed().as_millis() as u64;
    Ok(json!({
        "class_cases": {
            "tickets": month,
            "ms": cluster_ms,
            "clusters": clusters.len(),
            "largest": clusters.first().map(|c| c.members.len()),
        },
        "tickets_indexed": indexed_count,
        "threads": threads,
        "signatures_ms": signatures_ms,
        "index_build_ms": build_ms,
        "memory_bytes": bytes,
        "bytes_per_ticket": bytes / indexed_count.max(1),
        "queries": drafts.len(),
        "query": percentiles(query_lat),
        "query_with_why": percentiles(why_lat),
        "mean_matches": ratio(matches, drafts.len()),
        "edited_drafts_source_in_top10": ratio(found_source, edited),
    }))
}

/// Ticket texts from the demo templates over the demo city's places and categories.
/// Category codes and texts.
async fn synthetic_texts(n: usize) -> anyhow::Result<(Vec<String>, Vec<String>)> {
    let dir = std::env::temp_dir().join(format!("hotline-bench-repeats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).context("making a temporary directory")?;
    let url = format!("sqlite://{}", dir.join("city.db").display());
    let app = crate::open_app(
        &crate::DbArgs { database_url: url },
        hotline_service::Purpose::Serve,
    )
    .await?;
    hotline_service::demo::build(&app, 0, 12345, |_| {})
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let r = app.reference();
    let mut leaves: Vec<_> = r.categories.values().filter(|c| c.level == 3).collect();
    leaves.sort_by(|a, b| a.code.cmp(&b.code));
    let mut communities: Vec<_> = r
        .places
        .values()
        .filter(|p| p.kind == hotline_domain::org::PlaceKind::Community)
        .collect();
    communities.sort_by(|a, b| a.code.cmp(&b.code));
    let roads = hotline_service::demo::city::demo_city().roads;
    let mut rng = StdRng::seed_from_u64(7);
    let now = app.now();
    let pairs: Vec<(String, String)> = (0..n)
        .map(|_| {
            let cat = leaves[rng.gen_range(0..leaves.len())];
            let c = communities[rng.gen_range(0..communities.len())];
            let t = hotline_service::demo::sample_ticket(&r, &roads, cat, c, now, &mut rng);
            let text = text_of(&t.subject, &t.record, &t.elements.event, &t.elements.demand);
            (cat.code.clone(), text)
        })
        .collect();
    drop(app);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(pairs.into_iter().unzip())
}

/// The whole use case on an existing database (e.g. `hotline demo --tickets 1000000`): how long
/// the background load of the repeat index takes, and `App::repeats` for drafts made from
/// sampled tickets (their phone, category, community and a lightly edited text).
async fn service(url: String, queries: usize) -> anyhow::Result<Value> {
    let e = |e: hotline_service::ServiceError| anyhow::anyhow!("{e}");
    let app = crate::open_app(
        &crate::DbArgs { database_url: url },
        hotline_service::Purpose::Serve,
    )
    .await?;
    let total = app
        .store
        .ticket_count()
        .await
        .map_err(|x| anyhow::anyhow!("{x}"))?;
    anyhow::ensure!(total > 0, "the database has no tickets");
    let index = app.repeat_index().clone();
    let since = app.now() - chrono::Duration::days(INDEX_WINDOW_DAYS);
    let started = Instant::now();
    let loaded = index.load(&app.store, since).await.map_err(e)?;
    let load_ms = started.elapsed().as_millis() as u64;
    let users = app
        .store
        .users()
        .await
        .map_err(|x| anyhow::anyhow!("{x}"))?;
    let operator =
        hotline_service::demo::actor_with_role(&users, hotline_domain::org::Role::Operator);
    let mut rng = StdRng::seed_from_u64(31);
    let (mut lat, mut listed) = (Vec::with_capacity(queries), [0usize; 3]);
    for _ in 0..queries {
        let id = hotline_domain::ticket::TicketId(rng.gen_range(1..=total as i64));
        let Some(t) = app
            .store
            .ticket(id)
            .await
            .map_err(|x| anyhow::anyhow!("{x}"))?
        else {
            continue;
        };
        let place = &t.elements.place;
        let draft = RepeatQuery {
            phone: Some(t.caller.phone.clone()),
            text: edit(&ticket_text(&t), &mut rng),
            category: t.category.clone(),
            place: PlaceCodes {
                district: place.district.clone(),
                street: place.street.clone(),
                community: place.community.clone(),
            },
            days: None,
        };
        let t0 = Instant::now();
        let r = app.repeats(&operator, draft).await.map_err(e)?;
        lat.push(t0.elapsed().as_micros() as u64);
        listed[0] += r.same_phone.len();
        listed[1] += r.same_place_category_open.len();
        listed[2] += r.near_duplicates.len();
    }
    let n = lat.len();
    let supervisor =
        hotline_service::demo::actor_with_role(&users, hotline_domain::org::Role::Supervisor);
    let started = Instant::now();
    let query = hotline_service::class_cases::ClassCaseQuery {
        refresh: true,
        limit: hotline_service::class_cases::MAX_LIMIT,
        ..Default::default()
    };
    let found = app.class_cases(&supervisor, &query).await.map_err(e)?;
    let class_cases_ms = started.elapsed().as_millis() as u64;
    let cases = found.class_cases;
    Ok(json!({
        "class_cases_30_days": {
            "ms": class_cases_ms,
            "cases": found.total,
            "largest_listed": cases.iter().map(|c| c.count).max(),
            "most_places": cases.first().map(|c| c.places.len()),
        },
        "tickets_in_db": total,
        "indexed": loaded,
        "index_load_ms": load_ms,
        "memory_bytes": index.memory_bytes(),
        "requests": n,
        "repeats": percentiles(lat),
        "mean_same_phone": ratio(listed[0], n),
        "mean_same_place_category_open": ratio(listed[1], n),
        "mean_near_duplicates": ratio(listed[2], n),
    }))
}
