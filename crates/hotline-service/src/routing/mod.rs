//! Routing (分派): text → category → unit. The active model (a `hotline_text::route::Router`
//! plus the `UnitHistory` learned with it) is loaded from the store at start and swapped on
//! activation; models are trained from the centre's own closed tickets (`train`), versioned in
//! the store, and rolled back by activating an older version. `suggest` turns a text and a
//! place into category and unit suggestions with reasons; `figures` measures how they fared.
pub mod figures;
pub mod history;
mod import;
pub mod suggest;
pub mod train;

use std::sync::{Arc, RwLock};

use hotline_domain::event::{approved_returns, ApprovedReturn};
use hotline_domain::org::Actor;
use hotline_domain::ticket::Ticket;
use hotline_store::RouteModelInfo;
use hotline_text::route::Router;

use crate::admin::require_admin;
use crate::{App, ServiceError, ServiceResult};

pub use history::UnitHistory;

/// The text a model reads for a ticket's matter: the text, then the synonym groups it names
/// in other words (煤气 → 燃气, as knowledge search reads them), so the caller's wording and the
/// history's share their evidence. The same in training and in suggestion.
pub(crate) fn model_text(matter: &str) -> std::borrow::Cow<'_, str> {
    let groups = crate::knowledge::tokenizer::other_group_words(matter);
    if groups.is_empty() {
        std::borrow::Cow::Borrowed(matter)
    } else {
        std::borrow::Cow::Owned(format!("{matter}\n{}", groups.join(" ")))
    }
}

/// The model suggestions come from.
pub struct ActiveModel {
    pub info: RouteModelInfo,
    pub router: Router,
    pub history: UnitHistory,
}

/// The routing state shared by every request.
#[derive(Default)]
pub struct RoutingState {
    active: RwLock<Option<Arc<ActiveModel>>>,
}

