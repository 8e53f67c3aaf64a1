// A codicon as lit-html: decorative (aria-hidden) unless given a label.
import { html, nothing, type TemplateResult } from 'lit-html';
import type { StatusLook } from './format';

export function icon(look: StatusLook, label?: string): TemplateResult {
  return html`<span class="codicon ${look.codicon} tone-${look.tone}" role=${label ? 'img' : nothing} aria-label=${label ?? nothing} aria-hidden=${label ? nothing : 'true'}></span>`;
}
