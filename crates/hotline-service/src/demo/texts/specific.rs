//! Templates for single categories that callers describe in their own recognisable way (a public
//! toilet without water, a noisy neighbour, unpaid wages …); they take precedence over the family's.
use hotline_domain::ticket::TicketKind::{
    Complaint as P, Consultation as C, Help as H, Report as R,
};

use super::{t, Template};

/// The templates of the longest listed prefix of `code`, or none.
pub(super) fn for_category(code: &str) -> &'static [Template] {
    SPECIFIC
        .iter()
        .filter(|(prefix, _)| code.starts_with(prefix))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(_, templates)| *templates)
        .unwrap_or(&[])
}

pub(super) const SPECIFIC: &[(&str, &[Template])] = &[
    ("010101", ROAD_SURFACE),
    ("010102", MANHOLES),
    ("010201", STREET_LIGHTS),
    ("010203", LAMP_POSTS),
    ("010301", DRAINS),
    ("020201", GARBAGE),
    ("020401", SHEDS),
    ("020402", ROOFTOPS),
    ("020403", BALCONIES),
    ("040401", TRAFFIC_LIGHTS),
    ("020101", STREET_VENDING),
    ("020203", PUBLIC_TOILETS),
    ("0203", TREES),
    ("0301", NOISE),
    ("030201", DUST),
    ("030202", COOKING_FUMES),
    ("050101", UNPAID_WAGES),
    ("0502", SOCIAL_INSURANCE),
    ("050203", SOCIAL_SECURITY_CARDS),
    ("090301", HOUSEHOLD_REGISTRATION),
    ("090302", ID_CARDS),
    ("090303", PASSPORTS),
    ("090402", TRAFFIC_VIOLATIONS),
    ("090403", DRIVING_LICENCES),
    ("0505", UNPAID_WAGES),
    ("060101", MEDICAL_REIMBURSEMENT),
    ("0703", TUTORING),
    ("0802", FOOD_SAFETY),
    ("080401", LIFT_TRAPPED),
    ("090401", PARKING),
    ("0902", FIRE_SAFETY),
    ("0906", SOCIAL_ORDER),
    ("1101", PROPERTY_SERVICE),
    ("170101", ILLEGAL_LAND_USE),
    ("170401", ILLEGAL_MINING),
    ("1201", WATER),
    ("1202", POWER),
    ("1203", GAS),
    ("1204", HEATING),
];

const ROAD_SURFACE: &[Template] = &[
    t(
        H,
        "{road}路面坑洼",
        "{time}，{place}{road}路段路面出现多处坑洼，最大的坑约半米宽，车辆经过颠簸，电动车骑行容易摔倒",
        "希望相关部门尽快修补路面",
    ),
    t(
        H,
        "{road}路面塌陷",
        "{time}，{place}{road}一处路面突然塌陷，形成一个大坑，已有车辆轮胎陷入，存在安全隐患",
        "希望相关部门立即设置警示并抢修",
    ),
    t(
        P,
        "{road}道路破损长期未修",
        "{place}{road}的路面{since}破损严重，坑坑洼洼，雨天积水看不见坑，来电人曾多次反映未见修复",
        "要求相关部门尽快维修道路",
    ),
    t(
        C,
        "咨询{road}道路维修计划",
        "来电人系{place}居民，询问{road}破损路面的养护单位及计划维修时间",
        "希望告知维修安排",
    ),
];

const MANHOLES: &[Template] = &[
    t(
        H,
        "{road}井盖缺失",
        "{time}，{place}{road}人行道上一处窨井盖缺失，井口敞开，没有任何警示，夜间行人容易跌落",
        "希望相关部门立即补装井盖",
    ),
    t(
        H,
        "{road}井盖破损松动",
        "{place}{road}机动车道上的井盖{since}破损松动，车辆压过时响声很大，井盖随时可能翻起",
        "希望相关部门尽快更换井盖",
    ),
    t(
        C,
        "咨询井盖权属单位",
        "来电人在{place}{road}发现一处井盖下沉，询问该井盖由哪个单位管理、应向谁报修",
        "希望告知权属单位及报修方式",
    ),
];

