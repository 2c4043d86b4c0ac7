package main

// Typed JSON carries Go values with their Go type names, so that a test can tell int from
// int64 or float64 from float32 after a round trip. It is the format of tessera's
// toTypedJSON. A session map is a list of entries sorted by the JSON text of their keys:
//
//	[{"key": {"type": "string", "value": "n"}, "value": {"type": "int64", "value": "42"}}]
//
// Value forms by type name:
//   - int64, uint64: a decimal string, because JSON numbers lose precision past 2^53 in
//     JavaScript
//   - the other integer types: a JSON number, or a decimal string beyond ±(2^53-1)
//   - float32, float64: a JSON number, or "NaN", "+Inf", "-Inf". A float32 is written as
//     its exact float64 value, since gob sends it as a float64.
//   - bool, string: the JSON value
//   - []uint8: standard base64 with padding
//   - []string, []int: a JSON array of plain elements
//   - []interface {}: a JSON array of typed values
//   - map[string]interface {}: a JSON object of typed values
//   - time.Time: RFC 3339 text with nanoseconds (Go's time.RFC3339Nano)
//   - *main.Person: {"Name": string, "Age": number}
//
// A nil interface is the JSON null in place of a typed value. On input every integer type
// accepts a JSON number or a decimal string.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"time"
)

// typedValue is one typed value. The zero typedValue is a nil interface, and it reads from
// and writes to JSON as null.
type typedValue struct {
	Type  string          `json:"type"`
	Value json.RawMessage `json:"value"`
}

func (t typedValue) MarshalJSON() ([]byte, error) {
	if t.Type == "" {
		return []byte("null"), nil
	}
	// The conversion drops this method, so encoding/json writes the plain struct.
	type plain typedValue
	return marshalJSON(plain(t))
}

type typedEntry struct {
	Key   typedValue `json:"key"`
	Value typedValue `json:"value"`
}

// entriesToMap builds the map[interface{}]interface{} that gorilla/sessions keeps in
// Session.Values.
func entriesToMap(entries []typedEntry) (map[interface{}]interface{}, error) {
	values := make(map[interface{}]interface{}, len(entries))
	for _, entry := range entries {
		key, err := fromTyped(entry.Key)
		if err != nil {
			return nil, fmt.Errorf("invalid key: %v", err)
		}
		if key != nil && !reflect.TypeOf(key).Comparable() {
			return nil, fmt.Errorf("invalid key: Go map keys cannot have type %s", entry.Key.Type)
		}
		value, err := fromTyped(entry.Value)
		if err != nil {
			return nil, fmt.Errorf("invalid value for key %s: %v", entry.Key.Value, err)
		}
		values[key] = value
	}
	return values, nil
}

// entriesToStringMap builds the map[string]interface{} that securecookie's JSONEncoder can
// encode, so every key must be a string.
func entriesToStringMap(entries []typedEntry) (map[string]interface{}, error) {
	values := make(map[string]interface{}, len(entries))
	for _, entry := range entries {
		if entry.Key.Type != "string" {
			return nil, fmt.Errorf("invalid key type %s: the json serializer needs string keys", entry.Key.Type)
		}
		var key string
		if err := json.Unmarshal(entry.Key.Value, &key); err != nil {
			return nil, fmt.Errorf("invalid key: %v", err)
		}
		value, err := fromTyped(entry.Value)
		if err != nil {
			return nil, fmt.Errorf("invalid value for key %q: %v", key, err)
		}
		values[key] = value
	}
	return values, nil
}

// mapToEntries converts decoded session values to typed entries sorted by the JSON text of
// their keys, so the output does not depend on Go's random map order.
func mapToEntries(values map[interface{}]interface{}) ([]typedEntry, error) {
	entries := make([]typedEntry, 0, len(values))
	for key, value := range values {
		entry, err := makeEntry(key, value)
		if err != nil {
			return nil, err
		}
		entries = append(entries, entry)
	}
	return sortEntries(entries)
}

func stringMapToEntries(values map[string]interface{}) ([]typedEntry, error) {
	entries := make([]typedEntry, 0, len(values))
	for key, value := range values {
		entry, err := makeEntry(key, value)
		if err != nil {
			return nil, err
		}
		entries = append(entries, entry)
	}
	return sortEntries(entries)
}

func makeEntry(key, value interface{}) (typedEntry, error) {
	typedKey, err := toTyped(key)
	if err != nil {
		return typedEntry{}, fmt.Errorf("unsupported key: %v", err)
	}
	typedValue, err := toTyped(value)
	if err != nil {
		return typedEntry{}, fmt.Errorf("unsupported value for key %s: %v", typedKey.Value, err)
	}
	return typedEntry{Key: typedKey, Value: typedValue}, nil
}

