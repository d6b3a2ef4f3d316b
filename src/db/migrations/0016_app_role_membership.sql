-- Tenant transactions SET LOCAL ROLE loupe_app, which PostgreSQL allows only to a member of it: a
-- superuser always is, the account an installation connects with may not be. Make it one when it
-- is not already. Granting takes CREATEROLE (PostgreSQL 15 and older) or ADMIN OPTION on loupe_app
-- (16 and later, which a CREATEROLE account has on the roles it created); an account with neither
-- stops here with what to ask an administrator for, rather than failing later on every request.
DO $$
DECLARE
  -- From PostgreSQL 16 a membership may be held without the right to SET ROLE to it.
  can_switch boolean := CASE
    WHEN current_setting('server_version_num')::int >= 160000 THEN pg_has_role(current_user, 'loupe_app', 'SET')
    ELSE pg_has_role(current_user, 'loupe_app', 'MEMBER')
  END;
BEGIN
  IF NOT can_switch THEN
    BEGIN
      GRANT loupe_app TO CURRENT_USER;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE EXCEPTION 'Loupe''s database account % must be a member of role loupe_app, and cannot make itself one', current_user
        USING HINT = format('As a superuser, run: GRANT loupe_app TO %I;  (or give %I the CREATEROLE attribute)', current_user, current_user);
    END;
  END IF;
END
$$;
