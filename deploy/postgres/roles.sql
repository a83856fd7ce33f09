-- PostgreSQL roles and databases of Mash, run by the superuser with psql (idempotent):
--   deploy/local/provision.sh       on a machine without Docker, after every start
--   docker-compose.yml              once, on an empty data directory (docker-entrypoint-initdb.d)
--   tests (Testcontainers)          in each test run's container
--
-- Each service connects as its own role, named as its database, which owns that database and
-- may connect to no other: a leaked connection string of one service reads nothing of another's.
-- `mash` is the administrator: it creates databases (each test makes its own) and, as a member of
-- every service role, can reset or inspect them; no service connects as it.
\set ON_ERROR_STOP on
SET client_min_messages = warning; -- "already a member" notices on every run are not news

DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mash') THEN
    CREATE ROLE mash LOGIN CREATEDB PASSWORD 'mash';
  ELSE
    ALTER ROLE mash LOGIN CREATEDB PASSWORD 'mash';
  END IF;
  -- Audit appends to its trail as this role, which may only read and insert (services/Audit).
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'audit_trail_writer') THEN
    CREATE ROLE audit_trail_writer NOLOGIN;
  END IF;
END $$;
GRANT audit_trail_writer TO mash;

-- Development passwords are the role's name; production sets its own (ConnectionStrings__Database).
\set services 'mash_intake mash_thresholds mash_earlyhelp mash_allocation mash_audit'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', name, name) FROM unnest(string_to_array(:'services', ' ')) AS name
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = name) \gexec
SELECT format('GRANT %I TO mash', name) FROM unnest(string_to_array(:'services', ' ')) AS name \gexec
GRANT audit_trail_writer TO mash_audit;
SELECT format('CREATE DATABASE %I OWNER %I', name, name) FROM unnest(string_to_array(:'services', ' ')) AS name
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = name) \gexec

-- A database made before per-service roles (owned by mash) passes to its service's role: first
-- the tables, sequences and functions in it, then the database itself, last (provision.sh takes
-- the database's owner as the sign that everything here was done).
\connect mash_intake
\ir own-objects.psql
\connect mash_thresholds
\ir own-objects.psql
\connect mash_earlyhelp
\ir own-objects.psql
\connect mash_allocation
\ir own-objects.psql
\connect mash_audit
\ir own-objects.psql
\connect postgres
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', name) FROM unnest(string_to_array(:'services', ' ')) AS name \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', d.datname, d.datname) FROM pg_database d
 WHERE d.datname = ANY (string_to_array(:'services', ' '))
   AND d.datdba <> (SELECT oid FROM pg_roles WHERE rolname = d.datname) \gexec

-- The load bench counts the statements a contact costs (deploy/mash bench load). The view needs
-- the library loaded at start (shared_preload_libraries=pg_stat_statements); mash reads every role's rows.
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
GRANT pg_read_all_stats TO mash;
