//! From the parts of an expression to an instant or a range, given `now`.
use chrono::{DateTime, Datelike, Duration, FixedOffset, Months, NaiveDate, NaiveTime, Timelike};

use super::holidays::{Holiday, HolidaySpan, Named, BEFORE_AFTER_DAYS};
use super::{china, Holidays, Parts, Period, Portion, TimeValue, WeekPart};
use chinese_lunisolar_calendar::LunisolarDate;

fn shift_month(year: i32, month: u32, delta: i32) -> (i32, u32) {
    let index = year * 12 + month as i32 - 1 + delta;
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

fn at(day: NaiveDate, minutes: i64) -> Option<DateTime<FixedOffset>> {
    let midnight = day
        .and_time(NaiveTime::MIN)
        .and_local_timezone(china())
        .single()?;
    Some(midnight + Duration::minutes(minutes))
}

/// The calendar part of an expression.
enum Span {
    Day(NaiveDate),
    Days(NaiveDate, NaiveDate),
    /// No date: today, or yesterday for a time of day still to come.
    Today,
    /// A weekday alone that is today's: today, or a week ago for a time of day still to come
    /// ("周二晚上停电了" said on a Tuesday afternoon is last Tuesday).
    TodaysWeekday,
}

/// How far ahead a date without its year (or month) may be read: callers tell what happened,
/// so "3月10日" said in November is last March, but "11月30日" said on the 24th is next week.
const AHEAD_DAYS: i64 = 7;

/// The candidate a caller most likely means: the nearest within `AHEAD_DAYS` ahead, else the
/// latest before today, else the nearest.
fn likeliest(
    today: NaiveDate,
    candidates: impl Iterator<Item = Option<NaiveDate>>,
) -> Option<NaiveDate> {
    likeliest_as(today, candidates, false)
}

/// `likeliest`, or for a day told as one gone by (`gone`: "10号那天") the latest not after
/// today, when there is one.
fn likeliest_as(
    today: NaiveDate,
    candidates: impl Iterator<Item = Option<NaiveDate>>,
    gone: bool,
) -> Option<NaiveDate> {
    let all: Vec<NaiveDate> = candidates.flatten().collect();
    let ahead = |d: &NaiveDate| (*d - today).num_days();
    if gone {
        if let Some(d) = all.iter().filter(|d| ahead(d) <= 0).max() {
            return Some(*d);
        }
    }
    all.iter()
        .filter(|d| (0..=AHEAD_DAYS).contains(&ahead(d)))
        .min()
        .or_else(|| all.iter().filter(|d| ahead(d) < 0).max())
        .or_else(|| all.iter().min_by_key(|d| ahead(d).abs()))
        .copied()
}

/// The year written ("2019年", "19年": 1919 only when 2019 is over a year ahead) or counted
/// from today ("去年").
fn year_of(p: &Parts, today: NaiveDate) -> Option<i32> {
    p.year
        .map(|y| {
            if p.short_year && y > today.year() + 1 {
                y - 100
            } else {
                y
            }
        })
        .or(p.rel_year.map(|r| today.year() + r))
}

fn calendar(p: &Parts, today: NaiveDate) -> Option<Span> {
    if let Some(d) = p.rel_day {
        return Some(Span::Day(today + Duration::days(d)));
    }
    if let Some(n) = p.days_ago {
        let day = Duration::try_days(n).and_then(|d| today.checked_sub_signed(d))?;
        return Some(Span::Day(day));
    }
    if let Some(n) = p.months_ago {
        // The 31st three months before June 30th is March 30th... or the month's last day.
        return today.checked_sub_months(Months::new(n)).map(Span::Day);
    }
    if let Some((offset, part)) = p.week {
        let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64)
            + Duration::weeks(offset);
        return Some(match part {
            // "周日上午" said on a Tuesday is the Sunday just gone.
            WeekPart::Day(d) if p.week_bare && monday + Duration::days(d) > today => {
                Span::Day(monday + Duration::days(d - 7))
            }
            WeekPart::Day(d) if p.week_bare && monday + Duration::days(d) == today => {
                Span::TodaysWeekday
            }
            WeekPart::Day(d) => Span::Day(monday + Duration::days(d)),
            WeekPart::Whole => Span::Days(monday, monday + Duration::weeks(1)),
            // "周末" said on a weekday is the weekend just gone, as a complaint tells of it.
            WeekPart::Weekend if p.week_bare && monday + Duration::days(5) > today => {
                Span::Days(monday - Duration::days(2), monday)
            }
            WeekPart::Weekend => {
                Span::Days(monday + Duration::days(5), monday + Duration::weeks(1))
            }
        });
    }
    let year = year_of(p, today);
    let (year, month) = match (year, p.month, p.rel_month) {
        (y, None, Some(r)) => {
            let (ry, rm) = shift_month(today.year(), today.month(), r);
            (Some(y.unwrap_or(ry)), Some(rm))
        }
        (y, m, _) => (y, m),
    };
    let ymd = NaiveDate::from_ymd_opt;
    match (year, month, p.day) {
        (Some(y), Some(m), Some(d)) => ymd(y, m, d).map(Span::Day),
        (None, Some(m), Some(d)) => {
            let y = today.year();
            let years = [y - 1, y, y + 1].into_iter().map(|y| ymd(y, m, d));
            likeliest_as(today, years, p.gone).map(Span::Day)
        }
        (y, None, Some(d)) => {
            // Two months back: "30号" said in March is January's when February has none (not
            // March's, weeks ahead).
            let months = [-2, -1, 0, 1].map(|r| shift_month(today.year(), today.month(), r));
            let months = months
                .into_iter()
                .filter(|(my, _)| y.is_none_or(|y| y == *my));
            likeliest_as(today, months.map(|(y, m)| ymd(y, m, d)), p.gone).map(Span::Day)
        }
        (y, Some(m), None) => {
            let y = match y {
                Some(y) => y,
                None => {
                    let t = today.year();
                    let firsts = [t - 1, t, t + 1].into_iter().map(|y| ymd(y, m, 1));
                    likeliest(today, firsts)?.year()
                }
            };
            let (ny, nm) = shift_month(y, m, 1);
            let next_month = ymd(ny, nm, 1)?;
            Some(match p.portion {
                // The last third runs to the month's end, however long the month.
                Some(Portion::Days(first, last)) => Span::Days(
                    ymd(y, m, first)?,
                    ymd(y, m, last + 1).unwrap_or(next_month).min(next_month),
                ),
                _ => Span::Days(ymd(y, m, 1)?, next_month),
            })
        }
        (Some(y), None, None) => Some(match p.portion {
            Some(Portion::Months(first, last)) => {
                // A winter counted from this year ("今年冬天", "去年冬天") said in January or
                // February counts from the winter under way, which began last December.
                let y = if last > 12 && p.rel_year.is_some() && today.month() < 3 {
                    y - 1
                } else {
                    y
                };
                let (ny, nm) = shift_month(y, last, 1);
                Span::Days(ymd(y, first, 1)?, ymd(ny, nm, 1)?)
            }
            _ => Span::Days(ymd(y, 1, 1)?, ymd(y + 1, 1, 1)?),
        }),
        (None, None, None) => Some(Span::Today),
    }
}

