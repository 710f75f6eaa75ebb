// One activation sample, in a fresh Node process: `node bench/activationChild.cjs <dist/extension.js>`.
// Injects the `vscode` stand-in, records every network and keychain attempt, loads the bundle,
// calls activate() and prints one JSON line with the timings and what happened.
'use strict';
const { performance } = require('node:perf_hooks');
const Module = require('node:module');
const path = require('node:path');
const net = require('node:net');
const tls = require('node:tls');
const http = require('node:http');
const https = require('node:https');
const dns = require('node:dns');
const diagnostics = require('node:diagnostics_channel');
const { vscodeModule, createContext, calls, firstCallAt } = require('./vscodeStandIn.cjs');

const extensionFile = path.resolve(process.argv[2]);
const network = [];
let phase = 'load';
const note = (what) => network.push({ what, phase });

// Network: every way the bundle could open a connection or resolve a name.
const wrap = (obj, name, label) => {
  const original = obj[name];
  obj[name] = function (...args) {
    note(label);
    return original.apply(this, args);
  };
};
wrap(net, 'connect', 'net.connect');
wrap(net, 'createConnection', 'net.createConnection');
wrap(net.Socket.prototype, 'connect', 'net.Socket.connect');
wrap(tls, 'connect', 'tls.connect');
wrap(http, 'request', 'http.request');
wrap(http, 'get', 'http.get');
wrap(https, 'request', 'https.request');
wrap(https, 'get', 'https.get');
wrap(dns, 'lookup', 'dns.lookup');
wrap(dns.promises, 'lookup', 'dns.promises.lookup');
const realFetch = globalThis.fetch;
globalThis.fetch = function (...args) {
  note('fetch');
  return realFetch.apply(this, args);
};
diagnostics.subscribe('net.client.socket', () => note('socket'));

// Which modules the bundles in dist/ pull in, and when: the gateway chunk (openai SDK) must wait for
// a verification, the host chunk for the task after activate().
const distDir = path.dirname(extensionFile);
const required = [];
const originalLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (parent && path.dirname(parent.filename) === distDir) required.push({ request, phase });
  return originalLoad.call(this, request, parent, isMain);
};

// The stand-in: `require('vscode')` resolves to it.
const standInId = path.join(__dirname, '__vscode_stand_in__.js');
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'vscode') return standInId;
  return originalResolve.call(this, request, ...rest);
};
const standIn = new Module(standInId);
standIn.filename = standInId;
standIn.loaded = true;
standIn.exports = vscodeModule;
require.cache[standInId] = standIn;

async function main() {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const ext = require(extensionFile);
  const t1 = performance.now();
  phase = 'activate';
  const context = createContext(path.dirname(path.dirname(extensionFile)));
  let returned;
  let activateError = null;
  try {
    returned = ext.activate(context);
  } catch (e) {
    activateError = String(e && e.stack ? e.stack : e);
  }
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const callsDuringActivate = calls.slice();
  // If activate returned a promise, let it settle (bounded) before judging what it did.
  if (returned && typeof returned.then === 'function') {
    await Promise.race([returned.catch((e) => (activateError = String(e))), new Promise((r) => setTimeout(r, 2000))]);
  }
  const t3 = performance.now();
  const callsUntilSettled = calls.slice();
  const requiredDuringActivate = required.filter((r) => r.phase !== 'after').map((r) => r.request);
  phase = 'after';
  // A short look at what happens right after activation (e.g. verify on startup), for information.
  await new Promise((r) => setTimeout(r, 300));
  const keychain = (list) => list.filter((c) => c.startsWith('secrets.'));
  const result = {
    loadMs: t1 - t0,
    activateSyncMs: t2 - t1,
    activationMs: t2 - t0,
    // CPU time of the same span: less sensitive to other processes competing for the cores.
    activationCpuMs: (cpu.user + cpu.system) / 1000,
    activatePromiseMs: t3 - t1,
    activateError,
    subscriptions: context.subscriptions.length,
    commands: callsDuringActivate.filter((c) => c.startsWith('commands.registerCommand:')).map((c) => c.slice(25)),
    keychainDuringActivate: keychain(callsUntilSettled),
    networkDuringActivate: network.filter((n) => n.phase !== 'after').map((n) => n.what),
    keychainAfter: keychain(calls.slice(callsUntilSettled.length)),
    networkAfter: network.filter((n) => n.phase === 'after').map((n) => n.what),
    // Ready: the status bar item is shown (the host chunk started, one task after activate()).
    readyMs: firstCallAt.has('statusBarItem.show') ? firstCallAt.get('statusBarItem.show') - t0 : null,
    required: [...new Set(required.map((r) => r.request))],
    gatewayLoadedDuringActivate: requiredDuringActivate.some((r) => /gateway(\.js)?$/.test(r)),
    hostLoadedDuringActivate: requiredDuringActivate.some((r) => /host(\.js)?$/.test(r)),
  };
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}

main().catch((e) => {
  process.stdout.write(JSON.stringify({ error: String(e && e.stack ? e.stack : e) }) + '\n');
  process.exit(1);
});
