// make bench-compare's aws-jwt-verify side: CognitoJwtVerifier.verifySync of the token cognitojwt's
// benchmarks verify, against the same JWKS (both written by cognitojwt's TestWriteBenchFixtures),
// timed the way `go test -bench` times (grow the count until one run lasts SECONDS) and printed as a
// `go test -bench` line, so scripts/bench-table.sh reads both alike.
// Usage: node bench.mjs DIR [SECONDS]
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { CognitoJwtVerifier } from "aws-jwt-verify";

const [dir, seconds = "1"] = process.argv.slice(2);
if (!dir) {
  console.error("usage: node bench.mjs DIR [SECONDS]");
  process.exit(2);
}
const read = (name) => readFileSync(`${dir}/${name}`, "utf8");
const config = JSON.parse(read("config.json"));
const token = read("token");

const verifier = CognitoJwtVerifier.create({
  userPoolId: config.userPoolId,
  clientId: config.clientId,
  tokenUse: config.tokenUse,
});
verifier.cacheJwks(JSON.parse(read("jwks.json"))); // verifySync needs the JWKS in its cache

// A benchmark of a refusal would measure the wrong thing: the token must pass, as in Go.
const payload = verifier.verifySync(token);
if (payload.client_id !== config.clientId) {
  throw new Error(`verifySync returned client_id ${payload.client_id}, want ${config.clientId}`);
}

// Besides wall-clock ns/op, the process's CPU time per call (user + system, all threads: the GC's
// too), as the Go benchmarks report it: on a shared machine it leaves out the time others ran.
const target = Number(seconds) * 1e9;
let n = 1;
let ns;
let cpu;
for (;;) {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) verifier.verifySync(token);
  ns = Number(process.hrtime.bigint() - start);
  cpu = process.cpuUsage(cpuStart);
  if (ns >= target || n >= 1e9) break;
  // Go's predictN: aim 20% past the target, grow at most 100x, at least by one.
  n = Math.max(n + 1, Math.min(100 * n, Math.ceil((1.2 * n * target) / Math.max(ns, 1))));
}
const cpuNs = ((cpu.user + cpu.system) * 1000) / n;
console.log(`BenchmarkAwsJwtVerify-${availableParallelism()}\t${n}\t${(ns / n).toFixed(1)} ns/op\t${cpuNs.toFixed(1)} cpu-ns/op`);