func sortEntries(entries []typedEntry) ([]typedEntry, error) {
	sortKeys := make(map[int]string, len(entries))
	for i, entry := range entries {
		text, err := marshalJSON(entry.Key)
		if err != nil {
			return nil, err
		}
		sortKeys[i] = string(text)
	}
	indexes := make([]int, len(entries))
	for i := range indexes {
		indexes[i] = i
	}
	sort.Slice(indexes, func(a, b int) bool { return sortKeys[indexes[a]] < sortKeys[indexes[b]] })
	sorted := make([]typedEntry, len(entries))
	for i, index := range indexes {
		sorted[i] = entries[index]
	}
	return sorted, nil
}

// fromTyped builds the Go value of exactly the named type.
func fromTyped(typed typedValue) (interface{}, error) {
	raw := typed.Value
	switch typed.Type {
	case "":
		return nil, nil
	case "bool":
		var v bool
		err := unmarshalStrict(raw, &v)
		return v, err
	case "string":
		var v string
		err := unmarshalStrict(raw, &v)
		return v, err
	case "int":
		v, err := parseSigned(raw, strconv.IntSize)
		return int(v), err
	case "int8":
		v, err := parseSigned(raw, 8)
		return int8(v), err
	case "int16":
		v, err := parseSigned(raw, 16)
		return int16(v), err
	case "int32":
		v, err := parseSigned(raw, 32)
		return int32(v), err
	case "int64":
		return parseSigned(raw, 64)
	case "uint":
		v, err := parseUnsigned(raw, strconv.IntSize)
		return uint(v), err
	case "uint8":
		v, err := parseUnsigned(raw, 8)
		return uint8(v), err
	case "uint16":
		v, err := parseUnsigned(raw, 16)
		return uint16(v), err
	case "uint32":
		v, err := parseUnsigned(raw, 32)
		return uint32(v), err
	case "uint64":
		return parseUnsigned(raw, 64)
	case "float32":
		v, err := parseFloat(raw, 32)
		return float32(v), err
	case "float64":
		return parseFloat(raw, 64)
	case "[]uint8":
		var text string
		if err := unmarshalStrict(raw, &text); err != nil {
			return nil, err
		}
		return base64.StdEncoding.DecodeString(text)
	case "[]string":
		v := []string{}
		err := unmarshalStrict(raw, &v)
		return v, err
	case "[]int":
		var elements []json.RawMessage
		if err := unmarshalStrict(raw, &elements); err != nil {
			return nil, err
		}
		v := make([]int, len(elements))
		for i, element := range elements {
			n, err := parseSigned(element, strconv.IntSize)
			if err != nil {
				return nil, err
			}
			v[i] = int(n)
		}
		return v, nil
	case "[]interface {}":
		var elements []typedValue
		if err := unmarshalStrict(raw, &elements); err != nil {
			return nil, err
		}
		v := make([]interface{}, len(elements))
		for i, element := range elements {
			item, err := fromTyped(element)
			if err != nil {
				return nil, err
			}
			v[i] = item
		}
		return v, nil
	case "map[string]interface {}":
		var fields map[string]typedValue
		if err := unmarshalStrict(raw, &fields); err != nil {
			return nil, err
		}
		v := make(map[string]interface{}, len(fields))
		for key, field := range fields {
			item, err := fromTyped(field)
			if err != nil {
				return nil, err
			}
			v[key] = item
		}
		return v, nil
	case "time.Time":
		var text string
		if err := unmarshalStrict(raw, &text); err != nil {
			return nil, err
		}
		return time.Parse(time.RFC3339Nano, text)
	case "*main.Person":
		person := &Person{}
		decoder := json.NewDecoder(bytes.NewReader(raw))
		decoder.DisallowUnknownFields()
		if err := decoder.Decode(person); err != nil {
			return nil, fmt.Errorf("invalid *main.Person: %v", err)
		}
		return person, nil
	default:
		return nil, fmt.Errorf("unsupported type name %q", typed.Type)
	}
}

