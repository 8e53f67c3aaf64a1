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

/**
 * Why a request got no HTTP answer, or why its credentials failed: set where the failure is classified (transport
 * errors here, credential and URL problems in client.ts), so callers branch on it instead of on message text.
 */
export type ClusterErrorCode =
  | 'connectionRefused' // nothing listens at the address
  | 'connectionReset' // the connection or a running watch was dropped (the server went away mid-stream)
  | 'dns' // the host name does not resolve
  | 'hostUnreachable' // no route to the host or network
  | 'untrustedCertificate' // the server's certificate is self-signed or signed by an unknown CA
  | 'certificateExpired'
  | 'certificateName' // the certificate is not for this host name
  | 'tls' // another TLS failure (e.g. an https:// URL for a plain-HTTP server)
  | 'timeout' // no answer within the request's time limit
  | 'deadline' // the command's overall deadline ran out
  | 'invalidUrl' // the kubeconfig's server URL is not a valid http(s) URL
  | 'execPlugin' // the exec credential plugin is missing or failed
  | 'execTimeout' // the exec credential plugin did not finish in time (it is stopped)
  | 'credentialFile' // a token, certificate or key file the kubeconfig names cannot be read
  | 'other';

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
    options?: { cause?: unknown; code?: ClusterErrorCode },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = options?.code;
  }

  /** Machine-readable reason of a failure without an HTTP answer (see ClusterErrorCode); undefined for HTTP errors. */
  readonly code: ClusterErrorCode | undefined;

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

/** Node's error codes of failed connections and TLS handshakes, classified. */
const TRANSPORT_CODES: Record<string, ClusterErrorCode> = {
  ECONNREFUSED: 'connectionRefused',
  ECONNRESET: 'connectionReset',
  EPIPE: 'connectionReset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EHOSTUNREACH: 'hostUnreachable',
  ENETUNREACH: 'hostUnreachable',
  ETIMEDOUT: 'timeout',
  RP_TIMEOUT: 'timeout',
  RP_DEADLINE: 'deadline',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'untrustedCertificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'untrustedCertificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrustedCertificate',
  UNABLE_TO_GET_ISSUER_CERT: 'untrustedCertificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrustedCertificate',
  CERT_UNTRUSTED: 'untrustedCertificate',
  CERT_HAS_EXPIRED: 'certificateExpired',
  CERT_NOT_YET_VALID: 'certificateExpired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificateName',
  ERR_SSL_WRONG_VERSION_NUMBER: 'tls',
  EPROTO: 'tls',
};

/** The code of a transport failure: from Node's error code, else from the text of a TLS failure, else 'other'. */
export function transportCode(err: unknown): ClusterErrorCode {
  const e = err as NodeJS.ErrnoException | undefined;
  const byCode = e?.code ? TRANSPORT_CODES[e.code] : undefined;
  if (byCode) return byCode;
  const text = e?.message ?? String(err);
  if (/socket hang up|aborted/i.test(text)) return 'connectionReset';
  if (/TLS|SSL|certificate/i.test(text)) return 'tls';
  return 'other';
}

function hostOf(server: string): string {
  try {
    return new URL(server).hostname;
  } catch {
    return server;
  }
}

/** An error for a failed connection (no HTTP answer), classified once by `transportCode`. */
export function transportError(err: unknown, target: RequestTarget, server: string): ClusterError {
  if (err instanceof ClusterError) return err;
  const e = err as NodeJS.ErrnoException;
  const text = e?.message ?? String(err);
  const code = transportCode(err);
  const make = (kind: ClusterErrorKind, message: string) =>
    new ClusterError(kind, message, target, undefined, undefined, server, { cause: err, code });
  switch (code) {
    case 'connectionRefused':
      return make('unreachable', `cluster unreachable at ${server} (connection refused)`);
    case 'connectionReset':
      return make('unreachable', `cluster unreachable at ${server} (the connection was dropped: ${e?.code ?? text})`);
    case 'dns':
      return make('unreachable', `cluster unreachable at ${server}: the host name '${hostOf(server)}' does not resolve (${e?.code})`);
    case 'hostUnreachable':
      return make('unreachable', `cluster unreachable at ${server}: no route to the host (${e?.code})`);
    case 'timeout':
    case 'deadline':
      return make('timeout', `cluster at ${server} did not answer in time (${text})`);
    case 'untrustedCertificate':
      return make(
        'unreachable',
        `the certificate of the cluster at ${server} is not trusted (${e?.code ?? text}): set the cluster's ` +
          '`certificate-authority` (or `certificate-authority-data`) in the kubeconfig to the CA that signed it, or ' +
          '`insecure-skip-tls-verify: true` to skip the check (unsafe)',
      );
    case 'certificateExpired':
      return make('unreachable', `the certificate of the cluster at ${server} is expired or not yet valid (${e?.code}); renew it or check the clock`);
    case 'certificateName':
      return make(
        'unreachable',
        `the certificate of the cluster at ${server} is not for '${hostOf(server)}' (${text}); use the name it was issued for, ` +
          'or set `tls-server-name` in the kubeconfig',
      );
    case 'tls':
      return make('unreachable', `TLS with the cluster at ${server} failed (${e?.code ?? text}); is it a plain http:// server?`);
    default:
      return new ClusterError('server', `request to ${server} failed: ${text}`, target, undefined, undefined, server, { cause: err, code });
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
