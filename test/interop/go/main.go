// Command peer is the Go side of tessera's interop tests. It encodes and decodes cookies
// with gorilla/securecookie, serves gorilla/sessions over HTTP and serves Echo's session
// example (see echo.go), so the tests compare tessera with the real Go implementation
// instead of with recorded output.
//
// Usage:
//
//	peer encode --name N --hash-key K [--block-key K] [--serializer gob|json] [--max-age S] < values.json
//	peer decode --name N --hash-key K [--block-key K] [--serializer gob|json] [--max-age S] COOKIE
//	peer serve --addr HOST:PORT --store cookie|filesystem [--dir D] --hash-key K [--block-key K]
//	peer echo --addr HOST:PORT --hash-key K [--block-key K]
//
// Values travel as typed JSON (see typed.go). Errors from Go go to stderr with exit code 1,
// and usage errors exit with code 2.
package main

import (
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"time"
)

// Person is the registered struct that the tests use to check struct values across languages.
type Person struct {
	Name string
	Age  int
}

func init() {
	// gorilla/sessions registers only []interface{}. A Go service must register every other
	// map, time or struct type it stores in a session, so the peer does the same.
	gob.Register(map[string]interface{}{})
	gob.Register(time.Time{})
	gob.Register(&Person{})
}

func main() {
	if len(os.Args) < 2 {
		usageExit("missing command: expected encode, decode, serve or echo")
	}
	command, args := os.Args[1], os.Args[2:]
	var err error
	switch command {
	case "encode":
		err = runEncode(args)
	case "decode":
		err = runDecode(args)
	case "serve":
		err = runServe(args)
	case "echo":
		err = runEcho(args)
	default:
		usageExit(fmt.Sprintf("unknown command %q: expected encode, decode, serve or echo", command))
	}
	if err == errUsageReported {
		os.Exit(2)
	}
	var usage usageError
	if errors.As(err, &usage) {
		usageExit(usage.Error())
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func usageExit(message string) {
	fmt.Fprintln(os.Stderr, "peer:", message)
	os.Exit(2)
}
