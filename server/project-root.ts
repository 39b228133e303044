import { resolve } from 'node:path'

/** The checkout: where slides.md, node_modules and the default data directory are. */
export const projectRoot = resolve(import.meta.dirname, '..')
