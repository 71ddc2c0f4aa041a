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

impl LexiconState {
    /// At start, before the reference data is built with it: the centre's saved lexicon, or the
    /// default. A saved one that no longer loads is logged and the default stays, so the
    /// hotline still starts.
    pub(crate) async fn at_start(store: &hotline_store::DynStore) -> ServiceResult<LexiconState> {
        if let Some(text) = store.setting(SETTING).await? {
            match Lexicon::from_toml(&text) {
                Ok(lexicon) => {
                    return Ok(LexiconState {
                        lexicon,
                        source: LexiconSource::Centre,
                    })
                }
                Err(e) => {
                    tracing::warn!(error = %e, "the centre's saved lexicon cannot be used; the default is in force")
                }
            }
        }
        Ok(LexiconState {
            lexicon: Lexicon::builtin().map_err(|e| invalid(e.to_string()))?,
            source: LexiconSource::Builtin,
        })
    }
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
/// named in both languages (counted from 1).
pub fn check_entries(entries: Vec<LexiconEntry>) -> ServiceResult<Lexicon> {
    check_entries_since(entries, &[])
}

/// `check_entries` for an edit of `before`: an entry, or a chain between two entries, already
/// in `before` as it is is kept (a lexicon saved before a rule came in stays editable entry by
/// entry); one the edit makes is refused.
fn check_entries_since(
    entries: Vec<LexiconEntry>,
    before: &[LexiconEntry],
) -> ServiceResult<Lexicon> {
    if entries.len() > MAX_ENTRIES {
        return Err(invalid(format!(
            "词表最多 {MAX_ENTRIES} 条,现有 {} 条 / at most {MAX_ENTRIES} entries, not {}",
            entries.len(),
            entries.len()
        )));
    }
    // The entries saved before, as they were: looked up once for each entry (a lexicon holds
    // up to `MAX_ENTRIES`).
    let saved: std::collections::HashSet<(String, String)> = (before.iter())
        .map(|b| {
            let b = trimmed(b);
            (b.colloquial, b.formal)
        })
        .collect();
    let kept = |e: &LexiconEntry| saved.contains(&(e.colloquial.clone(), e.formal.clone()));
    let mut seen = std::collections::HashMap::new();
    let mut clean = Vec::with_capacity(entries.len());
    for (i, e) in entries.into_iter().enumerate() {
        let n = i + 1;
        let entry = trimmed(&e);
        // An entry saved before a rule was added is kept as it is: the lexicon stays editable,
        // and the entry can still be corrected or removed.
        if !kept(&entry) {
            check_entry(&entry)
                .map_err(|(zh, en)| invalid(format!("第 {n} 条:{zh} / entry {n}: {en}")))?;
        }
        if let Some(first) = seen.insert(entry.colloquial.clone(), n) {
            return Err(invalid(format!(
                "第 {n} 条:「{}」与第 {first} 条重复 / entry {n} repeats entry {first}",
                entry.colloquial
            )));
        }
        clean.push(entry);
    }
    // A formal wording is final: worded again it would chain (A → B → C) or turn back (扬尘污染
    // → 漫天尘土 undoing 漫天尘土 → 扬尘污染).
    let formal: std::collections::HashMap<&str, usize> = (clean.iter().enumerate())
        .map(|(i, e)| (e.formal.as_str(), i + 1))
        .collect();
    for (i, e) in clean.iter().enumerate() {
        if let Some(&m) = formal.get(e.colloquial.as_str()) {
            if kept(e) && kept(&clean[m - 1]) {
                continue;
            }
            let n = i + 1;
            return Err(invalid(format!(
                "第 {n} 条:「{}」是第 {m} 条的规范用语,不能再作为口语说法 / entry {n}'s colloquial \
                 phrase is the formal wording of entry {m}",
                e.colloquial
            )));
        }
    }
    Lexicon::new(clean).map_err(|e| invalid(format!("词表无法使用 / {e}")))
}

fn trimmed(e: &LexiconEntry) -> LexiconEntry {
    LexiconEntry {
        colloquial: e.colloquial.trim().to_string(),
        formal: e.formal.trim().to_string(),
    }
}

/// One entry's own faults, in Chinese and in English.
fn check_entry(e: &LexiconEntry) -> Result<(), (String, String)> {
    if e.colloquial.is_empty() || e.formal.is_empty() {
        return Err((
            "口语说法和规范用语都须填写".into(),
            "both phrases are required".into(),
        ));
    }
    for (side, en, text) in [
        ("口语说法", "the colloquial phrase", &e.colloquial),
        ("规范用语", "the formal wording", &e.formal),
    ] {
        let chars = text.chars().count();
        if chars > MAX_PHRASE_CHARS {
            return Err((
                format!("{side}「{text}」有 {chars} 个字,最多 {MAX_PHRASE_CHARS} 个"),
                format!("{en} has {chars} characters, at most {MAX_PHRASE_CHARS}"),
            ));
        }
        if text.chars().any(char::is_control) {
            return Err((
                format!("{side}不能含换行或控制字符"),
                format!("{en} has a line break or a control character"),
            ));
        }
        // Zero-width and direction marks: pasted in, they are unseen in the list yet make the
        // phrase another one.
        if text.chars().any(hotline_domain::text::is_invisible) {
            return Err((
                format!("{side}含有看不见的字符(如零宽空格),请删去后重新填写"),
                format!("{en} holds an invisible character such as a zero-width space"),
            ));
        }
        if !text.chars().any(char::is_alphanumeric) {
            return Err((
                format!("{side}「{text}」只有标点或符号,不是词语"),
                format!("{en} is only punctuation or symbols"),
            ));
        }
    }
    // A single character (的, 吵) is replaced wherever it stands alone, which rewrites every
    // record rather than a way of saying something.
    if e.colloquial.chars().count() < 2 {
        return Err((
            format!(
                "口语说法「{}」只有一个字,请写出完整的说法(至少两个字)",
                e.colloquial
            ),
            "the colloquial phrase must have at least two characters".into(),
        ));
    }
    if e.colloquial == e.formal {
        return Err((
            format!("「{}」的口语说法与规范用语相同,无需收录", e.colloquial),
            "the two phrases are the same".into(),
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

    /// Put `lexicon` in force: the reference data (whose extractor words the event element) is
    /// built with it first, then it is saved (`save`), then both are swapped in. A failure at
    /// any step changes nothing, in memory or in the database.
    pub(crate) async fn apply_lexicon(
        &self,
        lexicon: Lexicon,
        source: LexiconSource,
        save: bool,
    ) -> ServiceResult<()> {
        let _reloading = self.reloading.lock().await;
        let fresh = crate::Reference::load(&self.store, &lexicon).await?;
        if save {
            let text = lexicon
                .to_toml()
                .map_err(|e| invalid(format!("词表无法保存 / {e}")))?;
            self.store.save_setting(SETTING, &text).await?;
        }
        let state = Arc::new(LexiconState { lexicon, source });
        match self.lexicon.write() {
            Ok(mut s) => *s = state,
            Err(p) => *p.into_inner() = state,
        }
        self.install_reference(fresh);
        if save {
            self.stamp_shared_change().await;
        }
        Ok(())
    }

    /// Use a lexicon read from a file named at start (`serve --lexicon FILE`); it governs until
    /// the next start.
    pub async fn with_lexicon_file(self, lexicon: Lexicon, path: &str) -> ServiceResult<App> {
        self.apply_lexicon(lexicon, LexiconSource::File(path.to_string()), false)
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
        self.apply_lexicon(lexicon, LexiconSource::Centre, true)
            .await?;
        Ok(self.lexicon())
    }

    /// Add an entry, or give a phrase already listed a new formal wording; the entry as kept
    /// (trimmed) comes back. An entry already there as it is changes nothing (and saves
    /// nothing: the default stays the default).
    pub async fn put_lexicon_entry(
        &self,
        actor: &Actor,
        entry: LexiconEntry,
    ) -> ServiceResult<(EntryChange, LexiconEntry)> {
        let entry = trimmed(&entry);
        check_entry(&entry).map_err(|(zh, en)| invalid(format!("{zh} / {en}")))?;
        let change = self
            .edit_lexicon(actor, |entries| {
                let (colloquial, formal) = (entry.colloquial.as_str(), entry.formal.as_str());
                Ok(
                    match entries.iter_mut().find(|e| e.colloquial == colloquial) {
                        Some(e) if e.formal == formal => (EntryChange::Unchanged, false),
                        Some(e) => {
                            e.formal = formal.to_string();
                            (EntryChange::Changed, true)
                        }
                        None => {
                            entries.push(entry.clone());
                            (EntryChange::Added, true)
                        }
                    },
                )
            })
            .await?;
        Ok((change, entry))
    }

    /// Take a phrase out of the lexicon; not found when it is not listed.
    pub async fn remove_lexicon_entry(&self, actor: &Actor, colloquial: &str) -> ServiceResult<()> {
        self.edit_lexicon(actor, |entries| {
            let before = entries.len();
            entries.retain(|e| e.colloquial != colloquial.trim());
            if entries.len() == before {
                return Err(ServiceError::NotFound("lexicon entry"));
            }
            Ok(((), true))
        })
        .await
    }

    /// An edit of the entries (it says whether it changed them), read and saved under one lock
    /// so two administrators' edits on this server do not overwrite each other. The entries are
    /// read from the database, not this server's copy: another server on the same database may
    /// have saved since (it is in force there at once, here at the next check: `follow`).
    async fn edit_lexicon<T>(
        &self,
        actor: &Actor,
        edit: impl FnOnce(&mut Vec<LexiconEntry>) -> ServiceResult<(T, bool)>,
    ) -> ServiceResult<T> {
        self.may_edit_lexicon(actor)?;
        let _one_at_a_time = self.lexicon_edits.lock().await;
        let stored = match self.store.setting(SETTING).await? {
            Some(text) => Lexicon::from_toml(&text).ok(),
            None => None,
        };
        let mut entries = match stored {
            Some(l) => l.entries().to_vec(),
            None => self.lexicon().lexicon.entries().to_vec(),
        };
        let before = entries.clone();
        let (done, changed) = edit(&mut entries)?;
        if changed {
            let lexicon = check_entries_since(entries, &before)?;
            self.apply_lexicon(lexicon, LexiconSource::Centre, true)
                .await?;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(colloquial: &str, formal: &str) -> LexiconEntry {
        LexiconEntry {
            colloquial: colloquial.into(),
            formal: formal.into(),
        }
    }

    #[test]
    fn a_chain_saved_earlier_stays_editable_and_a_new_one_is_refused() {
        let chained = vec![entry("漫天尘土", "扬尘污染"), entry("扬尘污染", "大气污染")];
        assert!(check_entries(chained.clone()).is_err());
        // Adding an unrelated entry to it is an edit that makes no chain.
        let mut added = chained.clone();
        added.push(entry("乱倒垃圾", "垃圾倾倒"));
        assert!(check_entries_since(added.clone(), &chained).is_ok());
        // One that chains to an entry is refused, old entries or not.
        added.push(entry("大气污染", "空气污染"));
        let refused = check_entries_since(added, &chained).expect_err("a new chain");
        assert!(refused.to_string().contains("第 4 条"), "{refused}");
        // Changing an entry of the old chain keeps its chain only if it stays as it was.
        let changed = vec![entry("漫天尘土", "扬尘污染"), entry("扬尘污染", "空气污染")];
        assert!(check_entries_since(changed, &chained).is_err());
    }

    /// Entries that would rewrite every record, or hide what they do, are refused, naming the
    /// entry; one saved before these rules stays, so the lexicon can still be edited.
    #[test]
    fn punctuation_invisible_characters_and_single_characters_are_refused() {
        for (bad, why) in [
            (entry("，", "x"), "只有标点"),
            (entry("吵得慌", "！！"), "只有标点"),
            (entry("\u{200B}吵死\u{200B}", "噪声扰民"), "看不见的字符"),
            (entry("吵", "噪声扰民"), "只有一个字"),
            (entry("的", "之"), "只有一个字"),
        ] {
            let list = vec![entry("漫天尘土", "扬尘污染"), bad];
            let refused = check_entries(list).expect_err(why);
            let message = refused.to_string();
            assert!(
                message.contains("第 2 条") && message.contains(why),
                "{message}"
            );
        }
        assert!(check_entries(vec![entry("很吵", "噪声扰民")]).is_ok());
        let old = vec![entry("的", "之")];
        let mut added = old.clone();
        added.push(entry("乱倒垃圾", "垃圾倾倒"));
        assert!(check_entries_since(added, &old).is_ok());
    }
}
