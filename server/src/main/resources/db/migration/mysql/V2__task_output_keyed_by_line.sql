-- Task output is keyed by (task_id, line): InnoDB stores a task's lines together, in order, and keeps one index
-- less per line. The new key starts with task_id, so it also serves the foreign key.
ALTER TABLE `task__output` MODIFY id BIGINT NOT NULL, DROP PRIMARY KEY;
ALTER TABLE `task__output`
    DROP COLUMN id,
    ADD PRIMARY KEY (task_id, line),
    DROP INDEX task__output_task_line_idx;
