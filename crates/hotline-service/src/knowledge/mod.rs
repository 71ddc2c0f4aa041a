//! Knowledge-base use cases (知识库): write, review, publish and retire articles; search them
//! and recommend them to the operator while a call is recorded (`search`); count every answer
//! given from one (the instant-answer rate); import and export CSV and XLSX (`transfer`). Who may do what is the
//! domain's `knowledge::may_*`; the search index lives beside the store (see `index`).
pub mod figures;
mod index;
mod search;
pub mod tokenizer;
pub mod transfer;
mod versions;

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use hotline_domain::calendar::china_offset;
use hotline_domain::knowledge::{
    may_publish, may_see, may_write, Article, ArticleAction, ArticleChange, ArticleId,
    ArticleStatus, ArticleUse, NewArticle,
};
use hotline_domain::lifecycle::Command;
use hotline_domain::org::Actor;
use hotline_domain::ticket::TicketId;
use hotline_store::{ArticleFilter, ArticleScope, DynStore, StoreError};

pub use index::{ArticleIndex, Filters, Highlighted, IndexError};
pub use search::{
    mark_html, ArticleSearch, HitPage, KnowledgeHit, MAX_DRAFT_CHARS, MAX_SEARCH_LIMIT,
    MAX_SEARCH_OFFSET, RECOMMENDATIONS,
};

use crate::analyze::check_category;
use crate::{App, Reference, ServiceError, ServiceResult};

/// The index built from every stored article (at start).
pub(crate) async fn load_index(store: &DynStore) -> ServiceResult<Arc<ArticleIndex>> {
    let articles = store.all_articles().await?;
    let built = tokio::task::spawn_blocking(move || ArticleIndex::build(articles))
        .await
        .map_err(|e| index_failure(e.to_string()))?
        .map_err(|e| index_failure(e.to_string()))?;
    Ok(Arc::new(built))
}

fn index_failure(message: String) -> ServiceError {
    ServiceError::Store(StoreError::Backend(message))
}

fn forbidden(zh_en: &str) -> ServiceError {
    ServiceError::Forbidden(zh_en.into())
}

/// Whether the person may take `action` on the article: submitting is for those who write it;
/// publishing, retiring and declining a proposed change for those who publish.
pub fn may_act(actor: &Actor, a: &Article, action: ArticleAction) -> bool {
    match action {
        ArticleAction::Submit => may_write(actor, a.owner_unit),
        ArticleAction::Publish | ArticleAction::Retire | ArticleAction::Decline => {
            may_publish(actor)
        }
    }
}

/// The article as `actor` sees it: a proposed change waiting for review only for those who
/// write or review the article; everyone else sees the published content alone.
fn seen_by(actor: &Actor, mut a: Article) -> Article {
    if !hotline_domain::knowledge::may_read_versions(actor, &a) {
        a.revision = None;
        // Nor who proposed, withdrew or declined a change: what they see was published.
        if matches!(
            a.change,
            ArticleChange::Proposed | ArticleChange::Withdrawn | ArticleChange::Declined
        ) {
            a.change = ArticleChange::Published;
        }
        // A change that settled a proposal is, to them, a change.
        if matches!(a.change, ArticleChange::Adopted | ArticleChange::Superseded) {
            a.change = ArticleChange::Edited;
        }
        a.changed_by = None;
    }
    a
}

/// Whether the person sees every article, drafts included (not only their unit's).
fn sees_all(actor: &Actor) -> bool {
    may_publish(actor) || may_write(actor, None)
}

/// `filter` narrowed to the articles the person may list, or `None` when it can hold none of
/// them.
fn visible(actor: &Actor, mut filter: ArticleFilter) -> Option<ArticleFilter> {
    filter.scope = if sees_all(actor) {
        ArticleScope::All
    } else if let (true, Some(u)) = (may_write(actor, actor.unit), actor.unit) {
        ArticleScope::PublishedOrUnit(u)
    } else {
        ArticleScope::Published
    };
    // Changes waiting for review are for those who write or review the article: others learn
    // of none (a unit, of its own articles' only).
    if filter.revision_pending.is_some() && !sees_all(actor) {
        filter.owner_unit = Some(actor.unit.filter(|_| may_write(actor, actor.unit))?);
    }
    Some(filter)
}

