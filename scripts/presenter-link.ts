// `npm run presenter-link`: fresh links for the presenter and the projection screen (the printed ones last 12 hours).
import { printedLinks } from '../server/links'
import { scriptConfig } from './script-config'

const { dataDir, presenterToken } = scriptConfig()
console.log(`\n${printedLinks(dataDir, presenterToken)}\n`)
