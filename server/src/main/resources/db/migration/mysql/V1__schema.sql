-- Semaphore for Java: initial schema (MySQL 8 / MariaDB 10.6+, InnoDB, utf8mb4).
-- Table and column names follow Semaphore UI (db/sql/migrations). Timestamps are written by the application (UTC).
-- Identifiers are quoted with backticks so the file runs with or without ANSI_QUOTES. Foreign keys are declared
-- at table level (MySQL 8 ignores inline REFERENCES). project__inventory.holder_id -> project__template is added
-- with ALTER TABLE once both tables exist.
--
-- DELETE FROM project relies on ON DELETE CASCADE. InnoDB cascades row by row and checks the NO ACTION references
-- (repository -> access_key, template -> inventory, ...) immediately, visiting the foreign keys that reference a
-- table in the order of their constraint names. The fk_project_NN_<table> names make it delete the users of a
-- shared resource (tasks, vaults, schedules, integrations, templates, inventories, repositories) before the
-- resource itself (environments, access keys). Keep that order when adding a table with project_id.

CREATE TABLE `user` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created DATETIME(6) NOT NULL,
    username VARCHAR(255) NOT NULL,
    name VARCHAR(255) NOT NULL,
    email VARCHAR(255) NOT NULL,
    password VARCHAR(255) NOT NULL DEFAULT '',
    admin BOOLEAN NOT NULL DEFAULT FALSE,
    external BOOLEAN NOT NULL DEFAULT FALSE,
    alert BOOLEAN NOT NULL DEFAULT FALSE,
    pro BOOLEAN NOT NULL DEFAULT FALSE,
    CONSTRAINT user_username_uq UNIQUE (username),
    CONSTRAINT user_email_uq UNIQUE (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `user__token` (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    created DATETIME(6) NOT NULL,
    expired BOOLEAN NOT NULL DEFAULT FALSE,
    user_id INT NOT NULL,
    KEY user__token_user_idx (user_id),
    CONSTRAINT user__token_user_id_fk FOREIGN KEY (user_id) REFERENCES `user` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `user__totp` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id INT NOT NULL,
    url LONGTEXT NOT NULL,
    recovery_hash VARCHAR(255) NULL,
    created DATETIME(6) NOT NULL,
    CONSTRAINT user__totp_user_uq UNIQUE (user_id),
    CONSTRAINT user__totp_user_id_fk FOREIGN KEY (user_id) REFERENCES `user` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `session` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id INT NOT NULL,
    created DATETIME(6) NOT NULL,
    last_active DATETIME(6) NOT NULL,
    ip VARCHAR(255) NOT NULL DEFAULT '',
    user_agent LONGTEXT NULL,
    expired BOOLEAN NOT NULL DEFAULT FALSE,
    verification_method INT NOT NULL DEFAULT 0,
    verified BOOLEAN NOT NULL DEFAULT FALSE,
    KEY session_user_idx (user_id),
    CONSTRAINT session_user_id_fk FOREIGN KEY (user_id) REFERENCES `user` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `project` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created DATETIME(6) NOT NULL,
    name VARCHAR(255) NOT NULL,
    alert BOOLEAN NOT NULL DEFAULT FALSE,
    alert_chat VARCHAR(255) NULL,
    max_parallel_tasks INT NOT NULL DEFAULT 0,
    type VARCHAR(255) NOT NULL DEFAULT '',
    default_secret_storage_id INT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `project__user` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    project_id INT NOT NULL,
    user_id INT NOT NULL,
    role VARCHAR(50) NOT NULL,
    created DATETIME(6) NULL,
    CONSTRAINT project__user_uq UNIQUE (project_id, user_id),
    KEY project__user_user_idx (user_id),
    CONSTRAINT fk_project_13_project__user FOREIGN KEY (project_id) REFERENCES `project` (id) ON DELETE CASCADE,
    CONSTRAINT project__user_user_id_fk FOREIGN KEY (user_id) REFERENCES `user` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `project__environment` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    project_id INT NOT NULL,
    name VARCHAR(255) NOT NULL,
    password VARCHAR(255) NULL,
    json LONGTEXT NOT NULL,
    env LONGTEXT NULL,
    created DATETIME(6) NULL,
    KEY project__environment_project_idx (project_id),
    CONSTRAINT fk_project_10_project__environment FOREIGN KEY (project_id) REFERENCES `project` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `access_key` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    type VARCHAR(50) NOT NULL,
    project_id INT NULL,
    secret LONGTEXT NULL,
    environment_id INT NULL,
    user_id INT NULL,
    owner VARCHAR(50) NOT NULL DEFAULT '',
    plain VARCHAR(255) NULL,
    created DATETIME(6) NULL,
    KEY access_key_project_idx (project_id),
    KEY access_key_environment_idx (environment_id),
    KEY access_key_user_idx (user_id),
    CONSTRAINT fk_project_11_access_key FOREIGN KEY (project_id) REFERENCES `project` (id) ON DELETE CASCADE,
    CONSTRAINT access_key_environment_id_fk FOREIGN KEY (environment_id) REFERENCES `project__environment` (id) ON DELETE CASCADE,
    CONSTRAINT access_key_user_id_fk FOREIGN KEY (user_id) REFERENCES `user` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `project__repository` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    project_id INT NOT NULL,
    name VARCHAR(255) NOT NULL,
    git_url LONGTEXT NOT NULL,
    git_branch VARCHAR(255) NOT NULL DEFAULT '',
    ssh_key_id INT NOT NULL,
    created DATETIME(6) NULL,
    KEY project__repository_project_idx (project_id),
    KEY project__repository_key_idx (ssh_key_id),
    CONSTRAINT fk_project_09_project__repository FOREIGN KEY (project_id) REFERENCES `project` (id) ON DELETE CASCADE,
    CONSTRAINT project__repository_ssh_key_id_fk FOREIGN KEY (ssh_key_id) REFERENCES `access_key` (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `project__inventory` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    project_id INT NOT NULL,
    name VARCHAR(255) NOT NULL,
    type VARCHAR(50) NOT NULL DEFAULT 'static',
    inventory LONGTEXT NULL,
    ssh_key_id INT NULL,
    become_key_id INT NULL,
    holder_id INT NULL,
    repository_id INT NULL,
    runner_tag VARCHAR(255) NULL,
    created DATETIME(6) NULL,
    KEY project__inventory_project_idx (project_id),
    KEY project__inventory_ssh_key_idx (ssh_key_id),
    KEY project__inventory_become_key_idx (become_key_id),
    KEY project__inventory_holder_idx (holder_id),
    KEY project__inventory_repository_idx (repository_id),
    CONSTRAINT fk_project_08_project__inventory FOREIGN KEY (project_id) REFERENCES `project` (id) ON DELETE CASCADE,
    CONSTRAINT project__inventory_ssh_key_id_fk FOREIGN KEY (ssh_key_id) REFERENCES `access_key` (id),
    CONSTRAINT project__inventory_become_key_id_fk FOREIGN KEY (become_key_id) REFERENCES `access_key` (id),
    CONSTRAINT project__inventory_repository_id_fk FOREIGN KEY (repository_id) REFERENCES `project__repository` (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `project__view` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    project_id INT NOT NULL,
    title VARCHAR(255) NOT NULL,
    `position` INT NOT NULL DEFAULT 0,
    KEY project__view_project_idx (project_id),
    CONSTRAINT fk_project_12_project__view FOREIGN KEY (project_id) REFERENCES `project` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `project__template` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    project_id INT NOT NULL,
    name VARCHAR(255) NOT NULL,
    description LONGTEXT NULL,
    app VARCHAR(50) NOT NULL DEFAULT 'ansible',
    type VARCHAR(20) NOT NULL DEFAULT '',
    playbook VARCHAR(255) NOT NULL DEFAULT '',
    arguments LONGTEXT NULL,
    allow_override_args_in_task BOOLEAN NOT NULL DEFAULT FALSE,
    allow_override_branch_in_task BOOLEAN NOT NULL DEFAULT FALSE,
    allow_override_limit BOOLEAN NOT NULL DEFAULT FALSE,
    allow_parallel_tasks BOOLEAN NOT NULL DEFAULT FALSE,
    start_version VARCHAR(20) NULL,
    build_template_id INT NULL,
    autorun BOOLEAN NOT NULL DEFAULT FALSE,
    view_id INT NULL,
    survey_vars LONGTEXT NULL,
    suppress_success_alerts BOOLEAN NOT NULL DEFAULT FALSE,
    git_branch VARCHAR(255) NULL,
    repository_id INT NOT NULL,
    inventory_id INT NULL,
    environment_id INT NULL,
    task_params LONGTEXT NULL,
    runner_tag VARCHAR(255) NULL,
    tasks INT NOT NULL DEFAULT 0,
    created DATETIME(6) NULL,
    KEY project__template_project_idx (project_id),
    KEY project__template_build_template_idx (build_template_id),
    KEY project__template_view_idx (view_id),
    KEY project__template_repository_idx (repository_id),
    KEY project__template_inventory_idx (inventory_id),
    KEY project__template_environment_idx (environment_id),
    CONSTRAINT fk_project_07_project__template FOREIGN KEY (project_id) REFERENCES `project` (id) ON DELETE CASCADE,
    CONSTRAINT project__template_build_template_id_fk FOREIGN KEY (build_template_id) REFERENCES `project__template` (id) ON DELETE SET NULL,
    CONSTRAINT project__template_view_id_fk FOREIGN KEY (view_id) REFERENCES `project__view` (id) ON DELETE SET NULL,
    CONSTRAINT project__template_repository_id_fk FOREIGN KEY (repository_id) REFERENCES `project__repository` (id),
    CONSTRAINT project__template_inventory_id_fk FOREIGN KEY (inventory_id) REFERENCES `project__inventory` (id),
    CONSTRAINT project__template_environment_id_fk FOREIGN KEY (environment_id) REFERENCES `project__environment` (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE `project__inventory` ADD CONSTRAINT project__inventory_holder_id_fk
    FOREIGN KEY (holder_id) REFERENCES `project__template` (id) ON DELETE SET NULL;

CREATE TABLE `project__template_vault` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    project_id INT NOT NULL,
    template_id INT NOT NULL,
    vault_key_id INT NULL,
    name VARCHAR(255) NULL,
    type VARCHAR(20) NOT NULL DEFAULT 'password',
    script LONGTEXT NULL,
    CONSTRAINT project__template_vault_uq UNIQUE (template_id, vault_key_id, name),
    KEY project__template_vault_project_idx (project_id),
    KEY project__template_vault_key_idx (vault_key_id),
    CONSTRAINT fk_project_02_project__template_vault FOREIGN KEY (project_id) REFERENCES `project` (id) ON DELETE CASCADE,
    CONSTRAINT project__template_vault_template_id_fk FOREIGN KEY (template_id) REFERENCES `project__template` (id) ON DELETE CASCADE,
    CONSTRAINT project__template_vault_vault_key_id_fk FOREIGN KEY (vault_key_id) REFERENCES `access_key` (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `project__schedule` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    project_id INT NOT NULL,
    template_id INT NOT NULL,
    cron_format VARCHAR(255) NOT NULL,
    name VARCHAR(100) NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    repository_id INT NULL,
    last_commit_hash VARCHAR(64) NULL,
    task_params LONGTEXT NULL,
    created DATETIME(6) NULL,
    KEY project__schedule_project_idx (project_id),
    KEY project__schedule_template_idx (template_id),
    KEY project__schedule_repository_idx (repository_id),
    CONSTRAINT fk_project_03_project__schedule FOREIGN KEY (project_id) REFERENCES `project` (id) ON DELETE CASCADE,
    CONSTRAINT project__schedule_template_id_fk FOREIGN KEY (template_id) REFERENCES `project__template` (id) ON DELETE CASCADE,
    CONSTRAINT project__schedule_repository_id_fk FOREIGN KEY (repository_id) REFERENCES `project__repository` (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `task` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    template_id INT NOT NULL,
    project_id INT NOT NULL,
    status VARCHAR(50) NOT NULL,
    debug BOOLEAN NOT NULL DEFAULT FALSE,
    dry_run BOOLEAN NOT NULL DEFAULT FALSE,
    diff BOOLEAN NOT NULL DEFAULT FALSE,
    playbook VARCHAR(255) NOT NULL DEFAULT '',
    environment LONGTEXT NULL,
    secret LONGTEXT NULL,
    arguments LONGTEXT NULL,
    hosts_limit VARCHAR(255) NOT NULL DEFAULT '',
    git_branch VARCHAR(255) NULL,
    inventory_id INT NULL,
    user_id INT NULL,
    integration_id INT NULL,
    schedule_id INT NULL,
    created DATETIME(6) NOT NULL,
    start DATETIME(6) NULL,
    `end` DATETIME(6) NULL,
    message VARCHAR(250) NOT NULL DEFAULT '',
    commit_hash VARCHAR(64) NULL,
    commit_message VARCHAR(100) NOT NULL DEFAULT '',
    build_task_id INT NULL,
    version VARCHAR(20) NULL,
    runner_id INT NULL,
    params LONGTEXT NULL,
    node_id VARCHAR(64) NULL,
    lease_until DATETIME(6) NULL,
    KEY task_project_idx (project_id, id),
    KEY task_template_idx (template_id, id),
    KEY task_status_idx (status),
    KEY task_user_idx (user_id),
    CONSTRAINT task_template_id_fk FOREIGN KEY (template_id) REFERENCES `project__template` (id) ON DELETE CASCADE,
    CONSTRAINT fk_project_01_task FOREIGN KEY (project_id) REFERENCES `project` (id) ON DELETE CASCADE,
    CONSTRAINT task_user_id_fk FOREIGN KEY (user_id) REFERENCES `user` (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `task__output` (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    task_id INT NOT NULL,
    line BIGINT NOT NULL,
    time DATETIME(6) NOT NULL,
    output LONGTEXT NOT NULL,
    stage_id INT NULL,
    KEY task__output_task_line_idx (task_id, line),
    CONSTRAINT task__output_task_id_fk FOREIGN KEY (task_id) REFERENCES `task` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `project__integration` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    project_id INT NOT NULL,
    name VARCHAR(255) NOT NULL,
    template_id INT NOT NULL,
    auth_method VARCHAR(15) NOT NULL DEFAULT '',
    auth_secret_id INT NULL,
    auth_header VARCHAR(255) NULL,
    searchable BOOLEAN NOT NULL DEFAULT FALSE,
    task_params LONGTEXT NULL,
    KEY project__integration_project_idx (project_id),
    KEY project__integration_template_idx (template_id),
    KEY project__integration_secret_idx (auth_secret_id),
    CONSTRAINT fk_project_04_project__integration FOREIGN KEY (project_id) REFERENCES `project` (id) ON DELETE CASCADE,
    CONSTRAINT project__integration_template_id_fk FOREIGN KEY (template_id) REFERENCES `project__template` (id) ON DELETE CASCADE,
    CONSTRAINT project__integration_auth_secret_id_fk FOREIGN KEY (auth_secret_id) REFERENCES `access_key` (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `project__integration_matcher` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    integration_id INT NOT NULL,
    name VARCHAR(255) NOT NULL,
    match_type VARCHAR(50) NULL,
    method VARCHAR(50) NULL,
    body_data_type VARCHAR(50) NULL,
    `key` VARCHAR(510) NULL,
    `value` VARCHAR(510) NULL,
    KEY project__integration_matcher_integration_idx (integration_id),
    CONSTRAINT project__integration_matcher_integration_id_fk FOREIGN KEY (integration_id) REFERENCES `project__integration` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `project__integration_extract_value` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    integration_id INT NOT NULL,
    name VARCHAR(255) NOT NULL,
    value_source VARCHAR(255) NULL,
    body_data_type VARCHAR(255) NULL,
    `key` VARCHAR(255) NULL,
    variable VARCHAR(255) NULL,
    variable_type VARCHAR(255) NULL,
    KEY project__integration_extract_value_integration_idx (integration_id),
    CONSTRAINT project__integration_extract_value_integration_id_fk FOREIGN KEY (integration_id) REFERENCES `project__integration` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `project__integration_alias` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    alias VARCHAR(50) NOT NULL,
    project_id INT NOT NULL,
    integration_id INT NULL,
    CONSTRAINT project__integration_alias_uq UNIQUE (alias),
    KEY project__integration_alias_project_idx (project_id),
    KEY project__integration_alias_integration_idx (integration_id),
    CONSTRAINT fk_project_05_project__integration_alias FOREIGN KEY (project_id) REFERENCES `project` (id) ON DELETE CASCADE,
    CONSTRAINT project__integration_alias_integration_id_fk FOREIGN KEY (integration_id) REFERENCES `project__integration` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `event` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    project_id INT NULL,
    user_id INT NULL,
    integration_id INT NULL,
    object_id INT NULL,
    object_type VARCHAR(20) NOT NULL DEFAULT '',
    description LONGTEXT NOT NULL,
    created DATETIME(6) NOT NULL,
    KEY event_project_idx (project_id, id),
    KEY event_user_idx (user_id),
    KEY event_integration_idx (integration_id),
    CONSTRAINT fk_project_06_event FOREIGN KEY (project_id) REFERENCES `project` (id) ON DELETE CASCADE,
    CONSTRAINT event_user_id_fk FOREIGN KEY (user_id) REFERENCES `user` (id) ON DELETE SET NULL,
    CONSTRAINT event_integration_id_fk FOREIGN KEY (integration_id) REFERENCES `project__integration` (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `option` (
    `key` VARCHAR(255) NOT NULL PRIMARY KEY,
    `value` VARCHAR(4096) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `runner` (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    project_id INT NULL,
    token VARCHAR(255) NOT NULL,
    webhook VARCHAR(1000) NOT NULL DEFAULT '',
    max_parallel_tasks INT NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    name VARCHAR(100) NOT NULL DEFAULT '',
    tag VARCHAR(200) NOT NULL DEFAULT '',
    touched DATETIME(6) NULL,
    cleaning_requested DATETIME(6) NULL,
    CONSTRAINT runner_token_uq UNIQUE (token),
    KEY runner_project_idx (project_id),
    CONSTRAINT fk_project_14_runner FOREIGN KEY (project_id) REFERENCES `project` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
