// The progress bar and Cancel button of a long operation: shows them while `run` works, feeds
// the bar from onProgress, and aborts the operation when Cancel is pressed.
import type { SmimeProgress } from '@siegel/core'

// The phases Siegel reports, as the page names them.
const PHASES: Readonly<Record<string, string>> = {
  canonicalize: 'Vorbereiten',
  parse: 'Lesen',
  decode: 'Dekodieren',
  digest: 'Prüfsumme',
  encrypt: 'Verschlüsseln',
  decrypt: 'Entschlüsseln',
  encode: 'Kodieren',
}

/** Runs `work` with the progress box `box` (a <progress>, a label and a Cancel button in it). */
export async function withProgress<T>(
  box: HTMLElement,
  work: (options: {
    signal: AbortSignal
    onProgress: (progress: SmimeProgress) => void
  }) => Promise<T>,
): Promise<T> {
  const bar = box.querySelector('progress')!
  const label = box.querySelector('output')!
  const cancel = box.querySelector('button')!
  const controller = new AbortController()
  cancel.onclick = () => controller.abort()
  bar.value = 0
  label.textContent = ''
  box.hidden = false
  try {
    return await work({
      signal: controller.signal,
      onProgress: ({ phase, done, total }) => {
        bar.value = total > 0 ? done / total : 1
        label.textContent = `${PHASES[phase] ?? phase}: ${Math.round((bar.value || 0) * 100)} %`
      },
    })
  } finally {
    box.hidden = true
    cancel.onclick = null
  }
}
