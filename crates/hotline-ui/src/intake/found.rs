//! What the side panel found in the text for the form: elements the form does not have yet,
//! each with a button that fills it in, and what the operator checks with the caller.
use maud::{html, Markup};

use hotline_domain::calendar::china_offset;
use hotline_domain::ticket::FiveElements;
use hotline_service::analyze::Analysis;
use hotline_service::Reference;

/// The form's time field (local, minutes) for a time read from the text: an instant, or the
/// start of a span of at most six hours (十点多, 昨天晚上); a whole day or longer, a repeating or
/// a vague time fills only the description.
fn form_time(value: &hotline_service::analyze::TimeValue) -> Option<String> {
    use hotline_service::analyze::TimeValue;
    let at = match value {
        TimeValue::Instant { at } => *at,
        TimeValue::Range { from, to } if *to - *from <= chrono::Duration::hours(6) => *from,
        _ => return None,
    };
    Some(
        at.with_timezone(&china_offset())
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
    )
}

/// How many persons and organisations the panel offers for 人物.
const MAX_PARTIES_OFFERED: usize = 5;

/// Elements the analysis found in the text that the form does not have yet, each with a
/// button that fills it in: the time as said (现在 only when nothing else says when), the
/// place (district, street, community), the detailed address, the persons and organisations
/// named, and the event and demand as read from the text (a long one shown shortened; 填入
/// fills it whole).
pub(super) fn found_elements(r: &Reference, a: &Analysis, form: &FiveElements) -> Markup {
    let times = &a.elements.times;
    let time = times
        .iter()
        .find(|t| !t.is_the_call_moment())
        .or(times.first())
        .filter(|_| form.time_text.trim().is_empty() && form.time.is_none());
    let form_has_place = form.place.district.is_some()
        || form.place.street.is_some()
        || form.place.community.is_some();
    let p = &a.place;
    let found = &a.elements.places;
    let named = found
        .road
        .as_ref()
        .or(found.landmark.as_ref())
        .map(|x| x.name.clone());
    let place = (!form_has_place && p.district.is_some()).then(|| {
        let areas = [&p.district, &p.street, &p.community]
            .into_iter()
            .flatten()
            .filter_map(|c| r.places.get(c).map(|x| x.name.clone()))
            .collect::<Vec<_>>()
            .join(" ");
        match &named {
            Some(n) => format!("{n} → {areas}"),
            None => areas,
        }
    });
    // Places the text names by an alias: the operator sees which place it was taken for.
    let aliases: Vec<String> = found
        .mentions
        .iter()
        .filter_map(|m| m.said.as_ref().map(|s| format!("「{s}」即{}", m.name)))
        .collect();
    // The address as said ("丽发新城小区5栋", "银杉路"), else the road or landmark named.
    let address = (form.place.address.trim().is_empty())
        .then(|| {
            found
                .addresses
                .first()
                .map(|a| a.text.clone())
                .or_else(|| named.clone())
        })
        .flatten();
    // The persons and organisations named, each once, in reading order.
    let mut parties: Vec<&str> = Vec::new();
    for p in &a.elements.parties {
        if !parties.contains(&p.text.as_str()) && parties.len() < MAX_PARTIES_OFFERED {
            parties.push(&p.text);
        }
    }
    let parties =
        (form.person.trim().is_empty() && !parties.is_empty()).then(|| parties.join("、"));
    // Event and demand as read from the text, each while the form has none.
    // The event is offered in the formal wording a record is written in (吵得睡不着 →
    // 噪声扰民, by the centre's lexicon), with the phrases reworded shown beside it.
    let formal = &a.elements.event_formal;
    let event = (form.event.trim().is_empty())
        .then(|| {
            if formal.replacements.is_empty() {
                a.elements.event.trim()
            } else {
                formal.text.trim()
            }
        })
        .filter(|e| !e.is_empty());
    let mut reworded: Vec<String> = Vec::new();
    for r in &formal.replacements {
        let line = format!("「{}」→「{}」", r.from, r.to);
        if !reworded.contains(&line) {
            reworded.push(line);
        }
    }
    let demand = (form.demand.trim().is_empty())
        .then(|| a.elements.demand.trim())
        .filter(|d| !d.is_empty());
    // The form's place, which the text contradicts: the operator checks which is right.
    let conflict = a.place_conflict.as_ref().filter(|_| form_has_place);
    // Roads and landmarks the text puts in an area the gazetteer does not, and names several
    // places share: the caller is asked.
    let mut outside: Vec<String> = found
        .outside
        .iter()
        .map(|o| match &o.lies_in {
            Some(l) => format!(
                "「{}」在地名库中属于「{}」,文本说在「{}」,请与来电人核实",
                o.place.name, l.name, o.said_in.name
            ),
            None => format!(
                "「{}」在地名库中不在「{}」,请与来电人核实",
                o.place.name, o.said_in.name
            ),
        })
        .collect();
    let under = |c: &String| {
        r.places
            .get(c)
            .and_then(|x| x.parent.as_ref())
            .and_then(|p| r.places.get(p))
            .map_or(c.clone(), |p| p.name.clone())
    };
    for m in found.mentions.iter().filter(|m| !m.candidates.is_empty()) {
        let line = format!(
            "「{}」有 {} 处同名(在{}),请与来电人核实后选择地点",
            m.name,
            m.candidates.len(),
            m.candidates
                .iter()
                .map(under)
                .collect::<Vec<_>>()
                .join("、")
        );
        if !outside.contains(&line) {
            outside.push(line);
        }
    }
    let any = time.is_some()
        || conflict.is_some()
        || !outside.is_empty()
        || place.is_some()
        || address.is_some()
        || parties.is_some()
        || event.is_some()
        || demand.is_some();
    html! {
        @if any {
            section #found {
                h3 { "文本中识别到" }
                @if let Some(t) = time {
                    p { "时间:" (t.text) " "
                        button.link type="button" data-fill="time-text" data-value=(t.text)
                            data-also="time" data-also-value=[form_time(&t.value)] { "填入" } }
                }
                @if let Some(c) = conflict {
                    p.warn #place-conflict { "地点与文本不一致:表单为「" (c.given.name) "」,文本提到「" (c.found.name) "」 "
                        button.link #replace-place type="button" data-fill-place="" data-replace=""
                            data-district=(found.district.as_ref().map(|x| x.code.clone()).unwrap_or_default())
                            data-street=(found.street.as_ref().map(|x| x.code.clone()).unwrap_or_default())
                            data-community=(found.community.as_ref().map(|x| x.code.clone()).unwrap_or_default()) { "改为文本中的地点" } }
                }
                @for o in &outside {
                    p.warn.place-outside { (o) }
                }
                @if let Some(names) = &place {
                    p { "地点:" (names) " "
                        button.link #fill-place type="button"
                            data-fill-place=""
                            data-district=(p.district.clone().unwrap_or_default())
                            data-street=(p.street.clone().unwrap_or_default())
                            data-community=(p.community.clone().unwrap_or_default()) { "填入" } }
                    @if !aliases.is_empty() { p.muted #place-aliases { (aliases.join(";")) } }
                }
                @if let Some(a) = &address {
                    p { "详细地址:" (a) " "
                        button.link type="button" data-fill="address" data-value=(a) { "填入" } }
                }
                @if let Some(names) = &parties {
                    p #found-person { "人物:" (names) " "
                        button.link type="button" data-fill="person" data-value=(names) { "填入" } }
                }
                @if let Some(e) = event {
                    p #found-event { "事件:" (shortened(e)) " "
                        button.link type="button" data-fill="event" data-value=(e) { "填入" } }
                    @if !reworded.is_empty() {
                        p.muted #event-reworded { "已按规范用语改写:" (reworded.join("、")) }
                    }
                }
                @if let Some(d) = demand {
                    p #found-demand { "诉求:" (shortened(d)) " "
                        button.link type="button" data-fill="demand" data-value=(d) { "填入" } }
                }
            }
        }
    }
}

/// How many characters of a found event or demand the panel shows.
const SHOWN_CHARS: usize = 80;

/// `text` cut to `SHOWN_CHARS` characters, with "…" when it was longer.
fn shortened(text: &str) -> String {
    hotline_domain::text::clipped(text, SHOWN_CHARS)
}
