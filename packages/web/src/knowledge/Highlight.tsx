import { Fragment } from 'react';
import { highlightTerms } from '@xiang/shared/knowledge-search';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Text with the searched words marked; React escapes it, so an article's text is never read as HTML. */
export function Highlight({ text, query }: { text: string; query?: string }) {
  const terms = query ? highlightTerms(query) : [];
  if (!terms.length) return <>{text}</>;
  const pattern = new RegExp(`(${terms.map(escape).join('|')})`, 'giu');
  return <>{text.split(pattern).map((piece, i) => (i % 2 ? <mark key={i}>{piece}</mark> : <Fragment key={i}>{piece}</Fragment>))}</>;
}
