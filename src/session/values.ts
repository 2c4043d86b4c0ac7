/**
 * Values of a session: a `Map`, because Go sessions allow keys of any type (`Values[42]`),
 * that records whether it was changed through `set`, `delete` or `clear`.
 *
 * Changes inside a stored object or array are not seen: call `session.markChanged()` after
 * mutating one in place, or set the key again.
 *
 * @example
 * ```ts
 * session.values.set(42, 43)
 * session.values.changed // true
 * ```
 */
export class SessionValues extends Map<unknown, unknown> {
  /** Whether an entry was set, deleted or cleared since the session was loaded. */
  changed = false

  /** Creates values holding the entries of `source` without marking them changed. */
  static of(source?: ReadonlyMap<unknown, unknown>): SessionValues {
    const values = new SessionValues()
    if (source) for (const [key, value] of source) Map.prototype.set.call(values, key, value)
    return values
  }

  override set(key: unknown, value: unknown): this {
    this.changed = true
    return super.set(key, value)
  }

  override delete(key: unknown): boolean {
    const deleted = super.delete(key)
    if (deleted) this.changed = true
    return deleted
  }

  override clear(): void {
    if (this.size > 0) this.changed = true
    super.clear()
  }
}
