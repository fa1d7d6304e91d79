// vitest globalSetup: the server serves the built tracker (/widget.js); build it when missing or stale.
// @ts-expect-error a build script in plain JavaScript, without types
import { buildWidget } from '../../../../scripts/build-widget.mjs';

export default async function setup() {
  await (buildWidget as () => Promise<boolean>)();
}
