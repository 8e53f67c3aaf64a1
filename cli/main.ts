// `rollout-pilot <command>`: `lint` checks manifests with the language server's engine; the cluster commands
// (`get`, `promote`, `abort`, ...) drive rollouts with the requests `kubectl argo rollouts` sends.
// Exit codes: 0 ok, 1 findings with errors / a refused or failed action, 2 usage or I/O error.

const USAGE = `usage: rollout-pilot <command> [options]

commands:
  lint [PATH...] [--format text|json|sarif] [--kubernetes-version X.Y]
                            check Rollout, HPA and Service manifests (files, folders, - for stdin)
  get rollout NAME [-n NS] [--context C] [--watch] [--json]
  promote [--full] NAME     abort NAME     retry NAME     pause NAME     restart NAME
  set image NAME CONTAINER=IMAGE           undo NAME [--to-revision N]
                            cluster actions; each takes -n NS and --context C

  --help                    this text
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'lint') return (await import('./lint')).runLint(rest);
  const cluster = await import('./cluster');
  if (cluster.COMMANDS.includes(command)) return cluster.runClusterCommand(command, rest);
  process.stderr.write(`rollout-pilot: unknown command '${command}'\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`rollout-pilot: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
