/** A minimal client of the local endpoint, as a notebook or a test calls it. */
export interface InvokeResult {
  status: number;
  contentType: string;
  body: string;
  modelVersion: string | null;
}

export async function invokeEndpoint(url: string, body: string, contentType: 'application/json' | 'text/csv' | string): Promise<InvokeResult> {
  const response = await fetch(`${url}/invocations`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text(), modelVersion: response.headers.get('x-model-version') };
}

export async function pingEndpoint(url: string): Promise<number> {
  return (await fetch(`${url}/ping`)).status;
}
