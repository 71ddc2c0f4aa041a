//! The knowledge base: articles inserted all or none, optimistic updates, lists by scope and
//! filter, and counted uses with their records.
use chrono::NaiveDate;

use hotline_domain::knowledge::{
    Article, ArticleChange, ArticleId, ArticleKind, ArticleStatus, ArticleUse, Editor, NewArticle,
    Revision, REPEATED_USE_SECS,
};
use hotline_domain::lifecycle::Command;
use hotline_domain::org::{UnitId, UserId};
use hotline_domain::ticket::{NewTicket, Ticket, TicketKind};

use super::org::Units;
use super::{at, intake, Story};
use crate::{AnswerCount, ArticleFilter, ArticleScope, Created, StoreError};

fn article(title: &str, status: ArticleStatus, owner: Option<UnitId>) -> Article {
    let content = NewArticle {
        title: title.into(),
        body: "办理居住证需携带身份证原件，到居住地社区服务中心登记。".into(),
        kind: ArticleKind::ServiceGuide,
        category: Some("0202".into()),
        owner_unit: owner,
        valid_from: NaiveDate::from_ymd_opt(2025, 1, 1),
        valid_to: NaiveDate::from_ymd_opt(2025, 12, 31),
        keywords: vec!["居住证".into(), "登记".into()],
    };
    Article::new(content, status, at(2025, 3, 3, 1, 2, 3))
}

