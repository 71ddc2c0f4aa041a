//! The city's gazetteer (地名库): districts, streets/towns, communities/villages, roads and
//! landmarks, each with the other names people use for it. Admins add or change one place, or
//! import many from a CSV or XLSX file (every row or none); everyone signed in reads them. A
//! place that tickets, units, the responsibility list or places below name is retired (停用),
//! not deleted: it keeps its code and name for them, but is no longer found in text nor taken
//! for a new ticket. A place nothing names (a mistake) may be deleted. After each change the
//! five-element extractor is rebuilt, so the new names and aliases are found in the next text.
use std::collections::HashMap;

use serde::Serialize;

use hotline_domain::org::{Actor, Place, PlaceKind};
use hotline_domain::DomainError;
use hotline_store::PlaceDeletion;

use crate::admin::require_admin;
use crate::table::{self, problem, text, Columns, Format, Row, RowProblem};
use crate::{App, ServiceError, ServiceResult};

/// The columns, in export order.
pub const COLUMNS: [&str; 6] = ["code", "name", "kind", "parent", "aliases", "active"];

/// Chinese column names an import also accepts.
const ALIASES: [(&str, &str); 12] = [
    ("编码", "code"),
    ("地名编码", "code"),
    ("名称", "name"),
    ("地名", "name"),
    ("类型", "kind"),
    ("层级", "kind"),
    ("上级编码", "parent"),
    ("上级", "parent"),
    ("别名", "aliases"),
    ("俗称", "aliases"),
    ("状态", "active"),
    ("是否在用", "active"),
];

const FILE: Columns = Columns {
    names: &COLUMNS,
    aliases: &ALIASES,
    required: &["code", "name", "kind"],
};

/// Most rows one uploaded import takes: a province's villages fit.
pub const MAX_ROWS: usize = 200_000;

/// How one place fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceChange {
    Added,
    Changed,
    Unchanged,
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PlaceImport {
    Imported {
        added: usize,
        changed: usize,
        unchanged: usize,
    },
    /// Nothing was written.
    Rejected { problems: Vec<RowProblem> },
}

/// The places to write, after every check passed.
struct Plan {
    writes: Vec<Place>,
    changes: Vec<PlaceChange>,
}

