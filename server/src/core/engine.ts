// The lint engine: text in, findings out. Pure (no LSP, no `vscode`, no file system), shared by the language server,
// the CLI and the tests. Each document of a file is parsed and checked on its own and cached by its text, so a
// keystroke re-checks only the document it changed; rules that look across documents run over the cached models.
import { visit } from 'yaml';
import { checkedText, duplicateKeys, isEmptyChunk, pairOf, parseChunk, rangeOfKey, rangeOfNode, scanKinds, splitDocuments, rangeOfOffsets, templateMarker, type ManifestDoc } from './documents';
import type { Finding, LintOptions, Range } from './types';
import { documentRules, crossDocumentRules, type RuleContext } from './rules';
import { applyControls } from './controls';
import { missingMergeKeys } from './rules/merge-keys';
import { ignoredDirectives } from './rules/patch-directives';
import type { WorkspaceLookup } from './workspace/lookup';
import { identityProblem, targetOf, type Target } from './targets';
import { preferredApiVersion, targetMinor } from './schema/lifecycle';

/** Codes of pure schema-shape findings, which `schemaDiagnostics: false` leaves to another YAML extension. */
export const SCHEMA_SHAPE_CODES: ReadonlySet<string> = new Set([
  'unknown-field',
  'invalid-type',
  'missing-required',
  'invalid-enum',
]);

export const DEFAULT_OPTIONS: LintOptions = {
  kubernetesVersion: '1.36',
  schemaDiagnostics: true,
  maxTextLength: 5 * 1024 * 1024,
};

interface CachedDoc {
  md: ManifestDoc;
  /** Chunk-relative findings of the per-document rules. */
  findings: Finding[];
  /** The document has YAML syntax errors: only those are reported for it. */
  broken: boolean;
  /** Not parsed: its top-level `kind:` names a kind no rule reads (a CRD, a ConfigMap); `md` is an empty model. */
  skipped?: boolean;
}

/**
 * Kinds some rule reads (lower case, as `kind: rollout` is still reported): the checked kinds, and the kinds their
 * links lead to in the same file (workloads, analysis templates). Documents of other kinds are not parsed at all:
 * a file of CRDs (Argo Rollouts' install.yaml is ~1 MB of them) costs a scan of its `kind:` lines, not a parse.
 */
const READ_KINDS: ReadonlySet<string> = new Set(
  [
    'Rollout', 'HorizontalPodAutoscaler', 'Service',
    'Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'PodTemplate',
    'AnalysisTemplate', 'ClusterAnalysisTemplate', 'Experiment', 'AnalysisRun',
    // its presence alone matters: it may default the requests an HPA's target lacks (rules/links.ts)
    'LimitRange',
  ].map((k) => k.toLowerCase()),
);

/** True when the document's only top-level `kind:` names a kind no rule reads (flow-style documents are parsed). */
function skippable(text: string): boolean {
  // two `kind:` keys: a duplicate key, which the parse reports
  const kinds = scanKinds(text, 2);
  return kinds.length === 1 && !READ_KINDS.has(kinds[0]!.toLowerCase());
}

