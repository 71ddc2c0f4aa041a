//! A ticket's place as it is kept: gazetteer codes of the right kinds, in use, in one chain
//! (community in street in district, the levels above filled in), and coordinates both or
//! neither. Ticket create and edit and the intake analysis settle places here.
use hotline_domain::org::PlaceKind;
use hotline_domain::ticket::Location;

use crate::{Reference, ServiceError, ServiceResult};

fn kind_zh(kind: PlaceKind) -> &'static str {
    match kind {
        PlaceKind::District => "区县",
        PlaceKind::Street => "街道(乡镇)",
        PlaceKind::Community => "社区(村)",
        PlaceKind::Road => "道路",
        PlaceKind::Landmark => "地标",
    }
}

/// The refusal of a place code the gazetteer does not hold. A place's name given where its
/// code belongs ("港东区" for D02) is told its code, with its parent's name when places share
/// it; a name of another level (a street's given as a district) is told which it is.
pub(crate) fn unknown_place(
    r: &Reference,
    field: &str,
    code: &str,
    kind: Option<PlaceKind>,
) -> ServiceError {
    const SHOWN: usize = 5;
    let named_by = |p: &&hotline_domain::org::Place| {
        p.active && (p.name == code || p.aliases.iter().any(|a| a == code))
    };
    let mut named: Vec<&hotline_domain::org::Place> = (r.places.values())
        .filter(named_by)
        .filter(|p| kind.is_none_or(|k| p.kind == k))
        .collect();
    if named.is_empty() {
        let other = (r.places.values()).find(named_by);
        return ServiceError::invalid(
            field,
            match other {
                Some(p) => format!(
                    "「{code}」是{}({}),不是{} / `{code}` is a {} ({}), not a {}",
                    kind_zh(p.kind),
                    p.code,
                    kind.map_or("此处所填的地名", kind_zh),
                    p.kind.as_str(),
                    p.code,
                    kind.map_or("place here", |k| k.as_str())
                ),
                None => format!("地名库中没有 {code} / unknown place"),
            },
        );
    }
    named.sort_unstable_by(|a, b| a.code.cmp(&b.code));
    let more = named.len() > SHOWN;
    named.truncate(SHOWN);
    let shared = named.len() > 1;
    let listed: Vec<String> = (named.iter())
        .map(|p| {
            let parent = (p.parent.as_ref())
                .and_then(|c| r.places.get(c))
                .filter(|_| shared)
                .map_or(String::new(), |q| format!("({})", q.name));
            format!("{}{parent} {}", p.name, p.code)
        })
        .collect();
    let codes: Vec<&str> = named.iter().map(|p| p.code.as_str()).collect();
    let etc = if more { "等" } else { "" };
    ServiceError::invalid(
        field,
        format!(
            "「{code}」是地名,此处应填地名编码:{}{etc} / `{code}` is a name: give its code ({})",
            listed.join("、"),
            codes.join(", ")
        ),
    )
}

