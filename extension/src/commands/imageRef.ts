// Is this text an image reference `docker pull` would take? The grammar of distribution/reference
// (github.com/distribution/reference, regexp.go): [domain[:port]/]path[:tag][@digest], lower-case path components.
// Pure, for the set-image input box's validation.

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN = `(?:${DOMAIN_NAME}|${IPV6})(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);

/**
 * The repository path of a reference: without digest and tag, and without the registry — a first component with a
 * `.` or `:`, or `localhost`, as docker's `splitDockerDomain` reads it.
 */
function repositoryPath(v: string): string {
  let name = v.split('@')[0]!;
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) name = name.slice(0, colon);
  const [first, ...rest] = name.split('/');
  return rest.length > 0 && (/[.:]/.test(first!) || first === 'localhost') ? rest.join('/') : name;
}

/** undefined when valid; otherwise what is wrong, in words. */
export function validateImageReference(text: string): string | undefined {
  const v = text.trim();
  if (v === '') return 'an image is required, e.g. registry.example.com/team/app:1.2.3';
  if (/\s/.test(v)) return 'an image reference has no spaces';
  if (v.length > 4096) return 'an image reference is at most 4096 characters';
  const m = REFERENCE.exec(v);
  if (!m) {
    if (/[A-Z]/.test(repositoryPath(v))) return 'the repository path must be lower case';
    return 'not an image reference: expected [registry/]path[:tag][@sha256:digest]';
  }
  if (m[1]!.length > 255) return 'the repository name is longer than 255 characters';
  return undefined;
}
