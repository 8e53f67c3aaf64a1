// `rollout-pilot <command>`: `lint` checks manifests with the language server's engine; the cluster commands
// (`get`, `list`, `status`, `promote`, `abort`, ...) are the `kubectl argo rollouts` command line (cli/cluster.ts).
// Exit codes: 0 ok, 1 findings with errors / a refused or failed action, 2 usage or I/O error.

function usage(clusterUsage: string): string {
  return `usage: rollout-pilot <command> [options]

  lint [PATH...] [--format text|json|sarif] [--kubernetes-version X.Y]
      check Rollout, HPA and Service manifests (files, folders, - for stdin)

${clusterUsage}
  --help      this text; <command> --help for a command's flags
`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'lint') {
    // the YAML parser reads the environment at every token (server/src/environment.ts)
    (await import('../server/src/environment')).useEnvironmentCopy();
    return (await import('./lint')).runLint(rest);
  }
  const cluster = await import('./cluster');
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(usage(cluster.clusterUsage()));
    return command ? 0 : 2;
  }
  if (command === '--version') return cluster.runClusterCommand('version', rest);
  if (cluster.COMMANDS.includes(command)) return cluster.runClusterCommand(command, rest);
  process.stderr.write(`rollout-pilot: unknown command '${command}'\n\n${usage(cluster.clusterUsage())}`);
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
