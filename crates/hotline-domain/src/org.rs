//! The organisation: places (the city's gazetteer), units in a tree, users, roles and actors.
use serde::{Deserialize, Serialize};

use crate::DomainError;

/// Database id of a unit (承办单位 or the centre itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitId(pub i64);

/// Database id of a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

/// Level of a unit in the government tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    CityCentre,
    CityBureau,
    District,
    DistrictBureau,
    Street,
    Community,
    Enterprise,
}

impl UnitLevel {
    /// Whether the hotline dispatches to a unit of this level: not to the centre itself
    /// (nobody there signs for a ticket), nor to a community (a street's sub-dispatch
    /// reaches it).
    pub fn takes_dispatch(self) -> bool {
        !matches!(self, UnitLevel::CityCentre | UnitLevel::Community)
    }

    pub const ALL: [UnitLevel; 7] = [
        UnitLevel::CityCentre,
        UnitLevel::CityBureau,
        UnitLevel::District,
        UnitLevel::DistrictBureau,
        UnitLevel::Street,
        UnitLevel::Community,
        UnitLevel::Enterprise,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            UnitLevel::CityCentre => "市热线中心",
            UnitLevel::CityBureau => "市直部门",
            UnitLevel::District => "区县",
            UnitLevel::DistrictBureau => "区县部门",
            UnitLevel::Street => "街道/镇",
            UnitLevel::Community => "社区/村",
            UnitLevel::Enterprise => "公共企事业单位",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            UnitLevel::CityCentre => "city_centre",
            UnitLevel::CityBureau => "city_bureau",
            UnitLevel::District => "district",
            UnitLevel::DistrictBureau => "district_bureau",
            UnitLevel::Street => "street",
            UnitLevel::Community => "community",
            UnitLevel::Enterprise => "enterprise",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// Kind of a place in the gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    District,
    Street,
    Community,
    /// A road (道路), under the street or district it runs through; for finding places in text.
    Road,
    /// A landmark (地标: park, market, school, station…), under its street or community.
    Landmark,
}

impl PlaceKind {
    pub const ALL: [PlaceKind; 5] = [
        PlaceKind::District,
        PlaceKind::Street,
        PlaceKind::Community,
        PlaceKind::Road,
        PlaceKind::Landmark,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            PlaceKind::District => "区县",
            PlaceKind::Street => "街道/镇",
            PlaceKind::Community => "社区/村",
            PlaceKind::Road => "道路",
            PlaceKind::Landmark => "地标",
        }
    }

    /// The kind from its code (`street`) or a Chinese name a spreadsheet may use (街道, 镇, 村…).
    pub fn parse_any(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::parse(&s.to_ascii_lowercase()).or(match s {
            "区县" | "区" | "县" | "县区" | "县市区" => Some(PlaceKind::District),
            "街道/镇" | "街道" | "镇" | "乡" | "乡镇" | "街镇" => {
                Some(PlaceKind::Street)
            }
            "社区/村" | "社区" | "村" | "居委会" | "村委会" => {
                Some(PlaceKind::Community)
            }
            "道路" | "路" | "街巷" => Some(PlaceKind::Road),
            "地标" | "地点" | "场所" => Some(PlaceKind::Landmark),
            _ => None,
        })
    }

    /// The kinds a place of this kind may sit under; a district sits under none.
    pub fn parent_kinds(self) -> &'static [PlaceKind] {
        match self {
            PlaceKind::District => &[],
            PlaceKind::Street => &[PlaceKind::District],
            // A community run straight from a district (a development zone's) is common enough.
            PlaceKind::Community => &[PlaceKind::Street, PlaceKind::District],
            PlaceKind::Road | PlaceKind::Landmark => {
                &[PlaceKind::District, PlaceKind::Street, PlaceKind::Community]
            }
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::District => "district",
            PlaceKind::Street => "street",
            PlaceKind::Community => "community",
            PlaceKind::Road => "road",
            PlaceKind::Landmark => "landmark",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "district" => Some(PlaceKind::District),
            "street" => Some(PlaceKind::Street),
            "community" => Some(PlaceKind::Community),
            "road" => Some(PlaceKind::Road),
            "landmark" => Some(PlaceKind::Landmark),
            _ => None,
        }
    }

    /// Districts, streets and communities make up a ticket's place; roads and landmarks help
    /// find it in text.
    pub fn is_area(self) -> bool {
        matches!(
            self,
            PlaceKind::District | PlaceKind::Street | PlaceKind::Community
        )
    }
}

