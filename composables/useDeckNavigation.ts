import { useNav } from '@slidev/client'
import { watch } from 'vue'
import { connectVotes, sendPresenterAction, voteConnection } from './vote-connection'

/**
 * The projection follows the presenter through the vote server, from any browser or device. Only a presenter's change
 * of slide moves it: opening or reloading any view sends nothing, so a second presenter view (a tablet) or a screen
 * opened mid-talk never moves anyone, and two presenter views never echo each other.
 */
export function useDeckNavigation(): void {
  const { isPrintMode, isPresenter, currentSlideNo, clicks, go } = useNav()
  if (isPrintMode.value)
    return
  connectVotes(isPresenter.value)

  watch([currentSlideNo, clicks], ([page, clicksNow]) => {
    if (isPresenter.value && voteConnection.snapshot?.role === 'presenter')
      void sendPresenterAction('nav', { page, clicks: clicksNow })
  })

  watch(() => voteConnection.snapshot?.nav, (nav) => {
    if (isPresenter.value || !nav || (nav.page === currentSlideNo.value && nav.clicks === clicks.value))
      return
    void go(nav.page, nav.clicks)
  }, { immediate: true })
}