impl App {
    /// The knowledge search index; an app started for a command has none.
    pub(crate) fn search_index(&self) -> ServiceResult<&ArticleIndex> {
        self.knowledge.as_deref().ok_or_else(|| {
            index_failure(
                "此进程为命令行命令启动,没有知识检索索引,请在服务器上检索 / this process was started for a command: it has no knowledge search index"
                    .into(),
            )
        })
    }

    /// Today in China: validity dates are local dates.
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&china_offset()).date_naive()
    }

    /// Checked content: the domain's rules, then the category and the owning unit exist.
    pub(crate) fn check_article(
        &self,
        r: &Reference,
        new: NewArticle,
    ) -> ServiceResult<NewArticle> {
        self.check_article_keeping(r, new, None)
    }

    /// `check_article` for an article as it is now (`kept`): it may keep its unit and its
    /// category even if they were retired since; only a new one must be in use.
    pub(crate) fn check_article_keeping(
        &self,
        r: &Reference,
        new: NewArticle,
        kept: Option<&Article>,
    ) -> ServiceResult<NewArticle> {
        let content = new.normalized()?;
        if let Some(code) = &content.category {
            match r.categories.get(code) {
                None => {
                    return Err(ServiceError::invalid(
                        "category",
                        format!("没有编码为 {code} 的分类 / unknown category"),
                    ))
                }
                Some(c) if !c.active && kept.is_none_or(|k| k.category.as_ref() != Some(code)) => {
                    return Err(ServiceError::invalid(
                        "category",
                        format!(
                            "分类 {}({code})已停用,请选用在用的分类 / category {code} is retired",
                            c.name
                        ),
                    ))
                }
                Some(_) => {}
            }
        }
        let kept_unit = kept.and_then(|k| k.owner_unit);
        if let Some(u) = content.owner_unit.filter(|u| Some(*u) != kept_unit) {
            r.active_unit(u, "owner_unit")?;
        }
        Ok(content)
    }

    /// Put written articles into the search index; whether it could. The store has them
    /// already: a failure here is logged, not returned, and the next start rebuilds the index.
    pub(crate) async fn index_articles(&self, articles: Vec<Article>) -> bool {
        // An app started for a command keeps no index: the servers' own follow the store.
        let Some(index) = self.knowledge.clone() else {
            return true;
        };
        let done = tokio::task::spawn_blocking(move || index.upsert(articles)).await;
        match done {
            Ok(Ok(())) => true,
            Ok(Err(e)) => {
                tracing::error!(error = %e, "knowledge index update failed");
                false
            }
            Err(e) => {
                tracing::error!(error = %e, "knowledge index update panicked");
                false
            }
        }
    }

    /// Write a new article (a draft).
    pub async fn create_article(&self, actor: &Actor, new: NewArticle) -> ServiceResult<Article> {
        if !may_write(actor, new.owner_unit) {
            return Err(forbidden(
                "只有受理员、班长、管理员或本单位人员可以编写知识 / you may not write this article",
            ));
        }
        let content = self.check_article(&self.reference(), new)?;
        // Checked and written one at a time on this server, as imports are.
        let _one_at_a_time = self.knowledge_imports.lock().await;
        self.title_free(&content.title, content.owner_unit, None)?;
        let mut article = Article::new(content, ArticleStatus::Draft, self.now());
        article.stamp(ArticleChange::Created, actor);
        let mut stored = (self.store.insert_articles(vec![article]).await).map_err(store_error)?;
        let a = stored.pop().ok_or(ServiceError::NotFound("article"))?;
        self.index_articles(vec![a.clone()]).await;
        Ok(a)
    }

    /// Two articles in use of one unit under one title would give operators two answers to
    /// choose from, and an import could not tell which of them a row means: refused.
    fn title_free(
        &self,
        title: &str,
        owner: Option<hotline_domain::org::UnitId>,
        except: Option<ArticleId>,
    ) -> ServiceResult<()> {
        match self.search_index()?.titled(title, owner, except) {
            Some(other) => Err(ServiceError::invalid(
                "title",
                format!(
                    "已有同一单位、同一标题的知识(编号 {}):请改标题,或修改那一篇 / the unit already has an article with this title (#{})",
                    other.0, other.0
                ),
            )),
            None => Ok(()),
        }
    }

    /// Load an article the person may see.
    pub async fn article(&self, actor: &Actor, id: ArticleId) -> ServiceResult<Article> {
        let a = self
            .store
            .article(id)
            .await?
            .ok_or(ServiceError::NotFound("article"))?;
        if !may_see(actor, &a) {
            return Err(forbidden(if a.status == ArticleStatus::Retired {
                "该知识已下线 / this article is retired"
            } else {
                "该知识尚未发布 / this article is not published"
            }));
        }
        Ok(seen_by(actor, a))
    }

    /// Change an article's content, built on the version the person saw. A change to a
    /// published article by someone who may not publish is stored as a proposal (`Revision`):
    /// operators keep the published content until a publisher publishes or declines it.
    pub async fn update_article(
        &self,
        actor: &Actor,
        id: ArticleId,
        version: u64,
        new: NewArticle,
    ) -> ServiceResult<Article> {
        self.write_content(actor, id, version, new, ArticleChange::Edited)
            .await
    }

    /// `update_article`, the version kept saying `edit` when the content is replaced (a
    /// proposal says it is one).
    pub(crate) async fn write_content(
        &self,
        actor: &Actor,
        id: ArticleId,
        version: u64,
        new: NewArticle,
        edit: ArticleChange,
    ) -> ServiceResult<Article> {
        let mut a = self.article(actor, id).await?;
        if !may_write(actor, a.owner_unit) || !may_write(actor, new.owner_unit) {
            return Err(forbidden(
                "无权修改该知识 / you may not change this article",
            ));
        }
        stale(&a, version)?;
        let content = self.check_article_keeping(&self.reference(), new, Some(&a))?;
        let _one_at_a_time = self.knowledge_imports.lock().await;
        let renamed = content.title != a.title || content.owner_unit != a.owner_unit;
        if renamed && a.status != ArticleStatus::Retired {
            self.title_free(&content.title, content.owner_unit, Some(a.id))?;
        }
        let changed = if a.status == ArticleStatus::Published && !may_publish(actor) {
            let changed = a.propose(content, actor, self.now());
            let change = match a.revision {
                Some(_) => ArticleChange::Proposed,
                None => ArticleChange::Withdrawn,
            };
            a.stamp(change, actor);
            changed
        } else if content == a.content() && a.revision.is_none() {
            false
        } else {
            // A direct edit settles a proposal waiting for review: saved as proposed, it is
            // adopted; otherwise this edit takes its place. The history says which, and the
            // proposal stays in the version before.
            let settles = edit == ArticleChange::Edited
                && a.status == ArticleStatus::Published
                && may_publish(actor);
            let change = match &a.revision {
                Some(r) if settles && r.content == content => ArticleChange::Adopted,
                Some(_) if settles => ArticleChange::Superseded,
                _ => edit,
            };
            a.edit(content, self.now());
            a.stamp(change, actor);
            true
        };
        // Saving what is already there changes nothing: no new version (an export taken
        // before stays current) and a published article stays in use.
        if !changed {
            return Ok(a);
        }
        let saved = self
            .store
            .update_article(a, version)
            .await
            .map_err(store_error)?;
        self.index_articles(vec![saved.clone()]).await;
        Ok(saved)
    }

    /// Submit for review, publish, retire, or decline a proposed change. Without a version,
    /// the current one. Publishing an article already past its validity is refused, here and
    /// by import (an edit or an import of an article already published keeps what it says).
    pub async fn change_article_status(
        &self,
        actor: &Actor,
        id: ArticleId,
        version: Option<u64>,
        action: ArticleAction,
    ) -> ServiceResult<Article> {
        let mut a = self.article(actor, id).await?;
        if !may_act(actor, &a, action) {
            let who = match action {
                ArticleAction::Submit => "提交审核由受理员、班长、管理员或所属单位人员执行",
                _ => "发布、下线与退回修改由质检员、班长或管理员执行",
            };
            return Err(forbidden(&format!(
                "无权{}该知识({who})/ you may not {} this article",
                action.label_zh(),
                action.as_str()
            )));
        }
        let version = version.unwrap_or(a.version);
        stale(&a, version)?;
        let _one_at_a_time = self.knowledge_imports.lock().await;
        let was = (a.title.clone(), a.owner_unit, a.status);
        if !a.act(action, self.now()) {
            return Err(ServiceError::Conflict(match action {
                ArticleAction::Decline => {
                    "该知识既不在审核中,也没有待审核的修改,无需退回 / the article is not in review and has no proposed change to decline"
                        .to_string()
                }
                _ => format!(
                    "知识当前为「{}」,不能{} / cannot {} an article that is {}",
                    a.status.label_zh(),
                    action.label_zh(),
                    action.as_str(),
                    a.status.as_str()
                ),
            }));
        }
        // Brought back from retirement it takes its title back, and a proposal published or
        // submitted brings its own: unless another article has that title now.
        let revived = was.2 == ArticleStatus::Retired;
        let renamed = a.title != was.0 || a.owner_unit != was.1;
        if (revived || renamed) && a.status != ArticleStatus::Retired {
            self.title_free(&a.title, a.owner_unit, Some(a.id))?;
        }
        a.stamp(ArticleChange::of_action(action), actor);
        // Published past its validity it would never be offered: the date is the mistake.
        if let Some(to) = a
            .valid_to
            .filter(|to| action == ArticleAction::Publish && *to < self.today())
        {
            return Err(ServiceError::invalid(
                "valid_to",
                format!(
                    "该知识有效期至 {to},已过期,发布后也不会推荐给受理员;请先修改有效期 / the article was valid until {to}: change its validity before publishing"
                ),
            ));
        }
        let saved = self
            .store
            .update_article(a, version)
            .await
            .map_err(store_error)?;
        self.index_articles(vec![saved.clone()]).await;
        Ok(saved)
    }

    /// A page of the articles the person may see, newest change first.
    pub async fn articles(
        &self,
        actor: &Actor,
        filter: ArticleFilter,
        limit: u32,
        offset: u32,
    ) -> ServiceResult<(Vec<Article>, u64)> {
        // A filter that can match nothing is more likely a mistake than a question.
        check_category(&self.reference(), filter.category.as_deref())?;
        let Some(filter) = visible(actor, filter) else {
            return Ok((Vec::new(), 0));
        };
        let (page, total) = self
            .store
            .articles(&filter, limit.clamp(1, 200), offset)
            .await?;
        Ok((page.into_iter().map(|a| seen_by(actor, a)).collect(), total))
    }

    /// Count an answer given from an article (on a ticket, if there is one); the new count.
    /// Only published articles valid today can be answered from, only by the centre, and not
    /// on a ticket finished otherwise than by an answer on the spot.
    pub async fn record_article_use(
        &self,
        actor: &Actor,
        id: ArticleId,
        ticket: Option<TicketId>,
    ) -> ServiceResult<u64> {
        if !hotline_domain::knowledge::may_answer(actor) {
            return Err(forbidden(
                "即时答复由受理员、班长或回访员记录 / only those who answer callers record an answer",
            ));
        }
        self.answerable(id).await?;
        if let Some(t) = ticket {
            let found = self.ticket(actor, t).await?;
            // An answer is given on a call: a finished ticket has no caller on the line, unless
            // it was finished by that answer (即时答复, its article named after; the store counts
            // a ticket once).
            let answered_on_the_spot =
                found.visit_exemption == Some(hotline_domain::ticket::VisitExemption::DirectAnswer);
            if found.state.is_finished() && !answered_on_the_spot {
                return Err(ServiceError::invalid(
                    "ticket",
                    format!(
                        "工单 {} {},不能再记录即时答复 / ticket {} is {}: no answer can be recorded on it",
                        found.number,
                        found.state.label_zh(),
                        found.number,
                        found.state.as_str()
                    ),
                ));
            }
        }
        self.count_use(actor, id, ticket, self.now()).await
    }

    /// The article a direct answer names, checked before the ticket is touched.
    pub(crate) async fn answer_article(&self, cmd: &Command) -> ServiceResult<Option<ArticleId>> {
        match cmd {
            Command::DirectAnswer {
                article: Some(id), ..
            } => {
                let id = ArticleId(*id);
                self.answerable(id).await.map_err(|e| match e {
                    ServiceError::NotFound(_) => {
                        ServiceError::invalid("article", "没有该知识 / unknown article")
                    }
                    other => other,
                })?;
                Ok(Some(id))
            }
            _ => Ok(None),
        }
    }

    /// The search index's use count of an article, after a direct answer counted a use of it
    /// with the ticket (`TicketChange::article_use`). The use is stored; a failure here only
    /// leaves the index's count behind until the article is next indexed, so it is logged.
    pub(crate) async fn index_use_count(&self, article: ArticleId) {
        let Some(indexed) = self.knowledge.as_ref().and_then(|k| k.get(article)) else {
            return;
        };
        match self.store.article(article).await {
            Ok(Some(stored)) => {
                let mut a = Article::clone(&indexed);
                a.use_count = stored.use_count;
                self.index_articles(vec![a]).await;
            }
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(error = %e, article = article.0, "reading an article's use count failed")
            }
        }
    }

    async fn answerable(&self, id: ArticleId) -> ServiceResult<Article> {
        let a = self
            .store
            .article(id)
            .await?
            .ok_or(ServiceError::NotFound("article"))?;
        if !a.is_answerable(self.today()) {
            // By the number given, not the title: a draft's title is not for everyone who may
            // answer a ticket.
            return Err(ServiceError::invalid(
                "article",
                format!(
                    "知识 {} 未发布或不在有效期内,不能用于答复 / article {} is not published or \
                     not valid today",
                    id.0, id.0
                ),
            ));
        }
        Ok(a)
    }

    async fn count_use(
        &self,
        actor: &Actor,
        article: ArticleId,
        ticket: Option<TicketId>,
        at: DateTime<Utc>,
    ) -> ServiceResult<u64> {
        let count = self
            .store
            .count_article_use(ArticleUse {
                article,
                ticket,
                user: actor.user,
                at,
            })
            .await?;
        if let Some(a) = self.knowledge.as_ref().and_then(|k| k.get(article)) {
            let mut a = Article::clone(&a);
            a.use_count = count;
            self.index_articles(vec![a]).await;
        }
        Ok(count)
    }
}

