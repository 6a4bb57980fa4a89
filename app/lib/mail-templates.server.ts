import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Mustache from 'mustache';

/**
 * E-mail templates are data: templates/email/<name>/<locale>.subject.txt, .html, .txt,
 * Mustache placeholders only, wrapped in templates/email/_layout/<locale>.html/.txt.
 * HTML output is escaped by Mustache ({{value}}); {{{value}}} is for the layout only.
 * Subjects and plain-text bodies are rendered without HTML escaping.
 */
export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

const templatesDir = () => path.resolve(process.env.KOMPETEN_TEMPLATES_DIR ?? 'templates', 'email');
const cache = new Map<string, string>();

function read(file: string): string {
  const full = path.join(templatesDir(), file);
  const cached = cache.get(full);
  if (cached !== undefined) return cached;
  if (!existsSync(full)) throw new Error(`Missing e-mail template file: templates/email/${file}`);
  const content = readFileSync(full, 'utf8');
  if (process.env.NODE_ENV === 'production') cache.set(full, content);
  return content;
}

export function mailTemplateExists(name: string, locale: string): boolean {
  return existsSync(path.join(templatesDir(), name, `${locale}.subject.txt`));
}

/** The subject and the plain-text body are not HTML: "A & B" stays "A & B", not "A &amp; B". */
const plainText = { escape: (value: unknown) => String(value) };

export function renderMail(name: string, locale: 'id' | 'en', data: Record<string, unknown>): RenderedMail {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`Bad e-mail template name: ${name}`);
  const subject = Mustache.render(read(`${name}/${locale}.subject.txt`), data, {}, plainText).trim().replace(/\s+/g, ' ');
  const htmlBody = Mustache.render(read(`${name}/${locale}.html`), data);
  const textBody = Mustache.render(read(`${name}/${locale}.txt`), data, {}, plainText);
  const layoutData = { ...data, subject, body: htmlBody };
  return {
    subject,
    html: Mustache.render(read(`_layout/${locale}.html`), layoutData),
    text: Mustache.render(read(`_layout/${locale}.txt`), { ...layoutData, body: textBody.trim() }, {}, plainText),
  };
}