/// Checks `incoming` (row number, place) against each other and the gazetteer as it is:
/// each place alone, codes once per file, a parent that exists (in the gazetteer or the file)
/// and fits the kind, and places already below a changed one still fitting it.
fn plan(
    current: &HashMap<String, Place>,
    incoming: Vec<(usize, Place)>,
) -> Result<Plan, Vec<RowProblem>> {
    let mut problems = Vec::new();
    // One place from the form (row 0), not a file's rows: no "this file" to speak of.
    let from_form = matches!(incoming.as_slice(), [(0, _)]);
    let mut row_of: HashMap<String, usize> = HashMap::new();
    let mut places = Vec::with_capacity(incoming.len());
    // Rows refused on their own, by code: a place below one is told where its parent's
    // problem is, not that its parent is nowhere.
    let mut refused: HashMap<String, usize> = HashMap::new();
    for (row, place) in incoming {
        let place = place.normalised();
        if let Err(DomainError::Invalid { field, message }) = place.check() {
            problems.push(problem(row, Some(field), message));
            refused.entry(place.code.clone()).or_insert(row);
            continue;
        }
        if let Some(first) = row_of.insert(place.code.clone(), row) {
            let message = format!("编码 {} 与第 {first} 行重复", place.code);
            problems.push(problem(row, Some("code"), message));
            continue;
        }
        places.push((row, place));
    }
    let mut merged: HashMap<&str, &Place> = current.iter().map(|(c, p)| (c.as_str(), p)).collect();
    for (_, p) in &places {
        merged.insert(p.code.as_str(), p);
    }
    let fits = |place: &Place| -> Result<(), String> {
        let Some(code) = &place.parent else {
            return Ok(());
        };
        match merged.get(code.as_str()) {
            None => Err(match refused.get(code) {
                Some(row) => format!("上级编码 {code} 在本文件第 {row} 行,那一行有误,请先改正"),
                None if from_form => format!("上级编码 {code} 不在地名库中"),
                None => format!("上级编码 {code} 不在地名库中,也不在本文件中"),
            }),
            Some(parent) => place.check_parent(parent).map_err(|e| match e {
                DomainError::Invalid { message, .. } => message,
                other => other.to_string(),
            }),
        }
    };
    for (row, place) in &places {
        if let Err(message) = fits(place) {
            problems.push(problem(*row, Some("parent"), message));
        }
    }
    // One place, one code: a second code for the same name, kind and parent would make every
    // mention of the name ambiguous between the two (a spelling of its own is an alias).
    let key = |p: &Place| (p.name.clone(), p.kind, p.parent.clone());
    let mut by_key: HashMap<_, Vec<&str>> = HashMap::new();
    for p in merged.values().filter(|p| p.active) {
        by_key.entry(key(p)).or_default().push(p.code.as_str());
    }
    // An alias that is another place's name would make every mention of that place ambiguous
    // too (星河街道 called 城中区 leaves 城中区 itself unplaced).
    let mut by_name: HashMap<&str, Vec<&str>> = HashMap::new();
    for p in merged.values().filter(|p| p.active) {
        by_name
            .entry(p.name.as_str())
            .or_default()
            .push(p.code.as_str());
    }
    let mut by_alias: HashMap<&str, Vec<&str>> = HashMap::new();
    for p in merged.values().filter(|p| p.active) {
        for alias in &p.aliases {
            by_alias
                .entry(alias.as_str())
                .or_default()
                .push(p.code.as_str());
        }
    }
    // The first of `codes` other than `own`, if any.
    fn other<'a>(codes: Option<&Vec<&'a str>>, own: &str) -> Option<&'a str> {
        codes
            .into_iter()
            .flatten()
            .copied()
            .filter(|c| *c != own)
            .min()
    }
    // A place stored as it is already passes: a gazetteer that has such a pair from before
    // can still be exported and imported again.
    let changed = |p: &Place| current.get(&p.code) != Some(p);
    for (row, place) in places.iter().filter(|(_, p)| p.active && changed(p)) {
        if let Some(other) = other(by_key.get(&key(place)), &place.code) {
            let message = format!(
                "与编码 {other} 同名、同类型、同上级,是同一个地方:请改用该编码,别的叫法写进别名"
            );
            problems.push(problem(*row, Some("name"), message));
        }
        if let Some(other) = other(by_alias.get(place.name.as_str()), &place.code) {
            let message = format!(
                "名称「{}」是编码 {other} 的别名:一个地方不能以另一个地方的别名为名,否则提到它时分不清是哪一个",
                place.name
            );
            problems.push(problem(*row, Some("name"), message));
        }
        // A district's name is the city's word for the whole district: a street or landmark of
        // that name would leave every mention of the district unplaced.
        let same_name = by_name.get(place.name.as_str()).into_iter().flatten();
        let district_clash = same_name.filter(|c| **c != place.code).find(|c| {
            merged.get(**c).is_some_and(|o| {
                (o.kind == PlaceKind::District) != (place.kind == PlaceKind::District)
            })
        });
        if let Some(other) = district_clash {
            let message = if place.kind == PlaceKind::District {
                format!(
                    "区县名「{}」已是编码 {other} 的地名:区县名不能再用作别的地名",
                    place.name
                )
            } else {
                format!(
                    "名称「{}」与编码 {other} 的区县同名:区县名不能再用作别的地名",
                    place.name
                )
            };
            problems.push(problem(*row, Some("name"), message));
        }
        for alias in &place.aliases {
            if let Some(other) = other(by_name.get(alias.as_str()), &place.code) {
                let message = format!(
                    "别名「{alias}」是编码 {other} 的名称:别名不能与另一个地方同名,否则提到它时分不清是哪一个"
                );
                problems.push(problem(*row, Some("aliases"), message));
            }
        }
    }
    // A place whose kind changes may no longer fit what already sits below it.
    for child in current.values().filter(|c| !row_of.contains_key(&c.code)) {
        let Some(&row) = child.parent.as_ref().and_then(|p| row_of.get(p)) else {
            continue;
        };
        if let Err(message) = fits(child) {
            let retired = child.active && merged.get(row_parent(child)).is_some_and(|p| !p.active);
            let (column, hint) = if retired {
                ("active", ";请先停用下级,或把它们改到别的上级下")
            } else {
                ("kind", "")
            };
            let message = format!(
                "改动后,原有下级 {}({})不再合适:{message}{hint}",
                child.name, child.code
            );
            problems.push(problem(row, Some(column), message));
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.row);
        return Err(problems);
    }
    let mut writes = Vec::new();
    let mut changes = Vec::with_capacity(places.len());
    for (_, place) in places {
        let change = match current.get(&place.code) {
            None => PlaceChange::Added,
            Some(before) if *before == place => PlaceChange::Unchanged,
            Some(_) => PlaceChange::Changed,
        };
        changes.push(change);
        if change != PlaceChange::Unchanged {
            writes.push(place);
        }
    }
    Ok(Plan { writes, changes })
}