pub(super) fn resolve(p: &Parts, now: DateTime<FixedOffset>, holidays: &Holidays) -> TimeValue {
    if p.recurring || p.adverb {
        return TimeValue::Recurring;
    }
    if p.vague {
        return TimeValue::Vague;
    }
    if let Some((month, day)) = p.lunar {
        let today = now.date_naive();
        // The lunar year's date: its twelfth month falls in the next solar year's first weeks.
        // 腊月三十 is New Year's Eve, the 29th in a short month.
        let the_day = |year: i32| {
            let year = u16::try_from(year).ok()?;
            let date = LunisolarDate::from_ymd(year, month, false, day).or_else(|e| {
                if (month, day) == (12, 30) {
                    LunisolarDate::from_ymd(year, 12, false, 29)
                } else {
                    Err(e)
                }
            });
            Some(date.ok()?.to_naive_date())
        };
        let date = match year_of(p, today) {
            Some(year) => the_day(year),
            None if p.ahead => (-1..=1)
                .filter_map(|y| the_day(today.year() + y))
                .filter(|d| *d >= today)
                .min(),
            None => likeliest(today, (-2..=1).map(|y| the_day(today.year() + y))),
        };
        return date.map_or(TimeValue::Vague, |date| on_date(p, date, now));
    }
    if let Some(holiday) = p.holiday {
        let today = now.date_naive();
        if matches!(p.holiday_named, Named::Before | Named::After) {
            return around_holiday(p, holiday, today, holidays).unwrap_or(TimeValue::Vague);
        }
        // The holiday's day, or a day counted from it ("元旦那天", "除夕", "元旦前一天"), or a
        // time of day on it ("国庆晚上", "端午那天下午"): that day, of the year given or the
        // likeliest one.
        let timed = p.period.is_some() || p.hour.is_some();
        let year = year_of(p, today);
        // A holiday looked ahead to whose days off are not yet published is its day.
        let unscheduled_ahead =
            p.ahead && year.is_none() && holidays.upcoming(holiday, today).is_none();
        let offset = match p.holiday_named {
            Named::Day(days) => Some(days),
            Named::Either if timed => Some(0),
            _ if unscheduled_ahead => Some(0),
            _ => None,
        };
        let the_day = |year: i32| {
            let day = holiday.day_in(year)?;
            day.checked_add_signed(Duration::try_days(offset?)?)
        };
        if let Some(day) = holiday_day(year, p.ahead, today, the_day) {
            return on_date(p, day, now);
        }
        // A day counted from a holiday whose date is unknown here (清明前一天) is not placed;
        // its day itself (清明那天) falls back to its days off.
        if matches!(p.holiday_named, Named::Day(d) if d != 0) {
            return TimeValue::Vague;
        }
        // The year's holiday when a year is given, else the next one when looked ahead to,
        // else the latest that has begun.
        let span = match year {
            Some(year) => holidays.in_year(holiday, year),
            None if p.ahead => holidays.upcoming(holiday, today),
            None => holidays.latest(holiday, today),
        };
        return span
            .and_then(|s| {
                Some(TimeValue::Range {
                    from: at(s.start, 0)?,
                    to: at(s.end.succ_opt()?, 0)?,
                })
            })
            .unwrap_or(TimeValue::Vague);
    }
    if p.now {
        return TimeValue::Instant { at: now };
    }
    if p.just_now {
        return TimeValue::Range {
            from: now - Duration::hours(1),
            to: now,
        };
    }
    if let Some(m) = p.minutes_ago {
        return match Duration::try_minutes(m).and_then(|d| now.checked_sub_signed(d)) {
            Some(at) => TimeValue::Instant { at },
            None => TimeValue::Vague,
        };
    }
    resolve_calendar(p, now).unwrap_or(TimeValue::Vague)
}

