//! The forms of the actions a person may take on a ticket now, in the order they are offered.
use maud::{html, Markup};

use hotline_domain::clock::Clock;
use hotline_domain::event::ApprovedReturn;
use hotline_domain::lifecycle::ActionKind;
use hotline_domain::org::{Unit, UnitId, UnitLevel};
use hotline_domain::ticket::ColourTag;
use hotline_service::tickets::TicketView;
use hotline_service::{App, Reference};

use crate::fields::Fields;
use crate::format;
use crate::layout::csrf;
use crate::session::Session;

use super::{action_code, enum_code, EMERGENCY, LEVELS, NOT_ACCEPTED_REASONS};

/// Units a dispatcher may pick as main or assisting: every active unit but the centre and
/// communities (those are reached by sub-dispatch), in tree order by level.
fn dispatch_targets(r: &Reference) -> Vec<&Unit> {
    let mut units: Vec<&Unit> = r
        .units
        .values()
        .filter(|u| u.active && u.level.takes_dispatch())
        .collect();
    units.sort_by(|a, b| {
        let rank = |u: &Unit| UnitLevel::ALL.iter().position(|l| *l == u.level);
        rank(a).cmp(&rank(b)).then(a.code.cmp(&b.code))
    });
    units
}

/// The units below `unit`, for sub-dispatch.
fn units_below(r: &Reference, unit: UnitId) -> Vec<&Unit> {
    let mut v: Vec<&Unit> = r
        .units
        .values()
        .filter(|u| u.active && u.id != unit && r.is_ancestor(unit, u.id))
        .collect();
    v.sort_by(|a, b| a.code.cmp(&b.code));
    v
}

/// The note of the responsibility list's line for this ticket (its units are among the
/// suggestions, with their reasons).
fn list_note(r: &Reference, view: &TicketView) -> String {
    let t = &view.ticket;
    let Some(cat) = t.category.as_deref() else {
        return String::new();
    };
    let chain = t.elements.place.chain();
    r.responsibility
        .lookup(cat, &chain)
        .into_iter()
        .next()
        .map(|best| best.rule.note)
        .unwrap_or_default()
}

/// What a refused action form typed: that form opens again with it.
#[derive(Clone, Copy)]
pub struct Typed<'a> {
    pub action: ActionKind,
    pub fields: &'a Fields,
    /// Refused because the ticket changed since the page was read.
    pub stale: bool,
}

/// Actions whose form states the whole of what it sets (the record, the units and tags): sent
/// again after someone else's change, it puts back what this form shows over that change.
fn replaces_whole(a: ActionKind) -> bool {
    matches!(a, ActionKind::Edit | ActionKind::Dispatch)
}

/// The fields of a form a person writes at length, with their labels, to hand back when the
/// form itself is no longer offered.
const WRITTEN: [(&str, &str); 7] = [
    ("result", "办理结果"),
    ("answer", "答复内容"),
    ("reason", "原因"),
    ("note", "说明或意见"),
    ("event", "事件"),
    ("demand", "诉求"),
    ("subject", "标题"),
];

/// What was typed into a form no longer offered (the ticket moved on): shown to copy from.
fn no_longer_offered(t: Typed) -> Markup {
    let written: Vec<(&str, &str)> = WRITTEN
        .iter()
        .map(|(name, label)| (*label, t.fields.get(name).trim()))
        .filter(|(_, text)| !text.is_empty())
        .collect();
    html! {
        div.warn #no-longer-offered {
            p { "工单已有新变化,「" (t.action.label_zh()) "」现在不能再做。" }
            @if !written.is_empty() {
                p.muted { "您刚才填写的内容(可复制后另作他用):" }
                @for (label, text) in written {
                    label { (label) textarea readonly rows="3" { (text) } }
                }
            }
        }
    }
}

/// The values one form shows: what its refused submission typed, or else its defaults.
#[derive(Clone, Copy)]
struct Prefill<'a>(Option<&'a Fields>);

