// The two vite features the tests use, typed without depending on vite's own declarations.
declare module '*?raw' {
  const text: string
  export default text
}

interface ImportMeta {
  glob(
    pattern: string,
    options: { query: string; import: 'default'; eager: true },
  ): Record<string, unknown>
  glob(pattern: string, options: { eager: true }): Record<string, unknown>
}
