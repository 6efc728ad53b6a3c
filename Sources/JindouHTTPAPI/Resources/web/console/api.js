// The console's only door to the server: the documented HTTP API, called with the token the
// operator signed in with (Authorization: Bearer). Errors keep the status and the server's message.

const TOKEN_KEY = 'jindou.console.token';

/** An HTTP error from the API: `status` (e.g. 403) and the server's own message. */
export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }

  /** "403 Forbidden: No administrative permission" */
  describe() {
    const names = { 400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found',
      409: 'Conflict', 429: 'Too many requests', 500: 'Server error', 503: 'Unavailable' };
    const name = names[this.status] || 'Error';
    return this.status ? `${this.status} ${name}: ${this.message}` : this.message;
  }
}

export function storedToken() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function storeToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function messageOf(status, text) {
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object') {
      return [body.msg || body.error_description || body.error || text || `HTTP ${status}`, body];
    }
  } catch (_) { /* not JSON */ }
  return [text || `HTTP ${status}`, null];
}

/**
 * Calls the API. `body` (an object) is sent as JSON; `raw: true` returns the text.
 * Throws ApiError with the status and the server's message for any non-2xx answer.
 */
export async function call(method, path, { body, raw = false, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  const token = storedToken();
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new ApiError(0, `The server cannot be reached (${error.message})`, null);
  }
  const text = await response.text();
  if (!response.ok) {
    const [message, parsed] = messageOf(response.status, text);
    throw new ApiError(response.status, message, parsed);
  }
  if (raw) return text;
  return text ? JSON.parse(text) : null;
}

export const get = (path, options) => call('GET', path, options);
export const post = (path, body, options = {}) => call('POST', path, { ...options, body });
export const del = (path, options) => call('DELETE', path, options);

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
