/**
 * Project backups in the browser: the file name of a download, and reading a backup file before it is sent to
 * `POST /api/projects/restore` (which checks everything else and names each problem).
 */

/** What a backup file holds, shown before restoring it. */
export interface BackupSummary {
  /** `meta.name`, or '' when the file has none (the server then refuses it, saying so). */
  name: string
  /** Non-empty lists of the backup, e.g. `{ label: 'templates', count: 3 }` (singular for 1), in a fixed order. */
  parts: { label: string; count: number }[]
}

const PARTS: [key: string, one: string, many: string][] = [
  ['templates', 'template', 'templates'],
  ['repositories', 'repository', 'repositories'],
  ['inventories', 'inventory', 'inventories'],
  ['environments', 'variable group', 'variable groups'],
  ['keys', 'key', 'keys'],
  ['views', 'view', 'views'],
  ['schedules', 'schedule', 'schedules'],
  ['integrations', 'integration', 'integrations'],
]

/** A file name for a project's backup: `semaphore-<name>-<yyyy-mm-dd>.json` (name reduced to safe characters). */
export function backupFileName(projectName: string, date = new Date()): string {
  const slug =
    projectName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'project'
  const pad = (n: number) => String(n).padStart(2, '0')
  return `semaphore-${slug}-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.json`
}

/**
 * Reads the text of a backup file: the JSON object to send and what it holds. Throws an Error with a message for
 * the user when the text is not a JSON object (anything else is for the server to judge).
 */
export function readBackup(text: string): { backup: Record<string, unknown>; summary: BackupSummary } {
  if (!text.trim()) throw new Error('The file is empty: choose the .json file a backup download saved')
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    throw new Error(`The file is not JSON (${why}): choose the .json file a backup download saved`)
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('The file is JSON but not a project backup (a backup is one object with "meta" and lists such as "templates")')
  }
  const backup = parsed as Record<string, unknown>
  const meta = backup.meta
  const name = meta && typeof meta === 'object' && typeof (meta as Record<string, unknown>).name === 'string'
    ? ((meta as Record<string, unknown>).name as string)
    : ''
  const parts = PARTS.map(([key, one, many]) => {
    const count = Array.isArray(backup[key]) ? (backup[key] as unknown[]).length : 0
    return { label: count === 1 ? one : many, count }
  }).filter((p) => p.count > 0)
  return { backup, summary: { name, parts } }
}

/** Offers `data` as a JSON file download named `fileName`. */
export function downloadJson(fileName: string, data: unknown): void {
  const blob = new Blob([JSON.stringify(data, null, 2) + '\n'], { type: 'application/json' })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // the download has started from the URL; give it a moment before letting it go
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
