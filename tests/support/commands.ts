import { execFile } from 'node:child_process'
import { join } from 'node:path'
import process from 'node:process'
import { promisify } from 'node:util'
import { projectRoot } from '../../server/project-root'

const execFileAsync = promisify(execFile)

/** Runs a project binary (from node_modules/.bin) or a system one, failing with its output on a non-zero exit. */
export async function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, {
      cwd: projectRoot,
      env: { ...process.env, ...env, PATH: `${join(projectRoot, 'node_modules', '.bin')}:${process.env.PATH}` },
      maxBuffer: 64 * 1024 * 1024,
    })
    return stdout
  }
  catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string, stderr?: string }
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout}\n${stderr}`)
  }
}
