import type { FC } from 'hono/jsx';
import type { RecordType } from '../../lib/ids.ts';
import { Layout, type PageContext } from './layout.tsx';

/** A field's value as readable text: lists joined, objects as "key: value" lines. */
function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.map(show).join('\n') : '—';
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `${k}: ${show(v)}`)
      .join('\n');
  }
  return String(value);
}

const HIDDEN = new Set(['suggestedTags']);

/**
 * One record's fields as stored, every value rendered as text (escaped by JSX; never markup). The
 * portal's full record pages replace this view; it already shows what a record says and that text
 * typed by anyone stays text.
 */
export const RecordPage: FC<{ p: PageContext; type: RecordType; record: Record<string, unknown> }> = ({ p, type, record }) => {
  const plural = type === 'opportunity' ? 'opportunities' : `${type}s`;
  const title = String(record.title ?? record.name ?? record.id);
  return (
    <Layout p={p} title={title}>
      <h1 lang={typeof record.language === 'string' ? record.language : undefined}>{title}</h1>
      <dl class="fields">
        {Object.entries(record)
          .filter(([k]) => !HIDDEN.has(k) && k !== 'title' && k !== 'name')
          .map(([k, v]) => (
            <>
              <dt>{k}</dt>
              <dd>{show(v)}</dd>
            </>
          ))}
      </dl>
      <p>
        <a href={`/api/v1/${plural}/${encodeURIComponent(String(record.id))}`}>JSON</a>
      </p>
    </Layout>
  );
};