/// A district, street/town or community/village of the city, or a road or landmark in it. `code`
/// is stable and readable (e.g. `D03`, `D03S02`, `D03S02C05`, `D03S02R01`); the parent of a
/// street is a district, of a community a street, of a road or landmark the area that holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub code: String,
    pub name: String,
    pub kind: PlaceKind,
    pub parent: Option<String>,
    /// Other names people use for the place (星沙 for 星沙街道), found in text like its name.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// In use (在用). A place retired (停用), after a boundary change or because it was a
    /// mistake, keeps its code and name for the tickets, units and rules that name it, but is
    /// no longer found in text nor taken for a new ticket.
    #[serde(default = "in_use")]
    pub active: bool,
}

fn in_use() -> bool {
    true
}

/// Longest place code, name or alias, and most aliases of one place.
pub const PLACE_CODE_MAX: usize = 32;
pub const PLACE_NAME_MAX: usize = 50;
pub const PLACE_ALIASES_MAX: usize = 20;

impl Place {
    /// The place as it is kept: code, name and aliases trimmed; aliases without blanks,
    /// repeats or the name itself.
    pub fn normalised(mut self) -> Place {
        self.code = self.code.trim().to_string();
        self.name = self.name.trim().to_string();
        self.parent = self
            .parent
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty());
        let mut aliases: Vec<String> = Vec::new();
        for a in self.aliases.iter().map(|a| a.trim()) {
            if !a.is_empty() && a != self.name && !aliases.iter().any(|b| b == a) {
                aliases.push(a.to_string());
            }
        }
        self.aliases = aliases;
        self
    }

    /// Checks on the place alone (run `normalised` first): a code of letters, digits, `-` and
    /// `_` (it appears in addresses of pages), a name, aliases of two characters or more (one
    /// character would be found everywhere), and no parent for a district.
    pub fn check(&self) -> Result<(), DomainError> {
        let code_ok = |c: &str| {
            !c.is_empty()
                && c.len() <= PLACE_CODE_MAX
                && c.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        if !code_ok(&self.code) {
            return Err(DomainError::invalid(
                "code",
                format!(
                    "地名编码「{}」应为 1–{PLACE_CODE_MAX} 位字母、数字、- 或 _",
                    self.code
                ),
            ));
        }
        let too_long = |s: &str| s.chars().count() > PLACE_NAME_MAX;
        // One character would be found everywhere in text (水, 桥), as for aliases.
        if self.name.chars().count() < 2 || too_long(&self.name) {
            return Err(DomainError::invalid(
                "name",
                format!("地名应为 2–{PLACE_NAME_MAX} 字"),
            ));
        }
        if self.name.chars().any(char::is_control) {
            return Err(DomainError::invalid("name", "地名中不能有换行或控制字符"));
        }
        if self.aliases.len() > PLACE_ALIASES_MAX {
            return Err(DomainError::invalid(
                "aliases",
                format!("别名最多 {PLACE_ALIASES_MAX} 个"),
            ));
        }
        if let Some(a) = self
            .aliases
            .iter()
            .find(|a| a.chars().count() < 2 || too_long(a) || a.chars().any(char::is_control))
        {
            return Err(DomainError::invalid(
                "aliases",
                format!("别名「{a}」应为 2–{PLACE_NAME_MAX} 字"),
            ));
        }
        match &self.parent {
            Some(p) if self.kind == PlaceKind::District => Err(DomainError::invalid(
                "parent",
                format!("区县没有上级地名(填了 {p})"),
            )),
            Some(p) if p == &self.code => Err(DomainError::invalid("parent", "上级地名不能是自身")),
            None if matches!(self.kind, PlaceKind::Street | PlaceKind::Community) => {
                Err(DomainError::invalid(
                    "parent",
                    format!("{}需要填写上级地名", self.kind.label_zh()),
                ))
            }
            _ => Ok(()),
        }
    }

    /// Whether `parent` may hold this place: its kind is one `parent_kinds` allows, and a place
    /// in use sits under a place in use.
    pub fn check_parent(&self, parent: &Place) -> Result<(), DomainError> {
        if self.active && !parent.active {
            return Err(DomainError::invalid(
                "parent",
                format!("上级 {}({})已停用", parent.name, parent.code),
            ));
        }
        if self.kind.parent_kinds().contains(&parent.kind) {
            return Ok(());
        }
        let allowed: Vec<&str> = self
            .kind
            .parent_kinds()
            .iter()
            .map(|k| k.label_zh())
            .collect();
        Err(DomainError::invalid(
            "parent",
            format!(
                "{}的上级应为{},而 {}({})是{}",
                self.kind.label_zh(),
                allowed.join("或"),
                parent.name,
                parent.code,
                parent.kind.label_zh()
            ),
        ))
    }
}