/// The refusal of a change built on an old version.
fn changed_meanwhile(expected: u64, actual: u64) -> ServiceError {
    ServiceError::Conflict(format!(
        "知识已被他人修改(提交的版本 {expected},当前版本 {actual}),请刷新后重试 / the article \
         changed since version {expected} (now {actual}); reload and retry"
    ))
}

/// Refuse a change built on an old version before touching the store.
fn stale(a: &Article, version: u64) -> ServiceResult<()> {
    if a.version != version {
        return Err(changed_meanwhile(version, a.version));
    }
    Ok(())
}

/// A store refusal, with a stale version or a title taken meanwhile said in the knowledge
/// base's words. The title check before a write reads this server's index; the database's
/// own check catches what another process wrote since.
fn store_error(e: StoreError) -> ServiceError {
    match e {
        StoreError::Conflict { expected, actual } => changed_meanwhile(expected, actual),
        StoreError::Duplicate(what)
            if what.contains(hotline_store::knowledge::LIVE_TITLE_INDEX) =>
        {
            ServiceError::invalid(
                "title",
                "同一单位、同一标题的知识刚刚已由他处写入:请改标题,或修改那一篇 / an article \
                 of the unit with this title was written elsewhere meanwhile: retitle this one \
                 or edit that one",
            )
        }
        other => other.into(),
    }
}
