// `npm run presenter-link`: fresh links for the presenter and the projection screen (the printed ones last 12 hours).
import process from 'node:process'
import { readConfig } from '../server/config'
import { projectRoot } from '../server/deck-build'
import { printedLinks } from '../server/links'

const { dataDir, presenterToken } = readConfig(process.env, projectRoot)
console.log(`\n${printedLinks(dataDir, presenterToken)}\n`)
