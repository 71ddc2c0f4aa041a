//! Statements both backends run as they are (after `dollars` for PostgreSQL). An insert that
//! makes an id returns it.
pub const INSERT_TICKET: &str = "INSERT INTO tickets (id, number, version, state, channel, kind, category, phone,
        district, holder, next_due, next_warn, urge_count, supervision, tags, search_text, created_at,
        updated_at, data, street, community, direct_answer, merged)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)";
/// Optimistic concurrency: touches no row when the version moved on. The parameters are the
/// new row (as for `INSERT_TICKET`) and then the version it was loaded at.
pub const UPDATE_TICKET: &str = "UPDATE tickets SET number = ?2, version = ?3, state = ?4,
        channel = ?5, kind = ?6, category = ?7, phone = ?8, district = ?9, holder = ?10,
        next_due = ?11, next_warn = ?12, urge_count = ?13, supervision = ?14, tags = ?15,
        search_text = ?16, created_at = ?17, updated_at = ?18, data = ?19, street = ?20,
        community = ?21, direct_answer = ?22, merged = ?23
     WHERE id = ?1 AND version = ?24";
pub const TICKET_VERSION: &str = "SELECT version FROM tickets WHERE id = ?1";
pub const TICKET_BY_ID: &str = "SELECT data FROM tickets WHERE id = ?1";
pub const TICKET_BY_NUMBER: &str = "SELECT data FROM tickets WHERE number = ?1";
pub const NEXT_TICKET_ID: &str = "SELECT COALESCE(MAX(id), 0) + 1 FROM tickets";
/// The daily sequence of ticket numbers; the upsert locks the day's row until commit.
pub const NEXT_NUMBER: &str = "INSERT INTO ticket_counters (day, last) VALUES (?1, 1)
     ON CONFLICT (day) DO UPDATE SET last = ticket_counters.last + 1 RETURNING last";
pub const INSERT_EVENT: &str =
    "INSERT INTO ticket_events (ticket_id, version, at, actor, actor_name, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
pub const EVENTS: &str =
    "SELECT version, at, actor, actor_name, data FROM ticket_events WHERE ticket_id = ?1 ORDER BY version";
/// A unit's link to a ticket: it sees the ticket, and acts on it while `taking_part`.
pub const LINK_UNIT: &str = "INSERT INTO ticket_units (unit_id, ticket_id, taking_part)
     VALUES (?1, ?2, ?3) ON CONFLICT (unit_id, ticket_id)
     DO UPDATE SET taking_part = excluded.taking_part
     WHERE ticket_units.taking_part <> excluded.taking_part";
pub const IDEMPOTENCY_KEY: &str =
    "SELECT ticket_id, fingerprint FROM idempotency_keys WHERE key = ?1";
pub const INSERT_IDEMPOTENCY_KEY: &str =
    "INSERT INTO idempotency_keys (key, ticket_id, fingerprint) VALUES (?1, ?2, ?3)";
pub const INSERT_ATTACHMENT: &str =
    "INSERT INTO attachments (id, ticket_id, name, content_type, size, bytes)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
pub const ATTACHMENT: &str =
    "SELECT ticket_id, name, content_type, bytes FROM attachments WHERE id = ?1";
pub const UPSERT_PLACE: &str = "INSERT INTO places (code, name, kind, parent, aliases, active)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, parent = excluded.parent,
     aliases = excluded.aliases, active = excluded.active";
pub const PLACES: &str =
    "SELECT code, name, kind, parent, aliases, active FROM places ORDER BY code";
/// Tickets whose place names the code (district, street or community).
pub const TICKETS_AT_PLACE: &str =
    "SELECT COUNT(*) FROM tickets WHERE district = ?1 OR street = ?1 OR community = ?1";
/// Whether a place is in the gazetteer (a ticket write's `check_places`, SQLite).
pub const PLACE_EXISTS: &str = "SELECT 1 FROM places WHERE code = ?1";
/// Delete a place that no ticket names, in one statement.
pub const DELETE_UNUSED_PLACE: &str = "DELETE FROM places WHERE code = ?1 AND NOT EXISTS
     (SELECT 1 FROM tickets WHERE district = ?1 OR street = ?1 OR community = ?1)";
