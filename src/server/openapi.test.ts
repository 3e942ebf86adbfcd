import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './openapi.ts';

describe('the operator API document', () => {
  it('describes every operator path from the schemas that check the requests', () => {
    const document = buildOpenApiDocument() as {
      openapi: string;
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/status',
        '/api/exceptions',
        '/api/exceptions/{id}/retry',
        '/api/exceptions/{id}/resolve',
        '/api/records/{term}',
      ]),
    );
    const listParameters = document.paths['/api/exceptions']!.get!.parameters!.map((parameter) => parameter.name);
    expect(listParameters).toEqual(expect.arrayContaining(['connection', 'status', 'owner', 'flow', 'attention', 'limit']));
    expect(document.paths['/api/status']!.get!.parameters!.map((parameter) => parameter.name)).toEqual(['connection']);
  });
});