impl RoutingState {
    pub fn active(&self) -> Option<Arc<ActiveModel>> {
        match self.active.read() {
            Ok(a) => a.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    fn set(&self, model: Option<Arc<ActiveModel>>) {
        match self.active.write() {
            Ok(mut a) => *a = model,
            Err(p) => *p.into_inner() = model,
        }
    }
}

fn decode(
    info: RouteModelInfo,
    history: &serde_json::Value,
    bytes: &[u8],
) -> ServiceResult<ActiveModel> {
    let router = Router::from_bytes(bytes).map_err(|e| {
        ServiceError::invalid(
            "model",
            format!(
                "分派模型第{}版无法读取 / model cannot be read: {e}",
                info.version
            ),
        )
    })?;
    let history = UnitHistory::from_json(history).map_err(|e| {
        ServiceError::invalid(
            "model",
            format!(
                "分派模型第{}版的历史数据无法读取 / history cannot be read: {e}",
                info.version
            ),
        )
    })?;
    Ok(ActiveModel {
        info,
        router,
        history,
    })
}

impl App {
    /// Load the active model from the store (at start, and after another process changed it).
    pub async fn load_route_model(&self) -> ServiceResult<Option<RouteModelInfo>> {
        let model = match self.store.active_route_model().await? {
            Some(m) => Some(Arc::new(decode(m.info, &m.history, &m.model)?)),
            None => None,
        };
        let info = model.as_ref().map(|m| m.info.clone());
        self.routing.set(model);
        Ok(info)
    }

    /// Load the active model again when another process changed which one it is (`hotline
    /// route activate`, `route train --from-db` on the same database): the stored versions are
    /// listed (not the model itself). Failures are logged; the model in use stays.
    pub(crate) async fn catch_up_route_model(&self) {
        let stored = match self.store.route_models().await {
            Ok(models) => models.into_iter().find(|m| m.active).map(|m| m.version),
            Err(e) => {
                tracing::warn!(error = %e, "checking the active routing model failed");
                return;
            }
        };
        let in_use = self.routing.active().map(|m| m.info.version);
        if stored != in_use {
            match self.load_route_model().await {
                Ok(info) => tracing::info!(
                    version = info.map(|i| i.version),
                    "routing model changed by another process: now in use"
                ),
                Err(e) => tracing::warn!(error = %e, "loading the routing model failed"),
            }
        }
    }

    /// The model suggestions come from now, if any.
    pub fn route_model(&self) -> Option<Arc<ActiveModel>> {
        self.routing.active()
    }

    /// The units to dispatch `ticket` to, best first, with reasons: the responsibility list
    /// for its category at its place, and which units finally handled such tickets there (the
    /// active model's history); after approved returns (退单), not the units that returned it,
    /// and the unit a return named first. None before it has a category. For the centre's
    /// staff: which other units a unit's ticket could go to is not a unit's to read.
    pub async fn dispatch_suggestions(
        &self,
        actor: &Actor,
        ticket: &Ticket,
    ) -> ServiceResult<Vec<suggest::UnitSuggestion>> {
        if actor.is_unit_staff() {
            return Err(ServiceError::Forbidden(
                "转办建议只供热线中心使用 / for the centre's staff".into(),
            ));
        }
        let returns = match ticket.return_count {
            0 => Vec::new(),
            _ => {
                let events = self.store.events(ticket.id).await?;
                approved_returns(events.iter().map(|e| &e.event))
            }
        };
        Ok(self.dispatch_suggestions_after(ticket, &returns))
    }

    /// `dispatch_suggestions` with the ticket's approved returns already read from its history,
    /// for the dispatch form, which the domain offers no unit (`dispatch_suggestions` checks
    /// who asks).
    pub fn dispatch_suggestions_after(
        &self,
        ticket: &Ticket,
        returns: &[ApprovedReturn],
    ) -> Vec<suggest::UnitSuggestion> {
        let Some(category) = ticket.category.as_deref() else {
            return Vec::new();
        };
        let r = self.reference();
        let model = self.routing.active();
        suggest::units_after_returns(
            &r,
            model.as_deref().map(|m| &m.history),
            &[(category.to_string(), 1.0)],
            &ticket.elements.place.chain(),
            returns,
        )
    }

    /// Every stored model, newest first (administrators).
    pub async fn route_models(&self, actor: &Actor) -> ServiceResult<Vec<RouteModelInfo>> {
        require_admin(actor)?;
        Ok(self.store.route_models().await?)
    }

    /// Make a stored model the active one; activating an older version is the rollback. The
    /// model is read and checked before anything changes.
    pub async fn activate_route_model(
        &self,
        actor: &Actor,
        version: i64,
    ) -> ServiceResult<RouteModelInfo> {
        require_admin(actor)?;
        let stored = self
            .store
            .route_model(version)
            .await?
            .ok_or(ServiceError::NotFound("route model"))?;
        let mut model = decode(stored.info, &stored.history, &stored.model)?;
        self.check_labels_name_categories(&model.router)?;
        model.info = self.store.activate_route_model(version, self.now()).await?;
        let info = model.info.clone();
        self.routing.set(Some(Arc::new(model)));
        Ok(info)
    }

    /// A model's classes that name none of the city's categories (by code or by name): they
    /// can give no category and no unit.
    pub fn route_labels_without_category(&self, router: &Router) -> Vec<String> {
        let reference = self.reference();
        router
            .labels()
            .iter()
            .filter(|l| suggest::category_of(&reference, l).is_none())
            .cloned()
            .collect()
    }

    /// A model goes into use only if some of its classes name a category: otherwise every
    /// suggestion would come without a category or a unit.
    fn check_labels_name_categories(&self, router: &Router) -> ServiceResult<()> {
        let missing = self.route_labels_without_category(router);
        if missing.len() < router.labels().len() {
            return Ok(());
        }
        let shown: Vec<&str> = missing.iter().take(8).map(String::as_str).collect();
        Err(ServiceError::invalid(
            "model",
            format!(
                "模型的类别({}{})都不是本中心的分类编码或名称,启用后将没有分类与单位建议 / none of \
                 the model's classes names a category of this centre (by code or name)",
                shown.join("、"),
                if missing.len() > shown.len() { "…" } else { "" }
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::model_text;

    #[test]
    fn the_model_reads_the_synonym_groups_a_text_names_in_other_words() {
        assert_eq!(
            model_text("我想问一下煤气费在哪交"),
            "我想问一下煤气费在哪交\n燃气"
        );
        assert_eq!(
            model_text("煤气灶坏了，楼道噪音大，天然气也没了"),
            "煤气灶坏了，楼道噪音大，天然气也没了\n燃气 噪声"
        );
        // In the group's own word, or not a word of a group at all: the text as it is.
        assert_eq!(model_text("燃气灶坏了"), "燃气灶坏了");
        assert_eq!(model_text("他不断电话骚扰我"), "他不断电话骚扰我");
    }
}
