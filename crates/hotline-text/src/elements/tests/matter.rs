//! The event and the demand: what happened told apart from what the caller asks.
use super::*;

#[test]
fn demands_are_told_apart_from_the_event() {
    let cases = [
        (
            "路灯坏了一个月了。诉求：尽快修好路灯。",
            "路灯坏了一个月了。",
            "尽快修好路灯。",
        ),
        (
            "小区没有暖气，业主们强烈要求供热公司尽快恢复供暖",
            "小区没有暖气。",
            "要求供热公司尽快恢复供暖。",
        ),
        // A consultation alone: what is asked is the matter, an answer to it the demand.
        (
            "请问低保怎么申请",
            "咨询低保怎么申请。",
            "希望告知低保怎么申请。",
        ),
        (
            "来电人咨询：孩子入学需要哪些材料",
            "咨询孩子入学需要哪些材料。",
            "希望告知孩子入学需要哪些材料。",
        ),
        ("诉求：尽快修复路灯", "", "尽快修复路灯。"),
        // The caller named where another record says 来电人.
        (
            "韩女士咨询：退休人员异地就医怎么备案？",
            "咨询退休人员异地就医怎么备案。",
            "希望告知退休人员异地就医怎么备案。",
        ),
        ("秦先生要求查询他儿子的高考分数", "", "要求查询他儿子的高考分数。"),
        (
            "王秀英想申请居家养老服务补贴，询问办理流程",
            "",
            "想申请居家养老服务补贴，询问办理流程。",
        ),
        (
            "小区门口的井盖丢了，明天上午能不能派人来看看？",
            "小区门口的井盖丢了。",
            "明天上午能不能派人来看看？",
        ),
        // As callers say it on the phone.
        (
            "路灯坏了三天了，赶紧派人来看看",
            "路灯坏了三天了。",
            "赶紧派人来看看。",
        ),
        ("垃圾堆了一个礼拜，你们得管管", "垃圾堆了一个礼拜。", "你们得管管。"),
        ("楼道灯不亮，你们什么时候来修", "楼道灯不亮。", "你们什么时候来修。"),
        ("门口有人卖菜，叫物业来看看吧", "门口有人卖菜。", "叫物业来看看吧。"),
        ("井盖又坏了，你们能不能管一下", "井盖又坏了。", "你们能不能管一下。"),
        // Told, not asked: what others did or said, or were asked.
        (
            "物业说要派人来看看，到现在也没来",
            "物业说要派人来看看，到现在也没来。",
            "",
        ),
        ("为什么没人管管？", "", "为什么没人管管？"),
        (
            "城管管理不到位，物业派人来看过",
            "城管管理不到位，物业派人来看过。",
            "",
        ),
        (
            "网格员帮忙处理过一次，叫城管来过好几次都没用",
            "网格员帮忙处理过一次，叫城管来过好几次都没用。",
            "",
        ),
        // A name that is no caller before a place stays the event.
        ("王先生反映楼下餐馆油烟大", "王先生反映楼下餐馆油烟大。", ""),
        // An organisation's demand is no caller's (林业局 is not 林 and a name).
        (
            "林业局要求我们限期搬走，我们不同意",
            "林业局要求我们限期搬走，我们不同意。",
            "",
        ),
        // What the caller did is no demand, though it opens with a demand's word.
        (
            "小区停水三天了，我咨询过物业，物业说管道坏了",
            "小区停水三天了，我咨询过物业，物业说管道坏了。",
            "",
        ),
        (
            "我请假在家等维修工，结果没人来",
            "我请假在家等维修工，结果没人来。",
            "",
        ),
        (
            "暖气不热，希望过年前修好",
            "暖气不热。",
            "希望过年前修好。",
        ),
        // What the caller did after the demand is the event.
        (
            "请尽快派人处理，我询问了物业，物业说不归他们管",
            "我询问了物业，物业说不归他们管。",
            "请尽快派人处理。",
        ),
        (
            "请问低保怎么申请，需要什么材料",
            "咨询低保怎么申请，需要什么材料。",
            "希望告知低保怎么申请，需要什么材料。",
        ),
        // A cry for help first is the demand; what happened after it is the event.
        (
            "快来人，南湖农贸市场门口一个老人摔倒了，已经不省人事了。",
            "南湖农贸市场门口一个老人摔倒了，已经不省人事了。",
            "快来人。",
        ),
        // The hotline asked to act.
        (
            "押金纠纷已经在区法院立案了，下个月开庭，我想让你们催一下法院快点判。",
            "押金纠纷已经在区法院立案了，下个月开庭。",
            "想让你们催一下法院快点判。",
        ),
        // A clock time, an amount or a web address keeps its ASCII colon or comma.
        (
            "今天下午5:30小区停电了，请尽快恢复供电。",
            "今天下午5:30小区停电了。",
            "请尽快恢复供电。",
        ),
        (
            "交了1,200元押金,网址是http://www.example.com/a,要求退还押金",
            "交了1,200元押金，网址是http://www.example.com/a。",
            "要求退还押金。",
        ),
        // A numbered list the demand began stays the demand.
        (
            "路面塌陷，要求相关部门：一、设置警示标志，二、尽快修复，三、追究责任",
            "路面塌陷。",
            "要求相关部门，一、设置警示标志，二、尽快修复，三、追究责任。",
        ),
        // Said first, the demand does not swallow the matter after it.
        (
            "麻烦你们派人来看看，我家楼下的下水道堵了，污水漫到路上",
            "我家楼下的下水道堵了，污水漫到路上。",
            "麻烦你们派人来看看。",
        ),
        (
            "希望尽快处理，还居民一个安静的环境，另外小区门口的垃圾桶也满了",
            "另外小区门口的垃圾桶也满了。",
            "希望尽快处理，还居民一个安静的环境。",
        ),
        (
            "物业要求我们交停车费，可是车位还没建好。",
            "物业要求我们交停车费，可是车位还没建好。",
            "",
        ),
        // A record form's fields (who, how to reach them, where, when) are no event.
        (
            "来电人：张三\n联系电话：13900001124\n地址：太公三路18号\n反映楼下烧烤店油烟大，要求查处",
            "楼下烧烤店油烟大。",
            "要求查处。",
        ),
        (
            "来电人：张三，反映楼下烧烤店油烟大",
            "楼下烧烤店油烟大。",
            "",
        ),
        // The value ends where the caller's words begin; a long place keeps what happened
        // there; a matter's label goes and the matter stays.
        (
            "来电人：张先生反映小区门口烧烤摊油烟扰民",
            "小区门口烧烤摊油烟扰民。",
            "",
        ),
        (
            "地点：幸福小区门口有人占道经营。",
            "幸福小区门口有人占道经营。",
            "",
        ),
        ("反映人：刘XX，反映事项：工资没发", "工资没发。", ""),
        ("反映问题：小区停水", "小区停水。", ""),
        // A call to act asked as a question, an appeal, a complaint against someone named.
        (
            "楼下烧烤店天天吵到半夜，你们到底管不管",
            "楼下烧烤店天天吵到半夜。",
            "你们到底管不管。",
        ),
        (
            "小区门口垃圾堆了一周了，有没有人管",
            "小区门口垃圾堆了一周了。",
            "有没有人管。",
        ),
        ("我想申诉，城管罚款不合理", "城管罚款不合理。", "想申诉。"),
        // 我要投诉 only announces the call: what follows is the event.
        (
            "我要投诉，楼下烧烤店天天吵",
            "楼下烧烤店天天吵。",
            "",
        ),
        (
            "我要投诉楼下烧烤店天天吵到半夜",
            "楼下烧烤店天天吵到半夜。",
            "",
        ),
        ("我要投诉一下", "", ""),
        // Against someone named before: a demand; alone, no event.
        (
            "楼下烧烤店油烟太大，我要投诉他们",
            "楼下烧烤店油烟太大。",
            "要投诉他们。",
        ),
        ("我要举报这家店", "", "要举报这家店。"),
        ("本人要投诉他们了", "", "要投诉他们了。"),
        ("这家店，天天占道经营", "这家店，天天占道经营。", ""),
        // Announced after what happened: the demand.
        ("王老师体罚学生，我要投诉", "王老师体罚学生。", "要投诉。"),
        // A demand that goes on with 并且; another matter after 还有.
        (
            "我要求撤销这个罚单，并且追究执法人员的责任",
            "",
            "要求撤销这个罚单，并且追究执法人员的责任。",
        ),
        (
            "请尽快解决，还有，他们店长态度很差",
            "他们店长态度很差。",
            "请尽快解决。",
        ),
        // Who the caller is and their number are no part of what happened.
        (
            "我是张建国，电话13812345678，楼下烧烤店油烟很大",
            "楼下烧烤店油烟很大。",
            "",
        ),
        ("我的手机号是138-1234-5678，井盖丢了", "井盖丢了。", ""),
        // A consultation's question after what it is about is the demand.
        (
            "我的社保断缴了三个月，怎么补缴",
            "我的社保断缴了三个月。",
            "怎么补缴。",
        ),
        ("我想办护照，需要什么材料", "我想办护照。", "需要什么材料。"),
        (
            "孩子要转学，请问需要哪些手续？",
            "孩子要转学。",
            "请问需要哪些手续？",
        ),
        // A plight, a hypothesis, a reproach or a past how is no question asked.
        (
            "小区停水了，不知道怎么办理报修",
            "小区停水了，不知道怎么办理报修。",
            "",
        ),
        (
            "物业收了钱，钱到哪里去了？",
            "物业收了钱，钱到哪里去了？",
            "",
        ),
        ("路面开挖没有围挡，挖到哪里算哪里", "路面开挖没有围挡，挖到哪里算哪里。", ""),
        ("电梯坏了一周，物业也不说要多久", "电梯坏了一周，物业也不说要多久。", ""),
        (
            "邻居家有个证，是如何办理下来的？",
            "邻居家有个证，是如何办理下来的？",
            "",
        ),
        // What someone else requires of the caller's side is what happened, not the demand.
        (
            "物业要求我们每户交500元维修基金，并要求业主签字同意，业主不同意就停水。请相关部门查一下是否合理。",
            "物业要求我们每户交500元维修基金，并要求业主签字同意，业主不同意就停水。",
            "请相关部门查一下是否合理。",
        ),
        (
            "开发商上门，要求我们三天内签字，否则不给交房。希望有关部门调查。",
            "开发商上门，要求我们三天内签字，否则不给交房。",
            "希望有关部门调查。",
        ),
        (
            "学校通知，要求学生周末到校补课，否则记旷课",
            "学校通知，要求学生周末到校补课，否则记旷课。",
            "",
        ),
        // The caller's own demand for their side stays one (我们村, 业主委员会: whose, not who).
        (
            "要求我们村尽快通自来水",
            "",
            "要求我们村尽快通自来水。",
        ),
        (
            "小区账目不公开，要求业主委员会公开账目",
            "小区账目不公开。",
            "要求业主委员会公开账目。",
        ),
        ("我要求开发商按合同交房", "", "要求开发商按合同交房。"),
        ("要求我市相关部门加强管理", "", "要求我市相关部门加强管理。"),
        ("停电三天了，要求学生宿舍恢复供电", "停电三天了。", "要求学生宿舍恢复供电。"),
    ];
    for (text, event, demand) in cases {
        let e = extractor().extract(text, now());
        assert_eq!(
            (e.event.as_str(), e.demand.as_str()),
            (event, demand),
            "{text}"
        );
    }
}

