/**
 * Shapes of the JSON the API sends and accepts (snake_case, as in Semaphore's v2.10 API:
 * /work/shared/reference/semaphore-api-v2.10.yml). Times are ISO-8601 strings.
 */

export type Id = number

// ---- auth ------------------------------------------------------------------------------------------

export interface OidcProvider {
  id: string
  name: string
  color?: string
  icon?: string
}

export interface LoginMethods {
  oidc_providers: OidcProvider[]
  login_with_password: boolean
  /** Second factors in use: `totp` only while the server asks for TOTP codes. */
  auth_methods?: { totp?: { allow_recovery: boolean } }
  /** Ours: the password form signs in through the LDAP directory. */
  ldap?: boolean
}

/** A user's TOTP, as enrolment answers it: `url` (with the secret) and `recovery_code` are shown once. */
export interface UserTotp {
  id: Id
  created: string
  user_id: Id
  url: string
  recovery_code?: string | null
}

export interface LoginRequest {
  auth: string
  password: string
}

// ---- users -----------------------------------------------------------------------------------------

export interface User {
  id: Id
  created?: string
  username: string
  name: string
  email: string
  admin: boolean
  external: boolean
  alert: boolean
}

/** `GET /api/user`: the signed-in user. */
export interface CurrentUser extends User {
  can_create_project: boolean
  /** The user's TOTP enrolment (without its secret), or null. */
  totp?: { id: Id; user_id: Id; created: string } | null
}

/** What non-admins get from `GET /api/users`. */
export interface UserSummary {
  id: Id
  username: string
  name: string
  email?: string
  admin?: boolean
  external?: boolean
}

export interface UserRequest {
  username?: string
  name?: string
  email?: string
  password?: string
  admin?: boolean
  alert?: boolean
}

export interface ApiToken {
  id: string
  created: string
  expired: boolean
  user_id: Id
  /** Ours: what the token is for ('' when none). */
  name?: string
  /** Ours: when the token stops working (null: never). */
  expires?: string | null
}

/** Ours: a token's optional name and expiry (ISO date-time). */
export interface ApiTokenRequest {
  name?: string
  expires?: string
}

/** Ours: one of the signed-in user's sessions. */
export interface UserSession {
  id: Id
  created: string
  last_active: string
  ip: string
  user_agent: string | null
  current: boolean
}

// ---- projects --------------------------------------------------------------------------------------

export interface Project {
  id: Id
  name: string
  created?: string
  alert: boolean
  alert_chat: string | null
  max_parallel_tasks: number
  type?: string
}

export interface ProjectRequest {
  id?: Id
  name: string
  alert: boolean
  alert_chat: string | null
  max_parallel_tasks: number
}

export type ProjectRoleName = 'owner' | 'manager' | 'task_runner' | 'guest'

export interface ProjectRole {
  role: ProjectRoleName | string
  permissions: number
}

/** Bits of {@link ProjectRole.permissions}. */
export const Permission = {
  RunTasks: 1,
  UpdateProject: 2,
  ManageResources: 4,
  ManageUsers: 8,
} as const
export type PermissionBit = (typeof Permission)[keyof typeof Permission]

export interface ProjectMember {
  id: Id
  username: string
  name: string
  role: ProjectRoleName
}

export interface Event {
  project_id: Id | null
  user_id: Id | null
  object_id: Id | null
  object_type: string | null
  object_name?: string | null
  project_name?: string | null
  username?: string | null
  description: string
  created: string
}

// ---- key store -------------------------------------------------------------------------------------

export type AccessKeyType = 'none' | 'ssh' | 'login_password' | 'string'

export interface AccessKey {
  id: Id
  name: string
  type: AccessKeyType
  project_id: Id | null
  /** True when no secret is stored. */
  empty?: boolean
}

export interface AccessKeyRequest {
  id?: Id
  name: string
  type: AccessKeyType
  project_id: Id
  override_secret?: boolean
  ssh?: { login: string; passphrase: string; private_key: string }
  login_password?: { login: string; password: string }
  string?: string
}

