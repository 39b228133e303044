// Provided by server/vite-plugin.ts at build time.
declare module 'virtual:live-polls' {
  import type { PollCatalog } from '../core/poll-definitions'
  import type { PrintSnapshot } from '../core/print-snapshot'

  export const catalog: PollCatalog
  /** Set only when the deck is exported to PDF. */
  export const printSnapshot: PrintSnapshot | null
}
