// Every refusal the server can give, with the sentence the person who met it reads.

export const errorCodes = [
  'invalid_payload',
  'unknown_poll',
  'poll_not_open',
  'poll_closed',
  'already_revealed',
  'invalid_answer',
  'stale_round',
  'word_banned',
  'cloud_full',
  'wrong_poll_kind',
  'confirmation_required',
  'invalid_question',
  'too_many_questions',
  'unknown_question',
  'own_question',
  'questions_full',
  'unknown_sender',
  'invalid_decision',
  'forbidden',
  'rate_limited',
  'storage_failed',
  'engine_halted',
  'internal_error',
] as const
export type ErrorCode = typeof errorCodes[number]

export const errorMessages: Record<ErrorCode, string> = {
  invalid_payload: 'La demande est mal formée.',
  unknown_poll: 'Ce vote n’existe pas.',
  poll_not_open: 'Ce vote n’est pas encore ouvert.',
  poll_closed: 'Ce vote est clos.',
  already_revealed: 'Les résultats sont révélés : ce vote ne peut plus être rouvert. Remettez-le à zéro pour le refaire.',
  invalid_answer: 'Cette réponse n’est pas valable pour ce vote.',
  stale_round: 'Le vote a été relancé depuis cette réponse : elle n’a pas été comptée. Répondez à nouveau.',
  word_banned: 'Ce mot a été retiré par l’animateur.',
  cloud_full: 'Le nuage est complet : choisissez un mot déjà proposé.',
  wrong_poll_kind: 'Cette action ne s’applique pas à ce type de vote.',
  confirmation_required: 'Cette action doit être confirmée.',
  invalid_question: 'La question est vide ou trop longue.',
  too_many_questions: 'Vous avez posé le nombre maximal de questions pour cette séance.',
  unknown_question: 'Cette question n’est plus affichée.',
  own_question: 'Vous ne pouvez pas voter pour votre propre question.',
  questions_full: 'La séance a reçu le nombre maximal de questions.',
  unknown_sender: 'Aucune question de cet expéditeur.',
  invalid_decision: 'La décision doit avoir un premier pas, et chaque champ au plus 160 caractères.',
  forbidden: 'Action réservée à l’animateur.',
  rate_limited: 'Trop de demandes : patientez quelques secondes.',
  storage_failed: 'Le vote n’a pas pu être enregistré. Réessayez.',
  engine_halted: 'Le serveur de vote ne peut plus enregistrer : prévenez l’animateur.',
  internal_error: 'Erreur inattendue du serveur. Réessayez.',
}

/** Why the server refused a connection (the `connect_error` message), and whether the client should try again. */
export const handshakeRefusals = {
  invalid_handshake: { retry: true, message: 'Connexion refusée par le serveur de vote ; nouvel essai dans quelques secondes…' },
  presenter_rights_required: { retry: false, message: 'Accès animateur refusé : ouvrez le lien « Animateur » que le serveur affiche au démarrage (ou obtenu par npm run presenter-link).' },
  screen_rights_required: { retry: false, message: 'Cet écran n’est pas autorisé : ouvrez le lien « Projection » que le serveur affiche au démarrage.' },
  too_many_voters: { retry: true, message: 'Trop de votants depuis ce réseau. Nouvel essai dans un instant ; si cela dure, prévenez l’animateur.' },
  too_many_connections: { retry: true, message: 'Trop de connexions depuis ce réseau : nouvel essai dans quelques secondes…' },
} as const
export type HandshakeRefusal = keyof typeof handshakeRefusals

export function isHandshakeRefusal(message: string): message is HandshakeRefusal {
  return Object.hasOwn(handshakeRefusals, message)
}
