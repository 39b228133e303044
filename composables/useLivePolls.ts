import type { ComputedRef } from 'vue'
import type { PollCatalog } from '../core/poll-definitions'
import type { PollView, SessionInfo } from '../core/protocol'
import { useNav } from '@slidev/client'
import { catalog, printSnapshot } from 'virtual:live-polls'
import { computed, watchEffect } from 'vue'
import { connectVotes, voteConnection } from './vote-connection'

/** Live on screen; print in the PDF (final results, no socket); offline while the server cannot be reached. */
export type PollMode = 'live' | 'print' | 'offline'

export interface LivePolls {
  mode: ComputedRef<PollMode>
  catalog: PollCatalog
  session: ComputedRef<SessionInfo | null>
  joinUrl: ComputedRef<string | null>
  phones: ComputedRef<number>
  /** This tab drives the polls: the presenter view, with a valid token. */
  presenting: ComputedRef<boolean>
  view: (pollId: string) => PollView | undefined
}

export function useLivePolls(): LivePolls {
  const { isPrintMode, isPresenter } = useNav()
  watchEffect(() => {
    // A socket opened while exporting would bake a passing state into the PDF, and stall the export.
    if (!isPrintMode.value)
      connectVotes(isPresenter.value)
  })

  const source = computed(() => isPrintMode.value ? printSnapshot : voteConnection.snapshot)
  return {
    mode: computed(() => isPrintMode.value ? 'print' : voteConnection.connected && voteConnection.snapshot ? 'live' : 'offline'),
    catalog,
    session: computed(() => source.value?.session ?? null),
    joinUrl: computed(() => source.value?.joinUrl ?? null),
    phones: computed(() => voteConnection.snapshot?.phones ?? 0),
    presenting: computed(() => !isPrintMode.value && isPresenter.value && voteConnection.snapshot?.role === 'presenter'),
    view: pollId => source.value?.polls[pollId],
  }
}
