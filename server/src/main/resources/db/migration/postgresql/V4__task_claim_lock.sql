-- One row that claims under a template's or project's limit lock (SELECT ... FOR UPDATE), so nodes count and claim
-- one after the other. A table of its own: locking the template and project rows instead deadlocked on MariaDB
-- with inserts, whose foreign key checks hold shared locks on those same rows.
CREATE TABLE task_claim_lock (
    id INTEGER NOT NULL PRIMARY KEY
);
INSERT INTO task_claim_lock (id) VALUES (1);
