// `npm run export`: the deck as a PDF, rendered by Debian's Chromium.
import { spawnSync } from 'node:child_process'
import process from 'node:process'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    output: { type: 'string', default: 'exports/prejuges-web2.pdf' },
  },
})

const result = spawnSync('slidev', ['export', '--executable-path', '/usr/bin/chromium', '--timeout', '120000', '--output', values.output], {
  stdio: 'inherit',
  env: { ...process.env, PATH: `${import.meta.dirname}/../node_modules/.bin:${process.env.PATH}` },
})
process.exit(result.status ?? 1)