const STREET_LIGHTS: &[Template] = &[
    t(
        H,
        "{road}路灯不亮",
        "{since}，{place}{road}约{meters}米路段的路灯全部不亮，夜间道路漆黑，居民出行不便且存在安全隐患",
        "希望相关部门尽快维修路灯",
    ),
    t(
        H,
        "{place}路灯坏了",
        "{place}{bldg}号楼附近的路灯坏了{days}天，晚上楼下很黑，老人和孩子出门不安全",
        "希望尽快派人修好路灯",
    ),
    t(
        P,
        "{road}路灯时亮时灭",
        "{place}{road}的路灯{since}时亮时灭、不停闪烁，有的白天也亮着，来电人认为既浪费电又影响通行",
        "要求管理单位检修线路",
    ),
    t(
        C,
        "咨询路灯报修",
        "来电人系{place}居民，询问{road}的路灯损坏应向哪个单位报修以及维修时限",
        "希望告知报修渠道",
    ),
];

const LAMP_POSTS: &[Template] = &[
    t(
        H,
        "{road}灯杆倾斜",
        "{time}，{place}{road}一根路灯杆被车辆撞歪，倾斜严重，随时可能倒下砸伤行人",
        "希望相关部门尽快扶正或拆除",
    ),
    t(
        H,
        "{road}灯杆电线外露",
        "{place}{road}一根路灯杆底部检修门缺失，里面的电线裸露在外，附近常有孩子玩耍，存在触电危险",
        "希望相关部门尽快处理",
    ),
];

const DRAINS: &[Template] = &[
    t(
        H,
        "{place}下水道堵塞",
        "{time}，{place}{bldg}号楼附近下水道堵了，污水从井口冒出流到路面，臭味很大",
        "希望相关部门尽快疏通",
    ),
    t(
        P,
        "{road}排水管道反复堵塞",
        "{place}{road}的排水管道{since}多次堵塞，一下雨污水就倒灌进沿街商铺",
        "要求相关部门彻底疏通并查明原因",
    ),
    t(
        C,
        "咨询下水道疏通责任",
        "来电人系{place}居民，询问小区内下水道堵塞应由物业还是市政部门负责疏通",
        "希望告知责任单位",
    ),
];

const GARBAGE: &[Template] = &[
    t(
        H,
        "{place}垃圾无人清运",
        "{place}{bldg}号楼旁的垃圾桶已经装满，垃圾{days}天没有人清运，苍蝇多、气味难闻",
        "希望相关部门尽快清运垃圾",
    ),
    t(
        P,
        "{road}路边垃圾堆积",
        "{place}{road}路边堆积了大量生活垃圾，环卫车辆{since}没有按时收运，影响周边环境",
        "要求环卫部门按时清运",
    ),
    t(
        C,
        "咨询垃圾清运时间",
        "来电人系{place}居民，询问所在区域生活垃圾的清运时间以及大件垃圾的处理方式",
        "希望告知清运安排",
    ),
];

const SHEDS: &[Template] = &[t(
    R,
    "举报{place}私搭乱建",
    "来电人举报{place}{bldg}号楼一楼住户{since}在院内私自搭建砖房，占用公共空间，影响邻居通行和采光",
    "要求相关部门依法拆除违建",
)];

const ROOFTOPS: &[Template] = &[t(
    R,
    "举报{place}楼顶加盖",
    "来电人举报{place}{bldg}号楼顶层住户正在楼顶加盖房屋，施工噪音大，且可能加重楼体负荷",
    "要求相关部门立即制止并依法处理",
)];

const BALCONIES: &[Template] = &[t(
    C,
    "咨询阳台外扩是否违建",
    "来电人所在的{place}有住户封闭阳台并向外扩建，询问这是否属于违法建设以及应向哪个部门反映",
    "希望相关部门予以解答",
)];

const TRAFFIC_LIGHTS: &[Template] = &[
    t(
        H,
        "{road}红绿灯故障",
        "{time}，{place}{road}路口的红绿灯坏了，信号灯一直黄灯闪烁，车辆和行人抢行，路口拥堵严重",
        "希望相关部门尽快维修信号灯",
    ),
    t(
        H,
        "{road}信号灯不亮",
        "{time}，{place}{road}路口的红绿灯不亮了，信号灯全部熄灭，车辆通行混乱，存在安全隐患",
        "希望交管部门尽快维修信号灯",
    ),
];

