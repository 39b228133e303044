import { defineRootSetup } from '@slidev/types'
import { usePresenterFocus } from '../composables/usePresenterFocus'

export default defineRootSetup(() => {
  usePresenterFocus()
})
