import { encodeFailure, quoteName } from './failure.ts'
import { predefinedId, type GoType } from './types.ts'

/**
 * Wire keys of types whose components all have predefined ids, such as the session map,
 * `[]interface {}` or a struct of basic fields. Such a key depends only on the type itself,
 * so it is computed once per type object and shared by every encoding. This treats GoType
 * objects as immutable, which their readonly fields declare.
 */
const flatKeys = new WeakMap<GoType, string>()

/** Keys of the predefined ids, indexed by id. */
const PREDEFINED_KEYS = Array.from({ length: 9 }, (_, id) => `p${id}`)

/**
 * Hands out type ids for one encoding. Types that look the same on the wire share an id,
 * even when they are different objects or carry different registered names. The key of a
 * type is built from the keys of its components. A component that leads back into a type
 * still being keyed, which happens only in recursive types, is keyed by its identity instead.
 *
 * @example
 * ```ts
 * const table = new TypeTable(65)
 * table.idOf(SESSION_MAP_TYPE) // 65
 * table.definitions // [{ id: 65, type: SESSION_MAP_TYPE }]
 * ```
 */
export class TypeTable {
  /** Types that need a definition message, in the order of their ids. */
  readonly definitions: { readonly id: number; readonly type: GoType }[] = []
  #nextId: number
  readonly #ids = new Map<GoType, number>()
  readonly #idsByKey = new Map<string, number>()
  /** State for keying types that are not flat, created at the first such type. */
  #nested: NestedKeys | undefined

  constructor(firstId: number) {
    this.#nextId = firstId
  }

  /** Returns the id of a type, handing out the next one, and ids for its components, if it is new. */
  idOf(type: GoType): number {
    const predefined = predefinedId(type)
    if (predefined !== undefined) return predefined
    const known = this.#ids.get(type)
    if (known !== undefined) return known

    const key = this.#keyOf(type)
    const shared = this.#idsByKey.get(key)
    if (shared !== undefined) {
      this.#ids.set(type, shared)
      return shared
    }

    const id = this.#nextId
    this.#nextId += 1
    this.#ids.set(type, id)
    this.#idsByKey.set(key, id)
    this.definitions.push({ id, type })

    // Components get their ids after the type that contains them, as in Go.
    switch (type.kind) {
      case 'slice':
      case 'array':
        this.idOf(type.elem)
        break
      case 'map':
        this.idOf(type.key)
        this.idOf(type.elem)
        break
      case 'struct':
        for (const field of type.fields) this.idOf(field.type)
        break
      default:
        break
    }
    return id
  }

  #keyOf(type: GoType): string {
    const predefined = predefinedId(type)
    if (predefined !== undefined) return PREDEFINED_KEYS[predefined] as string
    const flat = flatKeys.get(type)
    if (flat !== undefined) return flat
    if (isFlatType(type)) {
      // The signature of a flat type is short and fixed, so it serves as the key itself.
      const signature = this.#signatureOf(type)
      flatKeys.set(type, signature)
      return signature
    }
    this.#nested ??= new NestedKeys()
    const nested = this.#nested
    const known = nested.keys.get(type)
    if (known !== undefined) return known
    if (nested.keying.has(type)) return nested.identityOf(type)
    nested.keying.add(type)
    const signature = this.#signatureOf(type)
    nested.keying.delete(type)
    let key = nested.signatures.get(signature)
    if (key === undefined) {
      key = `k${nested.signatures.size}`
      nested.signatures.set(signature, key)
    }
    nested.keys.set(type, key)
    return key
  }

  #signatureOf(type: GoType): string {
    const wireName = JSON.stringify('wireName' in type ? type.wireName : '')
    switch (type.kind) {
      case 'slice':
        return `slice ${wireName} ${this.#keyOf(type.elem)}`
      case 'array':
        return `array ${wireName} ${type.length} ${this.#keyOf(type.elem)}`
      case 'map':
        return `map ${wireName} ${this.#keyOf(type.key)} ${this.#keyOf(type.elem)}`
      case 'struct': {
        const fields = type.fields.map(
          (field) => `${JSON.stringify(field.name)}:${this.#keyOf(field.type)}`,
        )
        return `struct ${wireName} ${fields.join(',')}`
      }
      case 'gobEncoder':
        return `gobEncoder ${wireName} ${type.marshaler}`
      default:
        throw encodeFailure(`unknown GoType kind ${quoteName(String(type.kind))}`)
    }
  }
}

/** Keys of one table's types whose components need definitions themselves. */
class NestedKeys {
  readonly keys = new Map<GoType, string>()
  readonly signatures = new Map<string, string>()
  readonly identities = new Map<GoType, string>()
  /** Types whose key is being built, to detect recursion. */
  readonly keying = new Set<GoType>()

  identityOf(type: GoType): string {
    let identity = this.identities.get(type)
    if (identity === undefined) {
      identity = `i${this.identities.size}`
      this.identities.set(type, identity)
    }
    return identity
  }
}

/** Reports whether every component of a composite type has a predefined id. */
export function isFlatType(type: GoType): boolean {
  switch (type.kind) {
    case 'slice':
    case 'array':
      return predefinedId(type.elem) !== undefined
    case 'map':
      return predefinedId(type.key) !== undefined && predefinedId(type.elem) !== undefined
    case 'struct':
      return type.fields.every((field) => predefinedId(field.type) !== undefined)
    case 'gobEncoder':
      return true
    default:
      return false
  }
}
