/**
 * VCD errors belong to the domain: one class carries the HTTP status and VCD's minor code, and one table
 * says which minor code and message go with a status. Operations, the task engine, fault rules and the
 * HTTP side all build their errors from here; wire/ only renders them.
 */

export class VcdError extends Error {
  constructor(
    readonly status: number,
    readonly minorCode: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * The minor code and default message for each HTTP status, as VCD answers. Codes that name a cause
 * (BUSY_ENTITY, DUPLICATE_NAME, OPERATION_LIMITS_EXCEEDED) go with 400 Bad Request and are raised by name
 * through their constructors below; a bare status never implies them (409 is CONFLICT, not BUSY_ENTITY).
 */
const BY_STATUS: Readonly<Record<number, readonly [minorCode: string, message: string]>> = {
  400: ['BAD_REQUEST', 'Bad request.'],
  401: ['UNAUTHORIZED', 'This operation is denied.'],
  403: ['ACCESS_TO_RESOURCE_IS_FORBIDDEN', 'This operation is denied.'],
  404: ['RESOURCE_NOT_FOUND', 'The requested resource could not be found.'],
  405: ['METHOD_NOT_ALLOWED', 'HTTP method not allowed.'],
  406: ['NOT_ACCEPTABLE', 'The requested media type is not acceptable.'],
  409: ['CONFLICT', 'The request conflicts with the state of the entity.'],
  413: ['BAD_REQUEST', 'The request body is larger than the simulator accepts.'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type.'],
  429: ['TOO_MANY_REQUESTS', 'Too many requests. Try again later.'],
  500: ['INTERNAL_SERVER_ERROR', 'An internal error occurred.'],
  502: ['BAD_GATEWAY', 'The cell behind the load balancer did not answer.'],
  503: ['SERVICE_UNAVAILABLE', 'The service is temporarily unavailable. Try again later.'],
  504: ['GATEWAY_TIMEOUT', 'The cell did not answer in time.'],
};

/** The minor code and default message for a status; statuses not listed fall back to 400's or 500's. */
export function errorDefaults(status: number): [minorCode: string, message: string] {
  const known = BY_STATUS[status] ?? BY_STATUS[status < 500 ? 400 : 500]!;
  return [known[0], known[1]];
}

export function minorCodeFor(status: number): string {
  return errorDefaults(status)[0];
}

/** An error of this status with its table minor code (and default message unless given). */
export function errorOf(status: number, message?: string, headers?: Record<string, string>): VcdError {
  const [minorCode, fallback] = errorDefaults(status);
  return new VcdError(status, minorCode, message ?? fallback, headers);
}

export const badRequest = (msg: string) => errorOf(400, msg);
export const duplicateName = (msg: string) => new VcdError(400, 'DUPLICATE_NAME', msg);
export const busyEntity = (msg: string) => new VcdError(400, 'BUSY_ENTITY', msg);
export const limitsExceeded = (msg: string) => new VcdError(400, 'OPERATION_LIMITS_EXCEEDED', msg);
export const unauthorized = (msg = 'This operation is denied.') => errorOf(401, msg);
export const forbidden = (msg = 'This operation is denied.') => errorOf(403, msg);
export const notFound = (msg = 'The requested resource could not be found.') => errorOf(404, msg);
export const methodNotAllowed = (msg = 'HTTP method not allowed.') => errorOf(405, msg);
export const notAcceptable = (msg: string) => errorOf(406, msg);
export const unsupportedMediaType = (msg: string) => errorOf(415, msg);
export const internalError = (msg = 'An internal error occurred.') => errorOf(500, msg);

/**
 * What VCD answers for an entity the caller may not see, and also for ids that do not exist:
 * the same 403 either way, so the answer never tells one tenant what another owns.
 */
export function noAccess(kind: string, id: string): VcdError {
  return forbidden(`No access to entity "com.vmware.vcloud.entity.${kind}:${id}".`);
}
