// Reads [[old, new], ...] as JSON on stdin and prints static/sync.js's makeDelta of each, as
// JSON: tests/test_sync_vectors.py compares them with the Python client's deltas.
import { makeDelta } from "../../static/sync.js";

let input = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) input += chunk;
console.log(JSON.stringify(JSON.parse(input).map(([old, text]) => makeDelta(old, text))));
