//! Signing in: password hashes (Argon2), browser sessions and API tokens. Only a SHA-256 of a
//! session or token secret is stored, so a database leak does not leak live credentials.
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};

use hotline_domain::org::{Actor, Role, UnitId, User};
use hotline_store::{NewUser, TokenKind};

use crate::{App, ServiceError, ServiceResult};

/// How long a browser session lasts.
pub const SESSION_HOURS: i64 = 12;
/// How long an API token lasts.
pub const TOKEN_DAYS: i64 = 365;

pub fn hash_password(password: &str) -> ServiceResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::invalid("password", e.to_string()))
}

/// A hash no password is checked against successfully on purpose: what a sign-in as an unknown
/// or disabled user is checked against (made once, with the same cost as a real one).
fn unknown_user_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password(&new_secret()).unwrap_or_default())
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// Password checks running at once: one a core.
fn argon2_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new(cores)
    })
}

fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Wrong passwords for one user name before it is refused for a while.
pub const MAX_FAILED_SIGN_INS: u32 = 10;
/// How long a user name stays refused after its last wrong password, once it has too many; a
/// pause this long between two wrong passwords also starts the count again.
pub const SIGN_IN_LOCK_MINUTES: i64 = 15;
/// Names whose failures are kept at most; past it, those not refused now are forgotten.
const MAX_NAMES_KEPT: usize = 10_000;

/// Attempts by user name (as typed, trimmed), kept in memory: each server counts its own, a
/// restart forgets them, and a new password set by an admin clears the name's.
#[derive(Default)]
pub(crate) struct SignInFailures(
    std::sync::Mutex<std::collections::HashMap<String, (u32, DateTime<Utc>)>>,
);

impl SignInFailures {
    fn key(name: &str) -> String {
        name.chars().take(64).collect()
    }

    fn table(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, (u32, DateTime<Utc>)>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Count an attempt before its password is checked (attempts at the same moment cannot
    /// all pass the check before the first failure is counted), or refuse it while the name
    /// has too many recent failures. A refused attempt does not prolong the wait.
    fn attempt(&self, name: &str, now: DateTime<Utc>) -> ServiceResult<()> {
        let lock = Duration::minutes(SIGN_IN_LOCK_MINUTES);
        let mut table = self.table();
        if table.len() >= MAX_NAMES_KEPT {
            table.retain(|_, (_, last)| now - *last < lock);
            if table.len() >= MAX_NAMES_KEPT {
                table.retain(|_, (n, _)| *n >= MAX_FAILED_SIGN_INS);
            }
        }
        let entry = table.entry(Self::key(name)).or_insert((0, now));
        if now - entry.1 >= lock {
            *entry = (0, now);
        }
        if entry.0 >= MAX_FAILED_SIGN_INS {
            let minutes = ((entry.1 + lock - now).num_seconds() + 59) / 60;
            return Err(ServiceError::TooManyAttempts(format!(
                "该用户名密码错误次数过多,请 {minutes} 分钟后再试 / too many wrong passwords \
                 for this user name: try again in {minutes} minutes"
            )));
        }
        *entry = (entry.0 + 1, now);
        Ok(())
    }

    /// The attempt was right: the name's count starts again.
    fn passed(&self, name: &str) {
        self.table().remove(&Self::key(name));
    }
}

/// Whether a request came over HTTPS, as the proxy in front of the server says (its
/// `X-Forwarded-Proto`, the first if several, or `Forwarded: proto=https`): the session cookie
/// is then marked Secure. The server itself speaks plain HTTP.
pub fn over_https(x_forwarded_proto: Option<&str>, forwarded: Option<&str>) -> bool {
    // The first proxy's word: the one the browser spoke to.
    let first = x_forwarded_proto.and_then(|p| p.split(',').next());
    let forwarded_proto = forwarded
        .and_then(|f| f.split(',').next())
        .and_then(|element| {
            (element.split(';').map(str::trim)).find_map(|kv| {
                kv.split_once('=')
                    .filter(|(k, _)| k.eq_ignore_ascii_case("proto"))
            })
        })
        .map(|(_, v)| v.trim_matches('"'));
    (first.or(forwarded_proto)).is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))
}

/// What an API token's secret starts with; a session's never does (it is hex).
const API_TOKEN_PREFIX: &str = "hl_";

/// Whether `secret` is an API token (`issue_token`) rather than a session (`login`): a system's
/// key, not a person signed in.
pub fn is_api_token(secret: &str) -> bool {
    secret.starts_with(API_TOKEN_PREFIX)
}

fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// A user to create (CLI `user add`, admin API).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct UserRequest {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub roles: Vec<Role>,
    #[serde(default)]
    pub unit: Option<UnitId>,
}

/// A change to a user (admin API and pages): everything but the username. A password, when
/// given, replaces the old one.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct UserUpdate {
    pub display_name: String,
    pub roles: Vec<Role>,
    #[serde(default)]
    pub unit: Option<UnitId>,
    pub active: bool,
    #[serde(default)]
    pub password: Option<String>,
}

