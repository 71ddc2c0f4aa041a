//! The colloquial → formal lexicon in force (漫天尘土 → 扬尘污染, for the event element of a
//! record) and where it comes from: the project's default, the centre's own version saved in the
//! database (edited by an administrator, entry by entry or whole, in force at once), or a file
//! named at start (`serve --lexicon FILE`, which then governs and cannot be edited in the
//! browser). The same pattern as the scope rules (`scope`).
use std::sync::Arc;

use hotline_domain::org::Actor;
pub use hotline_text::elements::{Lexicon, LexiconEntry};

use crate::{App, ServiceError, ServiceResult};

/// The settings key of the centre's lexicon (its TOML).
const SETTING: &str = "formal_lexicon";

/// Longest phrase, in characters, on either side of an entry.
pub const MAX_PHRASE_CHARS: usize = 40;
/// Most entries a lexicon may have.
pub const MAX_ENTRIES: usize = 10_000;

/// Where the lexicon in force comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LexiconSource {
    Builtin,
    /// Saved by the centre's administrators.
    Centre,
    /// A file named at start; its path.
    File(String),
}

impl LexiconSource {
    pub fn label_zh(&self) -> String {
        match self {
            LexiconSource::Builtin => "系统默认词表".into(),
            LexiconSource::Centre => "本中心修改后的词表".into(),
            LexiconSource::File(p) => format!("启动参数指定的文件 {p}"),
        }
    }

    /// `builtin`, `centre` or `file`, for the API.
    pub fn code(&self) -> &'static str {
        match self {
            LexiconSource::Builtin => "builtin",
            LexiconSource::Centre => "centre",
            LexiconSource::File(_) => "file",
        }
    }
}

/// The lexicon in force and its source.
pub struct LexiconState {
    pub lexicon: Lexicon,
    pub source: LexiconSource,
}

/// What an entry-by-entry edit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryChange {
    Added,
    /// The phrase was there with another formal wording, now replaced.
    Changed,
    /// The phrase was there with the same wording: nothing to do.
    Unchanged,
}

/// Entries as a centre writes them: each side trimmed, then checked, with the entry at fault
/// named in both languages (`index` counts from 1).
pub fn check_entries(entries: Vec<LexiconEntry>) -> ServiceResult<Lexicon> {
    if entries.len() > MAX_ENTRIES {
        return Err(invalid(format!(
            "词表最多 {MAX_ENTRIES} 条,现有 {} 条 / at most {MAX_ENTRIES} entries",
            entries.len()
        )));
    }
    let mut seen = std::collections::HashMap::new();
    let mut clean = Vec::with_capacity(entries.len());
    for (i, e) in entries.into_iter().enumerate() {
        let n = i + 1;
        let entry = LexiconEntry {
            colloquial: e.colloquial.trim().to_string(),
            formal: e.formal.trim().to_string(),
        };
        check_entry(&entry).map_err(|m| invalid(format!("第 {n} 条:{m}")))?;
        if let Some(first) = seen.insert(entry.colloquial.clone(), n) {
            return Err(invalid(format!(
                "第 {n} 条:「{}」与第 {first} 条重复 / entry {n} repeats entry {first}",
                entry.colloquial
            )));
        }
        clean.push(entry);
    }
    Lexicon::new(clean).map_err(|e| invalid(format!("词表无法使用 / {e}")))
}

/// One entry's own faults, in both languages.
fn check_entry(e: &LexiconEntry) -> Result<(), String> {
    if e.colloquial.is_empty() || e.formal.is_empty() {
        return Err("口语说法和规范用语都须填写 / both phrases are required".into());
    }
    for (side, text) in [("口语说法", &e.colloquial), ("规范用语", &e.formal)] {
        let chars = text.chars().count();
        if chars > MAX_PHRASE_CHARS {
            return Err(format!(
                "{side}「{text}」有 {chars} 个字,最多 {MAX_PHRASE_CHARS} 个 / at most {MAX_PHRASE_CHARS} characters"
            ));
        }
        if text.chars().any(char::is_control) {
            return Err(format!(
                "{side}不能含换行或控制字符 / no line breaks or control characters"
            ));
        }
    }
    if e.colloquial == e.formal {
        return Err(format!(
            "「{}」的口语说法与规范用语相同,无需收录 / the two phrases are the same",
            e.colloquial
        ));
    }
    Ok(())
}

fn invalid(message: String) -> ServiceError {
    ServiceError::invalid("lexicon", message)
}

