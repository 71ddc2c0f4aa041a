-- What the request with an idempotency key said (a SHA-256 of it): a retry must say the same.
-- Keys stored before this have none and are taken on trust.
ALTER TABLE idempotency_keys ADD COLUMN fingerprint TEXT;
