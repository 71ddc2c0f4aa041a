//! The plan of the demo city: its districts and their bureaus, the city bureaus and public
//! enterprises, and the responsibility list (职责清单) written as duties and category codes.

/// The duties a district's local bureaus split between them; the local rules name duties and each
/// district maps them to whichever of its bureaus holds the duty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Duty {
    Build,
    CityMgmt,
    Labour,
    Market,
    Environment,
    Education,
    Health,
    Civil,
    Police,
    Farming,
    Safety,
    Tourism,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DistrictKind {
    Urban,
    County,
    /// A zone run by an admin committee (管委) rather than a people's government.
    Zone,
}

pub(super) struct BureauSpec {
    pub(super) code: &'static str,
    /// `{d}` stands for the district's name.
    pub(super) name: &'static str,
    pub(super) duties: &'static [Duty],
}

pub(super) struct DistrictSpec {
    pub(super) name: &'static str,
    pub(super) kind: DistrictKind,
    pub(super) bureaus: &'static [BureauSpec],
    /// Local tickets go to the 管委, which sub-dispatches to the bureau holding the duty.
    pub(super) via_admin: bool,
}

const fn b(code: &'static str, name: &'static str, duties: &'static [Duty]) -> BureauSpec {
    BureauSpec { code, name, duties }
}

const STANDARD_BUREAUS: &[BureauSpec] = &[
    b("ZJJ", "{d}住房和城乡建设局", &[Duty::Build]),
    b("CGJ", "{d}综合行政执法局", &[Duty::CityMgmt]),
    b("RSJ", "{d}人力资源和社会保障局", &[Duty::Labour]),
    b("SJJ", "{d}市场监督管理局", &[Duty::Market]),
    b("HJJ", "示例市生态环境局{d}分局", &[Duty::Environment]),
    b("JYJ", "{d}教育和体育局", &[Duty::Education]),
    b("WJJ", "{d}卫生健康局", &[Duty::Health]),
    b("MZJ", "{d}民政局", &[Duty::Civil]),
    b("GAJ", "示例市公安局{d}分局", &[Duty::Police]),
    b("NYJ", "{d}农业农村局", &[Duty::Farming]),
    b("YJJ", "{d}应急管理局", &[Duty::Safety]),
];

const SOCIAL: &[Duty] = &[Duty::Labour, Duty::Education, Duty::Health, Duty::Civil];

const TOURISM_ZONE_BUREAUS: &[BureauSpec] = &[
    b("ZFJ", "{d}综合执法局", &[Duty::CityMgmt]),
    b("JSJ", "{d}规划建设局", &[Duty::Build]),
    b("SHJ", "{d}社会事业局", SOCIAL),
    b("JFJ", "{d}经济发展局", &[Duty::Farming]),
    b("LYJ", "{d}旅游发展局", &[Duty::Tourism]),
    b("SJJ", "示例市市场监督管理局{d}分局", &[Duty::Market]),
    b("HJJ", "示例市生态环境局{d}分局", &[Duty::Environment]),
    b("GAJ", "示例市公安局{d}分局", &[Duty::Police]),
    b("AJJ", "{d}安全生产监督管理局", &[Duty::Safety]),
];

const DEV_ZONE_BUREAUS: &[BureauSpec] = &[
    b("ZFJ", "{d}综合执法局", &[Duty::CityMgmt]),
    b("JSJ", "{d}建设局", &[Duty::Build]),
    b("SHJ", "{d}社会事业局", SOCIAL),
    b("JFJ", "{d}经济发展局", &[Duty::Farming]),
    b("CJJ", "{d}财政金融局", &[]),
    b("SJJ", "示例市市场监督管理局{d}分局", &[Duty::Market]),
    b("HJJ", "示例市生态环境局{d}分局", &[Duty::Environment]),
    b("GAJ", "示例市公安局{d}分局", &[Duty::Police]),
    b("AJJ", "{d}应急管理局", &[Duty::Safety]),
    b("ZRJ", "示例市自然资源和规划局{d}分局", &[]),
];

const fn d(name: &'static str, kind: DistrictKind, bureaus: &'static [BureauSpec]) -> DistrictSpec {
    DistrictSpec {
        name,
        kind,
        bureaus,
        via_admin: false,
    }
}

