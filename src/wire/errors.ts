/** VCD errors: one class carries the HTTP status and VCD's minor code; the error handler renders it. */

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

export const badRequest = (msg: string) => new VcdError(400, 'BAD_REQUEST', msg);
export const duplicateName = (msg: string) => new VcdError(400, 'DUPLICATE_NAME', msg);
export const busyEntity = (msg: string) => new VcdError(400, 'BUSY_ENTITY', msg);
export const limitsExceeded = (msg: string) => new VcdError(400, 'OPERATION_LIMITS_EXCEEDED', msg);
export const unauthorized = (msg = 'This operation is denied.') => new VcdError(401, 'UNAUTHORIZED', msg);
export const forbidden = (msg = 'This operation is denied.') => new VcdError(403, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', msg);
export const notFound = (msg = 'The requested resource could not be found.') => new VcdError(404, 'RESOURCE_NOT_FOUND', msg);
export const methodNotAllowed = (msg = 'HTTP method not allowed.') => new VcdError(405, 'METHOD_NOT_ALLOWED', msg);
export const notAcceptable = (msg: string) => new VcdError(406, 'NOT_ACCEPTABLE', msg);
export const unsupportedMediaType = (msg: string) => new VcdError(415, 'UNSUPPORTED_MEDIA_TYPE', msg);

/**
 * What VCD answers for an entity the caller may not see, and also for ids that do not exist:
 * the same 403 either way, so the answer never tells one tenant what another owns.
 */
export function noAccess(kind: string, id: string): VcdError {
  return forbidden(`No access to entity "com.vmware.vcloud.entity.${kind}:${id}".`);
}
