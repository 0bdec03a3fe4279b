// The page's side of the Siegel worker: one worker, requests as promises, progress as a
// callback, cancellation by AbortSignal (it reaches openMessage inside the worker).
import type { SmimeProgress } from '@siegel/core'
import type { WorkerError, WorkerOpened, WorkerRequest, WorkerResponse } from './worker-protocol.js'

export type { WorkerOpened } from './worker-protocol.js'

/** A Siegel worker: load an identity into it, open messages in it. */
export interface SiegelWorker {
  /** Loads the identity in the worker from the .p12 bytes and password. */
  loadIdentity(pkcs12: Uint8Array, password: string): Promise<void>
  /** Opens a message in the worker; `signal` cancels it there (`ERR_SMIME_ABORTED`). */
  open(
    eml: Uint8Array,
    options: {
      roots: readonly Uint8Array[]
      signal?: AbortSignal
      onProgress?: (progress: SmimeProgress) => void
    },
  ): Promise<WorkerOpened>
}

/** An error thrown in the worker, with its code, for `describeError`. */
export class WorkerFailure extends Error {
  readonly code: string | undefined
  constructor(error: WorkerError) {
    super(error.message)
    this.name = 'WorkerFailure'
    this.code = error.code
  }
}

/** Starts the worker (a module worker, bundled by Vite from siegel-worker.ts). */
export function startSiegelWorker(): SiegelWorker {
  const worker = new Worker(new URL('./siegel-worker.ts', import.meta.url), { type: 'module' })
  const send = (request: WorkerRequest, transfer: Transferable[] = []): void =>
    worker.postMessage(request, transfer)
  let nextId = 1
  return {
    loadIdentity: (pkcs12, password) =>
      new Promise((resolve, reject) => {
        const listener = (event: MessageEvent<WorkerResponse>): void => {
          const answer = event.data
          if (answer.type !== 'identity') return
          worker.removeEventListener('message', listener)
          if (answer.ok) resolve()
          else reject(new WorkerFailure(answer.error))
        }
        worker.addEventListener('message', listener)
        // A copy: the page keeps its own bytes.
        send({ type: 'identity', pkcs12: pkcs12.slice(), password })
      }),
    open: (eml, { roots, signal, onProgress }) =>
      new Promise((resolve, reject) => {
        const id = nextId++
        const listener = (event: MessageEvent<WorkerResponse>): void => {
          const answer = event.data
          if (!('id' in answer) || answer.id !== id) return
          if (answer.type === 'progress') return onProgress?.(answer)
          worker.removeEventListener('message', listener)
          signal?.removeEventListener('abort', cancel)
          if (answer.type === 'opened') resolve(answer)
          else reject(new WorkerFailure(answer.error))
        }
        const cancel = (): void => send({ type: 'cancel', id })
        worker.addEventListener('message', listener)
        signal?.addEventListener('abort', cancel)
        // The message's bytes move to the worker (transferred, not copied).
        send({ type: 'open', id, eml, roots: roots.map((r) => r.slice()) }, [eml.buffer])
        if (signal?.aborted) cancel()
      }),
  }
}
