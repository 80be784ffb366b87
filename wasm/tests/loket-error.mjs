// Shared by the Node tests: asserts `fn` throws a LoketError (with `code`, when
// given) whose message says something; returns the error.
import assert from "node:assert/strict";

export function throwsLoket(fn, code) {
  let err;
  assert.throws(fn, (e) => {
    err = e;
    return true;
  });
  assert.ok(err instanceof Error, `expected an Error, got ${err}`);
  assert.equal(err.name, "LoketError", `${err.name}: ${err.message}`);
  if (code) assert.equal(err.code, code, err.message);
  assert.equal(typeof err.message, "string");
  assert.ok(err.message.length > 0);
  return err;
}
