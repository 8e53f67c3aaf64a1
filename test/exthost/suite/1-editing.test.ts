// While editing, seen from inside the extension host: activation on a YAML file, the diagnostics VS Code holds for
// the seed manifests (compared with what the engine itself reports for the same files), a quick fix applied as the
// WorkspaceEdit it carries, a settings change reaching the language server, and the server's environment.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { EXTENSION_ID, api, codeOf, fixture, open, ours, severityName, until, workspaceFile, type Finding } from './util';

const FILES = ['rollout.yaml', 'service.yaml', 'hpa.yaml'];

function shape(name: string, ds: readonly vscode.Diagnostic[]): string[] {
  return ds
    .map((d) => `${name}:${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${severityName(d.severity)} ${codeOf(d)}`)
    .sort();
}

function expected(findings: readonly Finding[]): string[] {
  return findings
    .map((f) => `${basename(f.file)}:${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.severity} ${f.code}`)
    .sort();
}

suite('editing', () => {
  suiteSetup(async () => {
    await open('rollout.yaml');
  });

  test('runs in the VS Code the runner started', function () {
    console.log(`VS Code ${vscode.version} (${vscode.env.appName}, ui kind ${vscode.env.uiKind}, remote ${vscode.env.remoteName ?? 'none'}), Node ${process.version}`);
    const want = fixture().vscodeVersion;
    if (!want) return this.skip();
    assert.equal(vscode.version, want);
  });

  test('the extension activates on a YAML file and returns its API', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded`);
    await until('activation', () => ext.isActive, (a) => a, 30000);
    const exports = await api();
    assert.equal(typeof exports.rolloutTree.getChildren, 'function');
    assert.equal(typeof exports.session, 'function');
  });

  test("getDiagnostics holds the seed's three findings, with the codes, severities and ranges the engine reports", async () => {
    for (const f of FILES) await open(f);
    const want = expected(fixture().findings);
    const codes = fixture().findings.map((f) => f.code).sort();
    assert.deepEqual(codes, ['removed-api-version', 'removed-field', 'unknown-topology-key'], 'the engine reports the seed write-up\'s three mistakes');
    const got = await until('diagnostics of the three files', () => FILES.flatMap((f) => shape(f, ours(f))).sort(), (g) => g.length >= want.length);
    assert.deepEqual(got, want);
    const d = ours('hpa.yaml')[0]!;
    assert.equal(typeof d.code === 'object' && d.code.target.toString().includes('rules.md'), true, 'the code links to its explanation');
  });

  test('the language server runs without NODE_EXTRA_CA_CERTS (its Node would build a certificate store at start for nothing)', () => {
    assert.ok(process.env.NODE_EXTRA_CA_CERTS, 'the runner sets NODE_EXTRA_CA_CERTS for the extension host');
    // the server: a child of this extension host running dist/server.js (vscode-languageclient forks it)
    const servers = readdirSync('/proc')
      .filter((pid) => /^\d+$/.test(pid))
      .filter((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
          return ppid === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').some((a) => a.endsWith('dist/server.js'));
        } catch {
          return false; // a process that ended while listed
        }
      });
    assert.equal(servers.length, 1, `one language server process under the extension host (${servers.join(', ')})`);
    const env = readFileSync(`/proc/${servers[0]}/environ`, 'utf8').split('\0');
    assert.equal(env.find((e) => e.startsWith('NODE_EXTRA_CA_CERTS=')), undefined);
    assert.ok(env.includes(`PATH=${process.env.PATH}`), 'the rest of the environment is passed on');
  });

  test("the quick fix's WorkspaceEdit, applied through workspace.applyEdit, clears its finding", async () => {
    const doc = await open('rollout.yaml');
    const original = doc.getText();
    const diag = ours('rollout.yaml').find((d) => codeOf(d) === 'unknown-topology-key');
    assert.ok(diag, 'the topology-key finding is there');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value, 10);
    // (the API command's CodeActions carry no `diagnostics`: the fix is the preferred one that rewrites the finding's range)
    const fix = actions.find((a) => a.isPreferred && a.edit?.get(doc.uri).some((e) => e.range.isEqual(diag.range)));
    assert.ok(fix?.edit, `a quick fix with an edit for unknown-topology-key (offered: ${JSON.stringify(actions)})`);
    assert.equal(fix.title, "Change to 'topology.kubernetes.io/zone'");
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.match(doc.lineAt(diag.range.start.line).text, /topologyKey: topology\.kubernetes\.io\/zone/);
    await until('the finding gone', () => ours('rollout.yaml').map(codeOf), (c) => !c.includes('unknown-topology-key'));
    // put the file back as it was: the finding comes back, live
    const all = new vscode.WorkspaceEdit();
    all.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
    assert.equal(await vscode.workspace.applyEdit(all), true);
    await until('the finding back', () => ours('rollout.yaml').map(codeOf), (c) => c.includes('unknown-topology-key'));
    await doc.save();
  });

  test('a settings change reaches the language server: at kubernetesVersion 1.24 the v2beta1 HPA is deprecated, not removed', async () => {
    await open('hpa.yaml');
    const config = () => vscode.workspace.getConfiguration('rolloutPilot', workspaceFile('hpa.yaml'));
    const hpa = () => ours('hpa.yaml').map((d) => `${severityName(d.severity)} ${codeOf(d)}`);
    assert.deepEqual(await until('the removed-api-version error', hpa, (c) => c.length > 0), ['error removed-api-version']);
    await config().update('kubernetesVersion', '1.24', vscode.ConfigurationTarget.Workspace);
    try {
      const got = await until('the deprecation warning at 1.24', hpa, (c) => c.includes('warning deprecated-api-version'));
      assert.deepEqual(got, ['warning deprecated-api-version']);
      assert.match(ours('hpa.yaml')[0]!.message, /1\.24/);
    } finally {
      await config().update('kubernetesVersion', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until('back to the removed-api-version error', hpa, (c) => c.length === 1 && c[0] === 'error removed-api-version');
  });
});
