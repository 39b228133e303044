import { definePreparserSetup } from '@slidev/types'

/**
 * Two preparations of the deck's source. Poll and shift slides draw their heading from the poll's question, which
 * Slidev's slide list cannot see: those slides get the question as their title, so the presenter's overview and « go
 * to » list name them. And a built deck reaches screens, so it must not carry a quiz's right answer (`answer:` in the
 * poll's frontmatter): the vote server keeps it and tells it at the reveal. Development keeps the source as written,
 * since Slidev's editor saves slides back from it.
 */
export default definePreparserSetup(({ mode }) => {
  const questions = new Map<string, string>()
  return [{
    name: 'poll-slide-titles',
    transformRawLines: (lines) => {
      if (mode !== 'build' && mode !== 'export')
        return
      // An indented `answer:` is a poll's own field; the deck's markdown has no indented code that starts so.
      for (let index = lines.length - 1; index >= 0; index--) {
        if (/^\s+answer\s*:/.test(lines[index]!))
          lines.splice(index, 1)
      }
    },
    transformSlide: async (_content, frontmatter) => {
      const { poll, shift } = frontmatter
      if (poll?.id)
        questions.set(poll.id, poll.question ?? questions.get(poll.repeats) ?? poll.id)
      const question = poll?.id ? questions.get(poll.id) : typeof shift === 'string' ? questions.get(shift) : undefined
      if (question && frontmatter.title === undefined)
        frontmatter.title = shift ? `Avant et après : ${question}` : question
      return undefined
    },
  }]
})