fn check_password(password: &str) -> ServiceResult<()> {
    if password.chars().count() < 8 {
        return Err(ServiceError::invalid(
            "password",
            "密码至少 8 位 / at least 8 characters",
        ));
    }
    if password.trim().is_empty() {
        return Err(ServiceError::invalid(
            "password",
            "密码不能全是空格 / a password of spaces only",
        ));
    }
    Ok(())
}

impl App {
    /// At least one role, and a unit that is in use whenever a unit role needs one.
    fn check_roles(&self, roles: &[Role], unit: Option<UnitId>) -> ServiceResult<()> {
        if roles.is_empty() {
            return Err(ServiceError::invalid(
                "roles",
                "至少需要一个角色 / at least one role",
            ));
        }
        if let Some((_, r)) = roles
            .iter()
            .enumerate()
            .find(|(i, r)| roles[..*i].contains(r))
        {
            return Err(ServiceError::invalid(
                "roles",
                format!(
                    "角色「{}」重复 / role {} given twice",
                    r.label_zh(),
                    r.as_str()
                ),
            ));
        }
        let unit_roles = roles.iter().any(|r| r.is_unit_role());
        if unit_roles && roles.iter().any(|r| !r.is_unit_role()) {
            return Err(ServiceError::invalid(
                "roles",
                "承办单位角色(承办人、承办单位管理员)不能与中心角色同时授予,请分设账号 / unit roles \
                 cannot be combined with the centre's roles: use two accounts",
            ));
        }
        match (unit_roles, unit) {
            (true, None) => Err(ServiceError::invalid(
                "unit",
                "承办单位人员必须指定单位 / unit staff need a unit",
            )),
            (_, Some(u)) => self.reference().active_unit(u, "unit").map(|_| ()),
            _ => Ok(()),
        }
    }

    /// Change a user's name, roles, unit, whether they may sign in, and optionally the
    /// password. An admin cannot lock themselves out (deactivate themselves or drop their own
    /// admin role). A deactivated user's sessions and tokens stop working at once; a new password
    /// deletes them (whoever knew the old one is signed out).
    pub async fn update_user(
        &self,
        actor: &Actor,
        id: hotline_domain::org::UserId,
        change: UserUpdate,
    ) -> ServiceResult<User> {
        crate::admin::require_admin(actor)?;
        let mut user = self
            .store
            .user(id)
            .await?
            .ok_or(ServiceError::NotFound("user"))?;
        self.check_roles(&change.roles, change.unit)?;
        if actor.user == id && (!change.active || !change.roles.contains(&Role::Admin)) {
            return Err(ServiceError::invalid(
                "roles",
                "不能停用自己或取消自己的管理员角色 / you cannot lock yourself out",
            ));
        }
        let display = change.display_name.trim();
        if display.chars().count() > 64 {
            return Err(ServiceError::invalid(
                "display_name",
                "姓名最多 64 字 / at most 64 characters",
            ));
        }
        let hash = match change.password.as_deref().filter(|p| !p.is_empty()) {
            Some(p) => {
                check_password(p)?;
                Some(hash_password(p)?)
            }
            None => None,
        };
        if !display.is_empty() {
            user.display_name = display.to_string();
        }
        user.roles = change.roles;
        user.unit = change.unit;
        user.active = change.active;
        self.store.update_user(&user, hash.as_deref()).await?;
        if hash.is_some() {
            // The way back in for someone locked out by guesses at their name.
            self.sign_in_failures.passed(&user.username);
        }
        Ok(user)
    }

    /// Create a user after checking the request; the caller must be an admin (or the system).
    pub async fn add_user(&self, actor: &Actor, req: UserRequest) -> ServiceResult<User> {
        crate::admin::require_admin(actor)?;
        let username = req.username.trim();
        if username.is_empty()
            || username.len() > 64
            || !username
                .chars()
                .all(|c| c.is_alphanumeric() || "._-".contains(c))
        {
            return Err(ServiceError::invalid(
                "username",
                "用户名须为 1–64 位字母、数字或 ._- / 1–64 letters, digits or ._-",
            ));
        }
        check_password(&req.password)?;
        self.check_roles(&req.roles, req.unit)?;
        let display = if req.display_name.trim().is_empty() {
            username.to_string()
        } else {
            req.display_name.trim().to_string()
        };
        let taken = || {
            ServiceError::Conflict(format!(
                "用户名 {username} 已被占用 / username \"{username}\" is already taken"
            ))
        };
        if self.store.user_with_hash(username).await?.is_some() {
            return Err(taken());
        }
        // The unique index still decides a race between two creates of one name.
        self.store
            .insert_user(NewUser {
                username: username.to_string(),
                display_name: display,
                roles: req.roles,
                unit: req.unit,
                password_hash: hash_password(&req.password)?,
            })
            .await
            .map_err(|e| match e {
                hotline_store::StoreError::Duplicate(_) => taken(),
                other => other.into(),
            })
    }

