//! The knowledge base: articles inserted all or none, optimistic updates, lists by scope and
//! filter, and counted uses with their records.
use chrono::NaiveDate;

use hotline_domain::knowledge::{
    Article, ArticleId, ArticleKind, ArticleStatus, ArticleUse, NewArticle,
};
use hotline_domain::org::{UnitId, UserId};
use hotline_domain::ticket::Ticket;

use super::org::Units;
use super::{at, Story};
use crate::{ArticleFilter, ArticleScope, StoreError};

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

    // Updates: the version rises by one; the use count and creation time stay as stored.
    let mut edit = a1.clone();
    edit.title = "居住证办理指南(修订)".into();
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
    let after = ok!(store.article(a1.id)).unwrap_or_else(|| panic!("article gone"));
    assert_eq!((after.use_count, after.version), (2, 2));
    assert_eq!(ok!(store.article_uses(a1.id)), vec![first, second]);
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
}

async fn lists(story: &Story, [a1, a2, a3]: [ArticleId; 3], ua: UnitId, ub: UnitId) {
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
    ];
    for (name, filter, want) in cases {
        let (page, total) = ok!(story.store.articles(&filter, 50, 0));
        let got: Vec<ArticleId> = page.iter().map(|a| a.id).collect();
        assert_eq!(got, want, "articles: {name}");
        assert_eq!(total, want.len() as u64, "articles: {name}, total");
    }
    let (page, total) = ok!(story.store.articles(&ArticleFilter::default(), 1, 1));
    assert_eq!(
        (page.iter().map(|a| a.id).collect::<Vec<_>>(), total),
        (vec![a3], 3),
        "articles: limit and offset"
    );
}
