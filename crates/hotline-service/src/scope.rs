//! The scope rules in force (受理范围: not accepted, beyond remit, emergency signals) and where
//! they come from: the project's defaults, the centre's own version saved in the database
//! (edited by an administrator, in force at once), or a file named at start
//! (`serve --scope-rules FILE`, which then governs and cannot be edited in the browser).
use std::sync::Arc;

use hotline_domain::org::Actor;
use hotline_text::screen::cases::{parse_cases, BUILTIN_CASES};
use hotline_text::screen::{ScopeRules, Screener, Verdict};

/// The project's default rules as TOML, comments included.
pub use hotline_text::screen::DEFAULT_RULES;

use crate::{App, ServiceError, ServiceResult};

/// The settings key of the centre's rules (their TOML text).
const SETTING: &str = "scope_rules";

/// Where the rules in force come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RulesSource {
    /// The project's default rules.
    Builtin,
    /// Saved by the centre's administrators.
    Centre,
    /// A file named at start; its path.
    File(String),
}

impl RulesSource {
    pub fn label_zh(&self) -> String {
        match self {
            RulesSource::Builtin => "系统默认规则".into(),
            RulesSource::Centre => "本中心修改后的规则".into(),
            RulesSource::File(p) => format!("启动参数指定的文件 {p}"),
        }
    }
}

/// The compiled rules, their text and their source.
pub struct ScopeState {
    pub screener: Screener,
    /// The TOML the rules were read from (comments kept), shown for editing.
    pub text: String,
    pub source: RulesSource,
}

impl ScopeState {
    pub fn builtin() -> ServiceResult<ScopeState> {
        Ok(ScopeState {
            screener: Screener::builtin()
                .map_err(|e| ServiceError::invalid("scope_rules", rules_message(&e)))?,
            text: DEFAULT_RULES.to_string(),
            source: RulesSource::Builtin,
        })
    }

    /// Rules a centre puts in force (saved, or a file named at start): checked, also by
    /// `ScopeRules::check_for_use` (keyword lengths, each signal's service), and keeping at
    /// least one emergency rule. Rules saved earlier are loaded by `parse`, without those.
    pub fn parse_for_use(text: &str, source: RulesSource) -> ServiceResult<ScopeState> {
        let invalid = |e: &hotline_text::screen::RulesError| {
            ServiceError::invalid("scope_rules", rules_message(e))
        };
        let rules = ScopeRules::from_toml(text).map_err(|e| invalid(&e))?;
        // Before anything is compiled: a keyword of a page would tie up the compiler.
        rules.check_for_use().map_err(|e| invalid(&e))?;
        rules.require_emergency_rules().map_err(|e| invalid(&e))?;
        ScopeState::compiled(rules, text, source)
    }

    /// Rules from TOML text, checked.
    pub fn parse(text: &str, source: RulesSource) -> ServiceResult<ScopeState> {
        let rules = ScopeRules::from_toml(text)
            .map_err(|e| ServiceError::invalid("scope_rules", rules_message(&e)))?;
        ScopeState::compiled(rules, text, source)
    }

    /// Checked rules compiled for screening, with the text they were read from.
    fn compiled(rules: ScopeRules, text: &str, source: RulesSource) -> ServiceResult<ScopeState> {
        let screener = Screener::new(rules)
            .map_err(|e| ServiceError::invalid("scope_rules", rules_message(&e)))?;
        Ok(ScopeState {
            screener,
            text: text.to_string(),
            source,
        })
    }
}

/// The shipped caller records run through rules a centre writes, against the rules in force:
/// each that those transfer (119, 120, 110, 122) must still be transferred, and each ordinary
/// call they leave alone must not be transferred nor screened out. An edit may change what is
/// not accepted as the centre sees fit; an emergency lost, one raised on ordinary calls, or
/// ordinary calls screened out (a keyword such as 的) is refused before it is in force. Rules
/// saved before a signal shipped are not held to it.
fn check_against_cases(in_force: &Screener, screener: &Screener) -> ServiceResult<()> {
    let cases = parse_cases(BUILTIN_CASES).map_err(|e| ServiceError::invalid("scope_rules", e))?;
    let mut missed = Vec::new();
    let mut raised = Vec::new();
    let mut refused = Vec::new();
    for case in &cases {
        let telling = case.telling();
        let before = in_force.screen_as(&case.text, telling);
        let was = !before.emergency.is_empty();
        let now = screener.screen_as(&case.text, telling);
        if was && now.emergency.is_empty() {
            missed.push(case.text.as_str());
        } else if case.expect.is_empty() && !was && !now.emergency.is_empty() {
            let rules: Vec<&str> = now.emergency.iter().map(|h| h.rule.as_str()).collect();
            raised.push(format!("{}({})", case.text, rules.join("、")));
        }
        // An ordinary call the rules in force take, screened out now (a keyword such as 的
        // in a rule of 不予受理).
        let screened = |v: &Verdict| -> Vec<String> {
            (v.not_accepted.iter().chain(&v.out_of_remit))
                .map(|h| h.rule.clone())
                .filter(|r| !case.also.contains(r))
                .collect()
        };
        if case.expect.is_empty() && screened(&before).is_empty() {
            let rules = screened(&now);
            if !rules.is_empty() {
                refused.push(format!("{}({})", case.text, rules.join("、")));
            }
        }
    }
    if missed.is_empty() && raised.is_empty() && refused.is_empty() {
        return Ok(());
    }
    let mut m = String::from("改动后的规则会误判自带用例,未生效:");
    if !missed.is_empty() {
        let some: Vec<&str> = missed.iter().take(3).copied().collect();
        m.push_str(&format!(
            "{} 条应转接的自带用例不再转接,如「{}」;",
            missed.len(),
            some.join("」「")
        ));
    }
    if !raised.is_empty() {
        let some: Vec<&str> = raised.iter().take(3).map(String::as_str).collect();
        m.push_str(&format!(
            "{} 条普通诉求会被当作紧急情况转接,如「{}」;",
            raised.len(),
            some.join("」「")
        ));
    }
    if !refused.is_empty() {
        let some: Vec<&str> = refused.iter().take(3).map(String::as_str).collect();
        m.push_str(&format!(
            "{} 条普通诉求会被不予受理或当作超出职责范围,如「{}」;",
            refused.len(),
            some.join("」「")
        ));
    }
    m.push_str(
        " / the edit would miss emergencies, raise false ones, or screen out ordinary calls",
    );
    Err(ServiceError::invalid("scope_rules", m))
}

