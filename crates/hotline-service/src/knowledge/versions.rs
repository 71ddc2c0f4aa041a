//! An article's kept versions (版本记录): every write of an article is kept by the store, so
//! the centre can see what operators were told on a given day, who changed what, and go back
//! to an earlier version's content.
use hotline_domain::knowledge::{
    may_publish, may_read_versions, Article, ArticleChange, ArticleId, ArticleStatus,
    ArticleVersion,
};
use hotline_domain::org::Actor;

use super::forbidden;
use crate::{App, ServiceError, ServiceResult};

fn version_in(versions: Vec<ArticleVersion>, version: u64) -> ServiceResult<ArticleVersion> {
    versions
        .into_iter()
        .find(|v| v.version == version)
        .ok_or(ServiceError::NotFound("article version"))
}

impl App {
    /// Every kept version of an article, newest first.
    pub async fn article_versions(
        &self,
        actor: &Actor,
        id: ArticleId,
    ) -> ServiceResult<Vec<ArticleVersion>> {
        let a = self.article(actor, id).await?;
        self.versions_of(actor, &a).await
    }

    /// The versions of an article the person has read already (`article`), newest first.
    pub async fn versions_of(
        &self,
        actor: &Actor,
        a: &Article,
    ) -> ServiceResult<Vec<ArticleVersion>> {
        if !may_read_versions(actor, a) {
            return Err(forbidden(
                "版本记录只供编写与审核该知识的人员查看 / only those who write or review this article may read its versions",
            ));
        }
        let mut versions = self.store.article_versions(a.id).await?;
        // Unit staff read the versions written while the article was their unit's: one given
        // to them from another unit keeps that unit's drafts to itself.
        if actor.is_unit_staff() {
            versions.retain(|v| v.content.owner_unit == actor.unit);
        }
        Ok(versions)
    }

    /// One kept version of an article.
    pub async fn article_version(
        &self,
        actor: &Actor,
        id: ArticleId,
        version: u64,
    ) -> ServiceResult<ArticleVersion> {
        let a = self.article(actor, id).await?;
        version_in(self.versions_of(actor, &a).await?, version)
    }

    /// Take an earlier version's content back (status stays), built on the version the person
    /// saw (`current`), by the same rules as an edit: a published article changed by someone
    /// who may not publish gets it as a proposed change. Content equal to what the article
    /// says now changes nothing.
    pub async fn restore_article_version(
        &self,
        actor: &Actor,
        id: ArticleId,
        current: u64,
        from: u64,
    ) -> ServiceResult<Article> {
        let a = self.article(actor, id).await?;
        let old = version_in(self.versions_of(actor, &a).await?, from)?;
        // An old version often holds an old validity: published straight back with it, the
        // article would stay published and never be offered (publishing refuses that too).
        if let Some(to) = old.content.valid_to.filter(|to| {
            a.status == ArticleStatus::Published && may_publish(actor) && *to < self.today()
        }) {
            return Err(ServiceError::invalid(
                "valid_to",
                format!(
                    "第 {from} 版的有效期至 {to},已过期;恢复后该知识不会再推荐给受理员。请改用修改,调整有效期后保存 / version {from} was valid until {to}: edit the article and change its validity instead"
                ),
            ));
        }
        self.write_content(actor, id, current, old.content, ArticleChange::Restored)
            .await
    }
}
