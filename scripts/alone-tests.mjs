// Test files that time the main thread of a page (no long task while a worker opens a 100 MiB
// mail, Cancel within a second). `pnpm test` runs them on their own after the other files: beside
// those, the machine's load, not the code, would decide their figures.
export const ALONE_FILES = ['examples/browser-app/app.node.test.ts']
