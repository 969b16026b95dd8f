import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { extraHostProblem } from "../../../provider/input-rules/extra-hosts";

describe("extraHostProblem", () => {
  it("accepts host:ip with IPv4, IPv6 and host-gateway", () => {
    for (const entry of ["db:10.0.0.2", "db.internal:::1", "v6:[2001:db8::1]", "gw:host-gateway"]) {
      assert.equal(extraHostProblem(entry), undefined, entry);
    }
  });

  it("rejects an entry without a colon and shows the form", () => {
    assert.match(extraHostProblem("db") ?? "", /"db" is not host:ip; write it like db:10\.0\.0\.2/);
  });

  it("rejects an entry whose address is not an IP", () => {
    assert.match(extraHostProblem("db:database") ?? "", /"database" where an IP address \(or host-gateway\) belongs/);
    assert.match(extraHostProblem("db:10.0.0.2,cache:10.0.0.3") ?? "", /where an IP address/);
  });

  it("rejects an empty or odd host name and a value that is not a string", () => {
    assert.match(extraHostProblem(":10.0.0.2") ?? "", /invalid host name ""/);
    assert.match(extraHostProblem("my db:10.0.0.2") ?? "", /invalid host name "my db"/);
    assert.match(extraHostProblem(42) ?? "", /must be a string/);
  });
});
