// The rollout page's view: PageState → lit-html template. lit-html escapes every value it puts in text or
// attributes, attaches listeners with addEventListener (no inline handlers, so the CSP holds), and on a new state
// updates only what changed, keeping the elements (and so the focused button) that are still there.
import { html, nothing, type TemplateResult } from 'lit-html';
import { repeat } from 'lit-html/directives/repeat.js';
import type { ActionId, Gate, PageState } from './protocol';
import { imageRepository, lookOfIcon, type StatusLook } from './format';
import { analysisSection } from './renderAnalysis';
import { icon } from './ui';

type RolloutData = NonNullable<PageState['rollout']>;

export interface StatusLineView {
  text: string;
  failed: boolean;
}

export interface ViewHandlers {
  /** The user asked for an action (the gate was open): post it. */
  act(action: ActionId, label: string, extra?: { container?: string; revision?: number }): void;
  /** The user clicked a disabled action: say why, post nothing. */
  refused(label: string, reason: string): void;
  revealManifest(): void;
}

export interface ViewModel {
  state: PageState | undefined;
  /** Remembered from getState() until the first state arrives. */
  restoring?: { name?: string; namespace?: string; context?: string };
  statusLine: StatusLineView | undefined;
  /** Labels of actions asked for and not yet answered, by button id. */
  busy: ReadonlySet<string>;
}

const ACTION_BUTTONS: Array<{ id: ActionId; label: string; codicon: string; secondary?: boolean }> = [
  { id: 'promote', label: 'Promote', codicon: 'codicon-debug-continue' },
  { id: 'promoteFull', label: 'Promote full', codicon: 'codicon-run-all' },
  { id: 'abort', label: 'Abort', codicon: 'codicon-debug-stop', secondary: true },
  { id: 'retry', label: 'Retry', codicon: 'codicon-debug-restart', secondary: true },
  { id: 'pause', label: 'Pause', codicon: 'codicon-debug-pause', secondary: true },
  { id: 'restart', label: 'Restart', codicon: 'codicon-refresh', secondary: true },
];

/** The id of an action's button: `action-promote`, `set-image-<container>`, `undo-<revision>`. */
export function buttonId(action: ActionId, extra?: { container?: string; revision?: number }): string {
  if (action === 'setImage') return `set-image-${extra?.container ?? ''}`;
  if (action === 'undo') return `undo-${extra?.revision ?? ''}`;
  return `action-${action}`;
}

function badges(tags: readonly string[]): TemplateResult[] {
  return tags.map((t) => html`<span class="badge ${t}">${t}</span> `);
}

/** A button gated by `gate`: when closed it stays focusable (aria-disabled), says why in its tooltip and description. */
export function gatedButton(
  h: ViewHandlers,
  busy: ReadonlySet<string>,
  o: { action: ActionId; label: string; text: string; codicon: string; gate: Gate; secondary?: boolean; extra?: { container?: string; revision?: number } },
): TemplateResult {
  const reason = o.gate.enabled ? undefined : o.gate.reason || 'not available now';
  const id = buttonId(o.action, o.extra);
  const onClick = () => (reason !== undefined ? h.refused(o.label, reason) : h.act(o.action, o.label, o.extra));
  return html`<button
    id=${id}
    type="button"
    class=${o.secondary ? 'secondary' : ''}
    data-action=${o.action}
    aria-disabled=${reason !== undefined ? 'true' : 'false'}
    aria-busy=${busy.has(id) ? 'true' : 'false'}
    title=${reason !== undefined ? `${o.label}: ${reason}` : o.label}
    aria-label=${o.text === o.label ? nothing : o.label}
    aria-description=${reason ?? nothing}
    @click=${onClick}
  ><span class="codicon ${o.codicon}" aria-hidden="true"></span>${o.text}</button>`;
}

function header(vm: ViewModel, h: ViewHandlers): TemplateResult {
  const s = vm.state;
  const name = s?.name ?? vm.restoring?.name ?? '';
  const ns = s?.namespace ?? vm.restoring?.namespace ?? '';
  const ctx = s?.context ?? vm.restoring?.context ?? '';
  const ro = s?.rollout;
  return html`<header>
    <h1>${ro ? icon(lookOfIcon(ro.icon)) : nothing}<span id="rollout-name">${name}</span></h1>
    <p class="where">namespace <strong>${ns}</strong> · context <strong>${ctx}</strong>${ro
        ? html` · <button type="button" class="link" id="reveal-manifest" @click=${() => h.revealManifest()}>Reveal manifest</button>`
        : nothing}</p>
  </header>`;
}