pub(super) async fn knowledge(story: &Story, units: &Units, ticket: &Ticket) {
    let store = &story.store;
    assert!(
        ok!(store.all_articles()).is_empty(),
        "the conformance story needs a database without articles"
    );
    let (ua, ub) = (units.a.id, units.b.id);
    let mut bare = article("只有必填项", ArticleStatus::Draft, Some(ua));
    bare.category = None;
    bare.valid_from = None;
    bare.valid_to = None;
    bare.keywords = vec![];
    let given = vec![
        article("居住证办理指南", ArticleStatus::Published, Some(ua)),
        bare,
        article("另一单位的答复", ArticleStatus::InReview, Some(ub)),
    ];
    let stored = ok!(store.insert_articles(given.clone()));
    assert_eq!(stored.len(), 3);
    assert!(
        stored.windows(2).all(|w| w[0].id < w[1].id),
        "ids rise in the order given"
    );
    for (s, g) in stored.iter().zip(&given) {
        assert_eq!(
            s,
            &Article {
                id: s.id,
                ..g.clone()
            },
            "insert returns what it was given"
        );
        let loaded = ok!(store.article(s.id));
        assert_eq!(loaded.as_ref(), Some(s), "an article reads back exactly");
    }
    let (a1, a2, a3) = (&stored[0], &stored[1], &stored[2]);
    assert_eq!(ok!(store.article(ArticleId(a3.id.0 + 1000))), None);

    // Updates: the version rises by one; the use count and creation time stay as stored; a
    // proposed change is kept beside the content.
    let mut edit = a1.clone();
    edit.title = "居住证办理指南(修订)".into();
    edit.revision = Some(Revision {
        content: NewArticle {
            body: "办理居住证需携带身份证原件和居住证明。".into(),
            ..edit.content()
        },
        by: UserId(7),
        by_name: "承办人".into(),
        at: at(2025, 3, 4, 7, 30, 0),
    });
    edit.use_count = 99;
    edit.created_at = at(2030, 1, 1, 0, 0, 0);
    edit.updated_at = at(2025, 3, 4, 8, 0, 0);
    let updated = ok!(store.update_article(edit.clone(), 1));
    let expected = Article {
        version: 2,
        use_count: 0,
        created_at: a1.created_at,
        ..edit.clone()
    };
    assert_eq!(updated, expected, "update returns the stored article");
    assert_eq!(ok!(store.article(a1.id)), Some(expected.clone()));
    match store.update_article(edit.clone(), 1).await {
        Err(StoreError::Conflict {
            expected: 1,
            actual: 2,
        }) => {}
        other => panic!("a stale article update must be a Conflict: {other:?}"),
    }
    let missing = Article {
        id: ArticleId(a3.id.0 + 1000),
        ..edit.clone()
    };
    assert!(
        matches!(
            store.update_article(missing, 1).await,
            Err(StoreError::NotFound(_))
        ),
        "updating an unknown article is NotFound"
    );

    // Uses: counted, recorded, and the version stays.
    let user = UserId(42);
    let first = ArticleUse {
        article: a1.id,
        ticket: Some(ticket.id),
        user,
        at: at(2025, 3, 5, 2, 0, 0),
    };
    let second = ArticleUse {
        ticket: None,
        at: at(2025, 3, 5, 3, 0, 0),
        ..first.clone()
    };
    assert_eq!(ok!(store.count_article_use(first.clone())), 1);
    assert_eq!(ok!(store.count_article_use(second.clone())), 2);
    // One answer a ticket: the same ticket again is not counted (nor recorded) twice.
    let again = ArticleUse {
        at: at(2025, 3, 5, 3, 30, 0),
        ..first.clone()
    };
    assert_eq!(ok!(store.count_article_use(again)), 2);
    // Without a ticket, the same person's use within `REPEATED_USE_SECS` is the same answer
    // sent again; another person's, or one later, is another answer.
    let resent = ArticleUse {
        at: second.at + chrono::Duration::seconds(REPEATED_USE_SECS),
        ..second.clone()
    };
    assert_eq!(ok!(store.count_article_use(resent)), 2);
    let colleague = ArticleUse {
        user: UserId(43),
        at: second.at + chrono::Duration::seconds(1),
        ..second.clone()
    };
    assert_eq!(ok!(store.count_article_use(colleague.clone())), 3);
    let later = ArticleUse {
        at: second.at + chrono::Duration::seconds(REPEATED_USE_SECS + 1),
        ..second.clone()
    };
    assert_eq!(ok!(store.count_article_use(later.clone())), 4);
    let after = ok!(store.article(a1.id)).unwrap_or_else(|| panic!("article gone"));
    assert_eq!((after.use_count, after.version), (4, 2));
    assert_eq!(
        ok!(store.article_uses(a1.id)),
        vec![first.clone(), second, colleague, later.clone()]
    );
    // Another server learns of them by the time they were made.
    assert_eq!(ok!(store.use_counts_since(first.at)), vec![(a1.id, 4)]);
    assert_eq!(ok!(store.use_counts_since(later.at)), vec![(a1.id, 4)]);
    let after_last = later.at + chrono::Duration::milliseconds(1);
    assert_eq!(ok!(store.use_counts_since(after_last)), vec![]);
    let nowhere = ArticleUse {
        article: ArticleId(a3.id.0 + 1000),
        ticket: None,
        user,
        at: at(2025, 3, 5, 4, 0, 0),
    };
    assert!(
        matches!(
            store.count_article_use(nowhere.clone()).await,
            Err(StoreError::NotFound(_))
        ),
        "counting a use of an unknown article is NotFound"
    );
    assert!(ok!(store.article_uses(nowhere.article)).is_empty());

    lists(story, [a1.id, a2.id, a3.id], ua, ub).await;

    // A batch with one bad row (an unknown unit) writes nothing.
    let bad = vec![
        article("好的一条", ArticleStatus::Draft, Some(ua)),
        article(
            "坏的一条",
            ArticleStatus::Draft,
            Some(UnitId(i64::from(i32::MAX))),
        ),
    ];
    assert!(
        store.insert_articles(bad).await.is_err(),
        "a broken reference is refused"
    );
    let all = ok!(store.all_articles());
    assert_eq!(
        all.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![a1.id, a2.id, a3.id],
        "all_articles: every article in id order, nothing of the refused batch"
    );
    answered_from_an_article(story, a3.id).await;
}

