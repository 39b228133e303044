// Measures the code's units against the project's limits: files of the app's code, and every function outside the
// harnesses (tests/ and bench/), its whole span, the functions it holds included. `node --import tsx
// scripts/unit-sizes.ts` lists what is over.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import process from 'node:process'
import ts from 'typescript'

export const limits = { fileLines: 300, functionLines: 60 }

/** Not measured: what measures the app rather than runs it. */
const harnesses = ['tests/', 'bench/']
/** Folders whose files must stay under `limits.fileLines`. */
const fileFolders = ['core/', 'server/', 'client/', 'phone/']

export interface Oversize {
  file: string
  /** The function's name, or null for the whole file. */
  unit: string | null
  line: number
  lines: number
  limit: number
}

const lineOf = (source: ts.SourceFile, position: number): number => source.getLineAndCharacterOfPosition(position).line + 1

function nameOf(node: ts.Node, source: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node }
  if (named.name)
    return named.name.getText(source)
  const parent = node.parent
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))
    return parent.name.getText(source)
  return `(anonymous, line ${lineOf(source, node.getStart(source))})`
}

/** Every function of a source longer than the limit: its whole span, nested functions included. */
export function oversizeFunctions(file: string, text: string, firstLine = 1): Oversize[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const found: Oversize[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = lineOf(source, node.getStart(source))
      const lines = lineOf(source, node.getEnd()) - start + 1
      if (lines > limits.functionLines)
        found.push({ file, unit: nameOf(node, source), line: start + firstLine - 1, lines, limit: limits.functionLines })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** A Vue component's scripts, each with the line it starts on. */
function vueScripts(text: string): { code: string, firstLine: number }[] {
  return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map(match => ({
    code: match[1] ?? '',
    firstLine: text.slice(0, (match.index ?? 0) + match[0].indexOf('>') + 1).split('\n').length,
  }))
}

/** Everything in `root`'s tracked sources over the limits. */
export function measure(root: string): Oversize[] {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.vue'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(file => file !== '' && !harnesses.some(folder => file.startsWith(folder)) && !file.endsWith('.d.ts'))
  return files.flatMap((file) => {
    const text = readFileSync(path.join(root, file), 'utf8')
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0)
    const tooLong: Oversize[] = fileFolders.some(folder => file.startsWith(folder)) && lines > limits.fileLines
      ? [{ file, unit: null, line: 1, lines, limit: limits.fileLines }]
      : []
    const scripts = file.endsWith('.vue') ? vueScripts(text) : [{ code: text, firstLine: 1 }]
    return [...tooLong, ...scripts.flatMap(({ code, firstLine }) => oversizeFunctions(file, code, firstLine))]
  })
}

export function describe(oversize: Oversize): string {
  const what = oversize.unit === null ? 'file' : `function ${oversize.unit}`
  return `${oversize.file}:${oversize.line} ${what}: ${oversize.lines} lines (limit ${oversize.limit})`
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = measure(process.cwd())
  found.forEach(oversize => console.log(describe(oversize)))
  console.log(found.length === 0 ? 'Every unit is within its limit.' : `${found.length} units over their limit.`)
  process.exitCode = found.length === 0 ? 0 : 1
}