pub const INSERT_UNIT: &str = "INSERT INTO units (code, name, level, parent, area, active)
     VALUES (?1, ?2, ?3, ?4, ?5, 1) RETURNING id";
pub const UPDATE_UNIT: &str =
    "UPDATE units SET code = ?2, name = ?3, level = ?4, parent = ?5, area = ?6, active = ?7 WHERE id = ?1";
pub const UNITS: &str = "SELECT id, code, name, level, parent, area, active FROM units ORDER BY id";
pub const INSERT_USER: &str =
    "INSERT INTO users (username, display_name, roles, unit_id, active, password_hash)
     VALUES (?1, ?2, ?3, ?4, 1, ?5) RETURNING id";
pub const UPDATE_USER: &str =
    "UPDATE users SET display_name = ?2, roles = ?3, unit_id = ?4, active = ?5,
        password_hash = COALESCE(?6, password_hash) WHERE id = ?1";
/// Every session and API token of a user (after a password change).
pub const DELETE_USER_TOKENS: &str = "DELETE FROM tokens WHERE user_id = ?1";
pub const USER_BY_ID: &str =
    "SELECT id, username, display_name, roles, unit_id, active, password_hash FROM users WHERE id = ?1";
pub const USER_BY_NAME: &str =
    "SELECT id, username, display_name, roles, unit_id, active, password_hash FROM users WHERE username = ?1";
pub const USERS: &str =
    "SELECT id, username, display_name, roles, unit_id, active, password_hash FROM users ORDER BY id";
pub const INSERT_TOKEN: &str =
    "INSERT INTO tokens (hash, user_id, kind, expires_at) VALUES (?1, ?2, ?3, ?4)";
pub const TOKEN_USER: &str =
    "SELECT u.id, u.username, u.display_name, u.roles, u.unit_id, u.active,
        u.password_hash
     FROM users u JOIN tokens t ON t.user_id = u.id
     WHERE t.hash = ?1 AND t.expires_at > ?2 AND u.active = 1";
pub const DELETE_TOKEN: &str = "DELETE FROM tokens WHERE hash = ?1";
pub const UPSERT_CATEGORY: &str = "INSERT INTO categories (code, name, parent, level, tier, active)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent = excluded.parent,
        level = excluded.level, tier = excluded.tier, active = excluded.active";
/// The tiers the stored categories use.
pub const CATEGORY_TIERS: &str = "SELECT DISTINCT tier FROM categories";
pub const CATEGORIES: &str =
    "SELECT code, name, parent, level, tier, active FROM categories ORDER BY code";
pub const INSERT_RESPONSIBILITY: &str =
    "INSERT INTO responsibility_lists (created_at, rules) VALUES (?1, ?2) RETURNING version";
pub const LATEST_RESPONSIBILITY_VERSION: &str =
    "SELECT COALESCE(MAX(version), 0) FROM responsibility_lists";
pub const RESPONSIBILITY: &str =
    "SELECT version, rules FROM responsibility_lists WHERE version = ?1";
pub const LATEST_RESPONSIBILITY: &str =
    "SELECT version, rules FROM responsibility_lists ORDER BY version DESC LIMIT 1";
pub const UPSERT_CALENDAR_YEAR: &str = "INSERT INTO calendar_years (year, schedule) VALUES (?1, ?2)
     ON CONFLICT (year) DO UPDATE SET schedule = excluded.schedule";
pub const CALENDAR_YEARS: &str = "SELECT schedule FROM calendar_years ORDER BY year";
pub const UPSERT_POLICY: &str = "INSERT INTO settings (key, value) VALUES ('policy', ?1)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value";
pub const POLICY: &str = "SELECT value FROM settings WHERE key = 'policy'";
pub const SETTING: &str = "SELECT value FROM settings WHERE key = ?1";
pub const UPSERT_SETTING: &str = "INSERT INTO settings (key, value) VALUES (?1, ?2)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value";
