import { disableBuiltinSync } from '@slidev/client'
import { defineRootSetup } from '@slidev/types'
import { useDeckNavigation } from '../composables/useDeckNavigation'

export default defineRootSetup(() => {
  // One way for screens to follow the presenter, whatever browser or device they are on: the vote server.
  disableBuiltinSync()
  useDeckNavigation()
})
