// Facts derived from the request that conditions read with params (a JSONPath cannot safely name an
// attribute or profile field that an administrator chose, such as `permission-set`). They read only what
// the request holds as its own, and never a reserved name: `__proto__` and its kind name nothing.
import { RESERVED_KEYS } from '../routing/schema.js';

const RESERVED: ReadonlySet<string> = new Set(RESERVED_KEYS);

function own(obj: unknown, key: string): unknown {
  return typeof obj === 'object' && obj !== null && !RESERVED.has(key) && Object.hasOwn(obj, key)
    ? (obj as Record<string, unknown>)[key]
    : undefined;
}

/** `request.resource.attributes[name][key]`, or the whole attribute `name` when no key is given. */
export function resourceAttribute(params: { name?: unknown; key?: unknown }, request: unknown): unknown {
  if (typeof params?.name !== 'string') return undefined;
  const attribute = own(own(own(request, 'resource'), 'attributes'), params.name);
  return typeof params.key === 'string' ? own(attribute, params.key) : attribute;
}

/** `request.requestor.profile[property]`. */
export function requestorProfile(params: { property?: unknown }, request: unknown): unknown {
  if (typeof params?.property !== 'string') return undefined;
  return own(own(own(request, 'requestor'), 'profile'), params.property);
}
