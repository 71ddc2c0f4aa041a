//! The knowledge base (知识库): articles operators answer callers from on the spot (即时答复) —
//! policy Q&A, service guides and standard replies — with their review status, validity dates
//! and versions, and the rules for who may write, publish and retire them.
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::org::{Actor, Role, UnitId, UserId};
use crate::ticket::TicketId;
use crate::DomainError;

/// Database id of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(pub i64);

/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest body, in characters.
pub const MAX_BODY_CHARS: usize = 20_000;
/// What separates keywords in a list (a spreadsheet cell): never part of a keyword.
pub const KEYWORD_SEPARATORS: [char; 7] = [';', '；', ',', '，', '、', '|', '\n'];

/// Most keywords an article carries.
pub const MAX_KEYWORDS: usize = 20;
/// Longest keyword, in characters.
pub const MAX_KEYWORD_CHARS: usize = 30;

str_enum!(
    /// What an article is for.
    ArticleKind {
        PolicyQa = "policy_qa" / "政策问答",
        ServiceGuide = "service_guide" / "办事指南",
        StandardReply = "standard_reply" / "标准答复",
    }
);

str_enum!(
    /// Where an article is in its review. Only published articles are offered to operators.
    ArticleStatus {
        Draft = "draft" / "草稿",
        InReview = "in_review" / "待审核",
        Published = "published" / "已发布",
        Retired = "retired" / "已下线",
    }
);

str_enum!(
    /// A change of review status.
    ArticleAction {
        Submit = "submit" / "提交审核",
        Publish = "publish" / "发布",
        Retire = "retire" / "下线",
        Decline = "decline" / "退回修改",
    }
);

str_enum!(
    /// What a version of an article came from: each write of an article is one. `Earlier`: a
    /// version written before versions were kept (what changed, and who changed it, unknown).
    /// `Deduplicated`: the upgrade that made titles unique renamed an article in use whose unit
    /// had an older article in use under the same title (no author).
    ArticleChange {
        Created = "created" / "新建",
        Imported = "imported" / "导入",
        Edited = "edited" / "修改",
        Proposed = "proposed" / "提出修改",
        Withdrawn = "withdrawn" / "撤回修改",
        Submitted = "submitted" / "提交审核",
        Published = "published" / "发布",
        Retired = "retired" / "下线",
        Declined = "declined" / "退回修改",
        Adopted = "adopted" / "采纳修改",
        Superseded = "superseded" / "修改(取代待审核的修改)",
        Restored = "restored" / "恢复旧版本",
        Earlier = "earlier" / "此前的修改",
        Deduplicated = "deduplicated" / "升级时因同名改标题",
    }
);

impl ArticleChange {
    /// The change a review action makes.
    pub fn of_action(action: ArticleAction) -> ArticleChange {
        match action {
            ArticleAction::Submit => ArticleChange::Submitted,
            ArticleAction::Publish => ArticleChange::Published,
            ArticleAction::Retire => ArticleChange::Retired,
            ArticleAction::Decline => ArticleChange::Declined,
        }
    }
}

/// Who wrote a version of an article (the name as it was then).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Editor {
    pub user: UserId,
    pub name: String,
}

impl Editor {
    pub fn of(actor: &Actor) -> Editor {
        Editor {
            user: actor.user,
            name: actor.name.clone(),
        }
    }
}

impl ArticleStatus {
    /// The status after `action`, or `None` when the action does not apply. A retired article
    /// may be submitted or published again; retiring twice is refused; an article in review
    /// may be sent back to its author as a draft.
    pub fn after(self, action: ArticleAction) -> Option<ArticleStatus> {
        use ArticleAction as A;
        use ArticleStatus as S;
        match (self, action) {
            (S::Draft | S::Retired, A::Submit) => Some(S::InReview),
            (S::InReview | S::Published, A::Submit) => None,
            (S::Draft | S::InReview | S::Retired, A::Publish) => Some(S::Published),
            (S::Published, A::Publish) => None,
            (S::Draft | S::InReview | S::Published, A::Retire) => Some(S::Retired),
            (S::Retired, A::Retire) => None,
            (S::InReview, A::Decline) => Some(S::Draft),
            // Otherwise declining concerns a proposed change, not the status (see
            // `Article::next_status`).
            (S::Draft | S::Published | S::Retired, A::Decline) => None,
        }
    }
}

