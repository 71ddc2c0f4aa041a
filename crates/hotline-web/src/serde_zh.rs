//! serde's and axum's English about a body, a query or a path that does not fit, said in
//! Chinese for `message_zh` (the English stays in `message_en`): the field, what was expected
//! and what came, and where in the JSON. Messages it does not know are kept as they are.

/// What axum puts before serde's own words.
const PREFIXES: &[&str] = &[
    "Failed to deserialize the JSON body into the target type: ",
    "Failed to parse the request body as JSON: ",
    "Failed to deserialize query string: ",
    "Invalid URL: ",
];

/// `message` (serde, serde_json, serde_urlencoded, chrono or axum) in Chinese.
pub fn say(message: &str) -> String {
    let mut m = message.trim();
    while let Some(rest) = PREFIXES.iter().find_map(|p| m.strip_prefix(p)) {
        m = rest;
    }
    // serde_json ends with where: "… at line 1 column 23".
    let (m, at) = match m.rsplit_once(" at line ") {
        Some((head, tail)) => match tail.split_once(" column ") {
            Some((line, column))
                if line.bytes().all(|b| b.is_ascii_digit())
                    && column.bytes().all(|b| b.is_ascii_digit()) =>
            {
                (head, format!("(第 {line} 行第 {column} 列)"))
            }
            _ => (m, String::new()),
        },
        None => (m, String::new()),
    };
    // serde_path_to_error and serde_urlencoded put the field first: "days: invalid digit…".
    let (field, m) = match m.split_once(": ") {
        Some((path, rest)) if is_path(path) && path != "." => (Some(path), rest),
        Some((".", rest)) => (None, rest),
        _ => (None, m),
    };
    let said = sentence(m);
    match field {
        // "formel: unknown field `formel`" names the field once; "caller.phonex: …" keeps
        // where it is.
        Some(f) if m.starts_with("unknown field ") => match f.rsplit_once('.') {
            Some((parent, _)) => format!("字段「{parent}」中{said}{at}"),
            None => format!("{said}{at}"),
        },
        Some(f) => format!("字段「{f}」{said}{at}"),
        None => format!("{said}{at}"),
    }
}

fn is_path(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.[]-".contains(&b))
}

