// What a maintenance script acts on: the talk's data and token (`npm start`), or with `--dev` the rehearsal's.
import type { ParseArgsConfig } from 'node:util'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { readConfig } from '../server/config'
import { projectRoot } from '../server/project-root'

/** `--dev`: the rehearsal under `npm run dev`, which keeps its own data and token. `options`: the script's own. */
export function scriptConfig(options: ParseArgsConfig['options'] = {}): ReturnType<typeof readConfig> & { args: Record<string, unknown> } {
  const { values } = parseArgs({ options: { ...options, dev: { type: 'boolean', default: false } } }) as { values: Record<string, unknown> }
  return { ...readConfig(process.env, projectRoot, values.dev === true ? 'dev' : 'present'), args: values }
}
