// The AnalysisRuns of the rollout: per metric its conditions and its measurements, drawn as a small SVG chart (value
// over time; successes, failures, errors and inconclusive results told apart by shape AND colour, with a legend),
// or listed when the values are not single numbers.
import { html, nothing, svg, type SVGTemplateResult, type TemplateResult } from 'lit-html';
import { repeat } from 'lit-html/directives/repeat.js';
import { chartModel, type ChartPoint } from './chart';
import { lookOfPhase } from './format';
import type { AnalysisDetailData, MetricDetailData } from './protocol';
import { icon } from './ui';

const SHAPE_LABEL: Record<string, string> = { Successful: 'successful', Failed: 'failed', Error: 'error', Inconclusive: 'inconclusive' };

/** A point's mark: circle = successful, ✕ = failed, triangle = error, diamond = inconclusive, ring = other. */
function mark(phase: string, x: number, y: number, r = 4): SVGTemplateResult {
  switch (phase) {
    case 'Successful':
      return svg`<circle class="p-Successful" cx=${x} cy=${y} r=${r}></circle>`;
    case 'Failed':
      return svg`<path class="p-Failed" d="M${x - r} ${y - r}L${x + r} ${y + r}M${x - r} ${y + r}L${x + r} ${y - r}"></path>`;
    case 'Error':
      return svg`<path class="p-Error" d="M${x} ${y - r - 1}L${x + r + 1} ${y + r}L${x - r - 1} ${y + r}Z"></path>`;
    case 'Inconclusive':
      return svg`<path class="p-Inconclusive" d="M${x} ${y - r - 1}L${x + r + 1} ${y}L${x} ${y + r + 1}L${x - r - 1} ${y}Z"></path>`;
  }
  return svg`<circle class="p-other" cx=${x} cy=${y} r=${r - 1}></circle>`;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}

function pointTitle(p: ChartPoint): string {
  return `${fmt(p.value)} — ${p.phase || 'no phase'}${p.at ? ` at ${p.at}` : ''}`;
}

function chart(m: MetricDetailData): TemplateResult | typeof nothing {
  const model = chartModel(m.measurements, m.successCondition ?? m.failureCondition);
  if (model.points.length === 0) return nothing;
  const counts = new Map<string, number>();
  for (const p of model.points) counts.set(p.phase, (counts.get(p.phase) ?? 0) + 1);
  const last = model.points[model.points.length - 1];
  const label =
    `${m.name}: ${model.points.length} measurement${model.points.length === 1 ? '' : 's'}` +
    [...counts].map(([phase, n]) => `, ${n} ${SHAPE_LABEL[phase] ?? (phase || 'pending').toLowerCase()}`).join('') +
    `; latest ${fmt(last.value)}` +
    (model.threshold ? `; threshold ${fmt(model.threshold.value)}` : '');
  const { width, height } = model;
  const line = model.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join('');
  return html`<svg class="chart" role="img" aria-label=${label} width=${width + 40} height=${height} viewBox="-40 0 ${width + 40} ${height}" data-metric=${m.name}>
    <rect class="frame" x="0" y="0" width=${width} height=${height}></rect>
    ${svg`<text class="axis" x="-4" y="10" text-anchor="end">${fmt(model.max)}</text>`}
    ${svg`<text class="axis" x="-4" y=${height - 2} text-anchor="end">${fmt(model.min)}</text>`}
    ${model.threshold
      ? svg`<line class="threshold" x1="0" x2=${width} y1=${model.threshold.y} y2=${model.threshold.y}><title>threshold ${fmt(model.threshold.value)}</title></line>`
      : nothing}
    ${model.points.length > 1 ? svg`<path class="line" d=${line}></path>` : nothing}
    ${model.points.map(
      (p) => svg`<g class="point" data-phase=${p.phase} data-value=${p.value} data-x=${p.x} data-y=${p.y}><title>${pointTitle(p)}</title>${mark(p.phase, p.x, p.y)}</g>`,
    )}
  </svg>`;
}

function legendItem(phase: string, text: string): TemplateResult {
  return html`<span><svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" class="chart">${mark(phase, 6, 6, 4)}</svg> ${text}</span>`;
}

const LEGEND = html`<div class="legend" aria-hidden="true">
  ${legendItem('Successful', 'successful')}${legendItem('Failed', 'failed')}${legendItem('Error', 'error')}${legendItem('Inconclusive', 'inconclusive')}
</div>`;

function conditions(m: MetricDetailData): TemplateResult {
  const parts: TemplateResult[] = [];
  if (m.successCondition) parts.push(html`success when <code>${m.successCondition}</code>`);
  if (m.failureCondition) parts.push(html`failure when <code>${m.failureCondition}</code>`);
  const limits = [
    m.count !== undefined ? `count ${m.count}` : '',
    m.interval ? `every ${m.interval}` : '',
    m.failureLimit !== undefined ? `failure limit ${m.failureLimit}` : '',
  ].filter(Boolean);
  return html`<div class="cond">${parts.map((p, i) => html`${i ? '; ' : ''}${p}`)}${limits.length ? html`${parts.length ? ' · ' : ''}${limits.join(' · ')}` : nothing}</div>`;
}

function metric(m: MetricDetailData): TemplateResult {
  const model = chartModel(m.measurements, m.successCondition ?? m.failureCondition);
  return html`<div class="metric" data-metric=${m.name}>
    <h4>${icon(lookOfPhase(m.phase))}<span class="mono">${m.name}</span> <span class="muted">${m.phase}</span></h4>
    ${conditions(m)}
    ${m.measurements.length === 0 ? html`<p class="muted">No measurements yet.</p>` : nothing}
    ${chart(m)}
    ${model.other.length
      ? html`<table class="values" data-metric=${m.name}>
          <caption class="sr-only">Measurements of ${m.name} that are not single numbers</caption>
          <thead><tr><th scope="col">Phase</th><th scope="col">Value</th><th scope="col">Finished</th></tr></thead>
          <tbody>${model.other.map(
            (x) => html`<tr><td>${icon(lookOfPhase(x.phase))} ${x.phase}</td><td><code>${x.value ?? '—'}</code></td><td>${x.finishedAt ?? x.startedAt ?? ''}</td></tr>`,
          )}</tbody>
        </table>`
      : nothing}
  </div>`;
}

export function analysisSection(runs: readonly AnalysisDetailData[]): TemplateResult | typeof nothing {
  if (runs.length === 0) return nothing;
  const charted = runs.some((r) => r.metrics.some((m) => chartModel(m.measurements).points.length > 0));
  return html`<section aria-labelledby="h-analysis">
    <h2 id="h-analysis">Analysis</h2>
    ${charted ? LEGEND : nothing}
    ${repeat(
      runs,
      (r) => r.name,
      (r) => html`<div class="run" data-run=${r.name}>
        <h3>${icon(lookOfPhase(r.status))}<span class="mono">${r.name}</span> <span class="muted">revision ${r.revision} · ${r.status}</span></h3>
        ${r.message ? html`<p class="muted">${r.message}</p>` : nothing}
        ${repeat(r.metrics, (m) => m.name, metric)}
      </div>`,
    )}
  </section>`;
}
