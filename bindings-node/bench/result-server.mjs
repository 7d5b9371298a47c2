// A bare loopback server (for the memory test), in its own process so it does not share the
// caller's event loop: answers every GET with the published result body from the shared vectors.
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'

const vectors = JSON.parse(readFileSync(new URL('../../tests/vectors/results.json', import.meta.url), 'utf8'))
const body = Buffer.from(JSON.stringify(vectors.session_results[0].body))
const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, 'x-request-id': 'bench' })
  res.end(body)
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }))
process.on('disconnect', () => process.exit(0))
