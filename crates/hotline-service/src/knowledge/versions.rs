//! An article's kept versions (版本记录): every write of an article is kept by the store, so
//! the centre can see what operators were told on a given day, who changed what, and go back
//! to an earlier version's content.
use hotline_domain::knowledge::{
    may_publish, may_write, Article, ArticleChange, ArticleId, ArticleVersion,
};
use hotline_domain::org::Actor;

use super::forbidden;
use crate::{App, ServiceError, ServiceResult};

/// Who may read an article's versions: those who write or review it. Earlier versions hold
/// drafts and proposed changes that everyone else never sees.
fn may_read_versions(actor: &Actor, a: &Article) -> bool {
    may_publish(actor) || may_write(actor, a.owner_unit)
}

impl App {
    /// Every kept version of an article, newest first.
    pub async fn article_versions(
        &self,
        actor: &Actor,
        id: ArticleId,
    ) -> ServiceResult<Vec<ArticleVersion>> {
        let a = self.article(actor, id).await?;
        if !may_read_versions(actor, &a) {
            return Err(forbidden(
                "版本记录只供编写与审核该知识的人员查看 / only those who write or review this article may read its versions",
            ));
        }
        Ok(self.store.article_versions(id).await?)
    }

    /// One kept version of an article.
    pub async fn article_version(
        &self,
        actor: &Actor,
        id: ArticleId,
        version: u64,
    ) -> ServiceResult<ArticleVersion> {
        self.article_versions(actor, id)
            .await?
            .into_iter()
            .find(|v| v.version == version)
            .ok_or(ServiceError::NotFound("article version"))
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
        let old = self.article_version(actor, id, from).await?;
        self.write_content(actor, id, current, old.content, ArticleChange::Restored)
            .await
    }
}
