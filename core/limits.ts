// Every size limit the server enforces and the clients announce, defined once.

export const limits = {
  /** A poll id: lowercase letters, digits and dashes. */
  pollIdPattern: /^[a-z0-9][a-z0-9-]{0,39}$/,
  pollIdLength: 40,
  /** The random id a phone keeps; it names no one. */
  voterIdPattern: /^[\w-]{16,64}$/,
  questionLength: 200,
  optionLength: 80,
  options: { min: 2, max: 8 },
  /** Words one voter gives in a word cloud, and the length of each. */
  wordsPerVoter: 3,
  wordLength: 30,
  /** Distinct words a cloud accepts; past this, new words are refused and the cloud stays readable and cheap. */
  distinctWordsPerPoll: 500,
  /** A word cloud past this many words is unreadable on a slide. */
  wordsShown: 40,
  sessionNameLength: 80,
} as const
