//! The organisation: places (the city's gazetteer), units in a tree, users, roles and actors.
use serde::{Deserialize, Serialize};

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

    /// Unit staff: every role the person has is a unit role.
    pub fn is_unit_staff(&self) -> bool {
        self.unit.is_some() && !self.roles.is_empty() && self.roles.iter().all(|r| r.is_unit_role())
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