/// What a person writes: an article's content without its id, status or history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewArticle {
    pub title: String,
    pub body: String,
    pub kind: ArticleKind,
    /// A category code of the category tree.
    #[serde(default)]
    pub category: Option<String>,
    /// The unit that answers for the content.
    #[serde(default)]
    pub owner_unit: Option<UnitId>,
    /// First day (local date) the article holds; `None`: from the start.
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    /// Last day (local date) the article holds; `None`: until retired.
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    #[serde(default)]
    pub keywords: Vec<String>,
}

impl NewArticle {
    /// The content trimmed (a title on one line), keywords deduplicated and empty ones
    /// dropped; refuses an empty or oversized title or body, too many or too long keywords, a
    /// malformed category code, and a validity window that ends before it starts.
    pub fn normalized(mut self) -> Result<NewArticle, DomainError> {
        // A title is one line: it heads a search hit, a list row and an export cell. Line
        // breaks, tabs and other control characters in it become one space.
        self.title = crate::text::one_line(&self.title);
        self.body = crate::text::tidy(&self.body);
        bounded("title", &self.title, MAX_TITLE_CHARS)?;
        bounded("body", &self.body, MAX_BODY_CHARS)?;
        self.category = self
            .category
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty());
        if let Some(code) = &self.category {
            if code.len() % 2 != 0 || code.len() > 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(DomainError::invalid(
                    "category",
                    format!("分类编码应为 2、4 或 6 位数字:{code}"),
                ));
            }
        }
        let mut keywords: Vec<String> = Vec::new();
        // Tidied, not put on one line: a line break in a keyword is refused as a separator.
        let tidied: Vec<String> = self.keywords.iter().map(|k| crate::text::tidy(k)).collect();
        for k in tidied.iter().map(String::as_str).filter(|k| !k.is_empty()) {
            if k.chars().count() > MAX_KEYWORD_CHARS {
                return Err(DomainError::invalid(
                    "keywords",
                    format!("关键词不能超过 {MAX_KEYWORD_CHARS} 字:{k}"),
                ));
            }
            // A keyword is one word: a list separator inside it would split it in an export
            // read back (imports separate keywords with these).
            if k.contains(KEYWORD_SEPARATORS) {
                return Err(DomainError::invalid(
                    "keywords",
                    format!("关键词「{k}」含有分隔符(; , 、 | 或换行),请拆成几个关键词"),
                ));
            }
            if !keywords.iter().any(|seen| seen == k) {
                keywords.push(k.to_string());
            }
        }
        if keywords.len() > MAX_KEYWORDS {
            return Err(DomainError::invalid(
                "keywords",
                format!("关键词不能超过 {MAX_KEYWORDS} 个"),
            ));
        }
        self.keywords = keywords;
        for (field, day) in [("valid_from", self.valid_from), ("valid_to", self.valid_to)] {
            if let Some(d) = day.filter(|d| !VALID_YEARS.contains(&d.year())) {
                return Err(DomainError::invalid(
                    field,
                    format!(
                        "日期 {d} 超出 {}–{} 年",
                        VALID_YEARS.start(),
                        VALID_YEARS.end()
                    ),
                ));
            }
        }
        if let (Some(from), Some(to)) = (self.valid_from, self.valid_to) {
            if to < from {
                return Err(DomainError::invalid(
                    "valid_to",
                    format!("失效日期 {to} 早于生效日期 {from}"),
                ));
            }
        }
        Ok(self)
    }
}

/// The years a validity date may fall in (an import takes the same).
pub const VALID_YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

fn bounded(field: &'static str, text: &str, max: usize) -> Result<(), DomainError> {
    if text.is_empty() {
        return Err(DomainError::invalid(field, "不能为空"));
    }
    let n = text.chars().count();
    if n > max {
        return Err(DomainError::invalid(
            field,
            format!("不能超过 {max} 字(现有 {n} 字)"),
        ));
    }
    Ok(())
}

