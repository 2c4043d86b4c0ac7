package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"

	"github.com/gorilla/sessions"
)

type serveOptions struct {
	addr        string
	storeKind   string
	dir         string
	sessionName string
	pairs       []keyPair
}

func runServe(args []string) error {
	options := &serveOptions{}
	flags := flag.NewFlagSet("serve", flag.ContinueOnError)
	flags.StringVar(&options.addr, "addr", "127.0.0.1:0", "listen address; port 0 picks a free port")
	flags.StringVar(&options.storeKind, "store", "cookie", "session store: cookie or filesystem")
	flags.StringVar(&options.dir, "dir", "", "filesystem store folder (Go uses os.TempDir() when empty)")
	flags.StringVar(&options.sessionName, "name", "session", "session cookie name")
	flags.Var(keyPairsFlag{pairs: &options.pairs}, "hash-key", "HMAC key (repeat for rotation, newest first)")
	flags.Var(keyPairsFlag{pairs: &options.pairs, block: true}, "block-key", "AES key of 16, 24 or 32 bytes for the preceding --hash-key")
	if err := flags.Parse(args); err != nil {
		return errUsageReported
	}
	if flags.NArg() != 0 {
		return usageError{errors.New("serve takes no arguments")}
	}
	if len(options.pairs) == 0 {
		return usageError{errors.New("missing --hash-key")}
	}

	store, err := openStore(options)
	if err != nil {
		return err
	}
	listener, err := net.Listen("tcp", options.addr)
	if err != nil {
		return err
	}
	logger := log.New(os.Stderr, "peer: ", log.LstdFlags)
	server := &http.Server{Handler: newSessionHandler(store, options.sessionName, logger)}

	// Tests wait for this line, and it carries the real port when --addr asked for port 0.
	fmt.Printf("listening %s\n", listener.Addr())
	return server.Serve(listener)
}

// openStore builds the gorilla store named by --store. Another backend, such as
// boj/redistore, needs only its own case here and its flags in runServe.
func openStore(options *serveOptions) (sessions.Store, error) {
	keyPairs := make([][]byte, 0, 2*len(options.pairs))
	for _, pair := range options.pairs {
		keyPairs = append(keyPairs, pair.hash, pair.block)
	}
	switch options.storeKind {
	case "cookie":
		return sessions.NewCookieStore(keyPairs...), nil
	case "filesystem":
		return sessions.NewFilesystemStore(options.dir, keyPairs...), nil
	default:
		return nil, usageError{fmt.Errorf("invalid --store %q: expected cookie or filesystem", options.storeKind)}
	}
}

// newSessionHandler serves the routes of the Echo session example, plus two routes that let
// tests change and inspect any value.
func newSessionHandler(store sessions.Store, name string, logger *log.Logger) http.Handler {
	mux := http.NewServeMux()

	// load mirrors the Echo example's `sess, err := session.Get(...); if err != nil { return err }`:
	// a cookie that fails to decode ends the request with Echo's default 500 response.
	load := func(w http.ResponseWriter, r *http.Request) (*sessions.Session, bool) {
		session, err := store.Get(r, name)
		if err != nil {
			logger.Printf("%s %s: loading session %q failed: %v", r.Method, r.URL.Path, name, err)
			internalServerError(w)
			return nil, false
		}
		return session, true
	}
	save := func(w http.ResponseWriter, r *http.Request, session *sessions.Session) bool {
		if err := session.Save(r, w); err != nil {
			logger.Printf("%s %s: saving session %q failed: %v", r.Method, r.URL.Path, name, err)
			internalServerError(w)
			return false
		}
		return true
	}

	mux.HandleFunc("/create-session", func(w http.ResponseWriter, r *http.Request) {
		session, ok := load(w, r)
		if !ok {
			return
		}
		session.Options = &sessions.Options{Path: "/", MaxAge: 86400 * 7, HttpOnly: true}
		session.Values["foo"] = "bar"
		if save(w, r, session) {
			w.WriteHeader(http.StatusOK)
		}
	})

	mux.HandleFunc("/read-session", func(w http.ResponseWriter, r *http.Request) {
		session, ok := load(w, r)
		if !ok {
			return
		}
		fmt.Fprintf(w, "foo=%v\n", session.Values["foo"])
	})

	mux.HandleFunc("/update-session", func(w http.ResponseWriter, r *http.Request) {
		query := r.URL.Query()
		key := query.Get("key")
		if key == "" {
			http.Error(w, "missing query parameter: key", http.StatusBadRequest)
			return
		}
		session, ok := load(w, r)
		if !ok {
			return
		}
		session.Values[key] = query.Get("value")
		if save(w, r, session) {
			w.WriteHeader(http.StatusOK)
		}
	})

	mux.HandleFunc("/dump-session", func(w http.ResponseWriter, r *http.Request) {
		session, ok := load(w, r)
		if !ok {
			return
		}
		entries, err := mapToEntries(session.Values)
		if err != nil {
			logger.Printf("%s %s: converting session %q failed: %v", r.Method, r.URL.Path, name, err)
			internalServerError(w)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if err := writeJSON(w, entries); err != nil {
			logger.Printf("%s %s: writing the response failed: %v", r.Method, r.URL.Path, err)
		}
	})

	return mux
}

// internalServerError writes the response of Echo's default error handler.
func internalServerError(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(http.StatusInternalServerError)
	fmt.Fprintln(w, `{"message":"Internal Server Error"}`)
}
