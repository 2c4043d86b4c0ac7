import { GoTime } from './time.ts'
import { isTimeType, type GoType } from './types.ts'
import { GoComplex } from './values.ts'

/** Go's zero time, 0001-01-01 00:00:00 UTC. */
export const ZERO_TIME = new GoTime(-62_135_596_800n, 0, null)

/**
 * Returns the zero value of a type in the lossless form. A struct's zero value is `{}`,
 * with every field left out as Go leaves zero fields out, so that projections fill the
 * fields in and can stop at recursive struct types.
 */
export function zeroValue(type: GoType): unknown {
  switch (type.kind) {
    case 'bool':
      return false
    case 'int':
    case 'uint':
      return 0n
    case 'float':
      return 0
    case 'complex':
      return new GoComplex(0, 0)
    case 'string':
      return ''
    case 'bytes':
      return new Uint8Array(0)
    case 'interface':
      return null
    case 'slice':
    case 'map':
      return []
    case 'array':
      return Array.from({ length: type.length }, () => zeroValue(type.elem))
    case 'struct':
      return {}
    case 'gobEncoder':
      return isTimeType(type) ? ZERO_TIME : new Uint8Array(0)
  }
}