const STREET_VENDING: &[Template] = &[
    t(
        P,
        "{road}占道经营",
        "{since}，{place}{road}两侧有多家商户及流动摊点占道经营，摆放货架、餐桌等物品，占用人行道和部分车道",
        "要求相关部门依法清理，恢复道路通行",
    ),
    t(
        P,
        "{road}早市占道",
        "{place}{road}每日清晨{early}点左右有大量摊贩聚集摆摊，车辆无法通行，散市后垃圾遗留较多",
        "希望相关部门规范管理，引导摊贩入市经营",
    ),
];

const PUBLIC_TOILETS: &[Template] = &[
    t(
        H,
        "{road}公共厕所无水",
        "{time}，{place}{road}公共厕所没有水，无法正常冲洗，异味较大，周边游客和居民如厕不便",
        "希望相关部门尽快恢复供水并做好保洁",
    ),
    t(
        P,
        "{road}公共厕所卫生差",
        "{place}{road}附近的公共厕所{since}卫生状况较差，地面积水，洗手池损坏，无人及时清理",
        "要求管理单位加强保洁和设施维护",
    ),
    t(
        P,
        "{road}公共厕所未按时开放",
        "{place}{road}公共厕所{since}经常锁门，公示的开放时间与实际不符，来电人晨练时无处如厕",
        "要求管理单位按公示时间开放",
    ),
    t(
        C,
        "咨询{road}附近公共厕所",
        "来电人在{place}游玩，询问{road}附近是否设有公共厕所以及开放时间",
        "希望告知具体位置",
    ),
];

const TREES: &[Template] = &[
    t(
        H,
        "{place}树木遮挡采光",
        "{place}{bldg}号楼前的树木生长过高，枝叶已遮挡{floor}层以下住户采光，且树枝触碰窗户，大风天气存在安全隐患",
        "希望相关部门对树木进行修剪",
    ),
    t(
        H,
        "{road}行道树倾斜",
        "{time}，{place}{road}有一棵行道树倾斜严重，根部松动，随时可能倒伏，存在安全隐患",
        "希望相关部门尽快处置",
    ),
    t(
        C,
        "咨询树木移植审批",
        "来电人所在的{place}拟对小区内{n}棵树木进行移植，询问需向哪个部门申请、办理时限以及所需材料",
        "希望告知办理流程",
    ),
    t(
        P,
        "{road}公共绿地被占用",
        "{place}{road}旁的公共绿地被附近住户开垦种菜并堆放杂物，绿化景观遭到破坏",
        "要求相关部门恢复绿地原貌",
    ),
];

const NOISE: &[Template] = &[
    t(
        P,
        "{road}娱乐场所噪音扰民",
        "{since}，{place}{road}一家歌舞娱乐场所经营至深夜，音响声音较大，周边{num}余户居民无法正常休息",
        "要求相关部门督促经营者控制音量，规范经营时间",
    ),
    t(
        P,
        "{place}夜间施工噪音",
        "{place}{road}一处工地{since}在夜间{hour}点后仍进行施工作业，机械轰鸣声较大，来电人多次与施工方沟通无果",
        "要求相关部门核实其是否办理夜间施工手续并依法查处",
    ),
    t(
        H,
        "{place}楼上住户噪音",
        "来电人居住在{place}{bldg}号楼，楼上住户{since}经常发出较大声响，来电人与其沟通未果，家人休息受到影响",
        "希望社区协调处理",
    ),
    t(
        C,
        "咨询噪音扰民受理部门",
        "来电人系{place}居民，询问社会生活噪音、施工噪音和交通噪音分别由哪个部门受理，夜间施工许可时段如何规定",
        "希望相关部门予以解答",
    ),
];

const DUST: &[Template] = &[
    t(
        P,
        "{road}工地扬尘污染",
        "{place}{road}附近一处工地{since}未采取覆盖、洒水等降尘措施，渣土车进出时扬尘较大，周边道路和车辆上落满灰尘",
        "要求相关部门督促施工单位落实扬尘防治措施",
    ),
    t(
        R,
        "举报{road}渣土车遗撒",
        "来电人举报{time}有多辆渣土车途经{place}{road}时沿路遗撒，车辆未密闭运输，造成道路扬尘污染",
        "希望相关部门依法查处",
    ),
];