/// One data row as a place, or what is wrong with it.
fn parse_row(at: &HashMap<&'static str, usize>, (n, cells): &Row) -> Result<Place, RowProblem> {
    let cell = |c: &str| {
        at.get(c)
            .and_then(|i| cells.get(*i))
            .and_then(Option::as_ref)
            .map(text)
            .unwrap_or_default()
    };
    let kind = cell("kind");
    let Some(kind) = PlaceKind::parse_any(&kind) else {
        let message = if kind.is_empty() {
            "类型不能为空(区县、街道/镇、社区/村、道路、地标)".to_string()
        } else {
            format!("未知类型「{kind}」(区县、街道/镇、社区/村、道路、地标)")
        };
        return Err(problem(*n, Some("kind"), message));
    };
    let active = cell("active");
    let Some(active) = parse_active(&active) else {
        let message = format!("状态「{active}」应为 在用 或 停用(留空为在用)");
        return Err(problem(*n, Some("active"), message));
    };
    let parent = cell("parent");
    Ok(Place {
        code: cell("code"),
        name: cell("name"),
        kind,
        parent: (!parent.is_empty()).then_some(parent),
        aliases: table::split_list(&cell("aliases")),
        active,
    })
}

/// The parent code of a place (empty for a district), for looking it up.
fn row_parent(p: &Place) -> &str {
    p.parent.as_deref().unwrap_or_default()
}

