// Fonts ship with the deck: the venue often has no internet.
import '@fontsource-variable/inter'
import './tokens.css'
import './deck.css'
import './polls.css'
