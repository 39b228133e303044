// Provided by server/vite-plugin.ts at build time.
declare module 'virtual:live-polls' {
  import type { PublicCatalog } from '../core/poll-catalog'
  import type { TalkConfig } from '../core/talk-config'

  /** The deck's polls, without quiz answers: the bundle reaches screens, which must not know them before the reveal. */
  export const catalog: PublicCatalog
  /** talk.yml, checked: what only the presenter knows about this session. */
  export const talk: TalkConfig
}
