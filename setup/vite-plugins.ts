import { defineVitePluginsSetup } from '@slidev/types'
import { livePollsPlugin } from '../server/vite-plugin'

export default defineVitePluginsSetup(options => [livePollsPlugin({ mode: options.mode, slidesPath: options.entry })])
