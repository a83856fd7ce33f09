-- Run once by the postgres image on an empty data directory (docker-entrypoint-initdb.d).
-- Same role and databases as deploy/local/provision.sh creates on a machine without Docker.
CREATE ROLE mash LOGIN CREATEDB PASSWORD 'mash';
-- Audit appends to its trail as this role: SELECT and INSERT only (see services/Audit).
CREATE ROLE audit_trail_writer NOLOGIN;
GRANT audit_trail_writer TO mash;
CREATE DATABASE mash_intake OWNER mash;
CREATE DATABASE mash_thresholds OWNER mash;
CREATE DATABASE mash_earlyhelp OWNER mash;
CREATE DATABASE mash_allocation OWNER mash;
CREATE DATABASE mash_audit OWNER mash;
