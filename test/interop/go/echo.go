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
	// Echo 4's import path is github.com/labstack/echo/v4. Debian installs it without the
	// /v4 folder, and Go maps /v4 to that folder only for code inside GOPATH/src, which
	// this peer is not.
	"github.com/labstack/echo"
)

// sessionStoreKey is the echo.Context key under which echo-contrib's session middleware
// puts the store.
const sessionStoreKey = "_session_store"

// sessionMiddleware mirrors echo-contrib's session.Middleware (v4 branch, default skipper,
// which never skips), because Debian does not package echo-contrib. It leaves out the v4
// call to gorilla/context's Clear, since gorilla/sessions 1.2 does not use gorilla/context.
func sessionMiddleware(store sessions.Store) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Set(sessionStoreKey, store)
			return next(c)
		}
	}
}

// getSession mirrors echo-contrib's session.Get, including its error text when the
// middleware did not run.
func getSession(name string, c echo.Context) (*sessions.Session, error) {
	store, ok := c.Get(sessionStoreKey).(sessions.Store)
	if !ok {
		return nil, fmt.Errorf("%q session store not found", sessionStoreKey)
	}
	return store.Get(c.Request(), name)
}

// runEcho serves the session example of Echo's documentation, so tests can compare tessera's
// example with it. Only the listen address, the keys, the hidden banner and the error log
// differ from the documentation.
func runEcho(args []string) error {
	var addr string
	var pairs []keyPair
	flags := flag.NewFlagSet("echo", flag.ContinueOnError)
	flags.StringVar(&addr, "addr", "127.0.0.1:0", "listen address; port 0 picks a free port")
	flags.Var(keyPairsFlag{pairs: &pairs}, "hash-key", "HMAC key (repeat for rotation, newest first)")
	flags.Var(keyPairsFlag{pairs: &pairs, block: true}, "block-key", "AES key of 16, 24 or 32 bytes for the preceding --hash-key")
	if err := flags.Parse(args); err != nil {
		return errUsageReported
	}
	if flags.NArg() != 0 {
		return usageError{errors.New("echo takes no arguments")}
	}
	if len(pairs) == 0 {
		return usageError{errors.New("missing --hash-key")}
	}
	keyPairs := make([][]byte, 0, 2*len(pairs))
	for _, pair := range pairs {
		keyPairs = append(keyPairs, pair.hash, pair.block)
	}

	e := echo.New()
	// The peer prints its own listening line, which tests parse, instead of Echo's banner
	// and "http server started" line.
	e.HideBanner = true
	e.HidePort = true
	e.Use(sessionMiddleware(sessions.NewCookieStore(keyPairs...)))

	// Echo's default error handler sends the response but logs nothing, so this one logs the
	// error first. The responses stay those of Echo.
	logger := log.New(os.Stderr, "peer: ", log.LstdFlags)
	e.HTTPErrorHandler = func(err error, c echo.Context) {
		logger.Printf("%s %s: %v", c.Request().Method, c.Request().URL.Path, err)
		e.DefaultHTTPErrorHandler(err, c)
	}

	e.GET("/create-session", func(c echo.Context) error {
		sess, err := getSession("session", c)
		if err != nil {
			return err
		}
		sess.Options = &sessions.Options{
			Path:     "/",
			MaxAge:   86400 * 7,
			HttpOnly: true,
		}
		sess.Values["foo"] = "bar"
		if err := sess.Save(c.Request(), c.Response()); err != nil {
			return err
		}
		return c.NoContent(http.StatusOK)
	})

	e.GET("/read-session", func(c echo.Context) error {
		sess, err := getSession("session", c)
		if err != nil {
			return err
		}
		return c.String(http.StatusOK, fmt.Sprintf("foo=%v\n", sess.Values["foo"]))
	})

	// /update-session is not part of the documentation example. The benchmark harness times
	// it on every contender: it increments an int counter in the session and saves it with
	// the cookie options of /create-session.
	e.GET("/update-session", func(c echo.Context) error {
		sess, err := getSession("session", c)
		if err != nil {
			return err
		}
		sess.Options = &sessions.Options{
			Path:     "/",
			MaxAge:   86400 * 7,
			HttpOnly: true,
		}
		// A missing counter, or one of another type, counts from zero.
		counter, _ := sess.Values["counter"].(int)
		counter++
		sess.Values["counter"] = counter
		if err := sess.Save(c.Request(), c.Response()); err != nil {
			return err
		}
		return c.String(http.StatusOK, fmt.Sprintf("counter=%d\n", counter))
	})

	// Echo listens on e.Listener when it is set, so the line below can carry the port that
	// --addr 127.0.0.1:0 picked.
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	e.Listener = listener
	fmt.Printf("listening %s\n", listener.Addr())
	if err := e.Start(addr); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
