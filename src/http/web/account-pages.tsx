import type { FC } from 'hono/jsx';
import type { FieldError } from '../../lib/errors.ts';
import type { AccountView, SessionView } from '../../services/accounts/accounts.ts';
import type { TokenInfo } from '../../services/tokens/tokens.ts';
import { CsrfInput, ErrorSummary, Field, LanguageSelect, Layout, Notice, type PageContext } from './layout.tsx';
import { labelOf } from './format.ts';

export interface FormState {
  values?: Record<string, string>;
  errors?: FieldError[];
  /** A message that belongs to no single field (wrong password, locked account, …), already translated. */
  message?: string;
  /** A success message, already translated. */
  notice?: string;
}

export const SignUpPage: FC<{ p: PageContext; s: FormState; done?: boolean }> = ({ p, s, done }) => (
  <Layout p={p} title={p.t('signup.title')}>
    <h1>{p.t('signup.title')}</h1>
    {done ? (
      <Notice>{p.t('signup.sent')}</Notice>
    ) : (
      <>
        <p>{p.t('signup.intro')}</p>
        <ErrorSummary p={p} errors={s.errors ?? []} message={s.message} />
        <form method="post" action="/account/signup" novalidate>
          <CsrfInput p={p} />
          <Field p={p} name="name" label={p.t('signup.name')} value={s.values?.name} errors={s.errors} autocomplete="name" required />
          <Field p={p} name="email" type="email" label={p.t('signup.email')} value={s.values?.email} errors={s.errors} autocomplete="email" required />
          <Field p={p} name="password" type="password" label={p.t('signup.password')} hint={p.t('signup.passwordHint')} errors={s.errors} autocomplete="new-password" required />
          <LanguageSelect p={p} name="language" label={p.t('signup.language')} value={s.values?.language ?? p.lang} />
          <button type="submit">{p.t('signup.submit')}</button>
        </form>
        <p>
          {p.t('signup.haveAccount')} <a href="/account/signin">{p.t('site.signIn')}</a>
        </p>
      </>
    )}
  </Layout>
);

export const SignInPage: FC<{ p: PageContext; s: FormState; askCode?: boolean }> = ({ p, s, askCode }) => (
  <Layout p={p} title={p.t('signin.title')}>
    <h1>{p.t('signin.title')}</h1>
    {s.notice ? <Notice>{s.notice}</Notice> : null}
    <ErrorSummary p={p} errors={s.errors ?? []} message={s.message} />
    <form method="post" action="/account/signin" novalidate>
      <CsrfInput p={p} />
      {s.values?.next ? <input type="hidden" name="next" value={s.values.next} /> : null}
      <Field p={p} name="email" type="email" label={p.t('signin.email')} value={s.values?.email} errors={s.errors} autocomplete="username" required />
      <Field p={p} name="password" type="password" label={p.t('signin.password')} errors={s.errors} autocomplete="current-password" required />
      <Field
        p={p}
        name="code"
        label={p.t('signin.code')}
        hint={askCode ? undefined : p.t('signin.codeHint')}
        errors={s.errors}
        autocomplete="one-time-code"
        inputmode="numeric"
        required={askCode}
      />
      <button type="submit">{p.t('signin.submit')}</button>
    </form>
    <p>
      <a href="/account/reset">{p.t('signin.forgot')}</a>
    </p>
    <p>
      {p.t('signin.noAccount')} <a href="/account/signup">{p.t('site.signUp')}</a>
    </p>
  </Layout>
);

/** A page with one message (link confirmed, link invalid, …). */
export const MessagePage: FC<{ p: PageContext; title: string; message: string; ok: boolean; link?: { href: string; text: string } }> = ({ p, title, message, ok, link }) => (
  <Layout p={p} title={title}>
    <h1>{title}</h1>
    {ok ? <Notice>{message}</Notice> : <ErrorSummary p={p} errors={[]} message={message} />}
    {link ? (
      <p>
        <a href={link.href}>{link.text}</a>
      </p>
    ) : null}
  </Layout>
);

export const ResetRequestPage: FC<{ p: PageContext; s: FormState; done?: boolean }> = ({ p, s, done }) => (
  <Layout p={p} title={p.t('reset.title')}>
    <h1>{p.t('reset.title')}</h1>
    {done ? (
      <Notice>{p.t('reset.sent')}</Notice>
    ) : (
      <>
        <p>{p.t('reset.intro')}</p>
        <ErrorSummary p={p} errors={s.errors ?? []} message={s.message} />
        <form method="post" action="/account/reset" novalidate>
          <CsrfInput p={p} />
          <Field p={p} name="email" type="email" label={p.t('reset.email')} value={s.values?.email} errors={s.errors} autocomplete="email" required />
          <button type="submit">{p.t('reset.submit')}</button>
        </form>
      </>
    )}
  </Layout>
);

