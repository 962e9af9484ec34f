import type { FC } from 'hono/jsx';
import type { SuggestedTags } from '../../domain/matching/suggest.ts';
import type { FieldError } from '../../lib/errors.ts';
import type { RecordType } from '../../lib/ids.ts';
import { getVocabulary } from '../../vocab/catalog.ts';
import { areaLabel, labelOf } from './format.ts';
import { CsrfInput, fieldMessage, Layout, Notice, type PageContext } from './layout.tsx';
import { type FieldSpec, fieldOfError, FORMS, type FormValues, languageRows } from './record-form.ts';
import { RecordBody } from './record-page.tsx';
import { REGISTRIES } from '../../domain/records/registry.ts';

const AREA_VOCABULARIES = [['regions', 'form.areaRegions'], ['cbd-regional-groups', 'form.areaCbdGroups'], ['country-groups', 'form.areaCountryGroups']] as const;

export interface RecordFormData {
  type: RecordType;
  /** Absent for a new record. */
  id?: string;
  version?: number;
  /** The stored status (editing) — decides which buttons are offered. */
  status?: string;
  /** The stored title, for the heading of an edit page. */
  title?: string;
  values: FormValues;
  errors: FieldError[];
  /** A problem that is not about one field (a refusal, a conflict), in the reader's language. */
  message?: string;
  notice?: string;
  /** The validated document, shown as it will look (nothing saved). */
  preview?: Record<string, unknown>;
  suggestions?: SuggestedTags;
  /** Provider profiles the person may name (their own), with names. */
  providers: Array<{ id: string; name: string }>;
}

type Options = Array<{ value: string; label: string }>;

/** The choices of a vocabulary in the reader's language: GBF targets in their own order, the rest alphabetically. */
function choices(p: PageContext, vocabulary: string): Options {
  const concepts = getVocabulary(vocabulary)?.concepts ?? [];
  const options = concepts.map((c) => ({ value: c.id, label: labelOf(p, vocabulary, c.id) }));
  if (vocabulary === 'gbf-targets' || vocabulary === 'language-levels' || vocabulary === 'fpic-statuses') return options;
  const collator = new Intl.Collator(p.lang);
  return options.sort((a, b) => collator.compare(a.label, b.label));
}

const idOf = (name: string) => `f-${name}`;

