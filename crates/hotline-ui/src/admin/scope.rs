//! Admin page for the scope rules (受理范围): the rules in force and their TOML editor.
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};

use crate::error::UiError;
use crate::layout::csrf;
use crate::session::Session;
use crate::UiState;

use super::{admin_page, Admin, AdminForm};

/// The keywords of a rule's triggers, for reading.
fn trigger_words(triggers: &[hotline_service::analyze::Trigger]) -> String {
    triggers
        .iter()
        .map(|t| {
            let mut s = t.any.join("/");
            if !t.with.is_empty() {
                s.push_str(&format!(" + {}", t.with.join("/")));
            }
            s
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// The scope rules in force (受理范围): what is not accepted and why, what is beyond the
/// hotline's remit with the standard reply, and the emergency signals; an administrator edits
/// them as TOML (checked before saving; in force at once) unless a file named at start governs.
fn scope_rules_page(
    st: &UiState,
    s: &Session,
    typed: Option<&str>,
    flash: Option<&str>,
    error: Option<&str>,
) -> Markup {
    let scope = st.app.scope();
    let rules = scope.screener.rules();
    let from_file = matches!(scope.source, hotline_service::scope::RulesSource::File(_));
    let draft_key = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        scope.text.hash(&mut h);
        format!("u{}:scope-rules:{:x}", s.user.id.0, h.finish())
    };
    admin_page(
        s,
        "受理范围",
        flash,
        error,
        html! {
            @if let Some((warning, _)) = st.app.city_name_warning() {
                p.warn #city-name-warning { (warning) }
            }
            p #rules-source { "当前使用:" strong { (scope.source.label_zh()) } "。受理时每条命中都会显示触发的规则与词语。" }
            details #edit-rules open[error.is_some()] {
                summary { "修改规则" }
                @if from_file {
                    p.muted { "规则由启动参数 " code { "--scope-rules" } " 指定的文件管理:请修改该文件后重启服务。" }
                } @else {
                    p.muted { "规则为 TOML 文本:[[not_accepted]] 不予受理(id、reason 不予受理事由、label、basis 依据、channel 告知渠道、reply 答复口径、triggers),[[out_of_remit]] 超出职责范围(id、category 类别、situation 情形、reply 标准答复、triggers,可选 channel),[[emergency]] 应急转接(id、kind 为 fire/medical/crime/traffic/self_harm(轻生)、service 为 110/119/120/122、label、reply 来电人在线时的转接口径、triggers,可选 callback_reply 网站、信件、留言等来件人不在线时的回拨口径)。各项均须填写。触发条件:any 关键词(“撬…门”表示“撬”后 gap 字以内接“门”)、with 同句伴随词(within 可改为 clause/text)、without 排除短语、unless 否决词、current = true 只算正在发生的事(见 [tense]:past 假设、持续、事后等提示词同句即算,over 已结束(扑灭、已报警)同句即算(其后关键词所在分句有 still 仍在继续的提示词“还在”“又”的除外,如“已经报警了，那个人还在砸门”),earlier 以前、昨天等提示词和 aside 担心、听说等提示词在关键词之前或同一分句内才算,clause_past 经常、每天等习惯在关键词所在分句或之前且中间无“现在、刚才”时才算,contact 来过电话、投诉过等使其所在分句的时间提示词不算,waiting 消防车还没来等使关键词分句之后的 past 提示词不算,present 现在、刚才提示词,cries 救命、快来人等呼救词(也算 present);网站等书面渠道须在关键词分句内写明“现在”“正在”,或同句有呼救词)、landmark = true 机构名只用来说明位置时不算(见 [landmark]:关键词后同一分句内接 words 方位词如“门口”“旁边”,中间只有 names 中的机构名其余部分(可带“的”),如“仲裁委员会门口乱停车”)。保存前逐条校验,出错时指出行号与规则;保存后立即生效。" }
                    // Kept in the browser as it is typed (app.js), for the rules as they are
                    // now: a session that ends first loses nothing, and a draft of rules since
                    // changed is not offered over them.
                    form method="post" action="/admin/scope-rules" data-draft=(draft_key)
                        data-draft-server[error.is_some()] {
                        (csrf(s))
                        p.warn #rules-draft-restored data-draft-note hidden {
                            "已恢复上次未保存的内容。" button.link type="button" data-draft-discard { "清空" } }
                        textarea #rules-text name="rules" rows="24" spellcheck="false" { (typed.unwrap_or(&scope.text)) }
                        button #save-rules type="submit" { "校验并保存" }
                    }
                }
            }
            h2 { "不予受理(" (rules.not_accepted.len()) " 条)" }
            table #not-accepted {
                thead { tr { th { "情形" } th { "依据" } th { "告知渠道" } th { "触发词" } } }
                tbody { @for r in &rules.not_accepted { tr {
                    td { (r.label) } td { (r.basis) } td { (r.channel) } td.muted { (trigger_words(&r.triggers)) }
                } } }
            }
            h2 { "超出职责范围(" (rules.out_of_remit.len()) " 条)" }
            table #out-of-remit {
                thead { tr { th { "情形" } th { "标准答复" } th { "触发词" } } }
                tbody { @for r in &rules.out_of_remit { tr {
                    td { (r.situation) } td { (r.reply) } td.muted { (trigger_words(&r.triggers)) }
                } } }
            }
            h2 { "应急转接(" (rules.emergency.len()) " 条)" }
            table #emergency {
                thead { tr { th { "情形" } th { "转接" } th { "触发词" } } }
                tbody { @for r in &rules.emergency { tr {
                    td { (r.label) } td { (r.service) } td.muted { (trigger_words(&r.triggers)) }
                } } }
            }
        },
    )
}

pub async fn scope_rules(State(st): State<UiState>, Admin(s): Admin) -> Result<Markup, UiError> {
    Ok(scope_rules_page(&st, &s, None, None, None))
}

pub async fn save_scope_rules(
    State(st): State<UiState>,
    AdminForm(s, f): AdminForm,
) -> Result<Response, UiError> {
    let text = f.get("rules").replace("\r\n", "\n");
    Ok(match st.app.save_scope_rules(&s.actor, &text).await {
        Ok(_) => scope_rules_page(&st, &s, None, Some("已保存,新规则已生效"), None).into_response(),
        Err(e) => {
            let e = UiError::from(e);
            (
                e.status(),
                scope_rules_page(&st, &s, Some(&text), None, Some(&e.message())),
            )
                .into_response()
        }
    })
}