function healthBanner(s: PageState): TemplateResult | typeof nothing {
  if (s.health.state === 'connected') return nothing;
  const error = !['connecting', 'reconnecting'].includes(s.health.state);
  const title = s.health.state === 'connecting' ? 'Connecting' : s.health.state === 'reconnecting' ? 'Reconnecting' : 'Not connected';
  const text = s.health.message ?? '';
  return html`<div class="banner ${error ? 'error' : ''}" id="health-banner" role=${error ? 'alert' : 'status'}>
    <span class="codicon ${error ? 'codicon-error tone-bad' : 'codicon-sync codicon-modifier-spin tone-progress'}" aria-hidden="true"></span>
    <div><strong>${title} (${s.health.state}).</strong> ${text}${s.rollout ? html`<br><span class="muted">What follows is the last state seen.</span>` : nothing}</div>
  </div>`;
}

function countdown(endsAt: string): TemplateResult {
  // filled in by main.ts's 1 s timer, which rewrites only this text
  return html`<span class="countdown" id="countdown" data-ends=${endsAt} aria-live="off"></span>`;
}

/** Whether the countdown belongs on the current step (a pause step) rather than beside the status. */
function countdownOnStep(s: PageState, ro: RolloutData): boolean {
  return s.pauseEndsAt !== undefined && ro.steps.some((st) => st.state === 'current' && st.type === 'pause');
}

function statusBlock(s: PageState, ro: RolloutData): TemplateResult {
  const look = lookOfIcon(ro.icon);
  return html`<p class="status" id="rollout-status">
    ${icon(look)}<span class="status-name tone-${look.tone}">${ro.status || 'Unknown'}</span>${ro.message ? html`<span class="muted">— ${ro.message}</span>` : nothing}
    ${s.pauseEndsAt && !countdownOnStep(s, ro) ? countdown(s.pauseEndsAt) : nothing}
  </p>`;
}

function toolbar(s: PageState, vm: ViewModel, h: ViewHandlers): TemplateResult {
  return html`<div class="toolbar" role="group" aria-label="Rollout actions">
    ${ACTION_BUTTONS.map((b) =>
      gatedButton(h, vm.busy, { action: b.id, label: b.label, text: b.label, codicon: b.codicon, gate: s.gates[b.id], secondary: b.secondary }),
    )}
  </div>`;
}

function summary(ro: RolloutData): TemplateResult {
  const r = ro.replicas;
  return html`<section aria-labelledby="h-summary">
    <h2 id="h-summary">Summary</h2>
    <dl class="summary">
      <dt>Strategy</dt><dd id="strategy">${ro.strategy || 'unknown'}</dd>
      ${ro.strategy === 'Canary' && ro.step ? html`<dt>Step</dt><dd id="step">${ro.step}</dd>` : nothing}
      <dt>Replicas</dt><dd id="replicas">${r.desired} desired · ${r.current} current · ${r.updated} updated · ${r.ready} ready · ${r.available} available</dd>
      <dt>Restarted</dt><dd>${ro.restartedAt ?? 'Never'}</dd>
      <dt>Age</dt><dd>${ro.age}</dd>
    </dl>
    ${weights(ro)}
  </section>`;
}

function meterRow(id: string, label: string, value: number, cls: string): TemplateResult {
  const pct = Math.max(0, Math.min(100, value));
  // drawn in SVG: a width given as an attribute, because the CSP allows no inline style attribute
  return html`<span id="${id}-label">${label}</span>
    <div class="bar" id=${id} role="meter" aria-labelledby="${id}-label" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${value} aria-valuetext="${value}%">
      <svg width="100%" height="100%" aria-hidden="true" focusable="false"><rect class="fill ${cls}" x="0" y="0" height="100%" width="${pct}%"></rect></svg>
    </div>
    <span class="mono">${value}%</span>`;
}

function weights(ro: RolloutData): TemplateResult | typeof nothing {
  if (ro.strategy !== 'Canary' || ro.setWeight === undefined) return nothing;
  return html`<div class="weights" role="group" aria-label="Canary weight">
    ${meterRow('set-weight', 'Set weight', ro.setWeight, 'set')}
    ${meterRow('actual-weight', 'Actual weight', ro.actualWeight ?? 0, 'actual')}
  </div>`;
}

