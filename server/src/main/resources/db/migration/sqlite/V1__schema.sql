-- Semaphore for Java: initial schema (SQLite).
-- Table and column names follow Semaphore UI (db/sql/migrations). Timestamps are written by the application.
-- Booleans are stored as 0/1. SQLite accepts a REFERENCES clause to a table created later in this file
-- (project__inventory.holder_id -> project__template). Foreign keys are enforced with PRAGMA foreign_keys=ON.

CREATE TABLE "user" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created DATETIME NOT NULL,
    username VARCHAR(255) NOT NULL,
    name VARCHAR(255) NOT NULL,
    email VARCHAR(255) NOT NULL,
    password VARCHAR(255) NOT NULL DEFAULT '',
    admin BOOLEAN NOT NULL DEFAULT 0,
    external BOOLEAN NOT NULL DEFAULT 0,
    alert BOOLEAN NOT NULL DEFAULT 0,
    pro BOOLEAN NOT NULL DEFAULT 0,
    CONSTRAINT user_username_uq UNIQUE (username),
    CONSTRAINT user_email_uq UNIQUE (email)
);

CREATE TABLE "user__token" (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    created DATETIME NOT NULL,
    expired BOOLEAN NOT NULL DEFAULT 0,
    user_id INTEGER NOT NULL REFERENCES "user" (id) ON DELETE CASCADE
);
CREATE INDEX user__token_user_idx ON "user__token" (user_id);

CREATE TABLE "user__totp" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    recovery_hash VARCHAR(255) NULL,
    created DATETIME NOT NULL,
    CONSTRAINT user__totp_user_uq UNIQUE (user_id)
);

CREATE TABLE "session" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
    created DATETIME NOT NULL,
    last_active DATETIME NOT NULL,
    ip VARCHAR(255) NOT NULL DEFAULT '',
    user_agent TEXT NULL,
    expired BOOLEAN NOT NULL DEFAULT 0,
    verification_method INT NOT NULL DEFAULT 0,
    verified BOOLEAN NOT NULL DEFAULT 0
);
CREATE INDEX session_user_idx ON "session" (user_id);

CREATE TABLE "project" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created DATETIME NOT NULL,
    name VARCHAR(255) NOT NULL,
    alert BOOLEAN NOT NULL DEFAULT 0,
    alert_chat VARCHAR(255) NULL,
    max_parallel_tasks INT NOT NULL DEFAULT 0,
    type VARCHAR(255) NOT NULL DEFAULT '',
    default_secret_storage_id INTEGER NULL
);

CREATE TABLE "project__user" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES "project" (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
    role VARCHAR(50) NOT NULL,
    created DATETIME NULL,
    CONSTRAINT project__user_uq UNIQUE (project_id, user_id)
);
CREATE INDEX project__user_user_idx ON "project__user" (user_id);

CREATE TABLE "project__environment" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES "project" (id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    password VARCHAR(255) NULL,
    json TEXT NOT NULL,
    env TEXT NULL,
    created DATETIME NULL
);
CREATE INDEX project__environment_project_idx ON "project__environment" (project_id);

CREATE TABLE "access_key" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name VARCHAR(255) NOT NULL,
    type VARCHAR(50) NOT NULL,
    project_id INTEGER NULL REFERENCES "project" (id) ON DELETE CASCADE,
    secret TEXT NULL,
    environment_id INTEGER NULL REFERENCES "project__environment" (id) ON DELETE CASCADE,
    user_id INTEGER NULL REFERENCES "user" (id) ON DELETE CASCADE,
    owner VARCHAR(50) NOT NULL DEFAULT '',
    plain VARCHAR(255) NULL,
    created DATETIME NULL
);
CREATE INDEX access_key_project_idx ON "access_key" (project_id);
CREATE INDEX access_key_environment_idx ON "access_key" (environment_id);
CREATE INDEX access_key_user_idx ON "access_key" (user_id);

CREATE TABLE "project__repository" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES "project" (id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    git_url TEXT NOT NULL,
    git_branch VARCHAR(255) NOT NULL DEFAULT '',
    ssh_key_id INTEGER NOT NULL REFERENCES "access_key" (id),
    created DATETIME NULL
);
CREATE INDEX project__repository_project_idx ON "project__repository" (project_id);
CREATE INDEX project__repository_key_idx ON "project__repository" (ssh_key_id);

CREATE TABLE "project__inventory" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES "project" (id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    type VARCHAR(50) NOT NULL DEFAULT 'static',
    inventory TEXT NULL,
    ssh_key_id INTEGER NULL REFERENCES "access_key" (id),
    become_key_id INTEGER NULL REFERENCES "access_key" (id),
    holder_id INTEGER NULL REFERENCES "project__template" (id) ON DELETE SET NULL,
    repository_id INTEGER NULL REFERENCES "project__repository" (id),
    runner_tag VARCHAR(255) NULL,
    created DATETIME NULL
);
CREATE INDEX project__inventory_project_idx ON "project__inventory" (project_id);
CREATE INDEX project__inventory_ssh_key_idx ON "project__inventory" (ssh_key_id);
CREATE INDEX project__inventory_become_key_idx ON "project__inventory" (become_key_id);
CREATE INDEX project__inventory_holder_idx ON "project__inventory" (holder_id);
CREATE INDEX project__inventory_repository_idx ON "project__inventory" (repository_id);

