// The text `kubectl argo rollouts get rollout NAME --no-color` and `get experiment NAME --no-color` print
// (argo-rollouts cmd/get/get_rollout.go `PrintRollout`, `PrintRolloutTree`, cmd/get/get_experiment.go
// `PrintExperiment`, `PrintExperimentInfo`, cmd/get/get.go).
import type { AnalysisRunInfo } from './analysisRunInfo';
import type { ExperimentInfo } from './experimentInfo';
import { TREE_ICON } from './icons';
import { experimentImages, formatImage, type ImageInfo } from './images';
import { ageAt } from './meta';
import { scaleDownDelay, type ReplicaSetInfo } from './replicaSetInfo';
import type { RolloutInfo } from './rolloutInfo';
import { tabwrite } from './tabwriter';

/** `tableFormat = "%-17s%v\n"`. */
function field(label: string, value: string | number): string {
  return `${label.padEnd(17)}${value}\n`;
}

/** The first lines of `get rollout` and `get experiment`: Name, Namespace, Status, and Message when there is one. */
function identity(o: { name: string; namespace: string; icon: string; status: string; message: string }): string {
  let out = field('Name:', o.name) + field('Namespace:', o.namespace) + field('Status:', `${o.icon} ${o.status}`);
  if (o.message !== '') out += field('Message:', o.message);
  return out;
}

/** `Images:` then one image a line, aligned. */
function imageLines(images: readonly ImageInfo[]): string {
  return images.map((image, i) => field(i === 0 ? 'Images:' : '', formatImage(image))).join('');
}

/** `getPrefixes`: the row prefix and the prefix its children continue with. */
function prefixes(isLast: boolean, sub: string): [string, string] {
  return isLast ? [`${sub}└──`, `${sub}   `] : [`${sub}├──`, `${sub}│  `];
}

function row(prefix: string, icon: string, name: string, kind: string, statusIcon: string, status: string, age: string, info: string): string {
  return `${prefix}${icon} ${name}\t${kind}\t${statusIcon} ${status}\t${age}\t${info}\n`;
}

class TreePrinter {
  out = 'NAME\tKIND\tSTATUS\tAGE\tINFO\n';
  constructor(private readonly now: Date) {}

  age(ts: string | undefined): string {
    return ageAt(ts, this.now);
  }

  /** Ages and the scale-down delay are recomputed at the printer's clock, not taken from derivation time. */
  replicaSet(rs: ReplicaSetInfo, prefix: string, sub: string): void {
    const info: string[] = [...rs.tags];
    const delay = scaleDownDelay(rs.scaleDownDeadline, this.now);
    if (delay !== undefined) info.push(delay);
    this.out += row(prefix, TREE_ICON.replicaSet, rs.name, 'ReplicaSet', rs.icon, rs.status, this.age(rs.creationTimestamp), info.join(','));
    rs.pods.forEach((pod, i) => {
      const [podPrefix] = prefixes(i === rs.pods.length - 1, sub);
      const cols = [`ready:${pod.ready}`];
      if (pod.restarts > 0) cols.push(`restarts:${pod.restarts}`);
      this.out += row(podPrefix, TREE_ICON.pod, pod.name, 'Pod', pod.icon, pod.status, this.age(pod.creationTimestamp), cols.join(','));
    });
  }

  analysisRun(ar: AnalysisRunInfo, prefix: string, sub: string): void {
    this.out += row(prefix, TREE_ICON.analysisRun, ar.name, 'AnalysisRun', ar.icon, ar.status, this.age(ar.creationTimestamp), ar.info);
    ar.jobs.forEach((job, i) => {
      const [jobPrefix] = prefixes(i === ar.jobs.length - 1, sub);
      this.out += row(jobPrefix, TREE_ICON.job, job.name, 'Job', job.icon, job.status, this.age(job.startedAt), '');
    });
  }

  experiment(exp: ExperimentInfo, prefix: string, sub: string): void {
    this.out += row(prefix, TREE_ICON.experiment, exp.name, 'Experiment', exp.icon, exp.status, this.age(exp.creationTimestamp), '');
    const total = exp.replicaSets.length + exp.analysisRuns.length;
    let curr = 0;
    for (const rs of exp.replicaSets) {
      const [p, s] = prefixes(curr === total - 1, sub);
      this.replicaSet(rs, p, s);
      curr++;
    }
    for (const ar of exp.analysisRuns) {
      // `PrintExperimentInfo` (v1.8.2 to v1.9.1): the AnalysisRun's Jobs continue the Experiment's sub-prefix
      const [p, s] = prefixes(curr === total - 1, sub);
      this.analysisRun(ar, p, s);
      curr++;
    }
  }
}

/**
 * The full `get rollout` output without colours: the header block, a blank line, then the tree aligned as the
 * plugin's tabwriter does (including its trailing padding). Ages and scale-down delays are measured at `now`.
 */
export function formatRolloutTree(info: RolloutInfo, now: Date = new Date()): string {
  let out = identity(info);
  out += field('Strategy:', info.strategy);
  if (info.strategy === 'Canary') {
    out += field('  Step:', info.step);
    out += field('  SetWeight:', info.setWeight ?? '');
    out += field('  ActualWeight:', info.actualWeight ?? '');
  }
  out += imageLines(info.images);
  out += 'Replicas:\n';
  out += field('  Desired:', info.replicas.desired);
  out += field('  Current:', info.replicas.current);
  out += field('  Updated:', info.replicas.updated);
  out += field('  Ready:', info.replicas.ready);
  out += field('  Available:', info.replicas.available);
  out += '\n';

  const p = new TreePrinter(now);
  p.out += row('', TREE_ICON.rollout, info.name, 'Rollout', info.icon, info.status, p.age(info.creationTimestamp), '');
  info.revisions.forEach((rev, i) => {
    const [prefix, sub] = prefixes(i === info.revisions.length - 1, '');
    p.out += row(prefix, TREE_ICON.revision, `revision:${rev.revision}`, '', '', '', '', '');
    const total = rev.replicaSets.length + rev.experiments.length + rev.analysisRuns.length;
    let curr = 0;
    for (const rs of rev.replicaSets) {
      const [cp, cs] = prefixes(curr === total - 1, sub);
      p.replicaSet(rs, cp, cs);
      curr++;
    }
    for (const exp of rev.experiments) {
      const [cp, cs] = prefixes(curr === total - 1, sub);
      p.experiment(exp, cp, cs);
      curr++;
    }
    for (const ar of rev.analysisRuns) {
      const [cp, cs] = prefixes(curr === total - 1, sub);
      p.analysisRun(ar, cp, cs);
      curr++;
    }
  });
  return out + tabwrite(p.out, { minwidth: 0, padding: 2, padchar: ' ' });
}

/**
 * The full `get experiment` output without colours: Name, Namespace, Status, Message (when non-empty) and the
 * images of the Experiment's ReplicaSets, a blank line, then the Experiment's tree.
 */
export function formatExperimentTree(exp: ExperimentInfo, now: Date = new Date()): string {
  let out = identity(exp);
  out += imageLines(experimentImages(exp));
  out += '\n';
  const p = new TreePrinter(now);
  p.experiment(exp, '', '');
  return out + tabwrite(p.out, { minwidth: 0, padding: 2, padchar: ' ' });
}
