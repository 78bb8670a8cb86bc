import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { isGraphiqlAssetName, resolveGraphiqlAssets, type GraphiqlAssetName } from './graphiql-assets.js';
import { GRAPHIQL_BOOT_JS, GRAPHIQL_BOOT_SCRIPT, GRAPHIQL_HTML, GRAPHIQL_PATH, GRAPHIQL_SECURITY_HEADERS } from './graphiql-page.js';

/**
 * GraphiQL for development: the page at `/graphiql`, its files at `/graphiql/assets/<name>`. Only a
 * fixed list of files is served (no path from the request reaches the file system). Registered
 * only outside production (see GraphiqlModule), so production answers 404 like any unknown path.
 */
@Controller(GRAPHIQL_PATH.slice(1))
export class GraphiqlController {
  private assets: Record<GraphiqlAssetName, string> | null = null;

  @Get()
  page(@Res() response: Response): void {
    response.set({ ...GRAPHIQL_SECURITY_HEADERS, 'cache-control': 'no-cache' }).type('html').send(GRAPHIQL_HTML);
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() response: Response): void {
    response.set({ ...GRAPHIQL_SECURITY_HEADERS, 'cache-control': 'no-cache' });
    if (name === GRAPHIQL_BOOT_SCRIPT) {
      response.type('text/javascript').send(GRAPHIQL_BOOT_JS);
      return;
    }
    if (!isGraphiqlAssetName(name)) throw new NotFoundException();
    // Resolved on first use: a missing package then fails this request, not the service's start.
    this.assets ??= resolveGraphiqlAssets();
    // sendFile sets the content type from the extension, and ETag/Last-Modified for revalidation.
    response.sendFile(this.assets[name]);
  }
}