/// The day `day_in` gives for the year given, else the next one from today when looked ahead
/// to, else the likeliest of last year's, this year's and next year's.
fn holiday_day(
    year: Option<i32>,
    ahead: bool,
    today: NaiveDate,
    day_in: impl Fn(i32) -> Option<NaiveDate>,
) -> Option<NaiveDate> {
    match year {
        Some(year) => day_in(year),
        None if ahead => (0..=1)
            .filter_map(|y| day_in(today.year() + y))
            .find(|d| *d >= today),
        None => likeliest(today, (-1..=1).map(|y| day_in(today.year() + y))),
    }
}

/// How near a holiday must be for "春节前" to be of the coming one: the weeks before it are
/// already "before the holiday".
const BEFORE_NEAR_DAYS: i64 = 45;

/// The two weeks before a holiday's days off ("春节前") or after them ("春节后"), of the year
/// given, else the next one when looked ahead to or near, else the latest that has begun. A year with
/// no published schedule counts from the holiday's own day (清明, which has none, is not
/// placed).
fn around_holiday(
    p: &Parts,
    holiday: Holiday,
    today: NaiveDate,
    holidays: &Holidays,
) -> Option<TimeValue> {
    let year = year_of(p, today);
    // Unless looked ahead to, the next holiday when it is near (as `likeliest` takes a day;
    // "春节前" said in the weeks before it is of the coming one: those weeks are now), else
    // the latest that has begun.
    let reach_ahead = if p.holiday_named == Named::Before {
        BEFORE_NEAR_DAYS
    } else {
        AHEAD_DAYS
    };
    let near = |s: &HolidaySpan| (s.start - today).num_days() <= reach_ahead;
    let span = match year {
        Some(year) => holidays.in_year(holiday, year),
        None if p.ahead => holidays.upcoming(holiday, today),
        None => holidays
            .upcoming(holiday, today)
            .filter(near)
            .or_else(|| holidays.latest(holiday, today)),
    };
    let (first, last) = match span {
        Some(s) => (s.start, s.end),
        None => {
            let day = holiday_day(year, p.ahead, today, |y| holiday.day_in(y))?;
            (day, day)
        }
    };
    let reach = Duration::try_days(BEFORE_AFTER_DAYS)?;
    let (from, to) = if p.holiday_named == Named::Before {
        (first.checked_sub_signed(reach)?, first)
    } else {
        let after = last.succ_opt()?;
        (after, after.checked_add_signed(reach)?)
    };
    Some(TimeValue::Range {
        from: at(from, 0)?,
        to: at(to, 0)?,
    })
}

