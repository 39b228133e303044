import { dirname } from 'node:path'
import { StorageError } from './event-store'

/** Turns what SQLite or the file system threw into the one sentence the presenter reads: what happened, what to do. */
export function storageError(error: unknown, databasePath: string): StorageError {
  if (error instanceof StorageError)
    return error
  const code = String((error as { code?: unknown }).code ?? '')
  const dataDir = dirname(databasePath)
  if (code === 'SQLITE_FULL' || code === 'ENOSPC')
    return new StorageError(`Le disque est plein : les nouveaux votes ne peuvent plus être enregistrés. Libérez de la place sur l’ordinateur ; les votes déjà enregistrés dans ${databasePath} sont intacts.`)
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
    return corruptDatabase(databasePath)
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_IOERR') || ['EACCES', 'EPERM', 'ENOTDIR', 'EISDIR', 'EROFS', 'EEXIST'].includes(code))
    return new StorageError(`Le dossier de données ${dataDir} est illisible ou protégé en écriture. Vérifiez qu’il s’agit bien d’un dossier et ses droits, ou choisissez-en un autre avec DATA_DIR=… ; rien n’y a été modifié.`)
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return new StorageError(`Le fichier de votes ${databasePath} est verrouillé par un autre programme. Fermez-le, puis relancez.`)
  return new StorageError(`L’enregistrement des votes a échoué (${code || (error as Error).message}). Relancez le serveur ; si cela recommence, copiez ${databasePath} de côté.`)
}

/** `found`: what was wrong, when a row of the log says it, so that whoever repairs the file knows where to look. */
export function corruptDatabase(databasePath: string, found?: string): StorageError {
  return new StorageError(`Le fichier de votes ${databasePath} est endommagé ou n’est pas une base de votes${found ? ` (${found})` : ''}. Mettez-le de côté (ou restaurez une sauvegarde) puis relancez : il n’a pas été modifié.`)
}
