/**
 * Go's encoding/gob wire format as gorilla/sessions uses it: decoding, encoding, and the
 * mapping between typed Go values and plain JavaScript values.
 *
 * @example
 * ```ts
 * import { decodeGob, encodeGob, fromJS, toJS } from 'tessera/gob'
 *
 * const typed = decodeGob(bytes)
 * const values = toJS(typed) as Map<unknown, unknown>
 * values.set('visits', 1)
 * const updated = encodeGob(fromJS(values, typed))
 * ```
 */
export { decodeGob, type GobDecodeOptions } from './decoder.ts'
export { encodeGob, type GobEncodeOptions } from './encoder.ts'
export { fromJS } from './from-js.ts'
export { defaultRegisteredNames } from './registry.ts'
export { GobSerializer, gobSerializer, type GobSerializerOptions } from './serializer.ts'
export { GoTime } from './time.ts'
export { toJS } from './to-js.ts'
export { goStructType, goType, goTyped } from './typed.ts'
export { toTypedJSON } from './typed-json.ts'
export {
  INTERFACE_SLICE_TYPE,
  SESSION_MAP_TYPE,
  STRING_MAP_TYPE,
  TIME_TYPE,
  type GoArrayType,
  type GoGobEncoderType,
  type GoInterfaceType,
  type GoMapType,
  type GoMarshaler,
  type GoScalarKind,
  type GoScalarType,
  type GoSliceType,
  type GoStructField,
  type GoStructType,
  type GoType,
} from './types.ts'
export { GoComplex, GoTyped, type GoMapEntry, type GoValue } from './values.ts'
