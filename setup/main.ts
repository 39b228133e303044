import { defineAppSetup } from '@slidev/types'
import { capturePresenterToken } from '../composables/presenter-token'

export default defineAppSetup(({ router }) => {
  if (!capturePresenterToken())
    return
  // Once the router has settled on the link's slide, drop the token from the address bar.
  void router.isReady().then(() => {
    const { path, query } = router.currentRoute.value
    return router.replace({ path, query, hash: '' })
  })
})