/// D01…D08 in order; `ZONE_DISTRICT` is the third.
pub(super) const DISTRICTS: [DistrictSpec; 8] = [
    d("城中区", DistrictKind::Urban, STANDARD_BUREAUS),
    d("港东区", DistrictKind::Urban, STANDARD_BUREAUS),
    DistrictSpec {
        name: "海滨旅游度假区",
        kind: DistrictKind::Zone,
        bureaus: TOURISM_ZONE_BUREAUS,
        via_admin: true,
    },
    d("南岭区", DistrictKind::Urban, STANDARD_BUREAUS),
    d("经济技术开发区", DistrictKind::Zone, DEV_ZONE_BUREAUS),
    d("青石县", DistrictKind::County, STANDARD_BUREAUS),
    d("云溪县", DistrictKind::County, STANDARD_BUREAUS),
    d("丰泽县", DistrictKind::County, STANDARD_BUREAUS),
];

/// City bureaus: code suffix after `CB-`, name.
pub(super) const CITY_BUREAUS: &[(&str, &str)] = &[
    ("ZFB", "示例市人民政府办公室"),
    ("FGW", "示例市发展和改革委员会"),
    ("JYJ", "示例市教育局"),
    ("KJJ", "示例市科学技术局"),
    ("GXJ", "示例市工业和信息化局"),
    ("GAJ", "示例市公安局"),
    ("MZJ", "示例市民政局"),
    ("SFJ", "示例市司法局"),
    ("CZJ", "示例市财政局"),
    ("RSJ", "示例市人力资源和社会保障局"),
    ("ZRJ", "示例市自然资源和规划局"),
    ("HJJ", "示例市生态环境局"),
    ("ZJJ", "示例市住房和城乡建设局"),
    ("CGJ", "示例市城市管理局"),
    ("JTJ", "示例市交通运输局"),
    ("SWJ", "示例市水务局"),
    ("NYJ", "示例市农业农村局"),
    ("HYJ", "示例市海洋发展局"),
    ("SHWJ", "示例市商务局"),
    ("WLJ", "示例市文化和旅游局"),
    ("WJW", "示例市卫生健康委员会"),
    ("TYJ", "示例市退役军人事务局"),
    ("YJJ", "示例市应急管理局"),
    ("SJJ", "示例市市场监督管理局"),
    ("TIYJ", "示例市体育局"),
    ("TJJ", "示例市统计局"),
    ("YBJ", "示例市医疗保障局"),
    ("SPJ", "示例市行政审批服务局"),
    ("DSJ", "示例市大数据发展局"),
    ("XFJ", "示例市信访局"),
    ("GZW", "示例市国有资产监督管理委员会"),
    ("GJJ", "示例市住房公积金管理中心"),
    ("XFZD", "示例市消防救援支队"),
    ("CL", "示例市残疾人联合会"),
    ("ZGH", "示例市总工会"),
    ("SHUIWU", "国家税务总局示例市税务局"),
];

/// Public enterprises: code suffix after `EN-`, name.
pub(super) const ENTERPRISES: &[(&str, &str)] = &[
    ("GS", "示例市供水集团有限公司"),
    ("GD", "国网示例市供电公司"),
    ("RQ", "示例市燃气集团有限公司"),
    ("RL", "示例市热力有限公司"),
    ("GJ", "示例市公共交通集团有限公司"),
    ("YD", "中国移动示例市分公司"),
    ("LT", "中国联通示例市分公司"),
    ("DX", "中国电信示例市分公司"),
    ("YZ", "中国邮政示例市分公司"),
    ("HW", "示例市环卫服务有限公司"),
];

