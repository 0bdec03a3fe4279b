// The part of Vite's client types the tests use (vite/client is not a dependency here).
interface ImportMeta {
  glob<T>(
    pattern: string,
    options: { query: string; import: string },
  ): Record<string, () => Promise<T>>
}
