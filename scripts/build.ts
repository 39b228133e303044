// `npm run build`: the decks `npm start` serves (with speaker notes for the presenter, without for screens), in `dist/`.
import { ensureDeckBuilt } from '../server/deck-build'

await ensureDeckBuilt()