/// A change to a published article proposed by someone who may not publish (a unit, an
/// operator): the published content stays in use until a publisher publishes the change or
/// declines it, so an edit never takes an answer away from the operators in the meantime.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub content: NewArticle,
    pub by: UserId,
    pub by_name: String,
    pub at: DateTime<Utc>,
}

/// A knowledge-base article as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    pub title: String,
    pub body: String,
    pub kind: ArticleKind,
    pub category: Option<String>,
    pub owner_unit: Option<UnitId>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    /// Rises by one with every edit or status change; a write built on an older version is
    /// refused. Counting a use does not change it.
    pub version: u64,
    pub status: ArticleStatus,
    pub keywords: Vec<String>,
    /// How many times an operator answered a caller from this article.
    pub use_count: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// A proposed change waiting for review; the fields above stay what operators see.
    #[serde(default)]
    pub revision: Option<Revision>,
    /// What the last write was: the store keeps every version with it (`ArticleVersion`).
    #[serde(default = "created")]
    pub change: ArticleChange,
    /// Who made the last write; `None` for the system (the demo, a benchmark) and for
    /// versions written before versions were kept.
    #[serde(default)]
    pub changed_by: Option<Editor>,
}

fn created() -> ArticleChange {
    ArticleChange::Created
}

/// An article as one write left it, kept for good: what operators were told on a given day,
/// who changed what, and a version to go back to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleVersion {
    pub article: ArticleId,
    pub version: u64,
    pub status: ArticleStatus,
    pub content: NewArticle,
    /// A proposed change waiting for review at this version.
    pub revision: Option<Revision>,
    pub change: ArticleChange,
    pub changed_by: Option<Editor>,
    /// When this version was written.
    pub at: DateTime<Utc>,
    /// How many answers operators gave from this version.
    pub uses: u64,
}

impl Article {
    /// A new article from checked content (see `NewArticle::normalized`); the store assigns
    /// the id.
    pub fn new(content: NewArticle, status: ArticleStatus, now: DateTime<Utc>) -> Article {
        Article {
            id: ArticleId(0),
            title: content.title,
            body: content.body,
            kind: content.kind,
            category: content.category,
            owner_unit: content.owner_unit,
            valid_from: content.valid_from,
            valid_to: content.valid_to,
            version: 1,
            status,
            keywords: content.keywords,
            use_count: 0,
            created_at: now,
            updated_at: now,
            revision: None,
            change: ArticleChange::Created,
            changed_by: None,
        }
    }

    /// Record who makes this write and what it is: the version the store keeps says so.
    pub fn stamp(&mut self, change: ArticleChange, by: &Actor) {
        self.change = change;
        self.changed_by = Some(Editor::of(by));
    }

    /// Replace the content with checked content. A direct edit supersedes a proposed change
    /// (the editor starts from it: see `draft`), so the proposal is gone.
    pub fn edit(&mut self, content: NewArticle, now: DateTime<Utc>) {
        self.revision = None;
        self.title = content.title;
        self.body = content.body;
        self.kind = content.kind;
        self.category = content.category;
        self.owner_unit = content.owner_unit;
        self.valid_from = content.valid_from;
        self.valid_to = content.valid_to;
        self.keywords = content.keywords;
        self.updated_at = now;
    }

    /// The editable content.
    pub fn content(&self) -> NewArticle {
        NewArticle {
            title: self.title.clone(),
            body: self.body.clone(),
            kind: self.kind,
            category: self.category.clone(),
            owner_unit: self.owner_unit,
            valid_from: self.valid_from,
            valid_to: self.valid_to,
            keywords: self.keywords.clone(),
        }
    }

    /// What an editor starts from: the proposed change if there is one, else the content.
    pub fn draft(&self) -> NewArticle {
        match &self.revision {
            Some(r) => r.content.clone(),
            None => self.content(),
        }
    }

