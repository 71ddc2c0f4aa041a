//! Persons and organisations found in texts.
use super::*;

#[test]
fn persons_and_organisations_are_found_by_pattern() {
    let cases = [
        ("李女士反映小区停车难", "李女士", PartyKind::Person),
        ("楼上住户半夜跳绳", "楼上住户", PartyKind::Person),
        (
            "小区门口的XX超市卖过期的东西",
            "XX超市",
            PartyKind::Organisation,
        ),
        (
            "某某物业公司不给修电梯",
            "某某物业公司",
            PartyKind::Organisation,
        ),
        ("投诉张某在路边摆摊", "张某", PartyKind::Person),
        ("开发商一直不给办房产证", "开发商", PartyKind::Organisation),
        // A surname given with its title after 的.
        ("一位姓王的女士来电反映", "王女士", PartyKind::Person),
        ("姓李，反映噪音", "李", PartyKind::Person),
        // A quoted name is the name as quoted.
        (
            "我在“健美达健身房”办了卡",
            "健美达健身房",
            PartyKind::Organisation,
        ),
        // What the caller wants done to it is no part of the name.
        ("要求督促华宇公司退钱", "华宇公司", PartyKind::Organisation),
        ("希望责令洗沙厂停产", "洗沙厂", PartyKind::Organisation),
    ];
    for (text, name, kind) in cases {
        let parties = find_parties(text, &[]);
        assert!(
            parties.iter().any(|p| p.text == name && p.kind == kind),
            "{text}: {parties:?}"
        );
    }
    assert!(find_parties("我和先生一起去办的", &[]).is_empty());
    assert!(find_parties("要求督促公司退钱", &[]).is_empty());
    // A numeral that counts something ends a name given with 叫: no one-character name.
    assert!(find_parties("他叫王三天后再来", &[]).is_empty());
    assert!(find_parties("他叫王二十岁的儿子来", &[]).is_empty());
    let names = party_names("物业叫周一再来，叫万一有事打电话");
    assert_eq!(names, ["物业"], "{names:?}");
}

#[test]
fn full_names_after_a_job_or_before_what_a_caller_does_are_persons() {
    let cases: [(&str, &[&str]); 10] = [
        ("物业经理张建国一直不处理漏水", &["物业", "张建国"]),
        ("房东李明不退押金", &["房东", "李明"]),
        ("我老公张强打了我", &["张强"]),
        (
            "张伟反映小区楼下烧烤店油烟太大",
            &["张伟", "小区楼下烧烤店"],
        ),
        ("市民王芳投诉楼下噪音", &["王芳"]),
        ("欧阳娜娜反映小区问题", &["欧阳娜娜"]),
        // A third character jieba reads as a word of its own joins the name; a verb does not.
        ("组长蒋辉红都在场", &["蒋辉红"]),
        ("房东李明，不退押金", &["房东", "李明"]),
        ("局长王明说了算", &["王明"]),
        ("保安王强车停在消防通道", &["保安", "王强"]),
    ];
    for (text, names) in cases {
        assert_eq!(party_names(text), names, "{text}");
    }
    // A job inside a longer word, a surname before an everyday word, and words jieba's
    // dictionary tags as names are no persons.
    for text in [
        "黄花镇长龙街道",
        "妇女儿童医院门口",
        "律师费成本太高",
        "业主任何沟通都没有",
        "向书记陈述此事",
        "，谢谢举报人",
        "业主张贴了通知",
        "经理何时处理",
        "，顾客反映菜不新鲜",
        "，孙子说要来",
    ] {
        let persons: Vec<String> = find_parties(text, &[])
            .into_iter()
            .filter(|p| p.kind == PartyKind::Person)
            .map(|p| p.text)
            .collect();
        assert!(
            persons
                .iter()
                .all(|n| ["业主", "举报人"].contains(&n.as_str())),
            "{text}: {persons:?}"
        );
    }
    // 向 that opens a noun is part of the name; as a preposition it is not.
    assert_eq!(party_names("孩子在向日葵幼儿园上学"), ["向日葵幼儿园"]);
    assert_eq!(party_names("我向市人社局反映过"), ["市人社局"]);
}

#[test]
fn names_in_a_list_and_after_a_relation_are_persons() {
    let cases: [(&str, &[&str]); 5] = [
        ("张三、李四两人在小区里养鸽子", &["张三", "李四"]),
        ("张三和李四在楼道里堆杂物", &["张三", "李四"]),
        ("我们徐希汉、冯辉龙俩人的工资没发", &["徐希汉", "冯辉龙"]),
        // jieba reads 其父|亲王|某某: the relation still ends before the name.
        ("其父亲王某某在工地受伤", &["王某某", "工地"]),
        // Group names of places are no persons (唐湾组, 张家湾组).
        ("唐湾组与张家湾组的村民", &[]),
    ];
    for (text, names) in cases {
        assert_eq!(party_names(text), names, "{text}");
    }
}

