import type { FC } from 'hono/jsx';

/** A plain landing page until the multilingual portal arrives: what this is and where to go. */
export const Home: FC<{ counts: { needs: number; providers: number; opportunities: number } }> = ({ counts }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>Biodiversity Cooperation Hub</title>
      <link rel="stylesheet" href="/assets/site.css" />
    </head>
    <body>
      <main>
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
        <li>
          <a href="/account/signin">Sign in</a> · <a href="/account/signup">Sign up</a>
        </li>
      </ul>
      </main>
    </body>
  </html>
);