/// The texts between backticks, in order.
fn quoted(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

fn sentence(m: &str) -> String {
    if let Some(rest) = m.strip_prefix("missing field ") {
        let field = quoted(rest).first().copied().unwrap_or(rest);
        return match hotline_domain::error::field_label_zh(field) {
            Some(label) => format!("缺少{label}(字段「{field}」)"),
            None => format!("缺少字段「{field}」"),
        };
    }
    if let Some(rest) = m.strip_prefix("unknown field ") {
        return format!(
            "不认识的字段「{}」",
            quoted(rest).first().copied().unwrap_or(rest)
        );
    }
    if let Some(rest) = m.strip_prefix("unknown variant ") {
        let q = quoted(rest);
        let got = q.first().copied().unwrap_or(rest);
        return if q.len() > 1 {
            format!("取值「{got}」不在可选值中,可选:{}", q[1..].join("、"))
        } else {
            format!("取值「{got}」不在可选值中")
        };
    }
    for (lead, what) in [
        ("invalid type: ", "类型不对"),
        ("invalid value: ", "取值不对"),
    ] {
        if let Some((got, expected)) = m
            .strip_prefix(lead)
            .and_then(|r| r.split_once(", expected "))
        {
            let (expected, got) = (kind(expected), kind(got));
            // An integer refused as an integer is out of range (2^63 for an i64).
            if expected == "整数" && got.starts_with("整数 ") {
                return format!("{what}:{got} 超出范围");
            }
            return format!("{what}:应为{expected},收到的是{got}");
        }
    }
    if let Some((n, expected)) = m
        .strip_prefix("invalid length ")
        .and_then(|r| r.split_once(", expected "))
    {
        return format!("长度不对:应为{},收到 {n} 个", kind(expected));
    }
    let known: &[(&str, &str)] = &[
        ("invalid digit found in string", "不是有效的数字"),
        ("cannot parse integer from empty string", "为空,应为数字"),
        ("cannot parse float from empty string", "为空,应为数字"),
        ("invalid float literal", "不是有效的数字"),
        ("number too large to fit in target type", "数字太大"),
        ("number too small to fit in target type", "数字太小"),
        (
            "provided string was not `true` or `false`",
            "应为 true 或 false",
        ),
        ("input contains invalid characters", "日期或时间的格式不对"),
        ("premature end of input", "日期或时间不完整"),
        ("input is out of range", "日期或时间超出范围"),
        ("trailing input", "日期或时间后面有多余的字符"),
        (
            "input is not enough for unique date and time",
            "日期或时间不完整",
        ),
        (
            "no possible date and time matching input",
            "没有这样的日期或时间",
        ),
        ("trailing characters", "JSON 之后有多余的字符"),
        ("expected value", "此处应为一个值"),
        ("expected ident", "此处应为 true、false 或 null"),
        ("key must be a string", "对象的键须为文本"),
        ("invalid escape", "文本中有无效的转义"),
        (
            "control character (\\u0000-\\u001F) found while parsing a string",
            "文本中有控制字符",
        ),
    ];
    if let Some((_, zh)) = known.iter().find(|(en, _)| m.starts_with(en)) {
        return zh.to_string();
    }
    if m.starts_with("EOF while parsing") {
        return "JSON 不完整(提前结束)".into();
    }
    if let Some(rest) = m.strip_prefix("expected ") {
        return format!("此处应为{}", kind(rest));
    }
    if m.starts_with("Cannot parse ") && m.contains(" to a `") {
        // axum's path: "Cannot parse `abc` to a `i64`".
        let q = quoted(m);
        match q.as_slice() {
            [got, to] => return format!("「{got}」不是{}", kind(to)),
            // A named path parameter: "Cannot parse `version` with value `abc` to a `i64`".
            [name, got, to] => return format!("「{name}」的值「{got}」不是{}", kind(to)),
            _ => {}
        }
    }
    m.to_string()
}

/// serde's name for a kind of value (or a value: "integer `-1`", "string \"abc\"") in Chinese.
fn kind(d: &str) -> String {
    let d = d.trim();
    let tick = |lead: &str| {
        d.strip_prefix(lead)
            .and_then(|r| r.strip_prefix('`'))
            .and_then(|r| r.strip_suffix('`'))
    };
    if let Some(v) = tick("integer ") {
        return format!("整数 {v}");
    }
    if let Some(v) = tick("floating point ") {
        return format!("数字 {v}");
    }
    if let Some(v) = tick("boolean ") {
        return v.to_string();
    }
    if let Some(v) = d
        .strip_prefix("string \"")
        .and_then(|r| r.strip_suffix('"'))
    {
        return format!("文本「{v}」");
    }
    if let Some(v) = tick("character ") {
        return format!("文本「{v}」");
    }
    match d {
        "a string" | "string" | "a borrowed string" | "a character" | "char" => "文本".into(),
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "a nonzero u32" | "a nonzero u64" => {
            "非负整数".into()
        }
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "an integer" | "integer" => "整数".into(),
        "f32" | "f64" | "a number" | "number" | "floating point" => "数字".into(),
        "a boolean" | "bool" | "boolean" => "true 或 false".into(),
        "a sequence" | "sequence" | "an array" => "数组".into(),
        "a map" | "map" => "对象".into(),
        "null" | "unit value" | "unit" | "none" => "null".into(),
        _ if d.starts_with("struct ") || d.starts_with("a map") => "对象".into(),
        _ if d.starts_with("a sequence") || d.starts_with("a tuple") || d.starts_with("tuple") => {
            "数组".into()
        }
        _ if d.contains("date") || d.contains("time") => "日期或时间".into(),
        _ if d.starts_with("variant identifier") || d.starts_with("enum ") => "可选的值之一".into(),
        _ if d.starts_with("sequence") => "数组".into(),
        _ if d.starts_with('`') && d.ends_with('`') => {
            // "expected `,` or `}`".
            let q: Vec<String> = quoted(d).iter().map(|t| format!("「{t}」")).collect();
            q.join("或")
        }
        _ if d.starts_with("one of ") => format!("以下之一:{}", quoted(d).join("、")),
        _ => d.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::say;

    #[test]
    fn serde_s_words_are_said_in_chinese_with_the_field_and_the_place() {
        let cases = [
            (
                "Failed to deserialize query string: days: invalid digit found in string",
                "字段「days」不是有效的数字",
            ),
            (
                "Failed to deserialize the JSON body into the target type: missing field `master` at line 1 column 19",
                "缺少主单(字段「master」)(第 1 行第 19 列)",
            ),
            (
                "master: invalid type: string \"abc\", expected i64",
                "字段「master」类型不对:应为整数,收到的是文本「abc」",
            ),
            (
                "kind: unknown variant `help`, expected one of `policy_qa`, `service_guide`",
                "字段「kind」取值「help」不在可选值中,可选:policy_qa、service_guide",
            ),
            (
                "master: invalid value: integer `9223372036854775808`, expected i64",
                "字段「master」取值不对:整数 9223372036854775808 超出范围",
            ),
            (
                "Cannot parse `version` with value `abc` to a `i64`",
                "「version」的值「abc」不是整数",
            ),
            (
                "Failed to deserialize the JSON body into the target type: formel: unknown field `formel`, expected `colloquial` or `formal`",
                "不认识的字段「formel」",
            ),
            (
                "caller.phonex: unknown field `phonex`, expected one of `name`, `phone`",
                "字段「caller」中不认识的字段「phonex」",
            ),
            (
                "days: invalid value: integer `-1`, expected u32",
                "字段「days」取值不对:应为非负整数,收到的是整数 -1",
            ),
            (
                "Failed to parse the request body as JSON: EOF while parsing an object at line 1 column 9",
                "JSON 不完整(提前结束)(第 1 行第 9 列)",
            ),
            ("Cannot parse `abc` to a `i64`", "「abc」不是整数"),
            (
                "expected `,` or `}` at line 1 column 5",
                "此处应为「,」或「}」(第 1 行第 5 列)",
            ),
            ("something serde never said", "something serde never said"),
        ];
        for (en, zh) in cases {
            assert_eq!(say(en), zh, "{en}");
        }
    }
}