/// `p` on a date a holiday or the Chinese calendar gave: that day, with the time of day `p`
/// names on it.
fn on_date(p: &Parts, date: NaiveDate, now: DateTime<FixedOffset>) -> TimeValue {
    let on_the_day = Parts {
        holiday: None,
        lunar: None,
        year: Some(date.year()),
        short_year: false,
        rel_year: None,
        month: Some(date.month()),
        day: Some(date.day()),
        ..p.clone()
    };
    resolve_calendar(&on_the_day, now).unwrap_or(TimeValue::Vague)
}

fn resolve_calendar(p: &Parts, now: DateTime<FixedOffset>) -> Option<TimeValue> {
    let today = now.date_naive();
    let (day, implicit) = match calendar(p, today)? {
        Span::Days(from, to) => {
            return Some(TimeValue::Range {
                from: at(from, 0)?,
                to: at(to, 0)?,
            });
        }
        Span::Day(d) => (d, 0),
        Span::Today => (today, 1),
        Span::TodaysWeekday => (today, 7),
    };
    // "今晚" said in the small hours is the night still going on, begun yesterday evening.
    let night = matches!(
        p.period,
        Some(Period::Evening | Period::Night | Period::Midnight)
    );
    let day = if p.rel_day == Some(0) && night && now.hour() < 6 {
        day.pred_opt()?
    } else {
        day
    };
    // A time of day with no date (or only today's weekday) is the latest one not after now.
    // A night's hours count from the evening before ("半夜两点" is 26:00 of its day), so going
    // back once may not be enough: said at 01:00, 半夜两点 is 02:00 the day before.
    let back = |mut t: DateTime<FixedOffset>| {
        for _ in 0..2 {
            if implicit > 0 && t > now {
                t -= Duration::days(implicit);
            }
        }
        t
    };
    if let Some(hour) = p.hour {
        let minute = i64::from(p.minute.unwrap_or(0));
        let clock = |h: u32| at(day, i64::from(h) * 60 + minute).map(back);
        let start = match p.period {
            Some(period) => clock(period.hour(hour))?,
            None if !p.bare_clock() || hour == 12 => clock(hour)?,
            // "3点半" with no part of the day is the afternoon's: callers say 凌晨 or 半夜 for
            // the small hours.
            None if hour <= 5 => clock(hour + 12)?,
            // "8点", "十点": the morning's or the evening's, whichever was last when the day
            // is today (or not said).
            None if implicit > 0 || day == today => {
                let (am, pm) = (clock(hour)?, clock(hour + 12)?);
                [am, pm]
                    .into_iter()
                    .filter(|t| *t <= now)
                    .max()
                    .unwrap_or(am)
            }
            None => clock(hour)?,
        };
        let hours = if p.two_hours { 2 } else { i64::from(p.more) };
        return Some(if hours > 0 {
            TimeValue::Range {
                from: start,
                to: start + Duration::hours(hours),
            }
        } else {
            TimeValue::Instant { at: start }
        });
    }
    if let Some(period) = p.period {
        let (start, end) = period.span();
        let from = back(at(day, start)?);
        return Some(TimeValue::Range {
            from,
            to: from + Duration::minutes(end - start),
        });
    }
    Some(TimeValue::Range {
        from: at(day, 0)?,
        to: at(day, 1440)?,
    })
}
