-- The role tenant transactions switch to (SET LOCAL ROLE): it owns nothing and cannot bypass
-- row-level security. Created idempotently because roles belong to the whole server, not one database.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'loupe_app') THEN
    CREATE ROLE loupe_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END
$$;
