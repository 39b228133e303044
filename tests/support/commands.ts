import { execFile } from 'node:child_process'
import process from 'node:process'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

export const projectRoot = new URL('../..', import.meta.url).pathname

/** Runs a project binary (from node_modules/.bin) or a system one, failing with its output on a non-zero exit. */
export async function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, {
      cwd: projectRoot,
      env: { ...process.env, ...env, PATH: `${projectRoot}node_modules/.bin:${process.env.PATH}` },
      maxBuffer: 64 * 1024 * 1024,
    })
    return stdout
  }
  catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string, stderr?: string }
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout}\n${stderr}`)
  }
}
