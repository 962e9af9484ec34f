import type { FC } from 'hono/jsx';

/** A plain landing page until the multilingual portal arrives: what this is and where to go. */
export const Home: FC<{ counts: { needs: number; providers: number; opportunities: number } }> = ({ counts }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>Biodiversity Cooperation Hub</title>
      <style>{`body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1b1f23}a{color:#0a58ca}li{margin:.3rem 0}`}</style>
    </head>
    <body>
      <h1>Biodiversity Cooperation Hub</h1>
      <p>
        Connects countries that need help to implement the Kunming-Montreal Global Biodiversity Framework with the institutions and experts
        able to give it.
      </p>
      <p>
        Published here: <strong>{counts.needs}</strong> requests for assistance, <strong>{counts.providers}</strong> providers and{' '}
        <strong>{counts.opportunities}</strong> opportunities.
      </p>
      <ul>
        <li>
          <a href="/api/docs">API reference</a> (<a href="/api/openapi.json">OpenAPI 3.1</a>)
        </li>
        <li>
          <a href="/api/v1/needs">Needs</a>, <a href="/api/v1/providers">providers</a>, <a href="/api/v1/opportunities">opportunities</a>,{' '}
          <a href="/api/v1/vocabularies">vocabularies</a> as JSON
        </li>
      </ul>
    </body>
  </html>
);
