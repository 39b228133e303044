import { execFile } from 'node:child_process'
import { join } from 'node:path'
import process from 'node:process'
import { promisify } from 'node:util'
import { projectRoot } from '../../server/project-root'

const execFileAsync = promisify(execFile)

/**
 * Runs a project binary (from node_modules/.bin) or a system one, failing with its output on a non-zero exit. `input`:
 * what is typed on its standard input, which then ends.
 */
export async function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<string> {
  try {
    const running = execFileAsync(command, args, {
      cwd: projectRoot,
      env: { ...process.env, ...env, PATH: `${join(projectRoot, 'node_modules', '.bin')}:${process.env.PATH}` },
      maxBuffer: 64 * 1024 * 1024,
    })
    if (input !== undefined)
      running.child.stdin!.end(input)
    const { stdout } = await running
    return stdout
  }
  catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string, stderr?: string }
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout}\n${stderr}`)
  }
}
