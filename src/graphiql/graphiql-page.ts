/**
 * The GraphiQL page, its start-up script and its Content-Security-Policy. Everything is same-origin:
 * the page names no external URL, and the policy forbids inline scripts, eval, frames and any other
 * origin, so a compromised or missing CDN can neither break nor inject into it.
 */

export const GRAPHIQL_PATH = '/graphiql';
export const GRAPHIQL_ASSET_PATH = `${GRAPHIQL_PATH}/assets`;
export const GRAPHIQL_BOOT_SCRIPT = 'graphiql-boot.js';

/**
 * `connect-src 'self'` also allows `ws:`/`wss:` to the page's own host (CSP Level 3), which the
 * `agreementChanged` subscription needs. Styles and fonts come from graphiql.min.css (fonts and a
 * few images are `data:` URIs inside it); React and CodeMirror set styles through the CSSOM, which
 * `style-src` does not restrict.
 */
export const GRAPHIQL_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers of every response of the page and its assets. */
export const GRAPHIQL_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': GRAPHIQL_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const asset = (name: string) => `${GRAPHIQL_ASSET_PATH}/${name}`;

export const GRAPHIQL_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>IoT-SSF demarcation · GraphiQL</title>
    <link rel="stylesheet" href="${asset('graphiql.min.css')}">
  </head>
  <body>
    <div id="graphiql" data-endpoint="/graphql">Loading GraphiQL…</div>
    <script src="${asset('react.production.min.js')}"></script>
    <script src="${asset('react-dom.production.min.js')}"></script>
    <script src="${asset('graphiql.min.js')}"></script>
    <script src="${asset('graphql-ws.min.js')}"></script>
    <script src="${asset(GRAPHIQL_BOOT_SCRIPT)}"></script>
  </body>
</html>
`;

const DEFAULT_QUERY = `# IoT-SSF demarcation API (docs/api.md).
#
# 1. Get a token for a demo client (development realm; secret = client id + "-secret"):
#      npm run -s token -- acme-devices
# 2. Paste it into the Headers tab below: { "Authorization": "Bearer <token>" }
# 3. Run this query, then explore the schema in the Docs panel.

query Me {
  me { subject organizationId roles }
  categoryMatrix { recovery economic useCases assessmentsAgreed agreementsConcluded }
}
`;

const DEFAULT_HEADERS = `{
  "Authorization": "Bearer <paste the output of: npm run -s token -- acme-devices>"
}`;

/**
 * Browser code, served as a same-origin script (the policy allows no inline script). Queries and
 * mutations go over HTTP with the headers of the Headers tab; subscriptions over graphql-ws on the
 * same path, with the Authorization header passed as `connectionParams.authorization` (one lazy
 * connection per token, so changing the header takes effect on the next subscription).
 */
export const GRAPHIQL_BOOT_JS = `(function () {
  'use strict';
  var container = document.getElementById('graphiql');
  // Through the CSSOM: the policy refuses inline style attributes.
  document.body.style.margin = '0';
  container.style.height = '100vh';
  var endpoint = container.getAttribute('data-endpoint');
  var wsUrl = (window.location.protocol === 'https:' ? 'wss://' : 'ws://') + window.location.host + endpoint;
  var http = GraphiQL.createFetcher({ url: endpoint });
  var wsClients = {};

  function headerValue(headers, name) {
    for (var key in headers || {}) {
      if (Object.prototype.hasOwnProperty.call(headers, key) && key.toLowerCase() === name) return headers[key];
    }
    return undefined;
  }

  function wsClientFor(authorization) {
    var key = authorization || '';
    if (!wsClients[key]) {
      wsClients[key] = graphqlWs.createClient({
        url: wsUrl,
        lazy: true,
        connectionParams: authorization ? { authorization: authorization } : {},
      });
    }
    return wsClients[key];
  }

  function isSubscription(params, documentAST) {
    if (!documentAST) return false;
    var operations = documentAST.definitions.filter(function (definition) {
      return definition.kind === 'OperationDefinition';
    });
    var operation = params.operationName
      ? operations.find(function (definition) { return definition.name && definition.name.value === params.operationName; })
      : operations[0];
    return Boolean(operation) && operation.operation === 'subscription';
  }

  function fetcher(params, options) {
    options = options || {};
    if (isSubscription(params, options.documentAST)) {
      return wsClientFor(headerValue(options.headers, 'authorization')).iterate({
        query: params.query,
        variables: params.variables || undefined,
        operationName: params.operationName || undefined,
      });
    }
    return http(params, options);
  }

  ReactDOM.createRoot(container).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
      defaultHeaders: ${JSON.stringify(DEFAULT_HEADERS)},
      defaultEditorToolsVisibility: 'headers',
      isHeadersEditorEnabled: true,
      // Tokens stay out of localStorage.
      shouldPersistHeaders: false,
    }),
  );
})();
`;
