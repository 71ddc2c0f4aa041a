//! The checks of a rule set (`validate`, and `check_for_use` for rules a centre puts in force)
//! and the one change made to checked rules before they are compiled (`fold_script`).
use std::collections::HashSet;

use super::*;

impl ScopeRules {
    /// Check rules built in code (errors carry no line).
    pub fn validate(&self) -> Result<(), RulesError> {
        self.check(&RulePositions::default())
    }

    pub(super) fn check(&self, at: &RulePositions) -> Result<(), RulesError> {
        let fail = |line: Option<usize>, rule: Option<&str>, message: String| RulesError {
            line,
            rule: rule.map(String::from),
            message,
        };
        let n = &self.negation;
        if n.cues
            .iter()
            .chain(&n.not_cues)
            .any(|c| c.trim().is_empty())
        {
            return Err(fail(
                None,
                None,
                "否定词不能为空 / a negation cue is empty".into(),
            ));
        }
        if n.window > 20 || n.short_window > 20 {
            let w = n.window.max(n.short_window);
            return Err(fail(
                None,
                None,
                format!(
                    "否定词的作用范围 {w} 超过 20 个字 / negation window {w} is over 20 characters"
                ),
            ));
        }
        if let Some(c) = self
            .tense
            .words()
            .find(|c| c.trim().is_empty() || c.contains(GAP_MARK))
        {
            let message = format!(
                "时态提示词「{c}」为空或含 …（时态提示词须是一个连续的词） / tense cue `{c}` is empty or in parts"
            );
            return Err(fail(None, None, message));
        }
        let landmark = &self.landmark;
        if let Some(w) = (landmark.words.iter())
            .chain(&landmark.names)
            .find(|w| w.trim().is_empty() || w.contains(GAP_MARK))
        {
            let message = format!(
                "方位词或机构名「{w}」为空或含 …（须是一个连续的词） / landmark word `{w}` is empty or in parts"
            );
            return Err(fail(None, None, message));
        }
        let mut ids = HashSet::new();
        let mut check_rule = |id: &str,
                              line: Option<usize>,
                              texts: &[(&str, &str)],
                              triggers: &[Trigger]| {
            if id.trim().is_empty() {
                return Err(fail(
                    line,
                    None,
                    "规则的 id 不能为空 / a rule has an empty id".into(),
                ));
            }
            if !ids.insert(id.to_string()) {
                return Err(fail(
                    line,
                    Some(id),
                    "这个 id 已被另一条规则使用 / the id is used by another rule".into(),
                ));
            }
            if let Some((field, _)) = texts.iter().find(|(_, v)| v.trim().is_empty()) {
                let message = format!("字段 {field} 不能为空 / `{field}` is empty");
                return Err(fail(line, Some(id), message));
            }
            if triggers.is_empty() {
                return Err(fail(
                    line,
                    Some(id),
                    "规则没有触发条件 triggers / the rule has no triggers".into(),
                ));
            }
            for (i, t) in triggers.iter().enumerate() {
                if t.any.is_empty() {
                    return Err(fail(
                            line,
                            Some(id),
                            format!(
                                "第 {n} 个触发条件的 any 没有关键词 / trigger {n} has no `any` keywords",
                                n = i + 1
                            ),
                        ));
                }
                let lists = [
                    ("any", &t.any),
                    ("with", &t.with),
                    ("without", &t.without),
                    ("unless", &t.unless),
                ];
                for (name, list) in lists {
                    if list.iter().any(|w| w.trim().is_empty()) {
                        return Err(fail(
                                line,
                                Some(id),
                                format!(
                                    "第 {n} 个触发条件的 {name} 含空词 / trigger {n} has an empty word in `{name}`",
                                    n = i + 1
                                ),
                            ));
                    }
                    if let Some(w) = list.iter().find(|w| !phrase_parts_ok(w)) {
                        return Err(fail(
                            line,
                            Some(id),
                            format!(
                                "第 {n} 个触发条件：{name} 中的「{w}」有空的部分或超过 \
                                     {MAX_PARTS} 个部分（分段写作 撬…门） / trigger {n}: `{w}` in \
                                     `{name}` has an empty part or more than {MAX_PARTS} parts",
                                n = i + 1
                            ),
                        ));
                    }
                }
                if t.landmark && landmark.words.is_empty() {
                    return Err(fail(
                        line,
                        Some(id),
                        format!(
                            "第 {n} 个触发条件设了 landmark = true，但 [landmark] 没有方位词 words / \
                             trigger {n} has `landmark = true` but [landmark] has no words",
                            n = i + 1
                        ),
                    ));
                }
                if t.gap == 0 || t.gap > 30 {
                    return Err(fail(
                            line,
                            Some(id),
                            format!(
                                "第 {n} 个触发条件：间隔 gap {g} 不在 1-30 之间 / trigger {n}: gap {g} is not in 1-30",
                                n = i + 1,
                                g = t.gap
                            ),
                        ));
                }
            }
            Ok(())
        };
        for (i, r) in self.not_accepted.iter().enumerate() {
            let texts = [
                ("label", r.label.as_str()),
                ("basis", &r.basis),
                ("channel", &r.channel),
                ("reply", &r.reply),
            ];
            check_rule(&r.id, at.not_accepted.get(i).copied(), &texts, &r.triggers)?;
        }
        for (i, r) in self.out_of_remit.iter().enumerate() {
            let texts = [
                ("category", r.category.as_str()),
                ("situation", &r.situation),
                ("reply", &r.reply),
            ];
            check_rule(&r.id, at.out_of_remit.get(i).copied(), &texts, &r.triggers)?;
        }
        for (i, r) in self.emergency.iter().enumerate() {
            let line = at.emergency.get(i).copied();
            let mut texts = vec![("label", r.label.as_str()), ("reply", &r.reply)];
            if let Some(callback) = &r.callback_reply {
                texts.push(("callback_reply", callback));
            }
            check_rule(&r.id, line, &texts, &r.triggers)?;
            if !["110", "119", "120", "122"].contains(&r.service.as_str()) {
                let message = format!(
                    "转接号码「{s}」不是 110、119、120、122 之一 / service `{s}` is not one of 110, 119, 120, 122",
                    s = r.service
                );
                return Err(fail(line, Some(&r.id), message));
            }
        }
        let elsewhere = &self.elsewhere;
        if let Some(w) = elsewhere
            .words()
            .find(|w| w.trim().is_empty() || w.contains(GAP_MARK))
        {
            let message = format!(
                "[elsewhere] 中的地名或词「{w}」为空或含 …（须是一个连续的词） / [elsewhere] word `{w}` is empty or in parts"
            );
            return Err(fail(None, None, message));
        }
        let names_places = !elsewhere.places.is_empty() || !elsewhere.strict.is_empty();
        if names_places && !self.out_of_remit.iter().any(|r| r.id == elsewhere.rule) {
            let message = format!(
                "[elsewhere] 的 rule「{r}」不是一条超出职责范围规则的 id / [elsewhere] rule `{r}` names no out-of-remit rule",
                r = elsewhere.rule
            );
            return Err(fail(None, None, message));
        }
        Ok(())
    }

