-- Task output is keyed by (task_id, line), as on SQLite and MySQL: one index less to maintain per line.
ALTER TABLE "task__output" DROP COLUMN id;
ALTER TABLE "task__output" ADD PRIMARY KEY (task_id, line);
DROP INDEX task__output_task_line_idx;
