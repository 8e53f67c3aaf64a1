// Typed cluster errors with a message a user can act on. Every error carries what was asked (verb, resource,
// namespace, name), read from the request itself, so a 403 can say which permission is missing.
import { type RequestTarget } from './resources';

export type ClusterErrorKind =
  | 'unauthorized' // 401: credentials expired or unknown
  | 'forbidden' // 403: RBAC
  | 'notFound' // 404
  | 'conflict' // 409
  | 'expired' // 410: resourceVersion too old (watch/list)
  | 'invalid' // 400, 415, 422: the request itself was refused
  | 'unreachable' // no TCP connection / TLS failure / DNS
  | 'timeout' // no answer in time
  | 'credentials' // the kubeconfig's credential source failed (exec plugin missing, bad file)
  | 'server'; // 5xx and anything else

/** The Kubernetes `Status` object the API server returns with errors. */
export interface StatusBody {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string };
}

export class ClusterError extends Error {
  override readonly name = 'ClusterError';
  constructor(
    readonly kind: ClusterErrorKind,
    message: string,
    readonly target?: RequestTarget,
    readonly status?: number,
    readonly serverStatus?: StatusBody,
    readonly server?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The missing permission for a 403, as `kubectl auth can-i` takes it: `list rollouts.argoproj.io`. */
  get permission(): string | undefined {
    return this.kind === 'forbidden' && this.target ? permissionOf(this.target, true) : undefined;
  }
}

/** `patch rollouts/status`, or with the group `list rollouts.argoproj.io`. */
export function permissionOf(t: RequestTarget, withGroup = false): string {
  const res = withGroup && t.group ? `${t.resource}.${t.group}` : t.resource;
  return `${t.verb} ${res}${t.subresource ? `/${t.subresource}` : ''}`;
}

function parseStatus(text: string): StatusBody | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as StatusBody) : undefined;
  } catch {
    return undefined;
  }
}

const KIND_NAMES: Record<string, string> = {
  rollouts: 'rollout',
  replicasets: 'replicaset',
  pods: 'pod',
  analysisruns: 'analysisrun',
  experiments: 'experiment',
  deployments: 'deployment',
};

function where(t?: RequestTarget): string {
  return t?.namespace ? ` in namespace '${t.namespace}'` : '';
}

/** An error for a non-2xx HTTP answer, explained from the request and the server's Status body. */
export function httpError(status: number, bodyText: string, target: RequestTarget, server: string): ClusterError {
  const body = parseStatus(bodyText);
  const serverMessage = body?.message ?? bodyText.trim().slice(0, 300);
  const thing = KIND_NAMES[target.resource] ?? target.resource;
  switch (status) {
    case 401:
      return new ClusterError(
        'unauthorized',
        `the cluster at ${server} rejected the credentials (401 Unauthorized): the token or certificate is expired or ` +
          `unknown; log in again or refresh the kubeconfig`,
        target,
        status,
        body,
        server,
      );
    case 403:
      return new ClusterError(
        'forbidden',
        `you lack \`${permissionOf(target)}\`${where(target)}` +
          (target.group ? ` (API group ${target.group})` : '') +
          (serverMessage ? `: ${serverMessage}` : ''),
        target,
        status,
        body,
        server,
      );
    case 404:
      return new ClusterError(
        'notFound',
        target.name
          ? `${thing} '${target.name}' no longer exists${where(target)}`
          : `the API server has no ${target.resource}${target.group ? `.${target.group}` : ''} resource (is the CRD installed?)`,
        target,
        status,
        body,
        server,
      );
    case 409:
      return new ClusterError(
        'conflict',
        `${thing} '${target.name ?? ''}'${where(target)} was changed by someone else at the same time (409 Conflict): ${serverMessage}`,
        target,
        status,
        body,
        server,
      );
    case 410:
      return new ClusterError('expired', `resource version expired (410): ${serverMessage}`, target, status, body, server);
    case 400:
    case 415:
    case 422:
      return new ClusterError(
        'invalid',
        `the API server refused the ${target.verb} of ${thing}${target.name ? ` '${target.name}'` : ''} (${status}${body?.reason ? ` ${body.reason}` : ''}): ${serverMessage}`,
        target,
        status,
        body,
        server,
      );
    default:
      return new ClusterError(
        'server',
        `the API server answered ${status}${body?.reason ? ` ${body.reason}` : ''} to ${permissionOf(target)}${where(target)}: ${serverMessage}`,
        target,
        status,
        body,
        server,
      );
  }
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ETIMEDOUT',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** An error for a failed connection (no HTTP answer). */
export function transportError(err: unknown, target: RequestTarget, server: string): ClusterError {
  if (err instanceof ClusterError) return err;
  const e = err as NodeJS.ErrnoException;
  const code = e?.code ?? '';
  const text = e?.message ?? String(err);
  if (code === 'ECONNREFUSED') {
    return new ClusterError('unreachable', `cluster unreachable at ${server} (connection refused)`, target, undefined, undefined, server, {
      cause: err,
    });
  }
  if (code === 'ETIMEDOUT' || code === 'RP_TIMEOUT') {
    return new ClusterError('timeout', `cluster at ${server} did not answer in time (${text})`, target, undefined, undefined, server, {
      cause: err,
    });
  }
  if (UNREACHABLE_CODES.has(code) || /socket hang up|TLS|certificate/i.test(text)) {
    return new ClusterError('unreachable', `cluster unreachable at ${server} (${code || text})`, target, undefined, undefined, server, {
      cause: err,
    });
  }
  return new ClusterError('server', `request to ${server} failed: ${text}`, target, undefined, undefined, server, { cause: err });
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
