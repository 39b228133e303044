import type { PollDefinition } from '../../core/kinds/registry'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scoreFigures } from '../../core/kinds/ranking'
import { isResultsOf } from '../../core/kinds/wire'
import { viewPoll } from '../../core/session/views'
import { defaultSlidesPath, loadPollCatalog } from '../../server/deck-source'
import { run } from '../support/commands'
import { comparableText } from '../support/markdown'
import { pdfPagesText } from '../support/pdf'
import { startTestServer, temporaryDir } from '../support/poll-server'

const catalog = await loadPollCatalog()
const ranking = Object.values(catalog.polls).find((poll): poll is PollDefinition<'ranking'> => poll.kind === 'ranking')

describe('a ranking in the pdf export', () => {
  it.runIf(ranking)('prints the options best first, each on its line with its average rank and points', async () => {
    const poll = ranking!
    const dataDir = await temporaryDir('ranking-export-')
    const server = await startTestServer({ dataDir, slidesPath: defaultSlidesPath })
    const { engine } = server.app
    const inOrder = poll.options.map((_, option) => option)
    // Not the deck's order: the last option comes out first.
    const orders = [[...inOrder].reverse(), inOrder, [inOrder.length - 1, ...inOrder.slice(0, -1)]]
    expect(await engine.execute({ type: 'open', pollId: poll.id })).toEqual({ ok: true })
    for (const [index, order] of orders.entries())
      expect(await engine.execute({ type: 'vote', pollId: poll.id, voterId: `ranking-voter-${index}-0000000000`, answer: { kind: 'ranking', order } })).toEqual({ ok: true })
    await engine.execute({ type: 'close', pollId: poll.id })
    const { results } = viewPoll(poll, engine.state.polls.get(poll.id)!, 'presenter')
    await server.close()
    if (!results || !isResultsOf('ranking', results))
      throw new Error('no ranking results')

    const pdf = join(await temporaryDir('ranking-pdf-'), 'deck.pdf')
    await run('node', ['--import', 'tsx', 'scripts/export.ts', '--output', pdf], { DATA_DIR: dataDir })
    const lines = (await pdfPagesText(pdf))[poll.slide - 1]!.split('\n').map(comparableText)
    const printedAt = results.scores.map((score) => {
      const { rank, points } = scoreFigures(score)
      return lines.findIndex(line => line.startsWith(comparableText(poll.options[score.option]!)) && line.endsWith(comparableText(`${rank} ${points}`)))
    })
    expect(results.scores[0]!.option).toBe(inOrder.length - 1)
    expect(printedAt.every(line => line >= 0), lines.join('\n')).toBe(true)
    expect(printedAt).toEqual([...printedAt].sort((a, b) => a - b))
    expect(lines.join(' ')).toContain('3 votants')
  }, 300_000)
})