/// A direct answer's article use is written with the ticket, in its transaction: a save that
/// fails writes neither, one that succeeds both.
async fn answered_from_an_article(story: &Story, article: ArticleId) {
    let store = &story.store;
    let new = |subject: &'static str| async move {
        let n = NewTicket {
            draft: true,
            ..intake(
                TicketKind::Consultation,
                "13900007777",
                "0202",
                "370202",
                subject,
            )
        };
        match story.create(n, at(2025, 3, 6, 1, 0, 0), None).await {
            Created::New(t) => t,
            other => panic!("a new ticket was expected: {other:?}"),
        }
    };
    let (answered, other) = (new("按知识答复").await, new("同批的另一张").await);
    let before = ok!(store.article(article)).map(|a| a.use_count);
    let when = at(2025, 3, 6, 1, 5, 0);
    let cmd = Command::DirectAnswer {
        answer: "已按知识库答复".into(),
        article: Some(article.0),
    };
    let mut change = story.change(&answered, cmd, when);
    let used = ArticleUse {
        article,
        ticket: Some(answered.id),
        user: UserId(42),
        at: when,
    };
    change.article_use = Some(used.clone());
    // The other ticket of the batch was changed meanwhile: the batch fails after the use.
    let mut stale = story.change(&other, Command::Submit, when);
    stale.expected_version += 7;
    let failed = store
        .save_tickets(vec![change.clone(), stale], story.recorded(when))
        .await;
    assert!(
        matches!(failed, Err(StoreError::Conflict { .. })),
        "{failed:?}"
    );
    assert_eq!(ok!(store.article(article)).map(|a| a.use_count), before);
    assert!(
        !ok!(store.article_uses(article)).contains(&used),
        "no use written"
    );
    ok!(store.save_tickets(vec![change], story.recorded(when)));
    let after = ok!(store.article(article)).map(|a| a.use_count);
    assert_eq!(after, before.map(|n| n + 1), "counted with the ticket");
    assert!(ok!(store.article_uses(article)).contains(&used));
}

async fn lists(story: &Story, [a1, a2, a3]: [ArticleId; 3], ua: UnitId, ub: UnitId) {
    // a1 was edited a day after a2 and a3 were written, at one time.
    let changed = |id| async move {
        ok!(story.store.article(id))
            .unwrap_or_else(|| panic!("article gone"))
            .updated_at
    };
    let (a1_changed, a3_changed) = (changed(a1).await, changed(a3).await);
    let cases: Vec<(&str, ArticleFilter, Vec<ArticleId>)> = vec![
        // Newest change first: a1 was edited last.
        ("everything", ArticleFilter::default(), vec![a1, a3, a2]),
        (
            "published only",
            ArticleFilter {
                scope: ArticleScope::Published,
                ..Default::default()
            },
            vec![a1],
        ),
        (
            "published or the unit's own",
            ArticleFilter {
                scope: ArticleScope::PublishedOrUnit(ub),
                ..Default::default()
            },
            vec![a1, a3],
        ),
        (
            "a status",
            ArticleFilter {
                status: Some(ArticleStatus::Draft),
                ..Default::default()
            },
            vec![a2],
        ),
        (
            "a category and everything below it",
            ArticleFilter {
                category: Some("02".into()),
                ..Default::default()
            },
            vec![a1, a3],
        ),
        (
            "a category of LIKE wildcards only",
            ArticleFilter {
                category: Some("%_".into()),
                ..Default::default()
            },
            vec![],
        ),
        (
            "a kind",
            ArticleFilter {
                kind: Some(ArticleKind::PolicyQa),
                ..Default::default()
            },
            vec![],
        ),
        (
            "an owner",
            ArticleFilter {
                owner_unit: Some(ua),
                ..Default::default()
            },
            vec![a1, a2],
        ),
        (
            "a proposed change waiting for review",
            ArticleFilter {
                revision_pending: Some(true),
                ..Default::default()
            },
            vec![a1],
        ),
        (
            "changed at or after a time",
            ArticleFilter {
                updated_from: Some(a1_changed),
                ..Default::default()
            },
            vec![a1],
        ),
        (
            "changed at or after a time, the time itself included",
            ArticleFilter {
                updated_from: Some(a3_changed),
                ..Default::default()
            },
            vec![a1, a3, a2],
        ),
        (
            "no change waiting for review",
            ArticleFilter {
                revision_pending: Some(false),
                ..Default::default()
            },
            vec![a3, a2],
        ),
    ];
    let all = ok!(story.store.all_articles());
    for (name, filter, want) in cases {
        let (page, total) = ok!(story.store.articles(&filter, 50, 0));
        let got: Vec<ArticleId> = page.iter().map(|a| a.id).collect();
        assert_eq!(got, want, "articles: {name}");
        assert_eq!(total, want.len() as u64, "articles: {name}, total");
        // The same filter asked in memory (as an export does) holds the same articles.
        let mut held: Vec<ArticleId> = (all.iter().filter(|a| filter.matches(a)))
            .map(|a| a.id)
            .collect();
        let mut want = want;
        held.sort();
        want.sort();
        assert_eq!(held, want, "ArticleFilter::matches: {name}");
    }
    let (page, total) = ok!(story.store.articles(&ArticleFilter::default(), 1, 1));
    assert_eq!(
        (page.iter().map(|a| a.id).collect::<Vec<_>>(), total),
        (vec![a3], 3),
        "articles: limit and offset"
    );
}