/** A `kind:` line naming a kind the engine checks, at any indentation (the document may be broken). */
const LOOKS_LIKE_TARGET = /^[ \t]*kind:[ \t]*["']?(?:Rollout|HorizontalPodAutoscaler|Service)["']?[ \t]*(?:#.*)?\r?$/m;

/** A document stops collecting syntax errors after this many (one unclosed bracket can cause thousands). */
export const MAX_SYNTAX_ERRORS = 20;

/** Told about a rule that threw; the rule's findings for that document are lost, the other rules' are kept. */
export type RuleErrorHandler = (ruleId: string, error: unknown) => void;

export class Linter {
  private cache = new Map<string, CachedDoc>();
  /** How many tracked files hold each cached text, and which texts each file held at its last lint. */
  private refs = new Map<string, number>();
  /**
   * Per file (`''`: none), the documents its last check parsed but stopped before checking (see `steps`): the next
   * check of the file takes them. At most one file's documents each; dropped when a check of the file ends.
   */
  private unchecked = new Map<string, Map<string, ManifestDoc>>();
  private files = new Map<string, Set<string>>();
  private optionsKey = '';
  /** Checks the workspace's kustomize strategic-merge patches as fragments (`partial`): their findings, their cache. */
  private patchLinter?: Linter;
  /** Without `onRuleError` a rule's exception propagates out of `lint` (tests want to see it). */
  constructor(
    private readonly maxCachedDocs = 20000,
    private readonly onRuleError?: RuleErrorHandler,
    private readonly partial = false,
  ) {}

  /**
   * Findings for a whole file. With `file` (the editor's URI), the cache keeps exactly the documents that file still
   * holds: the versions a keystroke replaced are dropped at once instead of waiting for the LRU bound.
   */
  lint(text: string, options: LintOptions = DEFAULT_OPTIONS, file?: string, workspace?: WorkspaceLookup): Finding[] {
    const steps = this.steps(text, options, file, workspace);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value!; // run without pauses, nothing can change the options under it
    }
  }

  /**
   * `lint`, in slices: after each document, once `sliceMs` have passed, it yields to the event loop (so a language
   * server answers other requests, checks other files and shuts down promptly while a huge file is checked) and then
   * stops, resolving to undefined, when `superseded()` says a newer version or new options made this check useless.
   * One document is the smallest slice: its parse cannot be cut.
   */
  async lintSliced(
    text: string,
    options: LintOptions,
    file: string | undefined,
    control: { sliceMs?: number; superseded?: () => boolean; workspace?: WorkspaceLookup } = {},
  ): Promise<Finding[] | undefined> {
    const sliceMs = control.sliceMs ?? 8;
    const steps = this.steps(text, options, file, control.workspace);
    let since = performance.now();
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (performance.now() - since < sliceMs) continue;
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (control.superseded?.()) {
        steps.return(undefined);
        return undefined;
      }
      since = performance.now();
    }
  }

  /** The check itself, pausing (`yield`) after each document; undefined when the options changed during a pause. */
  private *steps(text: string, options: LintOptions, file?: string, workspace?: WorkspaceLookup): Generator<void, Finding[] | undefined> {
    if (file !== undefined && !this.partial) {
      const patch = workspace?.patchOf?.(file);
      if (patch !== undefined) {
        // a kustomize patch file: checked as a fragment by a linter of its own (other findings, so another cache)
        if (this.files.has(file)) this.forget(file);
        if (patch === 'json6902') return []; // a list of JSON-patch operations, not a manifest
        return yield* (this.patchLinter ??= new Linter(this.maxCachedDocs, this.onRuleError, true)).steps(text, options, file, workspace);
      }
      if (this.patchLinter?.files.has(file)) this.patchLinter.forget(file); // a patch no longer
    }
    // rule levels are applied after the cache (controls.ts): changing them does not re-check anything
    const { rules: levels, ...ruleInputs } = options;
    const key = JSON.stringify(ruleInputs);
    if (key !== this.optionsKey) {
      this.cache.clear();
      this.unchecked.clear();
      this.refs.clear();
      this.files.clear();
      this.optionsKey = key;
    }
    const out: Finding[] = [];
    let checked = text;
    if (text.length > options.maxTextLength) {
      checked = checkedText(text, options.maxTextLength);
      out.push(fileTooLarge(text, checked));
    }

    const ctx: RuleContext = { options, ...(this.partial ? { partial: true } : {}) };
    // Two passes: every new document is parsed first, then each is checked. The same work interleaved (parse one,
    // check it, parse the next) costs ~10 % more on a 100-document file, by the measurements the parser's and the
    // rules' code evicting each other (docs/bench.md). Documents already in the cache are taken as they are.
    const docs: CachedDoc[] = [];
    const fresh: Array<{ at: number; md: ManifestDoc }> = [];
    const parsedNow = new Map<string, number>(); // a text that occurs twice in the file is parsed once
    const twins: Array<{ at: number; of: number; startLine: number; index: number }> = [];
    const owner = file ?? '';
    const leftover = this.unchecked.get(owner);
    const mine = new Map<string, ManifestDoc>();
    this.unchecked.set(owner, mine);
    let index = 0;
    for (const chunk of splitDocuments(checked)) {
      if (isEmptyChunk(chunk.text)) continue;
      const twin = parsedNow.get(chunk.text);
      const cached = twin === undefined ? this.cache.get(chunk.text) : undefined;
      if (twin !== undefined) {
        docs.push(docs[twin]!); // placed once the twin is checked
        twins.push({ at: docs.length - 1, of: twin, startLine: chunk.startLine, index });
      } else if (cached) {
        // a cache hit may come from another place in the file: the model's positions are chunk-relative,
        // only its place in the file changes
        const placed = cached.md.startLine !== chunk.startLine || cached.md.index !== index;
        docs.push(placed ? { ...cached, md: { ...cached.md, startLine: chunk.startLine, index } } : cached);
      } else {
        // parsed by a check that was stopped before checking it (a keystroke during a large file's check)
        const waiting = leftover?.get(chunk.text);
        // `chunk.text` is a slice of the whole file and would keep all of it alive as long as the entry lives
        const parsed = waiting
          ? { ...waiting, startLine: chunk.startLine, index }
          : this.parseContained(flatCopy(chunk.text), chunk.startLine, index);
        parsedNow.set(chunk.text, docs.length);
        if ('findings' in parsed) docs.push(parsed);
        else {
          mine.set(parsed.text, parsed);
          docs.push({ md: parsed, findings: [], broken: false });
          fresh.push({ at: docs.length - 1, md: parsed });
        }
      }
      index++;
      yield;
      // another check changed the options (and emptied the cache) while this one was paused: it is stale
      if (this.optionsKey !== key) return undefined;
    }
    for (const { at, md } of fresh) {
      const done = this.checkParsed(md, ctx);
      docs[at] = done;
      // kept at once: a stopped check leaves what it checked to the next one
      mine.delete(md.text);
      this.cache.set(md.text, done);
      yield;
      if (this.optionsKey !== key) return undefined;
    }
    if (this.unchecked.get(owner) === mine) this.unchecked.delete(owner);
    for (const { at, of, startLine, index } of twins) docs[at] = { ...docs[of]!, md: { ...docs[of]!.md, startLine, index } };
    for (const d of docs) {
      // refresh its place in the LRU order (only entries no open file holds are ever evicted)
      if (!this.refs.has(d.md.text)) this.cache.delete(d.md.text);
      this.cache.set(d.md.text, d);
      for (const f of d.findings) out.push(shift(f, d.md.startLine));
    }
    if (file !== undefined) this.retain(file, docs.map((d) => d.md.text));
    if (this.cache.size > this.maxCachedDocs) this.evict(this.cache.size - this.maxCachedDocs);

    const healthy = docs.filter((d) => !d.broken).map((d) => d.md);
    const crossCtx: RuleContext = { ...ctx, ...(workspace ? { workspace } : {}), ...(file !== undefined ? { file } : {}) };
    for (const rule of crossDocumentRules) {
      const found = this.guard(rule.id, () => rule.check(healthy, crossCtx));
      for (const { doc, finding } of found) out.push(shift(finding, doc.startLine));
    }
    const shown = options.schemaDiagnostics ? out : out.filter((f) => !SCHEMA_SHAPE_CODES.has(f.code));
    return applyControls(shown, checked, levels);
  }

  /**
   * Parses one document; whatever goes wrong stays inside it: the document gets an `internal-error` finding (never a
   * silent "no problems") and the file's other documents are still checked. A document whose kind no rule reads is
   * not parsed (`skipped`). A finished entry (with its findings) or the model to check.
   */
  private parseContained(text: string, startLine: number, index: number): CachedDoc | ManifestDoc {
    if (skippable(text)) {
      const md = parseChunk({ text: '', startLine }, index);
      return { md: { ...md, text }, broken: true, skipped: true, findings: [] };
    }
    try {
      return parseChunk({ text, startLine }, index);
    } catch (err) {
      return this.failed(err, text, startLine, index);
    }
  }

  /** Checks one parsed document, contained as `parseContained`. */
  private checkParsed(md: ManifestDoc, ctx: RuleContext): CachedDoc {
    try {
      const checked = this.checkDocument(md, ctx);
      // a patch's list items need their merge keys (rules/merge-keys.ts); a whole manifest's schema says so already;
      // and kustomize reads no strategic-merge directive but `$patch` (rules/patch-directives.ts)
      if (this.partial && !checked.broken) {
        checked.findings.push(...this.guard('merge-keys', () => missingMergeKeys(checked.md)));
        checked.findings.push(...this.guard('patch-directives', () => ignoredDirectives(checked.md)));
      }
      return checked;
    } catch (err) {
      return this.failed(err, md.text, md.startLine, md.index);
    }
  }

  private failed(err: unknown, text: string, startLine: number, index: number): CachedDoc {
    if (!this.onRuleError) throw err;
    this.onRuleError('engine', err);
    const md = parseChunk({ text: '', startLine }, index);
    const message = err instanceof Error ? err.message : String(err);
    return { md: { ...md, text }, broken: true, findings: [internalError(`the engine failed on this document (${message})`)] };
  }

  private checkDocument(md: ManifestDoc, ctx: RuleContext): CachedDoc {
    if (md.unparsed) {
      const { offset, message } = md.unparsed;
      return { md, broken: true, findings: [syntaxFinding(md, [offset, offset], message, 'error')] };
    }
    const errors = md.doc.errors;
    let target = targetOf(md);
    // A broken document may not parse to a mapping: whether it is one of ours is read from its text. Syntax errors
    // in other YAML (a docker-compose file, a CI config) are another extension's business: no noise.
    const ours = () => target !== undefined || LOOKS_LIKE_TARGET.test(md.text);
    // Helm and other templates are not YAML until rendered: a template that does not parse as YAML, or whose markers
    // became YAML structure (`replicas: {{ .Values.n }}` reads as a mapping), is skipped and says so. Markers inside
    // strings (Argo Rollouts' own `{{args.service-name}}` in an AnalysisTemplate query) are plain data.
    const marker = templateMarker(md.text);
    if (marker && (errors.length > 0 || templateStructureAt(md) !== undefined)) {
      if (!ours()) return { md, broken: true, findings: [] };
      const at = errors.length > 0 ? marker.index + marker[0].length - 2 : templateStructureAt(md)!;
      return { md, broken: true, findings: [templateSkipped(md, at)] };
    }
    if (errors.length > 0) {
      if (!ours()) return { md, broken: true, findings: [] };
      const findings = errors.slice(0, MAX_SYNTAX_ERRORS).map((e) => syntaxFinding(md, e.pos, e.message, 'error'));
      if (errors.length > MAX_SYNTAX_ERRORS) {
        const last = errors[MAX_SYNTAX_ERRORS]!;
        findings.push(syntaxFinding(md, last.pos, `… and ${errors.length - MAX_SYNTAX_ERRORS} more syntax errors in this document`, 'error'));
      }
      return { md, broken: true, findings };
    }
    const identity: Finding[] = [];
    if (!target) {
      const problem = identityProblem(md, (kind) => defaultApiVersion(kind, ctx.options));
      if (!problem) return { md, broken: false, findings: [] };
      target = problem.target;
      identity.push(identityFinding(md, problem.code, problem.message, problem.kind));
    }
    const duplicates = duplicateKeys(md.doc.contents);
    if (duplicates.length > 0) {
      const findings = duplicates.map((k) =>
        syntaxFinding(md, [k.range?.[0] ?? 0, k.range?.[1] ?? 0], `Map keys must be unique: \`${String(k)}\` is repeated`, 'error'),
      );
      return { md, broken: true, findings };
    }
    const findings: Finding[] = md.doc.warnings.map((w) => syntaxFinding(md, w.pos, w.message, 'warning'));
    findings.push(...identity);
    const checked: Target = target;
    for (const rule of documentRules) {
      findings.push(
        ...this.guard(rule.id, () => rule.check(md, checked, ctx), (message) => [
          internalError(`rule '${rule.id}' failed on this document (${message}), so its findings are missing`),
        ]),
      );
    }
    return { md, broken: false, findings };
  }

  /** Runs a rule; when it throws (and a handler is set), reports it and returns `failed(message)` instead. */
  private guard<T>(ruleId: string, run: () => T[], failed: (message: string) => T[] = () => []): T[] {
    if (!this.onRuleError) return run();
    try {
      return run();
    } catch (err) {
      this.onRuleError(ruleId, err);
      return failed(err instanceof Error ? err.message : String(err));
    }
  }

  /** The parsed model of a document's text when it is cached (for requests that read a file's objects). */
  cachedDocument(text: string): ManifestDoc | undefined {
    const cached = this.cache.get(text);
    return cached && !cached.skipped ? cached.md : this.patchLinter?.cachedDocument(text);
  }

  /** The editor closed `file`: its documents leave the cache unless another open file holds them too. */
  forget(file: string): void {
    this.patchLinter?.forget(file);
    this.unchecked.delete(file);
    this.retain(file, []);
    this.files.delete(file);
  }

  private retain(file: string, texts: string[]): void {
    const before = this.files.get(file) ?? new Set<string>();
    // the same documents as last time (a re-check): nothing to count
    if (texts.length === before.size && texts.every((t) => before.has(t))) return;
    const now = new Set(texts);
    for (const t of now) if (!before.has(t)) this.refs.set(t, (this.refs.get(t) ?? 0) + 1);
    for (const t of before) {
      if (now.has(t)) continue;
      const n = (this.refs.get(t) ?? 1) - 1;
      if (n > 0) this.refs.set(t, n);
      else {
        this.refs.delete(t);
        this.cache.delete(t);
      }
    }
    this.files.set(file, now);
  }

  /** Drops the least recently used entries that no open file holds. */
  private evict(n: number): void {
    for (const k of this.cache.keys()) {
      if (n <= 0) break;
      if (this.refs.has(k)) continue;
      this.cache.delete(k);
      n--;
    }
  }
}