/// An `active` cell: in use when blank; the words an export writes (在用, 停用) and the usual
/// yes/no spellings.
pub fn parse_active(cell: &str) -> Option<bool> {
    match cell.trim().to_lowercase().as_str() {
        "" | "在用" | "启用" | "是" | "yes" | "y" | "true" | "1" => Some(true),
        "停用" | "已停用" | "否" | "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// How an export writes `active`.
pub fn active_label(active: bool) -> &'static str {
    if active {
        "在用"
    } else {
        "停用"
    }
}

impl App {
    /// Add a place or change one (found by code): its kind, name, parent and aliases.
    pub async fn save_place(&self, actor: &Actor, place: Place) -> ServiceResult<PlaceChange> {
        require_admin(actor)?;
        let r = self.fresh_reference().await?;
        let plan = plan(&r.places, vec![(0, place)]).map_err(|mut p| {
            let p = p.swap_remove(0);
            ServiceError::invalid(p.column.unwrap_or_default(), p.message)
        })?;
        if !plan.writes.is_empty() {
            self.store.insert_places(&plan.writes).await?;
            self.reload().await?;
        }
        Ok(plan.changes[0])
    }

    /// Import places from a CSV or XLSX file: added where the code is new, changed where it is
    /// known; every row or none. An upload takes up to `MAX_ROWS` rows.
    pub async fn import_places(
        &self,
        actor: &Actor,
        format: Format,
        bytes: &[u8],
        source: table::Source,
    ) -> ServiceResult<PlaceImport> {
        require_admin(actor)?;
        let rejected = |problems| Ok(PlaceImport::Rejected { problems });
        let limits = source.limits(MAX_ROWS);
        let (at, rows) = match table::read_apart(format, bytes, &FILE, limits).await {
            Ok(read) => read,
            Err(p) => return rejected(vec![p]),
        };
        let mut incoming = Vec::with_capacity(rows.len());
        let mut problems = Vec::new();
        for row in &rows {
            match parse_row(&at, row) {
                Ok(place) => incoming.push((row.0, place)),
                Err(p) => problems.push(p),
            }
        }
        let r = self.fresh_reference().await?;
        // A file without an optional column (an older export, a partial sheet) leaves that
        // field of each known place as it is: re-importing it must not bring retired places
        // back, drop the aliases the extractor finds a place by, or cut a place from its parent.
        let keep = |column: &str| !at.contains_key(column);
        for (_, place) in &mut incoming {
            let Some(known) = r.places.get(place.code.trim()) else {
                continue;
            };
            if keep("active") {
                place.active = known.active;
            }
            if keep("aliases") {
                place.aliases.clone_from(&known.aliases);
            }
            if keep("parent") {
                place.parent.clone_from(&known.parent);
            }
        }
        let plan = match plan(&r.places, incoming) {
            Ok(plan) if problems.is_empty() => plan,
            Ok(_) => return rejected(problems),
            Err(more) => {
                problems.extend(more);
                problems.sort_by_key(|p| p.row);
                return rejected(problems);
            }
        };
        if !plan.writes.is_empty() {
            self.store.insert_places(&plan.writes).await?;
            self.reload().await?;
        }
        let count = |c| plan.changes.iter().filter(|x| **x == c).count();
        Ok(PlaceImport::Imported {
            added: count(PlaceChange::Added),
            changed: count(PlaceChange::Changed),
            unchanged: count(PlaceChange::Unchanged),
        })
    }

    /// Delete a place nothing names: no place below it, no unit's area, no rule of the
    /// responsibility list, no ticket. Otherwise the refusal says what names it: such a place
    /// is retired instead (`active: false`). Returns the place deleted.
    pub async fn delete_place(&self, actor: &Actor, code: &str) -> ServiceResult<Place> {
        require_admin(actor)?;
        let r = self.fresh_reference().await?;
        let place = r
            .places
            .get(code)
            .cloned()
            .ok_or(ServiceError::NotFound("place"))?;
        let mut named = Vec::new();
        let below = r
            .places
            .values()
            .filter(|p| p.parent.as_deref() == Some(code))
            .count();
        if below > 0 {
            named.push(format!("{below} 个下级地名"));
        }
        let mut units: Vec<&str> = r
            .units
            .values()
            .filter(|u| u.area.iter().any(|a| a == code))
            .map(|u| u.name.as_str())
            .collect();
        units.sort_unstable();
        if let Some(first) = units.first() {
            let more = match units.len() {
                1 => String::new(),
                n => format!("等 {n} 个单位"),
            };
            named.push(format!("{first}{more}的辖区"));
        }
        let rules = r
            .responsibility
            .rules
            .iter()
            .filter(|rule| rule.place.as_deref() == Some(code))
            .count();
        if rules > 0 {
            named.push(format!("{rules} 条职责清单"));
        }
        drop(r);
        if named.is_empty() {
            match self.store.delete_place(code).await? {
                PlaceDeletion::Deleted => {
                    self.reload().await?;
                    return Ok(place);
                }
                PlaceDeletion::Missing => return Err(ServiceError::NotFound("place")),
                PlaceDeletion::NamedByTickets(n) => named.push(format!("{n} 张工单")),
            }
        }
        Err(ServiceError::Conflict(format!(
            "地名 {}({})仍被{}使用,不能删除;可以改为停用",
            place.name,
            place.code,
            named.join("、")
        )))
    }

    /// The gazetteer as a file an import reads back, parents before children.
    pub fn export_places(&self, format: Format) -> ServiceResult<Vec<u8>> {
        let r = self.reference();
        let rows: Vec<Vec<String>> = ordered(&r.places)
            .into_iter()
            .map(|p| {
                vec![
                    p.code.clone(),
                    p.name.clone(),
                    p.kind.as_str().to_string(),
                    p.parent.clone().unwrap_or_default(),
                    p.aliases.join("、"),
                    active_label(p.active).to_string(),
                ]
            })
            .collect();
        table::write(format, "地名库", &COLUMNS, &rows).map_err(|e| {
            ServiceError::Store(hotline_store::StoreError::Backend(format!("export: {e}")))
        })
    }
}

/// Places by kind (districts first, landmarks last), then code: every parent comes before the
/// places below it.
pub fn ordered(places: &HashMap<String, Place>) -> Vec<&Place> {
    let mut list: Vec<&Place> = places.values().collect();
    let rank = |k: PlaceKind| PlaceKind::ALL.iter().position(|x| *x == k).unwrap_or(0);
    list.sort_by(|a, b| (rank(a.kind), &a.code).cmp(&(rank(b.kind), &b.code)));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(code: &str, name: &str, kind: PlaceKind, parent: Option<&str>) -> Place {
        Place {
            code: code.into(),
            name: name.into(),
            kind,
            parent: parent.map(Into::into),
            aliases: Vec::new(),
            active: true,
        }
    }

    fn city() -> HashMap<String, Place> {
        [
            place("D1", "东岸区", PlaceKind::District, None),
            place("S1", "太公街道", PlaceKind::Street, Some("D1")),
            place("C1", "渔港社区", PlaceKind::Community, Some("S1")),
        ]
        .into_iter()
        .map(|p| (p.code.clone(), p))
        .collect()
    }

    fn messages(r: Result<Plan, Vec<RowProblem>>) -> Vec<(usize, String)> {
        match r {
            Ok(_) => Vec::new(),
            Err(p) => p.into_iter().map(|p| (p.row, p.message)).collect(),
        }
    }

    #[test]
    fn new_and_changed_places_are_told_apart() {
        let mut renamed = place("S1", "太公街道", PlaceKind::Street, Some("D1"));
        renamed.aliases = vec![" 太公 ".into(), "太公".into(), "太公街道".into()];
        let plan = plan(
            &city(),
            vec![
                (
                    2,
                    place(" C2 ", "新苑社区", PlaceKind::Community, Some("S1")),
                ),
                (3, renamed),
                (4, place("C1", "渔港社区", PlaceKind::Community, Some("S1"))),
                (5, place("R1", "海曲路", PlaceKind::Road, None)),
            ],
        )
        .unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(
            plan.changes,
            [
                PlaceChange::Added,
                PlaceChange::Changed,
                PlaceChange::Unchanged,
                PlaceChange::Added
            ]
        );
        let written: Vec<&str> = plan.writes.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(written, ["C2", "S1", "R1"]);
        assert_eq!(
            plan.writes[1].aliases,
            ["太公"],
            "trimmed, once, not the name"
        );
    }

    #[test]
    fn a_parent_may_come_later_in_the_file() {
        let plan = plan(
            &HashMap::new(),
            vec![
                (2, place("S9", "新街道", PlaceKind::Street, Some("D9"))),
                (3, place("D9", "新区", PlaceKind::District, None)),
            ],
        );
        assert!(plan.is_ok(), "{:?}", messages(plan));
    }

    #[test]
    fn a_place_from_the_form_is_not_told_of_a_file() {
        let got = messages(plan(
            &city(),
            vec![(0, place("C9", "新社区", PlaceKind::Community, Some("S7")))],
        ));
        assert_eq!(got, vec![(0, "上级编码 S7 不在地名库中".to_string())]);
    }

    #[test]
    fn a_place_below_a_refused_row_is_told_where_its_parent_went_wrong() {
        let got = messages(plan(
            &HashMap::new(),
            vec![
                (2, place("D9", "", PlaceKind::District, None)),
                (3, place("S9", "新街道", PlaceKind::Street, Some("D9"))),
            ],
        ));
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[1].1.contains("在本文件第 2 行,那一行有误"), "{got:?}");
    }

    #[test]
    fn every_bad_row_is_named() {
        let mut one_char = place("L1", "渔港公园", PlaceKind::Landmark, Some("C1"));
        one_char.aliases = vec!["港".into()];
        let got = messages(plan(
            &city(),
            vec![
                (2, place("C2", "新苑社区", PlaceKind::Community, Some("S7"))),
                (3, place("C3", "", PlaceKind::Community, Some("S1"))),
                (4, place("C 4", "四社区", PlaceKind::Community, Some("S1"))),
                (5, place("S2", "望海街道", PlaceKind::Street, Some("S1"))),
                (6, place("C5", "五社区", PlaceKind::Community, Some("S1"))),
                (7, place("C5", "又五社区", PlaceKind::Community, Some("S1"))),
                (8, one_char),
                (9, place("D2", "西区", PlaceKind::District, Some("D1"))),
                (10, place("C6", "六社区", PlaceKind::Community, None)),
            ],
        ));
        let rows: Vec<usize> = got.iter().map(|(r, _)| *r).collect();
        assert_eq!(rows, [2, 3, 4, 5, 7, 8, 9, 10], "{got:?}");
        assert!(got[0].1.contains("S7"), "{}", got[0].1);
        assert!(got[3].1.contains("街道/镇的上级应为区县"), "{}", got[3].1);
        assert!(got[4].1.contains("第 6 行重复"), "{}", got[4].1);
        assert!(got[5].1.contains("别名「港」"), "{}", got[5].1);
    }

    #[test]
    fn an_alias_that_is_another_places_name_is_refused() {
        let mut taken = place("S2", "望海街道", PlaceKind::Street, Some("D1"));
        taken.aliases = vec!["望海".into(), "东岸区".into()];
        let got = messages(plan(&city(), vec![(2, taken)]));
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].1.contains("别名「东岸区」是编码 D1 的名称"),
            "{}",
            got[0].1
        );
    }

    #[test]
    fn a_name_that_is_another_places_alias_or_a_districts_name_is_refused() {
        let mut current = city();
        let mut street = place("S2", "望海街道", PlaceKind::Street, Some("D1"));
        street.aliases = vec!["望海".into()];
        current.insert("S2".into(), street);
        let got = messages(plan(
            &current,
            vec![
                (2, place("L1", "望海", PlaceKind::Landmark, Some("S2"))),
                (3, place("L2", "东岸区", PlaceKind::Landmark, Some("S1"))),
                (4, place("D2", "太公街道", PlaceKind::District, None)),
            ],
        ));
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[0].1.contains("是编码 S2 的别名"), "{got:?}");
        assert!(got[1].1.contains("与编码 D1 的区县同名"), "{got:?}");
        assert!(got[2].1.contains("已是编码 S1 的地名"), "{got:?}");
        // Two communities of one name in different streets are two places, as in real cities.
        let twin = place("C9", "渔港社区", PlaceKind::Community, Some("S2"));
        assert!(plan(&current, vec![(2, twin)]).is_ok());
    }

    #[test]
    fn a_kind_change_that_strands_the_places_below_is_refused() {
        // 太公街道 made a community: 渔港社区 below it would sit under a community.
        let got = messages(plan(
            &city(),
            vec![(4, place("S1", "太公社区", PlaceKind::Community, Some("D1")))],
        ));
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, 4);
        assert!(got[0].1.contains("渔港社区(C1)"), "{}", got[0].1);
    }

    #[test]
    fn a_place_in_use_never_sits_under_a_retired_one() {
        let mut street = place("S1", "太公街道", PlaceKind::Street, Some("D1"));
        street.active = false;
        let got = messages(plan(&city(), vec![(2, street.clone())]));
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].1.contains("渔港社区(C1)"), "{}", got[0].1);
        assert!(got[0].1.contains("请先停用下级"), "{}", got[0].1);

        // Retiring the community below first, or in the same file, is fine.
        let mut community = place("C1", "渔港社区", PlaceKind::Community, Some("S1"));
        community.active = false;
        let both = plan(&city(), vec![(2, street.clone()), (3, community)]);
        assert!(both.is_ok(), "{:?}", messages(both));

        let mut retired = city();
        retired.insert("S1".into(), street);
        let got = messages(plan(
            &retired,
            vec![(2, place("C2", "新苑社区", PlaceKind::Community, Some("S1")))],
        ));
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].1.contains("太公街道(S1)已停用"), "{}", got[0].1);
    }

    #[test]
    fn states_read_as_spreadsheets_write_them() {
        for (cell, active) in [("", true), ("在用", true), (" 停用 ", false), ("No", false)] {
            assert_eq!(parse_active(cell), Some(active), "{cell}");
            assert_eq!(parse_active(active_label(active)), Some(active));
        }
        assert_eq!(parse_active("作废"), None);
    }

    #[test]
    fn kinds_read_as_spreadsheets_write_them() {
        for (s, k) in [
            ("district", PlaceKind::District),
            ("Street", PlaceKind::Street),
            ("镇", PlaceKind::Street),
            ("村", PlaceKind::Community),
            ("社区/村", PlaceKind::Community),
            ("道路", PlaceKind::Road),
            (" 地标 ", PlaceKind::Landmark),
        ] {
            assert_eq!(PlaceKind::parse_any(s), Some(k), "{s}");
        }
        assert_eq!(PlaceKind::parse_any("省"), None);
        assert_eq!(
            table::split_list("星沙、 星城;;老城|x"),
            ["星沙", "星城", "老城", "x"]
        );
    }

    #[test]
    fn an_export_lists_parents_first() {
        let city = city();
        let codes: Vec<&str> = ordered(&city).iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["D1", "S1", "C1"]);
    }
}