// ---- repositories ----------------------------------------------------------------------------------

export interface Repository {
  id: Id
  name: string
  project_id: Id
  git_url: string
  git_branch: string
  ssh_key_id: Id
}

export type RepositoryRequest = Omit<Repository, 'id'> & { id?: Id }

// ---- inventories -----------------------------------------------------------------------------------

export type InventoryType = 'static' | 'static-yaml' | 'file' | 'terraform-workspace'

export interface Inventory {
  id: Id
  name: string
  project_id: Id
  inventory: string
  ssh_key_id: Id | null
  become_key_id: Id | null
  repository_id?: Id | null
  holder_id?: Id | null
  type: InventoryType
}

export type InventoryRequest = Omit<Inventory, 'id' | 'holder_id'> & { id?: Id }

// ---- environments (variable groups) ----------------------------------------------------------------

export interface EnvironmentSecret {
  id?: Id
  type: 'var' | 'env'
  name: string
  secret?: string
  operation?: 'create' | 'update' | 'delete'
}

export interface Environment {
  id: Id
  name: string
  project_id: Id
  password?: string | null
  /** Extra variables: a JSON object, as a string. */
  json: string
  /** Environment variables: a JSON object, as a string. */
  env: string | null
  secrets?: EnvironmentSecret[]
}

export type EnvironmentRequest = Omit<Environment, 'id'> & { id?: Id }

// ---- templates -------------------------------------------------------------------------------------

export type TemplateApp = 'ansible' | 'terraform' | 'tofu' | 'bash' | 'powershell' | 'python' | 'pulumi'
export type TemplateType = '' | 'build' | 'deploy'

export interface SurveyVar {
  name: string
  title: string
  description?: string
  type?: '' | 'int' | 'enum' | 'secret'
  required?: boolean
  values?: { name: string; value: string }[]
}

/** An Ansible vault password source: a login/password key (`password`) or a client script in the repository. */
export interface TemplateVault {
  id?: Id
  vault_key_id: Id | null
  /** The vault id; the server calls the unnamed one "default". */
  name: string | null
  type?: 'password' | 'script'
  script?: string | null
}

export interface Template {
  id: Id
  project_id: Id
  name: string
  description?: string | null
  app: TemplateApp | string
  type: TemplateType
  playbook: string
  repository_id: Id
  inventory_id: Id | null
  environment_id: Id | null
  view_id?: Id | null
  arguments?: string | null
  allow_override_args_in_task?: boolean
  allow_override_branch_in_task?: boolean
  allow_override_limit?: boolean
  allow_parallel_tasks?: boolean
  /** Ours: while a task of the template waits, starting another is refused (409). */
  at_most_one_waiting_task?: boolean
  task_params?: Record<string, unknown> | null
  suppress_success_alerts?: boolean
  git_branch?: string | null
  start_version?: string | null
  build_template_id?: Id | null
  autorun?: boolean
  survey_vars?: SurveyVar[] | null
  vaults?: TemplateVault[] | null
  /** Only remote runners with this tag take its tasks; null: any runner without a tag. */
  runner_tag?: string | null
  tasks?: number
  last_task?: TaskWithTemplate | null
}

export type TemplateRequest = Omit<Template, 'id' | 'tasks' | 'last_task'> & { id?: Id }

// ---- tasks -----------------------------------------------------------------------------------------

export type TaskStatus =
  | 'waiting'
  | 'starting'
  | 'waiting_confirmation'
  | 'confirmed'
  | 'rejected'
  | 'running'
  | 'stopping'
  | 'stopped'
  | 'success'
  | 'error'

