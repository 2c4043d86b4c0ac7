export { createSessions } from './sessions.ts'
export type { NodeSessions } from './sessions.ts'