impl App {
    /// The lexicon in force, with its source.
    pub fn lexicon(&self) -> Arc<LexiconState> {
        match self.lexicon.read() {
            Ok(s) => s.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    /// Put `state` in force: the extractor in the reference data is rebuilt with it.
    async fn set_lexicon(&self, state: LexiconState) -> ServiceResult<()> {
        let state = Arc::new(state);
        match self.lexicon.write() {
            Ok(mut s) => *s = state,
            Err(p) => *p.into_inner() = state,
        }
        self.reload().await
    }

    /// At start: the centre's saved lexicon, if any. One that no longer loads is logged and the
    /// default stays, so the hotline still starts.
    pub(crate) async fn load_lexicon(&self) -> ServiceResult<()> {
        let Some(text) = self.store.setting(SETTING).await? else {
            return Ok(());
        };
        match Lexicon::from_toml(&text) {
            Ok(lexicon) => {
                self.set_lexicon(LexiconState {
                    lexicon,
                    source: LexiconSource::Centre,
                })
                .await?
            }
            Err(e) => {
                tracing::warn!(error = %e, "the centre's saved lexicon cannot be used; the default is in force")
            }
        }
        Ok(())
    }

    /// Use a lexicon read from a file named at start (`serve --lexicon FILE`); it governs until
    /// the next start.
    pub async fn with_lexicon_file(self, lexicon: Lexicon, path: &str) -> ServiceResult<App> {
        self.set_lexicon(LexiconState {
            lexicon,
            source: LexiconSource::File(path.to_string()),
        })
        .await?;
        Ok(self)
    }

    /// Replace the centre's whole lexicon: checked (`check_entries`), saved, in force at once
    /// for every analysis that follows. Administrators only; refused while a file named at start
    /// governs.
    pub async fn save_lexicon(
        &self,
        actor: &Actor,
        entries: Vec<LexiconEntry>,
    ) -> ServiceResult<Arc<LexiconState>> {
        self.may_edit_lexicon(actor)?;
        let lexicon = check_entries(entries)?;
        let _one_at_a_time = self.lexicon_edits.lock().await;
        self.store.save_setting(SETTING, &lexicon.to_toml()).await?;
        self.set_lexicon(LexiconState {
            lexicon,
            source: LexiconSource::Centre,
        })
        .await?;
        Ok(self.lexicon())
    }

    /// Add an entry, or give a phrase already listed a new formal wording.
    pub async fn put_lexicon_entry(
        &self,
        actor: &Actor,
        entry: LexiconEntry,
    ) -> ServiceResult<EntryChange> {
        let entry = LexiconEntry {
            colloquial: entry.colloquial.trim().to_string(),
            formal: entry.formal.trim().to_string(),
        };
        check_entry(&entry).map_err(invalid)?;
        self.edit_lexicon(actor, |entries| {
            let (colloquial, formal) = (entry.colloquial.as_str(), entry.formal.as_str());
            match entries.iter_mut().find(|e| e.colloquial == colloquial) {
                Some(e) if e.formal == formal => Ok(EntryChange::Unchanged),
                Some(e) => {
                    e.formal = formal.to_string();
                    Ok(EntryChange::Changed)
                }
                None => {
                    entries.push(entry.clone());
                    Ok(EntryChange::Added)
                }
            }
        })
        .await
    }

    /// Take a phrase out of the lexicon; not found when it is not listed.
    pub async fn remove_lexicon_entry(&self, actor: &Actor, colloquial: &str) -> ServiceResult<()> {
        self.edit_lexicon(actor, |entries| {
            let before = entries.len();
            entries.retain(|e| e.colloquial != colloquial.trim());
            if entries.len() == before {
                return Err(ServiceError::NotFound("lexicon entry"));
            }
            Ok(())
        })
        .await
    }

    /// An edit of the entries in force, read and saved under one lock so two administrators'
    /// edits do not overwrite each other.
    async fn edit_lexicon<T>(
        &self,
        actor: &Actor,
        edit: impl FnOnce(&mut Vec<LexiconEntry>) -> ServiceResult<T>,
    ) -> ServiceResult<T> {
        self.may_edit_lexicon(actor)?;
        let _one_at_a_time = self.lexicon_edits.lock().await;
        let mut entries = self.lexicon().lexicon.entries().to_vec();
        let done = edit(&mut entries)?;
        let lexicon = check_entries(entries)?;
        self.store.save_setting(SETTING, &lexicon.to_toml()).await?;
        self.set_lexicon(LexiconState {
            lexicon,
            source: LexiconSource::Centre,
        })
        .await?;
        Ok(done)
    }

    fn may_edit_lexicon(&self, actor: &Actor) -> ServiceResult<()> {
        crate::admin::require_admin(actor)?;
        if let LexiconSource::File(p) = &self.lexicon().source {
            return Err(ServiceError::Conflict(format!(
                "口语规范词表由启动参数指定的文件 {p} 管理,请修改该文件后重启 / the lexicon comes from {p}"
            )));
        }
        Ok(())
    }
}