/** Choosing a password from a mailed link: a reset, or an invitation. */
export const ChoosePasswordPage: FC<{ p: PageContext; s: FormState; token: string; kind: 'reset' | 'invitation' }> = ({ p, s, token, kind }) => (
  <Layout p={p} title={p.t(`${kind}.title`)}>
    <h1>{p.t(`${kind}.title`)}</h1>
    {kind === 'invitation' ? <p>{p.t('invitation.intro')}</p> : null}
    <ErrorSummary p={p} errors={s.errors ?? []} message={s.message} />
    <form method="post" action={kind === 'reset' ? '/account/reset/confirm' : '/account/invitation'} novalidate>
      <CsrfInput p={p} />
      <input type="hidden" name="token" value={token} />
      {kind === 'invitation' ? <Field p={p} name="name" label={p.t('invitation.name')} value={s.values?.name} errors={s.errors} autocomplete="name" /> : null}
      <Field
        p={p}
        name="password"
        type="password"
        label={p.t(kind === 'reset' ? 'reset.newPassword' : 'invitation.password')}
        hint={p.t('signup.passwordHint')}
        errors={s.errors}
        autocomplete="new-password"
        required
      />
      <button type="submit">{p.t(kind === 'reset' ? 'reset.save' : 'invitation.submit')}</button>
    </form>
  </Layout>
);

export const VerifyPage: FC<{ p: PageContext; token: string }> = ({ p, token }) => (
  <Layout p={p} title={p.t('verify.title')}>
    <h1>{p.t('verify.title')}</h1>
    <form method="post" action="/account/verify">
      <CsrfInput p={p} />
      <input type="hidden" name="token" value={token} />
      <button type="submit">{p.t('verify.submit')}</button>
    </form>
  </Layout>
);

export interface AccountPageData {
  account: AccountView;
  tokens: TokenInfo[];
  sessions: SessionView[];
  /** While setting up two-step sign-in: the new secret and its otpauth:// address. */
  totpSetup?: { secret: string; uri: string };
  /** A token just made: shown once. */
  newToken?: string;
  /** Which form the state belongs to. */
  form?: 'profile' | 'password' | 'email' | 'totp' | 'tokens' | 'sessions';
  /** Names of the provider profiles and centres the user's roles point to. */
  names: Record<string, string>;
}

const formatDate = (p: PageContext, iso: string | null) => (iso ? new Intl.DateTimeFormat(p.lang, { dateStyle: 'medium' }).format(new Date(iso)) : p.t('account.tokenNever'));

/** Shortcuts for each role: a focal point's country requests, a provider's profile, offers and fitting requests, a centre's requests. */
const YourWork: FC<{ p: PageContext; roles: Array<{ role: string; scope: string }>; names: Record<string, string> }> = ({ p, roles, names }) => {
  const links: Array<{ href: string; text: string }> = [];
  for (const r of roles) {
    if (r.role === 'focal_point') {
      links.push({ href: `/needs?country=${r.scope}`, text: p.t('account.countryNeeds', { country: labelOf(p, 'countries', r.scope) }) });
      links.push({ href: '/needs/new', text: p.t('form.new_need') });
    }
    if (r.role === 'provider_member' || r.role === 'expert') {
      const name = names[r.scope] ?? r.scope;
      links.push({ href: `/providers/${r.scope}`, text: p.t('account.organisation', { name }) });
      links.push({ href: `/opportunities?providerId=${r.scope}`, text: p.t('account.organisationOpportunities', { name }) });
      links.push({ href: `/providers/${r.scope}#matches`, text: p.t('account.fitUs', { name }) });
      links.push({ href: `/providers/${r.scope}/edit`, text: p.t('form.editTitle', { title: name }) });
      links.push({ href: `/opportunities/new?providerId=${r.scope}`, text: p.t('form.new_opportunity') });
    }
    if (r.role === 'centre_staff') links.push({ href: `/helpdesk/centres/${r.scope}`, text: p.t('account.centreQueue', { name: names[r.scope] ?? r.scope }) });
    if (r.role === 'gce' || r.role === 'admin') {
      links.push({ href: '/helpdesk/global', text: p.t('queue.global') });
      links.push({ href: '/needs?status=submitted&status=under_review', text: p.t('account.globalNeeds') });
      links.push({ href: '/centres', text: p.t('coverage.title') });
    }
  }
  links.push({ href: '/providers/new', text: p.t('form.new_provider') });
  const unique = links.filter((l, i) => links.findIndex((x) => x.href === l.href) === i);
  return unique.length ? (
    <section aria-labelledby="s-work">
      <h2 id="s-work">{p.t('account.yourWork')}</h2>
      <ul>
        {unique.map((l) => (
          <li>
            <a href={l.href}>{l.text}</a>
          </li>
        ))}
      </ul>
    </section>
  ) : null;
};