/// A ticket's place as it is kept: each code a place of the right kind, in use (or, in an
/// edit, the one the ticket already had), the three levels one chain (a community in its
/// street, a street in its district), and the levels above a chosen one filled in from the
/// gazetteer. `before` is the place before an edit.
/// Fields are named under `prefix` (`elements.place`).
pub(crate) fn settle_location(
    r: &Reference,
    place: &mut Location,
    before: Option<&Location>,
    prefix: &str,
) -> ServiceResult<()> {
    // Codes as typed or pasted: "\u{200B}D01" is D01, a blank code none.
    for code in [&mut place.district, &mut place.street, &mut place.community] {
        *code = code
            .as_deref()
            .map(hotline_domain::text::one_line)
            .filter(|c| !c.is_empty());
    }
    let district_field = format!("{prefix}.district");
    let street_field = format!("{prefix}.street");
    let community_field = format!("{prefix}.community");
    let had = |kind: PlaceKind, code: &str| {
        before.is_some_and(|b| {
            let was = match kind {
                PlaceKind::District => &b.district,
                PlaceKind::Street => &b.street,
                _ => &b.community,
            };
            was.as_deref() == Some(code)
        })
    };
    for (field, code, kind) in [
        (
            district_field.as_str(),
            &mut place.district,
            PlaceKind::District,
        ),
        (street_field.as_str(), &mut place.street, PlaceKind::Street),
        (
            community_field.as_str(),
            &mut place.community,
            PlaceKind::Community,
        ),
    ] {
        *code = crate::analyze::non_empty(code);
        let Some(c) = code.as_deref() else { continue };
        match r.places.get(c) {
            None => return Err(unknown_place(r, field, c, Some(kind))),
            Some(p) if p.kind != kind => {
                return Err(ServiceError::invalid(
                    field,
                    format!(
                        "{c}({})不是{} / not a {}",
                        p.name,
                        kind_zh(kind),
                        kind.as_str()
                    ),
                ))
            }
            Some(p) if !p.active && !had(kind, c) => return Err(crate::analyze::retired(field, p)),
            Some(_) => {}
        }
    }
    // Up the chain: each chosen level names the one above, which must agree or is filled.
    let above = |code: &Option<String>| {
        code.as_ref()
            .and_then(|c| r.places.get(c))
            .and_then(|p| p.parent.as_ref())
            .and_then(|parent| r.places.get(parent))
    };
    let name = |code: &Option<String>| {
        code.as_ref()
            .and_then(|c| r.places.get(c))
            .map(|p| format!("{}({})", p.name, p.code))
            .unwrap_or_default()
    };
    let mut filled_street = false;
    if let Some(up) = above(&place.community) {
        let slot = match up.kind {
            PlaceKind::Street => &mut place.street,
            _ => &mut place.district,
        };
        match slot {
            None => {
                *slot = Some(up.code.clone());
                filled_street = up.kind == PlaceKind::Street;
            }
            Some(chosen) if *chosen != up.code => {
                return Err(ServiceError::invalid(
                    community_field.as_str(),
                    format!(
                        "社区/村 {} 属于 {}({}),不属于所填的 {chosen} / not in that {}",
                        name(&place.community),
                        up.name,
                        up.code,
                        up.kind.as_str()
                    ),
                ))
            }
            Some(_) => {}
        }
        if up.kind == PlaceKind::District && place.street.is_some() {
            return Err(ServiceError::invalid(
                street_field.as_str(),
                format!(
                    "社区/村 {} 直属区县,不属于街道/镇 {} / not in that street",
                    name(&place.community),
                    name(&place.street)
                ),
            ));
        }
    }
    if let Some(up) = above(&place.street) {
        match &place.district {
            None => place.district = Some(up.code.clone()),
            Some(chosen) if *chosen != up.code => {
                // Told of the level the caller chose: a street filled in from the community
                // was not.
                let (field, what) = if filled_street {
                    (
                        community_field.as_str(),
                        format!("社区/村 {}", name(&place.community)),
                    )
                } else {
                    (
                        street_field.as_str(),
                        format!("街道/镇 {}", name(&place.street)),
                    )
                };
                return Err(ServiceError::invalid(
                    field,
                    format!(
                        "{what} 属于 {}({}),不属于所填的区县 {chosen} / not in that district",
                        up.name, up.code
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    check_coordinates(place, before, prefix)
}

/// A place's coordinates: both or neither, each in range. A pair kept from before an edit (a
/// half one stored before this was checked) stays, so the ticket can still be edited.
pub(crate) fn check_coordinates(
    place: &Location,
    before: Option<&Location>,
    prefix: &str,
) -> ServiceResult<()> {
    match (place.lng, place.lat) {
        (Some(lng), Some(lat)) => {
            if !(-180.0..=180.0).contains(&lng) || !(-90.0..=90.0).contains(&lat) {
                return Err(ServiceError::invalid(
                    prefix,
                    "坐标超出范围 / coordinates out of range",
                ));
            }
        }
        // Half a coordinate is no point on the map.
        (Some(_), None) | (None, Some(_))
            if before.is_some_and(|b| (b.lng, b.lat) == (place.lng, place.lat)) => {}
        (Some(_), None) => {
            return Err(ServiceError::invalid(
                format!("{prefix}.lat"),
                "有经度却没有纬度:坐标须经纬度一并填写 / a longitude needs its latitude",
            ))
        }
        (None, Some(_)) => {
            return Err(ServiceError::invalid(
                format!("{prefix}.lng"),
                "有纬度却没有经度:坐标须经纬度一并填写 / a latitude needs its longitude",
            ))
        }
        (None, None) => {}
    }
    Ok(())
}
