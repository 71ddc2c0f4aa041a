//! The page shell: head, the navigation of the signed-in person's roles, flash messages.
use maud::{html, Markup, DOCTYPE};

use hotline_domain::org::Role;

use crate::session::Session;

fn head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            meta name="htmx-config" content=r#"{"includeIndicatorStyles":false,"allowEval":false}"#;
            title { (title) " · 12345热线" }
            link rel="stylesheet" href="/assets/app.css";
            script src="/assets/htmx.min.js" defer {}
            script src="/assets/app.js" defer {}
        }
    }
}

/// A page without navigation (login, errors).
pub fn bare(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="zh-CN" {
            (head(title))
            body.bare { (body) }
        }
    }
}

/// One navigation entry: path, label, access key, the roles that see it.
struct NavItem {
    path: &'static str,
    label: &'static str,
    key: &'static str,
    roles: &'static [Role],
}

const NAV: &[NavItem] = {
    use Role::*;
    &[
        NavItem {
            path: "/",
            label: "首页",
            key: "h",
            roles: &[],
        },
        NavItem {
            path: "/intake",
            label: "受理",
            key: "n",
            roles: &hotline_domain::lifecycle::INTAKE_ROLES,
        },
        NavItem {
            path: "/queues/to_dispatch",
            label: "转办",
            key: "d",
            roles: &[Dispatcher, ShiftLead],
        },
        NavItem {
            path: "/queues/return_requests",
            label: "退单审核",
            key: "r",
            roles: &[Dispatcher, ShiftLead],
        },
        NavItem {
            path: "/queues/to_sign_for",
            label: "待签收",
            key: "s",
            roles: &[UnitHandler, UnitAdmin],
        },
        NavItem {
            path: "/queues/processing",
            label: "办理中",
            key: "p",
            roles: &[UnitHandler, UnitAdmin],
        },
        NavItem {
            path: "/queues/to_review",
            label: "审核",
            key: "v",
            roles: &[Reviewer, ShiftLead],
        },
        NavItem {
            path: "/queues/to_visit",
            label: "回访",
            key: "f",
            roles: &[VisitAgent],
        },
        NavItem {
            path: "/queues/overdue",
            label: "督办",
            key: "u",
            roles: &[Supervisor],
        },
        NavItem {
            path: "/class-cases",
            label: "类案",
            key: "c",
            roles: &hotline_service::class_cases::CLASS_CASE_ROLES,
        },
        NavItem {
            path: "/search",
            label: "工单查询",
            key: "q",
            roles: &[],
        },
        NavItem {
            path: "/knowledge",
            label: "知识库",
            key: "k",
            roles: &[],
        },
        NavItem {
            path: "/overview",
            label: "领导总览",
            key: "o",
            roles: &[Leader, Supervisor, ShiftLead],
        },
        NavItem {
            path: "/figures",
            label: "业务统计",
            key: "t",
            roles: &hotline_service::figures::FIGURE_ROLES,
        },
        NavItem {
            path: "/admin",
            label: "系统管理",
            key: "a",
            roles: &[Admin],
        },
    ]
};

/// A full page for a signed-in person. `flash` is a message confirming what was just done.
pub fn page(
    title: &str,
    s: &Session,
    active: &str,
    flash: Option<&str>,
    error: Option<&str>,
    body: Markup,
) -> Markup {
    let roles: Vec<&str> = s.user.roles.iter().map(|r| r.label_zh()).collect();
    html! {
        (DOCTYPE)
        html lang="zh-CN" {
            (head(title))
            body {
                a.skip href="#main" { "跳到正文" }
                header.top {
                    a.brand href="/" { "12345热线 · 工单系统" }
                    nav aria-label="主导航" {
                        @for item in NAV.iter().filter(|i| i.roles.is_empty() || s.actor.has_any(i.roles)) {
                            a href=(item.path) accesskey=(item.key)
                              aria-current=[(item.path == active).then_some("page")] { (item.label) }
                        }
                    }
                    div.who {
                        span { (s.user.display_name) " · " (roles.join("、")) }
                        // Signing out clears what this browser kept unsent (`app.js`).
                        form method="post" action="/logout" data-sign-out {
                            input type="hidden" name="_csrf" value=(s.csrf);
                            button.link type="submit" { "退出" }
                        }
                    }
                }
                main #main tabindex="-1" data-now=(s.now.timestamp()) {
                    @if let Some(f) = flash { p.flash role="status" { (f) } }
                    @if let Some(e) = error { p.error role="alert" { (e) } }
                    (body)
                }
            }
        }
    }
}

/// The hidden CSRF field every state-changing form carries.
pub fn csrf(s: &Session) -> Markup {
    html! { input type="hidden" name="_csrf" value=(s.csrf); }
}
