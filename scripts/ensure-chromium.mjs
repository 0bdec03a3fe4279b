// The browser tests need a real Chromium. On a Debian machine where we are root, install
// Debian's package; anywhere else, stop with the command to run. Never skip silently.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chromiumPath } from './chromium-path.mjs'

export function ensureChromium() {
  const found = chromiumPath()
  if (found && existsSync(found)) return found
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  const hasApt = existsSync('/usr/bin/apt-get')
  if (isRoot && hasApt) {
    console.log('Chromium is missing: installing Debian package "chromium" for the browser tests')
    const apt = (args) =>
      spawnSync('apt-get', args, {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      })
    if (apt(['update']).status === 0 && apt(['install', '-y', 'chromium']).status === 0) {
      const installed = chromiumPath()
      if (installed) return installed
    }
  }
  console.error(
    'The browser tests need Chromium and none was found.\n' +
      '  On Debian/Ubuntu run:  sudo apt-get install -y chromium\n' +
      '  or point CHROMIUM_PATH at a Chromium or Chrome binary.',
  )
  process.exit(1)
}