    /// Every keyword in simplified script (`crate::script`), as texts are read: a rule written
    /// with 著火, or a file copied from rules that had it, matches 着火.
    pub(crate) fn fold_script(&mut self) {
        let fold = |list: &mut Vec<String>| {
            for w in list.iter_mut() {
                if let std::borrow::Cow::Owned(f) = crate::script::simplified(w) {
                    *w = f;
                }
            }
        };
        let (n, l) = (&mut self.negation, &mut self.landmark);
        for list in [&mut n.cues, &mut n.not_cues, &mut l.words, &mut l.names] {
            fold(list);
        }
        let lists = (self.tense.lists_mut().into_iter()).chain(self.elsewhere.lists_mut());
        for list in lists {
            fold(list);
        }
        let triggers = (self.not_accepted.iter_mut().map(|r| &mut r.triggers))
            .chain(self.out_of_remit.iter_mut().map(|r| &mut r.triggers))
            .chain(self.emergency.iter_mut().map(|r| &mut r.triggers));
        for t in triggers.flatten() {
            for list in [&mut t.any, &mut t.with, &mut t.without, &mut t.unless] {
                fold(list);
            }
        }
    }

    /// Checks for rules a centre puts in force (saved, or a file named at start), on top of
    /// `validate`'s, not made of rules saved by an earlier version when they are loaded: no
    /// keyword of a page (the screen's set-up grows faster than a word's length), none
    /// holding a control character or with white space around it, and each signal's service
    /// that of its kind (a fire is 119, an injury 120, a crime 110; a traffic accident 122, or
    /// 110 where a city has merged them; a threat to one's life 110, or 120 for pills or
    /// poison taken). Cheap: run before the rules are compiled.
    pub fn check_for_use(&self) -> Result<(), RulesError> {
        let fail = |rule: Option<&str>, message: String| RulesError {
            line: None,
            rule: rule.map(String::from),
            message,
        };
        let n = &self.negation;
        let words = (n.cues.iter().chain(&n.not_cues))
            .chain(self.tense.words())
            .chain(self.landmark.words.iter().chain(&self.landmark.names))
            .chain(self.elsewhere.words());
        let triggers = (self.not_accepted.iter().map(|r| (&r.id, &r.triggers)))
            .chain(self.out_of_remit.iter().map(|r| (&r.id, &r.triggers)))
            .chain(self.emergency.iter().map(|r| (&r.id, &r.triggers)));
        let in_triggers = triggers.flat_map(|(id, ts)| {
            ts.iter().flat_map(move |t| {
                (t.any.iter().chain(&t.with))
                    .chain(t.without.iter().chain(&t.unless))
                    .map(move |w| (Some(id.as_str()), w))
            })
        });
        for (rule, w) in words.map(|w| (None, w)).chain(in_triggers) {
            // A word pasted with white space around it would never match ("煤气爆炸 "). Checked
            // for use only: rules saved before it still load.
            if w.trim() != w.as_str() {
                let message = format!(
                    "关键词「{w}」前后有空白,这样的词永远匹配不到 / the keyword `{w}` has white \
                     space around it and would never match"
                );
                return Err(fail(rule, message));
            }
            if w.chars().count() > MAX_WORD_CHARS || w.chars().any(char::is_control) {
                let shown: String = w.chars().filter(|c| !c.is_control()).take(20).collect();
                let message = format!(
                    "关键词「{shown}…」超过 {MAX_WORD_CHARS} 个字或含控制字符(关键词应是一个词或短语) / \
                     a keyword is over {MAX_WORD_CHARS} characters or holds a control character"
                );
                return Err(fail(rule, message));
            }
        }
        for r in &self.emergency {
            let expected: &[&str] = match r.kind {
                EmergencyKind::Fire => &["119"],
                EmergencyKind::Medical => &["120"],
                EmergencyKind::Crime => &["110"],
                EmergencyKind::Traffic => &["122", "110"],
                EmergencyKind::SelfHarm => &["110", "120"],
            };
            if !expected.contains(&r.service.as_str()) {
                let message = format!(
                    "类别 {kind:?} 应转接 {want},而不是 {s} / a {kind:?} signal goes to {want}, \
                     not {s}",
                    kind = r.kind,
                    want = expected.join("/"),
                    s = r.service
                );
                return Err(fail(Some(&r.id), message));
            }
        }
        Ok(())
    }

