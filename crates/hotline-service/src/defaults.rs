//! The project's default data: the category tree a new centre starts with.
use hotline_domain::category::Category;

/// Deadline tier codes a default category may carry (see the domain's `DeadlineTier`).
pub const TIER_CODES: [&str; 7] = ["T1H", "D1", "D3", "D5", "D7", "D9", "D10"];

const CATEGORIES_CSV: &str = include_str!("../assets/categories.csv");

/// The default three-level category tree, parsed from `assets/categories.csv`
/// (`code,name,parent,tier`; codes grow by two digits per level; parents come before children).
pub fn default_categories() -> Result<Vec<Category>, String> {
    parse_categories(CATEGORIES_CSV)
}

fn parse_categories(csv: &str) -> Result<Vec<Category>, String> {
    let mut lines = csv.lines().enumerate();
    match lines.next() {
        Some((_, header)) if header.trim() == "code,name,parent,tier" => {}
        _ => return Err("categories.csv: the header must be `code,name,parent,tier`".into()),
    }
    let mut out: Vec<Category> = Vec::new();
    for (index, line) in lines {
        let line_no = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let [code, name, parent, tier] = fields[..] else {
            return Err(format!(
                "categories.csv line {line_no}: expected 4 fields, got {}",
                fields.len()
            ));
        };
        if code.is_empty()
            || code.len() % 2 != 0
            || code.len() > 6
            || !code.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(format!("categories.csv line {line_no}: bad code `{code}`"));
        }
        if name.is_empty() {
            return Err(format!("categories.csv line {line_no}: empty name"));
        }
        if !TIER_CODES.contains(&tier) {
            return Err(format!(
                "categories.csv line {line_no}: unknown tier `{tier}`"
            ));
        }
        let expected_parent = &code[..code.len() - 2];
        if parent != expected_parent {
            return Err(format!(
                "categories.csv line {line_no}: parent of `{code}` must be `{expected_parent}`, got `{parent}`"
            ));
        }
        if !parent.is_empty() && !out.iter().any(|c| c.code == parent) {
            return Err(format!(
                "categories.csv line {line_no}: parent `{parent}` is not defined above"
            ));
        }
        if out.iter().any(|c| c.code == code) {
            return Err(format!(
                "categories.csv line {line_no}: duplicate code `{code}`"
            ));
        }
        out.push(Category {
            code: code.to_string(),
            name: name.to_string(),
            parent: (!parent.is_empty()).then(|| parent.to_string()),
            level: (code.len() / 2) as u8,
            tier: tier.to_string(),
            active: true,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_tree_is_well_formed() {
        let cats = default_categories().unwrap();
        for c in &cats {
            match &c.parent {
                None => assert_eq!(c.level, 1, "{}", c.code),
                Some(p) => {
                    let parent = cats.iter().find(|x| &x.code == p).expect("parent exists");
                    assert!(c.code.starts_with(&parent.code));
                    assert_eq!(parent.level + 1, c.level);
                }
            }
            assert!(TIER_CODES.contains(&c.tier.as_str()));
            assert!(c.active);
        }
        let count = |level| cats.iter().filter(|c| c.level == level).count();
        assert!(
            (15..=20).contains(&count(1)),
            "{} first-level categories",
            count(1)
        );
        let leaves = count(3);
        assert!((200..=320).contains(&leaves), "{leaves} leaves");
        let mut names: Vec<&str> = cats.iter().map(|c| c.name.as_str()).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "category names are unique");
        let toilets = cats
            .iter()
            .find(|c| c.name == "公共厕所管理")
            .expect("公共厕所 exists");
        assert_eq!(toilets.level, 3);
    }

    #[test]
    fn every_first_and_second_level_category_has_children() {
        let cats = default_categories().unwrap();
        for c in cats.iter().filter(|c| c.level < 3) {
            let children = cats
                .iter()
                .filter(|x| x.parent.as_deref() == Some(&c.code))
                .count();
            let range = if c.level == 1 { 4..=8 } else { 2..=6 };
            assert!(
                range.contains(&children),
                "{} {} has {children} children",
                c.code,
                c.name
            );
        }
    }

    #[test]
    fn a_broken_file_is_rejected_with_its_line() {
        let err =
            parse_categories("code,name,parent,tier\n01,甲,,D5\n0101,乙,02,D5\n").unwrap_err();
        assert!(err.contains("line 3"), "{err}");
        let err = parse_categories("code,name,parent,tier\n01,甲,,D4\n").unwrap_err();
        assert!(err.contains("tier"), "{err}");
        assert!(parse_categories("code,name\n").is_err());
    }
}
