/** The `name` of the error thrown when code reaches for a host capability. */
export const FORBIDDEN_ERROR_NAME = 'ForbiddenError';

/**
 * Host capabilities a model's code commonly reaches for. None exists in QuickJS; each name is
 * a global getter that throws a `ForbiddenError` saying so, so an escape attempt is reported as
 * one (and explained to the model) instead of surfacing as a vague `ReferenceError`.
 *
 * @example
 * const run = await new JsSandbox().run('require("fs")');
 * // run.ok === false, run.error.kind === 'forbidden'
 */
export const FORBIDDEN_GLOBALS: readonly string[] = [
  'require',
  'process',
  'module',
  'exports',
  '__dirname',
  '__filename',
  'Buffer',
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'Deno',
  'Bun',
  'importScripts',
];

const FORBIDDEN_SUFFIX = ' is not available: the sandbox has no modules, file system, network or process access';

/** The message of a `ForbiddenError` for `what` (`` `require` ``, `` import('fs') ``). */
export function forbiddenMessage(what: string): string {
  return `${what}${FORBIDDEN_SUFFIX}`;
}

/**
 * Runs in the sandbox before the user's code, as a function expression the host calls with
 * `(host, globalsJson)`. It installs `console`, `SUBMIT`, the forbidden-name traps and the
 * caller's globals, and returns helpers the host uses after the run.
 *
 * Every builtin it uses is captured first: the user's code runs afterwards in the same realm
 * and may overwrite `JSON`, `String` or `Object`, which must not change how results are read.
 */
export const PRELUDE_SOURCE = `(function (host, globalsJson) {
  'use strict';
  const G = globalThis;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const toStr = String;
  const define = Object.defineProperty;
  const keys = Object.keys;
  const hostLog = host.log;
  const hostSubmit = host.submit;

  const show = (v) => {
    if (typeof v === 'string') return v;
    try {
      const s = stringify(v);
      return s === undefined ? toStr(v) : s;
    } catch (e) {
      return toStr(v);
    }
  };
  // Concatenation, not Array.prototype.join: the program may have replaced prototype methods.
  const print = function () {
    let line = '';
    for (let i = 0; i < arguments.length; i++) line += (i === 0 ? '' : ' ') + show(arguments[i]);
    hostLog(line);
  };
  const console = { log: print, info: print, warn: print, error: print, debug: print };
  define(G, 'console', { value: console, writable: true, configurable: true });

  // JSON text crosses to the host, never a live object: nothing of the sandbox's heap escapes.
  const encode = (v) => (v === undefined ? undefined : stringify(v));
  define(G, 'SUBMIT', {
    value: function SUBMIT(value) {
      hostSubmit(encode(value));
      return value;
    },
    writable: true,
    configurable: true,
  });

  class ForbiddenError extends Error {}
  define(ForbiddenError.prototype, 'name', { value: ${JSON.stringify(FORBIDDEN_ERROR_NAME)} });
  const forbidden = (name) => new ForbiddenError('\`' + name + '\`' + ${JSON.stringify(FORBIDDEN_SUFFIX)});
  for (const name of ${JSON.stringify(FORBIDDEN_GLOBALS)}) {
    define(G, name, {
      get() { throw forbidden(name); },
      set() { throw forbidden(name); },
      configurable: true,
    });
  }

  const globals = parse(globalsJson);
  for (const name of keys(globals)) {
    define(G, name, { value: globals[name], writable: true, configurable: true, enumerable: true });
  }

  const describe = (e) => {
    let name = 'Error';
    let message;
    let stack = '';
    try {
      if (e !== null && (typeof e === 'object' || typeof e === 'function')) {
        name = toStr(e.name === undefined ? 'Error' : e.name);
        message = toStr(e.message === undefined ? '' : e.message);
        if (typeof e.stack === 'string') stack = e.stack;
      } else {
        message = 'uncaught ' + (typeof e === 'string' ? stringify(e) : show(e));
      }
    } catch (inner) {
      message = 'an error that could not be read';
    }
    // An array of strings, not JSON: \`Object.prototype.toJSON\` would reach into JSON.stringify.
    return [name, message, stack];
  };

  return { encode, describe };
})`;
