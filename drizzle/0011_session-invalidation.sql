-- Ends cached sessions and API tokens on every instance (lib/server/auth/verified-cache.ts): any change that
-- can end a session or alter who it stands for, whoever writes it (better-auth, the console's services, the
-- CLI, SQL by hand), notifies channel console_auth with s:<session id>, u:<user id> or t:<token id>. NOTIFY is
-- delivered at commit, so a listener never learns of a change that was rolled back. A session's last activity
-- (updated_at) notifies too: the batch that writes it runs at most every few seconds, and a process must not
-- judge the idle rule by what it remembers once the stored value was changed. A token's last use notifies nobody.
CREATE FUNCTION console_auth_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_id text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    row_id := CASE TG_ARGV[0] WHEN 'u' THEN OLD.user_id ELSE OLD.id END;
  ELSE
    row_id := CASE TG_ARGV[0] WHEN 'u' THEN NEW.user_id ELSE NEW.id END;
  END IF;
  PERFORM pg_notify('console_auth', TG_ARGV[0] || ':' || row_id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION console_auth_notify_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('console_auth', 'u:' || CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER auth_session_ended AFTER DELETE ON auth_session
  FOR EACH ROW EXECUTE FUNCTION console_auth_notify('s');
--> statement-breakpoint
CREATE TRIGGER auth_session_changed AFTER UPDATE ON auth_session
  FOR EACH ROW WHEN (
    OLD.token IS DISTINCT FROM NEW.token OR OLD.user_id IS DISTINCT FROM NEW.user_id
    OR OLD.expires_at IS DISTINCT FROM NEW.expires_at OR OLD.created_at IS DISTINCT FROM NEW.created_at
    OR OLD.updated_at IS DISTINCT FROM NEW.updated_at
  ) EXECUTE FUNCTION console_auth_notify('s');
--> statement-breakpoint
CREATE TRIGGER auth_user_changed AFTER UPDATE ON auth_user
  FOR EACH ROW WHEN (
    OLD.role IS DISTINCT FROM NEW.role OR OLD.active IS DISTINCT FROM NEW.active
    OR OLD.two_factor_enabled IS DISTINCT FROM NEW.two_factor_enabled
    OR OLD.email IS DISTINCT FROM NEW.email OR OLD.name IS DISTINCT FROM NEW.name
  ) EXECUTE FUNCTION console_auth_notify_user();
--> statement-breakpoint
CREATE TRIGGER auth_user_deleted AFTER DELETE ON auth_user
  FOR EACH ROW EXECUTE FUNCTION console_auth_notify_user();
--> statement-breakpoint
-- A session knows whether its user has a password (two-factor set-up is required of password admins).
CREATE TRIGGER auth_account_changed AFTER INSERT OR DELETE ON auth_account
  FOR EACH ROW EXECUTE FUNCTION console_auth_notify('u');
--> statement-breakpoint
CREATE TRIGGER api_token_changed AFTER UPDATE ON api_tokens
  FOR EACH ROW WHEN (
    OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
    OR OLD.role IS DISTINCT FROM NEW.role OR OLD.org_ids IS DISTINCT FROM NEW.org_ids
    OR OLD.user_id IS DISTINCT FROM NEW.user_id OR OLD.token_hash IS DISTINCT FROM NEW.token_hash
    OR OLD.name IS DISTINCT FROM NEW.name
  ) EXECUTE FUNCTION console_auth_notify('t');
--> statement-breakpoint
CREATE TRIGGER api_token_deleted AFTER DELETE ON api_tokens
  FOR EACH ROW EXECUTE FUNCTION console_auth_notify('t');
