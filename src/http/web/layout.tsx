import type { Child, FC } from 'hono/jsx';
import type { TFunction } from 'i18next';
import { directionOf, type Language, LANGUAGES } from '../../i18n/index.ts';
import type { FieldError } from '../../lib/errors.ts';

/** What every page knows: the reader's language, its translate function, who is signed in, the form token. */
export interface PageContext {
  lang: Language;
  t: TFunction;
  signedIn: boolean;
  /** The CSRF token every form posts back as `_csrf`. */
  csrf: string;
  /** The current path and query, for the language switcher. */
  path: string;
}

const LANGUAGE_NAMES: Record<Language, string> = { ar: 'العربية', en: 'English', es: 'Español', fr: 'Français', ru: 'Русский', zh: '中文' };

function withLang(path: string, lang: Language): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('lang', lang);
  url.searchParams.delete('token');
  return `${url.pathname}${url.search}`;
}

/** A page as sent: the doctype (standards mode), then the rendered element. */
export async function renderDocument(node: unknown): Promise<string> {
  return `<!DOCTYPE html>${await (node as { toString(): string | Promise<string> }).toString()}`;
}

export const CsrfInput: FC<{ p: PageContext }> = ({ p }) => <input type="hidden" name="_csrf" value={p.csrf} />;

/** The page frame: language and direction, skip link, navigation, language switcher. */
export const Layout: FC<{ p: PageContext; title: string; children?: Child }> = ({ p, title, children }) => (
  <html lang={p.lang} dir={directionOf(p.lang)}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} · ${p.t('site.name')}`}</title>
      <meta name="description" content={p.t('site.tagline')} />
      <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      <link rel="stylesheet" href="/assets/site.css" />
    </head>
    <body>
      <a class="skip" href="#main">
        {p.t('site.skip')}
      </a>
      <header class="site">
        <a class="brand" href="/">
          {p.t('site.name')}
        </a>
        <nav aria-label={p.t('site.menu')}>
          <ul>
            <li>
              <a href="/needs">{p.t('types.needs')}</a>
            </li>
            <li>
              <a href="/providers">{p.t('types.providers')}</a>
            </li>
            <li>
              <a href="/opportunities">{p.t('types.opportunities')}</a>
            </li>
            <li>
              <a href="/countries">{p.t('site.countries')}</a>
            </li>
            {p.signedIn ? (
              <>
                <li>
                  <a href="/account">{p.t('site.account')}</a>
                </li>
                <li>
                  <form method="post" action="/account/signout">
                    <CsrfInput p={p} />
                    <button type="submit" class="linkish">
                      {p.t('site.signOut')}
                    </button>
                  </form>
                </li>
              </>
            ) : (
              <>
                <li>
                  <a href="/account/signin">{p.t('site.signIn')}</a>
                </li>
                <li>
                  <a href="/account/signup">{p.t('site.signUp')}</a>
                </li>
              </>
            )}
          </ul>
        </nav>
        <nav class="langs" aria-label={p.t('site.language')}>
          <ul>
            {LANGUAGES.map((l) => (
              <li>
                <a href={withLang(p.path, l)} lang={l} hreflang={l} aria-current={l === p.lang ? 'true' : undefined}>
                  {LANGUAGE_NAMES[l]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main">{children}</main>
      <footer class="site">
        <a href="/api/docs">{p.t('site.apiReference')}</a>
      </footer>
    </body>
  </html>
);

/** A field error in the reader's language: the catalog's message for its key, else the service's English text. */
export function fieldMessage(p: PageContext, e: FieldError): string {
  return e.key ? p.t(`errors.${e.key}`, { ...e.params, defaultValue: e.message }) : e.message;
}

/** The list of problems at the top of a form, each linking to its field. */
export const ErrorSummary: FC<{ p: PageContext; errors: FieldError[]; message?: string; prefix?: string }> = ({ p, errors, message, prefix = '' }) =>
  errors.length || message ? (
    <div class="error-summary" role="alert" tabindex={-1}>
      <h2>{p.t('errors.summary')}</h2>
      <ul>
        {message ? <li>{message}</li> : null}
        {errors.map((e) => (
          <li>
            <a href={`#f-${prefix}${e.path}`}>{fieldMessage(p, e)}</a>
          </li>
        ))}
      </ul>
    </div>
  ) : null;

/** A labelled input with its hint and error, tied together for screen readers. */
export const Field: FC<{
  p: PageContext;
  name: string;
  label: string;
  type?: string;
  value?: string;
  hint?: string;
  errors?: FieldError[];
  autocomplete?: string;
  required?: boolean;
  inputmode?: 'numeric' | 'email' | 'text';
  /** Keeps ids unique when several forms on a page have a field of the same name. */
  prefix?: string;
}> = ({ p, name, label, type = 'text', value, hint, errors = [], autocomplete, required, inputmode, prefix = '' }) => {
  const error = errors.find((e) => e.path === name);
  const id = `${prefix}${name}`;
  const described = [hint ? `h-${id}` : '', error ? `e-${id}` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label for={`f-${id}`}>{label}</label>
      {hint ? (
        <p class="hint" id={`h-${id}`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`e-${id}`}>
          {fieldMessage(p, error)}
        </p>
      ) : null}
      <input
        id={`f-${id}`}
        name={name}
        type={type}
        value={type === 'password' ? undefined : value}
        autocomplete={autocomplete}
        required={required}
        inputmode={inputmode}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described}
      />
    </div>
  );
};

export const Notice: FC<{ children?: Child }> = ({ children }) => (
  <div class="notice" role="status">
    {children}
  </div>
);

export const LanguageSelect: FC<{ p: PageContext; name: string; label: string; value: string; id?: string }> = ({ p, name, label, value, id = name }) => (
  <div>
    <label for={`f-${id}`}>{label}</label>
    <select id={`f-${id}`} name={name}>
      {LANGUAGES.map((l) => (
        <option value={l} selected={l === value} lang={l}>
          {LANGUAGE_NAMES[l]}
        </option>
      ))}
    </select>
  </div>
);