#[test]
fn plain_questions_alone_are_recorded_as_a_consultation() {
    let demand_alone = |text: &str| {
        let e = extractor().extract(text, now());
        (e.event.is_empty()).then_some(e.demand)
    };
    // Asking words run together, each with its 一下.
    let e = extractor().extract("想咨询一下，请问公积金怎么提取", now());
    assert_eq!(
        (e.event.as_str(), e.demand.as_str()),
        ("咨询公积金怎么提取。", "希望告知公积金怎么提取。")
    );
    // Several questions, each without its asking words.
    let e = extractor().extract("请问低保怎么申请？请问需要什么材料？", now());
    assert_eq!(
        (e.event.as_str(), e.demand.as_str()),
        (
            "咨询低保怎么申请？需要什么材料？",
            "希望告知低保怎么申请？需要什么材料？"
        )
    );
    let e = extractor().extract(
        "来电人咨询：退休人员养老金每年什么时候调整？今年的调整已经发放了吗？",
        now(),
    );
    assert_eq!(
        e.demand,
        "希望告知退休人员养老金每年什么时候调整？今年的调整已经发放了吗？"
    );
    // A call opens the record: "市民来电咨询：…".
    let e = extractor().extract("市民来电咨询：今年国庆期间高速公路是否免费？", now());
    assert_eq!(e.demand, "希望告知今年国庆期间高速公路是否免费。");
    // Questions after an asked demand ask on; a statement after one is the event.
    let e = extractor().extract(
        "来电人咨询：想了解如何办理居民医保参保缴费，需要带哪些材料，到哪里办理？",
        now(),
    );
    assert!(e.demand.ends_with("需要带哪些材料，到哪里办理。"), "{e:?}");
    // Not rewritten: 咨询 named, a complaint asked. (咨询 done, "来电人咨询过社区", is no
    // demand at all: see the event cases.)
    for text in [
        "咨询电话是多少",
        "请问楼下油烟这么大有没有人管",
        "咨询为什么小区停水，要求处理",
    ] {
        let demand = demand_alone(text).unwrap_or_else(|| panic!("{text}: an event"));
        assert!(!demand.starts_with("希望告知"), "{text}: {demand}");
    }
    // 问题 opens no question: nothing of it is cut off.
    for text in ["问题什么时候能解决", "请问问题什么时候能解决"] {
        let e = extractor().extract(text, now());
        let both = format!("{} / {}", e.event, e.demand);
        assert!(
            !both.contains("题什么") || both.contains("问题什么"),
            "{text}: {both}"
        );
        assert!(
            !both.contains("咨询题") && !both.contains("告知题"),
            "{text}: {both}"
        );
    }
}

