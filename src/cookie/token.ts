// RFC 7230 section 3.2.6 token characters, the rule Go uses for cookie and session names.
const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** Reports whether `text` is an RFC 7230 token, as cookie names must be. */
export function isToken(text: string): boolean {
  return tokenPattern.test(text)
}

/**
 * Throws a `TypeError` unless `name` is a valid cookie name: a non-empty RFC 7230 token, so it
 * cannot inject attributes into a `Set-Cookie` header.
 */
export function checkCookieName(name: unknown, what = 'session name'): string {
  if (typeof name !== 'string' || !isToken(name)) {
    throw new TypeError(
      `Invalid ${what} ${JSON.stringify(name)}: use letters, digits and !#$%&'*+-.^_\`|~ only.`,
    )
  }
  return name
}