    /// Propose `content` as a change to this (published) article on behalf of `by`; content
    /// equal to what is published withdraws the proposal. Returns whether anything changed.
    pub fn propose(&mut self, content: NewArticle, by: &Actor, now: DateTime<Utc>) -> bool {
        let proposed = (content != self.content()).then_some(content);
        if proposed.as_ref() == self.revision.as_ref().map(|r| &r.content) {
            return false;
        }
        self.revision = proposed.map(|content| Revision {
            content,
            by: by.user,
            by_name: by.name.clone(),
            at: now,
        });
        self.updated_at = now;
        true
    }

    /// The status after `action`, or `None` when it does not apply: the status rule, except
    /// that a proposed change to an article out of review can be published (a published
    /// article stays published, with the change) or declined (the status stays).
    pub fn next_status(&self, action: ArticleAction) -> Option<ArticleStatus> {
        match (action, &self.revision) {
            (ArticleAction::Publish, Some(_)) if self.status == ArticleStatus::Published => {
                Some(ArticleStatus::Published)
            }
            (ArticleAction::Decline, Some(_)) if self.status != ArticleStatus::InReview => {
                Some(self.status)
            }
            _ => self.status.after(action),
        }
    }

    /// Apply a review action: submitting or publishing takes a proposed change into the
    /// content (it is what goes to review or to the operators), declining drops it, retiring
    /// keeps it for a later review. Returns `false`, changing nothing, when the action does
    /// not apply.
    pub fn act(&mut self, action: ArticleAction, now: DateTime<Utc>) -> bool {
        let Some(status) = self.next_status(action) else {
            return false;
        };
        match action {
            ArticleAction::Submit | ArticleAction::Publish => {
                if let Some(r) = self.revision.take() {
                    self.edit(r.content, now);
                }
            }
            ArticleAction::Decline => self.revision = None,
            ArticleAction::Retire => {}
        }
        self.status = status;
        self.updated_at = now;
        true
    }

    /// Whether `today` (a local date) lies inside the validity window.
    pub fn is_current(&self, today: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= today)
            && self.valid_to.is_none_or(|to| today <= to)
    }

    /// Whether an operator may be offered this article today: published and current.
    pub fn is_answerable(&self, today: NaiveDate) -> bool {
        self.status == ArticleStatus::Published && self.is_current(today)
    }
}

/// One answer given from an article: the instant-answer rate is counted from these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleUse {
    pub article: ArticleId,
    pub ticket: Option<TicketId>,
    pub user: UserId,
    pub at: DateTime<Utc>,
}

/// A use without a ticket recorded by the same person for the same article within this many
/// seconds of another is the same answer sent again (a double click, a retried request), not a
/// second caller answered: no call is that short. Uses on a ticket count once per ticket.
pub const REPEATED_USE_SECS: i64 = 60;

impl ArticleUse {
    /// From when an earlier use without a ticket makes this one a repeat (`REPEATED_USE_SECS`).
    pub fn repeats_since(&self) -> DateTime<Utc> {
        self.at - chrono::Duration::seconds(REPEATED_USE_SECS)
    }
}

/// Who may write an article owned by `owner`: operators, shift leads and admins for any
/// article; unit staff only for their own unit's (a unit proposes, the centre publishes).
pub fn may_write(actor: &Actor, owner: Option<UnitId>) -> bool {
    actor.has_any(&[Role::Operator, Role::ShiftLead, Role::Admin])
        || (actor.has_any(&[Role::UnitHandler, Role::UnitAdmin])
            && actor.unit.is_some()
            && owner == actor.unit)
}

/// Who answers callers from an article and so records its use (the instant-answer rate):
/// operators and shift leads at the phones, and return-visit agents on the line with a caller.
pub fn may_answer(actor: &Actor) -> bool {
    actor.has_any(&[Role::Operator, Role::ShiftLead, Role::VisitAgent])
}

/// Who may publish and retire articles: quality inspectors, shift leads and admins.
pub fn may_publish(actor: &Actor) -> bool {
    actor.has_any(&[Role::QualityInspector, Role::ShiftLead, Role::Admin])
}

/// Who maintains the knowledge base (its maintenance pages, and the export edited in a
/// spreadsheet and imported again): those who write or publish articles.
pub fn may_maintain(actor: &Actor) -> bool {
    may_publish(actor) || may_write(actor, actor.unit)
}