export interface Task {
  id: Id
  template_id: Id
  project_id: Id
  status: TaskStatus
  debug?: boolean
  dry_run?: boolean
  diff?: boolean
  playbook?: string
  environment?: string
  limit?: string
  /** JSON array of extra CLI arguments, as text. */
  arguments?: string | null
  git_branch?: string | null
  inventory_id?: Id | null
  user_id?: Id | null
  integration_id?: Id | null
  schedule_id?: Id | null
  created: string
  start?: string | null
  end?: string | null
  message?: string
  commit_hash?: string | null
  commit_message?: string
  version?: string | null
  build_task_id?: Id | null
  /** Our server's extra fields (absent from Semaphore's): output lines the database refused to store. */
  log_incomplete?: boolean
  log_lost_lines?: number
  /** Ours: the user whose stop request ended the task (null when nobody asked), and that user's name. */
  stopped_by?: Id | null
  stopped_by_name?: string | null
}

/** List rows of `/tasks`: the task plus its template's name and the user's name. */
export interface TaskWithTemplate extends Task {
  tpl_playbook?: string
  tpl_alias?: string
  tpl_type?: TemplateType
  tpl_app?: string
  user_name?: string | null
}

export interface TaskRequest {
  template_id: Id
  debug?: boolean
  dry_run?: boolean
  diff?: boolean
  playbook?: string
  /** Extra variables (e.g. survey answers): a JSON object, as text. */
  environment?: string
  /** Secret survey answers: a JSON object, as text; never stored. */
  secret?: string
  limit?: string
  /** Extra CLI arguments: a JSON array of strings, as text (if the template allows it). */
  arguments?: string
  git_branch?: string
  inventory_id?: Id | null
  message?: string
  /** Deploy templates: the build task whose version is deployed. */
  build_task_id?: Id | null
}

/** One line of `GET /tasks/{id}/output` (`task` is always ""). */
export interface TaskOutput {
  task_id: Id
  task: string
  time: string
  output: string
}

// ---- views (template tabs) -------------------------------------------------------------------------

export interface View {
  id: Id
  project_id: Id
  title: string
  position: number
}

export interface ViewRequest {
  title: string
  position?: number
}

export interface Info {
  version: string
  ansible: string
  web_host: string
  use_remote_runner: boolean
}

// ---- schedules -------------------------------------------------------------------------------------

/** `type` "" is a cron schedule, "run_at" runs once at `run_at`. */
export type ScheduleType = '' | 'run_at'

export interface Schedule {
  id: Id
  project_id: Id
  template_id: Id
  cron_format: string
  name: string
  active: boolean
  type: ScheduleType
  delete_after_run: boolean
  repository_id: Id | null
  run_at?: string
  task_params: Record<string, unknown>
  /** Ours: the next due time (null when inactive or a one-time schedule has run). */
  next_run_at: string | null
  /** Ours: the last due time that started a task. */
  last_run_at: string | null
  /** Ours: the last due time skipped because no server was running then. */
  last_missed_at: string | null
  missed_runs: number
  /** In the project's list only. */
  tpl_name?: string
}

export interface ScheduleRequest {
  id?: Id
  project_id: Id
  template_id: Id
  cron_format: string
  name: string
  active: boolean
  type: ScheduleType
  run_at: string | null
  delete_after_run: boolean
}

export interface SchedulePreview {
  description: string
  timezone: string
  next_runs: string[]
}

/** Ours: which tasks a history page lists (`GET …/tasks` query parameters); absent fields do not filter. */
export interface TaskHistoryQuery {
  /** Comma-separated statuses. */
  status?: string
  template_id?: Id
  user_id?: Id
  /** ISO-8601 instants: queued at or after `from`, before `to`. */
  from?: string
  to?: string
  offset?: number
  limit?: number
}

/** Ours: `GET …/templates/{id}/run_stats`, a template's runs in figures. */
export interface TemplateRunStats {
  template_id: Id
  runs: number
  finished: number
  success: number
  failed: number
  stopped: number
  /** success / finished, 0..1; null before any run ended. */
  success_rate: number | null
  average_duration_sec: number | null
  /** The last finished runs, oldest first. */
  recent: { task_id: Id; status: TaskStatus; created: string; duration_sec: number }[]
}