/// The counts behind the instant-answer rate: by local day (a ticket at 16:00 UTC is the next
/// day's), kind, direct answer and knowledge use, without drafts, merged tickets, or tickets
/// outside the range.
pub(super) async fn answer_counts(story: &Story) {
    let store = &story.store;
    // Created as drafts; a draft left as it is counts for nothing.
    let new = |kind: TicketKind, subject: &'static str, when| async move {
        let n = NewTicket {
            draft: true,
            ..intake(kind, "13900009999", "0202", "370202", subject)
        };
        match story.create(n, when, None).await {
            Created::New(t) => t,
            other => panic!("a new ticket was expected: {other:?}"),
        }
    };
    let answer = |t: Ticket, when| async move {
        let cmd = Command::DirectAnswer {
            answer: "已按政策解答".into(),
            article: None,
        };
        story.act(&t, cmd, when).await
    };
    let submit = |t: Ticket, when| async move { story.act(&t, Command::Submit, when).await };
    let c = TicketKind::Consultation;
    let c1 = new(c, "即时答复 1", at(2032, 6, 1, 1, 0, 0)).await;
    let c1 = answer(c1, at(2032, 6, 1, 1, 5, 0)).await;
    let c2 = new(c, "待转办的咨询", at(2032, 6, 1, 15, 59, 59)).await;
    submit(c2, at(2032, 6, 1, 16, 1, 0)).await;
    let c3 = new(c, "即时答复 2", at(2032, 6, 1, 16, 0, 0)).await;
    answer(c3, at(2032, 6, 1, 16, 2, 0)).await;
    let k1 = new(TicketKind::Complaint, "投诉", at(2032, 6, 2, 2, 0, 0)).await;
    let k1 = submit(k1, at(2032, 6, 2, 2, 1, 0)).await;
    new(c, "草稿", at(2032, 6, 2, 3, 0, 0)).await;
    let m1 = new(c, "并入投诉", at(2032, 6, 2, 4, 0, 0)).await;
    let merge = Command::Merge {
        master: k1.id,
        note: String::new(),
    };
    story.act(&m1, merge, at(2032, 6, 2, 4, 1, 0)).await;
    let later = new(c, "范围之后", at(2032, 6, 2, 16, 0, 0)).await;
    answer(later, at(2032, 6, 2, 16, 1, 0)).await;

    let a = ok!(store.insert_articles(vec![article("居住证政策", ArticleStatus::Published, None)]));
    let used = |article: ArticleId, t: &Ticket| ArticleUse {
        article,
        ticket: Some(t.id),
        user: UserId(42),
        at: at(2032, 6, 2, 5, 0, 0),
    };
    // Many uses at once: all or none, a ticket counted once.
    let broken = vec![used(a[0].id, &c1), used(ArticleId(a[0].id.0 + 1000), &k1)];
    assert!(
        matches!(
            store.count_article_uses(broken).await,
            Err(StoreError::NotFound(_))
        ),
        "a batch naming an unknown article is NotFound"
    );
    assert!(
        ok!(store.article_uses(a[0].id)).is_empty(),
        "and nothing of it is written"
    );
    let both = vec![used(a[0].id, &c1), used(a[0].id, &k1), used(a[0].id, &c1)];
    assert_eq!(ok!(store.count_article_uses(both.clone())), 2);
    assert_eq!(ok!(store.count_article_uses(both)), 0, "counted already");
    let stored = ok!(store.article(a[0].id)).unwrap_or_else(|| panic!("article gone"));
    assert_eq!(stored.use_count, 2);

    // Local days 2032-06-01 and 06-02: from 05-31 16:00 UTC to 06-02 16:00 UTC.
    let got = ok!(store.answer_counts(at(2032, 5, 31, 16, 0, 0), at(2032, 6, 2, 16, 0, 0)));
    let row = |d: u32, kind, answered_directly, knowledge_used| AnswerCount {
        day: NaiveDate::from_ymd_opt(2032, 6, d).unwrap_or_default(),
        kind,
        answered_directly,
        knowledge_used,
        tickets: 1,
    };
    assert_eq!(
        got,
        vec![
            row(1, c, false, false),
            row(1, c, true, true),
            row(2, TicketKind::Complaint, false, true),
            row(2, c, true, false),
        ],
        "answer counts by local day, kind, direct answer, knowledge use"
    );
    assert!(
        ok!(store.answer_counts(at(2032, 7, 1, 0, 0, 0), at(2032, 8, 1, 0, 0, 0))).is_empty(),
        "a range without tickets has no counts"
    );
}

