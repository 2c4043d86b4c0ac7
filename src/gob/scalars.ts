/**
 * Rules by which `fromJS` types a string, boolean, number or bigint. Both the general typer
 * and the session fast path apply them, so they pick the same Go types.
 */

import {
  BOOL_TYPE,
  FLOAT64_TYPE,
  INT64_TYPE,
  INT_TYPE,
  STRING_TYPE,
  UINT64_TYPE,
  integerFits,
  isFloat32,
  type GoType,
} from './types.ts'

const MAX_FLOAT32 = 3.4028234663852886e38

/** Reports whether a value is a bigint or a number that is a safe integer. */
export function isInteger(value: unknown): value is number | bigint {
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value))
}

/** Reports whether a number lies in the range of a float type. Every number fits float64. */
export function fitsFloat(type: GoType, value: number): boolean {
  return !isFloat32(type) || !Number.isFinite(value) || Math.abs(value) <= MAX_FLOAT32
}

/**
 * Reports whether a value can be written as a type of kind bool, int, uint, float or string
 * without changing its meaning. Returns false for every other kind.
 *
 * @example
 * ```ts
 * fitsScalar(300, goType('int8')) // false
 * ```
 */
export function fitsScalar(value: unknown, type: GoType): boolean {
  switch (type.kind) {
    case 'bool':
      return typeof value === 'boolean'
    case 'int':
    case 'uint':
      return isInteger(value) && integerFits(type, value)
    case 'float':
      return typeof value === 'number' && fitsFloat(type, value)
    case 'string':
      return typeof value === 'string'
    default:
      return false
  }
}

/**
 * Returns the default Go type of a string, boolean, number or bigint: `string`, `bool`,
 * `int` for a safe integer, `float64` for any other number, and `int64` or `uint64` for a
 * bigint. Returns undefined for a bigint outside both ranges and for every other value.
 *
 * @example
 * ```ts
 * defaultPrimitiveType(1.5) // FLOAT64_TYPE
 * ```
 */
export function defaultPrimitiveType(value: unknown): GoType | undefined {
  switch (typeof value) {
    case 'string':
      return STRING_TYPE
    case 'boolean':
      return BOOL_TYPE
    case 'number':
      return Number.isSafeInteger(value) && !Object.is(value, -0) ? INT_TYPE : FLOAT64_TYPE
    case 'bigint':
      if (integerFits(INT64_TYPE, value)) return INT64_TYPE
      if (integerFits(UINT64_TYPE, value)) return UINT64_TYPE
      return undefined
    default:
      return undefined
  }
}