const COOKING_FUMES: &[Template] = &[
    t(
        P,
        "{road}餐饮油烟扰民",
        "{place}{road}一家{eatery}未安装油烟净化设施，排烟口直对居民楼，{since}油烟味道较重，居民无法开窗通风",
        "要求相关部门督促商户安装油烟净化设备",
    ),
    t(
        P,
        "{place}露天烧烤油烟",
        "{since}，{place}{road}附近有商户在店外露天烧烤，烟雾较大，影响周边住户",
        "要求相关部门依法取缔露天烧烤",
    ),
];

const UNPAID_WAGES: &[Template] = &[
    t(
        P,
        "某{firm}拖欠工资",
        "来电人等{n}名务工人员在{place}{road}一家{firm}工作，单位自{months}个月前起拖欠工资，合计约{money}元，多次讨要未果",
        "要求相关部门协调督促单位尽快支付所欠工资",
    ),
    t(
        P,
        "{place}工地拖欠农民工工资",
        "来电人在{place}{road}一处建设工地务工，承包方拖欠来电人及工友工资共计约{money}元，至今未结清",
        "要求相关部门督促施工企业按时足额支付工资",
    ),
    t(
        C,
        "咨询拖欠工资维权途径",
        "来电人在{place}一家{firm}工作，单位已{months}个月未足额发放工资，询问应向哪个部门投诉、需准备哪些证据材料",
        "希望相关部门予以指导",
    ),
];

const MEDICAL_REIMBURSEMENT: &[Template] = &[
    t(
        C,
        "咨询异地住院费用报销",
        "来电人的家人近期在外地住院治疗，花费约{money}元，来电人系{place}参保居民，询问回本地后如何办理医保报销以及报销比例",
        "希望相关部门告知报销流程及所需材料",
    ),
    t(
        P,
        "医保报销款未到账",
        "来电人系{place}居民，{months}个月前提交了医保报销材料，至今报销款未到账，多次询问均未得到明确答复",
        "要求相关部门核实办理进度，尽快报销",
    ),
];

const TUTORING: &[Template] = &[
    t(
        R,
        "举报{road}违规开展学科培训",
        "来电人举报{place}{road}一处居民楼内有培训机构{since}违规开展学科类培训，每期学生约{num}人，存在安全隐患",
        "希望相关部门依法查处",
    ),
    t(
        P,
        "培训机构拒不退费",
        "来电人于{months}个月前为孩子在{place}一家培训机构报名，缴纳培训费{money}元，现机构停课且拒不退还剩余费用",
        "要求相关部门督促机构退还费用",
    ),
    t(
        C,
        "咨询校外培训机构资质",
        "来电人家住{place}，计划为孩子报名{road}附近的一家培训机构，询问如何查询该机构是否具备办学资质",
        "希望告知查询途径",
    ),
];

const FOOD_SAFETY: &[Template] = &[
    t(
        R,
        "举报{road}餐馆卫生问题",
        "来电人{time}在{place}{road}一家{eatery}就餐，发现菜品中有异物，后厨卫生状况较差，就餐后出现身体不适",
        "希望相关部门依法检查处理",
    ),
    t(
        R,
        "举报{road}超市销售过期食品",
        "来电人{time}在{place}{road}一家超市购买的食品已超过保质期，与商家交涉无果",
        "希望相关部门依法查处",
    ),
];

const LIFT_TRAPPED: &[Template] = &[t(
    H,
    "{place}电梯困人",
    "{time}，{place}{bldg}号楼电梯突然停运，有{n}人被困在轿厢内，已联系物业但维修人员尚未到场",
    "希望相关部门立即协调救援",
)];

const PARKING: &[Template] = &[
    t(
        P,
        "{road}车辆乱停放",
        "{place}{road}两侧{since}有车辆违规停放，占用消防通道和人行道，早晚高峰堵塞严重",
        "要求相关部门加强巡查，依法处理违停车辆",
    ),
    t(
        P,
        "{place}乱停电动车",
        "{place}{road}人行道上{since}有大量电动车和私家车乱停乱放，行人只能走机动车道",
        "要求相关部门清理乱停车辆",
    ),
];

