// The language server: LSP wiring around the engine's `Linter`. Documents are synced incrementally; each YAML
// document is re-checked when it opens or changes (see scheduler.ts for when) and its diagnostics are published with
// the document version. Settings come from initializationOptions (enough to start checking) and then from
// workspace/configuration when the client has it, else from didChangeConfiguration's payload. Nothing here knows a
// rule.
import { type Connection, type InitializeResult } from 'vscode-languageserver/node';
import { CodeActionKind, DidChangeConfigurationNotification, ErrorCodes, ResponseError, MessageType, ShowMessageNotification, TextDocuments, TextDocumentSyncKind } from './lsp';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { internalError, Linter } from '../core/engine';
import { checkedText } from '../core/documents';
import type { Finding, LintOptions } from '../core/types';
import { toCodeActions, toDiagnostic } from './convert';
import { RESOURCES_METHOD, ResourcesParamsSchema, SERVER_STATUS_METHOD, type ManifestResourceData, type ServerStatus } from './protocol';
import { listResources } from '../core/resources';
import { ValidationScheduler } from './scheduler';
import { DEFAULT_SETTINGS, parseSettings, toLintOptions, type ParsedSettings, type ServerSettings } from './settings';
import pkg from '../../../package.json';
import type { FeatureContext } from './features/feature';
import { createFeatures } from './features';
import type { WorkspaceLookup } from '../core/workspace/lookup';
import { codeCacheState, saveCodeCache } from './codeCache';

const SECTION = 'rolloutPilot';

/** YAML documents are checked (by language id, or by file name for clients that send another id); the engine then
 * decides by content which of their documents are Kubernetes manifests it knows. */
