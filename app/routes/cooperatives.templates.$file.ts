import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireActor } from '~/lib/auth.server';
import { importTemplate } from '~/domain/cooperatives/export.server';
import { fileResponse } from '~/lib/download.server';

const TEMPLATES: Record<string, { kind: 'registry' | 'roster'; format: 'csv' | 'xlsx' }> = {
  'registry.xlsx': { kind: 'registry', format: 'xlsx' },
  'registry.csv': { kind: 'registry', format: 'csv' },
  'roster.xlsx': { kind: 'roster', format: 'xlsx' },
  'roster.csv': { kind: 'roster', format: 'csv' },
};

/** Import templates, generated from the import's own column list so they never drift from it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireActor(request);
  const template = TEMPLATES[params.file ?? ''];
  if (!template) throw new Response('Not found', { status: 404 });
  return fileResponse(await importTemplate(template.kind, template.format));
}