// toTyped names a decoded Go value and converts it to its typed JSON form.
func toTyped(value interface{}) (typedValue, error) {
	switch v := value.(type) {
	case nil:
		return typedValue{}, nil
	case bool:
		return makeTyped("bool", v)
	case string:
		return makeTyped("string", v)
	case int:
		return makeTyped("int", signedJSON(int64(v)))
	case int8:
		return makeTyped("int8", signedJSON(int64(v)))
	case int16:
		return makeTyped("int16", signedJSON(int64(v)))
	case int32:
		return makeTyped("int32", signedJSON(int64(v)))
	case int64:
		return makeTyped("int64", strconv.FormatInt(v, 10))
	case uint:
		return makeTyped("uint", unsignedJSON(uint64(v)))
	case uint8:
		return makeTyped("uint8", unsignedJSON(uint64(v)))
	case uint16:
		return makeTyped("uint16", unsignedJSON(uint64(v)))
	case uint32:
		return makeTyped("uint32", unsignedJSON(uint64(v)))
	case uint64:
		return makeTyped("uint64", strconv.FormatUint(v, 10))
	case float32:
		return makeTyped("float32", floatJSON(float64(v)))
	case float64:
		return makeTyped("float64", floatJSON(v))
	case []byte:
		return makeTyped("[]uint8", base64.StdEncoding.EncodeToString(v))
	case []string:
		return makeTyped("[]string", v)
	case []int:
		elements := make([]interface{}, len(v))
		for i, element := range v {
			elements[i] = signedJSON(int64(element))
		}
		return makeTyped("[]int", elements)
	case []interface{}:
		elements := make([]typedValue, len(v))
		for i, element := range v {
			typed, err := toTyped(element)
			if err != nil {
				return typedValue{}, err
			}
			elements[i] = typed
		}
		return makeTyped("[]interface {}", elements)
	case map[string]interface{}:
		fields := make(map[string]typedValue, len(v))
		for key, field := range v {
			typed, err := toTyped(field)
			if err != nil {
				return typedValue{}, err
			}
			fields[key] = typed
		}
		return makeTyped("map[string]interface {}", fields)
	case time.Time:
		return makeTyped("time.Time", v.Format(time.RFC3339Nano))
	case *Person:
		return makeTyped("*main.Person", v)
	case Person:
		// gob sends a Person under its registered name "*main.Person" either way.
		return makeTyped("*main.Person", v)
	default:
		return typedValue{}, fmt.Errorf("unsupported Go type %T", value)
	}
}

func makeTyped(typeName string, value interface{}) (typedValue, error) {
	raw, err := marshalJSON(value)
	if err != nil {
		return typedValue{}, err
	}
	return typedValue{Type: typeName, Value: raw}, nil
}

// maxSafeInteger is 2^53-1, the largest integer that a JavaScript number holds exactly.
const maxSafeInteger = 1<<53 - 1

// signedJSON returns an integer as a JSON number when JavaScript can hold it exactly, and as
// a decimal string otherwise.
func signedJSON(v int64) interface{} {
	if v < -maxSafeInteger || v > maxSafeInteger {
		return strconv.FormatInt(v, 10)
	}
	return v
}

func unsignedJSON(v uint64) interface{} {
	if v > maxSafeInteger {
		return strconv.FormatUint(v, 10)
	}
	return v
}

// floatJSON returns a value that encoding/json can write: the float itself, or a string
// for NaN and the infinities, which JSON numbers cannot express.
func floatJSON(v float64) interface{} {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	default:
		return v
	}
}

// marshalJSON is json.Marshal without HTML escaping and without the trailing newline.
func marshalJSON(value interface{}) (json.RawMessage, error) {
	var buffer bytes.Buffer
	if err := writeJSON(&buffer, value); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buffer.Bytes(), "\n"), nil
}

func unmarshalStrict(raw json.RawMessage, dst interface{}) error {
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.DisallowUnknownFields()
	return decoder.Decode(dst)
}

// numberText returns the text of a JSON number, or of a JSON string that contains one.
func numberText(raw json.RawMessage) (string, error) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) > 0 && trimmed[0] == '"' {
		var text string
		if err := json.Unmarshal(trimmed, &text); err != nil {
			return "", err
		}
		return text, nil
	}
	var number json.Number
	if err := json.Unmarshal(trimmed, &number); err != nil {
		return "", fmt.Errorf("invalid number %s", trimmed)
	}
	return number.String(), nil
}

func parseSigned(raw json.RawMessage, bits int) (int64, error) {
	text, err := numberText(raw)
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(text, 10, bits)
}

func parseUnsigned(raw json.RawMessage, bits int) (uint64, error) {
	text, err := numberText(raw)
	if err != nil {
		return 0, err
	}
	return strconv.ParseUint(text, 10, bits)
}

func parseFloat(raw json.RawMessage, bits int) (float64, error) {
	text, err := numberText(raw)
	if err != nil {
		return 0, err
	}
	return strconv.ParseFloat(text, bits)
}
