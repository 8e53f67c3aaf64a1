// The page's stylesheet, injected as one <style> carrying the page's CSP nonce. Colours come only from VS Code's
// theme variables, so Light, Dark and High Contrast themes (and any custom theme) apply as they do to the workbench.
export const CSS = `
:root { color-scheme: light dark; }
body {
  margin: 0; padding: 0 20px 32px;
  color: var(--vscode-foreground);
  background: var(--vscode-editor-background);
  font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); font-weight: var(--vscode-font-weight);
  line-height: 1.4;
}
main { max-width: 1100px; }
h1 { font-size: 1.6em; font-weight: 600; margin: 16px 0 4px; display: flex; align-items: center; gap: 8px; }
h2 { font-size: 1.1em; font-weight: 600; margin: 24px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
h3 { font-size: 1em; font-weight: 600; margin: 12px 0 6px; display: flex; align-items: center; gap: 6px; flex-wrap: wrap; }
h4 { font-size: 1em; font-weight: 600; margin: 8px 0 4px; display: flex; align-items: center; gap: 6px; flex-wrap: wrap; }
code, .mono { font-family: var(--vscode-editor-font-family); font-size: 0.95em; }
.muted, .where { color: var(--vscode-descriptionForeground); }
.where { margin: 0 0 8px; }
.codicon { vertical-align: text-bottom; }
.tone-ok { color: var(--vscode-testing-iconPassed); }
.tone-progress { color: var(--vscode-charts-blue); }
.tone-paused { color: var(--vscode-charts-yellow); }
.tone-bad { color: var(--vscode-testing-iconFailed); }
.tone-warn { color: var(--vscode-editorWarning-foreground); }
.tone-unknown, .tone-neutral { color: var(--vscode-descriptionForeground); }
.status { display: flex; align-items: center; gap: 6px; margin: 4px 0; font-size: 1.1em; }
.status-name { font-weight: 600; }
.banner {
  display: flex; gap: 8px; align-items: flex-start; margin: 12px 0; padding: 8px 12px;
  border: 1px solid var(--vscode-inputValidation-warningBorder, var(--vscode-editorWarning-foreground));
  border-left-width: 4px; background: var(--vscode-textBlockQuote-background);
}
.banner.error { border-color: var(--vscode-errorForeground); }
.gone { font-size: 1.1em; }
.toolbar { display: flex; flex-wrap: wrap; gap: 6px; margin: 12px 0; align-items: center; }
button {
  font: inherit; cursor: pointer; padding: 4px 12px; border-radius: 2px; line-height: 18px;
  color: var(--vscode-button-foreground); background: var(--vscode-button-background);
  border: 1px solid var(--vscode-button-border, transparent);
  display: inline-flex; align-items: center; gap: 4px;
}
button:hover { background: var(--vscode-button-hoverBackground); }
button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
button.link { background: none; color: var(--vscode-textLink-foreground); padding: 0 4px; border-color: transparent; }
button.link:hover { text-decoration: underline; background: none; }
button[aria-disabled="true"] { opacity: 0.5; cursor: not-allowed; }
button[aria-disabled="true"]:hover { background: var(--vscode-button-background); }
button.secondary[aria-disabled="true"]:hover { background: var(--vscode-button-secondaryBackground); }
button[aria-busy="true"] { cursor: progress; }
:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
button:focus-visible { outline-offset: 2px; }
.status-line { min-height: 1.4em; margin: 4px 0 0; }
.status-line.failed { color: var(--vscode-errorForeground); }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.summary dt { color: var(--vscode-descriptionForeground); }
dl.summary dd { margin: 0; }
.weights { display: grid; grid-template-columns: max-content minmax(120px, 360px) max-content; gap: 6px 10px; align-items: center; margin: 12px 0; }
.bar { height: 10px; border: 1px solid var(--vscode-charts-lines); position: relative; }
.bar svg { display: block; }
.bar .fill.set { fill: var(--vscode-charts-blue); }
.bar .fill.actual { fill: var(--vscode-charts-green); }
ol.steps { list-style: none; padding: 0; margin: 0; }
ol.steps li { display: flex; align-items: center; gap: 8px; padding: 3px 6px; border-left: 2px solid transparent; }
ol.steps li[aria-current="step"] { border-left-color: var(--vscode-focusBorder); background: var(--vscode-list-inactiveSelectionBackground); font-weight: 600; }
ol.steps li.pending { color: var(--vscode-descriptionForeground); }
.step-no { min-width: 2.5em; text-align: right; color: var(--vscode-descriptionForeground); font-weight: normal; }
.badge {
  display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 0.85em; font-weight: normal; line-height: 16px;
  color: var(--vscode-badge-foreground); background: var(--vscode-badge-background);
  border: 1px solid var(--vscode-contrastBorder, transparent);
}
.badge.canary, .badge.preview { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
.waiting { color: var(--vscode-charts-yellow); font-weight: 600; }
.countdown { color: var(--vscode-charts-blue); font-weight: 600; font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; margin: 4px 0 8px; }
th, td { text-align: left; padding: 2px 12px 2px 0; vertical-align: top; }
th { color: var(--vscode-descriptionForeground); font-weight: normal; }
caption { text-align: left; color: var(--vscode-descriptionForeground); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.revision, .run { border: 1px solid var(--vscode-panel-border, transparent); padding: 4px 12px 8px; margin: 8px 0; }
.rs { margin: 6px 0 0 8px; }
.images { margin: 0; padding: 0; list-style: none; }
.note { color: var(--vscode-descriptionForeground); margin: 6px 0; display: flex; gap: 6px; }
.metric { margin: 6px 0 10px; }
.metric .cond { color: var(--vscode-descriptionForeground); }
svg.chart { display: block; margin: 4px 0; overflow: visible; }
svg.chart .frame { fill: none; stroke: var(--vscode-charts-lines); stroke-width: 1; }
svg.chart .line { fill: none; stroke: var(--vscode-charts-foreground); stroke-width: 1; opacity: 0.6; }
svg.chart .threshold { stroke: var(--vscode-charts-yellow); stroke-width: 1; stroke-dasharray: 4 3; }
svg.chart .axis { fill: var(--vscode-descriptionForeground); font-size: 10px; font-family: var(--vscode-font-family); }
svg.chart .p-Successful { fill: var(--vscode-testing-iconPassed); stroke: var(--vscode-testing-iconPassed); }
svg.chart .p-Failed { fill: none; stroke: var(--vscode-testing-iconFailed); stroke-width: 2; }
svg.chart .p-Error { fill: var(--vscode-editorWarning-foreground); stroke: var(--vscode-editorWarning-foreground); }
svg.chart .p-Inconclusive { fill: var(--vscode-charts-yellow); stroke: var(--vscode-charts-yellow); }
svg.chart .p-other { fill: none; stroke: var(--vscode-charts-foreground); stroke-width: 1.5; }
.legend { display: flex; gap: 12px; flex-wrap: wrap; color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.legend svg.chart { display: inline; vertical-align: middle; margin: 0; }
.loading { color: var(--vscode-descriptionForeground); }
`;
