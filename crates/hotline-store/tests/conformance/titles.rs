//! A database from before titles were unique among articles in use: the upgrade keeps the first
//! written under each title and gives each later one its id, as a version of its own.
use std::sync::Arc;

use chrono::Utc;
use tokio_postgres::NoTls;

use hotline_domain::knowledge::{Article, ArticleChange, ArticleKind, ArticleStatus, NewArticle};
use hotline_domain::org::{NewUnit, UnitId, UnitLevel};
use hotline_store::{Store, StoreError};

use super::{on_scratch_postgres, open_sqlite, remove_db, temp_db};

/// What older data may hold: the index gone, as before the upgrade, so duplicates can be
/// written.
const BEFORE_THE_UPGRADE: &str =
    "DROP INDEX articles_live_title; DELETE FROM schema_migrations WHERE version = ";

fn article(title: &str, status: ArticleStatus) -> Article {
    owned(title, status, None)
}

fn owned(title: &str, status: ArticleStatus, owner_unit: Option<UnitId>) -> Article {
    let content = NewArticle {
        title: title.into(),
        body: "持身份证到社区服务中心登记。".into(),
        kind: ArticleKind::ServiceGuide,
        category: None,
        owner_unit,
        valid_from: None,
        valid_to: None,
        keywords: vec![],
    };
    // Written long before the upgrade, so its stamp shows.
    let long_ago = chrono::DateTime::parse_from_rfc3339("2025-01-02T03:04:05Z")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|e| panic!("{e}"));
    Article::new(content, status, long_ago)
}

/// Writes the duplicates (the index must be gone), then runs `upgrade` and checks what it did.
async fn duplicates_are_retitled(
    store: &dyn Store,
    upgrade: impl std::future::Future<Output = ()>,
) {
    let long = "长".repeat(200);
    let unit = |code: &str| NewUnit {
        code: code.into(),
        name: format!("单位 {code}"),
        level: UnitLevel::CityBureau,
        parent: None,
        area: vec![],
    };
    let ua = store
        .insert_unit(unit("TA"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let ub = store
        .insert_unit(unit("TB"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let written = store
        .insert_articles(vec![
            article("重复的标题", ArticleStatus::Published),
            article("重复的标题", ArticleStatus::Draft),
            article("重复的标题", ArticleStatus::Retired),
            article("重复的标题", ArticleStatus::InReview),
            article(&long, ArticleStatus::Published),
            article(&long, ArticleStatus::Published),
            // Each unit's first keeps the title; a unit's title is not the centre's.
            owned("重复的标题", ArticleStatus::Published, Some(ua.id)),
            owned("重复的标题", ArticleStatus::Published, Some(ub.id)),
            owned("重复的标题", ArticleStatus::Draft, Some(ua.id)),
        ])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let started = Utc::now();
    upgrade.await;
    let now: Vec<Article> = store.all_articles().await.unwrap_or_else(|e| panic!("{e}"));
    let title = |i: usize| {
        now.iter()
            .find(|a| a.id == written[i].id)
            .map(|a| (a.title.clone(), a.version, a.change))
            .unwrap_or_else(|| panic!("article {i}"))
    };
    let retitled = |i: usize| format!("重复的标题(同名重复,编号 {})", written[i].id.0);
    assert_eq!(title(0), ("重复的标题".into(), 1, ArticleChange::Created));
    assert_eq!(title(1), (retitled(1), 2, ArticleChange::Deduplicated));
    assert_eq!(
        title(2),
        ("重复的标题".into(), 1, ArticleChange::Created),
        "a retired article keeps its title"
    );
    assert_eq!(title(3), (retitled(3), 2, ArticleChange::Deduplicated));
    assert_eq!(title(4).0, long);
    assert_eq!(title(6), ("重复的标题".into(), 1, ArticleChange::Created));
    assert_eq!(title(7), ("重复的标题".into(), 1, ArticleChange::Created));
    assert_eq!(title(8), (retitled(8), 2, ArticleChange::Deduplicated));
    let stamped = now
        .iter()
        .find(|a| a.id == written[1].id)
        .map(|a| a.updated_at)
        .unwrap_or_else(|| panic!("article 1"));
    // The database's clock, in milliseconds (SQLite's rounds down): within seconds of ours.
    let slack = chrono::Duration::seconds(5);
    assert!(
        stamped >= started - slack && stamped <= Utc::now() + slack,
        "retitled at the upgrade: {stamped} (upgrade started {started})"
    );
    let cut = title(5).0;
    let suffix = format!("(同名重复,编号 {})", written[5].id.0);
    assert_eq!(cut.chars().count(), 200, "{cut}");
    assert!(cut.starts_with('长') && cut.ends_with(&suffix), "{cut}");

    let versions = store
        .article_versions(written[1].id)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        versions
            .iter()
            .map(|v| (
                v.version,
                v.change,
                v.content.title.clone(),
                v.changed_by.is_none()
            ))
            .collect::<Vec<_>>(),
        vec![
            (2, ArticleChange::Deduplicated, retitled(1), true),
            (1, ArticleChange::Created, "重复的标题".into(), true),
        ]
    );
    // From now on the database holds the titles apart.
    match store
        .insert_articles(vec![article("重复的标题", ArticleStatus::Draft)])
        .await
    {
        Err(StoreError::Duplicate(_)) => {}
        other => panic!("a Duplicate, not {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_older_duplicate_titles_are_retitled_by_the_upgrade() {
    let path = temp_db("article_titles");
    let store = open_sqlite(&path);
    store.migrate().await.unwrap_or_else(|e| panic!("{e}"));
    let raw = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
    raw.busy_timeout(std::time::Duration::from_secs(10))
        .unwrap_or_else(|e| panic!("{e}"));
    raw.execute_batch(&format!("{BEFORE_THE_UPGRADE}18"))
        .unwrap_or_else(|e| panic!("{e}"));
    duplicates_are_retitled(&store, async {
        store.migrate().await.unwrap_or_else(|e| panic!("{e}"));
    })
    .await;
    drop(store);
    remove_db(&path);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_older_duplicate_titles_are_retitled_by_the_upgrade() {
    on_scratch_postgres("title upgrade test", |store, config| async move {
        let (raw, connection) = config
            .connect(NoTls)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        tokio::spawn(connection);
        raw.batch_execute(&format!("{BEFORE_THE_UPGRADE}21"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let shared: Arc<dyn Store> = Arc::new(store.clone());
        duplicates_are_retitled(shared.as_ref(), async {
            store.migrate().await.unwrap_or_else(|e| panic!("{e}"));
        })
        .await;
    })
    .await;
}