#[test]
fn greetings_narration_and_fillers_are_dropped_from_the_event() {
    let e = extractor().extract(
        "喂，你好。我想反映一下，那个，就是我们楼下然后天天有人烧烤，谢谢。",
        now(),
    );
    assert_eq!(e.event, "我们楼下天天有人烧烤。");
}

#[test]
fn a_demand_opens_its_clause_and_runs_two_clauses_on_at_most() {
    let cases = [
        // 希望 and 盼 as nouns or names are no demand.
        (
            "孩子是中华的希望和未来，学校门口却天天堵车。",
            "",
        ),
        ("盼盼路万家丽路段晚上没有路灯。", ""),
        // A numbered question is a demand.
        ("一、路灯坏了。三、请问什么时候修？", "请问什么时候修？"),
        // Quoted rules are not the caller's demand.
        ("规定写着“要求与相邻建筑间距不小于6米”，开发商没做到。", ""),
        (
            "希望有关部门尽快处理，还居民一个安静的环境，谢谢，另外小区门口的垃圾桶也满了，车位也不够，物业也不管",
            "希望有关部门尽快处理，还居民一个安静的环境，谢谢。",
        ),
        ("敬请领导关注此事。", "敬请领导关注此事。"),
    ];
    for (text, demand) in cases {
        let e = extractor().extract(text, now());
        assert_eq!(e.demand, demand, "{text}");
    }
    let e = extractor().extract("这难道就是典型的不作为吗？", now());
    assert!(e.event.contains("就是典型的"), "{}", e.event);
}

