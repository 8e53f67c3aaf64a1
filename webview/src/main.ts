// The rollout page (bundled to dist/webview.js). It shows what the extension host sends and asks the host for
// actions; it never talks to the cluster, never polls, never confirms or acts by itself. Every message from the host
// is parsed with the shared zod protocol first: anything malformed or unknown is logged and dropped.
import { render } from 'lit-html';
import { formatRemaining } from './format';
import { parseHostMessage, savedStateSchema, type PageMessage, type PageState, type SavedState } from './protocol';
import { buttonId, view, type StatusLineView, type ViewHandlers, type ViewModel } from './render';
import { CSS } from './styles';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('app') ?? document.body;
// the shell's static "Loading…" gives way to the rendered page
root.replaceChildren();

// the stylesheet, under this script's own CSP nonce
const style = document.createElement('style');
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce;
if (nonce) style.nonce = nonce;
style.textContent = CSS;
document.head.appendChild(style);

const savedParse = savedStateSchema.safeParse(vscode.getState());
const saved: SavedState | undefined = savedParse.success ? savedParse.data : undefined;
let state: PageState | undefined;
let statusLine: StatusLineView | undefined;
/** Button ids of actions asked for and not yet answered, by request id. */
const pending = new Map<string, { buttonId: string; label: string }>();
/** Host clock minus page clock, from the last state's `now` (the countdown runs on the host's time). */
let clockSkewMs = 0;
let countdownTimer: ReturnType<typeof setInterval> | undefined;
let seq = 0;

function post(msg: PageMessage): void {
  vscode.postMessage(msg);
}

const handlers: ViewHandlers = {
  act(action, label, extra) {
    const requestId = `r${++seq}-${Date.now().toString(36)}`;
    pending.set(requestId, { buttonId: buttonId(action, extra), label });
    statusLine = { text: `${label}: waiting for the extension…`, failed: false };
    post({ type: 'action', requestId, action, ...(extra?.container !== undefined ? { container: extra.container } : {}), ...(extra?.revision !== undefined ? { revision: extra.revision } : {}) });
    update();
  },
  refused(label, reason) {
    statusLine = { text: `${label} is not available: ${reason}`, failed: true };
    update();
  },
  revealManifest() {
    post({ type: 'revealManifest' });
  },
};

function viewModel(): ViewModel {
  return {
    state,
    ...(saved ? { restoring: saved } : {}),
    statusLine,
    busy: new Set([...pending.values()].map((p) => p.buttonId)),
  };
}

/** Re-renders only the countdown text (the 1 s timer calls this; nothing else changes between states). */
function updateCountdown(): boolean {
  const el = document.getElementById('countdown');
  const ends = el?.dataset.ends;
  if (!el || !ends) return false;
  const remaining = Date.parse(ends) - (Date.now() + clockSkewMs);
  const text = remaining > 0 ? `resumes in ${formatRemaining(remaining)}` : 'resuming…';
  if (el.textContent !== text) el.textContent = text;
  return true;
}

function update(): void {
  render(view(viewModel(), handlers), root);
  root.removeAttribute('aria-busy');
  const counting = updateCountdown();
  if (counting && countdownTimer === undefined) countdownTimer = setInterval(() => updateCountdown() || stopCountdown(), 1000);
  else if (!counting) stopCountdown();
}

function stopCountdown(): void {
  if (countdownTimer !== undefined) clearInterval(countdownTimer);
  countdownTimer = undefined;
}

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = parseHostMessage(event.data);
  if (!parsed.ok) {
    console.warn(`rollout page: dropped a message from the host: ${parsed.error}`);
    return;
  }
  const msg = parsed.msg;
  if (msg.type === 'state') {
    state = msg.state;
    clockSkewMs = Date.parse(state.now) - Date.now();
    vscode.setState({ name: state.name, namespace: state.namespace, context: state.context } satisfies SavedState);
  } else {
    const p = pending.get(msg.requestId);
    pending.delete(msg.requestId);
    statusLine = { text: p && !msg.message.startsWith(p.label) ? `${p.label}: ${msg.message}` : msg.message, failed: !msg.ok };
  }
  update();
});

update();
// the handshake: the host sends no state before this
post({ type: 'ready' });