impl Prefill<'_> {
    fn text(&self, name: &str, default: &str) -> String {
        self.0.map_or(default, |f| f.get(name)).to_string()
    }

    /// Whether `value` is chosen for `name` (a select's option, a box ticked): as typed, or
    /// `default`. A box left unticked is absent from a form, so typed it reads as not chosen.
    fn chosen(&self, name: &str, value: &str, default: bool) -> bool {
        self.0.map_or(default, |f| f.all(name).contains(&value))
    }

    /// The unit chosen for `name`, as typed, or `default`.
    fn unit(&self, name: &str, default: Option<UnitId>) -> Option<UnitId> {
        self.0
            .map_or(default, |f| f.get(name).trim().parse().ok().map(UnitId))
    }
}

fn unit_options(units: &[&Unit], selected: Option<UnitId>) -> Markup {
    unit_options_where(units, |u| selected == Some(u))
}

fn unit_options_where(units: &[&Unit], selected: impl Fn(UnitId) -> bool) -> Markup {
    html! {
        @for u in units {
            option value=(u.id.0) selected[selected(u.id)] { (u.name) }
        }
    }
}

fn form_head(s: &Session, view: &TicketView, a: ActionKind) -> Markup {
    html! {
        (csrf(s))
        input type="hidden" name="version" value=(view.ticket.version);
        input type="hidden" name="action" value=(action_code(a));
    }
}

/// The order forms are offered in: the step that moves the ticket on first, then the
/// alternatives, then the ways back.
const DISPLAY_ORDER: [ActionKind; 30] = {
    use ActionKind::*;
    [
        Dispatch,
        SignFor,
        Reply,
        ReviewPass,
        Visit,
        Close,
        DecideReturn,
        DecideExtension,
        Submit,
        Edit,
        SubDispatch,
        Progress,
        RequestExtension,
        Whistle,
        RequestReturn,
        ReturnToIntake,
        ReviewSendBack,
        Rehandle,
        Urge,
        Supervise,
        Suspend,
        Resume,
        DirectAnswer,
        NotAccept,
        EmergencyTransfer,
        Merge,
        Unmerge,
        Archive,
        Reopen,
        Attach,
    ]
};

/// The action forms of a ticket this person may use now; `returns` are its approved returns
/// (退单), read from its history, which the dispatch form's suggestions leave out; `typed`: a
/// refused form, opened again with what it typed (or handed back when no longer offered).
pub fn forms(
    app: &App,
    s: &Session,
    view: &TicketView,
    returns: &[ApprovedReturn],
    typed: Option<Typed>,
) -> Markup {
    let actions: Vec<ActionKind> = DISPLAY_ORDER
        .into_iter()
        .filter(|a| view.available_actions.contains(a))
        .collect();
    html! {
        @if let Some(t) = typed.filter(|t| !actions.contains(&t.action)) {
            (no_longer_offered(t))
        }
        @if actions.is_empty() {
            p.muted #no-actions { "当前没有您可执行的操作。" }
        }
        @for (i, a) in actions.iter().enumerate() {
            details open[typed.map_or(i == 0, |t| t.action == *a)] data-action=(action_code(*a)) {
                summary { (a.label_zh()) }
                @if *a == ActionKind::Attach {
                    form method="post" action={"/tickets/" (view.ticket.id.0) "/attach"} enctype="multipart/form-data" {
                        (csrf(s))
                        input type="hidden" name="version" value=(view.ticket.version);
                        label { "文件(图片、录音或 PDF)" input type="file" name="file" required accept="image/*,audio/*,application/pdf"; }
                        (submit("上传附件"))
                    }
                } @else {
                    @if let Some(t) = typed.filter(|t| t.action == *a) {
                        @if t.stale && replaces_whole(*a) {
                            p.warn.kept { "已保留刚才填写的内容。工单已被他人修改:再次提交会以本表单的全部内容替换当前记录,请先对照上方最新内容。" }
                        } @else {
                            p.muted.kept { "已保留刚才填写的内容,核对工单最新情况后可再次提交。" }
                        }
                    }
                    // What is written is kept in the browser until a page answers it (`app.js`):
                    // a reload or an expired session does not lose a unit's reply. Not for the
                    // forms that restate the whole record, which a later draft would put back.
                    @let kept_here = typed.is_some_and(|t| t.action == *a);
                    @let draft = (!replaces_whole(*a)).then(|| format!("u{}:ticket-{}-{}", s.user.id.0, view.ticket.id.0, action_code(*a)));
                    form method="post" action={"/tickets/" (view.ticket.id.0) "/act"} data-draft=[draft.as_deref()] data-draft-server[kept_here] {
                        (form_head(s, view, *a))
                        @if draft.is_some() {
                            p.warn data-draft-note hidden { "已恢复未提交的内容。" button.link type="button" data-draft-discard { "清空" } }
                        }
                        (fields_for(app, s, view, returns, *a, Prefill(typed.filter(|t| t.action == *a).map(|t| t.fields))))
                    }
                }
            }
        }
    }
}