CREATE TABLE "project__view" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES "project" (id) ON DELETE CASCADE,
    title VARCHAR(255) NOT NULL,
    "position" INT NOT NULL DEFAULT 0
);
CREATE INDEX project__view_project_idx ON "project__view" (project_id);

CREATE TABLE "project__template" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES "project" (id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    description TEXT NULL,
    app VARCHAR(50) NOT NULL DEFAULT 'ansible',
    type VARCHAR(20) NOT NULL DEFAULT '',
    playbook VARCHAR(255) NOT NULL DEFAULT '',
    arguments TEXT NULL,
    allow_override_args_in_task BOOLEAN NOT NULL DEFAULT 0,
    allow_override_branch_in_task BOOLEAN NOT NULL DEFAULT 0,
    allow_override_limit BOOLEAN NOT NULL DEFAULT 0,
    allow_parallel_tasks BOOLEAN NOT NULL DEFAULT 0,
    start_version VARCHAR(20) NULL,
    build_template_id INTEGER NULL REFERENCES "project__template" (id) ON DELETE SET NULL,
    autorun BOOLEAN NOT NULL DEFAULT 0,
    view_id INTEGER NULL REFERENCES "project__view" (id) ON DELETE SET NULL,
    survey_vars TEXT NULL,
    suppress_success_alerts BOOLEAN NOT NULL DEFAULT 0,
    git_branch VARCHAR(255) NULL,
    repository_id INTEGER NOT NULL REFERENCES "project__repository" (id),
    inventory_id INTEGER NULL REFERENCES "project__inventory" (id),
    environment_id INTEGER NULL REFERENCES "project__environment" (id),
    task_params TEXT NULL,
    runner_tag VARCHAR(255) NULL,
    tasks INT NOT NULL DEFAULT 0,
    created DATETIME NULL
);
CREATE INDEX project__template_project_idx ON "project__template" (project_id);
CREATE INDEX project__template_build_template_idx ON "project__template" (build_template_id);
CREATE INDEX project__template_view_idx ON "project__template" (view_id);
CREATE INDEX project__template_repository_idx ON "project__template" (repository_id);
CREATE INDEX project__template_inventory_idx ON "project__template" (inventory_id);
CREATE INDEX project__template_environment_idx ON "project__template" (environment_id);

CREATE TABLE "project__template_vault" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES "project" (id) ON DELETE CASCADE,
    template_id INTEGER NOT NULL REFERENCES "project__template" (id) ON DELETE CASCADE,
    vault_key_id INTEGER NULL REFERENCES "access_key" (id),
    name VARCHAR(255) NULL,
    type VARCHAR(20) NOT NULL DEFAULT 'password',
    script TEXT NULL,
    CONSTRAINT project__template_vault_uq UNIQUE (template_id, vault_key_id, name)
);
CREATE INDEX project__template_vault_project_idx ON "project__template_vault" (project_id);
CREATE INDEX project__template_vault_key_idx ON "project__template_vault" (vault_key_id);

CREATE TABLE "project__schedule" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES "project" (id) ON DELETE CASCADE,
    template_id INTEGER NOT NULL REFERENCES "project__template" (id) ON DELETE CASCADE,
    cron_format VARCHAR(255) NOT NULL,
    name VARCHAR(100) NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT 1,
    repository_id INTEGER NULL REFERENCES "project__repository" (id),
    last_commit_hash VARCHAR(64) NULL,
    task_params TEXT NULL,
    created DATETIME NULL
);
CREATE INDEX project__schedule_project_idx ON "project__schedule" (project_id);
CREATE INDEX project__schedule_template_idx ON "project__schedule" (template_id);
CREATE INDEX project__schedule_repository_idx ON "project__schedule" (repository_id);

