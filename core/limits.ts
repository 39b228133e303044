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
  /** Far more slides and clicks than any deck has: a page beyond them is a forged or damaged one. */
  slidesPerDeck: 10_000,
  clicksPerSlide: 1000,
  /** A question from the room: long enough for a real question, short enough to read on a slide. */
  questionTextLength: 200,
  questionIdLength: 24,
  /** Each part of the decision the presenter records: a line on the slide, not a paragraph. */
  decisionFieldLength: 160,
  /**
   * Questions one phone may ask in a session (hidden ones count: a spammer stays silenced), and questions a session
   * holds that are not hidden: hiding a flood makes room for the honest questions again.
   */
  questionsPerVoter: 5,
  questionsPerSession: 300,
  /** Questions a session keeps, hidden ones included: memory and the log stay bounded whatever is hidden. */
  questionsStoredPerSession: 1500,
  /** The room's most voted questions that phones and screens receive: their snapshot stays light however many are asked. */
  questionsShownToRoom: 20,
  /** The emoji a phone can send, and how often: a light signal, not a chat. */
  reactions: ['👍', '👏', '🤔', '❓'],
  reactionsPerVoter: { burst: 3, perSecond: 0.5 },
} as const
