// What a maintenance script acts on: the talk's data and token (`npm start`), or with `--dev` the rehearsal's.
import process from 'node:process'
import { parseArgs } from 'node:util'
import { readConfig } from '../server/config'
import { projectRoot } from '../server/project-root'

/** `--dev`: the rehearsal under `npm run dev`, which keeps its own data and token. */
export function scriptConfig(): ReturnType<typeof readConfig> {
  const { values } = parseArgs({ options: { dev: { type: 'boolean', default: false } } })
  return readConfig(process.env, projectRoot, values.dev ? 'dev' : 'present')
}