fn note_typed(pf: Prefill, name: &str, label: &str, required: bool) -> Markup {
    html! {
        label { (label) textarea name=(name) required[required] { (pf.text(name, "")) } }
    }
}

fn submit(label: &str) -> Markup {
    html! { button type="submit" { (label) } }
}

/// The categories in use, in code order, for a picker.
fn active_categories(r: &Reference) -> Vec<&hotline_domain::category::Category> {
    let mut cats: Vec<_> = r.categories.values().filter(|c| c.active).collect();
    cats.sort_by(|a, b| a.code.cmp(&b.code));
    cats
}

fn fields_for(
    app: &App,
    s: &Session,
    view: &TicketView,
    returns: &[ApprovedReturn],
    a: ActionKind,
    pf: Prefill,
) -> Markup {
    let r = app.reference();
    let t = &view.ticket;
    let note = |name: &str, label: &str, required: bool| note_typed(pf, name, label, required);
    match a {
        ActionKind::Edit => {
            let e = &t.elements;
            html! {
                label { "标题" input name="subject" value=(pf.text("subject", &t.subject)); }
                label { "时间(描述)" input name="time_text" value=(pf.text("time_text", &e.time_text)); }
                label { "详细地址" input name="address" value=(pf.text("address", &e.place.address)); }
                label { "人物" input name="person" value=(pf.text("person", &e.person)); }
                label { "事件" textarea name="event" { (pf.text("event", &e.event)) } }
                label { "诉求" textarea name="demand" { (pf.text("demand", &e.demand)) } }
                label { "分类" select name="category" {
                    option value="" { "(未分类)" }
                    @for c in active_categories(&r) { option value=(c.code) selected[pf.chosen("category", &c.code, t.category.as_deref() == Some(c.code.as_str()))] { (c.code) " " (format::category(&r, Some(&c.code))) } }
                } }
                (tag_boxes(&t.tags, pf))
                (submit("保存修改"))
            }
        }
        ActionKind::Submit => html! { p.muted { "五要素齐全后提交转办。" } (submit("提交转办")) },
        ActionKind::DirectAnswer => html! {
            (note("answer", "答复内容", true))
            label { "引用知识(编号,可不填)" input name="article" inputmode="numeric" value=(pf.text("article", "")); }
            (submit("直接答复并办结"))
        },
        ActionKind::NotAccept => html! {
            label { "不予受理原因" select name="reason" required {
                @for reason in NOT_ACCEPTED_REASONS { option value=(enum_code(reason)) selected[pf.chosen("reason", &enum_code(reason), false)] { (reason.label_zh()) } }
            } }
            label { "告知来电人的渠道" input name="channel_told" required value=(pf.text("channel_told", "")); }
            (note("note", "备注", false))
            (submit("不予受理"))
        },
        ActionKind::EmergencyTransfer => html! {
            label { "转接" select name="service" {
                @for (svc, label) in EMERGENCY { option value=(enum_code(svc)) selected[pf.chosen("service", &enum_code(svc), false)] { (label) } }
            } }
            (note("note", "交接记录", false))
            button.danger type="submit" { "转应急" }
        },
        // A dispatched repeat leaves its unit's hands: the unit is told why.
        ActionKind::Merge if !view.ticket.chain.is_empty() => html! {
            label { "并入主工单编号" input name="master_number" required value=(pf.text("master_number", "")); }
            (merged_go_along(view.ticket.merged.len()))
            (note("note", "并单原因(承办单位停止办理本单,将看到此说明)", true))
            (submit("并单"))
        },
        ActionKind::Merge => html! {
            label { "并入主工单编号" input name="master_number" required value=(pf.text("master_number", "")); }
            (merged_go_along(view.ticket.merged.len()))
            (note("note", "备注", false))
            (submit("并单"))
        },
        ActionKind::ReturnToIntake => html! {
            fieldset { legend { "缺少的要素" }
                @for (code, label) in [("time", "时间"), ("place", "地点"), ("person", "人物"), ("event", "事件"), ("demand", "诉求")] {
                    label.inline { input type="checkbox" name="missing" value=(code) checked[pf.chosen("missing", code, false)]; (label) }
                }
            }
            (note("note", "退回说明", true))
            button.secondary type="submit" { "退回受理" }
        },
        ActionKind::Dispatch => dispatch_fields(app, view, returns, pf),
        ActionKind::SignFor => {
            let due = t.clocks.sign_for.as_ref().and_then(|c| c.due_at);
            html! {
                @if let Some(d) = due { p.countdown { "签收截止 " (format::due(d)) " " span.left {} } }
                (submit("签收"))
            }
        }
        ActionKind::RequestReturn => {
            let due = t.clocks.return_window.as_ref().and_then(|c| c.due_at);
            let targets = dispatch_targets(&r);
            html! {
                @if let Some(d) = due { p.countdown { "退单时限 " (format::due(d)) " " span.left {} } }
                (note("reason", "退单理由", true))
                label { "建议承办单位(可不填)" select name="suggested_unit" {
                    option value="" { "—" }
                    (unit_options(&targets, pf.unit("suggested_unit", None)))
                } }
                button.secondary type="submit" { "申请退单" }
            }
        }
        ActionKind::DecideReturn => html! {
            (note("note", "意见", false))
            div.row {
                button type="submit" name="decision" value="approve" { "同意退单" }
                button.secondary type="submit" name="decision" value="refuse" { "不同意退单" }
            }
        },
        ActionKind::SubDispatch => {
            let from = s.actor.unit.or(t.holder());
            let below = from.map(|u| units_below(&r, u)).unwrap_or_default();
            html! {
                label { "下派给" select name="to" required {
                    option value="" { "请选择下级单位" }
                    (unit_options(&below, pf.unit("to", None)))
                } }
                (note("note", "下派说明", false))
                (submit("下派"))
            }
        }
        ActionKind::Whistle => {
            let targets = dispatch_targets(&r);
            html! {
                label { "吹哨单位" select name="unit" required {
                    option value="" { "请选择" }
                    (unit_options(&targets, pf.unit("unit", None)))
                } }
                (note("note", "需要协同的事项", true))
                (submit("吹哨"))
            }
        }
        ActionKind::RequestExtension => html! {
            label { "延期工作日" input type="number" name="working_days" min="1" max=(r.policy.max_extension_days) required value=(pf.text("working_days", "")); }
            (note("reason", "延期理由", true))
            (submit("申请延期"))
        },
        ActionKind::DecideExtension => html! {
            label { "批准工作日(不填按申请)" input type="number" name="working_days" min="1" value=(pf.text("working_days", "")); }
            (note("note", "意见", false))
            div.row {
                button type="submit" name="decision" value="approve" { "同意延期" }
                button.secondary type="submit" name="decision" value="refuse" { "不同意延期" }
            }
        },
        ActionKind::Suspend => html! { (note("reason", "挂起原因", true)) (submit("挂起")) },
        ActionKind::Resume => html! { (note("note", "说明", false)) (submit("恢复")) },
        ActionKind::Progress => html! { (note("note", "办理进展", true)) (submit("记录进展")) },
        ActionKind::Reply => html! {
            (note("result", "办理结果", true))
            label.inline { input type="checkbox" name="resolved" value="on" checked[pf.chosen("resolved", "on", true)]; "问题已解决" }
            label.inline { input type="checkbox" name="caller_contacted" value="on" checked[pf.chosen("caller_contacted", "on", true)]; "已联系来电人" }
            div { (submit(if t.chain.len() > 1 { "反馈(报上级单位)" } else { "提交办理反馈" })) }
        },
        ActionKind::ReviewPass => html! { (note("note", "审核意见", false)) (submit("审核通过")) },
        ActionKind::ReviewSendBack => {
            html! { (note("reason", "退回理由", true)) button.secondary type="submit" { "审核退回" } }
        }
        ActionKind::Visit => html! {
            p.muted.script {
                "回访话术:您好,这里是12345热线。您于 " (format::short_time(t.created_at))
                " 反映的「" (t.subject) "」,承办单位已答复办理,请问您对办理结果是否满意?问题是否已解决?"
            }
            @if t.needs_manual_visit { p.warn { "智能回访不满意,须人工回访。" } }
            label { "回访方式" select name="method" {
                option value="manual" selected[pf.chosen("method", "manual", t.needs_manual_visit)] { "人工回访" }
                @if !t.needs_manual_visit { option value="smart" selected[pf.chosen("method", "smart", false)] { "智能回访" } }
            } }
            label { "回访结果" select name="outcome" {
                @for (value, label) in [("reached", "已接通"), ("unreachable", "未接通"), ("declined", "拒绝回访")] {
                    option value=(value) selected[pf.chosen("outcome", value, false)] { (label) }
                }
            } }
            label { "满意度" select name="satisfaction" {
                @for (value, label) in [("satisfied", "满意"), ("basically_satisfied", "基本满意"), ("unsatisfied", "不满意")] {
                    option value=(value) selected[pf.chosen("satisfaction", value, false)] { (label) }
                }
            } }
            label.inline { input type="checkbox" name="resolved" value="on" checked[pf.chosen("resolved", "on", true)]; "问题已解决" }
            (note("note", "回访记录", false))
            (submit("记录回访"))
        },
        ActionKind::Rehandle => {
            html! { (note("reason", "重办原因", true)) (submit("退回单位重办")) }
        }
        ActionKind::Close => html! { (note("note", "办结说明", false)) (submit("办结")) },
        ActionKind::Archive => html! { (submit("归档")) },
        ActionKind::Urge => html! { (note("note", "催办内容", false)) (submit("催办")) },
        ActionKind::Supervise => html! {
            label { "督办级别" select name="level" {
                @for l in LEVELS { option value=(enum_code(l)) selected[pf.chosen("level", &enum_code(l), false)] { (l.label_zh()) } }
            } }
            (note("note", "督办要求", false))
            (submit("督办"))
        },
        ActionKind::Reopen => html! { (note("reason", "重新启用原因", true)) (submit("重新启用")) },
        ActionKind::Unmerge => html! {
            p.muted { "并错的工单拆出后回到待转办(要素不全的回到草稿),另行办理。" }
            (note("reason", "拆单原因", true)) (submit("拆单"))
        },
        ActionKind::Attach => html! {},
    }
}

