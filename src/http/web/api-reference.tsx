import type { FC } from 'hono/jsx';

type OpenApiDoc = {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
};
type Operation = {
  tags?: string[];
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: unknown }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string }>;
};

const METHODS = ['get', 'post', 'patch', 'put', 'delete'] as const;

export const API_REFERENCE_CSS = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1f23;background:#fff}
header,main{max-width:60rem;margin:0 auto;padding:1rem}
header{border-bottom:1px solid #d0d7de}
h1{font-size:1.6rem;margin:.2rem 0}h2{margin-top:2rem;border-bottom:1px solid #d0d7de}
details{border:1px solid #d0d7de;border-radius:6px;margin:.5rem 0;padding:.4rem .8rem}
summary{cursor:pointer}summary code{font-weight:600}
.m{display:inline-block;min-width:4.2rem;font:600 .8rem monospace;text-transform:uppercase;color:#fff;border-radius:4px;padding:.1rem .4rem;margin-right:.5rem;text-align:center}
.get{background:#0b6e4f}.post{background:#1f5fbf}.patch{background:#8a5300}
.lock{color:#8a5300;font-size:.85rem;margin-left:.4rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
pre{background:#f6f8fa;padding:.6rem;overflow:auto;font-size:.8rem;max-height:24rem}
a{color:#0a58ca}:focus-visible{outline:3px solid #0a58ca;outline-offset:2px}
`;

/** Resolves `$ref`s one level for display and renders a schema as indented JSON. */
function schemaText(schema: unknown, doc: OpenApiDoc): string {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  if (ref) {
    const name = ref.split('/').pop()!;
    return `${name}\n${JSON.stringify(doc.components?.schemas?.[name] ?? {}, null, 2)}`;
  }
  return JSON.stringify(schema ?? {}, null, 2);
}

/** The browsable API reference, rendered on the server from the OpenAPI document (no scripts, works offline). */
export const ApiReference: FC<{ doc: OpenApiDoc }> = ({ doc }) => {
  const byTag = new Map<string, Array<{ method: string; path: string; op: Operation }>>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'Other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push({ method, path, op });
    }
  }
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${doc.info.title} API reference`}</title>
        <link rel="stylesheet" href="/assets/api.css" />
      </head>
      <body>
        <header>
          <h1>{doc.info.title} API {doc.info.version}</h1>
          <p>{doc.info.description}</p>
          <p>
            Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Reads of published records need no
            token; writes need <code>Authorization: Bearer &lt;token&gt;</code> (<code>npx coophub token create --name NAME --role admin</code>).
          </p>
          <nav aria-label="Sections">
            {[...byTag.keys()].map((tag) => (
              <>
                <a href={`#${tag.toLowerCase()}`}>{tag}</a>{' '}
              </>
            ))}
          </nav>
        </header>
        <main>
          {[...byTag.entries()].map(([tag, ops]) => (
            <section id={tag.toLowerCase()}>
              <h2>{tag}</h2>
              {ops.map(({ method, path, op }) => (
                <details>
                  <summary>
                    <span class={`m ${method}`}>{method}</span>
                    <code>{path}</code> — {op.summary}
                    {op.security?.length ? <span class="lock">token required</span> : null}
                  </summary>
                  {op.description ? <p>{op.description}</p> : null}
                  {op.parameters?.length ? (
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">Parameter</th>
                          <th scope="col">In</th>
                          <th scope="col">Description</th>
                        </tr>
                      </thead>
                      <tbody>
                        {op.parameters.map((p) => (
                          <tr>
                            <td>
                              <code>{p.name}</code>
                              {p.required ? ' (required)' : ''}
                            </td>
                            <td>{p.in}</td>
                            <td>{p.description ?? ''}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  ) : null}
                  {op.requestBody
                    ? Object.entries(op.requestBody.content).slice(0, 1).map(([type, media]) => (
                        <>
                          <h3>Request body ({type})</h3>
                          <pre>{schemaText(media.schema, doc)}</pre>
                        </>
                      ))
                    : null}
                  <h3>Responses</h3>
                  <ul>
                    {Object.entries(op.responses).map(([status, r]) => (
                      <li>
                        <strong>{status}</strong> {r.description}
                      </li>
                    ))}
                  </ul>
                </details>
              ))}
            </section>
          ))}
        </main>
      </body>
    </html>
  );
};