/// A rule error in Chinese (then English), with the line and rule to fix.
fn rules_message(e: &hotline_text::screen::RulesError) -> String {
    e.to_string()
}

impl App {
    /// Why a call naming the city could be taken for a matter elsewhere, said at start: the
    /// city has units, none named after a city (市公安局, not 长沙市公安局), and the scope
    /// rules in force name places elsewhere but none of the city's own (`[elsewhere] home`).
    /// Its districts still count as the city, but its own name, which may be among the places
    /// elsewhere, does not.
    /// In Chinese, then English.
    pub fn city_name_warning(&self) -> Option<(&'static str, &'static str)> {
        let r = self.reference();
        let scope = self.scope();
        let elsewhere = &scope.screener.rules().elsewhere;
        let names_places = !elsewhere.places.is_empty() || !elsewhere.strict.is_empty();
        let unknown = r.city.is_none() && elsewhere.home.is_empty();
        (names_places && unknown && !r.units.is_empty()).then_some((
            "单位名称中没有本市市名(如「长沙市公安局」),受理范围规则 [elsewhere] 的 home 也未填写:\
             来电说到本市市名时可能被判为外地事项。请在 home 中写明本市名称(如 home = [\"长沙市\", \"长沙\"])。",
            "no unit is named after the city and the scope rules' [elsewhere] home is empty: a \
             call naming the city may be taken as a matter elsewhere; write the city's names \
             into home",
        ))
    }

    /// The scope rules in force, with their text and source.
    pub fn scope(&self) -> Arc<ScopeState> {
        match self.scope.read() {
            Ok(s) => s.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    fn set_scope(&self, state: ScopeState) {
        let state = Arc::new(state);
        match self.scope.write() {
            Ok(mut s) => *s = state,
            Err(p) => *p.into_inner() = state,
        }
    }

    /// At start: the centre's saved rules, if any. Rules that no longer load (saved by another
    /// version) are logged and the defaults stay, so the hotline still starts.
    pub(crate) async fn load_scope_rules(&self) -> ServiceResult<()> {
        let Some(text) = self.store.setting(SETTING).await? else {
            return Ok(());
        };
        match ScopeState::parse(&text, RulesSource::Centre) {
            Ok(state) => self.set_scope(state),
            Err(e) => {
                tracing::warn!(error = %e, "the centre's saved scope rules cannot be used; the defaults are in force")
            }
        }
        Ok(())
    }

    /// Use rules read from a file named at start; they govern until the next start.
    pub fn with_scope_file(self, text: &str, path: &str) -> ServiceResult<App> {
        let state = ScopeState::parse_for_use(text, RulesSource::File(path.to_string()))?;
        self.set_scope(state);
        Ok(self)
    }

    /// Replace the centre's scope rules (their TOML text): checked first (also against the
    /// shipped records for emergencies, `check_against_cases`), saved, in force at once for
    /// every analysis that follows. Administrators only; refused while a file named
    /// at start governs.
    pub async fn save_scope_rules(
        &self,
        actor: &Actor,
        text: &str,
    ) -> ServiceResult<Arc<ScopeState>> {
        crate::admin::require_admin(actor)?;
        if let RulesSource::File(p) = &self.scope().source {
            return Err(ServiceError::Conflict(format!(
                "受理范围规则由启动参数指定的文件 {p} 管理,请修改该文件后重启 / the rules come from {p}"
            )));
        }
        if text.len() > 1_000_000 {
            return Err(ServiceError::invalid(
                "scope_rules",
                "规则文件不能超过 1 MB / at most 1 MB",
            ));
        }
        // Compiling and checking a large rule set takes a while: off the request workers.
        let in_force = self.scope();
        let text_owned = text.to_string();
        let state = tokio::task::spawn_blocking(move || -> ServiceResult<ScopeState> {
            let state = ScopeState::parse_for_use(&text_owned, RulesSource::Centre)?;
            check_against_cases(&in_force.screener, &state.screener)?;
            Ok(state)
        })
        .await
        .map_err(|e| {
            ServiceError::Store(hotline_store::StoreError::Backend(format!(
                "checking the rules stopped: {e}"
            )))
        })??;
        self.store.save_setting(SETTING, text).await?;
        self.set_scope(state);
        self.stamp_shared_change().await;
        Ok(self.scope())
    }
}