export function isCheckedDocument(doc: { languageId: string; uri: string }): boolean {
  return doc.languageId === 'yaml' || /\.ya?ml$/i.test(doc.uri.replace(/[?#].*$/, ''));
}

export interface ServerOptions {
  /** Per-document quiet period for bursts of edits (ms). */
  cooldownMs?: number;
}

export function startServer(connection: Connection, serverOptions: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const linter = new Linter(20000, (ruleId, err) => {
    connection.console.error(`rule '${ruleId}' failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  });

  let canPullConfiguration = false;
  let canRegisterConfiguration = false;
  let baseSettings: ServerSettings = { ...DEFAULT_SETTINGS };
  /** initializationOptions carried the settings: checks need not wait for workspace/configuration's answer */
  let settingsAtStart = false;
  let settings: ServerSettings = { ...DEFAULT_SETTINGS };
  let options: LintOptions = toLintOptions(settings);
  const shownProblems = new Set<string>();
  let pendingProblems: string[] = [];
  let initialized = false;
  /** LSP lifecycle: requests before `initialize` and after `shutdown` get the spec's errors. */
  let initializeReceived = false;
  let shutdownReceived = false;
  /** Bumped on every settings change: a check started under older settings is stale. */
  let settingsGeneration = 0;

  const scheduler = new ValidationScheduler((uri) => validate(uri), serverOptions.cooldownMs);

  /** window/showMessage (a notification: nothing for the user to answer). */
  function warn(message: string): void {
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
  }

  function errorText(err: unknown): string {
    return err instanceof Error ? (err.stack ?? err.message) : String(err);
  }

  /** Takes new settings; shows each distinct problem once. True when the settings changed. */
  function applySettings(parsed: ParsedSettings): boolean {
    for (const p of [...parsed.problems, ...(parsed.notes ?? []).map((n) => `Rollout Pilot: ${n}`)]) {
      if (shownProblems.has(p)) continue;
      shownProblems.add(p);
      connection.console.warn(p);
      if (initialized) warn(p);
      else pendingProblems.push(p);
    }
    const changed = JSON.stringify(parsed.settings) !== JSON.stringify(settings);
    if (changed) settingsGeneration++;
    settings = parsed.settings;
    options = toLintOptions(settings);
    return changed;
  }

  /**
   * Checks one file in slices (see Linter.lintSliced): other requests, other files and shutdown are answered between
   * its documents, and a check that a newer version of the file (or new settings) has superseded is dropped unpublished.
   */
  async function validate(uri: string): Promise<void> {
    const doc = documents.get(uri);
    if (!doc || !isCheckedDocument(doc) || shutdownReceived) return;
    const version = doc.version;
    const generation = settingsGeneration;
    const stale = () => shutdownReceived || settingsGeneration !== generation || documents.get(uri)?.version !== version;
    let findings: Finding[] | undefined;
    try {
      const workspace = workspaceLookup();
      findings = await linter.lintSliced(doc.getText(), options, uri, { superseded: stale, ...(workspace ? { workspace } : {}) });
    } catch (err) {
      // not a rule (those are caught per document by the engine): the file could not be checked at all, and it must
      // not look clean
      connection.console.error(`checking ${uri} failed: ${errorText(err)}`);
      findings = [internalError(err instanceof Error ? err.message : String(err), 'file')];
    }
    if (findings === undefined || stale()) return;
    connection
      .sendDiagnostics({ uri, version, diagnostics: findings.map(toDiagnostic) })
      .catch((err: unknown) => connection.console.error(`publishing diagnostics for ${uri} failed: ${errorText(err)}`));
    for (const l of checkedListeners) l(uri, version);
    saveCodeCache();
  }

  /** Handlers of requests answer only between `initialize` and `shutdown`, as the LSP lifecycle says. */
  function lifecycle<P, R>(handler: (params: P) => R): (params: P) => R | ResponseError<void> {
    return (params: P) => {
      if (!initializeReceived) return new ResponseError(ErrorCodes.ServerNotInitialized, 'the server has not been initialized');
      if (shutdownReceived) return new ResponseError(ErrorCodes.InvalidRequest, 'the server is shutting down');
      return handler(params);
    };
  }

  function revalidateAll(): void {
    for (const doc of documents.all()) if (isCheckedDocument(doc)) scheduler.schedule(doc.uri);
  }

  // Settings requests and pushes are applied one after the other, in arrival order.
  let settingsChain: Promise<unknown> = Promise.resolve();
  function updateSettings(pushed?: unknown): Promise<void> {
    const next = settingsChain.then(async () => {
      let parsed: ParsedSettings;
      if (canPullConfiguration) {
        try {
          const raw: unknown = await connection.workspace.getConfiguration(SECTION);
          parsed = parseSettings(raw, baseSettings);
        } catch (err) {
          connection.console.error(`reading the ${SECTION} settings failed: ${errorText(err)}`);
          parsed = { settings, problems: [] };
        }
      } else {
        parsed = parseSettings(pushed, baseSettings);
      }
      if (applySettings(parsed)) revalidateAll();
    });
    settingsChain = next.catch(() => undefined);
    return next;
  }

  // the features beside the checking (features/): each registers its handlers and says what it serves
  let workspaceLookup: () => WorkspaceLookup | undefined = () => undefined;
  const linksListeners: Array<() => void> = [];
  const checkedListeners: Array<(uri: string, version: number) => void> = [];
  let linksChangedTimer: NodeJS.Timeout | undefined;
  const featureContext: FeatureContext = {
    connection,
    documents,
    linter,
    options: () => options,
    lifecycle,
    isChecked: isCheckedDocument,
    revalidate: (uri) => {
      const doc = documents.get(uri);
      if (!doc || !isCheckedDocument(doc)) return;
      scheduler.schedule(uri);
      linksChangedTimer ??= setTimeout(() => {
        linksChangedTimer = undefined;
        if (!shutdownReceived) for (const l of linksListeners) l();
      }, 50);
    },
    onLinksChanged: (listener) => linksListeners.push(listener),
    onChecked: (listener) => checkedListeners.push(listener),
    checking: () => scheduler.busy(),
    workspace: () => workspaceLookup(),
    provideWorkspace: (lookup) => {
      workspaceLookup = () => lookup;
    },
    log: { info: (m) => connection.console.info(m), error: (m) => connection.console.error(m) },
  };

  connection.onInitialize((params): InitializeResult => {
    initializeReceived = true;
    const caps = params.capabilities;
    canPullConfiguration = caps.workspace?.configuration === true;
    canRegisterConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    const init = params.initializationOptions as Record<string, unknown> | null | undefined;
    const fromInit = init && typeof init === 'object' && SECTION in init ? init[SECTION] : init;
    applySettings(parseSettings(fromInit ?? undefined, DEFAULT_SETTINGS));
    baseSettings = { ...settings };
    settingsAtStart = fromInit !== null && typeof fromInit === 'object';
    const served = features.map((f) => f.capabilities(params));
    return {
      capabilities: {
        ...Object.assign({}, ...served),
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'rollout-pilot', version: pkg.version },
    };
  });

  connection.onInitialized(() => {
    initialized = true;
    for (const p of pendingProblems) warn(p);
    pendingProblems = [];
    if (canPullConfiguration && canRegisterConfiguration) {
      connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION }).catch((err: unknown) => {
        connection.console.error(`registering for settings changes failed: ${errorText(err)}`);
      });
    }
    // documents opened before the settings arrive are checked once they are known; settings given with `initialize`
    // (the extension gives its own) are known already: checks start now, and a pulled value that differs re-checks
    if (settingsAtStart) scheduler.resume();
    const ready = canPullConfiguration ? updateSettings() : Promise.resolve();
    void ready.finally(() => {
      if (shutdownReceived) return;
      for (const f of features) f.initialized?.();
      scheduler.resume();
    });
  });

  connection.onDidChangeConfiguration((change) => {
    const pushed = (change.settings as Record<string, unknown> | null | undefined)?.[SECTION];
    void updateSettings(pushed);
  });

  // TextDocuments fires onDidOpen before onDidChangeContent: the features see a document before its first check
  documents.onDidOpen((e) => {
    if (isCheckedDocument(e.document)) for (const f of features) f.opened?.(e.document.uri);
  });

  documents.onDidChangeContent((e) => {
    if (isCheckedDocument(e.document)) scheduler.schedule(e.document.uri);
  });

  documents.onDidClose((e) => {
    scheduler.cancel(e.document.uri);
    linter.forget(e.document.uri);
    if (isCheckedDocument(e.document)) {
      connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }).catch(() => undefined);
    }
  });

  // after the server's own document listeners
  const features = createFeatures(featureContext);

  connection.onCodeAction(lifecycle((params) => {
    const only = params.context.only;
    if (only && !only.some((k) => k === CodeActionKind.Empty || k === CodeActionKind.QuickFix)) return [];
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !isCheckedDocument(doc)) return [];
    try {
      // the engine's per-document cache makes this as cheap as a lookup for the current text
      const findings = linter.lint(doc.getText(), options, doc.uri, workspaceLookup());
      return toCodeActions(doc.uri, findings, params.range, params.context.diagnostics);
    } catch (err) {
      connection.console.error(`code actions for ${doc.uri} failed: ${errorText(err)}`);
      return [];
    }
  }));

  connection.onRequest(
    SERVER_STATUS_METHOD,
    lifecycle(
      (): ServerStatus => ({
        version: pkg.version,
        kubernetesVersion: settings.kubernetesVersion,
        schemaDiagnostics: settings.schemaDiagnostics,
        maxFileSizeKb: settings.maxFileSizeKb,
        documents: documents.all().filter(isCheckedDocument).length,
        codeCache: codeCacheState(),
      }),
    ),
  );

  // the objects of an open file with their ranges, from the linter's parse (documents not parsed yet are parsed once)
  connection.onRequest(
    RESOURCES_METHOD,
    lifecycle((params: unknown): ManifestResourceData[] | ResponseError<void> => {
      const parsed = ResourcesParamsSchema.safeParse(params);
      if (!parsed.success) return new ResponseError(ErrorCodes.InvalidParams, `${RESOURCES_METHOD} takes {uri: string}`);
      const doc = documents.get(parsed.data.uri);
      if (!doc || !isCheckedDocument(doc)) return [];
      const text = doc.getText();
      try {
        // as the check does: a file over the size bound is read up to the last document boundary before it
        return listResources(checkedText(text, options.maxTextLength), (t) => linter.cachedDocument(t));
      } catch (err) {
        connection.console.error(`listing the objects of ${doc.uri} failed: ${errorText(err)}`);
        return [];
      }
    }),
  );

  // any other request: before initialize the spec's ServerNotInitialized, after shutdown InvalidRequest
  connection.onRequest(
    lifecycle((): ResponseError<void> => new ResponseError(ErrorCodes.MethodNotFound, 'unknown method')) as never,
  );

  connection.onShutdown(() => {
    if (!initializeReceived) return new ResponseError(ErrorCodes.ServerNotInitialized, 'the server has not been initialized');
    shutdownReceived = true; // checks in progress stop at their next slice
    scheduler.dispose();
    for (const f of features) f.dispose?.();
    return undefined;
  });

  documents.listen(connection);
  connection.listen();
}
