package main

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gorilla/securecookie"
)

// keyPair is one securecookie key pair. A nil block key means HMAC only.
type keyPair struct {
	hash  []byte
	block []byte
}

// keyPairsFlag collects --hash-key and --block-key in command-line order: each --hash-key
// starts a new pair and a --block-key belongs to the --hash-key before it. The first pair
// encodes and every pair decodes, as with securecookie.CodecsFromPairs.
type keyPairsFlag struct {
	pairs *[]keyPair
	block bool
}

func (f keyPairsFlag) String() string { return "" }

func (f keyPairsFlag) Set(text string) error {
	key, err := parseKey(text)
	if err != nil {
		return err
	}
	if !f.block {
		*f.pairs = append(*f.pairs, keyPair{hash: key})
		return nil
	}
	count := len(*f.pairs)
	if count == 0 || (*f.pairs)[count-1].block != nil {
		return errors.New("--block-key must follow its --hash-key")
	}
	(*f.pairs)[count-1].block = key
	return nil
}

// parseKey reads a key as UTF-8 text, or as bytes after a "hex:" or "base64:" prefix.
func parseKey(text string) ([]byte, error) {
	switch {
	case strings.HasPrefix(text, "hex:"):
		key, err := hex.DecodeString(strings.TrimPrefix(text, "hex:"))
		if err != nil {
			return nil, fmt.Errorf("invalid hex key: %v", err)
		}
		return key, nil
	case strings.HasPrefix(text, "base64:"):
		// Standard and URL-safe alphabets, padded or not, as tessera's parseKey accepts.
		encoded := strings.TrimRight(strings.TrimPrefix(text, "base64:"), "=")
		encoded = strings.NewReplacer("-", "+", "_", "/").Replace(encoded)
		key, err := base64.RawStdEncoding.DecodeString(encoded)
		if err != nil {
			return nil, fmt.Errorf("invalid base64 key: %v", err)
		}
		return key, nil
	default:
		return []byte(text), nil
	}
}

// codecOptions are the flags shared by encode and decode.
type codecOptions struct {
	name       string
	serializer string
	maxAge     int
	pairs      []keyPair
}

func parseCodecFlags(command string, args []string) (*codecOptions, *flag.FlagSet, error) {
	options := &codecOptions{}
	flags := flag.NewFlagSet(command, flag.ContinueOnError)
	flags.StringVar(&options.name, "name", "session", "cookie name that the MAC covers")
	flags.StringVar(&options.serializer, "serializer", "gob", "payload serializer: gob or json")
	flags.IntVar(&options.maxAge, "max-age", 86400*30, "max cookie age in seconds; 0 turns the check off")
	flags.Var(keyPairsFlag{pairs: &options.pairs}, "hash-key", "HMAC key (repeat for rotation, newest first)")
	flags.Var(keyPairsFlag{pairs: &options.pairs, block: true}, "block-key", "AES key of 16, 24 or 32 bytes for the preceding --hash-key")
	if err := flags.Parse(args); err != nil {
		return nil, nil, errUsageReported
	}
	if len(options.pairs) == 0 {
		return nil, nil, usageError{errors.New("missing --hash-key")}
	}
	if options.serializer != "gob" && options.serializer != "json" {
		return nil, nil, usageError{fmt.Errorf("invalid --serializer %q: expected gob or json", options.serializer)}
	}
	return options, flags, nil
}

// codecs builds one securecookie codec per key pair with the requested serializer and max age,
// which is what a gorilla store does after NewCookieStore and MaxAge.
func (o *codecOptions) codecs() []securecookie.Codec {
	codecs := make([]securecookie.Codec, len(o.pairs))
	for i, pair := range o.pairs {
		codec := securecookie.New(pair.hash, pair.block).MaxAge(o.maxAge)
		if o.serializer == "json" {
			codec.SetSerializer(securecookie.JSONEncoder{})
		}
		codecs[i] = codec
	}
	return codecs
}

// usageError marks a command-line mistake so that main exits with code 2, apart from the
// Go errors that exit with code 1.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }

// errUsageReported is a usage error that the flag package has already printed with the
// usage text.
var errUsageReported = usageError{errors.New("invalid command line")}

func runEncode(args []string) error {
	options, flags, err := parseCodecFlags("encode", args)
	if err != nil {
		return err
	}
	if flags.NArg() != 0 {
		return usageError{errors.New("encode reads the values from stdin and takes no arguments")}
	}
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		return fmt.Errorf("reading stdin failed: %v", err)
	}
	var entries []typedEntry
	if err := json.Unmarshal(input, &entries); err != nil {
		return fmt.Errorf("invalid typed JSON on stdin: %v", err)
	}

	// securecookie's JSONEncoder cannot encode map[interface{}]interface{}, so JSON cookies
	// carry a map[string]interface{}, the form a Go program would use with that encoder.
	var value interface{}
	if options.serializer == "json" {
		value, err = entriesToStringMap(entries)
	} else {
		value, err = entriesToMap(entries)
	}
	if err != nil {
		return err
	}

	cookie, err := securecookie.EncodeMulti(options.name, value, options.codecs()...)
	if err != nil {
		return err
	}
	fmt.Println(cookie)
	return nil
}

func runDecode(args []string) error {
	options, flags, err := parseCodecFlags("decode", args)
	if err != nil {
		return err
	}
	if flags.NArg() != 1 {
		return usageError{errors.New("decode takes exactly one COOKIE argument")}
	}
	cookie := flags.Arg(0)

	var entries []typedEntry
	if options.serializer == "json" {
		values := map[string]interface{}{}
		if err := securecookie.DecodeMulti(options.name, cookie, &values, options.codecs()...); err != nil {
			return err
		}
		entries, err = stringMapToEntries(values)
	} else {
		values := map[interface{}]interface{}{}
		if err := securecookie.DecodeMulti(options.name, cookie, &values, options.codecs()...); err != nil {
			return err
		}
		entries, err = mapToEntries(values)
	}
	if err != nil {
		return err
	}
	return writeJSON(os.Stdout, entries)
}

func writeJSON(w io.Writer, v interface{}) error {
	encoder := json.NewEncoder(w)
	encoder.SetEscapeHTML(false)
	return encoder.Encode(v)
}