/// City-wide rules: category code → unit codes, main first. Every first- and second-level
/// category has one; a few third-level ones override their parent.
pub(super) const CITY_RULES: &[(&str, &[&str])] = &[
    ("01", &["CB-ZJJ"]),
    ("0101", &["CB-ZJJ"]),
    ("0102", &["CB-CGJ"]),
    ("0103", &["CB-SWJ", "CB-ZJJ"]),
    ("0104", &["CB-ZJJ"]),
    ("0105", &["CB-ZJJ", "CB-NYJ"]),
    ("02", &["CB-CGJ"]),
    ("0201", &["CB-CGJ"]),
    ("0202", &["CB-CGJ", "EN-HW"]),
    ("0203", &["CB-CGJ"]),
    ("0204", &["CB-CGJ"]),
    ("0205", &["CB-CGJ"]),
    ("020502", &["CB-CGJ", "CB-JTJ"]),
    ("0206", &["CB-CGJ"]),
    ("03", &["CB-HJJ"]),
    ("0301", &["CB-HJJ"]),
    ("0302", &["CB-HJJ"]),
    ("030202", &["CB-CGJ", "CB-HJJ"]),
    ("0303", &["CB-HJJ", "CB-SWJ"]),
    ("0304", &["CB-HJJ"]),
    ("0305", &["CB-HJJ"]),
    ("030503", &["CB-ZRJ"]),
    ("04", &["CB-JTJ"]),
    ("0401", &["EN-GJ", "CB-JTJ"]),
    ("0402", &["CB-JTJ"]),
    ("0403", &["CB-JTJ"]),
    ("0404", &["CB-GAJ"]),
    ("0405", &["CB-JTJ"]),
    ("05", &["CB-RSJ"]),
    ("0501", &["CB-RSJ"]),
    ("0502", &["CB-RSJ"]),
    ("0503", &["CB-RSJ"]),
    ("0504", &["CB-RSJ"]),
    ("0505", &["CB-RSJ", "CB-ZJJ"]),
    ("06", &["CB-WJW"]),
    ("0601", &["CB-YBJ"]),
    ("0602", &["CB-WJW"]),
    ("0603", &["CB-WJW"]),
    ("0604", &["CB-SJJ"]),
    ("0605", &["CB-WJW"]),
    ("07", &["CB-JYJ"]),
    ("0701", &["CB-JYJ"]),
    ("0702", &["CB-JYJ"]),
    ("0703", &["CB-JYJ"]),
    ("0704", &["CB-JYJ"]),
    ("0705", &["CB-JYJ", "CB-GAJ"]),
    ("0706", &["CB-JYJ"]),
    ("08", &["CB-SJJ"]),
    ("0801", &["CB-SJJ"]),
    ("0802", &["CB-SJJ"]),
    ("0803", &["CB-SJJ", "CB-FGW"]),
    ("0804", &["CB-SJJ"]),
    ("0805", &["CB-SPJ", "CB-SJJ"]),
    ("0806", &["CB-SJJ"]),
    ("09", &["CB-GAJ"]),
    ("0901", &["CB-YJJ"]),
    ("0902", &["CB-XFZD"]),
    ("0903", &["CB-GAJ"]),
    ("0904", &["CB-GAJ"]),
    ("0905", &["CB-YJJ"]),
    ("0906", &["CB-GAJ"]),
    ("090602", &["CB-SFJ"]),
    ("10", &["CB-MZJ"]),
    ("1001", &["CB-MZJ"]),
    ("1002", &["CB-MZJ"]),
    ("1003", &["CB-MZJ"]),
    ("1004", &["CB-MZJ"]),
    ("1005", &["CB-CL", "CB-MZJ"]),
    ("1006", &["CB-TYJ"]),
    ("1007", &["CB-MZJ"]),
    ("11", &["CB-ZJJ"]),
    ("1101", &["CB-ZJJ"]),
    ("1102", &["CB-ZJJ"]),
    ("1103", &["CB-ZJJ"]),
    ("110303", &["CB-ZRJ", "CB-ZJJ"]),
    ("1104", &["CB-GJJ"]),
    ("1105", &["CB-ZJJ"]),
    ("110502", &["CB-ZJJ", "CB-ZRJ", "CB-SJJ"]),
    ("1106", &["CB-ZJJ"]),
    ("12", &["CB-ZJJ"]),
    ("1201", &["EN-GS", "CB-SWJ"]),
    ("1202", &["EN-GD"]),
    ("1203", &["EN-RQ", "CB-ZJJ"]),
    ("1204", &["EN-RL", "CB-ZJJ"]),
    ("1205", &["CB-GXJ", "EN-YD", "EN-LT", "EN-DX"]),
    ("13", &["CB-NYJ"]),
    ("1301", &["CB-NYJ"]),
    ("1302", &["CB-NYJ"]),
    ("1303", &["CB-NYJ", "CB-ZRJ"]),
    ("1304", &["CB-NYJ"]),
    ("1305", &["CB-SWJ"]),
    ("1306", &["CB-HYJ"]),
    ("14", &["CB-SHWJ"]),
    ("1401", &["CB-WLJ"]),
    ("1402", &["CB-WLJ"]),
    ("1403", &["CB-SHWJ"]),
    ("1404", &["CB-SHWJ"]),
    ("15", &["CB-SPJ"]),
    ("1501", &["CB-SPJ"]),
    ("150103", &["CB-DSJ"]),
    ("1502", &["CB-FGW"]),
    ("1503", &["CB-ZFB"]),
    ("1504", &["CB-ZFB"]),
    ("1505", &["CB-SFJ"]),
    ("16", &["CB-WLJ"]),
    ("1601", &["CB-WLJ"]),
    ("1602", &["CB-WLJ"]),
    ("1603", &["CB-TIYJ"]),
    ("1604", &["CB-WLJ"]),
    ("17", &["CB-ZRJ"]),
    ("1701", &["CB-ZRJ"]),
    ("1702", &["CB-ZRJ"]),
    ("1703", &["CB-ZRJ"]),
    ("1704", &["CB-ZRJ"]),
    ("1705", &["CB-ZRJ"]),
    ("170502", &["CB-ZRJ", "CB-YJJ"]),
    ("1706", &["CB-HYJ"]),
    ("18", &["CB-ZFB"]),
    ("1801", &["CB-ZFB"]),
    ("180101", &["CB-FGW"]),
    ("1802", &["CB-ZFB"]),
    ("1803", &["CB-ZFB"]),
    ("1804", &["CB-XFJ"]),
];

