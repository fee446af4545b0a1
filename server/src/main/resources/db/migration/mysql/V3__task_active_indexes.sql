-- The scheduler counts a template's and a project's unfinished tasks before starting each task; without these
-- the count read every task the template ever ran.
CREATE INDEX task_template_status_idx ON `task` (template_id, status);
CREATE INDEX task_project_status_idx ON `task` (project_id, status);