/// Inserts and updates in one transaction: a stale version anywhere writes nothing.
pub(super) async fn article_writes(story: &Story) {
    let store = &story.store;
    let all = ok!(store.all_articles());
    let (first, last) = match (all.first(), all.last()) {
        (Some(f), Some(l)) => (f.clone(), l.id),
        _ => panic!("the story has articles by now"),
    };
    let mut edit = first.clone();
    edit.title = "批量修订的标题".into();
    let new = article("批量新增的一条", ArticleStatus::Draft, None);
    let stale = vec![(new.clone(), None), (edit.clone(), Some(first.version + 5))];
    match store.write_articles(stale).await {
        Err(StoreError::Conflict { expected, actual }) => {
            assert_eq!((expected, actual), (first.version + 5, first.version));
        }
        other => panic!("a stale version in a batch is a Conflict: {other:?}"),
    }
    assert_eq!(
        ok!(store.all_articles()),
        all,
        "a refused batch writes nothing, its insert neither"
    );
    let saved = ok!(store.write_articles(vec![
        (new.clone(), None),
        (edit.clone(), Some(first.version))
    ]));
    assert_eq!(saved.len(), 2);
    assert!(saved[0].id > last, "a new id");
    assert_eq!(
        saved[0],
        Article {
            id: saved[0].id,
            ..new
        }
    );
    assert_eq!(
        (saved[1].id, saved[1].version, saved[1].title.as_str()),
        (first.id, first.version + 1, "批量修订的标题")
    );
    assert_eq!(ok!(store.all_articles()).len(), all.len() + 1);
}

/// Every write keeps a version, in the same transaction: a refused write keeps none; who made
/// a change and what it was read back; uses are counted against the version answered from.
pub(super) async fn article_versions(story: &Story) {
    let store = &story.store;
    let made =
        ok!(store.insert_articles(vec![article("版本记录的一条", ArticleStatus::Draft, None)]));
    let a = made[0].clone();
    let v1 = ok!(store.article_versions(a.id));
    assert_eq!(v1.len(), 1, "an insert keeps its version");
    assert_eq!(
        (v1[0].version, v1[0].change, &v1[0].changed_by, v1[0].uses),
        (1, ArticleChange::Created, &None, 0)
    );
    assert_eq!(v1[0].content, a.content());
    assert_eq!((v1[0].status, v1[0].at), (a.status, a.updated_at));

    let editor = Editor {
        user: UserId(7),
        name: "编辑人".into(),
    };
    let mut edit = a.clone();
    edit.body = "改过的正文。".into();
    edit.status = ArticleStatus::Published;
    edit.change = ArticleChange::Edited;
    edit.changed_by = Some(editor.clone());
    edit.updated_at = at(2025, 3, 6, 1, 0, 0);
    let saved = ok!(store.update_article(edit.clone(), 1));
    assert_eq!(
        (saved.change, saved.changed_by.as_ref()),
        (ArticleChange::Edited, Some(&editor)),
        "the article says who changed it last"
    );
    assert!(
        store.update_article(edit.clone(), 1).await.is_err(),
        "stale"
    );
    let stale_batch = vec![
        (article("不该留下版本", ArticleStatus::Draft, None), None),
        (edit.clone(), Some(1)),
    ];
    assert!(store.write_articles(stale_batch).await.is_err());
    let used = ArticleUse {
        article: a.id,
        ticket: None,
        user: UserId(42),
        at: at(2025, 3, 6, 2, 0, 0),
    };
    assert_eq!(ok!(store.count_article_use(used)), 1);

    let versions = ok!(store.article_versions(a.id));
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        vec![2, 1],
        "newest first; refused writes and counted uses keep no version"
    );
    let v2 = &versions[0];
    assert_eq!(
        (v2.change, v2.changed_by.as_ref(), v2.status, v2.at, v2.uses),
        (
            ArticleChange::Edited,
            Some(&editor),
            ArticleStatus::Published,
            edit.updated_at,
            1
        ),
        "the answer is counted against the version it was given from"
    );
    assert_eq!(v2.content.body, "改过的正文。");
    assert_eq!(
        (versions[1].content.body.as_str(), versions[1].uses),
        (a.body.as_str(), 0)
    );
    assert!(
        !ok!(store.all_articles())
            .iter()
            .any(|x| x.title == "不该留下版本"),
        "the refused batch's insert is not there"
    );
    assert!(ok!(store.article_versions(ArticleId(a.id.0 + 1000))).is_empty());
}