/// The dispatch form: the list's suggestion first, and for each tier the due time it would give
/// if dispatched now, so the dispatcher sees the deadline before confirming.
fn dispatch_fields(
    app: &App,
    view: &TicketView,
    returns: &[ApprovedReturn],
    pf: Prefill,
) -> Markup {
    let r = app.reference();
    let note = |name: &str, label: &str, required: bool| note_typed(pf, name, label, required);
    let now = app.now();
    let t = &view.ticket;
    let why = list_note(&r, view);
    let targets = dispatch_targets(&r);
    // The list's units and history's, best first, each with why; a retired unit is neither
    // offered nor preselected.
    let suggestions = app.dispatch_suggestions_after(t, returns);
    let suggested: Vec<UnitId> = suggestions.iter().map(|s| s.unit).collect();
    let suggested_units: Vec<&Unit> = suggested
        .iter()
        .filter_map(|u| r.units.get(u))
        .filter(|u| u.active)
        .collect();
    let missing = t.elements.missing();
    // The unit chosen: as a refused form typed it, or the first suggestion.
    let main = pf.unit("main", suggested.first().copied());
    html! {
        @if !missing.is_empty() {
            p.warn { "五要素不全:" (missing.iter().map(|m| hotline_domain::error::element_label_zh(m)).collect::<Vec<_>>().join("、")) ",请退回受理。" }
        }
        @if !why.is_empty() { p.muted #suggestion { "职责清单:" (why) } }
        @if !returns.is_empty() {
            p.muted #returned-units {
                "已同意退单(不再建议):"
                @for (i, ret) in returns.iter().enumerate() {
                    @if i > 0 { ";" }
                    (r.unit_name(ret.unit)) "(" (ret.reason) ")"
                }
            }
        }
        label { "主办单位" select #main-unit name="main" required {
            @if !suggested_units.is_empty() {
                optgroup label="建议主办单位" { (unit_options(&suggested_units, main)) }
            } @else {
                option value="" { "请选择" }
            }
            // A typed unit not among the suggestions is chosen here (once, not twice).
            optgroup label="全部单位" { (unit_options(&targets, main.filter(|m| pf.0.is_some() && !suggested_units.iter().any(|u| u.id == *m)))) }
        } }
        @if !suggestions.is_empty() {
            ol.muted #unit-reasons {
                @for s in &suggestions {
                    li data-unit=(s.unit.0) { strong { (s.name) } @for reason in &s.reasons { br; (reason) } }
                }
            }
        }
        label { "协办单位(可多选)" select name="assisting" multiple size="4" {
            (unit_options_where(&targets, |u| pf.chosen("assisting", &u.0.to_string(), false)))
        } }
        label { "时限等级与截止时间" select #tier name="tier" {
            @for tier in &r.policy.tiers {
                @let clock = Clock::start(tier.budget(&r.calendar), now, &r.calendar, r.policy.warn_share);
                option value=(tier.code) selected[pf.chosen("tier", &tier.code, tier.code == t.tier)] {
                    (tier.name_zh) "(" (tier.length.label_zh()) ")· 截止 "
                    (clock.due_at.map(format::time).unwrap_or_default())
                }
            }
        } }
        (tag_boxes(&view.ticket.tags, pf))
        (note("note", "转办意见", false))
        (submit("确认转办"))
    }
}

/// The colour tags (多彩工单) as checkboxes: as a refused form typed them, or the ticket's own.
fn tag_boxes(current: &[ColourTag], pf: Prefill) -> Markup {
    html! {
        fieldset.tags {
            legend { "颜色标签" }
            @for tag in ColourTag::ALL {
                label.inline { input type="checkbox" name="tags" value=(tag.as_str()) checked[pf.chosen("tags", tag.as_str(), current.contains(tag))]; (tag.label_zh()) }
            }
        }
    }
}

/// What a merge of a master does with the tickets merged into it: they go along.
fn merged_go_along(n: usize) -> Markup {
    html! {
        @if n > 0 {
            p.muted.merged-go-along { "本工单已有 " (n) " 件并单,将随本单一并改并入主工单(其中已随本单答复的,本单不能再并入他单)。" }
        }
    }
}
