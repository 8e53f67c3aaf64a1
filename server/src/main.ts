// Language server (dist/server-main.js, started by dist/server.js: boot.ts): `node dist/server.js --stdio` for
// editors and tests, `--node-ipc` when VS Code forks it. All the wiring is in lsp/server.ts.
import { useEnvironmentCopy } from './environment';
import { createConnection, ProposedFeatures } from './lsp/lsp';
import { startServer } from './lsp/server';

// the YAML parser reads the environment at every token (environment.ts)
useEnvironmentCopy();

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket=', '--pipe='];

if (!process.argv.slice(2).some((a) => TRANSPORTS.some((t) => a === t || (t.endsWith('=') && a.startsWith(t))))) {
  process.stderr.write('usage: node dist/server.js --stdio | --node-ipc | --socket=PORT | --pipe=NAME [--code-cache=DIR]\n');
  process.exit(2);
}

const connection = createConnection(ProposedFeatures.all);

// A language server must outlive its bugs: report, keep serving.
process.on('uncaughtException', (err) => connection.console.error(`uncaught: ${err.stack ?? err.message}`));
process.on('unhandledRejection', (reason) =>
  connection.console.error(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`),
);

startServer(connection);
