declare module '*?raw' {
  const text: string
  export default text
}

declare module '*?inline' {
  const dataUrl: string
  export default dataUrl
}

// Vite's import.meta.glob, as the tests use it (eager, one named import).
interface ImportMeta {
  glob(
    pattern: string | string[],
    options: { query: string; import: 'default'; eager: true },
  ): Record<string, string>
  glob(pattern: string | string[], options: { eager: true }): Record<string, unknown>
}