/// A government unit, the centre, or a public enterprise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    pub code: String,
    pub name: String,
    pub level: UnitLevel,
    pub parent: Option<UnitId>,
    /// Place codes the unit serves; empty means the whole city.
    pub area: Vec<String>,
    pub active: bool,
}

/// A unit to insert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub level: UnitLevel,
    pub parent: Option<UnitId>,
    pub area: Vec<String>,
}

/// What a person does at the hotline or a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Operator,
    ShiftLead,
    Dispatcher,
    Reviewer,
    VisitAgent,
    Supervisor,
    QualityInspector,
    UnitHandler,
    UnitAdmin,
    Leader,
    Admin,
}

impl Role {
    pub const ALL: [Role; 11] = [
        Role::Operator,
        Role::ShiftLead,
        Role::Dispatcher,
        Role::Reviewer,
        Role::VisitAgent,
        Role::Supervisor,
        Role::QualityInspector,
        Role::UnitHandler,
        Role::UnitAdmin,
        Role::Leader,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::ShiftLead => "shift_lead",
            Role::Dispatcher => "dispatcher",
            Role::Reviewer => "reviewer",
            Role::VisitAgent => "visit_agent",
            Role::Supervisor => "supervisor",
            Role::QualityInspector => "quality_inspector",
            Role::UnitHandler => "unit_handler",
            Role::UnitAdmin => "unit_admin",
            Role::Leader => "leader",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Operator => "受理员",
            Role::ShiftLead => "班长",
            Role::Dispatcher => "转办员",
            Role::Reviewer => "审核员",
            Role::VisitAgent => "回访员",
            Role::Supervisor => "督办员",
            Role::QualityInspector => "质检员",
            Role::UnitHandler => "承办人",
            Role::UnitAdmin => "承办单位管理员",
            Role::Leader => "领导",
            Role::Admin => "系统管理员",
        }
    }

    /// Unit staff act for a unit and only see that unit's tickets.
    pub fn is_unit_role(self) -> bool {
        matches!(self, Role::UnitHandler | Role::UnitAdmin)
    }
}

/// A user account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub unit: Option<UnitId>,
    pub active: bool,
}

/// Who is acting: the identity the domain checks permissions against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user: UserId,
    pub name: String,
    pub roles: Vec<Role>,
    /// The unit the person works for; `None` for the hotline centre's own staff.
    pub unit: Option<UnitId>,
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has(*r))
    }

    /// Unit staff: a person of a unit with a unit role. Such a person sees only their unit's
    /// work even if they also hold a centre role (which accounts may no longer be given, but
    /// one stored before that rule must not widen what a unit sees).
    pub fn is_unit_staff(&self) -> bool {
        self.unit.is_some() && self.roles.iter().any(|r| r.is_unit_role())
    }

    /// The system itself (imports, demo generation, timers).
    pub fn system() -> Self {
        Actor {
            user: UserId(0),
            name: "系统".into(),
            roles: Role::ALL.to_vec(),
            unit: None,
        }
    }
}

impl From<&User> for Actor {
    fn from(u: &User) -> Self {
        Actor {
            user: u.id,
            name: u.display_name.clone(),
            roles: u.roles.clone(),
            unit: u.unit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(roles: &[Role], unit: Option<UnitId>) -> Actor {
        Actor {
            user: UserId(7),
            name: "测试".into(),
            roles: roles.to_vec(),
            unit,
        }
    }

    #[test]
    fn a_unit_role_confines_even_beside_a_centre_role() {
        let unit = Some(UnitId(3));
        assert!(actor(&[Role::UnitHandler], unit).is_unit_staff());
        assert!(actor(&[Role::UnitHandler, Role::VisitAgent], unit).is_unit_staff());
        assert!(!actor(&[Role::Operator], unit).is_unit_staff());
        assert!(!actor(&[Role::Operator], None).is_unit_staff());
        assert!(!Actor::system().is_unit_staff());
    }
}
