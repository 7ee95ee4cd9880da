// Replays structure messages with static/structure.js, for tests/test_structure_frames.py.
// Reads {"order": [...], "messages": [...]} as JSON on stdin; prints the order after each
// message as one JSON line (a list of orders).
import { applyStructure } from "../../static/structure.js";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { order, messages } = JSON.parse(input);
const orders = [];
let now = order;
for (const message of messages) {
  now = applyStructure(now, message);
  orders.push(now);
}
console.log(JSON.stringify(orders));