/// Who may read an article's versions and proposed changes: those who write or review it
/// (its history holds drafts and proposals everyone else never sees).
pub fn may_read_versions(actor: &Actor, a: &Article) -> bool {
    may_publish(actor) || may_write(actor, a.owner_unit)
}

/// Who may see an article: everyone signed in sees published ones; drafts, articles in review
/// and retired ones only those who may write or publish them.
pub fn may_see(actor: &Actor, article: &Article) -> bool {
    article.status == ArticleStatus::Published || may_read_versions(actor, article)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content() -> NewArticle {
        NewArticle {
            title: "  居住证办理指南 ".into(),
            body: "持身份证到社区服务中心登记。".into(),
            kind: ArticleKind::ServiceGuide,
            category: Some("0401".into()),
            owner_unit: None,
            valid_from: NaiveDate::from_ymd_opt(2026, 1, 1),
            valid_to: NaiveDate::from_ymd_opt(2026, 12, 31),
            keywords: vec!["居住证".into(), " 居住证 ".into(), "".into(), "登记".into()],
        }
    }

    fn actor(roles: &[Role], unit: Option<i64>) -> Actor {
        Actor {
            user: UserId(1),
            name: "某人".into(),
            roles: roles.to_vec(),
            unit: unit.map(UnitId),
        }
    }

    #[test]
    fn a_keyword_holding_a_list_separator_is_refused() {
        for k in ["水、电费", "a,b", "x;y", "居住证|登记"] {
            let mut c = content();
            c.keywords = vec![k.into()];
            assert!(c.normalized().is_err(), "{k}");
        }
    }

    #[test]
    fn content_is_trimmed_and_keywords_deduplicated() {
        let c = content().normalized().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.title, "居住证办理指南");
        for title in [
            "居住证\n办理指南",
            "居住证\t办理指南 ",
            "居住证\r\n 办理指南",
            "居住证\u{2028}办理指南",
        ] {
            let one_line = NewArticle {
                title: title.into(),
                ..content()
            };
            let c = one_line.normalized().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(c.title, "居住证 办理指南", "{title:?}");
        }
        assert_eq!(c.keywords, vec!["居住证", "登记"]);
    }

    #[test]
    fn empty_or_oversized_text_and_backwards_windows_are_refused() {
        let field = |c: NewArticle| match c.normalized() {
            Err(DomainError::Invalid { field, .. }) => field,
            other => panic!("expected a refusal, got {other:?}"),
        };
        assert_eq!(
            field(NewArticle {
                title: " ".into(),
                ..content()
            }),
            "title"
        );
        let body = "字".repeat(MAX_BODY_CHARS + 1);
        assert_eq!(field(NewArticle { body, ..content() }), "body");
        let valid_to = NaiveDate::from_ymd_opt(2025, 12, 31);
        assert_eq!(
            field(NewArticle {
                valid_to,
                ..content()
            }),
            "valid_to"
        );
        for (from, to, which) in [
            (NaiveDate::from_ymd_opt(-262_143, 1, 1), None, "valid_from"),
            (None, NaiveDate::from_ymd_opt(262_142, 12, 31), "valid_to"),
        ] {
            let dates = NewArticle {
                valid_from: from,
                valid_to: to,
                ..content()
            };
            assert_eq!(field(dates), which);
        }
        let category = Some("1".into());
        assert_eq!(
            field(NewArticle {
                category,
                ..content()
            }),
            "category"
        );
        let keywords = (0..=MAX_KEYWORDS).map(|i| format!("词{i}")).collect();
        assert_eq!(
            field(NewArticle {
                keywords,
                ..content()
            }),
            "keywords"
        );
    }

    #[test]
    fn an_article_is_answerable_only_when_published_and_inside_its_window() {
        let now = DateTime::<Utc>::default();
        let mut a = Article::new(
            content().normalized().unwrap_or_else(|e| panic!("{e}")),
            ArticleStatus::Published,
            now,
        );
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default();
        assert!(a.is_answerable(day(1, 1)));
        assert!(a.is_answerable(day(12, 31)));
        assert!(!a.is_answerable(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default()));
        a.status = ArticleStatus::Retired;
        assert!(!a.is_answerable(day(6, 1)));
    }

    #[test]
    fn status_changes_follow_the_review() {
        use ArticleAction as A;
        use ArticleStatus as S;
        assert_eq!(S::Draft.after(A::Submit), Some(S::InReview));
        assert_eq!(S::InReview.after(A::Publish), Some(S::Published));
        assert_eq!(S::Published.after(A::Retire), Some(S::Retired));
        assert_eq!(S::Retired.after(A::Publish), Some(S::Published));
        assert_eq!(S::Published.after(A::Submit), None);
        assert_eq!(S::Retired.after(A::Retire), None);
        // An article in review goes back to its author; nothing else is declined by status.
        assert_eq!(S::InReview.after(A::Decline), Some(S::Draft));
        assert_eq!(S::Draft.after(A::Decline), None);
        assert_eq!(S::Published.after(A::Decline), None);
        assert_eq!(S::parse("已发布"), Some(S::Published));
        assert_eq!(
            ArticleKind::parse("standard_reply"),
            Some(ArticleKind::StandardReply)
        );
    }

    #[test]
    fn units_write_only_their_own_articles_and_never_publish() {
        let unit = actor(&[Role::UnitHandler], Some(7));
        assert!(may_write(&unit, Some(UnitId(7))));
        assert!(!may_write(&unit, Some(UnitId(8))));
        assert!(!may_write(&unit, None));
        assert!(!may_publish(&unit));
        let operator = actor(&[Role::Operator], None);
        assert!(may_write(&operator, None) && !may_publish(&operator));
        let inspector = actor(&[Role::QualityInspector], None);
        assert!(may_publish(&inspector) && !may_write(&inspector, None));
        let lead = actor(&[Role::ShiftLead], None);
        assert!(may_publish(&lead) && may_write(&lead, Some(UnitId(8))));
        assert!(!may_write(&actor(&[Role::Dispatcher], None), None));
    }

    #[test]
    fn a_proposed_change_leaves_the_published_content_until_it_is_published_or_declined() {
        use ArticleAction as A;
        let now = DateTime::<Utc>::default();
        let original = content().normalized().unwrap_or_else(|e| panic!("{e}"));
        let mut a = Article::new(original.clone(), ArticleStatus::Published, now);
        let unit = actor(&[Role::UnitHandler], Some(7));
        let changed = NewArticle {
            body: "持身份证和居住证明到社区服务中心登记。".into(),
            ..original.clone()
        };
        assert!(a.propose(changed.clone(), &unit, now));
        assert_eq!(
            a.content(),
            original,
            "operators still see the published text"
        );
        assert_eq!(a.draft(), changed, "the editor starts from the proposal");
        assert!(
            !a.propose(changed.clone(), &unit, now),
            "the same proposal twice"
        );
        assert_eq!(a.next_status(A::Publish), Some(ArticleStatus::Published));
        assert_eq!(a.next_status(A::Submit), None);

        // Declined: the published text stays, the proposal is gone.
        let mut declined = a.clone();
        assert!(declined.act(A::Decline, now));
        assert_eq!(declined.content(), original);
        assert!(declined.revision.is_none() && !declined.act(A::Decline, now));

        // Retired with the proposal kept; published again, the proposal is the content.
        let mut retired = a.clone();
        assert!(retired.act(A::Retire, now));
        assert!(retired.revision.is_some() && retired.content() == original);
        assert!(retired.act(A::Publish, now));
        assert_eq!(
            (retired.content(), retired.status),
            (changed.clone(), ArticleStatus::Published)
        );

        assert!(a.act(A::Publish, now));
        assert_eq!((a.content(), a.revision.clone()), (changed, None));

        // Proposing what is published withdraws the proposal.
        let mut b = Article::new(original.clone(), ArticleStatus::Published, now);
        assert!(!b.propose(original.clone(), &unit, now));
        let other = NewArticle {
            title: "居住证办理".into(),
            ..original.clone()
        };
        assert!(b.propose(other, &unit, now));
        assert!(b.propose(original, &unit, now) && b.revision.is_none());
    }
}