/** The offset of the first template expression that the YAML parser read as structure (a flow mapping `{{ … }}`). */
function templateStructureAt(md: ManifestDoc): number | undefined {
  let at: number | undefined;
  visit(md.doc, {
    Map(_key, node) {
      if (node.flow && node.range && md.text.startsWith('{{', node.range[0])) {
        at = node.range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return at;
}

function templateSkipped(md: ManifestDoc, offset: number): Finding {
  return {
    range: rangeOfOffsets(md, offset, Math.min(md.text.length, offset + 2)),
    severity: 'information',
    code: 'template-skipped',
    message:
      'This document holds template markers ({{ … }}) and is not YAML until it is rendered, so it was not checked. ' +
      'Check the rendered output instead (e.g. `helm template . | rollout-pilot lint -`).',
  };
}

/** The apiVersion to check a document that names none against: the one its kind is served as at the target. */
function defaultApiVersion(kind: Target['kind'], options: LintOptions): string {
  if (kind === 'Rollout') return 'argoproj.io/v1alpha1';
  if (kind === 'Service') return 'v1';
  return preferredApiVersion(kind, targetMinor(options.kubernetesVersion))?.apiVersion ?? 'autoscaling/v2';
}

function identityFinding(md: ManifestDoc, code: string, message: string, kind?: string): Finding {
  const pair = pairOf(md.root, 'kind');
  const range = pair ? (code === 'unknown-kind' ? rangeOfNode(md, pair.value) : rangeOfKey(md, pair)) : rangeOfOffsets(md, 0, 0);
  return {
    range,
    severity: 'error',
    code,
    message,
    ...(kind ? { fixes: [{ title: `Change to \`${kind}\``, edits: [{ range, newText: kind }], preferred: true }] } : {}),
  };
}

/**
 * The finding that marks text the engine could not check (a document, or a whole file when `subject` says so): it
 * must never look clean. Also used by the CLI and the language server for a failure outside the engine's own net.
 */
export function internalError(what: string, subject = 'document'): Finding {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: 'error',
    code: 'internal-error',
    message: `Rollout Pilot could not check this ${subject}: ${what}. Please report this with the ${subject}.`,
  };
}

/** A copy of `s` that does not share the memory of the string it was sliced from. */
function flatCopy(s: string): string {
  return (' ' + s).slice(1);
}

function shift(f: Finding, lines: number): Finding {
  if (lines === 0) return f;
  const r: Range = {
    start: { line: f.range.start.line + lines, character: f.range.start.character },
    end: { line: f.range.end.line + lines, character: f.range.end.character },
  };
  const fixes = f.fixes?.map((fix) => ({
    ...fix,
    edits: fix.edits.map((e) => ({
      newText: e.newText,
      range: {
        start: { line: e.range.start.line + lines, character: e.range.start.character },
        end: { line: e.range.end.line + lines, character: e.range.end.character },
      },
    })),
  }));
  return { ...f, range: r, ...(fixes ? { fixes } : {}) };
}

function syntaxFinding(md: ManifestDoc, pos: [number, number], message: string, severity: 'error' | 'warning'): Finding {
  const end = pos[1] > pos[0] ? pos[1] : Math.min(md.text.length, pos[0] + 1);
  return {
    range: rangeOfOffsets(md, pos[0], end),
    severity,
    code: 'yaml-syntax',
    message: firstLine(message),
  };
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i === -1 ? s : s.slice(0, i);
}

function fileTooLarge(text: string, checked: string): Finding {
  const kb = (n: number) => Math.round(n / 1024).toLocaleString('en-US');
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: 'information',
    code: 'file-too-large',
    message:
      checked.length > 0
        ? `This file is ${kb(text.length)} KB; only its first ${kb(checked.length)} KB (the documents before that point) ` +
          `were checked. Raise rolloutPilot.maxFileSizeKb to check all of it.`
        : `This file is ${kb(text.length)} KB and its first document alone is larger than rolloutPilot.maxFileSizeKb, ` +
          `so it was not checked. Raise the setting to check it.`,
  };
}
