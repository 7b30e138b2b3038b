-- Security fixes of the probe (issue 15).
-- An administrator enrolling a staff member's authenticator app in person
-- holds the pending key in their own session, for that member's account.
ALTER TABLE sessions ADD COLUMN pending_totp_account_id TEXT;
-- A SPID answer counts only in the browser that asked for it: the SHA-256
-- of a random value in a short-lived cookie set when the request was issued.
ALTER TABLE spid_authn_requests ADD COLUMN browser_binding_hash TEXT;