#[test]
fn full_names_compound_surnames_and_labelled_callers_are_persons() {
    let cases = [
        ("我叫欧阳娜娜，住在三号楼", "欧阳娜娜"),
        ("诸葛亮先生反映", "诸葛亮先生"),
        ("上官婉儿女士来电", "上官婉儿女士"),
        ("联系人赵丽颖女士", "赵丽颖女士"),
        ("王小二师傅来修过", "王小二师傅"),
        ("来电人：黄晓明，电话123", "黄晓明"),
        ("来电人黄晓明反映", "黄晓明"),
        ("姓名：王五", "王五"),
        // A word that runs on past two characters ends the name before it.
        ("我叫张强反映噪音", "张强"),
        // A caller who gives only a surname: the surname.
        ("我姓陈", "陈"),
        ("我姓欧阳", "欧阳"),
        // A surname's character inside a word before it is no surname, but 老 and 小 before
        // one are forms of address.
        ("班主任王老师", "王老师"),
        ("老李师傅来修过", "李师傅"),
        ("小张老师说", "张老师"),
    ];
    for (text, name) in cases {
        assert_eq!(party_names(text), [name], "{text}");
    }
    for text in [
        "高中老师不管",
        "任何老师都不管",
        "周边阿姨都说",
        "老百姓张罗的",
        "小区西门大爷",
        "联系人电话",
        "来电人称",
        "王三个师傅",
        // Texts that end where a name would follow.
        "楼下的狗每天晚上叫",
        "来电人：",
        "联系人",
    ] {
        let names = party_names(text);
        assert!(
            names
                .iter()
                .all(|n| n == "老师" || n == "阿姨" || n == "大爷" || n == "师傅"),
            "{text}: {names:?}"
        );
    }
}

fn party_names(text: &str) -> Vec<String> {
    find_parties(text, &[])
        .into_iter()
        .map(|p| p.text)
        .collect()
}

#[test]
fn organisation_names_start_after_verbs_adverbs_and_idioms() {
    let cases = [
        ("我不知道教育局到底收了什么好处", "教育局"),
        ("群众反映华天酒店有人涉黄", "华天酒店"),
        ("建议划入丁家小学学区", "丁家小学"),
        ("家长很担心学校的安全", "学校"),
        ("强烈要求A3区城管局处理", "A3区城管局"),
        // A verb of the name's line of work stays, and any verb in a company's name.
        (
            "西地省坤兆房地产开发有限公司拖欠工资",
            "西地省坤兆房地产开发有限公司",
        ),
        ("门口被某某停车管理有限公司承包了", "某某停车管理有限公司"),
        // 和 and 与 inside an official name.
        ("向M5市人力资源和社会保障局举报", "M5市人力资源和社会保障局"),
        ("已经反映给A市发展与改革委员会", "A市发展与改革委员会"),
        // The name runs on through its business and legal form.
        (
            "A市万厦园丁物业管理有限公司不作为",
            "A市万厦园丁物业管理有限公司",
        ),
        // A qualifier or a count inside: what follows is the name.
        ("独石村三家洗沙厂日夜开工", "洗沙厂"),
        ("金薮乡独石村非法洗沙厂污染河水", "洗沙厂"),
        // Schools known by their number after the place.
        ("K市二中学校商店被垄断", "K市二中"),
        ("C3县一中工地夜间施工", "C3县一中"),
        // Bodies named by their kind.
        ("L市环保部门不作为", "L市环保部门"),
        ("A7县政府应尽快开通公交", "A7县政府"),
        ("C4市房改办要求一次性付款", "C4市房改办"),
        ("泉塘街道党工委回复很快", "泉塘街道党工委"),
        // A name introduced by what it is called, and what a court hears.
        ("公司名叫示例科技有限公司，拖欠工资", "示例科技有限公司"),
        ("这家公司叫做华宇装饰有限公司", "华宇装饰有限公司"),
        ("案子法院一直不判", "法院"),
    ];
    for (text, name) in cases {
        let found = party_names(text);
        assert!(found.iter().any(|f| f == name), "{text}: {found:?}");
    }
}

