// What the editor shows of an explanation: a verdict per statement, and the panel's HTML under a strict CSP.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { explanationHtml, panelCsp, statementVerdicts } from "../../../src/editor-core/explanation-view.js";
import { simulate } from "../../../src/editor-core/simulation.js";
import { rangeOf } from "./text-ranges.js";

const policy = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" },
    { "Sid": "Office", "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "NotIpAddress": { "aws:SourceIp": "10.0.0.0/8" } } },
    { "Effect": "Allow", "Action": "iam:*", "Resource": "*" }
  ]
}`;
const source = { kind: "identity" as const, name: "this document" };

describe("explanation view", () => {
  it("gives each statement its verdict, the deciding one marked", () => {
    const { explanation } = simulate(policy, "identity", { action: "s3:GetObject", resource: "arn:aws:s3:::reports/a", context: { "aws:SourceIp": "10.1.1.1" } });
    const v = statementVerdicts(explanation, source);
    assert.deepEqual(v.map((x) => [x.index, x.kind, x.text]), [
      [0, "decides", "◆ decides: allowed (identity)"],
      [1, "notMatched", "✗ condition NotIpAddress aws:SourceIp fails"],
      [2, "notMatched", "✗ action does not match"],
    ]);
    assert.deepEqual(v[0]!.range, rangeOf(policy, '{ "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" }'));
    assert.match(v[1]!.detail, /- ✗ NotIpAddress aws:SourceIp \["10\.0\.0\.0\/8"\]: request has "10\.1\.1\.1"/);
  });

  it("names a missing condition key; a negated operator matches without it, as in AWS", () => {
    const { explanation } = simulate(policy, "identity", { action: "s3:GetObject", resource: "arn:aws:s3:::reports/a" });
    const v = statementVerdicts(explanation, source);
    assert.equal(v[1]!.text, "◆ decides: explicit deny (identity)");
    assert.match(v[1]!.detail, /- ✓ NotIpAddress aws:SourceIp \["10\.0\.0\.0\/8"\]: missing from the request/);
    const tagged = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue"}}}]}';
    const [only] = statementVerdicts(simulate(tagged, "identity", { action: "s3:GetObject" }).explanation, source);
    assert.equal(only!.text, "✗ condition aws:PrincipalTag/team missing from the request");
  });

  it("renders static HTML with a CSP that loads and runs nothing, escaping what the user typed", () => {
    const { explanation } = simulate(policy, "identity", { action: "s3:GetObject", resource: "arn:aws:s3:::reports/<script>", context: { "aws:SourceIp": "10.1.1.1" } });
    const html = explanationHtml(explanation, "n0nce");
    assert.equal(panelCsp("n0nce"), "default-src 'none'; style-src 'nonce-n0nce'; img-src 'none'; script-src 'none'; font-src 'none'; connect-src 'none'; frame-src 'none'; form-action 'none'");
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${panelCsp("n0nce")}">`));
    assert.ok(!/<script/i.test(html));
    assert.ok(!/https?:\/\//.test(html));
    assert.ok(html.includes("arn:aws:s3:::reports/&lt;script&gt;"));
    assert.ok(html.includes('<p class="verdict allow" id="verdict" data-decision="allowed"><b>Allowed:</b> Read in identity policy this document allows s3:GetObject on arn:aws:s3:::reports/&lt;script&gt;.</p>'), html);
    assert.ok(html.includes('<tr class="decides allow"><td data-label="Statement">Read</td><td data-label="Effect">Allow</td>'));
    // Theme colours, not fixed ones: diff backgrounds for the verdict and the deciding row, ok/error for conditions.
    assert.match(html, /\.verdict\.allow\{background:var\(--vscode-diffEditor-insertedTextBackground/);
    assert.match(html, /tr\.decides\.deny\{background:var\(--vscode-diffEditor-removedTextBackground/);
    // A narrow panel stacks each statement's cells, each labelled.
    assert.match(html, /@media \(max-width:560px\)\{[^@]*td::before\{content:attr\(data-label\)/);
  });

  it("links only to commands, its arguments JSON-encoded, and marks an outdated result", () => {
    const { explanation } = simulate(policy, "identity", { action: "s3:GetObject", resource: "arn:aws:s3:::other/a", context: { "aws:SourceIp": "10.1.1.1" } });
    const html = explanationHtml(explanation, "n", {
      title: "Simulation", origin: "enforce mode",
      actions: [{ label: "Open in simulator", command: "awsIdentityEmulator.openInSimulator", args: { id: 7 } }],
      outdated: { message: "the policy no longer parses.", link: { label: "Show the problem", command: "awsIdentityEmulator.policyEditor.showProblem", args: { uri: "file:///p.json" } } },
    });
    assert.ok(html.includes(`<a class="action" href="command:awsIdentityEmulator.openInSimulator?${encodeURIComponent('[{"id":7}]')}">Open in simulator</a>`));
    assert.match(html, /<p class="outdated" id="outdated"><b>Outdated:<\/b> the policy no longer parses\. <a class="action" href="command:awsIdentityEmulator\.policyEditor\.showProblem\?/);
    assert.match(html, /<p class="verdict deny" id="verdict" data-decision="implicitDeny"><b>Denied:<\/b> no statement allows s3:GetObject on arn:aws:s3:::other\/a — closest was Read, which allows this action on other resources\.<\/p>/);
  });
});
