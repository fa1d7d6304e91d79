// `npm start`: the console and the server are built if their sources changed since the last
// build (`npm install` builds both), then the server runs from its bundle in this same
// process — one node start, no TypeScript compiled on the way.
import { pathToFileURL } from 'node:url';
import { buildConsole } from './build-console.mjs';
import { buildServer, serverBundle } from './build-server.mjs';
import { buildWidget } from './build-widget.mjs';

if (!buildConsole()) process.exit(1);
await buildServer();
await buildWidget();
// Stack traces name the TypeScript sources, not lines of the bundle.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(serverBundle).href);
