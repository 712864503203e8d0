/**
 * Course texts as HTML: exercise prompts are Markdown (rendered with marked), feedback is plain
 * text with `code` spans. Everything is sanitised with DOMPurify before it reaches {@html}.
 */
import DOMPurify from 'dompurify';
import { Marked, type Token } from 'marked';

const marked = new Marked({ gfm: true });

export interface MarkdownOptions {
  /** Added to every heading's level (a prompt sits under the page's own headings). */
  headingOffset?: number;
  /** Leaves out a level-1 heading that opens the text (the page shows the title already). */
  dropTitle?: boolean;
}

/** Markdown to sanitised HTML. */
export function renderMarkdown(source: string, options: MarkdownOptions = {}): string {
  let tokens: Token[] = marked.lexer(source);
  if (options.dropTitle) {
    const first = tokens.findIndex((token) => token.type !== 'space');
    const token = tokens[first];
    if (token?.type === 'heading' && token.depth === 1) tokens = tokens.filter((_, i) => i !== first);
  }
  const offset = options.headingOffset ?? 0;
  if (offset !== 0) {
    for (const token of tokens)
      if (token.type === 'heading') token.depth = Math.min(6, Math.max(1, (token.depth as number) + offset));
  }
  const html = marked.parser(tokens);
  return DOMPurify.sanitize(html);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Plain text (the grader's feedback) as HTML: escaped, with `code` spans as <code>; line
 * breaks are kept by the caller's CSS (white-space: pre-line). */
export function renderFeedback(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
  return DOMPurify.sanitize(escaped.replace(/`([^`\n]+)`/g, '<code>$1</code>'));
}