function steps(s: PageState, ro: RolloutData): TemplateResult | typeof nothing {
  if (ro.steps.length === 0) return nothing;
  const pausedHere = ro.status === 'Paused' || ro.pauseConditions.some((c) => c.reason === 'CanaryPauseStep');
  return html`<section aria-labelledby="h-steps">
    <h2 id="h-steps">Steps <span class="muted">${ro.step ? `(${ro.step})` : ''}</span></h2>
    <ol class="steps" id="steps">
      ${repeat(
        ro.steps,
        (st) => st.index,
        (st) => {
          const current = st.state === 'current';
          const look: StatusLook =
            st.state === 'done' ? { codicon: 'codicon-pass-filled', tone: 'ok' } : current ? { codicon: 'codicon-debug-stackframe', tone: 'progress' } : { codicon: 'codicon-circle-large-outline', tone: 'neutral' };
          let extra: TemplateResult | typeof nothing = nothing;
          if (current && st.type === 'pause') {
            if (s.pauseEndsAt) extra = countdown(s.pauseEndsAt);
            else if (st.summary === 'pause' && pausedHere) extra = html`<span class="waiting" id="waiting-for-promotion">waiting for promotion</span>`;
          }
          return html`<li class=${st.state} data-state=${st.state} aria-current=${current ? 'step' : nothing}>
            <span class="step-no">${st.index + 1}.</span>${icon(look, st.state)}<span class="mono">${st.summary}</span>${extra}
          </li>`;
        },
      )}
    </ol>
  </section>`;
}

interface ContainerImages {
  name: string;
  images: Array<{ image: string; tags: string[] }>;
}

/**
 * Each container with the images its running ReplicaSets use (tags from `images`): an image goes to the container
 * at whose position a ReplicaSet with pods runs it, else to the container with the same repository.
 */
export function containerImages(ro: RolloutData, list: 'containers' | 'initContainers'): ContainerImages[] {
  const containers = ro[list];
  const rsImages = (rs: RolloutData['replicaSets'][number]) => (list === 'containers' ? rs.images : rs.initContainerImages);
  const out: ContainerImages[] = containers.map((c) => ({ name: c.name, images: [] }));
  for (const img of ro.images) {
    let index = -1;
    for (const rs of ro.replicaSets) {
      if (rs.replicas <= 0) continue;
      index = rsImages(rs).indexOf(img.image);
      if (index >= 0) break;
    }
    if (index < 0 || index >= out.length) index = containers.findIndex((c) => imageRepository(c.image) === imageRepository(img.image));
    if (index >= 0) out[index].images.push({ image: img.image, tags: img.tags });
  }
  containers.forEach((c, i) => {
    if (out[i].images.length === 0) out[i].images.push({ image: c.image, tags: [] });
  });
  return out;
}

function containersSection(s: PageState, ro: RolloutData, vm: ViewModel, h: ViewHandlers): TemplateResult {
  const block = (title: string, id: string, rows: ContainerImages[], editable: boolean) =>
    rows.length === 0
      ? nothing
      : html`<table id=${id}>
          <caption class=${id === 'containers' ? 'sr-only' : ''}>${title}</caption>
          <thead><tr><th scope="col">Container</th><th scope="col">Images</th>${editable ? html`<th scope="col"><span class="sr-only">Actions</span></th>` : nothing}</tr></thead>
          <tbody>
            ${repeat(
              rows,
              (c) => c.name,
              (c) => html`<tr data-container=${c.name}>
                <th scope="row" class="mono">${c.name}</th>
                <td><ul class="images">${c.images.map((i) => html`<li><code>${i.image}</code> ${badges(i.tags)}</li>`)}</ul></td>
                ${editable
                  ? html`<td>${gatedButton(h, vm.busy, {
                      action: 'setImage',
                      label: `Edit image of container ${c.name}`,
                      text: 'Edit image',
                      codicon: 'codicon-edit',
                      gate: s.gates.setImage,
                      secondary: true,
                      extra: { container: c.name },
                    })}</td>`
                  : nothing}
              </tr>`,
            )}
          </tbody>
        </table>`;
  return html`<section aria-labelledby="h-containers">
    <h2 id="h-containers">Containers</h2>
    ${block('Containers', 'containers', containerImages(ro, 'containers'), true)}
    ${block('Init containers', 'init-containers', containerImages(ro, 'initContainers'), false)}
    ${s.argoCdManaged
      ? html`<p class="note" id="argocd-note"><span class="codicon codicon-info" aria-hidden="true"></span>Managed by Argo CD: its auto-sync puts the Git state back after Edit image or Rollback. Change the image in Git instead.</p>`
      : nothing}
  </section>`;
}

