// The breaking changes from one OpenAPI document to another, as api-smart-diff classifies them
// (its public apiCompare; $refs resolved), printed as a JSON array on stdout.
// Usage: node breaking.cjs <before.json> <after.json>
"use strict";
const fs = require("node:fs");
const { apiCompare } = require("api-smart-diff");

const [beforePath, afterPath] = process.argv.slice(2);
if (!beforePath || !afterPath) {
  console.error("usage: node breaking.cjs <before.json> <after.json>");
  process.exit(2);
}
const read = (path) => JSON.parse(fs.readFileSync(path, "utf8"));
const { diffs } = apiCompare(read(beforePath), read(afterPath));
const breaking = diffs
  .filter((diff) => diff.type === "breaking")
  .map((diff) => ({ action: diff.action, path: diff.path, description: diff.description }));
process.stdout.write(JSON.stringify(breaking, null, 2) + "\n");
