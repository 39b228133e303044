import { useNav } from '@slidev/client'
import { watchEffect } from 'vue'
import { connectVotes, sendPresenterAction, voteConnection } from './vote-connection'

/** From the presenter view, tells the server which poll is on screen, so phones show it first. */
export function usePresenterFocus(): void {
  const { isPrintMode, isPresenter, currentSlideRoute } = useNav()
  watchEffect(() => {
    if (isPrintMode.value || !isPresenter.value)
      return
    connectVotes(true)
    const snapshot = voteConnection.snapshot
    if (!voteConnection.connected || snapshot?.role !== 'presenter')
      return
    const pollId: string | null = currentSlideRoute.value?.meta.slide.frontmatter.poll?.id ?? null
    if (pollId !== snapshot.focus)
      void sendPresenterAction('focus', { pollId })
  })
}