const FIRE_SAFETY: &[Template] = &[t(
    P,
    "{place}楼道私拉电线充电",
    "{place}{bldg}号楼楼道内有住户{since}私拉电线为电动自行车充电，楼道内堆放杂物，消防通道被占用",
    "要求相关部门督促整改，消除火灾隐患",
)];

const SOCIAL_ORDER: &[Template] = &[
    t(
        H,
        "{place}邻里纠纷调解",
        "来电人系{place}{bldg}号楼住户，因楼上住户家中漏水导致自家顶棚受损，双方{since}多次协商未果",
        "希望相关部门组织调解",
    ),
    t(
        C,
        "咨询电信诈骗防范及报案",
        "来电人家住{place}，{time}接到自称客服人员的电话，要求其向陌生账户转账，询问如何辨别诈骗电话以及向哪里报案",
        "希望相关部门给予指导",
    ),
];

const ILLEGAL_LAND_USE: &[Template] = &[t(
    R,
    "举报{place}违法占用耕地",
    "来电人举报{place}{road}附近有人{since}在耕地上违法建设厂房，占地约{mu}亩",
    "希望相关部门依法查处",
)];

const ILLEGAL_MINING: &[Template] = &[t(
    R,
    "举报{place}非法开采石料",
    "{since}，{place}附近山体有人在夜间非法开采石料，大型车辆往来频繁，山体植被遭到破坏",
    "希望相关部门依法查处",
)];

const PROPERTY_SERVICE: &[Template] = &[
    t(
        P,
        "{place}物业服务不到位",
        "来电人系{place}{bldg}号楼业主，{since}小区内垃圾清运不及时，楼道照明损坏，单元门禁长期无法使用，物业服务企业未及时处理",
        "要求相关部门督促物业提升服务质量",
    ),
    t(
        P,
        "{place}物业费上涨",
        "{place}物业服务企业{time}张贴通知上调物业费，未经业主大会表决，业主意见较大",
        "要求相关部门核实调价程序是否合规",
    ),
    t(
        H,
        "{place}电梯频繁故障",
        "{place}{bldg}号楼电梯{since}多次停运，楼内多位老人上下楼困难，物业称维修资金不足",
        "希望相关部门协调尽快维修",
    ),
];

const WATER: &[Template] = &[
    t(
        H,
        "{place}停水",
        "{time}，{place}{bldg}号楼突然停水，已持续{hours}小时，物业称非小区内部原因，居民做饭洗漱均受影响",
        "希望供水单位尽快查明原因并恢复供水",
    ),
    t(
        H,
        "{road}供水管道漏水",
        "{place}{road}路面{time}有自来水持续外冒，已形成积水，疑似地下供水管道破裂",
        "希望供水单位尽快抢修",
    ),
    t(
        P,
        "{place}自来水浑浊",
        "{place}居民家中自来水{since}出现发黄浑浊现象，放水数分钟后仍未好转，居民不敢饮用",
        "要求供水单位检测水质并处理",
    ),
];

const POWER: &[Template] = &[t(
    H,
    "{place}停电",
    "{time}，{place}{road}一带突然停电，已持续{hours}小时，居民生活受到影响，部分商户无法营业",
    "希望供电单位尽快抢修恢复供电",
)];

const GAS: &[Template] = &[t(
    H,
    "{place}楼道燃气异味",
    "{time}，来电人在{place}{bldg}号楼单元楼道内闻到明显燃气异味，担心存在泄漏隐患",
    "希望燃气单位立即派人到现场排查",
)];

const HEATING: &[Template] = &[
    t(
        H,
        "{place}暖气不热",
        "来电人系{place}{bldg}号楼{floor}层住户，{since}家中暖气温度偏低，室温仅{temp}摄氏度左右，家中有老人，难以正常生活",
        "希望供热单位上门检查，确保室温达标",
    ),
    t(
        P,
        "{place}供暖中断",
        "{time}，{place}多栋住宅楼暖气突然停止供应，供热单位未提前通知，目前仍未恢复",
        "要求供热单位尽快恢复供暖并说明原因",
    ),
    t(
        C,
        "咨询采暖费缴纳",
        "来电人在{place}居住，询问本供暖季采暖费的收费标准、缴费截止时间以及困难家庭能否申请减免",
        "希望告知相关政策",
    ),
];

