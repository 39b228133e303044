// `npm run presenter-link`: fresh links for the presenter and the projection screen (the printed ones last 12 hours).
import process from 'node:process'
import { parseArgs } from 'node:util'
import { readConfig } from '../server/config'
import { printedLinks } from '../server/links'
import { projectRoot } from '../server/project-root'

// `--dev`: for a rehearsal under `npm run dev`, which keeps its own data and token.
const { values } = parseArgs({ options: { dev: { type: 'boolean', default: false } } })
const { dataDir, presenterToken } = readConfig(process.env, projectRoot, values.dev ? 'dev' : 'present')
console.log(`\n${printedLinks(dataDir, presenterToken)}\n`)
