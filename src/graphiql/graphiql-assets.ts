import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The prebuilt browser files GraphiQL needs, served from the project's own node_modules so the
 * page works offline and no third-party origin is trusted. GraphiQL 4.1 is the last line that
 * ships a UMD bundle; it expects React 18's UMD globals (React 19 ships none). See docs/decisions.md.
 */
export const GRAPHIQL_ASSETS = {
  'react.production.min.js': { packageName: 'react', file: 'umd/react.production.min.js' },
  'react-dom.production.min.js': { packageName: 'react-dom', file: 'umd/react-dom.production.min.js' },
  'graphiql.min.js': { packageName: 'graphiql', file: 'graphiql.min.js' },
  'graphiql.min.css': { packageName: 'graphiql', file: 'graphiql.min.css' },
  'graphql-ws.min.js': { packageName: 'graphql-ws', file: 'umd/graphql-ws.min.js' },
} as const;

export type GraphiqlAssetName = keyof typeof GRAPHIQL_ASSETS;

const require = createRequire(import.meta.url);

/** Absolute paths of the assets; throws naming the missing package when one is not installed. */
export function resolveGraphiqlAssets(): Record<GraphiqlAssetName, string> {
  const entries = Object.entries(GRAPHIQL_ASSETS).map(([name, { packageName, file }]) => {
    // Every package here exports its package.json; the UMD files themselves are not in the export maps.
    const path = join(dirname(require.resolve(`${packageName}/package.json`)), file);
    if (!existsSync(path)) throw new Error(`GraphiQL asset ${packageName}/${file} is missing: run npm install`);
    return [name, path] as const;
  });
  return Object.fromEntries(entries) as Record<GraphiqlAssetName, string>;
}

export function isGraphiqlAssetName(name: string): name is GraphiqlAssetName {
  return Object.hasOwn(GRAPHIQL_ASSETS, name);
}