    /// Check a password and open a session; returns the session secret for the cookie. An
    /// unknown or disabled user costs the same password check as a known one, so the time of
    /// a refusal does not tell which names exist. After `MAX_FAILED_SIGN_INS` wrong passwords
    /// for a name (no pause of `SIGN_IN_LOCK_MINUTES` between them), that name is refused,
    /// right password or not, until those minutes since the last have passed (known and
    /// unknown names alike; an admin setting a new password lets the person in at once).
    pub async fn login(&self, username: &str, password: &str) -> ServiceResult<(String, User)> {
        let name = username.trim();
        self.sign_in_failures.attempt(name, self.now())?;
        let found = self.store.user_with_hash(name).await?;
        let (user, hash) = match found {
            Some((user, hash)) if user.active && self.unit_in_use(&user) => (Some(user), hash),
            _ => (None, unknown_user_hash().to_owned()),
        };
        // Argon2 takes tens of milliseconds of a core and 19 MiB: off the threads that serve
        // requests, and no more at once than there are cores.
        let verified = {
            let _core = argon2_slots().acquire().await;
            let checked = (password.to_owned(), hash.clone());
            tokio::task::spawn_blocking(move || verify_password(&checked.0, &checked.1))
                .await
                .unwrap_or(false)
        };
        let Some(user) = user.filter(|_| verified) else {
            return Err(ServiceError::Unauthenticated);
        };
        self.sign_in_failures.passed(name);
        let secret = new_secret();
        let expires = self.now() + Duration::hours(SESSION_HOURS);
        let token = secret_hash(&secret);
        self.store
            .insert_token(&token, user.id, TokenKind::Session, expires)
            .await?;
        // A new password saved while this one was checked deleted the user's sessions before
        // this one was stored, or comes after this read and deletes it: either way, no session
        // outlives the password it was opened with.
        let now_stored = self.store.user_with_hash(name).await?;
        if now_stored.is_none_or(|(u, h)| h != hash || !u.active) {
            self.store.delete_token(&token).await?;
            return Err(ServiceError::Unauthenticated);
        }
        Ok((secret, user))
    }

    /// Issue a long-lived API token for the signed-in user.
    pub async fn issue_token(&self, user: &User) -> ServiceResult<String> {
        let secret = format!("{API_TOKEN_PREFIX}{}", new_secret());
        let expires = self.now() + Duration::days(TOKEN_DAYS);
        self.store
            .insert_token(&secret_hash(&secret), user.id, TokenKind::Api, expires)
            .await?;
        Ok(secret)
    }

    /// The user behind a session cookie or a bearer token: the secret live, the user active,
    /// and the user's unit (for unit staff) still in use.
    pub async fn authenticate(&self, secret: &str) -> ServiceResult<User> {
        if secret.is_empty() || secret.len() > 200 {
            return Err(ServiceError::Unauthenticated);
        }
        self.store
            .token_user(&secret_hash(secret), self.now())
            .await?
            .filter(|u| self.unit_in_use(u))
            .ok_or(ServiceError::Unauthenticated)
    }

    /// Whether the user's unit is still in use, for unit staff: staff of a unit retired (停用)
    /// no longer sign in, nor keep working on its sessions. Centre staff filed under a unit
    /// are not unit staff and keep signing in.
    fn unit_in_use(&self, user: &User) -> bool {
        // Read on every request: the reference data only for unit staff.
        let unit_staff = user.roles.iter().any(|r| r.is_unit_role());
        match user.unit {
            Some(u) if unit_staff => {
                (self.reference().units.get(&u)).is_none_or(|unit| unit.active)
            }
            _ => true,
        }
    }

    pub async fn logout(&self, secret: &str) -> ServiceResult<()> {
        Ok(self.store.delete_token(&secret_hash(secret)).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_is_what_the_proxy_in_front_says() {
        assert!(over_https(Some("https"), None));
        assert!(over_https(Some("HTTPS, http"), None));
        assert!(over_https(
            None,
            Some("for=10.0.0.1;proto=https;host=rexian.example")
        ));
        assert!(!over_https(Some("http"), None));
        assert!(!over_https(Some("http, https"), None));
        assert!(!over_https(None, Some("for=10.0.0.1;proto=http")));
        assert!(over_https(None, Some("for=10.0.0.1;proto=\"https\"")));
        assert!(!over_https(
            None,
            Some("for=a;proto=http, for=b;proto=https")
        ));
        assert!(!over_https(None, None));
    }

    /// A sign-in as nobody does the work of a real password check (an Argon2 hash of the
    /// same parameters), and fails.
    #[test]
    fn an_unknown_user_is_checked_against_a_real_hash() {
        let hash = PasswordHash::new(unknown_user_hash()).map(|h| h.algorithm.to_string());
        let real = hash_password("demo12345").unwrap_or_default();
        let real = PasswordHash::new(&real).map(|h| h.algorithm.to_string());
        assert_eq!(hash.ok(), real.ok());
        assert!(!verify_password("demo12345", unknown_user_hash()));
        assert!(!verify_password("", unknown_user_hash()));
    }
}
