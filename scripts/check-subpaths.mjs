// Checks that the docs match the exports: every function, class and constant a package exports says in
// its TSDoc from which specifier it is reachable, and that specifier is one the package exports and
// whose entry (src/index.ts, or src/<sub>/index.ts for a subpath) exports it.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const problems = []
for (const pkg of readdirSync('packages')) {
  const dir = join('packages', pkg)
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  // Each subpath's entry: `.` is src/index.ts, `./name` is src/name/index.ts.
  const entries = Object.keys(manifest.exports)
    .filter((sub) => sub !== './package.json')
    .map((sub) =>
      sub === '.'
        ? { specifier: manifest.name, file: 'src/index.ts' }
        : { specifier: manifest.name + sub.slice(1), file: `src${sub.slice(1)}/index.ts` },
    )
  const specifiers = new Set(entries.map((entry) => entry.specifier))
  // name -> the specifiers it is exported from
  const exported = new Map()
  for (const entry of entries) {
    const index = readFileSync(join(dir, entry.file), 'utf8')
    for (const block of index.matchAll(/export\s*\{([^}]*)\}\s*from\s*'(\.[^']+)'/g)) {
      for (const item of block[1].split(',')) {
        const name = item.trim()
        if (!name || name.startsWith('type ')) continue
        const exportedAs = name.split(/\s+as\s+/).pop()
        if (!exported.has(exportedAs)) exported.set(exportedAs, new Set())
        exported.get(exportedAs).add(entry.specifier)
      }
    }
  }
  for (const file of walk(join(dir, 'src'))) {
    const text = readFileSync(file, 'utf8')
    // Re-exports of another Siegel package are documented where they are defined.
    for (const block of text.matchAll(/export\s*\{([^}]*)\}\s*from\s*'@siegel\//g)) {
      for (const item of block[1].split(','))
        exported.delete(
          item
            .trim()
            .split(/\s+as\s+/)
            .pop(),
        )
    }
    for (const match of text.matchAll(
      /(\/\*\*(?:(?!\*\/)[\s\S])*\*\/)\s*export\s+(?:async\s+)?(?:function|class|const)\s+(\w+)/g,
    )) {
      const [, doc, name] = match
      const from = exported.get(name)
      if (!from) continue
      exported.delete(name)
      const reachable = /Reachable from `([^`]+)`/.exec(doc)
      if (!reachable) problems.push(`${file}: ${name} has no "Reachable from" line`)
      else if (!specifiers.has(reachable[1]) || !from.has(reachable[1]))
        problems.push(
          `${file}: ${name} says ${reachable[1]}, exported from ${[...from].join(', ')}`,
        )
    }
  }
  for (const name of exported.keys())
    problems.push(`${dir}: ${name} is exported without a TSDoc block`)
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(path)
    else if (path.endsWith('.ts')) yield path
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'))
  process.exit(1)
}
console.log('check-subpaths: every exported function, class and constant names its specifier')
