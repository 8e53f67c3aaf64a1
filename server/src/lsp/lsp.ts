// The values the server takes from vscode-languageserver, imported in this one module. The bundler gives every
// module that imports a CommonJS package its own copy of the package's exports (hundreds of names here, copied
// with a getter each at every start): once is enough. Types are imported from the package directly.
export {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  MarkupKind,
  MessageType,
  ProposedFeatures,
  ResponseError,
  ShowMessageNotification,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
} from 'vscode-languageserver/node';