#[test]
fn words_that_only_point_at_or_qualify_an_organisation_are_no_name() {
    let cases = [
        // Pointing back at one named before.
        ("该公司一直不给答复", "该公司"),
        ("这家超市卖过期食品", "这家超市"),
        // A bare level of schooling, a bare government, a qualifier, a count.
        ("孩子明年要上小学了", "上小学"),
        ("孩子明年要上小学了", "小学"),
        ("全小区居民强烈呼吁政府", "政府"),
        ("小区无配套小学", "小区无配套小学"),
        ("好多学校与房地产捆绑", "好多学校"),
        ("几所热门学校", "几所热门学校"),
        // 局 in a word that names no bureau.
        ("这个布局很不合理", "布局"),
        ("最后的结局", "结局"),
    ];
    for (text, name) in cases {
        let found = party_names(text);
        assert!(!found.iter().any(|f| f == name), "{text}: {found:?}");
    }
}

#[test]
fn officials_are_persons_by_surname_and_title() {
    for (text, name) in [
        ("尊敬的张县长：您好", "张县长"),
        ("王副局长答应过我们", "王副局长"),
        ("感谢毛市长关注", "毛市长"),
    ] {
        let parties = find_parties(text, &[]);
        assert!(
            parties
                .iter()
                .any(|p| p.text == name && p.kind == PartyKind::Person),
            "{text}: {parties:?}"
        );
        assert!(
            parties.iter().all(|p| p.kind == PartyKind::Person),
            "{text}: the title is no bureau: {parties:?}"
        );
    }
}

#[test]
fn the_household_next_door_and_a_shop_by_its_sign_are_parties() {
    let parties = |text: &str| -> Vec<(String, PartyKind)> {
        find_parties(text, &[])
            .into_iter()
            .map(|p| (p.text, p.kind))
            .collect()
    };
    let person = |s: &str| (s.to_string(), PartyKind::Person);
    let shop = |s: &str| (s.to_string(), PartyKind::Organisation);
    assert_eq!(parties("楼上李家天天半夜装修"), [person("李家")]);
    assert_eq!(parties("隔壁老王天天在楼道堆杂物"), [person("老王")]);
    assert_eq!(parties("楼上小李家的狗天天叫"), [person("小李家")]);
    assert_eq!(
        parties("邻居张家把楼道占了"),
        [person("邻居"), person("张家")]
    );
    // Words that only look like a household or a nickname.
    for text in [
        "楼下小卖部卖烟给孩子",
        "隔壁小区的路灯坏了",
        "楼下王家具店噪音很大",
        "楼下某家烧烤店油烟大",
        "隔壁李家村养猪场臭味大",
        "对面王家菜馆油烟大",
    ] {
        assert!(
            !parties(text)
                .iter()
                .any(|(t, _)| t.ends_with('家') || t.len() <= 6),
            "{text}: {:?}",
            parties(text)
        );
    }
    // A quoted sign ending in its trade is the shop; a quoted phrase is none.
    assert_eq!(parties("楼下“老王烧烤”天天占道经营"), [shop("老王烧烤")]);
    assert_eq!(parties("「张记麻辣烫」油烟很大"), [shop("张记麻辣烫")]);
    for text in [
        "他说“订蛋糕”就行",
        "提倡“素质教育”",
        "他说“我们是烧烤”",
        "小区的“全民健身”器材坏了",
        "学校“课后托管”收费高",
    ] {
        let quoted = parties(text)
            .into_iter()
            .any(|(t, _)| text.contains(&format!("“{t}”")));
        assert!(!quoted, "{text}: {:?}", parties(text));
    }
    // Praise and its softener are no part of the name.
    assert_eq!(
        parties("我要表扬一下城中区人民医院"),
        [shop("城中区人民医院")]
    );
}

/// Companies known by their brand alone are organisations, the brand a word of its own; people
/// who work for them by their job.
#[test]
fn brands_and_the_people_working_for_them_are_parties() {
    let cases = [
        ("我在京东买的手机坏了，客服不给退货", vec!["京东", "客服"]),
        ("美团外卖骑手在小区门口乱停电动车", vec!["美团", "外卖骑手"]),
        (
            "来电人在拼多多购买商品，商家拒绝发货",
            vec!["拼多多", "商家"],
        ),
        ("顺丰快递员把包裹放在门口丢了", vec!["顺丰", "快递员"]),
        ("中国移动营业厅乱扣话费", vec!["中国移动", "营业厅"]),
        ("一家理发店办卡后关门跑路", vec!["理发店"]),
        // A brand opening a company's full name is part of it.
        ("京东物流有限公司的货车堵路", vec!["京东物流有限公司"]),
        ("中国邮政储蓄银行乱收费", vec!["中国邮政储蓄银行"]),
    ];
    for (text, names) in cases {
        assert_eq!(party_names(text), names, "{text}");
    }
    // The letters of a brand inside another word are none.
    for text in ["南京东路修路", "京东方的员工", "获得物品补偿"] {
        let names = party_names(text);
        assert!(
            !names.iter().any(|n| ["京东", "得物"].contains(&n.as_str())),
            "{text}: {names:?}"
        );
    }
}
