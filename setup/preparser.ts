import { definePreparserSetup } from '@slidev/types'

/**
 * Poll and shift slides draw their heading from the poll's question, which Slidev's slide list cannot see: give those
 * slides the question as their title, so the presenter's overview and « go to » list name them.
 */
export default definePreparserSetup(() => {
  const questions = new Map<string, string>()
  return [{
    name: 'poll-slide-titles',
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