/// One article in use per title and owning unit (`LIVE_TITLE_INDEX`): a second one is a
/// `Duplicate` naming the index and writes nothing, its batch neither; another unit's, a
/// retired one's or a changed title is free; an article brought back from retirement under a
/// title in use is refused; titles pass between articles in an order that keeps them apart.
pub(super) async fn article_titles(story: &Story, units: &Units) {
    let store = &story.store;
    let (ua, ub) = (units.a.id, units.b.id);
    let refused = |r: Result<Vec<Article>, StoreError>, what: &str| match r {
        Err(StoreError::Duplicate(m)) if m.contains(crate::knowledge::LIVE_TITLE_INDEX) => {}
        other => panic!("{what}: a Duplicate naming the index, not {other:?}"),
    };
    let live = ok!(store.insert_articles(vec![article(
        "唯一标题的一条",
        ArticleStatus::Published,
        Some(ua)
    )]))[0]
        .clone();
    let before = ok!(store.all_articles());
    for status in [ArticleStatus::Draft, ArticleStatus::InReview] {
        refused(
            store
                .insert_articles(vec![article("唯一标题的一条", status, Some(ua))])
                .await,
            "a second article in use of the unit under the title",
        );
    }
    refused(
        store
            .write_articles(vec![
                (article("同批的新标题", ArticleStatus::Draft, None), None),
                (
                    article("唯一标题的一条", ArticleStatus::Draft, Some(ua)),
                    None,
                ),
            ])
            .await,
        "a batch with one taken title",
    );
    let mut renamed = ok!(store.article(live.id)).unwrap_or_else(|| panic!("the article"));
    let mut other = article("另一条", ArticleStatus::Draft, Some(ua));
    other = ok!(store.insert_articles(vec![other]))[0].clone();
    renamed.title = "另一条".into();
    match store.update_article(renamed.clone(), live.version).await {
        Err(StoreError::Duplicate(m)) if m.contains(crate::knowledge::LIVE_TITLE_INDEX) => {}
        other => panic!("an update onto a title in use is a Duplicate, not {other:?}"),
    }
    assert_eq!(
        ok!(store.all_articles()).len(),
        before.len() + 1,
        "refused writes left nothing behind"
    );

    // Free: the same title for another unit, a retired one, none and one of no unit.
    ok!(store.insert_articles(vec![
        article("唯一标题的一条", ArticleStatus::Draft, Some(ub)),
        article("唯一标题的一条", ArticleStatus::Retired, Some(ua)),
        article("唯一标题的一条", ArticleStatus::Retired, Some(ua)),
        article("唯一标题的一条", ArticleStatus::Draft, None),
    ]));
    refused(
        store
            .insert_articles(vec![article(
                "唯一标题的一条",
                ArticleStatus::Published,
                None,
            )])
            .await,
        "two articles of no unit are one owner's",
    );

    // Retired, the first frees its title; brought back while another has it, refused.
    let mut retired = ok!(store.article(live.id)).unwrap_or_else(|| panic!("the article"));
    retired.status = ArticleStatus::Retired;
    let retired = ok!(store.update_article(retired, live.version));
    let successor = ok!(store.insert_articles(vec![article(
        "唯一标题的一条",
        ArticleStatus::Draft,
        Some(ua)
    )]))[0]
        .clone();
    let mut back = retired.clone();
    back.status = ArticleStatus::Published;
    match store.update_article(back, retired.version).await {
        Err(StoreError::Duplicate(_)) => {}
        other => panic!("brought back under a title in use: a Duplicate, not {other:?}"),
    }

    // Passing a title on in one batch: the holder takes another first, then the other article
    // takes the title.
    let mut holder = successor.clone();
    holder.title = "唯一标题的一条(旧)".into();
    let mut taker = other.clone();
    taker.title = "唯一标题的一条".into();
    let passed = ok!(store.write_articles(vec![
        (holder, Some(successor.version)),
        (taker, Some(other.version)),
    ]));
    assert_eq!(
        (passed[0].title.as_str(), passed[1].title.as_str()),
        ("唯一标题的一条(旧)", "唯一标题的一条")
    );
}
