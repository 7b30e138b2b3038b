-- A booking a clerk registered for someone who phoned or came by: the
-- clerk's account (audited), and the booking belongs to no account.
ALTER TABLE appointments ADD COLUMN registered_by TEXT;
