-- The trail is append-only, twice over. A trigger refuses UPDATE, DELETE and TRUNCATE for
-- everyone (only the table owner can disable it, and VerifyTrail then finds the change); and the
-- service appends as audit_trail_writer, a role that may only read and insert. Roles are
-- cluster-wide: deploy/postgres/roles.sql (provision.sh and docker-compose run it) creates this one
-- as the superuser for mash and mash_audit; where the role may create roles itself (a test container) it does.
CREATE FUNCTION trail_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % is refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER trail_entries_append_only BEFORE UPDATE OR DELETE ON trail_entries
    FOR EACH ROW EXECUTE FUNCTION trail_entries_append_only();
CREATE TRIGGER trail_entries_no_truncate BEFORE TRUNCATE ON trail_entries
    FOR EACH STATEMENT EXECUTE FUNCTION trail_entries_append_only();

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'audit_trail_writer') THEN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
            RAISE EXCEPTION 'The role audit_trail_writer does not exist and % may not create it: run deploy/postgres/roles.sql (deploy/local/provision.sh does) as the PostgreSQL superuser', current_user;
        END IF;
        BEGIN
            CREATE ROLE audit_trail_writer NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- another database of this cluster created it at the same moment
        END;
    END IF;
    IF NOT pg_has_role(current_user, 'audit_trail_writer', 'MEMBER') THEN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
            RAISE EXCEPTION '% may not use the role audit_trail_writer: GRANT audit_trail_writer TO % as the PostgreSQL superuser (deploy/local/provision.sh does)', current_user, current_user;
        END IF;
        EXECUTE format('GRANT audit_trail_writer TO %I', current_user);
    END IF;
END $$;

REVOKE ALL ON trail_entries FROM audit_trail_writer;
GRANT SELECT, INSERT ON trail_entries TO audit_trail_writer;
