// docs/openapi.yaml must describe every route the server registers, and no
// route it does not serve. The routes are read from the route registrations in
// server/src (router.Add("METHOD", "/path", ...)).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.cpp') && !p.endsWith('_test.cpp') ? [p] : [];
  });
}

function serverRoutes() {
  const routes = new Set();
  for (const file of sourceFiles(join(root, 'server/src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/router_?\.Add\(\s*"([A-Z]+)",\s*"([^"]+)"/g)) {
      routes.add(`${m[1]} ${m[2]}`);
    }
  }
  return routes;
}

function documentedRoutes() {
  const routes = new Set();
  let path = null;
  let inPaths = false;
  for (const line of readFileSync(join(root, 'docs/openapi.yaml'), 'utf8').split('\n')) {
    if (/^paths:/.test(line)) inPaths = true;
    else if (/^\S/.test(line)) inPaths = false;
    if (!inPaths) continue;
    const p = line.match(/^ {2}(\/\S*):\s*$/);
    if (p) path = p[1];
    const m = line.match(/^ {4}(get|post|put|patch|delete):\s*$/);
    if (m && path) routes.add(`${m[1].toUpperCase()} ${path}`);
  }
  return routes;
}

test('docs/openapi.yaml describes exactly the routes the server serves', () => {
  const served = serverRoutes();
  const documented = documentedRoutes();
  assert.ok(served.size > 10, 'found the route registrations');
  assert.deepEqual([...served].filter((r) => !documented.has(r)).sort(), [], 'served but not documented');
  assert.deepEqual([...documented].filter((r) => !served.has(r)).sort(), [], 'documented but not served');
});