function podsTable(rs: RolloutData['replicaSets'][number]): TemplateResult | typeof nothing {
  if (rs.pods.length === 0) return nothing;
  return html`<table class="pods">
    <caption class="sr-only">Pods of ${rs.name}</caption>
    <thead><tr><th scope="col">Pod</th><th scope="col">Status</th><th scope="col">Ready</th><th scope="col">Restarts</th><th scope="col">Age</th></tr></thead>
    <tbody>
      ${repeat(
        rs.pods,
        (p) => p.uid || p.name,
        (p) => html`<tr data-pod=${p.name}>
          <td class="mono">${p.name}</td>
          <td>${icon(lookOfIcon(p.icon))} ${p.status}</td>
          <td>${p.ready}</td>
          <td>${p.restarts}</td>
          <td>${p.age}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function revisionsSection(s: PageState, ro: RolloutData, vm: ViewModel, h: ViewHandlers): TemplateResult | typeof nothing {
  if (ro.revisions.length === 0) return nothing;
  const current = Math.max(...ro.revisions.map((r) => r.revision));
  return html`<section aria-labelledby="h-revisions">
    <h2 id="h-revisions">Revisions</h2>
    ${repeat(
      ro.revisions,
      (rev) => rev.revision,
      (rev) => {
        const tags = [...new Set(rev.replicaSets.flatMap((rs) => rs.tags))];
        return html`<div class="revision" id="revision-${rev.revision}" data-revision=${rev.revision}>
          <h3>Revision ${rev.revision} ${badges(tags)}
            ${rev.revision === current ? html`<span class="muted">(current)</span>` : nothing}
            ${rev.revision !== current && rev.replicaSets.length > 0
              ? gatedButton(h, vm.busy, {
                  action: 'undo',
                  label: `Roll back to revision ${rev.revision}`,
                  text: 'Rollback',
                  codicon: 'codicon-discard',
                  gate: s.gates.undo,
                  secondary: true,
                  extra: { revision: rev.revision },
                })
              : nothing}
          </h3>
          ${repeat(
            rev.replicaSets,
            (rs) => rs.uid || rs.name,
            (rs) => html`<div class="rs" data-replicaset=${rs.name}>
              <h4>${icon(lookOfIcon(rs.icon))}<span class="mono">${rs.name}</span> <span class="muted">${rs.status} · ${rs.available}/${rs.replicas} available${rs.scaleDownDelay ? ` · ${rs.scaleDownDelay}` : ''}</span></h4>
              <div class="muted">${rs.images.map((i) => html`<code>${i}</code> `)}</div>
              ${podsTable(rs)}
            </div>`,
          )}
          ${rev.experiments.map(
            (e) => html`<p>${icon(lookOfIcon(e.icon))} Experiment <span class="mono">${e.name}</span> <span class="muted">${e.status}${e.message ? ` — ${e.message}` : ''}</span></p>`,
          )}
          ${rev.analysisRuns.map(
            (a) => html`<p>${icon(lookOfIcon(a.icon))} AnalysisRun <span class="mono">${a.name}</span> <span class="muted">${a.status}${a.info ? ` · ${a.info}` : ''}</span></p>`,
          )}
        </div>`;
      },
    )}
  </section>`;
}

function statusLine(vm: ViewModel): TemplateResult {
  const l = vm.statusLine;
  return html`<p class="status-line ${l?.failed ? 'failed' : ''}" id="status-line" role="status" aria-live="polite">${l ? l.text : ''}</p>`;
}

export function view(vm: ViewModel, h: ViewHandlers): TemplateResult {
  const s = vm.state;
  if (!s) {
    return html`${header(vm, h)}<p class="loading">Loading rollout…</p>${statusLine(vm)}`;
  }
  const ro = s.rollout;
  if (!ro) {
    return html`${header(vm, h)}${healthBanner(s)}
      <p class="gone" id="gone" role="alert"><span class="codicon codicon-circle-slash" aria-hidden="true"></span>
        Rollout <strong>${s.name}</strong> no longer exists in namespace <strong>${s.namespace}</strong> (context <strong>${s.context}</strong>).</p>
      ${statusLine(vm)}`;
  }
  return html`${header(vm, h)}${healthBanner(s)}${statusBlock(s, ro)}${toolbar(s, vm, h)}${statusLine(vm)}
    ${summary(ro)}${steps(s, ro)}${containersSection(s, ro, vm, h)}${revisionsSection(s, ro, vm, h)}${analysisSection(s.analysis)}`;
}