export const AccountPage: FC<{ p: PageContext; d: AccountPageData; s: FormState }> = ({ p, d, s }) => {
  const a = d.account;
  const stateFor = (form: AccountPageData['form']) => (d.form === form ? s : {});
  const Section: FC<{ form: AccountPageData['form']; title: string; children?: unknown }> = ({ form, title, children }) => (
    <section aria-labelledby={`s-${form}`}>
      <h2 id={`s-${form}`}>{title}</h2>
      {stateFor(form).notice ? <Notice>{stateFor(form).notice}</Notice> : null}
      <ErrorSummary p={p} errors={stateFor(form).errors ?? []} message={stateFor(form).message} prefix={`${form}-`} />
      {children as never}
    </section>
  );
  return (
    <Layout p={p} title={p.t('account.title')}>
      <h1>{p.t('account.title')}</h1>
      <YourWork p={p} roles={a.roles} names={d.names} />
      <Section form="profile" title={p.t('account.details')}>
        <p>
          {p.t('account.email')}: <strong>{a.email}</strong>
        </p>
        <h3>{p.t('account.roles')}</h3>
        {a.roles.length ? (
          <ul>
            {a.roles.map((r) => (
              <li>
                {p.t(`roles.${r.role}`)}
                {r.scope ? ` — ${r.scope}` : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p>{p.t('account.noRoles')}</p>
        )}
        <form method="post" action="/account/profile" novalidate>
          <CsrfInput p={p} />
          <Field p={p} prefix="profile-" name="name" label={p.t('account.name')} value={stateFor('profile').values?.name ?? a.name} errors={stateFor('profile').errors} autocomplete="name" required />
          <LanguageSelect p={p} name="language" label={p.t('account.language')} value={a.language} id="profile-language" />
          <div>
            <label for="f-profile-notifications">{p.t('account.notifications')}</label>
            <select id="f-profile-notifications" name="notifications">
              {(['immediate', 'daily'] as const).map((m) => (
                <option value={m} selected={a.notifications === m}>
                  {p.t(`account.notify_${m}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{p.t('account.saveProfile')}</button>
        </form>
      </Section>
      <Section form="password" title={p.t('account.passwordTitle')}>
        <form method="post" action="/account/password" novalidate>
          <CsrfInput p={p} />
          <Field p={p} prefix="password-" name="currentPassword" type="password" label={p.t('account.currentPassword')} errors={stateFor('password').errors} autocomplete="current-password" required />
          <Field p={p} prefix="password-" name="newPassword" type="password" label={p.t('account.newPassword')} hint={p.t('signup.passwordHint')} errors={stateFor('password').errors} autocomplete="new-password" required />
          <button type="submit">{p.t('account.savePassword')}</button>
        </form>
      </Section>
      <Section form="email" title={p.t('account.emailTitle')}>
        <form method="post" action="/account/email" novalidate>
          <CsrfInput p={p} />
          <Field p={p} prefix="email-" name="newEmail" type="email" label={p.t('account.newEmail')} value={stateFor('email').values?.newEmail} errors={stateFor('email').errors} autocomplete="email" required />
          <Field p={p} prefix="email-" name="password" type="password" label={p.t('account.password')} errors={stateFor('email').errors} autocomplete="current-password" required />
          <button type="submit">{p.t('account.saveEmail')}</button>
        </form>
      </Section>
      <Section form="totp" title={p.t('account.twoStepTitle')}>
        {a.twoStep ? (
          <>
            <p>{p.t('account.twoStepOn')}</p>
            <form method="post" action="/account/totp/disable" novalidate>
              <CsrfInput p={p} />
              <Field p={p} prefix="totp-" name="password" type="password" label={p.t('account.password')} errors={stateFor('totp').errors} autocomplete="current-password" required />
              <Field p={p} prefix="totp-" name="code" label={p.t('account.code')} errors={stateFor('totp').errors} autocomplete="one-time-code" inputmode="numeric" required />
              <button type="submit" class="secondary">
                {p.t('account.twoStepDisable')}
              </button>
            </form>
          </>
        ) : d.totpSetup ? (
          <>
            <p>{p.t('account.twoStepSecret')}</p>
            <p>
              {p.t('account.twoStepSecretLabel')}: <code class="secret">{d.totpSetup.secret}</code>
            </p>
            <p>
              <a href={d.totpSetup.uri}>{p.t('account.twoStepLink')}</a>
            </p>
            <form method="post" action="/account/totp/enable" novalidate>
              <CsrfInput p={p} />
              <Field p={p} prefix="totp-" name="code" label={p.t('account.code')} errors={stateFor('totp').errors} autocomplete="one-time-code" inputmode="numeric" required />
              <button type="submit">{p.t('account.twoStepEnable')}</button>
            </form>
          </>
        ) : (
          <>
            <p>{p.t('account.twoStepOff')}</p>
            <form method="post" action="/account/totp/setup">
              <CsrfInput p={p} />
              <button type="submit">{p.t('account.twoStepStart')}</button>
            </form>
          </>
        )}
      </Section>
      <Section form="sessions" title={p.t('account.sessionsTitle')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{p.t('account.sessionBrowser')}</th>
              <th scope="col">{p.t('account.sessionAddress')}</th>
              <th scope="col">{p.t('account.sessionLastSeen')}</th>
            </tr>
          </thead>
          <tbody>
            {d.sessions.map((se) => (
              <tr>
                <td>
                  {se.userAgent ?? '—'}
                  {se.current ? ` (${p.t('account.sessionCurrent')})` : ''}
                </td>
                <td>{se.ip ?? '—'}</td>
                <td>{new Intl.DateTimeFormat(p.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(se.lastSeenAt))}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {d.sessions.length > 1 ? (
          <form method="post" action="/account/sessions/end-others">
            <CsrfInput p={p} />
            <button type="submit" class="secondary">
              {p.t('account.sessionsEnd')}
            </button>
          </form>
        ) : null}
      </Section>
      <Section form="tokens" title={p.t('account.tokensTitle')}>
        <p>{p.t('account.tokensIntro')}</p>
        {d.newToken ? <code class="secret">{d.newToken}</code> : null}
        {d.tokens.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{p.t('account.tokenName')}</th>
                <th scope="col">{p.t('account.tokenAccess')}</th>
                <th scope="col">{p.t('account.tokenExpires')}</th>
                <th scope="col">{p.t('account.tokenLastUsed')}</th>
                <td></td>
              </tr>
            </thead>
            <tbody>
              {d.tokens.map((tk) => (
                <tr>
                  <td>{tk.name}</td>
                  <td>{tk.readOnly ? p.t('account.tokenReadOnly') : p.t('account.tokenReadWrite')}</td>
                  <td>{formatDate(p, tk.expiresAt)}</td>
                  <td>{formatDate(p, tk.lastUsedAt)}</td>
                  <td>
                    <form method="post" action={`/account/tokens/${encodeURIComponent(tk.id)}/revoke`}>
                      <CsrfInput p={p} />
                      <button type="submit" class="secondary" aria-label={`${p.t('account.tokenRevoke')}: ${tk.name}`}>
                        {p.t('account.tokenRevoke')}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{p.t('account.noTokens')}</p>
        )}
        <form method="post" action="/account/tokens" novalidate>
          <CsrfInput p={p} />
          <Field p={p} prefix="tokens-" name="name" label={p.t('account.tokenName')} value={stateFor('tokens').values?.name} errors={stateFor('tokens').errors} required />
          <Field p={p} prefix="tokens-" name="expiresInDays" type="number" label={p.t('account.tokenDays')} value={stateFor('tokens').values?.expiresInDays ?? '90'} errors={stateFor('tokens').errors} inputmode="numeric" />
          <label class="checkbox" for="f-tokens-readOnly">
            <input type="checkbox" id="f-tokens-readOnly" name="readOnly" value="true" /> {p.t('account.tokenReadOnly')}
          </label>
          <button type="submit">{p.t('account.tokenCreate')}</button>
        </form>
      </Section>
    </Layout>
  );
};
