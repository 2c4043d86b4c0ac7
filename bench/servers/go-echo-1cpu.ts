// Go Echo + gorilla as go-echo.ts, with GOMAXPROCS=1: Go code runs on one CPU, as a Node
// server's JavaScript does, which separates the cost of the code from the use of both cores.
import { startGoEcho } from './go-echo.ts'

startGoEcho('go-echo-1cpu', '1')
