// The write commands: promote, abort, retry (rollout | experiment), pause, restart, set image, undo, terminate
// (analysisrun | experiment), each with the plugin's exact requests (extension/src/cluster/actions). A command
// given several NAMEs acts on each in turn and stops at the first failure, as the plugin does.
import { executeAnalysisAction, type AnalysisAction } from '../../extension/src/cluster/actions/executeAnalysis';
import { executeAction, type ActionOutcome, type ActionRequest } from '../../extension/src/cluster/actions/execute';
import { parseRestartDelay, parseRevision } from '../../extension/src/cluster/actionArgs';
import { KubeClient } from '../../extension/src/cluster/client';
import { bool, one, some, str, UsageError, type Parsed } from './args';
import { connect } from './connect';

/** The rollout action a command line asks for (pure; usage errors thrown). */
export function actionOf(command: string, p: Parsed): { names: string[]; action: ActionRequest } {
  switch (command) {
    case 'promote':
      return { names: [one(p)], action: { action: 'promote', full: bool(p, 'full') } };
    case 'abort':
    case 'pause':
      return { names: some(p), action: { action: command } };
    case 'retry':
      return { names: some(p), action: { action: 'retry' } };
    case 'restart': {
      const inText = str(p, 'in');
      if (inText !== undefined) {
        const checked = parseRestartDelay(inText);
        if (!checked.ok) throw new UsageError(checked.error);
      }
      return { names: [one(p)], action: { action: 'restart', in: inText ?? 0 } };
    }
    case 'set image': {
      const [name, assignment, ...rest] = p.positional;
      if (!name || !assignment || rest.length) throw new UsageError('usage: set image NAME CONTAINER=IMAGE');
      const eq = assignment.indexOf('=');
      if (eq <= 0 || eq === assignment.length - 1) throw new UsageError(`expected CONTAINER=IMAGE, got '${assignment}'`);
      return { names: [name], action: { action: 'setImage', container: assignment.slice(0, eq), image: assignment.slice(eq + 1) } };
    }
    case 'undo': {
      let toRevision = 0;
      const r = str(p, 'toRevision');
      if (r !== undefined) {
        const checked = parseRevision(r);
        if (!checked.ok) throw new UsageError(checked.error);
        toRevision = checked.value;
      }
      return { names: [one(p)], action: { action: 'undo', toRevision } };
    }
  }
  throw new UsageError(`unknown command '${command}'`);
}

async function each(p: Parsed, names: string[], act: (client: KubeClient, namespace: string, name: string) => Promise<ActionOutcome>): Promise<number> {
  const { kc, namespace, deadline } = connect(p);
  const client = new KubeClient(kc, { deadline });
  try {
    for (const name of names) {
      const outcome = await act(client, namespace, name);
      if (!outcome.ok) {
        process.stderr.write(`rollout-pilot: ${outcome.message}\n`);
        return 1;
      }
      process.stdout.write(`${outcome.message}\n`);
    }
    return 0;
  } finally {
    client.dispose();
  }
}

/** promote, abort, retry rollout, pause, restart, set image, undo. */
export function runRolloutAction(command: string): (p: Parsed) => Promise<number> {
  return (p) => {
    const { names, action } = actionOf(command, p);
    return each(p, names, (client, ns, name) => executeAction(client, ns, name, action));
  };
}

/** terminate analysisrun, terminate experiment, retry experiment. */
export function runAnalysisAction(action: AnalysisAction): (p: Parsed) => Promise<number> {
  return (p) => each(p, some(p), (client, ns, name) => executeAnalysisAction(client, ns, name, action));
}
