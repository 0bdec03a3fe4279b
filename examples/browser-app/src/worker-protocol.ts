// The messages between the page and the Siegel worker (siegel-worker.ts): plain data only.

/** What the page asks of the worker. */
export type WorkerRequest =
  | { type: 'identity'; pkcs12: Uint8Array; password: string }
  | { type: 'open'; id: number; eml: Uint8Array; roots: Uint8Array[] }
  | { type: 'cancel'; id: number }

/** An error as the worker saw it: the stable code and the message. */
export interface WorkerError {
  code?: string
  message: string
}

/** A message opened in the worker, as data the page can show. */
export interface WorkerOpened {
  summary: string
  valid: boolean
  headers: Record<'from' | 'to' | 'subject' | 'date', string | undefined>
  text: string | undefined
  attachments: { name: string; type: string; bytes: Uint8Array }[]
}

/** What the worker answers. */
export type WorkerResponse =
  | { type: 'identity'; ok: true }
  | { type: 'identity'; ok: false; error: WorkerError }
  | { type: 'progress'; id: number; phase: string; done: number; total: number }
  | ({ type: 'opened'; id: number } & WorkerOpened)
  | { type: 'failed'; id: number; error: WorkerError }
