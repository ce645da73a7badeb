/**
 * A savepoint's work failed and took its whole transaction with it (SQLite gives up a transaction on a
 * full disk or an I/O error; PostgreSQL aborts one on any error until it is rolled back to a savepoint
 * that could not be made): nothing more can run in that transaction. `cause` is the original error.
 */
export class TransactionAbortedError extends Error {
  constructor(cause: unknown) {
    super('the transaction was aborted', { cause })
    this.name = 'TransactionAbortedError'
  }
}