const FieldShell: FC<{ p: PageContext; field: FieldSpec; errors: FieldError[]; children?: unknown; group?: boolean }> = ({ p, field, errors, children, group }) => {
  const id = idOf(field.name);
  const hint = field.hint ? <p class="hint" id={`h-${field.name}`}>{p.t(field.hint)}</p> : null;
  const error = errors.length ? (
    <p class="field-error" id={`e-${field.name}`}>
      {errors.map((e) => fieldMessage(p, e)).join(' ')}
    </p>
  ) : null;
  const label = (
    <>
      {p.t(field.label)}
      {field.required ? <span class="required"> {p.t('form.required')}</span> : null}
    </>
  );
  return group ? (
    <fieldset class={`field${errors.length ? ' invalid' : ''}`} id={id} aria-describedby={describedBy(field, errors)}>
      <legend>{label}</legend>
      {hint}
      {error}
      {children}
    </fieldset>
  ) : (
    <div class={`field${errors.length ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint}
      {error}
      {children}
    </div>
  );
};

function describedBy(field: FieldSpec, errors: FieldError[]): string | undefined {
  return [field.hint ? `h-${field.name}` : '', errors.length ? `e-${field.name}` : ''].filter(Boolean).join(' ') || undefined;
}

const Select: FC<{ p: PageContext; field: FieldSpec; errors: FieldError[]; options: Options; selected: string[]; multiple?: boolean; groups?: Array<{ label: string; options: Options }>; lang?: boolean }> = ({
  p, field, errors, options, selected, multiple, groups,
}) => (
  <select
    id={idOf(field.name)}
    name={field.name}
    multiple={multiple}
    size={multiple ? 8 : undefined}
    aria-invalid={errors.length ? 'true' : undefined}
    aria-required={field.required ? 'true' : undefined}
    aria-describedby={describedBy(field, errors)}
  >
    {multiple ? null : <option value="">{p.t('form.choose')}</option>}
    {options.map((o) => (
      <option value={o.value} selected={selected.includes(o.value)}>
        {o.label}
      </option>
    ))}
    {(groups ?? []).map((g) => (
      <optgroup label={g.label}>
        {g.options.map((o) => (
          <option value={o.value} selected={selected.includes(o.value)}>
            {o.label}
          </option>
        ))}
      </optgroup>
    ))}
  </select>
);

const INPUT_TYPES: Partial<Record<FieldSpec['kind'], string>> = { text: 'text', email: 'email', tel: 'tel', url: 'url', date: 'date', number: 'text' };

/** One field of the form, its label, hint and error next to it. */
const FormField: FC<{ p: PageContext; field: FieldSpec; values: FormValues; errors: FieldError[]; providers: RecordFormData['providers'] }> = ({ p, field, values, errors, providers }) => {
  const value = values[field.name] ?? [];
  const common = {
    id: idOf(field.name),
    name: field.name,
    'aria-invalid': errors.length ? 'true' : undefined,
    'aria-required': field.required ? 'true' : undefined,
    'aria-describedby': describedBy(field, errors),
  };
  switch (field.kind) {
    case 'textarea':
    case 'lines':
      return (
        <FieldShell p={p} field={field} errors={errors}>
          <textarea {...common} rows={field.kind === 'lines' ? 4 : field.name === 'description' ? 8 : 3} dir="auto">
            {value.join('\n')}
          </textarea>
        </FieldShell>
      );
    case 'select':
      return (
        <FieldShell p={p} field={field} errors={errors}>
          <Select p={p} field={field} errors={errors} options={choices(p, field.vocabulary!)} selected={value} />
        </FieldShell>
      );
    case 'currency':
      return (
        <FieldShell p={p} field={field} errors={errors}>
          <Select p={p} field={field} errors={errors} options={choices(p, 'currencies').map((o) => ({ value: o.value, label: `${o.value} — ${o.label}` })).sort((a, b) => a.value.localeCompare(b.value))} selected={value} />
        </FieldShell>
      );
    case 'multiselect': {
      const areas = field.vocabulary === 'areas';
      return (
        <FieldShell p={p} field={field} errors={errors}>
          <Select
            p={p}
            field={field}
            errors={errors}
            multiple
            options={areas ? [] : choices(p, field.vocabulary!)}
            groups={areas ? AREA_VOCABULARIES.map(([v, label]) => ({ label: p.t(label), options: (getVocabulary(v)?.concepts ?? []).map((c) => ({ value: c.id, label: areaLabel(p, c.id) })) })) : undefined}
            selected={value}
          />
        </FieldShell>
      );
    }
    case 'provider':
      // The profiles the person belongs to (and the one already named); without any, the identifier typed in.
      if (providers.length === 0) {
        // Nobody to choose from: an optional reference is kept as it is, a required one is typed in.
        if (!field.required) return <input type="hidden" name={field.name} value={value[0] ?? ''} />;
        return (
          <FieldShell p={p} field={field} errors={errors}>
            <input {...common} type="text" value={value[0] ?? ''} placeholder="prov-…" dir="ltr" />
          </FieldShell>
        );
      }
      return (
        <FieldShell p={p} field={field} errors={errors}>
          <Select p={p} field={field} errors={errors} options={providers.map((x) => ({ value: x.id, label: x.name }))} selected={value} />
        </FieldShell>
      );
    case 'checkboxes':
      return (
        <FieldShell p={p} field={field} errors={errors} group>
          <ul class={`choices${(getVocabulary(field.vocabulary!)?.concepts.length ?? 0) > 15 ? ' columns' : ''}`}>
            {choices(p, field.vocabulary!).map((o, i) => (
              <li>
                <input type="checkbox" id={`${idOf(field.name)}-${i}`} name={field.name} value={o.value} checked={value.includes(o.value)} />
                <label class="checkbox-label" for={`${idOf(field.name)}-${i}`}>
                  {o.label}
                </label>
              </li>
            ))}
          </ul>
        </FieldShell>
      );
    case 'yesno':
      return (
        <FieldShell p={p} field={field} errors={errors} group>
          <ul class="choices inline">
            {(['yes', 'no'] as const).map((v) => (
              <li>
                <input type="radio" id={`${idOf(field.name)}-${v}`} name={field.name} value={v} checked={value[0] === v} />
                <label class="checkbox-label" for={`${idOf(field.name)}-${v}`}>
                  {p.t(`form.${v}`)}
                </label>
              </li>
            ))}
          </ul>
        </FieldShell>
      );
    case 'languageRows': {
      const rows = languageRows(values).filter((r) => r.code);
      const shown = [...rows, ...Array.from({ length: Math.max(2, 4 - rows.length) }, () => ({ code: '', level: '' }))];
      const languages = choices(p, 'languages');
      const levels = choices(p, 'language-levels');
      return (
        <FieldShell p={p} field={field} errors={errors} group>
          <table class="rows">
            <thead>
              <tr>
                <th scope="col">{p.t('form.languageName')}</th>
                <th scope="col">{p.t('form.languageLevel')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r, i) => (
                <tr>
                  <td>
                    <select name="languages.code" id={i === 0 ? idOf(field.name) : undefined} aria-label={`${p.t('form.languageName')} ${i + 1}`}>
                      <option value="">{p.t('form.choose')}</option>
                      {languages.map((o) => (
                        <option value={o.value} selected={o.value === r.code}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select name="languages.level" aria-label={`${p.t('form.languageLevel')} ${i + 1}`}>
                      <option value="">{p.t('form.choose')}</option>
                      {levels.map((o) => (
                        <option value={o.value} selected={o.value === r.level}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </FieldShell>
      );
    }
    default:
      return (
        <FieldShell p={p} field={field} errors={errors}>
          <input
            {...common}
            type={INPUT_TYPES[field.kind] ?? 'text'}
            value={value[0] ?? ''}
            dir={field.kind === 'text' ? 'auto' : undefined}
            inputmode={field.kind === 'number' ? 'decimal' : undefined}
            autocomplete={field.kind === 'email' ? 'email' : field.kind === 'tel' ? 'tel' : undefined}
          />
        </FieldShell>
      );
  }
};

/** Tags found in the text, each adopted with one button; the page comes back at this box. */
const Suggestions: FC<{ p: PageContext; d: RecordFormData; action: string }> = ({ p, d, action }) => {
  const s = d.suggestions;
  const offered = [...(s?.targets ?? []).map((x) => ({ id: x.id, vocabulary: 'gbf-targets' })), ...(s?.subjects ?? []).map((x) => ({ id: x.id, vocabulary: 'cbd-subjects' }))];
  return (
    <div class="suggested" id="suggested">
      <h3>{p.t('form.suggestedTitle')}</h3>
      {s === undefined ? (
        <p class="hint">{p.t('form.suggestedHelp')}</p>
      ) : offered.length === 0 ? (
        <p class="hint">{p.t('form.suggestedNone')}</p>
      ) : (
        <>
          <p class="hint">{p.t('form.suggestedIntro')}</p>
          <ul class="suggestions">
            {offered.map((o) => (
              <li>
                <button type="submit" class="secondary small" name="adopt" value={o.id} formaction={`${action}#suggested`}>
                  <span aria-hidden="true">+ </span>
                  {p.t('form.adopt', { label: labelOf(p, o.vocabulary, o.id) })}
                </button>
              </li>
            ))}
          </ul>
          {offered.length > 1 ? (
            <button type="submit" class="secondary small" name="adopt" value="all" formaction={`${action}#suggested`}>
              {p.t('form.adoptAll')}
            </button>
          ) : null}
        </>
      )}
      <button type="submit" class="secondary small" name="action" value="suggest" formaction={`${action}#suggested`}>
        {p.t('form.suggest')}
      </button>
    </div>
  );
};

