import { commands } from 'vitest/browser'
import { largeMailTests } from './large-mail.js'

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Resets the peak resident memory of the browser's renderer processes (Linux). */
    resetRendererPeak(): Promise<void>
    /** The largest peak resident memory of a renderer process since the reset, in MiB. */
    rendererPeakMiB(): Promise<number>
  }
}

// The tab's memory as the system sees it: the renderer's peak resident set (VmHWM), read through
// the DevTools protocol's process list and /proc by a command that runs beside the browser.
const memory = {
  reset: (): Promise<void> => commands.resetRendererPeak(),
  peakMiB: (): Promise<number> => commands.rendererPeakMiB(),
}

largeMailTests('Chromium', memory)