    /// Rules a centre puts in force must keep at least one emergency rule: an empty or
    /// truncated save would otherwise silence every prompt to transfer a call to
    /// 119/120/110/122. (Checked when rules are saved or named at start, not when rules saved
    /// by an earlier version are loaded.)
    pub fn require_emergency_rules(&self) -> Result<(), RulesError> {
        if self.emergency.is_empty() {
            return Err(RulesError {
                line: None,
                rule: None,
                message: "没有紧急转接规则 [[emergency]]:火情、伤病、违法犯罪、交通事故来电将不再\
                          提示转接 119/120/110/122 / there is no [[emergency]] rule"
                    .into(),
            });
        }
        Ok(())
    }
}

/// At most this many parts in a phrase written with `GAP_MARK`.
pub(crate) const MAX_PARTS: usize = 4;
/// Characters of a keyword or cue at most.
pub(crate) const MAX_WORD_CHARS: usize = 40;

fn phrase_parts_ok(w: &str) -> bool {
    let parts: Vec<&str> = w.split(GAP_MARK).collect();
    parts.len() <= MAX_PARTS && parts.iter().all(|p| !p.trim().is_empty())
}

impl Tense {
    /// Every cue, of every kind.
    fn words(&self) -> impl Iterator<Item = &String> {
        let t = self;
        [
            &t.past,
            &t.over,
            &t.called,
            &t.earlier,
            &t.aside,
            &t.present,
            &t.cries,
            &t.waiting,
            &t.clause_past,
            &t.contact,
            &t.still,
        ]
        .into_iter()
        .flatten()
    }

    /// The lists of `words`, to change.
    fn lists_mut(&mut self) -> [&mut Vec<String>; 11] {
        let t = self;
        [
            &mut t.past,
            &mut t.over,
            &mut t.called,
            &mut t.earlier,
            &mut t.aside,
            &mut t.present,
            &mut t.cries,
            &mut t.waiting,
            &mut t.clause_past,
            &mut t.contact,
            &mut t.still,
        ]
    }
}