/** The buttons: preview, and saving in the states the person may choose. */
function saveButtons(type: RecordType, status: string | undefined): Array<{ action: string; label: string; primary?: boolean }> {
  const isNew = status === undefined;
  if (type === 'need') {
    if (isNew || status === 'draft') return [{ action: 'draft', label: 'form.saveDraft' }, { action: 'submit', label: 'form.submitForReview', primary: true }];
    // Returned for revision: keep working on it, or send it back to the centre.
    if (status === 'returned') return [{ action: 'save', label: 'form.saveChanges' }, { action: 'submit', label: 'form.submitForReview', primary: true }];
    return [{ action: 'save', label: 'form.saveChanges', primary: true }];
  }
  if (isNew || status === 'draft') return [{ action: 'draft', label: 'form.saveDraft' }, { action: 'publish', label: 'form.publish', primary: true }];
  return [{ action: 'save', label: 'form.saveChanges', primary: true }];
}

/** The form that creates or edits a need, a provider profile or an opportunity; works without JavaScript. */
export const RecordFormPage: FC<{ p: PageContext; d: RecordFormData }> = ({ p, d }) => {
  const plural = REGISTRIES[d.type].plural;
  const action = d.id ? `/${plural}/${d.id}/edit` : `/${plural}/new`;
  const heading = d.id ? p.t('form.editTitle', { title: d.title ?? d.id }) : p.t(`form.new_${d.type}`);
  const byField = new Map<string, FieldError[]>();
  for (const e of d.errors) {
    const field = fieldOfError(d.type, e.path);
    if (field) byField.set(field.name, [...(byField.get(field.name) ?? []), e]);
  }
  const spec = FORMS[d.type];
  return (
    <Layout p={p} title={heading}>
      <p class="breadcrumb">
        <a href={`/${plural}`}>{p.t(`types.${plural}`)}</a>
        {d.id ? (
          <>
            {' › '}
            <a href={`/${plural}/${d.id}`}>{d.title ?? d.id}</a>
          </>
        ) : null}
      </p>
      <h1>{heading}</h1>
      <p>{p.t(`form.intro_${d.type}`)}</p>
      {d.notice ? <Notice>{d.notice}</Notice> : null}
      {d.errors.length || d.message ? (
        <div class="error-summary" role="alert" tabindex={-1} id="problems">
          <h2>{p.t('errors.summary')}</h2>
          <ul>
            {d.message ? <li>{d.message}</li> : null}
            {d.errors.map((e) => {
              const field = fieldOfError(d.type, e.path);
              return <li>{field ? <a href={`#${idOf(field.name)}`}>{`${p.t(field.label)}: ${fieldMessage(p, e)}`}</a> : `${e.path}: ${fieldMessage(p, e)}`}</li>;
            })}
          </ul>
        </div>
      ) : null}
      {d.preview ? (
        <section class="preview" aria-labelledby="preview">
          <h2 id="preview">{p.t('form.previewTitle')}</h2>
          <p class="hint">{p.t('form.previewHint')}</p>
          <div class="preview-body">
            <h3 lang={String(d.preview.language ?? '')} dir="auto">{String(d.preview.title ?? d.preview.name ?? '')}</h3>
            <RecordBody p={p} type={d.type} r={d.preview as Record<string, any>} providerName={d.providers.find((x) => x.id === d.preview?.providerId)?.name} idPrefix="preview-" />
          </div>
        </section>
      ) : null}
      <form method="post" action={action} novalidate class="record-form">
        <CsrfInput p={p} />
        {d.version !== undefined ? <input type="hidden" name="version" value={String(d.version)} /> : null}
        {/* Enter in a field previews: the first submit button in a form is the one Enter presses. */}
        <button type="submit" name="action" value="preview" class="default-action" tabindex={-1} aria-hidden="true">
          {p.t('form.preview')}
        </button>
        <p class="hint">{p.t('form.requiredHint')}</p>
        {spec.sections.map((section) => (
          <fieldset class="section" id={`s-${section.id}`}>
            <legend>{p.t(section.legend)}</legend>
            {section.id === 'tags' ? <Suggestions p={p} d={d} action={action} /> : null}
            {section.fields.map((field) => (
              <FormField p={p} field={field} values={d.values} errors={byField.get(field.name) ?? []} providers={d.providers} />
            ))}
          </fieldset>
        ))}
        <div class="form-actions">
          <button type="submit" name="action" value="preview" class="secondary">
            {p.t('form.preview')}
          </button>
          {saveButtons(d.type, d.status).map((b) => (
            <button type="submit" name="action" value={b.action} class={b.primary ? undefined : 'secondary'}>
              {p.t(b.label)}
            </button>
          ))}
        </div>
      </form>
      {d.id ? (
        <p>
          <a href={`/${plural}/${d.id}`}>{p.t('form.cancel')}</a>
        </p>
      ) : null}
    </Layout>
  );
};

/** Why the person cannot use a form (not allowed), with what to do instead. */
export const FormRefusedPage: FC<{ p: PageContext; type: RecordType; message: string }> = ({ p, type, message }) => (
  <Layout p={p} title={p.t(`form.new_${type}`)}>
    <h1>{p.t(`form.new_${type}`)}</h1>
    <div class="error-summary" role="alert">
      <p>{message}</p>
    </div>
    <ul>
      {type !== 'provider' ? (
        <li>
          <a href="/providers/new">{p.t('form.createProfileFirst')}</a>
        </li>
      ) : null}
      <li>
        <a href="/account">{p.t('site.account')}</a>
      </li>
    </ul>
  </Layout>
);