/// Local rules, applied in every district to the bureau holding the duty (属地管理).
pub(super) const LOCAL_RULES: &[(&str, Duty)] = &[
    ("0101", Duty::Build),
    ("0102", Duty::CityMgmt),
    ("0103", Duty::Build),
    ("0104", Duty::Build),
    ("0105", Duty::Build),
    ("0201", Duty::CityMgmt),
    ("0202", Duty::CityMgmt),
    ("0203", Duty::CityMgmt),
    ("0204", Duty::CityMgmt),
    ("0205", Duty::CityMgmt),
    ("0206", Duty::CityMgmt),
    ("0301", Duty::Environment),
    ("0302", Duty::Environment),
    ("030202", Duty::CityMgmt),
    ("0303", Duty::Environment),
    ("0304", Duty::Environment),
    ("0501", Duty::Labour),
    ("0503", Duty::Labour),
    ("0505", Duty::Labour),
    ("0602", Duty::Health),
    ("0603", Duty::Health),
    ("0701", Duty::Education),
    ("0702", Duty::Education),
    ("0703", Duty::Education),
    ("0705", Duty::Education),
    ("0801", Duty::Market),
    ("0802", Duty::Market),
    ("0803", Duty::Market),
    ("0804", Duty::Market),
    ("0901", Duty::Safety),
    ("0904", Duty::Police),
    ("0906", Duty::Police),
    ("1001", Duty::Civil),
    ("1002", Duty::Civil),
    ("1005", Duty::Civil),
    ("1101", Duty::Build),
    ("1105", Duty::Build),
    ("1106", Duty::Build),
    ("1301", Duty::Farming),
    ("1302", Duty::Farming),
    ("1303", Duty::Farming),
    ("1401", Duty::Tourism),
    ("1402", Duty::Tourism),
];

/// Rules every street/town takes itself (镇街直办).
pub(super) const STREET_RULES: &[(&str, &str)] = &[
    ("030101", "社会生活噪音由街道（镇）牵头处置"),
    ("1007", "社区服务事项由街道（镇）办理"),
    ("090602", "邻里纠纷由街道（镇）组织调解"),
];

/// Rules only rural towns take.
pub(super) const TOWN_RULES: &[(&str, &str)] = &[("1304", "村务管理事项由镇（乡）政府办理")];

/// The Rizhao walkthrough: in the tourism zone a public toilet goes to the 管委.
pub(super) const ZONE_TOILET_CATEGORY: &str = "020203";