// Callers name these matters in their own words (断缴, 驾照, 护照), not by the category's: the
// demo's history must hold those words for its model to learn them.

const SOCIAL_INSURANCE: &[Template] = &[
    t(
        C,
        "咨询社保断缴后如何补缴",
        "来电人系{place}居民，原单位离职后社保断缴了{months}个月，询问能否补缴、到哪里补缴以及断缴对养老金的影响",
        "希望告知补缴办法",
    ),
    t(
        C,
        "咨询社保关系转移",
        "来电人从外地来{place}工作，询问之前在外地交的社保怎么转到本市、需要带哪些材料",
        "希望告知转移流程",
    ),
    t(
        P,
        "某{firm}未给职工缴纳社保",
        "来电人在{place}一家{firm}工作{months}个月，单位一直没有给职工交社保，来电人多次提出未果",
        "要求相关部门督促单位依法缴纳社保",
    ),
    t(
        C,
        "咨询退休养老金领取",
        "来电人今年{age}岁，在{place}参保，询问退休后养老金什么时候能领、每月大概能领多少",
        "希望相关部门给予解答",
    ),
];

const SOCIAL_SECURITY_CARDS: &[Template] = &[
    t(
        H,
        "社保卡丢失补办",
        "来电人的社保卡{time}在{place}丢了，询问怎么挂失、补办社保卡需要多久",
        "希望告知挂失补卡办法",
    ),
    t(
        C,
        "咨询社保卡激活",
        "来电人系{place}居民，新领的社保卡还没有激活，看病时不能刷卡，询问在哪里激活",
        "希望告知激活地点",
    ),
];

const HOUSEHOLD_REGISTRATION: &[Template] = &[
    t(
        C,
        "咨询落户条件",
        "来电人在{place}工作并买了房，想把户口迁过来，询问落户需要什么条件和材料",
        "希望告知落户办法",
    ),
    t(
        C,
        "咨询孩子上户口",
        "来电人的孩子刚出生，家住{place}，询问给孩子上户口需要带出生证明等哪些材料、到哪个派出所办",
        "希望告知办理流程",
    ),
];

const ID_CARDS: &[Template] = &[
    t(
        H,
        "身份证丢失补办",
        "来电人的身份证{time}在{place}丢了，急需坐车办事，询问补办身份证要多久、能否先办临时身份证",
        "希望告知补办办法",
    ),
    t(
        C,
        "咨询身份证到期换领",
        "来电人系{place}居民，身份证快到期了，询问换领新身份证能否异地办理、要多长时间",
        "希望告知换证办法",
    ),
];

const PASSPORTS: &[Template] = &[
    t(
        C,
        "咨询办理护照",
        "来电人系{place}居民，准备出国旅游，询问办护照需要什么材料、多久能拿到",
        "希望告知办理流程",
    ),
    t(
        C,
        "咨询港澳通行证签注",
        "来电人在{place}工作，想去香港，询问港澳通行证过期了怎么换、签注能不能在自助机上办",
        "希望告知办理地点和方式",
    ),
];

const DRIVING_LICENCES: &[Template] = &[
    t(
        C,
        "咨询驾照到期换证",
        "来电人系{place}居民，驾照下个月到期，询问换证要去哪里、体检在哪家医院做",
        "希望告知换证流程",
    ),
    t(
        H,
        "驾照丢失补办",
        "来电人的驾照{time}在{place}丢了，询问补办驾驶证需要哪些材料、能否网上办",
        "希望告知补办办法",
    ),
];

const TRAFFIC_VIOLATIONS: &[Template] = &[
    t(
        C,
        "咨询驾照扣分处理",
        "来电人在{place}开车被拍到违章，驾照被扣了分，询问扣满12分怎么办、学习考试在哪里报名",
        "希望相关部门给予解答",
    ),
    t(
        P,
        "对违章罚单有异议",
        "来电人称{time}在{place}{road}正常行驶，却收到闯红灯的违章通知，认为抓拍有误",
        "要求相关部门核实并撤销处罚",
    ),
];