/// What the caller already asked of someone, and went unheeded, is the event; the demand is
/// what they ask of the hotline. Asked nothing else, it is what they still want.
#[test]
fn an_ask_made_before_and_unheeded_is_the_event() {
    let cases = [
        (
            "我多次找物业，要求其维修，但一直没人管，希望尽快处理。",
            "我多次找物业，要求其维修，但一直没人管。",
            "希望尽快处理。",
        ),
        (
            "要求物业尽快维修，但是物业一直不理。希望相关部门督促。",
            "要求物业尽快维修，但是物业一直不理。",
            "希望相关部门督促。",
        ),
        (
            "找开发商要求退还定金，对方拒不退还，请帮忙协调",
            "找开发商要求退还定金，对方拒不退还。",
            "请帮忙协调。",
        ),
        // Nothing else asked: the ask stands, what tells it went unheeded stays the event.
        (
            "小区物业乱收费，来电人已向物业提出，要求其退还，物业不予理睬。",
            "小区物业乱收费，来电人已向物业提出，物业不予理睬。",
            "要求其退还。",
        ),
        // A condition on how the demand is met goes with it.
        (
            "希望尽快处理，但不要影响居民出行。",
            "",
            "希望尽快处理，但不要影响居民出行。",
        ),
        // An ask with no refusal after it is the demand; nor is a question asking on, or
        // what is said of whom.
        (
            "楼道垃圾堆了一周，要求物业清理，到底有没有人管？",
            "楼道垃圾堆了一周。",
            "要求物业清理，到底有没有人管？",
        ),
        (
            "要求城管查处这家烧烤店，他们没有营业执照，希望尽快处理。",
            "他们没有营业执照。",
            "要求城管查处这家烧烤店，希望尽快处理。",
        ),
        (
            "反映一家理发店办卡后关门，要求其退还余款。",
            "一家理发店办卡后关门。",
            "要求其退还余款。",
        ),
    ];
    for (text, event, demand) in cases {
        let e = extractor().extract(text, now());
        assert_eq!(
            (e.event.as_str(), e.demand.as_str()),
            (event, demand),
            "{text}"
        );
    }
}