CREATE TABLE "task" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    template_id INTEGER NOT NULL REFERENCES "project__template" (id) ON DELETE CASCADE,
    project_id INTEGER NOT NULL REFERENCES "project" (id) ON DELETE CASCADE,
    status VARCHAR(50) NOT NULL,
    debug BOOLEAN NOT NULL DEFAULT 0,
    dry_run BOOLEAN NOT NULL DEFAULT 0,
    diff BOOLEAN NOT NULL DEFAULT 0,
    playbook VARCHAR(255) NOT NULL DEFAULT '',
    environment TEXT NULL,
    secret TEXT NULL,
    arguments TEXT NULL,
    hosts_limit VARCHAR(255) NOT NULL DEFAULT '',
    git_branch VARCHAR(255) NULL,
    inventory_id INTEGER NULL,
    user_id INTEGER NULL REFERENCES "user" (id) ON DELETE SET NULL,
    integration_id INTEGER NULL,
    schedule_id INTEGER NULL,
    created DATETIME NOT NULL,
    start DATETIME NULL,
    "end" DATETIME NULL,
    message VARCHAR(250) NOT NULL DEFAULT '',
    commit_hash VARCHAR(64) NULL,
    commit_message VARCHAR(100) NOT NULL DEFAULT '',
    build_task_id INTEGER NULL,
    version VARCHAR(20) NULL,
    runner_id INTEGER NULL,
    params TEXT NULL,
    node_id VARCHAR(64) NULL,
    lease_until DATETIME NULL
);
CREATE INDEX task_project_idx ON "task" (project_id, id);
CREATE INDEX task_template_idx ON "task" (template_id, id);
CREATE INDEX task_status_idx ON "task" (status);
CREATE INDEX task_user_idx ON "task" (user_id);

CREATE TABLE "task__output" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL REFERENCES "task" (id) ON DELETE CASCADE,
    line BIGINT NOT NULL,
    time DATETIME NOT NULL,
    output TEXT NOT NULL,
    stage_id INTEGER NULL
);
CREATE INDEX task__output_task_line_idx ON "task__output" (task_id, line);

CREATE TABLE "project__integration" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES "project" (id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    template_id INTEGER NOT NULL REFERENCES "project__template" (id) ON DELETE CASCADE,
    auth_method VARCHAR(15) NOT NULL DEFAULT '',
    auth_secret_id INTEGER NULL REFERENCES "access_key" (id),
    auth_header VARCHAR(255) NULL,
    searchable BOOLEAN NOT NULL DEFAULT 0,
    task_params TEXT NULL
);
CREATE INDEX project__integration_project_idx ON "project__integration" (project_id);
CREATE INDEX project__integration_template_idx ON "project__integration" (template_id);
CREATE INDEX project__integration_secret_idx ON "project__integration" (auth_secret_id);

CREATE TABLE "project__integration_matcher" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    integration_id INTEGER NOT NULL REFERENCES "project__integration" (id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    match_type VARCHAR(50) NULL,
    method VARCHAR(50) NULL,
    body_data_type VARCHAR(50) NULL,
    "key" VARCHAR(510) NULL,
    "value" VARCHAR(510) NULL
);
CREATE INDEX project__integration_matcher_integration_idx ON "project__integration_matcher" (integration_id);

CREATE TABLE "project__integration_extract_value" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    integration_id INTEGER NOT NULL REFERENCES "project__integration" (id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    value_source VARCHAR(255) NULL,
    body_data_type VARCHAR(255) NULL,
    "key" VARCHAR(255) NULL,
    variable VARCHAR(255) NULL,
    variable_type VARCHAR(255) NULL
);
CREATE INDEX project__integration_extract_value_integration_idx ON "project__integration_extract_value" (integration_id);

CREATE TABLE "project__integration_alias" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    alias VARCHAR(50) NOT NULL,
    project_id INTEGER NOT NULL REFERENCES "project" (id) ON DELETE CASCADE,
    integration_id INTEGER NULL REFERENCES "project__integration" (id) ON DELETE CASCADE,
    CONSTRAINT project__integration_alias_uq UNIQUE (alias)
);
CREATE INDEX project__integration_alias_project_idx ON "project__integration_alias" (project_id);
CREATE INDEX project__integration_alias_integration_idx ON "project__integration_alias" (integration_id);

CREATE TABLE "event" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NULL REFERENCES "project" (id) ON DELETE CASCADE,
    user_id INTEGER NULL REFERENCES "user" (id) ON DELETE SET NULL,
    integration_id INTEGER NULL REFERENCES "project__integration" (id) ON DELETE SET NULL,
    object_id INTEGER NULL,
    object_type VARCHAR(20) NOT NULL DEFAULT '',
    description TEXT NOT NULL,
    created DATETIME NOT NULL
);
CREATE INDEX event_project_idx ON "event" (project_id, id);
CREATE INDEX event_user_idx ON "event" (user_id);
CREATE INDEX event_integration_idx ON "event" (integration_id);

CREATE TABLE "option" (
    "key" VARCHAR(255) NOT NULL PRIMARY KEY,
    "value" VARCHAR(4096) NOT NULL
);

CREATE TABLE "runner" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NULL REFERENCES "project" (id) ON DELETE CASCADE,
    token VARCHAR(255) NOT NULL,
    webhook VARCHAR(1000) NOT NULL DEFAULT '',
    max_parallel_tasks INT NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT 1,
    name VARCHAR(100) NOT NULL DEFAULT '',
    tag VARCHAR(200) NOT NULL DEFAULT '',
    touched DATETIME NULL,
    cleaning_requested DATETIME NULL,
    CONSTRAINT runner_token_uq UNIQUE (token)
);
CREATE INDEX runner_project_idx ON "runner" (project_id);
