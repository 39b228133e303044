// `npm run export`: the deck as a PDF, rendered by Debian's Chromium, with one session's final results.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { projectRoot } from '../server/deck-build'
import { exportSessionVariable } from '../server/vite-plugin'

const { values } = parseArgs({
  options: {
    output: { type: 'string', default: 'exports/prejuges-web2.pdf' },
    // A session id from /api/sessions, or `latest`.
    session: { type: 'string', default: 'latest' },
  },
})

const result = spawnSync(
  join(projectRoot, 'node_modules', '.bin', 'slidev'),
  ['export', '--executable-path', '/usr/bin/chromium', '--timeout', '120000', '--output', values.output],
  { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, [exportSessionVariable]: values.session } },
)
process.exit(result.status ?? 1)
